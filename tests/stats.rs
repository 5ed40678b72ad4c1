//! Statistics (spec section 13): files validated, loaded into a real database file, and
//! counted; the expected tables are worked out by hand from the fixtures.

use crate::util::{self, *};
use dto::load::{Database, ZendingOutcome};
use dto::reference::Reference;
use dto::stats::{compute, compute_counting, Statistics};

const HEADERS: [&str; 3] = [
    "academiejaar,gebeurtenis,instelling,dimensie,waarde,inschrijvingen\n",
    "academiejaar,gebeurtenis,instelling,kenmerk,waarde,studenten\n",
    "academiejaar,gebeurtenis,instelling,studiepunten_opgenomen,studiepunten_verworven,studierendement,diplomas\n",
];

/// Validates `files` as one run, loads them into a new database and counts it with
/// `reference`. Every test file is accepted: no finding is fatal and every zending is
/// loaded, so no test counts less than it means to.
fn stats_with(files: &[Vec<u8>], reference: &Reference) -> Statistics {
    let (inputs, result) = util::run(files);
    let fatal: Vec<_> = result
        .findings
        .iter()
        .flatten()
        .filter(|f| f.severity.as_str() == FATAL)
        .collect();
    assert!(fatal.is_empty(), "fatal findings: {fatal:?}");
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(&dir.path().join("db.sqlite")).unwrap();
    let report = db.load(&inputs, &result.summary).unwrap();
    assert!(
        report
            .zendingen
            .iter()
            .all(|z| z.outcome == ZendingOutcome::Loaded),
        "{report:?}"
    );
    compute(&db, reference).unwrap()
}

fn stats(files: &[Vec<u8>]) -> Statistics {
    stats_with(files, util::reference())
}

/// The statistics of one file of `zendingen`.
fn stats_of(zendingen: &[Vec<Rec>]) -> Statistics {
    stats(&[file(zendingen)])
}

/// The statistics of one zending of 041801 with these berichten.
fn stats_of_berichten(berichten: Vec<Vec<Rec>>) -> Statistics {
    stats_of(&[zending(r0001(), berichten)])
}

/// The `waarde,count` of the rows of table `csv` for `instelling` and dimensie or kenmerk
/// `name`, in their order.
fn rows(csv: &str, instelling: &str, name: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split(',').collect();
            (cols[2] == instelling && cols[3] == name).then(|| cols[4..].join(","))
        })
        .collect()
}

/// The studievoortgang row of `instelling` without its first three columns.
fn voortgang(s: &Statistics, instelling: &str) -> Vec<String> {
    s.studievoortgang_csv()
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split(',').collect();
            (cols[2] == instelling).then(|| cols[3..].join(","))
        })
        .collect()
}

