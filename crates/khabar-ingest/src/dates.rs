//! Dates as news files write them: RFC 3339 and its looser ISO cousins, RFC
//! 2822 (RSS, the BBC/VOA dumps), and the Urdu "08 نومبر ، 2024" that Geo glues
//! to its titles. Hand-written because the inputs bend the standards (a
//! "GMT" after an ISO time, no weekday, one-digit days) in ways a strict
//! parser refuses.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// The date and time in `s`, with the offset it gives (UTC when it gives
/// none). `None` when `s` is not one of the forms below.
///
/// - RFC 3339 and ISO 8601: `2016-11-04T15:01:32+05:00`, `…Z`, `…+0500`,
///   `2018-04-24T04:59:11 GMT`, `2016-11-04 15:01:32` (UTC), `2016-11-04`
///   (midnight UTC), fractions of a second allowed.
/// - RFC 2822: `Fri, 04 Nov 2016 15:01:32 +0500`, `Sat, 03 Dec 2016 08:13:56
///   GMT`, with or without the weekday (not checked against the date),
///   seconds or zone.
pub fn parse(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    parse_iso(s).or_else(|| parse_rfc2822(s))
}

/// A line that is an RFC 2822 date with its weekday and nothing else (but
/// padding): the date line of a text dump.
pub(crate) fn parse_date_line(line: &str) -> Option<OffsetDateTime> {
    let line = line.trim();
    if !line.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    parse_rfc2822(line)
}

/// A `dd.mm.yy` date ("01.12.14", the COUNTER corpus), at midnight UTC: it
/// gives no time or zone, and its two-digit years are of this century.
/// `None` when the day does not exist ("31.09.14" is in the corpus).
pub(crate) fn parse_dotted_day_first(s: &str) -> Option<OffsetDateTime> {
    let mut cur = Cursor::new(s.trim());
    let day = cur.number(1, 2)?;
    cur.expect_one_of(b".")?;
    let month = cur.number(1, 2)?;
    cur.expect_one_of(b".")?;
    let year = cur.number(2, 2)?;
    let date = calendar_date(2000 + year, month, day)?;
    cur.at_end()
        .then(|| PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc())
}

/// `title` without a trailing Urdu date ("…دکھا دیا08 نومبر ، 2024"), and that
/// date at midnight Pakistan time (+05:00). `None` when the title does not end
/// with such a date or nothing would be left of it.
pub(crate) fn split_urdu_title_date(title: &str) -> Option<(String, OffsetDateTime)> {
    let mut rest = title.trim_end();
    let (year, before) = take_trailing_digits(rest, 4)?;
    rest = before.trim_end();
    rest = rest
        .strip_suffix('،')
        .or_else(|| rest.strip_suffix(','))?
        .trim_end();
    let month_start = rest
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_arabic_letter(c))
        .last()
        .map(|(i, _)| i)?;
    let month = urdu_month(&rest[month_start..])?;
    rest = rest[..month_start].trim_end();
    let (day, before) = take_trailing_digits(rest, 2)?;
    let title = before.trim_end();
    if title.is_empty() {
        return None;
    }
    let date = Date::from_calendar_date(year as i32, month, u8::try_from(day).ok()?).ok()?;
    let pakistan = UtcOffset::from_hms(5, 0, 0).ok()?;
    Some((
        title.to_string(),
        PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(pakistan),
    ))
}

