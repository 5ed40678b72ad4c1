//! Loading (spec section 9): what a run accepted, into the studentendatabank, an SQLite file.
//!
//! The database keeps, per instelling, hoofdstructuur, academiejaar and gebeurtenis (a
//! `situatie`), the accepted situation: a definitive bericht (10600, 10400) that is accepted
//! replaces its situatie whole; in a 10620 bericht every accepted student group replaces
//! that student's earlier data, and a student sent without 0136 is withdrawn. Zendingen
//! apply in the order of the files and of their lines; a testzending is never loaded, and a
//! zending whose (afzender, referentienummer) was loaded before is skipped, so loading the
//! same file twice changes nothing.
//!
//! Each zending applies in one transaction, its berichten in order: a bericht applies whole
//! or not at all (as section 9 asks), and a run that stops half-way leaves no zending half
//! loaded and marked as loaded.
//!
//! Tables (every stored field is the field as written with trailing blanks removed, an
//! absent field empty; text when its bytes are UTF-8, else the bytes):
//!
//! - `zending`: afzender, referentienummer, bestand, zending (its index in the file): the
//!   zendingen loaded;
//! - `situatie`: id, instelling, hoofdstructuur, academiejaar, gebeurtenis, tellingsdatum
//!   (the 0002-08 of the last bericht applied to it);
//! - `student`: situatie, stamboeknummer, then the fields 0134-07 to 0134-14 and 0135-07 to
//!   0135-19, named after the spec ([`column`](fn@column));
//! - `inschrijving`: situatie, stamboeknummer, volgnummer (its place among the student's
//!   stored inschrijvingen, from 1), then the fields 0136-07 to 0136-31.
//!
//! The file is marked as a dto database (its `application_id`), and anything else is
//! refused. Loads take the write lock before they read, and wait for another load or a
//! reader; [`Database::open_to_read`] reads without writing anything, a journal included.

use crate::accept::{self, Status};
use crate::check::bytes::trim_blanks as trim;
use crate::check::zending::ZendingInfo;
use crate::check::BerichtOutcome;
use crate::layout::{Field, FieldId, Kind, RecordType, RECORD_LEN};
use crate::run::{Input, RunSummary};
use crate::split;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{
    params, CachedStatement, Connection, OpenFlags, OptionalExtension, ToSql, Transaction,
    TransactionBehavior,
};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

/// The schema this build writes, in the database's `user_version`.
const SCHEMA_VERSION: i64 = 1;

/// What marks an SQLite file as a dto database: its `application_id`, "DTOs".
const APPLICATION_ID: i32 = i32::from_be_bytes(*b"DTOs");

/// How long a load or a read waits for another that holds the database.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The studentendatabank: an SQLite file with the tables of this module.
pub struct Database {
    conn: Connection,
    path: PathBuf,
}

/// A database that cannot be opened or written.
#[derive(Debug)]
pub struct DatabaseError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for DatabaseError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for DatabaseError {}

impl Database {
    /// Opens the database at `path` to load into it, creating it (and its tables) when it is
    /// not there or is an empty file. A file that is not a dto database is refused, and left
    /// as it is.
    pub fn open(path: &Path) -> Result<Database, DatabaseError> {
        let db = Database::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        db.prepare().map_err(|e| db.error(e))?;
        Ok(db)
    }

    /// Opens the dto database at `path`, which must be there, to read it only: nothing is
    /// written to it, not even a journal, so a reader needs no more than read access. (Only
    /// the journal of a load that was killed is rolled back first, as the next load would.)
    pub fn open_to_read(path: &Path) -> Result<Database, DatabaseError> {
        if !path.is_file() && !path.is_dir() {
            return Err(DatabaseError {
                path: path.to_path_buf(),
                message: "no database here (`dto load --db` makes one)".into(),
            });
        }
        let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let db = Database::connect(path, read_only)?;
        let kind = match db.kind() {
            // A load that was killed left its journal: the database is read once with write
            // access, which rolls that load's last zending back, as the next load would.
            Err(e) if left_a_journal(&e) => {
                let write = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                Database::connect(path, write)?
                    .kind()
                    .map_err(|e| db.error(e.into()))?;
                db.kind()
            }
            kind => kind,
        };
        match kind.map_err(|e| db.error(e.into()))? {
            FileKind::Dto(SCHEMA_VERSION) => Ok(db),
            other => Err(db.error(other.refusal())),
        }
    }

