//! The writers' lock: an advisory lock on `.git/inventario.lock` that the operating
//! system releases when its holder exits or dies (unlike `*.lock` files), so a
//! crashed editor never blocks the others.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use super::error::HistoryError;
use crate::store::StoreError;

/// How long a writer waits for the others by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// Held while writing; released on drop.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Waits up to `wait` for the lock in `git_dir`.
    pub fn acquire(git_dir: &Path, wait: Duration) -> Result<WriterLock, HistoryError> {
        let path = git_dir.join("inventario.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| StoreError::io(&path, e))?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(WriterLock { _file: file }),
                Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(HistoryError::LockTimeout(wait.as_secs()));
                }
                Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, e).into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriterLock::acquire(dir.path(), DEFAULT_WAIT).unwrap();
        let second = WriterLock::acquire(dir.path(), Duration::from_millis(50));
        assert!(matches!(second, Err(HistoryError::LockTimeout(_))));
        drop(first);
        assert!(WriterLock::acquire(dir.path(), Duration::from_millis(50)).is_ok());
    }
}
