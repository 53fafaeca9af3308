//! The federal SGD inventory spreadsheet, as data: one sheet per process in the
//! order, labels and grouping of the template's `3-Template` tab (sections 1–14),
//! and the `Listagem geral` (`2-Lista Inventário`), as described in
//! `../shared/reference/sgd-template-layout.md`. Row labels and column headers
//! come from the key descriptions (`keys`, `Sgd::Row` / `Sgd::Column`). Pure: the
//! xlsx and Markdown files are written by `export::sgd`, and `read` turns a
//! filled spreadsheet back into processes.

pub mod mapping;
pub mod read;

use crate::catalog::Catalogs;
use crate::keys::{self, Field, INSTITUTION, PROCESS, Sgd};
use crate::model::{Answer, Institution, Phase, Process, Section as Applicability};
use crate::publish::view::retention;

/// The template's "does not apply" (the guide's spelling).
pub const NOT_APPLICABLE: &str = "Não se Aplica";
/// The guide's sentence for a process with no IT contract (section 14).
pub const NO_CONTRACT: &str = "Não há contrato de serviço ou solução de TI que realize operação de tratamento com os dados pessoais elencados neste inventário";
/// The mark in a lifecycle-phase cell of section 3.
pub const PHASE_MARK: &str = "X";
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

fn numbered(number: &str, text: &str) -> String {
    format!("{number} - {text}")
}

