//! Loading (spec section 9 and the "Loading" clarifications of section 12), on a real
//! database file: what is stored, what replaces what, what is never loaded, and that a file
//! loaded twice changes nothing.

use crate::util::*;
use dto::load::{Database, LoadReport, ZendingOutcome};
use rusqlite::Connection;

/// A database in a directory of its own.
struct Db {
    dir: tempfile::TempDir,
    db: Database,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("dto.sqlite")).unwrap();
        Db { dir, db }
    }

    /// Validates `files` as one run and loads it.
    fn load(&mut self, files: &[Vec<u8>]) -> LoadReport {
        let (inputs, result) = run(files);
        self.db.load(&inputs, &result.summary).unwrap()
    }

    /// Loads a file of [`one_bericht`].
    fn load_one(&mut self, r: &str, gebeurtenis: &str, students: Vec<Vec<Rec>>) -> LoadReport {
        self.load(&[file(&[one_bericht(r, gebeurtenis, students)])])
    }

    fn sql(&self) -> &Connection {
        self.db.connection()
    }

    /// One column of a query, as text, in the query's order.
    fn strings(&self, sql: &str) -> Vec<String> {
        let mut stmt = self.sql().prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.map(Result::unwrap).collect()
    }

    /// The stamboeknummers stored for (hoofdstructuur, gebeurtenis) of 041801 AJ 2024.
    fn students(&self, hoofdstructuur: &str, gebeurtenis: &str) -> Vec<String> {
        self.strings(&format!(
            "SELECT s.stamboeknummer FROM student s JOIN situatie t ON t.id = s.situatie \
             WHERE t.instelling = '041801' AND t.academiejaar = '2024' \
             AND t.hoofdstructuur = '{hoofdstructuur}' AND t.gebeurtenis = '{gebeurtenis}' \
             ORDER BY s.stamboeknummer"
        ))
    }

    fn inschrijvingen(&self) -> i64 {
        self.sql()
            .query_row("SELECT count(*) FROM inschrijving", [], |r| r.get(0))
            .unwrap()
    }
}

fn sb(ns: &[u32]) -> Vec<String> {
    ns.iter().map(|&n| stamboeknummer(n)).collect()
}

fn outcomes(report: &LoadReport) -> Vec<ZendingOutcome> {
    report.zendingen.iter().map(|z| z.outcome).collect()
}

/// A zending of one bericht of 041801 (411) with `students`, referentienummer `r`.
fn one_bericht(r: &str, gebeurtenis: &str, students: Vec<Vec<Rec>>) -> Vec<Rec> {
    zending(
        r0001_ref(r),
        vec![bericht(r0002_for("411", gebeurtenis), students)],
    )
}

/// A 10620 student: 0134, 0135 and the given 0136 records (none: a withdrawal).
fn voorlopig(n: u32, inschrijvingen: Vec<Rec>) -> Vec<Rec> {
    let mut g = vec![r0134(n), r0135(n)];
    g.extend(inschrijvingen);
    g
}

#[test]
fn an_accepted_definitive_bericht_stores_its_fields_as_written_without_trailing_blanks() {
    let mut db = Db::new();
    let mut s1 = student(1);
    set(&mut s1[0], "0134-09", "Fien Marie");
    clear(&mut s1[1], "0135-12");
    let report = db.load_one("R1", "10600", vec![s1, student(2)]);
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    let a = report.applied();
    assert_eq!((a.berichten, a.students, a.inschrijvingen), (1, 2, 2));

    let situatie: (String, String, String, String, String) = db
        .sql()
        .query_row(
            "SELECT instelling, hoofdstructuur, academiejaar, gebeurtenis, tellingsdatum FROM situatie",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        situatie,
        (
            "041801".into(),
            "411".into(),
            "2024".into(),
            "10600".into(),
            "01.02.2025".into()
        )
    );
    let (naam, voornaam, diplomajaar): (String, String, String) = db
        .sql()
        .query_row(
            "SELECT naam, voornaam, diplomajaar_basisopleiding_hoger_onderwijs FROM student \
             WHERE stamboeknummer = ?1",
            [stamboeknummer(1)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (naam.as_str(), voornaam.as_str()),
        ("Olieslagers", "Fien Marie")
    );
    assert_eq!(diplomajaar, "", "an absent field is stored empty");
    let (ag, datum, behaald): (String, String, String) = db
        .sql()
        .query_row(
            "SELECT administratieve_groep_inschrijving, datum_inschrijving, \
             aanduiding_diploma_behaald FROM inschrijving WHERE stamboeknummer = ?1",
            [stamboeknummer(2)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (ag.as_str(), datum.as_str(), behaald.as_str()),
        ("034101", "16.09.2024", "N")
    );
}

#[test]
fn every_stored_column_is_named_after_its_field_and_names_are_unique() {
    use dto::layout::{FieldId, RecordType};
    assert_eq!(
        dto::load::column(FieldId::new(RecordType::Inschrijving, 10)),
        "zittijd_examencommissie_inschrijving_examen"
    );
    assert_eq!(
        dto::load::column(FieldId::new(RecordType::Student, 8)),
        "ag_afstudeerrichting_secundair_onderwijs"
    );
    let db = Db::new();
    for table in ["student", "inschrijving"] {
        let columns = db.strings(&format!("SELECT name FROM pragma_table_info('{table}')"));
        let mut unique = columns.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), columns.len(), "{table}: {columns:?}");
    }
    let student = db.strings("SELECT name FROM pragma_table_info('student')");
    assert_eq!(student.len(), 2 + 8 + 13, "{student:?}");
    let inschrijving = db.strings("SELECT name FROM pragma_table_info('inschrijving')");
    assert_eq!(inschrijving.len(), 3 + 25, "{inschrijving:?}");
}

