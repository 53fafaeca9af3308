//! The terminal application without a terminal: snapshots of every screen
//! (ratatui `TestBackend` + insta, at 80x24 and 120x40, in color and `NO_COLOR`),
//! and key-driven flows — open, filter, edit, save and find the commit; create a
//! process; approve a revision; recover a draft — with the worker run in-line.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use inventario::history::log::{CommitSummary, LogEntry};
use inventario::history::review::Pending;
use inventario::history::{Author, CommitId, History};
use inventario::semantic::render::{FileDiff, FileStatus};
use inventario::tui::app::{App, Msg, Screen};
use inventario::tui::data::Data;
use inventario::tui::screens::history::HistoryView;
use inventario::tui::screens::review::ReviewView;
use inventario::tui::theme::Theme;
use inventario::tui::worker::{self, Cmd, DiffText, Reply, WorkerContext};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn author() -> Author {
    Author {
        name: "Tester".into(),
        email: "tester@exemplo.edu.br".into(),
    }
}

/// A fresh sample inventory with its repository.
fn repo() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("inv");
    History::init_sample(&root, &author()).unwrap();
    (temp, root)
}

struct Harness {
    app: App,
    ctx: WorkerContext,
    /// Stands for the user's data directory, where drafts of a read-only
    /// inventory go.
    _data_dir: tempfile::TempDir,
}

impl Harness {
    fn new(root: &Path, color: bool) -> Harness {
        let data = Data::load(root, today()).unwrap();
        let data_dir = tempfile::tempdir().unwrap();
        let read_only = data.read_only.is_some();
        let draft_root = if read_only {
            data_dir.path().join("rascunhos")
        } else {
            root.to_path_buf()
        };
        let mut app = App::new(data, Theme { color });
        if read_only {
            app.drafts_elsewhere = Some(draft_root.join(".rascunhos"));
        }
        Harness {
            app,
            ctx: WorkerContext {
                root: root.to_path_buf(),
                draft_root,
                login: "tester".into(),
                today: today(),
            },
            _data_dir: data_dir,
        }
    }

    /// Runs commands through the worker in-line, feeding replies back.
    fn run(&mut self, mut cmds: Vec<Cmd>) {
        while let Some(cmd) = cmds.pop() {
            let mut progress = Vec::new();
            let reply = worker::execute_with(&self.ctx, cmd, &mut |p| progress.push(p));
            for p in progress {
                cmds.extend(self.app.update(Msg::Worker(p)));
            }
            cmds.extend(self.app.update(Msg::Worker(reply)));
        }
    }

    fn key(&mut self, code: KeyCode) {
        let cmds = self
            .app
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.run(cmds);
    }

    fn ctrl(&mut self, c: char) {
        let cmds = self.app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
        self.run(cmds);
    }

    /// The application's timer: it looks whether someone else saved.
    fn tick(&mut self) {
        let cmds = self.app.update(Msg::Tick);
        self.run(cmds);
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn screen(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| inventario::tui::view::draw(&self.app, f))
            .unwrap();
        format!("{:?}", terminal.backend().buffer())
    }

    /// No text on the screen at 80x24 was cut without "…": no line ends in text
    /// at the right edge, and no text touches the right border of a box.
    fn assert_nothing_cut(&self) {
        let screen = self.text_screen();
        for line in screen.lines() {
            let chars: Vec<char> = line.trim_matches('"').chars().collect();
            let last = chars.last().copied().unwrap_or(' ');
            assert!(
                " …│┐┘─".contains(last),
                "cut at the edge without …: {line}\n{screen}"
            );
            if let Some(border) = chars.iter().rposition(|&c| c == '│')
                && chars.iter().filter(|&&c| c == '│').count() >= 2
                && border > 0
            {
                let before = chars[border - 1];
                assert!(
                    " …─│".contains(before),
                    "text touches a border without …: {line}\n{screen}"
                );
            }
        }
    }

    fn text_screen(&self) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| inventario::tui::view::draw(&self.app, f))
            .unwrap();
        terminal.backend().to_string()
    }
}

/// Snapshots one state at both sizes.
fn snap(h: &Harness, name: &str) {
    h.assert_nothing_cut();
    let theme = if h.app.theme.color { "cor" } else { "sem_cor" };
    insta::assert_snapshot!(format!("{name}_{theme}_80x24"), h.screen(80, 24));
    insta::assert_snapshot!(format!("{name}_{theme}_120x40"), h.screen(120, 40));
}

fn fixed_time() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-20T14:30:00-03:00").unwrap()
}

fn fake_entry(n: u8, subject: &str) -> LogEntry {
    LogEntry {
        commit: format!("{n:02x}").repeat(20).parse::<CommitId>().unwrap(),
        author: "Tester".into(),
        email: "tester@exemplo.edu.br".into(),
        time: fixed_time(),
        subject: subject.into(),
        message: subject.into(),
        operation: Some("alteracao".into()),
        processes: vec!["cftv".into()],
    }
}

fn fake_summary(n: u8, subject: &str) -> CommitSummary {
    let entry = fake_entry(n, subject);
    CommitSummary {
        commit: entry.commit,
        author: entry.author,
        email: entry.email,
        time: entry.time,
        subject: entry.subject,
    }
}

fn every_screen(color: bool) {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, color);
    snap(&h, "lista");
    h.key(KeyCode::Char('?'));
    snap(&h, "ajuda");
    h.key(KeyCode::Esc);
    h.ctrl('p');
    h.text("cpf");
    snap(&h, "busca");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    snap(&h, "processo");
    for _ in 0..4 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    snap(&h, "processo_campo");
    for _ in 0..7 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    snap(&h, "editor_base_legal");
    h.text("obrigacao legal");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('s'));
    snap(&h, "salvar");
    h.key(KeyCode::Esc);
    // History, with fixed entries so the snapshot does not depend on hashes.
    let mut view = HistoryView::new("cftv");
    view.loaded(Ok(vec![
        fake_entry(2, "Videomonitoramento: altera frequência"),
        fake_entry(1, "Inventário de exemplo (UFDPar)"),
    ]));
    view.diff_loaded(Ok(DiffText::Fields(vec![FileDiff {
        file: "processos/cftv.ron".into(),
        process: Some("cftv".into()),
        title: "Videomonitoramento dos campi (CFTV)".into(),
        status: FileStatus::Changed,
        changes: inventario::semantic::diff(
            &serde_json::json!({"frequencia": "Contínua"}),
            &serde_json::json!({"frequencia": "Diária"}),
        ),
        unreadable: None,
    }])));
    h.app.screens.push(Screen::History(view));
    snap(&h, "historico");
    h.app.screens.pop();
    let mut review = ReviewView::new();
    review.loaded(
        // A process without errors, so it comes first, marked.
        Ok(vec![Pending {
            process: "biblioteca".into(),
            title: "Empréstimo do acervo das bibliotecas".into(),
            approved_at: None,
            commits: vec![fake_summary(1, "Inventário de exemplo (UFDPar)")],
            changes: Vec::new(),
        }]),
        &h.app.data,
    );
    h.app.screens.push(Screen::Review(review));
    snap(&h, "comite");
    h.app.screens.pop();
    h.app.screens.truncate(1);
    h.key(KeyCode::Char('p'));
    snap(&h, "calendario");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('e'));
    snap(&h, "exportar");
    // As the worker reports while it writes (the export is not run here).
    h.app.busy += 1;
    let cmds = h
        .app
        .update(Msg::Worker(Reply::ExportProgress { done: 7, total: 17 }));
    assert!(cmds.is_empty());
    snap(&h, "exportar_andamento");
}

