//! Checking one segment (a zending-header or a bericht with the lines up to the next header):
//! line lengths and record types, record order (spec section 2), sequence numbers (5.2),
//! the field checks of every record (3, 4, 6), the cross-record checks within a bericht (7)
//! and each bericht's acceptance (9).
//!
//! A segment depends on nothing outside it but its zending (checked beforehand, see
//! [`zending`]), the sequence number expected at its first line, which the split gives it,
//! and, for a part of a bericht, its bericht-header, which is read again; so segments are
//! checked in parallel. What spans the parts of a bericht goes out in a [`BerichtPart`] for
//! [`crate::merge::BerichtJoin`].
//!
//! Every line goes through the line walk (`Checker::check_line`), except whole student groups
//! that the group path (`group`) proves clean in fewer steps; the input of `4930001` is
//! collected in `eerste`.

pub mod bytes;
pub mod clean;
pub mod cross;
mod eerste;
pub mod field;
mod group;
pub mod identificatie;
pub mod masks;
pub mod record;
mod sequence;
pub mod table;
pub mod zending;

use crate::code::{Code, Severity};
use crate::findings::{Finding, LineRef, NONE};
use crate::layout::{self, FieldId, RecordType};
use crate::reference::Reference;
use crate::split::{line_at, visible_type, Segment};
use cross::{stamboeknummer, GroupInschrijving, Seen, Stamboeknummer, Uniqueness};
use field::{FieldStates, Fields};
use record::{Counts, HeaderView, IdentificatieView};
use zending::ZendingInfo;

pub use eerste::{eerste_period, EersteInschrijving, EersteInschrijvingen, Period};
use sequence::Sequence;

/// How one bericht was judged (section 9), before its zending's own verdict is applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BerichtOutcome {
    /// Line and byte offset of the bericht-header.
    pub line: u64,
    pub header: usize,
    /// 1-based index of the bericht in its zending.
    pub bericht: u32,
    /// Bytes 22-26 of the 0002 read `10620`.
    pub voorlopig: bool,
    /// A fatal finding rejects the whole bericht.
    pub rejected_whole: bool,
    /// Student groups (0134 records) in the bericht.
    pub students: u32,
    /// The student groups with a fatal finding, by their index in the bericht (from 0), in
    /// order: in a 10620 bericht these are rejected alone (section 9).
    pub rejected_groups: Vec<u32>,
}

impl BerichtOutcome {
    pub fn rejected_students(&self) -> u32 {
        self.rejected_groups.len() as u32
    }
}

/// The indices of the `true` flags of `groups_fatal`, counted from `first`.
pub fn fatal_groups(groups_fatal: &[bool], first: u32) -> impl Iterator<Item = u32> + '_ {
    (first..)
        .zip(groups_fatal)
        .filter(|(_, &f)| f)
        .map(|(i, _)| i)
}

/// One part of a bericht that was cut (see [`crate::split::CHUNK`] and
/// [`crate::split::INVISIBLE_RUN`]): what the part adds to its bericht, for
/// [`crate::merge::BerichtJoin`], which makes, in order, the checks that span the parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BerichtPart {
    /// The bericht as far as this part saw it: its students, and whether it is rejected
    /// whole. (Its rejected students are in `groups_fatal`; `rejected_groups` is empty.)
    pub outcome: BerichtOutcome,
    pub counts: Counts,
    /// `3110011` findings in this part.
    pub out_of_order: u32,
    /// The keys of the uniqueness checks in this part (group indices within the part).
    pub uniqueness: Uniqueness,
    /// Per student group of this part: it has a fatal finding (uniqueness aside).
    pub groups_fatal: Vec<bool>,
    /// The berichteinde with the right versienummer, in the last part: its line and the
    /// usable counts it states (0003-05, 0003-06, 0003-07).
    pub einde: Option<(LineRef, [Option<u64>; 3])>,
    /// In the last part: the line that ends the bericht (its 0003).
    pub ends: Option<LineRef>,
}

/// Everything a segment yields.
#[derive(Debug, Default)]
pub struct SegmentResult {
    /// Index of the segment's zending among its file's zendingen.
    pub zending: usize,
    /// In output order (line, code, field).
    pub findings: Vec<Finding>,
    pub berichten: Vec<BerichtOutcome>,
    /// The aard-1 inschrijvingen of the segment's bericht (none outside a bericht, in a
    /// testzending, or under a 0002 with a wrong versienummer).
    pub eerste_inschrijvingen: Option<EersteInschrijvingen>,
    /// For a part of a bericht that was cut: what it adds to the bericht (its
    /// outcome is then not in `berichten`). Boxed: few segments are parts, and a run may
    /// hold every segment's result (a file of many small berichten).
    pub part: Option<Box<BerichtPart>>,
}

