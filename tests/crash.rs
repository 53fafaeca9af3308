//! kill -9 at random moments: a child process saves, registers hand edits,
//! approves, formats and synchronizes with a central repository (which a second
//! clone keeps pushing to) in a loop, and is killed (SIGKILL) at a random instant.
//! After each kill, the next command must repair everything by itself: every file
//! parses, the next save succeeds, `git fsck --strict` is clean, no lock or
//! temporary file is left, no commit is empty, every approval has its tag, and no
//! acknowledged change is missing. About a minute by default; set
//! `INVENTARIO_TESTE_QUEDAS=N` for exactly N iterations (e.g. 1000).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use inventario::history::{Author, CommitId, History, SaveOutcome};
use inventario::model::Process;
use inventario::synthetic::Rng;

use crate::util::{add_central, assert_fsck_clean, edit_by_hand, git};

const CHILD_ENV: &str = "INVENTARIO_TESTE_QUEDA_FILHO";
/// Which operation of the loop the child starts with, so that every kind of
/// operation gets killed, not only the first ones.
const FIRST_ENV: &str = "INVENTARIO_TESTE_QUEDA_INICIO";
const ITERATIONS_ENV: &str = "INVENTARIO_TESTE_QUEDAS";
const DEFAULT_BUDGET: Duration = Duration::from_secs(60);

fn author() -> Author {
    Author {
        name: "Queda".into(),
        email: "queda@exemplo.edu.br".into(),
    }
}

fn head_process(history: &History, id: &str) -> (CommitId, Process) {
    let (head, process) = history.process_at_head(id).unwrap();
    (head, process.unwrap())
}

/// The child's loop (`limit` operations, or until killed); prints one line for
/// each change the tool acknowledged.
fn work(root: &Path, first: u64, limit: Option<u64>) {
    let history = History::open(root).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for i in first..first.saturating_add(limit.unwrap_or(u64::MAX)) {
        match i % 10 {
            2 if has_remote(&history) => {
                history.sync("origin", &author()).unwrap();
                println!("sincronizado");
            }
            7 => {
                let (_, p) = head_process(&history, "biblioteca");
                let next = p.subject_count.unwrap_or(0) + 1;
                edit_by_hand(root, "biblioteca", |p| p.subject_count = Some(next));
                let report = history.register(None, &author()).unwrap();
                assert!(report.refused.is_empty(), "{report:?}");
                println!("registrado {next}");
            }
            4 => {
                history
                    .approve(&format!("Ata {i}"), &[], today, &author())
                    .unwrap();
                println!("aprovado");
            }
            9 => {
                history.format(true).unwrap();
                println!("formatado");
            }
            _ => {
                let (base, mut p) = head_process(&history, "cftv");
                let next = p.subject_count.unwrap_or(0) + 1;
                p.subject_count = Some(next);
                let outcome = history
                    .save_process(&p, Some(base), None, &author())
                    .unwrap();
                assert!(matches!(outcome, SaveOutcome::Committed { .. }));
                println!("salvo {next}");
            }
        }
    }
}

fn has_remote(history: &History) -> bool {
    !git(history.root(), &["remote"]).trim().is_empty()
}

/// The other clone: saves `eventos-certificados` and pushes it; returns the value.
fn other_clone_pushes(other: &Path) -> u64 {
    let history = History::open(other).unwrap();
    let (base, mut p) = head_process(&history, "eventos-certificados");
    let next = p.subject_count.unwrap_or(0) + 1;
    p.subject_count = Some(next);
    history
        .save_process(&p, Some(base), None, &author())
        .unwrap();
    history.sync("origin", &author()).unwrap();
    next
}

/// The last acknowledged value of each kind.
#[derive(Default, Debug)]
struct Acks {
    saved: u64,
    registered: u64,
    /// How many times the child got through each kind of operation (reported).
    synced: usize,
    approved: usize,
}

