//! Entities in the store: each article's mentions and dates (written with
//! the article, in its transaction), the corpus's names resolved to
//! entities, and the questions asked of them.
//!
//! Tables: `names` interns every name and spelling; `mentions` and `dates`
//! hold each article's facts, with their sentence (a mention names its
//! spelling, its titled spelling if any, and its document name, by id, so
//! resolution reads numbers, not texts). `entities` and `entity_names` are
//! written by [`Store::resolve_entities`] (after every ingest run and
//! `khabar reindex`); `meta` records how far they reach and which analysis
//! made the facts.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use khabar_entities::names::name_words;
use khabar_entities::{EntityType, NameKey, parse_kind, strip_titles};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::facts::Facts;
use crate::resolution::RESOLVED_THROUGH;
use crate::store::{Store, optional_text, text};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS names (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS mentions (
    article INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    spelling INTEGER NOT NULL,
    titled INTEGER,
    name INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    PRIMARY KEY (article, start)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dates (
    article INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    value TEXT,
    end_value TEXT,
    sentence INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    PRIMARY KEY (article, start)
) WITHOUT ROWID;
-- The articles (and so the stories) that name an entity.
CREATE INDEX IF NOT EXISTS mentions_by_name ON mentions(name);
";

/// `meta` keys.
pub(crate) const FACTS_VERSION: &str = "facts_version";
/// The facts version a reindex writes, and the last article it has done.
const REINDEX_VERSION: &str = "reindex_version";
const REINDEX_THROUGH: &str = "reindex_through";

/// Writes the facts of articles inside the transaction that stores them.
pub(crate) fn write_facts(
    tx: &Transaction,
    ids: &mut HashMap<String, i64>,
    article: u64,
    facts: &Facts,
) -> Result<()> {
    let article = article as i64;
    let mut add_mention = tx.prepare_cached(
        "INSERT OR IGNORE INTO mentions
         (article, start, end, kind, spelling, titled, name, sentence, sentence_start, sentence_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for m in &facts.mentions {
        let name = intern(tx, ids, &m.name)?;
        let spelling = intern(tx, ids, &m.text)?;
        let titled = m
            .titled
            .as_deref()
            .map(|t| intern(tx, ids, t))
            .transpose()?;
        let (sentence_start, sentence_end) = facts.sentences[m.sentence];
        add_mention.execute(params![
            article,
            m.start as i64,
            m.end as i64,
            m.kind.code(),
            spelling,
            titled,
            name,
            m.sentence as i64,
            sentence_start as i64,
            sentence_end as i64
        ])?;
    }
    let mut add_date = tx.prepare_cached(
        "INSERT OR IGNORE INTO dates
         (article, start, end, value, end_value, sentence, sentence_start, sentence_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for d in &facts.dates {
        let (sentence_start, sentence_end) = facts.sentences[d.sentence];
        add_date.execute(params![
            article,
            d.start as i64,
            d.end as i64,
            d.value,
            d.end_value,
            d.sentence as i64,
            sentence_start as i64,
            sentence_end as i64
        ])?;
    }
    Ok(())
}

/// The id of a name or spelling, added if new.
fn intern(tx: &Transaction, ids: &mut HashMap<String, i64>, text: &str) -> Result<i64> {
    if let Some(&id) = ids.get(text) {
        return Ok(id);
    }
    let mut find = tx.prepare_cached("SELECT id FROM names WHERE text = ?1")?;
    let id = match find.query_row(params![text], |row| row.get(0)).optional()? {
        Some(id) => id,
        None => {
            tx.prepare_cached("INSERT INTO names (text) VALUES (?1)")?
                .execute(params![text])?;
            tx.last_insert_rowid()
        }
    };
    ids.insert(text.to_string(), id);
    Ok(id)
}

pub(crate) fn kind_of(code: &str) -> rusqlite::Result<EntityType> {
    parse_kind(code).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown entity type {code:?}").into(),
        )
    })
}

/// A spelling of an entity and how often it is written so.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Variant {
    pub spelling: String,
    pub mentions: u64,
}

/// An entity as `khabar entities` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct EntitySummary {
    pub id: String,
    pub canonical: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub english: Option<String>,
    pub mentions: u64,
    pub articles: u64,
    pub variants: Vec<Variant>,
    #[serde(skip)]
    row: i64,
}

/// An article as an entity's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRef {
    pub id: String,
    pub title: Option<String>,
    pub source: String,
    pub published: Option<String>,
}

