//! Writing a whole file: the plan of zendingen and berichten, the sequence
//! numbers and counters, the choice of mutations, and the feed to the truth
//! tracker. Memory stays constant: one student group is built at a time.

use crate::calendar::days;
use crate::model::{Gebeurtenis, Model, Slot};
use crate::mutation::{BerichtCtx, Effect, Renumber, Scope, Source, Spoiled, ZendingCtx, CATALOGUE};
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
            l.num(7, 6, self.next_seq);
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

/// One zending of the plan.
struct ZendingPlan {
    instelling: usize,
    gebeurtenis: Gebeurtenis,
    test: bool,
}

/// Chooses and applies a mutation of `scope` with probability `p`.
fn mutate(
    rng: &mut Rng,
    p: f64,
    scope: Scope,
    mut attempt: impl FnMut(&crate::mutation::Mutation, &mut Rng) -> Effect,
) -> Effect {
    if p <= 0.0 || !rng.chance(p) {
        return Effect::NotApplied;
    }
    let in_scope: Vec<&crate::mutation::Mutation> =
        CATALOGUE.iter().filter(|m| m.scope == scope).collect();
    for _ in 0..4 {
        let m = *rng.pick(&in_scope);
        let effect = attempt(m, rng);
        if effect != Effect::NotApplied {
            return effect;
        }
    }
    Effect::NotApplied
}

