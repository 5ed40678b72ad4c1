//! Writing a whole file: the plan of zendingen and berichten, the sequence
//! numbers and counters, the choice of mutations, and the feed to the truth
//! tracker. Memory stays constant: one student group is built at a time.

use crate::calendar::days;
use crate::model::{BerichtSpec, Gebeurtenis, Model, Slot};
use crate::mutation::{
    BerichtCtx, Effect, Mutation, Renumber, Scope, Source, Spoiled, ZendingCtx, CATALOGUE,
};
use crate::record::{Intended, Lines};
use crate::reference::Reference;
use crate::rng::Rng;
use crate::truth::Tracker;
use crate::{Config, Summary};
use std::io::{self, BufWriter, Write};

/// Sequence numbers are six digits.
const MAX_SEQ: u64 = 999_999;

struct Writer<'o, 't> {
    out: BufWriter<&'o mut dyn Write>,
    tracker: Option<Tracker<'t>>,
    next_seq: u64,
    crlf: bool,
    summary: Summary,
    /// Intended 0135, 0136 and record counts of the open bericht.
    counts: (u64, u64, u64),
}

impl Writer<'_, '_> {
    /// Numbers `lines`, applies a renumbering mutation, and writes them.
    fn write(&mut self, lines: &mut Lines, renumber: Renumber) -> io::Result<()> {
        let skip = match renumber {
            Renumber::Skip(i) => Some(i),
            _ => None,
        };
        for (k, l) in lines.as_mut_slice().iter_mut().enumerate() {
            if skip == Some(k) {
                self.next_seq += 1;
            }
            if self.next_seq > MAX_SEQ {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "a zending would exceed 999999 records: use more instellingen or fewer students",
                ));
            }
            if l.buf.len() >= 12 {
                l.num(7, 6, self.next_seq);
            }
            self.next_seq += 1;
        }
        match renumber {
            Renumber::Syntax(i) => lines.as_mut_slice()[i].buf[8] = b'A',
            Renumber::Swap(i) => lines.swap(i, i + 1),
            Renumber::Skip(_) | Renumber::None => {}
        }
        for l in lines.as_slice() {
            self.out.write_all(&l.buf)?;
            self.out
                .write_all(if self.crlf { b"\r\n" } else { b"\n" })?;
            self.summary.bytes += l.buf.len() as u64 + 1 + u64::from(self.crlf);
            self.summary.records += 1;
            match l.intended {
                Intended::Student => self.counts.0 += 1,
                Intended::Inschrijving => self.counts.1 += 1,
                Intended::Other => {}
            }
            self.counts.2 += 1;
            if let Some(t) = self.tracker.as_mut() {
                t.line(&l.buf, &l.declared)?;
            }
        }
        Ok(())
    }
}

/// Chooses and applies a mutation of `scope` with probability `p`.
fn mutate(
    rng: &mut Rng,
    p: f64,
    scope: Scope,
    mut attempt: impl FnMut(&Mutation, &mut Rng) -> Effect,
) -> Effect {
    if p <= 0.0 || !rng.chance(p) {
        return Effect::NotApplied;
    }
    let in_scope: Vec<&Mutation> = CATALOGUE.iter().filter(|m| m.scope == scope).collect();
    for _ in 0..4 {
        let m = *rng.pick(&in_scope);
        let effect = attempt(m, rng);
        if effect != Effect::NotApplied {
            return effect;
        }
    }
    Effect::NotApplied
}

/// The referentienummer of a zending: `DTO-041801-10600N3KQ`, its instelling, gebeurtenis,
/// test or not, and three characters of the file's `levering`. Files generated with
/// other settings are other deliveries: loaded into one database, neither is taken for the
/// other, which was loaded before.
fn referentie(instelling: &[u8; 6], g: Gebeurtenis, test: bool, levering: &[u8; 3]) -> [u8; 20] {
    let mut r = [b' '; 20];
    r[0..4].copy_from_slice(b"DTO-");
    r[4..10].copy_from_slice(instelling);
    r[10] = b'-';
    r[11..16].copy_from_slice(g.code());
    r[16] = if test { b'T' } else { b'N' };
    r[17..20].copy_from_slice(levering);
    r
}

