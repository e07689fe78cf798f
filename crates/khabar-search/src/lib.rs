//! Urdu search for Khabar: an analyzer for tantivy built on the text core,
//! the index's schema, queries in two tiers (exact, then spelling variants)
//! and snippets.
//!
//! - [`analyzer`]: `UrduTokenizer` and the `SpellingVariants` filter.
//! - [`index`]: the schema, `SearchIndex` (open, search) and `Indexer`
//!   (add, commit with a mark that keeps the index in step with the store).
//! - [`query`]: the query language (words, "quoted phrases") and search.
//! - [`snippet`]: the best stretch of an article with the matches marked.

pub mod analyzer;
pub mod index;
pub mod query;
pub mod snippet;

pub use index::{IndexedArticle, Indexer, SearchIndex};
pub use query::{Filters, Hit, Results};
pub use snippet::{Highlighter, PartPattern, Snippet};
pub use tantivy::TantivyError;
