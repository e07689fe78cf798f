//! From the raw text of one document to its paragraphs: lines rejoined,
//! web boilerplate removed.
//!
//! Two layouts occur. Ordinary text has one paragraph per line (or blank
//! lines between paragraphs). Dumps made by text browsers, like the BBC and
//! VOA archives, are hard-wrapped: every line of a paragraph is cut at the
//! same width, in the middle of a word when that is where the width ends,
//! and the last line of a paragraph is padded on the left (right-aligned).
//! Such a dump keeps the space at a break on one side of it, so a break with
//! no space on either side is inside a word; only at a padded line is the
//! space lost, and there the words on both sides decide (see [`join_padded`]).

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;
use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use crate::chars;
use crate::lexicon;
use crate::normalize::fold;

/// The paragraphs of a raw document, boilerplate removed, each on one line.
pub fn paragraphs(raw: &str) -> Vec<String> {
    let text = unify_newlines(raw);
    let text = text.as_ref();
    let lines: Vec<&str> = text.split('\n').collect();
    let paragraphs = if is_hard_wrapped(&lines) {
        unwrap_paragraphs(text, &lines)
    } else {
        lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    remove_boilerplate(paragraphs)
}

/// The text with CR LF and lone CR turned into LF (borrowed if it has none).
fn unify_newlines(raw: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut copied = 0;
    for at in memchr::memchr_iter(b'\r', raw.as_bytes()) {
        out.push_str(&raw[copied..at]);
        if raw.as_bytes().get(at + 1) != Some(&b'\n') {
            out.push('\n');
        }
        copied = at + 1;
    }
    out.push_str(&raw[copied..]);
    Cow::Owned(out)
}

/// Whether a document is hard-wrapped: many lines of exactly one length (in
/// characters), and (almost) none longer.
fn is_hard_wrapped(lines: &[&str]) -> bool {
    let mut counts: HashMap<usize, usize> = HashMap::default();
    let mut non_blank = 0;
    for line in lines.iter().filter(|l| !l.trim().is_empty()) {
        non_blank += 1;
        *counts.entry(line.chars().count()).or_default() += 1;
    }
    let Some((&width, &count)) = counts.iter().max_by_key(|(len, count)| (**count, **len)) else {
        return false;
    };
    let longer: usize = counts
        .iter()
        .filter(|(len, _)| **len > width)
        .map(|(_, n)| n)
        .sum();
    width >= 40 && count >= 3 && count * 3 >= non_blank && longer * 20 <= non_blank.max(20)
}

/// Paragraphs of a hard-wrapped document: blank lines separate paragraphs,
/// and the lines of a paragraph are joined at their breaks.
fn unwrap_paragraphs(text: &str, lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev: Option<&str> = None;
    for &line in lines {
        if line.trim().is_empty() {
            push_paragraph(&mut out, &mut current);
            prev = None;
            continue;
        }
        if let Some(prev_line) = prev {
            let padded = line.starts_with("  ");
            let word_break = prev_line.ends_with(char::is_whitespace)
                || line.starts_with(char::is_whitespace) && !padded;
            let separate =
                word_break || (padded && !join_padded(prev_line, line, neighbourhood(text, line)));
            if separate && !current.ends_with(' ') {
                current.push(' ');
            }
        }
        current.push_str(if prev.is_none() {
            line.trim_start()
        } else {
            line.trim()
        });
        if line.ends_with(char::is_whitespace) {
            current.push(' ');
        }
        prev = Some(line);
    }
    push_paragraph(&mut out, &mut current);
    out
}

/// Moves the paragraph built in `current` (trimmed, if not empty) to `out`.
fn push_paragraph(out: &mut Vec<String>, current: &mut String) {
    current.truncate(current.trim_end().len());
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

/// How far around a break [`join_padded`] looks for the pieces' spelling:
/// the article the break is in, not a whole dump of thousands (which would
/// make the search quadratic).
const NEIGHBOURHOOD_BYTES: usize = 16 * 1024;

/// The text within [`NEIGHBOURHOOD_BYTES`] of `line`, a slice of `text`.
fn neighbourhood<'t>(text: &'t str, line: &str) -> &'t str {
    let at = (line.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let mut start = at.saturating_sub(NEIGHBOURHOOD_BYTES);
    let mut end = (at + line.len() + NEIGHBOURHOOD_BYTES).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

/// How often `phrase` stands as whole words inside a line of `text`: a
/// piece of a word cut at a line break does not count, since a line break
/// is not a word edge.
fn occurrences(text: &str, phrase: &str) -> usize {
    let is_edge = |c: Option<char>| {
        c.is_some_and(|c| c != '\n' && !chars::is_arabic_word_char(c) && !c.is_alphanumeric())
    };
    memmem::find_iter(text.as_bytes(), phrase.as_bytes())
        .filter(|&at| {
            is_edge(text[..at].chars().next_back())
                && is_edge(text[at + phrase.len()..].chars().next())
        })
        .count()
}

/// Whether the last word of `before` and the first word of the padded line
/// `after` are two pieces of one word: when their letters do not tell, how
/// the text around them writes them elsewhere does, then the lexicon.
fn join_padded(before: &str, after: &str, text: &str) -> bool {
    let (Some(x), Some(y)) = (
        before.split_whitespace().next_back(),
        after.split_whitespace().next(),
    ) else {
        return false;
    };
    if y.chars().next().is_some_and(chars::cannot_start_word) {
        return true;
    }
    let is_fragment = |w: &str| w.chars().count() == 1 && w != "و";
    if is_fragment(x) || is_fragment(y) {
        return true;
    }
    let joined = format!("{x}{y}");
    let together = occurrences(text, &joined);
    let apart = occurrences(text, &format!("{x} {y}"));
    if together > apart {
        return true;
    }
    if apart > 0 {
        return false;
    }
    // Neither form occurs elsewhere in the document: the lexicon decides.
    let known = |w: &str| lexicon::contains(&fold(w)) || occurrences(text, w) > 0;
    let (known_x, known_y) = (known(x), known(y));
    (lexicon::contains(&fold(&joined)) && !(known_x && known_y)) || (!known_x && !known_y)
}

/// Phrases that are page furniture wherever they stand, with the phrase that
/// ends them when they open a run of share buttons.
const INLINE_BOILERPLATE: &[(&str, Option<&str>)] = &[
    ("اس پوسٹ کو شیئر کریں", Some("اس لنک کو کاپی کیجیے")),
    ("Print تبصرے دیکھیں", None),
    ("تبصرے دیکھیں", None),
    ("تبصرے دکھائیں", None),
    // VOA's print button, left between the photo caption and the article.
    ("Print", None),
];

/// Whole paragraphs that are page furniture, compared case-insensitively
/// after trimming symbols (besides [`TAIL_MARKERS`]): comment prompts,
/// share rows, "read also" links.
const PARAGRAPH_BOILERPLATE: &[&str] = &[
    "اپنی رائے کا اظہار کریں",
    "تبصرہ کریں",
    "یہ بھی پڑھیں",
    "مزید پڑھیں",
    "اشتہار",
    "شیئر کریں",
    "leave a comment",
    "share this",
    "like this",
    "related",
    "related posts",
    "advertisement",
    "print",
];

/// Paragraphs that start page furniture and end the article with them.
const TAIL_MARKERS: &[&str] = &["اپنا تبصرہ بھیجیں", "leave a reply", "source link"];

/// Beginnings of paragraphs that are furniture whatever follows.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "join our facebook group",
    "your email address will not be published",
    "required fields are marked",
    "follow us on",
    "subscribe to",
    "all rights reserved",
    "copyright ©",
    "جملہ حقوق",
];

/// Words of a share-button row.
const SHARE_WORDS: &[&str] = &[
    "facebook",
    "twitter",
    "whatsapp",
    "messenger",
    "email",
    "e-mail",
    "print",
    "share",
    "linkedin",
    "telegram",
    "pinterest",
    "reddit",
    "فیس",
    "بک",
    "ٹوئٹر",
    "ٹویٹر",
    "واٹس",
    "وٹس",
    "ایپ",
    "ای",
    "میل",
    "شیئر",
    "گوگل",
    "پلس",
    "کریں",
    "پرنٹ",
];

/// Boilerplate paragraphs are short; longer ones are checked by their start.
const BOILERPLATE_MAX_BYTES: usize = 300;

fn remove_boilerplate(mut paragraphs: Vec<String>) -> Vec<String> {
    let furniture_follows = furniture_follows(&paragraphs);
    let mut out: Vec<String> = Vec::with_capacity(paragraphs.len());
    for index in 0..paragraphs.len() {
        let paragraph = &paragraphs[index];
        if may_be_furniture(paragraph) {
            let key = boilerplate_key(paragraph);
            if TAIL_MARKERS.contains(&key.as_str()) && furniture_follows[index] {
                break;
            }
            if is_boilerplate_paragraph(&key, paragraph.len() <= BOILERPLATE_MAX_BYTES) {
                continue;
            }
        }
        let stripped = strip_inline_boilerplate(std::mem::take(&mut paragraphs[index]));
        if !stripped.is_empty() {
            out.push(stripped);
        }
    }
    out
}

/// The first words of every kind of furniture paragraph (lower case).
static FURNITURE_FIRST_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let phrases = PARAGRAPH_BOILERPLATE
        .iter()
        .chain(TAIL_MARKERS)
        .chain(BOILERPLATE_PREFIXES);
    let first_words = phrases.filter_map(|p| p.split(' ').next());
    first_words
        .chain(SHARE_WORDS.iter().copied())
        .chain(["by"])
        .collect()
});