fn run_child(exe: &Path, root: &Path, first: usize, lifetime: Duration, acks: &mut Acks) {
    let mut child = std::process::Command::new(exe)
        .args([
            "crash::crash_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, root)
        .env(FIRST_ENV, first.to_string())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let reader = {
        let lines = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        })
    };
    std::thread::sleep(lifetime);
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    reader.join().unwrap();
    for line in lines.lock().unwrap().iter() {
        if let Some(n) = line.strip_prefix("salvo ") {
            acks.saved = n.parse().unwrap();
        } else if let Some(n) = line.strip_prefix("registrado ") {
            acks.registered = n.parse().unwrap();
        } else if line == "sincronizado" {
            acks.synced += 1;
        } else if line == "aprovado" {
            acks.approved += 1;
        }
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Waits (up to 20 s) until the background `git gc --auto` and commit-graph
/// write of the repository upkeep hold no lock.
fn wait_for_upkeep(root: &Path) {
    let maintenance = |root: &Path| {
        let mut files = Vec::new();
        files_under(&root.join(".git"), &mut files);
        files.iter().any(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            name == "gc.pid"
                || name == "gc.log.lock"
                || f.to_string_lossy().contains("commit-graph") && name.ends_with(".lock")
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while maintenance(root) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// After a kill: the next commands repair everything and lose nothing.
fn verify(root: &Path, acks: &Acks, iteration: usize, pushed_by_other: Option<u64>) {
    let context = format!("iteração {iteration}, {acks:?}");
    // The simulated text editor's own swap file, if it was killed mid-edit: the
    // editor's business, not the tool's.
    let _ = std::fs::remove_file(root.join("processos/biblioteca.ron.editor"));
    // No torn file.
    for entry in std::fs::read_dir(root.join("processos")).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ron") {
            let bytes = std::fs::read(&path).unwrap();
            inventario::ron_text::parse::<Process>(&bytes)
                .unwrap_or_else(|e| panic!("{context}: {} rasgado: {e}", path.display()));
        }
    }
    let history = History::open(root).unwrap();
    // Acknowledged changes are in the history.
    let (_, cftv) = head_process(&history, "cftv");
    assert!(cftv.subject_count.unwrap_or(0) >= acks.saved, "{context}");
    let (_, biblioteca) = head_process(&history, "biblioteca");
    assert!(
        biblioteca.subject_count.unwrap_or(0) >= acks.registered,
        "{context}"
    );
    // The next save works without any manual repair (it runs the recovery).
    let (base, mut p) = head_process(&history, "cftv");
    p.subject_count = Some(p.subject_count.unwrap_or(0) + 1);
    let outcome = history
        .save_process(&p, Some(base), None, &author())
        .unwrap_or_else(|e| panic!("{context}: a gravação seguinte falhou: {e}"));
    assert!(
        matches!(outcome, SaveOutcome::Committed { .. }),
        "{context}"
    );
    // A hand edit whose `registrar` was killed is still there, to register.
    let report = history.register(None, &author()).unwrap();
    assert!(report.refused.is_empty(), "{context}: {report:?}");
    assert_eq!(git(root, &["status", "--porcelain"]), "", "{context}");
    // A killed `sincronizar` leaves nothing that stops the next one, and what the
    // other clone pushed arrives.
    if let Some(value) = pushed_by_other {
        history
            .sync("origin", &author())
            .unwrap_or_else(|e| panic!("{context}: a sincronização seguinte falhou: {e}"));
        let (_, eventos) = head_process(&history, "eventos-certificados");
        assert_eq!(eventos.subject_count, Some(value), "{context}");
        assert_eq!(git(root, &["status", "--porcelain"]), "", "{context}");
    }
    // Nothing left behind. The repository upkeep (`git gc --auto`, then the
    // commit-graph) runs detached from the writer, so a kill does not stop it:
    // its own locks may be there a moment longer. Wait for it to end; a lock it
    // leaked would still be there after the wait and fail below.
    wait_for_upkeep(root);
    let mut files = Vec::new();
    files_under(root, &mut files);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        assert!(
            !name.starts_with(".inventario-"),
            "{context}: {}",
            file.display()
        );
        if name.ends_with(".lock") {
            assert_eq!(name, "inventario.lock", "{context}: {}", file.display());
        }
    }
    assert!(
        !root.join(".git/inventario-diario.json").exists(),
        "{context}"
    );
    // Every approval has its tag.
    for approval in history.approvals().unwrap() {
        assert!(approval.tag.is_some(), "{context}: {approval:?}");
    }
}

/// No commit has the same tree as its parent.
fn assert_no_empty_commits(root: &Path) {
    let log = git(root, &["log", "--format=%H %T %P"]);
    let trees: std::collections::HashMap<&str, &str> = log
        .lines()
        .filter_map(|l| {
            let mut parts = l.split(' ');
            Some((parts.next()?, parts.next()?))
        })
        .collect();
    for line in log.lines() {
        let parts: Vec<&str> = line.split(' ').filter(|p| !p.is_empty()).collect();
        if parts.len() == 3 {
            assert_ne!(trees[parts[2]], parts[1], "commit vazio {}", parts[0]);
        }
    }
}

#[test]
fn killing_a_writer_at_any_instant_loses_nothing_and_needs_no_repair() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("inv");
    let history = History::init_sample(&root, &author()).unwrap();
    let central = add_central(temp.path(), &history, &author());
    let other = temp.path().join("outro");
    git(
        temp.path(),
        &[
            "clone",
            "--quiet",
            central.to_str().unwrap(),
            other.to_str().unwrap(),
        ],
    );
    let exe = std::env::current_exe().unwrap();
    let fixed: Option<usize> = std::env::var(ITERATIONS_ENV)
        .ok()
        .and_then(|n| n.parse().ok());
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("semente das quedas: {seed}");
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let mut acks = Acks::default();
    let mut iterations = 0;
    loop {
        match fixed {
            Some(n) if iterations >= n => break,
            None if start.elapsed() >= DEFAULT_BUDGET => break,
            _ => {}
        }
        // From before the child's first write to well into its loop.
        let lifetime = Duration::from_millis(rng.below(200) as u64 + 5);
        let pushed = other_clone_pushes(&other);
        run_child(&exe, &root, rng.below(10), lifetime, &mut acks);
        verify(&root, &acks, iterations, Some(pushed));
        // The verification's own save moved cftv on: so does the child's next one.
        let history = History::open(&root).unwrap();
        acks.saved = head_process(&history, "cftv").1.subject_count.unwrap_or(0);
        iterations += 1;
    }
    assert_fsck_clean(&root);
    assert_no_empty_commits(&root);
    eprintln!(
        "{iterations} quedas em {:.0?}, 0 problemas ({} sincronizações e {} aprovações concluídas pelo processo morto)",
        start.elapsed(),
        acks.synced,
        acks.approved
    );
}

/// The body of the child process; without `INVENTARIO_TESTE_QUEDA_FILHO` it runs
/// 30 operations of the same loop, unkilled, and checks their result.
#[test]
fn crash_child() {
    if let Ok(root) = std::env::var(CHILD_ENV) {
        let first = std::env::var(FIRST_ENV)
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        work(Path::new(&root), first, None);
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("inv");
    History::init_sample(&root, &author()).unwrap();
    work(&root, 0, Some(30));
    let history = History::open(&root).unwrap();
    // 21 saves of cftv (7 of every 10), 3 registered hand edits of biblioteca.
    assert_eq!(head_process(&history, "cftv").1.subject_count, Some(12021));
    let biblioteca = head_process(&history, "biblioteca")
        .1
        .subject_count
        .unwrap_or(0);
    let original: Process = inventario::ron_text::parse(
        &std::fs::read(crate::util::sample_dir().join("processos/biblioteca.ron")).unwrap(),
    )
    .unwrap();
    assert_eq!(biblioteca, original.subject_count.unwrap_or(0) + 3);
    assert_eq!(history.approvals().unwrap().len(), 3);
    assert_eq!(git(&root, &["status", "--porcelain"]), "");
    verify(&root, &Acks::default(), 0, None);
}
