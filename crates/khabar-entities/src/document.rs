//! The entity mentions of one document.
//!
//! The tagger (`khabar-ner`) reads each sentence; then the document is read
//! as a whole, the way a reader does:
//! - after an honorific (مسٹر، مسز، جناب) comes a person ("مسٹر کم"), even
//!   when the name is also a common word;
//! - a name the document gives once is the same name wherever it recurs
//!   (untagged repeats are tagged), unless it is a common word alone (کم
//!   stays "less" in "کم از کم");
//! - mentions with one key (spellings, diacritics) form one chain, whose
//!   type is the one most of its mentions have;
//! - a short form of a person ("پوٹن", "مسٹر کم") joins the chain of the
//!   fuller name that begins or ends with it ("ولادیمیر پوٹن", "کم جونگ
//!   ان").
//!
//! Each mention carries the document's name for its chain (the fullest
//! form), which is what the corpus resolves across documents.

use std::sync::LazyLock;

use khabar_ner::{EntityType, Tagger};
use khabar_text::normalize::fold;
use khabar_text::spelling::skeleton_into;
use khabar_text::{Analysis, TokenKind, lexicon};
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::Votes;
use crate::names::NameKey;
use crate::places::Places;

/// Words after which a person's name always follows.
const HONORIFICS: &[&str] = &["مسٹر", "مسز", "جناب", "محترمہ", "بیگم"];

/// Titles written before a person's name; a one-word name after one is
/// also listed with it ("صدر پوٹن", "مسٹر کِم") among the entity's
/// spellings.
const TITLES: &[&str] = &[
    "صدر",
    "وزیراعظم",
    "ڈاکٹر",
    "جنرل",
    "سینیٹر",
    "گورنر",
    "جسٹس",
    "شہزادہ",
    "ملکہ",
    "پروفیسر",
    "مولانا",
];

/// Titles after which a run of words up to a function word is a person's
/// name if one of them is not a common word ("شمالی کوریا کے رہنما کم جونگ
/// ان کی ...": the tagger, trained on Indian and Pakistani news, does not
/// know کم جونگ ان). Not صدر: "صدر مملکت", "صدر دفتر"; the tagger knows
/// the names after it.
const RUN_TITLES: &[&str] = &[
    "رہنما",
    "حکمران",
    "سربراہ",
    "جنرل",
    "چیئرمین",
    "گورنر",
    "سفیر",
    "ڈاکٹر",
    "سینیٹر",
    "ترجمان",
    "شہزادہ",
    "بادشاہ",
];
/// The longest name such a run gives, in words.
const RUN_WORDS: usize = 4;

/// Two-word titles: وزیر and a ministry ("وزیر اعظم", "وزیر خارجہ").
const MINISTER: &str = "وزیر";
const MINISTRIES: &[&str] = &["اعظم", "خارجہ", "داخلہ", "دفاع", "خزانہ", "اعلی"];

/// Words that end a name: postpositions, conjunctions, pronouns, the
/// copula.
const STOP_WORDS: &[&str] = &[
    "کا", "کی", "کے", "کو", "نے", "سے", "میں", "پر", "تک", "اور", "یا", "لیکن", "اس", "یہ", "وہ",
    "جو", "جس", "جن", "ہے", "ہیں", "تھا", "تھے", "تھی", "نہیں", "بھی", "نہ", "تو", "ہی",
];

/// Words for facilities that end a place's name ("ووستوخنی کوسموڈروم"), in
/// their usual spellings.
const PLACE_HEADS: &[&str] = &[
    "کوسموڈروم",
    "کاسموڈروم",
    "کوسموڈرم",
    "کاسموڈرم",
    "ایئرپورٹ",
    "ائیرپورٹ",
    "ایرپورٹ",
    "بندرگاہ",
];

/// The shortest compact key that tells a major place by skeleton alone.
const SAFE_PLACE_KEY: usize = 5;
/// The shortest compact key an untagged word is taken for a place by.
const UNTAGGED_PLACE_KEY: usize = 6;

/// Classes of words the rules look for, as bits.
const STOP: u8 = 1;
const HONORIFIC: u8 = 1 << 1;
const TITLE: u8 = 1 << 2;
const RUN_TITLE: u8 = 1 << 3;
const MINISTRY: u8 = 1 << 4;
const MINISTER_WORD: u8 = 1 << 5;
const PLACE_HEAD: u8 = 1 << 6;
/// In the known-word list (set per document, not in `WORD_CLASSES`).
const COMMON: u8 = 1 << 7;

