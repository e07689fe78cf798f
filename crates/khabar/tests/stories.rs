//! `khabar dups`, `stories` and `story` on real data directories, from the
//! real binary: the VOA sample ingested in two batches, with a copy of one
//! of its articles and a text derived from another arriving in the second.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use common::{
    BATCH_SIZES, attempt, ingest_in_batches, khabar, repo_root, run, sample_in_published_order,
};
use serde_json::{Value, json};

fn json_lines(data: &Path, args: &[&str]) -> Vec<Value> {
    run(data, args)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect()
}

/// Each article's story, from the full story list.
fn story_of_each(data: &Path) -> HashMap<String, u64> {
    let mut stories = HashMap::new();
    for story in json_lines(data, &["stories", "--limit", "100000", "--json"]) {
        let id = story["id"].as_u64().expect("story id");
        for article in story["article_ids"].as_array().expect("article ids") {
            let previous = stories.insert(article.as_str().unwrap().to_string(), id);
            assert!(previous.is_none(), "{article} is in two stories");
        }
    }
    stories
}

fn pairs(data: &Path) -> Vec<Value> {
    json_lines(data, &["dups", "--json"])
}

#[test]
fn copies_and_stories_are_found_as_batches_arrive_and_earlier_ones_keep_their_ids() {
    let samples = repo_root().join("samples/voa");
    let mut files: Vec<_> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let inputs = tempfile::tempdir().unwrap();
    let (first, second) = (inputs.path().join("first"), inputs.path().join("second"));
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    for (i, file) in files.iter().enumerate() {
        let batch = if i.is_multiple_of(2) { &first } else { &second };
        std::fs::copy(file, batch.join(file.file_name().unwrap())).unwrap();
    }
    // The second batch also brings a verbatim copy of an article of the
    // first (another outlet, a day later) and a text that takes the first
    // first three quarters of another and adds its own (each a day after
    // its original, which the sample dates 2016-11-24 and 2016-12-07).
    let copied = std::fs::read_to_string(&files[0]).unwrap();
    let partly = std::fs::read_to_string(&files[2]).unwrap();
    let lines: Vec<&str> = partly.lines().collect();
    let derived_text = format!(
        "{}\n\nاس خبر پر مقامی اخبارات نے بھی تبصرے شائع کیے ہیں اور شہریوں نے سوشل میڈیا پر اپنی رائے کا اظہار کیا ہے۔ ماہرین کا کہنا ہے کہ آنے والے دنوں میں صورت حال مزید واضح ہو جائے گی۔",
        lines[..lines.len() * 3 / 4].join("\n")
    );
    let records = [
        json!({"id": "copy-1", "source": "copycat", "published": "2016-11-25T10:00:00+05:00",
               "title": "نقل شدہ خبر", "text": copied}),
        json!({"id": "derived-1", "source": "rewriter", "published": "2016-12-08T11:00:00+05:00",
               "title": "آدھی خبر", "text": derived_text}),
    ];
    let jsonl: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(second.join("copies.jsonl"), jsonl).unwrap();

    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let added = |input: &Path| -> usize {
        let summary: Value =
            serde_json::from_str(&run(data, &["ingest", input.to_str().unwrap(), "--json"]))
                .unwrap();
        summary["added"].as_u64().unwrap() as usize
    };
    let first_added = added(&first);
    let stories_before = story_of_each(data);
    let pairs_before = pairs(data);
    assert!(first_added > 140);
    assert_eq!(
        stories_before.len(),
        first_added,
        "every article has a story"
    );

    let total = first_added + added(&second);
    let stories_after = story_of_each(data);
    assert_eq!(stories_after.len(), total);
    for (article, story) in &stories_before {
        assert_eq!(stories_after[article], *story, "{article} changed story");
    }
    let pairs_after = pairs(data);
    // Earlier pairs stay as they were (a later article may join their group
    // of copies, and bring an earlier origin).
    let without_origin = |pair: &Value| {
        let mut pair = pair.clone();
        pair.as_object_mut().unwrap().remove("origin");
        pair
    };
    let kept: Vec<Value> = pairs_after.iter().map(without_origin).collect();
    for pair in &pairs_before {
        assert!(kept.contains(&without_origin(pair)), "{pair} was lost");
    }

    let copy_pair = pairs_after
        .iter()
        .find(|p| p["b"] == "copy-1" || p["a"] == "copy-1")
        .expect("the copy is found");
    assert_eq!(copy_pair["relation"], "duplicate");
    // The copy also carries the dump's title and date lines in its text.
    assert!(copy_pair["similarity"].as_f64().unwrap() > 0.9);
    let original = copy_pair["a"].as_str().unwrap();
    assert_eq!(copy_pair["b"], "copy-1", "the copy is the later one");
    assert_eq!(copy_pair["origin"], original);
    assert_eq!(stories_after["copy-1"], stories_after[original]);

    let derived = pairs_after
        .iter()
        .find(|p| p["b"] == "derived-1")
        .expect("the derived text is found");
    assert_eq!(derived["relation"], "derived");
    assert!(derived["containment_b_in_a"].as_f64().unwrap() > 0.5);
    assert!(derived["similarity"].as_f64().unwrap() < 0.8);

    // Both copies stay articles of their own, with their own outlets.
    let stats: Value = serde_json::from_str(&run(data, &["stats", "--json"])).unwrap();
    assert_eq!(stats["articles"], total);

    // The story of the copy: its articles with their relations, a summary
    // that does not repeat itself, a timeline in date order.
    let story: Value = serde_json::from_str(&run(data, &["story", "copy-1", "--json"])).unwrap();
    assert_eq!(story["id"].as_u64(), Some(stories_after["copy-1"]));
    let members: Vec<&str> = story["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(members.contains(&"copy-1") && members.contains(&original));
    let copy_member = story["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "copy-1")
        .unwrap();
    assert_eq!(copy_member["copies"][0]["other"], original);
    assert_eq!(copy_member["copies"][0]["copied_from_other"], true);
    let summary: Vec<&str> = story["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sentence"].as_str().unwrap())
        .collect();
    assert!((1..=5).contains(&summary.len()), "{summary:?}");
    assert_eq!(
        summary.iter().collect::<HashSet<_>>().len(),
        summary.len(),
        "the summary repeats itself"
    );
    let dates: Vec<&str> = story["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert!(
        dates
            .windows(2)
            .all(|w| w[0].replace('X', "0") <= w[1].replace('X', "0"))
    );

    // Ingesting the same files again adds nothing and changes nothing.
    run(data, &["ingest", second.to_str().unwrap()]);
    assert_eq!(story_of_each(data), stories_after);
    assert_eq!(pairs(data), pairs_after);
}

#[test]
fn copies_and_stories_do_not_depend_on_the_batches_a_corpus_arrives_in() {
    let files = sample_in_published_order();
    let whole = tempfile::tempdir().unwrap();
    ingest_in_batches(whole.path(), &files, &[files.len()]);
    let stories = story_of_each(whole.path());
    let copies = pairs(whole.path());
    assert_eq!(stories.len(), files.len());
    assert!(!copies.is_empty(), "the sample has copies");

    let batched = tempfile::tempdir().unwrap();
    ingest_in_batches(batched.path(), &files, BATCH_SIZES);
    assert_eq!(story_of_each(batched.path()), stories);
    assert_eq!(pairs(batched.path()), copies);

    // The story list, from the sizes kept as articles are placed: the
    // largest first, the same both ways, and the same once the sizes are
    // counted afresh (as for a store from before they were kept).
    let listed = story_list(whole.path());
    assert_eq!(
        listed.iter().map(|(_, size)| size).sum::<u64>(),
        files.len() as u64
    );
    assert!(listed.windows(2).all(|w| w[0].1 >= w[1].1), "{listed:?}");
    assert!(
        listed[0].1 > 1,
        "the sample has a story of several articles"
    );
    assert_eq!(story_list(batched.path()), listed);
    rusqlite::Connection::open(batched.path().join("articles.sqlite"))
        .unwrap()
        .execute_batch("DROP TABLE story_sizes; PRAGMA user_version = 6;")
        .unwrap();
    assert_eq!(story_list(batched.path()), listed);
}

/// The story list's ids and sizes, in order.
fn story_list(data: &Path) -> Vec<(u64, u64)> {
    json_lines(data, &["stories", "--limit", "100000", "--json"])
        .iter()
        .map(|s| (s["id"].as_u64().unwrap(), s["articles"].as_u64().unwrap()))
        .collect()
}

#[test]
fn dups_filters_by_similarity_and_an_unknown_story_is_an_error() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let input = tempfile::tempdir().unwrap();
    let text = "وزیراعظم نے اسلام آباد میں کابینہ کے اجلاس کی صدارت کی جس میں ملک کی معاشی صورت حال اور مہنگائی پر تفصیلی غور کیا گیا۔ اجلاس میں وزیر خزانہ نے بجٹ کی تجاویز پیش کیں اور کابینہ نے ان کی منظوری دے دی۔";
    let records = [
        json!({"id": "a", "source": "one", "published": "2024-03-01", "text": text}),
        json!({"id": "b", "source": "two", "published": "2024-03-02", "text": text}),
        json!({"id": "c", "source": "three", "published": "2024-03-02",
               "text": "لاہور میں شدید بارش کے بعد کئی علاقوں میں پانی جمع ہو گیا اور ٹریفک کا نظام درہم برہم ہو گیا۔ شہریوں کو دفاتر پہنچنے میں مشکلات کا سامنا کرنا پڑا۔"}),
    ];
    let jsonl: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(input.path().join("news.jsonl"), jsonl).unwrap();
    run(data, &["ingest", input.path().to_str().unwrap()]);

    let all = json_lines(data, &["dups", "--json"]);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(
        (
            &all[0]["a"],
            &all[0]["b"],
            &all[0]["relation"],
            &all[0]["origin"]
        ),
        (&json!("a"), &json!("b"), &json!("duplicate"), &json!("a"))
    );
    assert!(json_lines(data, &["dups", "--json", "--min-similarity", "1.01"]).is_empty());
    let text_output = run(data, &["dups"]);
    assert!(
        text_output.starts_with("a\tb\tduplicate\t"),
        "{text_output}"
    );

    let stories = json_lines(data, &["stories", "--json"]);
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0]["article_ids"], json!(["a", "b"]));
    assert_eq!(stories[0]["sources"], json!(["one", "two"]));
    assert_eq!(stories[0]["first_published"], "2024-03-01T00:00:00Z");
    let later = json_lines(data, &["stories", "--json", "--since", "2024-03-03"]);
    assert!(later.is_empty());

    let output = khabar(
        &["--data", data.to_str().unwrap(), "story", "no-such-story"],
        b"",
    );
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("no story or article \"no-such-story\""),
        "{message}"
    );
}

