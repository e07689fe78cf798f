//! Dates in Urdu news text: temporal expressions found in an analyzed
//! document and resolved against its publication date.
//!
//! The expressions: a day and month ("30 اگست", "یکم ستمبر"), with a year
//! ("30 اگست 2023", "ستمبر 2023ء"), ranges ("10 سے 13 ستمبر",
//! "2010 سے 2015 تک"), years ("سن 2000", "2019ء"), decades ("1990 کی
//! دہائی"), relative expressions ("گزشتہ سال", "رواں ماہ", "آئندہ ہفتے",
//! "گذشتہ روز", "گذشتہ سال ستمبر"), weekdays ("بدھ کے روز", "جمعرات کو"),
//! آج, and کل or پرسوں by the tense of their sentence. Hijri dates ("10
//! محرم") are found but not converted.
//!
//! A value has its own granularity (`2023-08-30`, `2023-09`, `2000`, `199X`;
//! see [`When`]). A date without a year takes the year that puts it nearest
//! the publication date; a weekday is the nearest one before it (after it
//! in a sentence about the future). What cannot be resolved, for want of a
//! publication date or of a tense, is kept with no value, never guessed.

mod lexicon;

use std::fmt;

use khabar_text::{Analysis, TokenKind};
use lexicon::{Direction, Unit};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use time::{Date, Duration, Month};

/// A point in time at the granularity the text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(Date),
    Month(i32, Month),
    Year(i32),
    /// A decade by its first year (1990 for the 1990s).
    Decade(i32),
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day()),
            When::Month(y, m) => write!(f, "{y:04}-{:02}", *m as u8),
            When::Year(y) => write!(f, "{y:04}"),
            When::Decade(y) => write!(f, "{:03}X", y / 10),
        }
    }
}

/// A temporal expression: its span in the display text, and its value (the
/// start, for a range) if it could be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub value: Option<When>,
    /// The end of a range.
    pub end_value: Option<When>,
}

impl Serialize for DateMention {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("DateMention", 4)?;
        out.serialize_field("start", &self.start)?;
        out.serialize_field("end", &self.end)?;
        out.serialize_field("value", &self.value.map(|v| v.to_string()))?;
        out.serialize_field("end_value", &self.end_value.map(|v| v.to_string()))?;
        out.end()
    }
}

/// A token of a sentence, as the patterns see it.
struct Word<'a> {
    norm: &'a str,
    start: usize,
    end: usize,
}

/// The tense of a sentence, for کل and weekdays.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// Every temporal expression of an analyzed document, in order.
pub fn find(analysis: &Analysis, published: Option<Date>) -> Vec<DateMention> {
    let mut found = Vec::new();
    let mut tokens = analysis.tokens.iter().peekable();
    for sentence in &analysis.sentences {
        let mut words = Vec::new();
        while let Some(token) = tokens.next_if(|t| t.start < sentence.end) {
            if token.start >= sentence.start && token.kind != TokenKind::Quote {
                words.push(Word {
                    norm: analysis.norm(token),
                    start: token.start,
                    end: token.end,
                });
            }
        }
        find_in_sentence(&words, published, &mut found);
    }
    found
}

fn find_in_sentence(words: &[Word], published: Option<Date>, found: &mut Vec<DateMention>) {
    let norms: Vec<&str> = words.iter().map(|w| w.norm).collect();
    // Tenses are worked out only for a sentence that holds an expression:
    // they change an expression's value, never whether it is one.
    let mut tenses: Option<Vec<Tense>> = None;
    let mut at = 0;
    while at < words.len() {
        let matched = expression_at(&norms, at, published, Tense::Unknown).map(|first| {
            let tense = tenses.get_or_insert_with(|| tenses_of(words))[at];
            match tense {
                Tense::Unknown => first,
                _ => expression_at(&norms, at, published, tense).unwrap_or(first),
            }
        });
        match matched {
            Some((len, value, end_value)) => {
                found.push(DateMention {
                    start: words[at].start,
                    end: words[at + len - 1].end,
                    value,
                    end_value,
                });
                at += len;
            }
            None => at += 1,
        }
    }
}

