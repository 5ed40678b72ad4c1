//! The value rules of every field (spec sections 4, 5.1, 6 and 6.1), one function a record
//! type. Each runs after [`Fields::begin`] has done presence and type, and evaluates the
//! rules, the presence conditions of the record's C fields among them, in an order where a
//! rule only reads fields whose own checks are done.

use super::bytes::{self, Date};
use super::cross::{stamboeknummer, Stamboeknummer};
use super::field::Fields;
use super::identificatie::{self, Geslacht};
use crate::code::Code;
use crate::reference::{AgSoort, Reference};

/// What the berichten of a zending read of its zending-header (usable fields only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ZendingView {
    /// 0001-05, the afzender.
    pub afzender: Option<u64>,
    /// The year of 0001-07, the aanmaakdatum.
    pub aanmaakjaar: Option<u64>,
}

/// What the records of a bericht read of its bericht-header (usable fields only). Outside a
/// bericht every value is None, so every rule that reads the header is skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeaderView {
    pub instelling: Option<u64>,
    pub hoofdstructuur: Option<u64>,
    pub gebeurtenis: Option<u64>,
    pub academiejaar: Option<u64>,
    pub tellingsdatum: Option<Date>,
}

/// Record 0001, the zending-header. `berichten` is the number of 0002 records counted in the
/// zending (for 0001-10, `3900011`).
pub fn zending_header(f: &mut Fields, r: &Reference, berichten: u32) -> ZendingView {
    f.one_of(4, |v| matches!(v, 850 | 819 | 252)); // 0001-04 codepage
    if let Some(n) = f.num(5) {
        // 0001-05 instellingsnummer afzender
        if !r.is_instelling(n as u32) {
            f.fail(5, Code::OngeldigInstellingsnummer);
        }
    }
    if let Some(t) = f.num(8) {
        // 0001-08 aanmaaktijd HHMMSS
        if t / 10000 > 23 || t / 100 % 100 > 59 || t % 100 > 59 {
            f.fail(8, Code::OngeldigeCode);
        }
    }
    if let Some(v) = f.usable(9) {
        // 0001-09 testcode
        if v != b"T" && v != b"N" {
            f.fail(9, Code::OngeldigeCode);
        }
    }
    if let Some(n) = f.num(10) {
        // 0001-10 aantal berichten
        if n != u64::from(berichten) {
            f.fail(10, Code::AantalBerichten);
        }
    }
    ZendingView {
        afzender: f.num(5),
        aanmaakjaar: f.date(7).map(|d| u64::from(d.year)),
    }
}

/// Record 0002, the bericht-header. `zending` is None when the zending has no usable header.
pub fn bericht_header(f: &mut Fields, r: &Reference, zending: Option<&ZendingView>) -> HeaderView {
    if let Some(n) = f.num(4) {
        // 0002-04: a valid instellingsnummer, the afzender's own.
        if !r.is_instelling(n as u32) {
            f.fail(4, Code::OngeldigInstellingsnummer);
        } else if zending.and_then(|z| z.afzender).is_some_and(|a| a != n) {
            f.fail(4, Code::NietGelijkAanHeader);
        }
    }
    if let Some(hs) = f.num(5) {
        // 0002-05: 411 or 511, organised by the instelling.
        let organised = match f.num(4) {
            Some(inst) => r.has_hoofdstructuur(inst as u32, hs as u16),
            None => true,
        };
        if !(hs == 411 || hs == 511) || !organised {
            f.fail(5, Code::OngeldigeCode);
        }
    }
    f.one_of(6, |v| matches!(v, 10620 | 10600 | 10400)); // 0002-06 gebeurteniscode
    let aanmaakjaar = zending.and_then(|z| z.aanmaakjaar);
    f.in_range(7, Some(2005), aanmaakjaar); // 0002-07 academiejaar
    if let (Some(d), Some(geb), Some(aj)) = (f.date(8), f.num(6), f.num(7)) {
        // 0002-08 tellingsdatum
        let at = |day, month, year: u64| Date::new(year as u16, month, day);
        let ok = match geb {
            10600 => Some(d) == at(1, 2, aj + 1),
            10400 => Some(d) == at(30, 9, aj + 1),
            _ => {
                at(1, 7, aj).is_some_and(|lo| d >= lo)
                    && at(30, 9, aj + 1).is_some_and(|hi| d <= hi)
            }
        };
        if !ok {
            f.fail(8, Code::OngeldigeCode);
        }
    }
    HeaderView {
        instelling: f.num(4),
        hoofdstructuur: f.num(5),
        gebeurtenis: f.num(6),
        academiejaar: f.num(7),
        tellingsdatum: f.date(8),
    }
}

