//! Rules on the RIPD documents (`ripd/<id>.ron`, DOMAIN.md §7), each with the SGD
//! RIPD template's section or the article behind it: the sections a report needs,
//! risks rated and treated, a high residual risk (the ANPD must be consulted), a
//! complete approval, the processes it covers, the triggers it answers, and its
//! age against the institution's RIPD period.

use chrono::Months;

use super::registry as r;
use super::{CheckContext, FieldPath, Finding, Location, ripd};
use crate::files::InventoryFile;
use crate::model::ripd::{Band, Signatory};
use crate::model::{Process, Ripd};

fn push(
    out: &mut Vec<Finding>,
    file: &str,
    rule: &r::Rule,
    path: Option<FieldPath>,
    message: String,
) {
    let location = Location {
        field: path.map(|p| p.render()),
        ..Location::file(file.to_owned())
    };
    out.push(Finding::new(rule, location, message));
}

/// Every finding about one report on its own, read from `file`.
pub fn check(ctx: &CheckContext, ripd: &Ripd, file: &InventoryFile) -> Vec<Finding> {
    let path = file.to_string();
    let mut out = Vec::new();
    if let Some(why) = crate::document::Document::misplaced(ripd, file) {
        push(
            &mut out,
            &path,
            &r::RIPD_FILE_NAME,
            Some(FieldPath::root("id")),
            why,
        );
    }
    let empty = |out: &mut Vec<Finding>, key: &'static str, what: &str| {
        push(
            out,
            &path,
            &r::RIPD_SECTION_EMPTY,
            Some(FieldPath::root(key)),
            format!("preencha {what}: o modelo de RIPD da SGD pede esta seção"),
        );
    };
    if ripd.processes.is_empty() {
        empty(&mut out, "processos", "os processos que o relatório cobre");
    }
    if ripd.need.is_empty() {
        empty(
            &mut out,
            "necessidade",
            "a seção 2 (por que o relatório é necessário)",
        );
    }
    let d = &ripd.description;
    for (key, part, name) in [
        ("natureza", &d.nature, "3.1 (natureza)"),
        ("escopo", &d.scope, "3.2 (escopo)"),
        ("contexto", &d.context, "3.3 (contexto)"),
        ("finalidade", &d.purpose, "3.4 (finalidade)"),
    ] {
        let blank = part.from_inventory.trim().is_empty()
            && part.addition.as_deref().is_none_or(|t| t.trim().is_empty());
        if blank {
            push(
                &mut out,
                &path,
                &r::RIPD_SECTION_EMPTY,
                Some(FieldPath::root("descricao_tratamento").key(key)),
                format!("preencha a seção {name} da descrição do tratamento"),
            );
        }
    }
    if ripd.necessity.is_empty() {
        empty(
            &mut out,
            "necessidade_proporcionalidade",
            "a seção 5 (necessidade e proporcionalidade, por finalidade)",
        );
    }
    for line in &ripd.necessity {
        if line
            .why_necessary
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
        {
            push(
                &mut out,
                &path,
                &r::RIPD_SECTION_EMPTY,
                Some(FieldPath::root("necessidade_proporcionalidade").item(&line.id)),
                format!(
                    "explique por que a finalidade \"{}\" precisa destes dados (seção 5; LGPD art. 6º, III)",
                    line.purpose
                ),
            );
        }
    }
    if ripd.risks.is_empty() {
        empty(&mut out, "riscos", "a seção 6 (os riscos e sua avaliação)");
    }
    for risk in &ripd.risks {
        let at = || FieldPath::root("riscos").item(risk.id.as_str());
        match risk.level() {
            None => push(
                &mut out,
                &path,
                &r::RIPD_RISK_UNRATED,
                Some(at()),
                format!(
                    "o risco {} não tem probabilidade e impacto (Baixo, Moderado ou Alto); o nível P×I é calculado a partir deles",
                    risk.id
                ),
            ),
            Some(level) if level.band >= Band::Moderate && risk.measures.is_empty() => push(
                &mut out,
                &path,
                &r::RIPD_RISK_NO_MEASURE,
                Some(at()),
                format!(
                    "o risco {} é {} (P×I = {}) e não tem medida para tratá-lo",
                    risk.id,
                    level.band.label(),
                    level.value
                ),
            ),
            Some(_) => {}
        }
        if risk.level().is_some()
            && let Some(residual) = risk.residual_level()
            && residual.band == Band::High
        {
            push(
                &mut out,
                &path,
                &r::RIPD_RESIDUAL_HIGH,
                Some(at()),
                format!(
                    "o risco residual de {} continua alto (P×I = {}): não inicie nem continue o tratamento sem consultar a ANPD; reduza o risco com novas medidas ou registre a consulta",
                    risk.id, residual.value
                ),
            );
        }
    }
    for rejected in &ripd.rejected {
        if rejected.reason.trim().is_empty() {
            push(
                &mut out,
                &path,
                &r::RIPD_SECTION_EMPTY,
                Some(FieldPath::root("sugestoes_rejeitadas").item(rejected.id.as_str())),
                format!(
                    "diga por que o risco sugerido {} foi rejeitado: quem revisa o relatório precisa do motivo",
                    rejected.id
                ),
            );
        }
    }
    check_approval(ripd, &path, &mut out);
    if let (Some(months), Some(approved)) = (
        ctx.institution.policy.ripd_review_months,
        ripd.approved_on(),
    ) && approved
        .checked_add_months(Months::new(months))
        .is_some_and(|due| due < ctx.today)
    {
        push(
            &mut out,
            &path,
            &r::RIPD_OUTDATED,
            Some(FieldPath::root("aprovacao").key("aprovado_em")),
            format!(
                "o RIPD foi aprovado em {}; a instituição revisa RIPDs a cada {months} meses",
                approved.format("%d/%m/%Y")
            ),
        );
    }
    out
}

