//! The article store: one SQLite file (articles, sources, the ingest log).
//!
//! SQLite is the record; the search index is derived from it. Articles get
//! a sequence number in commit order (never reused), which is how far the
//! index has caught up. The database runs in WAL mode, so a process killed
//! at any moment leaves it with every committed transaction and none of the
//! rest.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use khabar_ingest::Rejection;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::entities::write_facts;
use crate::facts::Facts;
use crate::features::Features;
use crate::update::write_features;

/// The schema's version, kept in SQLite's `user_version`, so that a later
/// Khabar can tell which store it opens.
/// Version 2 added the analysis tables (names, mentions, dates, entities);
/// 3 the tables of copies and stories (features, copies, story_articles).
const SCHEMA_VERSION: i64 = 3;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    url TEXT,
    title TEXT,
    published TEXT,
    day INTEGER,
    text TEXT NOT NULL,
    meta TEXT NOT NULL,
    origin TEXT NOT NULL,
    ingest_run INTEGER NOT NULL REFERENCES ingest_runs(id)
);
CREATE INDEX IF NOT EXISTS articles_by_source ON articles(source_id);
CREATE TABLE IF NOT EXISTS ingest_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    paths TEXT NOT NULL,
    files INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    present INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS rejections (
    ingest_run INTEGER NOT NULL REFERENCES ingest_runs(id),
    origin TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

/// An article ready to be stored.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub id: String,
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// RFC 3339, in the article's own time zone.
    pub published: Option<String>,
    pub day: Option<i64>,
    /// The display text: cleaned, paragraphs separated by a blank line.
    pub text: String,
    /// Entity mentions and dates in `text`.
    pub facts: Facts,
    /// What copy detection and story clustering need.
    pub features: Features,
    /// Every other field the input gave, as a JSON object.
    pub meta: String,
    /// The file (and line or record) it came from.
    pub origin: String,
}

/// An article as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub id: String,
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub meta: serde_json::Value,
    pub origin: String,
}

/// What the index needs of an article.
pub struct ForIndex {
    pub seq: u64,
    pub id: String,
    pub source: String,
    pub title: String,
    pub text: String,
    pub day: Option<i64>,
}

/// Counts over the whole store.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub sources: Vec<Count>,
    /// Articles per month of publication (`YYYY-MM`), then those without a date.
    pub months: Vec<Count>,
    pub undated: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub name: String,
    pub articles: u64,
}

