//! The `dto-gen` command: writes a synthetic DTO file, optionally with injected
//! errors and their truth, and the reference set it is valid against.

use dto_gen::{generate, shipped_institutions, write_reference, Config};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str =
    "usage: dto-gen (--preset demo|national|stress | --students N --institutions M --seed S) \
--out FILE|- [--reference-out DIR] [--error-rate R] [--truth PATH [--truth-key KEY]]";

struct Args {
    cfg: Config,
    out: String,
    reference_out: Option<PathBuf>,
    truth: Option<PathBuf>,
    truth_key: Option<String>,
}

fn parse(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut preset = None;
    let (mut students, mut institutions, mut seed, mut rate) = (None, None, None, None);
    let (mut out, mut reference_out, mut truth, mut truth_key) = (None, None, None, None);
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or_else(|| format!("{flag} needs a value"));
        fn number<T: std::str::FromStr>(flag: &str, v: String) -> Result<T, String> {
            v.parse()
                .map_err(|_| format!("{flag}: not a valid number: {v:?}"))
        }
        match flag.as_str() {
            "--preset" => preset = Some(value()?),
            "--students" => students = Some(number::<u64>(&flag, value()?)?),
            "--institutions" => institutions = Some(number::<usize>(&flag, value()?)?),
            "--seed" => seed = Some(number::<u64>(&flag, value()?)?),
            "--error-rate" => rate = Some(number::<f64>(&flag, value()?)?),
            "--out" => out = Some(value()?),
            "--reference-out" => reference_out = Some(PathBuf::from(value()?)),
            "--truth" => truth = Some(PathBuf::from(value()?)),
            "--truth-key" => truth_key = Some(value()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let mut cfg = match preset {
        Some(name) => Config::preset(&name).ok_or_else(|| format!("unknown preset {name:?}"))?,
        None => {
            let (Some(s), Some(m), Some(seed)) = (students, institutions, seed) else {
                return Err("give --preset, or --students, --institutions and --seed".to_owned());
            };
            Config::new(s, m, seed)
        }
    };
    if let Some(s) = students {
        cfg.students = s;
    }
    if let Some(m) = institutions {
        cfg.institutions = m;
    }
    if let Some(s) = seed {
        cfg.seed = s;
    }
    if let Some(r) = rate {
        if !(0.0..=1.0).contains(&r) {
            return Err(format!("--error-rate must be from 0 to 1, not {r}"));
        }
        cfg.error_rate = r;
    }
    if cfg.institutions == 0 {
        return Err("--institutions must be at least 1".to_owned());
    }
    if !cfg.fits_shipped_reference() && reference_out.is_none() {
        return Err(format!(
            "--institutions {} is more than the {} instellingen of the shipped reference set: \
             give --reference-out DIR for the extended set",
            cfg.institutions,
            shipped_institutions()
        ));
    }
    if let Some(t) = &truth {
        // Both are created, one after the other: in one file, the truth would overwrite it.
        if out
            .as_deref()
            .is_some_and(|o| Path::new(o) == t.as_path() || same_file(o, t))
        {
            return Err("--out and --truth name one file: give each its own".to_owned());
        }
    }
    if truth_key.is_some() && truth.is_none() {
        return Err("--truth-key needs --truth".to_owned());
    }
    let out = out.ok_or("--out is required")?;
    Ok(Args {
        cfg,
        out,
        reference_out,
        truth,
        truth_key,
    })
}

fn run(args: Args) -> io::Result<()> {
    if let Some(dir) = &args.reference_out {
        write_reference(&args.cfg, dir).map_err(|e| context(e, "cannot write", dir))?;
    }
    let start = Instant::now();
    let stdout = io::stdout();
    let mut out: Named<Box<dyn Write>> = if args.out == "-" {
        Named("stdout".into(), Box::new(stdout.lock()))
    } else {
        let path = PathBuf::from(&args.out);
        let file = File::create(&path).map_err(|e| context(e, "cannot create", &path))?;
        Named(args.out.clone(), Box::new(file))
    };
    let summary = match &args.truth {
        Some(path) => {
            let file = File::create(path).map_err(|e| context(e, "cannot create", path))?;
            let mut truth = Named(path.display().to_string(), file);
            let key = args.truth_key.as_deref().unwrap_or(&args.out);
            generate(&args.cfg, &mut out, Some((key, &mut truth)))?
        }
        None => generate(&args.cfg, &mut out, None)?,
    };
    out.flush()?;
    let secs = start.elapsed().as_secs_f64();
    // The findings are counted only while the truth is written.
    let findings = match &args.truth {
        Some(_) => format!(" ({} findings in the truth)", summary.findings),
        None => String::new(),
    };
    eprintln!(
        "dto-gen: {} bytes, {} records, {} students, {} zendingen, {} berichten, {} mutations\
         {findings}, {secs:.2} s ({:.0} MB/s)",
        summary.bytes,
        summary.records,
        summary.students,
        summary.zendingen,
        summary.berichten,
        summary.mutations,
        summary.bytes as f64 / 1e6 / secs.max(1e-9),
    );
    Ok(())
}

/// Whether `a` and `b` are one existing file.
fn same_file(a: &str, b: &Path) -> bool {
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

/// A writer whose errors name what it writes to: the file and the truth are written
/// together, and a full disk should say which one it stopped.
struct Named<W>(String, W);

impl<W> Named<W> {
    fn named(&self, e: io::Error) -> io::Error {
        io::Error::new(e.kind(), format!("{}: {e}", self.0))
    }
}

impl<W: Write> Write for Named<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.1.write(buf).map_err(|e| self.named(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.1.flush().map_err(|e| self.named(e))
    }
}

/// An I/O error with the path it concerns.
fn context(e: io::Error, what: &str, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let args = match parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("dto-gen: {msg}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dto-gen: {e}");
            ExitCode::from(2)
        }
    }
}