/// An approval begun (any signatory, date or ata) must be whole: who prepared
/// it, the encarregado and the controller's authority, each with name and date,
/// and the ata.
fn check_approval(ripd: &Ripd, path: &str, out: &mut Vec<Finding>) {
    let a = &ripd.approval;
    let begun = a.prepared_by.is_some()
        || a.dpo.is_some()
        || a.controller_authority.is_some()
        || a.minutes.is_some()
        || a.approved_on.is_some();
    if !begun {
        return;
    }
    let mut missing = Vec::new();
    for (who, signatory) in [
        ("quem elaborou", &a.prepared_by),
        ("o encarregado", &a.dpo),
        ("a autoridade do controlador", &a.controller_authority),
    ] {
        if !signatory.as_ref().is_some_and(Signatory::is_complete) {
            missing.push(format!("{who} (nome e data)"));
        }
    }
    if a.minutes.as_deref().is_none_or(|m| m.trim().is_empty()) {
        missing.push("a ata do comitê".to_owned());
    }
    if a.approved_on.is_none() {
        missing.push("a data de aprovação".to_owned());
    }
    if !missing.is_empty() {
        push(
            out,
            path,
            &r::RIPD_APPROVAL_INCOMPLETE,
            Some(FieldPath::root("aprovacao")),
            format!("a aprovação está incompleta: falta {}", missing.join(", ")),
        );
    }
}

/// The reports that cover the process `id`.
pub fn covering<'a>(ripds: &'a [Ripd], id: &str) -> impl Iterator<Item = &'a Ripd> {
    ripds
        .iter()
        .filter(move |r| r.processes.iter().any(|p| p.as_str() == id))
}

