//! The corpus commands: `ingest`, `search`, `show`, `stats`, `demo`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Parser;
use clap::builder::RangedI64ValueParser;
use indicatif::{ProgressBar, ProgressStyle};
use khabar_corpus::day::{End, parse_user_day};
use khabar_corpus::{Corpus, IngestOptions, Progress, Summary};
use khabar_search::Filters;

use crate::escape::shown;
use serde_json::json;

#[derive(clap::Parser)]
pub struct IngestArgs {
    /// Files and folders to read (folders recursively; .gz read as is).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The source of every article, instead of what the files say.
    #[arg(long)]
    pub source: Option<String>,
    /// Records per batch (1 to 100,000).
    #[arg(long, default_value_t = 1000, value_parser = RangedI64ValueParser::<usize>::new().range(1..=100_000))]
    pub batch: usize,
    /// The publication date (YYYY-MM-DD) of articles whose files give none
    /// (plain text without a date line).
    #[arg(long)]
    pub published: Option<String>,
    /// Seconds between two commits of the search index (and at the end).
    #[arg(long, default_value_t = 2.0)]
    pub commit_interval: f64,
    /// If another khabar process is writing to the data directory, wait
    /// for it to finish instead of failing.
    #[arg(long)]
    pub wait: bool,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Parser)]
