//! End to end: files from `dto-gen` checked by the `dto validate` binary.
//!
//! A clean generated file must give no finding at all, and a file with injected
//! errors must give exactly the findings of the generator's truth file.

use dto_gen::{generate, write_reference, Config};
use std::path::{Path, PathBuf};
use std::process::Command;

const SHIPPED_REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/reference");

/// A JSON value of a findings line (flat objects only).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
}

/// Parses one findings line: a flat JSON object, keys kept in their order.
fn parse_line(line: &str) -> Result<Vec<(String, Json)>, String> {
    let mut p = Parser {
        s: line.as_bytes(),
        i: 0,
    };
    p.ws();
    p.eat(b'{')?;
    let mut fields = Vec::new();
    p.ws();
    if p.peek() == Some(b'}') {
        p.i += 1;
    } else {
        loop {
            p.ws();
            let key = p.string()?;
            p.ws();
            p.eat(b':')?;
            p.ws();
            fields.push((key, p.value()?));
            p.ws();
            match p.next() {
                Some(b',') => continue,
                Some(b'}') => break,
                other => return Err(format!("expected , or }} at {}: {other:?}", p.i)),
            }
        }
    }
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("trailing bytes at {}", p.i));
    }
    Ok(fields)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.i += 1;
        c
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Result<(), String> {
        match self.next() {
            Some(x) if x == c => Ok(()),
            other => Err(format!("expected {:?} at {}: {other:?}", c as char, self.i)),
        }
    }
    fn literal(&mut self, word: &str, v: Json) -> Result<Json, String> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(format!("bad literal at {}", self.i))
        }
    }
    fn value(&mut self) -> Result<Json, String> {
        match self.peek() {
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            _ => {
                let start = self.i;
                while matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                text.parse()
                    .map(Json::Int)
                    .map_err(|_| format!("bad value at {start}"))
            }
        }
    }
    fn hex4(&mut self) -> Result<u32, String> {
        let h = std::str::from_utf8(self.s.get(self.i..self.i + 4).ok_or("short \\u")?)
            .map_err(|e| e.to_string())?;
        self.i += 4;
        u32::from_str_radix(h, 16).map_err(|e| e.to_string())
    }
    fn string(&mut self) -> Result<String, String> {
        self.eat(b'"')?;
        let mut bytes = Vec::new();
        loop {
            match self.next().ok_or("unterminated string")? {
                b'"' => break,
                b'\\' => {
                    let c = match self.next().ok_or("bad escape")? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                self.eat(b'\\')?;
                                self.eat(b'u')?;
                                let lo = self.hex4()?;
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or("bad \\u escape")?
                        }
                        other => return Err(format!("bad escape {other}")),
                    };
                    let mut buf = [0; 4];
                    bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                b => bytes.push(b),
            }
        }
        String::from_utf8(bytes).map_err(|e| e.to_string())
    }
}

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

#[test]
fn json_parser_reads_escapes_and_nulls() {
    let f = parse_line(r#"{"a":"x\"\u00e9\ufffd","b":null,"c":-12}"#).unwrap();
    assert_eq!(
        f,
        vec![
            ("a".to_owned(), Json::Str("x\"é\u{FFFD}".to_owned())),
            ("b".to_owned(), Json::Null),
            ("c".to_owned(), Json::Int(-12)),
        ]
    );
    assert!(parse_line(r#"{"a":1"#).is_err());
}
