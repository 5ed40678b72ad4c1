//! The `dto` command: flags are parsed here and handed to the library; nothing else.

use clap::{Parser, Subcommand};
use dto::reference::Reference;
use dto::run::{validate, Input};
use dto::source::Source;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "dto",
    version,
    about = "Validate DTO student files (Databank Tertiair Onderwijs)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files against every rule of the DTO format; exit 0 without fatal findings, 1 with, 2 when the run fails
    Validate {
        /// Directory with the reference tables (CSV); the built-in sample set when absent
        #[arg(long, value_name = "DIR")]
        reference: Option<PathBuf>,
        /// Write every finding as JSON Lines to PATH (`-` for stdout)
        #[arg(long, value_name = "PATH")]
        findings: Option<String>,
        /// Write one JSON line per bericht with its acceptance to PATH (`-` for stdout)
        #[arg(long, value_name = "PATH")]
        acceptance: Option<String>,
        /// Worker threads (default: one per core)
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Input files, checked as one run (`-` for stdin)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
}

/// A run that cannot go on: one line on stderr, exit status 2.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate {
            reference,
            findings,
            acceptance,
            threads,
            files,
        } => run_validate(reference, findings, acceptance, threads, files),
    };
    match result {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("dto: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run_validate(
    reference: Option<PathBuf>,
    findings: Option<String>,
    acceptance: Option<String>,
    threads: Option<usize>,
    files: Vec<String>,
) -> Result<ExitCode, Failure> {
    let reference = match reference {
        Some(dir) => Reference::load(&dir).map_err(|e| Failure(format!("reference table {e}")))?,
        None => Reference::sample(),
    };
    let inputs = files
        .iter()
        .map(|f| {
            Source::open(f)
                .map(|s| Input::new(f.clone(), s))
                .map_err(|e| Failure(format!("{f}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()?;
    let result = pool.install(|| validate(&inputs, &reference));

    if let Some(path) = &findings {
        write_to(path, |out| {
            dto::report::write_findings(out, &inputs, &result)
        })?;
    }
    if let Some(path) = &acceptance {
        write_to(path, |out| {
            dto::report::write_acceptance(out, &inputs, &result)
        })?;
    }
    let summary = dto::report::summary(&inputs, &result);
    if findings.as_deref() == Some("-") || acceptance.as_deref() == Some("-") {
        eprint!("{summary}");
    } else {
        print!("{summary}");
    }
    Ok(if result.has_fatal() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Opens `path` (`-` for stdout) and hands it to `write`.
fn write_to(
    path: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let res = if path == "-" {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        write(&mut lock).and_then(|_| lock.flush())
    } else {
        std::fs::File::create(path).and_then(|f| {
            let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
            write(&mut w).and_then(|_| w.flush())
        })
    };
    res.map_err(|e| Failure(format!("{path}: {e}")))
}
