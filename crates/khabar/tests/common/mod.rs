//! Helpers shared by the command-line tests.

#![allow(dead_code)] // each test file uses its own subset

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `khabar` with `args`, feeding `stdin`.
pub fn khabar(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("khabar starts");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let output = child.wait_with_output().expect("khabar runs");
    writer.join().expect("writer thread").ok();
    output
}

/// Runs khabar with `--data DIR` and the arguments; panics on failure.
pub fn run(data: &Path, args: &[&str]) -> String {
    let mut all = vec!["--data", data.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    let output = khabar(&all, b"");
    assert!(
        output.status.success(),
        "khabar {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// `khabar analyze FILE --json`, parsed; panics with khabar's stderr on failure.
pub fn analyze_json(path: &Path) -> serde_json::Value {
    let output = khabar(
        &["analyze", path.to_str().expect("utf-8 path"), "--json"],
        b"",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

/// Every span of the analysis slices `text` at character boundaries, and
/// every token's `norm` is the analysis form of its slice.
pub fn assert_offsets_slice_text(a: &serde_json::Value) {
    let text = a["text"].as_str().expect("text");
    for key in ["paragraphs", "sentences", "tokens", "entities", "dates"] {
        for span in a[key].as_array().expect(key) {
            let (start, end) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            assert!(start < end && end <= text.len(), "{key} {start}..{end}");
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{key} {start}..{end}"
            );
        }
    }
    for entity in a["entities"].as_array().unwrap() {
        let slice = &text
            [entity["start"].as_u64().unwrap() as usize..entity["end"].as_u64().unwrap() as usize];
        assert_eq!(entity["text"], slice);
    }
    for token in a["tokens"].as_array().unwrap() {
        let slice = &text
            [token["start"].as_u64().unwrap() as usize..token["end"].as_u64().unwrap() as usize];
        let norm = token["norm"].as_str().unwrap();
        assert_eq!(khabar_text::normalize::fold(slice), norm, "{slice}");
    }
}

/// The norms of all tokens.
pub fn norms(a: &serde_json::Value) -> Vec<String> {
    a["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["norm"].as_str().unwrap().to_string())
        .collect()
}

/// The text of each sentence.
pub fn sentence_texts(a: &serde_json::Value) -> Vec<String> {
    let text = a["text"].as_str().unwrap();
    a["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            text[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
                .to_string()
        })
        .collect()
}

/// The VOA sample folder, as an argument.
pub fn samples() -> String {
    repo_root().join("samples/voa").display().to_string()
}

/// `--data DIR` followed by `args`.
pub fn data_args<'a>(data: &'a Path, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--data", data.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    all
}

/// `khabar --data DIR args`, which may fail: its success, standard output
/// and standard error.
pub fn attempt(data: &Path, args: &[&str]) -> (bool, String, String) {
    let output = khabar(&data_args(data, args), b"");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `khabar --data DIR args`, which must print one JSON value.
pub fn json_of(data: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&run(data, args)).expect("one JSON value")
}

/// The ids of a search's hits, sorted: hits of equal score come in the
/// order of the index's segments.
pub fn sorted_hit_ids(results: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = results["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect();
    ids.sort();
    ids
}

/// Runs `work` on its own thread and fails if it takes longer than
/// `limit`: a hang must fail the test, not stall the run.
pub fn within<T: Send + 'static>(
    limit: std::time::Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    finished
        .recv_timeout(limit)
        .unwrap_or_else(|e| panic!("not done within {limit:?}: {e}"))
}

/// The VOA sample's files in published order (then by path), as one
/// ingestion of the whole sample dates them.
pub fn sample_in_published_order() -> Vec<String> {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    run(
        data,
        &["ingest", repo_root().join("samples/voa").to_str().unwrap()],
    );
    let stats: Value = serde_json::from_str(&run(data, &["stats", "--json"])).unwrap();
    // The commonest word of Urdu: every article of the sample has it.
    let all: Value =
        serde_json::from_str(&run(data, &["search", "کے", "--limit", "10000", "--json"])).unwrap();
    let hits = all["hits"].as_array().unwrap();
    assert_eq!(hits.len() as u64, stats["articles"].as_u64().unwrap());
    let mut files: Vec<(String, String)> = hits
        .iter()
        .map(|hit| {
            let id = hit["id"].as_str().unwrap();
            let article: Value = serde_json::from_str(&run(data, &["show", id, "--json"])).unwrap();
            let published = article["published"].as_str().expect("a dated article");
            let origin = repo_root().join(article["origin"].as_str().unwrap());
            (published.to_string(), origin.to_str().unwrap().to_string())
        })
        .collect();
    files.sort();
    files.into_iter().map(|(_, file)| file).collect()
}

/// Batches of one, of a few, and of many.
pub const BATCH_SIZES: &[usize] = &[1, 1, 1, 7, 7, 25, 60];

/// Ingests `files` in turn, in batches of the sizes given (repeated).
pub fn ingest_in_batches(data: &Path, files: &[String], sizes: &[usize]) {
    let mut rest = files;
    for &size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (batch, after) = rest.split_at(size.min(rest.len()));
        let mut args = vec!["ingest"];
        args.extend(batch.iter().map(String::as_str));
        run(data, &args);
        rest = after;
    }
}
