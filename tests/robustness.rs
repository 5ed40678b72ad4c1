//! Whatever the input, `dto validate` answers with findings or one clear error line, never a
//! panic: line endings, empty and binary files, huge lines, unreadable files and tables,
//! bad arguments; every finding names the bytes of its own line; and the output does not
//! depend on the number of threads.

use crate::json::{parse_line, Json};
use crate::util_cli::{dto, examples, write_temp};
use dto::reference::Reference;
use dto::report::Form;
use dto::run::{validate, Input};
use std::collections::HashMap;
use std::path::Path;

fn clean_file() -> Vec<u8> {
    std::fs::read(examples().join("cases/ok-rrn-birth-plus-one.txt")).unwrap()
}

/// The clean file and a short line: one finding (`3900001`) to write.
fn file_with_a_finding() -> Vec<u8> {
    let mut data = clean_file();
    data.extend_from_slice(b"short line\n");
    data
}

fn reference_arg() -> String {
    examples().join("reference").display().to_string()
}

/// A copy of the examples' reference tables in `dir`, with `rows` added to `table`.
fn reference_with_rows(dir: &tempfile::TempDir, table: &str, rows: &str) {
    for f in std::fs::read_dir(examples().join("reference")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
    }
    add_rows(dir, table, rows);
}

/// Adds `rows` to `table` in `dir`.
fn add_rows(dir: &tempfile::TempDir, table: &str, rows: &str) {
    let path = dir.path().join(table);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(rows);
    std::fs::write(&path, text).unwrap();
}

/// Runs `dto validate --findings - FILE` on `data`; returns (exit code, stdout, stderr).
fn validate_bytes(data: &[u8], extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    validate_path(&write_temp(&dir, "input.txt", data), extra)
}

/// Runs `dto validate --reference REFERENCE INPUT`; returns (exit code, stdout, stderr).
fn validate_against(reference: &str, input: &std::path::Path) -> (i32, String, String) {
    dto(&[
        "validate",
        "--reference",
        reference,
        &input.display().to_string(),
    ])
}

/// Asserts that the run with the tables in `reference` stops at once (exit 2, one line)
/// and names `place` (`file:line:`).
fn refused_at(reference: &str, input: &std::path::Path, place: &str) {
    let (code, _, err) = validate_against(reference, input);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(place), "{err}");
}

fn validate_path(path: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    let reference = reference_arg();
    let mut args = vec!["validate", "--reference", &reference, "--findings", "-"];
    args.extend_from_slice(extra);
    let p = path.display().to_string();
    args.push(&p);
    dto(&args)
}

#[test]
fn crlf_line_endings_and_a_last_line_without_lf_are_clean() {
    let clean = clean_file();
    let crlf: Vec<u8> = clean
        .iter()
        .flat_map(|&b| {
            if b == b'\n' {
                vec![b'\r', b'\n']
            } else {
                vec![b]
            }
        })
        .collect();
    let (code, out, _) = validate_bytes(&crlf, &[]);
    assert_eq!((code, out.as_str()), (0, ""));
    let no_last_lf = &clean[..clean.len() - 1];
    let (code, out, _) = validate_bytes(no_last_lf, &[]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn an_empty_file_is_a_zending_without_header_with_null_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "empty.txt", b"");
    let (code, out, _) = validate_path(&path, &[]);
    assert_eq!(code, 1);
    let expected = format!(
        r#"{{"file":"{}","line":1,"zending":1,"bericht":null,"instelling":null,"record":null,"seq":null,"stamnummer":null,"field":null,"code":3900003,"severity":"fatal","value":null}}"#,
        path.display()
    );
    assert_eq!(out, expected + "\n");
}

#[test]
fn binary_garbage_gives_findings_not_a_panic() {
    // A fixed pseudo-random byte stream with NULs, 0xFF, CRs and LFs.
    let mut rng = dto_gen::Rng::new(0x9E37_79B9_7F4A_7C15, &[]);
    let garbage: Vec<u8> = (0..200_000).map(|_| (rng.next_u64() >> 24) as u8).collect();
    let (code, out, err) = validate_bytes(&garbage, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.lines().count() > 100);
    assert!(out.lines().all(|l| l.starts_with("{\"file\":")));
    assert!(out.contains("\"code\":3900003"));
}

