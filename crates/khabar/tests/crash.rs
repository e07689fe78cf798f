//! Every command that writes, killed with SIGKILL at several points of its
//! work, leaves a data directory that the next command brings to exactly
//! the state of a run that was never killed: the same articles, facts,
//! entities, copies, stories and search results, and `khabar check` finds
//! nothing wrong.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use common::{data_args, json_of, khabar, repo_root, run, sorted_hit_ids};
use serde_json::{Value, json};

const ARTICLES: usize = 1200;

/// A corpus with copies and stories in it: the VOA sample's texts from
/// three outlets over two months, each with a word of its own, and every
/// seventh article a reprint of an earlier one.
fn corpus(dir: &Path) -> PathBuf {
    let mut texts: Vec<String> = std::fs::read_dir(repo_root().join("samples/voa"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    texts.sort();
    let path = dir.join("corpus.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..ARTICLES {
        let text = if i % 7 == 6 {
            format!("{}\n\nدوبارہ شائع۔", texts[(i / 7) % texts.len()])
        } else {
            format!("{}\n\nنشان{i} خبر۔", texts[i % texts.len()])
        };
        let source = ["voa", "express", "jang"][i % 3];
        let record = json!({
            "id": format!("c{i}"),
            "source": source,
            "published": format!("2016-{:02}-{:02}T10:00:00+05:00", 9 + i % 2, 1 + i % 28),
            "title": format!("مضمون {i}"),
            "text": text,
        });
        writeln!(file, "{record}").unwrap();
    }
    path
}

/// Everything a user can ask of the data directory: the entities, copies
/// and stories (whose commands finish any work left undone), every hit of
/// a few searches, and last what `khabar check` counts and finds wrong.
fn state(data: &Path) -> Value {
    let lines = |args: &[&str]| -> Vec<Value> {
        run(data, args)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    };
    let entities = json_of(data, &["entities", "--limit", "100000", "--json"]);
    let copies = lines(&["dups", "--json"]);
    let stories = lines(&["stories", "--limit", "100000", "--json"]);
    let searches: Vec<Value> = ["پوتن", "نشان77", "\"نواز شریف\"", "دوبارہ"]
        .iter()
        .map(|query| {
            let found = json_of(data, &["search", query, "--limit", "10000", "--json"]);
            json!({"query": query, "total": found["total"], "ids": sorted_hit_ids(&found)})
        })
        .collect();
    let check = khabar(&data_args(data, &["check", "--json"]), b"");
    assert!(
        !check.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    json!({
        "entities": entities,
        "copies": copies,
        "stories": stories,
        "searches": searches,
        "counts": check["counts"],
        "problems": check["problems"],
    })
}

/// Panics naming the first place where two states differ.
fn assert_same(found: &Value, expected: &Value, context: &str) {
    fn first_difference(a: &Value, b: &Value, path: String) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                keys.into_iter().find_map(|k| {
                    first_difference(&x[k.as_str()], &y[k.as_str()], format!("{path}.{k}")).or_else(
                        || {
                            (!x.contains_key(k.as_str()) || !y.contains_key(k.as_str()))
                                .then(|| format!("{path}.{k}: missing on one side"))
                        },
                    )
                })
            }
            (Value::Array(x), Value::Array(y)) => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (p, q))| first_difference(p, q, format!("{path}[{i}]")))
                .or_else(|| {
                    (x.len() != y.len())
                        .then(|| format!("{path}: {} items, expected {}", x.len(), y.len()))
                }),
            _ => (a != b).then(|| format!("{path}: {a} , expected {b}")),
        }
    }
    if let Some(difference) = first_difference(found, expected, String::new()) {
        panic!("{context}: {difference}");
    }
}

/// Runs khabar with `args` on `data`, waits for the `nth` line of its
/// standard error that starts with `trigger` (none for `nth` 0), lets it go
/// on for `delay_ms` and kills it with SIGKILL. Returns false if it ended
/// before.
fn kill_at(data: &Path, args: &[&str], trigger: &str, nth: usize, delay_ms: u64) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(data_args(data, args))
        .current_dir(repo_root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = 0;
    if nth > 0 {
        for line in stderr.lines() {
            if line.unwrap().starts_with(trigger) {
                seen += 1;
                if seen == nth {
                    break;
                }
            }
        }
    }
    std::thread::sleep(Duration::from_millis(delay_ms));
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    running && seen == nth
}

/// A copy of a data directory, to kill a command in.
fn copy_dir(from: &Path) -> tempfile::TempDir {
    let to = tempfile::tempdir().unwrap();
    copy_tree(from, to.path());
    to
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

const INGEST: [&str; 5] = ["--batch", "100", "--commit-interval", "0.05", "ingest"];

/// The corpus, and a data directory it was ingested into without a kill.
fn clean() -> &'static (tempfile::TempDir, PathBuf, tempfile::TempDir, Value) {
    static CLEAN: OnceLock<(tempfile::TempDir, PathBuf, tempfile::TempDir, Value)> =
        OnceLock::new();
    CLEAN.get_or_init(|| {
        let input = tempfile::tempdir().unwrap();
        let corpus = corpus(input.path());
        let data = tempfile::tempdir().unwrap();
        run(data.path(), &["ingest", corpus.to_str().unwrap()]);
        let state = state(data.path());
        assert_eq!(state["problems"], json!([]));
        assert_eq!(state["counts"]["articles"], ARTICLES);
        assert!(
            state["counts"]["copies"].as_u64().unwrap() > 100,
            "{}",
            state["counts"]
        );
        (input, corpus, data, state)
    })
}

fn ingest_args(corpus: &Path) -> Vec<&str> {
    let mut args = vec![INGEST[4]];
    args.push(corpus.to_str().unwrap());
    args.extend_from_slice(&INGEST[..4]);
    args
}

