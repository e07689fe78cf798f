//! Sentences of one paragraph, found on its tokens.
//!
//! ۔ ends most Urdu sentences, but not all of its uses do: it is also the
//! dot of abbreviations spelled with letter names (پی۔ٹی۔آئی), of initials
//! (ن۔ م۔ راشد), a decimal point (3۔5, handled by the tokenizer), a hyphen
//! between names (پاک۔چین), the mark after a list number (۱۔) and the
//! separator of a dateline (ڈھاکہ ۔ یکم دسمبر (اے پی پی)). Urdu is verb
//! final, so a real sentence ends in a verb or auxiliary; a short fragment
//! ending in a consonant is a dateline, an item number or a code, not a
//! sentence. Closing quotes and brackets right after the mark belong to the
//! sentence they close.

use serde::Serialize;

use crate::lexicon;
use crate::tokenize::{Token, TokenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Short forms that stand before ۔ used as a hyphen: پاک۔چین, ہند۔پاک.
const HYPHENATED_PREFIXES: &[&str] = &["پاک", "ہند"];

/// Auxiliaries and verbs that end a sentence; after one of them a spaced
/// dash (as some Indian Urdu papers print it) ends the sentence too.
const SENTENCE_FINAL_VERBS: &[&str] = &[
    "ہے", "ہیں", "ہےں", "تھا", "تھی", "تھے", "تھیں", "گا", "گی", "گے", "گیا", "گئی", "گئے", "ہوں",
];

/// English abbreviations after which a full stop does not end a sentence.
const LATIN_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "No", "vs", "etc", "Gen", "Lt", "Col",
    "Capt", "Gov", "Sen", "Rep", "Inc", "Ltd", "Co", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov",
    "Dec", "U.S", "U.K",
];

/// The sentences of one paragraph of display text, given its tokens.
/// `normalized` is the analysis text the tokens' norms are spans of.
pub fn sentences(text: &str, tokens: &[Token], normalized: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut first = 0;
    let mut open_quotes = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].kind == TokenKind::Quote {
            open_quotes += 1;
        }
        if ends_sentence(text, normalized, tokens, first, i) {
            let last = extend_over_closers(text, tokens, i, &mut open_quotes);
            out.push(Span {
                start: tokens[first].start,
                end: tokens[last].end,
            });
            first = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    if first < tokens.len() {
        out.push(Span {
            start: tokens[first].start,
            end: tokens[tokens.len() - 1].end,
        });
    }
    out
}

/// Puts back the space where a sentence ends and the next begins without
/// one ("ہے۔روسی"); the offsets of the tokens and sentences move with the
/// text.
pub fn space_glued_sentences(text: &mut String, tokens: &mut [Token], sentences: &mut [Span]) {
    let glued: Vec<usize> = sentences
        .windows(2)
        .filter(|pair| pair[0].end == pair[1].start)
        .map(|pair| pair[1].start)
        .collect();
    if glued.is_empty() {
        return;
    }
    // Only the text from the first glued sentence on is rebuilt.
    let from = glued[0];
    let tail = text.split_off(from);
    let mut copied = from;
    for &at in &glued {
        text.push_str(&tail[copied - from..at - from]);
        text.push(' ');
        copied = at;
    }
    text.push_str(&tail[copied - from..]);
    // An offset moves by the number of spaces put in before it; a span that
    // ends where a space went in ends before it.
    let moved = |offset: usize, inclusive: bool| {
        offset + glued.partition_point(|&at| if inclusive { at <= offset } else { at < offset })
    };
    for t in tokens.iter_mut() {
        (t.start, t.end) = (moved(t.start, true), moved(t.end, false));
    }
    for s in sentences.iter_mut() {
        (s.start, s.end) = (moved(s.start, true), moved(s.end, false));
    }
}

fn gap<'t>(text: &'t str, a: &Token, b: &Token) -> &'t str {
    &text[a.end..b.start]
}

fn surface<'t>(text: &'t str, t: &Token) -> &'t str {
    &text[t.start..t.end]
}

/// Whether the sentence that began at token `first` ends at token `i`.
fn ends_sentence(text: &str, normalized: &str, toks: &[Token], first: usize, i: usize) -> bool {
    let t = &toks[i];
    let prev = i.checked_sub(1).filter(|&p| p >= first).map(|p| &toks[p]);
    let next = toks.get(i + 1);
    match t.kind {
        TokenKind::Terminator => {}
        TokenKind::Punct => return is_final_dash(text, normalized, t, prev, next),
        _ => return false,
    }
    let mark = surface(text, t);
    if mark.contains(['؟', '?', '!']) {
        return true;
    }
    let Some(prev) = prev else {
        // A mark with nothing before it in this sentence ends nothing.
        return false;
    };
    if mark == "." {
        return full_stop_ends_sentence(text, prev, t, next);
    }
    if mark.chars().count() >= 3 {
        return false; // ۔۔۔ is an ellipsis
    }
    !urdu_full_stop_is_not_an_end(text, normalized, toks, first, i, prev, next)
}