#[test]
fn a_field_that_is_not_utf8_is_stored_as_its_bytes() {
    let mut db = Db::new();
    let mut s1 = student(1);
    set_bytes(&mut s1[0], "0134-08", b"Cr\xe9pin");
    let report = db.load_one("R1", "10600", vec![s1]);
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    let naam: Vec<u8> = db
        .sql()
        .query_row("SELECT naam FROM student", [], |r| r.get(0))
        .unwrap();
    assert_eq!(naam, b"Cr\xe9pin");
}

#[test]
fn a_later_definitive_bericht_replaces_its_count_whole_and_an_empty_one_empties_it() {
    let mut db = Db::new();
    db.load_one("R1", "10600", vec![student(1), student(2)]);
    assert_eq!(db.students("411", "10600"), sb(&[1, 2]));
    db.load_one("R2", "10600", vec![student(3)]);
    assert_eq!(db.students("411", "10600"), sb(&[3]));
    assert_eq!(db.inschrijvingen(), 1);
    let report = db.load_one("R3", "10600", vec![]);
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    assert!(db.students("411", "10600").is_empty());
    assert_eq!(db.inschrijvingen(), 0);
}

#[test]
fn the_counts_of_1_february_and_30_september_and_the_10620_situation_are_kept_apart() {
    let mut db = Db::new();
    db.load(&[file(&[
        one_bericht("R1", "10600", vec![student(1)]),
        one_bericht("R2", "10400", vec![student(2)]),
        one_bericht("R3", "10620", vec![student(3)]),
    ])]);
    assert_eq!(db.students("411", "10600"), sb(&[1]));
    assert_eq!(db.students("411", "10400"), sb(&[2]));
    assert_eq!(db.students("411", "10620"), sb(&[3]));
    let datums = db.strings("SELECT tellingsdatum FROM situatie ORDER BY gebeurtenis");
    assert_eq!(datums, ["30.09.2025", "01.02.2025", "15.11.2024"]);
}

#[test]
fn each_hoofdstructuur_is_its_own_situation() {
    let mut db = Db::new();
    let z = zending(
        r0001_ref("R1"),
        vec![
            bericht(r0002_for("411", "10600"), vec![student_hs(1, "411")]),
            bericht(r0002_for("511", "10600"), vec![student_hs(1, "511")]),
        ],
    );
    db.load(&[file(&[z])]);
    assert_eq!(db.students("411", "10600"), sb(&[1]));
    assert_eq!(db.students("511", "10600"), sb(&[1]));
    db.load_one("R2", "10600", vec![student(2)]);
    assert_eq!(db.students("411", "10600"), sb(&[2]));
    assert_eq!(db.students("511", "10600"), sb(&[1]), "511 untouched");
}

#[test]
fn a_rejected_definitive_bericht_changes_nothing_and_leaves_its_zending_unloaded() {
    let mut db = Db::new();
    db.load_one("R1", "10600", vec![student(1)]);
    let mut bad = student(2);
    set(&mut bad[0], "0134-11", "X");
    let rejected = one_bericht("R2", "10600", vec![student(3), bad]);
    let report = db.load(&[file(&[rejected])]);
    assert_eq!(outcomes(&report), [ZendingOutcome::NothingAccepted]);
    assert_eq!(db.students("411", "10600"), sb(&[1]));
    // Not loaded, so the same afzender and referentienummer may come again.
    let report = db.load_one("R2", "10600", vec![student(3)]);
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    assert_eq!(db.students("411", "10600"), sb(&[3]));
}

#[test]
fn in_a_zending_only_the_accepted_berichten_apply() {
    let mut db = Db::new();
    let mut bad = student(5);
    set(&mut bad[2], "0136-31", "X");
    let z = zending(
        r0001_ref("R1"),
        vec![
            bericht(r0002_for("411", "10600"), vec![student(1)]),
            bericht(r0002_for("411", "10400"), vec![bad]),
        ],
    );
    let report = db.load(&[file(&[z])]);
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    assert_eq!(report.applied().berichten, 1);
    assert_eq!(db.students("411", "10600"), sb(&[1]));
    assert!(db.students("411", "10400").is_empty());
}

#[test]
fn a_zending_rejected_whole_and_a_testzending_are_never_loaded() {
    let mut db = Db::new();
    let test = zending(
        with(r0001_ref("T1"), "0001-09", "T"),
        vec![bericht(r0002(), vec![student(1)])],
    );
    let broken_header = zending(
        with(r0001_ref("B1"), "0001-07", "31.02.2025"),
        vec![bericht(r0002(), vec![student(2)])],
    );
    let report = db.load(&[file(&[test, broken_header])]);
    assert_eq!(
        outcomes(&report),
        [ZendingOutcome::Test, ZendingOutcome::Rejected]
    );
    let text = report.text(db.db.path(), &["f1.txt"]);
    assert!(
        text.contains(
            "not loaded: 1 testzendingen (never loaded)\nnot loaded: 1 zendingen rejected whole\n"
        ),
        "{text}"
    );
    assert!(db.students("411", "10600").is_empty());
    assert_eq!(
        db.strings("SELECT referentienummer FROM zending"),
        Vec::<String>::new()
    );
}

#[test]
fn a_zending_without_header_or_with_a_referentienummer_used_before_in_the_run_is_not_loaded() {
    let mut db = Db::new();
    let mut headless = one_bericht("H0", "10600", vec![student(1)]);
    headless.remove(0);
    let report = db.load(&[file(&[
        headless,
        one_bericht("D1", "10600", vec![student(2)]),
        one_bericht("D1", "10400", vec![student(3)]),
    ])]);
    assert_eq!(
        outcomes(&report),
        [
            ZendingOutcome::Rejected,
            ZendingOutcome::Loaded,
            ZendingOutcome::Rejected
        ]
    );
    assert_eq!(db.students("411", "10600"), sb(&[2]));
    assert!(db.students("411", "10400").is_empty());
}

