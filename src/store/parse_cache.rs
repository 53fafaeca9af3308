//! A cache of parsed documents under `.git/inventario-cache/`, so a command
//! that reads the whole inventory parses only the files that changed since the
//! last run (parsing RON is most of `check`, `pendencias` and the application's
//! start).
//!
//! The entries live in a few shard files per kind of document
//! (`processos-00` … `processos-31`, `ripd-00`, `inventario-00`; a file goes
//! to the shard its path's CRC-32 names). An entry holds the file's path and
//! stat data when it was read, and the parsed document as MessagePack with a
//! CRC-32; a shard names the build of the program that wrote it. An entry is
//! used only when all of these match; anything else (another build, a changed
//! file, a damaged or foreign shard) is a miss, and the file is parsed as if
//! there were no cache. A file that does not parse is never cached, so its
//! error is reported every time.
//!
//! A shard is rewritten whole (temporary file, rename, no fsync) when it has a
//! new entry to keep or a stale one to drop: after a crash a shard is either
//! whole or fails its checks. Few shards keep a cold start to a few dozen writes, and a
//! change to one file rewrites 1/32 of the cache.
//!
//! Files changed less than [`RACY_WINDOW`] before they were read are not
//! cached: a second change within the file system's timestamp granularity
//! could keep the same stat data (git calls this "racily clean").

use std::collections::HashMap;
use std::fs::{self, Metadata};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The cache's directory inside `.git/`.
pub const CACHE_DIR: &str = "inventario-cache";

/// The shard layout; bump it when the layout changes.
const MAGIC: &[u8; 8] = b"INVCACH2";

/// A file changed this recently is not cached (see the module comment).
const RACY_WINDOW: Duration = Duration::from_secs(2);

/// The temporary files shards are written to, and the age after which one is
/// a killed writer's leftover.
const TEMP_PREFIX: &str = ".escrita-";
const LEFTOVER_AGE: Duration = Duration::from_secs(60);

/// Shards of the process files; other kinds have one.
const PROCESS_SHARDS: u32 = 32;

/// What identifies one version of a file on disk: size, modification and
/// status-change times, inode and device. An atomic save (rename) always
/// changes the inode; an edit in place changes the times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp(pub(crate) [u64; 7]);

impl Stamp {
    pub(crate) fn of(meta: &Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Self([
                meta.len(),
                meta.mtime() as u64,
                meta.mtime_nsec() as u64,
                meta.ctime() as u64,
                meta.ctime_nsec() as u64,
                meta.ino(),
                meta.dev(),
            ])
        }
        #[cfg(not(unix))]
        {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .unwrap_or_default();
            Self([
                meta.len(),
                modified.as_secs(),
                u64::from(modified.subsec_nanos()),
                0,
                0,
                0,
                0,
            ])
        }
    }

    /// Whether the file changed too recently to be cached.
    pub(crate) fn is_racy(&self, now: SystemTime) -> bool {
        let [_, m_s, m_ns, c_s, c_ns, ..] = self.0;
        let (secs, nanos) = (m_s, m_ns).max((c_s, c_ns));
        let changed = SystemTime::UNIX_EPOCH + Duration::new(secs, nanos.min(999_999_999) as u32);
        now.duration_since(changed)
            .map_or(true, |age| age < RACY_WINDOW)
    }

    fn write_to(&self, out: &mut Vec<u8>) {
        for value in self.0 {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
}

/// One file to read: its path relative to the inventory (`processos/x.ron`)
/// and on disk.
pub(crate) struct Source<'a> {
    pub relative: &'a str,
    pub path: &'a Path,
}

/// The parse cache of one inventory.
pub(crate) struct ParseCache {
    dir: PathBuf,
    build: u64,
    /// How many documents came from the cache.
    hits: AtomicUsize,
}

impl ParseCache {
    /// The cache of the inventory at `root`, when `root` holds its own
    /// repository (`.git` is a directory) and the program knows its own build.
    pub(crate) fn for_inventory(root: &Path) -> Option<Self> {
        Some(Self {
            dir: cache_dir(root)?,
            build: build_id()?,
            hits: AtomicUsize::new(0),
        })
    }

