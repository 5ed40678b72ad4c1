//! The clean-record fast path for the records of the student groups (0134
//! identificatiegegevens, 0135 studenteninformatie, 0136 inschrijvingsinformatie): proves
//! with straight-line checks on the record's bytes that it has no finding at all, and
//! yields what the cross-record checks need. Whatever it cannot prove clean it declines,
//! and the record goes through the plain checks ([`super::field`], [`super::record`]),
//! which are the reference this twin is tested against: when it says clean, they find
//! nothing.
//!
//! It is stricter than the rules where that keeps it short: it wants every field present
//! that a definitive bericht requires and every bericht-header value usable.

use super::bytes::{self, Date, DateValue};
use super::cross::{stamboeknummer, GroupInschrijving, InschrijvingKey};
use super::identificatie;
use super::masks::{self, Shape, Window};
use super::record::{self, HeaderView};
use super::record::{DIPLOMA_HO_BUITENLAND, DIPLOMA_HO_SPECIAAL, HO_SPECIAAL, SECUNDAIR_SPECIAAL};
use crate::layout::{Field, RecordType, RECORD_LEN};
use crate::reference::{AgSoort, Reference};

/// What the fast paths read of a bericht-header whose fields they use are all usable: the
/// bytes its records must repeat, and the code lists its hoofdstructuur chooses.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    header: HeaderView,
    instelling: u64,
    hoofdstructuur: u64,
    academiejaar: u64,
    tellingsdatum: Date,
    /// Fields 04 and 05 (instellingsnummer, hoofdstructuur) as a 0134, 0135 or 0136 with
    /// the header's values writes them: bytes [`LEAD`].
    lead: [u8; 9],
    /// The academiejaar (0136-08 repeats it) and the year after it (9999 at most), as
    /// written.
    academiejaar_written: Written4,
    next_year_written: Written4,
    /// The code lists of the 0136 under this hoofdstructuur.
    codes: CodeTable,
}

/// Where fields 04 and 05 lie in the records of a student group.
const LEAD: std::ops::Range<usize> = 12..21;
const _: () = assert!(crate::layout::group_fields_at(4, 5, LEAD));

impl Context {
    /// None when the header leaves a field the fast paths read unusable: its records then
    /// take the plain checks.
    pub fn new(header: &HeaderView) -> Option<Context> {
        let (Some(instelling), Some(hoofdstructuur), Some(academiejaar), Some(tellingsdatum)) = (
            header.instelling,
            header.hoofdstructuur,
            header.academiejaar,
            header.tellingsdatum,
        ) else {
            return None;
        };
        let mut lead = [0; 9];
        write_digits(&mut lead[..6], instelling)?;
        write_digits(&mut lead[6..], hoofdstructuur)?;
        let academiejaar_written = (academiejaar < 10_000).then(|| Written4::of(academiejaar))?;
        Some(Context {
            header: *header,
            instelling,
            hoofdstructuur,
            academiejaar,
            tellingsdatum,
            lead,
            academiejaar_written,
            next_year_written: Written4::of(academiejaar.saturating_add(1).min(9999)),
            codes: code_table(hoofdstructuur),
        })
    }
}

/// Writes `n` in the digits of `out`, zero-padded; None when it does not fit.
fn write_digits(out: &mut [u8], mut n: u64) -> Option<()> {
    for d in out.iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
    (n == 0).then_some(())
}

/// A field of four digits as written: its bytes as one big-endian number. For fields of
/// digits of one width that orders as the numbers they write do, so a year or a postcode
/// is compared with bounds written the same way, and never read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Written4(u32);

impl Written4 {
    /// `n` (below 10 000) written in four digits.
    const fn of(n: u64) -> Written4 {
        assert!(n < 10_000);
        let (d0, d1, d2, d3) = (n / 1000, n / 100 % 10, n / 10 % 10, n % 10);
        Written4(u32::from_be_bytes([d0 as u8, d1 as u8, d2 as u8, d3 as u8]) + 0x3030_3030)
    }

    /// Field `nr` of `rt`, which is four bytes long.
    #[inline(always)]
    fn at(rec: &[u8; RECORD_LEN], rt: RecordType, nr: usize) -> Written4 {
        Written4(u32::from_be_bytes(
            raw(rec, rt, nr).try_into().expect("a field of four bytes"),
        ))
    }
}

