//! The terminal side: raw mode, alternate screen and bracketed paste on entry; the
//! terminal restored on exit, on panic and on SIGTERM/SIGHUP (a dropped SSH
//! connection), with unsaved edits written as drafts first. Input and the worker
//! each run on their own thread and feed one channel.

use std::io::{self, Stdout};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::{App, Msg};
use super::data::Data;
use super::theme::Theme;
use super::worker::{self, Cmd, WorkerContext};
use crate::history::author;

/// How long the input thread waits for a key at a time.
const POLL: Duration = Duration::from_millis(250);
/// How often the watchdog checks that the terminal is still there.
const WATCH: Duration = Duration::from_millis(500);
/// How often the application looks whether someone else saved (one reference
/// read by the worker).
const HEAD_CHECK: Duration = Duration::from_secs(3);

/// Whether the terminal is gone (the SSH connection dropped): standard input is
/// a deleted pseudo-terminal, or its size can no longer be read.
fn terminal_gone() -> bool {
    let deleted = std::fs::read_link("/proc/self/fd/0")
        .map(|target| target.to_string_lossy().ends_with("(deleted)"))
        .unwrap_or(false);
    deleted || crossterm::terminal::size().is_err()
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn setup() -> Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode().context("não foi possível preparar o terminal")?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)
        .context("não foi possível preparar o terminal")?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    Terminal::new(CrosstermBackend::new(io::stdout())).context("não foi possível usar o terminal")
}

fn write_drafts(app: &App, root: &Path, login: &str) {
    for (file, text) in app.unsaved_drafts() {
        let _ = crate::store::draft::write_draft(root, login, &file, &text);
    }
}

/// Opens the application on the inventory at `root` until the user quits.
pub fn run(root: &Path, today: NaiveDate) -> Result<()> {
    let data = Data::load(root, today).map_err(anyhow::Error::msg)?;
    let login = author::login();
    let drafts = worker::draft_root(root, data.read_only.is_some());
    let mut app = App::new(data, Theme::from_env());
    // An export with a relative destination goes where the user started the application.
    if let Ok(here) = std::env::current_dir() {
        app.export_base = here;
    }
    if app.data.read_only.is_some() {
        app.drafts_elsewhere = Some(drafts.join(".rascunhos"));
    }

    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])
    .context("não foi possível tratar sinais")?;

    let mut terminal = setup()?;
    let (tx, rx) = mpsc::channel::<Option<Msg>>();
    let (cmd_tx, cmd_rx) = mpsc::channel::<Cmd>();
    let (reply_tx, reply_rx) = mpsc::channel();
    let _worker = worker::spawn(
        WorkerContext {
            root: root.to_path_buf(),
            draft_root: drafts.clone(),
            login: login.clone(),
            today,
        },
        cmd_rx,
        reply_tx,
    );
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for reply in reply_rx {
                if tx.send(Some(Msg::Worker(reply))).is_err() {
                    break;
                }
            }
        });
    }
    // SIGTERM/SIGHUP, and a terminal that went away, are seen outside the input
    // thread: on a hung-up terminal crossterm's poll spins and never returns.
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(None);
            }
        });
    }
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(WATCH);
                if terminal_gone() {
                    let _ = tx.send(None);
                    break;
                }
            }
        });
    }
    {
        // Other people's saves are noticed by comparing the branch's commit.
        let tx = tx.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(HEAD_CHECK);
                if tx.send(Some(Msg::Tick)).is_err() {
                    break;
                }
            }
        });
    }
    std::thread::spawn(move || {
        loop {
            match event::poll(POLL) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => {
                    let _ = tx.send(None);
                    break;
                }
            }
            let msg = match event::read() {
                Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => Some(Msg::Key(key)),
                Ok(Event::Paste(text)) => Some(Msg::Paste(text)),
                Ok(Event::Resize(..)) => Some(Msg::Paste(String::new())),
                Ok(_) => continue,
                Err(_) => None,
            };
            let stop = msg.is_none();
            if tx.send(msg).is_err() || stop {
                break;
            }
        }
    });

    let result = (|| -> Result<()> {
        terminal.draw(|f| super::view::draw(&app, f))?;
        while let Ok(msg) = rx.recv() {
            let Some(msg) = msg else {
                // SIGTERM/SIGHUP or the terminal went away: keep the edits.
                write_drafts(&app, &drafts, &login);
                break;
            };
            for cmd in app.update(msg) {
                let _ = cmd_tx.send(cmd);
            }
            if app.should_quit {
                write_drafts(&app, &drafts, &login);
                break;
            }
            terminal.draw(|f| super::view::draw(&app, f))?;
        }
        Ok(())
    })();
    restore();
    result
}
