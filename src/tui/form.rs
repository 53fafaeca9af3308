//! The editing engine: a process (or the institution) as a value tree with its
//! on-disk keys, addressed by paths; the rows a screen shows for a section or a
//! nested structure; templates for new list items; and human-readable values.
//! Every edit is checked by deserializing the tree back into the model, so an
//! invalid value never reaches a save. Pure: no terminal, no disk.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::catalog::{CatalogFile, Catalogs};
use crate::keys::{Field, Group, Kind};
use crate::model::applicability::{LIST_VARIANT, NOT_APPLICABLE};
use crate::model::choices::{ANSWERS, SECTION_STATES};
use crate::model::retention::{EVENT, YEARS};

/// One step into the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

pub type Path = Vec<Step>;

/// The label of the key a path ends at ("base legal"), from `keys`.
pub fn label_of(path: &[Step]) -> &str {
    let names: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Step::Key(k) if k != crate::model::applicability::LIST_VARIANT => Some(k.as_str()),
            _ => None,
        })
        .collect();
    crate::keys::label_at(&names)
}

/// The schema field a path in the value tree leads to (list positions and the
/// `Lista` of a section are stepped over).
pub fn field_at(fields: &'static [Field], path: &[Step]) -> Option<Field> {
    let mut fields = fields;
    let mut current: Option<Field> = None;
    for step in path {
        let Step::Key(k) = step else {
            continue; // an item of the current list: `fields` are its fields already
        };
        if matches!(
            current,
            Some(Field {
                kind: Kind::Section(..),
                ..
            })
        ) && k == crate::semantic::tree::LIST_VARIANT
        {
            continue;
        }
        let field = *fields.iter().find(|f| f.key == k)?;
        if let Kind::Struct(sub) | Kind::List(sub, _) | Kind::Section(sub, _) = field.kind {
            fields = sub;
        }
        current = Some(field);
    }
    current
}

pub fn key(k: &str) -> Step {
    Step::Key(k.to_owned())
}

/// The value at `path`, if present.
pub fn get<'a>(tree: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(tree, |value, step| match step {
        Step::Key(k) => value.get(k),
        Step::Index(i) => value.get(*i),
    })
}

fn get_mut<'a>(tree: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(tree, |value, step| match step {
        Step::Key(k) => value.get_mut(k),
        Step::Index(i) => value.get_mut(*i),
    })
}

/// Sets (or, with `None`, removes) the value at `path`; parent objects are
/// created as needed. Returns false when the path cannot exist.
pub fn set(tree: &mut Value, path: &[Step], value: Option<Value>) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = tree;
    for step in parents {
        node = match step {
            Step::Key(k) => {
                let Some(map) = node.as_object_mut() else {
                    return false;
                };
                map.entry(k.clone())
                    .or_insert_with(|| Value::Object(Map::new()))
            }
            Step::Index(i) => match node.get_mut(*i) {
                Some(inner) => inner,
                None => return false,
            },
        };
    }
    match (last, value) {
        (Step::Key(k), Some(v)) => node
            .as_object_mut()
            .map(|m| m.insert(k.clone(), v))
            .is_some(),
        (Step::Key(k), None) => node.as_object_mut().map(|m| m.remove(k)).is_some(),
        (Step::Index(i), Some(v)) => match node.get_mut(*i) {
            Some(slot) => {
                *slot = v;
                true
            }
            None => false,
        },
        (Step::Index(i), None) => match node.as_array_mut() {
            Some(items) if *i < items.len() => {
                items.remove(*i);
                true
            }
            _ => false,
        },
    }
}

/// The list inside a list or section value (creating `Lista([])` for a section
/// that is not filled in when `create` is set).
pub fn list_path(tree: &mut Value, path: &[Step], kind: Kind, create: bool) -> Option<Path> {
    match kind {
        Kind::List(..) => {
            if get(tree, path).is_none() && create {
                set(tree, path, Some(Value::Array(Vec::new())));
            }
            get(tree, path)?.as_array()?;
            Some(path.to_vec())
        }
        Kind::Section(..) => {
            let mut inner = path.to_vec();
            inner.push(key(LIST_VARIANT));
            if get(tree, &inner).and_then(Value::as_array).is_none() && create {
                let mut map = Map::new();
                map.insert(LIST_VARIANT.to_owned(), Value::Array(Vec::new()));
                set(tree, path, Some(Value::Object(map)));
            }
            get(tree, &inner)?.as_array()?;
            Some(inner)
        }
        _ => None,
    }
}

