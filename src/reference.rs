//! Reference tables (spec section 10): instellingen, vestigingen, administratieve groepen, the
//! AGs each instelling organises, secondary schools and their afstudeerrichtingen, landen.
//!
//! Loaded from a directory of CSV files, or from the sample set compiled into the binary
//! (`reference/` in the repository). Codes are kept as integers of their digits; every
//! lookup on the hot path is a load or two from a dense table, never a hash probe.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// The soort of an administratieve groep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgSoort {
    Bachelor,
    Master,
    Schakel,
    Voorbereiding,
    Doctoraat,
    Creditcontract,
    Afbouw,
}

impl AgSoort {
    pub const ALL: [AgSoort; 7] = [
        AgSoort::Bachelor,
        AgSoort::Master,
        AgSoort::Schakel,
        AgSoort::Voorbereiding,
        AgSoort::Doctoraat,
        AgSoort::Creditcontract,
        AgSoort::Afbouw,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgSoort::Bachelor => "bachelor",
            AgSoort::Master => "master",
            AgSoort::Schakel => "schakel",
            AgSoort::Voorbereiding => "voorbereiding",
            AgSoort::Doctoraat => "doctoraat",
            AgSoort::Creditcontract => "creditcontract",
            AgSoort::Afbouw => "afbouw",
        }
    }
}

/// What the rules read of a row of `administratieve_groepen.csv`: not its hoofdstructuur,
/// which no rule checks (spec section 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ag {
    pub soort: AgSoort,
    /// `bama` is `J`: a bachelor-master AG (taalregime 9 is not allowed).
    pub bama: bool,
}

/// A reference table file that cannot be used; names the file and the line.
#[derive(Debug)]
pub struct ReferenceError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}

impl std::error::Error for ReferenceError {}

/// A set of numbers below a bound, one bit each: a lookup is one load.
#[derive(Debug, Default)]
struct BitSet(Vec<u64>);

impl BitSet {
    fn new(bound: usize) -> BitSet {
        BitSet(vec![0; bound.div_ceil(64)])
    }

    fn insert(&mut self, n: usize) {
        self.0[n / 64] |= 1 << (n % 64);
    }

    #[inline(always)]
    fn contains(&self, n: usize) -> bool {
        self.0.get(n / 64).is_some_and(|w| w >> (n % 64) & 1 == 1)
    }
}

/// A set of pairs of codes, as a bit matrix: a row per distinct first code, a column per
/// distinct second code, each numbered in a dense table over the codes' range, and row 0
/// and column 0, never set, for the codes in no pair. A lookup is three loads and no
/// branch; the matrix takes rows × columns bits (for the real tables, a few hundred
/// instellingen or schools by a few thousand AGs: well under a megabyte).
#[derive(Debug, Default)]
struct PairSet {
    /// First code → its row (0: in no pair).
    rows: Vec<u32>,
    /// Second code → its column (0: in no pair).
    columns: Vec<u32>,
    /// Columns, column 0 included.
    width: usize,
    bits: BitSet,
}

impl PairSet {
    fn new(pairs: &[(u32, u32)], first_bound: usize, second_bound: usize) -> PairSet {
        let number = |bound: usize, codes: &mut dyn Iterator<Item = u32>| {
            let mut index = vec![0u32; bound];
            let mut n = 0;
            for c in codes {
                if index[c as usize] == 0 {
                    n += 1;
                    index[c as usize] = n;
                }
            }
            (index, n as usize)
        };
        let (rows, height) = number(first_bound, &mut pairs.iter().map(|p| p.0));
        let (columns, width) = number(second_bound, &mut pairs.iter().map(|p| p.1));
        let width = width + 1;
        let mut set = PairSet {
            rows,
            columns,
            width,
            bits: BitSet::new((height + 1) * width),
        };
        for &(a, b) in pairs {
            let bit = set.bit(a, b);
            set.bits.insert(bit);
        }
        set
    }

    /// The bit of the pair: in row or column 0 when a code is in no pair.
    #[inline(always)]
    fn bit(&self, a: u32, b: u32) -> usize {
        let r = self.rows.get(a as usize).map_or(0, |&r| r as usize);
        let c = self.columns.get(b as usize).map_or(0, |&c| c as usize);
        r * self.width + c
    }