/// What a bericht counted, for the berichteinde (0003-05, 0003-06, 0003-07).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub students: u64,
    pub inschrijvingen: u64,
    pub records: u64,
}

impl Counts {
    /// The fields of the berichteinde (5, 6, 7) whose count as stated (None: unusable)
    /// differs from these counts: `3900012` on each.
    pub fn differing(self, stated: [Option<u64>; 3]) -> impl Iterator<Item = u8> {
        [self.students, self.inschrijvingen, self.records]
            .into_iter()
            .zip(stated)
            .zip(5..)
            .filter_map(|((counted, stated), nr)| {
                stated.is_some_and(|n| n != counted).then_some(nr)
            })
    }
}

/// A bericht with this many `3110011` findings on its lines also gets `3110020` (5.2).
pub fn out_of_order(niet_opeenvolgend: u32) -> bool {
    niet_opeenvolgend >= 2
}

/// Record 0003, the berichteinde. `header` is None for a 0003 outside a bericht, whose rules
/// are skipped; `counts` is None when the counts are checked elsewhere (a bericht split at
/// student groups).
pub fn bericht_einde(f: &mut Fields, header: Option<&HeaderView>, counts: Option<Counts>) {
    let Some(header) = header else { return };
    f.equal_to_header(4, header.instelling);
    let Some(c) = counts else { return };
    for nr in c.differing([f.num(5), f.num(6), f.num(7)]) {
        f.fail(usize::from(nr), Code::Controletotaal);
    }
}

/// What the rest of a student group reads of its 0134.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IdentificatieView {
    /// 0134-06, when usable.
    pub stamboeknummer: Option<Stamboeknummer>,
    /// 0134-07, when present and without findings.
    pub identificatienummer: Option<u64>,
}

/// Record 0134, identificatiegegevens.
pub fn identificatie(f: &mut Fields, r: &Reference, header: &HeaderView) -> IdentificatieView {
    f.equal_to_header(4, header.instelling);
    f.equal_to_header(5, header.hoofdstructuur);
    // 0134-13 postcode: Belgian 1000-9992, or 9999 for abroad.
    if let Some(pc) = f.num(13) {
        if !((1000..=9992).contains(&pc) || pc == 9999) {
            f.fail(13, Code::OngeldigeCode);
        }
    }
    land(f, r, 12); // 0134-12 nationaliteit
    land(f, r, 14); // 0134-14 landcode domicilie
    if let (Some(land), Some(pc)) = (f.num(14), f.num(13)) {
        if (pc == 9999) == (land == BELGIE) {
            f.fail(14, Code::OngeldigeCode);
        }
    }
    if f.date(10)
        .is_some_and(|d| !geboortedatum_in_range(d, header))
    {
        f.fail(10, Code::OngeldigeCode);
    }
    if f.usable(11).is_some_and(|g| geslacht(g).is_none()) {
        f.fail(11, Code::OngeldigeCode);
    }
    // 0134-07 identificatienummer (6.1), reading 0134-10 and 0134-11.
    if let Some(id) = f.usable(7) {
        let g = f.usable(11).and_then(geslacht);
        if let Some(code) = identificatie::check(id, f.date(10), g) {
            f.fail(7, code);
        }
    }
    // Required when 0134-13 is a Belgian postcode.
    let belgian = f.num(13).is_some_and(|pc| pc != 9999);
    f.require_if(7, belgian);
    IdentificatieView {
        stamboeknummer: f.usable(6).map(stamboeknummer),
        identificatienummer: f.num(7),
    }
}

