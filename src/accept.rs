//! Acceptance (spec section 9): per bericht, accepted, partial or rejected, and how many
//! students each way; and the JSON line of `--acceptance`.

use crate::check::zending::ZendingInfo;
use crate::check::BerichtOutcome;
use crate::findings::write_json_str;

/// The verdict on one bericht.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Accepted,
    Partial,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Partial => "partial",
            Status::Rejected => "rejected",
        }
    }
}

/// One bericht's acceptance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    pub zending: u32,
    pub bericht: u32,
    /// Line and offset of the bericht-header.
    pub line: u64,
    pub header: usize,
    /// 0002-04, 0002-06 and 0002-07 as written.
    pub instelling: [u8; 6],
    pub gebeurtenis: [u8; 5],
    pub academiejaar: [u8; 4],
    pub test: bool,
    pub status: Status,
    pub accepted_students: u32,
    pub rejected_students: u32,
}

/// The acceptance of many berichten added up: berichten by status, students each way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub accepted: u64,
    pub partial: u64,
    pub rejected: u64,
    pub accepted_students: u64,
    pub rejected_students: u64,
}

impl std::ops::AddAssign<&Acceptance> for Tally {
    fn add_assign(&mut self, a: &Acceptance) {
        *match a.status {
            Status::Accepted => &mut self.accepted,
            Status::Partial => &mut self.partial,
            Status::Rejected => &mut self.rejected,
        } += 1;
        self.accepted_students += u64::from(a.accepted_students);
        self.rejected_students += u64::from(a.rejected_students);
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "berichten: {} accepted, {} partial, {} rejected; students: {} accepted, {} rejected",
            self.accepted,
            self.partial,
            self.rejected,
            self.accepted_students,
            self.rejected_students
        )
    }
}

/// Judges a bericht of zending `z`; `data` holds the file's bytes.
pub fn judge(data: &[u8], z: &ZendingInfo, b: &BerichtOutcome) -> Acceptance {
    let h = &data[b.header..];
    let rejected = if z.rejected || b.rejected_whole {
        b.students
    } else {
        b.rejected_students()
    };
    let status = if rejected == 0 {
        Status::Accepted
    } else if rejected == b.students {
        Status::Rejected
    } else {
        Status::Partial
    };
    // A bericht rejected whole is rejected even when it holds no student.
    let status = if z.rejected || b.rejected_whole {
        Status::Rejected
    } else {
        status
    };
    Acceptance {
        zending: z.index,
        bericht: b.bericht,
        line: b.line,
        header: b.header,
        instelling: h[12..18].try_into().expect("6 bytes"),
        gebeurtenis: h[21..26].try_into().expect("5 bytes"),
        academiejaar: h[26..30].try_into().expect("4 bytes"),
        test: z.test,
        status,
        accepted_students: b.students - rejected,
        rejected_students: rejected,
    }
}

/// Writes one `--acceptance` line; `file_json` is the file's path as a JSON string.
pub fn write_acceptance(out: &mut Vec<u8>, file_json: &[u8], a: &Acceptance) {
    out.extend_from_slice(b"{\"file\":");
    out.extend_from_slice(file_json);
    out.extend_from_slice(
        format!(
            ",\"zending\":{},\"bericht\":{},\"instelling\":",
            a.zending, a.bericht
        )
        .as_bytes(),
    );
    write_json_str(out, &String::from_utf8_lossy(&a.instelling));
    out.extend_from_slice(b",\"gebeurtenis\":");
    write_json_str(out, &String::from_utf8_lossy(&a.gebeurtenis));
    out.extend_from_slice(
        format!(
            ",\"test\":{},\"status\":\"{}\",\"accepted_students\":{},\"rejected_students\":{}}}\n",
            a.test,
            a.status.as_str(),
            a.accepted_students,
            a.rejected_students
        )
        .as_bytes(),
    );
}
