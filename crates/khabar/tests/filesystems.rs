//! Data directories on a read-only file system and on a full disk, made
//! for real with mounts. They need root (to mount), so `cargo test` leaves
//! them out and `.ci/run` runs them with `--ignored`; they fail, saying so,
//! where mounting is not allowed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{attempt, repo_root, run, samples};
use serde_json::Value;

/// A mount, undone when dropped.
struct Mount(PathBuf);

impl Mount {
    fn new(args: &[&str], target: &Path) -> Mount {
        let output = Command::new("mount")
            .args(args)
            .arg(target)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "this test mounts file systems, which needs root: mount {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Mount(target.to_path_buf())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn one_article(dir: &Path) -> PathBuf {
    let path = dir.join("one.jsonl");
    let record =
        serde_json::json!({"id": "one", "title": "خبر", "text": "پاکستان میں آج بارش ہوئی۔"});
    std::fs::write(&path, format!("{record}\n")).unwrap();
    path
}

/// Every reading command answers as on a writable disk.
fn assert_readable(data: &Path, expected_hits: &Value) {
    for args in [
        vec!["stats"],
        vec!["entities", "--limit", "3"],
        vec!["stories", "--limit", "3"],
        vec!["entity", "پوتن"],
    ] {
        let (ok, _, err) = attempt(data, &args);
        assert!(ok, "{args:?}: {err}");
    }
    let (ok, out, err) = attempt(data, &["search", "پوتن", "--json"]);
    assert!(ok, "{err}");
    let found: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(&found["total"], expected_hits);
}

#[test]
#[ignore = "mounts a read-only file system (needs root); run by .ci/run"]
fn a_read_only_data_directory_is_read_and_writes_are_refused_clearly() {
    let data = tempfile::tempdir().unwrap();
    run(data.path(), &["ingest", &samples()]);
    let hits: Value =
        serde_json::from_str(&run(data.path(), &["search", "پوتن", "--json"])).unwrap();
    let view = tempfile::tempdir().unwrap();
    let _bind = Mount::new(&["--bind", data.path().to_str().unwrap()], view.path());
    let _read_only = Mount::new(&["-o", "remount,ro,bind"], view.path());
    assert_readable(view.path(), &hits["total"]);
    let (ok, out, _) = attempt(view.path(), &["check"]);
    assert!(ok && out.contains("no problems found"), "{out}");
    let input = tempfile::tempdir().unwrap();
    let one = one_article(input.path());
    for args in [vec!["ingest", one.to_str().unwrap()], vec!["reindex"]] {
        let (ok, _, err) = attempt(view.path(), &args);
        assert!(!ok, "{args:?}");
        assert!(err.contains("read-only"), "{args:?}: {err}");
        assert!(!err.contains("not a Khabar article store"), "{err}");
    }
}

#[test]
#[ignore = "mounts a small file system and fills it (needs root); run by .ci/run"]
fn on_a_full_disk_reads_go_on_writes_fail_clearly_and_nothing_is_lost() {
    let disk = tempfile::tempdir().unwrap();
    let _tmpfs = Mount::new(&["-t", "tmpfs", "-o", "size=40m", "tmpfs"], disk.path());
    let data = disk.path().join("data");
    run(&data, &["ingest", &samples()]);
    let hits: Value = serde_json::from_str(&run(&data, &["search", "پوتن", "--json"])).unwrap();
    let articles =
        serde_json::from_str::<Value>(&run(&data, &["stats", "--json"])).unwrap()["articles"]
            .clone();

    // Filled to the last byte.
    let fill = disk.path().join("fill");
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=1M", "count=100"])
        .arg(format!("of={}", fill.display()))
        .output()
        .unwrap();
    assert_readable(&data, &hits["total"]);
    let input = tempfile::tempdir().unwrap();
    let (ok, _, err) = attempt(
        &data,
        &["ingest", one_article(input.path()).to_str().unwrap()],
    );
    assert!(!ok);
    assert!(
        err.contains("disk full") || err.contains("disk is full"),
        "{err}"
    );

    // Room again: nothing was lost, and writing works.
    std::fs::remove_file(&fill).unwrap();
    let stats: Value = serde_json::from_str(&run(&data, &["stats", "--json"])).unwrap();
    assert_eq!(stats["articles"], articles);
    run(
        &data,
        &["ingest", one_article(input.path()).to_str().unwrap()],
    );
    let (ok, out, _) = attempt(&data, &["check"]);
    assert!(ok && out.contains("no problems found"), "{out}");
}

#[test]
#[ignore = "mounts a small file system (needs root); run by .ci/run"]
fn an_ingest_that_fills_the_disk_keeps_what_it_committed() {
    let disk = tempfile::tempdir().unwrap();
    let _tmpfs = Mount::new(&["-t", "tmpfs", "-o", "size=12m", "tmpfs"], disk.path());
    let data = disk.path().join("data");
    let input = tempfile::tempdir().unwrap();
    let corpus = input.path().join("many.jsonl");
    let texts: Vec<String> = std::fs::read_dir(repo_root().join("samples/voa"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let lines: Vec<String> = (0..3000)
        .map(|i| {
            serde_json::json!({"id": format!("m{i}"), "title": "خبر", "text": format!("{}\n\nنشان{i}", texts[i % texts.len()])})
                .to_string()
        })
        .collect();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let (ok, _, err) = attempt(
        &data,
        &["ingest", corpus.to_str().unwrap(), "--batch", "100"],
    );
    assert!(!ok, "the disk should have filled up");
    assert!(
        err.contains("disk is full") || err.contains("disk full"),
        "{err}"
    );
    let stats: Value = serde_json::from_str(&run(&data, &["stats", "--json"])).unwrap();
    let stored = stats["articles"].as_u64().unwrap();
    assert!(stored > 0 && stored < 3000, "{stored}");
    let (_, out, _) = attempt(&data, &["check"]);
    assert!(
        !out.contains("store: SQLite finds the file damaged"),
        "{out}"
    );
}
