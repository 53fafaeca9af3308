//! The command line as a user meets it: Portuguese help and errors, exit codes,
//! `init`, `formatar`, `regras`.

use crate::util::*;

#[test]
fn help_is_in_portuguese() {
    let output = run(&["--ajuda"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for word in [
        "Uso:",
        "Comandos:",
        "Opções:",
        "check",
        "exemplo",
        "formatar",
        "init",
    ] {
        assert!(text.contains(word), "missing {word}: {text}");
    }
    assert!(!text.contains("Usage"), "{text}");
}

#[test]
fn wrong_arguments_get_a_portuguese_error_and_exit_2() {
    let output = run(&["check", "--formato", "xml"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("valor inválido \"xml\""), "{err}");
    assert!(err.contains("texto, json"), "{err}");

    let output = run(&["verificar"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("\"verificar\" não é um comando nem um diretório existente"),
        "{}",
        stderr(&output)
    );

    let output = run(&["check", "--rapido"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("argumento desconhecido: --rapido"));
}

#[test]
fn checking_a_directory_that_is_not_an_inventory_exits_2() {
    let temp = tempfile::tempdir().unwrap();
    let output = run(&["check", temp.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("não é um inventário (falta inventario.ron)"),
        "{err}"
    );
    assert!(err.contains(temp.path().to_str().unwrap()));
}

#[test]
fn bad_reference_date_is_explained() {
    let sample = sample_dir();
    let output = command(&sample)
        .args(["check", "."])
        .env("INVENTARIO_HOJE", "23/11/2026")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("AAAA-MM-DD"));
}

#[test]
fn init_creates_an_inventory_and_refuses_a_non_empty_directory() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("novo");
    let output = run(&[
        "init",
        dir.to_str().unwrap(),
        "--nome",
        "Ministério Público do RS",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for path in ["inventario.ron", "processos", "ripd", "catalogos"] {
        assert!(dir.join(path).exists(), "{path}");
    }
    let text = std::fs::read_to_string(dir.join("inventario.ron")).unwrap();
    assert!(text.contains("Ministério Público do RS"));
    // The template is canonical and checks with only the expected gaps.
    assert_eq!(
        run(&["formatar", dir.to_str().unwrap(), "--verificar"])
            .status
            .code(),
        Some(0)
    );
    let check = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("encarregado-sem-contato"));

    let again = run(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("já existe e não está vazio"));
}

#[test]
fn text_report_groups_by_file_with_rule_and_article() {
    let sample = sample_dir();
    let output = run(&["check", sample.to_str().unwrap()]);
    let text = stdout(&output);
    assert!(text.contains("processos/portal-cookies.ron\n"), "{text}");
    assert!(text.contains("regra transferencia-sem-salvaguarda · LGPD art. 33; UFDPar art. 36"));
    assert!(text.contains("[transferencias_internacionais[estatisticas].salvaguarda]"));
    assert!(text.ends_with("Resumo: 7 erros, 4 avisos.\n"), "{text}");
}

#[test]
fn formatar_rewrites_non_canonical_files_and_verificar_reports_them() {
    let (_temp, dir) = sample_copy();
    let file = dir.join("processos/biblioteca.ron");
    let original = std::fs::read_to_string(&file).unwrap();
    let messy = original.replace("    ", "  ").replace(",\n", ",\n\n");
    std::fs::write(&file, &messy).unwrap();

    let verify = run(&["formatar", dir.to_str().unwrap(), "--verificar"]);
    assert_eq!(verify.status.code(), Some(1));
    assert!(stdout(&verify).contains("processos/biblioteca.ron: fora do formato canônico"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        messy,
        "--verificar changes nothing"
    );

    let rewrite = run(&["formatar", dir.to_str().unwrap()]);
    assert_eq!(rewrite.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
}

#[test]
fn regras_lists_at_least_twenty_rules_with_articles() {
    let output = run(&["regras"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.lines()
            .filter(|l| l.starts_with("erro") || l.starts_with("aviso"))
            .count()
            >= 20
    );
    assert!(text.contains("LGPD art. 11"));
}

#[test]
fn without_a_command_or_inventory_it_says_how_to_start() {
    let temp = tempfile::tempdir().unwrap();
    let output = run_in(temp.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("nenhum inventário aqui"), "{err}");
    assert!(err.contains("inventario exemplo"), "{err}");
    // An inventory, but no terminal (as in a script): explained, not a crash.
    let output = run_in(&sample_dir(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("precisa de um terminal"),
        "{}",
        stderr(&output)
    );
}

/// Scripts and packagers call `--help` and `--version`.
#[test]
fn help_and_version_in_english_are_aliases() {
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("Comandos"), "{}", stdout(&help));
    let sub = run(&["check", "--help"]);
    assert_eq!(sub.status.code(), Some(0));
    let version = run(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout(&version).contains(env!("CARGO_PKG_VERSION")));
}

/// Shell completions and the man page are generated from the command
/// definitions; bash accepts the completion script.
#[test]
fn completions_and_man_page_are_generated() {
    let out = run(&["completar", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = stdout(&out);
    assert!(script.contains("registrar") && script.contains("sincronizar"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inventario.bash");
    std::fs::write(&file, &script).unwrap();
    let bash = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p inventario",
            file.display()
        ))
        .output()
        .unwrap();
    assert!(
        bash.status.success(),
        "{}",
        String::from_utf8_lossy(&bash.stderr)
    );
    let man = run(&["manual"]);
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    assert!(page.contains(".TH inventario 1"), "{page}");
    assert!(page.contains("excluir"), "{page}");
}

/// A process file that does not parse is named on standard error, with its
/// position; `pendencias` still lists every other process.
#[test]
fn pendencias_names_an_unreadable_process_and_lists_the_others() {
    let (_temp, dir) = exemplo();
    std::fs::write(dir.join("processos/quebrado.ron"), "(nome: ").unwrap();
    let output = run_in(&dir, &["pendencias"]);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains("processos/quebrado.ron, linha 1, coluna 7")
            && errors.contains("fora do calendário"),
        "{errors}"
    );
    let text = stdout(&output);
    assert!(
        text.contains("biblioteca") && text.contains("cftv"),
        "{text}"
    );
}

/// `pendencias` lists when an archived process's data must be eliminated, from
/// the day it was archived and its retention (LGPD art. 15–16; UFDPar art. 37).
#[test]
fn pendencias_lists_the_eliminations_of_archived_processes() {
    let (_temp, dir) = exemplo();
    let before = stdout(&run_in(&dir, &["pendencias"]));
    assert!(before.contains("Nenhum processo arquivado."), "{before}");
    edit_by_hand(&dir, "biblioteca", |p| {
        p.archived = Some(chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap());
        p.retention = Some(inventario::model::Retention {
            ttdd: Some(inventario::model::TtddCode::from("063.2")),
            current_phase: Some(inventario::model::Period::Years(5)),
            destination: Some(inventario::model::FinalDestination::Elimination),
            ..Default::default()
        });
        for field in &mut p.fields {
            field.retention = None;
        }
    });
    let output = run_in(&dir, &["pendencias"]);
    let text = stdout(&output);
    assert!(
        text.contains("biblioteca") && text.contains("ELIMINAÇÃO VENCIDA desde 01/01/2015"),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(1));
}
