//! Statistics (spec section 13): the three tables for the agency, counted from what a
//! studentendatabank holds (section 9).
//!
//! This module owns the counting rules of section 13 (dimensies, kenmerken, leeftijd,
//! studierendement), their `VL` sums, the order of the rows and the CSV text. It reads the
//! database through [`crate::load`] and its [`column`](fn@crate::load::column) names, and
//! never writes to it.
//!
//! Counts are kept per situatie (instelling, hoofdstructuur, academiejaar, gebeurtenis) and
//! added up, as the counts implement `AddAssign`: an instelling is the sum of its
//! hoofdstructuren, `VL` the sum of the instellingen of an academiejaar and gebeurtenis.

use crate::check::bytes::{date, is_digits, Date, DateValue};
use crate::layout::{FieldId, RecordType};
use crate::load::{column, Database, DatabaseError};
use crate::reference::Reference;
use rusqlite::{Connection, Row};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::ops::AddAssign;
use std::path::{Path, PathBuf};
use std::sync::atomic::{self, AtomicU64};

/// The three tables, their rows in the order of section 13.
#[derive(Debug)]
pub struct Statistics {
    inschrijvingen: Vec<Vec<String>>,
    studenten: Vec<Vec<String>>,
    studievoortgang: Vec<Vec<String>>,
}

const INSCHRIJVINGEN: [&str; 6] = [
    "academiejaar",
    "gebeurtenis",
    "instelling",
    "dimensie",
    "waarde",
    "inschrijvingen",
];
const STUDENTEN: [&str; 6] = [
    "academiejaar",
    "gebeurtenis",
    "instelling",
    "kenmerk",
    "waarde",
    "studenten",
];
const STUDIEVOORTGANG: [&str; 7] = [
    "academiejaar",
    "gebeurtenis",
    "instelling",
    "studiepunten_opgenomen",
    "studiepunten_verworven",
    "studierendement",
    "diplomas",
];

/// The column of `instelling` in every table; a table's count of persons is its last.
const INSTELLING: usize = 2;

/// The files of the three tables, in a directory of their own.
pub const FILES: [&str; 3] = ["inschrijvingen.csv", "studenten.csv", "studievoortgang.csv"];

/// The paths of the three tables in `dir`.
pub fn files_in(dir: &Path) -> [PathBuf; 3] {
    FILES.map(|f| dir.join(f))
}

/// The instelling of the rows that add up all instellingen.
const VLAANDEREN: &str = "VL";

/// The value of a dimensie or kenmerk that a stored value cannot give: an AG that the
/// reference tables do not hold, a geboortedatum or tellingsdatum that is no date. A
/// validated load holds neither; a database filled otherwise, or read with other reference
/// tables, may.
const ONBEKEND: &str = "onbekend";

/// Computes the statistics of everything `db` holds, with the AG soorten of `reference`.
pub fn compute(db: &Database, reference: &Reference) -> Result<Statistics, DatabaseError> {
    compute_counting(db, reference, &AtomicU64::new(0))
}

/// [`compute`], adding to `progress` every row it has counted (an inschrijving, a student).
pub fn compute_counting(
    db: &Database,
    reference: &Reference,
    progress: &AtomicU64,
) -> Result<Statistics, DatabaseError> {
    let counts = count(db.connection(), reference, progress).map_err(|e| DatabaseError {
        path: db.path().to_path_buf(),
        message: e.to_string(),
    })?;
    Ok(Statistics::of(counts))
}

impl Statistics {
    /// The CSV text of each table (header row + rows, LF after every row).
    pub fn inschrijvingen_csv(&self) -> String {
        csv(&INSCHRIJVINGEN, &self.inschrijvingen)
    }

    pub fn studenten_csv(&self) -> String {
        csv(&STUDENTEN, &self.studenten)
    }

    pub fn studievoortgang_csv(&self) -> String {
        csv(&STUDIEVOORTGANG, &self.studievoortgang)
    }

