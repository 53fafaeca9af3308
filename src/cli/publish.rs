//! Publication and exchange commands: `exportar` (the public inventory, or the
//! SGD spreadsheet for the committee), `importar` (an SGD spreadsheet into the
//! inventory) and `titular` (everything one group of titulares should know).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{HELP_TEMPLATE, load, print, print_notices, today};
use crate::export::public::{self, PublicFormat};
use crate::export::{self, Format, Source};
use crate::history::History;
use crate::model::Process;
use crate::publish::Withheld;
use crate::publish::subject::{self, Audience};

/// `exportar --formato`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ExportFormat {
    #[value(name = "html")]
    Html,
    #[value(name = "markdown")]
    Markdown,
    #[value(name = "json")]
    Json,
    #[value(name = "csv")]
    Csv,
    #[value(name = "xlsx")]
    Xlsx,
}

impl ExportFormat {
    fn name(self) -> &'static str {
        match self {
            ExportFormat::Html => "html",
            ExportFormat::Markdown => "markdown",
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// `titular --formato`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum SubjectFormat {
    #[value(name = "texto")]
    Text,
    #[value(name = "markdown")]
    Markdown,
    #[value(name = "html")]
    Html,
    #[value(name = "json")]
    Json,
}

#[derive(Debug, clap::Args)]
#[command(help_template = HELP_TEMPLATE, next_help_heading = "Opções")]
pub(super) struct ExportArgs {
    /// Diretório do inventário (padrão: o diretório atual)
    #[arg(value_name = "DIR", help_heading = "Argumentos")]
    pub dir: Option<PathBuf>,
    /// O inventário público (LGPD art. 23, I): sem o que é interno
    #[arg(
        long = "publico",
        conflicts_with = "internal",
        required_unless_present = "internal"
    )]
    pub public: bool,
    /// O inventário completo na planilha do modelo SGD, para o processo SEI e o comitê
    #[arg(long = "interno")]
    pub internal: bool,
    /// Público: html (padrão), markdown, json ou csv. Interno: xlsx (padrão) ou markdown
    #[arg(
        long = "formato",
        value_name = "FORMATO",
        value_enum,
        hide_possible_values = true
    )]
    pub format: Option<ExportFormat>,
    /// Destino: um diretório para html e markdown públicos, um arquivo para os demais
    /// (json e csv sem --saida vão para a saída padrão)
    #[arg(long = "saida", value_name = "DESTINO")]
    pub dest: Option<PathBuf>,
    /// Exporta o que o comitê aprovou por último (cada processo na sua última aprovação)
    #[arg(long = "aprovado")]
    pub approved: bool,
}

#[derive(Debug, clap::Args)]
#[command(help_template = HELP_TEMPLATE, next_help_heading = "Opções")]
pub(super) struct SubjectArgs {
    /// Grupo de titulares (id de titulares.ron: discentes, servidores…)
    #[arg(value_name = "GRUPO", help_heading = "Argumentos")]
    pub group: String,
    /// texto (padrão), markdown, html ou json
    #[arg(
        long = "formato",
        value_name = "FORMATO",
        value_enum,
        default_value = "texto",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub format: SubjectFormat,
    /// Relatório interno, para o comitê: inclui processos não publicados e os sistemas
    #[arg(long = "interno")]
    pub internal: bool,
    /// Grava no arquivo em vez da saída padrão
    #[arg(long = "saida", value_name = "ARQUIVO")]
    pub dest: Option<PathBuf>,
    #[command(flatten)]
    pub dir: super::DirArg,
}

fn source(dir: &Path, approved: bool) -> Result<Source> {
    let embedded = super::embedded_catalogs()?;
    let source = if approved {
        export::source::approved(dir, &embedded)?
    } else {
        export::source::working(dir, &embedded)?
    };
    for notice in &source.notices {
        eprintln!("aviso: {notice}");
    }
    Ok(source)
}

fn report_left_out(left_out: &[Withheld]) {
    if left_out.is_empty() {
        return;
    }
    eprintln!("Não exportados (dito só aqui, nunca na página):");
    for w in left_out {
        let name = if w.name.is_empty() {
            String::new()
        } else {
            format!(" ({})", w.name)
        };
        eprintln!("  - {}{name}: {}", w.id, w.reason);
    }
}