/// Folded word → its classes.
static WORD_CLASSES: LazyLock<FxHashMap<String, u8>> = LazyLock::new(|| {
    let mut classes: FxHashMap<String, u8> = FxHashMap::default();
    let lists: [(&[&str], u8); 7] = [
        (STOP_WORDS, STOP),
        (HONORIFICS, HONORIFIC | TITLE),
        (TITLES, TITLE),
        (RUN_TITLES, RUN_TITLE),
        (MINISTRIES, MINISTRY),
        (&[MINISTER], MINISTER_WORD),
        (PLACE_HEADS, PLACE_HEAD),
    ];
    for (words, class) in lists {
        for word in words {
            *classes.entry(fold(word)).or_default() |= class;
        }
    }
    classes
});

fn word_class(norm: &str) -> u8 {
    WORD_CLASSES.get(norm).copied().unwrap_or(0)
}

/// A document as the rules read it: the analysis and each token's classes.
struct Doc<'a> {
    analysis: &'a Analysis,
    classes: Vec<u8>,
}

impl<'a> Doc<'a> {
    fn new(analysis: &'a Analysis) -> Doc<'a> {
        let classes = analysis
            .tokens
            .iter()
            .map(|t| {
                let norm = analysis.norm(t);
                let common = if t.kind == TokenKind::Word && lexicon::contains(norm) {
                    COMMON
                } else {
                    0
                };
                word_class(norm) | common
            })
            .collect();
        Doc { analysis, classes }
    }

    fn norm(&self, i: usize) -> &'a str {
        self.analysis.norm(&self.analysis.tokens[i])
    }

    fn is(&self, i: usize, class: u8) -> bool {
        self.classes[i] & class != 0
    }

    /// A word that can be part of a name: a word, not a function word.
    fn is_name_word(&self, i: usize) -> bool {
        self.analysis.tokens[i].kind == TokenKind::Word && !self.is(i, STOP)
    }

    fn is_common(&self, i: usize) -> bool {
        self.is(i, COMMON)
    }

    /// Whether token `i` is (part of) a title: اعظم only after وزیر, as
    /// "اعظم سواتی" is a name.
    fn is_title_word(&self, i: usize) -> bool {
        self.is(i, TITLE | RUN_TITLE | MINISTER_WORD)
            || (self.is(i, MINISTRY) && i > 0 && self.is(i - 1, MINISTER_WORD))
    }

    /// Where the title ending at token `i` starts ("صدر", "وزیر اعظم").
    fn title_ending_at(&self, i: usize, class: u8) -> Option<usize> {
        if self.is(i, class) {
            Some(i)
        } else if self.is(i, MINISTRY) && i > 0 && self.is(i - 1, MINISTER_WORD) {
            Some(i - 1)
        } else {
            None
        }
    }
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Byte span of the name in the display text (titles left out).
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type", serialize_with = "serialize_kind")]
    pub kind: EntityType,
    /// The name as written.
    pub text: String,
    /// A one-word name with the title written before it ("مسٹر کم").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub titled: Option<String>,
    /// The fullest form the document gives this entity.
    pub name: String,
    /// The sentence (its index in the analysis).
    pub sentence: usize,
}

fn serialize_kind<S: serde::Serializer>(kind: &EntityType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.code())
}

/// A mention while the document is read: token span and type.
#[derive(Clone, Copy, Debug)]
struct Found {
    sentence: usize,
    /// Token indices into the analysis, end exclusive.
    first: usize,
    end: usize,
    kind: EntityType,
}

