//! The outputs of a validation run: findings as JSON Lines (spec section 11), acceptance
//! lines (section 9), and the human summary.

use crate::accept::write_acceptance as acceptance_line;
use crate::check::bytes::trim_blanks;
use crate::findings::{json_str, write_finding, NONE};
use crate::layout::field;
use crate::run::{Input, RunResult};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Writes every finding of the run, file by file, in output order.
pub fn write_findings(out: &mut dyn Write, inputs: &[Input], result: &RunResult) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    for (input, file) in inputs.iter().zip(&result.files) {
        let label = json_str(&input.label);
        for f in file.findings() {
            write_finding(&mut buf, &label, input.bytes(), f);
            if buf.len() >= 1 << 16 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
    }
    out.write_all(&buf)
}

/// Writes one acceptance line per bericht, in file order.
pub fn write_acceptance(
    out: &mut dyn Write,
    inputs: &[Input],
    result: &RunResult,
) -> io::Result<()> {
    let mut buf = Vec::new();
    for (input, file) in inputs.iter().zip(&result.files) {
        let label = json_str(&input.label);
        for a in file.acceptance(input.bytes()) {
            acceptance_line(&mut buf, &label, &a);
        }
    }
    out.write_all(&buf)
}

/// The summary `validate` prints: per bericht its verdict, then the findings per code.
pub fn summary(inputs: &[Input], result: &RunResult) -> String {
    let mut s = String::new();
    for (input, file) in inputs.iter().zip(&result.files) {
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
        for a in file.acceptance(input.bytes()) {
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
    }
    let counts = result.counts();
    if counts.is_empty() {
        let _ = writeln!(s, "no findings");
    } else {
        let _ = writeln!(s, "findings per code:");
        for (code, severity, n) in counts {
            let _ = writeln!(
                s,
                "  {:>8} {} {:<7} {}",
                n,
                code.number(),
                severity.as_str(),
                code.meaning()
            );
        }
        first_findings(&mut s, inputs, result);
    }
    s
}

/// How many findings the summary shows one by one.
const SHOWN: usize = 20;

/// The first findings in words, for whoever reads the summary instead of the JSON.
fn first_findings(s: &mut String, inputs: &[Input], result: &RunResult) {
    let total: usize = result.files.iter().map(|f| f.findings().count()).sum();
    let _ = writeln!(
        s,
        "first findings ({} of {total}; --findings PATH writes them all):",
        total.min(SHOWN)
    );
    let all = inputs
        .iter()
        .zip(&result.files)
        .flat_map(|(input, file)| file.findings().map(move |f| (input, f)));
    for (input, f) in all.take(SHOWN) {
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
