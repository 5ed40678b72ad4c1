//! Where every field sits in its record, and the codes of section 8 with their severities.
//!
//! The field table is layout.csv of the spec reduced to what the generator needs:
//! the position to write and read a field, whether a 10620 bericht lets it be
//! absent, and whether its findings turn into warnings in a 10620 bericht.

/// One field of a record layout.
#[derive(Debug)]
pub struct Field {
    /// The field id, such as `0136-07`.
    pub id: &'static str,
    /// 1-based start byte.
    pub start: usize,
    pub len: usize,
    /// The presence in a 10620 bericht: `V`, `O` or `C` (column pres. 10620, `=` resolved).
    pub pres_10620: u8,
    /// Column sev. 10620 reads `warning`.
    pub warning_10620: bool,
}

impl Field {
    /// The byte range of the field in a record.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start - 1..self.start - 1 + self.len
    }
}

/// The field with this id; panics on an unknown id (a bug in the generator).
pub fn field(id: &str) -> &'static Field {
    FIELDS
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no field {id}"))
}

/// Whether a finding is fatal or a warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Fatal,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Fatal => "fatal",
            Severity::Warning => "warning",
        }
    }
}

/// Every code of section 8 with its severity outside 10620 and whether its
/// 10620 severity is decided per field.
pub const CODES: &[(u32, Severity, bool)] = &[
    (3110001, Severity::Fatal, false),
    (3110003, Severity::Fatal, false),
    (3110011, Severity::Fatal, false),
    (3110019, Severity::Fatal, false),
    (3110020, Severity::Fatal, false),
    (3210001, Severity::Fatal, false),
    (3900001, Severity::Fatal, false),
    (3900002, Severity::Fatal, false),
    (3900003, Severity::Fatal, false),
    (3900005, Severity::Fatal, false),
    (3900006, Severity::Warning, false),
    (3900010, Severity::Fatal, false),
    (3900011, Severity::Fatal, false),
    (3900012, Severity::Fatal, false),
    (4020006, Severity::Fatal, true),
    (4410112, Severity::Fatal, true),
    (4410113, Severity::Fatal, true),
    (4410114, Severity::Fatal, true),
    (4410130, Severity::Fatal, true),
    (4410132, Severity::Warning, false),
    (4410152, Severity::Fatal, true),
    (4420232, Severity::Fatal, true),
    (4420240, Severity::Warning, false),
    (4420271, Severity::Warning, false),
    (4430330, Severity::Warning, false),
    (4430383, Severity::Fatal, true),
    (4430384, Severity::Warning, false),
    (4900001, Severity::Fatal, false),
    (4900002, Severity::Fatal, false),
    (4900003, Severity::Fatal, false),
    (4900004, Severity::Warning, false),
    (4910001, Severity::Fatal, false),
    (4910002, Severity::Fatal, true),
    (4910010, Severity::Fatal, true),
    (4910011, Severity::Fatal, true),
    (4910012, Severity::Fatal, true),
    (4910020, Severity::Fatal, false),
    (4930001, Severity::Warning, false),
];

/// The severity of `code` on `field` in a bericht that is (or is not) a 10620 bericht.
pub fn severity(code: u32, field_id: Option<&str>, in_10620: bool) -> Severity {
    let &(_, base, per_field) = CODES
        .iter()
        .find(|c| c.0 == code)
        .unwrap_or_else(|| panic!("no code {code}"));
    match field_id {
        Some(id) if per_field && in_10620 && field(id).warning_10620 => Severity::Warning,
        _ => base,
    }
}

