//! Writes a synthetic inventory with its history to disk, so anyone can reproduce
//! the README's performance figures with the real command line:
//!
//! ```text
//! cargo run --release --example gerar_inventario -- /tmp/inv2k --processos 2000 --commits 10000
//! cargo run --release -- check /tmp/inv2k
//! ```
//!
//! The processes come from `inventario::synthetic` (deterministic for a seed); the
//! first commit holds them all, then each further commit is one process saved
//! through the same `History::save_process` the application uses. `--empacotar`
//! ends with `git gc` and `git commit-graph write --reachable --changed-paths`,
//! the state a repository that git maintains is in.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use inventario::history::{Author, History};
use inventario::store;
use inventario::synthetic::{self, Rng};

struct Options {
    destination: PathBuf,
    processes: usize,
    commits: usize,
    seed: u64,
    pack: bool,
}

const USAGE: &str =
    "uso: gerar_inventario DESTINO [--processos N] [--commits N] [--semente N] [--empacotar]";

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut destination = None;
    let mut options = Options {
        destination: PathBuf::new(),
        processes: 2_000,
        commits: 1,
        seed: 7,
        pack: false,
    };
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} espera um número inteiro\n{USAGE}"))
        };
        match arg.as_str() {
            "--processos" => options.processes = number("--processos")? as usize,
            "--commits" => options.commits = number("--commits")? as usize,
            "--semente" => options.seed = number("--semente")?,
            "--empacotar" => options.pack = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other if other.starts_with('-') => {
                return Err(format!("opção desconhecida: {other}\n{USAGE}"));
            }
            other => destination = Some(PathBuf::from(other)),
        }
    }
    options.destination = destination.ok_or_else(|| USAGE.to_owned())?;
    if options.processes == 0 || options.commits == 0 {
        return Err(format!(
            "--processos e --commits devem ser ao menos 1\n{USAGE}"
        ));
    }
    Ok(options)
}

fn generate(options: &Options) -> Result<(), String> {
    let root = &options.destination;
    if root.exists() {
        return Err(format!(
            "{} já existe; escolha outro destino",
            root.display()
        ));
    }
    let author = Author {
        name: "Gerador sintético".into(),
        email: "gerador@exemplo.edu.br".into(),
    };
    store::init(root, "Instituição sintética").map_err(|e| e.to_string())?;
    let inventory = synthetic::inventory(options.seed, options.processes);
    for process in &inventory.processes {
        store::save_process(root, process).map_err(|e| e.to_string())?;
    }
    let history =
        History::start(root, &author, "Carga inicial sintética").map_err(|e| e.to_string())?;
    let mut rng = Rng::new(options.seed.wrapping_add(4));
    let mut processes = inventory.processes;
    for n in 1..options.commits {
        let i = rng.below(processes.len());
        processes[i].subject_count = Some(n as u64);
        history
            .save_process(&processes[i], None, None, &author)
            .map_err(|e| e.to_string())?;
        if n % 1_000 == 0 {
            eprintln!("{n} commits");
        }
    }
    if options.pack {
        for args in [
            &["gc", "--quiet"][..],
            &["commit-graph", "write", "--reachable", "--changed-paths"][..],
        ] {
            let status = Command::new("git")
                .args(args)
                .current_dir(root)
                .status()
                .map_err(|e| format!("git {}: {e}", args.join(" ")))?;
            if !status.success() {
                return Err(format!("git {} falhou", args.join(" ")));
            }
        }
    }
    println!(
        "{}: {} processos, {} commits",
        root.display(),
        processes.len(),
        options.commits
    );
    Ok(())
}

fn main() -> ExitCode {
    match options().and_then(|o| generate(&o)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