    /// How many documents came from the cache so far.
    pub(crate) fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Reads every file of one `kind` (`processos`, `ripd`, `inventario`):
    /// from the cache when unchanged, otherwise read and given to `parse`
    /// (its bytes, or the error reading it), and hands each
    /// document to `visit` with its index in `files` and the stat data the
    /// file had before it was read (`None` when it could not be taken); what
    /// `visit` returns,
    /// in the order of `files`. On every core. Updates the shards that
    /// changed. `complete` says `files` are all the files of the kind: only
    /// then are the entries of files not among them (removed, renamed) dropped;
    /// a read of some of them (the ones `check` still has to read) keeps the
    /// others' entries.
    pub(crate) fn read_all<T, R, E>(
        &self,
        kind: &str,
        files: &[Source<'_>],
        complete: bool,
        parse: impl Fn(io::Result<Vec<u8>>) -> Result<T, E> + Sync,
        visit: impl Fn(usize, Option<Stamp>, T) -> R + Sync,
    ) -> Vec<Result<R, E>>
    where
        T: Serialize + DeserializeOwned,
        R: Send,
        E: Send,
    {
        let count = if kind == crate::files::PROCESSES_DIR {
            PROCESS_SHARDS
        } else {
            1
        };
        let mut shards: Vec<Vec<usize>> = vec![Vec::new(); count as usize];
        for (index, file) in files.iter().enumerate() {
            shards[(crc32fast::hash(file.relative.as_bytes()) % count) as usize].push(index);
        }
        let numbered: Vec<(usize, Vec<usize>)> = shards.into_iter().enumerate().collect();
        let read = crate::parallel::map_batches(&numbered, |(shard, members)| {
            let path = self.dir.join(format!("{kind}-{shard:02}"));
            self.read_shard(&path, members, files, complete, &parse, &visit)
        });
        let mut results: Vec<Option<Result<R, E>>> = (0..files.len()).map(|_| None).collect();
        for (index, result) in read.into_iter().flatten() {
            results[index] = Some(result);
        }
        results.into_iter().flatten().collect()
    }

    /// Reads the files `members` (indexes into `files`) of one shard and
    /// rewrites the shard when it no longer matches them.
    fn read_shard<T, R, E>(
        &self,
        shard: &Path,
        members: &[usize],
        files: &[Source<'_>],
        complete: bool,
        parse: &impl Fn(io::Result<Vec<u8>>) -> Result<T, E>,
        visit: &impl Fn(usize, Option<Stamp>, T) -> R,
    ) -> Vec<(usize, Result<R, E>)>
    where
        T: Serialize + DeserializeOwned,
    {
        let bytes = fs::read(shard).unwrap_or_default();
        let cached = self.entries(&bytes);
        let now = SystemTime::now();
        let mut results = Vec::with_capacity(members.len());
        // The new shard, entry by entry, and whether it differs from the old
        // one. A new entry is encoded right into it.
        let mut kept = NewShard::new(self.build, bytes.len().max(members.len() * 4096));
        let (mut hits, mut added) = (0, 0);
        for &index in members {
            let file = &files[index];
            // The stat data is taken before the read: a change after it makes
            // the entry's stamp stale, never the other way round. A file with
            // an entry is looked at first (a hit is not read at all); the
            // others are opened right away and their stat data taken from the
            // open file, which saves a lookup of the path per file when cold.
            if let Some(entry) = cached.get(file.relative) {
                let stamp = fs::metadata(file.path).ok().map(|m| Stamp::of(&m));
                let hit = stamp
                    .filter(|stamp| entry.stamp == *stamp)
                    .and_then(|_| entry.document::<T>());
                if let Some(document) = hit {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    kept.copy(entry.whole);
                    hits += 1;
                    results.push((index, Ok(visit(index, stamp, document))));
                    continue;
                }
            }
            let (stamp, bytes) = read_stamped(file.path);
            let result = parse(bytes);
            if let (Ok(document), Some(stamp)) = (&result, stamp)
                && !stamp.is_racy(now)
                && kept.add(file.relative, &stamp, document)
            {
                added += 1;
            }
            results.push((index, result.map(|document| visit(index, stamp, document))));
        }
        // The entries of the files this read was not given stay as they are.
        let mut carried = 0;
        if !complete {
            let given: std::collections::HashSet<&str> =
                members.iter().map(|&i| files[i].relative).collect();
            for (relative, entry) in &cached {
                if !given.contains(relative) {
                    kept.copy(entry.whole);
                    carried += 1;
                }
            }
        }
        // Rewritten when there is something new to keep, or an entry to drop
        // (a changed file's old one, or one of a file removed or renamed).
        if added > 0 || cached.len() > hits + carried {
            // Best effort: a failure only costs a parse next time.
            let _ = self.write_file(shard, &kept.finish());
            self.remove_leftovers();
        }
        results
    }

    /// The entries of a shard written by this build; none if it is not one.
    fn entries<'a>(&self, bytes: &'a [u8]) -> HashMap<&'a str, Entry<'a>> {
        let mut entries = HashMap::new();
        let mut reader = Reader::new(bytes, 0);
        if reader.take(8) != Some(MAGIC.as_slice())
            || reader.u64() != Some(self.build)
            || reader.u64().is_none()
        {
            return entries;
        }
        while !reader.is_done() {
            match Entry::read(&mut reader) {
                Some(entry) => entries.insert(entry.relative, entry),
                // A damaged shard: what was read before the damage still has
                // its own checksums.
                None => break,
            };
        }
        entries
    }

    /// Removes the temporary files of writers killed mid-write (older than a
    /// minute, so a write under way is left alone).
    fn remove_leftovers(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let stale = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
                && entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > LEFTOVER_AGE);
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    fn write_file(&self, path: &Path, bytes: &[u8]) -> Option<()> {
        write_cache_file(&self.dir, path, bytes)
    }
}

/// Writes one file of `dir` (a cache under `.git/`) whole: a temporary file,
/// then a rename, no fsync (a cache lost in a crash is rebuilt). The directory
/// is created with the permissions of `.git` itself, so a repository shared by
/// a group keeps a cache the group can update; the file gets the user's umask,
/// not tempfile's 0600, as the other users of a shared inventory read it.
pub(crate) fn write_cache_file(dir: &Path, path: &Path, bytes: &[u8]) -> Option<()> {
    if !dir.is_dir() {
        fs::create_dir_all(dir).ok()?;
        let git = dir.parent()?;
        if let Ok(meta) = fs::metadata(git) {
            let _ = fs::set_permissions(dir, meta.permissions());
        }
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(super::atomic::NEW_FILE_MODE));
    }
    let mut temp = builder.tempfile_in(dir).ok()?;
    temp.write_all(bytes).ok()?;
    temp.persist(path).ok()?;
    Some(())
}

