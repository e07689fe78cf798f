//! `khabar check`: whether the store, the index and the tables derived
//! from the store agree, what is wrong where they do not, and the repairs
//! that can be made from the store (the record) alone.

use anyhow::Result;
use rusqlite::params;
use rusqlite::types::ValueRef;
use serde::Serialize;

use crate::Corpus;

/// Problems of one kind listed in full, at most; the rest are counted.
const LISTED: usize = 20;

/// What a check found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub counts: Counts,
    pub problems: Vec<Problem>,
}

/// What the data directory holds.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub articles: u64,
    pub indexed: u64,
    pub mentions: u64,
    pub dates: u64,
    pub entities: u64,
    pub copies: u64,
    pub stories: u64,
}

/// One thing found wrong.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// `store`, `index`, `entities` or `stories`.
    pub part: &'static str,
    pub problem: String,
    /// What to do about it.
    pub repair: String,
    /// Whether `khabar check --repair` does it.
    pub repairable: bool,
    #[serde(skip)]
    fix: Option<Fix>,
}

/// The repairs made from the store, in the order they are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fix {
    InvalidText,
    Orphans,
    Features,
    Reindex,
    Entities,
    Stories,
    Index,
}

impl Problem {
    fn new(part: &'static str, problem: String, fix: Fix) -> Problem {
        let repair = match fix {
            Fix::InvalidText => {
                "replace the bytes that are not UTF-8 by U+FFFD (the rest of the text is kept)"
            }
            Fix::Orphans => "delete the rows of articles that are not stored",
            Fix::Features => "compute the copy and story features of those articles",
            Fix::Reindex => "finish the reindex (`khabar reindex` takes it up where it stopped)",
            Fix::Entities => "resolve the entities again",
            Fix::Stories => "find the copies and stories of the articles not placed yet",
            Fix::Index => "rebuild the index from the store",
        };
        Problem {
            part,
            problem,
            repair: repair.to_string(),
            repairable: true,
            fix: Some(fix),
        }
    }

    fn manual(part: &'static str, problem: String, repair: String) -> Problem {
        Problem {
            part,
            problem,
            repair,
            repairable: false,
            fix: None,
        }
    }
}

