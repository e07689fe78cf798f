//! What the corpus keeps of an article's analysis: its entity mentions and
//! its dates, each with the sentence it stands in. A pure function of the
//! analyzed text and the publication date.

use khabar_entities::{Mention, Tagger};
use khabar_text::Analysis;
use time::Date;

/// The version of what `extract` gives. A store whose facts were made by
/// another version (or another NER model) needs `khabar reindex`.
pub fn version() -> String {
    format!("1-{:016x}", khabar_ner::fingerprint())
}

/// A date expression with its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFact {
    pub start: usize,
    pub end: usize,
    /// ISO 8601 at the expression's own granularity; `None` if it could not
    /// be resolved.
    pub value: Option<String>,
    pub end_value: Option<String>,
    /// The sentence (its index in the analysis).
    pub sentence: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub mentions: Vec<Mention>,
    pub dates: Vec<DateFact>,
    /// The span of each sentence (mentions name theirs by index).
    pub sentences: Vec<(usize, usize)>,
}

/// The facts of an analyzed article.
pub fn extract(analysis: &Analysis, published: Option<Date>) -> Facts {
    let mentions = khabar_entities::find(analysis, Tagger::embedded());
    let dates = khabar_dates::find(analysis, published)
        .into_iter()
        .map(|d| DateFact {
            start: d.start,
            end: d.end,
            value: d.value.map(|v| v.to_string()),
            end_value: d.end_value.map(|v| v.to_string()),
            sentence: analysis
                .sentences
                .partition_point(|s| s.end <= d.start)
                .min(analysis.sentences.len().saturating_sub(1)),
        })
        .collect();
    let sentences = analysis
        .sentences
        .iter()
        .map(|s| (s.start, s.end))
        .collect();
    Facts {
        mentions,
        dates,
        sentences,
    }
}
