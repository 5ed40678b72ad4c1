//! Acceptance (spec section 9 and its clarifications): per bericht accepted, partial or
//! rejected, with the students (groups) each way, and the acceptance JSON line.

use crate::util::*;

fn two_students(gebeurtenis: &str) -> Vec<Rec> {
    zending(
        r0001(),
        vec![bericht(
            r0002_for("411", gebeurtenis),
            vec![student(1), student(2)],
        )],
    )
}

/// A two-student bericht of `gebeurtenis`; student 2's 0136 (line 8) gets `id` = `value`.
fn second_student_with(gebeurtenis: &str, id: &str, value: &str) -> Vec<Rec> {
    let mut l = two_students(gebeurtenis);
    let idx = match &id[..4] {
        "0134" => 5,
        "0135" => 6,
        _ => 7,
    };
    set(&mut l[idx], id, value);
    l
}

fn testcode(mut z: Vec<Rec>) -> Vec<Rec> {
    set(&mut z[0], "0001-09", "T");
    z
}

// ---------------------------------------------------------------------------------------
// The same mistake in a voorlopige and a definitive bericht.

#[test]
fn fatal_mistake_in_10620_rejects_the_group_in_10600_the_bericht() {
    let l = second_student_with("10620", "0136-22", "7");
    assert_eq!(findings(&join(&l)), vec![x(8, 4410130, "0136-22", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "partial", 1, 1)]);

    let l = second_student_with("10600", "0136-22", "7");
    assert_eq!(findings(&join(&l)), vec![x(8, 4410130, "0136-22", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);

    let l = second_student_with("10400", "0136-22", "7");
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn sev_10620_warning_mistake_accepted_in_10620_rejected_in_10600() {
    let l = second_student_with("10620", "0134-12", "00999");
    assert_eq!(findings(&join(&l)), vec![x(6, 4410130, "0134-12", WARN)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "accepted", 2, 0)]);

    let l = second_student_with("10600", "0134-12", "00999");
    assert_eq!(findings(&join(&l)), vec![x(6, 4410130, "0134-12", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn type_finding_on_a_warning_field_rejects_the_group_in_10620() {
    let l = second_student_with("10620", "0135-17", "0A1101");
    assert_eq!(findings(&join(&l)), vec![x(7, 4900001, "0135-17", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "partial", 1, 1)]);
}

#[test]
fn fatal_finding_on_a_0134_or_0135_rejects_its_group_in_10620() {
    let l = second_student_with("10620", "0134-11", "X");
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "partial", 1, 1)]);
    let mut l = two_students("10620");
    set(&mut l[3], "0135-07", "07"); // student 1's 0135
    assert_eq!(findings(&join(&l)), vec![x(4, 4410130, "0135-07", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "partial", 1, 1)]);
}

#[test]
fn duplicate_student_in_10620_rejects_the_later_group() {
    let l = zending(
        r0001(),
        vec![bericht(
            r0002_for("411", "10620"),
            vec![student(1), student(2), student(1)],
        )],
    );
    assert_eq!(findings(&join(&l)), vec![x(10, 4410114, "0135-06", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "partial", 2, 1)]);
}

#[test]
fn duplicate_inschrijving_in_10620_rejects_its_group() {
    let mut s2 = student(2);
    s2.push(r0136(2));
    let l = zending(
        r0001(),
        vec![bericht(r0002_for("411", "10620"), vec![student(1), s2])],
    );
    assert_eq!(findings(&join(&l)), vec![x(9, 4910001, "", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "partial", 1, 1)]);
}

#[test]
fn every_group_of_a_10620_rejected_is_rejected() {
    let mut l = two_students("10620");
    set(&mut l[4], "0136-22", "7");
    set(&mut l[7], "0136-22", "7");
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn withdrawal_in_10620_is_accepted() {
    // A 10620 student without 0136 is a withdrawal: no finding, accepted.
    let l = zending(
        r0001(),
        vec![bericht(
            r0002_for("411", "10620"),
            vec![vec![r0134(1), r0135(1)], student(2)],
        )],
    );
    assert_eq!(findings(&join(&l)), vec![]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "accepted", 2, 0)]);
}

// ---------------------------------------------------------------------------------------
// Warnings only.

#[test]
fn warnings_only_accepted_in_10600() {
    let mut l = zending(
        r0001(),
        vec![bericht(r0002(), vec![vec![r0134(1), r0135(1)], student(2)])],
    );
    set(&mut l[6], "0136-16", "02.02.2025");
    set(&mut l[6], "0136-32", "x");
    set(&mut l[0], "0001-11", "x");
    set(&mut l[1], "0002-09", "x");
    set(&mut l[7], "0003-08", "x");
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(1, 4900004, "0001-11", WARN),
            x(2, 4900004, "0002-09", WARN),
            x(4, 3900006, "", WARN),
            x(7, 4430384, "0136-16", WARN),
            x(7, 4900004, "0136-32", WARN),
            x(8, 4900004, "0003-08", WARN),
        ]
    );
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "accepted", 2, 0)]);
}

