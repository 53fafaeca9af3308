//! The SGD spreadsheet both ways: the export opens in calamine and LibreOffice
//! with every process; a spreadsheet filled the way a real office fills it
//! (`tests/fixtures/sgd-preenchida.xlsx`, built by `office_fill`) imports with a
//! report of its guesses; a flat register is refused; the sample survives the
//! round trip in everything the template holds.

use std::path::{Path, PathBuf};

use inventario::catalog::Catalogs;
use inventario::import;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::util::{exemplo, git, ok, run_in, stderr, stdout};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sgd-preenchida.xlsx")
}

/// An SGD template filled as offices fill it: instruction rows, blank rows,
/// trailing and double spaces, a label without the space after the dash,
/// merged cells, a real date and a typed one, bases as "Art. 7º, III" and as
/// the statutory text, "Não se aplica" / "N/A" / "-", a renamed contract row,
/// an added operator row, free-text retention and a field not in the catalog.
fn office_fill(path: &Path) {
    let mut book = Workbook::new();
    let merged = Format::new();
    let guide = book.add_worksheet();
    guide.set_name("1-Orientações").unwrap();
    guide
        .write_string(
            0,
            0,
            "Preencha uma cópia da aba 3-Template para cada serviço.",
        )
        .unwrap();

    type Row<'a> = (&'a str, &'a [&'a str]);
    let library: &[Row] = &[
        (
            "Inventário de Dados Pessoais — preencher os campos em branco",
            &[],
        ),
        ("", &[]),
        (
            "1 - Identificação dos serviços / processo de negócio de tratamento de dados pessoais",
            &[],
        ),
        (
            "1.1 - Nome do serviço / Processo de negócio   ",
            &["MERGE", "Empréstimo de livros da Biblioteca Central"],
        ),
        ("1.2 - Nº  Referência  / ID", &["BIB-001"]),
        ("1.3 - Data de Criação do Inventário", &["DATE"]),
        ("1.4 -Data Atualização do Inventário", &["10/01/2025"]),
        (
            "2 - Agentes de  Tratamento e Encarregado",
            &["Nome", "Endereço", "CEP", "Telefone", "E-mail"],
        ),
        (
            "2.1 - Controlador",
            &[
                "Universidade Federal",
                "Campus",
                "64000-000",
                "(86) 0000-0000",
                "reitoria@uf.edu.br",
            ],
        ),
        (
            "2.2 - Encarregado",
            &["Encarregado", "", "", "", "encarregado@uf.edu.br"],
        ),
        (
            "2.3 - Operador",
            &[
                "Pergamum Sistemas Ltda",
                "Curitiba-PR",
                "80000-000",
                "",
                "suporte@pergamum.example",
            ],
        ),
        (
            "2.4 - Operador",
            &["Fundação de Apoio (FADEX)", "", "", "", ""],
        ),
        (
            "3 - Fases do Ciclo de Vida do Tratamento Dados Pessoais",
            &[
                "Coleta",
                "Retenção",
                "Processamento",
                "Compartilhamento",
                "Eliminação",
            ],
        ),
        (
            "3.1 - Em qual fase  do ciclo de vida o Operador atua",
            &["X", "X", "X", "", ""],
        ),
        (
            "4 - De que forma (como) os dados  pessoais são coletados, retidos/armazenados, processados/usados, compartilhados e eliminados",
            &[],
        ),
        (
            "4.1 - Descrição do Fluxo do tratamento dos dados pessoais",
            &[
                "MERGE",
                "O usuário se cadastra no balcão; os empréstimos ficam no Pergamum.",
            ],
        ),
        ("5 - Escopo e Natureza dos Dados Pessoais", &[]),
        (
            "5.1 - Abrangência da área geográfica do tratamento",
            &["Municipal e regional"],
        ),
        (
            "5.2 - Fonte de dados utilizada para obtenção dos dados pessoais",
            &["Informado pelo titular"],
        ),
        ("", &[]),
        ("6 - Finalidade do Tratamento de Dados Pessoais", &[]),
        ("6.1 - Hipótese de Tratamento", &["Art. 7º, III"]),
        (
            "6.2 - Finalidade",
            &["Emprestar livros e controlar devoluções"],
        ),
        ("6.3 - Previsão legal", &["Lei 9.394/1996 (LDB)"]),
        (
            "6.4 - Resultados pretendidos para o titular de dados",
            &["Acesso ao acervo"],
        ),
        (
            "6.5 - Benefícios esperados para o órgão, entidade ou para a sociedade como um todo",
            &["-"],
        ),
        (
            "6.1 - Hipótese de Tratamento",
            &["II - para o cumprimento de obrigação legal ou regulatória pelo controlador"],
        ),
        ("6.2 - Finalidade", &["Cobrar multas por atraso"]),
        ("7 - Categoria de Dados Pessoais", &[]),
        (
            "7.1 -Dados de Identificação Pessoal",
            &[
                "Descrição",
                "Tempo Retenção dos Dados",
                "Fonte Retenção",
                "Nome Base de Dados",
            ],
        ),
        (
            "7.1.1 - Informações de identificação pessoal",
            &[
                "Nome completo; Endereço de e-mail",
                "5 anos na fase corrente",
                "TTDD 063.2",
                "Pergamum",
            ],
        ),
        (
            "7.1.2 - Informações de identificação atribuídas por instituições governamentais",
            &["CPF", "5 anos na fase corrente", "TTDD 063.2", "Pergamum"],
        ),
        (
            "7.1.3 - Dados de identificação eletrônica",
            &["", "", "", ""],
        ),
        (
            "7.12 - Educação e Treinamento",
            &[
                "Descrição",
                "Tempo Retenção dos Dados",
                "Fonte Retenção",
                "Nome Base de Dados",
            ],
        ),
        (
            "7.12.1 - Dados acadêmicos",
            &[
                "Número de matrícula",
                "5 anos na fase corrente",
                "TTDD 063.2",
                "Pergamum",
            ],
        ),
        (
            "8 - Categorias de Dados Pessoais Sensíveis",
            &[
                "Descrição",
                "Tempo Retenção dos Dados",
                "Fonte Retenção",
                "Nome Base de Dados",
            ],
        ),
        (
            "8.8 - Dados referentes à saúde ou à vida sexual",
            &["N/A", "", "", ""],
        ),
        (
            "9 - Frequência e totalização das categorias de dados pessoais tratados",
            &[],
        ),
        (
            "9.1 - Frequência de tratamento dos  dados pessoais",
            &["Diária"],
        ),
        (
            "9.2 - Quantidade de dados pessoais e dados pessoais sensíveis tratados",
            &["cerca de 12.000 usuários"],
        ),
        (
            "10 - Categorias dos titulares de dados pessoais",
            &["Tipo de Categoria", "Descrição"],
        ),
        (
            "10.1 - Categoria 1",
            &["Discentes", "Alunos de graduação e pós-graduação"],
        ),
        ("10.2  - Categoria 2", &["Servidores", ""]),
        (
            "10.3  - Trata dados de crianças e adolescentes",
            &["Não", ""],
        ),
        (
            "10.4 - Além de crianças e adolescente trata dados de outro grupo vulnerável",
            &["Não", ""],
        ),
        (
            "11 - Compartilhamento de  Dados Pessoais",
            &[
                "Dados pessoais compartilhados",
                "Finalidade do compartilhamento",
            ],
        ),
        ("11.1 - Nome da Instituição 1", &["Não se aplica", ""]),
        (
            "12 - Medidas de Segurança/Privacidade",
            &[
                "Tipo de medida de segurança e privacidade",
                "Descrição do(s) Controle(s)",
            ],
        ),
        (
            "12.1 - Medida de Segurança/Privacidade 1",
            &["Controle de acesso", "Login com senha no Pergamum"],
        ),
        (
            "13 - Transferência Internacional de Dados Pessoais",
            &[
                "País",
                "Dados pessoais transferidos",
                "Tipo de garantia para transferência",
            ],
        ),
        ("13.1 - Organização 1", &["-", "", ""]),
        (
            "14 - Contrato(s) de serviços e/ou soluções de TI que trata(m) dados pessoais do serviço/processo de negócio",
            &[
                "Nº Processo Contratação",
                "Objeto",
                "E-mail do Gestor do Contrato",
            ],
        ),
        (
            "14.1 - Contrato nº 15/2020",
            &[
                "23111.000123/2020-11",
                "Licença do Pergamum",
                "gestor@uf.edu.br",
            ],
        ),
        ("Obs.: revisar em 2026", &[]),
    ];
    let restaurant: &[Row] = &[
        (
            "1 - Identificação dos serviços / processo de negócio de tratamento de dados pessoais",
            &[],
        ),
        (
            "1.1 - Nome do serviço / Processo de negócio",
            &["Acesso ao Restaurante Universitário"],
        ),
        ("1.2 - Nº Referência / ID", &["RU"]),
        ("6 - Finalidade do Tratamento de Dados Pessoais", &[]),
        ("6.1 - Hipótese de Tratamento", &["Art. 11, II, a"]),
        (
            "6.2 - Finalidade",
            &["Identificar quem tem direito à refeição subsidiada"],
        ),
        ("7 - Categoria de Dados Pessoais", &[]),
        (
            "7.1 - Dados de Identificação Pessoal",
            &[
                "Descrição",
                "Tempo Retenção dos Dados",
                "Fonte Retenção",
                "Nome Base de Dados",
            ],
        ),
        (
            "7.1.1 - Informações de identificação pessoal",
            &[
                "Nome completo\nCódigo da carteirinha",
                "enquanto durar o vínculo",
                "",
                "SisRU",
            ],
        ),
        (
            "8 - Categorias de Dados Pessoais Sensíveis",
            &[
                "Descrição",
                "Tempo Retenção dos Dados",
                "Fonte Retenção",
                "Nome Base de Dados",
            ],
        ),
        (
            "8.10 - Dados biométricos",
            &[
                "Biometria (digital, face)",
                "enquanto durar o vínculo",
                "",
                "SisRU",
            ],
        ),
        (
            "10 - Categorias dos titulares de dados pessoais",
            &["Tipo de Categoria", "Descrição"],
        ),
        ("10.1 - Categoria 1", &["Estudantes", ""]),
        (
            "10.3 - Trata dados de crianças e adolescentes",
            &["Sim", ""],
        ),
        (
            "11 - Compartilhamento de Dados Pessoais",
            &[
                "Dados pessoais compartilhados",
                "Finalidade do compartilhamento",
            ],
        ),
        (
            "11.1 - Nutri Alimentos Ltda",
            &["Nome completo", "Servir as refeições contratadas"],
        ),
    ];
    for (name, rows) in [("3-Template (Biblioteca)", library), ("RU", restaurant)] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, (label, cells)) in rows.iter().enumerate() {
            let r = r as u32;
            if !label.is_empty() {
                sheet.write_string(r, 0, *label).unwrap();
            }
            match cells {
                ["MERGE", text] => {
                    sheet.merge_range(r, 1, r, 5, text, &merged).unwrap();
                }
                ["DATE"] => {
                    let date = ExcelDateTime::from_ymd(2023, 3, 15).unwrap();
                    let format = Format::new().set_num_format("dd/mm/yyyy");
                    sheet
                        .write_datetime_with_format(r, 1, &date, &format)
                        .unwrap();
                }
                _ => {
                    for (c, text) in cells.iter().enumerate() {
                        if !text.is_empty() {
                            sheet.write_string(r, c as u16 + 1, *text).unwrap();
                        }
                    }
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// The committed fixture holds what `office_fill` writes (cell by cell);
/// `INVENTARIO_ATUALIZAR_PLANILHA=1` rewrites it.
#[test]
fn the_committed_fixture_is_the_one_the_helper_builds() {
    if std::env::var("INVENTARIO_ATUALIZAR_PLANILHA").is_ok() {
        std::fs::create_dir_all(fixture().parent().unwrap()).unwrap();
        office_fill(&fixture());
    }
    let temp = tempfile::tempdir().unwrap();
    let built = temp.path().join("nova.xlsx");
    office_fill(&built);
    assert_eq!(
        import::read_grids(&fixture()).unwrap(),
        import::read_grids(&built).unwrap(),
        "tests/fixtures/sgd-preenchida.xlsx is stale: rerun with INVENTARIO_ATUALIZAR_PLANILHA=1"
    );
}

#[test]
fn an_office_filled_spreadsheet_imports_with_its_guesses_reported() {
    let temp = tempfile::tempdir().unwrap();
    ok(temp.path(), &["init", "inv", "--nome", "UF"]);
    let dir = temp.path().join("inv");
    let out = ok(&dir, &["importar", fixture().to_str().unwrap()]);
    // The library tab.
    assert!(
        out.contains("importado bib-001 (aba \"3-Template (Biblioteca)\")"),
        "{out}"
    );
    assert!(
        out.contains("ignorado: linha 1: \"Inventário de Dados Pessoais"),
        "{out}"
    );
    assert!(
        out.contains("ignorado: linha 54: \"Obs.: revisar em 2026\""),
        "{out}"
    );
    assert!(
        out.contains("base legal \"II - para o cumprimento de obrigação legal"),
        "{out}"
    );
    assert!(
        out.contains("quantidade \"cerca de 12.000 usuários\" lida como 12000"),
        "{out}"
    );
    assert!(out.contains("O modelo SGD não tem lugar para:"), "{out}");
    let catalogs = Catalogs::embedded().unwrap();
    let loaded = inventario::store::load(&dir, &catalogs).unwrap();
    let bib = &loaded
        .processes
        .iter()
        .find(|p| p.stem == "bib-001")
        .unwrap()
        .process;
    assert_eq!(bib.name, "Empréstimo de livros da Biblioteca Central");
    assert_eq!(bib.created.to_string(), "2023-03-15", "a real Excel date");
    assert_eq!(bib.updated.to_string(), "2025-01-10", "a typed date");
    assert_eq!(bib.operators.items().len(), 2);
    assert_eq!(bib.operators.items()[0].phases.len(), 3);
    assert_eq!(bib.reach.len(), 2);
    assert_eq!(bib.purposes.len(), 2);
    assert_eq!(
        bib.purposes[0].legal_basis.as_ref().map(|b| b.as_str()),
        Some("art7-iii")
    );
    assert_eq!(
        bib.purposes[1].legal_basis.as_ref().map(|b| b.as_str()),
        Some("art7-ii")
    );
    assert_eq!(bib.purposes[0].benefits, None, "\"-\" is nothing");
    let kinds: Vec<&str> = bib.fields.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["nome-completo", "email", "cpf", "matricula"]);
    assert_eq!(
        bib.retention
            .as_ref()
            .and_then(|r| r.ttdd.as_ref())
            .map(|c| c.as_str()),
        Some("063.2")
    );
    assert!(
        bib.fields
            .iter()
            .all(|f| f.system.as_deref() == Some("Pergamum"))
    );
    assert_eq!(bib.subject_count, Some(12000));
    assert_eq!(bib.subjects.len(), 2);
    assert!(matches!(
        bib.sharing,
        inventario::model::Section::NotApplicable
    ));
    assert!(matches!(
        bib.transfers,
        inventario::model::Section::NotApplicable
    ));
    assert_eq!(bib.it_contracts.items()[0].number, "Contrato nº 15/2020");
    assert_eq!(bib.security_measures.len(), 1);
    // The restaurant tab: a field outside the catalog kept as text, a private
    // recipient guessed, "Estudantes" read as a catalog group.
    let ru = &loaded
        .processes
        .iter()
        .find(|p| p.stem == "ru")
        .unwrap()
        .process;
    assert!(
        out.contains("\"Código da carteirinha\" não está no catálogo de campos"),
        "{out}"
    );
    assert!(
        out.contains("natureza de \"Nutri Alimentos Ltda\" presumida privado"),
        "{out}"
    );
    assert!(
        out.contains("prazo \"enquanto durar o vínculo\" sem código da TTDD"),
        "{out}"
    );
    assert_eq!(
        ru.purposes[0].legal_basis.as_ref().map(|b| b.as_str()),
        Some("art11-ii-a")
    );
    // The template asks children and adolescents in one row: the joint answer
    // keeps it, and both groups read as yes until the owner splits them.
    assert_eq!(
        ru.children_or_adolescents,
        Some(inventario::model::Answer::Yes)
    );
    assert_eq!(ru.children, None);
    assert_eq!(ru.minors().len(), 2);
    assert_eq!(ru.sharing.items()[0].fields.len(), 1);
    // One commit per process, with the spreadsheet's name; check then shows
    // what is left to fix (the catalog gap among it).
    let log = git(&dir, &["log", "--format=%s"]);
    assert_eq!(
        log.matches("importado de sgd-preenchida.xlsx").count(),
        2,
        "{log}"
    );
    let check = stdout(&run_in(&dir, &["check"]));
    assert!(check.contains("codigo-da-carteirinha"), "{check}");
}

#[test]
fn a_flat_register_is_refused_and_nothing_is_written() {
    let temp = tempfile::tempdir().unwrap();
    ok(temp.path(), &["init", "inv", "--nome", "UF"]);
    let dir = temp.path().join("inv");
    let flat = temp.path().join("registro.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in [
        ["Dado pessoal", "Finalidade", "Base legal", "Titular"],
        ["CPF", "Cadastro", "Art. 7º, II", "Servidores"],
    ]
    .iter()
    .enumerate()
    {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    book.save(&flat).unwrap();
    let before = git(&dir, &["rev-parse", "HEAD"]);
    let output = run_in(&dir, &["importar", flat.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(said.contains("não segue o modelo SGD"), "{said}");
    assert!(
        said.contains("Dado pessoal | Finalidade | Base legal"),
        "{said}"
    );
    assert_eq!(git(&dir, &["rev-parse", "HEAD"]), before);
    // Not a spreadsheet at all.
    std::fs::write(temp.path().join("x.xlsx"), "isto não é uma planilha").unwrap();
    let output = run_in(
        &dir,
        &["importar", temp.path().join("x.xlsx").to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("não foi possível ler a planilha"));
}

#[test]
fn an_existing_process_changes_only_with_substituir_and_keeps_what_the_template_lacks() {
    let (temp, dir) = exemplo();
    let xlsx = temp.path().join("sgd.xlsx");
    ok(
        &dir,
        &["exportar", "--interno", "--saida", xlsx.to_str().unwrap()],
    );
    let output = run_in(
        &dir,
        &[
            "importar",
            xlsx.to_str().unwrap(),
            "--processo",
            "biblioteca",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("já existe"), "{}", stdout(&output));
    let out = ok(
        &dir,
        &[
            "importar",
            xlsx.to_str().unwrap(),
            "--processo",
            "biblioteca",
            "--substituir",
        ],
    );
    assert!(
        out.contains("substituído biblioteca") || out.contains("biblioteca: nada mudou"),
        "{out}"
    );
    let catalogs = Catalogs::embedded().unwrap();
    let loaded = inventario::store::load(&dir, &catalogs).unwrap();
    let bib = &loaded
        .processes
        .iter()
        .find(|p| p.stem == "biblioteca")
        .unwrap()
        .process;
    assert!(
        bib.owner.is_some(),
        "the owner is not in the template and stays"
    );
    assert!(bib.description.is_some());
}

/// Calamine reads the export; LibreOffice opens it (converted headless to ODS)
/// and the ODS still holds every process.
#[test]
fn the_spreadsheet_opens_in_calamine_and_libreoffice_with_every_process() {
    let (temp, dir) = exemplo();
    let xlsx = temp.path().join("inventario-sgd.xlsx");
    ok(
        &dir,
        &["exportar", "--interno", "--saida", xlsx.to_str().unwrap()],
    );
    let grids = import::read_grids(&xlsx).unwrap();
    assert_eq!(grids[0].name, "Listagem geral");
    let catalogs = Catalogs::embedded().unwrap();
    let loaded = inventario::store::load(&dir, &catalogs).unwrap();
    for p in &loaded.processes {
        assert!(grids.iter().any(|g| g.name == p.stem), "tab {}", p.stem);
        assert!(
            grids[0]
                .rows
                .iter()
                .any(|r| r.first() == Some(&p.process.name)),
            "{}",
            p.process.name
        );
    }
    let md = temp.path().join("sgd.md");
    ok(
        &dir,
        &[
            "exportar",
            "--interno",
            "--formato",
            "markdown",
            "--saida",
            md.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("### 6 - Finalidade do Tratamento de Dados Pessoais"));

    if !crate::ripd::has_libreoffice() {
        return;
    }
    let profile = format!(
        "-env:UserInstallation=file://{}",
        temp.path().join("lo").display()
    );
    let convert = std::process::Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
        ])
        .arg(temp.path())
        .arg(&xlsx)
        .env("HOME", temp.path())
        .output()
        .unwrap();
    assert!(
        convert.status.success(),
        "{}",
        String::from_utf8_lossy(&convert.stderr)
    );
    let ods = temp.path().join("inventario-sgd.ods");
    let (processes, failed) =
        import::read_processes(&ods, &loaded.catalogs, None, today()).unwrap();
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(processes.len(), loaded.processes.len());
}

/// Export the sample, import it into an empty inventory: every row the
/// template holds comes back the same, but for the rows the report names.
#[test]
fn the_sample_survives_the_round_trip_in_everything_the_template_holds() {
    let (temp, dir) = exemplo();
    let xlsx = temp.path().join("sgd.xlsx");
    ok(
        &dir,
        &["exportar", "--interno", "--saida", xlsx.to_str().unwrap()],
    );
    let loaded = inventario::store::load(&dir, &Catalogs::embedded().unwrap()).unwrap();
    let institution = loaded.institution.clone().unwrap();
    let (imported, failed) =
        import::read_processes(&xlsx, &loaded.catalogs, None, today()).unwrap();
    assert!(failed.is_empty());
    assert_eq!(imported.len(), loaded.processes.len());
    for i in &imported {
        let original = &loaded
            .processes
            .iter()
            .find(|p| p.process.id == i.process.id)
            .unwrap()
            .process;
        let before = inventario::sgd::sheet(&institution, original, &loaded.catalogs);
        let after = inventario::sgd::sheet(&institution, &i.process, &loaded.catalogs);
        assert_eq!(before.len(), after.len());
        let noted: Vec<&str> = i.notes.iter().map(|n| n.row.as_str()).collect();
        for (a, b) in before.iter().zip(&after) {
            assert_eq!(a.title, b.title);
            assert_eq!(a.headers, b.headers);
            for (x, y) in a.rows.iter().zip(&b.rows) {
                let number = x.label.split(' ').next().unwrap_or_default();
                if !noted.contains(&number) {
                    assert_eq!(
                        x, y,
                        "{}: row {number} changed without a note",
                        i.process.id
                    );
                }
            }
            assert_eq!(a.rows.len(), b.rows.len(), "{}: {}", i.process.id, a.title);
        }
    }
    // Through the command: into an empty inventory with the sample's own
    // catalog extension, one commit per process.
    ok(temp.path(), &["init", "vazio", "--nome", "UFDPar"]);
    let empty = temp.path().join("vazio");
    for entry in std::fs::read_dir(dir.join("catalogos")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            empty.join("catalogos").join(entry.file_name()),
        )
        .unwrap();
    }
    ok(&empty, &["registrar"]);
    let out = ok(&empty, &["importar", xlsx.to_str().unwrap()]);
    assert_eq!(
        out.matches("\nimportado ").count() + usize::from(out.starts_with("importado ")),
        18,
        "{out}"
    );
    let log = git(&empty, &["log", "--format=%s"]);
    assert_eq!(log.matches("importado de sgd.xlsx").count(), 18);
}
