//! Byte-class masks of a whole record: one bit per byte for "is a digit" and "is a blank",
//! 210 bits in four `u64` words. With them the presence and type checks of a clean record
//! are a handful of word operations instead of a loop over every field (see
//! [`super::field::Fields::begin`]). The clean-record fast paths ask less of a record's
//! bytes, and in one go: its [`Shape`]. On x86_64 the checks are written once over a vector
//! of bytes (`lanes::Lanes`) and run 32 bytes a step with AVX2 where the CPU has it
//! (chosen at run time), 16 with SSE2 (the x86_64 baseline) where it has not; a plain
//! scalar twin serves other architectures and the tests.

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

/// Vectors of 16 bytes (SSE2) and of 32 (AVX2) behind one interface, so that each
/// byte-class check is written once and compiled for both widths.
#[cfg(target_arch = "x86_64")]
pub(crate) mod lanes {
    use crate::layout::RECORD_LEN;
    use std::arch::x86_64::*;

    /// Whether the CPU has AVX2. The standard library caches the detection, so asking
    /// costs a load and a test.
    #[inline(always)]
    pub fn avx2() -> bool {
        is_x86_feature_detected!("avx2")
    }

    /// A vector of `WIDTH` bytes.
    ///
    /// # Safety
    ///
    /// Every method needs the instructions of its width: SSE2 for 16 bytes, which every
    /// x86_64 CPU has, AVX2 for 32. The methods are inlined into their caller, so for 32
    /// bytes that caller must be a `#[target_feature(enable = "avx2")]` function (entered
    /// only after [`avx2`] said yes): elsewhere each would be a call.
    pub trait Lanes: Copy {
        const WIDTH: usize;
        /// The `WIDTH` bytes from `p`.
        unsafe fn load(p: *const u8) -> Self;
        unsafe fn splat(b: u8) -> Self;
        /// 0xFF in each byte where `self` and `o` are equal, 0 in the others (and so below).
        unsafe fn eq(self, o: Self) -> Self;
        /// Where `self` is less than `o`, as signed bytes.
        unsafe fn lt(self, o: Self) -> Self;
        /// Byte by byte, wrapping.
        unsafe fn add(self, o: Self) -> Self;
        unsafe fn and(self, o: Self) -> Self;
        unsafe fn or(self, o: Self) -> Self;
        /// `o` where `self` is 0, 0 elsewhere.
        unsafe fn andnot(self, o: Self) -> Self;
        /// The top bit of each byte: byte `i` in bit `i`.
        unsafe fn bits(self) -> u64;

        /// 0xFF in each byte that is a digit.
        #[inline(always)]
        unsafe fn digits(self) -> Self {
            // '0'..'9' + 80 is 128..137, the only bytes below -118 as signed.
            self.add(Self::splat(80)).lt(Self::splat(-118i8 as u8))
        }
    }

    impl Lanes for __m128i {
        const WIDTH: usize = 16;
        #[inline(always)]
        unsafe fn load(p: *const u8) -> Self {
            _mm_loadu_si128(p as *const __m128i)
        }
        #[inline(always)]
        unsafe fn splat(b: u8) -> Self {
            _mm_set1_epi8(b as i8)
        }
        #[inline(always)]
        unsafe fn eq(self, o: Self) -> Self {
            _mm_cmpeq_epi8(self, o)
        }
        #[inline(always)]
        unsafe fn lt(self, o: Self) -> Self {
            _mm_cmplt_epi8(self, o)
        }
        #[inline(always)]
        unsafe fn add(self, o: Self) -> Self {
            _mm_add_epi8(self, o)
        }
        #[inline(always)]
        unsafe fn and(self, o: Self) -> Self {
            _mm_and_si128(self, o)
        }
        #[inline(always)]
        unsafe fn or(self, o: Self) -> Self {
            _mm_or_si128(self, o)
        }
        #[inline(always)]
        unsafe fn andnot(self, o: Self) -> Self {
            _mm_andnot_si128(self, o)
        }
        #[inline(always)]
        unsafe fn bits(self) -> u64 {
            u64::from(_mm_movemask_epi8(self) as u16)
        }
    }

