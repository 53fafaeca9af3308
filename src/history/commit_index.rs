//! Which processes each commit touched, kept in `.git/inventario-indice-processos`
//! so that `log --processo` and the committee's pending list are a lookup, not a
//! walk of every commit; with each commit's author, time and subject, so the
//! pending list reads no commit at all. The file is a cache: it names the branch tip it covers;
//! the commits after that tip are added on the next read, and a tip the branch
//! no longer contains (history rewritten, a file damaged or from another
//! version) makes it be rebuilt from the whole history. A commit's processes are
//! those its trailer declares when the tool made it, otherwise those whose file
//! differs from the first parent's (commits made with plain git, merges).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use git2::{Oid, Sort};

use super::error::{GitContext, HistoryError};
use super::log::{CommitSummary, declared_processes, entry_of, time_from};
use super::{BRANCH, History};
use crate::semantic::message::Operation;
use crate::store::layout;

/// The file under `.git/`.
const FILE: &str = "inventario-indice-processos";
/// First line of the file; another version of the format is rebuilt.
/// Then `tip <id>`, then one line per commit: `<id> <a|-> <seconds> <offset in
/// minutes> <process>…`, a tab, the author, a tab, the e-mail, a tab, the subject.
const HEADER: &str = "inventario-indice-processos 2";

/// One commit of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Indexed {
    pub commit: Oid,
    /// A committee approval (its processes are the approved ones).
    pub approval: bool,
    pub processes: Vec<String>,
    pub summary: CommitSummary,
}

/// Every commit of the branch, oldest first (a topological order: a commit
/// never comes before one of its parents).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CommitIndex {
    tip: Option<Oid>,
    commits: Vec<Indexed>,
}

impl CommitIndex {
    /// Per process, the positions of the commits that touched it, newest first.
    pub(crate) fn by_process(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (at, commit) in self.commits.iter().enumerate().rev() {
            for process in &commit.processes {
                out.entry(process.as_str()).or_default().push(at);
            }
        }
        out
    }

    /// The commits that touched `process`, newest first.
    pub(crate) fn touching<'a>(&'a self, process: &'a str) -> impl Iterator<Item = Oid> + 'a {
        self.commits
            .iter()
            .rev()
            .filter(move |c| c.processes.iter().any(|p| p == process))
            .map(|c| c.commit)
    }

    pub(crate) fn get(&self, at: usize) -> &Indexed {
        &self.commits[at]
    }

    fn parse(text: &str) -> Option<CommitIndex> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let tip = Oid::from_str(lines.next()?.strip_prefix("tip ")?).ok()?;
        let mut commits = Vec::new();
        for line in lines {
            let mut fields = line.split('\t');
            let (head, author, email, subject) = (
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
            );
            let mut words = head.split(' ');
            let commit = Oid::from_str(words.next()?).ok()?;
            let approval = match words.next()? {
                "a" => true,
                "-" => false,
                _ => return None,
            };
            let seconds = words.next()?.parse().ok()?;
            let offset = words.next()?.parse().ok()?;
            let summary = CommitSummary {
                commit: commit.into(),
                author: author.to_owned(),
                email: email.to_owned(),
                time: time_from(seconds, offset)?,
                subject: subject.to_owned(),
            };
            commits.push(Indexed {
                commit,
                approval,
                processes: words.map(str::to_owned).collect(),
                summary,
            });
        }
        Some(CommitIndex {
            tip: Some(tip),
            commits,
        })
    }

    fn text(&self) -> Option<String> {
        let mut out = format!("{HEADER}\ntip {}\n", self.tip?);
        for c in &self.commits {
            let flag = if c.approval { "a" } else { "-" };
            let time = c.summary.time;
            let offset = time.offset().local_minus_utc() / 60;
            let _ = write!(out, "{} {flag} {} {offset}", c.commit, time.timestamp());
            for p in &c.processes {
                let _ = write!(out, " {p}");
            }
            let summary = &c.summary;
            let _ = writeln!(
                out,
                "\t{}\t{}\t{}",
                summary.author, summary.email, summary.subject
            );
        }
        Some(out)
    }
}

