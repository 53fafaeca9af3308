//! Draws the whole application from `&App`, with no I/O: a header (inventory and
//! screen), the screen, a status line, and a footer with the screen's main keys
//! (from the same key map that handles input), then any overlay.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::{App, Overlay, Screen, StatusKind};
use super::keymap::{self, Binding};
use super::screens::dialogs::draw_message;
use super::widgets::{fit, scroll_window, wrap};

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let theme = &app.theme;
    let Some(screen) = app.screens.last() else {
        return;
    };

    let busy = if app.busy > 0 {
        "  ⟳ trabalhando…"
    } else {
        ""
    };
    let head = format!(
        "inventario · {} · {}{busy}",
        app.data.institution.controller.name,
        screen.title()
    );
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&head, area.width as usize), theme.title())),
        header,
    );

    match screen {
        Screen::List(list) => list.draw(&app.data, theme, frame, body),
        Screen::Detail(detail) => detail.draw(&app.data, theme, frame, body),
        Screen::History(history) => history.draw(theme, frame, body),
        Screen::Review(review) => review.draw(theme, frame, body),
        Screen::Calendar(calendar) => calendar.draw(&app.data, theme, frame, body),
        Screen::Export(export) => export.draw(theme, frame, body),
    }

    if let Some((text, kind)) = &app.status {
        let style = match kind {
            StatusKind::Info => theme.normal(),
            StatusKind::Ok => theme.ok(),
            StatusKind::Error => theme.error(),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(fit(text, area.width as usize), style)),
            status,
        );
    }

    let mut spans = Vec::new();
    let popup_keys = match screen {
        Screen::Detail(detail) => detail.popup_keys(),
        _ => None,
    };
    match popup_keys {
        Some(keys) => {
            for (label, help) in keys {
                spans.push(Span::styled(*label, theme.key()));
                spans.push(Span::raw(format!(" {help}  ")));
            }
        }
        None => {
            for (label, help) in keymap::footer(screen.bindings()) {
                spans.push(Span::styled(label, theme.key()));
                spans.push(Span::raw(format!(" {help}  ")));
            }
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), footer);

    match &app.overlay {
        Some(Overlay::Help(bindings, scroll)) => draw_help(app, bindings, *scroll, frame, area),
        Some(Overlay::Palette(palette)) => palette.draw(theme, frame, area),
        Some(Overlay::ConfirmQuit) => {
            let kept = match &app.drafts_elsewhere {
                Some(dir) => format!(
                    "Há processos com alterações não salvas. Este inventário não pode ser gravado: elas ficam guardadas como rascunho em {} e serão oferecidas quando você abrir o processo de novo.",
                    dir.display()
                ),
                None => "Há processos com alterações não salvas. Elas ficam guardadas como rascunho e serão oferecidas quando você abrir o processo de novo.".to_owned(),
            };
            draw_message(
                theme,
                frame,
                area,
                "Sair com edições não salvas?",
                &[
                    kept.as_str(),
                    "",
                    "s  sair mesmo assim    qualquer outra tecla  continuar",
                ],
            );
        }
        Some(Overlay::Message(title, lines)) => {
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            draw_message(theme, frame, area, title, &lines);
        }
        None => {}
    }
}

fn draw_help(app: &App, bindings: &[Binding], scroll: usize, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let popup = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    frame.render_widget(Clear, popup);
    // Wrapped here, so the window knows how many lines there are: a help
    // longer than the screen scrolls and says so, never cut silently.
    let inner_width = usize::from(popup.width.saturating_sub(2)).max(20);
    let mut texts: Vec<(String, bool)> = Vec::new();
    for b in bindings.iter().chain(keymap::GLOBAL) {
        for (i, line) in wrap(b.help, inner_width - 8).into_iter().enumerate() {
            let label = if i == 0 { b.label } else { "" };
            texts.push((format!("{label:<8}{line}"), true));
        }
    }
    // The list's badges, explained on the screen that shows (and filters) them.
    if bindings
        .iter()
        .any(|b| b.action == keymap::Action::BadgeFilter)
    {
        texts.push((String::new(), false));
        for line in wrap(
            "Marcas: S dados sensíveis · C crianças/adolescentes · R RIPD exigido e não registrado · V revisão vencida · E/A erros/avisos do check",
            inner_width,
        ) {
            texts.push((line, false));
        }
    }
    let plain: Vec<String> = texts.iter().map(|(t, _)| t.clone()).collect();
    let visible = usize::from(popup.height.saturating_sub(2));
    let first = scroll.min(plain.len().saturating_sub(visible.max(1)));
    let (shown, more) = scroll_window(&plain, scroll, visible, "↓/PgDn");
    let lines: Vec<Line> = shown
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let is_key = texts.get(first + i).is_some_and(|(_, k)| *k);
            if more && i + 1 == visible {
                Line::from(Span::styled(text, theme.dim()))
            } else if is_key {
                let label: String = text.chars().take(8).collect();
                let help: String = text.chars().skip(8).collect();
                Line::from(vec![Span::styled(label, theme.key()), Span::raw(help)])
            } else {
                Line::from(Span::styled(text, theme.dim()))
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(" Ajuda: teclas desta tela ", theme.title()))
                .title_bottom(Span::styled(" qualquer tecla fecha ", theme.dim())),
        ),
        popup,
    );
}