#[test]
fn every_finding_names_the_bytes_of_its_line() {
    // Generated files damaged at random (LFs and CRs put in, bytes changed, runs of bytes
    // cut out): each finding's record, seq and value are the bytes of the line its line
    // key names, so no line was merged, lost or miscounted on the way.
    let reference = Reference::sample();
    let mut clean = Vec::new();
    dto_gen::generate(&dto_gen::Config::new(150, 3, 4), &mut clean, None).unwrap();
    let mut rng = dto_gen::Rng::new(0x5DEE_CE66_D1CE_4E5B, &[]);
    for round in 0..150 {
        let mut data = clean.clone();
        for _ in 0..=rng.below(20) {
            let at = rng.below(data.len() as u64) as usize;
            match rng.below(5) {
                0 => data[at] = *rng.pick(b"\n\r\x00\xff 0A9."),
                1 => data.insert(at, *rng.pick(b"\n\r ")),
                2 => drop(data.remove(at)),
                3 => drop(data.splice(at..at, [b'\n'; 2])),
                _ => drop(data.drain(at..(at + 1 + rng.below(400) as usize).min(data.len()))),
            }
        }
        let lines: Vec<&[u8]> = {
            let body = data.strip_suffix(b"\n").unwrap_or(&data);
            body.split(|&b| b == b'\n')
                .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
                .collect()
        };
        let inputs = vec![Input::new("in.txt", data.clone())];
        let mut out = Vec::new();
        dto::report::write_findings(
            &mut out,
            Form::Json,
            &inputs,
            &validate(&inputs, &reference),
        )
        .unwrap();
        let text = |b: &[u8]| Json::Str(String::from_utf8_lossy(b).into_owned());
        for finding in String::from_utf8(out).unwrap().lines() {
            let keys: HashMap<String, Json> = parse_line(finding).unwrap().into_iter().collect();
            let Json::Int(n) = keys["line"] else {
                panic!("{finding}")
            };
            let line = lines[n as usize - 1];
            let value = match &keys["field"] {
                Json::Str(id) => {
                    let f = dto::layout::all_fields()
                        .find(|f| f.id.to_string() == *id)
                        .expect("a field of the layout");
                    match line.get(f.offset..f.offset + f.len) {
                        Some(bytes) => {
                            let kept = bytes.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
                            text(&bytes[..kept])
                        }
                        None => Json::Str("(beyond the line)".to_owned()),
                    }
                }
                _ => Json::Null,
            };
            let expected = [
                (
                    "record",
                    (!line.is_empty()).then(|| text(&line[..4.min(line.len())])),
                ),
                ("seq", (line.len() >= 12).then(|| text(&line[6..12]))),
                ("value", Some(value)),
            ];
            for (key, want) in expected {
                assert_eq!(
                    keys[key],
                    want.unwrap_or(Json::Null),
                    "round {round}: {finding}"
                );
            }
        }
    }
}

#[test]
fn a_line_of_ten_megabytes_is_one_wrong_length_finding() {
    let mut data = clean_file();
    let huge = vec![b'0'; 10 << 20];
    // Replace line 5 with the huge line.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            data.iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    data.splice(starts[4]..starts[5] - 1, huge);
    let (code, out, _) = validate_bytes(&data, &[]);
    assert_eq!(code, 1);
    let on_line_5: Vec<&str> = out.lines().filter(|l| l.contains("\"line\":5,")).collect();
    assert_eq!(on_line_5.len(), 1, "{out}");
    assert!(
        on_line_5[0].contains("\"code\":3900001") && on_line_5[0].contains("\"seq\":\"000000\"")
    );
}

#[test]
fn an_unreadable_file_is_one_error_line_and_exit_2() {
    let (code, out, err) = dto(&["validate", "/nonexistent/dir/file.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent/dir/file.txt"), "{err}");
}

