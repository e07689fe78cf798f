//! A small batch added to the stored corpus, as a monitoring loop adds what
//! its feeds brought since the last round: the whole `khabar ingest`
//! process, timed with its peak memory by `/usr/bin/time` (as the chunks
//! of `bench scale` are). The batch is
//! ten articles dated the day after a stored story's last: eight new to the
//! corpus (COUNTER documents), a verbatim copy of a stored article (under
//! another outlet) and a follow-up of the story (a third of the sentences
//! of three of its articles). The copy must be found and the follow-up must
//! join the story.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use khabar_corpus::Corpus;
use khabar_corpus::day::{End, date_of_day, parse_user_day};
use khabar_ingest::{Item, input_files, read_file};

use crate::corpus::day_of;

/// Articles new to the corpus in the batch.
const NEW: usize = 8;

/// What a whole `khabar ingest` process took.
pub struct Timed {
    pub seconds: f64,
    pub peak_kib: f64,
}

/// Runs `khabar ingest` of `file` into `dir` as its own process, timed
/// with its peak memory by `/usr/bin/time`.
pub fn timed_ingest(dir: &Path, file: &Path) -> Result<Timed> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        bail!("/usr/bin/time is missing: the batch benchmarks need it (Debian package time)");
    }
    let output = Command::new(time)
        .args(["-f", "%e %M"])
        .arg(std::env::current_exe()?)
        .arg("--data")
        .arg(dir)
        .args(["ingest", "--json"])
        .arg(file)
        .output()
        .context("running khabar ingest under /usr/bin/time")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("khabar ingest of {} failed: {stderr}", file.display());
    }
    let (seconds, peak_kib) = stderr
        .lines()
        .last()
        .and_then(|line| line.split_once(' '))
        .and_then(|(s, k)| Some((s.parse::<f64>().ok()?, k.parse::<f64>().ok()?)))
        .with_context(|| format!("no figures from /usr/bin/time in {stderr:?}"))?;
    Ok(Timed { seconds, peak_kib })
}

/// Adds the batch to the corpus in `dir` and prints what it cost; `targets`
/// says what it should cost at this size.
pub fn figures(dir: &Path, counter: &Path, targets: &str) -> Result<()> {
    let stored = Corpus::open(dir)?.store().article_count()?;
    // Ids of their own at every size the batch is added at.
    let ids = BatchIds::new(stored);
    let (batch, story) = make_batch(dir, counter, &ids)?;
    let file = tempfile::Builder::new()
        .prefix("khabar-batch-")
        .suffix(".jsonl")
        .tempfile()
        .context("creating the batch file")?;
    std::fs::write(file.path(), batch.join("\n")).context("writing the batch file")?;
    let timed = timed_ingest(dir, file.path())?;

    let corpus = Corpus::open(dir)?;
    let store = corpus.store();
    let copy_found = store
        .copies(0.8)?
        .iter()
        .any(|pair| pair.a == ids.copy || pair.b == ids.copy);
    let joined = store.story_of(&ids.follow_up)? == Some(story);
    println!(
        "a batch of {} articles (a copy, a follow-up) added to {stored} stored: the khabar ingest process {:.2} s, peak memory {:.0} MiB ({targets}); the copy {}, the follow-up {}",
        batch.len(),
        timed.seconds,
        timed.peak_kib / 1024.0,
        if copy_found { "found" } else { "NOT found" },
        if joined {
            format!("joined story {story}")
        } else {
            format!("did NOT join story {story}")
        }
    );
    Ok(())
}

/// The batch's JSON lines, and the story the follow-up should join.
struct BatchIds {
    copy: String,
    follow_up: String,
    new: String,
}

impl BatchIds {
    fn new(stored: u64) -> BatchIds {
        let prefix = format!("bench-batch-{stored}");
        BatchIds {
            copy: format!("{prefix}-copy"),
            follow_up: format!("{prefix}-follow-up"),
            new: format!("{prefix}-new"),
        }
    }
}

fn make_batch(dir: &Path, counter: &Path, ids: &BatchIds) -> Result<(Vec<String>, u64)> {
    let corpus = Corpus::open(dir)?;
    let store = corpus.store();
    let day = |published: Option<&str>| parse_user_day(day_of(published), End::First).ok();
    // A story of three articles or more told within a week, the largest of
    // those of the corpus's last weeks.
    let since = store.latest_story_day()?.map(|day| day - 28);
    let stories = store.stories(since, 500)?;
    let (story, last_day) = stories
        .iter()
        .filter(|s| s.articles >= 3)
        .find_map(|s| {
            let (first, last) = (
                day(s.first_published.as_deref())?,
                day(s.last_published.as_deref())?,
            );
            (last - first <= 7).then_some((s, last))
        })
        .context("no story of three articles within a week to follow up")?;
    let published = date_of_day(last_day + 1).to_string();

    let mut sentences = Vec::new();
    for id in story.article_ids.iter().take(3) {
        let article = store.article(id)?.context("a story member is missing")?;
        let all: Vec<&str> = article.text.split_inclusive('۔').collect();
        sentences.extend(
            all.iter()
                .take(all.len().div_ceil(3))
                .map(|s| s.trim().to_string()),
        );
    }
    let mut batch = vec![
        serde_json::json!({
            "id": ids.follow_up, "source": "bench-follow-up", "published": published,
            "title": story.title, "text": sentences.join(" "),
        })
        .to_string(),
    ];

    // The copy: an article of another story.
    let original = stories
        .iter()
        .filter(|s| s.id != story.id)
        .find_map(|s| s.article_ids.first())
        .context("no second story")?;
    let original = store.article(original)?.context("an article is missing")?;
    batch.push(
        serde_json::json!({
            "id": ids.copy, "source": "bench-copy", "published": published,
            "title": original.title, "text": original.text,
        })
        .to_string(),
    );

    let (files, _) = input_files(&[counter.join("xml")]);
    let new = files
        .iter()
        .flat_map(read_file)
        .filter_map(|item| match item {
            Item::Article(record) => Some(record),
            Item::Rejected(_) => None,
        })
        .take(NEW);
    for (n, record) in new.enumerate() {
        batch.push(
            serde_json::json!({
                "id": format!("{}-{n}", ids.new), "source": "bench-new",
                "published": published, "title": record.title, "text": record.text,
            })
            .to_string(),
        );
    }
    if batch.len() < NEW + 2 {
        bail!("{}: fewer than {NEW} documents", counter.display());
    }
    Ok((batch, story.id))
}
