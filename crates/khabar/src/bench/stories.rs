//! Copies and stories on the benchmark corpus: the update that finds them
//! (timed in its two halves, with its peak memory), the largest stories,
//! and copy detection on one core beside datasketch (MinHash with 128
//! permutations and MinHashLSH, the standard Python tool) on the same
//! documents, shingles and LSH bands.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use khabar_corpus::Corpus;
use khabar_reuse::{BANDS, Fingerprint, Lsh, PERMUTATIONS, ROWS, Relation, Thresholds};
use rayon::prelude::*;

use super::corpus::{mib, peak_memory_bytes};
use crate::corpus::day_of;

/// Stories printed with their titles.
const LARGEST: usize = 8;

pub fn figures(dir: &Path, python: &Path) -> Result<()> {
    reset_peak_memory();
    let started = Instant::now();
    let mut corpus = Corpus::open(dir)?;
    let update = corpus.update_stories()?;
    let total = started.elapsed();
    let peak = peak_memory_bytes();
    let rate = |seconds: f64| update.articles as f64 / seconds;
    println!(
        "copies and stories of {} articles in {:.1} s, peak memory {:.0} MiB (target: under 1 GiB)",
        update.articles,
        total.as_secs_f64(),
        peak.map_or(f64::NAN, mib)
    );
    println!(
        "  copy detection (LSH candidates and story mates, checked exactly): {:.1} s, {:.0} articles/s, {} pairs",
        update.copy_time.as_secs_f64(),
        rate(update.copy_time.as_secs_f64()),
        update.copies
    );
    println!(
        "  story clustering: {:.1} s, {:.0} articles/s, {} stories (target: the whole corpus in under 60 s)",
        update.story_time.as_secs_f64(),
        rate(update.story_time.as_secs_f64()),
        update.stories
    );
    let started = Instant::now();
    let largest = corpus.store().stories(None, LARGEST)?;
    println!(
        "largest stories (listed in {:.0} ms):",
        started.elapsed().as_secs_f64() * 1000.0
    );
    for story in &largest {
        println!(
            "  {}: {} articles from {} ({} – {}): {}",
            story.id,
            story.articles,
            story.sources.join(", "),
            day_of(story.first_published.as_deref()),
            day_of(story.last_published.as_deref()),
            story.title.as_deref().unwrap_or("(untitled)")
        );
    }
    against_datasketch(&corpus, python)
}

/// Copy detection on one core, ours and datasketch's, on the same
/// documents written as their shingles (word pairs joined by `_`), so both
/// sides hash the same strings.
fn against_datasketch(corpus: &Corpus, python: &Path) -> Result<()> {
    if !python.exists() {
        bail!(
            "{}: no Python with datasketch (run scripts/setup-datasketch.sh and pass --python with the path it prints)",
            python.display()
        );
    }
    let texts = corpus.store().texts()?;
    let lines: Vec<String> = texts
        .par_iter()
        .map(|text| {
            let analysis = khabar_text::analyze(text, &khabar_text::ScriptOnly);
            let words = analysis.words();
            let mut line = String::new();
            khabar_reuse::shingle_texts(words, |shingle| {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.extend(shingle.chars().map(|c| if c == ' ' { '_' } else { c }));
            });
            line
        })
        .collect();
    let file = std::env::temp_dir().join(format!("khabar-shingles-{}.txt", std::process::id()));
    std::fs::write(&file, lines.join("\n"))
        .with_context(|| format!("{}: cannot write", file.display()))?;
    let ours = our_detection(&file);
    let theirs = datasketch_detection(python, &file);
    std::fs::remove_file(&file).ok();
    let (ours, theirs) = (ours?, theirs?);
    println!(
        "copy detection on one core, {} documents, same shingles, {PERMUTATIONS} permutations, {BANDS} bands of {ROWS} rows:",
        lines.len()
    );
    println!(
        "  khabar {:.2} s, {:.0} documents/s; datasketch {} {:.2} s, {:.0} documents/s: {:.1}x (target: at least 10x)",
        ours.seconds,
        lines.len() as f64 / ours.seconds,
        theirs.version,
        theirs.seconds,
        lines.len() as f64 / theirs.seconds,
        theirs.seconds / ours.seconds
    );
    println!(
        "  candidate pairs: khabar {}, datasketch {}; duplicates {} / {}; derived {} / {}; datasketch peak memory {:.0} MiB",
        ours.candidates,
        theirs.candidates,
        ours.duplicates,
        theirs.duplicates,
        ours.derived,
        theirs.derived,
        theirs.peak_mib
    );
    Ok(())
}

