//! A large bericht is checked in parts cut at student groups, and a run is done in one
//! pass or, when it finds much, in two: the findings, the acceptance and what is loaded are
//! the same for every part size (down to one student group a part) and either way of
//! running.

use crate::util_cli::examples;
use dto::reference::Reference;
use dto::run::{validate_with, Input, RunOptions, RunResult};

/// What a run gives, as comparable values: its findings; each bericht's acceptance with
/// its whole outcome, which names the student groups that are rejected; and every row of
/// the database the run loads into.
type Outcome = (Vec<Vec<String>>, Vec<Vec<String>>, Vec<Vec<String>>);

fn outcome(inputs: &[Input], r: &RunResult) -> Outcome {
    let findings = r
        .findings
        .iter()
        .map(|f| f.iter().map(|f| format!("{f:?}")).collect())
        .collect();
    let acceptance = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            r.acceptance(i, input.bytes())
                .zip(&r.summary.files[i].berichten)
                .map(|(a, b)| format!("{a:?} {b:?}"))
                .collect()
        })
        .collect();
    (findings, acceptance, vec![loaded(inputs, r)])
}

/// Every row of a new database that the run `r` of `inputs` loads into.
fn loaded(inputs: &[Input], r: &RunResult) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut db = dto::load::Database::open(&dir.path().join("dto.sqlite")).unwrap();
    db.load(inputs, &r.summary).unwrap();
    let mut rows = Vec::new();
    for table in ["zending", "situatie", "student", "inschrijving"] {
        let mut stmt = db
            .connection()
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3"))
            .unwrap();
        let n = stmt.column_count();
        let mut q = stmt.query([]).unwrap();
        while let Some(row) = q.next().unwrap() {
            let values: Vec<String> = (0..n)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            rows.push(format!("{table}: {}", values.join("|")));
        }
    }
    rows
}

/// The run over `files` with berichten whole in one pass, and cut every 1, 700, 5000 and
/// 65536 bytes, in one pass and in two.
fn assert_same_for_every_part_size(files: &[(String, Vec<u8>)], reference: &Reference) {
    let inputs: Vec<Input> = files
        .iter()
        .map(|(n, b)| Input::new(n.clone(), b.clone()))
        .collect();
    let run = |chunk, invisible_run, held_findings, batch, shard_bits| {
        let options = RunOptions {
            chunk,
            invisible_run,
            held_findings,
            batch,
            shard_bits,
        };
        outcome(&inputs, &validate_with(&inputs, reference, &options))
    };
    const MAX: usize = usize::MAX;
    let whole = run(MAX, MAX, MAX, MAX, Some(0));
    // Berichten cut at student groups, and runs of lines that are no record cut, as often
    // as every line or never; the parts handed to the threads one by one or in batches;
    // the input of `4930001` in one shard or in up to 256.
    let ways = [
        (1, 1, 0, 1, Some(8)),
        (1, 1, MAX, 3000, None),
        (700, 700, MAX, 1, Some(3)),
        (700, 700, 0, 5000, Some(1)),
        (5000, 5000, 0, 1, None),
        (65536, 65536, MAX, 20000, Some(8)),
        (MAX, MAX, 0, 1, Some(2)),
        (MAX, 1, MAX, 1, None),
        (MAX, 3000, 0, 10000, Some(5)),
    ];
    for (chunk, invisible_run, held, batch, shard_bits) in ways {
        let parts = run(chunk, invisible_run, held, batch, shard_bits);
        for (what, a, b) in [
            ("findings", &parts.0, &whole.0),
            ("acceptance", &parts.1, &whole.1),
            ("database", &parts.2, &whole.2),
        ] {
            let (a, b): (Vec<_>, Vec<_>) =
                (a.iter().flatten().collect(), b.iter().flatten().collect());
            let first = a
                .iter()
                .zip(&b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            assert!(
                a == b,
                "{what} with parts of {chunk} and runs of {invisible_run} bytes, holding {held} findings, in batches of {batch} bytes, 4930001 in 2^{shard_bits:?} shards, differ from finding {first} on:\n{:#?}\nwhole:\n{:#?}",
                &a[first..a.len().min(first + 3)],
                &b[first..b.len().min(first + 3)]
            );
        }
    }
}

#[test]
fn every_worked_example_gives_the_same_output_in_parts() {
    let reference = Reference::load(&examples().join("reference")).unwrap();
    let dir = examples().join("cases");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    // All cases as one run: the run-wide checks span them too.
    let files: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|n| (n.clone(), std::fs::read(dir.join(n)).unwrap()))
        .collect();
    assert_same_for_every_part_size(&files, &reference);
}

