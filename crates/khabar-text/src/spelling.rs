//! Spelling variants: a key on which the usual Urdu spellings of one
//! transliterated name meet.
//!
//! Foreign names reach Urdu through English, Russian or Arabic, and each
//! outlet writes the vowels its own way (پوٹن, پیوٹن, پوتین, پوتن) and picks
//! one of several letters for the same sound (ت or ٹ or ط, س or ص or ث). The
//! consonant skeleton keeps what the spellings agree on: the first letter,
//! then the consonants, with letters for one sound merged, long vowels and
//! vowel carriers dropped, doubled letters written once, and whether the word
//! ends in a vowel (کوریا and کوریہ do; پوتن does, پیٹنے does not). Aspiration
//! stays: پھٹنے is not پوٹن. It is a key for matching, never shown.

/// The class a letter belongs to, or `None` for a letter the skeleton drops
/// (vowels and their carriers) when it is not the first letter.
const fn consonant_class(c: char) -> Option<char> {
    Some(match c {
        'ا' | 'آ' | 'و' | 'ی' | 'ے' | 'ئ' | 'ء' | 'ؤ' => return None,
        'ٹ' | 'ط' => 'ت',
        'ڈ' => 'د',
        'ڑ' => 'ر',
        'ث' | 'ص' => 'س',
        'ذ' | 'ض' | 'ظ' | 'ژ' => 'ز',
        'ح' => 'ہ',
        'ق' => 'ک',
        'ں' => 'ن',
        'ۃ' => 'ت',
        _ => c,
    })
}

/// What a word's skeleton ends with when the word ends in a vowel.
const FINAL_VOWEL: char = 'ا';

/// The first letter is kept even when it is a vowel letter (it tells
/// اسلام from سلام), with the alef forms merged.
const fn first_letter_class(c: char) -> char {
    match c {
        'آ' | 'ع' => 'ا',
        _ => match consonant_class(c) {
            Some(class) => class,
            None => c,
        },
    }
}

/// Appends the skeleton of a word in analysis form to `out`. A word outside
/// the Arabic script (Latin, digits) is its own skeleton.
pub fn skeleton_into(norm: &str, out: &mut String) {
    let Some(first) = norm.chars().next() else {
        return;
    };
    if !crate::chars::is_arabic_word_char(first) {
        out.push_str(norm);
        return;
    }
    let mut last = first_letter_class(first);
    out.push(last);
    let mut letters = 1;
    let mut final_vowel = false;
    let mut rest = norm[first.len_utf8()..].chars().peekable();
    while let Some(c) = rest.next() {
        let is_last = rest.peek().is_none();
        // A final ہ after two letters is a vowel (کوریہ, کوریا); in کہ it is not.
        final_vowel = is_last && (consonant_class(c).is_none() || (c == 'ہ' && letters >= 2));
        if final_vowel {
            break;
        }
        match consonant_class(c) {
            Some(class) if class == last => {}
            Some(class) => {
                out.push(class);
                last = class;
                letters += 1;
            }
            // A vowel between two like consonants keeps both (مامون).
            None => last = '\0',
        }
    }
    if final_vowel {
        out.push(FINAL_VOWEL);
    }
}

/// The skeleton of a word in analysis form.
pub fn skeleton(norm: &str) -> String {
    let mut out = String::with_capacity(norm.len());
    skeleton_into(norm, &mut out);
    out
}

/// Whether two strings are at most one insertion, deletion or substitution
/// apart.
pub fn within_one_edit(a: &str, b: &str) -> bool {
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

    #[test]
    fn one_edit_apart() {
        assert!(within_one_edit("وستچن", "وستخن"));
        assert!(within_one_edit("وستچن", "وستن"));
        assert!(within_one_edit("abc", "abc"));
        assert!(!within_one_edit("وستچن", "وسخن"));
        assert!(!within_one_edit("abcd", "abdc"));
        assert!(within_one_edit("", "a"));
    }

    #[test]
    fn the_spellings_of_putin_meet() {
        for spelling in ["پوٹن", "پیوٹن", "پوتین", "پوتن"] {
            assert_eq!(skeleton(spelling), "پتن", "{spelling}");
        }
    }

    #[test]
    fn vowel_spellings_of_vostochny_meet_and_a_different_consonant_does_not() {
        assert_eq!(skeleton("ووسٹوچنی"), "وستچنا");
        assert_eq!(skeleton("واسٹوچنی"), "وستچنا");
        assert_eq!(skeleton("ووستوخنی"), "وستخنا");
    }

    #[test]
    fn letters_for_one_sound_merge_and_a_final_vowel_he_drops() {
        assert_eq!(skeleton("کوریا"), skeleton("کوریہ"));
        assert_eq!(skeleton("صدام"), skeleton("سدام"));
        assert_eq!(skeleton("طالبان"), skeleton("تالبان"));
        assert_eq!(skeleton("کوریا"), "کرا");
        // A one-letter word keeps its letter; ہ alone is not dropped.
        assert_eq!(skeleton("ہ"), "ہ");
        assert_eq!(skeleton("کہ"), "کہ");
    }

    #[test]
    fn aspiration_and_a_final_vowel_tell_words_apart() {
        for other in ["پٹھان", "پھٹنے", "پیٹنے", "پٹنی"] {
            assert_ne!(skeleton(other), skeleton("پوتن"), "{other}");
        }
    }

    #[test]
    fn the_first_letter_stays_and_doubles_collapse() {
        assert_eq!(skeleton("اسلام"), "اسلم");
        assert_eq!(skeleton("سلام"), "سلم");
        assert_eq!(skeleton("ٹرمپ"), "ترمپ");
        assert_eq!(skeleton("ٹرامپ"), "ترمپ");
        assert_eq!(skeleton("اللہ"), "الا");
        assert_eq!(skeleton("ممنون"), "منن");
        assert_eq!(skeleton("مامون"), "ممن");
    }

    #[test]
    fn words_outside_the_script_are_their_own_skeleton() {
        assert_eq!(skeleton("putin"), "putin");
        assert_eq!(skeleton("2016"), "2016");
        assert_eq!(skeleton(""), "");
    }
}