    impl Lanes for __m256i {
        const WIDTH: usize = 32;
        #[inline(always)]
        unsafe fn load(p: *const u8) -> Self {
            _mm256_loadu_si256(p as *const __m256i)
        }
        #[inline(always)]
        unsafe fn splat(b: u8) -> Self {
            _mm256_set1_epi8(b as i8)
        }
        #[inline(always)]
        unsafe fn eq(self, o: Self) -> Self {
            _mm256_cmpeq_epi8(self, o)
        }
        #[inline(always)]
        unsafe fn lt(self, o: Self) -> Self {
            _mm256_cmpgt_epi8(o, self)
        }
        #[inline(always)]
        unsafe fn add(self, o: Self) -> Self {
            _mm256_add_epi8(self, o)
        }
        #[inline(always)]
        unsafe fn and(self, o: Self) -> Self {
            _mm256_and_si256(self, o)
        }
        #[inline(always)]
        unsafe fn or(self, o: Self) -> Self {
            _mm256_or_si256(self, o)
        }
        #[inline(always)]
        unsafe fn andnot(self, o: Self) -> Self {
            _mm256_andnot_si256(self, o)
        }
        #[inline(always)]
        unsafe fn bits(self) -> u64 {
            u64::from(_mm256_movemask_epi8(self) as u32)
        }
    }

    /// Folds `f` over the chunks of `V::WIDTH` bytes that cover `rec[from..to]` (at least
    /// one chunk), the last one overlapping its predecessor rather than reaching past `to`.
    ///
    /// # Safety
    ///
    /// As for the methods of [`Lanes`]: the CPU has the instructions of `V`.
    #[inline(always)]
    pub unsafe fn fold<V: Lanes, A>(
        rec: &[u8; RECORD_LEN],
        from: usize,
        to: usize,
        init: A,
        mut f: impl FnMut(A, V) -> A,
    ) -> A {
        assert!(from + V::WIDTH <= to && to <= RECORD_LEN);
        let (mut at, mut acc) = (from, init);
        loop {
            // `from <= at <= to - WIDTH <= RECORD_LEN - WIDTH`: the load stays in `rec`.
            acc = f(acc, V::load(rec.as_ptr().add(at)));
            if at == to - V::WIDTH {
                return acc;
            }
            at = (at + V::WIDTH).min(to - V::WIDTH);
        }
    }
}

#[cfg(target_arch = "x86_64")]
use lanes::Lanes;
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{__m128i, __m256i};

/// Runs `twin`, the SIMD twin of a check generic over a vector `V`, with vectors of 16
/// bytes and, where the CPU has AVX2, of 32: for the tests that compare the SIMD twins with
/// the plain ones.
#[cfg(all(test, target_arch = "x86_64"))]
macro_rules! each_width {
    (|$V:ident| $twin:expr) => {{
        {
            type $V = std::arch::x86_64::__m128i;
            // SAFETY: SSE2 is part of the x86_64 baseline; the twins assert or construct
            // that their loads stay in the record.
            unsafe { $twin }
        }
        if $crate::check::masks::lanes::avx2() {
            type $V = std::arch::x86_64::__m256i;
            // SAFETY: the CPU has AVX2, as just asked; the loads as above.
            unsafe { $twin }
        }
    }};
}
#[cfg(all(test, target_arch = "x86_64"))]
pub(crate) use each_width;

/// Which bytes of a record are digits and which are blanks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Classes {
    pub digits: Bits,
    pub blanks: Bits,
}

/// Classifies the 210 bytes of `rec`.
#[inline]
pub fn classes(rec: &[u8]) -> Classes {
    let rec: &[u8; RECORD_LEN] = rec.try_into().expect("a record");
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of the x86_64 baseline; `classify` asserts that each load
        // stays in `rec`. (The plain checks, which ask for all the classes, are no hot
        // path: they keep to 16 bytes a step.)
        unsafe { classes_in::<__m128i>(rec) }
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

/// The digit and the blank positions of the `V::WIDTH` bytes from `at`, one bit each.
///
/// # Safety
///
/// The CPU has the instructions of `V`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn classify<V: Lanes>(rec: &[u8; RECORD_LEN], at: usize) -> (u64, u64) {
    assert!(at + V::WIDTH <= RECORD_LEN);
    // The assertion keeps the load in `rec`.
    let v = V::load(rec.as_ptr().add(at));
    (v.digits().bits(), v.eq(V::splat(b' ')).bits())
}

