//! A RIPD as a document to read: the SGD RIPD template's sections in order, with
//! the risk table and the 3×3 probability × impact matrices (inherent and
//! residual). Built once as blocks (`Report`); `text` writes them as Markdown or
//! HTML (escaped) and `ripd_docx` as DOCX, so every format says the same thing.
//! Pure.

mod text;
pub use text::{html, markdown};

use crate::catalog::Catalogs;
use crate::model::Ripd;
use crate::model::ripd::{Degree, Prefilled, RiskLevel, Signatory};

/// One block of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// A label and its value on one line.
    Item(String, String),
    Table {
        caption: String,
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSection {
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    pub sections: Vec<ReportSection>,
}

const NOT_FILLED: &str = "— não preenchido";

fn or_blank(text: Option<&str>) -> String {
    match text.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_owned(),
        _ => NOT_FILLED.to_owned(),
    }
}

fn degree(d: Option<Degree>) -> String {
    d.map_or(NOT_FILLED.to_owned(), |d| d.label().to_owned())
}

fn level(l: Option<RiskLevel>) -> String {
    l.map_or(NOT_FILLED.to_owned(), |l| {
        format!("{} ({})", l.value, l.band.label())
    })
}

fn prefilled(part: &Prefilled) -> Vec<Block> {
    let mut blocks = vec![Block::Paragraph(or_blank(Some(&part.from_inventory)))];
    if let Some(addition) = part.addition.as_deref().filter(|a| !a.trim().is_empty()) {
        blocks.push(Block::Paragraph(addition.to_owned()));
    }
    blocks
}

fn signatory(label: &str, s: Option<&Signatory>) -> Block {
    let value = match s {
        Some(s) => {
            let mut parts = vec![s.name.clone()];
            parts.extend(s.registration.as_ref().map(|r| format!("matrícula {r}")));
            parts.extend(s.place.clone());
            parts.extend(s.date.map(|d| d.format("%d/%m/%Y").to_string()));
            parts.join(", ")
        }
        None => NOT_FILLED.to_owned(),
    };
    Block::Item(label.to_owned(), value)
}

/// The 3×3 matrix of how many risks fall in each probability × impact cell.
fn matrix(caption: &str, cells: &[(Degree, Degree)]) -> Block {
    let order = [Degree::High, Degree::Moderate, Degree::Low];
    let rows = order
        .iter()
        .map(|p| {
            let mut row = vec![format!("P {}", p.label())];
            for i in [Degree::Low, Degree::Moderate, Degree::High] {
                let n = cells.iter().filter(|(cp, ci)| cp == p && *ci == i).count();
                let band = RiskLevel::of(Some(*p), Some(i)).map_or("", |l| l.band.label());
                row.push(format!("{n} ({band})"));
            }
            row
        })
        .collect();
    Block::Table {
        caption: caption.to_owned(),
        headers: vec![
            "probabilidade \\ impacto".to_owned(),
            "I baixo (5)".to_owned(),
            "I moderado (10)".to_owned(),
            "I alto (15)".to_owned(),
        ],
        rows,
    }
}

