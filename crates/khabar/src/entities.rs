//! The entity commands: `entities`, `entity`, `timeline`, `reindex`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use indicatif::{ProgressBar, ProgressStyle};
use khabar_corpus::{Corpus, EntitySummary, Store};
use khabar_entities::parse_kind;

use crate::corpus::{Shows, tell_progress};
use crate::escape::shown;

/// Spellings shown per entity in the text listing.
const LISTED_VARIANTS: usize = 6;
/// Articles shown on an entity's page in text (JSON has them all).
const LISTED_ARTICLES: usize = 20;

#[derive(clap::Parser)]
pub struct EntitiesArgs {
    /// Only persons (PER), places (LOC) or organisations (ORG).
    #[arg(long = "type", value_name = "PER|LOC|ORG")]
    pub kind: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Parser)]
pub struct EntityArgs {
    /// The name, in any of its spellings.
    pub name: String,
    /// Articles listed, the newest first: by default 20, or all of them
    /// with --json.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Articles skipped before those listed.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct TimelineArgs {
    /// The entity, by any of its spellings.
    #[arg(long)]
    pub entity: String,
    #[arg(long)]
    pub json: bool,
}

/// The corpus in `data`, for the entity commands, with a note if its
/// entities do not reflect every stored article yet.
pub fn open(data: &Path) -> Result<Corpus> {
    let corpus = crate::corpus::existing(data)?;
    let shows = Shows {
        search: false,
        entities: true,
        stories: false,
    };
    tell_progress(&corpus, shows)?;
    if let Some((done, of)) = corpus.store().unfinished_reindex()? {
        eprintln!(
            "khabar: note: a reindex of {} stopped after {done} of {of} articles; \
             `khabar reindex` finishes it (until then the other articles' entities and \
             dates come from the model before)",
            data.display()
        );
    } else if let Some(stored) = corpus.store().facts_version()?
        && stored != khabar_corpus::facts::version()
    {
        eprintln!(
            "khabar: note: the entities in {} were found by another model; \
             `khabar reindex` finds them again with this one",
            data.display()
        );
    }
    Ok(corpus)
}

/// The entity a name stands for, or an error naming the data directory.
pub fn find(store: &Store, name: &str, data: &Path) -> Result<EntitySummary> {
    store
        .find_entity(name)?
        .ok_or_else(|| anyhow!("no entity named {name:?} in {}", data.display()))
}

pub fn list(data: &Path, args: &EntitiesArgs) -> Result<()> {
    let kind = args
        .kind
        .as_deref()
        .map(|k| parse_kind(k).ok_or_else(|| anyhow!("--type {k}: expected PER, LOC or ORG")))
        .transpose()?;
    let corpus = open(data)?;
    let entities = corpus.store().entities(kind, args.limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &entities)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "articles  mentions  type  entity")?;
    for e in &entities {
        let variants: Vec<String> = e
            .variants
            .iter()
            .take(LISTED_VARIANTS)
            .map(|v| format!("{} ×{}", v.spelling, v.mentions))
            .collect();
        let more = e.variants.len().saturating_sub(LISTED_VARIANTS);
        let more = if more > 0 {
            format!(" (+{more})")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:>8}  {:>8}  {:<4}  {}  [{}{more}]",
            e.articles,
            e.mentions,
            e.kind,
            e.canonical,
            variants.join(", ")
        )?;
    }
    Ok(())
}

pub fn show(data: &Path, args: &EntityArgs) -> Result<()> {
    let corpus = open(data)?;
    let entity = find(corpus.store(), &args.name, data)?;
    let limit = args.limit.unwrap_or(if args.json {
        usize::MAX
    } else {
        LISTED_ARTICLES
    });
    let page = corpus.store().entity_page(entity, args.offset, limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &page)?;
        writeln!(out)?;
        return Ok(());
    }
    let e = &page;
    writeln!(out, "{} ({})", e.canonical, e.kind)?;
    writeln!(out, "id:        {}", e.id)?;
    if let Some(english) = &e.english {
        writeln!(out, "english:   {english}")?;
    }
    writeln!(
        out,
        "mentions:  {} in {} articles",
        e.mentions, e.article_count
    )?;
    writeln!(out, "\nspellings:")?;
    for v in &e.variants {
        writeln!(out, "  {:>6}  {}", v.mentions, v.spelling)?;
    }
    writeln!(out, "\narticles:")?;
    for a in &page.articles {
        let date = crate::corpus::day_of(a.published.as_deref());
        writeln!(
            out,
            "  {}  {:<10}  {}  {}",
            shown(date),
            shown(&a.source),
            shown(&a.id),
            shown(a.title.as_deref().unwrap_or("(untitled)"))
        )?;
    }
    let more = page
        .article_count
        .saturating_sub((args.offset + page.articles.len()) as u64);
    if more > 0 {
        writeln!(
            out,
            "  … and {more} more (--offset and --limit list others, --json all)"
        )?;
    }
    writeln!(out, "\nseen with:")?;
    for r in &page.related {
        writeln!(out, "  {:>6}  {} ({})", r.articles, r.canonical, r.kind)?;
    }
    Ok(())
}