const Y1900: Written4 = Written4::of(1900);
const Y1995: Written4 = Written4::of(1995);
/// A year, or a postcode, that is not known.
const Y9999: Written4 = Written4::of(9999);

/// A 0134 without any finding: its identificatienummer, when it has one. (Its stamboeknummer
/// is usable: the caller reads it. Sixteen bytes come back in two registers; a larger
/// result goes through memory, where the caller's wider loads of the callee's narrower
/// stores wait for them to retire.)
pub fn identificatie(rec: &[u8], ctx: &Context, reference: &Reference) -> Option<Option<u64>> {
    const RT: RecordType = RecordType::Identificatie;
    let rec: &[u8; RECORD_LEN] = rec.try_into().ok()?;
    let raw = |nr| raw(rec, RT, nr);
    let n = |nr| number(rec, RT, nr);
    // Presence and type: N fields digits (0134-07 may be blank), opvulling blank, the names
    // present and text, a real geboortedatum.
    let window = required_present::<{ RT as usize }>(rec)?;
    let id = raw(7);
    let identificatienummer = match bytes::is_blank(id) {
        true => None,
        false if bytes::is_digits(id) => Some(n(7)),
        false => return None,
    };
    // The names (0134-08 and 0134-09; text, as the shape says): present.
    let present = |f: &Field| {
        let all = (1u64 << f.len) - 1;
        (window.blanks >> (f.offset - NAMES)) & all != all
    };
    if !(present(&RT.fields()[7]) && present(&RT.fields()[8])) {
        return None;
    }
    let DateValue::Real(geboortedatum) = bytes::date(raw(10)) else {
        return None;
    };
    let geslacht = record::geslacht(raw(11))?;

    // Value rules, in the order of `record::identificatie`.
    let postcode = Written4::at(rec, RT, 13);
    let is_land = |nr| is_land(rec, RT, nr, reference);
    let ok = rec[LEAD] == ctx.lead
        && ((Written4::of(1000)..=Written4::of(9992)).contains(&postcode) || postcode == Y9999)
        && is_land(12)
        && is_land(14)
        && (postcode == Y9999) != is_belgie(rec, RT, 14)
        && record::geboortedatum_in_range(geboortedatum, &ctx.header)
        // Without an identificatienummer, only a domicilie abroad is sure not to need one.
        && match identificatienummer {
            Some(value) => {
                identificatie::check_written(id, value, raw(10), geboortedatum, geslacht).is_none()
            }
            None => postcode == Y9999,
        };
    ok.then_some(identificatienummer)
}

/// Field `nr`, which holds digits, holds België's landcode. Most 0134s name België in
/// both their landcodes: its five digits are recognised as written, without reading the
/// number.
#[inline(always)]
fn is_belgie(rec: &[u8; RECORD_LEN], rt: RecordType, nr: usize) -> bool {
    const _: () = assert!(record::BELGIE == 150);
    raw(rec, rt, nr) == b"00150"
}

/// Field `nr`, which holds digits, holds a landcode of the reference.
#[inline(always)]
fn is_land(rec: &[u8; RECORD_LEN], rt: RecordType, nr: usize, reference: &Reference) -> bool {
    match is_belgie(rec, rt, nr) {
        true => reference.is_land(record::BELGIE as u32),
        false => reference.is_land(number(rec, rt, nr) as u32),
    }
}

/// The names of a 0134 (0134-08 and 0134-09, side by side) lie in the 64 bytes from here.
const NAMES: usize = 47;
const NAMES_END: usize = 97;
const _: () = {
    let (naam, voornaam) = (
        &RecordType::Identificatie.fields()[7],
        &RecordType::Identificatie.fields()[8],
    );
    assert!(naam.offset == NAMES && naam.offset + naam.len == voornaam.offset);
    assert!(voornaam.offset + voornaam.len == NAMES_END && NAMES_END <= NAMES + 64);
};

/// Fields 0135-07 to 0135-19 lie in the 64 bytes from here: one word of each byte class.
const STUDENT_WINDOW: usize = 36;
const _: () = assert!(RecordType::Student.fields()[6].offset == STUDENT_WINDOW);

