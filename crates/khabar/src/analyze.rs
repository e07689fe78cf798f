//! `khabar analyze`: one document through the text core.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow};
use khabar_dates::DateMention;
use khabar_langid::LinguaClassifier;
use khabar_text::{Analysis, Language};
use time::Date;
use time::macros::format_description;

/// The analysis with the document's dates, as `analyze --json` prints it.
#[derive(serde::Serialize)]
struct WithDates<'a> {
    #[serde(flatten)]
    analysis: &'a Analysis,
    dates: Vec<DateJson<'a>>,
}

#[derive(serde::Serialize)]
struct DateJson<'a> {
    #[serde(flatten)]
    mention: &'a DateMention,
    text: &'a str,
}

pub fn run(path: &Path, json: bool, published: Option<&str>) -> Result<()> {
    let published = published
        .map(|p| {
            Date::parse(p, format_description!("[year]-[month]-[day]"))
                .map_err(|e| anyhow!("--published {p:?}: not a date YYYY-MM-DD ({e})"))
        })
        .transpose()?;
    let raw = crate::input::read_text(path)?;
    let analysis = khabar_text::analyze(&raw, &LinguaClassifier::new());
    let dates = khabar_dates::find(&analysis, published);
    let mut out = std::io::stdout().lock();
    if json {
        let dates = dates
            .iter()
            .map(|mention| DateJson {
                mention,
                text: &analysis.text[mention.start..mention.end],
            })
            .collect();
        serde_json::to_writer(
            &mut out,
            &WithDates {
                analysis: &analysis,
                dates,
            },
        )?;
        writeln!(out)?;
    } else {
        print_summary(&mut out, &analysis)?;
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
