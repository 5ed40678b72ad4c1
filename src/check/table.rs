//! The hash table of the checks that look keys up across records: stamboeknummer and
//! identificatienummer uniqueness ([`super::cross`]) and the run-wide `4930001`
//! ([`crate::merge`]). Open addressing with linear probing, a key hashed by one multiply, so
//! that a slot's address is known before it is read. A large bericht's table outgrows the
//! caches, and a lookup would wait on memory; keys are looked up in a run ([`Table::run`]),
//! each while the slots of the next few are on their way.
//!
//! Cleared slot by taken slot, so that a thread reuses its tables from bericht to bericht
//! at a cost in proportion to what they held. The multiplier is drawn per table, so that no
//! file can be made to collide on purpose; what a table holds never depends on it, so
//! neither does any output.

/// How many keys ahead [`Table::run`] fetches the slots it will look up: enough for a slot
/// to come from memory while the keys before it are looked up.
pub const AHEAD: usize = 16;

/// A key of a [`Table`].
pub trait Key: Copy + Eq {
    /// A value no real key takes: it marks a free slot.
    const FREE: Self;
    /// The key in one word, before the multiply.
    fn fold(self) -> u64;
}

/// Identificatienummers (at most 11 digits), and the keys of `4930001`.
impl Key for u64 {
    const FREE: u64 = u64::MAX;
    fn fold(self) -> u64 {
        self
    }
}

/// Stamboeknummers: 15 bytes and a zero byte, in two words.
impl Key for [u64; 2] {
    const FREE: [u64; 2] = [u64::MAX; 2];
    fn fold(self) -> u64 {
        self[0] ^ self[1].rotate_left(29)
    }
}

/// A map from `K` to `V`.
pub struct Table<K, V> {
    /// A power of two of slots, at most half of them taken.
    slots: Vec<(K, V)>,
    /// The taken slots.
    taken: Vec<u32>,
    multiplier: u64,
    /// 64 less the bits of a slot's index.
    shift: u32,
}

impl<K: Key, V: Copy + Default> Default for Table<K, V> {
    fn default() -> Self {
        // Any odd multiplier spreads the keys; RandomState brings a per-process seed.
        use std::hash::{BuildHasher, RandomState};
        Table {
            slots: vec![(K::FREE, V::default()); 16],
            taken: Vec::new(),
            multiplier: RandomState::new().hash_one(0u8) | 1,
            shift: 64 - 4,
        }
    }
}

impl<K: Key, V: Copy + Default> Table<K, V> {
    /// Empties the table and keeps its memory.
    pub fn clear(&mut self) {
        for &i in &self.taken {
            self.slots[i as usize] = (K::FREE, V::default());
        }
        self.taken.clear();
    }

    /// Makes room for `more` keys, so that the slots do not move while they are fetched.
    pub fn reserve(&mut self, more: usize) {
        self.taken.reserve(more);
        let needed = 2 * (self.taken.len() + more);
        if needed > self.slots.len() {
            self.grow(needed.next_power_of_two());
        }
    }

    /// The value of `key`, when it was taken in.
    #[cfg(test)]
    fn get(&self, key: K) -> Option<&V> {
        let probe = Probe::of(self);
        let (i, new) = probe.find(&self.slots, key, probe.home(key));
        (!new).then(|| &self.slots[i].1)
    }

    /// Looks up the key of every one of `items`, in order, inserting `value(item)` when the
    /// key is new, and hands `each` the item, its key's value and whether the key was new;
    /// meanwhile the slots of the keys [`AHEAD`] items on are fetched into the cache.
    #[inline]
    pub fn run<T>(
        &mut self,
        items: &[T],
        key: impl Fn(&T) -> K,
        value: impl Fn(&T) -> V,
        mut each: impl FnMut(&T, &mut V, bool),
    ) {
        self.reserve(items.len());
        // The table's parts apart, so that what the loop reads of them stays in registers
        // while it writes the others.
        let probe = Probe::of(self);
        let slots = &mut self.slots[..];
        // Room for a taken slot per item, made above; `taken` of them written so far.
        let room = self.taken.spare_capacity_mut();
        let mut taken = 0;
        // Where the probes of the items fetched and not yet looked up start.
        let mut homes = [0; AHEAD];
        for (home, item) in homes.iter_mut().zip(items) {
            *home = probe.prefetch(slots, key(item));
        }
        for (i, item) in items.iter().enumerate() {
            let home = homes[i % AHEAD];
            if let Some(ahead) = items.get(i + AHEAD) {
                homes[i % AHEAD] = probe.prefetch(slots, key(ahead));
            }
            let k = key(item);
            let (at, new) = probe.find(slots, k, home);
            if new {
                slots[at] = (k, value(item));
                room[taken].write(at as u32);
                taken += 1;
            }
            each(item, &mut slots[at].1, new);
        }
        // SAFETY: `room` held a place for every item, and the first `taken` were written.
        unsafe { self.taken.set_len(self.taken.len() + taken) };
    }