    #[inline(always)]
    fn contains(&self, a: u32, b: u32) -> bool {
        self.bits.contains(self.bit(a, b))
    }
}

/// All reference tables of one run. Six-digit codes index dense tables (a million entries,
/// a few MB, of which only the pages of codes in use are ever touched): every lookup on the
/// hot path is one load, a pair lookup three.
#[derive(Debug)]
pub struct Reference {
    /// Code → the tables it is a code in, a bit each ([`HS_411`] and the others): an
    /// instellingsnummer, a secondary school, an afstudeerrichting AG, a landcode. A byte a
    /// code makes this a megabyte, which the allocator maps fresh from the system, zeroed
    /// already: cheaper at every start than a set of a million bits (125 KB) a table, which
    /// would have to be cleared.
    codes: Vec<u8>,
    vestigingen: PairSet,
    /// AG code → 1 + its index in `ag_rows` (0: unknown).
    ags: Vec<u16>,
    ag_rows: Vec<Ag>,
    aanbod: PairSet,
    richtingen: PairSet,
}

/// The pair tables as read, before they become [`PairSet`]s.
#[derive(Default)]
struct Pairs {
    vestigingen: Vec<(u32, u32)>,
    aanbod: Vec<(u32, u32)>,
    richtingen: Vec<(u32, u32)>,
}

/// Six-digit codes run below this bound.
const SIX_DIGITS: usize = 1_000_000;
/// Vestigingen have three digits.
const THREE_DIGITS: usize = 1_000;

impl Default for Reference {
    fn default() -> Reference {
        Reference {
            codes: vec![0; SIX_DIGITS],
            vestigingen: PairSet::default(),
            ags: vec![0; SIX_DIGITS],
            ag_rows: Vec::new(),
            aanbod: PairSet::default(),
            richtingen: PairSet::default(),
        }
    }
}

/// The file names of section 10, in the order they are read.
pub const FILES: [&str; 7] = [
    "instellingen.csv",
    "vestigingen.csv",
    "administratieve_groepen.csv",
    "ag_aanbod.csv",
    "secundaire_scholen.csv",
    "afstudeerrichtingen.csv",
    "landen.csv",
];

/// The sample set shipped in `reference/`, compiled in.
const SAMPLE: [(&str, &str); 7] = [
    (
        "instellingen.csv",
        include_str!("../reference/instellingen.csv"),
    ),
    (
        "vestigingen.csv",
        include_str!("../reference/vestigingen.csv"),
    ),
    (
        "administratieve_groepen.csv",
        include_str!("../reference/administratieve_groepen.csv"),
    ),
    ("ag_aanbod.csv", include_str!("../reference/ag_aanbod.csv")),
    (
        "secundaire_scholen.csv",
        include_str!("../reference/secundaire_scholen.csv"),
    ),
    (
        "afstudeerrichtingen.csv",
        include_str!("../reference/afstudeerrichtingen.csv"),
    ),
    ("landen.csv", include_str!("../reference/landen.csv")),
];

/// The bits of [`Reference::codes`]: an instelling with hoofdstructuur 411, one with 511.
const HS_411: u8 = 1;
const HS_511: u8 = 2;
/// A secondary school.
const SCHOOL: u8 = 4;
/// An AG that is an afstudeerrichting of some secondary school.
const RICHTING_AG: u8 = 8;
/// A landcode.
const LAND: u8 = 16;

fn hs_bit(hoofdstructuur: u16) -> u8 {
    match hoofdstructuur {
        411 => HS_411,
        511 => HS_511,
        _ => 0,
    }
}

impl Reference {
    /// The sample set compiled into the binary.
    pub fn sample() -> Reference {
        let mut r = Reference::default();
        let mut pairs = Pairs::default();
        for (name, text) in SAMPLE {
            r.read_table(
                Path::new("reference").join(name),
                name,
                text.as_bytes(),
                &mut pairs,
            )
            .expect("the compiled-in sample reference set is valid");
        }
        r.set_pairs(&pairs);
        r
    }

    /// Turns the pair tables read into their [`PairSet`]s.
    fn set_pairs(&mut self, pairs: &Pairs) {
        self.vestigingen = PairSet::new(&pairs.vestigingen, SIX_DIGITS, THREE_DIGITS);
        self.aanbod = PairSet::new(&pairs.aanbod, SIX_DIGITS, SIX_DIGITS);
        self.richtingen = PairSet::new(&pairs.richtingen, SIX_DIGITS, SIX_DIGITS);
    }

