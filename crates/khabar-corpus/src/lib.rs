//! The Khabar corpus: a data directory holding the article store (SQLite)
//! and the search index (tantivy), kept in step.
//!
//! - [`store`]: articles, sources and the ingest log in `articles.sqlite`.
//! - [`ingest`]: files to stored, indexed articles, in batches, crash-safe.
//! - [`search`]: search hits with their article's title, source, date and a
//!   snippet.
//! - [`id`]: stable article ids; [`day`]: publication days.
//!
//! The store is the record and the index is derived from it: a batch is
//! committed to SQLite first, then to the index with a mark saying how far
//! the store is indexed. Killed between the two, the next [`Corpus::open`]
//! indexes what lies beyond the mark. Delete the index directory (or change
//! the analysis version) and it is rebuilt from the store.

pub mod check;
pub mod day;
pub mod entities;
pub mod facts;
pub mod features;
pub mod id;
pub mod ingest;
mod lock;
pub mod resolution;
pub mod search;
pub mod store;
pub mod stories;
pub mod update;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use khabar_search::{IndexedArticle, Indexer, SearchIndex};
pub use lock::Holder;
use lock::WriteLock;

pub use check::{CheckReport, Counts, Problem};
pub use entities::{ArticleRef, EntityPage, EntitySummary, Related, Statement, Variant};
pub use ingest::{IngestOptions, Progress, ReindexSummary, Summary};
pub use search::{SearchHit, SearchResults};
pub use store::{Article, Stats, Store};
pub use stories::{CopyLink, CopyPair, StoryArticle, StoryPage, StorySummary, SummarySentence};
pub use update::UpdateSummary;

/// Memory for the index writer's buffers, shared by its threads.
const INDEX_MEMORY: usize = 128 << 20;
/// Articles read back from the store per step when the index catches up.
pub(crate) const CATCH_UP_BATCH: usize = 2000;

/// An open data directory.
pub struct Corpus {
    dir: PathBuf,
    store: Store,
    index: SearchIndex,
    writer: Option<Indexer>,
    /// Held from the first write on.
    lock: Option<WriteLock>,
    /// What opening (or a search) found wrong and repaired, for the user.
    notes: Vec<String>,
    /// Whether a write waits for another writer to finish.
    wait: bool,
}

/// How far the steps derived from the stored articles have come: what a
/// reader tells its user while an ingest (or a reindex, or an ingest cut
/// short) leaves some of them behind.
#[derive(Debug, Clone)]
pub struct Steps {
    /// Articles stored (committed).
    pub stored: u64,
    /// Stored articles not yet in the search index.
    pub unsearchable: u64,
    /// Stored articles whose names are not yet resolved to entities.
    pub unresolved: u64,
    /// Stored articles not yet placed in copies and stories.
    pub unplaced: u64,
    /// The process writing, if one is.
    pub writer: Option<Holder>,
}

