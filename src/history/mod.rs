//! Every change a git commit, through git2: the only module that imports git2. An
//! inventory is the root of its own repository on branch `main`; saves commit one
//! path with a tree update (nothing rebuilt from the whole directory), move the
//! branch as a compare-and-swap under a writers' lock, and keep the working tree,
//! the index and HEAD in agreement. Also: history, revision diffs, committee
//! approvals, the Política's revision and synchronization with a central repository. Every write goes
//! through `write::WriteSession` (lock, recovery, journal, guarded file writes).

mod approved;
pub mod author;
mod bulk;
mod commit_id;
mod commit_index;
mod error;
mod format;
pub mod lock;
pub mod log;
pub mod policy_revision;
mod recovery;
pub mod register;
pub mod review;
pub mod revisions;
pub mod ripd;
mod save;
pub mod sync;
mod upkeep;
mod write;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, RepositoryInitOptions};

pub use approved::ApprovedState;
pub use author::Author;
/// A commit id, for callers that remember which version they loaded.
pub use commit_id::{CommitId, NotACommitId};
use error::GitContext;
pub use error::{HistoryError, single_line};
pub use save::SaveOutcome;

use crate::model::Institution;
use crate::store;

/// The branch every inventory keeps its history on.
pub const BRANCH: &str = "refs/heads/main";
const BRANCH_SHORT: &str = "main";

/// Files every new inventory repository gets.
const GITATTRIBUTES: &str = "# Mostra diferenças campo a campo (veja README: `git config diff.inventario.textconv`).\n*.ron diff=inventario\n";
const GITIGNORE: &str = "# Rascunhos de edições não salvas, por usuário.\n.rascunhos/\n# Arquivos temporários de uma gravação interrompida.\n.inventario-*\n";

/// An inventory's repository.
pub struct History {
    root: PathBuf,
    repo: Repository,
    /// What the user should be told besides the result (a stale lock removed, an
    /// interrupted change completed); the command prints them as warnings.
    notices: RefCell<Vec<String>>,
    /// Whose drafts a save that cannot commit writes (`.rascunhos/<login>/`):
    /// the system login unless the caller says otherwise (`with_login`).
    login: String,
    /// Tree entries read by this value's own lookups (see `tree_entries_read`).
    tree_entries_read: std::cell::Cell<u64>,
}

impl History {
    /// Opens the repository whose root is `root`. A directory inside another
    /// repository (such as `sample-inventory/` in the source tree) is refused.
    pub fn open(root: &Path) -> Result<History, HistoryError> {
        // As git itself, which checks object hashes in `git fsck`, not on every
        // read: the collision-detecting SHA-1 of each blob read was a fifth of
        // a review's time. Objects written are hashed as always.
        static NO_HASH_CHECK_ON_READ: std::sync::Once = std::sync::Once::new();
        NO_HASH_CHECK_ON_READ.call_once(|| git2::opts::strict_hash_verification(false));
        let root = root
            .canonicalize()
            .map_err(|e| store::StoreError::io(root, e))?;
        match Repository::open(&root) {
            Ok(repo) if repo.workdir().is_some_and(|w| same_dir(w, &root)) => Ok(History {
                root,
                repo,
                notices: RefCell::new(Vec::new()),
                login: author::login(),
                tree_entries_read: std::cell::Cell::new(0),
            }),
            Err(e) if e.code() == git2::ErrorCode::Owner => Err(HistoryError::NotOwner(root)),
            Ok(repo) => Err(HistoryError::InsideAnotherRepository {
                enclosing: repo.workdir().unwrap_or(repo.path()).to_path_buf(),
                path: root,
            }),
            Err(_) => match Repository::discover(&root) {
                Ok(repo) => Err(HistoryError::InsideAnotherRepository {
                    enclosing: repo.workdir().unwrap_or(repo.path()).to_path_buf(),
                    path: root,
                }),
                Err(_) => Err(HistoryError::NotARepository(root)),
            },
        }
    }

