//! A JSON object or a TSV row to a record: fields are recognised by name
//! (case-insensitive), and every other field is kept in `meta`.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::{Item, Record, dates, html};

/// Names of each role, the first present one winning.
const ID: &[&str] = &["id"];
const URL: &[&str] = &["url", "link"];
const SOURCE: &[&str] = &["source", "outlet", "site"];
const PUBLISHED: &[&str] = &[
    "published",
    "date",
    "pubdate",
    "published_at",
    "datePublished",
];
const TITLE: &[&str] = &["title", "headline"];
const TEXT: &[&str] = &["text", "content", "body", "article"];
/// HTML, reduced to text, when there is no text field.
const HTML: &[&str] = &["html"];
/// A lede or summary is the text only when nothing longer is given
/// (headline datasets).
const SUMMARY: &[&str] = &["summary", "description"];

/// Whether a column or field of this name can give a record its text.
pub(crate) fn is_text_field(name: &str) -> bool {
    [TEXT, HTML, SUMMARY]
        .concat()
        .iter()
        .any(|alias| alias.eq_ignore_ascii_case(name))
}

/// The article that `fields` describe, or its rejection.
pub(crate) fn to_item(fields: Map<String, Value>, origin: String) -> Item {
    match to_record(fields, origin.clone()) {
        Ok(record) => Item::Article(record),
        Err(reason) => Item::rejected(origin, reason),
    }
}

/// The record that `fields` describe, or why they do not make one.
fn to_record(mut fields: Map<String, Value>, origin: String) -> Result<Record, String> {
    let id = take(&mut fields, ID, |v| match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let mut url = take(&mut fields, URL, non_empty_string);
    let mut source = take(&mut fields, SOURCE, non_empty_string);
    // A date that does not parse stays in meta, where it is not lost.
    let mut published = take(&mut fields, PUBLISHED, |v| match v {
        Value::String(s) => dates::parse(s),
        Value::Number(n) => n.as_i64().and_then(unix_time),
        _ => None,
    });
    let mut title = take(&mut fields, TITLE, non_empty_string);
    let text = if let Some(text) = take(&mut fields, TEXT, plain_text) {
        text
    } else if let Some(page) = take(&mut fields, HTML, |v| {
        v.as_str().map(|s| html::extract_page(s, url.as_deref()))
    }) {
        url = url.or(page.url);
        source = source.or(page.site_name);
        published = published.or(page.published);
        title = title.or(page.title);
        page.text
    } else if let Some(text) = take(&mut fields, SUMMARY, plain_text) {
        text
    } else {
        let names = [TEXT, HTML, SUMMARY].concat().join(", ");
        return Err(format!("no text field (looked for {names})"));
    };
    if published.is_none()
        && let Some((bare, date)) = title.as_deref().and_then(dates::split_urdu_title_date)
    {
        title = Some(bare);
        published = Some(date);
    }
    Ok(Record {
        id,
        url,
        source,
        published,
        title,
        text,
        meta: fields,
        origin,
    })
}

/// Removes and converts the first field named by one of `names` whose value
/// `convert` accepts.
fn take<T>(
    fields: &mut Map<String, Value>,
    names: &[&str],
    convert: impl Fn(&Value) -> Option<T>,
) -> Option<T> {
    for name in names {
        let found = fields
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .and_then(|(key, value)| convert(value).map(|v| (key.clone(), v)));
        if let Some((key, converted)) = found {
            fields.remove(&key);
            return Some(converted);
        }
    }
    None
}

fn non_empty_string(value: &Value) -> Option<String> {
    let s = value.as_str()?.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// A text field: a string (possibly empty: the input says the article has
/// no text, which is the caller's to judge), or paragraphs in an array.
fn plain_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(Value::as_str)
            .collect::<Option<Vec<_>>>()?
            .join("\n\n"),
        _ => return None,
    };
    Some(text.replace("\r\n", "\n"))
}

/// Seconds since 1970, or milliseconds when the number is too large to be
/// seconds of this era.
fn unix_time(n: i64) -> Option<OffsetDateTime> {
    let seconds = if n.unsigned_abs() > 100_000_000_000 {
        n / 1000
    } else {
        n
    };
    OffsetDateTime::from_unix_timestamp(seconds).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::datetime;

    fn record(value: Value) -> Result<Record, String> {
        let Value::Object(map) = value else {
            panic!("not an object")
        };
        to_record(map, "x".into())
    }

    #[test]
    fn names_are_case_insensitive_and_the_rest_is_kept() {
        let r = record(json!({
            "ID": 42, "Link": "https://urdu.geo.tv/1", "Outlet": "geo",
            "Headline": " سرخی ", "Content": "متن\r\nدوسری سطر",
            "published_at": "2024-11-08 10:00:00", "label": "sports",
            "url_group_size": 2, "date": "not a date"
        }))
        .unwrap();
        assert_eq!(r.id.as_deref(), Some("42"));
        assert_eq!(r.url.as_deref(), Some("https://urdu.geo.tv/1"));
        assert_eq!(r.source.as_deref(), Some("geo"));
        assert_eq!(r.title.as_deref(), Some("سرخی"));
        assert_eq!(r.text, "متن\nدوسری سطر");
        assert_eq!(r.published, Some(datetime!(2024-11-08 10:00 UTC)));
        assert_eq!(
            Value::Object(r.meta),
            json!({"label": "sports", "url_group_size": 2, "date": "not a date"})
        );
    }

    #[test]
    fn html_field_when_there_is_no_text() {
        let r = record(json!({"html": "<html><head><title>عنوان</title></head><body><p>پیرا</p></body></html>"}))
            .unwrap();
        assert_eq!(r.title.as_deref(), Some("عنوان"));
        assert_eq!(r.text, "پیرا");
        let err = record(json!({"title": "صرف سرخی", "text": null})).unwrap_err();
        assert_eq!(
            err,
            "no text field (looked for text, content, body, article, html, summary, description)"
        );
    }
}
