//! The integration tests: one binary, one module per subject.

mod acceptance;
mod chunks;
mod codes;
mod demo;
mod examples;
mod gen_truth;
mod identificatienummer;
mod json;
mod layout;
mod load;
mod robustness;
mod stats;
mod util;
mod util_cli;
