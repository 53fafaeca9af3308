//! The RIPD assistant: what the inventory already knows is written into a report
//! (sections 1 agents, 2 need and 3 description, and a line of section 5 per
//! purpose), and the risks a reviewer would expect are suggested, each with the
//! fact behind it. Pure: processes and catalogs in, a report out.

use std::collections::BTreeMap;

use crate::model::ids::RiskId;
use crate::model::ripd::{Degree, Necessity, Need, Risk};
use crate::model::{Process, Ripd, Section};
use crate::rules::{CheckContext, ripd};

/// A risk the facts of the covered processes suggest, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub risk: RiskId,
    /// The facts behind it, in Portuguese.
    pub reason: String,
    /// The impact the facts already tell (sensitive or children's data: alto).
    pub impact: Option<Degree>,
}

fn names(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

/// The risks the covered processes suggest (DOMAIN.md §7), one per risk, with
/// every fact behind it.
pub fn suggest(ctx: &CheckContext, processes: &[&Process]) -> Vec<Suggestion> {
    let mut found: BTreeMap<&'static str, (Vec<String>, Option<Degree>)> = BTreeMap::new();
    let mut add = |risk: &'static str, reason: String, impact: Option<Degree>| {
        let entry = found.entry(risk).or_default();
        entry.0.push(reason);
        entry.1 = entry.1.max(impact);
    };
    let c = ctx.catalogs;
    for p in processes {
        let sensitive: Vec<String> = p
            .fields
            .iter()
            .filter(|f| c.is_sensitive_field(f))
            .map(|f| f.id.to_string())
            .collect();
        if !sensitive.is_empty() {
            add(
                "R01",
                format!(
                    "{}: dados sensíveis ({}; LGPD art. 5º, II)",
                    p.id,
                    names(sensitive)
                ),
                Some(Degree::High),
            );
        }
        let minors = p.minors();
        if !minors.is_empty() {
            add(
                "R01",
                format!(
                    "{}: dados de {} (LGPD art. 14)",
                    p.id,
                    crate::model::group_labels(&minors)
                ),
                Some(Degree::High),
            );
        }
        for sharing in p.sharing.items() {
            if sharing.kind == crate::model::RecipientKind::Private {
                add(
                    "R10",
                    format!(
                        "{}: compartilha com {}, entidade privada (LGPD art. 26 §1º)",
                        p.id, sharing.recipient
                    ),
                    None,
                );
            }
        }
        let no_purpose: Vec<String> = p
            .fields
            .iter()
            .filter(|f| f.purposes.is_empty() && p.purposes.len() != 1)
            .map(|f| f.id.to_string())
            .collect();
        if !no_purpose.is_empty() {
            add(
                "R06",
                format!(
                    "{}: campos sem finalidade ({}; LGPD art. 6º, III)",
                    p.id,
                    names(no_purpose)
                ),
                None,
            );
        }
        let no_retention: Vec<String> = p
            .fields
            .iter()
            .filter(|f| p.retention_of(f).is_none())
            .map(|f| f.id.to_string())
            .collect();
        if !no_retention.is_empty() {
            add(
                "R11",
                format!(
                    "{}: campos sem prazo de retenção ({}; LGPD art. 15 e 16)",
                    p.id,
                    names(no_retention)
                ),
                None,
            );
        }
        let research = p
            .named_bases()
            .any(|b| matches!(b.as_str(), "art7-iv" | "art11-ii-c"));
        if research {
            add(
                "R14",
                format!(
                    "{}: dados tratados para pesquisa, que a LGPD manda pseudonimizar sempre que possível (art. 13)",
                    p.id
                ),
                None,
            );
        }
        if crate::model::Answer::is_yes(p.ripd_facts.automated_decisions) {
            add(
                "R13",
                format!(
                    "{}: decisões automatizadas declaradas pelo dono (LGPD art. 20)",
                    p.id
                ),
                None,
            );
        }
        if crate::model::Answer::is_yes(p.ripd_facts.tracking_or_profiling) {
            add(
                "R12",
                format!(
                    "{}: rastreamento ou perfil declarado pelo dono (UFDPar art. 39, II)",
                    p.id
                ),
                None,
            );
        }
    }
    found
        .into_iter()
        .map(|(risk, (reasons, impact))| Suggestion {
            risk: RiskId::from(risk),
            reason: reasons.join("; "),
            impact,
        })
        .collect()
}

