//! `inventario log`: who changed what, when. Which processes a commit touched comes
//! from its `Processo` trailer when the tool made it (single parent, trailers
//! present: the tool commits exactly the paths it declares); for any other commit
//! (merges, commits made with plain git) the entry id of the file is compared with
//! the first parent's. Reading a commit is far cheaper than reading the large
//! `processos/` tree it points to.

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use git2::{Oid, Sort};

use super::CommitId;
use super::error::{GitContext, HistoryError};
use super::{BRANCH, History};
use crate::semantic::message::{Operation, TRAILER_OPERATION, TRAILER_PROCESS, trailer};

#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// Only commits that changed `processos/<id>.ron`.
    pub process: Option<String>,
    /// Case-insensitive part of the author's name or e-mail.
    pub author: Option<String>,
    /// Only commits on or after this date.
    pub since: Option<NaiveDate>,
}

impl LogFilter {
    /// Whether a commit passes the date and author parts of the filter.
    fn accepts(&self, entry: &LogEntry) -> bool {
        let recent = self
            .since
            .is_none_or(|since| entry.time.date_naive() >= since);
        let by = self.author.as_deref().is_none_or(|author| {
            let author = author.to_lowercase();
            entry.author.to_lowercase().contains(&author)
                || entry.email.to_lowercase().contains(&author)
        });
        recent && by
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub commit: CommitId,
    pub author: String,
    pub email: String,
    pub time: DateTime<FixedOffset>,
    pub subject: String,
    pub message: String,
    /// From the `Operacao` trailer (criacao, alteracao, exclusao, aprovacao).
    pub operation: Option<String>,
    /// From the `Processo` trailer.
    pub processes: Vec<String>,
}

impl LogEntry {
    pub fn short(&self) -> String {
        self.commit.to_string()[..8].to_owned()
    }
}

/// What a list of commits shows of each (the committee's pending list): who,
/// when, and the first line of the message. Kept in the commit index, so the
/// list reads no commit; tabs and line breaks read as spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitSummary {
    pub commit: CommitId,
    pub author: String,
    pub email: String,
    pub time: DateTime<FixedOffset>,
    pub subject: String,
}

impl CommitSummary {
    pub(crate) fn of(entry: &LogEntry) -> Self {
        Self {
            commit: entry.commit,
            author: one_line(&entry.author),
            email: one_line(&entry.email),
            time: entry.time,
            subject: one_line(&entry.subject),
        }
    }
}

/// `text` with its tabs and line breaks as spaces: a field of the index's lines.
pub(crate) fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// The time of a commit as git records it: seconds and the author's offset.
pub(crate) fn time_from(seconds: i64, offset_minutes: i32) -> Option<DateTime<FixedOffset>> {
    FixedOffset::east_opt(offset_minutes.checked_mul(60)?)?
        .timestamp_opt(seconds, 0)
        .single()
}

fn entry_id(tree: &git2::Tree, path: &Path) -> Option<Oid> {
    tree.get_path(path).ok().map(|e| e.id())
}

