//! What a killed writer leaves, and how the next command repairs it. Before the
//! branch moves, a writer records in a journal (`.git/inventario-diario.json`)
//! which commit it moves to, which files must then be written and which
//! approval tag must exist; `finish` completes that (or drops the journal of a
//! change whose branch never moved). `recover`, run by every write session,
//! also removes stale git locks and leftover temporary files.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use git2::{ErrorCode, IndexEntry, IndexTime, ObjectType, Oid, Signature};
use serde::{Deserialize, Serialize};

use super::error::{GitContext, HistoryError};
use super::lock::remove_stale_git_locks;
use super::write::PathUpdate;
use super::{History, blob_ids_on_disk};
use crate::store::guard::{self, Durability, Replace};
use crate::store::{self, StoreError, layout};

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
pub(crate) struct Journal {
    /// The commit subject, for messages.
    pub subject: String,
    pub from: String,
    pub to: String,
    pub paths: Vec<String>,
    pub tag: Option<TagSpec>,
}

const JOURNAL_FILE: &str = "inventario-diario.json";

impl History {
    pub(crate) fn journal_path(&self) -> PathBuf {
        self.repo.path().join(JOURNAL_FILE)
    }

    /// Writes the journal atomically, before the branch moves.
    pub(crate) fn write_journal(&self, journal: &Journal) -> Result<(), HistoryError> {
        let text = serde_json::to_vec(journal).map_err(|e| StoreError::Serialize(e.to_string()))?;
        Ok(store::write_atomically(&self.journal_path(), &text)?)
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
    pub(crate) fn recover(&self) -> Result<(), HistoryError> {
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
            let finished = self.finish(&journal, &[])?;
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
    /// `written` holds the contents the change's commit was just made of, by
    /// path, when the caller has them (a commit, not a recovery): those are
    /// not read back from the repository.
    pub(crate) fn finish(
        &self,
        journal: &Journal,
        written: &[PathUpdate],
    ) -> Result<bool, HistoryError> {
        let root = &self.root;
        let parse = |text: &str| {
            Oid::from_str(text).map_err(|_| HistoryError::UnknownRevision(text.to_owned()))
        };
        let (from, to) = (parse(&journal.from)?, parse(&journal.to)?);
        let head = self.head_oid()?;
        let landed = head == to || self.repo.graph_descendant_of(head, to).unwrap_or(false);
        if !landed {
            // Killed before the branch moved: nothing else was written.
            let _ = std::fs::remove_file(self.journal_path());
            return Ok(false);
        }
        let mut before_files = self.files_of(from)?;
        let mut after_files = self.files_of(to)?;
        let mut index = self.repo.index().at(root)?;
        index.read(true).at(root)?;
        // What each path needs, decided before anything is written; its index
        // entry is made after the writes, from the written file's stat data.
        let mut writes = Vec::new();
        let mut entries = Vec::with_capacity(journal.paths.len());
        let files = journal
            .paths
            .iter()
            .map(|path| guard::checked_path(root, path).map(|(file, _)| file))
            .collect::<Result<Vec<_>, _>>()?;
        // Compared by blob id: each file is hashed, no blob is read unless it
        // has to be written.
        let on_disk = blob_ids_on_disk(root, &files)?;
        // A path given twice ends as its last update: then all are read back.
        let distinct: std::collections::HashSet<&str> =
            written.iter().map(|w| w.path.as_str()).collect();
        let written = if distinct.len() == written.len() {
            written
        } else {
            &[]
        };
        for (index, ((path, file), current)) in
            journal.paths.iter().zip(files).zip(on_disk).enumerate()
        {
            let before = before_files.entry(path)?.map(|(id, _)| id);
            let after_entry = after_files.entry(path)?;
            let after = after_entry.map(|(id, _)| id);
            // Whether the file on disk will hold `after`: only then does its
            // index entry get the file's stat data (a later status then needs
            // no re-hash); otherwise git compares its content.
            let in_line = if current == after {
                // Already there (or the source of a `registrar`).
                true
            } else if current == before {
                // The journal's paths are the commit's updates, in order.
                let content = match written.get(index).filter(|w| w.path == *path) {
                    Some(update) => update.content.as_deref().map(Cow::Borrowed),
                    None => after_files.get(path)?.map(Cow::Owned),
                };
                match content {
                    Some(content) => writes.push((file.clone(), content)),
                    None => {
                        guard::write_file_as(root, path, None, Replace::Anyway, Durability::Now)?;
                    }
                }
                true
            } else {
                self.notice(format!(
                    "{path} foi alterado no disco durante a gravação; essa versão foi mantida e aparece como alteração não registrada"
                ));
                false
            };
            entries.push((path, file, after_entry, in_line));
        }
        match writes.as_slice() {
            [] => {}
            [(file, content)] => store::write_atomically(file, content)?,
            // A batch (an approval of every process) is flushed once, before
            // the journal goes.
            batch => {
                store::write_batch_unsynced(batch)?;
                let files: Vec<PathBuf> = writes.into_iter().map(|(file, _)| file).collect();
                store::sync_file_system(root, &files)?;
            }
        }
        for (path, file, after_entry, in_line) in entries {
            match after_entry {
                Some((id, mode)) => {
                    let stat = in_line
                        .then(|| std::fs::symlink_metadata(&file).ok())
                        .flatten();
                    // In line, the file holds the blob: its size is the blob's.
                    let size = stat.as_ref().map_or(0, |m| m.len() as usize);
                    let entry = index_entry(path, id, mode, size, stat.as_ref());
                    index.add(&entry).at(root)?;
                }
                None => {
                    let _ = index.remove_path(Path::new(path));
                }
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
/// The index entry of a committed file; with the file's stat data when the
/// file on disk is known to hold that very content.
fn index_entry(
    path: &str,
    id: Oid,
    mode: i32,
    size: usize,
    stat: Option<&std::fs::Metadata>,
) -> IndexEntry {
    use std::os::unix::fs::MetadataExt;
    // The index keeps 32-bit fields; git truncates the same way.
    let low = |n: i64| n as u32;
    let time = |seconds: i64, nanoseconds: i64| IndexTime::new(seconds as i32, low(nanoseconds));
    IndexEntry {
        ctime: stat.map_or(IndexTime::new(0, 0), |m| time(m.ctime(), m.ctime_nsec())),
        mtime: stat.map_or(IndexTime::new(0, 0), |m| time(m.mtime(), m.mtime_nsec())),
        dev: stat.map_or(0, |m| m.dev() as u32),
        ino: stat.map_or(0, |m| m.ino() as u32),
        mode: mode as u32,
        uid: stat.map_or(0, |m| m.uid()),
        gid: stat.map_or(0, |m| m.gid()),
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use git2::FileMode;
    use git2::build::TreeUpdateBuilder;

    use super::super::BRANCH;
    use super::super::test_support::*;
    use super::super::write::signature;
    use super::*;

    fn status_is_clean(history: &History) -> bool {
        history.repo.statuses(None).unwrap().is_empty()
    }

    /// A commit that changes `path` to `text`, made as a writer would before its
    /// journal, with the branch left where it was.
    fn dangling_commit(history: &History, path: &str, text: &[u8]) -> (Oid, Oid) {
        let head = history.head().unwrap();
        let parent = history.repo.find_commit(head.oid()).unwrap();
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
        (head.oid(), commit)
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

    /// The index entry of `path` carries the file's own stat data.
    fn index_matches_file(history: &History, path: &str) -> bool {
        use std::os::unix::fs::MetadataExt;
        let mut index = history.repo.index().unwrap();
        index.read(true).unwrap();
        let entry = index.get_path(Path::new(path), 0).unwrap();
        let meta = std::fs::metadata(history.root().join(path)).unwrap();
        entry.mtime.seconds() == meta.mtime() as i32
            && entry.mtime.nanoseconds() == meta.mtime_nsec() as u32
            && entry.ino == meta.ino() as u32
            && entry.file_size as u64 == meta.len()
    }

    /// A saved file and an approved one get their stat data in the index, so
    /// the next `git status` (or the next save's status) does not re-hash them.
    #[test]
    fn committed_files_keep_their_stat_data_in_the_index() {
        let (_temp, history) = sample_repo();
        let path = "processos/cftv.ron";
        change_frequency(&history, "cftv", "Diária");
        assert!(index_matches_file(&history, path));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let approval = history
            .approve("Ata 1/2026", &[], today, &author())
            .unwrap();
        assert_eq!(approval.processes.len(), 18);
        for id in &approval.processes {
            assert!(
                index_matches_file(&history, &format!("processos/{id}.ron")),
                "{id}"
            );
        }
        assert!(status_is_clean(&history));
    }

    /// After a copy (`cp -a` keeps the times, not the inode numbers) the first
    /// status refreshes the stat data and writes the index back.
    #[test]
    fn a_status_after_a_copy_writes_the_refreshed_index() {
        let (temp, history) = sample_repo();
        let copy = temp.path().join("copia");
        let status = std::process::Command::new("cp")
            .args(["-a"])
            .arg(history.root())
            .arg(&copy)
            .status()
            .unwrap();
        assert!(status.success());
        let copied = History::open(&copy).unwrap();
        let path = "processos/cftv.ron";
        assert!(!index_matches_file(&copied, path), "cp -a gives new inodes");
        assert_eq!(copied.statuses(true).unwrap().len(), 0);
        assert!(index_matches_file(&copied, path));
    }

    #[test]
    fn a_change_killed_before_the_branch_moved_leaves_nothing() {
        let (_temp, history) = sample_repo();
        let path = "processos/cftv.ron";
        let old = std::fs::read(history.root().join(path)).unwrap();
        let (from, to) = dangling_commit(&history, path, b"(versao_formato: 1)");
        write_journal(&history, from, to, path, None);
        drop(history.begin_write().unwrap());
        assert_eq!(history.head().unwrap().oid(), from);
        assert_eq!(std::fs::read(history.root().join(path)).unwrap(), old);
        assert!(!history.journal_path().exists());
        assert!(status_is_clean(&history));
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
