//! Document frequencies from before the corpus.
//!
//! A story vector weighs each term by its inverse document frequency among
//! the articles placed before it (and itself), so that an article's story
//! does not depend on what arrives after it. The first articles of a new
//! corpus would then weigh every word alike; the counts of a background
//! collection, added to the corpus's own, give them the weights a news
//! corpus gives. The embedded background is the VOA sample (302 articles,
//! public domain), made by `khabar train background`.

use std::sync::OnceLock;

use crate::Terms;

/// A collection's size and the document frequency of each of its terms
/// seen in two documents or more (one in a few hundred says little).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Background {
    pub documents: u32,
    /// Terms with their document frequency, sorted by term.
    pub frequencies: Terms,
}

/// The least document frequency a background term is kept with.
const MIN_FREQUENCY: u16 = 2;

impl Background {
    /// The background counted from the VOA sample.
    pub fn embedded() -> &'static Background {
        static EMBEDDED: OnceLock<Background> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            Background::from_bytes(include_bytes!("../data/background.terms"))
                .expect("the embedded background is well formed (checked by a test)")
        })
    }

    /// The background of a collection of documents.
    pub fn of<'a>(documents: impl IntoIterator<Item = &'a Terms>) -> Background {
        let mut counts: Vec<u32> = Vec::new();
        let mut size = 0u32;
        for terms in documents {
            size += 1;
            counts.extend(terms.0.iter().map(|&(term, _)| term));
        }
        counts.sort_unstable();
        let mut frequencies: Vec<(u32, u16)> = Vec::new();
        for term in counts {
            match frequencies.last_mut() {
                Some((last, df)) if *last == term => *df = df.saturating_add(1),
                _ => frequencies.push((term, 1)),
            }
        }
        frequencies.retain(|&(_, df)| df >= MIN_FREQUENCY);
        Background {
            documents: size,
            frequencies: Terms(frequencies),
        }
    }

    /// The document frequency of a term (0 if it is not kept).
    pub fn frequency(&self, term: u32) -> u16 {
        let terms = &self.frequencies.0;
        terms
            .binary_search_by_key(&term, |&(t, _)| t)
            .map_or(0, |i| terms[i].1)
    }

    /// The size (four bytes, little-endian), then the terms as
    /// [`Terms::to_bytes`] writes them.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = self.documents.to_le_bytes().to_vec();
        bytes.extend(self.frequencies.to_bytes());
        bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Background> {
        let (size, terms) = bytes.split_first_chunk::<4>()?;
        Some(Background {
            documents: u32::from_le_bytes(*size),
            frequencies: Terms::from_bytes(terms)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_documents_not_occurrences_and_keeps_terms_seen_twice() {
        let documents = [
            Terms(vec![(1, 5), (2, 1)]),
            Terms(vec![(1, 1), (3, 2)]),
            Terms(vec![(1, 1), (2, 9)]),
        ];
        let background = Background::of(&documents);
        assert_eq!(background.documents, 3);
        assert_eq!(background.frequencies, Terms(vec![(1, 3), (2, 2)]));
        assert_eq!(
            Background::from_bytes(&background.to_bytes()),
            Some(background)
        );
    }

    #[test]
    fn the_embedded_background_is_a_few_hundred_articles() {
        let background = Background::embedded();
        assert!((300..400).contains(&background.documents));
        assert!(background.frequencies.0.len() > 1000);
    }
}
