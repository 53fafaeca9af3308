//! `inventario sincronizar`: fetch from the central repository, merge field by
//! field, push. The transport is the system `git` (`git fetch` / `git push`), so
//! SSH remotes use the user's agent, keys, `known_hosts` and `~/.ssh/config`, and
//! HTTPS remotes its credential helpers, exactly as plain git does; nothing of
//! libssh2 or OpenSSL is compiled into the binary. Everything else is git2.
//!
//! The central repository is untrusted input: before anything is written, every
//! path of every incoming commit is checked against the inventory's layout (no
//! `.git` in any spelling, no `..`, no symbolic links, no submodules, nothing
//! outside `inventario.ron`, `processos/`, `ripd/`, `catalogos/` and the tool's own
//! files), and a file that is not in the local history is never overwritten.

use std::collections::BTreeSet;
use std::process::Command;

use git2::{Delta, FileMode, Oid, Status};

use super::error::{GitContext, HistoryError};
use super::write::{Committed, PathUpdate, Source, WriteSession};
use super::{Author, BRANCH, BRANCH_SHORT, History};
use crate::files::InventoryFile;
use crate::semantic::{self, MergeFailure};
use crate::store::{self, layout};

/// How many fetch-merge-push rounds before giving up (someone keeps pushing).
const ROUNDS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Nothing to do: both sides are at the same commit.
    UpToDate,
    /// Local commits were sent.
    Pushed,
    /// Remote commits were brought in; nothing local to send.
    FastForwarded,
    /// Both sides had changes: merged (field by field where needed) and sent.
    Merged { files: Vec<String> },
}

/// How long `run_git` keeps retrying while another git holds a ref lock (a fetch
/// or push left running by a killed `sincronizar`, someone's plain `git fetch`).
const GIT_LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// Whether git failed only because another git process holds a lock.
fn is_lock_contention(stderr: &str) -> bool {
    stderr.contains("cannot lock ref")
        || (stderr.contains(".lock") && stderr.contains("File exists"))
        || stderr.contains("Unable to create")
}

fn run_git(history: &History, args: &[&str]) -> Result<(), HistoryError> {
    let start = std::time::Instant::now();
    loop {
        let output = Command::new("git")
            .args(args)
            .current_dir(&history.root)
            .env("GIT_TERMINAL_PROMPT", "0")
            .output()
            .map_err(|e| {
                HistoryError::Remote(format!(
                    "não foi possível executar o git ({e}); instale o git"
                ))
            })?;
        if output.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        if is_lock_contention(&stderr) && start.elapsed() < GIT_LOCK_PATIENCE {
            std::thread::sleep(std::time::Duration::from_millis(100));
            continue;
        }
        return Err(HistoryError::Remote(format!(
            "`git {}` falhou: {}",
            args.join(" "),
            stderr.trim()
        )));
    }
}

impl History {
    fn remote_head(&self, remote: &str) -> Option<Oid> {
        self.repo
            .refname_to_id(&format!("refs/remotes/{remote}/{BRANCH_SHORT}"))
            .ok()
    }

    fn changed_paths(&self, from: Oid, to: Oid) -> Result<BTreeSet<String>, HistoryError> {
        let old = self
            .repo
            .find_commit(from)
            .and_then(|c| c.tree())
            .at(&self.root)?;
        let new = self
            .repo
            .find_commit(to)
            .and_then(|c| c.tree())
            .at(&self.root)?;
        let diff = self
            .repo
            .diff_tree_to_tree(Some(&old), Some(&new), None)
            .at(&self.root)?;
        Ok(diff
            .deltas()
            .filter_map(|d| d.new_file().path().or_else(|| d.old_file().path()))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect())
    }