/// 0134-10 geboortedatum: a year from 1900 to AJ - 12 (no upper bound without AJ).
pub fn geboortedatum_in_range(d: Date, header: &HeaderView) -> bool {
    let max = header.academiejaar.map(|aj| aj.saturating_sub(12));
    d.year >= 1900 && max.is_none_or(|m| u64::from(d.year) <= m)
}

/// 0134-11 geslacht: `M` or `V`.
pub fn geslacht(v: &[u8]) -> Option<Geslacht> {
    match v {
        b"M" => Some(Geslacht::M),
        b"V" => Some(Geslacht::V),
        _ => None,
    }
}

/// The identificatienummer of a 0134 record (with the right versienummer) when it is
/// usable: present and without a finding of its own. This is all the run-wide `4930001`
/// needs of a 0134, read without checking the record's other fields; it agrees with
/// [`identificatie()`] (tested).
pub fn usable_identificatienummer(rec: &[u8], header: &HeaderView) -> Option<u64> {
    let id = &rec[36..47];
    if !bytes::is_digits(id) {
        return None;
    }
    let geboortedatum = match bytes::date(&rec[97..107]) {
        bytes::DateValue::Real(d) if geboortedatum_in_range(d, header) => Some(d),
        _ => None,
    };
    let g = geslacht(&rec[107..108]);
    identificatie::check(id, geboortedatum, g)
        .is_none()
        .then(|| bytes::number(id))
}

/// The landcode of Belgium.
pub const BELGIE: u64 = 150;

/// A landcode field: in the reference table `landen` (`4410130` otherwise).
fn land(f: &mut Fields, r: &Reference, nr: usize) {
    if let Some(code) = f.num(nr) {
        if !r.is_land(code as u32) {
            f.fail(nr, Code::OngeldigeCode);
        }
    }
}

/// A landcode field that may also hold 99999 (0135-18, 0135-19).
fn land_or_onbekend(f: &mut Fields, r: &Reference, nr: usize) {
    if f.num(nr) != Some(99_999) {
        land(f, r, nr);
    }
}

pub const SECUNDAIR_SPECIAAL: [u64; 6] = [444_444, 555_555, 666_666, 777_777, 888_888, 999_999];
pub const DIPLOMA_HO_SPECIAAL: [u64; 5] = [777_777, 777_771, 777_772, 888_888, 999_999];
pub const HO_SPECIAAL: [u64; 3] = [777_777, 888_888, 999_999];
/// 0135-11 values of a diploma abroad, which require 0135-19.
pub const DIPLOMA_HO_BUITENLAND: [u64; 3] = [777_777, 777_771, 777_772];

