//! One validation run over one or more files.
//!
//! 1. Split every file into segments (in parallel pieces) and check its zending-headers;
//!    referentienummers across the run (`3900010`).
//! 2. The full pass checks the segments on worker threads; their results come back in
//!    order, the parts of split berichten are joined, and the aard-1 inschrijvingen are
//!    collected for the run-wide `4930001`.
//! 3. While the findings are few they wait for `4930001` and are then written. A run that
//!    finds more starts again in two passes: a light one that collects the aard-1
//!    inschrijvingen alone, then the full pass, whose findings are written as soon as the
//!    segments before them are done. Either way the findings of a large run are never all
//!    in memory (only those of one segment: see `split::INVISIBLE_RUN` for what is not cut), and
//!    the output is the same.

use crate::accept::{self, Acceptance};
use crate::check::zending::{check_zending, ZendingInfo};
use crate::check::{check_segment, BerichtOutcome, Pass, Scratch, SegmentResult};
use crate::code::{Code, Severity};
use crate::findings::{Finding, LineRef, NONE};
use crate::merge::{self, EersteInput};
use crate::reference::Reference;
use crate::source::Source;
use crate::{pipeline, split};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// One input file of a run.
pub struct Input {
    /// The path as given; the `file` key of the findings.
    pub label: String,
    pub source: Source,
}

impl Input {
    pub fn new(label: impl Into<String>, source: impl Into<Source>) -> Input {
        Input {
            label: label.into(),
            source: source.into(),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        self.source.bytes()
    }
}

/// What a run keeps of one file besides its findings: its zendingen and berichten.
#[derive(Debug, Default)]
pub struct FileSummary {
    pub zendingen: Vec<ZendingInfo>,
    /// Every bericht, with the index of its zending in `zendingen`, in file order.
    pub berichten: Vec<(usize, BerichtOutcome)>,
    pub lines: u64,
}

impl FileSummary {
    /// Every bericht's acceptance, in file order; `data` is the file's bytes.
    pub fn acceptance<'a>(&'a self, data: &'a [u8]) -> impl Iterator<Item = Acceptance> + 'a {
        self.berichten
            .iter()
            .map(move |(z, b)| accept::judge(data, &self.zendingen[*z], b))
    }
}

/// How many findings [`RunSummary::first`] keeps.
pub const FIRST: usize = 20;

/// What a run keeps besides its findings.
#[derive(Debug, Default)]
pub struct RunSummary {
    /// Per input file, in the order given.
    pub files: Vec<FileSummary>,
    /// Findings per code and severity.
    pub counts: BTreeMap<(Code, Severity), CodeCount>,
    /// The first [`FIRST`] findings of the run, with their file's index.
    pub first: Vec<(usize, Finding)>,
}

/// How often a run found one code with one severity, and where first.
#[derive(Debug)]
pub struct CodeCount {
    pub n: u64,
    /// The first such finding, with its file's index.
    pub first: (usize, Finding),
}

impl RunSummary {
    pub fn has_fatal(&self) -> bool {
        self.counts.keys().any(|(_, s)| *s == Severity::Fatal)
    }

    pub fn total(&self) -> u64 {
        self.counts.values().map(|c| c.n).sum()
    }
}

/// A run with every finding kept: for tests and small runs.
#[derive(Debug, Default)]
pub struct RunResult {
    pub summary: RunSummary,
    /// Per input file, in output order.
    pub findings: Vec<Vec<Finding>>,
}

impl RunResult {
    /// The findings of file `i`, in output order.
    pub fn findings(&self, i: usize) -> impl Iterator<Item = &Finding> {
        self.findings[i].iter()
    }

    /// The acceptance of every bericht of file `i`; `data` is its bytes.
    pub fn acceptance<'a>(
        &'a self,
        i: usize,
        data: &'a [u8],
    ) -> impl Iterator<Item = Acceptance> + 'a {
        self.summary.files[i].acceptance(data)
    }
}