/// An entity that appears with another, and in how many articles.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub id: String,
    pub canonical: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub articles: u64,
}

/// An entity with its articles and the entities seen with it: the
/// summary's fields, with the articles listed instead of counted.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPage {
    pub id: String,
    pub canonical: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub english: Option<String>,
    pub mentions: u64,
    /// Articles naming it, all of them (`articles` may list a page).
    pub article_count: u64,
    pub variants: Vec<Variant>,
    pub articles: Vec<ArticleRef>,
    pub related: Vec<Related>,
}

/// A dated statement about an entity.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    /// ISO 8601 at its own granularity.
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// `text`: a date expression of the sentence ("30 اگست"); `published`:
    /// the article's publication day (a sentence with no date of its own).
    pub dated_by: &'static str,
    /// The date expression, when dated by the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    pub sentence: String,
    pub article: ArticleRef,
}

/// Related entities shown on an entity's page.
const RELATED: usize = 10;
/// Entities seen with an entity are counted in its latest articles, this
/// many at most.
const RELATED_SAMPLE: usize = 1000;
/// An entity named in one article in this many or more is frequent (see
/// `newest_articles`).
const FREQUENT_SHARE: u64 = 100;
/// Third-person pronouns that, before any name in a sentence, carry the
/// person of the sentence before ("اس سے قبل انہوں نے سن 2019 میں ...").
const PRONOUNS: &[&str] = &[
    "انہوں",
    "انھوں",
    "وہ",
    "انہیں",
    "انھیں",
    "ان",
    "اُن",
    "اس",
    "انکے",
    "انکی",
];
/// How far into a sentence such a pronoun is looked for, in words.
const PRONOUN_WINDOW: usize = 6;

