//! The approval of a RIPD (`inventario ripd aprovar`): the signatories, the date
//! and the ata go into section 8, a line goes into the revision history, and the
//! change is one commit with an annotated tag (`ripd/<id>/<data>`), with the same
//! guarantees as the committee's review of processes.

use chrono::NaiveDate;

use super::CommitId;
use super::error::{HistoryError, single_line};
use super::write::{Committed, PathUpdate, Source, TagSpec};
use super::{Author, History};
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
        ripd.approval.prepared_by = Some(signatures.prepared_by);
        ripd.approval.dpo = Some(signatures.dpo);
        ripd.approval.controller_authority = Some(signatures.controller_authority);
        ripd.approval.operator_authority = signatures.operator_authority;
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
}