    /// Checks every path each commit in `theirs` but not in `local` adds, changes
    /// or removes (each commit against its first parent; a root commit whole).
    /// By induction every tree that arrives is then made of allowed paths.
    fn validate_incoming(&self, local: Oid, theirs: Oid) -> Result<(), HistoryError> {
        let root = &self.root;
        let mut walk = self.repo.revwalk().at(root)?;
        walk.push(theirs).at(root)?;
        walk.hide(local).at(root)?;
        for id in walk {
            let commit = self.repo.find_commit(id.at(root)?).at(root)?;
            let tree = commit.tree().at(root)?;
            let parent_tree = match commit.parent(0) {
                Ok(parent) => Some(parent.tree().at(root)?),
                Err(_) => None,
            };
            let mut options = git2::DiffOptions::new();
            options.include_typechange(true).ignore_submodules(false);
            let diff = self
                .repo
                .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options))
                .at(root)?;
            let refuse = |path: &str, reason: String| HistoryError::IncomingPathRefused {
                commit: commit.id().to_string()[..10].to_owned(),
                path: path.to_owned(),
                reason,
            };
            for delta in diff.deltas() {
                for (file, is_new) in [(delta.old_file(), false), (delta.new_file(), true)] {
                    let present = if is_new {
                        delta.status() != Delta::Deleted
                    } else {
                        delta.status() != Delta::Added
                    };
                    if !present {
                        continue;
                    }
                    let path =
                        String::from_utf8_lossy(file.path_bytes().unwrap_or_default()).into_owned();
                    let kind = layout::classify(&path)
                        .map_err(|reason| refuse(&path, reason.to_string()))?;
                    if is_new {
                        match file.mode() {
                            FileMode::Blob | FileMode::BlobExecutable => {}
                            FileMode::Link => {
                                return Err(refuse(&path, "é um link simbólico".to_owned()));
                            }
                            FileMode::Commit => {
                                return Err(refuse(&path, "é um submódulo".to_owned()));
                            }
                            _ => return Err(refuse(&path, "não é um arquivo comum".to_owned())),
                        }
                    } else if delta.status() == Delta::Deleted
                        && kind == layout::InventoryFile::Institution
                    {
                        return Err(refuse(
                            &path,
                            "é excluído, e o arquivo da instituição não pode ser excluído"
                                .to_owned(),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn refuse_unregistered_edits(&self) -> Result<(), HistoryError> {
        let dirty: Vec<String> = self
            .statuses(false)?
            .iter()
            .filter(|e| !e.status().is_empty() && e.status() != Status::IGNORED)
            .filter_map(|e| e.path().ok().map(str::to_owned))
            .collect();
        if dirty.is_empty() {
            Ok(())
        } else {
            Err(HistoryError::Remote(format!(
                "há alterações não registradas em {}; rode `inventario registrar` antes de sincronizar",
                dirty.join(", ")
            )))
        }
    }

    /// Merges one file changed on both sides; `Err` carries the conflicting fields.
    fn merge_file(
        &self,
        path: &str,
        base: Oid,
        ours: Oid,
        theirs: Oid,
    ) -> Result<Option<Vec<u8>>, String> {
        let read = |at: Oid| self.file_at_oid(at, path).map_err(|e| e.to_string());
        let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
        if o == t {
            return Ok(o);
        }
        let (Some(b), Some(o), Some(t)) = (b, o, t) else {
            return Err("excluído de um lado e alterado do outro".to_owned());
        };
        fn merge<T: serde::Serialize + serde::de::DeserializeOwned>(
            b: &[u8],
            o: &[u8],
            t: &[u8],
        ) -> Result<Vec<u8>, String> {
            let parse =
                |bytes: &[u8]| crate::ron_text::parse::<T>(bytes).map_err(|e| e.to_string());
            match semantic::merge_models(&parse(b)?, &parse(o)?, &parse(t)?) {
                Ok(merged) => store::canonical_text(&merged)
                    .map(String::into_bytes)
                    .map_err(|e| e.to_string()),
                Err(MergeFailure::Conflicts(conflicts)) => Err(format!(
                    "conflito em {}",
                    conflicts
                        .iter()
                        .map(|c| c.path.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                Err(MergeFailure::Invalid(why)) => Err(why),
            }
        }
        match InventoryFile::parse(path) {
            Ok(file) => crate::with_document_type!(&file, |D| merge::<D>(&b, &o, &t).map(Some),
                else Err("arquivo alterado dos dois lados".to_owned())),
            Err(_) => Err("arquivo alterado dos dois lados".to_owned()),
        }
    }

    /// One fetch-merge-push round. `Ok(None)` means the push was rejected because
    /// the remote moved meanwhile: try again.
    fn sync_round(
        &self,
        session: &WriteSession,
        remote: &str,
        author: &Author,
    ) -> Result<Option<SyncOutcome>, HistoryError> {
        run_git(self, &["fetch", "--quiet", remote])?;
        let local = self.head_oid()?;
        let Some(theirs) = self.remote_head(remote) else {
            return self
                .push(remote)
                .map(|pushed| pushed.then_some(SyncOutcome::Pushed));
        };
        if theirs == local {
            return Ok(Some(SyncOutcome::UpToDate));
        }
        self.validate_incoming(local, theirs)?;
        let base = self.repo.merge_base(local, theirs).at(&self.root)?;
        if base == theirs {
            return self
                .push(remote)
                .map(|pushed| pushed.then_some(SyncOutcome::Pushed));
        }
        let their_paths = self.changed_paths(base, theirs)?;
        if base == local {
            let paths = their_paths.into_iter().collect();
            return match session.fast_forward(local, theirs, paths, "sincroniza (avanço rápido)")?
            {
                Committed::Done(_) | Committed::Unchanged => Ok(Some(SyncOutcome::FastForwarded)),
                Committed::Moved => Err(HistoryError::BranchKeptMoving),
            };
        }
        let our_paths = self.changed_paths(base, local)?;
        let mut updates = Vec::new();
        let mut conflicts = Vec::new();
        let mut merged_files = Vec::new();
        for path in &their_paths {
            if our_paths.contains(path) {
                match self.merge_file(path, base, local, theirs) {
                    Ok(content) => {
                        merged_files.push(path.clone());
                        updates.push(PathUpdate {
                            path: path.clone(),
                            content,
                        });
                    }
                    Err(why) => conflicts.push(format!("{path}: {why}")),
                }
            } else {
                updates.push(PathUpdate {
                    path: path.clone(),
                    content: self.file_at_oid(theirs, path)?,
                });
            }
        }
        if !conflicts.is_empty() {
            return Err(HistoryError::Remote(format!(
                "as alterações locais e as do repositório central mexem nos mesmos campos; nada foi alterado aqui. Conflitos: {}",
                conflicts.join("; ")
            )));
        }
        let message = format!(
            "Sincroniza com {remote}\n\nArquivos mesclados campo a campo: {}\n\nOperacao: sincronizacao\n",
            if merged_files.is_empty() {
                "nenhum".to_owned()
            } else {
                merged_files.join(", ")
            }
        );
        match session.commit(&updates, &[theirs], author, &message, None, Source::Given)? {
            Committed::Done(_) | Committed::Unchanged => {}
            Committed::Moved => return Err(HistoryError::BranchKeptMoving),
        }
        Ok(self.push(remote)?.then_some(SyncOutcome::Merged {
            files: merged_files,
        }))
    }

    /// `git push`; `false` when the remote refused because it moved meanwhile.
    fn push(&self, remote: &str) -> Result<bool, HistoryError> {
        match run_git(
            self,
            &["push", "--quiet", remote, &format!("{BRANCH}:{BRANCH}")],
        ) {
            Ok(()) => Ok(true),
            Err(HistoryError::Remote(why))
                if why.contains("rejected") || why.contains("fetch first") =>
            {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Fetches, merges and pushes `main` with `remote` (default `origin`).
    pub fn sync(&self, remote: &str, author: &Author) -> Result<SyncOutcome, HistoryError> {
        if self.repo.find_remote(remote).is_err() {
            return Err(HistoryError::Remote(format!(
                "o repositório central \"{remote}\" não está configurado; rode `git -C {} remote add {remote} ENDEREÇO` (veja o README)",
                self.root.display()
            )));
        }
        let session = self.begin_write()?;
        self.refuse_unregistered_edits()?;
        for _ in 0..ROUNDS {
            if let Some(outcome) = self.sync_round(&session, remote, author)? {
                return Ok(outcome);
            }
        }
        Err(HistoryError::Remote(
            "o repositório central mudou a cada tentativa; tente de novo em instantes".to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::{Answer, LegalBasisId};

    fn git(dir: &std::path::Path, args: &[&str]) {
        super::super::test_support::git(dir, args);
    }

    fn cftv(history: &History) -> crate::model::Process {
        crate::ron_text::parse(&std::fs::read(history.root().join("processos/cftv.ron")).unwrap())
            .unwrap()
    }

    #[test]
    fn two_inventories_sync_through_a_bare_repository() {
        let (temp, a) = sample_repo();
        let central = temp.path().join("central.git");
        git(
            temp.path(),
            &[
                "init",
                "--quiet",
                "--bare",
                "--initial-branch=main",
                central.to_str().unwrap(),
            ],
        );
        git(
            a.root(),
            &["remote", "add", "origin", central.to_str().unwrap()],
        );
        assert_eq!(a.sync("origin", &author()).unwrap(), SyncOutcome::Pushed);
        assert_eq!(a.sync("origin", &author()).unwrap(), SyncOutcome::UpToDate);

        let url = format!("file://{}", central.display());
        git(temp.path(), &["clone", "--quiet", &url, "b"]);
        let b = History::open(&temp.path().join("b")).unwrap();

        let mut on_a = cftv(&a);
        on_a.frequency = Some("Diária".into());
        a.save_process(&on_a, None, None, &author()).unwrap();
        assert_eq!(a.sync("origin", &author()).unwrap(), SyncOutcome::Pushed);

        let mut on_b = cftv(&b);
        on_b.other_vulnerable = Some(Answer::Yes);
        b.save_process(&on_b, None, None, &author()).unwrap();
        assert_eq!(
            b.sync("origin", &author()).unwrap(),
            SyncOutcome::Merged {
                files: vec!["processos/cftv.ron".into()]
            }
        );
        assert_eq!(
            a.sync("origin", &author()).unwrap(),
            SyncOutcome::FastForwarded
        );
        let merged = cftv(&a);
        assert_eq!(merged.frequency.as_deref(), Some("Diária"));
        assert_eq!(merged.other_vulnerable, Some(Answer::Yes));
        assert_eq!(a.repo().statuses(None).unwrap().len(), 0);

        // The same field changed on both sides: reported, nothing changed locally.
        let mut on_a = cftv(&a);
        on_a.fields[0].legal_basis = Some(LegalBasisId::from("art7-ii"));
        a.save_process(&on_a, None, None, &author()).unwrap();
        a.sync("origin", &author()).unwrap();
        let mut on_b = cftv(&b);
        on_b.fields[0].legal_basis = Some(LegalBasisId::from("art7-vi"));
        b.save_process(&on_b, None, None, &author()).unwrap();
        let before = b.head().unwrap();
        let error = b.sync("origin", &author()).unwrap_err().to_string();
        assert!(error.contains("campos[imagem].base_legal"), "{error}");
        assert_eq!(b.head().unwrap(), before);
    }

    #[test]
    fn a_missing_remote_is_explained() {
        let (_temp, a) = sample_repo();
        let error = a.sync("origin", &author()).unwrap_err().to_string();
        assert!(error.contains("git -C"), "{error}");
        assert!(error.contains("remote add origin"), "{error}");
    }
}
