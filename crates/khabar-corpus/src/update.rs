//! The corpus-level step after each ingest run: copies, then stories.
//!
//! Each article's features (shingles with their MinHash band keys, and
//! terms) are stored with it. This step takes the articles not yet placed
//! in a story, in published order; for each it finds copies among all the
//! articles placed before it (the LSH candidates from the stored band
//! table, checked exactly against their stored shingles, read on demand),
//! puts it in a story (its original's, if it is a copy; else the best
//! match, else a new one), and checks it against the other articles of its
//! story too: rewritten agency copy shares too little text to meet in an
//! LSH bucket, but it meets in the story. Earlier articles keep their
//! stories and pairs.
//!
//! What an update costs is what its batch brings: the candidates come from
//! the stored buckets, the stories from their stored state (centroid, norm,
//! days; table `story_state`), loaded for those that the batch's articles
//! can join, found by their first day; and the document frequencies of the
//! batch's terms from `term_df`. Every article is placed as if the corpus
//! had come in one batch: its story vector uses the document frequencies of
//! the articles placed up to it, and the stories it can join are exactly
//! those it could join in one batch, so the copies and stories of a corpus
//! that arrives in published order do not depend on how it was split into
//! batches. Everything is written in one transaction with the new mark.

use std::time::{Duration, Instant};

use anyhow::Result;
use khabar_reuse::{
    BUCKET_TAIL, Fingerprint, Lsh, Relation, Thresholds, band_key, compare, strongest,
};
use khabar_stories::{Background, Clusterer, Settings, StoryState, Terms, UNDATED_KEPT};
use rayon::prelude::*;
use rusqlite::{OptionalExtension, Transaction, params};
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
-- Each article's story, and its rank in the order articles were placed.
CREATE TABLE IF NOT EXISTS story_articles (
    article INTEGER PRIMARY KEY,
    story INTEGER NOT NULL,
    score REAL NOT NULL,
    placed INTEGER NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS story_articles_by_story ON story_articles(story, placed);
-- Each story's size and last day, kept as articles are placed, so that the
-- story list reads the largest stories from an index.
CREATE TABLE IF NOT EXISTS story_sizes (
    story INTEGER PRIMARY KEY,
    articles INTEGER NOT NULL,
    last_day INTEGER
);
CREATE INDEX IF NOT EXISTS story_sizes_by_size ON story_sizes(articles DESC, last_day DESC, story);
-- Copy pairs found for an article beyond the ones kept, counted.
CREATE TABLE IF NOT EXISTS copies_not_kept (
    article INTEGER PRIMARY KEY,
    pairs INTEGER NOT NULL
);
-- Each story as the clusterer keeps it (khabar_stories::StoryState), found
-- by its first day: an update loads the stories its articles can join.
CREATE TABLE IF NOT EXISTS story_state (
    story INTEGER PRIMARY KEY,
    first_day INTEGER,
    last_day INTEGER,
    norm2 REAL NOT NULL,
    centroid BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS story_state_by_first_day ON story_state(first_day);
-- Document frequencies of story terms among the placed articles.
CREATE TABLE IF NOT EXISTS term_df (
    term INTEGER PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
-- The LSH buckets: the placed articles under each band key.
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL,
    placed INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (key, placed)
) WITHOUT ROWID;
";

/// What a store of schema 3 or 4 loses on its way to 5: its copies and
/// stories, found again in one batch by the next update (they had no
/// placement order, band table or stored story state).
pub const UPGRADE_TO_5: &str = "
DROP TABLE IF EXISTS story_articles;
DROP TABLE IF EXISTS copies;
DROP TABLE IF EXISTS copies_not_kept;
DELETE FROM meta WHERE key = 'stories_through';
";

/// The story sizes counted afresh from the stories' articles: for a store
/// made before they were kept (schema 6), and after `check --repair` has
/// deleted the articles of lost stories.
pub const COUNT_STORY_SIZES: &str = "
DELETE FROM story_sizes;
INSERT INTO story_sizes (story, articles, last_day)
    SELECT s.story, COUNT(*), MAX(a.day) FROM story_articles s
    JOIN articles a ON a.seq = s.article GROUP BY s.story;
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

/// An article about to be placed.
struct Item {
    seq: i64,
    day: Option<i64>,
    fingerprint: Fingerprint,
    terms: Terms,
}

/// An article placed before, as a copy candidate.
struct Placed<'a> {
    seq: i64,
    day: Option<i64>,
    story: u64,
    shingles: &'a [u32],
}

/// An article placed by an earlier update, as read from the store.
struct StoredArticle {
    seq: i64,
    day: Option<i64>,
    story: u64,
    shingles: Vec<u32>,
}

/// The articles of earlier updates read as copy candidates, kept for the
/// rest of the update: the members of a growing story are checked again
/// for each article that joins it.
#[derive(Default)]
struct ReadBefore(FxHashMap<i64, StoredArticle>);

/// Articles of earlier updates kept in memory at most (their shingles take
/// some 1.5 KB each).
const READ_BEFORE_KEPT: usize = 50_000;

impl ReadBefore {
    /// Reads those of `ranks` (placement ranks up to `before`) not held.
    fn read(&mut self, tx: &Transaction, before: i64, ranks: &[i64]) -> Result<()> {
        if self.0.len() + ranks.len() > READ_BEFORE_KEPT {
            self.0.clear();
        }
        for &rank in ranks {
            if rank <= before && !self.0.contains_key(&rank) {
                self.0.insert(rank, placed_article(tx, rank)?);
            }
        }
        Ok(())
    }

    /// The article placed at `rank`: one of this update's, placed `placed`
    /// (their index in `items` and their story), or one read before.
    fn view<'a>(
        &'a self,
        rank: i64,
        before: i64,
        placed: &[(usize, u64)],
        items: &'a [Item],
    ) -> Placed<'a> {
        match usize::try_from(rank - before - 1) {
            Ok(k) => {
                let (index, story) = placed[k];
                let other = &items[index];
                Placed {
                    seq: other.seq,
                    day: other.day,
                    story,
                    shingles: &other.fingerprint.shingles,
                }
            }
            Err(_) => {
                let other = &self.0[&rank];
                Placed {
                    seq: other.seq,
                    day: other.day,
                    story: other.story,
                    shingles: &other.shingles,
                }
            }
        }
    }
}

