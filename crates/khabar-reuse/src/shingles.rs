//! Word shingles: every run of [`SHINGLE_WORDS`] consecutive words that
//! holds a content word, hashed.

use khabar_text::lexicon::is_stop_word;
use xxhash_rust::xxh3::xxh3_64;

/// Words per shingle. Newspapers rewrite agency copy in their own words
/// but keep its word pairs: on COUNTER's development pairs the share of
/// shared word pairs tells reuse from independent writing better than
/// single words or triples (`khabar eval reuse`).
pub const SHINGLE_WORDS: usize = 2;

/// The hashed shingles of a document's words, sorted, without repeats.
/// Runs of function words alone ("کے لیے", "کہا کہ") are left out: every
/// Urdu text has them, so they make unrelated texts look alike. A document
/// shorter than a shingle has the one shingle of all its words.
pub fn shingles<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
    let mut hashes = Vec::new();
    shingle_texts(words, |text| hashes.push(hash(text)));
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Calls `each` with the text of every shingle (its words joined by a
/// space), repeats included.
pub fn shingle_texts<'a>(words: impl IntoIterator<Item = &'a str>, mut each: impl FnMut(&str)) {
    let words: Vec<&str> = words.into_iter().collect();
    let mut text = String::new();
    let windows: Box<dyn Iterator<Item = &[&str]>> = if words.len() < SHINGLE_WORDS {
        Box::new(std::iter::once(&words[..]).filter(|w| !w.is_empty()))
    } else {
        Box::new(
            words
                .windows(SHINGLE_WORDS)
                .filter(|run| !run.iter().all(|w| is_stop_word(w))),
        )
    };
    for run in windows {
        text.clear();
        for (i, word) in run.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(word);
        }
        each(&text);
    }
}

/// The hash of one shingle's text.
pub fn hash(text: &str) -> u32 {
    let hash = xxh3_64(text.as_bytes());
    (hash ^ (hash >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shingle_per_window_and_order_matters() {
        let text = "روسی وزیراعظم حکومت عوام";
        assert_eq!(shingles(text.split(' ')).len(), 3);
        let reversed: Vec<&str> = text.split(' ').rev().collect();
        let forward = shingles(text.split(' '));
        assert!(shingles(reversed).iter().all(|s| !forward.contains(s)));
    }

    #[test]
    fn function_words_alone_make_no_shingle() {
        // "نے کہا" and "کہا کہ" are left out; "وزیراعظم نے" stays.
        assert_eq!(shingles("وزیراعظم نے کہا کہ".split(' ')).len(), 1);
    }

    #[test]
    fn repeats_count_once_and_short_texts_have_one() {
        assert_eq!(
            shingles("خبر حکومت عوام خبر حکومت عوام".split(' ')).len(),
            3
        );
        assert_eq!(shingles("خبر حکومت خبر حکومت".split(' ')).len(), 2);
        assert_eq!(shingles("خبر".split(' ')).len(), 1);
        assert!(shingles(std::iter::empty()).is_empty());
    }
}
