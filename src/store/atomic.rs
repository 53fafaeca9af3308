//! Atomic file replacement: write a temporary file in the same directory, fsync it,
//! rename it over the target, fsync the directory. A reader sees the old file or
//! the new one, never a torn one, even if the process dies midway. The new file
//! keeps the mode of the one it replaces; a new file gets the user's umask (an
//! inventory is shared by several Unix users), never a private 0600.

use std::fs::{File, Permissions};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::error::StoreError;
use super::layout::TEMP_PREFIX;

/// The mode a new file is asked for; `open(2)` applies the umask to it.
pub(super) const NEW_FILE_MODE: u32 = 0o666;

pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_replacing(path, bytes, true)
}

/// Like `write_atomically` (a reader never sees a torn file) but without the
/// fsyncs: for outputs written by the thousand that the next run rewrites
/// anyway (the public site's pages), where two fsyncs per file cost seconds.
pub fn write_atomically_unsynced(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_replacing(path, bytes, false)
}

fn write_replacing(path: &Path, bytes: &[u8], durable: bool) -> Result<(), StoreError> {
    let dir = parent_of(path);
    let temp = filled_temporary(path, bytes, durable)?;
    temp.persist(path)
        .map_err(|e| StoreError::io(path, e.error))?;
    // Make the rename itself durable.
    if durable && let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    Ok(())
}

/// Replaces each file of `files` as `write_atomically_unsynced` would, but
/// writes every temporary file before the first rename: a rename frees the
/// replaced file's inode, and ext4 skips recently freed inodes when it gives out
/// new ones, so interleaving the two made each new file of a batch of 2,000
/// slower to create than the one before (half of an approval's time).
/// The caller ends the batch with `sync_file_system`. A failure before the
/// renames leaves every target as it was and no temporary file behind.
pub fn write_batch_unsynced(files: &[(PathBuf, impl AsRef<[u8]>)]) -> Result<(), StoreError> {
    let mut written = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        // Closed at once (only its path is kept): a batch may be larger than
        // the number of files a process may hold open.
        written.push(filled_temporary(path, bytes.as_ref(), false)?.into_temp_path());
    }
    for (temp, (path, _)) in written.into_iter().zip(files) {
        temp.persist(path)
            .map_err(|e| StoreError::io(path, e.error))?;
    }
    Ok(())
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A temporary file beside `path` holding `bytes`, with the mode of the file it
/// will replace (or the umask's for a new one); fsynced when `durable`.
fn filled_temporary(path: &Path, bytes: &[u8], durable: bool) -> Result<NamedTempFile, StoreError> {
    let dir = parent_of(path);
    let existing_mode = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions().mode() & 0o7777);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .permissions(Permissions::from_mode(NEW_FILE_MODE))
        .tempfile_in(dir)
        .map_err(|e| StoreError::io(dir, e))?;
    if let Some(mode) = existing_mode {
        temp.as_file()
            .set_permissions(Permissions::from_mode(mode))
            .map_err(|e| StoreError::io(path, e))?;
    }
    temp.write_all(bytes).map_err(|e| StoreError::io(path, e))?;
    if durable {
        temp.as_file()
            .sync_all()
            .map_err(|e| StoreError::io(path, e))?;
    }
    Ok(temp)
}

/// Makes every write so far on the file system that holds `dir` durable: one
/// syncfs(2) after a batch of `write_atomically_unsynced` files, instead of two
/// fsyncs per file. Elsewhere than Linux, each of `files` is fsynced.
pub fn sync_file_system(dir: &Path, files: &[std::path::PathBuf]) -> Result<(), StoreError> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let _ = files;
        let handle = File::open(dir).map_err(|e| StoreError::io(dir, e))?;
        // SAFETY: the descriptor is open for the whole call; syncfs only reads it.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
            return Err(StoreError::io(dir, std::io::Error::last_os_error()));
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        for file in files {
            if let Ok(handle) = File::open(file) {
                handle.sync_all().map_err(|e| StoreError::io(file, e))?;
            }
        }
        Ok(())
    }
}

/// Removes the temporary files a killed write left in `dir`; returns their names.
pub fn remove_leftover_temporaries(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.starts_with(TEMP_PREFIX) && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(name);
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomically(&path, b"um").unwrap();
        write_atomically(&path, b"dois").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"dois");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_batch_replaces_every_file_keeps_modes_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("velho.ron");
        std::fs::write(&old, b"antes").unwrap();
        std::fs::set_permissions(&old, Permissions::from_mode(0o640)).unwrap();
        let mut files: Vec<(PathBuf, Vec<u8>)> = (0..1500)
            .map(|i| {
                (
                    dir.path().join(format!("p{i}.ron")),
                    format!("{i}").into_bytes(),
                )
            })
            .collect();
        files.push((old.clone(), b"depois".to_vec()));
        write_batch_unsynced(&files).unwrap();
        for (path, bytes) in &files {
            assert_eq!(&std::fs::read(path).unwrap(), bytes);
        }
        let mode = std::fs::metadata(&old).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), files.len());
        // A failure while writing the temporaries replaces nothing.
        let broken = vec![
            (old.clone(), b"terceira".to_vec()),
            (dir.path().join("nao/existe.ron"), b"x".to_vec()),
        ];
        assert!(write_batch_unsynced(&broken).is_err());
        assert_eq!(std::fs::read(&old).unwrap(), b"depois");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), files.len());
    }

    #[test]
    fn missing_directory_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_atomically(&dir.path().join("nao/existe.ron"), b"x").unwrap_err();
        assert!(error.to_string().contains("não encontrado"), "{error}");
    }

    #[test]
    fn a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomically(&path, b"um").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // Whatever the umask, group and others are not shut out by the tool itself
        // unless the umask says so: 0666 & !umask, never a fixed 0600.
        let umask_allows_others = {
            let probe = dir.path().join("probe");
            std::fs::write(&probe, b"").unwrap();
            std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777
        };
        assert_eq!(mode, umask_allows_others);
        std::fs::set_permissions(&path, Permissions::from_mode(0o664)).unwrap();
        write_atomically(&path, b"dois").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o664);
    }

    #[test]
    fn leftover_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".inventario-abc"), b"x").unwrap();
        std::fs::write(dir.path().join("cftv.ron"), b"x").unwrap();
        assert_eq!(
            remove_leftover_temporaries(dir.path()),
            vec![".inventario-abc"]
        );
        assert!(dir.path().join("cftv.ron").exists());
    }
}