/// The entity mentions of an analyzed document, in text order.
pub fn find(analysis: &Analysis, tagger: &Tagger) -> Vec<Mention> {
    let doc = Doc::new(analysis);
    let tokens = &analysis.tokens;
    let ranges = sentence_ranges(analysis);
    let mut found = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for (sentence, &(a, b)) in ranges.iter().enumerate() {
        words.clear();
        words.extend(tokens[a..b].iter().map(|t| &analysis.text[t.start..t.end]));
        // This sentence's mentions are found[from..].
        let from = found.len();
        for (s, e, kind) in tagger.entities(&words) {
            let (mut s, e) = (a + s, a + e);
            // A title the tagger took into a person's name stays outside
            // it, with what comes before it ("روسی صدر پوٹن").
            if kind == EntityType::Person
                && let Some(title) = (s..e - 1).rev().find(|&k| doc.is_title_word(k))
            {
                s = title + 1;
            }
            found.push(Found {
                sentence,
                first: s,
                end: e,
                kind,
            });
        }
        titled_names(&doc, sentence, a, b, &mut found, from);
        place_heads(&doc, sentence, a, b, &mut found, from);
        known_places(&doc, sentence, a, b, &mut found, from);
    }
    repeat_names(&doc, &ranges, &mut found);
    found.sort_by_key(|f| (f.first, std::cmp::Reverse(f.end)));
    found.dedup_by(|later, earlier| later.first < earlier.end);
    chains(&doc, &found)
}

/// Names the tagger missed after an honorific (one word: "مسٹر کم") or a
/// title (a run of words up to a function word, one of them uncommon:
/// "رہنما کم جونگ ان کی").
fn titled_names(
    doc: &Doc,
    sentence: usize,
    a: usize,
    b: usize,
    found: &mut Vec<Found>,
    from: usize,
) {
    let tagged = covered(&found[from..], a, b);
    let free = |k: usize| !tagged[k - a] && doc.is_name_word(k);
    for i in a..b.saturating_sub(1) {
        let next = i + 1;
        if !free(next) {
            continue;
        }
        if doc.is(i, HONORIFIC) {
            found.push(Found {
                sentence,
                first: next,
                end: next + 1,
                kind: EntityType::Person,
            });
        } else if doc.title_ending_at(i, RUN_TITLE).is_some() {
            let end = (next..b.min(next + RUN_WORDS))
                .take_while(|&k| free(k))
                .last()
                .map_or(next, |k| k + 1);
            if (next..end).any(|k| !doc.is_common(k)) {
                found.push(Found {
                    sentence,
                    first: next,
                    end,
                    kind: EntityType::Person,
                });
            }
        }
    }
}

/// Which tokens of the sentence `a..b` the mentions cover.
fn covered(found: &[Found], a: usize, b: usize) -> Vec<bool> {
    let mut covered = vec![false; b - a];
    for f in found {
        covered[f.first.max(a) - a..f.end.min(b) - a].fill(true);
    }
    covered
}

/// The token range of each sentence.
fn sentence_ranges(analysis: &Analysis) -> Vec<(usize, usize)> {
    let tokens = &analysis.tokens;
    let mut at = 0;
    analysis
        .sentences
        .iter()
        .map(|sentence| {
            while at < tokens.len() && tokens[at].start < sentence.start {
                at += 1;
            }
            let first = at;
            while at < tokens.len() && tokens[at].start < sentence.end {
                at += 1;
            }
            (first, at)
        })
        .collect()
}

/// A facility word with an uncommon word before it is a place
/// ("ووستوخنی کوسموڈروم", "واسٹوچنی کوسموڈرم"), whatever the tagger said
/// of its parts.
fn place_heads(
    doc: &Doc,
    sentence: usize,
    a: usize,
    b: usize,
    found: &mut Vec<Found>,
    from: usize,
) {
    for head in a + 1..b {
        let first = head - 1;
        if doc.is(head, PLACE_HEAD) && doc.is_name_word(first) && !doc.is_common(first) {
            let kept: Vec<Found> = found
                .drain(from..)
                .filter(|f| f.end <= first || f.first > head)
                .collect();
            found.extend(kept);
            found.push(Found {
                sentence,
                first,
                end: head + 1,
                kind: EntityType::Location,
            });
        }
    }
}

/// Whether a name spelled with these words (analysis form; `key` is
/// theirs) is a major place: by its exact spelling, or by a compact key long enough to be
/// safe (پٹن, a city, and پوٹن share a short key).
fn major_place<S: AsRef<str>>(words: &[S], key: &NameKey) -> bool {
    let places = Places::embedded();
    let place = places.find_spelling(words).or_else(|| {
        (key.compact.chars().count() >= SAFE_PLACE_KEY)
            .then(|| places.find(key))
            .flatten()
    });
    place.is_some_and(|p| p.major)
}

