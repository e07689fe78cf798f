//! The Urdu text core of Khabar: cleaning, normalization, sentences and
//! words. Pure functions of text, with no I/O, so that the same analysis runs
//! in the command line, a server or a batch job.
//!
//! [`analyze`] runs the whole pipeline on one raw document:
//! [`clean::paragraphs`] (boilerplate out, hard-wrapped lines rejoined),
//! [`lang::identify`] on each paragraph, [`normalize::display`] for the text
//! people read, then for Urdu paragraphs [`tokenize::tokens`] (with offsets
//! into the display text and an analysis-form `norm`),
//! [`segment::sentences`] and [`normalize::analysis`].

pub mod chars;
pub mod clean;
pub mod lang;
pub mod lexicon;
pub mod normalize;
pub mod segment;
pub mod tokenize;

use serde::Serialize;

pub use lang::{ArabicScriptClassifier, Language, ScriptOnly};
pub use segment::Span;
pub use tokenize::{Token, TokenKind};

/// One paragraph of the display text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    pub language: Language,
}

/// A document after analysis. All offsets are UTF-8 byte offsets into `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// The display text: cleaned, in its original spelling, paragraphs
    /// separated by a blank line.
    pub text: String,
    /// The analysis form of the Urdu paragraphs, one per line.
    pub normalized: String,
    /// Every paragraph with its language; only Urdu ones are segmented.
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Span>,
    pub tokens: Vec<Token>,
}

/// Analyzes one raw document. `model` tells Urdu from Persian and Arabic
/// where the script cannot; pass [`ScriptOnly`] to go without one.
pub fn analyze(raw: &str, model: &dyn ArabicScriptClassifier) -> Analysis {
    let displayed: Vec<(String, (lang::ScriptVerdict, usize))> = clean::paragraphs(raw)
        .iter()
        .map(|p| normalize::display(p))
        .filter(|p| !p.is_empty())
        .map(|p| {
            let verdict = lang::by_script(&p);
            (p, verdict)
        })
        .collect();
    let document_language = dominant_language(displayed.iter().map(|(_, v)| *v));
    let mut analysis = Analysis {
        text: String::with_capacity(raw.len()),
        normalized: String::with_capacity(raw.len()),
        paragraphs: Vec::with_capacity(displayed.len()),
        sentences: Vec::new(),
        tokens: Vec::new(),
    };
    for (paragraph, verdict) in &displayed {
        if !analysis.text.is_empty() {
            analysis.text.push_str("\n\n");
        }
        let start = analysis.text.len();
        analysis.text.push_str(paragraph);
        let language = lang::decide(paragraph, *verdict, model, document_language);
        analysis.paragraphs.push(Paragraph {
            start,
            end: analysis.text.len(),
            language,
        });
        if language == Language::Urdu {
            add_urdu_paragraph(&mut analysis, paragraph, start);
        }
    }
    analysis
}

fn add_urdu_paragraph(analysis: &mut Analysis, paragraph: &str, offset: usize) {
    let tokens = tokenize::tokens(paragraph);
    let shift = |s: Span| Span {
        start: s.start + offset,
        end: s.end + offset,
    };
    analysis.sentences.extend(
        segment::sentences(paragraph, &tokens)
            .into_iter()
            .map(shift),
    );
    if !analysis.normalized.is_empty() {
        analysis.normalized.push('\n');
    }
    analysis
        .normalized
        .push_str(&normalize::analysis_of_tokens(paragraph, &tokens));
    analysis.tokens.extend(tokens.into_iter().map(|t| Token {
        start: t.start + offset,
        end: t.end + offset,
        ..t
    }));
}

/// The language that the script settles for most of the document's letters;
/// Urdu when nothing settles it, since that is what Khabar reads.
fn dominant_language(verdicts: impl Iterator<Item = (lang::ScriptVerdict, usize)>) -> Language {
    let mut letters_by_language: Vec<(Language, usize)> = Vec::new();
    for verdict in verdicts {
        if let (lang::ScriptVerdict::Decided(language), letters) = verdict {
            match letters_by_language.iter_mut().find(|(l, _)| *l == language) {
                Some((_, n)) => *n += letters,
                None => letters_by_language.push((language, letters)),
            }
        }
    }
    letters_by_language
        .into_iter()
        .filter(|(l, _)| *l != Language::Undetermined)
        .max_by_key(|(_, n)| *n)
        .map_or(Language::Urdu, |(l, _)| l)
}
