//! Fixture builder for the integration tests: valid records and files against the sample
//! reference set (`Reference::sample()`), so that each test changes exactly one thing.
//!
//! Field positions are taken from the spec's layout tables (section 4) independently of
//! `dto::layout`; `field_positions_agree_with_the_library` checks both agree.
//!
//! Defaults: afzender 041801 (Associatie Hoogkerke, 411 and 511), bericht 10600 for AJ 2024
//! with tellingsdatum 01.02.2025, students born 14.05.1997 (M) with a valid
//! rijksregisternummer, one 0136 in AG 034101 (411) or 033802 (511).
#![allow(dead_code)]

use dto::reference::Reference;
use dto::run::{validate, Input, RunResult};
use std::sync::OnceLock;

/// One record: 210 bytes (tests may make it any length).
pub type Rec = Vec<u8>;

/// A finding as compared in the tests: (line, code, field, severity).
pub type F = (u64, u32, Option<String>, &'static str);

pub const FATAL: &str = "fatal";
pub const WARN: &str = "warning";

/// Field lengths per record type, in field order (spec section 4; fields are contiguous).
const LENS_0001: &[usize] = &[4, 2, 6, 3, 6, 20, 10, 6, 1, 4, 148];
const LENS_0002: &[usize] = &[4, 2, 6, 6, 3, 5, 4, 10, 170];
const LENS_0003: &[usize] = &[4, 2, 6, 6, 7, 7, 8, 170];
const LENS_0134: &[usize] = &[4, 2, 6, 6, 3, 15, 11, 30, 20, 10, 1, 5, 4, 5, 88];
const LENS_0135: &[usize] = &[
    4, 2, 6, 6, 3, 15, 2, 6, 4, 6, 6, 4, 6, 4, 4, 6, 6, 5, 5, 110,
];
const LENS_0136: &[usize] = &[
    4, 2, 6, 6, 3, 15, 6, 4, 3, 2, 2, 2, 1, 1, 2, 10, 10, 3, 2, 2, 2, 1, 2, 3, 3, 3, 3, 3, 3, 1, 1,
    99,
];

fn lens(record: &str) -> &'static [usize] {
    match record {
        "0001" => LENS_0001,
        "0002" => LENS_0002,
        "0003" => LENS_0003,
        "0134" => LENS_0134,
        "0135" => LENS_0135,
        "0136" => LENS_0136,
        _ => panic!("unknown record type {record}"),
    }
}

/// 0-based offset and length of a field given by its spec id (`"0136-07"`).
pub fn pos(id: &str) -> (usize, usize) {
    let (record, nr) = id.split_once('-').expect("field id like 0136-07");
    let nr: usize = nr.parse().expect("field number");
    let l = lens(record);
    assert!(nr >= 1 && nr <= l.len(), "no field {id}");
    (l[..nr - 1].iter().sum(), l[nr - 1])
}

/// Writes `value` into field `id` of `rec`, left-aligned and blank-padded (a value as long
/// as the field is written as is). Panics when the value is longer than the field.
pub fn set(rec: &mut [u8], id: &str, value: &str) {
    set_bytes(rec, id, value.as_bytes());
}

pub fn set_bytes(rec: &mut [u8], id: &str, value: &[u8]) {
    let (off, len) = pos(id);
    assert!(value.len() <= len, "{id}: {value:?} longer than {len}");
    rec[off..off + len].fill(b' ');
    rec[off..off + value.len()].copy_from_slice(value);
}

/// Blanks field `id` (makes it absent).
pub fn clear(rec: &mut [u8], id: &str) {
    set(rec, id, "");
}

/// The field's bytes as text.
pub fn get(rec: &[u8], id: &str) -> String {
    let (off, len) = pos(id);
    String::from_utf8_lossy(&rec[off..off + len]).into_owned()
}

/// Builder-style: a copy of `rec` with field `id` set to `value`.
pub fn with(mut rec: Rec, id: &str, value: &str) -> Rec {
    set(&mut rec, id, value);
    rec
}

fn blank(record: &str) -> Rec {
    let mut r = vec![b' '; 210];
    r[..4].copy_from_slice(record.as_bytes());
    r[4..6].copy_from_slice(b"05");
    r[6..12].copy_from_slice(b"000000");
    r
}

