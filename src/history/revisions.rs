//! Semantic diffs between revisions: two commits, or a commit and the working tree
//! (uncommitted edits). git finds the changed paths by comparing tree entries; only
//! those files are read and compared field by field.

use git2::{Delta, DiffOptions, Oid};

use super::CommitId;
use super::History;
use super::error::{GitContext, HistoryError};
use crate::files::InventoryFile;
use crate::semantic::diff;
use crate::semantic::render::{FileDiff, FileStatus};
use crate::store::layout;

/// The newer side of a comparison (the older one is always a commit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Commit(CommitId),
    /// The files on disk now.
    WorkTree,
}

/// Compares two versions of one file.
pub(crate) fn file_diff(path: &str, old: Option<&[u8]>, new: Option<&[u8]>) -> Option<FileDiff> {
    let file = InventoryFile::parse(path).ok()?;
    let kind = crate::document::kind_of(&file)?;
    let status = match (old, new) {
        (None, Some(_)) => FileStatus::Created,
        (Some(_), None) => FileStatus::Removed,
        (Some(a), Some(b)) if a == b => return None,
        (Some(_), Some(_)) => FileStatus::Changed,
        (None, None) => return None,
    };
    let parse = |bytes: Option<&[u8]>| {
        bytes
            .map(|b| kind.read(b).map_err(|e| e.to_string()))
            .transpose()
    };
    let process = match &file {
        InventoryFile::Process(stem) => Some(stem.clone()),
        _ => None,
    };
    let mut result = FileDiff {
        file: path.to_owned(),
        process,
        title: String::new(),
        status,
        changes: Vec::new(),
        unreadable: None,
    };
    match (parse(old), parse(new)) {
        (Ok(a), Ok(b)) => {
            let empty = serde_json::Value::Object(serde_json::Map::new());
            if status == FileStatus::Changed {
                let old_tree = a.as_ref().map_or(&empty, |(t, _)| t);
                let new_tree = b.as_ref().map_or(&empty, |(t, _)| t);
                result.changes = diff(old_tree, new_tree);
            }
            result.title = b.or(a).map(|(_, title)| title).unwrap_or_default();
        }
        (Err(why), _) | (_, Err(why)) => result.unreadable = Some(why),
    }
    Some(result)
}

impl History {
    fn tree_of(&self, commit: CommitId) -> Result<git2::Tree<'_>, HistoryError> {
        self.repo
            .find_commit(commit.oid())
            .and_then(|c| c.tree())
            .at(&self.root)
    }

    fn blob(&self, id: Oid) -> Result<Option<Vec<u8>>, HistoryError> {
        if id.is_zero() {
            return Ok(None);
        }
        Ok(Some(
            self.repo.find_blob(id).at(&self.root)?.content().to_vec(),
        ))
    }

    /// The semantic diff from commit `from` to `to`, optionally of one process only.
    pub fn diff(
        &self,
        from: CommitId,
        to: Side,
        process: Option<&str>,
    ) -> Result<Vec<FileDiff>, HistoryError> {
        let mut options = DiffOptions::new();
        match process {
            Some(id) => {
                options.pathspec(layout::process_file(id));
            }
            None => {
                options.pathspec(layout::INSTITUTION_FILE).pathspec(format!(
                    "{}/*.{}",
                    layout::PROCESSES_DIR,
                    layout::EXTENSION
                ));
            }
        }
        options.include_untracked(true).recurse_untracked_dirs(true);
        let root = &self.root;
        let diff = match to {
            Side::Commit(b) => self
                .repo
                .diff_tree_to_tree(
                    Some(&self.tree_of(from)?),
                    Some(&self.tree_of(b)?),
                    Some(&mut options),
                )
                .at(root)?,
            Side::WorkTree => self
                .repo
                .diff_tree_to_workdir(Some(&self.tree_of(from)?), Some(&mut options))
                .at(root)?,
        };
        let mut out = Vec::new();
        for delta in diff.deltas() {
            let path = delta
                .new_file()
                .path()
                .or_else(|| delta.old_file().path())
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let old = match delta.status() {
                Delta::Added | Delta::Untracked => None,
                _ => self.blob(delta.old_file().id())?,
            };
            let new = match (delta.status(), to) {
                (Delta::Deleted, _) => None,
                (_, Side::WorkTree) => match std::fs::read(root.join(&path)) {
                    Ok(bytes) => Some(bytes),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => return Err(crate::store::StoreError::io(root.join(&path), e).into()),
                },
                _ => self.blob(delta.new_file().id())?,
            };
            if let Some(d) = file_diff(&path, old.as_deref(), new.as_deref()) {
                out.push(d);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::semantic::ChangeKind;

    #[test]
    fn diff_between_commits_and_against_the_work_tree() {
        let (_temp, history) = sample_repo();
        let first = history.head().unwrap();
        let path = history.root().join("processos/ouvidoria-sic.ron");
        let mut p: crate::model::Process =
            crate::ron_text::parse(&std::fs::read(&path).unwrap()).unwrap();
        p.frequency = Some("Diária".into());
        history.save_process(&p, None, None, &author()).unwrap();
        let second = history.head().unwrap();

        let diffs = history.diff(first, Side::Commit(second), None).unwrap();
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].process.as_deref(), Some("ouvidoria-sic"));
        assert_eq!(diffs[0].changes[0].path, "frequencia");
        assert_eq!(diffs[0].changes[0].kind, ChangeKind::Changed);

        // An uncommitted edit shows against HEAD; an untracked new file too.
        std::fs::write(
            &path,
            std::fs::read_to_string(&path)
                .unwrap()
                .replace("Diária", "Semanal"),
        )
        .unwrap();
        std::fs::copy(&path, history.root().join("processos/copia.ron")).unwrap();
        let pending = history.diff(second, Side::WorkTree, None).unwrap();
        let statuses: Vec<(&str, FileStatus)> = pending
            .iter()
            .map(|d| (d.file.as_str(), d.status))
            .collect();
        assert_eq!(
            statuses,
            vec![
                ("processos/copia.ron", FileStatus::Created),
                ("processos/ouvidoria-sic.ron", FileStatus::Changed)
            ]
        );
        let only = history
            .diff(first, Side::WorkTree, Some("ouvidoria-sic"))
            .unwrap();
        assert_eq!(only.len(), 1);
    }

    #[test]
    fn unreadable_versions_are_reported_not_fatal() {
        let d = file_diff(
            "processos/x.ron",
            Some(b"(".as_slice()),
            Some(b"()".as_slice()),
        )
        .unwrap();
        assert!(d.unreadable.is_some());
        assert!(file_diff("LEIA-ME.md", Some(b"a".as_slice()), Some(b"b".as_slice())).is_none());
    }
}
