//! Plain text: the BBC/VOA dumps (title, summary, RFC 822 date line, body)
//! and other articles, with a title line when the first paragraph is one.

use serde_json::{Map, Value};

use crate::{Item, Record, dates};

/// A first line longer than this is a paragraph, not a title.
const MAX_TITLE_CHARS: usize = 200;

pub(crate) fn read(text: &str, origin: String) -> Item {
    if !text.chars().any(char::is_alphabetic) {
        return Item::rejected(origin, "no text");
    }
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let record = dump(&lines, &origin).unwrap_or_else(|| article(&lines, origin));
    Item::Article(record)
}

/// A dump: the first non-empty line is the title, and a later line holds
/// nothing but an RFC 822 date with its weekday ("Sun, 09 Oct 2016 05:09:14
/// +0500"). The lines in between are the summary; the body (kept with its
/// line breaks and padding, which the text core needs to rejoin hard-wrapped
/// lines) follows the date. The date line is looked for in the whole file:
/// VOA's "summary" is at times the whole article, 160 lines long.
fn dump(lines: &[&str], origin: &str) -> Option<Record> {
    let title_at = lines.iter().position(|l| !l.trim().is_empty())?;
    let (date_at, published) = lines
        .iter()
        .enumerate()
        .skip(title_at + 1)
        .find_map(|(i, line)| dates::parse_date_line(line).map(|date| (i, date)))?;
    let summary = lines[title_at + 1..date_at].join("\n").trim().to_string();
    let body = without_blank_edges(&lines[date_at + 1..]);
    let mut meta = Map::new();
    if !summary.is_empty() {
        meta.insert("summary".to_string(), Value::String(summary.clone()));
    }
    Some(Record {
        id: None,
        url: None,
        source: None,
        published: Some(published),
        title: Some(lines[title_at].trim().to_string()),
        text: if body.is_empty() { summary } else { body },
        meta,
        origin: origin.to_string(),
    })
}

/// Any other text: the first paragraph is the title when it is one short
/// line that does not end a sentence and more text follows.
fn article(lines: &[&str], origin: String) -> Record {
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let lines = &lines[start..];
    let first_is_alone = lines.get(1).is_none_or(|l| l.trim().is_empty());
    let rest = without_blank_edges(lines.get(1..).unwrap_or_default());
    let title = lines.first().map(|l| l.trim()).filter(|first| {
        first_is_alone
            && first.chars().count() <= MAX_TITLE_CHARS
            && !first.ends_with(['۔', '.', '?', '!', '؟'])
            && !rest.is_empty()
    });
    let text = match title {
        Some(_) => rest,
        None => without_blank_edges(lines),
    };
    Record {
        id: None,
        url: None,
        source: None,
        published: None,
        title: title.map(str::to_string),
        text,
        meta: Map::new(),
        origin,
    }
}

/// The lines joined, without the blank lines before and after them and
/// trailing whitespace; the first line's leading spaces (a right-aligned
/// line's padding) stay.
fn without_blank_edges(lines: &[&str]) -> String {
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    lines[start..].join("\n").trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn record(text: &str) -> Record {
        match read(text, "f".into()) {
            Item::Article(record) => record,
            Item::Rejected(r) => panic!("{r}"),
        }
    }

    #[test]
    fn dump_with_title_summary_date_and_hard_wrapped_body() {
        let text = " \r\n        شہر میں نئی سڑک کا افتتاح        \r\n\r\n  \n\
                    وزیر اعلیٰ نے شہر کی سب سے لمبی سڑک کا افتتاح کیا جس سے \r\n\
                    ٹریفک میں کمی آئے گی۔\r\n\r\n  \n\
                    \x20                  Fri, 04 Nov 2016 15:01:32 +0500\r\n\r\n  \n\
                    لاہور میں آج ایک نئی سڑک کھول دی گئی جو شہر کے دو حص\r\n\
                    وں کو ملاتی ہے۔ حکام کے مطابق اس پر دو سال کام ہوا \r\n\
                    \x20                                 اور لاگت کم رہی۔\r\n";
        let r = record(text);
        assert_eq!(r.title.as_deref(), Some("شہر میں نئی سڑک کا افتتاح"));
        assert_eq!(r.published, Some(datetime!(2016-11-04 15:01:32 +05:00)));
        assert_eq!(
            r.meta["summary"],
            "وزیر اعلیٰ نے شہر کی سب سے لمبی سڑک کا افتتاح کیا جس سے \nٹریفک میں کمی آئے گی۔"
        );
        assert_eq!(
            r.text,
            "لاہور میں آج ایک نئی سڑک کھول دی گئی جو شہر کے دو حص\n\
             وں کو ملاتی ہے۔ حکام کے مطابق اس پر دو سال کام ہوا \n\
             \x20                                 اور لاگت کم رہی۔"
        );
    }

    #[test]
    fn dump_without_body_takes_the_summary() {
        let r = record("سرخی\n\nخلاصہ یہاں ہے۔\n\nSat, 03 Dec 2016 08:13:56 GMT\n\n");
        assert_eq!(r.text, "خلاصہ یہاں ہے۔");
        assert_eq!(r.published, Some(datetime!(2016-12-03 08:13:56 UTC)));

        // The "summary" may be a whole article, the date line far down.
        let long = format!(
            "سرخی\n\n{}\n   Sun, 09 Oct 2016 05:09:14 +0500   \n\nمتن",
            "ایک لمبی سطر \n".repeat(150)
        );
        let r = record(&long);
        assert_eq!(r.published, Some(datetime!(2016-10-09 05:09:14 +05:00)));
        assert_eq!(r.text, "متن");
    }

    #[test]
    fn an_iso_date_alone_on_a_line_makes_no_dump() {
        let r = record("سرخی\n\n2016-11-04\n\nمتن۔");
        assert_eq!(r.published, None);
        assert_eq!(r.title.as_deref(), Some("سرخی"));
        assert_eq!(r.text, "2016-11-04\n\nمتن۔");
    }

    #[test]
    fn seed_like_articles() {
        let r = record("\nکوریا کے رہنما روس پہنچ گئے\n\nماسکو میں ملاقات ہوئی۔\n\nدوسرا پیرا۔\n");
        assert_eq!(r.title.as_deref(), Some("کوریا کے رہنما روس پہنچ گئے"));
        assert_eq!(r.text, "ماسکو میں ملاقات ہوئی۔\n\nدوسرا پیرا۔");
        assert_eq!(r.published, None);

        // A first paragraph that ends a sentence is text, not a title.
        let r = record("ماسکو میں ملاقات ہوئی۔\n\nدوسرا پیرا۔");
        assert_eq!(r.title, None);
        assert_eq!(r.text, "ماسکو میں ملاقات ہوئی۔\n\nدوسرا پیرا۔");
        // One paragraph alone is all text.
        assert_eq!(record("صرف ایک سطر").title, None);
    }

    #[test]
    fn no_letters_is_no_text() {
        let Item::Rejected(r) = read(" 123 \n\n ۔۔۔ ", "f".into()) else {
            panic!("accepted")
        };
        assert_eq!(r.to_string(), "f: no text");
    }
}