pub const AFZENDER: &str = "041801";

/// A valid zending-header: afzender 041801, codepage 850, testcode N, 1 bericht.
pub fn r0001() -> Rec {
    let mut r = blank("0001");
    set(&mut r, "0001-04", "850");
    set(&mut r, "0001-05", AFZENDER);
    set(&mut r, "0001-06", "DTO-TEST-0001");
    set(&mut r, "0001-07", "04.02.2025");
    set(&mut r, "0001-08", "101500");
    set(&mut r, "0001-09", "N");
    set(&mut r, "0001-10", "0001");
    r
}

/// A zending-header with its own referentienummer.
pub fn r0001_ref(referentienummer: &str) -> Rec {
    with(r0001(), "0001-06", referentienummer)
}

/// A valid bericht-header for 041801, hoofdstructuur 411, 10600, AJ 2024, 01.02.2025.
pub fn r0002() -> Rec {
    r0002_for("411", "10600")
}

/// A valid bericht-header of 041801 for `hoofdstructuur` and `gebeurtenis` (AJ 2024), with
/// a fitting tellingsdatum (10600: 01.02.2025, 10400: 30.09.2025, 10620: 15.11.2024).
pub fn r0002_for(hoofdstructuur: &str, gebeurtenis: &str) -> Rec {
    let mut r = blank("0002");
    set(&mut r, "0002-04", AFZENDER);
    set(&mut r, "0002-05", hoofdstructuur);
    set(&mut r, "0002-06", gebeurtenis);
    set(&mut r, "0002-07", "2024");
    let datum = match gebeurtenis {
        "10600" => "01.02.2025",
        "10400" => "30.09.2025",
        "10620" => "15.11.2024",
        _ => "01.02.2025",
    };
    set(&mut r, "0002-08", datum);
    r
}

/// The check digits of a rijksregisternummer (spec 6.1): 97 - (N mod 97).
pub fn check_digits(yymmddsss: &str, born_2000_or_later: bool) -> u64 {
    let mut n: u64 = yymmddsss.parse().expect("nine digits");
    if born_2000_or_later {
        n += 2_000_000_000;
    }
    97 - n % 97
}

/// A valid identificatienummer for the nine digits `YYMMDDSSS`.
pub fn rrn(yymmddsss: &str, born_2000_or_later: bool) -> String {
    assert_eq!(yymmddsss.len(), 9);
    format!(
        "{yymmddsss}{:02}",
        check_digits(yymmddsss, born_2000_or_later)
    )
}

/// The stamboeknummer of default student `n`.
pub fn stamboeknummer(n: u32) -> String {
    format!("{:015}", 180_100_000_000u64 + u64::from(n))
}

/// The identificatienummer of default student `n`: born 14.05.1997, male (odd SSS).
pub fn rrn_of(n: u32) -> String {
    rrn(&format!("970514{:03}", 2 * n + 1), false)
}

/// A valid 0134 of student `n` (411), Belgian domicile.
pub fn r0134(n: u32) -> Rec {
    r0134_hs(n, "411")
}

pub fn r0134_hs(n: u32, hoofdstructuur: &str) -> Rec {
    let mut r = blank("0134");
    set(&mut r, "0134-04", AFZENDER);
    set(&mut r, "0134-05", hoofdstructuur);
    set(&mut r, "0134-06", &stamboeknummer(n));
    set(&mut r, "0134-07", &rrn_of(n));
    set(&mut r, "0134-08", "Olieslagers");
    set(&mut r, "0134-09", "Fien");
    set(&mut r, "0134-10", "14.05.1997");
    set(&mut r, "0134-11", "M");
    set(&mut r, "0134-12", "00150");
    set(&mut r, "0134-13", "2000");
    set(&mut r, "0134-14", "00150");
    r
}

/// A valid 0135 of student `n` (411): secondary diploma 2015 (AG 301103 at school 120097),
/// first enrolment at a hogeschool 2024, never at a university.
pub fn r0135(n: u32) -> Rec {
    r0135_hs(n, "411")
}