impl Corpus {
    /// Opens the data directory `dir`, creating it with an empty store if
    /// it has none (what `khabar ingest` does).
    pub fn create_or_open(dir: &Path) -> Result<Corpus> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the data directory", dir.display()))?;
        let path = store_path(dir);
        if !path.exists() {
            refuse_orphan_index(dir)?;
            Store::create(&path)?;
        }
        Corpus::open(dir)
    }

    /// Opens an existing data directory. A damaged or outdated index is
    /// rebuilt from the store, and one that lags behind it (a run was
    /// killed between the two commits) catches up, when no other process
    /// is writing; otherwise searches see what is indexed.
    pub fn open(dir: &Path) -> Result<Corpus> {
        let path = store_path(dir);
        if !path.exists() {
            refuse_orphan_index(dir)?;
            bail!(
                "{}: no articles here yet (khabar ingest PATH to add some, or --data DIR)",
                dir.display()
            );
        }
        let store = Store::open(&path)?;
        let mut lock = None;
        let mut notes = Vec::new();
        let index = match open_index(dir) {
            Ok(index) => index,
            Err(error) => {
                lock = WriteLock::try_acquire(dir).ok().flatten();
                if lock.is_none() {
                    return Err(error.context(damaged_index_advice(dir)));
                }
                notes.push(format!(
                    "{}: the search index could not be read ({error:#}); rebuilt it from the article store",
                    index_dir(dir).display()
                ));
                remove_index(dir)?;
                open_index(dir)?
            }
        };
        let mut corpus = Corpus {
            dir: dir.to_path_buf(),
            store,
            index,
            writer: None,
            lock,
            notes,
            wait: false,
        };
        if let Err(error) = corpus.keep_index_in_step() {
            // A reader goes on with the index as it is (on a full disk,
            // say); searches miss what it lacks until it catches up.
            corpus.writer = None;
            corpus.notes.push(format!(
                "{}: the search index could not catch up with the store ({error:#}); \
                 searches miss the articles it lacks until it can",
                index_dir(dir).display()
            ));
        }
        Ok(corpus)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What was found wrong and repaired since the last call, a sentence
    /// each.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    /// Catches the index up with the store, or rebuilds it if it is ahead
    /// (it belongs to another store), if this process may write.
    fn keep_index_in_step(&mut self) -> Result<()> {
        let mark = self.index.committed_through()?;
        let last = self.store.last_seq()?;
        if mark == last || !self.try_lock() {
            return Ok(());
        }
        if mark > last {
            self.notes.push(format!(
                "{}: the search index holds articles up to {mark}, the store only up to {last}: \
                 rebuilt the index from the store",
                index_dir(&self.dir).display()
            ));
            self.rebuild_index()?;
        } else {
            self.catch_up(mark)?;
        }
        Ok(())
    }

    /// Takes the data directory's write lock unless another process holds
    /// it (or the directory cannot be written to).
    fn try_lock(&mut self) -> bool {
        if self.store.read_only_because().is_some() {
            return false;
        }
        if self.lock.is_none() {
            self.lock = WriteLock::try_acquire(&self.dir).ok().flatten();
        }
        self.lock.is_some()
    }

    /// Takes the write lock, or fails saying why it cannot.
    fn lock(&mut self) -> Result<()> {
        if let Some(reason) = self.store.read_only_because() {
            bail!("{reason}");
        }
        if self.lock.is_none() {
            self.lock = WriteLock::try_acquire(&self.dir)?;
        }
        if self.lock.is_none() && self.wait {
            self.lock = Some(WriteLock::wait(&self.dir)?);
        }
        if self.lock.is_none() {
            let who = lock::holder(&self.dir).map_or_else(
                || "another khabar process".to_string(),
                |holder| format!("another khabar process, {holder},"),
            );
            bail!(
                "{}: {who} is writing here; try again when it has finished, \
                 or give --wait to wait for it",
                self.dir.display()
            );
        }
        Ok(())
    }

    /// Makes a write wait for another process that is writing to finish,
    /// instead of failing.
    pub fn wait_for_writer(&mut self, wait: bool) {
        self.wait = wait;
    }

    /// The process that writes to the data directory, if one does (not
    /// this one).
    pub fn writer_process(&self) -> Option<Holder> {
        if self.lock.is_some() {
            return None;
        }
        lock::holder(&self.dir)
    }

    /// How far each step derived from the stored articles has come.
    pub fn progress(&self) -> Result<Steps> {
        let stored = self.store.article_count()?;
        let last = self.store.last_seq()?;
        // A step that has reached the last article, as a step usually has,
        // costs no count.
        let behind = |through: u64| -> Result<u64> {
            if through >= last {
                return Ok(0);
            }
            Ok(stored - self.store.articles_through(through)?)
        };
        Ok(Steps {
            stored,
            unsearchable: behind(self.index.committed_through()?)?,
            unresolved: behind(self.store.resolved_through()?.unwrap_or(0))?,
            unplaced: behind(self.store.stories_mark()? as u64)?,
            writer: self.writer_process(),
        })
    }

    /// Brings everything derived from the stored articles up to date (an
    /// ingest cut short leaves some of it behind): the search index, the
    /// entities (every name resolved afresh if `resolve_all`, as after a
    /// model change) and the copies and stories.
    pub fn update(&mut self, resolve_all: bool) -> Result<UpdateSummary> {
        self.lock()?;
        self.keep_index_in_step()?;
        if resolve_all {
            self.store.resolve_all_entities()?;
        } else {
            self.store.resolve_entities()?;
        }
        self.store.update_stories()
    }

    /// Finds the copies and stories of articles stored since the last
    /// update.
    pub fn update_stories(&mut self) -> Result<UpdateSummary> {
        self.lock()?;
        self.store.update_stories()
    }

    pub fn stats(&self) -> Result<Stats> {
        self.store.stats()
    }

    /// The index writer, opened on first use; only the process holding the
    /// write lock may open it.
    fn writer(&mut self) -> Result<&mut Indexer> {
        self.lock()?;
        if self.writer.is_none() {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            let writer = self.index.writer(threads, INDEX_MEMORY).with_context(|| {
                format!("{}: cannot write the index", index_dir(&self.dir).display())
            })?;
            self.writer = Some(writer);
        }
        self.writer
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("index writer not open"))
    }

    /// Indexes every stored article beyond the index's mark.
    fn catch_up(&mut self, mut mark: u64) -> Result<()> {
        loop {
            let batch = self.store.for_index(mark, CATCH_UP_BATCH)?;
            let Some(last) = batch.last().map(|a| a.seq) else {
                break;
            };
            let writer = self.writer()?;
            for article in &batch {
                writer.add(&IndexedArticle {
                    id: &article.id,
                    title: &article.title,
                    body: &article.text,
                    source: &article.source,
                    day: article.day,
                })?;
            }
            writer.commit(last)?;
            mark = last;
        }
        self.index.reload()?;
        Ok(())
    }

    /// Builds the index anew from the store.
    fn rebuild_index(&mut self) -> Result<()> {
        self.lock()?;
        if let Some(writer) = self.writer.take() {
            // Its files are about to go; a failure to finish is moot.
            let _ = writer.finish();
        }
        remove_index(&self.dir)?;
        self.index = open_index(&self.dir)?;
        self.catch_up(0)
    }

    /// Waits for the index's background work and releases the writer.
    pub fn close(mut self) -> Result<()> {
        if let Some(writer) = self.writer.take() {
            writer.finish()?;
        }
        Ok(())
    }
}

