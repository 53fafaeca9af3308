//! `schemas/README.md`'s key tables are written from `inventario::keys`: this test
//! fails when they differ, and `INVENTARIO_ATUALIZAR_README=1 cargo test --test
//! integration readme_keys` rewrites them (then review the diff and commit it).

#[test]
fn the_readme_key_tables_are_the_descriptions() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let expected = inventario::keys::readme::regenerate(&text)
        .expect("schemas/README.md keeps the markers around its key tables");
    if text == expected {
        return;
    }
    if std::env::var_os("INVENTARIO_ATUALIZAR_README").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    panic!(
        "schemas/README.md differs from src/keys: run \
         INVENTARIO_ATUALIZAR_README=1 cargo test --test integration readme_keys and review the diff"
    );
}
