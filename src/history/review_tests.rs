//! Tests of the committee review (`review.rs`).

use super::super::test_support::*;
use super::*;

/// A repository of `n` synthetic processes, all approved, then each changed.
fn approved_then_changed(n: usize) -> (tempfile::TempDir, History) {
    let temp = tempfile::tempdir().expect("temporary directory");
    let root = temp.path().join("inv");
    store::init(&root, "Instituição sintética").expect("init");
    let mut processes = crate::synthetic::inventory(3, n).processes;
    for p in &processes {
        store::save_process(&root, p).expect("save process");
    }
    let history = History::start(&root, &author(), "Carga").expect("start history");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    history
        .approve("Ata 1/2026", &[], today, &author())
        .expect("approve");
    for p in &mut processes {
        let (_, Some(approved)) = history
            .process_at_head(p.id.as_str())
            .expect("process at head")
        else {
            panic!("{} missing", p.id);
        };
        *p = approved;
        p.frequency = Some("Diária".into());
        history
            .save_process(p, None, None, &author())
            .expect("save process");
    }
    (temp, history)
}

/// The work of a review grows with the number of processes, not with its
/// square: each commit's `processos/` tree is read once, not once per process.
/// Counted in tree entries read, so the test cannot depend on the machine.
#[test]
fn pending_and_approval_read_each_tree_once() {
    let work = |n: usize| {
        let (_temp, history) = approved_then_changed(n);
        let before = history.tree_entries_read();
        let pending = history.pending().expect("pending review");
        assert_eq!(pending.len(), n);
        assert!(pending.iter().all(|p| p.changes.len() == 1));
        let review = history.tree_entries_read() - before;
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let before = history.tree_entries_read();
        let approval = history
            .approve("Ata 2/2026", &[], today, &author())
            .expect("approve");
        assert_eq!(approval.processes.len(), n);
        (review, history.tree_entries_read() - before)
    };
    let (small_review, small_approval) = work(10);
    let (large_review, large_approval) = work(40);
    // Four times the processes: at most about four times the work (the
    // quadratic version read sixteen times as much).
    assert!(
        large_review <= 5 * small_review,
        "revisão: {small_review} -> {large_review}"
    );
    assert!(
        large_approval <= 5 * small_approval,
        "aprovação: {small_approval} -> {large_approval}"
    );
}

/// With nothing approved, the commits and the names are read on every
/// core (`History::read_each`): each process keeps its own, in order.
#[test]
fn a_large_never_approved_inventory_lists_each_process_with_its_name() {
    let temp = tempfile::tempdir().expect("temporary directory");
    let root = temp.path().join("inv");
    store::init(&root, "Instituição sintética").expect("init");
    let processes = crate::synthetic::inventory(7, 450).processes;
    for p in &processes {
        store::save_process(&root, p).expect("save process");
    }
    let history = History::start(&root, &author(), "Carga").expect("start history");
    change_frequency(&history, processes[3].id.as_str(), "Diária");
    let pending = history.pending().expect("pending review");
    assert_eq!(pending.len(), processes.len());
    let mut expected: Vec<(&str, &str)> = processes
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    expected.sort();
    let listed: Vec<(&str, &str)> = pending
        .iter()
        .map(|p| (p.process.as_str(), p.title.as_str()))
        .collect();
    assert_eq!(listed, expected);
    for p in &pending {
        let changed = p.process == processes[3].id.as_str();
        assert_eq!(
            p.commits.len(),
            if changed { 2 } else { 1 },
            "{}",
            p.process
        );
        assert_eq!(p.commits.last().expect("a commit").subject, "Carga");
    }
}

#[test]
fn a_process_name_is_read_alone() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-inventory/processos/cftv.ron"),
    )
    .expect("read file");
    let whole: Process = crate::ron_text::parse(&bytes).expect("parse");
    assert_eq!(name_of(&bytes), whole.name);
    assert_eq!(name_of(b"(nome: "), "");
}

#[test]
fn approval_clears_pending_changes_and_is_listed() {
    let (_temp, history) = sample_repo();
    let pending = history.pending().expect("pending review");
    assert_eq!(pending.len(), 18, "nothing approved yet");
    assert!(pending.iter().all(|p| p.approved_at.is_none()));

    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let approval = history
        .approve("Ata 12/2026", &[], today, &author())
        .expect("approve");
    assert_eq!(approval.tag.as_deref(), Some("aprovacao/2026-11-23"));
    assert_eq!(approval.processes.len(), 18);
    assert!(history.pending().expect("pending review").is_empty());
    assert_eq!(history.repo().statuses(None).expect("status").len(), 0);

    // The approval is recorded in the files themselves.
    let cftv: Process = crate::ron_text::parse(
        &std::fs::read(history.root().join("processos/cftv.ron")).expect("read file"),
    )
    .expect("parse");
    let review = cftv.last_review.clone().expect("a review");
    assert_eq!(
        (review.date, review.minutes.as_str()),
        (today, "Ata 12/2026")
    );

    // A later change shows as pending, with its field diff.
    let mut changed = cftv.clone();
    changed.frequency = Some("Diária".into());
    history
        .save_process(&changed, None, None, &author())
        .expect("save process");
    let pending = history.pending().expect("pending review");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].process, "cftv");
    assert_eq!(pending[0].changes[0].path, "frequencia");
    assert_eq!(pending[0].commits.len(), 1);

    let second = history
        .approve("Ata 13/2026", &["cftv".to_owned()], today, &author())
        .expect("approve");
    assert_eq!(second.tag.as_deref(), Some("aprovacao/2026-11-23-2"));
    let all = history.approvals().expect("approvals");
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].minutes, "Ata 13/2026");
    assert_eq!(all[1].processes, vec!["cftv"]);
    assert_eq!(all[0].approver, "Ana Teste <ana@exemplo.edu.br>");
}

#[test]
fn material_changes_since_the_last_approval_are_found_without_reading_the_rest() {
    let (_temp, history) = sample_repo();
    // Never approved: nothing to compare with.
    assert!(
        history
            .changed_since_approval()
            .expect("changes since approval")
            .is_empty()
    );
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    history
        .approve("Ata 12/2026", &[], today, &author())
        .expect("approve");
    assert!(
        history
            .changed_since_approval()
            .expect("changes since approval")
            .is_empty()
    );
    // A frequency is not material; a new field is.
    change_frequency(&history, "biblioteca", "Diária");
    assert!(
        history
            .changed_since_approval()
            .expect("changes since approval")
            .is_empty()
    );
    let (head, Some(mut p)) = history
        .process_at_head("biblioteca")
        .expect("process at head")
    else {
        panic!("biblioteca is at HEAD");
    };
    let mut field = p.fields[0].clone();
    field.id = crate::model::ItemId::parse("telefone").expect("parse");
    field.kind = crate::model::FieldKindId::from("telefone");
    p.fields.push(field);
    history
        .save_process(&p, Some(head), None, &author())
        .expect("save process");
    let found = history
        .changed_since_approval()
        .expect("changes since approval");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].process, "biblioteca");
    assert_eq!(found[0].paths, vec!["campos[telefone]".to_owned()]);
    assert!(
        found[0].commit.subject.contains("acervo"),
        "{}",
        found[0].commit.subject
    );
}
