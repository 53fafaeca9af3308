//! RIPDs at scale (issue 12): load + check of 2,000 synthetic processes with 500
//! RIPDs (target under 200 ms), and one RIPD written as DOCX (target under
//! 100 ms). Run with `cargo bench --bench ripd`.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use inventario::catalog::Catalogs;
use inventario::{checkup, ripd_report, store, synthetic};

fn ripds(c: &mut Criterion) {
    let catalogs = Catalogs::embedded().expect("catalogs");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    store::init(root, "Instituição sintética").expect("init");
    let inventory = synthetic::inventory(42, 2_000);
    store::save_institution(root, &inventory.institution).expect("save institution");
    for process in &inventory.processes {
        store::save_process(root, process).expect("save process");
    }
    let reports = synthetic::ripds(&inventory, &catalogs, 500);
    for report in &reports {
        store::save_document(root, report).expect("save ripd");
    }
    let mut group = c.benchmark_group("ripd");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("carregar_e_verificar_2000_processos_500_ripds", |b| {
        b.iter(|| {
            let loaded = store::load(root, &catalogs).expect("load");
            black_box(checkup::check(&loaded, today))
        })
    });
    let built = ripd_report::build(&reports[0], &catalogs);
    group.bench_function("exportar_docx", |b| {
        b.iter(|| {
            black_box(inventario::ripd_docx::docx(&ripd_report::build(
                &reports[0],
                &catalogs,
            )))
        })
    });
    black_box(built);
    group.finish();
}

criterion_group!(benches, ripds);
criterion_main!(benches);