#[test]
fn every_screen_in_color() {
    every_screen(true);
}

#[test]
fn every_screen_without_color() {
    every_screen(false);
}

fn last_commit(root: &Path) -> LogEntry {
    History::open(root)
        .unwrap()
        .log(&Default::default())
        .unwrap()
        .remove(0)
}

#[test]
fn filter_open_edit_save_and_find_the_commit() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('/'));
    h.text("biblioteca");
    h.key(KeyCode::Enter);
    assert!(
        h.text_screen().contains("› biblioteca "),
        "{}",
        h.text_screen()
    );
    h.key(KeyCode::Enter);
    for _ in 0..5 {
        h.key(KeyCode::Right);
    }
    // 9–10. Titulares: frequência is the first row.
    assert!(h.text_screen().contains("9–10. Titulares"));
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.text("Diária, em dias úteis");
    h.key(KeyCode::Enter);
    assert!(h.text_screen().contains("● não salvo"));
    h.key(KeyCode::Char('s'));
    assert!(
        h.text_screen().contains("depois: Diária, em dias úteis"),
        "{}",
        h.text_screen()
    );
    h.key(KeyCode::Enter);
    assert!(
        h.text_screen()
            .contains("Salvo: Empréstimo do acervo das bibliotecas: altera frequência"),
        "{}",
        h.text_screen()
    );
    let commit = last_commit(&root);
    assert_eq!(commit.processes, vec!["biblioteca"]);
    assert!(
        commit
            .message
            .contains("- frequencia: Diária → Diária, em dias úteis"),
        "{}",
        commit.message
    );
    assert!(!h.text_screen().contains("● não salvo"));
    // A save starts the undo history over: nothing to undo, and the saved value
    // stays.
    h.key(KeyCode::Char('u'));
    assert!(h.text_screen().contains("Nada a desfazer"));
    assert!(h.text_screen().contains("Diária, em dias úteis"));
    assert!(!h.text_screen().contains("● não salvo"));
}

#[test]
fn create_a_process_and_add_a_field() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.text("Gestão de estágios");
    h.key(KeyCode::Enter);
    for _ in 0..4 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Char('a'));
    assert!(
        h.text_screen().contains("campo novo-1"),
        "{}",
        h.text_screen()
    );
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.text("cpf");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('s'));
    assert!(
        h.text_screen()
            .contains("Processo novo: todos os campos serão registrados."),
        "{}",
        h.text_screen()
    );
    h.key(KeyCode::Enter);
    // There are check errors (no purpose, no owner…): a second Enter confirms.
    assert!(
        h.text_screen().contains("Enter de novo salva mesmo assim"),
        "{}",
        h.text_screen()
    );
    h.key(KeyCode::Enter);
    let commit = last_commit(&root);
    assert!(
        commit
            .subject
            .starts_with("Gestão de estágios: cria o processo"),
        "{}",
        commit.subject
    );
    let saved: inventario::model::Process = inventario::ron_text::parse(
        &std::fs::read(root.join("processos/novo-processo.ron")).unwrap(),
    )
    .unwrap();
    assert_eq!(saved.fields[0].kind.as_str(), "cpf");
}

#[test]
fn approve_a_revision_from_the_committee_screen() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('c'));
    assert!(
        h.text_screen().contains("nunca aprovado"),
        "{}",
        h.text_screen()
    );
    // Processes with check errors are listed apart and not marked.
    let with_errors: Vec<String> = h
        .app
        .data
        .processes
        .iter()
        .enumerate()
        .filter(|(i, _)| h.app.data.badges[*i].errors > 0)
        .map(|(_, p)| p.id.to_string())
        .collect();
    assert!(!with_errors.is_empty());
    // The sample's research RIPD waits for approval too, with an error.
    let screen = h.text_screen();
    assert!(
        screen.contains(&format!("{} com erros do check", with_errors.len() + 1)),
        "{screen}"
    );
    // This test is about processes: the RIPDs waiting too are left unmarked.
    if let Some(Screen::Review(r)) = h.app.screens.last_mut() {
        r.chosen.retain(|k| !k.starts_with("ripd/"));
    }
    h.key(KeyCode::Char('a'));
    h.text("Ata 12/2026");
    h.key(KeyCode::Enter);
    let clean = 18 - with_errors.len();
    assert!(
        h.text_screen()
            .contains(&format!("Aprovação registrada: {clean} processo(s)")),
        "{}",
        h.text_screen()
    );
    let approvals = History::open(&root).unwrap().approvals().unwrap();
    assert_eq!(approvals[0].minutes, "Ata 12/2026");
    assert_eq!(approvals[0].processes.len(), clean);
    assert!(
        approvals[0]
            .processes
            .iter()
            .all(|p| !with_errors.contains(p))
    );
    // What is left are the processes with errors (after the stale biometric
    // RIPD, left unmarked); marking one approves it.
    if let Some(Screen::Review(r)) = h.app.screens.last_mut() {
        r.chosen.retain(|k| !k.starts_with("ripd/"));
    }
    let screen = h.text_screen();
    assert!(
        screen.contains("[ ] ripd/controle-acesso-biometrico"),
        "{screen}"
    );
    h.key(KeyCode::Down);
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Char('a'));
    h.text("Ata 13/2026");
    h.key(KeyCode::Enter);
    let approvals = History::open(&root).unwrap().approvals().unwrap();
    assert_eq!(approvals[1].processes.len(), 1);
    assert!(with_errors.contains(&approvals[1].processes[0]));
}

/// Issue: the committee saw commit subjects only. The field-level changes of the
/// selected process are shown, wrapped.
#[test]
fn the_committee_sees_each_process_field_changes() {
    let (_temp, root) = repo();
    let history = History::open(&root).unwrap();
    history
        .approve("Ata 1/2026", &[], today(), &author())
        .unwrap();
    someone_else_saves(&root, |p| {
        p.frequency = Some("Semanal, a partir de março".into())
    });
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('c'));
    let screen = h.text_screen();
    assert!(screen.contains("[x] biblioteca"), "{screen}");
    assert!(screen.contains("antes:  Diária"), "{screen}");
    assert!(
        screen.contains("depois: Semanal, a partir de março"),
        "{screen}"
    );
}

#[test]
fn an_interrupted_edit_is_offered_as_a_draft_next_time() {
    let (_temp, root) = repo();
    {
        let mut h = Harness::new(&root, true);
        h.key(KeyCode::Enter);
        h.key(KeyCode::Down);
        h.key(KeyCode::Enter);
        h.ctrl('u');
        h.text("Admissão pelo SiSU");
        h.key(KeyCode::Enter);
        // The session ends here without saving (the connection dropped).
    }
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Enter);
    assert!(
        h.text_screen().contains("Rascunho encontrado"),
        "{}",
        h.text_screen()
    );
    h.key(KeyCode::Char('r'));
    assert!(h.text_screen().contains("Admissão pelo SiSU"));
    assert!(h.text_screen().contains("● não salvo"));
}

#[test]
fn quitting_with_unsaved_edits_asks_first() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.text(" (editado)");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('q'));
    assert!(!h.app.should_quit);
    assert!(h.text_screen().contains("Sair com edições não salvas?"));
    h.key(KeyCode::Char('x'));
    assert!(!h.app.should_quit, "any other key continues editing");
    h.key(KeyCode::Esc);
    assert!(h.text_screen().contains("Edição não salva"));
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('q'));
    assert!(h.app.should_quit);
}

