//! Every code of spec section 8, provoked by small fixtures; each test asserts the exact and
//! complete list of findings (line, code, field, severity).
//!
//! The default zending with one student has these lines:
//! 1 `0001`, 2 `0002`, 3 `0134`, 4 `0135`, 5 `0136`, 6 `0003`.

use crate::util::*;
use dto::report::Form;

// Indices of the default one-student zending's lines.
const Z: usize = 0; // 0001, line 1
const H: usize = 1; // 0002, line 2
const I: usize = 2; // 0134, line 3
const S: usize = 3; // 0135, line 4
const E: usize = 4; // 0136, line 5
const B: usize = 5; // 0003, line 6

/// The default one-student zending in a bericht of `gebeurtenis` (411).
fn zending_for(gebeurtenis: &str, students: u32) -> Vec<Rec> {
    zending(
        r0001(),
        vec![bericht(
            r0002_for("411", gebeurtenis),
            (1..=students).map(student).collect(),
        )],
    )
}

/// Findings of the one-student 10600 zending with field `id` of line index `idx` set.
fn one(idx: usize, id: &str, value: &str) -> Vec<F> {
    findings_after(1, |l| set(&mut l[idx], id, value))
}

/// Same, in a 10620 bericht.
fn one_10620(idx: usize, id: &str, value: &str) -> Vec<F> {
    let mut l = zending_for("10620", 1);
    set(&mut l[idx], id, value);
    findings(&join(&l))
}

/// Findings of the one-student 10600 zending after `edit` on its lines.
fn edit(f: impl FnOnce(&mut Vec<Rec>)) -> Vec<F> {
    findings_after(1, f)
}

fn edit_10620(f: impl FnOnce(&mut Vec<Rec>)) -> Vec<F> {
    let mut l = zending_for("10620", 1);
    f(&mut l);
    findings(&join(&l))
}

/// The line number of line index `idx`.
fn ln(idx: usize) -> u64 {
    idx as u64 + 1
}

// =======================================================================================
// Section 2: file structure.

#[test]
fn c3900001_wrong_length_line_is_invisible_and_counts_only_in_0003_07() {
    // A 209-byte 0136 after the student's 0136: it consumes a sequence number and counts in
    // 0003-07, but not in 0003-06.
    let mut l = default_zending(1);
    let mut short = r0136(1);
    set(&mut short, "0136-07", "034107");
    short.truncate(209);
    l.insert(5, short);
    renumber(&mut l);
    set(&mut l[6], "0003-06", "0000001");
    set(&mut l[6], "0003-07", "00000006");
    assert_eq!(findings(&join(&l)), vec![x(6, 3900001, "", FATAL)]);
}

#[test]
fn c3900001_wrong_length_line_counted_as_inschrijving_gives_3900012() {
    let mut l = default_zending(1);
    let mut long = r0136(1);
    set(&mut long, "0136-07", "034107");
    long.push(b' ');
    l.insert(5, long);
    renumber(&mut l);
    set(&mut l[6], "0003-06", "0000002"); // the sender counted it
    set(&mut l[6], "0003-07", "00000006");
    assert_eq!(
        findings(&join(&l)),
        vec![x(6, 3900001, "", FATAL), x(7, 3900012, "0003-06", FATAL)]
    );
}

#[test]
fn c3900001_empty_line_inside_bericht() {
    let mut l = default_zending(1);
    l.insert(5, Vec::new());
    renumber(&mut l);
    set(&mut l[6], "0003-07", "00000006");
    assert_eq!(findings(&join(&l)), vec![x(6, 3900001, "", FATAL)]);
}

#[test]
fn c3900001_short_lines_whose_bytes_and_lf_make_a_record_are_two_lines() {
    // After the 0136, lines of 104 and 105 bytes, and of 209 and 0: each pair is 210 bytes
    // with the LF between them, and an LF after them, as one record would be.
    for (a, b) in [(104, 105), (209, 0)] {
        let mut l = default_zending(1);
        let mut first = r0136(1);
        set(&mut first, "0136-07", "034107");
        let second = first[first.len() - b..].to_vec();
        first.truncate(a);
        l.insert(5, first);
        l.insert(6, second);
        renumber(&mut l);
        set(&mut l[7], "0003-07", "00000007");
        assert_eq!(
            findings(&join(&l)),
            vec![x(6, 3900001, "", FATAL), x(7, 3900001, "", FATAL)],
            "{a} + {b}"
        );
    }
}

#[test]
fn c3900001_invisible_line_without_sequence_finding_even_with_garbage_number() {
    // The invisible line holds "ABCDEF" in bytes 7-12: no 3210001, and the next line is
    // expected to hold the number after the one the invisible line consumed.
    let mut l = default_zending(1);
    let mut short = r0136(1);
    short[6..12].copy_from_slice(b"ABCDEF");
    short.truncate(100);
    l.insert(5, short);
    // renumber() would overwrite bytes 7-12; number by hand.
    l[6][6..12].copy_from_slice(b"000007");
    set(&mut l[6], "0003-07", "00000006");
    assert_eq!(findings(&join(&l)), vec![x(6, 3900001, "", FATAL)]);
}

#[test]
fn crlf_line_endings_are_no_finding() {
    let l = default_zending(2);
    let mut data = Vec::new();
    for r in &l {
        data.extend_from_slice(r);
        data.extend_from_slice(b"\r\n");
    }
    assert_eq!(findings(&data), vec![]);
}

#[test]
fn last_line_without_line_ending_is_no_finding() {
    let mut data = join(&default_zending(1));
    data.pop();
    assert_eq!(findings(&data), vec![]);
}

#[test]
fn c3900001_final_line_ending_in_cr_without_lf_is_211_bytes() {
    // The 0003 is then invisible, so the bericht has no berichteinde.
    let mut data = join(&default_zending(1));
    data.pop();
    data.push(b'\r');
    assert_eq!(
        findings(&data),
        vec![x(2, 3900002, "", FATAL), x(6, 3900001, "", FATAL)]
    );
}

#[test]
fn c3900001_cr_cr_lf_leaves_one_cr_in_the_line() {
    let l = default_zending(1);
    let mut data = Vec::new();
    for (i, r) in l.iter().enumerate() {
        data.extend_from_slice(r);
        if i == E {
            data.push(b'\r');
        }
        data.extend_from_slice(b"\r\n");
    }
    // The 0136 is invisible: 0003-06 counts one 0136 too many, and the 0135 has no 0136.
    assert_eq!(
        findings(&data),
        vec![
            x(4, 3900006, "", WARN),
            x(5, 3900001, "", FATAL),
            x(6, 3900012, "0003-06", FATAL),
        ]
    );
}

#[test]
fn c3110001_unknown_record_type_is_invisible_and_takes_no_sequence_finding() {
    let mut l = default_zending(1);
    let mut odd = r0136(1);
    odd[..4].copy_from_slice(b"0137");
    odd[6..12].copy_from_slice(b"9X9X9X");
    l.insert(5, odd);
    l[6][6..12].copy_from_slice(b"000007");
    set(&mut l[6], "0003-07", "00000006");
    assert_eq!(findings(&join(&l)), vec![x(6, 3110001, "", FATAL)]);
}

#[test]
fn c3110001_unknown_record_type_gets_no_field_checks() {
    // A 0136 relabelled "0999" with every field broken: only 3110001.
    let mut l = default_zending(1);
    let mut odd = vec![b'#'; 210];
    odd[..4].copy_from_slice(b"0999");
    l.insert(5, odd);
    renumber(&mut l);
    set(&mut l[6], "0003-07", "00000006");
    assert_eq!(findings(&join(&l)), vec![x(6, 3110001, "", FATAL)]);
}

#[test]
fn c3110003_data_record_after_berichteinde_gets_field_checks_without_header_rules() {
    // A stray 0136 after the 0003: rules reading the bericht-header (0136-04/05/07/08/09,
    // 0136-16 against AJ and tellingsdatum) are skipped; it is numbered correctly.
    let mut l = default_zending(1);
    let mut stray = r0136(1);
    set(&mut stray, "0136-04", "021101"); // not the bericht's instelling: no rule reads it
    set(&mut stray, "0136-08", "2019");
    set(&mut stray, "0136-16", "16.09.2019");
    set(&mut stray, "0136-09", "009");
    l.push(stray);
    renumber(&mut l);
    assert_eq!(findings(&join(&l)), vec![x(7, 3110003, "", FATAL)]);
}

#[test]
fn c3110003_stray_data_record_still_gets_its_own_field_checks() {
    let mut l = default_zending(1);
    let mut stray = r0136(1);
    set(&mut stray, "0136-10", "07");
    l.push(stray);
    renumber(&mut l);
    assert_eq!(
        findings(&join(&l)),
        vec![x(7, 3110003, "", FATAL), x(7, 4410130, "0136-10", FATAL)]
    );
}

#[test]
fn c3110003_stray_0136_keeps_the_0136_07_rule_that_reads_no_header() {
    // 034100 exists in no table: 4410130. 034102 exists but 041801 does not organise it,
    // and 099 is no vestiging of 041801: those rules read the bericht-header, skipped.
    let stray = |ag: &str| {
        let mut l = default_zending(1);
        let mut stray = r0136(1);
        set(&mut stray, "0136-07", ag);
        set(&mut stray, "0136-09", "099");
        l.push(stray);
        renumber(&mut l);
        findings(&join(&l))
    };
    assert_eq!(
        stray("034100"),
        vec![x(7, 3110003, "", FATAL), x(7, 4410130, "0136-07", FATAL)]
    );
    assert_eq!(stray("034102"), vec![x(7, 3110003, "", FATAL)]);
}

#[test]
fn c3110003_data_record_between_zending_header_and_bericht_header() {
    let mut l = default_zending(1);
    l.insert(1, r0136(1));
    renumber(&mut l);
    assert_eq!(findings(&join(&l)), vec![x(2, 3110003, "", FATAL)]);
}

#[test]
fn c3110003_0135_not_after_0134() {
    // The group's 0134 is missing: the 0135 is out of place; with no 0134 in the group the
    // stamboeknummer comparisons are skipped.
    let groups = vec![vec![r0135(1), r0136(1)]];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(findings(&join(&l)), vec![x(3, 3110003, "", FATAL)]);
}

#[test]
fn c3110003_0136_not_after_0135_and_c3900005_on_the_0134() {
    let groups = vec![vec![r0134(1), r0136(1)]];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(
        findings(&join(&l)),
        vec![x(3, 3900005, "", FATAL), x(4, 3110003, "", FATAL)]
    );
}

#[test]
fn c3110003_0135_after_0136() {
    // Student 1: 0134 0135 0136 0135 (a second 0135 for the same student): out of place,
    // without inschrijving, and its stamboeknummer is already in the bericht.
    let groups = vec![vec![r0134(1), r0135(1), r0136(1), r0135(1)]];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(6, 3110003, "", FATAL),
            x(6, 3900006, "", WARN),
            x(6, 4410114, "0135-06", FATAL),
        ]
    );
}

#[test]
fn c3110003_berichteinde_without_open_bericht_gets_no_0003_rules() {
    // A second 0003 with wrong counts and another instelling: only 3110003.
    let mut l = default_zending(1);
    let mut extra = r0003("021101", 5, 5, 5);
    set(&mut extra, "0003-05", "0000009");
    l.push(extra);
    renumber(&mut l);
    assert_eq!(findings(&join(&l)), vec![x(7, 3110003, "", FATAL)]);
}

#[test]
fn c3110003_berichteinde_without_open_bericht_still_gets_type_checks() {
    let mut l = default_zending(1);
    let mut extra = r0003(AFZENDER, 1, 1, 5);
    set(&mut extra, "0003-05", "00000A1");
    l.push(extra);
    renumber(&mut l);
    assert_eq!(
        findings(&join(&l)),
        vec![x(7, 3110003, "", FATAL), x(7, 4900001, "0003-05", FATAL)]
    );
}

#[test]
fn c3900005_0134_followed_by_berichteinde() {
    let groups = vec![student(1), vec![r0134(2)]];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(findings(&join(&l)), vec![x(6, 3900005, "", FATAL)]);
}

#[test]
fn c3900005_0134_followed_by_another_0134() {
    let groups = vec![vec![r0134(1)], student(2)];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(findings(&join(&l)), vec![x(3, 3900005, "", FATAL)]);
}

#[test]
fn c3900005_also_on_a_0134_outside_a_bericht() {
    let mut l = default_zending(1);
    l.push(r0134(2));
    renumber(&mut l);
    assert_eq!(
        findings(&join(&l)),
        vec![x(7, 3110003, "", FATAL), x(7, 3900005, "", FATAL)]
    );
}

#[test]
fn c3900005_directly_followed_means_next_visible_record() {
    // An invisible line between the 0134 and its 0135 does not break the pair.
    let mut l = default_zending(1);
    l.insert(S, b"short line".to_vec());
    renumber(&mut l);
    set(&mut l[6], "0003-07", "00000006");
    assert_eq!(findings(&join(&l)), vec![x(4, 3900001, "", FATAL)]);
}

#[test]
fn c3900006_student_without_inschrijving_is_a_warning_in_10600() {
    let groups = vec![vec![r0134(1), r0135(1)], student(2)];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(findings(&join(&l)), vec![x(4, 3900006, "", WARN)]);
}

#[test]
fn c3900006_student_without_inschrijving_in_10400() {
    let groups = vec![student(1), vec![r0134(2), r0135(2)]];
    let l = zending(r0001(), vec![bericht(r0002_for("411", "10400"), groups)]);
    assert_eq!(findings(&join(&l)), vec![x(7, 3900006, "", WARN)]);
}

#[test]
fn c3900006_not_checked_in_10620() {
    let groups = vec![vec![r0134(1), r0135(1)], student(2)];
    let l = zending(r0001(), vec![bericht(r0002_for("411", "10620"), groups)]);
    assert_eq!(findings(&join(&l)), vec![]);
}

#[test]
fn c3900002_bericht_interrupted_by_end_of_file() {
    let mut l = default_zending(1);
    l.pop();
    assert_eq!(findings(&join(&l)), vec![x(2, 3900002, "", FATAL)]);
}

#[test]
fn c3900002_bericht_interrupted_by_next_bericht_header() {
    let mut l = zending(
        r0001(),
        vec![
            bericht(r0002(), vec![student(1)]),
            bericht(r0002_for("511", "10600"), vec![student_hs(2, "511")]),
        ],
    );
    l.remove(5); // the first bericht's 0003
    renumber(&mut l);
    // 0001-10 still counts both 0002 lines.
    assert_eq!(findings(&join(&l)), vec![x(2, 3900002, "", FATAL)]);
}

#[test]
fn c3900002_bericht_interrupted_by_next_zending_header() {
    let mut first = default_zending(1);
    first.pop();
    let second = zending(
        r0001_ref("DTO-TEST-0002"),
        vec![bericht(r0002(), vec![student(2)])],
    );
    assert_eq!(
        findings(&file(&[first, second])),
        vec![x(2, 3900002, "", FATAL)]
    );
}

#[test]
fn c3900003_file_not_starting_with_zending_header() {
    let mut l = bericht(r0002(), vec![student(1)]);
    renumber(&mut l); // a zending without header starts at 000001 too
    assert_eq!(findings(&join(&l)), vec![x(1, 3900003, "", FATAL)]);
}

#[test]
fn c3900003_zending_without_header_skips_header_rules_that_read_the_0001() {
    // AJ 2026 is later than any aanmaakdatum could allow, but there is no 0001 to read.
    let mut l = bericht(r0002(), vec![student(1)]);
    set(&mut l[0], "0002-07", "2026");
    set(&mut l[0], "0002-08", "01.02.2027");
    set(&mut l[3], "0136-08", "2026");
    set(&mut l[3], "0136-16", "16.09.2026");
    renumber(&mut l);
    assert_eq!(findings(&join(&l)), vec![x(1, 3900003, "", FATAL)]);
}

#[test]
fn c3900003_empty_file() {
    assert_eq!(findings(b""), vec![x(1, 3900003, "", FATAL)]);
}

