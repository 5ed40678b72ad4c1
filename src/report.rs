//! The outputs of a validation run: findings as JSON Lines (spec section 11) or in words (the
//! report), acceptance lines (section 9), and the human summary.

use crate::accept::{write_acceptance as acceptance_line, Tally};
use crate::check::bytes::trim_blanks;
use crate::findings::Finding;
use crate::findings::{json_str, write_finding};
use crate::layout::field;
use crate::run::{Input, RunResult, RunSummary};
use std::fmt::Write as _;
use std::io::{self, Write};

/// How findings are written: as JSON Lines (spec section 11), or in words, a line each,
/// as the summary shows its first findings, for whoever acts on them by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Json,
    Words,
}

/// Writes findings as they come, buffered, in one [`Form`].
pub struct FindingLines<'a, W: Write> {
    out: W,
    form: Form,
    inputs: &'a [Input],
    /// Every file's path as the form writes it: a JSON string, or as given.
    labels: Vec<Vec<u8>>,
    buf: Vec<u8>,
}

impl<'a, W: Write> FindingLines<'a, W> {
    pub fn new(out: W, form: Form, inputs: &'a [Input]) -> Self {
        let labels = inputs
            .iter()
            .map(|i| match form {
                Form::Json => json_str(&i.label),
                Form::Words => i.label.as_bytes().to_vec(),
            })
            .collect();
        FindingLines {
            out,
            form,
            inputs,
            labels,
            buf: Vec::with_capacity(1 << 16),
        }
    }

