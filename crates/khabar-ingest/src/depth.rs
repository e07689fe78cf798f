//! A bound on how deeply HTML elements nest, before the HTML parser sees
//! them. The HTML tree builder checks the stack of open elements for each
//! new element, so markup nested N deep costs N² (100,000 nested `<div>`
//! in a 1 MB page: 16 s). Browsers bound it too (Chromium flattens beyond
//! 512). Here the tags that would open an element deeper than
//! [`MAX_DEPTH`] are left out, with their end tags, and the text between
//! them is kept: the page reads the same with a flatter tree.
//!
//! The depth is followed with a light model of the tree builder: void
//! elements and self-closing tags open nothing, the content of raw-text
//! elements (`<script>`, `<style>`, ...) is not markup, an end tag closes
//! what was opened after its start tag, and the elements that close
//! themselves (`<p>`, `<li>`, `<td>`, ...) do. Where the model and the
//! parser differ, a page has more depth than a real one needs, and only
//! some of its structure is lost, never its text.

use std::borrow::Cow;

/// The deepest element kept.
pub(crate) const MAX_DEPTH: usize = 256;

/// `html` with the tags that nest deeper than [`MAX_DEPTH`] taken out
/// (borrowed as it is when none do).
pub(crate) fn limit_depth(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut open: Vec<&[u8]> = Vec::new();
    // Start tags left out and not yet closed, by name.
    let mut left_open: Vec<(&[u8], usize)> = Vec::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            at = find(bytes, start + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            at = tag_end(bytes, start + 2);
            continue;
        }
        let closing = rest.starts_with(b"</");
        let name_start = start + 1 + usize::from(closing);
        let name_end = name_end(bytes, name_start);
        if name_end == name_start {
            at = start + 1;
            continue;
        }
        let name = &bytes[name_start..name_end];
        let end = tag_end(bytes, name_end);
        at = end;
        if closing {
            if let Some(slot) = left_open
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                && slot.1 > 0
            {
                slot.1 -= 1;
                cuts.push((start, end));
            } else if let Some(i) = open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                open.truncate(i);
            }
            continue;
        }
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        if is_void(name) || self_closing {
            continue;
        }
        if let Some(raw) = RAW_TEXT.iter().find(|r| name.eq_ignore_ascii_case(r)) {
            if raw.eq_ignore_ascii_case(b"plaintext") {
                break;
            }
            // Its content runs to its end tag, whatever it holds.
            at = find_end_tag(bytes, end, raw).unwrap_or(bytes.len());
            continue;
        }
        close_implied(&mut open, name);
        if open.len() >= MAX_DEPTH {
            cuts.push((start, end));
            match left_open
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                Some(slot) => slot.1 += 1,
                None => left_open.push((name, 1)),
            }
        } else {
            open.push(name);
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in cuts {
        out.push_str(&html[from..start]);
        from = end;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"keygen", b"link",
    b"meta", b"param", b"source", b"track", b"wbr",
];

const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"plaintext",
];

/// Elements whose start closes an open `<p>`.
const CLOSES_P: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"details",
    b"div",
    b"dl",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"header",
    b"hr",
    b"main",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"section",
    b"table",
    b"ul",
];

fn is_void(name: &[u8]) -> bool {
    VOID.iter().any(|v| name.eq_ignore_ascii_case(v))
}

fn is(name: &[u8], names: &[&[u8]]) -> bool {
    names.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// Closes the elements that a start tag `name` ends implicitly.
fn close_implied(open: &mut Vec<&[u8]>, name: &[u8]) {
    let top_is = |open: &Vec<&[u8]>, names: &[&[u8]]| open.last().is_some_and(|t| is(t, names));
    if is(name, CLOSES_P) && top_is(open, &[b"p"]) {
        open.pop();
    }
    let siblings: &[&[u8]] = match name.to_ascii_lowercase().as_slice() {
        b"li" => &[b"li"],
        b"dt" | b"dd" => &[b"dt", b"dd"],
        b"td" | b"th" => &[b"td", b"th"],
        b"tr" => &[b"td", b"th", b"tr"],
        b"option" => &[b"option"],
        b"optgroup" => &[b"option", b"optgroup"],
        _ => return,
    };
    while top_is(open, siblings) {
        open.pop();
    }
}

/// Where a tag's name ends (letters, digits, `-`, `:`, `_`).
fn name_end(bytes: &[u8], from: usize) -> usize {
    if !bytes.get(from).is_some_and(u8::is_ascii_alphabetic) {
        return from;
    }
    let mut i = from;
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
    {
        i += 1;
    }
    i
}

/// Just after the `>` that ends a tag, skipping quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'>' => return i + 1,
            b'"' | b'\'' => {
                i = memchr::memchr(b, &bytes[i + 1..]).map_or(bytes.len(), |q| i + 1 + q + 1);
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&bytes[from.min(bytes.len())..], needle).map(|i| from + i)
}

/// Where the end tag `</name` of a raw-text element starts, from `from`.
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(i) = find(bytes, at, b"</") {
        let after = i + 2;
        if bytes
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return Some(i);
        }
        at = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_usual_depth_are_left_as_they_are() {
        let page = "<html><body><div><p>ایک<p>دو<ul><li>a<li>b</ul><br><img src=x>\
                    <script>if (a < b) { x = '<div>'; }</script></div></body></html>";
        assert!(matches!(limit_depth(page), Cow::Borrowed(_)));
    }

    #[test]
    fn nesting_beyond_the_bound_is_flattened_and_the_text_kept() {
        let n = 100_000;
        let page = format!("{}خبر{}", "<div>".repeat(n), "</div>".repeat(n));
        let flat = limit_depth(&page);
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("خبر"));
    }

    #[test]
    fn implied_ends_and_stray_end_tags_do_not_deepen() {
        let paragraphs = "<p>متن".repeat(10 * MAX_DEPTH);
        assert!(matches!(limit_depth(&paragraphs), Cow::Borrowed(_)));
        let stray = "</span>".repeat(1000) + "<div>x</div>";
        assert!(matches!(limit_depth(&stray), Cow::Borrowed(_)));
        let cells = "<table>".to_string() + &"<tr><td>a<td>b".repeat(1000) + "</table>";
        assert!(matches!(limit_depth(&cells), Cow::Borrowed(_)));
    }

    #[test]
    fn unclosed_quotes_comments_and_tags_end_the_scan_safely() {
        for page in [
            "<div a=\"x",
            "<!-- open",
            "<div",
            "</",
            "<",
            "<!",
            "<script>x",
        ] {
            assert_eq!(limit_depth(page), page);
        }
    }
}