pub fn timeline(data: &Path, args: &TimelineArgs) -> Result<()> {
    let corpus = open(data)?;
    let entity = find(corpus.store(), &args.entity, data)?;
    let statements = corpus.store().timeline(&entity)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({ "entity": entity, "statements": statements }),
        )?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} ({}): {} dated statements",
        entity.canonical,
        entity.kind,
        statements.len()
    )?;
    for s in &statements {
        let range = s
            .end_date
            .as_deref()
            .map_or(String::new(), |end| format!(" – {end}"));
        let how = match &s.expression {
            Some(expression) => format!("«{expression}»"),
            None => "published".to_string(),
        };
        writeln!(out, "\n{}{range}  {how}", s.date)?;
        writeln!(out, "  {}", s.sentence)?;
        writeln!(
            out,
            "  — {}, {}: {}",
            shown(&s.article.source),
            shown(&s.article.id),
            shown(s.article.title.as_deref().unwrap_or("(untitled)"))
        )?;
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct UpdateArgs {
    /// If another khabar process is writing to the data directory, wait
    /// for it to finish instead of failing.
    #[arg(long)]
    pub wait: bool,
    /// Resolve every entity afresh from the names of the whole corpus (as
    /// after a change of model), instead of only the names of articles
    /// stored since the last update.
    #[arg(long)]
    pub resolve_all: bool,
    #[arg(long)]
    pub json: bool,
}

pub fn update(data: &Path, args: &UpdateArgs) -> Result<()> {
    let mut corpus = crate::corpus::existing(data)?;
    crate::corpus::wait_if_asked(&mut corpus, args.wait);
    let started = std::time::Instant::now();
    let summary = corpus
        .update(args.resolve_all)
        .with_context(|| format!("updating {}", data.display()))?;
    corpus.close()?;
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "articles_placed": summary.articles,
                "copies": summary.copies,
                "stories_started": summary.stories_started,
                "seconds": seconds,
            })
        );
    } else {
        println!(
            "up to date in {seconds:.1} s: {} articles placed in stories ({} copy pairs, {} new stories)",
            summary.articles, summary.copies, summary.stories_started
        );
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct ReindexArgs {
    /// Articles per transaction (1 to 100,000): a killed reindex loses at
    /// most one batch, and the next one takes up from there.
    #[arg(long, default_value_t = 2000, value_parser = clap::builder::RangedI64ValueParser::<usize>::new().range(1..=100_000))]
    pub batch: usize,
    /// If another khabar process is writing to the data directory, wait
    /// for it to finish instead of failing.
    #[arg(long)]
    pub wait: bool,
}

pub fn reindex(data: &Path, args: &ReindexArgs) -> Result<()> {
    let mut corpus = crate::corpus::existing(data)?;
    crate::corpus::wait_if_asked(&mut corpus, args.wait);
    let total = corpus.stats()?.articles;
    if total == 0 {
        bail!("{}: no articles to reindex", data.display());
    }
    let interactive = std::io::stderr().is_terminal();
    let bar = if interactive {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} articles {per_sec}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let started = std::time::Instant::now();
    let summary = corpus
        .reindex(args.batch, &mut |done| {
            bar.set_position(done);
            if !interactive {
                eprintln!("reindexed: {done} of {total} articles");
            }
        })
        .with_context(|| format!("reindexing {}", data.display()))?;
    bar.finish_and_clear();
    corpus.close()?;
    if summary.resumed_after > 0 {
        println!(
            "took up an interrupted reindex after {} articles",
            summary.resumed_after
        );
    }
    println!(
        "reindexed {} articles in {:.1} s: {} entity mentions, {} dates",
        summary.articles,
        started.elapsed().as_secs_f64(),
        summary.mentions,
        summary.dates
    );
    Ok(())
}
