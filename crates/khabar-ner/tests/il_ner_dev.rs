//! The embedded model on the IL-NER dev split (needs ../shared, so
//! ignored in `cargo test`; `.ci/run` runs it with `--ignored`).

use std::path::PathBuf;

use khabar_ner::tags::{parse_conll, to_bio};
use khabar_ner::{Scorer, Tagger, Tagset, spans};

/// Micro F1 of the shipped model on IL-NER dev (0.7261, see the crate
/// documentation) minus 0.005.
const MIN_MICRO_F1: f64 = 0.7211;

#[test]
#[ignore = "needs ../shared/data"]
fn il_ner_dev_micro_f1() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/il-ner-urdu/Urdu-dev.txt");
    let text = std::fs::read_to_string(&path).expect("reading IL-NER dev");
    let tagger = Tagger::embedded();
    let mut scorer = Scorer::default();
    for raw in parse_conll(&text) {
        let gold = to_bio(&raw, Tagset::IlNer);
        let words: Vec<&str> = gold.words.iter().map(String::as_str).collect();
        let tags = tagger.tag(&words);
        // The word cache changes nothing.
        assert_eq!(tags, tagger.model().tag(&words));
        scorer.add(&spans(&gold.tags), &spans(&tags));
    }
    let micro = scorer.micro();
    assert_eq!(micro.gold, 250);
    assert!(
        micro.f1() >= MIN_MICRO_F1,
        "micro F1 {:.4} < {MIN_MICRO_F1}",
        micro.f1()
    );
}
