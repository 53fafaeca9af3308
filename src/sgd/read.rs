//! Finding the SGD template's sections in a spreadsheet as institutions fill it
//! (`../shared/reference/sgd-template-layout.md`): by their numbered labels
//! ("6.1 - Hipótese de Tratamento"), never by fixed cell addresses, tolerating
//! double spaces, a missing space after the dash, renamed and added rows,
//! merged cells, blank rows and instruction rows. Pure: the cells arrive as
//! text, read by `import` with calamine.

/// One tab of a spreadsheet: its name and its cells as text, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// A tab that holds one process in the template's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundSheet {
    pub name: String,
    pub sections: Vec<FoundSection>,
    /// Rows with text that are neither a section nor an item (instructions,
    /// notes), with their row number (1-based), for the import report.
    pub ignored: Vec<(usize, String)>,
}

/// A section (`"7"`) or a group of section 7 (`"7.1"`): its header cells and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundSection {
    pub number: String,
    pub title: String,
    /// Column headers, by column index (empty for a single-value section).
    pub headers: Vec<(usize, String)>,
    pub rows: Vec<FoundRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundRow {
    /// `"6.1"`, `"11.3"`, `"7.1.2"`.
    pub number: String,
    /// The label after the number, whitespace normalised (`"Hipótese de Tratamento"`).
    pub label: String,
    /// The row's number in the sheet (1-based), for messages.
    pub line: usize,
    /// The values: one per column header of a table section (merged cells go to
    /// the header at their left), or the single value of a one-value section.
    pub cells: Vec<String>,
}

impl FoundSection {
    /// The value of a single-value row, by the row's number.
    pub fn value(&self, number: &str) -> Option<&str> {
        self.rows
            .iter()
            .find(|r| r.number == number)
            .and_then(|r| r.cells.first())
            .map(String::as_str)
    }
}

/// Collapses runs of whitespace and trims.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `"7.1.1 - Informações…"` → `("7.1.1", "Informações…")`; `"7.1 -Dados"`,
/// `"10.2  - Categoria 2"` and `"6.1– Hipótese"` too.
pub fn numbered_label(text: &str) -> Option<(String, String)> {
    let text = normalize(text);
    let digits_end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(text.len(), |(i, _)| i);
    let number = text[..digits_end].trim_end_matches('.');
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = text[digits_end..].trim_start();
    let rest = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix('—'))?;
    Some((number.to_owned(), rest.trim().to_owned()))
}

fn depth(number: &str) -> usize {
    number.split('.').count()
}

fn section_number(number: &str) -> &str {
    number.split('.').next().unwrap_or(number)
}

/// Values of a row after its label column, aligned to `headers` (a value in a
/// column with no header of its own joins the header at its left: a merged cell).
fn aligned(row: &[String], from: usize, headers: &[(usize, String)]) -> Vec<String> {
    if headers.is_empty() {
        let values: Vec<String> = row
            .iter()
            .skip(from)
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        let mut merged: Vec<String> = Vec::new();
        for v in values {
            if merged.last() != Some(&v) {
                merged.push(v);
            }
        }
        return vec![merged.join(" ")];
    }
    let mut out = vec![String::new(); headers.len()];
    for (col, cell) in row.iter().enumerate().skip(from) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let slot = headers.iter().rposition(|(c, _)| *c <= col).unwrap_or(0);
        if out[slot].is_empty() {
            out[slot] = cell.to_owned();
        } else if out[slot] != cell {
            out[slot] = format!("{} {cell}", out[slot]);
        }
    }
    out
}

