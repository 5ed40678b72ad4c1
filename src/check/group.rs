//! The group path: a whole student group of a full pass checked in a few steps, when each
//! of its records is proved clean (see [`super::clean`]), with the effects its lines would
//! have had in the line walk ([`Checker::check_line`]), which is the reference it is tested
//! against.

use super::sequence::Sequence;
use super::{
    clean, cross, Checker, EersteInschrijvingen, IdentificatieView, Pass, AARD, STAMBOEKNUMMER,
};
use crate::findings::LineRef;
use crate::layout::{self, RecordType};
use cross::stamboeknummer;

impl Checker<'_, '_> {
    /// A student group of a full pass, from its 0134 at `start` on, in fewer steps than
    /// [`Self::check_line`] takes per line: its 0134, its 0135 and the 0136 records after them,
    /// as long as each is a record of 210 bytes in its place, with the expected sequence
    /// number and the right versienummer, and proved clean (see [`clean`]), and each 0136
    /// repeats none of the group's earlier ones (a rare finding, left to the line walk).
    /// Their effects are those [`Self::check_line`] would have had. Returns how many lines it
    /// took, where the next one starts and the last one's reference; None, with nothing
    /// changed, when the 0134 and its 0135 do not both qualify (the line walk then checks
    /// them again: rare, as it takes a finding).
    #[inline]
    pub(super) fn clean_group(
        &mut self,
        line: u64,
        start: usize,
        end: usize,
    ) -> Option<(u64, usize, LineRef)> {
        #[cfg(test)]
        if super::tests::LINE_BY_LINE.get() {
            return None;
        }
        if self.pass == Pass::EersteInschrijvingen
            || self.pending_identificatie.is_some()
            || self.pending_student.is_some()
        {
            return None;
        }
        let (data, reference, zending) = (self.data, self.reference, self.zending);
        let b = self.bericht.as_mut()?;
        let ctx = b.clean.as_ref()?;
        // Kept from the group before, which mostly ended where this one starts.
        let mut seq = match self.sequence {
            s if s.expected == self.expected => s,
            _ => Sequence::new(self.expected),
        };
        let (rec0, next0) = seq.record(data, start, end, RecordType::Identificatie)?;
        let identificatienummer = clean::identificatie(&rec0[..], ctx, reference)?;
        seq.advance();
        let (rec1, mut pos) = seq.record(data, next0, end, RecordType::Student)?;
        let student = stamboeknummer(&rec1[STAMBOEKNUMMER]);
        if student != stamboeknummer(&rec0[STAMBOEKNUMMER])
            || !clean::student(&rec1[..], ctx, reference)
        {
            return None;
        }
        seq.advance();

        // The group is taken in: the effects of its lines on the bericht, looked up once.
        let scratch = &mut *self.scratch;
        b.open_group(start, scratch);
        let mut at = LineRef {
            line,
            start,
            end: start + layout::RECORD_LEN,
            zending: zending.index,
            bericht: b.outcome.bericht,
            header: b.outcome.header,
            group: start,
        };
        let u = &mut scratch.uniqueness;
        let id = IdentificatieView {
            stamboeknummer: Some(student),
            identificatienummer,
        };
        b.identificatie_cross(u, &at, student, id);
        at = LineRef {
            line: line + 1,
            start: next0,
            end: next0 + layout::RECORD_LEN,
            ..at
        };
        b.student_cross(u, &at, student, Some(student), true);
        let eerste = match self.pass {
            Pass::FullWithEersteInschrijvingen if b.eerste.is_some() => identificatienummer,
            _ => None,
        };
        // Looked up again: the group's effects above needed the bericht mutable.
        let ctx = b.clean.as_ref().expect("read above");
        let earlier = &mut scratch.group_inschrijvingen;
        let (mut taken, mut last) = (2, next0);
        while let Some((rec, next)) = seq.record(data, pos, end, RecordType::Inschrijving) {
            if stamboeknummer(&rec[STAMBOEKNUMMER]) != student {
                break;
            }
            let Some(new) = clean::inschrijving(&rec[..], ctx, reference) else {
                break;
            };
            // Most groups have one 0136, and the first repeats nothing.
            if !earlier.is_empty() && cross::repeats(earlier, &new) != cross::Repeats::default() {
                break;
            }
            earlier.push(new);
            seq.advance();
            if let (Some(id), b'1') = (eerste, rec[AARD]) {
                let kept = &mut self.out.eerste_inschrijvingen;
                EersteInschrijvingen::of(kept, b, zending.index, self.eerste_room).keep(
                    line + taken,
                    pos,
                    start,
                    id,
                );
            }
            (taken, last, pos) = (taken + 1, pos, next);
        }
        b.counts.records += taken;
        b.counts.students += 1;
        b.counts.inschrijvingen += taken - 2;
        let rt = match taken {
            2 => RecordType::Student,
            _ => RecordType::Inschrijving,
        };
        at = LineRef {
            line: line + taken - 1,
            start: last,
            end: last + layout::RECORD_LEN,
            ..at
        };
        self.expected = seq.expected;
        self.sequence = seq;
        self.prev = Some(rt);
        self.await_next(at, rt);
        Some((taken, pos, at))
    }
}
