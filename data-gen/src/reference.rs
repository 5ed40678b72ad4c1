//! The reference tables the generated files are valid against.
//!
//! The shipped sample set (`reference/*.csv` of the project) is embedded; when a
//! run asks for more instellingen than it holds, [`Reference::for_institutions`]
//! extends it with synthetic instellingen in a way that depends only on the
//! number asked for, and [`Reference::write_dir`] writes the result as the same
//! seven CSV files (section 10 of the spec).

use crate::rng::Rng;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

macro_rules! shipped {
    ($file:literal) => {
        include_str!(concat!("../../reference/", $file))
    };
}

const INSTELLINGEN: &str = shipped!("instellingen.csv");
const VESTIGINGEN: &str = shipped!("vestigingen.csv");
const ADMINISTRATIEVE_GROEPEN: &str = shipped!("administratieve_groepen.csv");
const AG_AANBOD: &str = shipped!("ag_aanbod.csv");
const SECUNDAIRE_SCHOLEN: &str = shipped!("secundaire_scholen.csv");
const AFSTUDEERRICHTINGEN: &str = shipped!("afstudeerrichtingen.csv");
const LANDEN: &str = shipped!("landen.csv");

/// Belgium in the landen table.
pub const BELGIE: &str = "00150";

/// The kind of an administratieve groep (column `soort`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Soort {
    Bachelor,
    Master,
    Schakel,
    Voorbereiding,
    Doctoraat,
    Creditcontract,
    Afbouw,
}

impl Soort {
    fn parse(s: &str) -> Soort {
        match s {
            "bachelor" => Soort::Bachelor,
            "master" => Soort::Master,
            "schakel" => Soort::Schakel,
            "voorbereiding" => Soort::Voorbereiding,
            "doctoraat" => Soort::Doctoraat,
            "creditcontract" => Soort::Creditcontract,
            "afbouw" => Soort::Afbouw,
            other => panic!("reference: unknown soort {other:?}"),
        }
    }
}

/// One administratieve groep.
#[derive(Clone, Debug)]
pub struct Ag {
    pub code: String,
    pub hoofdstructuur: u16,
    pub naam: String,
    pub soort: Soort,
    pub soort_text: String,
    pub bama: bool,
}

/// One instelling with the hoofdstructuren it organises.
#[derive(Clone, Debug)]
pub struct Instelling {
    pub nummer: String,
    pub naam: String,
    pub hoofdstructuren: Vec<u16>,
    /// Its vestigingen (three digits each).
    pub vestigingen: Vec<String>,
    /// Indexes into [`Reference::ags`] of the AGs it organises.
    pub aanbod: Vec<usize>,
}

/// A complete, consistent reference set.
#[derive(Clone, Debug)]
pub struct Reference {
    /// Sorted by instellingsnummer.
    pub instellingen: Vec<Instelling>,
    pub ags: Vec<Ag>,
    /// (instellingsnummer, naam) of the secondary schools.
    pub scholen: Vec<(String, String)>,
    /// (school, afstudeerrichting) pairs.
    pub afstudeerrichtingen: Vec<(String, String)>,
    /// (landcode, naam); Belgium included.
    pub landen: Vec<(String, String)>,
    /// Vestiging rows as read, to write them back unchanged (nummer, vestiging, naam, gemeente).
    vestiging_rows: Vec<[String; 4]>,
}

/// The rows of a small CSV text without its header. Fields may be double-quoted.
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut fields = Vec::new();
            let mut cur = String::new();
            let mut quoted = false;
            let mut chars = line.trim_end_matches('\r').chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        cur.push('"');
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    ',' if !quoted => fields.push(std::mem::take(&mut cur)),
                    c => cur.push(c),
                }
            }
            fields.push(cur);
            fields
        })
        .collect()
}

