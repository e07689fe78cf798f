//! The words of Urdu dates, in analysis form (`khabar_text::normalize::fold`:
//! Arabic letter forms unified, diacritics gone, digits ASCII).

use time::{Month, Weekday};

/// A Gregorian month by any of its common spellings.
pub fn month(word: &str) -> Option<Month> {
    Some(match word {
        "جنوری" => Month::January,
        "فروری" => Month::February,
        "مارچ" => Month::March,
        "اپریل" => Month::April,
        "مئی" | "مئ" | "مئے" => Month::May,
        "جون" => Month::June,
        "جولائی" | "جولائ" | "جولای" => Month::July,
        "اگست" => Month::August,
        "ستمبر" => Month::September,
        "اکتوبر" => Month::October,
        "نومبر" => Month::November,
        "دسمبر" => Month::December,
        _ => return None,
    })
}

/// The Hijri months, one word or two (ربیع الاول). Recognised, never
/// converted: the Gregorian day depends on the moon sighting.
pub fn hijri_month_len(words: &[&str]) -> Option<usize> {
    let first = *words.first()?;
    let second = words.get(1).copied().unwrap_or("");
    match first {
        "محرم" | "صفر" | "رجب" | "شعبان" | "رمضان" | "شوال" | "ذوالقعدہ" | "ذیقعد" | "ذوالحجہ"
        | "ذوالحج" => Some(1),
        "ربیع" | "جمادی"
            if matches!(
                second,
                "الاول" | "الاولی" | "الثانی" | "الآخر" | "الاخر" | "الثانیہ"
            ) =>
        {
            Some(2)
        }
        "ذی" if matches!(second, "الحجہ" | "القعدہ") => Some(2),
        _ => None,
    }
}

pub fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "پیر" | "سوموار" => Weekday::Monday,
        "منگل" => Weekday::Tuesday,
        "بدھ" => Weekday::Wednesday,
        "جمعرات" => Weekday::Thursday,
        "جمعہ" | "جمعے" => Weekday::Friday,
        // Also "week": only a weekday before کو, کے روز and the like.
        "ہفتہ" | "ہفتے" | "سنیچر" => Weekday::Saturday,
        "اتوار" => Weekday::Sunday,
        _ => return None,
    })
}

/// The day of a month written as a number or in words (یکم is "first").
pub fn day_of_month(word: &str) -> Option<u8> {
    let n: u8 = match word.parse() {
        Ok(n) => n,
        Err(_) => number_word(word)?,
    };
    (1..=31).contains(&n).then_some(n)
}

/// Urdu number words up to 31, the range of days.
fn number_word(word: &str) -> Option<u8> {
    const WORDS: [&str; 31] = [
        "ایک",
        "دو",
        "تین",
        "چار",
        "پانچ",
        "چھ",
        "سات",
        "آٹھ",
        "نو",
        "دس",
        "گیارہ",
        "بارہ",
        "تیرہ",
        "چودہ",
        "پندرہ",
        "سولہ",
        "سترہ",
        "اٹھارہ",
        "انیس",
        "بیس",
        "اکیس",
        "بائیس",
        "تئیس",
        "چوبیس",
        "پچیس",
        "چھبیس",
        "ستائیس",
        "اٹھائیس",
        "انتیس",
        "تیس",
        "اکتیس",
    ];
    if word == "یکم" {
        return Some(1);
    }
    WORDS.iter().position(|w| *w == word).map(|i| i as u8 + 1)
}

/// A year written in digits, within the years news speaks of.
pub fn year(word: &str) -> Option<i32> {
    let n: i32 = word.parse().ok()?;
    (word.len() == 4 && (1000..=2199).contains(&n)).then_some(n)
}

/// Which way a relative word points: back, now, or ahead.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    Past,
    Current,
    Next,
}

pub fn direction(word: &str) -> Option<Direction> {
    Some(match word {
        "گذشتہ" | "گزشتہ" | "پچھلے" | "پچھلی" | "پچھلا" | "پیوستہ" => {
            Direction::Past
        }
        "رواں" | "اس" | "موجودہ" | "جاری" => Direction::Current,
        "اگلے" | "اگلی" | "اگلا" | "آئندہ" | "آنے" => Direction::Next,
        _ => return None,
    })
}

/// The unit a relative expression counts in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

pub fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "روز" | "دن" | "شب" | "رات" => Unit::Day,
        "ہفتے" | "ہفتہ" => Unit::Week,
        "ماہ" | "مہینے" | "مہینہ" => Unit::Month,
        "سال" | "برس" => Unit::Year,
        _ => return None,
    })
}

/// Verb endings that put a sentence in the future or the past, which is
/// what decides whether کل is tomorrow or yesterday.
pub fn is_future_marker(word: &str) -> bool {
    matches!(word, "گا" | "گی" | "گے")
}

pub fn is_past_marker(word: &str) -> bool {
    matches!(
        word,
        "تھا"
            | "تھی"
            | "تھے"
            | "تھیں"
            | "گیا"
            | "گئی"
            | "گئے"
            | "گئیں"
            | "ہوا"
            | "ہوئی"
            | "ہوئے"
            | "چکا"
            | "چکی"
            | "چکے"
            | "دیا"
            | "لیا"
            | "کہا"
    )
}
