//! Cross-record checks within one bericht (spec section 7): stamboeknummer and
//! identificatienummer uniqueness over the bericht, duplicate inschrijvingen within a student
//! group.
//!
//! Uniqueness is decided when the bericht ends (or one of its parts, against what the parts
//! before it held), not by probing a map per record: a large bericht's map outgrows the
//! caches, and while the record's other checks run its slot cannot be fetched in time. Its
//! keys are collected as the records come ([`Uniqueness`]) and looked up in one run at the
//! end ([`Seen`]), each while the slots of the next ones are on their way.

use super::bytes::{self, Date, DateValue};
use super::field::{FieldFinding, Fields};
use super::table::Table;
use crate::code::Code;
use crate::findings::LineRef;
use crate::layout::{FieldId, RecordType};

/// A stamboeknummer as written, its 15 bytes and a zero byte as two little-endian words:
/// read, copied, compared and hashed a word at a time (also as a key of a [`Table`]).
///
/// Not kept as `[u8; 15]`: the copy of one is two overlapping 8-byte moves, and a copy read
/// back at once (as the group path does with every student's) waits for both stores to
/// retire, since a load is forwarded from one store only.
pub type Stamboeknummer = [u64; 2];

/// The stamboeknummer `written` (15 bytes): bytes 0-7, and bytes 8-14 read from byte 7 on
/// with that one shifted out.
#[inline(always)]
pub fn stamboeknummer(written: &[u8]) -> Stamboeknummer {
    let s: &[u8; 15] = written.try_into().expect("a stamboeknummer is 15 bytes");
    let word = |at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8 bytes"));
    [word(0), word(7) >> 8]
}

/// The keys of the uniqueness checks of a bericht (or a part of one), in file order, each
/// with its line and the index of its student group ([`NO_GROUP`](super::NO_GROUP) before
/// the first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uniqueness {
    /// Every present 0135-06 (right versienummer).
    pub stamboeknummers: Vec<(Stamboeknummer, LineRef, u32)>,
    /// Every usable 0134-07 with its 0134-06 as written.
    pub identificatienummers: Vec<(u64, Stamboeknummer, LineRef, u32)>,
}

impl Uniqueness {
    pub fn clear(&mut self) {
        self.stamboeknummers.clear();
        self.identificatienummers.clear();
    }
}

/// What a bericht held so far, its parts before the one being decided included: every
/// stamboeknummer, and per identificatienummer its first stamboeknummer and whether another
/// one came since. Kept by a thread (or the join) and cleared per bericht.
#[derive(Default)]
pub struct Seen {
    stamboeknummers: Table<Stamboeknummer, ()>,
    identificatienummers: Table<u64, (Stamboeknummer, bool)>,
}

/// A uniqueness finding: where, which, and the index of its student group.
pub type UniquenessFinding = (LineRef, Code, FieldId, u32);

impl Seen {
    pub fn clear(&mut self) {
        self.stamboeknummers.clear();
        self.identificatienummers.clear();
    }

