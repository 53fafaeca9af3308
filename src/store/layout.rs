//! Where things live in an inventory directory.
//!
//! ```text
//! inventario.ron          the institution
//! processos/<id>.ron      one file per process
//! ripd/                   impact reports (reserved)
//! catalogos/<nome>.ron    local extensions of the catalogs in schemas/
//! ```

use std::path::{Path, PathBuf};

use crate::model::ProcessId;

pub const INSTITUTION_FILE: &str = "inventario.ron";
pub const PROCESSES_DIR: &str = "processos";
pub const RIPD_DIR: &str = "ripd";
pub const CATALOGS_DIR: &str = "catalogos";
pub const EXTENSION: &str = "ron";

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

/// The path relative to the inventory root, with `/`, as findings show it.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
