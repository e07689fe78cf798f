//! Queries: what a user types, turned into two tiers of tantivy queries.
//!
//! A query is words and quoted phrases; an article must match every one of
//! them, in its title or its body (BM25, a title match counting double).
//! Hits come in two tiers. Exact hits match every part in analysis form
//! (diacritics, letter forms and digits already folded, so اُن is ان).
//! Variant hits match every part only by spelling variant: the same
//! consonant skeleton (پوتن for پوٹن), or for long names one letter off in
//! the skeleton (ووستوخنی for ووسٹوچنی). Variant hits always rank below exact
//! ones, whatever their scores.

use std::collections::HashSet;
use std::ops::Bound;

use khabar_text::spelling::skeleton;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::analyzer;
use crate::index::{Fields, SearchIndex};
use crate::snippet::{Highlighter, PartPattern};

/// How much more a match in the title counts than one in the body.
const TITLE_BOOST: f32 = 2.0;
/// Skeletons of at least this many letters also match one letter off: long
/// enough that a one-letter difference is a spelling, not another word.
const FUZZY_MIN_LETTERS: usize = 6;
/// ... and only when the word is rare: in at most one article in this many
/// (or in at most `RARE_MIN_ARTICLES`). A one-letter-off spelling is how a
/// rare name gets misspelt; a common word's spelling is settled, and
/// expanding it would cost time for nothing.
const RARE_ONE_IN: u64 = 1000;
const RARE_MIN_ARTICLES: u64 = 10;
/// Skeletons shorter than this are too common to say anything: such a word
/// matches only exactly.
const VARIANT_MIN_LETTERS: usize = 2;

/// The longest query taken, in characters, and the most words in it: a
/// search is for a name or an event, not for a pasted article, and each
/// word costs term lookups (and for a rare long one a fuzzy automaton).
pub const MAX_QUERY_CHARS: usize = 1000;
pub const MAX_QUERY_WORDS: usize = 32;
/// The most hits one search returns (as Elasticsearch's result window).
pub const MAX_HITS: usize = 10_000;

/// Why a search failed.
#[derive(Debug)]
pub enum SearchError {
    /// The request cannot be run as asked (a query too long, too many hits
    /// asked for): the asker's to change.
    Request(String),
    /// The index could not be read: damaged or missing files.
    Index(String),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::Request(message) => f.write_str(message),
            SearchError::Index(message) => write!(f, "the index cannot be read: {message}"),
        }
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(error: tantivy::TantivyError) -> Self {
        SearchError::Index(error.to_string())
    }
}

/// One part of a query as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Word(String),
    Phrase(String),
}

/// Splits a query into words and quoted phrases ("…", “…”, «…»). An
/// unclosed quote runs to the end of the query.
pub fn parse(query: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = query;
    while let Some(open) = rest.find(['"', '“', '«', '”']) {
        parts.extend(words(&rest[..open]));
        let after = &rest[open + rest[open..].chars().next().map_or(1, char::len_utf8)..];
        let close = after.find(['"', '”', '»', '“']).unwrap_or(after.len());
        let phrase = after[..close].trim();
        if !phrase.is_empty() {
            parts.push(Part::Phrase(phrase.to_string()));
        }
        rest = after[close..]
            .char_indices()
            .nth(1)
            .map_or("", |(i, _)| &after[close + i..]);
    }
    parts.extend(words(rest));
    parts
}

fn words(text: &str) -> impl Iterator<Item = Part> + '_ {
    text.split_whitespace().map(|w| Part::Word(w.to_string()))
}

/// Restrictions on the articles a search may return.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// The source's name, lowercase.
    pub source: Option<String>,
    /// First and last publication day, inclusive, in days since 1970-01-01.
    pub from_day: Option<i64>,
    pub to_day: Option<i64>,
    /// Only these articles (by id), e.g. those naming an entity.
    pub ids: Option<Vec<String>>,
}

/// One search result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub id: String,
    pub score: f32,
    /// Whether the article matched every part exactly, or only by spelling
    /// variant.
    pub exact: bool,
}

#[derive(Debug, Clone)]
pub struct Results {
    /// How many articles match, in both tiers.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Marks the query's words in an article's text.
    pub highlighter: Highlighter,
}

/// The terms of one query part, in both analyses.
struct AnalyzedPart {
    exact: Vec<String>,
    skeletons: Vec<String>,
    /// Whether the part also matches one letter off in its skeleton.
    fuzzy: bool,
}

