//! What a hostile user found, each reproduced against the real binary and
//! real data directories: input that hung, panicked or aborted, damaged
//! stores read wrongly, unclear errors and spoofable output.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{attempt, json_of, khabar, repo_root, run, samples, within};
use serde_json::{Value, json};

/// A data directory with the sample ingested.
fn sample_store() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    run(data.path(), &["ingest", &samples()]);
    data
}

fn index_dir(data: &Path) -> PathBuf {
    data.join("index-v1")
}

/// The files of the index's segments with this extension.
fn segment_files(data: &Path, extension: &str) -> Vec<PathBuf> {
    std::fs::read_dir(index_dir(data))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect()
}

#[test]
fn the_bismillah_and_ornate_parentheses_do_not_hang_any_command() {
    let text = "﷽\nحکومت نے کہا ﴿آیت﴾ کہ ﴾ اور ﷽ کے ساتھ\n";
    let output = within(Duration::from_secs(20), move || {
        khabar(&["normalize"], "﴾\n".as_bytes())
    });
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "﴾\n");
    let output = within(Duration::from_secs(20), move || {
        khabar(&["analyze", "--json"], text.as_bytes())
    });
    assert!(output.status.success());
    let input = tempfile::tempdir().unwrap();
    let file = input.path().join("bismillah.txt");
    std::fs::write(&file, format!("عنوان\n\n{}", text.repeat(20))).unwrap();
    let data = tempfile::tempdir().unwrap();
    let data_path = data.path().to_path_buf();
    let summary = within(Duration::from_secs(60), move || {
        json_of(&data_path, &["ingest", file.to_str().unwrap(), "--json"])
    });
    assert_eq!(summary["added"], 1);
}

