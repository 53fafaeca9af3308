//! Load + check of a whole inventory, at 2,000 and 20,000 synthetic processes
//! (issue 10), as `check` does it:
//! - `piso_analise`: reading and parsing every file on every core, nothing
//!   else (`store::load_uncached`): the floor a cold `check` is compared with;
//! - `frio`: `checkup::check_directory` (what `check` runs) with an empty
//!   parse cache (it is written on the way);
//! - `morno`: the same with nothing changed since the last run.
//!
//! Goals: cold ≤ 1.2× the floor; warm < 50 ms at 2,000 and < 400 ms at 20,000.
//! Run with `cargo bench --bench load_check`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

mod support;
use support::write_inventory;

use chrono::NaiveDate;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inventario::catalog::Catalogs;
use inventario::{checkup, store};

fn remove_cache(root: &Path) {
    let cache = root.join(".git/inventario-cache");
    if cache.exists() {
        std::fs::remove_dir_all(cache).expect("remove cache");
    }
}

fn load_and_check(c: &mut Criterion) {
    let catalogs = Catalogs::embedded().expect("catalogs");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    // What `check` runs (without a history): process by process, from the
    // parse cache.
    let check = |root: &Path| {
        black_box(checkup::check_directory(root, &catalogs, today, None).expect("check"))
    };
    for count in [2_000usize, 20_000] {
        let dir = write_inventory(count);
        let root = dir.path();
        let mut group = c.benchmark_group(format!("verificar_{count}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(if count > 2_000 { 40 } else { 10 }))
            .throughput(Throughput::Elements(count as u64));
        group.bench_function(BenchmarkId::from_parameter("piso_analise"), |b| {
            b.iter(|| black_box(store::load_uncached(root, &catalogs).expect("load")))
        });
        group.bench_function(BenchmarkId::from_parameter("frio"), |b| {
            b.iter_batched(
                || remove_cache(root),
                |()| check(root),
                BatchSize::PerIteration,
            )
        });
        check(root);
        assert_eq!(
            store::load(root, &catalogs).expect("load").from_cache,
            count + 1,
            "every document should come from the cache"
        );
        group.bench_function(BenchmarkId::from_parameter("morno"), |b| {
            b.iter(|| check(root))
        });
        group.finish();
    }

    // The two halves at 2,000, warm, to see where the time goes.
    let dir = write_inventory(2_000);
    let mut parts = c.benchmark_group("partes_2000");
    parts.sample_size(10);
    store::load(dir.path(), &catalogs).expect("load");
    parts.bench_function("carregar", |b| {
        b.iter(|| black_box(store::load(dir.path(), &catalogs).expect("load")))
    });
    let inventory = store::load(dir.path(), &catalogs).expect("load");
    parts.bench_function("verificar", |b| {
        b.iter(|| black_box(checkup::check(&inventory, today)))
    });
    parts.finish();
}

criterion_group!(benches, load_and_check);
criterion_main!(benches);