impl SearchIndex {
    /// The best `limit` articles for a query, exact hits first. A damaged
    /// index gives an error, never a panic, though what it says may be
    /// wrong: [`SearchIndex::damage`] tells.
    pub fn search(
        &self,
        query: &str,
        filters: &Filters,
        limit: usize,
    ) -> Result<Results, SearchError> {
        if limit > MAX_HITS {
            return Err(SearchError::Request(format!(
                "{limit} hits asked for; a search returns at most {MAX_HITS}"
            )));
        }
        let chars = query.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(SearchError::Request(format!(
                "the query has {chars} characters; at most {MAX_QUERY_CHARS} are taken"
            )));
        }
        crate::guard::catching_panics(|| self.run(query, filters, limit))
            .map_err(SearchError::Index)?
    }

    fn run(&self, query: &str, filters: &Filters, limit: usize) -> Result<Results, SearchError> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let parts = self.analyze_query(&searcher, query)?;
        let words: usize = parts.iter().map(|p| p.exact.len()).sum();
        if words > MAX_QUERY_WORDS {
            return Err(SearchError::Request(format!(
                "the query has {words} words; at most {MAX_QUERY_WORDS} are taken"
            )));
        }
        let highlighter = Highlighter::new(
            parts
                .iter()
                .map(|p| PartPattern {
                    exact: p.exact.clone(),
                    skeletons: p.has_variants().then(|| p.skeletons.clone()),
                    fuzzy: p.fuzzy,
                })
                .collect(),
        );
        if parts.is_empty() {
            return Ok(Results {
                total: 0,
                hits: Vec::new(),
                highlighter,
            });
        }
        let filters = filter_clauses(&f, filters);
        let exact_parts: Vec<Box<dyn Query>> = parts.iter().map(|p| exact_match(&f, p)).collect();
        let exact_query = all_of(exact_parts.iter().map(|q| q.box_clone()), Vec::new());
        let variant_query = all_of(
            parts
                .iter()
                .zip(&exact_parts)
                .map(|(p, exact)| variant_match(&f, p, exact.box_clone())),
            Vec::new(),
        );
        // The variant tier is what matches either query less the exact
        // matches, counted as a difference and ranked by its variant score:
        // the exact query is neither counted on its own nor excluded (which
        // would seek it at every variant match).
        let either_query = with_filters(
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, variant_query),
                (Occur::Should, exact_query.box_clone()),
            ])),
            &filters,
        );
        let exact_query = with_filters(exact_query, &filters);

        let top = searcher.search(
            &exact_query,
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
        )?;
        let mut hits = Vec::with_capacity(limit);
        let mut exact_addresses = HashSet::new();
        for (score, address) in top.into_iter().take(limit) {
            hits.push(self.hit(&searcher, address, score, true)?);
            exact_addresses.insert(address);
        }
        let room = limit - hits.len();
        // With room left, every exact match is among the hits already.
        let (top, total) = if room == 0 {
            (Vec::new(), searcher.search(&either_query, &Count)?)
        } else {
            searcher.search(
                &either_query,
                &(
                    TopDocs::with_limit(room + exact_addresses.len()).order_by_score(),
                    Count,
                ),
            )?
        };
        for (score, address) in top
            .into_iter()
            .filter(|(_, address)| !exact_addresses.contains(address))
            .take(room)
        {
            hits.push(self.hit(&searcher, address, score, false)?);
        }
        Ok(Results {
            total,
            hits,
            highlighter,
        })
    }

    /// The query's parts in both analyses; parts with no word (only
    /// punctuation) are left out.
    fn analyze_query(
        &self,
        searcher: &tantivy::Searcher,
        query: &str,
    ) -> tantivy::Result<Vec<AnalyzedPart>> {
        let rare = (searcher.num_docs() / RARE_ONE_IN).max(RARE_MIN_ARTICLES);
        let mut exact_analyzer = analyzer::urdu();
        let mut parts = Vec::new();
        for part in parse(query) {
            let (Part::Word(text) | Part::Phrase(text)) = &part;
            let exact = analyzer::terms(&mut exact_analyzer, text);
            if exact.is_empty() {
                continue;
            }
            // What the variant analyzer makes of the same words.
            let skeletons: Vec<String> = exact.iter().map(|t| skeleton(t)).collect();
            let fuzzy = match skeletons.as_slice() {
                [skeleton] if skeleton.chars().count() >= FUZZY_MIN_LETTERS => {
                    let term = Term::from_field_text(self.fields.body_variants, skeleton);
                    searcher.doc_freq(&term)? <= rare
                }
                _ => false,
            };
            parts.push(AnalyzedPart {
                exact,
                skeletons,
                fuzzy,
            });
        }
        Ok(parts)
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        address: tantivy::DocAddress,
        score: f32,
        exact: bool,
    ) -> tantivy::Result<Hit> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let id = doc
            .get_first(self.fields.id)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        Ok(Hit { id, score, exact })
    }
}

