//! The approval of a RIPD (`inventario ripd aprovar`): the signatories, the date
//! and the ata go into section 8, a line goes into the revision history, and the
//! change is one commit with an annotated tag (`ripd/<id>/<data>`), with the same
//! guarantees as the committee's review of processes.

use std::path::Path;

use chrono::NaiveDate;
use git2::Sort;

use super::CommitId;
use super::error::{GitContext, HistoryError, single_line};
use super::log::{LogEntry, entry_of, path_changed};
use super::revisions::file_diff;
use super::write::{Committed, PathUpdate, Source, TagSpec};
use super::{Author, BRANCH, History};
use crate::files::InventoryFile;
use crate::model::Ripd;
use crate::model::ripd::{Revision, Signatory};
use crate::semantic::message::{Operation, TRAILER_OPERATION};
use crate::store;

/// Who signs the approval (section 8 of the template).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RipdSignatures {
    pub prepared_by: Signatory,
    pub dpo: Signatory,
    pub controller_authority: Signatory,
    pub operator_authority: Option<Signatory>,
}

/// A change to a covered process after the report's last approval that the
/// report may not account for (UFDPar art. 39 VII).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialChange {
    pub process: String,
    pub commit: LogEntry,
    /// The changed paths that make it material (`campos[cpf]`, `finalidades[x].base_legal`).
    pub paths: Vec<String>,
}

/// Keys whose items or legal bases change what a RIPD assessed: the data, the
/// purposes and their bases, sharing and international transfers.
const MATERIAL: [&str; 4] = [
    "campos",
    "finalidades",
    "compartilhamentos",
    "transferencias_internacionais",
];

pub(crate) fn is_material(change: &crate::semantic::Change) -> bool {
    use crate::semantic::diff::Step;
    let Some(Step::Key(first)) = change.steps.first() else {
        return false;
    };
    if !MATERIAL.contains(&first.as_str()) {
        return false;
    }
    let item_added_or_removed = change.steps.len() <= 3
        && matches!(change.steps.last(), Some(Step::Item { keyed: true, .. }))
        && change.kind != crate::semantic::ChangeKind::Changed;
    let basis = change
        .steps
        .iter()
        .any(|s| matches!(s, Step::Key(k) if k == "base_legal"));
    // The whole section changed state: "não se aplica" became a list (a new
    // flow), or the other way round.
    let whole_section = change.steps.len() == 1;
    item_added_or_removed || basis || whole_section
}

/// A signature of the approval, keeping what the report already said of the
/// same person (registration, place) when the command does not say it.
fn signed(new: Signatory, old: Option<Signatory>) -> Signatory {
    match old {
        Some(old) if old.name.trim() == new.name.trim() => Signatory {
            registration: new.registration.or(old.registration),
            place: new.place.or(old.place),
            ..new
        },
        _ => new,
    }
}

/// What an approval recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RipdApproval {
    pub commit: CommitId,
    pub tag: String,
    pub version: String,
}