/// The cache's directory of the inventory at `root`, when `root` holds its own
/// repository (`.git` is a directory) and the directory is not a link (a cache
/// writes only inside `.git`).
pub(crate) fn cache_dir(root: &Path) -> Option<PathBuf> {
    let git = root.join(".git");
    if !fs::symlink_metadata(&git).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let dir = git.join(CACHE_DIR);
    if fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
        return None;
    }
    Some(dir)
}

/// One entry of a shard as read.
struct Entry<'a> {
    relative: &'a str,
    stamp: Stamp,
    checksum: u32,
    payload: &'a [u8],
    /// The whole entry, to copy into a rewritten shard.
    whole: &'a [u8],
}

impl<'a> Entry<'a> {
    /// The document the entry holds, if its checksum matches and it decodes.
    fn document<T: DeserializeOwned>(&self) -> Option<T> {
        if crc32fast::hash(self.payload) != self.checksum {
            return None;
        }
        rmp_serde::from_slice(self.payload).ok()
    }

    fn read(reader: &mut Reader<'a>) -> Option<Self> {
        let start = reader.at;
        let length = u16::from_le_bytes(reader.take(2)?.try_into().ok()?);
        let relative = std::str::from_utf8(reader.take(length.into())?).ok()?;
        let mut stamp = [0u64; 7];
        for value in &mut stamp {
            *value = reader.u64()?;
        }
        let size = u32::from_le_bytes(reader.take(4)?.try_into().ok()?);
        let checksum = u32::from_le_bytes(reader.take(4)?.try_into().ok()?);
        let payload = reader.take(size as usize)?;
        Some(Self {
            relative,
            stamp: Stamp(stamp),
            checksum,
            payload,
            whole: &reader.bytes[start..reader.at],
        })
    }
}