#[test]
fn a_limit_too_large_is_refused_not_a_panic() {
    let data = sample_store();
    for limit in ["18446744073709551615", "1000000000000", "10001"] {
        let (ok, _, err) = attempt(data.path(), &["search", "پوتن", "--limit", limit]);
        assert!(!ok);
        assert!(err.contains("--limit"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let found = json_of(
        data.path(),
        &["search", "پوتن", "--limit", "10000", "--json"],
    );
    assert!(found["total"].as_u64().unwrap() > 10);
    let (ok, _, err) = attempt(
        data.path(),
        &["ingest", &samples(), "--batch", "18446744073709551615"],
    );
    assert!(!ok && err.contains("--batch"), "{err}");
}

#[test]
fn a_query_too_long_is_refused_with_a_clear_error() {
    let data = sample_store();
    let long = "پاکستان ".repeat(8000);
    let (ok, _, err) = attempt(data.path(), &["search", &long]);
    assert!(!ok);
    assert!(
        err.contains("the query has 64000 characters; at most 1000 are taken"),
        "{err}"
    );
    let many = "ا ب پ ت ٹ ث ج چ ح خ د ڈ ذ ر ڑ ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ہ ی ے";
    let (ok, _, err) = attempt(data.path(), &["search", many]);
    assert!(!ok);
    assert!(
        err.contains("the query has 36 words; at most 32 are taken"),
        "{err}"
    );
}

#[test]
fn flipped_bytes_in_the_index_are_found_and_the_index_rebuilt() {
    let data = sample_store();
    let expected = json_of(
        data.path(),
        &["search", "امریکہ", "--limit", "300", "--json"],
    );
    for store in segment_files(data.path(), "store") {
        let mut bytes = std::fs::read(&store).unwrap();
        for i in (100..bytes.len().saturating_sub(100)).step_by(997) {
            bytes[i] ^= 0xFF;
        }
        std::fs::write(&store, bytes).unwrap();
    }
    let (ok, out, err) = attempt(
        data.path(),
        &["search", "امریکہ", "--limit", "300", "--json"],
    );
    assert!(ok, "{err}");
    // Found on opening the index or by the search, depending on which
    // bytes the flips hit.
    assert!(
        (err.contains("the search index was damaged")
            || err.contains("the search index could not be read"))
            && err.contains("rebuilt it"),
        "{err}"
    );
    let found: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found["total"], expected["total"]);
    assert_eq!(
        json_of(data.path(), &["check", "--json"])["problems"],
        json!([])
    );
}

#[test]
fn a_missing_or_truncated_segment_file_is_rebuilt_from_the_store() {
    let data = sample_store();
    let expected = json_of(data.path(), &["search", "پوتن", "--json"])["total"].clone();
    for (extension, damage) in [("pos", "remove"), ("idx", "truncate"), ("term", "truncate")] {
        for file in segment_files(data.path(), extension) {
            match damage {
                "remove" => std::fs::remove_file(&file).unwrap(),
                _ => std::fs::write(&file, b"0123456789").unwrap(),
            }
        }
        let (ok, out, err) = attempt(data.path(), &["search", "پوتن", "--json"]);
        assert!(ok, "{extension} {damage}: {err}");
        assert!(err.contains("rebuilt it from the article store"), "{err}");
        let found: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(found["total"], expected, "{extension} {damage}");
    }
}

#[test]
fn a_damaged_index_that_cannot_be_rebuilt_now_says_what_to_remove() {
    let data = sample_store();
    for file in segment_files(data.path(), "idx") {
        std::fs::write(&file, b"0123456789").unwrap();
    }
    // Another process holds the write lock (an ingest running).
    let lock = std::fs::File::create(data.path().join("writer.lock")).unwrap();
    lock.lock().unwrap();
    let (ok, _, err) = attempt(data.path(), &["search", "پوتن"]);
    assert!(!ok);
    assert!(
        err.contains("the search index is damaged") && err.contains("remove that directory"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    drop(lock);
    assert!(attempt(data.path(), &["search", "پوتن"]).0);
}

#[test]
fn an_empty_or_foreign_store_file_is_refused_and_nothing_deleted() {
    let data = sample_store();
    let store = data.path().join("articles.sqlite");
    std::fs::remove_file(data.path().join("articles.sqlite-wal")).ok();
    std::fs::remove_file(data.path().join("articles.sqlite-shm")).ok();
    std::fs::write(&store, b"").unwrap();
    let index_files = std::fs::read_dir(index_dir(data.path())).unwrap().count();
    for args in [
        vec!["stats"],
        vec!["search", "پوتن"],
        vec!["ingest", &samples()],
        vec!["check"],
    ] {
        let (ok, _, err) = attempt(data.path(), &args);
        assert!(!ok, "{args:?}");
        assert!(
            err.contains("empty file (0 bytes), not a Khabar article store; nothing was changed"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::metadata(&store).unwrap().len(), 0);
    assert_eq!(
        std::fs::read_dir(index_dir(data.path())).unwrap().count(),
        index_files
    );

    // An SQLite database of something else.
    let other = tempfile::tempdir().unwrap();
    let conn = rusqlite::Connection::open(other.path().join("articles.sqlite")).unwrap();
    conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x');")
        .unwrap();
    drop(conn);
    let (ok, _, err) = attempt(other.path(), &["ingest", &samples()]);
    assert!(!ok);
    assert!(
        err.contains("an SQLite database, but not a Khabar article store"),
        "{err}"
    );

    // The store gone, the index left: not replaced by a new empty store.
    std::fs::remove_file(&store).unwrap();
    let (ok, _, err) = attempt(data.path(), &["ingest", &samples()]);
    assert!(!ok);
    assert!(
        err.contains("missing, but") && err.contains("holds 301 articles"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(index_dir(data.path())).unwrap().count(),
        index_files
    );
}

/// Replaces a stored article's text by one with bytes that are not UTF-8.
fn damage_text(data: &Path) -> String {
    let conn = rusqlite::Connection::open(data.join("articles.sqlite")).unwrap();
    let (id, text): (String, String) = conn
        .query_row(
            "SELECT id, text FROM articles WHERE text LIKE '%امریکہ%' ORDER BY seq LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    let mut bytes = text.into_bytes();
    bytes.splice(40..40, [0xFF, 0xFE]);
    conn.execute(
        "UPDATE articles SET text = CAST(?1 AS TEXT) WHERE id = ?2",
        rusqlite::params![bytes, id],
    )
    .unwrap();
    id
}

#[test]
fn a_text_that_is_not_utf8_is_named_by_check_and_breaks_nothing() {
    let data = sample_store();
    let expected = json_of(
        data.path(),
        &["search", "امریکہ", "--limit", "300", "--json"],
    );
    let id = damage_text(data.path());
    let found = json_of(
        data.path(),
        &["search", "امریکہ", "--limit", "300", "--json"],
    );
    assert_eq!(found["total"], expected["total"]);
    let shown = run(data.path(), &["show", &id]);
    assert!(shown.contains('\u{FFFD}'));
    let reindexed = run(data.path(), &["reindex"]);
    assert!(reindexed.contains("reindexed 301 articles"), "{reindexed}");

    let (ok, out, _) = attempt(data.path(), &["check"]);
    assert!(!ok);
    assert!(
        out.contains(&format!("text that is not valid UTF-8: article {id} (#")),
        "{out}"
    );
    assert!(out.contains("khabar check --repair will"), "{out}");
    let repaired = json_of(data.path(), &["check", "--repair", "--json"]);
    assert_eq!(repaired["problems"], json!([]));
    assert_eq!(
        repaired["repaired"][0],
        "replaced the bytes that are not UTF-8 in 1 articles"
    );
}

#[test]
fn a_store_locked_by_another_process_is_said_to_be_locked() {
    let data = sample_store();
    let conn = rusqlite::Connection::open(data.path().join("articles.sqlite")).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    // Readers are not held up by a writer.
    assert!(attempt(data.path(), &["stats"]).0);
    let (ok, _, err) = attempt(data.path(), &["ingest", &samples()]);
    assert!(!ok);
    assert!(
        err.contains("locked by another process for longer than 10 s; try again"),
        "{err}"
    );
    assert!(!err.contains("not a Khabar article store"), "{err}");
    conn.execute_batch("ROLLBACK").unwrap();
    assert!(attempt(data.path(), &["ingest", &samples()]).0);
}

#[test]
fn a_second_writer_is_refused_while_the_first_writes() {
    let data = sample_store();
    let lock = std::fs::File::create(data.path().join("writer.lock")).unwrap();
    lock.lock().unwrap();
    for args in [vec!["ingest", &samples()], vec!["reindex"]] {
        let (ok, _, err) = attempt(data.path(), &args);
        assert!(!ok);
        assert!(err.contains("another khabar process"), "{err}");
        assert!(err.contains("is writing here"), "{err}");
    }
    // Readers go on.
    assert!(attempt(data.path(), &["search", "پوتن"]).0);
}

#[test]
fn control_characters_in_names_and_fields_are_escaped_in_text_output() {
    let input = tempfile::tempdir().unwrap();
    // A file name with an escape sequence and a line break, rejected.
    let spoof = input.path().join("a\u{1b}[2Jb\nfake line.txt");
    std::fs::write(&spoof, b"").unwrap();
    let record = json!({
        "id": "x\u{1b}[31m1",
        "source": "src\nforged: 1",
        "url": "https://a.pk/\u{202E}gpj.exe",
        "title": "خبر",
        "text": "پاکستان میں آج بارش ہوئی اور موسم خوشگوار رہا۔",
    });
    std::fs::write(input.path().join("fields.jsonl"), format!("{record}\n")).unwrap();
    let data = tempfile::tempdir().unwrap();
    let out = run(data.path(), &["ingest", input.path().to_str().unwrap()]);
    assert!(
        out.contains("a\\u{1b}[2Jb\\nfake line.txt: empty file"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'));
    let out = run(data.path(), &["search", "بارش"]);
    assert!(
        out.contains("src\\nforged: 1 · undated · x\\u{1b}[31m1"),
        "{out}"
    );
    let out = run(data.path(), &["show", "x\u{1b}[31m1"]);
    assert!(
        out.contains("url:       https://a.pk/\\u{202e}gpj.exe"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202E}'));
    // JSON keeps them, escaped as JSON escapes.
    let found = json_of(data.path(), &["search", "بارش", "--json"]);
    assert_eq!(found["hits"][0]["source"], "src\nforged: 1");
}

/// Undated near-duplicates: no time window keeps them apart.
#[test]
fn a_flood_of_near_duplicates_keeps_a_bounded_number_of_pairs() {
    let input = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(
        std::fs::read_dir(repo_root().join("samples/voa"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .min()
            .unwrap(),
    )
    .unwrap();
    let lines: Vec<String> = (0..300)
        .map(|i| {
            json!({"id": format!("d{i}"), "title": "خبر", "text": format!("{base}\n\nنمبر{i}")})
                .to_string()
        })
        .collect();
    std::fs::write(input.path().join("flood.jsonl"), lines.join("\n")).unwrap();
    let data = tempfile::tempdir().unwrap();
    let summary = json_of(
        data.path(),
        &["ingest", input.path().to_str().unwrap(), "--json"],
    );
    assert!(
        summary["copies_not_kept"].as_u64().unwrap() > 0,
        "{summary}"
    );
    let pairs = run(data.path(), &["dups", "--json"]);
    let mut per_later: std::collections::HashMap<String, usize> = Default::default();
    for line in pairs.lines() {
        let pair: Value = serde_json::from_str(line).unwrap();
        *per_later
            .entry(pair["b"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert!(per_later.values().all(|&n| n <= 20), "{per_later:?}");
    let story = json_of(data.path(), &["story", "d0", "--json"]);
    let members = story["members"].as_array().unwrap();
    assert!(members.len() > 250);
    assert!(
        members
            .iter()
            .all(|m| m["copies"].as_array().unwrap().len() <= 10)
    );
    assert!(
        members
            .iter()
            .any(|m| m["more_copies"].as_u64().unwrap() > 0)
    );
}
