//! Exports: the public inventory (`public`: HTML, Markdown, JSON, CSV) and the
//! SGD spreadsheet for the SEI process and the committee (`sgd_xlsx`, and its
//! Markdown twin). The content comes from the pure views of `publish` and `sgd`;
//! this module only writes files.

pub mod public;
pub mod sgd;

use std::path::{Path, PathBuf};

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("modelo de página inválido (defeito do programa): {0}")]
    Template(String),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: não foi possível gravar: {}", .0.display(), .1)]
    Write(PathBuf, String),
    #[error("{}: já existe e não é um diretório; as páginas precisam de um diretório", .0.display())]
    NotADirectory(PathBuf),
    #[error("planilha: {0}")]
    Spreadsheet(String),
}

impl ExportError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
