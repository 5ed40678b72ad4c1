//! The student model: which students a bericht holds and what their records say.
//!
//! A *unit* is one instelling with one hoofdstructuur: it sends one bericht per
//! gebeurtenis. Unit `u` holds the regular students `j = 0..roster`; student `j`
//! is person `p = j * units + u`, and everything about a person (name, birth,
//! identificatienummer) is a pure function of `p`, everything about an
//! inschrijving a pure function of (unit, student, academiejaar). So the 10620
//! and the 10600 bericht show the same people without any memory.
//!
//! Some people study at two instellingen: every 37th student of unit `u` (the
//! *shared* ones, `j % 37 == 5`) is also a *guest* at unit `u + 1`. A guest's
//! inschrijvingen all have aard inschrijving 2 and the shared student's first one
//! has aard 1, so the run-wide first-inschrijving check (4930001) stays quiet.
//!
//! Identificatienummers are unique by construction: the serial `SSS` is
//! `p % 998 + 1` and the birth date an injective function of `p / 998` for each
//! serial.

use crate::calendar::days;
use crate::record::{Intended, Lines};
use crate::reference::{Reference, Soort, BELGIE};
use crate::rng::Rng;
use std::collections::HashMap;

/// The three gebeurtenissen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gebeurtenis {
    Voorlopig,
    Februari,
    September,
}

impl Gebeurtenis {
    pub const ALL: [Gebeurtenis; 3] = [
        Gebeurtenis::Voorlopig,
        Gebeurtenis::Februari,
        Gebeurtenis::September,
    ];

    pub fn code(self) -> &'static [u8; 5] {
        match self {
            Gebeurtenis::Voorlopig => b"10620",
            Gebeurtenis::Februari => b"10600",
            Gebeurtenis::September => b"10400",
        }
    }
}

/// An AG as the records need it.
#[derive(Clone, Copy, Debug)]
pub struct AgInfo {
    pub code: [u8; 6],
    pub soort: Soort,
    pub bama: bool,
    pub hs: u16,
}

/// One instelling with one hoofdstructuur.
#[derive(Clone, Debug)]
pub struct Unit {
    pub nummer: [u8; 6],
    pub hs: u16,
    /// The AGs of this hoofdstructuur the instelling organises.
    pub ags: Vec<AgInfo>,
    ag_weights: Vec<u32>,
    pub vestigingen: Vec<[u8; 3]>,
    /// Students in each definitive bericht.
    pub roster: u64,
    /// Students in the 10620 bericht (the first ones of the roster).
    pub roster_10620: u64,
}

/// The bericht a student group is written for.
#[derive(Clone, Copy, Debug)]
pub struct BerichtSpec {
    pub unit: usize,
    pub gebeurtenis: Gebeurtenis,
    /// The academiejaar of the bericht (0002-07).
    pub aj: i32,
    /// The tellingsdatum (0002-08) as a day number.
    pub telling: i32,
    pub test: bool,
}

impl BerichtSpec {
    pub fn in_10620(&self) -> bool {
        self.gebeurtenis == Gebeurtenis::Voorlopig
    }
}

/// A student of a bericht: a regular student of the unit or a guest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Regular(u64),
    Guest(u64),
}

/// What the mutations need to know about a written group.
#[derive(Clone, Copy, Debug, Default)]
pub struct GroupFacts {
    /// The student is a guest whose home unit belongs to another instelling.
    pub guest_from_elsewhere: bool,
    /// The student is a shared one: its records carry the run-wide 4930001 balance.
    pub shared: bool,
    pub guest: bool,
}