/// How a run goes about its work; the output is the same whatever these are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunOptions {
    /// A bericht is cut into parts at the first student group past every multiple of this
    /// many bytes, so that one large bericht is checked by several threads (see
    /// `split::CHUNK`).
    pub chunk: usize,
    /// A run of lines that are no record, at a file's start or after a 0002, is cut into
    /// segments of about this many bytes, so that their findings (one a line) are not all
    /// held at once.
    pub invisible_run: usize,
    /// The findings a run may hold while it waits for the run-wide check `4930001`, to do
    /// its work in one pass. With more, it starts again in two passes, the first only for
    /// `4930001`, and writes every finding as soon as it is found.
    pub held_findings: usize,
    /// Segments are handed to the worker threads in batches of at least this many bytes (a
    /// larger segment alone): handing a result over wakes a thread, which for a segment of
    /// one line (a file of many tiny zendingen) costs more than checking it.
    pub batch: usize,
    /// The shards the run-wide `4930001` splits its input into, as a power of two (at most
    /// 8); by the input's size ([`merge::shard_bits`]) when None. The findings are the same
    /// for any number.
    pub shard_bits: Option<u32>,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        // 250 000 findings of 80 bytes: 20 MB.
        RunOptions {
            chunk: split::CHUNK,
            invisible_run: split::INVISIBLE_RUN,
            held_findings: 250_000,
            batch: 256 << 10,
            shard_bits: None,
        }
    }
}

/// Validates `inputs` as one run, with as many threads as the current rayon thread pool
/// has, keeping every finding.
pub fn validate(inputs: &[Input], reference: &Reference) -> RunResult {
    validate_with(inputs, reference, &RunOptions::default())
}

/// [`validate`] with other [`RunOptions`].
pub fn validate_with(inputs: &[Input], reference: &Reference, options: &RunOptions) -> RunResult {
    let mut findings = vec![Vec::new(); inputs.len()];
    let keep = &mut |file: usize, f: &Finding| {
        findings[file].push(*f);
        Ok(())
    };
    let summary = validate_to(inputs, reference, options, &AtomicU64::new(0), keep)
        .expect("keeping findings in memory does not fail");
    RunResult { summary, findings }
}

