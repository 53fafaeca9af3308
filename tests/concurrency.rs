//! No lost updates: two writers make 500 interleaved saves each into one
//! repository — as two threads, and as two separate processes — editing different
//! fields of the same process from versions that are often stale. Every save must
//! be in the history, no version may be torn, and `git fsck` must be clean. And
//! every kind of writer at once (saves, `registrar` of hand edits, `formatar`,
//! `revisao aprovar`) on the same files: no acknowledged change is lost.

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
fn write_many(root: &Path, who: &str, saves: usize) {
    let history = History::open(root).unwrap();
    let me = author(who);
    for i in 0..saves {
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

fn count_commits_by(root: &Path, who: &str) -> usize {
    git(root, &["log", "--format=%an"])
        .lines()
        .filter(|a| *a == who)
        .count()
}

fn verify(root: &Path) {
    assert_eq!(
        count_commits_by(root, "a"),
        SAVES,
        "every save of a is kept"
    );
    assert_eq!(
        count_commits_by(root, "b"),
        SAVES,
        "every save of b is kept"
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
    assert_fsck_clean(root);
    assert_eq!(git(root, &["status", "--porcelain"]), "");
}

#[test]
fn two_threads_lose_nothing() {
    let (_temp, root) = new_repo();
    std::thread::scope(|scope| {
        scope.spawn(|| write_many(&root, "a", SAVES));
        scope.spawn(|| write_many(&root, "b", SAVES));
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
/// Run on its own (no variable), it makes 20 saves in a fresh repository and
/// checks that each is in the history.
#[test]
fn writer_process() {
    if let Ok(spec) = std::env::var(CHILD_ENV)
        && let Some((who, root)) = spec.split_once(':')
    {
        write_many(Path::new(root), who, SAVES);
        return;
    }
    let (_temp, root) = new_repo();
    write_many(&root, "a", 20);
    assert_eq!(count_commits_by(&root, "a"), 20);
    assert_eq!(load(&root).subject_count, Some(19));
    assert_eq!(git(&root, &["status", "--porcelain"]), "");
}

#[test]
fn saves_registrar_formatar_and_approvals_at_once_lose_nothing() {
    const ROUNDS: usize = 40;
    let (_temp, root) = new_repo();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    std::thread::scope(|scope| {
        // The editor saves one field of cftv, from a base that is often stale.
        scope.spawn(|| write_many(&root, "a", ROUNDS * 3));
        // Someone edits biblioteca by hand and registers it.
        scope.spawn(|| {
            let history = History::open(&root).unwrap();
            for i in 0..ROUNDS {
                edit_by_hand(&root, "biblioteca", |p| p.subject_count = Some(i as u64));
                let report = history.register(None, &author("r")).unwrap();
                assert!(report.refused.is_empty(), "{report:?}");
            }
        });
        // Someone leaves a non-canonical file and formats the inventory.
        scope.spawn(|| {
            let history = History::open(&root).unwrap();
            let file = root.join("processos/folha-pagamento.ron");
            for _ in 0..ROUNDS {
                // A text editor's save (atomic) of a non-canonical version.
                let text = std::fs::read_to_string(&file).unwrap();
                let temp = file.with_extension("ron.editor");
                std::fs::write(&temp, format!("\n{}", text.trim_start())).unwrap();
                std::fs::rename(&temp, &file).unwrap();
                history.format(true).unwrap();
            }
        });
        // The committee approves cftv again and again.
        scope.spawn(|| {
            let history = History::open(&root).unwrap();
            for i in 0..ROUNDS {
                history
                    .approve(
                        &format!("Ata {i}"),
                        &["cftv".to_owned()],
                        today,
                        &author("c"),
                    )
                    .unwrap();
            }
        });
    });
    assert_eq!(
        count_commits_by(&root, "a"),
        ROUNDS * 3,
        "every save is kept"
    );
    let cftv = load(&root);
    assert_eq!(cftv.subject_count, Some(ROUNDS as u64 * 3 - 1));
    let review = cftv.last_review.expect("the last approval is kept");
    assert_eq!(review.minutes, format!("Ata {}", ROUNDS - 1));
    let history = History::open(&root).unwrap();
    let (_, biblioteca) = history.process_at_head("biblioteca").unwrap();
    assert_eq!(biblioteca.unwrap().subject_count, Some(ROUNDS as u64 - 1));
    let approvals = history.approvals().unwrap();
    assert_eq!(approvals.len(), ROUNDS);
    assert!(approvals.iter().all(|a| a.tag.is_some()));
    assert_fsck_clean(&root);
    // `formatar` may have rewritten a hand edit `registrar` had just committed:
    // that rewrite is an edit of its own, left for `registrar`, never lost.
    let report = history.register(None, &author("r")).unwrap();
    assert!(report.refused.is_empty(), "{report:?}");
    assert_eq!(git(&root, &["status", "--porcelain"]), "");
}
