//! The committee's screen: every process changed since its last approval, with
//! the commits and the field-level changes (what `revisao pendente` prints), the
//! RIPDs waiting for approval (never approved, or a covered process changed
//! since), and the approval of what the committee marks. By default everything
//! without `check` errors is marked; what has errors is listed apart and is
//! approved only if marked one by one. Approving a RIPD also asks for the
//! controller's authority who signs it.

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

/// A RIPD waiting for the committee.
pub struct RipdItem {
    pub id: String,
    pub title: String,
    /// Why it waits (never approved; the findings that say it is stale).
    pub why: Vec<String>,
}

/// What the committee approves: a process's changes or a RIPD.
pub enum Subject {
    Process(Pending),
    Ripd(RipdItem),
}

/// One entry of the committee's list.
pub struct Item {
    pub subject: Subject,
    /// `check` errors in its current version.
    pub errors: usize,
}

impl Item {
    /// What it is marked by: the process id, or `ripd/<id>`.
    pub fn key(&self) -> String {
        match &self.subject {
            Subject::Process(p) => p.process.clone(),
            Subject::Ripd(r) => format!("ripd/{}", r.id),
        }
    }
}

/// The RIPDs waiting for approval in `data`, with their errors.
fn ripds_waiting(data: &Data) -> Vec<Item> {
    data.ripds
        .iter()
        .zip(&data.ripd_files)
        .filter_map(|(report, file)| {
            let findings = data.findings_of(file);
            let stale: Vec<String> = findings
                .iter()
                .filter(|f| f.rule == crate::rules::registry::RIPD_MATERIAL_CHANGE.id)
                .map(|f| f.message.clone())
                .collect();
            let never = report.approved_on().is_none();
            if !never && stale.is_empty() {
                return None;
            }
            let mut why = Vec::new();
            if never {
                why.push("RIPD nunca aprovado pelo comitê.".to_owned());
            }
            why.extend(stale);
            let errors = findings
                .iter()
                .filter(|f| f.severity == crate::rules::Severity::Error)
                .count();
            Some(Item {
                subject: Subject::Ripd(RipdItem {
                    id: report.id.to_string(),
                    title: report.title.clone(),
                    why,
                }),
                errors,
            })
        })
        .collect()
}

