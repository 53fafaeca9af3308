//! What an export reads: the inventory's working files, or each process as the
//! committee last approved it (`--aprovado`). Files that cannot be read, and
//! processes never approved, are named for the command's output.

use std::path::Path;

use super::ExportError;
use crate::catalog::Catalogs;
use crate::history::History;
use crate::model::{Institution, Process};
use crate::publish::{ApprovalNote, Withheld};
use crate::store::{self, LoadedInventory, ProblemKind};

/// The institution and processes to export.
#[derive(Debug, Clone)]
pub struct Source {
    pub institution: Institution,
    pub processes: Vec<Process>,
    pub catalogs: Catalogs,
    /// The approval exported, for `--aprovado`.
    pub approval: Option<ApprovalNote>,
    /// Files that could not be read and processes never approved.
    pub left_out: Vec<Withheld>,
    /// Notices of the history layer (a stale lock removed…).
    pub notices: Vec<String>,
}

impl Source {
    /// Whether some file of the inventory could not be read.
    pub fn has_unreadable(&self) -> bool {
        self.left_out
            .iter()
            .any(|w| w.reason.starts_with(UNREADABLE))
    }
}

const UNREADABLE: &str = "arquivo ilegível";

fn unreadable(loaded: &LoadedInventory) -> Vec<Withheld> {
    loaded
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Unreadable)
        .map(|p| Withheld {
            id: p.file.clone(),
            name: String::new(),
            reason: format!("{UNREADABLE}: {}", p.message),
        })
        .collect()
}

fn loaded(dir: &Path, embedded: &Catalogs) -> Result<LoadedInventory, ExportError> {
    store::load(dir, embedded).map_err(|e| ExportError::Source(e.to_string()))
}

/// The working files.
pub fn working(dir: &Path, embedded: &Catalogs) -> Result<Source, ExportError> {
    let loaded = loaded(dir, embedded)?;
    let Some(institution) = loaded.institution.clone() else {
        return Err(ExportError::Source(format!(
            "{}: inventario.ron não pôde ser lido; sem controlador e encarregado não há o que publicar. Rode `inventario check` para ver o erro.",
            dir.display()
        )));
    };
    Ok(Source {
        left_out: unreadable(&loaded),
        institution,
        processes: loaded.processes.into_iter().map(|p| p.process).collect(),
        catalogs: loaded.catalogs,
        approval: None,
        notices: Vec::new(),
    })
}

/// Each process at its last committee approval (processes never approved are
/// left out); the institution at the last approval.
pub fn approved(dir: &Path, embedded: &Catalogs) -> Result<Source, ExportError> {
    let loaded = loaded(dir, embedded)?;
    let history = History::open(dir).map_err(|e| ExportError::Source(e.to_string()))?;
    let state = history.approved_state();
    let notices = history.take_notices();
    let Some(state) = state.map_err(|e| ExportError::Source(e.to_string()))? else {
        return Err(ExportError::Source(format!(
            "{}: o comitê ainda não aprovou nenhum processo (`inventario revisao aprovar`); sem aprovação não há o que exportar com --aprovado",
            dir.display()
        )));
    };
    let mut left_out: Vec<Withheld> = state
        .never_approved
        .iter()
        .map(|stem| Withheld {
            id: stem.clone(),
            name: String::new(),
            reason: "nunca aprovado pelo comitê".to_owned(),
        })
        .collect();
    let mut processes = Vec::new();
    for (stem, bytes) in &state.processes {
        match crate::ron_text::parse::<Process>(bytes) {
            Ok(p) => processes.push(p),
            Err(e) => left_out.push(Withheld {
                id: stem.clone(),
                name: String::new(),
                reason: format!(
                    "a versão aprovada (commit {}) não pôde ser lida: {e}",
                    state.last.commit.short()
                ),
            }),
        }
    }
    let institution = match state
        .institution
        .as_deref()
        .map(crate::ron_text::parse::<Institution>)
    {
        Some(Ok(institution)) => institution,
        _ => loaded.institution.clone().ok_or_else(|| {
            ExportError::Source(format!(
                "{}: inventario.ron não pôde ser lido",
                dir.display()
            ))
        })?,
    };
    Ok(Source {
        institution,
        processes,
        catalogs: loaded.catalogs,
        approval: Some(ApprovalNote {
            ata: state.last.minutes.clone(),
            data: state.last.date.clone(),
            commit: state.last.commit.short(),
        }),
        left_out,
        notices,
    })
}
