//! The findings of each process file from the last `check`, in
//! `.git/inventario-cache/achados`, so that a `check` with nothing changed
//! neither reads nor checks the processes again (at 20,000 processes, reading
//! them from the parse cache and running the rules was most of a warm `check`).
//!
//! A process's findings depend on the process and on its context: the
//! institution (`inventario.ron`), the catalogs (embedded, and `catalogos/`),
//! the RIPDs (`ripd/`) and the reference date. The file names the context it
//! was written for, a fingerprint of the program's build, the date and the stat
//! data of every context file; another fingerprint makes the whole file a miss.
//! An entry holds the process file's stat data, its id and its findings, and is
//! used only while the file keeps that stat data. As in the parse cache, a file
//! (or a context file) changed less than two seconds before it was read is not
//! trusted, a file that could not be read is never cached, and anything
//! damaged is a miss: deleting the directory is always safe.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::layout;
use super::parse_cache::{Stamp, build_id, cache_dir, write_cache_file};
use crate::rules::registry::ALL;
use crate::rules::{Finding, Location, Severity};

/// The file under the cache's directory.
const FILE: &str = "achados";
/// The file's first bytes; bump when the layout changes.
const MAGIC: &[u8; 8] = b"INVACHA1";

/// What one process file gave the last time it was checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub id: String,
    pub findings: Vec<Finding>,
}

/// The findings cache of one inventory, for one context.
pub struct FindingsCache {
    path: PathBuf,
    dir: PathBuf,
    context: u64,
    /// What the file held (for this context), by path relative to the root.
    stored: HashMap<String, Stored>,
    /// What the next file holds: the entries used and the ones added.
    next: HashMap<String, Stored>,
    /// Whether `next` differs from the file.
    changed: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    relative: String,
    stamp: [u64; 7],
    id: String,
    findings: Vec<StoredFinding>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredFinding {
    rule: String,
    error: bool,
    message: String,
    file: String,
    process: Option<String>,
    field: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize, Deserialize)]
struct Contents {
    context: u64,
    entries: Vec<Stored>,
}

impl StoredFinding {
    fn of(finding: &Finding) -> Self {
        Self {
            rule: finding.rule.to_owned(),
            error: finding.severity == Severity::Error,
            message: finding.message.clone(),
            file: finding.location.file.clone(),
            process: finding.location.process.clone(),
            field: finding.location.field.clone(),
            line: finding.location.line,
            column: finding.location.column,
        }
    }

    /// The finding again; `None` for a rule this build does not have.
    fn finding(&self) -> Option<Finding> {
        let rule = ALL.iter().find(|r| r.id == self.rule)?;
        let location = Location {
            file: self.file.clone(),
            process: self.process.clone(),
            field: self.field.clone(),
            line: self.line,
            column: self.column,
        };
        let severity = if self.error {
            Severity::Error
        } else {
            Severity::Warning
        };
        Some(Finding::new(rule, location, self.message.clone()).with_severity(severity))
    }
}

impl FindingsCache {
    /// The cache of the inventory at `root` for checking it as of `today`;
    /// `None` when there can be none (no repository of its own, a context file
    /// changed a moment ago, a build the program cannot identify).
    pub fn open(root: &Path, today: NaiveDate) -> Option<Self> {
        let dir = cache_dir(root)?;
        let context = context_fingerprint(root, today)?;
        let path = dir.join(FILE);
        let stored = std::fs::read(&path)
            .ok()
            .and_then(|bytes| read_contents(&bytes))
            .filter(|contents| contents.context == context)
            .map(|contents| {
                contents
                    .entries
                    .into_iter()
                    .map(|e| (e.relative.clone(), e))
                    .collect()
            })
            .unwrap_or_default();
        Some(Self {
            path,
            dir,
            context,
            stored,
            next: HashMap::new(),
            changed: false,
        })
    }

    /// The findings of the file at `relative` (`processos/x.ron`), if it still
    /// has the stat data `stamp` it had when they were found.
    pub(crate) fn take(&mut self, relative: &str, stamp: Stamp) -> Option<Checked> {
        let stored = self.stored.remove(relative)?;
        if stored.stamp != stamp.0 {
            self.changed = true;
            return None;
        }
        let findings: Option<Vec<Finding>> =
            stored.findings.iter().map(StoredFinding::finding).collect();
        let Some(findings) = findings else {
            self.changed = true;
            return None;
        };
        let checked = Checked {
            id: stored.id.clone(),
            findings,
        };
        self.next.insert(stored.relative.clone(), stored);
        Some(checked)
    }

    /// Keeps the findings of a file read with the stat data `stamp` (taken
    /// before it was read), unless it changed too recently to be trusted.
    pub(crate) fn keep(&mut self, relative: &str, stamp: Stamp, checked: &Checked) {
        if stamp.is_racy(SystemTime::now()) {
            return;
        }
        let stored = Stored {
            relative: relative.to_owned(),
            stamp: stamp.0,
            id: checked.id.clone(),
            findings: checked.findings.iter().map(StoredFinding::of).collect(),
        };
        self.next.insert(stored.relative.clone(), stored);
        self.changed = true;
    }

