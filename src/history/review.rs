//! Committee review: what changed in each process since its last approval, the
//! approval itself (one commit that records date, minutes and approver in each
//! approved process file, plus an annotated tag `aprovacao/AAAA-MM-DD`, made
//! together through the write journal), and the list of past approvals, read from
//! the approval commits themselves (a tag lost to a crash is recreated).

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use git2::Oid;

use super::CommitId;
use super::commit_index::CommitIndex;
use super::error::{GitContext, HistoryError, single_line};
use super::log::{CommitSummary, LogEntry, entry_of};
use super::revisions::file_diff;
use super::write::{Committed, PathUpdate, Source, TagSpec};
use super::{Author, CommitFiles, History};
use crate::model::{Process, ProcessId, Review};
use crate::semantic::Change;
use crate::semantic::message::{
    Operation, TRAILER_DATA, TRAILER_OPERATION, TRAILER_PROCESS, trailer,
};
use crate::store::{self, layout};

/// Trailers of an approval commit, besides the common ones.
const TRAILER_MINUTES: &str = "Ata";
const TRAILER_DATE: &str = "Data";

/// Prefix of the approval tags.
pub const TAG_PREFIX: &str = "aprovacao/";

/// The changes to one process waiting for the committee.
#[derive(Debug, Clone)]
pub struct Pending {
    pub process: String,
    pub title: String,
    /// The last approval commit, `None` if the process was never approved.
    pub approved_at: Option<CommitId>,
    /// Commits since then, newest first.
    pub commits: Vec<CommitSummary>,
    /// Field changes from the approved version to HEAD (empty if never approved).
    pub changes: Vec<Change>,
}

/// One past approval, read from its commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The annotated tag on the commit (`None` only for an approval with nothing
    /// to approve, which makes no commit).
    pub tag: Option<String>,
    pub commit: CommitId,
    pub date: String,
    pub minutes: String,
    pub approver: String,
    pub processes: Vec<String>,
}

/// The tag of an approval: first line for `git tag -n`, then one field a line.
fn tag_message(date: &str, minutes: &str, author: &Author, list: &str) -> String {
    format!(
        "Aprovação do comitê gestor: {minutes}, por {}; processos: {list}\n\nData: {date}\nAta: {minutes}\nAprovado por: {} <{}>\nProcessos: {list}\n",
        author.name, author.name, author.email
    )
}

impl History {
    /// Per process with commits since its last approval: those commits
    /// (positions in the index, newest first) and that approval's position.
    fn unapproved(index: &CommitIndex) -> Vec<(String, Vec<usize>, Option<usize>)> {
        index
            .by_process()
            .into_iter()
            .filter_map(|(process, mut positions)| {
                let approval = positions.iter().position(|&at| {
                    let c = index.get(at);
                    c.approval && c.processes.iter().any(|p| p == process)
                });
                let approved_at = approval.map(|i| positions[i]);
                positions.truncate(approval.unwrap_or(positions.len()));
                (!positions.is_empty()).then(|| (process.to_owned(), positions, approved_at))
            })
            .collect()
    }

    /// The ids of the processes at HEAD with changes since their last
    /// approval: `pending` without reading or comparing any file.
    pub fn pending_ids(&self) -> Result<Vec<String>, HistoryError> {
        let index = self.commit_index()?;
        let mut at_head = self.files_of(self.head_oid()?)?;
        let mut out = Vec::new();
        for (process, _, _) in Self::unapproved(&index) {
            if at_head.entry(&layout::process_file(&process))?.is_some() {
                out.push(process);
            }
        }
        Ok(out)
    }

    /// The log entry of the index's commit at `at`, read once.
    fn entry_at(
        &self,
        index: &CommitIndex,
        at: usize,
        read: &mut HashMap<usize, LogEntry>,
    ) -> Result<LogEntry, HistoryError> {
        if let Some(entry) = read.get(&at) {
            return Ok(entry.clone());
        }
        let commit = self.repo.find_commit(index.get(at).commit).at(&self.root)?;
        let entry = entry_of(&commit);
        read.insert(at, entry.clone());
        Ok(entry)
    }