impl Reference {
    /// The shipped sample set, as embedded.
    pub fn shipped() -> Reference {
        let ags: Vec<Ag> = rows(ADMINISTRATIEVE_GROEPEN)
            .into_iter()
            .map(|r| Ag {
                code: r[0].clone(),
                hoofdstructuur: r[1].parse().expect("reference: hoofdstructuur"),
                naam: r[2].clone(),
                soort: Soort::parse(&r[3]),
                soort_text: r[3].clone(),
                bama: r[4] == "J",
            })
            .collect();
        let mut instellingen: Vec<Instelling> = Vec::new();
        for r in rows(INSTELLINGEN) {
            let hs: u16 = r[2].parse().expect("reference: hoofdstructuur");
            match instellingen.iter_mut().find(|i| i.nummer == r[0]) {
                Some(i) => i.hoofdstructuren.push(hs),
                None => instellingen.push(Instelling {
                    nummer: r[0].clone(),
                    naam: r[1].clone(),
                    hoofdstructuren: vec![hs],
                    vestigingen: Vec::new(),
                    aanbod: Vec::new(),
                }),
            }
        }
        let vestiging_rows: Vec<[String; 4]> = rows(VESTIGINGEN)
            .into_iter()
            .map(|r| [r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()])
            .collect();
        for v in &vestiging_rows {
            if let Some(i) = instellingen.iter_mut().find(|i| i.nummer == v[0]) {
                i.vestigingen.push(v[1].clone());
            }
        }
        for r in rows(AG_AANBOD) {
            let ag = ags.iter().position(|a| a.code == r[1]);
            let inst = instellingen.iter_mut().find(|i| i.nummer == r[0]);
            if let (Some(ag), Some(inst)) = (ag, inst) {
                inst.aanbod.push(ag);
            }
        }
        for i in &mut instellingen {
            i.hoofdstructuren.sort_unstable();
        }
        instellingen.sort_by(|a, b| a.nummer.cmp(&b.nummer));
        let pairs = |t: &str| -> Vec<(String, String)> {
            rows(t)
                .into_iter()
                .map(|r| (r[0].clone(), r[1].clone()))
                .collect()
        };
        Reference {
            instellingen,
            ags,
            scholen: pairs(SECUNDAIRE_SCHOLEN),
            afstudeerrichtingen: pairs(AFSTUDEERRICHTINGEN),
            landen: pairs(LANDEN),
            vestiging_rows,
        }
    }

    /// The reference set for a run over `n` instellingen: the shipped set when it
    /// holds at least `n` (the run then uses its first `n`), else the shipped set
    /// extended with synthetic instellingen up to `n`.
    pub fn for_institutions(n: usize) -> Reference {
        let mut r = Reference::shipped();
        let mut candidate = 50_000u32;
        let mut k = 0u64;
        while r.instellingen.len() < n {
            candidate += 101;
            let nummer = format!("{candidate:06}");
            if r.instellingen.iter().any(|i| i.nummer == nummer) {
                continue;
            }
            k += 1;
            r.add_synthetic(nummer, k);
        }
        r
    }

    fn add_synthetic(&mut self, nummer: String, k: u64) {
        // Seeded by the instelling's rank only, so the set depends on `n` alone.
        let mut rng = Rng::new(0x00DE_F00D, &[k]);
        let hoofdstructuren = match k % 5 {
            0 => vec![411, 511],
            1 | 3 => vec![511],
            _ => vec![411],
        };
        let kind = if hoofdstructuren == [511] {
            "Universiteit"
        } else {
            "Hogeschool"
        };
        let naam = format!("{kind} Synthese {k}");
        let mut vestigingen = Vec::new();
        for v in 1..=rng.range(1, 3) {
            let code = format!("{v:03}");
            self.vestiging_rows.push([
                nummer.clone(),
                code.clone(),
                format!("Campus {v}"),
                format!("Synthese {k}"),
            ]);
            vestigingen.push(code);
        }
        let mut aanbod = Vec::new();
        for &hs in &hoofdstructuren {
            let of_hs: Vec<usize> = (0..self.ags.len())
                .filter(|&a| self.ags[a].hoofdstructuur == hs)
                .collect();
            // Every creditcontract AG of the hoofdstructuur, then a handful of others.
            aanbod.extend(
                of_hs
                    .iter()
                    .copied()
                    .filter(|&a| self.ags[a].soort == Soort::Creditcontract),
            );
            let target = aanbod.len() + 6;
            while aanbod.len() < target.min(of_hs.len()) {
                let a = *rng.pick(&of_hs);
                if !aanbod.contains(&a) {
                    aanbod.push(a);
                }
            }
        }
        aanbod.sort_unstable();
        self.instellingen.push(Instelling {
            nummer,
            naam,
            hoofdstructuren,
            vestigingen,
            aanbod,
        });
        self.instellingen.sort_by(|a, b| a.nummer.cmp(&b.nummer));
    }

