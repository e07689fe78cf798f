//! The corpus's names resolved to entities, kept up to date batch by batch.
//!
//! Tables: `entities` (each with its known place, counts and spellings),
//! `entity_names` (every (name, type) of the documents, its entity, its
//! keys and counts), and two indexes of the names for the rules that do
//! not compare keys whole: `name_buckets` (the letter-off buckets of
//! `khabar_entities::letter_off_buckets`) and `name_short_forms` (the word
//! sequences that begin or end a name of several words: a person's short
//! forms, and what `khabar entity` finds a name by).
//!
//! An update reads the mentions of the articles stored since the last one
//! (`entities_resolved_through` in `meta`), matches each name it has not
//! seen against the stored names through those keys (one compact key, one
//! known place, a letter off, a short form; the rules of
//! `khabar_entities::resolve`, applied as names arrive), and rewrites only
//! the entities it touches: it costs what the batch adds. A full
//! resolution (`Store::resolve_all_entities`, run after a reindex and by
//! `khabar resolve`) groups every name afresh with the counts of the whole
//! corpus; the two differ only where counts decide (see
//! `resolve_new_names`).

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Result;
use khabar_entities::names::name_words;
use khabar_entities::resolve::{FREQUENT, MAX_BUCKET};
use khabar_entities::{
    EntityType, Member, NameCount, NameKey, Places, Votes, describe, fuzzy_match,
    letter_off_buckets, letter_off_lookups, short_forms,
};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::entities::{Variant, kind_of};
use crate::store::Store;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    canonical TEXT NOT NULL,
    english TEXT,
    place TEXT,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    variants TEXT NOT NULL
);
-- Not a partial index (WHERE place IS NOT NULL): SQLite would prepare
-- every statement on entities again each time its parameters are bound,
-- to see whether the partial index applies.
CREATE INDEX IF NOT EXISTS entities_by_place ON entities(place);
CREATE TABLE IF NOT EXISTS entity_names (
    name INTEGER NOT NULL,
    kind TEXT NOT NULL,
    entity INTEGER NOT NULL,
    compact TEXT NOT NULL,
    words TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    written INTEGER NOT NULL,
    PRIMARY KEY (name, kind)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_names_by_entity ON entity_names(entity);
CREATE INDEX IF NOT EXISTS entity_names_by_compact ON entity_names(compact);
CREATE INDEX IF NOT EXISTS entity_names_by_words ON entity_names(words);
CREATE TABLE IF NOT EXISTS name_buckets (
    bucket TEXT NOT NULL,
    name INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (bucket, name, kind)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS name_short_forms (
    form TEXT NOT NULL,
    name INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (form, name, kind)
) WITHOUT ROWID;
";

/// What a store of schema 5 or before loses on its way to 6: its entities
/// (which had no counts per name, place or name indexes), resolved afresh
/// by the next writer.
pub const UPGRADE_TO_6: &str = "
DROP TABLE IF EXISTS entities;
DROP TABLE IF EXISTS entity_names;
DELETE FROM meta WHERE key = 'entities_resolved_through';
";

/// What a store of schema 6 or 7 changes on its way to 8: the place index
/// becomes a whole one (made again by [`SCHEMA`]).
pub const UPGRADE_TO_8: &str = "
DROP INDEX IF EXISTS entities_by_place;
";

/// `meta` key: the last article whose names are resolved.
pub(crate) const RESOLVED_THROUGH: &str = "entities_resolved_through";

/// A (name, type) of the mentions read, with its counts.
struct NameTally {
    name: i64,
    kind: EntityType,
    mentions: u64,
    written: u64,
}

/// The mentions of a span of articles, counted per (name, type).
#[derive(Default)]
struct Tally {
    slot: HashMap<(i64, EntityType), usize>,
    names: Vec<NameTally>,
    /// (slot, article) for each article that names it.
    articles: HashSet<(usize, i64)>,
    /// Mentions per (slot, spelling).
    spellings: HashMap<(usize, i64), u64>,
}

impl Store {
    /// Counts the mentions of the articles after `after` and up to
    /// `through`.
    fn tally(&self, after: u64, through: u64) -> Result<Tally> {
        let mut tally = Tally::default();
        let mut statement = self.conn.prepare_cached(
            "SELECT name, kind, article, spelling, titled FROM mentions
             WHERE article > ?1 AND article <= ?2",
        )?;
        let mut rows = statement.query(params![after as i64, through as i64])?;
        while let Some(row) = rows.next()? {
            let name: i64 = row.get(0)?;
            let kind = kind_of(row.get_ref(1)?.as_str()?)?;
            let names = &mut tally.names;
            let slot = *tally.slot.entry((name, kind)).or_insert_with(|| {
                names.push(NameTally {
                    name,
                    kind,
                    mentions: 0,
                    written: 0,
                });
                names.len() - 1
            });
            tally.names[slot].mentions += 1;
            tally.articles.insert((slot, row.get(2)?));
            let spelling: i64 = row.get(3)?;
            if spelling == name {
                tally.names[slot].written += 1;
            }
            *tally.spellings.entry((slot, spelling)).or_default() += 1;
            if let Some(titled) = row.get::<_, Option<i64>>(4)? {
                *tally.spellings.entry((slot, titled)).or_default() += 1;
            }
        }
        Ok(tally)
    }

    /// Whether the entities reflect every stored article.
    pub fn entities_current(&self) -> Result<bool> {
        Ok(self.resolved_through()?.unwrap_or(0) >= self.last_seq()?)
    }

    pub(crate) fn resolved_through(&self) -> Result<Option<u64>> {
        Ok(self.meta(RESOLVED_THROUGH)?.and_then(|v| v.parse().ok()))
    }

    /// Brings the entities up to date with the stored articles: the names
    /// of the articles stored since the last update are matched against
    /// the stored ones, or, in a store never resolved, every name is.
    pub fn resolve_entities(&mut self) -> Result<()> {
        let last = self.last_seq()?;
        match self.resolved_through()? {
            Some(through) if through >= last => Ok(()),
            Some(through) => self.resolve_new_names(through, last),
            None => self.resolve_all_entities(),
        }
    }

    /// Resolves every name of the corpus afresh, replacing the entities in
    /// one transaction (their row ids change).
    pub fn resolve_all_entities(&mut self) -> Result<()> {
        let through = self.last_seq()?;
        let tally = self.tally(0, through)?;
        let texts = self.name_texts()?;
        let text = |id: &i64| texts.get(id).cloned().unwrap_or_default();
        let names: Vec<NameCount> = tally
            .names
            .iter()
            .map(|n| NameCount {
                name: text(&n.name),
                kind: n.kind,
                mentions: n.mentions,
                written: n.written,
            })
            .collect();
        let resolution = khabar_entities::resolve(&names, Places::embedded());
        let n = resolution.entities.len();
        let mut mentions = vec![0u64; n];
        for (i, name) in names.iter().enumerate() {
            mentions[resolution.entity_of[i]] += name.mentions;
        }
        let mut articles = vec![0u64; n];
        let mut seen: HashSet<(usize, i64)> = HashSet::with_capacity(tally.articles.len());
        for &(slot, article) in &tally.articles {
            let e = resolution.entity_of[slot];
            if seen.insert((e, article)) {
                articles[e] += 1;
            }
        }
        let mut variants: Vec<HashMap<i64, u64>> = vec![HashMap::new(); n];
        for (&(slot, spelling), &count) in &tally.spellings {
            *variants[resolution.entity_of[slot]]
                .entry(spelling)
                .or_default() += count;
        }
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM entities; DELETE FROM entity_names;
             DELETE FROM name_buckets; DELETE FROM name_short_forms;",
        )?;
        {
            let mut add = tx.prepare(
                "INSERT INTO entities
                 (id, key, kind, canonical, english, place, mentions, articles, variants)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for (e, entity) in resolution.entities.iter().enumerate() {
                let list = sorted_variants(
                    variants[e]
                        .iter()
                        .map(|(spelling, &mentions)| (text(spelling), mentions)),
                );
                add.execute(params![
                    e as i64 + 1,
                    entity.id,
                    entity.kind.code(),
                    entity.canonical,
                    entity.english,
                    entity.place,
                    mentions[e] as i64,
                    articles[e] as i64,
                    serde_json::to_string(&list)?
                ])?;
            }
        }
        for (i, n) in tally.names.iter().enumerate() {
            let entity = resolution.entity_of[i] as i64 + 1;
            add_name(&tx, n, &resolution.keys[i], entity)?;
        }
        set_resolved_through(&tx, through)?;
        tx.commit()?;
        Ok(())
    }

    /// Resolves the names of the articles after `after` (up to `through`):
    /// a name already stored keeps its entity; a new one joins, in this
    /// order, an entity with a name of its compact key, the entity of its
    /// known place, the most mentioned entity with a name a letter from it,
    /// or, for a person's short form, the entity that has two thirds of the
    /// mentions of the longer names it begins or ends; else it starts an
    /// entity. New names are matched longest first, so a short form meets
    /// the full name that came in the same batch.
    ///
    /// A full resolution counts the whole corpus before it decides, so the
    /// two can differ where counts decide: a name that becomes frequent
    /// only later, a short form whose full name comes in a later batch (it
    /// keeps an entity of its own), two entities that a later name would
    /// bridge (incremental resolution never merges stored entities), and
    /// the type of a name tagged one way at first and another later.
    fn resolve_new_names(&mut self, after: u64, through: u64) -> Result<()> {
        let tally = self.tally(after, through)?;
        let tx = self.conn.transaction()?;
        let mut entity_of = vec![0i64; tally.names.len()];
        let mut new = Vec::new();
        for (slot, n) in tally.names.iter().enumerate() {
            let stored: Option<i64> = tx
                .prepare_cached("SELECT entity FROM entity_names WHERE name = ?1 AND kind = ?2")?
                .query_row(params![n.name, n.kind.code()], |row| row.get(0))
                .optional()?;
            match stored {
                Some(entity) => {
                    tx.prepare_cached(
                        "UPDATE entity_names SET mentions = mentions + ?3, written = written + ?4
                         WHERE name = ?1 AND kind = ?2",
                    )?
                    .execute(params![
                        n.name,
                        n.kind.code(),
                        n.mentions as i64,
                        n.written as i64
                    ])?;
                    entity_of[slot] = entity;
                }
                None => {
                    let display = name_text(&tx, n.name)?;
                    new.push((slot, NameKey::parse(&display), display));
                }
            }
        }
        new.sort_by(|a, b| {
            let (x, y) = (&tally.names[a.0], &tally.names[b.0]);
            (b.1.len(), y.mentions, x.name).cmp(&(a.1.len(), x.mentions, y.name))
        });
        for (slot, key, display) in &new {
            let n = &tally.names[*slot];
            let entity = match_new_name(&tx, n, key, display)?;
            add_name(&tx, n, key, entity)?;
            entity_of[*slot] = entity;
        }
        // What the batch adds to each entity it touches.
        let mut touched: BTreeMap<i64, Addition> = BTreeMap::new();
        for (slot, n) in tally.names.iter().enumerate() {
            touched.entry(entity_of[slot]).or_default().mentions += n.mentions;
        }
        let mut seen = HashSet::new();
        for &(slot, article) in &tally.articles {
            if seen.insert((entity_of[slot], article)) {
                touched.entry(entity_of[slot]).or_default().articles += 1;
            }
        }
        for (&(slot, spelling), &count) in &tally.spellings {
            *touched
                .entry(entity_of[slot])
                .or_default()
                .spellings
                .entry(spelling)
                .or_default() += count;
        }
        for (entity, addition) in touched {
            rewrite_entity(&tx, entity, &addition)?;
        }
        set_resolved_through(&tx, through)?;
        tx.commit()?;
        Ok(())
    }

    pub(crate) fn name_texts(&self) -> Result<HashMap<i64, String>> {
        let mut statement = self.conn.prepare("SELECT id, text FROM names")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// What a batch adds to an entity.
#[derive(Default)]
struct Addition {
    mentions: u64,
    articles: u64,
    /// Mentions per spelling (a `names` id).
    spellings: HashMap<i64, u64>,
}

fn set_resolved_through(tx: &Transaction, through: u64) -> Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![RESOLVED_THROUGH, through.to_string()],
    )?;
    Ok(())
}

fn name_text(tx: &Transaction, id: i64) -> Result<String> {
    Ok(tx
        .prepare_cached("SELECT text FROM names WHERE id = ?1")?
        .query_row(params![id], |row| row.get(0))
        .optional()?
        .unwrap_or_default())
}

/// Stores a (name, type) as a name of `entity`, with its keys.
fn add_name(tx: &Transaction, n: &NameTally, key: &NameKey, entity: i64) -> Result<()> {
    let kind = n.kind.code();
    tx.prepare_cached(
        "INSERT INTO entity_names (name, kind, entity, compact, words, mentions, written)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        n.name,
        kind,
        entity,
        key.compact,
        key.joined(),
        n.mentions as i64,
        n.written as i64
    ])?;
    let mut bucket = tx.prepare_cached(
        "INSERT OR IGNORE INTO name_buckets (bucket, name, kind) VALUES (?1, ?2, ?3)",
    )?;
    for b in letter_off_buckets(key) {
        bucket.execute(params![b, n.name, kind])?;
    }
    let mut form = tx.prepare_cached(
        "INSERT OR IGNORE INTO name_short_forms (form, name, kind) VALUES (?1, ?2, ?3)",
    )?;
    for f in short_forms(key) {
        form.execute(params![f, n.name, kind])?;
    }
    Ok(())
}

/// A stored entity as the matching rules see it.
struct Candidate {
    entity: i64,
    kind: String,
    place: Option<String>,
    mentions: u64,
}

impl Candidate {
    /// Two known places are never one entity.
    fn fits(&self, place: Option<&str>) -> bool {
        match (place, self.place.as_deref()) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }

    /// The more mentioned, then the older.
    fn rank(&self) -> (u64, std::cmp::Reverse<i64>) {
        (self.mentions, std::cmp::Reverse(self.entity))
    }
}

const CANDIDATE_COLUMNS: &str = "e.id, e.kind, e.place, e.mentions";

fn candidate_row(row: &rusqlite::Row) -> rusqlite::Result<Candidate> {
    Ok(Candidate {
        entity: row.get(0)?,
        kind: row.get(1)?,
        place: row.get(2)?,
        mentions: row.get::<_, i64>(3)? as u64,
    })
}

/// The entity a name not seen before belongs to, made if need be.
fn match_new_name(tx: &Transaction, n: &NameTally, key: &NameKey, display: &str) -> Result<i64> {
    let places = Places::embedded();
    let listed = match n.kind {
        EntityType::Location => places.find_spelling(&name_words(display)),
        _ => None,
    };
    let listed_id = listed.map(|p| p.id.as_str());
    // 1. One compact key.
    if !key.compact.is_empty() {
        let found = tx
            .prepare_cached(&format!(
                "SELECT DISTINCT {CANDIDATE_COLUMNS} FROM entity_names n
                 JOIN entities e ON e.id = n.entity WHERE n.compact = ?1"
            ))?
            .query_map(params![key.compact], candidate_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if let Some(best) = found
            .iter()
            .filter(|c| c.fits(listed_id))
            .max_by_key(|c| c.rank())
        {
            if best.place.is_none()
                && let Some(place) = listed
            {
                tx.prepare_cached("UPDATE entities SET place = ?2 WHERE id = ?1")?
                    .execute(params![best.entity, place.id])?;
            }
            return Ok(best.entity);
        }
    }
    let kind = n.kind.code();
    // 2. One known place.
    let place = match n.kind {
        EntityType::Location => listed.or_else(|| places.find(key)),
        _ => None,
    };
    if let Some(place) = place {
        let found: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM entities WHERE place = ?1 ORDER BY mentions DESC, id LIMIT 1",
            )?
            .query_row(params![place.id], |row| row.get(0))
            .optional()?;
        return match found {
            Some(entity) => Ok(entity),
            None => new_entity(tx, n.kind, display, Some(place.id.as_str())),
        };
    }
    // 3. A letter off in one long word, within a type.
    let mut best: Option<Candidate> = None;
    for bucket in letter_off_lookups(key) {
        let found = tx
            .prepare_cached(&format!(
                "SELECT {CANDIDATE_COLUMNS}, n.words FROM name_buckets b
                 JOIN entity_names n ON n.name = b.name AND n.kind = b.kind
                 JOIN entities e ON e.id = n.entity
                 WHERE b.bucket = ?1 LIMIT {}",
                MAX_BUCKET + 1
            ))?
            .query_map(params![bucket], |row| {
                Ok((candidate_row(row)?, row.get::<_, String>(4)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if found.len() > MAX_BUCKET {
            continue;
        }
        for (candidate, words) in found {
            let other = NameKey {
                words: words.split(' ').map(str::to_string).collect(),
                compact: String::new(),
            };
            let both_frequent = n.mentions >= FREQUENT && candidate.mentions >= FREQUENT;
            if candidate.kind == kind
                && candidate.fits(listed_id)
                && !both_frequent
                && fuzzy_match(key, &other)
                && best.as_ref().is_none_or(|b| candidate.rank() > b.rank())
            {
                best = Some(candidate);
            }
        }
    }
    if let Some(best) = best {
        return Ok(best.entity);
    }
    if n.kind == EntityType::Person {
        if let Some(entity) = full_name_of(tx, n, key)? {
            return Ok(entity);
        }
        if let Some(entity) = short_form_of(tx, n, key)? {
            return Ok(entity);
        }
    }
    new_entity(tx, n.kind, display, listed_id)
}

/// Step 4: the entity of the full name a person's short form stands for: the
/// one with two thirds of the mentions of the names it begins or ends.
fn full_name_of(tx: &Transaction, n: &NameTally, key: &NameKey) -> Result<Option<i64>> {
    let found = tx
        .prepare_cached(&format!(
            "SELECT DISTINCT {CANDIDATE_COLUMNS} FROM name_short_forms f
             JOIN entity_names n ON n.name = f.name AND n.kind = f.kind
             JOIN entities e ON e.id = n.entity
             WHERE f.form = ?1 AND e.kind = ?2"
        ))?
        .query_map(params![key.joined(), n.kind.code()], candidate_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total: u64 = found.iter().map(|c| c.mentions).sum();
    Ok(found
        .iter()
        .max_by_key(|c| c.rank())
        .filter(|best| best.mentions * 3 >= total * 2)
        .map(|best| best.entity))
}

/// The same rule the other way: a new full name joins the entity of a
/// stored short form it begins or ends (the longest), if no other full
/// name of that form has more than a third of the mentions with it.
fn short_form_of(tx: &Transaction, n: &NameTally, key: &NameKey) -> Result<Option<i64>> {
    let mut forms = short_forms(key);
    forms.sort_by_key(|f| std::cmp::Reverse(f.split(' ').count()));
    for form in forms {
        // Only an entity whose names are all this short: one that already
        // holds a full name stands for that person.
        let short = tx
            .prepare_cached(&format!(
                "SELECT DISTINCT {CANDIDATE_COLUMNS} FROM entity_names n
                 JOIN entities e ON e.id = n.entity WHERE n.words = ?1 AND e.kind = ?2
                 AND NOT EXISTS (SELECT 1 FROM entity_names o
                                 WHERE o.entity = e.id AND length(o.words) > length(?1))"
            ))?
            .query_map(params![form, n.kind.code()], candidate_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let Some(short) = short.into_iter().max_by_key(|c| c.rank()) else {
            continue;
        };
        // Read only until the others are too many: a common form ("خان")
        // begins or ends thousands of names.
        let mut statement = tx.prepare_cached(
            "SELECT DISTINCT e.id, e.mentions FROM name_short_forms f
             JOIN entity_names n ON n.name = f.name AND n.kind = f.kind
             JOIN entities e ON e.id = n.entity
             WHERE f.form = ?1 AND e.kind = ?3 AND e.id != ?2",
        )?;
        let mut others = statement
            .query_map(params![form, short.entity, n.kind.code()], |row| {
                row.get::<_, i64>(1)
            })?;
        let mut sum = 0u64;
        let dominant = loop {
            match others.next().transpose()? {
                None => break true,
                Some(mentions) => sum += mentions as u64,
            }
            if n.mentions * 3 < (n.mentions + sum) * 2 {
                break false;
            }
        };
        if dominant {
            return Ok(Some(short.entity));
        }
    }
    Ok(None)
}

/// A new entity with no names yet: `rewrite_entity` fills it in.
fn new_entity(tx: &Transaction, kind: EntityType, name: &str, place: Option<&str>) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO entities (key, kind, canonical, english, place, mentions, articles, variants)
         VALUES ('', ?1, ?2, NULL, ?3, 0, 0, '[]')",
    )?
    .execute(params![kind.code(), name, place])?;
    Ok(tx.last_insert_rowid())
}

/// Adds a batch's counts to an entity and describes it again from its
/// names: its type, canonical name and id.
fn rewrite_entity(tx: &Transaction, entity: i64, addition: &Addition) -> Result<()> {
    let (place, mentions, articles, variants): (Option<String>, i64, i64, String) = tx
        .prepare_cached("SELECT place, mentions, articles, variants FROM entities WHERE id = ?1")?
        .query_row(params![entity], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
    let names = tx
        .prepare_cached(
            "SELECT t.text, n.kind, n.written, n.mentions, n.words FROM entity_names n
             JOIN names t ON t.id = n.name WHERE n.entity = ?1",
        )?
        .query_map(params![entity], |row| {
            let words: String = row.get(4)?;
            Ok((
                row.get::<_, String>(0)?,
                kind_of(row.get_ref(1)?.as_str()?)?,
                row.get::<_, i64>(2)? as u64,
                row.get::<_, i64>(3)? as u64,
                words.split(' ').filter(|w| !w.is_empty()).count(),
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut votes = Votes::default();
    for (_, kind, _, mentions, _) in &names {
        votes.add(*kind, *mentions);
    }
    let members: Vec<Member> = names
        .iter()
        .map(|(name, _, written, mentions, words)| Member {
            name,
            written: *written,
            mentions: *mentions,
            words: *words,
        })
        .collect();
    let place = place.as_deref().and_then(|id| Places::embedded().by_id(id));
    let described = describe(votes.winner(), &members, place);
    let mut spellings: HashMap<String, u64> = serde_json::from_str::<Vec<Variant>>(&variants)
        .unwrap_or_default()
        .into_iter()
        .map(|v| (v.spelling, v.mentions))
        .collect();
    for (&spelling, &count) in &addition.spellings {
        *spellings.entry(name_text(tx, spelling)?).or_default() += count;
    }
    let list = sorted_variants(spellings.into_iter());
    tx.prepare_cached(
        "UPDATE entities SET key = ?2, kind = ?3, canonical = ?4, english = ?5,
         mentions = ?6, articles = ?7, variants = ?8 WHERE id = ?1",
    )?
    .execute(params![
        entity,
        described.id,
        described.kind.code(),
        described.canonical,
        described.english,
        mentions + addition.mentions as i64,
        articles + addition.articles as i64,
        serde_json::to_string(&list)?
    ])?;
    Ok(())
}

/// Spellings, most written first.
fn sorted_variants(spellings: impl Iterator<Item = (String, u64)>) -> Vec<Variant> {
    let mut list: Vec<Variant> = spellings
        .map(|(spelling, mentions)| Variant { spelling, mentions })
        .collect();
    list.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(a.spelling.cmp(&b.spelling))
    });
    list
}