/// For each word, the tense of the first verb at or after it: in "جمعرات
/// کو کہا کہ انتخابات ہوں گے" Thursday goes with کہا (past), not with the
/// future of the clause after it. Words after the last verb take its tense.
fn tenses_of(words: &[Word]) -> Vec<Tense> {
    let mut tenses = vec![Tense::Unknown; words.len()];
    let mut next = Tense::Unknown;
    for (i, word) in words.iter().enumerate().rev() {
        if lexicon::is_future_marker(word.norm) {
            next = Tense::Future;
        } else if lexicon::is_past_marker(word.norm) {
            next = Tense::Past;
        }
        tenses[i] = next;
    }
    let last = words
        .iter()
        .rposition(|w| lexicon::is_future_marker(w.norm) || lexicon::is_past_marker(w.norm));
    if let Some(last) = last {
        let tense = tenses[last];
        tenses[last..].fill(tense);
    }
    tenses
}

/// A match: how many words it takes, its value and the end of its range.
type Match = (usize, Option<When>, Option<When>);

/// The longest expression starting at word `at`, if one does.
fn expression_at(w: &[&str], at: usize, published: Option<Date>, tense: Tense) -> Option<Match> {
    let word = |i: usize| w.get(at + i).copied().unwrap_or("");
    // Day (to day) month (year).
    if let Some(day) = lexicon::day_of_month(word(0)) {
        if let Some(month) = lexicon::month(word(1)) {
            let (len, year) = year_after(w, at + 2);
            return Some((2 + len, day_value(year, month, day, published, tense), None));
        }
        if matches!(word(1), "سے" | "تا" | "-")
            && let Some(last_day) = lexicon::day_of_month(word(2))
            && let Some(month) = lexicon::month(word(3))
        {
            let (len, year) = year_after(w, at + 4);
            let len = 4 + len + usize::from(word(4 + len) == "تک");
            return Some((
                len,
                day_value(year, month, day, published, tense),
                day_value(year, month, last_day, published, tense),
            ));
        }
        if let Some(len) = lexicon::hijri_month_len(&w[at + 1..]) {
            let (year_len, _) = year_after(w, at + 1 + len);
            let len = 1 + len + year_len + usize::from(word(1 + len + year_len) == "ھ");
            return Some((len, None, None));
        }
    }
    // Month (year).
    if let Some(month) = lexicon::month(word(0)) {
        let (len, year) = year_after(w, at + 1);
        if len > 0 {
            return Some((1 + len, year.map(|y| When::Month(y, month)), None));
        }
        // A month alone ("مارچ" is also a march) only before a postposition
        // or after ماہ.
        let before = if at > 0 { w[at - 1] } else { "" };
        if matches!(word(1), "میں" | "تک" | "سے" | "کے" | "کی" | "کو" | "کا")
            || matches!(before, "ماہ" | "مہینے")
        {
            return Some((
                1,
                published.and_then(|p| nearest_month(p, month, tense)),
                None,
            ));
        }
    }
    if word(0) == "رمضان" {
        return Some((1, None, None));
    }
    // Decades: "1990 کی دہائی", "90 کی دہائی", "1980 کے عشرے".
    if let Ok(n) = word(0).parse::<i32>()
        && matches!(
            (word(1), word(2)),
            ("کی", "دہائی" | "دہائیوں") | ("کے", "عشرے" | "عشرہ" | "عشروں")
        )
    {
        let decade = match word(0).len() {
            4 if n % 10 == 0 => Some(n),
            2 if n % 10 == 0 => Some(1900 + n),
            _ => None,
        };
        return Some((3, decade.map(When::Decade), None));
    }
    // Years: "سن 2000", "سال 2019", "2019ء", "2016 میں", "2010 سے 2015 تک".
    if matches!(word(0), "سن" | "سال")
        && let Some(year) = lexicon::year(word(1))
    {
        let len = 2 + usize::from(word(2) == "ء");
        return Some((len, Some(When::Year(year)), None));
    }
    if let Some(year) = lexicon::year(word(0)) {
        if matches!(word(1), "سے" | "تا" | "-")
            && let Some(last) = lexicon::year(word(2))
        {
            let len = 3 + usize::from(word(3) == "ء") + usize::from(word(3) == "تک");
            return Some((len, Some(When::Year(year)), Some(When::Year(last))));
        }
        if word(1) == "ء" {
            return Some((2, Some(When::Year(year)), None));
        }
        if matches!(word(1), "میں" | "تک") {
            return Some((1, Some(When::Year(year)), None));
        }
    }
    // Relative: "گزشتہ سال", "رواں ماہ", "آئندہ ہفتے", "آنے والے سال",
    // "گذشتہ سال ستمبر".
    if let Some(direction) = lexicon::direction(word(0)) {
        let skip = usize::from(matches!(word(1), "والے" | "والی" | "والا"));
        if let Some(unit) = lexicon::unit(word(1 + skip)) {
            // "اس روز" is "that day", not today.
            if direction == Direction::Current && unit == Unit::Day {
                return None;
            }
            // "اگلے دن" is the day after the events told, not after
            // publication: found, not resolved.
            if direction == Direction::Next && unit == Unit::Day {
                return Some((2 + skip, None, None));
            }
            let len = 2 + skip;
            if unit == Unit::Year
                && let Some(month) = lexicon::month(word(len))
            {
                let value = published.map(|p| When::Month(shift_year(p, direction), month));
                return Some((len + 1, value, None));
            }
            let (value, end_value) = match published {
                Some(p) => relative(p, direction, unit),
                None => (None, None),
            };
            return Some((len, value, end_value));
        }
    }
    // Weekdays, only where they must be days: "بدھ کو", "بدھ کے روز".
    if let Some(weekday) = lexicon::weekday(word(0)) {
        let len = match (word(1), word(2)) {
            ("کو", _) => 2,
            ("کے", "روز" | "دن") => 3,
            ("کی", "صبح" | "شام" | "رات" | "دوپہر") => 3,
            _ => 0,
        };
        if len > 0 {
            let value = published.and_then(|p| nearest_weekday(p, weekday, tense));
            return Some((len, value.map(When::Day), None));
        }
    }
    let days = match word(0) {
        "آج" if word(1) != "کل" => Some(0),
        "کل" => Some(1),
        "پرسوں" => Some(2),
        _ => None,
    };
    if let Some(days) = days {
        let sign = match tense {
            _ if days == 0 => 0,
            Tense::Future => 1,
            Tense::Past => -1,
            Tense::Unknown => return Some((1, None, None)),
        };
        let value = published.and_then(|p| p.checked_add(Duration::days(sign * days)));
        return Some((1, value.map(When::Day), None));
    }
    None
}

