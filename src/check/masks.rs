//! Byte-class masks of a whole record: one bit per byte for "is a digit" and "is a blank",
//! 210 bits in four `u64` words. With them the presence and type checks of a clean record
//! are a handful of word operations instead of a loop over every field (see
//! [`super::field::Fields::begin`]). Computed with SSE2 on x86_64 (16 bytes per step), with
//! a plain scalar twin elsewhere and in the tests.

use crate::layout::{Field, Kind, Presence, RecordType, RECORD_LEN};
use std::sync::OnceLock;

/// A set of byte positions in a record: bit `i` of the 256 is byte `i`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bits(pub [u64; 4]);

impl Bits {
    /// The positions of one field.
    pub fn span(offset: usize, len: usize) -> Bits {
        let mut b = Bits::default();
        for i in offset..offset + len {
            b.0[i / 64] |= 1 << (i % 64);
        }
        b
    }

    #[inline]
    pub fn or(self, o: Bits) -> Bits {
        Bits([
            self.0[0] | o.0[0],
            self.0[1] | o.0[1],
            self.0[2] | o.0[2],
            self.0[3] | o.0[3],
        ])
    }

    /// Every position of `self` is in `o`.
    #[inline]
    pub fn within(self, o: Bits) -> bool {
        (self.0[0] & !o.0[0])
            | (self.0[1] & !o.0[1])
            | (self.0[2] & !o.0[2])
            | (self.0[3] & !o.0[3])
            == 0
    }
}

/// The positions of a short field (at most 64 bytes): at most two neighbouring words of a
/// [`Bits`], so that testing it takes two words, not four.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    word: usize,
    low: u64,
    /// The positions in the next word (0 when the field ends in `word`).
    high: u64,
}

impl Span {
    pub fn of(offset: usize, len: usize) -> Span {
        assert!(len <= 64, "a short field");
        let bits = Bits::span(offset, len);
        let word = offset / 64;
        Span {
            word,
            low: bits.0[word],
            high: bits.0.get(word + 1).copied().unwrap_or(0),
        }
    }

    /// Every position of the field is in `b`.
    #[inline]
    pub fn within(self, b: &Bits) -> bool {
        let next = b.0[(self.word + 1).min(3)];
        (self.low & !b.0[self.word]) | (self.high & !next) == 0
    }
}

/// Which bytes of a record are digits and which are blanks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Classes {
    pub digits: Bits,
    pub blanks: Bits,
}

/// Classifies the 210 bytes of `rec`.
#[inline]
pub fn classes(rec: &[u8]) -> Classes {
    assert_eq!(rec.len(), RECORD_LEN);
    #[cfg(target_arch = "x86_64")]
    {
        classes_sse2(rec)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        classes_plain(rec)
    }
}

/// The plain twin of the SIMD classification.
pub fn classes_plain(rec: &[u8]) -> Classes {
    let mut c = Classes {
        digits: Bits::default(),
        blanks: Bits::default(),
    };
    for (i, &b) in rec.iter().enumerate() {
        c.digits.0[i / 64] |= u64::from(b.is_ascii_digit()) << (i % 64);
        c.blanks.0[i / 64] |= u64::from(b == b' ') << (i % 64);
    }
    c
}

/// The digit and the blank positions of 16 bytes, one bit each.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn classify16(chunk: &[u8]) -> (u16, u16) {
    use std::arch::x86_64::*;
    assert_eq!(chunk.len(), 16);
    // SAFETY: the load reads the 16 bytes of `chunk`; SSE2 is part of the x86_64 baseline.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr() as *const __m128i);
        // '0'..'9' + 80 is 128..137, the only bytes below -118 as signed.
        let shifted = _mm_add_epi8(v, _mm_set1_epi8(80));
        let d = _mm_cmplt_epi8(shifted, _mm_set1_epi8(-118));
        let b = _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8));
        (_mm_movemask_epi8(d) as u16, _mm_movemask_epi8(b) as u16)
    }
}

