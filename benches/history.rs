//! History on a generated repository of 2,000 processes and 10,000 commits
//! (issue 3 targets): save + commit of one process (< 50 ms median), `log
//! --processo` (< 300 ms; compared with `git log --oneline -- processos/ID.ron`),
//! and the semantic diff of two adjacent revisions (< 20 ms).
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

    // The same two logs after `git gc` packs the repository, for a fair ratio.
    let gc = Command::new("git")
        .args(["gc", "--quiet"])
        .current_dir(&root)
        .status();
    if gc.is_ok_and(|s| s.success()) {
        let history = History::open(&root).expect("reopen");
        let mut packed = c.benchmark_group("historico_compactado_git_gc");
        packed
            .sample_size(20)
            .measurement_time(Duration::from_secs(10));
        packed.bench_function("log_processo", |b| {
            b.iter(|| black_box(history.log(&filter).expect("log")))
        });
        packed.bench_function("git_log_oneline_processo", |b| {
            b.iter(|| {
                let out = Command::new("git")
                    .args(["log", "--oneline", "--", "processos/processo-00042.ron"])
                    .current_dir(&root)
                    .output()
                    .expect("git log");
                black_box(out.stdout.len())
            })
        });
        packed.finish();
    }
}

criterion_group!(benches, history_benches);
criterion_main!(benches);