/// An optional year after a day or month: "، 2023", "2023ء", "سن 2023".
/// Returns the words it takes and the year.
fn year_after(w: &[&str], at: usize) -> (usize, Option<i32>) {
    let word = |i: usize| w.get(at + i).copied().unwrap_or("");
    let comma = usize::from(matches!(word(0), "," | "سن"));
    match lexicon::year(word(comma)) {
        Some(year) => (comma + 1 + usize::from(word(comma + 1) == "ء"), Some(year)),
        None => (0, None),
    }
}

/// A day of a month, in its year or else in the year that puts it nearest
/// publication, the tense leaning towards before or after (see
/// [`nearest_year`]).
fn day_value(
    year: Option<i32>,
    month: Month,
    day: u8,
    published: Option<Date>,
    tense: Tense,
) -> Option<When> {
    let date = match (year, published) {
        (Some(year), _) => Date::from_calendar_date(year, month, day).ok()?,
        (None, Some(p)) => {
            let year = nearest_year(p.year(), tense, TENSE_PULL, |y| {
                Date::from_calendar_date(y, month, day)
                    .ok()
                    .map(|d| (d - p).whole_days())
            })?;
            Date::from_calendar_date(year, month, day).ok()?
        }
        (None, None) => return None,
    };
    Some(When::Day(date))
}

