//! Record layouts: the six record types, their fields, positions, types and presence columns
//! (spec section 4). Pure data, no I/O: every other stage reads field positions from here.
//!
//! A field is named by its spec id (`0136-07`): [`FieldId`] prints that way, and
//! [`field`] returns the layout row of an id.

use std::fmt;

/// Every record is this many bytes long, the line ending excluded (spec section 2).
pub const RECORD_LEN: usize = 210;

/// The record types of spec section 2, bytes 1-4 of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordType {
    /// `0001`: zending-header.
    ZendingHeader,
    /// `0002`: bericht-header.
    BerichtHeader,
    /// `0003`: berichteinde.
    BerichtEinde,
    /// `0134`: identificatiegegevens.
    Identificatie,
    /// `0135`: studenteninformatie.
    Student,
    /// `0136`: inschrijvingsinformatie.
    Inschrijving,
}

impl RecordType {
    pub const ALL: [RecordType; 6] = [
        RecordType::ZendingHeader,
        RecordType::BerichtHeader,
        RecordType::BerichtEinde,
        RecordType::Identificatie,
        RecordType::Student,
        RecordType::Inschrijving,
    ];

    /// The records of a student group, in their order: 0134, 0135, 0136.
    pub const GROUP: [RecordType; 3] = [
        RecordType::Identificatie,
        RecordType::Student,
        RecordType::Inschrijving,
    ];

    /// The record type written in bytes 1-4, if it is one of the six.
    #[inline]
    pub fn from_bytes(b: &[u8]) -> Option<RecordType> {
        // One word compared per type.
        const ZENDING_HEADER: u32 = u32::from_le_bytes(*b"0001");
        const BERICHT_HEADER: u32 = u32::from_le_bytes(*b"0002");
        const BERICHT_EINDE: u32 = u32::from_le_bytes(*b"0003");
        const IDENTIFICATIE: u32 = u32::from_le_bytes(*b"0134");
        const STUDENT: u32 = u32::from_le_bytes(*b"0135");
        const INSCHRIJVING: u32 = u32::from_le_bytes(*b"0136");
        match u32::from_le_bytes(b.try_into().ok()?) {
            ZENDING_HEADER => Some(RecordType::ZendingHeader),
            BERICHT_HEADER => Some(RecordType::BerichtHeader),
            BERICHT_EINDE => Some(RecordType::BerichtEinde),
            IDENTIFICATIE => Some(RecordType::Identificatie),
            STUDENT => Some(RecordType::Student),
            INSCHRIJVING => Some(RecordType::Inschrijving),
            _ => None,
        }
    }

    /// A 0002 or 0003: a fatal finding on it rejects its bericht whole (section 9).
    pub fn is_bericht_line(self) -> bool {
        matches!(self, RecordType::BerichtHeader | RecordType::BerichtEinde)
    }

    /// The four digits of the record type, as written in bytes 1-4.
    pub fn code(self) -> &'static str {
        match self {
            RecordType::ZendingHeader => "0001",
            RecordType::BerichtHeader => "0002",
            RecordType::BerichtEinde => "0003",
            RecordType::Identificatie => "0134",
            RecordType::Student => "0135",
            RecordType::Inschrijving => "0136",
        }
    }

    /// The layout of this record type, field 01 first.
    pub const fn fields(self) -> &'static [Field] {
        match self {
            RecordType::ZendingHeader => &ZENDING_HEADER,
            RecordType::BerichtHeader => &BERICHT_HEADER,
            RecordType::BerichtEinde => &BERICHT_EINDE,
            RecordType::Identificatie => &IDENTIFICATIE,
            RecordType::Student => &STUDENT,
            RecordType::Inschrijving => &INSCHRIJVING,
        }
    }
}

/// A field id such as `0136-07`: record type and 1-based field number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldId {
    pub record: RecordType,
    pub nr: u8,
}

impl FieldId {
    pub const fn new(record: RecordType, nr: u8) -> FieldId {
        FieldId { record, nr }
    }

    /// The id as written: `0136-07` (every record type has fewer than 100 fields).
    pub fn text(self) -> [u8; 7] {
        let mut text = *b"0000-00";
        text[..4].copy_from_slice(self.record.code().as_bytes());
        text[5] = b'0' + self.nr / 10;
        text[6] = b'0' + self.nr % 10;
        text
    }
}

impl fmt::Display for FieldId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.text();
        f.write_str(std::str::from_utf8(&text).expect("digits and a dash"))
    }
}

