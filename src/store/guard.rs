//! The one guarded write every writer goes through (saves, approvals, `registrar`,
//! `sincronizar`, `formatar`, crash recovery): the path must be in the inventory's
//! layout, nothing on the way may be a symbolic link, and the file is replaced only
//! if it holds what the caller expects — so nobody's work, a hand edit or a file
//! that does not parse, is overwritten unless the user explicitly chose to.

use std::path::{Path, PathBuf};

use super::atomic::{write_atomically, write_atomically_unsynced};
use super::error::StoreError;
use super::layout::{self, InventoryFile};

/// What the file must hold now for the write to go ahead.
#[derive(Debug, Clone, Copy)]
pub enum Replace<'a> {
    /// One of these contents (`None`: the file must not exist).
    IfOneOf(&'a [Option<&'a [u8]>]),
    /// Anything that parses as its kind, or nothing.
    IfReadable,
    /// Whatever is there: the user explicitly chose to replace it.
    Anyway,
}

pub use crate::document::unreadable_reason;

/// Refuses a path outside the layout, or one reached through a symbolic link;
/// creates the missing directories on the way. Returns the absolute path.
pub fn checked_path(root: &Path, relative: &str) -> Result<(PathBuf, InventoryFile), StoreError> {
    let kind = layout::classify(relative).map_err(|reason| StoreError::PathRefused {
        path: relative.to_owned(),
        reason,
    })?;
    let mut at = root.to_path_buf();
    let components: Vec<&str> = relative.split('/').collect();
    for (i, component) in components.iter().enumerate() {
        at.push(component);
        let last = i + 1 == components.len();
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(StoreError::ThroughSymlink(at));
            }
            Ok(meta) if !last && !meta.is_dir() => {
                return Err(StoreError::io(
                    &at,
                    std::io::Error::from(std::io::ErrorKind::NotADirectory),
                ));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !last => {
                std::fs::create_dir(&at).map_err(|e| StoreError::io(&at, e))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io(&at, e)),
        }
    }
    Ok((at, kind))
}

/// What the file at `path` holds now (`None`: absent).
pub fn current_content(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// Whether the file may be replaced, without writing anything.
pub fn check_replace(root: &Path, relative: &str, replace: Replace) -> Result<PathBuf, StoreError> {
    let (path, kind) = checked_path(root, relative)?;
    let refuse = |current: &[u8]| match unreadable_reason(&kind, current) {
        Some(reason) => StoreError::WouldOverwriteUnreadable {
            path: path.clone(),
            reason,
        },
        None => StoreError::UnregisteredEdit(path.clone()),
    };
    match replace {
        Replace::Anyway => {}
        Replace::IfReadable => {
            if let Some(current) = current_content(&path)?
                && unreadable_reason(&kind, &current).is_some()
            {
                return Err(refuse(&current));
            }
        }
        Replace::IfOneOf(expected) => {
            let current = current_content(&path)?;
            if !expected.contains(&current.as_deref()) {
                return Err(match current {
                    Some(current) => refuse(&current),
                    None => StoreError::UnregisteredEdit(path.clone()),
                });
            }
        }
    }
    Ok(path)
}

/// Writes `content` to `relative` (or removes it when `None`), atomically, if
/// `replace` allows it.
pub fn write_file(
    root: &Path,
    relative: &str,
    content: Option<&[u8]>,
    replace: Replace,
) -> Result<(), StoreError> {
    write_file_as(root, relative, content, replace, Durability::Now).map(|_| ())
}

/// When a write reaches the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Before `write_file_as` returns (fsync of the file and its directory).
    Now,
    /// With the batch: the caller ends it with `atomic::sync_file_system`.
    WithBatch,
}

/// `write_file`, saying when the write is made durable; returns the path written.
pub fn write_file_as(
    root: &Path,
    relative: &str,
    content: Option<&[u8]>,
    replace: Replace,
    durability: Durability,
) -> Result<PathBuf, StoreError> {
    let path = check_replace(root, relative, replace)?;
    match content {
        Some(bytes) => match durability {
            Durability::Now => write_atomically(&path, bytes),
            Durability::WithBatch => write_atomically_unsynced(&path, bytes),
        }
        .map(|()| path),
        None => match std::fs::remove_file(&path) {
            Ok(()) => Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(path),
            Err(e) => Err(StoreError::io(&path, e)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_does_not_parse_is_never_replaced_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("processos")).unwrap();
        let file = dir.path().join("processos/x.ron");
        std::fs::write(&file, "(versao_formato: 1,").unwrap();
        let error = write_file(
            dir.path(),
            "processos/x.ron",
            Some(b"novo"),
            Replace::IfReadable,
        )
        .unwrap_err();
        assert!(matches!(error, StoreError::WouldOverwriteUnreadable { .. }));
        let error = write_file(
            dir.path(),
            "processos/x.ron",
            Some(b"novo"),
            Replace::IfOneOf(&[None]),
        )
        .unwrap_err();
        assert!(matches!(error, StoreError::WouldOverwriteUnreadable { .. }));
        assert_eq!(std::fs::read(&file).unwrap(), b"(versao_formato: 1,");
        write_file(
            dir.path(),
            "processos/x.ron",
            Some(b"novo"),
            Replace::Anyway,
        )
        .unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"novo");
    }

    #[test]
    fn nothing_is_written_through_a_symbolic_link_or_outside_the_layout() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("processos")).unwrap();
        let error =
            write_file(dir.path(), "processos/x.ron", Some(b"x"), Replace::Anyway).unwrap_err();
        assert!(matches!(error, StoreError::ThroughSymlink(_)), "{error}");
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        let error = write_file(dir.path(), ".git/config", Some(b"x"), Replace::Anyway).unwrap_err();
        assert!(matches!(error, StoreError::PathRefused { .. }), "{error}");
        assert!(!dir.path().join(".git").exists());
    }

    #[test]
    fn a_hand_edit_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("LEIA-ME.md"), "editado à mão").unwrap();
        let error = write_file(
            dir.path(),
            "LEIA-ME.md",
            Some(b"novo"),
            Replace::IfOneOf(&[Some(b"original")]),
        )
        .unwrap_err();
        assert!(matches!(error, StoreError::UnregisteredEdit(_)), "{error}");
        assert!(
            error.to_string().contains("inventario registrar"),
            "{error}"
        );
    }
}
