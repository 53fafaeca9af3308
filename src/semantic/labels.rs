//! Portuguese labels for on-disk keys and for changes, as commit messages, the
//! `diff` command and the committee's minutes show them.

use serde_json::Value;

use super::diff::{Change, ChangeKind, Step};
use super::tree::key_names;

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

/// A value in one line: texts as they are, the model's closed values by their
/// Portuguese label (`Publico` is "público"), lists joined, structures compact.
pub fn show_value(value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::String(s) => crate::model::choices::label_of(s)
            .map(str::to_owned)
            .unwrap_or_else(|| s.clone()),
        Value::Bool(b) => if *b { "sim" } else { "não" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(show_value).collect::<Vec<_>>().join(", "),
        Value::Object(map) => match map.iter().next() {
            Some((variant, inner))
                if map.len() == 1 && variant == crate::model::retention::YEARS =>
            {
                format!("{} anos", show_value(inner))
            }
            Some((variant, inner))
                if map.len() == 1 && variant == crate::model::retention::EVENT =>
            {
                format!("até {}", show_value(inner))
            }
            Some((variant, inner))
                if map.len() == 1 && variant.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                match crate::model::choices::label_of(variant) {
                    Some(label) => format!("{label}: {}", show_value(inner)),
                    None => format!("{variant}({})", show_value(inner)),
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
    fn values_show_in_one_line() {
        assert_eq!(show_value(&json!({"Anos": 5})), "5 anos");
        assert_eq!(show_value(&json!(["a", "b"])), "a, b");
        assert_eq!(show_value(&Value::Null), "—");
    }
}