#[test]
fn the_tellingsdatum_follows_a_partial_bericht_and_not_a_rejected_one() {
    let mut db = Db::new();
    let dated = |r: &str, datum: &str, groups: Vec<Vec<Rec>>| {
        zending(
            r0001_ref(r),
            vec![bericht(
                with(r0002_for("411", "10620"), "0002-08", datum),
                groups,
            )],
        )
    };
    let mut bad = voorlopig(2, vec![r0136(2)]);
    set(&mut bad[2], "0136-31", "X");
    let report = db.load(&[file(&[dated(
        "V1",
        "20.12.2024",
        vec![voorlopig(1, vec![r0136(1)]), bad.clone()],
    )])]);
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    assert_eq!(
        db.strings("SELECT tellingsdatum FROM situatie"),
        ["20.12.2024"]
    );
    let report = db.load(&[file(&[dated("V2", "21.12.2024", vec![bad])])]);
    assert_eq!(outcomes(&report), [ZendingOutcome::NothingAccepted]);
    assert_eq!(
        db.strings("SELECT tellingsdatum FROM situatie"),
        ["20.12.2024"]
    );
    assert_eq!(db.students("411", "10620"), sb(&[1]));
}

#[test]
fn loading_the_same_file_twice_changes_nothing_and_says_so() {
    let mut db = Db::new();
    let first = file(&[one_bericht("R1", "10600", vec![student(1), student(2)])]);
    db.load(std::slice::from_ref(&first));
    db.load_one("R2", "10600", vec![student(3)]);
    let report = db.load(&[first]);
    assert_eq!(outcomes(&report), [ZendingOutcome::AlreadyLoaded]);
    assert_eq!(report.applied().berichten, 0);
    assert_eq!(
        db.students("411", "10600"),
        sb(&[3]),
        "R1 not applied again"
    );
    let text = report.text(db.db.path(), &["f1.txt"]);
    assert!(
        text.contains(
            "f1.txt:1 zending 1: afzender \"041801\" referentienummer \"R1\" was loaded before; skipped"
        ),
        "{text}"
    );
    assert_eq!(
        db.strings("SELECT referentienummer FROM zending ORDER BY 1"),
        ["R1", "R2"]
    );
}

#[test]
fn zendingen_apply_in_the_order_of_the_files_and_their_lines() {
    let mut db = Db::new();
    let a = file(&[
        one_bericht("A1", "10600", vec![student(1)]),
        one_bericht("A2", "10600", vec![student(2)]),
    ]);
    let b = file(&[one_bericht("B1", "10600", vec![student(3)])]);
    db.load(&[a.clone(), b.clone()]);
    assert_eq!(db.students("411", "10600"), sb(&[3]));
    let mut db = Db::new();
    db.load(&[b, a]);
    assert_eq!(db.students("411", "10600"), sb(&[2]));
}

#[test]
fn a_10620_bericht_replaces_the_students_it_sends_withdraws_those_without_0136_and_keeps_the_rest()
{
    let mut db = Db::new();
    db.load_one(
        "V1",
        "10620",
        (1..=4).map(|n| voorlopig(n, vec![r0136(n)])).collect(),
    );
    assert_eq!(db.students("411", "10620"), sb(&[1, 2, 3, 4]));
    // Sent without 0136 but never stored: nothing to withdraw.
    let report = db.load_one("V0", "10620", vec![voorlopig(9, vec![])]);
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    assert_eq!(report.applied().withdrawn, 0);
    // Student 1 comes again with two inschrijvingen, 2 is withdrawn, 3 is rejected (his
    // earlier data stays), 4 is not sent, 5 is new.
    let second = with(with(r0136(1), "0136-07", "034107"), "0136-09", "001");
    let mut bad = voorlopig(3, vec![r0136(3)]);
    set(&mut bad[2], "0136-31", "X");
    let report = db.load_one(
        "V2",
        "10620",
        vec![
            voorlopig(1, vec![r0136(1), second]),
            voorlopig(2, vec![]),
            bad,
            voorlopig(5, vec![r0136(5)]),
        ],
    );
    let a = report.applied();
    assert_eq!((a.students, a.inschrijvingen, a.withdrawn), (2, 3, 1));
    assert_eq!(db.students("411", "10620"), sb(&[1, 3, 4, 5]));
    let ags = db.strings(&format!(
        "SELECT administratieve_groep_inschrijving FROM inschrijving \
         WHERE stamboeknummer = '{}' ORDER BY volgnummer",
        stamboeknummer(1)
    ));
    assert_eq!(ags, ["034101", "034107"]);
    let kept = db.strings(&format!(
        "SELECT aanduiding_diploma_behaald FROM inschrijving WHERE stamboeknummer = '{}'",
        stamboeknummer(3)
    ));
    assert_eq!(kept, ["N"], "the rejected group leaves the earlier data");
    // The withdrawn student's 0134 and 0135 data are gone too.
    assert_eq!(db.inschrijvingen(), 5);
}

#[test]
fn a_student_twice_in_a_10620_bericht_is_loaded_from_the_earlier_group() {
    let mut db = Db::new();
    let later = voorlopig(1, vec![with(r0136(1), "0136-07", "034107")]);
    let report = db.load_one("V1", "10620", vec![voorlopig(1, vec![r0136(1)]), later]);
    assert_eq!(report.applied().students, 1);
    let ags = db.strings("SELECT administratieve_groep_inschrijving FROM inschrijving");
    assert_eq!(ags, ["034101"]);
}