/// Whether a paragraph begins like furniture: a cheap test before the
/// whole key is built.
fn may_be_furniture(paragraph: &str) -> bool {
    let start = paragraph.trim_start_matches(|c: char| !c.is_alphanumeric());
    let first = start.split(char::is_whitespace).next().unwrap_or("");
    first.is_empty()
        || FURNITURE_FIRST_WORDS.contains(first)
        || (first.is_ascii() && FURNITURE_FIRST_WORDS.contains(first.to_ascii_lowercase().as_str()))
}

/// The start of a paragraph in lower case without the symbols that pages
/// wrap around furniture (">Source link>", "Required fields are marked *").
fn boilerplate_key(paragraph: &str) -> String {
    let start = match paragraph.char_indices().nth(BOILERPLATE_MAX_BYTES) {
        Some((end, _)) => &paragraph[..end],
        None => paragraph,
    };
    // Urdu has no case, and the English furniture is ASCII.
    start
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// Whether a paragraph is furniture, judged by its key (its start, up to
/// [`BOILERPLATE_MAX_BYTES`]); `whole` when the key holds all of it.
fn is_boilerplate_paragraph(key: &str, whole: bool) -> bool {
    if BOILERPLATE_PREFIXES.iter().any(|p| key.starts_with(p)) {
        return true;
    }
    if !whole {
        return false;
    }
    if key.is_empty() || PARAGRAPH_BOILERPLATE.contains(&key) || TAIL_MARKERS.contains(&key) {
        return true;
    }
    // A byline: "By hassani", "By Staff Reporter"
    if let Some(name) = key.strip_prefix("by ")
        && name.split_whitespace().count() <= 3
        && name
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '.')
    {
        return true;
    }
    let words: Vec<&str> = key.split_whitespace().collect();
    words.len() >= 2 && words.iter().all(|w| SHARE_WORDS.contains(w))
}

