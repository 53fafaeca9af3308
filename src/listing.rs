//! The *Listagem geral* (DOMAIN.md §2): one line per process with its id, name,
//! whether it treats sensitive or children's data (derived, never typed), whether a
//! RIPD is required and recorded, the review status and the `check` counts.

use std::collections::BTreeMap;

use crate::catalog::Catalogs;
use crate::model::Process;
use crate::rules::review::{ReviewState, review_state};
use crate::rules::ripd;
use crate::rules::{CheckContext, Finding, Severity};

fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        format!("{text}{}", " ".repeat(width - count))
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// "Trata dados sensíveis? Sim/Não" of the Listagem geral: derived from the
/// fields' categories, never typed.
pub fn treats_sensitive_data(catalogs: &Catalogs, process: &Process) -> bool {
    process
        .fields
        .iter()
        .any(|f| catalogs.is_sensitive_field(f))
}

fn yes_no(value: bool) -> &'static str {
    if value { "sim" } else { "não" }
}

/// The listing as text, about 80 columns wide. `unreadable_files` counts the
/// files that could not be read (they are not in `processes`).
pub fn general_listing(
    ctx: &CheckContext,
    processes: &[&Process],
    findings: &[Finding],
    unreadable_files: usize,
) -> String {
    let institution = ctx.institution;
    let today = ctx.today;
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for finding in findings {
        if let Some(process) = &finding.location.process {
            let entry = counts.entry(process.as_str()).or_default();
            match finding.severity {
                Severity::Error => entry.0 += 1,
                Severity::Warning => entry.1 += 1,
            }
        }
    }
    let mut out = format!(
        "Listagem geral — {} ({} processos)\n\n",
        institution.controller.name,
        processes.len()
    );
    out.push_str(&format!(
        "{} {} {} {} {} {}\n",
        fit("PROCESSO", 30),
        fit("SENSÍVEL", 8),
        fit("MENORES", 8),
        fit("RIPD", 10),
        fit("REVISÃO", 9),
        "ERROS/AVISOS"
    ));
    for p in processes {
        let sensitive = treats_sensitive_data(ctx.catalogs, p);
        let assessment = ripd::assess(ctx, p);
        let ripd_status = match (assessment.required, p.ripd.is_some()) {
            (true, true) => "registrado",
            (true, false) => "FALTA",
            (false, true) => "registrado",
            (false, false) => "—",
        };
        let review = match review_state(institution, p, today) {
            ReviewState::Never => "nunca".to_owned(),
            ReviewState::Overdue(_) => "VENCIDA".to_owned(),
            ReviewState::UpToDate(due) => due.format("%m/%Y").to_string(),
        };
        let (errors, warnings) = counts.get(p.id.as_str()).copied().unwrap_or_default();
        out.push_str(&format!(
            "{} {} {} {} {} {errors}/{warnings}\n",
            fit(&p.name, 30),
            fit(yes_no(sensitive), 8),
            fit(yes_no(!p.minors().is_empty()), 8),
            fit(ripd_status, 10),
            fit(&review, 9),
        ));
    }
    if unreadable_files > 0 {
        out.push_str(&format!(
            "\n{unreadable_files} arquivo(s) com problema de leitura: veja `inventario check`.\n"
        ));
    }
    let (errors, warnings) = crate::rules::count(findings);
    out.push_str(&format!(
        "\nTotal: {errors} erro(s), {warnings} aviso(s).\n"
    ));
    out
}
