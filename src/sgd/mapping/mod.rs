//! From a filled SGD template tab (`read::FoundSheet`) to a process: each text
//! mapped to the catalogs (legal bases written as "Art. 7º, III" or as the
//! statutory text of the inciso, categories and groups named in words, "Não se
//! aplica" / "N/A" / "-", free-text retention). Every mapping that was a guess
//! and every cell that was not understood becomes a `Note`; nothing is dropped
//! silently, and what the model can keep as text is kept. Pure: `values` reads
//! one cell, `sections` one section of the template.

use chrono::NaiveDate;

use super::read::{FoundRow, FoundSection, FoundSheet, normalize};
use crate::catalog::Catalogs;
use crate::model::{Process, ProcessId};
use crate::text::{slug, words};

/// How sure the import is of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Mapped to a catalog entry by resemblance: check it.
    Guess,
    /// Not understood: kept as text where the model allows, else left out.
    NotUnderstood,
    /// A row that is neither a section nor an item (instructions, notes).
    Ignored,
}

impl NoteKind {
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Guess => "palpite",
            NoteKind::NotUnderstood => "não entendido",
            NoteKind::Ignored => "ignorado",
        }
    }
}

/// One line of the import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    /// The row's number in the sheet (1-based; 0 when not tied to a row).
    pub line: usize,
    /// The template row (`"6.1"`), empty for ignored rows.
    pub row: String,
    pub text: String,
}

/// A process read from one tab, with its report.
#[derive(Debug, Clone)]
pub struct Imported {
    pub sheet: String,
    pub process: Process,
    pub notes: Vec<Note>,
}

/// Why a tab could not become a process.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("aba \"{0}\": sem nome do processo (linha 1.1 vazia)")]
    NoName(String),
    #[error(
        "aba \"{sheet}\": não foi possível fazer um id com \"{text}\"; preencha 1.2 - Nº Referência / ID"
    )]
    NoId { sheet: String, text: String },
}

mod sections;
mod values;

use sections::*;
use values::*;
pub use values::{date, is_not_applicable, legal_basis};

/// The state while one tab is read.
struct Reader<'a> {
    catalogs: &'a Catalogs,
    notes: Vec<Note>,
}

impl Reader<'_> {
    fn note(&mut self, kind: NoteKind, row: &FoundRow, text: String) {
        self.notes.push(Note {
            kind,
            line: row.line,
            row: row.number.clone(),
            text,
        });
    }

    /// A catalog id for `text`, noting a guess or a miss.
    fn catalog(
        &mut self,
        entries: &[(&str, &str)],
        text: &str,
        what: &str,
        row: &FoundRow,
    ) -> Option<String> {
        match closest(entries, text) {
            Some((id, name, guessed)) => {
                if guessed {
                    self.note(
                        NoteKind::Guess,
                        row,
                        format!("{what} \"{}\" lido como \"{name}\" ({id})", normalize(text)),
                    );
                }
                Some(id.to_owned())
            }
            None => {
                self.note(
                    NoteKind::NotUnderstood,
                    row,
                    format!("{what} \"{}\" não está no catálogo", normalize(text)),
                );
                None
            }
        }
    }
}

fn section<'s>(sheet: &'s FoundSheet, number: &str) -> Option<&'s FoundSection> {
    sheet.sections.iter().find(|s| s.number == number)
}

fn rows<'s>(sheet: &'s FoundSheet, number: &str) -> impl Iterator<Item = &'s FoundRow> {
    sheet
        .sections
        .iter()
        .filter(move |s| s.number == number)
        .flat_map(|s| s.rows.iter())
}

fn cell(row: &FoundRow, n: usize) -> &str {
    row.cells.get(n).map_or("", String::as_str)
}

/// Whether a row label is the template's placeholder ("Nome da Instituição 1").
fn placeholder(label: &str, words_of: &str) -> bool {
    words(label).starts_with(words_of)
}

/// The process a template tab describes.
pub fn process_of(
    sheet: &FoundSheet,
    catalogs: &Catalogs,
    today: NaiveDate,
) -> Result<Imported, SheetError> {
    let mut r = Reader {
        catalogs,
        notes: sheet
            .ignored
            .iter()
            .map(|(line, text)| Note {
                kind: NoteKind::Ignored,
                line: *line,
                row: String::new(),
                text: format!("\"{text}\""),
            })
            .collect(),
    };
    let one = section(sheet, "1");
    let value = |s: Option<&FoundSection>, n: &str| {
        s.and_then(|s| s.value(n))
            .map(normalize)
            .filter(|v| !v.is_empty())
    };
    let name = value(one, "1.1").ok_or_else(|| SheetError::NoName(sheet.name.clone()))?;
    let id_text = value(one, "1.2").unwrap_or_else(|| name.clone());
    let id = ProcessId::parse(&slug(&id_text, 64)).map_err(|_| SheetError::NoId {
        sheet: sheet.name.clone(),
        text: id_text.clone(),
    })?;
    let mut p = Process::new(id, name, today);
    for (number, slot) in [("1.3", 0), ("1.4", 1)] {
        if let Some(text) = value(one, number) {
            match date(&text) {
                Some(d) if slot == 0 => p.created = d,
                Some(d) => p.updated = d,
                None => {
                    if let Some(row) = one.and_then(|s| s.rows.iter().find(|r| r.number == number))
                    {
                        r.note(
                            NoteKind::NotUnderstood,
                            row,
                            format!(
                                "\"{text}\" não é uma data (use DD/MM/AAAA); ficou a data de hoje"
                            ),
                        );
                    }
                }
            }
        }
    }

    read_operators(&mut r, sheet, &mut p);
    p.data_flow = value(section(sheet, "4"), "4.1");
    read_scope(&mut r, sheet, &mut p);
    read_purposes(&mut r, sheet, &mut p);
    read_fields(&mut r, sheet, &mut p);
    let nine = section(sheet, "9");
    p.frequency = value(nine, "9.1");
    if let Some(text) = value(nine, "9.2") {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        match digits.parse::<u64>() {
            Ok(n) => {
                if digits != text.trim()
                    && let Some(row) = nine.and_then(|s| s.rows.iter().find(|r| r.number == "9.2"))
                {
                    r.note(
                        NoteKind::Guess,
                        row,
                        format!("quantidade \"{text}\" lida como {n}"),
                    );
                }
                p.subject_count = Some(n);
            }
            Err(_) => {
                if let Some(row) = nine.and_then(|s| s.rows.iter().find(|r| r.number == "9.2")) {
                    r.note(
                        NoteKind::NotUnderstood,
                        row,
                        format!("quantidade \"{text}\" não é um número"),
                    );
                }
            }
        }
    }
    read_subjects(&mut r, sheet, &mut p);
    read_sharing(&mut r, sheet, &mut p);
    read_measures(&mut r, sheet, &mut p);
    read_transfers(&mut r, sheet, &mut p);
    read_contracts(sheet, &mut p);
    Ok(Imported {
        sheet: sheet.name.clone(),
        process: p,
        notes: r.notes,
    })
}