fn all_of(
    musts: impl Iterator<Item = Box<dyn Query>>,
    mut others: Vec<(Occur, Box<dyn Query>)>,
) -> Box<dyn Query> {
    others.extend(musts.map(|q| (Occur::Must, q)));
    Box::new(BooleanQuery::new(others))
}

fn with_filters(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(filters.iter().map(|q| {
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(q.box_clone(), 0.0)) as Box<dyn Query>,
        )
    }));
    Box::new(BooleanQuery::new(clauses))
}

fn filter_clauses(f: &Fields, filters: &Filters) -> Vec<Box<dyn Query>> {
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    if let Some(source) = &filters.source {
        clauses.push(Box::new(TermQuery::new(
            Term::from_field_text(f.source, &source.to_lowercase()),
            IndexRecordOption::Basic,
        )));
    }
    if filters.from_day.is_some() || filters.to_day.is_some() {
        let bound = |day: Option<i64>| match day {
            Some(day) => Bound::Included(Term::from_field_i64(f.day, day)),
            None => Bound::Unbounded,
        };
        clauses.push(Box::new(RangeQuery::new(
            bound(filters.from_day),
            bound(filters.to_day),
        )));
    }
    if let Some(ids) = &filters.ids {
        clauses.push(Box::new(TermSetQuery::new(
            ids.iter().map(|id| Term::from_field_text(f.id, id)),
        )));
    }
    clauses
}

/// A part in the title or the body, in analysis form.
fn exact_match(f: &Fields, part: &AnalyzedPart) -> Box<dyn Query> {
    in_title_or_body(
        sequence(f.title, &part.exact),
        sequence(f.body, &part.exact),
    )
}

impl AnalyzedPart {
    /// Whether spelling variants count: not for a single word whose
    /// skeleton says too little.
    fn has_variants(&self) -> bool {
        !matches!(self.skeletons.as_slice(), [skeleton] if skeleton.chars().count() < VARIANT_MIN_LETTERS)
    }
}

/// A part by spelling variant: an exact match is one too, since a word
/// has its own skeleton.
fn variant_match(f: &Fields, part: &AnalyzedPart, exact: Box<dyn Query>) -> Box<dyn Query> {
    if !part.has_variants() {
        return exact;
    }
    let by_skeleton = in_title_or_body(
        sequence(f.title_variants, &part.skeletons),
        sequence(f.body_variants, &part.skeletons),
    );
    let [skeleton] = part.skeletons.as_slice() else {
        return by_skeleton;
    };
    if !part.fuzzy {
        return by_skeleton;
    }
    let one_off = |field| -> Box<dyn Query> {
        Box::new(FuzzyTermQuery::new(
            Term::from_field_text(field, skeleton),
            1,
            false,
        ))
    };
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, by_skeleton),
        (
            Occur::Should,
            in_title_or_body(one_off(f.title_variants), one_off(f.body_variants)),
        ),
    ]))
}

fn in_title_or_body(title: Box<dyn Query>, body: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, Box::new(BoostQuery::new(title, TITLE_BOOST))),
        (Occur::Should, body),
    ]))
}

/// One term, or a phrase of several.
fn sequence(field: Field, terms: &[String]) -> Box<dyn Query> {
    let mut terms: Vec<Term> = terms
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    if terms.len() == 1
        && let Some(term) = terms.pop()
    {
        return Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
    }
    Box::new(PhraseQuery::new(terms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_split_into_words_and_quoted_phrases() {
        assert_eq!(
            parse(r#"پوتن "کم جونگ اُن"  ملاقات “خلائی مرکز” «روس"#),
            vec![
                Part::Word("پوتن".into()),
                Part::Phrase("کم جونگ اُن".into()),
                Part::Word("ملاقات".into()),
                Part::Phrase("خلائی مرکز".into()),
                Part::Phrase("روس".into()),
            ]
        );
        assert_eq!(parse(r#""" a"#), vec![Part::Word("a".into())]);
        assert!(parse("  ").is_empty());
    }
}