/// Validates `inputs` as one run and hands every finding, in output order (file, line,
/// code, field), to `sink` with its file's index. Segments are checked on as many threads
/// as the current rayon pool has. How far the run is goes to `progress`: the inputs' bytes
/// once as the split reads them, then once more as their segments are checked, so that it
/// ends at twice their size. An error of `sink` stops the run and is returned.
pub fn validate_to(
    inputs: &[Input],
    reference: &Reference,
    options: &RunOptions,
    progress: &AtomicU64,
    sink: &mut dyn FnMut(usize, &Finding) -> io::Result<()>,
) -> io::Result<RunSummary> {
    let plans: Vec<split::FilePlan> = inputs
        .par_iter()
        .map(|i| split::plan_in_chunks(i.bytes(), options.chunk, options.invisible_run, progress))
        .collect();
    let mut files: Vec<FileSummary> = inputs
        .iter()
        .zip(&plans)
        .map(|(input, plan)| FileSummary {
            zendingen: plan
                .zendingen
                .iter()
                .map(|z| check_zending(input.bytes(), z, reference))
                .collect(),
            berichten: Vec::new(),
            lines: plan.lines,
        })
        .collect();
    merge::referentienummers(files.iter_mut().flat_map(|f| f.zendingen.iter_mut()));

    let tasks: Vec<(usize, usize)> = plans
        .iter()
        .enumerate()
        .flat_map(|(fi, p)| (0..p.segments.len()).map(move |si| (fi, si)))
        .collect();
    let batches = batches(&tasks, options.batch, |&(fi, si)| {
        let seg = &plans[fi].segments[si];
        seg.end - seg.start
    });
    let check = |scratch: &mut Scratch, &(fi, si): &(usize, usize), pass| {
        let seg = &plans[fi].segments[si];
        let zending = &files[fi].zendingen[seg.zending];
        let result = check_segment(inputs[fi].bytes(), seg, zending, reference, scratch, pass);
        if pass != Pass::EersteInschrijvingen {
            progress.fetch_add((seg.end - seg.start) as u64, Ordering::Relaxed);
        }
        result
    };
    let threads = rayon::current_num_threads();

    let mut delivery = Delivery {
        inputs,
        tasks: &tasks,
        summary: RunSummary::default(),
        berichten: vec![Vec::new(); inputs.len()],
        next_file: 0,
    };

    // One pass when the findings are few: they wait in memory until the run-wide check is
    // made. Past `held_findings` the run starts again in two passes, which write every
    // finding as it goes.
    let (mut held, mut eerste) = (BTreeMap::new(), Vec::new());
    let mut count = 0;
    let mut join = merge::BerichtJoin::default();
    let input_bytes: u64 = inputs.iter().map(|i| i.bytes().len() as u64).sum();
    // The parts of `4930001`'s input, for a run of this size.
    let bits = options
        .shard_bits
        .unwrap_or_else(|| merge::shard_bits(input_bytes));
    let check_batch = |scratch: &mut Scratch, batch: &Range<usize>, pass| {
        tasks[batch.clone()]
            .iter()
            .map(|task| {
                let mut result = check(scratch, task, pass);
                let eerste = result
                    .eerste_inschrijvingen
                    .take()
                    .map(|e| EersteInput::new(e, bits));
                (result, eerste)
            })
            .collect::<Vec<_>>()
    };
    let one_pass = pipeline::ordered(
        &batches,
        threads,
        Scratch::default,
        |scratch, batch| check_batch(scratch, batch, Pass::FullWithEersteInschrijvingen),
        |b, results| {
            for (i, (mut result, e)) in batches[b].clone().zip(results) {
                join.add(&mut result);
                delivery.take_in(i, &mut result);
                // Only what the findings need waits: a file of many small berichten has
                // as many results, most without a finding.
                count += result.findings.len();
                if !result.findings.is_empty() {
                    held.insert(i, result.findings);
                }
                eerste.extend(e.map(|e| (i, e)));
            }
            match count > options.held_findings {
                true => Err(io::Error::other("too many findings to hold")),
                false => Ok(()),
            }
        },
    );
    if one_pass.is_ok() {
        let mut run_wide = merge::eerste_inschrijvingen(&eerste);
        drop(eerste);
        // Every segment with a finding of its own or of `4930001`, in order.
        let segments: BTreeSet<usize> = held.keys().chain(run_wide.keys()).copied().collect();
        for i in segments {
            let (own, extra) = (held.remove(&i), run_wide.remove(&i));
            delivery.emit(Some(i), own.unwrap_or_default(), extra, sink)?;
        }
    } else {
        drop((held, eerste));
        // Checking starts again: the inputs are read (the split), none is checked; the
        // berichten taken in so far come again.
        delivery.berichten.iter_mut().for_each(Vec::clear);
        progress.store(input_bytes, Ordering::Relaxed);
        // `4930001` needs two instellingen with berichten of one academiejaar and
        // gebeurtenis: the light pass reads only the berichten of such periods (none in a
        // file of one instelling).
        let period = |&(fi, si): &(usize, usize)| {
            let seg = &plans[fi].segments[si];
            let header = seg
                .resumes_bericht
                .map(|(h, _)| h)
                .or((seg.bericht > 0).then_some(seg.start))?;
            let h = &inputs[fi].bytes()[header..header + crate::layout::RECORD_LEN];
            let test = files[fi].zendingen[seg.zending].test;
            crate::check::eerste_period(h.try_into().expect("a record"), test)
        };
        let mut instellingen: BTreeMap<_, Vec<[u8; 6]>> = BTreeMap::new();
        for (aj, geb, inst) in tasks.iter().filter_map(period) {
            let seen = instellingen.entry((aj, geb)).or_default();
            if !seen.contains(&inst) {
                seen.push(inst);
            }
        }
        let shared = |task: &(usize, usize)| {
            period(task).is_some_and(|(aj, geb, _)| instellingen[&(aj, geb)].len() > 1)
        };
        let eerste: Vec<_> = tasks
            .par_iter()
            .enumerate()
            .map_init(Scratch::default, |scratch, (i, task)| {
                let light = || check(scratch, task, Pass::EersteInschrijvingen);
                let e = shared(task).then(light)?.eerste_inschrijvingen?;
                Some((i, EersteInput::new(e, bits)))
            })
            .flatten()
            .collect();
        let mut run_wide = merge::eerste_inschrijvingen(&eerste);
        drop(eerste);
        let mut join = merge::BerichtJoin::default();
        pipeline::ordered(
            &batches,
            threads,
            Scratch::default,
            |scratch, batch| check_batch(scratch, batch, Pass::Full),
            |b, results| {
                for (i, (mut result, _)) in batches[b].clone().zip(results) {
                    join.add(&mut result);
                    delivery.take_in(i, &mut result);
                    let extra = run_wide.remove(&i);
                    delivery.emit(Some(i), result.findings, extra, sink)?;
                }
                Ok(())
            },
        )?;
    }
    delivery.emit(None, Vec::new(), None, sink)?;
    let mut summary = delivery.summary;
    for (file, b) in files.iter_mut().zip(delivery.berichten) {
        file.berichten = b;
    }
    summary.files = files;
    Ok(summary)
}

/// What a run hands on of its segments' results, in their order: their berichten to their
/// files, and their findings to the sink, counted in the run's summary.
struct Delivery<'r> {
    inputs: &'r [Input],
    tasks: &'r [(usize, usize)],
    summary: RunSummary,
    berichten: Vec<Vec<(usize, BerichtOutcome)>>,
    /// The first file whose turn has not come: an empty file, which has no segment, gets
    /// its one finding in its turn.
    next_file: usize,
}

