//! Date expressions as VOA Urdu articles (public domain) write them, each in
//! a sentence, with the value it resolves to against a publication date.

use super::*;
use khabar_text::ScriptOnly;
use time::macros::date;

/// Publication date of most cases: Friday 4 November 2016.
const FRIDAY: Date = date!(2016 - 11 - 04);

/// (text, value, end value) of every expression found.
fn dates(text: &str, published: Option<Date>) -> Vec<(String, Option<String>, Option<String>)> {
    let analysis = khabar_text::analyze(text, &ScriptOnly);
    find(&analysis, published)
        .into_iter()
        .map(|m| {
            (
                analysis.text[m.start..m.end].to_string(),
                m.value.map(|v| v.to_string()),
                m.end_value.map(|v| v.to_string()),
            )
        })
        .collect()
}

/// Checks that `text` holds exactly one expression, `expression`, with
/// `value` (and `end_value`).
fn one(
    text: &str,
    published: Option<Date>,
    expression: &str,
    value: Option<&str>,
    end: Option<&str>,
) {
    let found = dates(text, published);
    assert_eq!(
        found,
        [(
            expression.to_string(),
            value.map(str::to_string),
            end.map(str::to_string)
        )],
        "{text}"
    );
}

#[test]
fn day_and_month_take_the_year_nearest_publication() {
    let cases = [
        ("فلم 28 اکتوبر کو ریلیز ہوئی۔", "28 اکتوبر", "2016-10-28"),
        ("یہ فلم 14 اکتوبر کو ریلیز ہوئی۔", "14 اکتوبر", "2016-10-14"),
        // Half a year either way: the tense decides.
        ("پانچ مئی کو اجلاس ہو گا۔", "پانچ مئی", "2017-05-05"),
        // A plan told in the past tense, a few days ahead.
        (
            "انہوں نے آٹھ نومبر کی تاریخ دے رکھی تھی۔",
            "آٹھ نومبر",
            "2016-11-08",
        ),
        (
            "انہیں 18 دسمبر کو طلب کیا جائے گا۔",
            "18 دسمبر",
            "2016-12-18",
        ),
        (
            "چینلز نے 15 اکتوبر کے بعد نشریات بند کیں۔",
            "15 اکتوبر",
            "2016-10-15",
        ),
        ("اجلاس 16 نومبر کو بھی ہو گا۔", "16 نومبر", "2016-11-16"),
        (
            "یکم ستمبر کو نیا قانون نافذ ہوا۔",
            "یکم ستمبر",
            "2016-09-01",
        ),
        (
            "یہ سلسلہ 20 فروری تک جاری رہے گا۔",
            "20 فروری",
            "2017-02-20",
        ),
        ("انتخابات 8 نومبر کو ہوں گے۔", "8 نومبر", "2016-11-08"),
        (
            "تحریک انصاف نے 30 اکتوبر کو جلسے کا اعلان کیا تھا۔",
            "30 اکتوبر",
            "2016-10-30",
        ),
        ("پانچ مئی کو اجلاس ہوا۔", "پانچ مئی", "2016-05-05"),
        ("۲۵ جولائ کو ووٹ ڈالے گئے۔", "۲۵ جولائ", "2016-07-25"),
        ("دس جنوری کو سماعت ہو گی۔", "دس جنوری", "2017-01-10"),
    ];
    for (text, expression, value) in cases {
        one(text, Some(FRIDAY), expression, Some(value), None);
    }
}

#[test]
fn a_year_given_is_kept_with_its_separators() {
    let cases = [
        (
            "بھارت اور پاکستان نے 22 دسمبر 2016ء کو معاہدہ کیا۔",
            "22 دسمبر 2016ء",
            "2016-12-22",
        ),
        (
            "ان کا انتقال 26 دسمبر 2006ء کو ہوا۔",
            "26 دسمبر 2006ء",
            "2006-12-26",
        ),
        (
            "انہوں نے 6 جنوری 1929 میں کام شروع کیا۔",
            "6 جنوری 1929",
            "1929-01-06",
        ),
        (
            "یہ واقعہ 30 اگست، 2023 کو ہوا۔",
            "30 اگست، 2023",
            "2023-08-30",
        ),
        (
            "ملاقات 12 جون سن 2018 کو ہوئی تھی۔",
            "12 جون سن 2018",
            "2018-06-12",
        ),
    ];
    for (text, expression, value) in cases {
        one(text, Some(FRIDAY), expression, Some(value), None);
    }
}

