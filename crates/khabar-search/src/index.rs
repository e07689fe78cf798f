//! The tantivy index: its schema, writing, and the commit mark that keeps it
//! in step with the article store.
//!
//! The index holds only what search needs: the article id (stored), title
//! and body twice (once per analyzer), the source and the publication day.
//! The text itself lives in the article store. Every commit carries a mark
//! (a sequence number chosen by the caller) saying how far the store has
//! been indexed, atomically with the documents; after a crash the caller
//! re-indexes what lies beyond the mark.

use std::path::{Path, PathBuf};

use tantivy::index::SegmentComponent;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use crate::analyzer;

/// The index's fields.
#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub title_variants: Field,
    pub body_variants: Field,
    pub source: Field,
    /// The publication day, days since 1970-01-01 in the article's own
    /// time zone.
    pub day: Field,
}

fn schema() -> (Schema, Fields) {
    let text = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        title: builder.add_text_field("title", text(analyzer::URDU)),
        body: builder.add_text_field("body", text(analyzer::URDU)),
        title_variants: builder.add_text_field("title_variants", text(analyzer::URDU_VARIANTS)),
        body_variants: builder.add_text_field("body_variants", text(analyzer::URDU_VARIANTS)),
        source: builder.add_text_field("source", STRING),
        day: builder.add_i64_field("day", INDEXED | FAST),
    };
    (builder.build(), fields)
}

/// What the index holds of one article.
pub struct IndexedArticle<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub source: &'a str,
    pub day: Option<i64>,
}

/// An index directory, open for searching.
pub struct SearchIndex {
    dir: PathBuf,
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it (and `dir`) if there is none.
    pub fn open(dir: &Path) -> tantivy::Result<SearchIndex> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(dir)?;
        let index = if dir.join("meta.json").exists() {
            let index = if crate::read_only::is_read_only(dir) {
                Index::open(crate::read_only::ReadOnlyDirectory::open(dir)?)?
            } else {
                Index::open_in_dir(dir)?
            };
            if index.schema() != schema {
                return Err(tantivy::TantivyError::SchemaError(format!(
                    "{} was built with another schema; delete it and it is rebuilt from the article store",
                    dir.display()
                )));
            }
            index
        } else {
            Index::create_in_dir(dir, schema)?
        };
        analyzer::register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
        })
    }

    /// The mark of the last commit (0 for an empty index).
    pub fn committed_through(&self) -> tantivy::Result<u64> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .and_then(|payload| payload.parse().ok())
            .unwrap_or(0))
    }

    /// A writer with `threads` indexing threads sharing `memory_budget`
    /// bytes. Only one writer may be open at a time, in any process.
    pub fn writer(&self, threads: usize, memory_budget: usize) -> tantivy::Result<Indexer> {
        Ok(Indexer {
            writer: self
                .index
                .writer_with_num_threads(threads.max(1), memory_budget)?,
            fields: self.fields,
        })
    }

    /// Makes the last commit visible to searches.
    pub fn reload(&self) -> tantivy::Result<()> {
        self.reader.reload()
    }

    /// What is wrong with the index's files: each segment file that is
    /// missing, or whose checksum does not match its content (or that
    /// cannot be read at all). Reads every file whole; empty for a sound
    /// index.
    pub fn damage(&self) -> Vec<String> {
        let found =
            crate::guard::catching_panics(|| -> tantivy::Result<Vec<String>> {
                let mut damage = Vec::new();
                for segment in self.index.searchable_segment_metas()? {
                    let components = [
                        SegmentComponent::Postings,
                        SegmentComponent::Positions,
                        SegmentComponent::FastFields,
                        SegmentComponent::FieldNorms,
                        SegmentComponent::Terms,
                        SegmentComponent::Store,
                    ];
                    let deletes = segment.has_deletes().then_some(SegmentComponent::Delete);
                    for component in components.into_iter().chain(deletes) {
                        let path = self.dir.join(segment.relative_path(component));
                        if !path.exists() {
                            damage.push(format!("{}: missing", path.display()));
                        }
                    }
                }
                if damage.is_empty() {
                    let mut corrupt: Vec<PathBuf> =
                        self.index.validate_checksum()?.into_iter().collect();
                    corrupt.sort();
                    damage.extend(corrupt.iter().map(|file| {
                        format!("{}: checksum mismatch", self.dir.join(file).display())
                    }));
                }
                Ok(damage)
            });
        match found {
            Ok(Ok(damage)) => damage,
            Ok(Err(error)) => vec![format!("{}: {error}", self.dir.display())],
            Err(message) => vec![format!("{}: {message}", self.dir.display())],
        }
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

/// Adds articles to the index; nothing is visible or durable until
/// [`Indexer::commit`].
pub struct Indexer {
    writer: IndexWriter,
    fields: Fields,
}

impl Indexer {
    /// Adds an article. The caller adds each article once: what lies beyond
    /// the commit mark is never in the index.
    pub fn add(&mut self, article: &IndexedArticle) -> tantivy::Result<()> {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, article.id);
        doc.add_text(f.title, article.title);
        doc.add_text(f.title_variants, article.title);
        doc.add_text(f.body, article.body);
        doc.add_text(f.body_variants, article.body);
        doc.add_text(f.source, article.source);
        if let Some(day) = article.day {
            doc.add_i64(f.day, day);
        }
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// Makes everything added so far durable and visible, atomically with
    /// the mark `through`.
    pub fn commit(&mut self, through: u64) -> tantivy::Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&through.to_string());
        prepared.commit()?;
        Ok(())
    }

    /// Waits for background merges, so the process can exit cleanly.
    pub fn finish(self) -> tantivy::Result<()> {
        self.writer.wait_merging_threads()
    }
}
