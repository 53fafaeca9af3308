//! The public inventory written out (LGPD art. 23 I): static HTML pages (an index
//! and one page per process, pt-BR, accessible, no JavaScript), the same pages in
//! Markdown, the versioned JSON of `publish::view`, and a `;`-separated CSV with a
//! BOM (one row per process × data field) that LibreOffice and Excel open in
//! pt-BR. Pages come from the templates in `templates/publico/` (minijinja,
//! HTML-escaped by file name), never from string concatenation.

use std::path::{Path, PathBuf};

use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use super::ExportError;
use crate::publish::subject::SubjectReport;
use crate::publish::{PublicInventory, PublicProcess};

/// The formats of `exportar --publico`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicFormat {
    Html,
    Markdown,
    Json,
    Csv,
}

impl PublicFormat {
    /// Whether the format is a directory of pages (else one file).
    pub fn is_pages(self) -> bool {
        matches!(self, PublicFormat::Html | PublicFormat::Markdown)
    }
    fn extension(self) -> &'static str {
        match self {
            PublicFormat::Html => "html",
            PublicFormat::Markdown => "md",
            PublicFormat::Json => "json",
            PublicFormat::Csv => "csv",
        }
    }
}

const TEMPLATES: &[(&str, &str)] = &[
    (
        "estilo.css",
        include_str!("../../templates/publico/estilo.css"),
    ),
    (
        "base.html",
        include_str!("../../templates/publico/base.html"),
    ),
    (
        "contatos.html",
        include_str!("../../templates/publico/contatos.html"),
    ),
    (
        "index.html",
        include_str!("../../templates/publico/index.html"),
    ),
    (
        "processo.html",
        include_str!("../../templates/publico/processo.html"),
    ),
    (
        "titular.html",
        include_str!("../../templates/publico/titular.html"),
    ),
    (
        "contatos.md",
        include_str!("../../templates/publico/contatos.md"),
    ),
    ("index.md", include_str!("../../templates/publico/index.md")),
    (
        "processo.md",
        include_str!("../../templates/publico/processo.md"),
    ),
    (
        "titular.md",
        include_str!("../../templates/publico/titular.md"),
    ),
    (
        "titular.txt",
        include_str!("../../templates/publico/titular.txt"),
    ),
];

/// `2026-03-01` → `01/03/2026`; anything else as it came.
fn date_filter(value: String) -> String {
    match chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
        Ok(date) => date.format("%d/%m/%Y").to_string(),
        Err(_) => value,
    }
}

/// Text made safe inside Markdown (and its tables): markup characters escaped,
/// HTML neutralised, lines joined.
pub fn markdown_escape(value: String) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '[' | ']' | '`' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}

fn environment() -> Result<Environment<'static>, ExportError> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|e| ExportError::Template(e.to_string()))?;
    }
    env.add_filter("data", date_filter);
    env.add_filter("md", markdown_escape);
    Ok(env)
}

fn render(env: &Environment<'_>, name: &str, ctx: Value) -> Result<String, ExportError> {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| ExportError::Template(format!("{name}: {e:#}")))
}

/// The index page, in HTML or Markdown.
pub fn index_page(inv: &PublicInventory, format: PublicFormat) -> Result<String, ExportError> {
    let env = environment()?;
    render(
        &env,
        &format!("index.{}", format.extension()),
        context! { inv => Value::from(Serde(inv)) },
    )
}

/// One process's page, in HTML or Markdown.
pub fn process_page(
    inv: &PublicInventory,
    process: &PublicProcess,
    format: PublicFormat,
) -> Result<String, ExportError> {
    let env = environment()?;
    render(
        &env,
        &format!("processo.{}", format.extension()),
        context! { inv => Value::from(Serde(inv.masthead())), p => Value::from(Serde(process)) },
    )
}

/// The JSON document (schema `versao_esquema`, `docs/esquema-publico.md`).
pub fn json(inv: &PublicInventory) -> Result<String, ExportError> {
    serde_json::to_string_pretty(inv)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| ExportError::Template(e.to_string()))
}

/// The CSV columns, one row per process × data field.
pub const CSV_HEADERS: &[&str] = &[
    "Id do tratamento",
    "Tratamento",
    "Unidade",
    "Finalidades",
    "Bases legais",
    "Titulares",
    "Crianças e adolescentes",
    "Dado pessoal",
    "Descrição do dado",
    "Categoria",
    "Sensível",
    "Finalidades do dado",
    "Guarda",
    "Código TTDD",
    "Compartilhado com",
    "Transferência internacional",
    "Atualizado em",
];

