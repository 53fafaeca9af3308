//! Committee commands: pending changes, approval, approval history, the
//! revision of the Política (UFDPar art. 7 III), and the review calendar
//! (`pendencias`).

use std::path::Path;

use anyhow::Result;

use chrono::NaiveDate;

use super::{MinutesFormat, embedded_catalogs, print, print_notices, today};
use crate::history::History;
use crate::model::{Institution, Process};
use crate::rules::{elimination, policy_revision, review};
use crate::semantic::labels::{describe, show_change_value};
use crate::store;

pub(super) fn pending(dir: &Path, format: MinutesFormat) -> Result<u8> {
    let history = History::open(dir)?;
    let pending = history.pending()?;
    let mut out = String::new();
    if pending.is_empty() {
        out.push_str("Nenhuma alteração pendente de aprovação.\n");
    }
    let markdown = format == MinutesFormat::Markdown;
    for item in &pending {
        let since = match item.approved_at {
            Some(_) => format!(
                "{} alteração(ões) desde a última aprovação",
                item.commits.len()
            ),
            None => "nunca aprovado pelo comitê".to_owned(),
        };
        if markdown {
            out.push_str(&format!(
                "### {} (`{}`) — {since}\n\n",
                item.title, item.process
            ));
        } else {
            out.push_str(&format!("{} — {} ({since})\n", item.process, item.title));
        }
        for commit in &item.commits {
            let line = format!(
                "{} {} — {}",
                commit.time.format("%d/%m/%Y"),
                commit.author,
                commit.subject
            );
            out.push_str(&if markdown {
                format!("- {line}\n")
            } else {
                format!("    {line}\n")
            });
        }
        if !item.changes.is_empty() {
            out.push_str(if markdown {
                "\n| alteração | antes | depois |\n|---|---|---|\n"
            } else {
                "  Campos alterados:\n"
            });
            for change in &item.changes {
                let show = |v: &Option<serde_json::Value>| {
                    v.as_ref()
                        .map(|v| show_change_value(change, v))
                        .unwrap_or_default()
                };
                let (old, new) = (show(&change.old), show(&change.new));
                out.push_str(&if markdown {
                    format!("| {} | {old} | {new} |\n", describe(change))
                } else {
                    format!("    {}: {old} → {new}\n", describe(change))
                });
            }
        }
        out.push('\n');
    }
    print(&out)?;
    Ok(0)
}

pub(super) fn approve(dir: &Path, minutes: &str, processes: &[String]) -> Result<u8> {
    let history = History::open(dir)?;
    let result = history.approve(minutes, processes, today()?, &history.author());
    print_notices(&history);
    let approval = result?;
    if approval.processes.is_empty() {
        print("Nenhum processo com alterações pendentes; nada aprovado.\n")?;
        return Ok(0);
    }
    print(&format!(
        "Aprovação registrada: {} ({}), por {}.\nProcessos: {}\nEtiqueta: {}\n",
        approval.minutes,
        approval.date,
        approval.approver,
        approval.processes.join(", "),
        approval.tag.as_deref().unwrap_or_default()
    ))?;
    Ok(0)
}

pub(super) fn revise_policy(dir: &Path, minutes: &str) -> Result<u8> {
    let history = History::open(dir)?;
    let result = history.revise_policy(minutes, today()?, &history.author());
    print_notices(&history);
    let revision = result?;
    print(&format!(
        "Revisão da Política registrada: {minutes}, sobre o inventário inteiro ({} processos; UFDPar art. 7º, III).\nEtiqueta: {}\n",
        revision.processes, revision.tag
    ))?;
    Ok(0)
}

pub(super) fn approvals(dir: &Path) -> Result<u8> {
    let history = History::open(dir)?;
    // A tag lost to an interrupted approval is recreated; a read-only user
    // still gets the list.
    if let Ok(created) = history.repair_approval_tags() {
        for tag in created {
            eprintln!("aviso: etiqueta {tag} recriada (faltava na aprovação registrada)");
        }
    }
    print_notices(&history);
    let approvals = history.approvals()?;
    let mut out = String::new();
    if approvals.is_empty() {
        out.push_str("Nenhuma aprovação registrada.\n");
    }
    let revisions = history.policy_revisions()?;
    for a in &approvals {
        out.push_str(&format!(
            "{}  {}  {}  {}\n    processos: {}\n",
            a.date,
            a.minutes,
            a.approver,
            a.tag.as_deref().unwrap_or("(sem etiqueta)"),
            a.processes.join(", ")
        ));
    }
    if !revisions.is_empty() {
        out.push_str("\nRevisões da Política (UFDPar art. 7º, III):\n");
    }
    for r in &revisions {
        out.push_str(&format!(
            "{}  {}  {}  {}\n",
            r.date,
            r.minutes,
            r.author,
            r.commit.short()
        ));
    }
    print(&out)?;
    Ok(0)
}

