//! Small interactive pieces shared by the screens: a text input (one or several
//! lines) that measures by display width, a fuzzy picker (choose one or many), and
//! text helpers (fit to a width, strip control characters from user data).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub use crate::text::fold;

/// Indexes of `texts` (already folded) matching `query` fuzzily, best first; all
/// of them, in order, for an empty query.
pub fn fuzzy_filter(texts: &[String], query: &str) -> Vec<usize> {
    let query = fold(query.trim());
    if query.is_empty() {
        return (0..texts.len()).collect();
    }
    let matcher = SkimMatcherV2::default();
    let mut scored: Vec<(i64, usize)> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, text)| matcher.fuzzy_match(text, &query).map(|score| (score, i)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// Removes control characters (a file may hold any text; the screen may not).
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Cuts `text` to `width` display columns, with "…" when cut.
pub fn fit(text: &str, width: usize) -> String {
    let text = clean(text);
    if text.width() <= width {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Breaks `text` into lines of at most `width` display columns, at spaces where
/// possible (a longer word is split), keeping the text's own line breaks.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in clean_keeping_newlines(text).split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split_inclusive(' ') {
            let w = word.width();
            if used + w.min(width) > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        lines.push(line);
    }
    lines
}

/// The part of `lines` that fits in `visible` rows from `scroll` on (clamped so
/// the end is reachable), with its last row saying how much more there is and
/// which `keys` scroll, when it does not all fit.
pub fn scroll_window(
    lines: &[String],
    scroll: usize,
    visible: usize,
    keys: &str,
) -> (Vec<String>, bool) {
    let visible = visible.max(1);
    let first = scroll.min(lines.len().saturating_sub(visible));
    let mut shown: Vec<String> = lines.iter().skip(first).take(visible).cloned().collect();
    let more = first + visible < lines.len();
    if more && let Some(last) = shown.last_mut() {
        *last = format!(
            "… mais {} linha(s): {keys}",
            lines.len() - first - visible + 1
        );
    }
    (shown, more)
}

/// `clean`, but line breaks stay (they are the text's own).
fn clean_keeping_newlines(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// Pads or cuts `text` to exactly `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let fitted = fit(text, width);
    let w = fitted.width();
    format!("{fitted}{}", " ".repeat(width.saturating_sub(w)))
}

/// What a key did to an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputEvent {
    Changed,
    Submit,
    Cancel,
    Ignored,
}

/// An editable text with a cursor (a char index).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextInput {
    pub text: String,
    cursor: usize,
    pub multiline: bool,
}

impl TextInput {
    pub fn new(text: &str, multiline: bool) -> Self {
        Self {
            text: text.to_owned(),
            cursor: text.chars().count(),
            multiline,
        }
    }

    fn byte_at(&self, index: usize) -> usize {
        self.text
            .char_indices()
            .nth(index)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub fn insert(&mut self, s: &str) {
        let s: String = if self.multiline {
            s.replace('\r', "")
        } else {
            s.replace(['\r', '\n'], " ")
        };
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &s);
        self.cursor += s.chars().count();
    }

    /// Handles a key. One line: Enter submits. Several lines: Enter breaks the
    /// line and Ctrl-D submits. Esc cancels.
    pub fn handle(&mut self, key: KeyEvent) -> InputEvent {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => InputEvent::Cancel,
            KeyCode::Char('d') if ctrl => InputEvent::Submit,
            KeyCode::Enter if self.multiline => {
                self.insert("\n");
                InputEvent::Changed
            }
            KeyCode::Enter => InputEvent::Submit,
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
                InputEvent::Changed
            }
            KeyCode::Char(c) if !ctrl => {
                self.insert(&c.to_string());
                InputEvent::Changed
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                InputEvent::Changed
            }
            KeyCode::Delete if self.cursor < self.text.chars().count() => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                InputEvent::Changed
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                InputEvent::Changed
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.text.chars().count());
                InputEvent::Changed
            }
            KeyCode::Home => {
                self.cursor = 0;
                InputEvent::Changed
            }
            KeyCode::End => {
                self.cursor = self.text.chars().count();
                InputEvent::Changed
            }
            _ => InputEvent::Ignored,
        }
    }

    /// The text with a visible cursor mark, for drawing (`▏` at the cursor).
    pub fn with_cursor(&self) -> String {
        let at = self.byte_at(self.cursor);
        format!("{}▏{}", &self.text[..at], &self.text[at..])
    }
}

/// One option of a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value stored (a catalog id, an enum variant).
    pub value: String,
    /// What the user reads.
    pub label: String,
}

