//! Commands on the history of changes: log, diff, textconv, registrar, excluir,
//! sincronizar.

use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;

use super::{DiffFormat, print, print_notices};
use crate::history::log::LogFilter;
use crate::history::revisions::Side;
use crate::history::sync::SyncOutcome;
use crate::history::{History, SaveOutcome};
use crate::semantic::render;

pub(super) fn log(
    dir: &Path,
    process: Option<String>,
    author: Option<String>,
    since: Option<NaiveDate>,
) -> Result<u8> {
    let history = History::open(dir)?;
    let entries = history.log(&LogFilter {
        process,
        author,
        since,
    })?;
    let mut out = String::new();
    for entry in &entries {
        out.push_str(&format!(
            "{}  {}  {} <{}>\n    {}\n",
            entry.short(),
            entry.time.format("%d/%m/%Y %H:%M"),
            entry.author,
            entry.email,
            entry.subject
        ));
    }
    if entries.is_empty() {
        out.push_str("Nenhuma alteração encontrada.\n");
    }
    print(&out)?;
    Ok(0)
}

pub(super) fn diff(
    dir: &Path,
    from: Option<&str>,
    to: Option<&str>,
    process: Option<&str>,
    format: DiffFormat,
) -> Result<u8> {
    let history = History::open(dir)?;
    let (from_side, from_name) = match from {
        Some(rev) => (history.resolve(rev)?, rev.to_owned()),
        None => (history.head()?, "HEAD".to_owned()),
    };
    let (to_side, to_name) = match to {
        Some(rev) => (Side::Commit(history.resolve(rev)?), rev.to_owned()),
        None => (Side::WorkTree, "arquivos".to_owned()),
    };
    let diffs = history.diff(from_side, to_side, process)?;
    print(&match format {
        DiffFormat::Text => render::text(&diffs),
        DiffFormat::Markdown => render::markdown(&diffs),
        DiffFormat::Json => render::json(&from_name, &to_name, &diffs),
    })?;
    Ok(0)
}

/// `git diff` calls this with a temporary copy of a `.ron` file: print one line
/// per field, or the file as it is when it does not parse.
pub(super) fn textconv(file: &Path) -> Result<u8> {
    let bytes = std::fs::read(file).map_err(|e| crate::store::StoreError::io(file, e))?;
    // git hands over a temporary file: its kind is known from its content alone.
    match crate::document::tree_of_any(&bytes) {
        Some(tree) => print(&render::flatten(&tree))?,
        None => print(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(0)
}

pub(super) fn registrar(dir: &Path, message: Option<&str>) -> Result<u8> {
    let history = History::open(dir)?;
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("registrando {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let result =
        history.register_with_progress(message, &history.author(), &mut |done, total, file| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            bar.set_message(file.to_owned());
        });
    bar.finish_and_clear();
    print_notices(&history);
    let report = result?;
    let mut out = String::new();
    for (file, subject) in &report.committed {
        out.push_str(&format!("registrado {file}: {subject}\n"));
    }
    for (file, reason) in &report.refused {
        out.push_str(&format!("NÃO registrado {file}: {reason}\n"));
    }
    if report.committed.is_empty() && report.refused.is_empty() {
        out.push_str("Nenhuma alteração a registrar.\n");
    }
    print(&out)?;
    Ok(if report.refused.is_empty() { 0 } else { 2 })
}

pub(super) fn excluir(dir: &Path, id: &str, message: Option<&str>) -> Result<u8> {
    let history = History::open(dir)?;
    let result = history.delete_process(id, message, &history.author());
    print_notices(&history);
    match result? {
        SaveOutcome::Committed { message, .. } => print(&format!(
            "Excluído: {}\nAs versões anteriores continuam no histórico (`inventario log --processo {id}`).\n",
            message.lines().next().unwrap_or_default()
        ))?,
        SaveOutcome::Unchanged { .. } => print("Nada a excluir.\n")?,
    }
    Ok(0)
}

pub(super) fn sincronizar(dir: &Path, remote: &str) -> Result<u8> {
    let history = History::open(dir)?;
    let spinner = indicatif::ProgressBar::new_spinner().with_message(format!(
        "sincronizando com {remote} (buscar, mesclar, enviar)…"
    ));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let result = history.sync(remote, &history.author());
    spinner.finish_and_clear();
    print_notices(&history);
    let outcome = result?;
    print(&match outcome {
        SyncOutcome::UpToDate => format!("Já sincronizado com {remote}.\n"),
        SyncOutcome::Pushed => format!("Alterações locais enviadas para {remote}.\n"),
        SyncOutcome::FastForwarded => {
            format!("Alterações de {remote} trazidas; nada local a enviar.\n")
        }
        SyncOutcome::Merged { files } if files.is_empty() => {
            format!("Alterações de {remote} mescladas com as locais e enviadas.\n")
        }
        SyncOutcome::Merged { files } => format!(
            "Alterações de {remote} mescladas com as locais (campo a campo em {}) e enviadas.\n",
            files.join(", ")
        ),
    })?;
    Ok(0)
}
