//! The truth file: the findings a correct validator must report for the file as
//! written, in the JSON Lines format of section 11.
//!
//! The [`Tracker`] sees every line exactly as it is written. It works out the
//! findings of sections 2 and 5 itself (framing, grammar, sequence numbers,
//! counters, versienummer, referentienummer), so the knock-on effects of a
//! mutation on the file's structure need no bookkeeping by the mutation. The
//! field-level findings a mutation provokes arrive declared on their line.
//! Findings are buffered per zending and written sorted by line, code and field
//! (null first) when the zending ends, which keeps the whole file sorted.

use crate::layout::{severity, Severity};
use crate::record::{Declared, RECORD_LEN};
use std::collections::HashSet;
use std::io::{self, Write};

/// One finding, ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Finding {
    line: u64,
    code: u32,
    field: Option<&'static str>,
    json: String,
}

/// What the tracker remembers of a line to report a finding on it later.
#[derive(Clone, Copy, Debug)]
struct LineInfo {
    line: u64,
    len: usize,
    head: [u8; 12],
    /// The student group's 0134-06, when the line has a stamnummer.
    stam: Option<[u8; 15]>,
}

/// The bericht a line belongs to.
#[derive(Clone, Copy, Debug)]
struct BerichtCtx {
    index: u32,
    instelling: [u8; 6],
    in_10620: bool,
}

/// An open bericht.
#[derive(Debug)]
struct Open {
    ctx: BerichtCtx,
    header: LineInfo,
    stam: Option<[u8; 15]>,
    students: u64,
    inschrijvingen: u64,
    records: u64,
    out_of_sequence: u32,
}

/// A record whose successor decides a finding (3900005, 3900006).
#[derive(Clone, Copy, Debug)]
struct Pending {
    info: LineInfo,
    ctx: Option<BerichtCtx>,
}

/// Follows the written lines and collects the findings they must get.
pub struct Tracker<'w> {
    file: String,
    out: &'w mut dyn Write,
    line: u64,
    zending: u32,
    berichten: u32,
    /// The zending-header line and its 0001-10, when it has a usable header.
    header: Option<(LineInfo, [u8; 4])>,
    expected: u64,
    open: Option<Open>,
    prev_visible: Option<[u8; 4]>,
    prev_line: Option<(LineInfo, Option<BerichtCtx>)>,
    pending_0134: Option<Pending>,
    pending_0135: Option<Pending>,
    referenties: HashSet<[u8; 26]>,
    findings: Vec<Finding>,
    written: u64,
}

const KNOWN: [&[u8; 4]; 6] = [b"0001", b"0002", b"0003", b"0134", b"0135", b"0136"];

fn digits(b: &[u8]) -> Option<u64> {
    b.iter().try_fold(0u64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u64::from(c - b'0'))
    })
}

fn trim_end(b: &[u8]) -> &[u8] {
    let n = b.iter().rposition(|&c| c != b' ').map_or(0, |i| i + 1);
    &b[..n]
}

