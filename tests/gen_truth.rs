//! End to end: files from `dto-gen` checked by the `dto validate` binary.
//!
//! A clean generated file must give no finding at all, and a file with injected
//! errors must give exactly the findings of the generator's truth file.

use dto_gen::{generate, write_reference, Config};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::json::parse_line;

const SHIPPED_REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/reference");

/// The lines of a findings file, each parsed and shown canonically, sorted.
fn findings(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let fields = parse_line(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}"));
            format!("{fields:?}")
        })
        .collect();
    out.sort();
    out
}

/// Runs `dto validate` and returns its exit code.
fn validate(reference: &Path, findings: &Path, file: &Path) -> i32 {
    let status = Command::new(env!("CARGO_BIN_EXE_dto"))
        .arg("validate")
        .arg("--reference")
        .arg(reference)
        .arg("--findings")
        .arg(findings)
        .arg(file)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run dto validate");
    status.code().expect("validator exit code")
}

/// Generates `cfg` into `dir`, validates it, and returns (truth, validator findings, exit code).
fn check(cfg: &Config, dir: &Path, reference: &Path) -> (Vec<String>, Vec<String>, i32) {
    let file: PathBuf = dir.join(format!("gen-{}-{}.txt", cfg.seed, cfg.error_rate));
    let truth_path = dir.join("truth.jsonl");
    let found_path = dir.join("found.jsonl");
    let key = file.to_str().expect("UTF-8 temp path").to_owned();
    let mut out = std::fs::File::create(&file).unwrap();
    let mut truth = std::fs::File::create(&truth_path).unwrap();
    generate(cfg, &mut out, Some((&key, &mut truth))).expect("generate");
    drop((out, truth));
    let code = validate(reference, &found_path, &file);
    (findings(&truth_path), findings(&found_path), code)
}

/// Fails with the missing and the extra findings when the two lists differ.
fn assert_same(what: &str, truth: &[String], found: &[String]) {
    if truth == found {
        return;
    }
    let missing: Vec<&String> = truth.iter().filter(|t| !found.contains(t)).collect();
    let extra: Vec<&String> = found.iter().filter(|f| !truth.contains(f)).collect();
    let mut msg = format!(
        "{what}: validator and truth differ ({} expected, {} found)\n",
        truth.len(),
        found.len()
    );
    for m in missing.iter().take(40) {
        msg.push_str(&format!("  missing: {m}\n"));
    }
    for e in extra.iter().take(40) {
        msg.push_str(&format!("  extra:   {e}\n"));
    }
    panic!("{msg}");
}

#[test]
fn clean_files_of_every_preset_shape_give_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    for (preset, students) in [("demo", 3_000), ("national", 1_500), ("stress", 1_200)] {
        let mut cfg = Config::preset(preset).expect("preset");
        cfg.students = students;
        let (truth, found, code) = check(&cfg, dir.path(), Path::new(SHIPPED_REFERENCE));
        assert!(truth.is_empty());
        assert_same(preset, &truth, &found);
        assert_eq!(code, 0, "{preset}: a clean file must validate with exit 0");
    }
}

#[test]
fn clean_file_over_an_extended_reference_set_gives_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    let mut cfg = Config::new(1_500, dto_gen::shipped_institutions() + 6, 9);
    cfg.testzendingen = 3;
    write_reference(&cfg, &reference).unwrap();
    let (truth, found, code) = check(&cfg, dir.path(), &reference);
    assert!(truth.is_empty());
    assert_same("extended reference", &truth, &found);
    assert_eq!(code, 0);
}

#[test]
fn validator_findings_equal_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    for seed in [1, 7, 42, 2024] {
        for rate in [0.002, 0.02, 0.1, 0.3] {
            let mut cfg = Config::new(1_500, 25, seed);
            cfg.error_rate = rate;
            let (truth, found, code) = check(&cfg, dir.path(), Path::new(SHIPPED_REFERENCE));
            assert_same(&format!("seed {seed} rate {rate}"), &truth, &found);
            let fatal = truth.iter().any(|t| t.contains("Str(\"fatal\")"));
            assert_eq!(
                code,
                i32::from(fatal),
                "seed {seed} rate {rate}: exit status"
            );
        }
    }
}
