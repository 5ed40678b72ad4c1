//! The spec's worked examples (`tests/fixtures/examples`, a copy of the shared examples):
//! every case gives exactly its expected findings and acceptance, byte for byte.

use dto::reference::Reference;
use dto::report::{write_acceptance, write_findings, Form};
use dto::run::{validate, Input};
use std::path::Path;

fn examples_dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/examples"
    ))
}

/// The case names, each with its input files in order (a multi-file case has `.partN.txt`).
fn cases() -> Vec<(String, Vec<String>)> {
    let dir = examples_dir().join("cases");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".expected.jsonl").map(str::to_string))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let single = format!("{name}.txt");
            let mut files: Vec<String> = if dir.join(&single).exists() {
                vec![single]
            } else {
                (1..10)
                    .map(|i| format!("{name}.part{i}.txt"))
                    .filter(|f| dir.join(f).exists())
                    .collect()
            };
            files.iter_mut().for_each(|f| *f = format!("cases/{f}"));
            (!files.is_empty()).then_some((name, files))
        })
        .collect()
}

#[test]
fn every_worked_example_gives_exactly_its_findings_and_acceptance() {
    let reference = Reference::load(&examples_dir().join("reference")).unwrap();
    let cases = cases();
    assert!(cases.len() >= 25, "the examples are there");
    let mut failures = Vec::new();
    for (name, files) in &cases {
        let inputs: Vec<Input> = files
            .iter()
            .map(|f| Input::new(f.clone(), std::fs::read(examples_dir().join(f)).unwrap()))
            .collect();
        let result = validate(&inputs, &reference);
        let mut findings = Vec::new();
        write_findings(&mut findings, Form::Json, &inputs, &result).unwrap();
        let mut acceptance = Vec::new();
        write_acceptance(&mut acceptance, &inputs, &result.summary).unwrap();
        let read =
            |ext: &str| std::fs::read(examples_dir().join(format!("cases/{name}.{ext}"))).unwrap();
        if findings != read("expected.jsonl") {
            failures.push(format!(
                "{name}: findings\n{}",
                String::from_utf8_lossy(&findings)
            ));
        }
        if acceptance != read("acceptance.jsonl") {
            failures.push(format!(
                "{name}: acceptance\n{}",
                String::from_utf8_lossy(&acceptance)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