/// Published order: by day (undated last), then by arrival.
fn order(day: Option<i64>, seq: i64) -> (i64, i64) {
    (day.unwrap_or(i64::MAX), seq)
}

pub(crate) fn write_features(tx: &Transaction, seq: u64, features: &Features) -> Result<()> {
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
        let mut summary = UpdateSummary::default();
        let last = self.last_seq()? as i64;
        if last <= through {
            return Ok(summary);
        }
        let tx = self.conn.transaction()?;

        let started = Instant::now();
        let mut items = unplaced(&tx)?;
        crate::store::cache_for(&tx, items.len())?;
        items.sort_by_key(|item| order(item.day, item.seq));
        let terms = batch_terms(&items);
        // Placement ranks run from 1 without gaps: the last is the number
        // of articles placed.
        let before: i64 = tx.query_row(
            "SELECT COALESCE(MAX(placed), 0) FROM story_articles",
            [],
            |row| row.get(0),
        )?;
        let mut clusterer = load_stories(&tx, &items, &terms, before)?;
        let mut buckets = Buckets::new(before);
        let mut read_before = ReadBefore::default();
        // This update's articles, by placement: their index in `items` and
        // their story.
        let mut placed: Vec<(usize, u64)> = Vec::with_capacity(items.len());
        summary.story_time += started.elapsed();

        let thresholds = Thresholds::default();
        let mut not_kept = 0u64;
        for (index, item) in items.iter().enumerate() {
            if let Some(day) = item.day {
                let clock = Instant::now();
                clusterer.retire_before(day as i32);
                for story in clusterer.take_retired() {
                    store_story(&tx, &story)?;
                }
                summary.story_time += clock.elapsed();
            }
            let clock = Instant::now();
            buckets.read_ahead(&tx, &items, index)?;
            let checked = buckets.candidates(&item.fingerprint.bands);
            read_before.read(&tx, before, &checked)?;
            let mut found: Vec<Pair> = Vec::new();
            // The story of the article this one copies most.
            let mut original: Option<(f64, u64)> = None;
            let check = |other: &Placed, found: &mut Vec<Pair>| {
                let item_first = order(item.day, item.seq) < order(other.day, other.seq);
                let (earlier, later) = if item_first {
                    (
                        (item.day, item.seq, &item.fingerprint.shingles[..]),
                        (other.day, other.seq, other.shingles),
                    )
                } else {
                    (
                        (other.day, other.seq, other.shingles),
                        (item.day, item.seq, &item.fingerprint.shingles[..]),
                    )
                };
                let order_known = matches!((earlier.0, later.0), (Some(a), Some(b)) if a != b);
                let c = compare(earlier.2, later.2, &thresholds, order_known);
                if c.relation == Relation::None {
                    return None;
                }
                found.push((earlier.1, later.1, c));
                Some(if item_first {
                    c.containment_a_in_b
                } else {
                    c.containment_b_in_a
                })
            };
            for &rank in &checked {
                let other = read_before.view(rank, before, &placed, &items);
                if let Some(share) = check(&other, &mut found)
                    && share >= FOLLOWS_ORIGINAL
                    && original.is_none_or(|(best, _)| share > best)
                {
                    original = Some((share, other.story));
                }
            }
            let copy_time = clock.elapsed();

            let clock = Instant::now();
            clusterer.count(&item.terms);
            let assignment = clusterer.assign(
                item.day.map(|d| d as i32),
                &item.terms,
                original.map(|(_, story)| story),
            );
            summary.story_time += clock.elapsed();
            summary.stories_started += u64::from(assignment.started);

            let clock = Instant::now();
            let mates: Vec<i64> = story_mates(&tx, assignment.story)?
                .into_iter()
                .filter(|rank| checked.binary_search(rank).is_err())
                .collect();
            read_before.read(&tx, before, &mates)?;
            for rank in mates {
                check(&read_before.view(rank, before, &placed, &items), &mut found);
            }
            if found.len() > MAX_PAIRS_PER_ARTICLE {
                found.sort_by(|x: &Pair, y: &Pair| {
                    y.2.similarity
                        .total_cmp(&x.2.similarity)
                        .then(x.0.cmp(&y.0))
                });
                let extra = found.len() - MAX_PAIRS_PER_ARTICLE;
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO copies_not_kept (article, pairs) VALUES (?1, ?2)",
                )?
                .execute(params![item.seq, extra as i64])?;
                not_kept += extra as u64;
                found.truncate(MAX_PAIRS_PER_ARTICLE);
            }
            write_pairs(&tx, &found)?;
            summary.copies += found.len() as u64;
            let rank = before + 1 + placed.len() as i64;
            place(&tx, item, assignment.story, assignment.score, rank)?;
            buckets.insert(&tx, rank, item)?;
            placed.push((index, assignment.story));
            summary.copy_time += copy_time + clock.elapsed();
        }

        let clock = Instant::now();
        buckets.store(&tx)?;
        summary.copy_time += clock.elapsed();
        let clock = Instant::now();
        store_frequencies(&tx, &clusterer, &terms)?;
        for story in clusterer.finish() {
            store_story(&tx, &story)?;
        }
        summary.story_time += clock.elapsed();
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![THROUGH, last.to_string()],
        )?;
        summary.stories = tx.query_row(
            "SELECT COALESCE(MAX(story), 0) FROM story_state",
            [],
            |row| row.get::<_, i64>(0),
        )? as u64;
        tx.commit()?;
        summary.articles = items.len() as u64;
        summary.copies_not_kept = not_kept;
        Ok(summary)
    }

    /// The document frequencies of the stored articles' story terms: the
    /// background that `khabar train background` embeds.
    pub fn background(&self) -> Result<Background> {
        let mut statement = self.conn.prepare("SELECT terms FROM features")?;
        let rows = statement.query_map([], |row| {
            Ok(Terms::from_bytes(row.get_ref(0)?.as_blob()?).unwrap_or_default())
        })?;
        let terms = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Background::of(&terms))
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
}

