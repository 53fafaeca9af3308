//! Presenting semantic diffs: one `FileDiff` per changed file, rendered as text
//! (terminal), Markdown (what a committee pastes into its minutes) or JSON; and the
//! flattened one-line-per-field view that `git diff` shows through the textconv
//! driver.

use serde::Serialize;
use serde_json::Value;

use super::diff::{Change, ChangeKind};
use super::labels::{describe, show_change_value, show_value_at};
use super::tree::{Node, identity, item_key, node};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FileStatus {
    #[serde(rename = "criado")]
    Created,
    #[serde(rename = "alterado")]
    Changed,
    #[serde(rename = "removido")]
    Removed,
}

impl FileStatus {
    fn label(self) -> &'static str {
        match self {
            FileStatus::Created => "criado",
            FileStatus::Changed => "alterado",
            FileStatus::Removed => "removido",
        }
    }
}

/// The changes to one file between two revisions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileDiff {
    #[serde(rename = "arquivo")]
    pub file: String,
    #[serde(rename = "processo")]
    pub process: Option<String>,
    #[serde(rename = "titulo")]
    pub title: String,
    #[serde(rename = "situacao")]
    pub status: FileStatus,
    #[serde(rename = "alteracoes")]
    pub changes: Vec<Change>,
    /// Set when one of the versions could not be read (no field diff then).
    #[serde(rename = "ilegivel", skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
}

fn values(change: &Change) -> (String, String) {
    let show = |v: &Option<Value>| {
        v.as_ref()
            .map(|v| show_change_value(change, v))
            .unwrap_or_default()
    };
    (show(&change.old), show(&change.new))
}

