//! A word-level Markov model of real news text, for benchmark corpora far
//! larger than the text we have: each next word is drawn from the words
//! that followed the current one in the training text, as often as they
//! did, so word frequencies, names and common phrases are those of the
//! news, while no sentence needs to repeat one of the training text.

use std::collections::HashMap;

use rand::Rng;

/// The id standing for a sentence boundary (before the first word, after
/// the last).
const BOUNDARY: u32 = 0;
/// A generated sentence ends here at the latest.
const MAX_WORDS: usize = 45;
/// Shorter draws (an initial cut off as "ف۔", a dateline) are drawn again:
/// as articles they would all be copies of each other.
const MIN_WORDS: usize = 4;

pub struct Markov {
    words: Vec<String>,
    /// The successors of word `i` are `next[starts[i]..starts[i + 1]]`,
    /// each as many times as it followed `i`.
    starts: Vec<u32>,
    next: Vec<u32>,
    /// Sentences per training document, to draw article lengths from.
    lengths: Vec<u16>,
}

impl Markov {
    /// Learns from whole documents (their text split into sentences at
    /// line breaks and sentence-final marks).
    pub fn train<'a>(documents: impl IntoIterator<Item = &'a str>) -> Markov {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut words = vec![String::new()];
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut lengths = Vec::new();
        for document in documents {
            let mut sentences = 0u16;
            for sentence in sentences_of(document).filter(|s| mostly_urdu(s)) {
                let mut previous = BOUNDARY;
                for word in sentence.split_whitespace() {
                    let id = *ids.entry(word).or_insert_with(|| {
                        words.push(word.to_string());
                        (words.len() - 1) as u32
                    });
                    pairs.push((previous, id));
                    previous = id;
                }
                if previous != BOUNDARY {
                    pairs.push((previous, BOUNDARY));
                    sentences = sentences.saturating_add(1);
                }
            }
            if sentences > 0 {
                lengths.push(sentences);
            }
        }
        pairs.sort_unstable();
        let mut starts = vec![0u32; words.len() + 1];
        for &(from, _) in &pairs {
            starts[from as usize + 1] += 1;
        }
        let mut total = 0;
        for start in &mut starts {
            total += *start;
            *start = total;
        }
        Markov {
            words,
            starts,
            next: pairs.into_iter().map(|(_, to)| to).collect(),
            lengths,
        }
    }

    /// Distinct words learnt.
    pub fn vocabulary(&self) -> usize {
        self.words.len() - 1
    }

    /// Training documents with at least one sentence.
    pub fn documents(&self) -> usize {
        self.lengths.len()
    }

    /// Word pairs learnt (with repeats).
    pub fn transitions(&self) -> usize {
        self.next.len()
    }

    /// One sentence of at least [`MIN_WORDS`] words (unless the model
    /// knows none), ending in a sentence-final mark.
    pub fn sentence(&self, rng: &mut impl Rng) -> String {
        let mut out = self.draw(rng);
        for _ in 0..20 {
            if out.split_whitespace().count() >= MIN_WORDS {
                break;
            }
            out = self.draw(rng);
        }
        out
    }

    fn draw(&self, rng: &mut impl Rng) -> String {
        let mut out = String::new();
        let mut current = BOUNDARY;
        for _ in 0..MAX_WORDS {
            let (start, end) = (
                self.starts[current as usize] as usize,
                self.starts[current as usize + 1] as usize,
            );
            if start == end {
                break;
            }
            current = self.next[rng.random_range(start..end)];
            if current == BOUNDARY {
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&self.words[current as usize]);
        }
        if !out.ends_with(SENTENCE_ENDS) {
            out.push('۔');
        }
        out
    }

    /// The sentence count of a training document drawn at random.
    pub fn article_length(&self, rng: &mut impl Rng) -> usize {
        if self.lengths.is_empty() {
            return 1;
        }
        self.lengths[rng.random_range(0..self.lengths.len())] as usize
    }
}

const SENTENCE_ENDS: &[char] = &['۔', '؟', '?', '!'];

/// Whether a sentence is written in Arabic script more than in Latin (the
/// corpora quote English now and then; an article drawn from such
/// sentences would not be Urdu).
fn mostly_urdu(sentence: &str) -> bool {
    let arabic = sentence
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    let latin = sentence.chars().filter(char::is_ascii_alphabetic).count();
    arabic > 2 * latin
}

/// A document's sentences: its lines, each cut after a sentence-final mark.
fn sentences_of(document: &str) -> impl Iterator<Item = &str> {
    document
        .lines()
        .flat_map(|line| line.split_inclusive(SENTENCE_ENDS))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn every_generated_word_pair_was_seen_in_training() {
        let training = [
            "وزیر اعظم نے کہا کہ ملک ترقی کرے گا۔ عوام خوش ہیں۔",
            "وزیر خارجہ نے کہا کہ مذاکرات جاری ہیں۔\nاجلاس کل ہوگا\nThe meeting is tomorrow.",
        ];
        let model = Markov::train(training);
        let seen: Vec<(String, String)> = training
            .iter()
            .flat_map(|d| sentences_of(d))
            .flat_map(|s| {
                let words: Vec<&str> = s.split_whitespace().collect();
                words
                    .windows(2)
                    .map(|w| (w[0].to_string(), w[1].to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(model.lengths, vec![2, 2]);
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..200 {
            let sentence = model.sentence(&mut rng);
            assert!(sentence.ends_with(SENTENCE_ENDS), "{sentence}");
            assert!(
                mostly_urdu(&sentence),
                "an English sentence learnt: {sentence}"
            );
            let words: Vec<&str> = sentence.split_whitespace().collect();
            for pair in words.windows(2) {
                let pair = (
                    pair[0].to_string(),
                    pair[1].trim_end_matches('۔').to_string(),
                );
                let seen_here = seen
                    .iter()
                    .any(|(a, b)| *a == pair.0 && b.trim_end_matches('۔') == pair.1);
                assert!(seen_here, "{pair:?} never followed in training");
            }
        }
    }
}
