//! Runs the rules over a loaded inventory: file problems become findings (rule
//! `arquivo-ilegivel`, `catalogo-local-invalido`, …), then every rule runs on what
//! could be read. Sorted by file, errors first, for stable output.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::catalog::Catalogs;
use crate::history::History;
use crate::history::ripd::MaterialChange;
use crate::rules::registry as r;
use crate::rules::{self, CheckContext, Finding, Location};
use crate::store::{
    self, Checked, FileProblem, FindingsCache, LoadedInventory, LoadedProcess, NewEntry,
    ProblemKind, Stamp, StoreError, layout,
};

fn problem_finding(problem: &FileProblem) -> Finding {
    let rule = match problem.kind {
        ProblemKind::Unreadable => &r::UNREADABLE_FILE,
        ProblemKind::Catalog => &r::CATALOG_FILE,
        ProblemKind::BadFileName => &r::FILE_NAME,
    };
    let mut location = Location::file(problem.file.clone());
    if let (Some(line), Some(column)) = (problem.line, problem.column) {
        location = location.at(line, column);
    }
    let message = match problem.kind {
        ProblemKind::Unreadable => format!("{} (o arquivo não foi alterado)", problem.message),
        _ => problem.message.clone(),
    };
    Finding::new(rule, location, message)
}

/// Runs `f` with the rules' context for `inventory` as of `today`: its catalogs,
/// its institution (a placeholder with the default policy when `inventario.ron`
/// could not be read) and its RIPDs.
pub fn with_context<T>(
    inventory: &LoadedInventory,
    today: NaiveDate,
    f: impl FnOnce(&CheckContext) -> T,
) -> T {
    let institution = inventory.institution_or_placeholder();
    let ripds = inventory.ripd_documents();
    f(&CheckContext {
        catalogs: &inventory.catalogs,
        institution: &institution,
        today,
        ripds: &ripds,
    })
}

/// Every finding of the inventory as of `today`.
pub fn check(inventory: &LoadedInventory, today: NaiveDate) -> Vec<Finding> {
    let rule_findings = with_context(inventory, today, |ctx| {
        rules::check_inventory(ctx, &inventory.process_pairs(), &inventory.ripd_pairs())
    });
    with_problems(inventory, rule_findings)
}

/// The file problems as findings, then the rules' findings, sorted.
fn with_problems(inventory: &LoadedInventory, mut rule_findings: Vec<Finding>) -> Vec<Finding> {
    let mut findings: Vec<Finding> = inventory.problems.iter().map(problem_finding).collect();
    // Without inventario.ron the rules still run on the processes, with the
    // default policy.
    if inventory.institution.is_none() {
        rule_findings.retain(|f| f.location.file != "inventario.ron");
    }
    findings.extend(rule_findings);
    sort(&mut findings);
    findings
}

/// `check`, plus what only the history shows, when there is one: a RIPD
/// approved before a material change of a process it covers, and a process
/// with no RIPD changed materially since the committee approved it (UFDPar
/// art. 39 VII), naming the commits.
pub fn check_with_history(
    inventory: &LoadedInventory,
    today: NaiveDate,
    history: Option<&History>,
) -> Vec<Finding> {
    let mut findings = check(inventory, today);
    if let Some(history) = history {
        let changes = art39_changes(inventory, history);
        add_history_findings(inventory, history, &changes, &mut findings);
    }
    findings
}

/// What `check_directory` found.
#[derive(Debug)]
pub struct DirectoryCheck {
    pub findings: Vec<Finding>,
    /// How many process files were read.
    pub processes: usize,
    /// How many of them were neither read nor checked again: their findings
    /// came from the last `check` (`store::FindingsCache`).
    pub known: usize,
    /// Whether some file could not be read.
    pub unreadable: bool,
}

