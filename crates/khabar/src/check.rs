//! `khabar check`: verifies the store, the index and the derived tables,
//! and with `--repair` makes the repairs that the store allows.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};
use serde_json::json;

use crate::escape::shown;

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Make the repairs that can be made from the article store.
    #[arg(long)]
    pub repair: bool,
    /// Print one JSON object: counts, problems and repairs made.
    #[arg(long)]
    pub json: bool,
    /// With --repair, if another khabar process is writing to the data
    /// directory, wait for it to finish instead of failing.
    #[arg(long)]
    pub wait: bool,
}

pub fn run(data: &Path, args: &CheckArgs) -> Result<()> {
    let mut corpus = crate::corpus::existing(data)?;
    crate::corpus::wait_if_asked(&mut corpus, args.wait && args.repair);
    let mut report = corpus.check()?;
    let mut repaired = Vec::new();
    if args.repair && report.problems.iter().any(|p| p.repairable) {
        repaired = corpus.repair(&report, &mut |_| {})?;
        crate::corpus::print_notes(&mut corpus);
        report = corpus.check()?;
    }
    corpus.close()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "counts": report.counts,
            "problems": report.problems,
            "repaired": repaired,
        });
        writeln!(out, "{value}")?;
    } else {
        let c = &report.counts;
        writeln!(
            out,
            "{}: {} articles ({} indexed), {} entity mentions, {} dates, {} entities, \
             {} copy pairs, {} stories",
            shown(&data.display().to_string()),
            c.articles,
            c.indexed,
            c.mentions,
            c.dates,
            c.entities,
            c.copies,
            c.stories
        )?;
        for done in &repaired {
            writeln!(out, "repaired: {done}")?;
        }
        for problem in &report.problems {
            writeln!(out, "{}: {}", problem.part, shown(&problem.problem))?;
            let how = if problem.repairable {
                "khabar check --repair will"
            } else {
                "to repair"
            };
            writeln!(out, "    {how}: {}", shown(&problem.repair))?;
        }
        if report.problems.is_empty() {
            writeln!(out, "no problems found")?;
        }
    }
    if !report.problems.is_empty() {
        bail!("{} problems found", report.problems.len());
    }
    Ok(())
}