    /// The findings of `u`, a bericht or its next part, in file order per code: `4410114`
    /// on a 0135 whose stamboeknummer an earlier 0135 of the bericht holds, `4910020` on a
    /// 0134 whose identificatienummer an earlier 0134 holds with another stamboeknummer (or
    /// after one that did). Takes in `u`'s keys.
    pub fn findings(&mut self, u: &Uniqueness) -> Vec<UniquenessFinding> {
        let mut found = Vec::new();
        let stamboeknummer = FieldId::new(RecordType::Student, 6);
        let stamboeknummers = &u.stamboeknummers;
        self.stamboeknummers.run(
            stamboeknummers,
            |e| e.0,
            |_| (),
            |&(_, at, group), _, new| {
                if !new {
                    found.push((at, Code::NietUniek, stamboeknummer, group));
                }
            },
        );
        let identificatienummer = FieldId::new(RecordType::Identificatie, 7);
        let identificatienummers = &u.identificatienummers;
        self.identificatienummers.run(
            identificatienummers,
            |e| e.0,
            |e| (e.1, false),
            |&(_, s, at, group), (first, other_seen), new| {
                if new {
                    return;
                }
                let other = *first != s;
                if other || *other_seen {
                    found.push((at, Code::IdNietUniek, identificatienummer, group));
                }
                *other_seen |= other;
            },
        );
        found
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
            stamboeknummer: stamboeknummer(f.usable(6)?),
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

impl Repeats {
    /// The findings on the later 0136: `4910001` on the whole line, `4420271` on 0136-07.
    pub fn findings(self) -> impl Iterator<Item = FieldFinding> {
        [
            (self.same_key, None, Code::DubbeleInschrijving),
            (
                self.same_ag,
                Some(FieldId::new(RecordType::Inschrijving, 7)),
                Code::DubbeleInschrijvingAg,
            ),
        ]
        .into_iter()
        .filter_map(|(found, field, code)| found.then_some((field, code)))
    }
}

/// Compares `new` with the group's earlier inschrijvingen.
///
/// Not inlined: the group path calls it for a student group's second and later 0136 only,
/// and inlined there the compiler takes `new` apart, byte by byte, for every 0136.
#[inline(never)]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules of section 7 read record by record over the whole bericht, as plainly as
    /// they are written: the lines that get `4410114` and `4910020`.
    fn plain(stamboeknummers: &[Stamboeknummer], ids: &[(u64, Stamboeknummer)]) -> [Vec<u64>; 2] {
        let repeated = (0..stamboeknummers.len())
            .filter(|&i| stamboeknummers[..i].contains(&stamboeknummers[i]))
            .map(|i| i as u64)
            .collect();
        let elsewhere = (0..ids.len())
            .filter(|&i| {
                let (id, s) = ids[i];
                let earlier: Vec<_> = ids[..i].iter().filter(|e| e.0 == id).collect();
                // Another stamboeknummer among the earlier ones with this number, or this
                // one differs from the first.
                earlier.first().is_some_and(|f| f.1 != s)
                    || earlier.iter().any(|e| e.1 != earlier[0].1)
            })
            .map(|i| i as u64)
            .collect();
        [repeated, elsewhere]
    }

    #[test]
    fn a_stamboeknummer_keeps_every_one_of_its_bytes() {
        let written = *b"012345678901234";
        for at in 0..15 {
            for step in [1, 0x80, 0xFF] {
                let mut other = written;
                other[at] = other[at].wrapping_add(step);
                assert_ne!(
                    stamboeknummer(&other),
                    stamboeknummer(&written),
                    "byte {at}"
                );
            }
        }
    }

    #[test]
    fn a_bericht_in_parts_gets_the_findings_of_the_plain_rules() {
        let mut rng = dto_gen::Rng::new(99, &[]);
        let mut next = |n: u64| rng.below(n);
        let mut seen = Seen::default();
        for round in 0..300 {
            let n = 1 + next(400) as usize;
            let stamboek = |v: u64| stamboeknummer(format!("{v:015}").as_bytes());
            // Few distinct values, so that repeats and changes of stamboeknummer are common.
            let stamboeknummers: Vec<_> = (0..n).map(|_| stamboek(next(n as u64))).collect();
            let ids: Vec<_> = (0..n)
                .map(|_| (next(n as u64 / 2 + 1), stamboek(next(3))))
                .collect();
            let at = |i: usize| LineRef {
                line: i as u64,
                start: 0,
                end: 0,
                zending: 1,
                bericht: 1,
                header: 0,
                group: 0,
            };
            let whole = Uniqueness {
                stamboeknummers: (0..n).map(|i| (stamboeknummers[i], at(i), 0)).collect(),
                identificatienummers: (0..n).map(|i| (ids[i].0, ids[i].1, at(i), 0)).collect(),
            };
            // In parts cut at random places, each decided against the ones before.
            seen.clear();
            let mut found = Vec::new();
            let mut from = 0;
            while from < n {
                let to = if round % 3 == 0 {
                    n
                } else {
                    (from + 1 + next(n as u64) as usize).min(n)
                };
                let part = Uniqueness {
                    stamboeknummers: whole.stamboeknummers[from..to].to_vec(),
                    identificatienummers: whole.identificatienummers[from..to].to_vec(),
                };
                found.extend(seen.findings(&part));
                from = to;
            }
            let lines = |code| -> Vec<u64> {
                found
                    .iter()
                    .filter(|f| f.1 == code)
                    .map(|f| f.0.line)
                    .collect()
            };
            let got = [lines(Code::NietUniek), lines(Code::IdNietUniek)];
            assert_eq!(got, plain(&stamboeknummers, &ids), "round {round}");
        }
    }
}
