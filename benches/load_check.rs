//! Load + check of a whole inventory, at 2,000 and 20,000 synthetic processes.
//! Target (issue 2): under 200 ms at 2,000 on the 2-core reference machine, growing
//! linearly. Run with `cargo bench --bench load_check`.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inventario::catalog::Catalogs;
use inventario::{checkup, store, synthetic};

fn write_inventory(count: usize) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    store::init(root, "Instituição sintética").expect("init");
    let inventory = synthetic::inventory(42, count);
    store::save_institution(root, &inventory.institution).expect("save institution");
    for process in &inventory.processes {
        store::save_process(root, process).expect("save process");
    }
    temp
}

fn load_and_check(c: &mut Criterion) {
    let catalogs = Catalogs::embedded().expect("catalogs");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let mut group = c.benchmark_group("carregar_e_verificar");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for count in [2_000usize, 20_000] {
        let dir = write_inventory(count);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(BenchmarkId::from_parameter(count), &dir, |b, dir| {
            b.iter(|| {
                let inventory = store::load(dir.path(), &catalogs).expect("load");
                black_box(checkup::check(&inventory, today))
            })
        });
    }
    group.finish();

    // The two halves at 2,000, to see where the time goes.
    let dir = write_inventory(2_000);
    let mut parts = c.benchmark_group("partes_2000");
    parts.sample_size(10);
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