#[test]
fn read_only_inventory_says_why_and_cannot_save() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-inventory");
    let mut h = Harness::new(&sample, true);
    assert!(
        h.text_screen().contains("Somente leitura"),
        "{}",
        h.text_screen()
    );
    h.assert_nothing_cut();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('s'));
    let screen = h.text_screen();
    assert!(screen.contains("Somente leitura"), "{screen}");
    assert!(
        screen.contains("não é a raiz de um repositório"),
        "{screen}"
    );
    assert!(screen.contains("inventario exemplo"), "{screen}");
}

/// Issue: on a read-only inventory the quit dialog promised drafts that were
/// never written. They go to the user's data directory, and the dialog says where.
#[test]
fn drafts_of_a_read_only_inventory_go_to_the_users_data_directory() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-inventory");
    let mut h = Harness::new(&sample, true);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.text("Nome editado num inventário somente leitura");
    h.key(KeyCode::Enter);
    let draft = h
        .ctx
        .draft_root
        .join(".rascunhos/tester/admissao-cotas.ron");
    assert!(draft.is_file(), "{}", draft.display());
    assert!(
        !sample.join(".rascunhos").exists(),
        "nothing written in the inventory"
    );
    h.key(KeyCode::Char('q'));
    let screen = h.text_screen();
    assert!(screen.contains("Este inventário não pode ser"), "{screen}");
    assert!(screen.contains("/rascunhos/.rascunhos"), "{screen}");
    let inventario_draft_root = inventario::tui::worker::draft_root(&sample, true);
    assert!(!inventario_draft_root.starts_with(&sample));
}

/// Edits `nome` of the first process on screen while someone else saves
/// another value there, and tries to save: the conflict screen opens.
fn conflicting_save(root: &Path) -> Harness {
    let mut h = Harness::new(root, true);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.text("Admissão (versão da tela)");
    h.key(KeyCode::Enter);
    // Meanwhile someone else changes the same field and saves.
    let history = History::open(root).unwrap();
    let (_, other) = history.process_at_head("admissao-cotas").unwrap();
    let mut other = other.unwrap();
    other.name = "Admissão (versão de outra pessoa)".into();
    other.frequency = Some("Semestral, de outra pessoa".into());
    history.save_process(&other, None, None, &author()).unwrap();
    // The application's own draft of the edit goes, so what is found after the
    // conflict is the draft the history layer wrote.
    std::fs::remove_file(root.join(".rascunhos/tester/admissao-cotas.ron")).unwrap();
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Enter);
    h
}

fn saved_name(root: &Path) -> (String, Option<String>) {
    let p: inventario::model::Process = inventario::ron_text::parse(
        &std::fs::read(root.join("processos/admissao-cotas.ron")).unwrap(),
    )
    .unwrap();
    (p.name, p.frequency)
}

fn save_and_confirm(h: &mut Harness) {
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Enter);
    if h.text_screen().contains("Enter de novo salva") {
        h.key(KeyCode::Enter);
    }
}

/// Issue: after a same-field conflict the dialog named the field but not the
/// other value, saving again always conflicted, and leaving deleted the draft.
#[test]
fn a_conflict_shows_both_values_and_mine_on_top_saves() {
    let (_temp, root) = repo();
    let mut h = conflicting_save(&root);
    let screen = h.text_screen();
    assert!(screen.contains("Conflito ao salvar"), "{screen}");
    assert!(
        screen.contains("deles:  Admissão (versão de outra pessoa)"),
        "{screen}"
    );
    assert!(
        screen.contains("seus:   Admissão (versão da tela)"),
        "{screen}"
    );
    // The save kept the user's version as a draft, under the application's
    // login, with the commit the edit started from.
    let kept = std::fs::read_to_string(root.join(".rascunhos/tester/admissao-cotas.ron")).unwrap();
    assert!(kept.contains("Admissão (versão da tela)"), "{kept}");
    assert!(kept.contains("base: \""), "{kept}");
    h.key(KeyCode::Char('m'));
    save_and_confirm(&mut h);
    assert!(h.text_screen().contains("Salvo:"), "{}", h.text_screen());
    // Mine in the conflicting field, theirs everywhere else.
    assert_eq!(
        saved_name(&root),
        (
            "Admissão (versão da tela)".to_owned(),
            Some("Semestral, de outra pessoa".to_owned())
        )
    );
}

#[test]
fn a_conflict_resolved_with_theirs_asks_twice_then_saves_nothing_of_mine() {
    let (_temp, root) = repo();
    let mut h = conflicting_save(&root);
    h.key(KeyCode::Char('t'));
    assert!(
        h.text_screen().contains("a mesma tecla de novo"),
        "{}",
        h.text_screen()
    );
    h.key(KeyCode::Char('x'));
    assert!(
        h.text_screen().contains("t  fica a versão deles"),
        "another key goes back"
    );
    h.key(KeyCode::Char('t'));
    h.key(KeyCode::Char('t'));
    let screen = h.text_screen();
    assert!(
        cursor_line(&screen).is_some_and(|l| l.contains("Admissão (versão de outra pessoa)")),
        "{screen}"
    );
    // The update date the first attempt set is the only change left; saving
    // now goes through (the base is their commit) and clears the draft.
    save_and_confirm(&mut h);
    assert!(h.text_screen().contains("Salvo:"), "{}", h.text_screen());
    assert_eq!(saved_name(&root).0, "Admissão (versão de outra pessoa)");
    assert!(!root.join(".rascunhos/tester/admissao-cotas.ron").exists());
}

#[test]
fn a_conflict_resolved_with_theirs_and_edit_opens_the_field() {
    let (_temp, root) = repo();
    let mut h = conflicting_save(&root);
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Char('e'));
    let screen = h.text_screen();
    assert!(
        screen.contains("Admissão (versão de outra pessoa)▏"),
        "{screen}"
    );
    h.ctrl('u');
    h.text("Admissão (as duas versões)");
    h.key(KeyCode::Enter);
    save_and_confirm(&mut h);
    assert_eq!(saved_name(&root).0, "Admissão (as duas versões)");
}

#[test]
fn leaving_with_a_conflict_keeps_the_draft_unless_discarded_twice() {
    let (_temp, root) = repo();
    let mut h = conflicting_save(&root);
    h.key(KeyCode::Esc);
    assert!(h.text_screen().contains("● não salvo"));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('d'));
    assert!(h.text_screen().contains("d de novo"), "{}", h.text_screen());
    assert!(root.join(".rascunhos/tester/admissao-cotas.ron").is_file());
    h.key(KeyCode::Esc);
    assert!(root.join(".rascunhos/tester/admissao-cotas.ron").is_file());
}

#[test]
fn duplicating_a_process_with_a_long_id_does_not_hang() {
    let (_temp, root) = repo();
    let long = "a".repeat(64);
    let text = std::fs::read_to_string(root.join("processos/cftv.ron")).unwrap();
    std::fs::write(
        root.join(format!("processos/{long}.ron")),
        text.replace("id: \"cftv\"", &format!("id: \"{long}\"")),
    )
    .unwrap();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('/'));
    h.text("aaaaaaaa");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('d'));
    let screen = h.text_screen();
    assert!(screen.contains("(cópia)"), "{screen}");
    assert!(screen.contains("● não salvo"), "{screen}");
}

#[test]
fn the_palette_answers_who_processes_cpf() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.ctrl('p');
    h.text("quem trata CPF?");
    let screen = h.text_screen();
    assert!(
        screen.contains("campo  Número de inscrição no CPF (cpf) — em "),
        "{screen}"
    );
    assert!(!screen.contains("frequencia-trabalho"), "{screen}");
    h.key(KeyCode::Enter);
    assert!(
        h.text_screen().contains("7–8. Dados pessoais"),
        "{}",
        h.text_screen()
    );
}

