//! Publication and exchange at scale (issue 13), on synthetic processes: the
//! public HTML of 2,000 processes (target under 1 s), the SGD xlsx of 2,000
//! (under 3 s), and the import of a 100-process SGD spreadsheet (under 2 s).
//! Run with `cargo bench --bench publication`.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use inventario::catalog::Catalogs;
use inventario::export::public::{self, PublicFormat};
use inventario::{import, publish, sgd, synthetic};

fn publication(c: &mut Criterion) {
    let catalogs = Catalogs::embedded().expect("catalogs");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let inventory = synthetic::inventory(42, 2_000);
    let processes: Vec<_> = inventory.processes.iter().collect();
    let temp = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("publicacao");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    // A first export, into a new directory (as a CI job does).
    let mut n = 0;
    group.bench_function("html_publico_2000_processos", |b| {
        b.iter_batched(
            || {
                n += 1;
                temp.path().join(format!("site-{n}"))
            },
            |dest| {
                let (site, _) =
                    publish::build(&inventory.institution, &processes, &catalogs, today, None);
                black_box(
                    public::write_public(&site, PublicFormat::Html, &dest, &mut |_, _| {})
                        .expect("written"),
                )
            },
            criterion::BatchSize::PerIteration,
        )
    });
    // The same export again: unchanged pages are left alone.
    group.bench_function("html_publico_2000_processos_de_novo", |b| {
        let dest = temp.path().join("site-de-novo");
        b.iter(|| {
            let (site, _) =
                publish::build(&inventory.institution, &processes, &catalogs, today, None);
            black_box(
                public::write_public(&site, PublicFormat::Html, &dest, &mut |_, _| {})
                    .expect("written"),
            )
        })
    });
    group.bench_function("visao_publica_2000_processos", |b| {
        b.iter(|| {
            black_box(publish::build(
                &inventory.institution,
                &processes,
                &catalogs,
                today,
                None,
            ))
        })
    });
    group.bench_function("xlsx_sgd_2000_processos", |b| {
        b.iter(|| {
            let book = sgd::workbook(&inventory.institution, &processes, &catalogs);
            black_box(inventario::export::sgd::xlsx(&book).expect("xlsx"))
        })
    });
    let hundred = sgd::workbook(&inventory.institution, &processes[..100], &catalogs);
    let file = temp.path().join("cem.xlsx");
    std::fs::write(
        &file,
        inventario::export::sgd::xlsx(&hundred).expect("xlsx"),
    )
    .expect("write");
    group.bench_function("importar_planilha_100_processos", |b| {
        b.iter(|| black_box(import::read_processes(&file, &catalogs, None, today).expect("read")))
    });
    group.finish();
}

criterion_group!(benches, publication);
criterion_main!(benches);
