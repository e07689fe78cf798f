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
        let ids = sorted_hit_ids(&results);
        assert_eq!(all_ids.get_or_insert_with(|| ids.clone()), &ids, "{query}");
    }
    // A phrase is a phrase: the words out of order find nothing.
    assert_eq!(seed_search(data.path(), "\"جونگ کم ان\"")["total"], 0);
    // Vostochny, spelt three ways in the seeds, found by each.
    for query in ["ووستوخنی", "ووسٹوچنی", "واسٹوچنی"] {
        assert_eq!(seed_search(data.path(), query)["total"], 3, "{query}");
    }
}

/// The seeds, each ingested with its publication date.
fn seeds_with_dates() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    for (prefix, published) in [
        ("000", "2023-09-13"),
        ("001", "2023-09-05"),
        ("002", "2024-06-19"),
    ] {
        let file = std::fs::read_dir(shared().join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap();
        let output = khabar(
            &[
                "--data",
                data.path().to_str().unwrap(),
                "ingest",
                file.to_str().unwrap(),
                "--published",
                published,
            ],
            b"",
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    data
}

fn data_json(data: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--data", data.to_str().unwrap()];
    all.extend_from_slice(args);
    all.push("--json");
    let output = khabar(&all, b"");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `khabar entity NAME --json` has one entity of `kind`, in all three
/// seeds, with every spelling among its variants; any spelling finds it.
fn assert_one_entity(data: &std::path::Path, kind: &str, spellings: &[&str], articles: usize) {
    let mut ids = Vec::new();
    for spelling in spellings {
        let entity = data_json(data, &["entity", spelling]);
        assert_eq!(entity["type"], kind, "{spelling}: {entity}");
        let variants: Vec<&str> = entity["variants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["spelling"].as_str().unwrap())
            .collect();
        for s in spellings {
            assert!(variants.contains(s), "{s} not among {variants:?}");
        }
        let listed = entity["articles"].as_array().unwrap();
        assert_eq!(listed.len(), articles, "{spelling}: {entity}");
        for a in listed {
            for key in ["id", "title", "published"] {
                assert!(a.get(key).is_some(), "{key} missing: {a}");
            }
        }
        assert!(!entity["related"].as_array().unwrap().is_empty());
        ids.push(entity["id"].as_str().unwrap().to_string());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{spellings:?} are several entities: {ids:?}");
}

#[test]
#[ignore = "needs ../shared"]
fn each_name_in_the_seeds_is_one_entity_with_all_its_spellings() {
    let data = seeds_with_dates();
    let data = data.path();
    assert_one_entity(
        data,
        "PER",
        &[
            "پوٹن",
            "پیوٹن",
            "پوتین",
            "پوتن",
            "ولادیمیر پوٹن",
            "ولادیمیر وی پیوٹن",
        ],
        3,
    );
    assert_one_entity(
        data,
        "PER",
        &[
            "کم جونگ ان",
            "کم جونگ اُن",
            "کم جونگ اْن",
            "مسٹر کم",
            "مسٹر کِم",
        ],
        3,
    );
    assert_one_entity(
        data,
        "LOC",
        &[
            "ووستوخنی کوسموڈروم",
            "ووسٹوچنی کاسموڈروم",
            "واسٹوچنی کوسموڈرم",
        ],
        3,
    );
    assert_one_entity(data, "LOC", &["پیونگ یانگ", "پیانگ یانگ"], 3);
    assert_one_entity(data, "LOC", &["ولادی ووستوک", "ولادیووستوک"], 1);
    let pyongyang = data_json(data, &["entity", "پیونگ یانگ"]);
    assert_eq!(pyongyang["id"], "geonames:1871859");
    // Kim Jong Il, Kim's father, is another person (or not an entity).
    let father = khabar(
        &[
            "--data",
            data.to_str().unwrap(),
            "entity",
            "کم جونگ ال",
            "--json",
        ],
        b"",
    );
    if father.status.success() {
        let father: serde_json::Value = serde_json::from_slice(&father.stdout).unwrap();
        assert_ne!(
            father["id"],
            data_json(data, &["entity", "کم جونگ ان"])["id"]
        );
    }

    // Listed with the other entities, in the same form.
    let listed = data_json(data, &["entities", "--type", "PER"]);
    let putin = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["canonical"] == "ولادیمیر پوٹن")
        .expect("Putin listed under his most written full name");
    assert_eq!(putin["articles"], 3);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["type"] == "PER")
    );

    // Search by entity: every seed names Putin.
    let hits = data_json(data, &["search", "ملاقات", "--entity", "پوتن"]);
    assert_eq!(hits["total"], 3, "{hits}");
}

#[test]
#[ignore = "needs ../shared"]
fn less_is_never_kim() {
    let a = seed("001");
    let text = a["text"].as_str().unwrap();
    let at = text.find("کم از کم").expect("the seed says کم از کم");
    for e in a["entities"].as_array().unwrap() {
        let (start, end) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert!(end <= at || start >= at + "کم از کم".len(), "{e}");
    }
    assert!(
        a["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"] == "کم" && e["entity"] == "کم جونگ اُن"),
        "مسٹر کم is Kim"
    );
}

#[test]
#[ignore = "needs ../shared"]
fn kims_timeline_has_trump_vostochny_and_pyongyang() {
    let data = seeds_with_dates();
    let timeline = data_json(data.path(), &["timeline", "--entity", "کم جونگ ان"]);
    let statements = timeline["statements"].as_array().unwrap();
    let dates: Vec<&str> = statements
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by_key(|d| d.replace('X', "0"));
    assert_eq!(dates, sorted, "in date order");
    let find = |date: &str, word: &str| {
        statements.iter().any(|s| {
            s["date"].as_str().unwrap().starts_with(date)
                && s["sentence"].as_str().unwrap().contains(word)
        })
    };
    assert!(
        find("2019", "ٹرمپ"),
        "the 2019 meeting with Trump: {timeline}"
    );
    assert!(
        find("2023-09-13", "ووستوخنی"),
        "Vostochny, 2023-09-13: {timeline}"
    );
    assert!(
        find("2024-06", "پیونگ یانگ"),
        "Pyongyang, 2024-06: {timeline}"
    );
    for s in statements {
        for key in ["date", "dated_by", "sentence", "article"] {
            assert!(s.get(key).is_some(), "{key} missing: {s}");
        }
    }
}

#[test]
#[ignore = "needs ../shared"]
fn the_seeds_are_two_related_stories() {
    // Ingested one by one with their dates: 000 (the Vostochny meeting,
    // 2023-09-13), 001 (the visit announced, 2023-09-05), 002 (Pyongyang,
    // 2024-06-19).
    let data = seeds_with_dates();
    let data = data.path();
    let output = khabar(
        &["--data", data.to_str().unwrap(), "stories", "--json"],
        b"",
    );
    assert!(output.status.success());
    let stories: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(stories.len(), 2, "{stories:?}");
    let (meeting, visit) = if stories[0]["articles"] == 2 {
        (&stories[0], &stories[1])
    } else {
        (&stories[1], &stories[0])
    };
    assert_eq!(meeting["articles"], 2);
    assert_eq!(
        meeting["first_published"].as_str().unwrap().get(..10),
        Some("2023-09-05")
    );
    assert_eq!(
        meeting["last_published"].as_str().unwrap().get(..10),
        Some("2023-09-13")
    );
    assert_eq!(visit["articles"], 1);
    assert_eq!(meeting["related"], serde_json::json!([visit["id"]]));
    assert_eq!(visit["related"], serde_json::json!([meeting["id"]]));
    for story in [meeting, visit] {
        let entities: Vec<&str> = story["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap())
            .collect();
        assert!(entities.contains(&"کم جونگ ان"), "{entities:?}");
    }

    let id = meeting["id"].to_string();
    let page = data_json(data, &["story", &id]);
    let summary = page["summary"].as_array().unwrap();
    assert!((3..=5).contains(&summary.len()), "{summary:?}");
    let articles: std::collections::HashSet<&str> = summary
        .iter()
        .map(|s| s["article"].as_str().unwrap())
        .collect();
    assert_eq!(articles.len(), 2, "the summary draws on both articles");
    let timeline = page["timeline"].as_array().unwrap();
    assert!(
        timeline.iter().any(|s| s["date"] == "2023-08-30"),
        "{timeline:?}"
    );
}
