//! Every key of a fully populated process and institution is described, and the
//! descriptions agree with the model, the README and one another.
#![cfg(test)]

use serde_json::Value;

use super::*;
use crate::model::applicability::LIST_VARIANT;
use crate::semantic::to_tree;

/// Walks a value with its description; calls `check` for every key met.
fn visit(fields: &'static [Field], value: &Value, path: &str, out: &mut Vec<String>) {
    let Some(map) = value.as_object() else {
        return;
    };
    for (key, inner) in map {
        let here = format!("{path}{key}");
        let Some(field) = field(fields, key) else {
            out.push(format!("{here}: sem descrição"));
            continue;
        };
        if field.label.is_empty() {
            out.push(format!("{here}: sem rótulo"));
        }
        match field.kind {
            Kind::Struct(children) => visit(children, inner, &format!("{here}."), out),
            Kind::List(children, id) | Kind::Section(children, id) => {
                let items = match inner {
                    Value::Array(items) => items.as_slice(),
                    Value::Object(map) => map
                        .get(crate::model::applicability::LIST_VARIANT)
                        .and_then(Value::as_array)
                        .map_or(&[][..], Vec::as_slice),
                    _ => &[],
                };
                if field.noun.is_empty() {
                    out.push(format!("{here}: lista sem nome de item"));
                }
                for item in items {
                    if item.get(id).and_then(Value::as_str).is_none() {
                        out.push(format!("{here}: item sem a chave de identidade {id}"));
                    }
                    visit(children, item, &format!("{here}[]."), out);
                }
            }
            kind if kind.is_value_list() && field.noun.is_empty() => {
                out.push(format!("{here}: lista sem nome de item"));
            }
            _ => {}
        }
    }
}

fn full_process() -> crate::model::Process {
    let mut p = crate::synthetic::process(&mut crate::synthetic::Rng::new(3), 1);
    crate::synthetic::fill_every_key(&mut p);
    p
}

fn full_institution() -> crate::model::Institution {
    crate::synthetic::full_institution()
}

#[test]
fn every_key_of_a_full_process_and_institution_is_described() {
    let mut problems = Vec::new();
    visit(PROCESS, &to_tree(&full_process()), "", &mut problems);
    visit(
        INSTITUTION,
        &to_tree(&full_institution()),
        "",
        &mut problems,
    );
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_full_synthetic_documents_fill_every_described_key() {
    // So that the walk above sees every key: a key the model gained but the
    // synthetic generator never fills would escape it.
    for (root, tree) in [
        (PROCESS, to_tree(&full_process())),
        (INSTITUTION, to_tree(&full_institution())),
        (RIPD, to_tree(&crate::synthetic::full_ripd())),
    ] {
        for (path, _) in walk(root) {
            let mut values = vec![&tree];
            for key in &path {
                values = values
                    .into_iter()
                    .flat_map(|v| {
                        let v = v.get(key);
                        let items: Vec<&Value> = match v {
                            Some(Value::Array(items)) if items.iter().all(Value::is_object) => {
                                items.iter().collect()
                            }
                            Some(Value::Object(map)) if map.contains_key(LIST_VARIANT) => map
                                [LIST_VARIANT]
                                .as_array()
                                .map(|a| a.iter().collect())
                                .unwrap_or_default(),
                            Some(other) => vec![other],
                            None => vec![],
                        };
                        items
                    })
                    .collect();
            }
            assert!(!values.is_empty(), "{} is never filled", path.join("."));
        }
    }
}

#[test]
fn every_top_level_key_shows_in_exactly_one_group() {
    for (fields, groups) in [(PROCESS, PROCESS_GROUPS), (INSTITUTION, INSTITUTION_GROUPS)] {
        for f in fields {
            let count = groups.iter().filter(|g| g.keys.contains(&f.key)).count();
            assert_eq!(count, 1, "{} must be in exactly one group", f.key);
        }
        for g in groups {
            for key in g.keys {
                assert!(
                    field(fields, key).is_some(),
                    "group {} names {key}",
                    g.title
                );
            }
        }
    }
}

#[test]
fn a_path_means_the_same_in_every_document_that_has_it() {
    // `find` looks a path up in the first document that has it; that is only
    // right if no two documents give one path different descriptions.
    let all: Vec<&'static [Field]> = documents().collect();
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            for (path, fa) in walk(a) {
                if let Some(fb) = field_at(b, path.iter().copied()) {
                    assert_eq!(fa.label, fb.label, "{}", path.join("."));
                    assert_eq!(fa.kind.identity_key(), fb.kind.identity_key());
                }
            }
        }
    }
}

#[test]
fn choices_are_the_models_own_names() {
    use crate::model::*;
    let on_disk = |text: String| text.trim().to_owned();
    for v in Phase::ALL {
        assert_eq!(
            on_disk(crate::ron_text::to_canonical(v).expect("a closed-list value serializes")),
            v.on_disk()
        );
    }
    for v in RecipientKind::ALL {
        assert_eq!(
            on_disk(crate::ron_text::to_canonical(v).expect("a closed-list value serializes")),
            v.on_disk()
        );
    }
    assert_eq!(Answer::Yes.label(), "sim");
}

#[test]
fn finding_paths_resolve_only_through_identity_keys() {
    let tree = to_tree(&full_process());
    let first_field = tree["campos"][0]["id"]
        .as_str()
        .expect("the full process has a first field with an id")
        .to_owned();
    assert_eq!(
        locate(PROCESS, &tree, &format!("campos[{first_field}].base_legal")).map(|f| f.key),
        Ok("base_legal")
    );
    assert!(matches!(
        locate(PROCESS, &tree, "medidas_seguranca[0].tipo"),
        Err(PathError::UnknownItem { .. })
    ));
    assert!(matches!(
        locate(PROCESS, &tree, "campos[x].nada"),
        Err(PathError::UnknownItem { .. })
    ));
    assert!(matches!(
        locate(PROCESS, &tree, "nada"),
        Err(PathError::UnknownKey(_))
    ));
    assert_eq!(
        parse_path("a[b][c].d"),
        Some(vec![
            PathStep::Key("a"),
            PathStep::Item("b"),
            PathStep::Item("c"),
            PathStep::Key("d")
        ])
    );
}

#[test]
fn a_risk_row_shows_its_computed_level() {
    let tree = to_tree(&crate::synthetic::full_ripd());
    let risk = &tree["riscos"][0];
    assert_eq!(
        item_badge(ripd::RISK, risk).as_deref(),
        Some("[A] 150 alto → residual 75 moderado")
    );
    let mut unrated = risk.clone();
    unrated
        .as_object_mut()
        .expect("a risk is a map")
        .remove("impacto");
    assert_eq!(
        item_badge(ripd::RISK, &unrated).as_deref(),
        Some("sem nível (avalie P e I)")
    );
    assert_eq!(item_badge(PROCESS, &tree), None);
}
