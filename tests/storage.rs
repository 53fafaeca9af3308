//! Storage: load + save of an unchanged file is byte-identical, one changed value
//! is one changed line, an unreadable file is never overwritten.

use inventario::catalog::Catalogs;
use inventario::model::{Answer, ProcessId};
use inventario::store::{self, StoreError};

use crate::util::*;

fn catalogs() -> Catalogs {
    Catalogs::embedded().unwrap()
}

#[test]
fn load_then_save_is_byte_identical_for_every_sample_file() {
    let (_temp, dir) = sample_copy();
    let before: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("processos"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    let inventory = store::load(&dir, &catalogs()).unwrap();
    assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
    for loaded in &inventory.processes {
        store::save_process(&dir, &loaded.process).unwrap();
    }
    if let Some(institution) = &inventory.institution {
        store::save_institution(&dir, institution).unwrap();
    }
    for (path, bytes) in before {
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{path} changed");
    }
}

#[test]
fn changing_one_value_changes_one_line() {
    let (_temp, dir) = sample_copy();
    let inventory = store::load(&dir, &catalogs()).unwrap();
    let mut process = inventory
        .processes
        .iter()
        .find(|p| p.stem == "biblioteca")
        .unwrap()
        .process
        .clone();
    let path = dir.join("processos/biblioteca.ron");
    let before = std::fs::read_to_string(&path).unwrap();
    process.subject_count = Some(9500);
    process.other_vulnerable = Some(Answer::Yes);
    store::save_process(&dir, &process).unwrap();
    let after = std::fs::read_to_string(&path).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(
        changed,
        vec![
            (
                "    quantidade_titulares: 9000,",
                "    quantidade_titulares: 9500,"
            ),
            (
                "    outros_vulneraveis: Nao,",
                "    outros_vulneraveis: Sim,"
            )
        ]
    );
}

#[test]
fn saving_over_an_unreadable_file_is_refused_and_the_file_kept() {
    let (_temp, dir) = sample_copy();
    let inventory = store::load(&dir, &catalogs()).unwrap();
    let process = inventory.processes[0].process.clone();
    let path = dir.join(format!("processos/{}.ron", process.id));
    std::fs::write(&path, "(versao_formato: 1, id: ").unwrap();
    let error = store::save_process(&dir, &process).unwrap_err();
    assert!(matches!(error, StoreError::WouldOverwriteUnreadable { .. }));
    assert!(
        error.to_string().contains("não será sobrescrito"),
        "{error}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "(versao_formato: 1, id: "
    );
}

#[test]
fn saved_process_lands_in_its_own_file_only() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("inv");
    store::init(&dir, "Teste").unwrap();
    let inventory = inventario::synthetic::inventory(3, 2);
    for process in &inventory.processes {
        store::save_process(&dir, process).unwrap();
    }
    let loaded = store::load(&dir, &catalogs()).unwrap();
    assert_eq!(loaded.processes.len(), 2);
    assert_eq!(loaded.processes[0].process, inventory.processes[0]);
    let names: Vec<String> = std::fs::read_dir(dir.join("processos"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".ron") && n.starts_with("processo-")),
        "{names:?}"
    );
}

#[test]
fn ids_that_could_escape_the_directory_are_refused() {
    for bad in ["../x", "a/b", "..", "UPPER", "com espaço"] {
        assert!(ProcessId::parse(bad).is_err(), "{bad}");
    }
}
