//! The catalogue of injected errors and how each one edits the lines.
//!
//! Every mutation is a named entry of [`CATALOGUE`] with the codes it provokes;
//! a test checks that together they cover every code of section 8. A mutation
//! edits the lines of one scope (the zending-header, a bericht-header, a
//! berichteinde or one student group) and declares on the edited lines the
//! field-level findings the spec requires. The structural consequences
//! (sequence numbers, counters, grammar) are left to the truth tracker, which
//! sees the lines as written.
//!
//! The mutations are chosen so their effect is certain: at most one per group,
//! never on a shared student (whose records balance the run-wide 4930001
//! check), and never one that reads a bericht-header field another mutation of
//! the same bericht made unusable.

use crate::calendar;
use crate::model::{GroupFacts, Lookups};
use crate::record::{Line, Lines};
use crate::reference::Soort;
use crate::rng::Rng;

/// The records a mutation edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    ZendingHeader,
    BerichtHeader,
    Berichteinde,
    Group,
}

/// One named mutation.
#[derive(Debug)]
pub struct Mutation {
    pub name: &'static str,
    pub scope: Scope,
    /// The codes the mutation provokes (its own and the knock-on ones it is meant to show).
    pub codes: &'static [u32],
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    ZendingHeaderMissing,
    AantalBerichtenWrong,
    ReferentienummerReused,
    CodepageUnknown,
    TestcodeUnknown,
    AfzenderUnknown,
    AanmaakdatumInvalid,
    AanmaaktijdInvalid,
    ZendingHeaderFiller,
    HoofdstructuurUnknown,
    TellingsdatumWrong,
    BerichtHeaderFiller,
    BerichteindeMissing,
    BerichteindeTwice,
    BerichteindeVolgnummerSkipped,
    EmptyLineAfterBerichteinde,
    GroupAfterBerichteinde,
    ControletotaalWrong,
    BerichteindeInstelling,
    BerichteindeFiller,
    RecordTypeUnknown,
    RecordLengthWrong,
    VersienummerWrong,
    VolgnummerSyntax,
    VolgnummerSkipped,
    LinesSwapped,
    OnlyIdentificatie,
    StudenteninformatieMissing,
    WithoutInschrijving,
    StamboeknummerDuplicate,
    IdentificatienummerDuplicate,
    InschrijvingDuplicate,
    DoubleInschrijvingAg,
    DoubleInschrijvingTwice,
    FirstInschrijvingElsewhere,
    FieldAbsent,
    NotNumeric,
    DateInvalid,
    ByteInvalid,
    FillerNotBlank,
    AgNotOrganised,
    VestigingUnknown,
    ValueInvalid,
    StudiepuntenTooFew,
    HeaderMismatch,
    StamnummerMismatch,
    InstellingUnknown,
    InstellingUnknownWarning,
    StudiepuntenSum,
    RrnCheckDigits,
    RrnBirthDate,
    RrnSex,
    DiplomajaarOutOfRange,
    DiplomajaarUnknownAlone,
    InschrijvingAfterTelling,
}

macro_rules! catalogue {
    ($($kind:ident, $name:literal, $scope:ident, [$($code:literal),*];)*) => {
        /// Every mutation the generator can inject.
        pub const CATALOGUE: &[Mutation] = &[
            $(Mutation { name: $name, scope: Scope::$scope, codes: &[$($code),*], kind: Kind::$kind },)*
        ];
    };
}

