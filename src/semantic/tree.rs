//! The model as a tree of values with its on-disk (Portuguese) keys, which is what
//! the diff and the merge walk: objects, lists matched by identity, and atomic
//! values (texts, numbers, enum variants such as `Anos(5)` or `NaoSeAplica`).

use serde_json::{Map, Value};

use super::diff::Step;

/// Converts a model value to its tree. Serializing the model's plain data types
/// cannot fail; a failure would give `Null`, which diffs as "everything changed".
pub fn to_tree<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The shape of a node, as the diff and merge see it.
pub enum Node<'a> {
    Object(&'a Map<String, Value>),
    /// A section filled in (`Lista([...])`) or a plain list.
    List(&'a [Value]),
    /// Anything compared as a whole.
    Atom(&'a Value),
}

pub use crate::model::applicability::LIST_VARIANT;

/// Whether an object is an enum variant with data, like `{"Anos": 5}`: one key
/// that starts with an uppercase letter.
fn is_variant(map: &Map<String, Value>) -> bool {
    map.len() == 1
        && map
            .keys()
            .next()
            .is_some_and(|k| k.starts_with(|c: char| c.is_ascii_uppercase()))
}

pub fn node(value: &Value) -> Node<'_> {
    match value {
        Value::Array(items) => Node::List(items),
        Value::Object(map) if is_variant(map) => match map.get(LIST_VARIANT) {
            Some(Value::Array(items)) => Node::List(items),
            _ => Node::Atom(value),
        },
        Value::Object(map) => Node::Object(map),
        other => Node::Atom(other),
    }
}

/// How the items of a list are matched across versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// Objects with a unique value under this key (`id`, `grupo`…).
    Key(&'static str),
    /// Items compared as whole values: lists of texts (`operacoes`) behave as sets.
    Value,
}

fn unique_under(items: &[Value], key: &str) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    items.iter().all(|item| match item.get(key) {
        Some(Value::String(s)) => seen.insert(s.as_str()),
        _ => false,
    })
}

/// The key names of a path, items left out: what `keys::find` looks up.
pub fn key_names(steps: &[Step]) -> Vec<&str> {
    steps
        .iter()
        .filter_map(|s| match s {
            Step::Key(key) => Some(key.as_str()),
            Step::Item { .. } => None,
        })
        .collect()
}

/// The identity of the list at `list` (key names from the document's top) that
/// works for every version at once: the identity key its description gives
/// (`keys`), or `id` for a list no document describes, as long as every version
/// has a unique value under it; otherwise items compare as whole values (a file
/// edited by hand with a repeated id still diffs and merges).
pub fn identity(list: &[&str], versions: &[&[Value]]) -> Identity {
    let key = crate::keys::identity_at(list).or_else(|| match crate::keys::find(list) {
        Some(_) => None,
        None => Some("id"),
    });
    match key {
        Some(key)
            if versions.iter().any(|v| !v.is_empty())
                && versions.iter().all(|v| unique_under(v, key)) =>
        {
            Identity::Key(key)
        }
        _ => Identity::Value,
    }
}

/// The key of one item under an identity (for `Value`, its compact text).
pub fn item_key(item: &Value, identity: &Identity) -> String {
    match identity {
        Identity::Key(key) => item
            .get(*key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        Identity::Value => match item {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    }
}

/// Rebuilds a list node in the shape it had (a plain array or `Lista([...])`).
pub fn rebuild_list(like: &Value, items: Vec<Value>) -> Value {
    match like {
        Value::Object(_) => {
            let mut map = Map::new();
            map.insert(LIST_VARIANT.to_owned(), Value::Array(items));
            Value::Object(map)
        }
        _ => Value::Array(items),
    }
}
