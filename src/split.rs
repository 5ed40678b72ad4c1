//! Reading lines and splitting a file into segments (spec section 2).
//!
//! A line ends at LF; a CR directly before the LF belongs to the line ending; the last line
//! may lack its LF. A *segment* is a run of lines that starts at a visible `0001` or `0002`
//! record (or at the start of the file) and runs to the next one: every bericht lies inside
//! one segment, so segments are checked in parallel without sharing state.

use crate::layout::{RecordType, RECORD_LEN};
use rayon::prelude::*;

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

/// A visible zending- or bericht-header: where a segment starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    offset: usize,
    line: u64,
    zending_header: bool,
}

/// Pieces of this many bytes are scanned in parallel.
const PIECE: usize = 8 << 20;

/// Splits `data` into zendingen and segments. Pieces of the file are scanned for headers in
/// parallel; the pieces' line counts then give every header its line number.
pub fn plan(data: &[u8]) -> FilePlan {
    let mut starts: Vec<usize> = (0..data.len().div_ceil(PIECE))
        .map(|i| line_start_at_or_after(data, i * PIECE))
        .collect();
    starts.dedup();
    let pieces: Vec<(Vec<Mark>, u64)> = starts
        .par_iter()
        .enumerate()
        .map(|(i, &from)| scan(data, from, starts.get(i + 1).copied().unwrap_or(data.len())))
        .collect();
    let mut marks = Vec::new();
    let mut lines_before = 0;
    for (piece_marks, lines) in pieces {
        marks.extend(piece_marks.into_iter().map(|m| Mark {
            line: m.line + lines_before,
            ..m
        }));
        lines_before += lines;
    }
    assemble(&marks, lines_before, data.len())
}

/// The first line start at or after `pos`.
fn line_start_at_or_after(data: &[u8], pos: usize) -> usize {
    if pos == 0 || data[pos - 1] == b'\n' {
        return pos;
    }
    memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i + 1)
}

/// The headers in the lines of `data[from..to]` (line numbers counted from the piece's
/// first line, 1-based), and how many lines the piece holds.
fn scan(data: &[u8], from: usize, to: usize) -> (Vec<Mark>, u64) {
    let mut marks = Vec::new();
    let mut n = 0;
    for line in lines(data, from, to) {
        n += 1;
        match visible_type(&data[line.start..line.end]) {
            Some(RecordType::ZendingHeader) => marks.push(Mark {
                offset: line.start,
                line: n,
                zending_header: true,
            }),
            Some(RecordType::BerichtHeader) => marks.push(Mark {
                offset: line.start,
                line: n,
                zending_header: false,
            }),
            _ => {}
        }
    }
    (marks, n)
}

/// Zendingen and segments from the headers of a file of `lines` lines and `len` bytes.
fn assemble(marks: &[Mark], lines: u64, len: usize) -> FilePlan {
    let mut p = FilePlan {
        lines,
        ..FilePlan::default()
    };
    if lines == 0 {
        return p;
    }
    if !marks
        .first()
        .is_some_and(|m| m.line == 1 && m.zending_header)
    {
        // Lines before the first zending-header: a zending without header.
        p.zendingen.push(ZendingPlan {
            index: 1,
            header: None,
            first_line: 1,
            berichten: 0,
        });
        p.segments.push(Segment {
            start: 0,
            end: len,
            first_line: 1,
            zending: 0,
            bericht: 0,
        });
    }
    for m in marks {
        let mut bericht = 0;
        if m.zending_header {
            let index = p.zendingen.len() as u32 + 1;
            p.zendingen.push(ZendingPlan {
                index,
                header: Some(m.offset),
                first_line: m.line,
                berichten: 0,
            });
        } else {
            let z = p
                .zendingen
                .last_mut()
                .expect("a zending is open from line 1 on");
            z.berichten += 1;
            bericht = z.berichten;
        }
        let segment = Segment {
            start: m.offset,
            end: len,
            first_line: m.line,
            zending: p.zendingen.len() - 1,
            bericht,
        };
        match p.segments.last_mut() {
            // A bericht-header on line 1 opens the segment of the zending without header.
            Some(last) if last.start == m.offset => *last = segment,
            Some(last) => {
                last.end = m.offset;
                p.segments.push(segment);
            }
            None => p.segments.push(segment),
        }
    }
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
    fn a_plan_in_pieces_equals_the_plan_in_one_piece() {
        let text: String = (0..3000)
            .map(|i| match i % 97 {
                0 => rec("0001"),
                k if k % 13 == 1 => rec("0002"),
                k if k % 17 == 3 => "0002 short".to_string(),
                _ => rec("0136"),
            })
            .collect::<Vec<_>>()
            .join("\r\n");
        let data = text.as_bytes();
        let (marks, lines) = scan(data, 0, data.len());
        let whole = assemble(&marks, lines, data.len());
        assert_eq!(plan(data), whole);
        // Small pieces, cut anywhere.
        for piece in [1000, 4321, 65536] {
            let mut starts: Vec<usize> = (0..data.len().div_ceil(piece))
                .map(|i| line_start_at_or_after(data, i * piece))
                .collect();
            starts.dedup();
            let mut all = Vec::new();
            let mut before = 0;
            for (i, &from) in starts.iter().enumerate() {
                let (m, n) = scan(data, from, starts.get(i + 1).copied().unwrap_or(data.len()));
                all.extend(m.into_iter().map(|m| Mark {
                    line: m.line + before,
                    ..m
                }));
                before += n;
            }
            assert_eq!(
                assemble(&all, before, data.len()),
                whole,
                "pieces of {piece}"
            );
        }
    }

    #[test]
    fn a_bericht_header_on_line_1_opens_the_zending_without_header() {
        let text = [rec("0002"), rec("0003"), rec("0001")].join("\n");
        let p = plan(text.as_bytes());
        assert_eq!(p.zendingen[0].header, None);
        assert_eq!(p.zendingen[0].berichten, 1);
        let firsts: Vec<_> = p
            .segments
            .iter()
            .map(|s| (s.first_line, s.zending, s.bericht))
            .collect();
        assert_eq!(firsts, vec![(1, 0, 1), (3, 1, 0)]);
    }

    #[test]
    fn lines_before_the_first_header_are_a_zending_without_header() {
        let text = [rec("0134"), rec("0001")].join("\n");
        let p = plan(text.as_bytes());
        assert_eq!(p.zendingen[0].header, None);
        assert_eq!(p.zendingen[1].header, Some(211));
    }
}