// One line per field, as in layout.csv.
#[rustfmt::skip]
const FIELDS: &[Field] = &[
    Field { id: "0001-01", start: 1, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-02", start: 5, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-03", start: 7, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-04", start: 13, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-05", start: 16, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-06", start: 22, len: 20, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-07", start: 42, len: 10, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-08", start: 52, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-09", start: 58, len: 1, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-10", start: 59, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0001-11", start: 63, len: 148, pres_10620: b'V', warning_10620: false },
    Field { id: "0002-01", start: 1, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0002-02", start: 5, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0002-03", start: 7, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0002-04", start: 13, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0002-05", start: 19, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0002-06", start: 22, len: 5, pres_10620: b'V', warning_10620: false },
    Field { id: "0002-07", start: 27, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0002-08", start: 31, len: 10, pres_10620: b'V', warning_10620: false },
    Field { id: "0002-09", start: 41, len: 170, pres_10620: b'V', warning_10620: false },
    Field { id: "0003-01", start: 1, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0003-02", start: 5, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0003-03", start: 7, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0003-04", start: 13, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0003-05", start: 19, len: 7, pres_10620: b'V', warning_10620: false },
    Field { id: "0003-06", start: 26, len: 7, pres_10620: b'V', warning_10620: false },
    Field { id: "0003-07", start: 33, len: 8, pres_10620: b'V', warning_10620: false },
    Field { id: "0003-08", start: 41, len: 170, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-01", start: 1, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-02", start: 5, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-03", start: 7, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-04", start: 13, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-05", start: 19, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-06", start: 22, len: 15, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-07", start: 37, len: 11, pres_10620: b'O', warning_10620: false },
    Field { id: "0134-08", start: 48, len: 30, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-09", start: 78, len: 20, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-10", start: 98, len: 10, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-11", start: 108, len: 1, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-12", start: 109, len: 5, pres_10620: b'O', warning_10620: true },
    Field { id: "0134-13", start: 114, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0134-14", start: 118, len: 5, pres_10620: b'O', warning_10620: true },
    Field { id: "0134-15", start: 123, len: 88, pres_10620: b'V', warning_10620: false },
    Field { id: "0135-01", start: 1, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0135-02", start: 5, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0135-03", start: 7, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0135-04", start: 13, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0135-05", start: 19, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0135-06", start: 22, len: 15, pres_10620: b'V', warning_10620: false },
    Field { id: "0135-07", start: 37, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0135-08", start: 39, len: 6, pres_10620: b'O', warning_10620: true },
    Field { id: "0135-09", start: 45, len: 4, pres_10620: b'O', warning_10620: false },
    Field { id: "0135-10", start: 49, len: 6, pres_10620: b'O', warning_10620: true },
    Field { id: "0135-11", start: 55, len: 6, pres_10620: b'O', warning_10620: true },
    Field { id: "0135-12", start: 61, len: 4, pres_10620: b'O', warning_10620: false },
    Field { id: "0135-13", start: 65, len: 6, pres_10620: b'O', warning_10620: true },
    Field { id: "0135-14", start: 71, len: 4, pres_10620: b'O', warning_10620: false },
    Field { id: "0135-15", start: 75, len: 4, pres_10620: b'O', warning_10620: false },
    Field { id: "0135-16", start: 79, len: 6, pres_10620: b'O', warning_10620: true },
    Field { id: "0135-17", start: 85, len: 6, pres_10620: b'O', warning_10620: true },
    Field { id: "0135-18", start: 91, len: 5, pres_10620: b'O', warning_10620: false },
    Field { id: "0135-19", start: 96, len: 5, pres_10620: b'O', warning_10620: false },
    Field { id: "0135-20", start: 101, len: 110, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-01", start: 1, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-02", start: 5, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-03", start: 7, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-04", start: 13, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-05", start: 19, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-06", start: 22, len: 15, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-07", start: 37, len: 6, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-08", start: 43, len: 4, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-09", start: 47, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-10", start: 50, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-11", start: 52, len: 2, pres_10620: b'O', warning_10620: false },
    Field { id: "0136-12", start: 54, len: 2, pres_10620: b'O', warning_10620: false },
    Field { id: "0136-13", start: 56, len: 1, pres_10620: b'V', warning_10620: true },
    Field { id: "0136-14", start: 57, len: 1, pres_10620: b'O', warning_10620: false },
    Field { id: "0136-15", start: 58, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-16", start: 60, len: 10, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-17", start: 70, len: 10, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-18", start: 80, len: 3, pres_10620: b'C', warning_10620: false },
    Field { id: "0136-19", start: 83, len: 2, pres_10620: b'O', warning_10620: true },
    Field { id: "0136-20", start: 85, len: 2, pres_10620: b'O', warning_10620: true },
    Field { id: "0136-21", start: 87, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-22", start: 89, len: 1, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-23", start: 90, len: 2, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-24", start: 92, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-25", start: 95, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-26", start: 98, len: 3, pres_10620: b'O', warning_10620: false },
    Field { id: "0136-27", start: 101, len: 3, pres_10620: b'O', warning_10620: false },
    Field { id: "0136-28", start: 104, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-29", start: 107, len: 3, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-30", start: 110, len: 1, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-31", start: 111, len: 1, pres_10620: b'V', warning_10620: false },
    Field { id: "0136-32", start: 112, len: 99, pres_10620: b'V', warning_10620: false },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_covered_without_gaps() {
        for rec in ["0001", "0002", "0003", "0134", "0135", "0136"] {
            let mut next = 1;
            for f in FIELDS.iter().filter(|f| f.id.starts_with(rec)) {
                assert_eq!(f.start, next, "{}", f.id);
                next += f.len;
            }
            assert_eq!(next, 211, "{rec}");
        }
    }

    #[test]
    fn severity_follows_the_10620_column() {
        assert_eq!(severity(4410112, Some("0135-16"), true), Severity::Warning);
        assert_eq!(severity(4410112, Some("0135-16"), false), Severity::Fatal);
        assert_eq!(severity(4900001, Some("0135-17"), true), Severity::Fatal);
        assert_eq!(severity(4020006, Some("0136-13"), true), Severity::Warning);
        assert_eq!(severity(4910020, Some("0134-07"), true), Severity::Fatal);
    }
}
