//! Drawing the detail screen: where you are, the rows with their finding marks,
//! the findings of the selected row with their articles, and any popup.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row as TableRow, Table, TableState};

use super::super::super::data::Data;
use super::super::super::theme::Theme;
use super::super::super::widgets::{fit, wrap};
use super::super::dialogs::{draw_message, draw_save};
use super::super::editor::Editor;
use super::{Detail, Popup};
use crate::rules::Severity;

impl Detail {
    /// The risk matrix lines when this is a RIPD's risk section (its top level).
    fn risk_matrix(&self) -> Vec<String> {
        let in_risks = self.levels.is_empty() && self.groups[self.group].keys.contains(&"riscos");
        if !in_risks || !matches!(self.file, crate::files::InventoryFile::Ripd(_)) {
            return Vec::new();
        }
        let risks: Vec<crate::model::ripd::Risk> = self
            .tree
            .get("riscos")
            .and_then(|r| serde_json::from_value(r.clone()).ok())
            .unwrap_or_default();
        let mut lines = vec![String::new()];
        lines.extend(crate::ripd_report::matrix_lines(&risks));
        lines
    }

    pub fn draw(&self, data: &Data, theme: &Theme, frame: &mut Frame, area: Rect) {
        let rows = self.rows(data);
        // The findings of the selected row, article first (it is what a
        // committee quotes), each wrapped whole; the pane grows to hold them,
        // up to half the screen.
        let findings = rows
            .get(self.selected)
            .map(|row| self.row_findings(row))
            .unwrap_or_default();
        let width = usize::from(area.width.max(1));
        let mut finding_lines: Vec<Line> = Vec::new();
        for f in &findings {
            let (mark, style) = match f.severity {
                Severity::Error => ("erro", theme.error()),
                Severity::Warning => ("aviso", theme.warning()),
            };
            let text = format!("{mark} ({}): {}", f.article, f.message);
            for (i, line) in wrap(&text, width).into_iter().enumerate() {
                finding_lines.push(if i == 0 {
                    let split = mark.len().min(line.len());
                    Line::from(vec![
                        Span::styled(line[..split].to_owned(), style),
                        Span::raw(line[split..].to_owned()),
                    ])
                } else {
                    Line::from(line)
                });
            }
        }
        let most = usize::from(area.height / 2).max(3);
        if finding_lines.len() > most {
            let hidden = finding_lines.len() - most + 1;
            finding_lines.truncate(most - 1);
            finding_lines.push(Line::from(Span::styled(
                format!("… mais {hidden} linha(s): veja todos com `inventario check`"),
                theme.dim(),
            )));
        }
        let panel_height = 1 + finding_lines.len().max(3) as u16;
        // A RIPD's risk section shows its 3×3 matrix under the rows.
        let matrix = self.risk_matrix();
        let [crumbs, body, matrix_area, panel] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(matrix.len() as u16),
            Constraint::Length(panel_height),
        ])
        .areas(area);
        if !matrix.is_empty() {
            let lines: Vec<Line> = matrix
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let text = fit(l, usize::from(area.width));
                    if i <= 2 {
                        Line::from(Span::styled(text, theme.dim()))
                    } else {
                        Line::from(text)
                    }
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), matrix_area);
        }
        let mut trail = vec![self.groups[self.group].title.to_owned()];
        trail.extend(self.levels.iter().map(|l| l.title.clone()));
        let position = if self.levels.is_empty() {
            format!("◀ seção {}/{} ▶  ", self.group + 1, self.groups.len())
        } else {
            String::new()
        };
        let dirty = if self.is_dirty() {
            "  ● não salvo"
        } else {
            ""
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    fit(
                        &format!("{position}{}", trail.join(" › ")),
                        area.width as usize - dirty.len().min(20),
                    ),
                    theme.title(),
                ),
                Span::styled(dirty, theme.warning()),
            ])),
            crumbs,
        );

        let label_width = (body.width / 3).clamp(14, 32);
        // The value column: what the label, the marks, the cursor and the
        // spacing between columns leave. A longer value ends in "…".
        let value_width = usize::from(body.width.saturating_sub(label_width + 7 + 2 + 2));
        let table_rows: Vec<TableRow> = rows
            .iter()
            .map(|row| {
                let found = self.row_findings(row);
                let errors = found
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                let warnings = found.len() - errors;
                let mut marks = String::new();
                if errors > 0 {
                    marks.push_str(&format!("E{errors} "));
                }
                if warnings > 0 {
                    marks.push_str(&format!("A{warnings}"));
                }
                let style = if errors > 0 {
                    theme.error()
                } else {
                    theme.warning()
                };
                let opener = if row.opens() { " ›" } else { "" };
                TableRow::new(vec![
                    Cell::from(fit(
                        &format!("{}{}", row.label, if row.required { " *" } else { "" }),
                        label_width as usize,
                    )),
                    Cell::from(fit(&format!("{}{opener}", row.value), value_width)),
                    Cell::from(Span::styled(marks, style)),
                ])
            })
            .collect();
        let table = Table::new(
            table_rows,
            [
                Constraint::Length(label_width),
                Constraint::Min(10),
                Constraint::Length(7),
            ],
        )
        .row_highlight_style(theme.selected())
        // Behind a popup the screen shows no cursor of its own.
        .highlight_symbol(if self.popup.is_some() { "  " } else { "› " });
        let mut state = TableState::default();
        if !rows.is_empty() {
            state.select(Some(self.selected));
        }
        if rows.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    "(lista vazia — a adiciona um item)",
                    theme.dim(),
                )),
                body,
            );
        } else {
            frame.render_stateful_widget(table, body, &mut state);
        }

        let panel_text = if finding_lines.is_empty() {
            vec![Line::from(Span::styled(
                "Sem problemas neste campo.",
                theme.dim(),
            ))]
        } else {
            finding_lines
        };
        frame.render_widget(
            Paragraph::new(panel_text).block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(Span::styled(" Verificação ", theme.dim())),
            ),
            panel,
        );
        self.draw_popup(theme, frame, area);
    }

    fn draw_popup(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let Some(popup) = &self.popup else { return };
        match popup {
            Popup::Edit(editor) => editor.draw(theme, frame, area),
            Popup::Section(picker, _) => {
                Editor::with_picker("Seção", picker.clone()).draw(theme, frame, area);
            }
            Popup::Save(dialog) => draw_save(dialog, theme, frame, area),
            Popup::ConfirmLeave(discard_asked) => draw_message(
                theme,
                frame,
                area,
                "Edição não salva",
                &[
                    "Há alterações não salvas neste processo (guardadas como rascunho).",
                    "",
                    if *discard_asked {
                        "d de novo  descarta a edição e o rascunho para sempre    Esc  continuar editando"
                    } else {
                        "s  salvar    d  descartar    Esc  continuar editando"
                    },
                ],
            ),
            Popup::Conflict(view) => view.draw(theme, frame, area),
            Popup::Rebase(offer) => {
                let lines = offer.lines();
                let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
                draw_message(
                    theme,
                    frame,
                    area,
                    "Outra pessoa salvou este processo",
                    &lines,
                );
            }
            Popup::Draft(offer) => {
                let lines = offer.lines();
                let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
                draw_message(theme, frame, area, "Rascunho encontrado", &lines);
            }
        }
    }
}

