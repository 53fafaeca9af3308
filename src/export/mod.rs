//! Exports: the public inventory (`public`: HTML, Markdown, JSON, CSV) and the
//! SGD spreadsheet for the SEI process and the committee (`sgd_xlsx`, and its
//! Markdown twin). The content comes from the pure views of `publish` and `sgd`;
//! this module only writes files.

pub mod public;
pub mod sgd;
pub mod source;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::publish::Withheld;
pub use public::PublicFormat;
pub use source::Source;

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
    /// The inventory (or its history) could not be read for the export.
    #[error("{0}")]
    Source(String),
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The public inventory (LGPD art. 23 I).
    Public(PublicFormat),
    /// The SGD spreadsheet, internal: xlsx, or Markdown when `markdown`.
    Sgd { markdown: bool },
}

impl Format {
    /// Where the export goes when nobody says (relative to the current directory).
    pub fn default_dest(self) -> &'static str {
        match self {
            Format::Public(PublicFormat::Html) => "inventario-publico",
            Format::Public(PublicFormat::Markdown) => "inventario-publico-md",
            Format::Public(PublicFormat::Json) => "inventario-publico.json",
            Format::Public(PublicFormat::Csv) => "inventario-publico.csv",
            Format::Sgd { markdown: false } => "inventario-sgd.xlsx",
            Format::Sgd { markdown: true } => "inventario-sgd.md",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Public(PublicFormat::Html) => "inventário público, páginas HTML",
            Format::Public(PublicFormat::Markdown) => "inventário público, Markdown",
            Format::Public(PublicFormat::Json) => "inventário público, JSON",
            Format::Public(PublicFormat::Csv) => "inventário público, CSV",
            Format::Sgd { markdown: false } => "planilha SGD (interna), xlsx",
            Format::Sgd { markdown: true } => "planilha SGD (interna), Markdown",
        }
    }

    pub const ALL: [Format; 6] = [
        Format::Public(PublicFormat::Html),
        Format::Public(PublicFormat::Markdown),
        Format::Public(PublicFormat::Json),
        Format::Public(PublicFormat::Csv),
        Format::Sgd { markdown: false },
        Format::Sgd { markdown: true },
    ];
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Processes in the export.
    pub count: usize,
    /// The file to open first (the index page, or the one file).
    pub first: PathBuf,
    /// Processes left out, and why (for the output, never the page).
    pub left_out: Vec<Withheld>,
}

/// The public inventory of `source`, and every process left out of it: those
/// withheld from publication, then the files that could not be read (or, for an
/// approved export, the processes never approved).
pub fn public_view(
    source: &Source,
    today: NaiveDate,
) -> (crate::publish::PublicInventory, Vec<Withheld>) {
    let refs: Vec<&crate::model::Process> = source.processes.iter().collect();
    let (inventory, mut left_out) = crate::publish::build(
        &source.institution,
        &refs,
        &source.catalogs,
        today,
        source.approval.clone(),
    );
    left_out.extend(source.left_out.iter().cloned());
    (inventory, left_out)
}

/// Writes `source` as `format` to `dest`; `progress(done, total)` after each file.
pub fn export(
    source: &Source,
    format: Format,
    dest: &Path,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary, ExportError> {
    match format {
        Format::Public(public_format) => {
            let (inventory, left_out) = public_view(source, today);
            let written = public::write_public(&inventory, public_format, dest, progress)?;
            Ok(Summary {
                count: inventory.processos.len(),
                first: written
                    .first()
                    .cloned()
                    .unwrap_or_else(|| dest.to_path_buf()),
                left_out,
            })
        }
        Format::Sgd { markdown } => {
            let processes: Vec<&crate::model::Process> = source
                .processes
                .iter()
                .filter(|p| p.archived.is_none())
                .collect();
            let workbook = crate::sgd::workbook(&source.institution, &processes, &source.catalogs);
            let bytes = if markdown {
                sgd::markdown(&workbook).into_bytes()
            } else {
                sgd::xlsx(&workbook)?
            };
            crate::store::write_atomically(dest, &bytes)
                .map_err(|e| ExportError::Write(dest.to_path_buf(), e.to_string()))?;
            progress(1, 1);
            Ok(Summary {
                count: workbook.sheets.len(),
                first: dest.to_path_buf(),
                left_out: source.left_out.clone(),
            })
        }
    }
}

impl ExportError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