/// Folds `f` over the 16-byte chunks that cover `rec[from..to]` (at least 16 bytes), the
/// last one overlapping its predecessor rather than reaching past `to`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn fold16<A>(
    rec: &[u8; RECORD_LEN],
    from: usize,
    to: usize,
    init: A,
    mut f: impl FnMut(A, std::arch::x86_64::__m128i) -> A,
) -> A {
    use std::arch::x86_64::*;
    assert!(from + 16 <= to && to <= RECORD_LEN);
    let (mut at, mut acc) = (from, init);
    loop {
        // SAFETY: `from <= at <= to - 16 <= RECORD_LEN - 16`; SSE2 is part of the x86_64
        // baseline.
        let v = unsafe { _mm_loadu_si128(rec.as_ptr().add(at) as *const __m128i) };
        acc = f(acc, v);
        if at == to - 16 {
            return acc;
        }
        at = (at + 16).min(to - 16);
    }
}

#[cfg(target_arch = "x86_64")]
#[inline]
fn classes_sse2(rec: &[u8]) -> Classes {
    let mut digits = [0u64; 4];
    let mut blanks = [0u64; 4];
    // 13 chunks of 16 bytes cover bytes 0..208; the last two bytes are done by hand.
    for k in 0..13 {
        // Chunk k reads bytes 16k..16k+16 <= 208 of 210.
        let (d, b) = classify16(&rec[16 * k..16 * k + 16]);
        let (w, s) = (16 * k / 64, 16 * k % 64);
        digits[w] |= u64::from(d) << s;
        blanks[w] |= u64::from(b) << s;
    }
    for (i, &b) in rec.iter().enumerate().skip(208) {
        digits[3] |= u64::from(b.is_ascii_digit()) << (i % 64);
        blanks[3] |= u64::from(b == b' ') << (i % 64);
    }
    Classes {
        digits: Bits(digits),
        blanks: Bits(blanks),
    }
}

/// The first bytes of a record, which hold every field of the student records (0134, 0135,
/// 0136) but their opvulling.
pub const HEAD: usize = 128;

/// Which of the first [`HEAD`] bytes of a record are digits and which are blanks: the
/// clean-record fast paths of [`super::clean`] test these and the opvulling
/// ([`blank_from`]), half the work of all of [`classes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    pub digits: u128,
    pub blanks: u128,
}

/// Classifies the first [`HEAD`] bytes of `rec`.
#[inline(always)]
pub fn head(rec: &[u8; RECORD_LEN]) -> Head {
    #[cfg(target_arch = "x86_64")]
    {
        let (mut digits, mut blanks) = (0u128, 0u128);
        for k in 0..HEAD / 16 {
            let (d, b) = classify16(&rec[16 * k..16 * k + 16]);
            digits |= u128::from(d) << (16 * k);
            blanks |= u128::from(b) << (16 * k);
        }
        Head { digits, blanks }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        head_plain(rec)
    }
}

/// The plain twin of [`head`].
pub fn head_plain(rec: &[u8; RECORD_LEN]) -> Head {
    let c = classes_plain(rec);
    let low = |b: Bits| u128::from(b.0[0]) | u128::from(b.0[1]) << 64;
    Head {
        digits: low(c.digits),
        blanks: low(c.blanks),
    }
}

/// Every byte of `rec` from `start` on is a blank; `start` is at most 194.
#[inline(always)]
pub fn blank_from(rec: &[u8; RECORD_LEN], start: usize) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY (all intrinsics here): SSE2 is part of the x86_64 baseline.
        unsafe {
            let blank = _mm_set1_epi8(b' ' as i8);
            let all = fold16(rec, start, RECORD_LEN, _mm_set1_epi8(-1), |all, v| {
                _mm_and_si128(all, _mm_cmpeq_epi8(v, blank))
            });
            _mm_movemask_epi8(all) == 0xFFFF
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        super::bytes::is_blank(&rec[start..])
    }
}

