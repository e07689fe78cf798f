//! Words and punctuation, with byte offsets into the display text, and the
//! analysis form of the text built from them in the same pass.
//!
//! A token is a run of one script (Arabic-script letters with their marks and
//! joiners, Latin letters and digits, or digits), or one punctuation mark.
//! Urdu writers drop the space after letters that do not join to the left,
//! so two kinds of glued words are split here: a digit run glued to Urdu
//! letters ("سمیت29"), and words run together ("کےلئے", "رہاہے"). Both
//! halves keep exact offsets into the display text, so a match can be
//! highlighted in the original.
//!
//! A token's norm (its analysis form) is a span of the analysis text, which
//! is the norms with the spacing of the display text plus the spaces writers
//! left out. Norms are not allocated one by one: a document's tokens share
//! one string.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::chars::{self, block};
use crate::lexicon;
use crate::normalize::{Folded, fold_char, fold_into, fold_one, folds_to_itself};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters of the Arabic or Latin script (Latin words may hold digits).
    Word,
    Number,
    /// ۔ ؟ ? ! and a lone full stop: marks that may end a sentence.
    Terminator,
    Quote,
    Punct,
}

impl TokenKind {
    /// A word or a number: what is searched, counted and compared.
    pub fn is_word(self) -> bool {
        matches!(self, TokenKind::Word | TokenKind::Number)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte in the display text.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    pub kind: TokenKind,
    /// The span of the token's analysis form in the analysis text.
    pub norm_start: usize,
    pub norm_end: usize,
}

impl Token {
    /// The analysis form of the token, out of the analysis text it was
    /// tokenized with.
    pub fn norm<'a>(&self, normalized: &'a str) -> &'a str {
        &normalized[self.norm_start..self.norm_end]
    }
}

/// The tokens of a text with the analysis text their norms are spans of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    pub list: Vec<Token>,
    pub normalized: String,
}

impl Tokens {
    pub fn norm(&self, token: &Token) -> &str {
        token.norm(&self.normalized)
    }
}

/// The tokens of a display text, with its analysis form.
pub fn tokenize(text: &str) -> Tokens {
    let mut tokens = Tokens {
        list: Vec::with_capacity(text.len() / 6),
        normalized: String::with_capacity(text.len()),
    };
    tokenize_into(text, 0, &mut tokens.list, &mut tokens.normalized);
    tokens
}

/// Appends the tokens of `text` to `list`, and their analysis form to
/// `normalized`, which their norms are spans of. `text` starts at byte
/// `base` of the display text that the tokens' offsets are into.
pub fn tokenize_into(text: &str, base: usize, list: &mut Vec<Token>, normalized: &mut String) {
    let bytes = text.as_bytes();
    let mut previous: Option<(usize, TokenKind)> = None;
    let mut i = 0;
    while i < text.len() {
        // ASCII spaces are the commonest character: skip them without decoding.
        if bytes[i] == b' ' || bytes[i] == b'\n' {
            i += 1;
            continue;
        }
        let arabic_word = match block::classes(&bytes[i..]) {
            Some(classes) => classes & block::WORD != 0,
            None => chars::is_arabic_word_char(char_at(text, i)),
        };
        let (end, kind, plain) = if arabic_word {
            let (end, plain) = scan_arabic_word(text, i);
            (end, TokenKind::Word, plain)
        } else {
            let c = char_at(text, i);
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            let (end, kind) = scan_token(text, i, c);
            // Every scanner takes at least the character it starts at; this
            // keeps the loop moving should one ever fail to.
            (end.max(i + c.len_utf8()), kind, false)
        };
        if let Some((previous_end, previous_kind)) = previous {
            push_separator(&text[previous_end..i], previous_kind, kind, normalized);
        }
        let surface = &text[i..end];
        let norm_start = normalized.len();
        if plain {
            normalized.push_str(surface);
        } else {
            fold_into(surface, normalized);
        }
        let token = Token {
            start: base + i,
            end: base + end,
            kind,
            norm_start,
            norm_end: normalized.len(),
        };
        let split = if arabic_word {
            run_together_split(&normalized[norm_start..])
        } else {
            None
        };
        match split {
            Some(first_len) => split_run_together(surface, token, first_len, list, normalized),
            None => list.push(token),
        }
        previous = Some((end, kind));
        i = end;
    }
}

