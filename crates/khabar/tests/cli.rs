//! The command line on the repository's own samples and on bad input.

mod common;

use common::*;

#[test]
fn analyze_json_has_every_field_with_exact_offsets() {
    let a = analyze_json(&repo_root().join("samples/voa/pakistan-india-statement.txt"));
    for key in [
        "text",
        "normalized",
        "paragraphs",
        "sentences",
        "tokens",
        "entities",
        "dates",
    ] {
        assert!(!a[key].is_null(), "missing {key}");
    }
    assert_offsets_slice_text(&a);
    let languages: Vec<&str> = a["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["language"].as_str().unwrap())
        .collect();
    assert!(languages.contains(&"ur"));
    // The RFC 822 date line is English and set aside: no token comes from it.
    assert!(languages.contains(&"en"));
    assert!(!norms(&a).iter().any(|n| n == "GMT" || n == "Sep"));
    let text = a["text"].as_str().unwrap();
    assert!(!text.contains("Print"), "VOA print button left in the text");
    assert!(
        text.contains("اتوار کو دفتر خارجہ کے ترجمان"),
        "hard-wrapped خا/رجہ not rejoined"
    );
}

#[test]
fn hard_wrapped_words_come_back_whole() {
    let a = analyze_json(&repo_root().join("samples/voa/pemra-indian-programmes.txt"));
    let norms = norms(&a);
    assert!(norms.iter().any(|n| n == "زیادہ"));
    assert!(
        !norms.iter().any(|n| n == "زیا" || n == "دہ"),
        "a wrapped word was left in pieces"
    );
    assert!(norms.iter().any(|n| n == "کیونکہ"));
}

#[test]
fn normalize_reads_stdin_line_by_line() {
    let out = khabar(
        &["normalize"],
        "کم جونگ اُن\nپاكستان ۲۰۲۴ کےلئے\n".as_bytes(),
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "کم جونگ ان\nپاکستان 2024 کے لئے\n"
    );
    let out = khabar(
        &["normalize", "--display"],
        "کم جونگ اُن\u{200F}\n".as_bytes(),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "کم جونگ اُن\n");
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("khabar-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs `khabar analyze` on a file holding `bytes`, which must be refused
/// without a panic; returns what khabar said.
fn refusal(name: &str, bytes: &[u8]) -> String {
    let path = temp_file(name, bytes);
    let out = khabar(&["analyze", path.to_str().unwrap(), "--json"], b"");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn invalid_utf8_is_refused_naming_the_file() {
    let err = refusal("latin1.txt", b"caf\xE9 \xD9\x86");
    assert!(
        err.contains("latin1.txt") && err.contains("not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn binary_data_is_refused_naming_the_file() {
    let err = refusal(
        "junk.bin",
        &[0x7F, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0xFF, 0xFE],
    );
    assert!(
        err.contains("junk.bin") && err.contains("binary data"),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = khabar(&["analyze", "no/such/file.txt"], b"");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt: cannot read"));
}

#[test]
fn an_empty_file_gives_an_empty_analysis() {
    let a = analyze_json(&temp_file("empty.txt", b""));
    assert_eq!(a["text"], "");
    assert_eq!(a["sentences"].as_array().unwrap().len(), 0);
    assert_eq!(a["tokens"].as_array().unwrap().len(), 0);
}

#[test]
fn a_fifty_megabyte_single_line_is_analyzed() {
    let sentence = "روسی صدر پوتین چوبیس سال بعد پہلی مرتبہ شمالی کوریا آئے ہیں۔";
    let line = sentence.repeat(50_000_000 / sentence.len() + 1);
    let out = khabar(&["analyze", "-"], line.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    let first = summary.lines().next().unwrap();
    let sentences = 50_000_000 / sentence.len() + 1;
    assert!(
        first.starts_with(&format!("1 paragraphs (1 Urdu), {sentences} sentences")),
        "{first}"
    );
}

#[test]
fn the_readme_example_is_what_analyze_prints() {
    let input =
        "اسلام آباد ۔ یکم دسمبر (اے پی پی) وزیراعظم نے کہا ہے۔روسی صدر پوتین سمیت29 ممالک کےلئے\n";
    let out = khabar(
        &["analyze", "--json", "--published", "2016-12-01"],
        input.as_bytes(),
    );
    assert!(out.status.success());
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    for key in ["text", "normalized"] {
        let value = a[key].as_str().unwrap();
        assert!(
            readme.contains(&format!("\"{key}\": \"{value}\"")),
            "README's {key} is out of date: {value}"
        );
    }
    assert_eq!(
        a["sentences"],
        serde_json::json!([{"start": 0, "end": 93}, {"start": 94, "end": 153}])
    );
    let dates = r#"[{"start": 23, "end": 40, "value": "2016-12-01", "end_value": null, "text": "یکم دسمبر"}]"#;
    assert!(
        readme.contains(&format!("\"dates\": {dates}")),
        "README's dates are out of date"
    );
    assert_eq!(
        a["dates"],
        serde_json::from_str::<serde_json::Value>(dates).unwrap()
    );
    let entities = r#"[{"start": 0, "end": 19, "text": "اسلام آباد", "type": "LOC", "entity": "اسلام آباد"},
              {"start": 110, "end": 120, "text": "پوتین", "type": "PER", "entity": "پوتین"}]"#;
    assert!(
        readme.contains(&format!("\"entities\": {entities}")),
        "README's entities are out of date"
    );
    assert_eq!(
        a["entities"],
        serde_json::from_str::<serde_json::Value>(entities).unwrap()
    );
    assert_offsets_slice_text(&a);
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["analyze", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader closes before khabar writes its (large) output.
    drop(child.stdout.take());
    let input = "روسی صدر پوتین شمالی کوریا آئے ہیں۔ ".repeat(20_000);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
