//! `inventario registrar`: for people who edit the RON files by hand. Each changed
//! inventory file is validated and committed on its own, with the message the
//! semantic diff gives it; a file that does not parse is reported and never
//! committed. Warnings from `check` do not block. What is committed is what is on
//! disk under the writers' lock, and it is never written back (a save made by
//! another program meanwhile stays). A deleted process or institution file is
//! never committed implicitly: deleting is `inventario excluir ID`.

use git2::Status;

use super::error::HistoryError;
use super::revisions::file_diff;
use super::write::{Committed, PathUpdate, Source};
use super::{Author, History};
use crate::catalog::{CatalogFile, Catalogs};
use crate::semantic::{self, Operation};
use crate::store::layout::{self, InventoryFile};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterReport {
    /// (file, commit subject) of each commit made.
    pub committed: Vec<(String, String)>,
    /// (file, reason) of each file left uncommitted.
    pub refused: Vec<(String, String)>,
}

/// Why a changed file cannot be committed, if it cannot.
fn validate(kind: &InventoryFile, bytes: &[u8]) -> Option<String> {
    match kind {
        InventoryFile::Catalog(name) => {
            let Some(file) = CatalogFile::from_file_name(&format!("{name}.{}", layout::EXTENSION))
            else {
                return Some("não é um arquivo de catálogo conhecido".to_owned());
            };
            let errors = Catalogs::default().add_text(
                file,
                &kind.to_string(),
                &String::from_utf8_lossy(bytes),
            );
            errors.first().map(ToString::to_string)
        }
        other => crate::document::kind_of(other)?.problem(other, bytes),
    }
}

/// Why a file deleted by hand is not committed as a deletion, if it is not.
fn refuse_deletion(path: &str, kind: &InventoryFile) -> Option<String> {
    match kind {
        InventoryFile::Institution => Some(format!(
            "o arquivo da instituição foi apagado, e ele não pode ser excluído do inventário; recupere-o com `git checkout -- {path}`"
        )),
        InventoryFile::Process(id) => Some(format!(
            "o arquivo foi apagado; excluir um processo é uma decisão explícita: use `inventario excluir {id}`, ou recupere-o com `git checkout -- {path}`"
        )),
        InventoryFile::Ripd(_) => Some(format!(
            "o RIPD foi apagado; um relatório aprovado é parte da prestação de contas e fica no inventário; recupere-o com `git checkout -- {path}`"
        )),
        _ => None,
    }
}

impl History {
    /// The documents and catalog files whose content on disk is not the one the
    /// history holds (edited, new or deleted), as `registrar` would commit them:
    /// `(path, kind, deleted)`.
    pub(crate) fn unregistered_files(
        &self,
    ) -> Result<Vec<(String, InventoryFile, bool)>, HistoryError> {
        Ok(self
            .statuses(true)?
            .iter()
            .filter_map(|entry| {
                let path = entry.path().ok()?.to_owned();
                let kind = layout::classify(&path).ok()?;
                let deleted = entry
                    .status()
                    .intersects(Status::WT_DELETED | Status::INDEX_DELETED);
                (kind.is_document() || matches!(kind, InventoryFile::Catalog(_)))
                    .then_some((path, kind, deleted))
            })
            .collect())
    }

    /// Commits every changed inventory file, one commit per file.
    pub fn register(
        &self,
        user_text: Option<&str>,
        author: &Author,
    ) -> Result<RegisterReport, HistoryError> {
        self.register_with_progress(user_text, author, &mut |_, _, _| {})
    }

    /// `register`, telling `progress` (done, total, file) before each file.
    pub fn register_with_progress(
        &self,
        user_text: Option<&str>,
        author: &Author,
        progress: &mut dyn FnMut(usize, usize, &str),
    ) -> Result<RegisterReport, HistoryError> {
        let session = self.begin_write()?;
        let changed = self.unregistered_files()?;
        let mut report = RegisterReport::default();
        let total = changed.len();
        // Under the lock only these commits move the branch, each touching its
        // own path: every file's previous content is its content at the start.
        let mut at_start = self.files_of(self.head_oid()?)?;
        for (done, (path, kind, deleted)) in changed.into_iter().enumerate() {
            progress(done, total, &path);
            let old = at_start.get(&path)?;
            let on_disk = match std::fs::read(self.root.join(&path)) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    report.refused.push((path, crate::store::describe_io(&e)));
                    continue;
                }
            };
            let content = match on_disk {
                None if deleted || old.is_some() => {
                    if let Some(reason) = refuse_deletion(&path, &kind) {
                        report.refused.push((path, reason));
                        continue;
                    }
                    None
                }
                None => continue,
                Some(bytes) => {
                    if let Some(reason) = validate(&kind, &bytes) {
                        report.refused.push((path, reason));
                        continue;
                    }
                    Some(bytes)
                }
            };
            if content == old {
                // Same as HEAD (a stale index entry): nothing to commit.
                continue;
            }
            let message = message_for(&path, old.as_deref(), content.as_deref(), user_text);
            let updates = [PathUpdate {
                path: path.clone(),
                content,
            }];
            match session.commit(&updates, &[], author, &message, None, Source::OnDisk)? {
                Committed::Done(_) => {
                    let subject = message.lines().next().unwrap_or_default().to_owned();
                    report.committed.push((path, subject));
                }
                Committed::Unchanged => {}
                Committed::Moved => return Err(HistoryError::BranchKeptMoving),
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
            let noun = crate::files::InventoryFile::parse(path)
                .ok()
                .and_then(|f| crate::document::kind_of(&f))
                .map_or("arquivo", |k| k.noun());
            semantic::commit_message(
                user_text,
                &title,
                noun,
                diff.process.as_deref(),
                operation,
                &diff.changes,
            )
        }
        // Catalog files: no field diff, a plain message.
        None => semantic::commit_message(
            user_text,
            &format!("Catálogo local {path}"),
            "catálogo",
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
        assert_eq!(files, vec!["catalogos/fontes.ron", "processos/cftv.ron"]);
        assert_eq!(report.committed[1].1, "Revisão anual");
        let refused: Vec<&str> = report.refused.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            refused,
            vec!["processos/biblioteca.ron", "processos/quebrado.ron"]
        );
        assert!(
            report.refused[0]
                .1
                .contains("inventario excluir biblioteca")
        );

        let log = history.log(&Default::default()).unwrap();
        let cftv_commit = &log[0];
        assert!(
            cftv_commit
                .message
                .contains("Videomonitoramento dos campi (CFTV): altera quantidade de titulares")
        );
        assert_eq!(log[1].operation.as_deref(), Some("criacao"));
        // Only the deleted and the broken file are left in `git status`.
        let statuses = history.repo().statuses(None).unwrap();
        let left: Vec<String> = statuses
            .iter()
            .filter_map(|s| s.path().ok().map(str::to_owned))
            .collect();
        assert_eq!(
            left,
            vec!["processos/biblioteca.ron", "processos/quebrado.ron"]
        );
    }
}