pub struct ReviewView {
    pub pending: Option<Result<Vec<Item>, String>>,
    pub selected: usize,
    /// The processes marked for approval.
    pub chosen: BTreeSet<String>,
    /// The minutes being typed, while approving.
    pub minutes: Option<TextInput>,
    /// With RIPDs marked: the minutes typed, and the authority being typed.
    pub authority: Option<(String, TextInput)>,
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
            authority: None,
        }
    }

    pub fn captures_keys(&self) -> bool {
        self.minutes.is_some() || self.authority.is_some()
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
                            Item {
                                subject: Subject::Process(p),
                                errors,
                            }
                        })
                        .collect();
                    items.extend(ripds_waiting(data));
                    items.sort_by_key(|item| item.errors > 0);
                    items
                })
                .map_err(|e| e.to_string()),
        );
        self.chosen = self
            .items()
            .iter()
            .filter(|item| item.errors == 0)
            .map(Item::key)
            .collect();
        self.selected = 0;
    }

    /// The keys of everything listed (processes by id, RIPDs as `ripd/<id>`).
    pub fn pending_keys(&self) -> Vec<String> {
        self.items().iter().map(Item::key).collect()
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
        if let Some((minutes, mut input)) = self.authority.take() {
            match input.handle(key) {
                InputEvent::Submit if !input.text.trim().is_empty() => {
                    return (Nav::Stay, self.approval_cmds(&minutes, input.text.trim()));
                }
                InputEvent::Cancel => {}
                _ => self.authority = Some((minutes, input)),
            }
            return (Nav::Stay, Vec::new());
        }
        if let Some(mut input) = self.minutes.take() {
            match input.handle(key) {
                InputEvent::Submit if !input.text.trim().is_empty() => {
                    let minutes = input.text.trim().to_owned();
                    if self.chosen.iter().any(|k| k.starts_with("ripd/")) {
                        self.authority = Some((minutes, TextInput::new("", false)));
                        return (Nav::Stay, Vec::new());
                    }
                    return (Nav::Stay, self.approval_cmds(&minutes, ""));
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
                if let Some(id) = self.items().get(self.selected).map(Item::key)
                    && !self.chosen.remove(&id)
                {
                    self.chosen.insert(id);
                }
            }
            Some(Action::Approve) if ctx.data.read_only.is_none() && !self.items().is_empty() => {
                if self.chosen.is_empty() {
                    ctx.set_status("Nada marcado: marque com Espaço", StatusKind::Error);
                } else {
                    self.minutes = Some(TextInput::new("", false));
                }
            }
            Some(Action::Open) => match self.items().get(self.selected).map(|i| &i.subject) {
                Some(Subject::Process(p)) => {
                    let id = p.process.clone();
                    return ctx.process_screen(&id, 0);
                }
                Some(Subject::Ripd(r)) => {
                    let file = crate::files::InventoryFile::Ripd(r.id.clone());
                    return ctx.document_screen(&file, 0);
                }
                None => {}
            },
            Some(Action::Back) => return (Nav::Close, Vec::new()),
            _ => {}
        }
        (Nav::Stay, Vec::new())
    }

    /// The commands that approve what is marked: the processes together, each
    /// RIPD on its own (its own commit and tag), signed by `authority`.
    fn approval_cmds(&self, minutes: &str, authority: &str) -> Vec<Cmd> {
        let (ripds, processes): (Vec<&String>, Vec<&String>) =
            self.chosen.iter().partition(|k| k.starts_with("ripd/"));
        let mut cmds = Vec::new();
        if !processes.is_empty() {
            cmds.push(Cmd::Approve {
                minutes: minutes.to_owned(),
                processes: processes.into_iter().cloned().collect(),
            });
        }
        for key in ripds {
            cmds.push(Cmd::ApproveRipd {
                id: key.trim_start_matches("ripd/").to_owned(),
                minutes: minutes.to_owned(),
                authority: authority.to_owned(),
            });
        }
        cmds
    }

    fn row(&self, item: &Item, width: usize) -> String {
        let mark = if self.chosen.contains(&item.key()) {
            "[x]"
        } else {
            "[ ]"
        };
        let errors = if item.errors > 0 {
            format!(" · E{}", item.errors)
        } else {
            String::new()
        };
        let p = match &item.subject {
            Subject::Process(p) => p,
            Subject::Ripd(r) => {
                return fit(
                    &format!(
                        "{mark} {:<24} RIPD{errors} — {}",
                        format!("ripd/{}", r.id),
                        r.title
                    ),
                    width,
                );
            }
        };
        let since = if p.approved_at.is_some() {
            format!("{} alteração(ões)", p.commits.len())
        } else {
            "nunca aprovado".to_owned()
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
        if let Some((_, input)) = &self.authority {
            let text = format!("Autoridade: {}", input.with_cursor());
            draw_message(
                theme,
                frame,
                area,
                "Quem aprova o RIPD pelo controlador",
                &[
                    "O RIPD é assinado pela autoridade do controlador (seção 8 do modelo):",
                    &text,
                    "",
                    "Enter registra a aprovação · Esc cancela",
                ],
            );
        }
        if let Some(input) = &self.minutes {
            let text = format!("Ata: {}", input.with_cursor());
            let what = format!(
                "Aprova {} item(ns): {}",
                self.chosen.len(),
                self.chosen.iter().cloned().collect::<Vec<_>>().join(", ")
            );
            draw_message(
                theme,
                frame,
                area,
                "Aprovar o que está marcado",
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
        let mut lines: Vec<Line> = Vec::new();
        let p = match &item.subject {
            Subject::Process(p) => p,
            Subject::Ripd(r) => {
                for reason in &r.why {
                    for l in wrap(reason, width) {
                        lines.push(Line::from(l));
                    }
                }
                frame.render_widget(Paragraph::new(lines), area);
                return;
            }
        };
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