/// The rules between reports and processes: a report that cites a process the
/// inventory does not have, a trigger of a covered process that the report's
/// section 2 does not answer, and a measure whose type (its link to the
/// processes' `medidas_seguranca`) no covered process records.
pub fn check_coverage(
    ctx: &CheckContext,
    processes: &[(&str, &Process)],
    ripds: &[(&str, &Ripd)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    // One lookup per covered process, not a scan of the inventory.
    let by_id: std::collections::HashMap<&str, &Process> =
        processes.iter().map(|(_, p)| (p.id.as_str(), *p)).collect();
    for (stem, report) in ripds {
        let path = InventoryFile::Ripd((*stem).to_owned()).to_string();
        let mut covered: Vec<&Process> = Vec::new();
        for id in &report.processes {
            let Some(process) = by_id.get(id.as_str()) else {
                push(
                    &mut out,
                    &path,
                    &r::RIPD_UNKNOWN_PROCESS,
                    Some(FieldPath::root("processos")),
                    format!("o RIPD cobre o processo \"{id}\", que não existe no inventário"),
                );
                continue;
            };
            covered.push(*process);
            for hit in ripd::assess(ctx, process).hits {
                let answered = report
                    .need
                    .iter()
                    .any(|n| n.trigger == hit.trigger && n.justification.is_some());
                if !answered {
                    push(
                        &mut out,
                        &path,
                        &r::RIPD_TRIGGER_NOT_ADDRESSED,
                        Some(FieldPath::root("necessidade")),
                        format!(
                            "o gatilho {} disparou no processo {id} ({}) e a seção 2 não diz como o relatório o trata",
                            hit.trigger, hit.reason
                        ),
                    );
                }
            }
        }
        check_measure_links(ctx, report, &covered, &path, &mut out);
    }
    out
}

/// A measure typed as a security measure (section 7) links to the covered
/// processes' `medidas_seguranca` of that type, whose controls carry it out; a
/// type none of them records is a measure the inventory does not show.
fn check_measure_links(
    ctx: &CheckContext,
    report: &Ripd,
    covered: &[&Process],
    path: &str,
    out: &mut Vec<Finding>,
) {
    if covered.is_empty() {
        return;
    }
    for risk in &report.risks {
        for measure in &risk.measures {
            let Some(kind) = &measure.kind else { continue };
            let recorded = covered
                .iter()
                .any(|p| p.security_measures.iter().any(|m| m.kind == *kind));
            if !recorded {
                push(
                    out,
                    path,
                    &r::RIPD_MEASURE_NOT_RECORDED,
                    Some(
                        FieldPath::root("riscos")
                            .item(risk.id.as_str())
                            .key("medidas")
                            .item(measure.id.as_str())
                            .key("tipo"),
                    ),
                    format!(
                        "a medida \"{}\" do risco {} é do tipo \"{}\", que nenhum processo coberto registra em medidas de segurança: registre-a no processo, com os controles, ou mude o tipo",
                        measure.id,
                        risk.id,
                        ctx.catalogs.measure_types.name_of(kind.as_str())
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::{ItemId, ProcessId, RiskId};
    use crate::model::ripd::{Degree, Measure, Need, Risk};
    use crate::rules::test_support::{catalogs, complete_process, date, institution, today};

    fn ctx_with<'a>(inst: &'a crate::model::Institution) -> CheckContext<'a> {
        CheckContext {
            catalogs: catalogs(),
            institution: inst,
            today: today(),
            ripds: &[],
        }
    }

    fn rules(report: &Ripd) -> Vec<&'static str> {
        let inst = institution();
        check(
            &ctx_with(&inst),
            report,
            &InventoryFile::Ripd(report.id.to_string()),
        )
        .iter()
        .map(|f| {
            let tree = crate::semantic::to_tree(report);
            if let Some(path) = &f.location.field {
                crate::keys::locate(crate::keys::RIPD, &tree, path).unwrap();
            }
            f.rule
        })
        .collect()
    }

    fn report() -> Ripd {
        let mut r = Ripd::new(
            ProcessId::parse("cftv").unwrap(),
            "Videomonitoramento",
            vec![ProcessId::parse("cftv").unwrap()],
            date(2026, 1, 10),
        );
        r.need = vec![Need {
            trigger: "art39-iii".into(),
            facts: vec![],
            justification: Some("tratado na seção 6".into()),
        }];
        for part in [
            &mut r.description.nature,
            &mut r.description.scope,
            &mut r.description.context,
            &mut r.description.purpose,
        ] {
            part.from_inventory = "texto".into();
        }
        r.necessity = vec![crate::model::ripd::Necessity {
            id: "cftv/seguranca".into(),
            purpose: "Segurança patrimonial".into(),
            legal_basis: None,
            why_necessary: Some("x".into()),
            minimization: None,
            quality: None,
            rights: None,
            transfers: None,
        }];
        r.risks = vec![Risk {
            id: RiskId::from("R01"),
            description: None,
            suggested_by: None,
            probability: Some(Degree::Low),
            impact: Some(Degree::Moderate),
            measures: vec![],
        }];
        r
    }

    #[test]
    fn a_complete_report_passes() {
        assert_eq!(rules(&report()), Vec::<&str>::new());
    }

    #[test]
    fn empty_sections_and_a_wrong_file_name_are_errors() {
        let mut r = report();
        r.risks.clear();
        r.need.clear();
        r.description.scope.from_inventory.clear();
        r.rejected.push(crate::model::ripd::Rejected {
            id: RiskId::from("R10"),
            suggested_by: "compartilha com entidade privada".into(),
            reason: " ".into(),
        });
        let fired = rules(&r);
        assert_eq!(
            fired.iter().filter(|id| **id == "ripd-secao-vazia").count(),
            4,
            "a rejected suggestion needs its reason too: {fired:?}"
        );
        let inst = institution();
        let found = check(
            &ctx_with(&inst),
            &report(),
            &InventoryFile::Ripd("outro".into()),
        );
        assert!(
            found
                .iter()
                .any(|f| f.rule == "ripd-arquivo-nome-diferente-do-id")
        );
    }

    #[test]
    fn risks_must_be_rated_and_treated_and_a_high_residual_risk_says_consult_the_anpd() {
        let mut r = report();
        r.risks[0].impact = None;
        assert!(rules(&r).contains(&"ripd-risco-sem-avaliacao"));
        r.risks[0].probability = Some(Degree::High);
        r.risks[0].impact = Some(Degree::High);
        let fired = rules(&r);
        assert!(fired.contains(&"ripd-risco-sem-medida"), "{fired:?}");
        assert!(fired.contains(&"ripd-risco-residual-alto"), "{fired:?}");
        r.risks[0].measures = vec![Measure {
            id: ItemId::parse("biometria").unwrap(),
            description: "Acesso às imagens só com perfil".into(),
            kind: None,
            effect: None,
            residual_probability: Some(Degree::Low),
            residual_impact: Some(Degree::High),
            approved: None,
        }];
        let fired = rules(&r);
        assert!(!fired.contains(&"ripd-risco-sem-medida"), "{fired:?}");
        assert!(!fired.contains(&"ripd-risco-residual-alto"), "{fired:?}");
        let inst = institution();
        let mut high = r.clone();
        high.risks[0].measures[0].residual_probability = Some(Degree::High);
        let message = check(&ctx_with(&inst), &high, &InventoryFile::Ripd("cftv".into()))
            .into_iter()
            .find(|f| f.rule == "ripd-risco-residual-alto")
            .unwrap()
            .message;
        assert!(message.contains("consultar a ANPD"), "{message}");
    }

    #[test]
    fn an_approval_begun_must_be_whole_and_ages_with_the_ripd_period() {
        let mut r = report();
        r.approval.minutes = Some("Ata 2/2026".into());
        let inst = institution();
        let found = check(&ctx_with(&inst), &r, &InventoryFile::Ripd("cftv".into()));
        let message = &found
            .iter()
            .find(|f| f.rule == "ripd-aprovacao-incompleta")
            .unwrap()
            .message;
        assert!(message.contains("o encarregado"), "{message}");
        let signed = || {
            Some(Signatory {
                name: "Fulana".into(),
                registration: None,
                place: None,
                date: Some(date(2025, 1, 5)),
            })
        };
        r.approval.prepared_by = signed();
        r.approval.dpo = signed();
        r.approval.controller_authority = signed();
        r.approval.approved_on = Some(date(2025, 1, 5));
        assert!(!rules(&r).contains(&"ripd-aprovacao-incompleta"));
        let mut inst = institution();
        inst.policy.ripd_review_months = Some(6);
        let found = check(&ctx_with(&inst), &r, &InventoryFile::Ripd("cftv".into()));
        assert!(found.iter().any(|f| f.rule == "ripd-desatualizado"));
    }

    #[test]
    fn a_report_must_cover_known_processes_and_answer_their_triggers() {
        let inst = institution();
        let ctx = ctx_with(&inst);
        let mut p = complete_process();
        p.children = Some(crate::model::Answer::Yes);
        let mut r = report();
        r.processes = vec![p.id.clone(), ProcessId::parse("fantasma").unwrap()];
        let found = check_coverage(&ctx, &[("matricula", &p)], &[("cftv", &r)]);
        let ids: Vec<&str> = found.iter().map(|f| f.rule).collect();
        assert!(ids.contains(&"ripd-processo-desconhecido"), "{ids:?}");
        assert!(ids.contains(&"ripd-gatilho-nao-tratado"), "{ids:?}");
        let trigger = found
            .iter()
            .find(|f| f.rule == "ripd-gatilho-nao-tratado")
            .unwrap();
        assert!(trigger.message.contains("matricula"), "{}", trigger.message);
    }

    #[test]
    fn a_typed_measure_must_be_one_the_covered_processes_record() {
        let inst = institution();
        let ctx = ctx_with(&inst);
        let p = complete_process();
        let mut r = report();
        r.processes = vec![p.id.clone()];
        r.risks[0].measures = vec![Measure {
            id: ItemId::parse("perfis").unwrap(),
            description: "Perfis de acesso".into(),
            kind: Some(p.security_measures[0].kind.clone()),
            effect: None,
            residual_probability: None,
            residual_impact: None,
            approved: None,
        }];
        let rules = |r: &Ripd| -> Vec<&'static str> {
            check_coverage(&ctx, &[("matricula", &p)], &[("r", r)])
                .iter()
                .map(|f| f.rule)
                .collect()
        };
        assert!(!rules(&r).contains(&"ripd-medida-nao-registrada"));
        r.risks[0].measures[0].kind =
            Some(crate::model::MeasureTypeId::from("continuidade-negocio"));
        assert!(rules(&r).contains(&"ripd-medida-nao-registrada"));
    }
}
