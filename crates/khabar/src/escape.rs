//! Text output that input cannot spoof. File names, ids, sources, URLs and
//! titles come from the files ingested; printed raw, a newline in one
//! fakes a line of output, an ANSI escape sequence recolours or rewrites
//! the terminal, and a bidi override reorders what follows it. The text
//! outputs print every such field through [`shown`]; `--json` escapes them
//! as JSON does.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with its control characters (C0, DEL, C1) and the bidi controls
/// that reorder what follows them (embeddings, overrides, isolates)
/// written as escapes: `\n`, `\t`, `\r`, or `\u{1b}`.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped_and_urdu_is_not() {
        assert_eq!(shown("voa"), "voa");
        assert_eq!(shown("پاکستان میں"), "پاکستان میں");
        assert_eq!(
            shown("a\nb\tc\u{1b}[31mred\u{7}"),
            "a\\nb\\tc\\u{1b}[31mred\\u{7}"
        );
        assert_eq!(shown("file\u{202E}txt.exe"), "file\\u{202e}txt.exe");
        assert_eq!(shown("\u{85}"), "\\u{85}");
    }
}
