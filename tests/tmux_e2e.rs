//! End to end, as a person would: the real binary in tmux at 80x24 on a fresh copy
//! of the sample (`inventario exemplo`), keys sent with send-keys, the screen read
//! with capture-pane; a field is edited and saved, and the commit is checked. And
//! two people on one inventory, as over SSH: different fields, the same field,
//! and a draft recovered after the other one saved; the file and the history are
//! checked after each.
//! Needs tmux; `.ci/run` installs it and sets `INVENTARIO_TESTE_TMUX=obrigatorio`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::*;

struct Tmux {
    socket: String,
    /// The session keys go to and screens are read from.
    target: String,
}

impl Tmux {
    fn new(name: &str) -> Tmux {
        Tmux {
            socket: format!("inventario-{name}-{}", std::process::id()),
            target: "e2e".to_owned(),
        }
    }

    /// The same server, another session.
    fn session(&self, target: &str) -> Tmux {
        Tmux {
            socket: self.socket.clone(),
            target: target.to_owned(),
        }
    }

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
            self.run(&["send-keys", "-t", &self.target, key]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-t", &self.target, "-p"])
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
        if self.target != "e2e" {
            return; // a view of a session; the server belongs to the first one
        }
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

/// Whether tmux is here; CI requires it.
fn has_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    assert_ne!(
        std::env::var("INVENTARIO_TESTE_TMUX").as_deref(),
        Ok("obrigatorio"),
        "tmux is required here"
    );
    eprintln!("tmux não encontrado: teste de ponta a ponta pulado");
    false
}

#[test]
fn edit_and_save_a_field_in_the_real_terminal_app() {
    if !has_tmux() {
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("e2e");
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
    assert!(list.contains("18 de 18 processo(s)"), "{list}");

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

/// Starts the application for `user` (own login, own `autor.ron`) in session
/// `name` of `tmux`'s server, on the inventory at `inventory`.
fn start_user(tmux: &Tmux, name: &str, user: &str, author: &str, inventory: &Path) -> Tmux {
    let config = inventory.parent().unwrap().join(format!("config-{user}"));
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("autor.ron"),
        format!("(nome: \"{author}\", email: \"{user}@exemplo.edu.br\")"),
    )
    .unwrap();
    let home = test_home().display().to_string();
    let command = format!(
        "cd {} && env HOME={home} XDG_CONFIG_HOME={home} INVENTARIO_CONFIG_DIR={} USER={user} GIT_CONFIG_NOSYSTEM=1 INVENTARIO_HOJE={REFERENCE_DATE} TERM=xterm-256color {} .; sleep 30",
        inventory.display(),
        config.display(),
        env!("CARGO_BIN_EXE_inventario")
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        name,
        "-x",
        "80",
        "-y",
        "24",
        &command,
    ]);
    let session = tmux.session(name);
    session.wait_for("18 de 18 processo(s)");
    session
}

fn open_biblioteca(user: &Tmux) {
    user.keys(&["/", "biblioteca", "Enter", "Enter"]);
    user.wait_for("1. Identificação");
}

/// `s`, Enter (twice when check errors ask), and the confirmation.
fn save(user: &Tmux) {
    user.keys(&["s"]);
    user.wait_for("Mensagem do registro");
    user.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    if user.screen().contains("Enter de novo salva") {
        user.keys(&["Enter"]);
    }
    user.wait_for("Salvo:");
}

fn biblioteca(inventory: &Path) -> inventario::model::Process {
    inventario::ron_text::parse(&std::fs::read(inventory.join("processos/biblioteca.ron")).unwrap())
        .unwrap()
}

#[test]
fn two_people_on_one_inventory_lose_nothing() {
    if !has_tmux() {
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let inventory = temp.path().join("inv");
    let out = command(temp.path())
        .args(["exemplo", "inv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let tmux = Tmux::new("dois");
    // The server lives as long as `tmux`; its first session is a placeholder.
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        "sleep 300",
    ]);
    let ana = start_user(&tmux, "ana", "ana", "Ana Souza", &inventory);
    let bruno = start_user(&tmux, "bruno", "bruno", "Bruno Lima", &inventory);

    // 1. Different fields of one process, at once.
    open_biblioteca(&ana);
    open_biblioteca(&bruno);
    ana.keys(&[
        "Down",
        "Down",
        "Down",
        "Enter",
        "C-u",
        "Unidade da Ana",
        "Enter",
    ]);
    ana.wait_for("● não salvo");
    bruno.keys(&["Down", "Down", "Enter", "C-u", "Descrição do Bruno", "C-d"]);
    bruno.wait_for("● não salvo");
    save(&bruno);
    ana.wait_for("Outra pessoa salvou este processo");
    ana.keys(&["r"]);
    ana.wait_for("Descrição do Bruno");
    save(&ana);
    let p = biblioteca(&inventory);
    assert_eq!(p.unit.as_deref(), Some("Unidade da Ana"));
    assert_eq!(p.description.as_deref(), Some("Descrição do Bruno"));

    // 2. The same field: the second to save resolves the conflict on screen.
    bruno.wait_for("Unidade da Ana");
    bruno.keys(&["Down", "Enter", "C-u", "Unidade do Bruno", "Enter"]);
    bruno.wait_for("● não salvo");
    ana.keys(&["Enter", "C-u", "Outra unidade da Ana", "Enter"]);
    ana.wait_for("● não salvo");
    save(&bruno);
    ana.wait_for("Outra pessoa salvou este processo");
    ana.keys(&["Escape", "s"]);
    ana.wait_for("Mensagem do registro");
    ana.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    if ana.screen().contains("Enter de novo salva") {
        ana.keys(&["Enter"]);
    }
    let conflict = ana.wait_for("Conflito ao salvar");
    assert!(conflict.contains("deles:  Unidade do Bruno"), "{conflict}");
    assert!(
        conflict.contains("seus:   Outra unidade da Ana"),
        "{conflict}"
    );
    ana.keys(&["m"]);
    save(&ana);
    assert_eq!(
        biblioteca(&inventory).unit.as_deref(),
        Some("Outra unidade da Ana")
    );

    // 3. Ana's connection drops while she types; Bruno saves; Ana recovers.
    ana.keys(&["Up", "Enter", "C-u", "Texto que a Ana digitava"]);
    ana.wait_for("Texto que a Ana digitava");
    tmux.run(&["kill-session", "-t", "ana"]);
    std::thread::sleep(Duration::from_millis(800));
    bruno.wait_for("Outra unidade da Ana");
    bruno.keys(&["Up", "Up", "Enter", "C-u", "Nome do Bruno", "Enter"]);
    save(&bruno);
    let ana = start_user(&tmux, "ana2", "ana", "Ana Souza", &inventory);
    ana.keys(&["/", "biblioteca", "Enter", "Enter"]);
    let offer = ana.wait_for("Rascunho encontrado");
    assert!(offer.contains("Bruno Lima em"), "{offer}");
    ana.keys(&["r"]);
    ana.wait_for("Texto que a Ana digitava");
    ana.keys(&[" ao cair.", "C-d"]);
    save(&ana);
    let p = biblioteca(&inventory);
    assert_eq!(p.name, "Nome do Bruno");
    assert_eq!(
        p.description.as_deref(),
        Some("Texto que a Ana digitava ao cair.")
    );
    assert_eq!(p.unit.as_deref(), Some("Outra unidade da Ana"));

    let authors = git(
        &inventory,
        &["log", "--format=%an", "--", "processos/biblioteca.ron"],
    );
    assert_eq!(
        authors.lines().take(5).collect::<Vec<_>>(),
        vec![
            "Ana Souza",
            "Bruno Lima",
            "Ana Souza",
            "Bruno Lima",
            "Ana Souza"
        ],
        "every save is in the history, by its author"
    );
    assert_eq!(
        git(&inventory, &["status", "--porcelain", "--", "processos"]),
        ""
    );
}