/// Lookups on the reference set, for the records and for the mutations.
#[derive(Debug)]
pub struct Lookups {
    pub ags: HashMap<[u8; 6], AgInfo>,
    /// AGs organised per instelling.
    pub aanbod: HashMap<[u8; 6], Vec<[u8; 6]>>,
    /// (instelling, AG) rows, for 0135-16 / 0135-17.
    pub aanbod_rows: Vec<([u8; 6], [u8; 6])>,
    /// Afstudeerrichtingen per secondary school.
    pub school_offer: HashMap<[u8; 6], Vec<[u8; 6]>>,
    /// (school, afstudeerrichting) rows.
    pub afstudeer_rows: Vec<([u8; 6], [u8; 6])>,
    pub instellingen: Vec<[u8; 6]>,
    pub foreign_landen: Vec<[u8; 5]>,
}

/// Everything needed to write student groups.
#[derive(Debug)]
pub struct Model {
    pub seed: u64,
    pub units: Vec<Unit>,
    pub lookups: Lookups,
    young_start: i32,
    old_start: i32,
}

const YOUNG_DAYS: u64 = 3652;
const OLD_DAYS: u64 = 10957;
const SHARE_EVERY: u64 = 37;
const SHARED_AT: u64 = 5;
const GUEST_AFTER: u64 = 20;

fn code6(s: &str) -> [u8; 6] {
    s.as_bytes().try_into().expect("six-digit reference code")
}

const NAMEN: &[&[u8]] = &[
    b"Peeters",
    b"Janssens",
    b"Maes",
    b"Jacobs",
    b"Mertens",
    b"Willems",
    b"Claes",
    b"Goossens",
    b"Wouters",
    b"De Smet",
    b"Dubois",
    b"Lambert",
    b"Van den Abeele",
    b"Van Hoorebeke",
    b"D'Haese",
    b"Verstraeten",
    b"Schepens",
    b"Nguyen",
    b"El Amrani",
    b"Kowalczyk",
    b"Yilmaz",
    b"Borremans",
    b"Van Ransbeeck",
    b"Peeters-Haelterman",
    b"Lef\x8Avre",
    b"M\x81ller",
    b"Vandenbroucke-De Wilde",
    b"Taelman",
    b"Cnudde",
    b"Delvaux",
];

const VOORNAMEN: &[&[u8]] = &[
    b"Noah",
    b"Lucas",
    b"Liam",
    b"Arthur",
    b"Louis",
    b"Senne",
    b"Wout",
    b"Jelle",
    b"Mathis",
    b"Joren",
    b"Tibo",
    b"Arne",
    b"Emma",
    b"Olivia",
    b"Marie",
    b"Louise",
    b"Noor",
    b"Febe",
    b"Fleur",
    b"Eline",
    b"Amber",
    b"Lotte",
    b"Chlo\x89",
    b"Ana\x8Bs",
    b"Ren\x82",
    b"Fran\x87ois",
    b"Yasmina",
    b"Mohamed",
    b"Anna-Sophie",
    b"Jan Pieter",
];

