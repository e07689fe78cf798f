//! Checks on the real data in ../shared (the seeds and the BBC/VOA dumps).
//! They are `#[ignore]`d so that the README's test command runs on the
//! repository alone; `.ci/run` runs them with `--ignored`, and they fail,
//! never skip, when ../shared is missing.

mod common;

use std::path::PathBuf;

use common::*;

fn shared() -> PathBuf {
    let dir = repo_root().join("../shared");
    assert!(
        dir.join("seeds").is_dir(),
        "{} is missing: these tests need ../shared beside the repository",
        dir.display()
    );
    dir
}

fn seed(prefix: &str) -> serde_json::Value {
    let dir = shared().join("seeds");
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}* in {}", dir.display()));
    analyze_json(&entry)
}

#[test]
#[ignore = "needs ../shared"]
fn seeds_have_exact_offsets() {
    for prefix in ["000", "001", "002"] {
        assert_offsets_slice_text(&seed(prefix));
    }
}

#[test]
#[ignore = "needs ../shared"]
fn third_seed_without_line_breaks_is_split_into_its_sentences() {
    let a = seed("002");
    let sentences = sentence_texts(&a);
    // One paragraph, every ۔ a sentence end but the dateline's "(ہ س)۔".
    let marks = a["text"].as_str().unwrap().matches('۔').count();
    assert_eq!(sentences.len(), marks - 1, "{sentences:#?}");
    assert!(sentences[0].starts_with("پیونگ یانگ (ہ س)۔روسی صدر"));
    assert!(sentences[1].starts_with("روسی صدر پوتین چوبیس سال بعد"));
    for (n, s) in sentences.iter().enumerate() {
        let inner = s.trim_end_matches(['۔', '”', '"']);
        let expected = if n == 0 { 1 } else { 0 }; // the dateline's
        assert_eq!(
            inner.matches('۔').count(),
            expected,
            "two sentences in one: {s}"
        );
    }
    // The glued sentences are spaced in the display text.
    assert!(a["text"].as_str().unwrap().contains("ہو رہی ہے۔ روسی صدر"));
}

#[test]
#[ignore = "needs ../shared"]
fn kim_spellings_share_one_analysis_form() {
    let mut seen = std::collections::BTreeMap::new();
    for prefix in ["000", "001", "002"] {
        let a = seed(prefix);
        let text = a["text"].as_str().unwrap();
        for t in a["tokens"].as_array().unwrap() {
            let slice =
                &text[t["start"].as_u64().unwrap() as usize..t["end"].as_u64().unwrap() as usize];
            if ["اُن", "اْن", "ان"].contains(&slice) {
                seen.insert(slice.to_string(), t["norm"].as_str().unwrap().to_string());
            }
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen.values().all(|n| n == "ان"), "{seen:?}");
}

#[test]
#[ignore = "needs ../shared"]
fn trailing_boilerplate_of_the_first_two_seeds_is_dropped() {
    let first = seed("000");
    let text = first["text"].as_str().unwrap();
    assert!(!text.contains("اپنا تبصرہ بھیجیں"));
    assert!(text.ends_with("باہمی فوجی تعاون کے لیے بنیاد تیار کر رہے ہیں۔"));
    let second = seed("001");
    let text = second["text"].as_str().unwrap();
    for furniture in [
        "Source link",
        "Facebook",
        "hassani",
        "Leave a Reply",
        "Required fields",
    ] {
        assert!(!text.contains(furniture), "{furniture} left in the text");
    }
    assert!(text.ends_with("نظر ثانی کرنے میں مدد فراہم کی ہے۔"));
}

#[test]
#[ignore = "needs ../shared"]
fn bbc_voa_hard_wrapped_words_come_back_whole() {
    let mut files = Vec::new();
    let mut stack = vec![shared().join("data/bbc-voa-urdu-2016")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "doc") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 2000, "{} files", files.len());
    let (mut whole, mut broken) = (0, 0);
    for file in &files {
        let raw = std::fs::read_to_string(file).unwrap();
        let analysis = khabar_text::analyze(&raw, &khabar_text::ScriptOnly);
        for t in &analysis.tokens {
            match analysis.norm(t) {
                "زیادہ" => whole += 1,
                "زیا" => broken += 1,
                _ => {}
            }
        }
        for share in [
            "اس پوسٹ کو شیئر کریں",
            "اس لنک کو کاپی کیجیے",
            "تبصرے دکھائیں",
        ] {
            assert!(
                !analysis.text.contains(share),
                "{share} left in {}",
                file.display()
            );
        }
    }
    println!("زیادہ whole {whole} times, left as زیا {broken} times");
    assert!(whole > 1000);
    assert_eq!(broken, 0);
}

/// Ingests the seeds into a fresh data directory and searches them.
fn seed_search(data: &std::path::Path, query: &str) -> serde_json::Value {
    let output = khabar(
        &["--data", data.to_str().unwrap(), "search", query, "--json"],
        b"",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
#[ignore = "needs ../shared"]
fn every_seed_is_found_by_any_spelling_of_putin_and_of_kim_jong_un() {
    let seeds = shared().join("seeds");
    let data = tempfile::tempdir().unwrap();
    let output = khabar(
        &[
            "--data",
            data.path().to_str().unwrap(),
            "ingest",
            seeds.to_str().unwrap(),
            "--json",
        ],
        b"",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["added"], 3, "{summary}");

    let mut all_ids: Option<Vec<String>> = None;
    // The seeds write پوٹن, پیوٹن/پوتن and پوتین; and کم جونگ ان, اُن, اْن.
    for query in [
        "پوتن",
        "پوٹن",
        "پیوٹن",
        "پوتین",
        "\"کم جونگ اُن\"",
        "\"کم جونگ ان\"",
    ] {
        let results = seed_search(data.path(), query);
        assert_eq!(results["total"], 3, "{query}: {results}");
        let mut ids: Vec<String> = results["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        assert_eq!(all_ids.get_or_insert_with(|| ids.clone()), &ids, "{query}");
    }
    // A phrase is a phrase: the words out of order find nothing.
    assert_eq!(seed_search(data.path(), "\"جونگ کم ان\"")["total"], 0);
    // Vostochny, spelt three ways in the seeds, found by each.
    for query in ["ووستوخنی", "ووسٹوچنی", "واسٹوچنی"] {
        assert_eq!(seed_search(data.path(), query)["total"], 3, "{query}");
    }
}