#[test]
fn c3900003_empty_first_line_before_the_zending_header() {
    let mut data = b"\n".to_vec();
    data.extend(join(&default_zending(1)));
    assert_eq!(
        findings(&data),
        vec![x(1, 3900001, "", FATAL), x(1, 3900003, "", FATAL)]
    );
}

#[test]
fn c3900003_wrong_length_0001_does_not_start_a_zending() {
    let mut l = default_zending(1);
    l[Z].push(b' ');
    assert_eq!(
        findings(&join(&l)),
        vec![x(1, 3900001, "", FATAL), x(1, 3900003, "", FATAL)]
    );
}

// =======================================================================================
// Section 2: versienummer.

#[test]
fn c3110019_wrong_versienummer_gets_no_field_checks_but_still_counts() {
    // The 0136 has versienummer 04 and a broken AG: only 3110019; it still counts in
    // 0003-06, and the 0135 still has an inschrijving (no 3900006).
    let mut l = default_zending(1);
    set(&mut l[E], "0136-02", "04");
    set(&mut l[E], "0136-07", "999999");
    set(&mut l[E], "0136-32", "opvulling");
    assert_eq!(findings(&join(&l)), vec![x(5, 3110019, "0136-02", FATAL)]);
}

#[test]
fn c3110019_blank_versienummer_is_3110019_not_4020006() {
    assert_eq!(one(S, "0135-02", ""), vec![x(4, 3110019, "0135-02", FATAL)]);
}

#[test]
fn c3110019_record_still_takes_part_in_sequence_checks() {
    let l = {
        let mut l = default_zending(1);
        set(&mut l[S], "0135-02", "06");
        set(&mut l[S], "0135-03", "000099");
        set(&mut l[E], "0136-03", "000100");
        set(&mut l[B], "0003-03", "000101");
        l
    };
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(4, 3110011, "0135-03", FATAL),
            x(4, 3110019, "0135-02", FATAL)
        ]
    );
}

#[test]
fn c3110019_fields_of_a_wrong_version_record_are_unusable_for_other_rules() {
    // 0134 with a wrong version: 0135-06 is not compared with its 0134-06.
    let mut l = default_zending(1);
    set(&mut l[I], "0134-02", "06");
    set(&mut l[I], "0134-06", "999999999999999");
    assert_eq!(findings(&join(&l)), vec![x(3, 3110019, "0134-02", FATAL)]);
}

#[test]
fn c3110019_wrong_version_berichteinde_gets_no_counter_checks() {
    let mut l = default_zending(1);
    set(&mut l[B], "0003-02", "04");
    set(&mut l[B], "0003-05", "0000009");
    set(&mut l[B], "0003-07", "00000001");
    assert_eq!(findings(&join(&l)), vec![x(6, 3110019, "0003-02", FATAL)]);
}

#[test]
fn c3110019_wrong_version_zending_header_gets_no_0001_10_check() {
    let mut l = default_zending(1);
    set(&mut l[Z], "0001-02", "04");
    set(&mut l[Z], "0001-10", "0007");
    assert_eq!(findings(&join(&l)), vec![x(1, 3110019, "0001-02", FATAL)]);
}

#[test]
fn c3110019_wrong_version_bericht_header_still_counts_in_0001_10() {
    // Its fields are unusable: the data records are not compared with it.
    let mut l = zending(
        r0001(),
        vec![
            bericht(r0002(), vec![student(1)]),
            bericht(r0002(), vec![student(2)]),
        ],
    );
    set(&mut l[6], "0002-02", "04");
    assert_eq!(findings(&join(&l)), vec![x(7, 3110019, "0002-02", FATAL)]);
}

#[test]
fn c3110019_wrong_version_0134_takes_no_part_in_4910020() {
    // Student 2 has student 1's identificatienummer, but student 1's 0134 has a wrong
    // version.
    let mut l = default_zending(2);
    set(&mut l[I], "0134-02", "04");
    let id1 = rrn_of(1);
    set(&mut l[5], "0134-07", &id1);
    assert_eq!(findings(&join(&l)), vec![x(3, 3110019, "0134-02", FATAL)]);
}

#[test]
fn c3110019_wrong_version_0001_takes_no_part_in_3900010() {
    let mut a = default_zending(1);
    set(&mut a[Z], "0001-02", "04");
    let b = default_zending(2);
    assert_eq!(
        findings(&file(&[a, b])),
        vec![x(1, 3110019, "0001-02", FATAL)]
    );
}

// =======================================================================================
// Section 5.2: sequence numbers.

#[test]
fn c3210001_recordvolgnummer_not_six_digits_counts_as_expected() {
    assert_eq!(
        one(S, "0135-03", "00A004"),
        vec![x(4, 3210001, "0135-03", FATAL)]
    );
}

#[test]
fn c3210001_blank_recordvolgnummer() {
    assert_eq!(one(E, "0136-03", ""), vec![x(5, 3210001, "0136-03", FATAL)]);
}

#[test]
fn c3110011_single_jump_resynchronises() {
    // From the 0135 on every number is 5 higher: one 3110011, the rest follows on.
    let mut l = default_zending(1);
    set(&mut l[S], "0135-03", "000009");
    set(&mut l[E], "0136-03", "000010");
    set(&mut l[B], "0003-03", "000011");
    assert_eq!(findings(&join(&l)), vec![x(4, 3110011, "0135-03", FATAL)]);
}

#[test]
fn c3110011_twice_gives_3110020_on_the_berichteinde() {
    // One wrong number: that line and the next (expected the wrong number + 1) both get it.
    assert_eq!(
        one(S, "0135-03", "000010"),
        vec![
            x(4, 3110011, "0135-03", FATAL),
            x(5, 3110011, "0136-03", FATAL),
            x(6, 3110020, "", FATAL),
        ]
    );
}

#[test]
fn c3110011_swapped_lines() {
    let mut l = default_zending(2);
    l.swap(3, 4); // 0135 of student 1 (000004) and its 0136 (000005) swapped
    let got = findings(&join(&l));
    // Line 4 (the 0136, 000005) expected 000004; line 5 (the 0135, 000004) expected
    // 000006; line 6 expected 000005 holds 000006. The 0134 is not followed by its 0135,
    // the 0136 has no 0135 before it, and the 0135 is followed by no 0136.
    assert_eq!(
        got,
        vec![
            x(3, 3900005, "", FATAL),
            x(4, 3110003, "", FATAL),
            x(4, 3110011, "0136-03", FATAL),
            x(5, 3110003, "", FATAL),
            x(5, 3110011, "0135-03", FATAL),
            x(5, 3900006, "", WARN),
            x(6, 3110011, "0134-03", FATAL),
            x(9, 3110020, "", FATAL),
        ]
    );
}

#[test]
fn c3110011_on_zending_header() {
    // The 0001 holds 000007 and the rest follows on: one 3110011 on 0001-03.
    let mut l = default_zending(1);
    for (i, r) in l.iter_mut().enumerate() {
        r[6..12].copy_from_slice(format!("{:06}", i + 7).as_bytes());
    }
    assert_eq!(findings(&join(&l)), vec![x(1, 3110011, "0001-03", FATAL)]);
}

#[test]
fn c3110011_numbers_restart_at_each_zending() {
    let a = default_zending(1);
    let mut b = default_zending(1);
    set(&mut b[Z], "0001-06", "DTO-TEST-0002");
    // Numbering the second zending on from the first is wrong.
    for (i, r) in b.iter_mut().enumerate() {
        r[6..12].copy_from_slice(format!("{:06}", i + 7).as_bytes());
    }
    assert_eq!(
        findings(&file(&[a, b])),
        vec![x(7, 3110011, "0001-03", FATAL)]
    );
}

#[test]
fn c3110011_zending_without_header_starts_at_000001() {
    let mut l = bericht(r0002(), vec![student(1)]);
    for (i, r) in l.iter_mut().enumerate() {
        r[6..12].copy_from_slice(format!("{:06}", i + 2).as_bytes());
    }
    assert_eq!(
        findings(&join(&l)),
        vec![x(1, 3110011, "0002-03", FATAL), x(1, 3900003, "", FATAL)]
    );
}

#[test]
fn c3110020_on_last_line_of_bericht_interrupted_by_end_of_file() {
    let mut l = default_zending(1);
    l.pop();
    set(&mut l[S], "0135-03", "000010");
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(2, 3900002, "", FATAL),
            x(4, 3110011, "0135-03", FATAL),
            x(5, 3110011, "0136-03", FATAL),
            x(5, 3110020, "", FATAL),
        ]
    );
}

#[test]
fn c3110020_on_last_line_before_the_interrupting_bericht_header() {
    let mut l = zending(
        r0001(),
        vec![
            bericht(r0002(), vec![student(1)]),
            bericht(r0002_for("511", "10600"), vec![student_hs(2, "511")]),
        ],
    );
    l.remove(5);
    renumber(&mut l);
    set(&mut l[S], "0135-03", "000010");
    // Line 5 expected 000011 holds 000005; line 6 (the second 0002) then follows on.
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(2, 3900002, "", FATAL),
            x(4, 3110011, "0135-03", FATAL),
            x(5, 3110011, "0136-03", FATAL),
            x(5, 3110020, "", FATAL),
        ]
    );
}

#[test]
fn c3110011_outside_every_bericht() {
    // A stray 0136 after the berichteinde with a wrong number.
    let mut l = default_zending(1);
    l.push(with(r0136(1), "0136-03", "000099"));
    assert_eq!(
        findings(&join(&l)),
        vec![x(7, 3110003, "", FATAL), x(7, 3110011, "0136-03", FATAL)]
    );
}

// =======================================================================================
// Section 5.1: headers and counts.

#[test]
fn c3900011_aantal_berichten_wrong() {
    assert_eq!(
        one(Z, "0001-10", "0002"),
        vec![x(1, 3900011, "0001-10", FATAL)]
    );
}

#[test]
fn c3900011_zero_berichten_announced() {
    assert_eq!(
        one(Z, "0001-10", "0000"),
        vec![x(1, 3900011, "0001-10", FATAL)]
    );
}

#[test]
fn c3900012_each_count_of_the_berichteinde() {
    assert_eq!(
        one(B, "0003-05", "0000002"),
        vec![x(6, 3900012, "0003-05", FATAL)]
    );
    assert_eq!(
        one(B, "0003-06", "0000000"),
        vec![x(6, 3900012, "0003-06", FATAL)]
    );
    assert_eq!(
        one(B, "0003-07", "00000006"),
        vec![x(6, 3900012, "0003-07", FATAL)]
    );
}

#[test]
fn c3900012_all_three_counts_wrong() {
    let got = edit(|l| {
        set(&mut l[B], "0003-05", "0000000");
        set(&mut l[B], "0003-06", "0000000");
        set(&mut l[B], "0003-07", "00000000");
    });
    assert_eq!(
        got,
        vec![
            x(6, 3900012, "0003-05", FATAL),
            x(6, 3900012, "0003-06", FATAL),
            x(6, 3900012, "0003-07", FATAL),
        ]
    );
}

#[test]
fn c3900010_referentienummer_not_unique_in_one_file() {
    let a = default_zending(1);
    let b = default_zending(1);
    let c = default_zending(2);
    assert_eq!(
        findings(&file(&[a, b, c])),
        vec![x(7, 3900010, "", FATAL), x(13, 3900010, "", FATAL)]
    );
}

#[test]
fn c3900010_across_files_of_one_run() {
    let a = join(&default_zending(1));
    let b = join(&default_zending(2));
    assert_eq!(
        findings_run(&[a, b]),
        vec![vec![], vec![x(1, 3900010, "", FATAL)]]
    );
}

#[test]
fn c3900010_testzendingen_take_no_part() {
    let t = |z: Vec<Rec>| {
        let mut z = z;
        set(&mut z[Z], "0001-09", "T");
        z
    };
    // test then normal, normal then test, test and test: never 3900010
    let n = default_zending(1);
    assert_eq!(findings(&file(&[t(n.clone()), n.clone()])), vec![]);
    assert_eq!(findings(&file(&[n.clone(), t(n.clone())])), vec![]);
    assert_eq!(findings(&file(&[t(n.clone()), t(n.clone())])), vec![]);
    // a testzending between two normal ones: the later normal one gets it
    assert_eq!(
        findings(&file(&[n.clone(), t(n.clone()), n])),
        vec![x(13, 3900010, "", FATAL)]
    );
}

#[test]
fn c3900010_other_afzender_same_referentienummer_is_fine() {
    let a = zending_of("041801", 1);
    let b = zending_of("041902", 2);
    assert_eq!(findings(&file(&[a, b])), vec![]);
}

#[test]
fn c3900010_compares_referentienummer_as_written() {
    let a = default_zending(1);
    let mut b = default_zending(2);
    set(&mut b[Z], "0001-06", " DTO-TEST-0001");
    assert_eq!(findings(&file(&[a, b])), vec![]);
}

#[test]
fn c3900010_absent_referentienummer_takes_no_part() {
    let mut a = default_zending(1);
    clear(&mut a[Z], "0001-06");
    let b = a.clone();
    assert_eq!(
        findings(&file(&[a, b])),
        vec![
            x(1, 4020006, "0001-06", FATAL),
            x(7, 4020006, "0001-06", FATAL)
        ]
    );
}

// =======================================================================================
// Section 3: presence and types.

#[test]
fn c4020006_required_fields_absent() {
    for (idx, id) in [
        (Z, "0001-05"),
        (Z, "0001-07"),
        (Z, "0001-08"),
        (Z, "0001-09"),
        (H, "0002-05"),
        (H, "0002-06"),
        (B, "0003-06"),
        (H, "0002-07"),
        (H, "0002-08"),
        (I, "0134-06"),
        (I, "0134-08"),
        (I, "0134-09"),
        (I, "0134-05"),
        (I, "0134-10"),
        (I, "0134-11"),
        (I, "0134-12"),
        (I, "0134-13"),
        (I, "0134-14"),
        (S, "0135-05"),
        (S, "0135-07"),
        (S, "0135-09"),
        (S, "0135-14"),
        (S, "0135-15"),
        (E, "0136-07"),
        (E, "0136-09"),
        (E, "0136-10"),
        (E, "0136-11"),
        (E, "0136-12"),
        (E, "0136-13"),
        (E, "0136-14"),
        (E, "0136-15"),
        (E, "0136-16"),
        (E, "0136-17"),
        (E, "0136-19"),
        (E, "0136-20"),
        (E, "0136-21"),
        (E, "0136-22"),
        (E, "0136-23"),
        (E, "0136-24"),
        (E, "0136-25"),
        (E, "0136-29"),
        (E, "0136-30"),
        (E, "0136-31"),
    ] {
        assert_eq!(
            one(idx, id, ""),
            vec![x(ln(idx), 4020006, id, FATAL)],
            "{id} absent"
        );
    }
}

#[test]
fn c4020006_absent_field_ends_its_checks_and_rules_that_read_it() {
    // 0136-28 absent: 4020006, and 0136-29 is not compared with it.
    assert_eq!(one(E, "0136-28", ""), vec![x(5, 4020006, "0136-28", FATAL)]);
    // 0136-26 absent: 0136-18 and 0136-28 are not compared with the sum.
    assert_eq!(one(E, "0136-26", ""), vec![x(5, 4020006, "0136-26", FATAL)]);
    // 0136-30 absent: 0136-31 J not compared.
    let got = edit(|l| {
        clear(&mut l[E], "0136-30");
        set(&mut l[E], "0136-31", "J");
    });
    assert_eq!(got, vec![x(5, 4020006, "0136-30", FATAL)]);
}

#[test]
fn c4020006_header_fields_absent_are_only_4020006() {
    // 0002-04 absent: the data records are not compared with it.
    assert_eq!(one(H, "0002-04", ""), vec![x(2, 4020006, "0002-04", FATAL)]);
    assert_eq!(one(B, "0003-04", ""), vec![x(6, 4020006, "0003-04", FATAL)]);
}

