//! The two forms of Urdu text.
//!
//! * The **display form** is what people read: the cleaned text in its
//!   original spelling. It only repairs what no reader would want to keep:
//!   presentation-form glyphs become letters, a letter typed as base + hamza
//!   or madda becomes the precomposed letter it looks like, invisible bidi and
//!   zero-width junk goes, odd spaces become plain spaces, and a sentence glued
//!   to the previous one ("ہے۔روسی") gets its missing space.
//! * The **analysis form** is what matching uses: every spelling variant that
//!   readers treat as the same word folds to one string. Arabic code points
//!   become Urdu ones, diacritics go, hamza combinations are unified, digits
//!   become ASCII, quotes and punctuation get one form each, and words that
//!   writers run together are split. It is built by the tokenizer (see
//!   [`crate::tokenize`]), so the norm of a token and the analysis text agree.

use crate::chars::{self, HAMZA_ABOVE, HAMZA_BELOW, MADDAH_ABOVE, block};
use crate::segment;
use crate::tokenize;

/// The display form of one paragraph of cleaned text (no newlines inside).
pub fn display(text: &str) -> String {
    let mut shown = repair(text.to_string());
    let mut tokens = tokenize::tokenize(&shown);
    let mut sentences = segment::sentences(&shown, &tokens.list, &tokens.normalized);
    segment::space_glued_sentences(&mut shown, &mut tokens.list, &mut sentences);
    shown
}