/// Record 0135, studenteninformatie. `group_stamboeknummer` is the usable 0134-06 of the
/// student group, if any.
pub fn student(
    f: &mut Fields,
    r: &Reference,
    header: &HeaderView,
    group_stamboeknummer: Option<&Stamboeknummer>,
) {
    f.equal_to_header(4, header.instelling);
    f.equal_to_header(5, header.hoofdstructuur);
    if let (Some(s), Some(g)) = (f.usable(6), group_stamboeknummer) {
        if stamboeknummer(s) != *g {
            f.fail(6, Code::StamnummerVerschillend);
        }
    }
    f.one_of(7, |v| matches!(v, 1..=6 | 99));
    let aj = header.academiejaar;

    // 0135-10 instelling secundair onderwijs: a school of the table, or a special value.
    if let Some(school) = f.num(10) {
        if !SECUNDAIR_SPECIAAL.contains(&school) && !r.is_secundaire_school(school as u32) {
            f.fail(10, Code::OngeldigInstellingsnummer);
        }
    }
    // 0135-08 afstudeerrichting: in the table, and organised by the school of 0135-10 when
    // both hold table values.
    if let Some(ag) = f.num(8) {
        if !SECUNDAIR_SPECIAAL.contains(&ag) {
            if !r.is_afstudeerrichting(ag as u32) {
                f.fail(8, Code::OngeldigeCode);
            } else if let Some(school) = f.num(10).filter(|s| !SECUNDAIR_SPECIAAL.contains(s)) {
                if !r.school_organises(school as u32, ag as u32) {
                    f.fail(8, Code::AgNietIngericht);
                }
            }
        }
    }
    // 0135-09 diplomajaar secundair: 1900..AJ+1, or 9999 only with 0135-08 777777.
    match f.num(9) {
        Some(9999) if f.num(8).is_some_and(|ag| ag != 777_777) => {
            f.fail(9, Code::OngeldigeCode);
        }
        Some(9999) => {}
        Some(_) => f.in_range(9, Some(1900), aj.map(|aj| aj + 1)),
        None => {}
    }
    // 0135-12 diplomajaar hoger onderwijs: 1900..AJ, a warning.
    if let Some(y) = f.num(12) {
        if y < 1900 || aj.is_some_and(|aj| y > aj) {
            f.fail(12, Code::OngeldigeCodeWaarschuwing);
        }
    }
    // 0135-11 einddiploma: an AG of the table, or a special value.
    if let Some(ag) = f.num(11) {
        if !DIPLOMA_HO_SPECIAAL.contains(&ag) && r.ag(ag as u32).is_none() {
            f.fail(11, Code::OngeldigeCode);
        }
    }
    // 0135-13 instelling diploma: an instelling of the table, or a special value (warning).
    if let Some(inst) = f.num(13) {
        if !HO_SPECIAAL.contains(&inst) && !r.is_instelling(inst as u32) {
            f.fail(13, Code::OngeldigInstellingsnummerWaarschuwing);
        }
    }
    // 0135-14, 0135-15 academiejaar eerste inschrijving: 1900..AJ, or 9999.
    for nr in [14, 15] {
        if f.num(nr) != Some(9999) {
            f.in_range(nr, Some(1900), aj);
        }
    }
    // 0135-17 instelling laatst ingeschreven.
    if let Some(inst) = f.num(17) {
        if !HO_SPECIAAL.contains(&inst) && !r.is_instelling(inst as u32) {
            f.fail(17, Code::OngeldigInstellingsnummer);
        }
    }
    // 0135-16 AG laatst ingeschreven: an AG of the table, organised by the instelling of
    // 0135-17 when both hold table values.
    if let Some(ag) = f.num(16) {
        if !HO_SPECIAAL.contains(&ag) {
            if r.ag(ag as u32).is_none() {
                f.fail(16, Code::OngeldigeCode);
            } else if let Some(inst) = f.num(17).filter(|i| !HO_SPECIAAL.contains(i)) {
                if !r.organises(inst as u32, ag as u32) {
                    f.fail(16, Code::AgNietIngericht);
                }
            }
        }
    }
    land_or_onbekend(f, r, 18);
    land_or_onbekend(f, r, 19);

    // Presence conditions, judged only for absent fields.
    let diploma_secundair_na_1995 = f.num(9).is_some_and(|y| y > 1995);
    f.require_if(8, diploma_secundair_na_1995);
    f.require_if(10, diploma_secundair_na_1995);
    let diploma_ho_na_1995 = f.num(12).is_some_and(|y| y > 1995);
    f.require_if(11, diploma_ho_na_1995);
    f.require_if(13, diploma_ho_na_1995);
    let ag_laatst = f.usable(16).is_some();
    f.require_if(17, ag_laatst);
    let secundair_buitenland = f.num(8) == Some(777_777);
    f.require_if(18, secundair_buitenland);
    let ho_buitenland = f
        .num(11)
        .is_some_and(|ag| DIPLOMA_HO_BUITENLAND.contains(&ag));
    f.require_if(19, ho_buitenland);
}

/// A set of codes below 128, one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Codes(u128);

impl Codes {
    const fn of(list: &[u8]) -> Codes {
        let mut bits = 0u128;
        let mut i = 0;
        while i < list.len() {
            bits |= 1 << list[i];
            i += 1;
        }
        Codes(bits)
    }

    #[inline]
    pub fn allow(self, v: u64) -> bool {
        v < 128 && self.0 >> v & 1 == 1
    }
}

