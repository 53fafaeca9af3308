//! The public export (LGPD art. 23 I) and the data-subject report: every format
//! on the sample, nothing internal in any of them (the leak test), the HTML in a
//! real browser, and the committee-approved state.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use inventario::keys::{self, Field, Kind, Visibility};
use serde_json::Value;

use crate::util::{exemplo, git, ok, run_in, stderr};

fn sample_names(dir: &Path) -> Vec<(String, String)> {
    let catalogs = inventario::catalog::Catalogs::embedded().unwrap();
    let loaded = inventario::store::load(dir, &catalogs).unwrap();
    loaded
        .processes
        .iter()
        .map(|p| (p.process.id.as_str().to_owned(), p.process.name.clone()))
        .collect()
}

/// The text of an HTML page with its tags removed, entities as they are.
fn headings(html: &str) -> Vec<u8> {
    let mut levels = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        rest = &rest[i + 2..];
        if let Some(d) = rest.chars().next().and_then(|c| c.to_digit(10)) {
            levels.push(d as u8);
        }
    }
    levels
}

#[test]
fn the_public_html_has_an_index_and_an_accessible_page_per_process() {
    let (temp, dir) = exemplo();
    let dest = temp.path().join("site");
    let out = ok(
        &dir,
        &["exportar", "--publico", "--saida", dest.to_str().unwrap()],
    );
    assert!(out.contains("18 processo(s)"), "{out}");
    let index = std::fs::read_to_string(dest.join("index.html")).unwrap();
    for (id, name) in sample_names(&dir) {
        let page = std::fs::read_to_string(dest.join(format!("processos/{id}.html")))
            .unwrap_or_else(|_| panic!("page of {id}"));
        assert!(
            index.contains(&format!("href=\"processos/{id}.html\"")),
            "{id}"
        );
        let escaped = name.replace('&', "&amp;").replace('"', "&quot;");
        assert!(page.contains(&format!("<h1>{escaped}</h1>")), "{id}");
        for html in [&index, &page] {
            assert!(html.contains("<html lang=\"pt-BR\">"));
            assert!(html.contains("<a class=\"pular\" href=\"#conteudo\">"));
            assert!(html.contains("@media print"));
            assert!(html.contains("name=\"viewport\""));
            assert!(!html.contains("<script"), "no JavaScript");
            // Headings in order: one h1 first, never a jump of two levels.
            let levels = headings(html);
            assert_eq!(levels.first(), Some(&1), "{id}");
            assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1, "{id}");
            for pair in levels.windows(2) {
                assert!(
                    pair[1] <= pair[0] + 1,
                    "{id}: heading h{} after h{}",
                    pair[1],
                    pair[0]
                );
            }
            // Every table has a caption and header cells with a scope.
            assert_eq!(
                html.matches("<table").count(),
                html.matches("<caption>").count()
            );
            assert!(!html.contains("<th>"), "every th has a scope");
        }
    }
    let cftv = std::fs::read_to_string(dest.join("processos/cftv.html")).unwrap();
    assert!(
        cftv.contains("LGPD art. 7º, III"),
        "legal basis with its article"
    );
    let admission = std::fs::read_to_string(dest.join("processos/admissao-cotas.html")).unwrap();
    assert!(
        admission.contains("Trata dados de adolescentes e outros grupos vulneráveis</strong>, sempre no melhor interesse de crianças e adolescentes (LGPD art. 14)."),
        "the groups named"
    );
    assert!(admission.contains("<strong>Melhor interesse:</strong> Os aprovados menores"));
    assert!(
        admission.contains("<dt>Recebidos de</dt><dd>Ministério da Educação (SiSU) (Portaria Normativa MEC nº 21&#x2f;2012 (SiSU) e termo de adesão da UFDPar), compartilhamento restrito (art. 4º, II) do Decreto 10.046/2019</dd>"),
        "the body the data came from"
    );
    assert!(
        admission.contains("use o Fala.BR (falabr.cgu.gov.br), assunto Proteção de Dados Pessoais"),
        "the institution's channel for titulares"
    );
    let payroll = std::fs::read_to_string(dest.join("processos/folha-pagamento.html")).unwrap();
    assert!(
        payroll.contains("Ministério da Gestão e da Inovação em Serviços Públicos (SIAPE), órgão ou entidade pública"),
        "the operator's legal nature"
    );
    assert!(
        admission.contains("<span class=\"sensivel\">Sim</span>"),
        "sensitive data marked"
    );
    assert!(index.contains("encarregado@ufdpar.edu.br"));
    assert!(index.contains("art. 18"));
}