/// A 0135 without any finding, when its 0135-06 is its group's 0134-06 (the caller's to
/// compare, where both are in registers).
pub fn student(rec: &[u8], ctx: &Context, reference: &Reference) -> bool {
    const RT: RecordType = RecordType::Student;
    let Ok(rec) = <&[u8; RECORD_LEN]>::try_from(rec) else {
        return false;
    };
    let n = |nr| number(rec, RT, nr);
    // Presence and type: the V fields digits, the opvulling blank, and every other field
    // all digits (present) or all blanks (absent): in the window, every byte a digit or a
    // blank, and the blanks change only where a field starts.
    let Some(Window { digits, blanks }) = required_present::<{ RT as usize }>(rec) else {
        return false;
    };
    if digits | blanks != u64::MAX
        || (blanks ^ blanks << 1) & !field_starts(RT, 7, 19, STUDENT_WINDOW) != 0
    {
        return false;
    }
    let opt = |nr| optional_number(rec, RT, nr, digits, STUDENT_WINDOW);
    let year = |nr| Written4::at(rec, RT, nr);
    let not_special = |special: &'static [u64]| move |v: &u64| !special.contains(v);
    let (richting, diplomajaar, school) = (opt(8), year(9), opt(10));
    let (diploma_ho, diplomajaar_ho, diploma_instelling) = (
        opt(11),
        is_present(RT, 12, digits, STUDENT_WINDOW).then(|| year(12)),
        opt(13),
    );
    let (ag_laatst, instelling_laatst) = (opt(16), opt(17));
    let (land_secundair, land_ho) = (opt(18), opt(19));
    let (aj, next_year) = (ctx.academiejaar_written, ctx.next_year_written);
    let eerste_jaar = |y: Written4| y == Y9999 || (Y1900..=aj).contains(&y);
    let land = |l: Option<u64>| l.is_none_or(|l| l == 99_999 || reference.is_land(l as u32));

    // Value rules, in the order of `record::student`.
    rec[LEAD] == ctx.lead
        && matches!(n(7), 1..=6 | 99)
        && school.is_none_or(|s| {
            SECUNDAIR_SPECIAAL.contains(&s) || reference.is_secundaire_school(s as u32)
        })
        && richting.is_none_or(|ag| {
            SECUNDAIR_SPECIAAL.contains(&ag)
                || reference.is_afstudeerrichting(ag as u32)
                    && school
                        .filter(not_special(&SECUNDAIR_SPECIAAL))
                        .is_none_or(|s| reference.school_organises(s as u32, ag as u32))
        })
        && match diplomajaar {
            Y9999 => richting.is_none_or(|ag| ag == 777_777),
            y => (Y1900..=next_year).contains(&y),
        }
        && diplomajaar_ho.is_none_or(|y| (Y1900..=aj).contains(&y))
        && diploma_ho
            .is_none_or(|ag| DIPLOMA_HO_SPECIAAL.contains(&ag) || reference.ag(ag as u32).is_some())
        && diploma_instelling
            .is_none_or(|i| HO_SPECIAAL.contains(&i) || reference.is_instelling(i as u32))
        && eerste_jaar(year(14))
        && eerste_jaar(year(15))
        && instelling_laatst
            .is_none_or(|i| HO_SPECIAAL.contains(&i) || reference.is_instelling(i as u32))
        && ag_laatst.is_none_or(|ag| {
            HO_SPECIAAL.contains(&ag)
                || reference.ag(ag as u32).is_some()
                    && instelling_laatst
                        .filter(not_special(&HO_SPECIAAL))
                        .is_none_or(|i| reference.organises(i as u32, ag as u32))
        })
        && land(land_secundair)
        && land(land_ho)
        // Presence conditions.
        && (diplomajaar <= Y1995 || richting.is_some() && school.is_some())
        && diplomajaar_ho.is_none_or(|y| y <= Y1995 || diploma_ho.is_some() && diploma_instelling.is_some())
        && (ag_laatst.is_none() || instelling_laatst.is_some())
        && (richting != Some(777_777) || land_secundair.is_some())
        && diploma_ho.is_none_or(|ag| !DIPLOMA_HO_BUITENLAND.contains(&ag) || land_ho.is_some())
}

/// The number in field `nr` when it is present (see [`is_present`]).
#[inline(always)]
fn optional_number(
    rec: &[u8; RECORD_LEN],
    rt: RecordType,
    nr: usize,
    digits: u64,
    start: usize,
) -> Option<u64> {
    is_present(rt, nr, digits, start).then(|| number(rec, rt, nr))
}

/// Field `nr` is present, `digits` being the digit positions of a window from `start`: a
/// field all digits or all blanks starts with a digit when present.
#[inline(always)]
fn is_present(rt: RecordType, nr: usize, digits: u64, start: usize) -> bool {
    let f: &Field = &rt.fields()[nr - 1];
    digits >> (f.offset - start) & 1 == 1
}

