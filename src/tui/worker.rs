//! The work that must not run on the UI thread: saves, reloads, history, diffs,
//! approvals, drafts. `execute` is a plain synchronous function (tests call it
//! directly); `spawn` runs it on a thread fed by a channel.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};

use chrono::NaiveDate;

use super::data::Data;
use crate::document::from_tree;
use crate::files::InventoryFile;
use crate::history::log::{LogEntry, LogFilter};
use crate::history::review::Pending;
use crate::history::revisions::Side;
use crate::history::{CommitId, History, HistoryError, SaveOutcome};
use crate::semantic::render::FileDiff;
use crate::store::draft;

#[derive(Debug, Clone)]
pub enum Cmd {
    /// Saves the document `tree` into `file`, the file it was read from.
    Save {
        file: InventoryFile,
        tree: serde_json::Value,
        base: Option<CommitId>,
        user_text: Option<String>,
        /// A new process: refused if its file exists (never replaces one).
        create: bool,
    },
    Reload,
    /// The branch's commit id, to notice other people's saves.
    CheckHead,
    LoadHistory {
        process: String,
    },
    /// Compares `to` with `from` (or with `to`'s parent when `from` is `None`).
    LoadDiff {
        process: String,
        from: Option<CommitId>,
        to: CommitId,
        raw: bool,
    },
    LoadPending,
    /// Approves `processes` (never an empty list: that would mean "all").
    Approve {
        minutes: String,
        processes: Vec<String>,
    },
    /// Approves the RIPD `id`, signed by `authority` for the controller.
    ApproveRipd {
        id: String,
        minutes: String,
        authority: String,
    },
    CheckDraft {
        file: InventoryFile,
    },
    WriteDraft {
        file: InventoryFile,
        text: String,
    },
    RemoveDraft {
        file: InventoryFile,
    },
    /// Exports the working inventory as `format` to `dest`, with progress.
    Export {
        format: crate::export::Format,
        dest: PathBuf,
    },
}

/// Why a command other than a save failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error(transparent)]
    History(#[from] HistoryError),
    /// The inventory could not be read again.
    #[error("{0}")]
    Load(String),
    #[error("nenhum processo marcado para aprovar")]
    NothingMarked,
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveFailure {
    pub message: String,
    /// Someone else changed the same fields, if that was the reason.
    pub conflict: Option<SaveConflict>,
    /// Where the user's version was kept.
    pub draft: Option<PathBuf>,
}

/// A same-field conflict, with what is needed to resolve it on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveConflict {
    /// Each field with its base, theirs and ours values.
    pub fields: Vec<crate::semantic::Conflict>,
    /// The commit holding their version: after resolving, the new base.
    pub head: CommitId,
    /// The file at `head`.
    pub theirs_text: String,
}

impl SaveFailure {
    fn plain(message: String) -> Self {
        Self {
            message,
            conflict: None,
            draft: None,
        }
    }
}

#[derive(Debug)]
pub enum Reply {
    /// The outcome of saving `file`.
    Saved {
        file: InventoryFile,
        result: Result<String, SaveFailure>,
    },
    Reloaded(Result<Box<Data>, WorkError>),
    /// The branch's commit now (`None` if it could not be read).
    Head(Option<CommitId>),
    /// The commits of `process`.
    History {
        process: String,
        result: Result<Vec<LogEntry>, WorkError>,
    },
    /// A diff of `process`.
    Diff {
        process: String,
        result: Result<DiffText, WorkError>,
    },
    Pending(Result<Vec<Pending>, WorkError>),
    /// The outcome of approving `processes`.
    Approved {
        processes: Vec<String>,
        result: Result<String, WorkError>,
    },
    /// This user's draft of `file`.
    Draft {
        file: InventoryFile,
        text: String,
        /// The file when the draft began, if it changed since.
        base_text: Option<String>,
        /// Who changed it since ("Ana em 24/11/2026 19:40").
        changed_by: Vec<String>,
    },
    /// An export under way: `done` of `total` files written.
    ExportProgress {
        done: usize,
        total: usize,
    },
    /// An export ended: what was written and what was left out, or why not.
    Exported(Result<String, WorkError>),
    /// Nothing to tell the UI.
    Done,
}

