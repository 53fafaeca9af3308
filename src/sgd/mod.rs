//! The federal SGD inventory spreadsheet, as data: one sheet per process in the
//! order, labels and grouping of the template's `3-Template` tab (sections 1–14),
//! and the `Listagem geral` (`2-Lista Inventário`), as described in
//! `../shared/reference/sgd-template-layout.md`. Row labels and column headers
//! come from the key descriptions (`keys`, `Sgd::Row` / `Sgd::Column`). Pure: the
//! xlsx and Markdown files are written by `export::sgd`, and `read` turns a
//! filled spreadsheet back into processes.

pub mod mapping;
pub mod read;
mod sheet;

use sheet::{date, opt};
pub use sheet::{field_text, per_field, retention_source, sheet};

use crate::catalog::Catalogs;
use crate::keys::{self, Field, Sgd};
use crate::model::{Institution, Process};

/// The template's "does not apply" (the guide's spelling).
pub const NOT_APPLICABLE: &str = "Não se Aplica";
/// The guide's sentence for a process with no IT contract (section 14).
pub const NO_CONTRACT: &str = "Não há contrato de serviço ou solução de TI que realize operação de tratamento com os dados pessoais elencados neste inventário";
/// The mark in a lifecycle-phase cell of section 3.
pub const PHASE_MARK: &str = "X";
/// Several values in one cell (the fields of a category row) go one per line.
pub const CELL_SEPARATOR: &str = "\n";
/// Name of the general listing sheet.
pub const LISTING_SHEET: &str = "Listagem geral";

/// The section titles of `3-Template`, by number (the template's own text).
pub const SECTIONS: &[(&str, &str)] = &[
    (
        "1",
        "Identificação dos serviços / processo de negócio de tratamento de dados pessoais",
    ),
    ("2", "Agentes de Tratamento e Encarregado"),
    ("3", "Fases do Ciclo de Vida do Tratamento Dados Pessoais"),
    (
        "4",
        "De que forma (como) os dados pessoais são coletados, retidos/armazenados, processados/usados, compartilhados e eliminados",
    ),
    ("5", "Escopo e Natureza dos Dados Pessoais"),
    ("6", "Finalidade do Tratamento de Dados Pessoais"),
    ("7", "Categoria de Dados Pessoais"),
    ("8", "Categorias de Dados Pessoais Sensíveis"),
    (
        "9",
        "Frequência e totalização das categorias de dados pessoais tratados",
    ),
    ("10", "Categorias dos titulares de dados pessoais"),
    ("11", "Compartilhamento de Dados Pessoais"),
    ("12", "Medidas de Segurança/Privacidade"),
    ("13", "Transferência Internacional de Dados Pessoais"),
    (
        "14",
        "Contrato(s) de serviços e/ou soluções de TI que trata(m) dados pessoais do serviço/processo de negócio",
    ),
];

/// The columns of the Listagem geral.
pub const LISTING_HEADERS: &[&str] = &[
    "Nome do serviço/processo de negócio",
    "Nº Ref / ID",
    "Data de Criação do Inventário",
    "Data de Atualização do Inventário",
    "Finalidade do tratamento dos dados pessoais",
    "Trata Dados Pessoais Sensíveis?",
];

/// The whole workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    pub listing: Listing,
    pub sheets: Vec<Sheet>,
}

/// The `Listagem geral` sheet: the controller's and encarregado's bands, then one
/// row per process.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub controller: Vec<(&'static str, String)>,
    pub dpo: Vec<(&'static str, String)>,
    pub rows: Vec<Vec<String>>,
}

/// One process's copy of the template tab.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab's name (≤ 31 characters, unique, no `[]:*?/\`).
    pub name: String,
    pub process_id: String,
    pub sections: Vec<Section>,
}

/// A section (or a 7.x / 8 group): its header row and its item rows. A
/// single-value section has no column headers and one cell per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// `"1 - Identificação…"` or, for a group of section 7, `"7.1 - …"`.
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `"1.1 - Nome do serviço / Processo de negócio"`.
    pub label: String,
    pub cells: Vec<String>,
}

impl Section {
    pub fn is_single_value(&self) -> bool {
        self.headers.is_empty()
    }
}