/// Issue: a new or duplicated process given the id of an existing one (readable,
/// unreadable or archived) replaced it. The id is refused where it is typed.
#[test]
fn a_new_process_cannot_take_an_id_already_in_use() {
    let (_temp, root) = repo();
    std::fs::write(root.join("processos/quebrado.ron"), "(versao_formato: 1,").unwrap();
    let mut h = Harness::new(&root, true);
    for (taken, reason) in [
        ("biblioteca", "já é usado por processos/biblioteca.ron"),
        ("quebrado", "processos/quebrado.ron, que não pôde ser"),
    ] {
        h.key(KeyCode::Char('n'));
        h.key(KeyCode::Enter);
        h.ctrl('u');
        h.text(taken);
        h.key(KeyCode::Enter);
        let screen = h.text_screen();
        assert!(screen.contains(reason), "{taken}: {screen}");
        h.key(KeyCode::Esc);
        h.key(KeyCode::Esc);
        if h.text_screen().contains("descartar") {
            h.key(KeyCode::Char('d'));
            h.key(KeyCode::Char('d'));
        }
    }
    let head = last_commit(&root).commit;
    // Whatever the screen allowed, the history layer never lets a creation
    // replace a file.
    let history = History::open(&root).unwrap();
    let mut copy: inventario::model::Process =
        inventario::ron_text::parse(&std::fs::read(root.join("processos/cftv.ron")).unwrap())
            .unwrap();
    copy.id = inventario::model::ProcessId::parse("folha-pagamento").unwrap();
    let error = history.create_process(&copy, None, &author()).unwrap_err();
    assert!(error.to_string().contains("nunca substitui"), "{error}");
    copy.id = inventario::model::ProcessId::parse("quebrado").unwrap();
    assert!(history.create_process(&copy, None, &author()).is_err());
    assert_eq!(
        std::fs::read(root.join("processos/quebrado.ron")).unwrap(),
        b"(versao_formato: 1,"
    );
    assert_eq!(last_commit(&root).commit, head);
}

/// Selects the row `label`, replaces its text with `text` and confirms.
fn replace_text(h: &mut Harness, label: &str, text: &str) {
    select_row(h, label);
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.text(text);
    h.key(KeyCode::Enter);
}

/// The selected row: the line that starts with the cursor `›`.
fn cursor_line(screen: &str) -> Option<&str> {
    screen
        .lines()
        .find(|l| l.trim_start_matches('"').starts_with('›'))
}

/// Moves the cursor (down, then up) until the selected row shows `label`.
fn select_row(h: &mut Harness, label: &str) {
    for i in 0..120 {
        if i == 60 {
            for _ in 0..60 {
                h.key(KeyCode::Up);
            }
        }
        if cursor_line(&h.text_screen()).is_some_and(|l| l.contains(label)) {
            return;
        }
        h.key(KeyCode::Down);
    }
    panic!("no row {label}: {}", h.text_screen());
}

/// Issue: Enter then Esc on the empty `retenção` of a field saved `retencao: ()`.
/// Viewing never changes data; the cursor comes back to the row it left.
#[test]
fn opening_an_empty_sub_record_changes_nothing() {
    let (_temp, root) = repo();
    let before = std::fs::read(root.join("processos/biblioteca.ron")).unwrap();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('/'));
    h.text("biblioteca");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    for _ in 0..4 {
        h.key(KeyCode::Right);
    }
    assert!(
        h.text_screen().contains("7–8. Dados pessoais"),
        "{}",
        h.text_screen()
    );
    select_row(&mut h, "campos");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter); // the first field
    select_row(&mut h, "retenção");
    let row_before = h.text_screen();
    h.key(KeyCode::Enter);
    assert!(
        h.text_screen().contains("campo nome › retenção"),
        "{}",
        h.text_screen()
    );
    h.key(KeyCode::Esc);
    let screen = h.text_screen();
    assert!(!screen.contains("● não salvo"), "{screen}");
    assert_eq!(
        cursor_line(&screen),
        cursor_line(&row_before),
        "the cursor is back on retenção"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(
        !h.text_screen().contains("Descartar"),
        "{}",
        h.text_screen()
    );
    assert_eq!(
        std::fs::read(root.join("processos/biblioteca.ron")).unwrap(),
        before
    );
    assert!(!root.join(".rascunhos/tester/biblioteca.ron").exists());
}

fn open_process(h: &mut Harness, id: &str) {
    h.key(KeyCode::Char('/'));
    h.text(id);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
}

/// Issue: A left a draft of `unidade`, B saved `descricao`, A recovered the draft
/// and saved: B's text was replaced by the old one. The draft carries its base
/// commit; recovering merges, and the offer says who changed the process since.
#[test]
fn a_recovered_draft_keeps_what_others_saved_since() {
    let (_temp, root) = repo();
    {
        let mut a = Harness::new(&root, true);
        open_process(&mut a, "biblioteca");
        replace_text(&mut a, "unidade", "Biblioteca Central");
        assert!(a.text_screen().contains("● não salvo"));
        // The session ends here, without saving: the draft is on disk.
    }
    let history = History::open(&root).unwrap();
    let (base, p) = history.process_at_head("biblioteca").unwrap();
    let mut p = p.unwrap();
    p.description = Some("Texto que Beatriz salvou".into());
    let beatriz = Author {
        name: "Beatriz".into(),
        email: "beatriz@exemplo.edu.br".into(),
    };
    history
        .save_process(&p, Some(base), None, &beatriz)
        .unwrap();

    let mut a = Harness::new(&root, true);
    open_process(&mut a, "biblioteca");
    let offer = a.text_screen();
    assert!(offer.contains("Rascunho encontrado"), "{offer}");
    assert!(offer.contains("Beatriz em"), "{offer}");
    a.key(KeyCode::Char('r'));
    a.key(KeyCode::Char('s'));
    let preview = a.text_screen();
    assert!(
        !preview.contains("Texto que Beatriz"),
        "B's text is not undone: {preview}"
    );
    a.key(KeyCode::Enter);
    if a.text_screen().contains("Enter de novo salva") {
        a.key(KeyCode::Enter);
    }
    let saved: inventario::model::Process =
        inventario::ron_text::parse(&std::fs::read(root.join("processos/biblioteca.ron")).unwrap())
            .unwrap();
    assert_eq!(saved.unit.as_deref(), Some("Biblioteca Central"));
    assert_eq!(
        saved.description.as_deref(),
        Some("Texto que Beatriz salvou")
    );
}

/// Issue: text being typed in an open editor was lost on an SSH drop (only
/// confirmed edits went into the draft).
#[test]
fn text_being_typed_survives_a_dropped_session() {
    let (_temp, root) = repo();
    {
        let mut a = Harness::new(&root, true);
        open_process(&mut a, "biblioteca");
        select_row(&mut a, "descrição");
        a.key(KeyCode::Enter);
        a.ctrl('u');
        a.text("Frase pela metade que o");
        // SIGHUP: what run.rs writes when the terminal goes away.
        let drafts = a.app.unsaved_drafts();
        assert_eq!(drafts.len(), 1, "the open editor counts as unsaved work");
        for (file, text) in drafts {
            inventario::store::draft::write_draft(&root, "tester", &file, &text).unwrap();
        }
    }
    let mut a = Harness::new(&root, true);
    open_process(&mut a, "biblioteca");
    let offer = a.text_screen();
    assert!(offer.contains("sendo digitado em descrição"), "{offer}");
    a.key(KeyCode::Char('r'));
    let screen = a.text_screen();
    assert!(screen.contains("Frase pela metade que o"), "{screen}");
    a.text(" usuário digitava.");
    a.key(KeyCode::Enter);
    assert!(
        a.text_screen()
            .contains("Frase pela metade que o usuário digitava.")
    );
}