#[test]
fn a_bad_reference_table_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    reference_with_rows(&dir, "landen.csv", "15O,Nergensland\n");
    let input = write_temp(&dir, "in.txt", &clean_file());
    refused_at(&dir.path().display().to_string(), &input, "landen.csv:18:");
    let (code, _, err) = validate_against("/nonexistent", &input);
    assert_eq!(code, 2);
    assert!(err.contains("instellingen.csv"), "{err}");
}

#[test]
fn a_reference_row_against_the_rules_of_its_table_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(&dir, "in.txt", &clean_file());
    let reference = dir.path().display().to_string();
    for (table, rows, place, reason) in [
        (
            "instellingen.csv",
            "021199,Hogeschool Nergens,611\n",
            "instellingen.csv:11:",
            "hoofdstructuur must be 411 or 511",
        ),
        (
            "administratieve_groepen.csv",
            "034199,411,Nergens,studie,J\n",
            "administratieve_groepen.csv:44:",
            "unknown soort",
        ),
        (
            "administratieve_groepen.csv",
            "034199,411,Nergens,bachelor,Y\n",
            "administratieve_groepen.csv:44:",
            "bama must be J or N",
        ),
        (
            "landen.csv",
            "00199\n",
            "landen.csv:18:",
            "1 columns, expected 2",
        ),
    ] {
        reference_with_rows(&dir, table, rows);
        refused_at(&reference, &input, place);
        let (_, _, err) = validate_against(&reference, &input);
        assert!(err.contains(reason), "{table}: {err}");
    }
    // A header row other than the table's columns.
    reference_with_rows(&dir, "landen.csv", "");
    let path = dir.path().join("landen.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("landcode,naam", "landcode,land", 1)).unwrap();
    refused_at(&reference, &input, "landen.csv:1:");
    let (_, _, err) = validate_against(&reference, &input);
    assert!(
        err.contains("header must be exactly `landcode,naam`"),
        "{err}"
    );
}

#[test]
fn reference_cells_may_hold_line_breaks_in_quotes_and_later_lines_keep_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    // A name over two lines (18 and 19), and an AG whose own hoofdstructuur no rule reads.
    reference_with_rows(&dir, "landen.csv", "00199,\"Twee\r\nregels\"\n");
    add_rows(
        &dir,
        "administratieve_groepen.csv",
        "900001,999,\"A\nB\",bachelor,N\n",
    );
    let input = write_temp(&dir, "in.txt", &clean_file());
    let reference = dir.path().display().to_string();
    let (code, out, err) = validate_against(&reference, &input);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    // A bad row after them is reported on the line it stands on.
    add_rows(&dir, "landen.csv", "15O,Nergensland\n");
    refused_at(&reference, &input, "landen.csv:20:");
}

#[test]
fn a_stray_quote_in_a_reference_table_is_refused_on_its_line_not_read_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(&dir, "in.txt", &clean_file());
    let reference = dir.path().display().to_string();
    // A quote inside a name is a character.
    reference_with_rows(&dir, "landen.csv", "00199,Land 12\" breed\n");
    assert_eq!(validate_against(&reference, &input).0, 0);
    // An opening quote never closed (line 18), with a quoted name after it.
    reference_with_rows(&dir, "landen.csv", "00199,\"Nergens\n00198,\"Elders\"\n");
    refused_at(&reference, &input, "landen.csv:18:");
}

#[test]
fn more_administratieve_groepen_than_the_table_holds_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (900_000..900_000 + 65_536)
        .map(|ag| format!("{ag},411,AG {ag},bachelor,N\n"))
        .collect();
    reference_with_rows(&dir, "administratieve_groepen.csv", &rows);
    let input = write_temp(&dir, "in.txt", &clean_file());
    let (code, _, err) = validate_against(&dir.path().display().to_string(), &input);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("administratieve_groepen.csv:"), "{err}");
    assert!(err.contains("more than 65 535 AGs"), "{err}");
}

