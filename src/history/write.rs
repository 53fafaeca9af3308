//! The one write path of the history. Every writing command (save, `registrar`,
//! `excluir`, approval, `sincronizar`, `formatar`) first opens a `WriteSession`:
//! it takes the writers' lock, refuses a repository the tool must not write in
//! (detached HEAD, another branch, a rebase or merge under way), removes what a
//! killed writer left (stale git locks, temporary files) and finishes or rolls
//! back its journal. Then a change is made in an order a crash cannot tear:
//!
//! 1. check that each file to be replaced holds what HEAD holds (no hand edit, no
//!    untracked or unreadable file is overwritten) and is in the inventory layout;
//! 2. write the commit object (the branch does not move yet);
//! 3. write the journal (`.git/inventario-diario.json`): from, to, paths, tag;
//! 4. move the branch as a compare-and-swap;
//! 5. bring the working tree and the index in line, create the approval tag;
//! 6. remove the journal.
//!
//! Killed before 4, the journal is dropped and nothing changed; killed after, the
//! next command completes 5 and 6. A commit whose tree equals its parent's is
//! never made.

use git2::{ErrorCode, FileMode, Oid, Repository, RepositoryState};
use git2::{Signature, build::TreeUpdateBuilder};

use super::error::{GitContext, HistoryError};
use super::lock::{DEFAULT_WAIT, WriterLock};
use super::recovery::Journal;
pub(crate) use super::recovery::TagSpec;
use super::{Author, BRANCH, History};
use super::{blob_ids_on_disk, bulk};
use crate::store::StoreError;
use crate::store::guard::{self, Replace};

/// How long moving the branch waits for a lock another git holds.
const REF_LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// New content for one path, or its removal.
#[derive(Debug, Clone)]
pub struct PathUpdate {
    /// Relative to the inventory root, with `/`.
    pub path: String,
    pub content: Option<Vec<u8>>,
}

pub(crate) fn signature(author: &Author) -> Result<Signature<'static>, git2::Error> {
    Signature::now(&author.name, &author.email)
}

/// Where the files to commit come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The content given: the working tree is written after the commit.
    Given,
    /// The files as they are on disk (`registrar`): never written back.
    OnDisk,
}

/// What happened to a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Committed {
    Done(Oid),
    /// The new tree equals the parent's: no commit was made.
    Unchanged,
    /// The branch no longer points to the expected parent.
    Moved,
}

/// Held while writing: the writers' lock, after recovery.
pub(crate) struct WriteSession<'h> {
    history: &'h History,
    _lock: WriterLock,
}

impl History {
    /// Takes the writers' lock, refuses a repository in a state the tool must not
    /// write in, and finishes whatever a killed writer left.
    pub(crate) fn begin_write(&self) -> Result<WriteSession<'_>, HistoryError> {
        let lock = WriterLock::acquire(self.repo.path(), DEFAULT_WAIT)?;
        self.check_state()?;
        self.recover()?;
        Ok(WriteSession {
            history: self,
            _lock: lock,
        })
    }

    /// The repository must be on `main`, with no git operation under way.
    pub(crate) fn check_state(&self) -> Result<(), HistoryError> {
        let operation = match self.repo.state() {
            RepositoryState::Clean => None,
            RepositoryState::Merge => Some(("uma mesclagem (merge)", "merge")),
            RepositoryState::Revert | RepositoryState::RevertSequence => {
                Some(("uma reversão (revert)", "revert"))
            }
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => {
                Some(("um cherry-pick", "cherry-pick"))
            }
            RepositoryState::Bisect => Some(("uma busca (bisect)", "bisect")),
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge => Some(("um rebase", "rebase")),
            RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => {
                Some(("um `git am`", "am"))
            }
        };
        if let Some((what, command)) = operation {
            return Err(HistoryError::OperationInProgress(what, command));
        }
        let head = self.repo.find_reference("HEAD").at(&self.root)?;
        match head.symbolic_target().ok().flatten() {
            Some(BRANCH) => Ok(()),
            Some(other) => Err(HistoryError::OtherBranch(
                other.trim_start_matches("refs/heads/").to_owned(),
            )),
            None => Err(HistoryError::DetachedHead),
        }
    }
}

