//! Three-way merge at field level: `base` is the version an editor loaded, `ours`
//! what the editor saves, `theirs` what is in the repository now. Changes to
//! different fields (or different list items) combine; the same field changed
//! differently on both sides is a `Conflict`, reported with the three values.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::diff::{Step, render_path};
use super::tree::{Identity, Node, identity, item_key, key_names, node, rebuild_list};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    #[serde(rename = "caminho")]
    pub path: String,
    #[serde(rename = "base")]
    pub base: Option<Value>,
    #[serde(rename = "nosso")]
    pub ours: Option<Value>,
    #[serde(rename = "deles")]
    pub theirs: Option<Value>,
}

struct Merger {
    conflicts: Vec<Conflict>,
    /// Which side a conflicting value is taken from (the merge still reports it).
    prefer_ours: bool,
}

impl Merger {
    /// Merges one optional value (absent = the key or item does not exist).
    fn merge_opt(
        &mut self,
        steps: &mut Vec<Step>,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
    ) -> Option<Value> {
        if ours == theirs {
            return ours.cloned();
        }
        if ours == base {
            return theirs.cloned();
        }
        if theirs == base {
            return ours.cloned();
        }
        match (base, ours, theirs) {
            (_, Some(o), Some(t)) => Some(self.merge_values(steps, base, o, t)),
            _ => {
                // Removed on one side, changed on the other.
                self.conflict(steps, base, ours, theirs);
                if self.prefer_ours {
                    ours.cloned()
                } else {
                    theirs.cloned()
                }
            }
        }
    }

    fn conflict(
        &mut self,
        steps: &[Step],
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
    ) {
        self.conflicts.push(Conflict {
            path: render_path(steps),
            base: base.cloned(),
            ours: ours.cloned(),
            theirs: theirs.cloned(),
        });
    }

    /// Both sides have a value and both changed it.
    fn merge_values(
        &mut self,
        steps: &mut Vec<Step>,
        base: Option<&Value>,
        ours: &Value,
        theirs: &Value,
    ) -> Value {
        let empty = Map::new();
        match (node(ours), node(theirs)) {
            (Node::Object(o), Node::Object(t)) => {
                let b = match base.map(node) {
                    Some(Node::Object(b)) => b,
                    _ => &empty,
                };
                Value::Object(self.merge_objects(steps, b, o, t))
            }
            (Node::List(o), Node::List(t)) => {
                let b: &[Value] = match base.map(node) {
                    Some(Node::List(b)) => b,
                    _ => &[],
                };
                let items = self.merge_lists(steps, b, o, t);
                rebuild_list(theirs, items)
            }
            _ => {
                self.conflict(steps, base, Some(ours), Some(theirs));
                if self.prefer_ours {
                    ours.clone()
                } else {
                    theirs.clone()
                }
            }
        }
    }

    fn merge_objects(
        &mut self,
        steps: &mut Vec<Step>,
        base: &Map<String, Value>,
        ours: &Map<String, Value>,
        theirs: &Map<String, Value>,
    ) -> Map<String, Value> {
        let mut keys: Vec<&String> = theirs.keys().collect();
        keys.extend(ours.keys().filter(|k| !theirs.contains_key(*k)));
        keys.extend(
            base.keys()
                .filter(|k| !theirs.contains_key(*k) && !ours.contains_key(*k)),
        );
        let mut out = Map::new();
        for key in keys {
            steps.push(Step::Key(key.clone()));
            if let Some(value) =
                self.merge_opt(steps, base.get(key), ours.get(key), theirs.get(key))
            {
                out.insert(key.clone(), value);
            }
            steps.pop();
        }
        out
    }

    fn merge_lists(
        &mut self,
        steps: &mut Vec<Step>,
        base: &[Value],
        ours: &[Value],
        theirs: &[Value],
    ) -> Vec<Value> {
        let identity = identity(&key_names(steps), &[base, ours, theirs]);
        let list = match steps.last() {
            Some(Step::Key(key)) => key.clone(),
            _ => String::new(),
        };
        let keyed = matches!(identity, Identity::Key(_));
        let find = |items: &'_ [Value], key: &str| -> Option<usize> {
            items.iter().position(|v| item_key(v, &identity) == key)
        };
        let keys = |items: &[Value]| -> Vec<String> {
            items.iter().map(|v| item_key(v, &identity)).collect()
        };
        let order = self.merged_order(steps, &keys(base), &keys(ours), &keys(theirs));
        let mut out = Vec::new();
        for key in order {
            let b = find(base, &key).map(|i| &base[i]);
            let o = find(ours, &key).map(|i| &ours[i]);
            let t = find(theirs, &key).map(|i| &theirs[i]);
            steps.push(Step::Item {
                list: list.clone(),
                item: key.clone(),
                keyed,
            });
            if let Some(value) = self.merge_opt(steps, b, o, t) {
                out.push(value);
            }
            steps.pop();
        }
        out
    }
}

