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
use std::path::Path;
use std::time::Instant;

/// What the demo did.
#[derive(Debug)]
pub struct Demo {
    /// The findings equal the generator's truth for its injected errors.
    pub matches_truth: bool,
    /// Its account, in words: what it found and loaded, and where every output went.
    pub text: String,
}

/// The file that marks a directory as the demo's: the demo writes over its own outputs,
/// and into no other directory that holds files.
const MARK: &str = ".dto-demo";

/// Runs the demo with `students` students, writing into `dir`: a new or empty directory, or
/// one the demo wrote before. An error names the file or directory it is about.
pub fn run(dir: &Path, students: u64) -> io::Result<Demo> {
    let named = |path: &Path| {
        let path = path.display().to_string();
        move |e: io::Error| io::Error::new(e.kind(), format!("{path}: {e}"))
    };
    if fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
        && !dir.join(MARK).exists()
    {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{}: holds files that the demo did not write (it writes into a new or empty directory, or one it wrote before): give --out another directory",
                dir.display()
            ),
        ));
    }
    fs::create_dir_all(dir).map_err(named(dir))?;
    fs::write(dir.join(MARK), "written by dto demo\n").map_err(named(&dir.join(MARK)))?;
    let write = |path: &Path, bytes: &[u8]| fs::write(path, bytes).map_err(named(path));
    let input = dir.join("sample-national.txt");
    let truth = dir.join("injected-truth.jsonl");
    let mut cfg = dto_gen::Config::preset("national").expect("the national preset");
    cfg.students = students;
    cfg.error_rate = 0.002;

    let start = Instant::now();
    let label = input.display().to_string();
    let generated = {
        let mut out =
            BufWriter::with_capacity(1 << 20, File::create(&input).map_err(named(&input))?);
        let mut truth_out = BufWriter::new(File::create(&truth).map_err(named(&truth))?);
        let s = dto_gen::generate(&cfg, &mut out, Some((&label, &mut truth_out)))
            .map_err(named(dir))?;
        out.flush().map_err(named(&input))?;
        truth_out.flush().map_err(named(&truth))?;
        s
    };
    let generated_in = start.elapsed();

    let start = Instant::now();
    let inputs = [Input::new(
        label,
        crate::source::Source::open(&input.display().to_string()).map_err(named(&input))?,
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
    write(&findings, &findings_bytes)?;
    let mut report_bytes = Vec::new();
    report::write_findings(&mut report_bytes, Form::Words, &inputs, &result)?;
    write(&report_path, &report_bytes)?;
    let mut acceptance_bytes = Vec::new();
    report::write_acceptance(&mut acceptance_bytes, &inputs, &result.summary)?;
    write(&acceptance, &acceptance_bytes)?;
    let summary_text = report::summary(
        &inputs,
        &result.summary,
        Some(&report_path.display().to_string()),
    );
    write(&summary, summary_text.as_bytes())?;

    let sorted_lines = |b: &[u8]| {
        let mut l: Vec<Vec<u8>> = b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
        l.sort();
        l
    };
    let matches_truth =
        sorted_lines(&findings_bytes) == sorted_lines(&fs::read(&truth).map_err(named(&truth))?);

    // A new database each time: the demo's zendingen loaded before would be skipped.
    let database = dir.join("dto.sqlite");
    for suffix in ["", "-journal"] {
        let mut path = database.clone().into_os_string();
        path.push(suffix);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(named(&database)(e)),
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
    let statistieken = dir.join("statistieken");
    let statistics = stats::compute(&db, &reference)
        .map_err(io::Error::other)?
        .write(&statistieken)
        .map_err(named(&statistieken))?;
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
    Ok(Demo {
        matches_truth,
        text,
    })
}
