//! Renders `check` findings for people (text, grouped by file) and for programs
//! (JSON, documented in README.md; `versao` changes only on incompatible changes).

use serde::Serialize;

use crate::rules::{self, Finding};

/// Version of the JSON report format.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Summary {
    #[serde(rename = "processos")]
    processes: usize,
    #[serde(rename = "erros")]
    errors: usize,
    #[serde(rename = "avisos")]
    warnings: usize,
    #[serde(rename = "arquivos_ilegiveis")]
    unreadable_files: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(rename = "versao")]
    version: u32,
    #[serde(rename = "inventario")]
    inventory: &'a str,
    #[serde(rename = "resumo")]
    summary: Summary,
    #[serde(rename = "achados")]
    findings: &'a [Finding],
}

fn unreadable(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.rule == rules::registry::UNREADABLE_FILE.id)
        .count()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The JSON report.
pub fn json(inventory: &str, process_count: usize, findings: &[Finding]) -> String {
    let (errors, warnings) = rules::count(findings);
    let report = JsonReport {
        version: JSON_VERSION,
        inventory,
        summary: Summary {
            processes: process_count,
            errors,
            warnings,
            unreadable_files: unreadable(findings),
        },
        findings,
    };
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// The text report: findings grouped by file, then a summary line.
pub fn text(inventory: &str, process_count: usize, findings: &[Finding]) -> String {
    let mut out = format!(
        "Inventário {inventory}: {}\n",
        plural(process_count, "processo", "processos")
    );
    let mut current_file: Option<&str> = None;
    for finding in findings {
        if current_file != Some(finding.location.file.as_str()) {
            current_file = Some(&finding.location.file);
            out.push('\n');
            out.push_str(&finding.location.file);
            out.push('\n');
        }
        let mut place = String::new();
        if let (Some(line), Some(column)) = (finding.location.line, finding.location.column) {
            place.push_str(&format!("linha {line}, coluna {column}: "));
        }
        if let Some(field) = &finding.location.field {
            place.push_str(&format!("[{field}] "));
        }
        out.push_str(&format!(
            "  {:<5} {place}{}\n        regra {} · {}\n",
            finding.severity.label(),
            finding.message,
            finding.rule,
            finding.article
        ));
    }
    let (errors, warnings) = rules::count(findings);
    out.push('\n');
    if findings.is_empty() {
        out.push_str("Nenhum problema encontrado.\n");
    } else {
        out.push_str(&format!(
            "Resumo: {}, {}.\n",
            plural(errors, "erro", "erros"),
            plural(warnings, "aviso", "avisos")
        ));
    }
    out
}