/// The start positions of fields `first..=last` of `rt`, as bits of a window from `start`.
#[inline(always)]
fn field_starts(rt: RecordType, first: usize, last: usize, start: usize) -> u64 {
    rt.fields()[first - 1..last]
        .iter()
        .fold(0, |bits, f| bits | 1 << (f.offset - start))
}

/// A 0136 without any finding, when its 0136-06 is its student's 0135-06 (the caller's to
/// compare): the inschrijving its cross-record checks compare.
///
/// Always inlined: a result this large comes back from a call through memory, where the
/// caller's wide loads of the fields stored one by one wait for those stores to retire
/// (a load is forwarded from one store only), for every 0136.
#[inline(always)]
pub fn inschrijving(rec: &[u8], ctx: &Context, reference: &Reference) -> Option<GroupInschrijving> {
    const RT: RecordType = RecordType::Inschrijving;
    let rec: &[u8; RECORD_LEN] = rec.try_into().ok()?;
    let raw = |nr| raw(rec, RT, nr);
    let n = |nr| number(rec, RT, nr);
    // Presence and type: every N field digits (0136-18 may be blank), opvulling blank.
    required_present::<{ RT as usize }>(rec)?;
    // What the bericht-header decides, as written: 0136-04 and 05, 0136-08.
    if rec[LEAD] != ctx.lead || Written4::at(rec, RT, 8) != ctx.academiejaar_written {
        return None;
    }
    let studiepunten = match raw(18) {
        b"   " => None,
        v if bytes::is_digits(v) => Some(bytes::number(v)),
        _ => return None,
    };
    let DateValue::Real(inschrijving) = bytes::date(raw(16)) else {
        return None;
    };
    // Most students are not uitgeschreven: that date is zero, seen without reading it.
    let uitschrijving: Option<Date> = match raw(17) {
        b"00.00.0000" | b"00/00/0000" => None,
        written => match bytes::date(written) {
            DateValue::Real(d) => Some(d),
            DateValue::Zero => None,
            DateValue::Invalid => return None,
        },
    };
    let (diploma_kan, diploma) = (raw(30)[0], raw(31)[0]);
    if !matches!((diploma_kan, diploma), (b'J', b'J' | b'N') | (b'N', b'N')) {
        return None;
    }

    // Value rules, in the order of `record::inschrijving`.
    let (ag_code, vestiging, contract) = (n(7), n(9), n(23));
    // 0136-26 to 0136-29 are four numbers of three digits side by side.
    const _: () = {
        let f = RT.fields();
        let mut k = 25;
        while k < 29 {
            assert!(f[k].len == 3 && f[k].offset == f[25].offset + 3 * (k - 25));
            k += 1;
        }
        assert!(f[27].offset + 8 <= RECORD_LEN);
    };
    let (first, next) = bytes::two_of_three_digits(rec, const { RT.fields()[25].offset });
    let (verworven, gedelibereerd) =
        bytes::two_of_three_digits(rec, const { RT.fields()[27].offset });
    let opgenomen = first + next;
    let ag = reference.ag(ag_code as u32)?;
    let year = u64::from(inschrijving.year);
    let ok = reference.organises(ctx.instelling as u32, ag_code as u32)
        && reference.has_vestiging(ctx.instelling as u32, vestiging as u32)
        && codes_allowed(rec, &ctx.codes)
        && (year == ctx.academiejaar || year == ctx.academiejaar + 1)
        && inschrijving <= ctx.tellingsdatum
        && uitschrijving.is_none_or(|d| d >= inschrijving)
        && match studiepunten {
            Some(sp) => sp == opgenomen && sp >= 3,
            None => ag.soort == AgSoort::Doctoraat,
        }
        && !(raw(22) == b"9" && ag.bama)
        && (contract == 2) == (ag.soort == AgSoort::Creditcontract)
        && verworven <= opgenomen
        && gedelibereerd >= verworven;
    if !ok {
        return None;
    }
    Some(GroupInschrijving {
        key: InschrijvingKey {
            stamboeknummer: stamboeknummer(raw(6)),
            datum: inschrijving,
            instelling: ctx.instelling as u32,
            ag: ag_code as u32,
            hoofdstructuur: ctx.hoofdstructuur as u16,
            vestiging: vestiging as u16,
            contract: contract as u8,
            aard: n(13) as u8,
        },
        uitgeschreven: uitschrijving.is_some(),
    })
}

