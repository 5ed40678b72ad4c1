//! Byte-class masks of a whole record: one bit per byte for "is a digit" and "is a blank",
//! 210 bits in four `u64` words. With them the presence and type checks of a clean record
//! are a handful of word operations instead of a loop over every field (see
//! [`super::field::Fields::begin`]). The clean-record fast paths ask less of a record's
//! bytes, and in one go: its [`Shape`]. Computed with SSE2 on x86_64 (16 bytes per step),
//! with a plain scalar twin elsewhere and in the tests.

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
        let d = digits16(v);
        let b = _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8));
        (_mm_movemask_epi8(d) as u16, _mm_movemask_epi8(b) as u16)
    }
}

/// 0xFF in each byte of `v` that is a digit, 0 in the others.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn digits16(v: std::arch::x86_64::__m128i) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of the x86_64 baseline.
    unsafe {
        // '0'..'9' + 80 is 128..137, the only bytes below -118 as signed.
        let shifted = _mm_add_epi8(v, _mm_set1_epi8(80));
        _mm_cmplt_epi8(shifted, _mm_set1_epi8(-118))
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

/// Where the fields from 04 on start in the records of a student group: bytes 1-12 are the
/// recordtype, versienummer and recordvolgnummer, which the line walk checks.
const FIELDS_START: usize = 12;

/// The most 16-byte chunks from [`FIELDS_START`] to an opvulling.
const MAX_CHUNKS: usize = 8;

/// What the clean-record fast path of one record type ([`super::clean`]) asks of its
/// bytes in one go: the N fields that a definitive bericht requires hold digits, the
/// opvulling is blank, and, for the fields it reads one by one, the digit and blank
/// positions of a window of 64 bytes. Built at compile time from the layout.
#[derive(Debug)]
pub struct Shape {
    /// The 16-byte chunks over the bytes from [`FIELDS_START`] to the opvulling (the last
    /// overlapping its predecessor rather than reaching into the opvulling): where each
    /// starts, and which of its bytes must be digits (0xFF).
    chunks: [(usize, [u8; 16]); MAX_CHUNKS],
    count: usize,
    filler_start: usize,
    window: Option<usize>,
}

/// The digit and the blank positions of the 64 bytes of a [`Shape`]'s window, one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub digits: u64,
    pub blanks: u64,
}

impl Shape {
    /// The shape of `rt`, with its window starting at `window`.
    pub const fn of(rt: RecordType, window: Option<usize>) -> Shape {
        let fields = rt.fields();
        let filler_start = filler_start(rt);
        assert!(filler_start >= FIELDS_START + 16 && filler_start + 16 <= RECORD_LEN);
        if let Some(w) = window {
            assert!(w + 64 <= RECORD_LEN);
        }
        let mut shape = Shape {
            chunks: [(0, [0; 16]); MAX_CHUNKS],
            count: 0,
            filler_start,
            window,
        };
        let mut at = FIELDS_START;
        loop {
            assert!(shape.count < MAX_CHUNKS);
            let mut required = [0u8; 16];
            let mut i = 0;
            while i < fields.len() {
                let f = &fields[i];
                let numeric = matches!(f.kind, Kind::Numeric);
                if i >= 3 && numeric && matches!(f.presence, Presence::Required) {
                    assert!(f.offset + f.len <= filler_start);
                    let mut b = f.offset;
                    while b < f.offset + f.len {
                        if b >= at && b < at + 16 {
                            required[b - at] = 0xFF;
                        }
                        b += 1;
                    }
                }
                i += 1;
            }
            shape.chunks[shape.count] = (at, required);
            shape.count += 1;
            if at + 16 == filler_start {
                return shape;
            }
            at = if at + 32 <= filler_start {
                at + 16
            } else {
                filler_start - 16
            };
        }
    }
}

