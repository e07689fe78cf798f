//! `khabar bench corpus`: ingest the three news corpora of `../shared/data`
//! into a fresh data directory, then search it with queries taken from the
//! titles. Beside it, in the same run, a plain tantivy index (its default
//! tokenizer, no Urdu analysis, tantivy's own snippets) over the same
//! articles answers the same queries: what search costs without the Urdu
//! analyzer and the second tier of spelling variants, and what it misses.
//! The ingest is also run without entities and dates, so that their cost
//! is measured in the same run; then every entity is listed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use khabar_corpus::{Corpus, IngestOptions};
use khabar_search::Filters;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{STORED, STRING, Schema, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, TantivyDocument};

#[derive(clap::Args)]
pub struct CorpusOptions {
    /// The shared data directory holding the corpora.
    #[arg(long, default_value = "../shared/data")]
    shared_data: PathBuf,
    /// Queries to time.
    #[arg(long, default_value_t = 1000)]
    queries: usize,
    /// Words per query, taken from a title.
    #[arg(long, default_value_t = 2)]
    words: usize,
    /// A Python with datasketch, for the copy-detection baseline (made by
    /// scripts/setup-datasketch.sh).
    #[arg(long, default_value = "target/datasketch-venv/bin/python")]
    python: PathBuf,
}

/// Hits per query, as `khabar search` shows by default.
const LIMIT: usize = 10;
/// Articles on an entity's page, as `khabar entity` lists them.
const PAGE_ARTICLES: usize = 20;
/// Snippet length, as `khabar search` makes them.
const SNIPPET_CHARS: usize = 200;

/// The three news corpora of `../shared/data` that the benchmarks ingest.
pub(super) const NEWS_CORPORA: [&str; 3] = [
    "bbc-voa-urdu-2016",
    "pk-news-scraped-2024/articles_merged.jsonl",
    "express-headlines-2018/headlines.tsv",
];

/// `relative` paths under the shared data directory, each of which must
/// be there.
pub(super) fn shared_inputs(shared_data: &Path, relative: &[&str]) -> Result<Vec<PathBuf>> {
    relative
        .iter()
        .map(|p| {
            let input = shared_data.join(p);
            if !input.exists() {
                bail!(
                    "{}: missing (is ../shared beside the repository?)",
                    input.display()
                );
            }
            Ok(input)
        })
        .collect()
}

