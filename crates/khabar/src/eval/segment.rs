//! `khabar eval segment`: sentence boundaries and word tokens against a
//! Universal Dependencies treebank.
//!
//! The gold sentences are joined into running text (with a space, or with
//! nothing as in glued news text), the whole is analyzed as one document,
//! and boundaries and tokens are compared by their positions counted in
//! non-space characters, so that spaces the display form restores do not
//! count as differences.

use std::path::Path;

use anyhow::{Context, Result, bail};
use khabar_langid::LinguaClassifier;

use super::conllu::{self, Sentence};
use super::score::Score;
use crate::Join;

/// A span in non-space characters: [start, end).
type CharSpan = (usize, usize);

struct Segmentation {
    sentence_ends: Vec<usize>,
    tokens: Vec<CharSpan>,
}

pub fn run(path: &Path, join: Join, min_f1: Option<f64>) -> Result<()> {
    let source = crate::input::read_text(path)?;
    let sentences = conllu::parse(&source).with_context(|| format!("{}", path.display()))?;
    if sentences.is_empty() {
        bail!("{}: no sentences", path.display());
    }
    let separator = match join {
        Join::Space => " ",
        Join::None => "",
    };
    let running: String = sentences
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(separator);
    let gold = gold_segmentation(&sentences).with_context(|| format!("{}", path.display()))?;
    let ours = khabar_segmentation(&running)?;
    let naive = naive_segmentation(&running);

    println!(
        "eval segment: {} ({} sentences, {} tokens, join={})",
        path.display(),
        sentences.len(),
        gold.tokens.len(),
        separator_name(join)
    );
    for (name, seg) in [("khabar", &ours), ("naive split at ۔ and spaces", &naive)] {
        println!("{name}");
        println!(
            "  sentence boundaries  {}",
            Score::of(&gold.sentence_ends, &seg.sentence_ends)
        );
        println!(
            "  word tokens          {}",
            Score::of(&gold.tokens, &seg.tokens)
        );
    }
    if let Some(min) = min_f1 {
        let sentence_f1 = Score::of(&gold.sentence_ends, &ours.sentence_ends).f1();
        let token_f1 = Score::of(&gold.tokens, &ours.tokens).f1();
        if sentence_f1 < min || token_f1 < min {
            bail!("F1 below {min}: sentences {sentence_f1:.4}, tokens {token_f1:.4}");
        }
    }
    Ok(())
}

fn separator_name(join: Join) -> &'static str {
    match join {
        Join::Space => "space",
        Join::None => "none",
    }
}

fn non_space_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn gold_segmentation(sentences: &[Sentence]) -> Result<Segmentation> {
    let mut sentence_ends = Vec::with_capacity(sentences.len());
    let mut tokens = Vec::new();
    let mut offset = 0;
    for (n, sentence) in sentences.iter().enumerate() {
        let chars: Vec<char> = sentence
            .text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let mut at = 0;
        for form in &sentence.forms {
            let form: Vec<char> = form.chars().filter(|c| !c.is_whitespace()).collect();
            let found = (at..=chars.len().saturating_sub(form.len()))
                .find(|&i| chars[i..].starts_with(&form))
                .with_context(|| {
                    format!(
                        "sentence {}: token {:?} not in its text",
                        n + 1,
                        form.iter().collect::<String>()
                    )
                })?;
            tokens.push((offset + found, offset + found + form.len()));
            at = found + form.len();
        }
        offset += chars.len();
        sentence_ends.push(offset);
    }
    Ok(Segmentation {
        sentence_ends,
        tokens,
    })
}

fn khabar_segmentation(running: &str) -> Result<Segmentation> {
    let analysis = khabar_text::analyze(running, &LinguaClassifier::new());
    if non_space_len(&analysis.text) != non_space_len(running) {
        bail!(
            "the display text lost or gained characters other than spaces; positions cannot be compared"
        );
    }
    // Non-space characters before each byte offset of the display text.
    let mut position = vec![0; analysis.text.len() + 1];
    let mut count = 0;
    for (byte, c) in analysis.text.char_indices() {
        position[byte] = count;
        if !c.is_whitespace() {
            count += 1;
        }
    }
    position[analysis.text.len()] = count;
    Ok(Segmentation {
        sentence_ends: analysis.sentences.iter().map(|s| position[s.end]).collect(),
        tokens: analysis
            .tokens
            .iter()
            .map(|t| (position[t.start], position[t.end]))
            .collect(),
    })
}

/// The baseline: a sentence ends at every ۔, tokens are split at spaces and ۔.
fn naive_segmentation(running: &str) -> Segmentation {
    let mut sentence_ends = Vec::new();
    let mut tokens = Vec::new();
    let mut at = 0;
    for word in running.split_whitespace() {
        for piece in word.split_inclusive('۔') {
            let body = piece.strip_suffix('۔').unwrap_or(piece);
            let len = body.chars().count();
            if len > 0 {
                tokens.push((at, at + len));
            }
            at += len;
            if piece.ends_with('۔') {
                tokens.push((at, at + 1));
                at += 1;
                sentence_ends.push(at);
            }
        }
    }
    if sentence_ends.last() != Some(&at) {
        sentence_ends.push(at);
    }
    Segmentation {
        sentence_ends,
        tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str, forms: &[&str]) -> Sentence {
        Sentence {
            text: text.into(),
            forms: forms.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn gold_positions_count_non_space_characters() {
        let gold = gold_segmentation(&[
            sentence("وہ گئے۔", &["وہ", "گئے", "۔"]),
            sentence("ہم آئے۔", &["ہم", "آئے", "۔"]),
        ])
        .unwrap();
        assert_eq!(gold.sentence_ends, [6, 12]);
        assert_eq!(
            gold.tokens,
            [(0, 2), (2, 5), (5, 6), (6, 8), (8, 11), (11, 12)]
        );
    }

    #[test]
    fn glued_running_text_is_segmented_like_the_gold() {
        let sentences = [
            sentence("وہ گئے۔", &["وہ", "گئے", "۔"]),
            sentence("ہم آئے۔", &["ہم", "آئے", "۔"]),
        ];
        let gold = gold_segmentation(&sentences).unwrap();
        let ours = khabar_segmentation("وہ گئے۔ہم آئے۔").unwrap();
        assert_eq!(
            Score::of(&gold.sentence_ends, &ours.sentence_ends).f1(),
            1.0
        );
        assert_eq!(Score::of(&gold.tokens, &ours.tokens).f1(), 1.0);
        let naive = naive_segmentation("وہ گئے۔ہم آئے۔");
        assert_eq!(naive.sentence_ends, [6, 12]);
        assert_eq!(naive.tokens.len(), 6);
    }
}
