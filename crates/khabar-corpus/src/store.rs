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
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};
use serde::Serialize;

use crate::entities::write_facts;
use crate::facts::Facts;
use crate::features::Features;
use crate::update::write_features;

/// The schema's version, kept in SQLite's `user_version`, so that a later
/// Khabar can tell which store it opens.
/// Version 2 added the analysis tables (names, mentions, dates, entities);
/// 3 the tables of copies and stories (features, copies, story_articles);
/// 4 the count of copy pairs not kept (copies_not_kept);
/// 5 the stored LSH buckets (bands) and the order in which articles were
/// placed in stories (story_articles.placed); 6 the counts and keys of
/// each entity name that incremental resolution matches on (entities.place,
/// entity_names.mentions and written, name_buckets, name_short_forms).
const SCHEMA_VERSION: i64 = 8;
/// Prepared statements kept per connection. (Statements run once per
/// article also write their LIMIT into the SQL: SQLite prepares a
/// statement again each time a LIMIT parameter is bound.)
const STATEMENT_CACHE: usize = 128;
/// The page cache of a connection, SQLite's default (about 2 MiB): a
/// reader or a small batch reads little, and a cache holds every page it
/// has read.
const PAGE_CACHE_KIB: i64 = 2_000;
/// The page cache of a large update, at most.
const LARGE_PAGE_CACHE_KIB: i64 = 64 * 1024;
/// The oldest schema that this Khabar can read without upgrading it (when
/// it cannot write): later versions only added tables that readers do not
/// need.
const OLDEST_READABLE: i64 = 3;

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
-- The newest articles first, as the page of a frequent entity lists them.
CREATE INDEX IF NOT EXISTS articles_by_published ON articles(published DESC, id);
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
    read_only_because: Option<String>,
}

impl Store {
    /// Makes a new, empty store at `path`. It is built under a temporary
    /// name and renamed into place, so that a run killed while creating it
    /// never leaves a file that looks like an empty store.
    pub fn create(path: &Path) -> Result<Store> {
        let name = path.display();
        let building = path.with_extension("sqlite.new");
        if building.exists() {
            // Left by a run killed while creating the store: ours, and empty.
            std::fs::remove_file(&building)
                .with_context(|| format!("{}: cannot remove", building.display()))?;
        }
        {
            let conn = Connection::open(&building).map_err(|e| explain(e, path))?;
            conn.execute_batch("PRAGMA journal_mode = WAL;")
                .map_err(|e| explain(e, path))?;
            migrate(&conn, 0).map_err(|e| explain(e, path))?;
            conn.close().map_err(|(_, e)| explain(e, path))?;
        }
        std::fs::rename(&building, path).with_context(|| format!("{name}: cannot create"))?;
        Store::open(path)
    }

    /// Opens the store at `path`, which must be a Khabar article store: an
    /// empty file, another kind of file or another SQLite database is
    /// refused, and nothing is written to it. A store made by an older
    /// Khabar is upgraded in place.
    pub fn open(path: &Path) -> Result<Store> {
        let name = path.display();
        let mut header = [0u8; 16];
        let read = std::fs::File::open(path)
            .and_then(|mut file| {
                use std::io::Read;
                let mut read = 0;
                while read < header.len() {
                    match file.read(&mut header[read..])? {
                        0 => break,
                        n => read += n,
                    }
                }
                Ok(read)
            })
            .with_context(|| format!("{name}: cannot read"))?;
        if read == 0 {
            bail!(
                "{name}: empty file (0 bytes), not a Khabar article store; nothing was changed \
                 (move it away to start a new store, or restore it from a backup)"
            );
        }
        if &header[..read] != SQLITE_HEADER {
            bail!(
                "{name}: not a Khabar article store (not an SQLite database); nothing was changed"
            );
        }
        // Why the store could be opened for reading only, if it could.
        let mut read_only_because = None;
        let conn = match Connection::open(path) {
            Ok(conn) => conn,
            Err(error) => {
                let reason = format!("{:#}", explain(error, path));
                let conn = read_only(path).map_err(|_| anyhow::anyhow!("{reason}"))?;
                read_only_because = Some(reason);
                conn
            }
        };
        configure(&conn)?;
        let conn = match schema_version(&conn) {
            Ok(version) => {
                check_version(version, path)?;
                if version < SCHEMA_VERSION {
                    migrate(&conn, version).map_err(|e| {
                        explain(e, path).context(format!(
                            "{name}: made by an older Khabar (schema {version}), and it cannot be upgraded"
                        ))
                    })?;
                }
                conn
            }
            // A WAL store in a directory this process cannot write to, or
            // on a full disk: readable all the same.
            Err(error) if is_unwritable(&error) => {
                let reason = format!("{:#}", explain(error, path));
                let conn = read_only(path).map_err(|_| anyhow::anyhow!("{reason}"))?;
                configure(&conn)?;
                read_only_because = Some(reason);
                let version = schema_version(&conn).map_err(|e| explain(e, path))?;
                check_version(version, path)?;
                if version < OLDEST_READABLE {
                    bail!(
                        "{name}: made by an older Khabar (schema {version}); upgrading it needs write access"
                    );
                }
                conn
            }
            Err(error) => return Err(explain(error, path)),
        };
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(|e| explain(e, path))?;
        Ok(Store {
            conn,
            source_ids: HashMap::new(),
            name_ids: HashMap::new(),
            read_only_because,
        })
    }