pub fn run(options: &CorpusOptions) -> Result<()> {
    let inputs = shared_inputs(&options.shared_data, &NEWS_CORPORA)?;
    let dir = tempfile::Builder::new()
        .prefix("khabar-bench-")
        .tempdir()
        .context("creating a temporary data directory")?;

    // Both ingests read the files from the page cache.
    let (files, _) = khabar_ingest::input_files(&inputs);
    for file in &files {
        std::fs::read(&file.path).with_context(|| format!("{}", file.path.display()))?;
    }
    let started = Instant::now();
    let mut corpus = Corpus::create_or_open(dir.path())?;
    // Copies and stories are timed apart, below.
    let ingest_options = IngestOptions {
        stories: false,
        ..IngestOptions::default()
    };
    let summary = corpus.ingest(&inputs, &ingest_options, &mut |_| {})?;
    corpus.close()?;
    let ingest_time = started.elapsed();
    let peak = peak_memory_bytes();
    let baseline_time = ingest_without_entities(&inputs)?;
    let records = summary.added + summary.already_present + summary.rejected;
    println!(
        "ingest: {} files, {:.1} MB, {} records: {} articles added, {} already present (same id), {} rejected",
        summary.files,
        summary.bytes as f64 / 1e6,
        records,
        summary.added,
        summary.already_present,
        summary.rejected
    );
    println!(
        "ingest: {:.1} s, {:.0} articles/s ({:.0} records/s), peak memory {:.0} MiB",
        ingest_time.as_secs_f64(),
        summary.added as f64 / ingest_time.as_secs_f64(),
        records as f64 / ingest_time.as_secs_f64(),
        peak.map_or(f64::NAN, |b| b as f64 / (1 << 20) as f64)
    );
    println!(
        "ingest with entities and dates left out, same run: {:.1} s, {:.0} articles/s; with them {:.0}% of that throughput (target: at least 67%)",
        baseline_time.as_secs_f64(),
        summary.added as f64 / baseline_time.as_secs_f64(),
        100.0 * baseline_time.as_secs_f64() / ingest_time.as_secs_f64()
    );
    println!(
        "on disk: index {:.1} MiB, article store {:.1} MiB",
        mib(directory_size(&khabar_corpus::index_dir(dir.path()))?),
        mib(directory_size(dir.path())? - directory_size(&khabar_corpus::index_dir(dir.path()))?)
    );

    entity_figures(dir.path())?;
    super::stories::figures(dir.path(), &options.python)?;

    let mut corpus = Corpus::open(dir.path())?;
    let articles = all_articles(&corpus)?;
    let titles = articles.iter().map(|(title, _)| title.as_str());
    let queries = title_queries(titles, options.queries, options.words);
    println!(
        "search: {} queries of {} words from titles, top {LIMIT} with snippets",
        queries.len(),
        options.words
    );
    let (mut ours, our_hits) = time_queries(&mut corpus, &queries)?;

    let baseline = PlainIndex::build(&articles)?;
    let mut theirs = Vec::with_capacity(queries.len());
    let mut their_hits = 0;
    for query in &queries {
        let started = Instant::now();
        their_hits += baseline.search(query)?;
        theirs.push(started.elapsed());
    }
    let (p50, p99) = percentiles(&mut ours);
    let (base_p50, base_p99) = percentiles(&mut theirs);
    println!(
        "search latency: khabar p50 {:.2} ms, p99 {:.2} ms; plain tantivy p50 {:.2} ms, p99 {:.2} ms (khabar/plain: {:.1}x, {:.1}x)",
        ms(p50),
        ms(p99),
        ms(base_p50),
        ms(base_p99),
        ms(p50) / ms(base_p50),
        ms(p99) / ms(base_p99)
    );
    println!(
        "matches over all queries: khabar {our_hits}, plain tantivy {their_hits} ({:.2}x)",
        our_hits as f64 / their_hits.max(1) as f64
    );
    let filters = Filters::default();
    for name in ["پوتن", "ٹرمپ", "اوباما"] {
        println!(
            "  {name}: khabar {} articles, plain tantivy {}",
            corpus.search(name, &filters, 1)?.total,
            baseline.search(name)?
        );
    }
    drop(corpus);
    super::batch::figures(
        dir.path(),
        &options.shared_data.join("counter-dev"),
        "targets: under 0.5 s and 150 MB at 80,000 articles",
    )
}

/// The time to ingest the corpora with entities and dates left out.
fn ingest_without_entities(inputs: &[PathBuf]) -> Result<Duration> {
    let dir = tempfile::Builder::new()
        .prefix("khabar-bench-base-")
        .tempdir()
        .context("creating a temporary data directory")?;
    let options = IngestOptions {
        entities: false,
        stories: false,
        ..IngestOptions::default()
    };
    let started = Instant::now();
    let mut corpus = Corpus::create_or_open(dir.path())?;
    corpus.ingest(inputs, &options, &mut |_| {})?;
    corpus.close()?;
    Ok(started.elapsed())
}

