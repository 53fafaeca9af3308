//! The one entry point that saves a process or the institution: write atomically,
//! commit only that path, and never lose an update. The editor passes the commit it
//! loaded the file from (`base`); if someone changed the file since, the three
//! versions are merged field by field, and a conflict keeps the user's version as
//! a draft file instead of overwriting anyone. A file at HEAD that does not parse
//! is never replaced by a save (it may hold someone's work), nor is a file on disk
//! with edits that are not in the history.

use std::path::PathBuf;

use serde::de::DeserializeOwned;

use super::CommitId;
use super::error::HistoryError;
use super::write::{Committed, PathUpdate, Source};
use super::{Author, History};
use crate::document::Document;
use crate::files::InventoryFile;
use crate::model::{Institution, Process};
use crate::semantic::{self, MergeFailure, Operation};
use crate::store::{self, layout};

/// How many times a save is retried when a writer outside the tool moves the
/// branch between our read and our compare-and-swap.
const MAX_ATTEMPTS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A commit was made. `merged` says whether someone else's changes to the same
    /// file were merged in.
    Committed {
        commit: CommitId,
        merged: bool,
        message: String,
    },
    /// The file already had exactly this content at HEAD.
    Unchanged { commit: CommitId },
}

/// What is saved, and where.
struct Target<'a, D> {
    /// A new file: refused if the path exists at HEAD or on disk.
    create: bool,
    file: InventoryFile,
    path: String,
    value: &'a D,
}

impl History {
    /// Saves a document into `file`, the file it was read from (a process read
    /// from `processos/x-copia.ron` stays there), and commits that path alone.
    pub fn save_document<D: Document>(
        &self,
        document: &D,
        file: &InventoryFile,
        base: Option<CommitId>,
        user_text: Option<&str>,
        author: &Author,
    ) -> Result<SaveOutcome, HistoryError> {
        self.save_file(
            Target {
                create: false,
                file: file.clone(),
                path: file.to_string(),
                value: document,
            },
            base,
            user_text,
            author,
        )
    }

    /// Saves a new document in its own file (`Document::own_file`): refused, with
    /// nothing changed, if any file already has its name (at HEAD or on disk,
    /// readable or not), so a new document can never replace another.
    pub fn create_document<D: Document>(
        &self,
        document: &D,
        user_text: Option<&str>,
        author: &Author,
    ) -> Result<SaveOutcome, HistoryError> {
        let file = document.own_file();
        self.save_file(
            Target {
                create: true,
                path: file.to_string(),
                file,
                value: document,
            },
            None,
            user_text,
            author,
        )
    }

    /// Saves a process into `processos/<id>.ron`.
    pub fn save_process(
        &self,
        process: &Process,
        base: Option<CommitId>,
        user_text: Option<&str>,
        author: &Author,
    ) -> Result<SaveOutcome, HistoryError> {
        self.save_document(process, &process.own_file(), base, user_text, author)
    }

    /// Saves a new process (see `create_document`).
    pub fn create_process(
        &self,
        process: &Process,
        user_text: Option<&str>,
        author: &Author,
    ) -> Result<SaveOutcome, HistoryError> {
        self.create_document(process, user_text, author)
    }

    /// Saves the institution and commits `inventario.ron`.
    pub fn save_institution(
        &self,
        institution: &Institution,
        base: Option<CommitId>,
        user_text: Option<&str>,
        author: &Author,
    ) -> Result<SaveOutcome, HistoryError> {
        self.save_document(
            institution,
            &InventoryFile::Institution,
            base,
            user_text,
            author,
        )
    }

    /// `inventario excluir ID`: removes a process from the inventory, as its own
    /// commit ("exclui o processo"); the history keeps every earlier version. The
    /// file on disk must hold what HEAD holds (a hand edit is never dropped).
    pub fn delete_process(
        &self,
        id: &str,
        user_text: Option<&str>,
        author: &Author,
    ) -> Result<SaveOutcome, HistoryError> {
        let session = self.begin_write()?;
        let path = layout::process_file(id);
        let head = self.head_oid()?;
        let Some(bytes) = self.file_at_oid(head, &path)? else {
            return Err(HistoryError::UnknownProcess(id.to_owned()));
        };
        let title = crate::ron_text::parse::<Process>(&bytes)
            .map(|p| p.name)
            .unwrap_or_else(|_| id.to_owned());
        let message = semantic::commit_message(
            user_text,
            &title,
            Process::NOUN,
            Some(id),
            Operation::Removal,
            &[],
        );
        let updates = [PathUpdate {
            path,
            content: None,
        }];
        match session.commit(&updates, &[], author, &message, None, Source::Given)? {
            Committed::Done(commit) => Ok(SaveOutcome::Committed {
                commit: commit.into(),
                merged: false,
                message,
            }),
            Committed::Unchanged => Ok(SaveOutcome::Unchanged {
                commit: head.into(),
            }),
            Committed::Moved => Err(HistoryError::BranchKeptMoving),
        }
    }