/// The report in the template's order.
pub fn build(ripd: &Ripd, catalogs: &Catalogs) -> Report {
    let mut sections = Vec::new();
    let ident = vec![
        Block::Item("Número".into(), or_blank(ripd.number.as_deref())),
        Block::Item("Processo SEI".into(), or_blank(ripd.sei.as_deref())),
        Block::Item("Versão".into(), or_blank(ripd.version.as_deref())),
        Block::Item(
            "Processos cobertos".into(),
            ripd.processes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Block::Item(
            "Criado em".into(),
            ripd.created.format("%d/%m/%Y").to_string(),
        ),
        Block::Item(
            "Atualizado em".into(),
            ripd.updated.format("%d/%m/%Y").to_string(),
        ),
    ];
    sections.push(ReportSection {
        heading: "Identificação".into(),
        blocks: ident,
    });
    sections.push(ReportSection {
        heading: "Histórico de revisões".into(),
        blocks: vec![Block::Table {
            caption: "Revisões do relatório".into(),
            headers: vec![
                "Data".into(),
                "Versão".into(),
                "Descrição".into(),
                "Autor".into(),
            ],
            rows: ripd
                .revisions
                .iter()
                .map(|r| {
                    vec![
                        r.date.format("%d/%m/%Y").to_string(),
                        r.version.clone(),
                        r.description.clone(),
                        r.author.clone(),
                    ]
                })
                .collect(),
        }],
    });
    let a = &ripd.agents;
    sections.push(ReportSection {
        heading: "1. Identificação dos agentes de tratamento e do encarregado".into(),
        blocks: vec![
            Block::Item("Controlador".into(), or_blank(Some(&a.controller))),
            Block::Item("Encarregado".into(), or_blank(Some(&a.dpo))),
            Block::Item(
                "Operadores".into(),
                if a.operators.is_empty() {
                    "nenhum".into()
                } else {
                    a.operators.join(", ")
                },
            ),
        ],
    });
    sections.push(ReportSection {
        heading: "2. Necessidade de elaborar o relatório".into(),
        blocks: vec![Block::Table {
            caption: "Gatilhos que levaram ao relatório".into(),
            headers: vec![
                "Gatilho".into(),
                "Fatos".into(),
                "Como o relatório o trata".into(),
            ],
            rows: ripd
                .need
                .iter()
                .map(|n| {
                    vec![
                        format!(
                            "{} — {}",
                            n.trigger,
                            catalogs.ripd_triggers.name_of(&n.trigger)
                        ),
                        n.facts.join("; "),
                        or_blank(n.justification.as_deref()),
                    ]
                })
                .collect(),
        }],
    });
    let d = &ripd.description;
    let mut description = Vec::new();
    for (label, part) in [
        ("3.1 Natureza", &d.nature),
        ("3.2 Escopo", &d.scope),
        ("3.3 Contexto", &d.context),
        ("3.4 Finalidade", &d.purpose),
    ] {
        description.push(Block::Paragraph(label.to_owned()));
        description.extend(prefilled(part));
    }
    sections.push(ReportSection {
        heading: "3. Descrição do tratamento".into(),
        blocks: description,
    });
    sections.push(ReportSection {
        heading: "4. Partes interessadas consultadas".into(),
        blocks: vec![Block::Table {
            caption: "Partes consultadas".into(),
            headers: vec![
                "Quem".into(),
                "Papel".into(),
                "Data".into(),
                "Parecer".into(),
            ],
            rows: ripd
                .consulted
                .iter()
                .map(|c| {
                    vec![
                        c.who.clone(),
                        or_blank(c.role.as_deref()),
                        c.date
                            .map_or(NOT_FILLED.to_owned(), |d| d.format("%d/%m/%Y").to_string()),
                        or_blank(c.opinion.as_deref()),
                    ]
                })
                .collect(),
        }],
    });
    sections.push(ReportSection {
        heading: "5. Necessidade e proporcionalidade".into(),
        blocks: vec![Block::Table {
            caption: "Necessidade e proporcionalidade, por finalidade".into(),
            headers: vec![
                "Finalidade".into(),
                "Base legal".into(),
                "Por que é necessário".into(),
                "Minimização".into(),
                "Qualidade".into(),
                "Direitos do titular (art. 18)".into(),
                "Transferências".into(),
            ],
            rows: ripd
                .necessity
                .iter()
                .map(|n| {
                    vec![
                        n.purpose.clone(),
                        n.legal_basis.as_deref().map_or(NOT_FILLED.to_owned(), |b| {
                            catalogs.legal_bases.name_of(b).to_owned()
                        }),
                        or_blank(n.why_necessary.as_deref()),
                        or_blank(n.minimization.as_deref()),
                        or_blank(n.quality.as_deref()),
                        or_blank(n.rights.as_deref()),
                        or_blank(n.transfers.as_deref()),
                    ]
                })
                .collect(),
        }],
    });
    let risk_rows = ripd
        .risks
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.description
                    .clone()
                    .unwrap_or_else(|| catalogs.risks.name_of(r.id.as_str()).to_owned()),
                degree(r.probability),
                degree(r.impact),
                level(r.level()),
                r.suggested_by.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let inherent: Vec<(Degree, Degree)> = ripd
        .risks
        .iter()
        .filter_map(|r| Some((r.probability?, r.impact?)))
        .collect();
    sections.push(ReportSection {
        heading: "6. Identificação e avaliação dos riscos".into(),
        blocks: vec![
            Block::Table {
                caption: "Riscos (nível = probabilidade × impacto)".into(),
                headers: vec![
                    "Id".into(),
                    "Risco".into(),
                    "Probabilidade".into(),
                    "Impacto".into(),
                    "Nível".into(),
                    "Sugerido por".into(),
                ],
                rows: risk_rows,
            },
            matrix("Matriz de risco inerente (quantidade de riscos)", &inherent),
        ],
    });
    let mut measure_rows = Vec::new();
    let mut residual = Vec::new();
    for r in &ripd.risks {
        for m in &r.measures {
            if let (Some(p), Some(i)) = (m.residual_probability, m.residual_impact) {
                residual.push((p, i));
            }
            measure_rows.push(vec![
                r.id.to_string(),
                m.description.clone(),
                m.effect
                    .map_or(NOT_FILLED.to_owned(), |e| e.label().to_owned()),
                degree(m.residual_probability),
                degree(m.residual_impact),
                level(m.residual_level()),
                m.approved
                    .map_or(NOT_FILLED.to_owned(), |a| a.label().to_owned()),
            ]);
        }
    }
    sections.push(ReportSection {
        heading: "7. Medidas para tratar os riscos".into(),
        blocks: vec![
            Block::Table {
                caption: "Medidas e risco residual".into(),
                headers: vec![
                    "Risco".into(),
                    "Medida".into(),
                    "Efeito".into(),
                    "P residual".into(),
                    "I residual".into(),
                    "Nível residual".into(),
                    "Aprovada".into(),
                ],
                rows: measure_rows,
            },
            matrix(
                "Matriz de risco residual (quantidade de medidas)",
                &residual,
            ),
        ],
    });
    let ap = &ripd.approval;
    sections.push(ReportSection {
        heading: "8. Aprovação".into(),
        blocks: vec![
            signatory("Elaborado por", ap.prepared_by.as_ref()),
            signatory("Encarregado", ap.dpo.as_ref()),
            signatory(
                "Autoridade do controlador",
                ap.controller_authority.as_ref(),
            ),
            signatory("Autoridade do operador", ap.operator_authority.as_ref()),
            Block::Item("Ata do comitê".into(), or_blank(ap.minutes.as_deref())),
            Block::Item(
                "Aprovado em".into(),
                ap.approved_on
                    .map_or(NOT_FILLED.to_owned(), |d| d.format("%d/%m/%Y").to_string()),
            ),
        ],
    });
    if !ripd.rejected.is_empty() {
        sections.push(ReportSection {
            heading: "Anexo: riscos sugeridos e rejeitados".into(),
            blocks: vec![Block::Table {
                caption: "Sugestões rejeitadas, com o motivo".into(),
                headers: vec!["Risco".into(), "Sugerido por".into(), "Motivo".into()],
                rows: ripd
                    .rejected
                    .iter()
                    .map(|r| vec![r.id.to_string(), r.suggested_by.clone(), r.reason.clone()])
                    .collect(),
            }],
        });
    }
    Report {
        title: format!(
            "Relatório de Impacto à Proteção de Dados Pessoais — {}",
            ripd.title
        ),
        sections,
    }
}

/// The 3×3 probability × impact matrix as lines of text, each cell "inherent /
/// residual" counts with the band's letter (A alto, M moderado, B baixo), for a
/// screen: rows P alto, moderado, baixo; columns I baixo, moderado, alto.
pub fn matrix_lines(risks: &[crate::model::ripd::Risk]) -> Vec<String> {
    let order = [Degree::High, Degree::Moderate, Degree::Low];
    let columns = [Degree::Low, Degree::Moderate, Degree::High];
    let inherent: Vec<(Degree, Degree)> = risks
        .iter()
        .filter_map(|r| Some((r.probability?, r.impact?)))
        .collect();
    let residual: Vec<(Degree, Degree)> = risks
        .iter()
        .flat_map(|r| &r.measures)
        .filter_map(|m| Some((m.residual_probability?, m.residual_impact?)))
        .collect();
    let count = |cells: &[(Degree, Degree)], p: Degree, i: Degree| {
        cells.iter().filter(|c| **c == (p, i)).count()
    };
    let mut lines = vec![
        "Matriz de risco (riscos inerentes/residuais por célula)".to_owned(),
        format!(
            "{:<12}{:<14}{:<14}{}",
            "", "I baixo", "I moderado", "I alto"
        ),
    ];
    for p in order {
        let mut line = format!(
            "{:<12}",
            format!("P {}", p.label().split(' ').next().unwrap_or(""))
        );
        for i in columns {
            let letter = RiskLevel::of(Some(p), Some(i)).map_or(' ', |l| l.band.letter());
            line.push_str(&format!(
                "{:<14}",
                format!(
                    "{}/{} {letter}",
                    count(&inherent, p, i),
                    count(&residual, p, i)
                )
            ));
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_follows_the_template_and_escapes_html() {
        let mut ripd = crate::synthetic::full_ripd();
        ripd.title = "Câmeras <script>".into();
        let catalogs = Catalogs::embedded().unwrap();
        let report = build(&ripd, &catalogs);
        let headings: Vec<&str> = report.sections.iter().map(|s| s.heading.as_str()).collect();
        for expected in ["1. ", "2. ", "3. ", "4. ", "5. ", "6. ", "7. ", "8. "] {
            assert!(
                headings.iter().any(|h| h.starts_with(expected)),
                "{expected}"
            );
        }
        let md = markdown(&report);
        assert!(
            md.contains("| R01 | Acesso | moderado (10) | alto (15) | 150 (alto) |"),
            "{md}"
        );
        assert!(md.contains("Matriz de risco inerente"));
        let page = html(&report);
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("<script>"));
        assert!(page.contains("<th scope=\"col\">Nível</th>"));
    }

    #[test]
    fn the_screen_matrix_shows_inherent_and_residual_counts_with_letters() {
        let ripd = crate::synthetic::full_ripd();
        let lines = matrix_lines(&ripd.risks);
        assert_eq!(lines.len(), 5);
        // R01 is P moderado × I alto (150, A); its measure leaves P baixo × I alto.
        assert!(lines[3].starts_with("P moderado"), "{lines:?}");
        assert!(lines[3].ends_with("1/0 A"), "{lines:?}");
        assert!(lines[4].ends_with("0/1 M"), "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{lines:?}");
    }

    #[test]
    fn the_matrix_counts_each_cell() {
        let cells = [
            (Degree::High, Degree::High),
            (Degree::High, Degree::High),
            (Degree::Low, Degree::Low),
        ];
        let Block::Table { rows, .. } = matrix("m", &cells) else {
            panic!()
        };
        assert_eq!(rows[0][3], "2 (alto)");
        assert_eq!(rows[2][1], "1 (baixo)");
        assert_eq!(rows[1][2], "0 (moderado)");
    }
}