    /// Reads the seven CSV files of section 10 from `dir`.
    pub fn load(dir: &Path) -> Result<Reference, ReferenceError> {
        let mut r = Reference::default();
        let mut pairs = Pairs::default();
        for name in FILES {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|e| ReferenceError {
                file: path.clone(),
                line: 0,
                message: format!("cannot read: {e}"),
            })?;
            r.read_table(path, name, &bytes, &mut pairs)?;
        }
        r.set_pairs(&pairs);
        Ok(r)
    }

    fn read_table(
        &mut self,
        path: PathBuf,
        name: &str,
        bytes: &[u8],
        pairs: &mut Pairs,
    ) -> Result<(), ReferenceError> {
        let text = std::str::from_utf8(bytes).map_err(|e| ReferenceError {
            file: path.clone(),
            line: 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            message: "not UTF-8".into(),
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let expected: &[&str] = match name {
            "instellingen.csv" => &["instellingsnummer", "naam", "hoofdstructuur"],
            "vestigingen.csv" => &["instellingsnummer", "vestiging", "naam", "gemeente"],
            "administratieve_groepen.csv" => &["ag", "hoofdstructuur", "naam", "soort", "bama"],
            "ag_aanbod.csv" => &["instellingsnummer", "ag"],
            "secundaire_scholen.csv" => &["instellingsnummer", "naam"],
            "afstudeerrichtingen.csv" => &["instellingsnummer", "ag"],
            "landen.csv" => &["landcode", "naam"],
            _ => unreachable!("FILES lists every table"),
        };
        let bad_quotes = |(line, what)| err(&path, line, what);
        let mut csv = Csv::new(text);
        let mut header = Vec::new();
        match csv.record(&mut header) {
            Some(Ok(_)) => {}
            Some(Err(bad)) => return Err(bad_quotes(bad)),
            None => return Err(err(&path, 1, "empty file: a header row is required")),
        }
        if header.iter().map(|s| s.trim()).ne(expected.iter().copied()) {
            return Err(err(
                &path,
                1,
                &format!("header must be exactly `{}`", expected.join(",")),
            ));
        }
        let mut cols = Vec::new();
        while let Some(record) = csv.record(&mut cols) {
            let nr = record.map_err(bad_quotes)?;
            if let [only] = &cols[..] {
                if only.trim().is_empty() {
                    continue;
                }
            }
            if cols.len() != expected.len() {
                return Err(err(
                    &path,
                    nr,
                    &format!("{} columns, expected {}", cols.len(), expected.len()),
                ));
            }
            let num = |col: usize, width: usize| {
                number(&cols[col], width)
                    .ok_or_else(|| not_a_number(&path, nr, expected[col], width, &cols[col]))
            };
            match name {
                "instellingen.csv" => {
                    let nummer = num(0, 6)?;
                    let hs = num(2, 3)?;
                    let bit = u16::try_from(hs).map_or(0, hs_bit);
                    if bit == 0 {
                        return Err(err(
                            &path,
                            nr,
                            &format!("hoofdstructuur must be 411 or 511, found `{hs}`"),
                        ));
                    }
                    self.codes[nummer as usize] |= bit;
                }
                "vestigingen.csv" => {
                    pairs.vestigingen.push((num(0, 6)?, num(1, 3)?));
                }
                "administratieve_groepen.csv" => {
                    let ag = num(0, 6)?;
                    // A number like every number of the tables, of any value.
                    num(1, 3)?;
                    let soort = AgSoort::ALL
                        .into_iter()
                        .find(|s| s.as_str() == cols[3].trim())
                        .ok_or_else(|| {
                            let soort = cols[3].trim().escape_debug();
                            err(&path, nr, &format!("unknown soort `{soort}`"))
                        })?;
                    let bama = match cols[4].trim() {
                        "J" => true,
                        "N" => false,
                        v => {
                            return Err(err(
                                &path,
                                nr,
                                &format!("bama must be J or N, found `{}`", v.escape_debug()),
                            ))
                        }
                    };
                    let row = Ag { soort, bama };
                    match self.ags[ag as usize] {
                        0 if self.ag_rows.len() == usize::from(u16::MAX) => {
                            return Err(err(&path, nr, "more than 65 535 AGs"));
                        }
                        0 => {
                            self.ag_rows.push(row);
                            self.ags[ag as usize] = self.ag_rows.len() as u16;
                        }
                        i => self.ag_rows[usize::from(i) - 1] = row,
                    }
                }
                "ag_aanbod.csv" => {
                    pairs.aanbod.push((num(0, 6)?, num(1, 6)?));
                }
                "secundaire_scholen.csv" => {
                    self.codes[num(0, 6)? as usize] |= SCHOOL;
                }
                "afstudeerrichtingen.csv" => {
                    let ag = num(1, 6)?;
                    pairs.richtingen.push((num(0, 6)?, ag));
                    self.codes[ag as usize] |= RICHTING_AG;
                }
                "landen.csv" => {
                    self.codes[num(0, 5)? as usize] |= LAND;
                }
                _ => unreachable!("FILES lists every table"),
            }
        }
        Ok(())
    }

    /// The code has one of `bits` in [`Reference::codes`].
    #[inline(always)]
    fn code_is(&self, code: u32, bits: u8) -> bool {
        self.codes
            .get(code as usize)
            .is_some_and(|&b| b & bits != 0)
    }

    #[inline]
    pub fn is_instelling(&self, nummer: u32) -> bool {
        self.code_is(nummer, HS_411 | HS_511)
    }

    /// The instelling organises this hoofdstructuur (411 or 511).
    pub fn has_hoofdstructuur(&self, nummer: u32, hoofdstructuur: u16) -> bool {
        self.code_is(nummer, hs_bit(hoofdstructuur))
    }

    #[inline]
    pub fn has_vestiging(&self, instelling: u32, vestiging: u32) -> bool {
        self.vestigingen.contains(instelling, vestiging)
    }

    #[inline(always)]
    pub fn ag(&self, ag: u32) -> Option<&Ag> {
        match self.ags.get(ag as usize) {
            Some(&i) if i > 0 => Some(&self.ag_rows[usize::from(i) - 1]),
            _ => None,
        }
    }

    /// The instelling organises this administratieve groep (`ag_aanbod`).
    #[inline]
    pub fn organises(&self, instelling: u32, ag: u32) -> bool {
        self.aanbod.contains(instelling, ag)
    }

    #[inline]
    pub fn is_secundaire_school(&self, nummer: u32) -> bool {
        self.code_is(nummer, SCHOOL)
    }

    /// The AG is an afstudeerrichting of some secondary school.
    #[inline]
    pub fn is_afstudeerrichting(&self, ag: u32) -> bool {
        self.code_is(ag, RICHTING_AG)
    }

    #[inline]
    pub fn school_organises(&self, school: u32, ag: u32) -> bool {
        self.richtingen.contains(school, ag)
    }

    #[inline]
    pub fn is_land(&self, landcode: u32) -> bool {
        self.code_is(landcode, LAND)
    }
}

/// The number a cell of `width` digits holds, blanks around them allowed.
fn number(cell: &str, width: usize) -> Option<u32> {
    let digits = |v: &str| {
        if v.len() != width {
            return None;
        }
        v.bytes().try_fold(0, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    // Cells are mostly bare digits; trimming, which steps through chars, is for the others.
    digits(cell).or_else(|| digits(cell.trim()))
}

/// The error for a cell that is not a number of `width` digits; apart and cold, so that the
/// reading of a number stays small enough to be inlined.
#[cold]
fn not_a_number(
    path: &Path,
    line: usize,
    column: &str,
    width: usize,
    cell: &str,
) -> ReferenceError {
    let found = cell.trim().escape_debug();
    err(
        path,
        line,
        &format!("{column} must be {width} digits, found `{found}`"),
    )
}

fn err(path: &Path, line: usize, message: &str) -> ReferenceError {
    ReferenceError {
        file: path.to_path_buf(),
        line,
        message: message.to_string(),
    }
}

/// Reads the records of a CSV table after RFC 4180, leniently where tables written by hand
/// differ. A record ends at an LF outside quotes; a CR before that LF belongs to the line
/// break. A cell that starts with a double quote (blanks before it allowed) is quoted up to
/// the next quote that is not doubled, and may hold commas and line breaks; only blanks may
/// follow its closing quote. A quote anywhere else is a character like any other. A quote
/// never closed, or text after a closing quote, is an error: read on, it would take the
/// rows after it into one cell.
struct Csv<'a> {
    rest: &'a str,
    /// The line `rest` starts on, 1-based.
    line: usize,
}

impl<'a> Csv<'a> {
    fn new(text: &'a str) -> Csv<'a> {
        Csv {
            rest: text,
            line: 1,
        }
    }

    /// Reads the next record into `cells` and gives the line it starts on; None at the end
    /// of the text; Err with that line and what is wrong with its quotes.
    fn record(
        &mut self,
        cells: &mut Vec<Cow<'a, str>>,
    ) -> Option<Result<usize, (usize, &'static str)>> {
        if self.rest.is_empty() {
            return None;
        }
        cells.clear();
        // Rows mostly hold no quote; then no cell is quoted. Scanning the rest of the text,
        // not a short line, lets the search run on whole vectors.
        let bytes = self.rest.as_bytes();
        Some(match memchr::memchr2(b'\n', b'"', bytes) {
            Some(k) if bytes[k] == b'"' => self.quoted_record(cells),
            end => Ok(self.plain_record(end.unwrap_or(bytes.len()), cells)),
        })
    }

    /// Reads a record that holds no quote and ends at `end`, its LF or the end of the text:
    /// its cells are the text between its commas.
    fn plain_record(&mut self, end: usize, cells: &mut Vec<Cow<'a, str>>) -> usize {
        let line = &self.rest[..end];
        let mut at = 0;
        for (i, b) in line.bytes().enumerate() {
            if b == b',' {
                cells.push(Cow::Borrowed(&line[at..i]));
                at = i + 1;
            }
        }
        cells.push(Cow::Borrowed(&line[at..]));
        self.end_record(end, 0, cells)
    }

    /// Reads any record, quoted cells and all, as [`Csv::record`] does.
    fn quoted_record(
        &mut self,
        cells: &mut Vec<Cow<'a, str>>,
    ) -> Result<usize, (usize, &'static str)> {
        let text = self.rest;
        let bytes = text.as_bytes();
        // The end of the cell from `i`: the next comma or LF, or the end of the text.
        let cell_end =
            |i: usize| memchr::memchr2(b',', b'\n', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        let blank = |b: u8| b == b' ' || b == b'\t';
        let mut at = 0;
        loop {
            let blanks = bytes[at..].iter().take_while(|&&b| blank(b)).count();
            let end = if bytes.get(at + blanks) == Some(&b'"') {
                let mut cell = String::new();
                let mut i = at + blanks + 1;
                loop {
                    let Some(k) = memchr::memchr(b'"', &bytes[i..]) else {
                        self.rest = "";
                        return Err((self.line, "a quote in this row is never closed"));
                    };
                    cell.push_str(&text[i..i + k]);
                    i += k + 1;
                    if bytes.get(i) != Some(&b'"') {
                        break;
                    }
                    cell.push('"');
                    i += 1;
                }
                let end = cell_end(i);
                let after = &bytes[i..end];
                // Blanks may follow, and the CR of a CR LF that ends the record.
                let after = match bytes.get(end) {
                    Some(b'\n') => after.strip_suffix(b"\r").unwrap_or(after),
                    _ => after,
                };
                if !after.iter().all(|&b| blank(b)) {
                    self.rest = "";
                    return Err((self.line, "text after a closing quote"));
                }
                cells.push(Cow::Owned(cell));
                end
            } else {
                let end = cell_end(at);
                cells.push(Cow::Borrowed(&text[at..end]));
                end
            };
            if bytes.get(end) == Some(&b',') {
                at = end + 1;
            } else {
                // The record's line breaks inside quotes.
                let breaks = memchr::memchr_iter(b'\n', &bytes[..end]).count();
                return Ok(self.end_record(end, breaks, cells));
            }
        }
    }

    /// Ends the record at `end`, its LF or the end of the text, after `breaks` line breaks
    /// inside its quotes; gives the line it starts on.
    fn end_record(&mut self, end: usize, breaks: usize, cells: &mut [Cow<'a, str>]) -> usize {
        let first_line = self.line;
        self.line += breaks;
        if end < self.rest.len() {
            self.line += 1;
            strip_cr(cells);
        }
        self.rest = self.rest.get(end + 1..).unwrap_or("");
        first_line
    }
}

/// Drops the CR that ends the last cell of a record ended by an LF: it belongs to the line
/// break. A quoted cell (owned) keeps what it quotes; the CR after its closing quote was
/// never part of it.
fn strip_cr(cells: &mut [Cow<'_, str>]) {
    if let Some(Cow::Borrowed(last)) = cells.last_mut() {
        *last = last.strip_suffix('\r').unwrap_or(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_set_loads_and_answers_lookups() {
        let r = Reference::sample();
        assert!(r.is_instelling(21101));
        assert!(r.has_hoofdstructuur(41801, 411) && r.has_hoofdstructuur(41801, 511));
        assert!(!r.has_hoofdstructuur(21101, 511));
        assert_eq!(r.ag(33904).map(|a| a.soort), Some(AgSoort::Creditcontract));
        assert!(r.is_land(150));
        // Codes of one kind are not taken for codes of another.
        assert!(r.is_secundaire_school(120011) && !r.is_instelling(120011));
        assert!(!r.is_secundaire_school(21101) && !r.is_land(21101));
        assert!(r.is_afstudeerrichting(301104) && !r.is_secundaire_school(301104));
        assert!(!r.is_afstudeerrichting(120011) && !r.is_instelling(150));
    }

    /// Loads the sample set from a directory, with `edit` applied to each table's text.
    fn load_edited(edit: impl Fn(&str, &str) -> String) -> Result<Reference, ReferenceError> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in SAMPLE {
            std::fs::write(dir.path().join(name), edit(name, text)).unwrap();
        }
        Reference::load(dir.path())
    }

    #[test]
    fn tables_are_read_with_the_readings_of_the_docs() {
        // A BOM, CRLF line ends, blanks around column names and cells: read as they are.
        let r = load_edited(|_, text| {
            let spaced = text.replace(',', " , ").replace('\n', "\r\n");
            format!("\u{feff}{spaced}")
        })
        .unwrap();
        assert!(r.is_instelling(21101) && r.organises(41801, 34107));
        assert_eq!(r.ag(33904).map(|a| a.soort), Some(AgSoort::Creditcontract));
        // An AG listed twice: its last row counts.
        let twice = |name: &str, text: &str| match name {
            "administratieve_groepen.csv" => format!("{text}034107,411,Anders,doctoraat,N\n"),
            _ => text.to_owned(),
        };
        let ag = load_edited(twice).unwrap().ag(34107).copied();
        assert_eq!(
            ag.map(|a| (a.soort, a.bama)),
            Some((AgSoort::Doctoraat, false))
        );
        // A number without its leading zeros is refused, on the line of its row.
        let short = |name: &str, text: &str| match name {
            "instellingen.csv" => format!("{text}21101,Zonder nul,411\n"),
            _ => text.to_owned(),
        };
        let Err(e) = load_edited(short) else {
            panic!("a number without its leading zeros must be refused")
        };
        let rows = SAMPLE[0].1.lines().count();
        // Its message is one line, whatever the cell holds.
        let two_lines = |name: &str, text: &str| match name {
            "landen.csv" => format!("{text}\"00\n150\",Nergens\n"),
            _ => text.to_owned(),
        };
        let Err(e2) = load_edited(two_lines) else {
            panic!("a landcode over two lines must be refused")
        };
        assert!(!e2.message.contains('\n'), "{}", e2.message);
        assert_eq!(
            (e.file.file_name().unwrap(), e.line),
            ("instellingen.csv".as_ref(), rows + 1)
        );
    }

    /// Records as (line, cells).
    type Rows = Vec<(usize, Vec<String>)>;

    /// Every record of `text`, or Err with the line of bad quotes.
    fn records(text: &str) -> Result<Rows, usize> {
        records_by(text, Csv::record).map_err(|(line, _)| line)
    }

    type Record = Option<Result<usize, (usize, &'static str)>>;

    /// Every record of `text` as `read` reads them, or Err with the first error.
    fn records_by<'a>(
        text: &'a str,
        mut read: impl FnMut(&mut Csv<'a>, &mut Vec<Cow<'a, str>>) -> Record,
    ) -> Result<Rows, (usize, &'static str)> {
        let (mut csv, mut cells, mut out) = (Csv::new(text), Vec::new(), Vec::new());
        while let Some(line) = read(&mut csv, &mut cells) {
            out.push((line?, cells.iter().map(|c| c.to_string()).collect()));
        }
        Ok(out)
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn csv_records_end_at_line_breaks_outside_quotes() {
        let text = "a,\"two\nlines\"\r\nb, \"x\"\"\ny\"\n\nc,d";
        assert_eq!(
            records(text),
            Ok(vec![
                (1, cells(&["a", "two\nlines"])),
                (3, cells(&["b", "x\"\ny"])),
                (5, cells(&[""])),
                (6, cells(&["c", "d"])),
            ])
        );
        assert_eq!(records("h\r\n"), Ok(vec![(1, cells(&["h"]))]));
        assert_eq!(records(""), Ok(vec![]));
    }

    #[test]
    fn csv_quotes_open_a_cell_only_at_its_start() {
        assert_eq!(
            records("1,\"a, \"\"b\"\"\",c\n"),
            Ok(vec![(1, cells(&["1", "a, \"b\"", "c"]))])
        );
        // A quote inside a cell is a character; blanks may follow a closing quote.
        assert_eq!(
            records("x,Atheneum 12\" Brakeveld\ny,\"ab\" ,\"\"\r\n"),
            Ok(vec![
                (1, cells(&["x", "Atheneum 12\" Brakeveld"])),
                (2, cells(&["y", "ab", ""])),
            ])
        );
        // A quote never closed, or closed before other text, is an error on its row, not
        // the rows after it in one cell.
        assert_eq!(records("a,b\n00150,\"België\n00111,Albanië\n"), Err(2));
        let closed_later = "a,b\n00150,\"België\n00111,Albanië\n00112,\"Wit-Rusland\"\n";
        assert_eq!(records(closed_later), Err(2));
        // Only a CR LF may end a record after a closing quote; a quoted CR is kept.
        assert_eq!(records("\"a\r\"\r\n"), Ok(vec![(1, cells(&["a\r"]))]));
        for bad in ["\"x\"\r,y\n", "\"x\" \r \n", "\"x\"\r"] {
            assert_eq!(records(bad), Err(1), "{bad:?}");
        }
    }

    #[test]
    fn csv_lines_without_quotes_keep_their_blanks_and_lone_crs() {
        assert_eq!(
            records(" a ,\tb\t,\n,,\r\n\ra\rb\r,c\r\r\nend\r"),
            Ok(vec![
                (1, cells(&[" a ", "\tb\t", ""])),
                (2, cells(&["", "", ""])),
                (3, cells(&["\ra\rb\r", "c\r"])),
                (4, cells(&["end\r"])),
            ])
        );
        // A quote in an unquoted cell, and blanks and tabs around quoted cells.
        assert_eq!(
            records("a\",b\n\t\"x\"\t, \"y\" \r\n"),
            Ok(vec![(1, cells(&["a\"", "b"])), (2, cells(&["x", "y"]))])
        );
    }

    /// Lines without a quote take a shorter way than quoted records: both read every text
    /// alike, line numbers and errors included.
    #[test]
    fn csv_lines_without_quotes_read_as_quoted_records_do() {
        fn read_quoted<'a>(csv: &mut Csv<'a>, cells: &mut Vec<Cow<'a, str>>) -> Record {
            (!csv.rest.is_empty()).then(|| {
                cells.clear();
                csv.quoted_record(cells)
            })
        }
        let alphabet = ["a", "é", " ", "\t", ",", "\r", "\n", "\""];
        // Every text of up to six of these.
        let (mut texts, mut longest) = (vec![String::new()], vec![String::new()]);
        for _ in 0..6 {
            longest = longest
                .iter()
                .flat_map(|t| alphabet.map(|c| format!("{t}{c}")))
                .collect();
            texts.extend(longest.iter().cloned());
        }
        for text in &texts {
            assert_eq!(
                records_by(text, Csv::record),
                records_by(text, read_quoted),
                "{text:?}"
            );
        }
    }
}