/// A draft is never discarded by a single key: `d` asks, a second `d` confirms.
#[test]
fn discarding_a_draft_needs_a_second_key() {
    let (_temp, root) = repo();
    {
        let mut a = Harness::new(&root, true);
        open_process(&mut a, "biblioteca");
        replace_text(&mut a, "unidade", "Outra unidade");
    }
    let draft = root.join(".rascunhos/tester/biblioteca.ron");
    assert!(draft.exists());
    let mut a = Harness::new(&root, true);
    open_process(&mut a, "biblioteca");
    a.key(KeyCode::Char('d'));
    assert!(a.text_screen().contains("d de novo"), "{}", a.text_screen());
    assert!(draft.exists());
    a.key(KeyCode::Char('x'));
    assert!(draft.exists(), "another key goes back");
    a.key(KeyCode::Char('d'));
    a.key(KeyCode::Char('d'));
    assert!(!draft.exists());
}

fn detail_value(h: &Harness, key: &str) -> serde_json::Value {
    match h.app.screens.last() {
        Some(Screen::Detail(d)) => d.tree.get(key).cloned().unwrap_or_default(),
        _ => panic!("no detail on top"),
    }
}

fn someone_else_saves(root: &Path, edit: impl FnOnce(&mut inventario::model::Process)) {
    let history = History::open(root).unwrap();
    let (base, p) = history.process_at_head("biblioteca").unwrap();
    let mut p = p.unwrap();
    edit(&mut p);
    let beatriz = Author {
        name: "Beatriz".into(),
        email: "beatriz@exemplo.edu.br".into(),
    };
    history
        .save_process(&p, Some(base), None, &beatriz)
        .unwrap();
}

/// Issue: the list and an open process kept showing old values after someone
/// else saved. The timer notices; a process without edits shows the new
/// version; one with edits is offered to reapply them on it.
#[test]
fn other_peoples_saves_show_up_and_edits_are_reapplied_on_them() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    open_process(&mut h, "biblioteca");
    someone_else_saves(&root, |p| p.frequency = Some("Semanal (Beatriz)".into()));
    h.tick();
    assert_eq!(detail_value(&h, "frequencia"), "Semanal (Beatriz)");
    assert!(!h.text_screen().contains("● não salvo"));

    replace_text(&mut h, "unidade", "Biblioteca Central");
    someone_else_saves(&root, |p| {
        p.description = Some("Descrição da Beatriz".into())
    });
    h.tick();
    let screen = h.text_screen();
    assert!(
        screen.contains("Outra pessoa salvou este processo"),
        "{screen}"
    );
    h.key(KeyCode::Char('r'));
    assert_eq!(detail_value(&h, "descricao"), "Descrição da Beatriz");
    assert_eq!(detail_value(&h, "unidade"), "Biblioteca Central");
    save_and_confirm(&mut h);
    let saved: inventario::model::Process =
        inventario::ron_text::parse(&std::fs::read(root.join("processos/biblioteca.ron")).unwrap())
            .unwrap();
    assert_eq!(saved.unit.as_deref(), Some("Biblioteca Central"));
    assert_eq!(saved.description.as_deref(), Some("Descrição da Beatriz"));
    assert_eq!(saved.frequency.as_deref(), Some("Semanal (Beatriz)"));
}

/// Issue: a process whose file is malformed disappeared from the list. It is
/// listed, marked, and opening it shows the error with its position.
#[test]
fn a_malformed_process_file_is_listed_and_explained() {
    let (_temp, root) = repo();
    std::fs::write(
        root.join("processos/quebrado.ron"),
        "(versao_formato: 1,\n  id: ",
    )
    .unwrap();
    let mut h = Harness::new(&root, true);
    for _ in 0..3 {
        h.key(KeyCode::PageDown);
    }
    let screen = h.text_screen();
    assert!(screen.contains("+ 1 ilegível"), "{screen}");
    let line = cursor_line(&screen).unwrap_or_default();
    assert!(
        line.contains("quebrado") && line.contains("ILEGÍVEL"),
        "{screen}"
    );
    h.key(KeyCode::Enter);
    let screen = h.text_screen();
    assert!(screen.contains("processos/quebrado.ron:2:"), "{screen}");
    assert!(screen.contains("não altera este arquivo"), "{screen}");
    assert_eq!(
        std::fs::read_to_string(root.join("processos/quebrado.ron")).unwrap(),
        "(versao_formato: 1,\n  id: "
    );
}

/// Issue: internal identifiers (`NaoSeAplica`, `NaoPreenchido`, `Lista`,
/// `Publico`, `Anos(5)`) appeared on screen. Every section of every sample process
/// at 80x24 shows Portuguese labels only.
#[test]
fn no_on_disk_identifier_reaches_the_screen() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, false);
    let ids: Vec<String> = h
        .app
        .data
        .processes
        .iter()
        .map(|p| p.id.to_string())
        .collect();
    let leaks = [
        "NaoSeAplica",
        "NaoPreenchido",
        "Lista",
        "Publico",
        "Privado",
        "Anos(",
        "Evento(",
    ];
    for id in ids {
        open_process(&mut h, &id);
        for _ in 0..12 {
            let screen = h.text_screen();
            for leak in leaks {
                assert!(!screen.contains(leak), "{id}: {leak}\n{screen}");
            }
            h.key(KeyCode::Right);
        }
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('/'));
        h.key(KeyCode::Esc);
    }
}

/// Issue: the multi-line editor did not scroll to the cursor (text typed after
/// about 90 words was invisible).
#[test]
fn the_multi_line_editor_follows_the_cursor() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    open_process(&mut h, "biblioteca");
    select_row(&mut h, "descrição");
    h.key(KeyCode::Enter);
    h.ctrl('u');
    for i in 0..150 {
        h.text(&format!("palavra{i} "));
    }
    h.text("FIM");
    let screen = h.text_screen();
    assert!(screen.contains("FIM▏"), "{screen}");
    assert!(
        !screen.contains("Enter edita"),
        "the footer shows the editor's keys"
    );
    assert!(screen.contains("Ctrl-D conclui"), "{screen}");
}

/// Issue: the history diff cut long values and showed 11 of 30 lines with no way
/// to scroll. Values wrap; j/PgDn/End scroll to the end.
#[test]
fn a_long_history_diff_wraps_and_scrolls() {
    let (_temp, root) = repo();
    someone_else_saves(&root, |p| {
        p.description =
            Some("Pagar a remuneração e os proventos do pessoal, ".repeat(8) + "FIM-DA-DESCRIÇÃO");
        for (i, f) in p.fields.iter_mut().enumerate() {
            f.description = Some(format!("Descrição nova do campo número {i}"));
        }
    });
    let mut h = Harness::new(&root, true);
    open_process(&mut h, "biblioteca");
    h.key(KeyCode::Char('h'));
    h.key(KeyCode::Enter);
    let screen = h.text_screen();
    assert!(screen.contains("… mais"), "{screen}");
    assert!(
        screen.contains("Pagar a remuneração e os proventos do pessoal, Pagar"),
        "{screen}"
    );
    h.key(KeyCode::End);
    let screen = h.text_screen();
    assert!(!screen.contains("… mais"), "{screen}");
    h.key(KeyCode::Home);
    let top = h.text_screen();
    assert!(top != screen);
    h.key(KeyCode::PageDown);
    assert!(h.text_screen() != top);
    h.key(KeyCode::Home);
    let mut seen_end = false;
    for _ in 0..20 {
        h.key(KeyCode::Char('j'));
        seen_end |= h.text_screen().contains("FIM-DA-DESCRIÇÃO");
    }
    assert!(seen_end, "the whole long value is readable");
}

