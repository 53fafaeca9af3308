//! Commit messages generated from the semantic diff, in Portuguese: a subject such
//! as "Matrícula: adiciona campo cpf; altera base legal de campo email", a body with
//! every change and its values, and trailers that record the operation type and the
//! data touched (UFDPar art. 40 §6; the commit's author and time give the user and
//! the moment).

use super::diff::{Change, ChangeKind};
use super::labels::{describe, show_change_value};

/// The kind of operation a commit records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Creation,
    Change,
    Removal,
    Approval,
    /// The committee approved a RIPD (not a review of processes).
    RipdApproval,
    /// The committee revised the Política over the whole inventory (UFDPar art.
    /// 7 III).
    PolicyRevision,
}

impl Operation {
    pub fn label(self) -> &'static str {
        match self {
            Operation::Creation => "criacao",
            Operation::Change => "alteracao",
            Operation::Removal => "exclusao",
            Operation::Approval => "aprovacao",
            Operation::RipdApproval => "aprovacao-ripd",
            Operation::PolicyRevision => "revisao-politica",
        }
    }
}

/// The trailer keys, read back by the history layer.
pub const TRAILER_OPERATION: &str = "Operacao";
pub const TRAILER_PROCESS: &str = "Processo";
pub const TRAILER_DATA: &str = "Dados";

/// How many change phrases fit in the subject before "e mais N".
const SUBJECT_PHRASES: usize = 3;

/// The subject line for the changes of one file; `noun` names what the file holds
/// ("processo", "RIPD").
pub fn subject(title: &str, noun: &str, operation: Operation, changes: &[Change]) -> String {
    let phrases: Vec<String> = match operation {
        Operation::Creation => vec![format!("cria o {noun}")],
        Operation::Removal => vec![format!("exclui o {noun}")],
        Operation::Approval => vec!["registra aprovação do comitê".to_owned()],
        Operation::RipdApproval => vec!["registra aprovação do RIPD".to_owned()],
        Operation::PolicyRevision => vec!["registra revisão da Política".to_owned()],
        Operation::Change if changes.is_empty() => {
            vec!["regrava sem mudanças de conteúdo".to_owned()]
        }
        // The update date changes on every save: it says nothing on its own.
        Operation::Change => {
            let meaningful: Vec<String> = changes
                .iter()
                .filter(|c| c.path != "atualizado_em")
                .map(describe)
                .collect();
            if meaningful.is_empty() {
                changes.iter().map(describe).collect()
            } else {
                meaningful
            }
        }
    };
    let mut shown: Vec<String> = phrases.iter().take(SUBJECT_PHRASES).cloned().collect();
    if phrases.len() > SUBJECT_PHRASES {
        shown.push(format!(
            "e mais {} alteração(ões)",
            phrases.len() - SUBJECT_PHRASES
        ));
    }
    format!("{title}: {}", shown.join("; "))
}

fn shown(change: &Change, value: &Option<serde_json::Value>) -> String {
    value
        .as_ref()
        .map(|v| show_change_value(change, v))
        .unwrap_or_default()
}

/// One body line per change, with old and new values.
pub fn body_lines(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| match c.kind {
            ChangeKind::Added => format!("- {}: {}", c.path, shown(c, &c.new)),
            ChangeKind::Removed => format!("- {}: removido (era {})", c.path, shown(c, &c.old)),
            ChangeKind::Changed => {
                format!("- {}: {} → {}", c.path, shown(c, &c.old), shown(c, &c.new))
            }
        })
        .collect()
}

/// The whole message. `user_text`, when given, goes on top as the subject.
pub fn commit_message(
    user_text: Option<&str>,
    title: &str,
    noun: &str,
    process_id: Option<&str>,
    operation: Operation,
    changes: &[Change],
) -> String {
    let generated = subject(title, noun, operation, changes);
    let mut message = match user_text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => format!("{text}\n\n{generated}\n"),
        None => format!("{generated}\n"),
    };
    let body = body_lines(changes);
    if !body.is_empty() {
        message.push('\n');
        for line in body {
            message.push_str(&line);
            message.push('\n');
        }
    }
    message.push('\n');
    message.push_str(&format!("{TRAILER_OPERATION}: {}\n", operation.label()));
    if let Some(id) = process_id {
        message.push_str(&format!("{TRAILER_PROCESS}: {id}\n"));
    }
    if !changes.is_empty() {
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        message.push_str(&format!("{TRAILER_DATA}: {}\n", paths.join(", ")));
    }
    message
}

/// The value of a trailer in a commit message: only the last paragraph holds
/// trailers, so a line the user typed higher up cannot pass for one.
pub fn trailer<'a>(message: &'a str, key: &str) -> Option<&'a str> {
    let trimmed = message.trim_end();
    let last_paragraph = trimmed
        .rfind("\n\n")
        .map_or(trimmed, |at| &trimmed[at + 2..]);
    last_paragraph
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(": "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::diff::diff;
    use serde_json::json;

    #[test]
    fn message_has_subject_body_and_trailers() {
        let changes = diff(
            &json!({"campos": [{"id": "email", "base_legal": "art7-iii"}]}),
            &json!({"campos": [{"id": "cpf"}, {"id": "email", "base_legal": "art7-ii"}]}),
        );
        let message = commit_message(
            None,
            "Matrícula",
            "processo",
            Some("matricula"),
            Operation::Change,
            &changes,
        );
        let mut lines = message.lines();
        assert_eq!(
            lines.next(),
            Some("Matrícula: adiciona campo cpf; altera base legal de campo email")
        );
        assert!(message.contains("- campos[email].base_legal: art7-iii → art7-ii\n"));
        assert_eq!(trailer(&message, TRAILER_OPERATION), Some("alteracao"));
        assert_eq!(trailer(&message, TRAILER_PROCESS), Some("matricula"));
        assert_eq!(
            trailer(&message, TRAILER_DATA),
            Some("campos[cpf], campos[email].base_legal")
        );
    }

    #[test]
    fn a_trailer_typed_in_the_users_text_is_not_read() {
        let message = commit_message(
            Some("Processo: cftv"),
            "Instituição",
            "instituição",
            None,
            Operation::Change,
            &[],
        );
        assert_eq!(trailer(&message, TRAILER_PROCESS), None);
        assert_eq!(trailer(&message, TRAILER_OPERATION), Some("alteracao"));
    }

    #[test]
    fn user_text_goes_on_top_and_long_lists_are_cut() {
        let old = json!({});
        let new = json!({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5});
        let changes = diff(&old, &new);
        let message = commit_message(
            Some("Ajuste pedido na Ata 3"),
            "P",
            "processo",
            None,
            Operation::Change,
            &changes,
        );
        assert!(message.starts_with("Ajuste pedido na Ata 3\n\nP: preenche a; preenche b; preenche c; e mais 2 alteração(ões)\n"));
    }
}
