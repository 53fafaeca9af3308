//! Writing the model back: canonical RON, atomically, and never over a file that
//! exists but cannot be read (it may hold someone's work).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic::write_atomically;
use super::error::StoreError;
use super::layout;
use super::load::{ReadError, read_file};
use crate::model::{Institution, Process};
use crate::ron_text;

/// The canonical text of a value: what `save_*` writes.
pub fn canonical_text<T: Serialize>(value: &T) -> Result<String, StoreError> {
    ron_text::to_canonical(value).map_err(StoreError::Serialize)
}

/// Refuses to replace an existing file that does not parse as `T`.
fn guard_overwrite<T: DeserializeOwned>(path: &Path) -> Result<(), StoreError> {
    if !path.exists() {
        return Ok(());
    }
    match read_file::<T>(path) {
        Ok(_) => Ok(()),
        Err(ReadError::Io(reason)) => Err(StoreError::WouldOverwriteUnreadable {
            path: path.to_path_buf(),
            reason,
        }),
        Err(ReadError::Parse(error)) => Err(StoreError::WouldOverwriteUnreadable {
            path: path.to_path_buf(),
            reason: error.to_string(),
        }),
    }
}

fn save<T: Serialize + DeserializeOwned>(path: &Path, value: &T) -> Result<(), StoreError> {
    let text = canonical_text(value)?;
    guard_overwrite::<T>(path)?;
    write_atomically(path, text.as_bytes())
}

/// Writes `processos/<id>.ron`; returns its path.
pub fn save_process(root: &Path, process: &Process) -> Result<PathBuf, StoreError> {
    let dir = layout::processes_dir(root);
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
    let path = layout::process_path(root, &process.id);
    save(&path, process)?;
    Ok(path)
}

/// Writes `inventario.ron`; returns its path.
pub fn save_institution(root: &Path, institution: &Institution) -> Result<PathBuf, StoreError> {
    let path = layout::institution_path(root);
    save(&path, institution)?;
    Ok(path)
}
