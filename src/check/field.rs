//! The per-field check engine of one record (spec section 3): presence, then type, then the
//! field's value rules, with at most one finding per field. It keeps, for every field,
//! whether later rules may read it ("usable": present and without a finding so far).

use super::bytes::{self, Date, DateValue};
use super::masks;
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

/// What the checks of one record know of its fields, and the findings so far. Reused from
/// record to record (nothing in it is read before the record's own checks wrote it), so a
/// record costs no allocation; only its states are reset.
pub struct FieldStates {
    state: [State; 32],
    /// The dates of the usable D fields, read once by the type check (None: the zero date).
    dates: [Option<Date>; 32],
    /// The numbers of the usable N fields, read once after the type checks.
    numbers: [u64; 32],
    /// The findings of the record being checked.
    pub found: Vec<FieldFinding>,
}

impl Default for FieldStates {
    fn default() -> FieldStates {
        FieldStates {
            state: [State::Usable; 32],
            dates: [None; 32],
            numbers: [0; 32],
            found: Vec::new(),
        }
    }
}

/// The checks of one record of 210 bytes, in progress.
pub struct Fields<'r, 'o> {
    rec: &'r [u8],
    layout: &'static [Field],
    /// The record is in a 10620 bericht (the `pres. 10620` column applies).
    voorlopig: bool,
    t: &'o mut FieldStates,
}

impl<'r, 'o> Fields<'r, 'o> {
    /// Runs presence (V and O fields; C fields wait for [`Fields::require_if`]) and type
    /// checks on fields 04 and later. Fields 01-03 are the grammar's and the sequence's.
    /// `states.found` is cleared; the record's findings collect there.
    pub fn begin(
        rec: &'r [u8],
        rt: RecordType,
        voorlopig: bool,
        states: &'o mut FieldStates,
    ) -> Fields<'r, 'o> {
        let mut f = Fields::new(rec, rt, voorlopig, states);
        let masks = masks::record_masks(rt, voorlopig);
        if !f.clean_by_masks(masks) {
            f.t.state = [State::Usable; 32];
            f.field_by_field();
        }
        for &(i, offset, len) in &masks.numbers {
            if f.t.state[i] == State::Usable {
                f.t.numbers[i] = bytes::number_at(rec, offset, len);
            }
        }
        f
    }

    /// A record's checks before any field is looked at: every field usable, no finding.
    fn new(rec: &'r [u8], rt: RecordType, voorlopig: bool, states: &'o mut FieldStates) -> Self {
        states.found.clear();
        states.state = [State::Usable; 32];
        Fields {
            rec,
            layout: rt.fields(),
            voorlopig,
            t: states,
        }
    }

    /// The fast path: proves with the byte-class masks that no field of the record has a
    /// presence or type finding, and marks the absent optional fields. False when it cannot;
    /// then [`Fields::field_by_field`] decides.
    #[inline]
    fn clean_by_masks(&mut self, m: &masks::RecordMasks) -> bool {
        let c = masks::classes(self.rec);
        if !m.filler.within(c.blanks) || !m.required_numeric.within(c.digits) {
            return false;
        }
        for &(i, span) in &m.optional_numeric {
            if span.within(&c.blanks) {
                self.t.state[i] = State::Absent;
            } else if !span.within(&c.digits) {
                return false;
            }
        }
        m.others.iter().all(|&(i, field)| {
            let v = field.slice(self.rec);
            match field.kind {
                Kind::Date => self.date_type_ok(i, v),
                _ => !bytes::is_blank(v) && bytes::is_text(v),
            }
        })
    }

    /// The plain twin of [`Fields::clean_by_masks`]: every field in turn, with its findings.
    fn field_by_field(&mut self) {
        let voorlopig = self.voorlopig;
        for (i, field) in self.layout.iter().enumerate().skip(3) {
            let v = field.slice(self.rec);
            if field.kind == Kind::Filler {
                if !bytes::is_blank(v) {
                    self.found(i, Code::OpvullingNietBlanco);
                }
                continue;
            }
            if bytes::is_blank(v) {
                self.t.state[i] = State::Absent;
                let required =
                    field.presence == Presence::Required && !(voorlopig && field.optional_10620);
                if required {
                    self.t.found.push((Some(field.id), Code::VerplichtVeld));
                }
                continue;
            }
            let ok = match field.kind {
                Kind::Numeric => bytes::is_digits(v),
                Kind::Text => bytes::is_text(v),
                Kind::Date => self.date_type_ok(i, v),
                Kind::Filler => unreachable!("handled above"),
            };
            if !ok {
                let code = match field.kind {
                    Kind::Numeric => Code::NietNumeriek,
                    Kind::Text => Code::OngeldigTeken,
                    _ => Code::OngeldigeDatum,
                };
                self.found(i, code);
            }
        }
    }

    /// The type check of D field `i`: a real date, or the zero date in 0136-17 only. Keeps
    /// the date for the rules.
    fn date_type_ok(&mut self, i: usize, v: &[u8]) -> bool {
        match bytes::date(v) {
            DateValue::Real(d) => {
                self.t.dates[i] = Some(d);
                true
            }
            DateValue::Zero => {
                self.t.dates[i] = None;
                self.layout[i].id == FieldId::new(RecordType::Inschrijving, 17)
            }
            DateValue::Invalid => false,
        }
    }

