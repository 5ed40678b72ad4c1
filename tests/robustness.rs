//! Whatever the input, `dto validate` answers with findings or one clear error line, never a
//! panic: line endings, empty and binary files, huge lines, unreadable files and tables,
//! bad arguments; and the output does not depend on the number of threads.

use crate::util_cli::{dto, examples, write_temp};

fn clean_file() -> Vec<u8> {
    std::fs::read(examples().join("cases/ok-rrn-birth-plus-one.txt")).unwrap()
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
    let (code, _, err) = validate_against(&dir.path().display().to_string(), &input);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("landen.csv:18:"), "{err}");
    let (code, _, err) = validate_against("/nonexistent", &input);
    assert_eq!(code, 2);
    assert!(err.contains("instellingen.csv"), "{err}");
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