    /// Opens `path` as a file name, never as a `file:` URI, so that the name the outputs
    /// are checked against is the file written.
    fn connect(path: &Path, flags: OpenFlags) -> Result<Database, DatabaseError> {
        // SQLite says only that it is "unable to open database file".
        if path.is_dir() {
            return Err(DatabaseError {
                path: path.to_path_buf(),
                message: "a directory, not a database file".into(),
            });
        }
        // Leaving SQLITE_OPEN_URI out is not enough: the bundled SQLite is built to read a
        // name that begins with `file:` as a URI whatever the flags (`file:x?mode=memory`
        // would load into memory, and lose it). Before a relative name, `./` keeps it a name.
        let name = match path.is_relative() {
            true => Path::new(".").join(path),
            false => path.to_path_buf(),
        };
        let db = Database {
            conn: Connection::open_with_flags(&name, flags).map_err(|e| DatabaseError {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?,
            path: path.to_path_buf(),
        };
        // Another load, or a reader, may hold the database for a while: wait for it rather
        // than fail a nightly run.
        db.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| db.error(e.into()))?;
        // Checked whatever default the SQLite library was built with.
        db.conn
            .pragma_update(None, "foreign_keys", true)
            .map_err(|e| db.error(e.into()))?;
        Ok(db)
    }

    /// The error `e` of this database, in words.
    fn error(&self, e: Refusal) -> DatabaseError {
        DatabaseError {
            path: self.path.clone(),
            message: match e {
                Refusal::Sql(e) => match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::NotADatabase) => "not an SQLite database".into(),
                    _ => e.to_string(),
                },
                Refusal::Foreign(message) => message,
            },
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, to read what is loaded.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// What the file is. A load reads it in a transaction that holds the write lock, so
    /// that two loads that start on a new file do not both create the tables.
    fn kind(&self) -> rusqlite::Result<FileKind> {
        let (application, version, tables): (i32, i64, i64) = self.conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), \
             (SELECT user_version FROM pragma_user_version), \
             (SELECT count(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(match (application, tables) {
            (APPLICATION_ID, _) => FileKind::Dto(version),
            (0, 0) if version == 0 => FileKind::Empty,
            _ => FileKind::Foreign,
        })
    }

    /// Creates the tables in a new, empty database; refuses any other than a dto database of
    /// this schema.
    fn prepare(&self) -> Result<(), Refusal> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let made = match self.kind()? {
            FileKind::Dto(SCHEMA_VERSION) => Ok(()),
            FileKind::Empty => self.conn.execute_batch(&format!(
                "{} PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};",
                schema()
            )).map_err(Refusal::from),
            other => Err(other.refusal()),
        };
        match made {
            Ok(()) => self.conn.execute_batch("COMMIT")?,
            Err(e) => {
                // Should the rollback fail too, closing the connection rolls back: the
                // reason to tell is the first.
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
        // A page cache of 64 MiB (2 MiB by default) holds the indexes that a national load
        // writes into: a quarter less time.
        self.conn.execute_batch("PRAGMA cache_size = -65536")?;
        Ok(())
    }

    /// Loads what `run` accepted of `inputs` (the same inputs, in the same order), in file
    /// and line order, and says what became of every zending.
    pub fn load(&mut self, inputs: &[Input], run: &RunSummary) -> Result<LoadReport, LoadFailure> {
        self.load_counting(inputs, run, &AtomicU64::new(0))
    }

    /// [`Database::load`], adding to `progress` the berichten it has been through.
    pub fn load_counting(
        &mut self,
        inputs: &[Input],
        run: &RunSummary,
        progress: &AtomicU64,
    ) -> Result<LoadReport, LoadFailure> {
        let mut report = LoadReport::default();
        for (fi, (input, file)) in inputs.iter().zip(&run.files).enumerate() {
            let data = input.bytes();
            let mut berichten = file.berichten.as_slice();
            for (zi, z) in file.zendingen.iter().enumerate() {
                let n = berichten.iter().take_while(|(i, _)| *i == zi).count();
                let (own, rest) = berichten.split_at(n);
                berichten = rest;
                let (outcome, applied) = match self.load_zending(data, &input.label, z, own) {
                    Ok(done) => done,
                    Err(e) => {
                        let error = self.error(e.into());
                        return Err(LoadFailure { report, error });
                    }
                };
                progress.fetch_add(own.len() as u64, Ordering::Relaxed);
                report.zendingen.push(ZendingLoad {
                    file: fi,
                    zending: z.index,
                    line: z.line,
                    referentie: z.referentie,
                    outcome,
                    applied,
                });
            }
        }
        Ok(report)
    }

    /// Loads zending `z` with its berichten `berichten`, in one transaction.
    fn load_zending(
        &mut self,
        data: &[u8],
        label: &str,
        z: &ZendingInfo,
        berichten: &[(usize, BerichtOutcome)],
    ) -> rusqlite::Result<(ZendingOutcome, Applied)> {
        let mut applied = Applied::default();
        if z.test {
            return Ok((ZendingOutcome::Test, applied));
        }
        if z.rejected {
            return Ok((ZendingOutcome::Rejected, applied));
        }
        let referentie = z.referentie.as_ref().map(afzender_referentienummer);
        // Immediate: the write lock is taken (or waited for) before the first read.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some((a, r)) = referentie {
            let seen = tx
                .prepare_cached(
                    "SELECT 1 FROM zending WHERE afzender = ?1 AND referentienummer = ?2",
                )?
                .query_row(params![Stored(a), Stored(r)], |_| Ok(()))
                .optional()?;
            if seen.is_some() {
                return Ok((ZendingOutcome::AlreadyLoaded, applied));
            }
        }
        for (_, b) in berichten {
            let acceptance = accept::judge(data, z, b);
            if acceptance.status == Status::Rejected {
                continue;
            }
            apply_bericht(&tx, data, b, &mut applied)?;
        }
        if applied.berichten == 0 {
            // Nothing applied: the zending is not loaded, and may come again.
            return Ok((ZendingOutcome::NothingAccepted, applied));
        }
        if let Some((a, r)) = referentie {
            tx.prepare_cached(
                "INSERT INTO zending (afzender, referentienummer, bestand, zending) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![Stored(a), Stored(r), label, z.index])?;
        }
        tx.commit()?;
        Ok((ZendingOutcome::Loaded, applied))
    }
}

/// Why a database cannot be used.
enum Refusal {
    Sql(rusqlite::Error),
    Foreign(String),
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Refusal {
        Refusal::Sql(e)
    }
}

/// What an SQLite file is.
enum FileKind {
    /// A dto database of this schema version.
    Dto(i64),
    /// A new database: no table, no application.
    Empty,
    /// Another program's.
    Foreign,
}

impl FileKind {
    fn refusal(&self) -> Refusal {
        Refusal::Foreign(match self {
            FileKind::Dto(v) => format!(
                "a dto database of schema version {v}; this dto reads version {SCHEMA_VERSION}"
            ),
            FileKind::Empty => {
                "an empty database, not a dto database (`dto load --db` makes one)".into()
            }
            FileKind::Foreign => "an SQLite database of another program, not a dto database".into(),
        })
    }
}

/// A load that stopped (the disk full, the database locked too long): what it loaded before,
/// and why it stopped. The zending it was loading is not loaded, none of it.
#[derive(Debug)]
pub struct LoadFailure {
    pub report: LoadReport,
    pub error: DatabaseError,
}

/// What loading did with every zending of a run, in file and line order.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub zendingen: Vec<ZendingLoad>,
}

/// What loading did with one zending.
#[derive(Debug)]
pub struct ZendingLoad {
    /// The index of its file in the run.
    pub file: usize,
    /// Its index in its file, and its first line.
    pub zending: u32,
    pub line: u64,
    /// 0001-05 and 0001-06 as written.
    pub referentie: Option<[u8; 26]>,
    pub outcome: ZendingOutcome,
    pub applied: Applied,
}

/// Whether a zending was loaded, and if not why not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZendingOutcome {
    /// At least one of its berichten was applied.
    Loaded,
    /// A testzending: never loaded.
    Test,
    /// Rejected whole (section 9).
    Rejected,
    /// Every bericht rejected, or none: nothing applied.
    NothingAccepted,
    /// Its afzender and referentienummer were loaded before: skipped.
    AlreadyLoaded,
}

/// What the applied berichten of a zending changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub berichten: u32,
    /// Students stored (with or without inschrijving), and their inschrijvingen.
    pub students: u64,
    pub inschrijvingen: u64,
    /// Students removed from a provisional situation, sent again without 0136 (one who was
    /// not there is not counted).
    pub withdrawn: u64,
}

