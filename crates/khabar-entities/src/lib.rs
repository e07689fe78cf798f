//! Entities: who and where a document names, and which names across a
//! corpus are one person, place or organisation.
//!
//! - [`document::find`] (pure: the analysis of one document in, mentions
//!   out) runs the tagger (`khabar-ner`) on each sentence and reads the
//!   document as a whole: honorifics, repeated names, chains of one key, and
//!   short forms joined to the fuller name the document gives.
//! - [`resolve::resolve`] takes the distinct names of a corpus with their
//!   counts and groups them into entities: spellings, diacritics, split
//!   words, known places ([`places`]), a letter off in a long word, a
//!   surname alone.
//! - [`names`] holds the keys both compare on.

pub mod document;
pub mod names;
pub mod places;
pub mod resolve;

pub use document::{Mention, find, strip_titles};
pub use khabar_ner::{EntityType, Tagger};
pub use names::NameKey;
pub use places::{Place, Places};
pub use resolve::{
    Entity, Member, NameCount, Resolution, describe, fuzzy_match, letter_off_buckets,
    letter_off_lookups, resolve, short_forms,
};

/// The type written as `PER`, `LOC` or `ORG` (any case).
pub fn parse_kind(code: &str) -> Option<EntityType> {
    EntityType::ALL
        .into_iter()
        .find(|k| k.code().eq_ignore_ascii_case(code))
}

/// Counts per type; the type with the most wins (persons, then places, on a
/// tie).
#[derive(Clone, Copy, Debug, Default)]
pub struct Votes([u64; 3]);

impl Votes {
    pub fn add(&mut self, kind: EntityType, count: u64) {
        let slot = EntityType::ALL.iter().position(|&k| k == kind).unwrap_or(0);
        self.0[slot] += count;
    }

    pub fn winner(&self) -> EntityType {
        let best = (0..3).max_by_key(|&k| (self.0[k], 3 - k)).unwrap_or(0);
        EntityType::ALL[best]
    }
}
