//! The outputs of a validation run: findings as JSON Lines (spec section 11), acceptance
//! lines (section 9), and the human summary.

use crate::accept::{write_acceptance as acceptance_line, Tally};
use crate::check::bytes::trim_blanks;
use crate::findings::Finding;
use crate::findings::{json_str, write_finding, NONE};
use crate::layout::field;
use crate::run::{Input, RunResult, RunSummary};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Writes findings as JSON Lines as they come, buffered.
pub struct JsonLines<'a, W: Write> {
    out: W,
    inputs: &'a [Input],
    /// Every file's path, as a JSON string.
    labels: Vec<Vec<u8>>,
    buf: Vec<u8>,
}

impl<'a, W: Write> JsonLines<'a, W> {
    pub fn new(out: W, inputs: &'a [Input]) -> Self {
        let labels = inputs.iter().map(|i| json_str(&i.label)).collect();
        JsonLines {
            out,
            inputs,
            labels,
            buf: Vec::with_capacity(1 << 16),
        }
    }

    /// Writes finding `f` of file `file`.
    pub fn write(&mut self, file: usize, f: &Finding) -> io::Result<()> {
        write_finding(
            &mut self.buf,
            &self.labels[file],
            self.inputs[file].bytes(),
            f,
        );
        if self.buf.len() >= 1 << 16 {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes every finding of a run kept in memory, file by file, in output order.
pub fn write_findings(out: &mut dyn Write, inputs: &[Input], result: &RunResult) -> io::Result<()> {
    let mut w = JsonLines::new(out, inputs);
    for (file, findings) in result.findings.iter().enumerate() {
        for f in findings {
            w.write(file, f)?;
        }
    }
    w.finish().map(drop)
}

/// Writes one acceptance line per bericht, in file order.
pub fn write_acceptance(out: &mut dyn Write, inputs: &[Input], run: &RunSummary) -> io::Result<()> {
    let mut buf = Vec::new();
    for (input, file) in inputs.iter().zip(&run.files) {
        let label = json_str(&input.label);
        for a in file.acceptance(input.bytes()) {
            acceptance_line(&mut buf, &label, &a);
        }
    }
    out.write_all(&buf)
}

/// The summary `validate` prints: per bericht its verdict, then the findings per code.
pub fn summary(inputs: &[Input], run: &RunSummary) -> String {
    let mut s = String::new();
    for (input, file) in inputs.iter().zip(&run.files) {
        let _ = writeln!(
            s,
            "{}: {} lines, {} zendingen",
            input.label,
            file.lines,
            file.zendingen.len()
        );
        let _ = writeln!(
            s,
            "  {:>7} {:>7} {:<10} {:<11} {:<5} {:<4} {:<9} {:>9} {:>9}",
            "zending",
            "bericht",
            "instelling",
            "gebeurtenis",
            "AJ",
            "test",
            "status",
            "accepted",
            "rejected"
        );
        let mut tally = Tally::default();
        for a in file.acceptance(input.bytes()) {
            tally += &a;
            let _ = writeln!(
                s,
                "  {:>7} {:>7} {:<10} {:<11} {:<5} {:<4} {:<9} {:>9} {:>9}",
                a.zending,
                a.bericht,
                String::from_utf8_lossy(&a.instelling),
                String::from_utf8_lossy(&a.gebeurtenis),
                String::from_utf8_lossy(&a.academiejaar),
                if a.test { "T" } else { "" },
                a.status.as_str(),
                a.accepted_students,
                a.rejected_students
            );
        }
        let _ = writeln!(s, "  {tally}");
    }
    if run.counts.is_empty() {
        let _ = writeln!(s, "no findings");
    } else {
        let _ = writeln!(s, "findings per code:");
        for (&(code, severity), n) in &run.counts {
            let _ = writeln!(
                s,
                "  {:>8} {} {:<7} {}",
                n,
                code.number(),
                severity.as_str(),
                code.meaning()
            );
        }
        first_findings(&mut s, inputs, run);
    }
    s
}

/// The first findings in words, for whoever reads the summary instead of the JSON.
fn first_findings(s: &mut String, inputs: &[Input], run: &RunSummary) {
    let _ = writeln!(
        s,
        "first findings ({} of {}; --findings PATH writes them all):",
        run.first.len(),
        run.total()
    );
    for (input, f) in run
        .first
        .iter()
        .map(|(i, f): &(usize, Finding)| (&inputs[*i], f))
    {
        let line = &input.bytes()[f.at.start..f.at.end];
        let field = match f.field {
            Some(id) => format!(
                " {id} \"{}\"",
                String::from_utf8_lossy(trim_blanks(field(id).slice(line)))
            ),
            None => String::new(),
        };
        let student = match f.at.group {
            NONE => String::new(),
            g => format!(
                " (stamnummer {})",
                String::from_utf8_lossy(trim_blanks(&input.bytes()[g + 21..g + 36]))
            ),
        };
        let _ = writeln!(
            s,
            "  {}:{}: {} {}{field}: {}{student}",
            input.label,
            f.at.line,
            f.code.number(),
            f.severity.as_str(),
            f.code.meaning()
        );
    }
}
