//! Writing a commit for a few paths: blobs, a tree built from the parent's with
//! `TreeUpdateBuilder` (only those entries differ), the commit, then the branch
//! moved as a compare-and-swap — it fails if anyone moved it meanwhile, inside the
//! tool or not. Afterwards the working tree and the index are brought in line.

use std::path::Path;

use git2::{ErrorCode, FileMode, Oid, Signature, build::TreeUpdateBuilder};

use super::error::{GitContext, HistoryError};
use super::{Author, BRANCH, History};
use crate::store;

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

/// What happened to the compare-and-swap.
pub(crate) enum Swap {
    Done(Oid),
    /// The branch no longer points to the expected parent.
    Moved,
}

impl History {
    /// Commits `updates` on top of `parents[0]` (more parents make a merge) and
    /// moves the branch from `parents[0]` to the new commit.
    pub(crate) fn commit_updates(
        &self,
        updates: &[PathUpdate],
        parents: &[Oid],
        author: &Author,
        message: &str,
    ) -> Result<Swap, HistoryError> {
        let root = &self.root;
        let repo = &self.repo;
        let first = repo.find_commit(parents[0]).at(root)?;
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
        let tree_id = builder
            .create_updated(repo, &first.tree().at(root)?)
            .at(root)?;
        let tree = repo.find_tree(tree_id).at(root)?;
        let parent_commits = parents
            .iter()
            .map(|id| repo.find_commit(*id))
            .collect::<Result<Vec<_>, _>>()
            .at(root)?;
        let parent_refs: Vec<&git2::Commit> = parent_commits.iter().collect();
        let signature = signature(author).at(root)?;
        let commit = repo
            .commit(None, &signature, &signature, message, &tree, &parent_refs)
            .at(root)?;
        let subject = message.lines().next().unwrap_or_default();
        match repo.reference_matching(
            BRANCH,
            commit,
            true,
            parents[0],
            &format!("inventario: {subject}"),
        ) {
            Ok(_) => Ok(Swap::Done(commit)),
            Err(e) if e.code() == ErrorCode::Modified || e.code() == ErrorCode::Locked => {
                Ok(Swap::Moved)
            }
            Err(e) => Err(e).at(root),
        }
    }

    /// Writes the updates into the working tree (atomically) and the index, so
    /// that working tree, index and HEAD agree.
    pub(crate) fn apply_to_worktree(&self, updates: &[PathUpdate]) -> Result<(), HistoryError> {
        let mut index = self.repo.index().at(&self.root)?;
        // Another writer may have written the index since this handle read it.
        index.read(true).at(&self.root)?;
        for update in updates {
            let file = self.root.join(&update.path);
            match &update.content {
                Some(bytes) => {
                    if let Some(parent) = file.parent() {
                        std::fs::create_dir_all(parent)
                            .map_err(|e| store::StoreError::io(parent, e))?;
                    }
                    store::write_atomically(&file, bytes)?;
                    index.add_path(Path::new(&update.path)).at(&self.root)?;
                }
                None => {
                    match std::fs::remove_file(&file) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(store::StoreError::io(&file, e).into()),
                    }
                    index.remove_path(Path::new(&update.path)).at(&self.root)?;
                }
            }
        }
        index.write().at(&self.root)
    }
}
