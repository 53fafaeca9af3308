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
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::layout;
use super::parse_cache::{Reader, Stamp, build_id, cache_dir, write_cache_file};
use crate::rules::registry::ALL;
use crate::rules::{Finding, Location, Severity};

/// The file under the cache's directory.
const FILE: &str = "achados";
/// The file's first bytes; bump when the layout changes. The layout: these
/// bytes, the CRC-32 of the rest, the context fingerprint, then one entry per
/// process file, each its length and its MessagePack.
const MAGIC: &[u8; 8] = b"INVACHA2";
/// Magic, checksum and context.
const HEADER: usize = 8 + 4 + 8;

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
    /// The file as read, which the entries used again are copied from.
    bytes: Vec<u8>,
    /// What the file held (for this context), by path relative to the root,
    /// with where the entry is in `bytes`.
    stored: HashMap<String, (Stored, Range<usize>)>,
    /// What the next file holds: the entries used and the ones added, by
    /// path relative to the root.
    next: Vec<(String, Encoded)>,
    /// Whether `next` differs from the file.
    changed: bool,
}

/// One entry of the next file.
enum Encoded {
    /// Used again as it was: where it is in the file read.
    Old(Range<usize>),
    New(Vec<u8>),
}

/// The findings of one file, encoded for the cache where they were found
/// (on any thread), to hand to [`FindingsCache::keep`].
pub(crate) struct NewEntry {
    relative: String,
    bytes: Vec<u8>,
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
        let bytes = std::fs::read(&path).unwrap_or_default();
        let stored = read_entries(&bytes, context).unwrap_or_default();
        Some(Self {
            path,
            dir,
            context,
            bytes,
            stored,
            next: Vec::new(),
            changed: false,
        })
    }

    /// Whether the file had no entry for this context: nothing to look up.
    pub(crate) fn is_empty(&self) -> bool {
        self.stored.is_empty()
    }

    /// The findings of the file at `relative` (`processos/x.ron`), if it still
    /// has the stat data `stamp` it had when they were found; the entry is
    /// then kept for the next `check`.
    pub(crate) fn take(&mut self, relative: &str, stamp: Stamp) -> Option<Checked> {
        let (stored, range) = self.stored.remove(relative)?;
        let findings: Option<Vec<Finding>> =
            stored.findings.iter().map(StoredFinding::finding).collect();
        let checked = findings
            .filter(|_| stored.stamp == stamp.0)
            .map(|findings| Checked {
                id: stored.id,
                findings,
            });
        match &checked {
            Some(_) => self.next.push((stored.relative, Encoded::Old(range))),
            None => self.changed = true,
        }
        checked
    }

    /// The findings of a file read with the stat data `stamp` (taken before
    /// it was read), encoded to keep; `None` when the file changed too
    /// recently to be trusted.
    pub(crate) fn entry(relative: &str, stamp: Stamp, checked: &Checked) -> Option<NewEntry> {
        if stamp.is_racy(SystemTime::now()) {
            return None;
        }
        let stored = Stored {
            relative: relative.to_owned(),
            stamp: stamp.0,
            id: checked.id.clone(),
            findings: checked.findings.iter().map(StoredFinding::of).collect(),
        };
        let payload = rmp_serde::to_vec(&stored).ok()?;
        let length = u32::try_from(payload.len()).ok()?;
        let mut bytes = Vec::with_capacity(4 + payload.len());
        bytes.extend_from_slice(&length.to_le_bytes());
        bytes.extend_from_slice(&payload);
        Some(NewEntry {
            relative: stored.relative,
            bytes,
        })
    }

    /// Keeps an entry made by [`FindingsCache::entry`] for the next `check`.
    pub(crate) fn keep(&mut self, entry: NewEntry) {
        self.next.push((entry.relative, Encoded::New(entry.bytes)));
        self.changed = true;
    }

    /// Writes the file when it changed: the entries used or kept this time,
    /// so those of files removed or changed go. Best effort: a failure costs
    /// the next `check` a full run, nothing else.
    pub fn save(mut self) {
        let dropped = !self.stored.is_empty();
        if !self.changed && !dropped {
            return;
        }
        // Two runs already in file order (used, then kept): a merge.
        self.next.sort_by(|a, b| a.0.cmp(&b.0));
        let entry = |encoded: &Encoded| -> usize {
            match encoded {
                Encoded::Old(range) => range.len(),
                Encoded::New(bytes) => bytes.len(),
            }
        };
        let size = HEADER + self.next.iter().map(|(_, e)| entry(e)).sum::<usize>();
        let mut bytes = Vec::with_capacity(size);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&[0; 4]);
        bytes.extend_from_slice(&self.context.to_le_bytes());
        for (_, encoded) in &self.next {
            match encoded {
                Encoded::Old(range) => bytes.extend_from_slice(&self.bytes[range.clone()]),
                Encoded::New(entry) => bytes.extend_from_slice(entry),
            }
        }
        let checksum = crc32fast::hash(&bytes[12..]).to_le_bytes();
        bytes[8..12].copy_from_slice(&checksum);
        let _ = write_cache_file(&self.dir, &self.path, &bytes);
    }
}