impl LoadReport {
    /// The zendingen with `outcome`.
    pub fn count(&self, outcome: ZendingOutcome) -> usize {
        self.zendingen
            .iter()
            .filter(|z| z.outcome == outcome)
            .count()
    }

    /// Everything applied, added up.
    pub fn applied(&self) -> Applied {
        self.zendingen.iter().fold(Applied::default(), |mut t, z| {
            t.berichten += z.applied.berichten;
            t.students += z.applied.students;
            t.inschrijvingen += z.applied.inschrijvingen;
            t.withdrawn += z.applied.withdrawn;
            t
        })
    }

    /// The account of the load for the summary; `labels` are the run's file names.
    pub fn text(&self, db: &Path, labels: &[&str]) -> String {
        use std::fmt::Write;
        let a = self.applied();
        let mut s = format!(
            "loaded into {}: {} zendingen, {} berichten; {} students stored with {} inschrijvingen, {} withdrawn\n",
            db.display(),
            self.count(ZendingOutcome::Loaded),
            a.berichten,
            a.students,
            a.inschrijvingen,
            a.withdrawn
        );
        let not = [
            (ZendingOutcome::Test, "testzendingen (never loaded)"),
            (ZendingOutcome::Rejected, "zendingen rejected whole"),
            (
                ZendingOutcome::NothingAccepted,
                "zendingen with no bericht accepted",
            ),
            (
                ZendingOutcome::AlreadyLoaded,
                "zendingen loaded before (skipped)",
            ),
        ];
        for (outcome, what) in not {
            let n = self.count(outcome);
            if n > 0 {
                let _ = writeln!(s, "not loaded: {n} {what}");
            }
        }
        for z in self
            .zendingen
            .iter()
            .filter(|z| z.outcome == ZendingOutcome::AlreadyLoaded)
        {
            let (a, r) = afzender_referentienummer(
                z.referentie
                    .as_ref()
                    .expect("only a referentie can be seen before"),
            );
            let _ = writeln!(
                s,
                "  {}:{} zending {}: afzender \"{}\" referentienummer \"{}\" was loaded before; skipped",
                labels[z.file],
                z.line,
                z.zending,
                crate::report::shown(a),
                crate::report::shown(r)
            );
        }
        s
    }
}

