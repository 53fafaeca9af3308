//! What the application knows about the inventory it shows: what
//! `store::load` read (the institution, each process with the file it came
//! from, the catalogs, the files that could not be used), every finding of
//! `checkup::check` (the same as `inventario check`: file names that differ from
//! ids, repeated ids…), the commit the files were loaded from (the base of every
//! save), and a search text per process for the filter.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::catalog::Catalogs;
use crate::files::InventoryFile;
use crate::history::{CommitId, History};
use crate::listing::treats_sensitive_data;
use crate::model::{Institution, Process, Ripd};
use crate::rules::review::review_state;
use crate::rules::{CheckContext, Finding, Severity, ripd};
use crate::store::{self, FileProblem};

/// The marks a process carries in the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Badges {
    pub sensitive: bool,
    pub children: bool,
    pub ripd_missing: bool,
    pub review_overdue: bool,
    pub errors: usize,
    pub warnings: usize,
}

impl Badges {
    /// The badges as letters, so meaning never depends on color:
    /// S sensível, C crianças ou adolescentes, R RIPD faltando, V revisão vencida, E/A erros/avisos.
    pub fn letters(&self) -> String {
        let flag = |on: bool, c: char| if on { c } else { '·' };
        let mut text = format!(
            "{}{}{}{}",
            flag(self.sensitive, 'S'),
            flag(self.children, 'C'),
            flag(self.ripd_missing, 'R'),
            flag(self.review_overdue, 'V')
        );
        if self.errors > 0 {
            text.push_str(&format!(" E{}", self.errors));
        }
        if self.warnings > 0 {
            text.push_str(&format!(" A{}", self.warnings));
        }
        text
    }
}

#[derive(Debug)]
pub struct Data {
    pub root: PathBuf,
    /// The institution (a placeholder when `inventario.ron` could not be read).
    pub institution: Institution,
    /// Sorted by id, then file.
    pub processes: Vec<Process>,
    /// The file each process was read from (`files[i]` holds `processes[i]`):
    /// where it is saved back, whatever its id says.
    pub files: Vec<InventoryFile>,
    /// The RIPD documents, sorted by file; `ripd_files[i]` holds `ripds[i]`.
    pub ripds: Vec<Ripd>,
    pub ripd_files: Vec<InventoryFile>,
    pub catalogs: Catalogs,
    /// Findings per file (`processos/<stem>.ron`, `inventario.ron`…).
    pub findings: BTreeMap<String, Vec<Finding>>,
    pub unreadable: Vec<FileProblem>,
    /// The commit the files were loaded from; `None` when edits cannot be saved.
    pub base: Option<CommitId>,
    /// Why the inventory is read-only, if it is.
    pub read_only: Option<String>,
    pub today: NaiveDate,
    /// What the filter matches, per process.
    pub search: Vec<SearchText>,
    /// The list's badges, per process (computed once per reload, not per frame).
    pub badges: Vec<Badges>,
}

/// What the list filter matches a process against: a short title (matched
/// fuzzily) and the rest (fields, recipients; matched word by word). Folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    pub title: String,
    pub rest: String,
}

pub fn search_text(catalogs: &Catalogs, p: &Process) -> SearchText {
    let mut title = vec![p.id.to_string(), p.name.clone()];
    title.extend(p.unit.clone());
    title.extend(p.owner.as_ref().map(|o| o.name.clone()));
    let mut rest: Vec<String> = Vec::new();
    for field in &p.fields {
        for text in [
            field.kind.to_string(),
            catalogs.field_kinds.name_of(field.kind.as_str()).to_owned(),
        ] {
            if !rest.contains(&text) {
                rest.push(text);
            }
        }
    }
    rest.extend(p.sharing.items().iter().map(|s| s.recipient.clone()));
    SearchText {
        title: super::widgets::fold(&title.join(" ")),
        rest: super::widgets::fold(&rest.join(" ")),
    }
}

impl Data {
    /// Whether `inventario.ron` was read (else `institution` is a placeholder).
    pub fn institution_read(&self) -> bool {
        !self
            .unreadable
            .iter()
            .any(|p| p.file == crate::files::INSTITUTION_FILE)
    }

