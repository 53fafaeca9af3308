//! The application state and `update`: a message (a key, pasted text, a worker's
//! reply) changes the state and yields commands for the worker. Screens form a
//! stack (the process list at the bottom); overlays (help, search palette, quit
//! confirmation) sit on top of whatever screen is showing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::data::Data;
use super::keymap::{self, Action, Binding};
use super::screens::export::ExportView;
pub use super::screens::{Ctx, Nav, Screen, StatusKind};
use super::screens::{
    calendar::Calendar, detail::Detail, history::HistoryView, list::ProcessList, palette::Palette,
};
use super::theme::Theme;
use super::worker::{Cmd, Reply};
use crate::files::InventoryFile;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Worker(Reply),
    /// A few seconds passed: look whether someone else saved.
    Tick,
}

pub enum Overlay {
    /// The screen's keys, scrolled down by the number of lines.
    Help(&'static [Binding], usize),
    Palette(Palette),
    /// Unsaved edits exist: quit anyway?
    ConfirmQuit,
    /// Something the user must read in full (a save that did not happen).
    Message(String, Vec<String>),
}

pub struct App {
    pub data: Data,
    pub theme: Theme,
    pub screens: Vec<Screen>,
    pub overlay: Option<Overlay>,
    pub status: Option<(String, StatusKind)>,
    pub should_quit: bool,
    /// Work sent to the worker and not answered yet.
    pub busy: usize,
    /// Where drafts are kept when the inventory cannot be written.
    pub drafts_elsewhere: Option<std::path::PathBuf>,
    /// Where an export with a relative destination goes: the directory the
    /// application was started in (set by `run`), else beside the inventory.
    pub export_base: std::path::PathBuf,
}

impl App {
    pub fn new(data: Data, theme: Theme) -> App {
        let list = ProcessList::new(&data);
        let export_base = data
            .root
            .parent()
            .map_or_else(|| data.root.clone(), std::path::Path::to_path_buf);
        let mut app = App {
            status: data.read_only.as_ref().map(|_| {
                (
                    "Somente leitura: aqui não se salva (s mostra o motivo e o que fazer)"
                        .to_owned(),
                    StatusKind::Error,
                )
            }),
            data,
            theme,
            screens: vec![Screen::List(list)],
            overlay: None,
            should_quit: false,
            busy: 0,
            export_base,
            drafts_elsewhere: None,
        };
        if app.status.is_none() && !app.data.unreadable.is_empty() {
            app.status = Some((
                format!(
                    "{} arquivo(s) não puderam ser lidos (veja `inventario check`); nada foi alterado neles",
                    app.data.unreadable.len()
                ),
                StatusKind::Error,
            ));
        }
        app
    }

    /// Sets the status line. A message wider than the 80 columns every screen
    /// must work in is also shown whole in a dialog, never only cut.
    pub fn set_status(&mut self, text: impl Into<String>, kind: StatusKind) {
        let text = text.into();
        if unicode_width::UnicodeWidthStr::width(text.as_str()) > 80 && self.overlay.is_none() {
            let title = match kind {
                StatusKind::Error => "Atenção",
                StatusKind::Info | StatusKind::Ok => "Aviso",
            };
            self.overlay = Some(Overlay::Message(
                title.to_owned(),
                vec![
                    text.clone(),
                    String::new(),
                    "qualquer tecla fecha".to_owned(),
                ],
            ));
        }
        self.status = Some((text, kind));
    }

    /// Whether any open editor holds unsaved changes.
    pub fn has_unsaved(&self) -> bool {
        self.screens
            .iter()
            .any(|s| matches!(s, Screen::Detail(d) if d.is_dirty()))
    }

    /// Drafts to keep if the session ends now: (file, RON text).
    pub fn unsaved_drafts(&self) -> Vec<(InventoryFile, String)> {
        self.screens
            .iter()
            .filter_map(|s| match s {
                Screen::Detail(d) if d.has_unsaved_work() => d.draft(),
                _ => None,
            })
            .collect()
    }

    fn track(&mut self, cmds: Vec<Cmd>) -> Vec<Cmd> {
        self.busy += cmds.len();
        cmds
    }

