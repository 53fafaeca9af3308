//! One process's copy of the SGD template tab (sections 1–14) as rows of
//! labels and cells, from the process, the institution (section 2's controller
//! and encarregado) and the catalogs' names.

use super::{
    CELL_SEPARATOR, NO_CONTRACT, NOT_APPLICABLE, PHASE_MARK, Row, Section, column_of, columns,
    label, numbered, row_of, section_title,
};
use crate::catalog::Catalogs;
use crate::keys::{INSTITUTION, PROCESS};
use crate::model::{
    Answer, Institution, Phase, Process, Section as Applicability, VulnerableGroup,
};
use crate::publish::view::retention;
use crate::text::capitalized;

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

pub(super) fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub(super) fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn answer(value: Option<Answer>) -> String {
    match value {
        Some(Answer::Yes) => "Sim".to_owned(),
        Some(Answer::No) => "Não".to_owned(),
        None => String::new(),
    }
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
    let (_, children_label) = row_of(PROCESS, &["criancas"]);
    let (_, vulnerable_label) = row_of(PROCESS, &["outros_vulneraveis"]);
    subjects.push(Row {
        label: numbered(&format!("{section_of}.{next}"), children_label),
        cells: vec![
            answer(p.joint_answer(&[VulnerableGroup::Children, VulnerableGroup::Adolescents])),
            String::new(),
        ],
    });
    subjects.push(Row {
        label: numbered(&format!("{section_of}.{}", next + 1), vulnerable_label),
        cells: vec![
            answer(p.joint_answer(&[VulnerableGroup::Elderly, VulnerableGroup::Other])),
            String::new(),
        ],
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