pub struct Store {
    pub(crate) conn: Connection,
    source_ids: HashMap<String, i64>,
    /// Interned names and spellings (`names` table), as in the store.
    pub(crate) name_ids: HashMap<String, i64>,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        let name = path.display();
        let conn = Connection::open(path).with_context(|| format!("{name}: cannot open"))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        )
        .with_context(|| format!("{name}: not a Khabar article store"))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            bail!(
                "{name}: made by a newer Khabar (store schema {version}, this one knows {SCHEMA_VERSION})"
            );
        }
        conn.execute_batch(SCHEMA)
            .and_then(|()| conn.execute_batch(crate::entities::SCHEMA))
            .and_then(|()| conn.execute_batch(crate::update::SCHEMA))
            .with_context(|| format!("{name}: not a Khabar article store"))?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(Store {
            conn,
            source_ids: HashMap::new(),
            name_ids: HashMap::new(),
        })
    }

    /// Starts an ingest run in the log, and returns its number.
    pub fn begin_run(&self, paths: &str) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO ingest_runs (started_at, paths) VALUES (datetime('now'), ?1)",
            params![paths],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish_run(&self, run: i64, files: u64) -> Result<()> {
        self.conn.execute(
            "UPDATE ingest_runs SET finished_at = datetime('now'), files = ?2 WHERE id = ?1",
            params![run, files as i64],
        )?;
        Ok(())
    }

    /// Which of these ids are stored already.
    pub fn present<'a>(&self, ids: impl Iterator<Item = &'a str>) -> Result<Vec<bool>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
        ids.map(|id| Ok(statement.exists(params![id])?)).collect()
    }

    /// Stores a batch in one transaction, with the rejections met while
    /// reading it. Returns, per article, its sequence number, or `None` if
    /// an article with its id was stored already.
    pub fn insert(
        &mut self,
        run: i64,
        articles: &[NewArticle],
        rejections: &[Rejection],
    ) -> Result<Vec<Option<u64>>> {
        let outcome = self.insert_batch(run, articles, rejections);
        if outcome.is_err() {
            // Rolled back: the cached ids may name rows that are gone.
            self.source_ids.clear();
            self.name_ids.clear();
        }
        outcome
    }

    fn insert_batch(
        &mut self,
        run: i64,
        articles: &[NewArticle],
        rejections: &[Rejection],
    ) -> Result<Vec<Option<u64>>> {
        let tx = self.conn.transaction()?;
        let mut seqs = Vec::with_capacity(articles.len());
        {
            let mut source_of = tx.prepare_cached("SELECT id FROM sources WHERE name = ?1")?;
            let mut add_source = tx.prepare_cached("INSERT INTO sources (name) VALUES (?1)")?;
            let mut add = tx.prepare_cached(
                "INSERT OR IGNORE INTO articles
                 (id, source_id, url, title, published, day, text, meta, origin, ingest_run)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for article in articles {
                let source = match self.source_ids.get(&article.source) {
                    Some(&id) => id,
                    None => {
                        let id = match source_of
                            .query_row(params![article.source], |row| row.get(0))
                            .optional()?
                        {
                            Some(id) => id,
                            None => {
                                add_source.execute(params![article.source])?;
                                tx.last_insert_rowid()
                            }
                        };
                        self.source_ids.insert(article.source.clone(), id);
                        id
                    }
                };
                let inserted = add.execute(params![
                    article.id,
                    source,
                    article.url,
                    article.title,
                    article.published,
                    article.day,
                    article.text,
                    article.meta,
                    article.origin,
                    run
                ])?;
                let seq = (inserted == 1).then(|| tx.last_insert_rowid() as u64);
                if let Some(seq) = seq {
                    write_facts(&tx, &mut self.name_ids, seq, &article.facts)?;
                    write_features(&tx, seq, &article.features)?;
                }
                seqs.push(seq);
            }
            let mut reject = tx.prepare_cached(
                "INSERT INTO rejections (ingest_run, origin, reason) VALUES (?1, ?2, ?3)",
            )?;
            for rejection in rejections {
                reject.execute(params![run, rejection.origin, rejection.reason])?;
            }
            let added = seqs.iter().filter(|s| s.is_some()).count() as i64;
            tx.execute(
                "UPDATE ingest_runs SET added = added + ?2, present = present + ?3,
                 rejected = rejected + ?4 WHERE id = ?1",
                params![
                    run,
                    added,
                    articles.len() as i64 - added,
                    rejections.len() as i64
                ],
            )?;
        }
        tx.commit()?;
        Ok(seqs)
    }

    /// The sequence number of the last article stored (0 for none).
    pub fn last_seq(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM articles", [], |row| {
                row.get::<_, i64>(0)
            })? as u64)
    }

    /// Up to `limit` articles stored after sequence number `after`, in order.
    pub fn for_index(&self, after: u64, limit: usize) -> Result<Vec<ForIndex>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.seq, a.id, s.name, COALESCE(a.title, ''), a.text, a.day
             FROM articles a JOIN sources s ON s.id = a.source_id
             WHERE a.seq > ?1 ORDER BY a.seq LIMIT ?2",
        )?;
        let rows = statement.query_map(params![after as i64, limit as i64], |row| {
            Ok(ForIndex {
                seq: row.get::<_, i64>(0)? as u64,
                id: row.get(1)?,
                source: row.get(2)?,
                title: row.get(3)?,
                text: row.get(4)?,
                day: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every article's text, in the order stored.
    pub fn texts(&self) -> Result<Vec<String>> {
        let mut statement = self
            .conn
            .prepare("SELECT text FROM articles ORDER BY seq")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, s.name, a.url, a.title, a.published, a.text, a.meta, a.origin
             FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?1",
        )?;
        Ok(statement
            .query_row(params![id], |row| {
                let meta: String = row.get(6)?;
                Ok(Article {
                    id: row.get(0)?,
                    source: row.get(1)?,
                    url: row.get(2)?,
                    title: row.get(3)?,
                    published: row.get(4)?,
                    text: row.get(5)?,
                    meta: serde_json::from_str(&meta).unwrap_or(serde_json::Value::Null),
                    origin: row.get(7)?,
                })
            })
            .optional()?)
    }

    pub fn stats(&self) -> Result<Stats> {
        let counts = |sql: &str| -> Result<Vec<Count>> {
            let mut statement = self.conn.prepare(sql)?;
            let rows = statement.query_map([], |row| {
                Ok(Count {
                    name: row.get(0)?,
                    articles: row.get::<_, i64>(1)? as u64,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let articles = self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |row| {
                row.get::<_, i64>(0)
            })? as u64;
        let undated = self.conn.query_row(
            "SELECT COUNT(*) FROM articles WHERE published IS NULL",
            [],
            |row| row.get::<_, i64>(0),
        )? as u64;
        Ok(Stats {
            articles,
            sources: counts(
                "SELECT s.name, COUNT(*) AS n FROM articles a JOIN sources s ON s.id = a.source_id
                 GROUP BY s.name ORDER BY n DESC, s.name",
            )?,
            months: counts(
                "SELECT substr(published, 1, 7) AS month, COUNT(*) FROM articles
                 WHERE published IS NOT NULL GROUP BY month ORDER BY month",
            )?,
            undated,
        })
    }
}