catalogue! {
    ZendingHeaderMissing, "zending-header-missing", ZendingHeader, [3900003, 3110011];
    AantalBerichtenWrong, "aantal-berichten-wrong", ZendingHeader, [3900011];
    ReferentienummerReused, "referentienummer-reused", ZendingHeader, [3900010];
    CodepageUnknown, "codepage-unknown", ZendingHeader, [4410130];
    TestcodeUnknown, "testcode-unknown", ZendingHeader, [4410130];
    AfzenderUnknown, "afzender-unknown", ZendingHeader, [4420232];
    AanmaakdatumInvalid, "aanmaakdatum-invalid", ZendingHeader, [4900002];
    AanmaaktijdInvalid, "aanmaaktijd-invalid", ZendingHeader, [4410130];
    ZendingHeaderFiller, "zending-header-filler", ZendingHeader, [4900004];
    HoofdstructuurUnknown, "hoofdstructuur-unknown", BerichtHeader, [4410130];
    TellingsdatumWrong, "tellingsdatum-wrong", BerichtHeader, [4410130];
    BerichtHeaderFiller, "bericht-header-filler", BerichtHeader, [4900004];
    BerichteindeMissing, "berichteinde-missing", Berichteinde, [3900002];
    BerichteindeTwice, "berichteinde-twice", Berichteinde, [3110003];
    BerichteindeVolgnummerSkipped, "berichteinde-volgnummer-skipped", Berichteinde, [3110011];
    EmptyLineAfterBerichteinde, "empty-line-after-berichteinde", Berichteinde, [3900001, 3110011];
    GroupAfterBerichteinde, "group-after-berichteinde", Berichteinde, [3110003];
    ControletotaalWrong, "controletotaal-wrong", Berichteinde, [3900012];
    BerichteindeInstelling, "berichteinde-instelling", Berichteinde, [4410152];
    BerichteindeFiller, "berichteinde-filler", Berichteinde, [4900004];
    RecordTypeUnknown, "record-type-unknown", Group, [3110001, 3900012];
    RecordLengthWrong, "record-length-wrong", Group, [3900001, 3900012];
    VersienummerWrong, "versienummer-wrong", Group, [3110019];
    VolgnummerSyntax, "volgnummer-syntax", Group, [3210001];
    VolgnummerSkipped, "volgnummer-skipped", Group, [3110011];
    LinesSwapped, "lines-swapped", Group, [3110011, 3110020];
    OnlyIdentificatie, "only-identificatie", Group, [3900005];
    StudenteninformatieMissing, "studenteninformatie-missing", Group, [3900005, 3110003];
    WithoutInschrijving, "without-inschrijving", Group, [3900006];
    StamboeknummerDuplicate, "stamboeknummer-duplicate", Group, [4410114];
    IdentificatienummerDuplicate, "identificatienummer-duplicate", Group, [4910020];
    InschrijvingDuplicate, "inschrijving-duplicate", Group, [4910001];
    DoubleInschrijvingAg, "double-inschrijving-ag", Group, [4420271];
    DoubleInschrijvingTwice, "double-inschrijving-twice", Group, [4420271, 4910001];
    FirstInschrijvingElsewhere, "first-inschrijving-elsewhere", Group, [4930001];
    FieldAbsent, "field-absent", Group, [4020006];
    NotNumeric, "not-numeric", Group, [4900001];
    DateInvalid, "date-invalid", Group, [4900002];
    ByteInvalid, "byte-invalid", Group, [4900003];
    FillerNotBlank, "filler-not-blank", Group, [4900004];
    AgNotOrganised, "ag-not-organised", Group, [4410112, 4020006];
    VestigingUnknown, "vestiging-unknown", Group, [4410113];
    ValueInvalid, "value-invalid", Group, [4410130];
    StudiepuntenTooFew, "studiepunten-too-few", Group, [4410132];
    HeaderMismatch, "header-mismatch", Group, [4410152];
    StamnummerMismatch, "stamnummer-mismatch", Group, [4430383];
    InstellingUnknown, "instelling-unknown", Group, [4420232];
    InstellingUnknownWarning, "instelling-unknown-warning", Group, [4420240];
    StudiepuntenSum, "studiepunten-sum", Group, [4910002];
    RrnCheckDigits, "rrn-check-digits", Group, [4910010];
    RrnBirthDate, "rrn-birth-date", Group, [4910011];
    RrnSex, "rrn-sex", Group, [4910012];
    DiplomajaarOutOfRange, "diplomajaar-out-of-range", Group, [4430330];
    DiplomajaarUnknownAlone, "diplomajaar-unknown-alone", Group, [4020006];
    InschrijvingAfterTelling, "inschrijving-after-telling", Group, [4430384];
}

/// A change to the sequence numbers, made after the lines were numbered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renumber {
    None,
    /// Bytes 7-12 of this line become no number.
    Syntax(usize),
    /// The sender skipped a number before this line.
    Skip(usize),
    /// These two lines trade places after numbering.
    Swap(usize),
}

/// What a mutation did to the lines beyond their bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Not applicable here: nothing was changed.
    NotApplied,
    Applied(Renumber),
    /// The scope's only line must not be written (a missing header or berichteinde).
    Drop,
    /// The scope's only line is written twice.
    Twice,
    /// An empty line follows the scope's only line (the sender did not number it).
    EmptyLineAfter,
    /// A student group of the bericht follows its berichteinde again.
    GroupAfter,
}

/// Header fields of a bericht that a mutation made unusable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spoiled {
    pub hoofdstructuur: bool,
    pub tellingsdatum: bool,
}

/// What the zending-header mutations need to know.
#[derive(Clone, Copy, Debug)]
pub struct ZendingCtx<'a> {
    pub first_in_file: bool,
    pub test: bool,
    /// The referentienummer of the afzender's first zending, when this one is not it.
    pub earlier_referentie: Option<&'a [u8; 20]>,
}

