//! The identificatienummer of 0134-07 (spec section 6.1): rijksregister-,
//! vreemdelingenregister- and bis-nummers, `YYMMDDSSSCC`.

use super::bytes::{number, number_at, Date};
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
    let cc = number(&id[9..11]);

    // 1. The month tells the kind of number.
    let (real_month, sex_known) = match mm {
        0..=12 => (mm, true),
        20..=32 => (mm - 20, false),
        40..=52 => (mm - 40, true),
        _ => return Some(Code::OngeldigeCode),
    };

    // 2. Check digits: 97 - (N mod 97), with a leading 2 for births from 2000 on.
    let n = number(&id[0..1]) * 100_000_000 + number_at(id, 1, 8);
    let before_2000 = 97 - n % 97;
    let from_2000 = 97 - (2_000_000_000 + n) % 97;
    let ok = match geboortedatum {
        Some(d) if d.year >= 2000 => cc == from_2000,
        Some(_) => cc == before_2000,
        None => cc == before_2000 || cc == from_2000,
    };
    if !ok {
        return Some(Code::IdControlegetal);
    }

    // 3. The birth date, within one day.
    if let Some(birth) = geboortedatum {
        if !matches_birth(yy, real_month, dd, birth) {
            return Some(Code::IdGeboortedatum);
        }
    }

    // 4. Sex parity, unless the sex was unknown when the bis-nummer was given.
    if let (true, Some(g)) = (sex_known, geslacht) {
        let odd = sss % 2 == 1;
        if odd != (g == Geslacht::M) {
            return Some(Code::IdGeslacht);
        }
    }
    None
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
}
