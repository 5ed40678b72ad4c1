//! The `dto` command: its flags, and the wiring of the library's stages for each command
//! (outputs opened before the work, progress on a terminal, the summary, exit status).

use clap::{Args, Parser, Subcommand};
use dto::check::bytes::is_digits;
use dto::load::{Database, DatabaseError};
use dto::outputs::{Output, OutputError, StatisticsDir};
use dto::reference::Reference;
use dto::report::{FindingLines, Form};
use dto::run::{validate_to, Input, RunOptions};
use dto::source::Source;
use dto::stats::Statistics;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "dto",
    version,
    about = "Validate DTO student files (Databank Tertiair Onderwijs), load them, and write their statistics"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole job on built-in sample data: generate a sample national file, validate it, load it into a new database, write its statistics
    Demo {
        /// Directory for the sample file and the outputs
        #[arg(long, value_name = "DIR", default_value = "dto-demo")]
        out: PathBuf,
        /// Students in the sample file
        #[arg(long, value_name = "N", default_value_t = 20_000)]
        students: u64,
    },
    /// Check files against every rule of the DTO format; exit 0 without fatal findings, 1 with, 2 when the run fails
    Validate(RunArgs),
    /// Check files, and load what is accepted into the studentendatabank (an SQLite file); exit status as validate
    Load {
        /// The database (created when it is not there)
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// Then write the statistics of the whole database into DIR, as `dto stats` does
        #[arg(long, value_name = "DIR")]
        stats: Option<PathBuf>,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Write the statistics of what the studentendatabank holds: inschrijvingen.csv, studenten.csv, studievoortgang.csv
    Stats {
        /// The database that `dto load` wrote
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// Directory for the three tables, or with `--databundel all` for a directory of them per instelling (created when it is not there)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Directory with the reference tables (CSV); the built-in sample set when absent
        #[arg(long, value_name = "DIR")]
        reference: Option<PathBuf>,
        /// The databundel of one instelling instead: its rows only, counts of 1 to 4 shown as <5; `all` writes that of every instelling the database holds, each into DIR/INSTELLINGSNUMMER
        #[arg(long, value_name = "INSTELLINGSNUMMER")]
        databundel: Option<String>,
    },
}