/// What the group and bericht mutations need to know.
#[derive(Clone, Copy, Debug)]
pub struct BerichtCtx<'a> {
    pub lookups: &'a Lookups,
    pub instelling: [u8; 6],
    pub hs: u16,
    pub aj: i32,
    pub telling: i32,
    pub in_10620: bool,
    pub vestigingen: &'a [[u8; 3]],
    pub spoiled: Spoiled,
    /// 0134-07, 0134-10 and 0134-11 of an earlier clean, non-guest student of the bericht.
    pub source: Option<&'a Source>,
}

/// The identity fields of a student another one can copy (4910020).
#[derive(Clone, Copy, Debug)]
pub struct Source {
    pub id: [u8; 11],
    pub birth: [u8; 10],
    pub sex: u8,
}

impl Mutation {
    /// Tries the mutation on a zending-header line.
    pub fn apply_zending(&self, rng: &mut Rng, l: &mut Line, ctx: &ZendingCtx) -> Effect {
        let done = Effect::Applied(Renumber::None);
        match self.kind {
            Kind::ZendingHeaderMissing if ctx.first_in_file => return Effect::Drop,
            Kind::AantalBerichtenWrong => {
                let n = num(l.get_id("0001-10")) + 1;
                set_num(l, "0001-10", n);
            }
            Kind::ReferentienummerReused if !ctx.test => match ctx.earlier_referentie {
                Some(r) => l.set_id("0001-06", r),
                None => return Effect::NotApplied,
            },
            Kind::CodepageUnknown => declare(l, "0001-04", b"437", 4410130),
            Kind::TestcodeUnknown if !ctx.test => declare(l, "0001-09", b"X", 4410130),
            Kind::AfzenderUnknown => declare(l, "0001-05", b"000001", 4420232),
            Kind::AanmaakdatumInvalid => {
                mix_separators(l, "0001-07");
                l.declare(Some("0001-07"), 4900002);
            }
            Kind::AanmaaktijdInvalid => declare(l, "0001-08", b"246000", 4410130),
            Kind::ZendingHeaderFiller => filler(rng, l, "0001-11"),
            _ => return Effect::NotApplied,
        }
        done
    }

    /// Tries the mutation on a bericht-header line; notes what it makes unusable.
    pub fn apply_bericht_header(
        &self,
        l: &mut Line,
        b: &BerichtCtx,
        spoiled: &mut Spoiled,
    ) -> Effect {
        match self.kind {
            Kind::HoofdstructuurUnknown => {
                declare(l, "0002-05", b"412", 4410130);
                spoiled.hoofdstructuur = true;
            }
            Kind::TellingsdatumWrong => {
                // One day past the last valid date (10620) or past the fixed date.
                let day = l.get_id("0002-08");
                let sep = day[2];
                let wrong = if b.in_10620 {
                    calendar::days(b.aj + 1, 10, 1)
                } else {
                    b.telling + 1
                };
                let mut tmp = [b' '; 10];
                write_date(&mut tmp, wrong, sep);
                declare(l, "0002-08", &tmp, 4410130);
                spoiled.tellingsdatum = true;
            }
            Kind::BerichtHeaderFiller => filler_plain(l, "0002-09", 17),
            _ => return Effect::NotApplied,
        }
        Effect::Applied(Renumber::None)
    }

    /// Tries the mutation on a berichteinde line.
    pub fn apply_berichteinde(&self, rng: &mut Rng, l: &mut Line, b: &BerichtCtx) -> Effect {
        match self.kind {
            Kind::BerichteindeMissing => return Effect::Drop,
            Kind::BerichteindeTwice => return Effect::Twice,
            Kind::BerichteindeVolgnummerSkipped => return Effect::Applied(Renumber::Skip(0)),
            Kind::EmptyLineAfterBerichteinde => return Effect::EmptyLineAfter,
            Kind::GroupAfterBerichteinde => return Effect::GroupAfter,
            Kind::ControletotaalWrong => {
                let id = *rng.pick(&["0003-05", "0003-06", "0003-07"]);
                let n = num(l.get_id(id)) + 1;
                set_num(l, id, n);
            }
            Kind::BerichteindeInstelling => {
                let other = other_instelling(b.lookups, &b.instelling);
                declare(l, "0003-04", &other, 4410152);
            }
            Kind::BerichteindeFiller => filler(rng, l, "0003-08"),
            _ => return Effect::NotApplied,
        }
        Effect::Applied(Renumber::None)
    }