    /// The file at `commit`: its bytes and, if they parse, its value. A file that
    /// exists but does not parse is refused: saving over it would lose it.
    fn parse_at<T: DeserializeOwned>(
        &self,
        commit: CommitId,
        path: &str,
    ) -> Result<(Option<Vec<u8>>, Option<T>), HistoryError> {
        let Some(bytes) = self.file_at(commit, path)? else {
            return Ok((None, None));
        };
        match crate::ron_text::parse(&bytes) {
            Ok(value) => Ok((Some(bytes), Some(value))),
            Err(e) => Err(HistoryError::Store(
                store::StoreError::WouldOverwriteUnreadable {
                    path: self.root.join(path),
                    reason: e.to_string(),
                },
            )),
        }
    }

    /// Keeps the user's version as a draft that remembers its base commit, so
    /// recovering it merges with the others' changes instead of reverting them.
    fn keep_draft<D: Document>(
        &self,
        target: &Target<D>,
        base: Option<CommitId>,
    ) -> Result<PathBuf, HistoryError> {
        let envelope =
            store::draft::Draft::new(base.map(|b| b.to_string()), None, target.value.clone());
        let text = store::draft::draft_text(&envelope).map_err(store::StoreError::Serialize)?;
        Ok(store::draft::write_draft(
            &self.root,
            &self.login,
            &target.file,
            &text,
        )?)
    }

