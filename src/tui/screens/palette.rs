//! The search palette (Ctrl-P or `:`): one box that finds processes, data fields
//! ("quem trata CPF?"), sharing recipients, legal bases and TTDD codes across the
//! whole inventory; choosing a result opens the process at the right section.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};

use super::super::cursor;
use super::super::data::Data;
use super::super::keymap::Action;
use super::super::theme::Theme;
use super::super::widgets::{InputEvent, TextInput, fit, fold, fuzzy_filter};
use crate::files::InventoryFile;

/// One thing the palette can find.
pub struct Hit {
    pub text: String,
    /// The file of the process the hit is in.
    pub file: InventoryFile,
    /// The detail section to open at.
    pub group: usize,
}

pub struct Palette {
    pub query: TextInput,
    pub hits: Vec<Hit>,
    /// The hits' texts without accents, for matching.
    folded: Vec<String>,
    pub visible: Vec<usize>,
    pub selected: usize,
}

pub enum PaletteEvent {
    Stay,
    Cancel,
    Open { file: InventoryFile, group: usize },
}

/// Words of a question that say nothing about what is sought.
const QUESTION_WORDS: &[&str] = &[
    "quem", "que", "qual", "quais", "onde", "como", "trata", "tratam", "usa", "usam", "tem", "o",
    "a", "os", "as", "de", "do", "da", "dos", "das", "com", "em", "para", "por", "e",
];

const GROUP_PURPOSES: usize = 3;
const GROUP_FIELDS: usize = 4;
const GROUP_SHARING: usize = 7;

impl Palette {
    pub fn new(data: &Data) -> Self {
        let mut hits = Vec::new();
        for (p, file) in data.processes.iter().zip(&data.files) {
            hits.push(Hit {
                text: format!("processo  {} — {}", p.id, p.name),
                file: file.clone(),
                group: 0,
            });
            for field in &p.fields {
                hits.push(Hit {
                    text: format!(
                        "campo  {} ({}) — em {}",
                        data.catalogs.field_kinds.name_of(field.kind.as_str()),
                        field.kind,
                        p.id
                    ),
                    file: file.clone(),
                    group: GROUP_FIELDS,
                });
            }
            for sharing in p.sharing.items() {
                hits.push(Hit {
                    text: format!("destinatário  {} — em {}", sharing.recipient, p.id),
                    file: file.clone(),
                    group: GROUP_SHARING,
                });
            }
            let mut bases: Vec<&str> = p.named_bases().map(|b| b.as_str()).collect();
            bases.sort_unstable();
            bases.dedup();
            for basis in bases {
                hits.push(Hit {
                    text: format!(
                        "base legal  {basis} {} — em {}",
                        data.catalogs.legal_bases.name_of(basis),
                        p.id
                    ),
                    file: file.clone(),
                    group: GROUP_PURPOSES,
                });
            }
            let codes = p
                .retention
                .iter()
                .chain(p.fields.iter().filter_map(|f| f.retention.as_ref()))
                .filter_map(|r| r.ttdd.as_ref());
            for code in codes {
                hits.push(Hit {
                    text: format!(
                        "TTDD  {code} {} — em {}",
                        data.catalogs.ttdd.name_of(code.as_str()),
                        p.id
                    ),
                    file: file.clone(),
                    group: GROUP_FIELDS,
                });
            }
        }
        let visible = (0..hits.len()).collect();
        let folded = hits.iter().map(|h| fold(&h.text)).collect();
        Self {
            query: TextInput::new("", false),
            hits,
            folded,
            visible,
            selected: 0,
        }
    }

    /// Questions work as typed ("quem trata CPF?"): question words are dropped
    /// and every remaining word must appear; with no such hit, fuzzy matching.
    fn refilter(&mut self) {
        let folded = fold(&self.query.text);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
            .filter(|w| !w.is_empty() && !QUESTION_WORDS.contains(w))
            .collect();
        let by_words: Vec<usize> = if words.is_empty() {
            Vec::new()
        } else {
            (0..self.hits.len())
                .filter(|&i| words.iter().all(|w| self.folded[i].contains(w)))
                .collect()
        };
        self.visible = if by_words.is_empty() {
            fuzzy_filter(&self.folded, &self.query.text)
        } else {
            by_words
        };
        self.selected = 0;
    }

    pub fn on_key(&mut self, key: KeyEvent) -> PaletteEvent {
        match key.code {
            KeyCode::Up | KeyCode::Down => {
                let action = if key.code == KeyCode::Up {
                    Action::Up
                } else {
                    Action::Down
                };
                self.selected =
                    cursor::moved(self.selected, self.visible.len(), Some(action)).unwrap_or(0)
            }
            KeyCode::Enter => {
                return match self.visible.get(self.selected).map(|&i| &self.hits[i]) {
                    Some(hit) => PaletteEvent::Open {
                        file: hit.file.clone(),
                        group: hit.group,
                    },
                    None => PaletteEvent::Stay,
                };
            }
            _ => match self.query.handle(key) {
                InputEvent::Cancel => return PaletteEvent::Cancel,
                InputEvent::Changed => self.refilter(),
                _ => {}
            },
        }
        PaletteEvent::Stay
    }

    pub fn draw(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let width = area.width.saturating_sub(4).min(100);
        let height = area.height.saturating_sub(2).min(20);
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + 1,
            width,
            height,
        };
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Buscar em tudo ", theme.title()))
            .title_bottom(Span::styled(
                " ↑↓ escolhe · Enter abre · Esc fecha ",
                theme.dim(),
            ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [query, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(format!("› {}", self.query.with_cursor())),
            query,
        );
        let items: Vec<ListItem> = self
            .visible
            .iter()
            .take(200)
            .map(|&i| ListItem::new(fit(&self.hits[i].text, list.width as usize)))
            .collect();
        let mut state = ListState::default();
        state.select((!self.visible.is_empty()).then_some(self.selected));
        frame.render_stateful_widget(
            List::new(items).highlight_style(theme.selected()),
            list,
            &mut state,
        );
    }
}
