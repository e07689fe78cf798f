//! Search over the corpus: the index's hits with what a reader wants to see
//! of each article.

use anyhow::{Result, bail};
use khabar_search::{Filters, SearchError, Snippet};
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
    /// The best `limit` articles for `query`. A search that finds the index
    /// damaged rebuilds it from the store and searches again, if this
    /// process may write; otherwise it fails saying what to do. A request
    /// the index cannot run (a query too long) fails with a
    /// [`SearchError::Request`] in the error's chain.
    pub fn search(
        &mut self,
        query: &str,
        filters: &Filters,
        limit: usize,
    ) -> Result<SearchResults> {
        let damaged = match self.search_once(query, filters, limit) {
            Err(error) => match error.downcast::<SearchError>() {
                Ok(SearchError::Index(message)) => message,
                Ok(request) => return Err(request.into()),
                Err(error) => match error.downcast::<Unindexed>() {
                    Ok(Unindexed(id)) => format!("it lists article {id}, which is not stored"),
                    Err(error) => return Err(error),
                },
            },
            found => return found,
        };
        let index_dir = crate::index_dir(&self.dir);
        let mut reasons = self.index.damage();
        reasons.insert(0, damaged);
        let reasons = reasons.join("; ");
        if !self.try_lock() {
            bail!(
                "{}: the search index is damaged ({reasons}); it is rebuilt from the article \
                 store by the next khabar command that can write to {} (`khabar check \
                 --repair`), or remove that directory and it is rebuilt",
                index_dir.display(),
                self.dir.display()
            );
        }
        self.notes.push(format!(
            "{}: the search index was damaged ({reasons}); rebuilt it from the article store",
            index_dir.display()
        ));
        self.rebuild_index()?;
        self.search_once(query, filters, limit)
    }

    fn search_once(&self, query: &str, filters: &Filters, limit: usize) -> Result<SearchResults> {
        let results = self.index.search(query, filters, limit)?;
        let mut hits = Vec::with_capacity(results.hits.len());
        for hit in results.hits {
            // An indexed article is always stored (the store commits
            // first), unless the index is damaged.
            let article = self
                .store
                .article(&hit.id)?
                .ok_or_else(|| Unindexed(hit.id.clone()))?;
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

/// A hit whose article is not in the store: a sign of a damaged index.
#[derive(Debug)]
struct Unindexed(String);

impl std::fmt::Display for Unindexed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "article {:?} is in the index but not the store", self.0)
    }
}

impl std::error::Error for Unindexed {}