#[test]
fn a_10620_bericht_rejected_whole_applies_nothing() {
    let mut db = Db::new();
    db.load_one("V1", "10620", vec![voorlopig(1, vec![r0136(1)])]);
    // A code beginning with 3 (a sequence error) inside a student rejects the whole bericht.
    let mut z = one_bericht("V2", "10620", vec![voorlopig(2, vec![r0136(2)])]);
    z[3][6..12].copy_from_slice(b"000099");
    let report = db.load(&[file(&[z])]);
    assert_eq!(outcomes(&report), [ZendingOutcome::NothingAccepted]);
    assert_eq!(db.students("411", "10620"), sb(&[1]));
}

#[test]
fn a_definitive_student_without_0136_is_stored_without_inschrijving() {
    let mut db = Db::new();
    let alone = vec![r0134(2), r0135(2)];
    let report = db.load_one("R1", "10600", vec![student(1), alone]);
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    assert_eq!(db.students("411", "10600"), sb(&[1, 2]));
    assert_eq!(db.inschrijvingen(), 1);
}

#[test]
fn two_inschrijvingen_with_one_key_that_both_pass_are_one_the_first() {
    // Aard inschrijving 7 is only a warning in a 10620 bericht; with a finding on a key
    // field neither takes part in 4910001, so both pass. The dates are one date.
    let first = with(r0136(1), "0136-13", "7");
    let second = with(
        with(with(r0136(1), "0136-13", "7"), "0136-16", "16/09/2024"),
        "0136-31",
        "J",
    );
    let other_day = with(with(r0136(1), "0136-13", "7"), "0136-16", "17.09.2024");
    let mut db = Db::new();
    let report = db.load_one(
        "V1",
        "10620",
        vec![voorlopig(1, vec![first, second, other_day])],
    );
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    let rows = db.strings(
        "SELECT datum_inschrijving || ' ' || aanduiding_diploma_behaald || ' ' || volgnummer \
         FROM inschrijving ORDER BY volgnummer",
    );
    assert_eq!(rows, ["16.09.2024 N 1", "17.09.2024 N 2"]);
}

#[test]
fn two_inschrijvingen_with_one_key_field_absent_alike_are_one() {
    // An absent aard inschrijving is a warning in a 10620 bericht: both pass, and their
    // keys, compared as written, are one.
    let absent = with(r0136(1), "0136-13", "");
    let second = with(absent.clone(), "0136-31", "J");
    let mut db = Db::new();
    let report = db.load_one("V1", "10620", vec![voorlopig(1, vec![absent, second])]);
    assert_eq!(outcomes(&report), [ZendingOutcome::Loaded]);
    let rows = db.strings(
        "SELECT aard_inschrijving || '|' || aanduiding_diploma_behaald \
         FROM inschrijving",
    );
    assert_eq!(rows, ["|N"]);
}

#[test]
fn the_tellingsdatum_is_that_of_the_last_bericht_applied() {
    let mut db = Db::new();
    db.load_one("V1", "10620", vec![voorlopig(1, vec![r0136(1)])]);
    let later = zending(
        r0001_ref("V2"),
        vec![bericht(
            with(r0002_for("411", "10620"), "0002-08", "20.12.2024"),
            vec![voorlopig(2, vec![r0136(2)])],
        )],
    );
    db.load(&[file(&[later])]);
    assert_eq!(
        db.strings("SELECT tellingsdatum FROM situatie"),
        ["20.12.2024"]
    );
    assert_eq!(db.students("411", "10620"), sb(&[1, 2]));
}