/// The tab's sections, if it is a copy of the template (it has section 1 with
/// its row 1.1, or sections 6 and 7).
pub fn template_sheet(grid: &Grid) -> Option<FoundSheet> {
    let mut sections: Vec<FoundSection> = Vec::new();
    let mut ignored = Vec::new();
    for (index, row) in grid.rows.iter().enumerate() {
        let line = index + 1;
        let Some(first) = row.iter().position(|c| !c.trim().is_empty()) else {
            continue;
        };
        let Some((number, label)) = numbered_label(&row[first]) else {
            ignored.push((
                line,
                normalize(
                    &row.iter()
                        .filter(|c| !c.trim().is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
            ));
            continue;
        };
        let is_section = depth(&number) == 1;
        let is_group = depth(&number) == 2 && section_number(&number) == "7" && {
            // A group of section 7 ("7.1 - Dados de Identificação Pessoal")
            // carries the column headers, unlike an item row.
            let rest: Vec<&String> = row
                .iter()
                .skip(first + 1)
                .filter(|c| !c.trim().is_empty())
                .collect();
            rest.iter()
                .any(|c| normalize(c).eq_ignore_ascii_case("Descrição"))
        };
        if is_section || is_group {
            let headers: Vec<(usize, String)> = row
                .iter()
                .enumerate()
                .skip(first + 1)
                .filter(|(_, c)| !c.trim().is_empty())
                .map(|(i, c)| (i, normalize(c)))
                .collect();
            // A single-value section's title is one merged bar: no headers.
            let headers = if headers.len() == 1 && headers[0].1 == normalize(&label) {
                Vec::new()
            } else {
                headers
            };
            sections.push(FoundSection {
                number,
                title: label,
                headers,
                rows: Vec::new(),
            });
            continue;
        }
        let Some(section) = sections
            .iter_mut()
            .rev()
            .find(|s| section_number(&s.number) == section_number(&number))
        else {
            ignored.push((line, normalize(&row[first])));
            continue;
        };
        let cells = aligned(row, first + 1, &section.headers);
        section.rows.push(FoundRow {
            number,
            label,
            line,
            cells,
        });
    }
    let has = |n: &str| sections.iter().any(|s| s.number == n);
    let has_name = sections
        .iter()
        .any(|s| s.number == "1" && s.rows.iter().any(|r| r.number == "1.1"));
    (has_name || (has("6") && has("7"))).then(|| FoundSheet {
        name: grid.name.clone(),
        sections,
        ignored,
    })
}

/// What a spreadsheet that is not in the SGD layout holds, for the refusal.
pub fn describe(grids: &[Grid]) -> String {
    let Some(grid) = grids.first() else {
        return "a planilha não tem abas".to_owned();
    };
    let first = grid
        .rows
        .iter()
        .find(|r| r.iter().any(|c| !c.trim().is_empty()));
    match first {
        Some(row) => format!(
            "a aba \"{}\" começa com: {}",
            grid.name,
            row.iter()
                .map(|c| normalize(c))
                .filter(|c| !c.is_empty())
                .take(6)
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        None => format!("a aba \"{}\" está vazia", grid.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            name: "P".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn labels_are_read_in_the_ways_people_write_them() {
        assert_eq!(
            numbered_label("  1.1 - Nome do serviço / Processo de negócio   "),
            Some(("1.1".into(), "Nome do serviço / Processo de negócio".into()))
        );
        assert_eq!(
            numbered_label("7.1 -Dados de Identificação Pessoal"),
            Some(("7.1".into(), "Dados de Identificação Pessoal".into()))
        );
        assert_eq!(
            numbered_label("10.2  - Categoria 2"),
            Some(("10.2".into(), "Categoria 2".into()))
        );
        assert_eq!(numbered_label("Preencha as células em branco"), None);
        assert_eq!(numbered_label("2021"), None);
    }

    #[test]
    fn sections_are_found_by_label_wherever_they_are() {
        let sheet = template_sheet(&grid(&[
            &["", "Instruções: preencha as células"],
            &[],
            &["", "1 - Identificação dos serviços", "", ""],
            &["", "1.1 - Nome do serviço  ", "Biblioteca", ""],
            &["", "1.2 - Nº Referência / ID", "", "bib"],
            &[
                "",
                "11 - Compartilhamento",
                "Dados pessoais compartilhados",
                "",
                "Finalidade do compartilhamento",
            ],
            &["", "11.1 - CNPq", "Nome, CPF", "Nome, CPF", "Pagamento"],
        ]))
        .expect("a template sheet");
        assert_eq!(sheet.sections[0].value("1.1"), Some("Biblioteca"));
        assert_eq!(sheet.sections[0].value("1.2"), Some("bib"));
        assert_eq!(
            sheet.sections[1].rows[0].cells,
            vec!["Nome, CPF", "Pagamento"]
        );
        assert_eq!(
            sheet.ignored,
            vec![(1, "Instruções: preencha as células".into())]
        );
    }

    #[test]
    fn a_flat_register_is_not_the_template() {
        let flat = grid(&[
            &["Dado", "Finalidade", "Base legal", "Titular"],
            &["CPF", "Cadastro", "Art. 7º, II", "Servidores"],
        ]);
        assert!(template_sheet(&flat).is_none());
        assert!(describe(&[flat]).contains("Dado | Finalidade"));
    }
}