/// The article store's file in a data directory.
pub fn store_path(data: &Path) -> PathBuf {
    data.join("articles.sqlite")
}

/// The index directory: named after the analysis version, so that an index
/// made by another version of the analyzer is never searched with this one.
pub fn index_dir(data: &Path) -> PathBuf {
    data.join(format!("index-v{}", khabar_search::ANALYSIS_VERSION))
}

/// Opens this version's index, and removes indexes of other versions: the
/// store rebuilds this one.
fn open_index(dir: &Path) -> Result<SearchIndex> {
    let index_dir = index_dir(dir);
    for entry in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("index") && path.is_dir() && path != index_dir {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("{}: cannot remove an old index", path.display()))?;
        }
    }
    SearchIndex::open(&index_dir)
        .with_context(|| format!("{}: cannot open the index", index_dir.display()))
}

fn remove_index(dir: &Path) -> Result<()> {
    let index_dir = index_dir(dir);
    match std::fs::remove_dir_all(&index_dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("{}: cannot remove the index", index_dir.display()))
        }
        _ => Ok(()),
    }
}

/// What to do about an index that cannot be read while another process
/// writes (or the directory is read-only).
fn damaged_index_advice(dir: &Path) -> String {
    format!(
        "{}: the search index is damaged; it is rebuilt from the article store by the next \
         khabar command that can write to {} (`khabar check --repair`), or remove that \
         directory and it is rebuilt",
        index_dir(dir).display(),
        dir.display()
    )
}

/// Refuses to start a new store beside an index that holds articles: the
/// store they came from is missing, and a new one would replace the index.
fn refuse_orphan_index(dir: &Path) -> Result<()> {
    let index_dir = index_dir(dir);
    if !index_dir.join("meta.json").exists() {
        return Ok(());
    }
    let articles = SearchIndex::open(&index_dir).map_or(1, |index| index.num_docs());
    if articles > 0 {
        bail!(
            "{}: missing, but {} holds {articles} articles: the store was lost or moved; \
             restore it, or remove {} to start afresh",
            store_path(dir).display(),
            index_dir.display(),
            index_dir.display()
        );
    }
    Ok(())
}