/// Terminal text.
pub fn text(diffs: &[FileDiff]) -> String {
    if diffs.is_empty() {
        return "Nenhuma diferença.\n".to_owned();
    }
    let mut out = String::new();
    for diff in diffs {
        out.push_str(&format!(
            "{} — {} ({})\n",
            diff.file,
            diff.title,
            diff.status.label()
        ));
        if let Some(why) = &diff.unreadable {
            out.push_str(&format!(
                "  (não foi possível comparar campo a campo: {why})\n"
            ));
        }
        for change in &diff.changes {
            let (old, new) = values(change);
            let line = match change.kind {
                ChangeKind::Added => format!("  + {}: {new}", change.path),
                ChangeKind::Removed => format!("  - {}: {old}", change.path),
                ChangeKind::Changed => format!("  ~ {}: {old} → {new}", change.path),
            };
            out.push_str(&line);
            out.push_str(&format!("    ({})\n", describe(change)));
        }
        out.push('\n');
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Markdown for minutes: a heading per process and a table of changes.
pub fn markdown(diffs: &[FileDiff]) -> String {
    if diffs.is_empty() {
        return "Nenhuma diferença.\n".to_owned();
    }
    let mut out = String::new();
    for diff in diffs {
        out.push_str(&format!(
            "### {} (`{}`) — {}\n\n",
            cell(&diff.title),
            diff.file,
            diff.status.label()
        ));
        if let Some(why) = &diff.unreadable {
            out.push_str(&format!(
                "Não foi possível comparar campo a campo: {}\n\n",
                cell(why)
            ));
        }
        if diff.changes.is_empty() {
            continue;
        }
        out.push_str("| alteração | campo | antes | depois |\n|---|---|---|---|\n");
        for change in &diff.changes {
            let (old, new) = values(change);
            out.push_str(&format!(
                "| {} | `{}` | {} | {} |\n",
                cell(&describe(change)),
                change.path,
                cell(&old),
                cell(&new)
            ));
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    #[serde(rename = "versao")]
    version: u32,
    #[serde(rename = "de")]
    from: &'a str,
    #[serde(rename = "para")]
    to: &'a str,
    #[serde(rename = "arquivos")]
    files: &'a [FileDiff],
}

/// JSON (`versao` 1), with the revisions compared.
pub fn json(from: &str, to: &str, diffs: &[FileDiff]) -> String {
    let report = JsonDiff {
        version: 1,
        from,
        to,
        files: diffs,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

fn flatten_into<'v>(
    prefix: &str,
    keys: &mut Vec<&'v str>,
    value: &'v Value,
    out: &mut Vec<String>,
) {
    match node(value) {
        Node::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                keys.push(key);
                flatten_into(&path, keys, inner, out);
                keys.pop();
            }
        }
        Node::List(items) if !items.is_empty() => {
            let identity = identity(keys, &[items]);
            for item in items {
                let path = format!("{prefix}[{}]", item_key(item, &identity));
                match node(item) {
                    Node::Atom(_) => out.push(path),
                    _ => flatten_into(&path, keys, item, out),
                }
            }
        }
        Node::List(_) => out.push(format!("{prefix}: (vazio)")),
        Node::Atom(atom) => out.push(format!("{prefix}: {}", show_value_at(keys, atom))),
    }
}

/// One line per field, `campos[cpf].base_legal: art7-ii`: what `git diff` compares
/// through the textconv driver, so a raw diff reads field by field.
pub fn flatten(value: &Value) -> String {
    let mut lines = Vec::new();
    flatten_into("", &mut Vec::new(), value, &mut lines);
    lines.join("\n") + "\n"
}

/// A line diff of two texts (the raw RON), lines prefixed with `+`, `-` or ` `,
/// only changed lines and 2 lines of context around them.
pub fn line_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Longest common subsequence table, from the end.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut lines: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            lines.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', a[i]));
            i += 1;
        } else {
            lines.push(('+', b[j]));
            j += 1;
        }
    }
    let near = |k: usize| {
        lines[k.saturating_sub(2)..(k + 3).min(lines.len())]
            .iter()
            .any(|(mark, _)| *mark != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (mark, line)) in lines.iter().enumerate() {
        if near(k) {
            if skipped {
                out.push_str("…\n");
                skipped = false;
            }
            out.push_str(&format!("{mark} {line}\n"));
        } else {
            skipped = true;
        }
    }
    if out.is_empty() {
        out.push_str("Nenhuma diferença.\n");
    } else if skipped {
        out.push_str("…\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::diff::diff;

    #[test]
    fn line_diff_shows_changes_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nD\ne\nf\ng\n";
        assert_eq!(line_diff(old, new), "…\n  b\n  c\n- d\n+ D\n  e\n  f\n…\n");
        assert_eq!(line_diff("x", "x"), "Nenhuma diferença.\n");
    }
    use serde_json::json;

    fn sample() -> Vec<FileDiff> {
        vec![FileDiff {
            file: "processos/matricula.ron".into(),
            process: Some("matricula".into()),
            title: "Matrícula".into(),
            status: FileStatus::Changed,
            changes: diff(
                &json!({"campos": [{"id": "email", "base_legal": "art7-iii"}]}),
                &json!({"campos": [{"id": "cpf", "fonte": "x"}, {"id": "email", "base_legal": "art7-ii"}]}),
            ),
            unreadable: None,
        }]
    }

    #[test]
    fn markdown_is_a_table_per_process() {
        let md = markdown(&sample());
        assert!(md.starts_with("### Matrícula (`processos/matricula.ron`) — alterado\n"));
        assert!(md.contains(
            "| altera base legal de campo email | `campos[email].base_legal` | art7-iii | art7-ii |"
        ));
    }

    #[test]
    fn text_and_json_carry_old_and_new_values() {
        let t = text(&sample());
        assert!(
            t.contains("  ~ campos[email].base_legal: art7-iii → art7-ii"),
            "{t}"
        );
        let j: Value = serde_json::from_str(&json("HEAD~1", "HEAD", &sample())).unwrap();
        assert_eq!(j["arquivos"][0]["alteracoes"][1]["antes"], "art7-iii");
        assert_eq!(j["arquivos"][0]["alteracoes"][0]["tipo"], "adicionado");
    }

    #[test]
    fn flatten_gives_one_line_per_field() {
        let flat = flatten(
            &json!({"nome": "A", "campos": [{"id": "cpf", "operacoes": ["coleta"]}], "s": "NaoSeAplica"}),
        );
        assert_eq!(
            flat,
            "nome: A\ncampos[cpf].id: cpf\ncampos[cpf].operacoes[coleta]\ns: não se aplica\n"
        );
    }
}