/// ISO dates: `YYYY-MM-DD`, optionally `[T ]HH:MM[:SS[.fff]]` and a zone.
fn parse_iso(s: &str) -> Option<OffsetDateTime> {
    let mut cur = Cursor::new(s);
    let year = cur.number(4, 4)?;
    cur.expect_one_of(b"-/")?;
    let month = cur.number(1, 2)?;
    cur.expect_one_of(b"-/")?;
    let day = cur.number(1, 2)?;
    let date = calendar_date(year, month, day)?;
    if cur.at_end() {
        return Some(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc());
    }
    cur.expect_one_of(b"Tt ")?;
    let time = cur.clock()?;
    cur.skip_spaces();
    let offset = cur.zone()?;
    cur.skip_spaces();
    cur.at_end()
        .then(|| PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// RFC 2822 dates: `[Day,] D Mon YYYY HH:MM[:SS] [zone]`.
fn parse_rfc2822(s: &str) -> Option<OffsetDateTime> {
    let mut cur = Cursor::new(s);
    if cur.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        let weekday = cur.word();
        if !WEEKDAYS.iter().any(|w| prefix_matches(weekday, w)) {
            return None;
        }
        cur.skip(b',');
        cur.skip_spaces();
    }
    let day = cur.number(1, 2)?;
    cur.require_spaces()?;
    let month = month_from_english(cur.word())?;
    cur.require_spaces()?;
    let year = match cur.number(2, 4)? {
        y @ 0..=49 => y + 2000,
        y @ 50..=999 => y + 1900,
        y => y,
    };
    cur.require_spaces()?;
    let time = cur.clock()?;
    cur.skip_spaces();
    let offset = cur.zone()?;
    cur.skip_spaces();
    let date = Date::from_calendar_date(year as i32, month, u8::try_from(day).ok()?).ok()?;
    cur.at_end()
        .then(|| PrimitiveDateTime::new(date, time).assume_offset(offset))
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const MONTHS: [Month; 12] = [
    Month::January,
    Month::February,
    Month::March,
    Month::April,
    Month::May,
    Month::June,
    Month::July,
    Month::August,
    Month::September,
    Month::October,
    Month::November,
    Month::December,
];

/// `word` is `full` or an abbreviation of it of at least three letters.
fn prefix_matches(word: &str, full: &str) -> bool {
    word.len() >= 3 && full.len() >= word.len() && full[..word.len()].eq_ignore_ascii_case(word)
}

fn month_from_english(word: &str) -> Option<Month> {
    let word = word.strip_suffix('.').unwrap_or(word);
    MONTHS
        .iter()
        .find(|m| prefix_matches(word, &m.to_string()))
        .copied()
}

/// Urdu month names, CLDR's spelling first; "سپتمبر" is a spelling seen in
/// the press. Arabic yeh and kaf are folded to the Urdu letters before the
/// comparison.
fn urdu_month(word: &str) -> Option<Month> {
    const NAMES: [(&str, Month); 13] = [
        ("جنوری", Month::January),
        ("فروری", Month::February),
        ("مارچ", Month::March),
        ("اپریل", Month::April),
        ("مئی", Month::May),
        ("جون", Month::June),
        ("جولائی", Month::July),
        ("اگست", Month::August),
        ("ستمبر", Month::September),
        ("سپتمبر", Month::September),
        ("اکتوبر", Month::October),
        ("نومبر", Month::November),
        ("دسمبر", Month::December),
    ];
    let folded: String = word
        .chars()
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            c => c,
        })
        .collect();
    NAMES
        .iter()
        .find(|(name, _)| *name == folded)
        .map(|&(_, month)| month)
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06D3}').contains(&c)
}

/// The value of an ASCII, Urdu (U+06F0…) or Arabic-Indic (U+0660…) digit.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        _ => None,
    }
}

/// The number written by the last 1..=`max` digits of `s`, and what comes
/// before them. `max` = 4 asks for exactly four (a year).
fn take_trailing_digits(s: &str, max: usize) -> Option<(u32, &str)> {
    let digits: Vec<(usize, u32)> = s
        .char_indices()
        .rev()
        .map_while(|(i, c)| digit_value(c).map(|d| (i, d)))
        .collect();
    let count_ok = if max == 4 {
        digits.len() == 4
    } else {
        (1..=max).contains(&digits.len())
    };
    if !count_ok {
        return None;
    }
    let start = digits.last().map(|&(i, _)| i)?;
    let value = digits.iter().rev().fold(0, |n, &(_, d)| n * 10 + d);
    Some((value, &s[..start]))
}