/// Per-thread scratch memory, reused from segment to segment.
#[derive(Default)]
pub struct Scratch {
    /// The open bericht's uniqueness keys, and per student group whether it has a fatal
    /// finding.
    uniqueness: Uniqueness,
    groups_fatal: Vec<bool>,
    seen: Seen,
    group_inschrijvingen: Vec<GroupInschrijving>,
    /// Boxed so that lending it to a record's checks moves a pointer.
    fields: Option<Box<FieldStates>>,
}

/// What a pass over a segment is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Every check; the findings and the berichten's acceptance.
    Full,
    /// [`Pass::Full`], and the aard-1 inschrijvingen for the run-wide `4930001` too (a run
    /// in one pass).
    FullWithEersteInschrijvingen,
    /// Only the input to the run-wide `4930001`: the aard-1 inschrijvingen and whether their
    /// student's identificatienummer is usable. Checks only what that needs (bericht-headers
    /// and 0134 records) and reports nothing, so it costs a fraction of [`Pass::Full`]. It
    /// runs before the full pass, so that the full pass can write its findings as it goes.
    EersteInschrijvingen,
}

/// The group index of a line in no student group (before the bericht's first 0134, or a
/// line of the whole bericht), where groups are counted in a `u32` from 0.
pub const NO_GROUP: u32 = u32::MAX;

/// Where a finding leaves the acceptance of its bericht (section 9): a fatal finding rejects
/// its student group (`group`, when it has one) in a 10620 bericht, unless it stands on a
/// line of the whole bericht or is structural; else it rejects the whole bericht.
pub fn reject(
    code: Code,
    severity: Severity,
    voorlopig: bool,
    whole_bericht_line: bool,
    group: Option<&mut bool>,
    rejected_whole: &mut bool,
) {
    if severity != Severity::Fatal {
        return;
    }
    match (
        group,
        voorlopig && !whole_bericht_line && !code.is_structural(),
    ) {
        (Some(g), true) => *g = true,
        _ => *rejected_whole = true,
    }
}

/// Findings on the records of a bericht whose student groups are known by their index (the
/// uniqueness checks at the bericht's end, the checks that span the parts of a split
/// bericht), with what they do to its acceptance.
pub struct GroupFindings<'a> {
    pub voorlopig: bool,
    pub groups_fatal: &'a mut [bool],
    pub rejected_whole: &'a mut bool,
    pub found: &'a mut Vec<Finding>,
}

impl GroupFindings<'_> {
    /// A finding on `field` of a record of student group `group` (or [`NO_GROUP`]).
    pub fn report(
        &mut self,
        at: LineRef,
        code: Code,
        field: FieldId,
        group: u32,
        whole_bericht_line: bool,
    ) {
        let severity = code.severity_in(Some(layout::field(field)), self.voorlopig);
        self.found.push(Finding {
            at,
            code,
            field: Some(field),
            severity,
        });
        let group = self.groups_fatal.get_mut(group as usize);
        let whole = &mut *self.rejected_whole;
        reject(
            code,
            severity,
            self.voorlopig,
            whole_bericht_line,
            group,
            whole,
        );
    }
}

/// Checks one segment of `data`.
pub fn check_segment(
    data: &[u8],
    segment: &Segment,
    zending: &ZendingInfo,
    reference: &Reference,
    scratch: &mut Scratch,
    pass: Pass,
) -> SegmentResult {
    scratch.uniqueness.clear();
    scratch.groups_fatal.clear();
    let mut c = Checker {
        data,
        reference,
        zending,
        scratch,
        out: SegmentResult {
            zending: segment.zending,
            ..SegmentResult::default()
        },
        expected: segment.expected,
        sequence: Sequence::new(0),
        prev: None,
        pending_identificatie: None,
        pending_student: None,
        bericht: None,
        bericht_index: segment.bericht,
        pass,
        part: (segment.resumes_bericht.is_some() || segment.ends_inside_bericht)
            .then(BerichtPart::default),
        ends_inside_bericht: segment.ends_inside_bericht,
        eerste_room: (segment.end - segment.start) / (layout::RECORD_LEN + 1) / 2,
    };
    if let Some((header, line)) = segment.resumes_bericht {
        c.resume_bericht(header, line);
    }
    let mut last = None;
    let (mut line_no, mut pos) = (segment.first_line, segment.start);
    while pos < segment.end {
        if let Some((taken, next, at)) = c.clean_group(line_no, pos, segment.end) {
            (line_no, pos, last) = (line_no + taken, next, Some(at));
            continue;
        }
        let Some(line) = line_at(data, pos) else {
            break;
        };
        let at = c.check_line(c.line_ref(line_no, line.start, line.end));
        if line_no == 1 && zending.header.is_none() {
            c.report(at, Code::ZendingZonderHeader, None, false);
        }
        last = Some(at);
        (line_no, pos) = (line_no + 1, line.next);
    }
    c.finish(last);
    crate::findings::sort_findings(&mut c.out.findings);
    c.out
}