/// `rec` has the shape `s`: its window, or None when a required N field holds a byte that
/// is not a digit or the opvulling one that is not a blank.
#[inline(always)]
pub fn shaped(rec: &[u8; RECORD_LEN], s: &Shape) -> Option<Window> {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY (all intrinsics here): every load reads 16 bytes inside `rec` (the chunks
        // and the window lie in it, see `Shape::of`); SSE2 is part of the x86_64 baseline.
        unsafe {
            let mut bad = _mm_setzero_si128();
            for &(at, required) in &s.chunks[..s.count] {
                let v = _mm_loadu_si128(rec.as_ptr().add(at) as *const __m128i);
                let required = _mm_loadu_si128(required.as_ptr() as *const __m128i);
                bad = _mm_or_si128(bad, _mm_andnot_si128(digits16(v), required));
            }
            let blank = _mm_set1_epi8(b' ' as i8);
            let blanks = fold16(
                rec,
                s.filler_start,
                RECORD_LEN,
                _mm_set1_epi8(-1),
                |all, v| _mm_and_si128(all, _mm_cmpeq_epi8(v, blank)),
            );
            if _mm_movemask_epi8(bad) != 0 || _mm_movemask_epi8(blanks) != 0xFFFF {
                return None;
            }
        }
        let Some(w) = s.window else {
            return Some(Window {
                digits: 0,
                blanks: 0,
            });
        };
        let (mut digits, mut blanks) = (0u64, 0u64);
        for k in 0..4 {
            let (d, b) = classify16(&rec[w + 16 * k..w + 16 * k + 16]);
            digits |= u64::from(d) << (16 * k);
            blanks |= u64::from(b) << (16 * k);
        }
        Some(Window { digits, blanks })
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        shaped_plain(rec, s)
    }
}

/// The plain twin of [`shaped`]: byte by byte.
pub fn shaped_plain(rec: &[u8; RECORD_LEN], s: &Shape) -> Option<Window> {
    let required_digits = s.chunks[..s.count]
        .iter()
        .all(|(at, required)| (0..16).all(|i| required[i] == 0 || rec[at + i].is_ascii_digit()));
    if !required_digits || !rec[s.filler_start..].iter().all(|&b| b == b' ') {
        return None;
    }
    let bits = |w: usize, class: fn(&u8) -> bool| {
        (0..64).fold(0u64, |bits, i| bits | u64::from(class(&rec[w + i])) << i)
    };
    Some(match s.window {
        Some(w) => Window {
            digits: bits(w, u8::is_ascii_digit),
            blanks: bits(w, |&b| b == b' '),
        },
        None => Window {
            digits: 0,
            blanks: 0,
        },
    })
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

/// Where the opvulling of `rt` starts (the record's end when it has none).
const fn filler_start(rt: RecordType) -> usize {
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
        let mut rng = dto_gen::Rng::new(1, &[]);
        for round in 0..2000 {
            let rec: Vec<u8> = (0..RECORD_LEN)
                .map(|i| {
                    let x = rng.next_u64();
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
    fn shapes_and_text_tests_agree_with_the_plain_ones() {
        const SHAPES: [Shape; 4] = [
            Shape::of(RecordType::Identificatie, Some(47)),
            Shape::of(RecordType::Student, Some(36)),
            Shape::of(RecordType::Inschrijving, None),
            Shape::of(RecordType::Inschrijving, Some(146)),
        ];
        let mut rng = dto_gen::Rng::new(7, &[]);
        for round in 0..4000 {
            let mut rec = [b' '; RECORD_LEN];
            for (i, b) in rec.iter_mut().enumerate() {
                let x = rng.next_u64();
                // Mostly digits in front and blanks behind, sometimes any byte.
                *b = match ((x >> 58) as usize + i / 8) % 64 {
                    0..=20 => b'0' + ((x >> 32) % 10) as u8,
                    21..=60 => b' ',
                    _ => (x >> 40) as u8 ^ (round as u8),
                };
            }
            for s in &SHAPES {
                // Often with the required fields digits and the opvulling blank.
                let mut shaped_rec = rec;
                if round % 2 == 0 {
                    for &(at, required) in &s.chunks[..s.count] {
                        for i in (0..16).filter(|&i| required[i] != 0) {
                            if shaped_rec[at + i] > b'9' || shaped_rec[at + i] < b'0' {
                                shaped_rec[at + i] = b'7';
                            }
                        }
                    }
                    if round % 4 == 0 {
                        shaped_rec[s.filler_start..].fill(b' ');
                    }
                }
                assert_eq!(shaped(&shaped_rec, s), shaped_plain(&shaped_rec, s));
            }
            for (from, to) in [(0, 16), (47, 97), (3, 210), (100, 117)] {
                assert_eq!(
                    text(&rec, from, to),
                    super::super::bytes::is_text(&rec[from..to])
                );
            }
        }
    }

    #[test]
    fn a_shape_requires_the_digits_the_masks_require() {
        for rt in RecordType::GROUP {
            let s = Shape::of(rt, None);
            let mut required = Bits::default();
            for &(at, bytes) in &s.chunks[..s.count] {
                for i in (0..16).filter(|&i| bytes[i] != 0) {
                    required = required.or(Bits::span(at + i, 1));
                }
            }
            assert_eq!(required, record_masks(rt, false).required_numeric);
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
