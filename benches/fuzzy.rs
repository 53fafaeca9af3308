//! The list filter on 2,000 processes with their fields (issue 4 target: each
//! keystroke answers within 16 ms). Run with `cargo bench --bench fuzzy`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use inventario::catalog::Catalogs;
use inventario::synthetic;
use inventario::tui::data::search_text;
use inventario::tui::screens::list::filter_indices;

fn filter(c: &mut Criterion) {
    let catalogs = Catalogs::embedded().expect("catalogs");
    let inventory = synthetic::inventory(5, 2_000);
    let texts: Vec<_> = inventory
        .processes
        .iter()
        .map(|p| search_text(&catalogs, p))
        .collect();
    let mut group = c.benchmark_group("filtro_2000_processos");
    // Each step is what one keystroke costs as the user types "dados saude".
    for query in [
        "d",
        "da",
        "dados",
        "dados s",
        "dados saude",
        "cpf",
        "processo 1999",
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(query), &query, |b, q| {
            b.iter(|| black_box(filter_indices(&texts, q)))
        });
    }
    group.finish();
}

criterion_group!(benches, filter);
criterion_main!(benches);
