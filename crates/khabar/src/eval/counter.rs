//! `khabar eval reuse` and `khabar eval stories`: copies and stories
//! against the COUNTER corpus (agency story and newspaper version pairs,
//! labelled wholly derived, partly derived or not derived, with story ids).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use khabar_corpus::{Corpus, IngestOptions};

use super::score::{Score, f1};

#[derive(clap::Args)]
pub struct CounterArgs {
    /// The COUNTER folder: `pairs.tsv` and the XML files under `xml/`.
    #[arg(long)]
    pub counter: PathBuf,
}

/// A newspaper text is called wholly derived when at least this share of
/// its word pairs comes from the agency text (tuned on counter-dev).
const WHOLLY: f64 = 0.45;

struct Pair {
    source: String,
    derived: String,
    label: String,
    story: String,
}

/// COUNTER's pairs, and a temporary store holding its documents.
struct Ingested {
    pairs: Vec<Pair>,
    corpus: Corpus,
    _dir: tempfile::TempDir,
}

fn ingest(counter: &Path) -> Result<Ingested> {
    let table = counter.join("pairs.tsv");
    let text = std::fs::read_to_string(&table)
        .with_context(|| format!("{}: cannot read", table.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .with_context(|| format!("{}: no column {name:?}", table.display()))
    };
    let (source, derived, label, story) = (
        column("source_file")?,
        column("derived_file")?,
        column("reuse_label")?,
        column("story_id")?,
    );
    let mut pairs = Vec::new();
    for (number, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| {
            fields.get(i).map(|f| f.to_string()).with_context(|| {
                format!(
                    "{}: line {} has too few fields",
                    table.display(),
                    number + 2
                )
            })
        };
        pairs.push(Pair {
            source: stem(&field(source)?),
            derived: stem(&field(derived)?),
            label: field(label)?,
            story: field(story)?,
        });
    }
    if pairs.is_empty() {
        bail!("{}: no pairs", table.display());
    }
    let (dir, corpus, summary) = crate::corpus::scratch(
        "khabar-counter-",
        &[counter.join("xml")],
        &IngestOptions::default(),
    )?;
    if summary.rejected > 0 {
        bail!(
            "{}: {} files were rejected, e.g. {}",
            counter.display(),
            summary.rejected,
            summary.rejections[0]
        );
    }
    Ok(Ingested {
        pairs,
        corpus,
        _dir: dir,
    })
}

fn stem(file: &str) -> String {
    file.strip_suffix(".xml").unwrap_or(file).to_string()
}

pub fn reuse(args: &CounterArgs) -> Result<()> {
    let Ingested { pairs, corpus, .. } = ingest(&args.counter)?;
    let found: HashMap<(String, String), khabar_corpus::CopyPair> = corpus
        .store()
        .copies(0.0)?
        .into_iter()
        .map(|p| ((p.a.clone(), p.b.clone()), p))
        .collect();
    let (mut tp, mut fp, mut fn_, mut right) = (0, 0, 0, 0);
    let mut confusion: HashMap<(String, &str), usize> = HashMap::new();
    for pair in &pairs {
        let copy = found
            .get(&(pair.source.clone(), pair.derived.clone()))
            .map(|c| (c, c.containment_b_in_a))
            .or_else(|| {
                found
                    .get(&(pair.derived.clone(), pair.source.clone()))
                    .map(|c| (c, c.containment_a_in_b))
            });
        let predicted = match copy {
            Some((_, share)) if share >= WHOLLY => "WD",
            Some(_) => "PD",
            None => "ND",
        };
        let reused = pair.label != "ND";
        match (reused, predicted != "ND") {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
        right += usize::from(predicted == pair.label);
        *confusion
            .entry((pair.label.clone(), predicted))
            .or_default() += 1;
    }
    let score = Score {
        correct: tp,
        predicted: tp + fp,
        gold: tp + fn_,
    };
    println!(
        "COUNTER reuse, {} pairs: \"reused\" (WD or PD) against \"not derived\"",
        pairs.len()
    );
    println!(
        "  precision {:.4}  recall {:.4}  F1 {:.4}  (target F1 0.90)",
        score.precision(),
        score.recall(),
        score.f1()
    );
    println!(
        "  three-class accuracy {:.4} ({right} of {})",
        right as f64 / pairs.len() as f64,
        pairs.len()
    );
    println!("  gold \\ predicted    WD    PD    ND");
    for gold in ["WD", "PD", "ND"] {
        let count = |p: &str| confusion.get(&(gold.to_string(), p)).copied().unwrap_or(0);
        println!(
            "  {gold:18} {:5} {:5} {:5}",
            count("WD"),
            count("PD"),
            count("ND")
        );
    }
    Ok(())
}

pub fn stories(args: &CounterArgs) -> Result<()> {
    let Ingested { pairs, corpus, .. } = ingest(&args.counter)?;
    let store = corpus.store();
    // Each document's gold story, and the story Khabar put it in.
    let mut gold: HashMap<String, String> = HashMap::new();
    for pair in &pairs {
        gold.insert(pair.source.clone(), pair.story.clone());
        gold.insert(pair.derived.clone(), pair.story.clone());
    }
    let mut predicted: HashMap<String, u64> = HashMap::new();
    for document in gold.keys() {
        let story = store
            .story_of(document)?
            .with_context(|| format!("document {document} is in no story"))?;
        predicted.insert(document.clone(), story);
    }
    let (precision, recall) = b_cubed(&gold, &predicted);
    let stories: std::collections::HashSet<&u64> = predicted.values().collect();
    let gold_stories: std::collections::HashSet<&String> = gold.values().collect();
    println!(
        "COUNTER stories, {} documents: {} stories found, {} in the gold",
        gold.len(),
        stories.len(),
        gold_stories.len()
    );
    println!(
        "  B-cubed precision {precision:.4}  recall {recall:.4}  F1 {:.4}  (target F1 0.90)",
        f1(precision, recall)
    );
    Ok(())
}

/// B-cubed precision and recall (Bagga & Baldwin 1998): per document, the
/// share of its predicted cluster that is in its gold cluster, and the
/// share of its gold cluster that is in its predicted one, averaged.
fn b_cubed<G: Eq + std::hash::Hash, P: Eq + std::hash::Hash>(
    gold: &HashMap<String, G>,
    predicted: &HashMap<String, P>,
) -> (f64, f64) {
    let mut both: HashMap<(&G, &P), usize> = HashMap::new();
    let mut gold_sizes: HashMap<&G, usize> = HashMap::new();
    let mut predicted_sizes: HashMap<&P, usize> = HashMap::new();
    for (document, g) in gold {
        let p = &predicted[document];
        *both.entry((g, p)).or_default() += 1;
        *gold_sizes.entry(g).or_default() += 1;
        *predicted_sizes.entry(p).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (document, g) in gold {
        let p = &predicted[document];
        let shared = both[&(g, p)] as f64;
        precision += shared / predicted_sizes[p] as f64;
        recall += shared / gold_sizes[g] as f64;
    }
    let n = gold.len().max(1) as f64;
    (precision / n, recall / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clusters(pairs: &[(&str, u32)]) -> HashMap<String, u32> {
        pairs.iter().map(|(d, c)| (d.to_string(), *c)).collect()
    }

    #[test]
    fn b_cubed_of_a_perfect_and_a_lumped_clustering() {
        let gold = clusters(&[("a", 1), ("b", 1), ("c", 2), ("d", 2)]);
        assert_eq!(b_cubed(&gold, &gold), (1.0, 1.0));
        let lumped = clusters(&[("a", 9), ("b", 9), ("c", 9), ("d", 9)]);
        assert_eq!(b_cubed(&gold, &lumped), (0.5, 1.0));
        let split = clusters(&[("a", 1), ("b", 2), ("c", 3), ("d", 4)]);
        assert_eq!(b_cubed(&gold, &split), (1.0, 0.5));
    }
}
