//! Dialogs drawn over a screen: a short message with its choices, and the save
//! dialog (the field-level changes and the editable commit message).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use serde_json::Value;

use super::super::theme::Theme;
use super::super::widgets::{TextInput, fit, scroll_window, wrap};
use crate::semantic::{self, Change};

/// What the save dialog shows and edits.
pub struct SaveDialog {
    pub changes: Vec<Change>,
    /// What the file holds ("processo", "RIPD"), for a new one's notice.
    pub noun: &'static str,
    /// The generated subject; a message equal to it is not sent as user text.
    pub generated: String,
    pub message: TextInput,
    /// `check` errors in the version being saved.
    pub errors: usize,
    /// The user already saw the errors warning once.
    pub confirm_errors: bool,
    /// First line of the changes shown (PgUp/PgDn, ↑/↓).
    pub scroll: usize,
}

impl SaveDialog {
    /// Scrolls the list of changes by `rows` (negative: up).
    pub fn scroll_by(&mut self, rows: isize) {
        self.scroll = self.scroll.saturating_add_signed(rows);
    }

    /// The changes as lines of at most `width` columns (see `change_lines`).
    pub fn change_lines(&self, width: usize) -> Vec<String> {
        if self.changes.is_empty() {
            let noun = crate::tui::form::capitalized(self.noun);
            return vec![format!("{noun} novo: todos os campos serão registrados.")];
        }
        change_lines(&self.changes, width)
    }
}

/// Lines of a scrolled window, the "… mais" hint dimmed.
pub fn styled_window(shown: Vec<String>, more: bool, theme: &Theme) -> Vec<Line<'static>> {
    let count = shown.len();
    shown
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if more && i + 1 == count {
                Line::from(Span::styled(l, theme.dim()))
            } else {
                Line::from(l)
            }
        })
        .collect()
}

/// Changes as lines of at most `width` columns: each change's place, then its
/// old and new values on lines of their own, wrapped, never cut.
pub fn change_lines(changes: &[Change], width: usize) -> Vec<String> {
    {
        let mut out = Vec::new();
        let show = |c: &Change, v: &Option<Value>| {
            v.as_ref()
                .map(|v| semantic::labels::show_change_value(c, v))
                .unwrap_or_else(|| "—".to_owned())
        };
        let indented = |out: &mut Vec<String>, label: &str, value: &str| {
            let pad = " ".repeat(label.chars().count());
            for (i, line) in wrap(value, width.saturating_sub(pad.len()).max(10))
                .into_iter()
                .enumerate()
            {
                out.push(format!("{}{line}", if i == 0 { label } else { &pad }));
            }
        };
        for c in changes {
            let mark = match c.kind {
                semantic::ChangeKind::Added => "+",
                semantic::ChangeKind::Removed => "-",
                semantic::ChangeKind::Changed => "~",
            };
            out.extend(wrap(
                &format!("{mark} {} ({})", semantic::labels::describe(c), c.path),
                width,
            ));
            match c.kind {
                semantic::ChangeKind::Added => indented(&mut out, "    novo:   ", &show(c, &c.new)),
                semantic::ChangeKind::Removed => {
                    indented(&mut out, "    era:    ", &show(c, &c.old))
                }
                semantic::ChangeKind::Changed => {
                    indented(&mut out, "    antes:  ", &show(c, &c.old));
                    indented(&mut out, "    depois: ", &show(c, &c.new));
                }
            }
        }
        out
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

pub fn draw_message(theme: &Theme, frame: &mut Frame, area: Rect, title: &str, lines: &[&str]) {
    // Each line wraps at word boundaries inside the border: count its rows,
    // with an eighth more for the ends of lines a word did not fit in.
    let inner = usize::from(area.width.min(76).saturating_sub(2).max(1));
    let rows: usize = lines
        .iter()
        .map(|l| {
            let width = unicode_width::UnicodeWidthStr::width(*l);
            (width + width / 8).div_ceil(inner).max(1)
        })
        .sum();
    let popup = centered(area, 76, u16::try_from(rows + 2).unwrap_or(u16::MAX));
    frame.render_widget(Clear, popup);
    let text: Vec<Line> = lines.iter().map(|l| Line::from(*l)).collect();
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(format!(" {title} "), theme.title())),
        ),
        popup,
    );
}

pub fn draw_save(dialog: &SaveDialog, theme: &Theme, frame: &mut Frame, area: Rect) {
    let popup = centered(
        area,
        area.width.saturating_sub(4).max(40),
        area.height.saturating_sub(2).max(10),
    );
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            " Salvar: diferenças em relação à versão registrada ",
            theme.title(),
        ))
        .title_bottom(Span::styled(
            " Enter registra · PgUp/PgDn rolam · Esc volta a editar ",
            theme.dim(),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let message_lines = wrap(&dialog.message.with_cursor(), inner.width as usize);
    let message_height = message_lines.len().clamp(1, 3) as u16;
    let [changes, warn, label, message] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(message_height),
    ])
    .areas(inner);
    let all = dialog.change_lines(changes.width as usize);
    let (shown, more) = scroll_window(&all, dialog.scroll, changes.height as usize, "PgDn rola");
    frame.render_widget(Paragraph::new(styled_window(shown, more, theme)), changes);
    if dialog.errors > 0 {
        let text = if dialog.confirm_errors {
            format!(
                "{} erro(s) do check continuam. Enter de novo salva mesmo assim.",
                dialog.errors
            )
        } else {
            format!(
                "Atenção: {} erro(s) do check (veja os campos marcados com E).",
                dialog.errors
            )
        };
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&text, warn.width as usize), theme.error())),
            warn,
        );
    }
    frame.render_widget(
        Paragraph::new(Span::styled(
            "Mensagem do registro (pode editar):",
            theme.dim(),
        )),
        label,
    );
    // The whole message, wrapped; the last three lines when it is longer.
    let skip = message_lines.len().saturating_sub(3);
    let shown: Vec<Line> = message_lines
        .into_iter()
        .skip(skip)
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(shown), message);
}