/// The code lists of the 0136 fields whose list depends on nothing else (section 4).
pub const INSCHRIJVING_CODES: [(usize, Codes); 9] = [
    (10, Codes::of(&[1, 2, 3, 99])),
    (13, Codes::of(&[1, 2])),
    (14, Codes::of(&[1, 2, 3])),
    (15, Codes::of(&[1, 2, 3, 99])),
    (19, Codes::of(&[1, 2, 3, 4, 5, 99])),
    (20, Codes::of(&[1, 2, 3, 4, 99])),
    (21, Codes::of(&[10, 21, 22, 23, 31, 32, 33, 40, 99])),
    (22, Codes::of(&[1, 2, 3, 4, 5, 9])),
    (23, Codes::of(&[1, 2, 3, 99])),
];

/// 0136-11 toelatingsvoorwaarde: 11..19 and 99, with 01..06 for 411 and 51..60 for 511;
/// both when the hoofdstructuur is unusable.
#[inline]
pub fn toelatingsvoorwaarde(v: u64, hoofdstructuur: Option<u64>) -> bool {
    let (is_411, is_511) = hoofdstructuren(hoofdstructuur);
    (11..=19).contains(&v)
        || v == 99
        || (is_411 && (1..=6).contains(&v))
        || (is_511 && (51..=60).contains(&v))
}

/// 0136-12 bijkomende toelatingsvoorwaarde: 411 01, 02, 99; 511 51..54, 99.
#[inline]
pub fn bijkomende_toelatingsvoorwaarde(v: u64, hoofdstructuur: Option<u64>) -> bool {
    let (is_411, is_511) = hoofdstructuren(hoofdstructuur);
    v == 99 || (is_411 && (v == 1 || v == 2)) || (is_511 && (51..=54).contains(&v))
}

/// Which hoofdstructuren a rule takes: the header's, or both when it is unusable.
fn hoofdstructuren(hoofdstructuur: Option<u64>) -> (bool, bool) {
    match hoofdstructuur {
        Some(411) => (true, false),
        Some(511) => (false, true),
        _ => (true, true),
    }
}