/// Every byte of `rec[from..to]` may stand in an AN field (see [`super::bytes::is_text`]);
/// the range holds at least 16 bytes.
#[inline(always)]
pub fn text(rec: &[u8; RECORD_LEN], from: usize, to: usize) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY (all intrinsics here): SSE2 is part of the x86_64 baseline.
        unsafe {
            let bad = fold16(rec, from, to, _mm_setzero_si128(), |bad, v| {
                // As signed bytes, no text: 0..=31 (control), 127 (DEL) and -1 (0xFF).
                let control = _mm_and_si128(
                    _mm_cmplt_epi8(v, _mm_set1_epi8(32)),
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(-1)),
                );
                let del = _mm_cmpeq_epi8(v, _mm_set1_epi8(127));
                let ff = _mm_cmpeq_epi8(v, _mm_set1_epi8(-1));
                _mm_or_si128(bad, _mm_or_si128(control, _mm_or_si128(del, ff)))
            });
            _mm_movemask_epi8(bad) == 0
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        super::bytes::is_text(&rec[from..to])
    }
}

/// The masks of one record type in one mode (definitive or 10620), for the clean-record test
/// of the presence and type checks.
#[derive(Debug)]
pub struct RecordMasks {
    /// Opvulling: must be blank.
    pub filler: Bits,
    /// N fields that must be present in this mode: must be all digits.
    pub required_numeric: Bits,
    /// N fields that may be absent: each must be all digits or all blanks. Field index
    /// (0-based) and positions.
    pub optional_numeric: Vec<(usize, Span)>,
    /// D and AN fields (all of them required): index and field, checked one by one.
    pub others: Vec<(usize, &'static Field)>,
    /// N fields whose number the rules read (at most [`NUMBER_DIGITS`] digits): index,
    /// offset and length.
    pub numbers: Vec<(usize, usize, usize)>,
}

/// The N fields of `rt` that a definitive bericht requires, as bits of the first [`HEAD`]
/// bytes (for [`head`]); for the records whose required N fields all lie there.
pub const fn head_numeric(rt: RecordType) -> u128 {
    let fields = rt.fields();
    let (mut bits, mut i) = (0u128, 3);
    while i < fields.len() {
        let f = &fields[i];
        if matches!(f.kind, Kind::Numeric) && matches!(f.presence, Presence::Required) {
            assert!(
                f.offset + f.len <= HEAD,
                "a required N field beyond the head"
            );
            bits |= ((1u128 << f.len) - 1) << f.offset;
        }
        i += 1;
    }
    bits
}

/// Where the opvulling of `rt` starts, for [`blank_from`] (the record's end when it has
/// none).
pub const fn filler_start(rt: RecordType) -> usize {
    let fields = rt.fields();
    let mut i = 0;
    while i < fields.len() {
        if matches!(fields[i].kind, Kind::Filler) {
            return fields[i].offset;
        }
        i += 1;
    }
    RECORD_LEN
}

/// N fields up to this many digits are read as numbers; longer ones (the stamboeknummers)
/// are compared as written.
pub const NUMBER_DIGITS: usize = 11;

/// The masks of `rt`; `voorlopig` for a 10620 bericht.
pub fn record_masks(rt: RecordType, voorlopig: bool) -> &'static RecordMasks {
    static TABLES: OnceLock<Vec<RecordMasks>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        RecordType::ALL
            .iter()
            .flat_map(|&rt| [false, true].map(|v| build(rt, v)))
            .collect()
    });
    // The tables are built in the order of `RecordType::ALL`, the declaration order.
    debug_assert_eq!(RecordType::ALL[rt as usize], rt);
    &tables[2 * rt as usize + usize::from(voorlopig)]
}

