//! `khabar ingest`, `search`, `show` and `stats` on real data directories
//! (SQLite file and tantivy index), from the real binary.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{khabar, repo_root, run, samples};
use serde_json::Value;

fn json(data: &Path, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    serde_json::from_str(&run(data, &args)).expect("one JSON object")
}

#[test]
fn the_sample_is_searchable_across_spellings_and_reingesting_adds_nothing() {
    let data = tempfile::tempdir().unwrap();
    let summary = json(data.path(), &["ingest", &samples()]);
    assert_eq!(summary["files"], 302);
    // One sample file is the same article as another.
    assert_eq!(summary["added"], 301);
    assert_eq!(summary["already_present"], 1);
    assert_eq!(summary["rejected"], 0);

    let stats = json(data.path(), &["stats"]);
    assert_eq!(stats["articles"], 301);
    assert_eq!(stats["sources"][0]["name"], "voa");
    let per_month: u64 = stats["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(per_month + stats["undated"].as_u64().unwrap(), 301);

    let results = json(data.path(), &["search", "پوتن", "--limit", "100"]);
    let hits = results["hits"].as_array().unwrap();
    assert_eq!(results["total"].as_u64().unwrap() as usize, hits.len());
    let snippets: Vec<&str> = hits
        .iter()
        .map(|h| h["snippet"].as_str().unwrap())
        .collect();
    for spelling in ["<b>پوتن</b>", "<b>پوٹن</b>", "<b>پیوٹن</b>"] {
        assert!(
            snippets.iter().any(|s| s.contains(spelling)),
            "no hit shows {spelling}"
        );
    }
    // Exact hits first, then the articles that spell it otherwise.
    let first_variant = hits.iter().position(|h| h["exact"] == false).unwrap();
    assert!(first_variant > 0);
    assert!(hits[first_variant..].iter().all(|h| h["exact"] == false));
    for hit in hits {
        for key in [
            "id",
            "title",
            "source",
            "published",
            "url",
            "score",
            "snippet",
        ] {
            assert!(hit.get(key).is_some(), "hit without {key}");
        }
    }

    // Filters: a month holds fewer of them, and another source none.
    let october = json(
        data.path(),
        &["search", "پوتن", "--from", "2016-10", "--to", "2016-10-31"],
    );
    let in_october = october["total"].as_u64().unwrap();
    assert!(in_october > 0 && in_october < results["total"].as_u64().unwrap());
    for hit in october["hits"].as_array().unwrap() {
        assert!(hit["published"].as_str().unwrap().starts_with("2016-10"));
    }
    let bbc = json(data.path(), &["search", "پوتن", "--source", "bbc"]);
    assert_eq!(bbc["total"], 0);

    // show prints the stored article.
    let id = hits[0]["id"].as_str().unwrap();
    let article = json(data.path(), &["show", id]);
    assert_eq!(article["id"], id);
    assert_eq!(article["title"], hits[0]["title"]);
    assert!(article["text"].as_str().unwrap().contains("پوتن"));

    let again = json(data.path(), &["ingest", &samples()]);
    assert_eq!(again["added"], 0);
    assert_eq!(again["already_present"], 302);
    assert_eq!(json(data.path(), &["stats"])["articles"], 301);
}

#[test]
fn bad_files_and_lines_are_reported_and_the_rest_is_ingested() {
    let input = tempfile::tempdir().unwrap();
    let dir = input.path();
    let line = |id: &str, text: &str| {
        serde_json::json!({"id": id, "source": "test", "title": "عنوان", "text": text}).to_string()
    };
    std::fs::write(
        dir.join("good.jsonl"),
        format!(
            "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
            line("one", "کراچی میں آج بارش ہوئی۔"),
            line("two", "لاہور میں آج دھوپ نکلی۔")
        ),
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..200 {
        writeln!(gz, "{}", line(&format!("gz-{i}"), "پشاور میں آج ہوا چلی۔")).unwrap();
    }
    let gz = gz.finish().unwrap();
    std::fs::write(dir.join("cut.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    let mut junk = Vec::new();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..5000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        junk.push(x as u8);
    }
    std::fs::write(dir.join("junk.html"), &junk).unwrap();
    std::fs::write(dir.join("note.txt"), "ملتان میں آج گرمی تھی۔\n").unwrap();

    let data = tempfile::tempdir().unwrap();
    let summary = json(data.path(), &["ingest", dir.to_str().unwrap()]);
    let rejections: Vec<String> = summary["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}: {}",
                r["origin"].as_str().unwrap(),
                r["reason"].as_str().unwrap()
            )
        })
        .collect();
    let rejected = |file: &str, reason: &str| {
        rejections
            .iter()
            .any(|r| r.contains(file) && r.to_lowercase().contains(reason))
    };
    assert!(
        rejected("good.jsonl:line 2", "invalid json"),
        "{rejections:?}"
    );
    assert!(rejected("cut.jsonl.gz", "gzip"), "{rejections:?}");
    assert!(rejected("junk.html", "binary"), "{rejections:?}");
    assert_eq!(rejections.len(), 3, "{rejections:?}");

    let added = summary["added"].as_u64().unwrap();
    // Two good lines, the text file, and what the cut gzip held before the cut.
    assert!(added > 3, "{summary}");
    let stats = json(data.path(), &["stats"]);
    assert_eq!(stats["articles"].as_u64().unwrap(), added);
    for (word, hits) in [("کراچی", 1), ("لاہور", 1), ("ملتان", 1)] {
        assert_eq!(
            json(data.path(), &["search", word])["total"],
            hits,
            "{word}"
        );
    }
    let human = run(data.path(), &["ingest", dir.to_str().unwrap()]);
    assert!(human.contains("articles added:   0"), "{human}");
    assert!(human.contains("junk.html"), "{human}");
}

#[test]
fn searching_an_empty_directory_says_what_to_do() {
    let data = tempfile::tempdir().unwrap();
    let output = khabar(
        &["--data", data.path().to_str().unwrap(), "search", "پوتن"],
        b"",
    );
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("khabar ingest"), "{message}");
}

