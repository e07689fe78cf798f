//! Text reuse: which documents copy which.
//!
//! A document is a sequence of words (the analysis form, so spelling
//! variants of one word meet). [`Fingerprint::of`] turns it into the set of
//! its hashed word shingles and the LSH band keys of their MinHash
//! signature; [`Lsh`] finds, among the documents seen, those that share a
//! band with a new one; [`compare`] checks a candidate pair exactly and names
//! the relation. Everything here is a pure function of the words, so
//! fingerprints are computed once per document, in parallel, and stored.
//!
//! The MinHash is our own: the Rust crates for it are stale or research
//! code, and the algorithm is a few lines (Broder 1997; banding as in
//! Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3).

mod compare;
mod lsh;
mod minhash;
mod shingles;

pub use compare::{Comparison, Relation, Thresholds, compare};
pub use lsh::{BUCKET_TAIL, Lsh, band_key, strongest};
pub use minhash::{BANDS, PERMUTATIONS, ROWS, Signature};
pub use shingles::{SHINGLE_WORDS, hash as shingle_hash, shingle_texts, shingles};

/// What is kept of a document to find its copies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hashed word shingles, sorted, without repeats.
    pub shingles: Vec<u32>,
    /// One key per LSH band ([`BANDS`] of them); empty for a document
    /// without words.
    pub bands: Vec<u32>,
}

impl Fingerprint {
    pub fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Fingerprint {
        Fingerprint::of_shingles(shingles(words))
    }

    /// The fingerprint of a set of hashed shingles (sorted, no repeats).
    pub fn of_shingles(shingles: Vec<u32>) -> Fingerprint {
        let bands = if shingles.is_empty() {
            Vec::new()
        } else {
            Signature::of(&shingles).bands()
        };
        Fingerprint { shingles, bands }
    }

    /// Little-endian bytes, for storage: the band count, the bands, then
    /// the shingles.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(4 * (1 + self.bands.len() + self.shingles.len()));
        bytes.extend((self.bands.len() as u32).to_le_bytes());
        for value in self.bands.iter().chain(&self.shingles) {
            bytes.extend(value.to_le_bytes());
        }
        bytes
    }

    /// The inverse of [`Fingerprint::to_bytes`]; `None` if the bytes are not
    /// one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Fingerprint> {
        if !bytes.len().is_multiple_of(4) || bytes.len() < 4 {
            return None;
        }
        let mut values = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let bands = values.next()? as usize;
        let values: Vec<u32> = values.collect();
        if bands > values.len() {
            return None;
        }
        let (band_keys, shingles) = values.split_at(bands);
        Some(Fingerprint {
            bands: band_keys.to_vec(),
            shingles: shingles.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        let fingerprint = Fingerprint::of("یہ ایک خبر ہے جو دو بار چھپی".split(' '));
        assert_eq!(fingerprint.bands.len(), BANDS);
        let back = Fingerprint::from_bytes(&fingerprint.to_bytes()).unwrap();
        assert_eq!(back, fingerprint);
        assert_eq!(Fingerprint::from_bytes(&[1, 2, 3]), None);
        assert_eq!(Fingerprint::from_bytes(&[9, 0, 0, 0]), None);
    }

    #[test]
    fn no_words_no_bands() {
        let fingerprint = Fingerprint::of(std::iter::empty());
        assert!(fingerprint.shingles.is_empty() && fingerprint.bands.is_empty());
    }
}