/// Characters that tell the files of other settings apart: a hash of every setting, in
/// digits and capitals.
fn levering(cfg: &Config) -> [u8; 3] {
    const DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut h = crate::rng::mix(
        cfg.seed,
        &[
            cfg.students,
            cfg.institutions as u64,
            u64::from(cfg.academiejaar),
            cfg.error_rate.to_bits(),
            cfg.testzendingen as u64,
        ],
    );
    let mut out = [0; 3];
    for c in &mut out {
        *c = DIGITS[(h % 36) as usize];
        h /= 36;
    }
    out
}

/// The state of one run while it writes the plan.
struct Run<'m, 'o, 't> {
    model: &'m Model,
    w: Writer<'o, 't>,
    /// The fraction of records to mutate.
    rate: f64,
    /// Draws the mutations, in file order.
    mrng: Rng,
    lines: Lines,
    seed: u64,
    /// Tells this file's referentienummers from those of files of other settings.
    levering: [u8; 3],
    aj: i32,
}

/// Writes the file for `cfg` (see [`crate::generate`]).
pub fn generate(
    cfg: &Config,
    out: &mut dyn Write,
    truth: Option<(&str, &mut dyn Write)>,
) -> io::Result<Summary> {
    let reference = Reference::for_institutions(cfg.institutions);
    let model = Model::new(
        &reference,
        cfg.institutions,
        cfg.students,
        cfg.seed,
        i32::from(cfg.academiejaar),
    );
    let mut truth_out = truth.map(|(file, o)| (file, BufWriter::with_capacity(1 << 16, o)));
    let tracker = truth_out.as_mut().map(|(file, o)| Tracker::new(file, o));
    let mut run = Run {
        model: &model,
        w: Writer {
            out: BufWriter::with_capacity(1 << 20, out),
            tracker,
            next_seq: 1,
            crlf: false,
            summary: Summary::default(),
            counts: (0, 0, 0),
        },
        rate: cfg.error_rate.clamp(0.0, 1.0),
        mrng: Rng::new(cfg.seed, &[0x4D]),
        lines: Lines::default(),
        seed: cfg.seed,
        levering: levering(cfg),
        aj: i32::from(cfg.academiejaar),
    };

    // The units (hoofdstructuren) of each instelling are contiguous.
    let mut instellingen: Vec<(usize, usize)> = Vec::new();
    for (u, unit) in model.units.iter().enumerate() {
        match instellingen.last_mut() {
            Some((start, end)) if model.units[*start].nummer == unit.nummer => *end = u + 1,
            _ => instellingen.push((u, u + 1)),
        }
    }
    // One zending per gebeurtenis and instelling, then the testzendingen.
    let mut plan = Vec::new();
    for g in Gebeurtenis::ALL {
        for &units in &instellingen {
            plan.push((units, g, false));
        }
    }
    for &units in instellingen.iter().take(cfg.testzendingen) {
        plan.push((units, Gebeurtenis::Voorlopig, true));
    }
    for (index, &(units, gebeurtenis, test)) in plan.iter().enumerate() {
        run.zending(index, units, gebeurtenis, test)?;
    }

    let mut w = run.w;
    w.out.flush()?;
    if let Some(t) = w.tracker.as_mut() {
        t.finish()?;
        w.summary.findings = t.findings_written();
    }
    Ok(w.summary)
}

