//! Dates as day numbers (days since 1970-01-01), the proleptic Gregorian calendar
//! of the spec's `DD.MM.JJJJ` dates.

/// The day number of a calendar date.
pub fn days(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
    era * 146_097 + doe - 719_468
}

/// The calendar date (year, month, day) of a day number.
pub fn civil(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// Reads a `DD.MM.JJJJ` or `DD/MM/JJJJ` date written by the generator.
pub fn parse(b: &[u8]) -> Option<i32> {
    let num = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 {
        return None;
    }
    let (d, m, y) = (num(&b[0..2])?, num(&b[3..5])?, num(&b[6..10])?);
    let day = days(y as i32, m, d);
    (civil(day) == (y as i32, m, d)).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_knows_leap_years() {
        for z in -30_000..30_000 {
            let (y, m, d) = civil(z);
            assert_eq!(days(y, m, d), z);
        }
        assert_eq!(days(2000, 3, 1) - days(2000, 2, 28), 2);
        assert_eq!(days(1900, 3, 1) - days(1900, 2, 28), 1);
        assert_eq!(parse(b"29.02.2024"), Some(days(2024, 2, 29)));
        assert_eq!(parse(b"29/02/2023"), None);
    }
}
