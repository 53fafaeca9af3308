//! `inventario registrar`: for people who edit the RON files by hand. Each changed
//! inventory file is validated and committed on its own, with the message the
//! semantic diff gives it; a file that does not parse is reported and never
//! committed. Warnings from `check` do not block.

use git2::{Status, StatusOptions};

use super::commit::{PathUpdate, Swap};
use super::error::{GitContext, HistoryError};
use super::lock::{DEFAULT_WAIT, WriterLock};
use super::revisions::file_diff;
use super::{Author, History};
use crate::catalog::{CatalogFile, Catalogs};
use crate::model::Process;
use crate::semantic::{self, Operation};
use crate::store::layout;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterReport {
    /// (file, commit subject) of each commit made.
    pub committed: Vec<(String, String)>,
    /// (file, reason) of each file left uncommitted.
    pub refused: Vec<(String, String)>,
}

/// Why a changed file cannot be committed, if it cannot.
fn validate(path: &str, bytes: &[u8]) -> Option<String> {
    if path == layout::INSTITUTION_FILE {
        return crate::ron_text::parse::<crate::model::Institution>(bytes)
            .err()
            .map(|e| e.to_string());
    }
    if let Some(name) = path.strip_prefix(&format!("{}/", layout::CATALOGS_DIR)) {
        let Some(file) = CatalogFile::from_file_name(name) else {
            return Some("não é um arquivo de catálogo conhecido".to_owned());
        };
        let errors = Catalogs::default().add_text(file, path, &String::from_utf8_lossy(bytes));
        return errors.first().map(ToString::to_string);
    }
    let stem = path
        .strip_prefix(&format!("{}/", layout::PROCESSES_DIR))?
        .strip_suffix(&format!(".{}", layout::EXTENSION))?;
    match crate::ron_text::parse::<Process>(bytes) {
        Err(e) => Some(e.to_string()),
        Ok(p) if p.id.as_str() != stem => Some(format!(
            "o id do processo é \"{}\", mas o arquivo se chama {stem}.ron",
            p.id
        )),
        Ok(_) => None,
    }
}

fn is_inventory_file(path: &str) -> bool {
    let ron = format!(".{}", layout::EXTENSION);
    path == layout::INSTITUTION_FILE
        || (path.ends_with(&ron)
            && (path.starts_with(&format!("{}/", layout::PROCESSES_DIR))
                || path.starts_with(&format!("{}/", layout::CATALOGS_DIR))))
}

impl History {
    /// Commits every changed inventory file, one commit per file.
    pub fn register(
        &self,
        user_text: Option<&str>,
        author: &Author,
    ) -> Result<RegisterReport, HistoryError> {
        let _lock = WriterLock::acquire(self.repo.path(), DEFAULT_WAIT)?;
        let mut options = StatusOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true);
        let changed: Vec<(String, bool)> = self
            .repo
            .statuses(Some(&mut options))
            .at(&self.root)?
            .iter()
            .filter_map(|entry| {
                let path = entry.path().ok()?.to_owned();
                let deleted = entry
                    .status()
                    .intersects(Status::WT_DELETED | Status::INDEX_DELETED);
                is_inventory_file(&path).then_some((path, deleted))
            })
            .collect();
        let mut report = RegisterReport::default();
        for (path, deleted) in changed {
            let content = if deleted {
                None
            } else {
                let bytes = std::fs::read(self.root.join(&path))
                    .map_err(|e| crate::store::StoreError::io(self.root.join(&path), e))?;
                if let Some(reason) = validate(&path, &bytes) {
                    report.refused.push((path, reason));
                    continue;
                }
                Some(bytes)
            };
            let head = self.head()?;
            let old = self.file_at(head, &path)?;
            let message = message_for(&path, old.as_deref(), content.as_deref(), user_text);
            let updates = [PathUpdate {
                path: path.clone(),
                content,
            }];
            match self.commit_updates(&updates, &[head], author, &message)? {
                Swap::Done(_) => {
                    self.apply_to_worktree(&updates)?;
                    let subject = message.lines().next().unwrap_or_default().to_owned();
                    report.committed.push((path, subject));
                }
                Swap::Moved => return Err(HistoryError::BranchKeptMoving),
            }
        }
        Ok(report)
    }
}

fn message_for(
    path: &str,
    old: Option<&[u8]>,
    new: Option<&[u8]>,
    user_text: Option<&str>,
) -> String {
    let operation = match (old, new) {
        (None, _) => Operation::Creation,
        (_, None) => Operation::Removal,
        _ => Operation::Change,
    };
    match file_diff(path, old, new) {
        Some(diff) => {
            let title = if diff.title.is_empty() {
                path.to_owned()
            } else {
                diff.title
            };
            semantic::commit_message(
                user_text,
                &title,
                diff.process.as_deref(),
                operation,
                &diff.changes,
            )
        }
        // Catalog files: no field diff, a plain message.
        None => semantic::commit_message(
            user_text,
            &format!("Catálogo local {path}"),
            None,
            operation,
            &[],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn hand_edits_are_committed_one_file_each_and_broken_files_refused() {
        let (_temp, history) = sample_repo();
        let root = history.root().to_path_buf();
        let cftv = root.join("processos/cftv.ron");
        let text = std::fs::read_to_string(&cftv).unwrap();
        std::fs::write(
            &cftv,
            text.replace("quantidade_titulares: 12000", "quantidade_titulares: 15000"),
        )
        .unwrap();
        std::fs::write(root.join("processos/quebrado.ron"), "(versao_formato: 1,").unwrap();
        std::fs::remove_file(root.join("processos/biblioteca.ron")).unwrap();
        std::fs::write(
            root.join("catalogos/fontes.ron"),
            "[(id: \"whatsapp\", nome: \"WhatsApp institucional\", fonte: \"local\")]",
        )
        .unwrap();

        let report = history.register(Some("Revisão anual"), &author()).unwrap();
        let files: Vec<&str> = report.committed.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            files,
            vec![
                "catalogos/fontes.ron",
                "processos/biblioteca.ron",
                "processos/cftv.ron"
            ]
        );
        assert_eq!(report.committed[2].1, "Revisão anual");
        assert_eq!(report.refused.len(), 1);
        assert_eq!(report.refused[0].0, "processos/quebrado.ron");

        let log = history.log(&Default::default()).unwrap();
        let cftv_commit = &log[0];
        assert!(
            cftv_commit
                .message
                .contains("Videomonitoramento dos campi (CFTV): altera quantidade de titulares")
        );
        assert_eq!(log[1].operation.as_deref(), Some("exclusao"));
        // Only the broken file is left in `git status`.
        let statuses = history.repo().statuses(None).unwrap();
        let left: Vec<String> = statuses
            .iter()
            .filter_map(|s| s.path().ok().map(str::to_owned))
            .collect();
        assert_eq!(left, vec!["processos/quebrado.ron"]);
    }
}