/// For each paragraph, whether everything after it is short lines only,
/// which is what page furniture after a tail marker looks like.
fn furniture_follows(paragraphs: &[String]) -> Vec<bool> {
    let mut follows = vec![true; paragraphs.len()];
    for index in (0..paragraphs.len().saturating_sub(1)).rev() {
        follows[index] = follows[index + 1] && paragraphs[index + 1].chars().count() < 200;
    }
    follows
}

/// Every inline phrase holds one of these words: one pass for each
/// instead of one for each phrase.
const INLINE_BOILERPLATE_WORDS: [&str; 3] = ["تبصرے", "شیئر", "Print"];

static INLINE_BOILERPLATE_FINDERS: LazyLock<[memmem::Finder<'static>; 3]> =
    LazyLock::new(|| INLINE_BOILERPLATE_WORDS.map(memmem::Finder::new));

fn strip_inline_boilerplate(mut text: String) -> String {
    if !INLINE_BOILERPLATE_FINDERS
        .iter()
        .any(|w| w.find(text.as_bytes()).is_some())
    {
        return text;
    }
    for &(start, end) in INLINE_BOILERPLATE {
        let mut found = memmem::find_iter(text.as_bytes(), start.as_bytes()).peekable();
        if found.peek().is_none() {
            continue;
        }
        let mut kept = String::with_capacity(text.len());
        let mut copied = 0;
        for from in found {
            if from < copied {
                continue; // inside a run already removed
            }
            let to = end
                .and_then(|e| find_within(&text, from, INLINE_RUN_MAX_BYTES, e))
                .unwrap_or(from + start.len());
            if is_whole_words(&text, from, to) {
                kept.push_str(&text[copied..from]);
                // Take the space after the phrase with it.
                copied = if text[to..].starts_with(' ') {
                    to + 1
                } else {
                    to
                };
            }
        }
        kept.push_str(&text[copied..]);
        text = kept;
    }
    text.trim().to_string()
}

/// A run of share buttons is at most this long.
const INLINE_RUN_MAX_BYTES: usize = 400;

/// The end of the first `phrase` that ends within `limit` bytes of `from`.
fn find_within(text: &str, from: usize, limit: usize, phrase: &str) -> Option<usize> {
    let window = &text.as_bytes()[from..(from + limit).min(text.len())];
    memmem::find(window, phrase.as_bytes()).map(|at| from + at + phrase.len())
}

/// Whether `text[from..to]` neither starts nor ends inside a word.
fn is_whole_words(text: &str, from: usize, to: usize) -> bool {
    let before = text[..from].chars().next_back();
    let after = text[to..].chars().next();
    before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lone_cr_become_newlines() {
        assert_eq!(unify_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(unify_newlines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_become_paragraphs_and_blank_lines_vanish() {
        let raw = "پہلا پیرا یہاں ہے۔\r\n\r\nدوسرا پیرا\n  \n";
        assert_eq!(paragraphs(raw), ["پہلا پیرا یہاں ہے۔", "دوسرا پیرا"]);
    }

    /// A hard-wrapped VOA paragraph (public domain), width 70, cut mid-word.
    const WRAPPED: &str = concat!(
        "                     'بھارت بے بنیاد الزامات سے پاکستان کو بدنام کرنے'\n",
        "\n",
        "اتوار کو دفتر خا\n",
        "رجہ کے ترجمان نفیس ذکریا نے ایک بیان میں کہا کہ اعلیٰ ترین سیاسی سطح پ\n",
        "ر \"غیر ذمہ دارانہ رویہ قابل افسوس ہے۔\"\n",
        "\n",
        "بھارتی وزیراعظم نریندر مودی ن\n",
        "ے ہفتہ کو کیرالہ میں اپنی جماعت بھارتیہ جنتا پارٹی کے ایک جلسے سے خطاب\n",
        " کرتے ہوئے کہا تھا کہ پاکستان خطے میں دہشت گرد \"برآمد\" کر رہا ہے اور \n",
        "وہ سفارتی طور پر اپنے اس پڑوسی ملک کو بین الاقوامی برادری میں تنہا کر \n",
        "دیں گے۔\n",
        "\n",
        "ایک صحت مند فرد میں کم وقت میں زیادہ پانی پینا خطرناک ثابت ہوا، زیا\n",
        "                                         دہ پانی پینا خطرناک ثابت ہوا۔\n",
    );

    #[test]
    fn hard_wrapped_words_come_back_whole() {
        let p = paragraphs(WRAPPED);
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(
            p[1].starts_with("اتوار کو دفتر خارجہ کے ترجمان"),
            "{}",
            p[1]
        );
        assert!(p[1].contains("سیاسی سطح پر \"غیر ذمہ"), "{}", p[1]);
        assert!(
            p[2].starts_with("بھارتی وزیراعظم نریندر مودی نے ہفتہ"),
            "{}",
            p[2]
        );
        assert!(p[2].contains("خطاب کرتے ہوئے"), "{}", p[2]);
        assert!(p[2].ends_with("تنہا کر دیں گے۔"), "{}", p[2]);
        // The right-aligned last line was padded: the lexicon decides.
        assert!(p[3].contains("ہوا، زیادہ پانی"), "{}", p[3]);
    }

    #[test]
    fn padded_line_after_a_whole_word_stays_separate() {
        let text = "ایک اعترافی بیان کو پہلے ہی مسترد کر چکا ہے۔";
        assert!(!join_padded(
            "بھارت کلبھوشن یادوو کے",
            "      اعترافی بیان کو",
            text
        ));
        assert!(join_padded("ایک صحت مند زیا", "      دہ پانی پینا", text));
        assert!(join_padded("اس کی ک", "      ے ساتھ", text));
    }

    #[test]
    fn the_neighbourhood_of_a_line_is_a_window_of_the_text() {
        let text = format!("{}\nزیا\n{}", "ا".repeat(20_000), "ب".repeat(20_000));
        let line = text.lines().nth(1).unwrap();
        let around = neighbourhood(&text, line);
        assert!(around.contains("زیا"));
        assert!(around.len() <= 2 * NEIGHBOURHOOD_BYTES + line.len() + 2);
        assert_eq!(neighbourhood("کم", "کم"), "کم");
    }

    #[test]
    fn pieces_cut_at_a_line_break_are_not_whole_words() {
        let text = "بہت زیا\nدہ پانی، زیادہ پانی اور زیادہ";
        assert_eq!(occurrences(text, "زیا"), 0);
        assert_eq!(occurrences(text, "زیادہ"), 1);
        assert_eq!(occurrences(text, "پانی"), 2);
    }

    #[test]
    fn trailing_comment_prompt_is_dropped() {
        let raw = "روس نے دلچسپی ظاہر کی ہے۔\n\nاپنا تبصرہ بھیجیں";
        assert_eq!(paragraphs(raw), ["روس نے دلچسپی ظاہر کی ہے۔"]);
    }

    #[test]
    fn blog_repost_furniture_is_dropped() {
        let raw = "ایران نے ڈرون فراہم کیے ہیں۔\n\n\n\n>Source link>\n\n>>Join our Facebook Group be part of community. <<\n\nBy hassani\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *";
        assert_eq!(paragraphs(raw), ["ایران نے ڈرون فراہم کیے ہیں۔"]);
    }

    #[test]
    fn share_rows_and_comment_links_are_removed_inline() {
        let raw = "اس پوسٹ کو شیئر کریں ای میل فیس بک Messenger Messenger ٹوئٹر گوگل پلس وٹس ایپ اس لنک کو کاپی کیجیے جب آپ بیمار ہوتے ہیں";
        assert_eq!(paragraphs(raw), ["جب آپ بیمار ہوتے ہیں"]);
        let raw = "اعتزاز احسن (فائل فوٹو) Print تبصرے دیکھیں اعتزاز احسن نے کہا";
        assert_eq!(
            paragraphs(raw),
            ["اعتزاز احسن (فائل فوٹو) اعتزاز احسن نے کہا"]
        );
        assert_eq!(paragraphs("فیس بک ٹوئٹر واٹس ایپ"), Vec::<String>::new());
        let raw = "نفیس ذکریا Print پاکستان نے کہا";
        assert_eq!(paragraphs(raw), ["نفیس ذکریا پاکستان نے کہا"]);
        assert_eq!(paragraphs("Printing presses"), ["Printing presses"]);
    }

    #[test]
    fn every_inline_phrase_holds_a_word_that_is_searched_for() {
        for (start, _) in INLINE_BOILERPLATE {
            assert!(
                INLINE_BOILERPLATE_WORDS.iter().any(|w| start.contains(w)),
                "{start}"
            );
        }
    }

    #[test]
    fn many_markers_and_phrases_take_linear_time() {
        // Quadratic versions of these took minutes; linear ones take no time.
        let markers = "Source link\n".repeat(50_000);
        assert_eq!(paragraphs(&markers), Vec::<String>::new());
        let prints = "خبر Print ".repeat(200_000);
        let kept = paragraphs(&prints);
        assert_eq!(kept.len(), 1);
        assert!(!kept[0].contains("Print") && kept[0].starts_with("خبر خبر"));
    }

    #[test]
    fn a_tail_marker_inside_the_article_does_not_cut_it() {
        let long = "یہ ایک طویل پیرا ہے ".repeat(20);
        let raw = format!("Source link\n\n{long}");
        assert_eq!(paragraphs(&raw).len(), 1);
    }
}