impl Corpus {
    /// Checks the store (SQLite's own check, then every text column is
    /// UTF-8), the index (files, checksums, count and mark) and the derived
    /// tables (facts, entities, copies and stories). Reads everything once.
    pub fn check(&self) -> Result<CheckReport> {
        let mut problems = Vec::new();
        let conn = &self.store.conn;
        let store = crate::store_path(&self.dir);

        let integrity: Vec<String> = conn
            .prepare("PRAGMA quick_check(20)")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if integrity != ["ok"] {
            problems.push(Problem::manual(
                "store",
                format!("SQLite finds the file damaged: {}", integrity.join("; ")),
                format!(
                    "restore {} from a backup, or recover what is readable with \
                     `sqlite3 {} .recover`",
                    store.display(),
                    store.display()
                ),
            ));
        }
        problems.extend(self.invalid_texts()?);

        let count = |sql: &str| -> Result<u64> {
            Ok(conn.query_row(sql, [], |row| row.get::<_, i64>(0))? as u64)
        };
        let orphans = count(
            "SELECT (SELECT COUNT(*) FROM mentions WHERE article NOT IN (SELECT seq FROM articles))
                  + (SELECT COUNT(*) FROM dates WHERE article NOT IN (SELECT seq FROM articles))
                  + (SELECT COUNT(*) FROM features WHERE article NOT IN (SELECT seq FROM articles))
                  + (SELECT COUNT(*) FROM story_articles WHERE article NOT IN (SELECT seq FROM articles))
                  + (SELECT COUNT(*) FROM copies_not_kept WHERE article NOT IN (SELECT seq FROM articles))
                  + (SELECT COUNT(*) FROM bands WHERE article NOT IN (SELECT seq FROM articles))
                  + (SELECT COUNT(*) FROM copies
                     WHERE a NOT IN (SELECT seq FROM articles) OR b NOT IN (SELECT seq FROM articles))",
        )?;
        if orphans > 0 {
            problems.push(Problem::new(
                "store",
                format!(
                    "{orphans} rows of facts, features, copies or stories name no stored article"
                ),
                Fix::Orphans,
            ));
        }
        let featureless = count(
            "SELECT COUNT(*) FROM articles a LEFT JOIN features f ON f.article = a.seq
             WHERE f.article IS NULL",
        )?;
        if featureless > 0 {
            problems.push(Problem::new(
                "stories",
                format!("{featureless} articles have no copy and story features"),
                Fix::Features,
            ));
        }

        if let Some((done, of)) = self.store.unfinished_reindex()? {
            problems.push(Problem::new(
                "entities",
                format!("a reindex stopped after {done} of {of} articles"),
                Fix::Reindex,
            ));
        } else if let Some(version) = self.store.facts_version()?
            && version != crate::facts::version()
        {
            problems.push(Problem::manual(
                "entities",
                format!(
                    "the entities and dates were found by another model ({version}, this Khabar \
                     has {})",
                    crate::facts::version()
                ),
                "run `khabar reindex`".to_string(),
            ));
        }
        if !self.store.entities_current()? {
            problems.push(Problem::new(
                "entities",
                "articles were stored since the entities were last resolved".to_string(),
                Fix::Entities,
            ));
        }
        if !self.store.stories_current()? {
            problems.push(Problem::new(
                "stories",
                "articles were stored since copies and stories were last found".to_string(),
                Fix::Stories,
            ));
        }
        let unplaced = count(&format!(
            "SELECT COUNT(*) FROM articles a LEFT JOIN story_articles s ON s.article = a.seq
             WHERE s.article IS NULL AND a.seq <= {}",
            self.store.stories_mark()?
        ))?;
        if unplaced > 0 {
            problems.push(Problem::manual(
                "stories",
                format!("{unplaced} articles before the stories' mark are in no story"),
                "ingest them into a new data directory, or tell us: this should not happen"
                    .to_string(),
            ));
        }

        let counts = Counts {
            articles: self.store.article_count()?,
            indexed: self.index.num_docs(),
            mentions: count("SELECT COUNT(*) FROM mentions")?,
            dates: count("SELECT COUNT(*) FROM dates")?,
            entities: count("SELECT COUNT(*) FROM entities")?,
            copies: count("SELECT COUNT(*) FROM copies")?,
            stories: count("SELECT COUNT(DISTINCT story) FROM story_articles")?,
        };
        let index_dir = crate::index_dir(&self.dir);
        let damage = self.index.damage();
        let mark = self.index.committed_through()?;
        let last = self.store.last_seq()?;
        if !damage.is_empty() {
            problems.push(Problem::new(
                "index",
                format!("damaged files: {}", damage.join("; ")),
                Fix::Index,
            ));
        } else if mark > last || (mark == last && counts.indexed != counts.articles) {
            problems.push(Problem::new(
                "index",
                format!(
                    "{} holds {} articles up to {mark}; the store {} up to {last}",
                    index_dir.display(),
                    counts.indexed,
                    counts.articles
                ),
                Fix::Index,
            ));
        } else if mark < last {
            problems.push(Problem::new(
                "index",
                format!("the index lacks the articles stored after {mark}"),
                Fix::Index,
            ));
        }
        Ok(CheckReport { counts, problems })
    }

