//! The corpus-level step after each ingest run: copies, then stories.
//!
//! Each article's features (shingles with their MinHash band keys, and
//! terms) are stored with it. This step takes the articles beyond the mark
//! in `meta`, in published order; for each it finds copies among all the
//! articles before it (LSH candidates, checked exactly), puts it in a story
//! (its original's, if it is a copy; else the best match, else a new one),
//! and checks it against the other articles of its story too: rewritten
//! agency copy shares too little text to meet in an LSH bucket, but it
//! meets in the story. Earlier articles keep their stories and pairs; the
//! state they contribute (band keys, document frequencies, story centroids)
//! is read back, not recomputed. Everything is written in one transaction
//! with the new mark.

use std::time::{Duration, Instant};

use anyhow::Result;
use khabar_reuse::{Fingerprint, Lsh, Relation, Thresholds, compare};
use khabar_stories::{Clusterer, Settings, Terms};
use rayon::prelude::*;
use rusqlite::params;
use rustc_hash::FxHashMap;

use crate::features::{self, Features};
use crate::store::{Store, optional_text, text};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS features (
    article INTEGER PRIMARY KEY,
    fingerprint BLOB NOT NULL,
    terms BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS copies (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    relation TEXT NOT NULL,
    similarity REAL NOT NULL,
    a_in_b REAL NOT NULL,
    b_in_a REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS copies_by_b ON copies(b);
CREATE TABLE IF NOT EXISTS story_articles (
    article INTEGER PRIMARY KEY,
    story INTEGER NOT NULL,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS story_articles_by_story ON story_articles(story);
-- Copy pairs found for an article beyond the ones kept, counted.
CREATE TABLE IF NOT EXISTS copies_not_kept (
    article INTEGER PRIMARY KEY,
    pairs INTEGER NOT NULL
);
";

/// `meta` key: the last article sequence number placed in a story.
const THROUGH: &str = "stories_through";
/// LSH candidates checked per article, at most: a text repeated thousands
/// of times (a standard notice) must not make the step quadratic.
const CANDIDATES: usize = 200;
/// Story members an article is checked against, the latest ones.
const STORY_MATES: usize = 50;
/// Copy pairs kept for an article against those before it, the most
/// similar: a flood of near-duplicates would otherwise store hundreds of
/// pairs for each (the rest are counted in `copies_not_kept`).
pub const MAX_PAIRS_PER_ARTICLE: usize = 20;
/// An article goes to the story of the article it copies only if at least
/// this share of it is copied: a footer or a standard paragraph shared with
/// another article does not make it the same event.
const FOLLOWS_ORIGINAL: f64 = 0.5;

/// What an update did, and how long its two halves took.
#[derive(Debug, Clone, Default)]
pub struct UpdateSummary {
    pub articles: u64,
    pub copies: u64,
    /// Pairs found beyond [`MAX_PAIRS_PER_ARTICLE`] for an article.
    pub copies_not_kept: u64,
    pub stories_started: u64,
    pub stories: u64,
    pub copy_time: Duration,
    pub story_time: Duration,
}

/// A copy pair: the earlier article, the later, and how they compare.
type Pair = (i64, i64, khabar_reuse::Comparison);

struct Item {
    seq: i64,
    day: Option<i64>,
    fingerprint: Fingerprint,
    terms: Terms,
    story: Option<u64>,
}

impl Item {
    /// Published order: by day (undated last), then by arrival.
    fn order(&self) -> (i64, i64) {
        (self.day.unwrap_or(i64::MAX), self.seq)
    }
}

pub(crate) fn write_features(
    tx: &rusqlite::Transaction,
    seq: u64,
    features: &Features,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO features (article, fingerprint, terms) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        seq as i64,
        features.fingerprint.to_bytes(),
        features.terms.to_bytes()
    ])?;
    Ok(())
}

impl Store {
    /// Finds the copies and stories of the articles stored since the last
    /// update.
    pub fn update_stories(&mut self) -> Result<UpdateSummary> {
        let through = self.stories_mark()?;
        self.add_missing_features(through)?;
        let mut items = self.load_items()?;
        let mut summary = UpdateSummary::default();
        let Some(last) = items.iter().map(|i| i.seq).max().filter(|&l| l > through) else {
            return Ok(summary);
        };

        let started = Instant::now();
        let next_story = items
            .iter()
            .filter_map(|i| i.story)
            .max()
            .map_or(1, |s| s + 1);
        let mut clusterer = Clusterer::new(Settings::default(), next_story);
        let mut lsh = Lsh::new();
        let mut members: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        for item in &items {
            clusterer.count(&item.terms);
        }
        let mut new: Vec<u32> = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match item.story {
                Some(story) if item.seq <= through => {
                    clusterer.restore(story, item.day.map(|d| d as i32), &item.terms);
                    lsh.insert(index as u32, &item.fingerprint.bands);
                    members.entry(story).or_default().push(index as u32);
                }
                _ => new.push(index as u32),
            }
        }
        new.sort_by_key(|&i| items[i as usize].order());
        summary.story_time += started.elapsed();

        let thresholds = Thresholds::default();
        let mut pairs: Vec<Pair> = Vec::new();
        let mut placed: Vec<(i64, u64, f32)> = Vec::with_capacity(new.len());
        let mut not_kept: Vec<(i64, usize)> = Vec::new();
        for &index in &new {
            let clock = Instant::now();
            let item = &items[index as usize];
            let checked = lsh.candidates(&item.fingerprint.bands, CANDIDATES);
            let mut found = Vec::new();
            // The story of the article this one copies most.
            let mut original: Option<(f64, u64)> = None;
            let check = |other: u32, pairs: &mut Vec<_>| {
                let other_item = &items[other as usize];
                let (earlier, later) = if other_item.order() < item.order() {
                    (other_item, item)
                } else {
                    (item, other_item)
                };
                let order_known = matches!((earlier.day, later.day), (Some(a), Some(b)) if a != b);
                let c = compare(
                    &earlier.fingerprint.shingles,
                    &later.fingerprint.shingles,
                    &thresholds,
                    order_known,
                );
                if c.relation == Relation::None {
                    return None;
                }
                pairs.push((earlier.seq, later.seq, c));
                let share = if std::ptr::eq(later, item) {
                    c.containment_b_in_a
                } else {
                    c.containment_a_in_b
                };
                Some(share)
            };
            for &other in &checked {
                if let Some(share) = check(other, &mut found)
                    && share >= FOLLOWS_ORIGINAL
                    && let Some(story) = items[other as usize].story
                    && original.is_none_or(|(best, _)| share > best)
                {
                    original = Some((share, story));
                }
            }
            let copy_time = clock.elapsed();

            let clock = Instant::now();
            let assignment = clusterer.assign(
                item.day.map(|d| d as i32),
                &item.terms,
                original.map(|(_, story)| story),
            );
            summary.story_time += clock.elapsed();
            summary.stories_started += u64::from(assignment.started);
            placed.push((item.seq, assignment.story, assignment.score));

            let clock = Instant::now();
            let mates = members.entry(assignment.story).or_default();
            for &mate in mates.iter().rev().take(STORY_MATES) {
                if checked.binary_search(&mate).is_err() {
                    check(mate, &mut found);
                }
            }
            if found.len() > MAX_PAIRS_PER_ARTICLE {
                found.sort_by(|x: &Pair, y: &Pair| {
                    y.2.similarity
                        .total_cmp(&x.2.similarity)
                        .then(x.0.cmp(&y.0))
                });
                not_kept.push((item.seq, found.len() - MAX_PAIRS_PER_ARTICLE));
                found.truncate(MAX_PAIRS_PER_ARTICLE);
            }
            pairs.append(&mut found);
            mates.push(index);
            lsh.insert(index, &item.fingerprint.bands);
            summary.copy_time += copy_time + clock.elapsed();
            items[index as usize].story = Some(assignment.story);
        }

        let tx = self.conn.transaction()?;
        {
            let mut add_pair = tx.prepare_cached(
                "INSERT OR REPLACE INTO copies (a, b, relation, similarity, a_in_b, b_in_a)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (a, b, c) in &pairs {
                add_pair.execute(params![
                    a,
                    b,
                    c.relation.as_str(),
                    c.similarity,
                    c.containment_a_in_b,
                    c.containment_b_in_a
                ])?;
            }
            let mut place = tx.prepare_cached(
                "INSERT OR REPLACE INTO story_articles (article, story, score) VALUES (?1, ?2, ?3)",
            )?;
            for (seq, story, score) in &placed {
                place.execute(params![seq, *story as i64, score])?;
            }
            let mut count = tx.prepare_cached(
                "INSERT OR REPLACE INTO copies_not_kept (article, pairs) VALUES (?1, ?2)",
            )?;
            for (seq, n) in &not_kept {
                count.execute(params![seq, *n as i64])?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                params![THROUGH, last.to_string()],
            )?;
        }
        tx.commit()?;
        summary.articles = new.len() as u64;
        summary.copies = pairs.len() as u64;
        summary.copies_not_kept = not_kept.iter().map(|(_, n)| *n as u64).sum();
        summary.stories = clusterer.stories() as u64;
        Ok(summary)
    }

    /// Whether every stored article has its copies and story.
    pub fn stories_current(&self) -> Result<bool> {
        Ok(self.stories_mark()? as u64 >= self.last_seq()?)
    }

    /// The last article placed in a story (0 for none).
    pub(crate) fn stories_mark(&self) -> Result<i64> {
        Ok(self
            .meta(THROUGH)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// Computes the features of articles stored without them (by a Khabar
    /// before stories), analyzing their stored text again.
    pub(crate) fn add_missing_features(&mut self, through: i64) -> Result<()> {
        let missing: Vec<(i64, String, Option<String>)> = {
            let mut statement = self.conn.prepare(
                "SELECT a.seq, a.text, a.title FROM articles a
                 LEFT JOIN features f ON f.article = a.seq
                 WHERE f.article IS NULL AND a.seq > ?1",
            )?;
            let rows = statement.query_map(params![through], |row| {
                Ok((row.get(0)?, text(row, 1)?, optional_text(row, 2)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if missing.is_empty() {
            return Ok(());
        }
        let computed: Vec<(i64, Features)> = missing
            .par_iter()
            .map(|(seq, text, title)| {
                let analysis = khabar_text::analyze(text, &khabar_text::ScriptOnly);
                let facts = crate::facts::extract(&analysis, None);
                (*seq, features::of(&analysis, title.as_deref(), &facts))
            })
            .collect();
        let tx = self.conn.transaction()?;
        for (seq, features) in &computed {
            write_features(&tx, *seq as u64, features)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn load_items(&self) -> Result<Vec<Item>> {
        let mut statement = self.conn.prepare(
            "SELECT a.seq, a.day, f.fingerprint, f.terms, s.story FROM articles a
             JOIN features f ON f.article = a.seq
             LEFT JOIN story_articles s ON s.article = a.seq
             ORDER BY a.seq",
        )?;
        let rows = statement.query_map([], |row| {
            let fingerprint: Vec<u8> = row.get(2)?;
            let terms: Vec<u8> = row.get(3)?;
            Ok(Item {
                seq: row.get(0)?,
                day: row.get(1)?,
                fingerprint: Fingerprint::from_bytes(&fingerprint).unwrap_or_default(),
                terms: Terms::from_bytes(&terms).unwrap_or_default(),
                story: row.get::<_, Option<i64>>(4)?.map(|s| s as u64),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
