//! The command line: clap definitions (Portuguese help and errors) and dispatch to
//! one thin function per command, grouped by subject: `inventory` (check, init,
//! formatar, exemplo, regras), `changes` (log, diff, textconv, registrar,
//! sincronizar), `review` (revisao, pendencias), `ripd` and `publish`
//! (exportar, importar, titular). Exit codes: 0 ok, 1 problems
//! found, 2 unreadable input or a wrong argument.

mod changes;
mod inventory;
mod publish;
mod review;
mod ripd;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Parser, Subcommand, ValueEnum};

use crate::catalog::Catalogs;
use crate::store::{self, LoadedInventory};

const HELP_TEMPLATE: &str = "{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}\n";

#[derive(Debug, Parser)]
#[command(
    name = "inventario",
    version,
    about = "Inventário de Dados Pessoais (LGPD art. 37) e RIPD para instituições públicas",
    help_template = HELP_TEMPLATE,
    override_usage = "inventario [DIR]  ou  inventario <COMANDO> [ARGUMENTOS]",
    subcommand_help_heading = "Comandos",
    subcommand_value_name = "COMANDO",
    next_help_heading = "Opções",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    args_conflicts_with_subcommands = true,
    after_help = "Sem comando, `inventario [DIR]` abre o aplicativo no inventário DIR (ou no diretório atual, ou no último aberto).\nComece por `inventario exemplo`, que cria uma cópia do inventário de exemplo e a abre."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Inventário a abrir no aplicativo (padrão: o diretório atual ou o último aberto)
    #[arg(value_name = "DIR", help_heading = "Argumentos")]
    dir: Option<PathBuf>,
    #[arg(short = 'h', long = "ajuda", alias = "help", action = ArgAction::Help, global = true, help = "Mostra esta ajuda")]
    help: Option<bool>,
    #[arg(short = 'V', long = "versao", alias = "version", action = ArgAction::Version, help = "Mostra a versão")]
    version: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    #[value(name = "texto")]
    Text,
    #[value(name = "json")]
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    #[value(name = "texto")]
    Text,
    #[value(name = "json")]
    Json,
    #[value(name = "markdown")]
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MinutesFormat {
    #[value(name = "texto")]
    Text,
    #[value(name = "markdown")]
    Markdown,
}

