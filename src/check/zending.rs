//! The zending-header (record 0001) of every zending, checked before its segments: the
//! berichten read it (0002-04 against the afzender, 0002-07 against the aanmaakdatum) and
//! its findings decide whether the zending is rejected whole (section 9).

use super::bytes;
use super::field::{FieldStates, Fields};
use super::record::{self, ZendingView};
use crate::code::{Code, Severity};
use crate::findings::{Finding, LineRef, NONE};
use crate::layout::{self, FieldId, RecordType, RECORD_LEN};
use crate::reference::Reference;
use crate::split::ZendingPlan;

/// A zending as its segments and the run-wide checks see it.
#[derive(Clone, Debug)]
pub struct ZendingInfo {
    /// 1-based index of the zending in its file.
    pub index: u32,
    /// Byte offset of the zending-header; None for a zending without header.
    pub header: Option<usize>,
    /// Line number of the zending's first line (its header, or line 1).
    pub line: u64,
    /// The header's usable fields; None without a header or with a wrong versienummer.
    pub view: Option<ZendingView>,
    /// 0001-09 reads `T`: checked and reported, never loaded.
    pub test: bool,
    /// Rejected whole: no header (`3900003`), a fatal finding on the header, or `3900010`.
    pub rejected: bool,
    /// Findings on the header line, in output order.
    pub header_findings: Vec<Finding>,
    /// 0001-05 and 0001-06 as written (26 bytes), when the zending takes part in the
    /// referentienummer check `3900010`.
    pub referentie: Option<[u8; 26]>,
}

impl ZendingInfo {
    /// The zending-header's line, when there is one.
    pub fn header_ref(&self) -> Option<LineRef> {
        self.header.map(|start| LineRef {
            line: self.line,
            start,
            end: start + RECORD_LEN,
            zending: self.index,
            bericht: 0,
            header: NONE,
            group: NONE,
        })
    }
}

/// Checks the zending-header of `plan` in `data`.
pub fn check_zending(data: &[u8], plan: &ZendingPlan, reference: &Reference) -> ZendingInfo {
    let mut z = ZendingInfo {
        index: plan.index,
        header: plan.header,
        line: plan.first_line,
        view: None,
        test: false,
        rejected: plan.header.is_none(),
        header_findings: Vec::new(),
        referentie: None,
    };
    let Some(at) = z.header_ref() else { return z };
    let rec = &data[at.start..at.end];
    let mut found = Vec::new();
    let seq_field = Some(FieldId::new(RecordType::ZendingHeader, 3));
    if !bytes::is_digits(&rec[6..12]) {
        found.push((seq_field, Code::SyntaxfoutVolgnummer));
    } else if bytes::number(&rec[6..12]) != 1 {
        found.push((seq_field, Code::NietOpeenvolgend));
    }
    z.test = rec[57] == b'T';
    if &rec[4..6] != b"05" {
        found.push((
            Some(FieldId::new(RecordType::ZendingHeader, 2)),
            Code::FoutiefVersienummer,
        ));
    } else {
        let mut states = FieldStates::default();
        let mut f = Fields::begin(rec, RecordType::ZendingHeader, false, &mut states);
        let view = record::zending_header(&mut f, reference, plan.berichten);
        let takes_part = !f.is_absent(5) && !f.is_absent(6) && !z.test;
        z.view = Some(view);
        if takes_part {
            z.referentie = Some(rec[15..41].try_into().expect("26 bytes"));
        }
        found.append(&mut states.found);
    }
    for (field, code) in found {
        let severity = code.severity_in(field.map(layout::field), false);
        z.rejected |= severity == Severity::Fatal;
        z.header_findings.push(Finding {
            at,
            code,
            field,
            severity,
        });
    }
    crate::findings::sort_findings(&mut z.header_findings);
    z
}
