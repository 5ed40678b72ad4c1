//! Reading lines and splitting a file into segments (spec section 2).
//!
//! A line ends at LF; a CR directly before the LF belongs to the line ending; the last line
//! may lack its LF. A *segment* is a run of lines checked on its own: it starts at a
//! visible `0001` or `0002` record (or at the start of the file) and runs to the next one,
//! except that a large bericht is cut into parts at student groups, and a long run of lines
//! that are no record (at the file's start, or after a 0002) into pieces. A part carries
//! what it needs of the lines before it (its bericht-header, the sequence number it
//! expects), so segments are checked in parallel without sharing state.

use crate::check::bytes;
#[cfg(target_arch = "x86_64")]
use crate::check::masks::lanes::{self, Lanes};
use crate::layout::{RecordType, RECORD_LEN};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// One line of a file: `start..end` are its bytes without the line ending, `next` is where
/// the following line starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// The line that starts at `pos`, or None at the end of the data.
#[inline(always)]
pub fn line_at(data: &[u8], pos: usize) -> Option<Line> {
    if pos >= data.len() {
        return None;
    }
    // SAFETY: the baseline search needs nothing a CPU of this architecture lacks.
    Some(match unsafe { record_at::<Baseline>(&data[pos..]) } {
        Some((_, len)) => Line {
            start: pos,
            end: pos + RECORD_LEN,
            next: pos + len,
        },
        None => searched_line_at(data, pos),
    })
}

/// The record that starts `rest` and the length of its line with the line ending, when
/// that line is one record and an LF or a CR LF, as nearly every line is: the record's bytes
/// hold no LF of their own.
///
/// # Safety
///
/// The CPU has the instructions of `S`.
#[inline(always)]
unsafe fn record_at<S: LfSearch>(rest: &[u8]) -> Option<(&[u8; RECORD_LEN], usize)> {
    record_line(rest).filter(|(rec, _)| S::no_lf(rec))
}

/// The 210 bytes that start `rest` and the length of their line with its ending, when an
/// LF or a CR LF follows them; whether they hold an LF of their own is the caller's to know.
/// (A CR before an LF after 209 bytes is that shorter line's ending.)
#[inline(always)]
pub(crate) fn record_line(rest: &[u8]) -> Option<(&[u8; RECORD_LEN], usize)> {
    let l: &[u8; RECORD_LEN + 2] = rest.first_chunk()?;
    let len = if l[RECORD_LEN] == b'\n' && l[RECORD_LEN - 1] != b'\r' {
        RECORD_LEN + 1
    } else if l[RECORD_LEN..] == *b"\r\n" {
        RECORD_LEN + 2
    } else {
        return None;
    };
    Some((l.first_chunk().expect("a record"), len))
}

/// The line at `pos`, before the end of the data, found by searching for its LF.
fn searched_line_at(data: &[u8], pos: usize) -> Line {
    match memchr::memchr(b'\n', &data[pos..]) {
        Some(i) => ended_by(data, pos, pos + i),
        None => Line {
            start: pos,
            end: data.len(),
            next: data.len(),
        },
    }
}

/// The line from `start` that the LF at `nl` ends (a CR before that LF is its line end).
#[inline(always)]
fn ended_by(data: &[u8], start: usize, nl: usize) -> Line {
    let end = if nl > start && data[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    };
    Line {
        start,
        end,
        next: nl + 1,
    }
}

/// Where the line before the one that starts at `pos` (not the first) starts.
fn start_of_line_before(data: &[u8], pos: usize) -> usize {
    memchr::memrchr(b'\n', &data[..pos - 1]).map_or(0, |i| i + 1)
}

/// A search of a record's bytes for an LF.
trait LfSearch {
    /// Whether the `RECORD_LEN` bytes of `rec` hold no LF.
    ///
    /// # Safety
    ///
    /// The CPU has the instructions of the search.
    unsafe fn no_lf(rec: &[u8; RECORD_LEN]) -> bool;
}

/// Vectors of one width: 16 bytes (SSE2) anywhere, 32 (AVX2) for a caller that asked the
/// CPU once for many records.
#[cfg(target_arch = "x86_64")]
impl<V: Lanes> LfSearch for V {
    #[inline(always)]
    unsafe fn no_lf(rec: &[u8; RECORD_LEN]) -> bool {
        no_lf_in::<V>(rec)
    }
}

/// The search every CPU of the architecture can make, inlined wherever it is used: a line
/// looked up on its own (the line walk, loading) is not worth asking the CPU for more.
#[cfg(target_arch = "x86_64")]
type Baseline = std::arch::x86_64::__m128i;
#[cfg(not(target_arch = "x86_64"))]
type Baseline = Plain;

/// Byte by byte, where there are no vectors of [`Lanes`].
#[cfg(not(target_arch = "x86_64"))]
struct Plain;