/// Where the inventory is: `DIR` or the current directory.
#[derive(Debug, clap::Args)]
struct DirArg {
    /// Diretório do inventário (padrão: o diretório atual)
    #[arg(
        long = "dir",
        short = 'C',
        value_name = "DIR",
        default_value = ".",
        hide_default_value = true
    )]
    dir: PathBuf,
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
    /// Cria um inventário novo, vazio, com seu histórico git, em DIR
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario init DIR [--nome NOME]", next_help_heading = "Opções")]
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
    /// Cria uma cópia editável do inventário de exemplo (UFDPar), com histórico, e mostra o que ele contém
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario exemplo [DESTINO]", next_help_heading = "Opções")]
    Exemplo {
        /// Onde criar a cópia (padrão: ./inventario-exemplo); se já existir, é reaproveitada
        #[arg(value_name = "DESTINO", help_heading = "Argumentos")]
        dest: Option<PathBuf>,
    },
    /// Lista as regras do `check`, com severidade e artigo
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario regras")]
    Regras,
    /// Mostra o histórico: quem mudou o quê, e quando
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario log [--processo ID] [--autor NOME] [--desde AAAA-MM-DD] [-C DIR]",
        next_help_heading = "Opções"
    )]
    Log {
        /// Só as mudanças deste processo
        #[arg(long = "processo", value_name = "ID")]
        process: Option<String>,
        /// Só as mudanças de quem tem este texto no nome ou e-mail
        #[arg(long = "autor", value_name = "NOME")]
        author: Option<String>,
        /// Só as mudanças a partir desta data
        #[arg(long = "desde", value_name = "AAAA-MM-DD", value_parser = parse_date)]
        since: Option<NaiveDate>,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Mostra as diferenças campo a campo entre versões (ou as alterações ainda não registradas)
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario diff [VERSAO_A [VERSAO_B]] [--processo ID] [--formato texto|json|markdown] [-C DIR]",
        next_help_heading = "Opções",
        after_help = "Sem versões: alterações ainda não registradas (arquivos × última versão). Com uma: essa versão × arquivos. Com duas: uma × outra. Versões: HEAD, HEAD~1, um hash, uma etiqueta (aprovacao/2026-11-23)."
    )]
    Diff {
        /// Versão de origem
        #[arg(value_name = "VERSAO_A", help_heading = "Argumentos")]
        from: Option<String>,
        /// Versão de destino
        #[arg(value_name = "VERSAO_B", help_heading = "Argumentos")]
        to: Option<String>,
        /// Só este processo
        #[arg(long = "processo", value_name = "ID")]
        process: Option<String>,
        /// Formato: texto (padrão), json ou markdown (para a ata)
        #[arg(
            long = "formato",
            value_name = "FORMATO",
            value_enum,
            default_value = "texto",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: DiffFormat,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Conversor de texto para o `git diff` (uma linha por campo); veja o README
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario textconv ARQUIVO", hide = true)]
    Textconv {
        #[arg(value_name = "ARQUIVO")]
        file: PathBuf,
    },
    /// Registra (commit) as alterações feitas à mão nos arquivos, uma por arquivo
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario registrar [-m MENSAGEM] [-C DIR]", next_help_heading = "Opções")]
    Registrar {
        /// Texto que vai no topo da mensagem gerada
        #[arg(short = 'm', long = "mensagem", value_name = "MENSAGEM")]
        message: Option<String>,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Exclui um processo do inventário (o histórico guarda todas as versões anteriores)
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario excluir ID [-m MENSAGEM] [-C DIR]",
        next_help_heading = "Opções",
        after_help = "Excluir é sempre explícito: um arquivo apagado à mão não é registrado como exclusão. Para apenas deixar de tratar os dados, prefira arquivar o processo (campo arquivado_em)."
    )]
    Excluir {
        /// Identificador do processo (nome do arquivo em processos/, sem .ron)
        #[arg(value_name = "ID", help_heading = "Argumentos")]
        id: String,
        /// Texto que vai no topo da mensagem gerada (por exemplo, a decisão que motivou a exclusão)
        #[arg(short = 'm', long = "mensagem", value_name = "MENSAGEM")]
        message: Option<String>,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Traz as alterações do repositório central, mescla campo a campo e envia as locais
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario sincronizar [--remoto NOME] [-C DIR]", next_help_heading = "Opções")]
    Sincronizar {
        /// Nome do repositório central no git (padrão: origin)
        #[arg(
            long = "remoto",
            value_name = "NOME",
            default_value = "origin",
            hide_default_value = true
        )]
        remote: String,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Imprime o script de completar comandos para o shell (bash, zsh, fish, elvish, powershell)
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario completar SHELL",
        after_help = "Exemplo (bash): inventario completar bash > ~/.local/share/bash-completion/completions/inventario"
    )]
    Completar {
        /// O shell: bash, zsh, fish, elvish ou powershell
        #[arg(value_name = "SHELL", help_heading = "Argumentos")]
        shell: clap_complete::Shell,
    },
    /// Imprime a página de manual (formato man/roff)
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario manual",
        after_help = "Exemplo: inventario manual > ~/.local/share/man/man1/inventario.1 && man inventario"
    )]
    Manual,
    /// Revisão pelo comitê gestor: pendências, aprovação e histórico
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario revisao <pendente|aprovar|historico>",
        subcommand_help_heading = "Comandos",
        subcommand_value_name = "COMANDO"
    )]
    Revisao {
        #[command(subcommand)]
        action: ReviewCommand,
    },
    /// Relatórios de Impacto (RIPD): por que são necessários, criar, atualizar, aprovar, exportar
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario ripd <gatilhos|novo|atualizar|aprovar|exportar>",
        subcommand_help_heading = "Comandos",
        subcommand_value_name = "COMANDO"
    )]
    Ripd {
        #[command(subcommand)]
        action: ripd::RipdCommand,
    },
    /// Exporta o inventário público (html, markdown, json, csv) ou a planilha SGD (xlsx, markdown)
    #[command(
        override_usage = "inventario exportar [DIR] --publico [--formato html|markdown|json|csv] [--saida DESTINO] [--aprovado]\n       inventario exportar [DIR] --interno [--formato xlsx|markdown] [--saida ARQUIVO] [--aprovado]",
        after_help = "O público leva, por tratamento, finalidade, base legal, dados (sensíveis marcados), titulares, compartilhamento, transferência internacional, guarda, controlador, encarregado e como exercer direitos (LGPD art. 9º e 23, I). Nunca leva pessoas além do encarregado, medidas de segurança, sistemas, contratos, observações, nem processos arquivados ou não OSTENSIVOS (MPRS art. 9º–12): esses são listados só na saída do comando."
    )]
    Exportar(publish::ExportArgs),
    /// Para um grupo de titulares: todos os tratamentos, dados, finalidades, bases, compartilhamento e guarda (LGPD art. 9º e 18)
    #[command(
        override_usage = "inventario titular GRUPO [--formato texto|markdown|html|json] [--interno] [--saida ARQUIVO] [-C DIR]"
    )]
    Titular(publish::SubjectArgs),
    /// Importa processos de uma planilha no modelo SGD (um commit por processo, com relatório do que foi palpite)
    #[command(
        override_usage = "inventario importar PLANILHA.xlsx|.ods [--processo ID] [--substituir] [-C DIR]",
        after_help = "As seções são achadas pelos rótulos (\"6.1 - Hipótese de Tratamento\"), não pela posição. Cada valor é ligado aos catálogos; o que foi palpite e o que não foi entendido aparece no relatório. Um processo que já existe só muda com --substituir, e então só no que a planilha tem."
    )]
    Importar(publish::ImportArgs),
    /// Revisões vencidas ou nunca feitas (Guia SGD; UFDPar art. 7º, II) e eliminações dos processos arquivados
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario pendencias [-C DIR]",
        next_help_heading = "Opções",
        after_help = "Mostra também as eliminações dos processos arquivados (prazo da tabela de temporalidade contado do arquivamento). Saída: 0 se tudo está em dia, 1 se algum processo está vencido, nunca foi revisado ou tem eliminação vencida."
    )]
    Pendencias {
        #[command(flatten)]
        dir: DirArg,
    },
}

