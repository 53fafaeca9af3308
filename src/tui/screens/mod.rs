//! One file per screen or overlay: its state, its key handling and its drawing.
//! Screens see the application through `Ctx` (the data, the status line, a
//! message to show), not through `App`, so they do not depend on it.

pub mod calendar;
pub mod conflict;
pub mod detail;
pub mod dialogs;
pub mod editor;
pub mod export;
pub mod history;
pub mod list;
pub mod palette;
pub mod review;

use super::data::Data;
use super::keymap::{self, Binding};
use super::worker::Cmd;
use crate::files::InventoryFile;
use calendar::Calendar;
use detail::Detail;
use export::ExportView;
use history::HistoryView;
use list::ProcessList;
use review::ReviewView;

pub enum Screen {
    List(ProcessList),
    Detail(Box<Detail>),
    History(HistoryView),
    Review(ReviewView),
    Calendar(Calendar),
    Export(ExportView),
}

impl Screen {
    pub fn bindings(&self) -> &'static [Binding] {
        match self {
            Screen::List(_) => keymap::LIST,
            Screen::Detail(_) => keymap::DETAIL,
            Screen::History(_) => keymap::HISTORY,
            Screen::Review(_) => keymap::REVIEW,
            Screen::Calendar(_) => keymap::CALENDAR,
            Screen::Export(_) => keymap::EXPORT,
        }
    }

    pub fn title(&self) -> String {
        match self {
            Screen::List(_) => "Processos".to_owned(),
            Screen::Detail(d) => d.title(),
            Screen::History(h) => format!("Histórico — {}", h.process),
            Screen::Review(_) => "Comitê: alterações pendentes".to_owned(),
            Screen::Calendar(_) => "Calendário de revisões".to_owned(),
            Screen::Export(_) => "Exportar".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Ok,
    Error,
}

/// What a screen wants after handling a key.
pub enum Nav {
    Stay,
    Close,
    Open(Screen),
}

/// What a screen may see and do while it handles a key: read the data, set the
/// status line, ask for a message to be shown whole.
pub struct Ctx<'a> {
    pub data: &'a Data,
    pub(crate) status: Option<(String, StatusKind)>,
    pub(crate) message: Option<(String, Vec<String>)>,
}

impl<'a> Ctx<'a> {
    pub fn new(data: &'a Data) -> Self {
        Ctx {
            data,
            status: None,
            message: None,
        }
    }

    pub fn set_status(&mut self, text: impl Into<String>, kind: StatusKind) {
        self.status = Some((text.into(), kind));
    }

    /// Something the user must read in full, in a dialog.
    pub fn show_message(&mut self, title: impl Into<String>, lines: Vec<String>) {
        self.message = Some((title.into(), lines));
    }

    /// The detail of the process `id` at section `group` (the first file that
    /// holds it), with the command that looks for a draft.
    pub fn process_screen(&mut self, id: &str, group: usize) -> (Nav, Vec<Cmd>) {
        match self.data.file_of(id).cloned() {
            Some(file) => self.document_screen(&file, group),
            None => {
                self.set_status(format!("processo {id} não encontrado"), StatusKind::Error);
                (Nav::Stay, Vec::new())
            }
        }
    }

    /// A RIPD not yet approved is kept in step with the inventory: the sections
    /// it fills from the covered processes, as the inventory says them now, when
    /// that differs from the file (`None` otherwise, and for an approved report,
    /// whose approved text stays as it is).
    fn ripd_in_sync(&self, file: &InventoryFile) -> Option<serde_json::Value> {
        let i = self.data.ripd_files.iter().position(|f| f == file)?;
        let mut report = self.data.ripds[i].clone();
        if report.approved_on().is_some() {
            return None;
        }
        let covered: Vec<&crate::model::Process> = report
            .processes
            .iter()
            .filter_map(|id| self.data.process(id.as_str()))
            .collect();
        let before = report.clone();
        crate::assistant::prefill(&mut report, &self.data.context(), &covered);
        (report != before).then(|| crate::semantic::to_tree(&report))
    }

    /// The detail of the document in `file` at section `group`, with the command
    /// that looks for a draft.
    pub fn document_screen(&mut self, file: &InventoryFile, group: usize) -> (Nav, Vec<Cmd>) {
        let Some(mut detail) = Detail::open(self.data, file, group) else {
            self.set_status(format!("{file} não encontrado"), StatusKind::Error);
            return (Nav::Stay, Vec::new());
        };
        if let Some(refreshed) = self.ripd_in_sync(file) {
            detail.propose(self.data, refreshed);
            self.set_status(
                "Seções 1 a 3 e 5 atualizadas com o inventário; s salva",
                StatusKind::Info,
            );
        }
        (
            Nav::Open(Screen::Detail(Box::new(detail))),
            vec![Cmd::CheckDraft { file: file.clone() }],
        )
    }
}
