//! One writer, many readers, with real processes: a second writer is
//! refused with the name of the first (or waits for it with `--wait`);
//! every reader command runs while an ingest writes, without an error, and
//! changes nothing: the store ends as an ingest with no readers leaves it.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

use common::{attempt, repo_root, run};
use serde_json::{Value, json};

/// A JSON Lines file of the VOA sample's texts, each four times from four
/// outlets (copies to find), dated over two months: enough work that an
/// ingest of it outlasts the reader commands started beside it.
fn corpus(dir: &Path) -> String {
    let mut files: Vec<_> = std::fs::read_dir(repo_root().join("samples/voa"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut lines = String::new();
    for outlet in 0..4 {
        for (i, file) in files.iter().enumerate() {
            let text = std::fs::read_to_string(file).unwrap();
            let record = json!({
                "id": format!("outlet{outlet}-{i}"),
                "source": format!("outlet{outlet}"),
                "published": format!("2016-{:02}-{:02}T08:00:00Z", 10 + i % 2, 1 + i % 28),
                "text": text,
            });
            lines.push_str(&record.to_string());
            lines.push('\n');
        }
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines).unwrap();
    path.to_str().unwrap().to_string()
}

/// Starts `khabar ingest` of `input`; returns once it has committed its
/// first articles (so it holds the lock), with its process and a channel
/// of the rest of its standard error.
fn start_ingest(data: &Path, input: &str) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args([
            "--data",
            data.to_str().unwrap(),
            "ingest",
            input,
            "--batch",
            "20",
        ])
        .arg("--commit-interval")
        .arg("0.2")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("khabar starts");
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        // Read to the end, wanted or not: a closed pipe would fail the
        // ingest's own progress lines.
        for line in stderr.lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    loop {
        match receiver.recv() {
            Ok(line) if line.starts_with("committed:") => return (child, receiver),
            Ok(_) => {}
            Err(_) => {
                let status = child.wait().unwrap();
                panic!("the ingest ended ({status}) before it committed anything");
            }
        }
    }
}

/// What the corpus-level steps left: entities, copy pairs, stories.
fn state(data: &Path) -> Value {
    let lines = |args: &[&str]| -> Vec<Value> {
        run(data, args)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    json!({
        "stats": serde_json::from_str::<Value>(&run(data, &["stats", "--json"])).unwrap(),
        "entities": serde_json::from_str::<Value>(
            &run(data, &["entities", "--limit", "1000000", "--json"])
        ).unwrap(),
        "copies": lines(&["dups", "--json"]),
        "stories": lines(&["stories", "--limit", "1000000", "--json"]),
    })
}

#[test]
fn a_second_writer_is_told_who_writes_or_waits_for_it() {
    let input = tempfile::tempdir().unwrap();
    let input = corpus(input.path());
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let (mut first, _) = start_ingest(data, &input);
    let pid = first.id().to_string();
    let sample = repo_root().join("samples/voa/entertainment-116deea7bb97.txt");
    let sample = sample.to_str().unwrap();
    for args in [vec!["ingest", sample], vec!["update"], vec!["reindex"]] {
        let (ok, _, err) = attempt(data, &args);
        assert!(!ok, "{args:?} wrote beside the ingest");
        assert!(err.contains(&format!("process {pid} ")), "{err}");
        assert!(err.contains("ingest"), "{err}");
        assert!(err.contains("--wait"), "{err}");
    }
    let (ok, out, err) = attempt(data, &["ingest", sample, "--wait", "--json"]);
    assert!(ok, "{err}");
    assert!(err.contains("waiting for another khabar process"), "{err}");
    // It waited: the first ingest had ended.
    assert!(first.try_wait().unwrap().is_some_and(|s| s.success()));
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["added"], 1);
}

#[test]
fn readers_run_during_an_ingest_and_change_nothing() {
    let input = tempfile::tempdir().unwrap();
    let input = corpus(input.path());
    let quiet = tempfile::tempdir().unwrap();
    run(quiet.path(), &["ingest", &input]);
    let expected = state(quiet.path());

    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let (mut ingest, _) = start_ingest(data, &input);
    let readers: &[&[&str]] = &[
        &["search", "امریکہ", "--json"],
        &["show", "outlet0-0", "--json"],
        &["stats", "--json"],
        &["entities", "--json"],
        &["entity", "امریکہ", "--json"],
        &["timeline", "--entity", "امریکہ", "--json"],
        &["stories", "--json"],
        &["story", "outlet0-0", "--json"],
        &["dups", "--json"],
    ];
    let (mut rounds, mut told) = (0, 0);
    while ingest.try_wait().unwrap().is_none() {
        for args in readers {
            let (ok, _, err) = attempt(data, args);
            // An entity or story not found yet is the one failure allowed:
            // the articles that name it are not all in yet.
            assert!(
                ok || err.contains("no entity") || err.contains("no story"),
                "{args:?}: {err}"
            );
            assert!(!err.contains("is writing here"), "{args:?}: {err}");
            told += usize::from(err.contains("still being updated"));
        }
        rounds += 1;
    }
    assert!(ingest.wait().unwrap().success());
    assert!(rounds >= 1 && told >= 1, "{rounds} rounds, {told} notes");
    assert_eq!(state(data), expected);
    // Once the writer is done, nothing is said to be behind.
    let (_, _, err) = attempt(data, &["stats"]);
    assert!(!err.contains("note"), "{err}");
}
