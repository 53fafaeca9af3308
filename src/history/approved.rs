//! What the committee approved: each process as its last approval commit holds
//! it, for `exportar --aprovado` (the public page shows what the committee
//! approved, not what was saved since).

use super::review::Approval;
use super::{History, HistoryError};
use crate::files::{self, InventoryFile};

/// The approved state of the inventory.
#[derive(Debug, Clone)]
pub struct ApprovedState {
    /// The last approval (its ata, date and commit go on the page).
    pub last: Approval,
    /// `inventario.ron` at the last approval.
    pub institution: Option<Vec<u8>>,
    /// (file stem, content at the process's own last approval), for processes
    /// that still exist at HEAD.
    pub processes: Vec<(String, Vec<u8>)>,
    /// Processes at HEAD that no approval covers (left out of the export).
    pub never_approved: Vec<String>,
}

impl History {
    /// The approved state, or `None` when the committee never approved anything.
    pub fn approved_state(&self) -> Result<Option<ApprovedState>, HistoryError> {
        let approvals = self.approvals()?;
        let Some(last) = approvals.iter().rev().find(|a| !a.processes.is_empty()) else {
            return Ok(None);
        };
        let head = self.head_oid()?;
        let mut at_head = self.files_of(head)?;
        let mut processes = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for approval in approvals.iter().rev() {
            let mut at_approval = self.files_of(approval.commit.oid())?;
            for stem in &approval.processes {
                if !seen.insert(stem.clone()) {
                    continue;
                }
                let path = files::process_file(stem);
                if at_head.get(&path)?.is_none() {
                    continue; // removed since
                }
                if let Some(bytes) = at_approval.get(&path)? {
                    processes.push((stem.clone(), bytes));
                }
            }
        }
        processes.sort_by(|a, b| a.0.cmp(&b.0));
        let never_approved = at_head
            .process_stems()?
            .into_iter()
            .filter(|stem| !seen.contains(stem))
            .collect();
        let institution = self.file_at(last.commit, &InventoryFile::Institution.to_string())?;
        Ok(Some(ApprovedState {
            last: last.clone(),
            institution,
            processes,
            never_approved,
        }))
    }
}
