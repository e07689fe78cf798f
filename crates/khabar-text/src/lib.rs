//! The Urdu text core of Khabar: cleaning, normalization, sentences and
//! words. Pure functions of text, with no I/O, so that the same analysis runs
//! in the command line, a server or a batch job.
//!
//! [`analyze`] runs the whole pipeline on one raw document:
//! [`clean::paragraphs`] (boilerplate out, hard-wrapped lines rejoined),
//! [`normalize::repair`] for the text people read, [`lang::identify`] on
//! each paragraph, then for Urdu paragraphs [`tokenize::tokens`] (with
//! offsets into the display text and an analysis-form `norm`),
//! [`segment::sentences`] (with [`segment::space_glued_sentences`]) and
//! [`normalize::analysis_of_tokens`].

pub mod chars;
pub mod clean;
pub mod lang;
pub mod lexicon;
pub mod normalize;
pub mod segment;
pub mod spelling;
pub mod tokenize;

use serde::ser::{Serialize, SerializeStruct, Serializer};

pub use lang::{ArabicScriptClassifier, Language, ScriptOnly};
pub use segment::Span;
pub use tokenize::{Token, TokenKind, Tokens};

/// One paragraph of the display text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    pub language: Language,
}

/// A document after analysis. All offsets are UTF-8 byte offsets into `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The display text: cleaned, in its original spelling, paragraphs
    /// separated by a blank line.
    pub text: String,
    /// The analysis form of the Urdu paragraphs, one per line; the tokens'
    /// norms are spans of it.
    pub normalized: String,
    /// Every paragraph with its language; only Urdu ones are segmented.
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Span>,
    pub tokens: Vec<Token>,
}

impl Analysis {
    /// The analysis form of one of the document's tokens.
    pub fn norm(&self, token: &Token) -> &str {
        token.norm(&self.normalized)
    }

    /// The analysis forms of the document's words and numbers, in order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.tokens
            .iter()
            .filter(|t| t.kind.is_word())
            .map(|t| self.norm(t))
    }
}

/// Analyzes one raw document. `model` tells Urdu from Persian and Arabic
/// where the script cannot; pass [`ScriptOnly`] to go without one.
pub fn analyze(raw: &str, model: &dyn ArabicScriptClassifier) -> Analysis {
    let repaired: Vec<(String, (lang::ScriptVerdict, usize))> = clean::paragraphs(raw)
        .into_iter()
        .map(normalize::repair)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let verdict = lang::by_script(&p);
            (p, verdict)
        })
        .collect();
    let document_language = dominant_language(repaired.iter().map(|(_, v)| *v));
    let mut analysis = Analysis {
        text: String::with_capacity(raw.len()),
        normalized: String::with_capacity(raw.len()),
        paragraphs: Vec::with_capacity(repaired.len()),
        sentences: Vec::new(),
        tokens: Vec::with_capacity(raw.len() / 6),
    };
    for (paragraph, verdict) in repaired {
        if !analysis.text.is_empty() {
            analysis.text.push_str("\n\n");
        }
        let language = lang::decide(&paragraph, verdict, model, document_language);
        if language == Language::Urdu {
            add_urdu_paragraph(&mut analysis, &paragraph);
        } else {
            let start = analysis.text.len();
            analysis.text.push_str(&paragraph);
            analysis.paragraphs.push(Paragraph {
                start,
                end: analysis.text.len(),
                language,
            });
        }
    }
    analysis
}

/// Segments an Urdu paragraph (in the display form but for the spaces
/// between glued sentences) and appends it to the analysis.
fn add_urdu_paragraph(analysis: &mut Analysis, paragraph: &str) {
    if !analysis.normalized.is_empty() {
        analysis.normalized.push('\n');
    }
    let offset = analysis.text.len();
    analysis.text.push_str(paragraph);
    let first = analysis.tokens.len();
    tokenize::tokenize_into(
        &analysis.text[offset..],
        offset,
        &mut analysis.tokens,
        &mut analysis.normalized,
    );
    let tokens = &mut analysis.tokens[first..];
    let mut sentences = segment::sentences(&analysis.text, tokens, &analysis.normalized);
    segment::space_glued_sentences(&mut analysis.text, tokens, &mut sentences);
    analysis.paragraphs.push(Paragraph {
        start: offset,
        end: analysis.text.len(),
        language: Language::Urdu,
    });
    analysis.sentences.extend(sentences);
}

/// The JSON form: tokens carry their norm as a string.
impl Serialize for Analysis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct TokenJson<'a> {
            start: usize,
            end: usize,
            kind: TokenKind,
            norm: &'a str,
        }
        struct TokensJson<'a>(&'a Analysis);
        impl Serialize for TokensJson<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.tokens.iter().map(|t| TokenJson {
                    start: t.start,
                    end: t.end,
                    kind: t.kind,
                    norm: self.0.norm(t),
                }))
            }
        }
        let mut s = serializer.serialize_struct("Analysis", 5)?;
        s.serialize_field("text", &self.text)?;
        s.serialize_field("normalized", &self.normalized)?;
        s.serialize_field("paragraphs", &self.paragraphs)?;
        s.serialize_field("sentences", &self.sentences)?;
        s.serialize_field("tokens", &TokensJson(self))?;
        s.end()
    }
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