/// A corpus big enough to kill ingestion half way: `n` articles made of the
/// sample texts, each with its own id and a word that only it has.
fn big_corpus(dir: &Path, n: usize) -> std::path::PathBuf {
    let texts: Vec<String> = std::fs::read_dir(repo_root().join("samples/voa"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    let path = dir.join("big.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..n {
        let record = serde_json::json!({
            "id": format!("k{i}"),
            "source": "kill-test",
            "title": format!("مضمون نمبر {i}"),
            "text": format!("{}\n\nنشان{i} خبر۔", texts[i % texts.len()]),
        });
        writeln!(file, "{record}").unwrap();
    }
    path
}

/// Starts an ingest, waits for its `nth` commit report, lets it run on for
/// `delay_ms`, then kills it with SIGKILL. Returns the articles it reported
/// as committed.
fn ingest_and_kill(data: &Path, input: &Path, nth: usize, delay_ms: u64) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["--data", data.to_str().unwrap(), "ingest"])
        .arg(input)
        .args(["--batch", "100", "--commit-interval", "0.05"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reported = 0;
    let mut commits = 0;
    let stderr = BufReader::new(child.stderr.take().unwrap());
    for line in stderr.lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("committed: ") {
            reported = rest.split(' ').next().unwrap().parse().unwrap();
            commits += 1;
            if commits == nth {
                break;
            }
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    child.kill().unwrap();
    child.wait().unwrap();
    reported
}

#[test]
fn killed_mid_ingest_the_store_keeps_what_was_committed_and_the_next_run_completes() {
    const ARTICLES: usize = 6000;
    let input = tempfile::tempdir().unwrap();
    let corpus = big_corpus(input.path(), ARTICLES);
    let data = tempfile::tempdir().unwrap();
    let mut stored = 0;
    for (nth, delay_ms) in [(1, 0), (2, 7), (1, 23), (3, 41)] {
        let reported = ingest_and_kill(data.path(), &corpus, nth, delay_ms);
        // Opening the store after the kill brings the index level with it.
        let now = json(data.path(), &["stats"])["articles"].as_u64().unwrap();
        assert!(
            now >= stored + reported,
            "killed after reporting {reported} more committed, but the store went from {stored} to {now}"
        );
        let indexed = json(data.path(), &["search", "خبر", "--source", "kill-test"])["total"]
            .as_u64()
            .unwrap();
        assert_eq!(
            indexed, now,
            "the index and the store disagree after a kill"
        );
        stored = now;
    }
    assert!(
        stored < ARTICLES as u64,
        "the kills came too late to test anything"
    );

    let summary = json(data.path(), &["ingest", corpus.to_str().unwrap()]);
    assert_eq!(summary["added"].as_u64().unwrap() + stored, ARTICLES as u64);
    assert_eq!(json(data.path(), &["stats"])["articles"], ARTICLES);
    // Every article is findable by the word only it has.
    for i in [0, ARTICLES / 2, ARTICLES - 1] {
        let hits = json(data.path(), &["search", &format!("نشان{i}")]);
        assert_eq!(hits["total"], 1, "نشان{i}");
        assert_eq!(hits["hits"][0]["id"], format!("k{i}"));
    }
    let again = json(data.path(), &["ingest", corpus.to_str().unwrap()]);
    assert_eq!(again["added"], 0);
    assert_eq!(again["already_present"], ARTICLES);
}

#[test]
fn a_data_directory_that_is_not_a_store_is_refused_and_left_as_it_was() {
    let data = tempfile::tempdir().unwrap();
    let store = data.path().join("articles.sqlite");
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&store, &junk).unwrap();
    for args in [vec!["stats"], vec!["ingest", "samples/voa"]] {
        let mut all = vec!["--data", data.path().to_str().unwrap()];
        all.extend(args);
        let output = khabar(&all, b"");
        assert!(!output.status.success());
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(
            message.contains("articles.sqlite") && message.contains("not a Khabar article store"),
            "{message}"
        );
    }
    assert_eq!(std::fs::read(&store).unwrap(), junk);
}

#[test]
fn a_lost_or_outdated_index_is_rebuilt_from_the_store() {
    let data = tempfile::tempdir().unwrap();
    run(data.path(), &["ingest", &samples()]);
    let before = json(data.path(), &["search", "پوتن"])["total"].clone();
    let index = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("an index directory");
    // As if an older Khabar had made it.
    std::fs::rename(&index, data.path().join("index-v0")).unwrap();
    assert_eq!(json(data.path(), &["search", "پوتن"])["total"], before);
    assert!(!data.path().join("index-v0").exists());
    std::fs::remove_dir_all(&index).unwrap();
    assert_eq!(json(data.path(), &["search", "پوتن"])["total"], before);
}

#[test]
fn entities_of_the_sample_are_listed_found_by_any_spelling_and_reindexed_alike() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    run(data, &["ingest", &samples()]);

    let listed = json(data, &["entities", "--limit", "20"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 20);
    let articles: Vec<u64> = listed
        .iter()
        .map(|e| e["articles"].as_u64().unwrap())
        .collect();
    assert!(articles.windows(2).all(|w| w[0] >= w[1]), "{articles:?}");
    let pakistan = listed
        .iter()
        .find(|e| e["canonical"] == "پاکستان")
        .expect("Pakistan among the 20 most written about");
    assert_eq!(pakistan["type"], "LOC");
    assert_eq!(pakistan["id"], "cldr:PK");
    let places = json(data, &["entities", "--type", "loc", "--limit", "5"]);
    assert!(
        places
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["type"] == "LOC")
    );

    // Putin, in the spellings the sample uses.
    let putin = json(data, &["entity", "پیوٹن"]);
    assert_eq!(putin["type"], "PER");
    let variants: Vec<&str> = putin["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["spelling"].as_str().unwrap())
        .collect();
    for spelling in ["پوتن", "پوٹن", "پیوٹن"] {
        assert!(
            variants.contains(&spelling),
            "{spelling} not in {variants:?}"
        );
    }
    for spelling in ["پوتن", "ولادیمیر پوٹن", "صدر پوتن"] {
        assert_eq!(json(data, &["entity", spelling])["id"], putin["id"]);
    }
    let ids: Vec<&str> = putin["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    // --json lists every article; --limit and --offset page them, newest
    // first.
    assert_eq!(ids.len() as u64, putin["article_count"].as_u64().unwrap());
    let page: Vec<Value> = ["0", "5"]
        .iter()
        .flat_map(|offset| {
            json(
                data,
                &["entity", "پوتن", "--limit", "5", "--offset", offset],
            )["articles"]
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    let paged: Vec<&str> = page.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(paged, ids[..10]);
    let published: Vec<&str> = putin["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["published"].as_str().expect("a dated article"))
        .collect();
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "{published:?}");
    assert!(ids.len() >= 15, "{}", ids.len());
    let related: Vec<&str> = putin["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["canonical"].as_str().unwrap())
        .collect();
    assert!(related.contains(&"روس"), "{related:?}");

    // Search within the entity's articles.
    let hits = json(
        data,
        &["search", "امریکہ", "--entity", "پوتن", "--limit", "100"],
    );
    let total = hits["total"].as_u64().unwrap();
    assert!(total > 0 && total <= ids.len() as u64, "{total}");
    for hit in hits["hits"].as_array().unwrap() {
        assert!(ids.contains(&hit["id"].as_str().unwrap()), "{hit}");
    }

    // Putin's timeline: dated sentences about him, in date order.
    let timeline = json(data, &["timeline", "--entity", "پوتن"]);
    let statements = timeline["statements"].as_array().unwrap();
    assert!(statements.len() >= ids.len() / 2, "{}", statements.len());
    let dates: Vec<String> = statements
        .iter()
        .map(|s| s["date"].as_str().unwrap().replace('X', "0"))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(statements.iter().any(|s| s["dated_by"] == "text"));

    // Reindexing finds the same entities.
    let before = json(data, &["entities", "--limit", "100"]);
    run(data, &["reindex"]);
    assert_eq!(json(data, &["entities", "--limit", "100"]), before);

    // Unknown names and types are errors that say so.
    let output = khabar(&["--data", data.to_str().unwrap(), "entity", "ژژژژ"], b"");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no entity named"));
    let output = khabar(
        &[
            "--data",
            data.to_str().unwrap(),
            "entities",
            "--type",
            "XYZ",
        ],
        b"",
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("PER, LOC or ORG"));
}
