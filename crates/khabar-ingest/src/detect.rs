//! Which format a file is in, from its first bytes, with its extension as a
//! hint where the content cannot tell (TSV) or is not decisive.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    PlainText,
    Html,
    JsonLines,
    Tsv,
    Feed,
    /// The COUNTER text-reuse corpus: one article a file.
    Counter,
}

/// Formats told from raw bytes, before any decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Warc,
    /// An OLE compound file: a real MS Word .doc (or .xls, .ppt).
    WordDocument,
    /// Anything else: text of some format, once decoded.
    Text,
}

pub(crate) fn container(head: &[u8]) -> Container {
    if head.starts_with(b"WARC/1.0") || head.starts_with(b"WARC/1.1") {
        Container::Warc
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Container::WordDocument
    } else {
        Container::Text
    }
}

/// The format of a text file named `name` (lowercased, ".gz" removed) that
/// starts with `head`.
pub(crate) fn format(name: &str, head: &str) -> Format {
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    let start = skip_prolog(head);
    if let Some(root) = root_element(start) {
        match root.as_str() {
            "html" => return Format::Html,
            "rss" | "feed" | "rdf:rdf" => return Format::Feed,
            "counter_document" => return Format::Counter,
            _ => {}
        }
    }
    if starts_with_ignore_case(start, "<!doctype html") {
        return Format::Html;
    }
    if start.starts_with('{') || matches!(extension, "jsonl" | "ndjson" | "json") {
        return Format::JsonLines;
    }
    match extension {
        "tsv" | "tab" => return Format::Tsv,
        "html" | "htm" | "xhtml" => return Format::Html,
        "rss" | "atom" | "xml" => return Format::Feed,
        _ => {}
    }
    let lower = head.to_ascii_lowercase();
    if ["<body", "<p>", "<p ", "<div"]
        .iter()
        .any(|tag| lower.contains(tag))
    {
        return Format::Html;
    }
    Format::PlainText
}

/// `text` after leading whitespace, a byte-order mark, an XML declaration,
/// processing instructions and comments.
fn skip_prolog(mut text: &str) -> &str {
    loop {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        let end = if text.starts_with("<?") {
            text.find("?>").map(|i| i + 2)
        } else if text.starts_with("<!--") {
            text.find("-->").map(|i| i + 3)
        } else {
            return text;
        };
        match end {
            Some(end) => text = &text[end..],
            None => return text,
        }
    }
}

/// The lowercased name of the element `text` starts with, past a doctype.
fn root_element(mut text: &str) -> Option<String> {
    if starts_with_ignore_case(text, "<!doctype") {
        text = skip_prolog(&text[text.find('>')? + 1..]);
    }
    let name: String = text
        .strip_prefix('<')?
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
        .collect();
    (!name.is_empty()).then(|| name.to_lowercase())
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_then_the_extension() {
        assert_eq!(
            format("a.txt", "\u{FEFF}<!DOCTYPE html>\n<html>"),
            Format::Html
        );
        assert_eq!(
            format("a.doc", "<!-- saved -->\n<HTML lang=ur>"),
            Format::Html
        );
        assert_eq!(
            format("feed", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            Format::Feed
        );
        assert_eq!(
            format("x", "<?xml version='1.0'?><feed xmlns='…'>"),
            Format::Feed
        );
        assert_eq!(format("x", "<rdf:RDF xmlns:rdf='…'>"), Format::Feed);
        assert_eq!(
            format(
                "0001.xml",
                "<?xml version=\"1.0\" standalone=\"no\"?>\n<COUNTER_document domain=\"sports\">"
            ),
            Format::Counter
        );
        assert_eq!(format("a.txt", "  {\"title\": 1}"), Format::JsonLines);
        assert_eq!(format("a.tsv", "title\ttext\n"), Format::Tsv);
        assert_eq!(format("page.htm", "just text"), Format::Html);
        assert_eq!(format("a.doc", "text <div>x</div>"), Format::Html);
        assert_eq!(format("a.doc", "خبر\nایک دن"), Format::PlainText);
        assert_eq!(container(b"WARC/1.0\r\n"), Container::Warc);
        assert_eq!(
            container(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1]),
            Container::WordDocument
        );
    }
}