struct Detection {
    seconds: f64,
    candidates: u64,
    duplicates: u64,
    derived: u64,
}

/// What the Python script does, in the same order: read and shingle,
/// MinHash, insert every document in the LSH index, query every document,
/// check each candidate pair exactly.
fn our_detection(file: &Path) -> Result<Detection> {
    let started = Instant::now();
    let text = std::fs::read_to_string(file)?;
    let prints: Vec<Fingerprint> = text
        .lines()
        .map(|line| {
            let mut shingles: Vec<u32> = line
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(khabar_reuse::shingle_hash)
                .collect();
            shingles.sort_unstable();
            shingles.dedup();
            Fingerprint::of_shingles(shingles)
        })
        .collect();
    let mut lsh = Lsh::new();
    for (i, print) in prints.iter().enumerate() {
        lsh.insert(i as u32, &print.bands);
    }
    let thresholds = Thresholds::default();
    let mut detection = Detection {
        seconds: 0.0,
        candidates: 0,
        duplicates: 0,
        derived: 0,
    };
    for (i, print) in prints.iter().enumerate() {
        for j in lsh.candidates(&print.bands, usize::MAX) {
            if j as usize <= i {
                continue;
            }
            detection.candidates += 1;
            let other = &prints[j as usize].shingles;
            match khabar_reuse::compare(&print.shingles, other, &thresholds, false).relation {
                Relation::Duplicate => detection.duplicates += 1,
                Relation::Derived => detection.derived += 1,
                Relation::None => {}
            }
        }
    }
    detection.seconds = started.elapsed().as_secs_f64();
    Ok(detection)
}

struct Baseline {
    version: String,
    seconds: f64,
    candidates: u64,
    duplicates: u64,
    derived: u64,
    peak_mib: f64,
}

fn datasketch_detection(python: &Path, file: &Path) -> Result<Baseline> {
    let script: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/datasketch_bench.py");
    let thresholds = Thresholds::default();
    let output = Command::new(python)
        .arg(&script)
        .arg(file)
        .args(["--shingle", "1"])
        .args(["--num-perm", &PERMUTATIONS.to_string()])
        .args(["--bands", &BANDS.to_string()])
        .args(["--rows", &ROWS.to_string()])
        .args(["--duplicate", &thresholds.duplicate.to_string()])
        .args(["--derived", &thresholds.derived.to_string()])
        .output()
        .with_context(|| format!("running {}", python.display()))?;
    if !output.status.success() {
        bail!(
            "datasketch benchmark failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let result: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("datasketch benchmark output")?;
    let number = |value: &serde_json::Value, name: &str| {
        value
            .as_f64()
            .with_context(|| format!("datasketch benchmark output has no {name}"))
    };
    Ok(Baseline {
        version: result["version"].as_str().unwrap_or("?").to_string(),
        seconds: number(&result["seconds"]["total"], "seconds.total")?,
        candidates: number(&result["candidate_pairs"], "candidate_pairs")? as u64,
        duplicates: number(&result["duplicate_pairs"], "duplicate_pairs")? as u64,
        derived: number(&result["derived_pairs"], "derived_pairs")? as u64,
        peak_mib: number(&result["peak_rss_mib"], "peak_rss_mib")?,
    })
}

/// Resets the process's peak resident memory (Linux), so that the peak
/// read afterwards is that of the step measured.
fn reset_peak_memory() {
    std::fs::write("/proc/self/clear_refs", "5").ok();
}