    /// The databundel of `instelling` (section 13): its own rows only, and every count from
    /// 1 to 4 shown as `<5`, so that no student can be told from the counts. The counts are
    /// those of inschrijvingen, studenten and diplomas; the sums of studiepunten are no
    /// counts of persons and stay as they are.
    pub fn databundel(&self, instelling: &str) -> Statistics {
        let of = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
            rows.iter()
                .filter(|row| row[INSTELLING] == instelling)
                .map(|row| {
                    let mut row = row.clone();
                    let count = row.last_mut().expect("a count");
                    if matches!(count.as_str(), "1" | "2" | "3" | "4") {
                        *count = "<5".into();
                    }
                    row
                })
                .collect()
        };
        Statistics {
            inschrijvingen: of(&self.inschrijvingen),
            studenten: of(&self.studenten),
            studievoortgang: of(&self.studievoortgang),
        }
    }

    /// [`Self::databundel`] of `instelling`, and a note when it has no row: nothing to count
    /// gives the header rows only (section 13). A number that is no instelling of
    /// `reference` and has no row is refused as a mistake: the reason.
    pub fn databundel_of(
        &self,
        instelling: &str,
        reference: &Reference,
    ) -> Result<(Statistics, Option<String>), String> {
        let bundel = self.databundel(instelling);
        if !bundel.is_empty() {
            return Ok((bundel, None));
        }
        let held = self.instellingen().join(", ");
        if !instelling.parse().is_ok_and(|n| reference.is_instelling(n)) {
            return Err(match held.is_empty() {
                true => "no instelling of the reference tables; the database holds no inschrijving".into(),
                false => format!("no instelling of the reference tables; the database holds inschrijvingen of {held}"),
            });
        }
        let others = match held.is_empty() {
            true => "nor of any other".into(),
            false => format!("it holds those of {held}"),
        };
        let note = format!(
            "the database holds no inschrijving of this instelling ({others}): its tables have their header rows only"
        );
        Ok((bundel, Some(note)))
    }

    /// The instellingen with rows, in their order (`VL` left out).
    pub fn instellingen(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .studievoortgang
            .iter()
            .map(|row| row[INSTELLING].as_str())
            .filter(|&i| i != VLAANDEREN)
            .collect();
        all.sort_by(|a, b| order(a, b));
        all.dedup();
        all
    }

    /// Whether the tables have no row.
    pub fn is_empty(&self) -> bool {
        self.inschrijvingen.is_empty()
            && self.studenten.is_empty()
            && self.studievoortgang.is_empty()
    }

    /// Writes inschrijvingen.csv, studenten.csv and studievoortgang.csv into `dir` (created
    /// if missing); returns their paths.
    pub fn write(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let texts = [
            self.inschrijvingen_csv(),
            self.studenten_csv(),
            self.studievoortgang_csv(),
        ];
        files_in(dir)
            .into_iter()
            .zip(texts)
            .map(|(path, text)| {
                std::fs::write(&path, text)?;
                Ok(path)
            })
            .collect()
    }

    /// The rows of `counts`, per (academiejaar, gebeurtenis, instelling), with the `VL`
    /// sums added.
    fn of(mut counts: BTreeMap<Count, Counts>) -> Statistics {
        let mut vlaanderen: BTreeMap<Count, Counts> = BTreeMap::new();
        for ((academiejaar, gebeurtenis, _), c) in &counts {
            let key = (academiejaar.clone(), gebeurtenis.clone(), VLAANDEREN.into());
            *vlaanderen.entry(key).or_default() += c;
        }
        counts.append(&mut vlaanderen);
        let mut stats = Statistics {
            inschrijvingen: Vec::new(),
            studenten: Vec::new(),
            studievoortgang: Vec::new(),
        };
        for ((academiejaar, gebeurtenis, instelling), c) in counts {
            let head = [academiejaar, gebeurtenis, instelling];
            for (table, values) in [
                (&mut stats.inschrijvingen, &c.inschrijvingen),
                (&mut stats.studenten, &c.studenten),
            ] {
                for (name, waarden) in values {
                    table.extend(waarden.iter().map(|(waarde, n)| {
                        let mut row = head.to_vec();
                        row.extend([name.to_string(), waarde.clone(), n.to_string()]);
                        row
                    }));
                }
            }
            let mut row = head.to_vec();
            row.extend([
                c.opgenomen.to_string(),
                c.verworven.to_string(),
                studierendement(c.verworven, c.opgenomen),
                c.diplomas.to_string(),
            ]);
            stats.studievoortgang.push(row);
        }
        for table in [
            &mut stats.inschrijvingen,
            &mut stats.studenten,
            &mut stats.studievoortgang,
        ] {
            table.sort_by(|a, b| {
                a.iter()
                    .zip(b)
                    .map(|(x, y)| order(x, y))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            });
        }
        stats
    }
}