#[cfg(not(target_arch = "x86_64"))]
impl LfSearch for Plain {
    unsafe fn no_lf(rec: &[u8; RECORD_LEN]) -> bool {
        !rec.contains(&b'\n')
    }
}

/// # Safety
///
/// The CPU has the instructions of `V`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn no_lf_in<V: Lanes>(rec: &[u8; RECORD_LEN]) -> bool {
    let lf = V::splat(b'\n');
    let seen = lanes::fold(rec, 0, RECORD_LEN, V::splat(0), |seen, v: V| {
        seen.or(v.eq(lf))
    });
    seen.bits() == 0
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
    /// 1-based index, in its zending, of the bericht the segment's `0002` opens (or, for a
    /// continuation, goes on with); 0 when the segment starts at neither.
    pub bericht: u32,
    /// For a later part of a bericht that was cut (at a student group, or in a run of
    /// invisible lines): the offset and line of the bericht-header, in an earlier segment.
    pub resumes_bericht: Option<(usize, u64)>,
    /// The segment ends inside its bericht, which the next segment resumes.
    pub ends_inside_bericht: bool,
    /// The sequence number the segment's first line expects (section 5.2), read back from
    /// the lines before it, as far as the previous segment's start (see
    /// `number_segments`).
    pub expected: u64,
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

/// What the split looks for in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MarkKind {
    /// A visible 0001: a zending and a segment start.
    ZendingHeader,
    /// A visible 0002: a bericht and a segment start.
    BerichtHeader,
    /// A visible 0003: the bericht is closed, so no cut until the next 0002.
    BerichtEinde,
    /// A visible 0134 that may be the first past a multiple of the chunk size: the first of
    /// its piece, or the first past such a multiple in it. The assembly, which sees the
    /// whole file, keeps those that are: a large bericht may be cut there.
    Cut,
    /// The first visible 0134, 0135 or 0136 of the piece, and the first after each 0002
    /// (unless it is a [`MarkKind::Cut`], which marks the same): where a run of invisible
    /// lines after a 0002, or at the file's start, ends.
    Data,
    /// The first invisible line past a multiple of the run size ([`INVISIBLE_RUN`] by default),
    /// while no data record came since the piece's start or its last 0002: a run of
    /// invisible lines may be cut there.
    InvisibleRun,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    offset: usize,
    line: u64,
    kind: MarkKind,
}

/// Pieces of this many bytes are scanned in parallel.
const PIECE: usize = 8 << 20;

/// A bericht is cut at the first student group past every multiple of this many bytes
/// (counted from the file's start), so that one large bericht is checked by several threads.
/// Only a bericht that its berichteinde closes is cut: an interrupted one (`3900002`) is
/// checked whole, and so are data records outside every bericht.
pub const CHUNK: usize = 64 << 20;

/// A run of invisible lines at the start of a file, or between a 0002 and the bericht's
/// first data record, is cut into segments at the first line past every this many bytes
/// (by default; see [`plan_in_chunks`]). Such lines carry nothing from one to the next but
/// the sequence number (each has only its own finding, `3900001` or `3110001`, and counts
/// in 0003-07), and a file without a visible record (another kind of file, or every record
/// a byte too long) would otherwise be one segment, whose findings, one a line, are all
/// held at once. (What is not cut holds its findings until its end: an interrupted bericht,
/// or data records outside every bericht, about 90 bytes a finding.)
pub const INVISIBLE_RUN: usize = 128 << 10;

/// What the scan of one piece of a file finds.
#[derive(Default)]
struct Piece {
    marks: Vec<Mark>,
    /// Line numbers in `marks` count from the piece's first line, 1-based.
    lines: u64,
}

/// Splits `data` into zendingen and segments; a bericht is cut at the first student group
/// after every `chunk` bytes, and a run of invisible lines (see [`INVISIBLE_RUN`]) at the
/// first line after every `invisible_run` bytes. Pieces of the file are scanned in parallel;
/// the pieces' line counts then give every mark its line number. The bytes of each piece
/// scanned are added to `read`: on a file not yet in the page cache, the scan is where it
/// is read from disk.
pub fn plan_in_chunks(
    data: &[u8],
    chunk: usize,
    invisible_run: usize,
    read: &AtomicU64,
) -> FilePlan {
    plan_in_pieces(data, PIECE, chunk.max(1), invisible_run.max(1), read)
}

