//! `khabar bench scale`: a corpus far larger than the news we have, made
//! from it and ingested chunk by chunk, with the figures of a live corpus
//! at that size.
//!
//! How the corpus is made: a word-level Markov model ([`super::markov`]) is
//! trained on every article of the three corpora of `../shared/data`
//! (BBC/VOA, pk-news, Express headlines); each article's sentences are
//! drawn from it, as many as a training document drawn at random has (so
//! headlines and long reports come in the proportions of the real
//! corpora), its title from the first words of a further sentence. The
//! articles come from ten outlets and are dated over two years
//! (2023-2024), in order. Among them, with a fixed seed so every run makes
//! the same corpus: 1% are copies (title and text verbatim, under another
//! outlet) of an article among the last few thousand, and 2% are follow-ups
//! of one (half of its sentences, its title's first half, and as many new
//! sentences), so that the copies found and the follow-ups placed in their
//! original's story can be counted.

use std::collections::{HashSet, VecDeque};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use khabar_corpus::Corpus;
use khabar_corpus::day::{End, date_of_day, parse_user_day};
use khabar_ingest::{Item, Record, input_files, read_file};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::batch;
use super::corpus::{
    NEWS_CORPORA, directory_size, entity_figures, mib, ms, percentiles, shared_inputs,
    time_queries, title_queries,
};
use super::markov::Markov;

#[derive(clap::Args)]
pub struct ScaleOptions {
    /// The shared data directory holding the corpora.
    #[arg(long, default_value = "../shared/data")]
    shared_data: PathBuf,
    /// Articles to make and ingest.
    #[arg(long, default_value_t = 1_000_000)]
    articles: usize,
    /// Articles per `khabar ingest` process.
    #[arg(long, default_value_t = 40_000)]
    chunk: usize,
    /// Search queries to time, two words each from a title.
    #[arg(long, default_value_t = 1000)]
    queries: usize,
    /// Keep the data directory here (it must not exist yet), and the
    /// generated articles as JSON Lines files in DIR.chunks; by default
    /// both are temporary, removed at the end.
    #[arg(long)]
    keep: Option<PathBuf>,
    /// Time only the reads (entities, story list, searches) on a data
    /// directory kept by an earlier run, with the titles of DIR.chunks.
    #[arg(long, value_name = "DIR", conflicts_with = "keep")]
    reads: Option<PathBuf>,
}

const OUTLETS: usize = 10;
const DAYS: i64 = 731;
const FIRST_DAY: &str = "2023-01-01";
/// Copies and follow-ups are of one of the last this many articles.
const RECENT: usize = 3000;
const COPY_SHARE: f64 = 0.01;
const FOLLOW_UP_SHARE: f64 = 0.02;
/// A batch of ten is added and timed on the way, once this many are
/// stored, and at the end.
const BATCH_ON_THE_WAY: usize = 80_000;
const TARGETS_SMALL: &str = "targets: under 0.5 s and 150 MB at 80,000 articles";
const TARGETS_LARGE: &str = "targets: under 1 s and 300 MB at 1,000,000 articles";

pub fn run(options: &ScaleOptions) -> Result<()> {
    if options.articles == 0 || options.chunk == 0 {
        bail!("--articles and --chunk must be at least 1");
    }
    if let Some(dir) = &options.reads {
        let titles = kept_titles(&dir.with_extension("chunks"), options.queries)?;
        return read_figures(dir, &titles, options.queries);
    }
    let inputs = shared_inputs(&options.shared_data, &NEWS_CORPORA)?;
    let counter = shared_inputs(&options.shared_data, &["counter-dev"])?.remove(0);
    let started = Instant::now();
    let model = train(&inputs)?;
    println!(
        "model: {} words, {} word pairs, from {} documents, trained in {:.1} s",
        model.vocabulary(),
        model.transitions(),
        model.documents(),
        started.elapsed().as_secs_f64()
    );

    let places = Places::new(options.keep.as_deref())?;
    let mut maker = Maker::new(model, options.articles, options.queries)?;
    ingest_in_chunks(options, &places, &mut maker, &counter)?;
    planted_figures(&places.data, &maker)?;
    read_figures(&places.data, &maker.titles, options.queries)?;
    if options.keep.is_some() {
        println!(
            "kept: the data directory {}, the articles in {}",
            places.data.display(),
            places.chunks.display()
        );
    }
    Ok(())
}