pub(super) fn exportar(args: ExportArgs) -> Result<u8> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let format = match (args.internal, args.format) {
        (true, None | Some(ExportFormat::Xlsx)) => Format::Sgd { markdown: false },
        (true, Some(ExportFormat::Markdown)) => Format::Sgd { markdown: true },
        (true, Some(other)) => bail!(
            "a exportação interna (planilha SGD) é xlsx ou markdown, não {}",
            other.name()
        ),
        (false, None | Some(ExportFormat::Html)) => Format::Public(PublicFormat::Html),
        (false, Some(ExportFormat::Markdown)) => Format::Public(PublicFormat::Markdown),
        (false, Some(ExportFormat::Json)) => Format::Public(PublicFormat::Json),
        (false, Some(ExportFormat::Csv)) => Format::Public(PublicFormat::Csv),
        (false, Some(ExportFormat::Xlsx)) => {
            bail!("o formato xlsx é o da planilha SGD, que é interna: use --interno --formato xlsx")
        }
    };
    let source = source(&dir, args.approved)?;
    // JSON and CSV without --saida go to standard output, for pipelines.
    if args.dest.is_none()
        && let Format::Public(f @ (PublicFormat::Json | PublicFormat::Csv)) = format
    {
        let (inventory, withheld) = export::public_view(&source, today()?);
        if f == PublicFormat::Json {
            print(&public::json(&inventory)?)?;
        } else {
            print(&String::from_utf8_lossy(&public::csv(&inventory)?))?;
        }
        report_left_out(&withheld);
        return Ok(u8::from(source.has_unreadable()));
    }
    let dest = args
        .dest
        .clone()
        .unwrap_or_else(|| PathBuf::from(format.default_dest()));
    let bar = progress_bar("exportando");
    let summary = export::export(&source, format, &dest, today()?, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let summary = summary?;
    print(&format!(
        "{}: {} processo(s) em {}.\n",
        crate::text::capitalized(format.label()),
        summary.count,
        summary.first.display()
    ))?;
    report_left_out(&summary.left_out);
    Ok(u8::from(source.has_unreadable()))
}

fn progress_bar(what: &str) -> indicatif::ProgressBar {
    indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(&format!("{what} {{pos}}/{{len}}"))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    )
}

pub(super) fn titular(args: SubjectArgs) -> Result<u8> {
    let source = source(&args.dir.dir, false)?;
    let refs: Vec<&Process> = source.processes.iter().collect();
    let audience = if args.internal {
        Audience::Internal
    } else {
        Audience::Public
    };
    let Some((report, withheld)) = subject::report(
        &source.institution,
        &refs,
        &source.catalogs,
        &args.group,
        audience,
        today()?,
    ) else {
        let known: Vec<&str> = source
            .catalogs
            .subject_groups
            .iter()
            .map(|g| g.id.as_str())
            .collect();
        eprintln!(
            "erro: \"{}\" não é um grupo de titulares de titulares.ron; grupos: {}",
            args.group,
            known.join(", ")
        );
        return Ok(2);
    };
    let text = match args.format {
        SubjectFormat::Text => public::subject_report(&report, "txt")?,
        SubjectFormat::Markdown => public::subject_report(&report, "md")?,
        SubjectFormat::Html => public::subject_report(&report, "html")?,
        SubjectFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    match &args.dest {
        Some(dest) => {
            crate::store::write_atomically(dest, text.as_bytes())
                .with_context(|| format!("{}: não foi possível gravar", dest.display()))?;
            print(&format!(
                "Relatório de {}: {} tratamento(s) em {}.\n",
                report.nome_grupo,
                report.processos.len(),
                dest.display()
            ))?;
        }
        None => print(&text)?,
    }
    report_left_out(&withheld);
    report_left_out(&source.left_out);
    Ok(0)
}

#[derive(Debug, clap::Args)]
#[command(help_template = HELP_TEMPLATE, next_help_heading = "Opções")]
pub(super) struct ImportArgs {
    /// Planilha no modelo SGD (.xlsx, .ods ou .xls)
    #[arg(value_name = "PLANILHA", help_heading = "Argumentos")]
    pub spreadsheet: PathBuf,
    /// Importa só este processo (o id da linha 1.2, ou o nome da aba)
    #[arg(long = "processo", value_name = "ID")]
    pub process: Option<String>,
    /// Troca, num processo que já existe, o que a planilha tem (o resto fica)
    #[arg(long = "substituir")]
    pub replace: bool,
    #[command(flatten)]
    pub dir: super::DirArg,
}

pub(super) fn importar(args: ImportArgs) -> Result<u8> {
    use crate::import::{self, Outcome};
    let loaded = load(&args.dir.dir)?;
    let history = History::open(&args.dir.dir)?;
    let (processes, failed) = match import::read_processes(
        &args.spreadsheet,
        &loaded.catalogs,
        args.process.as_deref(),
        today()?,
    ) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("erro: {e}");
            return Ok(2);
        }
    };
    let name = args.spreadsheet.file_name().map_or_else(
        || args.spreadsheet.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let author = history.author();
    let mut out = String::new();
    let mut refused = failed.len();
    for e in &failed {
        out.push_str(&format!("NÃO importado: {e}\n"));
    }
    for imported in &processes {
        let id = imported.process.id.as_str();
        let outcome = import::write_process(&history, imported, args.replace, &name, &author);
        print_notices(&history);
        match outcome? {
            Outcome::Created(commit) => {
                out.push_str(&format!("importado {id} (aba \"{}\"): {commit}\n", imported.sheet))
            }
            Outcome::Replaced(commit) => out.push_str(&format!(
                "substituído {id} (aba \"{}\"): {commit}; veja com `inventario diff --processo {id}`\n",
                imported.sheet
            )),
            Outcome::Unchanged => out.push_str(&format!("{id}: nada mudou\n")),
            Outcome::Refused(reason) => {
                refused += 1;
                out.push_str(&format!("NÃO importado {id}: {reason}\n"));
            }
        }
        for line in import::report_lines(imported) {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&format!(
        "\nO modelo SGD não tem lugar para: {}. Complete-os no aplicativo; `inventario check` mostra o que falta.\n",
        import::keys_without_place().join(", ")
    ));
    print(&out)?;
    Ok(if refused > 0 { 1 } else { 0 })
}