/// The clusterer as the last update left it, after `placed` articles, for
/// the articles of `items`: the document frequencies of their `terms`, and
/// the stories they can join
/// (those whose first day is within a story's span of an article's day,
/// through the index on it; and for undated articles, the newest undated
/// stories too).
fn load_stories(tx: &Transaction, items: &[Item], terms: &[u32], placed: i64) -> Result<Clusterer> {
    let settings = Settings::default();
    let mut df = FxHashMap::default();
    {
        let mut frequency = tx.prepare_cached("SELECT df FROM term_df WHERE term = ?1")?;
        for &term in terms {
            if let Some(count) = frequency
                .query_row(params![term], |row| row.get::<_, u32>(0))
                .optional()?
            {
                df.insert(term, count);
            }
        }
    }
    let next_story: i64 = tx.query_row(
        "SELECT COALESCE(MAX(story), 0) + 1 FROM story_state",
        [],
        |row| row.get(0),
    )?;
    let mut clusterer = Clusterer::new(
        settings,
        next_story as u64,
        Background::embedded(),
        u32::try_from(placed)?,
        df,
    );
    // A story an article of day d can join began within a span of d. The
    // windows of the batch's days, merged: a batch with one old article
    // reads the stories of its weeks, not every story since. Undated
    // articles come last and join what the latest dated one could.
    let mut days: Vec<i64> = items.iter().filter_map(|item| item.day).collect();
    let undated = items.iter().any(|item| item.day.is_none());
    if undated {
        // The latest day is among the stories that began within a span of
        // the latest first day (found through the index).
        let latest: Option<i64> = tx.query_row(
            "SELECT MAX(last_day) FROM story_state
             WHERE first_day >= (SELECT MAX(first_day) FROM story_state) - ?1",
            params![settings.max_span_days],
            |row| row.get(0),
        )?;
        let newest = latest.into_iter().chain(days.iter().copied()).max();
        days.extend(newest);
    }
    days.sort_unstable();
    let span = i64::from(settings.max_span_days);
    let mut windows: Vec<(i64, i64)> = Vec::new();
    for day in days {
        match windows.last_mut() {
            Some((_, end)) if day - span <= *end => *end = day + span,
            _ => windows.push((day - span, day + span)),
        }
    }
    for (from, to) in windows {
        load_stored(
            tx,
            &mut clusterer,
            "WHERE first_day BETWEEN ?1 AND ?2",
            params![from, to],
        )?;
    }
    if undated {
        load_stored(
            tx,
            &mut clusterer,
            "WHERE first_day IS NULL ORDER BY story DESC LIMIT ?1",
            params![UNDATED_KEPT as i64],
        )?;
    }
    Ok(clusterer)
}

