//! Keys on which the spellings of one name meet.
//!
//! A name is compared word by word on consonant skeletons
//! (`khabar_text::spelling`: پوٹن, پیوٹن, پوتین and پوتن are all one key),
//! with the letters that stand for a Latin initial dropped ("ولادیمیر وی
//! پیوٹن" is "ولادیمیر پیوٹن"), and as a whole on the skeleton of its words
//! written together, so that "ولادی ووستوک" meets "ولادیووستوک" and "پیونگ
//! یانگ" meets "پیونگیانگ".

use std::sync::LazyLock;

use khabar_text::lexicon::LETTER_NAMES;
use khabar_text::normalize::fold;
use khabar_text::spelling::{skeleton_into, within_one_edit};
use khabar_text::tokenize::tokenize;
use rustc_hash::FxHashSet;

/// Words that stand for initials in transliterated names ("ڈونلڈ جے
/// ٹرمپ"): the Urdu names of Latin letters, among them جی, also the
/// honorific after a name ("گاندھی جی").
static FOLDED_INITIALS: LazyLock<FxHashSet<String>> =
    LazyLock::new(|| LETTER_NAMES.iter().map(|w| fold(w)).collect());

/// The key of a name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NameKey {
    /// The skeleton of each word, initials left out.
    pub words: Vec<String>,
    /// The skeleton of all the words (initials included) written together.
    pub compact: String,
}

impl NameKey {
    /// The key of a name given as words in analysis form.
    pub fn of<S: AsRef<str>>(norms: &[S]) -> NameKey {
        let significant: Vec<&str> = norms
            .iter()
            .map(AsRef::as_ref)
            .filter(|w| !FOLDED_INITIALS.contains(*w))
            .collect();
        // A name that is all initials ("بی بی سی") keeps them.
        let kept: Vec<&str> = if significant.is_empty() {
            norms.iter().map(AsRef::as_ref).collect()
        } else {
            significant
        };
        let words = kept
            .iter()
            .map(|w| {
                let mut s = String::new();
                skeleton_into(w, &mut s);
                s
            })
            .collect();
        let joined: String = norms.iter().map(AsRef::as_ref).collect();
        let mut compact = String::new();
        skeleton_into(&joined, &mut compact);
        NameKey { words, compact }
    }

    /// The key of a name in display form ("ولادیمیر پوٹن").
    pub fn parse(display: &str) -> NameKey {
        NameKey::of(&name_words(display))
    }

    /// The word skeletons joined by spaces.
    pub fn joined(&self) -> String {
        self.words.join(" ")
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The words of a name in display form, in analysis form.
pub fn name_words(display: &str) -> Vec<String> {
    let tokens = tokenize(display);
    tokens
        .list
        .iter()
        .filter(|t| t.kind.is_word())
        .map(|t| tokens.norm(t).to_string())
        .collect()
}

/// Whether two skeletons are one letter apart (one substituted, added or
/// dropped).
pub fn one_letter_apart(a: &str, b: &str) -> bool {
    a != b && within_one_edit(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_putin_share_a_key() {
        let keys: Vec<NameKey> = ["پوٹن", "پیوٹن", "پوتین", "پوتن"]
            .iter()
            .map(|n| NameKey::parse(n))
            .collect();
        assert!(keys.windows(2).all(|w| w[0] == w[1]), "{keys:?}");
        assert_eq!(
            NameKey::parse("ولادیمیر وی پیوٹن").words,
            NameKey::parse("ولادیمیر پوٹن").words
        );
    }

    #[test]
    fn diacritics_and_split_words() {
        assert_eq!(NameKey::parse("کم جونگ اُن"), NameKey::parse("کم جونگ ان"));
        assert_eq!(NameKey::parse("کم جونگ اْن"), NameKey::parse("کم جونگ ان"));
        assert_eq!(
            NameKey::parse("ولادی ووستوک").compact,
            NameKey::parse("ولادیووستوک").compact
        );
        assert_eq!(
            NameKey::parse("پیونگ یانگ").compact,
            NameKey::parse("پیانگ یانگ").compact
        );
    }

    #[test]
    fn different_names_stay_apart() {
        assert_ne!(NameKey::parse("کم جونگ ان"), NameKey::parse("کم جونگ ال"));
        assert_ne!(NameKey::parse("نواز شریف"), NameKey::parse("شہباز شریف"));
    }

    #[test]
    fn letters_apart() {
        assert!(one_letter_apart("وستخنا", "وستچنا"));
        assert!(one_letter_apart("کسمدرم", "کسمدر"));
        assert!(!one_letter_apart("کسمدرم", "کسمدرم"));
        assert!(!one_letter_apart("ان", "الا"));
    }
}