#[derive(Debug, Subcommand)]
enum ReviewCommand {
    /// Todas as alterações desde a última aprovação de cada processo
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario revisao pendente [--formato texto|markdown] [-C DIR]", next_help_heading = "Opções")]
    Pendente {
        /// Formato: texto (padrão) ou markdown (para a ata)
        #[arg(
            long = "formato",
            value_name = "FORMATO",
            value_enum,
            default_value = "texto",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: MinutesFormat,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Registra a aprovação do comitê (um commit e uma etiqueta anotada)
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario revisao aprovar --ata \"Ata 12/2026\" [--processo ID...] [-C DIR]",
        next_help_heading = "Opções",
        after_help = "Sem --processo, aprova todos os processos com alterações pendentes."
    )]
    Aprovar {
        /// Referência da ata da reunião
        #[arg(long = "ata", value_name = "ATA", required = true)]
        minutes: String,
        /// Processo a aprovar (pode repetir)
        #[arg(long = "processo", value_name = "ID")]
        processes: Vec<String>,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Registra a revisão da Política pelo comitê, sobre o inventário inteiro (UFDPar art. 7º, III)
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "inventario revisao politica --ata \"Ata 11/2026\" [-C DIR]",
        next_help_heading = "Opções",
        after_help = "Grava data, ata e quem aprovou em inventario.ron (revisao_politica), num commit com a etiqueta revisao-politica/AAAA-MM-DD. Recusa se houver alterações não registradas."
    )]
    Politica {
        /// Referência da ata da reunião
        #[arg(long = "ata", value_name = "ATA", required = true)]
        minutes: String,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Lista as aprovações registradas
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario revisao historico [-C DIR]", next_help_heading = "Opções")]
    Historico {
        #[command(flatten)]
        dir: DirArg,
    },
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" não é uma data AAAA-MM-DD"))
}

/// Entry point used by `main`.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return report_clap_error(&error),
    };
    let result = match cli.command {
        Some(command) => run(command),
        None => inventory::open_app(cli.dir.as_deref()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("erro: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<u8> {
    match command {
        Command::Check { dir, format } => inventory::check(&dir_or_current(dir), format),
        Command::Init { dir, name } => inventory::init(&dir, &name),
        Command::Formatar { dir, check_only } => {
            inventory::formatar(&dir_or_current(dir), check_only)
        }
        Command::Exemplo { dest } => {
            inventory::exemplo(&dest.unwrap_or_else(|| PathBuf::from("inventario-exemplo")))
        }
        Command::Regras => inventory::regras(),
        Command::Log {
            process,
            author,
            since,
            dir,
        } => changes::log(&dir.dir, process, author, since),
        Command::Diff {
            from,
            to,
            process,
            format,
            dir,
        } => changes::diff(
            &dir.dir,
            from.as_deref(),
            to.as_deref(),
            process.as_deref(),
            format,
        ),
        Command::Textconv { file } => changes::textconv(&file),
        Command::Registrar { message, dir } => changes::registrar(&dir.dir, message.as_deref()),
        Command::Excluir { id, message, dir } => {
            changes::excluir(&dir.dir, &id, message.as_deref())
        }
        Command::Sincronizar { remote, dir } => changes::sincronizar(&dir.dir, &remote),
        Command::Revisao { action } => match action {
            ReviewCommand::Pendente { format, dir } => review::pending(&dir.dir, format),
            ReviewCommand::Aprovar {
                minutes,
                processes,
                dir,
            } => review::approve(&dir.dir, &minutes, &processes),
            ReviewCommand::Politica { minutes, dir } => review::revise_policy(&dir.dir, &minutes),
            ReviewCommand::Historico { dir } => review::approvals(&dir.dir),
        },
        Command::Pendencias { dir } => review::calendar(&dir.dir),
        Command::Ripd { action } => ripd::run(action),
        Command::Exportar(args) => publish::exportar(args),
        Command::Titular(args) => publish::titular(args),
        Command::Importar(args) => publish::importar(args),
        Command::Completar { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "inventario", &mut out);
            print(&String::from_utf8_lossy(&out))?;
            Ok(0)
        }
        Command::Manual => {
            let command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut out)
                .context("não foi possível gerar a página de manual")?;
            print(&String::from_utf8_lossy(&out))?;
            Ok(0)
        }
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

/// Prints what the history layer noticed on the way (a stale lock removed, an
/// interrupted change completed) as warnings on standard error.
fn print_notices(history: &crate::history::History) {
    for notice in history.take_notices() {
        eprintln!("aviso: {notice}");
    }
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
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = context_text(error, ContextKind::ValidValue)
                .map(|v| format!("; valores aceitos: {v}"))
                .unwrap_or_default();
            format!(
                "valor inválido \"{}\" para {arg}{valid}",
                context_text(error, ContextKind::InvalidValue).unwrap_or_default()
            )
        }
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