#[test]
fn c4020006_blank_codepage() {
    assert_eq!(one(Z, "0001-04", ""), vec![x(1, 4020006, "0001-04", FATAL)]);
}

#[test]
fn c4020006_blank_aantal_berichten_gives_no_3900011() {
    assert_eq!(one(Z, "0001-10", ""), vec![x(1, 4020006, "0001-10", FATAL)]);
}

#[test]
fn c4020006_blank_counts_of_berichteinde() {
    assert_eq!(one(B, "0003-05", ""), vec![x(6, 4020006, "0003-05", FATAL)]);
    assert_eq!(one(B, "0003-07", ""), vec![x(6, 4020006, "0003-07", FATAL)]);
}

#[test]
fn c4020006_blank_instellingsnummer_and_hoofdstructuur_of_data_records() {
    assert_eq!(one(I, "0134-04", ""), vec![x(3, 4020006, "0134-04", FATAL)]);
    assert_eq!(one(S, "0135-04", ""), vec![x(4, 4020006, "0135-04", FATAL)]);
    assert_eq!(one(E, "0136-05", ""), vec![x(5, 4020006, "0136-05", FATAL)]);
    assert_eq!(one(E, "0136-08", ""), vec![x(5, 4020006, "0136-08", FATAL)]);
}

#[test]
fn c4020006_stamboeknummer_absent_in_0135_and_0136() {
    // Absent 0135-06: 4020006; the 0136-06 is then not compared with it.
    assert_eq!(one(S, "0135-06", ""), vec![x(4, 4020006, "0135-06", FATAL)]);
    assert_eq!(one(E, "0136-06", ""), vec![x(5, 4020006, "0136-06", FATAL)]);
}

#[test]
fn c4900001_numeric_fields_with_non_digits() {
    for (idx, id, v) in [
        (Z, "0001-04", "85O"),
        (Z, "0001-05", "04180A"),
        (Z, "0001-08", "10:150"),
        (Z, "0001-10", "000X"),
        (H, "0002-04", "04-801"),
        (H, "0002-05", "4 1"),
        (H, "0002-06", "1060O"),
        (H, "0002-07", "2O24"),
        (B, "0003-04", "04180 "),
        (B, "0003-06", "000000l"),
        (I, "0134-06", "00001801000012A"),
        (I, "0134-07", "9705140030O"),
        (I, "0134-12", "0015O"),
        (S, "0135-07", "0-"),
        (S, "0135-09", "20l5"),
        (E, "0136-09", "00I"),
        (E, "0136-24", "+00"),
        (E, "0136-25", "0.0"),
    ] {
        assert_eq!(
            one(idx, id, v),
            vec![x(ln(idx), 4900001, id, FATAL)],
            "{id}={v:?}"
        );
    }
}

#[test]
fn c4900001_numeric_field_with_leading_blanks() {
    assert_eq!(
        one(E, "0136-18", " 60"),
        vec![x(5, 4900001, "0136-18", FATAL)]
    );
}

#[test]
fn c4900001_numeric_field_left_aligned_with_trailing_blank() {
    assert_eq!(
        one(E, "0136-18", "60"),
        vec![x(5, 4900001, "0136-18", FATAL)]
    );
}

#[test]
fn c4900002_dates_that_are_no_date() {
    for v in [
        "31.02.2025",
        "29.02.2023",
        "04-02-2025",
        "04.02/2025",
        "4.2.2025",
        "00.00.0000",
        "01.01.0000",
        "32.01.2025",
        "01.13.2025",
        "2025.02.04",
        "04.02.25",
    ] {
        assert_eq!(
            one(Z, "0001-07", v),
            vec![x(1, 4900002, "0001-07", FATAL)],
            "{v}"
        );
    }
}

#[test]
fn dates_with_slashes_and_leap_days_are_valid() {
    assert_eq!(one(Z, "0001-07", "04/02/2025"), vec![]);
    assert_eq!(one(Z, "0001-07", "29.02.2024"), vec![]);
    assert_eq!(one(E, "0136-16", "16/09/2024"), vec![]);
    assert_eq!(one(E, "0136-17", "00/00/0000"), vec![]);
    assert_eq!(one(I, "0134-10", "14/05/1997"), vec![]);
}

#[test]
fn c4900002_zero_date_passes_only_in_0136_17() {
    assert_eq!(
        one(E, "0136-16", "00.00.0000"),
        vec![x(5, 4900002, "0136-16", FATAL)]
    );
    // 0134-10 unusable: the identificatienummer's date is not compared.
    assert_eq!(
        one(I, "0134-10", "00.00.0000"),
        vec![x(3, 4900002, "0134-10", FATAL)]
    );
    assert_eq!(
        one(H, "0002-08", "00/00/0000"),
        vec![x(2, 4900002, "0002-08", FATAL)]
    );
}

#[test]
fn c4900002_0136_17_with_mixed_zero_date_separators() {
    assert_eq!(
        one(E, "0136-17", "00.00/0000"),
        vec![x(5, 4900002, "0136-17", FATAL)]
    );
}

#[test]
fn c4900003_text_fields_with_forbidden_bytes() {
    for (idx, id, v) in [
        (Z, "0001-06", b"DTO\x07TEST".to_vec()),
        (I, "0134-08", b"Olie\x7fslagers".to_vec()),
        (I, "0134-09", b"Fi\xffen".to_vec()),
        (I, "0134-08", b"Olie\tslagers".to_vec()),
        (E, "0136-30", b"\x00".to_vec()),
    ] {
        let got = edit(|l| set_bytes(&mut l[idx], id, &v));
        assert_eq!(got, vec![x(ln(idx), 4900003, id, FATAL)], "{id}={v:?}");
    }
}

#[test]
fn text_fields_accept_bytes_0x80_to_0xfe() {
    let got = edit(|l| set_bytes(&mut l[I], "0134-08", b"D\x82sir\xe9 \x80\xfe"));
    assert_eq!(got, vec![]);
}

#[test]
fn c4900004_opvulling_not_blank_is_a_warning_in_every_record() {
    for (idx, id) in [
        (Z, "0001-11"),
        (H, "0002-09"),
        (B, "0003-08"),
        (I, "0134-15"),
        (S, "0135-20"),
        (E, "0136-32"),
    ] {
        assert_eq!(
            one(idx, id, "x"),
            vec![x(ln(idx), 4900004, id, WARN)],
            "{id}"
        );
    }
}

#[test]
fn c4900004_opvulling_with_a_control_byte_is_still_only_4900004() {
    let got = edit(|l| l[E][209] = 0);
    assert_eq!(got, vec![x(5, 4900004, "0136-32", WARN)]);
}

#[test]
fn fields_01_to_03_never_get_section_3_findings() {
    // A blank recordvolgnummer is 3210001, a non-digit versienummer 3110019.
    assert_eq!(
        one(I, "0134-03", "      "),
        vec![x(3, 3210001, "0134-03", FATAL)]
    );
    assert_eq!(
        one(I, "0134-02", "A5"),
        vec![x(3, 3110019, "0134-02", FATAL)]
    );
}

// =======================================================================================
// Section 5.1 / 6: the zending-header 0001.

#[test]
fn c4410130_0001_04_codepage() {
    assert_eq!(
        one(Z, "0001-04", "851"),
        vec![x(1, 4410130, "0001-04", FATAL)]
    );
    assert_eq!(one(Z, "0001-04", "819"), vec![]);
    assert_eq!(one(Z, "0001-04", "252"), vec![]);
}

#[test]
fn c4420232_0001_05_unknown_afzender_and_0002_04_not_compared() {
    // 0002-04 "equal to 0001-05" reads a field with a finding: skipped.
    assert_eq!(
        one(Z, "0001-05", "999999"),
        vec![x(1, 4420232, "0001-05", FATAL)]
    );
}

#[test]
fn c4410130_0001_08_aanmaaktijd() {
    for v in ["240000", "236000", "235960", "2359 9"] {
        let code = if v.contains(' ') { 4900001 } else { 4410130 };
        assert_eq!(
            one(Z, "0001-08", v),
            vec![x(1, code, "0001-08", FATAL)],
            "{v}"
        );
    }
    assert_eq!(one(Z, "0001-08", "235959"), vec![]);
    assert_eq!(one(Z, "0001-08", "000000"), vec![]);
}

#[test]
fn c4410130_0001_09_testcode() {
    assert_eq!(
        one(Z, "0001-09", "X"),
        vec![x(1, 4410130, "0001-09", FATAL)]
    );
    assert_eq!(
        one(Z, "0001-09", "t"),
        vec![x(1, 4410130, "0001-09", FATAL)]
    );
    assert_eq!(one(Z, "0001-09", "T"), vec![]);
}

// =======================================================================================
// The bericht-header 0002.

#[test]
fn c4410152_0002_04_other_instelling_than_afzender() {
    // The data records are not compared with a header field that had a finding.
    assert_eq!(
        one(H, "0002-04", "021101"),
        vec![x(2, 4410152, "0002-04", FATAL)]
    );
}

#[test]
fn c4420232_0002_04_unknown_instelling_wins_over_4410152() {
    assert_eq!(
        one(H, "0002-04", "999999"),
        vec![x(2, 4420232, "0002-04", FATAL)]
    );
}

#[test]
fn c4410130_0002_05_hoofdstructuur_not_411_or_511() {
    // The data records' 0134-05 etc. are not compared with it, and 0136-11/12 accept the
    // union of both lists.
    let got = edit(|l| {
        set(&mut l[H], "0002-05", "611");
        set(&mut l[E], "0136-11", "51");
        set(&mut l[E], "0136-12", "54");
    });
    assert_eq!(got, vec![x(2, 4410130, "0002-05", FATAL)]);
}

#[test]
fn c4410130_0002_05_hoofdstructuur_not_organised_by_the_instelling() {
    let mut l = default_zending(1);
    retarget(&mut l, "021101", "034101"); // a hogeschool: 411 only
    assert_eq!(findings(&join(&l)), vec![]);
    set(&mut l[H], "0002-05", "511");
    assert_eq!(findings(&join(&l)), vec![x(2, 4410130, "0002-05", FATAL)]);
}

#[test]
fn c4410130_0002_06_gebeurteniscode() {
    // A broken gebeurtenis: 0002-08 is not checked against it.
    assert_eq!(
        one(H, "0002-06", "10500"),
        vec![x(2, 4410130, "0002-06", FATAL)]
    );
}

#[test]
fn c4410130_0002_07_academiejaar_before_2005() {
    // AJ unusable: 0002-08, 0136-08, 0136-16 and the AJ bounds are not checked.
    assert_eq!(
        one(H, "0002-07", "2004"),
        vec![x(2, 4410130, "0002-07", FATAL)]
    );
}

