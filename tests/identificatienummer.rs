//! The identificatienummer (0134-07), spec 6.1 and the clarifications of section 12:
//! kind by month, check digits (with the 2-prefix for births from 2000), birth date within
//! one day or part by part when unknown, sex parity.
//!
//! Every fixture is the default one-student 10600 zending; the 0134 is line 3.

use crate::util::*;

/// Findings of the default zending with 0134-07, 0134-10 and 0134-11 set ("" = absent).
fn check(id: &str, geboortedatum: &str, geslacht: &str) -> Vec<F> {
    findings_after(1, |l| {
        set(&mut l[2], "0134-07", id);
        set(&mut l[2], "0134-10", geboortedatum);
        set(&mut l[2], "0134-11", geslacht);
    })
}

/// The expected single finding on 0134-07.
fn on_id(code: u32) -> Vec<F> {
    vec![x(3, code, "0134-07", FATAL)]
}

/// `n` with its check digits changed to a wrong value (neither form).
fn wrong_check_digits(yymmddsss: &str) -> String {
    let a = check_digits(yymmddsss, false);
    let b = check_digits(yymmddsss, true);
    let wrong = (1..=97).find(|c| *c != a && *c != b).unwrap();
    format!("{yymmddsss}{wrong:02}")
}

// ---------------------------------------------------------------------------------------
// The seeds' numbers.

#[test]
fn seed_number_12345678958_has_month_34_which_is_no_kind() {
    // Its check digits are right (97 - 123456789 mod 97 = 58), but month 34 is in none of
    // 00-12, 20-32, 40-52: 4410130, whatever the birth date and sex.
    assert_eq!(check_digits("123456789", false), 58);
    assert_eq!(check("12345678958", "06.05.1912", "M"), on_id(4410130));
    assert_eq!(check("12345678958", "", "M"), {
        let mut v = vec![x(3, 4020006, "0134-10", FATAL)];
        v.extend(on_id(4410130));
        v
    });
}

#[test]
fn seed_number_00091501119_born_15_09_2000_male_is_valid() {
    // 97 - (2000915011 mod 97) = 19: the 2-prefix form, SSS 011 odd = M.
    assert_eq!(check_digits("000915011", true), 19);
    assert_eq!(check("00091501119", "15.09.2000", "M"), vec![]);
    assert_eq!(check("00091501119", "15/09/2000", "M"), vec![]);
}

#[test]
fn seed_number_00091501119_female_is_4910012() {
    assert_eq!(check("00091501119", "15.09.2000", "V"), on_id(4910012));
}

#[test]
fn seed_number_00091501119_born_1900_needs_the_other_check_digits() {
    // Born 15.09.1900: N = 000915011, 97 - N mod 97 = 87, not 19.
    assert_eq!(check_digits("000915011", false), 87);
    assert_eq!(check("00091501119", "15.09.1900", "M"), on_id(4910010));
    assert_eq!(check("00091501187", "15.09.1900", "M"), vec![]);
}

// ---------------------------------------------------------------------------------------
// Check digits.

#[test]
fn born_before_2000_uses_the_plain_number() {
    assert_eq!(check(&rrn("970514003", false), "14.05.1997", "M"), vec![]);
    assert_eq!(
        check(&rrn("970514003", true), "14.05.1997", "M"),
        on_id(4910010)
    );
}

#[test]
fn born_from_2000_uses_the_2_prefix() {
    assert_eq!(check(&rrn("050317124", true), "17.03.2005", "V"), vec![]);
    assert_eq!(
        check(&rrn("050317124", false), "17.03.2005", "V"),
        on_id(4910010)
    );
    // on 01.01.2000 itself
    assert_eq!(check(&rrn("000101002", true), "01.01.2000", "V"), vec![]);
    assert_eq!(
        check(&rrn("000101002", false), "01.01.2000", "V"),
        on_id(4910010)
    );
}

#[test]
fn c4910010_wrong_check_digits() {
    assert_eq!(
        check(&wrong_check_digits("970514003"), "14.05.1997", "M"),
        on_id(4910010)
    );
    assert_eq!(check("97051400300", "14.05.1997", "M"), {
        // 00 is never 97 - (N mod 97), which lies in 1..=97
        on_id(4910010)
    });
}

