//! One validation run over one or more files: split every file, check its zending-headers,
//! check all segments of all files in parallel, make the run-wide checks, and judge every
//! bericht. The result holds the findings in output order, per file.

use crate::accept::{self, Acceptance};
use crate::check::zending::{check_zending, ZendingInfo};
use crate::check::{check_segment, Scratch, SegmentResult};
use crate::code::{Code, Severity};
use crate::findings::{Finding, LineRef, NONE};
use crate::merge;
use crate::reference::Reference;
use crate::source::Source;
use crate::split;
use rayon::prelude::*;
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

/// What a run found in one file.
#[derive(Debug, Default)]
pub struct FileResult {
    pub zendingen: Vec<ZendingInfo>,
    /// Per segment, in line order; the segment of a zending-header carries its findings.
    pub segments: Vec<SegmentResult>,
    /// For an empty file: its one finding, `3900003` on line 1.
    pub empty: Option<Finding>,
    pub lines: u64,
}

impl FileResult {
    /// The file's findings in output order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.empty
            .iter()
            .chain(self.segments.iter().flat_map(|s| s.findings.iter()))
    }

    /// Every bericht's acceptance, in file order; `data` is the file's bytes.
    pub fn acceptance<'a>(&'a self, data: &'a [u8]) -> impl Iterator<Item = Acceptance> + 'a {
        self.segments.iter().flat_map(move |s| {
            let z = &self.zendingen[s.zending];
            s.berichten.iter().map(move |b| accept::judge(data, z, b))
        })
    }
}

/// The result of a run: per input file, in the order given.
#[derive(Debug, Default)]
pub struct RunResult {
    pub files: Vec<FileResult>,
}

impl RunResult {
    /// Counts of findings per code and severity over the run.
    pub fn counts(&self) -> Vec<(Code, Severity, u64)> {
        let mut m = std::collections::BTreeMap::new();
        for f in self.files.iter().flat_map(|f| f.findings()) {
            *m.entry((f.code, f.severity)).or_insert(0u64) += 1;
        }
        m.into_iter().map(|((c, s), n)| (c, s, n)).collect()
    }

    pub fn has_fatal(&self) -> bool {
        self.files
            .iter()
            .flat_map(|f| f.findings())
            .any(|f| f.severity == Severity::Fatal)
    }
}

/// Validates `inputs` as one run, on the current rayon thread pool.
pub fn validate(inputs: &[Input], reference: &Reference) -> RunResult {
    validate_with_progress(inputs, reference, &AtomicU64::new(0))
}

/// [`validate`], adding the bytes of every segment checked to `progress` as it goes (for a
/// progress display on long runs).
pub fn validate_with_progress(
    inputs: &[Input],
    reference: &Reference,
    progress: &AtomicU64,
) -> RunResult {
    let plans: Vec<split::FilePlan> = inputs.par_iter().map(|i| split::plan(i.bytes())).collect();
    let mut files: Vec<FileResult> = inputs
        .iter()
        .zip(&plans)
        .map(|(input, plan)| FileResult {
            zendingen: plan
                .zendingen
                .iter()
                .map(|z| check_zending(input.bytes(), z, reference))
                .collect(),
            segments: Vec::new(),
            empty: input.bytes().is_empty().then(empty_file_finding),
            lines: plan.lines,
        })
        .collect();
    merge::referentienummers(files.iter_mut().flat_map(|f| f.zendingen.iter_mut()));

    let tasks: Vec<(usize, usize)> = plans
        .iter()
        .enumerate()
        .flat_map(|(fi, p)| (0..p.segments.len()).map(move |si| (fi, si)))
        .collect();
    let mut results: Vec<SegmentResult> = tasks
        .par_iter()
        .map_init(Scratch::default, |scratch, &(fi, si)| {
            let seg = &plans[fi].segments[si];
            let zending = &files[fi].zendingen[seg.zending];
            let result = check_segment(inputs[fi].bytes(), seg, zending, reference, scratch);
            progress.fetch_add((seg.end - seg.start) as u64, Ordering::Relaxed);
            result
        })
        .collect();
    merge::eerste_inschrijvingen(&mut results.iter_mut().collect::<Vec<_>>());

    let mut results = results.into_iter();
    for (fi, plan) in plans.iter().enumerate() {
        files[fi].segments = results.by_ref().take(plan.segments.len()).collect();
    }
    RunResult { files }
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