/// Where the corpus and the generated articles go: temporary directories,
/// removed when dropped, unless they are kept.
struct Places {
    data: PathBuf,
    chunks: PathBuf,
    /// The temporary directories, none if kept.
    temporary: Vec<tempfile::TempDir>,
}

impl Places {
    fn new(keep: Option<&Path>) -> Result<Places> {
        if let Some(dir) = keep {
            if dir.exists() {
                bail!("--keep {}: already exists", dir.display());
            }
            let chunks = dir.with_extension("chunks");
            std::fs::create_dir(&chunks)
                .with_context(|| format!("{}: cannot create", chunks.display()))?;
            return Ok(Places {
                data: dir.to_path_buf(),
                chunks,
                temporary: Vec::new(),
            });
        }
        let temporary = |prefix: &str| {
            tempfile::Builder::new()
                .prefix(prefix)
                .tempdir()
                .context("creating a temporary directory")
        };
        let (data, chunks) = (
            temporary("khabar-scale-")?,
            temporary("khabar-scale-chunks-")?,
        );
        Ok(Places {
            data: data.path().to_path_buf(),
            chunks: chunks.path().to_path_buf(),
            temporary: vec![data, chunks],
        })
    }
}

/// Makes the corpus chunk by chunk, each ingested by a `khabar ingest`
/// process of its own, with a line of figures per chunk and the small
/// batch on the way and at the end.
fn ingest_in_chunks(
    options: &ScaleOptions,
    places: &Places,
    maker: &mut Maker,
    counter: &Path,
) -> Result<()> {
    let dir = &places.data;
    let mut ingest_seconds = 0.0;
    let mut peak_kib: f64 = 0.0;
    let mut batch_on_the_way = options.articles > BATCH_ON_THE_WAY;
    println!(
        "ingest of {} articles, {} per khabar ingest process:",
        options.articles, options.chunk
    );
    while maker.made < options.articles {
        let size = options.chunk.min(options.articles - maker.made);
        let file = places.chunks.join(format!("{:07}.jsonl", maker.made));
        maker.write_chunk(&file, size)?;
        let timed = batch::timed_ingest(dir, &file)?;
        if !places.temporary.is_empty() {
            std::fs::remove_file(&file)
                .with_context(|| format!("{}: cannot remove", file.display()))?;
        }
        ingest_seconds += timed.seconds;
        peak_kib = peak_kib.max(timed.peak_kib);
        let index = directory_size(&khabar_corpus::index_dir(dir))?;
        let store = directory_size(dir)? - index;
        let thousands = maker.made as f64 / 1000.0;
        println!(
            "  {:>9} stored: {size} in {:.1} s, {:.0} articles/s, peak memory {:.0} MiB; on disk per 1,000 articles: store {:.2} MiB, index {:.2} MiB",
            maker.made,
            timed.seconds,
            size as f64 / timed.seconds,
            timed.peak_kib / 1024.0,
            mib(store) / thousands,
            mib(index) / thousands
        );
        if batch_on_the_way && maker.made >= BATCH_ON_THE_WAY && maker.made < options.articles {
            batch::figures(dir, counter, TARGETS_SMALL)?;
            batch_on_the_way = false;
        }
    }
    let targets = if options.articles > BATCH_ON_THE_WAY {
        TARGETS_LARGE
    } else {
        TARGETS_SMALL
    };
    batch::figures(dir, counter, targets)?;
    println!(
        "ingest: {} articles in {:.1} s of khabar ingest processes, {:.0} articles/s (target: at least 2,000), peak memory {:.0} MiB (target: under 1 GiB)",
        maker.made,
        ingest_seconds,
        maker.made as f64 / ingest_seconds,
        peak_kib / 1024.0
    );
    Ok(())
}