#[test]
fn c4910010_stays_fatal_in_10620() {
    let mut l = zending(
        r0001(),
        vec![bericht(r0002_for("411", "10620"), vec![student(1)])],
    );
    set(&mut l[2], "0134-07", &wrong_check_digits("970514003"));
    assert_eq!(findings(&join(&l)), on_id(4910010));
}

// ---------------------------------------------------------------------------------------
// Birth date.

#[test]
fn birth_date_equal() {
    assert_eq!(check(&rrn("851123002", false), "23.11.1985", "V"), vec![]);
}

#[test]
fn birth_date_one_day_either_way() {
    assert_eq!(check(&rrn("851124002", false), "23.11.1985", "V"), vec![]);
    assert_eq!(check(&rrn("851122002", false), "23.11.1985", "V"), vec![]);
    // over a month end
    assert_eq!(check(&rrn("970601003", false), "31.05.1997", "M"), vec![]);
}

#[test]
fn c4910011_birth_date_two_days_off() {
    assert_eq!(
        check(&rrn("851125002", false), "23.11.1985", "V"),
        on_id(4910011)
    );
    assert_eq!(
        check(&rrn("851121002", false), "23.11.1985", "V"),
        on_id(4910011)
    );
}

#[test]
fn c4910011_other_year_or_month() {
    assert_eq!(
        check(&rrn("861123002", false), "23.11.1985", "V"),
        on_id(4910011)
    );
    assert_eq!(
        check(&rrn("851023002", false), "23.11.1985", "V"),
        on_id(4910011)
    );
}

#[test]
fn birth_31_12_1999_matches_000101() {
    // Born before 2000: plain check digits; the number's date lies in the next century.
    assert_eq!(check(&rrn("000101003", false), "31.12.1999", "M"), vec![]);
    assert_eq!(
        check(&rrn("000101003", true), "31.12.1999", "M"),
        on_id(4910010)
    );
}

#[test]
fn birth_01_01_2000_matches_991231() {
    assert_eq!(check(&rrn("991231003", true), "01.01.2000", "M"), vec![]);
    assert_eq!(
        check(&rrn("991231003", false), "01.01.2000", "M"),
        on_id(4910010)
    );
}

#[test]
fn birth_date_one_day_over_29_february() {
    assert_eq!(check(&rrn("000301003", true), "29.02.2000", "M"), vec![]);
    assert_eq!(check(&rrn("000229003", true), "01.03.2000", "M"), vec![]);
}

#[test]
fn c4910011_yymmdd_that_is_no_date() {
    // 29.02.2001 does not exist, although it would be one day before 01.03.2001.
    assert_eq!(
        check(&rrn("010229003", true), "01.03.2001", "M"),
        on_id(4910011)
    );
    assert_eq!(
        check(&rrn("970231003", false), "01.03.1997", "M"),
        on_id(4910011)
    );
    assert_eq!(
        check(&rrn("970532003", false), "31.05.1997", "M"),
        on_id(4910011)
    );
}

#[test]
fn yymmdd_is_placed_in_the_century_of_the_birth_date() {
    // 120506 is 06.05.1912 for a birth in 1912 and 06.05.2012 for a birth in 2012.
    assert_eq!(check(&rrn("120506003", false), "06.05.1912", "M"), vec![]);
    assert_eq!(check(&rrn("120506003", true), "06.05.2012", "M"), vec![]);
}

#[test]
fn date_unknown_month_00() {
    // Month 00: the year and the day are compared, without tolerance.
    assert_eq!(check(&rrn("970014003", false), "14.05.1997", "M"), vec![]);
    assert_eq!(
        check(&rrn("970015003", false), "14.05.1997", "M"),
        on_id(4910011)
    );
    assert_eq!(
        check(&rrn("960014003", false), "14.05.1997", "M"),
        on_id(4910011)
    );
}

#[test]
fn date_unknown_day_00() {
    assert_eq!(check(&rrn("970500003", false), "14.05.1997", "M"), vec![]);
    assert_eq!(
        check(&rrn("970600003", false), "14.05.1997", "M"),
        on_id(4910011)
    );
    // no one-day tolerance across the year with a day of 00
    assert_eq!(
        check(&rrn("000100003", false), "31.12.1999", "M"),
        on_id(4910011)
    );
}

#[test]
fn date_unknown_month_and_day_00() {
    assert_eq!(check(&rrn("970000003", false), "14.05.1997", "M"), vec![]);
    assert_eq!(
        check(&rrn("980000003", false), "14.05.1997", "M"),
        on_id(4910011)
    );
    assert_eq!(check(&rrn("050000004", true), "17.03.2005", "V"), vec![]);
}