    /// Why the store is open for reading only (a read-only directory, a
    /// full disk), if it is.
    pub fn read_only_because(&self) -> Option<&str> {
        self.read_only_because.as_deref()
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

    /// How many articles are stored.
    pub fn article_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |row| {
                row.get::<_, i64>(0)
            })? as u64)
    }

    /// How many articles are stored up to sequence number `seq`.
    pub fn articles_through(&self, seq: u64) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM articles WHERE seq <= ?1",
            params![seq as i64],
            |row| row.get::<_, i64>(0),
        )? as u64)
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
                id: text(row, 1)?,
                source: text(row, 2)?,
                title: text(row, 3)?,
                text: text(row, 4)?,
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
        let rows = statement.query_map([], |row| text(row, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, s.name, a.url, a.title, a.published, a.text, a.meta, a.origin
             FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?1",
        )?;
        Ok(statement
            .query_row(params![id], |row| {
                let meta = text(row, 6)?;
                Ok(Article {
                    id: text(row, 0)?,
                    source: text(row, 1)?,
                    url: optional_text(row, 2)?,
                    title: optional_text(row, 3)?,
                    published: optional_text(row, 4)?,
                    text: text(row, 5)?,
                    meta: serde_json::from_str(&meta).unwrap_or(serde_json::Value::Null),
                    origin: text(row, 7)?,
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

/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The store's schema version; 0 for an SQLite database that is not a
/// Khabar store (or a store from before versions, which has `articles`).
fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version > 0 {
        return Ok(version);
    }
    let has_articles: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles')",
        [],
        |row| row.get(0),
    )?;
    Ok(i64::from(has_articles))
}

fn check_version(version: i64, path: &Path) -> Result<()> {
    let name = path.display();
    if version == 0 {
        bail!("{name}: an SQLite database, but not a Khabar article store; nothing was changed");
    }
    if version > SCHEMA_VERSION {
        bail!(
            "{name}: made by a newer Khabar (store schema {version}, this one knows {SCHEMA_VERSION})"
        );
    }
    Ok(())
}

/// Creates what is missing of the schema, upgrading a store of `version`,
/// and records the new version, in one transaction.
fn migrate(conn: &Connection, version: i64) -> rusqlite::Result<()> {
    let mut upgrade = String::new();
    if version < 5 {
        upgrade.push_str(crate::update::UPGRADE_TO_5);
    }
    if version < 6 {
        upgrade.push_str(crate::resolution::UPGRADE_TO_6);
    }
    if version < 8 {
        upgrade.push_str(crate::resolution::UPGRADE_TO_8);
    }
    // Filled once the tables they read from are there.
    let filled = if version < 7 {
        crate::update::COUNT_STORY_SIZES
    } else {
        ""
    };
    conn.execute_batch(&format!(
        "BEGIN; {SCHEMA} {upgrade} {} {} {} {filled} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;",
        crate::entities::SCHEMA,
        crate::resolution::SCHEMA,
        crate::update::SCHEMA
    ))
}

/// Sizes the page cache for an update of `articles`: SQLite's default
/// 2 MiB would spill a large update's dirty pages to the log in the middle
/// of its transaction and read the rest through system calls (a third of
/// the time of 40,000 articles added to 440,000), while a batch of ten
/// needs no more.
pub(crate) fn cache_for(conn: &Connection, articles: usize) -> rusqlite::Result<()> {
    let kib = (articles as i64 * 2).clamp(PAGE_CACHE_KIB, LARGE_PAGE_CACHE_KIB);
    conn.pragma_update(None, "cache_size", -kib)
}

/// What every connection to a store is set up with.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // An update runs some thirty statements per article; rusqlite's
    // default cache of 16 would prepare most of them again each time.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // Without the planner's stability guarantee, a statement whose plan
    // could depend on a bound value is marked expired when rusqlite clears
    // its bindings on return to the cache, and is compiled again at every
    // use: a tenth of an ingest's time at 120,000 articles.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// The store opened for reading only, without the shared-memory file that
/// WAL mode wants beside it: possible when no write-ahead log is pending
/// (none can be, in a directory nobody can write to).
fn read_only(path: &Path) -> rusqlite::Result<Connection> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
            Some("a write-ahead log is pending".into()),
        ));
    }
    let uri = format!(
        "file:{}?immutable=1",
        path.display()
            .to_string()
            .replace('%', "%25")
            .replace('?', "%3F")
            .replace('#', "%23")
    );
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// Whether `error` says the store cannot be written to, or SQLite cannot
/// make its shared-memory file beside it (a full disk, a read-only
/// directory).
fn is_unwritable(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    ) || is_shared_memory_error(error)
}

