//! The ingest targets: content read as a file of that name would be, every
//! item checked, and every record taken through what ingestion does with
//! it, so that the text core meets real-world input.

use khabar_ingest::{Item, Record};
use time::format_description::well_known::Rfc3339;

use crate::spans;

/// Reads `data` as the content of a file called `name` and checks each item.
pub(crate) fn read(name: &str, data: &[u8]) {
    for item in khabar_ingest::read_bytes(name, data.to_vec()) {
        match item {
            Item::Article(record) => check_record(name, &record),
            Item::Rejected(rejection) => {
                assert!(
                    rejection.origin.starts_with(name),
                    "rejection origin {:?} does not start with {name:?}",
                    rejection.origin
                );
                assert!(
                    !rejection.reason.trim().is_empty(),
                    "rejection without a reason: {rejection:?}"
                );
            }
        }
    }
}

/// A record is well formed, and its text analyzes as in
/// `khabar_corpus::ingest`: analysis, facts as of its publication date, its
/// title repaired, copy and story features, its publication day.
fn check_record(name: &str, record: &Record) {
    assert!(
        !record.origin.is_empty() && record.origin.starts_with(name),
        "record origin {:?} does not start with {name:?}",
        record.origin
    );
    let published = record.published.map(|p| p.date());
    let (analysis, facts) = spans::analyze_and_check(&record.text, published);
    let title = record.title.as_ref().map(|t| {
        khabar_text::normalize::repair(t.split_whitespace().collect::<Vec<_>>().join(" "))
    });
    khabar_corpus::features::of(&analysis, title.as_deref(), &facts);
    if let Some(published) = record.published {
        khabar_corpus::day::publication_day(published);
        // Years beyond four digits cannot be written: an error, not a panic.
        let _ = published.format(&Rfc3339);
    }
}
