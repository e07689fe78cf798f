//! Publication days: an article's date in its own time zone, as the day
//! number the index filters on, and the dates users type.

use anyhow::{Result, bail};
use time::{Date, Month, OffsetDateTime};

/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// Days since 1970-01-01 of a date.
pub fn day_number(date: Date) -> i64 {
    i64::from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY)
}

/// The date of a day number.
pub fn date_of_day(day: i64) -> Date {
    i32::try_from(day)
        .ok()
        .and_then(|d| d.checked_add(UNIX_EPOCH_JULIAN_DAY))
        .and_then(|d| Date::from_julian_day(d).ok())
        .unwrap_or(Date::MIN)
}

/// The day an article was published on, where it was published: a story
/// dated 00:30 in Karachi belongs to that day, not to the day before in UTC.
pub fn publication_day(published: OffsetDateTime) -> i64 {
    day_number(published.date())
}

/// Which end of a range a user's date stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum End {
    First,
    Last,
}

/// A date as a user types it for `--from` or `--to`: `YYYY-MM-DD`, or
/// `YYYY-MM` or `YYYY` for the first (or last) day of that month or year.
pub fn parse_user_day(text: &str, end: End) -> Result<i64> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let number = |s: &str| -> Result<i32> {
        match s.parse() {
            Ok(n) if s.chars().all(|c| c.is_ascii_digit()) => Ok(n),
            _ => bail!("{text:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
        }
    };
    let year = number(parts[0])?;
    let month = match parts.get(1) {
        Some(m) => Month::try_from(u8::try_from(number(m)?).unwrap_or(0))
            .map_err(|_| anyhow::anyhow!("{text:?}: no such month"))?,
        None if end == End::First => Month::January,
        None => Month::December,
    };
    let day = match parts.get(2) {
        Some(d) => u8::try_from(number(d)?).unwrap_or(0),
        None if end == End::First => 1,
        None => time::util::days_in_month(month, year),
    };
    if parts.len() > 3 {
        bail!("{text:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)");
    }
    let date = Date::from_calendar_date(year, month, day)
        .map_err(|e| anyhow::anyhow!("{text:?} is not a date: {e}"))?;
    Ok(day_number(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_local_date_counts() {
        assert_eq!(publication_day(datetime!(1970-01-02 00:30 +05:00)), 1);
        assert_eq!(
            publication_day(datetime!(2016-11-04 15:01:32 +05:00)),
            17109
        );
    }

    #[test]
    fn user_dates_cover_whole_months_and_years() {
        assert_eq!(parse_user_day("2016-11-04", End::First).unwrap(), 17109);
        assert_eq!(parse_user_day("2016-11", End::First).unwrap(), 17106);
        assert_eq!(parse_user_day("2016-11", End::Last).unwrap(), 17135);
        assert_eq!(parse_user_day("2016", End::Last).unwrap(), 17166);
        for bad in ["2016-13", "2016-02-30", "yesterday", "2016-1-1-1", ""] {
            assert!(parse_user_day(bad, End::First).is_err(), "{bad}");
        }
    }
}