    /// Makes the repairs the report names that can be made from the store,
    /// and says what each did.
    pub fn repair(
        &mut self,
        report: &CheckReport,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Vec<String>> {
        let mut fixes: Vec<Fix> = report.problems.iter().filter_map(|p| p.fix).collect();
        fixes.sort();
        fixes.dedup();
        if fixes.is_empty() {
            return Ok(Vec::new());
        }
        self.lock()?;
        let mut done = Vec::new();
        for fix in fixes {
            done.push(match fix {
                Fix::InvalidText => {
                    let n = self.store.replace_invalid_texts()?;
                    format!("replaced the bytes that are not UTF-8 in {n} articles")
                }
                Fix::Orphans => {
                    let n = self.store.delete_orphans()?;
                    format!("deleted {n} rows that named no stored article")
                }
                Fix::Features => {
                    self.store.add_missing_features(0)?;
                    "computed the missing copy and story features".to_string()
                }
                Fix::Reindex => {
                    let summary = self.reindex(crate::CATCH_UP_BATCH, progress)?;
                    format!("finished the reindex ({} articles)", summary.articles)
                }
                Fix::Entities => {
                    self.store.resolve_entities()?;
                    "resolved the entities".to_string()
                }
                Fix::Stories => {
                    let summary = self.store.update_stories()?;
                    format!("placed {} articles in stories", summary.articles)
                }
                Fix::Index => {
                    self.rebuild_index()?;
                    "rebuilt the index from the store".to_string()
                }
            });
        }
        Ok(done)
    }

    /// Articles with a text column that is not UTF-8, by id.
    fn invalid_texts(&self) -> Result<Vec<Problem>> {
        let mut statement = self.store.conn.prepare(
            "SELECT seq, id, url, title, published, text, meta, origin FROM articles ORDER BY seq",
        )?;
        let columns = ["id", "url", "title", "published", "text", "meta", "origin"];
        let mut rows = statement.query([])?;
        let mut found: Vec<String> = Vec::new();
        let mut more = 0;
        while let Some(row) = rows.next()? {
            let mut bad: Vec<String> = Vec::new();
            for (i, column) in columns.iter().enumerate() {
                if let ValueRef::Text(bytes) = row.get_ref(i + 1)?
                    && let Err(e) = std::str::from_utf8(bytes)
                {
                    bad.push(format!("{column} at byte {}", e.valid_up_to()));
                }
            }
            if bad.is_empty() {
                continue;
            }
            if found.len() == LISTED {
                more += 1;
                continue;
            }
            let seq: i64 = row.get(0)?;
            let id = crate::store::text(row, 1)?;
            found.push(format!("article {id} (#{seq}): {}", bad.join(", ")));
        }
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let mut problem = format!("text that is not valid UTF-8: {}", found.join("; "));
        if more > 0 {
            problem.push_str(&format!("; and {more} more articles"));
        }
        Ok(vec![Problem::new("store", problem, Fix::InvalidText)])
    }
}

impl crate::Store {
    /// Rewrites every article text column that is not UTF-8, the bad bytes
    /// replaced by U+FFFD; returns the number of articles changed.
    fn replace_invalid_texts(&mut self) -> Result<u64> {
        let columns = ["id", "url", "title", "published", "text", "meta", "origin"];
        let tx = self.conn.transaction()?;
        let mut changed = 0;
        {
            let mut statement = tx.prepare(
                "SELECT seq, id, url, title, published, text, meta, origin FROM articles",
            )?;
            let mut rows = statement.query([])?;
            let mut fixes: Vec<(i64, &str, String)> = Vec::new();
            while let Some(row) = rows.next()? {
                let before = fixes.len();
                for (i, column) in columns.iter().enumerate() {
                    if let ValueRef::Text(bytes) = row.get_ref(i + 1)?
                        && std::str::from_utf8(bytes).is_err()
                    {
                        let seq: i64 = row.get(0)?;
                        fixes.push((seq, column, String::from_utf8_lossy(bytes).into_owned()));
                    }
                }
                changed += u64::from(fixes.len() > before);
            }
            drop(rows);
            for (seq, column, text) in &fixes {
                tx.execute(
                    &format!("UPDATE articles SET {column} = ?1 WHERE seq = ?2"),
                    params![text, seq],
                )?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Deletes the rows of derived tables that name no stored article.
    fn delete_orphans(&mut self) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let mut deleted = 0;
        for sql in [
            "DELETE FROM mentions WHERE article NOT IN (SELECT seq FROM articles)",
            "DELETE FROM dates WHERE article NOT IN (SELECT seq FROM articles)",
            "DELETE FROM features WHERE article NOT IN (SELECT seq FROM articles)",
            "DELETE FROM story_articles WHERE article NOT IN (SELECT seq FROM articles)",
            "DELETE FROM copies_not_kept WHERE article NOT IN (SELECT seq FROM articles)",
            "DELETE FROM bands WHERE article NOT IN (SELECT seq FROM articles)",
            "DELETE FROM copies WHERE a NOT IN (SELECT seq FROM articles)
                                   OR b NOT IN (SELECT seq FROM articles)",
        ] {
            deleted += tx.execute(sql, [])? as u64;
        }
        tx.execute_batch(crate::update::COUNT_STORY_SIZES)?;
        tx.commit()?;
        Ok(deleted)
    }
}