    /// Turns a directory that already holds inventory files into an inventory
    /// repository with a first commit of everything in it.
    pub fn start(root: &Path, author: &Author, message: &str) -> Result<History, HistoryError> {
        for (name, text) in [(".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)] {
            let path = root.join(name);
            if !path.exists() {
                store::write_atomically(&path, text.as_bytes())?;
            }
        }
        let mut options = RepositoryInitOptions::new();
        options.initial_head(BRANCH_SHORT);
        let repo = Repository::init_opts(root, &options).at(root)?;
        let mut index = repo.index().at(root)?;
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .at(root)?;
        index.write().at(root)?;
        let tree_id = index.write_tree().at(root)?;
        let tree = repo.find_tree(tree_id).at(root)?;
        let signature = write::signature(author).at(root)?;
        repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &[])
            .at(root)?;
        drop(tree);
        History::open(root)
    }

    /// `inventario init`: a new inventory with its repository and first commit.
    pub fn init(root: &Path, name: &str, author: &Author) -> Result<History, HistoryError> {
        store::init(root, name)?;
        History::start(root, author, "Cria o inventário\n\nOperacao: criacao\n")
    }

    /// Copies the sample inventory to `root` and starts its history.
    pub fn init_sample(root: &Path, author: &Author) -> Result<History, HistoryError> {
        store::extract_sample(root)?;
        let history = History::start(
            root,
            author,
            "Inventário de exemplo (UFDPar)\n\nOperacao: criacao\n",
        )?;
        history.sample_later_change()?;
        Ok(history)
    }

    /// The sample's history goes on after its first commit, as a real one does:
    /// the owner of the biometric access process adds a photo field after its
    /// RIPD was approved, so `check` on the copy shows a report outdated by a
    /// later change of its process (UFDPar art. 39 VII).
    fn sample_later_change(&self) -> Result<(), HistoryError> {
        let (head, process) = self.process_at_head("controle-acesso-biometrico")?;
        let Some(mut process) = process else {
            return Ok(());
        };
        let Some(template) = process.fields.first().cloned() else {
            return Ok(());
        };
        let photo = crate::model::DataField {
            id: crate::model::ItemId::parse("foto").map_err(|e| HistoryError::InvalidText {
                what: "id do campo",
                reason: e.to_string(),
            })?,
            kind: crate::model::FieldKindId::from("foto"),
            description: Some(
                "Foto do estudante, mostrada ao operador da catraca para conferência".into(),
            ),
            ..template
        };
        process.fields.push(photo);
        process.updated = chrono::NaiveDate::from_ymd_opt(2026, 9, 14).unwrap_or(process.updated);
        let owner = Author {
            name: "Nutricionista responsável pelo Restaurante Universitário".into(),
            email: "ru@ufdpar.edu.br".into(),
        };
        self.save_process(
            &process,
            Some(head),
            Some("Conferência visual na catraca, pedida pela PRAE"),
            &owner,
        )?;
        Ok(())
    }

    /// Routes `*.ron` diffs through `command` (e.g. `/usr/bin/inventario textconv`)
    /// in this repository's own config, so `git diff` shows fields.
    pub fn configure_diff_driver(&self, command: &str) -> Result<(), HistoryError> {
        let mut config = self.repo.config().at(&self.root)?;
        config
            .set_str("diff.inventario.textconv", command)
            .at(&self.root)
    }

    pub(crate) fn notice(&self, text: String) {
        self.notices.borrow_mut().push(text);
    }

