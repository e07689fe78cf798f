//! The span invariants of an analysis and of the facts found in it: every
//! paragraph, sentence, token, entity mention and date slices the display
//! text at character boundaries, is not empty, and comes in order.

use khabar_corpus::facts::{self, Facts};
use khabar_text::{Analysis, ScriptOnly, normalize};
use time::Date;

/// The publication date that `analyze` resolves dates against.
pub(crate) const PUBLISHED: Date = time::macros::date!(2024 - 11 - 08);

/// Analyzes `raw` with the script alone telling languages, finds the facts
/// as the corpus does, and checks every span of both.
pub(crate) fn analyze_and_check(raw: &str, published: Option<Date>) -> (Analysis, Facts) {
    let analysis = khabar_text::analyze(raw, &ScriptOnly);
    check_analysis(&analysis, raw);
    let facts = facts::extract(&analysis, published);
    check_facts(&analysis, &facts, raw);
    (analysis, facts)
}

/// `start..end` is a non-empty span of `text` at character boundaries.
fn slices(text: &str, start: usize, end: usize) -> bool {
    start < end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

/// Paragraphs, sentences and tokens: spans of the display text in order,
/// each token's norm a span of the analysis text that is the folded form of
/// what the token covers.
pub(crate) fn check_analysis(a: &Analysis, raw: &str) {
    let text = &a.text;
    // What is stored and shown: a NUL or an escape sequence in the input
    // (a JSON "\u0000", a stray byte) never reaches it.
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a control character in the display text, from {raw:?}"
    );
    let mut previous_end = 0;
    for p in &a.paragraphs {
        assert!(
            slices(text, p.start, p.end) && p.start >= previous_end,
            "paragraph {}..{} in a text of {} bytes (after {previous_end}), from {raw:?}",
            p.start,
            p.end,
            text.len()
        );
        previous_end = p.end;
    }
    previous_end = 0;
    for s in &a.sentences {
        assert!(
            slices(text, s.start, s.end) && s.start >= previous_end,
            "sentence {}..{} in a text of {} bytes (after {previous_end}), from {raw:?}",
            s.start,
            s.end,
            text.len()
        );
        previous_end = s.end;
    }
    previous_end = 0;
    for t in &a.tokens {
        assert!(
            slices(text, t.start, t.end) && t.start >= previous_end,
            "token {}..{} in a text of {} bytes (after {previous_end}), from {raw:?}",
            t.start,
            t.end,
            text.len()
        );
        previous_end = t.end;
        assert!(
            t.norm_start <= t.norm_end
                && t.norm_end <= a.normalized.len()
                && a.normalized.is_char_boundary(t.norm_start)
                && a.normalized.is_char_boundary(t.norm_end),
            "token norm {}..{} in an analysis text of {} bytes, from {raw:?}",
            t.norm_start,
            t.norm_end,
            a.normalized.len()
        );
        assert_eq!(
            normalize::fold(&text[t.start..t.end]),
            a.norm(t),
            "the norm of token {}..{} is not its folded form, from {raw:?}",
            t.start,
            t.end
        );
    }
}

/// Entity mentions and dates: spans of the display text, each within the
/// sentence it names.
pub(crate) fn check_facts(a: &Analysis, facts: &Facts, raw: &str) {
    let text = &a.text;
    let in_sentence = |sentence: usize, start: usize, end: usize| {
        a.sentences
            .get(sentence)
            .is_some_and(|s| s.start <= start && end <= s.end)
    };
    for m in &facts.mentions {
        assert!(
            slices(text, m.start, m.end),
            "mention {}..{} in a text of {} bytes, from {raw:?}",
            m.start,
            m.end,
            text.len()
        );
        assert_eq!(
            m.text,
            text[m.start..m.end],
            "mention {}..{} is not its text, from {raw:?}",
            m.start,
            m.end
        );
        assert!(
            in_sentence(m.sentence, m.start, m.end),
            "mention {}..{} is not in its sentence {}, from {raw:?}",
            m.start,
            m.end,
            m.sentence
        );
        assert!(
            !m.name.is_empty(),
            "mention {m:?} without a name, from {raw:?}"
        );
    }
    for d in &facts.dates {
        assert!(
            slices(text, d.start, d.end),
            "date {}..{} in a text of {} bytes, from {raw:?}",
            d.start,
            d.end,
            text.len()
        );
        assert!(
            in_sentence(d.sentence, d.start, d.end),
            "date {}..{} is not in its sentence {}, from {raw:?}",
            d.start,
            d.end,
            d.sentence
        );
    }
}