/// The entries of a cache file written for `context`, by path, with where
/// each one is in `bytes`; `None` for another layout or context, or a damaged
/// file.
fn read_entries(bytes: &[u8], context: u64) -> Option<HashMap<String, (Stored, Range<usize>)>> {
    let header = bytes.get(..HEADER)?;
    if &header[..8] != MAGIC
        || crc32fast::hash(&bytes[12..]).to_le_bytes() != header[8..12]
        || header[12..] != context.to_le_bytes()
    {
        return None;
    }
    let mut entries = HashMap::new();
    let mut reader = Reader::new(bytes, HEADER);
    while !reader.is_done() {
        let start = reader.at();
        let length = reader.u32()?;
        let stored: Stored = rmp_serde::from_slice(reader.take(length as usize)?).ok()?;
        entries.insert(stored.relative.clone(), (stored, start..reader.at()));
    }
    Some(entries)
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
        assert!(cache.is_empty());
        assert_eq!(cache.take("processos/a.ron", stamp(&a)), None);
        let entry = |path: &Path, checked: &Checked| {
            let relative = layout::relative(root, path);
            FindingsCache::entry(&relative, stamp(path), checked)
        };
        cache.keep(entry(&a, &known).unwrap());
        let unknown_rule = Checked {
            id: "b".into(),
            findings: vec![finding("regra-de-outra-versao")],
        };
        cache.keep(entry(&b, &unknown_rule).unwrap());
        // Changed a moment ago: not kept.
        let c = root.join("processos/c.ron");
        std::fs::write(&c, "(id: \"c\")").unwrap();
        assert!(entry(&c, &known).is_none());
        cache.save();

        let mut cache = FindingsCache::open(root, today).unwrap();
        assert!(!cache.is_empty());
        assert_eq!(
            cache.take("processos/a.ron", stamp(&a)),
            Some(known.clone())
        );
        assert_eq!(cache.take("processos/b.ron", stamp(&b)), None);
        assert_eq!(cache.take("processos/c.ron", stamp(&c)), None);
        cache.save();
        // An entry used again is copied into the next file as it was.
        let mut cache = FindingsCache::open(root, today).unwrap();
        assert_eq!(
            cache.take("processos/a.ron", stamp(&a)),
            Some(known.clone())
        );
        cache.save();
        // One not asked for (its file is gone) is dropped.
        FindingsCache::open(root, today).unwrap().save();
        let mut cache = FindingsCache::open(root, today).unwrap();
        assert!(cache.is_empty());
        cache.keep(entry(&a, &known).unwrap());
        cache.save();
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