#[test]
fn a_process_no_longer_published_loses_its_page_and_the_output_says_why() {
    let (temp, dir) = exemplo();
    let dest = temp.path().join("site");
    ok(
        &dir,
        &["exportar", "--publico", "--saida", dest.to_str().unwrap()],
    );
    assert!(dest.join("processos/biblioteca.html").exists());
    crate::util::edit_by_hand(&dir, "biblioteca", |p| {
        p.access_classification = Some("RESTRITO".to_owned());
    });
    let output = run_in(
        &dir,
        &["exportar", "--publico", "--saida", dest.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(!dest.join("processos/biblioteca.html").exists());
    let said = stderr(&output);
    assert!(
        said.contains("biblioteca") && said.contains("RESTRITO") && said.contains("MPRS"),
        "{said}"
    );
    let index = std::fs::read_to_string(dest.join("index.html")).unwrap();
    assert!(!index.contains("biblioteca"));
    assert!(
        !index.contains("RESTRITO"),
        "the reason is never on the page"
    );
}

#[test]
fn json_is_versioned_and_every_key_is_documented() {
    let (_temp, dir) = exemplo();
    let json: Value =
        serde_json::from_str(&ok(&dir, &["exportar", "--publico", "--formato", "json"])).unwrap();
    assert_eq!(json["versao_esquema"], 1);
    assert_eq!(json["processos"].as_array().unwrap().len(), 18);
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/esquema-publico.md"),
    )
    .unwrap();
    fn keys_of(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    out.push(k.clone());
                    keys_of(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| keys_of(i, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    keys_of(&json, &mut all);
    for key in all {
        assert!(
            doc.contains(&format!("`{key}`")),
            "docs/esquema-publico.md does not document `{key}`"
        );
    }
}

#[test]
fn csv_has_a_bom_semicolons_and_one_row_per_process_and_field() {
    let (temp, dir) = exemplo();
    let file = temp.path().join("inventario.csv");
    ok(
        &dir,
        &[
            "exportar",
            "--publico",
            "--formato",
            "csv",
            "--saida",
            file.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "Id do tratamento");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let catalogs = inventario::catalog::Catalogs::embedded().unwrap();
    let loaded = inventario::store::load(&dir, &catalogs).unwrap();
    let expected: usize = loaded
        .processes
        .iter()
        .map(|p| p.process.fields.len().max(1))
        .sum();
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().any(|r| &r[0] == "cftv" && r[10] == *"não"));
}

#[test]
fn the_data_subject_report_lists_every_process_of_the_group() {
    let (_temp, dir) = exemplo();
    let text = ok(&dir, &["titular", "discentes"]);
    assert!(text.starts_with("DADOS PESSOAIS DE: DISCENTES"), "{text}");
    let catalogs = inventario::catalog::Catalogs::embedded().unwrap();
    let loaded = inventario::store::load(&dir, &catalogs).unwrap();
    for p in &loaded.processes {
        let touches = p
            .process
            .subjects
            .iter()
            .any(|s| s.group.as_str() == "discentes");
        assert_eq!(
            text.contains(&p.process.name),
            touches,
            "{}",
            p.process.name
        );
    }
    assert!(text.contains("[SENSÍVEL]"));
    let md = ok(&dir, &["titular", "discentes", "--formato", "markdown"]);
    assert!(md.starts_with("# Tratamento de dados pessoais de: Discentes"));
    let html = ok(&dir, &["titular", "servidores", "--formato", "html"]);
    assert!(html.contains("<html lang=\"pt-BR\">") && html.contains("Folha de pagamento"));
    let internal = ok(&dir, &["titular", "servidores", "--interno"]);
    assert!(internal.contains("; sistema SIAPE"), "{internal}");
    assert!(!ok(&dir, &["titular", "servidores"]).contains("; sistema "));
    let unknown = run_in(&dir, &["titular", "alunos"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("discentes"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn the_approved_export_shows_what_the_committee_approved_not_later_edits() {
    let (_temp, dir) = exemplo();
    ok(
        &dir,
        &[
            "revisao",
            "aprovar",
            "--ata",
            "Ata 7/2026",
            "--processo",
            "biblioteca",
        ],
    );
    crate::util::edit_by_hand(&dir, "biblioteca", |p| {
        p.name = "Biblioteca renomeada depois".to_owned();
    });
    ok(&dir, &["registrar", "-m", "renomeia"]);
    let output = run_in(
        &dir,
        &["exportar", "--publico", "--formato", "json", "--aprovado"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["aprovacao"]["ata"], "Ata 7/2026");
    let names: Vec<&str> = json["processos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["nome"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Empréstimo do acervo das bibliotecas"),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("renomeada")));
    let head = git(&dir, &["log", "-1", "--format=%h", "--grep=Ata 7/2026"]);
    assert_eq!(json["aprovacao"]["commit"].as_str().unwrap(), head.trim());
    // The processes the committee never approved are named on the output only.
    assert!(
        stderr(&output).contains("nunca aprovado"),
        "{}",
        stderr(&output)
    );
}

/// The items of a list, or of a section's `Lista`.
fn items_mut(value: &mut Value) -> impl Iterator<Item = &mut Value> {
    let items = match value {
        Value::Array(items) => Some(items),
        Value::Object(m) => m.get_mut("Lista").and_then(Value::as_array_mut),
        _ => None,
    };
    items.into_iter().flatten()
}

/// Every internal text of a document's tree replaced by a unique marker; item
/// ids too (with the references to them), so a page that printed an id leaks.
fn mark_internal(
    fields: &'static [Field],
    tree: &mut Value,
    n: &mut usize,
    markers: &mut Vec<String>,
    renames: &mut HashMap<String, String>,
) {
    let Value::Object(map) = tree else { return };
    for field in fields {
        let Some(value) = map.get_mut(field.key) else {
            continue;
        };
        match field.kind {
            Kind::Struct(children) => mark_internal(children, value, n, markers, renames),
            Kind::List(children, _) | Kind::Section(children, _) => {
                for item in items_mut(value) {
                    mark_internal(children, item, n, markers, renames);
                }
            }
            Kind::Text | Kind::LongText if field.visibility == Visibility::Internal => {
                *n += 1;
                let marker = if field.key == "id" {
                    format!("vazou{n}x")
                } else {
                    format!("VAZOU{n}X")
                };
                if field.key == "id"
                    && let Some(old) = value.as_str()
                {
                    renames.insert(old.to_owned(), marker.clone());
                }
                *value = Value::String(marker.clone());
                markers.push(marker);
            }
            Kind::TextList if field.visibility == Visibility::Internal => {
                *n += 1;
                let marker = format!("VAZOU{n}X");
                *value = Value::Array(vec![Value::String(marker.clone())]);
                markers.push(marker);
            }
            _ => {}
        }
    }
}

/// The references between items, renamed as their ids were.
fn rename_refs(fields: &'static [Field], tree: &mut Value, renames: &HashMap<String, String>) {
    let Value::Object(map) = tree else { return };
    for field in fields {
        let Some(value) = map.get_mut(field.key) else {
            continue;
        };
        match field.kind {
            Kind::FieldRefs | Kind::PurposeRefs => {
                for item in value.as_array_mut().into_iter().flatten() {
                    if let Some(new) = item.as_str().and_then(|s| renames.get(s)) {
                        *item = Value::String(new.clone());
                    }
                }
            }
            Kind::PurposeRef => {
                if let Some(new) = value.as_str().and_then(|s| renames.get(s)) {
                    *value = Value::String(new.clone());
                }
            }
            Kind::Struct(children) => rename_refs(children, value, renames),
            Kind::List(children, _) | Kind::Section(children, _) => {
                for item in items_mut(value) {
                    rename_refs(children, item, renames);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn nothing_internal_reaches_any_public_output() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("inv");
    ok(temp.path(), &["init", "inv", "--nome", "Instituição"]);
    let mut n = 0;
    let mut markers = Vec::new();

    let mut institution = inventario::synthetic::full_institution();
    institution.policy.access_levels = vec!["OSTENSIVO".to_owned(), "RESTRITO".to_owned()];
    let mut tree = inventario::semantic::to_tree(&institution);
    let mut renames = HashMap::new();
    mark_internal(
        keys::INSTITUTION,
        &mut tree,
        &mut n,
        &mut markers,
        &mut renames,
    );
    let institution: inventario::model::Institution = serde_json::from_value(tree).unwrap();
    inventario::store::save_institution(&dir, &institution).unwrap();

    let mut process = inventario::synthetic::process(&mut inventario::synthetic::Rng::new(11), 1);
    inventario::synthetic::fill_every_key(&mut process);
    let mut tree = inventario::semantic::to_tree(&process);
    let mut renames = HashMap::new();
    mark_internal(keys::PROCESS, &mut tree, &mut n, &mut markers, &mut renames);
    rename_refs(keys::PROCESS, &mut tree, &renames);
    let mut process: inventario::model::Process = serde_json::from_value(tree).unwrap();
    // The one internal key a marker cannot hold: it must say public, or the
    // process would be left out and the test would prove nothing.
    process.access_classification = Some("OSTENSIVO".to_owned());
    process.archived = None;
    inventario::store::save_process(&dir, &process).unwrap();
    assert!(markers.len() > 20, "{} markers", markers.len());

    let mut outputs: Vec<(String, String)> = Vec::new();
    for format in ["html", "markdown", "json", "csv"] {
        let dest = temp.path().join(format!("saida-{format}"));
        ok(
            &dir,
            &[
                "exportar",
                "--publico",
                "--formato",
                format,
                "--saida",
                dest.to_str().unwrap(),
            ],
        );
        let mut files = Vec::new();
        collect(&dest, &mut files);
        for file in files {
            outputs.push((
                file.display().to_string(),
                String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned(),
            ));
        }
    }
    let group = process.subjects[0].group.as_str().to_owned();
    for format in ["texto", "markdown", "html", "json"] {
        outputs.push((
            format!("titular {format}"),
            ok(&dir, &["titular", &group, "--formato", format]),
        ));
    }
    for (name, text) in &outputs {
        assert!(
            text.contains(&process.name),
            "{name} does not show the process at all"
        );
        for marker in &markers {
            assert!(!text.contains(marker.as_str()), "{name} leaks {marker}");
        }
    }
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            collect(&entry.unwrap().path(), out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

/// Debian's chromium, or why the browser test is skipped (never in CI:
/// `.ci/run` installs it and sets `INVENTARIO_TESTE_CHROMIUM=obrigatorio`).
fn chromium() -> Option<&'static str> {
    let found = std::process::Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("chromium");
    }
    assert_ne!(
        std::env::var("INVENTARIO_TESTE_CHROMIUM").as_deref(),
        Ok("obrigatorio"),
        "chromium is required here"
    );
    eprintln!("chromium não encontrado: teste no navegador pulado");
    None
}

fn headless(temp: &Path, extra: &[&str], page: &Path) -> std::process::Output {
    let profile = temp.join("perfil-chromium");
    std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .env("HOME", temp)
        .output()
        .unwrap()
}

#[test]
fn the_public_page_renders_in_a_real_browser() {
    let Some(_) = chromium() else { return };
    let (temp, dir) = exemplo();
    let dest = temp.path().join("site");
    ok(
        &dir,
        &["exportar", "--publico", "--saida", dest.to_str().unwrap()],
    );
    let dom = headless(temp.path(), &["--dump-dom"], &dest.join("index.html"));
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("Inventário de dados pessoais"), "{dom}");
    assert!(dom.contains("Videomonitoramento dos campi (CFTV)"));
    let page = headless(
        temp.path(),
        &["--dump-dom"],
        &dest.join("processos/cftv.html"),
    );
    let page = String::from_utf8_lossy(&page.stdout);
    assert!(page.contains("Finalidades e bases legais") && page.contains("Prazo de guarda"));
    // A phone-sized screenshot: the page draws (not a blank image).
    let shot = temp.path().join("celular.png");
    let out = headless(
        temp.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=412,915",
            "--hide-scrollbars",
        ],
        &dest.join("processos/cftv.html"),
    );
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 10_000,
        "screenshot of {size} bytes: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The publishing pipeline's commands (`docs/publicacao/`), as GitLab CI and
/// GitHub Actions run them, on the sample after a committee approval.
#[test]
fn the_publication_pipeline_commands_publish_the_approved_inventory() {
    let (temp, dir) = exemplo();
    ok(&dir, &["revisao", "aprovar", "--ata", "Ata 9/2026"]);
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/publicacao");
    let run = |script: &str, args: &[&str]| {
        std::process::Command::new("sh")
            .arg(docs.join(script))
            .args(args)
            .current_dir(temp.path())
            .env("INVENTARIO", env!("CARGO_BIN_EXE_inventario"))
            .env("INVENTARIO_HOJE", crate::util::REFERENCE_DATE)
            .env("HOME", crate::util::test_home())
            .env("XDG_CONFIG_HOME", crate::util::test_home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("INVENTARIO_CONFIG_DIR", crate::util::test_home())
            .output()
            .unwrap()
    };
    // The sample has errors on purpose: the check job fails, with its JSON.
    let check = run("verificar.sh", &["inv", "verificacao.json"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let report: Value =
        serde_json::from_slice(&std::fs::read(temp.path().join("verificacao.json")).unwrap())
            .unwrap();
    assert!(report.is_object() || report.is_array());
    let publish = run("publicar.sh", &["inv", "public"]);
    assert_eq!(publish.status.code(), Some(0), "{}", stderr(&publish));
    let site = temp.path().join("public");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    // (minijinja escapes "/" in HTML as "&#x2f;".)
    assert!(
        index.replace("&#x2f;", "/").contains("Ata 9/2026"),
        "the page says which approval"
    );
    let json: Value =
        serde_json::from_slice(&std::fs::read(site.join("inventario.json")).unwrap()).unwrap();
    assert_eq!(json["aprovacao"]["ata"], "Ata 9/2026");
    assert!(site.join("inventario.csv").exists());
    assert_eq!(
        std::fs::read_dir(site.join("processos")).unwrap().count(),
        json["processos"].as_array().unwrap().len()
    );
    // Both pipelines run these two scripts.
    for pipeline in ["gitlab-ci.yml", "github-actions.yml"] {
        let text = std::fs::read_to_string(docs.join(pipeline)).unwrap();
        assert!(
            text.contains("sh docs/publicacao/verificar.sh . verificacao.json"),
            "{pipeline}"
        );
        assert!(
            text.contains("sh docs/publicacao/publicar.sh . public"),
            "{pipeline}"
        );
    }
}

/// The sample's public page committed under `docs/exemplo-publico/` is what
/// `inventario exportar sample-inventory --publico --saida docs/exemplo-publico`
/// writes today; `INVENTARIO_ATUALIZAR_EXEMPLO=1` rewrites it.
#[test]
fn the_committed_sample_page_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = root.join("docs/exemplo-publico");
    if std::env::var("INVENTARIO_ATUALIZAR_EXEMPLO").is_ok() {
        ok(
            root,
            &[
                "exportar",
                "sample-inventory",
                "--publico",
                "--saida",
                committed.to_str().unwrap(),
            ],
        );
    }
    let temp = tempfile::tempdir().unwrap();
    let fresh = temp.path().join("site");
    ok(
        root,
        &[
            "exportar",
            "sample-inventory",
            "--publico",
            "--saida",
            fresh.to_str().unwrap(),
        ],
    );
    let mut files = Vec::new();
    collect(&fresh, &mut files);
    let mut old = Vec::new();
    collect(&committed, &mut old);
    assert_eq!(
        files.len(),
        old.len(),
        "docs/exemplo-publico has other files: rerun with INVENTARIO_ATUALIZAR_EXEMPLO=1"
    );
    for file in files {
        let relative = file.strip_prefix(&fresh).unwrap();
        assert_eq!(
            std::fs::read_to_string(committed.join(relative)).unwrap_or_default(),
            std::fs::read_to_string(&file).unwrap(),
            "docs/exemplo-publico/{} is stale: rerun with INVENTARIO_ATUALIZAR_EXEMPLO=1",
            relative.display()
        );
    }
}
