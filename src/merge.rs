//! What spans segments: the run-wide checks (spec section 7, "across the whole run"):
//! referentienummer uniqueness per afzender (`3900010`) and the first inschrijving at one
//! instelling only (`4930001`); and joining the parts of a bericht that was cut.

use crate::check::cross::Seen;
use crate::check::record::{self, Counts};
use crate::check::table::Table;
use crate::check::zending::ZendingInfo;
use crate::check::{
    fatal_groups, BerichtOutcome, EersteInschrijvingen, GroupFindings, SegmentResult, NO_GROUP,
};
use crate::code::{Code, Severity};
use crate::findings::Finding;
use crate::layout::{FieldId, RecordType, RECORD_LEN};
use ahash::AHashSet;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// `3900010`: every zending after the first with the same afzender and referentienummer,
/// in file and line order, is rejected whole. `zendingen` is every file's zendingen, in
/// file order.
pub fn referentienummers<'a>(zendingen: impl Iterator<Item = &'a mut ZendingInfo>) {
    let mut seen = AHashSet::new();
    for z in zendingen {
        let (Some(referentie), Some(at)) = (z.referentie, z.header_ref()) else {
            continue;
        };
        if !seen.insert(referentie) {
            z.rejected = true;
            z.header_findings.push(Finding {
                at,
                code: Code::ReferentienummerNietUniek,
                field: None,
                severity: Severity::Fatal,
            });
            crate::findings::sort_findings(&mut z.header_findings);
        }
    }
}

/// The place of `x` in the sorted, deduplicated `v` it was collected into.
fn position<T: Ord>(v: &[T], x: &T) -> u64 {
    v.binary_search(x).expect("collected above") as u64
}

/// A segment's input to [`eerste_inschrijvingen`]: its aard-1 inschrijvingen, with their
/// identificatienummers already split into the run's shards by the thread that checked the
/// segment, while they are in its caches (and alongside the other segments' checks rather
/// than after them all).
pub struct EersteInput {
    pub inschrijvingen: EersteInschrijvingen,
    shards: Shards,
}

impl EersteInput {
    /// `inschrijvingen` split into 2^`bits` shards ([`shard_bits`] of the run).
    pub fn new(inschrijvingen: EersteInschrijvingen, bits: u32) -> EersteInput {
        let ids = inschrijvingen.records.iter().zip(0..);
        let shards = Shards::split(bits, ids.map(|(r, i)| (r.identificatienummer, i)));
        EersteInput {
            inschrijvingen,
            shards,
        }
    }
}

/// The shards of [`eerste_inschrijvingen`] for a run of `bytes` of input, as a power of two:
/// about `SHARD_ENTRIES` entries a shard, were a third of the lines (of a record each) aard-1
/// inschrijvingen (the national preset has three in ten). Known before any segment is
/// checked; the findings are the same for any number.
pub fn shard_bits(bytes: u64) -> u32 {
    (bytes / (RECORD_LEN as u64 + 1) / 3)
        .div_ceil(SHARD_ENTRIES)
        .next_power_of_two()
        .trailing_zeros()
        .min(MAX_SHARD_BITS)
}