/// `check_with_history` of the inventory at `root`, reading it process by
/// process on every core: each process is checked as it is read and dropped,
/// and only those a rule across processes needs (the ones a RIPD covers, the
/// ones changed since the committee's approval) stay in memory; a process
/// unchanged since the last `check`, in an unchanged context, is not even read
/// (`store::FindingsCache`). The findings are exactly those of
/// `check_with_history` on `store::load`.
pub fn check_directory(
    root: &Path,
    embedded: &Catalogs,
    today: NaiveDate,
    history: Option<&History>,
) -> Result<DirectoryCheck, StoreError> {
    let (mut inventory, mut files) = store::load_without_processes(root, embedded)?;
    let changes = history.map_or_else(Vec::new, |h| art39_changes(&inventory, h));
    let mut keep: HashSet<String> = changes.iter().map(|c| c.process.clone()).collect();
    for loaded in &inventory.ripds {
        keep.extend(loaded.ripd.processes.iter().map(|id| id.to_string()));
    }
    // The processes whose findings the last `check` left, in this same
    // context, and unchanged since: neither read nor checked again. The
    // ones a rule across processes needs are always read (their entries stay
    // as they are).
    let mut cache = FindingsCache::open(root, today);
    let all_paths: Vec<PathBuf> = files.paths().to_vec();
    let known: Vec<Option<Checked>> = match cache.as_mut() {
        Some(cache) if !cache.is_empty() => all_paths
            .iter()
            .map(|path| {
                let stamp = Stamp::of(&std::fs::metadata(path).ok()?);
                cache.take(&layout::relative(root, path), stamp)
            })
            .collect(),
        _ => Vec::new(),
    };
    let not_read = |known: &Option<Checked>| known.as_ref().is_some_and(|c| !keep.contains(&c.id));
    if !known.is_empty() {
        let mut cached = known.iter().map(not_read);
        files.retain(|_| !cached.next().unwrap_or(false));
    }
    // Each process read is checked where it was read, on every core, and its
    // findings encoded there for the cache; it stays in memory only when a
    // rule across processes needs it.
    let caching = cache.is_some();
    let (visited, problems) = with_context(&inventory, today, |ctx| {
        files.visit_stamped(|stem, stamp, process| {
            let checked = Checked {
                findings: rules::check_active_process(ctx, &process, stem),
                id: process.id.to_string(),
            };
            let entry = stamp.filter(|_| caching).and_then(|stamp| {
                FindingsCache::entry(&layout::process_file(stem), stamp, &checked)
            });
            let kept = keep.contains(&checked.id).then(|| {
                Box::new(LoadedProcess {
                    stem: stem.to_owned(),
                    process,
                })
            });
            Visited {
                stem: stem.to_owned(),
                checked,
                entry,
                kept,
            }
        })
    });
    inventory.add_process_problems(problems);
    let mut rule_findings = with_context(&inventory, today, rules::check_institution);
    // Back in file order, the known ones and the ones read (both in file
    // order already; a file that could not be read has neither).
    let mut ids = Vec::with_capacity(all_paths.len());
    let reused = known.iter().filter(|k| not_read(k)).count();
    let mut known = known.into_iter();
    let mut visited = visited.into_iter().peekable();
    for path in &all_paths {
        let stem = stem_of(path);
        let (checked, kept) = match known.next().flatten() {
            Some(checked) if !keep.contains(&checked.id) => (checked, None),
            cached => match visited.next_if(|v| v.stem == stem) {
                Some(read) => {
                    if let (Some(cache), Some(entry), None) = (cache.as_mut(), read.entry, cached) {
                        cache.keep(entry);
                    }
                    (read.checked, read.kept)
                }
                None => continue, // could not be read: a problem, reported above
            },
        };
        rule_findings.extend(checked.findings);
        ids.push((stem, checked.id));
        inventory.processes.extend(kept.map(|kept| *kept));
    }
    let processes = ids.len();
    if let Some(cache) = cache {
        cache.save();
    }
    rule_findings.extend(rules::duplicate_ids(
        ids.iter().map(|(stem, id)| (stem.as_str(), id.as_str())),
    ));
    rule_findings.extend(with_context(&inventory, today, |ctx| {
        rules::check_ripds(ctx, &inventory.process_pairs(), &inventory.ripd_pairs())
    }));
    let mut findings = with_problems(&inventory, rule_findings);
    if let Some(history) = history {
        add_history_findings(&inventory, history, &changes, &mut findings);
    }
    Ok(DirectoryCheck {
        findings,
        processes,
        known: reused,
        unreadable: inventory.has_unreadable_files(),
    })
}