#[test]
fn months_with_a_year_and_alone() {
    let cases = [
        (
            "جولائی سن 2000 میں انہوں نے دورہ کیا۔",
            "جولائی سن 2000",
            "2000-07",
        ),
        ("ستمبر 2023 میں اجلاس ہوا۔", "ستمبر 2023", "2023-09"),
        ("مارچ 2017ء تک کام مکمل ہو گا۔", "مارچ 2017ء", "2017-03"),
        ("اکتوبر میں بارشیں ہوئیں۔", "اکتوبر", "2016-10"),
        ("جنوری تک نیا صدر حلف اٹھائے گا۔", "جنوری", "2017-01"),
        ("ماہ دسمبر کی سردی شدید ہے۔", "دسمبر", "2016-12"),
    ];
    for (text, expression, value) in cases {
        one(text, Some(FRIDAY), expression, Some(value), None);
    }
}

#[test]
fn a_march_that_is_not_a_month_is_not_a_date() {
    assert!(dates("آزادی مارچ اسلام آباد پہنچا۔", Some(FRIDAY)).is_empty());
}

#[test]
fn ranges_of_days_and_years() {
    one(
        "کانفرنس 10 سے 13 ستمبر تک ہوئی۔",
        Some(FRIDAY),
        "10 سے 13 ستمبر تک",
        Some("2016-09-10"),
        Some("2016-09-13"),
    );
    one(
        "یہ منصوبہ 2010 سے 2015 تک جاری رہا۔",
        Some(FRIDAY),
        "2010 سے 2015 تک",
        Some("2010"),
        Some("2015"),
    );
}

#[test]
fn years_are_marked_by_sun_saal_hamza_or_a_postposition() {
    let cases = [
        ("سن 2000 میں وہ صدر بنے۔", "سن 2000", "2000"),
        ("سال 2019 اچھا رہا۔", "سال 2019", "2019"),
        ("1980ء میں یہ ادارہ بنا۔", "1980ء", "1980"),
        ("2004ء میں معاہدہ ہوا۔", "2004ء", "2004"),
        ("2018ء سے گاڑیاں تیار ہوں گی۔", "2018ء", "2018"),
        ("2016 میں الیکشن ہوئے۔", "2016", "2016"),
        ("یہ کام 2020 تک ہو گا۔", "2020", "2020"),
    ];
    for (text, expression, value) in cases {
        one(text, Some(FRIDAY), expression, Some(value), None);
    }
    // A count is not a year.
    assert!(dates("2000 افراد نے شرکت کی۔", Some(FRIDAY)).is_empty());
}

#[test]
fn decades() {
    one(
        "1990 کی دہائی میں جنگ ہوئی۔",
        None,
        "1990 کی دہائی",
        Some("199X"),
        None,
    );
    one(
        "80 کی دہائی میں یہ گانا مقبول تھا۔",
        None,
        "80 کی دہائی",
        Some("198X"),
        None,
    );
    one(
        "1970 کے عشرے میں ترقی ہوئی۔",
        None,
        "1970 کے عشرے",
        Some("197X"),
        None,
    );
}

