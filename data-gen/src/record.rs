//! Record lines: a reusable 210-byte buffer per line and the helpers that write
//! fields into it without allocating (numbers are formatted by hand).

use crate::calendar;
use crate::layout::{field, Field};

/// Length of every record.
pub const RECORD_LEN: usize = 210;

const BLANKS: [u8; RECORD_LEN] = [b' '; RECORD_LEN];

/// What a line was meant to be when the sender wrote it; the berichteinde
/// counts are made from this, whatever a mutation did to the bytes later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intended {
    /// A 0135 studenteninformatie (counted in 0003-05).
    Student,
    /// A 0136 inschrijvingsinformatie (counted in 0003-06).
    Inschrijving,
    /// Any other record.
    Other,
}

/// A finding a mutation provokes on one field (or the whole line) of this line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declared {
    pub field: Option<&'static str>,
    pub code: u32,
}

/// One line of the file under construction.
#[derive(Clone, Debug)]
pub struct Line {
    /// The record bytes, line ending excluded (210 unless a mutation changed the length).
    pub buf: Vec<u8>,
    pub intended: Intended,
    /// The field-level findings the validator must report on this line.
    pub declared: Vec<Declared>,
}

impl Line {
    fn new() -> Line {
        Line {
            buf: Vec::with_capacity(RECORD_LEN + 2),
            intended: Intended::Other,
            declared: Vec::new(),
        }
    }

    /// Resets the line to a blank record of type `rectype` with versienummer 05.
    pub fn reset(&mut self, rectype: &[u8; 4], intended: Intended) {
        self.buf.clear();
        self.buf.extend_from_slice(&BLANKS);
        self.buf[0..4].copy_from_slice(rectype);
        self.buf[4..6].copy_from_slice(b"05");
        self.intended = intended;
        self.declared.clear();
    }

    /// Copies another line (bytes, intent and declared findings).
    pub fn copy_from(&mut self, other: &Line) {
        self.buf.clear();
        self.buf.extend_from_slice(&other.buf);
        self.intended = other.intended;
        self.declared.clear();
        self.declared.extend_from_slice(&other.declared);
    }

    /// The record type bytes.
    pub fn rectype(&self) -> &[u8] {
        &self.buf[0..4]
    }

    /// The bytes of a field.
    pub fn get(&self, f: &Field) -> &[u8] {
        &self.buf[f.range()]
    }

    /// The bytes of the field with this id.
    pub fn get_id(&self, id: &str) -> &[u8] {
        self.get(field(id))
    }

    /// Overwrites a field with `value`, left-aligned and blank-padded (text).
    pub fn set_id(&mut self, id: &str, value: &[u8]) {
        let f = field(id);
        let r = f.range();
        let n = value.len().min(f.len);
        self.buf[r.clone()].fill(b' ');
        self.buf[r.start..r.start + n].copy_from_slice(&value[..n]);
    }

    /// Makes the field with this id absent (all blanks).
    pub fn blank_id(&mut self, id: &str) {
        self.buf[field(id).range()].fill(b' ');
    }

    /// Notes a finding the validator must report on this line.
    pub fn declare(&mut self, field: Option<&'static str>, code: u32) {
        self.declared.push(Declared { field, code });
    }

    /// Writes `value` zero-padded into `len` bytes at 1-based `start`.
    #[inline]
    pub fn num(&mut self, start: usize, len: usize, mut value: u64) {
        let s = &mut self.buf[start - 1..start - 1 + len];
        for b in s.iter_mut().rev() {
            *b = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }

    /// Writes text at 1-based `start`, cut at `len` bytes (the rest stays blank).
    #[inline]
    pub fn text(&mut self, start: usize, len: usize, value: &[u8]) {
        let n = value.len().min(len);
        self.buf[start - 1..start - 1 + n].copy_from_slice(&value[..n]);
    }

    /// Writes a date `DD?MM?JJJJ` with separator `sep` at 1-based `start`.
    #[inline]
    pub fn date(&mut self, start: usize, day: i32, sep: u8) {
        let (y, m, d) = calendar::civil(day);
        self.num(start, 2, u64::from(d));
        self.buf[start + 1] = sep;
        self.num(start + 3, 2, u64::from(m));
        self.buf[start + 4] = sep;
        self.num(start + 6, 4, y as u64);
    }
}

/// A reusable list of lines (a student group, or the lines around a header).
#[derive(Default, Debug)]
pub struct Lines {
    lines: Vec<Line>,
    used: usize,
}

impl Lines {
    /// Forgets the lines, keeping their buffers.
    pub fn clear(&mut self) {
        self.used = 0;
    }

    /// Appends a blank record of type `rectype` and returns it.
    pub fn push(&mut self, rectype: &[u8; 4], intended: Intended) -> &mut Line {
        if self.used == self.lines.len() {
            self.lines.push(Line::new());
        }
        let line = &mut self.lines[self.used];
        self.used += 1;
        line.reset(rectype, intended);
        line
    }

    /// Inserts a copy of line `from` at position `at`.
    pub fn insert_copy(&mut self, at: usize, from: usize) {
        if self.used == self.lines.len() {
            self.lines.push(Line::new());
        }
        let (head, tail) = self.lines.split_at_mut(self.used);
        tail[0].copy_from(&head[from]);
        self.used += 1;
        self.lines[at..self.used].rotate_right(1);
    }

    /// Removes line `at`, keeping the order of the others.
    pub fn remove(&mut self, at: usize) {
        self.lines[at..self.used].rotate_left(1);
        self.used -= 1;
    }

    /// Swaps lines `a` and `b`.
    pub fn swap(&mut self, a: usize, b: usize) {
        self.lines[..self.used].swap(a, b);
    }

    /// Keeps only the first `n` lines.
    pub fn truncate(&mut self, n: usize) {
        self.used = self.used.min(n);
    }

    pub fn as_slice(&self) -> &[Line] {
        &self.lines[..self.used]
    }

    pub fn as_mut_slice(&mut self) -> &mut [Line] {
        &mut self.lines[..self.used]
    }

    pub fn len(&self) -> usize {
        self.used
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_fields_in_place() {
        let mut l = Line::new();
        l.reset(b"0136", Intended::Inschrijving);
        l.num(80, 3, 60);
        l.date(60, calendar::days(2024, 9, 16), b'/');
        l.text(110, 1, b"J");
        assert_eq!(l.buf.len(), RECORD_LEN);
        assert_eq!(l.get_id("0136-18"), b"060");
        assert_eq!(l.get_id("0136-16"), b"16/09/2024");
        assert_eq!(l.get_id("0136-30"), b"J");
        assert_eq!(&l.buf[0..6], b"013605");
    }

    #[test]
    fn insert_and_remove_keep_order() {
        let mut ls = Lines::default();
        for t in [b"0134", b"0135", b"0136"] {
            ls.push(t, Intended::Other);
        }
        ls.insert_copy(3, 2);
        let types: Vec<&[u8]> = ls.as_slice().iter().map(|l| l.rectype()).collect();
        assert_eq!(types, vec![&b"0134"[..], b"0135", b"0136", b"0136"]);
        ls.remove(1);
        let types: Vec<&[u8]> = ls.as_slice().iter().map(|l| l.rectype()).collect();
        assert_eq!(types, vec![&b"0134"[..], b"0136", b"0136"]);
    }
}
