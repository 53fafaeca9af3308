//! Atomic file replacement: write a temporary file in the same directory, fsync it,
//! rename it over the target, fsync the directory. A reader sees the old file or
//! the new one, never a torn one, even if the process dies midway.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

use super::error::StoreError;

pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp =
        NamedTempFile::with_prefix_in(".inventario-", dir).map_err(|e| StoreError::io(dir, e))?;
    temp.write_all(bytes).map_err(|e| StoreError::io(path, e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| StoreError::io(path, e))?;
    temp.persist(path)
        .map_err(|e| StoreError::io(path, e.error))?;
    // Make the rename itself durable.
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomically(&path, b"um").unwrap();
        write_atomically(&path, b"dois").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"dois");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn missing_directory_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_atomically(&dir.path().join("nao/existe.ron"), b"x").unwrap_err();
        assert!(error.to_string().contains("não encontrado"), "{error}");
    }
}