/// [`plan_in_chunks`] with the file scanned in pieces of `piece` bytes: the plan is the
/// same whatever their size.
fn plan_in_pieces(
    data: &[u8],
    piece: usize,
    chunk: usize,
    invisible_run: usize,
    read: &AtomicU64,
) -> FilePlan {
    // A piece scans the lines that start in its bytes. Each finds its first line start
    // itself: on a file not yet in the page cache, that is a read from disk, and one
    // thread finding them all would wait for every one in turn.
    let pieces: Vec<Piece> = (0..data.len().div_ceil(piece))
        .into_par_iter()
        .map(|i| {
            let (from, to) = (i * piece, data.len().min((i + 1) * piece));
            let piece = match first_line_start(data, from, to) {
                Some(start) => scan(data, start, to, chunk, invisible_run),
                None => Piece::default(),
            };
            read.fetch_add((to - from) as u64, Ordering::Relaxed);
            piece
        })
        .collect();
    let mut marks = Vec::new();
    let mut lines_before = 0;
    for piece in pieces {
        marks.extend(piece.marks.into_iter().map(|m| Mark {
            line: m.line + lines_before,
            ..m
        }));
        lines_before += piece.lines;
    }
    assemble(data, &marks, lines_before, chunk)
}

/// The first line start in `data[from..to]`, if one is there.
fn first_line_start(data: &[u8], from: usize, to: usize) -> Option<usize> {
    if from == 0 || data[from - 1] == b'\n' {
        return Some(from);
    }
    memchr::memchr(b'\n', &data[from..to])
        .map(|i| from + i + 1)
        .filter(|&start| start < to)
}

/// What a line marks, by its visible record type (or none) and where it and the line before
/// it start: the rule of [`MarkKind`], with what it keeps from line to line of a piece.
struct Marker {
    chunk: usize,
    invisible_run: usize,
    /// The next chunk boundary in the piece; the piece's first 0134 is marked whatever it
    /// is, as a multiple passed in the pieces before may still wait for its 0134.
    boundary: usize,
    /// A data record came since the piece's start or its last 0002.
    data_seen: bool,
}

impl Marker {
    fn new(chunk: usize, invisible_run: usize) -> Marker {
        Marker {
            chunk,
            invisible_run,
            boundary: 0,
            data_seen: false,
        }
    }

    /// Whether the record at `start` whose type is `code` marks nothing, past a bericht's
    /// first data record (as [`Self::kind`] has it): a student group's record, but a 0134
    /// past the chunk boundary. (0134, 0135 and 0136 are three numbers in a row.)
    #[inline(always)]
    fn marks_nothing(&self, code: &[u8; 4], start: usize) -> bool {
        const GROUP: u32 = u32::from_be_bytes(*b"0134");
        let group = u32::from_be_bytes(*code).wrapping_sub(GROUP);
        debug_assert!(self.data_seen);
        group < 3 && (group != 0 || start < self.boundary)
    }

    /// The mark of the line at `start`, of type `visible`, after a line at `prev`.
    fn kind(&mut self, visible: Option<RecordType>, start: usize, prev: usize) -> Option<MarkKind> {
        Some(match visible {
            Some(RecordType::ZendingHeader) => MarkKind::ZendingHeader,
            Some(RecordType::BerichtHeader) => {
                self.data_seen = false;
                MarkKind::BerichtHeader
            }
            Some(RecordType::BerichtEinde) => MarkKind::BerichtEinde,
            Some(RecordType::Identificatie) if start >= self.boundary => {
                self.boundary = (start / self.chunk + 1) * self.chunk;
                self.data_seen = true;
                MarkKind::Cut
            }
            Some(_) if !self.data_seen => {
                self.data_seen = true;
                MarkKind::Data
            }
            None if !self.data_seen && start / self.invisible_run != prev / self.invisible_run => {
                MarkKind::InvisibleRun
            }
            _ => return None,
        })
    }
}

/// The marks in the lines that start in `data[from..to]`, where `from` starts a line.
fn scan(data: &[u8], from: usize, to: usize, chunk: usize, invisible_run: usize) -> Piece {
    // The CPU is asked once for the piece: a `#[target_feature]` function is not inlined
    // into one without, so the AVX2 search of each record must be in a loop of its own.
    #[cfg(target_arch = "x86_64")]
    if lanes::avx2() {
        // SAFETY: the CPU has AVX2, as just asked.
        return unsafe { scan_avx2(data, from, to, chunk, invisible_run) };
    }
    // SAFETY: the baseline search needs nothing a CPU of this architecture lacks.
    unsafe { scan_in::<Baseline>(data, from, to, chunk, invisible_run) }
}

/// [`scan`] 32 bytes a step.
///
/// # Safety
///
/// The CPU has AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn scan_avx2(
    data: &[u8],
    from: usize,
    to: usize,
    chunk: usize,
    invisible_run: usize,
) -> Piece {
    scan_in::<std::arch::x86_64::__m256i>(data, from, to, chunk, invisible_run)
}

