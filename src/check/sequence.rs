//! The sequence numbers of a run of records (spec section 5.2), as the group path checks them:
//! what the next record must carry in bytes 5-12, compared as one word.

use crate::layout::{self, RecordType};
use crate::split::record_line;

/// What the next record of a run must carry in bytes 5-12: the right versienummer and the
/// expected sequence number, as written.
#[derive(Clone, Copy, Debug)]
pub(super) struct Sequence {
    pub(super) expected: u64,
    /// The eight bytes as one little-endian word: the last digit is the high byte.
    written: u64,
}

/// Bytes `at..at + N` of `rec`.
#[inline(always)]
fn word<const N: usize>(rec: &[u8; layout::RECORD_LEN], at: usize) -> [u8; N] {
    rec[at..at + N].try_into().expect("N bytes")
}

impl Sequence {
    /// Not inlined: needed once a group at most, and cheaper as a call than inlined.
    #[inline(never)]
    pub(super) fn new(expected: u64) -> Sequence {
        let mut written = *b"05000000";
        let mut n = expected;
        for d in written[2..].iter_mut().rev() {
            *d = b'0' + (n % 10) as u8;
            n /= 10;
        }
        if n != 0 {
            // More than six digits: no record carries it.
            written[..2].copy_from_slice(b"--");
        }
        Sequence {
            expected,
            written: u64::from_le_bytes(written),
        }
    }

    /// The record of type `rt` that starts at `pos` and ends its line before `end`, when
    /// it carries what it must; and where the next line starts.
    #[inline(always)]
    pub(super) fn record<'d>(
        &self,
        data: &'d [u8],
        pos: usize,
        end: usize,
        rt: RecordType,
    ) -> Option<(&'d [u8; layout::RECORD_LEN], usize)> {
        // A line of 210 bytes (an LF in them keeps the record from being proved clean).
        let (rec, len) = record_line(data.get(pos..)?)?;
        let next = pos + len;
        let code: [u8; 4] = rt.code().as_bytes().try_into().expect("four digits");
        let carries = u32::from_le_bytes(word(rec, 0)) == u32::from_le_bytes(code)
            && u64::from_le_bytes(word(rec, 4)) == self.written;
        (next <= end && carries).then_some((rec, next))
    }

    /// On to the next record: the last digit up, with a carry through the nines before it.
    #[inline(always)]
    pub(super) fn advance(&mut self) {
        self.expected += 1;
        // The digits are bytes 2 to 7 of the word, the last one the highest.
        let mut place = 56;
        while self.written >> place & 0xFF == u64::from(b'9') {
            if place == 16 {
                // Past 999999.
                *self = Sequence::new(self.expected);
                return;
            }
            self.written -= 9 << place;
            place -= 8;
        }
        self.written += 1 << place;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sequence_carries_every_number_as_written_and_none_past_999999() {
        let mut advanced = Sequence::new(0);
        for n in 0..1_000_005 {
            let new = Sequence::new(n);
            let written: [u8; 8] = match n {
                0..=999_999 => format!("05{n:06}").as_bytes().try_into().unwrap(),
                _ => format!("--{:06}", n % 1_000_000)
                    .as_bytes()
                    .try_into()
                    .unwrap(),
            };
            assert_eq!(new.written, u64::from_le_bytes(written), "{n}");
            assert_eq!(
                (advanced.expected, advanced.written),
                (n, new.written),
                "{n}"
            );
            advanced.advance();
        }
    }
}