/// A month without a year, chosen as a day is.
fn nearest_month(published: Date, month: Month, tense: Tense) -> Option<When> {
    // Offsets in months: the pull is two of them.
    let year = nearest_year(published.year(), tense, TENSE_PULL / 30, |y| {
        Some(i64::from(
            y * 12 + month as i32 - (published.year() * 12 + published.month() as i32),
        ))
    })?;
    Some(When::Month(year, month))
}

/// How far the tense pushes a date to its side of publication, in the
/// units of the offset: "پانچ مئی کو اجلاس ہوا" in November is the May
/// gone, "... ہو گا" the May to come. A past verb about a plan ("دو نومبر
/// کی تاریخ دے رکھی تھی", a week before) does not outweigh a date that
/// near.
const TENSE_PULL: i64 = 60;

/// Of the publication year and the years either side, the one whose
/// `offset` from publication (negative before) is smallest, counting an
/// offset on the wrong side of the tense `pull` more.
fn nearest_year(
    year: i32,
    tense: Tense,
    pull: i64,
    offset: impl Fn(i32) -> Option<i64>,
) -> Option<i32> {
    [year - 1, year, year + 1]
        .into_iter()
        .filter_map(|y| offset(y).map(|o| (y, o)))
        .min_by_key(|&(_, o)| {
            let against = match tense {
                Tense::Past => o > 0,
                Tense::Future => o < 0,
                Tense::Unknown => false,
            };
            o.abs() + if against { pull } else { 0 }
        })
        .map(|(y, _)| y)
}

fn shift_year(published: Date, direction: Direction) -> i32 {
    published.year()
        + match direction {
            Direction::Past => -1,
            Direction::Current => 0,
            Direction::Next => 1,
        }
}

/// "گزشتہ سال" and the like, against the publication date. A week is the
/// range Monday to Sunday.
fn relative(published: Date, direction: Direction, unit: Unit) -> (Option<When>, Option<When>) {
    let step = match direction {
        Direction::Past => -1,
        Direction::Current => 0,
        Direction::Next => 1,
    };
    match unit {
        Unit::Year => (Some(When::Year(shift_year(published, direction))), None),
        Unit::Month => {
            let months = published.year() * 12 + published.month() as i32 - 1 + step;
            let month = Month::try_from((months.rem_euclid(12) + 1) as u8).ok();
            (month.map(|m| When::Month(months.div_euclid(12), m)), None)
        }
        Unit::Week => {
            let monday = published.checked_add(Duration::days(
                7 * i64::from(step) - i64::from(published.weekday().number_days_from_monday()),
            ));
            let sunday = monday.and_then(|m| m.checked_add(Duration::days(6)));
            (monday.map(When::Day), sunday.map(When::Day))
        }
        Unit::Day => (
            published
                .checked_add(Duration::days(step.into()))
                .map(When::Day),
            None,
        ),
    }
}

/// The weekday nearest publication: on or before it, or in a sentence
/// about the future, on or after it.
fn nearest_weekday(published: Date, weekday: time::Weekday, tense: Tense) -> Option<Date> {
    let from_published = i64::from(weekday.number_days_from_monday())
        - i64::from(published.weekday().number_days_from_monday());
    let days = match tense {
        Tense::Future => from_published.rem_euclid(7),
        _ => -(-from_published).rem_euclid(7),
    };
    published.checked_add(Duration::days(days))
}

#[cfg(test)]
mod tests;