// ---------------------------------------------------------------------------------------
// Kinds of number (month) and sex.

#[test]
fn c4410130_month_that_is_no_kind() {
    for mm in ["13", "19", "33", "39", "53", "99"] {
        let id = rrn(&format!("97{mm}14003"), false);
        assert_eq!(check(&id, "14.05.1997", "M"), on_id(4410130), "month {mm}");
    }
}

#[test]
fn c4410130_month_first_even_with_wrong_check_digits() {
    assert_eq!(
        check(&wrong_check_digits("971314003"), "14.05.1997", "M"),
        on_id(4410130)
    );
}

#[test]
fn vreemdelingenregisternummer_month_00_to_12() {
    assert_eq!(check(&rrn("971214003", false), "14.12.1997", "M"), vec![]);
}

#[test]
fn bis_nummer_month_plus_20_sex_not_checked() {
    // Real month 05; SSS even with M: not checked for MM 20-32.
    assert_eq!(check(&rrn("972514004", false), "14.05.1997", "M"), vec![]);
    assert_eq!(check(&rrn("972514003", false), "14.05.1997", "V"), vec![]);
    assert_eq!(check(&rrn("972514003", false), "14.05.1997", "M"), vec![]);
    // bounds 20 (month unknown) and 32 (December)
    assert_eq!(check(&rrn("972014003", false), "14.05.1997", "M"), vec![]);
    assert_eq!(check(&rrn("973214004", false), "14.12.1997", "M"), vec![]);
}

#[test]
fn bis_nummer_month_plus_20_still_checks_date_and_check_digits() {
    assert_eq!(
        check(&rrn("972614004", false), "14.05.1997", "M"),
        on_id(4910011)
    );
    assert_eq!(
        check(&wrong_check_digits("972514004"), "14.05.1997", "M"),
        on_id(4910010)
    );
    assert_eq!(check(&rrn("052517004", true), "17.05.2005", "M"), vec![]);
}

#[test]
fn bis_nummer_month_plus_40_sex_checked() {
    assert_eq!(check(&rrn("974514003", false), "14.05.1997", "M"), vec![]);
    assert_eq!(check(&rrn("974514004", false), "14.05.1997", "V"), vec![]);
    assert_eq!(
        check(&rrn("974514004", false), "14.05.1997", "M"),
        on_id(4910012)
    );
    assert_eq!(
        check(&rrn("974514003", false), "14.05.1997", "V"),
        on_id(4910012)
    );
    // bounds 40 (month unknown) and 52 (December)
    assert_eq!(check(&rrn("974014003", false), "14.05.1997", "M"), vec![]);
    assert_eq!(check(&rrn("975214003", false), "14.12.1997", "M"), vec![]);
    assert_eq!(
        check(&rrn("974614003", false), "14.05.1997", "M"),
        on_id(4910011)
    );
}

#[test]
fn c4910012_sex_parity() {
    assert_eq!(check(&rrn("970514003", false), "14.05.1997", "M"), vec![]);
    assert_eq!(check(&rrn("970514004", false), "14.05.1997", "V"), vec![]);
    assert_eq!(
        check(&rrn("970514004", false), "14.05.1997", "M"),
        on_id(4910012)
    );
    assert_eq!(
        check(&rrn("970514003", false), "14.05.1997", "V"),
        on_id(4910012)
    );
    // SSS 000 is even
    assert_eq!(check(&rrn("970514000", false), "14.05.1997", "V"), vec![]);
}

#[test]
fn rule_order_check_digits_before_date_before_sex() {
    // date and sex wrong too, check digits first
    assert_eq!(
        check(&wrong_check_digits("970516004"), "14.05.1997", "M"),
        on_id(4910010)
    );
    // sex wrong too, date first
    assert_eq!(
        check(&rrn("970516004", false), "14.05.1997", "M"),
        on_id(4910011)
    );
}

// ---------------------------------------------------------------------------------------
// Rules that read 0134-10 and 0134-11.