impl super::DraftOffer {
    /// What the recovery dialog says: the draft, who changed the process since,
    /// what recovering does, and the keys.
    fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            "Há uma edição deste processo que não foi salva (sessão interrompida?).".to_owned(),
        ];
        if let Some(typing) = &self.typing {
            lines.push(format!(
                "Inclui texto que estava sendo digitado em {}.",
                typing.label
            ));
        }
        if !self.changed_by.is_empty() {
            lines.push(format!(
                "Desde então, o processo foi alterado por: {}.",
                self.changed_by.join("; ")
            ));
            lines.push(if self.conflicts.is_empty() {
                "Recuperar mantém essas alterações e aplica as suas por cima.".to_owned()
            } else {
                format!(
                    "Os mesmos campos foram alterados dos dois lados ({}): ao salvar, o conflito é mostrado e sua versão fica guardada.",
                    self.conflicts.join(", ")
                )
            });
        }
        lines.push(String::new());
        lines.push(if self.confirm_discard {
            "d de novo  descarta o rascunho para sempre    qualquer outra tecla  volta".to_owned()
        } else {
            "r  recuperar o rascunho    d  descartar    Esc  decidir depois".to_owned()
        });
        lines
    }
}

impl super::RebaseOffer {
    fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            "Enquanto você editava, outra pessoa salvou uma nova versão deste processo. Suas edições continuam aqui.".to_owned(),
            String::new(),
        ];
        match &self.merged {
            Ok(_) => {
                lines.push(
                    "r  reaplica suas edições sobre a versão nova (campo a campo)    Esc  depois"
                        .to_owned(),
                );
            }
            Err(fields) => {
                lines.push(format!(
                    "Os mesmos campos foram alterados ({}): ao salvar, o conflito é mostrado para você escolher.",
                    fields.join(", ")
                ));
                lines.push("qualquer tecla continua".to_owned());
            }
        }
        lines
    }
}