fn calendar_date(year: u32, month: u32, day: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// A byte cursor over an ASCII date string.
struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { s, at: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.at).copied()
    }

    fn at_end(&self) -> bool {
        self.at == self.s.len()
    }

    fn skip(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn expect_one_of(&mut self, bytes: &[u8]) -> Option<()> {
        let b = self.peek().filter(|b| bytes.contains(b))?;
        self.skip(b);
        Some(())
    }

    fn skip_spaces(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b == b' ' || b == b'\t') {
            self.at += 1;
        }
        self.at - start
    }

    fn require_spaces(&mut self) -> Option<()> {
        (self.skip_spaces() > 0).then_some(())
    }

    /// A run of ASCII letters.
    fn word(&mut self) -> &'a str {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'.')
        {
            self.at += 1;
        }
        &self.s[start..self.at]
    }

    /// A run of `min..=max` ASCII digits (no more may follow).
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        let len = self.at - start;
        if !(min..=max).contains(&len) {
            return None;
        }
        self.s[start..self.at].parse().ok()
    }

    /// `HH:MM[:SS[.fraction]]`.
    fn clock(&mut self) -> Option<Time> {
        let hour = self.number(1, 2)?;
        self.expect_one_of(b":")?;
        let minute = self.number(2, 2)?;
        let mut second = 0;
        let mut nanos = 0;
        if self.skip(b':') {
            second = self.number(2, 2)?;
            if self.expect_one_of(b".,").is_some() {
                let start = self.at;
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.at += 1;
                }
                let digits = self.s.get(start..self.at.min(start + 9))?;
                if digits.is_empty() {
                    return None;
                }
                let scale = 10u32.pow(9 - digits.len() as u32);
                nanos = digits.parse::<u32>().ok()? * scale;
            }
        }
        // A leap second (":60") is read as the last nanosecond before it.
        if second == 60 {
            second = 59;
            nanos = 999_999_999;
        }
        Time::from_hms_nano(
            u8::try_from(hour).ok()?,
            u8::try_from(minute).ok()?,
            u8::try_from(second).ok()?,
            nanos,
        )
        .ok()
    }

    /// A zone: none (UTC), `Z`, `±HH[:MM]`, `±HHMM`, or a name (GMT, UTC,
    /// the US zones of RFC 2822, PKT), which may be followed by an offset
    /// ("GMT+05:00").
    fn zone(&mut self) -> Option<UtcOffset> {
        let name = self.word();
        let named = match name.to_ascii_uppercase().as_str() {
            "" | "Z" | "UT" | "UTC" | "GMT" => 0,
            "PKT" => 5,
            "EST" | "CDT" => -5,
            "EDT" => -4,
            "CST" | "MDT" => -6,
            "MST" | "PDT" => -7,
            "PST" => -8,
            _ => return None,
        };
        let sign = match self.peek() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return UtcOffset::from_hms(named, 0, 0).ok(),
        };
        self.at += 1;
        let start = self.at;
        let hours = self.number(1, 4)?;
        let (hours, minutes) = if self.at - start > 2 {
            (hours / 100, hours % 100)
        } else if self.skip(b':') {
            (hours, self.number(2, 2)?)
        } else {
            (hours, 0)
        };
        let hours = named + sign * i8::try_from(hours).ok()?;
        let minutes = sign * i8::try_from(minutes).ok()?;
        UtcOffset::from_hms(hours, minutes, 0).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn rfc2822_with_numeric_offset_and_gmt() {
        assert_eq!(
            parse("Fri, 04 Nov 2016 15:01:32 +0500"),
            Some(datetime!(2016-11-04 15:01:32 +05:00))
        );
        assert_eq!(
            parse("  Sat, 03 Dec 2016 08:13:56 GMT  "),
            Some(datetime!(2016-12-03 08:13:56 UTC))
        );
        assert_eq!(
            parse("3 Dec 2016 08:13 EST"),
            Some(datetime!(2016-12-03 08:13 -05:00))
        );
    }

    #[test]
    fn iso_forms() {
        assert_eq!(
            parse("2016-11-04T15:01:32+05:00"),
            Some(datetime!(2016-11-04 15:01:32 +05:00))
        );
        assert_eq!(
            parse("2018-04-24T04:59:11 GMT"),
            Some(datetime!(2018-04-24 04:59:11 UTC))
        );
        assert_eq!(
            parse("2016-11-04 15:01:32"),
            Some(datetime!(2016-11-04 15:01:32 UTC))
        );
        assert_eq!(parse("2016-11-04"), Some(datetime!(2016-11-04 0:00 UTC)));
        assert_eq!(
            parse("2024-11-08T10:20:30.250Z"),
            Some(datetime!(2024-11-08 10:20:30.25 UTC))
        );
        assert_eq!(
            parse("2024-11-08T10:20:30+0500"),
            Some(datetime!(2024-11-08 10:20:30 +05:00))
        );
    }

    #[test]
    fn nonsense_is_not_a_date() {
        for s in [
            "",
            "2016",
            "yesterday",
            "2016-13-01",
            "2016-02-30",
            "Fri, 32 Nov 2016 15:01:32 +0500",
            "Fri, 04 Nov 2016 25:01:32",
            "2016-11-04T15:01:32+99:00",
            "Funday, 04 Nov 2016 15:01",
            "2016-11-04T15:01:32 and more",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn dotted_day_first_dates() {
        assert_eq!(
            parse_dotted_day_first("01.12.14"),
            Some(datetime!(2014-12-01 0:00 UTC))
        );
        assert_eq!(
            parse_dotted_day_first(" 5.1.15 "),
            Some(datetime!(2015-01-05 0:00 UTC))
        );
        for s in [
            "31.09.14",
            "29.02.15",
            "00.01.14",
            "01.13.14",
            "01.12.2014",
            "01-12-14",
            "01.12.14x",
            "",
        ] {
            assert_eq!(parse_dotted_day_first(s), None, "{s}");
        }
    }

    #[test]
    fn urdu_date_glued_to_a_title() {
        let (title, date) =
            split_urdu_title_date("والدین نے اپنے بیٹے کا چہرا دکھا دیا08 نومبر ، 2024").unwrap();
        assert_eq!(title, "والدین نے اپنے بیٹے کا چہرا دکھا دیا");
        assert_eq!(date, datetime!(2024-11-08 0:00 +05:00));
        let (title, date) = split_urdu_title_date("بارش کا امکان ۳۰ اکتوبر،۲۰۲۴").unwrap();
        assert_eq!(title, "بارش کا امکان");
        assert_eq!(date, datetime!(2024-10-30 0:00 +05:00));
        assert_eq!(split_urdu_title_date("08 نومبر ، 2024"), None);
        assert_eq!(split_urdu_title_date("میچ 2 کھلاڑی ، 2024"), None);
        assert_eq!(split_urdu_title_date("31 فروری ، 2024 خبر"), None);
    }
}
