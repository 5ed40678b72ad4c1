//! The clean-record fast path for 0136 inschrijvingsinformatie, the most frequent record:
//! proves with straight-line checks on the record's bytes that it has no finding at all,
//! and yields what the cross-record checks need. Whatever it cannot prove clean it declines,
//! and the record goes through the plain checks ([`super::field`], [`super::record`]),
//! which are the reference this twin is tested against: when it says clean, they find
//! nothing.
//!
//! It is stricter than the rules where that keeps it short: it wants every field present
//! that a definitive bericht requires and every bericht-header value usable.

use super::bytes::{self, Date, DateValue};
use super::cross::{GroupInschrijving, InschrijvingKey};
use super::masks;
use super::record::{self, HeaderView};
use crate::layout::{Field, RecordType, RECORD_LEN};
use crate::reference::{AgSoort, Reference};

/// A 0136 without any finding: the inschrijving its cross-record checks compare.
pub fn inschrijving(
    rec: &[u8],
    reference: &Reference,
    header: &HeaderView,
    student_stamboeknummer: Option<&[u8]>,
) -> Option<GroupInschrijving> {
    let (Some(instelling), Some(hoofdstructuur), Some(aj), Some(telling)) = (
        header.instelling,
        header.hoofdstructuur,
        header.academiejaar,
        header.tellingsdatum,
    ) else {
        return None;
    };
    let rec: &[u8; RECORD_LEN] = rec.try_into().ok()?;
    // Presence and type: every N field digits (0136-18 may be blank), opvulling blank.
    let m = masks::record_masks(RecordType::Inschrijving, false);
    let c = masks::classes(rec);
    if !m.filler.within(c.blanks) || !m.required_numeric.within(c.digits) {
        return None;
    }
    let raw = |nr| raw(rec, nr);
    let n = |nr| number(rec, nr);
    let studiepunten = match raw(18) {
        b"   " => None,
        v if bytes::is_digits(v) => Some(bytes::number(v)),
        _ => return None,
    };
    let DateValue::Real(inschrijving) = bytes::date(raw(16)) else {
        return None;
    };
    let uitschrijving: Option<Date> = match bytes::date(raw(17)) {
        DateValue::Real(d) => Some(d),
        DateValue::Zero => None,
        DateValue::Invalid => return None,
    };
    let (diploma_kan, diploma) = (raw(30), raw(31));
    if !matches!(diploma_kan, b"J" | b"N") || !matches!(diploma, b"J" | b"N") {
        return None;
    }

    // Value rules, in the order of `record::inschrijving`.
    let ag_code = n(7);
    let opgenomen = n(26) + n(27);
    let verworven = n(28);
    let ag = reference.ag(ag_code as u32)?;
    let ok = n(4) == instelling
        && n(5) == hoofdstructuur
        && student_stamboeknummer.is_none_or(|s| s == raw(6))
        && n(8) == aj
        && reference.organises(instelling as u32, ag_code as u32)
        && reference.has_vestiging(instelling as u32, n(9) as u32)
        && codes_allowed(rec)
        && record::toelatingsvoorwaarde(n(11), Some(hoofdstructuur))
        && record::bijkomende_toelatingsvoorwaarde(n(12), Some(hoofdstructuur))
        && (u64::from(inschrijving.year) == aj || u64::from(inschrijving.year) == aj + 1)
        && inschrijving <= telling
        && uitschrijving.is_none_or(|d| d >= inschrijving)
        && match studiepunten {
            Some(sp) => sp == opgenomen && sp >= 3,
            None => ag.soort == AgSoort::Doctoraat,
        }
        && !(n(22) == 9 && ag.bama)
        && (n(23) == 2) == (ag.soort == AgSoort::Creditcontract)
        && verworven <= opgenomen
        && n(29) >= verworven
        && !(diploma == b"J" && diploma_kan == b"N");
    ok.then(|| GroupInschrijving {
        key: InschrijvingKey {
            instelling,
            hoofdstructuur,
            stamboeknummer: raw(6).try_into().expect("15 bytes"),
            vestiging: n(9),
            ag: ag_code,
            contract: n(23),
            aard: n(13),
            datum: inschrijving,
        },
        uitgeschreven: uitschrijving.is_some(),
    })
}