impl Merger {
    /// The order of a merged list, the same whichever side is "ours": the items
    /// both sides keep follow the side that reordered them (both reordering
    /// differently is a conflict); an item only one side has follows its nearest
    /// preceding shared item on that side, and additions of the two sides after
    /// the same item are ordered by key.
    fn merged_order(
        &mut self,
        steps: &[Step],
        base: &[String],
        ours: &[String],
        theirs: &[String],
    ) -> Vec<String> {
        let shared_in = |side: &[String], other: &[String]| -> Vec<String> {
            side.iter().filter(|k| other.contains(k)).cloned().collect()
        };
        let only_base = |keys: &[String]| -> Vec<String> {
            keys.iter().filter(|k| base.contains(k)).cloned().collect()
        };
        let shared_o = shared_in(ours, theirs);
        let shared_t = shared_in(theirs, ours);
        let shared_b: Vec<String> = base
            .iter()
            .filter(|k| ours.contains(k) && theirs.contains(k))
            .cloned()
            .collect();
        let o_kept_base_order = only_base(&shared_o) == shared_b;
        let t_kept_base_order = only_base(&shared_t) == shared_b;
        let skeleton = if shared_o == shared_t {
            shared_o
        } else if o_kept_base_order && !t_kept_base_order {
            shared_t
        } else if t_kept_base_order && !o_kept_base_order {
            shared_o
        } else if !o_kept_base_order && !t_kept_base_order {
            // Both reordered, differently: a conflict, settled by the chosen side.
            let list =
                |keys: &[String]| Value::Array(keys.iter().cloned().map(Value::String).collect());
            self.conflict(
                steps,
                Some(&list(&shared_b)),
                Some(&list(&shared_o)),
                Some(&list(&shared_t)),
            );
            if self.prefer_ours { shared_o } else { shared_t }
        } else {
            // Only the places of items both added differ: any fixed choice that
            // does not depend on the sides' roles.
            shared_o.min(shared_t)
        };
        // Additions (and items one side removed) after their anchor: index + 1
        // of the preceding shared item, 0 for the start.
        let mut after: BTreeMap<usize, Vec<Vec<String>>> = BTreeMap::new();
        for side in [ours, theirs] {
            let mut anchor = 0;
            let mut group: Vec<String> = Vec::new();
            for key in side {
                match skeleton.iter().position(|k| k == key) {
                    Some(at) => {
                        if !group.is_empty() {
                            after
                                .entry(anchor)
                                .or_default()
                                .push(std::mem::take(&mut group));
                        }
                        anchor = at + 1;
                    }
                    None => group.push(key.clone()),
                }
            }
            if !group.is_empty() {
                after.entry(anchor).or_default().push(group);
            }
        }
        let mut order = Vec::new();
        let mut place = |anchor: usize, order: &mut Vec<String>| {
            if let Some(mut groups) = after.remove(&anchor) {
                groups.sort();
                for key in groups.into_iter().flatten() {
                    if !order.contains(&key) {
                        order.push(key);
                    }
                }
            }
        };
        place(0, &mut order);
        for (i, key) in skeleton.iter().enumerate() {
            order.push(key.clone());
            place(i + 1, &mut order);
        }
        order
    }
}

/// Merges three trees and settles every conflict with one side's value: the
/// person resolving a conflict chose "theirs" (`prefer_ours == false`) or "mine
/// on top of theirs". Everything that does not conflict merges as in `merge3`.
pub fn merge3_resolving(base: &Value, ours: &Value, theirs: &Value, prefer_ours: bool) -> Value {
    let mut merger = Merger {
        conflicts: Vec::new(),
        prefer_ours,
    };
    merger
        .merge_opt(&mut Vec::new(), Some(base), Some(ours), Some(theirs))
        .unwrap_or(Value::Null)
}