fn is_shared_memory_error(error: &rusqlite::Error) -> bool {
    use rusqlite::ffi;
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _) if matches!(
            e.extended_code,
            ffi::SQLITE_IOERR_SHMOPEN | ffi::SQLITE_IOERR_SHMSIZE | ffi::SQLITE_IOERR_SHMMAP
        )
    )
}

/// An SQLite error on the store at `path`, told as what the user can do
/// about it.
pub(crate) fn explain(error: rusqlite::Error, path: &Path) -> anyhow::Error {
    match advice(&error, path) {
        Some(what) => anyhow::Error::new(error).context(what),
        None => anyhow::Error::new(error).context(format!("{}", path.display())),
    }
}

/// `error`, with what the user can do about it if an SQLite error on the
/// store at `path` caused it (a full disk, a lock held too long, ...).
pub fn explained(error: anyhow::Error, path: &Path) -> anyhow::Error {
    let what = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<rusqlite::Error>())
        .and_then(|sqlite| advice(sqlite, path))
        .or_else(|| {
            (is_disk_full(&error) || writer_stopped_on_full_disk(&error, path)).then(|| {
                format!(
                    "{}: the disk is full; what was committed is kept",
                    path.parent().unwrap_or(path).display()
                )
            })
        });
    match what {
        Some(what) if !error.chain().any(|cause| cause.to_string() == what) => error.context(what),
        _ => error,
    }
}

/// A full disk met by the index writer: tantivy hands on the OS's error as
/// text, so besides a typed `StorageFull` its ENOSPC message counts.
fn is_disk_full(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::StorageFull)
            || cause.to_string().contains("(os error 28)")
    })
}

/// tantivy's index writer stops for good when one of its threads meets an
/// I/O error, and then says only that it was killed: told as a full disk
/// when the data directory's disk has (next to) no space left.
fn writer_stopped_on_full_disk(error: &anyhow::Error, path: &Path) -> bool {
    const NEXT_TO_NOTHING: u64 = 1 << 20;
    error
        .chain()
        .any(|cause| cause.to_string().contains("index writer was killed"))
        && path
            .parent()
            .and_then(|dir| fs4::available_space(dir).ok())
            .is_some_and(|free| free < NEXT_TO_NOTHING)
}

