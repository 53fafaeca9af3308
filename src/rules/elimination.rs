//! When the data of a process that stopped running must be eliminated (LGPD art.
//! 15–16; UFDPar art. 37–38): from the day it was archived, each retention's
//! total period (the TTDD's phases, or its total cap) gives the date; a
//! destination of permanent keeping (recolhimento) is never eliminated.

use chrono::NaiveDate;

use crate::model::{FinalDestination, Process, Retention};

/// What happens to one retention of an archived process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// Eliminate from this date on (`overdue` when it is past).
    Eliminate { from: NaiveDate, overdue: bool },
    /// Kept for good (guarda permanente).
    Permanent,
    /// The period is an event, or unknown: the date cannot be computed.
    Unknown,
}

/// One row of the calendar: a process, the fields a retention covers (empty:
/// the process's own retention), the TTDD code and what is due.
#[derive(Debug, Clone, PartialEq)]
pub struct Elimination<'a> {
    pub process: &'a Process,
    pub fields: Vec<&'a str>,
    pub ttdd: Option<&'a str>,
    pub due: Due,
}

fn due(retention: &Retention, archived: NaiveDate, today: NaiveDate) -> Due {
    if retention.destination == Some(FinalDestination::PermanentKeeping) {
        return Due::Permanent;
    }
    match retention.due_date(archived) {
        Some(from) => Due::Eliminate {
            from,
            overdue: from <= today,
        },
        None => Due::Unknown,
    }
}

/// The eliminations of the archived processes, soonest first (unknown last).
pub fn eliminations<'a>(
    processes: impl IntoIterator<Item = &'a Process>,
    today: NaiveDate,
) -> Vec<Elimination<'a>> {
    let mut rows = Vec::new();
    for p in processes {
        let Some(archived) = p.archived else { continue };
        if let Some(own) = &p.retention {
            let fields: Vec<&str> = p
                .fields
                .iter()
                .filter(|f| f.retention.is_none())
                .map(|f| f.id.as_str())
                .collect();
            rows.push(Elimination {
                process: p,
                fields: if fields.len() == p.fields.len() {
                    Vec::new()
                } else {
                    fields
                },
                ttdd: own.ttdd.as_ref().map(|c| c.as_str()),
                due: due(own, archived, today),
            });
        }
        for f in &p.fields {
            if let Some(own) = &f.retention {
                rows.push(Elimination {
                    process: p,
                    fields: vec![f.id.as_str()],
                    ttdd: own.ttdd.as_ref().map(|c| c.as_str()),
                    due: due(own, archived, today),
                });
            }
        }
    }
    rows.sort_by_key(|e| order(&e.due));
    rows
}

/// The calendar's order of eliminations: soonest first, then permanent
/// keeping, then the unknown; a stable sort by this key keeps file order within.
pub fn order(due: &Due) -> (u8, Option<NaiveDate>) {
    match due {
        Due::Eliminate { from, .. } => (0, Some(*from)),
        Due::Permanent => (1, None),
        Due::Unknown => (2, None),
    }
}

/// One line of text for `pendencias`.
pub fn describe(e: &Elimination) -> String {
    let what = if e.fields.is_empty() {
        "todos os campos".to_owned()
    } else {
        format!("campos {}", e.fields.join(", "))
    };
    let code = e.ttdd.map_or_else(String::new, |c| format!(", TTDD {c}"));
    match &e.due {
        Due::Eliminate {
            from,
            overdue: true,
        } => format!(
            "{what}: ELIMINAÇÃO VENCIDA desde {}{code}",
            from.format("%d/%m/%Y")
        ),
        Due::Eliminate { from, .. } => format!(
            "{what}: eliminar a partir de {}{code}",
            from.format("%d/%m/%Y")
        ),
        Due::Permanent => format!("{what}: guarda permanente (recolhimento){code}"),
        Due::Unknown => {
            format!("{what}: prazo por evento ou desconhecido; confira a tabela{code}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Period, TtddCode};
    use crate::rules::test_support::{complete_process, date, field, today};

    #[test]
    fn an_archived_process_is_eliminated_after_its_periods_and_kept_for_good_when_the_table_says() {
        let mut p = complete_process();
        assert!(
            eliminations([&p], today()).is_empty(),
            "running processes are not listed"
        );
        p.archived = Some(date(2020, 3, 1));
        p.retention = Some(Retention {
            ttdd: Some(TtddCode::from("023.11")),
            current_phase: Some(Period::Years(2)),
            intermediate_phase: Some(Period::Years(3)),
            destination: Some(FinalDestination::Elimination),
            ..Retention::default()
        });
        let mut kept = field("ata", "nome-completo", "art7-ii");
        kept.retention = Some(Retention {
            destination: Some(FinalDestination::PermanentKeeping),
            current_phase: Some(Period::Years(5)),
            ..Retention::default()
        });
        p.fields.push(kept);
        let rows = eliminations([&p], today());
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].due,
            Due::Eliminate {
                from: date(2025, 3, 1),
                overdue: true
            }
        );
        assert!(describe(&rows[0]).contains("ELIMINAÇÃO VENCIDA desde 01/03/2025"));
        assert!(describe(&rows[0]).contains("TTDD 023.11"));
        assert!(!rows[0].fields.contains(&"ata"), "{:?}", rows[0].fields);
        assert_eq!(rows[1].due, Due::Permanent);
        assert_eq!(rows[1].fields, vec!["ata"]);
    }
}
