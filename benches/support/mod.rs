//! What the benches share: a synthetic inventory written to disk, with its
//! first commit, settled past the parse cache's racy window.

use std::time::Duration;

use inventario::history::{Author, History};
use inventario::{store, synthetic};

/// `count` synthetic processes (seed 42) in a temporary directory, committed.
pub fn write_inventory(count: usize) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    store::init(root, "Instituição sintética").expect("init");
    let inventory = synthetic::inventory(42, count);
    store::save_institution(root, &inventory.institution).expect("save institution");
    for process in &inventory.processes {
        store::save_process(root, process).expect("save process");
    }
    let author = Author {
        name: "Bancada".into(),
        email: "bancada@exemplo.edu.br".into(),
    };
    History::start(root, &author, "Carga").expect("history");
    // The parse cache skips files changed in the last 2 s (racily clean).
    std::thread::sleep(Duration::from_millis(2_100));
    temp
}
