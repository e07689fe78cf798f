//! Search on a real tantivy index in a temporary directory.

use khabar_search::{Filters, IndexedArticle, SearchIndex};

const ARTICLES: [(&str, &str, &str, &str, i64); 6] = [
    (
        "a",
        "voa",
        "روسی صدر پوتن کا دورہ",
        "روسی صدر پوتن نے کم جونگ ان سے ملاقات کی۔",
        100,
    ),
    (
        "b",
        "bbc",
        "کم اور پوٹن کی ملاقات",
        "شمالی کوریا کے رہنما کم جونگ اُن اور صدر پوٹن خلائی مرکز ووستوخنی گئے۔",
        101,
    ),
    (
        "c",
        "voa",
        "ملاقات",
        "صدر پیوٹن اور کم جونگ اْن نے ووسٹوچنی کوسموڈروم میں بات کی۔",
        102,
    ),
    (
        "d",
        "voa",
        "کرکٹ",
        "پاکستان نے میچ جیت لیا۔ کم رنز بنے۔",
        103,
    ),
    ("e", "bbc", "خلا", "واسٹوچنی سے راکٹ چھوڑا گیا۔", 104),
    ("f", "bbc", "پوتن پوتن پوتن", "پوتن، پوتن اور پوتن۔", 105),
];

fn index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let mut writer = index.writer(1, 15_000_000).unwrap();
    for (id, source, title, body, day) in ARTICLES {
        writer
            .add(&IndexedArticle {
                id,
                title,
                body,
                source,
                day: Some(day),
            })
            .unwrap();
    }
    writer.commit(6).unwrap();
    writer.finish().unwrap();
    index.reload().unwrap();
    (dir, index)
}

fn ids(index: &SearchIndex, query: &str, filters: &Filters) -> Vec<(String, bool)> {
    let results = index.search(query, filters, 10).unwrap();
    assert_eq!(results.total, results.hits.len(), "{query}");
    results.hits.into_iter().map(|h| (h.id, h.exact)).collect()
}

#[test]
fn a_name_is_found_in_every_spelling_with_exact_matches_first() {
    let (_dir, index) = index();
    let hits = ids(&index, "پوتن", &Filters::default());
    let exact: Vec<&str> = hits.iter().filter(|h| h.1).map(|h| h.0.as_str()).collect();
    let variants: Vec<&str> = hits.iter().filter(|h| !h.1).map(|h| h.0.as_str()).collect();
    assert_eq!(exact.len(), 2, "{hits:?}");
    assert!(exact.contains(&"a") && exact.contains(&"f"));
    let mut variants = variants;
    variants.sort();
    assert_eq!(variants, ["b", "c"]);
    // Tiers are ordered whatever the scores: every exact hit comes first.
    assert!(hits.iter().take(2).all(|h| h.1));
}

#[test]
fn a_phrase_matches_across_diacritics_and_not_out_of_order() {
    let (_dir, index) = index();
    let mut hits = ids(&index, "\"کم جونگ اُن\"", &Filters::default());
    hits.sort();
    assert_eq!(
        hits,
        [("a".into(), true), ("b".into(), true), ("c".into(), true)]
    );
    assert!(ids(&index, "\"جونگ کم\"", &Filters::default()).is_empty());
}

#[test]
fn a_long_name_matches_one_consonant_off() {
    let (_dir, index) = index();
    let mut hits = ids(&index, "ووسٹوچنی", &Filters::default());
    hits.sort();
    assert_eq!(
        hits,
        [("b".into(), false), ("c".into(), true), ("e".into(), false)]
    );
}

#[test]
fn filters_by_source_and_day() {
    let (_dir, index) = index();
    let only_bbc = Filters {
        source: Some("BBC".into()),
        ..Filters::default()
    };
    let mut hits = ids(&index, "پوتن", &only_bbc);
    hits.sort();
    assert_eq!(hits, [("b".into(), false), ("f".into(), true)]);
    let days = Filters {
        from_day: Some(101),
        to_day: Some(102),
        ..Filters::default()
    };
    let mut hits = ids(&index, "ملاقات", &days);
    hits.sort();
    assert_eq!(hits, [("b".into(), true), ("c".into(), true)]);
}

#[test]
fn every_word_must_match() {
    let (_dir, index) = index();
    assert_eq!(
        ids(&index, "پاکستان میچ", &Filters::default()),
        [("d".into(), true)]
    );
    assert!(ids(&index, "پاکستان پوتن", &Filters::default()).is_empty());
    assert!(ids(&index, "۔ ،", &Filters::default()).is_empty());
}

#[test]
fn the_commit_mark_survives_reopening() {
    let (dir, index) = index();
    assert_eq!(index.committed_through().unwrap(), 6);
    drop(index);
    let reopened = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(reopened.committed_through().unwrap(), 6);
    assert_eq!(reopened.num_docs(), 6);
}
