//! `dto` checks the student files of the Flemish Databank Tertiair Onderwijs (DTO): the
//! fixed-width records 0001, 0002, 0134, 0135, 0136 and 0003 that every hogeschool and
//! universiteit sends, against every rule of the specification, with the official codes;
//! loads what is accepted, and counts what is loaded.
//!
//! The pipeline, one module a stage:
//!
//! - [`layout`] and [`code`]: the record layouts and the finding codes (pure data);
//! - [`reference`](mod@reference): the reference tables (instellingen, AGs, landen, ...);
//! - [`source`] and [`split`]: the input bytes (memory-mapped) and their segments, runs of
//!   lines that start at a zending- or bericht-header (a large bericht, or a long run of
//!   lines that are no record, cut into parts);
//! - [`check`]: every check within a segment: structure, sequence numbers, fields, the
//!   cross-record checks of a bericht, and the bericht's acceptance;
//! - [`merge`]: the run-wide checks across all files;
//! - [`run`] and [`pipeline`]: one validation run, segments checked in parallel, findings
//!   written in order as they come;
//! - [`findings`], [`accept`] and [`report`]: the outputs, and [`outputs`] where they may
//!   go;
//! - [`load`] and [`stats`]: what is accepted into the studentendatabank (an SQLite file),
//!   and the statistics of what it holds;
//! - [`demo`]: the whole job on generated sample data.
//!
//! ```
//! use dto::{reference::Reference, run::{validate, Input}};
//!
//! let reference = Reference::sample();
//! let result = validate(&[Input::new("empty.txt", Vec::new())], &reference);
//! let codes: Vec<u32> = result.findings(0).map(|f| f.code.number()).collect();
//! assert_eq!(codes, vec![3900003]); // an empty file is a zending without header
//! ```

pub mod accept;
pub mod check;
pub mod code;
pub mod demo;
pub mod findings;
pub mod layout;
pub mod load;
pub mod merge;
pub mod outputs;
pub mod pipeline;
pub mod reference;
pub mod report;
pub mod run;
pub mod source;
pub mod split;
pub mod stats;