    /// Moves the keys to a table of `slots` slots (a larger power of two), in one step
    /// however many doublings that is.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, slots: usize) {
        assert!(slots <= 1 << 32, "slots are numbered in 32 bits");
        let old = std::mem::replace(&mut self.slots, vec![(K::FREE, V::default()); slots]);
        self.shift = 64 - slots.trailing_zeros();
        let probe = Probe::of(self);
        for t in &mut self.taken {
            let (key, value) = old[*t as usize];
            let (i, _) = probe.find(&self.slots, key, probe.home(key));
            self.slots[i] = (key, value);
            *t = i as u32;
        }
    }
}

/// How a [`Table`] of a given size finds a key's slot.
#[derive(Clone, Copy)]
struct Probe {
    multiplier: u64,
    shift: u32,
    /// The number of slots less one.
    mask: usize,
}

impl Probe {
    fn of<K, V>(table: &Table<K, V>) -> Probe {
        Probe {
            multiplier: table.multiplier,
            shift: table.shift,
            mask: table.slots.len() - 1,
        }
    }

    /// Where the probe for `key` starts: the high bits of the product, which depend on
    /// every bit of the key.
    #[inline(always)]
    fn home<K: Key>(self, key: K) -> usize {
        (key.fold().wrapping_mul(self.multiplier) >> self.shift) as usize
    }

    /// Starts fetching the one of `slots` where the probe for `key` starts into the cache,
    /// and returns where that is.
    #[inline(always)]
    fn prefetch<K: Key, V>(self, slots: &[(K, V)], key: K) -> usize {
        let home = self.home(key);
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            // A prefetch is a hint that reads nothing: no need to check the address.
            let slot = slots.as_ptr().wrapping_add(home);
            // SAFETY: a prefetch never faults, whatever the address.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(slot.cast()) };
        }
        home
    }

    /// The one of `slots` that holds `key`, whose probe starts at `home`: where it is, or
    /// the free slot where it would go and true.
    #[inline(always)]
    fn find<K: Key, V>(self, slots: &[(K, V)], key: K, home: usize) -> (usize, bool) {
        let mut i = home;
        // A free slot first: most keys are new, and most land in one.
        loop {
            let k = slots[i].0;
            if k == K::FREE {
                return (i, true);
            }
            if k == key {
                return (i, false);
            }
            i = (i + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn behaves_like_a_map_through_growth_and_clearing() {
        let mut table: Table<u64, u32> = Table::default();
        let mut map = HashMap::new();
        let mut rng = dto_gen::Rng::new(1, &[]);
        for round in 0..4 {
            // A large round, then small ones in the grown table; in runs of every length.
            let n = if round == 0 { 50_000 } else { 300 };
            let keys: Vec<(u64, u32)> = (0..n)
                .map(|i| (rng.below(5_000), i)) // many repeats
                .collect();
            for run in keys.chunks(1 + round * 7) {
                table.run(
                    run,
                    |e| e.0,
                    |e| e.1,
                    |&(key, i), v, new| {
                        assert_eq!(new, !map.contains_key(&key));
                        let m = map.entry(key).or_insert(i);
                        assert_eq!(*v, *m);
                        *v += 1;
                        *m += 1;
                    },
                );
            }
            assert_eq!(table.taken.len(), map.len());
            for key in 0..6_000 {
                assert_eq!(table.get(key), map.get(&key));
            }
            table.clear();
            map.clear();
            assert!(table.taken.is_empty());
            assert!(table.slots.iter().all(|s| s.0 == u64::FREE));
        }
    }

    #[test]
    fn keys_that_differ_only_in_their_high_bytes_stay_apart() {
        let mut table: Table<[u64; 2], ()> = Table::default();
        let keys: Vec<[u64; 2]> = (0..10_000).map(|i| [7, i]).collect();
        table.run(&keys, |&k| k, |_| (), |_, _, new| assert!(new));
        table.run(&keys, |&k| k, |_| (), |_, _, new| assert!(!new));
        assert_eq!(table.taken.len(), 10_000);
    }
}