/// Issue: after renaming an item from inside it, its breadcrumb and marks kept
/// the old id; the screen behind a popup kept showing its cursor.
#[test]
fn renaming_an_item_from_inside_updates_its_breadcrumb() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    open_process(&mut h, "biblioteca");
    for _ in 0..4 {
        h.key(KeyCode::Right);
    }
    select_row(&mut h, "campos");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(
        h.text_screen().contains("› campo nome "),
        "{}",
        h.text_screen()
    );
    h.key(KeyCode::Enter); // the id row
    let with_popup = h.text_screen();
    assert!(
        cursor_line(&with_popup).is_none(),
        "no cursor behind the popup: {with_popup}"
    );
    h.ctrl('u');
    h.text("nome-do-usuario");
    h.key(KeyCode::Enter);
    let screen = h.text_screen();
    assert!(screen.contains("› campo nome-do-usuario"), "{screen}");
}

/// Issue: `/cpf` put cftv (no CPF field) first, by a fuzzy match on its title.
/// Whole-word matches in the fields' catalog ids and names come first.
#[test]
fn filtering_by_cpf_lists_the_processes_with_a_cpf_field_first() {
    let (_temp, root) = repo();
    let h = Harness::new(&root, true);
    let data = &h.app.data;
    let with_cpf: Vec<usize> = (0..data.processes.len())
        .filter(|&i| {
            data.processes[i]
                .fields
                .iter()
                .any(|f| f.kind.as_str() == "cpf")
        })
        .collect();
    assert!(!with_cpf.is_empty());
    let ranked = inventario::tui::screens::list::filter_indices(&data.search, "cpf");
    let mut first: Vec<usize> = ranked[..with_cpf.len()].to_vec();
    first.sort_unstable();
    assert_eq!(first, with_cpf, "the processes with a CPF field come first");
    let cftv = data
        .processes
        .iter()
        .position(|p| p.id.as_str() == "cftv")
        .unwrap();
    if let Some(at) = ranked.iter().position(|&i| i == cftv) {
        assert!(at >= with_cpf.len());
    }
}

/// Replies go to the screen that asked: a save answered after another process
/// was opened on top must not mark that other process saved (nor drop its draft).
#[test]
fn a_late_save_reply_reaches_the_screen_that_saved() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    open_process(&mut h, "biblioteca");
    replace_text(&mut h, "unidade", "Unidade salva");
    h.key(KeyCode::Char('s'));
    // Enter: the save goes to the worker, and its reply is held back.
    let held = h
        .app
        .update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let held: Vec<Cmd> = held
        .into_iter()
        .filter(|c| matches!(c, Cmd::Save { .. }))
        .collect();
    assert_eq!(held.len(), 1);
    // Meanwhile the user opens cftv from the palette and edits it.
    h.ctrl('p');
    h.text("cftv");
    h.key(KeyCode::Enter);
    replace_text(&mut h, "unidade", "Unidade do cftv, não salva");
    assert!(
        h.text_screen().contains("Videomonitoramento"),
        "{}",
        h.text_screen()
    );
    h.run(held);
    let screen = h.text_screen();
    assert!(
        screen.contains("● não salvo"),
        "cftv is still unsaved: {screen}"
    );
    assert!(root.join(".rascunhos/tester/cftv.ron").is_file());
    let saved: inventario::model::Process =
        inventario::ron_text::parse(&std::fs::read(root.join("processos/biblioteca.ron")).unwrap())
            .unwrap();
    assert_eq!(saved.unit.as_deref(), Some("Unidade salva"));
}

/// Issue: keys typed in the save dialog went into the message invisibly, and a
/// long list of changes could not be scrolled.
#[test]
fn the_save_dialog_shows_the_whole_message_and_scrolls_its_changes() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    open_process(&mut h, "biblioteca");
    for (label, text) in [
        (
            "nome",
            "Nome novo e bem mais longo do que cabe numa linha só da tela",
        ),
        ("unidade", "Unidade nova"),
        ("data de criação", "2024-04-02"),
    ] {
        replace_text(&mut h, label, text);
    }
    select_row(&mut h, "descrição");
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.text(&"Descrição nova, longa, para ocupar várias linhas do diálogo de salvar. ".repeat(6));
    h.ctrl('d');
    h.key(KeyCode::Char('s'));
    h.text(" ?");
    let screen = h.text_screen();
    h.assert_nothing_cut();
    assert!(screen.contains("?▏"), "what is typed shows: {screen}");
    assert!(screen.contains("… mais"), "{screen}");
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    let scrolled = h.text_screen();
    assert!(scrolled.contains("2024-04-02"), "{scrolled}");
    assert!(
        scrolled.contains("Enter registra"),
        "the footer shows the dialog's keys"
    );
}

/// Issue: the three-line findings pane cut the message before the article.
#[test]
fn every_finding_of_a_row_shows_with_its_article() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    // The sample row with the most findings.
    let data = &h.app.data;
    let mut best: Option<(String, String, Vec<String>)> = None;
    for (file, findings) in &data.findings {
        let Some(i) = data.files.iter().position(|f| f.to_string() == *file) else {
            continue;
        };
        let id = data.processes[i].id.to_string();
        let mut by_field: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for f in findings {
            if let Some(field) = &f.location.field
                && !field.contains('[')
                && !field.contains('.')
            {
                by_field
                    .entry(field.clone())
                    .or_default()
                    .push(f.article.to_string());
            }
        }
        for (field, articles) in by_field {
            if best.as_ref().is_none_or(|b| articles.len() > b.2.len()) {
                best = Some((id.clone(), field, articles));
            }
        }
    }
    let (id, field, articles) = best.expect("the sample has findings");
    let label = inventario::keys::label_at(&[field.as_str()]).to_owned();
    open_process(&mut h, &id);
    let mut found = false;
    for _ in 0..12 {
        if h.text_screen().contains(&label) {
            found = true;
            break;
        }
        h.key(KeyCode::Right);
    }
    assert!(found, "{label}");
    select_row(&mut h, &format!("› {label} "));
    let screen = h.text_screen();
    h.assert_nothing_cut();
    // Each article whole, even a long one (it may wrap over lines).
    let words: String = screen
        .lines()
        .map(|l| l.trim_matches('"').trim())
        .collect::<Vec<_>>()
        .join(" ");
    for article in &articles {
        assert!(words.contains(article.as_str()), "{article}\n{screen}");
    }
}

/// Issue: show the ata in the history list.
#[test]
fn the_history_list_shows_the_ata_of_an_approval() {
    let (_temp, root) = repo();
    History::open(&root)
        .unwrap()
        .approve("Ata 12/2026", &[], today(), &author())
        .unwrap();
    let mut h = Harness::new(&root, true);
    open_process(&mut h, "biblioteca");
    h.key(KeyCode::Char('h'));
    let screen = h.text_screen();
    assert!(screen.contains("Ata 12/2026"), "{screen}");
}

