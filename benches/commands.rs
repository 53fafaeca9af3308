//! Whole commands, as a user runs them (the release binary, process start
//! included), at 2,000 and 20,000 synthetic processes (issue 10):
//! - `pendencias`: the review calendar and the eliminations; each process is
//!   read, summed up and dropped, from the parse cache once warm;
//! - `formatar --verificar`: whether every file is in the canonical format
//!   (each file parsed and written again in memory, on every core).
//!
//! Run with `cargo bench --bench commands`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

mod support;
use support::write_inventory;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// Runs the binary in `root`; `allowed` are the exit codes that mean it did
/// its work (1: something is late, or not canonical).
fn run(root: &Path, args: &[&str], allowed: &[i32]) {
    let output = Command::new(env!("CARGO_BIN_EXE_inventario"))
        .args(args)
        .current_dir(root)
        .env("INVENTARIO_HOJE", "2026-11-23")
        .output()
        .expect("run inventario");
    let code = output.status.code().unwrap_or(-1);
    assert!(
        allowed.contains(&code),
        "{args:?}: {code}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn commands(c: &mut Criterion) {
    for count in [2_000usize, 20_000] {
        let dir = write_inventory(count);
        let root = dir.path();
        // Warm: the parse cache holds every file.
        run(root, &["pendencias"], &[0, 1]);
        let mut group = c.benchmark_group(format!("comandos_{count}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(if count > 2_000 { 20 } else { 5 }))
            .throughput(Throughput::Elements(count as u64));
        group.bench_function(BenchmarkId::from_parameter("pendencias"), |b| {
            b.iter(|| run(root, &["pendencias"], &[0, 1]))
        });
        group.bench_function(BenchmarkId::from_parameter("formatar_verificar"), |b| {
            b.iter(|| run(root, &["formatar", "--verificar"], &[0]))
        });
        group.finish();
    }
}

criterion_group!(benches, commands);
criterion_main!(benches);
