//! `inventario init` and `inventario exemplo`: a new inventory from a template, or a
//! copy of the sample inventory shipped in the binary.

use std::fs;
use std::path::Path;

use include_dir::{Dir, include_dir};

use super::error::StoreError;
use super::layout::{self, CATALOGS_DIR, PROCESSES_DIR, RIPD_DIR};
use super::save::save_institution;
use crate::model::Institution;

static SAMPLE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/sample-inventory");

const RIPD_README: &str = "# Relatórios de Impacto (RIPD)\n\nEsta pasta guarda os RIPDs dos processos (LGPD art. 38; UFDPar art. 39).\n";
const CATALOGS_README: &str = "# Catálogos locais\n\nArquivos com os mesmos nomes de schemas/ (por exemplo campos.ron) acrescentam\nentradas aos catálogos embutidos no programa. Veja schemas/README.md.\n";

/// Fails unless `dir` is absent or an empty directory.
fn ensure_empty(dir: &Path) -> Result<(), StoreError> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                Err(StoreError::DestinationNotEmpty(dir.to_path_buf()))
            } else {
                Ok(())
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::io(dir, e)),
    }
}

fn create_dir(path: &Path) -> Result<(), StoreError> {
    fs::create_dir_all(path).map_err(|e| StoreError::io(path, e))
}

fn write_new(path: &Path, text: &str) -> Result<(), StoreError> {
    fs::write(path, text).map_err(|e| StoreError::io(path, e))
}

/// Creates a new, empty inventory for the institution `name` in `dir`.
pub fn init(dir: &Path, name: &str) -> Result<(), StoreError> {
    ensure_empty(dir)?;
    create_dir(&dir.join(PROCESSES_DIR))?;
    create_dir(&dir.join(RIPD_DIR))?;
    create_dir(&dir.join(CATALOGS_DIR))?;
    write_new(&dir.join(RIPD_DIR).join("LEIA-ME.md"), RIPD_README)?;
    write_new(&dir.join(CATALOGS_DIR).join("LEIA-ME.md"), CATALOGS_README)?;
    save_institution(dir, &Institution::template(name))?;
    Ok(())
}

/// Writes the sample inventory into `dir` (absent or empty).
pub fn extract_sample(dir: &Path) -> Result<(), StoreError> {
    ensure_empty(dir)?;
    create_dir(dir)?;
    write_dir(&SAMPLE, dir)
}

fn write_dir(source: &Dir<'_>, dest_root: &Path) -> Result<(), StoreError> {
    for file in source.files() {
        let path = dest_root.join(file.path());
        if let Some(parent) = path.parent() {
            create_dir(parent)?;
        }
        fs::write(&path, file.contents()).map_err(|e| StoreError::io(&path, e))?;
    }
    for sub in source.dirs() {
        create_dir(&dest_root.join(sub.path()))?;
        write_dir(sub, dest_root)?;
    }
    Ok(())
}

/// Whether `dir` already holds an inventory.
pub fn is_inventory(dir: &Path) -> bool {
    layout::institution_path(dir).is_file()
}
