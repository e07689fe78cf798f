//! Stories: the articles that report one event.
//!
//! [`Terms::of`] reduces a document to what clustering needs (hashed content
//! words and entity names, counted), a pure function computed once per
//! article. [`Clusterer`] takes articles one at a time, in published order,
//! and puts each in the story it matches best, or starts a story: the match
//! is the cosine between the article's tf-idf vector (document frequencies
//! of the articles up to it, over a [`Background`]) and the story's
//! centroid, lowered by the days between them. A story's id is fixed when it
//! starts, so ids stay stable as articles arrive. [`summary`] picks a
//! story's summary sentences.

mod background;
mod cluster;
mod postings;
mod summary;
mod terms;

pub use background::Background;
pub use cluster::{Assignment, Clusterer, Settings, StoryState, UNDATED_KEPT};
pub use summary::{Candidate, summary};
pub use terms::Terms;