/// A record with the right versienummer: its fields may be read.
fn is_readable(rec: &[u8]) -> bool {
    &rec[4..6] == b"05"
}

struct Bericht {
    outcome: BerichtOutcome,
    view: HeaderView,
    /// What the clean-record fast paths read of the view, when they can.
    clean: Option<clean::Context>,
    /// The 0002 has the right versienummer: its fields may be read.
    header_readable: bool,
    /// Its [`Period`] when its aard-1 inschrijvingen take part in `4930001`.
    eerste: Option<Period>,
    counts: Counts,
    out_of_order: u32,
    group: Option<Group>,
}

impl Bericht {
    fn set_view(&mut self, view: HeaderView) {
        self.view = view;
        self.clean = clean::Context::new(&view);
    }

    // This, `identificatie_cross` and `student_cross` are always inlined: in
    // `Checker::clean_group` they come down to a few loads and stores per student group,
    // and called (as the compiler chose, even when asked to inline) they cost it some 70
    // instructions more per group.
    /// A 0134 at offset `at` opens a student group, after the one before it closes.
    #[inline(always)]
    fn open_group(&mut self, at: usize, scratch: &mut Scratch) {
        self.close_group(scratch);
        self.group = Some(Group {
            at,
            stamboeknummer: None,
            identificatienummer: None,
            student_stamboeknummer: None,
            fatal: false,
        });
        self.outcome.students += 1;
    }

    /// Ends the open student group: whether it has a fatal finding is kept, its
    /// inschrijvingen are let go.
    fn close_group(&mut self, scratch: &mut Scratch) {
        if let Some(g) = self.group.take() {
            scratch.groups_fatal.push(g.fatal);
        }
        scratch.group_inschrijvingen.clear();
    }

    /// The index of the open student group among this segment's groups ([`NO_GROUP`] before
    /// the first).
    fn group_index(&self) -> u32 {
        match self.group {
            Some(_) => self.outcome.students - 1,
            None => NO_GROUP,
        }
    }

    /// Keeps what the rest of the student group reads of its 0134 (`v`, with `stamboek` its
    /// 0134-06 as written), and takes its identificatienummer in for the bericht's
    /// uniqueness check (decided when the bericht ends).
    #[inline(always)]
    fn identificatie_cross(
        &mut self,
        uniqueness: &mut Uniqueness,
        at: &LineRef,
        stamboek: Stamboeknummer,
        v: IdentificatieView,
    ) {
        let group = self.group_index();
        if let Some(g) = &mut self.group {
            g.stamboeknummer = v.stamboeknummer;
            g.identificatienummer = v.identificatienummer;
        }
        if let Some(id) = v.identificatienummer {
            let entry = (id, stamboek, *at, group);
            uniqueness.identificatienummers.push(entry);
        }
    }

    /// Keeps the 0135-06 the group's 0136 records compare with (`usable`, with `stamboek`
    /// as written), and, when it is `present`, takes it in for the bericht's uniqueness check
    /// (decided when the bericht ends).
    #[inline(always)]
    fn student_cross(
        &mut self,
        uniqueness: &mut Uniqueness,
        at: &LineRef,
        stamboek: Stamboeknummer,
        usable: Option<Stamboeknummer>,
        present: bool,
    ) {
        let group = self.group_index();
        if let Some(g) = &mut self.group {
            g.student_stamboeknummer = usable;
        }
        if present {
            uniqueness.stamboeknummers.push((stamboek, *at, group));
        }
    }

    /// The bericht-header's line.
    fn header_ref(&self, zending: u32) -> LineRef {
        let start = self.outcome.header;
        LineRef {
            line: self.outcome.line,
            start,
            end: start + layout::RECORD_LEN,
            zending,
            bericht: self.outcome.bericht,
            header: start,
            group: NONE,
        }
    }
}

struct Group {
    /// Offset of the group's 0134.
    at: usize,
    stamboeknummer: Option<Stamboeknummer>,
    identificatienummer: Option<u64>,
    /// Usable 0135-06 of the group's last 0135.
    student_stamboeknummer: Option<Stamboeknummer>,
    fatal: bool,
}

struct Checker<'a, 's> {
    data: &'a [u8],
    reference: &'a Reference,
    zending: &'a ZendingInfo,
    scratch: &'s mut Scratch,
    out: SegmentResult,
    /// The sequence number the next line must carry (section 5.2).
    expected: u64,
    /// What the records of [`Self::clean_group`] carry, from the last one it took on: a
    /// cache of `expected` as written, used while the two agree (a line walk in between
    /// moves `expected` alone), so that a group after a group does not write it again.
    sequence: Sequence,
    /// The previous visible record of the segment.
    prev: Option<RecordType>,
    /// A 0134 waiting for its 0135 (`3900005`), a 0135 for its 0136 (`3900006`).
    pending_identificatie: Option<LineRef>,
    pending_student: Option<LineRef>,
    bericht: Option<Bericht>,
    bericht_index: u32,
    pass: Pass,
    /// The segment is a part of a bericht that was cut (see `Segment::resumes_bericht`).
    part: Option<BerichtPart>,
    /// The segment ends inside its bericht.
    ends_inside_bericht: bool,
    /// Room made at once for the segment's aard-1 inschrijvingen: for half its lines, were
    /// they all records.
    eerste_room: usize,
}