#[test]
fn geboortedatum_absent_either_check_digit_form_and_no_date_compare() {
    let absent = vec![x(3, 4020006, "0134-10", FATAL)];
    assert_eq!(check(&rrn("970514003", false), "", "M"), absent);
    assert_eq!(check(&rrn("970514003", true), "", "M"), absent);
    // the date is not compared: a number for 1980
    assert_eq!(check(&rrn("800101003", false), "", "M"), absent);
    // neither form: 4910010
    let mut want = absent.clone();
    want.extend(on_id(4910010));
    assert_eq!(check(&wrong_check_digits("970514003"), "", "M"), want);
    // the sex is still checked
    let mut want = absent;
    want.extend(on_id(4910012));
    assert_eq!(check(&rrn("970514003", false), "", "V"), want);
}

#[test]
fn geboortedatum_with_type_finding_either_form_and_no_date_compare() {
    let bad = vec![x(3, 4900002, "0134-10", FATAL)];
    assert_eq!(check(&rrn("970514003", false), "31.02.1997", "M"), bad);
    assert_eq!(check(&rrn("970514003", true), "31.02.1997", "M"), bad);
    assert_eq!(check(&rrn("800101003", true), "31.02.1997", "M"), bad);
}

#[test]
fn geboortedatum_with_value_finding_either_form_and_no_date_compare() {
    // 2013 is after AJ - 12: 4410130 on 0134-10, and the number is not compared with it.
    let bad = vec![x(3, 4410130, "0134-10", FATAL)];
    assert_eq!(check(&rrn("130101003", true), "01.01.2013", "M"), bad);
    assert_eq!(check(&rrn("130101003", false), "01.01.2013", "M"), bad);
    assert_eq!(check(&rrn("970514003", false), "01.01.2013", "M"), bad);
}

#[test]
fn geslacht_invalid_sex_rule_skipped() {
    assert_eq!(
        check(&rrn("970514004", false), "14.05.1997", "X"),
        vec![x(3, 4410130, "0134-11", FATAL)]
    );
    assert_eq!(
        check(&rrn("970514003", false), "14.05.1997", "X"),
        vec![x(3, 4410130, "0134-11", FATAL)]
    );
}

#[test]
fn geslacht_absent_sex_rule_skipped() {
    assert_eq!(
        check(&rrn("970514004", false), "14.05.1997", ""),
        vec![x(3, 4020006, "0134-11", FATAL)]
    );
}

#[test]
fn identificatienummer_type_finding_ends_its_checks() {
    assert_eq!(check("9705140030 ", "14.05.1997", "M"), on_id(4900001));
    assert_eq!(check(" 9705140030", "14.05.1997", "M"), on_id(4900001));
    assert_eq!(check("970514003", "14.05.1997", "M"), on_id(4900001));
}

#[test]
fn check_digits_97_when_n_is_a_multiple_of_97() {
    // 970514003 = 97 * 10005299: 97 - 0 = 97.
    assert_eq!(check_digits("970514003", false), 97);
    assert_eq!(check("97051400397", "14.05.1997", "M"), vec![]);
    assert_eq!(check("97051400300", "14.05.1997", "M"), on_id(4910010));
    // 2050317033 = 97 * 21137289
    assert_eq!(check("05031703397", "17.03.2005", "M"), vec![]);
}

#[test]
fn bis_nummer_month_plus_20_with_unknown_day() {
    assert_eq!(check(&rrn("972500004", false), "14.05.1997", "M"), vec![]);
    assert_eq!(check(&rrn("972000004", false), "14.05.1997", "V"), vec![]);
    assert_eq!(
        check(&rrn("962000004", false), "14.05.1997", "V"),
        on_id(4910011)
    );
}

#[test]
fn date_unknown_compares_yy_without_tolerance_across_the_year() {
    // Born 01.01.2000: 990000 is the year 99, not 00.
    assert_eq!(
        check(&rrn("990000003", true), "01.01.2000", "M"),
        on_id(4910011)
    );
    assert_eq!(check(&rrn("000000003", true), "01.01.2000", "M"), vec![]);
}

#[test]
fn identificatienummer_in_10620_may_be_absent_but_is_checked_when_present() {
    let z = |id: &str| {
        let mut l = zending(
            r0001(),
            vec![bericht(r0002_for("411", "10620"), vec![student(1)])],
        );
        set(&mut l[2], "0134-07", id);
        findings(&join(&l))
    };
    assert_eq!(z(""), vec![]);
    assert_eq!(z(&rrn("970514004", false)), on_id(4910012));
    assert_eq!(z(&rrn("970516003", false)), on_id(4910011));
    assert_eq!(z(&rrn("971314003", false)), on_id(4410130));
}