#[test]
fn an_ingest_killed_anywhere_ends_as_a_clean_ingest() {
    let (_, corpus, _, expected) = clean();
    let mut landed = 0;
    for (trigger, nth, delay_ms) in [
        ("committed:", 1, 0),
        ("committed:", 3, 20),
        ("resolving the entities", 1, 0),
        ("resolving the entities", 1, 30),
        ("finding copies and stories", 1, 0),
        ("finding copies and stories", 1, 60),
        ("finding copies and stories", 1, 200),
    ] {
        let data = tempfile::tempdir().unwrap();
        landed += usize::from(kill_at(
            data.path(),
            &ingest_args(corpus),
            trigger,
            nth,
            delay_ms,
        ));
        run(data.path(), &["ingest", corpus.to_str().unwrap()]);
        assert_same(
            &state(data.path()),
            expected,
            &format!("killed at {trigger} #{nth} + {delay_ms} ms"),
        );
    }
    assert!(
        landed >= 5,
        "only {landed} kills landed while the ingest ran"
    );
}

#[test]
fn a_reindex_killed_anywhere_is_taken_up_and_ends_as_a_clean_reindex() {
    let (_, _, ingested, _) = clean();
    let reference = copy_dir(ingested.path());
    run(reference.path(), &["reindex", "--batch", "100"]);
    let expected = state(reference.path());
    assert_eq!(expected["problems"], json!([]));
    let total = format!("reindexed: {ARTICLES} of");
    let mut landed = 0;
    for (trigger, nth, delay_ms) in [
        ("reindexed:", 1, 0),
        ("reindexed:", 4, 10),
        ("reindexed:", 9, 40),
        (total.as_str(), 1, 0),
        (total.as_str(), 1, 80),
    ] {
        let data = copy_dir(ingested.path());
        let killed = kill_at(
            data.path(),
            &["reindex", "--batch", "100"],
            trigger,
            nth,
            delay_ms,
        );
        landed += usize::from(killed);
        // Until the reindex is finished, the entity commands work on and
        // say that it is not.
        let listing = khabar(&data_args(data.path(), &["entities", "--limit", "3"]), b"");
        assert!(listing.status.success());
        let unfinished = khabar(&data_args(data.path(), &["check", "--json"]), b"");
        let unfinished: Value = serde_json::from_slice(&unfinished.stdout).unwrap();
        // Each batch replaces its articles' facts whole: none are missing.
        assert_eq!(
            unfinished["counts"]["mentions"], expected["counts"]["mentions"],
            "killed at {trigger} #{nth} + {delay_ms} ms"
        );
        let note = String::from_utf8_lossy(&listing.stderr);
        if unfinished["problems"]
            .to_string()
            .contains("a reindex stopped")
        {
            assert!(note.contains("`khabar reindex` finishes it"), "{note}");
            // Killed again while taking it up.
            kill_at(
                data.path(),
                &["reindex", "--batch", "100"],
                "reindexed:",
                1,
                5,
            );
        }
        let finished = run(data.path(), &["reindex", "--batch", "100"]);
        assert!(finished.contains("reindexed 1200 articles"), "{finished}");
        assert_same(
            &state(data.path()),
            &expected,
            &format!("killed at {trigger} #{nth} + {delay_ms} ms"),
        );
    }
    assert!(
        landed >= 4,
        "only {landed} kills landed while the reindex ran"
    );

    // An ingest after the kill neither hides the unfinished reindex nor
    // takes the facts for whole.
    let data = copy_dir(ingested.path());
    assert!(kill_at(
        data.path(),
        &["reindex", "--batch", "100"],
        "reindexed:",
        2,
        0
    ));
    let input = tempfile::tempdir().unwrap();
    let one = input.path().join("one.jsonl");
    let record = json!({"id": "extra", "title": "خبر", "text": "اسلام آباد میں وزیراعظم نواز شریف نے اجلاس کی صدارت کی۔"});
    std::fs::write(&one, format!("{record}\n")).unwrap();
    run(data.path(), &["ingest", one.to_str().unwrap()]);
    let check = khabar(&data_args(data.path(), &["check", "--json"]), b"");
    assert!(!check.status.success());
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(
        check["problems"].to_string().contains("a reindex stopped"),
        "{check}"
    );
    assert!(check["counts"]["mentions"].as_u64() > expected["counts"]["mentions"].as_u64());
    run(data.path(), &["reindex"]);
    assert_eq!(
        json_of(data.path(), &["check", "--json"])["problems"],
        json!([])
    );
}

#[test]
fn copies_and_stories_or_an_index_rebuild_killed_are_finished_by_the_next_writer() {
    let (_, corpus, _, expected) = clean();
    // Stored, but not yet placed in stories.
    let data = tempfile::tempdir().unwrap();
    kill_at(
        data.path(),
        &ingest_args(corpus),
        "resolving the entities",
        1,
        0,
    );
    for delay_ms in [30, 120] {
        kill_at(data.path(), &["update"], "", 0, delay_ms);
    }
    run(data.path(), &["update"]);
    assert_same(&state(data.path()), expected, "stories killed");

    // The index lost: any command rebuilds it.
    let (_, _, ingested, _) = clean();
    let data = copy_dir(ingested.path());
    for delay_ms in [20, 100, 300] {
        let index = std::fs::read_dir(data.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .unwrap();
        std::fs::remove_dir_all(index).unwrap();
        kill_at(data.path(), &["stats"], "", 0, delay_ms);
        kill_at(data.path(), &["check", "--repair"], "", 0, delay_ms);
    }
    assert_same(&state(data.path()), expected, "index rebuild killed");
}
