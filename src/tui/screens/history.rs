//! The history of one process: its commits (who, when, what), and any two
//! versions compared field by field, or as raw RON text on demand.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::super::cursor;
use super::super::keymap::Action;
use super::super::theme::Theme;
use super::super::widgets::{fit, scroll_window, wrap};
use super::super::worker::{Cmd, DiffText, WorkError};
use super::dialogs::styled_window;
use super::{Ctx, Nav};
use crate::history::log::LogEntry;
use crate::semantic::render;

pub struct HistoryView {
    pub process: String,
    pub entries: Option<Result<Vec<LogEntry>, String>>,
    pub selected: usize,
    pub marked: Option<usize>,
    pub raw: bool,
    pub diff: Option<Result<DiffText, String>>,
    /// First line of the diff shown.
    pub scroll: usize,
}

impl HistoryView {
    pub fn new(process: &str) -> Self {
        Self {
            process: process.to_owned(),
            entries: None,
            selected: 0,
            marked: None,
            raw: false,
            diff: None,
            scroll: 0,
        }
    }

    pub fn loaded(&mut self, result: Result<Vec<LogEntry>, WorkError>) {
        self.entries = Some(result.map_err(|e| e.to_string()));
    }

    pub fn diff_loaded(&mut self, result: Result<DiffText, WorkError>) {
        self.diff = Some(result.map_err(|e| e.to_string()));
        self.scroll = 0;
    }

    /// The diff as lines of at most `width` columns, wrapped, never cut.
    fn diff_lines(&self, width: usize) -> Vec<String> {
        let Some(diff) = &self.diff else {
            return Vec::new();
        };
        let text = match diff {
            Ok(DiffText::Fields(files)) if files.is_empty() => {
                "Primeira versão: nada a comparar.".to_owned()
            }
            Ok(DiffText::Fields(files)) => render::text(files),
            Ok(DiffText::Raw(raw)) => raw.clone(),
            Err(e) => e.clone(),
        };
        text.lines().flat_map(|l| wrap(l, width)).collect()
    }

    fn entries(&self) -> &[LogEntry] {
        match &self.entries {
            Some(Ok(entries)) => entries,
            _ => &[],
        }
    }

    fn diff_cmd(&self) -> Vec<Cmd> {
        let entries = self.entries();
        let Some(to) = entries.get(self.selected) else {
            return Vec::new();
        };
        let from = self
            .marked
            .filter(|m| *m != self.selected)
            .and_then(|m| entries.get(m));
        // Compare older → newer whichever was marked.
        let (from, to) = match from {
            Some(other) if other.time > to.time => (Some(to.commit), other.commit),
            Some(other) => (Some(other.commit), to.commit),
            None => (None, to.commit),
        };
        vec![Cmd::LoadDiff {
            process: self.process.clone(),
            from,
            to,
            raw: self.raw,
        }]
    }

    pub fn on_key(
        &mut self,
        _ctx: &mut Ctx,
        key: KeyEvent,
        action: Option<Action>,
    ) -> (Nav, Vec<Cmd>) {
        let page = cursor::PAGE;
        let cmds = match action {
            Some(Action::ScrollDown) => {
                self.scroll += if key.code == crossterm::event::KeyCode::PageDown {
                    page
                } else {
                    1
                };
                Vec::new()
            }
            Some(Action::ScrollUp) => {
                self.scroll =
                    self.scroll
                        .saturating_sub(if key.code == crossterm::event::KeyCode::PageUp {
                            page
                        } else {
                            1
                        });
                Vec::new()
            }
            Some(Action::ScrollTop) => {
                self.scroll = 0;
                Vec::new()
            }
            Some(Action::ScrollBottom) => {
                self.scroll = usize::MAX;
                Vec::new()
            }
            Some(Action::Up | Action::Down) => {
                self.selected =
                    cursor::moved(self.selected, self.entries().len(), action).unwrap_or(0);
                Vec::new()
            }
            Some(Action::Mark) => {
                self.marked = if self.marked == Some(self.selected) {
                    None
                } else {
                    Some(self.selected)
                };
                Vec::new()
            }
            Some(Action::Open) => self.diff_cmd(),
            Some(Action::Raw) => {
                self.raw = !self.raw;
                if self.diff.is_some() {
                    self.diff_cmd()
                } else {
                    Vec::new()
                }
            }
            Some(Action::Back) => {
                if self.diff.take().is_none() {
                    return (Nav::Close, Vec::new());
                }
                Vec::new()
            }
            _ => Vec::new(),
        };
        (Nav::Stay, cmds)
    }

    pub fn draw(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let split = if self.diff.is_some() { 8 } else { area.height };
        let [list_area, diff_area] = Layout::vertical([
            Constraint::Length(split.min(area.height)),
            Constraint::Min(0),
        ])
        .areas(area);
        match &self.entries {
            None => frame.render_widget(Paragraph::new("Carregando o histórico…"), list_area),
            Some(Err(e)) => frame.render_widget(
                Paragraph::new(Span::styled(e.clone(), theme.error())).wrap(Wrap { trim: true }),
                list_area,
            ),
            Some(Ok(entries)) => {
                let items: Vec<ListItem> = entries
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        let mark = if self.marked == Some(i) { "◆ " } else { "  " };
                        ListItem::new(fit(
                            &format!(
                                "{mark}{}  {}  {}  {}",
                                e.short(),
                                e.time.format("%d/%m/%Y %H:%M"),
                                e.author,
                                e.subject
                            ),
                            list_area.width as usize,
                        ))
                    })
                    .collect();
                let mut state = ListState::default();
                state.select((!entries.is_empty()).then_some(self.selected));
                frame.render_stateful_widget(
                    List::new(items).highlight_style(theme.selected()),
                    list_area,
                    &mut state,
                );
            }
        }
        if self.diff.is_some() {
            let title = if self.raw {
                " Diferença do texto RON (r: por campo) "
            } else {
                " Diferença por campo (r: texto RON) "
            };
            let all = self.diff_lines(usize::from(diff_area.width.max(1)));
            let (shown, more) = scroll_window(
                &all,
                self.scroll,
                usize::from(diff_area.height.saturating_sub(1)),
                "j/PgDn rolam, End vai ao fim",
            );
            let lines = styled_window(shown, more, theme);
            frame.render_widget(
                Paragraph::new(lines).block(
                    Block::default()
                        .borders(Borders::TOP)
                        .title(Span::styled(title, theme.title())),
                ),
                diff_area,
            );
        }
    }
}
