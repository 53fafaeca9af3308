//! The RIPD commands as a user runs them on the sample: why a report is needed,
//! a new report prefilled with suggested risks, `check` on it, the approval
//! (commit and tag), and the export in the template's order.

use crate::util::*;

#[test]
fn triggers_are_shown_fact_by_fact_in_text_and_json() {
    let (_temp, dir) = exemplo();
    let text = ok(&dir, &["ripd", "gatilhos", "controle-acesso-biometrico"]);
    assert!(text.contains("art39-iii"), "{text}");
    assert!(text.contains("dados sensíveis: digital"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&ok(
        &dir,
        &[
            "ripd",
            "gatilhos",
            "controle-acesso-biometrico",
            "--formato",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(json["versao"], 1);
    assert_eq!(
        json["processos"][0]["processo"],
        "controle-acesso-biometrico"
    );
    assert!(
        !json["processos"][0]["gatilhos"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let unknown = run_in(&dir, &["ripd", "gatilhos", "nada"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("\"nada\" não existe"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn a_new_ripd_is_prefilled_checked_approved_and_exported() {
    let (_temp, dir) = exemplo();
    let out = ok(&dir, &["ripd", "novo", "admissao-cotas"]);
    assert!(out.contains("ripd/admissao-cotas.ron"), "{out}");
    assert!(
        out.contains("R01"),
        "the sensitive field suggests R01: {out}"
    );
    assert_eq!(
        git(&dir, &["status", "--porcelain"]),
        "",
        "one commit, nothing left over"
    );
    let subject = git(&dir, &["log", "-1", "--format=%s"]);
    assert!(subject.contains("cria o RIPD"), "{subject}");
    // The process is now covered: ripd-necessario is gone for it, and the new
    // report says what it still lacks.
    let check = run_in(&dir, &["check", "--formato", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    let findings = report["achados"].as_array().unwrap();
    let of = |file: &str, rule: &str| {
        findings
            .iter()
            .any(|f| f["arquivo"] == file && f["regra"] == rule)
    };
    assert!(!of("processos/admissao-cotas.ron", "ripd-necessario"));
    assert!(of("ripd/admissao-cotas.ron", "ripd-risco-sem-avaliacao"));
    assert!(of("ripd/admissao-cotas.ron", "ripd-secao-vazia"));
    // A second report with the same id is refused.
    let again = run_in(&dir, &["ripd", "novo", "admissao-cotas"]);
    assert_eq!(again.status.code(), Some(2));
    // The controller's authority's registration, written in the report before
    // the approval, is kept by it.
    let file = dir.join("ripd/admissao-cotas.ron");
    let mut report: inventario::model::Ripd =
        inventario::ron_text::parse(&std::fs::read(&file).unwrap()).unwrap();
    report.approval.controller_authority = Some(inventario::model::ripd::Signatory {
        name: "Reitora".into(),
        registration: Some("SIAPE 1234567".into()),
        place: None,
        date: None,
    });
    inventario::store::save_document(&dir, &report).unwrap();
    ok(&dir, &["registrar"]);
    // Approval: section 8 filled, a revision line, one commit and a tag.
    ok(
        &dir,
        &[
            "ripd",
            "aprovar",
            "admissao-cotas",
            "--ata",
            "Ata 9/2026",
            "--autoridade",
            "Reitora",
            "--local",
            "Parnaíba-PI",
            "--autoridade-operador",
            "Diretora da Fundação de Apoio",
        ],
    );
    let text = std::fs::read_to_string(dir.join("ripd/admissao-cotas.ron")).unwrap();
    assert!(text.contains("ata: \"Ata 9/2026\""), "{text}");
    let approved: inventario::model::Ripd = inventario::ron_text::parse(text.as_bytes()).unwrap();
    let authority = approved.approval.controller_authority.unwrap();
    assert_eq!(authority.registration.as_deref(), Some("SIAPE 1234567"));
    assert_eq!(authority.place.as_deref(), Some("Parnaíba-PI"));
    assert!(authority.date.is_some());
    let operator = approved.approval.operator_authority.unwrap();
    assert_eq!(operator.name, "Diretora da Fundação de Apoio");
    assert!(text.contains("versao: \"1.0\""), "{text}");
    let tags = git(&dir, &["tag", "--list", "ripd/*"]);
    assert!(tags.starts_with("ripd/admissao-cotas/"), "{tags}");
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");
    // A later change of the process's data makes the approved report stale,
    // and check names the commit (UFDPar art. 39 VII). A change of the owner's
    // name does not.
    edit_by_hand(&dir, "admissao-cotas", |p| {
        p.owner.as_mut().unwrap().name = "Outra coordenação".into();
    });
    ok(&dir, &["registrar"]);
    let stale = |dir: &std::path::Path| {
        let check = run_in(dir, &["check", "--formato", "json"]);
        let report: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
        report["achados"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["regra"] == "ripd-mudanca-no-processo"
                    && f["arquivo"] == "ripd/admissao-cotas.ron"
            })
            .map(|f| f["mensagem"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(stale(&dir).is_empty(), "{:?}", stale(&dir));
    edit_by_hand(&dir, "admissao-cotas", |p| {
        let mut copy = p.fields[0].clone();
        copy.id = inventario::model::ItemId::parse("foto").unwrap();
        p.fields.push(copy);
    });
    ok(&dir, &["registrar"]);
    let commit = git(&dir, &["log", "-1", "--format=%h"]);
    let messages = stale(&dir);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains(commit.trim()), "{messages:?}");
    assert!(messages[0].contains("campos[foto]"), "{messages:?}");
    // Refreshing an approved report needs a new version.
    let refresh = run_in(&dir, &["ripd", "atualizar", "admissao-cotas"]);
    assert_eq!(refresh.status.code(), Some(2));
    assert!(
        stderr(&refresh).contains("--nova-versao"),
        "{}",
        stderr(&refresh)
    );
    // Export: the template's sections, the risk table, the matrices.
    let md = ok(&dir, &["ripd", "exportar", "admissao-cotas"]);
    for heading in [
        "## 1. Identificação dos agentes",
        "## 2. Necessidade",
        "## 6. Identificação e avaliação dos riscos",
        "Matriz de risco inerente",
        "## 8. Aprovação",
        "Ata 9/2026",
    ] {
        assert!(md.contains(heading), "{heading}: {md}");
    }
    let page = dir.join("ripd.html");
    ok(
        &dir,
        &[
            "ripd",
            "exportar",
            "admissao-cotas",
            "--formato",
            "html",
            "--saida",
            page.to_str().unwrap(),
        ],
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<html lang=\"pt-BR\">"));
    assert!(html.contains("<caption>Riscos (nível = probabilidade × impacto)</caption>"));
}

/// LibreOffice and pdftotext, or why the DOCX test is skipped (never in CI:
/// `.ci/run` installs both and sets `INVENTARIO_TESTE_LIBREOFFICE=obrigatorio`).
pub(crate) fn has_libreoffice() -> bool {
    let found = |program: &str, version: &str| {
        std::process::Command::new(program)
            .arg(version)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if found("soffice", "--version") && found("pdftotext", "-v") {
        return true;
    }
    assert_ne!(
        std::env::var("INVENTARIO_TESTE_LIBREOFFICE").as_deref(),
        Ok("obrigatorio"),
        "LibreOffice and pdftotext are required here"
    );
    eprintln!("LibreOffice ou pdftotext não encontrado: teste do DOCX pulado");
    false
}

#[test]
fn the_docx_opens_in_libreoffice_with_the_template_sections_and_the_risk_table() {
    if !has_libreoffice() {
        return;
    }
    let (temp, dir) = exemplo();
    let docx = temp.path().join("RIPD-cftv.docx");
    ok(
        &dir,
        &[
            "ripd",
            "exportar",
            "cftv",
            "--formato",
            "docx",
            "--saida",
            docx.to_str().unwrap(),
        ],
    );
    // LibreOffice converts it headless, with a profile of its own (so a user's
    // running office is not disturbed), and the PDF's text is read back.
    let out = temp.path().join("pdf");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        temp.path().join("lo").display()
    );
    let convert = std::process::Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            out.to_str().unwrap(),
            docx.to_str().unwrap(),
        ])
        .env("HOME", temp.path())
        .output()
        .unwrap();
    assert!(
        convert.status.success(),
        "{}",
        String::from_utf8_lossy(&convert.stderr)
    );
    let text = std::process::Command::new("pdftotext")
        .args([out.join("RIPD-cftv.pdf").to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    for expected in [
        "1. Identificação dos agentes",
        "2. Necessidade de elaborar o relatório",
        "3. Descrição do tratamento",
        "6. Identificação e avaliação dos riscos",
        "7. Medidas para tratar os riscos",
        "8. Aprovação",
        "Riscos (nível = probabilidade × impacto)",
        "R01",
        "R11",
        // Levels, P × I: R11's fits its cell; R01's "100 (moderado)" may wrap
        // in a narrow column, so only its band is looked for.
        "50 (baixo)",
        "(moderado)",
        "Matriz de risco inerente",
        "Ata 3/2026",
    ] {
        assert!(
            text.contains(expected),
            "{expected} is not in the PDF: {text}"
        );
    }
}
