//! `dto-gen`: synthetic DTO student files (see the spec, DTO-FORMAT.md) with
//! exactly known injected errors.
//!
//! [`generate`] streams a file that is valid against the spec and the reference
//! set it uses: one zending per instelling and gebeurtenis (10620, 10600,
//! 10400) and a few testzendingen, realistic students and inschrijvingen. With
//! [`Config::error_rate`] above zero it mutates about that fraction of the
//! records with the named mutations of [`CATALOGUE`], and it can write the
//! findings a correct validator must report for the file (the *truth*) in the
//! findings format of section 11. The same configuration always gives the same
//! bytes.
//!
//! The crate is self-contained: it embeds the project's shipped reference set
//! and, for more instellingen than that holds, extends it ([`write_reference`]).

mod calendar;
mod generate;
mod layout;
mod model;
mod mutation;
mod record;
mod reference;
mod rng;
mod truth;

pub use layout::CODES;
pub use mutation::{Mutation, Scope, CATALOGUE};
pub use rng::Rng;

use std::io;
use std::path::Path;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// About the number of student groups in the file (each a 0134, a 0135 and
    /// its 0136s). Every roster student is in the 10600 and the 10400 bericht of
    /// its instelling and one in five in the 10620 bericht too.
    pub students: u64,
    /// The number of instellingen, taken in instellingsnummer order from the
    /// reference set (extended when it holds fewer).
    pub institutions: usize,
    pub seed: u64,
    /// The fraction of records to mutate (0 gives a clean file).
    pub error_rate: f64,
    /// The academiejaar of the 10620 and 10600 counts; the 10400 count is of the year before.
    pub academiejaar: u16,
    /// The number of testzendingen (0001-09 `T`) after the normal ones.
    pub testzendingen: usize,
}

impl Config {
    /// A configuration with `students` students over `institutions` instellingen.
    pub fn new(students: u64, institutions: usize, seed: u64) -> Config {
        Config {
            students,
            institutions,
            seed,
            error_rate: 0.0,
            academiejaar: 2024,
            testzendingen: 2,
        }
    }

    /// A named preset: `demo` (a few thousand students), `national` (about 300 000
    /// over every instelling of the shipped reference set) or `stress` (ten times
    /// national).
    pub fn preset(name: &str) -> Option<Config> {
        let all = shipped_institutions();
        match name {
            "demo" => Some(Config::new(3_000, all, 1)),
            "national" => Some(Config::new(300_000, all, 1)),
            "stress" => Some(Config::new(3_000_000, all, 1)),
            _ => None,
        }
    }

    /// Whether the shipped reference set holds enough instellingen for this
    /// configuration (else the file needs the set of [`write_reference`]).
    pub fn fits_shipped_reference(&self) -> bool {
        self.institutions <= shipped_institutions()
    }
}

/// The number of instellingen in the shipped reference set.
pub fn shipped_institutions() -> usize {
    reference::Reference::shipped().instellingen.len()
}

/// What [`generate`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub bytes: u64,
    pub records: u64,
    /// Student groups written (before mutations that drop or repeat one).
    pub students: u64,
    pub zendingen: u64,
    pub berichten: u64,
    /// Mutations applied.
    pub mutations: u64,
    /// Findings written to the truth (0 without a truth).
    pub findings: u64,
}

/// Writes the file for `cfg` to `out`, and when `truth` is given, the findings
/// a correct validator must report for it, with `truth.0` as their `file` key.
///
/// Memory stays constant whatever the size: the file is written one student
/// group at a time and the truth is buffered per zending only.
pub fn generate(
    cfg: &Config,
    out: &mut dyn io::Write,
    truth: Option<(&str, &mut dyn io::Write)>,
) -> io::Result<Summary> {
    if cfg.institutions == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "at least one instelling is needed",
        ));
    }
    generate::generate(cfg, out, truth)
}

/// Writes the reference set the files of `cfg` are valid against into `dir`
/// (the seven CSV files of section 10): the shipped set, extended with
/// synthetic instellingen when `cfg.institutions` asks for more.
pub fn write_reference(cfg: &Config, dir: &Path) -> io::Result<()> {
    reference::Reference::for_institutions(cfg.institutions).write_dir(dir)
}
