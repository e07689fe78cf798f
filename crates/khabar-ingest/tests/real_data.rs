//! The real corpora in ../shared/data, read whole through the public API.
//! `#[ignore]`d so that `cargo test` runs on the repository alone; `.ci/run`
//! runs them with `--ignored`, and they fail, never skip, when the data is
//! missing. Run with `--nocapture` to see the counts.

use std::collections::HashMap;
use std::path::PathBuf;

use khabar_ingest::{Item, Record, dates, input_files, read_file};

fn data(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    assert!(
        dir.is_dir(),
        "{} is missing: these tests need ../shared beside the repository",
        dir.display()
    );
    dir.join(name)
}

/// Every record and rejection under `path`.
fn read_all(path: PathBuf) -> (Vec<Record>, Vec<String>) {
    let (files, mut rejected) = input_files(&[path]);
    let mut rejected: Vec<String> = rejected.drain(..).map(|r| r.to_string()).collect();
    let mut records = Vec::new();
    for file in &files {
        for item in read_file(file) {
            match item {
                Item::Article(record) => records.push(record),
                Item::Rejected(r) => rejected.push(r.to_string()),
            }
        }
    }
    (records, rejected)
}

#[test]
#[ignore = "needs ../shared"]
fn bbc_voa_dumps_give_title_and_the_dates_of_the_index() {
    let root = data("bbc-voa-urdu-2016");
    let (records, rejected) = read_all(root.clone());
    // The folder also holds SOURCE.txt (read as a text) and index.tsv (no
    // text column, refused). The 11 dumps without a date in the index are
    // empty files.
    let (empty, other): (Vec<&String>, Vec<&String>) = rejected
        .iter()
        .partition(|r| r.ends_with(".doc: empty file"));
    assert_eq!(empty.len(), 11, "{empty:#?}");
    assert!(
        other.len() == 1 && other[0].contains("index.tsv: no text column"),
        "{other:#?}"
    );
    let dumps: Vec<&Record> = records
        .iter()
        .filter(|r| r.origin.ends_with(".doc"))
        .collect();
    let titled = dumps.iter().filter(|r| r.title.is_some()).count();
    let dated = dumps.iter().filter(|r| r.published.is_some()).count();
    let mut by_source: HashMap<&str, usize> = HashMap::new();
    for r in &dumps {
        *by_source
            .entry(r.source.as_deref().unwrap_or(""))
            .or_default() += 1;
    }
    println!(
        "bbc-voa: {} dumps read, {titled} with a title, {dated} with a date; {} empty dumps and {} other file refused; by source {by_source:?}",
        dumps.len(),
        empty.len(),
        other.len()
    );
    assert_eq!(dumps.len() + empty.len(), 2273);
    assert_eq!(titled, 2262);
    assert_eq!(dated, 2262);
    assert_eq!(by_source.get("bbc"), Some(&(1389 - 4)));
    assert_eq!(by_source.get("voa"), Some(&(884 - 7)));

    // index.tsv's pubdate and first line are the ground truth.
    let index = std::fs::read_to_string(root.join("index.tsv")).unwrap();
    let truth: HashMap<PathBuf, (&str, &str)> = index
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            (root.join(cells[0]), (cells[3], cells[4]))
        })
        .collect();
    for r in &dumps {
        let (date, title) = truth[&PathBuf::from(&r.origin)];
        assert_eq!(r.published, dates::parse(date), "{}", r.origin);
        // The index took the first line as it was: a lone byte-order mark
        // in a few files, before the real title.
        let title = title.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        if !title.is_empty() {
            assert_eq!(r.title.as_deref(), Some(title), "{}", r.origin);
        }
        assert!(!r.text.trim().is_empty(), "{}: no text", r.origin);
    }
}

#[test]
#[ignore = "needs ../shared"]
fn pk_news_jsonl_loads_as_is() {
    let (records, rejected) = read_all(data("pk-news-scraped-2024/articles_merged.jsonl"));
    let dated = records.iter().filter(|r| r.published.is_some()).count();
    let geo = records
        .iter()
        .filter(|r| r.source.as_deref() == Some("geo"))
        .count();
    println!(
        "pk-news: {} records ({geo} geo), {dated} dated from Geo titles, {} rejections",
        records.len(),
        rejected.len()
    );
    assert_eq!(records.len(), 5284);
    assert!(rejected.is_empty(), "{rejected:#?}");
    assert!(dated >= 290, "{dated} Geo titles gave a date");
    for r in &records {
        assert!(r.url.is_some() && r.title.is_some(), "{}", r.origin);
        assert!(r.meta.contains_key("src_file") && r.meta.contains_key("label"));
    }
}

#[test]
#[ignore = "needs ../shared"]
fn express_headlines_tsv_loads_as_is() {
    let (records, rejected) = read_all(data("express-headlines-2018/headlines.tsv"));
    let dated = records.iter().filter(|r| r.published.is_some()).count();
    println!(
        "express: {} records, {dated} dated, {} rejections",
        records.len(),
        rejected.len()
    );
    assert_eq!(records.len(), 72_664);
    assert!(rejected.is_empty(), "{rejected:#?}");
    assert_eq!(dated, 72_664 - 19);
    // The 19 undated rows have no URL either: their source is the group.
    for r in &records {
        let expected = match r.url {
            Some(_) => "express.pk",
            None => "express-headlines-2018",
        };
        assert_eq!(r.source.as_deref(), Some(expected), "{}", r.origin);
    }
}

#[test]
#[ignore = "needs ../shared"]
fn counter_dev_files_are_one_record_each() {
    let (records, rejected) = read_all(data("counter-dev/xml"));
    assert!(rejected.is_empty(), "{rejected:#?}");
    assert_eq!(records.len(), 198);
    let mut by_source: HashMap<&str, usize> = HashMap::new();
    for r in &records {
        let stem = PathBuf::from(&r.origin)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        assert_eq!(r.id, stem, "{}", r.origin);
        *by_source
            .entry(r.source.as_deref().unwrap_or(""))
            .or_default() += 1;
        assert!(r.title.is_some() && !r.text.is_empty(), "{}", r.origin);
        for key in ["classification", "domain", "newsdate", "totalnoofwords"] {
            assert!(r.meta.contains_key(key), "{}: no {key}", r.origin);
        }
    }
    println!(
        "counter-dev: {} records, by source {by_source:?}",
        records.len()
    );
    let mut sources: Vec<&str> = by_source.keys().copied().collect();
    sources.sort_unstable();
    assert_eq!(
        sources,
        [
            "app",
            "daily_aaj",
            "daily_dunya",
            "daily_insaf",
            "daily_islam",
            "daily_waqt",
            "express",
            "inn",
            "jang",
            "nawa-e-waqt",
            "sana"
        ]
    );
    assert_eq!(by_source["app"], 90);
    // The corpus dates one agency story 31 September 2014.
    let undated: Vec<&Record> = records.iter().filter(|r| r.published.is_none()).collect();
    assert!(
        undated.len() == 1 && undated[0].id.as_deref() == Some("0109"),
        "{undated:#?}"
    );
    assert_eq!(undated[0].meta["newsdate"], "31.09.14");
    assert!(records.iter().any(|r| r.id.as_deref() == Some("0109p")));
}