    /// Tries the mutation on a student group (`lines`: its 0134, 0135 and 0136s).
    pub fn apply_group(
        &self,
        rng: &mut Rng,
        lines: &mut Lines,
        facts: &GroupFacts,
        b: &BerichtCtx,
    ) -> Effect {
        if facts.shared || lines.len() < 2 {
            return Effect::NotApplied;
        }
        let n136 = lines.len() - 2;
        let done = Effect::Applied(Renumber::None);
        let lk = b.lookups;
        let has_id = lines.as_slice()[0].get_id("0134-07")[0] != b' ';
        match self.kind {
            Kind::RecordTypeUnknown | Kind::RecordLengthWrong | Kind::VersienummerWrong
                if n136 >= 1 =>
            {
                let i = 2 + rng.below(n136 as u64) as usize;
                let l = &mut lines.as_mut_slice()[i];
                match self.kind {
                    Kind::RecordTypeUnknown => l.buf[0..4].copy_from_slice(b"0137"),
                    Kind::RecordLengthWrong if rng.chance(0.5) => {
                        l.buf.pop();
                    }
                    Kind::RecordLengthWrong => l.buf.push(b' '),
                    _ => l.buf[4..6].copy_from_slice(b"04"),
                }
            }
            Kind::VolgnummerSyntax => {
                let i = rng.below(lines.len() as u64) as usize;
                return Effect::Applied(Renumber::Syntax(i));
            }
            Kind::VolgnummerSkipped => {
                let i = rng.below(lines.len() as u64) as usize;
                return Effect::Applied(Renumber::Skip(i));
            }
            Kind::LinesSwapped if n136 >= 2 => return Effect::Applied(Renumber::Swap(2)),
            Kind::OnlyIdentificatie => lines.truncate(1),
            Kind::StudenteninformatieMissing if n136 >= 1 => lines.remove(1),
            Kind::WithoutInschrijving if n136 >= 1 && !b.in_10620 => lines.truncate(2),
            Kind::StamboeknummerDuplicate => {
                let n = lines.len();
                for i in 0..n {
                    lines.insert_copy(n + i, i);
                }
                lines.as_mut_slice()[n + 1].declare(Some("0135-06"), 4410114);
            }
            Kind::IdentificatienummerDuplicate => {
                let Some(src) = b.source else {
                    return Effect::NotApplied;
                };
                let l = &mut lines.as_mut_slice()[0];
                if l.get_id("0134-07") == src.id {
                    return Effect::NotApplied;
                }
                l.set_id("0134-07", &src.id);
                l.set_id("0134-10", &src.birth);
                l.set_id("0134-11", &[src.sex]);
                l.declare(Some("0134-07"), 4910020);
            }
            Kind::InschrijvingDuplicate if n136 >= 1 => {
                let i = 2 + rng.below(n136 as u64) as usize;
                lines.insert_copy(i + 1, i);
                lines.as_mut_slice()[i + 1].declare(None, 4910001);
            }
            Kind::DoubleInschrijvingAg | Kind::DoubleInschrijvingTwice
                if n136 >= 2 && distinct_ags(lines) =>
            {
                let first = lines.as_slice()[2].clone();
                let ls = lines.as_mut_slice();
                ls[3].copy_from(&first);
                let start = ls[3].get_id("0136-16");
                let sep = start[2];
                let day = calendar::parse(start).expect("generated date") - 1;
                write_date(&mut ls[3].buf[59..69], day, sep);
                ls[2].set_id("0136-17", b"00.00.0000");
                ls[3].set_id("0136-17", b"00/00/0000");
                ls[3].declare(Some("0136-07"), 4420271);
                if self.kind == Kind::DoubleInschrijvingTwice {
                    // The copy has the key of the second record and the AG of the first:
                    // one record with both findings.
                    lines.insert_copy(4, 3);
                    lines.as_mut_slice()[4].declare(None, 4910001);
                }
            }
            Kind::FirstInschrijvingElsewhere if facts.guest_from_elsewhere && n136 >= 1 => {
                for l in &mut lines.as_mut_slice()[2..] {
                    declare(l, "0136-13", b"1", 4930001);
                }
            }
            Kind::FieldAbsent => {
                const CANDIDATES: &[&str] = &[
                    "0134-06", "0135-06", "0136-06", "0134-08", "0134-09", "0134-11", "0134-12",
                    "0134-13", "0135-05", "0135-07", "0135-14", "0135-15", "0136-10", "0136-13",
                    "0136-15", "0136-17", "0136-19", "0136-21", "0136-23", "0136-28", "0136-30",
                    "0136-31",
                ];
                let id = *rng.pick(CANDIDATES);
                if b.in_10620 && crate::layout::field(id).pres_10620 != b'V' {
                    return Effect::NotApplied;
                }
                let Some(l) = pick_record(rng, lines, id) else {
                    return Effect::NotApplied;
                };
                l.blank_id(id);
                l.declare(Some(id), 4020006);
            }
            Kind::NotNumeric => {
                let id = *rng.pick(&[
                    "0134-13", "0135-07", "0135-14", "0135-17", "0136-10", "0136-15", "0136-24",
                    "0136-26",
                ]);
                let Some(l) = pick_record(rng, lines, id) else {
                    return Effect::NotApplied;
                };
                let r = crate::layout::field(id).range();
                if l.buf[r.start] == b' ' {
                    return Effect::NotApplied;
                }
                // A leading blank in a number is also no number ("N fields with leading blanks").
                l.buf[r.start] = if id == "0136-26" { b' ' } else { b'A' };
                l.declare(Some(id), 4900001);
            }
            Kind::DateInvalid => {
                let id = *rng.pick(&["0134-10", "0136-16", "0136-17"]);
                let Some(l) = pick_record(rng, lines, id) else {
                    return Effect::NotApplied;
                };
                if id == "0134-10" {
                    let r = crate::layout::field(id).range();
                    l.buf[r.start..r.start + 2].copy_from_slice(b"30");
                    l.buf[r.start + 3..r.start + 5].copy_from_slice(b"02");
                } else {
                    mix_separators(l, id);
                }
                l.declare(Some(id), 4900002);
            }
            Kind::ByteInvalid => {
                let id = *rng.pick(&["0134-08", "0134-09", "0134-11", "0136-30", "0136-31"]);
                let Some(l) = pick_record(rng, lines, id) else {
                    return Effect::NotApplied;
                };
                let r = crate::layout::field(id).range();
                l.buf[r.start] = if rng.chance(0.5) { 0xFF } else { 0x7F };
                l.declare(Some(id), 4900003);
            }
            Kind::FillerNotBlank => {
                let id = *rng.pick(&["0134-15", "0135-20", "0136-32"]);
                let Some(l) = pick_record(rng, lines, id) else {
                    return Effect::NotApplied;
                };
                filler(rng, l, id);
            }
            Kind::AgNotOrganised => return ag_not_organised(rng, lines, b),
            Kind::VestigingUnknown if n136 >= 1 => {
                let code = (1..=99u8)
                    .rev()
                    .map(|v| [b'0', b'0' + v / 10, b'0' + v % 10])
                    .find(|c| !b.vestigingen.contains(c))
                    .expect("a free vestiging code");
                let i = 2 + rng.below(n136 as u64) as usize;
                declare(&mut lines.as_mut_slice()[i], "0136-09", &code, 4410113);
            }
            Kind::ValueInvalid => return value_invalid(rng, lines, b, has_id),
            Kind::StudiepuntenTooFew if n136 >= 1 => {
                let i = 2 + rng.below(n136 as u64) as usize;
                let l = &mut lines.as_mut_slice()[i];
                let earned = num(l.get_id("0136-28")).min(2);
                set_num(l, "0136-18", 2);
                set_num(l, "0136-26", 2);
                set_num(l, "0136-27", 0);
                set_num(l, "0136-28", earned);
                l.declare(Some("0136-18"), 4410132);
            }
            Kind::HeaderMismatch => {
                let id = *rng.pick(&[
                    "0134-04", "0135-04", "0136-04", "0134-05", "0135-05", "0136-05", "0136-08",
                ]);
                if id.ends_with("-05") && b.spoiled.hoofdstructuur {
                    return Effect::NotApplied;
                }
                let other_inst = other_instelling(lk, &b.instelling);
                let other_hs: &[u8] = if b.hs == 411 { b"511" } else { b"411" };
                let last_year = (b.aj - 1).to_string();
                let value: &[u8] = match id {
                    "0136-08" => last_year.as_bytes(),
                    _ if id.ends_with("-04") => &other_inst,
                    _ => other_hs,
                };
                let Some(l) = pick_record(rng, lines, id) else {
                    return Effect::NotApplied;
                };
                declare(l, id, value, 4410152);
            }
            Kind::StamnummerMismatch => {
                let id = if n136 >= 1 && rng.chance(0.5) {
                    "0136-06"
                } else {
                    "0135-06"
                };
                let Some(l) = pick_record(rng, lines, id) else {
                    return Effect::NotApplied;
                };
                // A leading 9 keeps the number unique in the bericht (ours begin with 0).
                l.buf[crate::layout::field(id).start - 1] = b'9';
                l.declare(Some(id), 4430383);
            }
            Kind::InstellingUnknown | Kind::InstellingUnknownWarning => {
                let (id, code) = if self.kind == Kind::InstellingUnknownWarning {
                    ("0135-13", 4420240)
                } else if rng.chance(0.5) {
                    ("0135-17", 4420232)
                } else {
                    ("0135-10", 4420232)
                };
                let l = &mut lines.as_mut_slice()[1];
                if l.get_id(id)[0] == b' ' {
                    return Effect::NotApplied;
                }
                declare(l, id, b"000001", code);
            }
            Kind::StudiepuntenSum if n136 >= 1 => {
                let i = 2 + rng.below(n136 as u64) as usize;
                let l = &mut lines.as_mut_slice()[i];
                // The sum rule needs all three fields present.
                if [
                    l.get_id("0136-18"),
                    l.get_id("0136-26"),
                    l.get_id("0136-27"),
                ]
                .iter()
                .any(|f| f[0] == b' ')
                {
                    return Effect::NotApplied;
                }
                let sum = num(l.get_id("0136-26")) + num(l.get_id("0136-27"));
                set_num(l, "0136-18", sum + 1);
                l.declare(Some("0136-18"), 4910002);
            }
            Kind::RrnCheckDigits if has_id => {
                let l = &mut lines.as_mut_slice()[0];
                let r = crate::layout::field("0134-07").range();
                let cc = (num(&l.buf[r.end - 2..r.end]) + 1) % 100;
                l.num(r.end - 1, 2, cc);
                l.declare(Some("0134-07"), 4910010);
            }
            Kind::RrnBirthDate if has_id => {
                let l = &mut lines.as_mut_slice()[0];
                let birth = l.get_id("0134-10");
                let sep = birth[2];
                let day = calendar::parse(birth).expect("generated date");
                // Ten days, away from 01.01.2000 so the check-digit form stays right.
                let moved = if day >= calendar::days(2000, 1, 1) {
                    day + 10
                } else {
                    day - 10
                };
                write_date(&mut l.buf[97..107], moved, sep);
                l.declare(Some("0134-07"), 4910011);
            }
            Kind::RrnSex if has_id => {
                let l = &mut lines.as_mut_slice()[0];
                let month = num(&l.get_id("0134-07")[2..4]);
                if (20..=32).contains(&month) {
                    return Effect::NotApplied;
                }
                l.buf[107] = if l.buf[107] == b'M' { b'V' } else { b'M' };
                l.declare(Some("0134-07"), 4910012);
            }
            Kind::DiplomajaarOutOfRange => {
                let l = &mut lines.as_mut_slice()[1];
                if l.get_id("0135-12")[0] == b' ' {
                    return Effect::NotApplied;
                }
                set_num(l, "0135-12", (b.aj + 1) as u64);
                l.declare(Some("0135-12"), 4430330);
            }
            Kind::DiplomajaarUnknownAlone if !b.in_10620 => {
                // 0135-09 9999 passes with 0135-08 absent, which 9999 > 1995 then requires.
                let l = &mut lines.as_mut_slice()[1];
                if l.get_id("0135-10")[0] == b' ' {
                    return Effect::NotApplied;
                }
                l.blank_id("0135-08");
                l.blank_id("0135-18");
                l.set_id("0135-09", b"9999");
                l.declare(Some("0135-08"), 4020006);
            }
            Kind::InschrijvingAfterTelling if n136 >= 1 && !b.spoiled.tellingsdatum => {
                let i = 2 + rng.below(n136 as u64) as usize;
                let l = &mut lines.as_mut_slice()[i];
                let sep = l.get_id("0136-16")[2];
                write_date(&mut l.buf[59..69], b.telling + 3, sep);
                l.declare(Some("0136-16"), 4430384);
            }
            _ => return Effect::NotApplied,
        }
        done
    }
}