/// Listing every entity (as `khabar entities` does, from opening the data
/// directory), finding one by a spelling, its timeline and its page.
pub(super) fn entity_figures(dir: &Path) -> Result<()> {
    let started = Instant::now();
    let corpus = Corpus::open(dir)?;
    let all = corpus.store().entities(None, usize::MAX)?;
    let listed = started.elapsed();
    let count = |kind: &str| all.iter().filter(|e| e.kind == kind).count();
    println!(
        "entities: {} ({} PER, {} LOC, {} ORG), {} mentions; all listed in {:.0} ms (target: under 1 s)",
        all.len(),
        count("PER"),
        count("LOC"),
        count("ORG"),
        all.iter().map(|e| e.mentions).sum::<u64>(),
        ms(listed)
    );
    for name in ["پوتن", "نواز شریف", "کراچی"] {
        let started = Instant::now();
        let Some(entity) = corpus.store().find_entity(name)? else {
            println!("  {name}: no entity");
            continue;
        };
        let found = started.elapsed();
        let started = Instant::now();
        let statements = corpus.store().timeline(&entity)?;
        let timeline = started.elapsed();
        println!(
            "  {name}: {} ({}), {} spellings, {} articles; found in {:.1} ms, timeline of {} statements in {:.0} ms",
            entity.canonical,
            entity.kind,
            entity.variants.len(),
            entity.articles,
            ms(found),
            statements.len(),
            ms(timeline)
        );
        let started = Instant::now();
        let page = corpus.store().entity_page(entity, 0, PAGE_ARTICLES)?;
        println!(
            "    its page (as khabar entity shows it: the newest {} articles, {} related entities) in {:.1} ms (target: under 100 ms)",
            page.articles.len(),
            page.related.len(),
            ms(started.elapsed())
        );
    }
    Ok(())
}

/// Title and body of every stored article, in order.
fn all_articles(corpus: &Corpus) -> Result<Vec<(String, String)>> {
    let mut articles = Vec::new();
    let mut after = 0;
    loop {
        let batch = corpus.store().for_index(after, 5000)?;
        let Some(last) = batch.last() else {
            return Ok(articles);
        };
        after = last.seq;
        articles.extend(batch.into_iter().map(|a| (a.title, a.text)));
    }
}

/// Each query searched as `khabar search` does (top hits with snippets):
/// the time of each, and the matches over all.
pub(super) fn time_queries(
    corpus: &mut Corpus,
    queries: &[String],
) -> Result<(Vec<Duration>, u64)> {
    let filters = Filters::default();
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0;
    for query in queries {
        let started = Instant::now();
        hits += corpus.search(query, &filters, LIMIT)?.total as u64;
        times.push(started.elapsed());
    }
    Ok((times, hits))
}

/// `count` queries of `words` consecutive words, each from another title,
/// spread evenly over the titles (the same queries every run).
pub(super) fn title_queries<'a>(
    titles: impl Iterator<Item = &'a str>,
    count: usize,
    words: usize,
) -> Vec<String> {
    let titled: Vec<Vec<&str>> = titles
        .map(|title| {
            title
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() >= words)
        .collect();
    let step = (titled.len() / count.max(1)).max(1);
    titled
        .iter()
        .step_by(step)
        .take(count)
        .enumerate()
        .map(|(i, title)| {
            let start = i % (title.len() - words + 1);
            title[start..start + words].join(" ")
        })
        .collect()
}

/// The same articles in a tantivy index with its default analysis.
struct PlainIndex {
    reader: tantivy::IndexReader,
    parser: QueryParser,
    body: tantivy::schema::Field,
}

impl PlainIndex {
    fn build(articles: &[(String, String)]) -> Result<PlainIndex> {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING | STORED);
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT | STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(2, 128 << 20)?;
        for (n, (t, b)) in articles.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_text(id, n.to_string());
            doc.add_text(title, t);
            doc.add_text(body, b);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index.reader()?;
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(title, 2.0);
        Ok(PlainIndex {
            reader,
            parser,
            body,
        })
    }

    /// Matches for a query; the top hits are fetched with a snippet each,
    /// as khabar's search does.
    fn search(&self, query: &str) -> Result<usize> {
        let (query, _errors) = self.parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let (top, count) = searcher.search(
            &query,
            &(TopDocs::with_limit(LIMIT).order_by_score(), Count),
        )?;
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            std::hint::black_box(snippets.snippet_from_doc(&doc).to_html());
        }
        Ok(count)
    }
}

pub(super) fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    (at(0.50), at(0.99))
}

pub(super) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub(super) fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

pub(super) fn directory_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            directory_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

/// The process's peak resident memory (VmHWM), where Linux tells it.
pub(super) fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