#[test]
fn relative_expressions_count_from_publication() {
    let cases = [
        ("گزشتہ سال انتخابات ہوئے۔", "گزشتہ سال", "2015", None),
        ("گذشتہ سال بھی ایسا ہوا تھا۔", "گذشتہ سال", "2015", None),
        ("رواں سال معیشت بہتر ہوئی۔", "رواں سال", "2016", None),
        ("رواں برس بارشیں کم ہوئیں۔", "رواں برس", "2016", None),
        ("آئندہ سال الیکشن ہوں گے۔", "آئندہ سال", "2017", None),
        ("اگلے سال معاہدہ ہو گا۔", "اگلے سال", "2017", None),
        ("آنے والے سال میں ترقی ہو گی۔", "آنے والے سال", "2017", None),
        ("پچھلے سال سیلاب آیا تھا۔", "پچھلے سال", "2015", None),
        ("گزشتہ ماہ دھماکہ ہوا۔", "گزشتہ ماہ", "2016-10", None),
        ("رواں ماہ اجلاس ہو گا۔", "رواں ماہ", "2016-11", None),
        ("آئندہ ماہ دورہ متوقع ہے۔", "آئندہ ماہ", "2016-12", None),
        ("پچھلے مہینے قیمتیں بڑھیں۔", "پچھلے مہینے", "2016-10", None),
        ("گزشتہ روز حملہ ہوا۔", "گزشتہ روز", "2016-11-03", None),
        ("گذشتہ روز اجلاس ہوا۔", "گذشتہ روز", "2016-11-03", None),
        (
            "گزشتہ ہفتے مذاکرات ہوئے۔",
            "گزشتہ ہفتے",
            "2016-10-24",
            Some("2016-10-30"),
        ),
        (
            "رواں ہفتے فیصلہ ہو گا۔",
            "رواں ہفتے",
            "2016-10-31",
            Some("2016-11-06"),
        ),
        (
            "آئندہ ہفتے دورہ ہو گا۔",
            "آئندہ ہفتے",
            "2016-11-07",
            Some("2016-11-13"),
        ),
        (
            "اگلے ہفتے اجلاس ہو گا۔",
            "اگلے ہفتے",
            "2016-11-07",
            Some("2016-11-13"),
        ),
    ];
    for (text, expression, value, end) in cases {
        one(text, Some(FRIDAY), expression, Some(value), end);
    }
}

#[test]
fn the_next_day_of_a_story_is_found_not_resolved() {
    one(
        "اگلے دن فیصلہ سنایا گیا۔",
        Some(FRIDAY),
        "اگلے دن",
        None,
        None,
    );
    one(
        "آنے والے دن اہم ہیں۔",
        Some(FRIDAY),
        "آنے والے دن",
        None,
        None,
    );
}

#[test]
fn last_years_september_is_a_month() {
    one(
        "گذشتہ سال ستمبر میں حملہ ہوا تھا۔",
        Some(date!(2023 - 09 - 13)),
        "گذشتہ سال ستمبر",
        Some("2022-09"),
        None,
    );
}

#[test]
fn weekdays_are_the_nearest_before_or_after_by_tense() {
    let cases = [
        ("جمعرات کو اجلاس ہوا۔", "جمعرات کو", "2016-11-03"),
        ("منگل کو دھماکہ ہوا۔", "منگل کو", "2016-11-01"),
        ("پیر کو مظاہرہ کیا گیا۔", "پیر کو", "2016-10-31"),
        ("جمعہ کو نماز کے بعد جلوس نکلا۔", "جمعہ کو", "2016-11-04"),
        ("بدھ کو بیان جاری کیا گیا۔", "بدھ کو", "2016-11-02"),
        ("اتوار کو ریلی ہوئی۔", "اتوار کو", "2016-10-30"),
        ("ہفتہ کو میچ کھیلا گیا۔", "ہفتہ کو", "2016-10-29"),
        ("پیر کے روز فیصلہ سنایا گیا۔", "پیر کے روز", "2016-10-31"),
        ("جمعے کے روز حملہ ہوا۔", "جمعے کے روز", "2016-11-04"),
        ("ہفتے کے روز انتخابات ہوئے۔", "ہفتے کے روز", "2016-10-29"),
        ("منگل کی رات دھماکہ ہوا۔", "منگل کی رات", "2016-11-01"),
        ("پیر کو اجلاس ہو گا۔", "پیر کو", "2016-11-07"),
        ("اتوار کو ووٹ ڈالے جائیں گے۔", "اتوار کو", "2016-11-06"),
    ];
    for (text, expression, value) in cases {
        one(text, Some(FRIDAY), expression, Some(value), None);
    }
    // The seed: Kim and Putin met "بدھ کے روز", published Wednesday 2023-09-13.
    one(
        "دونوں رہنماؤں نے بدھ کے روز ملاقات کی تھی۔",
        Some(date!(2023 - 09 - 13)),
        "بدھ کے روز",
        Some("2023-09-13"),
        None,
    );
}