/// Every field of `record::INSCHRIJVING_CODES` holds one of its codes (unrolled).
#[inline(always)]
fn codes_allowed(rec: &[u8; RECORD_LEN]) -> bool {
    let mut ok = true;
    for (nr, codes) in record::INSCHRIJVING_CODES {
        ok &= codes.allow(number(rec, nr));
    }
    ok
}

/// The bytes of 0136 field `nr` (inlined, so that the positions are constants).
#[inline(always)]
fn raw(rec: &[u8; RECORD_LEN], nr: usize) -> &[u8] {
    RecordType::Inschrijving.fields()[nr - 1].slice(rec)
}

/// The number in 0136 field `nr`, which holds digits.
#[inline(always)]
fn number(rec: &[u8; RECORD_LEN], nr: usize) -> u64 {
    let f: &Field = &RecordType::Inschrijving.fields()[nr - 1];
    bytes::number_at(rec, f.offset, f.len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::field::{FieldStates, Fields};
    use crate::split::{lines, visible_type};

    /// The plain checks of a 0136: its findings, and its inschrijving when it takes part in
    /// the cross-record checks.
    fn plain(
        rec: &[u8],
        reference: &Reference,
        header: &HeaderView,
        student: Option<&[u8]>,
        voorlopig: bool,
    ) -> (usize, Option<GroupInschrijving>) {
        let mut states = FieldStates::default();
        let mut f = Fields::begin(rec, RecordType::Inschrijving, voorlopig, &mut states);
        record::inschrijving(&mut f, reference, header, student);
        let key = (|| {
            Some(InschrijvingKey {
                instelling: f.num(4)?,
                hoofdstructuur: f.num(5)?,
                stamboeknummer: f.usable(6)?.try_into().ok()?,
                vestiging: f.num(9)?,
                ag: f.num(7)?,
                contract: f.num(23)?,
                aard: f.num(13)?,
                datum: f.date(16)?,
            })
        })();
        let uit = f.usable(17).map(|u| bytes::date(u) != DateValue::Zero);
        let found = states.found.len();
        (
            found,
            key.zip(uit)
                .map(|(key, uitgeschreven)| GroupInschrijving { key, uitgeschreven }),
        )
    }

    #[test]
    fn when_the_fast_path_says_clean_the_plain_checks_find_nothing() {
        let reference = Reference::sample();
        let mut data = Vec::new();
        let mut cfg = dto_gen::Config::new(300, 6, 5);
        cfg.error_rate = 0.0;
        dto_gen::generate(&cfg, &mut data, None).unwrap();
        // Each 0136 with the header of its bericht.
        let mut records = Vec::new();
        let mut header: Option<&[u8]> = None;
        for l in lines(&data, 0, data.len()) {
            let rec = &data[l.start..l.end];
            match visible_type(rec) {
                Some(RecordType::BerichtHeader) => header = Some(rec),
                Some(RecordType::Inschrijving) => records.push((header.unwrap(), rec)),
                _ => {}
            }
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let bytes_to_try = [
            b' ', b'0', b'1', b'2', b'3', b'5', b'9', b'J', b'N', b'.', b'/', b'A',
        ];
        let (mut clean, mut agreed) = (0, 0);
        for round in 0..40_000 {
            let (h, rec) = records[next(records.len())];
            let h = {
                let mut fs = FieldStates::default();
                let mut f = Fields::begin(h, RecordType::BerichtHeader, false, &mut fs);
                record::bericht_header(&mut f, &reference, None)
            };
            let mut r = rec.to_vec();
            for _ in 0..round % 3 {
                let at = next(RECORD_LEN);
                r[at] = bytes_to_try[next(bytes_to_try.len())];
            }
            if round % 7 == 0 {
                r[79..82].fill(b' '); // 0136-18 absent
            }
            let student = (round % 5 != 0).then(|| &rec[21..36]);
            let fast = inschrijving(&r, &reference, &h, student);
            for voorlopig in [false, true] {
                let (found, key) = plain(&r, &reference, &h, student, voorlopig);
                if let Some(fast) = fast {
                    assert_eq!(
                        found,
                        0,
                        "clean by the fast path: {}",
                        String::from_utf8_lossy(&r)
                    );
                    assert_eq!(key, Some(fast));
                    agreed += 1;
                }
            }
            clean += usize::from(fast.is_some());
        }
        // Most unchanged records are proved clean, so the fast path pays.
        assert!(clean > 10_000, "{clean} of 40000 proved clean");
        assert!(agreed > 0);
    }
}
