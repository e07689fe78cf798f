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

pub mod day;
pub mod entities;
pub mod facts;
pub mod features;
pub mod id;
pub mod ingest;
pub mod search;
pub mod store;
pub mod stories;
pub mod update;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use khabar_search::{IndexedArticle, Indexer, SearchIndex, TantivyError};

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
}

impl Corpus {
    /// Opens (or creates) the data directory `dir`. If the index lags
    /// behind the store (a run was killed between the two commits) and no
    /// other process is writing, it catches up first.
    pub fn open(dir: &Path) -> Result<Corpus> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the data directory", dir.display()))?;
        let store = Store::open(&dir.join("articles.sqlite"))?;
        let index = open_index(dir)?;
        let mut corpus = Corpus {
            dir: dir.to_path_buf(),
            store,
            index,
            writer: None,
        };
        let mut mark = corpus.index.committed_through()?;
        let last = corpus.store.last_seq()?;
        if mark > last {
            // The index holds articles the store does not: it belongs to
            // another store. Rebuild it from this one.
            corpus.rebuild_index()?;
            mark = 0;
        }
        if mark < last {
            match corpus.writer() {
                Ok(_) => corpus.catch_up(mark)?,
                // Another process is ingesting and will catch up itself;
                // meanwhile search what is indexed.
                Err(e) if is_locked(&e) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(corpus)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Resolves the entities again if articles were stored since they last
    /// were (an ingest cut short between the two).
    pub fn resolve_if_stale(&mut self) -> Result<()> {
        if !self.store.entities_current()? {
            self.store.resolve_entities()?;
        }
        Ok(())
    }

    /// Finds the copies and stories of articles stored since the last
    /// update (an ingest cut short before it).
    pub fn update_stories_if_stale(&mut self) -> Result<()> {
        if !self.store.stories_current()? {
            self.update_stories()?;
        }
        Ok(())
    }

    /// Finds the copies and stories of articles stored since the last
    /// update.
    pub fn update_stories(&mut self) -> Result<UpdateSummary> {
        self.store.update_stories()
    }

    pub fn stats(&self) -> Result<Stats> {
        self.store.stats()
    }

    /// The index writer, opened on first use; only one process may hold it.
    fn writer(&mut self) -> Result<&mut Indexer> {
        if self.writer.is_none() {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            let writer = self.index.writer(threads, INDEX_MEMORY).map_err(|e| {
                anyhow::Error::new(e).context(format!(
                    "{}: cannot write the index (is another khabar ingest running?)",
                    self.dir.display()
                ))
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

    fn rebuild_index(&mut self) -> Result<()> {
        self.writer = None;
        let index_dir = index_dir(&self.dir);
        std::fs::remove_dir_all(&index_dir)
            .with_context(|| format!("{}: cannot remove the index", index_dir.display()))?;
        self.index = open_index(&self.dir)?;
        Ok(())
    }

    /// Waits for the index's background work and releases the writer.
    pub fn close(mut self) -> Result<()> {
        if let Some(writer) = self.writer.take() {
            writer.finish()?;
        }
        Ok(())
    }
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

fn is_locked(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<TantivyError>(),
            Some(TantivyError::LockFailure(..))
        )
    })
}