impl Model {
    /// The model for a run: `students` students spread over the first `institutions`
    /// instellingen of `reference`.
    pub fn new(
        reference: &Reference,
        institutions: usize,
        students: u64,
        seed: u64,
        aj: i32,
    ) -> Model {
        let ags: HashMap<[u8; 6], AgInfo> = reference
            .ags
            .iter()
            .map(|a| {
                let info = AgInfo {
                    code: code6(&a.code),
                    soort: a.soort,
                    bama: a.bama,
                    hs: a.hoofdstructuur,
                };
                (info.code, info)
            })
            .collect();
        let mut units = Vec::new();
        for inst in reference.instellingen.iter().take(institutions) {
            for &hs in &inst.hoofdstructuren {
                let offered: Vec<AgInfo> = inst
                    .aanbod
                    .iter()
                    .map(|&a| ags[&code6(&reference.ags[a].code)])
                    .filter(|a| a.hs == hs)
                    .collect();
                let ag_weights = offered.iter().map(|a| soort_weight(a.soort)).collect();
                units.push(Unit {
                    nummer: code6(&inst.nummer),
                    hs,
                    ags: offered,
                    ag_weights,
                    vestigingen: inst
                        .vestigingen
                        .iter()
                        .map(|v| v.as_bytes().try_into().expect("three-digit vestiging"))
                        .collect(),
                    roster: 0,
                    roster_10620: 0,
                });
            }
        }
        // A definitive bericht holds the roster, the 10620 a fifth of it: 2.2 groups
        // per roster student, so the file holds about `students` groups.
        let weights: Vec<u64> = (0..units.len() as u64)
            .map(|u| Rng::new(seed, &[0x5E1, u]).range(2, 8))
            .collect();
        let total_weight: u64 = weights.iter().sum::<u64>().max(1);
        let roster_total = (students as f64 / 2.2).round() as u64;
        for (unit, w) in units.iter_mut().zip(&weights) {
            unit.roster = (roster_total * w / total_weight).max(1);
            unit.roster_10620 = (unit.roster / 5).max(1);
        }
        let mut aanbod: HashMap<[u8; 6], Vec<[u8; 6]>> = HashMap::new();
        let mut aanbod_rows = Vec::new();
        for inst in &reference.instellingen {
            for &a in &inst.aanbod {
                let (i, g) = (code6(&inst.nummer), code6(&reference.ags[a].code));
                aanbod.entry(i).or_default().push(g);
                aanbod_rows.push((i, g));
            }
        }
        let mut school_offer: HashMap<[u8; 6], Vec<[u8; 6]>> = HashMap::new();
        let afstudeer_rows: Vec<([u8; 6], [u8; 6])> = reference
            .afstudeerrichtingen
            .iter()
            .map(|(s, a)| (code6(s), code6(a)))
            .collect();
        for &(s, a) in &afstudeer_rows {
            school_offer.entry(s).or_default().push(a);
        }
        let lookups = Lookups {
            ags,
            aanbod,
            aanbod_rows,
            school_offer,
            afstudeer_rows,
            instellingen: reference
                .instellingen
                .iter()
                .map(|i| code6(&i.nummer))
                .collect(),
            foreign_landen: reference
                .landen
                .iter()
                .filter(|(c, _)| c != BELGIE)
                .map(|(c, _)| c.as_bytes().try_into().expect("five-digit landcode"))
                .collect(),
        };
        Model {
            seed,
            units,
            lookups,
            young_start: days(aj - 27, 1, 1),
            old_start: days(aj - 58, 1, 1),
        }
    }

    /// The number of student groups of a bericht before guests.
    fn size(&self, unit: usize, b: &BerichtSpec) -> u64 {
        let u = &self.units[unit];
        match (b.test, b.gebeurtenis) {
            (true, _) => u.roster_10620.min(20),
            (false, Gebeurtenis::Voorlopig) => u.roster_10620,
            (false, _) => u.roster,
        }
    }

