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

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use git2::{ErrorCode, FileMode, IndexEntry, IndexTime, ObjectType, Oid, RepositoryState};
use git2::{Signature, build::TreeUpdateBuilder};
use serde::{Deserialize, Serialize};

use super::error::{GitContext, HistoryError};
use super::lock::{DEFAULT_WAIT, WriterLock, remove_stale_git_locks};
use super::{Author, BRANCH, History};
use crate::store::guard::{self, Replace};
use crate::store::{self, StoreError, layout};

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

/// An annotated tag to create on the new commit, as part of the same change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TagSpec {
    pub name: String,
    pub message: String,
    pub tagger_name: String,
    pub tagger_email: String,
}

/// What a writer must finish after moving the branch.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Journal {
    /// The commit subject, for messages.
    subject: String,
    from: String,
    to: String,
    paths: Vec<String>,
    tag: Option<TagSpec>,
}

const JOURNAL_FILE: &str = "inventario-diario.json";

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

    fn journal_path(&self) -> PathBuf {
        self.repo.path().join(JOURNAL_FILE)
    }

    fn read_journal(&self) -> Result<Option<Journal>, HistoryError> {
        let path = self.journal_path();
        match std::fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(journal) => Ok(Some(journal)),
                Err(_) => {
                    // Written atomically, so this is not ours: say so, drop it.
                    self.notice(format!(
                        "o diário de gravação {} não pôde ser lido e foi descartado",
                        path.display()
                    ));
                    let _ = std::fs::remove_file(&path);
                    Ok(None)
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::io(&path, e).into()),
        }
    }

    /// Removes stale locks and temporary files, and finishes an interrupted change.
    fn recover(&self) -> Result<(), HistoryError> {
        for lock in remove_stale_git_locks(self.repo.path()) {
            self.notice(format!(
                "removida a trava abandonada .git/{lock}, deixada por uma gravação interrompida"
            ));
        }
        let mut temporaries = Vec::new();
        let git_dir = self.repo.path().to_path_buf();
        for dir in layout::inventory_dirs(&self.root).iter().chain([&git_dir]) {
            temporaries.extend(store::remove_leftover_temporaries(dir));
        }
        if !temporaries.is_empty() {
            self.notice(format!(
                "removidos {} arquivo(s) temporário(s) deixados por uma gravação interrompida",
                temporaries.len()
            ));
        }
        self.ensure_local_excludes();
        if let Some(journal) = self.read_journal()? {
            let finished = self.finish(&journal)?;
            if finished {
                self.notice(format!(
                    "concluída a gravação interrompida \"{}\"",
                    journal.subject
                ));
            }
        }
        Ok(())
    }

    /// Temporary files and drafts never show in `git status`, also in inventories
    /// created before `.gitignore` listed them (`.git/info/exclude` is local).
    fn ensure_local_excludes(&self) {
        let path = self.repo.path().join("info").join("exclude");
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        let wanted = [
            format!("/{}*", layout::TEMP_PREFIX),
            format!("{}*", layout::TEMP_PREFIX),
            format!("/{}/", layout::DRAFTS_DIR),
        ];
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|line| !current.lines().any(|l| l == line.as_str()))
            .collect();
        if missing.is_empty() {
            return;
        }
        let mut text = current.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for line in missing {
            text.push_str(line);
            text.push('\n');
        }
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = store::write_atomically(&path, text.as_bytes());
    }

    /// Completes steps 5 and 6 of a change whose branch moved; drops the journal of
    /// one whose branch never moved. Returns whether there was work to finish.
    fn finish(&self, journal: &Journal) -> Result<bool, HistoryError> {
        let root = &self.root;
        let parse = |text: &str| {
            Oid::from_str(text).map_err(|_| HistoryError::UnknownRevision(text.to_owned()))
        };
        let (from, to) = (parse(&journal.from)?, parse(&journal.to)?);
        let head = self.head()?;
        let landed = head == to || self.repo.graph_descendant_of(head, to).unwrap_or(false);
        if !landed {
            // Killed before the branch moved: nothing else was written.
            let _ = std::fs::remove_file(self.journal_path());
            return Ok(false);
        }
        let to_tree = self.repo.find_commit(to).and_then(|c| c.tree()).at(root)?;
        let mut index = self.repo.index().at(root)?;
        index.read(true).at(root)?;
        for path in &journal.paths {
            let before = self.file_at(from, path)?;
            let after = self.file_at(to, path)?;
            let (file, _) = guard::checked_path(root, path)?;
            let current = guard::current_content(&file)?;
            if current == after {
                // Already there (or the source of a `registrar`).
            } else if current == before {
                guard::write_file(
                    root,
                    path,
                    after.as_deref(),
                    Replace::IfOneOf(&[before.as_deref()]),
                )?;
            } else {
                self.notice(format!(
                    "{path} foi alterado no disco durante a gravação; essa versão foi mantida e aparece como alteração não registrada"
                ));
            }
            match to_tree.get_path(Path::new(path)) {
                Ok(entry) => {
                    let size = after.as_ref().map_or(0, Vec::len);
                    index
                        .add(&index_entry(path, entry.id(), entry.filemode(), size))
                        .at(root)?;
                }
                Err(e) if e.code() == ErrorCode::NotFound => {
                    let _ = index.remove_path(Path::new(path));
                }
                Err(e) => return Err(e).at(root),
            }
        }
        self.write_index(&mut index);
        if let Some(tag) = &journal.tag {
            self.ensure_tag(tag, to)?;
        }
        let _ = std::fs::remove_file(self.journal_path());
        Ok(true)
    }

    /// Writes the index, waiting a little for a `git status` that holds
    /// `index.lock`. The commit is already made: a failure here is only reported,
    /// never turned into a failed command (`git status` fixes the index itself).
    fn write_index(&self, index: &mut git2::Index) {
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            match index.write() {
                Ok(()) => return,
                Err(e) if e.code() == ErrorCode::Locked && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(_) => {
                    self.notice(
                        "o índice do git estava ocupado e não foi atualizado; a gravação foi feita, e `git status` pode mostrar o arquivo como alterado até o próximo comando".to_owned(),
                    );
                    return;
                }
            }
        }
    }

    /// Creates the approval tag on `commit` unless it is already there.
    pub(crate) fn ensure_tag(&self, tag: &TagSpec, commit: Oid) -> Result<(), HistoryError> {
        let root = &self.root;
        let existing = self
            .repo
            .find_reference(&format!("refs/tags/{}", tag.name))
            .and_then(|r| r.peel_to_commit());
        if existing.is_ok_and(|c| c.id() == commit) {
            return Ok(());
        }
        let name = self.free_tag_name(&tag.name);
        let object = self
            .repo
            .find_object(commit, Some(ObjectType::Commit))
            .at(root)?;
        let tagger = Signature::now(&tag.tagger_name, &tag.tagger_email).at(root)?;
        self.repo
            .tag(&name, &object, &tagger, &tag.message, false)
            .at(root)?;
        Ok(())
    }

    /// `name`, or `name-2`, `name-3`… if taken.
    pub(crate) fn free_tag_name(&self, name: &str) -> String {
        let taken = |name: &str| {
            self.repo
                .find_reference(&format!("refs/tags/{name}"))
                .is_ok()
        };
        if !taken(name) {
            return name.to_owned();
        }
        (2..)
            .map(|n| format!("{name}-{n}"))
            .find(|candidate| !taken(candidate))
            .unwrap_or_else(|| name.to_owned())
    }
}