    /// Writes the file when it changed: the entries used or kept this time,
    /// so those of files removed or changed go. Best effort: a failure costs
    /// the next `check` a full run, nothing else.
    pub fn save(self) {
        let dropped = !self.stored.is_empty();
        if !self.changed && !dropped {
            return;
        }
        let mut entries: Vec<Stored> = self.next.into_values().collect();
        entries.sort_by(|a, b| a.relative.cmp(&b.relative));
        let contents = Contents {
            context: self.context,
            entries,
        };
        let Ok(payload) = rmp_serde::to_vec(&contents) else {
            return;
        };
        let mut bytes = Vec::with_capacity(12 + payload.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        bytes.extend_from_slice(&payload);
        let _ = write_cache_file(&self.dir, &self.path, &bytes);
    }
}

fn read_contents(bytes: &[u8]) -> Option<Contents> {
    let (magic, rest) = bytes.split_at_checked(8)?;
    let (checksum, payload) = rest.split_at_checked(4)?;
    if magic != MAGIC || crc32fast::hash(payload).to_le_bytes() != checksum {
        return None;
    }
    rmp_serde::from_slice(payload).ok()
}

/// What every process's findings depend on besides the process: the build,
/// the date, and the stat data of `inventario.ron` and of every file under
/// `catalogos/` and `ripd/`. `None` when one of them changed a moment ago.
fn context_fingerprint(root: &Path, today: NaiveDate) -> Option<u64> {
    let mut files = vec![layout::institution_path(root)];
    for dir in [layout::CATALOGS_DIR, layout::RIPD_DIR] {
        files_under(&root.join(dir), &mut files);
    }
    files.sort();
    let now = SystemTime::now();
    let mut hasher = DefaultHasher::new();
    MAGIC.hash(&mut hasher);
    build_id()?.hash(&mut hasher);
    today.hash(&mut hasher);
    for file in &files {
        file.hash(&mut hasher);
        match std::fs::symlink_metadata(file) {
            Ok(meta) => {
                let stamp = Stamp::of(&meta);
                if stamp.is_racy(now) {
                    return None;
                }
                stamp.0.hash(&mut hasher);
            }
            Err(_) => "ausente".hash(&mut hasher),
        }
    }
    Some(hasher.finish())
}

/// Every file under `dir`, at any depth (links as themselves).
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::NEVER_REVIEWED;

    fn stamp(path: &Path) -> Stamp {
        Stamp::of(&std::fs::metadata(path).unwrap())
    }

    fn finding(rule: &'static str) -> Finding {
        Finding {
            severity: Severity::Warning,
            rule,
            article: NEVER_REVIEWED.article,
            message: "o processo nunca foi revisado pelo comitê gestor".into(),
            location: Location::file("processos/a.ron".to_owned()),
        }
    }

    #[test]
    fn an_entry_is_read_back_only_whole_for_a_known_rule_and_a_settled_file() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("processos")).unwrap();
        std::fs::write(root.join("inventario.ron"), "()").unwrap();
        let (a, b) = (root.join("processos/a.ron"), root.join("processos/b.ron"));
        std::fs::write(&a, "(id: \"a\")").unwrap();
        std::fs::write(&b, "(id: \"b\")").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        // A context file changed a moment ago: no cache at all.
        assert!(FindingsCache::open(root, today).is_none());
        std::thread::sleep(std::time::Duration::from_millis(2_100));
        let known = Checked {
            id: "a".into(),
            findings: vec![finding(NEVER_REVIEWED.id)],
        };
        let mut cache = FindingsCache::open(root, today).unwrap();
        assert_eq!(cache.take("processos/a.ron", stamp(&a)), None);
        cache.keep("processos/a.ron", stamp(&a), &known);
        let unknown_rule = Checked {
            id: "b".into(),
            findings: vec![finding("regra-de-outra-versao")],
        };
        cache.keep("processos/b.ron", stamp(&b), &unknown_rule);
        // Changed a moment ago: not kept.
        let c = root.join("processos/c.ron");
        std::fs::write(&c, "(id: \"c\")").unwrap();
        cache.keep("processos/c.ron", stamp(&c), &known);
        cache.save();

        let mut cache = FindingsCache::open(root, today).unwrap();
        assert_eq!(
            cache.take("processos/a.ron", stamp(&a)),
            Some(known.clone())
        );
        assert_eq!(cache.take("processos/b.ron", stamp(&b)), None);
        assert_eq!(cache.take("processos/c.ron", stamp(&c)), None);
        // Another date is another context.
        let tomorrow = today.succ_opt().unwrap();
        let mut other = FindingsCache::open(root, tomorrow).unwrap();
        assert_eq!(other.take("processos/a.ron", stamp(&a)), None);

        // A damaged file is a miss, never an error.
        let file = root
            .join(".git")
            .join(super::super::parse_cache::CACHE_DIR)
            .join(FILE);
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&file, bytes).unwrap();
        let mut cache = FindingsCache::open(root, today).unwrap();
        assert_eq!(cache.take("processos/a.ron", stamp(&a)), None);
    }
}
