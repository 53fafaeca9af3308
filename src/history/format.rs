//! `inventario formatar` on an inventory repository: the canonical rewrite under
//! the writers' lock, so it never interleaves with a save or an approval (run
//! beside `revisao aprovar`, an unlocked rewrite restored pre-approval files).

use super::History;
use super::error::HistoryError;
use crate::store::{self, FileStatus};

impl History {
    /// Checks every file; with `rewrite`, replaces each non-canonical one. The
    /// rewritten files are left as unregistered edits, for `registrar`.
    pub fn format(&self, rewrite: bool) -> Result<Vec<FileStatus>, HistoryError> {
        if !rewrite {
            return Ok(store::format_inventory(&self.root, false)?);
        }
        let _session = self.begin_write()?;
        Ok(store::format_inventory(&self.root, true)?)
    }
}