/// 4410112 on 0136-07, 0135-16 or 0135-08.
fn ag_not_organised(rng: &mut Rng, lines: &mut Lines, b: &BerichtCtx) -> Effect {
    let lk = b.lookups;
    let n136 = lines.len() - 2;
    match rng.below(3) {
        0 if n136 >= 1 => {
            let i = 2 + rng.below(n136 as u64) as usize;
            let l = &mut lines.as_mut_slice()[i];
            let offered = &lk.aanbod[&b.instelling];
            let Some(ag) = sorted_ags(lk)
                .into_iter()
                .find(|a| lk.ags[a].hs == b.hs && !offered.contains(a))
            else {
                return Effect::NotApplied;
            };
            declare(l, "0136-07", &ag, 4410112);
            // A doctoraat may leave 0136-18 blank, but not once 0136-07 is unusable.
            if l.get_id("0136-18")[0] == b' ' {
                l.declare(Some("0136-18"), 4020006);
            }
        }
        1 => {
            let l = &mut lines.as_mut_slice()[1];
            let inst: [u8; 6] = l.get_id("0135-17").try_into().expect("6 bytes");
            let Some(offered) = lk.aanbod.get(&inst) else {
                return Effect::NotApplied;
            };
            if !lk.ags.contains_key(l.get_id("0135-16")) {
                return Effect::NotApplied;
            }
            let Some(ag) = sorted_ags(lk).into_iter().find(|a| !offered.contains(a)) else {
                return Effect::NotApplied;
            };
            declare(l, "0135-16", &ag, 4410112);
        }
        _ => {
            let l = &mut lines.as_mut_slice()[1];
            let school: [u8; 6] = l.get_id("0135-10").try_into().expect("6 bytes");
            let Some(offered) = lk.school_offer.get(&school) else {
                return Effect::NotApplied;
            };
            let Some(&(_, ag)) = lk.afstudeer_rows.iter().find(|(_, a)| !offered.contains(a))
            else {
                return Effect::NotApplied;
            };
            declare(l, "0135-08", &ag, 4410112);
        }
    }
    Effect::Applied(Renumber::None)
}

