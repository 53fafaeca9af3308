//! End to end, as a person would: the real binary in tmux at 80x24 on a fresh copy
//! of the sample (`inventario exemplo`), keys sent with send-keys, the screen read
//! with capture-pane; a field is edited and saved, and the commit is checked.
//! Needs tmux; `.ci/run` installs it and sets `INVENTARIO_TESTE_TMUX=obrigatorio`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::*;

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "e2e", key]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-t", "e2e", "-p"])
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

#[test]
fn edit_and_save_a_field_in_the_real_terminal_app() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert_ne!(
            std::env::var("INVENTARIO_TESTE_TMUX").as_deref(),
            Ok("obrigatorio"),
            "tmux is required here"
        );
        eprintln!("tmux não encontrado: teste de ponta a ponta pulado");
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let tmux = Tmux {
        socket: format!("inventario-e2e-{}", std::process::id()),
    };
    let home = test_home().display().to_string();
    let command = format!(
        "cd {} && env HOME={home} XDG_CONFIG_HOME={home} INVENTARIO_CONFIG_DIR={home} GIT_CONFIG_NOSYSTEM=1 INVENTARIO_HOJE={REFERENCE_DATE} TERM=xterm-256color {} exemplo inv; sleep 5",
        temp.path().display(),
        env!("CARGO_BIN_EXE_inventario")
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        &command,
    ]);
    let list = tmux.wait_for("admissao-cotas");
    assert!(list.contains("16 de 16 processo(s)"), "{list}");

    tmux.keys(&["Enter"]);
    tmux.wait_for("1. Identificação");
    tmux.keys(&["Right", "Right", "Right", "Right", "Enter", "Enter"]);
    tmux.wait_for("campo nome");
    tmux.keys(&[
        "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Enter",
    ]);
    tmux.wait_for("Filtro:");
    tmux.keys(&["obrigacao legal"]);
    tmux.wait_for("art7-ii — Cumprimento");
    tmux.keys(&["Enter"]);
    tmux.wait_for("● não salvo");
    tmux.keys(&["s"]);
    tmux.wait_for("Mensagem do registro");
    tmux.keys(&["Enter"]);
    let saved = tmux.wait_for("Salvo:");
    assert!(!saved.contains("● não salvo"), "{saved}");
    tmux.keys(&["Escape", "Escape", "Escape", "q"]);

    let repo = temp.path().join("inv");
    let message = git(Path::new(&repo), &["log", "-1", "--format=%an|%B"]);
    assert!(
        message.starts_with("Tester|Admissão de discentes pelo SiSU"),
        "{message}"
    );
    assert!(
        message.contains("preenche base legal de campo nome"),
        "{message}"
    );
    assert!(
        message.contains("- campos[nome].base_legal: art7-ii"),
        "{message}"
    );
    assert_eq!(git(Path::new(&repo), &["status", "--porcelain"]), "");
}