/// [`scan`], with records searched for an LF by `S`.
///
/// # Safety
///
/// The CPU has the instructions of `S`.
#[inline(always)]
unsafe fn scan_in<S: LfSearch>(
    data: &[u8],
    from: usize,
    to: usize,
    chunk: usize,
    invisible_run: usize,
) -> Piece {
    let mut marks = Vec::new();
    let mut n = 0;
    let mut marker = Marker::new(chunk, invisible_run);
    // Where the line before starts: a line is the first past a multiple of `invisible_run`
    // when one lies after that start, whichever piece the line is in.
    let mut before = match from {
        0 => 0,
        _ => start_of_line_before(data, from),
    };
    let mut pos = from;
    while pos < to {
        if marker.data_seen {
            // A run of records that mark nothing, nearly every line of a file, is taken with a
            // look at each record's ending and type. The line that ends the run is looked at
            // again as any line.
            // `record_at` needs a record and two bytes: cut here, `rest` holds them for a
            // line that starts before `to`, and for none at or after it.
            let mut rest = &data[pos..data.len().min(to + RECORD_LEN + 1)];
            while let Some((rec, len)) = record_at::<S>(rest) {
                if !marker.marks_nothing(rec.first_chunk().expect("a type"), pos) {
                    break;
                }
                (n, before, pos) = (n + 1, pos, pos + len);
                rest = &rest[len..];
            }
            if pos >= to {
                break;
            }
        }
        let start = pos;
        n += 1;
        let prev = std::mem::replace(&mut before, start);
        // A record, as nearly every line is, is visible when its type is one.
        let visible;
        (visible, pos) = match record_at::<S>(&data[start..]) {
            Some((rec, len)) => (RecordType::from_bytes(&rec[..4]), start + len),
            None => {
                let line = searched_line_at(data, start);
                (visible_type(&data[line.start..line.end]), line.next)
            }
        };
        let Some(kind) = marker.kind(visible, start, prev) else {
            continue;
        };
        marks.push(Mark {
            offset: start,
            line: n,
            kind,
        });
    }
    Piece { marks, lines: n }
}

/// Zendingen and segments from the marks of `data`, a file of `lines` lines; a large
/// bericht is cut at the first student group past every multiple of `chunk` bytes.
fn assemble(data: &[u8], marks: &[Mark], lines: u64, chunk: usize) -> FilePlan {
    let mut p = FilePlan {
        lines,
        ..FilePlan::default()
    };
    if lines == 0 {
        return p;
    }
    let segment = |start, first_line, zending, bericht| Segment {
        start,
        end: data.len(),
        first_line,
        zending,
        bericht,
        resumes_bericht: None,
        ends_inside_bericht: false,
        expected: 0,
    };
    if !marks
        .first()
        .is_some_and(|m| m.line == 1 && m.kind == MarkKind::ZendingHeader)
    {
        // Lines before the first zending-header: a zending without header.
        p.zendingen.push(ZendingPlan {
            index: 1,
            header: None,
            first_line: 1,
            berichten: 0,
        });
        p.segments.push(segment(0, 1, 0, 0));
    }
    // The bericht-header of the open bericht, and the cuts found in it so far. A bericht is
    // cut only once its berichteinde is seen: an interrupted bericht (`3900002` on its
    // header) stays whole.
    let mut open: Option<(usize, u64)> = None;
    let mut cuts: Vec<&Mark> = Vec::new();
    // No visible record yet: the lines so far are those before the file's first record.
    let mut leading = true;
    // The open bericht has no data record yet: its lines after the 0002 are invisible.
    let mut header_only = false;
    // Cuts at student groups fall on the first 0134 past this.
    let mut boundary = chunk;
    for m in marks {
        leading &= m.kind == MarkKind::InvisibleRun;
        let next = match m.kind {
            MarkKind::ZendingHeader => {
                (open, header_only) = (None, false);
                let index = p.zendingen.len() as u32 + 1;
                p.zendingen.push(ZendingPlan {
                    index,
                    header: Some(m.offset),
                    first_line: m.line,
                    berichten: 0,
                });
                segment(m.offset, m.line, p.zendingen.len() - 1, 0)
            }
            MarkKind::BerichtHeader => {
                (open, header_only) = (Some((m.offset, m.line)), true);
                let zending = p.zendingen.len() - 1;
                let z = &mut p.zendingen[zending];
                z.berichten += 1;
                segment(m.offset, m.line, zending, z.berichten)
            }
            MarkKind::BerichtEinde => {
                header_only = false;
                if let Some(header) = open.take() {
                    for cut in cuts.drain(..) {
                        let last = p.segments.last_mut().expect("the bericht's segment");
                        last.end = cut.offset;
                        last.ends_inside_bericht = true;
                        let part = segment(cut.offset, cut.line, last.zending, last.bericht);
                        p.segments.push(Segment {
                            resumes_bericht: Some(header),
                            ..part
                        });
                    }
                }
                continue;
            }
            MarkKind::Cut | MarkKind::Data => {
                header_only = false;
                if m.kind == MarkKind::Cut && m.offset >= boundary {
                    boundary = (m.offset / chunk + 1) * chunk;
                    if open.is_some() {
                        cuts.push(m);
                    }
                }
                continue;
            }
            // Before the file's first record: the zending without header, outside any
            // bericht, where every line expects its own line number.
            MarkKind::InvisibleRun if leading => {
                let last = p.segments.last_mut().expect("the zending without header");
                last.end = m.offset;
                p.segments.push(segment(m.offset, m.line, 0, 0));
                continue;
            }
            MarkKind::InvisibleRun => {
                if header_only {
                    cuts.push(m);
                }
                continue;
            }
        };
        cuts.clear();
        match p.segments.last_mut() {
            // A bericht-header on line 1 opens the segment of the zending without header.
            Some(last) if last.start == m.offset => *last = next,
            Some(last) => {
                last.end = m.offset;
                p.segments.push(next);
            }
            None => p.segments.push(next),
        }
    }
    number_segments(data, &mut p.segments);
    p
}