/// The afzender and referentienummer of 0001-05 and 0001-06 as written, without trailing
/// blanks: a zending's key in the table `zending`.
fn afzender_referentienummer(referentie: &[u8; 26]) -> (&[u8], &[u8]) {
    (trim(&referentie[..6]), trim(&referentie[6..]))
}

/// Applies bericht `b` of `data`, which is accepted or partial.
fn apply_bericht(
    tx: &Transaction,
    data: &[u8],
    b: &BerichtOutcome,
    applied: &mut Applied,
) -> rusqlite::Result<()> {
    let header = &data[b.header..b.header + RECORD_LEN];
    let h = |nr| trim(field(RecordType::BerichtHeader, nr).slice(header));
    let situatie: i64 = tx
        .prepare_cached(
            "INSERT INTO situatie (instelling, hoofdstructuur, academiejaar, gebeurtenis, tellingsdatum) \
             VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (instelling, hoofdstructuur, academiejaar, gebeurtenis) \
             DO UPDATE SET tellingsdatum = excluded.tellingsdatum RETURNING id",
        )?
        .query_row(
            params![Stored(h(4)), Stored(h(5)), Stored(h(7)), Stored(h(6)), Stored(h(8))],
            |r| r.get(0),
        )?;
    if !b.voorlopig {
        // A definitive count is replaced whole.
        tx.prepare_cached("DELETE FROM inschrijving WHERE situatie = ?1")?
            .execute([situatie])?;
        tx.prepare_cached("DELETE FROM student WHERE situatie = ?1")?
            .execute([situatie])?;
    }
    let mut writes = Writes::prepare(tx)?;
    let mut rejected = b.rejected_groups.iter().peekable();
    for (i, group) in groups(data, b.header).enumerate() {
        // In a 10620 bericht a rejected group leaves its student as he was; a definitive
        // bericht that applies has no rejected group.
        if rejected.next_if_eq(&&(i as u32)).is_some() {
            continue;
        }
        let stamboeknummer = trim(field(RecordType::Identificatie, 6).slice(group.identificatie));
        if b.voorlopig {
            let student = params![situatie, Stored(stamboeknummer)];
            writes.remove_inschrijvingen.execute(student)?;
            let removed = writes.remove_student.execute(student)?;
            if group.inschrijvingen.is_empty() {
                applied.withdrawn += removed as u64;
                continue;
            }
        }
        writes.store_student(situatie, stamboeknummer, &group)?;
        applied.students += 1;
        applied.inschrijvingen += writes.store_inschrijvingen(situatie, stamboeknummer, &group)?;
    }
    applied.berichten += 1;
    Ok(())
}

