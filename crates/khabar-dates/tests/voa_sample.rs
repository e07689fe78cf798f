//! Every date expression in the VOA sample (public domain, in the
//! repository), resolved against each article's own date line.
//! `voa_dates.tsv` holds one occurrence of each distinct expression the
//! sample has (130 of them), with the value I checked it resolves to.
//! `SHOW_DATES=1 cargo test -p khabar-dates --test voa_sample -- --nocapture`
//! prints every one found.

use khabar_ingest::{Item, input_files, read_file};
use khabar_text::ScriptOnly;

struct Found {
    file: String,
    published: Option<time::Date>,
    text: String,
    value: String,
    end_value: String,
}

fn sample_dates() -> Vec<Found> {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/voa");
    let (files, unreadable) = input_files(&[sample]);
    assert!(unreadable.is_empty());
    let mut found = Vec::new();
    for file in &files {
        let name = file.path.file_name().unwrap().to_string_lossy().to_string();
        for item in read_file(file) {
            let Item::Article(record) = item else {
                continue;
            };
            let published = record.published.map(|p| p.date());
            let analysis = khabar_text::analyze(&record.text, &ScriptOnly);
            for mention in khabar_dates::find(&analysis, published) {
                let show = |v: Option<khabar_dates::When>| v.map_or("-".into(), |v| v.to_string());
                found.push(Found {
                    file: name.clone(),
                    published,
                    text: analysis.text[mention.start..mention.end].to_string(),
                    value: show(mention.value),
                    end_value: show(mention.end_value),
                });
            }
        }
    }
    if std::env::var_os("SHOW_DATES").is_some() {
        for f in &found {
            let published = f.published.map_or("-".into(), |p| p.to_string());
            println!(
                "{}\t{published}\t{}\t{}\t{}",
                f.file, f.text, f.value, f.end_value
            );
        }
    }
    found
}

#[test]
fn the_sample_dates_resolve_as_checked() {
    let found = sample_dates();
    let resolved = found.iter().filter(|f| f.value != "-").count();
    println!("{} date expressions, {resolved} resolved", found.len());
    assert!(found.len() > 1000 && resolved * 10 > found.len() * 9);

    let golden = include_str!("voa_dates.tsv");
    let mut checked = 0;
    for line in golden.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [file, _published, text, value, end_value] = fields[..] else {
            panic!("voa_dates.tsv: bad line {line:?}");
        };
        assert!(
            found.iter().any(|f| f.file == file
                && f.text == text
                && f.value == value
                && f.end_value == end_value),
            "{file}: {text} should be {value} (to {end_value})"
        );
        checked += 1;
    }
    assert!(checked >= 100, "only {checked} checked expressions");
}

#[test]
fn days_without_a_year_fall_within_a_year_of_publication() {
    for f in sample_dates() {
        let (Some(published), Ok(day)) = (
            f.published,
            time::Date::parse(
                &f.value,
                time::macros::format_description!("[year]-[month]-[day]"),
            ),
        ) else {
            continue;
        };
        if !f
            .text
            .chars()
            .any(|c| c.is_ascii_digit() && f.text.len() > 12)
        {
            assert!(
                (day - published).whole_days().abs() <= 366,
                "{}: {}",
                f.file,
                f.text
            );
        }
    }
}
