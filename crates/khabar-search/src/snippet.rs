//! Snippets: the stretch of an article's display text where the query's
//! words are densest, with those words marked.
//!
//! Matching is by the same analysis as search (a word's analysis form, or
//! its skeleton for a spelling variant), but the marks are byte ranges of the
//! display text, so the reader sees the article's own spelling highlighted.

use std::ops::Range;

use khabar_text::spelling::{skeleton_into, within_one_edit};

/// What one part of a query (a word, or the words of a phrase) matches.
#[derive(Debug, Clone)]
pub struct PartPattern {
    /// The analysis form of each word.
    pub exact: Vec<String>,
    /// The skeleton of each word, when spelling variants count.
    pub skeletons: Option<Vec<String>>,
    /// Whether a single word's skeleton also matches one letter off.
    pub fuzzy: bool,
}

/// The query's parts, to mark in a text.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    parts: Vec<PartPattern>,
}

/// A stretch of display text with the byte ranges of the marked words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

/// The words of a text as the patterns see them: each word's analysis form
/// (Latin lowercased) and skeleton are spans of two shared strings, so a
/// long article costs three allocations, not two per word.
struct Words {
    spans: Vec<Range<usize>>,
    norms: Vec<Range<usize>>,
    skeleton_spans: Vec<Range<usize>>,
    normalized: String,
    skeletons: String,
}

impl Words {
    fn of(text: &str, with_skeletons: bool) -> Words {
        let tokens = khabar_text::tokenize::tokenize(text);
        let mut words = Words {
            spans: Vec::new(),
            norms: Vec::new(),
            skeleton_spans: Vec::new(),
            // ASCII lowercasing keeps every byte offset.
            normalized: tokens.normalized.to_ascii_lowercase(),
            skeletons: String::new(),
        };
        for token in &tokens.list {
            if !token.kind.is_word() {
                continue;
            }
            words.spans.push(token.start..token.end);
            words.norms.push(token.norm_start..token.norm_end);
            if with_skeletons {
                let start = words.skeletons.len();
                skeleton_into(
                    &words.normalized[token.norm_start..token.norm_end],
                    &mut words.skeletons,
                );
                words.skeleton_spans.push(start..words.skeletons.len());
            }
        }
        words
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn norm(&self, i: usize) -> &str {
        &self.normalized[self.norms[i].clone()]
    }

    fn skeleton(&self, i: usize) -> &str {
        self.skeleton_spans
            .get(i)
            .map_or("", |span| &self.skeletons[span.clone()])
    }
}

impl Highlighter {
    pub fn new(parts: Vec<PartPattern>) -> Highlighter {
        Highlighter { parts }
    }

    /// The byte ranges of `text` that a part of the query matches: a word,
    /// or a phrase's words in a row, from the first to the last.
    pub fn matches(&self, text: &str) -> Vec<Range<usize>> {
        let words = Words::of(text, self.parts.iter().any(|p| p.skeletons.is_some()));
        let mut found: Vec<Range<usize>> = Vec::new();
        for at in 0..words.len() {
            let longest = self
                .parts
                .iter()
                .filter(|part| part.matches_at(&words, at))
                .map(|part| part.exact.len())
                .max();
            if let Some(n) = longest {
                let span = words.spans[at].start..words.spans[at + n - 1].end;
                match found.last_mut() {
                    Some(last) if last.end >= span.start => last.end = last.end.max(span.end),
                    _ => found.push(span),
                }
            }
        }
        found
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
        // The context stays within the match's paragraph.
        if let Some(i) = text[start..best].rfind("\n\n") {
            start += i + 2;
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

impl PartPattern {
    /// Whether the part matches the words from word `at` on.
    fn matches_at(&self, words: &Words, at: usize) -> bool {
        if words.len() - at < self.exact.len() {
            return false;
        }
        let exact = self
            .exact
            .iter()
            .enumerate()
            .all(|(i, e)| e == words.norm(at + i));
        exact
            || self.skeletons.as_ref().is_some_and(|skeletons| {
                skeletons.iter().enumerate().all(|(i, s)| {
                    let word = words.skeleton(at + i);
                    s == word || (self.fuzzy && skeletons.len() == 1 && within_one_edit(s, word))
                })
            })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn putin() -> Highlighter {
        Highlighter::new(vec![PartPattern {
            exact: vec!["پوتن".into()],
            skeletons: Some(vec!["پتن".into()]),
            fuzzy: false,
        }])
    }

    #[test]
    fn a_phrase_is_marked_only_where_its_words_stand_in_a_row() {
        let phrase = Highlighter::new(vec![PartPattern {
            exact: vec!["نواز".into(), "شریف".into()],
            skeletons: None,
            fuzzy: false,
        }]);
        let text = "وزیراعظم نواز شریف، مریم نواز اور شریف خاندان، نواز، شریف";
        let marked: Vec<&str> = phrase.matches(text).into_iter().map(|r| &text[r]).collect();
        // Punctuation does not break a phrase, in search as here.
        assert_eq!(marked, ["نواز شریف", "نواز، شریف"]);
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
}