    /// The warnings gathered so far (see `notices`), emptying the list.
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut self.notices.borrow_mut())
    }

    /// Who is making changes in this repository (see `author`).
    pub fn author(&self) -> Author {
        author::resolve(Some(&self.repo))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    #[cfg(test)]
    pub(crate) fn repo(&self) -> &Repository {
        &self.repo
    }

    /// The same history, keeping drafts under `login` (the terminal
    /// application passes the login it writes its own drafts under).
    pub fn with_login(mut self, login: &str) -> History {
        self.login = login.to_owned();
        self
    }

    /// The commit the branch points to.
    pub fn head(&self) -> Result<CommitId, HistoryError> {
        self.head_oid().map(CommitId::from)
    }

    pub(crate) fn head_oid(&self) -> Result<Oid, HistoryError> {
        self.repo.refname_to_id(BRANCH).at(&self.root)
    }

    /// The content of `path` (relative, with `/`) at `commit`, if it exists there.
    /// The content of `path` (relative, with `/`) at `commit`, if it exists there.
    /// For many files of one commit, `files_of` reads each directory once.
    pub fn file_at(&self, commit: CommitId, path: &str) -> Result<Option<Vec<u8>>, HistoryError> {
        self.file_at_oid(commit.oid(), path)
    }

    fn count_entries(&self, n: usize) {
        self.tree_entries_read
            .set(self.tree_entries_read.get() + n as u64);
    }

    /// How many tree entries this value's lookups have read from the object
    /// database so far: the work that grew quadratically when each process was
    /// looked up from the root (the tests count it instead of timing).
    pub fn tree_entries_read(&self) -> u64 {
        self.tree_entries_read.get()
    }

    /// `git status` of the working tree. The stat data refreshed on the way is
    /// written back to the index (as `git status` does), so files that were only
    /// touched — a `cp -a`, a backup restored — are hashed once, not on every
    /// command; a busy index (`index.lock`) only skips that write.
    pub(crate) fn statuses(&self, untracked: bool) -> Result<git2::Statuses<'_>, HistoryError> {
        let status = |update_index: bool| {
            let mut options = git2::StatusOptions::new();
            options
                .include_untracked(untracked)
                .recurse_untracked_dirs(untracked)
                .update_index(update_index);
            self.repo.statuses(Some(&mut options))
        };
        match status(true) {
            Err(e) if e.code() == git2::ErrorCode::Locked => status(false).at(&self.root),
            other => other.at(&self.root),
        }
    }

    /// Resolves a revision (`HEAD~2`, a hash, a tag) to a commit.
    pub fn resolve(&self, revision: &str) -> Result<CommitId, HistoryError> {
        self.resolve_oid(revision).map(CommitId::from)
    }

    pub(crate) fn file_at_oid(
        &self,
        commit: Oid,
        path: &str,
    ) -> Result<Option<Vec<u8>>, HistoryError> {
        self.files_of(commit)?.get(path)
    }

    /// `read` applied to each of `ids`, in order, on every core when there are
    /// many: each thread opens its own handle of the repository (libgit2's
    /// handles are not shared between threads) and inflates its share.
    pub(crate) fn read_each<T: Send>(
        &self,
        ids: &[Oid],
        read: impl Fn(&Repository, Oid) -> Result<T, git2::Error> + Sync,
    ) -> Result<Vec<T>, HistoryError> {
        /// Below this many objects per thread, opening handles costs more.
        const PER_THREAD: usize = 200;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = cores.min(ids.len() / PER_THREAD).max(1);
        if threads == 1 {
            return ids
                .iter()
                .map(|id| read(&self.repo, *id))
                .collect::<Result<_, _>>()
                .at(&self.root);
        }
        let chunks: Vec<&[Oid]> = ids.chunks(ids.len().div_ceil(threads)).collect();
        let path = self.repo.path();
        let read = &read;
        let parts = crate::parallel::map_batches(&chunks, |chunk| {
            let repo = Repository::open(path)?;
            chunk
                .iter()
                .map(|id| read(&repo, *id))
                .collect::<Result<Vec<T>, _>>()
        });
        let mut out = Vec::with_capacity(ids.len());
        for part in parts {
            out.extend(part.at(&self.root)?);
        }
        Ok(out)
    }

    /// A reader of many files of one commit, which looks each directory up
    /// once (a lookup from the root re-reads the whole `processos/` tree).
    pub(crate) fn files_of(&self, commit: Oid) -> Result<CommitFiles<'_>, HistoryError> {
        let root = self
            .repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .at(&self.root)?;
        self.count_entries(root.len());
        Ok(CommitFiles {
            history: self,
            root,
            dirs: std::collections::HashMap::new(),
        })
    }

    pub(crate) fn resolve_oid(&self, revision: &str) -> Result<Oid, HistoryError> {
        self.repo
            .revparse_single(revision)
            .and_then(|object| object.peel_to_commit())
            .map(|commit| commit.id())
            .map_err(|_| HistoryError::UnknownRevision(revision.to_owned()))
    }

    /// Runs `read` while no writer can save, and returns HEAD with its result: the
    /// files read then match the commit they will be saved against. (A writer
    /// writes the working file just before committing, so reading files and HEAD
    /// separately could pair a newer file with an older base.)
    /// An interrupted change is finished first, when the repository is in a state
    /// the tool writes in.
    pub fn load_snapshot<T>(
        &self,
        read: impl FnOnce() -> T,
    ) -> Result<(CommitId, T), HistoryError> {
        let _session = match self.begin_write() {
            Ok(session) => session,
            Err(
                HistoryError::DetachedHead
                | HistoryError::OtherBranch(_)
                | HistoryError::OperationInProgress(..),
            ) => return Ok((self.head()?, read())),
            Err(e) => return Err(e),
        };
        let head = self.head()?;
        Ok((head, read()))
    }

    /// A process as committed at HEAD, with that commit: a consistent base for an
    /// edit, whatever the working tree holds meanwhile.
    pub fn process_at_head(
        &self,
        id: &str,
    ) -> Result<(CommitId, Option<crate::model::Process>), HistoryError> {
        let head = self.head()?;
        let bytes = self.file_at(head, &store::layout::process_file(id))?;
        Ok((head, bytes.and_then(|b| crate::ron_text::parse(&b).ok())))
    }

    /// The institution as committed at HEAD.
    pub fn institution_at(&self, commit: CommitId) -> Result<Option<Institution>, HistoryError> {
        Ok(self
            .file_at(commit, store::layout::INSTITUTION_FILE)?
            .and_then(|bytes| crate::ron_text::parse(&bytes).ok()))
    }
}

