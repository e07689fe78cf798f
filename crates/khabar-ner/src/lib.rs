//! Named entities in Urdu text: persons, locations and organisations.
//!
//! A pure crate (no I/O at tagging time): [`Tagger::embedded`] holds a model
//! built into the binary with `include_bytes!` (`model/ner.bin`, gzip,
//! 2.0 MB: 116,828 feature rows, a 42,597-name gazetteer and 4,222 hashed
//! harvested word classes), loaded once;
//! [`Tagger::tag`] gives one BIO tag per word of a sentence of display-form
//! words (the text core's tokens; the tagger folds them itself) and
//! [`spans`] turns tags into `(start, end, EntityType)`.
//!
//! # Approach
//!
//! A structured averaged perceptron over seven BIO tags (`O`, `B-PER`,
//! `I-PER`, `B-LOC`, `I-LOC`, `B-ORG`, `I-ORG`), decoded with Viterbi over
//! first-order tag transitions, with the BIO constraint (an `I-` tag only
//! after `B-`/`I-` of its type) built into the decoder. Training shuffles
//! the sentences each epoch with a fixed seed and drops 30% of the feature
//! occurrences at random in each step (a dropout that keeps the model from
//! leaning on word identity alone: +0.02 to +0.04 dev F1 over several
//! seeds). Three models (seeds 42, 1, 2) are trained and their weights
//! averaged ([`Model::mean`]), which takes the luck of one shuffle order out
//! of the result (single seeds range from 0.69 to 0.73 dev F1). Averaged
//! weights under 1.0 (in perceptron-update units) are pruned and the rest
//! quantized to 16 bits; the format is [`Model::to_bytes`] (gzip of a small
//! binary layout: gazetteer, harvested classes, word clusters, transitions,
//! sorted feature-hash keys as delta varints, weights column by column).
//!
//! # Speed
//!
//! Each word's pieces (folded form, skeleton, prefixes and suffixes,
//! shape, cue and gazetteer classes, harvested buckets) are computed once
//! and its strings hashed once to 64 bits; a feature key mixes the
//! template's seed with those hashes (no string work per feature). The
//! weights sit in an open-addressing table keyed by the feature hash
//! itself, 16-bit weights inline, behind a small Bloom filter that turns
//! away most absent features (unseen word pairs) without touching the
//! table; lookups are prefetched a few keys ahead. Most templates look at
//! one word at a fixed offset (-3..+3), so [`Scratch`] (one per thread in
//! [`Tagger::tag`]) remembers, per word met, the summed weights of its
//! features at each offset (integers: exactly the uncached sums); a known
//! word then costs one cache read, and only the ~15 templates over several
//! words (word pairs, gazetteer marks, cue and known-word patterns) are
//! looked up per token. `khabar eval ner` on IL-NER dev (one pass, cold
//! cache): 1.15 to 1.55 million tokens per second on the shared 2-core
//! build machine while another build ran (the earlier code: 0.42 to 0.49
//! million on the same machine at the same time); with the word cache
//! warm (`examples/ner_bench.rs`, best of several passes) 2.4 to 2.8
//! million.
//!
//! # Features
//!
//! Each word's features are 64-bit hashes of a template number and pieces
//! of words (see `features.rs`): the word's analysis form (`normalize::fold`) and
//! consonant skeleton (`spelling::skeleton`); the words at -3..+3; word
//! bigrams around it; prefixes and suffixes of 1-3 letters, and suffixes,
//! prefixes, skeletons and shapes of the neighbours at -2..+2; shape
//! (number, has digit, punctuation, Latin, Arabic script), length bucket
//! and membership of the text core's known-word list (for the word and its
//! neighbours); the longest gazetteer match covering the word (up to four
//! words; class and position) and its neighbours'; and cue words at -2..+2:
//! titles (صدر، وزیر اعظم، مسٹر، جناب، ڈاکٹر، سینیٹر ...), organisation words
//! (پارٹی، لیگ، کمیشن، وزارت، یونیورسٹی، بینک ...), place words (شہر، صوبہ،
//! ضلع ...) and words after names (صاحب، جی، نے ...). The gazetteer is built at
//! training time from CLDR 48 territory names (ur and ur-IN; "world", the UN,
//! the EU and pseudo-regions left out) and language names, and the GeoNames
//! cities of 5,000 people or more with Arabic-script names (split at
//! 100,000), and is stored in the model. Every template helped in ablations
//! on IL-NER dev.
//!
//! Harvested word classes (`features::Harvest`): `khabar train ner` counts,
//! over the unlabelled news in the shared data (BBC/VOA Urdu 2016 without
//! exact duplicates, the 2024 Pakistani news scrape's `content`, the
//! Express 2018 headlines' `title` and `summary`, read and cleaned by
//! `khabar-ingest` and the text core, each distinct text once), how often
//! each folded word stands right after a person title, two words after
//! one, before "نے کہا/بتایا", after a place word (شہر، صوبے، ضلع ...) and
//! before an organisation word (پارٹی، لیگ، کمیشن ...). Each class with two
//! hits or more gets a bucket (share of the word's occurrences: under 5%,
//! 5-25%, 25%+; count under or over 10); the model stores the buckets
//! under a hash of the word (no text of the corpora). Features: the
//! word's buckets (alone and with known-word membership), those of the
//! words at -2..+2, and the previous word's with the word's own. IL-NER
//! dev micro F1: 0.7033 without, 0.7183 with the word and ±1 buckets,
//! 0.7380 with ±2 and the pair too (counting words with a single hit:
//! 0.7257 / 0.7316, left out). Tried on top and left out: the strongest
//! harvested class of the word and its neighbours (0.7284), last-letter
//! and last-two-letter suffixes with length and known-word membership
//! (0.7230), cue word before with the known-word flags around (0.7097).
//! Those figures were measured with the news read by lines joined with
//! spaces; read cleanly (hard-wrapped words rejoined, boilerplate out) the
//! shipped model scores 0.7100: the gain over 0.7033 is within the spread
//! of seeds (±0.02 on 250 dev entities).
//!
//! # Training
//!
//! ```text
//! khabar train ner --shared-data ../shared/data --out crates/khabar-ner/model/ner.bin
//! ```
//!
//! (defaults: `--epochs 12 --seed 42,1,2 --dropout 0.3 --prune 1 --legacy
//! jahangir,ijcnlp --clusters 0`; `--no-harvest` leaves the harvested
//! classes out; about 22 s; deterministic: the same bytes every run).
//! Data: IL-NER `Urdu-train.txt` (NEP, NEL, NEO to PER, LOC, ORG; NEN,
//! NETI, NEAR, NET, NIMI and malformed tags to O; an `I-` tag that does not
//! continue an entity of its type starts one; tokens joined with "_" are
//! split into words, the entity continuing as `B-` then `I-`), plus the
//! first 80% of the sentences of Jahangir et al. 2012 and of IJCNLP-2008
//! (IO tags PERSON, LOCATION, ORGANIZATION; DESIGNATION, TIME, DATE, NUMBER
//! to O; a run of one type is one entity; titles at the start of a person,
//! which Jahangir tags PERSON ("صدر", "وزیر اعظم", "جنرل"), made O as in
//! IL-NER); their last 20% is held out (`khabar eval ner --part heldout`).
//! No test split is read. Each legacy set raised IL-NER dev F1 (two seeds,
//! 12 epochs, before dropout: none 0.646, +IJCNLP 0.658, +Jahangir 0.667,
//! both 0.670), so both are in. `--report-dev` prints IL-NER dev figures
//! after each epoch.
//!
//! Tuned on IL-NER dev (only): the feature templates (ablations), the
//! legacy sets, the title stripping (+0.01), dropout (0, 0.1, 0.3, 0.4, 0.5,
//! 0.6), the number of epochs (8 to 20), pruning (0 to 2), averaging seeds,
//! and an O-penalty at decoding (no gain, left at 0). Dev has only 250
//! entities, and seeds alone move micro F1 by about ±0.02.
//!
//! Word clusters (`clusters.rs`, `--clusters 40000,1024,64,12`): left and
//! right neighbour counts of the 30,562 words seen 3 times or more in the
//! unlabelled news, PPMI-weighted, spherical k-means into 1,024 fine and
//! 64 coarse clusters (deterministic, 15 s), features: the word's and its
//! ±1 neighbours' fine and coarse ids. No gain on IL-NER dev: 0.7269
//! (seeds 0.7182, 0.7152, 0.7215) against 0.7261 without (seeds 0.7269,
//! 0.7296, 0.7013); 256/32 clusters with ±2 and coarse pairs too: 0.7203.
//! Off by default; the news is Pakistani, IL-NER's names mostly Indian.
//! Five seeds averaged instead of three: 0.7245.
//!
//! # Figures (shipped model)
//!
//! `khabar eval ner --conll ../shared/data/il-ner-urdu/Urdu-dev.txt`
//! (exact BIO spans):
//!
//! | type | gold | P | R | F1 |
//! |---|---|---|---|---|
//! | PER | 69 | 0.7551 | 0.5362 | 0.6271 |
//! | LOC | 152 | 0.8356 | 0.8026 | 0.8188 |
//! | ORG | 29 | 0.5333 | 0.2759 | 0.3636 |
//! | micro | 250 | 0.7952 | 0.6680 | **0.7261** |
//!
//! The three seeds alone: 0.7269, 0.7296, 0.7013. The previous model, same
//! features and data, scored 0.7100: its features were listed in another
//! order, so dropout left out other occurrences; the difference is the
//! spread of seeds, not a gain.
//!
//! Well short of the issue's 0.85: IL-NER's annotation is inconsistent
//! (بھارت is O 45 times and B-NEL 13 times in train; "حکومت ہند" is a
//! location), and its organisations are long Indian-government names.
//! Held-out 20% (`--part heldout`, IO spans): Jahangir micro F1 0.7380
//! (PER 0.4468: Jahangir counts titles in the person, this model does not;
//! LOC 0.8563, ORG 0.7500), IJCNLP-2008 0.7053 (PER 0.7179, LOC 0.7550, ORG
//! 0.3333). Whole files, 80% of them training data: Jahangir 0.8732,
//! IJCNLP 0.9374. Tagging speed: see Speed above.

