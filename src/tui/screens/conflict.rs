//! The conflict screen: someone else saved the same fields while the user was
//! editing. Each field shows its value before, theirs and the user's; the user
//! takes theirs, takes theirs and edits again, or applies theirs then their own
//! on top. Resolving makes their version (HEAD) the new base, so the next save
//! goes through. Nothing is lost on the way: the user's version stays in the
//! draft and in the undo history, and taking theirs asks for a second key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use serde_json::Value;

use super::super::form::{Path, Step};
use super::super::theme::Theme;
use crate::history::CommitId;
use crate::semantic::labels::show_value_at;
use crate::semantic::{Conflict, tree::LIST_VARIANT};

/// How the user settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Their value in every conflicting field.
    Theirs,
    /// Their value, then the editor on the first conflicting field.
    TheirsAndEdit,
    /// Their version, with the user's value on top in the conflicting fields.
    MineOnTop,
}

pub struct ConflictView {
    pub fields: Vec<Conflict>,
    pub head: CommitId,
    /// Their whole version, as a tree.
    pub theirs: Value,
    /// A resolution that drops the user's values, waiting for its second key.
    pub pending: Option<Resolution>,
    pub scroll: u16,
}

/// The key names of a finding-style path (`campos[cpf].base_legal`).
fn key_names(path: &str) -> Vec<&str> {
    crate::keys::parse_path(path)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|step| match step {
            crate::keys::PathStep::Key(key) => Some(key),
            crate::keys::PathStep::Item(_) => None,
        })
        .collect()
}

fn value_text(path: &str, value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "— não preenchido".to_owned(),
        Some(v) => show_value_at(&key_names(path), v),
    }
}

/// "nome", "campos[cpf] › base legal": the field, with the label of its key.
fn field_title(path: &str) -> String {
    let label = crate::keys::label_at(&key_names(path));
    match path.rsplit_once('.') {
        Some((parent, _)) => format!("{parent} › {label}"),
        None if path.contains('[') => path.to_owned(),
        None => label.to_owned(),
    }
}

impl ConflictView {
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            "Outra pessoa salvou os mesmos campos desde que você abriu o processo. Sua versão está guardada no rascunho e nada foi perdido.".to_owned(),
            String::new(),
        ];
        for field in &self.fields {
            lines.push(format!("• {}", field_title(&field.path)));
            lines.push(format!(
                "    antes:  {}",
                value_text(&field.path, field.base.as_ref())
            ));
            lines.push(format!(
                "    deles:  {}",
                value_text(&field.path, field.theirs.as_ref())
            ));
            lines.push(format!(
                "    seus:   {}",
                value_text(&field.path, field.ours.as_ref())
            ));
        }
        lines.push(String::new());
        lines.push(match self.pending {
            Some(Resolution::Theirs) | Some(Resolution::TheirsAndEdit) => {
                "Seus valores nesses campos serão trocados pelos deles: a mesma tecla de novo confirma; outra tecla volta.".to_owned()
            }
            _ => "t  fica a versão deles    e  fica a deles e edito    m  aplico a minha por cima    Esc  decido depois".to_owned(),
        });
        lines
    }

    /// Scrolls by `rows` (negative: up).
    pub fn scroll_by(&mut self, rows: i32) {
        self.scroll = u16::try_from((i32::from(self.scroll) + rows).max(0)).unwrap_or(0);
    }

    pub fn draw(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let popup = Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(2),
        };
        frame.render_widget(Clear, popup);
        let text: Vec<Line> = self.lines().into_iter().map(Line::from).collect();
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(Span::styled(" Conflito ao salvar ", theme.title()))
                        .title_bottom(Span::styled(" j/k PgUp/PgDn rolam ", theme.dim())),
                ),
            popup,
        );
    }
}

/// The path in the value tree of a field named as in a conflict
/// (`campos[cpf].base_legal`): items are found by id (or `tipo`, or value), and
/// the `Lista` of a section is stepped into.
pub fn tree_path(tree: &Value, rendered: &str) -> Option<Path> {
    let mut path = Vec::new();
    let mut node = tree;
    let segments: Vec<&str> = rendered.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let (key, item) = match segment.split_once('[') {
            Some((key, rest)) => (key, Some(rest.strip_suffix(']')?)),
            None => (*segment, None),
        };
        path.push(Step::Key(key.to_owned()));
        // The last key may be absent (a field cleared on one side).
        if item.is_none() && i + 1 == segments.len() {
            break;
        }
        node = node.get(key)?;
        if let Some(item) = item {
            if let Some(list) = node.get(LIST_VARIANT) {
                path.push(Step::Key(LIST_VARIANT.to_owned()));
                node = list;
            }
            let index = node.as_array()?.iter().position(|v| {
                v.get("id").and_then(Value::as_str) == Some(item)
                    || v.get("tipo").and_then(Value::as_str) == Some(item)
                    || v.as_str() == Some(item)
            })?;
            path.push(Step::Index(index));
            node = &node.as_array()?[index];
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_conflict_path_leads_to_its_place_in_the_tree() {
        let tree = json!({
            "nome": "x",
            "campos": [{"id": "nome"}, {"id": "cpf", "base_legal": "art7-ii"}],
            "compartilhamento": {"Lista": [{"id": "inss"}]},
        });
        assert_eq!(
            tree_path(&tree, "nome"),
            Some(vec![Step::Key("nome".into())])
        );
        assert_eq!(
            tree_path(&tree, "campos[cpf].base_legal"),
            Some(vec![
                Step::Key("campos".into()),
                Step::Index(1),
                Step::Key("base_legal".into())
            ])
        );
        assert_eq!(
            tree_path(&tree, "compartilhamento[inss].destinatario"),
            Some(vec![
                Step::Key("compartilhamento".into()),
                Step::Key("Lista".into()),
                Step::Index(0),
                Step::Key("destinatario".into())
            ])
        );
        assert_eq!(tree_path(&tree, "campos[rg].base_legal"), None);
    }
}
