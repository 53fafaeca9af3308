//! Where the inventory's files are on disk: the map itself (`crate::files`)
//! joined to an inventory's root directory.

use std::path::{Path, PathBuf};

pub use crate::files::*;
use crate::model::ProcessId;

pub fn institution_path(root: &Path) -> PathBuf {
    root.join(INSTITUTION_FILE)
}

pub fn processes_dir(root: &Path) -> PathBuf {
    root.join(PROCESSES_DIR)
}

/// `processos/<id>.ron`; safe because a `ProcessId` is `[a-z0-9-]{1,64}`.
pub fn process_path(root: &Path, id: &ProcessId) -> PathBuf {
    processes_dir(root).join(format!("{id}.{EXTENSION}"))
}

/// The directories the tool writes inventory files into.
pub fn inventory_dirs(root: &Path) -> [PathBuf; 4] {
    [
        root.to_path_buf(),
        root.join(PROCESSES_DIR),
        root.join(CATALOGS_DIR),
        root.join(RIPD_DIR),
    ]
}

/// The path relative to the inventory root, with `/`, as findings show it.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
