//! The committee's screen: every process changed since its last approval, with
//! the commits and the field-level changes (what `revisao pendente` prints), and
//! the approval of the processes the committee marks. By default every process
//! without `check` errors is marked; those with errors are listed apart and are
//! approved only if marked one by one.

use std::collections::BTreeSet;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::super::cursor;
use super::super::data::Data;
use super::super::keymap::Action;
use super::super::theme::Theme;
use super::super::widgets::{InputEvent, TextInput, fit, wrap};
use super::super::worker::{Cmd, WorkError};
use super::dialogs::{change_lines, draw_message};
use super::{Ctx, Nav, StatusKind};
use crate::history::review::Pending;

/// One pending process as the committee sees it.
pub struct Item {
    pub pending: Pending,
    /// `check` errors in its current version.
    pub errors: usize,
}

pub struct ReviewView {
    pub pending: Option<Result<Vec<Item>, String>>,
    pub selected: usize,
    /// The processes marked for approval.
    pub chosen: BTreeSet<String>,
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
            chosen: BTreeSet::new(),
            minutes: None,
        }
    }

    pub fn captures_keys(&self) -> bool {
        self.minutes.is_some()
    }

    /// The pending processes, those without errors first (and marked).
    pub fn loaded(&mut self, result: Result<Vec<Pending>, WorkError>, data: &Data) {
        self.pending = Some(
            result
                .map(|pending| {
                    let mut items: Vec<Item> = pending
                        .into_iter()
                        .map(|p| {
                            let errors = data
                                .processes
                                .iter()
                                .position(|q| q.id.as_str() == p.process)
                                .map_or(0, |i| data.badges[i].errors);
                            Item { pending: p, errors }
                        })
                        .collect();
                    items.sort_by_key(|item| item.errors > 0);
                    items
                })
                .map_err(|e| e.to_string()),
        );
        self.chosen = self
            .items()
            .iter()
            .filter(|item| item.errors == 0)
            .map(|item| item.pending.process.clone())
            .collect();
        self.selected = 0;
    }

    fn items(&self) -> &[Item] {
        match &self.pending {
            Some(Ok(items)) => items,
            _ => &[],
        }
    }

    pub fn on_key(
        &mut self,
        ctx: &mut Ctx,
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
                            processes: self.chosen.iter().cloned().collect(),
                        }],
                    );
                }
                InputEvent::Cancel => {}
                _ => self.minutes = Some(input),
            }
            return (Nav::Stay, Vec::new());
        }
        if let Some(at) = cursor::moved(self.selected, self.items().len(), action) {
            self.selected = at;
            return (Nav::Stay, Vec::new());
        }
        match action {
            Some(Action::Mark) => {
                if let Some(id) = self
                    .items()
                    .get(self.selected)
                    .map(|i| i.pending.process.clone())
                    && !self.chosen.remove(&id)
                {
                    self.chosen.insert(id);
                }
            }
            Some(Action::Approve) if ctx.data.read_only.is_none() && !self.items().is_empty() => {
                if self.chosen.is_empty() {
                    ctx.set_status(
                        "Nenhum processo marcado: marque com Espaço",
                        StatusKind::Error,
                    );
                } else {
                    self.minutes = Some(TextInput::new("", false));
                }
            }
            Some(Action::Open) => {
                if let Some(id) = self
                    .items()
                    .get(self.selected)
                    .map(|i| i.pending.process.clone())
                {
                    return ctx.process_screen(&id, 0);
                }
            }
            Some(Action::Back) => return (Nav::Close, Vec::new()),
            _ => {}
        }
        (Nav::Stay, Vec::new())
    }

    fn row(&self, item: &Item, width: usize) -> String {
        let p = &item.pending;
        let mark = if self.chosen.contains(&p.process) {
            "[x]"
        } else {
            "[ ]"
        };
        let since = if p.approved_at.is_some() {
            format!("{} alteração(ões)", p.commits.len())
        } else {
            "nunca aprovado".to_owned()
        };
        let errors = if item.errors > 0 {
            format!(" · E{}", item.errors)
        } else {
            String::new()
        };
        fit(
            &format!("{mark} {:<24} {since}{errors} — {}", p.process, p.title),
            width,
        )
    }

    pub fn draw(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let [list_area, detail_area] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
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
                let width = usize::from(list_area.width);
                let with_errors = items.iter().filter(|i| i.errors > 0).count();
                let rows: Vec<ListItem> = items
                    .iter()
                    .map(|item| {
                        let style = if item.errors > 0 {
                            theme.error()
                        } else {
                            theme.normal()
                        };
                        ListItem::new(Span::styled(self.row(item, width), style))
                    })
                    .collect();
                let [header, list] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(list_area);
                let summary = if with_errors > 0 {
                    format!(
                        "{} marcado(s) de {}; {with_errors} com erros do check, no fim, só com Espaço",
                        self.chosen.len(),
                        items.len()
                    )
                } else {
                    format!("{} marcado(s) de {}", self.chosen.len(), items.len())
                };
                frame.render_widget(
                    Paragraph::new(Span::styled(fit(&summary, width), theme.dim())),
                    header,
                );
                let mut state = ListState::default();
                state.select(Some(self.selected));
                frame.render_stateful_widget(
                    List::new(rows).highlight_style(theme.selected()),
                    list,
                    &mut state,
                );
                if let Some(item) = items.get(self.selected) {
                    self.draw_detail(item, theme, frame, detail_area);
                }
            }
        }
        if let Some(input) = &self.minutes {
            let text = format!("Ata: {}", input.with_cursor());
            let what = format!(
                "Aprova {} processo(s): {}",
                self.chosen.len(),
                self.chosen.iter().cloned().collect::<Vec<_>>().join(", ")
            );
            draw_message(
                theme,
                frame,
                area,
                "Aprovar os processos marcados",
                &[
                    &what,
                    "Referência da ata da reunião do comitê (ex.: Ata 12/2026):",
                    &text,
                    "",
                    "Enter registra a aprovação · Esc cancela",
                ],
            );
        }
    }

    /// The commits and the field-level changes of one process, wrapped.
    fn draw_detail(&self, item: &Item, theme: &Theme, frame: &mut Frame, area: Rect) {
        let width = usize::from(area.width.max(1));
        let p = &item.pending;
        let mut lines: Vec<Line> = Vec::new();
        for c in &p.commits {
            for l in wrap(
                &format!("{} {} — {}", c.time.format("%d/%m/%Y"), c.author, c.subject),
                width,
            ) {
                lines.push(Line::from(l));
            }
        }
        if p.approved_at.is_none() {
            lines.push(Line::from(Span::styled(
                "Nunca aprovado: a aprovação cobre o processo inteiro.",
                theme.dim(),
            )));
        }
        for l in change_lines(&p.changes, width) {
            lines.push(Line::from(Span::styled(l, theme.dim())));
        }
        let visible = usize::from(area.height);
        if lines.len() > visible && visible > 0 {
            let hidden = lines.len() - visible + 1;
            lines.truncate(visible - 1);
            lines.push(Line::from(Span::styled(
                format!("… mais {hidden} linha(s): veja `inventario revisao pendente`"),
                theme.dim(),
            )));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}