fn time_of(commit: &git2::Commit) -> DateTime<FixedOffset> {
    let when = commit.time();
    let offset = FixedOffset::east_opt(when.offset_minutes() * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    offset
        .timestamp_opt(when.seconds(), 0)
        .single()
        .unwrap_or_else(|| offset.timestamp_opt(0, 0).single().expect("epoch"))
}

pub(crate) fn entry_of(commit: &git2::Commit) -> LogEntry {
    let message = commit.message().unwrap_or_default().to_owned();
    let author = commit.author();
    LogEntry {
        commit: commit.id().into(),
        author: author.name().unwrap_or_default().to_owned(),
        email: author.email().unwrap_or_default().to_owned(),
        time: time_of(commit),
        subject: message.lines().next().unwrap_or_default().to_owned(),
        operation: trailer(&message, TRAILER_OPERATION).map(str::to_owned),
        processes: trailer(&message, TRAILER_PROCESS)
            .map(|list| list.split(", ").map(str::to_owned).collect())
            .unwrap_or_default(),
        message,
    }
}

/// The processes a commit declares it changed, when it can be trusted to.
pub(crate) fn declared_processes(commit: &git2::Commit, entry: &LogEntry) -> Option<Vec<String>> {
    (commit.parent_count() == 1 && entry.operation.is_some() && !entry.processes.is_empty())
        .then(|| entry.processes.clone())
}

/// Whether `path` differs between a commit and its first parent.
pub(crate) fn path_changed(commit: &git2::Commit, path: &Path) -> Result<bool, git2::Error> {
    let here = entry_id(&commit.tree()?, path);
    let before = match commit.parent(0) {
        Ok(parent) => entry_id(&parent.tree()?, path),
        Err(_) => None,
    };
    Ok(here != before)
}

impl History {
    /// The commits on the branch after `since` (not reachable from it) that
    /// changed `path`, newest first: who changed a file since a draft began.
    pub fn changes_since(
        &self,
        path: &str,
        since: CommitId,
    ) -> Result<Vec<LogEntry>, HistoryError> {
        let root = &self.root;
        let mut walk = self.repo.revwalk().at(root)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME).at(root)?;
        walk.push_ref(BRANCH).at(root)?;
        // An unknown base (a draft from another clone): compare with everything.
        let _ = walk.hide(since.oid());
        let mut out = Vec::new();
        for id in walk {
            let commit = self.repo.find_commit(id.at(root)?).at(root)?;
            if path_changed(&commit, Path::new(path)).at(root)? {
                out.push(entry_of(&commit));
            }
        }
        Ok(out)
    }

    /// The commits on the branch that record `operation` (their `Operacao`
    /// trailer), oldest first: the approvals, the revisions of the Política.
    pub(crate) fn entries_of_operation(
        &self,
        operation: Operation,
    ) -> Result<Vec<LogEntry>, HistoryError> {
        let root = &self.root;
        let mut walk = self.repo.revwalk().at(root)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)
            .at(root)?;
        walk.push_ref(BRANCH).at(root)?;
        let mut out = Vec::new();
        for id in walk {
            let commit = self.repo.find_commit(id.at(root)?).at(root)?;
            let entry = entry_of(&commit);
            if entry.operation.as_deref() == Some(operation.label()) {
                out.push(entry);
            }
        }
        Ok(out)
    }

    /// Commits on the branch, newest first, that pass the filter.
    pub fn log(&self, filter: &LogFilter) -> Result<Vec<LogEntry>, HistoryError> {
        let root = &self.root;
        if let Some(process) = &filter.process {
            // A lookup in the index of the commits that touched each process.
            let index = self.commit_index()?;
            let mut out = Vec::new();
            for id in index.touching(process) {
                let commit = self.repo.find_commit(id).at(root)?;
                let entry = entry_of(&commit);
                if filter.accepts(&entry) {
                    out.push(entry);
                }
            }
            return Ok(out);
        }
        let mut walk = self.repo.revwalk().at(root)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME).at(root)?;
        walk.push_ref(BRANCH).at(root)?;
        let mut out = Vec::new();
        for id in walk {
            let commit = self.repo.find_commit(id.at(root)?).at(root)?;
            let entry = entry_of(&commit);
            if filter.accepts(&entry) {
                out.push(entry);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::Process;

    #[test]
    fn log_filters_by_process_author_and_date() {
        let (_temp, history) = sample_repo();
        let path = history.root().join("processos/cftv.ron");
        let mut p: Process = crate::ron_text::parse(&std::fs::read(&path).unwrap()).unwrap();
        p.frequency = Some("Diária".into());
        let other = crate::history::Author {
            name: "Bruno".into(),
            email: "bruno@exemplo.edu.br".into(),
        };
        history.save_process(&p, None, None, &other).unwrap();

        // The sample's two commits, then Bruno's.
        let all = history.log(&LogFilter::default()).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].author, "Bruno");
        assert_eq!(all[0].operation.as_deref(), Some("alteracao"));
        assert_eq!(all[0].processes, vec!["cftv"]);

        let cftv = history
            .log(&LogFilter {
                process: Some("cftv".into()),
                ..LogFilter::default()
            })
            .unwrap();
        assert_eq!(cftv.len(), 2, "creation and the change");
        let biblioteca = history
            .log(&LogFilter {
                process: Some("biblioteca".into()),
                ..LogFilter::default()
            })
            .unwrap();
        assert_eq!(biblioteca.len(), 1, "only the creation");
        let by_ana = history
            .log(&LogFilter {
                author: Some("ANA".into()),
                ..LogFilter::default()
            })
            .unwrap();
        assert_eq!(by_ana.len(), 1);
        let future = history
            .log(&LogFilter {
                since: NaiveDate::from_ymd_opt(2999, 1, 1),
                ..LogFilter::default()
            })
            .unwrap();
        assert!(future.is_empty());
    }

    #[test]
    fn commits_made_with_plain_git_are_found_by_comparing_trees() {
        let (_temp, history) = sample_repo();
        let path = history.root().join("processos/biblioteca.ron");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("Diária", "Semanal")).unwrap();
        let git = |args: &[&str]| {
            let out = std::process::Command::new("git")
                .args(["-c", "user.name=Manual", "-c", "user.email=m@x"])
                .args(args)
                .current_dir(history.root())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        git(&["commit", "--quiet", "-am", "edição manual sem trailers"]);
        let filter = |id: &str| LogFilter {
            process: Some(id.into()),
            ..LogFilter::default()
        };
        let biblioteca = history.log(&filter("biblioteca")).unwrap();
        assert_eq!(biblioteca[0].subject, "edição manual sem trailers");
        assert_eq!(history.log(&filter("cftv")).unwrap().len(), 1);
        let pending = history.pending().unwrap();
        let b = pending.iter().find(|p| p.process == "biblioteca").unwrap();
        assert_eq!(b.commits.len(), 2);
    }
}