/// The CSV text of a table: no value of ours holds a comma, a quote or a line end (codes,
/// counts and the names of this module), so nothing is quoted.
fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut text = header.join(",");
    text.push('\n');
    for row in rows {
        text.push_str(&row.join(","));
        text.push('\n');
    }
    text
}

/// The order of the values of one column: a value of digits only is a number and comes
/// before every text; numbers by value (equal values, as `01` and `1`, by their bytes),
/// text by bytes. So `VL` comes after every instellingsnummer.
fn order(a: &str, b: &str) -> Ordering {
    match (digits(a), digits(b)) {
        // Without leading zeros, a longer number is a larger one.
        (Some(x), Some(y)) => x
            .len()
            .cmp(&y.len())
            .then_with(|| x.cmp(y))
            .then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// A value of digits only without its leading zeros; `None` for any other value.
fn digits(s: &str) -> Option<&str> {
    (!s.is_empty() && is_digits(s.as_bytes())).then(|| s.trim_start_matches('0'))
}

/// `verworven / opgenomen` with three decimals, rounded half away from zero in integers
/// (1/16 is `0.063`); empty when nothing was opgenomen.
fn studierendement(verworven: u64, opgenomen: u64) -> String {
    if opgenomen == 0 {
        return String::new();
    }
    let (v, o) = (u128::from(verworven), u128::from(opgenomen));
    // round(1000 v / o) = floor((2000 v + o) / 2o): the values are not negative.
    let thousandths = (2000 * v + o) / (2 * o);
    format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
}

/// (academiejaar, gebeurtenis, instelling) as written: the rows a count gives.
type Count = (String, String, String);

/// Per dimensie or kenmerk, per waarde, a count.
type Tally = BTreeMap<&'static str, BTreeMap<String, u64>>;

/// Adds `n` to the count of (`name`, `waarde`); the waarde is copied only when it is new.
fn tally(t: &mut Tally, name: &'static str, waarde: &str, n: u64) {
    let waarden = t.entry(name).or_default();
    match waarden.get_mut(waarde) {
        Some(count) => *count += n,
        None => {
            waarden.insert(waarde.to_owned(), n);
        }
    }
}

/// What one situatie, instelling or `VL` counts.
#[derive(Debug, Default)]
struct Counts {
    /// Dimensie → waarde → inschrijvingen.
    inschrijvingen: Tally,
    /// Kenmerk → waarde → studenten.
    studenten: Tally,
    /// The sums of 0136-26 + 0136-27 and of 0136-28, and the inschrijvingen with a diploma.
    opgenomen: u64,
    verworven: u64,
    diplomas: u64,
}

impl AddAssign<&Counts> for Counts {
    fn add_assign(&mut self, other: &Counts) {
        for (mine, theirs) in [
            (&mut self.inschrijvingen, &other.inschrijvingen),
            (&mut self.studenten, &other.studenten),
        ] {
            for (name, waarden) in theirs {
                for (waarde, &n) in waarden {
                    tally(mine, name, waarde, n);
                }
            }
        }
        self.opgenomen += other.opgenomen;
        self.verworven += other.verworven;
        self.diplomas += other.diplomas;
    }
}

/// A row of the `situatie` table, as the counts read it.
struct Situatie {
    academiejaar: String,
    gebeurtenis: String,
    instelling: String,
    hoofdstructuur: String,
    tellingsdatum: DateValue,
}

/// Counts every situatie of the database, then adds them up per (academiejaar,
/// gebeurtenis, instelling).
fn count(
    conn: &Connection,
    reference: &Reference,
    progress: &AtomicU64,
) -> rusqlite::Result<BTreeMap<Count, Counts>> {
    // One read transaction: every query sees the same database, also while a load runs.
    let tx = conn.unchecked_transaction()?;
    let situaties = situaties(&tx)?;
    let mut per_situatie: HashMap<i64, Counts> = HashMap::new();
    count_inschrijvingen(&tx, &situaties, reference, &mut per_situatie, progress)?;
    count_studenten(&tx, &situaties, reference, &mut per_situatie, progress)?;
    let mut counts: BTreeMap<Count, Counts> = BTreeMap::new();
    for (id, c) in &per_situatie {
        let s = &situaties[id];
        let key = (
            s.academiejaar.clone(),
            s.gebeurtenis.clone(),
            s.instelling.clone(),
        );
        *counts.entry(key).or_default() += c;
    }
    Ok(counts)
}

/// Every situatie, by its id.
fn situaties(conn: &Connection) -> rusqlite::Result<HashMap<i64, Situatie>> {
    let mut stmt = conn.prepare(
        "SELECT id, academiejaar, gebeurtenis, instelling, hoofdstructuur, tellingsdatum \
         FROM situatie",
    )?;
    let mut rows = stmt.query([])?;
    let mut situaties = HashMap::new();
    while let Some(row) = rows.next()? {
        let [academiejaar, gebeurtenis, instelling, hoofdstructuur, tellingsdatum] = texts(row, 1)?;
        let situatie = Situatie {
            academiejaar: academiejaar.into_owned(),
            gebeurtenis: gebeurtenis.into_owned(),
            instelling: instelling.into_owned(),
            hoofdstructuur: hoofdstructuur.into_owned(),
            tellingsdatum: date(tellingsdatum.as_bytes()),
        };
        situaties.insert(row.get(0)?, situatie);
    }
    Ok(situaties)
}

/// `SELECT <table>.situatie, <the columns of fields> FROM <table> JOIN situatie`: the join
/// leaves out any row without its situatie, so every row read has one.
fn select(table: &str, fields: impl Iterator<Item = FieldId>) -> String {
    let columns: Vec<String> = fields.map(|f| format!("t.{}", column(f))).collect();
    format!(
        "SELECT t.situatie, {} FROM {table} t JOIN situatie s ON s.id = t.situatie",
        columns.join(", ")
    )
}

/// Adds every stored inschrijving to its situatie: the dimensies and the studievoortgang.
fn count_inschrijvingen(
    conn: &Connection,
    situaties: &HashMap<i64, Situatie>,
    reference: &Reference,
    per_situatie: &mut HashMap<i64, Counts>,
    progress: &AtomicU64,
) -> rusqlite::Result<()> {
    let fields = [7, 9, 15, 17, 22, 23, 26, 27, 28, 31];
    let mut stmt = conn.prepare(&select(
        "inschrijving",
        fields
            .into_iter()
            .map(|nr| FieldId::new(RecordType::Inschrijving, nr)),
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        progress.fetch_add(1, atomic::Ordering::Relaxed);
        let id: i64 = row.get(0)?;
        let [ag, vestiging, regime, uitschrijving, taalregime, contract, eerste, niet_eerste, verworven, diploma] =
            texts(row, 1)?;
        let ag_soort = number(&ag)
            .and_then(|n| u32::try_from(n).ok())
            .and_then(|n| reference.ag(n))
            .map_or(ONBEKEND, |a| a.soort.as_str());
        let uitgeschreven = match date(uitschrijving.as_bytes()) {
            DateValue::Real(_) => "ja",
            DateValue::Zero | DateValue::Invalid => "nee",
        };
        let c = per_situatie.entry(id).or_default();
        for (dimensie, waarde) in [
            ("totaal", "alle"),
            ("hoofdstructuur", &situaties[&id].hoofdstructuur),
            ("ag_soort", ag_soort),
            ("ag", &ag),
            ("vestiging", &vestiging),
            ("soort_contract", &contract),
            ("regime", &regime),
            ("taalregime", &taalregime),
            ("uitgeschreven", uitgeschreven),
        ] {
            tally(&mut c.inschrijvingen, dimensie, waarde, 1);
        }
        // An absent (or unreadable) number of studiepunten adds 0.
        let punten = |s: &str| number(s).unwrap_or(0);
        c.opgenomen += punten(&eerste) + punten(&niet_eerste);
        c.verworven += punten(&verworven);
        c.diplomas += u64::from(diploma == "J");
    }
    Ok(())
}

/// Adds every student with at least one stored inschrijving to his situatie: the
/// kenmerken.
fn count_studenten(
    conn: &Connection,
    situaties: &HashMap<i64, Situatie>,
    reference: &Reference,
    per_situatie: &mut HashMap<i64, Counts>,
    progress: &AtomicU64,
) -> rusqlite::Result<()> {
    let fields = [
        (RecordType::Identificatie, 10),
        (RecordType::Identificatie, 11),
        (RecordType::Identificatie, 12),
        (RecordType::Identificatie, 13),
        (RecordType::Student, 7),
        (RecordType::Student, 9),
        (RecordType::Student, 14),
        (RecordType::Student, 15),
        (RecordType::Student, 17),
    ];
    let mut stmt = conn.prepare(&format!(
        "{} WHERE EXISTS (SELECT 1 FROM inschrijving i \
         WHERE i.situatie = t.situatie AND i.stamboeknummer = t.stamboeknummer)",
        select(
            "student",
            fields.into_iter().map(|(rt, nr)| FieldId::new(rt, nr))
        )
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        progress.fetch_add(1, atomic::Ordering::Relaxed);
        let id: i64 = row.get(0)?;
        let s = &situaties[&id];
        let [geboortedatum, geslacht, nationaliteit, postcode, herkomst, diplomajaar, eerste_hogeschool, eerste_universiteit, laatste_instelling] =
            texts(row, 1)?;
        let academiejaar = number(&s.academiejaar);
        let is_academiejaar = |jaar: Option<u64>| jaar.is_some() && jaar == academiejaar;
        // 9999 is "niet van toepassing": left out, like an absent year.
        let eerste_inschrijving = [&eerste_hogeschool, &eerste_universiteit]
            .into_iter()
            .filter_map(|j| number(j))
            .filter(|&j| j != 9999)
            .min();
        // "Other than the student's own" compares the instellingsnummer only.
        let andere_instelling = number(&laatste_instelling).is_some_and(|n| {
            u32::try_from(n).is_ok_and(|n| reference.is_instelling(n))
                && Some(n) != number(&s.instelling)
        });
        let leeftijd = match (date(geboortedatum.as_bytes()), s.tellingsdatum) {
            (DateValue::Real(geboren), DateValue::Real(op)) => band(leeftijd(geboren, op)),
            _ => ONBEKEND,
        };
        let c = per_situatie.entry(id).or_default();
        for (kenmerk, waarde) in [
            ("totaal", "alle"),
            ("geslacht", &geslacht),
            ("leeftijd", leeftijd),
            (
                "nationaliteit",
                either(nationaliteit == "00150", "BE", "andere"),
            ),
            ("domicilie", either(postcode == "9999", "buitenland", "BE")),
            ("herkomst_financierbaarheid", &herkomst),
            (
                "generatiestudent",
                ja_nee(is_academiejaar(eerste_inschrijving)),
            ),
            (
                "instroom_secundair",
                ja_nee(is_academiejaar(number(&diplomajaar))),
            ),
            ("instroom_andere_instelling", ja_nee(andere_instelling)),
        ] {
            tally(&mut c.studenten, kenmerk, waarde, 1);
        }
    }
    Ok(())
}

/// Columns `first..first + N` of `row` as text, borrowed from the row. A value that is not
/// UTF-8 is stored as its bytes (only names can be, which the statistics do not read); it
/// is read lossily.
fn texts<'r, const N: usize>(row: &'r Row, first: usize) -> rusqlite::Result<[Cow<'r, str>; N]> {
    let mut out: [Cow<str>; N] = std::array::from_fn(|_| Cow::Borrowed(""));
    for (i, text) in out.iter_mut().enumerate() {
        let value = row.get_ref(first + i)?;
        let bytes = value.as_bytes().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(first + i, value.data_type(), Box::new(e))
        })?;
        *text = String::from_utf8_lossy(bytes);
    }
    Ok(out)
}

/// The value of a field of digits only; `None` when it is absent or holds anything else.
fn number(s: &str) -> Option<u64> {
    digits(s).and_then(|_| s.parse().ok())
}

fn either(condition: bool, then: &'static str, otherwise: &'static str) -> &'static str {
    if condition {
        then
    } else {
        otherwise
    }
}