/// The run of `validate` and `load`.
#[derive(Args)]
struct RunArgs {
    /// Directory with the reference tables (CSV); the built-in sample set when absent
    #[arg(long, value_name = "DIR")]
    reference: Option<PathBuf>,
    /// Write every finding as JSON Lines to PATH (`-` for stdout; never a file the run reads)
    #[arg(long, value_name = "PATH")]
    findings: Option<String>,
    /// Write every finding in words, a line each (file:line, code, field, value, meaning, stamnummer), to PATH (`-` for stdout; never a file the run reads)
    #[arg(long, value_name = "PATH")]
    report: Option<String>,
    /// Write one JSON line per bericht with its acceptance to PATH (`-` for stdout; never a file the run reads)
    #[arg(long, value_name = "PATH")]
    acceptance: Option<String>,
    /// Worker threads (default: one per core)
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Input files, checked as one run (`-` for stdin, once)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
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
        Command::Demo { out, students } => run_demo(&out, students),
        Command::Validate(args) => run_check(args, None, None),
        Command::Load { db, stats, args } => run_check(args, Some(db), stats),
        Command::Stats {
            db,
            out,
            reference,
            databundel,
        } => run_stats(&db, &out, reference, databundel.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("dto: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run_demo(dir: &std::path::Path, students: u64) -> Result<ExitCode, Failure> {
    let demo = dto::demo::run(dir, students).map_err(|e| Failure(format!("demo: {e}")))?;
    to_stdout(&demo.text)?;
    // Its findings differ from what it injected: a defect, said as an exit status too.
    Ok(match demo.matches_truth {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(1),
    })
}

/// Validates; with `db` loads what is accepted there, and then with `stats_dir` writes the
/// statistics of the whole database there.
fn run_check(
    args: RunArgs,
    db: Option<PathBuf>,
    stats_dir: Option<PathBuf>,
) -> Result<ExitCode, Failure> {
    if db.as_deref() == Some(std::path::Path::new("-")) {
        return Err(Failure("--db needs a file, not -".into()));
    }
    let stats_dir_made = match &stats_dir {
        Some(dir) => Some(StatisticsDir::make("--stats", dir)?),
        None => None,
    };
    let stats_files = stats_dir_made.iter().flat_map(|d| &d.files);
    let RunArgs {
        reference,
        findings,
        report,
        acceptance,
        threads,
        files,
    } = args;
    let tables: Vec<PathBuf> = reference
        .iter()
        .flat_map(|dir| dto::reference::FILES.map(|t| dir.join(t)))
        .collect();
    let db_path = db.as_ref().map(|p| p.to_string_lossy().into_owned());
    let outputs: Vec<(&str, &str)> = [
        ("--findings", findings.as_deref()),
        ("--report", report.as_deref()),
        ("--acceptance", acceptance.as_deref()),
        ("--db", db_path.as_deref()),
    ]
    .into_iter()
    .filter_map(|(flag, path)| Some((flag, path?)))
    .chain(stats_files.map(|f| ("--stats", f.as_str())))
    .collect();
    if let Some(why) = dto::outputs::refuse_to_overwrite(&files, &tables, &outputs) {
        return Err(Failure(why));
    }
    // Both are written as the findings come, a buffer at a time: on one stream their lines
    // would mix.
    if [&findings, &report]
        .iter()
        .all(|o| o.as_deref().is_some_and(dto::outputs::is_stdout))
    {
        return Err(Failure(
            "--findings and --report are written at once: only one of them can go to stdout".into(),
        ));
    }
    // Stdin is read once: given again, it would be an empty file, with a finding of its own.
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Failure("- (stdin) can be given once only".into()));
    }
    // A file given twice is allowed, as the spec checks every file given, but most likely a
    // slip (two globs that overlap): its findings and acceptance lines come twice under one
    // `file` key.
    for (i, f) in files.iter().enumerate() {
        if files[..i].contains(f) && !files[i + 1..].contains(f) {
            eprintln!("note: {f} is given more than once: each time it is checked as a file of the run, and its findings and acceptance lines repeat under the same name");
        }
    }
    let reference = reference_tables(reference)?;
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
    // All opened before the run, so that an output that cannot be written stops the run
    // before the work, not after it. The findings are written as they come; the acceptance
    // file is emptied only when the run has its lines, so a run that fails leaves it as it
    // was (and one it created, not there at all).
    let mut finding_outs = Vec::new();
    for (flag, path, form) in [
        ("--findings", &findings, Form::Json),
        ("--report", &report, Form::Words),
    ] {
        if let Some(path) = path {
            finding_outs.push((flag, path, form, Output::open(flag, path)?));
        }
    }
    let acceptance_out = match &acceptance {
        Some(path) => Some(Output::open("--acceptance", path)?),
        None => None,
    };
    let mut database = match &db {
        Some(path) => Some(Database::open(path).map_err(|e| Failure(format!("--db {e}")))?),
        None => None,
    };
    // Emptied now that the work starts: they take the findings as they come.
    let mut finding_outs = finding_outs
        .into_iter()
        .map(|(flag, path, form, out)| {
            Ok((flag, path, FindingLines::new(out.writer()?, form, &inputs)))
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let total: u64 = inputs.iter().map(|i| i.bytes().len() as u64).sum();
    // Which of `finding_outs` failed a run that fails.
    let mut failed_output = 0;
    let run = with_progress(total, checked, |progress| {
        pool.install(|| {
            validate_to(
                &inputs,
                &reference,
                &RunOptions::default(),
                progress,
                &mut |file, f| {
                    for (k, (_, _, out)) in finding_outs.iter_mut().enumerate() {
                        out.write(file, f).inspect_err(|_| failed_output = k)?;
                    }
                    Ok(())
                },
            )
        })
    });
    // Only the outputs of the findings can fail a run.
    let run = run.map_err(|e| -> Failure {
        match finding_outs.get(failed_output) {
            Some((flag, path, _)) => OutputError::of(flag, path)(e).into(),
            None => e.into(),
        }
    })?;
    for (flag, path, out) in finding_outs {
        out.finish().map_err(OutputError::of(flag, path))?;
    }
    if let (Some(out), Some(path)) = (acceptance_out, &acceptance) {
        let mut out = out.writer()?;
        dto::report::write_acceptance(&mut out, &inputs, &run)
            .and_then(|_| out.flush())
            .map_err(OutputError::of("--acceptance", path))?;
    }
    // The findings in words, else as JSON: where the summary says they all are.
    let written = report.as_deref().or(findings.as_deref());
    let mut summary = dto::report::summary(&inputs, &run, written);
    // A load that stops, or statistics that cannot be written after a load, fail the run
    // once the summary has said what was loaded.
    let late = database.as_mut().and_then(|db| {
        load_and_count(
            db,
            stats_dir.as_deref(),
            &inputs,
            &run,
            &reference,
            &mut summary,
        )
    });
    if [&findings, &report, &acceptance]
        .into_iter()
        .flatten()
        .any(|o| dto::outputs::is_stdout(o))
    {
        eprint!("{summary}");
    } else {
        to_stdout(&summary)?;
    }
    if let Some(failure) = late {
        return Err(failure);
    }
    // The process ends here: unmapping a large input page by page takes longer (about
    // 10 ms for 200 MB) than the exit, which drops the whole address space at once.
    std::mem::forget(inputs);
    Ok(if run.has_fatal() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Loads what `run` accepted into `db`, then with `stats` writes the statistics of the
/// whole database there; adds to `summary` what it did. Returns the failure of a load that
/// stopped, or of statistics that could not be written.
fn load_and_count(
    db: &mut Database,
    stats: Option<&std::path::Path>,
    inputs: &[Input],
    run: &dto::run::RunSummary,
    reference: &Reference,
    summary: &mut String,
) -> Option<Failure> {
    let berichten = run.files.iter().map(|f| f.berichten.len() as u64).sum();
    let loaded = with_progress(berichten, loaded, |progress| {
        db.load_counting(inputs, run, progress)
    });
    let labels: Vec<&str> = inputs.iter().map(|i| i.label.as_str()).collect();
    match loaded {
        Ok(report) => summary.push_str(&report.text(db.path(), &labels)),
        Err(stopped) => {
            summary.push_str(&stopped.report.text(db.path(), &labels));
            if stats.is_some() {
                summary.push_str("statistics not written: the load stopped\n");
            }
            return Some(Failure(format!(
                "--db {}; the load stopped there: the zendingen loaded before it stay loaded, \
                 and loading the same files again loads the rest",
                stopped.error
            )));
        }
    }
    let dir = stats?;
    let written = compute_statistics(db, reference)
        .map_err(|e| format!("--db {e}"))
        .and_then(|s| {
            s.write(dir)
                .map_err(|e| format!("--stats {}: {e}", dir.display()))
        });
    match written {
        Ok(written) => {
            summary.push_str(&listed("statistics of the database:", &written));
            None
        }
        // The load is done and stays: the summary says so, then the run fails.
        Err(e) => {
            summary.push_str("statistics not written\n");
            Some(Failure(e))
        }
    }
}

/// `heading`, then each path on a line of its own.
fn listed(heading: &str, paths: &[PathBuf]) -> String {
    let mut text = format!("{heading}\n");
    for path in paths {
        text.push_str(&format!("  {}\n", path.display()));
    }
    text
}

fn run_stats(
    db: &std::path::Path,
    out: &std::path::Path,
    reference: Option<PathBuf>,
    databundel: Option<&str>,
) -> Result<ExitCode, Failure> {
    let asked = match databundel {
        None => Asked::Statistics,
        Some("all") => Asked::EveryDatabundel,
        Some(instelling) if instelling.len() == 6 && is_digits(instelling.as_bytes()) => {
            Asked::Databundel(instelling)
        }
        Some(other) => {
            return Err(Failure(format!(
                "--databundel {other}: an instellingsnummer is six digits, leading zeros included (021101), or `all`"
            )))
        }
    };
    let db_name = db.to_string_lossy().into_owned();
    let refuse = |files: &[String]| {
        let outputs: Vec<(&str, &str)> = files.iter().map(|f| ("--out", f.as_str())).collect();
        match dto::outputs::refuse_to_overwrite(std::slice::from_ref(&db_name), &[], &outputs) {
            Some(why) => Err(Failure(why)),
            None => Ok(()),
        }
    };
    let made = StatisticsDir::make("--out", out)?;
    // Every databundel's files are known once the database is read.
    if asked != Asked::EveryDatabundel {
        refuse(&made.files)?;
    }
    let reference = reference_tables(reference)?;
    let db = Database::open_to_read(db).map_err(|e| Failure(format!("--db {e}")))?;
    let statistics =
        compute_statistics(&db, &reference).map_err(|e| Failure(format!("--db {e}")))?;
    let write = |statistics: &Statistics, dir: &std::path::Path| {
        statistics
            .write(dir)
            .map_err(|e| Failure(format!("--out {}: {e}", dir.display())))
    };
    let from = db.path().display();
    let (heading, written) = match asked {
        Asked::Statistics => (format!("statistics of {from}:"), write(&statistics, out)?),
        Asked::Databundel(instelling) => {
            let (bundel, note) = statistics
                .databundel_of(instelling, &reference)
                .map_err(|why| Failure(format!("--databundel {instelling}: {why}")))?;
            if let Some(note) = note {
                eprintln!("note: --databundel {instelling}: {note}");
            }
            let heading = format!("databundel of {instelling} from {from}:");
            (heading, write(&bundel, out)?)
        }
        Asked::EveryDatabundel => {
            // Each names a directory: only an instellingsnummer may (a database filled
            // otherwise could hold `..` or a path).
            let (instellingen, others): (Vec<&str>, Vec<&str>) = statistics
                .instellingen()
                .into_iter()
                .partition(|i| i.len() == 6 && is_digits(i.as_bytes()));
            for other in others {
                eprintln!("note: --databundel all: {other:?} in the database is no instellingsnummer of six digits: no databundel for it");
            }
            if instellingen.is_empty() {
                eprintln!("note: --databundel all: the database holds no inschrijving of an instelling: no databundel to write");
                return Ok(ExitCode::SUCCESS);
            }
            let dirs: Vec<PathBuf> = instellingen.iter().map(|i| out.join(i)).collect();
            let files: Vec<String> = dirs
                .iter()
                .flat_map(|d| dto::stats::files_in(d))
                .map(|f| f.to_string_lossy().into_owned())
                .collect();
            refuse(&files)?;
            for (instelling, dir) in instellingen.iter().zip(&dirs) {
                write(&statistics.databundel(instelling), dir)?;
            }
            let heading = format!("databundels from {from}, a directory for each instelling:");
            (heading, dirs)
        }
    };
    to_stdout(&listed(&heading, &written))?;
    Ok(ExitCode::SUCCESS)
}

/// What `dto stats` writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asked<'a> {
    /// The statistics of every instelling and of Flanders.
    Statistics,
    /// The databundel of one instelling.
    Databundel(&'a str),
    /// The databundel of every instelling the database holds, each in a directory named
    /// after it.
    EveryDatabundel,
}

/// The reference tables in `dir`, or the built-in sample set.
fn reference_tables(dir: Option<PathBuf>) -> Result<Reference, Failure> {
    match dir {
        Some(dir) => Reference::load(&dir).map_err(|e| Failure(format!("reference table {e}"))),
        None => Ok(Reference::sample()),
    }
}

/// Writes `text` to stdout; a stdout that cannot take it (a full disk, a closed pipe) fails
/// the run with a message instead of a panic.
fn to_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Failure(format!("stdout: {e}")))
}

/// Runs `work`, which counts how far it is in the counter it is given, and meanwhile
/// shows that on a terminal (see [`show_progress`]).
fn with_progress<R>(
    total: u64,
    shown: fn(u64, u64, Duration) -> String,
    work: impl FnOnce(&AtomicU64) -> R,
) -> R {
    let progress = AtomicU64::new(0);
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        if std::io::stderr().is_terminal() {
            s.spawn(|| show_progress(&progress, total, &done, shown));
        }
        let result = work(&progress);
        done.store(true, Ordering::Relaxed);
        result
    })
}

