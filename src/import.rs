//! Importing an SGD-template spreadsheet (`.xlsx`, `.ods`, `.xls`) through
//! calamine: the cells become text (`sgd::read::Grid`), the template tabs are
//! found by their labels, each becomes a process (`sgd::mapping`), and every
//! process is written through the normal save path: one commit per process,
//! never over an existing one unless asked, and then only the keys the template
//! holds change (a field-level change, visible in the diff).

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;

use crate::catalog::Catalogs;
use crate::document::{self, Document};
use crate::history::{Author, History, HistoryError};
use crate::keys::{Field, PROCESS, Sgd};
use crate::model::Process;
use crate::sgd::mapping::{self, Imported, Note, SheetError};
use crate::sgd::read::{self, Grid};

/// Why a spreadsheet could not be imported at all (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: não foi possível ler a planilha: {reason}")]
    Unreadable { file: String, reason: String },
    #[error(
        "{file}: a planilha não segue o modelo SGD de inventário: nenhuma aba tem as seções \"1 - Identificação…\" (com 1.1 - Nome do serviço) ou \"6 - Finalidade…\" e \"7 - Categoria de Dados Pessoais\"; {found}. Nada foi importado."
    )]
    NotSgd { file: String, found: String },
    #[error("{file}: nenhuma aba descreve o processo \"{id}\"; abas de processo: {sheets}")]
    NoSuchProcess {
        file: String,
        id: String,
        sheets: String,
    },
}

/// A cell as text: dates as DD/MM/AAAA, whole numbers without ".0".
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(true) => "Sim".to_owned(),
        Data::Bool(false) => "Não".to_owned(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{day:02}/{m:02}/{y:04}")
        }
    }
}

/// Every tab of the spreadsheet as text.
pub fn read_grids(path: &Path) -> Result<Vec<Grid>, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        file: path.display().to_string(),
        reason,
    };
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| unreadable(format!("aba \"{name}\": {e}")))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); top as usize];
        for row in range.rows() {
            let mut cells = vec![String::new(); left as usize];
            cells.extend(row.iter().map(cell_text));
            rows.push(cells);
        }
        grids.push(Grid { name, rows });
    }
    Ok(grids)
}

/// The processes of a spreadsheet (or of the one tab for `only`), with the tabs
/// that could not become one.
pub fn read_processes(
    path: &Path,
    catalogs: &Catalogs,
    only: Option<&str>,
    today: NaiveDate,
) -> Result<(Vec<Imported>, Vec<SheetError>), ImportError> {
    let grids = read_grids(path)?;
    let sheets: Vec<_> = grids.iter().filter_map(read::template_sheet).collect();
    if sheets.is_empty() {
        return Err(ImportError::NotSgd {
            file: path.display().to_string(),
            found: read::describe(&grids),
        });
    }
    let mut imported = Vec::new();
    let mut failed = Vec::new();
    for sheet in &sheets {
        match mapping::process_of(sheet, catalogs, today) {
            Ok(i) => imported.push(i),
            Err(e) => failed.push(e),
        }
    }
    if let Some(id) = only {
        let names: Vec<String> = imported
            .iter()
            .map(|i| format!("{} ({})", i.sheet, i.process.id))
            .collect();
        imported.retain(|i| i.process.id.as_str() == id || i.sheet == id);
        if imported.is_empty() {
            return Err(ImportError::NoSuchProcess {
                file: path.display().to_string(),
                id: id.to_owned(),
                sheets: names.join(", "),
            });
        }
        failed.clear();
    }
    Ok((imported, failed))
}

/// The labels of the keys the SGD template has no place for, once per label:
/// what an import cannot bring and an export to the template leaves out.
pub fn keys_without_place() -> Vec<String> {
    fn walk(fields: &'static [Field], parent: Option<&str>, out: &mut Vec<String>) {
        for f in fields {
            let children = f.kind.children();
            if !children.is_empty() {
                walk(children, Some(f.label), out);
                continue;
            }
            if f.sgd == Sgd::Absent && f.kind.identity_key().is_none() && f.key != "id" {
                let label = match parent {
                    Some(p) => format!("{} ({p})", f.label),
                    None => f.label.to_owned(),
                };
                if !out.contains(&label) {
                    out.push(label);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(PROCESS, None, &mut out);
    out
}

/// The existing process with the keys the template holds taken from the
/// imported one; the rest (owner, notes, classification, per-field detail…) stays.
pub fn replace_template_keys(existing: &Process, imported: &Process) -> Result<Process, String> {
    let mut tree = crate::semantic::to_tree(existing);
    let new = crate::semantic::to_tree(imported);
    let (Some(target), Some(source)) = (tree.as_object_mut(), new.as_object()) else {
        return Err("processo sem chaves".to_owned());
    };
    for field in PROCESS {
        let from_template = field.sgd != Sgd::Absent || field.key == "retencao";
        if !from_template || field.key == "id" {
            continue;
        }
        match source.get(field.key) {
            Some(value) => {
                target.insert(field.key.to_owned(), value.clone());
            }
            None => {
                target.remove(field.key);
            }
        }
    }
    document::from_tree(&tree)
}

/// What happened to one imported process.
#[derive(Debug)]
pub enum Outcome {
    Created(String),
    Replaced(String),
    Unchanged,
    Refused(String),
}

/// Writes one imported process: created, or (with `replace`) its template keys
/// saved over the existing one; refused if it exists and `replace` is off.
pub fn write_process(
    history: &History,
    imported: &Imported,
    replace: bool,
    spreadsheet: &str,
    author: &Author,
) -> Result<Outcome, HistoryError> {
    let message = format!("importado de {spreadsheet}");
    let id = imported.process.id.as_str();
    let (head, existing) = history.process_at_head(id)?;
    let file = imported.process.own_file();
    let on_disk = history.root().join(file.to_string()).exists();
    match existing {
        None if !on_disk => {
            let outcome = history.create_document(&imported.process, Some(&message), author)?;
            Ok(Outcome::Created(outcome_text(&outcome)))
        }
        _ if !replace => Ok(Outcome::Refused(format!(
            "{file} já existe; nada foi mudado (use --substituir para trocar o que a planilha tem)"
        ))),
        None => Ok(Outcome::Refused(format!(
            "{file} existe mas não pôde ser lido ou não está registrado; corrija-o antes (`inventario check`)"
        ))),
        Some(existing) => {
            let merged = match replace_template_keys(&existing, &imported.process) {
                Ok(merged) => merged,
                Err(e) => return Ok(Outcome::Refused(e)),
            };
            if merged == existing {
                return Ok(Outcome::Unchanged);
            }
            let outcome =
                history.save_document(&merged, &file, Some(head), Some(&message), author)?;
            Ok(Outcome::Replaced(outcome_text(&outcome)))
        }
    }
}

fn outcome_text(outcome: &crate::history::SaveOutcome) -> String {
    match outcome {
        crate::history::SaveOutcome::Committed { commit, .. } => {
            format!("commit {}", commit.short())
        }
        crate::history::SaveOutcome::Unchanged { commit } => {
            format!("sem mudança ({})", commit.short())
        }
    }
}

/// The report lines of one process.
pub fn report_lines(imported: &Imported) -> Vec<String> {
    imported
        .notes
        .iter()
        .map(|n: &Note| {
            let at = match (n.line, n.row.is_empty()) {
                (0, _) => String::new(),
                (line, true) => format!("linha {line}: "),
                (line, false) => format!("linha {line} ({}): ", n.row),
            };
            format!("{}: {at}{}", n.kind.label(), n.text)
        })
        .collect()
}
