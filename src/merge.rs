//! The run-wide checks (spec section 7, "across the whole run"), made after the segments:
//! referentienummer uniqueness per afzender (`3900010`) and the first inschrijving at one
//! instelling only (`4930001`).

use crate::check::zending::ZendingInfo;
use crate::check::{EersteInschrijving, SegmentResult};
use crate::code::{Code, Severity};
use crate::findings::{Finding, LineRef, NONE};
use crate::layout::{FieldId, RecordType, RECORD_LEN};
use ahash::AHashSet;
use rayon::prelude::*;

/// `3900010`: every zending after the first with the same afzender and referentienummer,
/// in file and line order, is rejected whole. `zendingen` is every file's zendingen, in
/// file order.
pub fn referentienummers<'a>(zendingen: impl Iterator<Item = &'a mut ZendingInfo>) {
    let mut seen = AHashSet::new();
    for z in zendingen {
        let (Some(referentie), Some(start)) = (z.referentie, z.header) else {
            continue;
        };
        if !seen.insert(referentie) {
            z.rejected = true;
            let at = LineRef {
                line: z.line,
                start,
                end: start + RECORD_LEN,
                zending: z.index,
                bericht: 0,
                header: NONE,
                group: NONE,
            };
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

/// `4930001`: per academiejaar and gebeurtenis, an identificatienummer with aard-1
/// inschrijvingen at two or more instellingen; every such 0136 except those of the lowest
/// instellingsnummer gets a warning on 0136-13. `segments` is every segment's result in
/// file and line order; the findings are added to the segments they belong to.
///
/// The candidates of the whole run are sorted (in parallel) by key and instelling, so each
/// key's lowest instelling comes first; no map of the whole run is built.
pub fn eerste_inschrijvingen(segments: &mut [&mut SegmentResult]) {
    // (academiejaar, gebeurtenis, identificatienummer) packed in one integer: 4 + 5 bytes as
    // written above an identificatienummer of at most 11 digits (< 2^37).
    let key = |e: &EersteInschrijving| {
        let mut k = [0u8; 16];
        k[..4].copy_from_slice(&e.academiejaar);
        k[4..9].copy_from_slice(&e.gebeurtenis);
        u128::from_be_bytes(k) | u128::from(e.identificatienummer)
    };
    let instelling = |e: &EersteInschrijving| {
        let mut b = [0u8; 8];
        b[2..].copy_from_slice(&e.instelling);
        u64::from_be_bytes(b)
    };
    let mut all: Vec<(u128, u64, u32, u32)> = segments
        .iter()
        .enumerate()
        .flat_map(|(si, s)| {
            s.eerste_inschrijvingen
                .iter()
                .enumerate()
                .map(move |(i, e)| (key(e), instelling(e), si as u32, i as u32))
        })
        .collect();
    all.par_sort_unstable();
    let mut elsewhere: Vec<(u32, u32)> = all
        .chunk_by(|a, b| a.0 == b.0)
        .flat_map(|group| {
            let lowest = group[0].1;
            group
                .iter()
                .filter(move |c| c.1 != lowest)
                .map(|c| (c.2, c.3))
        })
        .collect();
    elsewhere.sort_unstable();
    for run in elsewhere.chunk_by(|a, b| a.0 == b.0) {
        let s = &mut segments[run[0].0 as usize];
        for &(_, i) in run {
            s.findings.push(Finding {
                at: s.eerste_inschrijvingen[i as usize].at,
                code: Code::EersteInschrijvingElders,
                field: Some(FieldId::new(RecordType::Inschrijving, 13)),
                severity: Severity::Warning,
            });
        }
        crate::findings::sort_findings(&mut s.findings);
    }
}