/// Field types of spec section 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// N: digits, right-aligned and zero-padded.
    Numeric,
    /// AN: text, left-aligned and blank-padded.
    Text,
    /// D: `DD.MM.JJJJ` or `DD/MM/JJJJ`.
    Date,
    /// F: opvulling, must be blank.
    Filler,
}

/// The presence column of section 4.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// V: verplicht.
    Required,
    /// O: optioneel.
    Optional,
    /// C: required under the condition of the field's rule.
    Conditional,
}

/// One row of the layout tables of section 4.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub id: FieldId,
    /// The spec's name of the field, as in its layout table (`geboortedatum`).
    pub name: &'static str,
    /// 0-based byte offset in the record (the spec's `start` minus one).
    pub offset: usize,
    pub len: usize,
    pub kind: Kind,
    pub presence: Presence,
    /// `pres. 10620` is `O`: the field may be absent in a 10620 bericht.
    pub optional_10620: bool,
    /// `sev. 10620` is `warning`: its findings are warnings in a 10620 bericht (type
    /// findings excepted, see [`crate::code::Code::severity_in`]).
    pub warning_10620: bool,
}

impl Field {
    /// The field's bytes in a record of [`RECORD_LEN`] bytes.
    #[inline]
    pub fn slice<'a>(&self, record: &'a [u8]) -> &'a [u8] {
        &record[self.offset..self.offset + self.len]
    }
}

// One argument a column of the spec's table reads best here.
#[allow(clippy::too_many_arguments)]
const fn row(
    record: RecordType,
    nr: u8,
    name: &'static str,
    start: usize,
    len: usize,
    kind: Kind,
    presence: Presence,
    optional_10620: bool,
    warning_10620: bool,
) -> Field {
    Field {
        id: FieldId::new(record, nr),
        name,
        offset: start - 1,
        len,
        kind,
        presence,
        optional_10620,
        warning_10620,
    }
}

use Kind::{Date as D, Filler as F, Numeric as N, Text as AN};
use Presence::{Conditional as C, Optional as O, Required as V};
use RecordType::*;

// Each table is the spec's table of section 4, one row a field, in the column order
// `nr, name, start, len, type, pres., pres. 10620 is O, sev. 10620 is warning`.

#[rustfmt::skip]
static ZENDING_HEADER: [Field; 11] = [
    row(ZendingHeader, 1, "recordtype", 1, 4, N, V, false, false),
    row(ZendingHeader, 2, "versienummer", 5, 2, N, V, false, false),
    row(ZendingHeader, 3, "recordvolgnummer", 7, 6, N, V, false, false),
    row(ZendingHeader, 4, "codepage", 13, 3, N, V, false, false),
    row(ZendingHeader, 5, "instellingsnummer afzender", 16, 6, N, V, false, false),
    row(ZendingHeader, 6, "referentienummer", 22, 20, AN, V, false, false),
    row(ZendingHeader, 7, "aanmaakdatum", 42, 10, D, V, false, false),
    row(ZendingHeader, 8, "aanmaaktijd", 52, 6, N, V, false, false),
    row(ZendingHeader, 9, "testcode", 58, 1, AN, V, false, false),
    row(ZendingHeader, 10, "aantal berichten", 59, 4, N, V, false, false),
    row(ZendingHeader, 11, "opvulling", 63, 148, F, V, false, false),
];

#[rustfmt::skip]
static BERICHT_HEADER: [Field; 9] = [
    row(BerichtHeader, 1, "recordtype", 1, 4, N, V, false, false),
    row(BerichtHeader, 2, "versienummer", 5, 2, N, V, false, false),
    row(BerichtHeader, 3, "recordvolgnummer", 7, 6, N, V, false, false),
    row(BerichtHeader, 4, "instellingsnummer", 13, 6, N, V, false, false),
    row(BerichtHeader, 5, "hoofdstructuur", 19, 3, N, V, false, false),
    row(BerichtHeader, 6, "gebeurteniscode", 22, 5, N, V, false, false),
    row(BerichtHeader, 7, "academiejaar", 27, 4, N, V, false, false),
    row(BerichtHeader, 8, "tellingsdatum", 31, 10, D, V, false, false),
    row(BerichtHeader, 9, "opvulling", 41, 170, F, V, false, false),
];

