//! The run-wide checks (spec section 7, "across the whole run"), made after the segments:
//! referentienummer uniqueness per afzender (`3900010`) and the first inschrijving at one
//! instelling only (`4930001`).

use crate::check::zending::ZendingInfo;
use crate::check::{EersteInschrijving, SegmentResult};
use crate::code::{Code, Severity};
use crate::findings::{Finding, LineRef, NONE};
use crate::layout::{FieldId, RecordType, RECORD_LEN};
use ahash::{AHashMap, AHashSet};

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
pub fn eerste_inschrijvingen(segments: &mut [&mut SegmentResult]) {
    type Key = ([u8; 4], [u8; 5], u64);
    // Key → (lowest instelling, more than one instelling).
    let mut instellingen: AHashMap<Key, ([u8; 6], bool)> = AHashMap::new();
    let key = |e: &EersteInschrijving| (e.academiejaar, e.gebeurtenis, e.identificatienummer);
    for e in segments.iter().flat_map(|s| s.eerste_inschrijvingen.iter()) {
        instellingen
            .entry(key(e))
            .and_modify(|(lowest, several)| {
                if e.instelling != *lowest {
                    *several = true;
                    *lowest = (*lowest).min(e.instelling);
                }
            })
            .or_insert((e.instelling, false));
    }
    for s in segments.iter_mut() {
        let before = s.findings.len();
        for e in &s.eerste_inschrijvingen {
            let (lowest, several) = instellingen[&key(e)];
            if several && e.instelling != lowest {
                s.findings.push(Finding {
                    at: e.at,
                    code: Code::EersteInschrijvingElders,
                    field: Some(FieldId::new(RecordType::Inschrijving, 13)),
                    severity: Severity::Warning,
                });
            }
        }
        if s.findings.len() > before {
            crate::findings::sort_findings(&mut s.findings);
        }
    }
}