/// # Safety
///
/// The CPU has the instructions of `V`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn classes_in<V: Lanes>(rec: &[u8; RECORD_LEN]) -> Classes {
    let mut digits = [0u64; 4];
    let mut blanks = [0u64; 4];
    // The whole chunks from byte 0 stay within a word each (the width divides 64); the
    // bytes after the last are done by hand.
    let whole = RECORD_LEN / V::WIDTH;
    for k in 0..whole {
        let at = V::WIDTH * k;
        let (d, b) = classify::<V>(rec, at);
        digits[at / 64] |= d << (at % 64);
        blanks[at / 64] |= b << (at % 64);
    }
    for (i, &b) in rec.iter().enumerate().skip(V::WIDTH * whole) {
        digits[i / 64] |= u64::from(b.is_ascii_digit()) << (i % 64);
        blanks[i / 64] |= u64::from(b == b' ') << (i % 64);
    }
    Classes {
        digits: Bits(digits),
        blanks: Bits(blanks),
    }
}

/// Where the fields from 04 on start in the records of a student group: bytes 1-12 are the
/// recordtype, versienummer and recordvolgnummer, which the line walk checks.
const FIELDS_START: usize = 12;

/// The widest vector, in bytes.
const WIDEST: usize = 32;

/// The most chunks from [`FIELDS_START`] to an opvulling (of 16 bytes; fewer of 32).
const MAX_CHUNKS: usize = 8;

/// The chunks of one vector width over the bytes from [`FIELDS_START`] to an opvulling,
/// the last overlapping its predecessor rather than reaching into the opvulling: where each
/// starts, and which of its bytes must be digits (0xFF; of the [`WIDEST`] bytes, the first
/// `width` count).
#[derive(Debug)]
struct Chunks {
    width: usize,
    chunks: [(usize, [u8; WIDEST]); MAX_CHUNKS],
    count: usize,
}

impl Chunks {
    const fn of(fields: &[Field], filler_start: usize, width: usize) -> Chunks {
        assert!(width <= WIDEST && filler_start >= FIELDS_START + width);
        let mut c = Chunks {
            width,
            chunks: [(0, [0; WIDEST]); MAX_CHUNKS],
            count: 0,
        };
        let mut at = FIELDS_START;
        loop {
            assert!(c.count < MAX_CHUNKS);
            let mut required = [0u8; WIDEST];
            let mut i = 0;
            while i < fields.len() {
                let f = &fields[i];
                let numeric = matches!(f.kind, Kind::Numeric);
                if i >= 3 && numeric && matches!(f.presence, Presence::Required) {
                    assert!(f.offset + f.len <= filler_start);
                    let mut b = f.offset;
                    while b < f.offset + f.len {
                        if b >= at && b < at + width {
                            required[b - at] = 0xFF;
                        }
                        b += 1;
                    }
                }
                i += 1;
            }
            c.chunks[c.count] = (at, required);
            c.count += 1;
            if at + width == filler_start {
                return c;
            }
            at = if at + 2 * width <= filler_start {
                at + width
            } else {
                filler_start - width
            };
        }
    }

    fn iter(&self) -> impl Iterator<Item = &(usize, [u8; WIDEST])> {
        self.chunks[..self.count].iter()
    }
}

/// What the clean-record fast path of one record type ([`super::clean`]) asks of its
/// bytes in one go: the N fields that a definitive bericht requires hold digits, the
/// opvulling is blank, a range of AN bytes is text, and, for the fields it reads one by
/// one, the digit and blank positions of a window of 64 bytes. Built at compile time from
/// the layout.
#[derive(Debug)]
pub struct Shape {
    /// The bytes from [`FIELDS_START`] to the opvulling in chunks of 16 bytes and of 32.
    narrow: Chunks,
    wide: Chunks,
    filler_start: usize,
    /// Bytes that may stand in an AN field (see [`super::bytes::is_text`]): at least
    /// [`WIDEST`] of them.
    text: Option<(usize, usize)>,
    window: Option<usize>,
}