fn referentie(instelling: &[u8; 6], g: Gebeurtenis, test: bool) -> [u8; 20] {
    let mut r = [b' '; 20];
    r[0..4].copy_from_slice(b"DTO-");
    r[4..10].copy_from_slice(instelling);
    r[10] = b'-';
    r[11..16].copy_from_slice(g.code());
    r[16] = b'-';
    r[17..20].copy_from_slice(if test { b"T01" } else { b"N01" });
    r
}

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
    let mut w = Writer {
        out: BufWriter::with_capacity(1 << 20, out),
        tracker,
        next_seq: 1,
        crlf: false,
        summary: Summary::default(),
        counts: (0, 0, 0),
    };

    // The instellingen and the units (hoofdstructuren) of each, in order.
    let mut instellingen: Vec<(usize, usize)> = Vec::new();
    for (u, unit) in model.units.iter().enumerate() {
        match instellingen.last_mut() {
            Some((start, end)) if model.units[*start].nummer == unit.nummer => *end = u + 1,
            _ => instellingen.push((u, u + 1)),
        }
    }
    let mut plan = Vec::new();
    for g in Gebeurtenis::ALL {
        for i in 0..instellingen.len() {
            plan.push(ZendingPlan { instelling: i, gebeurtenis: g, test: false });
        }
    }
    for i in 0..cfg.testzendingen.min(instellingen.len()) {
        plan.push(ZendingPlan { instelling: i, gebeurtenis: Gebeurtenis::Voorlopig, test: true });
    }

    let rate = cfg.error_rate.clamp(0.0, 1.0);
    let mut mrng = Rng::new(cfg.seed, &[0x4D]);
    let mut lines = Lines::default();
    let aj = i32::from(cfg.academiejaar);
    for (zi, z) in plan.iter().enumerate() {
        let (first_unit, end_unit) = instellingen[z.instelling];
        let nummer = model.units[first_unit].nummer;
        let mut zrng = Rng::new(cfg.seed, &[0x2E, zi as u64]);
        let (bericht_aj, telling) = match z.gebeurtenis {
            Gebeurtenis::Voorlopig => (aj, days(aj + 1, 2, 15)),
            Gebeurtenis::Februari => (aj, days(aj + 1, 2, 1)),
            Gebeurtenis::September => (aj - 1, days(aj, 9, 30)),
        };
        w.crlf = zrng.chance(0.15);
        w.next_seq = 1;
        w.summary.zendingen += 1;

        lines.clear();
        let l = lines.push(b"0001", Intended::Other);
        l.text(13, 3, *zrng.pick(&[&b"850"[..], b"850", b"819", b"252"]));
        l.text(16, 6, &nummer);
        l.text(22, 20, &referentie(&nummer, z.gebeurtenis, z.test));
        l.date(42, telling + 2, b'.');
        l.num(52, 2, zrng.below(24));
        l.num(54, 2, zrng.below(60));
        l.num(56, 2, zrng.below(60));
        l.text(58, 1, if z.test { b"T" } else { b"N" });
        l.num(59, 4, (end_unit - first_unit) as u64);
        let earlier = referentie(&nummer, Gebeurtenis::Voorlopig, false);
        let zctx = ZendingCtx {
            first_in_file: zi == 0,
            test: z.test,
            earlier_referentie: (z.gebeurtenis != Gebeurtenis::Voorlopig && !z.test)
                .then_some(&earlier),
        };
        let effect = mutate(&mut mrng, rate, Scope::ZendingHeader, |m, r| {
            m.apply_zending(r, &mut lines.as_mut_slice()[0], &zctx)
        });
        count_mutation(&mut w.summary, effect);
        if effect == Effect::Drop {
            // The header is lost after numbering: the next line still holds 000002.
            w.next_seq = 2;
        } else {
            w.write(&mut lines, Renumber::None)?;
        }

        for unit_index in first_unit..end_unit {
            let unit = &model.units[unit_index];
            let spec = crate::model::BerichtSpec {
                unit: unit_index,
                gebeurtenis: z.gebeurtenis,
                aj: bericht_aj,
                telling,
                test: z.test,
            };
            w.summary.berichten += 1;
            w.counts = (0, 0, 0);
            let mut spoiled = Spoiled::default();
            let mut source: Option<Source> = None;
            lines.clear();
            let l = lines.push(b"0002", Intended::Other);
            l.text(13, 6, &unit.nummer);
            l.num(19, 3, u64::from(unit.hs));
            l.text(22, 5, z.gebeurtenis.code());
            l.num(27, 4, bericht_aj as u64);
            l.date(31, telling, if zrng.chance(0.8) { b'.' } else { b'/' });
            let bctx = bericht_ctx(&model, &spec, spoiled, None);
            let effect = mutate(&mut mrng, rate, Scope::BerichtHeader, |m, _| {
                m.apply_bericht_header(&mut lines.as_mut_slice()[0], &bctx, &mut spoiled)
            });
            count_mutation(&mut w.summary, effect);
            w.write(&mut lines, Renumber::None)?;

            for slot in model.slots(&spec) {
                let facts = model.write_group(&spec, slot, &mut lines);
                w.summary.students += 1;
                let bctx = bericht_ctx(&model, &spec, spoiled, source.as_ref());
                let p = rate * lines.len() as f64;
                let effect = mutate(&mut mrng, p.min(1.0), Scope::Group, |m, r| {
                    m.apply_group(r, &mut lines, &facts, &bctx)
                });
                count_mutation(&mut w.summary, effect);
                let renumber = match effect {
                    Effect::Applied(r) => r,
                    _ => Renumber::None,
                };
                if effect == Effect::NotApplied && source.is_none() && !matches!(slot, Slot::Guest(_)) {
                    let l = &lines.as_slice()[0];
                    if l.get_id("0134-07")[0] != b' ' {
                        source = Some(Source {
                            id: l.get_id("0134-07").try_into().expect("11 bytes"),
                            birth: l.get_id("0134-10").try_into().expect("10 bytes"),
                            sex: l.get_id("0134-11")[0],
                        });
                    }
                }
                w.write(&mut lines, renumber)?;
            }

            lines.clear();
            let (students, inschrijvingen, records) = w.counts;
            let l = lines.push(b"0003", Intended::Other);
            l.text(13, 6, &unit.nummer);
            l.num(19, 7, students);
            l.num(26, 7, inschrijvingen);
            l.num(33, 8, records + 1);
            let bctx = bericht_ctx(&model, &spec, spoiled, None);
            let effect = mutate(&mut mrng, rate, Scope::Berichteinde, |m, r| {
                m.apply_berichteinde(r, &mut lines.as_mut_slice()[0], &bctx)
            });
            count_mutation(&mut w.summary, effect);
            match effect {
                Effect::Drop => {}
                Effect::Twice => {
                    lines.insert_copy(1, 0);
                    w.write(&mut lines, Renumber::None)?;
                }
                _ => w.write(&mut lines, Renumber::None)?,
            }
        }
    }
    w.out.flush()?;
    if let Some(t) = w.tracker.as_mut() {
        t.finish()?;
        w.summary.findings = t.findings_written();
    }
    Ok(w.summary)
}

/// What the mutations of a bericht may read.
fn bericht_ctx<'a>(
    model: &'a Model,
    spec: &crate::model::BerichtSpec,
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
