//! `khabar bench text`: throughput of the text core on a real corpus, and of
//! urduhack's normalize on the same text in the same run.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use khabar_langid::LinguaClassifier;
use khabar_text::{ArabicScriptClassifier, Language};

#[derive(clap::Args)]
pub struct TextOptions {
    /// The shared data directory to build the corpus from.
    #[arg(long, default_value = "../shared/data")]
    shared_data: PathBuf,
    /// Corpus size in megabytes (at least).
    #[arg(long, default_value_t = 10.0)]
    min_mb: f64,
    /// Runs to take the best of (this machine is shared and noisy).
    #[arg(long, default_value_t = 5)]
    repeat: usize,
    /// Python with urduhack installed (scripts/setup-urduhack.sh makes one).
    #[arg(long, default_value = "target/urduhack-venv/bin/python")]
    python: PathBuf,
}

/// Counts what reaches the language model, to show how little does.
struct CountingModel<'a> {
    model: &'a LinguaClassifier,
    calls: Cell<usize>,
    bytes: Cell<usize>,
}

impl ArabicScriptClassifier for CountingModel<'_> {
    fn classify(&self, text: &str) -> Option<Language> {
        self.calls.set(self.calls.get() + 1);
        self.bytes.set(self.bytes.get() + text.len());
        self.model.classify(text)
    }
}

pub fn text(options: &TextOptions) -> Result<()> {
    let documents = corpus(&options.shared_data, (options.min_mb * 1e6) as usize)?;
    let bytes: usize = documents.iter().map(String::len).sum();
    println!(
        "corpus: {} documents, {:.1} MB from {}",
        documents.len(),
        bytes as f64 / 1e6,
        options.shared_data.display()
    );

    let model = LinguaClassifier::new();
    let counting = CountingModel {
        model: &model,
        calls: Cell::new(0),
        bytes: Cell::new(0),
    };
    khabar_text::analyze("گرم ہونے دیں", &counting); // load the lexicon outside the timing
    let mut best = f64::MAX;
    let mut sentences = 0;
    for _ in 0..options.repeat.max(1) {
        counting.calls.set(0);
        counting.bytes.set(0);
        let started = Instant::now();
        sentences = documents
            .iter()
            .map(|d| khabar_text::analyze(d, &counting).sentences.len())
            .sum();
        best = best.min(started.elapsed().as_secs_f64());
    }
    let ours = bytes as f64 / 1e6 / best;
    println!(
        "khabar clean+normalize+segment (1 core): {ours:.1} MB/s ({best:.3} s, {sentences} sentences, best of {})",
        options.repeat.max(1)
    );
    println!(
        "  language model consulted for {} paragraphs, {:.3}% of the bytes",
        counting.calls.get(),
        100.0 * counting.bytes.get() as f64 / bytes as f64
    );
    println!(
        "  lingua alone on Urdu paragraphs: {:.2} MB/s",
        lingua_rate(&model, &documents)
    );
    let folding = fold_rate(&documents, options.repeat.max(1));
    println!(
        "khabar character normalization alone (normalize::fold_into, the job of urduhack's normalize): {folding:.1} MB/s"
    );

    match urduhack_rate(options, &documents)? {
        Some((theirs, version)) => {
            println!("urduhack {version} normalize (1 core): {theirs:.1} MB/s");
            println!(
                "ratio, khabar clean+normalize+segment / urduhack normalize: {:.1}x",
                ours / theirs
            );
            println!(
                "ratio, khabar character normalization / urduhack normalize: {:.1}x",
                folding / theirs
            );
        }
        None => println!(
            "urduhack: not measured ({} not found; run scripts/setup-urduhack.sh)",
            options.python.display()
        ),
    }
    Ok(())
}