/// `4930001`: per academiejaar and gebeurtenis, an identificatienummer with aard-1
/// inschrijvingen at two or more instellingen; every such 0136 except those of the lowest
/// instellingsnummer gets a warning on 0136-13. `segments` holds the aard-1 inschrijvingen
/// of every segment that has some, with its index, in file and line order, all split into
/// the same number of shards; the result holds the findings per segment index, each list in
/// line order.
///
/// Every aard-1 inschrijving of the run is one 16-byte entry. Each segment's entries are
/// split into shards by a hash of their identificatienummer (a power of two of them, up to
/// 256, so that a shard holds some `SHARD_ENTRIES` of the run's entries; one shard, and no
/// split, for a small run), and then each shard, gathered from every segment in the order of
/// their instellingen, goes through a [`Table`] of the first instelling met per key (period
/// and identificatienummer): that is the key's lowest, so an entry whose key the table holds
/// with another one gets the warning, in one lookup. The shards in parallel, each in a table
/// that stays in the caches, and no map of a large run is built.
pub fn eerste_inschrijvingen(segments: &[(usize, EersteInput)]) -> BTreeMap<usize, Vec<Finding>> {
    let Some(bits) = segments.first().map(|(_, e)| e.shards.bits) else {
        return BTreeMap::new();
    };
    // Small numbers for the few (academiejaar, gebeurtenis) pairs and instellingen of a
    // run; instellingen ranked in the order of their numbers as written.
    let mut periods: Vec<([u8; 4], [u8; 5])> = segments
        .iter()
        .map(|(_, e)| (e.inschrijvingen.academiejaar, e.inschrijvingen.gebeurtenis))
        .collect();
    periods.sort_unstable();
    periods.dedup();
    let mut instellingen: Vec<[u8; 6]> = segments
        .iter()
        .map(|(_, e)| e.inschrijvingen.instelling)
        .collect();
    instellingen.sort_unstable();
    instellingen.dedup();

    // The run's entries numbered in file order: segment k's first is `first[k]`.
    let first: Vec<u64> = segments
        .iter()
        .scan(0, |n, (_, e)| {
            let f = *n;
            *n += e.inschrijvingen.records.len() as u64;
            Some(f)
        })
        .collect();
    let segment_of = |entry: u64| first.partition_point(|&f| f <= entry) - 1;
    let mut ranked: Vec<Ranked> = segments
        .iter()
        .zip(&first)
        .map(|((_, e), &first)| {
            let i = &e.inschrijvingen;
            assert_eq!(e.shards.bits, bits, "one number of shards in a run");
            Ranked {
                rank: position(&instellingen, &i.instelling),
                // The key is period << 37 | identificatienummer: an identificatienummer has
                // at most 11 digits (< 2^37). Enough for a run of fewer than 2^27 periods.
                period: position(&periods, &(i.academiejaar, i.gebeurtenis)) << 37,
                first,
                shards: &e.shards,
            }
        })
        .collect();
    ranked.sort_by_key(|s| s.rank);
    let mut elsewhere = not_lowest(&ranked);
    drop(ranked);
    elsewhere.par_sort_unstable();
    elsewhere
        .chunk_by(|&a, &b| segment_of(a) == segment_of(b))
        .map(|run| {
            let k = segment_of(run[0]);
            let (si, e) = &segments[k];
            let i = &e.inschrijvingen;
            let found = run
                .iter()
                .map(|&entry| Finding {
                    at: i.line_ref(&i.records[(entry - first[k]) as usize]),
                    code: Code::EersteInschrijvingElders,
                    field: Some(FieldId::new(RecordType::Inschrijving, 13)),
                    severity: Severity::Warning,
                })
                .collect();
            (*si, found)
        })
        .collect()
}

/// A segment's [`Shards`] in [`eerste_inschrijvingen`]: the rank of its instelling among the
/// run's, its period shifted into place in a key, and the run's number of its first entry.
struct Ranked<'p> {
    rank: u64,
    period: u64,
    first: u64,
    shards: &'p Shards,
}

/// The entries of `ranked` (segments split into the same shards, in the order of their ranks)
/// whose key an entry of a lower rank holds too, by their number in the run, in no order.
fn not_lowest(ranked: &[Ranked]) -> Vec<u64> {
    let bits = ranked.first().map_or(0, |s| s.shards.bits);
    // Each shard's entries, segment by segment in the order of their ranks: only the
    // segments that have some there, so that many small segments cost their entries, not
    // their number times the shards'.
    let mut runs: Vec<Vec<(&Ranked, &[Entry])>> = vec![Vec::new(); 1 << bits];
    for s in ranked {
        for (p, run) in s.shards.shards() {
            runs[p].push((s, run));
        }
    }
    // A table for each thread's run of shards, not for every shard: a table of its own would
    // be fresh memory, page faults and all, for every shard.
    let per_thread = runs.len().div_ceil(rayon::current_num_threads());
    runs.par_iter()
        .with_min_len(per_thread)
        .map_init(Table::default, |first: &mut Table<u64, u64>, runs| {
            // The rank of the first instelling met per key of the shard: its lowest.
            first.clear();
            // Room for the whole shard at once, not grown segment by segment.
            first.reserve(runs.iter().map(|(_, run)| run.len()).sum());
            let mut elsewhere = Vec::new();
            for &(s, run) in runs {
                first.run(
                    run,
                    |e| s.period | e.0,
                    |_| s.rank,
                    |e, lowest, _| {
                        if *lowest != s.rank {
                            elsewhere.push(s.first + e.1);
                        }
                    },
                );
            }
            elsewhere
        })
        .flatten_iter()
        .collect()
}

/// About how many of the run's entries [`eerste_inschrijvingen`] puts in one shard: the
/// shard's table, of twice as many 16-byte slots, stays in the caches.
const SHARD_ENTRIES: u64 = 1 << 15;