/// 4410130 on one of many fields, each with a value outside its list or range.
fn value_invalid(rng: &mut Rng, lines: &mut Lines, b: &BerichtCtx, has_id: bool) -> Effect {
    let lk = b.lookups;
    let n136 = lines.len() - 2;
    let variant = rng.below(21);
    if variant >= 8 && n136 == 0 {
        return Effect::NotApplied;
    }
    let i = 2 + rng.below(n136.max(1) as u64) as usize;
    let ls = lines.as_mut_slice();
    let ag = if variant >= 8 {
        lk.ags.get(ls[i].get_id("0136-07")).copied()
    } else {
        None
    };
    let (line, id, value): (usize, &str, Vec<u8>) = match variant {
        0 => (0, "0134-11", b"X".to_vec()),
        1 if has_id => {
            let mut id = ls[0].get_id("0134-07").to_vec();
            id[2..4].copy_from_slice(b"15");
            (0, "0134-07", id)
        }
        2 => {
            // Too young: the identificatienummer rules that read 0134-10 are then skipped.
            let mut birth = ls[0].get_id("0134-10").to_vec();
            birth[0..2].copy_from_slice(b"01");
            birth[6..10].copy_from_slice((b.aj - 5).to_string().as_bytes());
            (0, "0134-10", birth)
        }
        3 => (0, "0134-14", b"00999".to_vec()),
        4 => (1, "0135-07", b"07".to_vec()),
        5 if ls[1].get_id("0135-09") != b"9999" => {
            (1, "0135-09", (b.aj + 2).to_string().into_bytes())
        }
        6 => (1, "0135-14", (b.aj + 1).to_string().into_bytes()),
        7 => (1, "0135-07", b"00".to_vec()),
        8 => (i, "0136-10", b"04".to_vec()),
        9 => (i, "0136-21", b"11".to_vec()),
        10 => (i, "0136-22", b"7".to_vec()),
        11 => (i, "0136-14", b"4".to_vec()),
        12 => (i, "0136-19", b"06".to_vec()),
        13 if !b.spoiled.hoofdstructuur => {
            let v: &[u8] = if b.hs == 411 { b"51" } else { b"01" };
            (
                i,
                if rng.chance(0.5) {
                    "0136-11"
                } else {
                    "0136-12"
                },
                v.to_vec(),
            )
        }
        14 if ag.is_some_and(|a| a.bama) => (i, "0136-22", b"9".to_vec()),
        15 => match ag {
            Some(a) if a.soort == Soort::Creditcontract => (i, "0136-23", b"01".to_vec()),
            Some(_) => (i, "0136-23", b"02".to_vec()),
            None => return Effect::NotApplied,
        },
        16 if ls[i].get_id("0136-26")[0] != b' ' && ls[i].get_id("0136-27")[0] != b' ' => {
            let sum = num(ls[i].get_id("0136-26")) + num(ls[i].get_id("0136-27"));
            (i, "0136-28", three(sum + 1))
        }
        17 if num(ls[i].get_id("0136-28")) >= 1 => {
            (i, "0136-29", three(num(ls[i].get_id("0136-28")) - 1))
        }
        18 if ls[i].get_id("0136-30") == b"N" => (i, "0136-31", b"J".to_vec()),
        19 | 20 => {
            let start = ls[i].get_id("0136-16");
            let sep = start[2];
            let day = calendar::parse(start).expect("generated date");
            let mut tmp = [b' '; 10];
            if variant == 19 {
                // Uitgeschreven the day before the inschrijving.
                write_date(&mut tmp, day - 1, sep);
                (i, "0136-17", tmp.to_vec())
            } else {
                // An inschrijving in the year before the academiejaar.
                write_date(&mut tmp, calendar::days(b.aj - 1, 6, 1), sep);
                (i, "0136-16", tmp.to_vec())
            }
        }
        _ => return Effect::NotApplied,
    };
    declare(&mut ls[line], id, &value, 4410130);
    Effect::Applied(Renumber::None)
}