    /// The student groups of a bericht, in order: the regular students with, after
    /// every 37th, a guest from the unit before (none in a testzending).
    pub fn slots(&self, b: &BerichtSpec) -> impl Iterator<Item = Slot> + '_ {
        let b = *b;
        let n = self.size(b.unit, &b);
        let home = (b.unit > 0 && !b.test).then(|| self.size(b.unit - 1, &b));
        (0..n).flat_map(move |j| {
            let guest = j / SHARE_EVERY;
            let with_guest = j % SHARE_EVERY == GUEST_AFTER
                && home.is_some_and(|h| guest * SHARE_EVERY + SHARED_AT < h);
            std::iter::once(Slot::Regular(j)).chain(with_guest.then_some(Slot::Guest(guest)))
        })
    }

    /// Whether a group of a 10620 bericht withdraws its student (no 0136).
    fn withdrawn(&self, unit: usize, j: u64) -> bool {
        Rng::new(self.seed, &[0x3D, unit as u64, j]).chance(0.1)
    }

    /// Writes the records of one student group into `lines` (cleared first).
    pub fn write_group(&self, b: &BerichtSpec, slot: Slot, lines: &mut Lines) -> GroupFacts {
        lines.clear();
        let units = self.units.len() as u64;
        let (home_unit, j, mut rng) = match slot {
            Slot::Regular(j) => (
                b.unit,
                j,
                Rng::new(self.seed, &[0xE1, b.unit as u64, j, b.aj as u64]),
            ),
            Slot::Guest(g) => (
                b.unit - 1,
                g * SHARE_EVERY + SHARED_AT,
                Rng::new(self.seed, &[0x6E, b.unit as u64, g, b.aj as u64]),
            ),
        };
        let guest = matches!(slot, Slot::Guest(_));
        let shared = !guest && j % SHARE_EVERY == SHARED_AT;
        let facts = GroupFacts {
            guest_from_elsewhere: guest
                && self.units[home_unit].nummer != self.units[b.unit].nummer,
            shared,
            guest,
        };
        let p = j * units + home_unit as u64;
        let unit = &self.units[b.unit];
        let mut stam = [b'0'; 15];
        stam[2] = if guest { b'1' } else { b'0' };
        stam[3] = if unit.hs == 511 { b'5' } else { b'4' };
        stam[4..8].copy_from_slice(&unit.nummer[2..6]);
        let local = match slot {
            Slot::Regular(j) | Slot::Guest(j) => j + 1,
        };
        for (i, b) in stam[8..].iter_mut().rev().enumerate() {
            *b = b'0' + (local / 10u64.pow(i as u32) % 10) as u8;
        }

        let birth = self.write_0134(b, p, shared || guest, &stam, lines);
        self.write_0135(b, birth, &stam, &mut rng, lines);
        let withdrawn = b.in_10620() && self.withdrawn(home_unit, j);
        if !withdrawn {
            self.write_0136s(b, &stam, facts, &mut rng, lines);
        }
        if b.in_10620() {
            // A voorlopige zending may leave these fields absent (column pres. 10620).
            for l in lines.as_mut_slice() {
                if rng.chance(0.05) {
                    let optional: &[&str] = match l.rectype() {
                        b"0134" => &["0134-12", "0134-14"],
                        b"0135" => &["0135-09", "0135-14", "0135-15"],
                        _ => &[
                            "0136-11", "0136-12", "0136-14", "0136-19", "0136-20", "0136-26",
                            "0136-27",
                        ],
                    };
                    l.blank_id(optional[rng.below(optional.len() as u64) as usize]);
                }
            }
        }
        facts
    }

    /// Writes the 0134 of person `p` and returns the birth year.
    fn write_0134(
        &self,
        b: &BerichtSpec,
        p: u64,
        needs_id: bool,
        stam: &[u8; 15],
        lines: &mut Lines,
    ) -> i32 {
        let unit = &self.units[b.unit];
        let mut rng = Rng::new(self.seed, &[0x9E, p]);
        let (k, r) = (p / 998, p % 998);
        let serial = r + 1;
        let date = if r < 898 && k < YOUNG_DAYS {
            self.young_start + ((k * 2749 + r * 1031) % YOUNG_DAYS) as i32
        } else {
            let idx = if r < 898 { k - YOUNG_DAYS } else { k };
            assert!(
                idx < OLD_DAYS,
                "too many students for unique identificatienummers"
            );
            self.old_start + ((idx * 7919 + r * 3121) % OLD_DAYS) as i32
        };
        let sex = if serial % 2 == 1 { b'M' } else { b'V' };
        // 0..=85 Belgian domicile (84, 85 with a bis-nummer), 86..=99 abroad.
        let kind = if needs_id { 0 } else { rng.below(100) };
        let (month_offset, has_id, abroad) = match kind {
            0..=83 => (0, true, false),
            84 => (40, true, false),
            85 => (20, true, false),
            86..=91 => (0, false, true),
            92..=95 => (20, true, true),
            _ => (40, true, true),
        };
        // A birth date one day off the number's date is accepted (6.1, step 3).
        let birth = if month_offset == 0 && rng.chance(0.02) {
            date + if rng.chance(0.5) { 1 } else { -1 }
        } else {
            date
        };
        let l = lines.push(b"0134", Intended::Other);
        l.text(13, 6, &unit.nummer);
        l.num(19, 3, u64::from(unit.hs));
        l.text(22, 15, stam);
        if has_id {
            let (y, m, d) = crate::calendar::civil(date);
            let body = (y as u64 % 100) * 10_000_000
                + (u64::from(m) + month_offset) * 100_000
                + u64::from(d) * 1000
                + serial;
            let n = if birth >= days(2000, 1, 1) {
                body + 2_000_000_000
            } else {
                body
            };
            l.num(37, 9, body);
            l.num(46, 2, 97 - n % 97);
        }
        l.text(48, 30, rng.pick::<&[u8]>(NAMEN));
        l.text(78, 20, rng.pick::<&[u8]>(VOORNAMEN));
        l.date(98, birth, sep(&mut rng));
        l.buf[107] = sex;
        let foreign = *rng.pick(&self.lookups.foreign_landen);
        if abroad {
            l.text(109, 5, if rng.chance(0.85) { &foreign } else { b"00150" });
            l.num(114, 4, 9999);
            l.text(118, 5, &foreign);
        } else {
            l.text(109, 5, if rng.chance(0.9) { b"00150" } else { &foreign });
            l.num(114, 4, rng.range(1000, 9992));
            l.text(118, 5, b"00150");
        }
        crate::calendar::civil(birth).0
    }

    fn write_0135(
        &self,
        b: &BerichtSpec,
        birth_year: i32,
        stam: &[u8; 15],
        rng: &mut Rng,
        lines: &mut Lines,
    ) {
        let unit = &self.units[b.unit];
        let aj = b.aj;
        let lk = &self.lookups;
        let l = lines.push(b"0135", Intended::Student);
        l.text(13, 6, &unit.nummer);
        l.num(19, 3, u64::from(unit.hs));
        l.text(22, 15, stam);
        l.text(
            37,
            2,
            rng.pick::<&[u8]>(&[&b"01"[..], b"02", b"03", b"04", b"05", b"06", b"99"]),
        );
        let diploma = (birth_year + 18 + rng.below(2) as i32).min(aj) as u64;
        match rng.below(100) {
            0..=69 => {
                let (school, ag) = *rng.pick(&lk.afstudeer_rows);
                l.text(39, 6, &ag);
                l.num(45, 4, diploma);
                l.text(49, 6, &school);
            }
            70..=81 => {
                l.text(39, 6, b"777777");
                l.num(45, 4, if rng.chance(0.2) { 9999 } else { diploma });
                l.text(49, 6, b"777777");
                let land = *rng.pick(&lk.foreign_landen);
                l.text(91, 5, if rng.chance(0.9) { &land } else { b"99999" });
            }
            _ => {
                let special = *rng.pick(&[b"444444", b"555555", b"666666", b"888888", b"999999"]);
                l.text(39, 6, special);
                l.num(45, 4, diploma);
                l.text(49, 6, special);
            }
        }
        if rng.chance(0.25) {
            let (_, ag) = *rng.pick(&lk.aanbod_rows);
            let kind = rng.below(100);
            let code: &[u8] = match kind {
                0..=69 => &ag,
                70..=74 => b"777777",
                75..=79 => b"777771",
                80..=84 => b"777772",
                85..=92 => b"888888",
                _ => b"999999",
            };
            l.text(55, 6, code);
            l.num(
                61,
                4,
                (birth_year + 21 + rng.below(4) as i32).min(aj) as u64,
            );
            let inst = *rng.pick(&lk.instellingen);
            l.text(65, 6, if rng.chance(0.8) { &inst } else { b"888888" });
            if (70..=84).contains(&kind) {
                let land = *rng.pick(&lk.foreign_landen);
                l.text(96, 5, if rng.chance(0.9) { &land } else { b"99999" });
            }
        }
        let first = (aj - rng.below(3) as i32) as u64;
        let other = if rng.chance(0.8) {
            9999
        } else {
            (aj - 1 - rng.below(4) as i32) as u64
        };
        let (hogeschool, universiteit) = if unit.hs == 411 {
            (first, other)
        } else {
            (other, first)
        };
        l.num(71, 4, hogeschool);
        l.num(75, 4, universiteit);
        match rng.below(100) {
            0..=39 => {
                let (inst, ag) = *rng.pick(&lk.aanbod_rows);
                l.text(79, 6, &ag);
                l.text(85, 6, &inst);
            }
            40..=54 => {
                let special = *rng.pick(&[b"777777", b"888888", b"999999"]);
                l.text(79, 6, special);
                l.text(85, 6, special);
            }
            _ => {}
        }
    }

    fn write_0136s(
        &self,
        b: &BerichtSpec,
        stam: &[u8; 15],
        facts: GroupFacts,
        rng: &mut Rng,
        lines: &mut Lines,
    ) {
        let unit = &self.units[b.unit];
        let aj = b.aj;
        let count = match rng.below(100) {
            0..=69 => 1,
            70..=91 => 2,
            _ => 3,
        };
        let mut chosen: [Option<usize>; 3] = [None; 3];
        for k in 0..count {
            for _ in 0..8 {
                let a = rng.weighted(&unit.ag_weights);
                if !chosen.contains(&Some(a)) {
                    chosen[k] = Some(a);
                    break;
                }
            }
        }
        let sept = days(aj, 9, 16);
        // One student in twenty re-enrols in the same AG after an uitschrijving
        // (at most three 0136 records all the same).
        let reenrol = rng.chance(0.05) && count < 3;
        let mut first = true;
        for a in chosen.iter().flatten() {
            let ag = unit.ags[*a];
            let runs = if first && reenrol { 2 } else { 1 };
            let mut start = match rng.below(100) {
                0..=64 => sept,
                65..=89 => days(aj, 8, 15) + rng.below(78) as i32,
                _ => days(aj + 1, 2, 1) - rng.below(10) as i32,
            };
            for run in 0..runs {
                let stop = if runs == 2 && run == 0 {
                    start = sept;
                    Some(start + 20 + rng.below(20) as i32)
                } else if rng.chance(0.08) {
                    Some(start + 10 + rng.below(190) as i32)
                } else {
                    None
                };
                let aard = if facts.guest {
                    b'2'
                } else if (first && (facts.shared || rng.chance(0.8))) || rng.chance(0.5) {
                    b'1'
                } else {
                    b'2'
                };
                self.write_0136(b, stam, ag, start, stop, aard, rng, lines);
                first = false;
                if let Some(stop) = stop {
                    start = stop + 1 + rng.below(5) as i32;
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn write_0136(
        &self,
        b: &BerichtSpec,
        stam: &[u8; 15],
        ag: AgInfo,
        start: i32,
        stop: Option<i32>,
        aard: u8,
        rng: &mut Rng,
        lines: &mut Lines,
    ) {
        let unit = &self.units[b.unit];
        let l = lines.push(b"0136", Intended::Inschrijving);
        l.text(13, 6, &unit.nummer);
        l.num(19, 3, u64::from(unit.hs));
        l.text(22, 15, stam);
        l.text(37, 6, &ag.code);
        l.num(43, 4, b.aj as u64);
        l.text(47, 3, &rng.pick(&unit.vestigingen)[..]);
        l.text(
            50,
            2,
            rng.pick::<&[u8]>(&[&b"01"[..], b"01", b"02", b"03", b"99"]),
        );
        let toelating: &[&[u8]] = if unit.hs == 411 {
            &[
                b"11", b"12", b"13", b"16", b"19", b"01", b"04", b"06", b"99",
            ]
        } else {
            &[
                b"11", b"14", b"15", b"17", b"18", b"51", b"55", b"60", b"99",
            ]
        };
        l.text(52, 2, rng.pick::<&[u8]>(toelating));
        let bijkomend: &[&[u8]] = if unit.hs == 411 {
            &[b"01", b"02", b"99", b"99"]
        } else {
            &[b"51", b"52", b"54", b"99", b"99"]
        };
        l.text(54, 2, rng.pick::<&[u8]>(bijkomend));
        l.buf[55] = aard;
        l.buf[56] = *rng.pick(b"123");
        l.text(
            58,
            2,
            rng.pick::<&[u8]>(&[&b"01"[..], b"01", b"01", b"02", b"03", b"99"]),
        );
        l.date(60, start, sep(rng));
        match stop {
            Some(d) => l.date(70, d, sep(rng)),
            None => l.text(
                70,
                10,
                if rng.chance(0.5) {
                    b"00.00.0000"
                } else {
                    b"00/00/0000"
                },
            ),
        }
        let total = match ag.soort {
            Soort::Creditcontract => rng.range(3, 30),
            Soort::Doctoraat => 0,
            _ if rng.chance(0.5) => 60,
            _ => rng.range(3, 72),
        };
        let doctoraat_blank = ag.soort == Soort::Doctoraat && rng.chance(0.7);
        let total = if ag.soort == Soort::Doctoraat && !doctoraat_blank {
            60
        } else {
            total
        };
        let repeat = if rng.chance(0.7) {
            0
        } else {
            rng.below(total + 1)
        };
        if !doctoraat_blank {
            l.num(80, 3, total);
        }
        l.text(
            83,
            2,
            rng.pick::<&[u8]>(&[&b"01"[..], b"02", b"03", b"04", b"05", b"99"]),
        );
        l.text(
            85,
            2,
            rng.pick::<&[u8]>(&[&b"01"[..], b"02", b"03", b"04", b"99"]),
        );
        l.text(
            87,
            2,
            rng.pick::<&[u8]>(&[
                &b"10"[..],
                b"21",
                b"22",
                b"23",
                b"31",
                b"32",
                b"33",
                b"40",
                b"99",
            ]),
        );
        let taal = match rng.below(100) {
            0..=79 => b'1',
            80..=89 => b'5',
            90..=93 => *rng.pick(b"234"),
            _ if !ag.bama => b'9',
            _ => b'1',
        };
        l.buf[88] = taal;
        let contract: &[u8] = match (ag.soort, rng.below(100)) {
            (Soort::Creditcontract, _) => b"02",
            (_, 0..=89) => b"01",
            (_, 90..=96) => b"03",
            _ => b"99",
        };
        l.text(90, 2, contract);
        let (evc, vrij) = if rng.chance(0.85) {
            (0, 0)
        } else {
            (rng.below(13), 6 * rng.below(3))
        };
        l.num(92, 3, evc);
        l.num(95, 3, vrij);
        l.num(98, 3, total - repeat);
        l.num(101, 3, repeat);
        let earned = rng.below(total + 1);
        l.num(104, 3, earned);
        l.num(107, 3, earned + rng.below(7));
        let kan = rng.chance(0.5);
        l.buf[109] = if kan { b'J' } else { b'N' };
        l.buf[110] = if kan && rng.chance(0.5) { b'J' } else { b'N' };
    }
}

fn sep(rng: &mut Rng) -> u8 {
    if rng.chance(0.75) {
        b'.'
    } else {
        b'/'
    }
}

fn soort_weight(s: Soort) -> u32 {
    match s {
        Soort::Bachelor => 55,
        Soort::Master => 25,
        Soort::Schakel => 5,
        Soort::Voorbereiding => 3,
        Soort::Doctoraat => 4,
        Soort::Creditcontract => 10,
        Soort::Afbouw => 2,
    }
}