/// At most 2^8 = 256 shards.
const MAX_SHARD_BITS: u32 = 8;

/// One segment's entries of [`eerste_inschrijvingen`] (identificatienummer, place in the
/// segment), sorted by their shard of 2^`bits`, a hash of the identificatienummer. Where
/// each shard starts is not kept: a table of 257 starts for every segment would outweigh
/// the entries of a small one (a file of many small berichten), and its shards are found
/// again in a few steps each.
struct Shards {
    bits: u32,
    entries: Vec<Entry>,
}

/// An entry of [`Shards`]: an identificatienummer and its place in the segment.
type Entry = (u64, u64);

impl Shards {
    /// A counting sort by shard; none for a run of one shard.
    fn split(bits: u32, entries: impl Iterator<Item = Entry> + Clone) -> Shards {
        if bits == 0 {
            let entries = entries.collect();
            return Shards { bits, entries };
        }
        let shards: usize = 1 << bits;
        let mut next = vec![0u32; shards + 1];
        for e in entries.clone() {
            next[shard_of(bits, e.0) + 1] += 1;
        }
        for p in 0..shards {
            next[p + 1] += next[p];
        }
        let mut sorted = vec![(0, 0); next[shards] as usize];
        for e in entries {
            let at = &mut next[shard_of(bits, e.0)];
            sorted[*at as usize] = e;
            *at += 1;
        }
        Shards {
            bits,
            entries: sorted,
        }
    }

    /// Every shard that holds entries, with them, in shard order.
    fn shards(&self) -> impl Iterator<Item = (usize, &[Entry])> {
        let bits = self.bits;
        let mut rest = &self.entries[..];
        std::iter::from_fn(move || {
            let p = shard_of(bits, rest.first()?.0);
            let (run, after) = rest.split_at(rest.partition_point(|e| shard_of(bits, e.0) == p));
            rest = after;
            Some((p, run))
        })
    }
}