    fn found(&mut self, i: usize, code: Code) {
        self.t.state[i] = State::Found;
        self.t.found.push((Some(self.layout[i].id), code));
    }

    /// Reports `code` on field `nr` unless the field already had a finding or is absent.
    pub fn fail(&mut self, nr: usize, code: Code) {
        if self.t.state[nr - 1] == State::Usable {
            self.found(nr - 1, code);
        }
    }

    /// A finding of a cross-record check (section 7): it comes on top of the field's own
    /// finding and leaves the field's state as it is.
    pub fn cross(&mut self, field: Option<FieldId>, code: Code) {
        self.t.found.push((field, code));
    }

    /// A conditional (C) field that is absent: reports `4020006` when `required` (unless the
    /// field may be absent in a 10620 bericht).
    pub fn require_if(&mut self, nr: usize, required: bool) {
        let field = &self.layout[nr - 1];
        if self.t.state[nr - 1] == State::Absent
            && required
            && !(self.voorlopig && field.optional_10620)
        {
            self.t.found.push((Some(field.id), Code::VerplichtVeld));
        }
    }

    pub fn is_absent(&self, nr: usize) -> bool {
        self.t.state[nr - 1] == State::Absent
    }

    /// The field's bytes when a rule may read it.
    #[inline]
    pub fn usable(&self, nr: usize) -> Option<&'r [u8]> {
        (self.t.state[nr - 1] == State::Usable).then(|| self.layout[nr - 1].slice(self.rec))
    }

    /// The number in a usable N field.
    #[inline]
    pub fn num(&self, nr: usize) -> Option<u64> {
        debug_assert!(self.layout[nr - 1].len <= masks::NUMBER_DIGITS);
        (self.t.state[nr - 1] == State::Usable).then_some(self.t.numbers[nr - 1])
    }

    /// The date in a usable D field (None for the zero date).
    #[inline]
    pub fn date(&self, nr: usize) -> Option<Date> {
        match self.t.state[nr - 1] {
            State::Usable => self.t.dates[nr - 1],
            _ => None,
        }
    }

    /// The field's bytes whatever its state.
    pub fn raw(&self, nr: usize) -> &'r [u8] {
        self.layout[nr - 1].slice(self.rec)
    }

    /// Checks a usable N field against its list of allowed numbers (`4410130` otherwise).
    #[inline]
    pub fn one_of(&mut self, nr: usize, allowed: impl Fn(u64) -> bool) {
        if let Some(v) = self.num(nr) {
            if !allowed(v) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::{lines, visible_type};

    /// Runs the plain field-by-field pass alone.
    fn plain(rec: &[u8], rt: RecordType, voorlopig: bool, states: &mut FieldStates) {
        Fields::new(rec, rt, voorlopig, states).field_by_field();
    }

    #[test]
    fn the_mask_fast_path_agrees_with_the_plain_pass_on_mutated_records() {
        let data = include_bytes!("../../tests/fixtures/examples/cases/clean-big.txt");
        let records: Vec<&[u8]> = lines(data, 0, 200_000)
            .map(|l| &data[l.start..l.end])
            .filter(|r| visible_type(r).is_some())
            .collect();
        let mut rng = dto_gen::Rng::new(7, &[]);
        let mut next = move || rng.next_u64();
        let replacements = [b' ', b'0', b'9', b'A', b'.', b'/', 0, 0x7F, 0xFF, 0xE9];
        let mut fast = FieldStates::default();
        for (k, rec) in records.iter().cycle().take(20_000).enumerate() {
            let rt = visible_type(rec).unwrap();
            let mut m = rec.to_vec();
            // Zero to three mutations: a byte, or a whole field blanked.
            for _ in 0..(k % 4) {
                let pos = (next() % 210) as usize;
                if next() % 3 == 0 {
                    let f = rt
                        .fields()
                        .iter()
                        .find(|f| f.offset <= pos && pos < f.offset + f.len)
                        .unwrap();
                    m[f.offset..f.offset + f.len].fill(b' ');
                } else {
                    m[pos] = replacements[(next() % replacements.len() as u64) as usize];
                }
            }
            for voorlopig in [false, true] {
                // The fast path's states are reused from record to record, as the checker
                // does; the plain pass starts afresh, so nothing stale can hide.
                let (a, b) = (&mut fast, &mut FieldStates::default());
                Fields::begin(&m, rt, voorlopig, a);
                let (fs, fd) = (a.state, a.dates);
                plain(&m, rt, voorlopig, b);
                let (ss, sd) = (b.state, b.dates);
                assert_eq!(
                    a.found,
                    b.found,
                    "findings of {}",
                    String::from_utf8_lossy(&m)
                );
                assert_eq!(fs, ss, "states of {}", String::from_utf8_lossy(&m));
                for (i, field) in rt.fields().iter().enumerate() {
                    if fs[i] == State::Usable && field.kind == Kind::Date {
                        assert_eq!(fd[i], sd[i], "{}", field.id);
                    }
                }
            }
        }
    }
}