#[test]
fn c4410130_0002_07_academiejaar_after_year_of_aanmaakdatum() {
    let got = edit(|l| {
        set(&mut l[H], "0002-07", "2026");
        set(&mut l[H], "0002-08", "01.02.2027");
        set(&mut l[E], "0136-08", "2026");
        set(&mut l[E], "0136-16", "16.09.2026");
    });
    assert_eq!(got, vec![x(2, 4410130, "0002-07", FATAL)]);
    // the year of the aanmaakdatum itself is allowed
    let got = edit(|l| {
        set(&mut l[Z], "0001-07", "04.02.2026");
        set(&mut l[H], "0002-07", "2026");
        set(&mut l[H], "0002-08", "01.02.2027");
        set(&mut l[E], "0136-08", "2026");
        set(&mut l[E], "0136-16", "16.09.2026");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c4410130_0002_07_no_upper_bound_when_aanmaakdatum_had_a_finding() {
    let got = edit(|l| {
        set(&mut l[Z], "0001-07", "31.02.2025");
        set(&mut l[H], "0002-07", "2030");
        set(&mut l[H], "0002-08", "01.02.2031");
        set(&mut l[E], "0136-08", "2030");
        set(&mut l[E], "0136-16", "16.09.2030");
    });
    assert_eq!(got, vec![x(1, 4900002, "0001-07", FATAL)]);
}

#[test]
fn c4410130_0002_08_tellingsdatum_10600() {
    assert_eq!(
        one(H, "0002-08", "02.02.2025"),
        vec![x(2, 4410130, "0002-08", FATAL)]
    );
    assert_eq!(
        one(H, "0002-08", "01.02.2024"),
        vec![x(2, 4410130, "0002-08", FATAL)]
    );
    assert_eq!(one(H, "0002-08", "01/02/2025"), vec![]);
}

#[test]
fn c4410130_0002_08_tellingsdatum_10400() {
    let z = |v: &str| {
        let mut l = zending_for("10400", 1);
        set(&mut l[H], "0002-08", v);
        findings(&join(&l))
    };
    assert_eq!(z("30.09.2025"), vec![]);
    assert_eq!(z("29.09.2025"), vec![x(2, 4410130, "0002-08", FATAL)]);
    assert_eq!(z("30.09.2024"), vec![x(2, 4410130, "0002-08", FATAL)]);
    assert_eq!(z("01.02.2025"), vec![x(2, 4410130, "0002-08", FATAL)]);
}

#[test]
fn c4410130_0002_08_tellingsdatum_10620_window_and_stays_fatal() {
    let z = |v: &str| {
        let mut l = zending_for("10620", 1);
        set(&mut l[H], "0002-08", v);
        set(&mut l[E], "0136-16", "01.07.2024");
        findings(&join(&l))
    };
    assert_eq!(z("01.07.2024"), vec![]);
    assert_eq!(z("30.09.2025"), vec![]);
    assert_eq!(z("30.06.2024"), vec![x(2, 4410130, "0002-08", FATAL)]);
    assert_eq!(z("01.10.2025"), vec![x(2, 4410130, "0002-08", FATAL)]);
}

// =======================================================================================
// The berichteinde 0003.

#[test]
fn c4410152_0003_04_not_the_bericht_header() {
    assert_eq!(
        one(B, "0003-04", "021101"),
        vec![x(6, 4410152, "0003-04", FATAL)]
    );
}

// =======================================================================================
// Data records: equal to the bericht-header.

#[test]
fn c4410152_data_record_fields_unequal_to_bericht_header() {
    for (idx, id, v) in [
        (I, "0134-04", "021101"),
        (I, "0134-05", "511"),
        (S, "0135-04", "021101"),
        (S, "0135-05", "511"),
        (E, "0136-04", "021101"),
        (E, "0136-05", "511"),
        (E, "0136-08", "2023"),
    ] {
        assert_eq!(
            one(idx, id, v),
            vec![x(ln(idx), 4410152, id, FATAL)],
            "{id}={v}"
        );
    }
}

#[test]
fn c4430383_0135_06_unequal_to_0134_06() {
    // 0136-06 reads 0135-06, which had a finding: not compared.
    assert_eq!(
        one(S, "0135-06", &stamboeknummer(9)),
        vec![x(4, 4430383, "0135-06", FATAL)]
    );
}

#[test]
fn c4430383_whichever_digit_of_the_stamboeknummer_differs() {
    for at in 0..15 {
        let mut other = stamboeknummer(1).into_bytes();
        other[at] = if other[at] == b'5' { b'6' } else { b'5' };
        let other = String::from_utf8(other).unwrap();
        assert_eq!(
            one(S, "0135-06", &other),
            vec![x(4, 4430383, "0135-06", FATAL)],
            "0135-06 {other}"
        );
        assert_eq!(
            one(E, "0136-06", &other),
            vec![x(5, 4430383, "0136-06", FATAL)],
            "0136-06 {other}"
        );
    }
}

#[test]
fn c4430383_0136_06_unequal_to_0135_06() {
    assert_eq!(
        one(E, "0136-06", &stamboeknummer(9)),
        vec![x(5, 4430383, "0136-06", FATAL)]
    );
}

#[test]
fn c4430383_0136_compared_with_0135_not_with_0134() {
    // 0134-06 with a type finding: 0135-06 not compared with it; 0136-06 equals 0135-06.
    let got = edit(|l| set(&mut l[I], "0134-06", "00001801000012X"));
    assert_eq!(got, vec![x(3, 4900001, "0134-06", FATAL)]);
}

#[test]
fn c4430383_not_on_a_0136_before_the_berichts_first_0134() {
    // The 0134 gone: the 0135 is out of order, and the 0136 belongs to no student group,
    // so its 0136-06 is compared with nothing, not even with the 0135 before it.
    let got = edit(|l| {
        l.remove(I);
        renumber(l);
        set(&mut l[E - 1], "0136-06", &stamboeknummer(9));
        set(&mut l[B - 1], "0003-07", "00000004");
    });
    assert_eq!(got, vec![x(3, 3110003, "", FATAL)]);
}

// =======================================================================================
// 0134 identificatiegegevens.

#[test]
fn c4020006_0134_07_required_with_belgian_postcode() {
    assert_eq!(one(I, "0134-07", ""), vec![x(3, 4020006, "0134-07", FATAL)]);
}

#[test]
fn c4020006_0134_07_not_required_with_domicile_abroad() {
    let got = edit(|l| {
        clear(&mut l[I], "0134-07");
        set(&mut l[I], "0134-13", "9999");
        set(&mut l[I], "0134-14", "00112");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c4020006_0134_07_not_required_when_postcode_unusable() {
    // 0134-13 with a finding: the condition is skipped, never making the field required.
    let got = edit(|l| {
        clear(&mut l[I], "0134-07");
        set(&mut l[I], "0134-13", "0999");
    });
    assert_eq!(got, vec![x(3, 4410130, "0134-13", FATAL)]);
    let got = edit(|l| {
        clear(&mut l[I], "0134-07");
        clear(&mut l[I], "0134-13");
    });
    assert_eq!(got, vec![x(3, 4020006, "0134-13", FATAL)]);
}

#[test]
fn c4020006_0134_07_may_be_absent_in_10620() {
    assert_eq!(one_10620(I, "0134-07", ""), vec![]);
}

#[test]
fn c4410130_0134_10_geboortedatum_year_range() {
    // 2013 > AJ - 12: 4410130; the identificatienummer is then not compared with it.
    assert_eq!(
        one(I, "0134-10", "01.01.2013"),
        vec![x(3, 4410130, "0134-10", FATAL)]
    );
    assert_eq!(
        one(I, "0134-10", "31.12.1899"),
        vec![x(3, 4410130, "0134-10", FATAL)]
    );
    // 2012 = AJ - 12 and 1900 are allowed
    let got = edit(|l| {
        set(&mut l[I], "0134-10", "31.12.2012");
        set(&mut l[I], "0134-07", &rrn("121231001", true));
    });
    assert_eq!(got, vec![]);
    let got = edit(|l| {
        set(&mut l[I], "0134-10", "01.01.1900");
        set(&mut l[I], "0134-07", &rrn("000101001", false));
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c4410130_0134_10_upper_bound_dropped_when_aj_unusable() {
    let got = edit(|l| {
        set(&mut l[H], "0002-07", "2004");
        set(&mut l[I], "0134-10", "01.01.2013");
        set(&mut l[I], "0134-07", &rrn("130101001", true));
    });
    assert_eq!(got, vec![x(2, 4410130, "0002-07", FATAL)]);
    // the fixed lower bound still applies
    let got = edit(|l| {
        set(&mut l[H], "0002-07", "2004");
        set(&mut l[I], "0134-10", "31.12.1899");
    });
    assert_eq!(
        got,
        vec![
            x(2, 4410130, "0002-07", FATAL),
            x(3, 4410130, "0134-10", FATAL)
        ]
    );
}

#[test]
fn c4410130_0134_11_geslacht() {
    assert_eq!(
        one(I, "0134-11", "X"),
        vec![x(3, 4410130, "0134-11", FATAL)]
    );
    assert_eq!(
        one(I, "0134-11", "m"),
        vec![x(3, 4410130, "0134-11", FATAL)]
    );
}

#[test]
fn c4410130_0134_12_nationaliteit() {
    assert_eq!(
        one(I, "0134-12", "00999"),
        vec![x(3, 4410130, "0134-12", FATAL)]
    );
    assert_eq!(one(I, "0134-12", "00112"), vec![]);
}

#[test]
fn c4410130_0134_13_postcode() {
    for v in ["0999", "9993", "0000"] {
        assert_eq!(
            one(I, "0134-13", v),
            vec![x(3, 4410130, "0134-13", FATAL)],
            "{v}"
        );
    }
    assert_eq!(one(I, "0134-13", "1000"), vec![]);
    assert_eq!(one(I, "0134-13", "9992"), vec![]);
}

#[test]
fn c4410130_0134_14_belgium_with_domicile_abroad() {
    let got = edit(|l| set(&mut l[I], "0134-13", "9999"));
    assert_eq!(got, vec![x(3, 4410130, "0134-14", FATAL)]);
}

#[test]
fn c4410130_0134_14_abroad_with_belgian_postcode() {
    assert_eq!(
        one(I, "0134-14", "00112"),
        vec![x(3, 4410130, "0134-14", FATAL)]
    );
}

#[test]
fn c4410130_0134_14_not_a_landcode() {
    assert_eq!(
        one(I, "0134-14", "00999"),
        vec![x(3, 4410130, "0134-14", FATAL)]
    );
}

#[test]
fn c4410130_0134_14_not_compared_with_unusable_postcode() {
    let got = edit(|l| {
        set(&mut l[I], "0134-13", "99A9");
        set(&mut l[I], "0134-14", "00112");
    });
    assert_eq!(got, vec![x(3, 4900001, "0134-13", FATAL)]);
}

// =======================================================================================
// 0135 studenteninformatie.

#[test]
fn c4410130_0135_07_herkomst() {
    assert_eq!(
        one(S, "0135-07", "07"),
        vec![x(4, 4410130, "0135-07", FATAL)]
    );
    assert_eq!(
        one(S, "0135-07", "00"),
        vec![x(4, 4410130, "0135-07", FATAL)]
    );
    assert_eq!(one(S, "0135-07", "99"), vec![]);
    assert_eq!(one(S, "0135-07", "06"), vec![]);
}

#[test]
fn c4020006_0135_08_and_0135_10_required_after_1995() {
    assert_eq!(one(S, "0135-08", ""), vec![x(4, 4020006, "0135-08", FATAL)]);
    assert_eq!(one(S, "0135-10", ""), vec![x(4, 4020006, "0135-10", FATAL)]);
}

#[test]
fn c4020006_0135_08_and_0135_10_not_required_until_1995() {
    let got = edit(|l| {
        set(&mut l[S], "0135-09", "1995");
        clear(&mut l[S], "0135-08");
        clear(&mut l[S], "0135-10");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c4020006_0135_08_10_not_required_when_0135_09_unusable() {
    let got = edit(|l| {
        set(&mut l[S], "0135-09", "19X6");
        clear(&mut l[S], "0135-08");
        clear(&mut l[S], "0135-10");
    });
    assert_eq!(got, vec![x(4, 4900001, "0135-09", FATAL)]);
}

#[test]
fn c4410130_0135_08_not_an_afstudeerrichting() {
    assert_eq!(
        one(S, "0135-08", "399999"),
        vec![x(4, 4410130, "0135-08", FATAL)]
    );
}

#[test]
fn c4410112_0135_08_not_organised_by_the_school() {
    // 301101 is an afstudeerrichting (of 120059), not of 120097.
    assert_eq!(
        one(S, "0135-08", "301101"),
        vec![x(4, 4410112, "0135-08", FATAL)]
    );
}

#[test]
fn c4410112_0135_08_pairing_only_with_table_values() {
    // special school value: no pairing check
    let got = edit(|l| set(&mut l[S], "0135-10", "999999"));
    assert_eq!(got, vec![]);
    // special afstudeerrichting with a real school
    let got = edit(|l| set(&mut l[S], "0135-08", "444444"));
    assert_eq!(got, vec![]);
}

#[test]
fn c4410112_0135_08_not_compared_with_unusable_school() {
    let got = edit(|l| {
        set(&mut l[S], "0135-08", "301101");
        set(&mut l[S], "0135-10", "999998");
    });
    assert_eq!(got, vec![x(4, 4420232, "0135-10", FATAL)]);
}

#[test]
fn c4410130_0135_09_range() {
    assert_eq!(
        one(S, "0135-09", "1899"),
        vec![x(4, 4410130, "0135-09", FATAL)]
    );
    assert_eq!(
        one(S, "0135-09", "2026"),
        vec![x(4, 4410130, "0135-09", FATAL)]
    );
    assert_eq!(one(S, "0135-09", "2025"), vec![]); // AJ + 1
}

#[test]
fn c4410130_0135_09_9999_only_with_777777() {
    assert_eq!(
        one(S, "0135-09", "9999"),
        vec![x(4, 4410130, "0135-09", FATAL)]
    );
    let got = edit(|l| {
        set(&mut l[S], "0135-08", "777777");
        set(&mut l[S], "0135-09", "9999");
        set(&mut l[S], "0135-10", "777777");
        set(&mut l[S], "0135-18", "00112");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c4410130_0135_09_9999_is_a_code_also_when_aj_is_unusable() {
    // AJ unusable drops the upper bound of 1900..AJ+1; 9999 still needs 0135-08 777777.
    let got = edit(|l| {
        set(&mut l[H], "0002-07", "2004");
        set(&mut l[S], "0135-09", "9999");
    });
    assert_eq!(
        got,
        vec![
            x(2, 4410130, "0002-07", FATAL),
            x(4, 4410130, "0135-09", FATAL)
        ]
    );
    // and a year far past AJ + 1 passes
    let got = edit(|l| {
        set(&mut l[H], "0002-07", "2004");
        set(&mut l[S], "0135-09", "2090");
    });
    assert_eq!(got, vec![x(2, 4410130, "0002-07", FATAL)]);
}

#[test]
fn c4020006_0135_08_when_0135_09_is_9999_and_0135_08_absent() {
    // 9999 passes (the rule reads an absent field: skipped), and 0135-08 is required.
    let got = edit(|l| {
        clear(&mut l[S], "0135-08");
        set(&mut l[S], "0135-09", "9999");
        set(&mut l[S], "0135-10", "777777");
    });
    assert_eq!(got, vec![x(4, 4020006, "0135-08", FATAL)]);
}

#[test]
fn c4420232_0135_10_not_a_secondary_school() {
    assert_eq!(
        one(S, "0135-10", "999998"),
        vec![x(4, 4420232, "0135-10", FATAL)]
    );
    // an instelling of higher education is no secondary school
    assert_eq!(
        one(S, "0135-10", "041801"),
        vec![x(4, 4420232, "0135-10", FATAL)]
    );
}

#[test]
fn c0135_10_special_values() {
    for v in ["444444", "555555", "666666", "777777", "888888", "999999"] {
        assert_eq!(one(S, "0135-10", v), vec![], "{v}");
    }
}

#[test]
fn c0135_08_special_values() {
    for v in ["444444", "555555", "666666", "888888", "999999"] {
        assert_eq!(one(S, "0135-08", v), vec![], "{v}");
    }
}

/// A 0135 with a higher-education diploma: 0135-11 034101 in 2020 from 021101.
fn with_diploma(l: &mut [Rec]) {
    set(&mut l[S], "0135-11", "034101");
    set(&mut l[S], "0135-12", "2020");
    set(&mut l[S], "0135-13", "021101");
}

#[test]
fn c0135_11_to_13_valid_diploma() {
    assert_eq!(edit(|l| with_diploma(l)), vec![]);
}

#[test]
fn c4020006_0135_11_and_0135_13_required_after_1995() {
    let got = edit(|l| {
        with_diploma(l);
        clear(&mut l[S], "0135-11");
    });
    assert_eq!(got, vec![x(4, 4020006, "0135-11", FATAL)]);
    let got = edit(|l| {
        with_diploma(l);
        clear(&mut l[S], "0135-13");
    });
    assert_eq!(got, vec![x(4, 4020006, "0135-13", FATAL)]);
}

#[test]
fn c0135_11_and_0135_13_not_required_until_1995() {
    let got = edit(|l| set(&mut l[S], "0135-12", "1995"));
    assert_eq!(got, vec![]);
}

#[test]
fn c4410130_0135_11_not_an_ag() {
    let got = edit(|l| {
        with_diploma(l);
        set(&mut l[S], "0135-11", "034100");
    });
    assert_eq!(got, vec![x(4, 4410130, "0135-11", FATAL)]);
}

#[test]
fn c4020006_0135_19_required_with_foreign_diploma() {
    for v in ["777777", "777771", "777772"] {
        let got = edit(|l| {
            with_diploma(l);
            set(&mut l[S], "0135-11", v);
            set(&mut l[S], "0135-13", "777777");
        });
        assert_eq!(got, vec![x(4, 4020006, "0135-19", FATAL)], "{v}");
        let got = edit(|l| {
            with_diploma(l);
            set(&mut l[S], "0135-11", v);
            set(&mut l[S], "0135-13", "777777");
            set(&mut l[S], "0135-19", "99999");
        });
        assert_eq!(got, vec![], "{v}");
    }
}

#[test]
fn c4410130_0135_19_not_a_landcode() {
    let got = edit(|l| {
        with_diploma(l);
        set(&mut l[S], "0135-11", "777777");
        set(&mut l[S], "0135-13", "777777");
        set(&mut l[S], "0135-19", "00999");
    });
    assert_eq!(got, vec![x(4, 4410130, "0135-19", FATAL)]);
}

#[test]
fn c4430330_0135_12_out_of_range_is_only_a_warning() {
    let got = edit(|l| {
        with_diploma(l);
        set(&mut l[S], "0135-12", "2025");
    });
    assert_eq!(got, vec![x(4, 4430330, "0135-12", WARN)]);
    assert_eq!(
        one(S, "0135-12", "1899"),
        vec![x(4, 4430330, "0135-12", WARN)]
    );
}

#[test]
fn c4430330_0135_12_out_of_range_makes_0135_11_and_13_not_required() {
    // 0135-12 had a finding: the condition reading it is skipped.
    assert_eq!(
        one(S, "0135-12", "2025"),
        vec![x(4, 4430330, "0135-12", WARN)]
    );
}

#[test]
fn c4420240_0135_13_unknown_instelling_is_a_warning() {
    let got = edit(|l| {
        with_diploma(l);
        set(&mut l[S], "0135-13", "999998");
    });
    assert_eq!(got, vec![x(4, 4420240, "0135-13", WARN)]);
}

#[test]
fn c4420240_0135_13_444444_is_no_special_value() {
    let got = edit(|l| {
        with_diploma(l);
        set(&mut l[S], "0135-13", "444444");
    });
    assert_eq!(got, vec![x(4, 4420240, "0135-13", WARN)]);
}

#[test]
fn c4410130_0135_14_and_15_range() {
    assert_eq!(
        one(S, "0135-14", "2025"),
        vec![x(4, 4410130, "0135-14", FATAL)]
    );
    assert_eq!(
        one(S, "0135-14", "1899"),
        vec![x(4, 4410130, "0135-14", FATAL)]
    );
    assert_eq!(
        one(S, "0135-15", "2025"),
        vec![x(4, 4410130, "0135-15", FATAL)]
    );
    assert_eq!(one(S, "0135-15", "2024"), vec![]);
    assert_eq!(one(S, "0135-14", "9999"), vec![]);
}

/// 0135-16/17: last enrolled in AG 034101 at 021101.
fn with_last_enrolment(l: &mut [Rec]) {
    set(&mut l[S], "0135-16", "034101");
    set(&mut l[S], "0135-17", "021101");
}

#[test]
fn c0135_16_17_valid_last_enrolment() {
    assert_eq!(edit(|l| with_last_enrolment(l)), vec![]);
    let got = edit(|l| {
        set(&mut l[S], "0135-16", "888888");
        set(&mut l[S], "0135-17", "888888");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c4020006_0135_17_required_when_0135_16_filled() {
    assert_eq!(
        one(S, "0135-16", "034101"),
        vec![x(4, 4020006, "0135-17", FATAL)]
    );
}

#[test]
fn c0135_17_without_0135_16_is_fine() {
    assert_eq!(one(S, "0135-17", "021101"), vec![]);
}

#[test]
fn c4410130_0135_16_not_an_ag() {
    let got = edit(|l| {
        with_last_enrolment(l);
        set(&mut l[S], "0135-16", "034100");
    });
    assert_eq!(got, vec![x(4, 4410130, "0135-16", FATAL)]);
}

#[test]
fn c4410112_0135_16_not_organised_by_0135_17() {
    // 034104 exists, 021101 does not organise it.
    let got = edit(|l| {
        with_last_enrolment(l);
        set(&mut l[S], "0135-16", "034104");
    });
    assert_eq!(got, vec![x(4, 4410112, "0135-16", FATAL)]);
}

#[test]
fn c4420232_0135_17_unknown_instelling() {
    let got = edit(|l| {
        with_last_enrolment(l);
        set(&mut l[S], "0135-17", "999998");
    });
    assert_eq!(got, vec![x(4, 4420232, "0135-17", FATAL)]);
}

#[test]
fn c4020006_0135_18_required_with_777777() {
    let got = edit(|l| {
        set(&mut l[S], "0135-08", "777777");
        set(&mut l[S], "0135-10", "777777");
    });
    assert_eq!(got, vec![x(4, 4020006, "0135-18", FATAL)]);
}

#[test]
fn c4410130_0135_18_not_a_landcode() {
    let got = edit(|l| {
        set(&mut l[S], "0135-08", "777777");
        set(&mut l[S], "0135-10", "777777");
        set(&mut l[S], "0135-18", "00998");
    });
    assert_eq!(got, vec![x(4, 4410130, "0135-18", FATAL)]);
    let got = edit(|l| {
        set(&mut l[S], "0135-08", "777777");
        set(&mut l[S], "0135-10", "777777");
        set(&mut l[S], "0135-18", "99999");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c4410114_stamboeknummer_not_unique_in_bericht() {
    // Student 1's whole group twice: the later 0135-06 gets 4410114 (same stamboeknummer,
    // so no 4910020).
    let groups = vec![student(1), student(2), student(1)];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(findings(&join(&l)), vec![x(10, 4410114, "0135-06", FATAL)]);
}

#[test]
fn c4410114_every_later_duplicate_gets_it() {
    let groups = vec![student(1), student(1), student(1)];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(7, 4410114, "0135-06", FATAL),
            x(10, 4410114, "0135-06", FATAL)
        ]
    );
}

#[test]
fn c4410114_also_when_the_0135_06_has_its_own_finding() {
    // Student 2's 0135 holds student 1's stamboeknummer (unequal to its 0134: 4430383):
    // the uniqueness check takes part whatever the field's own findings. A field gives at
    // most one finding from its own checks; 4410114 is a cross-record finding on top.
    let mut l = default_zending(2);
    set(&mut l[6], "0135-06", &stamboeknummer(1));
    set(&mut l[7], "0136-06", &stamboeknummer(1));
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(7, 4410114, "0135-06", FATAL),
            x(7, 4430383, "0135-06", FATAL)
        ]
    );
}

#[test]
fn c4410114_not_across_berichten() {
    let l = zending(
        r0001(),
        vec![
            bericht(r0002(), vec![student(1)]),
            bericht(r0002_for("411", "10400"), vec![student(1)]),
        ],
    );
    assert_eq!(findings(&join(&l)), vec![]);
}

#[test]
fn c4410114_stays_fatal_in_10620() {
    let groups = vec![student(1), student(1)];
    let l = zending(r0001(), vec![bericht(r0002_for("411", "10620"), groups)]);
    assert_eq!(findings(&join(&l)), vec![x(7, 4410114, "0135-06", FATAL)]);
}

// =======================================================================================
// 0136 inschrijvingsinformatie.

#[test]
fn c4410112_0136_07_ag_not_organised_by_the_instelling() {
    // 034102 exists, 041801 does not organise it.
    assert_eq!(
        one(E, "0136-07", "034102"),
        vec![x(5, 4410112, "0136-07", FATAL)]
    );
}

#[test]
fn c4410130_0136_07_ag_that_exists_nowhere() {
    assert_eq!(
        one(E, "0136-07", "034100"),
        vec![x(5, 4410130, "0136-07", FATAL)]
    );
}

#[test]
fn c0136_07_ag_hoofdstructuur_is_not_checked() {
    // 033802 is a 511 AG, organised by 041801; in a 411 bericht it is fine.
    assert_eq!(one(E, "0136-07", "033802"), vec![]);
}

#[test]
fn c4410113_0136_09_vestiging_of_another_instelling() {
    assert_eq!(
        one(E, "0136-09", "003"),
        vec![x(5, 4410113, "0136-09", FATAL)]
    );
    assert_eq!(one(E, "0136-09", "002"), vec![]);
}

#[test]
fn c4410130_0136_10_zittijd() {
    assert_eq!(
        one(E, "0136-10", "04"),
        vec![x(5, 4410130, "0136-10", FATAL)]
    );
    assert_eq!(one(E, "0136-10", "03"), vec![]);
}

#[test]
fn c4410130_0136_11_per_hoofdstructuur() {
    // 411: 11..19, 01..06, 99
    for v in ["11", "19", "01", "06", "99"] {
        assert_eq!(one(E, "0136-11", v), vec![], "411 {v}");
    }
    for v in ["51", "60", "10", "20", "07", "00"] {
        assert_eq!(
            one(E, "0136-11", v),
            vec![x(5, 4410130, "0136-11", FATAL)],
            "411 {v}"
        );
    }
    // 511: 11..19, 51..60, 99
    let z511 = |v: &str| {
        let mut l = zending(
            r0001(),
            vec![bericht(
                r0002_for("511", "10600"),
                vec![student_hs(1, "511")],
            )],
        );
        set(&mut l[E], "0136-11", v);
        findings(&join(&l))
    };
    for v in ["11", "19", "51", "60", "99"] {
        assert_eq!(z511(v), vec![], "511 {v}");
    }
    for v in ["01", "06", "61", "50"] {
        assert_eq!(z511(v), vec![x(5, 4410130, "0136-11", FATAL)], "511 {v}");
    }
}

#[test]
fn c4410130_0136_12_per_hoofdstructuur() {
    for v in ["01", "02", "99"] {
        assert_eq!(one(E, "0136-12", v), vec![], "411 {v}");
    }
    for v in ["51", "03", "54"] {
        assert_eq!(
            one(E, "0136-12", v),
            vec![x(5, 4410130, "0136-12", FATAL)],
            "411 {v}"
        );
    }
    let z511 = |v: &str| {
        let mut l = zending(
            r0001(),
            vec![bericht(
                r0002_for("511", "10600"),
                vec![student_hs(1, "511")],
            )],
        );
        set(&mut l[E], "0136-12", v);
        findings(&join(&l))
    };
    for v in ["51", "54", "99"] {
        assert_eq!(z511(v), vec![], "511 {v}");
    }
    for v in ["01", "02", "55"] {
        assert_eq!(z511(v), vec![x(5, 4410130, "0136-12", FATAL)], "511 {v}");
    }
}

#[test]
fn c4410130_0136_11_and_12_union_when_hoofdstructuur_unusable() {
    let got = edit(|l| {
        clear(&mut l[H], "0002-05");
        set(&mut l[E], "0136-11", "55");
        set(&mut l[E], "0136-12", "52");
    });
    assert_eq!(got, vec![x(2, 4020006, "0002-05", FATAL)]);
    let got = edit(|l| {
        clear(&mut l[H], "0002-05");
        set(&mut l[E], "0136-11", "07");
    });
    assert_eq!(
        got,
        vec![
            x(2, 4020006, "0002-05", FATAL),
            x(5, 4410130, "0136-11", FATAL)
        ]
    );
}

#[test]
fn c4410130_0136_13_to_15() {
    assert_eq!(
        one(E, "0136-13", "3"),
        vec![x(5, 4410130, "0136-13", FATAL)]
    );
    assert_eq!(one(E, "0136-13", "2"), vec![]);
    assert_eq!(
        one(E, "0136-14", "4"),
        vec![x(5, 4410130, "0136-14", FATAL)]
    );
    assert_eq!(
        one(E, "0136-14", "0"),
        vec![x(5, 4410130, "0136-14", FATAL)]
    );
    assert_eq!(one(E, "0136-14", "3"), vec![]);
    assert_eq!(
        one(E, "0136-15", "04"),
        vec![x(5, 4410130, "0136-15", FATAL)]
    );
    assert_eq!(one(E, "0136-15", "99"), vec![]);
}

#[test]
fn c4410130_0136_16_year_not_aj_or_aj_plus_1() {
    assert_eq!(
        one(E, "0136-16", "31.08.2023"),
        vec![x(5, 4410130, "0136-16", FATAL)]
    );
    // 2026: 4410130, not 4430384, although it is after the tellingsdatum
    let got = edit(|l| {
        set(&mut l[E], "0136-16", "01.01.2026");
        set(&mut l[E], "0136-17", "00.00.0000");
    });
    assert_eq!(got, vec![x(5, 4410130, "0136-16", FATAL)]);
    assert_eq!(one(E, "0136-16", "01.01.2024"), vec![]);
    assert_eq!(one(E, "0136-16", "01.02.2025"), vec![]); // on the tellingsdatum
}

#[test]
fn c4430384_0136_16_after_tellingsdatum_is_a_warning() {
    assert_eq!(
        one(E, "0136-16", "02.02.2025"),
        vec![x(5, 4430384, "0136-16", WARN)]
    );
    assert_eq!(
        one(E, "0136-16", "31.12.2025"),
        vec![x(5, 4430384, "0136-16", WARN)]
    );
}

#[test]
fn c4430384_with_an_unusable_academiejaar_compares_with_the_tellingsdatum_alone() {
    // AJ 2004 has a finding: 0002-08 is not checked, and 0136-16 loses only its bound
    // "year AJ or AJ+1" (0136-08 repeats the header's AJ, so it has no finding).
    let got = |datum: &str| {
        edit(|l| {
            set(&mut l[H], "0002-07", "2004");
            set(&mut l[E], "0136-08", "2004");
            set(&mut l[E], "0136-16", datum);
        })
    };
    assert_eq!(
        got("03.02.2025"),
        vec![
            x(2, 4410130, "0002-07", FATAL),
            x(5, 4430384, "0136-16", WARN)
        ]
    );
    assert_eq!(got("16.09.2019"), vec![x(2, 4410130, "0002-07", FATAL)]);
}

#[test]
fn c4430384_not_checked_when_tellingsdatum_unusable() {
    let got = edit(|l| {
        set(&mut l[H], "0002-08", "02.02.2025");
        set(&mut l[E], "0136-16", "03.02.2025");
    });
    assert_eq!(got, vec![x(2, 4410130, "0002-08", FATAL)]);
}

#[test]
fn c4410130_0136_17_before_0136_16() {
    assert_eq!(
        one(E, "0136-17", "15.09.2024"),
        vec![x(5, 4410130, "0136-17", FATAL)]
    );
    assert_eq!(one(E, "0136-17", "16.09.2024"), vec![]);
    assert_eq!(one(E, "0136-17", "16/09/2024"), vec![]);
    assert_eq!(one(E, "0136-17", "20.10.2024"), vec![]);
}

#[test]
fn c4410130_0136_17_not_compared_with_unusable_0136_16() {
    let got = edit(|l| {
        set(&mut l[E], "0136-16", "31.09.2024");
        set(&mut l[E], "0136-17", "15.09.2024");
    });
    assert_eq!(got, vec![x(5, 4900002, "0136-16", FATAL)]);
    // also when 0136-16 has a value finding
    let got = edit(|l| {
        set(&mut l[E], "0136-16", "16.09.2023");
        set(&mut l[E], "0136-17", "15.09.2023");
    });
    assert_eq!(got, vec![x(5, 4410130, "0136-16", FATAL)]);
}

#[test]
fn c4910002_0136_18_not_the_sum() {
    assert_eq!(
        one(E, "0136-18", "059"),
        vec![x(5, 4910002, "0136-18", FATAL)]
    );
    let got = edit(|l| {
        set(&mut l[E], "0136-18", "066");
        set(&mut l[E], "0136-27", "006");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c4410132_0136_18_below_3_is_a_warning() {
    let got = edit(|l| {
        set(&mut l[E], "0136-18", "002");
        set(&mut l[E], "0136-26", "002");
        set(&mut l[E], "0136-28", "000");
        set(&mut l[E], "0136-29", "000");
    });
    assert_eq!(got, vec![x(5, 4410132, "0136-18", WARN)]);
    let got = edit(|l| {
        set(&mut l[E], "0136-18", "003");
        set(&mut l[E], "0136-26", "003");
        set(&mut l[E], "0136-28", "000");
        set(&mut l[E], "0136-29", "000");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c0136_18_first_check_wins_sum_before_below_3() {
    let got = edit(|l| {
        set(&mut l[E], "0136-18", "001");
        set(&mut l[E], "0136-26", "002");
        set(&mut l[E], "0136-28", "000");
        set(&mut l[E], "0136-29", "000");
    });
    assert_eq!(got, vec![x(5, 4910002, "0136-18", FATAL)]);
}

/// The 511 zending with one student in doctoraat AG 033844 (organised by 041801).
fn doctoraat() -> Vec<Rec> {
    let mut l = zending(
        r0001(),
        vec![bericht(
            r0002_for("511", "10600"),
            vec![student_hs(1, "511")],
        )],
    );
    set(&mut l[E], "0136-07", "033844");
    l
}

#[test]
fn c4020006_0136_18_absent_allowed_with_doctoraat() {
    let mut l = doctoraat();
    assert_eq!(findings(&join(&l)), vec![]);
    clear(&mut l[E], "0136-18");
    assert_eq!(findings(&join(&l)), vec![]);
}

#[test]
fn c4020006_0136_18_absent_without_doctoraat() {
    assert_eq!(one(E, "0136-18", ""), vec![x(5, 4020006, "0136-18", FATAL)]);
}

#[test]
fn c4020006_0136_18_required_when_0136_07_unusable() {
    let got = edit(|l| {
        set(&mut l[E], "0136-07", "03384X");
        clear(&mut l[E], "0136-18");
    });
    assert_eq!(
        got,
        vec![
            x(5, 4020006, "0136-18", FATAL),
            x(5, 4900001, "0136-07", FATAL)
        ]
    );
}

#[test]
fn c4410132_0136_18_below_3_with_doctoraat() {
    let mut l = doctoraat();
    set(&mut l[E], "0136-18", "000");
    set(&mut l[E], "0136-26", "000");
    set(&mut l[E], "0136-28", "000");
    set(&mut l[E], "0136-29", "000");
    assert_eq!(findings(&join(&l)), vec![x(5, 4410132, "0136-18", WARN)]);
}

#[test]
fn c4910002_skipped_when_a_term_is_absent() {
    // in 10620 0136-26 may be absent: the sum rule and the 0136-28 rule are skipped
    let got = edit_10620(|l| clear(&mut l[E], "0136-26"));
    assert_eq!(got, vec![]);
    let got = edit_10620(|l| clear(&mut l[E], "0136-27"));
    assert_eq!(got, vec![]);
}

#[test]
fn c4410130_0136_19_to_21() {
    assert_eq!(
        one(E, "0136-19", "06"),
        vec![x(5, 4410130, "0136-19", FATAL)]
    );
    assert_eq!(one(E, "0136-19", "05"), vec![]);
    assert_eq!(
        one(E, "0136-20", "05"),
        vec![x(5, 4410130, "0136-20", FATAL)]
    );
    assert_eq!(one(E, "0136-20", "04"), vec![]);
    assert_eq!(
        one(E, "0136-21", "11"),
        vec![x(5, 4410130, "0136-21", FATAL)]
    );
    for v in ["10", "21", "22", "23", "31", "32", "33", "40"] {
        assert_eq!(one(E, "0136-21", v), vec![], "{v}");
    }
}

#[test]
fn c4410130_0136_22_taalregime() {
    assert_eq!(
        one(E, "0136-22", "6"),
        vec![x(5, 4410130, "0136-22", FATAL)]
    );
    assert_eq!(
        one(E, "0136-22", "0"),
        vec![x(5, 4410130, "0136-22", FATAL)]
    );
    assert_eq!(one(E, "0136-22", "5"), vec![]);
}

#[test]
fn c4410130_0136_22_9_with_bama_ag() {
    assert_eq!(
        one(E, "0136-22", "9"),
        vec![x(5, 4410130, "0136-22", FATAL)]
    );
}

#[test]
fn c0136_22_9_with_non_bama_ag_is_fine() {
    // 034142 afbouw, bama N, organised by 041801
    let got = edit(|l| {
        set(&mut l[E], "0136-07", "034142");
        set(&mut l[E], "0136-22", "9");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c0136_22_9_not_compared_with_unusable_ag() {
    let got = edit(|l| {
        set(&mut l[E], "0136-07", "034100");
        set(&mut l[E], "0136-22", "9");
    });
    assert_eq!(got, vec![x(5, 4410130, "0136-07", FATAL)]);
}

#[test]
fn c4410130_0136_23_creditcontract_with_other_ag() {
    assert_eq!(
        one(E, "0136-23", "02"),
        vec![x(5, 4410130, "0136-23", FATAL)]
    );
}

#[test]
fn c4410130_0136_23_other_contract_with_creditcontract_ag() {
    for (v, want) in [
        ("01", vec![x(5, 4410130, "0136-23", FATAL)]),
        ("03", vec![x(5, 4410130, "0136-23", FATAL)]),
        ("99", vec![x(5, 4410130, "0136-23", FATAL)]),
        ("02", vec![]),
    ] {
        let got = edit(|l| {
            set(&mut l[E], "0136-07", "034206");
            set(&mut l[E], "0136-22", "9"); // creditcontract AG: bama N
            set(&mut l[E], "0136-23", v);
        });
        assert_eq!(got, want, "{v}");
    }
}

#[test]
fn c4410130_0136_23_not_a_contract() {
    assert_eq!(
        one(E, "0136-23", "04"),
        vec![x(5, 4410130, "0136-23", FATAL)]
    );
    assert_eq!(one(E, "0136-23", "03"), vec![]);
    assert_eq!(one(E, "0136-23", "99"), vec![]);
}

#[test]
fn c0136_23_not_compared_with_unusable_ag() {
    let got = edit(|l| {
        set(&mut l[E], "0136-07", "034102");
        set(&mut l[E], "0136-23", "02");
    });
    // 034102 exists but is not organised: a finding, so 0136-23 is not compared.
    assert_eq!(got, vec![x(5, 4410112, "0136-07", FATAL)]);
}

#[test]
fn c0136_24_to_27_any_three_digits() {
    assert_eq!(one(E, "0136-24", "999"), vec![]);
    assert_eq!(one(E, "0136-25", "999"), vec![]);
}

#[test]
fn c4410130_0136_28_above_sum() {
    let got = edit(|l| {
        set(&mut l[E], "0136-28", "061");
        set(&mut l[E], "0136-29", "061");
    });
    assert_eq!(got, vec![x(5, 4410130, "0136-28", FATAL)]);
    let got = edit(|l| {
        set(&mut l[E], "0136-28", "060");
        set(&mut l[E], "0136-29", "060");
    });
    assert_eq!(got, vec![]);
}

#[test]
fn c4410130_0136_28_above_sum_and_29_not_compared_with_it() {
    // 0136-29 036 is below 0136-28 061, but 0136-28 had a finding.
    assert_eq!(
        one(E, "0136-28", "061"),
        vec![x(5, 4410130, "0136-28", FATAL)]
    );
}

#[test]
fn c4410130_0136_29_below_28() {
    assert_eq!(
        one(E, "0136-29", "035"),
        vec![x(5, 4410130, "0136-29", FATAL)]
    );
    assert_eq!(one(E, "0136-29", "999"), vec![]);
}

#[test]
fn c0136_29_not_compared_with_unusable_28() {
    let got = edit(|l| {
        set(&mut l[E], "0136-28", "0X6");
        set(&mut l[E], "0136-29", "000");
    });
    assert_eq!(got, vec![x(5, 4900001, "0136-28", FATAL)]);
}

#[test]
fn c4410130_0136_30_and_31() {
    assert_eq!(
        one(E, "0136-30", "X"),
        vec![x(5, 4410130, "0136-30", FATAL)]
    );
    assert_eq!(
        one(E, "0136-31", "X"),
        vec![x(5, 4410130, "0136-31", FATAL)]
    );
    assert_eq!(one(E, "0136-30", "N"), vec![]);
}

#[test]
fn c4410130_0136_31_j_while_0136_30_n() {
    let got = edit(|l| {
        set(&mut l[E], "0136-30", "N");
        set(&mut l[E], "0136-31", "J");
    });
    assert_eq!(got, vec![x(5, 4410130, "0136-31", FATAL)]);
    assert_eq!(one(E, "0136-31", "J"), vec![]); // 0136-30 is J
}

#[test]
fn c0136_31_j_not_compared_with_unusable_30() {
    let got = edit(|l| {
        set(&mut l[E], "0136-30", "X");
        set(&mut l[E], "0136-31", "J");
    });
    assert_eq!(got, vec![x(5, 4410130, "0136-30", FATAL)]);
}

// =======================================================================================
// At most one finding per field.

#[test]
fn first_check_wins_presence_before_value() {
    // absent 0136-07: only 4020006, no 4410130, and 0136-22/23/18 rules that read it are
    // skipped
    let got = edit(|l| {
        clear(&mut l[E], "0136-07");
        set(&mut l[E], "0136-22", "9");
        set(&mut l[E], "0136-23", "02");
    });
    assert_eq!(got, vec![x(5, 4020006, "0136-07", FATAL)]);
}

#[test]
fn first_check_wins_type_before_value() {
    assert_eq!(
        one(S, "0135-10", "12O097"),
        vec![x(4, 4900001, "0135-10", FATAL)]
    );
    assert_eq!(
        one(E, "0136-09", "0A3"),
        vec![x(5, 4900001, "0136-09", FATAL)]
    );
}

#[test]
fn first_check_wins_among_value_rules() {
    // 0136-16 in 2026: out of range is reported, not also after the tellingsdatum.
    assert_eq!(
        one(E, "0136-16", "02.02.2026"),
        vec![x(5, 4410130, "0136-16", FATAL)]
    );
    // 0002-04 unknown: 4420232 only, not also 4410152.
    assert_eq!(
        one(H, "0002-04", "123456"),
        vec![x(2, 4420232, "0002-04", FATAL)]
    );
}

#[test]
fn several_fields_of_one_record_each_get_their_finding() {
    let got = edit(|l| {
        set(&mut l[E], "0136-10", "05");
        set(&mut l[E], "0136-13", "7");
        set(&mut l[E], "0136-24", "0 0");
        clear(&mut l[E], "0136-31");
    });
    assert_eq!(
        got,
        vec![
            x(5, 4020006, "0136-31", FATAL),
            x(5, 4410130, "0136-10", FATAL),
            x(5, 4410130, "0136-13", FATAL),
            x(5, 4900001, "0136-24", FATAL),
        ]
    );
}

// =======================================================================================
// 10620 columns.

#[test]
fn pres_10620_optional_fields_may_be_absent() {
    for (idx, id) in [
        (I, "0134-07"),
        (I, "0134-12"),
        (I, "0134-14"),
        (S, "0135-09"),
        (S, "0135-14"),
        (S, "0135-15"),
        (E, "0136-11"),
        (E, "0136-12"),
        (E, "0136-14"),
        (E, "0136-19"),
        (E, "0136-20"),
        (E, "0136-26"),
        (E, "0136-27"),
    ] {
        assert_eq!(one_10620(idx, id, ""), vec![], "{id} absent in 10620");
        assert_eq!(
            one(idx, id, ""),
            vec![x(ln(idx), 4020006, id, FATAL)],
            "{id} absent in 10600"
        );
    }
}

#[test]
fn pres_10620_optional_conditional_fields_may_be_absent() {
    for id in ["0135-08", "0135-10"] {
        assert_eq!(one_10620(S, id, ""), vec![], "{id}");
    }
    let got = edit_10620(|l| set(&mut l[S], "0135-16", "034101"));
    assert_eq!(got, vec![], "0135-17 absent");
    let got = edit_10620(|l| {
        with_diploma(l);
        clear(&mut l[S], "0135-11");
        clear(&mut l[S], "0135-13");
    });
    assert_eq!(got, vec![], "0135-11/13 absent");
    let got = edit_10620(|l| {
        set(&mut l[S], "0135-08", "777777");
        set(&mut l[S], "0135-10", "777777");
    });
    assert_eq!(got, vec![], "0135-18 absent");
}

#[test]
fn pres_10620_equal_fields_stay_required() {
    // 0136-18 (C, =) and 0136-16 (V, =)
    assert_eq!(
        one_10620(E, "0136-16", ""),
        vec![x(5, 4020006, "0136-16", FATAL)]
    );
    assert_eq!(
        one_10620(E, "0136-18", ""),
        vec![x(5, 4020006, "0136-18", FATAL)]
    );
    assert_eq!(
        one_10620(I, "0134-10", ""),
        vec![x(3, 4020006, "0134-10", FATAL)]
    );
}

#[test]
fn sev_10620_warning_value_findings_become_warnings() {
    for (idx, id, v, code) in [
        (I, "0134-12", "00999", 4410130),
        (I, "0134-14", "00999", 4410130),
        (S, "0135-08", "399999", 4410130),
        (S, "0135-08", "301101", 4410112),
        (S, "0135-10", "999998", 4420232),
        (S, "0135-17", "021101", 0), // valid without 0135-16: no finding
        (E, "0136-13", "3", 4410130),
        (E, "0136-19", "06", 4410130),
        (E, "0136-20", "05", 4410130),
    ] {
        let want = if code == 0 {
            vec![]
        } else {
            vec![x(ln(idx), code, id, WARN)]
        };
        assert_eq!(one_10620(idx, id, v), want, "{id}={v}");
    }
}

#[test]
fn sev_10620_warning_on_0135_16_and_17() {
    let got = edit_10620(|l| {
        with_last_enrolment(l);
        set(&mut l[S], "0135-16", "034104");
    });
    assert_eq!(got, vec![x(4, 4410112, "0135-16", WARN)]);
    let got = edit_10620(|l| {
        with_last_enrolment(l);
        set(&mut l[S], "0135-17", "999998");
    });
    assert_eq!(got, vec![x(4, 4420232, "0135-17", WARN)]);
}

#[test]
fn sev_10620_warning_on_0135_11_and_13() {
    let got = edit_10620(|l| {
        with_diploma(l);
        set(&mut l[S], "0135-11", "034100");
    });
    assert_eq!(got, vec![x(4, 4410130, "0135-11", WARN)]);
}

#[test]
fn sev_10620_warning_presence_finding_is_a_warning_too() {
    // 0136-13 is V in 10620 too, with sev. warning: its 4020006 is a warning.
    assert_eq!(
        one_10620(E, "0136-13", ""),
        vec![x(5, 4020006, "0136-13", WARN)]
    );
}

#[test]
fn sev_10620_warning_type_findings_stay_fatal() {
    for (idx, id, v, code) in [
        (I, "0134-12", "0015O", 4900001),
        (S, "0135-17", "0A1101", 4900001),
        (S, "0135-08", "30110X", 4900001),
        (E, "0136-13", "A", 4900001),
        (E, "0136-20", "9 ", 4900001),
    ] {
        assert_eq!(
            one_10620(idx, id, v),
            vec![x(ln(idx), code, id, FATAL)],
            "{id}={v}"
        );
    }
}

#[test]
fn sev_10620_equal_fields_stay_fatal() {
    assert_eq!(
        one_10620(E, "0136-22", "7"),
        vec![x(5, 4410130, "0136-22", FATAL)]
    );
    assert_eq!(
        one_10620(E, "0136-07", "034102"),
        vec![x(5, 4410112, "0136-07", FATAL)]
    );
    assert_eq!(
        one_10620(E, "0136-09", "003"),
        vec![x(5, 4410113, "0136-09", FATAL)]
    );
    assert_eq!(
        one_10620(S, "0135-07", "07"),
        vec![x(4, 4410130, "0135-07", FATAL)]
    );
    assert_eq!(
        one_10620(E, "0136-06", &stamboeknummer(9)),
        vec![x(5, 4430383, "0136-06", FATAL)]
    );
    assert_eq!(
        one_10620(E, "0136-18", "059"),
        vec![x(5, 4910002, "0136-18", FATAL)]
    );
}

#[test]
fn sev_10620_warning_codes_stay_warnings() {
    assert_eq!(
        one_10620(E, "0136-16", "16.11.2024"),
        vec![x(5, 4430384, "0136-16", WARN)]
    );
    assert_eq!(
        one_10620(E, "0136-32", "x"),
        vec![x(5, 4900004, "0136-32", WARN)]
    );
}

#[test]
fn gebeurtenis_is_10620_only_when_bytes_22_26_read_10620() {
    // A broken gebeurtenis (" 10620" shifted) uses the definitive columns and rules.
    let mut l = zending_for("10620", 1);
    set(&mut l[H], "0002-06", "1062O");
    clear(&mut l[I], "0134-12");
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(2, 4900001, "0002-06", FATAL),
            x(3, 4020006, "0134-12", FATAL)
        ]
    );
}

#[test]
fn records_outside_a_bericht_use_the_definitive_columns() {
    // A stray 0134 without nationaliteit after a 10620 bericht: 4020006 fatal.
    let mut l = zending_for("10620", 1);
    let mut stray = r0134(2);
    clear(&mut stray, "0134-12");
    l.push(stray);
    l.push(r0135(2));
    renumber(&mut l);
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(7, 3110003, "", FATAL),
            x(7, 4020006, "0134-12", FATAL),
            x(8, 3110003, "", FATAL),
        ]
    );
}

// =======================================================================================
// Section 7: cross-record checks within a bericht.

#[test]
fn c4910020_identificatienummer_of_two_students() {
    let mut l = default_zending(2);
    set(&mut l[5], "0134-07", &rrn_of(1));
    assert_eq!(findings(&join(&l)), vec![x(6, 4910020, "0134-07", FATAL)]);
}

#[test]
fn c4910020_stays_fatal_in_10620() {
    let mut l = zending_for("10620", 2);
    set(&mut l[5], "0134-07", &rrn_of(1));
    assert_eq!(findings(&join(&l)), vec![x(6, 4910020, "0134-07", FATAL)]);
}

#[test]
fn c4910020_not_for_numbers_with_findings() {
    // Both students hold the same number with wrong check digits: 4910010 each, no 4910020.
    let bad = {
        let mut s = rrn_of(1);
        s.replace_range(9.., if &s[9..] == "00" { "01" } else { "00" });
        s
    };
    let mut l = default_zending(2);
    set(&mut l[I], "0134-07", &bad);
    set(&mut l[5], "0134-07", &bad);
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(3, 4910010, "0134-07", FATAL),
            x(6, 4910010, "0134-07", FATAL)
        ]
    );
}

#[test]
fn c4910020_not_across_berichten() {
    let l = zending(
        r0001(),
        vec![
            bericht(r0002(), vec![student(1)]),
            bericht(
                r0002_for("411", "10400"),
                vec![{
                    let mut s = student(2);
                    set(&mut s[0], "0134-07", &rrn_of(1));
                    s
                }],
            ),
        ],
    );
    assert_eq!(findings(&join(&l)), vec![]);
}

/// A second 0136 for student 1: a copy of the default with `changes` applied.
fn second_0136(changes: &[(&str, &str)]) -> Rec {
    let mut r = r0136(1);
    for (id, v) in changes {
        set(&mut r, id, v);
    }
    r
}

fn group_with(extra: Vec<Rec>) -> Vec<Rec> {
    let mut g = student(1);
    g.extend(extra);
    zending(r0001(), vec![bericht(r0002(), vec![g])])
}

#[test]
fn c4910001_duplicate_inschrijving() {
    let l = group_with(vec![second_0136(&[])]);
    assert_eq!(findings(&join(&l)), vec![x(6, 4910001, "", FATAL)]);
}

#[test]
fn c4910001_key_compares_datum_inschrijving_as_a_date() {
    let l = group_with(vec![second_0136(&[("0136-16", "16/09/2024")])]);
    assert_eq!(findings(&join(&l)), vec![x(6, 4910001, "", FATAL)]);
}

#[test]
fn c4910001_fields_outside_the_key_do_not_matter() {
    let l = group_with(vec![second_0136(&[
        ("0136-10", "01"),
        ("0136-14", "2"),
        ("0136-21", "10"),
    ])]);
    assert_eq!(findings(&join(&l)), vec![x(6, 4910001, "", FATAL)]);
}

#[test]
fn c4910001_stays_fatal_in_10620() {
    let mut g = student(1);
    g.push(r0136(1));
    let l = zending(r0001(), vec![bericht(r0002_for("411", "10620"), vec![g])]);
    assert_eq!(findings(&join(&l)), vec![x(6, 4910001, "", FATAL)]);
}

#[test]
fn c4910001_record_with_a_finding_on_a_key_field_takes_no_part() {
    // vestiging 003 (4410113) is a key field: no 4910001; its AG is the same and the key
    // differs (vestiging), but it takes no part in 4420271 either.
    let l = group_with(vec![second_0136(&[("0136-09", "003")])]);
    assert_eq!(findings(&join(&l)), vec![x(6, 4410113, "0136-09", FATAL)]);
}

#[test]
fn c4910001_only_within_one_group() {
    let groups = vec![student(1), student(2)];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(findings(&join(&l)), vec![]);
}

#[test]
fn c4420271_same_ag_different_key_neither_uitgeschreven() {
    let l = group_with(vec![second_0136(&[("0136-16", "17.09.2024")])]);
    assert_eq!(findings(&join(&l)), vec![x(6, 4420271, "0136-07", WARN)]);
}

#[test]
fn c4420271_not_when_one_is_uitgeschreven() {
    let mut g = student(1);
    set(&mut g[2], "0136-17", "30.09.2024");
    g.push(second_0136(&[("0136-16", "01.10.2024")]));
    let l = zending(r0001(), vec![bericht(r0002(), vec![g])]);
    assert_eq!(findings(&join(&l)), vec![]);
    let l = group_with(vec![second_0136(&[
        ("0136-16", "01.10.2024"),
        ("0136-17", "02.10.2024"),
    ])]);
    assert_eq!(findings(&join(&l)), vec![]);
}

#[test]
fn c4420271_not_for_another_ag() {
    let l = group_with(vec![second_0136(&[("0136-07", "034107")])]);
    assert_eq!(findings(&join(&l)), vec![]);
}

#[test]
fn c4420271_and_4910001_on_one_record() {
    // A (16.09), B (17.09, same AG): B gets 4420271. C = A: 4910001 against A and 4420271
    // against B.
    let l = group_with(vec![
        second_0136(&[("0136-16", "17.09.2024")]),
        second_0136(&[]),
    ]);
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(6, 4420271, "0136-07", WARN),
            x(7, 4420271, "0136-07", WARN),
            x(7, 4910001, "", FATAL),
        ]
    );
}

// =======================================================================================
// Across the run: 4930001.

/// The zending of `instelling` (041801 with AG 034101 or 041902 with AG 034102) with
/// student `n` (same identificatienummer for the same n).
fn zending_of(instelling: &str, n: u32) -> Vec<Rec> {
    let mut l = zending(r0001(), vec![bericht(r0002(), vec![student(n)])]);
    if instelling != AFZENDER {
        retarget(&mut l, instelling, "034102");
    }
    l
}

#[test]
fn c4930001_first_inschrijving_at_two_instellingen() {
    let a = join(&zending_of("041801", 1));
    let b = join(&zending_of("041902", 1));
    assert_eq!(
        findings_run(&[a.clone(), b.clone()]),
        vec![vec![], vec![x(5, 4930001, "0136-13", WARN)]]
    );
    // the lowest instellingsnummer keeps its records whatever the order of the files
    assert_eq!(
        findings_run(&[b, a]),
        vec![vec![x(5, 4930001, "0136-13", WARN)], vec![]]
    );
}

#[test]
fn c4930001_over_more_instellingen_than_sixteen_bits_count() {
    // One bericht per instelling, the highest instellingsnummer first, every one with
    // student 1: all but the last bericht (the lowest number) get the warning.
    const INSTELLINGEN: usize = 66_000;
    let berichten: Vec<Vec<Rec>> = (0..INSTELLINGEN)
        .rev()
        .map(|i| {
            let mut b = bericht(r0002(), vec![student(1)]);
            retarget(&mut b, &format!("{i:06}"), "034101");
            b
        })
        .collect();
    let mut lines = Vec::new();
    for (z, chunk) in berichten.chunks(9_000).enumerate() {
        let header = r0001_ref(&format!("DTO-TEST-{z:04}"));
        lines.extend(zending(header, chunk.to_vec()));
    }
    let found = findings(&join(&lines));
    let warned: Vec<u64> = found
        .iter()
        .filter(|f| f.1 == 4930001)
        .map(|f| f.0)
        .collect();
    let last_0136 = lines.len() as u64 - 1;
    assert_eq!(warned.len(), INSTELLINGEN - 1);
    assert!(!warned.contains(&last_0136));
}

#[test]
fn c4930001_within_one_file() {
    let f = file(&[zending_of("041902", 1), zending_of("041801", 1)]);
    assert_eq!(findings(&f), vec![x(5, 4930001, "0136-13", WARN)]);
}

#[test]
fn c4930001_testzendingen_take_no_part() {
    let mut a = zending_of("041801", 1);
    set(&mut a[Z], "0001-09", "T");
    let b = zending_of("041902", 1);
    assert_eq!(findings(&file(&[a, b.clone()])), vec![]);
    let mut b = b;
    set(&mut b[Z], "0001-09", "T");
    assert_eq!(findings(&file(&[zending_of("041801", 1), b])), vec![]);
}

#[test]
fn c4930001_a_wrong_version_zending_header_reading_t_is_a_testzending() {
    // "A zending is a testzending exactly when 0001-09 reads T", also when the 0001 has a
    // wrong versienummer and no rule reads its fields.
    let a = zending_of("041801", 1);
    let mut b = zending_of("041902", 1);
    set(&mut b[Z], "0001-09", "T");
    b[Z][4..6].copy_from_slice(b"04");
    let wrong_version = x(7, 3110019, "0001-02", FATAL);
    assert_eq!(
        findings(&file(&[a.clone(), b.clone()])),
        vec![wrong_version.clone()]
    );
    set(&mut b[Z], "0001-09", "N");
    assert_eq!(
        findings(&file(&[a, b])),
        vec![wrong_version, x(11, 4930001, "0136-13", WARN)]
    );
}

#[test]
fn c4930001_only_aard_1() {
    let mut b = zending_of("041902", 1);
    set(&mut b[E], "0136-13", "2");
    assert_eq!(findings(&file(&[zending_of("041801", 1), b])), vec![]);
}

#[test]
fn c4930001_per_academiejaar_and_gebeurtenis() {
    let mut b = zending_of("041902", 1);
    set(&mut b[H], "0002-06", "10400");
    set(&mut b[H], "0002-08", "30.09.2025");
    assert_eq!(findings(&file(&[zending_of("041801", 1), b])), vec![]);
}

#[test]
fn c4930001_not_for_identificatienummer_with_findings() {
    let mut a = zending_of("041801", 1);
    let mut b = zending_of("041902", 1);
    set(&mut a[I], "0134-11", "V"); // 4910012 on 0134-07 (SSS odd)
    set(&mut b[I], "0134-11", "V");
    assert_eq!(
        findings(&file(&[a, b])),
        vec![
            x(3, 4910012, "0134-07", FATAL),
            x(9, 4910012, "0134-07", FATAL)
        ]
    );
}

#[test]
fn c4930001_same_instelling_is_no_finding() {
    let l = zending(
        r0001(),
        vec![
            bericht(r0002(), vec![student(1)]),
            bericht(r0002_for("511", "10600"), vec![student_hs(1, "511")]),
        ],
    );
    assert_eq!(findings(&join(&l)), vec![]);
}

#[test]
fn c4930001_counts_berichten_whatever_their_acceptance() {
    // 041801's bericht is rejected (fatal 0136-22) but still keeps its records.
    let mut a = zending_of("041801", 1);
    set(&mut a[E], "0136-22", "7");
    let b = zending_of("041902", 1);
    assert_eq!(
        findings(&file(&[a, b])),
        vec![
            x(5, 4410130, "0136-22", FATAL),
            x(11, 4930001, "0136-13", WARN)
        ]
    );
}

#[test]
fn c4930001_counts_zendingen_without_header() {
    let mut a = zending_of("041801", 1);
    a.remove(0);
    renumber(&mut a);
    let b = zending_of("041902", 1);
    assert_eq!(
        findings(&file(&[a, b])),
        vec![x(1, 3900003, "", FATAL), x(10, 4930001, "0136-13", WARN)]
    );
}

// =======================================================================================
// More structure, sequence and cross-record corners.

#[test]
fn c3900006_directly_followed_skips_invisible_lines() {
    // 0135, an invisible line, then its 0136: the student has an inschrijving.
    let mut l = default_zending(1);
    l.insert(E, b"0136 too short".to_vec());
    renumber(&mut l);
    set(&mut l[6], "0003-07", "00000006");
    assert_eq!(findings(&join(&l)), vec![x(5, 3900001, "", FATAL)]);
}

#[test]
fn c3900006_a_0135_followed_by_another_0135_has_no_inschrijving() {
    // The next visible record decides, not a 0136 later in the group.
    let mut l = default_zending(1);
    l.insert(E, l[S].clone());
    renumber(&mut l);
    set(&mut l[6], "0003-05", "0000002");
    set(&mut l[6], "0003-07", "00000006");
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(4, 3900006, "", WARN),
            x(5, 3110003, "", FATAL),
            // the copy repeats the stamboeknummer
            x(5, 4410114, "0135-06", FATAL)
        ]
    );
}

#[test]
fn c3900005_not_when_followed_by_a_wrong_version_0135() {
    let mut l = default_zending(1);
    set(&mut l[S], "0135-02", "04");
    assert_eq!(findings(&join(&l)), vec![x(4, 3110019, "0135-02", FATAL)]);
}

#[test]
fn c3900011_invisible_zending_header_leaves_its_berichten_in_the_previous_zending() {
    // The second zending's 0001 is 211 bytes: it starts no zending, so the first zending
    // holds two berichten (3900011) and its numbering runs on (line 8 expected 000008).
    let a = default_zending(1);
    let mut b = default_zending(2);
    set(&mut b[Z], "0001-06", "DTO-TEST-0002");
    b[Z].push(b' ');
    assert_eq!(
        findings(&file(&[a, b])),
        vec![
            x(1, 3900011, "0001-10", FATAL),
            x(7, 3900001, "", FATAL),
            x(8, 3110011, "0002-03", FATAL),
        ]
    );
}

#[test]
fn c3110020_when_the_berichteinde_itself_is_misnumbered() {
    let got = edit(|l| set(&mut l[E], "0136-03", "000010"));
    assert_eq!(
        got,
        vec![
            x(5, 3110011, "0136-03", FATAL),
            x(6, 3110011, "0003-03", FATAL),
            x(6, 3110020, "", FATAL),
        ]
    );
}

#[test]
fn c3110020_counts_a_misnumbered_bericht_header() {
    let got = edit(|l| set(&mut l[H], "0002-03", "000009"));
    assert_eq!(
        got,
        vec![
            x(2, 3110011, "0002-03", FATAL),
            x(3, 3110011, "0134-03", FATAL),
            x(6, 3110020, "", FATAL),
        ]
    );
}

#[test]
fn c3110020_not_for_3110011_on_the_zending_header() {
    // The 0001's 3110011 belongs to no bericht: the bericht has only one.
    let got = edit(|l| set(&mut l[Z], "0001-03", "000002"));
    assert_eq!(
        got,
        vec![
            x(1, 3110011, "0001-03", FATAL),
            x(2, 3110011, "0002-03", FATAL),
        ]
    );
}

#[test]
fn c3110020_not_for_3110011_outside_every_bericht() {
    let mut l = default_zending(1);
    l.push(with(r0136(1), "0136-03", "000099"));
    l.push(with(r0136(1), "0136-03", "000009"));
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(7, 3110003, "", FATAL),
            x(7, 3110011, "0136-03", FATAL),
            x(8, 3110003, "", FATAL),
            x(8, 3110011, "0136-03", FATAL),
        ]
    );
}

#[test]
fn c4900002_year_0001_is_a_date_and_then_bounds_the_academiejaar() {
    // 01.01.0001 is a real date; AJ 2024 is then after the aanmaakdatum's year.
    assert_eq!(
        one(Z, "0001-07", "01.01.0001"),
        vec![x(2, 4410130, "0002-07", FATAL)]
    );
    assert_eq!(
        one(Z, "0001-07", "29.02.1900"),
        vec![x(1, 4900002, "0001-07", FATAL)]
    );
}

#[test]
fn c4410130_0135_14_lower_bound_kept_when_aj_unusable() {
    let got = edit(|l| {
        set(&mut l[H], "0002-07", "2004");
        set(&mut l[S], "0135-14", "2030");
    });
    assert_eq!(got, vec![x(2, 4410130, "0002-07", FATAL)]);
    let got = edit(|l| {
        set(&mut l[H], "0002-07", "2004");
        set(&mut l[S], "0135-14", "1899");
    });
    assert_eq!(
        got,
        vec![
            x(2, 4410130, "0002-07", FATAL),
            x(4, 4410130, "0135-14", FATAL)
        ]
    );
}

#[test]
fn c4410114_with_a_stamboeknummer_that_has_a_type_finding() {
    // Both groups carry "0001801X0000001": every copy gets 4900001, the later 0135-06 also
    // 4410114 (compared as written, whatever its own findings).
    let mut l = default_zending(2);
    for r in &mut l[2..8] {
        let id = format!("{}-06", String::from_utf8_lossy(&r[..4]));
        set(r, &id, "0001801X0000001");
    }
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(3, 4900001, "0134-06", FATAL),
            x(4, 4900001, "0135-06", FATAL),
            x(5, 4900001, "0136-06", FATAL),
            x(6, 4900001, "0134-06", FATAL),
            x(7, 4410114, "0135-06", FATAL),
            x(7, 4900001, "0135-06", FATAL),
            x(8, 4900001, "0136-06", FATAL),
        ]
    );
}

#[test]
fn c4910001_each_later_copy_gets_it_once() {
    let l = group_with(vec![second_0136(&[]), second_0136(&[])]);
    assert_eq!(
        findings(&join(&l)),
        vec![x(6, 4910001, "", FATAL), x(7, 4910001, "", FATAL)]
    );
}

#[test]
fn c4420271_once_per_record_with_several_earlier_ones() {
    let l = group_with(vec![
        second_0136(&[("0136-16", "17.09.2024")]),
        second_0136(&[("0136-16", "18.09.2024")]),
    ]);
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(6, 4420271, "0136-07", WARN),
            x(7, 4420271, "0136-07", WARN)
        ]
    );
}

#[test]
fn c4910001_not_when_0136_17_unusable() {
    let l = group_with(vec![second_0136(&[("0136-17", "31.02.2025")])]);
    assert_eq!(findings(&join(&l)), vec![x(6, 4900002, "0136-17", FATAL)]);
}

#[test]
fn c4910001_not_when_a_key_field_has_only_a_warning() {
    // 10620, aard 3 in both (a warning there): the key field had a finding.
    let mut g = student(1);
    set(&mut g[2], "0136-13", "3");
    g.push(g[2].clone());
    let l = zending(r0001(), vec![bericht(r0002_for("411", "10620"), vec![g])]);
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(5, 4410130, "0136-13", WARN),
            x(6, 4410130, "0136-13", WARN)
        ]
    );
}

#[test]
fn c4420271_not_when_datum_inschrijving_has_a_warning() {
    // The second 0136 is after the tellingsdatum (4430384 on the key field 0136-16).
    let l = group_with(vec![second_0136(&[("0136-16", "03.02.2025")])]);
    assert_eq!(findings(&join(&l)), vec![x(6, 4430384, "0136-16", WARN)]);
}

#[test]
fn c4930001_every_instelling_but_the_lowest() {
    let mut c = zending(r0001(), vec![bericht(r0002(), vec![student(1)])]);
    retarget(&mut c, "042003", "034104");
    let f = file(&[zending_of("041902", 1), c, zending_of("041801", 1)]);
    assert_eq!(
        findings(&f),
        vec![
            x(5, 4930001, "0136-13", WARN),
            x(11, 4930001, "0136-13", WARN)
        ]
    );
}

#[test]
fn c4930001_not_without_identificatienummer() {
    let mut b = zending_of("041902", 1);
    clear(&mut b[I], "0134-07");
    set(&mut b[I], "0134-13", "9999");
    set(&mut b[I], "0134-14", "00112");
    assert_eq!(findings(&file(&[zending_of("041801", 1), b])), vec![]);
}

#[test]
fn c4930001_stays_a_warning_in_10620() {
    let mut a = zending_of("041801", 1);
    let mut b = zending_of("041902", 1);
    for z in [&mut a, &mut b] {
        set(&mut z[H], "0002-06", "10620");
        set(&mut z[H], "0002-08", "15.11.2024");
    }
    assert_eq!(
        findings(&file(&[a, b])),
        vec![x(11, 4930001, "0136-13", WARN)]
    );
}

#[test]
fn findings_json_lines_format() {
    let mut l = default_zending(1);
    set(&mut l[E], "0136-22", "7");
    let data = join(&l);
    let (inputs, result) = {
        let inputs = vec![dto::run::Input::new("dir/a \"b\".txt", data)];
        let result = dto::run::validate(&inputs, reference());
        (inputs, result)
    };
    let mut out = Vec::new();
    dto::report::write_findings(&mut out, Form::Json, &inputs, &result).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"file\":\"dir/a \\\"b\\\".txt\",\"line\":5,\"zending\":1,\"bericht\":1,\
         \"instelling\":\"041801\",\"record\":\"0136\",\"seq\":\"000005\",\
         \"stamnummer\":\"000180100000001\",\"field\":\"0136-22\",\"code\":4410130,\
         \"severity\":\"fatal\",\"value\":\"7\"}\n"
    );
}

#[test]
fn findings_json_of_an_empty_file() {
    let inputs = vec![dto::run::Input::new("empty.txt", Vec::new())];
    let result = dto::run::validate(&inputs, reference());
    let mut out = Vec::new();
    dto::report::write_findings(&mut out, Form::Json, &inputs, &result).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"file\":\"empty.txt\",\"line\":1,\"zending\":1,\"bericht\":null,\
         \"instelling\":null,\"record\":null,\"seq\":null,\"stamnummer\":null,\
         \"field\":null,\"code\":3900003,\"severity\":\"fatal\",\"value\":null}\n"
    );
}

#[test]
fn findings_json_on_a_zending_header_and_before_the_first_0134() {
    let mut l = default_zending(1);
    set(&mut l[Z], "0001-10", "0003");
    set(&mut l[H], "0002-09", "x");
    let inputs = vec![dto::run::Input::new("a.txt", join(&l))];
    let result = dto::run::validate(&inputs, reference());
    let mut out = Vec::new();
    dto::report::write_findings(&mut out, Form::Json, &inputs, &result).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"file\":\"a.txt\",\"line\":1,\"zending\":1,\"bericht\":null,\
         \"instelling\":null,\"record\":\"0001\",\"seq\":\"000001\",\"stamnummer\":null,\
         \"field\":\"0001-10\",\"code\":3900011,\"severity\":\"fatal\",\"value\":\"0003\"}\n\
         {\"file\":\"a.txt\",\"line\":2,\"zending\":1,\"bericht\":1,\
         \"instelling\":\"041801\",\"record\":\"0002\",\"seq\":\"000002\",\"stamnummer\":null,\
         \"field\":\"0002-09\",\"code\":4900004,\"severity\":\"warning\",\"value\":\"x\"}\n"
    );
}

#[test]
fn findings_json_keys_of_an_invisible_line_that_reads_0001_0002_or_0003() {
    // Section 11 names the lines without stamnummer ("0001, 0002 and 0003 lines") and
    // without instelling ("0001 lines") by their bytes 1-4, which the `record` key shows:
    // a line of the wrong length that reads 0003 (one blank too many, or the last line
    // ending in CR without LF) is such a line, though it lies in the last student's group.
    // A line that reads 0134 keeps the group's stamnummer.
    let keys = |data: Vec<u8>, line: usize| -> Vec<String> {
        let inputs = vec![dto::run::Input::new("a.txt", data)];
        let result = dto::run::validate(&inputs, reference());
        let mut out = Vec::new();
        dto::report::write_findings(&mut out, Form::Json, &inputs, &result).unwrap();
        let on_line = format!("\"line\":{line},");
        String::from_utf8(out)
            .unwrap()
            .lines()
            .filter(|f| f.contains(&on_line))
            .map(|f| {
                let from = f.find("\"instelling\"").unwrap();
                f[from..f.find(",\"field\"").unwrap()].to_owned()
            })
            .collect()
    };
    let student = get(&default_zending(1)[I], "0134-06");
    let student = student.trim_end();
    for (kind, instelling, stamnummer) in [
        ("0001", "null".to_owned(), "null".to_owned()),
        ("0002", "\"041801\"".to_owned(), "null".to_owned()),
        ("0003", "\"041801\"".to_owned(), "null".to_owned()),
        ("0134", "\"041801\"".to_owned(), format!("\"{student}\"")),
    ] {
        // After the 0136, a line of 211 bytes that reads `kind`.
        let mut l = default_zending(1);
        let mut line = l[B].clone();
        line[..4].copy_from_slice(kind.as_bytes());
        line.push(b' ');
        l.insert(B, line);
        renumber(&mut l);
        let seq = format!("{:06}", B + 1);
        assert_eq!(
            keys(join(&l), B + 1),
            [format!(
                "\"instelling\":{instelling},\"record\":\"{kind}\",\"seq\":\"{seq}\",\
                 \"stamnummer\":{stamnummer}"
            )],
            "{kind}"
        );
    }
    // The last line, a 0003 ending in CR without LF (section 12).
    let mut data = join(&default_zending(1));
    assert_eq!(data.pop(), Some(b'\n'));
    data.push(b'\r');
    assert_eq!(
        keys(data, B + 1),
        [format!(
            "\"instelling\":\"041801\",\"record\":\"0003\",\"seq\":\"{:06}\",\
             \"stamnummer\":null",
            B + 1
        )]
    );
}

#[test]
fn c3110020_on_an_invisible_last_line_before_the_next_zending() {
    let mut a = default_zending(1);
    a.pop(); // no 0003
    a.push(b"a short line".to_vec());
    renumber(&mut a);
    set(&mut a[S], "0135-03", "000010");
    let b = zending(
        r0001_ref("DTO-TEST-0002"),
        vec![bericht(r0002(), vec![student(2)])],
    );
    assert_eq!(
        findings(&file(&[a, b])),
        vec![
            x(2, 3900002, "", FATAL),
            x(4, 3110011, "0135-03", FATAL),
            x(5, 3110011, "0136-03", FATAL),
            x(6, 3110020, "", FATAL),
            x(6, 3900001, "", FATAL),
        ]
    );
}

#[test]
fn c3900001_wrong_length_bericht_header_opens_no_bericht() {
    let mut l = default_zending(1);
    l[H].pop();
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(1, 3900011, "0001-10", FATAL),
            x(2, 3900001, "", FATAL),
            x(3, 3110003, "", FATAL),
            x(4, 3110003, "", FATAL),
            x(5, 3110003, "", FATAL),
            x(6, 3110003, "", FATAL),
        ]
    );
    assert_eq!(acceptance(&join(&l)), vec![]);
}

#[test]
fn special_values_per_field() {
    // 0135-11: 777777 / 777771 / 777772 / 888888 / 999999; 444444 is not one of them.
    let diploma = |v: &str| {
        edit(|l| {
            with_diploma(l);
            set(&mut l[S], "0135-11", v);
        })
    };
    assert_eq!(diploma("888888"), vec![]);
    assert_eq!(diploma("999999"), vec![]);
    assert_eq!(diploma("444444"), vec![x(4, 4410130, "0135-11", FATAL)]);
    // 0135-13: 777777 / 888888 / 999999
    let inst = |v: &str| {
        edit(|l| {
            with_diploma(l);
            set(&mut l[S], "0135-13", v);
        })
    };
    assert_eq!(inst("888888"), vec![]);
    assert_eq!(inst("777771"), vec![x(4, 4420240, "0135-13", WARN)]);
    // 0135-16 and 0135-17: 777777 / 888888 / 999999
    let last = |ag: &str, inst: &str| {
        edit(|l| {
            set(&mut l[S], "0135-16", ag);
            set(&mut l[S], "0135-17", inst);
        })
    };
    assert_eq!(last("777777", "021101"), vec![]);
    assert_eq!(last("034101", "999999"), vec![]);
    assert_eq!(
        last("444444", "021101"),
        vec![x(4, 4410130, "0135-16", FATAL)]
    );
    assert_eq!(
        last("034101", "555555"),
        vec![x(4, 4420232, "0135-17", FATAL)]
    );
    // 0135-16 is looked up in administratieve_groepen, not in afstudeerrichtingen
    assert_eq!(
        last("301103", "021101"),
        vec![x(4, 4410130, "0135-16", FATAL)]
    );
    // 0135-13 and 0135-17 are looked up in instellingen, not in secundaire_scholen
    assert_eq!(
        last("034101", "120097"),
        vec![x(4, 4420232, "0135-17", FATAL)]
    );
}

#[test]
fn c4410130_0134_12_and_14_99999_is_no_landcode() {
    assert_eq!(
        one(I, "0134-12", "99999"),
        vec![x(3, 4410130, "0134-12", FATAL)]
    );
    let got = edit(|l| {
        set(&mut l[I], "0134-13", "9999");
        set(&mut l[I], "0134-14", "99999");
    });
    assert_eq!(got, vec![x(3, 4410130, "0134-14", FATAL)]);
}

#[test]
fn c3900006_on_a_wrong_version_0135_without_inschrijving() {
    let groups = vec![vec![r0134(1), with(r0135(1), "0135-02", "04")], student(2)];
    let l = zending(r0001(), vec![bericht(r0002(), groups)]);
    assert_eq!(
        findings(&join(&l)),
        vec![x(4, 3110019, "0135-02", FATAL), x(4, 3900006, "", WARN)]
    );
}

#[test]
fn c4910020_with_three_students() {
    // A and C share the stamboeknummer; B another: B and C both get it.
    let mut l = default_zending(3);
    set(&mut l[5], "0134-07", &rrn_of(1));
    set(&mut l[8], "0134-07", &rrn_of(1));
    for r in &mut l[8..11] {
        let id = format!("{}-06", String::from_utf8_lossy(&r[..4]));
        set(r, &id, &stamboeknummer(1));
    }
    // C's 0135-06 repeats A's: 4410114 too.
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(6, 4910020, "0134-07", FATAL),
            x(9, 4910020, "0134-07", FATAL),
            x(10, 4410114, "0135-06", FATAL),
        ]
    );
}

#[test]
fn c4910010_4910011_4910012_identificatienummer_rules() {
    // (more in identificatienummer.rs)
    let id = |v: &str| findings_after(1, |l| set(&mut l[I], "0134-07", v));
    assert_eq!(id("97051400396"), vec![x(3, 4910010, "0134-07", FATAL)]);
    assert_eq!(
        id(&rrn("970517003", false)),
        vec![x(3, 4910011, "0134-07", FATAL)]
    );
    assert_eq!(
        id(&rrn("970514002", false)),
        vec![x(3, 4910012, "0134-07", FATAL)]
    );
}

#[test]
fn findings_json_stamnummer_seq_record_and_lossy_value() {
    // 0134-06 blank (stamnummer ""), geslacht 0xE9 (lossy value), no 0003 (3900002 on the
    // 0002, stamnummer null), and a 6-byte last line (seq null, still in the bericht).
    let mut l = default_zending(1);
    clear(&mut l[I], "0134-06");
    set_bytes(&mut l[I], "0134-11", b"\xe9");
    l.pop();
    l.push(b"0136xx".to_vec());
    let inputs = vec![dto::run::Input::new("a.txt", join(&l))];
    let result = dto::run::validate(&inputs, reference());
    let mut out = Vec::new();
    dto::report::write_findings(&mut out, Form::Json, &inputs, &result).unwrap();
    let head = "{\"file\":\"a.txt\",\"line\":";
    let b = ",\"zending\":1,\"bericht\":1,\"instelling\":\"041801\"";
    let want = [
        format!(
            "{head}2{b},\"record\":\"0002\",\"seq\":\"000002\",\"stamnummer\":null,\
             \"field\":null,\"code\":3900002,\"severity\":\"fatal\",\"value\":null}}"
        ),
        format!(
            "{head}3{b},\"record\":\"0134\",\"seq\":\"000003\",\"stamnummer\":\"\",\
             \"field\":\"0134-06\",\"code\":4020006,\"severity\":\"fatal\",\"value\":\"\"}}"
        ),
        format!(
            "{head}3{b},\"record\":\"0134\",\"seq\":\"000003\",\"stamnummer\":\"\",\
             \"field\":\"0134-11\",\"code\":4410130,\"severity\":\"fatal\",\
             \"value\":\"\u{fffd}\"}}"
        ),
        format!(
            "{head}6{b},\"record\":\"0136\",\"seq\":null,\"stamnummer\":\"\",\
             \"field\":null,\"code\":3900001,\"severity\":\"fatal\",\"value\":null}}"
        ),
    ];
    let got = String::from_utf8(out).unwrap();
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
}

#[test]
fn c4910020_stamboeknummers_compared_as_written() {
    // Student 2's 0134-06 has a type finding but differs as written: 4910020 still applies.
    let mut l = default_zending(2);
    set(&mut l[5], "0134-07", &rrn_of(1));
    set(&mut l[5], "0134-06", "00018010000000A");
    assert_eq!(
        findings(&join(&l)),
        vec![
            x(6, 4900001, "0134-06", FATAL),
            x(6, 4910020, "0134-07", FATAL)
        ]
    );
}

#[test]
fn c3210001_before_a_bericht_header_counts_as_expected() {
    let mut l = zending(
        r0001(),
        vec![
            bericht(r0002(), vec![student(1)]),
            bericht(r0002_for("411", "10400"), vec![student(2)]),
        ],
    );
    set(&mut l[5], "0003-03", "ABCDEF");
    assert_eq!(findings(&join(&l)), vec![x(6, 3210001, "0003-03", FATAL)]);
}

#[test]
fn c3900001_trailing_empty_line_after_the_last_lf() {
    let mut data = join(&default_zending(1));
    data.push(b'\n');
    assert_eq!(findings(&data), vec![x(7, 3900001, "", FATAL)]);
    assert_eq!(acceptance(&data), vec![acc(1, 1, "accepted", 1, 0)]);
}

#[test]
fn c3900003_file_of_one_lf() {
    assert_eq!(
        findings(b"\n"),
        vec![x(1, 3900001, "", FATAL), x(1, 3900003, "", FATAL)]
    );
}