#[test]
fn a_store_from_before_the_band_table_has_its_copies_and_stories_found_again() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    run(
        data,
        &["ingest", repo_root().join("samples/voa").to_str().unwrap()],
    );
    let (stories, copies) = (story_of_each(data), pairs(data));
    // Back to schema 4: no band table, no placement order.
    rusqlite::Connection::open(data.join("articles.sqlite"))
        .unwrap()
        .execute_batch(
            "DROP TABLE bands;
             CREATE TABLE old AS SELECT article, story, score FROM story_articles;
             DROP TABLE story_articles;
             ALTER TABLE old RENAME TO story_articles;
             PRAGMA user_version = 4;",
        )
        .unwrap();
    // Readers say that the copies and stories are behind; an update finds
    // them again.
    let (ok, _, err) = attempt(data, &["stories"]);
    assert!(ok, "{err}");
    assert!(err.contains("`khabar update` adds them"), "{err}");
    run(data, &["update"]);
    assert_eq!(story_of_each(data), stories);
    assert_eq!(pairs(data), copies);
    let check: Value = serde_json::from_str(&run(data, &["check", "--json"])).unwrap();
    assert_eq!(check["problems"], json!([]), "{check}");
}

#[test]
fn the_embedded_background_is_what_the_sample_gives() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("background.terms");
    let output = khabar(
        &["train", "background", "--out", file.to_str().unwrap()],
        b"",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let embedded =
        std::fs::read(repo_root().join("crates/khabar-stories/data/background.terms")).unwrap();
    assert!(
        std::fs::read(&file).unwrap() == embedded,
        "crates/khabar-stories/data/background.terms is out of date: run `khabar train background`"
    );
}
