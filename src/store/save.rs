//! Writing the model back without history (a new inventory's first files, plain
//! directories): canonical RON through the guarded write, never over a file that
//! exists but cannot be read (it may hold someone's work).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::error::StoreError;
use super::guard::{self, Replace};
use super::layout;
use crate::model::{Institution, Process};
use crate::ron_text;

/// The canonical text of a value: what `save_*` writes.
pub fn canonical_text<T: Serialize>(value: &T) -> Result<String, StoreError> {
    ron_text::to_canonical(value).map_err(StoreError::Serialize)
}

fn save<T: Serialize>(root: &Path, relative: &str, value: &T) -> Result<PathBuf, StoreError> {
    let text = canonical_text(value)?;
    guard::write_file(root, relative, Some(text.as_bytes()), Replace::IfReadable)?;
    Ok(root.join(relative))
}

/// Writes `processos/<id>.ron`; returns its path.
pub fn save_process(root: &Path, process: &Process) -> Result<PathBuf, StoreError> {
    save(root, &layout::process_file(process.id.as_str()), process)
}

/// Writes any document into its own file (`Document::own_file`); returns its path.
pub fn save_document<D: crate::document::Document>(
    root: &Path,
    document: &D,
) -> Result<PathBuf, StoreError> {
    save(root, &document.own_file().to_string(), document)
}

/// Writes `inventario.ron`; returns its path.
pub fn save_institution(root: &Path, institution: &Institution) -> Result<PathBuf, StoreError> {
    save(root, layout::INSTITUTION_FILE, institution)
}
