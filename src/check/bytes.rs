//! Byte-level primitives of the field checks (spec section 3): blanks, digits, numbers,
//! dates. They work on `&[u8]` eight bytes at a time where that pays (`u64` words), and
//! each fast routine has a plain twin that the tests compare it against.

/// Eight copies of one byte.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

#[inline]
fn word(chunk: &[u8]) -> u64 {
    u64::from_ne_bytes(chunk.try_into().expect("8-byte chunk"))
}

/// Every byte is a blank (0x20). An empty slice is blank.
#[inline]
pub fn is_blank(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        if word(c) != splat(b' ') {
            return false;
        }
    }
    chunks.remainder().iter().all(|&x| x == b' ')
}

/// True when every byte of the `u64` is an ASCII digit.
#[inline]
fn word_is_digits(x: u64) -> bool {
    // A byte below '0' borrows into its high bit after subtracting 0x30; a byte above '9'
    // sets its high bit after adding 0x46 (0x39 + 0x46 = 0x7F is the largest that does not).
    // Bytes of 0x80 and above already have the high bit set.
    let below = x.wrapping_sub(splat(b'0'));
    let above = x.wrapping_add(splat(0x46));
    ((x | below | above) & splat(0x80)) == 0
}

/// Every byte is an ASCII digit (type N). An empty slice is all digits.
#[inline]
pub fn is_digits(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        if !word_is_digits(word(c)) {
            return false;
        }
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return true;
    }
    // Pad the tail with '0' so it can be tested as one word.
    let mut tail = [b'0'; 8];
    tail[..rest.len()].copy_from_slice(rest);
    word_is_digits(u64::from_ne_bytes(tail))
}

/// A byte of the word is zero (exact, no false positives).
#[inline]
fn has_zero_byte(x: u64) -> bool {
    x.wrapping_sub(splat(0x01)) & !x & splat(0x80) != 0
}

/// Every byte may stand in an AN field: 0x20-0x7E or 0x80-0xFE (spec section 3).
#[inline]
pub fn is_text(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let x = word(c);
        // A byte below 0x20 (high bit clear, and borrowing below 0x20), 0x7F or 0xFF.
        let below = x.wrapping_sub(splat(0x20)) & !x & splat(0x80) != 0;
        if below || has_zero_byte(x ^ splat(0x7F)) || has_zero_byte(!x) {
            return false;
        }
    }
    chunks.remainder().iter().all(|&x| is_text_byte(x))
}

#[inline]
fn is_text_byte(x: u8) -> bool {
    (0x20..=0x7E).contains(&x) || (0x80..=0xFE).contains(&x)
}

/// The number written in `b`, which holds only digits (at most 19 of them).
#[inline(always)]
pub fn number(b: &[u8]) -> u64 {
    let d = |i: usize| u64::from(b[i].wrapping_sub(b'0'));
    // Field lengths of one to four digits are most of the work: no loop for them.
    match b.len() {
        1 => d(0),
        2 => d(0) * 10 + d(1),
        3 => d(0) * 100 + d(1) * 10 + d(2),
        4 => d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3),
        _ => b
            .iter()
            .fold(0, |n, &c| n * 10 + u64::from(c.wrapping_sub(b'0'))),
    }
}

/// The number in the `len` digits at `offset` of `rec`: the plain [`number`] of the same
/// bytes, read a word at a time when the field is longer than three digits. Needs 8 bytes
/// before the field's end (`offset + len >= 8`); every field from 04 on has them.
#[inline(always)]
pub fn number_at(rec: &[u8], offset: usize, len: usize) -> u64 {
    let end = offset + len;
    if len <= 3 {
        // Short fields, most of them: digit by digit is fewer instructions.
        number(&rec[offset..end])
    } else if len <= 8 {
        eight_digits(word(&rec[end - 8..end]), len)
    } else {
        eight_digits(word(&rec[end - 16..end - 8]), len - 8) * 100_000_000
            + eight_digits(word(&rec[end - 8..end]), 8)
    }
}

/// The numbers of the two fields of three digits side by side at `offset` of `rec`, read
/// in one word: the six bytes hold digits, and `rec` holds two more bytes after them.
#[inline(always)]
pub fn two_of_three_digits(rec: &[u8], offset: usize) -> (u64, u64) {
    let x = u64::from_le_bytes(rec[offset..offset + 8].try_into().expect("8 bytes"))
        .wrapping_sub(splat(b'0'));
    // Byte k of `pairs` is 10 × digit k + digit k+1; the two bytes after the fields (byte
    // 6 and 7, whatever they hold) only reach bytes 5 and up.
    let pairs = x.wrapping_mul(10).wrapping_add(x >> 8);
    let first = (pairs & 0xFF) * 10 + (x >> 16 & 0xFF);
    let second = (pairs >> 24 & 0xFF) * 10 + (x >> 40 & 0xFF);
    (first, second)
}

