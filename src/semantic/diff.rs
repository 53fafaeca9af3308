//! The semantic diff: what changed between two versions of a process, per field,
//! with list items matched by id (not position), each change carrying its path
//! in on-disk keys (`campos[cpf].base_legal`) and the old and new values.

use serde::Serialize;
use serde_json::Value;

use super::tree::{Identity, Node, identity, item_key, key_names, node};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChangeKind {
    #[serde(rename = "adicionado")]
    Added,
    #[serde(rename = "removido")]
    Removed,
    #[serde(rename = "alterado")]
    Changed,
}

/// One step of a path: a key, or a list item named by its identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Step {
    Key(String),
    Item {
        /// The list's key.
        list: String,
        /// The item's id (or its value, for lists of texts).
        item: String,
        /// Whether the item is an object named by an id (`campos[cpf]`) rather
        /// than a value in a set (`operacoes` gaining `"coleta"`).
        keyed: bool,
    },
}

/// One change found by the diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    #[serde(rename = "tipo")]
    pub kind: ChangeKind,
    #[serde(skip)]
    pub steps: Vec<Step>,
    #[serde(rename = "caminho")]
    pub path: String,
    #[serde(rename = "antes")]
    pub old: Option<Value>,
    #[serde(rename = "depois")]
    pub new: Option<Value>,
}

/// Renders steps as `campos[cpf].base_legal`.
pub fn render_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Item { item, .. } => {
                out.push('[');
                out.push_str(item);
                out.push(']');
            }
        }
    }
    out
}

struct Walker {
    changes: Vec<Change>,
}

impl Walker {
    fn push(&mut self, kind: ChangeKind, steps: &[Step], old: Option<&Value>, new: Option<&Value>) {
        self.changes.push(Change {
            kind,
            steps: steps.to_vec(),
            path: render_path(steps),
            old: old.cloned(),
            new: new.cloned(),
        });
    }

    fn walk(&mut self, steps: &mut Vec<Step>, old: &Value, new: &Value) {
        if old == new {
            return;
        }
        match (node(old), node(new)) {
            (Node::Object(a), Node::Object(b)) => {
                for (key, new_value) in b {
                    steps.push(Step::Key(key.clone()));
                    match a.get(key) {
                        Some(old_value) => self.walk(steps, old_value, new_value),
                        None => self.push(ChangeKind::Added, steps, None, Some(new_value)),
                    }
                    steps.pop();
                }
                for (key, old_value) in a {
                    if !b.contains_key(key) {
                        steps.push(Step::Key(key.clone()));
                        self.push(ChangeKind::Removed, steps, Some(old_value), None);
                        steps.pop();
                    }
                }
            }
            (Node::List(a), Node::List(b)) => self.walk_list(steps, a, b),
            _ => self.push(ChangeKind::Changed, steps, Some(old), Some(new)),
        }
    }

    fn walk_list(&mut self, steps: &mut Vec<Step>, old: &[Value], new: &[Value]) {
        let identity = identity(&key_names(steps), &[old, new]);
        let list = match steps.last() {
            Some(Step::Key(key)) => key.clone(),
            _ => String::new(),
        };
        let keyed = matches!(identity, Identity::Key(_));
        let key_of = |v: &Value| item_key(v, &identity);
        let old_keys: Vec<String> = old.iter().map(key_of).collect();
        let new_keys: Vec<String> = new.iter().map(key_of).collect();
        for (value, key) in new.iter().zip(&new_keys) {
            steps.push(Step::Item {
                list: list.clone(),
                item: key.clone(),
                keyed,
            });
            match old_keys.iter().position(|k| k == key) {
                Some(i) if keyed => self.walk(steps, &old[i], value),
                Some(_) => {}
                None => self.push(ChangeKind::Added, steps, None, Some(value)),
            }
            steps.pop();
        }
        for (value, key) in old.iter().zip(&old_keys) {
            if !new_keys.contains(key) {
                steps.push(Step::Item {
                    list: list.clone(),
                    item: key.clone(),
                    keyed,
                });
                self.push(ChangeKind::Removed, steps, Some(value), None);
                steps.pop();
            }
        }
    }
}

/// Every change from `old` to `new` (trees from `tree::to_tree`).
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut walker = Walker {
        changes: Vec::new(),
    };
    walker.walk(&mut Vec::new(), old, new);
    walker.changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_items_are_matched_by_id_not_position() {
        let old = json!({"campos": [{"id": "nome", "base_legal": "art7-iii"}, {"id": "email", "base_legal": "art7-iii"}]});
        let new = json!({"campos": [{"id": "cpf", "base_legal": "art7-ii"}, {"id": "nome", "base_legal": "art7-iii"}, {"id": "email", "base_legal": "art7-ii"}]});
        let changes = diff(&old, &new);
        let summary: Vec<(ChangeKind, &str)> =
            changes.iter().map(|c| (c.kind, c.path.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (ChangeKind::Added, "campos[cpf]"),
                (ChangeKind::Changed, "campos[email].base_legal"),
            ]
        );
        assert_eq!(changes[1].old, Some(json!("art7-iii")));
        assert_eq!(changes[1].new, Some(json!("art7-ii")));
    }

    #[test]
    fn lists_of_texts_behave_as_sets() {
        let old = json!({"operacoes": ["coleta", "armazenamento"]});
        let new = json!({"operacoes": ["armazenamento", "coleta", "eliminacao"]});
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, "operacoes[eliminacao]");
        assert_eq!(changes[0].kind, ChangeKind::Added);
    }

    #[test]
    fn sections_descend_into_their_list_and_variants_are_atoms() {
        let old = json!({"compartilhamentos": {"Lista": [{"id": "mec", "finalidade": "a"}]}, "transferencias_internacionais": "NaoPreenchido"});
        let new = json!({"compartilhamentos": {"Lista": [{"id": "mec", "finalidade": "b"}]}, "transferencias_internacionais": "NaoSeAplica"});
        let paths: Vec<String> = diff(&old, &new).into_iter().map(|c| c.path).collect();
        assert_eq!(
            paths,
            vec![
                "compartilhamentos[mec].finalidade",
                "transferencias_internacionais"
            ]
        );
        let old = json!({"fase": {"Anos": 5}});
        let new = json!({"fase": {"Anos": 7}});
        assert_eq!(diff(&old, &new)[0].path, "fase");
    }

    #[test]
    fn removed_keys_and_items_are_reported() {
        let old = json!({"email": "a@b", "campos": [{"id": "rg"}]});
        let new = json!({"campos": []});
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 2);
        assert!(changes.iter().all(|c| c.kind == ChangeKind::Removed));
    }
}
