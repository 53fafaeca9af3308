//! The model as a tree of values with its on-disk (Portuguese) keys, which is what
//! the diff and the merge walk: objects, lists matched by identity, and atomic
//! values (texts, numbers, enum variants such as `Anos(5)` or `NaoSeAplica`).

use serde_json::{Map, Value};

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

/// The variant key under which a filled-in `Section` is serialized.
pub const LIST_VARIANT: &str = "Lista";

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

/// Keys that identify a list item, in order of preference.
const IDENTITY_KEYS: &[&str] = &["id", "grupo", "tipo", "nome"];

/// How the items of a list are matched across versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// Objects with a unique value under this key (`id`, `grupo`…).
    Key(&'static str),
    /// Items compared as whole values: lists of texts (`operacoes`) behave as sets.
    Value,
}

fn unique_under(items: &[&Value], key: &str) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    items.iter().all(|item| match item.get(key) {
        Some(Value::String(s)) => seen.insert(s.clone()),
        _ => false,
    })
}

/// The identity that works for every version of a list at once.
pub fn identity(versions: &[&[Value]]) -> Identity {
    let all: Vec<&Value> = versions.iter().flat_map(|v| v.iter()).collect();
    if all.is_empty() || !all.iter().all(|v| v.is_object()) {
        return Identity::Value;
    }
    for key in IDENTITY_KEYS {
        if versions
            .iter()
            .all(|v| unique_under(&v.iter().collect::<Vec<_>>(), key))
        {
            return Identity::Key(key);
        }
    }
    Identity::Value
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