/// Moves item `from` of the list at `path` to `to`.
pub fn move_item(tree: &mut Value, path: &[Step], from: usize, to: usize) -> bool {
    match get_mut(tree, path).and_then(Value::as_array_mut) {
        Some(items) if from < items.len() && to < items.len() => {
            let item = items.remove(from);
            items.insert(to, item);
            true
        }
        _ => false,
    }
}

/// Appends an item to the list at `path`; returns its index.
pub fn push_item(tree: &mut Value, path: &[Step], item: Value) -> Option<usize> {
    let items = get_mut(tree, path)?.as_array_mut()?;
    items.push(item);
    Some(items.len() - 1)
}

/// A new item for a list: required keys filled, an unused id.
pub fn template(fields: &[Field], id_key: &str, existing: &[Value], today: NaiveDate) -> Value {
    let mut map = Map::new();
    for field in fields.iter().filter(|f| f.required) {
        let value = match field.kind {
            Kind::Choice(options) => Value::String(options.first().map_or("", |o| o.0).to_owned()),
            Kind::Date => Value::String(today.format("%Y-%m-%d").to_string()),
            Kind::Number => Value::from(0),
            _ => Value::String(String::new()),
        };
        map.insert(field.key.to_owned(), value);
    }
    if fields.iter().any(|f| f.key == "id") && id_key == "id" {
        let taken = |id: &str| {
            existing
                .iter()
                .any(|v| v.get("id").and_then(Value::as_str) == Some(id))
        };
        let id = (1..)
            .map(|n| format!("novo-{n}"))
            .find(|id| !taken(id))
            .unwrap_or_else(|| "novo".to_owned());
        map.insert("id".to_owned(), Value::String(id));
    }
    Value::Object(map)
}

/// A template for an optional structure that is absent.
pub fn struct_template(fields: &[Field], today: NaiveDate) -> Value {
    template(fields, "", &[], today)
}

/// One line of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub value: String,
    /// Where the value is in the tree.
    pub path: Path,
    /// The same place in findings' notation: `campos[cpf].base_legal`.
    pub finding_path: String,
    pub kind: Kind,
    pub required: bool,
    /// For a list's row: what one of its items is called ("campo").
    pub noun: &'static str,
    /// For list items: the index in their list.
    pub item: Option<usize>,
}

impl Row {
    /// Structures, lists and sections open instead of being edited in place.
    pub fn opens(&self) -> bool {
        self.item.is_some()
            || matches!(
                self.kind,
                Kind::Struct(_) | Kind::List(..) | Kind::Section(..)
            )
    }
}

/// (id, name) of every entry of a catalog, for pickers.
pub fn catalog_entries(catalogs: &Catalogs, file: CatalogFile) -> Vec<(String, String)> {
    catalogs
        .entries_of(file)
        .into_iter()
        .map(|(id, name)| (id.to_owned(), name.to_owned()))
        .collect()
}

fn catalog_name(catalogs: &Catalogs, file: CatalogFile, id: &str) -> String {
    match catalogs.name_in(file, id) {
        Some(name) => format!("{id} — {name}"),
        None => format!("{id} (desconhecido)"),
    }
}

fn choice_label(options: &[(&str, &str)], value: &str) -> String {
    options
        .iter()
        .find(|(v, _)| *v == value)
        .map_or_else(|| value.to_owned(), |(_, label)| (*label).to_owned())
}

pub use crate::text::capitalized;

pub const NOT_FILLED: &str = "— não preenchido";

