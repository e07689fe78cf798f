//! Ingestion: files in, stored and indexed articles out.
//!
//! A reader thread walks the files and parses them (`khabar_ingest`),
//! streaming records in batches through a bounded channel, so memory stays
//! flat whatever the corpus size. For each batch the main thread gives every
//! record its stable id, skips those already stored, runs the text core on
//! the rest in parallel, and commits the batch to the store. The index is
//! committed every few seconds and at the end; only then are articles
//! reported as committed.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use anyhow::Result;
use khabar_ingest::{InputFile, Item, Record, Rejection};
use khabar_langid::LinguaClassifier;
use khabar_search::IndexedArticle;
use khabar_text::Language;
use rayon::prelude::*;
use time::format_description::well_known::Rfc3339;

use crate::store::NewArticle;
use crate::{Corpus, day, facts, features, id};

/// Rejections kept in the summary; all of them go to the ingest log.
const REJECTIONS_KEPT: usize = 1000;
/// The most text one batch holds (with its count of records, this bounds
/// the memory of the batches in flight, each article's text being at most
/// [`khabar_ingest::MAX_TEXT`]).
const BATCH_BYTES: usize = 16 << 20;

static LANGUAGE_MODEL: LazyLock<LinguaClassifier> = LazyLock::new(LinguaClassifier::new);

#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The source of every article, instead of what the files say.
    pub source: Option<String>,
    /// Records per batch.
    pub batch: usize,
    /// The longest time between two index commits.
    pub commit_every: Duration,
    /// The publication date of articles whose files give none.
    pub published: Option<time::Date>,
    /// Find entities and dates (off only to measure what they cost).
    pub entities: bool,
    /// Find copies and stories at the end of the run (off to time them
    /// apart, with [`crate::Store::update_stories`]).
    pub stories: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            source: None,
            batch: 1000,
            commit_every: Duration::from_secs(2),
            published: None,
            entities: true,
            stories: true,
        }
    }
}

/// What an ingest run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: u64,
    pub bytes: u64,
    pub added: u64,
    /// Articles whose id was stored already (by this run or an earlier one).
    pub already_present: u64,
    pub rejected: u64,
    /// The first rejections, each naming the file (and line) and the reason.
    pub rejections: Vec<Rejection>,
    /// Articles added and durable in both the store and the index.
    pub committed: u64,
    /// What the copies and stories update did.
    pub stories: Option<crate::UpdateSummary>,
}

