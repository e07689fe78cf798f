//! Every input kept in `regressions/<target>/` (crashes and hangs the
//! fuzzers found, and a few inputs of our own per target) goes through its
//! target again, each within a time limit, so that a hang fails the test
//! rather than stalling the run.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Far above what any input takes (the fuzzers stop at 10 s in release
/// builds; tests run a less optimized build, and the query index is built
/// on first use).
const LIMIT: Duration = Duration::from_secs(20);

fn regressions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions")
}

/// The files of `regressions/<target>/`, sorted.
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = regressions().join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `target` on the input in `path` on its own thread: why it failed,
/// if it panicked or is still running after `LIMIT`.
fn replay(target: khabar_fuzz::Target, path: &Path) -> Result<(), String> {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (done, finished) = mpsc::channel();
    let started = Instant::now();
    std::thread::spawn(move || {
        target(&data);
        let _ = done.send(());
    });
    match finished.recv_timeout(LIMIT) {
        Ok(()) => Ok(()),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(format!("{}: still running after {LIMIT:?}", path.display()))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(format!(
            "{}: panicked after {:?} (message above)",
            path.display(),
            started.elapsed()
        )),
    }
}

/// Replays every input of a target, and fails naming each one that failed.
fn replay_all(name: &str) {
    let target = khabar_fuzz::target(name).expect("a target");
    let files = inputs(name);
    assert!(!files.is_empty(), "no regression input for {name}");
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| replay(target, path).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_folder_is_a_target() {
    for entry in std::fs::read_dir(regressions()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            khabar_fuzz::target(&name).is_some(),
            "{}: no target of that name",
            path.display()
        );
    }
}

#[test]
fn analyze() {
    replay_all("analyze");
}

#[test]
fn plain() {
    replay_all("plain");
}

#[test]
fn html() {
    replay_all("html");
}

#[test]
fn jsonl() {
    replay_all("jsonl");
}

#[test]
fn tsv() {
    replay_all("tsv");
}

#[test]
fn warc() {
    replay_all("warc");
}

#[test]
fn feed() {
    replay_all("feed");
}

#[test]
fn counter() {
    replay_all("counter");
}

#[test]
fn query() {
    replay_all("query");
}

/// The inputs of our own reach what they are for: each gives records, not
/// only rejections, so a change in the readers cannot turn them into
/// inputs that test nothing.
#[test]
fn the_ingest_inputs_give_records() {
    for (target, name) in [
        ("plain", "fuzz.txt"),
        ("html", "fuzz.html"),
        ("jsonl", "fuzz.jsonl"),
        ("tsv", "fuzz.tsv"),
        ("warc", "fuzz.warc"),
        ("feed", "fuzz.xml"),
        ("counter", "fuzz.xml"),
    ] {
        for path in inputs(target)
            .iter()
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("voa-"))
        {
            let records = khabar_ingest::read_bytes(name, std::fs::read(path).unwrap())
                .filter(|item| matches!(item, khabar_ingest::Item::Article(_)))
                .count();
            assert!(records > 0, "{}: no record", path.display());
        }
    }
}