    /// Handles one message; returns the commands for the worker.
    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let cmds = match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Paste(text) => match self.screens.last_mut() {
                Some(Screen::Detail(detail)) => {
                    detail.paste(&text);
                    Vec::new()
                }
                _ => Vec::new(),
            },
            // Progress is not an answer: the command is still under way.
            Msg::Worker(Reply::ExportProgress { done, total }) => {
                if let Some(view) = self.export_view() {
                    view.on_progress(done, total);
                }
                Vec::new()
            }
            Msg::Worker(reply) => {
                self.busy = self.busy.saturating_sub(1);
                self.on_reply(reply)
            }
            // Cheap: the worker reads one reference. Skipped while work is
            // under way (a save reloads anyway) or when nothing can change.
            Msg::Tick if self.busy == 0 && self.data.base.is_some() => vec![Cmd::CheckHead],
            Msg::Tick => Vec::new(),
        };
        self.track(cmds)
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        // Ctrl-C always means "quit" (asking first when there are unsaved edits).
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return self.request_quit();
        }
        if let Some(overlay) = self.overlay.take() {
            return self.on_overlay_key(overlay, key);
        }
        let Some(mut screen) = self.screens.pop() else {
            self.should_quit = true;
            return Vec::new();
        };
        // Popups inside a screen (editors, dialogs) see every key first.
        let captured = matches!(&screen, Screen::Detail(d) if d.captures_keys())
            || matches!(&screen, Screen::List(l) if l.captures_keys())
            || matches!(&screen, Screen::Review(r) if r.captures_keys())
            || matches!(&screen, Screen::Export(e) if e.captures_keys());
        let action = keymap::action(screen.bindings(), &key);
        if !captured {
            match action {
                Some(Action::Help) => {
                    self.overlay = Some(Overlay::Help(screen.bindings(), 0));
                    self.screens.push(screen);
                    return Vec::new();
                }
                Some(Action::Palette) => {
                    self.overlay = Some(Overlay::Palette(Palette::new(&self.data)));
                    self.screens.push(screen);
                    return Vec::new();
                }
                Some(Action::Quit) => {
                    self.screens.push(screen);
                    return self.request_quit();
                }
                Some(Action::Export) if matches!(screen, Screen::List(_)) => {
                    self.screens.push(screen);
                    let view = ExportView::new(self.export_base.clone());
                    self.screens.push(Screen::Export(view));
                    return Vec::new();
                }
                _ => {}
            }
        }
        let (nav, cmds) = self.with_ctx(|ctx| match &mut screen {
            Screen::List(list) => list.on_key(ctx, key, action),
            Screen::Detail(detail) => detail.on_key(ctx, key, action),
            Screen::History(history) => history.on_key(ctx, key, action),
            Screen::Review(review) => review.on_key(ctx, key, action),
            Screen::Calendar(calendar) => calendar.on_key(ctx, key, action),
            Screen::Export(export) => export.on_key(ctx, key, action),
        });
        match nav {
            Nav::Stay => self.screens.push(screen),
            Nav::Close if self.screens.is_empty() => self.should_quit = true,
            Nav::Close => {}
            Nav::Open(next) => {
                self.screens.push(screen);
                self.screens.push(next);
            }
        }
        cmds
    }

    fn request_quit(&mut self) -> Vec<Cmd> {
        if self.has_unsaved() {
            self.overlay = Some(Overlay::ConfirmQuit);
        } else {
            self.should_quit = true;
        }
        Vec::new()
    }

    fn on_overlay_key(&mut self, overlay: Overlay, key: KeyEvent) -> Vec<Cmd> {
        match overlay {
            // A long help scrolls (↓/PgDn, ↑/PgUp); any other key closes it.
            Overlay::Help(bindings, scroll) => {
                let step = match key.code {
                    KeyCode::Down | KeyCode::Char('j') => Some(1),
                    KeyCode::PageDown => Some(10),
                    KeyCode::Up | KeyCode::Char('k') => Some(-1),
                    KeyCode::PageUp => Some(-10),
                    _ => None,
                };
                if let Some(step) = step {
                    let scroll = scroll.saturating_add_signed(step).min(100);
                    self.overlay = Some(Overlay::Help(bindings, scroll));
                }
                Vec::new()
            }
            Overlay::Message(..) => Vec::new(),
            Overlay::ConfirmQuit => match key.code {
                KeyCode::Char('s') | KeyCode::Char('S') => {
                    // The drafts stay on disk; they are offered next time.
                    self.should_quit = true;
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Overlay::Palette(mut palette) => match palette.on_key(key) {
                super::screens::palette::PaletteEvent::Stay => {
                    self.overlay = Some(Overlay::Palette(palette));
                    Vec::new()
                }
                super::screens::palette::PaletteEvent::Cancel => Vec::new(),
                super::screens::palette::PaletteEvent::Open { file, group } => {
                    self.open_document(&file, group)
                }
            },
        }
    }

    /// Runs `f` with a screen's view of the application (`Ctx`), then applies
    /// what it asked for: a message to show, a status line.
    fn with_ctx<T>(&mut self, f: impl FnOnce(&mut Ctx) -> T) -> T {
        let mut ctx = Ctx::new(&self.data);
        let out = f(&mut ctx);
        let (status, message) = (ctx.status, ctx.message);
        if let Some((title, lines)) = message {
            self.overlay = Some(Overlay::Message(title, lines));
        }
        if let Some((text, kind)) = status {
            self.set_status(text, kind);
        }
        out
    }

    /// Opens a document on top of the current screen (from an overlay).
    fn open_document(&mut self, file: &InventoryFile, group: usize) -> Vec<Cmd> {
        let (nav, cmds) = self.with_ctx(|ctx| ctx.document_screen(file, group));
        if let Nav::Open(screen) = nav {
            self.screens.push(screen);
        }
        cmds
    }

    /// The open screen of the document in `file`, wherever it is in the stack: a
    /// reply goes to the screen that asked, not to whatever is on top.
    fn detail_of(&mut self, file: &InventoryFile) -> Option<&mut Detail> {
        self.screens.iter_mut().rev().find_map(|s| match s {
            Screen::Detail(d) if d.file == *file => Some(d.as_mut()),
            _ => None,
        })
    }

    /// The open export screen.
    fn export_view(&mut self) -> Option<&mut ExportView> {
        self.screens.iter_mut().rev().find_map(|s| match s {
            Screen::Export(e) => Some(e),
            _ => None,
        })
    }

    /// The open history screen of `process`.
    fn history_of(&mut self, process: &str) -> Option<&mut HistoryView> {
        self.screens.iter_mut().rev().find_map(|s| match s {
            Screen::History(h) if h.process == process => Some(h),
            _ => None,
        })
    }

    fn on_reply(&mut self, reply: Reply) -> Vec<Cmd> {
        match reply {
            Reply::Done => Vec::new(),
            Reply::Saved {
                file,
                result: Ok(summary),
            } => {
                self.set_status(format!("Salvo: {summary}"), StatusKind::Ok);
                let mut cmds = vec![Cmd::Reload];
                if let Some(detail) = self.detail_of(&file) {
                    cmds.extend(detail.saved());
                }
                cmds
            }
            Reply::Saved {
                file,
                result: Err(failure),
            } => {
                if let Some(conflict) = failure.conflict.clone()
                    && let Some(detail) = self.detail_of(&file)
                    && detail.show_conflict(conflict)
                {
                    self.set_status(
                        "Não salvo: outra pessoa alterou os mesmos campos; escolha como resolver",
                        StatusKind::Error,
                    );
                    return Vec::new();
                }
                self.set_status(
                    "Não salvo: nada foi perdido (veja a mensagem)",
                    StatusKind::Error,
                );
                // One line per conflicting field, so none is cut off at 80 columns.
                let mut lines = vec![failure.message];
                if let Some(conflict) = &failure.conflict {
                    lines.extend(conflict.fields.iter().map(|f| format!("  • {}", f.path)));
                }
                if let Some(draft) = &failure.draft {
                    lines.push(format!(
                        "Sua versão foi guardada em {} e nada foi perdido; ajuste e salve de novo.",
                        draft.display()
                    ));
                }
                lines.push(String::new());
                lines.push("qualquer tecla fecha".to_owned());
                self.overlay = Some(Overlay::Message(
                    "Não foi possível salvar".to_owned(),
                    lines,
                ));
                Vec::new()
            }
            Reply::Head(Some(head)) if Some(head) != self.data.base => {
                self.set_status(
                    "Outra pessoa salvou no inventário: lista atualizada",
                    StatusKind::Info,
                );
                vec![Cmd::Reload]
            }
            Reply::Head(_) => Vec::new(),
            Reply::Reloaded(Ok(data)) => {
                self.data = *data;
                for screen in &mut self.screens {
                    match screen {
                        Screen::List(list) => list.refresh(&self.data),
                        Screen::Detail(detail) => detail.on_reload(&self.data),
                        Screen::Calendar(calendar) => *calendar = Calendar::new(&self.data),
                        _ => {}
                    }
                }
                Vec::new()
            }
            Reply::Reloaded(Err(error)) => {
                self.set_status(
                    format!("Não foi possível recarregar: {error}"),
                    StatusKind::Error,
                );
                Vec::new()
            }
            Reply::History { process, result } => {
                if let Some(view) = self.history_of(&process) {
                    view.loaded(result);
                }
                Vec::new()
            }
            Reply::Diff { process, result } => {
                if let Some(view) = self.history_of(&process) {
                    view.diff_loaded(result);
                }
                Vec::new()
            }
            Reply::Pending(result) => {
                if let Some(Screen::Review(view)) = self.screens.last_mut() {
                    view.loaded(result, &self.data);
                }
                Vec::new()
            }
            Reply::Approved {
                result: Ok(text), ..
            } => {
                self.set_status(format!("Aprovação registrada: {text}"), StatusKind::Ok);
                vec![Cmd::Reload, Cmd::LoadPending]
            }
            Reply::Approved {
                result: Err(error), ..
            } => {
                self.set_status(
                    format!("Aprovação não registrada: {error}"),
                    StatusKind::Error,
                );
                Vec::new()
            }
            Reply::ExportProgress { done, total } => {
                if let Some(view) = self.export_view() {
                    view.on_progress(done, total);
                }
                Vec::new()
            }
            Reply::Exported(result) => {
                let result = result.map_err(|e| e.to_string());
                match &result {
                    Ok(text) => self.set_status(text.clone(), StatusKind::Ok),
                    Err(text) => self.set_status(
                        format!("Exportação não concluída: {text}"),
                        StatusKind::Error,
                    ),
                }
                if let Some(view) = self.export_view() {
                    view.on_done(result);
                }
                Vec::new()
            }
            Reply::Draft {
                file,
                text,
                base_text,
                changed_by,
            } => {
                if let Some(detail) = self.detail_of(&file) {
                    detail.offer_draft(&file, &text, base_text.as_deref(), changed_by);
                }
                Vec::new()
            }
        }
    }
}
