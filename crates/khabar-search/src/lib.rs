//! Urdu search for Khabar: an analyzer for tantivy built on the text core,
//! the index's schema, queries in two tiers (exact, then spelling variants)
//! and snippets.
//!
//! - [`analyzer`]: `UrduTokenizer` and the `SpellingVariants` filter.
//! - [`index`]: the schema, `SearchIndex` (open, search) and `Indexer`
//!   (add, commit with a mark that keeps the index in step with the store).
//! - [`query`]: the query language (words, "quoted phrases") and search.
//! - [`snippet`]: the best stretch of an article with the matches marked.

/// The version of what the index holds (analyzers and schema). Bump it
/// with any change that alters the terms of a text: indexes of another
/// version are rebuilt from the article store.
pub const ANALYSIS_VERSION: u32 = 1;

pub mod analyzer;
mod guard;
pub mod index;
pub mod query;
mod read_only;
pub mod snippet;

pub use index::{IndexedArticle, Indexer, SearchIndex};
pub use query::{Filters, Hit, MAX_HITS, MAX_QUERY_CHARS, MAX_QUERY_WORDS, Results, SearchError};
pub use snippet::{Highlighter, PartPattern, Snippet};
pub use tantivy::TantivyError;
