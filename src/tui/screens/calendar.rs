//! The review calendar (`pendencias`): when each process's next committee review
//! is due under the institution's period, overdue and never-reviewed first.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::super::app::{App, Nav};
use super::super::data::Data;
use super::super::keymap::Action;
use super::super::theme::Theme;
use super::super::worker::Cmd;
use crate::rules::review::next_review_due;

pub struct CalendarRow {
    pub process: String,
    pub status: String,
    /// 0 never reviewed, 1 overdue, 2 up to date.
    pub rank: u8,
}

pub struct Calendar {
    pub rows: Vec<CalendarRow>,
    pub selected: usize,
}

impl Calendar {
    pub fn new(data: &Data) -> Self {
        let mut rows: Vec<CalendarRow> = data
            .processes
            .iter()
            .filter(|p| p.archived.is_none())
            .map(|p| {
                let due = next_review_due(&data.institution, p);
                let (rank, status) = match (&p.last_review, due) {
                    (None, _) => (0, "nunca revisado".to_owned()),
                    (Some(r), Some(d)) if d < data.today => (
                        1,
                        format!(
                            "VENCIDA desde {} (última {}, {})",
                            d.format("%d/%m/%Y"),
                            r.date.format("%d/%m/%Y"),
                            r.minutes
                        ),
                    ),
                    (Some(r), d) => (
                        2,
                        format!(
                            "até {} (última {}, {})",
                            d.map_or("—".to_owned(), |d| d.format("%d/%m/%Y").to_string()),
                            r.date.format("%d/%m/%Y"),
                            r.minutes
                        ),
                    ),
                };
                CalendarRow {
                    process: p.id.to_string(),
                    status,
                    rank,
                }
            })
            .collect();
        rows.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.process.cmp(&b.process)));
        Self { rows, selected: 0 }
    }

    pub fn on_key(
        &mut self,
        app: &mut App,
        _key: KeyEvent,
        action: Option<Action>,
    ) -> (Nav, Vec<Cmd>) {
        match action {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(self.rows.len().saturating_sub(1))
            }
            Some(Action::Open) => {
                if let Some(id) = self.rows.get(self.selected).map(|r| r.process.clone()) {
                    return app.process_screen(&id, 11);
                }
            }
            Some(Action::Back) => return (Nav::Close, Vec::new()),
            _ => {}
        }
        (Nav::Stay, Vec::new())
    }

    pub fn draw(&self, data: &Data, theme: &Theme, frame: &mut Frame, area: Rect) {
        let rows: Vec<Row> = self
            .rows
            .iter()
            .map(|r| {
                let style = match r.rank {
                    0 | 1 => theme.error(),
                    _ => theme.normal(),
                };
                Row::new(vec![
                    Cell::from(r.process.clone()),
                    Cell::from(Span::styled(r.status.clone(), style)),
                ])
            })
            .collect();
        let title = format!(
            "PROCESSO                  PRÓXIMA REVISÃO (período de {} meses, UFDPar art. 7º, III)",
            data.institution.policy.process_review_months
        );
        let table = Table::new(rows, [Constraint::Length(26), Constraint::Min(20)])
            .header(Row::new(vec![Cell::from(Span::styled(
                title,
                theme.title(),
            ))]))
            .row_highlight_style(theme.selected());
        let mut state = TableState::default();
        state.select((!self.rows.is_empty()).then_some(self.selected));
        frame.render_stateful_widget(table, area, &mut state);
    }
}