/// Entities, the story list and searches, at the corpus's full size.
fn read_figures(dir: &Path, titles: &[String], queries: usize) -> Result<()> {
    entity_figures(dir)?;
    let started = Instant::now();
    let stories = Corpus::open(dir)?.store().stories(None, 20)?;
    println!(
        "story list (as khabar stories shows it, the {} largest) in {:.0} ms (target: under 100 ms)",
        stories.len(),
        ms(started.elapsed())
    );
    let mut corpus = Corpus::open(dir)?;
    let queries = title_queries(titles.iter().map(String::as_str), queries, 2);
    let (mut times, hits) = time_queries(&mut corpus, &queries)?;
    let (p50, p99) = percentiles(&mut times);
    println!(
        "search: {} queries of 2 words from titles, top 10 with snippets: p50 {:.2} ms, p99 {:.2} ms (targets: 5 ms, 30 ms), {hits} matches",
        queries.len(),
        ms(p50),
        ms(p99)
    );
    Ok(())
}

/// The titles of a kept corpus's articles, read from its chunk files and
/// spread over it as a run's own are.
fn kept_titles(chunks: &Path, queries: usize) -> Result<Vec<String>> {
    let all: Vec<String> = records(&[chunks.to_path_buf()])?
        .map(|record| record.title.unwrap_or_default())
        .collect();
    let every = (all.len() / (4 * queries.max(1))).max(1);
    Ok(all.into_iter().step_by(every).collect())
}

fn train(inputs: &[PathBuf]) -> Result<Markov> {
    let documents: Vec<String> = records(inputs)?.map(|record| record.text).collect();
    Ok(Markov::train(documents.iter().map(String::as_str)))
}

/// The articles of these files and directories, in order; refused if any
/// cannot be read.
fn records(inputs: &[PathBuf]) -> Result<impl Iterator<Item = Record>> {
    let (files, unreadable) = input_files(inputs);
    if let Some(rejection) = unreadable.first() {
        bail!("{}: {}", rejection.origin, rejection.reason);
    }
    Ok(files
        .into_iter()
        .flat_map(|file| read_file(&file))
        .filter_map(|item| match item {
            Item::Article(record) => Some(record),
            Item::Rejected(_) => None,
        }))
}

/// An article made, kept while copies and follow-ups may still be made of
/// it.
struct Made {
    id: String,
    source: usize,
    title: String,
    sentences: Vec<String>,
}

/// Makes the articles, in order, and remembers what it planted.
struct Maker {
    model: Markov,
    rng: StdRng,
    total: usize,
    made: usize,
    first_day: i64,
    recent: VecDeque<Made>,
    /// (copy, original) and (follow-up, original) ids.
    copies: Vec<(String, String)>,
    follow_ups: Vec<(String, String)>,
    /// Titles spread over the corpus, for search queries.
    titles: Vec<String>,
    title_every: usize,
}

impl Maker {
    fn new(model: Markov, total: usize, queries: usize) -> Result<Maker> {
        Ok(Maker {
            model,
            rng: StdRng::seed_from_u64(20_231_001),
            total,
            made: 0,
            first_day: parse_user_day(FIRST_DAY, End::First)?,
            recent: VecDeque::with_capacity(RECENT + 1),
            copies: Vec::new(),
            follow_ups: Vec::new(),
            titles: Vec::new(),
            // A few titles per query: some are too short to query.
            title_every: (total / (4 * queries.max(1))).max(1),
        })
    }