/// An index entry for a committed blob. The stat fields are zero on purpose: git
/// then compares the file's content instead of trusting its timestamps.
fn index_entry(path: &str, id: Oid, mode: i32, size: usize) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: mode as u32,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

impl WriteSession<'_> {
    /// Refuses to replace any file that does not hold what `at` holds: a hand
    /// edit, an untracked file, a file that does not parse. Lists them all.
    pub(crate) fn check_worktree(&self, at: Oid, paths: &[&str]) -> Result<(), HistoryError> {
        let history = self.history;
        let mut unregistered = Vec::new();
        for path in paths {
            let expected = history.file_at(at, path)?;
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
        let head = history.head()?;
        for update in updates {
            guard::checked_path(root, &update.path)?;
        }
        if source == Source::Given {
            let paths: Vec<&str> = updates.iter().map(|u| u.path.as_str()).collect();
            self.check_worktree(head, &paths)?;
        }
        let parent = repo.find_commit(head).at(root)?;
        let parent_tree = parent.tree().at(root)?;
        let mut builder = TreeUpdateBuilder::new();
        for update in updates {
            match &update.content {
                Some(bytes) => {
                    let blob = repo.blob(bytes).at(root)?;
                    builder.upsert(update.path.as_str(), blob, FileMode::Blob);
                }
                None => {
                    builder.remove(update.path.as_str());
                }
            }
        }
        let tree_id = builder.create_updated(repo, &parent_tree).at(root)?;
        if tree_id == parent_tree.id() && other_parents.is_empty() {
            return Ok(Committed::Unchanged);
        }
        let tree = repo.find_tree(tree_id).at(root)?;
        let mut parent_commits = vec![parent];
        for id in other_parents {
            parent_commits.push(repo.find_commit(*id).at(root)?);
        }
        let parent_refs: Vec<&git2::Commit> = parent_commits.iter().collect();
        let signature = signature(author).at(root)?;
        let commit = repo
            .commit(None, &signature, &signature, message, &tree, &parent_refs)
            .at(root)?;
        let paths = updates.iter().map(|u| u.path.clone()).collect();
        let subject = message.lines().next().unwrap_or_default();
        self.advance(head, commit, paths, subject, tag)
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
        self.advance(from, to, paths, subject, None)
    }

    fn advance(
        &self,
        from: Oid,
        to: Oid,
        paths: Vec<String>,
        subject: &str,
        tag: Option<TagSpec>,
    ) -> Result<Committed, HistoryError> {
        let history = self.history;
        let journal = Journal {
            subject: subject.to_owned(),
            from: from.to_string(),
            to: to.to_string(),
            paths,
            tag,
        };
        let text =
            serde_json::to_vec(&journal).map_err(|e| StoreError::Serialize(e.to_string()))?;
        store::write_atomically(&history.journal_path(), &text)?;
        match history.repo.reference_matching(
            BRANCH,
            to,
            true,
            from,
            &format!("inventario: {subject}"),
        ) {
            Ok(_) => {}
            Err(e) => {
                let _ = std::fs::remove_file(history.journal_path());
                return match e.code() {
                    ErrorCode::Modified => Ok(Committed::Moved),
                    _ => Err(e).at(&history.root),
                };
            }
        }
        history.finish(&journal)?;
        Ok(Committed::Done(to))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn status_is_clean(history: &History) -> bool {
        history.repo.statuses(None).unwrap().is_empty()
    }

    /// A commit that changes `path` to `text`, made as a writer would before its
    /// journal, with the branch left where it was.
    fn dangling_commit(history: &History, path: &str, text: &[u8]) -> (Oid, Oid) {
        let head = history.head().unwrap();
        let parent = history.repo.find_commit(head).unwrap();
        let mut builder = TreeUpdateBuilder::new();
        let blob = history.repo.blob(text).unwrap();
        builder.upsert(path, blob, FileMode::Blob);
        let tree = builder
            .create_updated(&history.repo, &parent.tree().unwrap())
            .unwrap();
        let tree = history.repo.find_tree(tree).unwrap();
        let signature = signature(&author()).unwrap();
        let commit = history
            .repo
            .commit(None, &signature, &signature, "x\n", &tree, &[&parent])
            .unwrap();
        (head, commit)
    }

    fn write_journal(history: &History, from: Oid, to: Oid, path: &str, tag: Option<TagSpec>) {
        let journal = Journal {
            subject: "Teste".into(),
            from: from.to_string(),
            to: to.to_string(),
            paths: vec![path.to_owned()],
            tag,
        };
        std::fs::write(
            history.journal_path(),
            serde_json::to_vec(&journal).unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn a_change_killed_after_the_branch_moved_is_completed_by_the_next_command() {
        let (_temp, history) = sample_repo();
        let path = "processos/cftv.ron";
        let old = std::fs::read(history.root().join(path)).unwrap();
        let new = String::from_utf8(old.clone())
            .unwrap()
            .replace("quantidade_titulares: 12000", "quantidade_titulares: 13000");
        let (from, to) = dangling_commit(&history, path, new.as_bytes());
        let tag = TagSpec {
            name: "aprovacao/2026-11-23".into(),
            message: "Aprovação do comitê gestor: Ata 1\n".into(),
            tagger_name: "Ana".into(),
            tagger_email: "ana@exemplo.edu.br".into(),
        };
        write_journal(&history, from, to, path, Some(tag));
        history
            .repo
            .reference(BRANCH, to, true, "simula a queda")
            .unwrap();
        // Here the old tool left the old file on disk: `registrar` would have
        // committed it, reverting the change.
        assert_eq!(std::fs::read(history.root().join(path)).unwrap(), old);

        drop(history.begin_write().unwrap());
        assert_eq!(
            std::fs::read(history.root().join(path)).unwrap(),
            new.as_bytes()
        );
        assert!(status_is_clean(&history));
        assert!(!history.journal_path().exists());
        let tagged = history
            .repo
            .find_reference("refs/tags/aprovacao/2026-11-23")
            .unwrap()
            .peel_to_commit()
            .unwrap();
        assert_eq!(tagged.id(), to);
        assert!(
            history
                .take_notices()
                .iter()
                .any(|n| n.contains("concluída a gravação interrompida")),
        );
    }

    #[test]
    fn a_change_killed_before_the_branch_moved_leaves_nothing() {
        let (_temp, history) = sample_repo();
        let path = "processos/cftv.ron";
        let old = std::fs::read(history.root().join(path)).unwrap();
        let (from, to) = dangling_commit(&history, path, b"(versao_formato: 1)");
        write_journal(&history, from, to, path, None);
        drop(history.begin_write().unwrap());
        assert_eq!(history.head().unwrap(), from);
        assert_eq!(std::fs::read(history.root().join(path)).unwrap(), old);
        assert!(!history.journal_path().exists());
        assert!(status_is_clean(&history));
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

    #[test]
    fn the_tool_refuses_to_write_on_a_detached_head_another_branch_or_mid_rebase() {
        let (_temp, history) = sample_repo();
        let head = history.head().unwrap();
        history.repo.set_head_detached(head).unwrap();
        assert!(matches!(
            history.begin_write().err(),
            Some(HistoryError::DetachedHead)
        ));
        history
            .repo
            .branch("outro", &history.repo.find_commit(head).unwrap(), false)
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

    #[test]
    fn leftover_temporaries_and_stale_git_locks_are_cleaned_and_reported() {
        let (_temp, history) = sample_repo();
        let temp = history.root().join("processos/.inventario-abc123");
        std::fs::write(&temp, b"meio arquivo").unwrap();
        let lock = history.repo.path().join("refs/heads/main.lock");
        let file = std::fs::File::create(&lock).unwrap();
        file.set_modified(std::time::SystemTime::now() - Duration::from_secs(600))
            .unwrap();
        drop(history.begin_write().unwrap());
        assert!(!temp.exists());
        assert!(!lock.exists());
        let notices = history.take_notices().join("\n");
        assert!(notices.contains("refs/heads/main.lock"), "{notices}");
        assert!(notices.contains("temporário"), "{notices}");
        let exclude = std::fs::read_to_string(history.repo.path().join("info/exclude")).unwrap();
        assert!(exclude.contains(".inventario-*"), "{exclude}");
    }
}
