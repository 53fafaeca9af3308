//! Committee commands: pending changes, approval, approval history, the
//! revision of the Política (UFDPar art. 7 III), and the review calendar
//! (`pendencias`).

use std::path::Path;

use anyhow::Result;

use super::{MinutesFormat, load, print, print_notices, today};
use crate::history::History;
use crate::rules::{elimination, policy_revision, review};
use crate::semantic::labels::{describe, show_change_value};

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

pub(super) fn calendar(dir: &Path) -> Result<u8> {
    let inventory = load(dir)?;
    let today = today()?;
    let institution = inventory.institution_or_placeholder();
    let rows = review::calendar(
        &institution,
        inventory.processes.iter().map(|l| &l.process),
        today,
    );
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
    for (process, state) in &rows {
        out.push_str(&format!(
            "{:<28} {}\n",
            process.id.as_str(),
            review::describe_state(*state, process)
        ));
    }
    let late = rows
        .iter()
        .filter(|(_, state)| state.needs_review())
        .count();
    out.push_str(&format!("\n{late} processo(s) precisam de revisão.\n"));
    let eliminations =
        elimination::eliminations(inventory.processes.iter().map(|l| &l.process), today);
    out.push_str(
        "\nEliminações (processos arquivados; prazo da tabela de temporalidade contado do arquivamento; LGPD art. 15 e 16; UFDPar art. 37):\n\n",
    );
    if eliminations.is_empty() {
        out.push_str("Nenhum processo arquivado.\n");
    }
    for e in &eliminations {
        out.push_str(&format!(
            "{:<28} {}\n",
            e.process.id.as_str(),
            elimination::describe(e)
        ));
    }
    let overdue = eliminations
        .iter()
        .filter(|e| matches!(e.due, elimination::Due::Eliminate { overdue: true, .. }))
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
    // As in `check`: the command ends here, the system takes the memory back.
    std::mem::forget(inventory);
    Ok(code)
}