/// A diff ready to show: field by field, or the raw RON text.
#[derive(Debug, Clone)]
pub enum DiffText {
    Fields(Vec<FileDiff>),
    Raw(String),
}

/// The context a worker needs besides the command.
#[derive(Debug, Clone)]
pub struct WorkerContext {
    pub root: PathBuf,
    /// Where drafts go: the inventory itself (`.rascunhos/`), or, for an
    /// inventory this user cannot write, a folder in their own data directory.
    pub draft_root: PathBuf,
    pub login: String,
    pub today: NaiveDate,
}

/// The folder that holds this user's drafts of the inventory at `root`: the
/// inventory when it is writable, else `<data dir>/rascunhos/<path as a name>`
/// (the user's data directory, from `directories`).
pub fn draft_root(root: &Path, read_only: bool) -> PathBuf {
    if !read_only {
        return root.to_path_buf();
    }
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let name: String = canonical
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let base = std::env::var_os("INVENTARIO_DADOS_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("br", "inventario", "inventario")
                .map(|dirs| dirs.data_dir().to_path_buf())
        })
        .unwrap_or_else(std::env::temp_dir);
    base.join("rascunhos").join(name)
}

fn open(root: &Path) -> Result<History, HistoryError> {
    History::open(root)
}

fn save(
    ctx: &WorkerContext,
    file: &InventoryFile,
    tree: &serde_json::Value,
    base: Option<CommitId>,
    user_text: Option<&str>,
    create: bool,
) -> Result<String, SaveFailure> {
    let history = open(&ctx.root)
        .map_err(|e| SaveFailure::plain(e.to_string()))?
        .with_login(&ctx.login);
    let author = history.author();
    let outcome = crate::with_document_type!(file, |D| {
        let document = from_tree::<D>(tree).map_err(SaveFailure::plain)?;
        if create {
            history.create_document(&document, user_text, &author)
        } else {
            history.save_document(&document, file, base, user_text, &author)
        }
    }, else return Err(SaveFailure::plain(format!("{file} não é um documento editável"))));
    // What the history layer repaired on the way (a stale lock, an interrupted
    // save) is said after the result.
    let notices: String = history
        .take_notices()
        .iter()
        .map(|n| format!("; aviso: {n}"))
        .collect();
    match outcome {
        Ok(SaveOutcome::Committed {
            message, merged, ..
        }) => {
            let subject = message.lines().next().unwrap_or_default().to_owned();
            Ok(if merged {
                format!("{subject} (mesclado com alterações de outra pessoa){notices}")
            } else {
                format!("{subject}{notices}")
            })
        }
        Ok(SaveOutcome::Unchanged { .. }) => {
            Ok("nada mudou em relação à versão registrada".to_owned())
        }
        Err(HistoryError::Conflict {
            file,
            conflicts,
            draft,
            head,
        }) => Err(SaveFailure {
            message: format!(
                "{file}: outra pessoa alterou os mesmos campos desde que você abriu o processo"
            ),
            conflict: history
                .file_at(head, &file)
                .ok()
                .flatten()
                .map(|bytes| SaveConflict {
                    fields: conflicts,
                    head,
                    theirs_text: String::from_utf8_lossy(&bytes).into_owned(),
                }),
            draft: Some(draft),
        }),
        Err(error @ HistoryError::FileConflict { .. }) => Err(SaveFailure {
            message: error.to_string(),
            conflict: None,
            draft: match error {
                HistoryError::FileConflict { draft, .. } => Some(draft),
                _ => None,
            },
        }),
        Err(e) => Err(SaveFailure::plain(e.to_string())),
    }
}