/// Field 06, the stamboeknummer, in the records of a student group.
const STAMBOEKNUMMER: std::ops::Range<usize> = 21..36;
/// 0136-13, aard inschrijving (one digit).
const AARD: usize = 55;
const _: () = {
    assert!(layout::group_fields_at(6, 6, STAMBOEKNUMMER));
    let aard = &RecordType::Inschrijving.fields()[12];
    assert!(aard.offset == AARD && aard.len == 1);
};

impl Checker<'_, '_> {
    fn line_ref(&self, line: u64, start: usize, end: usize) -> LineRef {
        let (bericht, header, group) = match &self.bericht {
            Some(b) => (
                b.outcome.bericht,
                b.outcome.header,
                b.group.as_ref().map_or(NONE, |g| g.at),
            ),
            None => (0, NONE, NONE),
        };
        LineRef {
            line,
            start,
            end,
            zending: self.zending.index,
            bericht,
            header,
            group,
        }
    }

    fn voorlopig(&self, at: &LineRef) -> bool {
        at.bericht != 0 && self.bericht.as_ref().is_some_and(|b| b.outcome.voorlopig)
    }

    /// Records a finding and what it means for the acceptance of its bericht and group.
    fn report(
        &mut self,
        at: LineRef,
        code: Code,
        field: Option<FieldId>,
        whole_bericht_line: bool,
    ) {
        if self.pass == Pass::EersteInschrijvingen {
            return;
        }
        let voorlopig = self.voorlopig(&at);
        let severity = code.severity_in(field.map(layout::field), voorlopig);
        self.out.findings.push(Finding {
            at,
            code,
            field,
            severity,
        });
        if at.bericht == 0 {
            return;
        }
        if let Some(b) = self.bericht.as_mut() {
            let group = b.group.as_mut().map(|g| &mut g.fatal);
            let whole = &mut b.outcome.rejected_whole;
            reject(code, severity, voorlopig, whole_bericht_line, group, whole);
        }
    }

    /// Checks one line; returns its reference with the bericht and group it turned out to
    /// belong to.
    fn check_line(&mut self, mut at: LineRef) -> LineRef {
        let rec = &self.data[at.start..at.end];
        // Section 11 names the lines without a student group ("0001, 0002 and 0003 lines")
        // and those without an instelling ("0001 lines") by their bytes 1-4, which its
        // `record` key shows: a line of the wrong length that reads 0003 has no stamnummer.
        match rec.get(..4) {
            Some(b"0001") => (at.header, at.group) = (NONE, NONE),
            Some(b"0002" | b"0003") => at.group = NONE,
            _ => {}
        }
        let Some(rt) = visible_type(rec) else {
            let code = if rec.len() == layout::RECORD_LEN {
                Code::RecordtypeBestaatNiet
            } else {
                Code::RecordlengteFout
            };
            self.report(at, code, None, false);
            self.expected += 1;
            if let Some(b) = &mut self.bericht {
                b.counts.records += 1;
            }
            return at;
        };

        if rt == RecordType::BerichtHeader {
            self.open_bericht(&mut at);
        }
        // The next visible record decides the waiting 0134 and 0135.
        if let Some(p) = self.pending_identificatie.take() {
            if rt != RecordType::Student {
                self.report(p, Code::IdentificatieZonderStudent, None, false);
            }
        }
        if let Some(p) = self.pending_student.take() {
            if rt != RecordType::Inschrijving {
                self.report(p, Code::StudentZonderInschrijving, None, false);
            }
        }
        if rt == RecordType::Identificatie && self.bericht.is_some() {
            self.open_group(&mut at);
        }

        // Record order (section 2).
        let in_bericht = self.bericht.is_some();
        let misplaced = match rt {
            RecordType::ZendingHeader | RecordType::BerichtHeader => false,
            RecordType::BerichtEinde | RecordType::Identificatie => !in_bericht,
            RecordType::Student => !in_bericht || self.prev != Some(RecordType::Identificatie),
            RecordType::Inschrijving => {
                !in_bericht
                    || !matches!(
                        self.prev,
                        Some(RecordType::Student | RecordType::Inschrijving)
                    )
            }
        };
        if misplaced {
            self.report(at, Code::RecordBuitenBericht, None, false);
        }
        self.prev = Some(rt);
        self.count(rt);

        if rt == RecordType::ZendingHeader {
            // Checked with its zending beforehand; only the count goes on from here.
            if self.pass != Pass::EersteInschrijvingen {
                self.out
                    .findings
                    .extend_from_slice(&self.zending.header_findings);
            }
            self.expected = if bytes::is_digits(&rec[6..12]) {
                bytes::number(&rec[6..12]) + 1
            } else {
                2
            };
            return at;
        }
        if self.pass != Pass::EersteInschrijvingen {
            self.check_recordvolgnummer(at, rt, rec);
        }

        let whole = rt.is_bericht_line();
        let checked = self.pass != Pass::EersteInschrijvingen || rt == RecordType::BerichtHeader;
        if &rec[4..6] != b"05" {
            self.report(
                at,
                Code::FoutiefVersienummer,
                Some(FieldId::new(rt, 2)),
                whole,
            );
            // Its fields are unusable: a 0136 after this 0135 has no stamboeknummer to
            // compare with.
            if rt == RecordType::Student {
                if let Some(g) = self.bericht.as_mut().and_then(|b| b.group.as_mut()) {
                    g.student_stamboeknummer = None;
                }
            }
        } else if checked {
            self.checked_record(&at, rt, rec);
        } else if rt == RecordType::Identificatie {
            if let Some(b) = &mut self.bericht {
                let id = record::usable_identificatienummer(rec, &b.view);
                if let Some(g) = &mut b.group {
                    g.identificatienummer = id;
                }
            }
        } else if rt == RecordType::Inschrijving {
            self.eerste_inschrijving(&at, rec);
        }

        match rt {
            RecordType::BerichtEinde if in_bericht => self.close_bericht(at),
            _ => self.await_next(at, rt),
        }
        at
    }