/// Gives each of `segments` of `data` the sequence number its first line expects. Each is
/// read back from its lines before, as far as the previous segment's start: when none of
/// those lines decides it, it is the previous segment's and one more for each of its lines.
/// So every line is read back once at most, however many segments a run of lines without a
/// number holds (a zending of many berichten whose numbers are blank).
fn number_segments(data: &[u8], segments: &mut [Segment]) {
    let mut previous: Option<&Segment> = None;
    for segment in segments.iter_mut() {
        let from = previous.map_or(0, |p| p.start);
        segment.expected = match (expected_from(data, segment.start, from), previous) {
            (Some(n), _) => n,
            (None, Some(p)) => p.expected + (segment.first_line - p.first_line),
            (None, None) => unreachable!("the first segment reads back to line 1"),
        };
        previous = Some(segment);
    }
}

/// The sequence number expected at the line that starts at `pos` (section 5.2), read back
/// from the lines before it, no further than the line that starts at `from`: a visible
/// record with six digits resynchronises the count; invisible lines and unreadable numbers
/// take the expected one; a zending-header is `000001`, and so is line 1. None when no line
/// from `from` on decides it (and `from` is not the file's start, whose first line does).
fn expected_from(data: &[u8], pos: usize, from: usize) -> Option<u64> {
    let mut walked = 0;
    let mut end = pos;
    while end > from {
        let start = start_of_line_before(data, end);
        let line = ended_by(data, start, end - 1);
        let line = &data[line.start..line.end];
        walked += 1;
        if let Some(rt) = visible_type(line) {
            if bytes::is_digits(&line[6..12]) {
                return Some(bytes::number(&line[6..12]) + walked);
            }
            if rt == RecordType::ZendingHeader {
                return Some(1 + walked);
            }
        }
        end = start;
    }
    (from == 0).then_some(1 + walked)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "x86_64")]
    use crate::check::masks::each_width;

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
    fn record_lines_end_like_any_other_line() {
        // Lines of a record's length and around it, with every ending, at the end of the
        // data or not: as splitting at LF and dropping one CR before it.
        let r = rec("0135");
        let bodies = [
            r.clone(),
            r[..209].to_string(),
            format!("{r}x"),
            format!("{r}\r"),
        ];
        for a in &bodies {
            for b in &bodies {
                for (ea, eb) in [("\n", "\r\n"), ("\r\n", ""), ("\n", "\r"), ("\r\r\n", "\n")] {
                    let data = format!("{a}{ea}{b}{eb}");
                    assert_eq!(found(&data), reference(&data), "{ea:?} {eb:?}");
                }
            }
        }
    }

    #[test]
    fn short_lines_that_add_up_to_a_record_stay_apart() {
        // Two short lines whose bytes and line endings make 210 bytes and an LF (or a CR
        // LF) after them, before a record: three lines, not one of 210 bytes.
        let r = rec("0136");
        let lengths = [0, 1, 103, 104, 105, 107, 207, 208, 209];
        for la in lengths {
            for lb in lengths {
                for (ea, eb) in [
                    ("\n", "\n"),
                    ("\r\n", "\n"),
                    ("\n", "\r\n"),
                    ("\r\n", "\r\n"),
                ] {
                    let data = format!("{}{ea}{}{eb}{r}\n", &r[..la], &r[..lb]);
                    assert_eq!(found(&data), reference(&data), "{la} {ea:?} {lb} {eb:?}");
                }
            }
        }
        assert_eq!(found(&"\n".repeat(1000)).len(), 1000);
    }

    #[test]
    fn an_lf_anywhere_in_a_record_is_seen() {
        let mut r = [b'0'; RECORD_LEN];
        // SAFETY: the baseline search needs nothing a CPU of this architecture lacks.
        assert!(unsafe { Baseline::no_lf(&r) });
        #[cfg(target_arch = "x86_64")]
        each_width!(|V| assert!(no_lf_in::<V>(&r)));
        for at in 0..RECORD_LEN {
            r[at] = b'\n';
            assert!(!unsafe { Baseline::no_lf(&r) }, "{at}");
            #[cfg(target_arch = "x86_64")]
            each_width!(|V| assert!(!no_lf_in::<V>(&r), "{at}"));
            r[at] = b'0';
        }
    }

    #[test]
    fn the_scan_marks_what_the_lines_of_the_file_hold() {
        // Lines of every kind the scan tells apart, in an order that puts each after each:
        // records of each type (and of the types next to a student group's) with LF or CR
        // LF, records with an LF inside, lines of 209 bytes and a CR, longer and shorter
        // lines; a last line with and without an ending.
        let types = [
            "0001", "0002", "0003", "0133", "0134", "0135", "0136", "0137", "7777",
        ];
        let mut kinds: Vec<String> = types
            .iter()
            .flat_map(|k| [rec(k) + "\n", rec(k) + "\r\n"])
            .collect();
        let mut split = rec("0136").into_bytes();
        split[100] = b'\n';
        kinds.push(String::from_utf8(split).unwrap() + "\n");
        let mut split = rec("0135").into_bytes();
        split[209] = b'\n';
        kinds.push(String::from_utf8(split).unwrap() + "\r\n");
        kinds.push(rec("0134")[..209].to_string() + "\r\n");
        kinds.push(rec("0136") + "\r\r\n");
        kinds.push(rec("0002") + "x\n");
        kinds.push("0002 short\n".into());
        let mut state = 7u64;
        let mut mixed = String::new();
        for _ in 0..4000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Mostly student groups, as in a file.
            let k = (state >> 33) as usize % (kinds.len() + 40);
            mixed += &kinds
                .get(k)
                .cloned()
                .unwrap_or_else(|| rec(["0134", "0135", "0136"][k % 3]) + "\n");
        }
        // Lines of 211 bytes, where every third 0134 starts at a multiple of 4 lines.
        let mut even = rec("0001") + "\n" + &rec("0002") + "\n";
        for _ in 0..30 {
            even += &["0134", "0135", "0136"].map(|k| rec(k) + "\n").concat();
        }
        let texts = [
            mixed.clone() + &rec("0136"),
            mixed + "x",
            even.clone(),
            even + "0003",
        ];
        for data in &texts {
            let chunks = [(CHUNK, INVISIBLE_RUN), (5000, 700), (4 * 211, 300), (1, 1)];
            for (chunk, invisible_run) in chunks {
                let (marks, lines) = marked(data, chunk, invisible_run);
                let piece = scan(data.as_bytes(), 0, data.len(), chunk, invisible_run);
                assert_eq!((&piece.marks, piece.lines), (&marks, lines), "{chunk}");
                // And the scan with the baseline search, as it runs without AVX2.
                // SAFETY: the baseline search needs nothing a CPU of this architecture lacks.
                let piece = unsafe {
                    scan_in::<Baseline>(data.as_bytes(), 0, data.len(), chunk, invisible_run)
                };
                assert_eq!((&piece.marks, piece.lines), (&marks, lines), "{chunk}");
                let whole = assemble(data.as_bytes(), &marks, lines, chunk);
                for piece in [211, 1000, 4321] {
                    let parts = plan_in_pieces(
                        data.as_bytes(),
                        piece,
                        chunk,
                        invisible_run,
                        &AtomicU64::new(0),
                    );
                    assert_eq!(parts, whole, "pieces of {piece}, chunks of {chunk}");
                }
            }
        }
        // The texts mark every kind, and a 0134 right at a chunk boundary.
        let (marks, _) = marked(&texts[0], 700, 300);
        for kind in [
            MarkKind::ZendingHeader,
            MarkKind::BerichtHeader,
            MarkKind::BerichtEinde,
            MarkKind::Cut,
            MarkKind::Data,
            MarkKind::InvisibleRun,
        ] {
            assert!(marks.iter().any(|m| m.kind == kind), "{kind:?}");
        }
        let (marks, _) = marked(&texts[2], 4 * 211, 300);
        assert!(marks
            .iter()
            .any(|m| m.kind == MarkKind::Cut && m.offset % (4 * 211) == 0));
    }

    /// The marks of `data` and its number of lines, from its lines as [`reference`] splits
    /// them, one line after the other.
    fn marked(data: &str, chunk: usize, invisible_run: usize) -> (Vec<Mark>, u64) {
        let (mut marks, mut marker, mut before) = (vec![], Marker::new(chunk, invisible_run), 0);
        let lines = reference(data);
        for (n, line) in lines.iter().enumerate() {
            let start = line.as_ptr() as usize - data.as_ptr() as usize;
            let prev = std::mem::replace(&mut before, start);
            let Some(kind) = marker.kind(visible_type(line.as_bytes()), start, prev) else {
                continue;
            };
            marks.push(Mark {
                offset: start,
                line: n as u64 + 1,
                kind,
            });
        }
        (marks, lines.len() as u64)
    }

    /// The lines [`lines`] finds in `data`.
    fn found(data: &str) -> Vec<&str> {
        lines(data.as_bytes(), 0, data.len())
            .map(|l| &data[l.start..l.end])
            .collect()
    }

    /// The lines of `data` as splitting at LF and dropping one CR before it gives them.
    fn reference(data: &str) -> Vec<&str> {
        data.split_inclusive('\n')
            .map(|l| match l.strip_suffix('\n') {
                Some(l) => l.strip_suffix('\r').unwrap_or(l),
                None => l,
            })
            .collect()
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
        let p = plan_in_chunks(text.as_bytes(), CHUNK, INVISIBLE_RUN, &AtomicU64::new(0));
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
    fn every_segment_expects_the_number_that_reading_back_to_line_1_gives() {
        // Berichten of a few groups, cut in chunks and in runs of invisible lines; numbers
        // that are there, blank, or wrong; whole zendingen without a number. Each segment
        // reads back only as far as the segment before it, and must expect what reading
        // all the way back expects.
        let mut text = String::new();
        for i in 0..4000u32 {
            let kind = match i % 53 {
                0 => "0001",
                k if k % 13 == 1 => "0002",
                k if k % 13 == 12 => "0003",
                k if k % 7 == 4 => "7777",
                k if k % 3 == 0 => "0134",
                k if k % 3 == 1 => "0135",
                _ => "0136",
            };
            let seq = match i % 11 {
                _ if i / 53 % 4 == 3 => "      ".to_string(),
                0 | 5 => "      ".to_string(),
                3 => format!("{:06}", i % 7),
                _ => format!("{:06}", i % 53 + 1),
            };
            let line = format!("{kind}05{seq}");
            text += &match i % 29 {
                9 => "short line".to_string(),
                _ => format!("{line:<210}"),
            };
            text += "\n";
        }
        let data = text.as_bytes();
        for (chunk, invisible_run) in [(CHUNK, INVISIBLE_RUN), (3000, 500), (700, 300), (1, 1)] {
            let plan = plan_in_chunks(data, chunk, invisible_run, &AtomicU64::new(0));
            assert!(plan.segments.len() > 70, "{}", plan.segments.len());
            for s in &plan.segments {
                assert_eq!(Some(s.expected), expected_from(data, s.start, 0), "{s:?}");
            }
        }
    }

    #[test]
    fn a_plan_in_pieces_equals_the_plan_in_one_piece() {
        // Zendingen of berichten of student groups, with short lines, long lines and lines
        // of no record type among them, in LF and CR LF.
        let text: String = (0..3000)
            .map(|i| match i % 97 {
                0 => rec("0001"),
                50 => "9".repeat(5000),
                k if k % 31 == 1 => rec("0002"),
                k if k % 31 == 30 => rec("0003"),
                k if k % 17 == 3 => "0002 short".to_string(),
                k if k % 19 == 5 => rec("7777"),
                k if k % 4 == 0 => rec("0134"),
                k if k % 4 == 1 => rec("0135"),
                _ => rec("0136"),
            })
            .collect::<Vec<_>>()
            .join("\r\n");
        let data = text.as_bytes();
        for (chunk, invisible_run) in [(CHUNK, INVISIBLE_RUN), (5000, 700), (700, 300), (1, 1)] {
            let piece = scan(data, 0, data.len(), chunk, invisible_run);
            let whole = assemble(data, &piece.marks, piece.lines, chunk);
            assert_eq!(
                plan_in_chunks(data, chunk, invisible_run, &AtomicU64::new(0)),
                whole
            );
            // Berichten are cut at student groups even when the pieces are smaller than a
            // chunk: the first 0134 past a multiple may lie in a later piece.
            if chunk < CHUNK {
                assert!(whole.segments.iter().any(|s| s.resumes_bericht.is_some()));
            }
            // Small pieces, cut anywhere, some smaller than a line; every byte is counted as
            // read once.
            for piece in [100, 1000, 4321, 65536] {
                let read = AtomicU64::new(0);
                let parts = plan_in_pieces(data, piece, chunk, invisible_run, &read);
                assert_eq!(parts, whole, "pieces of {piece}, chunks of {chunk}");
                assert_eq!(read.into_inner(), data.len() as u64);
            }
        }
    }

    #[test]
    fn the_invisible_lines_that_start_a_file_are_cut_into_segments_of_at_most_invisible_run_bytes()
    {
        // 209-byte lines (no record), then a zending, then more invisible lines.
        let short = format!("{}\n", "1".repeat(209));
        let lead = 3 * INVISIBLE_RUN / short.len() + 5;
        let mut text = short.repeat(lead);
        let first_visible = text.len();
        for kind in ["0001", "0002", "0134", "0135", "0136", "0003"] {
            text += &rec(kind);
            text += "\n";
        }
        text += &short.repeat(2 * INVISIBLE_RUN / short.len());
        let data = text.as_bytes();
        let plan = plan_in_chunks(data, CHUNK, INVISIBLE_RUN, &AtomicU64::new(0));

        let (lead_segments, rest): (Vec<&Segment>, _) =
            plan.segments.iter().partition(|s| s.start < first_visible);
        assert_eq!(lead_segments.len(), 4, "{:?}", plan.segments);
        for s in &lead_segments {
            // Whole lines, at most INVISIBLE_RUN bytes and a line, no bericht, the zending without
            // header; each expects its own line number.
            assert_eq!(s.start % short.len(), 0);
            assert!(s.end - s.start <= INVISIBLE_RUN + short.len());
            assert_eq!((s.zending, s.bericht, s.resumes_bericht), (0, 0, None));
            let first_line = (s.start / short.len()) as u64 + 1;
            assert_eq!(s.first_line, first_line);
            assert_eq!(s.expected, first_line);
        }
        assert_eq!(lead_segments.last().unwrap().end, first_visible);
        // After the first visible record nothing is cut that way: state runs on.
        assert_eq!(rest.len(), 2);
        // The 0001 after them expects its own line number too, its 0002 the number after
        // `000001`.
        assert_eq!(rest[0].expected, rest[0].first_line);
        assert_eq!(rest[1].expected, 2);
        assert_eq!(rest.last().unwrap().end, data.len());
        // The same plan from pieces of any size.
        for piece in [1000, 4321, 65536] {
            assert_eq!(
                plan_in_pieces(data, piece, CHUNK, INVISIBLE_RUN, &AtomicU64::new(0)),
                plan,
                "pieces of {piece}"
            );
        }
    }

    #[test]
    fn a_bericht_whose_lines_after_its_header_are_invisible_is_cut_in_that_run() {
        let short = format!("{}\n", "1".repeat(209));
        let run = short.repeat(3 * INVISIBLE_RUN / short.len() + 5);
        let line = |kind: &str, seq: &str| format!("{:<210}\n", format!("{kind}05{seq}"));
        // Bericht 1: only invisible lines after its 0002 (numbered 000002). Bericht 2: the
        // same after a 0134. Bericht 3: the run, and no 0003.
        let mut text = line("0001", "000001");
        let header = text.len();
        text += &line("0002", "000002");
        text += &run;
        let einde = text.len();
        text += &line("0003", "999999");
        text += &line("0002", "000000");
        text += &line("0134", "000000");
        text += &run;
        text += &line("0003", "000000");
        text += &line("0002", "xxxxxx");
        text += &run;
        let data = text.as_bytes();
        let plan = plan_in_chunks(data, CHUNK, INVISIBLE_RUN, &AtomicU64::new(0));

        let parts: Vec<&Segment> = plan.segments.iter().filter(|s| s.bericht == 1).collect();
        assert_eq!(parts.len(), 4, "{:?}", plan.segments);
        assert_eq!((parts[0].start, parts[3].end), (header, einde + 211));
        for (k, s) in parts.iter().enumerate() {
            assert_eq!(s.ends_inside_bericht, k < 3);
            if k > 0 {
                // A part starts at a line past a multiple of INVISIBLE_RUN, goes on with the
                // bericht, and expects the header's number and one for each line since.
                assert_eq!(s.start, parts[k - 1].end);
                assert!(s.start >= k * INVISIBLE_RUN && s.start - k * INVISIBLE_RUN < short.len());
                assert_eq!(s.resumes_bericht, Some((header, 2)));
                assert_eq!(s.expected, 2 + s.first_line - 2);
            }
        }
        // Berichten 2 and 3 are not cut: a data record came, or no 0003.
        assert_eq!(plan.segments.iter().filter(|s| s.bericht > 1).count(), 2);
        for piece in [1000, 4321, 65536] {
            assert_eq!(
                plan_in_pieces(data, piece, CHUNK, INVISIBLE_RUN, &AtomicU64::new(0)),
                plan,
                "pieces of {piece}"
            );
        }
    }

    #[test]
    fn a_bericht_header_on_line_1_opens_the_zending_without_header() {
        let text = [rec("0002"), rec("0003"), rec("0001")].join("\n");
        let p = plan_in_chunks(text.as_bytes(), CHUNK, INVISIBLE_RUN, &AtomicU64::new(0));
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
        let p = plan_in_chunks(text.as_bytes(), CHUNK, INVISIBLE_RUN, &AtomicU64::new(0));
        assert_eq!(p.zendingen[0].header, None);
        assert_eq!(p.zendingen[1].header, Some(211));
    }
}