/// The statements that store a bericht's students, prepared once for the bericht.
struct Writes<'t> {
    remove_inschrijvingen: CachedStatement<'t>,
    remove_student: CachedStatement<'t>,
    student: CachedStatement<'t>,
    inschrijving: CachedStatement<'t>,
}

impl<'t> Writes<'t> {
    fn prepare(tx: &'t Transaction) -> rusqlite::Result<Writes<'t>> {
        Ok(Writes {
            remove_inschrijvingen: tx.prepare_cached(
                "DELETE FROM inschrijving WHERE situatie = ?1 AND stamboeknummer = ?2",
            )?,
            remove_student: tx.prepare_cached(
                "DELETE FROM student WHERE situatie = ?1 AND stamboeknummer = ?2",
            )?,
            student: tx.prepare_cached(&STUDENT_INSERT)?,
            inschrijving: tx.prepare_cached(&INSCHRIJVING_INSERT)?,
        })
    }

    fn store_student(
        &mut self,
        situatie: i64,
        stamboeknummer: &[u8],
        group: &Group,
    ) -> rusqlite::Result<()> {
        let stmt = &mut self.student;
        stmt.raw_bind_parameter(1, situatie)?;
        stmt.raw_bind_parameter(2, Stored(stamboeknummer))?;
        let mut at = 3;
        for (rt, record) in [
            (RecordType::Identificatie, Some(group.identificatie)),
            (RecordType::Student, group.student),
        ] {
            for f in stored(rt) {
                stmt.raw_bind_parameter(at, Stored(record.map_or(&b""[..], |r| trim(f.slice(r)))))?;
                at += 1;
            }
        }
        stmt.raw_execute()?;
        Ok(())
    }

    /// Stores the inschrijvingen of a group; two with the same key of section 7 are one
    /// inschrijving, the first (spec section 12, "Loading"). Returns how many were stored.
    fn store_inschrijvingen(
        &mut self,
        situatie: i64,
        stamboeknummer: &[u8],
        group: &Group,
    ) -> rusqlite::Result<u64> {
        let stmt = &mut self.inschrijving;
        let mut volgnummer: i64 = 0;
        for (j, record) in group.inschrijvingen.iter().enumerate() {
            let key = Key::of(record);
            if group.inschrijvingen[..j].iter().any(|r| Key::of(r) == key) {
                continue;
            }
            volgnummer += 1;
            stmt.raw_bind_parameter(1, situatie)?;
            stmt.raw_bind_parameter(2, Stored(stamboeknummer))?;
            stmt.raw_bind_parameter(3, volgnummer)?;
            for (at, f) in (4..).zip(stored(RecordType::Inschrijving)) {
                stmt.raw_bind_parameter(at, Stored(trim(f.slice(record))))?;
            }
            stmt.raw_execute()?;
        }
        Ok(volgnummer as u64)
    }
}

/// The key of an inschrijving (section 7) as loading compares it: instellingsnummer,
/// hoofdstructuur, stamboeknummer, vestiging, administratieve groep, soort contract and aard
/// inschrijving as written, and datum inschrijving as a date (`01.10.2024` equals
/// `01/10/2024`).
///
/// Not the key of the duplicate check ([`crate::check::cross::InschrijvingKey`]): that one
/// is read from usable fields only, since a 0136 with a finding on a key field takes no part
/// in `4910001`. A 0136 that applies may still have such a field with a warning (an aard
/// inschrijving absent in a 10620 bericht), and two such records with one key are one
/// inschrijving all the same (section 12): here a field compares as it is written.
#[derive(PartialEq, Eq)]
struct Key<'a> {
    fields: [&'a [u8]; 7],
    datum: [u8; 10],
}

impl<'a> Key<'a> {
    fn of(record: &'a [u8]) -> Key<'a> {
        let f = |nr| field(RecordType::Inschrijving, nr).slice(record);
        let mut datum = [0; 10];
        for (d, &c) in datum.iter_mut().zip(f(16)) {
            // A date written with either separator (section 3).
            *d = if c == b'/' { b'.' } else { c };
        }
        Key {
            fields: [f(4), f(5), f(6), f(9), f(7), f(23), f(13)],
            datum,
        }
    }
}

/// One student group of an applied bericht: its records.
struct Group<'a> {
    identificatie: &'a [u8],
    student: Option<&'a [u8]>,
    inschrijvingen: Vec<&'a [u8]>,
}

/// The student groups of the bericht whose header is at `header`, in order, up to its 0003.
///
/// Only a bericht that applies is read: such a bericht has no line that is not a record of
/// 210 bytes and no record out of order (those findings reject it whole), so its groups are
/// plainly 0134, 0135, 0136*. Lines that are no such record are passed over all the same.
fn groups(data: &[u8], header: usize) -> impl Iterator<Item = Group<'_>> {
    let mut lines = records(data, header).skip(1).peekable();
    std::iter::from_fn(move || {
        // Up to the group's 0134; None at the bericht's end.
        let identificatie = loop {
            let (rt, rec) = lines.next()?;
            match rt {
                RecordType::Identificatie => break rec,
                RecordType::BerichtEinde
                | RecordType::BerichtHeader
                | RecordType::ZendingHeader => return None,
                _ => {}
            }
        };
        let student = lines
            .next_if(|(rt, _)| *rt == RecordType::Student)
            .map(|(_, r)| r);
        let mut inschrijvingen = Vec::new();
        while let Some((_, r)) = lines.next_if(|(rt, _)| *rt == RecordType::Inschrijving) {
            inschrijvingen.push(r);
        }
        Some(Group {
            identificatie,
            student,
            inschrijvingen,
        })
    })
}