pub struct SearchArgs {
    /// Words must all match; "quoted words" match as a phrase.
    pub query: String,
    /// How many hits to show (at most 10,000).
    #[arg(long, default_value_t = 10, value_parser = RangedI64ValueParser::<usize>::new().range(0..=khabar_search::MAX_HITS as i64))]
    pub limit: usize,
    /// Only articles from this source.
    #[arg(long)]
    pub source: Option<String>,
    /// Only articles published on or after this day (YYYY-MM-DD, YYYY-MM, YYYY).
    #[arg(long)]
    pub from: Option<String>,
    /// Only articles published on or before this day.
    #[arg(long)]
    pub to: Option<String>,
    /// Only articles naming this entity (in any of its spellings).
    #[arg(long)]
    pub entity: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// The searches `khabar demo` runs on the sample: one name in three
/// spellings, a phrase, and a word within one month.
const DEMO_SEARCHES: [(&str, &[&str]); 3] = [
    (
        "Putin, written پیوٹن here and پوتن or پوٹن elsewhere",
        &["پیوٹن", "--limit", "7"],
    ),
    ("the phrase نواز شریف", &["\"نواز شریف\"", "--limit", "3"]),
    (
        "Kashmir in October 2016",
        &[
            "کشمیر",
            "--from",
            "2016-10",
            "--to",
            "2016-10",
            "--limit",
            "3",
        ],
    ),
];

/// Ingests the sample into `data`, then shows the stats, a few searches and
/// the entities.
pub fn demo(data: &Path, samples: &Path) -> Result<()> {
    // The command as a user would type it in a shell.
    let shown = |args: &[&str]| {
        let quoted: Vec<String> = args
            .iter()
            .map(|a| {
                if a.contains([' ', '"']) {
                    format!("'{a}'")
                } else {
                    a.to_string()
                }
            })
            .collect();
        println!(
            "\n$ khabar --data {} {}\n",
            shown(&data.display().to_string()),
            shown(&quoted.join(" "))
        );
    };
    let samples_arg = samples.display().to_string();
    shown(&["ingest", &samples_arg]);
    ingest(data, &IngestArgs::try_parse_from(["ingest", &samples_arg])?)?;
    shown(&["stats"]);
    stats(data, false)?;
    for (about, args) in DEMO_SEARCHES {
        println!("\n# {about}");
        shown(&[&["search"], args].concat());
        let search_args =
            SearchArgs::try_parse_from(std::iter::once("search").chain(args.iter().copied()))?;
        search(data, &search_args)?;
    }
    println!("\n# the entities written about most, each with its spellings");
    shown(&["entities", "--limit", "12"]);
    crate::entities::list(
        data,
        &crate::entities::EntitiesArgs::try_parse_from(["entities", "--limit", "12"])?,
    )?;
    println!("\n# one person, found by any spelling");
    shown(&["entity", "پوتن"]);
    crate::entities::show(
        data,
        &crate::entities::EntityArgs::try_parse_from(["entity", "پوتن"])?,
    )?;
    println!("\n# the largest stories: articles that report one event");
    shown(&["stories", "--limit", "5"]);
    crate::stories::stories(
        data,
        &crate::stories::StoriesArgs::try_parse_from(["stories", "--limit", "5"])?,
    )?;
    Ok(())
}

pub fn ingest(data: &Path, args: &IngestArgs) -> Result<()> {
    let Ok(commit_every) = Duration::try_from_secs_f64(args.commit_interval) else {
        bail!(
            "--commit-interval: {} is not a number of seconds",
            args.commit_interval
        );
    };
    let published = args
        .published
        .as_deref()
        .map(|p| crate::input::parse_date("--published", p))
        .transpose()?;
    let mut corpus = Corpus::create_or_open(data)?;
    print_notes(&mut corpus);
    wait_if_asked(&mut corpus, args.wait);
    let options = IngestOptions {
        source: args.source.clone(),
        batch: args.batch,
        commit_every,
        published,
        entities: true,
        stories: true,
    };
    let interactive = std::io::stderr().is_terminal();
    let bar = ProgressBar::hidden();
    let mut on_progress = |event: Progress| match event {
        Progress::Files(files) => {
            let bytes = files.iter().map(|f| f.size).sum();
            if interactive && bytes > 0 {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.set_length(bytes);
                bar.set_style(
                    ProgressStyle::with_template(
                        "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
            }
        }
        Progress::BytesRead(bytes) => bar.set_position(bytes),
        Progress::Step(step) => {
            if interactive {
                bar.set_message(format!("{step}…"));
            } else {
                eprintln!("{step}…");
            }
        }
        Progress::Committed(summary) => {
            let line = format!(
                "committed: {} articles added, {} already present, {} rejected",
                summary.committed, summary.already_present, summary.rejected
            );
            if interactive {
                bar.set_message(line);
            } else {
                eprintln!("{line}");
            }
        }
    };
    let summary = corpus.ingest(&args.paths, &options, &mut on_progress)?;
    bar.finish_and_clear();
    corpus.close()?;
    print_summary(&summary, args.json)
}

fn print_summary(summary: &Summary, as_json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if as_json {
        let rejections: Vec<_> = summary
            .rejections
            .iter()
            .map(|r| json!({"origin": r.origin, "reason": r.reason}))
            .collect();
        let value = json!({
            "files": summary.files,
            "added": summary.added,
            "already_present": summary.already_present,
            "rejected": summary.rejected,
            "rejections": rejections,
            "copies": summary.stories.as_ref().map(|s| s.copies),
            "copies_not_kept": summary.stories.as_ref().map(|s| s.copies_not_kept),
            "stories_started": summary.stories.as_ref().map(|s| s.stories_started),
        });
        writeln!(out, "{value}")?;
        return Ok(());
    }
    writeln!(out, "files read:       {}", summary.files)?;
    writeln!(out, "articles added:   {}", summary.added)?;
    writeln!(out, "already present:  {}", summary.already_present)?;
    writeln!(out, "rejected:         {}", summary.rejected)?;
    if let Some(stories) = &summary.stories {
        writeln!(out, "copy pairs found: {}", stories.copies)?;
        if stories.copies_not_kept > 0 {
            writeln!(
                out,
                "                  ({} more not kept: at most {} per article, the most similar)",
                stories.copies_not_kept,
                khabar_corpus::update::MAX_PAIRS_PER_ARTICLE
            )?;
        }
        writeln!(
            out,
            "stories:          {} new, {} in all",
            stories.stories_started, stories.stories
        )?;
    }
    for rejection in &summary.rejections {
        writeln!(out, "  {}", shown(&rejection.to_string()))?;
    }
    let unlisted = summary.rejected - summary.rejections.len() as u64;
    if unlisted > 0 {
        writeln!(
            out,
            "  … and {unlisted} more (all are in the rejections table of articles.sqlite)"
        )?;
    }
    Ok(())
}

/// The day of a publication date as stored (RFC 3339), or "undated".
pub fn day_of(published: Option<&str>) -> &str {
    published.map_or("undated", |p| p.get(..10).unwrap_or(p))
}

/// A corpus in a new temporary directory (removed with it), with `inputs`
/// ingested: what the evaluations and `train background` work on.
pub fn scratch(
    prefix: &str,
    inputs: &[PathBuf],
    options: &IngestOptions,
) -> Result<(tempfile::TempDir, Corpus, Summary)> {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .context("creating a temporary data directory")?;
    let mut corpus = Corpus::create_or_open(dir.path())?;
    let summary = corpus.ingest(inputs, options, &mut |_| {})?;
    Ok((dir, corpus, summary))
}

/// The corpus in `data`, which an ingest must have made.
pub fn existing(data: &Path) -> Result<Corpus> {
    let mut corpus = Corpus::open(data)?;
    print_notes(&mut corpus);
    Ok(corpus)
}

/// Makes the writes of `corpus` wait for another writer if `wait`, and
/// says so if one is writing.
pub fn wait_if_asked(corpus: &mut Corpus, wait: bool) {
    corpus.wait_for_writer(wait);
    if wait && let Some(writer) = corpus.writer_process() {
        eprintln!("khabar: waiting for another khabar process, {writer}, to finish");
    }
}

/// What a reader command shows, for [`tell_progress`].
#[derive(Clone, Copy)]
pub struct Shows {
    pub search: bool,
    pub entities: bool,
    pub stories: bool,
}

/// Says, on standard error, what the steps a reader command shows lack of
/// the stored articles: an ingest is still adding them, or one was cut
/// short and `khabar update` finishes its work.
pub fn tell_progress(corpus: &Corpus, shows: Shows) -> Result<()> {
    let steps = corpus.progress()?;
    let lacking = [
        (shows.search, steps.unsearchable, "the search index"),
        (shows.entities, steps.unresolved, "the entities"),
        (shows.stories, steps.unplaced, "the copies and stories"),
    ];
    for (shown, missing, step) in lacking {
        if !shown || missing == 0 {
            continue;
        }
        let of = steps.stored;
        match &steps.writer {
            Some(writer) => eprintln!(
                "khabar: note: still being updated by another khabar process, {}: \
                 {missing} of the {of} stored articles are not in {step} yet",
                crate::escape::shown(&writer.to_string())
            ),
            None => eprintln!(
                "khabar: note: {missing} of the {of} stored articles are not in {step} \
                 (a khabar command that wrote here was cut short); `khabar update` adds them"
            ),
        }
    }
    Ok(())
}

/// What the corpus found wrong and repaired, on standard error.
pub fn print_notes(corpus: &mut Corpus) {
    for note in corpus.take_notes() {
        eprintln!("khabar: note: {}", shown(&note));
    }
}

pub fn search(data: &Path, args: &SearchArgs) -> Result<()> {
    let mut corpus = match &args.entity {
        Some(_) => crate::entities::open(data)?,
        None => existing(data)?,
    };
    let shows = Shows {
        search: true,
        entities: false,
        stories: false,
    };
    tell_progress(&corpus, shows)?;
    let ids = match &args.entity {
        Some(name) => {
            let entity = crate::entities::find(corpus.store(), name, data)?;
            Some(corpus.store().entity_article_ids(&entity)?)
        }
        None => None,
    };
    let filters = Filters {
        ids,
        source: args.source.clone(),
        from_day: args
            .from
            .as_deref()
            .map(|d| parse_user_day(d, End::First))
            .transpose()?,
        to_day: args
            .to
            .as_deref()
            .map(|d| parse_user_day(d, End::Last))
            .transpose()?,
    };
    let results = corpus.search(&args.query, &filters, args.limit);
    print_notes(&mut corpus);
    let results = results?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &results)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} articles match {}",
        results.total,
        shown(&args.query)
    )?;
    let bold = std::io::stdout().is_terminal();
    for (rank, hit) in results.hits.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "{}. {}",
            rank + 1,
            shown(hit.title.as_deref().unwrap_or("(untitled)"))
        )?;
        let date = day_of(hit.published.as_deref());
        let variant = if hit.exact {
            ""
        } else {
            " · spelling variant"
        };
        writeln!(
            out,
            "   {} · {} · {}{}",
            shown(&hit.source),
            shown(date),
            shown(&hit.id),
            variant
        )?;
        let snippet = if bold {
            hit.snippet.marked("\x1b[1m", "\x1b[0m", false)
        } else {
            hit.snippet.marked("«", "»", false)
        };
        writeln!(out, "   {snippet}")?;
    }
    Ok(())
}