/// Documents from the BBC/VOA dumps and the 2024 scrape, until `min_bytes`.
fn corpus(data: &Path, min_bytes: usize) -> Result<Vec<String>> {
    let mut files = Vec::new();
    collect_files(&data.join("bbc-voa-urdu-2016"), "doc", &mut files)?;
    files.sort();
    let mut documents = Vec::new();
    let mut total = 0;
    for file in &files {
        let text = crate::input::read_text(file)?;
        total += text.len();
        documents.push(text);
    }
    let jsonl = data.join("pk-news-scraped-2024/articles_merged.jsonl");
    let lines = std::fs::read_to_string(&jsonl)
        .with_context(|| format!("{}: cannot read", jsonl.display()))?;
    for (n, line) in lines.lines().enumerate() {
        if total >= min_bytes {
            break;
        }
        let row: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}: line {}", jsonl.display(), n + 1))?;
        if let Some(content) = row.get("content").and_then(|c| c.as_str()) {
            total += content.len();
            documents.push(content.to_string());
        }
    }
    if total < min_bytes {
        bail!(
            "{}: only {:.1} MB of text, {:.1} MB asked for",
            data.display(),
            total as f64 / 1e6,
            min_bytes as f64 / 1e6
        );
    }
    Ok(documents)
}

fn collect_files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read directory", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, extension, out)?;
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    Ok(())
}

/// The analysis-form character folding alone, line by line like urduhack,
/// into one reused buffer as a streaming caller would.
fn fold_rate(documents: &[String], repeat: usize) -> f64 {
    let bytes: usize = documents.iter().flat_map(|d| d.lines()).map(str::len).sum();
    let mut best = f64::MAX;
    let mut folded = String::new();
    for _ in 0..repeat {
        let started = Instant::now();
        let mut total = 0;
        for line in documents.iter().flat_map(|d| d.lines()) {
            folded.clear();
            khabar_text::normalize::fold_into(line, &mut folded);
            total += folded.len();
        }
        std::hint::black_box(total);
        best = best.min(started.elapsed().as_secs_f64());
    }
    bytes as f64 / 1e6 / best
}

/// lingua's own speed, on the first two megabytes of Urdu lines.
fn lingua_rate(model: &LinguaClassifier, documents: &[String]) -> f64 {
    let lines: Vec<&str> = documents
        .iter()
        .flat_map(|d| d.lines())
        .filter(|l| l.trim().len() > 40)
        .scan(0, |bytes, line| {
            *bytes += line.len();
            (*bytes < 2_000_000).then_some(line)
        })
        .collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    model.classify("گرم ہونے دیں اور سب کچھ ٹھیک ہو جائے گا");
    let started = Instant::now();
    for line in &lines {
        model.classify(line);
    }
    bytes as f64 / 1e6 / started.elapsed().as_secs_f64()
}

/// urduhack's normalize on the same documents, one per line, via its own
/// Python script; `None` when no Python with urduhack is there.
fn urduhack_rate(options: &TextOptions, documents: &[String]) -> Result<Option<(f64, String)>> {
    if !options.python.exists() {
        return Ok(None);
    }
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/urduhack_normalize_bench.py");
    let corpus = std::env::temp_dir().join(format!("khabar-bench-{}.txt", std::process::id()));
    std::fs::write(&corpus, documents.join("\n"))
        .with_context(|| format!("{}: cannot write", corpus.display()))?;
    let output = Command::new(&options.python)
        .arg(&script)
        .arg(&corpus)
        .args(["--repeat", &options.repeat.max(1).to_string()])
        .output()
        .with_context(|| format!("running {}", options.python.display()));
    std::fs::remove_file(&corpus).ok();
    let output = output?;
    if !output.status.success() {
        bail!(
            "urduhack benchmark failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let result: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("urduhack benchmark output")?;
    let rate = result["mb_per_s"]
        .as_f64()
        .context("urduhack benchmark output has no mb_per_s")?;
    let version = result["version"].as_str().unwrap_or("?").to_string();
    Ok(Some((rate, version)))
}
