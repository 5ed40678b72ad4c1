//! The demo: the whole job on built-in sample data. Generates a sample national file (every
//! instelling of the shipped reference set, with a few injected errors), validates it, loads
//! what is accepted into a new studentendatabank, writes the statistics of what was loaded,
//! puts every output into one directory, and says where everything went.

use crate::load::Database;
use crate::reference::Reference;
use crate::report::{self, Form};
use crate::run::{validate, Input};
use crate::stats;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where the demo put its outputs.
#[derive(Debug)]
pub struct DemoOutput {
    pub dir: PathBuf,
    pub input: PathBuf,
    pub truth: PathBuf,
    pub findings: PathBuf,
    /// The findings in words.
    pub report: PathBuf,
    pub acceptance: PathBuf,
    pub summary: PathBuf,
    /// The studentendatabank, and the statistics tables.
    pub database: PathBuf,
    pub statistics: Vec<PathBuf>,
    /// The findings equal the generator's truth for its injected errors.
    pub matches_truth: bool,
    /// Human-readable account of the run.
    pub text: String,
}

/// Runs the demo with `students` students, writing into `dir` (created when missing).
pub fn run(dir: &Path, students: u64) -> io::Result<DemoOutput> {
    fs::create_dir_all(dir)?;
    let input = dir.join("sample-national.txt");
    let truth = dir.join("injected-truth.jsonl");
    let mut cfg = dto_gen::Config::preset("national").expect("the national preset");
    cfg.students = students;
    cfg.error_rate = 0.002;

    let start = Instant::now();
    let label = input.display().to_string();
    let generated = {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&input)?);
        let mut truth_out = BufWriter::new(File::create(&truth)?);
        let s = dto_gen::generate(&cfg, &mut out, Some((&label, &mut truth_out)))?;
        out.flush()?;
        truth_out.flush()?;
        s
    };
    let generated_in = start.elapsed();

    let start = Instant::now();
    let inputs = [Input::new(
        label,
        crate::source::Source::open(&input.display().to_string())?,
    )];
    let reference = Reference::sample();
    let result = validate(&inputs, &reference);
    let validated_in = start.elapsed();

    let findings = dir.join("findings.jsonl");
    let report_path = dir.join("report.txt");
    let acceptance = dir.join("acceptance.jsonl");
    let summary = dir.join("summary.txt");
    let mut findings_bytes = Vec::new();
    report::write_findings(&mut findings_bytes, Form::Json, &inputs, &result)?;
    fs::write(&findings, &findings_bytes)?;
    let mut report_bytes = Vec::new();
    report::write_findings(&mut report_bytes, Form::Words, &inputs, &result)?;
    fs::write(&report_path, &report_bytes)?;
    let mut acceptance_bytes = Vec::new();
    report::write_acceptance(&mut acceptance_bytes, &inputs, &result.summary)?;
    fs::write(&acceptance, &acceptance_bytes)?;
    let summary_text = report::summary(
        &inputs,
        &result.summary,
        Some(&report_path.display().to_string()),
    );
    fs::write(&summary, &summary_text)?;

    let sorted_lines = |b: &[u8]| {
        let mut l: Vec<Vec<u8>> = b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
        l.sort();
        l
    };
    let matches_truth = sorted_lines(&findings_bytes) == sorted_lines(&fs::read(&truth)?);

    // A new database each time: the demo's zendingen loaded before would be skipped.
    let database = dir.join("dto.sqlite");
    for suffix in ["", "-journal"] {
        let mut path = database.clone().into_os_string();
        path.push(suffix);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    let start = Instant::now();
    let mut db = Database::open(&database).map_err(io::Error::other)?;
    let loaded = db
        .load(&inputs, &result.summary)
        .map_err(|f| io::Error::other(f.error))?;
    let loaded_in = start.elapsed();
    let start = Instant::now();
    let statistics = stats::compute(&db, &reference)
        .map_err(io::Error::other)?
        .write(&dir.join("statistieken"))?;
    let counted_in = start.elapsed();

    let mut tally = crate::accept::Tally::default();
    for a in result.acceptance(0, inputs[0].bytes()) {
        tally += &a;
    }
    let mb = generated.bytes as f64 / 1e6;
    let text = format!(
        "generated {mb:.1} MB: {} records, {} students, {} zendingen, {} berichten, {} injected errors ({:.2} s)\n\
         validated in {:.2} s ({:.0} MB/s): {} findings, {} fatal\n\
         {tally}\n\
         findings equal the injected truth: {}\n\
         {}\
         loaded in {:.2} s; statistics in {:.2} s\n\
         \n\
         input        {}\n\
         truth        {}\n\
         findings     {}\n\
         report       {}\n\
         acceptance   {}\n\
         summary      {}\n\
         database     {}\n\
         {}",
        generated.records,
        generated.students,
        generated.zendingen,
        generated.berichten,
        generated.mutations,
        generated_in.as_secs_f64(),
        validated_in.as_secs_f64(),
        mb / validated_in.as_secs_f64().max(1e-9),
        result.findings[0].len(),
        result.findings(0).filter(|f| f.severity == crate::code::Severity::Fatal)
            .count(),
        if matches_truth { "yes" } else { "NO" },
        loaded.text(&database, &[&inputs[0].label]),
        loaded_in.as_secs_f64(),
        counted_in.as_secs_f64(),
        input.display(),
        truth.display(),
        findings.display(),
        report_path.display(),
        acceptance.display(),
        summary.display(),
        database.display(),
        statistics
            .iter()
            .map(|p| format!("statistics   {}\n", p.display()))
            .collect::<String>(),
    );
    Ok(DemoOutput {
        dir: dir.to_path_buf(),
        input,
        truth,
        findings,
        report: report_path,
        acceptance,
        summary,
        database,
        statistics,
        matches_truth,
        text,
    })
}
