//! No lost updates: two writers make 500 interleaved saves each into one
//! repository — as two threads, and as two separate processes — editing different
//! fields of the same process from versions that are often stale. Every save must
//! be in the history, no version may be torn, and `git fsck` must be clean.

use std::path::{Path, PathBuf};

use inventario::history::{Author, History, SaveOutcome};
use inventario::model::Process;

use crate::util::*;

const SAVES: usize = 500;
const CHILD_ENV: &str = "INVENTARIO_TESTE_ESCRITOR";

fn author(name: &str) -> Author {
    Author {
        name: name.to_owned(),
        email: format!("{name}@exemplo.edu.br"),
    }
}

fn load(root: &Path) -> Process {
    inventario::ron_text::parse(&std::fs::read(root.join("processos/cftv.ron")).unwrap()).unwrap()
}

/// One writer: load a consistent (commit, content) pair, change its own field,
/// save with that commit as the base.
fn write_many(root: &Path, who: &str) {
    let history = History::open(root).unwrap();
    let me = author(who);
    for i in 0..SAVES {
        let (base, process) = history.process_at_head("cftv").unwrap();
        let mut process = process.unwrap();
        if who == "a" {
            process.subject_count = Some(i as u64);
        } else {
            process.frequency = Some(format!("rodada {i}"));
        }
        let outcome = history
            .save_process(&process, Some(base), None, &me)
            .unwrap();
        assert!(
            matches!(outcome, SaveOutcome::Committed { .. }),
            "{outcome:?}"
        );
    }
}

fn new_repo() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("inv");
    History::init_sample(&root, &author("inicio")).unwrap();
    (temp, root)
}

fn verify(root: &Path) {
    let authors = git(root, &["log", "--format=%an"]);
    assert_eq!(
        authors.lines().filter(|a| *a == "a").count(),
        SAVES,
        "every save of a is in the history"
    );
    assert_eq!(
        authors.lines().filter(|a| *a == "b").count(),
        SAVES,
        "every save of b is in the history"
    );
    // No torn version: every committed version of the file parses.
    for commit in git(root, &["log", "--format=%H", "--", "processos/cftv.ron"]).lines() {
        let text = git(root, &["show", &format!("{commit}:processos/cftv.ron")]);
        inventario::ron_text::parse::<Process>(text.as_bytes()).unwrap();
    }
    let last = load(root);
    assert_eq!(last.subject_count, Some(SAVES as u64 - 1));
    assert_eq!(
        last.frequency.as_deref(),
        Some(format!("rodada {}", SAVES - 1).as_str())
    );
    let fsck = std::process::Command::new("git")
        .args(["fsck", "--strict", "--no-progress"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    assert!(!String::from_utf8_lossy(&fsck.stdout).contains("error"));
    assert_eq!(git(root, &["status", "--porcelain"]), "");
}

#[test]
fn two_threads_lose_nothing() {
    let (_temp, root) = new_repo();
    std::thread::scope(|scope| {
        scope.spawn(|| write_many(&root, "a"));
        scope.spawn(|| write_many(&root, "b"));
    });
    verify(&root);
}

#[test]
fn two_processes_lose_nothing() {
    let (_temp, root) = new_repo();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["a", "b"]
        .iter()
        .map(|who| {
            std::process::Command::new(&exe)
                .args([
                    "concurrency::writer_process",
                    "--exact",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, format!("{who}:{}", root.display()))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    verify(&root);
}

/// The body of each separate writer process in `two_processes_lose_nothing`,
/// which runs this test binary again with `INVENTARIO_TESTE_ESCRITOR=who:root`.
/// Run on its own (no variable), it has nothing to do.
#[test]
fn writer_process() {
    if let Ok(spec) = std::env::var(CHILD_ENV)
        && let Some((who, root)) = spec.split_once(':')
    {
        write_many(Path::new(root), who);
    }
}