/// The digit and the blank positions of the 64 bytes of a [`Shape`]'s window, one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub digits: u64,
    pub blanks: u64,
}

impl Shape {
    /// The shape of `rt`, with its `text` bytes and its window starting at `window`.
    pub const fn of(rt: RecordType, text: Option<(usize, usize)>, window: Option<usize>) -> Shape {
        let filler_start = filler_start(rt);
        assert!(filler_start + WIDEST <= RECORD_LEN);
        if let Some((from, to)) = text {
            assert!(from + WIDEST <= to && to <= RECORD_LEN);
        }
        if let Some(w) = window {
            assert!(w + 64 <= RECORD_LEN);
        }
        Shape {
            narrow: Chunks::of(rt.fields(), filler_start, 16),
            wide: Chunks::of(rt.fields(), filler_start, WIDEST),
            filler_start,
            text,
            window,
        }
    }

    /// The chunks of vectors of `width` bytes.
    #[inline(always)]
    fn chunks(&self, width: usize) -> &Chunks {
        match width {
            16 => &self.narrow,
            WIDEST => &self.wide,
            _ => unreachable!("vectors of 16 or 32 bytes"),
        }
    }
}

/// A [`Shape`] known at compile time, named by a type so that [`shaped`] is compiled for
/// each shape, its chunks unrolled.
pub trait Shaped {
    const SHAPE: Shape;
}

/// `rec` has the shape `S`: its window, or None when a required N field holds a byte that
/// is not a digit, the opvulling one that is not a blank or the text bytes one that is no
/// text.
#[inline(always)]
pub fn shaped<S: Shaped>(rec: &[u8; RECORD_LEN]) -> Option<Window> {
    #[cfg(target_arch = "x86_64")]
    {
        if lanes::avx2() {
            // SAFETY: the CPU has AVX2, as just asked; `shaped_in` keeps its loads in `rec`.
            unsafe { shaped_avx2::<S>(rec) }
        } else {
            shaped_sse2::<S>(rec)
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        shaped_plain(rec, &S::SHAPE)
    }
}

/// [`shaped`] 32 bytes a step.
///
/// # Safety
///
/// The CPU has AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn shaped_avx2<S: Shaped>(rec: &[u8; RECORD_LEN]) -> Option<Window> {
    shaped_in::<__m256i>(rec, &S::SHAPE)
}

/// [`shaped`] 16 bytes a step.
///
/// Not inlined, like its AVX2 twin: inlined, the compiler reads the record's later bytes
/// out of the vectors it loads here, through the stack, which costs more than the call.
#[cfg(target_arch = "x86_64")]
#[inline(never)]
fn shaped_sse2<S: Shaped>(rec: &[u8; RECORD_LEN]) -> Option<Window> {
    // SAFETY: SSE2 is part of the x86_64 baseline; `shaped_in` keeps its loads in `rec`.
    unsafe { shaped_in::<__m128i>(rec, &S::SHAPE) }
}