#[test]
fn an_output_in_a_file_the_run_reads_or_in_the_other_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(&dir, "input.txt", &clean_file());
    write_temp(&dir, "other.txt", &clean_file());
    let at = |name: &str| dir.path().join(name);
    std::os::unix::fs::symlink(&input, at("link.txt")).unwrap();
    // A link to a file not there yet.
    std::os::unix::fs::symlink(at("new.jsonl"), at("dangling.jsonl")).unwrap();
    std::fs::create_dir(at("sub")).unwrap();
    std::fs::create_dir(at("reference")).unwrap();
    for f in std::fs::read_dir(examples().join("reference")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), at("reference").join(f.file_name())).unwrap();
    }
    let path = |name: &str| at(name).display().to_string();
    let (input, other, link) = (path("input.txt"), path("other.txt"), path("link.txt"));
    let (reference, table) = (path("reference"), path("reference/landen.csv"));
    let (out, same_out) = (path("out.jsonl"), path("sub/../out.jsonl"));
    let (new, dangling) = (path("new.jsonl"), path("dangling.jsonl"));
    let stdout_file = path("stdout.txt");
    // Each run, with its stdin (the input file or nothing) and its stdout (a file or a pipe).
    let refused: [(&[&str], Io); 12] = [
        (
            &["--findings", "-", "--report", "/dev/stdout", &input],
            Io::Plain,
        ),
        (&["--findings", &input, &input], Io::Plain),
        (&["--report", &input, &input], Io::Plain),
        (
            &["--findings", &out, "--report", &same_out, &input],
            Io::Plain,
        ),
        // Written at once, their lines would mix on one stream (above, a pipe).
        (&["--findings", "-", "--report", "-", &input], Io::Plain),
        (&["--acceptance", &input, &other, &input], Io::Plain),
        (&["--findings", &link, &input], Io::Plain),
        (
            &["--findings", &out, "--acceptance", &same_out, &input],
            Io::Plain,
        ),
        (
            &["--findings", &dangling, "--acceptance", &new, &input],
            Io::Plain,
        ),
        (&["--findings", &input, "-"], Io::StdinFromInput),
        (
            &["--reference", &reference, "--findings", &table, &input],
            Io::Plain,
        ),
        (
            &["--findings", "-", "--acceptance", "/dev/stdout", &input],
            Io::StdoutToFile,
        ),
    ];
    #[derive(Clone, Copy)]
    enum Io {
        Plain,
        StdinFromInput,
        StdoutToFile,
    }
    let run = |args: &[&str], io: Io| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dto"));
        cmd.arg("validate")
            .args(args)
            .stdin(std::process::Stdio::null());
        match io {
            Io::Plain => {}
            Io::StdinFromInput => {
                cmd.stdin(std::fs::File::open(&input).unwrap());
            }
            Io::StdoutToFile => {
                cmd.stdout(std::fs::File::create(&stdout_file).unwrap());
            }
        }
        let done = cmd.output().unwrap();
        (
            done.status.code(),
            String::from_utf8_lossy(&done.stderr).into_owned(),
        )
    };
    for (args, io) in refused {
        let (code, stderr) = run(args, io);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("dto: "), "{stderr}");
    }
    // Nothing was touched.
    assert_eq!(std::fs::read(&input).unwrap(), clean_file());
    let table_now = std::fs::read(&table).unwrap();
    assert_eq!(
        table_now,
        std::fs::read(examples().join("reference/landen.csv")).unwrap()
    );
    assert!(!at("out.jsonl").exists() && !at("new.jsonl").exists());
    assert_eq!(std::fs::read(&stdout_file).unwrap(), b"");
    // Outputs beside the input, both in /dev/null, or both on stdout, are fine.
    for args in [
        ["--findings", &out, "--acceptance", &other],
        ["--findings", "/dev/null", "--acceptance", "/dev/null"],
        ["--findings", "-", "--acceptance", "-"],
    ] {
        for io in [Io::Plain, Io::StdoutToFile] {
            let (code, stderr) = run(&[&args[..], &[input.as_str()]].concat(), io);
            assert_eq!(code, Some(0), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn a_stdout_that_cannot_take_the_summary_is_one_error_line_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(&dir, "input.txt", &clean_file());
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        vec!["validate".to_owned(), input.display().to_string()],
        vec![
            "demo".into(),
            "--students".into(),
            "50".into(),
            "--out".into(),
            dir.path().join("demo").display().to_string(),
        ],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dto"))
            .args(&args)
            .stdout(full())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr.lines().collect::<Vec<_>>(),
            ["dto: stdout: No space left on device (os error 28)"]
        );
    }
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(dto(&["validate"]).0, 2);
    assert_eq!(dto(&["validate", "--threads", "many", "x"]).0, 2);
    assert_eq!(dto(&["frobnicate"]).0, 2);
}