/// The uses of ۔ that do not end a sentence.
fn urdu_full_stop_is_not_an_end(
    text: &str,
    normalized: &str,
    toks: &[Token],
    first: usize,
    i: usize,
    prev: &Token,
    next: Option<&Token>,
) -> bool {
    let Some(next) = next else { return false };
    let t = &toks[i];
    let prev_text = prev.norm(normalized);
    let glued_both_sides = gap(text, prev, t).is_empty() && gap(text, t, next).is_empty();
    // Initials: ن۔ م۔ راشد
    if prev.kind == TokenKind::Word && prev_text.chars().count() == 1 {
        return true;
    }
    // Abbreviations: پی۔ٹی۔آئی
    if glued_both_sides
        && lexicon::LETTER_NAMES.contains(&prev_text)
        && lexicon::LETTER_NAMES.contains(&next.norm(normalized))
    {
        return true;
    }
    // Hyphen between names: پاک۔چین
    if HYPHENATED_PREFIXES.contains(&prev_text) {
        return true;
    }
    // Counting stops past the largest limit below, so that a long run of
    // marks that end nothing does not make this quadratic.
    let words = toks[first..i]
        .iter()
        .rev()
        .filter(|t| t.kind.is_word())
        .take(9)
        .count();
    // Dateline with its agency: ماسکو (ڈیلی اردو/اے پی/رائٹرز)۔
    if first == 0 && surface(text, prev) == ")" && words <= 8 {
        return true;
    }
    // A short verbless fragment: a dateline (ڈھاکہ ۔), an item number (۱۔).
    words <= 3 && !ends_like_a_verb(prev, normalized)
}

/// Urdu verbs and auxiliaries end in a vowel letter or nasal (ا ی ے ں و).
fn ends_like_a_verb(t: &Token, normalized: &str) -> bool {
    t.kind == TokenKind::Word && t.norm(normalized).ends_with(['ا', 'ی', 'ے', 'ں', 'و', 'ئ'])
}

fn full_stop_ends_sentence(text: &str, prev: &Token, t: &Token, next: Option<&Token>) -> bool {
    let Some(next) = next else { return true };
    let prev_text = surface(text, prev);
    let prev_is_latin = prev_text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if !prev_is_latin {
        // A Latin full stop typed after Urdu ends the sentence like ۔ does.
        return true;
    }
    if gap(text, t, next).is_empty() || LATIN_ABBREVIATIONS.contains(&prev_text) {
        return false;
    }
    let next_first = surface(text, next).chars().next().unwrap_or(' ');
    next_first.is_uppercase() || !next_first.is_ascii() || next.kind == TokenKind::Quote
}

/// " - " after a sentence-final verb: ہے - آج ...
fn is_final_dash(
    text: &str,
    normalized: &str,
    t: &Token,
    prev: Option<&Token>,
    next: Option<&Token>,
) -> bool {
    let (Some(prev), Some(_)) = (prev, next) else {
        return false;
    };
    surface(text, t) == "-"
        && !gap(text, prev, t).is_empty()
        && SENTENCE_FINAL_VERBS.contains(&prev.norm(normalized))
}