fn build(rt: RecordType, voorlopig: bool) -> RecordMasks {
    let mut m = RecordMasks {
        filler: Bits::default(),
        required_numeric: Bits::default(),
        optional_numeric: Vec::new(),
        others: Vec::new(),
        numbers: Vec::new(),
    };
    for (i, f) in rt.fields().iter().enumerate().skip(3) {
        let span = Bits::span(f.offset, f.len);
        let required = f.presence == Presence::Required && !(voorlopig && f.optional_10620);
        if f.kind == Kind::Numeric && f.len <= NUMBER_DIGITS {
            m.numbers.push((i, f.offset, f.len));
        }
        match f.kind {
            Kind::Filler => m.filler = m.filler.or(span),
            Kind::Numeric if required => m.required_numeric = m.required_numeric.or(span),
            Kind::Numeric => m.optional_numeric.push((i, Span::of(f.offset, f.len))),
            Kind::Date | Kind::Text => {
                assert!(required, "every D and AN field is required");
                m.others.push((i, f));
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simd_classes_equal_the_plain_ones() {
        let mut x: u64 = 1;
        for round in 0..2000 {
            let rec: Vec<u8> = (0..RECORD_LEN)
                .map(|i| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // Mostly digits and blanks, sometimes any byte.
                    match (x >> 60) as u8 {
                        0..=6 => b'0' + ((x >> 32) % 10) as u8,
                        7..=12 => b' ',
                        _ => (x >> 40) as u8 ^ (i as u8) ^ (round as u8),
                    }
                })
                .collect();
            assert_eq!(classes(&rec), classes_plain(&rec));
        }
    }

    #[test]
    fn head_and_opvulling_tests_agree_with_the_plain_classes() {
        let mut x: u64 = 7;
        for round in 0..4000 {
            let mut rec = [b' '; RECORD_LEN];
            for (i, b) in rec.iter_mut().enumerate() {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                // Mostly digits in front and blanks behind, sometimes any byte.
                *b = match ((x >> 58) as usize + i / 8) % 64 {
                    0..=20 => b'0' + ((x >> 32) % 10) as u8,
                    21..=60 => b' ',
                    _ => (x >> 40) as u8 ^ (round as u8),
                };
            }
            assert_eq!(head(&rec), head_plain(&rec));
            for (from, to) in [(0, 16), (47, 97), (3, 210), (100, 117)] {
                assert_eq!(
                    text(&rec, from, to),
                    super::super::bytes::is_text(&rec[from..to])
                );
            }
            for start in [100, 111, 122, 150, 194] {
                assert_eq!(
                    blank_from(&rec, start),
                    rec[start..].iter().all(|&b| b == b' ')
                );
            }
        }
    }

    #[test]
    fn the_student_records_require_digits_only_in_their_head() {
        for rt in [
            RecordType::Identificatie,
            RecordType::Student,
            RecordType::Inschrijving,
        ] {
            let r = record_masks(rt, false).required_numeric.0;
            assert_eq!(r[2] | r[3], 0);
            assert_eq!(head_numeric(rt), u128::from(r[0]) | u128::from(r[1]) << 64);
            assert!(filler_start(rt) + 16 <= RECORD_LEN);
        }
    }

    #[test]
    fn short_spans_agree_with_whole_bit_sets() {
        let c = classes_plain(&[b'1'; RECORD_LEN]);
        let mut holes = c.digits;
        holes.0[1] &= !(1 << 3); // byte 67 is no digit
        for offset in 0..RECORD_LEN - 15 {
            for len in [1, 2, 6, 15] {
                let (span, bits) = (Span::of(offset, len), Bits::span(offset, len));
                assert_eq!(span.within(&holes), bits.within(holes), "{offset}+{len}");
                assert!(span.within(&c.digits));
            }
        }
    }

    #[test]
    fn spans_and_containment() {
        let a = Bits::span(60, 10);
        assert_eq!(a.0[0], 0xF << 60);
        assert_eq!(a.0[1], 0x3F);
        assert!(a.within(Bits::span(0, 210)));
        assert!(!Bits::span(0, 210).within(a));
    }
}