/// The shard of `key` among 2^`bits`: the high bits of a multiplication, which depend on
/// all of it.
fn shard_of(bits: u32, key: u64) -> usize {
    match bits {
        0 => 0,
        _ => (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize,
    }
}

/// Joins the parts of berichten that were cut (see [`crate::split::CHUNK`] and
/// [`crate::split::INVISIBLE_RUN`]), in file order: makes the checks that span the parts
/// (stamboeknummer and identificatienummer uniqueness, the berichteinde's counts,
/// `3110020`) and the bericht's outcome. The parts' own checks are made where they were
/// checked, in parallel.
#[derive(Default)]
pub struct BerichtJoin {
    open: Option<Joining>,
    /// What the open bericht's parts so far held (kept from bericht to bericht for its
    /// memory).
    seen: Seen,
}

struct Joining {
    outcome: BerichtOutcome,
    counts: Counts,
    out_of_order: u32,
}

impl BerichtJoin {
    /// Takes in the next segment's result: when it is a part of a split bericht, adds the
    /// findings that span the parts to its findings (in output order), and when the part
    /// ends the bericht, its outcome to its berichten.
    pub fn add(&mut self, result: &mut SegmentResult) {
        let Some(part) = result.part.take() else {
            return;
        };
        if self.open.is_none() {
            self.seen.clear();
        }
        let j = self.open.get_or_insert_with(|| Joining {
            outcome: BerichtOutcome {
                students: 0,
                rejected_groups: Vec::new(),
                ..part.outcome
            },
            counts: Counts::default(),
            out_of_order: 0,
        });
        let mut groups_fatal = part.groups_fatal;
        let mut found = Vec::new();
        let mut findings = GroupFindings {
            voorlopig: j.outcome.voorlopig,
            groups_fatal: &mut groups_fatal,
            rejected_whole: &mut j.outcome.rejected_whole,
            found: &mut found,
        };
        for (at, code, field, group) in self.seen.findings(&part.uniqueness) {
            findings.report(at, code, field, group, false);
        }
        j.counts.students += part.counts.students;
        j.counts.inschrijvingen += part.counts.inschrijvingen;
        j.counts.records += part.counts.records;
        j.out_of_order += part.out_of_order;
        if let Some((at, stated)) = part.einde {
            for nr in j.counts.differing(stated) {
                let field = FieldId::new(RecordType::BerichtEinde, nr);
                findings.report(at, Code::Controletotaal, field, NO_GROUP, true);
            }
        }
        if let Some(at) = part.ends.filter(|_| record::out_of_order(j.out_of_order)) {
            let code = Code::MeerdereUitVolgorde;
            let severity = code.severity_in(None, j.outcome.voorlopig);
            found.push(Finding {
                at,
                code,
                field: None,
                severity,
            });
            j.outcome.rejected_whole = true;
        }
        j.outcome.rejected_whole |= part.outcome.rejected_whole;
        let first = j.outcome.students;
        j.outcome
            .rejected_groups
            .extend(fatal_groups(&groups_fatal, first));
        j.outcome.students += part.outcome.students;
        if !found.is_empty() {
            result.findings.append(&mut found);
            crate::findings::sort_findings(&mut result.findings);
        }
        if part.ends.is_some() {
            let j = self.open.take().expect("opened above");
            result.berichten.push(j.outcome);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_has_shards_of_some_32_768_aard_1_inschrijvingen_and_at_most_256() {
        assert_eq!(shard_bits(0), 0);
        // A third of the lines of 211 bytes: one shard up to 2^15 of them.
        assert_eq!(shard_bits(3 * 211 * SHARD_ENTRIES), 0);
        assert_eq!(shard_bits(3 * 211 * SHARD_ENTRIES + 3 * 211), 1);
        // The national preset (221 MB): 16 shards.
        assert_eq!(shard_bits(220_701_285), 4);
        assert_eq!(shard_bits(u64::MAX), MAX_SHARD_BITS);
    }

    #[test]
    fn a_segments_shards_hold_each_of_its_entries_once_in_its_shard_in_shard_order() {
        let mut rng = dto_gen::Rng::new(3, &[]);
        for bits in 0..=MAX_SHARD_BITS {
            for n in [0, 1, 2, 5, 300, 3000] {
                let entries: Vec<Entry> = (0..n).map(|i| (rng.below(1 << 40), i)).collect();
                let split = Shards::split(bits, entries.iter().copied());
                let shards: Vec<(usize, &[Entry])> = split.shards().collect();
                assert!(shards.windows(2).all(|w| w[0].0 < w[1].0), "{bits} bits");
                for (p, run) in &shards {
                    assert!(!run.is_empty() && run.iter().all(|e| shard_of(bits, e.0) == *p));
                }
                let mut got: Vec<Entry> =
                    shards.iter().flat_map(|(_, r)| r.iter().copied()).collect();
                got.sort_unstable_by_key(|e| e.1);
                assert_eq!(got, entries, "{bits} bits, {n} entries");
            }
        }
    }

    #[test]
    fn in_any_number_of_shards_the_entries_whose_key_a_lower_rank_holds() {
        let mut rng = dto_gen::Rng::new(7, &[]);
        for round in 0..40 {
            // Segments of a few ranks (some repeated) with keys from a small range, so that
            // keys are shared within and across segments; entries numbered in file order.
            let mut entry = 0;
            let segments: Vec<(u64, Vec<(u64, u64)>)> = (0..1 + rng.below(6))
                .map(|_| {
                    let rank = rng.below(4);
                    let keys = (0..rng.below(400)).map(|_| {
                        entry += 1;
                        (rng.below(300), entry)
                    });
                    (rank, keys.collect())
                })
                .collect();
            let all: Vec<(u64, u64, u64)> = segments
                .iter()
                .flat_map(|(rank, v)| v.iter().map(|&(key, entry)| (*rank, key, entry)))
                .collect();
            let expected: Vec<u64> = all
                .iter()
                .filter(|&&(rank, key, _)| all.iter().any(|e| e.1 == key && e.0 < rank))
                .map(|e| e.2)
                .collect();
            for bits in 0..=MAX_SHARD_BITS {
                let split: Vec<Shards> = segments
                    .iter()
                    .map(|(_, v)| Shards::split(bits, v.iter().zip(0..).map(|(e, i)| (e.0, i))))
                    .collect();
                assert!(split.iter().all(|s| s.bits == bits));
                let mut ranked: Vec<Ranked> = segments
                    .iter()
                    .zip(&split)
                    .map(|((rank, v), shards)| Ranked {
                        rank: *rank,
                        period: 0,
                        first: v.first().map_or(0, |e| e.1),
                        shards,
                    })
                    .collect();
                ranked.sort_by_key(|s| s.rank);
                let mut got = not_lowest(&ranked);
                got.sort_unstable();
                assert_eq!(got, expected, "round {round}, {bits} bits");
            }
        }
    }
}
