//! What copy detection and story clustering keep of an article: its word
//! shingles (with their MinHash band keys) and its terms. A pure function
//! of the analysis, the title and the entity mentions, computed with the
//! rest of the analysis and stored beside the article.

use khabar_entities::NameKey;
use khabar_reuse::Fingerprint;
use khabar_stories::Terms;
use khabar_text::Analysis;
use khabar_text::tokenize::tokenize;

use crate::facts::Facts;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    pub fingerprint: Fingerprint,
    pub terms: Terms,
}

pub fn of(analysis: &Analysis, title: Option<&str>, facts: &Facts) -> Features {
    let words: Vec<&str> = analysis.words().collect();
    let title = tokenize(title.unwrap_or(""));
    let title_words = title
        .list
        .iter()
        .filter(|t| t.kind.is_word())
        .map(|t| t.norm(&title.normalized));
    // Each word of each name by its skeleton, so that "پوٹن" here and
    // "ولادیمیر پوتین" there share a term.
    let keys: Vec<String> = facts
        .mentions
        .iter()
        .flat_map(|m| NameKey::parse(&m.name).words)
        .collect();
    Features {
        fingerprint: Fingerprint::of(words.iter().copied()),
        terms: Terms::of(
            title_words,
            words.iter().copied(),
            keys.iter().map(String::as_str),
        ),
    }
}
