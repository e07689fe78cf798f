//! `khabar normalize`: standard input to standard output, line by line.

use std::io::{BufRead, BufWriter, Write};

use anyhow::{Context, Result};
use khabar_text::normalize;

pub fn run(display: bool) -> Result<()> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (number, line) in stdin.split(b'\n').enumerate() {
        let line = line.context("reading standard input")?;
        let line = crate::input::decode(line)
            .with_context(|| format!("standard input, line {}", number + 1))?;
        let shown = normalize::display(line.trim_end_matches('\r'));
        let text = if display {
            shown
        } else {
            normalize::analysis(&shown)
        };
        writeln!(out, "{text}")?;
    }
    out.flush()?;
    Ok(())
}