#[test]
fn generated_files_with_errors_give_the_same_output_in_parts() {
    for (seed, rate) in [(1, 0.02), (7, 0.1), (42, 0.3), (2024, 0.05), (5, 0.6)] {
        let mut cfg = dto_gen::Config::new(400, 4, seed);
        cfg.error_rate = rate;
        let mut data = Vec::new();
        dto_gen::generate(&cfg, &mut data, None).unwrap();
        assert_same_for_every_part_size(&[("gen.txt".into(), data)], &Reference::sample());
    }
}

#[test]
fn first_inschrijvingen_at_several_instellingen_give_the_same_output_in_parts() {
    // A generated file, and a copy with its instellingen moved one on and another
    // referentienummer: the same students' aard-1 inschrijvingen at two instellingen.
    let mut data = Vec::new();
    dto_gen::generate(&dto_gen::Config::new(400, 4, 3), &mut data, None).unwrap();
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    let instelling = |l: &[u8]| match l.get(..4) {
        Some(b"0001") => Some(15),
        Some(b"0002" | b"0003" | b"0134" | b"0135" | b"0136") => Some(12),
        _ => None,
    };
    let mut instellingen: Vec<&[u8]> = lines
        .iter()
        .filter_map(|l| instelling(l).map(|at| &l[at..at + 6]))
        .collect();
    instellingen.sort();
    instellingen.dedup();
    let moved: Vec<Vec<u8>> = lines
        .iter()
        .map(|l| {
            let mut l = l.to_vec();
            if let Some(at) = instelling(&l) {
                let i = instellingen
                    .iter()
                    .position(|&n| n == &l[at..at + 6])
                    .unwrap();
                let next = instellingen[(i + 1) % instellingen.len()].to_vec();
                l[at..at + 6].copy_from_slice(&next);
                if at == 15 {
                    l[21] = b'X';
                }
            }
            l
        })
        .collect();
    let files = [
        ("a.txt".to_string(), data.clone()),
        ("b.txt".into(), moved.join(&b'\n')),
    ];
    let inputs: Vec<Input> = files
        .iter()
        .map(|(n, b)| Input::new(n.clone(), b.clone()))
        .collect();
    let found = validate_with(&inputs, &Reference::sample(), &RunOptions::default()).findings;
    let elsewhere = found
        .iter()
        .flatten()
        .filter(|f| f.code.number() == 4930001)
        .count();
    assert!(elsewhere > 100, "{elsewhere} findings 4930001");
    assert_same_for_every_part_size(&files, &Reference::sample());
}

/// Random damage to a generated file: bytes changed, lines cut short, doubled, dropped or
/// swapped, line endings changed.
fn damage(data: &[u8], seed: u64) -> Vec<u8> {
    let mut rng = dto_gen::Rng::new(seed, &[]);
    let mut next = move |n: usize| rng.below(n.max(1) as u64) as usize;
    let mut lines: Vec<Vec<u8>> = data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    for _ in 0..1 + next(12) {
        let i = next(lines.len());
        match next(7) {
            0 => {
                let l = &mut lines[i];
                if !l.is_empty() {
                    let at = next(l.len());
                    l[at] = [b' ', b'0', b'9', b'X', 0, 0xFF, b'\r'][next(7)];
                }
            }
            1 => lines[i].truncate(next(220)),
            2 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            3 => {
                lines.remove(i);
            }
            4 => {
                let j = next(lines.len());
                lines.swap(i, j);
            }
            5 => lines[i].push(b'\r'),
            _ => lines[i].extend_from_slice(b"0134"),
        }
    }
    lines.join(&b'\n')
}