/// Field edits: (field id, value).
type Edits = Vec<(&'static str, String)>;

fn edits(e: &[(&'static str, &str)]) -> Edits {
    e.iter().map(|&(id, v)| (id, v.to_string())).collect()
}

/// `group` with `edits` written into every record of the field's type.
fn edit<V: AsRef<str>>(mut group: Vec<Rec>, edits: &[(&str, V)]) -> Vec<Rec> {
    for (id, value) in edits {
        for rec in group.iter_mut().filter(|r| r[..4] == id.as_bytes()[..4]) {
            set(rec, id, value.as_ref());
        }
    }
    group
}

/// Student `n` (411) born on `datum` (`DD.MM.JJJJ`) with `geslacht`, with a fitting
/// identificatienummer.
fn born(n: u32, datum: &str, geslacht: &str) -> Vec<Rec> {
    let (dd, mm, jjjj) = (&datum[0..2], &datum[3..5], &datum[6..10]);
    // SSS odd for a man, even for a woman (spec 6.1), and unique per n.
    let sss = 2 * n + u32::from(geslacht == "M");
    let nummer = rrn(&format!("{}{mm}{dd}{sss:03}", &jjjj[2..]), jjjj >= "2000");
    edit(
        student(n),
        &[
            ("0134-10", datum),
            ("0134-11", geslacht),
            ("0134-07", &nummer),
        ],
    )
}

/// Student `group` with one more 0136: a copy of its first 0136 with `edits`.
fn plus_0136<V: AsRef<str>>(mut group: Vec<Rec>, edits: &[(&str, V)]) -> Vec<Rec> {
    let extra = edit(vec![group[2].clone()], edits);
    group.extend(extra);
    group
}

#[test]
fn every_dimensie_and_kenmerk_of_one_instelling() {
    // Student 1: the default (M, born 14.05.1997: 27 on 01.02.2025, Belgian, herkomst 01,
    // first at a hogeschool in 2024, secondary diploma 2015), one inschrijving in 034101
    // (bachelor) at vestiging 001, 60 opgenomen, 36 verworven, no diploma.
    let s1 = student(1);
    // Student 2: a woman, 18 on the day, Dutch, living abroad, herkomst 02, secondary
    // diploma this year, first at a university this year, last at another instelling;
    // an uitgeschreven master inschrijving with a diploma and a creditcontract.
    let s2 = born(2, "01.02.2007", "V");
    let s2 = edit(
        s2,
        &[
            ("0134-12", "00112"),
            ("0134-13", "9999"),
            ("0134-14", "00112"),
            ("0135-07", "02"),
            ("0135-09", "2024"),
            ("0135-14", "9999"),
            ("0135-15", "2024"),
            ("0135-16", "034102"),
            ("0135-17", "021101"),
            ("0136-07", "034115"),
            ("0136-09", "002"),
            ("0136-15", "02"),
            ("0136-17", "01.12.2024"),
            ("0136-18", "040"),
            ("0136-22", "5"),
            ("0136-23", "03"),
            ("0136-26", "030"),
            ("0136-27", "010"),
            ("0136-28", "040"),
            ("0136-29", "040"),
            ("0136-31", "J"),
        ],
    );
    let s2 = plus_0136(
        s2,
        &[
            ("0136-07", "034206"),
            ("0136-09", "001"),
            ("0136-15", "99"),
            ("0136-17", "00.00.0000"),
            ("0136-18", "010"),
            ("0136-22", "9"),
            ("0136-23", "02"),
            ("0136-26", "010"),
            ("0136-27", "000"),
            ("0136-28", "005"),
            ("0136-29", "005"),
            ("0136-31", "N"),
        ],
    );
    // Student 3 has no inschrijving (a warning, 3900006): stored, and counted nowhere.
    let s3 = born(3, "01.01.1960", "V")[..2].to_vec();
    let s = stats_of(&[zending(r0001(), vec![bericht(r0002(), vec![s1, s2, s3])])]);

    let per_instelling = |instelling: &str, text: &str| -> String {
        text.lines()
            .map(|l| format!("2024,10600,{instelling},{l}\n"))
            .collect()
    };
    let inschrijvingen = "\
ag,034101,1
ag,034115,1
ag,034206,1
ag_soort,bachelor,1
ag_soort,creditcontract,1
ag_soort,master,1
hoofdstructuur,411,3
regime,01,1
regime,02,1
regime,99,1
soort_contract,01,1
soort_contract,02,1
soort_contract,03,1
taalregime,1,1
taalregime,5,1
taalregime,9,1
totaal,alle,3
uitgeschreven,ja,1
uitgeschreven,nee,2
vestiging,001,2
vestiging,002,1";
    let studenten = "\
domicilie,BE,1
domicilie,buitenland,1
generatiestudent,ja,2
geslacht,M,1
geslacht,V,1
herkomst_financierbaarheid,01,1
herkomst_financierbaarheid,02,1
instroom_andere_instelling,ja,1
instroom_andere_instelling,nee,1
instroom_secundair,ja,1
instroom_secundair,nee,1
leeftijd,18,1
leeftijd,25-29,1
nationaliteit,BE,1
nationaliteit,andere,1
totaal,alle,2";
    // 60 + 40 + 10 opgenomen, 36 + 40 + 5 verworven: 81 / 110 = 0.736.
    let voortgang = "110,81,0.736,1";
    for (got, header, text) in [
        (s.inschrijvingen_csv(), HEADERS[0], inschrijvingen),
        (s.studenten_csv(), HEADERS[1], studenten),
        (s.studievoortgang_csv(), HEADERS[2], voortgang),
    ] {
        let want = format!(
            "{header}{}{}",
            per_instelling("041801", text),
            per_instelling("VL", text)
        );
        assert_eq!(got, want);
    }
}

#[test]
fn leeftijd_bands_with_the_birthday_on_the_tellingsdatum_counting() {
    // The tellingsdatum is 01.02.2025: each pair is the day before a band starts and the
    // day it does.
    let geboren = [
        "02.02.2007", // 17
        "01.02.2007", // 18
        "02.02.2006", // 18
        "01.02.2006", // 19
        "01.02.2005", // 20
        "01.02.2004", // 21
        "02.02.2003", // 21
        "01.02.2003", // 22
        "02.02.2000", // 24
        "01.02.2000", // 25
        "02.02.1995", // 29
        "01.02.1995", // 30
        "01.01.1960", // 65
    ];
    let groups = (1..).zip(geboren).map(|(n, d)| born(n, d, "M")).collect();
    let s = stats_of_berichten(vec![bericht(r0002(), groups)]);
    let want = [
        "18,2", "19,1", "20,1", "21,2", "22-24,2", "25-29,2", "30+,2", "<18,1",
    ];
    assert_eq!(rows(&s.studenten_csv(), "041801", "leeftijd"), want);
    assert_eq!(rows(&s.studenten_csv(), "VL", "leeftijd"), want);
}

/// The leeftijd row of one student born on 29.02.2004, counted in a 10620 bericht of
/// academiejaar `aj` with tellingsdatum `tellingsdatum`.
fn leeftijd_of_29_february(aj: &str, tellingsdatum: &str) -> Vec<String> {
    let group = edit(
        born(1, "29.02.2004", "M"),
        &[
            ("0135-14", aj),
            ("0136-08", aj),
            ("0136-16", &format!("16.09.{aj}")),
        ],
    );
    let header = with(
        with(r0002_for("411", "10620"), "0002-07", aj),
        "0002-08",
        tellingsdatum,
    );
    let s = stats_of_berichten(vec![bericht(header, vec![group])]);
    rows(&s.studenten_csv(), "041801", "leeftijd")
}

#[test]
fn a_29_february_birthday_counts_as_1_march_in_other_years() {
    assert_eq!(leeftijd_of_29_february("2024", "28.02.2025"), ["20,1"]);
    assert_eq!(leeftijd_of_29_february("2024", "01.03.2025"), ["21,1"]);
    // In a leap year the birthday is the 29th itself.
    assert_eq!(leeftijd_of_29_february("2023", "28.02.2024"), ["19,1"]);
    assert_eq!(leeftijd_of_29_february("2023", "29.02.2024"), ["20,1"]);
}

#[test]
fn leeftijd_is_on_the_tellingsdatum_of_the_last_bericht_applied() {
    // The first 10620 bericht brings the student born 29.02.2004 on 28.02.2025 (20); the
    // second, of the same count, another student on 01.03.2025: the count's tellingsdatum
    // is now 01.03.2025, and he is 21.
    let header = |datum| with(r0002_for("411", "10620"), "0002-08", datum);
    let s = stats_of_berichten(vec![
        bericht(header("28.02.2025"), vec![born(1, "29.02.2004", "M")]),
        bericht(header("01.03.2025"), vec![born(2, "02.03.2004", "M")]),
    ]);
    assert_eq!(
        rows(&s.studenten_csv(), "041801", "leeftijd"),
        ["20,1", "21,1"]
    );
}

/// The studievoortgang of one 041801 student with one inschrijving per element of
/// `inschrijvingen` (the fields of its 0136 on top of the default), checked equal in `VL`.
fn studievoortgang_of(inschrijvingen: &[Edits]) -> Vec<String> {
    let mut group = edit(student(1), &inschrijvingen[0]);
    // Each further 0136 in an AG of its own, so that none is a double inschrijving.
    for (e, ag) in inschrijvingen[1..]
        .iter()
        .zip(["034107", "034115", "034131"])
    {
        let mut e = e.clone();
        e.push(("0136-07", ag.to_string()));
        group = plus_0136(group, &e);
    }
    let s = stats_of_berichten(vec![bericht(r0002(), vec![group])]);
    let want = voortgang(&s, "041801");
    assert_eq!(voortgang(&s, "VL"), want);
    want
}

/// 0136-26, 0136-27 and 0136-28, with 0136-18 and 0136-29 to fit.
fn punten(eerste: &str, niet_eerste: &str, verworven: &str) -> Edits {
    let total = eerste.parse::<u32>().unwrap() + niet_eerste.parse::<u32>().unwrap();
    edits(&[
        ("0136-18", &format!("{total:03}")),
        ("0136-26", eerste),
        ("0136-27", niet_eerste),
        ("0136-28", verworven),
        ("0136-29", verworven),
    ])
}

#[test]
fn studierendement_rounds_half_away_from_zero_to_three_decimals() {
    for (inschrijvingen, row) in [
        // 1/16 = 0.0625 up to 0.063.
        (vec![punten("016", "000", "001")], "16,1,0.063,0"),
        // 57/400 = 0.1425 up to 0.143, summed over two inschrijvingen and both fields.
        (
            vec![punten("100", "100", "050"), punten("150", "050", "007")],
            "400,57,0.143,0",
        ),
        // 1/3 down to 0.333; always three decimals with a leading digit.
        (vec![punten("030", "000", "010")], "30,10,0.333,0"),
        (vec![punten("010", "000", "005")], "10,5,0.500,0"),
        (vec![punten("060", "000", "060")], "60,60,1.000,0"),
        (vec![punten("060", "000", "000")], "60,0,0.000,0"),
        // Nothing opgenomen (0136-18 000 is a warning only): the row is there, its
        // studierendement empty.
        (vec![punten("000", "000", "000")], "0,0,,0"),
    ] {
        assert_eq!(studievoortgang_of(&inschrijvingen), [row]);
    }
}

#[test]
fn diplomas_count_the_inschrijvingen_with_a_diploma() {
    let j = edits(&[("0136-30", "J"), ("0136-31", "J")]);
    // One student, three inschrijvingen, two with 0136-31 J: 2 diplomas, not 1.
    assert_eq!(
        studievoortgang_of(&[j.clone(), j, edits(&[("0136-31", "N")])]),
        ["180,108,0.600,2"]
    );
}

/// The zending of student `n` (default fixture) moved to `instelling`, with AG `ag` and the
/// studiepunten `p`.
fn at_instelling(instelling: &str, ag: &str, n: u32, p: &Edits) -> Vec<Rec> {
    let mut z = zending(r0001(), vec![bericht(r0002(), vec![edit(student(n), p)])]);
    if instelling != AFZENDER {
        retarget(&mut z, instelling, ag);
    }
    z
}

#[test]
fn vl_adds_up_the_instellingen_and_a_person_at_two_counts_twice() {
    // Student 1 (one identificatienummer) at 041801 and at 041902, student 2 at 042003;
    // the files in no particular order.
    let s = stats_of(&[
        at_instelling("042003", "034104", 2, &punten("030", "000", "010")),
        at_instelling("041902", "034102", 1, &punten("200", "200", "057")),
        at_instelling("041801", "034101", 1, &punten("016", "000", "001")),
    ]);
    let studenten = s.studenten_csv();
    for (instelling, n) in [("041801", 1), ("041902", 1), ("042003", 1), ("VL", 3)] {
        assert_eq!(
            rows(&studenten, instelling, "totaal"),
            [format!("alle,{n}")],
            "{instelling}"
        );
    }
    assert_eq!(
        rows(&s.inschrijvingen_csv(), "VL", "ag"),
        ["034101,1", "034102,1", "034104,1"]
    );
    // Vestiging codes add up too, whatever instelling they belong to.
    assert_eq!(rows(&s.inschrijvingen_csv(), "VL", "vestiging"), ["001,3"]);
    // The VL studierendement is that of the VL sums: 68 / 446 = 0.152 (not the mean of
    // 0.063, 0.143 and 0.333).
    assert_eq!(
        s.studievoortgang_csv(),
        format!(
            "{}{}",
            HEADERS[2],
            "2024,10600,041801,16,1,0.063,0\n\
             2024,10600,041902,400,57,0.143,0\n\
             2024,10600,042003,30,10,0.333,0\n\
             2024,10600,VL,446,68,0.152,0\n"
        )
    );
}

#[test]
fn an_instelling_with_both_hoofdstructuren_adds_them_up() {
    // Stamboeknummer 1 in the 411 and in the 511 bericht: two students.
    let s = stats_of_berichten(vec![
        bericht(r0002(), vec![student(1)]),
        bericht(r0002_for("511", "10600"), vec![student_hs(1, "511")]),
    ]);
    let (inschrijvingen, studenten) = (s.inschrijvingen_csv(), s.studenten_csv());
    for instelling in ["041801", "VL"] {
        assert_eq!(rows(&studenten, instelling, "totaal"), ["alle,2"]);
        assert_eq!(rows(&studenten, instelling, "leeftijd"), ["25-29,2"]);
        assert_eq!(rows(&inschrijvingen, instelling, "totaal"), ["alle,2"]);
        assert_eq!(
            rows(&inschrijvingen, instelling, "hoofdstructuur"),
            ["411,1", "511,1"]
        );
        assert_eq!(
            rows(&inschrijvingen, instelling, "ag"),
            ["033802,1", "034101,1"]
        );
        assert_eq!(voortgang(&s, instelling), ["120,72,0.600,0"]);
    }
}

#[test]
fn nothing_loaded_gives_the_header_rows_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(&dir.path().join("db.sqlite")).unwrap();
    let s = compute(&db, util::reference()).unwrap();
    assert_eq!(
        [
            s.inschrijvingen_csv(),
            s.studenten_csv(),
            s.studievoortgang_csv()
        ],
        HEADERS
    );
}

#[test]
fn no_row_without_an_inschrijving() {
    // An accepted empty bericht, and a bericht whose only student has no inschrijving:
    // two situaties are loaded, and nothing is counted.
    let s = stats_of_berichten(vec![
        bericht(r0002(), vec![]),
        bericht(
            r0002_for("511", "10600"),
            vec![student_hs(1, "511")[..2].to_vec()],
        ),
    ]);
    assert_eq!(
        [
            s.inschrijvingen_csv(),
            s.studenten_csv(),
            s.studievoortgang_csv()
        ],
        HEADERS
    );
}

#[test]
fn no_row_has_a_count_of_0() {
    let s = stats_of_berichten(vec![bericht(r0002(), vec![student(1)])]);
    for csv in [s.inschrijvingen_csv(), s.studenten_csv()] {
        let counts: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap())
            .collect();
        assert!(counts.iter().all(|&n| n == "1"), "{csv}");
        // 9 dimensies or kenmerken, each one value, for 041801 and VL.
        assert_eq!(counts.len(), 18, "{csv}");
    }
}

#[test]
fn every_gebeurtenis_of_an_academiejaar_apart() {
    let s = stats_of_berichten(vec![
        bericht(r0002_for("411", "10620"), vec![student(1)]),
        bericht(r0002(), vec![student(1), student(2)]),
        bericht(
            r0002_for("411", "10400"),
            vec![student(1), student(2), student(3)],
        ),
    ]);
    let studenten = s.studenten_csv();
    let totaal: Vec<&str> = studenten
        .lines()
        .filter(|l| l.contains(",totaal,"))
        .collect();
    assert_eq!(
        totaal,
        [
            "2024,10400,041801,totaal,alle,3",
            "2024,10400,VL,totaal,alle,3",
            "2024,10600,041801,totaal,alle,2",
            "2024,10600,VL,totaal,alle,2",
            "2024,10620,041801,totaal,alle,1",
            "2024,10620,VL,totaal,alle,1",
        ]
    );
    assert_eq!(
        s.studievoortgang_csv(),
        format!(
            "{}{}",
            HEADERS[2],
            "2024,10400,041801,180,108,0.600,0\n\
             2024,10400,VL,180,108,0.600,0\n\
             2024,10600,041801,120,72,0.600,0\n\
             2024,10600,VL,120,72,0.600,0\n\
             2024,10620,041801,60,36,0.600,0\n\
             2024,10620,VL,60,36,0.600,0\n"
        )
    );
}

#[test]
fn absent_values_in_a_10620_bericht() {
    let groups = vec![
        // No nationaliteit, no first year at a hogeschool, no secondary diploma year, no
        // 0136-26 (10 opgenomen, 5 verworven).
        edit(
            student(1),
            &[
                ("0134-12", ""),
                ("0135-14", ""),
                ("0135-15", "2024"),
                ("0135-09", ""),
                ("0136-18", "010"),
                ("0136-26", ""),
                ("0136-27", "010"),
                ("0136-28", "005"),
                ("0136-29", "005"),
            ],
        ),
        // No first year at a university, no 0136-27 (20 opgenomen, 10 verworven).
        edit(
            student(2),
            &[
                ("0135-14", "2024"),
                ("0135-15", ""),
                ("0136-18", "020"),
                ("0136-26", "020"),
                ("0136-27", ""),
                ("0136-28", "010"),
                ("0136-29", "010"),
            ],
        ),
        // Neither year: not a generatiestudent.
        edit(student(3), &[("0135-14", ""), ("0135-15", "")]),
        // An earlier year and an absent one: the earlier one decides.
        edit(student(4), &[("0135-14", ""), ("0135-15", "2020")]),
        // The secondary diploma this year.
        edit(student(5), &[("0135-09", "2024")]),
    ];
    let s = stats_of_berichten(vec![bericht(r0002_for("411", "10620"), groups)]);
    let studenten = s.studenten_csv();
    let kenmerk = |name| rows(&studenten, "041801", name);
    assert_eq!(kenmerk("nationaliteit"), ["BE,4", "andere,1"]);
    assert_eq!(kenmerk("generatiestudent"), ["ja,3", "nee,2"]);
    assert_eq!(kenmerk("instroom_secundair"), ["ja,1", "nee,4"]);
    // 10 + 20 + 3 × 60 opgenomen, 5 + 10 + 3 × 36 verworven: 123 / 210 = 0.586.
    assert_eq!(voortgang(&s, "041801"), ["210,123,0.586,0"]);
}

#[test]
fn generatiestudent_takes_the_lowest_year_and_leaves_9999_out() {
    let groups = vec![
        edit(student(1), &[("0135-14", "9999"), ("0135-15", "2024")]),
        edit(student(2), &[("0135-14", "2024"), ("0135-15", "9999")]),
        edit(student(3), &[("0135-14", "2020"), ("0135-15", "2024")]),
        edit(student(4), &[("0135-14", "2024"), ("0135-15", "2023")]),
        edit(student(5), &[("0135-14", "9999"), ("0135-15", "9999")]),
    ];
    let s = stats_of_berichten(vec![bericht(r0002(), groups)]);
    assert_eq!(
        rows(&s.studenten_csv(), "041801", "generatiestudent"),
        ["ja,2", "nee,3"]
    );
}

#[test]
fn instroom_andere_instelling_compares_the_instellingsnummer_only() {
    let laatst = |n, ag, instelling| edit(student(n), &[("0135-16", ag), ("0135-17", instelling)]);
    let s = stats_of_berichten(vec![
        bericht(
            r0002(),
            vec![
                laatst(1, "034102", "021101"), // another hogeschool: ja
                laatst(2, "034102", "041902"), // another associatie: ja
                laatst(3, "034101", "041801"), // its own: nee
                laatst(4, "777777", "777777"), // no instelling of the tables: nee
                student(5),                    // none: nee
            ],
        ),
        // The own instelling in its other hoofdstructuur is the own instelling: nee.
        bericht(
            r0002_for("511", "10600"),
            vec![edit(
                student_hs(6, "511"),
                &[("0135-16", "034101"), ("0135-17", "041801")],
            )],
        ),
    ]);
    assert_eq!(
        rows(&s.studenten_csv(), "041801", "instroom_andere_instelling"),
        ["ja,2", "nee,4"]
    );
}

#[test]
fn ag_soort_of_an_ag_the_reference_tables_do_not_hold_is_onbekend() {
    // Loaded with the sample tables; counted with tables that lack AG 034101.
    let dir = tempfile::tempdir().unwrap();
    for name in dto::reference::FILES {
        let text =
            std::fs::read_to_string(format!("{}/reference/{name}", env!("CARGO_MANIFEST_DIR")))
                .unwrap();
        let text: String = text
            .lines()
            .filter(|l| !(name == "administratieve_groepen.csv" && l.starts_with("034101,")))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let other = Reference::load(dir.path()).unwrap();
    let files = [file(&[zending(
        r0001(),
        vec![bericht(
            r0002(),
            vec![plus_0136(student(1), &[("0136-07", "034115")])],
        )],
    )])];
    let s = stats_with(&files, &other);
    assert_eq!(
        rows(&s.inschrijvingen_csv(), "041801", "ag_soort"),
        ["master,1", "onbekend,1"]
    );
    let s = stats(&files);
    assert_eq!(
        rows(&s.inschrijvingen_csv(), "041801", "ag_soort"),
        ["bachelor,1", "master,1"]
    );
}

#[test]
fn write_puts_the_three_tables_in_a_new_directory() {
    let s = stats_of_berichten(vec![bericht(r0002(), vec![student(1)])]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new").join("stats");
    let paths = s.write(&out).unwrap();
    assert_eq!(
        paths,
        ["inschrijvingen.csv", "studenten.csv", "studievoortgang.csv"].map(|n| out.join(n))
    );
    let read = |i: usize| std::fs::read_to_string(&paths[i]).unwrap();
    assert_eq!(read(0), s.inschrijvingen_csv());
    assert_eq!(read(1), s.studenten_csv());
    assert_eq!(read(2), s.studievoortgang_csv());
    assert_eq!(
        read(2),
        format!(
            "{}2024,10600,041801,60,36,0.600,0\n2024,10600,VL,60,36,0.600,0\n",
            HEADERS[2]
        )
    );
}

// ---------------------------------------------------------------------------------------
// The plain twin: every table of a generated national-like file, counted again with
// GROUP BY in SQL (age and bands included), over what the load kept of a file with
// injected errors (berichten accepted, partial and rejected).

/// Every row of section 13 for one dimensie or kenmerk, from SQL: per instelling and `VL`,
/// the value of `expr` over the rows of `from` (joined with situatie `s`).
fn grouped(conn: &rusqlite::Connection, from: &str, name: &str, expr: &str) -> Vec<Vec<String>> {
    let sql = format!(
        "SELECT s.academiejaar, s.gebeurtenis, s.instelling, {expr}, count(*) FROM {from} \
         GROUP BY 1, 2, 3, 4 \
         UNION ALL SELECT s.academiejaar, s.gebeurtenis, 'VL', {expr}, count(*) FROM {from} \
         GROUP BY 1, 2, 4"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let rows = stmt
        .query_map([], |r| {
            let text = |i| r.get::<_, String>(i);
            let (aj, geb, inst, value) = (text(0)?, text(1)?, text(2)?, text(3)?);
            let n: i64 = r.get(4)?;
            Ok(vec![aj, geb, inst, name.to_string(), value, n.to_string()])
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// The rows of a CSV text, without its header, as sorted by plain `sort`.
fn table(csv: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    rows.sort();
    rows
}

/// The sort key of a value: digits as a number before text by bytes.
fn sort_key(v: &str) -> (bool, u128, Vec<u8>) {
    match v.parse::<u128>() {
        Ok(n) if v.bytes().all(|c| c.is_ascii_digit()) => (false, n, v.into()),
        _ => (true, 0, v.into()),
    }
}

#[test]
fn a_generated_file_counts_as_sql_counts_it() {
    use dto::layout::{FieldId, RecordType};
    use dto::load::column;

    // Every instelling of the sample set: hogescholen, universiteiten and associaties
    // with both hoofdstructuren.
    let mut cfg = dto_gen::Config::new(3_000, dto_gen::shipped_institutions(), 13);
    cfg.error_rate = 0.002;
    let mut data = Vec::new();
    dto_gen::generate(&cfg, &mut data, None).unwrap();
    let (inputs, result) = util::run(&[data]);
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(&dir.path().join("db.sqlite")).unwrap();
    let report = db.load(&inputs, &result.summary).unwrap();
    let applied = report.applied();
    assert!(applied.inschrijvingen > 500, "{applied:?}");
    let progress = std::sync::atomic::AtomicU64::new(0);
    let s = compute_counting(&db, util::reference(), &progress).unwrap();

    let conn = db.connection();
    // The progress counted each inschrijving and each student with one, once.
    let counted: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM inschrijving) + (SELECT count(*) FROM student st \
             WHERE EXISTS (SELECT 1 FROM inschrijving i \
             WHERE i.situatie = st.situatie AND i.stamboeknummer = st.stamboeknummer))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(progress.into_inner(), counted as u64);
    let f = |rt, nr| column(FieldId::new(rt, nr));
    let i = |nr| format!("i.{}", f(RecordType::Inschrijving, nr));
    let id = |nr| format!("st.{}", f(RecordType::Identificatie, nr));
    let st = |nr| format!("st.{}", f(RecordType::Student, nr));

    // inschrijvingen.csv
    let from = "inschrijving i JOIN situatie s ON s.id = i.situatie";
    let mut want = Vec::new();
    for (name, expr) in [
        ("totaal", "'alle'".to_string()),
        ("hoofdstructuur", "s.hoofdstructuur".to_string()),
        ("ag", i(7)),
        ("vestiging", i(9)),
        ("soort_contract", i(23)),
        ("regime", i(15)),
        ("taalregime", i(22)),
        (
            "uitgeschreven",
            format!(
                "CASE WHEN {} IN ('00.00.0000', '00/00/0000') THEN 'nee' ELSE 'ja' END",
                i(17)
            ),
        ),
    ] {
        want.extend(grouped(conn, from, name, &expr));
    }
    // ag_soort: the ag rows, their AG replaced by its soort and added up.
    let mut soorten = std::collections::BTreeMap::new();
    for row in grouped(conn, from, "ag_soort", &i(7)) {
        let soort = util::reference()
            .ag(row[4].parse().unwrap())
            .unwrap()
            .soort
            .as_str();
        let key = [&row[..4], &[soort.to_string()]].concat();
        *soorten.entry(key).or_insert(0u64) += row[5].parse::<u64>().unwrap();
    }
    want.extend(soorten.into_iter().map(|(mut k, n)| {
        k.push(n.to_string());
        k
    }));
    want.sort();
    assert_eq!(table(&s.inschrijvingen_csv()), want);

    // studenten.csv: the students with an inschrijving.
    let from = "student st JOIN situatie s ON s.id = st.situatie WHERE EXISTS (SELECT 1 FROM \
         inschrijving i WHERE i.situatie = st.situatie AND i.stamboeknummer = st.stamboeknummer)";
    conn.execute_batch("CREATE TEMP TABLE instellingen (nummer TEXT)")
        .unwrap();
    let instellingen = std::fs::read_to_string(format!(
        "{}/reference/instellingen.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    for line in instellingen.lines().skip(1) {
        conn.execute("INSERT INTO temp.instellingen VALUES (?1)", [&line[..6]])
            .unwrap();
    }
    let year =
        |v: &str| format!("CASE WHEN {v} IN ('', '9999') THEN 99999 ELSE CAST({v} AS INTEGER) END");
    let (born, on) = (id(10), "s.tellingsdatum");
    let part =
        |d: &str, from: u32, len: u32| format!("CAST(substr({d}, {from}, {len}) AS INTEGER)");
    let ty = part(on, 7, 4);
    let leap = format!("(({ty} % 4 = 0 AND {ty} % 100 <> 0) OR {ty} % 400 = 0)");
    let birthday = format!(
        "CASE WHEN {bm} = 2 AND {bd} = 29 AND NOT {leap} THEN 301 ELSE {bm} * 100 + {bd} END",
        bm = part(&born, 4, 2),
        bd = part(&born, 1, 2),
    );
    // `before` says whether the day of the tellingsdatum is before the birthday.
    let band = |before: &str| {
        let age = format!(
            "({ty} - {by} - ({tm} * 100 + {td} {before} {birthday}))",
            by = part(&born, 7, 4),
            tm = part(on, 4, 2),
            td = part(on, 1, 2),
        );
        format!(
            "CASE WHEN {age} < 18 THEN '<18' WHEN {age} <= 21 THEN CAST({age} AS TEXT) \
             WHEN {age} <= 24 THEN '22-24' WHEN {age} <= 29 THEN '25-29' ELSE '30+' END"
        )
    };
    let ja = |condition: String| format!("CASE WHEN {condition} THEN 'ja' ELSE 'nee' END");
    let generatie = |lowest: &str| {
        ja(format!(
            "{lowest}({}, {}) = CAST(s.academiejaar AS INTEGER)",
            year(&st(14)),
            year(&st(15))
        ))
    };
    let andere = |not_own: &str| {
        ja(format!(
            "{v} IN (SELECT nummer FROM temp.instellingen) {not_own}",
            v = st(17)
        ))
    };
    let mut want = Vec::new();
    for (name, expr) in [
        ("totaal", "'alle'".to_string()),
        ("geslacht", id(11)),
        ("leeftijd", band("<")),
        (
            "nationaliteit",
            format!("CASE WHEN {} = '00150' THEN 'BE' ELSE 'andere' END", id(12)),
        ),
        (
            "domicilie",
            format!(
                "CASE WHEN {} = '9999' THEN 'buitenland' ELSE 'BE' END",
                id(13)
            ),
        ),
        ("herkomst_financierbaarheid", st(7)),
        ("generatiestudent", generatie("min")),
        (
            "instroom_secundair",
            ja(format!("{} = s.academiejaar", st(9))),
        ),
        (
            "instroom_andere_instelling",
            andere(&format!("AND {} <> s.instelling", st(17))),
        ),
    ] {
        want.extend(grouped(conn, from, name, &expr));
    }
    want.sort();
    assert_eq!(table(&s.studenten_csv()), want);
    // The file puts these rules to the test: the twin with one of them changed disagrees.
    for (name, changed) in [
        ("leeftijd", band("<=")), // a birthday on the tellingsdatum not counted
        ("generatiestudent", generatie("max")),
        ("instroom_andere_instelling", andere("")), // the own instelling counted too
    ] {
        let mut changed = grouped(conn, from, name, &changed);
        changed.sort();
        let counted: Vec<Vec<String>> = want.iter().filter(|r| r[3] == name).cloned().collect();
        assert_ne!(counted, changed, "{name}");
    }

    // studievoortgang.csv: the sums, and the studierendement rounded from four decimals.
    let sums = |instelling: &str, group: &str| {
        format!(
            "SELECT s.academiejaar, s.gebeurtenis, {instelling}, \
             sum(CAST({} AS INTEGER) + CAST({} AS INTEGER)), sum(CAST({} AS INTEGER)), \
             sum({} = 'J') FROM inschrijving i JOIN situatie s ON s.id = i.situatie GROUP BY {group}",
            i(26),
            i(27),
            i(28),
            i(31)
        )
    };
    let mut want = Vec::new();
    for sql in [sums("s.instelling", "1, 2, 3"), sums("'VL'", "1, 2")] {
        let mut stmt = conn.prepare(&sql).unwrap();
        let rows = stmt
            .query_map([], |r| {
                let (o, v, d): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(5)?);
                let rendement = if o == 0 {
                    String::new()
                } else {
                    let tenthousandths = v * 10_000 / o;
                    let thousandths = tenthousandths / 10 + i64::from(tenthousandths % 10 >= 5);
                    format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
                };
                Ok(vec![
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    o.to_string(),
                    v.to_string(),
                    rendement,
                    d.to_string(),
                ])
            })
            .unwrap();
        want.extend(rows.map(Result::unwrap));
    }
    want.sort();
    assert_eq!(table(&s.studievoortgang_csv()), want);

    // Several academiejaren, gebeurtenissen and instellingen, every kenmerk value, and the
    // rows in the order of section 13.
    for csv in [
        s.inschrijvingen_csv(),
        s.studenten_csv(),
        s.studievoortgang_csv(),
    ] {
        let rows: Vec<Vec<&str>> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert!(rows.len() > 10, "{csv}");
        for pair in rows.windows(2) {
            let key = |r: &[&str]| r.iter().map(|v| sort_key(v)).collect::<Vec<_>>();
            assert!(
                key(&pair[0]) < key(&pair[1]),
                "{:?} before {:?}",
                pair[0],
                pair[1]
            );
        }
    }
    let studenten = s.studenten_csv();
    for name in [
        "leeftijd",
        "generatiestudent",
        "instroom_secundair",
        "domicilie",
    ] {
        assert!(
            rows(&studenten, "VL", name).len() >= 2,
            "{name}: {studenten}"
        );
    }
}

#[test]
fn a_databundel_has_one_instelling_and_shows_counts_of_1_to_4_as_below_5() {
    // 041801: five students, two with a diploma; 041902: one student.
    let diploma = edits(&[("0136-30", "J"), ("0136-31", "J")]);
    let groups: Vec<Vec<Rec>> = (1..=5)
        .map(|n| match n {
            1 | 2 => edit(student(n), &diploma),
            _ => student(n),
        })
        .collect();
    let s = stats_of(&[
        zending(r0001(), vec![bericht(r0002(), groups)]),
        at_instelling("041902", "034102", 9, &punten("060", "000", "036")),
    ]);
    let bundel = s.databundel("041801");
    let studenten = bundel.studenten_csv();
    assert!(studenten.starts_with(HEADERS[1]), "{studenten}");
    assert!(
        studenten
            .lines()
            .skip(1)
            .all(|l| l.starts_with("2024,10600,041801,")),
        "only its own rows, no VL: {studenten}"
    );
    assert_eq!(rows(&studenten, "041801", "totaal"), ["alle,5"]);
    assert_eq!(rows(&studenten, "041801", "geslacht"), ["M,5"]);
    assert_eq!(
        rows(&bundel.inschrijvingen_csv(), "041801", "vestiging"),
        ["001,5"]
    );
    // Two diplomas are a count below 5; the sums of studiepunten are no counts.
    assert_eq!(
        bundel.studievoortgang_csv(),
        format!("{}2024,10600,041801,300,180,0.600,<5\n", HEADERS[2])
    );
    // The exact tables keep the exact counts.
    assert_eq!(voortgang(&s, "041801"), ["300,180,0.600,2"]);
    let other = s.databundel("041902");
    assert_eq!(
        rows(&other.studenten_csv(), "041902", "totaal"),
        ["alle,<5"]
    );
    assert_eq!(
        rows(&other.inschrijvingen_csv(), "041902", "totaal"),
        ["alle,<5"]
    );
    assert!(s.databundel("999999").is_empty());
    // With a note when an instelling has nothing to count, refused for a number that is no
    // instelling of the reference tables.
    let reference = Reference::sample();
    assert_eq!(s.databundel_of("041801", &reference).unwrap().1, None);
    let (bundel, note) = s.databundel_of("021101", &reference).unwrap();
    assert!(bundel.is_empty());
    assert!(note.unwrap().contains("(it holds those of 041801, 041902)"));
    let refused = s.databundel_of("999999", &reference).unwrap_err();
    assert!(
        refused.ends_with("holds inschrijvingen of 041801, 041902"),
        "{refused}"
    );
    let empty = stats(&[]);
    let (_, note) = empty.databundel_of("021101", &reference).unwrap();
    assert!(note.unwrap().contains("(nor of any other)"));
    let refused = empty.databundel_of("999999", &reference).unwrap_err();
    assert!(
        refused.ends_with("the database holds no inschrijving"),
        "{refused}"
    );
}