/// When the file a draft is for changed since the draft began: the file as it
/// was then, and who changed it since. `None` when it did not change (or the
/// draft does not say where it began).
fn changes_since_draft(
    root: &Path,
    file: &InventoryFile,
    text: &str,
) -> Option<(Option<String>, Vec<String>)> {
    let history = History::open(root).ok()?;
    let base = draft::draft_base(text.as_bytes())?
        .parse::<CommitId>()
        .ok()?;
    if history.head().ok()? == base {
        return None;
    }
    let path = file.to_string();
    let then = history.file_at(base, &path).ok()?;
    let changed_by: Vec<String> = history
        .changes_since(&path, base)
        .ok()?
        .iter()
        .map(|e| format!("{} em {}", e.author, e.time.format("%d/%m/%Y %H:%M")))
        .collect();
    if changed_by.is_empty() {
        return None;
    }
    Some((
        then.map(|b| String::from_utf8_lossy(&b).into_owned()),
        changed_by,
    ))
}

/// `to` compared with `from` (or with its parent), by field or as RON text.
fn load_diff(
    root: &Path,
    process: &str,
    from: Option<CommitId>,
    to: CommitId,
    raw: bool,
) -> Result<DiffText, WorkError> {
    let h = open(root)?;
    let from = match from {
        Some(from) => Some(from),
        None => h.resolve(&format!("{to}~1")).ok(),
    };
    let path = crate::files::process_file(process);
    if raw {
        let old = match from {
            Some(f) => h.file_at(f, &path)?,
            None => None,
        };
        let new = h.file_at(to, &path)?;
        return Ok(DiffText::Raw(crate::semantic::render::line_diff(
            &String::from_utf8_lossy(&old.unwrap_or_default()),
            &String::from_utf8_lossy(&new.unwrap_or_default()),
        )));
    }
    match from {
        Some(from) => h
            .diff(from, Side::Commit(to), Some(process))
            .map(DiffText::Fields)
            .map_err(WorkError::from),
        None => Ok(DiffText::Fields(Vec::new())),
    }
}

/// Approves `processes` (never an empty list: that would mean "all").
fn approve(
    root: &Path,
    minutes: &str,
    processes: &[String],
    today: NaiveDate,
) -> Result<String, WorkError> {
    if processes.is_empty() {
        return Err(WorkError::NothingMarked);
    }
    let h = open(root)?;
    let approval = h.approve(minutes, processes, today, &h.author())?;
    Ok(if approval.processes.is_empty() {
        "nenhum processo pendente".to_owned()
    } else {
        format!(
            "{} processo(s), {}",
            approval.processes.len(),
            approval.tag.as_deref().unwrap_or_default()
        )
    })
}

