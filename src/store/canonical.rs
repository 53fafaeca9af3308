//! `inventario formatar`: find the files whose text is not the canonical one, and
//! rewrite them. A file that does not parse is reported and left alone.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic::write_atomically;
use super::error::StoreError;
use super::layout;
use super::save::canonical_text;
use crate::model::{Institution, Process};
use crate::ron_text::{self, ParseError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    Canonical,
    /// The file parses but its text differs from the canonical one.
    NotCanonical,
    /// It does not parse; it is never rewritten.
    Unreadable(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStatus {
    /// Relative to the inventory root.
    pub file: String,
    pub state: FileState,
}

fn status_of<T: Serialize + DeserializeOwned>(
    path: &Path,
) -> Result<(FileState, Option<String>), StoreError> {
    let bytes = fs::read(path).map_err(|e| StoreError::io(path, e))?;
    let value: T = match ron_text::parse(&bytes) {
        Ok(value) => value,
        Err(ParseError {
            line,
            column,
            message,
        }) => {
            return Ok((
                FileState::Unreadable(format!("linha {line}, coluna {column}: {message}")),
                None,
            ));
        }
    };
    let canonical = canonical_text(&value)?;
    if canonical.as_bytes() == bytes.as_slice() {
        Ok((FileState::Canonical, None))
    } else {
        Ok((FileState::NotCanonical, Some(canonical)))
    }
}

fn inventory_files(root: &Path) -> Result<Vec<(PathBuf, bool)>, StoreError> {
    let institution = layout::institution_path(root);
    if !institution.exists() {
        return Err(StoreError::NotAnInventory(root.to_path_buf()));
    }
    let mut files = vec![(institution, true)];
    let dir = layout::processes_dir(root);
    if dir.exists() {
        let mut processes = Vec::new();
        for entry in fs::read_dir(&dir).map_err(|e| StoreError::io(&dir, e))? {
            let path = entry.map_err(|e| StoreError::io(&dir, e))?.path();
            if path.extension().is_some_and(|e| e == layout::EXTENSION) {
                processes.push((path, false));
            }
        }
        processes.sort();
        files.extend(processes);
    }
    Ok(files)
}

/// Checks every file; with `rewrite`, replaces each non-canonical one.
pub fn format_inventory(root: &Path, rewrite: bool) -> Result<Vec<FileStatus>, StoreError> {
    let mut statuses = Vec::new();
    for (path, is_institution) in inventory_files(root)? {
        let (state, canonical) = if is_institution {
            status_of::<Institution>(&path)?
        } else {
            status_of::<Process>(&path)?
        };
        if rewrite && let Some(text) = canonical {
            write_atomically(&path, text.as_bytes())?;
        }
        statuses.push(FileStatus {
            file: layout::relative(root, &path),
            state,
        });
    }
    Ok(statuses)
}