impl Store {
    /// Which analysis made the stored facts (`None` for a store that has
    /// none yet).
    pub fn facts_version(&self) -> Result<Option<String>> {
        self.meta(FACTS_VERSION)
    }

    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                params![key],
                |row| row.get(0),
            )
            .optional()?)
    }

    pub(crate) fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Records that the facts of newly stored articles come from this
    /// analysis; an empty store takes it as its version.
    pub(crate) fn note_facts_version(&self) -> Result<()> {
        if self.facts_version()?.is_none() {
            self.set_meta(FACTS_VERSION, &crate::facts::version())?;
        }
        Ok(())
    }

    /// Starts a reindex that writes facts of `version`, or takes up an
    /// interrupted one of the same version: the last article whose facts
    /// it has replaced (0 to start from the first).
    pub(crate) fn begin_reindex(&mut self, version: &str) -> Result<u64> {
        if self.meta(REINDEX_VERSION)?.as_deref() == Some(version) {
            return Ok(self
                .meta(REINDEX_THROUGH)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0));
        }
        let tx = self.conn.transaction()?;
        for (key, value) in [(REINDEX_VERSION, version), (REINDEX_THROUGH, "0")] {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
        }
        tx.commit()?;
        Ok(0)
    }

    /// Replaces the facts of stored articles (a reindex batch) and moves
    /// the reindex mark to `through`, in one transaction.
    pub(crate) fn replace_facts(&mut self, facts: &[(u64, Facts)], through: u64) -> Result<()> {
        let outcome = (|| -> Result<()> {
            let tx = self.conn.transaction()?;
            for (seq, f) in facts {
                tx.execute(
                    "DELETE FROM mentions WHERE article = ?1",
                    params![*seq as i64],
                )?;
                tx.execute("DELETE FROM dates WHERE article = ?1", params![*seq as i64])?;
                write_facts(&tx, &mut self.name_ids, *seq, f)?;
            }
            tx.execute(
                "UPDATE meta SET value = ?1 WHERE key = ?2",
                params![through.to_string(), REINDEX_THROUGH],
            )?;
            tx.commit()?;
            Ok(())
        })();
        if outcome.is_err() {
            self.name_ids.clear();
        }
        outcome
    }

    /// Ends a reindex whose every batch is stored: the facts are of
    /// `version`, names no mention uses any more go, and the entities must
    /// be resolved again.
    pub(crate) fn finish_reindex(&mut self, version: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![FACTS_VERSION, version],
        )?;
        tx.execute(
            "DELETE FROM meta WHERE key IN (?1, ?2, ?3)",
            params![REINDEX_VERSION, REINDEX_THROUGH, RESOLVED_THROUGH],
        )?;
        tx.execute_batch(
            "DELETE FROM names WHERE id NOT IN (
                 SELECT name FROM mentions UNION SELECT spelling FROM mentions
                 UNION SELECT titled FROM mentions WHERE titled IS NOT NULL)",
        )?;
        tx.commit()?;
        self.name_ids.clear();
        Ok(())
    }

    /// The entity mentions and the dates stored.
    pub fn fact_counts(&self) -> Result<(u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM mentions), (SELECT COUNT(*) FROM dates)",
            [],
            |row| Ok((row.get::<_, i64>(0)? as u64, row.get::<_, i64>(1)? as u64)),
        )?)
    }

    /// An interrupted reindex: the last article it did, of how many.
    pub fn unfinished_reindex(&self) -> Result<Option<(u64, u64)>> {
        let Some(through) = self.meta(REINDEX_THROUGH)? else {
            return Ok(None);
        };
        let through = through.parse().unwrap_or(0);
        Ok(Some((
            self.articles_through(through)?,
            self.article_count()?,
        )))
    }

    /// The entities, most written about first.
    pub fn entities(&self, kind: Option<EntityType>, limit: usize) -> Result<Vec<EntitySummary>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, key, kind, canonical, english, mentions, articles, variants FROM entities
             WHERE ?1 IS NULL OR kind = ?1
             ORDER BY articles DESC, mentions DESC, id LIMIT ?2",
        )?;
        let rows = statement.query_map(
            params![
                kind.map(EntityType::code),
                limit.min(i64::MAX as usize) as i64
            ],
            summary_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The entity a name (in any of its spellings, titles aside) stands
    /// for: the one with a name of the same key, else one whose name begins
    /// or ends with it; the most mentioned if several.
    pub fn find_entity(&self, name: &str) -> Result<Option<EntitySummary>> {
        let words = name_words(name);
        let key = NameKey::of(strip_titles(&words));
        if key.is_empty() {
            return Ok(None);
        }
        let mut statement = self.conn.prepare_cached(
            "SELECT e.id, e.key, e.kind, e.canonical, e.english, e.mentions, e.articles, e.variants
             FROM entity_names n JOIN entities e ON e.id = n.entity
             WHERE n.compact = ?1 ORDER BY e.mentions DESC, e.id LIMIT 1",
        )?;
        if let Some(found) = statement
            .query_row(params![key.compact], summary_row)
            .optional()?
        {
            return Ok(Some(found));
        }
        // A part of a longer name ("پوتن" where only "ولادیمیر پوٹن" is known).
        let found: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT n.entity FROM name_short_forms f
                 JOIN entity_names n ON n.name = f.name AND n.kind = f.kind
                 JOIN entities e ON e.id = n.entity
                 WHERE f.form = ?1 ORDER BY e.mentions DESC, e.id LIMIT 1",
            )?
            .query_row(params![key.joined()], |row| row.get(0))
            .optional()?;
        match found {
            Some(entity) => self.entity_by_row(entity),
            None => Ok(None),
        }
    }

    pub(crate) fn entity_by_row(&self, row: i64) -> Result<Option<EntitySummary>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, key, kind, canonical, english, mentions, articles, variants
                 FROM entities WHERE id = ?1",
            )?
            .query_row(params![row], summary_row)
            .optional()?)
    }

    /// The sequence numbers of an entity's articles, in order.
    fn entity_articles(&self, entity: &EntitySummary) -> Result<Vec<i64>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT m.article FROM entity_names n
             JOIN mentions m ON m.name = n.name AND m.kind = n.kind
             WHERE n.entity = ?1 ORDER BY m.article",
        )?;
        let rows = statement.query_map(params![entity.row], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The ids of an entity's articles (for search).
    pub fn entity_article_ids(&self, entity: &EntitySummary) -> Result<Vec<String>> {
        self.entity_articles(entity)?
            .into_iter()
            .map(|seq| Ok(self.article_ref(seq)?.id))
            .collect()
    }

    fn article_ref(&self, seq: i64) -> Result<ArticleRef> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT a.id, a.title, s.name, a.published FROM articles a
                 JOIN sources s ON s.id = a.source_id WHERE a.seq = ?1",
            )?
            .query_row(params![seq], |row| article_ref_row(row, 0))?)
    }

    /// Which entity each (name, type) of an article belongs to.
    pub(crate) fn entities_in(&self, article: i64) -> Result<Vec<(i64, EntityType, i64)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT m.name, m.kind, n.entity FROM mentions m
             JOIN entity_names n ON n.name = m.name AND n.kind = m.kind
             WHERE m.article = ?1",
        )?;
        let rows = statement.query_map(params![article], |row| {
            Ok((
                row.get(0)?,
                kind_of(row.get_ref(1)?.as_str()?)?,
                row.get(2)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An entity's page: its articles, newest first (`offset` and `limit`
    /// choose a page of them; `article_count` counts them all), and the
    /// entities that appear with it in the most of its latest
    /// [`RELATED_SAMPLE`] articles.
    pub fn entity_page(
        &self,
        entity: EntitySummary,
        offset: usize,
        limit: usize,
    ) -> Result<EntityPage> {
        let articles = self
            .newest_articles(&entity, offset, limit)?
            .into_iter()
            .map(|seq| self.article_ref(seq))
            .collect::<Result<Vec<_>>>()?;
        let mut shared: HashMap<i64, u64> = HashMap::new();
        for seq in self.newest_articles(&entity, 0, RELATED_SAMPLE)? {
            let mut seen = HashSet::new();
            for (_, _, other) in self.entities_in(seq)? {
                if other != entity.row && seen.insert(other) {
                    *shared.entry(other).or_default() += 1;
                }
            }
        }
        let mut ranked: Vec<(i64, u64)> = shared.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut related = Vec::new();
        for (row, articles) in ranked.into_iter().take(RELATED) {
            if let Some(other) = self.entity_by_row(row)? {
                related.push(Related {
                    id: other.id,
                    canonical: other.canonical,
                    kind: other.kind,
                    articles,
                });
            }
        }
        Ok(EntityPage {
            id: entity.id,
            canonical: entity.canonical,
            kind: entity.kind,
            english: entity.english,
            mentions: entity.mentions,
            article_count: entity.articles,
            variants: entity.variants,
            articles,
            related,
        })
    }

    /// An entity's articles, newest first (undated ones last), from the
    /// `offset`th. Which way is cheaper depends on how common the entity
    /// is: a rare one's articles are gathered whole and sorted; for one
    /// named in [`FREQUENT_SHARE`] of the articles or more, the articles
    /// are walked newest first until enough of them name it, which reads
    /// a few hundred rows where gathering would read a hundred thousand.
    fn newest_articles(
        &self,
        entity: &EntitySummary,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<i64>> {
        let frequent = entity.articles.saturating_mul(FREQUENT_SHARE) >= self.last_seq()?;
        let sql = if frequent {
            "SELECT a.seq FROM articles a INDEXED BY articles_by_published
             WHERE EXISTS (SELECT 1 FROM mentions m
                           JOIN entity_names n ON n.name = m.name AND n.kind = m.kind
                           WHERE m.article = a.seq AND n.entity = ?1)
             ORDER BY a.published DESC, a.id LIMIT ?2 OFFSET ?3"
        } else {
            "SELECT a.seq FROM articles a NOT INDEXED
             WHERE a.seq IN (SELECT m.article FROM entity_names n
                             JOIN mentions m ON m.name = n.name AND m.kind = n.kind
                             WHERE n.entity = ?1)
             ORDER BY a.published DESC, a.id LIMIT ?2 OFFSET ?3"
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let mut statement = self.conn.prepare_cached(sql)?;
        let rows = statement.query_map(params![entity.row, limit, offset], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Dated statements about an entity, in date order: every sentence
    /// naming it (or, for a person, opening with a pronoun right after a
    /// sentence whose last person it is) that holds a resolved date; and
    /// each article's first sentence naming it, dated by publication, when
    /// that sentence holds no date.
    pub fn timeline(&self, entity: &EntitySummary) -> Result<Vec<Statement>> {
        let person = entity.kind == EntityType::Person.code();
        let mut statements = Vec::new();
        for seq in self.entity_articles(entity)? {
            let (text, published, article) = self.article_text(seq)?;
            let entity_of: HashMap<(i64, EntityType), i64> = self
                .entities_in(seq)?
                .into_iter()
                .map(|(name, kind, e)| ((name, kind), e))
                .collect();
            // Per sentence: whether it names the entity, and its last person.
            let mut names_it: HashMap<i64, (usize, usize)> = HashMap::new();
            let mut last_person: HashMap<i64, (i64, i64)> = HashMap::new();
            let mut first_person_start: HashMap<i64, i64> = HashMap::new();
            {
                let mut statement = self.conn.prepare_cached(
                    "SELECT sentence, name, kind, start, sentence_start, sentence_end
                     FROM mentions WHERE article = ?1 ORDER BY start",
                )?;
                let mut rows = statement.query(params![seq])?;
                while let Some(row) = rows.next()? {
                    let sentence: i64 = row.get(0)?;
                    let kind = kind_of(row.get_ref(2)?.as_str()?)?;
                    let e = entity_of.get(&(row.get(1)?, kind)).copied().unwrap_or(0);
                    let start: i64 = row.get(3)?;
                    if e == entity.row {
                        let span = (
                            row.get::<_, i64>(4)? as usize,
                            row.get::<_, i64>(5)? as usize,
                        );
                        names_it.insert(sentence, span);
                    }
                    if kind == EntityType::Person {
                        last_person.insert(sentence, (e, start));
                        first_person_start.entry(sentence).or_insert(start);
                    }
                }
            }
            let dates = self.dates_of(seq)?;
            let mut dated_sentences = HashSet::new();
            for d in &dates {
                let Some(statement) = d.statement(&text, &article) else {
                    continue;
                };
                let about = names_it.contains_key(&d.sentence)
                    || (person
                        && last_person.get(&(d.sentence - 1)).map(|p| p.0) == Some(entity.row)
                        && opens_with_pronoun(
                            &statement.sentence,
                            first_person_start
                                .get(&d.sentence)
                                .map(|&s| (s as usize).saturating_sub(d.sentence_start)),
                        ));
                if about {
                    dated_sentences.insert(d.sentence);
                    statements.push(statement);
                }
            }
            let first = names_it.iter().min_by_key(|(sentence, _)| **sentence);
            if let (Some((first, span)), Some(day)) = (first, published)
                && !dated_sentences.contains(first)
                && let Some(sentence) = text.get(span.0..span.1)
            {
                statements.push(Statement {
                    date: day,
                    end_date: None,
                    dated_by: "published",
                    expression: None,
                    sentence: sentence.to_string(),
                    article: article.clone(),
                });
            }
        }
        statements.sort_by(|a, b| {
            sort_key(&a.date)
                .cmp(&sort_key(&b.date))
                .then(a.article.id.cmp(&b.article.id))
        });
        Ok(statements)
    }

    /// An article's text, publication day and reference, in one query.
    pub(crate) fn article_text(&self, seq: i64) -> Result<(String, Option<String>, ArticleRef)> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT a.text, a.id, a.title, s.name, a.published FROM articles a
                 JOIN sources s ON s.id = a.source_id WHERE a.seq = ?1",
            )?
            .query_row(params![seq], |row| {
                let article = article_ref_row(row, 1)?;
                let day = article
                    .published
                    .as_deref()
                    .and_then(|p| p.get(..10))
                    .map(str::to_string);
                Ok((text(row, 0)?, day, article))
            })?)
    }

    pub(crate) fn dates_of(&self, seq: i64) -> Result<Vec<StoredDate>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT start, end, value, end_value, sentence, sentence_start, sentence_end
             FROM dates WHERE article = ?1 ORDER BY start",
        )?;
        let rows = statement.query_map(params![seq], |row| {
            Ok(StoredDate {
                start: row.get::<_, i64>(0)? as usize,
                end: row.get::<_, i64>(1)? as usize,
                value: row.get(2)?,
                end_value: row.get(3)?,
                sentence: row.get(4)?,
                sentence_start: row.get::<_, i64>(5)? as usize,
                sentence_end: row.get::<_, i64>(6)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

pub(crate) struct StoredDate {
    start: usize,
    end: usize,
    value: Option<String>,
    end_value: Option<String>,
    sentence: i64,
    sentence_start: usize,
    sentence_end: usize,
}

impl StoredDate {
    /// The statement its sentence makes, dated by it; `None` if the date
    /// is unresolved (or its spans do not slice the text).
    pub(crate) fn statement(&self, text: &str, article: &ArticleRef) -> Option<Statement> {
        Some(Statement {
            date: self.value.clone()?,
            end_date: self.end_value.clone(),
            dated_by: "text",
            expression: Some(text.get(self.start..self.end)?.to_string()),
            sentence: text
                .get(self.sentence_start..self.sentence_end)?
                .to_string(),
            article: article.clone(),
        })
    }
}

/// Whether a sentence has a third-person pronoun among its first words,
/// before any person it names (`first_person`: byte offset in the sentence).
fn opens_with_pronoun(sentence: &str, first_person: Option<usize>) -> bool {
    let head = first_person
        .and_then(|end| sentence.get(..end))
        .unwrap_or(sentence);
    head.split_whitespace()
        .take(PRONOUN_WINDOW)
        .any(|w| PRONOUNS.contains(&w))
}

/// A date as it sorts: a decade by its first year.
pub(crate) fn sort_key(date: &str) -> String {
    date.replace('X', "0")
}

/// An article reference from columns id, title, source, published, from
/// column `first` on.
pub(crate) fn article_ref_row(row: &rusqlite::Row, first: usize) -> rusqlite::Result<ArticleRef> {
    Ok(ArticleRef {
        id: text(row, first)?,
        title: optional_text(row, first + 1)?,
        source: text(row, first + 2)?,
        published: optional_text(row, first + 3)?,
    })
}

fn summary_row(row: &rusqlite::Row) -> rusqlite::Result<EntitySummary> {
    let variants: String = row.get(7)?;
    Ok(EntitySummary {
        row: row.get(0)?,
        id: row.get(1)?,
        kind: row.get(2)?,
        canonical: row.get(3)?,
        english: row.get(4)?,
        mentions: row.get::<_, i64>(5)? as u64,
        articles: row.get::<_, i64>(6)? as u64,
        variants: serde_json::from_str(&variants).unwrap_or_default(),
    })
}