    /// Writes finding `f` of file `file`.
    pub fn write(&mut self, file: usize, f: &Finding) -> io::Result<()> {
        let (label, data) = (&self.labels[file], self.inputs[file].bytes());
        match self.form {
            Form::Json => write_finding(&mut self.buf, label, data, f),
            Form::Words => in_words(&mut self.buf, label, data, f),
        }
        if self.buf.len() >= 1 << 16 {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.out.flush()
    }
}

/// Writes every finding of a run kept in memory in `form`, file by file, in output order.
pub fn write_findings(
    out: &mut dyn Write,
    form: Form,
    inputs: &[Input],
    result: &RunResult,
) -> io::Result<()> {
    let mut w = FindingLines::new(out, form, inputs);
    for (file, findings) in result.findings.iter().enumerate() {
        for f in findings {
            w.write(file, f)?;
        }
    }
    w.finish()
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

/// How many berichten of a file the summary lists: a national file has a few hundred at
/// most; a file of many more is no reading matter, and its tally line still counts them all.
const BERICHTEN_SHOWN: usize = 500;

/// The summary `validate` prints: per bericht its verdict, then the findings per code.
///
/// `written` names where every finding went (the run's `--report` or `--findings`, `-` for
/// stdout), which the summary points to after its first findings; None, and it says how to
/// ask for them.
pub fn summary(inputs: &[Input], run: &RunSummary, written: Option<&str>) -> String {
    let mut s = String::new();
    for (input, file) in inputs.iter().zip(&run.files) {
        let _ = writeln!(
            s,
            "{}: {} lines, {} zendingen",
            input.label,
            file.lines,
            file.zendingen.len()
        );
        bericht_row(
            &mut s,
            [
                "zending",
                "bericht",
                "instelling",
                "gebeurtenis",
                "AJ",
                "test",
                "status",
                "accepted",
                "rejected",
            ]
            .map(String::from),
        );
        let mut tally = Tally::default();
        for (k, a) in file.acceptance(input.bytes()).enumerate() {
            tally += &a;
            if k >= BERICHTEN_SHOWN {
                continue;
            }
            bericht_row(
                &mut s,
                [
                    a.zending.to_string(),
                    a.bericht.to_string(),
                    shown(&a.instelling),
                    shown(&a.gebeurtenis),
                    shown(&a.academiejaar),
                    if a.test { "T" } else { "" }.into(),
                    a.status.as_str().into(),
                    a.accepted_students.to_string(),
                    a.rejected_students.to_string(),
                ],
            );
        }
        let more = file.berichten.len().saturating_sub(BERICHTEN_SHOWN);
        if more > 0 {
            let _ = writeln!(
                s,
                "  ... and {more} more berichten (--acceptance PATH lists them all)"
            );
        }
        let _ = writeln!(s, "  {tally}");
    }
    if run.counts.is_empty() {
        let _ = writeln!(s, "no findings");
    } else {
        let _ = writeln!(s, "findings per code:");
        for (&(code, severity), count) in &run.counts {
            let (file, first) = &count.first;
            let _ = writeln!(
                s,
                "  {:>8} {} {:<7} {} (first on {}:{})",
                count.n,
                code.number(),
                severity.as_str(),
                code.meaning(),
                inputs[*file].label,
                first.at.line
            );
        }
        first_findings(&mut s, inputs, run, written);
    }
    s
}

/// A row of the summary's table of berichten (or its header): numbers to the right.
fn bericht_row(s: &mut String, cells: [String; 9]) {
    let [zending, bericht, instelling, gebeurtenis, aj, test, status, accepted, rejected] = cells;
    let _ = writeln!(
        s,
        "  {zending:>7} {bericht:>7} {instelling:<10} {gebeurtenis:<11} {aj:<5} {test:<4} {status:<9} {accepted:>9} {rejected:>9}"
    );
}

/// The first findings in words, for whoever reads the summary instead of the JSON.
fn first_findings(s: &mut String, inputs: &[Input], run: &RunSummary, written: Option<&str>) {
    let all = match written {
        Some("-") => "all on stdout".into(),
        Some(path) => format!("all in {path}"),
        None => "--report PATH writes them all".into(),
    };
    let _ = writeln!(
        s,
        "first findings ({} of {}; {all}):",
        run.first.len(),
        run.total()
    );
    let mut line = Vec::new();
    for (file, f) in &run.first {
        let input = &inputs[*file];
        line.clear();
        in_words(&mut line, input.label.as_bytes(), input.bytes(), f);
        s.push_str("  ");
        s.push_str(&String::from_utf8_lossy(&line));
    }
}

/// Finding `f` of the file `label` whose bytes are `data`, in words, as a line: where
/// (`file:line`), its code and severity, the field with its name and value, what the code
/// means and the student's stamnummer:
///
/// `in.txt:32: 4410113 fatal 0136-09 vestiging "099": geen toegekend vestigingsnummer (stamnummer 000411010000009)`
fn in_words(out: &mut Vec<u8>, label: &[u8], data: &[u8], f: &Finding) {
    let line = &data[f.at.start..f.at.end];
    out.extend_from_slice(label);
    let _ = write!(
        out,
        ":{}: {} {}",
        f.at.line,
        f.code.number(),
        f.severity.as_str()
    );
    if let Some(id) = f.field {
        let _ = write!(
            out,
            " {id} {} \"{}\"",
            field(id).name,
            shown(trim_blanks(field(id).slice(line)))
        );
    }
    let _ = write!(out, ": {}", f.code.meaning());
    match f.at.stamnummer(data) {
        Some([]) => out.extend_from_slice(b" (stamnummer blank)"),
        Some(stamnummer) => {
            let _ = write!(out, " (stamnummer {})", shown(stamnummer));
        }
        None => {}
    }
    out.push(b'\n');
}

/// Bytes of a file as the summary shows them: text as it is, and every byte that is no
/// printable character (a control byte, one that is not UTF-8, or one of a character that
/// shows nothing or turns the text around) as `\xNN`, so that the reader sees which byte is
/// wrong and a terminal never takes one as a command. A quote and a backslash are escaped,
/// since values stand between quotes.
pub fn shown(bytes: &[u8]) -> String {
    let mut s = String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' | '\\' => {
                    s.push('\\');
                    s.push(c);
                }
                c if c.is_control() || invisible(c) => {
                    let mut utf8 = [0; 4];
                    for b in c.encode_utf8(&mut utf8).bytes() {
                        let _ = write!(s, "\\x{b:02X}");
                    }
                }
                c => s.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(s, "\\x{b:02X}");
        }
    }
    s
}

/// The characters that are no control but print nothing or change how the text around them
/// shows (Unicode's format characters, the line and paragraph separators).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn the_summary_shows_every_byte_that_is_no_printable_character_as_its_value() {
        assert_eq!(shown(b"Jan Peeters"), "Jan Peeters");
        assert_eq!(shown("Ma\u{EB}lle".as_bytes()), "Ma\u{EB}lle");
        // Latin-1 e-umlaut, ESC, DEL, a C1 control and a lone continuation byte.
        assert_eq!(shown(b"Ma\xEBlle"), "Ma\\xEBlle");
        assert_eq!(shown(b"\x1B[2J\x7F"), "\\x1B[2J\\x7F");
        assert_eq!(shown("a\u{85}b".as_bytes()), "a\\xC2\\x85b");
        assert_eq!(shown(b"\x80"), "\\x80");
        assert_eq!(shown(br#"12"3\4"#), r#"12\"3\\4"#);
        // A right-to-left override, a zero-width space and a byte order mark.
        assert_eq!(shown("a\u{202E}b".as_bytes()), "a\\xE2\\x80\\xAEb");
        assert_eq!(
            shown("\u{200B}\u{FEFF}".as_bytes()),
            "\\xE2\\x80\\x8B\\xEF\\xBB\\xBF"
        );
    }
}
