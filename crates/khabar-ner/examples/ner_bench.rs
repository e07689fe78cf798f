//! Tagging speed over a CoNLL file (`khabar eval ner` times one pass; this
//! takes the best of several, which filters out a busy machine):
//! `cargo run --release -p khabar-ner --example ner_bench -- FILE [MODEL]`.
//! "cold": each pass with a freshly loaded model (the per-thread word
//! cache empty, as in `khabar eval ner`); "warm": passes after the first.

use std::time::Instant;

use khabar_ner::tags::{Tagset, parse_conll, to_bio};
use khabar_ner::{Model, Scorer, Tagger, spans};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("reading the CoNLL file");
    let bytes = match args.get(2) {
        Some(path) => std::fs::read(path).expect("reading the model"),
        None => Tagger::embedded().model().to_bytes(),
    };
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let sentences: Vec<_> = parse_conll(&text)
        .iter()
        .map(|s| to_bio(s, Tagset::IlNer))
        .collect();
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    let mut scorer = Scorer::default();
    let (mut cold, mut warm) = (f64::MAX, f64::MAX);
    let warm_only = std::env::var_os("WARM_ONLY").is_some();
    let mut tagger = Tagger::new(Model::from_bytes(&bytes).expect("a valid model"));
    for run in 0..runs {
        if run == 0 || !warm_only {
            tagger = Tagger::new(Model::from_bytes(&bytes).expect("a valid model"));
            // As `khabar eval ner` does.
            tagger.tag(&["پاکستان"]);
        }
        let t = Instant::now();
        let tags: Vec<_> = words.iter().map(|w| tagger.tag(w)).collect();
        cold = cold.min(t.elapsed().as_secs_f64());
        if run == 0 {
            for (s, p) in sentences.iter().zip(&tags) {
                scorer.add(&spans(&s.tags), &spans(p));
            }
        }
        let t = Instant::now();
        for w in &words {
            tagger.tag(w);
        }
        warm = warm.min(t.elapsed().as_secs_f64());
    }
    println!(
        "micro F1 {:.4}; {tokens} tokens; best cold {:.0} tokens/s, best warm {:.0} tokens/s",
        scorer.micro().f1(),
        tokens as f64 / cold,
        tokens as f64 / warm
    );
}
