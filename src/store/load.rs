//! Reading an inventory directory. Every file is read on its own: a broken process
//! file becomes a `FileProblem` with its position, and the rest still loads.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{StoreError, describe_io};
use super::layout::{self, CATALOGS_DIR, EXTENSION};
use super::parse_cache::{ParseCache, Source, Stamp};
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
    /// How many documents came from the parse cache instead of being parsed.
    pub from_cache: usize,
}

impl LoadedInventory {
    /// Adds the problems of the process files where `load` has them: after
    /// the institution's and the catalogs', before the RIPDs'.
    pub fn add_process_problems(&mut self, problems: Vec<FileProblem>) {
        let at = self
            .problems
            .iter()
            .position(|p| p.file.starts_with(layout::RIPD_DIR))
            .unwrap_or(self.problems.len());
        self.problems.splice(at..at, problems);
    }

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

/// Parses one file's bytes, or says why it could not be read.
fn parse_read<T: DeserializeOwned>(read: std::io::Result<Vec<u8>>) -> Result<T, ReadError> {
    let bytes = read.map_err(|e| ReadError::Io(describe_io(&e)))?;
    ron_text::parse(&bytes).map_err(ReadError::Parse)
}

/// Reads the documents of one kind (`processos`, `ripd`, `inventario`), given
/// as (path relative to the root, path): from the parse cache when a file has
/// not changed since it was cached, parsed otherwise; on every core. Each
/// document goes to `visit` with its index in `files` and, with a cache, the
/// stat data the file had before it was read.
fn read_documents<T, R>(
    kind: &str,
    files: &[(String, PathBuf)],
    complete: bool,
    cache: Option<&ParseCache>,
    visit: impl Fn(usize, Option<Stamp>, T) -> R + Sync,
) -> Vec<Result<R, ReadError>>
where
    T: DeserializeOwned + Serialize,
    R: Send,
{
    match cache {
        Some(cache) => {
            let sources: Vec<Source> = files
                .iter()
                .map(|(relative, path)| Source { relative, path })
                .collect();
            cache.read_all(kind, &sources, complete, parse_read::<T>, visit)
        }
        None => {
            let indexed: Vec<(usize, &PathBuf)> =
                files.iter().map(|(_, path)| path).enumerate().collect();
            crate::parallel::map(&indexed, |&(index, path)| {
                parse_read(fs::read(path)).map(|document| visit(index, None, document))
            })
        }
    }
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
        let entry = entry.map_err(|e| StoreError::io(dir, e))?;
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != EXTENSION) {
            continue;
        }
        // The directory entry's type costs no system call; only a link is
        // followed, to see whether it ends in a file.
        let is_file = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => path.is_file(),
            Ok(kind) => kind.is_file(),
            Err(_) => path.is_file(),
        };
        if is_file {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The document files named `<id>.ron` in `paths`, of one kind: each one
/// goes to `visit` with its file stem (and, with a cache, the stat data the
/// file had before it was read); what `visit` returns, in order.
fn load_documents<T, R>(
    root: &Path,
    kind: &str,
    paths: &[PathBuf],
    complete: bool,
    cache: Option<&ParseCache>,
    visit: impl Fn(&str, Option<Stamp>, T) -> R + Sync,
) -> Vec<Result<R, FileProblem>>
where
    T: DeserializeOwned + Serialize,
    R: Send,
{
    let mut named = Vec::with_capacity(paths.len());
    let mut files = Vec::with_capacity(paths.len());
    let mut stems = Vec::with_capacity(paths.len());
    for path in paths {
        let file = layout::relative(root, path);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match validate_id(&stem) {
            Ok(()) => {
                named.push(None);
                files.push((file, path.clone()));
                stems.push(stem);
            }
            Err(error) => named.push(Some(FileProblem {
                kind: ProblemKind::BadFileName,
                file,
                line: None,
                column: None,
                message: format!("nome de arquivo inválido: {error}; o arquivo foi ignorado"),
            })),
        }
    }
    let read = read_documents::<T, R>(kind, &files, complete, cache, |index, stamp, document| {
        visit(&stems[index], stamp, document)
    });
    // Every valid name has its result, in order, between the bad names.
    let mut read = read.into_iter().zip(files);
    named
        .into_iter()
        .filter_map(|bad_name| match bad_name {
            Some(problem) => Some(Err(problem)),
            None => read.next().map(|(result, (file, _))| {
                result.map_err(|error| FileProblem::unreadable(file, error))
            }),
        })
        .collect()
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
/// cannot be listed; a broken file is reported in `problems`. Files unchanged
/// since an earlier load come from the parse cache (`parse_cache`).
pub fn load(root: &Path, embedded: &Catalogs) -> Result<LoadedInventory, StoreError> {
    with_processes(load_without_processes(root, embedded)?)
}

/// `load`, parsing every file: what the parse cache must always agree with,
/// and the floor the benches compare the cache with.
pub fn load_uncached(root: &Path, embedded: &Catalogs) -> Result<LoadedInventory, StoreError> {
    with_processes(load_parts(root, embedded, None)?)
}

fn with_processes(
    (mut inventory, files): (LoadedInventory, ProcessFiles),
) -> Result<LoadedInventory, StoreError> {
    let (processes, problems) = files.visit(|stem, process| LoadedProcess {
        stem: stem.to_owned(),
        process,
    });
    inventory.processes = processes;
    inventory.add_process_problems(problems);
    inventory.from_cache = files.from_cache();
    Ok(inventory)
}

/// The process files of an inventory, to read one by one
/// (`load_without_processes`).
pub struct ProcessFiles {
    root: PathBuf,
    paths: Vec<PathBuf>,
    /// Whether `paths` are all the process files (see `retain`).
    complete: bool,
    cache: Option<ParseCache>,
}

impl ProcessFiles {
    /// Reads every process, on every core, handing each one to `visit` with
    /// its file stem instead of keeping it: what `visit` returns, in file
    /// order, and the files that could not be read.
    pub fn visit<R: Send>(
        &self,
        visit: impl Fn(&str, Process) -> R + Sync,
    ) -> (Vec<R>, Vec<FileProblem>) {
        self.visit_stamped(|stem, _, process| visit(stem, process))
    }

    /// `visit`, handing each process also the stat data its file had before
    /// it was read, when there is a parse cache to take it (what a cache of
    /// what was found in the file is keyed by: `FindingsCache`).
    pub(crate) fn visit_stamped<R: Send>(
        &self,
        visit: impl Fn(&str, Option<Stamp>, Process) -> R + Sync,
    ) -> (Vec<R>, Vec<FileProblem>) {
        let mut visited = Vec::with_capacity(self.paths.len());
        let mut problems = Vec::new();
        let read = load_documents(
            &self.root,
            layout::PROCESSES_DIR,
            &self.paths,
            self.complete,
            self.cache.as_ref(),
            visit,
        );
        for result in read {
            match result {
                Ok(value) => visited.push(value),
                Err(problem) => problems.push(problem),
            }
        }
        (visited, problems)
    }

    /// The process files, in file order.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Keeps only the files `keep` accepts: those not already known another
    /// way (the findings cache). The parse cache then keeps the entries of the
    /// others.
    pub fn retain(&mut self, keep: impl FnMut(&PathBuf) -> bool) {
        let before = self.paths.len();
        self.paths.retain(keep);
        self.complete &= self.paths.len() == before;
    }

    /// How many documents came from the parse cache so far.
    pub fn from_cache(&self) -> usize {
        self.cache.as_ref().map_or(0, ParseCache::hits)
    }
}

/// `load` without reading the processes yet: the institution, catalogs and
/// RIPDs, and the process files to visit. A command that needs only a few
/// whole processes (`check`) then holds only those in memory.
pub fn load_without_processes(
    root: &Path,
    embedded: &Catalogs,
) -> Result<(LoadedInventory, ProcessFiles), StoreError> {
    load_parts(root, embedded, ParseCache::for_inventory(root))
}

fn load_parts(
    root: &Path,
    embedded: &Catalogs,
    cache: Option<ParseCache>,
) -> Result<(LoadedInventory, ProcessFiles), StoreError> {
    let institution_path = layout::institution_path(root);
    if !institution_path.exists() {
        return Err(StoreError::NotAnInventory(root.to_path_buf()));
    }
    let mut problems = Vec::new();
    let institution_file = [(layout::INSTITUTION_FILE.to_owned(), institution_path)];
    let institution = read_documents::<Institution, _>(
        "inventario",
        &institution_file,
        true,
        cache.as_ref(),
        |_, _, institution| institution,
    )
    .pop()
    .and_then(|result| match result {
        Ok(institution) => Some(institution),
        Err(error) => {
            problems.push(FileProblem::unreadable(
                layout::INSTITUTION_FILE.to_owned(),
                error,
            ));
            None
        }
    });
    let (catalogs, catalog_problems) = load_catalogs(root, embedded)?;
    problems.extend(catalog_problems);
    let paths = ron_files(&layout::processes_dir(root))?;
    let mut ripds = Vec::new();
    let ripd_paths = ron_files(&root.join(layout::RIPD_DIR))?;
    let read_ripds = load_documents(
        root,
        layout::RIPD_DIR,
        &ripd_paths,
        true,
        cache.as_ref(),
        |stem, _, ripd| LoadedRipd {
            stem: stem.to_owned(),
            ripd,
        },
    );
    for result in read_ripds {
        match result {
            Ok(ripd) => ripds.push(ripd),
            Err(problem) => problems.push(problem),
        }
    }
    let inventory = LoadedInventory {
        root: root.to_path_buf(),
        ripds,
        institution,
        processes: Vec::new(),
        catalogs,
        problems,
        from_cache: 0,
    };
    let files = ProcessFiles {
        root: root.to_path_buf(),
        paths,
        complete: true,
        cache,
    };
    Ok((inventory, files))
}