impl Delivery<'_> {
    /// Takes the berichten of segment `i` into its file's, in order (a bericht that was cut
    /// comes with its last part, once [`merge::BerichtJoin`] has joined them).
    fn take_in(&mut self, i: usize, result: &mut SegmentResult) {
        let zending = result.zending;
        self.berichten[self.tasks[i].0].extend(result.berichten.drain(..).map(|b| (zending, b)));
    }

    /// The findings of segment `i`, its own and `run_wide`'s (`4930001`), to `sink`;
    /// before them, those of the empty files before its file. None: the empty files after
    /// the last segment's.
    fn emit(
        &mut self,
        i: Option<usize>,
        mut findings: Vec<Finding>,
        run_wide: Option<Vec<Finding>>,
        sink: &mut dyn FnMut(usize, &Finding) -> io::Result<()>,
    ) -> io::Result<()> {
        let summary = &mut self.summary;
        let mut emit = |file: usize, f: &Finding| {
            summary
                .counts
                .entry((f.code, f.severity))
                .or_insert_with(|| CodeCount {
                    n: 0,
                    first: (file, *f),
                })
                .n += 1;
            if summary.first.len() < FIRST {
                summary.first.push((file, *f));
            }
            sink(file, f)
        };
        let file = i.map_or(self.inputs.len(), |i| self.tasks[i].0);
        while self.next_file < file {
            if self.inputs[self.next_file].bytes().is_empty() {
                emit(self.next_file, &empty_file_finding())?;
            }
            self.next_file += 1;
        }
        if let Some(mut run_wide) = run_wide {
            findings.append(&mut run_wide);
            crate::findings::sort_findings(&mut findings);
        }
        findings.iter().try_for_each(|f| emit(file, f))
    }
}

/// Consecutive `tasks` in batches of at least `batch` bytes (`len` of each), the last one
/// perhaps smaller.
fn batches<T>(tasks: &[T], batch: usize, len: impl Fn(&T) -> usize) -> Vec<Range<usize>> {
    let mut batches = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, task) in tasks.iter().enumerate() {
        bytes += len(task);
        if bytes >= batch || i + 1 == tasks.len() {
            batches.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    batches
}

fn empty_file_finding() -> Finding {
    Finding {
        at: LineRef {
            line: 1,
            start: 0,
            end: 0,
            zending: 1,
            bericht: 0,
            header: NONE,
            group: NONE,
        },
        code: Code::ZendingZonderHeader,
        field: None,
        severity: Severity::Fatal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_the_tasks_in_order_each_just_past_the_batch_size() {
        const BATCH: usize = 100;
        let sizes = [1, BATCH - 2, 1, 1, 5 * BATCH, 3, BATCH, 7, 7];
        let batches = batches(&sizes, BATCH, |&s| s);
        assert_eq!(batches, vec![0..3, 3..5, 5..7, 7..9]);
        let bytes = |r: &Range<usize>| sizes[r.clone()].iter().sum::<usize>();
        for (k, b) in batches.iter().enumerate() {
            let last = k + 1 == batches.len();
            assert!(last || bytes(b) >= BATCH, "batch {k} too small");
            assert!(bytes(&(b.start..b.end - 1)) < BATCH, "batch {k} too large");
        }
        assert_eq!(super::batches(&[] as &[usize], BATCH, |&s| s), vec![]);
    }

    /// The progress of a run ends at twice its inputs' bytes (read by the split, then
    /// checked), also when it starts again in two passes.
    #[test]
    fn a_runs_progress_counts_every_byte_read_and_checked_once() {
        let reference = Reference::sample();
        let files: Vec<Vec<u8>> = [(1, 40), (2, 60)]
            .into_iter()
            .map(|(seed, students)| {
                let mut config = dto_gen::Config::new(students, 2, seed);
                config.error_rate = 0.2;
                let mut data = Vec::new();
                dto_gen::generate(&config, &mut data, None).unwrap();
                data
            })
            .collect();
        let inputs: Vec<Input> = files
            .iter()
            .enumerate()
            .map(|(i, f)| Input::new(format!("{i}.txt"), f.clone()))
            .collect();
        let bytes: u64 = files.iter().map(|f| f.len() as u64).sum();
        for held_findings in [usize::MAX, 0] {
            let options = RunOptions {
                chunk: 4096,
                held_findings,
                ..RunOptions::default()
            };
            let progress = AtomicU64::new(0);
            let run = validate_to(&inputs, &reference, &options, &progress, &mut |_, _| Ok(()));
            assert!(run.unwrap().counts.len() > 1, "findings of several codes");
            assert_eq!(progress.into_inner(), 2 * bytes, "held {held_findings}");
        }
    }
}