pub(super) fn numbered(number: &str, text: &str) -> String {
    format!("{number} - {text}")
}

pub(super) fn section_title(number: &str) -> String {
    let text = SECTIONS
        .iter()
        .find(|(n, _)| *n == number)
        .map_or("", |(_, t)| t);
    numbered(number, text)
}

/// The template's `(number, label)` of the key at `path`, from its description.
pub fn row_of(root: &'static [Field], path: &[&str]) -> (&'static str, &'static str) {
    match keys::field_at(root, path.iter().copied()).map(|f| f.sgd) {
        Some(Sgd::Row(number, label)) => (number, label),
        _ => ("", ""),
    }
}

pub(super) fn label(root: &'static [Field], path: &[&str]) -> String {
    let (number, text) = row_of(root, path);
    numbered(number, text)
}

/// The template's column header of the key at `path`.
pub fn column_of(root: &'static [Field], path: &[&str]) -> &'static str {
    match keys::field_at(root, path.iter().copied()).map(|f| f.sgd) {
        Some(Sgd::Column(header)) => header,
        _ => "",
    }
}

pub(super) fn columns(root: &'static [Field], paths: &[&[&str]]) -> Vec<String> {
    paths
        .iter()
        .map(|p| column_of(root, p).to_owned())
        .collect()
}

/// A tab name Excel accepts: the process id, cut to 31 characters, made unique.
fn sheet_name(id: &str, taken: &[String]) -> String {
    let clean: String = id
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let base: String = clean.chars().take(31).collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) || name == LISTING_SHEET {
        let suffix = format!("~{n}");
        name = format!(
            "{}{suffix}",
            base.chars().take(31 - suffix.len()).collect::<String>()
        );
        n += 1;
    }
    name
}

/// The whole workbook: the Listagem geral and one tab per process.
pub fn workbook(
    institution: &Institution,
    processes: &[&Process],
    catalogs: &Catalogs,
) -> Workbook {
    let c = &institution.controller;
    let d = &institution.dpo;
    let band = |name: &str,
                email: &Option<String>,
                address: &Option<String>,
                cep: &Option<String>,
                phone: &Option<String>| {
        vec![
            ("Nome:", name.to_owned()),
            ("E-mail:", opt(email)),
            ("Endereço:", opt(address)),
            ("CEP:", opt(cep)),
            ("Cidade:", String::new()),
            ("Telefone:", opt(phone)),
        ]
    };
    let mut taken = Vec::new();
    let mut sheets = Vec::new();
    let mut rows = Vec::new();
    for p in processes {
        let name = sheet_name(p.id.as_str(), &taken);
        taken.push(name.clone());
        rows.push(vec![
            p.name.clone(),
            p.id.as_str().to_owned(),
            date(p.created),
            date(p.updated),
            p.purposes
                .iter()
                .map(|f| f.description.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            if crate::listing::treats_sensitive_data(catalogs, p) {
                "Sim"
            } else {
                "Não"
            }
            .to_owned(),
        ]);
        sheets.push(Sheet {
            name,
            process_id: p.id.as_str().to_owned(),
            sections: sheet(institution, p, catalogs),
        });
    }
    Workbook {
        listing: Listing {
            controller: band(&c.name, &c.email, &c.address, &c.cep, &c.phone),
            dpo: band(&d.name, &d.email, &d.address, &d.cep, &d.phone),
            rows,
        },
        sheets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{INSTITUTION, PROCESS};

    #[test]
    fn the_keys_sgd_rows_agree_with_the_template_sections() {
        for root in [PROCESS, INSTITUTION] {
            for (_, field) in keys::walk(root) {
                if let Sgd::Row(number, _) = field.sgd {
                    let section = number.split(['.', ' ']).next().unwrap_or_default();
                    assert!(
                        SECTIONS.iter().any(|(n, _)| *n == section),
                        "{} cites SGD section {number}, which the template does not have",
                        field.key
                    );
                }
            }
        }
    }

    #[test]
    fn sheet_names_are_unique_and_short() {
        let mut taken = Vec::new();
        for _ in 0..3 {
            let name = sheet_name(&"a".repeat(40), &taken);
            assert!(name.chars().count() <= 31);
            assert!(!taken.contains(&name));
            taken.push(name);
        }
    }
}
