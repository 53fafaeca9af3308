//! What the program promises (README, "O que o programa garante"), case by case:
//! a hostile central repository cannot write outside the inventory or into
//! `.git`, and no command undoes someone else's work (hand edits, unreadable
//! files, untracked files, files deleted by hand, a HEAD the tool must not write
//! on). Crash recovery is tested in `crash.rs`, concurrency in `concurrency.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};
use inventario::history::{Author, History, HistoryError, SaveOutcome};
use inventario::model::{Process, ProcessId};

use crate::util::*;

fn author() -> Author {
    Author {
        name: "Ana".into(),
        email: "ana@exemplo.edu.br".into(),
    }
}

fn read_process(root: &Path, id: &str) -> Process {
    inventario::ron_text::parse(&std::fs::read(root.join(format!("processos/{id}.ron"))).unwrap())
        .unwrap()
}

/// Every file under `dir` with its bytes, except git's object store and the
/// remote-tracking state a fetch is allowed to change.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if [
                "objects",
                "FETCH_HEAD",
                "logs",
                "remotes",
                "central.git",
                "inventario.lock",
            ]
            .contains(&name.as_str())
            {
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

/// An inventory `a` that has pushed to a bare `central.git` beside it.
fn inventory_with_central() -> (tempfile::TempDir, History, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("a");
    let history = History::init_sample(&root, &author()).unwrap();
    let central = add_central(temp.path(), &history, &author());
    (temp, history, central)
}

/// A tree object written byte by byte, as an attacker would: libgit2's tree
/// builder refuses names such as `.git` or `..`, the object format does not.
fn raw_tree(repo: &Repository, mut entries: Vec<(String, u32, Oid)>) -> Oid {
    // git's order: names compared as if trees ended with '/'.
    entries.sort_by_key(|(name, mode, _)| {
        let mut key = name.clone().into_bytes();
        if *mode == 0o040000 {
            key.push(b'/');
        }
        key
    });
    let mut data = Vec::new();
    for (name, mode, id) in entries {
        data.extend(format!("{mode:o} {name}\0").bytes());
        data.extend(id.as_bytes());
    }
    repo.odb().unwrap().write(ObjectType::Tree, &data).unwrap()
}

fn entries_of(repo: &Repository, tree: Oid) -> Vec<(String, u32, Oid)> {
    repo.find_tree(tree)
        .unwrap()
        .iter()
        .map(|e| (e.name().unwrap().to_owned(), e.filemode() as u32, e.id()))
        .collect()
}

/// Adds a commit to the central repository's `main` whose root tree is the
/// current one plus `extra` entries (or with a subtree replaced).
fn push_hostile(
    central: &Path,
    change: impl FnOnce(&Repository, &mut Vec<(String, u32, Oid)>),
) -> Oid {
    let repo = Repository::open_bare(central).unwrap();
    let head = repo.refname_to_id("refs/heads/main").unwrap();
    let parent = repo.find_commit(head).unwrap();
    let mut entries = entries_of(&repo, parent.tree_id());
    change(&repo, &mut entries);
    let tree = raw_tree(&repo, entries);
    let signature = git2::Signature::now("Atacante", "x@exemplo.org").unwrap();
    let commit = repo
        .commit(
            None,
            &signature,
            &signature,
            "Processo: cftv\n",
            &repo.find_tree(tree).unwrap(),
            &[&parent],
        )
        .unwrap();
    repo.reference("refs/heads/main", commit, true, "ataque")
        .unwrap();
    commit
}

fn blob(repo: &Repository, text: &str) -> Oid {
    repo.blob(text.as_bytes()).unwrap()
}

const EVIL_CONFIG: &str = "[core]\n\tfsmonitor = touch /tmp/inventario-invadido\n[remote \"origin\"]\n\tuploadpack = touch /tmp/inventario-invadido\n";

/// Syncs and expects a refusal naming `path`, with nothing changed on disk.
fn assert_refused(temp: &Path, history: &History, path: &str) {
    let before = snapshot(temp);
    let head = history.head().unwrap();
    let error = history.sync("origin", &author()).unwrap_err();
    assert!(
        matches!(error, HistoryError::IncomingPathRefused { .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(message.contains(path), "{message}");
    assert!(message.contains("nada foi alterado"), "{message}");
    assert_eq!(history.head().unwrap(), head);
    let after = snapshot(temp);
    let changed: Vec<&PathBuf> = after
        .keys()
        .chain(before.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "changed: {changed:?}");
}

#[test]
fn a_central_repository_cannot_write_into_dot_git_in_any_spelling() {
    for name in [".git", ".GIT", ".git.", "git~1", ".Git"] {
        let (temp, history, central) = inventory_with_central();
        let config_before = std::fs::read(history.root().join(".git/config")).unwrap();
        push_hostile(&central, |repo, entries| {
            let config = blob(repo, EVIL_CONFIG);
            let dir = raw_tree(repo, vec![("config".into(), 0o100644, config)]);
            entries.push((name.to_owned(), 0o040000, dir));
        });
        assert_refused(temp.path(), &history, &format!("{name}/config"));
        assert_eq!(
            std::fs::read(history.root().join(".git/config")).unwrap(),
            config_before,
            "{name}"
        );
    }
}

#[test]
fn a_central_repository_cannot_climb_out_with_dot_dot() {
    let (temp, history, central) = inventory_with_central();
    push_hostile(&central, |repo, entries| {
        let x = blob(repo, "fora do inventário");
        let inner = raw_tree(repo, vec![("x".into(), 0o100644, x)]);
        let middle = raw_tree(repo, vec![("..".into(), 0o040000, inner)]);
        let ripd = entries.iter_mut().find(|e| e.0 == "ripd").unwrap();
        let mut ripd_entries = entries_of(repo, ripd.2);
        ripd_entries.push(("..".into(), 0o040000, middle));
        ripd.2 = raw_tree(repo, ripd_entries);
    });
    assert_refused(temp.path(), &history, "ripd/../../x");
    assert!(!temp.path().join("x").exists());
}

#[test]
fn symbolic_links_and_submodules_from_the_central_repository_are_refused() {
    let (temp, history, central) = inventory_with_central();
    push_hostile(&central, |repo, entries| {
        let target = blob(repo, "/etc");
        let ripd = entries.iter_mut().find(|e| e.0 == "ripd").unwrap();
        let mut ripd_entries = entries_of(repo, ripd.2);
        ripd_entries.push(("atalho.ron".into(), 0o120000, target));
        ripd.2 = raw_tree(repo, ripd_entries);
    });
    assert_refused(temp.path(), &history, "ripd/atalho.ron");

    let (temp, history, central) = inventory_with_central();
    push_hostile(&central, |repo, entries| {
        let some_commit = repo.refname_to_id("refs/heads/main").unwrap();
        let ripd = entries.iter_mut().find(|e| e.0 == "ripd").unwrap();
        let mut ripd_entries = entries_of(repo, ripd.2);
        ripd_entries.push(("sub.ron".into(), 0o160000, some_commit));
        ripd.2 = raw_tree(repo, ripd_entries);
    });
    assert_refused(temp.path(), &history, "ripd/sub.ron");
}

#[test]
fn every_incoming_commit_is_checked_not_only_the_last() {
    let (temp, history, central) = inventory_with_central();
    push_hostile(&central, |repo, entries| {
        entries.push(("hooks".into(), 0o040000, {
            let hook = blob(repo, "#!/bin/sh\ntouch /tmp/inventario-invadido\n");
            raw_tree(repo, vec![("post-merge".into(), 0o100755, hook)])
        }));
    });
    // The next commit takes it away again: the final tree is clean.
    push_hostile(&central, |_, entries| entries.retain(|e| e.0 != "hooks"));
    assert_refused(temp.path(), &history, "hooks/post-merge");
}

#[test]
fn a_fast_forward_never_overwrites_an_untracked_local_file() {
    let (temp, a, central) = inventory_with_central();
    let url = format!("file://{}", central.display());
    git(temp.path(), &["clone", "--quiet", &url, "b"]);
    let b = History::open(&temp.path().join("b")).unwrap();
    let mut novo = read_process(b.root(), "cftv");
    novo.id = ProcessId::parse("novo").unwrap();
    b.save_process(&novo, None, None, &author()).unwrap();
    b.sync("origin", &author()).unwrap();

    let mine = a.root().join("processos/novo.ron");
    let mut by_hand = read_process(a.root(), "biblioteca");
    by_hand.id = ProcessId::parse("novo").unwrap();
    let by_hand = inventario::ron_text::to_canonical(&by_hand).unwrap();
    std::fs::write(&mine, &by_hand).unwrap();
    let head = a.head().unwrap();
    let error = a.sync("origin", &author()).unwrap_err();
    assert!(
        matches!(&error, HistoryError::UnregisteredEdits(files) if files == &["processos/novo.ron"]),
        "{error}"
    );
    assert!(
        error.to_string().contains("inventario registrar"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), by_hand);
    assert_eq!(a.head().unwrap(), head);
}

#[test]
fn saving_a_process_never_replaces_a_file_that_does_not_parse() {
    let (_temp, history, _) = inventory_with_central();
    let root = history.root().to_path_buf();
    let broken = root.join("processos/quebrado.ron");
    std::fs::write(&broken, "(versao_formato: 1,").unwrap();
    let mut p = read_process(&root, "cftv");
    p.id = ProcessId::parse("quebrado").unwrap();
    let head = history.head().unwrap();
    let error = history.save_process(&p, None, None, &author()).unwrap_err();
    assert!(
        error.to_string().contains("não será sobrescrito"),
        "{error}"
    );
    assert_eq!(std::fs::read(&broken).unwrap(), b"(versao_formato: 1,");
    assert_eq!(history.head().unwrap(), head);

    // Committed with plain git, it is at HEAD: still never replaced.
    git(&root, &["add", "processos/quebrado.ron"]);
    git(
        &root,
        &[
            "-c",
            "user.name=x",
            "-c",
            "user.email=x@x",
            "commit",
            "-q",
            "-m",
            "x",
        ],
    );
    let error = history.save_process(&p, None, None, &author()).unwrap_err();
    assert!(
        error.to_string().contains("não será sobrescrito"),
        "{error}"
    );
    assert_eq!(std::fs::read(&broken).unwrap(), b"(versao_formato: 1,");
}

#[test]
fn approving_never_discards_unregistered_hand_edits() {
    let (_temp, history, _) = inventory_with_central();
    let file = history.root().join("processos/cftv.ron");
    edit_by_hand(history.root(), "cftv", |p| p.subject_count = Some(15000));
    let edited = std::fs::read_to_string(&file).unwrap();
    let head = history.head().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let error = history
        .approve("Ata 1/2026", &[], today, &author())
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("processos/cftv.ron"), "{message}");
    assert!(message.contains("inventario registrar"), "{message}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    assert_eq!(history.head().unwrap(), head);
    assert!(history.approvals().unwrap().is_empty());
}

#[test]
fn approving_with_nothing_pending_makes_no_commit_and_no_tag() {
    let (_temp, history, _) = inventory_with_central();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    history
        .approve("Ata 1/2026", &[], today, &author())
        .unwrap();
    let head = history.head().unwrap();
    let approval = history
        .approve("Ata 2/2026", &[], today, &author())
        .unwrap();
    assert!(approval.processes.is_empty());
    assert_eq!(approval.tag, None);
    assert_eq!(history.head().unwrap(), head);
    assert_eq!(git(history.root(), &["tag", "-l"]).lines().count(), 1);
}

#[test]
fn an_approval_without_its_tag_is_still_listed_and_the_tag_recreated() {
    let (_temp, history, _) = inventory_with_central();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let approval = history
        .approve("Ata 7/2026", &[], today, &author())
        .unwrap();
    git(
        history.root(),
        &["tag", "-d", approval.tag.as_deref().unwrap()],
    );
    let listed = history.approvals().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].minutes, "Ata 7/2026");
    assert_eq!(listed[0].date, "23/11/2026");
    assert_eq!(listed[0].processes.len(), 18);
    assert_eq!(listed[0].tag, None);
    assert_eq!(
        history.repair_approval_tags().unwrap(),
        vec!["aprovacao/2026-11-23"]
    );
    // `git tag -n` shows the minutes and the approver on the first line.
    let shown = git(history.root(), &["tag", "-n1"]);
    assert!(shown.contains("Ata 7/2026, por Ana"), "{shown}");
}

#[test]
fn text_with_control_characters_never_reaches_a_trailer() {
    let (_temp, history, _) = inventory_with_central();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let error = history
        .approve("Ata 1\nProcessos: nenhum", &[], today, &author())
        .unwrap_err();
    assert!(error.to_string().contains("quebras de linha"), "{error}");
    assert!(history.approvals().unwrap().is_empty());
}

#[test]
fn registrar_commits_what_is_on_disk_and_never_writes_it_back() {
    use std::os::unix::fs::MetadataExt;
    let (_temp, history, _) = inventory_with_central();
    let file = history.root().join("processos/cftv.ron");
    edit_by_hand(history.root(), "cftv", |p| p.subject_count = Some(15000));
    let inode = std::fs::metadata(&file).unwrap().ino();
    let report = history.register(None, &author()).unwrap();
    assert_eq!(report.committed.len(), 1);
    // A write-back would have replaced the file (a new inode), and with it any
    // save another program made meanwhile.
    assert_eq!(std::fs::metadata(&file).unwrap().ino(), inode);
    assert_eq!(git(history.root(), &["status", "--porcelain"]), "");
}

#[test]
fn a_deleted_institution_or_process_is_never_committed_implicitly() {
    let (_temp, history, _) = inventory_with_central();
    let root = history.root().to_path_buf();
    std::fs::remove_file(root.join("inventario.ron")).unwrap();
    std::fs::remove_file(root.join("processos/cftv.ron")).unwrap();
    let head = history.head().unwrap();
    let out = run_in(&root, &["registrar"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("inventario.ron"), "{text}");
    assert!(text.contains("inventario excluir cftv"), "{text}");
    assert_eq!(history.head().unwrap(), head);

    // Deleting is an explicit command, with its own commit and message.
    git(
        &root,
        &["checkout", "--", "inventario.ron", "processos/cftv.ron"],
    );
    let out = run_in(
        &root,
        &["excluir", "cftv", "-m", "Processo encerrado (Ata 9)"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!root.join("processos/cftv.ron").exists());
    let message = git(&root, &["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("Processo encerrado (Ata 9)"),
        "{message}"
    );
    assert!(message.contains("exclui o processo"), "{message}");
    assert!(message.contains("Operacao: exclusao"), "{message}");
    assert_eq!(git(&root, &["status", "--porcelain"]), "");
    let out = run_in(&root, &["excluir", "cftv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("não existe"), "{}", stderr(&out));
}

#[test]
fn formatar_waits_for_the_writers_lock() {
    let (_temp, history, _) = inventory_with_central();
    let root = history.root().to_path_buf();
    let file = root.join("processos/cftv.ron");
    let spaced = format!("\n\n{}", std::fs::read_to_string(&file).unwrap());
    std::fs::write(&file, &spaced).unwrap();
    let lock = inventario::history::lock::WriterLock::acquire(
        &root.join(".git"),
        inventario::history::lock::DEFAULT_WAIT,
    )
    .unwrap();
    let mut child = command(&root)
        .args(["formatar"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(child.try_wait().unwrap().is_none(), "formatar did not wait");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), spaced);
    drop(lock);
    assert!(child.wait().unwrap().success());
    assert_ne!(std::fs::read_to_string(&file).unwrap(), spaced);
}

#[test]
fn formatar_skips_what_it_cannot_handle_and_goes_on() {
    let (_temp, history, _) = inventory_with_central();
    let root = history.root().to_path_buf();
    std::fs::create_dir(root.join("processos/pasta.ron")).unwrap();
    let file = root.join("processos/cftv.ron");
    let spaced = format!("\n\n{}", std::fs::read_to_string(&file).unwrap());
    std::fs::write(&file, &spaced).unwrap();
    let out = run_in(&root, &["formatar"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("processos/pasta.ron: ilegível"), "{text}");
    assert!(text.contains("diretório"), "{text}");
    assert!(text.contains("processos/cftv.ron: reescrito"), "{text}");
    assert!(!text.contains("os error"), "{text}");
}

#[test]
fn formatar_refuses_a_directory_inside_another_repository() {
    let out = run(&["formatar", "sample-inventory"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("inventario exemplo DESTINO"),
        "{}",
        stderr(&out)
    );
    let out = run(&["formatar", "sample-inventory", "--verificar"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_git_status_holding_the_index_lock_does_not_fail_a_done_save() {
    let (_temp, history, _) = inventory_with_central();
    let root = history.root().to_path_buf();
    let index_lock = root.join(".git/index.lock");
    std::fs::write(&index_lock, b"").unwrap();
    let remover = {
        let index_lock = index_lock.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(400));
            let _ = std::fs::remove_file(index_lock);
        })
    };
    let mut p = read_process(&root, "cftv");
    p.frequency = Some("Diária".into());
    let outcome = history.save_process(&p, None, None, &author()).unwrap();
    remover.join().unwrap();
    assert!(matches!(outcome, SaveOutcome::Committed { .. }));
    assert_eq!(git(&root, &["status", "--porcelain"]), "");
}

#[test]
fn saved_files_follow_the_umask_and_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (_temp, history, _) = inventory_with_central();
    let root = history.root().to_path_buf();
    let probe = root.join("probe");
    std::fs::write(&probe, b"").unwrap();
    let umask_mode = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    std::fs::remove_file(&probe).unwrap();
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let mut novo = read_process(&root, "cftv");
    novo.id = ProcessId::parse("novo").unwrap();
    history.save_process(&novo, None, None, &author()).unwrap();
    assert_eq!(mode(&root.join("processos/novo.ron")), umask_mode);
    assert_eq!(mode(&root.join(".gitignore")), umask_mode);

    let cftv = root.join("processos/cftv.ron");
    std::fs::set_permissions(&cftv, std::fs::Permissions::from_mode(0o664)).unwrap();
    let mut p = read_process(&root, "cftv");
    p.frequency = Some("Diária".into());
    history.save_process(&p, None, None, &author()).unwrap();
    assert_eq!(mode(&cftv), 0o664);
}

#[test]
fn an_inventory_owned_by_another_user_names_safe_directory() {
    use std::os::unix::fs::MetadataExt;
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("inv");
    History::init_sample(&root, &author()).unwrap();
    let me = std::fs::metadata(&root).unwrap().uid();
    if me != 0 {
        eprintln!("ignorado: só o root pode dar o diretório a outro usuário");
        return;
    }
    let status = std::process::Command::new("chown")
        .args(["-R", "65534", root.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = command(&root).args(["log"]).output().unwrap();
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("git config --global --add safe.directory"),
        "{text}"
    );
}

/// Long commands show progress on a terminal only: piped, they print their
/// result and nothing else.
#[test]
fn registrar_prints_no_progress_when_piped() {
    let (_temp, history, _) = inventory_with_central();
    edit_by_hand(history.root(), "cftv", |p| p.subject_count = Some(1));
    edit_by_hand(history.root(), "biblioteca", |p| p.subject_count = Some(2));
    let out = run_in(history.root(), &["registrar"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
}
