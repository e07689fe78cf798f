//! A document as clustering sees it.

use khabar_text::lexicon::is_stop_word;
use xxhash_rust::xxh3::xxh3_64;

/// Hashed terms with their counts, sorted by hash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms(pub Vec<(u32, u16)>);

/// Title words say what the article is about; they count this many times.
const TITLE_WEIGHT: u16 = 2;
/// A name the entity finder recognised counts this many times more than
/// its words alone: who and where tell events apart best.
const ENTITY_WEIGHT: u16 = 2;

impl Terms {
    /// The terms of a document: content words of the title and the body
    /// (analysis forms; function words and one-digit numbers left out), and
    /// the keys of the entity names it mentions.
    pub fn of<'a>(
        title_words: impl IntoIterator<Item = &'a str>,
        body_words: impl IntoIterator<Item = &'a str>,
        entity_keys: impl IntoIterator<Item = &'a str>,
    ) -> Terms {
        let mut counts: Vec<(u32, u16)> = Vec::new();
        let mut add = |term: u32, weight: u16| counts.push((term, weight));
        for word in title_words {
            if is_content(word) {
                add(hash(word, 0), TITLE_WEIGHT);
            }
        }
        for word in body_words {
            if is_content(word) {
                add(hash(word, 0), 1);
            }
        }
        for key in entity_keys {
            add(hash(key, 1), ENTITY_WEIGHT);
        }
        counts.sort_unstable_by_key(|&(term, _)| term);
        let mut merged: Vec<(u32, u16)> = Vec::with_capacity(counts.len());
        for (term, count) in counts {
            match merged.last_mut() {
                Some((last, total)) if *last == term => *total = total.saturating_add(count),
                _ => merged.push((term, count)),
            }
        }
        Terms(merged)
    }

    /// Little-endian bytes, for storage: six per term.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.0.len() * 6);
        for &(term, count) in &self.0 {
            bytes.extend(term.to_le_bytes());
            bytes.extend(count.to_le_bytes());
        }
        bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Terms> {
        if !bytes.len().is_multiple_of(6) {
            return None;
        }
        Some(Terms(
            bytes
                .chunks_exact(6)
                .map(|c| {
                    (
                        u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                        u16::from_le_bytes([c[4], c[5]]),
                    )
                })
                .collect(),
        ))
    }
}

fn is_content(word: &str) -> bool {
    let mut chars = word.chars();
    let single = chars.next().is_some() && chars.next().is_none();
    !single && !is_stop_word(word)
}

/// Words and entity keys hash apart, so a name counts as both.
fn hash(text: &str, space: u8) -> u32 {
    let hash = xxh3_64(text.as_bytes()) ^ u64::from(space).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (hash ^ (hash >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_counted_title_and_names_weighted() {
        let terms = Terms::of(
            "پوتن کا دورہ".split(' '),
            "روسی صدر پوتن نے کہا کہ دورہ 2 دن کا ہے".split(' '),
            ["پتن"],
        );
        let count = |word: &str, space| {
            terms
                .0
                .iter()
                .find(|(t, _)| *t == hash(word, space))
                .map(|&(_, c)| c)
        };
        assert_eq!(count("پوتن", 0), Some(3));
        assert_eq!(count("دورہ", 0), Some(3));
        assert_eq!(count("روسی", 0), Some(1));
        assert_eq!(count("پتن", 1), Some(2));
        assert_eq!(count("نے", 0), None);
        assert_eq!(count("2", 0), None);
        assert!(terms.0.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn bytes_round_trip() {
        let terms = Terms::of(["خبر"], "لاہور میں بارش".split(' '), []);
        assert_eq!(Terms::from_bytes(&terms.to_bytes()), Some(terms));
        assert_eq!(Terms::from_bytes(&[1, 2, 3]), None);
    }
}