    fn save_file<D: Document>(
        &self,
        target: Target<D>,
        base: Option<CommitId>,
        user_text: Option<&str>,
        author: &Author,
    ) -> Result<SaveOutcome, HistoryError> {
        let session = self.begin_write()?;
        for _ in 0..MAX_ATTEMPTS {
            let head = self.head()?;
            if target.create
                && (self.file_at(head, &target.path)?.is_some()
                    || self.root.join(&target.path).exists())
            {
                return Err(HistoryError::AlreadyExists(target.path.clone()));
            }
            let (theirs_bytes, theirs) = self.parse_at::<D>(head, &target.path)?;
            let mut ours = target.value.clone();
            let mut merged = false;
            if let Some(base) = base.filter(|b| *b != head) {
                let (base_bytes, base_value) = self.parse_at::<D>(base, &target.path)?;
                if base_bytes != theirs_bytes {
                    let whole = |why: &str| -> Result<HistoryError, HistoryError> {
                        Ok(HistoryError::FileConflict {
                            file: target.path.clone(),
                            why: why.to_owned(),
                            draft: self.keep_draft(&target, Some(base))?,
                        })
                    };
                    let (Some(base_value), Some(theirs_value)) = (&base_value, &theirs) else {
                        return Err(if base_value.is_none() {
                            whole("o processo foi criado por outra pessoa")?
                        } else {
                            whole("o processo foi excluído por outra pessoa")?
                        });
                    };
                    match semantic::merge_models(base_value, &ours, theirs_value) {
                        Ok(value) => {
                            ours = value;
                            merged = true;
                        }
                        Err(MergeFailure::Conflicts(conflicts)) => {
                            return Err(HistoryError::Conflict {
                                file: target.path.clone(),
                                conflicts,
                                draft: self.keep_draft(&target, Some(base))?,
                                head,
                            });
                        }
                        Err(MergeFailure::Invalid(why)) => {
                            return Err(whole(&format!(
                                "a mesclagem com as alterações de outra pessoa não formou um processo válido ({why})"
                            ))?);
                        }
                    }
                }
            }
            let text = store::canonical_text(&ours)?;
            let updates = [PathUpdate {
                path: target.path.clone(),
                content: Some(text.clone().into_bytes()),
            }];
            if theirs_bytes.as_deref() == Some(text.as_bytes()) {
                return Ok(SaveOutcome::Unchanged { commit: head });
            }
            let (operation, changes) = match &theirs {
                Some(old) => (Operation::Change, semantic::diff_models(old, &ours)),
                None => (Operation::Creation, Vec::new()),
            };
            let message = semantic::commit_message(
                user_text,
                &target.value.title(),
                D::NOUN,
                target.value.process_id(),
                operation,
                &changes,
            );
            match session.commit(&updates, &[], author, &message, None, Source::Given)? {
                Committed::Done(commit) => {
                    return Ok(SaveOutcome::Committed {
                        commit: commit.into(),
                        merged,
                        message,
                    });
                }
                Committed::Unchanged => return Ok(SaveOutcome::Unchanged { commit: head }),
                Committed::Moved => continue,
            }
        }
        Err(HistoryError::BranchKeptMoving)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::{Answer, LegalBasisId};

    fn load(history: &History, id: &str) -> Process {
        let bytes = std::fs::read(history.root().join(format!("processos/{id}.ron"))).unwrap();
        crate::ron_text::parse(&bytes).unwrap()
    }

    fn commit_paths(history: &History, commit: CommitId) -> Vec<String> {
        let repo = history.repo();
        let c = repo.find_commit(commit.oid()).unwrap();
        let parent = c.parent(0).unwrap();
        let diff = repo
            .diff_tree_to_tree(
                Some(&parent.tree().unwrap()),
                Some(&c.tree().unwrap()),
                None,
            )
            .unwrap();
        diff.deltas()
            .map(|d| d.new_file().path().unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn a_save_commits_only_that_path_and_leaves_status_clean() {
        let (_temp, history) = sample_repo();
        let mut p = load(&history, "biblioteca");
        p.subject_count = Some(9100);
        let outcome = history.save_process(&p, None, None, &author()).unwrap();
        let SaveOutcome::Committed {
            commit,
            merged,
            message,
        } = outcome
        else {
            panic!("expected a commit");
        };
        assert!(!merged);
        assert_eq!(
            commit_paths(&history, commit),
            vec!["processos/biblioteca.ron"]
        );
        assert!(
            message.starts_with(
                "Empréstimo do acervo das bibliotecas: altera quantidade de titulares"
            )
        );
        assert!(message.contains("Operacao: alteracao"));
        assert_eq!(history.head().unwrap(), commit);
        assert_eq!(
            history.repo().statuses(None).unwrap().len(),
            0,
            "git status is clean"
        );
        let again = history.save_process(&p, None, None, &author()).unwrap();
        assert_eq!(again, SaveOutcome::Unchanged { commit });
    }

    #[test]
    fn concurrent_edits_to_different_fields_merge() {
        let (_temp, history) = sample_repo();
        let loaded_at = history.head().unwrap();
        let original = load(&history, "cftv");
        let mut theirs = original.clone();
        theirs.other_vulnerable = Some(Answer::Yes);
        history
            .save_process(&theirs, Some(loaded_at), None, &author())
            .unwrap();
        let mut ours = original.clone();
        ours.frequency = Some("Contínua, 24 horas".into());
        let outcome = history
            .save_process(
                &ours,
                Some(loaded_at),
                Some("Ajuste de frequência"),
                &author(),
            )
            .unwrap();
        assert!(matches!(
            outcome,
            SaveOutcome::Committed { merged: true, .. }
        ));
        let now = load(&history, "cftv");
        assert_eq!(now.other_vulnerable, Some(Answer::Yes));
        assert_eq!(now.frequency.as_deref(), Some("Contínua, 24 horas"));
    }

    #[test]
    fn a_conflict_keeps_the_users_version_as_a_draft() {
        let (_temp, history) = sample_repo();
        let loaded_at = history.head().unwrap();
        let original = load(&history, "biblioteca");
        let mut theirs = original.clone();
        theirs.fields[0].legal_basis = Some(LegalBasisId::from("art7-ii"));
        history
            .save_process(&theirs, Some(loaded_at), None, &author())
            .unwrap();
        let head_before = history.head().unwrap();
        let mut ours = original.clone();
        ours.fields[0].legal_basis = Some(LegalBasisId::from("art7-v"));
        let error = history
            .save_process(&ours, Some(loaded_at), None, &author())
            .unwrap_err();
        let HistoryError::Conflict {
            conflicts, draft, ..
        } = &error
        else {
            panic!("expected a conflict, got {error}");
        };
        assert_eq!(conflicts[0].path, "campos[nome].base_legal");
        let kept = store::draft::parse_draft::<Process>(&std::fs::read(draft).unwrap()).unwrap();
        assert_eq!(kept.content, ours);
        assert_eq!(
            kept.base,
            Some(loaded_at.to_string()),
            "the draft knows its base"
        );
        assert_eq!(history.head().unwrap(), head_before, "nothing committed");
        assert!(error.to_string().contains("nada foi perdido"));
    }

    #[test]
    fn a_new_process_is_a_creation() {
        let (_temp, history) = sample_repo();
        let mut p = load(&history, "biblioteca");
        p.id = crate::model::ProcessId::parse("biblioteca-setorial").unwrap();
        p.name = "Bibliotecas setoriais".into();
        let SaveOutcome::Committed { message, .. } =
            history.save_process(&p, None, None, &author()).unwrap()
        else {
            panic!("expected a commit");
        };
        assert!(message.starts_with("Bibliotecas setoriais: cria o processo"));
        assert!(
            history
                .root()
                .join("processos/biblioteca-setorial.ron")
                .is_file()
        );
    }
}