pub fn show(data: &Path, id: &str, as_json: bool) -> Result<()> {
    let corpus = existing(data)?;
    let Some(article) = corpus.store().article(id)? else {
        bail!("no article {id:?} in {}", data.display());
    };
    let mut out = std::io::stdout().lock();
    if as_json {
        serde_json::to_writer(&mut out, &article)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        shown(article.title.as_deref().unwrap_or("(untitled)"))
    )?;
    writeln!(out, "id:        {}", shown(&article.id))?;
    writeln!(out, "source:    {}", shown(&article.source))?;
    writeln!(
        out,
        "published: {}",
        shown(article.published.as_deref().unwrap_or("unknown"))
    )?;
    if let Some(url) = &article.url {
        writeln!(out, "url:       {}", shown(url))?;
    }
    writeln!(out, "from:      {}", shown(&article.origin))?;
    writeln!(out)?;
    writeln!(out, "{}", article.text)?;
    Ok(())
}

pub fn stats(data: &Path, as_json: bool) -> Result<()> {
    let corpus = existing(data)?;
    let shows = Shows {
        search: true,
        entities: true,
        stories: true,
    };
    tell_progress(&corpus, shows)?;
    let stats = corpus.stats()?;
    let mut out = std::io::stdout().lock();
    if as_json {
        serde_json::to_writer(&mut out, &stats)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "articles: {}", stats.articles)?;
    writeln!(out, "\nper source:")?;
    for source in &stats.sources {
        writeln!(out, "  {:<24} {:>7}", shown(&source.name), source.articles)?;
    }
    writeln!(out, "\nper month:")?;
    for month in &stats.months {
        writeln!(out, "  {:<24} {:>7}", shown(&month.name), month.articles)?;
    }
    if stats.undated > 0 {
        writeln!(out, "  {:<24} {:>7}", "undated", stats.undated)?;
    }
    Ok(())
}