/// The AG codes of the reference set in a fixed order.
fn sorted_ags(lk: &Lookups) -> Vec<[u8; 6]> {
    let mut v: Vec<[u8; 6]> = lk.ags.keys().copied().collect();
    v.sort_unstable();
    v
}

fn distinct_ags(lines: &Lines) -> bool {
    let ls = &lines.as_slice()[2..];
    ls.iter().enumerate().all(|(i, a)| {
        ls[..i]
            .iter()
            .all(|b| a.get_id("0136-07") != b.get_id("0136-07"))
    })
}

/// Another instellingsnummer of the reference set.
fn other_instelling(lk: &Lookups, own: &[u8; 6]) -> [u8; 6] {
    *lk.instellingen
        .iter()
        .find(|i| *i != own)
        .expect("at least two instellingen")
}

/// The group's record that holds field `id` (a random 0136 for 0136 fields).
fn pick_record<'a>(rng: &mut Rng, lines: &'a mut Lines, id: &str) -> Option<&'a mut Line> {
    let ls = lines.as_mut_slice();
    let i = match &id[..4] {
        "0134" => 0,
        "0135" => 1,
        _ if ls.len() > 2 => 2 + rng.below((ls.len() - 2) as u64) as usize,
        _ => return None,
    };
    Some(&mut ls[i])
}