/// Merges three trees. `Ok` with the merged tree, or every conflict.
pub fn merge3(base: &Value, ours: &Value, theirs: &Value) -> Result<Value, Vec<Conflict>> {
    let mut merger = Merger {
        conflicts: Vec::new(),
        prefer_ours: false,
    };
    let merged = merger
        .merge_opt(&mut Vec::new(), Some(base), Some(ours), Some(theirs))
        .unwrap_or(Value::Null);
    if merger.conflicts.is_empty() {
        Ok(merged)
    } else {
        Err(merger.conflicts)
    }
}

#[cfg(test)]
mod resolving_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_conflict_is_settled_with_the_chosen_side_and_the_rest_merges() {
        let base = json!({"a": 1, "b": 1, "c": 1});
        let ours = json!({"a": 2, "b": 1, "c": 3});
        let theirs = json!({"a": 9, "b": 5, "c": 1});
        assert!(merge3(&base, &ours, &theirs).is_err());
        assert_eq!(
            merge3_resolving(&base, &ours, &theirs, false),
            json!({"a": 9, "b": 5, "c": 3})
        );
        assert_eq!(
            merge3_resolving(&base, &ours, &theirs, true),
            json!({"a": 2, "b": 5, "c": 3})
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_to_different_fields_combine() {
        let base = json!({"nome": "A", "descricao": "x", "campos": [{"id": "nome", "fonte": "f"}]});
        let ours = json!({"nome": "B", "descricao": "x", "campos": [{"id": "nome", "fonte": "f"}, {"id": "cpf"}]});
        let theirs =
            json!({"nome": "A", "descricao": "y", "campos": [{"id": "nome", "fonte": "g"}]});
        let merged = merge3(&base, &ours, &theirs).unwrap();
        assert_eq!(
            merged,
            json!({"nome": "B", "descricao": "y", "campos": [{"id": "nome", "fonte": "g"}, {"id": "cpf"}]})
        );
    }

    #[test]
    fn same_field_changed_differently_is_a_conflict_with_three_values() {
        let base = json!({"campos": [{"id": "cpf", "base_legal": "art7-iii"}]});
        let ours = json!({"campos": [{"id": "cpf", "base_legal": "art7-ii"}]});
        let theirs = json!({"campos": [{"id": "cpf", "base_legal": "art7-v"}]});
        let conflicts = merge3(&base, &ours, &theirs).unwrap_err();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].path, "campos[cpf].base_legal");
        assert_eq!(conflicts[0].ours, Some(json!("art7-ii")));
        assert_eq!(conflicts[0].theirs, Some(json!("art7-v")));
    }

    #[test]
    fn same_change_on_both_sides_is_not_a_conflict() {
        let base = json!({"a": 1});
        let both = json!({"a": 2});
        assert_eq!(merge3(&base, &both, &both).unwrap(), both);
    }

    #[test]
    fn removal_against_modification_conflicts() {
        let base = json!({"campos": [{"id": "rg", "fonte": "a"}]});
        let ours = json!({"campos": []});
        let theirs = json!({"campos": [{"id": "rg", "fonte": "b"}]});
        let conflicts = merge3(&base, &ours, &theirs).unwrap_err();
        assert_eq!(conflicts[0].path, "campos[rg]");
    }

    #[test]
    fn sets_of_texts_merge_additions_and_removals() {
        let base = json!({"operacoes": ["coleta", "uso"]});
        let ours = json!({"operacoes": ["coleta", "uso", "eliminacao"]});
        let theirs = json!({"operacoes": ["coleta"]});
        assert_eq!(
            merge3(&base, &ours, &theirs).unwrap(),
            json!({"operacoes": ["coleta", "eliminacao"]})
        );
    }

    #[test]
    fn sections_stay_sections() {
        let base = json!({"s": {"Lista": [{"id": "a", "x": 1}]}});
        let ours = json!({"s": {"Lista": [{"id": "a", "x": 2}]}});
        let theirs = json!({"s": {"Lista": [{"id": "a", "x": 1}, {"id": "b"}]}});
        assert_eq!(
            merge3(&base, &ours, &theirs).unwrap(),
            json!({"s": {"Lista": [{"id": "a", "x": 2}, {"id": "b"}]}})
        );
    }
}
