//! Cross-record checks within one bericht (spec section 7): stamboeknummer and
//! identificatienummer uniqueness over the bericht, duplicate inschrijvingen within a student
//! group. The maps are kept by the checker and cleared per bericht, so a thread allocates
//! them once.

use super::bytes::{self, Date, DateValue};
use super::field::Fields;
use ahash::{AHashMap, AHashSet};
use std::collections::hash_map::Entry;

/// A stamboeknummer as written (15 bytes).
pub type Stamboeknummer = [u8; 15];

/// The uniqueness maps of one bericht.
#[derive(Default)]
pub struct BerichtMaps {
    /// Each as one `u128` (hashed in two words, not byte by byte).
    stamboeknummers: AHashSet<u128>,
    /// identificatienummer → (first stamboeknummer, another stamboeknummer seen since).
    identificatienummers: AHashMap<u64, (Stamboeknummer, bool)>,
}

impl BerichtMaps {
    pub fn clear(&mut self) {
        self.stamboeknummers.clear();
        self.identificatienummers.clear();
    }

    /// Records a 0135-06; true when an earlier 0135 of the bericht holds it (`4410114`).
    pub fn repeated_stamboeknummer(&mut self, s: Stamboeknummer) -> bool {
        let mut key = [0; 16];
        key[..15].copy_from_slice(&s);
        !self.stamboeknummers.insert(u128::from_le_bytes(key))
    }

    /// Records a 0134-07 with its 0134-06; true when an earlier 0134 of the bericht holds the
    /// same identificatienummer with another stamboeknummer (`4910020`).
    pub fn identificatienummer_elsewhere(&mut self, id: u64, s: Stamboeknummer) -> bool {
        match self.identificatienummers.entry(id) {
            Entry::Vacant(v) => {
                v.insert((s, false));
                false
            }
            Entry::Occupied(mut o) => {
                let (first, other_seen) = o.get_mut();
                let elsewhere = *first != s || *other_seen;
                if *first != s {
                    *other_seen = true;
                }
                elsewhere
            }
        }
    }
}

/// The key that identifies an inschrijving (section 7): instellingsnummer, hoofdstructuur,
/// stamboeknummer, vestiging, administratieve groep, soort contract, aard inschrijving and
/// datum inschrijving (as a date, whatever its separator).
/// Each number in the width its digits need, so that the key stays small: it is copied
/// and compared per 0136.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InschrijvingKey {
    pub stamboeknummer: Stamboeknummer,
    pub datum: Date,
    pub instelling: u32,
    pub ag: u32,
    pub hoofdstructuur: u16,
    pub vestiging: u16,
    pub contract: u8,
    pub aard: u8,
}

/// A 0136 of the current student group that takes part in the duplicate checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupInschrijving {
    pub key: InschrijvingKey,
    /// 0136-17 holds a real date.
    pub uitgeschreven: bool,
}

impl GroupInschrijving {
    /// A 0136 checked by the plain checks takes part when its key fields and 0136-17 are
    /// usable.
    pub fn of(f: &Fields) -> Option<GroupInschrijving> {
        let key = InschrijvingKey {
            stamboeknummer: f.usable(6)?.try_into().ok()?,
            datum: f.date(16)?,
            instelling: f.num(4)? as u32,
            ag: f.num(7)? as u32,
            hoofdstructuur: f.num(5)? as u16,
            vestiging: f.num(9)? as u16,
            contract: f.num(23)? as u8,
            aard: f.num(13)? as u8,
        };
        let uitgeschreven = bytes::date(f.usable(17)?) != DateValue::Zero;
        Some(GroupInschrijving { key, uitgeschreven })
    }
}

/// What a new 0136 of a group repeats of the group's earlier ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Repeats {
    /// The same key as an earlier 0136: `4910001`.
    pub same_key: bool,
    /// The same AG with another key, neither uitgeschreven: `4420271`.
    pub same_ag: bool,
}

/// Compares `new` with the group's earlier inschrijvingen.
pub fn repeats(earlier: &[GroupInschrijving], new: &GroupInschrijving) -> Repeats {
    let mut r = Repeats::default();
    for e in earlier {
        if e.key == new.key {
            r.same_key = true;
        } else if e.key.ag == new.key.ag && !e.uitgeschreven && !new.uitgeschreven {
            r.same_ag = true;
        }
    }
    r
}