#[test]
fn a_week_word_is_not_a_saturday() {
    let found = dates("اس ہفتے کئی واقعات ہوئے۔", Some(FRIDAY));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "اس ہفتے");
    assert_eq!(found[0].1.as_deref(), Some("2016-10-31"));
}

#[test]
fn today_tomorrow_and_yesterday_by_tense() {
    one(
        "آج اجلاس ہو رہا ہے۔",
        Some(FRIDAY),
        "آج",
        Some("2016-11-04"),
        None,
    );
    one(
        "کل اجلاس ہو گا۔",
        Some(FRIDAY),
        "کل",
        Some("2016-11-05"),
        None,
    );
    one(
        "کل اجلاس ہوا تھا۔",
        Some(FRIDAY),
        "کل",
        Some("2016-11-03"),
        None,
    );
    one(
        "پرسوں فیصلہ سنایا جائے گا۔",
        Some(FRIDAY),
        "پرسوں",
        Some("2016-11-06"),
        None,
    );
    // No tense, no value: kept, not guessed.
    one("کل کی بات", Some(FRIDAY), "کل", None, None);
    // "آج کل" is "these days".
    assert!(
        dates("آج کل مہنگائی بہت ہے۔", Some(FRIDAY))
            .iter()
            .all(|d| d.0 != "آج")
    );
}

#[test]
fn without_a_publication_date_only_absolute_dates_resolve() {
    one("گزشتہ سال انتخابات ہوئے۔", None, "گزشتہ سال", None, None);
    one("30 اگست کو ملاقات ہوئی۔", None, "30 اگست", None, None);
    one(
        "30 اگست 2023 کو ملاقات ہوئی۔",
        None,
        "30 اگست 2023",
        Some("2023-08-30"),
        None,
    );
    one("جمعرات کو اجلاس ہوا۔", None, "جمعرات کو", None, None);
}

#[test]
fn hijri_dates_are_found_not_converted() {
    one(
        "10 محرم کو جلوس نکالے گئے۔",
        Some(FRIDAY),
        "10 محرم",
        None,
        None,
    );
    one(
        "12 ربیع الاول کو چھٹی ہو گی۔",
        Some(FRIDAY),
        "12 ربیع الاول",
        None,
        None,
    );
    one(
        "رمضان میں قیمتیں بڑھ جاتی ہیں۔",
        Some(FRIDAY),
        "رمضان",
        None,
        None,
    );
    // صفر alone is "zero".
    assert!(dates("شرح صفر رہی۔", Some(FRIDAY)).is_empty());
}

#[test]
fn an_impossible_date_has_no_value() {
    one(
        "31 فروری 2016 کو",
        Some(FRIDAY),
        "31 فروری 2016",
        None,
        None,
    );
}

#[test]
fn several_in_one_text_in_order() {
    let found = dates(
        "صدر نے جمعرات کو کہا کہ 2018ء میں انتخابات ہوں گے۔ گزشتہ سال معیشت بہتر ہوئی۔",
        Some(FRIDAY),
    );
    let texts: Vec<&str> = found.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(texts, ["جمعرات کو", "2018ء", "گزشتہ سال"]);
    // Thursday goes with "کہا", past, not with the future clause after it.
    assert_eq!(found[0].1.as_deref(), Some("2016-11-03"));
}

#[test]
fn dates_at_the_ends_of_the_calendar_do_not_overflow() {
    for published in [Date::MIN, Date::MAX] {
        dates(
            "آئندہ ہفتے، گزشتہ ہفتے، کل اجلاس ہو گا، آئندہ ماہ، 30 اگست کو، جمعہ کو",
            Some(published),
        );
    }
}

#[test]
fn values_print_at_their_own_granularity() {
    assert_eq!(When::Day(date!(2023 - 08 - 30)).to_string(), "2023-08-30");
    assert_eq!(When::Month(2023, Month::September).to_string(), "2023-09");
    assert_eq!(When::Year(2000).to_string(), "2000");
    assert_eq!(When::Decade(1990).to_string(), "199X");
}