/// Record 0136, inschrijvingsinformatie. `student_stamboeknummer` is the usable 0135-06 of
/// the last 0135 of the student group, if any.
pub fn inschrijving(
    f: &mut Fields,
    r: &Reference,
    header: &HeaderView,
    student_stamboeknummer: Option<&Stamboeknummer>,
) {
    f.equal_to_header(4, header.instelling);
    f.equal_to_header(5, header.hoofdstructuur);
    if let (Some(s), Some(st)) = (f.usable(6), student_stamboeknummer) {
        if stamboeknummer(s) != *st {
            f.fail(6, Code::StamnummerVerschillend);
        }
    }
    f.equal_to_header(8, header.academiejaar);
    let aj = header.academiejaar;

    // 0136-07 administratieve groep: exists, and the bericht's instelling organises it.
    if let Some(ag) = f.num(7) {
        if r.ag(ag as u32).is_none() {
            f.fail(7, Code::OngeldigeCode);
        } else if header
            .instelling
            .is_some_and(|i| !r.organises(i as u32, ag as u32))
        {
            f.fail(7, Code::AgNietIngericht);
        }
    }
    // 0136-09 vestiging of the instelling.
    if let (Some(v), Some(i)) = (f.num(9), header.instelling) {
        if !r.has_vestiging(i as u32, v as u32) {
            f.fail(9, Code::VestigingOnbekend);
        }
    }
    for &(nr, codes) in &INSCHRIJVING_CODES {
        f.one_of(nr, |v| codes.allow(v));
    }
    // 0136-11 toelatingsvoorwaarde and 0136-12 bijkomende, per hoofdstructuur.
    f.one_of(11, |v| toelatingsvoorwaarde(v, header.hoofdstructuur));
    f.one_of(12, |v| {
        bijkomende_toelatingsvoorwaarde(v, header.hoofdstructuur)
    });
    // 0136-16 datum inschrijving: year AJ or AJ+1, then not after the tellingsdatum.
    if let Some(d) = f.date(16) {
        let year = u64::from(d.year);
        if aj.is_some_and(|aj| year != aj && year != aj + 1) {
            f.fail(16, Code::OngeldigeCode);
        } else if header.tellingsdatum.is_some_and(|t| d > t) {
            f.fail(16, Code::InschrijvingNaTelling);
        }
    }
    // 0136-17 datum uitschrijving: the zero date, or a real date not before 0136-16.
    if let (Some(uit), Some(in_)) = (f.date(17), f.date(16)) {
        if uit < in_ {
            f.fail(17, Code::OngeldigeCode);
        }
    }
    let ag = f.num(7).and_then(|ag| r.ag(ag as u32));
    // 0136-18 aantal studiepunten: the sum of 0136-26 and 0136-27, then at least 3.
    if let Some(sp) = f.num(18) {
        if let (Some(a), Some(b)) = (f.num(26), f.num(27)) {
            if sp != a + b {
                f.fail(18, Code::StudiepuntenSom);
            }
        }
        if sp < 3 {
            f.fail(18, Code::WaardeTeKlein);
        }
    }
    let doctoraat = ag.is_some_and(|a| a.soort == AgSoort::Doctoraat);
    f.require_if(18, !doctoraat);
    // 0136-22 taalregime: 9 is not for a bama AG.
    if f.num(22) == Some(9) && ag.is_some_and(|a| a.bama) {
        f.fail(22, Code::OngeldigeCode);
    }
    // 0136-23 soort contract: 02 exactly with a creditcontract AG.
    if let (Some(contract), Some(ag)) = (f.num(23), ag) {
        if (contract == 2) != (ag.soort == AgSoort::Creditcontract) {
            f.fail(23, Code::OngeldigeCode);
        }
    }
    // 0136-28 verworven credits: not above 0136-26 + 0136-27; 0136-29 not below 0136-28.
    if let (Some(v), Some(a), Some(b)) = (f.num(28), f.num(26), f.num(27)) {
        if v > a + b {
            f.fail(28, Code::OngeldigeCode);
        }
    }
    if let (Some(v), Some(w)) = (f.num(29), f.num(28)) {
        if v < w {
            f.fail(29, Code::OngeldigeCode);
        }
    }
    // 0136-30, 0136-31: J or N; a diploma behaald only when it could be.
    for nr in [30, 31] {
        if let Some(v) = f.usable(nr) {
            if v != b"J" && v != b"N" {
                f.fail(nr, Code::OngeldigeCode);
            }
        }
    }
    if f.usable(31) == Some(b"J") && f.usable(30) == Some(b"N") {
        f.fail(31, Code::OngeldigeCode);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::field::FieldStates;
    use crate::layout::RecordType;
    use crate::split::{lines, visible_type};

    #[test]
    fn the_usable_identificatienummer_agrees_with_the_full_0134_checks() {
        let data = include_bytes!("../../tests/fixtures/examples/cases/clean-big.txt");
        let records: Vec<&[u8]> = lines(data, 0, data.len())
            .map(|l| &data[l.start..l.end])
            .filter(|r| visible_type(r) == Some(RecordType::Identificatie))
            .take(400)
            .collect();
        let reference = Reference::sample();
        let headers = [
            HeaderView {
                academiejaar: Some(2024),
                ..HeaderView::default()
            },
            HeaderView {
                academiejaar: Some(1990),
                ..HeaderView::default()
            },
            HeaderView::default(),
        ];
        // Changes to the fields the identificatienummer depends on: 07, 10 and 11.
        let edits: [(usize, &[u8]); 9] = [
            (36, b"           "),
            (36, b"0000000000A"),
            (40, b"00"),
            (45, b"99"),
            (97, b"31.02.2001"),
            (97, b"01/01/1899"),
            (97, b"          "),
            (107, b"X"),
            (107, b" "),
        ];
        let mut states = FieldStates::default();
        let mut agree = 0;
        for rec in &records {
            for edit in std::iter::once(None).chain(edits.iter().map(Some)) {
                let mut r = rec.to_vec();
                if let Some((at, bytes)) = edit {
                    r[*at..*at + bytes.len()].copy_from_slice(bytes);
                }
                for header in &headers {
                    for voorlopig in [false, true] {
                        let mut f =
                            Fields::begin(&r, RecordType::Identificatie, voorlopig, &mut states);
                        let full = identificatie(&mut f, &reference, header).identificatienummer;
                        assert_eq!(usable_identificatienummer(&r, header), full);
                        agree += usize::from(full.is_some());
                    }
                }
            }
        }
        assert!(
            agree > 1000,
            "most records keep a usable identificatienummer"
        );
    }
}