/// How a value reads on screen (one line).
pub fn display(value: Option<&Value>, kind: Kind, catalogs: &Catalogs) -> String {
    let Some(value) = value else {
        return NOT_FILLED.to_owned();
    };
    let strings = || -> Vec<&str> {
        value
            .as_array()
            .map(|items| items.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    let count = |n: usize| match n {
        0 => "nenhum item".to_owned(),
        1 => "1 item".to_owned(),
        n => format!("{n} itens"),
    };
    match kind {
        Kind::Answer => match value.as_str() {
            Some(answer) => capitalized(&choice_label(ANSWERS, answer)),
            None => NOT_FILLED.to_owned(),
        },
        Kind::Choice(options) => choice_label(options, value.as_str().unwrap_or_default()),
        Kind::ChoiceList(options) => {
            let labels: Vec<String> = strings().iter().map(|v| choice_label(options, v)).collect();
            if labels.is_empty() {
                NOT_FILLED.to_owned()
            } else {
                labels.join(", ")
            }
        }
        Kind::Catalog(file) => catalog_name(catalogs, file, value.as_str().unwrap_or_default()),
        Kind::TextList | Kind::CatalogList(_) | Kind::FieldRefs | Kind::PurposeRefs => {
            let items = strings();
            if items.is_empty() {
                NOT_FILLED.to_owned()
            } else {
                items.join(", ")
            }
        }
        Kind::Period => match value {
            Value::Object(map) => match (map.get(YEARS), map.get(EVENT)) {
                (Some(n), _) => format!("{n} ano(s)"),
                (_, Some(Value::String(event))) => format!("evento: {event}"),
                _ => NOT_FILLED.to_owned(),
            },
            _ => NOT_FILLED.to_owned(),
        },
        Kind::Struct(_) => match value.as_object() {
            Some(map) if !map.is_empty() => format!("{} campo(s) preenchido(s)", map.len()),
            _ => NOT_FILLED.to_owned(),
        },
        Kind::List(..) => count(value.as_array().map_or(0, Vec::len)),
        Kind::Section(..) => match value {
            Value::String(s) if s == NOT_APPLICABLE => choice_label(SECTION_STATES, s),
            Value::String(_) => "não preenchido (declare a lista ou \"não se aplica\")".to_owned(),
            Value::Object(map) => count(
                map.get(LIST_VARIANT)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len),
            ),
            _ => NOT_FILLED.to_owned(),
        },
        Kind::LongText => match value.as_str() {
            Some("") => NOT_FILLED.to_owned(),
            Some(text) => {
                let first = text.lines().next().unwrap_or_default();
                if text.lines().count() > 1 {
                    format!("{first} […]")
                } else {
                    first.to_owned()
                }
            }
            None => value.to_string(),
        },
        _ => match value {
            Value::String(s) if s.is_empty() => NOT_FILLED.to_owned(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    }
}

fn join_finding_path(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_owned()
    } else {
        format!("{base}.{key}")
    }
}

/// The rows of a structure's fields.
pub fn struct_rows(
    tree: &Value,
    path: &[Step],
    finding_base: &str,
    fields: &[Field],
    only: Option<&[&str]>,
    catalogs: &Catalogs,
) -> Vec<Row> {
    fields
        .iter()
        .filter(|f| only.is_none_or(|keys| keys.contains(&f.key)))
        .filter(|f| f.key != "versao_formato")
        .map(|f| {
            let mut p = path.to_vec();
            p.push(key(f.key));
            Row {
                label: f.label.to_owned(),
                value: display(get(tree, &p), f.kind, catalogs),
                path: p,
                finding_path: join_finding_path(finding_base, f.key),
                kind: f.kind,
                required: f.required,
                noun: f.item_noun(),
                item: None,
            }
        })
        .collect()
}

/// The rows of a section of the detail view.
pub fn group_rows(tree: &Value, fields: &[Field], group: &Group, catalogs: &Catalogs) -> Vec<Row> {
    let mut rows: Vec<Row> = group
        .keys
        .iter()
        .filter_map(|k| {
            struct_rows(tree, &[], "", fields, Some(&[k]), catalogs)
                .into_iter()
                .next()
        })
        .collect();
    rows.retain(|r| !r.label.is_empty());
    rows
}

/// A one-line summary of a list item.
fn item_summary(
    item: &Value,
    fields: &'static [Field],
    id_key: &str,
    catalogs: &Catalogs,
) -> String {
    crate::keys::item_badge(fields, item)
        .into_iter()
        .chain(
            fields
                .iter()
                .filter(|f| f.key != id_key && f.key != "id")
                .filter(|f| matches!(f.kind, Kind::Text | Kind::Catalog(_) | Kind::Choice(_)))
                .filter_map(|f| item.get(f.key).map(|v| display(Some(v), f.kind, catalogs)))
                .filter(|text| text != NOT_FILLED),
        )
        .take(2)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The rows of a list (or section): one per item.
pub fn item_rows(
    tree: &Value,
    list: &[Step],
    finding_base: &str,
    noun: &str,
    fields: &'static [Field],
    id_key: &str,
    catalogs: &Catalogs,
) -> Vec<Row> {
    let items = get(tree, list)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = item.get(id_key).and_then(Value::as_str).unwrap_or_default();
            let name = if id.is_empty() {
                format!("#{}", i + 1)
            } else {
                id.to_owned()
            };
            let mut p = list.to_vec();
            p.push(Step::Index(i));
            Row {
                label: format!("{noun} {name}"),
                value: item_summary(item, fields, id_key, catalogs),
                path: p,
                finding_path: format!("{finding_base}[{name}]"),
                kind: Kind::Struct(fields),
                required: false,
                noun: "",
                item: Some(i),
            }
        })
        .collect()
}

/// Whether a finding belongs to a row: the same path, or a path inside it.
pub fn finding_matches(row_path: &str, finding_path: &str) -> bool {
    finding_path == row_path
        || finding_path
            .strip_prefix(row_path)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{PROCESS, PROCESS_GROUPS};
    use crate::model::Process;
    use crate::semantic::to_tree;

    fn sample() -> (Catalogs, Value) {
        let catalogs = Catalogs::embedded().unwrap();
        let p = crate::synthetic::process(&mut crate::synthetic::Rng::new(2), 7);
        (catalogs, to_tree(&p))
    }

    #[test]
    fn set_get_and_remove_round_trip_through_the_model() {
        let (_, mut tree) = sample();
        assert!(set(
            &mut tree,
            &[key("campos"), Step::Index(0), key("base_legal")],
            Some(Value::from("art7-v"))
        ));
        assert!(set(
            &mut tree,
            &[key("observacoes")],
            Some(Value::from("nota"))
        ));
        assert!(set(&mut tree, &[key("frequencia")], None));
        let p: Process = serde_json::from_value(tree).unwrap();
        assert_eq!(
            p.fields[0].legal_basis.as_ref().map(|b| b.as_str()),
            Some("art7-v")
        );
        assert_eq!(p.notes.as_deref(), Some("nota"));
        assert_eq!(p.frequency, None);
    }

    #[test]
    fn sections_become_lists_when_an_item_is_added() {
        let (_, mut tree) = sample();
        let kind = crate::keys::field(PROCESS, "contratos_ti").unwrap().kind;
        let path = list_path(&mut tree, &[key("contratos_ti")], kind, true).unwrap();
        let Kind::Section(fields, id_key) = kind else {
            panic!()
        };
        let item = template(fields, id_key, &[], NaiveDate::MIN);
        assert_eq!(push_item(&mut tree, &path, item), Some(0));
        let p: Process = serde_json::from_value(tree).unwrap();
        assert_eq!(p.it_contracts.items()[0].id.as_str(), "novo-1");
    }

    #[test]
    fn rows_show_labels_values_and_finding_paths() {
        let (catalogs, tree) = sample();
        let rows = group_rows(&tree, PROCESS, &PROCESS_GROUPS[0], &catalogs);
        assert_eq!(rows[0].label, "id");
        assert_eq!(rows[1].label, "nome");
        let fields = item_rows(
            &tree,
            &[key("campos")],
            "campos",
            "campo",
            match crate::keys::field(PROCESS, "campos").unwrap().kind {
                Kind::List(f, _) => f,
                _ => panic!(),
            },
            "id",
            &catalogs,
        );
        assert_eq!(fields[0].finding_path, "campos[campo-0]");
        assert!(fields[0].label.starts_with("campo "));
        assert!(finding_matches(
            "campos[campo-0]",
            "campos[campo-0].base_legal"
        ));
        assert!(!finding_matches(
            "campos[campo-1]",
            "campos[campo-10].fonte"
        ));
    }

    #[test]
    fn values_read_naturally() {
        let catalogs = Catalogs::embedded().unwrap();
        assert_eq!(
            display(Some(&Value::from("Nao")), Kind::Answer, &catalogs),
            "Não"
        );
        assert_eq!(display(None, Kind::Text, &catalogs), NOT_FILLED);
        assert_eq!(
            display(
                Some(&Value::from("art7-ii")),
                Kind::Catalog(CatalogFile::LegalBases),
                &catalogs
            ),
            "art7-ii — Cumprimento de obrigação legal ou regulatória"
        );
        assert_eq!(
            display(
                Some(&serde_json::json!({"Anos": 5})),
                Kind::Period,
                &catalogs
            ),
            "5 ano(s)"
        );
        assert_eq!(
            display(
                Some(&Value::from("NaoSeAplica")),
                Kind::Section(&[], "id"),
                &catalogs
            ),
            "não se aplica"
        );
    }
}