/// The visible records of `data` from offset `start`, with their type; other lines left
/// out.
fn records(data: &[u8], start: usize) -> impl Iterator<Item = (RecordType, &[u8])> {
    split::lines(data, start, data.len()).filter_map(|l| {
        let line = &data[l.start..l.end];
        Some((split::visible_type(line)?, line))
    })
}

/// The fields a table keeps of a record of type `rt`: from field 07 on, the opvulling left
/// out. (Fields 01-03 are the record's type, version and number; 04-06 the instelling,
/// hoofdstructuur and stamboeknummer, which the situatie and the student's key hold.)
fn stored(rt: RecordType) -> impl Iterator<Item = &'static Field> {
    rt.fields()
        .iter()
        .filter(|f| f.id.nr >= 7 && f.kind != Kind::Filler)
}

/// The column of field `id`: its name in the spec in lower case, each run of other
/// characters than letters and digits one `_` (`0136-10` is
/// `zittijd_examencommissie_inschrijving_examen`).
pub fn column(id: FieldId) -> String {
    let name = crate::layout::field(id).name.to_ascii_lowercase();
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

fn field(rt: RecordType, nr: u8) -> &'static Field {
    crate::layout::field(FieldId::new(rt, nr))
}

/// Whether `e` says that a load was killed and left its journal, which a connection that
/// may not write cannot roll back.
fn left_a_journal(e: &rusqlite::Error) -> bool {
    e.sqlite_error()
        .is_some_and(|e| e.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK)
}