    /// Loads `root`. Unreadable files are listed, not fatal.
    pub fn load(root: &Path, today: NaiveDate) -> Result<Data, String> {
        let catalogs = Catalogs::embedded().map_err(|e| format!("{e:?}"))?;
        let read = || store::load(root, &catalogs);
        let history = History::open(root);
        let (base, read_only, loaded) = match &history {
            // Files and base read together, with no save in between.
            Ok(history) => match history.load_snapshot(read) {
                Ok((head, loaded)) => (Some(head), None, loaded),
                Err(e) => (None, Some(e.to_string()), read()),
            },
            Err(e) => (None, Some(e.to_string()), read()),
        };
        let loaded = loaded.map_err(|e| e.to_string())?;
        let all = crate::checkup::check_with_history(&loaded, today, history.as_ref().ok());
        let mut findings: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
        for finding in all {
            findings
                .entry(finding.location.file.clone())
                .or_default()
                .push(finding);
        }
        let institution = loaded.institution_or_placeholder().into_owned();
        let (ripd_files, ripds) = loaded
            .ripds
            .into_iter()
            .map(|r| (InventoryFile::Ripd(r.stem), r.ripd))
            .unzip();
        let mut read: Vec<(InventoryFile, Process)> = loaded
            .processes
            .into_iter()
            .map(|p| (InventoryFile::Process(p.stem), p.process))
            .collect();
        read.sort_by(|a, b| a.1.id.cmp(&b.1.id).then_with(|| a.0.cmp(&b.0)));
        let (files, processes) = read.into_iter().unzip();
        let mut data = Data {
            root: root.to_path_buf(),
            institution,
            processes,
            files,
            ripds,
            ripd_files,
            catalogs: loaded.catalogs,
            findings,
            unreadable: loaded.problems,
            base,
            read_only,
            today,
            search: Vec::new(),
            badges: Vec::new(),
        };
        data.search = data
            .processes
            .iter()
            .map(|p| search_text(&data.catalogs, p))
            .collect();
        data.badges = (0..data.processes.len())
            .map(|i| data.compute_badges(i))
            .collect();
        Ok(data)
    }

    /// The findings about `file`.
    pub fn findings_of(&self, file: &InventoryFile) -> &[Finding] {
        self.findings
            .get(&file.to_string())
            .map_or(&[][..], Vec::as_slice)
    }

    pub fn context(&self) -> CheckContext<'_> {
        CheckContext {
            catalogs: &self.catalogs,
            institution: &self.institution,
            today: self.today,
            ripds: &self.ripds,
        }
    }

    pub fn process(&self, id: &str) -> Option<&Process> {
        self.processes.iter().find(|p| p.id.as_str() == id)
    }

    /// The file the process with this id was read from (the first, if two files
    /// hold the same id).
    pub fn file_of(&self, id: &str) -> Option<&InventoryFile> {
        let i = self.processes.iter().position(|p| p.id.as_str() == id)?;
        self.files.get(i)
    }

    /// The document in `file` as a tree, as it was loaded.
    pub fn tree_of(&self, file: &InventoryFile) -> Option<serde_json::Value> {
        match file {
            InventoryFile::Institution => Some(crate::semantic::to_tree(&self.institution)),
            InventoryFile::Ripd(_) => {
                let i = self.ripd_files.iter().position(|f| f == file)?;
                Some(crate::semantic::to_tree(&self.ripds[i]))
            }
            other => {
                let i = self.files.iter().position(|f| f == other)?;
                Some(crate::semantic::to_tree(&self.processes[i]))
            }
        }
    }

    /// Why `id` cannot be given to a new process, if it cannot: a file in
    /// `processos/` already has that name, readable or not, archived or not.
    pub fn id_in_use(&self, id: &str) -> Option<String> {
        let file = crate::files::process_file(id);
        if let Some(p) = self.process(id) {
            let archived = if p.archived.is_some() {
                ", arquivado"
            } else {
                ""
            };
            return Some(format!(
                "o id \"{id}\" já é usado por {file} ({}{archived}); escolha outro",
                p.name
            ));
        }
        self.unreadable
            .iter()
            .any(|problem| problem.file == file)
            .then(|| {
                format!(
                    "o id \"{id}\" já é usado por {file}, que não pôde ser lido (veja `inventario check`); escolha outro"
                )
            })
    }

    fn compute_badges(&self, i: usize) -> Badges {
        let p = &self.processes[i];
        let findings = self.findings_of(&self.files[i]);
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Badges {
            sensitive: treats_sensitive_data(&self.catalogs, p),
            children: !p.minors().is_empty(),
            ripd_missing: p.ripd.is_none()
                && crate::rules::ripd_document::covering(&self.ripds, p.id.as_str())
                    .next()
                    .is_none()
                && ripd::assess(&self.context(), p).required,
            review_overdue: review_state(&self.institution, p, self.today).needs_review(),
            errors,
            warnings: findings.len() - errors,
        }
    }
}