/// One process file as `check_directory` read it.
struct Visited {
    stem: String,
    checked: Checked,
    /// Its findings for the cache, when there is one.
    entry: Option<NewEntry>,
    /// The process, when a rule across processes needs it.
    kept: Option<Box<LoadedProcess>>,
}

/// The stem of a process file (`processos/cftv.ron` → `cftv`).
fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The history's findings, added to `findings` and sorted with them.
fn add_history_findings(
    inventory: &LoadedInventory,
    history: &History,
    changes: &[MaterialChange],
    findings: &mut Vec<Finding>,
) {
    for loaded in &inventory.ripds {
        // A history that cannot be read gives no finding here; `check` still
        // reports everything the files say.
        let Ok(changes) = history.ripd_material_changes(&loaded.ripd) else {
            continue;
        };
        for change in changes {
            let location = Location {
                field: Some("processos".to_owned()),
                ..Location::file(crate::files::InventoryFile::Ripd(loaded.stem.clone()).to_string())
            };
            findings.push(Finding::new(
                &r::RIPD_MATERIAL_CHANGE,
                location,
                format!(
                    "o processo {} mudou depois da última aprovação do RIPD ({} em {} por {}: {}; mudou {}): reveja o relatório",
                    change.process,
                    change.commit.short(),
                    change.commit.time.format("%d/%m/%Y"),
                    change.commit.author,
                    change.commit.subject,
                    change.paths.join(", ")
                ),
            ));
        }
    }
    findings.extend(changed_without_ripd(inventory, changes));
    sort(findings);
}

/// The processes changed materially since the committee approved them, when
/// the institution follows UFDPar art. 39 (none otherwise, or when the
/// history cannot be read).
fn art39_changes(inventory: &LoadedInventory, history: &History) -> Vec<MaterialChange> {
    let institution = inventory.institution_or_placeholder();
    if !institution
        .policy
        .ripd_triggers
        .contains(&crate::model::TriggerSet::UfdparArt39)
    {
        return Vec::new();
    }
    history.changed_since_approval().unwrap_or_default()
}

/// UFDPar art. 39 VII for a process no RIPD covers: its data, purposes, bases,
/// sharing or transfers changed since the committee last approved it. An
/// aviso: the committee weighs whether the change calls for a RIPD.
/// `inventory.processes` holds at least the changed processes.
fn changed_without_ripd(inventory: &LoadedInventory, changes: &[MaterialChange]) -> Vec<Finding> {
    let ripds = inventory.ripd_documents();
    let mut out = Vec::new();
    for change in changes {
        let Some(loaded) = inventory
            .processes
            .iter()
            .find(|l| l.process.id.as_str() == change.process)
        else {
            continue;
        };
        let p = &loaded.process;
        // The RIPD of a process the institution only operates is the
        // controller's (LGPD art. 38).
        if p.archived.is_some()
            || p.operator_for.is_some()
            || p.ripd.is_some()
            || rules::ripd_document::covering(&ripds, p.id.as_str())
                .next()
                .is_some()
        {
            continue;
        }
        let location = Location {
            process: Some(p.id.to_string()),
            field: Some("ripd".to_owned()),
            ..Location::file(crate::files::process_file(&loaded.stem))
        };
        out.push(Finding::new(
            &r::CHANGED_WITHOUT_RIPD,
            location,
            format!(
                "o processo mudou desde a última aprovação do comitê (mudou {}; último commit {} em {} por {}: {}): mudanças de propósitos, meios ou fluxos de dados pedem avaliar um RIPD (UFDPar art. 39, VII); o comitê decide ao aprovar, e o relatório sai de inventario ripd novo {}",
                change.paths.join(", "),
                change.commit.short(),
                change.commit.time.format("%d/%m/%Y"),
                change.commit.author,
                change.commit.subject,
                p.id
            ),
        ));
    }
    out
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        file_rank(&a.location.file)
            .cmp(&file_rank(&b.location.file))
            .then_with(|| a.location.file.cmp(&b.location.file))
            .then_with(|| a.severity.cmp(&b.severity))
    });
}

/// inventario.ron first, then catalogos/, then processos/.
fn file_rank(file: &str) -> u8 {
    if file == "inventario.ron" {
        0
    } else if file.starts_with("catalogos/") {
        1
    } else {
        2
    }
}
