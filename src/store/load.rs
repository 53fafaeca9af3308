//! Reading an inventory directory. Every file is read on its own: a broken process
//! file becomes a `FileProblem` with its position, and the rest still loads.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::error::{StoreError, describe_io};
use super::layout::{self, CATALOGS_DIR, EXTENSION};
use crate::catalog::{CatalogError, Catalogs};
use crate::model::{Institution, Process, Ripd, validate_id};
use crate::ron_text::{self, ParseError};

/// Why a file of the inventory could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// It could not be read or parsed; it is left untouched.
    Unreadable,
    /// A local catalog file is invalid or repeats an id.
    Catalog,
    /// A process file whose name is not a valid id.
    BadFileName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub kind: ProblemKind,
    /// Relative to the inventory root, e.g. `processos/matricula.ron`.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl FileProblem {
    fn unreadable(file: String, error: ReadError) -> Self {
        match error {
            ReadError::Io(message) => Self {
                kind: ProblemKind::Unreadable,
                file,
                line: None,
                column: None,
                message,
            },
            ReadError::Parse(ParseError {
                line,
                column,
                message,
            }) => Self {
                kind: ProblemKind::Unreadable,
                file,
                line: Some(line),
                column: Some(column),
                message,
            },
        }
    }
}

/// A RIPD as read from `ripd/<stem>.ron`.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedRipd {
    pub stem: String,
    pub ripd: Ripd,
}

/// A process as read from `processos/<stem>.ron`.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedProcess {
    pub stem: String,
    pub process: Process,
}

#[derive(Debug, Clone)]
pub struct LoadedInventory {
    pub root: PathBuf,
    /// `None` when `inventario.ron` could not be read (see `problems`).
    pub institution: Option<Institution>,
    /// Sorted by file name.
    pub processes: Vec<LoadedProcess>,
    /// The RIPD documents, sorted by file name.
    pub ripds: Vec<LoadedRipd>,
    /// The embedded catalogs plus the inventory's `catalogos/`.
    pub catalogs: Catalogs,
    pub problems: Vec<FileProblem>,
}

impl LoadedInventory {
    pub fn has_unreadable_files(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.kind == ProblemKind::Unreadable)
    }

    /// The institution, or a blank one (default policy) when `inventario.ron`
    /// could not be read, so the processes can still be checked and listed.
    pub fn institution_or_placeholder(&self) -> std::borrow::Cow<'_, Institution> {
        match &self.institution {
            Some(institution) => std::borrow::Cow::Borrowed(institution),
            None => std::borrow::Cow::Owned(Institution::template("(inventario.ron ilegível)")),
        }
    }

    /// (file stem, RIPD) pairs, as the rules take them.
    pub fn ripd_pairs(&self) -> Vec<(&str, &Ripd)> {
        self.ripds
            .iter()
            .map(|r| (r.stem.as_str(), &r.ripd))
            .collect()
    }

    /// The RIPD documents alone (what `CheckContext::ripds` holds).
    pub fn ripd_documents(&self) -> Vec<Ripd> {
        self.ripds.iter().map(|r| r.ripd.clone()).collect()
    }

    /// (file stem, process) pairs, as the rules take them.
    pub fn process_pairs(&self) -> Vec<(&str, &Process)> {
        self.processes
            .iter()
            .map(|p| (p.stem.as_str(), &p.process))
            .collect()
    }
}

pub(crate) enum ReadError {
    Io(String),
    Parse(ParseError),
}

/// Reads and parses one file.
pub(crate) fn read_file<T: DeserializeOwned>(path: &Path) -> Result<T, ReadError> {
    let bytes = fs::read(path).map_err(|e| ReadError::Io(describe_io(&e)))?;
    ron_text::parse(&bytes).map_err(ReadError::Parse)
}