impl History {
    /// Approves the RIPD `id` with the committee's `minutes`: fills section 8,
    /// appends the revision (version N.0), commits `ripd/<id>.ron` and tags the
    /// commit. A file with edits not in the history is refused (nothing lost).
    pub fn approve_ripd(
        &self,
        id: &str,
        minutes: &str,
        signatures: RipdSignatures,
        today: NaiveDate,
        author: &Author,
    ) -> Result<RipdApproval, HistoryError> {
        single_line("ata", minutes)?;
        let session = self.begin_write()?;
        let file = InventoryFile::Ripd(id.to_owned());
        let path = file.to_string();
        let head = self.head()?;
        let bytes = self
            .file_at(head, &path)?
            .ok_or_else(|| HistoryError::UnknownRipd(id.to_owned()))?;
        let mut ripd: Ripd =
            crate::ron_text::parse(&bytes).map_err(|e| HistoryError::Unreadable {
                file: path.clone(),
                reason: e.to_string(),
            })?;
        let version = format!("{}.0", ripd.revisions.len() + 1);
        ripd.version = Some(version.clone());
        ripd.updated = today;
        ripd.revisions.push(Revision {
            date: today,
            version: version.clone(),
            description: format!("Aprovação pelo comitê ({minutes})"),
            author: author.name.clone(),
        });
        // What the report already records of the same person (registration,
        // place) stays; an operator's authority named in the report signs too.
        let a = &mut ripd.approval;
        a.prepared_by = Some(signed(signatures.prepared_by, a.prepared_by.take()));
        a.dpo = Some(signed(signatures.dpo, a.dpo.take()));
        a.controller_authority = Some(signed(
            signatures.controller_authority,
            a.controller_authority.take(),
        ));
        a.operator_authority = match (signatures.operator_authority, a.operator_authority.take()) {
            (Some(new), old) => Some(signed(new, old)),
            (None, Some(mut old)) if !old.name.trim().is_empty() => {
                old.date = Some(today);
                Some(old)
            }
            (None, _) => None,
        };
        ripd.approval.minutes = Some(minutes.to_owned());
        ripd.approval.approved_on = Some(today);
        let date = today.format("%d/%m/%Y").to_string();
        let message = format!(
            "RIPD {}: aprovação do comitê ({minutes}), versão {version}\n\nAta: {minutes}\nData: {date}\n{TRAILER_OPERATION}: {}\n",
            ripd.id,
            Operation::RipdApproval.label()
        );
        let tag = TagSpec {
            name: self.free_tag_name(&format!("ripd/{id}/{}", today.format("%Y-%m-%d"))),
            message: format!(
                "Aprovação do RIPD {id}, versão {version}: {minutes}, por {} <{}>\n\nData: {date}\nAta: {minutes}\n",
                author.name, author.email
            ),
            tagger_name: author.name.clone(),
            tagger_email: author.email.clone(),
        };
        let tag_name = tag.name.clone();
        let updates = [PathUpdate {
            path,
            content: Some(store::canonical_text(&ripd)?.into_bytes()),
        }];
        match session.commit(&updates, &[], author, &message, Some(tag), Source::Given)? {
            Committed::Done(commit) => Ok(RipdApproval {
                commit: commit.into(),
                tag: tag_name,
                version,
            }),
            Committed::Unchanged => Err(HistoryError::UnknownRipd(id.to_owned())),
            Committed::Moved => Err(HistoryError::BranchKeptMoving),
        }
    }

    /// The commit of the last approval of RIPD `id` (a report recorded as
    /// approved): the tool's approval commit, or, for one approved some other way
    /// (brought in by hand, the sample), the last commit that touched its file.
    fn last_ripd_approval(&self, id: &str) -> Result<Option<LogEntry>, HistoryError> {
        let root = &self.root;
        let path = InventoryFile::Ripd(id.to_owned()).to_string();
        let mut walk = self.repo.revwalk().at(root)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME).at(root)?;
        walk.push_ref(BRANCH).at(root)?;
        let mut last_touch = None;
        for oid in walk {
            let commit = self.repo.find_commit(oid.at(root)?).at(root)?;
            if !path_changed(&commit, Path::new(&path)).at(root)? {
                continue;
            }
            let entry = entry_of(&commit);
            if entry.operation.as_deref() == Some(Operation::RipdApproval.label()) {
                return Ok(Some(entry));
            }
            if last_touch.is_none() {
                last_touch = Some(entry);
            }
        }
        Ok(last_touch)
    }

    /// The commits since the last approval of `ripd` that changed a covered
    /// process materially (data, purposes or bases, sharing, transfers added or
    /// removed). None for a report never approved.
    pub fn ripd_material_changes(&self, ripd: &Ripd) -> Result<Vec<MaterialChange>, HistoryError> {
        // A report never approved has no approved text to be outdated against;
        // skipping it spares a walk of the history on every load.
        if ripd.approved_on().is_none() {
            return Ok(Vec::new());
        }
        let Some(approval) = self.last_ripd_approval(ripd.id.as_str())? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for process in &ripd.processes {
            let path = crate::files::process_file(process.as_str());
            for entry in self.changes_since(&path, approval.commit)? {
                let commit = self.repo.find_commit(entry.commit.oid()).at(&self.root)?;
                let old = match commit.parent_ids().next() {
                    Some(parent) => self.file_at_oid(parent, &path)?,
                    None => None,
                };
                let new = self.file_at_oid(entry.commit.oid(), &path)?;
                let Some(diff) = file_diff(&path, old.as_deref(), new.as_deref()) else {
                    continue;
                };
                let paths: Vec<String> = diff
                    .changes
                    .iter()
                    .filter(|c| is_material(c))
                    .map(|c| c.path.clone())
                    .collect();
                if !paths.is_empty() {
                    out.push(MaterialChange {
                        process: process.to_string(),
                        commit: entry,
                        paths,
                    });
                }
            }
        }
        Ok(out)
    }
}
