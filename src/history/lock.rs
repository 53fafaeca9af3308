//! Locks. The writers' lock is an advisory lock on `.git/inventario.lock` that the
//! operating system releases when its holder exits or dies (unlike `*.lock`
//! files), so a crashed editor never blocks the others; its holder writes who it
//! is into the file, so a writer that waits too long can say who holds it. git's
//! own `*.lock` files (`refs/heads/main.lock`, `index.lock`, tag locks) are not
//! released by a crash: while we hold the writers' lock no tool process can be
//! using them, so one that stays put is stale and is removed, and the user is told.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::error::HistoryError;
use crate::store::StoreError;

/// How long a writer waits for the others by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// A git lock file that has not changed for this long, while no tool process can
/// be writing, belongs to a process that died (plain git holds them for
/// milliseconds).
const STALE_AFTER: Duration = Duration::from_secs(2);

const LOCK_FILE: &str = "inventario.lock";

/// Held while writing; released on drop.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    let open = |write: bool| {
        OpenOptions::new()
            .create(write)
            .truncate(false)
            .write(write)
            .read(true)
            .open(path)
    };
    match open(true) {
        Ok(file) => Ok(file),
        // Another user created it and the umask kept it read-only for us: an
        // advisory lock works on a read-only handle as well.
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            open(false).map_err(|e| StoreError::io(path, e))
        }
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// "processo 1234 de ana em servidor, desde 24/11/2026 19:40:02".
fn holder_description() -> String {
    format!(
        "processo {} de {} em {}, desde {}",
        std::process::id(),
        super::author::login(),
        super::author::host(),
        chrono::Local::now().format("%d/%m/%Y %H:%M:%S")
    )
}

impl WriterLock {
    /// Waits up to `wait` for the lock in `git_dir`.
    pub fn acquire(git_dir: &Path, wait: Duration) -> Result<WriterLock, HistoryError> {
        let path = git_dir.join(LOCK_FILE);
        let mut file = open_lock_file(&path)?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => {
                    // Best effort: who holds it, for whoever has to wait.
                    let _ = file
                        .set_len(0)
                        .and_then(|()| file.write_all(holder_description().as_bytes()));
                    return Ok(WriterLock { _file: file });
                }
                Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = File::open(&path).and_then(|mut f| f.read_to_string(&mut holder));
                    return Err(HistoryError::LockTimeout {
                        seconds: wait.as_secs(),
                        holder: holder.trim().to_owned(),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, e).into()),
            }
        }
    }
}

/// git's lock files in `git_dir` that a dead writer could have left.
fn git_lock_files(git_dir: &Path) -> Vec<PathBuf> {
    // Every git lock at the top of .git (index, HEAD, ORIG_HEAD, packed-refs,
    // config…), not the tool's own writers' lock.
    let mut out: Vec<PathBuf> = std::fs::read_dir(git_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_file()
                && path.extension().is_some_and(|e| e == "lock")
                && path.file_name().is_some_and(|n| n != LOCK_FILE)
        })
        .collect();
    let mut dirs = vec![git_dir.join("refs")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => dirs.push(path),
                Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "lock") => {
                    out.push(path)
                }
                _ => {}
            }
        }
    }
    out
}

fn age(path: &Path) -> Option<Duration> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(
        SystemTime::now()
            .duration_since(modified)
            .unwrap_or(Duration::ZERO),
    )
}

/// Removes git lock files that outlived their writer; call it only while holding
/// the writers' lock. A young one is given up to `STALE_AFTER` to disappear (a
/// plain `git status` in someone's shell prompt). Returns what it removed.
pub fn remove_stale_git_locks(git_dir: &Path) -> Vec<String> {
    let mut removed = Vec::new();
    for path in git_lock_files(git_dir) {
        // A lock is stale once it is STALE_AFTER old; one that stays younger a
        // second past that is being renewed by a live process and is left alone.
        let deadline = Instant::now() + STALE_AFTER + Duration::from_secs(1);
        loop {
            match age(&path) {
                None => break, // gone: its owner finished
                Some(age) if age >= STALE_AFTER => {
                    if std::fs::remove_file(&path).is_ok() {
                        removed.push(crate::store::layout::relative(git_dir, &path));
                    }
                    break;
                }
                Some(_) if Instant::now() >= deadline => break,
                Some(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_times_out_and_says_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriterLock::acquire(dir.path(), DEFAULT_WAIT).unwrap();
        let second = WriterLock::acquire(dir.path(), Duration::from_millis(50));
        let Err(HistoryError::LockTimeout { holder, .. }) = &second else {
            panic!("expected a timeout");
        };
        assert!(
            holder.contains(&format!("processo {}", std::process::id())),
            "{holder}"
        );
        let message = second.unwrap_err().to_string();
        assert!(message.contains("kill"), "{message}");
        drop(first);
        assert!(WriterLock::acquire(dir.path(), Duration::from_millis(50)).is_ok());
    }

    #[test]
    fn stale_git_locks_are_removed_and_live_ones_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let git = dir.path();
        std::fs::create_dir_all(git.join("refs/heads")).unwrap();
        std::fs::create_dir_all(git.join("refs/tags/aprovacao")).unwrap();
        let old = SystemTime::now() - Duration::from_secs(60);
        for name in [
            "refs/heads/main.lock",
            "refs/tags/aprovacao/2026-11-23.lock",
        ] {
            let file = File::create(git.join(name)).unwrap();
            file.set_modified(old).unwrap();
        }
        // A young index.lock that its owner removes shortly: waited for, not removed.
        std::fs::write(git.join("index.lock"), b"").unwrap();
        let index_lock = git.join("index.lock");
        let remover = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            std::fs::remove_file(index_lock).unwrap();
        });
        let mut removed = remove_stale_git_locks(git);
        remover.join().unwrap();
        removed.sort();
        assert_eq!(
            removed,
            vec![
                "refs/heads/main.lock",
                "refs/tags/aprovacao/2026-11-23.lock"
            ]
        );
        assert!(git_lock_files(git).is_empty());
    }
}
