//! History on a generated repository of 2,000 processes and 10,000 commits:
//! save + commit of one process (< 50 ms median), `log --processo` compared with
//! `git log --oneline -- processos/ID.ron` (as the tool leaves the repository,
//! then packed with commit-graph and Bloom filters, where git is fastest; as
//! library calls and as commands), the semantic diff of two adjacent revisions
//! (< 20 ms), and the committee's review: `revisao pendente` and the approval
//! of every process (issue 10: < 150 ms and < 500 ms at 2,000).
//! Run with `cargo bench --bench history`.

use std::hint::black_box;
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use inventario::history::log::LogFilter;
use inventario::history::revisions::Side;
use inventario::history::{Author, History};
use inventario::store;
use inventario::synthetic::{self, Rng};

const PROCESSES: usize = 2_000;
const COMMITS: usize = 10_000;

fn author() -> Author {
    Author {
        name: "Bancada".into(),
        email: "bancada@exemplo.edu.br".into(),
    }
}

/// 2,000 processes in one first commit, then single-process saves up to 10,000.
fn build() -> (tempfile::TempDir, History) {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path().join("inv");
    store::init(&root, "Instituição sintética").expect("init");
    let inventory = synthetic::inventory(7, PROCESSES);
    for process in &inventory.processes {
        store::save_process(&root, process).expect("save");
    }
    let history = History::start(&root, &author(), "Carga inicial").expect("start");
    let mut rng = Rng::new(11);
    let mut processes = inventory.processes;
    for n in 1..COMMITS {
        let i = rng.below(PROCESSES);
        processes[i].subject_count = Some(n as u64);
        history
            .save_process(&processes[i], None, None, &author())
            .expect("save commit");
    }
    (temp, history)
}

fn history_benches(c: &mut Criterion) {
    let (_temp, history) = build();
    let root = history.root().to_path_buf();
    let mut group = c.benchmark_group("historico_2000_processos_10000_commits");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));

    let mut process = synthetic::process(&mut Rng::new(7), 0);
    process.id = inventario::model::ProcessId::parse("processo-00042").expect("id");
    let mut n = 0u64;
    group.bench_function("salvar_e_registrar_um_processo", |b| {
        b.iter(|| {
            n += 1;
            process.subject_count = Some(1_000_000 + n);
            black_box(
                history
                    .save_process(&process, None, None, &author())
                    .expect("save"),
            )
        })
    });

    let filter = LogFilter {
        process: Some("processo-00042".into()),
        ..LogFilter::default()
    };
    group.bench_function("log_processo", |b| {
        b.iter(|| black_box(history.log(&filter).expect("log")))
    });
    group.bench_function("git_log_oneline_processo", |b| {
        b.iter(|| {
            let out = Command::new("git")
                .args(["log", "--oneline", "--", "processos/processo-00042.ron"])
                .current_dir(&root)
                .output()
                .expect("git log");
            black_box(out.stdout.len())
        })
    });

    let head = history.head().expect("head");
    let previous = history.resolve("HEAD~1").expect("HEAD~1");
    group.bench_function("diff_semantico_revisoes_adjacentes", |b| {
        b.iter(|| {
            black_box(
                history
                    .diff(previous, Side::Commit(head), None)
                    .expect("diff"),
            )
        })
    });
    group.finish();

    // Packed with commit-graph and Bloom filters: the state a git user's
    // repository is in, and the one git is fastest on. The tool's log is
    // compared with git's as a library call and as a command (each a process).
    let packed_ok = [
        &["gc", "--quiet"][..],
        &["commit-graph", "write", "--reachable", "--changed-paths"][..],
    ]
    .iter()
    .all(|args| {
        Command::new("git")
            .args(*args)
            .current_dir(&root)
            .status()
            .is_ok_and(|s| s.success())
    });
    assert!(packed_ok, "git gc / commit-graph failed");
    let history = History::open(&root).expect("reopen");
    let mut packed = c.benchmark_group("historico_empacotado_commit_graph");
    packed
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    packed.bench_function("log_processo", |b| {
        b.iter(|| black_box(history.log(&filter).expect("log")))
    });
    let command = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_inventario"))
            .args(args)
            .current_dir(&root)
            .output()
            .expect("inventario");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout.len()
    };
    packed.bench_function("comando_inventario_log_processo", |b| {
        b.iter(|| black_box(command(&["log", "--processo", "processo-00042"])))
    });
    packed.bench_function("comando_git_log_oneline_processo", |b| {
        b.iter(|| {
            let out = Command::new("git")
                .args(["log", "--oneline", "--", "processos/processo-00042.ron"])
                .current_dir(&root)
                .output()
                .expect("git log");
            black_box(out.stdout.len())
        })
    });
    packed.bench_function("revisao_pendente", |b| {
        b.iter(|| black_box(history.pending().expect("pending")))
    });
    packed.bench_function("comando_revisao_pendente", |b| {
        b.iter(|| black_box(command(&["revisao", "pendente"])))
    });
    // Each approval on a fresh copy (the copy is not timed): every process is
    // pending after the 10,000 commits of the build.
    let copies = tempfile::tempdir().expect("temp dir");
    let mut n = 0;
    packed.sample_size(10);
    packed.bench_function("revisao_aprovar_todos", |b| {
        b.iter_batched(
            || {
                n += 1;
                let copy = copies.path().join(format!("copia-{n}"));
                let status = Command::new("cp")
                    .arg("-a")
                    .arg(&root)
                    .arg(&copy)
                    .status()
                    .expect("cp");
                assert!(status.success());
                History::open(&copy).expect("copy")
            },
            |copy| {
                let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
                black_box(
                    copy.approve("Ata 1/2026", &[], today, &author())
                        .expect("approve"),
                )
            },
            criterion::BatchSize::PerIteration,
        )
    });
    packed.finish();
}

criterion_group!(benches, history_benches);
criterion_main!(benches);
