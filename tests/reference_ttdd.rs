//! The embedded TTDD tables match the Arquivo Nacional's, kept in `tests/data/`
//! (copies of `../shared/reference/`, so the comparison always runs; when that
//! folder is beside the project, the copies are checked against it too).

use inventario::catalog::{Catalogs, TtddTable};
use inventario::model::Period;

fn data(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

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
    let text = data("ttdd-atividades-meio-2020.tsv");
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

/// The universities' core-activity table (Portaria AN 92/2011): every code of
/// the reference, with its phases and destination.
#[test]
fn embedded_ifes_table_matches_the_reference_table() {
    let text = data("ttdd-atividades-fim-ifes-2011.tsv");
    let catalogs = Catalogs::embedded().unwrap();
    let mut rows = 0;
    let phase = |text: &str| {
        let text = text.trim();
        if text.is_empty() || text == "*" {
            None
        } else if text.chars().all(|c| c.is_ascii_digit()) {
            Some(Period::Years(text.parse().unwrap()))
        } else {
            Some(Period::Event(String::new()))
        }
    };
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let code = cols[0].trim();
        let entry = catalogs
            .ttdd
            .get(code)
            .unwrap_or_else(|| panic!("missing {code}"));
        assert_eq!(entry.table, TtddTable::Ifes, "{code}");
        assert!(same_kind(&entry.current_phase, &phase(cols[2])), "{code}");
        assert!(
            same_kind(&entry.intermediate_phase, &phase(cols[3])),
            "{code}"
        );
        let destination = cols.get(4).map_or("", |d| d.trim());
        assert_eq!(
            entry.destination.is_some(),
            !destination.is_empty(),
            "{code}"
        );
        rows += 1;
    }
    assert_eq!(rows, 463);
    // The dossier's 100 years, from the table's own note.
    assert_eq!(catalogs.ttdd.get("125.43").unwrap().total_years, Some(100));
}

/// The copies in `tests/data/` are the reference's, when it is beside the project.
#[test]
fn the_reference_copies_are_current() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    for name in [
        "ttdd-atividades-meio-2020.tsv",
        "ttdd-atividades-fim-ifes-2011.tsv",
        "ttdd-atividades-fim-ifes-2011.md",
    ] {
        let Ok(original) = std::fs::read_to_string(shared.join(name)) else {
            eprintln!("../shared/reference/{name} não encontrado; cópia não conferida");
            continue;
        };
        assert_eq!(
            data(name),
            original,
            "tests/data/{name} differs from the reference"
        );
    }
}