impl Run<'_, '_, '_> {
    /// Writes zending `index` of the plan: the berichten of `units` for `gebeurtenis`.
    fn zending(
        &mut self,
        index: usize,
        (first_unit, end_unit): (usize, usize),
        gebeurtenis: Gebeurtenis,
        test: bool,
    ) -> io::Result<()> {
        let aj = self.aj;
        let nummer = self.model.units[first_unit].nummer;
        let mut zrng = Rng::new(self.seed, &[0x2E, index as u64]);
        let (bericht_aj, telling) = match gebeurtenis {
            Gebeurtenis::Voorlopig => (aj, days(aj + 1, 2, 15)),
            Gebeurtenis::Februari => (aj, days(aj + 1, 2, 1)),
            Gebeurtenis::September => (aj - 1, days(aj, 9, 30)),
        };
        self.w.crlf = zrng.chance(0.15);
        self.w.next_seq = 1;
        self.w.summary.zendingen += 1;

        self.lines.clear();
        let l = self.lines.push(b"0001", Intended::Other);
        l.text(
            13,
            3,
            zrng.pick::<&[u8]>(&[&b"850"[..], b"850", b"819", b"252"]),
        );
        l.text(16, 6, &nummer);
        l.text(
            22,
            20,
            &referentie(&nummer, gebeurtenis, test, &self.levering),
        );
        l.date(42, telling + 2, b'.');
        l.num(52, 2, zrng.below(24));
        l.num(54, 2, zrng.below(60));
        l.num(56, 2, zrng.below(60));
        l.text(58, 1, if test { b"T" } else { b"N" });
        l.num(59, 4, (end_unit - first_unit) as u64);
        // The 10620 zending is each afzender's first.
        let earlier = referentie(&nummer, Gebeurtenis::Voorlopig, false, &self.levering);
        let zctx = ZendingCtx {
            first_in_file: index == 0,
            test,
            earlier_referentie: (gebeurtenis != Gebeurtenis::Voorlopig && !test)
                .then_some(&earlier),
        };
        let lines = &mut self.lines;
        let effect = mutate(&mut self.mrng, self.rate, Scope::ZendingHeader, |m, r| {
            m.apply_zending(r, &mut lines.as_mut_slice()[0], &zctx)
        });
        count_mutation(&mut self.w.summary, effect);
        if effect == Effect::Drop {
            // The header is lost after numbering: the next line still holds 000002.
            self.w.next_seq = 2;
        } else {
            self.w.write(&mut self.lines, Renumber::None)?;
        }

        for unit in first_unit..end_unit {
            let spec = BerichtSpec {
                unit,
                gebeurtenis,
                aj: bericht_aj,
                telling,
                test,
            };
            self.bericht(&spec, zrng.chance(0.8))?;
        }
        Ok(())
    }

    /// Writes one bericht: its header, its student groups and its berichteinde.
    fn bericht(&mut self, spec: &BerichtSpec, dots: bool) -> io::Result<()> {
        let model = self.model;
        let unit = &model.units[spec.unit];
        self.w.summary.berichten += 1;
        self.w.counts = (0, 0, 0);
        let mut spoiled = Spoiled::default();
        let mut source: Option<Source> = None;

        self.lines.clear();
        let l = self.lines.push(b"0002", Intended::Other);
        l.text(13, 6, &unit.nummer);
        l.num(19, 3, u64::from(unit.hs));
        l.text(22, 5, spec.gebeurtenis.code());
        l.num(27, 4, spec.aj as u64);
        l.date(31, spec.telling, if dots { b'.' } else { b'/' });
        let bctx = bericht_ctx(model, spec, spoiled, None);
        let lines = &mut self.lines;
        let effect = mutate(&mut self.mrng, self.rate, Scope::BerichtHeader, |m, _| {
            m.apply_bericht_header(&mut lines.as_mut_slice()[0], &bctx, &mut spoiled)
        });
        count_mutation(&mut self.w.summary, effect);
        self.w.write(&mut self.lines, Renumber::None)?;

        for slot in model.slots(spec) {
            let facts = model.write_group(spec, slot, &mut self.lines);
            self.w.summary.students += 1;
            let bctx = bericht_ctx(model, spec, spoiled, source.as_ref());
            let p = (self.rate * self.lines.len() as f64).min(1.0);
            let lines = &mut self.lines;
            let effect = mutate(&mut self.mrng, p, Scope::Group, |m, r| {
                m.apply_group(r, lines, &facts, &bctx)
            });
            count_mutation(&mut self.w.summary, effect);
            // The first clean, regular student with an identificatienummer is the
            // one a later group may copy (4910020).
            if effect == Effect::NotApplied && source.is_none() && !facts.guest {
                let l = &self.lines.as_slice()[0];
                if l.get_id("0134-07")[0] != b' ' {
                    source = Some(Source {
                        id: l.get_id("0134-07").try_into().expect("11 bytes"),
                        birth: l.get_id("0134-10").try_into().expect("10 bytes"),
                        sex: l.get_id("0134-11")[0],
                    });
                }
            }
            self.w.write(&mut self.lines, renumbering(effect))?;
        }

        self.lines.clear();
        let (students, inschrijvingen, records) = self.w.counts;
        let l = self.lines.push(b"0003", Intended::Other);
        l.text(13, 6, &unit.nummer);
        l.num(19, 7, students);
        l.num(26, 7, inschrijvingen);
        l.num(33, 8, records + 1);
        let bctx = bericht_ctx(model, spec, spoiled, None);
        let lines = &mut self.lines;
        let effect = mutate(&mut self.mrng, self.rate, Scope::Berichteinde, |m, r| {
            m.apply_berichteinde(r, &mut lines.as_mut_slice()[0], &bctx)
        });
        count_mutation(&mut self.w.summary, effect);
        match effect {
            Effect::Drop => {}
            Effect::Twice => {
                self.lines.insert_copy(1, 0);
                self.w.write(&mut self.lines, Renumber::None)?;
            }
            _ => self.w.write(&mut self.lines, renumbering(effect))?,
        }
        match effect {
            Effect::EmptyLineAfter => {
                // Not numbered by the sender: the next line holds one less than expected.
                self.lines.clear();
                self.lines.push(b"    ", Intended::Other).buf.clear();
                self.w.next_seq -= 1;
                self.w.write(&mut self.lines, Renumber::None)?;
            }
            Effect::GroupAfter => {
                // Outside a bericht the definitive presence rules apply, so the
                // stray group is written as in a definitive bericht.
                let definitive = BerichtSpec {
                    gebeurtenis: Gebeurtenis::Februari,
                    ..*spec
                };
                model.write_group(&definitive, Slot::Regular(0), &mut self.lines);
                self.w.write(&mut self.lines, Renumber::None)?;
            }
            _ => {}
        }
        Ok(())
    }
}

