//! The process list: id, name, unit, owner, data subjects and badges (letters, not
//! only colors), with a fuzzy filter (`/`), sort orders, a badge filter, and
//! create, duplicate and archive.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::super::cursor;
use super::super::data::{Data, SearchText};
use super::super::keymap::Action;
use super::super::theme::Theme;
use super::super::widgets::{InputEvent, TextInput, fit, fold};
use super::super::worker::Cmd;
use super::calendar::Calendar;
use super::detail::Detail;
use super::review::ReviewView;
use super::{Ctx, Nav, Screen, StatusKind};
use crate::model::{MAX_ID_LEN, Process, ProcessId};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Id,
    Name,
    Unit,
    Owner,
    Problems,
}

impl SortBy {
    fn next(self) -> Self {
        match self {
            SortBy::Id => SortBy::Name,
            SortBy::Name => SortBy::Unit,
            SortBy::Unit => SortBy::Owner,
            SortBy::Owner => SortBy::Problems,
            SortBy::Problems => SortBy::Id,
        }
    }
    fn label(self) -> &'static str {
        match self {
            SortBy::Id => "id",
            SortBy::Name => "nome",
            SortBy::Unit => "unidade",
            SortBy::Owner => "dono",
            SortBy::Problems => "problemas",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadgeFilter {
    All,
    Sensitive,
    Children,
    RipdMissing,
    ReviewOverdue,
    WithErrors,
}

impl BadgeFilter {
    fn next(self) -> Self {
        match self {
            BadgeFilter::All => BadgeFilter::Sensitive,
            BadgeFilter::Sensitive => BadgeFilter::Children,
            BadgeFilter::Children => BadgeFilter::RipdMissing,
            BadgeFilter::RipdMissing => BadgeFilter::ReviewOverdue,
            BadgeFilter::ReviewOverdue => BadgeFilter::WithErrors,
            BadgeFilter::WithErrors => BadgeFilter::All,
        }
    }
    fn label(self) -> &'static str {
        match self {
            BadgeFilter::All => "todos",
            BadgeFilter::Sensitive => "S sensíveis",
            BadgeFilter::Children => "C crianças",
            BadgeFilter::RipdMissing => "R RIPD faltando",
            BadgeFilter::ReviewOverdue => "V revisão vencida",
            BadgeFilter::WithErrors => "com erros",
        }
    }
}

/// Whether `word` is one of the words of `text` (split at anything that is not
/// a letter or a digit: `cpf` is a word of "cpf, nome-completo", not of "cftv").
fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|t| t == word)
}