pub fn r0135_hs(n: u32, hoofdstructuur: &str) -> Rec {
    let mut r = blank("0135");
    set(&mut r, "0135-04", AFZENDER);
    set(&mut r, "0135-05", hoofdstructuur);
    set(&mut r, "0135-06", &stamboeknummer(n));
    set(&mut r, "0135-07", "01");
    set(&mut r, "0135-08", "301103");
    set(&mut r, "0135-09", "2015");
    set(&mut r, "0135-10", "120097");
    set(&mut r, "0135-14", "2024");
    set(&mut r, "0135-15", "9999");
    r
}

/// A valid 0136 of student `n` (411): AG 034101 (bachelor, bama J), vestiging 001,
/// ingeschreven 16.09.2024, 60 studiepunten first time, 36 verworven, diplomacontract.
pub fn r0136(n: u32) -> Rec {
    r0136_hs(n, "411")
}

pub fn r0136_hs(n: u32, hoofdstructuur: &str) -> Rec {
    let mut r = blank("0136");
    set(&mut r, "0136-04", AFZENDER);
    set(&mut r, "0136-05", hoofdstructuur);
    set(&mut r, "0136-06", &stamboeknummer(n));
    set(
        &mut r,
        "0136-07",
        if hoofdstructuur == "511" {
            "033802"
        } else {
            "034101"
        },
    );
    set(&mut r, "0136-08", "2024");
    set(&mut r, "0136-09", "001");
    set(&mut r, "0136-10", "99");
    set(&mut r, "0136-11", "11");
    set(&mut r, "0136-12", "99");
    set(&mut r, "0136-13", "1");
    set(&mut r, "0136-14", "1");
    set(&mut r, "0136-15", "01");
    set(&mut r, "0136-16", "16.09.2024");
    set(&mut r, "0136-17", "00.00.0000");
    set(&mut r, "0136-18", "060");
    set(&mut r, "0136-19", "99");
    set(&mut r, "0136-20", "99");
    set(&mut r, "0136-21", "99");
    set(&mut r, "0136-22", "1");
    set(&mut r, "0136-23", "01");
    set(&mut r, "0136-24", "000");
    set(&mut r, "0136-25", "000");
    set(&mut r, "0136-26", "060");
    set(&mut r, "0136-27", "000");
    set(&mut r, "0136-28", "036");
    set(&mut r, "0136-29", "036");
    set(&mut r, "0136-30", "J");
    set(&mut r, "0136-31", "N");
    r
}

/// A valid student group of student `n` (411): 0134, 0135, 0136.
pub fn student(n: u32) -> Vec<Rec> {
    student_hs(n, "411")
}

pub fn student_hs(n: u32, hoofdstructuur: &str) -> Vec<Rec> {
    vec![
        r0134_hs(n, hoofdstructuur),
        r0135_hs(n, hoofdstructuur),
        r0136_hs(n, hoofdstructuur),
    ]
}

/// A 0003 for a bericht of `instelling` with the given counts.
pub fn r0003(instelling: &str, studenten: u32, inschrijvingen: u32, records: u32) -> Rec {
    let mut r = blank("0003");
    set(&mut r, "0003-04", instelling);
    set(&mut r, "0003-05", &format!("{studenten:07}"));
    set(&mut r, "0003-06", &format!("{inschrijvingen:07}"));
    set(&mut r, "0003-07", &format!("{records:08}"));
    r
}

/// A bericht: `header`, the groups, and a 0003 with the right counts (0135 and 0136 records
/// by bytes 1-4; every line, header and berichteinde included, for 0003-07).
pub fn bericht(header: Rec, groups: Vec<Vec<Rec>>) -> Vec<Rec> {
    let body: Vec<Rec> = groups.into_iter().flatten().collect();
    let count = |t: &[u8]| body.iter().filter(|r| r.len() >= 4 && &r[..4] == t).count() as u32;
    let end = r0003(
        &get(&header, "0002-04"),
        count(b"0135"),
        count(b"0136"),
        body.len() as u32 + 2,
    );
    let mut lines = vec![header];
    lines.extend(body);
    lines.push(end);
    lines
}