fn renumbering(effect: Effect) -> Renumber {
    match effect {
        Effect::Applied(r) => r,
        _ => Renumber::None,
    }
}

/// What the mutations of a bericht may read.
fn bericht_ctx<'a>(
    model: &'a Model,
    spec: &BerichtSpec,
    spoiled: Spoiled,
    source: Option<&'a Source>,
) -> BerichtCtx<'a> {
    let unit = &model.units[spec.unit];
    BerichtCtx {
        lookups: &model.lookups,
        instelling: unit.nummer,
        hs: unit.hs,
        aj: spec.aj,
        telling: spec.telling,
        in_10620: spec.in_10620(),
        vestigingen: &unit.vestigingen,
        spoiled,
        source,
    }
}

fn count_mutation(summary: &mut Summary, effect: Effect) {
    if effect != Effect::NotApplied {
        summary.mutations += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_referentienummer_tells_files_of_other_settings_apart() {
        let nummer = *b"021101";
        let of = |cfg: &Config| referentie(&nummer, Gebeurtenis::Februari, false, &levering(cfg));
        let base = Config::new(1000, 3, 7);
        assert_eq!(&of(&base)[..17], b"DTO-021101-10600N");
        assert_eq!(
            of(&base),
            of(&Config::new(1000, 3, 7)),
            "same settings, same file"
        );
        for other in [
            Config::new(1000, 3, 8),
            Config::new(1001, 3, 7),
            Config::new(1000, 4, 7),
            Config {
                error_rate: 0.01,
                ..Config::new(1000, 3, 7)
            },
        ] {
            assert_ne!(of(&base), of(&other));
        }
        let test = referentie(&nummer, Gebeurtenis::Februari, true, &levering(&base));
        assert_eq!(test[16], b'T');
    }
}
