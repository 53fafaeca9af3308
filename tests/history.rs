//! The history commands as a user runs them: `exemplo` starts a repository,
//! hand edits are registered, `log`, `diff` (also through plain `git diff`),
//! committee review, the calendar, and the refusal to write into the source tree.

use crate::util::*;

fn edit(dir: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn exemplo_starts_a_clean_repository_with_the_sample_history() {
    let (_temp, dir) = exemplo();
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");
    assert_eq!(
        git(&dir, &["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
        "main"
    );
    // The sample, then the change that makes its biometric RIPD outdated.
    let log = git(&dir, &["log", "--format=%an|%s"]);
    assert_eq!(
        log.trim(),
        "Nutricionista responsável pelo Restaurante Universitário|Conferência visual na catraca, pedida pela PRAE\nTester|Inventário de exemplo (UFDPar)"
    );
}

#[test]
fn hand_edits_are_registered_and_shown_by_log_and_diff() {
    let (_temp, dir) = exemplo();
    edit(
        &dir,
        "processos/biblioteca.ron",
        "quantidade_titulares: 9000",
        "quantidade_titulares: 9800",
    );
    edit(
        &dir,
        "processos/biblioteca.ron",
        "outros_vulneraveis: Nao",
        "outros_vulneraveis: Sim",
    );

    // Uncommitted: `diff` without versions compares the files with HEAD.
    let pending = run(&["diff", "-C", dir.to_str().unwrap()]);
    let text = stdout(&pending);
    assert!(
        text.contains("processos/biblioteca.ron — Empréstimo do acervo das bibliotecas (alterado)"),
        "{text}"
    );
    assert!(
        text.contains("~ quantidade_titulares: 9000 → 9800"),
        "{text}"
    );

    let registered = run(&[
        "registrar",
        "-C",
        dir.to_str().unwrap(),
        "-m",
        "Atualização do censo",
    ]);
    assert_eq!(registered.status.code(), Some(0), "{}", stderr(&registered));
    assert!(
        stdout(&registered).contains("registrado processos/biblioteca.ron: Atualização do censo")
    );
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");

    let message = git(&dir, &["log", "-1", "--format=%B"]);
    assert!(message.starts_with("Atualização do censo\n\nEmpréstimo do acervo das bibliotecas: altera quantidade de titulares; altera outros grupos vulneráveis\n"), "{message}");
    assert!(message.contains("Operacao: alteracao"));
    assert!(message.contains("Dados: quantidade_titulares, outros_vulneraveis"));

    let log = stdout(&run(&[
        "log",
        "-C",
        dir.to_str().unwrap(),
        "--processo",
        "biblioteca",
    ]));
    assert_eq!(
        log.matches("Tester <tester@exemplo.edu.br>").count(),
        2,
        "{log}"
    );
    let log = stdout(&run(&[
        "log",
        "-C",
        dir.to_str().unwrap(),
        "--processo",
        "cftv",
    ]));
    assert_eq!(log.matches("Tester").count(), 1, "{log}");
    let log = stdout(&run(&[
        "log",
        "-C",
        dir.to_str().unwrap(),
        "--autor",
        "ninguém",
    ]));
    assert!(log.contains("Nenhuma alteração encontrada"));

    let md = stdout(&run(&[
        "diff",
        "HEAD~1",
        "HEAD",
        "-C",
        dir.to_str().unwrap(),
        "--formato",
        "markdown",
    ]));
    assert!(
        md.contains("| altera quantidade de titulares | `quantidade_titulares` | 9000 | 9800 |"),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "diff",
        "HEAD~1",
        "HEAD",
        "-C",
        dir.to_str().unwrap(),
        "--formato",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        json["arquivos"][0]["alteracoes"][1]["caminho"],
        "outros_vulneraveis"
    );

    // Plain git goes through the textconv driver `exemplo` configured.
    let raw = git(&dir, &["diff", "HEAD~1", "HEAD"]);
    assert!(raw.contains("+quantidade_titulares: 9800"), "{raw}");
}

#[test]
fn a_broken_hand_edit_is_never_committed() {
    let (_temp, dir) = exemplo();
    edit(
        &dir,
        "processos/cftv.ron",
        "frequencia: \"Contínua\",",
        "frequencia: Contínua,",
    );
    let output = run(&["registrar", "-C", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("NÃO registrado processos/cftv.ron"),
        "{}",
        stdout(&output)
    );
    // The sample's own two commits, nothing more.
    assert_eq!(git(&dir, &["log", "--oneline"]).lines().count(), 2);
}

#[test]
fn committee_review_approval_and_calendar() {
    let (_temp, dir) = exemplo();
    let d = dir.to_str().unwrap();
    let calendar = run(&["pendencias", "-C", d]);
    assert_eq!(
        calendar.status.code(),
        Some(1),
        "overdue and never-reviewed processes"
    );
    let text = stdout(&calendar);
    assert!(text.contains("processo-disciplinar"), "{text}");
    assert!(text.contains("NUNCA REVISADO"));
    assert!(text.contains("VENCIDA desde 10/08/2024"));

    let pending = stdout(&run(&["revisao", "pendente", "-C", d]));
    assert!(
        pending.contains("cftv — Videomonitoramento dos campi (CFTV) (nunca aprovado pelo comitê)"),
        "{pending}"
    );

    let approved = run(&["revisao", "aprovar", "--ata", "Ata 12/2026", "-C", d]);
    assert_eq!(approved.status.code(), Some(0), "{}", stderr(&approved));
    assert!(stdout(&approved).contains("Etiqueta: aprovacao/2026-11-23"));
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");
    let tag = git(&dir, &["tag", "-n9", "aprovacao/2026-11-23"]);
    assert!(tag.contains("Ata: Ata 12/2026"), "{tag}");
    assert!(tag.contains("Aprovado por: Tester <tester@exemplo.edu.br>"));

    assert!(stdout(&run(&["revisao", "pendente", "-C", d])).contains("Nenhuma alteração pendente"));
    let history = stdout(&run(&["revisao", "historico", "-C", d]));
    assert!(
        history.contains("23/11/2026  Ata 12/2026  Tester"),
        "{history}"
    );
    let calendar = run(&["pendencias", "-C", d]);
    assert_eq!(calendar.status.code(), Some(0), "{}", stdout(&calendar));

    // `check` reads the review from the files alone.
    let check = stdout(&run(&["check", d]));
    assert!(
        !check.contains("revisao-vencida") && !check.contains("nunca-revisado"),
        "{check}"
    );

    edit(
        &dir,
        "processos/cftv.ron",
        "frequencia: \"Contínua\",",
        "frequencia: \"Diária\",",
    );
    run(&["registrar", "-C", d]);
    let pending = stdout(&run(&[
        "revisao",
        "pendente",
        "-C",
        d,
        "--formato",
        "markdown",
    ]));
    assert!(pending.contains("### Videomonitoramento dos campi (CFTV) (`cftv`) — 1 alteração(ões) desde a última aprovação"), "{pending}");
    assert!(
        pending.contains("| altera frequência | Contínua | Diária |"),
        "{pending}"
    );
}

#[test]
fn writing_into_the_source_tree_sample_is_refused() {
    let output = run(&["registrar", "-C", sample_dir().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("não é a raiz de um repositório próprio"),
        "{err}"
    );
    assert!(err.contains("inventario exemplo DESTINO"), "{err}");
}

#[test]
fn history_commands_on_a_plain_directory_say_what_to_do() {
    let temp = tempfile::tempdir().unwrap();
    let output = run(&["log", "-C", temp.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("inventario init"),
        "{}",
        stderr(&output)
    );
    let output = run(&[
        "diff",
        "nao-existe",
        "-C",
        sample_dir().parent().unwrap().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_committee_records_the_revision_of_the_politica_over_the_whole_inventory() {
    let (_temp, dir) = exemplo();
    let d = dir.to_str().unwrap();
    let calendar = stdout(&run(&["pendencias", "-C", d]));
    assert!(
        calendar.starts_with("Revisão da Política e das instruções normativas pelo comitê (UFDPar art. 7º, III): em dia até 11/03/2027 (última: 11/03/2025, Ata 2/2025)"),
        "{calendar}"
    );
    // Two years and a day later, it is late: `pendencias` and `check` say so.
    let late = command(&dir)
        .args(["pendencias"])
        .env("INVENTARIO_HOJE", "2027-03-12")
        .output()
        .unwrap();
    assert_eq!(late.status.code(), Some(1));
    assert!(
        stdout(&late).contains("VENCIDA desde 11/03/2027"),
        "{}",
        stdout(&late)
    );
    let check = command(&dir)
        .args(["check"])
        .env("INVENTARIO_HOJE", "2027-03-12")
        .output()
        .unwrap();
    assert!(
        stdout(&check).contains("regra revisao-politica-vencida · UFDPar art. 7º, III"),
        "{}",
        stdout(&check)
    );

    // An edit not in the history stops it; registered, the revision goes in.
    edit(
        &dir,
        "processos/cftv.ron",
        "frequencia: \"Contínua\",",
        "frequencia: \"Diária\",",
    );
    let refused = run(&["revisao", "politica", "--ata", "Ata 11/2026", "-C", d]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("processos/cftv.ron"),
        "{}",
        stderr(&refused)
    );
    run(&["registrar", "-C", d]);
    let revised = run(&["revisao", "politica", "--ata", "Ata 11/2026", "-C", d]);
    assert_eq!(revised.status.code(), Some(0), "{}", stderr(&revised));
    assert!(
        stdout(&revised).contains("sobre o inventário inteiro (18 processos; UFDPar art. 7º, III)"),
        "{}",
        stdout(&revised)
    );
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");
    let tag = git(&dir, &["tag", "-n9", "revisao-politica/2026-11-23"]);
    assert!(tag.contains("Ata: Ata 11/2026"), "{tag}");
    assert!(
        git(&dir, &["log", "-1", "--format=%s"])
            .starts_with("Revisão da Política pelo comitê: Ata 11/2026")
    );
    let institution = std::fs::read_to_string(dir.join("inventario.ron")).unwrap();
    assert!(
        institution.contains("ata: \"Ata 11/2026\""),
        "{institution}"
    );
    let calendar = stdout(&run(&["pendencias", "-C", d]));
    assert!(
        calendar.contains("em dia até 23/11/2028 (última: 23/11/2026, Ata 11/2026)"),
        "{calendar}"
    );
    let listed = stdout(&run(&["revisao", "historico", "-C", d]));
    assert!(
        listed.contains("Revisões da Política (UFDPar art. 7º, III):\n23/11/2026  Ata 11/2026  Tester <tester@exemplo.edu.br>"),
        "{listed}"
    );
    // It is not a review of the processes: they are still pending.
    assert!(
        !stdout(&run(&["revisao", "pendente", "-C", d])).contains("Nenhuma alteração pendente")
    );
}

#[test]
fn a_process_without_ripd_changed_since_its_approval_is_flagged_under_art_39_vii() {
    let (_temp, dir) = exemplo();
    let d = dir.to_str().unwrap();
    // Never approved by the committee: no approved version to compare with.
    assert!(!stdout(&run(&["check", d])).contains("mudanca-sem-ripd"));
    let approved = run(&["revisao", "aprovar", "--ata", "Ata 12/2026", "-C", d]);
    assert_eq!(approved.status.code(), Some(0), "{}", stderr(&approved));
    // biblioteca (no RIPD) starts sharing its loans; frequencia changes only
    // its frequency, which is not a purpose, a datum or a flow.
    edit(
        &dir,
        "processos/biblioteca.ron",
        "compartilhamentos: NaoSeAplica,",
        "compartilhamentos: Lista([\n        (\n            id: \"capes\",\n            destinatario: \"CAPES\",\n            natureza: Publico,\n            finalidade: \"Estatística de uso do acervo\",\n            finalidade_processo: \"emprestimo\",\n            instrumento: \"Acordo de cooperação 3/2026\",\n        ),\n    ]),",
    );
    edit(
        &dir,
        "processos/frequencia-servidores.ron",
        "frequencia: \"Diária\",",
        "frequencia: \"Mensal\",",
    );
    let registered = run(&["registrar", "-C", d]);
    assert_eq!(registered.status.code(), Some(0), "{}", stderr(&registered));
    let check = stdout(&run(&["check", d]));
    let flagged: Vec<&str> = check
        .lines()
        .filter(|l| l.contains("regra mudanca-sem-ripd"))
        .collect();
    assert_eq!(flagged.len(), 1, "{check}");
    assert!(
        check.contains("processos/biblioteca.ron\n") && check.contains("(mudou compartilhamentos;"),
        "{check}"
    );
    assert!(
        check.contains("regra mudanca-sem-ripd · UFDPar art. 39, VII"),
        "{check}"
    );
    // Approved again: the committee has weighed it.
    run(&["revisao", "aprovar", "--ata", "Ata 13/2026", "-C", d]);
    assert!(!stdout(&run(&["check", d])).contains("mudanca-sem-ripd"));
}
