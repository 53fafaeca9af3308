//! The embedded TTDD matches the Arquivo Nacional table shipped in
//! `../shared/reference/` (checked whenever that folder is beside the project, as
//! on developer machines and CI).

use inventario::catalog::{Catalogs, TtddTable};
use inventario::model::Period;

fn period(years: &str, event: &str) -> Option<Period> {
    if !years.trim().is_empty() {
        Some(Period::Years(years.trim().parse().unwrap()))
    } else if !event.trim().is_empty() {
        Some(Period::Event(String::new()))
    } else {
        None
    }
}

fn same_kind(a: &Option<Period>, b: &Option<Period>) -> bool {
    match (a, b) {
        (Some(Period::Years(x)), Some(Period::Years(y))) => x == y,
        (Some(Period::Event(_)), Some(Period::Event(_))) | (None, None) => true,
        _ => false,
    }
}

#[test]
fn embedded_ttdd_matches_the_reference_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/ttdd-atividades-meio-2020.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{} não encontrado; comparação pulada", path.display());
        return;
    };
    let catalogs = Catalogs::embedded().unwrap();
    let mut rows = 0;
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let entry = catalogs
            .ttdd
            .get(cols[0].trim())
            .unwrap_or_else(|| panic!("missing {}", cols[0]));
        assert_eq!(entry.table, TtddTable::SupportActivities);
        assert!(
            same_kind(&entry.current_phase, &period(cols[2], cols[3])),
            "{}",
            cols[0]
        );
        assert!(
            same_kind(&entry.intermediate_phase, &period(cols[4], cols[5])),
            "{}",
            cols[0]
        );
        rows += 1;
    }
    assert_eq!(rows, 503);
}
