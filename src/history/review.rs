//! Committee review: what changed in each process since its last approval, the
//! approval itself (one commit that records date, minutes and approver in each
//! approved process file, plus an annotated tag `aprovacao/AAAA-MM-DD`), and the
//! list of past approvals.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use git2::{ObjectType, Oid, Sort};

use super::commit::{PathUpdate, Swap, signature};
use super::error::{GitContext, HistoryError};
use super::lock::{DEFAULT_WAIT, WriterLock};
use super::log::{LogEntry, declared_processes, entry_of, process_path};
use super::revisions::file_diff;
use super::{Author, BRANCH, History};
use crate::model::{Process, Review};
use crate::semantic::Change;
use crate::semantic::message::{Operation, TRAILER_DATA, TRAILER_OPERATION, TRAILER_PROCESS};
use crate::store::{self, layout};

/// Prefix of the approval tags.
pub const TAG_PREFIX: &str = "aprovacao/";

/// The changes to one process waiting for the committee.
#[derive(Debug, Clone)]
pub struct Pending {
    pub process: String,
    pub title: String,
    /// The last approval commit, `None` if the process was never approved.
    pub approved_at: Option<Oid>,
    /// Commits since then, newest first.
    pub commits: Vec<LogEntry>,
    /// Field changes from the approved version to HEAD (empty if never approved).
    pub changes: Vec<Change>,
}

/// One past approval, read from its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub tag: String,
    pub commit: Oid,
    pub date: String,
    pub minutes: String,
    pub approver: String,
    pub processes: Vec<String>,
}

fn field<'a>(message: &'a str, key: &str) -> &'a str {
    message
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
        .unwrap_or_default()
}

impl History {
    /// Per process file, the commits that touched it, newest first, in one revwalk
    /// (declared processes for the tool's commits, a tree diff for the others).
    fn commits_by_process(&self) -> Result<BTreeMap<String, Vec<LogEntry>>, HistoryError> {
        let root = &self.root;
        let mut walk = self.repo.revwalk().at(root)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME).at(root)?;
        walk.push_ref(BRANCH).at(root)?;
        let mut out: BTreeMap<String, Vec<LogEntry>> = BTreeMap::new();
        for id in walk {
            let commit = self.repo.find_commit(id.at(root)?).at(root)?;
            let entry = entry_of(&commit);
            if let Some(declared) = declared_processes(&commit, &entry) {
                for process in declared {
                    out.entry(process).or_default().push(entry.clone());
                }
                continue;
            }
            let tree = commit.tree().at(root)?;
            let parent_tree = match commit.parent(0) {
                Ok(parent) => Some(parent.tree().at(root)?),
                Err(_) => None,
            };
            let mut options = git2::DiffOptions::new();
            options.pathspec(format!("{}/*.{}", layout::PROCESSES_DIR, layout::EXTENSION));
            let diff = self
                .repo
                .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options))
                .at(root)?;
            for delta in diff.deltas() {
                if let Some(stem) = delta
                    .new_file()
                    .path()
                    .or_else(|| delta.old_file().path())
                    .and_then(|p| p.file_stem())
                {
                    out.entry(stem.to_string_lossy().into_owned())
                        .or_default()
                        .push(entry.clone());
                }
            }
        }
        Ok(out)
    }

    /// Every process at HEAD with changes since its last approval.
    pub fn pending(&self) -> Result<Vec<Pending>, HistoryError> {
        let head = self.head()?;
        let history = self.commits_by_process()?;
        let mut out = Vec::new();
        for (process, commits) in history {
            let path = process_path(&process);
            let Some(current) = self.file_at(head, &path)? else {
                continue; // removed
            };
            let approval = commits.iter().position(|c| {
                c.operation.as_deref() == Some(Operation::Approval.label())
                    && c.processes.contains(&process)
            });
            let since: Vec<LogEntry> = commits[..approval.unwrap_or(commits.len())].to_vec();
            if since.is_empty() {
                continue;
            }
            let approved_at = approval.map(|i| commits[i].commit);
            let (changes, title) = match approved_at {
                Some(at) => {
                    let old = self.file_at(at, &path)?;
                    let diff = file_diff(&path, old.as_deref(), Some(&current));
                    let title = diff.as_ref().map(|d| d.title.clone()).unwrap_or_default();
                    (diff.map(|d| d.changes).unwrap_or_default(), title)
                }
                None => {
                    let title = crate::ron_text::parse::<Process>(&current)
                        .map(|p| p.name)
                        .unwrap_or_default();
                    (Vec::new(), title)
                }
            };
            out.push(Pending {
                process,
                title,
                approved_at,
                commits: since,
                changes,
            });
        }
        Ok(out)
    }

    /// Records an approval: sets `ultima_revisao` in each process (all pending
    /// ones when `processes` is empty), commits them together and tags the commit.
    pub fn approve(
        &self,
        minutes: &str,
        processes: &[String],
        today: NaiveDate,
        author: &Author,
    ) -> Result<Approval, HistoryError> {
        let selected: Vec<String> = if processes.is_empty() {
            self.pending()?.into_iter().map(|p| p.process).collect()
        } else {
            processes.to_vec()
        };
        let _lock = WriterLock::acquire(self.repo.path(), DEFAULT_WAIT)?;
        let head = self.head()?;
        let mut updates = Vec::new();
        for id in &selected {
            let path = process_path(id);
            let bytes = self
                .file_at(head, &path)?
                .ok_or_else(|| HistoryError::UnknownRevision(format!("processo {id}")))?;
            let mut process: Process =
                crate::ron_text::parse(&bytes).map_err(|e| HistoryError::Unreadable {
                    file: path.clone(),
                    reason: e.to_string(),
                })?;
            process.last_review = Some(Review {
                date: today,
                minutes: minutes.to_owned(),
                approved_by: author.name.clone(),
            });
            updates.push(PathUpdate {
                path,
                content: Some(store::canonical_text(&process)?.into_bytes()),
            });
        }
        let list = selected.join(", ");
        let message = format!(
            "Aprovação do comitê: {minutes}\n\nProcessos aprovados: {list}\n\n{TRAILER_OPERATION}: {}\n{TRAILER_PROCESS}: {list}\n{TRAILER_DATA}: ultima_revisao\n",
            Operation::Approval.label()
        );
        self.apply_to_worktree(&updates)?;
        let commit = match self.commit_updates(&updates, &[head], author, &message)? {
            Swap::Done(commit) => commit,
            Swap::Moved => return Err(HistoryError::BranchKeptMoving),
        };
        let date = today.format("%Y-%m-%d").to_string();
        let tag = self.free_tag_name(&date);
        let tag_message = format!(
            "Aprovação do comitê gestor\n\nData: {}\nAta: {minutes}\nAprovado por: {} <{}>\nProcessos: {list}\n",
            today.format("%d/%m/%Y"),
            author.name,
            author.email
        );
        let object = self
            .repo
            .find_object(commit, Some(ObjectType::Commit))
            .at(&self.root)?;
        let tagger = signature(author).at(&self.root)?;
        self.repo
            .tag(&tag, &object, &tagger, &tag_message, false)
            .at(&self.root)?;
        Ok(Approval {
            tag,
            commit,
            date: today.format("%d/%m/%Y").to_string(),
            minutes: minutes.to_owned(),
            approver: format!("{} <{}>", author.name, author.email),
            processes: selected,
        })
    }

    fn free_tag_name(&self, date: &str) -> String {
        let taken = |name: &str| {
            self.repo
                .find_reference(&format!("refs/tags/{name}"))
                .is_ok()
        };
        let base = format!("{TAG_PREFIX}{date}");
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|name| !taken(name))
            .unwrap_or(base)
    }

    /// Every approval, oldest first.
    pub fn approvals(&self) -> Result<Vec<Approval>, HistoryError> {
        let names = self
            .repo
            .tag_names(Some(&format!("{TAG_PREFIX}*")))
            .at(&self.root)?;
        let mut out = Vec::new();
        for name in names.iter().filter_map(|n| n.ok().flatten()) {
            let reference = self
                .repo
                .find_reference(&format!("refs/tags/{name}"))
                .at(&self.root)?;
            let Ok(tag) = reference.peel_to_tag() else {
                continue; // a lightweight tag someone made by hand
            };
            let message = tag.message().ok().flatten().unwrap_or_default();
            out.push(Approval {
                tag: name.to_owned(),
                commit: tag.target_id(),
                date: field(message, "Data").to_owned(),
                minutes: field(message, "Ata").to_owned(),
                approver: field(message, "Aprovado por").to_owned(),
                processes: field(message, "Processos")
                    .split(", ")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            });
        }
        out.sort_by(|a, b| a.tag.cmp(&b.tag));
        Ok(out)
    }
}