#[test]
fn a_file_that_is_no_dto_database_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("input.txt");
    std::fs::write(&text, file(&[default_zending(1)])).unwrap();
    let err = Database::open(&text).err().expect("refused");
    assert!(err.to_string().contains("not an SQLite database"), "{err}");
    assert_eq!(std::fs::read(&text).unwrap(), file(&[default_zending(1)]));

    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let err = Database::open(&other).err().expect("refused");
    assert!(err.to_string().contains("not a dto database"), "{err}");
    // Another program's database that also numbers its schema 1.
    let versioned = dir.path().join("versioned.sqlite");
    Connection::open(&versioned)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;")
        .unwrap();
    let before = std::fs::read(&versioned).unwrap();
    for err in [
        Database::open(&versioned).err(),
        Database::open_to_read(&versioned).err(),
    ] {
        let err = err.expect("refused");
        assert!(err.to_string().contains("not a dto database"), "{err}");
    }
    assert_eq!(std::fs::read(&versioned).unwrap(), before);
    // A dto database of another schema version.
    let dto_db = dir.path().join("dto.sqlite");
    drop(Database::open(&dto_db).unwrap());
    Connection::open(&dto_db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 2;")
        .unwrap();
    for err in [
        Database::open(&dto_db).err(),
        Database::open_to_read(&dto_db).err(),
    ] {
        let err = err.expect("refused");
        assert!(err.to_string().contains("of schema version 2"), "{err}");
    }

    let missing = dir.path().join("missing.sqlite");
    let err = Database::open_to_read(&missing).err().expect("refused");
    assert!(err.to_string().contains("no database here"), "{err}");
    assert!(!missing.exists());
    // A directory is named as one, for loading and for reading.
    for err in [
        Database::open(dir.path()).err(),
        Database::open_to_read(dir.path()).err(),
    ] {
        let err = err.expect("refused");
        assert!(
            err.to_string().contains("a directory, not a database file"),
            "{err}"
        );
    }
    // An empty file is a new database to load into, but nothing to read.
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    let err = Database::open_to_read(&empty).err().expect("refused");
    assert!(err.to_string().contains("not a dto database"), "{err}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
}

#[test]
fn reading_a_database_writes_nothing_to_it_nor_beside_it() {
    let mut db = Db::new();
    db.load(&[file(&[default_zending(2)])]);
    let path = db.dir.path().join("dto.sqlite");
    drop(db.db);
    let listing = |dir: &std::path::Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let (bytes, names) = (std::fs::read(&path).unwrap(), listing(db.dir.path()));
    assert_eq!(names, ["dto.sqlite"], "no journal is left beside it");
    let read = Database::open_to_read(&path).unwrap();
    dto::stats::compute(&read, reference()).unwrap();
    let err = read
        .connection()
        .execute_batch("DELETE FROM student")
        .unwrap_err();
    assert!(err.to_string().contains("readonly"), "{err}");
    drop(read);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(listing(db.dir.path()), names);
}

#[test]
fn a_database_whose_load_was_killed_is_read_as_it_was_before_that_load() {
    let mut db = Db::new();
    db.load(&[file(&[default_zending(3)])]);
    let path = db.dir.path().join("dto.sqlite");
    let before = dto::stats::compute(&db.db, reference()).unwrap();
    // The image of a load killed half-way: the database with some pages written, and the
    // journal that holds them as they were.
    let crash = db.dir.path().join("crash.sqlite");
    let writer = Connection::open(&path).unwrap();
    writer
        .execute_batch("PRAGMA cache_size = 1; BEGIN; DELETE FROM inschrijving;")
        .unwrap();
    for i in 0..2000 {
        writer
            .execute(
                "INSERT INTO zending VALUES (?1, 'R', 'f', 1)",
                [format!("{i:0200}")],
            )
            .unwrap();
    }
    let mut journal = crash.clone().into_os_string();
    journal.push("-journal");
    std::fs::copy(&path, &crash).unwrap();
    std::fs::copy(db.dir.path().join("dto.sqlite-journal"), &journal).unwrap();
    writer.execute_batch("ROLLBACK").unwrap();
    let read = Database::open_to_read(&crash).unwrap();
    let after = dto::stats::compute(&read, reference()).unwrap();
    assert_eq!(after.inschrijvingen_csv(), before.inschrijvingen_csv());
    assert!(after.inschrijvingen_csv().lines().count() > 1);
}

#[test]
fn a_load_that_stops_keeps_the_zendingen_before_and_none_of_the_one_it_was_loading() {
    let mut db = Db::new();
    // A database that refuses student 3, as a full disk would refuse a write.
    db.sql()
        .execute_batch(&format!(
            "CREATE TRIGGER refuse BEFORE INSERT ON student WHEN NEW.stamboeknummer = '{}' \
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
            stamboeknummer(3)
        ))
        .unwrap();
    let run_files = [file(&[
        one_bericht("R1", "10600", vec![student(1)]),
        zending(
            r0001_ref("R2"),
            vec![
                bericht(r0002_for("411", "10400"), vec![student(2)]),
                bericht(r0002_for("411", "10620"), vec![student(3)]),
            ],
        ),
        one_bericht("R3", "10600", vec![student(4)]),
    ])];
    let (inputs, result) = run(&run_files);
    let failure = db.db.load(&inputs, &result.summary).unwrap_err();
    assert!(failure.error.to_string().contains("refused for the test"));
    assert_eq!(outcomes(&failure.report), [ZendingOutcome::Loaded]);
    assert_eq!(db.students("411", "10600"), sb(&[1]));
    assert!(
        db.students("411", "10400").is_empty(),
        "R2 is not half loaded"
    );
    assert_eq!(db.strings("SELECT referentienummer FROM zending"), ["R1"]);
    // Loaded again once the cause is gone, the rest loads.
    db.sql().execute_batch("DROP TRIGGER refuse").unwrap();
    let report = db.db.load(&inputs, &result.summary).unwrap();
    assert_eq!(
        outcomes(&report),
        [
            ZendingOutcome::AlreadyLoaded,
            ZendingOutcome::Loaded,
            ZendingOutcome::Loaded
        ]
    );
    assert_eq!(db.students("411", "10600"), sb(&[4]));
    assert_eq!(db.students("411", "10400"), sb(&[2]));
    assert_eq!(db.students("411", "10620"), sb(&[3]));
}

#[test]
fn a_database_keeps_what_was_loaded_when_opened_again() {
    let mut db = Db::new();
    db.load_one("R1", "10600", vec![student(1)]);
    let path = db.dir.path().join("dto.sqlite");
    drop(db.db);
    let again = Database::open_to_read(&path).unwrap();
    let n: i64 = again
        .connection()
        .query_row("SELECT count(*) FROM student", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

mod cli {
    use crate::util::*;
    use crate::util_cli::{dto, write_temp};
    use std::path::Path;

    /// `dto load --db DB --stats STATS INPUT`: its exit status, stdout and stderr.
    fn load_with_stats(db: &str, stats: &Path, input: &Path) -> (i32, String, String) {
        let (stats, input) = (stats.display().to_string(), input.display().to_string());
        dto(&["load", "--db", db, "--stats", &stats, &input])
    }

    #[test]
    fn dto_load_loads_says_what_it_loaded_and_skips_a_file_loaded_before() {
        let dir = tempfile::tempdir().unwrap();
        let input = write_temp(&dir, "in.txt", &file(&[default_zending(2)]));
        let input = input.display().to_string();
        let db = dir.path().join("dto.sqlite").display().to_string();
        let (code, stdout, stderr) = dto(&["load", "--db", &db, &input]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.contains(&format!(
                "loaded into {db}: 1 zendingen, 1 berichten; 2 students stored with 2 inschrijvingen, 0 withdrawn"
            )),
            "{stdout}"
        );
        let (code, stdout, stderr) = dto(&["load", "--db", &db, &input]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("loaded into"), "{stdout}");
        assert!(
            stdout.contains(&format!(
                "{input}:1 zending 1: afzender \"041801\" referentienummer \"DTO-TEST-0001\" was loaded before; skipped"
            )),
            "{stdout}"
        );
        assert!(stdout.contains("not loaded: 1 zendingen loaded before (skipped)"));
    }

    #[test]
    fn dto_load_with_fatal_findings_exits_1_and_loads_only_what_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let mut bad = student(2);
        set(&mut bad[2], "0136-31", "X");
        let z = zending(
            r0001(),
            vec![
                bericht(r0002_for("411", "10600"), vec![student(1)]),
                bericht(r0002_for("411", "10400"), vec![bad]),
            ],
        );
        let input = write_temp(&dir, "in.txt", &file(&[z]));
        let db = dir.path().join("dto.sqlite");
        let (code, stdout, stderr) = dto(&[
            "load",
            "--db",
            &db.display().to_string(),
            &input.display().to_string(),
        ]);
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stdout.contains("1 zendingen, 1 berichten; 1 students"),
            "{stdout}"
        );
    }

    #[test]
    fn a_db_that_is_an_input_another_output_or_stdout_is_refused_before_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let data = file(&[default_zending(1)]);
        let input = write_temp(&dir, "in.txt", &data).display().to_string();
        let findings = dir.path().join("f.jsonl").display().to_string();
        let here = dir.path().display().to_string();
        let table = dir.path().join("inschrijvingen.csv").display().to_string();
        let studenten = write_temp(&dir, "studenten.csv", &data)
            .display()
            .to_string();
        let db = dir.path().join("dto.sqlite").display().to_string();
        for (args, says) in [
            (
                vec!["load", "--db", &input, &input],
                "the run reads this file",
            ),
            (
                vec!["load", "--db", &findings, "--findings", &findings, &input],
                "name one file",
            ),
            (vec!["load", "--db", "-", &input], "--db needs a file"),
            // The statistics' files are outputs too.
            (
                vec!["load", "--db", &table, "--stats", &here, &input],
                "--db and --stats name one file",
            ),
            (
                vec![
                    "load",
                    "--db",
                    &db,
                    "--findings",
                    &table,
                    "--stats",
                    &here,
                    &input,
                ],
                "--findings and --stats name one file",
            ),
            (
                vec!["load", "--db", &db, "--stats", &here, &studenten],
                "the run reads this file",
            ),
            (
                vec!["stats", "--db", &studenten, "--out", &here],
                "the run reads this file",
            ),
        ] {
            let (code, stdout, stderr) = dto(&args);
            assert_eq!(code, 2, "{args:?}: {stdout}");
            assert!(stderr.contains(says), "{args:?}: {stderr}");
        }
        assert_eq!(std::fs::read(&input).unwrap(), data);
        assert_eq!(std::fs::read(&studenten).unwrap(), data);
        assert!(!std::path::Path::new(&findings).exists());
        assert!(!std::path::Path::new(&table).exists());
    }

    #[test]
    fn statistics_that_cannot_be_written_after_a_load_fail_the_run_after_its_summary() {
        let dir = tempfile::tempdir().unwrap();
        let input = write_temp(&dir, "in.txt", &file(&[default_zending(1)]));
        let stats = dir.path().join("stats");
        std::fs::create_dir_all(stats.join("studenten.csv")).unwrap();
        let db = dir.path().join("dto.sqlite").display().to_string();
        let (code, stdout, stderr) = load_with_stats(&db, &stats, &input);
        assert_eq!(code, 2);
        assert!(stdout.contains("loaded into"), "{stdout}");
        assert!(stdout.contains("statistics not written"), "{stdout}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("dto: --stats "), "{stderr}");
    }

    #[test]
    fn a_db_that_cannot_be_opened_stops_the_run_with_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let input = write_temp(&dir, "in.txt", &file(&[default_zending(1)]));
        let not_db = write_temp(&dir, "notes.txt", b"some notes, not a database\n");
        let (code, _, stderr) = dto(&[
            "load",
            "--db",
            &not_db.display().to_string(),
            &input.display().to_string(),
        ]);
        assert_eq!(code, 2);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("dto: --db "), "{stderr}");
        assert_eq!(
            std::fs::read(&not_db).unwrap(),
            b"some notes, not a database\n"
        );
    }

    #[test]
    fn dto_stats_counts_what_dto_load_wrote_and_needs_a_database_that_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let input = write_temp(&dir, "in.txt", &file(&[default_zending(3)]));
        let db = dir.path().join("dto.sqlite").display().to_string();
        let out = dir.path().join("stats");
        let out_arg = out.display().to_string();
        let (code, _, stderr) = dto(&["load", "--db", &db, &input.display().to_string()]);
        assert_eq!(code, 0, "{stderr}");
        let (code, stdout, stderr) = dto(&["stats", "--db", &db, "--out", &out_arg]);
        assert_eq!(code, 0, "{stderr}");
        for table in ["inschrijvingen", "studenten", "studievoortgang"] {
            let path = out.join(format!("{table}.csv"));
            assert!(stdout.contains(&path.display().to_string()), "{stdout}");
        }
        let csv = std::fs::read_to_string(out.join("studievoortgang.csv")).unwrap();
        assert_eq!(
            csv,
            "academiejaar,gebeurtenis,instelling,studiepunten_opgenomen,studiepunten_verworven,studierendement,diplomas\n\
             2024,10600,041801,180,108,0.600,0\n\
             2024,10600,VL,180,108,0.600,0\n"
        );
        let bundel = dir.path().join("bundel").display().to_string();
        let databundel = |instelling: &str| {
            dto(&[
                "stats",
                "--db",
                &db,
                "--out",
                &bundel,
                "--databundel",
                instelling,
            ])
        };
        let (code, stdout, stderr) = databundel("041801");
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.starts_with("databundel of 041801 from "), "{stdout}");
        let csv = std::fs::read_to_string(dir.path().join("bundel/studievoortgang.csv")).unwrap();
        assert!(
            csv.ends_with("\n2024,10600,041801,180,108,0.600,0\n"),
            "{csv}"
        );
        // An instelling of the reference tables with nothing loaded: the header rows only
        // (nothing to count), and a note of what the database does hold.
        let (code, _, stderr) = databundel("021101");
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains("no inschrijving of this instelling (it holds those of 041801)"),
            "{stderr}"
        );
        let csv = std::fs::read_to_string(dir.path().join("bundel/studievoortgang.csv")).unwrap();
        assert_eq!(csv.lines().count(), 1, "{csv}");
        assert!(
            csv.starts_with("academiejaar,gebeurtenis,instelling,"),
            "{csv}"
        );
        // A number no reference table holds is a mistake.
        let (code, _, stderr) = databundel("999999");
        assert_eq!(code, 2);
        assert!(
            stderr.contains("no instelling of the reference tables; the database holds inschrijvingen of 041801"),
            "{stderr}"
        );
        for not_a_number in ["41801", "VL", "al"] {
            let (code, _, stderr) = databundel(not_a_number);
            assert_eq!(code, 2);
            assert!(stderr.contains("six digits"), "{stderr}");
        }
        // Refused before the database is read.
        let (code, _, stderr) = dto(&[
            "stats",
            "--db",
            "missing.sqlite",
            "--out",
            &bundel,
            "--databundel",
            "41801",
        ]);
        assert_eq!(code, 2);
        assert!(stderr.contains("six digits"), "{stderr}");
        // A refused run leaves no directory it made for its tables.
        let missing = dir.path().join("missing.sqlite").display().to_string();
        let new_out = dir.path().join("new").join("stats").display().to_string();
        let (code, _, stderr) = dto(&["stats", "--db", &missing, "--out", &new_out]);
        assert_eq!(code, 2);
        assert!(stderr.contains("no database here"), "{stderr}");
        assert!(!std::path::Path::new(&missing).exists());
        assert!(!dir.path().join("new").exists());
        let up = dir.path().join("up/sub/..").display().to_string();
        let (code, _, _) = dto(&["stats", "--db", &missing, "--out", &up]);
        assert_eq!(code, 2);
        assert!(!dir.path().join("up").exists());
        // A `.` in the directory's name is no obstacle.
        let dot = dir.path().join("dot/.").display().to_string();
        let (code, _, stderr) = dto(&["stats", "--db", &db, "--out", &dot]);
        assert_eq!(code, 0, "{stderr}");
        assert!(dir.path().join("dot/studenten.csv").exists());
    }

    #[test]
    fn dto_stats_databundel_all_writes_the_databundel_of_every_instelling_in_a_directory_of_its_own(
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut other = zending(
            r0001_ref("DTO-TEST-0002"),
            vec![bericht(r0002(), (1..=6).map(student).collect())],
        );
        retarget(&mut other, "041902", "034102");
        let input = write_temp(&dir, "in.txt", &file(&[default_zending(3), other]));
        let db = dir.path().join("dto.sqlite").display().to_string();
        let (code, _, stderr) = dto(&["load", "--db", &db, &input.display().to_string()]);
        assert_eq!(code, 0, "{stderr}");
        let stats = |out: &Path, databundel: &str| {
            let out = out.display().to_string();
            dto(&[
                "stats",
                "--db",
                &db,
                "--out",
                &out,
                "--databundel",
                databundel,
            ])
        };
        let every = dir.path().join("every");
        let (code, stdout, stderr) = stats(&every, "all");
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(
            stdout.lines().collect::<Vec<_>>(),
            [
                format!("databundels from {db}, a directory for each instelling:"),
                format!("  {}", every.join("041801").display()),
                format!("  {}", every.join("041902").display()),
            ]
        );
        let mut made: Vec<_> = std::fs::read_dir(&every)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        made.sort();
        assert_eq!(made, ["041801", "041902"]);
        // Each is the databundel of its instelling alone.
        for instelling in ["041801", "041902"] {
            let alone = dir.path().join(format!("alone-{instelling}"));
            let (code, _, stderr) = stats(&alone, instelling);
            assert_eq!(code, 0, "{stderr}");
            for table in ["inschrijvingen", "studenten", "studievoortgang"] {
                let file = format!("{table}.csv");
                let written = std::fs::read_to_string(every.join(instelling).join(&file)).unwrap();
                assert_eq!(
                    written,
                    std::fs::read_to_string(alone.join(&file)).unwrap(),
                    "{file}"
                );
                assert!(written.lines().count() > 1, "{instelling} {file}: rows");
            }
        }
        // A database filled otherwise may hold an instelling that is no number: it names no
        // directory (here one outside the --out).
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute(
                "UPDATE situatie SET instelling = '../escaped' WHERE instelling = '041902'",
                [],
            )
            .unwrap();
        let tampered = dir.path().join("tampered");
        let (code, stdout, stderr) = stats(&tampered, "all");
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains("\"../escaped\" in the database is no instellingsnummer"),
            "{stderr}"
        );
        assert!(!dir.path().join("escaped").exists());
        assert_eq!(stdout.lines().count(), 2, "{stdout}");
        // A database without inschrijvingen has none to write, and says so.
        let empty = dir.path().join("empty.sqlite").display().to_string();
        let (code, _, stderr) = dto(&["load", "--db", &empty, "/dev/null"]);
        assert_eq!(code, 1, "{stderr}");
        let none = dir.path().join("none").display().to_string();
        let (code, stdout, stderr) = dto(&[
            "stats",
            "--db",
            &empty,
            "--out",
            &none,
            "--databundel",
            "all",
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains("no databundel to write"), "{stderr}");
        assert!(stdout.is_empty(), "{stdout}");
        assert!(!Path::new(&none).exists());
    }

    #[test]
    fn two_loads_at_once_into_one_new_database_both_load() {
        let dir = tempfile::tempdir().unwrap();
        for round in 0..8 {
            let db = dir.path().join(format!("dto-{round}.sqlite"));
            let inputs: Vec<String> = ["A", "B"]
                .iter()
                .map(|r| {
                    let z = zending(r0001_ref(r), vec![bericht(r0002(), vec![student(1)])]);
                    write_temp(&dir, &format!("{r}.txt"), &file(&[z]))
                        .display()
                        .to_string()
                })
                .collect();
            let children: Vec<_> = inputs
                .iter()
                .map(|input| {
                    std::process::Command::new(env!("CARGO_BIN_EXE_dto"))
                        .args(["load", "--db", &db.display().to_string(), input])
                        .stdout(std::process::Stdio::piped())
                        .stderr(std::process::Stdio::piped())
                        .spawn()
                        .unwrap()
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|c| c.wait_with_output().unwrap())
                .collect();
            for c in &children {
                assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
            }
            let loaded: i64 = rusqlite::Connection::open(&db)
                .unwrap()
                .query_row("SELECT count(*) FROM zending", [], |r| r.get(0))
                .unwrap();
            assert_eq!(loaded, 2);
        }
    }

    #[test]
    fn a_db_named_like_an_sqlite_uri_is_a_file_of_that_name() {
        // As a URI, this name would be a database in memory, and nothing would be written.
        let dir = tempfile::tempdir().unwrap();
        write_temp(&dir, "in.txt", &file(&[default_zending(1)]));
        let name = "file:dto.sqlite?mode=memory";
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dto"))
            .current_dir(dir.path())
            .args(["load", "--db", name, "in.txt"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert!(dir.path().join(name).exists());
    }

    #[test]
    fn a_load_that_stops_prints_what_it_loaded_and_exits_2() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("dto.sqlite");
        let db_arg = db.display().to_string();
        let empty = write_temp(&dir, "empty.txt", &file(&[default_zending(0)]));
        let (code, _, stderr) = dto(&["load", "--db", &db_arg, &empty.display().to_string()]);
        assert_eq!(code, 0, "{stderr}");
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(&format!(
                "CREATE TRIGGER refuse BEFORE INSERT ON student WHEN NEW.stamboeknummer = '{}' \
                 BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
                stamboeknummer(2)
            ))
            .unwrap();
        let two = file(&[
            zending(r0001_ref("A"), vec![bericht(r0002(), vec![student(1)])]),
            zending(r0001_ref("B"), vec![bericht(r0002(), vec![student(2)])]),
        ]);
        let input = write_temp(&dir, "two.txt", &two);
        let (code, stdout, stderr) = dto(&["load", "--db", &db_arg, &input.display().to_string()]);
        assert_eq!(code, 2, "{stdout}");
        assert!(
            stdout.contains("1 zendingen, 1 berichten; 1 students"),
            "{stdout}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("refused for the test"), "{stderr}");
        assert!(stderr.contains("the load stopped there"), "{stderr}");
        // Asked for statistics, it writes none: the load stopped.
        let stats = dir.path().join("stats");
        let (code, stdout, _) = load_with_stats(&db_arg, &stats, &input);
        assert_eq!(code, 2, "{stdout}");
        assert!(
            stdout.contains("statistics not written: the load stopped"),
            "{stdout}"
        );
        assert!(
            !stats.exists(),
            "the directory made for them is removed again"
        );
    }

    #[test]
    fn dto_load_with_stats_writes_the_statistics_of_the_whole_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("dto.sqlite").display().to_string();
        let stats = dir.path().join("stats");
        for (name, n) in [("a.txt", 2), ("b.txt", 3)] {
            let z = zending(
                r0001_ref(name),
                vec![bericht(
                    r0002_for("411", if n == 2 { "10600" } else { "10400" }),
                    (1..=n).map(student).collect(),
                )],
            );
            let input = write_temp(&dir, name, &file(&[z]));
            let (code, stdout, stderr) = load_with_stats(&db, &stats, &input);
            assert_eq!(code, 0, "{stderr}");
            assert!(stdout.contains("statistics of the database:"), "{stdout}");
        }
        // Both loads counted, not only the last.
        let csv = std::fs::read_to_string(stats.join("studievoortgang.csv")).unwrap();
        assert_eq!(
            csv.lines().skip(1).collect::<Vec<_>>(),
            [
                "2024,10400,041801,180,108,0.600,0",
                "2024,10400,VL,180,108,0.600,0",
                "2024,10600,041801,120,72,0.600,0",
                "2024,10600,VL,120,72,0.600,0"
            ]
        );
        let not_a_dir = write_temp(&dir, "plain.txt", b"x");
        let input = write_temp(&dir, "c.txt", &file(&[default_zending(1)]));
        let (code, _, stderr) = load_with_stats(&db, &not_a_dir, &input);
        assert_eq!(code, 2);
        assert!(stderr.contains("a file, not a directory"), "{stderr}");
    }
}
