//! Broken input: each is reported with file, line and column in Portuguese, the
//! rest of the inventory still loads, and the broken file is never rewritten.

use serde_json::Value;

use crate::util::*;

fn check_json(dir: &std::path::Path) -> (Option<i32>, Value) {
    let output = run(&["check", dir.to_str().unwrap(), "--formato", "json"]);
    let report = serde_json::from_str(&stdout(&output)).expect("JSON report");
    (output.status.code(), report)
}

fn findings_for<'a>(report: &'a Value, file: &str) -> Vec<&'a Value> {
    report["achados"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["arquivo"] == file)
        .collect()
}

/// Breaks one process file, checks, and verifies the common promises.
fn assert_reported(bytes: &[u8], expect_line: Option<u64>, expect_text: &str) {
    let (_temp, dir) = sample_copy();
    let file = dir.join("processos/biblioteca.ron");
    std::fs::write(&file, bytes).unwrap();
    let (code, report) = check_json(&dir);
    assert_eq!(code, Some(2), "unreadable files exit with 2");
    let found = findings_for(&report, "processos/biblioteca.ron");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["regra"], "arquivo-ilegivel");
    let message = found[0]["mensagem"].as_str().unwrap();
    assert!(message.contains(expect_text), "{message}");
    assert!(message.contains("não foi alterado"));
    if let Some(line) = expect_line {
        assert_eq!(found[0]["linha"], line, "{message}");
        assert!(found[0]["coluna"].as_u64().is_some());
    }
    // The other processes were still checked.
    assert_eq!(report["resumo"]["processos"], 17);
    assert!(!findings_for(&report, "processos/portal-cookies.ron").is_empty());
    // Neither check nor formatar touched the broken file.
    let formatar = run(&["formatar", dir.to_str().unwrap()]);
    assert_eq!(formatar.status.code(), Some(2));
    assert!(stdout(&formatar).contains("processos/biblioteca.ron: ilegível, não alterado"));
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}

fn biblioteca() -> String {
    std::fs::read_to_string(sample_dir().join("processos/biblioteca.ron")).unwrap()
}

#[test]
fn truncated_file() {
    let text = biblioteca();
    let half = text[..text.len() / 2].rfind('\n').unwrap();
    let cut = &text[..half];
    assert_reported(cut.as_bytes(), None, "terminou antes do fim");
}

#[test]
fn wrong_type() {
    let text = biblioteca().replace(
        "quantidade_titulares: 9000",
        "quantidade_titulares: \"muitos\"",
    );
    let line = text.lines().position(|l| l.contains("muitos")).unwrap() as u64 + 1;
    assert_reported(text.as_bytes(), Some(line), "esperava um número inteiro");
}

#[test]
fn unknown_key() {
    let text = biblioteca().replace("    frequencia: ", "    frequencai: ");
    let line = text.lines().position(|l| l.contains("frequencai")).unwrap() as u64 + 1;
    assert_reported(
        text.as_bytes(),
        Some(line),
        "campo desconhecido \"frequencai\"",
    );
}

#[test]
fn invalid_id_inside_the_file() {
    let text = biblioteca().replace("id: \"biblioteca\"", "id: \"../../etc/passwd\"");
    assert_reported(text.as_bytes(), Some(3), "só pode ter letras minúsculas");
}

#[test]
fn non_utf8_file() {
    let mut bytes = biblioteca().into_bytes();
    let at = bytes.iter().position(|&b| b == b'B').unwrap();
    bytes[at] = 0xff;
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    assert_reported(&bytes, Some(line), "UTF-8");
}

#[test]
fn huge_file() {
    let mut text = biblioteca();
    text.push_str(&" ".repeat(5 * 1024 * 1024));
    assert_reported(text.as_bytes(), Some(1), "acima do limite");
}

#[test]
fn broken_institution_file_still_checks_the_processes() {
    let (_temp, dir) = sample_copy();
    std::fs::write(
        dir.join("inventario.ron"),
        "(versao_formato: 1, controlador: (",
    )
    .unwrap();
    let (code, report) = check_json(&dir);
    assert_eq!(code, Some(2));
    assert_eq!(
        findings_for(&report, "inventario.ron")[0]["regra"],
        "arquivo-ilegivel"
    );
    assert_eq!(report["resumo"]["processos"], 18);
}

#[test]
fn bad_file_name_and_broken_catalog_are_reported() {
    let (_temp, dir) = sample_copy();
    std::fs::copy(
        dir.join("processos/biblioteca.ron"),
        dir.join("processos/Biblioteca Central.ron"),
    )
    .unwrap();
    std::fs::write(dir.join("catalogos/titulares.ron"), "[(id: \"x\", nome: )]").unwrap();
    let (_code, report) = check_json(&dir);
    let bad_name = findings_for(&report, "processos/Biblioteca Central.ron");
    assert_eq!(bad_name[0]["regra"], "arquivo-nome-diferente-do-id");
    let catalog = findings_for(&report, "catalogos/titulares.ron");
    assert_eq!(catalog[0]["regra"], "catalogo-local-invalido");
    assert_eq!(catalog[0]["linha"], 1);
}

#[test]
fn file_name_different_from_id_is_an_error() {
    let (_temp, dir) = sample_copy();
    std::fs::rename(
        dir.join("processos/cftv.ron"),
        dir.join("processos/videomonitoramento.ron"),
    )
    .unwrap();
    let (code, report) = check_json(&dir);
    assert_eq!(code, Some(1));
    let found = findings_for(&report, "processos/videomonitoramento.ron");
    assert_eq!(found[0]["regra"], "arquivo-nome-diferente-do-id");
}