/// The id git gives `bytes` as a file's content, computed without writing
/// anything: comparing it with a tree entry's id tells whether a file on disk
/// holds that version without reading the blob.
pub(crate) fn blob_id(bytes: &[u8]) -> Result<Oid, git2::Error> {
    Oid::hash_object(git2::ObjectType::Blob, bytes)
}

/// The blob id of each file's content on disk (`None`: no such file), read and
/// hashed on every core: an approval compares 2,000 files twice.
pub(crate) fn blob_ids_on_disk(
    root: &Path,
    files: &[std::path::PathBuf],
) -> Result<Vec<Option<Oid>>, HistoryError> {
    crate::parallel::map(files, |file| {
        match crate::store::guard::current_content(file)? {
            Some(bytes) => blob_id(&bytes).at(root).map(Some),
            None => Ok(None),
        }
    })
    .into_iter()
    .collect()
}

/// See `History::files_of`.
pub(crate) struct CommitFiles<'h> {
    history: &'h History,
    root: git2::Tree<'h>,
    /// Subtrees already looked up, by directory (`None`: absent).
    dirs: std::collections::HashMap<String, Option<git2::Tree<'h>>>,
}

impl CommitFiles<'_> {
    /// The content of `path` (relative, with `/`), if the commit has it.
    pub(crate) fn get(&mut self, path: &str) -> Result<Option<Vec<u8>>, HistoryError> {
        let Some((id, _)) = self.entry(path)? else {
            return Ok(None);
        };
        let blob = self.history.repo.find_blob(id).at(&self.history.root)?;
        Ok(Some(blob.content().to_vec()))
    }

    /// The stems of the process files (`processos/<stem>.ron`) of the commit.
    pub(crate) fn process_stems(&mut self) -> Result<Vec<String>, HistoryError> {
        let dir = crate::files::PROCESSES_DIR;
        // Looks the directory up (and caches it) through `entry`.
        self.entry(&format!("{dir}/."))?;
        let Some(Some(tree)) = self.dirs.get(dir) else {
            return Ok(Vec::new());
        };
        Ok(tree
            .iter()
            .filter_map(|e| e.name().ok().map(str::to_owned))
            .filter_map(
                |name| match crate::files::InventoryFile::parse(&format!("{dir}/{name}")) {
                    Ok(crate::files::InventoryFile::Process(stem)) => Some(stem),
                    _ => None,
                },
            )
            .collect())
    }

    /// The blob id and file mode of `path`, if the commit has it.
    pub(crate) fn entry(&mut self, path: &str) -> Result<Option<(Oid, i32)>, HistoryError> {
        let at = &self.history.root;
        let repo = &self.history.repo;
        let (dir, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (Some(dir), name),
            None => (None, path),
        };
        let tree = match dir {
            None => &self.root,
            Some(dir) => {
                if !self.dirs.contains_key(dir) {
                    let subtree = match self.root.get_path(Path::new(dir)) {
                        Ok(entry) => {
                            let tree = repo.find_tree(entry.id()).at(at)?;
                            self.history.count_entries(tree.len());
                            Some(tree)
                        }
                        Err(e) if e.code() == git2::ErrorCode::NotFound => None,
                        Err(e) => return Err(e).at(at),
                    };
                    self.dirs.insert(dir.to_owned(), subtree);
                }
                match self.dirs.get(dir) {
                    Some(Some(tree)) => tree,
                    _ => return Ok(None),
                }
            }
        };
        Ok(tree.get_name(name).map(|e| (e.id(), e.filemode())))
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    pub fn author() -> Author {
        Author {
            name: "Ana Teste".into(),
            email: "ana@exemplo.edu.br".into(),
        }
    }

    /// Saves a change of `frequencia` in process `id`, on top of HEAD.
    pub fn change_frequency(history: &History, id: &str, frequency: &str) {
        let (head, Some(mut process)) = history.process_at_head(id).unwrap() else {
            panic!("{id} is not at HEAD");
        };
        process.frequency = Some(frequency.into());
        history
            .save_process(&process, Some(head), None, &author())
            .unwrap();
    }

    /// Runs the system git in `dir`; its output, after checking it succeeded.
    pub fn git(dir: &Path, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// A fresh sample inventory repository in a temporary directory.
    pub fn sample_repo() -> (tempfile::TempDir, History) {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join("inv");
        let history = History::init_sample(&root, &author()).unwrap();
        (temp, history)
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn a_directory_inside_another_repository_is_refused() {
        let (_temp, history) = sample_repo();
        let inner = history.root().join("processos");
        let error = History::open(&inner).err().unwrap();
        assert!(matches!(
            error,
            HistoryError::InsideAnotherRepository { .. }
        ));
        assert!(
            error.to_string().contains("inventario exemplo DESTINO"),
            "{error}"
        );
    }

    #[test]
    fn a_plain_directory_is_not_a_repository() {
        let temp = tempfile::tempdir().unwrap();
        let error = History::open(temp.path()).err().unwrap();
        assert!(matches!(error, HistoryError::NotARepository(_)), "{error}");
    }

    #[test]
    fn the_sample_starts_with_its_history_and_a_clean_status() {
        let (_temp, history) = sample_repo();
        let head = history.head().unwrap();
        // The sample, then the biometric process's later change by its owner.
        let commit = history.repo().find_commit(head.oid()).unwrap();
        assert_eq!(commit.parent_count(), 1);
        assert_eq!(
            commit.author().name(),
            Ok("Nutricionista responsável pelo Restaurante Universitário")
        );
        let first = commit.parent(0).unwrap();
        assert_eq!(first.parent_count(), 0);
        assert_eq!(first.author().name(), Ok("Ana Teste"));
        assert!(
            history
                .file_at(head, "processos/cftv.ron")
                .unwrap()
                .is_some()
        );
        assert!(
            history
                .file_at(head, "processos/nada.ron")
                .unwrap()
                .is_none()
        );
        let statuses = history.repo().statuses(None).unwrap();
        assert_eq!(statuses.len(), 0);
    }
}