/// `INSERT INTO table (head..., the columns of the records rts) VALUES (?1, ...)`.
fn insert(table: &str, head: &[&str], rts: &[RecordType]) -> String {
    let columns: Vec<String> = head
        .iter()
        .map(|h| h.to_string())
        .chain(rts.iter().flat_map(|&rt| stored(rt)).map(|f| column(f.id)))
        .collect();
    let values: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        values.join(", ")
    )
}

/// A student is new in his situatie: a definitive bericht that applies has each
/// stamboeknummer once (a second gives `4410114`, fatal) and empties the situatie first, and
/// a 10620 group removes its student first.
static STUDENT_INSERT: LazyLock<String> = LazyLock::new(|| {
    insert(
        "student",
        &["situatie", "stamboeknummer"],
        &[RecordType::Identificatie, RecordType::Student],
    )
});

static INSCHRIJVING_INSERT: LazyLock<String> = LazyLock::new(|| {
    insert(
        "inschrijving",
        &["situatie", "stamboeknummer", "volgnummer"],
        &[RecordType::Inschrijving],
    )
});

/// The SQL of the tables.
fn schema() -> String {
    let columns = |rts: &[RecordType]| -> String {
        rts.iter()
            .flat_map(|&rt| stored(rt))
            .map(|f| format!(", {} NOT NULL", column(f.id)))
            .collect()
    };
    format!(
        "CREATE TABLE zending (
            afzender NOT NULL, referentienummer NOT NULL, bestand TEXT NOT NULL,
            zending INTEGER NOT NULL, PRIMARY KEY (afzender, referentienummer));
        CREATE TABLE situatie (
            id INTEGER PRIMARY KEY, instelling NOT NULL, hoofdstructuur NOT NULL,
            academiejaar NOT NULL, gebeurtenis NOT NULL, tellingsdatum NOT NULL,
            UNIQUE (instelling, hoofdstructuur, academiejaar, gebeurtenis));
        CREATE TABLE student (
            situatie INTEGER NOT NULL REFERENCES situatie (id), stamboeknummer NOT NULL{},
            PRIMARY KEY (situatie, stamboeknummer)) WITHOUT ROWID;
        CREATE TABLE inschrijving (
            situatie INTEGER NOT NULL, stamboeknummer NOT NULL, volgnummer INTEGER NOT NULL{},
            PRIMARY KEY (situatie, stamboeknummer, volgnummer),
            FOREIGN KEY (situatie, stamboeknummer) REFERENCES student (situatie, stamboeknummer))
            WITHOUT ROWID;",
        columns(&[RecordType::Identificatie, RecordType::Student]),
        columns(&[RecordType::Inschrijving]),
    )
}

/// A field's bytes as stored: text when they are UTF-8, else the bytes themselves, so that
/// nothing is lost.
#[derive(Clone, Copy)]
struct Stored<'a>(&'a [u8]);

impl ToSql for Stored<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match std::str::from_utf8(self.0) {
            Ok(_) => ValueRef::Text(self.0),
            Err(_) => ValueRef::Blob(self.0),
        }))
    }
}