#[test]
fn warning_4930001_accepts() {
    let a = zending(r0001(), vec![bericht(r0002(), vec![student(1)])]);
    let mut b = zending(r0001(), vec![bericht(r0002(), vec![student(1)])]);
    retarget(&mut b, "041902", "034102");
    let f = file(&[a, b]);
    assert_eq!(findings(&f), vec![x(11, 4930001, "0136-13", WARN)]);
    assert_eq!(
        acceptance(&f),
        vec![acc(1, 1, "accepted", 1, 0), acc(2, 1, "accepted", 1, 0)]
    );
}

// ---------------------------------------------------------------------------------------
// Codes beginning with 3, and findings on 0002 / 0003.

#[test]
fn code_3_finding_in_10620_rejects_the_bericht_whole() {
    // A sequence error inside student 2.
    let mut l = two_students("10620");
    set(&mut l[6], "0135-03", "000099");
    set(&mut l[7], "0136-03", "000100");
    set(&mut l[8], "0003-03", "000101");
    assert_eq!(findings(&join(&l)), vec![x(7, 3110011, "0135-03", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn code_3900005_in_10620_rejects_the_bericht_whole() {
    let l = zending(
        r0001(),
        vec![bericht(
            r0002_for("411", "10620"),
            vec![student(1), vec![r0134(2)]],
        )],
    );
    assert_eq!(findings(&join(&l)), vec![x(6, 3900005, "", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn wrong_versienummer_in_10620_rejects_the_bericht_whole() {
    let mut l = two_students("10620");
    set(&mut l[7], "0136-02", "04");
    assert_eq!(findings(&join(&l)), vec![x(8, 3110019, "0136-02", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn wrong_version_0134_still_counts_as_a_student() {
    let mut l = two_students("10600");
    set(&mut l[5], "0134-02", "04");
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn fatal_finding_on_the_0002_rejects_the_bericht() {
    let mut l = two_students("10620");
    set(&mut l[1], "0002-08", "30.06.2024");
    assert_eq!(findings(&join(&l)), vec![x(2, 4410130, "0002-08", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn fatal_finding_on_the_0003_rejects_the_bericht() {
    let mut l = two_students("10620");
    set(&mut l[8], "0003-04", "021101");
    assert_eq!(findings(&join(&l)), vec![x(9, 4410152, "0003-04", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
    let mut l = two_students("10620");
    set(&mut l[8], "0003-06", "0000003");
    assert_eq!(findings(&join(&l)), vec![x(9, 3900012, "0003-06", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn bericht_without_berichteinde_is_rejected() {
    let mut l = two_students("10620");
    l.pop();
    assert_eq!(findings(&join(&l)), vec![x(2, 3900002, "", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 2)]);
}

#[test]
fn rejecting_one_bericht_leaves_the_others_of_the_zending() {
    let l = {
        let mut l = zending(
            r0001(),
            vec![
                bericht(r0002(), vec![student(1)]),
                bericht(r0002_for("511", "10600"), vec![student_hs(2, "511")]),
            ],
        );
        set(&mut l[4], "0136-22", "7");
        l
    };
    assert_eq!(
        acceptance(&join(&l)),
        vec![acc(1, 1, "rejected", 0, 1), acc(1, 2, "accepted", 1, 0)]
    );
}

// ---------------------------------------------------------------------------------------
// The zending's own verdict.

fn two_berichten() -> Vec<Rec> {
    zending(
        r0001(),
        vec![
            bericht(r0002_for("411", "10620"), vec![student(1), student(2)]),
            bericht(r0002_for("511", "10600"), vec![student_hs(3, "511")]),
        ],
    )
}

#[test]
fn fatal_finding_on_the_0001_rejects_every_bericht_of_the_zending() {
    let mut l = two_berichten();
    set(&mut l[0], "0001-08", "250000");
    assert_eq!(findings(&join(&l)), vec![x(1, 4410130, "0001-08", FATAL)]);
    assert_eq!(
        acceptance(&join(&l)),
        vec![acc(1, 1, "rejected", 0, 2), acc(1, 2, "rejected", 0, 1)]
    );
}

#[test]
fn code_3900011_on_the_0001_rejects_every_bericht() {
    let mut l = two_berichten();
    set(&mut l[0], "0001-10", "0003");
    assert_eq!(
        acceptance(&join(&l)),
        vec![acc(1, 1, "rejected", 0, 2), acc(1, 2, "rejected", 0, 1)]
    );
}

#[test]
fn code_3110011_on_the_0001_rejects_its_zending() {
    let mut l = two_berichten();
    for (i, r) in l.iter_mut().enumerate() {
        r[6..12].copy_from_slice(format!("{:06}", i + 2).as_bytes());
    }
    assert_eq!(findings(&join(&l)), vec![x(1, 3110011, "0001-03", FATAL)]);
    assert_eq!(
        acceptance(&join(&l)),
        vec![acc(1, 1, "rejected", 0, 2), acc(1, 2, "rejected", 0, 1)]
    );
}

#[test]
fn warning_on_the_0001_rejects_nothing() {
    let mut l = two_berichten();
    set(&mut l[0], "0001-11", "x");
    assert_eq!(
        acceptance(&join(&l)),
        vec![acc(1, 1, "accepted", 2, 0), acc(1, 2, "accepted", 1, 0)]
    );
}

#[test]
fn code_3900010_rejects_every_bericht_of_the_later_zending() {
    let a = zending(r0001(), vec![bericht(r0002(), vec![student(1)])]);
    let b = two_berichten();
    let f = file(&[a, b]);
    assert_eq!(findings(&f), vec![x(7, 3900010, "", FATAL)]);
    assert_eq!(
        acceptance(&f),
        vec![
            acc(1, 1, "accepted", 1, 0),
            acc(2, 1, "rejected", 0, 2),
            acc(2, 2, "rejected", 0, 1),
        ]
    );
}

#[test]
fn zending_without_header_is_rejected_whole() {
    let mut l = two_berichten();
    l.remove(0);
    renumber(&mut l);
    assert_eq!(findings(&join(&l)), vec![x(1, 3900003, "", FATAL)]);
    assert_eq!(
        acceptance(&join(&l)),
        vec![acc(1, 1, "rejected", 0, 2), acc(1, 2, "rejected", 0, 1)]
    );
}

#[test]
fn rejected_zending_does_not_reject_the_next_zending() {
    let mut a = zending(r0001(), vec![bericht(r0002(), vec![student(1)])]);
    set(&mut a[0], "0001-09", "X");
    let b = zending(
        r0001_ref("DTO-TEST-0002"),
        vec![bericht(r0002(), vec![student(2)])],
    );
    assert_eq!(
        acceptance(&file(&[a, b])),
        vec![acc(1, 1, "rejected", 0, 1), acc(2, 1, "accepted", 1, 0)]
    );
}

// ---------------------------------------------------------------------------------------
// Testzendingen, empty berichten, findings outside every bericht.

#[test]
fn testzending_is_flagged_and_judged_like_any_other() {
    let l = testcode(two_berichten());
    assert_eq!(findings(&join(&l)), vec![]);
    let t = |zending, bericht, status, accepted, rejected| Acc {
        test: true,
        ..acc(zending, bericht, status, accepted, rejected)
    };
    assert_eq!(
        acceptance(&join(&l)),
        vec![t(1, 1, "accepted", 2, 0), t(1, 2, "accepted", 1, 0)]
    );
    let mut l = l;
    set(&mut l[7], "0136-22", "7");
    assert_eq!(
        acceptance(&join(&l)),
        vec![t(1, 1, "partial", 1, 1), t(1, 2, "accepted", 1, 0)]
    );
}

#[test]
fn testcode_other_than_t_is_no_testzending() {
    let mut l = two_students("10600");
    set(&mut l[0], "0001-09", "N");
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "accepted", 2, 0)]);
}

#[test]
fn empty_bericht_is_accepted_with_0_students() {
    for g in ["10600", "10400", "10620"] {
        let l = zending(r0001(), vec![bericht(r0002_for("411", g), vec![])]);
        assert_eq!(findings(&join(&l)), vec![], "{g}");
        assert_eq!(
            acceptance(&join(&l)),
            vec![acc(1, 1, "accepted", 0, 0)],
            "{g}"
        );
    }
}

#[test]
fn empty_bericht_rejected_whole_is_rejected() {
    let mut l = zending(r0001(), vec![bericht(r0002(), vec![])]);
    set(&mut l[2], "0003-07", "00000003");
    assert_eq!(findings(&join(&l)), vec![x(3, 3900012, "0003-07", FATAL)]);
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 0)]);
}

#[test]
fn findings_outside_every_bericht_reject_nothing() {
    let mut l = two_students("10600");
    l.push(with(r0136(2), "0136-03", "000077"));
    assert_eq!(
        findings(&join(&l)),
        vec![x(10, 3110003, "", FATAL), x(10, 3110011, "0136-03", FATAL)]
    );
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "accepted", 2, 0)]);
}

#[test]
fn stray_record_between_zending_header_and_bericht_rejects_nothing() {
    let mut l = two_students("10600");
    l.insert(1, r0134(3));
    renumber(&mut l);
    assert_eq!(
        findings(&join(&l)),
        vec![x(2, 3110003, "", FATAL), x(2, 3900005, "", FATAL)]
    );
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "accepted", 2, 0)]);
}

#[test]
fn a_student_is_a_0134_in_the_bericht() {
    // A group without 0134 (0135, 0136 only) is no student; the bericht is rejected
    // (3110003) with the one real student. The stray 0135 belongs to student 1's group
    // (the last 0134 before it), so its stamboeknummer is compared with that 0134's.
    let l = zending(
        r0001(),
        vec![bericht(
            r0002(),
            vec![
                student(1),
                vec![r0135(2), with(r0136(2), "0136-07", "034107")],
            ],
        )],
    );
    assert_eq!(
        findings(&join(&l)),
        vec![x(6, 3110003, "", FATAL), x(6, 4430383, "0135-06", FATAL)]
    );
    assert_eq!(acceptance(&join(&l)), vec![acc(1, 1, "rejected", 0, 1)]);
}

#[test]
fn acceptance_per_file_of_a_run() {
    let a = join(&two_students("10600"));
    let mut b = two_students("10620");
    set(&mut b[0], "0001-06", "DTO-TEST-0002");
    set(&mut b[4], "0136-31", "X");
    let b = join(&b);
    assert_eq!(
        acceptance_run(&[a, b]),
        vec![
            vec![acc(1, 1, "accepted", 2, 0)],
            vec![acc(1, 1, "partial", 1, 1)]
        ]
    );
}

// ---------------------------------------------------------------------------------------
// The acceptance JSON line.

#[test]
fn acceptance_json_lines_format() {
    let mut z1 = two_students("10620");
    set(&mut z1[4], "0136-22", "7");
    let mut z2 = testcode(zending(
        r0001_ref("DTO-TEST-0002"),
        vec![bericht(r0002(), vec![student(3)])],
    ));
    set(&mut z2[1], "0002-06", "1060O"); // written as is
    let inputs = vec![dto::run::Input::new("dir/x.txt", file(&[z1, z2]))];
    let result = dto::run::validate(&inputs, reference());
    let mut out = Vec::new();
    dto::report::write_acceptance(&mut out, &inputs, &result.summary).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"file\":\"dir/x.txt\",\"zending\":1,\"bericht\":1,\"instelling\":\"041801\",\
         \"gebeurtenis\":\"10620\",\"test\":false,\"status\":\"partial\",\
         \"accepted_students\":1,\"rejected_students\":1}\n\
         {\"file\":\"dir/x.txt\",\"zending\":2,\"bericht\":1,\"instelling\":\"041801\",\
         \"gebeurtenis\":\"1060O\",\"test\":true,\"status\":\"rejected\",\
         \"accepted_students\":0,\"rejected_students\":1}\n"
    );
}

#[test]
fn the_summary_lists_500_berichten_of_a_file_and_counts_them_all() {
    // 502 berichten: one with a student, then 501 without.
    let mut berichten = vec![bericht(r0002(), vec![student(1)])];
    berichten.extend((0..501).map(|_| bericht(r0002(), vec![])));
    let data = file(&[zending(r0001(), berichten)]);
    let (inputs, result) = run(&[data]);
    let summary = dto::report::summary(&inputs, &result.summary, None);
    let rows = summary
        .lines()
        .filter(|l| l.trim_start().starts_with("1 "))
        .count();
    assert_eq!(rows, 500, "{summary}");
    assert!(
        summary.contains("  ... and 2 more berichten (--acceptance PATH lists them all)\n"),
        "{summary}"
    );
    assert!(
        summary.contains("  berichten: 502 accepted, 0 partial, 0 rejected; students: 1 accepted"),
        "{summary}"
    );
}

#[test]
fn the_summary_names_where_each_code_is_first_found() {
    // The opvulling of the 0002 (line 2) and of the 0003 (line 6) not blank: 4900004 twice.
    let mut lines = default_zending(1);
    set(&mut lines[1], "0002-09", "x");
    set(&mut lines[5], "0003-08", "x");
    let (inputs, result) = run(&[join(&lines)]);
    let summary = dto::report::summary(&inputs, &result.summary, None);
    assert!(
        summary.contains("         2 4900004 warning opvulling niet blanco (first on f1.txt:2)\n"),
        "{summary}"
    );
}