fn advice(error: &rusqlite::Error, path: &Path) -> Option<String> {
    let name = path.display();
    let dir = path.parent().unwrap_or(path).display();
    if is_shared_memory_error(error) {
        return Some(format!(
            "{name}: cannot make the shared-memory file SQLite keeps beside the store: \
             is the disk full, or {dir} read-only?"
        ));
    }
    Some(match error.sqlite_error_code()? {
        ErrorCode::ReadOnly | ErrorCode::PermissionDenied => {
            format!("{name}: cannot write: {dir} is read-only (file system or permissions)")
        }
        ErrorCode::CannotOpen => {
            format!("{name}: cannot open it for writing: is {dir} read-only, or the disk full?")
        }
        ErrorCode::DiskFull => format!("{name}: the disk is full; nothing more was written"),
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => format!(
            "{name}: locked by another process for longer than 10 s; try again when it has finished"
        ),
        ErrorCode::NotADatabase => {
            format!(
                "{name}: not a Khabar article store (not an SQLite database); nothing was changed"
            )
        }
        ErrorCode::DatabaseCorrupt => format!(
            "{name}: the store is damaged; restore it from a backup, or recover what is \
             readable with `sqlite3 {name} .recover`"
        ),
        _ => return None,
    })
}

/// A text column read even when it is damaged: bytes that are not UTF-8
/// become U+FFFD, so that one broken article does not break every search,
/// listing and reindex that meets it (`khabar check` names it).
pub(crate) struct Lossy(pub String);

impl rusqlite::types::FromSql for Lossy {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match value {
            rusqlite::types::ValueRef::Text(bytes) => {
                Ok(Lossy(String::from_utf8_lossy(bytes).into_owned()))
            }
            _ => Err(rusqlite::types::FromSqlError::InvalidType),
        }
    }
}

/// A text column, as [`Lossy`].
pub(crate) fn text(row: &rusqlite::Row, column: usize) -> rusqlite::Result<String> {
    Ok(row.get::<_, Lossy>(column)?.0)
}

/// A text column that may be NULL, as [`Lossy`].
pub(crate) fn optional_text(
    row: &rusqlite::Row,
    column: usize,
) -> rusqlite::Result<Option<String>> {
    Ok(row.get::<_, Option<Lossy>>(column)?.map(|t| t.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real SQLite error, from a real file, told as what to do.
    fn advice_for(setup: &str, statement: &str, flags: OpenFlags) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("articles.sqlite");
        Connection::open(&path)
            .unwrap()
            .execute_batch(&format!("CREATE TABLE t (x BLOB); {setup}"))
            .unwrap();
        let conn = Connection::open_with_flags(&path, flags).unwrap();
        let error = conn.execute_batch(statement).unwrap_err();
        format!("{:#}", explain(error, &path))
    }

    #[test]
    fn sqlite_errors_are_told_as_what_to_do() {
        let read_only = advice_for(
            "",
            "INSERT INTO t VALUES (1)",
            OpenFlags::SQLITE_OPEN_READ_ONLY,
        );
        assert!(read_only.contains("cannot write:") && read_only.contains("is read-only"));
        let full = advice_for(
            "",
            "PRAGMA max_page_count = 3; INSERT INTO t VALUES (zeroblob(100000))",
            OpenFlags::default(),
        );
        assert!(
            full.contains("the disk is full; nothing more was written"),
            "{full}"
        );
    }

    #[test]
    fn a_full_disk_met_by_the_index_writer_is_told_as_such() {
        let path = Path::new("data/articles.sqlite");
        let typed = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::StorageFull));
        // How tantivy's index writer passes ENOSPC on.
        let as_text = anyhow::anyhow!("Internal error: 'No space left on device (os error 28)'");
        for error in [typed, as_text] {
            let told = format!("{:#}", explained(error, path));
            assert!(
                told.starts_with("data: the disk is full; what was committed is kept"),
                "{told}"
            );
        }
        let other = format!("{:#}", explained(anyhow::anyhow!("no such file"), path));
        assert_eq!(other, "no such file");
    }

    #[test]
    fn a_new_store_is_built_aside_and_an_empty_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("articles.sqlite");
        // Left by a run killed while creating the store.
        std::fs::write(path.with_extension("sqlite.new"), b"half").unwrap();
        Store::create(&path).unwrap();
        assert!(!path.with_extension("sqlite.new").exists());
        assert_eq!(Store::open(&path).unwrap().article_count().unwrap(), 0);
        std::fs::write(&path, b"").unwrap();
        let refused = Store::open(&path).err().unwrap().to_string();
        assert!(refused.contains("empty file (0 bytes)"), "{refused}");
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    }
}
