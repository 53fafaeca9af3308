//! The popup that edits one value: a text input (one or several lines, numbers,
//! dates, retention periods) or a picker (catalog ids with fuzzy search, closed
//! lists, yes/no, the process's own fields and purposes). It turns the user's
//! answer into the value to store, or explains why it cannot.

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};
use serde_json::Value;

use super::super::form::{self, Path, catalog_entries};
use super::super::theme::Theme;
use super::super::widgets::{Choice, InputEvent, Picker, PickerEvent, TextInput, fit, wrap};
use crate::catalog::Catalogs;
use crate::keys::Kind;
use crate::model::Institution;
use crate::model::choices::ANSWERS;
use crate::model::retention::{EVENT, YEARS};

/// The value meaning "clear this field".
const CLEAR: &str = "\u{0}limpar";

pub enum Widget {
    Input(TextInput),
    Pick(Picker),
}

pub struct Editor {
    pub path: Path,
    pub kind: Kind,
    pub title: String,
    pub widget: Widget,
    pub error: Option<String>,
    /// The text the input started with, to know whether anything was typed.
    initial: String,
}

/// What the editor produced.
pub enum EditorEvent {
    Stay,
    Cancel,
    /// The new value (`None` clears an optional field).
    Done(Option<Value>),
}

fn choices(pairs: impl IntoIterator<Item = (String, String)>) -> Vec<Choice> {
    pairs
        .into_iter()
        .map(|(value, label)| Choice { value, label })
        .collect()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn ids(tree: &Value, list: &str) -> Vec<(String, String)> {
    tree.get(list)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let id = item.get("id")?.as_str()?.to_owned();
                    let label = item
                        .get("descricao")
                        .or_else(|| item.get("campo"))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    Some((id, label))
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Editor {
    /// An editor for the value at `path`, given the whole tree (for the process's
    /// own fields and purposes) and the catalogs.
    pub fn new(
        title: String,
        path: Path,
        kind: Kind,
        required: bool,
        tree: &Value,
        catalogs: &Catalogs,
        institution: &Institution,
    ) -> Editor {
        let current = super::super::form::get(tree, &path);
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let optional = |mut list: Vec<Choice>| {
            if !required {
                list.push(Choice {
                    value: CLEAR.to_owned(),
                    label: "(não preenchido)".to_owned(),
                });
            }
            list
        };
        let one = |list: Vec<Choice>, current: Option<&Value>| {
            Widget::Pick(Picker::new(
                optional(list),
                false,
                current
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .into_iter()
                    .collect(),
            ))
        };
        let many = |list: Vec<Choice>, current: Option<&Value>| {
            Widget::Pick(Picker::new(list, true, strings(current)))
        };
        let closed = |options: &[(&str, &str)]| {
            choices(
                options
                    .iter()
                    .map(|(v, l)| ((*v).to_owned(), (*l).to_owned())),
            )
        };
        let widget = match kind {
            Kind::LongText => Widget::Input(TextInput::new(&text(current), true)),
            Kind::Period => Widget::Input(TextInput::new(
                &match current {
                    Some(Value::Object(map)) => map
                        .get(YEARS)
                        .map(ToString::to_string)
                        .or_else(|| map.get(EVENT).and_then(Value::as_str).map(str::to_owned))
                        .unwrap_or_default(),
                    _ => String::new(),
                },
                false,
            )),
            Kind::Answer => one(
                choices(
                    ANSWERS
                        .iter()
                        .map(|(v, l)| ((*v).to_owned(), form::capitalized(l))),
                ),
                current,
            ),
            Kind::Choice(options) => one(closed(options), current),
            Kind::TextList => Widget::Input(TextInput::new(&strings(current).join(", "), false)),
            Kind::ChoiceList(options) => many(closed(options), current),
            Kind::Catalog(file) => one(choices(catalog_entries(catalogs, file)), current),
            Kind::CatalogList(file) => many(choices(catalog_entries(catalogs, file)), current),
            Kind::FieldRefs => many(choices(ids(tree, "campos")), current),
            Kind::PurposeRefs => many(choices(ids(tree, "finalidades")), current),
            Kind::PurposeRef => one(choices(ids(tree, "finalidades")), current),
            Kind::AccessLevel => one(
                choices(
                    institution
                        .policy
                        .access_levels
                        .iter()
                        .map(|l| (l.clone(), l.clone())),
                ),
                current,
            ),
            _ => Widget::Input(TextInput::new(&text(current), false)),
        };
        let initial = match &widget {
            Widget::Input(input) => input.text.clone(),
            Widget::Pick(_) => String::new(),
        };
        Editor {
            path,
            kind,
            title,
            widget,
            error: None,
            initial,
        }
    }

    /// An editor that only shows a picker (the section choice).
    pub fn with_picker(title: &str, picker: Picker) -> Editor {
        Editor {
            path: Vec::new(),
            kind: Kind::Text,
            title: title.to_owned(),
            widget: Widget::Pick(picker),
            error: None,
            initial: String::new(),
        }
    }

    /// The text typed and not yet confirmed, if the user changed anything.
    pub fn typed(&self) -> Option<&str> {
        match &self.widget {
            Widget::Input(input) if input.text != self.initial => Some(&input.text),
            _ => None,
        }
    }

    /// Puts back text that was being typed when a session ended.
    pub fn restore_typed(&mut self, text: &str) {
        if let Widget::Input(input) = &mut self.widget {
            *input = TextInput::new(text, input.multiline);
        }
    }

    pub fn paste(&mut self, text: &str) {
        match &mut self.widget {
            Widget::Input(input) => input.insert(text),
            Widget::Pick(picker) => picker.query.insert(text),
        }
    }

    /// Converts typed text to the stored value for this kind.
    fn parse(&self, text: &str) -> Result<Option<Value>, String> {
        let text = text.trim_end_matches('\n');
        if text.trim().is_empty() {
            return Ok(None);
        }
        match self.kind {
            Kind::Number => text
                .trim()
                .parse::<u64>()
                .map(|n| Some(Value::from(n)))
                .map_err(|_| format!("\"{text}\" não é um número inteiro")),
            Kind::Date => {
                let t = text.trim();
                NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
                    .map(|d| Some(Value::from(d.format("%Y-%m-%d").to_string())))
                    .map_err(|_| format!("\"{t}\" não é uma data (use DD/MM/AAAA ou AAAA-MM-DD)"))
            }
            Kind::Period => {
                let t = text.trim();
                let mut map = serde_json::Map::new();
                match t.parse::<u32>() {
                    Ok(years) => map.insert(YEARS.to_owned(), Value::from(years)),
                    Err(_) => map.insert(EVENT.to_owned(), Value::from(t)),
                };
                Ok(Some(Value::Object(map)))
            }
            Kind::TextList => Ok(Some(Value::Array(
                text.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(Value::from)
                    .collect(),
            ))),
            _ => Ok(Some(Value::from(text))),
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) -> EditorEvent {
        self.error = None;
        match &mut self.widget {
            Widget::Input(input) => match input.handle(key) {
                InputEvent::Cancel => EditorEvent::Cancel,
                InputEvent::Submit => {
                    let text = input.text.clone();
                    match self.parse(&text) {
                        Ok(value) => EditorEvent::Done(value),
                        Err(why) => {
                            self.error = Some(why);
                            EditorEvent::Stay
                        }
                    }
                }
                _ => EditorEvent::Stay,
            },
            Widget::Pick(picker) => match picker.handle(key) {
                PickerEvent::Cancel => EditorEvent::Cancel,
                PickerEvent::Moved => EditorEvent::Stay,
                PickerEvent::Done(values) if picker.multiple => EditorEvent::Done(Some(
                    Value::Array(values.into_iter().map(Value::from).collect()),
                )),
                PickerEvent::Done(values) => match values.into_iter().next() {
                    Some(v) if v == CLEAR => EditorEvent::Done(None),
                    Some(v) => EditorEvent::Done(Some(Value::from(v))),
                    None => EditorEvent::Stay,
                },
            },
        }
    }

    pub fn draw(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let width = area.width.saturating_sub(4).clamp(20, 100);
        let height = match self.widget {
            Widget::Input(ref input) if !input.multiline => 7,
            _ => area.height.saturating_sub(2).clamp(6, 20),
        };
        let popup = Rect {
            x: area.x + (area.width.saturating_sub(width)) / 2,
            y: area.y + (area.height.saturating_sub(height)) / 2,
            width,
            height: height.min(area.height),
        };
        frame.render_widget(Clear, popup);
        let hint = match &self.widget {
            Widget::Input(i) if i.multiline => {
                "Enter quebra a linha · Ctrl-D conclui · Esc cancela"
            }
            Widget::Input(_) => "Enter conclui · vazio = não preenchido · Esc cancela",
            Widget::Pick(p) if p.multiple => {
                "digite para filtrar · Espaço marca · Enter conclui · Esc cancela"
            }
            Widget::Pick(_) => "digite para filtrar · Enter escolhe · Esc cancela",
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(
                format!(" {} ", fit(&self.title, width as usize - 4)),
                theme.title(),
            ))
            .title_bottom(Span::styled(
                format!(" {} ", fit(hint, width as usize - 4)),
                theme.dim(),
            ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        // The reason for a refusal is wrapped, never cut (up to three lines).
        let error_lines = self.error.as_deref().map_or(1, |why| {
            let width = usize::from(inner.width.max(1));
            unicode_width::UnicodeWidthStr::width(why)
                .div_ceil(width)
                .clamp(1, 3)
        });
        let [body, error] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(error_lines as u16)])
                .areas(inner);
        match &self.widget {
            Widget::Input(input) => {
                // Wrapped here, so the view can follow the cursor: past the
                // last visible line, the text scrolls.
                let lines = wrap(&input.with_cursor(), usize::from(body.width));
                let cursor_line = lines.iter().position(|l| l.contains('▏')).unwrap_or(0);
                let height = usize::from(body.height.max(1));
                let first = (cursor_line + 1).saturating_sub(height);
                let shown: Vec<Line> = lines
                    .into_iter()
                    .skip(first)
                    .take(height)
                    .map(Line::from)
                    .collect();
                frame.render_widget(Paragraph::new(shown), body);
            }
            Widget::Pick(picker) => {
                let [query, list_area] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
                frame.render_widget(
                    Paragraph::new(format!("Filtro: {}", picker.query.with_cursor())),
                    query,
                );
                let items: Vec<ListItem> = picker
                    .visible
                    .iter()
                    .map(|&i| {
                        let c = &picker.choices[i];
                        let mark = if picker.multiple {
                            if picker.chosen.contains(&c.value) {
                                "[x] "
                            } else {
                                "[ ] "
                            }
                        } else {
                            ""
                        };
                        let shown = if c.value == CLEAR || c.value == c.label {
                            c.label.clone()
                        } else {
                            format!("{} — {}", c.value, c.label)
                        };
                        ListItem::new(fit(&format!("{mark}{shown}"), list_area.width as usize))
                    })
                    .collect();
                let mut state = ListState::default();
                state.select((!picker.visible.is_empty()).then_some(picker.selected));
                frame.render_stateful_widget(
                    List::new(items).highlight_style(theme.selected()),
                    list_area,
                    &mut state,
                );
            }
        }
        if let Some(why) = &self.error {
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(why.as_str(), theme.error())))
                    .wrap(Wrap { trim: true }),
                error,
            );
        }
    }
}
