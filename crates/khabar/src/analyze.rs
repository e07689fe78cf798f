//! `khabar analyze`: one document through the text core.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use khabar_corpus::facts::Facts;
use khabar_langid::LinguaClassifier;
use khabar_text::{Analysis, Language};

/// The analysis with the document's entities and dates, as `analyze
/// --json` prints it.
#[derive(serde::Serialize)]
struct WithFacts<'a> {
    #[serde(flatten)]
    analysis: &'a Analysis,
    entities: Vec<EntityJson<'a>>,
    dates: Vec<DateJson<'a>>,
}

#[derive(serde::Serialize)]
struct EntityJson<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    /// The fullest name the document gives the entity.
    entity: &'a str,
}

#[derive(serde::Serialize)]
struct DateJson<'a> {
    start: usize,
    end: usize,
    value: &'a Option<String>,
    end_value: &'a Option<String>,
    text: &'a str,
}

pub fn run(path: &Path, json: bool, published: Option<&str>) -> Result<()> {
    let published = published
        .map(|p| crate::input::parse_date("--published", p))
        .transpose()?;
    let raw = crate::input::read_text(path)?;
    let analysis = khabar_text::analyze(&raw, &LinguaClassifier::new());
    let Facts {
        mentions, dates, ..
    } = khabar_corpus::facts::extract(&analysis, published);
    let mut out = std::io::stdout().lock();
    if json {
        let dates = dates
            .iter()
            .map(|d| DateJson {
                start: d.start,
                end: d.end,
                value: &d.value,
                end_value: &d.end_value,
                text: &analysis.text[d.start..d.end],
            })
            .collect();
        let entities = mentions
            .iter()
            .map(|m| EntityJson {
                start: m.start,
                end: m.end,
                text: &m.text,
                kind: m.kind.code(),
                entity: &m.name,
            })
            .collect();
        serde_json::to_writer(
            &mut out,
            &WithFacts {
                analysis: &analysis,
                entities,
                dates,
            },
        )?;
        writeln!(out)?;
    } else {
        print_summary(&mut out, &analysis)?;
        writeln!(out, "entities: {}", mentions.len())?;
        for m in &mentions {
            writeln!(out, "  {:<4} {}  → {}", m.kind.code(), m.text, m.name)?;
        }
        writeln!(out, "dates: {}", dates.len())?;
    }
    Ok(())
}

fn print_summary(out: &mut impl Write, a: &Analysis) -> Result<()> {
    let urdu = a
        .paragraphs
        .iter()
        .filter(|p| p.language == Language::Urdu)
        .count();
    writeln!(
        out,
        "{} paragraphs ({} Urdu), {} sentences, {} tokens",
        a.paragraphs.len(),
        urdu,
        a.sentences.len(),
        a.tokens.len()
    )?;
    for p in a.paragraphs.iter().filter(|p| p.language != Language::Urdu) {
        writeln!(
            out,
            "set aside ({}): {}",
            p.language.code(),
            &a.text[p.start..p.end]
        )?;
    }
    for (n, s) in a.sentences.iter().enumerate() {
        writeln!(out, "{:>4}  {}", n + 1, &a.text[s.start..s.end])?;
    }
    Ok(())
}