/// What the caller hears while a run goes on.
pub enum Progress<'a> {
    /// The files to read, found before reading starts.
    Files(&'a [InputFile]),
    /// Bytes read so far, of all the files.
    BytesRead(u64),
    /// A commit: everything counted in the summary so far is durable.
    Committed(&'a Summary),
    /// A corpus-level step begins, after every article is stored.
    Step(&'static str),
}

impl Corpus {
    /// Reads every file under `paths` into the corpus.
    pub fn ingest(
        &mut self,
        paths: &[PathBuf],
        options: &IngestOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Summary> {
        self.writer()?;
        let (files, unreadable) = khabar_ingest::input_files(paths);
        progress(Progress::Files(&files));
        let listed = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        let run = self.store.begin_run(&listed)?;
        self.store.note_facts_version()?;
        let mut summary = Summary {
            files: files.len() as u64,
            ..Summary::default()
        };
        let (sender, receiver) = sync_channel(2);
        let batch = options.batch.max(1);
        let bytes_read = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&bytes_read);
        let reader = std::thread::spawn(move || read_files(files, batch, &counter, &sender));
        let result = self
            .store_batch(run, &[], unreadable, &mut summary)
            .and_then(|_| {
                self.store_batches(run, &receiver, &bytes_read, options, &mut summary, progress)
            });
        // Let the reader finish (or see the closed channel) before returning.
        drop(receiver);
        let _ = reader.join();
        result?;
        self.store.finish_run(run, summary.files)?;
        if options.entities {
            progress(Progress::Step("resolving the entities"));
            self.store.resolve_entities()?;
        }
        if options.stories {
            progress(Progress::Step("finding copies and stories"));
            summary.stories = Some(self.store.update_stories()?);
        }
        Ok(summary)
    }

    /// Analyzes each batch while the one before it is stored and indexed:
    /// the analysis runs on the other cores, SQLite and the index writer on
    /// this thread.
    fn store_batches(
        &mut self,
        run: i64,
        receiver: &Receiver<Vec<Item>>,
        bytes_read: &AtomicU64,
        options: &IngestOptions,
        summary: &mut Summary,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<()> {
        let mut last_commit = Instant::now();
        let mut uncommitted = 0;
        let mut analyzed: Option<Analyzed> = None;
        for items in receiver {
            summary.bytes = bytes_read.load(Ordering::Relaxed);
            progress(Progress::BytesRead(summary.bytes));
            let mut records = Vec::with_capacity(items.len());
            let mut rejections = Vec::new();
            for item in items {
                match item {
                    Item::Article(record) => records.push(record),
                    Item::Rejected(rejection) => rejections.push(rejection),
                }
            }
            let new = self.new_records(records, options, summary)?;
            let previous = analyzed.take();
            let (next, stored) = std::thread::scope(|scope| {
                let analysis = scope.spawn(|| analyze_batch(new, rejections, options));
                let stored = previous.map_or(Ok(()), |batch| {
                    self.store_and_index(run, batch, summary, &mut uncommitted)
                });
                (analysis.join(), stored)
            });
            stored?;
            analyzed = Some(next.map_err(|_| anyhow::anyhow!("the analysis of a batch failed"))?);
            if last_commit.elapsed() >= options.commit_every {
                self.commit_index(summary, &mut uncommitted, progress)?;
                last_commit = Instant::now();
            }
        }
        if let Some(batch) = analyzed {
            self.store_and_index(run, batch, summary, &mut uncommitted)?;
        }
        summary.bytes = bytes_read.load(Ordering::Relaxed);
        progress(Progress::BytesRead(summary.bytes));
        self.commit_index(summary, &mut uncommitted, progress)?;
        Ok(())
    }

    /// Stores an analyzed batch and adds its new articles to the index
    /// (committed later).
    fn store_and_index(
        &mut self,
        run: i64,
        batch: Analyzed,
        summary: &mut Summary,
        uncommitted: &mut u64,
    ) -> Result<()> {
        let seqs = self.store_batch(run, &batch.articles, batch.rejections, summary)?;
        let writer = self.writer()?;
        for (article, seq) in batch.articles.iter().zip(&seqs) {
            if seq.is_none() {
                summary.already_present += 1;
                continue;
            }
            summary.added += 1;
            *uncommitted += 1;
            writer.add(&IndexedArticle {
                id: &article.id,
                title: article.title.as_deref().unwrap_or(""),
                body: &article.text,
                source: &article.source,
                day: article.day,
            })?;
        }
        Ok(())
    }

    /// Stores a batch of articles and logs its rejections, in one
    /// transaction.
    fn store_batch(
        &mut self,
        run: i64,
        articles: &[NewArticle],
        rejections: Vec<Rejection>,
        summary: &mut Summary,
    ) -> Result<Vec<Option<u64>>> {
        let seqs = self.store.insert(run, articles, &rejections)?;
        summary.rejected += rejections.len() as u64;
        let room = REJECTIONS_KEPT.saturating_sub(summary.rejections.len());
        summary.rejections.extend(rejections.into_iter().take(room));
        Ok(seqs)
    }

    fn commit_index(
        &mut self,
        summary: &mut Summary,
        uncommitted: &mut u64,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<()> {
        let mark = self.store.last_seq()?;
        self.writer()?.commit(mark)?;
        self.index.reload()?;
        summary.committed += *uncommitted;
        *uncommitted = 0;
        progress(Progress::Committed(summary));
        Ok(())
    }

    /// Ids for a batch of records, and those not stored yet; a record
    /// stored already, or met before in the batch, is counted as already
    /// present. (One stored by the batch being written meanwhile is found
    /// present when it is inserted.)
    fn new_records(
        &self,
        records: Vec<Record>,
        options: &IngestOptions,
        summary: &mut Summary,
    ) -> Result<Vec<Keyed>> {
        let keyed: Vec<Keyed> = records
            .into_iter()
            .map(|record| {
                let source = source_name(options.source.as_deref(), &record);
                let id = id::article_id(
                    record.id.as_deref(),
                    record.url.as_deref(),
                    &source,
                    record.title.as_deref().unwrap_or(""),
                    &record.text,
                );
                Keyed { id, source, record }
            })
            .collect();
        let present = self.store.present(keyed.iter().map(|k| k.id.as_str()))?;
        let mut seen = std::collections::HashSet::new();
        let (stored, new): (Vec<_>, Vec<_>) = keyed
            .into_iter()
            .zip(present)
            .partition(|(k, present)| *present || !seen.insert(k.id.clone()));
        summary.already_present += stored.len() as u64;
        Ok(new.into_iter().map(|(k, _)| k).collect())
    }
}

/// A record with its id and source.
struct Keyed {
    id: String,
    source: String,
    record: Record,
}

/// A batch ready to store: the articles, and the records that are not Urdu
/// articles or were rejected while reading.
struct Analyzed {
    articles: Vec<NewArticle>,
    rejections: Vec<Rejection>,
}

/// The text core (and facts) for a batch of new records, in parallel.
fn analyze_batch(
    new: Vec<Keyed>,
    mut rejections: Vec<Rejection>,
    options: &IngestOptions,
) -> Analyzed {
    let prepared: Vec<Result<NewArticle, Rejection>> = new
        .into_par_iter()
        .map(
            |Keyed {
                 id,
                 source,
                 mut record,
             }| {
                if record.published.is_none() {
                    record.published = options.published.map(|d| d.midnight().assume_utc());
                }
                analyze(id, source, record, options.entities)
            },
        )
        .collect();
    let mut articles = Vec::with_capacity(prepared.len());
    for outcome in prepared {
        match outcome {
            Ok(article) => articles.push(article),
            Err(rejection) => rejections.push(rejection),
        }
    }
    Analyzed {
        articles,
        rejections,
    }
}

/// The source's name: the `--source` given, or the record's, lowercase.
fn source_name(given: Option<&str>, record: &Record) -> String {
    given
        .or(record.source.as_deref())
        .unwrap_or("unknown")
        .trim()
        .to_lowercase()
}

/// Runs the text core on one record, and finds its facts (entities and
/// dates) if asked.
fn analyze(
    id: String,
    source: String,
    record: Record,
    with_facts: bool,
) -> Result<NewArticle, Rejection> {
    let analysis = khabar_text::analyze(&record.text, &*LANGUAGE_MODEL);
    if !analysis
        .paragraphs
        .iter()
        .any(|p| p.language == Language::Urdu)
    {
        return Err(Rejection {
            origin: record.origin,
            reason: "no Urdu text".to_string(),
        });
    }
    let published = record.published.map(|p| p.date());
    let facts = if with_facts {
        facts::extract(&analysis, published)
    } else {
        facts::Facts::default()
    };
    let title = record
        .title
        .map(|t| khabar_text::normalize::repair(t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|t| !t.is_empty());
    let features = features::of(&analysis, title.as_deref(), &facts);
    Ok(NewArticle {
        id,
        source,
        url: record.url,
        title,
        published: record.published.and_then(|p| p.format(&Rfc3339).ok()),
        day: record.published.map(day::publication_day),
        text: analysis.text,
        facts,
        features,
        meta: serde_json::Value::Object(record.meta).to_string(),
        origin: record.origin,
    })
}

/// The reader thread: every file's items, in batches.
fn read_files(
    files: Vec<InputFile>,
    batch: usize,
    bytes_read: &Arc<AtomicU64>,
    sender: &SyncSender<Vec<Item>>,
) {
    let mut items = Vec::with_capacity(batch);
    let mut text_bytes = 0;
    for file in &files {
        for item in khabar_ingest::read_file_counting(file, Arc::clone(bytes_read)) {
            if let Item::Article(record) = &item {
                text_bytes += record.text.len();
            }
            items.push(item);
            if items.len() == batch || text_bytes >= BATCH_BYTES {
                text_bytes = 0;
                if sender
                    .send(std::mem::replace(&mut items, Vec::with_capacity(batch)))
                    .is_err()
                {
                    return;
                }
            }
        }
    }
    if !items.is_empty() {
        let _ = sender.send(items);
    }
}

/// What a reindex did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReindexSummary {
    pub articles: u64,
    /// Entity mentions and dates now stored.
    pub mentions: u64,
    pub dates: u64,
    /// The articles an interrupted reindex had done, which this one kept.
    pub resumed_after: u64,
}

impl Corpus {
    /// Runs the analysis again over every stored article (after a new NER
    /// model or analysis version): mentions and dates, entities, and the
    /// search index, `batch` articles a transaction. `progress` hears the
    /// articles done so far.
    ///
    /// Each batch replaces its articles' facts in one transaction with the
    /// mark of how far the reindex has come, so every article always has
    /// a whole set of facts, and a reindex killed at any moment is taken
    /// up where it stopped by the next one.
    pub fn reindex(
        &mut self,
        batch: usize,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ReindexSummary> {
        self.writer()?;
        let version = facts::version();
        let mut after = self.store.begin_reindex(&version)?;
        let mut summary = ReindexSummary {
            resumed_after: self.store.articles_through(after)?,
            ..ReindexSummary::default()
        };
        summary.articles = summary.resumed_after;
        loop {
            let articles = self.store.for_index(after, batch.max(1))?;
            let Some(last) = articles.last().map(|a| a.seq) else {
                break;
            };
            let facts: Vec<(u64, facts::Facts)> = articles
                .par_iter()
                .map(|article| {
                    let analysis = khabar_text::analyze(&article.text, &*LANGUAGE_MODEL);
                    let published = article.day.map(day::date_of_day);
                    (article.seq, facts::extract(&analysis, published))
                })
                .collect();
            self.store.replace_facts(&facts, last)?;
            summary.articles += articles.len() as u64;
            progress(summary.articles);
            after = last;
        }
        self.store.finish_reindex(&version)?;
        (summary.mentions, summary.dates) = self.store.fact_counts()?;
        self.store.resolve_all_entities()?;
        self.rebuild_index()?;
        Ok(summary)
    }
}
