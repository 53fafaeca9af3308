//! The sample inventory: `check` finds exactly the problems its LEIA-ME lists, and
//! every file is canonical.

use serde_json::Value;

use crate::util::*;

/// (process, rule) pairs listed in sample-inventory/LEIA-ME.md.
const EXPECTED: &[(&str, &str)] = &[
    ("assistencia-estudantil", "sensivel-sem-base-art11"),
    ("bolsas-pagamento", "privado-sem-excecao"),
    ("cftv", "consentimento-responsavel-ausente"),
    ("eventos-certificados", "revisao-vencida"),
    ("exames-externos", "operador-para-outro-controlador"),
    ("ouvidoria-sic", "compartilhamento-finalidade-incompativel"),
    ("pesquisa-seres-humanos", "ttdd-desconhecido"),
    ("portal-cookies", "consentimento-sem-revogacao"),
    ("portal-cookies", "transferencia-sem-salvaguarda"),
    ("processo-disciplinar", "nunca-revisado"),
    (
        "ripd/pesquisa-seres-humanos.ron",
        "ripd-risco-residual-alto",
    ),
];

#[test]
fn check_finds_exactly_the_documented_problems() {
    let sample = sample_dir();
    let output = run(&["check", sample.to_str().unwrap(), "--formato", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut found: Vec<(String, String)> = report["achados"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            // A RIPD's findings are about its file, not one process.
            let about = match f["processo"].as_str() {
                Some(process) if !process.is_empty() => process,
                _ => f["arquivo"].as_str().unwrap(),
            };
            (about.to_owned(), f["regra"].as_str().unwrap().to_owned())
        })
        .collect();
    found.sort();
    let expected: Vec<(String, String)> = EXPECTED
        .iter()
        .map(|(p, r)| (p.to_string(), r.to_string()))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(report["resumo"]["processos"], 18);
    assert_eq!(report["resumo"]["erros"], 7);
    assert_eq!(report["resumo"]["avisos"], 4);
}

#[test]
fn leia_me_lists_every_expected_problem() {
    let text = std::fs::read_to_string(sample_dir().join("LEIA-ME.md")).unwrap();
    for (process, rule) in EXPECTED {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("| {process} | `{rule}`")));
        assert!(row.is_some(), "LEIA-ME.md misses {process} / {rule}");
    }
}

#[test]
fn sample_has_at_least_fifteen_processes_and_is_canonical() {
    let sample = sample_dir();
    let count = std::fs::read_dir(sample.join("processos")).unwrap().count();
    assert!(count >= 15);
    let output = run(&["formatar", sample.to_str().unwrap(), "--verificar"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn exemplo_creates_a_copy_and_shows_the_listing() {
    let temp = tempfile::tempdir().unwrap();
    let output = run_in(temp.path(), &["exemplo"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Inventário de exemplo criado em inventario-exemplo"));
    assert!(text.contains("Listagem geral"));
    // The copy has history: the biometric process changed after its RIPD was
    // approved, one warning more than the plain directory shows.
    assert!(text.contains("Total: 7 erro(s), 5 aviso(s)."), "{text}");
    let copy = temp.path().join("inventario-exemplo");
    assert!(copy.join("processos/folha-pagamento.ron").is_file());
    assert!(copy.join("catalogos/campos.ron").is_file());
    // A second run reuses the copy instead of failing.
    let again = run_in(temp.path(), &["exemplo"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains("já existente"));
}
