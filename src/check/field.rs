//! The per-field check engine of one record (spec section 3): presence, then type, then the
//! field's value rules, with at most one finding per field. It keeps, for every field,
//! whether later rules may read it ("usable": present and without a finding so far).

use super::bytes::{self, Date, DateValue};
use crate::code::Code;
use crate::layout::{Field, FieldId, Kind, Presence, RecordType};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Only blanks: rules that read it are skipped.
    Absent,
    /// Present and without a finding so far.
    Usable,
    /// Had a finding (warnings included): rules that read it are skipped.
    Found,
}

/// A finding on the record being checked: its field (None for the whole line) and code.
pub type FieldFinding = (Option<FieldId>, Code);

/// The check state of one record of 210 bytes.
pub struct Fields<'r, 'o> {
    rec: &'r [u8],
    layout: &'static [Field],
    /// The record is in a 10620 bericht (the `pres. 10620` column applies).
    voorlopig: bool,
    state: [State; 32],
    out: &'o mut Vec<FieldFinding>,
}

impl<'r, 'o> Fields<'r, 'o> {
    /// Runs presence (V and O fields; C fields wait for [`Fields::require_if`]) and type
    /// checks on fields 04 and later. Fields 01-03 are the grammar's and the sequence's.
    pub fn begin(
        rec: &'r [u8],
        rt: RecordType,
        voorlopig: bool,
        out: &'o mut Vec<FieldFinding>,
    ) -> Fields<'r, 'o> {
        let layout = rt.fields();
        let mut f = Fields {
            rec,
            layout,
            voorlopig,
            state: [State::Usable; 32],
            out,
        };
        for (i, field) in layout.iter().enumerate().skip(3) {
            let v = field.slice(rec);
            if field.kind == Kind::Filler {
                if !bytes::is_blank(v) {
                    f.found(i, Code::OpvullingNietBlanco);
                }
                continue;
            }
            if bytes::is_blank(v) {
                f.state[i] = State::Absent;
                let required =
                    field.presence == Presence::Required && !(voorlopig && field.optional_10620);
                if required {
                    f.out.push((Some(field.id), Code::VerplichtVeld));
                }
                continue;
            }
            let ok = match field.kind {
                Kind::Numeric => bytes::is_digits(v),
                Kind::Text => bytes::is_text(v),
                // The zero date passes the type check only in 0136-17.
                Kind::Date => match bytes::date(v) {
                    DateValue::Real(_) => true,
                    DateValue::Zero => field.id == FieldId::new(RecordType::Inschrijving, 17),
                    DateValue::Invalid => false,
                },
                Kind::Filler => unreachable!("handled above"),
            };
            if !ok {
                let code = match field.kind {
                    Kind::Numeric => Code::NietNumeriek,
                    Kind::Text => Code::OngeldigTeken,
                    _ => Code::OngeldigeDatum,
                };
                f.found(i, code);
            }
        }
        f
    }

    fn found(&mut self, i: usize, code: Code) {
        self.state[i] = State::Found;
        self.out.push((Some(self.layout[i].id), code));
    }

    /// Reports `code` on field `nr` unless the field already had a finding or is absent.
    pub fn fail(&mut self, nr: usize, code: Code) {
        if self.state[nr - 1] == State::Usable {
            self.found(nr - 1, code);
        }
    }

    /// A finding of a cross-record check (section 7): it comes on top of the field's own
    /// finding and leaves the field's state as it is.
    pub fn cross(&mut self, field: Option<FieldId>, code: Code) {
        self.out.push((field, code));
    }

    /// A conditional (C) field that is absent: reports `4020006` when `required` (unless the
    /// field may be absent in a 10620 bericht).
    pub fn require_if(&mut self, nr: usize, required: bool) {
        let field = &self.layout[nr - 1];
        if self.state[nr - 1] == State::Absent
            && required
            && !(self.voorlopig && field.optional_10620)
        {
            self.out.push((Some(field.id), Code::VerplichtVeld));
        }
    }

    pub fn is_absent(&self, nr: usize) -> bool {
        self.state[nr - 1] == State::Absent
    }

    /// The field's bytes when a rule may read it.
    #[inline]
    pub fn usable(&self, nr: usize) -> Option<&'r [u8]> {
        (self.state[nr - 1] == State::Usable).then(|| self.layout[nr - 1].slice(self.rec))
    }

    /// The number in a usable N field.
    #[inline]
    pub fn num(&self, nr: usize) -> Option<u64> {
        self.usable(nr).map(bytes::number)
    }

    /// The date in a usable D field (None for the zero date).
    pub fn date(&self, nr: usize) -> Option<Date> {
        match self.usable(nr).map(bytes::date) {
            Some(DateValue::Real(d)) => Some(d),
            _ => None,
        }
    }

    /// The field's bytes whatever its state.
    pub fn raw(&self, nr: usize) -> &'r [u8] {
        self.layout[nr - 1].slice(self.rec)
    }

    /// Checks a usable N field against a list of allowed numbers (`4410130` otherwise).
    pub fn one_of(&mut self, nr: usize, allowed: &[u64]) {
        if let Some(v) = self.num(nr) {
            if !allowed.contains(&v) {
                self.fail(nr, Code::OngeldigeCode);
            }
        }
    }

    /// Checks a usable N field against a range (`4410130` otherwise); a bound of None is
    /// dropped (it depends on an unusable field).
    pub fn in_range(&mut self, nr: usize, min: Option<u64>, max: Option<u64>) {
        if let Some(v) = self.num(nr) {
            if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) {
                self.fail(nr, Code::OngeldigeCode);
            }
        }
    }

    /// Checks a usable N field for equality with a bericht-header value (`4410152`).
    pub fn equal_to_header(&mut self, nr: usize, header: Option<u64>) {
        if let (Some(v), Some(h)) = (self.num(nr), header) {
            if v != h {
                self.fail(nr, Code::NietGelijkAanHeader);
            }
        }
    }
}