/// Issue: the application dropped the file names it loaded. A process read from
/// `processos/biblioteca-copia.ron` whose id is `biblioteca` showed neither the
/// file-name finding nor the repeated id, and saving it wrote over
/// `processos/biblioteca.ron`. Now it shows both and saves to the file it came from.
#[test]
fn a_copy_under_another_file_name_shows_its_findings_and_saves_to_its_own_file() {
    let (_temp, root) = repo();
    let original = root.join("processos/biblioteca.ron");
    let copy = root.join("processos/biblioteca-copia.ron");
    std::fs::copy(&original, &copy).unwrap();
    crate::util::git(&root, &["add", "processos/biblioteca-copia.ron"]);
    crate::util::git(
        &root,
        &[
            "-c",
            "user.name=Ana",
            "-c",
            "user.email=ana@x",
            "commit",
            "-qm",
            "cópia",
        ],
    );
    let before = std::fs::read(&original).unwrap();
    let mut h = Harness::new(&root, true);
    assert_eq!(
        h.app
            .data
            .files
            .iter()
            .filter(|f| f.to_string().contains("biblioteca"))
            .count(),
        2,
        "both files are listed"
    );
    // The list orders by id, then file: the original comes first, and the copy's
    // row names its file.
    let open_nth = |h: &mut Harness, n: usize| -> String {
        h.key(KeyCode::Char('/'));
        h.ctrl('u');
        h.text("biblioteca");
        h.key(KeyCode::Enter);
        for _ in 0..n {
            h.key(KeyCode::Down);
        }
        h.key(KeyCode::Enter);
        select_row(h, "› id ");
        match h.app.screens.last() {
            Some(Screen::Detail(d)) => d.file.to_string(),
            _ => panic!("a process is open"),
        }
    };
    assert_eq!(open_nth(&mut h, 0), "processos/biblioteca.ron");
    let screen = h.text_screen();
    assert!(
        screen.contains("já é usado por") && screen.contains("processos/biblioteca-copia.ron;"),
        "the repeated id shows beside the id: {screen}"
    );
    h.key(KeyCode::Esc);
    assert!(h.text_screen().contains("biblioteca-copia.ron"));
    assert_eq!(open_nth(&mut h, 1), "processos/biblioteca-copia.ron");
    let screen = h.text_screen();
    assert!(
        screen.contains("biblioteca-copia.ron mas o id"),
        "the file-name finding shows beside the id: {screen}"
    );
    replace_text(&mut h, "unidade", "Texto da cópia");
    save_and_confirm(&mut h);
    assert_eq!(
        std::fs::read(&original).unwrap(),
        before,
        "the original is untouched"
    );
    let saved = std::fs::read_to_string(&copy).unwrap();
    assert!(saved.contains("Texto da cópia"), "{saved}");
    let touched = crate::util::git(&root, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(touched.trim(), "processos/biblioteca-copia.ron");
}

/// Issue: six institution keys showed raw (`revisao_processo_meses`…) and the
/// access levels were edited through an empty closed list. Every policy key shows
/// its label, and the levels are a list of texts.
#[test]
fn the_institution_policy_shows_labels_and_edits_the_access_levels_as_texts() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('i'));
    for _ in 0..3 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter);
    snap(&h, "instituicao_politica");
    let screen = h.text_screen();
    for raw in [
        "revisao_processo_meses",
        "revisao_ripd_meses",
        "gatilhos_ripd",
        "limiar_larga_escala",
        "niveis_acesso",
    ] {
        assert!(!screen.contains(raw), "{raw} shows raw: {screen}");
    }
    assert!(screen.contains("níveis de acesso"), "{screen}");
    replace_text(&mut h, "níveis de acesso", "OSTENSIVO, RESTRITO");
    assert!(
        h.text_screen().contains("OSTENSIVO, RESTRITO"),
        "{}",
        h.text_screen()
    );
    save_and_confirm(&mut h);
    assert!(h.text_screen().contains("Salvo:"), "{}", h.text_screen());
    let saved: inventario::model::Institution =
        inventario::ron_text::parse(&std::fs::read(root.join("inventario.ron")).unwrap()).unwrap();
    assert_eq!(saved.policy.access_levels, vec!["OSTENSIVO", "RESTRITO"]);
    let message = crate::util::git(&root, &["log", "-1", "--format=%B"]);
    assert!(message.contains("níveis de acesso"), "{message}");
}

/// Issue 12: a process that needs a RIPD starts one from the list (r), prefilled
/// from the inventory with the suggested risks; saving creates ripd/<id>.ron in
/// one commit, and r then opens it.
#[test]
fn r_starts_a_prefilled_ripd_and_then_opens_it() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('/'));
    h.text("admissao-cotas");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('r'));
    let screen = h.text_screen();
    assert!(screen.contains("· RIPD Admiss"), "{screen}");
    assert!(
        screen.contains("1 risco(s) sugerido(s); s salva"),
        "{screen}"
    );
    for _ in 0..4 {
        h.key(KeyCode::Right);
    }
    let screen = h.text_screen();
    assert!(screen.contains("6–7. Riscos e medidas"), "{screen}");
    // The 3×3 matrix, inherent/residual counts per cell with the band's letter;
    // R01 has no P yet, so every cell is 0.
    assert!(screen.contains("Matriz de risco"), "{screen}");
    assert!(screen.contains("P moderado  0/0 B"), "{screen}");
    snap(&h, "ripd_matriz");
    h.key(KeyCode::Enter);
    snap(&h, "ripd_riscos");
    let screen = h.text_screen();
    assert!(
        cursor_line(&screen).is_some_and(|l| l.contains("risco R01")),
        "{screen}"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('s'));
    let dialog = h.text_screen();
    assert!(dialog.contains("RIPD novo: todos os campos"), "{dialog}");
    h.key(KeyCode::Esc);
    save_and_confirm(&mut h);
    assert!(h.text_screen().contains("Salvo:"), "{}", h.text_screen());
    let saved = std::fs::read_to_string(root.join("ripd/admissao-cotas.ron")).unwrap();
    assert!(saved.contains("gatilho: \"art39-iii\""), "{saved}");
    let subject = crate::util::git(&root, &["log", "-1", "--format=%s"]);
    assert!(subject.contains("cria o RIPD"), "{subject}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('r'));
    match h.app.screens.last() {
        Some(Screen::Detail(d)) => {
            assert_eq!(d.file.to_string(), "ripd/admissao-cotas.ron")
        }
        _ => panic!("the RIPD opens"),
    }
}

/// Issue 12: a suggested risk the owner rejects is kept with the fact behind it
/// and the reason, so a reviewer sees it.
#[test]
fn rejecting_a_suggested_risk_keeps_it_with_the_reason() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('/'));
    h.text("admissao-cotas");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('r'));
    for _ in 0..4 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter);
    select_row(&mut h, "risco R01");
    h.key(KeyCode::Char('R'));
    let screen = h.text_screen();
    assert!(screen.contains("motivo da rejeição de R01"), "{screen}");
    h.text("Os laudos ficam só no SEI, com acesso restrito");
    h.ctrl('d');
    let tree = match h.app.screens.last() {
        Some(Screen::Detail(d)) => d.tree.clone(),
        _ => panic!("the RIPD is open"),
    };
    assert_eq!(tree["riscos"], serde_json::json!([]), "{tree:#}");
    let rejected = &tree["sugestoes_rejeitadas"][0];
    assert_eq!(rejected["id"], "R01");
    assert!(
        rejected["sugerido_por"]
            .as_str()
            .unwrap()
            .contains("laudo-deficiencia")
    );
    assert_eq!(
        rejected["motivo"],
        "Os laudos ficam só no SEI, com acesso restrito"
    );
    h.assert_nothing_cut();
}