    fn write_chunk(&mut self, path: &Path, size: usize) -> Result<()> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("{}: cannot create", path.display()))?;
        let mut out = BufWriter::new(file);
        for _ in 0..size {
            let line = self.next_article();
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
        out.flush()
            .with_context(|| format!("{}: cannot write", path.display()))
    }

    fn next_article(&mut self) -> serde_json::Value {
        let n = self.made;
        self.made += 1;
        let day = self.first_day + n as i64 * DAYS / self.total as i64;
        let published = format!(
            "{}T{:02}:{:02}:00+05:00",
            date_of_day(day),
            7 + n % 15,
            n * 7 % 60
        );
        let id = format!("scale-{n:07}");
        let draw: f64 = self.rng.random();
        let article = match self.recent.len() {
            0 => self.new_article(id),
            len if draw < COPY_SHARE => {
                let original = &self.recent[self.rng.random_range(0..len)];
                self.copies.push((id.clone(), original.id.clone()));
                Made {
                    id,
                    source: (original.source + 1 + self.rng.random_range(0..OUTLETS - 1)) % OUTLETS,
                    title: original.title.clone(),
                    sentences: original.sentences.clone(),
                }
            }
            len if draw < COPY_SHARE + FOLLOW_UP_SHARE => {
                let pick = self.rng.random_range(0..len);
                self.follow_ups
                    .push((id.clone(), self.recent[pick].id.clone()));
                self.follow_up(id, pick)
            }
            _ => self.new_article(id),
        };
        if n.is_multiple_of(self.title_every) {
            self.titles.push(article.title.clone());
        }
        let text = paragraphs(&article.sentences);
        let line = serde_json::json!({
            "id": article.id,
            "source": format!("outlet-{:02}", article.source + 1),
            "published": published,
            "title": article.title,
            "text": text,
        });
        self.recent.push_back(article);
        if self.recent.len() > RECENT {
            self.recent.pop_front();
        }
        line
    }

    fn new_article(&mut self, id: String) -> Made {
        let length = self.model.article_length(&mut self.rng);
        let sentences = (0..length)
            .map(|_| self.model.sentence(&mut self.rng))
            .collect();
        let title = self.title();
        Made {
            id,
            source: self.rng.random_range(0..OUTLETS),
            title,
            sentences,
        }
    }

    /// Half of the original's sentences with as many new ones between
    /// them, under its title's first half and new words.
    fn follow_up(&mut self, id: String, original: usize) -> Made {
        let (kept, title_start) = {
            let original = &self.recent[original];
            let kept: Vec<String> = original.sentences.iter().step_by(2).cloned().collect();
            let words: Vec<&str> = original.title.split_whitespace().collect();
            (kept, words[..words.len().div_ceil(2)].join(" "))
        };
        let mut sentences = Vec::with_capacity(2 * kept.len());
        for sentence in kept {
            sentences.push(sentence);
            sentences.push(self.model.sentence(&mut self.rng));
        }
        let title = format!("{title_start} {}", self.title());
        Made {
            id,
            source: self.rng.random_range(0..OUTLETS),
            title,
            sentences,
        }
    }

    /// The first four to ten words of a sentence, without its final mark.
    fn title(&mut self) -> String {
        let sentence = self.model.sentence(&mut self.rng);
        let words = self.rng.random_range(4..=10);
        sentence
            .trim_end_matches(['۔', '؟', '?', '!'])
            .split_whitespace()
            .take(words)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Sentences in paragraphs of up to four.
fn paragraphs(sentences: &[String]) -> String {
    sentences
        .chunks(4)
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// How many of the planted copies were found, and of the follow-ups placed
/// in their original's story (of those whose two articles were stored: an
/// article drawn mostly from English quotes is refused as not Urdu).
fn planted_figures(dir: &Path, maker: &Maker) -> Result<()> {
    let corpus = Corpus::open(dir)?;
    let store = corpus.store();
    let pairs: HashSet<(String, String)> = store
        .copies(0.8)?
        .into_iter()
        .flat_map(|p| [(p.a.clone(), p.b.clone()), (p.b, p.a)])
        .collect();
    let mut copies = Tally::default();
    for pair in &maker.copies {
        let stored = store.story_of(&pair.0)?.is_some() && store.story_of(&pair.1)?.is_some();
        copies.add(stored, pairs.contains(pair));
    }
    let mut follow_ups = Tally::default();
    for (follow_up, original) in &maker.follow_ups {
        let (a, b) = (store.story_of(follow_up)?, store.story_of(original)?);
        follow_ups.add(a.is_some() && b.is_some(), a.is_some() && a == b);
    }
    println!(
        "planted: {} of {} copies found; {} of {} follow-ups in their original's story ({} and {} not counted: an article of theirs refused as not Urdu); {} copy pairs in all",
        copies.hits,
        copies.counted,
        follow_ups.hits,
        follow_ups.counted,
        copies.refused,
        follow_ups.refused,
        pairs.len() / 2,
    );
    Ok(())
}

#[derive(Default)]
struct Tally {
    counted: usize,
    hits: usize,
    refused: usize,
}

impl Tally {
    fn add(&mut self, stored: bool, hit: bool) {
        if !stored {
            self.refused += 1;
        } else {
            self.counted += 1;
            self.hits += usize::from(hit);
        }
    }
}