    /// The changes to `path` from its version at the approval commit `at`
    /// (whose files are read once into `approved`) to `current`.
    fn diff_since<'a>(
        &'a self,
        approved: &mut HashMap<Oid, CommitFiles<'a>>,
        at: Oid,
        path: &str,
        current: &[u8],
    ) -> Result<Option<crate::semantic::render::FileDiff>, HistoryError> {
        let files = match approved.entry(at) {
            Entry::Occupied(files) => files.into_mut(),
            Entry::Vacant(slot) => slot.insert(self.files_of(at)?),
        };
        let old = files.get(path)?;
        Ok(file_diff(path, old.as_deref(), Some(current)))
    }

    /// The processes changed materially (data, purposes and their bases,
    /// sharing, transfers) since the committee last approved them, with the
    /// changed paths and the latest commit: UFDPar art. 39 VII's "propósitos,
    /// meios e fluxos de dados novos ou alterados". A process never approved has
    /// no approved version to compare with and is left out; so is one whose
    /// approval is its latest change, so the common case reads no file.
    pub fn changed_since_approval(&self) -> Result<Vec<super::ripd::MaterialChange>, HistoryError> {
        let head = self.head_oid()?;
        let index = self.commit_index()?;
        let mut at_head = self.files_of(head)?;
        let mut approved: HashMap<Oid, CommitFiles<'_>> = HashMap::new();
        let mut entries: HashMap<usize, LogEntry> = HashMap::new();
        let mut out = Vec::new();
        for (process, since, approval) in Self::unapproved(&index) {
            let (Some(approval), Some(&latest)) = (approval, since.first()) else {
                continue;
            };
            let path = layout::process_file(&process);
            let Some(current) = at_head.get(&path)? else {
                continue;
            };
            let at = index.get(approval).commit;
            let Some(diff) = self.diff_since(&mut approved, at, &path, &current)? else {
                continue;
            };
            let paths: Vec<String> = diff
                .changes
                .iter()
                .filter(|c| super::ripd::is_material(c))
                .map(|c| c.path.clone())
                .collect();
            if !paths.is_empty() {
                out.push(super::ripd::MaterialChange {
                    process,
                    commit: self.entry_at(&index, latest, &mut entries)?,
                    paths,
                });
            }
        }
        Ok(out)
    }

    /// Every process at HEAD with changes since its last approval.
    pub fn pending(&self) -> Result<Vec<Pending>, HistoryError> {
        let head = self.head_oid()?;
        let index = self.commit_index()?;
        // Each commit's directories are read once, whatever the number of
        // processes: one approval usually covers many of them.
        let mut at_head = self.files_of(head)?;
        let mut listed = Vec::new();
        for (process, since, approval) in Self::unapproved(&index) {
            let path = layout::process_file(&process);
            // A process removed since is not pending.
            if let Some((blob, _)) = at_head.entry(&path)? {
                listed.push((process, path, since, approval, blob));
            }
        }
        // The commits come from the index, the never-approved processes'
        // names from their files, read on every core: with nothing approved
        // yet, that is all the work.
        let never: Vec<Oid> = listed
            .iter()
            .filter(|l| l.3.is_none())
            .map(|l| l.4)
            .collect();
        let mut names = self
            .read_each(&never, |repo, id| {
                Ok(name_of(repo.find_blob(id)?.content()))
            })?
            .into_iter();
        let mut approved: HashMap<Oid, CommitFiles<'_>> = HashMap::new();
        let mut out = Vec::with_capacity(listed.len());
        for (process, path, since, approval, blob) in listed {
            let approved_at = approval.map(|at| CommitId::from(index.get(at).commit));
            let (changes, title) = match approved_at {
                Some(at) => {
                    let current = self.repo.find_blob(blob).at(&self.root)?;
                    let diff =
                        self.diff_since(&mut approved, at.oid(), &path, current.content())?;
                    let title = diff.as_ref().map(|d| d.title.clone()).unwrap_or_default();
                    (diff.map(|d| d.changes).unwrap_or_default(), title)
                }
                None => (Vec::new(), names.next().unwrap_or_default()),
            };
            out.push(Pending {
                process,
                title,
                approved_at,
                commits: since
                    .iter()
                    .map(|&at| index.get(at).summary.clone())
                    .collect(),
                changes,
            });
        }
        Ok(out)
    }

    /// Records an approval: sets `ultima_revisao` in each process (all pending
    /// ones when `processes` is empty), commits them together and tags the commit.
    /// Nothing pending makes no commit and no tag; a process whose file holds
    /// edits not in the history is refused (they would be lost), listed.
    pub fn approve(
        &self,
        minutes: &str,
        processes: &[String],
        today: NaiveDate,
        author: &Author,
    ) -> Result<Approval, HistoryError> {
        single_line("ata", minutes)?;
        for id in processes {
            if ProcessId::parse(id).is_err() {
                return Err(HistoryError::UnknownProcess(id.clone()));
            }
        }
        let session = self.begin_write()?;
        let selected: Vec<String> = if processes.is_empty() {
            self.pending_ids()?
        } else {
            processes.to_vec()
        };
        let date = today.format("%d/%m/%Y").to_string();
        let mut approval = Approval {
            tag: None,
            commit: self.head()?,
            date: date.clone(),
            minutes: minutes.to_owned(),
            approver: format!("{} <{}>", author.name, author.email),
            processes: Vec::new(),
        };
        if selected.is_empty() {
            return Ok(approval);
        }
        let head = self.head_oid()?;
        let mut at_head = self.files_of(head)?;
        let mut paths = Vec::with_capacity(selected.len());
        let mut blobs = Vec::with_capacity(selected.len());
        for id in &selected {
            let path = layout::process_file(id);
            let (blob, _) = at_head
                .entry(&path)?
                .ok_or_else(|| HistoryError::UnknownProcess(id.clone()))?;
            paths.push(path);
            blobs.push(blob);
        }
        // Inflated on every core (a blob of a pack may be a chain of deltas).
        let contents = self.read_each(&blobs, |repo, id| {
            repo.find_blob(id).map(|blob| blob.content().to_vec())
        })?;
        let read: Vec<(String, Vec<u8>)> = paths.into_iter().zip(contents).collect();
        let review = Review {
            date: today,
            minutes: minutes.to_owned(),
            approved_by: author.name.clone(),
        };
        // Parsing and writing each process again is most of the work left
        // once the objects are packed: it runs on every core.
        let updates = crate::parallel::map(&read, |(path, bytes)| {
            let mut process: Process =
                crate::ron_text::parse(bytes).map_err(|e| HistoryError::Unreadable {
                    file: path.clone(),
                    reason: e.to_string(),
                })?;
            process.last_review = Some(review.clone());
            Ok(PathUpdate {
                path: path.clone(),
                content: Some(store::canonical_text(&process)?.into_bytes()),
            })
        })
        .into_iter()
        .collect::<Result<Vec<_>, HistoryError>>()?;
        let list = selected.join(", ");
        let message = format!(
            "Aprovação do comitê: {minutes}\n\nProcessos aprovados: {list}\n\n{TRAILER_MINUTES}: {minutes}\n{TRAILER_DATE}: {date}\n{TRAILER_OPERATION}: {}\n{TRAILER_PROCESS}: {list}\n{TRAILER_DATA}: ultima_revisao\n",
            Operation::Approval.label()
        );
        let tag = TagSpec {
            name: self.free_tag_name(&format!("{TAG_PREFIX}{}", today.format("%Y-%m-%d"))),
            message: tag_message(&date, minutes, author, &list),
            tagger_name: author.name.clone(),
            tagger_email: author.email.clone(),
        };
        let tag_name = tag.name.clone();
        match session.commit(&updates, &[], author, &message, Some(tag), Source::Given)? {
            Committed::Done(commit) => {
                approval.commit = commit.into();
                approval.tag = Some(tag_name);
                approval.processes = selected;
                Ok(approval)
            }
            // Already approved with these very minutes, today, by this person.
            Committed::Unchanged => Ok(approval),
            Committed::Moved => Err(HistoryError::BranchKeptMoving),
        }
    }

    /// Approval tags by the commit they point to.
    fn approval_tags(&self) -> Result<BTreeMap<Oid, String>, HistoryError> {
        let names = self
            .repo
            .tag_names(Some(&format!("{TAG_PREFIX}*")))
            .at(&self.root)?;
        let mut out = BTreeMap::new();
        for name in names.iter().filter_map(|n| n.ok().flatten()) {
            if let Ok(commit) = self
                .repo
                .find_reference(&format!("refs/tags/{name}"))
                .and_then(|r| r.peel_to_commit())
            {
                out.entry(commit.id()).or_insert_with(|| name.to_owned());
            }
        }
        Ok(out)
    }

    /// Every approval on the branch, oldest first, from the approval commits (their
    /// trailers say minutes, date and processes; the author is the approver).
    pub fn approvals(&self) -> Result<Vec<Approval>, HistoryError> {
        let tags = self.approval_tags()?;
        let mut out = Vec::new();
        for entry in self.entries_of_operation(Operation::Approval)? {
            let message = &entry.message;
            let minutes = trailer(message, TRAILER_MINUTES)
                .or_else(|| entry.subject.strip_prefix("Aprovação do comitê: "))
                .unwrap_or_default()
                .to_owned();
            let date = trailer(message, TRAILER_DATE)
                .map(str::to_owned)
                .unwrap_or_else(|| entry.time.format("%d/%m/%Y").to_string());
            out.push(Approval {
                tag: tags.get(&entry.commit.oid()).cloned(),
                commit: entry.commit,
                date,
                minutes,
                approver: format!("{} <{}>", entry.author, entry.email),
                processes: entry.processes.clone(),
            });
        }
        Ok(out)
    }

    /// Recreates the tag of every approval commit that lost it (a crash between
    /// the commit and the tag in an older version, a tag deleted by hand).
    /// Returns the tags created.
    pub fn repair_approval_tags(&self) -> Result<Vec<String>, HistoryError> {
        let _session = self.begin_write()?;
        let mut created = Vec::new();
        for approval in self.approvals()? {
            if approval.tag.is_some() {
                continue;
            }
            let commit = self
                .repo
                .find_commit(approval.commit.oid())
                .at(&self.root)?;
            let author = commit.author();
            let author = Author {
                name: author.name().unwrap_or_default().to_owned(),
                email: author.email().unwrap_or_default().to_owned(),
            };
            let date = NaiveDate::parse_from_str(&approval.date, "%d/%m/%Y")
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|_| approval.date.clone());
            let tag = TagSpec {
                name: self.free_tag_name(&format!("{TAG_PREFIX}{date}")),
                message: tag_message(
                    &approval.date,
                    &approval.minutes,
                    &author,
                    &approval.processes.join(", "),
                ),
                tagger_name: author.name.clone(),
                tagger_email: author.email.clone(),
            };
            self.ensure_tag(&tag, approval.commit.oid())?;
            created.push(tag.name);
        }
        Ok(created)
    }
}

/// The `nome` of a process file, without parsing the rest of the process
/// (a never-approved inventory lists every process by name; see `ron_peek`).
/// Empty when the file does not parse.
fn name_of(bytes: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Named {
        #[serde(rename = "nome")]
        name: String,
    }
    let peeked = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| crate::ron_peek::top_level_field(text, "nome"));
    peeked.unwrap_or_else(|| {
        crate::ron_text::parse::<Named>(bytes)
            .map(|n| n.name)
            .unwrap_or_default()
    })
}

/// Parses a `AAAA-MM-DD` date for approvals given on the command line.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;
