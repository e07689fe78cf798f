//! The query target: a real tantivy index of VOA sample articles, built
//! once per process, searched with the fuzzer's string; each hit's title
//! and text are marked and cut into a snippet as the corpus does.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use khabar_ingest::Item;
use khabar_search::{Filters, IndexedArticle, SearchIndex};
use khabar_text::ScriptOnly;

/// The sample articles: every `SAMPLE_STEP`th file of `samples/voa`.
const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples/voa");
const SAMPLE_STEP: usize = 6;
/// As in `khabar_corpus::search`.
const SNIPPET_CHARS: usize = 200;
const LIMIT: usize = 10;

struct Fixture {
    index: SearchIndex,
    /// Each article's title and display text, by id.
    articles: HashMap<String, (String, String)>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(build);

/// Indexes the sample articles' display texts (as the corpus stores them)
/// in a temporary directory. The directory is removed once the index is
/// loaded: the searcher keeps its files mapped, and a fuzzer that starts
/// thousands of processes leaves nothing behind.
fn build() -> Fixture {
    let mut files: Vec<_> = std::fs::read_dir(SAMPLES)
        .unwrap_or_else(|e| panic!("{SAMPLES}: {e}"))
        .map(|entry| entry.expect("a sample file").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let index = SearchIndex::open(dir.path()).expect("a new index");
    let mut writer = index.writer(1, 15_000_000).expect("an index writer");
    let mut articles = HashMap::new();
    for path in files.iter().step_by(SAMPLE_STEP) {
        let (id, title, text, day) = sample(path);
        writer
            .add(&IndexedArticle {
                id: &id,
                title: &title,
                body: &text,
                source: "voa",
                day,
            })
            .expect("an indexed article");
        articles.insert(id, (title, text));
    }
    writer.commit(articles.len() as u64).expect("a commit");
    writer.finish().expect("merges finished");
    index.reload().expect("a reloaded index");
    assert!(
        index.num_docs() > 10,
        "too few sample articles in {SAMPLES}"
    );
    drop(dir);
    Fixture { index, articles }
}

/// A sample file's id (its name), title, display text and publication day.
fn sample(path: &Path) -> (String, String, String, Option<i64>) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let record = match khabar_ingest::read_bytes(&name, bytes).next() {
        Some(Item::Article(record)) => record,
        other => panic!("{name}: not an article: {other:?}"),
    };
    let text = khabar_text::analyze(&record.text, &ScriptOnly).text;
    let day = record.published.map(khabar_corpus::day::publication_day);
    (name, record.title.unwrap_or_default(), text, day)
}

/// Runs `query`; an error is an answer, a panic is not. Every hit is a
/// sample article, and its marks and snippet slice their text.
pub(crate) fn query(query: &str) {
    let fixture = &*FIXTURE;
    let Ok(results) = fixture.index.search(query, &Filters::default(), LIMIT) else {
        return;
    };
    assert!(
        results.hits.len() <= LIMIT && results.total >= results.hits.len(),
        "{} hits of {} for {query:?}",
        results.hits.len(),
        results.total
    );
    for hit in &results.hits {
        let Some((title, text)) = fixture.articles.get(&hit.id) else {
            panic!("hit {:?} is no sample article, for {query:?}", hit.id);
        };
        for text in [title, text] {
            let marks = results.highlighter.matches(text);
            check_marks(text, &marks, query);
            let snippet = results.highlighter.snippet(text, SNIPPET_CHARS);
            check_marks(&snippet.text, &snippet.highlights, query);
            snippet.to_html();
        }
    }
}

/// Marks are non-empty spans of `text` at character boundaries, in order.
fn check_marks(text: &str, marks: &[Range<usize>], query: &str) {
    let mut previous_end = 0;
    for mark in marks {
        assert!(
            mark.start < mark.end
                && mark.end <= text.len()
                && text.is_char_boundary(mark.start)
                && text.is_char_boundary(mark.end)
                && mark.start >= previous_end,
            "mark {mark:?} (after {previous_end}) in {text:?}, for {query:?}"
        );
        previous_end = mark.end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_index_answers_with_hits_and_marks() {
        let fixture = &*FIXTURE;
        let results = fixture
            .index
            .search("پاکستان", &Filters::default(), LIMIT)
            .unwrap();
        assert_eq!(results.hits.len(), LIMIT, "{}", results.total);
        let (_, text) = &fixture.articles[&results.hits[0].id];
        assert!(!results.highlighter.matches(text).is_empty());
        query("پاکستان \"وائس آف امریکہ\"");
    }
}