fn declare(l: &mut Line, id: &'static str, value: &[u8], code: u32) {
    l.set_id(id, value);
    l.declare(Some(id), code);
}

/// A non-blank byte somewhere in a filler field.
fn filler(rng: &mut Rng, l: &mut Line, id: &'static str) {
    let f = crate::layout::field(id);
    let at = rng.below(f.len as u64) as usize;
    filler_plain(l, id, at);
}

fn filler_plain(l: &mut Line, id: &'static str, at: usize) {
    let f = crate::layout::field(id);
    l.buf[f.start - 1 + at] = b'X';
    l.declare(Some(id), 4900004);
}

/// Gives a date field two separator kinds (`16.09/2024`).
fn mix_separators(l: &mut Line, id: &str) {
    let at = crate::layout::field(id).start - 1 + 5;
    l.buf[at] = if l.buf[at] == b'.' { b'/' } else { b'.' };
}

fn write_date(dst: &mut [u8], day: i32, sep: u8) {
    let (y, m, d) = calendar::civil(day);
    let text = format!("{d:02}{}{m:02}{}{y:04}", sep as char, sep as char);
    dst[..10].copy_from_slice(text.as_bytes());
}

fn num(b: &[u8]) -> u64 {
    b.iter()
        .filter(|c| c.is_ascii_digit())
        .fold(0, |acc, &c| acc * 10 + u64::from(c - b'0'))
}

fn set_num(l: &mut Line, id: &str, value: u64) {
    let f = crate::layout::field(id);
    l.num(f.start, f.len, value);
}

fn three(v: u64) -> Vec<u8> {
    format!("{v:03}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::CODES;
    use std::collections::BTreeSet;

    #[test]
    fn catalogue_covers_every_code_of_section_8() {
        let covered: BTreeSet<u32> = CATALOGUE
            .iter()
            .flat_map(|m| m.codes.iter().copied())
            .collect();
        let all: BTreeSet<u32> = CODES.iter().map(|c| c.0).collect();
        let missing: Vec<_> = all.difference(&covered).collect();
        assert!(missing.is_empty(), "codes without a mutation: {missing:?}");
        assert!(covered.is_subset(&all));
        assert_eq!(all.len(), 38);
    }

    #[test]
    fn mutation_names_are_unique() {
        let names: BTreeSet<&str> = CATALOGUE.iter().map(|m| m.name).collect();
        assert_eq!(names.len(), CATALOGUE.len());
    }
}