    /// A record with the right versienummer, in a pass that checks it.
    fn checked_record(&mut self, at: &LineRef, rt: RecordType, rec: &[u8]) {
        self.check_fields(at, rt, rec);
        if rt == RecordType::Inschrijving && self.pass == Pass::FullWithEersteInschrijvingen {
            self.eerste_inschrijving(at, rec);
        }
    }

    /// A 0134 opens a student group of the open bericht.
    fn open_group(&mut self, at: &mut LineRef) {
        let b = self.bericht.as_mut().expect("a 0134 in a bericht");
        b.open_group(at.start, self.scratch);
        at.group = at.start;
    }

    /// Counts a visible record in the open bericht, for its berichteinde.
    fn count(&mut self, rt: RecordType) {
        if let Some(b) = &mut self.bericht {
            b.counts.records += 1;
            match rt {
                RecordType::Student => b.counts.students += 1,
                RecordType::Inschrijving => b.counts.inschrijvingen += 1,
                _ => {}
            }
        }
    }

    /// A 0134 waits for its 0135, a 0135 of a definitive bericht for its 0136: the next
    /// visible record decides.
    fn await_next(&mut self, at: LineRef, rt: RecordType) {
        match rt {
            RecordType::Identificatie => self.pending_identificatie = Some(at),
            RecordType::Student if self.bericht.as_ref().is_some_and(|b| !b.outcome.voorlopig) => {
                self.pending_student = Some(at)
            }
            _ => {}
        }
    }

    /// Sequence numbers (section 5.2).
    fn check_recordvolgnummer(&mut self, at: LineRef, rt: RecordType, rec: &[u8]) {
        let seq = &rec[6..12];
        let whole = rt.is_bericht_line();
        if !bytes::is_digits(seq) {
            self.report(
                at,
                Code::SyntaxfoutVolgnummer,
                Some(FieldId::new(rt, 3)),
                whole,
            );
            self.expected += 1;
            return;
        }
        let n = bytes::number_at(rec, 6, 6);
        if n != self.expected {
            self.report(at, Code::NietOpeenvolgend, Some(FieldId::new(rt, 3)), whole);
            if let Some(b) = &mut self.bericht {
                b.out_of_order += 1;
            }
        }
        self.expected = n + 1;
    }

    fn open_bericht(&mut self, at: &mut LineRef) {
        self.bericht = Some(self.new_bericht(at.start, at.line));
        at.bericht = self.bericht_index;
        at.header = at.start;
    }

    fn new_bericht(&mut self, header: usize, line: u64) -> Bericht {
        let rec: &[u8; layout::RECORD_LEN] = self.data[header..header + layout::RECORD_LEN]
            .try_into()
            .expect("a record");
        self.scratch.uniqueness.clear();
        self.scratch.groups_fatal.clear();
        Bericht {
            outcome: BerichtOutcome {
                line,
                header,
                bericht: self.bericht_index,
                voorlopig: &rec[21..26] == b"10620",
                rejected_whole: false,
                students: 0,
                rejected_groups: Vec::new(),
            },
            view: HeaderView::default(),
            clean: None,
            header_readable: is_readable(rec),
            eerste: eerste_period(rec, self.zending.test),
            counts: Counts::default(),
            out_of_order: 0,
            group: None,
        }
    }