#[rustfmt::skip]
static BERICHT_EINDE: [Field; 8] = [
    row(BerichtEinde, 1, "recordtype", 1, 4, N, V, false, false),
    row(BerichtEinde, 2, "versienummer", 5, 2, N, V, false, false),
    row(BerichtEinde, 3, "recordvolgnummer", 7, 6, N, V, false, false),
    row(BerichtEinde, 4, "instellingsnummer", 13, 6, N, V, false, false),
    row(BerichtEinde, 5, "aantal studenten", 19, 7, N, V, false, false),
    row(BerichtEinde, 6, "aantal inschrijvingen", 26, 7, N, V, false, false),
    row(BerichtEinde, 7, "aantal records", 33, 8, N, V, false, false),
    row(BerichtEinde, 8, "opvulling", 41, 170, F, V, false, false),
];

#[rustfmt::skip]
static IDENTIFICATIE: [Field; 15] = [
    row(Identificatie, 1, "recordtype", 1, 4, N, V, false, false),
    row(Identificatie, 2, "versienummer", 5, 2, N, V, false, false),
    row(Identificatie, 3, "recordvolgnummer", 7, 6, N, V, false, false),
    row(Identificatie, 4, "instellingsnummer", 13, 6, N, V, false, false),
    row(Identificatie, 5, "hoofdstructuur", 19, 3, N, V, false, false),
    row(Identificatie, 6, "stamboeknummer", 22, 15, N, V, false, false),
    row(Identificatie, 7, "identificatienummer", 37, 11, N, C, true, false),
    row(Identificatie, 8, "naam", 48, 30, AN, V, false, false),
    row(Identificatie, 9, "voornaam", 78, 20, AN, V, false, false),
    row(Identificatie, 10, "geboortedatum", 98, 10, D, V, false, false),
    row(Identificatie, 11, "geslacht", 108, 1, AN, V, false, false),
    row(Identificatie, 12, "nationaliteit", 109, 5, N, V, true, true),
    row(Identificatie, 13, "postcode domicilie", 114, 4, N, V, false, false),
    row(Identificatie, 14, "landcode domicilie", 118, 5, N, V, true, true),
    row(Identificatie, 15, "opvulling", 123, 88, F, V, false, false),
];

#[rustfmt::skip]
static STUDENT: [Field; 20] = [
    row(Student, 1, "recordtype", 1, 4, N, V, false, false),
    row(Student, 2, "versienummer", 5, 2, N, V, false, false),
    row(Student, 3, "recordvolgnummer", 7, 6, N, V, false, false),
    row(Student, 4, "instellingsnummer", 13, 6, N, V, false, false),
    row(Student, 5, "hoofdstructuur", 19, 3, N, V, false, false),
    row(Student, 6, "stamboeknummer", 22, 15, N, V, false, false),
    row(Student, 7, "herkomst financierbaarheid", 37, 2, N, V, false, false),
    row(Student, 8, "AG afstudeerrichting secundair onderwijs", 39, 6, N, C, true, true),
    row(Student, 9, "diplomajaar secundair onderwijs", 45, 4, N, V, true, false),
    row(Student, 10, "instelling secundair onderwijs", 49, 6, N, C, true, true),
    row(Student, 11, "einddiploma basisopleiding hoger onderwijs", 55, 6, N, C, true, true),
    row(Student, 12, "diplomajaar basisopleiding hoger onderwijs", 61, 4, N, O, false, false),
    row(Student, 13, "instelling diploma basisopleiding hoger onderwijs", 65, 6, N, C, true, true),
    row(Student, 14, "academiejaar eerste inschrijving hogeschool", 71, 4, N, V, true, false),
    row(Student, 15, "academiejaar eerste inschrijving universiteit", 75, 4, N, V, true, false),
    row(Student, 16, "AG hoger onderwijs laatst ingeschreven", 79, 6, N, O, false, true),
    row(Student, 17, "instelling hoger onderwijs laatst ingeschreven", 85, 6, N, C, true, true),
    row(Student, 18, "landcode diploma secundair buitenland", 91, 5, N, C, true, false),
    row(Student, 19, "landcode diploma hoger onderwijs buitenland", 96, 5, N, C, true, false),
    row(Student, 20, "opvulling", 101, 110, F, V, false, false),
];