/// What separates two norms in the analysis text: the display text's own
/// spacing (`gap`), or a space that writers left out between two words or
/// after a full stop.
fn push_separator(gap: &str, previous: TokenKind, next: TokenKind, normalized: &mut String) {
    use TokenKind::*;
    if gap.contains('\n') {
        normalized.push('\n');
    } else if !gap.is_empty()
        || matches!(
            (previous, next),
            (Word | Number | Terminator, Word | Number)
        )
    {
        normalized.push(' ');
    }
}

fn char_at(text: &str, i: usize) -> char {
    next_char(text, i).unwrap_or(' ')
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Finds the end of the token that starts at `start` with `c` (not an
/// Arabic-script letter).
fn scan_token(text: &str, start: usize, c: char) -> (usize, TokenKind) {
    if chars::is_digit(c) {
        let end = scan_number(text, start);
        // ASCII digits glued to Latin letters are one code: 2G, 10am, F16.
        return match next_char(text, end) {
            Some(n) if n.is_ascii_alphabetic() && c.is_ascii_digit() => {
                (scan_latin_word(text, start), TokenKind::Word)
            }
            _ => (end, TokenKind::Number),
        };
    }
    if chars::is_latin_letter(c) {
        return (scan_latin_word(text, start), TokenKind::Word);
    }
    let after = start + c.len_utf8();
    match c {
        '۔' | '؟' | '?' | '!' => (
            scan_while(text, after, |n| matches!(n, '۔' | '؟' | '?' | '!')),
            TokenKind::Terminator,
        ),
        '.' => {
            let end = scan_while(text, after, |n| n == '.');
            (
                end,
                if end - start == 1 {
                    TokenKind::Terminator
                } else {
                    TokenKind::Punct
                },
            )
        }
        // Two single quotes typed for a double one: '' ‘‘ ’’
        '\'' | '‘' | '’' => (scan_while(text, after, |n| n == c), TokenKind::Quote),
        _ if chars::is_quote(c) => (after, TokenKind::Quote),
        _ => (after, TokenKind::Punct),
    }
}

fn scan_while(text: &str, mut i: usize, keep: impl Fn(char) -> bool) -> usize {
    while let Some(c) = next_char(text, i) {
        if !keep(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Arabic-script letters, marks and joiners; an underscore between two
/// letters joins words the way treebanks write compounds (کریں_گے). Also
/// tells whether every character is its own analysis form.
fn scan_arabic_word(text: &str, start: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut plain = true;
    let mut i = start;
    while i < bytes.len() {
        // Most characters are in the Arabic block: classified by a lookup.
        if let Some(classes) = block::classes(&bytes[i..]) {
            if classes & block::WORD == 0 {
                break;
            }
            plain &= classes & block::IDENTITY != 0;
            i += 2;
            continue;
        }
        let c = char_at(text, i);
        if chars::is_arabic_word_char(c) {
            plain &= folds_to_itself(c);
            i += c.len_utf8();
        } else if c == '_' && text[i + 1..].starts_with(chars::is_arabic_letter) {
            plain = false;
            i += 1;
        } else {
            break;
        }
    }
    (i, plain)
}

/// Digits with decimal, thousands and time separators between them:
/// 17.26, 1,000, 4:10, 12/10/2016, ۳٫۵, and 3۔5 where ۔ is a decimal point.
fn scan_number(text: &str, start: usize) -> usize {
    let mut i = start;
    while let Some(c) = next_char(text, i) {
        let separator = matches!(c, '.' | ',' | ':' | '/' | '٫' | '٬' | '۔')
            && next_char(text, i + c.len_utf8()).is_some_and(chars::is_digit);
        if !chars::is_digit(c) && !separator {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Latin letters and digits, with . ' - _ & between them (P.D, s-1, don't),
/// or a whole URL.
fn scan_latin_word(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    if rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.") {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
        return start + url.len();
    }
    let alnum = |c: char| chars::is_latin_letter(c) || c.is_ascii_digit();
    let mut i = start;
    while let Some(c) = next_char(text, i) {
        let joiner = matches!(c, '.' | '\'' | '-' | '_' | '&' | '’')
            && next_char(text, i + c.len_utf8()).is_some_and(alnum);
        if !alnum(c) && !joiner {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Splits a run-together word (`surface`), whose norm was just written to
/// `normalized`, into two tokens after the first `first_len` bytes of its
/// norm: a space goes into the analysis text, and the display text is cut
/// where folding reaches that length (marks after the cut stay with the left
/// part).
fn split_run_together(
    surface: &str,
    token: Token,
    first_len: usize,
    list: &mut Vec<Token>,
    normalized: &mut String,
) {
    let cut_norm = token.norm_start + first_len;
    normalized.insert(cut_norm, ' ');
    let mut folded = String::new();
    let mut cut = token.end;
    for (offset, c) in surface.char_indices() {
        if folded.len() >= first_len && !matches!(fold_one(c), Folded::Dropped) {
            cut = token.start + offset;
            break;
        }
        fold_char(c, &mut folded);
    }
    list.push(Token {
        end: cut,
        norm_end: cut_norm,
        ..token.clone()
    });
    list.push(Token {
        start: cut,
        norm_start: cut_norm + 1,
        norm_end: token.norm_end + 1,
        ..token
    });
}

/// Postpositions and conjunctions that writers glue to the next word, in
/// their analysis form, with the words they are glued to.
const GLUED_PAIRS: &[(&str, &str)] = &[
    ("کے", "لئے"),
    ("کے", "لیے"),
    ("کے", "بعد"),
    ("کے", "ساتھ"),
    ("کے", "خلاف"),
    ("کے", "مطابق"),
    ("کے", "دوران"),
    ("کے", "ذریعے"),
    ("کے", "ذریعہ"),
    ("کے", "بارے"),
    ("کے", "حوالے"),
    ("کے", "علاوہ"),
    ("کے", "باوجود"),
    ("کے", "بجائے"),
    ("کے", "تحت"),
    ("کے", "قریب"),
    ("کے", "پاس"),
    ("کے", "درمیان"),
    ("کے", "ہمراہ"),
    ("کے", "سامنے"),
    ("کے", "بغیر"),
    ("کے", "طور"),
    ("کی", "طرف"),
    ("کی", "جانب"),
    ("کی", "وجہ"),
    ("کی", "بجائے"),
    ("سے", "قبل"),
    ("سے", "پہلے"),
    ("اور", "اس"),
    ("اور", "ان"),
    ("ہے", "کہ"),
    ("تھا", "کہ"),
    ("کہا", "کہ"),
    ("بتایا", "کہ"),
    ("میں", "بھی"),
    ("نے", "کہا"),
    ("کو", "بھی"),
];

/// Auxiliaries that writers glue to the verb before them ("رہاہے").
const GLUED_AUXILIARIES: &[&str] = &["ہے", "ہیں", "تھا", "تھی", "تھے", "تھیں"];

/// Each glued pair, run together, with its first word.
static GLUED: LazyLock<FxHashMap<String, &'static str>> = LazyLock::new(|| {
    GLUED_PAIRS
        .iter()
        .map(|&(a, b)| (format!("{a}{b}"), a))
        .collect()
});

/// Where a run-together norm splits into its two words (the byte length of
/// the first), or `None` if it is one word.
fn run_together_split(norm: &str) -> Option<usize> {
    // The shortest glued pair, کےلئے, has five letters.
    if norm.len() >= 10
        && let Some(first) = GLUED.get(norm)
    {
        return Some(first.len());
    }
    // A verb ending in a letter that does not join leftwards, then an
    // auxiliary: only when the whole is no word and the verb is one.
    // Two letters of verb and two of auxiliary at least.
    if norm.len() < 8 {
        return None;
    }
    GLUED_AUXILIARIES.iter().find_map(|aux| {
        let stem_len = norm.len().checked_sub(aux.len())?;
        let bytes = norm.as_bytes();
        // The auxiliary's first letter, then the verb's last: most words
        // fail these two-byte tests before any string comparison.
        if bytes[stem_len..stem_len + 2] != aux.as_bytes()[..2]
            || !ends_in_non_joining_vowel(&bytes[..stem_len])
            || !norm.ends_with(aux)
        {
            return None;
        }
        let stem = &norm[..stem_len];
        let splits =
            stem.chars().count() >= 2 && lexicon::contains(stem) && !lexicon::contains(norm);
        splits.then_some(stem_len)
    })
}

/// Whether UTF-8 bytes end in ا, ی or ے, letters after which writers
/// leave out the space.
fn ends_in_non_joining_vowel(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [.., 0xD8, 0xA7] | [.., 0xDB, 0x8C] | [.., 0xDB, 0x92]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str) -> Vec<&str> {
        tokenize(text)
            .list
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    fn norms(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        tokens
            .list
            .iter()
            .map(|t| tokens.norm(t).to_string())
            .collect()
    }

    #[test]
    fn words_and_punctuation_are_separate_tokens() {
        assert_eq!(
            surfaces("روس پہنچے تھے۔ وہ، پیونگ یانگ (ہ س) سے"),
            [
                "روس",
                "پہنچے",
                "تھے",
                "۔",
                "وہ",
                "،",
                "پیونگ",
                "یانگ",
                "(",
                "ہ",
                "س",
                ")",
                "سے"
            ]
        );
    }

    #[test]
    fn glued_sentence_is_split_at_the_full_stop() {
        assert_eq!(surfaces("ہے۔روسی"), ["ہے", "۔", "روسی"]);
    }

    #[test]
    fn diacritics_stay_inside_the_token_and_fold_in_its_norm() {
        let t = tokenize("کم جونگ اُن");
        assert_eq!(t.list.len(), 3);
        assert_eq!(t.norm(&t.list[2]), "ان");
        assert_eq!(&"کم جونگ اُن"[t.list[2].start..t.list[2].end], "اُن");
        assert_eq!(t.normalized, "کم جونگ ان");
    }

    #[test]
    fn numbers_keep_decimal_time_and_thousands_separators() {
        assert_eq!(
            surfaces("17.26 فیصد 4:10 بجے 1,000 روپے ۳٫۵"),
            ["17.26", "فیصد", "4:10", "بجے", "1,000", "روپے", "۳٫۵"]
        );
        assert_eq!(norms("۲۰۲۴"), ["2024"]);
    }

    #[test]
    fn digits_glued_to_urdu_letters_are_split() {
        assert_eq!(surfaces("سمیت29"), ["سمیت", "29"]);
        assert_eq!(surfaces("21ویں"), ["21", "ویں"]);
        // Urdu digits next to Latin letters are two tokens.
        assert_eq!(surfaces("الله۴P"), ["الله", "۴", "P"]);
    }

    #[test]
    fn latin_codes_stay_whole() {
        assert_eq!(
            surfaces("2G اسکام P.D s-1 don't"),
            ["2G", "اسکام", "P.D", "s-1", "don't"]
        );
        assert_eq!(
            surfaces("دیکھیں https://www.voaurdu.com/a/1.html۔"),
            ["دیکھیں", "https://www.voaurdu.com/a/1.html", "۔"]
        );
    }

    #[test]
    fn doubled_single_quotes_are_one_token() {
        assert_eq!(surfaces("''سحر پیدا''"), ["''", "سحر", "پیدا", "''"]);
        assert_eq!(surfaces("ہیں۔‘‘"), ["ہیں", "۔", "‘‘"]);
    }

    #[test]
    fn treebank_underscore_compounds_are_one_token() {
        assert_eq!(surfaces("کریں_گے۔"), ["کریں_گے", "۔"]);
    }

    #[test]
    fn run_together_words_are_split_with_exact_offsets() {
        let text = "تعاون کےلئے";
        assert_eq!(surfaces(text), ["تعاون", "کے", "لئے"]);
        assert_eq!(norms(text), ["تعاون", "کے", "لئے"]);
        assert_eq!(tokenize(text).normalized, "تعاون کے لئے");
        // Marks stay with the letter they sit on.
        assert_eq!(surfaces("کےَلئے"), ["کےَ", "لئے"]);
        assert_eq!(norms("کےَلئے"), ["کے", "لئے"]);
        assert_eq!(surfaces("رہاہے"), ["رہا", "ہے"]);
        // A real word that ends like a glued auxiliary is left whole.
        assert_eq!(surfaces("ماتھا"), ["ماتھا"]);
    }

    #[test]
    fn offsets_slice_the_text_on_any_input() {
        let text = "a\u{0301}ب ۔۔ 🙂 x\u{200C}y کےلئے ‘ ’’ 3۔5";
        let tokens = tokenize(text);
        for t in &tokens.list {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.start < t.end);
            assert_eq!(
                tokens.norm(t),
                crate::normalize::fold(&text[t.start..t.end])
            );
        }
    }
}