/// What `pendencias` keeps of each process: its calendar line, if it is
/// active, and the lines of its eliminations, if it is archived. Each process
/// is read, summed up and dropped: 20,000 of them are never in memory at once.
struct CalendarEntry {
    review: Option<(String, review::ReviewState, String)>,
    eliminations: Vec<(elimination::Due, String)>,
}

impl CalendarEntry {
    fn of(institution: &Institution, process: &Process, today: NaiveDate) -> Self {
        let id = process.id.as_str();
        let review = process.archived.is_none().then(|| {
            let state = review::review_state(institution, process, today);
            (id.to_owned(), state, review::describe_state(state, process))
        });
        let eliminations = elimination::eliminations(std::iter::once(process), today)
            .iter()
            .map(|e| {
                (
                    e.due.clone(),
                    format!("{id:<28} {}", elimination::describe(e)),
                )
            })
            .collect();
        Self {
            review,
            eliminations,
        }
    }
}

pub(super) fn calendar(dir: &Path) -> Result<u8> {
    let (inventory, files) = store::load_without_processes(dir, &embedded_catalogs()?)?;
    let today = today()?;
    let institution = inventory.institution_or_placeholder();
    let (entries, problems) =
        files.visit(|_, process| CalendarEntry::of(&institution, &process, today));
    for problem in &problems {
        let at = match (problem.line, problem.column) {
            (Some(line), Some(column)) => format!(", linha {line}, coluna {column}"),
            _ => String::new(),
        };
        eprintln!(
            "aviso: {}{at}: {}; o processo ficou fora do calendário",
            problem.file, problem.message
        );
    }
    let mut rows: Vec<&(String, review::ReviewState, String)> =
        entries.iter().filter_map(|e| e.review.as_ref()).collect();
    rows.sort_by_key(|(id, state, _)| review::calendar_order(id, *state));
    let policy = policy_revision::state(inventory.institution.as_ref(), today);
    let mut out = format!(
        "Revisão da Política e das instruções normativas pelo comitê (UFDPar art. 7º, III): {}\n\n",
        policy_revision::describe(&policy)
    );
    out.push_str(&format!(
        "Revisões dos processos (período de {} meses: Guia SGD, ao menos anual; UFDPar art. 7º, II; data de referência {}):\n\n",
        institution.policy.process_review_months,
        today.format("%d/%m/%Y")
    ));
    for (id, _, line) in &rows {
        out.push_str(&format!("{id:<28} {line}\n"));
    }
    let late = rows
        .iter()
        .filter(|(_, state, _)| state.needs_review())
        .count();
    out.push_str(&format!("\n{late} processo(s) precisam de revisão.\n"));
    // Stable: within one date, in file order, as `elimination::eliminations`.
    let mut eliminations: Vec<&(elimination::Due, String)> =
        entries.iter().flat_map(|e| &e.eliminations).collect();
    eliminations.sort_by_key(|(due, _)| elimination::order(due));
    out.push_str(
        "\nEliminações (processos arquivados; prazo da tabela de temporalidade contado do arquivamento; LGPD art. 15 e 16; UFDPar art. 37):\n\n",
    );
    if eliminations.is_empty() {
        out.push_str("Nenhum processo arquivado.\n");
    }
    for (_, line) in &eliminations {
        out.push_str(line);
        out.push('\n');
    }
    let overdue = eliminations
        .iter()
        .filter(|(due, _)| matches!(due, elimination::Due::Eliminate { overdue: true, .. }))
        .count();
    if overdue > 0 {
        out.push_str(&format!("\n{overdue} eliminação(ões) vencida(s).\n"));
    }
    print(&out)?;
    let code = if late > 0 || overdue > 0 || policy.is_late() {
        1
    } else {
        0
    };
    Ok(code)
}