pub mod clusters;
pub mod data;
pub mod features;
pub mod model;
pub mod score;
pub mod tags;

use std::cell::RefCell;
use std::sync::LazyLock;

pub use clusters::ClusterCounts;
pub use features::{GazClass, Gazetteer, Harvest};
pub use model::{Model, ModelError, Scratch, TrainOptions, train, train_with_callback};
pub use score::{Counts, Scorer};
pub use tags::{EntityType, Span, Tag, Tagset, io_spans, spans};

/// The shipped model (gzip), trained by `khabar train ner`.
static MODEL_BYTES: &[u8] = include_bytes!("../model/ner.bin");

static EMBEDDED: LazyLock<Tagger> = LazyLock::new(|| {
    let model = if MODEL_BYTES.is_empty() {
        // A checkout before the first training: tag everything O.
        Model::default()
    } else {
        Model::from_bytes(MODEL_BYTES).expect("the embedded NER model is valid")
    };
    Tagger { model }
});

thread_local! {
    /// The buffers of [`Tagger::tag`], one set per thread.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A fingerprint of the embedded model (FNV-1a of its bytes): what was
/// tagged with one model is stale under another.
pub fn fingerprint() -> u64 {
    MODEL_BYTES
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// A named-entity tagger.
#[derive(Clone, Debug)]
pub struct Tagger {
    model: Model,
}

impl Tagger {
    /// The tagger with the model built into the crate, loaded once.
    pub fn embedded() -> &'static Tagger {
        &EMBEDDED
    }

    pub fn new(model: Model) -> Tagger {
        Tagger { model }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The BIO tags of one sentence of display-form words (as the text
    /// core's tokenizer gives them; the tagger folds them itself).
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        let mut tags = Vec::with_capacity(words.len());
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.model.tag_into(words, &mut scratch, &mut tags),
            Err(_) => self
                .model
                .tag_into(words, &mut Scratch::default(), &mut tags),
        });
        tags
    }

    /// [`Tagger::tag`] into `tags` (its contents replaced), with buffers
    /// the caller keeps between sentences (`tag` keeps one per thread).
    pub fn tag_into(&self, words: &[&str], scratch: &mut Scratch, tags: &mut Vec<Tag>) {
        self.model.tag_into(words, scratch, tags);
    }

    /// The entities of one sentence: (start word, end word exclusive, type).
    pub fn entities(&self, words: &[&str]) -> Vec<Span> {
        spans(&self.tag(words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    fn entities(s: &str) -> Vec<(String, EntityType)> {
        let w = words(s);
        Tagger::embedded()
            .entities(&w)
            .into_iter()
            .map(|(a, b, e)| (w[a..b].join(" "), e))
            .collect()
    }

    #[test]
    fn embedded_model_loads() {
        assert!(Tagger::embedded().model().features() > 10_000);
        assert!(Tagger::embedded().model().gazetteer().len() > 10_000);
        assert!(MODEL_BYTES.len() < 5_000_000);
    }

    #[test]
    fn person_and_place() {
        let found = entities("روسی صدر ولادیمیر پوٹن نے ماسکو میں کہا");
        assert!(
            found
                .iter()
                .any(|(t, e)| *e == EntityType::Person && t.contains("پوٹن")),
            "{found:?}"
        );
        assert!(
            found.contains(&("ماسکو".to_string(), EntityType::Location)),
            "{found:?}"
        );
    }

    #[test]
    fn no_entity_in_common_words() {
        assert_eq!(entities("کم از کم دس افراد ہلاک ہو گئے ۔"), vec![]);
        assert_eq!(entities("انہوں نے کہا کہ حالات بہتر ہو رہے ہیں ۔"), vec![]);
    }

    #[test]
    fn places_and_organisations() {
        let found = entities("پاکستان اور بھارت کے درمیان مذاکرات اسلام آباد میں ہوئے ۔");
        assert!(
            found.contains(&("پاکستان".to_string(), EntityType::Location)),
            "{found:?}"
        );
        assert!(
            found.contains(&("بھارت".to_string(), EntityType::Location)),
            "{found:?}"
        );
        let found = entities("وزیر اعظم نریندر مودی نے دہلی میں کہا");
        assert!(
            found
                .iter()
                .any(|(t, e)| *e == EntityType::Person && t.contains("مودی")),
            "{found:?}"
        );
    }

    #[test]
    fn empty_sentence() {
        assert!(Tagger::embedded().tag(&[]).is_empty());
    }
}
