//! The finding type and its JSON Lines form (spec section 11).
//!
//! On the hot path a finding is a small copyable value: the line it is on, its code, field
//! and severity, and where the text of its JSON keys can be read back from the file bytes
//! (the line, its bericht-header, its student group's `0134`). Text is made only here,
//! when a finding is written.

use crate::check::bytes::trim_blanks;
use crate::code::{Code, Severity};
use crate::layout::{field, FieldId, RecordType};

/// Marks an absent offset in [`LineRef`].
pub const NONE: usize = usize::MAX;

/// Where a line and its context stand in the file bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineRef {
    /// 1-based line number.
    pub line: u64,
    /// Byte range of the line, line ending excluded.
    pub start: usize,
    pub end: usize,
    /// 1-based index of the zending in the file.
    pub zending: u32,
    /// 1-based index of the bericht in its zending; 0 outside a bericht.
    pub bericht: u32,
    /// Offset of the line's bericht-header, or [`NONE`].
    pub header: usize,
    /// Offset of the `0134` of the line's student group, or [`NONE`] (also on 0001, 0002
    /// and 0003 lines, whose `stamnummer` key is null).
    pub group: usize,
}

impl LineRef {
    /// The `stamnummer` of the line in `data` (section 11): the 0134-06 of its student group
    /// without trailing blanks; None outside a student group.
    pub fn stamnummer<'d>(&self, data: &'d [u8]) -> Option<&'d [u8]> {
        let stamboeknummer = field(FieldId::new(RecordType::Identificatie, 6));
        (self.group != NONE).then(|| trim_blanks(stamboeknummer.slice(&data[self.group..])))
    }
}

/// One error or warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finding {
    pub at: LineRef,
    pub code: Code,
    pub field: Option<FieldId>,
    pub severity: Severity,
}

impl Finding {
    /// The output order of section 11 within one file: line, then code, then field (a null
    /// field first).
    #[inline]
    pub fn sort_key(&self) -> (u64, Code, Option<FieldId>) {
        (self.at.line, self.code, self.field)
    }
}

/// Sorts findings into output order and drops repeats of one (line, code, field).
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by_key(Finding::sort_key);
    findings.dedup_by_key(|f| f.sort_key());
}

/// Writes `s` as a JSON string literal, escaping as serde_json does.
pub fn write_json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&s.as_bytes()[last..i]);
        if esc.is_empty() {
            out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
        } else {
            out.extend_from_slice(esc);
        }
        last = i + 1;
    }
    out.extend_from_slice(&s.as_bytes()[last..]);
    out.push(b'"');
}

/// Writes bytes as lossy text (invalid UTF-8 becomes U+FFFD) in a JSON string literal.
fn write_lossy(out: &mut Vec<u8>, bytes: &[u8]) {
    // Most values are printable ASCII without a quote or a backslash: their bytes are
    // their literal's, without decoding or escaping them.
    if bytes
        .iter()
        .all(|&b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    write_json_str(out, &String::from_utf8_lossy(bytes));
}

fn write_opt_bytes(out: &mut Vec<u8>, bytes: Option<&[u8]>) {
    match bytes {
        Some(b) => write_lossy(out, b),
        None => out.extend_from_slice(b"null"),
    }
}

fn write_int(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Writes one finding as a JSON line. `file_json` is the file's path already written as a
/// JSON string literal; `data` is the file's bytes.
pub fn write_finding(out: &mut Vec<u8>, file_json: &[u8], data: &[u8], f: &Finding) {
    let at = &f.at;
    let line = &data[at.start..at.end];
    out.extend_from_slice(b"{\"file\":");
    out.extend_from_slice(file_json);
    out.extend_from_slice(b",\"line\":");
    write_int(out, at.line);
    out.extend_from_slice(b",\"zending\":");
    write_int(out, u64::from(at.zending));
    out.extend_from_slice(b",\"bericht\":");
    if at.bericht == 0 {
        out.extend_from_slice(b"null");
    } else {
        write_int(out, u64::from(at.bericht));
    }
    out.extend_from_slice(b",\"instelling\":");
    write_opt_bytes(
        out,
        (at.header != NONE).then(|| &data[at.header + 12..at.header + 18]),
    );
    out.extend_from_slice(b",\"record\":");
    write_opt_bytes(out, (!line.is_empty()).then(|| &line[..line.len().min(4)]));
    out.extend_from_slice(b",\"seq\":");
    write_opt_bytes(out, (line.len() >= 12).then(|| &line[6..12]));
    out.extend_from_slice(b",\"stamnummer\":");
    write_opt_bytes(out, at.stamnummer(data));
    out.extend_from_slice(b",\"field\":");
    match f.field {
        Some(id) => {
            out.push(b'"');
            out.extend_from_slice(&id.text());
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"code\":");
    write_int(out, u64::from(f.code.number()));
    out.extend_from_slice(b",\"severity\":\"");
    out.extend_from_slice(f.severity.as_str().as_bytes());
    out.extend_from_slice(b"\",\"value\":");
    write_opt_bytes(out, f.field.map(|id| trim_blanks(field(id).slice(line))));
    out.extend_from_slice(b"}\n");
}

/// Writes a JSON string literal for `s` into a fresh buffer.
pub fn json_str(s: &str) -> Vec<u8> {
    let mut v = Vec::new();
    write_json_str(&mut v, s);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_written_as_the_json_literal_of_its_lossy_text() {
        let literal = |bytes: &[u8]| {
            let mut out = Vec::new();
            write_lossy(&mut out, bytes);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(literal(b"034101"), r#""034101""#);
        assert_eq!(literal(br#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(literal(b"\x1b\t\x7f"), "\"\\u001b\\t\x7f\"");
        assert_eq!(literal("Maëlle".as_bytes()), "\"Maëlle\"");
        assert_eq!(literal(b"Ma\xebl"), "\"Ma\u{FFFD}l\"");
        // Every byte, alone and beside a letter, as the escaping of its lossy text gives it.
        for b in 0..=255u8 {
            for bytes in [vec![b], vec![b'x', b, b'y']] {
                let mut escaped = Vec::new();
                write_json_str(&mut escaped, &String::from_utf8_lossy(&bytes));
                assert_eq!(literal(&bytes).into_bytes(), escaped, "{bytes:?}");
            }
        }
    }

    #[test]
    fn a_field_id_is_written_as_the_layout_names_it() {
        use crate::layout::{FieldId, RecordType};
        let id = FieldId::new(RecordType::Inschrijving, 7);
        assert_eq!(&id.text(), b"0136-07");
        assert_eq!(FieldId::new(RecordType::Student, 20).to_string(), "0135-20");
        assert_eq!(
            FieldId::new(RecordType::ZendingHeader, 1).to_string(),
            "0001-01"
        );
    }
}
