//! Rules on the committee's calendar and the RIPD: each process reviewed within
//! the institution's period (Guia SGD: at least yearly or on any change; UFDPar
//! art. 7 II), a RIPD recorded whenever a trigger fires (erro under the
//! institution's own rule, UFDPar art. 39 / MPRS art. 14; aviso under the ANPD's
//! criteria alone, Res. CD/ANPD 2/2022 art. 4 by analogy) and kept within the
//! institution's RIPD period (MPRS art. 14 §2 by analogy), and the facts only the
//! owner can declare.

use chrono::{Months, NaiveDate};

use super::registry as r;
use super::ripd::{self, TriggerHit};
use super::{CheckContext, FieldPath, Severity, Sink};
use crate::model::{Institution, Process, TriggerSet};

/// The date the next committee review of a process is due, if it was ever
/// reviewed.
pub fn next_review_due(institution: &Institution, process: &Process) -> Option<NaiveDate> {
    let review = process.last_review.as_ref()?;
    review
        .date
        .checked_add_months(Months::new(institution.policy.process_review_months))
}

/// Where a process stands in the committee's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReviewState {
    /// Never reviewed by the committee.
    Never,
    /// The review was due on this date, which has passed.
    Overdue(NaiveDate),
    /// Reviewed; the next review is due on this date.
    UpToDate(NaiveDate),
}

impl ReviewState {
    /// Whether the committee must review the process now.
    pub fn needs_review(self) -> bool {
        !matches!(self, ReviewState::UpToDate(_))
    }
}

/// The review state of a process on `today` (Guia SGD; UFDPar art. 7 II; the
/// period is the institution's).
pub fn review_state(institution: &Institution, process: &Process, today: NaiveDate) -> ReviewState {
    match next_review_due(institution, process) {
        None => ReviewState::Never,
        Some(due) if due < today => ReviewState::Overdue(due),
        Some(due) => ReviewState::UpToDate(due),
    }
}

/// The calendar line of a process: "VENCIDA desde … (última: …, Ata …)".
pub fn describe_state(state: ReviewState, process: &Process) -> String {
    let last = process.last_review.as_ref().map_or(String::new(), |r| {
        format!(" (última: {}, {})", r.date.format("%d/%m/%Y"), r.minutes)
    });
    match state {
        ReviewState::Never => "NUNCA REVISADO".to_owned(),
        ReviewState::Overdue(due) => format!("VENCIDA desde {}{last}", due.format("%d/%m/%Y")),
        ReviewState::UpToDate(due) => format!("em dia até {}{last}", due.format("%d/%m/%Y")),
    }
}

/// Every active process with its review state: never reviewed first, then
/// overdue, then up to date; by id within each.
pub fn calendar<'a>(
    institution: &Institution,
    processes: impl IntoIterator<Item = &'a Process>,
    today: NaiveDate,
) -> Vec<(&'a Process, ReviewState)> {
    let mut rows: Vec<(&Process, ReviewState)> = processes
        .into_iter()
        .filter(|p| p.archived.is_none())
        .map(|p| (p, review_state(institution, p, today)))
        .collect();
    rows.sort_by_key(|(p, state)| calendar_order(p.id.as_str(), *state));
    rows
}

/// The calendar's order: never reviewed first, then overdue, then up to
/// date; by id within each.
pub fn calendar_order(id: &str, state: ReviewState) -> (u8, &str) {
    let rank = match state {
        ReviewState::Never => 0,
        ReviewState::Overdue(_) => 1,
        ReviewState::UpToDate(_) => 2,
    };
    (rank, id)
}