/// Adds the suggestions not yet in the report (nor rejected before) as risks for
/// the owner to rate; returns how many were added.
pub fn add_suggestions(report: &mut Ripd, suggestions: &[Suggestion]) -> usize {
    let mut added = 0;
    for s in suggestions {
        let known = report.risks.iter().any(|r| r.id == s.risk)
            || report.rejected.iter().any(|r| r.id == s.risk);
        if !known {
            report.risks.push(Risk {
                id: s.risk.clone(),
                description: None,
                suggested_by: Some(s.reason.clone()),
                probability: None,
                impact: s.impact,
                measures: Vec::new(),
            });
            added += 1;
        }
    }
    added
}

/// Writes what the inventory knows into sections 1, 2, 3 and 5 of `report`: the
/// agents, each trigger that fired with its facts (keeping the owner's
/// justification), the description of the processing, and a line per purpose
/// (keeping what people wrote in it).
pub fn prefill(report: &mut Ripd, ctx: &CheckContext, processes: &[&Process]) {
    let c = ctx.catalogs;
    let inst = ctx.institution;
    report.agents.controller = inst.controller.name.clone();
    report.agents.dpo = match &inst.dpo.email {
        Some(email) => format!("{} <{email}>", inst.dpo.name),
        None => inst.dpo.name.clone(),
    };
    let mut operators: Vec<String> = processes
        .iter()
        .flat_map(|p| p.operators.items().iter().map(|o| o.name.clone()))
        .collect();
    operators.sort();
    operators.dedup();
    report.agents.operators = operators;

    let mut need: Vec<Need> = Vec::new();
    for p in processes {
        for hit in ripd::assess(ctx, p).hits {
            let fact = format!("{}: {}", p.id, hit.reason);
            match need.iter_mut().find(|n| n.trigger == hit.trigger) {
                Some(n) => n.facts.push(fact),
                None => need.push(Need {
                    trigger: hit.trigger.to_owned(),
                    facts: vec![fact],
                    justification: report
                        .need
                        .iter()
                        .find(|n| n.trigger == hit.trigger)
                        .and_then(|n| n.justification.clone()),
                }),
            }
        }
    }
    report.need = need;

    let per_process = |describe: &dyn Fn(&Process) -> String| {
        processes
            .iter()
            .map(|p| format!("{} ({}): {}", p.name, p.id, describe(p)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let d = &mut report.description;
    d.nature.from_inventory = per_process(&|p| {
        let fields = p
            .fields
            .iter()
            .map(|f| {
                let name = c.field_kinds.name_of(f.kind.as_str()).to_owned();
                if c.is_sensitive_field(f) {
                    format!("{name} (sensível)")
                } else {
                    name
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let flow = p
            .data_flow
            .as_deref()
            .unwrap_or("fluxo não descrito no inventário");
        format!("{flow} Dados: {fields}.")
    });
    d.scope.from_inventory = per_process(&|p| {
        let subjects = p
            .subjects
            .iter()
            .map(|s| c.subject_groups.name_of(s.group.as_str()).to_owned())
            .collect::<Vec<_>>()
            .join(", ");
        let count = p
            .subject_count
            .map_or("quantidade não informada".to_owned(), |n| {
                format!("cerca de {n} titulares")
            });
        let retention = p
            .retention
            .as_ref()
            .and_then(|r| r.ttdd.as_ref())
            .map_or("retenção sem código TTDD".to_owned(), |t| {
                format!("retenção pela TTDD {t}")
            });
        format!("titulares: {subjects}; {count}; {retention}.")
    });
    d.context.from_inventory = per_process(&|p| {
        let mut parts = Vec::new();
        let groups = p.vulnerable_groups();
        if !groups.is_empty() {
            parts.push(format!(
                "trata dados de {}",
                crate::model::group_labels(&groups)
            ));
        }
        let sources = p
            .sources
            .iter()
            .map(|s| c.sources.name_of(s.as_str()).to_owned())
            .collect::<Vec<_>>();
        if !sources.is_empty() {
            parts.push(format!("fontes: {}", sources.join(", ")));
        }
        match &p.sharing {
            Section::Items(items) => parts.push(format!(
                "compartilha com {}",
                names(items.iter().map(|s| s.recipient.clone()))
            )),
            Section::NotApplicable => parts.push("não compartilha".to_owned()),
            Section::NotFilled => {}
        }
        if !p.transfers.items().is_empty() {
            parts.push(format!(
                "transfere para {}",
                names(p.transfers.items().iter().map(|t| t.country.clone()))
            ));
        }
        format!("{}.", parts.join("; "))
    });
    d.purpose.from_inventory = per_process(&|p| {
        p.purposes
            .iter()
            .map(|f| {
                let basis = f
                    .legal_basis
                    .as_ref()
                    .map_or("sem base legal".to_owned(), |b| {
                        c.legal_bases.name_of(b.as_str()).to_owned()
                    });
                format!("{} ({basis})", f.description)
            })
            .collect::<Vec<_>>()
            .join("; ")
    });

    for p in processes {
        for purpose in &p.purposes {
            let id = format!("{}/{}", p.id, purpose.id);
            let basis = purpose.legal_basis.as_ref().map(ToString::to_string);
            match report.necessity.iter_mut().find(|n| n.id == id) {
                Some(line) => {
                    line.purpose = purpose.description.clone();
                    line.legal_basis = basis;
                }
                None => report.necessity.push(Necessity {
                    id,
                    purpose: purpose.description.clone(),
                    legal_basis: basis,
                    why_necessary: None,
                    minimization: None,
                    quality: None,
                    rights: None,
                    transfers: None,
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProcessId;
    use crate::rules::test_support::{catalogs, complete_process, date, institution, today};

    fn ctx(inst: &crate::model::Institution) -> CheckContext<'_> {
        CheckContext {
            catalogs: catalogs(),
            institution: inst,
            today: today(),
            ripds: &[],
        }
    }

    #[test]
    fn suggestions_come_with_the_facts_behind_them() {
        let inst = institution();
        let mut p = complete_process();
        assert!(
            suggest(&ctx(&inst), &[&p]).is_empty(),
            "a clean process suggests nothing"
        );
        p.children = Some(crate::model::Answer::Yes);
        p.ripd_facts.automated_decisions = Some(crate::model::Answer::Yes);
        p.fields[0].purposes.clear();
        p.purposes.push(p.purposes[0].clone());
        p.purposes[1].id = crate::model::ItemId::parse("outra").unwrap();
        let s = suggest(&ctx(&inst), &[&p]);
        let ids: Vec<&str> = s.iter().map(|s| s.risk.as_str()).collect();
        assert_eq!(ids, vec!["R01", "R06", "R13"]);
        assert!(s[0].reason.contains("crianças"), "{}", s[0].reason);
        assert_eq!(s[0].impact, Some(Degree::High));
        assert!(s[1].reason.contains("nome"), "{}", s[1].reason);
    }

    #[test]
    fn prefill_writes_what_the_inventory_knows_and_keeps_what_people_wrote() {
        let inst = institution();
        let mut p = complete_process();
        p.children = Some(crate::model::Answer::Yes);
        let mut report = Ripd::new(
            ProcessId::parse("matricula").unwrap(),
            "Matrícula",
            vec![p.id.clone()],
            date(2026, 1, 1),
        );
        prefill(&mut report, &ctx(&inst), &[&p]);
        assert_eq!(report.agents.controller, inst.controller.name);
        assert!(!report.need.is_empty());
        assert!(
            report
                .description
                .context
                .from_inventory
                .contains("crianças")
        );
        assert_eq!(report.necessity.len(), 1);
        report.need[0].justification = Some("ver seção 6".into());
        report.necessity[0].why_necessary = Some("porque".into());
        prefill(&mut report, &ctx(&inst), &[&p]);
        assert_eq!(report.need[0].justification.as_deref(), Some("ver seção 6"));
        assert_eq!(report.necessity[0].why_necessary.as_deref(), Some("porque"));
        let added = add_suggestions(&mut report, &suggest(&ctx(&inst), &[&p]));
        assert_eq!(added, 1);
        assert_eq!(
            add_suggestions(&mut report, &suggest(&ctx(&inst), &[&p])),
            0
        );
    }
}