fn section_title(number: &str) -> String {
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

fn label(root: &'static [Field], path: &[&str]) -> String {
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

fn columns(root: &'static [Field], paths: &[&[&str]]) -> Vec<String> {
    paths
        .iter()
        .map(|p| column_of(root, p).to_owned())
        .collect()
}

fn single(number: &str, rows: Vec<(String, String)>) -> Section {
    Section {
        title: section_title(number),
        headers: Vec::new(),
        rows: rows
            .into_iter()
            .map(|(label, value)| Row {
                label,
                cells: vec![value],
            })
            .collect(),
    }
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn answer(value: Option<Answer>) -> String {
    match value {
        Some(Answer::Yes) => "Sim".to_owned(),
        Some(Answer::No) => "Não".to_owned(),
        None => String::new(),
    }
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

fn contact_cells(
    name: &str,
    address: &Option<String>,
    cep: &Option<String>,
    phone: &Option<String>,
    email: &Option<String>,
) -> Vec<String> {
    vec![
        name.to_owned(),
        opt(address),
        opt(cep),
        opt(phone),
        opt(email),
    ]
}

/// Several values in one cell (the fields of a category row) go one per line.
pub const CELL_SEPARATOR: &str = "\n";

/// A column of a category row: one value when every field of the row shares
/// it, else one line per field, in the order of the fields (`-` for none).
pub fn per_field(values: impl Iterator<Item = String>) -> String {
    let values: Vec<String> = values.collect();
    match values.first() {
        Some(first) if values.iter().all(|v| v == first) => first.clone(),
        _ => values
            .iter()
            .map(|v| if v.is_empty() { "-" } else { v.as_str() })
            .collect::<Vec<_>>()
            .join(CELL_SEPARATOR),
    }
}

/// The name a data field is written under: the catalog's name of its kind and,
/// after " — ", its own description.
pub fn field_text(catalogs: &Catalogs, field: &crate::model::DataField) -> String {
    let name = catalogs
        .field_kinds
        .get(field.kind.as_str())
        .map(|k| k.name.as_str());
    match (name, &field.description) {
        (Some(name), Some(description)) => format!("{name} — {description}"),
        (Some(name), None) => name.to_owned(),
        // A kind the catalog does not know (imported): its text is the description.
        (None, Some(description)) => description.clone(),
        (None, None) => field.kind.as_str().to_owned(),
    }
}

/// "TTDD 023.1 (Portaria AN nº 47/2020)" for section 7's "Fonte Retenção".
pub fn retention_source(catalogs: &Catalogs, r: &crate::model::Retention) -> String {
    match &r.ttdd {
        Some(code) => match catalogs.ttdd.get(code.as_str()) {
            Some(entry) => format!("TTDD {code} ({})", entry.table.legal_source()),
            None => format!("TTDD {code}"),
        },
        None => String::new(),
    }
}

/// Sections 7 and 8: every category of the catalog, grouped as the template
/// groups them, with the process's fields in their category's row.
fn category_sections(catalogs: &Catalogs, process: &Process) -> Vec<Section> {
    let headers = columns(
        PROCESS,
        &[
            &["campos", "descricao"],
            &["campos", "retencao", "fase_corrente"],
            &["campos", "retencao", "ttdd"],
            &["campos", "sistema"],
        ],
    );
    let mut sections: Vec<Section> = vec![Section {
        title: section_title("7"),
        headers: Vec::new(),
        rows: Vec::new(),
    }];
    let mut sensitive_started = false;
    for category in catalogs.categories.iter() {
        let group_title = if category.sensitive {
            if !sensitive_started {
                sensitive_started = true;
                sections.push(Section {
                    title: section_title("8"),
                    headers: headers.clone(),
                    rows: Vec::new(),
                });
            }
            None
        } else {
            Some(category.group.as_str())
        };
        if let Some(group) = group_title {
            let title = match group.split_once(' ') {
                Some((number, text)) => numbered(number, text),
                None => group.to_owned(),
            };
            if sections.last().is_none_or(|s| s.title != title) {
                sections.push(Section {
                    title,
                    headers: headers.clone(),
                    rows: Vec::new(),
                });
            }
        }
        let fields: Vec<_> = process
            .fields
            .iter()
            .filter(|f| {
                catalogs
                    .category_of_field(f)
                    .is_some_and(|c| c.id == category.id)
            })
            .collect();
        let row = Row {
            label: numbered(&category.id, &category.name),
            cells: vec![
                fields
                    .iter()
                    .map(|f| field_text(catalogs, f))
                    .collect::<Vec<_>>()
                    .join(CELL_SEPARATOR),
                per_field(fields.iter().map(|f| {
                    process
                        .retention_of(f)
                        .map(|r| retention(catalogs, r).resumo)
                        .unwrap_or_default()
                })),
                per_field(fields.iter().map(|f| {
                    process
                        .retention_of(f)
                        .map(|r| retention_source(catalogs, r))
                        .unwrap_or_default()
                })),
                per_field(fields.iter().map(|f| opt(&f.system))),
            ],
        };
        if let Some(section) = sections.last_mut() {
            section.rows.push(row);
        }
    }
    sections
}

/// The template tab of one process.
pub fn sheet(institution: &Institution, process: &Process, catalogs: &Catalogs) -> Vec<Section> {
    let p = process;
    let mut out = Vec::new();
    out.push(single(
        "1",
        vec![
            (label(PROCESS, &["nome"]), p.name.clone()),
            (label(PROCESS, &["id"]), p.id.as_str().to_owned()),
            (label(PROCESS, &["criado_em"]), date(p.created)),
            (label(PROCESS, &["atualizado_em"]), date(p.updated)),
        ],
    ));

    let c = &institution.controller;
    let d = &institution.dpo;
    let mut agents = vec![
        Row {
            label: label(INSTITUTION, &["controlador"]),
            cells: contact_cells(&c.name, &c.address, &c.cep, &c.phone, &c.email),
        },
        Row {
            label: label(INSTITUTION, &["encarregado"]),
            cells: contact_cells(&d.name, &d.address, &d.cep, &d.phone, &d.email),
        },
    ];
    let (operator_number, operator_label) = row_of(PROCESS, &["operadores"]);
    let operator_base: u32 = operator_number
        .rsplit('.')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    match &p.operators {
        Applicability::Items(items) => {
            for (n, o) in items.iter().enumerate() {
                agents.push(Row {
                    label: numbered(&format!("2.{}", operator_base as usize + n), operator_label),
                    cells: contact_cells(&o.name, &o.address, &o.cep, &o.phone, &o.email),
                });
            }
        }
        other => agents.push(Row {
            label: numbered(operator_number, operator_label),
            cells: vec![
                if matches!(other, Applicability::NotApplicable) {
                    NOT_APPLICABLE.to_owned()
                } else {
                    String::new()
                },
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        }),
    }
    out.push(Section {
        title: section_title("2"),
        headers: ["nome", "endereco", "cep", "telefone", "email"]
            .iter()
            .map(|k| column_of(INSTITUTION, &["controlador", k]).to_owned())
            .collect(),
        rows: agents,
    });

    let phases_label = label(PROCESS, &["operadores", "fases"]);
    out.push(Section {
        title: section_title("3"),
        headers: Phase::ALL
            .iter()
            .map(|ph| capitalized(ph.label()))
            .collect(),
        rows: p
            .operators
            .items()
            .iter()
            .map(|o| Row {
                label: format!("{phases_label} ({})", o.name),
                cells: Phase::ALL
                    .iter()
                    .map(|ph| {
                        if o.phases.contains(ph) {
                            PHASE_MARK.to_owned()
                        } else {
                            String::new()
                        }
                    })
                    .collect(),
            })
            .collect(),
    });

    out.push(single(
        "4",
        vec![(label(PROCESS, &["fluxo_dados"]), opt(&p.data_flow))],
    ));
    out.push(single(
        "5",
        vec![
            (
                label(PROCESS, &["abrangencia"]),
                p.reach
                    .iter()
                    .map(|r| capitalized(r.label()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                label(PROCESS, &["fontes"]),
                p.sources
                    .iter()
                    .map(|s| catalogs.sources.name_of(s.as_str()).to_owned())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ],
    ));

    let mut purposes = Vec::new();
    for f in &p.purposes {
        let basis = f
            .legal_basis
            .as_ref()
            .map_or_else(String::new, |b| match catalogs.basis(b) {
                Some(entry) => format!("{} ({})", entry.name, entry.source),
                None => b.as_str().to_owned(),
            });
        purposes.push((label(PROCESS, &["finalidades", "base_legal"]), basis));
        purposes.push((
            label(PROCESS, &["finalidades", "descricao"]),
            f.description.clone(),
        ));
        purposes.push((
            label(PROCESS, &["finalidades", "previsao_legal"]),
            opt(&f.legal_provision),
        ));
        purposes.push((
            label(PROCESS, &["finalidades", "resultados_titular"]),
            opt(&f.results_for_subject),
        ));
        purposes.push((
            label(PROCESS, &["finalidades", "beneficios"]),
            opt(&f.benefits),
        ));
    }
    if p.purposes.is_empty() {
        for key in [
            "base_legal",
            "descricao",
            "previsao_legal",
            "resultados_titular",
            "beneficios",
        ] {
            purposes.push((label(PROCESS, &["finalidades", key]), String::new()));
        }
    }
    out.push(single("6", purposes));

    out.extend(category_sections(catalogs, p));

    out.push(single(
        "9",
        vec![
            (label(PROCESS, &["frequencia"]), opt(&p.frequency)),
            (
                label(PROCESS, &["quantidade_titulares"]),
                p.subject_count.map(|n| n.to_string()).unwrap_or_default(),
            ),
        ],
    ));

    let (subject_number, subject_label) = row_of(PROCESS, &["titulares"]);
    let section_of = subject_number.split('.').next().unwrap_or("10");
    let mut subjects: Vec<Row> = p
        .subjects
        .iter()
        .enumerate()
        .map(|(n, s)| Row {
            label: numbered(
                &format!("{section_of}.{}", n + 1),
                &format!("{subject_label} {}", n + 1),
            ),
            cells: vec![
                catalogs.subject_groups.name_of(s.group.as_str()).to_owned(),
                opt(&s.description),
            ],
        })
        .collect();
    let next = p.subjects.len().max(2) + 1;
    let (_, children_label) = row_of(PROCESS, &["criancas_adolescentes"]);
    let (_, vulnerable_label) = row_of(PROCESS, &["outros_vulneraveis"]);
    subjects.push(Row {
        label: numbered(&format!("{section_of}.{next}"), children_label),
        cells: vec![answer(p.children), String::new()],
    });
    subjects.push(Row {
        label: numbered(&format!("{section_of}.{}", next + 1), vulnerable_label),
        cells: vec![answer(p.other_vulnerable), String::new()],
    });
    out.push(Section {
        title: section_title("10"),
        headers: columns(
            PROCESS,
            &[&["titulares", "grupo"], &["titulares", "descricao"]],
        ),
        rows: subjects,
    });

    let names = |ids: &[crate::model::ItemId]| {
        ids.iter()
            .filter_map(|id| p.fields.iter().find(|f| &f.id == id))
            .map(|f| match catalogs.field_kinds.get(f.kind.as_str()) {
                Some(kind) => kind.name.clone(),
                None => f
                    .description
                    .clone()
                    .unwrap_or_else(|| f.kind.as_str().to_owned()),
            })
            .collect::<Vec<_>>()
            .join(CELL_SEPARATOR)
    };
    out.push(Section {
        title: section_title("11"),
        headers: columns(
            PROCESS,
            &[
                &["compartilhamentos", "dados"],
                &["compartilhamentos", "finalidade"],
            ],
        ),
        rows: table_rows(
            "11",
            &p.sharing,
            2,
            row_of(PROCESS, &["compartilhamentos", "destinatario"]).1,
            |s| {
                (
                    s.recipient.clone(),
                    vec![
                        names(&s.fields),
                        s.purpose.clone().unwrap_or_else(|| {
                            s.process_purpose
                                .as_ref()
                                .and_then(|id| p.purposes.iter().find(|f| &f.id == id))
                                .map(|f| f.description.clone())
                                .unwrap_or_default()
                        }),
                    ],
                )
            },
        ),
    });

    let measures = if p.security_measures.is_empty() {
        Applicability::NotFilled
    } else {
        Applicability::Items(p.security_measures.clone())
    };
    out.push(Section {
        title: section_title("12"),
        headers: columns(
            PROCESS,
            &[
                &["medidas_seguranca", "tipo"],
                &["medidas_seguranca", "controles"],
            ],
        ),
        rows: table_rows(
            "12",
            &measures,
            2,
            "Medida de Segurança/Privacidade",
            |m| {
                (
                    String::new(),
                    vec![
                        catalogs.measure_types.name_of(m.kind.as_str()).to_owned(),
                        m.controls.clone(),
                    ],
                )
            },
        ),
    });

    out.push(Section {
        title: section_title("13"),
        headers: columns(
            PROCESS,
            &[
                &["transferencias_internacionais", "pais"],
                &["transferencias_internacionais", "dados"],
                &["transferencias_internacionais", "salvaguarda"],
            ],
        ),
        rows: table_rows(
            "13",
            &p.transfers,
            3,
            row_of(PROCESS, &["transferencias_internacionais", "organizacao"]).1,
            |t| {
                (
                    t.organization.clone(),
                    vec![
                        t.country.clone(),
                        names(&t.fields),
                        t.safeguard
                            .as_ref()
                            .map(|s| catalogs.safeguards.name_of(s.as_str()).to_owned())
                            .unwrap_or_default(),
                    ],
                )
            },
        ),
    });

    let mut contracts = table_rows(
        "14",
        &p.it_contracts,
        3,
        row_of(PROCESS, &["contratos_ti", "numero"]).1,
        |c| {
            (
                c.number.clone(),
                vec![opt(&c.procurement), opt(&c.object), opt(&c.manager_email)],
            )
        },
    );
    if matches!(p.it_contracts, Applicability::NotApplicable)
        && let Some(first) = contracts.first_mut()
    {
        first.cells[0] = NO_CONTRACT.to_owned();
    }
    out.push(Section {
        title: section_title("14"),
        headers: columns(
            PROCESS,
            &[
                &["contratos_ti", "processo_contratacao"],
                &["contratos_ti", "objeto"],
                &["contratos_ti", "email_gestor"],
            ],
        ),
        rows: contracts,
    });
    out
}

/// The rows of a table section: `"11.1 - <recipient>"` per item, or one
/// placeholder row (`"11.1 - Nome da Instituição 1"`) saying "Não se Aplica" or
/// left blank when nobody filled it in.
fn table_rows<T>(
    number: &str,
    section: &Applicability<T>,
    width: usize,
    placeholder: &str,
    item: impl Fn(&T) -> (String, Vec<String>),
) -> Vec<Row> {
    match section {
        Applicability::Items(items) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(n, x)| {
                let (name, cells) = item(x);
                let name = if name.is_empty() {
                    format!("{placeholder} {}", n + 1)
                } else {
                    name
                };
                Row {
                    label: numbered(&format!("{number}.{}", n + 1), &name),
                    cells,
                }
            })
            .collect(),
        other => {
            let mut cells = vec![String::new(); width];
            if matches!(other, Applicability::NotApplicable) {
                cells[0] = NOT_APPLICABLE.to_owned();
            }
            vec![Row {
                label: numbered(&format!("{number}.1"), &format!("{placeholder} 1")),
                cells,
            }]
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
