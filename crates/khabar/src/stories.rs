//! The copy and story commands: `dups`, `stories`, `story`.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow};
use khabar_corpus::{Corpus, StorySummary};

use crate::corpus::day_of;
use khabar_corpus::day::{End, parse_user_day};

use crate::escape::shown;

#[derive(clap::Args)]
pub struct DupsArgs {
    /// Only pairs whose Jaccard similarity (of word-pair shingles) is at
    /// least this.
    #[arg(long, default_value_t = 0.0)]
    pub min_similarity: f64,
    /// One JSON object a line.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Parser)]
pub struct StoriesArgs {
    /// Only stories with an article published on or after this date
    /// (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct StoryArgs {
    /// The story's id (from `khabar stories`), or an article's id.
    pub id: String,
    #[arg(long)]
    pub json: bool,
}

/// The corpus in `data`, for the story commands, with a note if its
/// copies and stories (or the entities they name) do not reflect every
/// stored article yet.
fn open(data: &Path) -> Result<Corpus> {
    let corpus = crate::entities::open(data)?;
    let shows = crate::corpus::Shows {
        search: false,
        entities: false,
        stories: true,
    };
    crate::corpus::tell_progress(&corpus, shows)?;
    Ok(corpus)
}

pub fn dups(data: &Path, args: &DupsArgs) -> Result<()> {
    let corpus = open(data)?;
    let pairs = corpus.store().copies(args.min_similarity)?;
    let mut out = std::io::stdout().lock();
    for pair in &pairs {
        if args.json {
            serde_json::to_writer(&mut out, pair)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}\t{}\t{}\tsimilarity {:.2}\tcontainment {:.2} / {:.2}\torigin {}",
                shown(&pair.a),
                shown(&pair.b),
                pair.relation,
                pair.similarity,
                pair.containment_a_in_b,
                pair.containment_b_in_a,
                shown(&pair.origin)
            )?;
        }
    }
    Ok(())
}

pub fn stories(data: &Path, args: &StoriesArgs) -> Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|d| parse_user_day(d, End::First))
        .transpose()?;
    let corpus = open(data)?;
    let stories = corpus.store().stories(since, args.limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for story in &stories {
            serde_json::to_writer(&mut out, story)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    for story in &stories {
        writeln!(
            out,
            "{}  {}  ({} articles; {})",
            story.id,
            shown(story.title.as_deref().unwrap_or("(untitled)")),
            story.articles,
            shown(&story.sources.join(", "))
        )?;
        writeln!(
            out,
            "    {} – {}",
            day_of(story.first_published.as_deref()),
            day_of(story.last_published.as_deref())
        )?;
        entities_and_related(&mut out, story, "    ")?;
        writeln!(out, "    articles: {}", shown(&story.article_ids.join(" ")))?;
    }
    Ok(())
}

pub fn story(data: &Path, args: &StoryArgs) -> Result<()> {
    let corpus = open(data)?;
    let store = corpus.store();
    let by_story_id = match args.id.parse::<u64>() {
        Ok(id) => store.story(id)?,
        Err(_) => None,
    };
    let page = match by_story_id {
        Some(page) => page,
        None => match store.story_of(&args.id)? {
            Some(id) => store.story(id)?,
            None => None,
        }
        .ok_or_else(|| anyhow!("no story or article {:?} in {}", args.id, data.display()))?,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &page)?;
        writeln!(out)?;
        return Ok(());
    }
    let story = &page.story;
    writeln!(
        out,
        "story {}: {}",
        story.id,
        shown(story.title.as_deref().unwrap_or("(untitled)"))
    )?;
    writeln!(
        out,
        "{} articles from {}; {} – {}",
        story.articles,
        shown(&story.sources.join(", ")),
        day_of(story.first_published.as_deref()),
        day_of(story.last_published.as_deref())
    )?;
    entities_and_related(&mut out, story, "")?;
    writeln!(out, "\nsummary:")?;
    for sentence in &page.summary {
        writeln!(
            out,
            "  {} [{}, {}]",
            sentence.sentence,
            shown(&sentence.source),
            shown(&sentence.article)
        )?;
    }
    writeln!(out, "\narticles:")?;
    for member in &page.members {
        let a = &member.article;
        writeln!(
            out,
            "  {}  {}  {}  {}",
            shown(day_of(a.published.as_deref())),
            shown(&a.source),
            shown(&a.id),
            shown(a.title.as_deref().unwrap_or(""))
        )?;
        for copy in &member.copies {
            let direction = if copy.copied_from_other { "from" } else { "to" };
            writeln!(
                out,
                "      {} {direction} {} (similarity {:.2})",
                copy.relation,
                shown(&copy.other),
                copy.similarity
            )?;
        }
        if member.more_copies > 0 {
            writeln!(
                out,
                "      … and {} more copy relations in this story",
                member.more_copies
            )?;
        }
    }
    if !page.timeline.is_empty() {
        writeln!(out, "\ntimeline:")?;
        for statement in &page.timeline {
            writeln!(
                out,
                "  {}  {}  [{}]",
                statement.date,
                statement.sentence,
                shown(&statement.article.id)
            )?;
        }
    }
    Ok(())
}

/// A story's main entities and related stories, a line each (if any).
fn entities_and_related(out: &mut impl Write, story: &StorySummary, indent: &str) -> Result<()> {
    if !story.entities.is_empty() {
        writeln!(out, "{indent}entities: {}", story.entities.join("، "))?;
    }
    if !story.related.is_empty() {
        let related: Vec<String> = story.related.iter().map(u64::to_string).collect();
        writeln!(out, "{indent}related stories: {}", related.join(", "))?;
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct BackgroundArgs {
    /// The articles whose document frequencies become the background.
    #[arg(long, default_value = "samples/voa")]
    pub samples: std::path::PathBuf,
    /// Where to write it.
    #[arg(long, default_value = "crates/khabar-stories/data/background.terms")]
    pub out: std::path::PathBuf,
}

/// `khabar train background`: the story clusterer's background document
/// frequencies, from the story terms of the sample articles as ingestion
/// stores them.
pub fn train_background(args: &BackgroundArgs) -> Result<()> {
    use anyhow::Context;
    // Only the stored story terms are read: copies and stories are not
    // needed.
    let options = khabar_corpus::IngestOptions {
        stories: false,
        ..Default::default()
    };
    let (_dir, corpus, summary) = crate::corpus::scratch(
        "khabar-background-",
        std::slice::from_ref(&args.samples),
        &options,
    )?;
    if summary.added == 0 {
        return Err(anyhow!("{}: no articles", args.samples.display()));
    }
    let background = corpus.store().background()?;
    std::fs::write(&args.out, background.to_bytes())
        .with_context(|| format!("{}: cannot write", args.out.display()))?;
    println!(
        "{}: {} documents, {} terms",
        args.out.display(),
        background.documents,
        background.frequencies.0.len()
    );
    Ok(())
}
