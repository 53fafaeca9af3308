//! Portuguese labels for on-disk keys and for changes, as commit messages, the
//! `diff` command and the committee's minutes show them.

use serde_json::Value;

use super::diff::{Change, ChangeKind, Step};
use super::tree::key_names;
use crate::keys::Kind;

/// The label of the key at the end of `steps` (`campos[cpf].base_legal` → "base
/// legal"), from the key's description (`keys`).
pub fn label_at(steps: &[Step]) -> &str {
    crate::keys::label_at(&key_names(steps))
}

/// The noun for one item of the list at the end of `steps` (`campos` → "campo").
pub fn noun_at(steps: &[Step]) -> &str {
    let names = key_names(steps);
    match crate::keys::find(&names) {
        Some(field) => field.item_noun(),
        None => names.last().copied().unwrap_or_default(),
    }
}

/// A value in one line, as the key it is under says to show it: a closed value
/// by its Portuguese label (`Publico` is "público", `Anos(5)` is "5 anos"), a text
/// as it is (a text that happens to spell a variant name stays as typed), lists
/// joined, structures compact.
pub fn show_value_at(keys: &[&str], value: &Value) -> String {
    show(crate::keys::find(keys).map(|f| f.kind), value)
}

/// `show_value_at` for the value of a change.
pub fn show_change_value(change: &Change, value: &Value) -> String {
    show_value_at(&key_names(&change.steps), value)
}

/// A value with no key to go by (a whole document's atom): closed values of any
/// list are shown by their label.
pub fn show_value(value: &Value) -> String {
    show(None, value)
}

fn label_in(choices: &[crate::keys::Choice], name: &str) -> Option<&'static str> {
    choices
        .iter()
        .find(|(disk, _)| *disk == name)
        .map(|(_, label)| *label)
}

fn show(kind: Option<Kind>, value: &Value) -> String {
    use crate::model::choices::{ANSWERS, SECTION_STATES, label_of};
    use crate::model::retention::{EVENT, YEARS};
    match value {
        Value::Null => "—".to_owned(),
        Value::String(s) => {
            let label = match kind {
                Some(Kind::Choice(list) | Kind::ChoiceList(list)) => label_in(list, s),
                Some(Kind::Answer) => label_in(ANSWERS, s),
                Some(Kind::Section(..)) => label_in(SECTION_STATES, s),
                Some(_) => None,
                None => label_of(s),
            };
            label.map_or_else(|| s.clone(), str::to_owned)
        }
        Value::Bool(b) => if *b { "sim" } else { "não" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|item| show(kind, item))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) => match map.iter().next() {
            Some((variant, inner)) if map.len() == 1 && variant == YEARS => {
                format!("{} anos", show(Some(Kind::Number), inner))
            }
            Some((variant, inner)) if map.len() == 1 && variant == EVENT => {
                format!("até {}", show(Some(Kind::Text), inner))
            }
            Some((variant, inner))
                if map.len() == 1 && variant.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                match label_of(variant) {
                    Some(label) => format!("{label}: {}", show(None, inner)),
                    None => format!("{variant}({})", show(None, inner)),
                }
            }
            _ => serde_json::to_string(value).unwrap_or_default(),
        },
    }
}

/// Where a change is, in words, innermost first: `campos[cpf].retencao.ttdd` is
/// "código TTDD de retenção de campo cpf".
fn place(steps: &[Step]) -> String {
    let owner_at = steps
        .iter()
        .rposition(|s| matches!(s, Step::Item { keyed: true, .. }));
    let start = owner_at.map_or(0, |i| i + 1);
    let mut words: Vec<&str> = (start..steps.len())
        .filter(|&i| matches!(steps[i], Step::Key(_)))
        .map(|i| label_at(&steps[..=i]))
        .collect();
    words.reverse();
    let owner = owner_at.and_then(|i| match &steps[i] {
        Step::Item { item, .. } => Some(format!("{} {item}", noun_at(&steps[..i]))),
        Step::Key(_) => None,
    });
    words.extend(owner.as_deref());
    words.join(" de ")
}

/// A short Portuguese phrase for one change: "adiciona campo cpf", "altera base
/// legal de campo email", "acrescenta coleta em operações de campo nome".
pub fn describe(change: &Change) -> String {
    if let Some(Step::Item { item, keyed, .. }) = change.steps.last() {
        let parent = place(&change.steps[..change.steps.len() - 1]);
        let target = if *keyed {
            format!(
                "{} {item}",
                noun_at(&change.steps[..change.steps.len() - 1])
            )
        } else {
            item.clone()
        };
        let container = if *keyed || parent.is_empty() {
            String::new()
        } else {
            format!(" em {parent}")
        };
        return match change.kind {
            ChangeKind::Added if *keyed => format!("adiciona {target}"),
            ChangeKind::Removed if *keyed => format!("remove {target}"),
            ChangeKind::Added => format!("acrescenta {target}{container}"),
            ChangeKind::Removed => format!("retira {target}{container}"),
            ChangeKind::Changed => format!("altera {target}"),
        };
    }
    let what = place(&change.steps);
    match change.kind {
        ChangeKind::Added => format!("preenche {what}"),
        ChangeKind::Removed => format!("apaga {what}"),
        ChangeKind::Changed => format!("altera {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::diff::diff;
    use serde_json::json;

    fn phrases(old: Value, new: Value) -> Vec<String> {
        diff(&old, &new).iter().map(describe).collect()
    }

    #[test]
    fn phrases_read_like_a_person_wrote_them() {
        assert_eq!(
            phrases(
                json!({"campos": [{"id": "email", "base_legal": "art7-iii", "operacoes": ["coleta"]}]}),
                json!({"campos": [{"id": "cpf"}, {"id": "email", "base_legal": "art7-ii", "operacoes": ["coleta", "eliminacao"]}]})
            ),
            vec![
                "adiciona campo cpf",
                "altera base legal de campo email",
                "acrescenta eliminacao em operações de campo email",
            ]
        );
        assert_eq!(
            phrases(
                json!({"nome": "a"}),
                json!({"nome": "b", "observacoes": "x"})
            ),
            vec!["altera nome", "preenche observações"]
        );
        assert_eq!(
            phrases(
                json!({"retencao": {"ttdd": "1"}}),
                json!({"retencao": {"ttdd": "2"}})
            ),
            vec!["altera código TTDD de retenção"]
        );
    }

    #[test]
    fn a_text_that_spells_a_variant_stays_as_typed() {
        // `sistema` is a text; `armazenamento` is a closed list.
        assert_eq!(
            show_value_at(&["campos", "sistema"], &json!("Sistema")),
            "Sistema"
        );
        assert_eq!(
            show_value_at(&["campos", "armazenamento"], &json!("Sistema")),
            "sistema"
        );
        assert_eq!(
            show_value_at(&["compartilhamentos"], &json!("NaoSeAplica")),
            "não se aplica"
        );
        assert_eq!(
            show_value_at(&["retencao", "fim_tratamento"], &json!(["FimDoPeriodo"])),
            "fim do período (art. 37, II)"
        );
    }

    #[test]
    fn values_show_in_one_line() {
        assert_eq!(show_value(&json!({"Anos": 5})), "5 anos");
        assert_eq!(show_value(&json!(["a", "b"])), "a, b");
        assert_eq!(show_value(&Value::Null), "—");
    }
}