/// Untagged uncommon words whose long skeleton is a major place's are
/// that place ("ولادیووستوک"); two words are tried before one. Shorter
/// skeletons are left alone: بحری (naval) is also a city in Sudan.
fn known_places(
    doc: &Doc,
    sentence: usize,
    a: usize,
    b: usize,
    found: &mut Vec<Found>,
    from: usize,
) {
    let covered = covered(&found[from..], a, b);
    let open = |k: usize| k < b && !covered[k - a] && doc.is_name_word(k);
    let (mut joined, mut key) = (String::new(), String::new());
    let mut i = a;
    while i < b {
        if !open(i) || doc.is_common(i) {
            i += 1;
            continue;
        }
        let len = [2, 1].into_iter().find(|&n| {
            if !(i..i + n).all(open) {
                return false;
            }
            joined.clear();
            (i..i + n).for_each(|k| joined.push_str(doc.norm(k)));
            // A skeleton has no more letters than the word.
            if joined.chars().count() < UNTAGGED_PLACE_KEY {
                return false;
            }
            key.clear();
            skeleton_into(&joined, &mut key);
            key.chars().count() >= UNTAGGED_PLACE_KEY
                && Places::embedded()
                    .find_compact(&key)
                    .is_some_and(|p| p.major)
        });
        match len {
            Some(n) => {
                found.push(Found {
                    sentence,
                    first: i,
                    end: i + n,
                    kind: EntityType::Location,
                });
                i += n;
            }
            None => i += 1,
        }
    }
}

/// A name without the titles before it ("صدر پوتن" is پوتن), in analysis
/// form; a title alone is kept.
pub fn strip_titles<S: AsRef<str>>(words: &[S]) -> &[S] {
    let mut titles = 0;
    while titles < words.len() {
        let class = word_class(words[titles].as_ref());
        let ministry = titles > 0
            && class & MINISTRY != 0
            && word_class(words[titles - 1].as_ref()) & MINISTER_WORD != 0;
        if class & (TITLE | RUN_TITLE | MINISTER_WORD) == 0 && !ministry {
            break;
        }
        titles += 1;
    }
    if titles < words.len() {
        &words[titles..]
    } else {
        words
    }
}

/// Tags the untagged repeats of the names found, within sentences. A
/// one-word name that is also a common word is not repeated.
fn repeat_names(doc: &Doc, ranges: &[(usize, usize)], found: &mut Vec<Found>) {
    // First word of a name → (the name's words, its type).
    let mut names: FxHashMap<&str, Vec<(Vec<&str>, EntityType)>> = FxHashMap::default();
    for f in found.iter() {
        if f.end - f.first == 1 && doc.is_common(f.first) {
            continue;
        }
        let words: Vec<&str> = (f.first..f.end).map(|k| doc.norm(k)).collect();
        let entry = names.entry(words[0]).or_default();
        if !entry.iter().any(|(w, _)| *w == words) {
            entry.push((words, f.kind));
        }
    }
    if names.is_empty() {
        return;
    }
    let mut tagged = vec![false; doc.classes.len()];
    for f in found.iter() {
        tagged[f.first..f.end].fill(true);
    }
    for (sentence, &(a, b)) in ranges.iter().enumerate() {
        let mut i = a;
        while i < b {
            if tagged[i] || !doc.is_name_word(i) {
                i += 1;
                continue;
            }
            let longest = names.get(doc.norm(i)).and_then(|candidates| {
                candidates
                    .iter()
                    .filter(|(words, _)| {
                        i + words.len() <= b
                            && words.iter().enumerate().all(|(k, w)| doc.norm(i + k) == *w)
                            && !tagged[i..i + words.len()].iter().any(|&t| t)
                    })
                    .max_by_key(|(words, _)| words.len())
            });
            match longest {
                Some((words, kind)) => {
                    found.push(Found {
                        sentence,
                        first: i,
                        end: i + words.len(),
                        kind: *kind,
                    });
                    tagged[i..i + words.len()].fill(true);
                    i += words.len();
                }
                None => i += 1,
            }
        }
    }
}

