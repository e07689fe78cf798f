//! A list of known Urdu words, for the decisions that need one: whether two
//! pieces of a hard-wrapped word belong together, and whether a word that
//! ends like a glued auxiliary is a word of its own.
//!
//! The list (data/lexicon.txt) is the union of the LughaatNLP lemma
//! dictionary and the urduhack, LughaatNLP and spaCy stop-word lists, all MIT
//! licensed (see NOTICE). Words are stored folded to the analysis form.
//! The stop words alone (urduhack's list) tell which words carry content.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::normalize::fold;

static WORDS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    include_str!("../data/lexicon.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .map(|word| fold(word).to_string())
        .collect()
});

/// Whether `word`, in analysis form, is a known Urdu word.
pub fn contains(word: &str) -> bool {
    WORDS.contains(word)
}

static STOP_WORDS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    include_str!("../data/stopwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(fold)
        .collect()
});

/// Whether `word`, in analysis form, is a function word (urduhack's list,
/// `data/stopwords.txt`): words that say nothing of what a text is about.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(word)
}

/// Urdu names of Latin letters, as abbreviations (پی ٹی آئی) and initials
/// ("ڈونلڈ جے ٹرمپ") are spelled.
pub const LETTER_NAMES: &[&str] = &[
    "اے",
    "بی",
    "سی",
    "ڈی",
    "ای",
    "ایف",
    "جی",
    "ایچ",
    "آئی",
    "جے",
    "کے",
    "ایل",
    "ایم",
    "این",
    "او",
    "پی",
    "کیو",
    "آر",
    "ایس",
    "ٹی",
    "یو",
    "وی",
    "ڈبلیو",
    "ایکس",
    "وائی",
    "زیڈ",
    "زی",
];

#[cfg(test)]
mod tests {
    #[test]
    fn common_words_are_known_and_fragments_are_not() {
        assert!(super::contains("زیادہ"));
        assert!(super::contains("پاکستان") || super::contains("حکومت"));
        assert!(!super::contains("زیا"));
    }

    #[test]
    fn function_words_are_stop_words_and_content_words_are_not() {
        for word in ["کے", "نے", "ہے", "اور", "کہ"] {
            assert!(super::is_stop_word(word), "{word}");
        }
        assert!(!super::is_stop_word("حکومت"));
        assert!(!super::is_stop_word("پاکستان"));
    }
}