#[rustfmt::skip]
static INSCHRIJVING: [Field; 32] = [
    row(Inschrijving, 1, "recordtype", 1, 4, N, V, false, false),
    row(Inschrijving, 2, "versienummer", 5, 2, N, V, false, false),
    row(Inschrijving, 3, "recordvolgnummer", 7, 6, N, V, false, false),
    row(Inschrijving, 4, "instellingsnummer", 13, 6, N, V, false, false),
    row(Inschrijving, 5, "hoofdstructuur", 19, 3, N, V, false, false),
    row(Inschrijving, 6, "stamboeknummer", 22, 15, N, V, false, false),
    row(Inschrijving, 7, "administratieve groep inschrijving", 37, 6, N, V, false, false),
    row(Inschrijving, 8, "academiejaar inschrijving", 43, 4, N, V, false, false),
    row(Inschrijving, 9, "vestiging", 47, 3, N, V, false, false),
    row(Inschrijving, 10, "zittijd examencommissie / inschrijving examen", 50, 2, N, V, false, false),
    row(Inschrijving, 11, "toelatingsvoorwaarde", 52, 2, N, V, true, false),
    row(Inschrijving, 12, "bijkomende toelatingsvoorwaarde", 54, 2, N, V, true, false),
    row(Inschrijving, 13, "aard inschrijving", 56, 1, N, V, false, true),
    row(Inschrijving, 14, "aanduiding IAJ / geindividualiseerd programma", 57, 1, N, V, true, false),
    row(Inschrijving, 15, "regime inschrijving", 58, 2, N, V, false, false),
    row(Inschrijving, 16, "datum inschrijving", 60, 10, D, V, false, false),
    row(Inschrijving, 17, "datum uitschrijving", 70, 10, D, V, false, false),
    row(Inschrijving, 18, "aantal studiepunten", 80, 3, N, C, false, false),
    row(Inschrijving, 19, "vermoedelijke financierbaarheid", 83, 2, N, V, true, true),
    row(Inschrijving, 20, "percentage financierbaarheid", 85, 2, N, V, true, true),
    row(Inschrijving, 21, "studieresultaat", 87, 2, N, V, false, false),
    row(Inschrijving, 22, "taalregime", 89, 1, N, V, false, false),
    row(Inschrijving, 23, "soort contract", 90, 2, N, V, false, false),
    row(Inschrijving, 24, "studiepunten EVC / EVK met bekwaamheidsonderzoek", 92, 3, N, V, false, false),
    row(Inschrijving, 25, "studiepunten vrijstelling zonder bekwaamheidsonderzoek", 95, 3, N, V, false, false),
    row(Inschrijving, 26, "studiepunten eerste maal ingeschreven", 98, 3, N, V, true, false),
    row(Inschrijving, 27, "studiepunten niet eerste maal ingeschreven", 101, 3, N, V, true, false),
    row(Inschrijving, 28, "effectief verworven credits lopend academiejaar", 104, 3, N, V, false, false),
    row(Inschrijving, 29, "verworven credits en gedelibereerde studiepunten", 107, 3, N, V, false, false),
    row(Inschrijving, 30, "aanduiding diploma kan behalen", 110, 1, AN, V, false, false),
    row(Inschrijving, 31, "aanduiding diploma behaald", 111, 1, AN, V, false, false),
    row(Inschrijving, 32, "opvulling", 112, 99, F, V, false, false),
];

/// The layout row of a field id.
#[inline]
pub fn field(id: FieldId) -> &'static Field {
    &id.record.fields()[usize::from(id.nr) - 1]
}

/// Whether fields `first..=last` lie side by side over the bytes `at` in every record of a
/// student group: for compile-time checks of the places that fast paths read directly.
pub const fn group_fields_at(first: usize, last: usize, at: std::ops::Range<usize>) -> bool {
    let mut t = 0;
    while t < RecordType::GROUP.len() {
        let fields = RecordType::GROUP[t].fields();
        let (mut nr, mut end) = (first, at.start);
        while nr <= last {
            let f = &fields[nr - 1];
            if f.offset != end {
                return false;
            }
            end = f.offset + f.len;
            nr += 1;
        }
        if end != at.end {
            return false;
        }
        t += 1;
    }
    true
}

/// Every field of every record type, in the order of section 4.
pub fn all_fields() -> impl Iterator<Item = &'static Field> {
    RecordType::ALL.iter().flat_map(|r| r.fields().iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_covers_its_210_bytes_without_gaps() {
        for rt in RecordType::ALL {
            let mut next = 0;
            for (i, f) in rt.fields().iter().enumerate() {
                assert_eq!(usize::from(f.id.nr), i + 1, "{}", f.id);
                assert_eq!(
                    f.offset, next,
                    "{} starts where the previous field ends",
                    f.id
                );
                next = f.offset + f.len;
            }
            assert_eq!(next, RECORD_LEN, "{}", rt.code());
        }
    }

    #[test]
    fn field_ids_print_as_in_the_spec() {
        let id = FieldId::new(RecordType::Inschrijving, 7);
        assert_eq!(id.to_string(), "0136-07");
        assert_eq!(field(id).offset, 36);
    }
}
