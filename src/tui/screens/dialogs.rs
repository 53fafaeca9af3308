//! Dialogs drawn over a screen: a short message with its choices, and the save
//! dialog (the field-level changes and the editable commit message).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use serde_json::Value;

use super::super::theme::Theme;
use super::super::widgets::{TextInput, fit};
use crate::semantic::{self, Change};

/// What the save dialog shows and edits.
pub struct SaveDialog {
    pub changes: Vec<Change>,
    /// The generated subject; a message equal to it is not sent as user text.
    pub generated: String,
    pub message: TextInput,
    /// `check` errors in the version being saved.
    pub errors: usize,
    /// The user already saw the errors warning once.
    pub confirm_errors: bool,
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
            " Enter registra · Esc volta a editar ",
            theme.dim(),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [changes, warn, label, message] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let lines: Vec<Line> = if dialog.changes.is_empty() {
        vec![Line::from(
            "Processo novo: todos os campos serão registrados.",
        )]
    } else {
        dialog
            .changes
            .iter()
            .map(|c| {
                let show = |v: &Option<Value>| {
                    v.as_ref()
                        .map(semantic::labels::show_value)
                        .unwrap_or_default()
                };
                let (mark, detail) = match c.kind {
                    semantic::ChangeKind::Added => ("+", show(&c.new)),
                    semantic::ChangeKind::Removed => ("-", show(&c.old)),
                    semantic::ChangeKind::Changed => {
                        ("~", format!("{} → {}", show(&c.old), show(&c.new)))
                    }
                };
                Line::from(fit(
                    &format!("{mark} {}: {detail}", c.path),
                    changes.width as usize,
                ))
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), changes);
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
    frame.render_widget(
        Paragraph::new(fit(&dialog.message.with_cursor(), message.width as usize)),
        message,
    );
}