/// A chain: the mentions with one key.
struct Chain {
    key: NameKey,
    mentions: Vec<usize>,
    /// Mentions per type (person, location, organisation).
    votes: Votes,
    /// The chain this one is a short form of.
    joins: Option<usize>,
    /// A major known place (country, region, large city) has this key.
    known_place: bool,
}

impl Chain {
    fn kind(&self) -> EntityType {
        if self.known_place {
            return EntityType::Location;
        }
        self.votes.winner()
    }
}

/// Groups mentions into chains, joins short forms of persons to fuller
/// names, and writes the mentions out.
fn chains(doc: &Doc, found: &[Found]) -> Vec<Mention> {
    let analysis = doc.analysis;
    let tokens = &analysis.tokens;
    let display = |first: usize, end: usize| -> &str {
        &analysis.text[tokens[first].start..tokens[end - 1].end]
    };
    let mut chains: Vec<Chain> = Vec::new();
    let mut by_compact: FxHashMap<String, usize> = FxHashMap::default();
    let mut chain_of = Vec::with_capacity(found.len());
    for (m, f) in found.iter().enumerate() {
        let norms: Vec<&str> = (f.first..f.end)
            .map(|i| analysis.norm(&tokens[i]))
            .collect();
        let key = NameKey::of(&norms);
        let c = *by_compact.entry(key.compact.clone()).or_insert_with(|| {
            let known_place = major_place(&norms, &key);
            chains.push(Chain {
                key,
                mentions: Vec::new(),
                votes: Votes::default(),
                joins: None,
                known_place,
            });
            chains.len() - 1
        });
        chains[c].mentions.push(m);
        chains[c].votes.add(f.kind, 1);
        chain_of.push(c);
    }
    // Short forms: a person chain whose words begin or end a longer person
    // chain's joins the longer one with the most mentions. Longer chains
    // are indexed by their first and last words.
    let mut parts: FxHashMap<&[String], usize> = FxHashMap::default();
    for (d, chain) in chains.iter().enumerate() {
        let words = &chain.key.words;
        if chain.kind() != EntityType::Person || words.len() < 2 {
            continue;
        }
        let rank = |d: usize| {
            (
                chains[d].mentions.len(),
                chains[d].key.len(),
                usize::MAX - d,
            )
        };
        for n in 1..words.len() {
            for part in [&words[..n], &words[words.len() - n..]] {
                let best = parts.entry(part).or_insert(d);
                if rank(d) > rank(*best) {
                    *best = d;
                }
            }
        }
    }
    let joins: Vec<Option<usize>> = chains
        .iter()
        .map(|chain| {
            (chain.kind() == EntityType::Person)
                .then(|| parts.get(chain.key.words.as_slice()).copied())
                .flatten()
        })
        .collect();
    for (chain, target) in chains.iter_mut().zip(joins) {
        chain.joins = target;
    }
    // The name of a chain: its most frequent display form.
    let names: Vec<String> = chains
        .iter()
        .map(|chain| {
            let mut counts: Vec<(&str, usize)> = Vec::new();
            for &m in &chain.mentions {
                let text = display(found[m].first, found[m].end);
                match counts.iter_mut().find(|(t, _)| *t == text) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((text, 1)),
                }
            }
            // The first of the most frequent (max_by_key keeps the last).
            let best = counts.iter().map(|c| c.1).max().unwrap_or(0);
            counts
                .iter()
                .find(|c| c.1 == best)
                .map(|c| c.0.to_string())
                .unwrap_or_default()
        })
        .collect();
    found
        .iter()
        .zip(&chain_of)
        .map(|(f, &c)| {
            let owner = chains[c].joins.unwrap_or(c);
            let kind = chains[owner].kind();
            let text = display(f.first, f.end).to_string();
            let titled = (f.end - f.first == 1 && kind == EntityType::Person)
                .then(|| f.first.checked_sub(1))
                .flatten()
                .and_then(|before| doc.title_ending_at(before, TITLE))
                .map(|title| analysis.text[tokens[title].start..tokens[f.first].end].to_string());
            Mention {
                start: tokens[f.first].start,
                end: tokens[f.end - 1].end,
                kind,
                text,
                titled,
                name: names[owner].clone(),
                sentence: f.sentence,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_text::lang::ScriptOnly;

    fn mentions(text: &str) -> Vec<Mention> {
        find(&khabar_text::analyze(text, &ScriptOnly), Tagger::embedded())
    }

    const STORY: &str = "شمالی کوریا کے رہنما کم جونگ ان نے روسی صدر ولادیمیر پوٹن سے \
        ماسکو میں ملاقات کی۔ مسٹر کم نے کہا کہ صدر پوٹن ان کے پرانے دوست ہیں۔ \
        کم از کم دس معاہدوں پر دستخط ہوئے۔ پوٹن نے کہا کہ ولادیمیر پوٹن کی حکومت \
        کم جونگ ان کی حمایت کرے گی۔";

    #[test]
    fn short_forms_join_the_full_name() {
        let found = mentions(STORY);
        let kim: Vec<&Mention> = found.iter().filter(|m| m.name == "کم جونگ ان").collect();
        assert!(
            kim.iter()
                .any(|m| m.text == "کم" && m.titled.as_deref() == Some("مسٹر کم"))
        );
        assert!(kim.iter().all(|m| m.kind == EntityType::Person), "{kim:?}");
        let putin: Vec<&Mention> = found.iter().filter(|m| m.name == "ولادیمیر پوٹن").collect();
        assert!(
            putin
                .iter()
                .any(|m| m.titled.as_deref() == Some("صدر پوٹن")),
            "{found:?}"
        );
        assert!(putin.len() >= 4, "{putin:?}");
    }

    #[test]
    fn less_is_not_kim() {
        let found = mentions(STORY);
        let sentence = STORY.find("کم از کم").unwrap();
        let end = sentence + "کم از کم دس".len();
        assert!(
            found.iter().all(|m| m.end <= sentence || m.start >= end),
            "{found:?}"
        );
        assert!(mentions("کم از کم دس افراد ہلاک ہو گئے۔ قیمتیں کم ہوئیں۔").is_empty());
    }

    #[test]
    fn spans_slice_the_text() {
        let analysis = khabar_text::analyze(STORY, &ScriptOnly);
        for m in find(&analysis, Tagger::embedded()) {
            assert_eq!(&analysis.text[m.start..m.end], m.text);
        }
    }

    #[test]
    fn titles_stay_outside_names_but_name_parts_stay_in() {
        let words = |s: &str| -> Vec<String> { s.split(' ').map(fold).collect() };
        assert_eq!(strip_titles(&words("صدر پوتن")), &words("پوتن")[..]);
        assert_eq!(
            strip_titles(&words("وزیر اعظم نواز شریف")),
            &words("نواز شریف")[..]
        );
        assert_eq!(strip_titles(&words("اعظم سواتی")), &words("اعظم سواتی")[..]);
        assert_eq!(strip_titles(&words("صدر")), &words("صدر")[..]);
    }

    #[test]
    fn a_leader_named_after_a_title_and_a_cosmodrome() {
        let found = mentions(
            "شمالی کوریا کے رہنما کم جونگ ان کی ملاقات ووستوخنی کوسموڈروم میں ہوئی۔ \
             کمیٹی کے سربراہ نے بتایا کہ اجلاس ملتوی ہو گیا۔",
        );
        assert!(
            found
                .iter()
                .any(|m| m.text == "کم جونگ ان" && m.kind == EntityType::Person),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|m| m.text == "ووستوخنی کوسموڈروم" && m.kind == EntityType::Location),
            "{found:?}"
        );
        // A title with no name after it names no one.
        assert!(
            found
                .iter()
                .all(|m| m.kind != EntityType::Person || m.text.contains("کم")),
            "{found:?}"
        );
    }

    #[test]
    fn places_the_gazetteer_knows_are_places() {
        let found = mentions("وہ ولادیووستوک پہنچے اور پھر پیونگ یانگ گئے۔");
        for place in ["ولادیووستوک", "پیونگ یانگ"] {
            assert!(
                found
                    .iter()
                    .any(|m| m.text == place && m.kind == EntityType::Location),
                "{place}: {found:?}"
            );
        }
        // A city's short skeleton is not enough: پوٹن is not Patan.
        let found = mentions("روسی صدر پوٹن نے کہا۔");
        assert!(
            found
                .iter()
                .any(|m| m.text == "پوٹن" && m.kind == EntityType::Person)
        );
    }

    #[test]
    fn empty_document() {
        assert!(mentions("").is_empty());
    }
}
