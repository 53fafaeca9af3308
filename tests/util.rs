//! Helpers: run the binary with a fixed reference date, copy the sample inventory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The reference date the sample's LEIA-ME is written for.
pub const REFERENCE_DATE: &str = "2026-11-23";

pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-inventory")
}

pub fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    command(dir).args(args).output().expect("the binary runs")
}

/// A home directory for the tests, so neither the developer's git config nor
/// their `autor.ron` leaks in; it holds an `autor.ron` for "Tester".
pub fn test_home() -> &'static Path {
    static HOME: OnceLock<tempfile::TempDir> = OnceLock::new();
    HOME.get_or_init(|| {
        let home = tempfile::tempdir().expect("temp home");
        std::fs::write(
            home.path().join("autor.ron"),
            "(nome: \"Tester\", email: \"tester@exemplo.edu.br\")",
        )
        .expect("autor.ron");
        home
    })
    .path()
}

/// The binary, isolated from the user's configuration, at the reference date.
pub fn command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inventario"));
    command
        .current_dir(dir)
        .env("INVENTARIO_HOJE", REFERENCE_DATE)
        .env("HOME", test_home())
        .env("XDG_CONFIG_HOME", test_home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("INVENTARIO_CONFIG_DIR", test_home());
    command
}

/// Runs the system git in `dir` and returns its standard output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", test_home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs the binary in `dir`, asserts it exits 0 and returns its output.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let output = run_in(dir, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `inventario exemplo inv` in a temporary directory: the sample with its
/// history, as a user starts.
pub fn exemplo() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let output = run_in(temp.path(), &["exemplo", "inv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let dir = temp.path().join("inv");
    (temp, dir)
}

/// A fresh copy of the sample inventory in a temporary directory.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("temp dir");
    let dest = temp.path().join("inventario");
    copy_dir(&sample_dir(), &dest);
    (temp, dest)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// `git fsck --strict` finds nothing in `root`.
pub fn assert_fsck_clean(root: &Path) {
    let fsck = Command::new("git")
        .args(["fsck", "--strict", "--no-progress"])
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    assert!(!String::from_utf8_lossy(&fsck.stdout).contains("error"));
}

/// A text editor's save of `processos/<id>.ron`: atomic (a temporary file renamed
/// over it), outside the tool and its lock.
pub fn edit_by_hand(root: &Path, id: &str, edit: impl FnOnce(&mut inventario::model::Process)) {
    let file = root.join(format!("processos/{id}.ron"));
    let mut p: inventario::model::Process =
        inventario::ron_text::parse(&std::fs::read(&file).expect("read")).expect("parses");
    edit(&mut p);
    let text = inventario::ron_text::to_canonical(&p).expect("canonical");
    let temp = root.join(format!("processos/{id}.ron.editor"));
    std::fs::write(&temp, text).expect("write");
    std::fs::rename(temp, file).expect("rename");
}

/// A bare `central.git` in `dir`, set as `origin` of the inventory `history`,
/// which pushes to it once. Returns its path.
pub fn add_central(
    dir: &Path,
    history: &inventario::history::History,
    author: &inventario::history::Author,
) -> PathBuf {
    let central = dir.join("central.git");
    git(
        dir,
        &[
            "init",
            "--quiet",
            "--bare",
            "--initial-branch=main",
            central.to_str().expect("utf-8 path"),
        ],
    );
    git(
        history.root(),
        &[
            "remote",
            "add",
            "origin",
            central.to_str().expect("utf-8 path"),
        ],
    );
    history.sync("origin", author).expect("first push");
    central
}
