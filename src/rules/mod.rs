//! The rules of `inventario check` and the RIPD triggers: pure functions from the
//! model (and the catalogs, and today's date) to findings. No I/O. The editor calls
//! `check_process` on every change and shows each finding beside its field.

mod consent;
pub mod elimination;
mod fields;
pub mod finding;
mod identity;
mod institution;
pub mod policy_revision;
mod purposes;
pub mod registry;
mod retention;
pub mod review;
pub mod ripd;
pub mod ripd_document;
mod scope;
mod sharing;
mod vulnerable;

use std::collections::BTreeMap;

use chrono::NaiveDate;

pub use finding::{FieldPath, Finding, Location, Severity};
pub use registry::Rule;

use crate::catalog::Catalogs;
use crate::model::{Institution, Process, Ripd};

/// What every rule may consult besides the process itself.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    pub catalogs: &'a Catalogs,
    pub institution: &'a Institution,
    pub today: NaiveDate,
    /// The RIPD documents of the inventory: a process one of them covers has
    /// its RIPD (`ripd-necessario` does not fire).
    pub ripds: &'a [Ripd],
}

/// Collects the findings of one process, all located in the same file.
pub(crate) struct Sink<'a> {
    file: &'a str,
    process: &'a str,
    findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    fn new(file: &'a str, process: &'a str) -> Self {
        Self {
            file,
            process,
            findings: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, rule: &Rule, path: Option<FieldPath>, message: String) {
        self.push_as(rule, rule.severity, path, message);
    }

    /// `push` with a severity the institution's settings decide.
    pub(crate) fn push_as(
        &mut self,
        rule: &Rule,
        severity: Severity,
        path: Option<FieldPath>,
        message: String,
    ) {
        let location = Location {
            file: self.file.to_owned(),
            process: Some(self.process.to_owned()),
            field: path.map(|p| p.render()),
            line: None,
            column: None,
        };
        self.findings
            .push(Finding::new(rule, location, message).with_severity(severity));
    }
}

/// The catalog entries of every basis the process names (unknown ids skipped:
/// they are reported as unknown catalog ids).
pub(crate) fn named_basis_entries<'a>(
    ctx: &CheckContext<'a>,
    p: &'a Process,
) -> impl Iterator<Item = &'a crate::catalog::LegalBasisEntry> {
    let catalogs = ctx.catalogs;
    p.named_bases().filter_map(move |id| catalogs.basis(id))
}

/// Whether an optional text is absent or only blanks ("not filled in").
pub(crate) fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

pub use crate::files::process_file;

/// Every finding about one process. `file_stem` is the name of the file it was
/// read from (without `.ron`), when it came from disk.
pub fn check_process(
    ctx: &CheckContext,
    process: &Process,
    file_stem: Option<&str>,
) -> Vec<Finding> {
    let file = process_file(file_stem.unwrap_or(process.id.as_str()));
    let mut sink = Sink::new(&file, process.id.as_str());
    identity::check(ctx, process, file_stem, &mut sink);
    purposes::check(ctx, process, &mut sink);
    fields::check(ctx, process, &mut sink);
    consent::check(ctx, process, &mut sink);
    vulnerable::check(ctx, process, &mut sink);
    retention::check(ctx, process, &mut sink);
    sharing::check(ctx, process, &mut sink);
    review::check(ctx, process, &mut sink);
    scope::apply(process, &mut sink);
    sink.findings
}

/// Findings about `inventario.ron`.
pub fn check_institution(ctx: &CheckContext) -> Vec<Finding> {
    let mut findings = institution::check(ctx.institution);
    findings.extend(policy_revision::check(ctx));
    findings
}

/// Every finding of a whole inventory: the institution, each process and each
/// RIPD (given with the file stem it was read from) and the rules across them.
/// `ctx.ripds` holds the same RIPDs.
pub fn check_inventory(
    ctx: &CheckContext,
    processes: &[(&str, &Process)],
    ripds: &[(&str, &Ripd)],
) -> Vec<Finding> {
    let mut findings = check_institution(ctx);
    // Each process's own rules, on every core; in the processes' order.
    let per_process = crate::parallel::map(processes, |&(stem, process)| {
        check_active_process(ctx, process, stem)
    });
    findings.extend(per_process.into_iter().flatten());
    findings.extend(duplicate_ids(
        processes.iter().map(|&(stem, p)| (stem, p.id.as_str())),
    ));
    findings.extend(check_ripds(ctx, processes, ripds));
    findings
}

/// The findings of a process read from `processos/<file_stem>.ron`, as a
/// whole-inventory check has them: none for an archived process.
pub fn check_active_process(
    ctx: &CheckContext,
    process: &Process,
    file_stem: &str,
) -> Vec<Finding> {
    if process.archived.is_none() {
        check_process(ctx, process, Some(file_stem))
    } else {
        Vec::new()
    }
}

/// A process id used by more than one file, given as (file stem, id) in file
/// order: one finding on each later file, naming the first.
pub fn duplicate_ids<'a>(ids: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (stem, id) in ids {
        if let Some(first) = seen.insert(id, stem) {
            let location = Location {
                process: Some(id.to_owned()),
                // On the id, so the application shows it beside the id's row.
                field: Some(FieldPath::root("id").render()),
                ..Location::file(process_file(stem))
            };
            findings.push(Finding::new(
                &registry::DUPLICATE_PROCESS,
                location,
                format!(
                    "o id \"{id}\" já é usado por {}; cada processo precisa de um id próprio",
                    process_file(first)
                ),
            ));
        }
    }
    findings
}

/// Each RIPD's own rules and the rules between the RIPDs and the processes
/// they cover; `processes` must hold at least every covered process.
pub fn check_ripds(
    ctx: &CheckContext,
    processes: &[(&str, &Process)],
    ripds: &[(&str, &Ripd)],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (stem, report) in ripds {
        findings.extend(ripd_document::check(
            ctx,
            report,
            &crate::files::InventoryFile::Ripd((*stem).to_owned()),
        ));
    }
    findings.extend(ripd_document::check_coverage(ctx, processes, ripds));
    findings
}

/// Counts (errors, warnings).
pub fn count(findings: &[Finding]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    (errors, findings.len() - errors)
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn two_files_with_the_same_process_id_are_reported() {
        let inst = institution();
        let ctx = CheckContext {
            catalogs: catalogs(),
            institution: &inst,
            today: today(),
            ripds: &[],
        };
        let p = complete_process();
        let findings = check_inventory(&ctx, &[("matricula", &p), ("matricula-copia", &p)], &[]);
        let duplicate: Vec<_> = findings
            .iter()
            .filter(|f| f.rule == "id-processo-duplicado")
            .collect();
        assert_eq!(duplicate.len(), 1);
        assert_eq!(duplicate[0].location.file, "processos/matricula-copia.ron");
        assert!(duplicate[0].message.contains("processos/matricula.ron"));
        let single = check_inventory(&ctx, &[("matricula", &p)], &[]);
        assert!(!single.iter().any(|f| f.rule == "id-processo-duplicado"));
    }
}