#[test]
fn damaged_files_give_findings_never_a_panic_and_the_same_output_in_parts() {
    let mut cfg = dto_gen::Config::new(60, 3, 11);
    cfg.error_rate = 0.05;
    let mut clean = Vec::new();
    dto_gen::generate(&cfg, &mut clean, None).unwrap();
    for seed in 0..150 {
        let data = damage(&clean, seed);
        assert_same_for_every_part_size(&[("damaged.txt".into(), data)], &Reference::sample());
    }
}

/// A file that starts with many lines that are no record (a wrong file glued to a right one,
/// or records of the wrong length) is cut into several segments in that run: each such line
/// has its own finding, and what follows is checked as if the run were not there.
#[test]
fn a_run_of_invisible_lines_before_the_first_record_changes_nothing_after_it() {
    use dto::findings::{Finding, NONE};
    use dto::run::validate;
    let reference = Reference::sample();
    let mut zending = Vec::new();
    dto_gen::generate(&dto_gen::Config::new(40, 2, 9), &mut zending, None).unwrap();
    // Lines of 209 bytes, empty ones, 210 bytes of no record type, with LF and CR LF:
    // about 700 KB, several cuts' worth.
    let kinds: [&[u8]; 4] = [&[b'1'; 209], b"", &[b'9'; 210], b"0134 too short\r"];
    let mut lead = Vec::new();
    let mut codes = Vec::new();
    while lead.len() < 700_000 {
        let k = codes.len() * 7 % kinds.len();
        lead.extend_from_slice(kinds[k]);
        lead.push(b'\n');
        codes.push(if k == 2 { 3110001 } else { 3900001 });
    }
    let (lines, bytes) = (codes.len() as u64, lead.len());
    // The same lines after the zending are lines of that zending: no cut there.
    zending.extend_from_slice(&lead[..lead.len() / 2]);
    let mut data = lead;
    data.extend_from_slice(&zending);

    let alone = [Input::new("f", zending.clone())];
    let alone = validate(&alone, &reference);
    let both = [Input::new("f", data.clone())];
    let both_run = validate(&both, &reference);
    let found: Vec<&Finding> = both_run.findings(0).collect();

    // The lead: each line its own code, and line 1 also 3900003 (a zending without header).
    let (lead_found, rest) = found.split_at(lines as usize + 1);
    let mut expected: Vec<(u64, u32, u32)> =
        (1..=lines).zip(codes).map(|(l, c)| (l, c, 1)).collect();
    expected.insert(1, (1, 3900003, 1));
    let lead_found: Vec<_> = lead_found
        .iter()
        .map(|f| (f.at.line, f.code.number(), f.at.zending))
        .collect();
    assert_same_list(&lead_found, &expected);
    // The rest: the zending's own findings, one zending and `lines` lines on.
    let shift = |b: usize| if b == NONE { NONE } else { b + bytes };
    let moved: Vec<Finding> = alone
        .findings(0)
        .map(|f| {
            let mut f = *f;
            f.at.line += lines;
            (f.at.start, f.at.end) = (f.at.start + bytes, f.at.end + bytes);
            (f.at.header, f.at.group) = (shift(f.at.header), shift(f.at.group));
            f.at.zending += 1;
            f
        })
        .collect();
    assert_same_list(&rest.iter().map(|f| **f).collect::<Vec<_>>(), &moved);
    let accepted: Vec<_> = both_run.acceptance(0, &data).collect();
    let moved: Vec<_> = alone
        .acceptance(0, &zending)
        .map(|mut a| {
            (a.zending, a.line, a.header) = (a.zending + 1, a.line + lines, a.header + bytes);
            a
        })
        .collect();
    assert!(!moved.is_empty());
    assert_eq!(accepted, moved);
    assert_same_for_every_part_size(&[("f".into(), data)], &reference);
}

