//! The input of the run-wide check `4930001` that a segment collects: its bericht's aard-1
//! inschrijvingen whose student has a usable identificatienummer, and the academiejaar,
//! gebeurtenis and instelling they count under.

use super::{is_readable, Bericht};
use crate::findings::LineRef;
use crate::layout;

/// The 0136 records with aard inschrijving 1 whose student has a usable identificatienummer,
/// of one bericht: input to the run-wide check `4930001`. Kept small (the run holds one per
/// aard-1 0136): the bericht-header's fields once, then per record its identificatienummer
/// and where it stands relative to the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EersteInschrijvingen {
    /// 0002-07, 0002-06 and 0002-04 as written.
    pub academiejaar: [u8; 4],
    pub gebeurtenis: [u8; 5],
    pub instelling: [u8; 6],
    /// The bericht-header line.
    pub header: LineRef,
    pub records: Vec<EersteInschrijving>,
}

/// One aard-1 inschrijving: its student's identificatienummer, and its line, offset and
/// group's 0134 counted from the bericht-header. (In full width: a bericht may run past
/// 4 GiB, an interrupted one in one segment.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EersteInschrijving {
    pub identificatienummer: u64,
    lines_after_header: u64,
    bytes_after_header: usize,
    group_after_header: usize,
}

/// 0002-07, 0002-06 and 0002-04 as written: the academiejaar and gebeurtenis whose aard-1
/// inschrijvingen `4930001` compares, and the instelling of them.
pub type Period = ([u8; 4], [u8; 5], [u8; 6]);

/// The [`Period`] of the bericht-header `header` when its aard-1 inschrijvingen take part in
/// `4930001`: with the right versienummer (the fields of another are unusable), outside a
/// testzending (`test`).
pub fn eerste_period(header: &[u8; layout::RECORD_LEN], test: bool) -> Option<Period> {
    (!test && is_readable(header)).then(|| {
        let academiejaar = header[26..30].try_into().expect("4 bytes");
        let gebeurtenis = header[21..26].try_into().expect("5 bytes");
        let instelling = header[12..18].try_into().expect("6 bytes");
        (academiejaar, gebeurtenis, instelling)
    })
}

impl EersteInschrijvingen {
    /// None yet, of the bericht whose header is `header` in `data`, of `period`; room for
    /// `room`.
    fn new(header: LineRef, period: Period, room: usize) -> EersteInschrijvingen {
        let (academiejaar, gebeurtenis, instelling) = period;
        EersteInschrijvingen {
            academiejaar,
            gebeurtenis,
            instelling,
            header,
            records: Vec::with_capacity(room),
        }
    }

    /// Those of bericht `b` (one that takes part: see [`eerste_period`]) in `kept`, made
    /// (with room for `room`) at the first one.
    #[inline(always)]
    pub(super) fn of<'k>(
        kept: &'k mut Option<EersteInschrijvingen>,
        b: &Bericht,
        zending: u32,
        room: usize,
    ) -> &'k mut EersteInschrijvingen {
        kept.get_or_insert_with(|| {
            let period = b.eerste.expect("a bericht that takes part");
            EersteInschrijvingen::new(b.header_ref(zending), period, room)
        })
    }

    /// Keeps the aard-1 inschrijving on line `line` at offset `start`, of the student group
    /// whose 0134 is at `group` and whose identificatienummer is `id`.
    pub(super) fn keep(&mut self, line: u64, start: usize, group: usize, id: u64) {
        let header = self.header.start;
        self.records.push(EersteInschrijving {
            identificatienummer: id,
            lines_after_header: line - self.header.line,
            bytes_after_header: start - header,
            group_after_header: group - header,
        });
    }

    /// Where record `r` stands.
    pub fn line_ref(&self, r: &EersteInschrijving) -> LineRef {
        let start = self.header.start + r.bytes_after_header;
        LineRef {
            line: self.header.line + r.lines_after_header,
            start,
            end: start + layout::RECORD_LEN,
            group: self.header.start + r.group_after_header,
            ..self.header
        }
    }
}