/// The CSV file: UTF-8 with BOM, `;`-separated, one row per process × field (a
/// process without fields has one row with the field columns empty).
pub fn csv(inv: &PublicInventory) -> Result<Vec<u8>, ExportError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        let failed = |e: ::csv::Error| ExportError::Template(e.to_string());
        writer.write_record(CSV_HEADERS).map_err(failed)?;
        for p in &inv.processos {
            let purposes = p
                .finalidades
                .iter()
                .map(|f| f.descricao.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            let bases = p
                .finalidades
                .iter()
                .filter_map(|f| f.base_legal.as_ref())
                .map(|b| format!("{} ({})", b.nome, b.artigo))
                .collect::<Vec<_>>()
                .join("; ");
            let subjects = p
                .titulares
                .iter()
                .map(|t| t.nome.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            let sharing = match p.compartilhamentos.situacao {
                "nao_se_aplica" => "não há".to_owned(),
                _ => p
                    .compartilhamentos
                    .itens
                    .iter()
                    .map(|c| c.destinatario.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            let transfers = match p.transferencias_internacionais.situacao {
                "nao_se_aplica" => "não há".to_owned(),
                _ => p
                    .transferencias_internacionais
                    .itens
                    .iter()
                    .map(|t| format!("{} ({})", t.organizacao, t.pais))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            let updated = p.atualizado_em.format("%d/%m/%Y").to_string();
            let common = |field: [String; 6]| {
                let [name, description, category, sensitive, field_purposes, keep] = field;
                let retention = p.retencao.as_ref();
                vec![
                    p.id.clone(),
                    p.nome.clone(),
                    p.unidade.clone().unwrap_or_default(),
                    purposes.clone(),
                    bases.clone(),
                    subjects.clone(),
                    p.criancas_adolescentes.to_owned(),
                    name,
                    description,
                    category,
                    sensitive,
                    field_purposes,
                    if keep.is_empty() {
                        retention.map(|r| r.resumo.clone()).unwrap_or_default()
                    } else {
                        keep
                    },
                    retention
                        .and_then(|r| r.codigo_ttdd.clone())
                        .unwrap_or_default(),
                    sharing.clone(),
                    transfers.clone(),
                    updated.clone(),
                ]
            };
            if p.dados.is_empty() {
                writer
                    .write_record(common(Default::default()))
                    .map_err(failed)?;
            }
            for d in &p.dados {
                writer
                    .write_record(common([
                        d.nome.clone(),
                        d.descricao.clone().unwrap_or_default(),
                        d.categoria.clone(),
                        if d.sensivel { "sim" } else { "não" }.to_owned(),
                        d.finalidades.join("; "),
                        d.retencao
                            .as_ref()
                            .map(|r| r.resumo.clone())
                            .unwrap_or_default(),
                    ]))
                    .map_err(failed)?;
            }
        }
        writer
            .flush()
            .map_err(|e| ExportError::Template(e.to_string()))?;
    }
    Ok(out)
}

/// The data-subject report as text, Markdown or HTML.
pub fn subject_report(report: &SubjectReport, format: &str) -> Result<String, ExportError> {
    let env = environment()?;
    render(
        &env,
        &format!("titular.{format}"),
        context! { inv => Value::from(Serde(report)), r => Value::from(Serde(report)) },
    )
}

/// Writes one output file, replacing it whole; `durable` syncs it to disk (a
/// single file), pages of a site are not synced one by one.
fn write_file(path: &Path, bytes: &[u8], durable: bool) -> Result<(), ExportError> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| ExportError::io(parent, e))?;
    }
    // An unchanged page is left alone: a re-export touches only what changed
    // (static hosts and rsync then skip the rest).
    if !durable && std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let written = if durable {
        crate::store::write_atomically(path, bytes)
    } else {
        crate::store::write_atomically_unsynced(path, bytes)
    };
    written.map_err(|e| ExportError::Write(path.to_path_buf(), e.to_string()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_file(path, bytes, true)
}

/// Writes the export to `dest`: a directory (`index.*` and `processos/<id>.*`)
/// for HTML and Markdown, a file for JSON and CSV. Pages of processes no longer
/// published are removed. `progress(done, total)` is called after each file.
pub fn write_public(
    inv: &PublicInventory,
    format: PublicFormat,
    dest: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<PathBuf>, ExportError> {
    match format {
        PublicFormat::Json => {
            write(dest, json(inv)?.as_bytes())?;
            progress(1, 1);
            return Ok(vec![dest.to_path_buf()]);
        }
        PublicFormat::Csv => {
            write(dest, &csv(inv)?)?;
            progress(1, 1);
            return Ok(vec![dest.to_path_buf()]);
        }
        PublicFormat::Html | PublicFormat::Markdown => {}
    }
    if dest.exists() && !dest.is_dir() {
        return Err(ExportError::NotADirectory(dest.to_path_buf()));
    }
    let env = environment()?;
    let ext = format.extension();
    let total = inv.processos.len() + 1;
    let index = dest.join(format!("index.{ext}"));
    let mut written = vec![index.clone()];
    let pages = dest.join("processos");
    // Converted once: each page shares it (a minijinja value is reference-counted).
    let masthead = Value::from(Serde(inv.masthead()));
    for (n, p) in inv.processos.iter().enumerate() {
        let path = pages.join(format!("{}.{ext}", p.id));
        let page = render(
            &env,
            &format!("processo.{ext}"),
            context! { inv => masthead.clone(), p => Value::from(Serde(p)) },
        )?;
        write_file(&path, page.as_bytes(), false)?;
        written.push(path);
        progress(n + 1, total);
    }
    remove_stale_pages(&pages, ext, &written)?;
    // The index last, synced: it never links a page not yet written.
    let page = render(
        &env,
        &format!("index.{ext}"),
        context! { inv => Value::from(Serde(inv)) },
    )?;
    write(&index, page.as_bytes())?;
    progress(total, total);
    Ok(written)
}

/// Removes `processos/*.<ext>` pages this export did not write (a process since
/// withheld or removed must not stay online).
fn remove_stale_pages(dir: &Path, ext: &str, written: &[PathBuf]) -> Result<(), ExportError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let kept: std::collections::HashSet<&PathBuf> = written.iter().collect();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == ext) && !kept.contains(&path) {
            std::fs::remove_file(&path).map_err(|e| ExportError::io(&path, e))?;
        }
    }
    Ok(())
}
