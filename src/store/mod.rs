//! RON files on disk: loading an inventory (one broken file never stops the rest),
//! canonical atomic saves, `formatar`, `init` and the sample. This is the only
//! layer besides the CLI that touches the file system.

mod atomic;
mod canonical;
pub mod draft;
mod error;
pub mod guard;
mod init;
pub mod layout;
mod load;
mod save;

pub use atomic::{remove_leftover_temporaries, write_atomically};
pub use canonical::{FileState, FileStatus, format_inventory};
pub use error::{StoreError, describe_io};
pub use init::{extract_sample, init, is_inventory};
pub use load::{FileProblem, LoadedInventory, LoadedProcess, ProblemKind, load};
pub use save::{canonical_text, save_institution, save_process};