/// Loads the stored stories that `condition` selects.
fn load_stored(
    tx: &Transaction,
    clusterer: &mut Clusterer,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<()> {
    let mut statement = tx.prepare_cached(&format!(
        "SELECT story, first_day, last_day, norm2, centroid FROM story_state {condition}"
    ))?;
    let mut rows = statement.query(params)?;
    while let Some(row) = rows.next()? {
        let days = match (row.get::<_, Option<i64>>(1)?, row.get::<_, Option<i64>>(2)?) {
            (Some(first), Some(last)) => Some((first as i32, last as i32)),
            _ => None,
        };
        clusterer.load(StoryState {
            id: row.get::<_, i64>(0)? as u64,
            days,
            norm2: row.get::<_, f64>(3)? as f32,
            centroid: StoryState::centroid_from_bytes(row.get_ref(4)?.as_blob()?)
                .unwrap_or_default(),
        });
    }
    Ok(())
}

/// Every term of the articles of a batch, once.
fn batch_terms(items: &[Item]) -> Vec<u32> {
    let mut terms: Vec<u32> = items
        .iter()
        .flat_map(|item| item.terms.0.iter().map(|&(term, _)| term))
        .collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

fn store_story(tx: &Transaction, story: &StoryState) -> Result<()> {
    let (first, last) = story.days.unzip();
    tx.prepare_cached(
        "INSERT OR REPLACE INTO story_state (story, first_day, last_day, norm2, centroid)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        story.id as i64,
        first,
        last,
        f64::from(story.norm2),
        story.centroid_bytes()
    ])?;
    Ok(())
}

/// The document frequencies of the batch's terms, as they now stand.
fn store_frequencies(tx: &Transaction, clusterer: &Clusterer, terms: &[u32]) -> Result<()> {
    let mut write =
        tx.prepare_cached("INSERT OR REPLACE INTO term_df (term, df) VALUES (?1, ?2)")?;
    for &term in terms {
        write.execute(params![term, clusterer.document_frequency(term)])?;
    }
    Ok(())
}

/// The stored articles in no story yet, with their features.
fn unplaced(tx: &Transaction) -> Result<Vec<Item>> {
    let mut statement = tx.prepare(
        "SELECT a.seq, a.day, f.fingerprint, f.terms FROM articles a
         JOIN features f ON f.article = a.seq
         LEFT JOIN story_articles s ON s.article = a.seq
         WHERE s.article IS NULL
         ORDER BY a.seq",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(Item {
            seq: row.get(0)?,
            day: row.get(1)?,
            fingerprint: Fingerprint::from_bytes(row.get_ref(2)?.as_blob()?).unwrap_or_default(),
            terms: Terms::from_bytes(row.get_ref(3)?.as_blob()?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The LSH buckets: those of the articles placed before this update, in
/// the stored table, and those of its own articles, also in memory. A
/// bucket is read newest first, from this update's articles and then from
/// the table, so that a corpus ingested whole does not query the table for
/// each article, and a small batch reads only its own buckets.
struct Buckets {
    /// The last placement rank before this update.
    before: i64,
    batch: Lsh,
    /// The rows this update adds to the table: key, rank, article.
    pending: Vec<(i64, i64, i64)>,
    /// The newest [`BUCKET_TAIL`] stored ranks under each band key of the
    /// articles about to be placed (keys without any left out).
    stored: FxHashMap<i64, Vec<i64>>,
}

/// The band keys of this many articles are read from the table at a time,
/// in key order: the reads then walk the table's pages in order instead of
/// seeking at random, once per band of each article.
const READ_AHEAD: usize = 20_000;

impl Buckets {
    fn new(before: i64) -> Buckets {
        Buckets {
            before,
            batch: Lsh::new(),
            pending: Vec::new(),
            stored: FxHashMap::default(),
        }
    }

    /// Reads the stored buckets of the articles at `index` and after, when
    /// those before it are all placed.
    fn read_ahead(&mut self, tx: &Transaction, items: &[Item], index: usize) -> Result<()> {
        if !index.is_multiple_of(READ_AHEAD) || self.before == 0 {
            return Ok(());
        }
        let mut keys: Vec<i64> = items[index..(index + READ_AHEAD).min(items.len())]
            .iter()
            .flat_map(|item| {
                item.fingerprint
                    .bands
                    .iter()
                    .enumerate()
                    .map(|(band, &key)| band_key(band, key))
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut statement = tx.prepare_cached(&format!(
            "SELECT placed FROM bands WHERE key = ?1 AND placed <= ?2
             ORDER BY placed DESC LIMIT {BUCKET_TAIL}"
        ))?;
        self.stored.clear();
        for key in keys {
            let ranks = statement
                .query_map(params![key, self.before], |row| row.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            if !ranks.is_empty() {
                self.stored.insert(key, ranks);
            }
        }
        Ok(())
    }

    /// The placed articles (by placement rank) that share a band with
    /// `bands`, ranked as the in-memory LSH ranks them, from the newest
    /// [`BUCKET_TAIL`] of each bucket.
    fn candidates(&self, bands: &[u32]) -> Vec<i64> {
        let mut met = Vec::new();
        for (band, &key) in bands.iter().enumerate() {
            let start = met.len();
            met.extend(
                self.batch
                    .newest(band, key)
                    .map(|k| self.before + 1 + i64::from(k)),
            );
            let missing = BUCKET_TAIL - (met.len() - start);
            if let Some(ranks) = self.stored.get(&band_key(band, key)) {
                met.extend(ranks.iter().take(missing));
            }
        }
        strongest(met, CANDIDATES)
    }

    /// Puts a newly placed article in its buckets.
    fn insert(&mut self, tx: &Transaction, rank: i64, item: &Item) -> Result<()> {
        let bands = &item.fingerprint.bands;
        self.batch.insert((rank - self.before - 1) as u32, bands);
        self.pending.extend(
            bands
                .iter()
                .enumerate()
                .map(|(band, &key)| (band_key(band, key), rank, item.seq)),
        );
        if self.pending.len() >= PENDING_ROWS {
            self.store(tx)?;
        }
        Ok(())
    }

    /// Stores the pending rows, in key order: a corpus ingested whole adds
    /// millions of rows, which go in far faster sorted than as they come.
    fn store(&mut self, tx: &Transaction) -> Result<()> {
        self.pending.sort_unstable();
        let mut band =
            tx.prepare_cached("INSERT INTO bands (key, placed, article) VALUES (?1, ?2, ?3)")?;
        for (key, rank, article) in self.pending.drain(..) {
            band.execute(params![key, rank, article])?;
        }
        Ok(())
    }
}

/// Band rows held before they are stored, sorted, in one go.
const PENDING_ROWS: usize = 1 << 20;

/// A placed article, by its placement rank, with its shingles.
fn placed_article(tx: &Transaction, rank: i64) -> Result<StoredArticle> {
    let mut statement = tx.prepare_cached(
        "SELECT a.seq, a.day, s.story, f.fingerprint FROM story_articles s
         JOIN articles a ON a.seq = s.article
         JOIN features f ON f.article = s.article
         WHERE s.placed = ?1",
    )?;
    let placed = statement
        .query_row(params![rank], |row| {
            Ok(StoredArticle {
                seq: row.get(0)?,
                day: row.get(1)?,
                story: row.get::<_, i64>(2)? as u64,
                shingles: Fingerprint::from_bytes(row.get_ref(3)?.as_blob()?)
                    .unwrap_or_default()
                    .shingles,
            })
        })
        .optional()?;
    placed.ok_or_else(|| anyhow::anyhow!("article placed {rank}th is missing from the store"))
}

/// The latest members of a story, by placement rank.
fn story_mates(tx: &Transaction, story: u64) -> Result<Vec<i64>> {
    let mut statement = tx.prepare_cached(&format!(
        "SELECT placed FROM story_articles WHERE story = ?1 ORDER BY placed DESC LIMIT {STORY_MATES}"
    ))?;
    let rows = statement.query_map(params![story as i64], |row| row.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn write_pairs(tx: &Transaction, pairs: &[Pair]) -> Result<()> {
    let mut add_pair = tx.prepare_cached(
        "INSERT OR REPLACE INTO copies (a, b, relation, similarity, a_in_b, b_in_a)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (a, b, c) in pairs {
        add_pair.execute(params![
            a,
            b,
            c.relation.as_str(),
            c.similarity,
            c.containment_a_in_b,
            c.containment_b_in_a
        ])?;
    }
    Ok(())
}

/// Puts an article in its story, at its placement rank.
fn place(tx: &Transaction, item: &Item, story: u64, score: f32, rank: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO story_articles (article, story, score, placed) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![item.seq, story as i64, score, rank])?;
    tx.prepare_cached(
        "INSERT INTO story_sizes (story, articles, last_day) VALUES (?1, 1, ?2)
         ON CONFLICT (story) DO UPDATE SET articles = articles + 1,
             last_day = CASE WHEN last_day IS NULL OR excluded.last_day > last_day
                             THEN excluded.last_day ELSE last_day END",
    )?
    .execute(params![story as i64, item.day])?;
    Ok(())
}