impl History {
    /// The index, brought up to the branch tip (and saved when it changed; a
    /// repository the user cannot write in only misses the saving).
    pub(crate) fn commit_index(&self) -> Result<CommitIndex, HistoryError> {
        let path = self.repo.path().join(FILE);
        let head = self.head_oid()?;
        let stored = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| CommitIndex::parse(&text));
        let mut index = match stored {
            Some(index) if index.tip == Some(head) => return Ok(index),
            // Kept only when the branch still contains its tip.
            Some(index) if index.tip.is_some_and(|tip| self.contains(head, tip)) => index,
            _ => CommitIndex::default(),
        };
        let root = &self.root;
        let mut walk = self.repo.revwalk().at(root)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)
            .at(root)?;
        walk.push_ref(BRANCH).at(root)?;
        if let Some(tip) = index.tip {
            walk.hide(tip).at(root)?;
        }
        for id in walk {
            let commit = self.repo.find_commit(id.at(root)?).at(root)?;
            index.commits.push(self.indexed(&commit)?);
        }
        index.tip = Some(head);
        if let Some(text) = index.text() {
            // A cache: a failed write costs the next command a walk, nothing else.
            let _ = crate::store::write_atomically_unsynced(&path, text.as_bytes());
        }
        Ok(index)
    }

    /// Whether `ancestor` is `head` or one of its ancestors.
    fn contains(&self, head: Oid, ancestor: Oid) -> bool {
        head == ancestor
            || self
                .repo
                .graph_descendant_of(head, ancestor)
                .unwrap_or(false)
    }

    /// Which processes `commit` touched (see the module doc).
    fn indexed(&self, commit: &git2::Commit) -> Result<Indexed, HistoryError> {
        let root = &self.root;
        let entry = entry_of(commit);
        let approval = entry.operation.as_deref() == Some(Operation::Approval.label());
        let summary = CommitSummary::of(&entry);
        if let Some(processes) = declared_processes(commit, &entry) {
            return Ok(Indexed {
                commit: commit.id(),
                approval,
                processes,
                summary,
            });
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
        let processes = diff
            .deltas()
            .filter_map(|delta| {
                let path = delta
                    .new_file()
                    .path()
                    .or_else(|| delta.old_file().path())?;
                // Only direct children of processos/ (the pathspec's `*` also
                // matches deeper paths).
                let relative = path.to_str()?;
                match crate::files::InventoryFile::parse(relative) {
                    Ok(crate::files::InventoryFile::Process(stem)) => Some(stem),
                    _ => None,
                }
            })
            .collect();
        Ok(Indexed {
            commit: commit.id(),
            approval,
            processes,
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::log::LogFilter;
    use super::super::test_support::*;
    use super::*;

    /// The log of a process from the index equals the one found by walking and
    /// comparing trees, after new commits, a damaged file and a rewritten history.
    #[test]
    fn the_index_follows_the_branch_and_is_rebuilt_when_it_cannot_be_trusted() {
        let (_temp, history) = sample_repo();
        let walked = |id: &str| -> Vec<Oid> {
            let path = std::path::PathBuf::from(layout::process_file(id));
            let mut walk = history.repo().revwalk().unwrap();
            walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME).unwrap();
            walk.push_ref(BRANCH).unwrap();
            walk.map(|id| history.repo().find_commit(id.unwrap()).unwrap())
                .filter(|c| super::super::log::path_changed(c, &path).unwrap())
                .map(|c| c.id())
                .collect()
        };
        let logged = |id: &str| -> Vec<Oid> {
            let filter = LogFilter {
                process: Some(id.into()),
                ..LogFilter::default()
            };
            history
                .log(&filter)
                .unwrap()
                .iter()
                .map(|e| e.commit.oid())
                .collect()
        };
        let file = history.repo().path().join(FILE);
        assert_eq!(logged("cftv"), walked("cftv"));
        assert!(file.exists(), "the first log writes the index");

        change_frequency(&history, "cftv", "Diária");
        change_frequency(&history, "biblioteca", "Semanal");
        change_frequency(&history, "cftv", "Mensal");
        for id in ["cftv", "biblioteca", "ouvidoria-sic"] {
            assert_eq!(logged(id), walked(id), "{id}");
        }
        assert_eq!(logged("cftv").len(), 3, "creation and two changes");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(&format!("tip {}", history.head().unwrap())));

        // A damaged file is rebuilt, not trusted.
        std::fs::write(&file, "inventario-indice-processos 1\ntip zzz\n").unwrap();
        assert_eq!(logged("cftv"), walked("cftv"));
        // An index whose tip the branch no longer holds (the last commit
        // undone, then another made) is rebuilt.
        let head = history
            .repo()
            .find_commit(history.head_oid().unwrap())
            .unwrap();
        let parent = head.parent(0).unwrap();
        history
            .repo()
            .reference(BRANCH, parent.id(), true, "teste: desfaz")
            .unwrap();
        change_frequency(&history, "biblioteca", "Anual");
        for id in ["cftv", "biblioteca"] {
            assert_eq!(logged(id), walked(id), "{id} after the rewrite");
        }
    }

    /// The index file round-trips, and anything else in it is refused.
    #[test]
    fn the_index_file_is_read_back_or_refused() {
        let index = CommitIndex {
            tip: Some(Oid::from_str("17aa").unwrap()),
            commits: vec![Indexed {
                commit: Oid::from_str("17aa").unwrap(),
                approval: true,
                processes: vec!["cftv".into(), "biblioteca".into()],
                summary: CommitSummary {
                    commit: Oid::from_str("17aa").unwrap().into(),
                    author: "Comitê Gestor".into(),
                    email: "comite@exemplo.edu.br".into(),
                    time: time_from(1_764_000_000, -180).unwrap(),
                    subject: "Aprovação do comitê: Ata 1/2026".into(),
                },
            }],
        };
        let text = index.text().unwrap();
        assert_eq!(CommitIndex::parse(&text), Some(index));
        assert_eq!(CommitIndex::parse("outro formato\n"), None);
        assert_eq!(CommitIndex::parse(&text.replace(" a ", " x ")), None);
        // The first version (no summaries) is rebuilt, not misread.
        let first = "inventario-indice-processos 1\ntip 17aa000000000000000000000000000000000000\n17aa000000000000000000000000000000000000 a cftv\n";
        assert_eq!(CommitIndex::parse(first), None);
    }

    /// The pending list's summaries come from the index; they equal the ones
    /// read from the commits, in a fresh index and in one read back.
    #[test]
    fn the_summaries_equal_the_commits() {
        let (_temp, history) = sample_repo();
        change_frequency(&history, "cftv", "Diária");
        for round in ["fresh", "read back"] {
            let index = history.commit_index().unwrap();
            for indexed in &index.commits {
                let commit = history.repo().find_commit(indexed.commit).unwrap();
                assert_eq!(
                    indexed.summary,
                    CommitSummary::of(&entry_of(&commit)),
                    "{round}"
                );
            }
        }
    }
}
