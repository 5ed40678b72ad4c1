//! Reading lines and splitting a file into segments (spec section 2).
//!
//! A line ends at LF; a CR directly before the LF belongs to the line ending; the last line
//! may lack its LF. A *segment* is a run of lines that starts at a visible `0001` or `0002`
//! record (or at the start of the file) and runs to the next one: every bericht lies inside
//! one segment, so segments are checked in parallel without sharing state.

use crate::layout::{RecordType, RECORD_LEN};

/// One line of a file: `start..end` are its bytes without the line ending, `next` is where
/// the following line starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// The line that starts at `pos`, or None at the end of the data.
#[inline]
pub fn line_at(data: &[u8], pos: usize) -> Option<Line> {
    if pos >= data.len() {
        return None;
    }
    // Nearly every line is one record and an LF: look there before searching.
    let nl = match data.get(pos + RECORD_LEN) {
        Some(b'\n') => Some(pos + RECORD_LEN),
        _ => memchr::memchr(b'\n', &data[pos..]).map(|i| pos + i),
    };
    Some(match nl {
        Some(nl) => {
            let end = if nl > pos && data[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            Line {
                start: pos,
                end,
                next: nl + 1,
            }
        }
        None => Line {
            start: pos,
            end: data.len(),
            next: data.len(),
        },
    })
}

/// Iterates over the lines of `data[from..to]`, where `from` starts a line.
pub fn lines(data: &[u8], from: usize, to: usize) -> impl Iterator<Item = Line> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= to {
            return None;
        }
        let line = line_at(data, pos)?;
        pos = line.next;
        Some(line)
    })
}

/// The record type of a visible record: a line of exactly 210 bytes whose bytes 1-4 are one
/// of the six record types. Every other line is invisible to the grammar (spec section 2).
#[inline]
pub fn visible_type(line: &[u8]) -> Option<RecordType> {
    if line.len() == RECORD_LEN {
        RecordType::from_bytes(&line[..4])
    } else {
        None
    }
}

/// A run of lines checked as one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Byte range of the segment's lines, line endings included.
    pub start: usize,
    pub end: usize,
    /// Line number (1-based) of the segment's first line.
    pub first_line: u64,
    /// Index of the segment's zending in [`FilePlan::zendingen`].
    pub zending: usize,
    /// 1-based index, in its zending, of the bericht the segment's `0002` opens; 0 when the
    /// segment does not start at a `0002`.
    pub bericht: u32,
}

/// One zending of a file, as the split sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZendingPlan {
    /// 1-based index of the zending in its file.
    pub index: u32,
    /// Byte offset of the zending-header line; None for the lines before the first `0001`
    /// when line 1 is not a visible `0001` (a zending without header, `3900003`).
    pub header: Option<usize>,
    /// Line number of the zending's first line (its header, or line 1).
    pub first_line: u64,
    /// Number of visible `0002` records in the zending (for `0001-10`).
    pub berichten: u32,
}

/// How a file splits into zendingen and segments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilePlan {
    pub zendingen: Vec<ZendingPlan>,
    pub segments: Vec<Segment>,
    pub lines: u64,
}

/// Splits `data` into zendingen and segments.
pub fn plan(data: &[u8]) -> FilePlan {
    let mut p = FilePlan::default();
    let mut line_no = 0u64;
    for line in lines(data, 0, data.len()) {
        line_no += 1;
        let rt = visible_type(&data[line.start..line.end]);
        let starts_zending = rt == Some(RecordType::ZendingHeader);
        if line_no == 1 && !starts_zending {
            p.zendingen.push(ZendingPlan {
                index: 1,
                header: None,
                first_line: 1,
                berichten: 0,
            });
        }
        if starts_zending {
            let index = p.zendingen.len() as u32 + 1;
            p.zendingen.push(ZendingPlan {
                index,
                header: Some(line.start),
                first_line: line_no,
                berichten: 0,
            });
        }
        let mut bericht = 0;
        if rt == Some(RecordType::BerichtHeader) {
            let z = p
                .zendingen
                .last_mut()
                .expect("a zending is open from line 1 on");
            z.berichten += 1;
            bericht = z.berichten;
        }
        if line_no == 1 || starts_zending || bericht > 0 {
            if let Some(last) = p.segments.last_mut() {
                last.end = line.start;
            }
            p.segments.push(Segment {
                start: line.start,
                end: data.len(),
                first_line: line_no,
                zending: p.zendingen.len() - 1,
                bericht,
            });
        }
    }
    p.lines = line_no;
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(kind: &str) -> String {
        format!("{kind:<210}")
    }

    #[test]
    fn line_endings() {
        let data = b"ab\r\ncd\r\r\nef";
        let ls: Vec<_> = lines(data, 0, data.len())
            .map(|l| &data[l.start..l.end])
            .collect();
        assert_eq!(ls, vec![&b"ab"[..], b"cd\r", b"ef"]);
        assert_eq!(lines(b"x\n", 0, 2).count(), 1);
        assert_eq!(lines(b"", 0, 0).count(), 0);
        assert_eq!(lines(b"\n\n", 0, 2).count(), 2);
    }

    #[test]
    fn segments_start_at_visible_headers() {
        let text = [
            rec("0001"),
            rec("0002"),
            rec("0134"),
            "0002short".into(),
            rec("0003"),
            rec("0002"),
            rec("0003"),
            rec("0001"),
        ]
        .join("\n");
        let p = plan(text.as_bytes());
        assert_eq!(p.lines, 8);
        assert_eq!(p.zendingen.len(), 2);
        assert_eq!(p.zendingen[0].berichten, 2);
        let firsts: Vec<_> = p
            .segments
            .iter()
            .map(|s| (s.first_line, s.zending, s.bericht))
            .collect();
        assert_eq!(firsts, vec![(1, 0, 0), (2, 0, 1), (6, 0, 2), (8, 1, 0)]);
        assert_eq!(p.segments.last().unwrap().end, text.len());
    }

    #[test]
    fn lines_before_the_first_header_are_a_zending_without_header() {
        let text = [rec("0134"), rec("0001")].join("\n");
        let p = plan(text.as_bytes());
        assert_eq!(p.zendingen[0].header, None);
        assert_eq!(p.zendingen[1].header, Some(211));
    }
}