/// The number in the last `len` (1..=8) bytes of a little-endian word of digits.
#[inline]
fn eight_digits(w: u64, len: usize) -> u64 {
    // The bytes before the field (the low ones) become '0', then every byte its digit.
    let keep = u64::MAX << (8 * (8 - len));
    let x = ((w & keep) | (splat(b'0') & !keep)) - splat(b'0');
    // Pairs, then quads, then the eight: the first byte is the most significant digit.
    let x = (x * 10 + (x >> 8)) & 0x00FF_00FF_00FF_00FF;
    let x = (x * 100 + (x >> 16)) & 0x0000_FFFF_0000_FFFF;
    (x * 10_000 + (x >> 32)) & 0xFFFF_FFFF
}

/// `b` without its trailing blanks.
pub fn trim_blanks(b: &[u8]) -> &[u8] {
    let end = b.iter().rposition(|&x| x != b' ').map_or(0, |i| i + 1);
    &b[..end]
}

/// A calendar date, compared by its fields in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        (year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since 0001-01-01 in the proleptic Gregorian calendar.
    pub fn day_number(self) -> i64 {
        // Days before each month in a common year.
        const BEFORE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let y = i64::from(self.year) - 1;
        let leap_day = i64::from(self.month > 2 && is_leap(self.year));
        y * 365 + y / 4 - y / 100
            + y / 400
            + BEFORE[usize::from(self.month) - 1]
            + leap_day
            + i64::from(self.day)
            - 1
    }
}

pub fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// How a D field reads (spec section 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateValue {
    Real(Date),
    /// `00.00.0000` or `00/00/0000`: valid only in 0136-17.
    Zero,
    Invalid,
}

