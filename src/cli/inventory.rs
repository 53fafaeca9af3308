//! Commands on the inventory as files: check, init, formatar, exemplo, regras.

use std::path::Path;

use anyhow::Result;

use super::{OutputFormat, load, print, today};
use crate::history::{Author, History, author};
use crate::listing;
use crate::model::Process;
use crate::report;
use crate::rules;
use crate::store::{self, FileState};

pub(super) fn check(dir: &Path, format: OutputFormat) -> Result<u8> {
    let checked = crate::checkup::check_directory(
        dir,
        &super::embedded_catalogs()?,
        today()?,
        History::open(dir).ok().as_ref(),
    )?;
    let name = dir.display().to_string();
    print(&match format {
        OutputFormat::Text => report::text(&name, checked.processes, &checked.findings),
        OutputFormat::Json => report::json(&name, checked.processes, &checked.findings),
    })?;
    Ok(exit_code(checked.unreadable, &checked.findings))
}

fn exit_code(unreadable: bool, findings: &[rules::Finding]) -> u8 {
    if unreadable {
        2
    } else if rules::count(findings).0 > 0 {
        1
    } else {
        0
    }
}

/// Routes `git diff` of `*.ron` through this very binary.
fn configure_diff_driver(history: &History) {
    if let Ok(exe) = std::env::current_exe() {
        let command = format!("\"{}\" textconv", exe.display());
        // Only a convenience: a failure leaves plain line diffs.
        let _ = history.configure_diff_driver(&command);
    }
}

fn global_author() -> Author {
    author::resolve(None)
}

pub(super) fn init(dir: &Path, name: &str) -> Result<u8> {
    let history = History::init(dir, name, &global_author())?;
    configure_diff_driver(&history);
    print(&format!(
        "Inventário criado em {}, com histórico git (ramo main).\nPreencha inventario.ron (controlador, encarregado, política) e crie processos em processos/.\nDepois rode `inventario check {}` e registre com `inventario registrar -C {}`.\n",
        dir.display(),
        dir.display(),
        dir.display()
    ))?;
    Ok(0)
}

pub(super) fn formatar(dir: &Path, check_only: bool) -> Result<u8> {
    use crate::history::HistoryError;
    let statuses = match History::open(dir) {
        Ok(history) => {
            let result = history.format(!check_only);
            super::print_notices(&history);
            result?
        }
        // A plain directory of RON files, with no history to protect.
        Err(HistoryError::NotARepository(_)) => store::format_inventory(dir, !check_only)?,
        Err(HistoryError::InsideAnotherRepository { .. }) if check_only => {
            store::format_inventory(dir, false)?
        }
        Err(e) => return Err(e.into()),
    };
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

/// Where `inventario` remembers the last inventory it opened.
fn last_opened_file() -> Option<std::path::PathBuf> {
    author::config_file().map(|f| f.with_file_name("ultimo-inventario.txt"))
}

fn remember(dir: &Path) {
    if let (Some(file), Ok(dir)) = (last_opened_file(), dir.canonicalize()) {
        if let Some(parent) = file.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(file, dir.display().to_string());
    }
}

fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// `inventario [DIR]`: the application on DIR, the current directory, or the last
/// inventory opened.
pub(super) fn open_app(dir: Option<&Path>) -> Result<u8> {
    let chosen = match dir {
        Some(dir) if !dir.exists() => anyhow::bail!(
            "\"{}\" não é um comando nem um diretório existente. Use `inventario --ajuda` para ver os comandos",
            dir.display()
        ),
        Some(dir) => dir.to_path_buf(),
        None if store::is_inventory(Path::new(".")) => std::path::PathBuf::from("."),
        None => match last_opened_file().and_then(|f| std::fs::read_to_string(f).ok()) {
            Some(last) if store::is_inventory(Path::new(last.trim())) => {
                std::path::PathBuf::from(last.trim())
            }
            _ => anyhow::bail!(
                "nenhum inventário aqui. Experimente o exemplo com `inventario exemplo`, crie um com `inventario init DIR`, ou abra um com `inventario DIR`"
            ),
        },
    };
    if !store::is_inventory(&chosen) {
        anyhow::bail!(store::StoreError::NotAnInventory(chosen));
    }
    if !is_terminal() {
        anyhow::bail!(
            "o aplicativo precisa de um terminal; para scripts use os comandos (`inventario check`, `inventario log`…)"
        );
    }
    remember(&chosen);
    crate::tui::run::run(&chosen, today()?)?;
    Ok(0)
}

pub(super) fn exemplo(dest: &Path) -> Result<u8> {
    let created = if store::is_inventory(dest) {
        false
    } else {
        let history = History::init_sample(dest, &global_author())?;
        configure_diff_driver(&history);
        true
    };
    if is_terminal() {
        return open_app(Some(dest));
    }
    let inventory = load(dest)?;
    // The same findings `check` gives on the copy, history included.
    let findings =
        crate::checkup::check_with_history(&inventory, today()?, History::open(dest).ok().as_ref());
    let mut out = String::new();
    if created {
        out.push_str(&format!(
            "Inventário de exemplo criado em {}, com histórico git.\n\n",
            dest.display()
        ));
    } else {
        out.push_str(&format!(
            "Usando o inventário de exemplo já existente em {}.\n\n",
            dest.display()
        ));
    }
    let processes: Vec<&Process> = inventory.processes.iter().map(|p| &p.process).collect();
    out.push_str(&crate::checkup::with_context(&inventory, today()?, |ctx| {
        listing::general_listing(ctx, &processes, &findings, inventory.problems.len())
    }));
    out.push_str(&format!(
        "\nPróximos passos:\n  inventario check {0}             lista cada problema com a regra e o artigo\n  inventario log -C {0}            histórico de alterações\n  inventario revisao pendente -C {0}\n  edite os arquivos em {0}/processos/ e registre com `inventario registrar -C {0}`\n",
        dest.display()
    ));
    print(&out)?;
    Ok(0)
}

pub(super) fn regras() -> Result<u8> {
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