/// The 0136 fields whose value is one of a list of codes (one or two digits): those of
/// `record::INSCHRIJVING_CODES` and the two whose list depends on the hoofdstructuur.
const CODE_FIELDS: [usize; 11] = [10, 11, 12, 13, 14, 15, 19, 20, 21, 22, 23];

/// Where [`codes_allowed`] reads each field of [`CODE_FIELDS`]: the 8 bytes from `word`
/// hold the field, which starts at byte `at` of them. Neighbouring fields share a word.
const CODE_PLACES: [(usize, usize); CODE_FIELDS.len()] = {
    let mut places = [(0, 0); CODE_FIELDS.len()];
    let (mut k, mut word) = (0, 0);
    while k < CODE_FIELDS.len() {
        let f = &RecordType::Inschrijving.fields()[CODE_FIELDS[k] - 1];
        assert!(f.len <= 2 && f.offset + 8 <= RECORD_LEN);
        if k == 0 || f.offset + f.len > word + 8 {
            word = f.offset;
        }
        places[k] = (word, f.offset - word);
        k += 1;
    }
    places
};

/// Every field of [`CODE_FIELDS`] holds one of its codes: one load from `table` per field,
/// without reading the number.
#[inline(always)]
fn codes_allowed(rec: &[u8; RECORD_LEN], table: &CodeTable) -> bool {
    let mut allowed = 0;
    for (k, &(word, at)) in CODE_PLACES.iter().enumerate() {
        // Each byte of `y` its digit's value; each byte of `z` that digit, and above it the
        // next byte's: the `code_index` of the field that starts there.
        let y = u64::from_le_bytes(rec[word..word + 8].try_into().expect("8 bytes"))
            & 0x0F0F_0F0F_0F0F_0F0F;
        let z = y | y >> 4;
        allowed |= table[usize::from((z >> (8 * at)) as u8)] & 1 << k;
    }
    allowed == (1 << CODE_FIELDS.len()) - 1
}

/// Entry `code_index(digits)` has bit `k` set when field `CODE_FIELDS[k]` may hold `digits`.
type CodeTable = [u16; 256];

/// The place of a field's first digit and the byte after it in a [`CodeTable`]: the low 4
/// bits of each, the first digit in the low half. For a field of one digit the byte after
/// is the next field's, so its table entries take any upper half.
#[inline(always)]
fn code_index(first: u8, next: u8) -> usize {
    usize::from(first & 0x0F | (next & 0x0F) << 4)
}

/// The [`CodeTable`] of a bericht with this hoofdstructuur.
fn code_table(hoofdstructuur: u64) -> CodeTable {
    let hs = Some(hoofdstructuur);
    let mut table = [0; 256];
    for (k, &nr) in CODE_FIELDS.iter().enumerate() {
        let rule = |v: u64| match nr {
            11 => record::toelatingsvoorwaarde(v, hs),
            12 => record::bijkomende_toelatingsvoorwaarde(v, hs),
            _ => record::INSCHRIJVING_CODES
                .iter()
                .find(|&&(n, _)| n == nr)
                .is_some_and(|(_, codes)| codes.allow(v)),
        };
        let digit = |v: u64| b'0' + v as u8;
        match RecordType::Inschrijving.fields()[nr - 1].len {
            1 => {
                for v in (0..10).filter(|&v| rule(v)) {
                    (0..16).for_each(|next| table[code_index(digit(v), next)] |= 1 << k);
                }
            }
            _ => {
                for v in (0..100).filter(|&v| rule(v)) {
                    table[code_index(digit(v / 10), digit(v % 10))] |= 1 << k;
                }
            }
        }
    }
    table
}

/// The N fields a definitive bericht requires hold digits, the opvulling is blank and the
/// text bytes of the shape (a 0134's names) are text; and the byte classes of the window the
/// fast path of `RecordType::ALL[T]` reads (see [`shape`]).
#[inline(always)]
fn required_present<const T: usize>(rec: &[u8; RECORD_LEN]) -> Option<Window> {
    masks::shaped::<ShapeOf<T>>(rec)
}

/// The shape of `RecordType::ALL[T]`, as a type.
struct ShapeOf<const T: usize>;

impl<const T: usize> masks::Shaped for ShapeOf<T> {
    const SHAPE: Shape = shape(T);
}

