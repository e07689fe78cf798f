//! Every date expression in the VOA sample (public domain, in the
//! repository), resolved against each article's own date line.

use khabar_ingest::{Item, input_files, read_file};
use khabar_text::ScriptOnly;

#[test]
fn the_sample_dates_resolve_near_their_articles() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/voa");
    let (files, unreadable) = input_files(&[sample]);
    assert!(unreadable.is_empty());
    let (mut found, mut resolved) = (0, 0);
    for file in &files {
        for item in read_file(file) {
            let Item::Article(record) = item else {
                continue;
            };
            let published = record.published.map(|p| p.date());
            let analysis = khabar_text::analyze(&record.text, &ScriptOnly);
            for mention in khabar_dates::find(&analysis, published) {
                found += 1;
                let text = &analysis.text[mention.start..mention.end];
                if std::env::var_os("SHOW_DATES").is_some() {
                    println!(
                        "{}\t{}\t{}",
                        published.map_or("-".into(), |p| p.to_string()),
                        text,
                        mention.value.map_or("-".into(), |v| v.to_string())
                    );
                }
                let Some(value) = mention.value else {
                    continue;
                };
                resolved += 1;
                // A day with no year in the text lies within a year of publication.
                if let (khabar_dates::When::Day(day), Some(p)) = (value, published)
                    && !text.chars().any(|c| c.is_ascii_digit() && text.len() > 12)
                {
                    assert!(
                        (day - p).whole_days().abs() <= 366,
                        "{text}: {value} for {p}"
                    );
                }
            }
        }
    }
    println!("{found} date expressions, {resolved} resolved");
    assert!(
        found > 1000 && resolved * 10 > found * 8,
        "{found} found, {resolved} resolved"
    );
}
