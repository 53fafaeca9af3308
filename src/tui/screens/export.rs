//! The export screen (key `e` on the list): which export — the public inventory
//! as HTML, Markdown, JSON or CSV (LGPD art. 23 I), or the SGD spreadsheet for
//! the committee — and where; the worker writes it and reports its progress
//! file by file, which matters for thousands of processes.

use std::path::{Path, PathBuf};

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};

use super::super::cursor;
use super::super::keymap::Action;
use super::super::theme::Theme;
use super::super::widgets::{InputEvent, TextInput, fit, wrap};
use super::super::worker::Cmd;
use super::{Ctx, Nav, StatusKind};
use crate::export::Format;

/// Where an export is under way or ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportState {
    Choosing,
    Running { done: usize, total: usize },
    Done(String),
    Failed(String),
}

pub struct ExportView {
    pub selected: usize,
    /// The destination, relative to `base` unless absolute.
    pub dest: TextInput,
    /// Editing the destination (every key goes to it).
    pub editing: bool,
    /// Where relative destinations go: the directory the application started in.
    pub base: PathBuf,
    pub state: ExportState,
}

impl ExportView {
    pub fn new(base: PathBuf) -> Self {
        Self {
            selected: 0,
            dest: TextInput::new(Format::ALL[0].default_dest(), false),
            editing: false,
            base,
            state: ExportState::Choosing,
        }
    }

    pub fn format(&self) -> Format {
        Format::ALL[self.selected.min(Format::ALL.len() - 1)]
    }

    pub fn captures_keys(&self) -> bool {
        self.editing
    }

    /// The destination as the worker gets it.
    pub fn dest_path(&self) -> PathBuf {
        let typed = Path::new(self.dest.text.trim());
        if typed.is_absolute() {
            typed.to_path_buf()
        } else {
            self.base.join(typed)
        }
    }

    pub fn on_progress(&mut self, done: usize, total: usize) {
        self.state = ExportState::Running { done, total };
    }

    pub fn on_done(&mut self, result: Result<String, String>) {
        self.state = match result {
            Ok(text) => ExportState::Done(text),
            Err(text) => ExportState::Failed(text),
        };
    }

    pub fn on_key(
        &mut self,
        ctx: &mut Ctx,
        key: KeyEvent,
        action: Option<Action>,
    ) -> (Nav, Vec<Cmd>) {
        if self.editing {
            match self.dest.handle(key) {
                InputEvent::Submit | InputEvent::Cancel => self.editing = false,
                _ => {}
            }
            return (Nav::Stay, Vec::new());
        }
        let running = matches!(self.state, ExportState::Running { .. });
        if let Some(at) = cursor::moved(self.selected, Format::ALL.len(), action) {
            if !running {
                self.selected = at;
                // The new format's own name, in the folder already chosen.
                let folder = Path::new(self.dest.text.trim())
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let dest = folder.join(self.format().default_dest());
                self.dest = TextInput::new(&dest.to_string_lossy(), false);
            }
            return (Nav::Stay, Vec::new());
        }
        match action {
            Some(Action::Destination) if !running => self.editing = true,
            Some(Action::Open) if running => {
                ctx.set_status("A exportação ainda está em andamento", StatusKind::Info);
            }
            Some(Action::Open) => {
                if self.dest.text.trim().is_empty() {
                    ctx.set_status("Diga onde gravar (Tab muda o destino)", StatusKind::Error);
                    return (Nav::Stay, Vec::new());
                }
                self.state = ExportState::Running { done: 0, total: 0 };
                return (
                    Nav::Stay,
                    vec![Cmd::Export {
                        format: self.format(),
                        dest: self.dest_path(),
                    }],
                );
            }
            Some(Action::Back) => return (Nav::Close, Vec::new()),
            _ => {}
        }
        (Nav::Stay, Vec::new())
    }

    pub fn draw(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let width = usize::from(area.width);
        let mut lines: Vec<Line> = vec![Line::from(Span::styled(
            fit("O que exportar (↑/↓):", width),
            theme.title(),
        ))];
        for (i, format) in Format::ALL.iter().enumerate() {
            let mark = if i == self.selected { "▶ " } else { "  " };
            let style = if i == self.selected {
                theme.selected()
            } else {
                theme.normal()
            };
            lines.push(Line::from(Span::styled(
                fit(&format!("{mark}{}", format.label()), width),
                style,
            )));
        }
        lines.push(Line::from(""));
        let dest = if self.editing {
            self.dest.with_cursor()
        } else {
            self.dest.text.clone()
        };
        lines.push(Line::from(Span::styled(
            fit(
                "Destino (Tab muda; relativo ao diretório de onde o aplicativo foi aberto):",
                width,
            ),
            theme.title(),
        )));
        for line in wrap(&dest, width.saturating_sub(2).max(10)) {
            lines.push(Line::from(format!("  {line}")));
        }
        lines.push(Line::from(""));
        let note = match self.format() {
            Format::Public(_) => {
                "Só o que é público (LGPD art. 23, I): nada de pessoas além do encarregado, segurança, sistemas, contratos, observações; processos arquivados ou não OSTENSIVOS ficam de fora."
            }
            Format::Sgd { .. } => {
                "Interno: o inventário completo no modelo da planilha SGD, para o processo SEI e o comitê."
            }
        };
        for line in wrap(note, width) {
            lines.push(Line::from(Span::styled(line, theme.dim())));
        }
        lines.push(Line::from(""));
        let gauge_row = lines.len() as u16;
        match &self.state {
            ExportState::Choosing => lines.push(Line::from(fit("Enter exporta.", width))),
            ExportState::Running { .. } => {}
            ExportState::Done(text) => {
                for line in wrap(text, width) {
                    lines.push(Line::from(Span::styled(line, theme.ok())));
                }
            }
            ExportState::Failed(text) => {
                for line in wrap(text, width) {
                    lines.push(Line::from(Span::styled(line, theme.error())));
                }
            }
        }
        frame.render_widget(Paragraph::new(lines), area);
        if let ExportState::Running { done, total } = self.state
            && gauge_row < area.height
        {
            let ratio = if total == 0 {
                0.0
            } else {
                done as f64 / total as f64
            };
            let gauge = Gauge::default()
                .gauge_style(theme.selected())
                .ratio(ratio.clamp(0.0, 1.0))
                .label(format!("exportando {done}/{total}"));
            let row = Rect {
                y: area.y + gauge_row,
                height: 1,
                ..area
            };
            frame.render_widget(gauge, row);
        }
    }
}