    /// Goes on with a bericht whose header is in an earlier segment: its header is read
    /// again for what the records read of it, without reporting anything.
    fn resume_bericht(&mut self, header: usize, line: u64) {
        let mut b = self.new_bericht(header, line);
        let rec = &self.data[header..header + layout::RECORD_LEN];
        if b.header_readable {
            let mut states = FieldStates::default();
            let mut f = Fields::begin(rec, RecordType::BerichtHeader, false, &mut states);
            b.set_view(record::bericht_header(
                &mut f,
                self.reference,
                self.zending.view.as_ref(),
            ));
        }
        self.bericht = Some(b);
    }

    /// Ends the open bericht at `last`, its 0003 or the line before what interrupts it.
    fn close_bericht(&mut self, last: LineRef) {
        if self.part.is_none()
            && self
                .bericht
                .as_ref()
                .is_some_and(|b| record::out_of_order(b.out_of_order))
        {
            self.report(last, Code::MeerdereUitVolgorde, None, true);
        }
        let mut b = self.bericht.take().expect("an open bericht");
        b.close_group(self.scratch);
        let mut groups_fatal = std::mem::take(&mut self.scratch.groups_fatal);
        match &mut self.part {
            // Its bericht's count of 3110011, its uniqueness and its outcome are the join's
            // to finish.
            Some(part) => {
                part.outcome = b.outcome;
                part.counts = b.counts;
                part.out_of_order = b.out_of_order;
                part.ends = (!self.ends_inside_bericht).then_some(last);
                part.uniqueness = std::mem::take(&mut self.scratch.uniqueness);
                part.groups_fatal = groups_fatal;
            }
            None => {
                let mut findings = GroupFindings {
                    voorlopig: b.outcome.voorlopig,
                    groups_fatal: &mut groups_fatal,
                    rejected_whole: &mut b.outcome.rejected_whole,
                    found: &mut self.out.findings,
                };
                let seen = &mut self.scratch.seen;
                seen.clear();
                for (at, code, field, group) in seen.findings(&self.scratch.uniqueness) {
                    findings.report(at, code, field, group, false);
                }
                b.outcome.rejected_groups = fatal_groups(&groups_fatal, 0).collect();
                self.out.berichten.push(b.outcome);
                groups_fatal.clear();
                self.scratch.groups_fatal = groups_fatal;
            }
        }
        self.scratch.uniqueness.clear();
    }

    fn finish(&mut self, last: Option<LineRef>) {
        if let Some(p) = self.pending_identificatie.take() {
            self.report(p, Code::IdentificatieZonderStudent, None, false);
        }
        if let Some(p) = self.pending_student.take() {
            self.report(p, Code::StudentZonderInschrijving, None, false);
        }
        if let Some(b) = &self.bericht {
            let last = last.expect("an open bericht has lines");
            if !self.ends_inside_bericht {
                let header = b.header_ref(self.zending.index);
                self.report(header, Code::BerichtZonderEinde, None, true);
            }
            self.close_bericht(last);
        }
        self.out.part = self.part.take().map(Box::new);
    }

    /// Field checks of a record with the right versienummer, and its cross-record checks.
    fn check_fields(&mut self, at: &LineRef, rt: RecordType, rec: &[u8]) {
        let proved_clean = match rt {
            RecordType::Identificatie => self.clean_identificatie(at, rec),
            RecordType::Student => self.clean_student(at, rec),
            RecordType::Inschrijving => self.clean_inschrijving(at, rec),
            _ => false,
        };
        if proved_clean {
            return;
        }
        let mut states = self.scratch.fields.take().unwrap_or_default();
        let voorlopig = self.voorlopig(at);
        let view = self.bericht.as_ref().map(|b| b.view).unwrap_or_default();
        let r = self.reference;
        let mut f = Fields::begin(rec, rt, voorlopig, &mut states);
        match rt {
            RecordType::ZendingHeader => unreachable!("checked with its zending"),
            RecordType::BerichtHeader => {
                let v = record::bericht_header(&mut f, r, self.zending.view.as_ref());
                self.bericht.as_mut().expect("opened").set_view(v);
            }
            RecordType::BerichtEinde => {
                let in_bericht = self.bericht.is_some();
                match &mut self.part {
                    // The counts of a split bericht are the join's to check.
                    Some(part) if in_bericht => {
                        record::bericht_einde(&mut f, Some(&view), None);
                        part.einde = Some((*at, [f.num(5), f.num(6), f.num(7)]));
                    }
                    _ => {
                        let counts = self.bericht.as_ref().map(|b| b.counts);
                        record::bericht_einde(&mut f, in_bericht.then_some(&view), counts);
                    }
                }
            }
            RecordType::Identificatie => {
                let v = record::identificatie(&mut f, r, &view);
                self.identificatie_cross(at, stamboeknummer(f.raw(6)), v);
            }
            RecordType::Student => {
                let group = self.bericht.as_ref().and_then(|b| b.group.as_ref());
                let group_stamboek = group.and_then(|g| g.stamboeknummer);
                record::student(&mut f, r, &view, group_stamboek.as_ref());
                let usable = f.usable(6).map(stamboeknummer);
                let present = !f.is_absent(6);
                self.student_cross(at, stamboeknummer(f.raw(6)), usable, present);
            }
            RecordType::Inschrijving => {
                let group = self.bericht.as_ref().and_then(|b| b.group.as_ref());
                let student = group.and_then(|g| g.student_stamboeknummer);
                record::inschrijving(&mut f, r, &view, student.as_ref());
                self.inschrijving_cross(&mut f);
            }
        }
        let whole = rt.is_bericht_line();
        for &(field, code) in &states.found {
            self.report(*at, code, field, whole);
        }
        self.scratch.fields = Some(states);
    }

