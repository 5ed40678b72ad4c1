//! The identificatienummer of 0134-07 (spec section 6.1): rijksregister-,
//! vreemdelingenregister- and bis-nummers, `YYMMDDSSSCC`.

use super::bytes::{number, Date};
use crate::code::Code;

/// Geslacht as 0134-11 writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Geslacht {
    M,
    V,
}

/// Checks an identificatienummer of 11 digits against the usable geboortedatum (0134-10) and
/// geslacht (0134-11). Returns the first rule that fails, in the order of section 6.1.
pub fn check(id: &[u8], geboortedatum: Option<Date>, geslacht: Option<Geslacht>) -> Option<Code> {
    debug_assert!(id.len() == 11 && id.iter().all(u8::is_ascii_digit));
    let yy = number(&id[0..2]) as u16;
    let mm = number(&id[2..4]) as u8;
    let dd = number(&id[4..6]) as u8;
    let sss = number(&id[6..9]);

    // 1. The month tells the kind of number.
    let (real_month, sex_known) = match mm {
        0..=12 => (mm, true),
        20..=32 => (mm - 20, false),
        40..=52 => (mm - 40, true),
        _ => return Some(Code::OngeldigeCode),
    };

    // 2. Check digits.
    if !check_digits_hold(number(id), geboortedatum) {
        return Some(Code::IdControlegetal);
    }

    // 3. The birth date, within one day.
    if let Some(birth) = geboortedatum {
        if !matches_birth(yy, real_month, dd, birth) {
            return Some(Code::IdGeboortedatum);
        }
    }

    // 4. Sex parity, unless the sex was unknown when the bis-nummer was given.
    match (sex_known, geslacht) {
        (true, Some(g)) if (sss % 2 == 1) != (g == Geslacht::M) => Some(Code::IdGeslacht),
        _ => None,
    }
}

/// [`check`] with the birth date usable, and as written too (`DD.MM.JJJJ`), and the
/// geslacht usable; `value` is the number `id` writes. A number that holds the birth date
/// itself (nearly every one) is of the first kind, so only its check digits and parity are
/// left to see.
pub fn check_written(
    id: &[u8],
    value: u64,
    written: &[u8],
    geboortedatum: Date,
    geslacht: Geslacht,
) -> Option<Code> {
    let holds_birth_date =
        id[0..2] == written[8..10] && id[2..4] == written[3..5] && id[4..6] == written[0..2];
    if !holds_birth_date {
        return check(id, Some(geboortedatum), Some(geslacht));
    }
    if !check_digits_hold(value, Some(geboortedatum)) {
        return Some(Code::IdControlegetal);
    }
    let odd = (id[8] - b'0') % 2 == 1;
    (odd != (geslacht == Geslacht::M)).then_some(Code::IdGeslacht)
}

/// The check digits (the last two of the number's eleven) are 97 - (N mod 97) of the nine
/// before them, with a leading 2 for births from 2000 on (either, with the birth date
/// unknown).
fn check_digits_hold(value: u64, geboortedatum: Option<Date>) -> bool {
    let (n, cc) = (value / 100, value % 100);
    let before_2000 = || cc == 97 - n % 97;
    let from_2000 = || cc == 97 - (2_000_000_000 + n) % 97;
    match geboortedatum {
        Some(d) if d.year >= 2000 => from_2000(),
        Some(_) => before_2000(),
        None => before_2000() || from_2000(),
    }
}

/// The number's YYMMDD (with the real month) against the birth date (section 12): placed in
/// the century that puts it within one year of the birth date, it may differ by one day;
/// with a month or day of 00 the parts are compared one by one.
fn matches_birth(yy: u16, month: u8, day: u8, birth: Date) -> bool {
    // Nearly always the number holds the birth date itself.
    if yy == birth.year % 100 && month == birth.month && day == birth.day {
        return true;
    }
    if month == 0 || day == 0 {
        return yy == birth.year % 100
            && (month == 0 || month == birth.month)
            && (day == 0 || day == birth.day);
    }
    // Only a year within one of the birth year can be within one day of the birth date.
    let century = birth.year / 100 * 100;
    let born = birth.day_number();
    [century.checked_sub(100), Some(century), Some(century + 100)]
        .into_iter()
        .flatten()
        .map(|c| c + yy)
        .filter(|y| y.abs_diff(birth.year) <= 1)
        .filter_map(|y| Date::new(y, month, day))
        .any(|d| (d.day_number() - born).abs() <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Option<Date> {
        Date::new(y, m, day)
    }

    #[test]
    fn seed_numbers_are_valid() {
        // The seed's check digits are right (123456789 mod 97 = 39, 97 - 39 = 58), but its
        // month 34 is no kind of number: the month is checked first.
        assert_eq!(check(b"12345678958", None, None), Some(Code::OngeldigeCode));
        assert_eq!(
            check(b"12045678958", None, None),
            Some(Code::IdControlegetal)
        );
        // Born 15.09.2000: the check uses 2000915011.
        assert_eq!(
            check(b"00091501119", d(2000, 9, 15), Some(Geslacht::M)),
            None
        );
        // The same number read as a pre-2000 birth fails the check digits.
        assert_eq!(
            check(b"00091501119", d(1900, 9, 15), Some(Geslacht::M)),
            Some(Code::IdControlegetal)
        );
    }

    #[test]
    fn the_written_birth_date_shortcut_agrees_with_the_full_check() {
        let mut rng = dto_gen::Rng::new(5, &[]);
        let mut next = |n: u64| rng.below(n);
        let mut held = 0;
        for _ in 0..200_000 {
            let birth = loop {
                let y = 1900 + next(130) as u16;
                if let Some(b) = d(y, 1 + next(12) as u8, 1 + next(31) as u8) {
                    break b;
                }
            };
            let sep = [b'.', b'/'][next(2) as usize] as char;
            let written = format!(
                "{:02}{sep}{:02}{sep}{:04}",
                birth.day, birth.month, birth.year
            );
            // Mostly the birth date itself, sometimes a bis-nummer's month or a day off.
            let month = birth.month + [0, 0, 0, 20, 40][next(5) as usize];
            let day = birth.day + [0, 0, 0, 1][next(4) as usize];
            let head = format!("{:02}{month:02}{day:02}{:03}", birth.year % 100, next(1000));
            let n: u64 = head.parse().expect("digits");
            let cc = match next(3) {
                0 => 97 - n % 97,
                1 => 97 - (2_000_000_000 + n) % 97,
                _ => next(100),
            };
            let id = format!("{head}{cc:02}");
            let g = [Geslacht::M, Geslacht::V][next(2) as usize];
            let full = check(id.as_bytes(), Some(birth), Some(g));
            assert_eq!(
                check_written(id.as_bytes(), n * 100 + cc, written.as_bytes(), birth, g),
                full,
                "{id} {written} {g:?}"
            );
            held += usize::from(full.is_none());
        }
        assert!(held > 20_000, "{held} numbers hold");
    }
}