#[test]
fn stdin_reads_like_a_file() {
    let (code, out, _) = crate::util_cli::dto_stdin(
        &[
            "validate",
            "--reference",
            &reference_arg(),
            "--findings",
            "-",
            "-",
        ],
        &clean_file()[..400],
    );
    assert_eq!(code, 1);
    assert!(out.contains("\"file\":\"-\""));
}

#[test]
fn stdin_given_twice_is_refused_and_a_file_given_twice_is_checked_twice_with_a_note() {
    let (code, _, err) = crate::util_cli::dto_stdin(&["validate", "-", "-"], &clean_file());
    assert_eq!(code, 2);
    assert!(err.contains("- (stdin) can be given once only"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "in.txt", &clean_file());
    let p = path.to_str().unwrap();
    let (code, out, err) = dto(&[
        "validate",
        "--reference",
        &reference_arg(),
        "--findings",
        "-",
        p,
        p,
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.matches("is given more than once").count(),
        1,
        "one note: {err}"
    );
    // The second time, its zending repeats the first one's referentienummer.
    assert!(out.contains("\"code\":3900010"), "{out}");
}

#[test]
fn output_is_the_same_bytes_for_every_thread_count() {
    let big = std::fs::read(examples().join("cases/clean-big.txt")).unwrap();
    // Add trouble: swap two lines and damage a field, so there is something to report.
    let mut data = big.clone();
    data.extend_from_slice(&std::fs::read(examples().join("cases/seq-swapped-lines.txt")).unwrap());
    data.extend_from_slice(&big[..5000]);
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "input.txt", &data);
    let one = validate_path(&path, &["--threads", "1"]);
    assert!(!one.1.is_empty());
    for threads in ["2", "3", "8"] {
        assert_eq!(
            validate_path(&path, &["--threads", threads]).1,
            one.1,
            "{threads} threads"
        );
    }
}

#[test]
fn the_summary_shows_a_control_byte_or_a_byte_that_is_no_utf8_as_its_value() {
    use crate::util::{default_zending, file, set_bytes};
    let mut lines = default_zending(1);
    let naam = lines.iter_mut().find(|l| l.starts_with(b"0134")).unwrap();
    // ESC [2J would clear the reader's terminal; 0xEB is a Latin-1 e-umlaut, no UTF-8.
    set_bytes(naam, "0134-08", b"P\xEBeters\x1B[2J");
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(&dir, "input.txt", &file(&[lines]));
    let (code, out, err) = dto(&["validate", &input.display().to_string()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains(r#"0134-08 naam "P\xEBeters\x1B[2J": "#),
        "{out}"
    );
    assert!(
        !out.contains('\u{1B}') && !out.contains('\u{FFFD}'),
        "{out}"
    );
}

#[test]
fn an_output_that_cannot_be_created_stops_the_run_before_the_work() {
    let dir = tempfile::tempdir().unwrap();
    // A file with findings: a run that went ahead would write them.
    let input = write_temp(&dir, "input.txt", &file_with_a_finding());
    let input = input.display().to_string();
    let findings = dir.path().join("findings.jsonl").display().to_string();
    let missing = dir
        .path()
        .join("no/such/dir/out.jsonl")
        .display()
        .to_string();
    for (flag, args) in [
        ("--findings", vec!["--findings", &missing]),
        (
            "--report",
            vec!["--findings", &findings, "--report", &missing],
        ),
        (
            "--acceptance",
            vec!["--findings", &findings, "--acceptance", &missing],
        ),
    ] {
        let mut all = vec!["validate"];
        all.extend(&args);
        all.push(&input);
        let (code, out, err) = dto(&all);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert_eq!(
            err.lines().collect::<Vec<_>>(),
            [format!(
                "dto: {flag} {missing}: No such file or directory (os error 2)"
            )]
        );
        assert!(out.is_empty(), "{out}");
    }
    // Stopped before the work, the run leaves no output it created.
    assert!(!Path::new(&findings).exists());
}

#[test]
fn a_run_that_fails_leaves_the_acceptance_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    // A file with a finding, which cannot be written to /dev/full.
    let input = write_temp(&dir, "input.txt", &file_with_a_finding());
    let input = input.display().to_string();
    let acceptance = write_temp(&dir, "acceptance.jsonl", b"kept\n");
    let acceptance = acceptance.display().to_string();
    // The findings cannot be written: the run fails, naming the flag.
    let (code, _, err) = dto(&[
        "validate",
        "--findings",
        "/dev/full",
        "--acceptance",
        &acceptance,
        &input,
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        ["dto: --findings /dev/full: No space left on device (os error 28)"]
    );
    assert_eq!(std::fs::read(&acceptance).unwrap(), b"kept\n");
    // One that was not there is not there after such a run; nor is a findings file that a
    // run stopped before its work (by a --db that is a directory) would have started.
    let new = dir.path().join("new.jsonl").display().to_string();
    let (code, _, _) = dto(&[
        "validate",
        "--report",
        "/dev/full",
        "--acceptance",
        &new,
        &input,
    ]);
    assert_eq!(code, 2);
    assert!(!Path::new(&new).exists());
    let directory = dir.path().display().to_string();
    let (code, _, err) = dto(&[
        "load",
        "--db",
        &directory,
        "--findings",
        &new,
        "--acceptance",
        &new.replace("new", "new2"),
        &input,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a directory, not a database file"), "{err}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "input and acceptance only"
    );
    // A run that succeeds replaces a longer file whole.
    std::fs::write(&acceptance, "x".repeat(100_000)).unwrap();
    let (code, _, err) = dto(&["validate", "--acceptance", &acceptance, &input]);
    assert_eq!(code, 1, "{err}");
    let written = std::fs::read_to_string(&acceptance).unwrap();
    assert!(
        written.lines().all(|l| l.starts_with("{\"file\":")),
        "{written}"
    );
}

#[test]
fn an_output_to_dev_stdout_in_a_file_or_a_pipe_gets_no_summary_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(&dir, "input.txt", &file_with_a_finding());
    let out = dir.path().join("out.txt");
    for (flag, to_file) in [
        ("--acceptance", true),
        ("--findings", true),
        ("--findings", false),
        ("--report", false),
    ] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dto"));
        command.args([
            "validate",
            flag,
            "/dev/stdout",
            &input.display().to_string(),
        ]);
        if to_file {
            command.stdout(std::fs::File::create(&out).unwrap());
        }
        let result = command.output().unwrap();
        assert_eq!(result.status.code(), Some(1), "{flag}");
        // Stdout holds the output's lines only; the summary went to stderr.
        let written = match to_file {
            true => std::fs::read_to_string(&out).unwrap(),
            false => String::from_utf8(result.stdout).unwrap(),
        };
        let line_start = if flag == "--report" {
            "/"
        } else {
            "{\"file\":"
        };
        assert!(
            !written.is_empty() && written.lines().all(|l| l.starts_with(line_start)),
            "{flag}: {written}"
        );
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.contains("zendingen"), "{flag}: {stderr}");
    }
    // /dev/null takes an output apart from stdout: the summary stays there.
    let (code, stdout, _) = dto(&[
        "validate",
        "--findings",
        "/dev/null",
        &input.display().to_string(),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.contains("zendingen"), "{stdout}");
}

#[test]
fn the_report_writes_every_finding_in_words_in_the_order_of_the_json() {
    let dir = tempfile::tempdir().unwrap();
    // A finding in full: after the last bericht, it has no stamnummer.
    let alone = write_temp(&dir, "alone.txt", &file_with_a_finding());
    let alone = alone.display().to_string();
    let (code, out, err) = dto(&["validate", "--report", "-", &alone]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("first findings (1 of 1; all on stdout):"),
        "{err}"
    );
    let (_, summary, _) = dto(&["validate", &alone]);
    assert!(
        summary.contains("first findings (1 of 1; --report PATH writes them all):"),
        "{summary}"
    );
    let line = clean_file().iter().filter(|&&b| b == b'\n').count() + 1;
    assert_eq!(
        out,
        format!("{alone}:{line}: 3900001 fatal: record is niet 210 bytes lang\n")
    );
    // A student whose stamboeknummer is blank: the report says so.
    use crate::util::{clear, default_zending, file};
    let mut lines = default_zending(1);
    for l in lines.iter_mut().filter(|l| l.starts_with(b"013")) {
        let id = format!("{}-06", String::from_utf8_lossy(&l[..4]));
        clear(l, &id);
    }
    let blank = write_temp(&dir, "blank.txt", &file(&[lines]))
        .display()
        .to_string();
    let (code, out, err) = dto(&["validate", "--report", "-", &blank]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with(&format!("{blank}:3: 4020006 fatal 0134-06 stamboeknummer \"\": verplicht veld niet ingevuld (stamnummer blank)\n")),
        "{out}"
    );
    // Generated with errors of many kinds, and a short line after it.
    let mut data = Vec::new();
    let config = dto_gen::Config {
        error_rate: 0.05,
        ..dto_gen::Config::new(300, 3, 11)
    };
    dto_gen::generate(&config, &mut data, None).unwrap();
    data.extend_from_slice(b"short line\n");
    let input = write_temp(&dir, "input.txt", &data).display().to_string();
    let at = |name: &str| dir.path().join(name).display().to_string();
    let (findings, report) = (at("findings.jsonl"), at("report.txt"));
    let (code, out, err) = dto(&[
        "validate",
        "--findings",
        &findings,
        "--report",
        &report,
        &input,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains(&format!("; all in {report}):")), "{out}");
    let json = std::fs::read_to_string(&findings).unwrap();
    let report = std::fs::read_to_string(&report).unwrap();
    assert_eq!(json.lines().count(), report.lines().count());
    assert!(json.lines().count() > 20, "more than the summary shows");
    let lines = data.iter().filter(|&&b| b == b'\n').count();
    assert!(
        report.lines().last().unwrap().starts_with(&format!(
            "{input}:{lines}: 3900001 fatal: record is niet 210 bytes lang"
        )),
        "{report}"
    );
    for (json, words) in json.lines().zip(report.lines()) {
        let f: HashMap<String, Json> = parse_line(json).unwrap().into_iter().collect();
        let int = |key: &str| match &f[key] {
            Json::Int(n) => *n,
            other => panic!("{key}: {other:?}"),
        };
        let severity = match &f["severity"] {
            Json::Str(s) => s.clone(),
            other => panic!("severity: {other:?}"),
        };
        let head = format!("{input}:{}: {} {severity}", int("line"), int("code"));
        assert!(words.starts_with(&head), "{words} / {json}");
        let field = match (&f["field"], &f["value"]) {
            // A value the report shows as it is: no byte it escapes.
            (Json::Str(id), Json::Str(value))
                if value
                    .bytes()
                    .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\') =>
            {
                let name = dto::layout::all_fields()
                    .find(|f| f.id.to_string() == *id)
                    .unwrap()
                    .name;
                format!(" {id} {name} \"{value}\": ")
            }
            (Json::Str(id), _) => format!(" {id} "),
            _ => ": ".to_string(),
        };
        assert_eq!(
            words[head.len()..].find(&field),
            Some(0),
            "{words} / {json}"
        );
        match &f["stamnummer"] {
            Json::Str(s) if s.is_empty() => {
                assert!(words.ends_with(" (stamnummer blank)"), "{words}")
            }
            Json::Str(s) => assert!(words.ends_with(&format!(" (stamnummer {s})")), "{words}"),
            _ => assert!(!words.contains("(stamnummer"), "{words}"),
        }
    }
}