/// The `.ron` files directly inside `dir`, sorted by name; none if it is absent.
fn ron_files(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(dir, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| StoreError::io(dir, e))?.path();
        if path.extension().is_some_and(|ext| ext == EXTENSION) && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn load_process(root: &Path, path: &Path) -> Result<LoadedProcess, FileProblem> {
    load_document(root, path).map(|(stem, process)| LoadedProcess { stem, process })
}

/// One document file named `<id>.ron`: its stem and what it holds.
fn load_document<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
) -> Result<(String, T), FileProblem> {
    let file = layout::relative(root, path);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Err(error) = validate_id(&stem) {
        return Err(FileProblem {
            kind: ProblemKind::BadFileName,
            file,
            line: None,
            column: None,
            message: format!("nome de arquivo inválido: {error}; o arquivo foi ignorado"),
        });
    }
    read_file::<T>(path)
        .map(|document| (stem, document))
        .map_err(|error| FileProblem::unreadable(file, error))
}

/// Parses the process files, on every core when there are many.
fn load_processes(root: &Path, paths: &[PathBuf]) -> Vec<Result<LoadedProcess, FileProblem>> {
    super::parallel::map(paths, |p| load_process(root, p))
}

fn load_catalogs(
    root: &Path,
    embedded: &Catalogs,
) -> Result<(Catalogs, Vec<FileProblem>), StoreError> {
    let mut texts = Vec::new();
    let mut problems = Vec::new();
    for path in ron_files(&root.join(CATALOGS_DIR))? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match fs::read(&path) {
            Ok(bytes) => texts.push((name, String::from_utf8_lossy(&bytes).into_owned())),
            Err(e) => problems.push(FileProblem {
                kind: ProblemKind::Catalog,
                file: layout::relative(root, &path),
                line: None,
                column: None,
                message: describe_io(&e),
            }),
        }
    }
    let (catalogs, errors) = Catalogs::with_extensions(embedded, &texts);
    problems.extend(errors.into_iter().map(|error| {
        match error {
            CatalogError::Parse { file, error } => FileProblem {
                kind: ProblemKind::Catalog,
                file,
                line: Some(error.line),
                column: Some(error.column),
                message: error.message,
            },
            CatalogError::DuplicateId { ref file, .. } | CatalogError::UnknownFile { ref file } => {
                FileProblem {
                    kind: ProblemKind::Catalog,
                    file: file.clone(),
                    line: None,
                    column: None,
                    message: error
                        .to_string()
                        .trim_start_matches(&format!("{file}: "))
                        .to_owned(),
                }
            }
        }
    }));
    Ok((catalogs, problems))
}

/// Loads the inventory at `root`. Fails only when `root` is not an inventory or
/// cannot be listed; a broken file is reported in `problems`.
pub fn load(root: &Path, embedded: &Catalogs) -> Result<LoadedInventory, StoreError> {
    let institution_path = layout::institution_path(root);
    if !institution_path.exists() {
        return Err(StoreError::NotAnInventory(root.to_path_buf()));
    }
    let mut problems = Vec::new();
    let institution = match read_file::<Institution>(&institution_path) {
        Ok(institution) => Some(institution),
        Err(error) => {
            problems.push(FileProblem::unreadable(
                layout::INSTITUTION_FILE.to_owned(),
                error,
            ));
            None
        }
    };
    let (catalogs, catalog_problems) = load_catalogs(root, embedded)?;
    problems.extend(catalog_problems);
    let paths = ron_files(&layout::processes_dir(root))?;
    let mut processes = Vec::with_capacity(paths.len());
    for result in load_processes(root, &paths) {
        match result {
            Ok(process) => processes.push(process),
            Err(problem) => problems.push(problem),
        }
    }
    let mut ripds = Vec::new();
    for path in ron_files(&root.join(layout::RIPD_DIR))? {
        match load_document::<Ripd>(root, &path) {
            Ok((stem, ripd)) => ripds.push(LoadedRipd { stem, ripd }),
            Err(problem) => problems.push(problem),
        }
    }
    Ok(LoadedInventory {
        root: root.to_path_buf(),
        ripds,
        institution,
        processes,
        catalogs,
        problems,
    })
}
