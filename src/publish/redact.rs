//! What of a document may be published: its tree with every key the key
//! descriptions mark `interno` taken out (DOMAIN.md §10; LGPD art. 23 I). The
//! public views are built from the redacted document only, so an internal value
//! cannot reach a page by mistake: a key nobody described is dropped too.

use serde_json::{Map, Value};

use crate::document::{self, Document};
use crate::keys::{FORMAT_VERSION, Field, Kind, Visibility};
use crate::model::applicability::LIST_VARIANT;

/// The document with its internal keys removed. An item's identity key (`id` of a
/// purpose, a field, a sharing…) stays, so references between items still
/// resolve; the public views never print it.
pub fn redacted<D: Document>(document: &D) -> Result<D, String> {
    let tree = crate::semantic::to_tree(document);
    document::from_tree(&public_tree(D::KEYS, &tree, None))
}

/// The public part of an object of `fields`; `identity` is the key that
/// identifies it when it is an item of a list.
pub fn public_tree(fields: &[Field], tree: &Value, identity: Option<&str>) -> Value {
    let Value::Object(map) = tree else {
        return Value::Null;
    };
    let mut out = Map::new();
    for (key, value) in map {
        let Some(field) = fields
            .iter()
            .find(|f| f.key == key)
            .or_else(|| (key == FORMAT_VERSION.key).then_some(&FORMAT_VERSION))
        else {
            continue;
        };
        // The format version and an item's identity are structure, not content.
        let keep = field.visibility == Visibility::Public
            || identity == Some(key.as_str())
            || key == FORMAT_VERSION.key;
        if keep {
            out.insert(key.clone(), public_value(field.kind, value));
        }
    }
    Value::Object(out)
}

fn public_value(kind: Kind, value: &Value) -> Value {
    match kind {
        Kind::Struct(fields) => public_tree(fields, value, None),
        Kind::List(fields, id) => public_items(fields, id, value),
        Kind::Section(fields, id) => match value {
            Value::Object(map) => match map.get(LIST_VARIANT) {
                Some(items) => {
                    let mut out = Map::new();
                    out.insert(LIST_VARIANT.to_owned(), public_items(fields, id, items));
                    Value::Object(out)
                }
                None => Value::Null,
            },
            other => other.clone(),
        },
        _ => value.clone(),
    }
}

fn public_items(fields: &[Field], id: &str, value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| public_tree(fields, item, Some(id)))
                .collect(),
        ),
        _ => Value::Array(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Process;

    #[test]
    fn internal_keys_are_removed_and_identities_kept() {
        let mut process = crate::synthetic::process(&mut crate::synthetic::Rng::new(3), 1);
        crate::synthetic::fill_every_key(&mut process);
        let public: Process = redacted(&process).expect("a redacted process is still a process");
        assert!(public.owner.is_none());
        assert!(public.notes.is_none());
        assert!(public.security_measures.is_empty());
        assert!(public.it_contracts.is_not_filled());
        assert!(public.access_classification.is_none());
        assert!(public.fields.iter().all(|f| f.system.is_none()));
        assert!(
            public
                .sharing
                .items()
                .iter()
                .all(|s| s.instrument.is_none())
        );
        assert!(
            public
                .operators
                .items()
                .iter()
                .all(|o| o.email.is_none() && o.phone.is_none())
        );
        assert_eq!(public.fields.len(), process.fields.len());
        assert_eq!(public.fields[0].id, process.fields[0].id);
        assert_eq!(public.purposes, process.purposes);
    }
}