/// Reads a 10-byte `DD.MM.JJJJ` or `DD/MM/JJJJ` with one separator kind: the first eight
/// bytes as one word, the last two as another, and the calendar from a table (only 29
/// February asks whether the year is a leap year).
#[inline(always)]
pub fn date(b: &[u8]) -> DateValue {
    let Ok(b) = <&[u8; 10]>::try_from(b) else {
        return DateValue::Invalid;
    };
    let sep = b[2];
    if !(sep == b'.' || sep == b'/') || b[5] != sep {
        return DateValue::Invalid;
    }
    // `DD.MM.JJ` with '0' for the separators, and the last two digits padded with '0'.
    const SEPARATORS: u64 = 0xFF << 16 | 0xFF << 40;
    let head = word(&b[..8]) & !SEPARATORS | splat(b'0') & SEPARATORS;
    let tail = u64::from(u16::from_le_bytes([b[8], b[9]])) | splat(b'0') << 16;
    if !word_is_digits(head) || !word_is_digits(tail) {
        return DateValue::Invalid;
    }
    // Each byte its digit, then each pair of bytes 10 × the first + the second (in the
    // first byte of the pair): day at byte 0, month at 3, the century at 6.
    let pairs = |x: u64| (x - splat(b'0')) * 10 + ((x - splat(b'0')) >> 8);
    let (h, t) = (pairs(head), pairs(tail));
    let (day, month) = (h as u8, (h >> 24) as u8);
    let year = u16::from((h >> 48) as u8) * 100 + u16::from(t as u8);
    const DAYS: [u8; 16] = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0];
    let days = DAYS[usize::from(month & 15)];
    if day == 0 || month > 12 || day > days || year == 0 {
        return match (day, month, year) {
            (0, 0, 0) => DateValue::Zero,
            _ => DateValue::Invalid,
        };
    }
    if month == 2 && day == 29 && !is_leap(year) {
        return DateValue::Invalid;
    }
    DateValue::Real(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_digits_plain(b: &[u8]) -> bool {
        b.iter().all(u8::is_ascii_digit)
    }

    /// The plain twin of [`date`]: byte by byte.
    fn date_plain(b: &[u8]) -> DateValue {
        if b.len() != 10 || !(b[2] == b'.' || b[2] == b'/') || b[5] != b[2] {
            return DateValue::Invalid;
        }
        let digits = [&b[0..2], &b[3..5], &b[6..10]];
        if !digits.iter().all(|d| is_digits_plain(d)) {
            return DateValue::Invalid;
        }
        let [d, m, y] = digits.map(number);
        if d == 0 && m == 0 && y == 0 {
            return DateValue::Zero;
        }
        match Date::new(y as u16, m as u8, d as u8) {
            Some(date) => DateValue::Real(date),
            None => DateValue::Invalid,
        }
    }

    #[test]
    fn word_dates_agree_with_the_plain_ones() {
        for year in [0, 1, 99, 100, 1900, 1999, 2000, 2023, 2024, 2100, 9999] {
            for month in 0..=19 {
                for day in 0..=39 {
                    for sep in ['.', '/'] {
                        let s = format!("{day:02}{sep}{month:02}{sep}{year:04}");
                        assert_eq!(date(s.as_bytes()), date_plain(s.as_bytes()), "{s}");
                    }
                }
            }
        }
        // Every byte in every position of a real date.
        for pos in 0..10 {
            for x in 0..=255u8 {
                let mut b = *b"29.02.2024";
                b[pos] = x;
                assert_eq!(date(&b), date_plain(&b), "{b:?}");
            }
        }
        assert_eq!(date(b"29.02.202"), DateValue::Invalid);
    }

    #[test]
    fn word_digit_check_agrees_with_the_plain_one_on_every_byte() {
        for x in 0..=255u8 {
            for pos in 0..11 {
                let mut b = *b"01234567890";
                b[pos] = x;
                for len in [1, 3, 8, 9, 11] {
                    let s = &b[..len];
                    assert_eq!(is_digits(s), is_digits_plain(s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn word_text_check_agrees_with_the_plain_one_on_every_byte() {
        for x in 0..=255u8 {
            for pos in 0..11 {
                let mut b = *b"abcdefghijk";
                b[pos] = x;
                assert_eq!(is_text(&b), b.iter().all(|&c| is_text_byte(c)), "{b:?}");
            }
        }
    }

    #[test]
    fn numbers_of_every_length() {
        for s in [
            "7",
            "42",
            "099",
            "2024",
            "041801",
            "12345678901",
            "999999999999999",
        ] {
            assert_eq!(number(s.as_bytes()), s.parse::<u64>().unwrap());
        }
    }

    #[test]
    fn two_numbers_of_three_digits_agree_with_the_plain_ones() {
        for v in 0..1_000_000u32 {
            let tail = [(v % 256) as u8, (v * 7 % 256) as u8];
            let mut rec = format!("{v:06}").into_bytes();
            rec.extend_from_slice(&tail);
            let (a, b) = two_of_three_digits(&rec, 0);
            assert_eq!(
                (a, b),
                (number(&rec[..3]), number(&rec[3..6])),
                "{v} {tail:?}"
            );
        }
    }

    #[test]
    fn word_numbers_agree_with_the_plain_ones() {
        // Fields behind blanks, letters and digits, of every length up to 11.
        let rec = *b"  A 9x0000000000012345678901999999999999";
        for len in 1..=11 {
            for offset in 8..rec.len() - len {
                let mut r = rec;
                for (k, b) in r[offset..offset + len].iter_mut().enumerate() {
                    *b = b'0' + ((offset * 7 + k * 3) % 10) as u8;
                }
                let field = &r[offset..offset + len];
                assert_eq!(number_at(&r, offset, len), number(field), "{field:?}");
            }
        }
    }

    #[test]
    fn blanks() {
        assert!(is_blank(b""));
        assert!(is_blank(&[b' '; 170]));
        let mut b = [b' '; 170];
        b[169] = b'x';
        assert!(!is_blank(&b));
        b[169] = b' ';
        b[3] = 0;
        assert!(!is_blank(&b));
    }

    #[test]
    fn dates_need_one_separator_kind_and_a_real_day() {
        assert_eq!(
            date(b"29.02.2024"),
            DateValue::Real(Date::new(2024, 2, 29).unwrap())
        );
        assert_eq!(date(b"29/02/2023"), DateValue::Invalid);
        assert_eq!(date(b"01.02/2024"), DateValue::Invalid);
        assert_eq!(date(b"00/00/0000"), DateValue::Zero);
        assert_eq!(date(b"01.01.0000"), DateValue::Invalid);
        assert_eq!(date(b"1.01.2024 "), DateValue::Invalid);
        assert_eq!(date(b"31-12-2024"), DateValue::Invalid);
    }

    #[test]
    fn day_numbers_follow_each_other_day_by_day() {
        let mut prev = Date::new(1899, 12, 31).unwrap().day_number();
        for year in 1900..=2100 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let n = Date::new(year, month, day).unwrap().day_number();
                    assert_eq!(n, prev + 1, "{year}-{month}-{day}");
                    prev = n;
                }
            }
        }
    }

    #[test]
    fn day_numbers_count_days() {
        let a = Date::new(1999, 12, 31).unwrap();
        let b = Date::new(2000, 1, 1).unwrap();
        assert_eq!(b.day_number() - a.day_number(), 1);
        let c = Date::new(2000, 3, 1).unwrap();
        assert_eq!(c.day_number() - b.day_number(), 31 + 29);
    }
}