/// The last token of a sentence whose end mark is token `i`: closing quotes
/// and brackets that follow the mark with no space belong to it.
fn extend_over_closers(text: &str, toks: &[Token], i: usize, open_quotes: &mut usize) -> usize {
    let mut last = i;
    while let Some(next) = toks.get(last + 1) {
        if !gap(text, &toks[last], next).is_empty() {
            break;
        }
        let closes = match next.kind {
            TokenKind::Quote => {
                let followed_by_space = toks
                    .get(last + 2)
                    .is_none_or(|after| !gap(text, next, after).is_empty());
                // A quote glued to the next word opens a quotation unless one is open.
                followed_by_space || *open_quotes % 2 == 1
            }
            TokenKind::Punct => surface(text, next)
                .chars()
                .all(crate::chars::is_closing_bracket),
            _ => false,
        };
        if !closes {
            break;
        }
        if next.kind == TokenKind::Quote {
            *open_quotes += 1;
        }
        last += 1;
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn split(text: &str) -> Vec<&str> {
        let toks = tokenize(text);
        sentences(text, &toks.list, &toks.normalized)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_at_urdu_full_stop_question_and_exclamation() {
        assert_eq!(
            split("وہ روس پہنچے تھے۔ کیا روس مدد کرے گا؟ یقیناً!"),
            ["وہ روس پہنچے تھے۔", "کیا روس مدد کرے گا؟", "یقیناً!"]
        );
    }

    #[test]
    fn glued_sentences_are_split() {
        assert_eq!(
            split("بات چیت ہو رہی ہے۔روسی صدر پوتین آئے ہیں۔"),
            ["بات چیت ہو رہی ہے۔", "روسی صدر پوتین آئے ہیں۔"]
        );
    }

    #[test]
    fn dateline_stays_with_its_sentence() {
        assert_eq!(
            split("ڈھاکہ ۔ یکم دسمبر (اے پی پی) وزیراعظم نے خطاب کیا۔ انہوں نے کہا۔"),
            [
                "ڈھاکہ ۔ یکم دسمبر (اے پی پی) وزیراعظم نے خطاب کیا۔",
                "انہوں نے کہا۔"
            ]
        );
        assert_eq!(
            split("پیونگ یانگ (ہ س)۔روسی صدر آئے ہیں۔ وفد ساتھ ہے۔"),
            ["پیونگ یانگ (ہ س)۔روسی صدر آئے ہیں۔", "وفد ساتھ ہے۔"]
        );
    }

    #[test]
    fn numbered_items_are_not_sentences() {
        assert_eq!(
            split("۱۔ پہلا نکتہ یہ ہے۔ ۲۔ دوسرا نکتہ یہ ہے۔"),
            ["۱۔ پہلا نکتہ یہ ہے۔", "۲۔ دوسرا نکتہ یہ ہے۔"]
        );
    }

    #[test]
    fn decimals_abbreviations_and_initials_do_not_split() {
        assert_eq!(split("شرح نمو 3۔5 فیصد رہی۔"), ["شرح نمو 3۔5 فیصد رہی۔"]);
        assert_eq!(split("پی۔ٹی۔آئی نے جلسہ کیا۔"), ["پی۔ٹی۔آئی نے جلسہ کیا۔"]);
        assert_eq!(
            split("شاعر ن۔ م۔ راشد کی نظم پڑھی گئی۔"),
            ["شاعر ن۔ م۔ راشد کی نظم پڑھی گئی۔"]
        );
        assert_eq!(
            split("پاک۔چین دوستی مضبوط ہے۔"),
            ["پاک۔چین دوستی مضبوط ہے۔"]
        );
        assert_eq!(
            split("Mr. Kim met Dr. Putin. Then he left."),
            ["Mr. Kim met Dr. Putin.", "Then he left."]
        );
    }

    #[test]
    fn closing_quotes_after_the_full_stop_stay_with_the_sentence() {
        assert_eq!(
            split("انہوں نے کہا، ”ہم یہاں آئے ہیں۔‘‘ پھر بات چیت شروع ہوئی۔"),
            [
                "انہوں نے کہا، ”ہم یہاں آئے ہیں۔‘‘",
                "پھر بات چیت شروع ہوئی۔"
            ]
        );
        assert_eq!(
            split("انہیں ”انتہائی مسرت ہوئی۔“کم نے شکریہ ادا کیا۔"),
            ["انہیں ”انتہائی مسرت ہوئی۔“", "کم نے شکریہ ادا کیا۔"]
        );
        assert_eq!(
            split("ملاقات ختم ہوئی۔ ”اب کیا ہوگا؟“ سب نے پوچھا۔"),
            ["ملاقات ختم ہوئی۔", "”اب کیا ہوگا؟“", "سب نے پوچھا۔"]
        );
    }

    #[test]
    fn latin_full_stop_after_urdu_ends_a_sentence() {
        assert_eq!(
            split("اتحادی حکام نے بتایا. پھر وہ گئے۔"),
            ["اتحادی حکام نے بتایا.", "پھر وہ گئے۔"]
        );
    }

    #[test]
    fn spaced_dash_after_a_final_verb_ends_a_sentence() {
        assert_eq!(
            split("تلاش جاری ہے - آج اسکول بند ہے -"),
            ["تلاش جاری ہے -", "آج اسکول بند ہے -"]
        );
        assert_eq!(
            split("پاکستان - بھارت میچ ہوا۔"),
            ["پاکستان - بھارت میچ ہوا۔"]
        );
    }

    fn spaced(text: &str) -> (String, Vec<String>) {
        let mut text = text.to_string();
        let mut toks = tokenize(&text);
        let mut spans = sentences(&text, &toks.list, &toks.normalized);
        space_glued_sentences(&mut text, &mut toks.list, &mut spans);
        let words = toks
            .list
            .iter()
            .map(|t| text[t.start..t.end].to_string())
            .collect();
        for s in &spans {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        (text, words)
    }

    #[test]
    fn missing_spaces_are_inserted_only_at_sentence_ends() {
        let (text, words) = spaced("ہوا تھا۔لیکن کم نے دورہ کیا۔پی۔ٹی۔آئی نے کہا");
        assert_eq!(text, "ہوا تھا۔ لیکن کم نے دورہ کیا۔ پی۔ٹی۔آئی نے کہا");
        assert_eq!(words[2..5], ["۔", "لیکن", "کم"]);
        let (text, words) = spaced("انہیں ”مسرت ہوئی۔“کم نے کہا");
        assert_eq!(text, "انہیں ”مسرت ہوئی۔“ کم نے کہا");
        assert_eq!(words[5..7], ["“", "کم"]);
    }
}