/// A file's stat data, taken from it once open (before the read), and its
/// bytes.
fn read_stamped(path: &Path) -> (Option<Stamp>, io::Result<Vec<u8>>) {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(error) => return (None, Err(error)),
    };
    let meta = match file.metadata() {
        Ok(meta) => meta,
        Err(error) => return (None, Err(error)),
    };
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    let read = file.read_to_end(&mut bytes).map(|_| bytes);
    (Some(Stamp::of(&meta)), read)
}

/// A shard being written: magic, build, entry count, then the entries, each
/// its path, stamp, payload size and CRC-32, and payload.
struct NewShard {
    bytes: Vec<u8>,
    entries: u64,
}

impl NewShard {
    fn new(build: u64, capacity: usize) -> Self {
        let mut bytes = Vec::with_capacity(capacity);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&build.to_le_bytes());
        bytes.extend_from_slice(&0u64.to_le_bytes());
        Self { bytes, entries: 0 }
    }

    /// Copies an entry of the old shard as it is.
    fn copy(&mut self, whole: &[u8]) {
        self.bytes.extend_from_slice(whole);
        self.entries += 1;
    }

    /// Adds the entry of `document`, read from the file at `relative` with
    /// the stat data `stamp`; `false` (and nothing added) when it cannot be
    /// encoded.
    fn add<T: Serialize>(&mut self, relative: &str, stamp: &Stamp, document: &T) -> bool {
        let Ok(length) = u16::try_from(relative.len()) else {
            return false;
        };
        let start = self.bytes.len();
        self.bytes.extend_from_slice(&length.to_le_bytes());
        self.bytes.extend_from_slice(relative.as_bytes());
        stamp.write_to(&mut self.bytes);
        let sizes = self.bytes.len();
        self.bytes.extend_from_slice(&[0; 8]);
        let payload = self.bytes.len();
        let encoded = rmp_serde::encode::write_named(&mut self.bytes, document);
        let size = match (encoded, u32::try_from(self.bytes.len() - payload)) {
            (Ok(()), Ok(size)) => size,
            _ => {
                self.bytes.truncate(start);
                return false;
            }
        };
        let checksum = crc32fast::hash(&self.bytes[payload..]);
        self.bytes[sizes..sizes + 4].copy_from_slice(&size.to_le_bytes());
        self.bytes[sizes + 4..payload].copy_from_slice(&checksum.to_le_bytes());
        self.entries += 1;
        true
    }

    /// The shard's bytes, with its entry count.
    fn finish(mut self) -> Vec<u8> {
        self.bytes[16..24].copy_from_slice(&self.entries.to_le_bytes());
        self.bytes
    }
}

/// Reads a cache file's fields in order, little-endian; `None` past its end.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader of `bytes` from their byte `at`.
    pub(crate) fn new(bytes: &'a [u8], at: usize) -> Self {
        Self { bytes, at }
    }

    /// Where the next field starts.
    pub(crate) fn at(&self) -> usize {
        self.at
    }

    /// Whether every byte was read.
    pub(crate) fn is_done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    pub(crate) fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(count)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

/// Identifies this build of the program: a shard written by another build is
/// never trusted, whatever the model looked like then. From the executable's
/// size, modification time and inode, and the shard layout.
pub(crate) fn build_id() -> Option<u64> {
    static BUILD: OnceLock<Option<u64>> = OnceLock::new();
    *BUILD.get_or_init(|| {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let exe = std::env::current_exe().ok()?;
        let stamp = Stamp::of(&fs::metadata(exe).ok()?);
        let mut hasher = DefaultHasher::new();
        MAGIC.hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        // Not the status-change time: a hard link or chmod is the same build.
        [stamp.0[0], stamp.0[1], stamp.0[2], stamp.0[5], stamp.0[6]].hash(&mut hasher);
        Some(hasher.finish())
    })
}

#[cfg(test)]
#[path = "parse_cache_tests.rs"]
mod tests;