/// Every student not `ja` is `nee`.
fn ja_nee(ja: bool) -> &'static str {
    either(ja, "ja", "nee")
}

/// Completed years from `geboren` to `op`: a birthday on `op` counts. A birthday on 29
/// February counts as 1 March in a year without that day, and the comparison of (month,
/// day) gives exactly that: no day of such a year falls between (2, 28) and (3, 1).
fn leeftijd(geboren: Date, op: Date) -> i64 {
    let verjaardag_voorbij = (op.month, op.day) >= (geboren.month, geboren.day);
    i64::from(op.year) - i64::from(geboren.year) - i64::from(!verjaardag_voorbij)
}

fn band(leeftijd: i64) -> &'static str {
    match leeftijd {
        ..=17 => "<18",
        18 => "18",
        19 => "19",
        20 => "20",
        21 => "21",
        22..=24 => "22-24",
        25..=29 => "25-29",
        _ => "30+",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_names_its_instelling_in_one_column_and_ends_with_its_count() {
        let names = |h: &[&'static str]| (h[INSTELLING], h[h.len() - 1]);
        assert_eq!(names(&INSCHRIJVINGEN), ("instelling", "inschrijvingen"));
        assert_eq!(names(&STUDENTEN), ("instelling", "studenten"));
        assert_eq!(names(&STUDIEVOORTGANG), ("instelling", "diplomas"));
    }

    #[test]
    fn studierendement_rounds_half_away_from_zero_in_integers() {
        for (v, o, want) in [
            (1, 16, "0.063"),
            (57, 400, "0.143"),
            (1, 2, "0.500"),
            (3, 3, "1.000"),
            (0, 5, "0.000"),
            (1, 3, "0.333"),
            (2, 3, "0.667"),
            (1, 2000, "0.001"),
            (1, 2001, "0.000"),
            (7, 0, ""),
        ] {
            assert_eq!(studierendement(v, o), want, "{v}/{o}");
        }
    }

    #[test]
    fn numbers_sort_by_value_before_text_by_bytes() {
        let mut values = vec!["VL", "<18", "30+", "22-24", "9", "10", "010", "", "b", "B"];
        values.sort_by(|a, b| order(a, b));
        assert_eq!(
            values,
            vec!["9", "010", "10", "", "22-24", "30+", "<18", "B", "VL", "b"]
        );
    }

    #[test]
    fn leeftijd_counts_the_birthday_and_29_february_as_1_march() {
        let d = |day, month, year| Date::new(year, month, day).unwrap();
        assert_eq!(leeftijd(d(1, 2, 2007), d(1, 2, 2025)), 18);
        assert_eq!(leeftijd(d(2, 2, 2007), d(1, 2, 2025)), 17);
        assert_eq!(leeftijd(d(29, 2, 2004), d(28, 2, 2025)), 20);
        assert_eq!(leeftijd(d(29, 2, 2004), d(1, 3, 2025)), 21);
        assert_eq!(leeftijd(d(29, 2, 2004), d(28, 2, 2024)), 19);
        assert_eq!(leeftijd(d(29, 2, 2004), d(29, 2, 2024)), 20);
    }
}
