//! The review calendar (`pendencias`): when the committee's next revision of the
//! Política is due (UFDPar art. 7 III), then when each process's next committee
//! review is due under the institution's period, overdue and never-reviewed first.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::super::cursor;
use super::super::data::Data;
use super::super::keymap::Action;
use super::super::theme::Theme;
use super::super::widgets::{fit, wrap};
use super::super::worker::Cmd;
use super::{Ctx, Nav};
use crate::rules::{policy_revision, review};

pub struct CalendarRow {
    pub process: String,
    pub status: String,
    pub needs_review: bool,
}

pub struct Calendar {
    pub rows: Vec<CalendarRow>,
    pub selected: usize,
}

impl Calendar {
    pub fn new(data: &Data) -> Self {
        let rows = review::calendar(&data.institution, &data.processes, data.today)
            .into_iter()
            .map(|(p, state)| CalendarRow {
                process: p.id.to_string(),
                status: review::describe_state(state, p),
                needs_review: state.needs_review(),
            })
            .collect();
        Self { rows, selected: 0 }
    }

    pub fn on_key(
        &mut self,
        ctx: &mut Ctx,
        _key: KeyEvent,
        action: Option<Action>,
    ) -> (Nav, Vec<Cmd>) {
        match action {
            Some(Action::Up | Action::Down) => {
                self.selected = cursor::moved(self.selected, self.rows.len(), action).unwrap_or(0)
            }
            Some(Action::Open) => {
                if let Some(id) = self.rows.get(self.selected).map(|r| r.process.clone()) {
                    return ctx.process_screen(&id, 11);
                }
            }
            Some(Action::Back) => return (Nav::Close, Vec::new()),
            _ => {}
        }
        (Nav::Stay, Vec::new())
    }

    pub fn draw(&self, data: &Data, theme: &Theme, frame: &mut Frame, area: Rect) {
        let revision = policy_revision::state(
            data.institution_read().then_some(&data.institution),
            data.today,
        );
        let revision_lines = wrap(
            &format!(
                "Revisão da Política (UFDPar art. 7º, III): {}",
                policy_revision::describe(&revision)
            ),
            usize::from(area.width).max(10),
        );
        let [revision_area, policy, table_area] = Layout::vertical([
            Constraint::Length(revision_lines.len().clamp(1, 2) as u16),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(area);
        let revision_style = if revision.is_late() {
            theme.error()
        } else {
            theme.normal()
        };
        frame.render_widget(
            Paragraph::new(
                revision_lines
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, revision_style)))
                    .collect::<Vec<_>>(),
            ),
            revision_area,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(
                fit(
                    &format!(
                        "Revisão dos processos a cada {} meses (Guia SGD; UFDPar art. 7º, II)",
                        data.institution.policy.process_review_months
                    ),
                    usize::from(area.width),
                ),
                theme.dim(),
            )),
            policy,
        );
        // The status wraps onto a second line rather than being cut.
        let status_width = usize::from(area.width.saturating_sub(PROCESS_WIDTH + 1)).max(10);
        let rows: Vec<Row> = self
            .rows
            .iter()
            .map(|r| {
                let style = if r.needs_review {
                    theme.error()
                } else {
                    theme.normal()
                };
                let lines = wrap(&r.status, status_width);
                let height = lines.len().max(1) as u16;
                Row::new(vec![
                    Cell::from(fit(&r.process, usize::from(PROCESS_WIDTH))),
                    Cell::from(Text::from(
                        lines
                            .into_iter()
                            .map(|l| Line::from(Span::styled(l, style)))
                            .collect::<Vec<_>>(),
                    )),
                ])
                .height(height)
            })
            .collect();
        let table = Table::new(
            rows,
            [Constraint::Length(PROCESS_WIDTH), Constraint::Min(20)],
        )
        .header(Row::new(vec![
            Cell::from(Span::styled("PROCESSO", theme.title())),
            Cell::from(Span::styled("PRÓXIMA REVISÃO", theme.title())),
        ]))
        .row_highlight_style(theme.selected());
        let mut state = TableState::default();
        state.select((!self.rows.is_empty()).then_some(self.selected));
        frame.render_stateful_widget(table, table_area, &mut state);
    }
}

/// Width of the process column.
const PROCESS_WIDTH: u16 = 26;
