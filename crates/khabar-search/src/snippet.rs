//! Snippets: the stretch of an article's display text where the query's
//! words are densest, with those words marked.
//!
//! Matching is by the same analysis as search (a word's analysis form, or
//! its skeleton for a spelling variant), but the marks are byte ranges of the
//! display text, so the reader sees the article's own spelling highlighted.

use std::collections::HashSet;
use std::ops::Range;

use khabar_text::TokenKind;
use khabar_text::spelling::skeleton_into;

/// The query words to mark.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    exact: HashSet<String>,
    /// Skeletons, each with whether one letter off still matches.
    skeletons: Vec<(String, bool)>,
}

/// A stretch of display text with the byte ranges of the marked words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

impl Highlighter {
    pub fn new(
        exact: impl IntoIterator<Item = String>,
        skeletons: impl IntoIterator<Item = (String, bool)>,
    ) -> Highlighter {
        Highlighter {
            exact: exact.into_iter().collect(),
            skeletons: skeletons.into_iter().collect(),
        }
    }

    /// The byte ranges of `text` that the query matches.
    pub fn matches(&self, text: &str) -> Vec<Range<usize>> {
        let tokens = khabar_text::tokenize::tokenize(text);
        let mut lowered = String::new();
        let mut skeleton = String::new();
        tokens
            .list
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
            .filter(|t| {
                lowered.clear();
                lowered.push_str(tokens.norm(t));
                lowered.make_ascii_lowercase();
                if self.exact.contains(&lowered) {
                    return true;
                }
                skeleton.clear();
                skeleton_into(&lowered, &mut skeleton);
                self.skeletons.iter().any(|(wanted, fuzzy)| {
                    *wanted == skeleton || (*fuzzy && within_one_edit(wanted, &skeleton))
                })
            })
            .map(|t| t.start..t.end)
            .collect()
    }

    /// About `max_chars` characters of `text` around its densest run of
    /// matches, cut at word boundaries, with "…" where text was left out.
    /// Without a match, the start of the text.
    pub fn snippet(&self, text: &str, max_chars: usize) -> Snippet {
        let matches = self.matches(text);
        let window_bytes = byte_len_of_chars(text, 0, max_chars).max(1);
        // The match that starts the window holding the most matches; the
        // window opens a little before it, for context.
        let best = (0..matches.len())
            .max_by_key(|&i| {
                let end = matches[i].start + window_bytes;
                let inside = matches[i..].iter().take_while(|m| m.end <= end).count();
                (inside, std::cmp::Reverse(i))
            })
            .map_or(0, |i| matches[i].start);
        let lead = text[..best]
            .char_indices()
            .rev()
            .nth(max_chars / 5)
            .map_or(0, |(i, _)| i);
        let mut start = word_start(text, lead);
        if text[start..best].contains("\n\n") {
            start = best;
        }
        let end = word_end(text, start + byte_len_of_chars(text, start, max_chars));
        let mut snippet = Snippet {
            text: String::with_capacity(end - start + 8),
            highlights: Vec::new(),
        };
        if start > 0 {
            snippet.text.push('…');
        }
        let shift = snippet.text.len();
        // Paragraph breaks become spaces of the same length, so the matches'
        // offsets still hold.
        snippet.text.push_str(&text[start..end].replace('\n', " "));
        if end < text.len() {
            snippet.text.push('…');
        }
        snippet.highlights = matches
            .into_iter()
            .filter(|m| m.start >= start && m.end <= end)
            .map(|m| m.start - start + shift..m.end - start + shift)
            .collect();
        snippet
    }
}

impl Snippet {
    /// The snippet as HTML: text escaped, matches in `<b>`.
    pub fn to_html(&self) -> String {
        self.marked("<b>", "</b>", true)
    }

    /// The snippet with each match between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str, escape_html: bool) -> String {
        let mut out = String::with_capacity(self.text.len() + self.highlights.len() * 8);
        let mut at = 0;
        let push = |out: &mut String, s: &str| {
            if escape_html {
                for c in s.chars() {
                    match c {
                        '&' => out.push_str("&amp;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        _ => out.push(c),
                    }
                }
            } else {
                out.push_str(s);
            }
        };
        for range in &self.highlights {
            push(&mut out, &self.text[at..range.start]);
            out.push_str(open);
            push(&mut out, &self.text[range.clone()]);
            out.push_str(close);
            at = range.end;
        }
        push(&mut out, &self.text[at..]);
        out
    }
}

/// The byte length of up to `chars` characters of `text` from `from`.
fn byte_len_of_chars(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len() - from, |(i, _)| i)
}

/// The start of the word at or after byte `at`.
fn word_start(text: &str, at: usize) -> usize {
    if at == 0 || text[..at].ends_with(char::is_whitespace) {
        return at;
    }
    match text[at..].char_indices().find(|(_, c)| c.is_whitespace()) {
        Some((i, space)) => at + i + space.len_utf8(),
        None => text.len(),
    }
}

/// The end of the word that byte `at` falls in (or `at` at a space).
fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i)
}

/// Whether two strings are at most one insertion, deletion or substitution
/// apart.
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        prefix == short.len() || short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn putin() -> Highlighter {
        Highlighter::new(["پوتن".to_string()], [("پتن".to_string(), false)])
    }

    #[test]
    fn every_spelling_is_marked_in_the_display_text() {
        let text = "روسی صدر پوٹن نے کہا۔ صدر پیوٹن اور پوتِن";
        let marked: Vec<&str> = putin()
            .matches(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["پوٹن", "پیوٹن", "پوتِن"]);
    }

    #[test]
    fn the_snippet_opens_near_the_densest_matches_and_marks_them() {
        let filler = "یہ ایک لمبی خبر ہے جس میں بہت سی باتیں ہیں۔ ".repeat(20);
        let text = format!("{filler}روسی صدر پوٹن نے کہا کہ صدر پوتن خوش ہیں۔ {filler}");
        let snippet = putin().snippet(&text, 120);
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
        assert!(snippet.text.chars().count() <= 140, "{}", snippet.text);
        assert_eq!(
            snippet.marked("[", "]", false).matches('[').count(),
            2,
            "{}",
            snippet.text
        );
        assert!(snippet.to_html().contains("<b>پوٹن</b>"));
    }

    #[test]
    fn without_a_match_the_snippet_is_the_start() {
        let snippet = putin().snippet("کوئی اور خبر <یہاں>", 100);
        assert_eq!(snippet.text, "کوئی اور خبر <یہاں>");
        assert!(snippet.highlights.is_empty());
        assert_eq!(snippet.to_html(), "کوئی اور خبر &lt;یہاں&gt;");
    }

    #[test]
    fn one_edit_apart() {
        assert!(within_one_edit("وستچن", "وستخن"));
        assert!(within_one_edit("وستچن", "وستن"));
        assert!(within_one_edit("abc", "abc"));
        assert!(!within_one_edit("وستچن", "وسخن"));
        assert!(!within_one_edit("abcd", "abdc"));
        assert!(within_one_edit("", "a"));
    }
}