/// Appends `s` as a JSON string literal.
fn json_str(out: &mut String, bytes: &[u8]) {
    out.push('"');
    for c in String::from_utf8_lossy(bytes).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl<'w> Tracker<'w> {
    /// A tracker writing the findings of the file named `file` to `out`.
    pub fn new(file: &str, out: &'w mut dyn Write) -> Tracker<'w> {
        Tracker {
            file: file.to_owned(),
            out,
            line: 0,
            zending: 0,
            berichten: 0,
            header: None,
            expected: 1,
            open: None,
            prev_visible: None,
            prev_line: None,
            pending_0134: None,
            pending_0135: None,
            referenties: HashSet::new(),
            findings: Vec::new(),
            written: 0,
        }
    }

    /// The number of findings written so far.
    pub fn findings_written(&self) -> u64 {
        self.written
    }

    fn push(
        &mut self,
        info: &LineInfo,
        ctx: Option<BerichtCtx>,
        field: Option<&'static str>,
        code: u32,
        value: Option<&[u8]>,
    ) {
        let sev = severity(code, field, ctx.is_some_and(|c| c.in_10620));
        self.push_sev(info, ctx, field, code, sev, value);
    }

    fn push_sev(
        &mut self,
        info: &LineInfo,
        ctx: Option<BerichtCtx>,
        field: Option<&'static str>,
        code: u32,
        sev: Severity,
        value: Option<&[u8]>,
    ) {
        let mut j = String::with_capacity(256);
        j.push_str("{\"file\":");
        json_str(&mut j, self.file.as_bytes());
        j.push_str(&format!(
            ",\"line\":{},\"zending\":{}",
            info.line, self.zending
        ));
        match ctx {
            // Section 11 names the lines without instelling ("0001 lines") by bytes 1-4.
            Some(c) if info.len >= 4 && &info.head[..4] == b"0001" => {
                j.push_str(&format!(",\"bericht\":{},\"instelling\":null", c.index));
            }
            Some(c) => {
                j.push_str(&format!(",\"bericht\":{},\"instelling\":", c.index));
                json_str(&mut j, &c.instelling);
            }
            None => j.push_str(",\"bericht\":null,\"instelling\":null"),
        }
        j.push_str(",\"record\":");
        if info.len == 0 {
            j.push_str("null");
        } else {
            json_str(&mut j, &info.head[..info.len.min(4)]);
        }
        j.push_str(",\"seq\":");
        if info.len < 12 {
            j.push_str("null");
        } else {
            json_str(&mut j, &info.head[6..12]);
        }
        j.push_str(",\"stamnummer\":");
        match info.stam {
            Some(s) => json_str(&mut j, trim_end(&s)),
            None => j.push_str("null"),
        }
        j.push_str(",\"field\":");
        match field {
            Some(f) => json_str(&mut j, f.as_bytes()),
            None => j.push_str("null"),
        }
        j.push_str(&format!(
            ",\"code\":{code},\"severity\":\"{}\",\"value\":",
            sev.as_str()
        ));
        match value {
            Some(v) => json_str(&mut j, trim_end(v)),
            None => j.push_str("null"),
        }
        j.push('}');
        self.findings.push(Finding {
            line: info.line,
            code,
            field,
            json: j,
        });
    }

    /// Takes the next line of the file as written (line ending excluded) with the
    /// field-level findings a mutation provoked on it.
    pub fn line(&mut self, bytes: &[u8], declared: &[Declared]) -> io::Result<()> {
        self.line += 1;
        let mut head = [b' '; 12];
        let n = bytes.len().min(12);
        head[..n].copy_from_slice(&bytes[..n]);
        let rectype: [u8; 4] = head[0..4].try_into().expect("4 bytes");
        let visible = bytes.len() == RECORD_LEN && KNOWN.contains(&&rectype);
        let header_record = matches!(&rectype, b"0001" | b"0002" | b"0003");
        let mut info = LineInfo {
            line: self.line,
            len: bytes.len(),
            head,
            stam: None,
        };

        if visible {
            self.resolve_pending(&rectype);
        }
        if visible && &rectype == b"0001" {
            self.end_zending()?;
            self.zending += 1;
            self.berichten = 0;
            self.expected = 1;
            let mut count = [0u8; 4];
            count.copy_from_slice(&bytes[58..62]);
            self.header = (&bytes[4..6] == b"05").then_some((info, count));
        } else if self.line == 1 {
            // Lines before the first visible 0001 form a zending without header.
            self.zending = 1;
            self.header = None;
        }

        // The bericht this line belongs to, opening or closing one as needed.
        if visible && &rectype == b"0002" {
            if self.open.is_some() {
                self.interrupt();
            }
            self.berichten += 1;
            let mut instelling = [0u8; 6];
            instelling.copy_from_slice(&bytes[12..18]);
            self.open = Some(Open {
                ctx: BerichtCtx {
                    index: self.berichten,
                    instelling,
                    in_10620: &bytes[21..26] == b"10620",
                },
                header: info,
                stam: None,
                students: 0,
                inschrijvingen: 0,
                records: 0,
                out_of_sequence: 0,
            });
        }
        let ctx = self.open.as_ref().map(|o| o.ctx);
        if let Some(o) = self.open.as_mut() {
            o.records += 1;
            if visible && &rectype == b"0134" {
                let mut stam = [0u8; 15];
                stam.copy_from_slice(&bytes[21..36]);
                o.stam = Some(stam);
            }
            // No stamnummer on 0001, 0002 and 0003 lines, visible or not (section 11).
            if !header_record {
                info.stam = o.stam;
            }
        }

        if self.line == 1 && !(visible && &rectype == b"0001") {
            self.push(&info, ctx, None, 3900003, None);
        }

        // Sequence numbers (5.2): every line consumes one.
        if visible {
            let seq_field = seq_field(&rectype);
            match digits(&bytes[6..12]) {
                None => {
                    self.push(&info, ctx, Some(seq_field), 3210001, Some(&bytes[6..12]));
                    self.expected += 1;
                }
                Some(n) if n != self.expected => {
                    self.push(&info, ctx, Some(seq_field), 3110011, Some(&bytes[6..12]));
                    if let Some(o) = self.open.as_mut() {
                        o.out_of_sequence += 1;
                    }
                    self.expected = n + 1;
                }
                Some(_) => self.expected += 1,
            }
        } else {
            self.expected += 1;
        }

        if !visible {
            let code = if bytes.len() != RECORD_LEN {
                3900001
            } else {
                3110001
            };
            self.push(&info, ctx, None, code, None);
        } else {
            if &bytes[4..6] != b"05" {
                self.push(
                    &info,
                    ctx,
                    Some(version_field(&rectype)),
                    3110019,
                    Some(&bytes[4..6]),
                );
            }
            self.grammar(&rectype, bytes, &info, ctx);
            self.prev_visible = Some(rectype);
        }

        for d in declared {
            let value = d.field.map(|id| &bytes[crate::layout::field(id).range()]);
            self.push(&info, ctx, d.field, d.code, value);
        }
        self.prev_line = Some((info, ctx));
        Ok(())
    }

    fn grammar(
        &mut self,
        rectype: &[u8; 4],
        bytes: &[u8],
        info: &LineInfo,
        ctx: Option<BerichtCtx>,
    ) {
        let in_bericht = self.open.is_some();
        let prev = self.prev_visible;
        match rectype {
            b"0001" => {
                if &bytes[4..6] == b"05" && bytes[57] != b'T' {
                    let key: [u8; 26] = bytes[15..41].try_into().expect("26 bytes");
                    let absent =
                        key[..6].iter().all(|&c| c == b' ') || key[6..].iter().all(|&c| c == b' ');
                    if !absent && !self.referenties.insert(key) {
                        self.push(info, None, None, 3900010, None);
                    }
                }
            }
            b"0002" => {}
            b"0003" => match self.open.take() {
                Some(o) => {
                    if &bytes[4..6] == b"05" {
                        let counts = [
                            ("0003-05", 18..25, o.students),
                            ("0003-06", 25..32, o.inschrijvingen),
                            ("0003-07", 32..40, o.records),
                        ];
                        for (id, range, counted) in counts {
                            if digits(&bytes[range.clone()]).is_some_and(|w| w != counted) {
                                self.push(info, ctx, Some(id), 3900012, Some(&bytes[range]));
                            }
                        }
                    }
                    if o.out_of_sequence >= 2 {
                        self.push(info, ctx, None, 3110020, None);
                    }
                }
                None => self.push(info, None, None, 3110003, None),
            },
            _ => {
                let misplaced = !in_bericht
                    || match rectype {
                        b"0135" => prev.as_ref() != Some(b"0134"),
                        b"0136" => !matches!(prev.as_ref(), Some(b"0135") | Some(b"0136")),
                        _ => false,
                    };
                if misplaced {
                    self.push(info, ctx, None, 3110003, None);
                }
                if let Some(o) = self.open.as_mut() {
                    match rectype {
                        b"0135" => o.students += 1,
                        b"0136" => o.inschrijvingen += 1,
                        _ => {}
                    }
                }
                match rectype {
                    b"0134" => {
                        self.pending_0134 = Some(Pending { info: *info, ctx });
                    }
                    b"0135" if ctx.is_some_and(|c| !c.in_10620) => {
                        self.pending_0135 = Some(Pending { info: *info, ctx });
                    }
                    _ => {}
                }
            }
        }
    }

    /// Decides the pending 0134 / 0135 now that the next visible record is known.
    fn resolve_pending(&mut self, next: &[u8; 4]) {
        if let Some(p) = self.pending_0134.take() {
            if next != b"0135" {
                self.push(&p.info, p.ctx, None, 3900005, None);
            }
        }
        if let Some(p) = self.pending_0135.take() {
            if next != b"0136" {
                self.push(&p.info, p.ctx, None, 3900006, None);
            }
        }
    }

    /// The open bericht ends without its 0003.
    fn interrupt(&mut self) {
        if let Some(o) = self.open.take() {
            self.push(&o.header, Some(o.ctx), None, 3900002, None);
            if o.out_of_sequence >= 2 {
                if let Some((last, ctx)) = self.prev_line {
                    self.push(&last, ctx, None, 3110020, None);
                }
            }
        }
    }

    fn end_zending(&mut self) -> io::Result<()> {
        self.interrupt();
        if let Some((info, count)) = self.header.take() {
            if digits(&count).is_some_and(|w| w != u64::from(self.berichten)) {
                self.push(&info, None, Some("0001-10"), 3900011, Some(&count));
            }
        }
        // A stable sort keeps the first of two findings on one (line, code, field).
        self.findings
            .sort_by(|a, b| (a.line, a.code, a.field).cmp(&(b.line, b.code, b.field)));
        self.findings
            .dedup_by(|b, a| (a.line, a.code, a.field) == (b.line, b.code, b.field));
        for f in self.findings.drain(..) {
            self.out.write_all(f.json.as_bytes())?;
            self.out.write_all(b"\n")?;
            self.written += 1;
        }
        Ok(())
    }

    /// Ends the file: the last pending records and the last zending.
    pub fn finish(&mut self) -> io::Result<()> {
        if let Some(p) = self.pending_0134.take() {
            self.push(&p.info, p.ctx, None, 3900005, None);
        }
        if let Some(p) = self.pending_0135.take() {
            self.push(&p.info, p.ctx, None, 3900006, None);
        }
        self.end_zending()?;
        self.out.flush()
    }
}

fn seq_field(rectype: &[u8; 4]) -> &'static str {
    match rectype {
        b"0001" => "0001-03",
        b"0002" => "0002-03",
        b"0003" => "0003-03",
        b"0134" => "0134-03",
        b"0135" => "0135-03",
        _ => "0136-03",
    }
}

fn version_field(rectype: &[u8; 4]) -> &'static str {
    match rectype {
        b"0001" => "0001-02",
        b"0002" => "0002-02",
        b"0003" => "0003-02",
        b"0134" => "0134-02",
        b"0135" => "0135-02",
        _ => "0136-02",
    }
}
