//! A large bericht is checked in parts cut at student groups, and a run is done in one
//! pass or, when it finds much, in two: the findings and the acceptance are the same for
//! every part size (down to one student group a part) and either way of running.

use crate::util_cli::examples;
use dto::reference::Reference;
use dto::run::{validate_with, Input, RunOptions, RunResult};

/// Findings and acceptance of a run, as comparable values.
fn outcome(inputs: &[Input], r: &RunResult) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
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
                .map(|a| format!("{a:?}"))
                .collect()
        })
        .collect();
    (findings, acceptance)
}

/// The run over `files` with berichten whole in one pass, and cut every 1, 700, 5000 and
/// 65536 bytes, in one pass and in two.
fn assert_same_for_every_part_size(files: &[(String, Vec<u8>)], reference: &Reference) {
    let inputs: Vec<Input> = files
        .iter()
        .map(|(n, b)| Input::new(n.clone(), b.clone()))
        .collect();
    let run = |chunk, held_findings| {
        let options = RunOptions {
            chunk,
            held_findings,
        };
        outcome(&inputs, &validate_with(&inputs, reference, &options))
    };
    let whole = run(usize::MAX, usize::MAX);
    let ways = [
        (1, 0),
        (700, usize::MAX),
        (5000, 0),
        (65536, usize::MAX),
        (usize::MAX, 0),
    ];
    for (chunk, held) in ways {
        let parts = run(chunk, held);
        for (what, a, b) in [
            ("findings", &parts.0, &whole.0),
            ("acceptance", &parts.1, &whole.1),
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
                "{what} with parts of {chunk} bytes, holding {held} findings, differ from finding {first} on:\n{:#?}\nwhole:\n{:#?}",
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