/// A zending: `header` with 0001-10 set to the number of berichten, then the berichten,
/// numbered from 000001.
pub fn zending(mut header: Rec, berichten: Vec<Vec<Rec>>) -> Vec<Rec> {
    set(&mut header, "0001-10", &format!("{:04}", berichten.len()));
    let mut lines = vec![header];
    lines.extend(berichten.into_iter().flatten());
    renumber(&mut lines);
    lines
}

/// The default zending: header r0001() and one bericht r0002() with `students` default
/// students 1..=students.
pub fn default_zending(students: u32) -> Vec<Rec> {
    zending(
        r0001(),
        vec![bericht(r0002(), (1..=students).map(student).collect())],
    )
}

/// Numbers bytes 7-12 of every line of at least 12 bytes: 000001 at every visible 0001
/// (210 bytes), then one more per line (short lines consume a number too).
pub fn renumber(lines: &mut [Rec]) {
    let mut n = 0u32;
    for l in lines.iter_mut() {
        if l.len() == 210 && &l[..4] == b"0001" {
            n = 1;
        } else {
            n += 1;
        }
        if l.len() >= 12 {
            l[6..12].copy_from_slice(format!("{n:06}").as_bytes());
        }
    }
}

/// The file of `lines`, each followed by LF.
pub fn join(lines: &[Rec]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines.len() * 211);
    for l in lines {
        out.extend_from_slice(l);
        out.push(b'\n');
    }
    out
}

/// The file of several zendingen one after another.
pub fn file(zendingen: &[Vec<Rec>]) -> Vec<u8> {
    join(&zendingen.concat())
}

pub fn reference() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(Reference::sample)
}

/// Validates `files` as one run.
pub fn run(files: &[Vec<u8>]) -> (Vec<Input>, RunResult) {
    let inputs: Vec<Input> = files
        .iter()
        .enumerate()
        .map(|(i, b)| Input::new(format!("f{}.txt", i + 1), b.clone()))
        .collect();
    let result = validate(&inputs, reference());
    (inputs, result)
}

/// The findings of one file, in the validator's output order.
pub fn findings(data: &[u8]) -> Vec<F> {
    findings_run(&[data.to_vec()]).remove(0)
}

/// The findings of each file of one run over `files`.
pub fn findings_run(files: &[Vec<u8>]) -> Vec<Vec<F>> {
    let (_, result) = run(files);
    result
        .findings
        .iter()
        .map(|f| {
            f.iter()
                .map(|x| {
                    (
                        x.at.line,
                        x.code.number(),
                        x.field.map(|id| id.to_string()),
                        x.severity.as_str(),
                    )
                })
                .collect()
        })
        .collect()
}

/// The findings of the default zending with `students` students after `edit` changed its
/// lines (no renumbering, no recount).
pub fn findings_after(students: u32, edit: impl FnOnce(&mut Vec<Rec>)) -> Vec<F> {
    let mut lines = default_zending(students);
    edit(&mut lines);
    findings(&join(&lines))
}

/// An expected finding; `field` "" is a null field.
pub fn x(line: u64, code: u32, field: &str, severity: &'static str) -> F {
    (
        line,
        code,
        (!field.is_empty()).then(|| field.to_string()),
        severity,
    )
}

/// An acceptance line as compared in the tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acc {
    pub zending: u32,
    pub bericht: u32,
    pub test: bool,
    pub status: &'static str,
    pub accepted: u32,
    pub rejected: u32,
}

pub fn acc(zending: u32, bericht: u32, status: &'static str, accepted: u32, rejected: u32) -> Acc {
    Acc {
        zending,
        bericht,
        test: false,
        status,
        accepted,
        rejected,
    }
}

/// The acceptance of every bericht of each file of one run.
pub fn acceptance_run(files: &[Vec<u8>]) -> Vec<Vec<Acc>> {
    let (inputs, result) = run(files);
    inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            result
                .acceptance(i, input.bytes())
                .map(|a| Acc {
                    zending: a.zending,
                    bericht: a.bericht,
                    test: a.test,
                    status: a.status.as_str(),
                    accepted: a.accepted_students,
                    rejected: a.rejected_students,
                })
                .collect()
        })
        .collect()
}

pub fn acceptance(data: &[u8]) -> Vec<Acc> {
    acceptance_run(&[data.to_vec()]).remove(0)
}