    /// Writes the seven CSV files into `dir` (created when missing).
    pub fn write_dir(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut out = String::new();
        let file = |name: &str, out: &mut String| -> io::Result<()> {
            std::fs::write(dir.join(name), out.as_bytes())?;
            out.clear();
            Ok(())
        };
        out.push_str("instellingsnummer,naam,hoofdstructuur\n");
        for i in &self.instellingen {
            for hs in &i.hoofdstructuren {
                let _ = writeln!(out, "{},{},{hs}", i.nummer, i.naam);
            }
        }
        file("instellingen.csv", &mut out)?;
        out.push_str("instellingsnummer,vestiging,naam,gemeente\n");
        for v in &self.vestiging_rows {
            let _ = writeln!(out, "{}", v.join(","));
        }
        file("vestigingen.csv", &mut out)?;
        out.push_str("ag,hoofdstructuur,naam,soort,bama\n");
        for a in &self.ags {
            let bama = if a.bama { "J" } else { "N" };
            let _ = writeln!(
                out,
                "{},{},{},{},{bama}",
                a.code, a.hoofdstructuur, a.naam, a.soort_text
            );
        }
        file("administratieve_groepen.csv", &mut out)?;
        out.push_str("instellingsnummer,ag\n");
        for i in &self.instellingen {
            for &a in &i.aanbod {
                let _ = writeln!(out, "{},{}", i.nummer, self.ags[a].code);
            }
        }
        file("ag_aanbod.csv", &mut out)?;
        out.push_str("instellingsnummer,naam\n");
        for (n, naam) in &self.scholen {
            let _ = writeln!(out, "{n},{naam}");
        }
        file("secundaire_scholen.csv", &mut out)?;
        out.push_str("instellingsnummer,ag\n");
        for (n, ag) in &self.afstudeerrichtingen {
            let _ = writeln!(out, "{n},{ag}");
        }
        file("afstudeerrichtingen.csv", &mut out)?;
        out.push_str("landcode,naam\n");
        for (c, naam) in &self.landen {
            let _ = writeln!(out, "{c},{naam}");
        }
        file("landen.csv", &mut out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_set_is_consistent() {
        let r = Reference::shipped();
        assert!(!r.instellingen.is_empty());
        assert!(r.landen.iter().any(|(c, _)| c == BELGIE));
        for i in &r.instellingen {
            assert!(!i.vestigingen.is_empty(), "{} has no vestiging", i.nummer);
            for &hs in &i.hoofdstructuren {
                let offered = i.aanbod.iter().filter(|&&a| r.ags[a].hoofdstructuur == hs);
                assert!(offered.count() >= 2, "{} {hs} offers too little", i.nummer);
            }
        }
    }

    #[test]
    fn extension_adds_consistent_instellingen_and_round_trips() {
        let base = Reference::shipped().instellingen.len();
        let r = Reference::for_institutions(base + 7);
        assert_eq!(r.instellingen.len(), base + 7);
        assert!(r.instellingen.windows(2).all(|w| w[0].nummer < w[1].nummer));
        for i in &r.instellingen {
            for &hs in &i.hoofdstructuren {
                let credit = i.aanbod.iter().any(|&a| {
                    r.ags[a].hoofdstructuur == hs && r.ags[a].soort == Soort::Creditcontract
                });
                assert!(credit, "{} {hs} has no creditcontract AG", i.nummer);
            }
        }
        let dir = std::env::temp_dir().join(format!("dto-gen-ref-{}", std::process::id()));
        r.write_dir(&dir).unwrap();
        let text = std::fs::read_to_string(dir.join("instellingen.csv")).unwrap();
        let lines = text.lines().count() - 1;
        let expected: usize = r.instellingen.iter().map(|i| i.hoofdstructuren.len()).sum();
        assert_eq!(lines, expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
