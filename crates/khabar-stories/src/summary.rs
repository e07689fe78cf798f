//! An extractive summary: a few sentences that the story's articles agree
//! on, drawn from several outlets, none repeating another.

use khabar_text::lexicon::is_stop_word;
use rustc_hash::{FxHashMap, FxHashSet};

/// A sentence that may go in a summary.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// Its article (an index into the story's articles, in published order).
    pub article: usize,
    /// Its article's outlet.
    pub source: &'a str,
    /// Its place in the article.
    pub position: usize,
    /// Its words in analysis form.
    pub words: Vec<&'a str>,
}

/// Sentences shorter than this say too little to stand alone.
const SHORTEST: usize = 6;
/// Longer ones read badly in a summary.
const LONGEST: usize = 60;
/// Two sentences sharing more than this share of their word pairs say the
/// same thing.
const REPEATS: f32 = 0.4;

/// The indexes of the summary's sentences (at most `count`), in the order
/// they are read: by article, then position.
pub fn summary(candidates: &[Candidate], count: usize) -> Vec<usize> {
    let articles = candidates
        .iter()
        .map(|c| c.article)
        .max()
        .map_or(0, |a| a + 1);
    // How many articles use each content word: what the story is about.
    let mut spread: FxHashMap<&str, u32> = FxHashMap::default();
    let mut seen: FxHashSet<(usize, &str)> = FxHashSet::default();
    for candidate in candidates {
        for &word in content(&candidate.words) {
            if seen.insert((candidate.article, word)) {
                *spread.entry(word).or_default() += 1;
            }
        }
    }
    let score = |candidate: &Candidate| -> f32 {
        let words: FxHashSet<&str> = content(&candidate.words).copied().collect();
        if words.is_empty() {
            return 0.0;
        }
        let shared: f32 = words
            .iter()
            .map(|w| spread[w] as f32 / articles as f32)
            .sum();
        let lead = 1.0 + 0.5 / (1.0 + candidate.position as f32);
        shared / (words.len() as f32).sqrt() * lead
    };
    let mut ranked: Vec<(usize, f32)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| (SHORTEST..=LONGEST).contains(&c.words.len()))
        .map(|(i, c)| (i, score(c)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

    let mut chosen: Vec<usize> = Vec::new();
    let mut chosen_pairs: Vec<FxHashSet<(&str, &str)>> = Vec::new();
    let mut sources: FxHashSet<&str> = FxHashSet::default();
    // Each outlet's best sentence first, then the rest, so that the summary
    // draws on several outlets when it can.
    for new_sources_only in [true, false] {
        for &(index, _) in &ranked {
            if chosen.len() == count {
                break;
            }
            let candidate = &candidates[index];
            if chosen.contains(&index) || (new_sources_only && sources.contains(candidate.source)) {
                continue;
            }
            let pairs = word_pairs(&candidate.words);
            if chosen_pairs.iter().any(|p| overlap(&pairs, p) > REPEATS) {
                continue;
            }
            chosen.push(index);
            chosen_pairs.push(pairs);
            sources.insert(candidate.source);
        }
    }
    chosen.sort_by_key(|&i| (candidates[i].article, candidates[i].position));
    chosen
}

fn content<'a, 'b>(words: &'b [&'a str]) -> impl Iterator<Item = &'b &'a str> {
    words
        .iter()
        .filter(|w| w.chars().count() > 1 && !is_stop_word(w))
}

fn word_pairs<'a>(words: &[&'a str]) -> FxHashSet<(&'a str, &'a str)> {
    words.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The share of the smaller set found in the other.
fn overlap(a: &FxHashSet<(&str, &str)>, b: &FxHashSet<(&str, &str)>) -> f32 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f32 / smaller as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate<'a>(
        article: usize,
        source: &'a str,
        position: usize,
        text: &'a str,
    ) -> Candidate<'a> {
        Candidate {
            article,
            source,
            position,
            words: text.split(' ').collect(),
        }
    }

    #[test]
    fn draws_on_several_outlets_without_repeating() {
        let sentences = [
            candidate(
                0,
                "bbc",
                0,
                "روسی صدر پوتن نے شمالی کوریا کا دورہ کیا اور کم جونگ ان سے ملاقات کی",
            ),
            candidate(
                0,
                "bbc",
                1,
                "موسم خوشگوار تھا اور شہر میں معمول کی سرگرمیاں جاری رہیں",
            ),
            candidate(
                1,
                "voa",
                0,
                "روسی صدر پوتن نے شمالی کوریا کا دورہ کیا اور کم جونگ ان سے ملاقات کی ہے",
            ),
            candidate(
                1,
                "voa",
                1,
                "پوتن اور کم جونگ ان نے دفاعی معاہدے پر دستخط کیے جو دونوں ملکوں کو پابند کرتا ہے",
            ),
        ];
        let chosen = summary(&sentences, 3);
        // The near-repeat from VOA is left out; VOA's own sentence is in.
        assert!(chosen.contains(&0) && chosen.contains(&3), "{chosen:?}");
        assert!(!chosen.contains(&2));
        assert!(chosen.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn short_sentences_are_left_out() {
        let sentences = [candidate(0, "a", 0, "مزید تفصیلات جلد")];
        assert!(summary(&sentences, 3).is_empty());
    }
}