/// Choose one or several options, filtering by typing (fuzzy).
#[derive(Debug, Clone)]
pub struct Picker {
    pub choices: Vec<Choice>,
    pub multiple: bool,
    pub chosen: Vec<String>,
    pub query: TextInput,
    /// Indexes into `choices` that match the query, best first.
    pub visible: Vec<usize>,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerEvent {
    Moved,
    Done(Vec<String>),
    Cancel,
}

impl Picker {
    pub fn new(choices: Vec<Choice>, multiple: bool, chosen: Vec<String>) -> Self {
        let mut picker = Self {
            visible: (0..choices.len()).collect(),
            choices,
            multiple,
            selected: 0,
            query: TextInput::new("", false),
            chosen,
        };
        if !multiple && let Some(current) = picker.chosen.first() {
            picker.selected = picker
                .choices
                .iter()
                .position(|c| &c.value == current)
                .unwrap_or(0);
        }
        picker
    }

    fn refilter(&mut self) {
        let texts: Vec<String> = self
            .choices
            .iter()
            .map(|c| fold(&format!("{} {}", c.value, c.label)))
            .collect();
        self.visible = fuzzy_filter(&texts, &self.query.text);
        self.selected = 0;
    }

    pub fn handle(&mut self, key: KeyEvent) -> PickerEvent {
        match key.code {
            KeyCode::Esc => PickerEvent::Cancel,
            KeyCode::Up => {
                self.selected = self.selected.saturating_sub(1);
                PickerEvent::Moved
            }
            KeyCode::Down => {
                if self.selected + 1 < self.visible.len() {
                    self.selected += 1;
                }
                PickerEvent::Moved
            }
            KeyCode::PageUp => {
                self.selected = self.selected.saturating_sub(10);
                PickerEvent::Moved
            }
            KeyCode::PageDown => {
                self.selected = (self.selected + 10).min(self.visible.len().saturating_sub(1));
                PickerEvent::Moved
            }
            KeyCode::Char(' ') if self.multiple => {
                if let Some(&i) = self.visible.get(self.selected) {
                    let value = self.choices[i].value.clone();
                    match self.chosen.iter().position(|v| *v == value) {
                        Some(at) => {
                            self.chosen.remove(at);
                        }
                        None => self.chosen.push(value),
                    }
                }
                PickerEvent::Moved
            }
            KeyCode::Enter if self.multiple => PickerEvent::Done(self.chosen.clone()),
            KeyCode::Enter => match self.visible.get(self.selected) {
                Some(&i) => PickerEvent::Done(vec![self.choices[i].value.clone()]),
                None => PickerEvent::Moved,
            },
            _ => {
                if self.query.handle(key) == InputEvent::Changed {
                    self.refilter();
                }
                PickerEvent::Moved
            }
        }
    }
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_keeps_every_character() {
        let text = "Pagar a remuneração e os proventos dos servidores ativos";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
        assert_eq!(lines.concat(), text);
        assert_eq!(lines[0], "Pagar a remuneração ");
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn text_input_edits_by_character_not_byte() {
        let mut input = TextInput::new("açaí", false);
        input.handle(key(KeyCode::Backspace));
        input.handle(key(KeyCode::Left));
        input.handle(key(KeyCode::Char('ã')));
        assert_eq!(input.text, "açãa");
        assert_eq!(input.handle(key(KeyCode::Enter)), InputEvent::Submit);
        let mut multi = TextInput::new("a", true);
        multi.handle(key(KeyCode::Enter));
        multi.insert("b");
        assert_eq!(multi.text, "a\nb");
        assert_eq!(
            multi.handle(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            InputEvent::Submit
        );
    }

    #[test]
    fn fit_measures_display_width_and_strips_control_characters() {
        assert_eq!(fit("processo\x1b[31m", 40), "processo [31m");
        assert_eq!(fit("ｗｉｄｅ", 5), "ｗｉ…");
        assert_eq!(pad("ab", 4), "ab  ");
    }

    #[test]
    fn matching_ignores_accents_and_case() {
        let texts = vec![
            fold("Cumprimento de obrigação legal"),
            fold("Consentimento"),
        ];
        assert_eq!(fuzzy_filter(&texts, "OBRIGACAO legal"), vec![0]);
        assert_eq!(fuzzy_filter(&texts, ""), vec![0, 1]);
    }

    #[test]
    fn picker_filters_fuzzily_and_toggles_many() {
        let choices = ["cpf", "rg", "cnh"]
            .iter()
            .map(|v| Choice {
                value: (*v).into(),
                label: format!("campo {v}"),
            })
            .collect();
        let mut picker = Picker::new(choices, true, vec![]);
        picker.handle(key(KeyCode::Char('c')));
        picker.handle(key(KeyCode::Char('h')));
        assert_eq!(picker.visible.len(), 1);
        picker.handle(key(KeyCode::Char(' ')));
        assert_eq!(
            picker.handle(key(KeyCode::Enter)),
            PickerEvent::Done(vec!["cnh".into()])
        );
    }
}
