//! The committee's screen: every process changed since its last approval, with
//! the commits and the field changes, and the approval itself (asks the minutes).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::super::app::{App, Nav};
use super::super::keymap::Action;
use super::super::theme::Theme;
use super::super::widgets::{InputEvent, TextInput, fit};
use super::super::worker::Cmd;
use super::dialogs::draw_message;
use crate::history::review::Pending;
use crate::semantic::labels::describe;

pub struct ReviewView {
    pub pending: Option<Result<Vec<Pending>, String>>,
    pub selected: usize,
    /// The minutes being typed, while approving.
    pub minutes: Option<TextInput>,
}

impl Default for ReviewView {
    fn default() -> Self {
        Self::new()
    }
}

impl ReviewView {
    pub fn new() -> Self {
        Self {
            pending: None,
            selected: 0,
            minutes: None,
        }
    }

    pub fn captures_keys(&self) -> bool {
        self.minutes.is_some()
    }

    pub fn loaded(&mut self, result: Result<Vec<Pending>, String>) {
        self.pending = Some(result);
        self.selected = 0;
    }

    fn items(&self) -> &[Pending] {
        match &self.pending {
            Some(Ok(items)) => items,
            _ => &[],
        }
    }

    pub fn on_key(
        &mut self,
        app: &mut App,
        key: KeyEvent,
        action: Option<Action>,
    ) -> (Nav, Vec<Cmd>) {
        if let Some(mut input) = self.minutes.take() {
            match input.handle(key) {
                InputEvent::Submit if !input.text.trim().is_empty() => {
                    return (
                        Nav::Stay,
                        vec![Cmd::Approve {
                            minutes: input.text.trim().to_owned(),
                        }],
                    );
                }
                InputEvent::Cancel => {}
                _ => self.minutes = Some(input),
            }
            return (Nav::Stay, Vec::new());
        }
        let last = self.items().len().saturating_sub(1);
        match action {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(last),
            Some(Action::Approve) if app.data.read_only.is_none() && !self.items().is_empty() => {
                self.minutes = Some(TextInput::new("", false));
            }
            Some(Action::Open) => {
                if let Some(id) = self.items().get(self.selected).map(|p| p.process.clone()) {
                    return app.process_screen(&id, 0);
                }
            }
            Some(Action::Back) => return (Nav::Close, Vec::new()),
            _ => {}
        }
        (Nav::Stay, Vec::new())
    }

    pub fn draw(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let [list_area, detail_area] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
        match &self.pending {
            None => frame.render_widget(
                Paragraph::new("Carregando as alterações pendentes…"),
                list_area,
            ),
            Some(Err(e)) => frame.render_widget(
                Paragraph::new(Span::styled(e.clone(), theme.error())).wrap(Wrap { trim: true }),
                list_area,
            ),
            Some(Ok(items)) if items.is_empty() => frame.render_widget(
                Paragraph::new("Nenhuma alteração pendente de aprovação."),
                list_area,
            ),
            Some(Ok(items)) => {
                let rows: Vec<ListItem> = items
                    .iter()
                    .map(|p| {
                        let since = if p.approved_at.is_some() {
                            format!("{} alteração(ões) desde a aprovação", p.commits.len())
                        } else {
                            "nunca aprovado".to_owned()
                        };
                        ListItem::new(fit(
                            &format!("{:<26} {} — {since}", p.process, p.title),
                            list_area.width as usize,
                        ))
                    })
                    .collect();
                let mut state = ListState::default();
                state.select(Some(self.selected));
                frame.render_stateful_widget(
                    List::new(rows).highlight_style(theme.selected()),
                    list_area,
                    &mut state,
                );
                if let Some(p) = items.get(self.selected) {
                    let mut lines: Vec<Line> = p
                        .commits
                        .iter()
                        .map(|c| {
                            Line::from(fit(
                                &format!(
                                    "{} {} — {}",
                                    c.time.format("%d/%m/%Y"),
                                    c.author,
                                    c.subject
                                ),
                                detail_area.width as usize,
                            ))
                        })
                        .collect();
                    lines.extend(p.changes.iter().map(|c| {
                        Line::from(Span::styled(
                            fit(&format!("  {}", describe(c)), detail_area.width as usize),
                            theme.dim(),
                        ))
                    }));
                    frame.render_widget(Paragraph::new(lines), detail_area);
                }
            }
        }
        if let Some(input) = &self.minutes {
            let text = format!("Ata: {}", input.with_cursor());
            draw_message(
                theme,
                frame,
                area,
                "Aprovar as alterações pendentes",
                &[
                    "Referência da ata da reunião do comitê (ex.: Ata 12/2026):",
                    &text,
                    "",
                    "Enter registra a aprovação · Esc cancela",
                ],
            );
        }
    }
}