/// The display form but for the spaces between glued sentences, which need
/// the sentences found first (see [`segment::space_glued_sentences`]).
pub fn repair(text: String) -> String {
    let Some(first) = first_needing_repair(&text) else {
        return text;
    };
    // Clean runs are copied whole; only the characters that need it are
    // repaired one by one.
    let mut out = String::with_capacity(text.len());
    let mut at = first;
    let mut rest = text.as_str();
    loop {
        out.push_str(&rest[..at]);
        let Some(c) = rest[at..].chars().next() else {
            break;
        };
        push_display_char(&mut out, c);
        rest = &rest[at + c.len_utf8()..];
        match first_needing_repair(rest) {
            Some(next) => at = next,
            None => {
                out.push_str(rest);
                break;
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Where the first character that needs a display repair stands; most
/// paragraphs need none and are copied as they are.
fn first_needing_repair(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut prev_space = true;
    let mut i = 0;
    while let Some(&first) = bytes.get(i) {
        if first.is_ascii() {
            let space = first == b' ';
            if (space && prev_space) || first.is_ascii_control() {
                return Some(i);
            }
            prev_space = space;
            i += 1;
            continue;
        }
        prev_space = false;
        if let Some(classes) = block::classes(&bytes[i..]) {
            if classes & block::REPAIRED != 0 {
                return Some(i);
            }
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace()
            || c.is_control()
            || chars::is_invisible(c)
            || chars::is_presentation_form(c)
        {
            return Some(i);
        }
        i += c.len_utf8();
    }
    text.ends_with(' ').then(|| text.len() - 1)
}

fn push_display_char(out: &mut String, c: char) {
    if chars::is_invisible(c) || (c.is_control() && !c.is_whitespace()) {
        return;
    }
    if c.is_whitespace() {
        // Runs of spaces, tabs and odd spaces become one space.
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        return;
    }
    if chars::is_presentation_form(c) {
        unicode_normalization::char::decompose_compatible(c, |d| push_display_char(out, d));
        return;
    }
    if let Some(composed) = out.chars().next_back().and_then(|base| compose(base, c)) {
        out.pop();
        out.push(composed);
        return;
    }
    out.push(c);
}

/// A base letter followed by hamza or madda, as one precomposed letter.
fn compose(base: char, mark: char) -> Option<char> {
    Some(match (base, mark) {
        ('ا', MADDAH_ABOVE) => 'آ',
        ('ا', HAMZA_ABOVE) => 'أ',
        ('ا', HAMZA_BELOW) => 'إ',
        ('و', HAMZA_ABOVE) => 'ؤ',
        ('ی' | 'ي' | 'ى', HAMZA_ABOVE) => 'ئ',
        ('ے', HAMZA_ABOVE) => 'ۓ',
        ('ہ', HAMZA_ABOVE) => 'ۂ',
        ('ە', HAMZA_ABOVE) => 'ۀ',
        _ => return None,
    })
}

/// What one character of display text becomes in the analysis form.
pub enum Folded {
    /// Matching ignores it (diacritics, joiners, tatweel).
    Dropped,
    Char(char),
    Str(&'static str),
}

/// Folds one character of display text into the analysis form.
pub const fn fold_one(c: char) -> Folded {
    Folded::Char(match c {
        'ي' | 'ى' | 'ې' | 'ۍ' => 'ی',
        'ك' | 'ڪ' => 'ک',
        'ه' | 'ە' | 'ۂ' | 'ۀ' => 'ہ',
        'ة' => 'ۃ',
        'أ' | 'إ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ۓ' => return Folded::Str("ئے"),
        '،' => ',',
        '؛' => ';',
        '؟' => '?',
        '٪' => '%',
        '٫' => '.',
        '٬' => ',',
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => '"',
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => '\'',
        '–' | '—' | '‒' | '―' | '−' => '-',
        // Also a stray hamza or madda that did not compose with its letter.
        _ if chars::is_arabic_mark(c) || chars::is_word_joiner(c) => return Folded::Dropped,
        _ => match chars::digit_value(c) {
            Some(d) => match char::from_digit(d, 10) {
                Some(ascii) => ascii,
                None => c,
            },
            None => c,
        },
    })
}

/// Whether a character is its own analysis form: most are.
pub const fn folds_to_itself(c: char) -> bool {
    matches!(fold_one(c), Folded::Char(folded) if folded as u32 == c as u32)
}

/// ASCII characters that are their own analysis form: all but the backtick.
static ASCII_IDENTITY: [bool; 128] = {
    let mut table = [false; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = folds_to_itself(i as u8 as char);
        i += 1;
    }
    table
};

/// Folds one character of display text into `out`.
pub fn fold_char(c: char, out: &mut String) {
    match fold_one(c) {
        Folded::Dropped => {}
        Folded::Char(c) => out.push(c),
        Folded::Str(s) => out.push_str(s),
    }
}

/// Appends the analysis form of `text` to `out`. Runs of characters that
/// are their own analysis form, almost all of Urdu text, are copied whole.
pub fn fold_into(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(&first) = bytes.get(i) {
        if first.is_ascii() && ASCII_IDENTITY[first as usize] {
            i += 1;
            continue;
        }
        if let Some(classes) = block::classes(&bytes[i..])
            && classes & block::IDENTITY != 0
        {
            i += 2;
            continue;
        }
        out.push_str(&text[copied..i]);
        let c = text[i..].chars().next().unwrap_or(' ');
        fold_char(c, out);
        i += c.len_utf8();
        copied = i;
    }
    out.push_str(&text[copied..]);
}

/// The analysis form of a word, a line or any text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// The analysis form of display text: the folded tokens, with the original
/// spacing between them, plus the spaces that writers left out (between
/// words run together, between digits and letters, after a full stop).
pub fn analysis(display_text: &str) -> String {
    tokenize::tokenize(display_text).normalized
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each rule with a real example from Urdu news text.

    #[test]
    fn arabic_yeh_kaf_heh_become_urdu_letters() {
        assert_eq!(fold("پاكستاني"), "پاکستانی");
        assert_eq!(fold("مصطفى"), "مصطفی");
        assert_eq!(fold("دفاعه"), "دفاعہ");
    }

    #[test]
    fn heh_doachashmee_is_not_folded_into_heh() {
        assert_eq!(fold("بھارت"), "بھارت");
        assert_eq!(fold("انھوں"), "انھوں");
    }

    #[test]
    fn teh_marbuta_becomes_urdu_teh_marbuta_goal() {
        assert_eq!(fold("زكاة"), "زکاۃ");
    }

    #[test]
    fn tatweel_is_removed() {
        assert_eq!(fold("پاکستــان"), "پاکستان");
    }

    #[test]
    fn all_diacritics_are_removed_including_shadda_and_sukun() {
        assert_eq!(fold("اُن"), "ان");
        assert_eq!(fold("اْن"), "ان");
        assert_eq!(fold("کِم"), "کم");
        assert_eq!(fold("تقریباََ"), "تقریبا");
        assert_eq!(fold("اللّٰہ"), "اللہ");
        assert_eq!(fold("ضرورتاً"), "ضرورتا");
    }

    #[test]
    fn hamza_forms_are_unified() {
        assert_eq!(fold("گۓ"), "گئے");
        assert_eq!(fold("گئے"), "گئے");
        assert_eq!(fold("أمریکہ"), "امریکہ");
        assert_eq!(fold("نقطۂ"), "نقطہ");
        // ؤ is a letter of its own in Urdu (مؤقف, رؤف) and stays.
        assert_eq!(fold("مؤقف"), "مؤقف");
    }

    #[test]
    fn decomposed_hamza_and_madda_compose_in_display() {
        assert_eq!(display("گی\u{0654}ے"), "گئے");
        assert_eq!(display("ا\u{0653}ج"), "آج");
        assert_eq!(display("مو\u{0654}قف"), "مؤقف");
        assert_eq!(fold(&display("گے\u{0654}")), "گئے");
    }

    #[test]
    fn repairs_are_found_wherever_they_stand() {
        assert_eq!(first_needing_repair("کم جونگ ان"), None);
        assert_eq!(first_needing_repair("کم  جونگ"), Some(5));
        assert_eq!(first_needing_repair("کم\tجونگ"), Some(4));
        assert_eq!(first_needing_repair("ا\u{0653}ج"), Some(2));
        assert_eq!(first_needing_repair("کم\u{061C}"), Some(4));
        assert_eq!(first_needing_repair("کم\u{00A0}ان"), Some(4));
        assert_eq!(first_needing_repair("“کم”"), None);
        assert_eq!(first_needing_repair("کم "), Some(4));
    }

    #[test]
    fn presentation_forms_become_letters() {
        // "پاکستان" typed in isolated/final presentation forms
        assert_eq!(
            display("\u{FB56}\u{FE8E}\u{FB8E}\u{FEB3}\u{FE98}\u{FE8E}\u{FEE6}"),
            "پاکستان"
        );
        // lam-alef ligature
        assert_eq!(display("\u{FEFB}ہور"), "لاہور");
        assert_eq!(fold(&display("\u{FEEA}")), "ہ");
    }

    #[test]
    fn digits_of_every_script_become_ascii() {
        assert_eq!(fold("۲۰۲۴"), "2024");
        assert_eq!(fold("٢٠٢٤"), "2024");
        assert_eq!(fold("٫"), ".");
    }

    #[test]
    fn zwnj_and_zwj_are_removed_from_words() {
        assert_eq!(fold("ناقابل\u{200C}یقین"), "ناقابلیقین");
        assert_eq!(fold("ہ\u{200D}"), "ہ");
    }

    #[test]
    fn invisible_marks_and_odd_spaces_are_cleaned_for_display() {
        assert_eq!(display("کرتے ہوئے\u{00A0} کہا"), "کرتے ہوئے کہا");
        assert_eq!(display("\u{200F}پاکستان\u{200E}"), "پاکستان");
        assert_eq!(display("\u{FEFF}خبر"), "خبر");
    }

    #[test]
    fn punctuation_and_quotes_get_one_form() {
        assert_eq!(fold("،"), ",");
        assert_eq!(fold("؟"), "?");
        assert_eq!(fold("؛"), ";");
        assert_eq!(fold("”"), "\"");
        assert_eq!(fold("‘"), "'");
        assert_eq!(fold("۔"), "۔");
        // A hyphen stays a hyphen (LughaatNLP turns it into ۔).
        assert_eq!(fold("-"), "-");
    }

    #[test]
    fn missing_space_after_full_stop_is_restored() {
        let text = "ہو رہی ہے۔روسی صدر پوتین چوبیس سال بعد آئے ہیں۔";
        assert_eq!(
            display(text),
            "ہو رہی ہے۔ روسی صدر پوتین چوبیس سال بعد آئے ہیں۔"
        );
        assert_eq!(analysis(&display("کیا ہے؟اس")), "کیا ہے? اس");
    }

    #[test]
    fn missing_space_between_digits_and_letters_is_restored() {
        assert_eq!(analysis("یوکرین سمیت29 ممالک"), "یوکرین سمیت 29 ممالک");
        assert_eq!(analysis("21ویں صدی"), "21 ویں صدی");
    }

    #[test]
    fn run_together_words_are_split() {
        assert_eq!(analysis("تعاون کےلئے روس"), "تعاون کے لئے روس");
        assert_eq!(analysis("تعاون کےلیے روس"), "تعاون کے لیے روس");
        assert_eq!(analysis("کام جاری رکھاہے"), "کام جاری رکھا ہے");
    }

    #[test]
    fn analysis_keeps_paragraph_breaks_and_collapses_spaces() {
        assert_eq!(analysis("پہلا   پیرا\nدوسرا"), "پہلا پیرا\nدوسرا");
        assert_eq!(display("پہلا \t  پیرا "), "پہلا پیرا");
    }

    #[test]
    fn kim_spellings_share_one_analysis_form() {
        let forms = ["کم جونگ ان", "کم جونگ اُن", "کم جونگ اْن", "كم جونگ ان"];
        for f in forms {
            assert_eq!(analysis(&display(f)), "کم جونگ ان", "{f}");
        }
    }
}