/// # Safety
///
/// The CPU has the instructions of `V`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn shaped_in<V: Lanes>(rec: &[u8; RECORD_LEN], s: &Shape) -> Option<Window> {
    // The loads stay in `rec`: `Shape::of` keeps the chunks before the opvulling, `fold`
    // and `classify` assert their ranges; a chunk's mask holds `WIDEST` bytes.
    let chunks = s.chunks(V::WIDTH);
    debug_assert_eq!(chunks.width, V::WIDTH);
    let mut bad = V::splat(0);
    for (at, required) in chunks.iter() {
        let v = V::load(rec.as_ptr().add(*at));
        bad = bad.or(v.digits().andnot(V::load(required.as_ptr())));
    }
    let blank = V::splat(b' ');
    let all = V::splat(0xFF);
    let blanks = lanes::fold(rec, s.filler_start, RECORD_LEN, all, |all, v: V| {
        all.and(v.eq(blank))
    });
    if bad.bits() != 0 || blanks.bits() != all.bits() {
        return None;
    }
    if let Some((from, to)) = s.text {
        if !text_in::<V>(rec, from, to) {
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
    for k in 0..64 / V::WIDTH {
        let (d, b) = classify::<V>(rec, w + V::WIDTH * k);
        digits |= d << (V::WIDTH * k);
        blanks |= b << (V::WIDTH * k);
    }
    Some(Window { digits, blanks })
}

/// The plain twin of [`shaped`]: byte by byte.
pub fn shaped_plain(rec: &[u8; RECORD_LEN], s: &Shape) -> Option<Window> {
    let chunks = s.chunks(16);
    let required_digits = chunks.iter().all(|(at, required)| {
        (0..chunks.width).all(|i| required[i] == 0 || rec[at + i].is_ascii_digit())
    });
    if !required_digits
        || !rec[s.filler_start..].iter().all(|&b| b == b' ')
        || s.text
            .is_some_and(|(from, to)| !super::bytes::is_text(&rec[from..to]))
    {
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

/// Every byte of `rec[from..to]` may stand in an AN field (see [`super::bytes::is_text`]).
///
/// # Safety
///
/// The CPU has the instructions of `V`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn text_in<V: Lanes>(rec: &[u8; RECORD_LEN], from: usize, to: usize) -> bool {
    let bad = lanes::fold(rec, from, to, V::splat(0), |bad, v: V| {
        // As signed bytes, no text: 0..=31 (control), 127 (DEL) and -1 (0xFF).
        let control = v.lt(V::splat(32)).and(V::splat(0xFF).lt(v));
        let del = v.eq(V::splat(127));
        let ff = v.eq(V::splat(0xFF));
        bad.or(control.or(del.or(ff)))
    });
    bad.bits() == 0
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
            let want = classes_plain(&rec);
            assert_eq!(classes(&rec), want);
            #[cfg(target_arch = "x86_64")]
            {
                let rec = rec[..].try_into().expect("a record");
                each_width!(|V| assert_eq!(classes_in::<V>(rec), want));
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn shapes_and_text_tests_agree_with_the_plain_ones() {
        const SHAPES: [Shape; 4] = [
            Shape::of(RecordType::Identificatie, Some((47, 97)), Some(47)),
            Shape::of(RecordType::Student, None, Some(36)),
            Shape::of(RecordType::Inschrijving, None, None),
            Shape::of(RecordType::Inschrijving, Some((120, 178)), Some(146)),
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
                    for (at, required) in s.narrow.iter() {
                        for i in (0..16).filter(|&i| required[i] != 0) {
                            if !shaped_rec[at + i].is_ascii_digit() {
                                shaped_rec[at + i] = b'7';
                            }
                        }
                    }
                    if round % 4 == 0 {
                        shaped_rec[s.filler_start..].fill(b' ');
                    }
                }
                let want = shaped_plain(&shaped_rec, s);
                each_width!(|V| assert_eq!(shaped_in::<V>(&shaped_rec, s), want));
            }
            for (from, to) in [(0, 32), (47, 97), (3, 210), (100, 140), (178, 210)] {
                let want = super::super::bytes::is_text(&rec[from..to]);
                each_width!(|V| assert_eq!(text_in::<V>(&rec, from, to), want));
            }
        }
    }

    #[test]
    fn a_shape_requires_the_digits_the_masks_require() {
        for rt in RecordType::GROUP {
            let s = Shape::of(rt, None, None);
            for chunks in [&s.narrow, &s.wide] {
                let mut required = Bits::default();
                for (at, bytes) in chunks.iter() {
                    for i in (0..chunks.width).filter(|&i| bytes[i] != 0) {
                        required = required.or(Bits::span(at + i, 1));
                    }
                }
                let want = record_masks(rt, false).required_numeric;
                assert_eq!(required, want, "{rt:?} by {}", chunks.width);
            }
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