/// Indexes of the processes matching `query`, best first: processes where every
/// word of the query is a whole word of the title or of the fields' catalog ids
/// and names and the recipients ("cpf" finds the processes with a CPF field);
/// then those where every word appears inside those texts; then fuzzy matches
/// on the title (id, name, unit, owner). Also used by the filter benchmark.
pub fn filter_indices(search: &[SearchText], query: &str) -> Vec<usize> {
    const EXACT: i64 = 2_000_000;
    const CONTAINED: i64 = 1_000_000;
    let query = fold(query.trim());
    if query.is_empty() {
        return (0..search.len()).collect();
    }
    let matcher = SkimMatcherV2::default();
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut scored: Vec<(i64, usize)> = search
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            let contained = words
                .iter()
                .all(|w| text.title.contains(w) || text.rest.contains(w));
            if contained {
                let exact = words
                    .iter()
                    .all(|w| has_word(&text.title, w) || has_word(&text.rest, w));
                return Some((if exact { EXACT } else { CONTAINED }, i));
            }
            matcher
                .fuzzy_match(&text.title, &query)
                .map(|score| (score, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

pub struct ProcessList {
    pub filter: TextInput,
    pub filtering: bool,
    pub sort: SortBy,
    pub badge: BadgeFilter,
    pub show_archived: bool,
    /// Indexes into `data.processes`, as shown.
    pub visible: Vec<usize>,
    /// Indexes into `data.unreadable` of process files that could not be read:
    /// listed after the processes, marked, so no process silently disappears.
    pub broken: Vec<usize>,
    pub selected: usize,
}

/// The RIPD that covers process `i`, or a new one prefilled from the inventory
/// with the suggested risks (UFDPar art. 39), to check and save.
fn open_or_start_ripd(ctx: &mut Ctx, i: usize) -> (Nav, Vec<Cmd>) {
    let data = ctx.data;
    let process = &data.processes[i];
    if let Some(j) = data
        .ripds
        .iter()
        .position(|r| r.processes.contains(&process.id))
    {
        let file = data.ripd_files[j].clone();
        return ctx.document_screen(&file, 0);
    }
    let taken = |id: &str| {
        data.ripd_files
            .iter()
            .any(|f| f.to_string() == format!("ripd/{id}.ron"))
    };
    let Some(id) = (1..100)
        .map(|n| {
            if n == 1 {
                process.id.to_string()
            } else {
                format!("{}-{n}", process.id)
            }
        })
        .filter(|id| !taken(id))
        .find_map(|id| ProcessId::parse(&id).ok())
    else {
        ctx.set_status("Não há id livre para o RIPD", StatusKind::Error);
        return (Nav::Stay, Vec::new());
    };
    let context = data.context();
    let mut report = crate::model::Ripd::new(
        id,
        process.name.clone(),
        vec![process.id.clone()],
        data.today,
    );
    crate::assistant::prefill(&mut report, &context, &[process]);
    let suggested = crate::assistant::add_suggestions(
        &mut report,
        &crate::assistant::suggest(&context, &[process]),
    );
    ctx.set_status(
        format!("RIPD novo, preenchido pelo inventário; {suggested} risco(s) sugerido(s); s salva"),
        StatusKind::Info,
    );
    let detail = Detail::for_new(data, report);
    (Nav::Open(Screen::Detail(Box::new(detail))), Vec::new())
}

impl ProcessList {
    pub fn new(data: &Data) -> Self {
        let mut list = Self {
            filter: TextInput::new("", false),
            filtering: false,
            sort: SortBy::Id,
            badge: BadgeFilter::All,
            show_archived: false,
            visible: Vec::new(),
            broken: Vec::new(),
            selected: 0,
        };
        list.refresh(data);
        list
    }

    pub fn captures_keys(&self) -> bool {
        self.filtering
    }

    pub fn refresh(&mut self, data: &Data) {
        let keep = self.current(data).map(|p| p.id.clone());
        let mut visible: Vec<usize> = filter_indices(&data.search, &self.filter.text)
            .into_iter()
            .filter(|&i| self.show_archived || data.processes[i].archived.is_none())
            .filter(|&i| {
                let b = data.badges[i];
                match self.badge {
                    BadgeFilter::All => true,
                    BadgeFilter::Sensitive => b.sensitive,
                    BadgeFilter::Children => b.children,
                    BadgeFilter::RipdMissing => b.ripd_missing,
                    BadgeFilter::ReviewOverdue => b.review_overdue,
                    BadgeFilter::WithErrors => b.errors > 0,
                }
            })
            .collect();
        if self.filter.text.trim().is_empty() {
            let key = |i: &usize| -> (String, String) {
                let p = &data.processes[*i];
                let text = match self.sort {
                    SortBy::Id => String::new(),
                    SortBy::Name => p.name.to_lowercase(),
                    SortBy::Unit => p.unit.clone().unwrap_or_default().to_lowercase(),
                    SortBy::Owner => p
                        .owner
                        .as_ref()
                        .map(|o| o.name.to_lowercase())
                        .unwrap_or_default(),
                    SortBy::Problems => {
                        let b = data.badges[*i];
                        format!("{:08}", 99_999_999 - (b.errors * 1000 + b.warnings))
                    }
                };
                (text, p.id.to_string())
            };
            visible.sort_by_key(key);
        }
        self.visible = visible;
        let query = super::super::widgets::fold(&self.filter.text);
        self.broken = data
            .unreadable
            .iter()
            .enumerate()
            .filter(|(_, problem)| {
                problem
                    .file
                    .starts_with(&format!("{}/", crate::files::PROCESSES_DIR))
            })
            .filter(|(_, problem)| query.trim().is_empty() || problem.file.contains(query.trim()))
            .map(|(i, _)| i)
            .collect();
        self.selected = keep
            .and_then(|id| {
                self.visible
                    .iter()
                    .position(|&i| data.processes[i].id == id)
            })
            .unwrap_or(0)
            .min(self.len().saturating_sub(1));
    }

    /// How many rows the list shows (processes, then unreadable files).
    fn len(&self) -> usize {
        self.visible.len() + self.broken.len()
    }

    /// The unreadable file under the cursor, if the cursor is on one.
    fn current_broken<'a>(&self, data: &'a Data) -> Option<&'a crate::store::FileProblem> {
        let at = self.selected.checked_sub(self.visible.len())?;
        self.broken.get(at).map(|&i| &data.unreadable[i])
    }

    pub fn current<'a>(&self, data: &'a Data) -> Option<&'a Process> {
        self.visible.get(self.selected).map(|&i| &data.processes[i])
    }

    /// A free id made from `base` (cut to leave room for "-N"), if any of the
    /// first thousand candidates is free.
    fn unused_id(data: &Data, base: &str) -> Option<ProcessId> {
        let base: String = base.chars().take(MAX_ID_LEN - 4).collect();
        let base = base.trim_end_matches('-');
        (1..1000)
            .map(|n| {
                if n == 1 {
                    base.to_owned()
                } else {
                    format!("{base}-{n}")
                }
            })
            .filter_map(|id| ProcessId::parse(&id).ok())
            .find(|id| data.id_in_use(id.as_str()).is_none())
    }

    pub fn on_key(
        &mut self,
        ctx: &mut Ctx,
        key: KeyEvent,
        action: Option<Action>,
    ) -> (Nav, Vec<Cmd>) {
        if self.filtering {
            match self.filter.handle(key) {
                InputEvent::Submit => self.filtering = false,
                InputEvent::Cancel => {
                    self.filtering = false;
                    self.filter = TextInput::new("", false);
                }
                _ => {}
            }
            self.refresh(ctx.data);
            return (Nav::Stay, Vec::new());
        }
        if let Some(at) = cursor::moved(self.selected, self.len(), action) {
            self.selected = at;
            return (Nav::Stay, Vec::new());
        }
        match action {
            Some(Action::Filter) => self.filtering = true,
            Some(Action::Sort) => {
                self.sort = self.sort.next();
                self.refresh(ctx.data);
                ctx.set_status(format!("Ordem: {}", self.sort.label()), StatusKind::Info);
            }
            Some(Action::BadgeFilter) => {
                self.badge = self.badge.next();
                self.refresh(ctx.data);
                ctx.set_status(
                    format!("Mostrando: {}", self.badge.label()),
                    StatusKind::Info,
                );
            }
            Some(Action::ShowArchived) => {
                self.show_archived = !self.show_archived;
                self.refresh(ctx.data);
            }
            Some(Action::Open) => {
                if let Some(problem) = self.current_broken(ctx.data) {
                    let position = match (problem.line, problem.column) {
                        (Some(line), Some(column)) => format!(":{line}:{column}"),
                        _ => String::new(),
                    };
                    ctx.show_message(
                        "Arquivo que não pôde ser lido",
                        vec![
                            format!("{}{position}", problem.file),
                            problem.message.clone(),
                            String::new(),
                            "O programa não altera este arquivo. Corrija-o num editor de texto (a mensagem diz onde) e confira com `inventario check`; depois registre com `inventario registrar`.".to_owned(),
                            String::new(),
                            "qualquer tecla fecha".to_owned(),
                        ],
                    );
                } else if let Some(&i) = self.visible.get(self.selected) {
                    let file = ctx.data.files[i].clone();
                    return ctx.document_screen(&file, 0);
                }
            }
            Some(Action::New) => {
                let Some(id) = Self::unused_id(ctx.data, "novo-processo") else {
                    ctx.set_status("Não há id livre para um processo novo", StatusKind::Error);
                    return (Nav::Stay, Vec::new());
                };
                let process = Process::new(id, "Novo processo", ctx.data.today);
                let detail = Detail::for_new(ctx.data, process);
                return (Nav::Open(Screen::Detail(Box::new(detail))), Vec::new());
            }
            Some(Action::Duplicate) => {
                if let Some(source) = self.current(ctx.data).cloned() {
                    let mut copy = source;
                    let Some(id) = Self::unused_id(ctx.data, &format!("{}-copia", copy.id)) else {
                        ctx.set_status("Não há id livre para a cópia", StatusKind::Error);
                        return (Nav::Stay, Vec::new());
                    };
                    copy.id = id;
                    copy.name = format!("{} (cópia)", copy.name);
                    copy.created = ctx.data.today;
                    copy.updated = ctx.data.today;
                    copy.last_review = None;
                    copy.ripd = None;
                    let detail = Detail::for_new(ctx.data, copy);
                    return (Nav::Open(Screen::Detail(Box::new(detail))), Vec::new());
                }
            }
            Some(Action::Ripd) => {
                if let Some(&i) = self.visible.get(self.selected) {
                    return open_or_start_ripd(ctx, i);
                }
            }
            Some(Action::Archive) => {
                if let Some(&i) = self.visible.get(self.selected)
                    && let Some(mut detail) = Detail::open(ctx.data, &ctx.data.files[i], 0)
                {
                    let mut process = ctx.data.processes[i].clone();
                    let archiving = process.archived.is_none();
                    process.archived = archiving.then_some(ctx.data.today);
                    detail.propose(ctx.data, crate::semantic::to_tree(&process));
                    ctx.set_status(
                        if archiving {
                            "Arquivando: confira e salve (s)"
                        } else {
                            "Desarquivando: confira e salve (s)"
                        },
                        StatusKind::Info,
                    );
                    return (Nav::Open(Screen::Detail(Box::new(detail))), Vec::new());
                }
            }
            Some(Action::Institution) => {
                let detail = Detail::for_institution(ctx.data);
                return (Nav::Open(Screen::Detail(Box::new(detail))), Vec::new());
            }
            Some(Action::Committee) => {
                return (
                    Nav::Open(Screen::Review(ReviewView::new())),
                    vec![Cmd::LoadPending],
                );
            }
            Some(Action::Calendar) => {
                return (
                    Nav::Open(Screen::Calendar(Calendar::new(ctx.data))),
                    Vec::new(),
                );
            }
            Some(Action::Back) if !self.filter.text.is_empty() => {
                self.filter = TextInput::new("", false);
                self.refresh(ctx.data);
            }
            _ => {}
        }
        (Nav::Stay, Vec::new())
    }

    pub fn draw(&self, data: &Data, theme: &Theme, frame: &mut Frame, area: Rect) {
        let wide = area.width >= 110;
        let filter_line = if self.filtering || !self.filter.text.is_empty() {
            format!(
                "Filtro: {}",
                if self.filtering {
                    self.filter.with_cursor()
                } else {
                    self.filter.text.clone()
                }
            )
        } else {
            String::new()
        };
        let unreadable = if self.broken.is_empty() {
            String::new()
        } else {
            format!(" + {} ilegível(is)", self.broken.len())
        };
        let header_text = format!(
            "{} de {} processo(s){unreadable} · ordem: {} · mostrando: {}{}  {}",
            self.visible.len(),
            data.processes.len(),
            self.sort.label(),
            self.badge.label(),
            if self.show_archived {
                " · com arquivados"
            } else {
                ""
            },
            filter_line
        );
        let [top, table_area] =
            ratatui::layout::Layout::vertical([Constraint::Length(1), Constraint::Min(1)])
                .areas(area);
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                fit(&header_text, area.width as usize),
                theme.dim(),
            ))),
            top,
        );

        let (id_w, unit_w, marks_w, owner_w, subjects_w) = (22u16, 14u16, 11u16, 22u16, 18u16);
        let fixed =
            id_w + unit_w + marks_w + 2 + 3 + if wide { owner_w + subjects_w + 2 } else { 0 };
        let name_w = table_area.width.saturating_sub(fixed).max(10);
        let mut widths = vec![
            Constraint::Length(id_w),
            Constraint::Length(name_w),
            Constraint::Length(unit_w),
        ];
        let mut titles = vec!["ID", "NOME", "UNIDADE"];
        if wide {
            widths.extend([Constraint::Length(owner_w), Constraint::Length(subjects_w)]);
            titles.extend(["DONO", "TITULARES"]);
        }
        widths.push(Constraint::Length(marks_w));
        titles.push("MARCAS");
        // Only the rows on screen are built (2,000 processes, 20 lines): the
        // window keeps the selection on its last line when scrolling down, as
        // the table would from offset 0, so what shows does not change.
        let height = usize::from(table_area.height.saturating_sub(1)).max(1);
        let start = self.selected.saturating_sub(height - 1);
        let end = (start + height).min(self.len());
        let broken_row = |i: usize| {
            let problem = &data.unreadable[i];
            let stem = problem
                .file
                .trim_start_matches("processos/")
                .trim_end_matches(".ron");
            let position = match (problem.line, problem.column) {
                (Some(line), Some(column)) => format!(" (linha {line}, coluna {column})"),
                _ => String::new(),
            };
            let mut cells = vec![
                Cell::from(fit(stem, id_w as usize)),
                Cell::from(fit(
                    &format!("arquivo ilegível{position}: Enter mostra o erro"),
                    name_w as usize,
                )),
                Cell::from("—"),
            ];
            if wide {
                cells.extend([Cell::from(""), Cell::from("")]);
            }
            cells.push(Cell::from(Span::styled("ILEGÍVEL", theme.error())));
            Row::new(cells)
        };
        let process_row = |i: usize| {
            let p = &data.processes[i];
            let badges = data.badges[i];
            // A process in a file not named after its id shows the file, so
            // two rows with one id can be told apart.
            let id = match &data.files[i] {
                crate::files::InventoryFile::Process(stem) if stem != p.id.as_str() => {
                    format!("{stem}.ron")
                }
                _ => p.id.to_string(),
            };
            let mut cells = vec![
                Cell::from(fit(&id, id_w as usize)),
                Cell::from(fit(&p.name, name_w as usize)),
                Cell::from(fit(p.unit.as_deref().unwrap_or("—"), unit_w as usize)),
            ];
            if wide {
                cells.push(Cell::from(fit(
                    p.owner.as_ref().map_or("— sem dono", |o| o.name.as_str()),
                    22,
                )));
                let subjects: Vec<&str> = p.subjects.iter().map(|s| s.group.as_str()).collect();
                cells.push(Cell::from(fit(&subjects.join(", "), subjects_w as usize)));
            }
            let mut letters = badges.letters();
            if p.archived.is_some() {
                letters = format!("arquivado {letters}");
            }
            let style = if badges.errors > 0 {
                theme.error()
            } else if badges.warnings > 0 {
                theme.warning()
            } else {
                theme.ok()
            };
            cells.push(Cell::from(Span::styled(letters, style)));
            Row::new(cells)
        };
        let rows: Vec<Row> = (start..end)
            .map(|r| match self.visible.get(r) {
                Some(&i) => process_row(i),
                None => broken_row(self.broken[r - self.visible.len()]),
            })
            .collect();
        let table = Table::new(rows, widths)
            .header(Row::new(titles).style(theme.title()))
            .row_highlight_style(theme.selected())
            .highlight_symbol("› ");
        let mut state = TableState::default();
        if self.len() > 0 {
            state.select(Some(self.selected - start));
        }
        frame.render_stateful_widget(table, table_area, &mut state);
    }
}
