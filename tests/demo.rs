//! The README's first command, `dto demo`: it generates a sample file, validates it and
//! writes every output where it says, and its account agrees with those outputs.

use crate::json::{parse_line, Json};
use crate::util_cli::dto;

#[test]
fn the_demo_writes_what_it_says_and_its_findings_equal_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let (code, stdout, stderr) = dto(&["demo", "--out", &out.display().to_string()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("findings equal the injected truth: yes"),
        "{stdout}"
    );
    // Each output named, and there.
    for (name, file) in [
        ("input", "sample-national.txt"),
        ("truth", "injected-truth.jsonl"),
        ("findings", "findings.jsonl"),
        ("report", "report.txt"),
        ("acceptance", "acceptance.jsonl"),
        ("summary", "summary.txt"),
        ("database", "dto.sqlite"),
        ("statistics", "statistieken/inschrijvingen.csv"),
        ("statistics", "statistieken/studenten.csv"),
        ("statistics", "statistieken/studievoortgang.csv"),
    ] {
        let path = out.join(file);
        let line = format!("{name:<12} {}", path.display());
        assert!(stdout.lines().any(|l| l == line), "{line:?} in\n{stdout}");
        assert!(
            std::fs::metadata(&path).unwrap().len() > 0,
            "{file} is empty"
        );
    }
    // Its tally of the berichten is that of the acceptance lines, and in the summary too.
    let acceptance = std::fs::read_to_string(out.join("acceptance.jsonl")).unwrap();
    let mut statuses = [0; 3];
    let mut students = [0; 2];
    for line in acceptance.lines() {
        let keys = parse_line(line).unwrap();
        let get = |k: &str| {
            keys.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        let status = ["accepted", "partial", "rejected"]
            .iter()
            .position(|s| get("status") == Some(Json::Str(s.to_string())))
            .expect("a status");
        statuses[status] += 1;
        for (i, key) in ["accepted_students", "rejected_students"]
            .iter()
            .enumerate()
        {
            let Some(Json::Int(n)) = get(key) else {
                panic!("{line}")
            };
            students[i] += n;
        }
    }
    assert!(
        statuses.iter().all(|&n| n > 0),
        "{statuses:?}: every status occurs"
    );
    let tally = format!(
        "berichten: {} accepted, {} partial, {} rejected; students: {} accepted, {} rejected",
        statuses[0], statuses[1], statuses[2], students[0], students[1]
    );
    assert!(stdout.lines().any(|l| l == tally), "{tally:?} in\n{stdout}");
    // The report: a line in words for each finding.
    let findings = std::fs::read_to_string(out.join("findings.jsonl")).unwrap();
    let report = std::fs::read_to_string(out.join("report.txt")).unwrap();
    assert_eq!(report.lines().count(), findings.lines().count());
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.lines().any(|l| l.trim() == tally),
        "{tally:?} in\n{summary}"
    );
}

#[test]
fn the_demo_loads_what_is_accepted_and_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let out_arg = out.display().to_string();
    // Twice: the second run starts a new database, so it loads the same again.
    for _ in 0..2 {
        let (code, stdout, stderr) = dto(&["demo", "--out", &out_arg, "--students", "3000"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("loaded into "), "{stdout}");
        assert!(!stdout.contains("loaded before"), "{stdout}");
    }
    let db = rusqlite::Connection::open(out.join("dto.sqlite")).unwrap();
    let inschrijvingen: i64 = db
        .query_row("SELECT count(*) FROM inschrijving", [], |r| r.get(0))
        .unwrap();
    assert!(inschrijvingen > 0);
    // The VL totals of each period add up to what the database holds.
    let csv = std::fs::read_to_string(out.join("statistieken/inschrijvingen.csv")).unwrap();
    let vl_totaal: i64 = csv
        .lines()
        .filter(|l| l.contains(",VL,totaal,alle,"))
        .map(|l| l.rsplit(',').next().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(vl_totaal, inschrijvingen, "{csv}");
}

#[test]
fn the_demo_writes_into_no_directory_that_holds_files_of_others() {
    let dir = tempfile::tempdir().unwrap();
    let theirs = dir.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    // A database of someone's own, where the demo would write its own.
    std::fs::write(theirs.join("dto.sqlite"), b"their data").unwrap();
    let (code, stdout, stderr) = dto(&["demo", "--out", &theirs.display().to_string()]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stderr.contains("holds files that the demo did not write"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(theirs.join("dto.sqlite")).unwrap(),
        b"their data"
    );
    assert_eq!(std::fs::read_dir(&theirs).unwrap().count(), 1);
    // An empty directory is the demo's to write into.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (code, _, stderr) = dto(&[
        "demo",
        "--out",
        &empty.display().to_string(),
        "--students",
        "100",
    ]);
    assert_eq!(code, 0, "{stderr}");
    // An error names the place it is about.
    let (code, _, stderr) = dto(&["demo", "--out", "/dev/null/demo"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("dto: demo: /dev/null/demo: "),
        "{stderr}"
    );
}