impl WriteSession<'_> {
    /// Refuses to replace any file that does not hold what `at` holds: a hand
    /// edit, an untracked file, a file that does not parse. Lists them all.
    pub(crate) fn check_worktree(&self, at: Oid, paths: &[&str]) -> Result<(), HistoryError> {
        let history = self.history;
        let mut unregistered = Vec::new();
        let mut files = history.files_of(at)?;
        let on_disk = paths
            .iter()
            .map(|path| guard::checked_path(&history.root, path).map(|(file, _)| file))
            .collect::<Result<Vec<_>, _>>()?;
        let on_disk = blob_ids_on_disk(&history.root, &on_disk)?;
        for (path, current) in paths.iter().zip(on_disk) {
            // A file that hashes to the blob `at` holds is in line: neither the
            // blob nor a comparison is needed (most of an approval's files).
            if current.is_some() && files.entry(path)?.map(|(id, _)| id) == current {
                continue;
            }
            let expected = files.get(path)?;
            match guard::check_replace(
                &history.root,
                path,
                Replace::IfOneOf(&[expected.as_deref()]),
            ) {
                Ok(_) => {}
                Err(StoreError::UnregisteredEdit(_)) => unregistered.push((*path).to_owned()),
                Err(other) => return Err(other.into()),
            }
        }
        if unregistered.is_empty() {
            Ok(())
        } else {
            Err(HistoryError::UnregisteredEdits(unregistered))
        }
    }

    /// Commits `updates` on top of HEAD (`parents` after it make a merge) and
    /// moves the branch, then brings the working tree in line (see the module doc).
    pub(crate) fn commit(
        &self,
        updates: &[PathUpdate],
        other_parents: &[Oid],
        author: &Author,
        message: &str,
        tag: Option<TagSpec>,
        source: Source,
    ) -> Result<Committed, HistoryError> {
        let history = self.history;
        let root = &history.root;
        let repo = &history.repo;
        let head = history.head_oid()?;
        for update in updates {
            guard::checked_path(root, &update.path)?;
        }
        if source == Source::Given {
            let paths: Vec<&str> = updates.iter().map(|u| u.path.as_str()).collect();
            self.check_worktree(head, &paths)?;
        }
        let build = |repo: &Repository| -> Result<Option<bulk::Built>, git2::Error> {
            let parent = repo.find_commit(head)?;
            let parent_tree = parent.tree()?;
            let mut builder = TreeUpdateBuilder::new();
            let mut blobs = Vec::with_capacity(updates.len());
            for update in updates {
                match &update.content {
                    Some(bytes) => {
                        let blob = repo.blob(bytes)?;
                        blobs.push(blob);
                        builder.upsert(update.path.as_str(), blob, FileMode::Blob);
                    }
                    None => {
                        builder.remove(update.path.as_str());
                    }
                }
            }
            let tree_id = builder.create_updated(repo, &parent_tree)?;
            if tree_id == parent_tree.id() && other_parents.is_empty() {
                return Ok(None);
            }
            let tree = repo.find_tree(tree_id)?;
            let mut parent_commits = vec![parent];
            for id in other_parents {
                parent_commits.push(repo.find_commit(*id)?);
            }
            let parent_refs: Vec<&git2::Commit> = parent_commits.iter().collect();
            let signature = signature(author)?;
            let commit = repo.commit(None, &signature, &signature, message, &tree, &parent_refs)?;
            Ok(Some(bulk::Built { commit, blobs }))
        };
        let written = if updates.len() >= bulk::PACK_FROM_FILES {
            bulk::in_one_pack(repo, build)
        } else {
            build(repo).map(|built| built.map(|b| b.commit))
        };
        let Some(commit) = written.at(root)? else {
            return Ok(Committed::Unchanged);
        };
        let paths = updates.iter().map(|u| u.path.clone()).collect();
        let subject = message.lines().next().unwrap_or_default();
        self.advance(head, commit, paths, subject, tag, updates)
    }

    /// Moves the branch from `from` to the existing commit `to` (a fast-forward),
    /// bringing `paths` in the working tree in line.
    pub(crate) fn fast_forward(
        &self,
        from: Oid,
        to: Oid,
        paths: Vec<String>,
        subject: &str,
    ) -> Result<Committed, HistoryError> {
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        self.check_worktree(from, &refs)?;
        self.advance(from, to, paths, subject, None, &[])
    }

    fn advance(
        &self,
        from: Oid,
        to: Oid,
        paths: Vec<String>,
        subject: &str,
        tag: Option<TagSpec>,
        written: &[PathUpdate],
    ) -> Result<Committed, HistoryError> {
        let history = self.history;
        let journal = Journal {
            subject: subject.to_owned(),
            from: from.to_string(),
            to: to.to_string(),
            paths,
            tag,
        };
        history.write_journal(&journal)?;
        // Another git may hold the branch's lock for a moment (the background
        // `git gc` expiring reflogs, someone's `git fetch`): wait for it.
        let deadline = std::time::Instant::now() + REF_LOCK_PATIENCE;
        let moved = loop {
            match history.repo.reference_matching(
                BRANCH,
                to,
                true,
                from,
                &format!("inventario: {subject}"),
            ) {
                Err(e) if e.code() == ErrorCode::Locked && std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => break other,
            }
        };
        match moved {
            Ok(_) => {}
            Err(e) => {
                let _ = std::fs::remove_file(history.journal_path());
                return match e.code() {
                    ErrorCode::Modified => Ok(Committed::Moved),
                    _ => Err(e).at(&history.root),
                };
            }
        }
        history.finish(&journal, written)?;
        history.upkeep_after_commit();
        Ok(Committed::Done(to))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    /// From `bulk::PACK_FROM_FILES` files on (an approval of every process, a
    /// `formatar` of the whole inventory), the objects go into a pack, none
    /// loose: git reads the history whole, and the working tree and the index
    /// end in line with the new commit.
    #[test]
    fn a_commit_of_many_files_is_packed_and_leaves_the_tree_in_line() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join("inv");
        crate::store::init(&root, "Instituição sintética").unwrap();
        for p in &crate::synthetic::inventory(5, 2 * bulk::PACK_FROM_FILES).processes {
            crate::store::save_process(&root, p).unwrap();
        }
        let history = History::start(&root, &author(), "Carga").unwrap();
        let git = |args: &[&str]| git(&root, args);
        let loose = |counts: &str| -> usize {
            let first = counts.lines().next().unwrap_or_default();
            first.trim_start_matches("count: ").parse().unwrap()
        };
        let before = git(&["count-objects", "-v"]);
        assert!(before.contains("packs: 0"), "{before}");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let approval = history
            .approve("Ata 3/2026", &[], today, &author())
            .unwrap();
        assert_eq!(approval.processes.len(), 2 * bulk::PACK_FROM_FILES);
        git(&["fsck", "--strict"]);
        assert_eq!(git(&["status", "--porcelain"]), "");
        let after = git(&["count-objects", "-v"]);
        assert!(after.contains("packs: 1"), "{after}");
        // One loose object only: the approval's tag.
        assert_eq!(loose(&after), loose(&before) + 1, "{after}");
        // The approval is on disk, in every file.
        let id = &approval.processes[7];
        let text = std::fs::read_to_string(root.join(format!("processos/{id}.ron"))).unwrap();
        assert!(text.contains("Ata 3/2026"), "{text}");
    }

    #[test]
    fn a_tree_equal_to_its_parent_makes_no_commit() {
        let (_temp, history) = sample_repo();
        let head = history.head().unwrap();
        let path = "processos/cftv.ron";
        let same = std::fs::read(history.root().join(path)).unwrap();
        let session = history.begin_write().unwrap();
        let outcome = session
            .commit(
                &[PathUpdate {
                    path: path.into(),
                    content: Some(same),
                }],
                &[],
                &author(),
                "nada\n",
                None,
                Source::Given,
            )
            .unwrap();
        assert_eq!(outcome, Committed::Unchanged);
        assert_eq!(history.head().unwrap(), head);
    }

    /// A branch lock held a moment by another git (a background gc expiring
    /// reflogs) delays the commit; it does not fail it.
    #[test]
    fn a_branch_lock_held_a_moment_is_waited_for() {
        let (_temp, history) = sample_repo();
        let path = "processos/cftv.ron";
        let text = std::fs::read_to_string(history.root().join(path)).unwrap();
        let session = history.begin_write().unwrap();
        let lock = history.repo.path().join("refs/heads/main.lock");
        std::fs::write(&lock, b"").unwrap();
        let remover = {
            let lock = lock.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(300));
                std::fs::remove_file(lock).unwrap();
            })
        };
        let outcome = session
            .commit(
                &[PathUpdate {
                    path: path.into(),
                    content: Some(text.replace("dias", "dias ").into_bytes()),
                }],
                &[],
                &author(),
                "espera\n",
                None,
                Source::Given,
            )
            .unwrap();
        remover.join().unwrap();
        assert!(matches!(outcome, Committed::Done(_)), "{outcome:?}");
    }

    #[test]
    fn the_tool_refuses_to_write_on_a_detached_head_another_branch_or_mid_rebase() {
        let (_temp, history) = sample_repo();
        let head = history.head().unwrap();
        history.repo.set_head_detached(head.oid()).unwrap();
        assert!(matches!(
            history.begin_write().err(),
            Some(HistoryError::DetachedHead)
        ));
        history
            .repo
            .branch(
                "outro",
                &history.repo.find_commit(head.oid()).unwrap(),
                false,
            )
            .unwrap();
        history.repo.set_head("refs/heads/outro").unwrap();
        let error = history.begin_write().err().unwrap();
        assert!(matches!(error, HistoryError::OtherBranch(ref b) if b == "outro"));
        assert!(error.to_string().contains("git checkout main"), "{error}");
        history.repo.set_head(BRANCH).unwrap();
        std::fs::create_dir(history.repo.path().join("rebase-merge")).unwrap();
        let error = history.begin_write().err().unwrap();
        assert!(error.to_string().contains("git rebase --abort"), "{error}");
        std::fs::remove_dir(history.repo.path().join("rebase-merge")).unwrap();
        assert!(history.begin_write().is_ok());
    }
}
