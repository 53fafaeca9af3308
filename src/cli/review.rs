//! Committee commands: pending changes, approval, approval history, and the review
//! calendar (`pendencias`).

use std::path::Path;

use anyhow::Result;

use super::{MinutesFormat, load, print, today};
use crate::history::History;
use crate::model::Institution;
use crate::rules::review::next_review_due;
use crate::semantic::labels::{describe, show_value};

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
                let old = change.old.as_ref().map(show_value).unwrap_or_default();
                let new = change.new.as_ref().map(show_value).unwrap_or_default();
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
    let approval = history.approve(minutes, processes, today()?, &history.author())?;
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
        approval.tag
    ))?;
    Ok(0)
}

pub(super) fn approvals(dir: &Path) -> Result<u8> {
    let history = History::open(dir)?;
    let approvals = history.approvals()?;
    let mut out = String::new();
    if approvals.is_empty() {
        out.push_str("Nenhuma aprovação registrada.\n");
    }
    for a in &approvals {
        out.push_str(&format!(
            "{}  {}  {}  {}\n    processos: {}\n",
            a.date,
            a.minutes,
            a.approver,
            a.tag,
            a.processes.join(", ")
        ));
    }
    print(&out)?;
    Ok(0)
}

pub(super) fn calendar(dir: &Path) -> Result<u8> {
    let inventory = load(dir)?;
    let today = today()?;
    let fallback = Institution::template("");
    let institution = inventory.institution.as_ref().unwrap_or(&fallback);
    let mut rows: Vec<(u8, String)> = Vec::new();
    let mut late = 0;
    for loaded in &inventory.processes {
        let p = &loaded.process;
        let (rank, status) = match (&p.last_review, next_review_due(institution, p)) {
            (None, _) => (0, "NUNCA REVISADO".to_owned()),
            (Some(review), Some(due)) if due < today => (
                1,
                format!(
                    "VENCIDA desde {} (última: {}, {})",
                    due.format("%d/%m/%Y"),
                    review.date.format("%d/%m/%Y"),
                    review.minutes
                ),
            ),
            (Some(review), due) => (
                2,
                format!(
                    "em dia até {} (última: {}, {})",
                    due.map_or("—".to_owned(), |d| d.format("%d/%m/%Y").to_string()),
                    review.date.format("%d/%m/%Y"),
                    review.minutes
                ),
            ),
        };
        if rank < 2 {
            late += 1;
        }
        rows.push((rank, format!("{:<28} {status}\n", p.id)));
    }
    rows.sort();
    let mut out = format!(
        "Revisões (período de {} meses, UFDPar art. 7º, III; data de referência {}):\n\n",
        institution.policy.process_review_months,
        today.format("%d/%m/%Y")
    );
    for (_, row) in rows {
        out.push_str(&row);
    }
    out.push_str(&format!("\n{late} processo(s) precisam de revisão.\n"));
    print(&out)?;
    Ok(if late > 0 { 1 } else { 0 })
}