/// Parses a `AAAA-MM-DD` date for approvals given on the command line.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn approval_clears_pending_changes_and_is_listed() {
        let (_temp, history) = sample_repo();
        let pending = history.pending().unwrap();
        assert_eq!(pending.len(), 16, "nothing approved yet");
        assert!(pending.iter().all(|p| p.approved_at.is_none()));

        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let approval = history
            .approve("Ata 12/2026", &[], today, &author())
            .unwrap();
        assert_eq!(approval.tag, "aprovacao/2026-11-23");
        assert_eq!(approval.processes.len(), 16);
        assert!(history.pending().unwrap().is_empty());
        assert_eq!(history.repo().statuses(None).unwrap().len(), 0);

        // The approval is recorded in the files themselves.
        let cftv: Process = crate::ron_text::parse(
            &std::fs::read(history.root().join("processos/cftv.ron")).unwrap(),
        )
        .unwrap();
        let review = cftv.last_review.clone().unwrap();
        assert_eq!(
            (review.date, review.minutes.as_str()),
            (today, "Ata 12/2026")
        );

        // A later change shows as pending, with its field diff.
        let mut changed = cftv.clone();
        changed.frequency = Some("Diária".into());
        history
            .save_process(&changed, None, None, &author())
            .unwrap();
        let pending = history.pending().unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].process, "cftv");
        assert_eq!(pending[0].changes[0].path, "frequencia");
        assert_eq!(pending[0].commits.len(), 1);

        let second = history
            .approve("Ata 13/2026", &["cftv".to_owned()], today, &author())
            .unwrap();
        assert_eq!(second.tag, "aprovacao/2026-11-23-2");
        let all = history.approvals().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].minutes, "Ata 13/2026");
        assert_eq!(all[1].processes, vec!["cftv"]);
        assert_eq!(all[0].approver, "Ana Teste <ana@exemplo.edu.br>");
    }
}
