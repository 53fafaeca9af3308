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

/// Loads `dir` through the parse cache and by parsing every file, checks that
/// both read the same, and returns how many documents came from the cache.
fn cached_load_agrees(dir: &std::path::Path) -> usize {
    let cached = store::load(dir, &catalogs()).unwrap();
    let parsed = store::load_uncached(dir, &catalogs()).unwrap();
    assert_eq!(cached.institution, parsed.institution);
    assert_eq!(cached.processes, parsed.processes);
    assert_eq!(cached.ripds, parsed.ripds);
    assert_eq!(cached.problems, parsed.problems);
    assert_eq!(parsed.from_cache, 0);
    cached.from_cache
}

/// The shards of the process files in the parse cache, with their bytes.
fn process_shards(cache: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut shards: Vec<_> = std::fs::read_dir(cache)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("processos-")
        })
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    shards.sort();
    shards
}

/// Whether some shard holds an entry of `relative`.
fn cached(cache: &std::path::Path, relative: &str) -> bool {
    process_shards(cache).iter().any(|(_, bytes)| {
        bytes
            .windows(relative.len())
            .any(|w| w == relative.as_bytes())
    })
}

#[test]
fn the_parse_cache_agrees_with_parsing_and_sees_every_change() {
    let (_temp, dir) = exemplo();
    // Files changed less than 2 s before they are read are not cached
    // (racily clean), and `exemplo` has just written them.
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    assert_eq!(cached_load_agrees(&dir), 0);
    let inventory = store::load_uncached(&dir, &catalogs()).unwrap();
    let documents = 1 + inventory.processes.len() + inventory.ripds.len();
    assert_eq!(cached_load_agrees(&dir), documents);
    let cache = dir.join(".git/inventario-cache");
    assert!(cached(&cache, "processos/biblioteca.ron"));

    // An edit in place of the same size, inode unchanged: seen at once.
    let path = dir.join("processos/biblioteca.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace("acervo das bibliotecas\"", "acervo das bibliotecaS\"");
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).unwrap();
    let loaded = store::load(&dir, &catalogs()).unwrap();
    let library = loaded.processes.iter().find(|p| p.stem == "biblioteca");
    assert_eq!(
        library.unwrap().process.name,
        "Empréstimo do acervo das bibliotecaS"
    );
    assert_eq!(loaded.from_cache, documents - 1);

    // Damaged shards are parsed again, never believed: a flipped byte near
    // the end (the last entry's payload), then another build's shards.
    for (shard, mut bytes) in process_shards(&cache) {
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(&shard, bytes).unwrap();
    }
    assert!(cached_load_agrees(&dir) < documents - 1);
    for (shard, mut bytes) in process_shards(&cache) {
        bytes[8] ^= 1;
        std::fs::write(&shard, bytes).unwrap();
    }
    assert_eq!(cached_load_agrees(&dir), 1 + inventory.ripds.len());

    // A broken file is reported every time, however it was cached before.
    std::fs::write(&path, text.replace("id: \"biblioteca\"", "id: biblioteca")).unwrap();
    cached_load_agrees(&dir);
    let loaded = store::load(&dir, &catalogs()).unwrap();
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.file == "processos/biblioteca.ron" && p.line == Some(3)),
        "{:?}",
        loaded.problems
    );
    assert!(!cached(&cache, "processos/biblioteca.ron"));

    // A removed process leaves the cache with the next load.
    assert!(cached(&cache, "processos/cftv.ron"));
    std::fs::remove_file(dir.join("processos/cftv.ron")).unwrap();
    cached_load_agrees(&dir);
    assert!(!cached(&cache, "processos/cftv.ron"));
    assert!(cached(&cache, "processos/folha-pagamento.ron"));
}

