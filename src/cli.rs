//! The command line: clap definitions (Portuguese help and errors) and one thin
//! function per command that calls into `store`, `checkup` and `report`.
//! Exit codes: 0 ok, 1 errors found (or files not canonical), 2 unreadable input
//! or a wrong argument.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Parser, Subcommand, ValueEnum};

use crate::catalog::Catalogs;
use crate::listing;
use crate::model::{Institution, Process};
use crate::report;
use crate::rules;
use crate::rules::CheckContext;
use crate::store::{self, FileState, LoadedInventory};

const HELP_TEMPLATE: &str = "{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}\n";

#[derive(Debug, Parser)]
#[command(
    name = "inventario",
    version,
    about = "Inventário de Dados Pessoais (LGPD art. 37) e RIPD para instituições públicas",
    help_template = HELP_TEMPLATE,
    override_usage = "inventario <COMANDO> [ARGUMENTOS]",
    subcommand_help_heading = "Comandos",
    subcommand_value_name = "COMANDO",
    next_help_heading = "Opções",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    arg_required_else_help = true,
    after_help = "Comece por `inventario exemplo`, que cria uma cópia do inventário de exemplo e mostra o que ele contém."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[arg(short = 'h', long = "ajuda", action = ArgAction::Help, global = true, help = "Mostra esta ajuda")]
    help: Option<bool>,
    #[arg(short = 'V', long = "versao", action = ArgAction::Version, help = "Mostra a versão")]
    version: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    #[value(name = "texto")]
    Text,
    #[value(name = "json")]
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verifica o inventário e lista todos os problemas, com o artigo de cada regra
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario check [DIR] [--formato texto|json]",
        next_help_heading = "Opções",
        after_help = "Saída: 0 sem erros (avisos não contam), 1 com erros, 2 se algum arquivo não pôde ser lido."
    )]
    Check {
        /// Diretório do inventário (padrão: o diretório atual)
        #[arg(value_name = "DIR", help_heading = "Argumentos")]
        dir: Option<PathBuf>,
        /// Formato da saída: texto (padrão) ou json
        #[arg(
            long = "formato",
            value_name = "FORMATO",
            value_enum,
            default_value = "texto",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: OutputFormat,
    },
    /// Cria um inventário novo, vazio, em DIR
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario init DIR [--nome NOME]",
        next_help_heading = "Opções"
    )]
    Init {
        /// Diretório a criar (não pode existir com conteúdo)
        #[arg(value_name = "DIR", help_heading = "Argumentos")]
        dir: PathBuf,
        /// Nome da instituição (controlador)
        #[arg(
            long = "nome",
            value_name = "NOME",
            default_value = "Nome da instituição",
            hide_default_value = true
        )]
        name: String,
    },
    /// Reescreve os arquivos no formato canônico (o que o programa grava)
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario formatar [DIR] [--verificar]",
        next_help_heading = "Opções",
        after_help = "Arquivos que não podem ser lidos nunca são reescritos."
    )]
    Formatar {
        /// Diretório do inventário (padrão: o diretório atual)
        #[arg(value_name = "DIR", help_heading = "Argumentos")]
        dir: Option<PathBuf>,
        /// Não altera nada; sai com 1 se algum arquivo não estiver no formato canônico
        #[arg(long = "verificar")]
        check_only: bool,
    },
    /// Cria uma cópia do inventário de exemplo (UFDPar) e mostra o que ele contém
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario exemplo [DESTINO]",
        next_help_heading = "Opções"
    )]
    Exemplo {
        /// Onde criar a cópia (padrão: ./inventario-exemplo); se já existir, é reaproveitada
        #[arg(value_name = "DESTINO", help_heading = "Argumentos")]
        dest: Option<PathBuf>,
    },
    /// Lista as regras do `check`, com severidade e artigo
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario regras")]
    Regras,
}

/// Entry point used by `main`.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return report_clap_error(&error),
    };
    match run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("erro: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<u8> {
    match command {
        Command::Check { dir, format } => check(&dir_or_current(dir), format),
        Command::Init { dir, name } => init(&dir, &name),
        Command::Formatar { dir, check_only } => formatar(&dir_or_current(dir), check_only),
        Command::Exemplo { dest } => {
            exemplo(&dest.unwrap_or_else(|| PathBuf::from("inventario-exemplo")))
        }
        Command::Regras => regras(),
    }
}

fn dir_or_current(dir: Option<PathBuf>) -> PathBuf {
    dir.unwrap_or_else(|| PathBuf::from("."))
}

/// The reference date: today, or `INVENTARIO_HOJE` (AAAA-MM-DD) for scripts and tests.
fn today() -> Result<NaiveDate> {
    match std::env::var("INVENTARIO_HOJE") {
        Ok(text) => NaiveDate::parse_from_str(&text, "%Y-%m-%d").with_context(|| {
            format!("INVENTARIO_HOJE=\"{text}\" não é uma data no formato AAAA-MM-DD")
        }),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

fn embedded_catalogs() -> Result<Catalogs> {
    Catalogs::embedded().map_err(|errors| {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("catálogos embutidos inválidos: {}", text.join("; "))
    })
}

fn load(dir: &Path) -> Result<LoadedInventory> {
    Ok(store::load(dir, &embedded_catalogs()?)?)
}

fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("não foi possível escrever na saída"),
    }
}

