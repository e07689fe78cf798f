//! Entities resolved batch by batch against a full resolution of the same
//! corpus, from the real binary on the VOA sample.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{BATCH_SIZES, ingest_in_batches, run, sample_in_published_order};
use serde_json::Value;

/// The entities by id, each with its type, counts and spellings.
fn entities(data: &Path) -> BTreeMap<String, Value> {
    let list: Value =
        serde_json::from_str(&run(data, &["entities", "--limit", "1000000", "--json"])).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_string(), e.clone()))
        .collect()
}

/// Each spelling with the entities that hold it.
fn entities_of_spellings(entities: &BTreeMap<String, Value>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, entity) in entities {
        for variant in entity["variants"].as_array().unwrap() {
            let spelling = variant["spelling"].as_str().unwrap().to_string();
            out.entry(spelling).or_default().insert(id.clone());
        }
    }
    out
}

#[test]
fn entities_resolved_batch_by_batch_agree_with_a_full_resolution() {
    let files = sample_in_published_order();
    let whole = tempfile::tempdir().unwrap();
    ingest_in_batches(whole.path(), &files, &[files.len()]);
    let resolved_at_once = entities(whole.path());

    let batched = tempfile::tempdir().unwrap();
    ingest_in_batches(batched.path(), &files, BATCH_SIZES);
    let incremental = entities(batched.path());
    let mentions = |entities: &BTreeMap<String, Value>| -> u64 {
        entities
            .values()
            .map(|e| e["mentions"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(mentions(&incremental), mentions(&resolved_at_once));

    // A full resolution does not depend on the batches.
    run(batched.path(), &["update", "--resolve-all"]);
    assert_eq!(entities(batched.path()), resolved_at_once);

    // Batch by batch, names are matched with the counts known when they
    // arrive, not those of the whole corpus: a few spellings land
    // elsewhere (the module docs of khabar_corpus::resolution list how).
    let (once, batched) = (
        entities_of_spellings(&resolved_at_once),
        entities_of_spellings(&incremental),
    );
    assert_eq!(
        once.keys().collect::<Vec<_>>(),
        batched.keys().collect::<Vec<_>>()
    );
    let differing: Vec<_> = once
        .iter()
        .filter(|(spelling, ids)| batched[*spelling] != **ids)
        .collect();
    println!(
        "{} of {} spellings in other entities than a full resolution gives",
        differing.len(),
        once.len()
    );
    assert!(
        differing.len() * 100 <= once.len() * 4,
        "{} of {} spellings in other entities: {differing:?}",
        differing.len(),
        once.len()
    );
    // The countries are the same entities; the frequent names are the same
    // persons, places and organisations, give or take a rare spelling.
    for (id, entity) in &resolved_at_once {
        let mentions = entity["mentions"].as_u64().unwrap();
        if id.starts_with("cldr:") {
            assert_eq!(incremental.get(id), Some(entity), "{id}");
        } else if mentions >= 100 {
            let other = &incremental[id];
            assert_eq!(other["type"], entity["type"], "{id}");
            assert_eq!(other["canonical"], entity["canonical"], "{id}");
            let other = other["mentions"].as_u64().unwrap();
            assert!(
                other.abs_diff(mentions) * 20 <= mentions,
                "{id}: {other} against {mentions}"
            );
        }
    }
}