/// Approves a RIPD: whoever uses the application prepared it, the inventory's
/// encarregado and `authority` sign it, today.
fn export(
    ctx: &WorkerContext,
    format: crate::export::Format,
    dest: &Path,
    notify: &mut dyn FnMut(Reply),
) -> Result<String, WorkError> {
    let embedded = crate::catalog::Catalogs::embedded()
        .map_err(|_| WorkError::Load("catálogos embutidos inválidos".to_owned()))?;
    let source = crate::export::source::working(&ctx.root, &embedded)?;
    let summary = crate::export::export(&source, format, dest, ctx.today, &mut |done, total| {
        notify(Reply::ExportProgress { done, total });
    })?;
    let left_out = if summary.left_out.is_empty() {
        String::new()
    } else {
        format!(
            "; fora: {}",
            summary
                .left_out
                .iter()
                .map(|w| format!("{} ({})", w.id, w.reason))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    Ok(format!(
        "Exportado: {} processo(s) em {}{left_out}",
        summary.count,
        summary.first.display()
    ))
}

fn approve_ripd(
    ctx: &WorkerContext,
    id: &str,
    minutes: &str,
    authority: &str,
) -> Result<String, WorkError> {
    use crate::history::ripd::RipdSignatures;
    use crate::model::ripd::Signatory;
    let h = open(&ctx.root)?;
    let author = h.author();
    let dpo = h
        .institution_at(h.head()?)?
        .map(|i| i.dpo.name)
        .unwrap_or_default();
    let sign = |name: &str| Signatory {
        name: name.to_owned(),
        registration: None,
        place: None,
        date: Some(ctx.today),
    };
    let signatures = RipdSignatures {
        prepared_by: sign(&author.name),
        dpo: sign(&dpo),
        controller_authority: sign(authority),
        operator_authority: None,
    };
    let approval = h.approve_ripd(id, minutes, signatures, ctx.today, &author)?;
    Ok(format!(
        "RIPD {id}, versão {}, {}",
        approval.version, approval.tag
    ))
}

/// Runs one command.
/// Runs one command; its answer is the reply returned.
pub fn execute(ctx: &WorkerContext, cmd: Cmd) -> Reply {
    execute_with(ctx, cmd, &mut |_| {})
}

/// Runs one command, sending progress through `notify` on the way (an export
/// of thousands of pages); its answer is the reply returned.
pub fn execute_with(ctx: &WorkerContext, cmd: Cmd, notify: &mut dyn FnMut(Reply)) -> Reply {
    let root = &ctx.root;
    match cmd {
        Cmd::Export { format, dest } => Reply::Exported(export(ctx, format, &dest, notify)),
        Cmd::Save {
            file,
            tree,
            base,
            user_text,
            create,
        } => Reply::Saved {
            result: save(ctx, &file, &tree, base, user_text.as_deref(), create),
            file,
        },
        Cmd::Reload => Reply::Reloaded(
            Data::load(root, ctx.today)
                .map(Box::new)
                .map_err(WorkError::Load),
        ),
        Cmd::CheckHead => Reply::Head(History::open(root).and_then(|h| h.head()).ok()),
        Cmd::LoadHistory { process } => Reply::History {
            result: open(root)
                .and_then(|h| {
                    h.log(&LogFilter {
                        process: Some(process.clone()),
                        ..LogFilter::default()
                    })
                })
                .map_err(WorkError::from),
            process,
        },
        Cmd::LoadDiff {
            process,
            from,
            to,
            raw,
        } => Reply::Diff {
            result: load_diff(root, &process, from, to, raw),
            process,
        },
        Cmd::LoadPending => Reply::Pending(
            open(root)
                .and_then(|h| h.pending())
                .map_err(WorkError::from),
        ),
        Cmd::Approve { minutes, processes } => Reply::Approved {
            result: approve(root, &minutes, &processes, ctx.today),
            processes,
        },
        Cmd::ApproveRipd {
            id,
            minutes,
            authority,
        } => Reply::Approved {
            result: approve_ripd(ctx, &id, &minutes, &authority),
            processes: vec![format!("ripd/{id}")],
        },
        Cmd::CheckDraft { file } => match draft::read_draft(&ctx.draft_root, &ctx.login, &file) {
            Some(text) => {
                let (base_text, changed_by) =
                    changes_since_draft(root, &file, &text).unwrap_or_default();
                Reply::Draft {
                    file,
                    text,
                    base_text,
                    changed_by,
                }
            }
            None => Reply::Done,
        },
        // A draft is a safety net: failing to write or remove one must not stop
        // editing.
        Cmd::WriteDraft { file, text } => {
            let _ = draft::write_draft(&ctx.draft_root, &ctx.login, &file, &text);
            Reply::Done
        }
        Cmd::RemoveDraft { file } => {
            let _ = draft::remove_draft(&ctx.draft_root, &ctx.login, &file);
            Reply::Done
        }
    }
}

/// Runs commands from `commands` until the channel closes, sending each reply.
pub fn spawn(
    ctx: WorkerContext,
    commands: Receiver<Cmd>,
    replies: Sender<Reply>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for cmd in commands {
            let reply = execute_with(&ctx, cmd, &mut |progress| {
                let _ = replies.send(progress);
            });
            if replies.send(reply).is_err() {
                break;
            }
        }
    })
}