/// `check` reads the inventory process by process (`check_directory`) and
/// must find exactly what a check of the whole loaded inventory finds:
/// duplicate ids, unreadable files and bad names, RIPD coverage, and the
/// history's findings (a material change without a RIPD, UFDPar art. 39 VII).
#[test]
fn checking_process_by_process_finds_what_the_whole_inventory_check_finds() {
    use inventario::checkup;
    use inventario::history::History;
    let (_temp, dir) = exemplo();
    let d = dir.to_str().unwrap();
    let approved = run(&["revisao", "aprovar", "--ata", "Ata 12/2026", "-C", d]);
    assert_eq!(approved.status.code(), Some(0), "{}", stderr(&approved));
    // biblioteca has no RIPD, cftv has one: both lose a field.
    edit_by_hand(&dir, "biblioteca", |p| {
        p.fields.pop();
    });
    edit_by_hand(&dir, "cftv", |p| {
        p.fields.pop();
    });
    let output = run(&["registrar", "-C", d]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let processes = dir.join("processos");
    std::fs::copy(
        processes.join("biblioteca.ron"),
        processes.join("biblioteca-copia.ron"),
    )
    .unwrap();
    std::fs::write(processes.join("quebrado.ron"), "(id: \"quebrado\", nome: ").unwrap();
    std::fs::write(processes.join("Nome Ruim.ron"), "()").unwrap();

    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let history = History::open(&dir).unwrap();
    for round in 0..3 {
        // Once parsing everything, once from the parse cache, once with the
        // findings of the unchanged processes from the last check.
        let inventory = store::load(&dir, &catalogs()).unwrap();
        let whole = checkup::check_with_history(&inventory, today, Some(&history));
        let streamed = checkup::check_directory(&dir, &catalogs(), today, Some(&history)).unwrap();
        assert_eq!(streamed.findings, whole);
        assert_eq!(streamed.processes, inventory.processes.len());
        assert_eq!(streamed.known > 0, round == 2, "round {round}");
        assert!(streamed.unreadable);
        for rule in [
            "id-processo-duplicado",
            "arquivo-ilegivel",
            "arquivo-nome-diferente-do-id",
            "mudanca-sem-ripd",
            "ripd-mudanca-no-processo",
        ] {
            assert!(whole.iter().any(|f| f.rule == rule), "{rule}: {whole:#?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(2_100));
    }
}

/// The findings `check` keeps per process (`.git/inventario-cache/achados`)
/// stand in for reading and checking a process only while it and its context
/// are unchanged: a changed process, a changed `inventario.ron` and another
/// reference date are checked again, and the result is always the whole
/// inventory's check.
#[test]
fn the_findings_of_an_unchanged_process_are_reused_and_nothing_else() {
    use inventario::checkup;
    let (_temp, dir) = exemplo();
    let settle = || std::thread::sleep(std::time::Duration::from_millis(2_100));
    let check = |day: chrono::NaiveDate| {
        let streamed = checkup::check_directory(&dir, &catalogs(), day, None).unwrap();
        let inventory = store::load(&dir, &catalogs()).unwrap();
        assert_eq!(streamed.findings, checkup::check(&inventory, day));
        // The processes check did not read keep their parse cache entries.
        if streamed.known > 0 {
            let documents = 1 + inventory.processes.len() + inventory.ripds.len();
            assert_eq!(inventory.from_cache, documents);
        }
        streamed
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    settle();
    let first = check(today);
    assert_eq!(first.known, 0);
    let second = check(today);
    // All but the processes a RIPD covers, which are always read.
    assert!(
        second.known > 0 && second.known < second.processes,
        "{second:?}"
    );
    assert_eq!(second.findings, first.findings);
    // Nothing changed: the findings file is not written again, though the
    // processes a RIPD covers were read again.
    let findings_file = dir.join(".git/inventario-cache/achados");
    let inode = || {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&findings_file).unwrap().ino()
    };
    let before = inode();
    assert_eq!(check(today).known, second.known);
    assert_eq!(inode(), before, "the findings file was rewritten");

    edit_by_hand(&dir, "biblioteca", |p| {
        p.fields.clear();
    });
    settle();
    let changed = check(today);
    assert_eq!(changed.known, second.known - 1);
    assert!(changed.findings != first.findings);

    let path = dir.join("inventario.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n// revisado\n")).unwrap();
    settle();
    assert_eq!(check(today).known, 0, "another inventario.ron");
    assert!(check(today).known > 0);

    let later = today + chrono::Days::new(400);
    assert_eq!(check(later).known, 0, "another date");
}