/// The shape of `RecordType::ALL[T]`: the 0134 wants its names text and reads their
/// blanks, the 0135 reads the classes of its fields 07 to 19.
const fn shape(t: usize) -> Shape {
    let rt = RecordType::ALL[t];
    assert!(rt as usize == t, "ALL is in declaration order");
    match rt {
        RecordType::Identificatie => Shape::of(rt, Some((NAMES, NAMES_END)), Some(NAMES)),
        RecordType::Student => Shape::of(rt, None, Some(STUDENT_WINDOW)),
        _ => Shape::of(rt, None, None),
    }
}

/// The bytes of field `nr` (inlined, so that the positions are constants).
#[inline(always)]
fn raw(rec: &[u8; RECORD_LEN], rt: RecordType, nr: usize) -> &[u8] {
    rt.fields()[nr - 1].slice(rec)
}

/// The number in field `nr`, which holds digits.
#[inline(always)]
fn number(rec: &[u8; RECORD_LEN], rt: RecordType, nr: usize) -> u64 {
    let f: &Field = &rt.fields()[nr - 1];
    bytes::number_at(rec, f.offset, f.len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::field::{FieldStates, Fields};
    use crate::code::Code;
    use crate::layout::FieldId;
    use crate::split::{lines, visible_type};

    /// The plain checks of a 0136: its findings, and its inschrijving when it takes part in
    /// the cross-record checks.
    fn plain(
        rec: &[u8],
        reference: &Reference,
        header: &HeaderView,
        voorlopig: bool,
    ) -> (usize, Option<GroupInschrijving>) {
        let mut states = FieldStates::default();
        let mut f = Fields::begin(rec, RecordType::Inschrijving, voorlopig, &mut states);
        record::inschrijving(&mut f, reference, header, None);
        let new = GroupInschrijving::of(&f);
        (states.found.len(), new)
    }

    /// What the plain checks of the 0134 `rec` that [`identificatie`] proves clean, with
    /// `identificatienummer`, must give the rest of its group: its own stamboeknummer.
    fn own_view(rec: &[u8], identificatienummer: Option<u64>) -> record::IdentificatieView {
        record::IdentificatieView {
            stamboeknummer: Some(stamboeknummer(&rec[crate::check::STAMBOEKNUMMER])),
            identificatienummer,
        }
    }

    /// Records of type `rt` from a generated file, each with the view of its bericht-header.
    fn generated(rt: RecordType) -> Vec<(HeaderView, Vec<u8>)> {
        let reference = Reference::sample();
        let mut data = Vec::new();
        dto_gen::generate(&dto_gen::Config::new(300, 6, 5), &mut data, None).unwrap();
        let mut out = Vec::new();
        let mut header = HeaderView::default();
        for l in lines(&data, 0, data.len()) {
            let rec = &data[l.start..l.end];
            match visible_type(rec) {
                Some(RecordType::BerichtHeader) => {
                    let mut fs = FieldStates::default();
                    let mut f = Fields::begin(rec, RecordType::BerichtHeader, false, &mut fs);
                    header = record::bericht_header(&mut f, &reference, None);
                }
                Some(t) if t == rt => out.push((header, rec.to_vec())),
                _ => {}
            }
        }
        out
    }

    /// Mutations of generated records of type `rt`: none, or a few bytes changed, or a field
    /// blanked.
    fn mutated(rt: RecordType, rounds: usize) -> Vec<(HeaderView, Vec<u8>)> {
        let records = generated(rt);
        let mut rng = dto_gen::Rng::new(0x2545_F491_4F6C_DD1D, &[]);
        let mut next = move |n: usize| rng.below(n as u64) as usize;
        let bytes_to_try = [
            b' ', b'0', b'1', b'2', b'3', b'5', b'9', b'J', b'N', b'M', b'V', b'.', b'/', b'A',
        ];
        (0..rounds)
            .map(|round| {
                let (h, rec) = &records[next(records.len())];
                let mut r = rec.clone();
                for _ in 0..round % 3 {
                    let at = next(RECORD_LEN);
                    r[at] = bytes_to_try[next(bytes_to_try.len())];
                }
                if round % 7 == 0 {
                    let f = &rt.fields()[3 + next(rt.fields().len() - 3)];
                    r[f.offset..f.offset + f.len].fill(b' ');
                }
                if round % 4 == 1 {
                    // A field set to another meaningful value of its length: special
                    // values, codes of other tables, bounds.
                    let f = &rt.fields()[3 + next(rt.fields().len() - 3)];
                    let pool: &[&[u8]] = match f.len {
                        1 => &[b"1", b"2", b"3", b"9", b"J", b"N", b"M", b"V"],
                        2 => &[b"01", b"02", b"05", b"06", b"11", b"51", b"55", b"99"],
                        3 => &[b"001", b"002", b"003", b"000", b"060", b"411", b"511"],
                        4 => &[
                            b"9999", b"1899", b"1900", b"1995", b"1996", b"2024", b"2025", b"2026",
                        ],
                        5 => &[b"99999", b"00150", b"00111", b"00113", b"12345"],
                        6 => &[
                            b"777777", b"777771", b"444444", b"888888", b"999999", b"034102",
                            b"033801", b"033841", b"034206", b"021101", b"031501", b"120011",
                            b"301104", b"000000",
                        ],
                        _ => &[],
                    };
                    if !pool.is_empty() {
                        r[f.offset..f.offset + f.len].copy_from_slice(pool[next(pool.len())]);
                    }
                }
                (*h, r)
            })
            .collect()
    }

    #[test]
    fn four_digits_as_written_order_as_their_numbers() {
        let written = |n: u64| {
            Written4(u32::from_be_bytes(
                format!("{n:04}").as_bytes().try_into().unwrap(),
            ))
        };
        for n in 0..10_000 {
            assert_eq!(Written4::of(n), written(n));
            if n > 0 {
                assert!(written(n - 1) < written(n), "{n}");
            }
        }
    }

    #[test]
    fn the_code_table_allows_exactly_the_codes_of_each_field() {
        let reference = Reference::sample();
        for hs in [411, 511] {
            let table = code_table(hs);
            let mut rec = [b'0'; RECORD_LEN];
            for (k, &nr) in CODE_FIELDS.iter().enumerate() {
                let f = &RecordType::Inschrijving.fields()[nr - 1];
                for v in 0..10u64.pow(f.len as u32) {
                    rec[f.offset..f.offset + f.len]
                        .copy_from_slice(format!("{v:0w$}", w = f.len).as_bytes());
                    let mut fields = FieldStates::default();
                    let mut plain =
                        Fields::begin(&rec, RecordType::Inschrijving, false, &mut fields);
                    let header = HeaderView {
                        hoofdstructuur: Some(hs),
                        ..HeaderView::default()
                    };
                    record::inschrijving(&mut plain, &reference, &header, None);
                    let plain_allows = !fields.found.iter().any(|&(field, code)| {
                        field.is_some_and(|id| {
                            id == FieldId::new(RecordType::Inschrijving, nr as u8)
                        }) && code == Code::OngeldigeCode
                    });
                    let index = code_index(rec[f.offset], rec[f.offset + 1]);
                    assert_eq!(
                        table[index] >> k & 1 == 1,
                        plain_allows,
                        "0136-{nr} {v} ({hs})"
                    );
                }
            }
        }
    }

    #[test]
    fn a_0136_proved_clean_has_no_finding_in_the_plain_checks() {
        let reference = Reference::sample();
        let mut clean = 0;
        // Without a student to compare 0136-06 with: the caller compares it.
        for (h, r) in mutated(RecordType::Inschrijving, 40_000) {
            let fast = Context::new(&h).and_then(|c| inschrijving(&r, &c, &reference));
            for voorlopig in [false, true] {
                let (found, key) = plain(&r, &reference, &h, voorlopig);
                if let Some(fast) = fast {
                    assert_eq!(found, 0, "{}", String::from_utf8_lossy(&r));
                    assert_eq!(key, Some(fast));
                }
            }
            clean += usize::from(fast.is_some());
        }
        // Most records are proved clean, so the fast path pays.
        assert!(clean > 10_000, "{clean} of 40000 proved clean");
    }

    #[test]
    fn a_0135_proved_clean_has_no_finding_in_the_plain_checks() {
        let reference = Reference::sample();
        let mut clean = 0;
        // Without a group to compare 0135-06 with: the caller compares it.
        for (h, r) in mutated(RecordType::Student, 40_000) {
            let fast = Context::new(&h).is_some_and(|c| student(&r, &c, &reference));
            for voorlopig in [false, true] {
                let mut states = FieldStates::default();
                let mut f = Fields::begin(&r, RecordType::Student, voorlopig, &mut states);
                record::student(&mut f, &reference, &h, None);
                let stamboeknummer_usable = f.usable(6).is_some();
                if fast {
                    assert_eq!(states.found, vec![], "{}", String::from_utf8_lossy(&r));
                    assert!(stamboeknummer_usable);
                }
            }
            clean += usize::from(fast);
        }
        assert!(clean > 10_000, "{clean} of 40000 proved clean");
    }

    /// The student groups are walked on the promise that a record proved clean is one line:
    /// an LF in its bytes would end it early.
    #[test]
    fn no_record_with_an_lf_in_its_bytes_is_proved_clean() {
        let reference = Reference::sample();
        for rt in RecordType::GROUP {
            let records = generated(rt);
            let proved = |h: &HeaderView, r: &[u8]| {
                let Some(c) = Context::new(h) else {
                    return false;
                };
                match rt {
                    RecordType::Identificatie => identificatie(r, &c, &reference).is_some(),
                    RecordType::Student => student(r, &c, &reference),
                    _ => inschrijving(r, &c, &reference).is_some(),
                }
            };
            // Many records, so that optional fields are both absent and present.
            let clean: Vec<_> = records.iter().filter(|(h, r)| proved(h, r)).collect();
            assert!(clean.len() > 100, "{rt:?}: {} clean records", clean.len());
            for (h, clean) in clean {
                // Bytes 1 to 12 are compared with the record type and sequence number
                // expected.
                for at in 12..RECORD_LEN {
                    let mut r = clean.clone();
                    r[at] = b'\n';
                    assert!(!proved(h, &r), "{rt:?} {at}");
                }
            }
        }
    }

    /// België's landcode is recognised as written: with it and with codes next to it in
    /// either landcode of a 0134, and either kind of postcode, the fast path proves clean
    /// only what the plain checks find nothing in, and proves records of both kinds.
    #[test]
    fn a_0134_with_belgie_or_another_landcode_agrees_with_the_plain_checks() {
        const RT: RecordType = RecordType::Identificatie;
        let reference = Reference::sample();
        let lands: [&[u8]; 7] = [
            b"00150", b"00111", b"00151", b"00140", b"01500", b"10150", b"99999",
        ];
        let (mut belgie, mut abroad) = (0, 0);
        for (h, rec) in generated(RT).iter().take(40) {
            let ctx = Context::new(h);
            for (nationaliteit, domicilie, postcode) in lands.iter().flat_map(|&n| {
                lands
                    .iter()
                    .flat_map(move |&d| [b"9999", b"1000"].into_iter().map(move |p| (n, d, p)))
            }) {
                let mut r = rec.clone();
                for (nr, value) in [(12, nationaliteit), (13, postcode), (14, domicilie)] {
                    let f = &RT.fields()[nr - 1];
                    r[f.offset..f.offset + f.len].copy_from_slice(value);
                }
                let Some(fast) = ctx.and_then(|c| identificatie(&r, &c, &reference)) else {
                    continue;
                };
                let mut states = FieldStates::default();
                let mut f = Fields::begin(&r, RT, false, &mut states);
                let v = record::identificatie(&mut f, &reference, h);
                assert_eq!(states.found, vec![], "{}", String::from_utf8_lossy(&r));
                assert_eq!(v, own_view(&r, fast));
                match domicilie {
                    b"00150" => belgie += 1,
                    _ => abroad += 1,
                }
            }
        }
        assert!(
            belgie > 10 && abroad > 10,
            "{belgie} in België, {abroad} abroad"
        );
    }

    #[test]
    fn a_0134_proved_clean_has_no_finding_in_the_plain_checks() {
        let reference = Reference::sample();
        let mut clean = 0;
        for (h, r) in mutated(RecordType::Identificatie, 40_000) {
            let fast = Context::new(&h).and_then(|c| identificatie(&r, &c, &reference));
            for voorlopig in [false, true] {
                let mut states = FieldStates::default();
                let mut f = Fields::begin(&r, RecordType::Identificatie, voorlopig, &mut states);
                let v = record::identificatie(&mut f, &reference, &h);
                if let Some(fast) = fast {
                    assert_eq!(states.found, vec![], "{}", String::from_utf8_lossy(&r));
                    assert_eq!(v, own_view(&r, fast));
                }
            }
            clean += usize::from(fast.is_some());
        }
        assert!(clean > 10_000, "{clean} of 40000 proved clean");
    }
}
