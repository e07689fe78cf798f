//! The invariants that Khabar's fuzz targets check, one public function per
//! target, each taking the fuzzer's bytes. A function panics (an `assert!`)
//! when an invariant breaks, and must not panic otherwise; a hang is caught
//! by the fuzzer's time limit (or, in `tests/regressions.rs`, the test's).
//!
//! - [`analyze`]: the text core and the facts of its analysis (entities,
//!   dates): every span slices the display text at character boundaries.
//! - [`plain`], [`html`], [`jsonl`], [`tsv`], [`warc`], [`feed`],
//!   [`counter`]: one ingest format each, through
//!   `khabar_ingest::read_bytes`; every item is well formed, and every
//!   record goes through what ingestion does with it (analysis, facts,
//!   features), with the same span checks.
//! - [`query`]: a query against a real index of VOA sample articles; the
//!   marks of every hit's snippet slice the snippet at character boundaries.
//!
//! The fuzz project (`fuzz/` at the repository's root) calls these;
//! `tests/regressions.rs` replays the inputs kept in `regressions/<target>/`.

mod ingest;
mod search;
mod spans;

/// A fuzz target: checks its invariants on one input, panicking if one
/// breaks.
pub type Target = fn(&[u8]);

/// Every target by name, as the fuzz project and `regressions/` name them.
pub const TARGETS: [(&str, Target); 9] = [
    ("analyze", analyze),
    ("plain", plain),
    ("html", html),
    ("jsonl", jsonl),
    ("tsv", tsv),
    ("warc", warc),
    ("feed", feed),
    ("counter", counter),
    ("query", query),
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// The bytes as text (invalid UTF-8 replaced), analyzed, with the facts
/// found in the analysis as of a fixed publication date.
pub fn analyze(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    spans::analyze_and_check(&text, Some(spans::PUBLISHED));
}

/// A plain text file (dumps with title and date lines, articles).
pub fn plain(data: &[u8]) {
    ingest::read("fuzz.txt", data);
}

/// A saved web page.
pub fn html(data: &[u8]) {
    ingest::read("fuzz.html", data);
}

/// JSON Lines.
pub fn jsonl(data: &[u8]) {
    ingest::read("fuzz.jsonl", data);
}

/// Tab-separated values with a header line.
pub fn tsv(data: &[u8]) {
    ingest::read("fuzz.tsv", data);
}

/// A WARC file (its response records carry HTTP responses).
pub fn warc(data: &[u8]) {
    ingest::read("fuzz.warc", data);
}

/// An RSS, Atom or RDF feed.
pub fn feed(data: &[u8]) {
    ingest::read("fuzz.xml", data);
}

/// A COUNTER corpus document (`<COUNTER_document>`): the same file name
/// as a feed; the content tells them apart.
pub fn counter(data: &[u8]) {
    ingest::read("fuzz.xml", data);
}

/// A query (invalid UTF-8 replaced) against an index of VOA articles.
pub fn query(data: &[u8]) {
    search::query(&String::from_utf8_lossy(data));
}
