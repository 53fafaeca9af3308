//! The architecture's invariants, as ARCHITECTURE.md states them: the pure core
//! (model, catalog, rules, ron_text, listing, synthetic) does no I/O and imports
//! no git, terminal or process APIs.

use std::path::Path;

const PURE: &[&str] = &[
    "src/model",
    "src/catalog",
    "src/rules",
    "src/semantic",
    "src/ron_text.rs",
    "src/ron_peek.rs",
    "src/listing.rs",
    "src/synthetic",
    "src/keys",
    "src/files.rs",
    "src/document.rs",
    "src/assistant.rs",
    "src/ripd_report",
    "src/publish",
    "src/sgd",
    "src/text.rs",
    "src/parallel.rs",
    "src/tui/form.rs",
];
const FORBIDDEN: &[&str] = &[
    "std::fs",
    "std::io",
    "std::net",
    "std::process",
    "std::env",
    "git2",
    "ratatui",
    "crossterm",
    "crate::store",
    "crate::cli",
];

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn the_pure_core_does_no_io() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for part in PURE {
        rust_files(&root.join(part), &mut files);
    }
    assert!(files.len() > 10, "found {} files", files.len());
    let mut violations = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for word in FORBIDDEN {
            if code.contains(word) {
                violations.push(format!("{} uses {word}", file.display()));
            }
        }
    }
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn every_module_opens_with_a_doc_comment() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("//!"), "{} has no //! doc", file.display());
    }
}

/// Every rule of the registry is named by at least one test (unit tests in
/// src/rules, or the integration tests), so no rule ships untested.
#[test]
fn every_rule_is_exercised_by_a_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/rules"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    let tests: String = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            // Only the test parts of source files count.
            if !f.starts_with(root.join("src")) {
                text
            } else if let Some(at) = text.find("#[cfg(test)]") {
                text[at..].to_owned()
            } else {
                String::new()
            }
        })
        .collect();
    let untested: Vec<&str> = inventario::rules::registry::ALL
        .iter()
        .map(|r| r.id)
        .filter(|id| !tests.contains(&format!("\"{id}\"")))
        .collect();
    assert!(untested.is_empty(), "rules without a test: {untested:?}");
}

/// Only the history layer talks to git2.
#[test]
fn only_history_imports_git2() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(root.join("src/history")))
        .filter(|f| std::fs::read_to_string(f).unwrap().contains("git2::"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "{offenders:?}");
}