/// Every screen's help shows all its keys at 80x24 (the detail has the most).
#[test]
fn the_detail_help_fits_at_80x24() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('?'));
    let screen = h.text_screen();
    for key in [
        "Esc",
        "rejeita o risco sugerido",
        "histórico do processo",
        "sai (pergunta",
    ] {
        assert!(screen.contains(key), "{key} is cut from the help: {screen}");
    }
}

/// The list's help is longer than 24 lines: it says so and scrolls to its end.
#[test]
fn the_list_help_scrolls_to_its_end_at_80x24() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, false);
    h.key(KeyCode::Char('?'));
    let screen = h.text_screen();
    assert!(screen.contains("… mais"), "{screen}");
    h.key(KeyCode::PageDown);
    let screen = h.text_screen();
    for key in ["Marcas:", "q       sai", "e       exporta"] {
        assert!(screen.contains(key), "{key} not reachable: {screen}");
    }
    h.assert_nothing_cut();
    h.key(KeyCode::Char('x'));
    assert!(h.app.overlay.is_none(), "any other key closes the help");
}

/// Issue 12: a RIPD not yet approved follows the inventory; opening it after its
/// process changed brings sections 1-3 and 5 up to date, as an edit to save.
#[test]
fn an_unapproved_ripd_opens_in_step_with_its_process() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('/'));
    h.text("admissao-cotas");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('r'));
    save_and_confirm(&mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('r'));
    assert!(
        !h.text_screen().contains("atualizadas com o inventário"),
        "nothing changed: {}",
        h.text_screen()
    );
    h.key(KeyCode::Esc);
    crate::util::edit_by_hand(&root, "admissao-cotas", |p| {
        p.data_flow = Some("Fluxo novo, descrito depois do RIPD.".into());
    });
    History::open(&root)
        .unwrap()
        .register(None, &author())
        .unwrap();
    h.tick();
    h.key(KeyCode::Char('r'));
    let screen = h.text_screen();
    assert!(screen.contains("atualizadas com o inventário"), "{screen}");
    assert!(screen.contains("● não salvo"), "{screen}");
    let tree = match h.app.screens.last() {
        Some(Screen::Detail(d)) => d.tree.clone(),
        _ => panic!("the RIPD is open"),
    };
    let nature = tree["descricao_tratamento"]["natureza"]["do_inventario"]
        .as_str()
        .unwrap();
    assert!(nature.contains("Fluxo novo"), "{nature}");
}

/// Issue 12: the committee approves a RIPD from its screen like a process: the
/// ata, then the controller's authority who signs it; one commit and a tag.
#[test]
fn the_committee_approves_a_ripd_from_its_screen() {
    let (_temp, root) = repo();
    let mut h = Harness::new(&root, true);
    h.key(KeyCode::Char('c'));
    // The sample's research RIPD was never approved (and has a high residual
    // risk, so it is listed with the errors, unmarked); the video one is
    // approved and current, so it does not wait.
    for _ in 0..20 {
        if h.text_screen().contains("RIPD nunca aprovado pelo comitê") {
            break;
        }
        h.key(KeyCode::Down);
    }
    let screen = h.text_screen();
    assert!(
        screen.contains("RIPD nunca aprovado pelo comitê"),
        "{screen}"
    );
    let listed: Vec<String> = match h.app.screens.last() {
        Some(Screen::Review(r)) => r.pending_keys(),
        _ => panic!("the committee screen is open"),
    };
    assert!(!listed.iter().any(|k| k == "ripd/cftv"), "{listed:?}");
    // Unmark everything, then mark the RIPD alone.
    let keys: Vec<String> = match h.app.screens.last() {
        Some(Screen::Review(r)) => r.chosen.iter().cloned().collect(),
        _ => panic!("the committee screen is open"),
    };
    // The research RIPD has errors: listed apart, not marked by default.
    assert!(
        !keys.iter().any(|k| k == "ripd/pesquisa-seres-humanos"),
        "{keys:?}"
    );
    if let Some(Screen::Review(r)) = h.app.screens.last_mut() {
        r.chosen.clear();
    }
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Char('a'));
    h.text("Ata 14/2026");
    h.key(KeyCode::Enter);
    let screen = h.text_screen();
    assert!(screen.contains("autoridade do controlador"), "{screen}");
    h.assert_nothing_cut();
    h.text("Reitora");
    h.key(KeyCode::Enter);
    assert!(
        h.text_screen()
            .contains("Aprovação registrada: RIPD pesquisa-seres-humanos"),
        "{}",
        h.text_screen()
    );
    let text = std::fs::read_to_string(root.join("ripd/pesquisa-seres-humanos.ron")).unwrap();
    assert!(text.contains("ata: \"Ata 14/2026\""), "{text}");
    assert!(text.contains("nome: \"Reitora\""), "{text}");
    let tags = crate::util::git(&root, &["tag", "--list", "ripd/*"]);
    assert!(tags.contains("ripd/pesquisa-seres-humanos/"), "{tags}");
    assert_eq!(crate::util::git(&root, &["status", "--porcelain"]), "");
}

#[test]
fn export_from_the_list_writes_the_public_json_and_says_where() {
    let (temp, root) = repo();
    let mut h = Harness::new(&root, false);
    h.app.export_base = temp.path().to_path_buf();
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    // Tab edits the destination; Enter ends the edit, Enter again exports.
    h.key(KeyCode::Tab);
    for _ in 0.."inventario-publico.json".len() {
        h.key(KeyCode::Backspace);
    }
    h.text("site/dados.json");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let json = std::fs::read_to_string(temp.path().join("site/dados.json")).unwrap();
    assert!(json.contains("\"versao_esquema\": 1"));
    let screen = h.text_screen();
    assert!(screen.contains("Exportado: 18 processo(s)"), "{screen}");
    assert_eq!(h.app.busy, 0, "progress replies do not count as answers");
    // The SGD spreadsheet, by its default name.
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    let xlsx = temp.path().join("site/inventario-sgd.xlsx");
    assert!(
        std::fs::read(&xlsx).unwrap().starts_with(b"PK"),
        "an xlsx (zip) file"
    );
}

/// The list builds only the rows on screen; scrolling shows the same window a
/// full table would: the selection on the last line going down, the rows above
/// it gone, and back at the top going up.
#[test]
fn a_long_list_scrolls_with_only_the_visible_rows_drawn() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("inv");
    inventario::store::init(&root, "Instituição sintética").unwrap();
    for process in &inventario::synthetic::inventory(5, 60).processes {
        inventario::store::save_process(&root, process).unwrap();
    }
    History::start(&root, &author(), "Carga").unwrap();
    let mut h = Harness::new(&root, false);
    let selected_line = |h: &Harness| {
        h.text_screen()
            .lines()
            .find(|l| l.contains("› "))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(selected_line(&h).contains("processo-00000"));
    for _ in 0..45 {
        h.key(KeyCode::Down);
    }
    let screen = h.text_screen();
    assert!(selected_line(&h).contains("processo-00045"), "{screen}");
    assert!(!screen.contains("processo-00000"), "{screen}");
    // The selection is the last row of the table, right above the status line.
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("processo-0"))
        .collect();
    assert!(rows.last().unwrap().contains("processo-00045"), "{screen}");
    assert!(rows.len() >= 15, "{screen}");
    for _ in 0..45 {
        h.key(KeyCode::Up);
    }
    assert!(selected_line(&h).contains("processo-00000"));
    h.assert_nothing_cut();
}
