//! The pseudo-random numbers of the generator: SplitMix64, small and fast.
//!
//! Every entity that must look the same wherever it appears (a person in two
//! instellingen, a student in the 10620 and the 10600 bericht) gets its own
//! stream seeded from [`mix`] of the run seed and the entity's coordinates, so
//! its content does not depend on the order in which the file is written.

/// A SplitMix64 generator.
#[derive(Clone, Debug)]
pub struct Rng(u64);

/// Hashes a seed and a list of coordinates into one well-spread 64-bit value.
pub fn mix(seed: u64, parts: &[u64]) -> u64 {
    let mut h = finalize(seed ^ 0x51_7C_C1_B7_27_22_0A_95);
    for &p in parts {
        h = finalize(h ^ p.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    }
    h
}

fn finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator for the entity at `parts` of the run with `seed`.
    pub fn new(seed: u64, parts: &[u64]) -> Rng {
        Rng(mix(seed, parts))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        finalize(self.0)
    }

    /// A number in `0..n` (`n > 0`), by multiply-shift (the tiny bias does not matter here).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() >> 32) * n) >> 32
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) < p * (1u64 << 53) as f64
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index chosen with the given weights (not all zero).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(u64::from(total)) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_coordinates_same_stream() {
        let mut a = Rng::new(7, &[1, 2]);
        let mut b = Rng::new(7, &[1, 2]);
        let mut c = Rng::new(7, &[2, 1]);
        let xa: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn below_and_range_stay_in_bounds() {
        let mut r = Rng::new(1, &[]);
        for _ in 0..10_000 {
            assert!(r.below(7) < 7);
            let x = r.range(3, 5);
            assert!((3..=5).contains(&x));
        }
        let hits = (0..10_000).filter(|_| r.chance(0.25)).count();
        assert!((2_000..3_000).contains(&hits), "{hits}");
    }
}