/// Shows on stderr how far a long step is (`progress` out of `total`, in the words of
/// `shown`), twice a second, until `done`; steps of less than a second show nothing.
fn show_progress(
    progress: &AtomicU64,
    total: u64,
    done: &AtomicBool,
    shown: fn(u64, u64, Duration) -> String,
) {
    let start = Instant::now();
    let mut any = false;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        let elapsed = start.elapsed();
        if elapsed < Duration::from_secs(1) || elapsed.subsec_millis() / 100 % 5 != 0 {
            continue;
        }
        let n = progress.load(Ordering::Relaxed);
        eprint!("\r{}   ", shown(n, total, elapsed));
        any = true;
    }
    if any {
        eprintln!();
    }
}

/// A run's progress over inputs of `total` bytes (see `validate_to`): `read 12 of 220 MB`
/// while they are split, which on a file not yet in the page cache is its reading from disk,
/// then `checked 12 of 220 MB (150 MB/s)`, the rate of the run so far.
fn checked(n: u64, total: u64, elapsed: Duration) -> String {
    let mb = |b: u64| b as f64 / 1e6;
    match n.checked_sub(total) {
        None => format!("read {:.0} of {:.0} MB", mb(n), mb(total)),
        Some(checked) => format!(
            "checked {:.0} of {:.0} MB ({:.0} MB/s)",
            mb(checked),
            mb(total),
            mb(checked) / elapsed.as_secs_f64()
        ),
    }
}

/// The statistics of `db`, their counting shown (it takes seconds on a large database).
fn compute_statistics(db: &Database, reference: &Reference) -> Result<Statistics, DatabaseError> {
    with_progress(0, counted, |progress| {
        dto::stats::compute_counting(db, reference, progress)
    })
}

/// `counted 1200000 inschrijvingen and studenten`: their number is not known beforehand.
fn counted(n: u64, _: u64, _: Duration) -> String {
    format!("counted {n} inschrijvingen and studenten")
}

/// `loaded 12 of 86 berichten`.
fn loaded(n: u64, total: u64, _: Duration) -> String {
    format!("loaded {n} of {total} berichten")
}
