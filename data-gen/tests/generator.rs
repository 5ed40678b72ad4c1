//! Behaviour of the generator as a whole: determinism, clean files, the truth
//! format, and that every mutation of the catalogue is really injected.

use dto_gen::{generate, write_reference, Config, CATALOGUE, CODES};
use std::collections::BTreeSet;
use std::path::Path;

fn run(cfg: &Config) -> (Vec<u8>, String) {
    let mut file = Vec::new();
    let mut truth = Vec::new();
    generate(cfg, &mut file, Some(("gen.txt", &mut truth))).expect("generate");
    (file, String::from_utf8(truth).expect("truth is UTF-8"))
}

fn with_errors(students: u64, seed: u64, rate: f64) -> Config {
    let mut cfg = Config::new(students, 25, seed);
    cfg.error_rate = rate;
    cfg
}

#[test]
fn same_seed_same_bytes_and_other_seed_other_bytes() {
    let cfg = with_errors(1_500, 11, 0.05);
    let (a, ta) = run(&cfg);
    let (b, tb) = run(&cfg);
    assert!(a == b, "two runs with one seed differ");
    assert_eq!(ta, tb);
    let (c, _) = run(&with_errors(1_500, 12, 0.05));
    assert!(a != c, "another seed gave the same file");
}

#[test]
fn clean_file_has_an_empty_truth_and_sound_framing() {
    let cfg = Config::preset("demo").expect("demo preset");
    let (file, truth) = run(&cfg);
    assert_eq!(truth, "", "a clean file must need no finding");
    // Every line is a 210-byte record of a known type; zendingen number from 000001.
    let text = file.split(|&b| b == b'\n').filter(|l| !l.is_empty());
    let mut zendingen = 0;
    let mut expected = 0u64;
    for line in text {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert_eq!(line.len(), 210);
        let seq: u64 = std::str::from_utf8(&line[6..12]).unwrap().parse().unwrap();
        if &line[0..4] == b"0001" {
            zendingen += 1;
            expected = 1;
        }
        assert_eq!(seq, expected);
        expected += 1;
    }
    assert_eq!(zendingen, 3 * 25 + 2);
}

#[test]
fn every_code_of_section_8_is_injected() {
    // Small files with many errors until every code of section 8 shows up.
    let all: BTreeSet<u32> = CODES.iter().map(|c| c.0).collect();
    let mut seen = BTreeSet::new();
    for seed in 0..400 {
        let (_, truth) = run(&with_errors(1_200, seed, 0.4));
        for line in truth.lines() {
            let code = line.split("\"code\":").nth(1).expect("code key");
            let code: u32 = code[..7].parse().expect("seven-digit code");
            seen.insert(code);
        }
        if seen == all {
            return;
        }
    }
    let missing: Vec<_> = all.difference(&seen).collect();
    panic!("codes never injected: {missing:?}");
}

#[test]
fn truth_lines_have_the_keys_of_section_11_in_order() {
    let (_, truth) = run(&with_errors(800, 3, 0.05));
    assert!(!truth.is_empty());
    let keys = [
        "file",
        "line",
        "zending",
        "bericht",
        "instelling",
        "record",
        "seq",
        "stamnummer",
        "field",
        "code",
        "severity",
        "value",
    ];
    for line in truth.lines() {
        let mut at = 0;
        for k in keys {
            let pos = line[at..]
                .find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("{k} missing or out of order in {line}"));
            at += pos + k.len();
        }
    }
}

#[test]
fn catalogue_names_every_scope() {
    use dto_gen::Scope;
    for scope in [
        Scope::ZendingHeader,
        Scope::BerichtHeader,
        Scope::Berichteinde,
        Scope::Group,
    ] {
        assert!(CATALOGUE.iter().any(|m| m.scope == scope), "{scope:?}");
    }
}

#[test]
fn extended_reference_holds_the_asked_instellingen() {
    let dir = std::env::temp_dir().join(format!("dto-gen-test-ref-{}", std::process::id()));
    let cfg = Config::new(500, dto_gen::shipped_institutions() + 4, 5);
    assert!(!cfg.fits_shipped_reference());
    write_reference(&cfg, &dir).expect("write reference");
    let instellingen = std::fs::read_to_string(dir.join("instellingen.csv")).unwrap();
    let distinct: BTreeSet<&str> = instellingen
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(distinct.len(), cfg.institutions);
    let (file, truth) = run(&cfg);
    assert_eq!(truth, "");
    let senders: BTreeSet<&[u8]> = file
        .split(|&b| b == b'\n')
        .filter(|l| l.starts_with(b"0001"))
        .map(|l| &l[15..21])
        .collect();
    assert_eq!(senders.len(), cfg.institutions);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The binary's last line on stderr counts the truth's findings only when it wrote one.
#[test]
fn the_summary_counts_findings_only_with_a_truth() {
    let dir = std::env::temp_dir().join(format!("dto-gen-summary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (out, truth) = (dir.join("gen.txt"), dir.join("truth.jsonl"));
    let summary = |with_truth: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dto-gen"));
        cmd.args(["--students", "40", "--institutions", "2", "--seed", "3"])
            .args(["--error-rate", "0.2", "--out"])
            .arg(&out);
        if with_truth {
            cmd.arg("--truth").arg(&truth);
        }
        let done = cmd.output().expect("run dto-gen");
        assert!(done.status.success());
        String::from_utf8(done.stderr).expect("UTF-8")
    };
    let without = summary(false);
    assert!(!without.contains("findings"), "{without}");
    let with = summary(true);
    let lines = std::fs::read_to_string(&truth)
        .expect("truth")
        .lines()
        .count();
    assert!(lines > 0);
    assert!(
        with.contains(&format!("({lines} findings in the truth)")),
        "{with}"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// The binary refuses to write the file and its truth into one file, and a write that
/// fails names the output it was for.
#[test]
fn outputs_are_kept_apart_and_named_when_they_fail() {
    let dir = std::env::temp_dir().join(format!("dto-gen-outputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("gen.txt");
    let run = |out: &Path, truth: &Path| {
        let done = std::process::Command::new(env!("CARGO_BIN_EXE_dto-gen"))
            .args(["--students", "40", "--institutions", "2", "--seed", "3"])
            .args(["--error-rate", "0.5", "--out"])
            .arg(out)
            .arg("--truth")
            .arg(truth)
            .output()
            .expect("run dto-gen");
        (
            done.status.code(),
            String::from_utf8_lossy(&done.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&file, &file);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--out and --truth name one file"),
        "{stderr}"
    );
    assert!(!file.exists());
    let (code, stderr) = run(&file, Path::new("/dev/full"));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.starts_with("dto-gen: /dev/full: "), "{stderr}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}