    /// A 0134 of a bericht that [`clean::identificatie`] proves without findings: only its
    /// cross-record checks are left. False when it is not proved clean.
    fn clean_identificatie(&mut self, at: &LineRef, rec: &[u8]) -> bool {
        let Some(b) = self.bericht.as_ref() else {
            return false;
        };
        let Some(ctx) = &b.clean else { return false };
        let Some(identificatienummer) = clean::identificatie(rec, ctx, self.reference) else {
            return false;
        };
        let s = stamboeknummer(&rec[STAMBOEKNUMMER]);
        let v = IdentificatieView {
            stamboeknummer: Some(s),
            identificatienummer,
        };
        self.identificatie_cross(at, s, v);
        true
    }

    /// A 0135 of a bericht that [`clean::student`] proves without findings: only its
    /// cross-record checks are left. False when it is not proved clean.
    fn clean_student(&mut self, at: &LineRef, rec: &[u8]) -> bool {
        let Some(b) = self.bericht.as_ref() else {
            return false;
        };
        let group = b.group.as_ref().and_then(|g| g.stamboeknummer);
        let s = stamboeknummer(&rec[STAMBOEKNUMMER]);
        let Some(ctx) = &b.clean else { return false };
        if group.is_some_and(|g| g != s) || !clean::student(rec, ctx, self.reference) {
            return false;
        }
        self.student_cross(at, s, Some(s), true);
        true
    }

    /// See [`Bericht::student_cross`]; nothing outside a bericht.
    fn student_cross(
        &mut self,
        at: &LineRef,
        stamboek: Stamboeknummer,
        usable: Option<Stamboeknummer>,
        present: bool,
    ) {
        if let Some(b) = &mut self.bericht {
            let u = &mut self.scratch.uniqueness;
            b.student_cross(u, at, stamboek, usable, present);
        }
    }

    /// See [`Bericht::identificatie_cross`]; nothing outside a bericht.
    fn identificatie_cross(
        &mut self,
        at: &LineRef,
        stamboek: Stamboeknummer,
        v: IdentificatieView,
    ) {
        if let Some(b) = &mut self.bericht {
            let u = &mut self.scratch.uniqueness;
            b.identificatie_cross(u, at, stamboek, v);
        }
    }

    /// A 0136 of a bericht that [`clean::inschrijving`] proves without findings: only its
    /// cross-record checks are left. False when it is not proved clean.
    fn clean_inschrijving(&mut self, at: &LineRef, rec: &[u8]) -> bool {
        let Some(b) = self.bericht.as_ref() else {
            return false;
        };
        let student = b.group.as_ref().and_then(|g| g.student_stamboeknummer);
        let has_group = b.group.is_some();
        let Some(ctx) = &b.clean else { return false };
        if student.is_some_and(|s| s != stamboeknummer(&rec[STAMBOEKNUMMER])) {
            return false;
        }
        let Some(new) = clean::inschrijving(rec, ctx, self.reference) else {
            return false;
        };
        if has_group {
            self.group_repeats(at, new);
        }
        true
    }

    /// The duplicate checks of a 0136 proved clean (see [`Self::repeats_in_group`]).
    fn group_repeats(&mut self, at: &LineRef, new: GroupInschrijving) {
        for (field, code) in self.repeats_in_group(new).findings() {
            self.report(*at, code, field, false);
        }
    }

    /// Duplicate inschrijvingen in the group (`4910001`, `4420271`): only 0136 records whose
    /// key fields and 0136-17 are usable take part.
    fn inschrijving_cross(&mut self, f: &mut Fields) {
        if self.bericht.as_ref().is_none_or(|b| b.group.is_none()) {
            return;
        }
        if let Some(new) = GroupInschrijving::of(f) {
            for (field, code) in self.repeats_in_group(new).findings() {
                f.cross(field, code);
            }
        }
    }

    /// Compares an inschrijving with the group's earlier ones, and keeps it for the later.
    fn repeats_in_group(&mut self, new: GroupInschrijving) -> cross::Repeats {
        let rep = cross::repeats(&self.scratch.group_inschrijvingen, &new);
        self.scratch.group_inschrijvingen.push(new);
        rep
    }