// ---------------------------------------------------------------------------------------
// Tests of the builder itself.

#[test]
fn field_positions_agree_with_the_library() {
    use dto::layout::{all_fields, field};
    for f in all_fields() {
        let id = f.id.to_string();
        assert_eq!(pos(&id), (f.offset, f.len), "{id}");
        assert_eq!(field(f.id).id, f.id);
    }
    for r in ["0001", "0002", "0003", "0134", "0135", "0136"] {
        assert_eq!(lens(r).iter().sum::<usize>(), 210, "{r}");
    }
}

#[test]
fn builder_numbers_records_and_fills_in_the_counts() {
    let lines = zending(
        r0001(),
        vec![
            bericht(r0002(), vec![student(1), student(2)]),
            bericht(r0002_for("511", "10600"), vec![]),
        ],
    );
    assert!(lines.iter().all(|l| l.len() == 210));
    let seqs: Vec<String> = lines.iter().map(|l| get(l, "0001-03")).collect();
    let want: Vec<String> = (1..=lines.len()).map(|i| format!("{i:06}")).collect();
    assert_eq!(seqs, want);
    assert_eq!(get(&lines[0], "0001-10"), "0002");
    assert_eq!(get(&lines[8], "0003-05"), "0000002");
    assert_eq!(get(&lines[8], "0003-06"), "0000002");
    assert_eq!(get(&lines[8], "0003-07"), "00000008");
    assert_eq!(get(&lines[10], "0003-07"), "00000002");
}

#[test]
fn clean_10600_file_has_no_finding() {
    let data = join(&default_zending(3));
    assert_eq!(findings(&data), vec![]);
    assert_eq!(acceptance(&data), vec![acc(1, 1, "accepted", 3, 0)]);
}

#[test]
fn clean_10400_file_has_no_finding() {
    let z = zending(
        r0001(),
        vec![bericht(
            r0002_for("411", "10400"),
            vec![student(1), student(2)],
        )],
    );
    let data = join(&z);
    assert_eq!(findings(&data), vec![]);
    assert_eq!(acceptance(&data), vec![acc(1, 1, "accepted", 2, 0)]);
}

#[test]
fn clean_10620_file_has_no_finding() {
    let z = zending(
        r0001(),
        vec![bericht(
            r0002_for("411", "10620"),
            vec![student(1), student(2)],
        )],
    );
    let data = join(&z);
    assert_eq!(findings(&data), vec![]);
    assert_eq!(acceptance(&data), vec![acc(1, 1, "accepted", 2, 0)]);
}

#[test]
fn clean_511_bericht_has_no_finding() {
    let z = zending(
        r0001(),
        vec![bericht(
            r0002_for("511", "10600"),
            vec![student_hs(1, "511"), student_hs(2, "511")],
        )],
    );
    let data = join(&z);
    assert_eq!(findings(&data), vec![]);
    assert_eq!(acceptance(&data), vec![acc(1, 1, "accepted", 2, 0)]);
}

#[test]
fn clean_zending_with_several_berichten_has_no_finding() {
    let z = zending(
        r0001(),
        vec![
            bericht(r0002(), vec![student(1)]),
            bericht(r0002_for("511", "10600"), vec![student_hs(2, "511")]),
            bericht(r0002_for("411", "10400"), vec![student(3)]),
            bericht(r0002_for("511", "10620"), vec![student_hs(4, "511")]),
        ],
    );
    assert_eq!(findings(&join(&z)), vec![]);
}

/// Moves a whole zending to another instelling: 0001-05 and every xxxx-04, and every 0136-07
/// to `ag` (an AG that instelling organises).
pub fn retarget(lines: &mut [Rec], instelling: &str, ag: &str) {
    for l in lines.iter_mut().filter(|l| l.len() == 210) {
        let t = l[..4].to_vec();
        match &t[..] {
            b"0001" => set(l, "0001-05", instelling),
            b"0002" | b"0003" | b"0134" | b"0135" => {
                let id = format!("{}-04", String::from_utf8_lossy(&t));
                set(l, &id, instelling);
            }
            b"0136" => {
                set(l, "0136-04", instelling);
                set(l, "0136-07", ag);
            }
            _ => {}
        }
    }
}