/// `a` equals `b`; else a message with their first difference, not thousands of items.
fn assert_same_list<T: PartialEq + std::fmt::Debug>(a: &[T], b: &[T]) {
    if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        panic!(
            "{} and {} items; item {i}: {:?} and {:?}",
            a.len(),
            b.len(),
            a.get(i),
            b.get(i)
        );
    }
}

/// A bericht whose lines between its 0002 and 0003 are all no record (every data record a
/// byte too long, say) is cut into parts in that run: each line has its own finding, the
/// 0003's sequence number and counts are checked as in one piece, and the bericht is
/// rejected whole, however short or long the run.
#[test]
fn a_bericht_of_invisible_lines_gives_each_its_finding_however_long() {
    use crate::util::{bericht, file, r0001, r0002, student, zending};
    for n in [20, 3200] {
        // 209 bytes that read no record type, so that no count of 0003 takes them.
        let run: Vec<Vec<u8>> = (0..n).map(|_| b"9999".repeat(53)[..209].to_vec()).collect();
        let data = file(&[zending(
            r0001(),
            vec![
                bericht(r0002(), vec![run]),
                bericht(r0002(), vec![student(1), student(2)]),
            ],
        )]);
        let inputs = [Input::new("f", data.clone())];
        let result = dto::run::validate(&inputs, crate::util::reference());
        let found: Vec<(u64, u32)> = result
            .findings(0)
            .map(|f| (f.at.line, f.code.number()))
            .collect();
        let expected: Vec<(u64, u32)> = (3..n as u64 + 3).map(|l| (l, 3900001)).collect();
        assert_same_list(&found, &expected);
        let accepted: Vec<_> = result
            .acceptance(0, &data)
            .map(|a| (a.status, a.accepted_students, a.rejected_students))
            .collect();
        assert_eq!(
            format!("{accepted:?}"),
            "[(Rejected, 0, 0), (Accepted, 2, 0)]",
            "{n} lines"
        );
        assert_same_for_every_part_size(&[("f".into(), data)], &Reference::sample());
    }
}

/// A record after a run of lines that are no record, at the file's start or after a 0002
/// (also one whose own number is unreadable), expects the sequence number it would in one
/// piece, however often the run is cut.
#[test]
fn a_record_after_a_cut_run_of_invisible_lines_expects_its_number() {
    use crate::util::{bericht, join, r0001, r0002, renumber, student, zending, Rec};
    let run = |n: usize| -> Vec<Rec> { (0..n).map(|i| vec![b'7'; 100 + i % 150]).collect() };
    // A stray 0136 after the lines that start the file (numbered as line 301), and a
    // bericht whose 0134 comes after a run of such lines.
    let mut lines = run(300);
    lines.push(student(9).pop().unwrap());
    let mut group = run(300);
    group.extend(student(1));
    lines.extend(zending(r0001(), vec![bericht(r0002(), vec![group])]));
    // Then one whose 0002 has an unreadable number: its run counts on from the 0001's.
    let mut group = run(300);
    group.extend(student(2));
    let second = lines.len();
    lines.extend(zending(r0001(), vec![bericht(r0002(), vec![group])]));
    renumber(&mut lines);
    for (n, l) in lines.iter_mut().enumerate().take(301) {
        if l.len() >= 12 {
            l[6..12].copy_from_slice(format!("{:06}", n + 1).as_bytes());
        }
    }
    lines[second + 1][6..12].copy_from_slice(b"00000x");
    assert_same_for_every_part_size(&[("f".into(), join(&lines))], &Reference::sample());
}
