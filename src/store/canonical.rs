//! `inventario formatar`: find the files whose text is not the canonical one, and
//! rewrite them through the guarded write (only if the file still holds what was
//! read). A file that does not parse, or an entry that cannot be read at all (a
//! directory named `x.ron`, a file without permission), is reported and left
//! alone, and the rest goes on. The caller holds the writers' lock.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{StoreError, describe_io};
use super::guard::{self, Replace};
use super::layout;
use super::save::canonical_text;
use crate::files::InventoryFile;
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

/// The state of one file, its bytes and its canonical text when that differs.
type Status = (FileState, Vec<u8>, Option<String>);

fn status_of<T: Serialize + DeserializeOwned>(path: &Path) -> Result<Status, StoreError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return Ok((FileState::Unreadable(describe_io(&e)), Vec::new(), None));
        }
    };
    let value: T = match ron_text::parse(&bytes) {
        Ok(value) => value,
        Err(ParseError {
            line,
            column,
            message,
        }) => {
            return Ok((
                FileState::Unreadable(format!("linha {line}, coluna {column}: {message}")),
                bytes,
                None,
            ));
        }
    };
    let canonical = canonical_text(&value)?;
    if canonical.as_bytes() == bytes.as_slice() {
        Ok((FileState::Canonical, bytes, None))
    } else {
        Ok((FileState::NotCanonical, bytes, Some(canonical)))
    }
}

/// The documents to format: the institution, then each process and each RIPD
/// file, by name. A file whose name is not an id is still checked (as the kind
/// its folder holds).
fn inventory_files(root: &Path) -> Result<Vec<(PathBuf, InventoryFile)>, StoreError> {
    let institution = layout::institution_path(root);
    if !institution.exists() {
        return Err(StoreError::NotAnInventory(root.to_path_buf()));
    }
    let mut files = vec![(institution, InventoryFile::Institution)];
    for (dir, kind) in [
        (
            layout::PROCESSES_DIR,
            InventoryFile::Process as fn(String) -> InventoryFile,
        ),
        (layout::RIPD_DIR, InventoryFile::Ripd),
    ] {
        let dir = root.join(dir);
        if !dir.exists() {
            continue;
        }
        let mut found = Vec::new();
        for entry in fs::read_dir(&dir).map_err(|e| StoreError::io(&dir, e))? {
            let path = entry.map_err(|e| StoreError::io(&dir, e))?.path();
            if path.extension().is_some_and(|e| e == layout::EXTENSION) {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                found.push((path, kind(stem)));
            }
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// Checks every file; with `rewrite`, replaces each non-canonical one.
pub fn format_inventory(root: &Path, rewrite: bool) -> Result<Vec<FileStatus>, StoreError> {
    let files = inventory_files(root)?;
    // Parsing and re-serializing is the work: on every core. Writing stays
    // in order, one file at a time.
    let checked = crate::parallel::map(
        &files,
        |(path, kind)| crate::with_document_type!(kind, |D| status_of::<D>(path).map(Some), else Ok(None)),
    );
    let mut statuses = Vec::new();
    for ((path, _), checked) in files.iter().zip(checked) {
        let Some((mut state, bytes, canonical)) = checked? else {
            continue;
        };
        let relative = layout::relative(root, path);
        if rewrite && let Some(text) = canonical {
            let expected = [Some(bytes.as_slice())];
            if let Err(e) = guard::write_file(
                root,
                &relative,
                Some(text.as_bytes()),
                Replace::IfOneOf(&expected),
            ) {
                state = FileState::Unreadable(e.to_string());
            }
        }
        statuses.push(FileStatus {
            file: relative,
            state,
        });
    }
    Ok(statuses)
}