    /// A 0136 with the right versienummer, in a pass that keeps them for `4930001` (the
    /// light pass, or the full pass of a run in one pass): kept when its aard
    /// inschrijving is 1 and its student's identificatienummer is usable. (0136-13 reading
    /// `1` is usable: no check of the field can fail on it.)
    fn eerste_inschrijving(&mut self, at: &LineRef, rec: &[u8]) {
        let Some(b) = &self.bericht else { return };
        let Some(g) = &b.group else { return };
        let Some(id) = g.identificatienummer.filter(|_| b.eerste.is_some()) else {
            return;
        };
        if rec[AARD] == b'1' {
            let kept = &mut self.out.eerste_inschrijvingen;
            EersteInschrijvingen::of(kept, b, self.zending.index, self.eerste_room)
                .keep(at.line, at.start, g.at, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::plan_in_chunks;
    use std::cell::Cell;
    use std::sync::atomic::AtomicU64;

    thread_local! {
        /// Every line goes through [`Checker::check_line`], the reference that
        /// [`Checker::clean_group`] is tested against.
        pub static LINE_BY_LINE: Cell<bool> = const { Cell::new(false) };
    }

    /// Every segment's result, with `data` cut in parts of `chunk` bytes.
    fn checked(
        data: &[u8],
        chunk: usize,
        line_by_line: bool,
        reference: &Reference,
    ) -> Vec<String> {
        LINE_BY_LINE.set(line_by_line);
        let plan = plan_in_chunks(data, chunk, chunk, &AtomicU64::new(0));
        let zendingen: Vec<ZendingInfo> = plan
            .zendingen
            .iter()
            .map(|z| zending::check_zending(data, z, reference))
            .collect();
        let mut scratch = Scratch::default();
        let results = plan
            .segments
            .iter()
            .map(|seg| {
                let z = &zendingen[seg.zending];
                let pass = Pass::FullWithEersteInschrijvingen;
                format!(
                    "{:?}",
                    check_segment(data, seg, z, reference, &mut scratch, pass)
                )
            })
            .collect();
        LINE_BY_LINE.set(false);
        results
    }

    /// A generated file with what a line walk must tell apart: bytes changed, line endings
    /// changed (CR LF, a CR as a record's last byte, no LF at the end), sequence numbers
    /// jumping or running past 999999, lines dropped or doubled.
    fn damaged(data: &[u8], seed: u64) -> Vec<u8> {
        let mut rng = dto_gen::Rng::new(seed, &[]);
        let mut next = move |n: usize| rng.below(n.max(1) as u64) as usize;
        let mut lines: Vec<Vec<u8>> = data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        lines.pop();
        if seed % 5 == 1 {
            // Numbered up to 999999 and on (and nothing else changed): the numbers after
            // it cannot be written.
            let first = 1_000_000 - lines.len() / 2;
            for (i, l) in lines.iter_mut().enumerate().filter(|(_, l)| l.len() >= 12) {
                let n = format!("{:06}", (first + i) % 1_000_000);
                l[6..12].copy_from_slice(n.as_bytes());
            }
        }
        let changes = if seed % 5 == 1 { 0 } else { next(8) };
        for _ in 0..changes {
            let i = next(lines.len());
            let l = &mut lines[i];
            match next(6) {
                0 if !l.is_empty() => {
                    let at = next(l.len());
                    l[at] = [b' ', b'0', b'9', b'X', b'\r'][next(5)];
                }
                1 if l.len() >= 12 => l[6 + next(6)] = b'0' + next(10) as u8,
                2 if !l.is_empty() => *l.last_mut().expect("a byte") = b'\r',
                3 => {
                    lines.remove(i);
                }
                4 => {
                    let copy = l.clone();
                    lines.insert(i, copy);
                }
                _ => l.push(b'\r'),
            }
        }
        let mut out = Vec::new();
        for l in &lines {
            out.extend_from_slice(l);
            if seed % 3 == 2 {
                out.push(b'\r');
            }
            out.push(b'\n');
        }
        if seed % 4 == 3 {
            out.pop();
        }
        out
    }

    #[test]
    fn whole_student_groups_have_the_effects_of_their_lines() {
        // A file without errors, and one with the generator's errors.
        let files = [0.0, 0.3].map(|rate| {
            let mut cfg = dto_gen::Config::new(150, 3, 3);
            cfg.error_rate = rate;
            let mut data = Vec::new();
            dto_gen::generate(&cfg, &mut data, None).unwrap();
            data
        });
        let reference = Reference::sample();
        for seed in 0..120 {
            let data = damaged(&files[seed as usize % 2], seed);
            for chunk in [usize::MAX, 1, 3000] {
                let groups = checked(&data, chunk, false, &reference);
                let lines = checked(&data, chunk, true, &reference);
                assert_eq!(groups, lines, "seed {seed}, parts of {chunk} bytes");
            }
        }
    }
}
