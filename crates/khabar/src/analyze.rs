//! `khabar analyze`: one document through the text core.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use khabar_langid::LinguaClassifier;
use khabar_text::{Analysis, Language};

pub fn run(path: &Path, json: bool) -> Result<()> {
    let raw = crate::input::read_text(path)?;
    let analysis = khabar_text::analyze(&raw, &LinguaClassifier::new());
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &analysis)?;
        writeln!(out)?;
    } else {
        print_summary(&mut out, &analysis)?;
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
