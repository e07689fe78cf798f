//! Search over the corpus: the index's hits with what a reader wants to see
//! of each article.

use anyhow::{Context, Result};
use khabar_search::{Filters, Snippet};
use serde::Serialize;

use crate::Corpus;

/// Characters of article text in a snippet.
const SNIPPET_CHARS: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub title: Option<String>,
    pub source: String,
    /// ISO 8601 (RFC 3339), in the article's own time zone.
    pub published: Option<String>,
    pub url: Option<String>,
    pub score: f32,
    /// Whether the article has every query word as written, or only
    /// spelling variants of some.
    pub exact: bool,
    /// The best stretch of the article; in JSON as HTML, escaped, with the
    /// matches in `<b>`.
    #[serde(serialize_with = "as_html")]
    pub snippet: Snippet,
}

fn as_html<S: serde::Serializer>(snippet: &Snippet, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&snippet.to_html())
}

impl Corpus {
    pub fn search(&self, query: &str, filters: &Filters, limit: usize) -> Result<SearchResults> {
        let results = self
            .index
            .search(query, filters, limit)
            .with_context(|| format!("searching {}", self.dir.display()))?;
        let mut hits = Vec::with_capacity(results.hits.len());
        for hit in results.hits {
            // An indexed article is always stored: the store commits first.
            let article = self
                .store
                .article(&hit.id)?
                .with_context(|| format!("article {} is in the index but not the store", hit.id))?;
            let snippet = results.highlighter.snippet(&article.text, SNIPPET_CHARS);
            hits.push(SearchHit {
                id: article.id,
                title: article.title,
                source: article.source,
                published: article.published,
                url: article.url,
                score: hit.score,
                exact: hit.exact,
                snippet,
            });
        }
        Ok(SearchResults {
            total: results.total,
            hits,
        })
    }
}