fn check(dir: &Path, format: OutputFormat) -> Result<u8> {
    let inventory = load(dir)?;
    let findings = crate::checkup::check(&inventory, today()?);
    let name = dir.display().to_string();
    let count = inventory.processes.len();
    print(&match format {
        OutputFormat::Text => report::text(&name, count, &findings),
        OutputFormat::Json => report::json(&name, count, &findings),
    })?;
    Ok(exit_code(&inventory, &findings))
}

fn exit_code(inventory: &LoadedInventory, findings: &[rules::Finding]) -> u8 {
    if inventory.has_unreadable_files() {
        2
    } else if rules::count(findings).0 > 0 {
        1
    } else {
        0
    }
}

fn init(dir: &Path, name: &str) -> Result<u8> {
    store::init(dir, name)?;
    print(&format!(
        "Inventário criado em {}.\nPreencha inventario.ron (controlador, encarregado, política) e crie processos em processos/.\nDepois rode `inventario check {}`.\n",
        dir.display(),
        dir.display()
    ))?;
    Ok(0)
}

fn formatar(dir: &Path, check_only: bool) -> Result<u8> {
    let statuses = store::format_inventory(dir, !check_only)?;
    let mut out = String::new();
    let mut changed = 0;
    let mut unreadable = 0;
    for status in &statuses {
        match &status.state {
            FileState::Canonical => {}
            FileState::NotCanonical => {
                changed += 1;
                let verb = if check_only {
                    "fora do formato canônico"
                } else {
                    "reescrito"
                };
                out.push_str(&format!("{}: {verb}\n", status.file));
            }
            FileState::Unreadable(reason) => {
                unreadable += 1;
                out.push_str(&format!(
                    "{}: ilegível, não alterado ({reason})\n",
                    status.file
                ));
            }
        }
    }
    out.push_str(&format!(
        "{} arquivo(s) verificados, {changed} {}, {unreadable} ilegível(is).\n",
        statuses.len(),
        if check_only {
            "fora do formato"
        } else {
            "reescrito(s)"
        }
    ));
    print(&out)?;
    Ok(if unreadable > 0 {
        2
    } else if check_only && changed > 0 {
        1
    } else {
        0
    })
}

fn exemplo(dest: &Path) -> Result<u8> {
    let created = if store::is_inventory(dest) {
        false
    } else {
        store::extract_sample(dest)?;
        true
    };
    let inventory = load(dest)?;
    let findings = crate::checkup::check(&inventory, today()?);
    let mut out = String::new();
    if created {
        out.push_str(&format!(
            "Inventário de exemplo criado em {}.\n\n",
            dest.display()
        ));
    } else {
        out.push_str(&format!(
            "Usando o inventário de exemplo já existente em {}.\n\n",
            dest.display()
        ));
    }
    let fallback = Institution::template("(inventario.ron ilegível)");
    let ctx = CheckContext {
        catalogs: &inventory.catalogs,
        institution: inventory.institution.as_ref().unwrap_or(&fallback),
        today: today()?,
    };
    let processes: Vec<&Process> = inventory.processes.iter().map(|p| &p.process).collect();
    out.push_str(&listing::general_listing(
        &ctx,
        &processes,
        &findings,
        inventory.problems.len(),
    ));
    out.push_str(&format!(
        "\nPróximos passos:\n  inventario check {0}        lista cada problema com a regra e o artigo\n  inventario check {0} --formato json\n  edite os arquivos em {0}/processos/ e rode o check de novo\n",
        dest.display()
    ));
    print(&out)?;
    Ok(0)
}

fn regras() -> Result<u8> {
    let mut out = String::from("Regras do `inventario check`:\n\n");
    for rule in rules::registry::ALL {
        out.push_str(&format!(
            "{:<5} {:<44} {}\n      {}\n",
            rule.severity.label(),
            rule.id,
            rule.title,
            rule.article
        ));
    }
    print(&out)?;
    Ok(0)
}

fn context_text(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Prints clap's help as is, and its errors in Portuguese.
fn report_clap_error(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let arg = context_text(error, ContextKind::InvalidArg).unwrap_or_default();
    let message = match error.kind() {
        ErrorKind::InvalidValue => format!(
            "valor inválido \"{}\" para {arg}; valores aceitos: {}",
            context_text(error, ContextKind::InvalidValue).unwrap_or_default(),
            context_text(error, ContextKind::ValidValue).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("argumento desconhecido: {arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "comando desconhecido: {}",
            context_text(error, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => format!("falta o argumento obrigatório {arg}"),
        ErrorKind::MissingSubcommand => "falta o comando".to_owned(),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("argumentos demais: {arg}")
        }
        ErrorKind::ArgumentConflict => format!("argumentos incompatíveis: {arg}"),
        _ => format!("argumentos inválidos ({})", error.kind()),
    };
    let suggestion = context_text(error, ContextKind::SuggestedSubcommand)
        .or_else(|| context_text(error, ContextKind::SuggestedArg))
        .map(|s| format!(" Você quis dizer \"{s}\"?"))
        .unwrap_or_default();
    eprintln!(
        "erro: {message}.{suggestion}\nUse `inventario --ajuda` para ver os comandos e opções."
    );
    ExitCode::from(2)
}
