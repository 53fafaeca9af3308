//! RON files on disk: loading an inventory (one broken file never stops the rest),
//! canonical atomic saves through the one guarded write, `formatar`, `init`, the
//! sample and drafts. Every write to an inventory file goes through here
//! (`guard::write_file`, `draft::write_draft`); `history` reads and writes `.git/`
//! through git2, and the CLI and the TUI reach inventory files only through these
//! two.

mod atomic;
mod canonical;
pub mod draft;
mod error;
mod findings_cache;
pub mod guard;
mod init;
pub mod layout;
mod load;
mod parse_cache;
mod save;

pub use atomic::{
    remove_leftover_temporaries, sync_file_system, write_atomically, write_atomically_unsynced,
    write_batch_unsynced,
};
pub use canonical::{FileState, FileStatus, format_inventory};
pub use error::{StoreError, describe_io};
pub(crate) use findings_cache::NewEntry;
pub use findings_cache::{Checked, FindingsCache};
pub use init::{extract_sample, init, is_inventory};
pub use load::{
    FileProblem, LoadedInventory, LoadedProcess, LoadedRipd, ProblemKind, ProcessFiles, load,
    load_uncached, load_without_processes,
};
pub(crate) use parse_cache::Stamp;
pub use save::{canonical_text, save_document, save_institution, save_process};
