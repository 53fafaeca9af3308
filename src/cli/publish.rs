//! Publication and exchange commands: `exportar` (the public inventory, or the
//! SGD spreadsheet for the committee), `importar` (an SGD spreadsheet into the
//! inventory) and `titular` (everything one group of titulares should know).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{HELP_TEMPLATE, load, print, print_notices, today};
use crate::export::public::{self, PublicFormat};
use crate::history::History;
use crate::model::{Institution, Process};
use crate::publish::subject::{self, Audience};
use crate::publish::{self as publication, ApprovalNote, Withheld};
use crate::store::LoadedInventory;

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

/// The institution and processes to export: the working files, or what the
/// committee approved. Unreadable files are named in `left_out`.
struct Source {
    institution: Institution,
    processes: Vec<Process>,
    catalogs: crate::catalog::Catalogs,
    approval: Option<ApprovalNote>,
    left_out: Vec<Withheld>,
}

fn unreadable(loaded: &LoadedInventory) -> Vec<Withheld> {
    loaded
        .problems
        .iter()
        .filter(|p| p.kind == crate::store::ProblemKind::Unreadable)
        .map(|p| Withheld {
            id: p.file.clone(),
            name: String::new(),
            reason: format!("arquivo ilegível: {}", p.message),
        })
        .collect()
}

fn working_source(dir: &Path) -> Result<Source> {
    let loaded = load(dir)?;
    let Some(institution) = loaded.institution.clone() else {
        bail!(
            "{}: inventario.ron não pôde ser lido; sem controlador e encarregado não há o que publicar. Rode `inventario check` para ver o erro.",
            dir.display()
        );
    };
    Ok(Source {
        left_out: unreadable(&loaded),
        institution,
        processes: loaded.processes.into_iter().map(|p| p.process).collect(),
        catalogs: loaded.catalogs,
        approval: None,
    })
}

fn approved_source(dir: &Path) -> Result<Source> {
    let loaded = load(dir)?;
    let history = History::open(dir)?;
    let state = history.approved_state();
    print_notices(&history);
    let Some(state) = state? else {
        bail!(
            "{}: o comitê ainda não aprovou nenhum processo (`inventario revisao aprovar`); sem aprovação não há o que exportar com --aprovado",
            dir.display()
        );
    };
    let mut left_out: Vec<Withheld> = state
        .never_approved
        .iter()
        .map(|stem| Withheld {
            id: stem.clone(),
            name: String::new(),
            reason: "nunca aprovado pelo comitê".to_owned(),
        })
        .collect();
    let mut processes = Vec::new();
    for (stem, bytes) in &state.processes {
        match crate::ron_text::parse::<Process>(bytes) {
            Ok(p) => processes.push(p),
            Err(e) => left_out.push(Withheld {
                id: stem.clone(),
                name: String::new(),
                reason: format!(
                    "a versão aprovada (commit {}) não pôde ser lida: {e}",
                    state.last.commit.short()
                ),
            }),
        }
    }
    let institution = match state
        .institution
        .as_deref()
        .map(crate::ron_text::parse::<Institution>)
    {
        Some(Ok(institution)) => institution,
        _ => loaded
            .institution
            .clone()
            .with_context(|| format!("{}: inventario.ron não pôde ser lido", dir.display()))?,
    };
    Ok(Source {
        institution,
        processes,
        catalogs: loaded.catalogs,
        approval: Some(ApprovalNote {
            ata: state.last.minutes.clone(),
            data: state.last.date.clone(),
            commit: state.last.commit.short(),
        }),
        left_out,
    })
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
    let source = if args.approved {
        approved_source(&dir)?
    } else {
        working_source(&dir)?
    };
    if args.internal {
        return export_internal(&args, source);
    }
    let format = match args.format.unwrap_or(ExportFormat::Html) {
        ExportFormat::Html => PublicFormat::Html,
        ExportFormat::Markdown => PublicFormat::Markdown,
        ExportFormat::Json => PublicFormat::Json,
        ExportFormat::Csv => PublicFormat::Csv,
        ExportFormat::Xlsx => {
            bail!("o formato xlsx é o da planilha SGD, que é interna: use --interno --formato xlsx")
        }
    };
    let refs: Vec<&Process> = source.processes.iter().collect();
    let (inventory, mut withheld) = publication::build(
        &source.institution,
        &refs,
        &source.catalogs,
        today()?,
        source.approval.clone(),
    );
    withheld.extend(source.left_out.iter().cloned());
    let count = inventory.processos.len();
    match (&args.dest, format) {
        (None, PublicFormat::Json) => print(&public::json(&inventory)?)?,
        (None, PublicFormat::Csv) => print(&String::from_utf8_lossy(&public::csv(&inventory)?))?,
        (dest, _) => {
            let dest = dest
                .clone()
                .unwrap_or_else(|| PathBuf::from("inventario-publico"));
            let bar = progress_bar("exportando");
            let written = public::write_public(&inventory, format, &dest, &mut |done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })?;
            bar.finish_and_clear();
            let start = written.first().cloned().unwrap_or(dest);
            print(&format!(
                "Inventário público: {count} tratamento(s) em {}.\n",
                start.display()
            ))?;
        }
    }
    report_left_out(&withheld);
    Ok(
        if source
            .left_out
            .iter()
            .any(|w| w.reason.starts_with("arquivo ilegível"))
        {
            1
        } else {
            0
        },
    )
}

fn progress_bar(what: &str) -> indicatif::ProgressBar {
    indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(&format!("{what} {{pos}}/{{len}}"))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    )
}

fn export_internal(args: &ExportArgs, source: Source) -> Result<u8> {
    let markdown = match args.format.unwrap_or(ExportFormat::Xlsx) {
        ExportFormat::Xlsx => false,
        ExportFormat::Markdown => true,
        other => bail!(
            "a exportação interna (planilha SGD) é xlsx ou markdown, não {}",
            match other {
                ExportFormat::Html => "html",
                ExportFormat::Json => "json",
                _ => "csv",
            }
        ),
    };
    let processes: Vec<&Process> = source
        .processes
        .iter()
        .filter(|p| p.archived.is_none())
        .collect();
    let workbook = crate::sgd::workbook(&source.institution, &processes, &source.catalogs);
    let dest = args.dest.clone().unwrap_or_else(|| {
        PathBuf::from(if markdown {
            "inventario-sgd.md"
        } else {
            "inventario-sgd.xlsx"
        })
    });
    let bytes = if markdown {
        crate::export::sgd::markdown(&workbook).into_bytes()
    } else {
        crate::export::sgd::xlsx(&workbook)?
    };
    crate::store::write_atomically(&dest, &bytes)
        .with_context(|| format!("{}: não foi possível gravar", dest.display()))?;
    print(&format!(
        "Planilha SGD: {} processo(s) em {}.\n",
        workbook.sheets.len(),
        dest.display()
    ))?;
    report_left_out(&source.left_out);
    Ok(0)
}

pub(super) fn titular(args: SubjectArgs) -> Result<u8> {
    let source = working_source(&args.dir.dir)?;
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