fn describe(ctx: &CheckContext, hits: &[TriggerHit]) -> String {
    hits.iter()
        .map(|h| {
            let name = ctx.catalogs.ripd_triggers.name_of(h.trigger);
            let source = ctx
                .catalogs
                .ripd_triggers
                .get(h.trigger)
                .map_or("", |t| t.source.as_str());
            format!("{name} ({source}): {}", h.reason)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn check(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    let months = ctx.institution.policy.process_review_months;
    // Each process's review: the SGD guide asks for one at least yearly or on
    // any change; UFDPar art. 7 II has the committee follow the inventory. (Art.
    // 7 III, every two years, is the revision of the Política itself.)
    match (&p.last_review, review_state(ctx.institution, p, ctx.today)) {
        (None, _) => sink.push(
            &r::NEVER_REVIEWED,
            Some(FieldPath::root("ultima_revisao")),
            "o processo nunca foi revisado pelo comitê gestor".to_owned(),
        ),
        (Some(review), ReviewState::Overdue(due)) => sink.push(
            &r::REVIEW_OVERDUE,
            Some(FieldPath::root("ultima_revisao")),
            format!(
                "a última revisão foi em {} ({}); o período da instituição é de {months} meses, e a revisão venceu em {}",
                review.date.format("%d/%m/%Y"),
                review.minutes,
                due.format("%d/%m/%Y")
            ),
        ),
        _ => {}
    }

    let facts = &p.ripd_facts;
    let undeclared: Vec<&str> = [
        ("nova_tecnologia", facts.new_technology),
        ("rastreamento_ou_perfil", facts.tracking_or_profiling),
        ("decisoes_automatizadas", facts.automated_decisions),
        ("reforma_administrativa", facts.administrative_reform),
    ]
    .into_iter()
    .filter(|(_, answer)| answer.is_none())
    .map(|(key, _)| key)
    .collect();
    if !undeclared.is_empty() {
        let why = ripd::suggested_facts(ctx, p).map_or(String::new(), |s| format!("; {s}"));
        sink.push(
            &r::RIPD_FACTS_UNDECLARED,
            Some(FieldPath::root("fatos_ripd")),
            format!(
                "responda Sim ou Nao em fatos_ripd: {} (só o dono do processo sabe){why}",
                undeclared.join(", ")
            ),
        );
    }

    let assessment = ripd::assess(ctx, p);
    let documented = super::ripd_document::covering(ctx.ripds, p.id.as_str())
        .next()
        .is_some();
    match &p.ripd {
        None if assessment.required && !documented => {
            // The institution's own rule makes the report mandatory (erro); the
            // ANPD's criteria alone only say the ANPD may require it (LGPD art.
            // 38), applied by analogy (aviso).
            let own_rule = assessment.hits.iter().any(|h| {
                ctx.catalogs
                    .ripd_triggers
                    .get(h.trigger)
                    .is_some_and(|t| t.set == TriggerSet::UfdparArt39)
            });
            let (severity, why) = if own_rule {
                (
                    Severity::Error,
                    "a política da instituição exige o Relatório de Impacto (UFDPar art. 39)",
                )
            } else {
                (
                    Severity::Warning,
                    "pelos critérios da ANPD (Res. CD/ANPD 2/2022 art. 4º, por analogia) cabe um Relatório de Impacto; a LGPD (art. 38) permite à ANPD exigi-lo",
                )
            };
            sink.push_as(
                &r::RIPD_REQUIRED,
                severity,
                Some(FieldPath::root("ripd")),
                format!(
                    "{why}, e nenhum está registrado. Gatilhos: {}",
                    describe(ctx, &assessment.hits)
                ),
            );
        }
        Some(record) => {
            if let Some(months) = ctx.institution.policy.ripd_review_months
                && record
                    .date
                    .checked_add_months(Months::new(months))
                    .is_some_and(|due| due < ctx.today)
            {
                sink.push(
                    &r::RIPD_OUTDATED,
                    Some(FieldPath::root("ripd").key("data")),
                    format!(
                        "o RIPD {} é de {}; a instituição revisa RIPDs a cada {months} meses",
                        record.reference,
                        record.date.format("%d/%m/%Y")
                    ),
                );
            }
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{ReviewState, Severity, calendar, describe_state};
    use crate::model::*;
    use crate::rules::test_support::*;

    #[test]
    fn review_older_than_the_period_is_overdue() {
        let mut p = complete_process();
        assert_not_fires(&p, "revisao-vencida");
        if let Some(r) = p.last_review.as_mut() {
            r.date = date(2024, 5, 31); // 24 months before 2026-05-31 < today
        }
        assert_fires(&p, "revisao-vencida");
        let mut inst = institution();
        inst.policy.process_review_months = 36;
        assert!(!rules_fired_with(&inst, &p).contains(&"revisao-vencida"));
        p.last_review = None;
        assert_fires(&p, "nunca-revisado");
    }

    #[test]
    fn triggered_process_without_ripd_is_an_error_naming_the_fields() {
        let mut p = complete_process();
        p.fields.push(field("laudo", "dados-saude", "art11-ii-a"));
        let found = messages(&p, "ripd-necessario");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("UFDPar art. 39, III"), "{found:?}");
        assert!(found[0].contains("laudo"));
        p.ripd = Some(RipdRecord {
            reference: "ripd/saude.md".into(),
            date: date(2026, 1, 10),
        });
        assert_not_fires(&p, "ripd-necessario");
    }

    /// The institution's own rule (UFDPar art. 39) makes the report mandatory:
    /// erro. Where only the ANPD's criteria fire, the LGPD lets the ANPD require
    /// it (art. 38): aviso, saying so.
    #[test]
    fn ripd_necessario_is_an_error_under_the_institutions_rule_and_a_warning_under_the_anpd_criteria()
     {
        let mut p = complete_process();
        p.fields.push(field("laudo", "dados-saude", "art11-ii-a"));
        p.subject_count = Some(50_000);
        let severity = |inst: &Institution| {
            crate::rules::test_support::check(inst, &p, p.id.as_str())
                .into_iter()
                .find(|f| f.rule == "ripd-necessario")
                .map(|f| (f.severity, f.message))
        };
        let (own, _) = severity(&institution()).expect("fires under UFDPar art. 39");
        assert_eq!(own, Severity::Error);
        let mut anpd_only = institution();
        anpd_only.policy.ripd_triggers = vec![TriggerSet::AnpdRes2of2022];
        let (severity, message) = severity(&anpd_only).expect("fires under the ANPD criteria");
        assert_eq!(severity, Severity::Warning);
        assert!(
            message.contains("por analogia") && message.contains("art. 38"),
            "{message}"
        );
    }

    #[test]
    fn ripd_older_than_the_ripd_period_is_outdated() {
        let mut p = complete_process();
        p.ripd = Some(RipdRecord {
            reference: "RIPD 1/2025".into(),
            date: date(2025, 10, 1),
        });
        assert_not_fires(&p, "ripd-desatualizado");
        let mut inst = institution();
        inst.policy.ripd_review_months = Some(6);
        assert!(rules_fired_with(&inst, &p).contains(&"ripd-desatualizado"));
    }

    #[test]
    fn calendar_orders_never_then_overdue_then_up_to_date_and_skips_archived() {
        let inst = institution();
        let up_to_date = complete_process();
        let mut overdue = complete_process();
        overdue.id = ProcessId::parse("antigo").unwrap();
        if let Some(r) = overdue.last_review.as_mut() {
            r.date = date(2023, 1, 10);
        }
        let mut never = complete_process();
        never.id = ProcessId::parse("novo").unwrap();
        never.last_review = None;
        let mut archived = never.clone();
        archived.id = ProcessId::parse("velho").unwrap();
        archived.archived = Some(date(2025, 1, 1));
        let all = [up_to_date, overdue, never, archived];
        let rows = calendar(&inst, &all, today());
        let ids: Vec<&str> = rows.iter().map(|(p, _)| p.id.as_str()).collect();
        assert_eq!(ids, vec!["novo", "antigo", "matricula"]);
        assert_eq!(rows[1].1, ReviewState::Overdue(date(2024, 1, 10)));
        assert!(rows[1].1.needs_review() && !rows[2].1.needs_review());
        assert_eq!(
            describe_state(rows[1].1, rows[1].0),
            "VENCIDA desde 10/01/2024 (última: 10/01/2023, Ata 3/2026)"
        );
        assert_eq!(describe_state(rows[0].1, rows[0].0), "NUNCA REVISADO");
    }

    #[test]
    fn undeclared_facts_are_listed() {
        let mut p = complete_process();
        p.ripd_facts.automated_decisions = None;
        let found = messages(&p, "fatos-ripd-nao-declarados");
        assert!(found[0].contains("decisoes_automatizadas"));
        assert!(!found[0].contains("biometria"), "{}", found[0]);
    }

    #[test]
    fn biometrics_beside_cameras_asks_for_the_facts_it_suggests() {
        let mut p = complete_process();
        p.fields.push(field("digital", "biometria", "art11-ii-a"));
        p.fields.push(field("camera", "imagem-cftv", "art7-iii"));
        // Declared (even Não): the owner's answer stands.
        assert_not_fires(&p, "fatos-ripd-nao-declarados");
        p.ripd_facts.new_technology = None;
        let found = messages(&p, "fatos-ripd-nao-declarados");
        assert_eq!(found.len(), 1, "one finding: {found:?}");
        assert!(
            found[0].contains("biometria (digital) com imagens de câmera ou localização (camera)"),
            "{}",
            found[0]
        );
        assert!(found[0].contains("art. 39, I"), "{}", found[0]);
        // Biometrics alone suggests nothing.
        p.fields.pop();
        let found = messages(&p, "fatos-ripd-nao-declarados");
        assert!(!found[0].contains("reconhecimento facial"), "{}", found[0]);
    }
}
