//! Features of a word in its sentence, hashed to 64-bit keys.
//!
//! Every feature is a template number and one or more pieces of words
//! (the folded word, its skeleton, prefixes and suffixes, shape, cue and
//! gazetteer classes ...). The pieces of each word are computed once per
//! sentence ([`Core`], [`Form`]), the strings among them hashed once to 64 bits, and
//! a feature key is the template's seed and those hashes mixed together
//! (no string is hashed or allocated per feature); the model keeps a
//! weight per tag for each key it learnt.

use std::hash::Hasher;
use std::sync::LazyLock;

use khabar_text::normalize::{fold, fold_into};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

/// Gazetteer classes (a list entry may be several words).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum GazClass {
    /// A country or region (CLDR territory names).
    Territory = 1,
    /// A city of 100,000 people or more (GeoNames).
    BigCity = 2,
    /// A smaller city (GeoNames, 5,000 or more).
    City = 3,
    /// A language name (CLDR), often also a nationality adjective.
    Language = 4,
}

impl GazClass {
    pub fn from_u8(b: u8) -> Option<GazClass> {
        match b {
            1 => Some(GazClass::Territory),
            2 => Some(GazClass::BigCity),
            3 => Some(GazClass::City),
            4 => Some(GazClass::Language),
            _ => None,
        }
    }
}

/// The longest gazetteer entry, in words.
pub const MAX_GAZ_WORDS: usize = 4;

/// Which optional feature groups a model has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    /// Harvested context classes ([`Harvest`]).
    pub harvest: bool,
    /// Word clusters ([`crate::clusters`]).
    pub clusters: bool,
}

/// In [`Gazetteer`]'s index: a longer entry continues these words.
const GAZ_MORE: u8 = 0x80;

/// Place and language names in analysis form (words joined by one space),
/// each with its class; the first class given for a name wins.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gazetteer {
    entries: FxHashMap<String, GazClass>,
    /// The entries by the sequence hash of their words' hashes
    /// ([`seq_step`]): the class (0 if only a prefix of longer entries),
    /// with `GAZ_MORE` if a longer entry starts with these words.
    index: FxHashMap<u64, u8>,
    /// Context classes harvested from unlabelled news ([`Harvest`]): the
    /// hash of a folded word ([`word_hash`]) to its packed bucket codes.
    harvest: FxHashMap<u64, u16>,
    /// Word clusters ([`crate::ClusterCounts::clusters`]): the hash of a
    /// folded word to its fine and coarse cluster ids.
    clusters: FxHashMap<u64, u32>,
}

impl Gazetteer {
    /// Adds a name (display or analysis form; it is folded word by word).
    pub fn insert(&mut self, name: &str, class: GazClass) {
        let words: Vec<String> = name
            .split(|c: char| c.is_whitespace() || c == '\u{200C}')
            .filter(|w| !w.is_empty())
            .map(fold)
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() || words.len() > MAX_GAZ_WORDS {
            return;
        }
        let std::collections::hash_map::Entry::Vacant(e) = self.entries.entry(words.join(" "))
        else {
            return;
        };
        e.insert(class);
        let mut s = SEQ_SEED;
        for (k, w) in words.iter().enumerate() {
            s = seq_step(s, word_hash(w));
            let v = self.index.entry(s).or_insert(0);
            if k + 1 < words.len() {
                *v |= GAZ_MORE;
            } else if *v & !GAZ_MORE == 0 {
                *v |= class as u8;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The harvested word classes (hash of the folded word, packed codes).
    pub fn harvest(&self) -> &FxHashMap<u64, u16> {
        &self.harvest
    }

    /// The word clusters (hash of the folded word, packed ids).
    pub fn clusters(&self) -> &FxHashMap<u64, u32> {
        &self.clusters
    }

    /// Replaces the word clusters.
    pub fn set_clusters(&mut self, clusters: FxHashMap<u64, u32>) {
        self.clusters = clusters;
    }

    /// The optional feature groups in use.
    pub fn uses(&self) -> Uses {
        Uses {
            harvest: !self.harvest.is_empty(),
            clusters: !self.clusters.is_empty(),
        }
    }

    /// Replaces the harvested word classes.
    pub fn set_harvest(&mut self, harvest: FxHashMap<u64, u16>) {
        self.harvest = harvest;
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, sorted (for a deterministic serialization).
    pub fn sorted(&self) -> Vec<(&str, GazClass)> {
        let mut v: Vec<_> = self.entries.iter().map(|(k, &c)| (k.as_str(), c)).collect();
        v.sort_unstable();
        v
    }

    /// Sets each word's `mark`: the class and position code of the longest
    /// entry covering it (greedy from the left): 0 none, else class * 4 +
    /// (0 single word, 1 first, 2 middle, 3 last).
    pub(crate) fn mark(&self, words: &mut [Core]) {
        for w in words.iter_mut() {
            w.mark = 0;
        }
        if self.index.is_empty() {
            return;
        }
        let mut i = 0;
        while i < words.len() {
            let mut best: Option<(usize, u8)> = None;
            // The word alone: its value is in its pieces.
            let mut v = words[i].gaz;
            let mut s = seq_step(SEQ_SEED, words[i].norm);
            let mut n = 1;
            loop {
                if v & !GAZ_MORE != 0 {
                    best = Some((n, v & !GAZ_MORE));
                }
                if v & GAZ_MORE == 0 || n == MAX_GAZ_WORDS || i + n == words.len() {
                    break;
                }
                s = seq_step(s, words[i + n].norm);
                n += 1;
                match self.index.get(&s) {
                    Some(&next) => v = next,
                    None => break,
                }
            }
            match best {
                Some((n, class)) => {
                    let c = class * 4;
                    if n == 1 {
                        words[i].mark = c;
                    } else {
                        for (k, w) in words[i..i + n].iter_mut().enumerate() {
                            w.mark = c + if k == 0 {
                                1
                            } else if k + 1 == n {
                                3
                            } else {
                                2
                            };
                        }
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
    }
}

/// Cue word classes: words that stand before or after names.
const CUE_TITLE: u8 = 1;
const CUE_ORG: u8 = 2;
const CUE_PLACE: u8 = 3;
const CUE_AFTER_PERSON: u8 = 4;

const TITLES: &[&str] = &[
    "صدر",
    "وزیر",
    "اعظم",
    "وزیراعظم",
    "اعلیٰ",
    "وزیراعلیٰ",
    "مسٹر",
    "مسز",
    "مس",
    "جناب",
    "محترم",
    "محترمہ",
    "ڈاکٹر",
    "شہزادہ",
    "شہزادی",
    "سینیٹر",
    "سینیٹرز",
    "جنرل",
    "چیئرمین",
    "چیرمین",
    "شری",
    "شریمتی",
    "سفیر",
    "گورنر",
    "جسٹس",
    "کرنل",
    "میجر",
    "کپتان",
    "لیفٹیننٹ",
    "مولانا",
    "حضرت",
    "سید",
    "بیگم",
    "پروفیسر",
    "ایڈووکیٹ",
    "سربراہ",
    "ترجمان",
    "رہنما",
    "رہنماؤں",
    "لیڈر",
    "قائد",
    "سیکریٹری",
    "سکریٹری",
    "ڈائریکٹر",
    "کمشنر",
    "بادشاہ",
    "ملکہ",
    "شاہ",
    "امیر",
    "مفتی",
    "علامہ",
    "شیخ",
    "چیف",
    "ایم",
    "ایم پی",
    "رکن",
    "نائب",
    "کمانڈر",
    "مارشل",
    "ایڈمرل",
    "بریگیڈیئر",
    "جج",
];

const ORG_WORDS: &[&str] = &[
    "پارٹی",
    "لیگ",
    "کمیشن",
    "وزارت",
    "یونیورسٹی",
    "بینک",
    "بنک",
    "کمپنی",
    "تنظیم",
    "کونسل",
    "ادارہ",
    "ادارے",
    "اتھارٹی",
    "کارپوریشن",
    "فاؤنڈیشن",
    "انسٹی",
    "ٹیوٹ",
    "انسٹیٹیوٹ",
    "کالج",
    "بورڈ",
    "محکمہ",
    "محکمے",
    "فورس",
    "فوج",
    "اسمبلی",
    "پارلیمنٹ",
    "عدالت",
    "کورٹ",
    "ٹرسٹ",
    "سوسائٹی",
    "ایجنسی",
    "بیورو",
    "کانگریس",
    "کانگریس",
    "لمیٹڈ",
    "گروپ",
    "یونین",
    "ایسوسی",
    "ایشن",
    "مشن",
    "اکیڈمی",
    "ہسپتال",
    "اسپتال",
    "محاذ",
    "جماعت",
    "تحریک",
    "سروس",
    "سروسز",
    "نیوز",
    "ایجنسی",
    "انڈسٹریز",
    "کلب",
    "فیڈریشن",
    "ادارہ",
    "سینٹر",
    "مرکز",
    "اسکول",
    "سکول",
    "سکیورٹی",
    "پولیس",
    "کابینہ",
    "حکومت",
    "نیشنل",
    "انٹرنیشنل",
    "آرگنائزیشن",
];

const PLACE_WORDS: &[&str] = &[
    "شہر",
    "شہروں",
    "صوبہ",
    "صوبے",
    "صوبوں",
    "ضلع",
    "ضلعے",
    "اضلاع",
    "علاقہ",
    "علاقے",
    "گاؤں",
    "ریاست",
    "ریاستوں",
    "ملک",
    "ممالک",
    "دارالحکومت",
    "قصبہ",
    "قصبے",
    "تحصیل",
    "دریا",
    "دریائے",
    "پہاڑ",
    "جزیرہ",
    "جزیرے",
    "سرحد",
    "خطہ",
    "خطے",
    "نگر",
    "آباد",
    "پور",
    "بندرگاہ",
    "ایئرپورٹ",
    "ہوائی",
    "اڈے",
    "جنوبی",
    "شمالی",
    "مشرقی",
    "مغربی",
    "وسطی",
];

const AFTER_PERSON: &[&str] = &["صاحب", "جی", "خان", "نے", "کہا", "کہنا", "بتایا", "بولے"];

/// The cue class of each cue word, by [`word_hash`] of its folded form.
static CUES: LazyLock<FxHashMap<u64, u8>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (list, class) in [
        (TITLES, CUE_TITLE),
        (ORG_WORDS, CUE_ORG),
        (PLACE_WORDS, CUE_PLACE),
        (AFTER_PERSON, CUE_AFTER_PERSON),
    ] {
        for word in list {
            map.entry(word_hash(&fold(word))).or_insert(class);
        }
    }
    map
});

pub(crate) static PUNCT_OR_SYMBOL: LazyLock<FxHashSet<char>> = LazyLock::new(|| {
    "۔،؛؟!?.,;:\"'()[]{}-–—/\\«»“”‘’*&%$#@+=<>|٪"
        .chars()
        .collect()
});

/// What the templates need of a word besides its affixes and shape:
/// strings as hashes ([`word_hash`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Core {
    norm: u64,
    skeleton: u64,
    /// Packed harvested class buckets ([`Harvest::codes`]).
    harvest: u16,
    cue: u8,
    known: bool,
    /// The gazetteer index's value for the word alone.
    gaz: u8,
    /// Gazetteer class and position in its sentence ([`Gazetteer::mark`]).
    mark: u8,
    /// Fine cluster id + 1 (0: none) and coarse id + 1 << 16.
    cluster: u32,
}

/// The rest of a word's pieces: prefixes and suffixes of 1, 2, 3 letters
/// (hashes; 0 unless the word is longer than that), shape and length.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Form {
    prefix: [u64; 3],
    suffix: [u64; 3],
    shape: u8,
    length: u8,
}

fn shape(norm: &str) -> u8 {
    let mut chars = norm.chars().peekable();
    let Some(&first) = chars.peek() else {
        return 0;
    };
    if norm.chars().all(|c| {
        khabar_text::chars::is_digit(c) || c.is_ascii_digit() || matches!(c, ',' | '.' | '٫' | '٬')
    }) {
        return 1;
    }
    if norm
        .chars()
        .any(|c| khabar_text::chars::is_digit(c) || c.is_ascii_digit())
    {
        return 2;
    }
    if norm
        .chars()
        .all(|c| PUNCT_OR_SYMBOL.contains(&c) || !c.is_alphanumeric())
    {
        return 3;
    }
    if first.is_ascii_alphabetic() {
        return 4;
    }
    5
}

fn length_bucket(chars: usize) -> u8 {
    match chars {
        0..=1 => 1,
        2 => 2,
        3 => 3,
        4..=5 => 4,
        6..=8 => 5,
        _ => 6,
    }
}

/// A 64-bit finalizer (murmur3's): a bijection that spreads every input
/// bit over the output.
#[inline]
fn fmix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// The seed of a template.
#[inline]
const fn seed(template: u8) -> u64 {
    (template as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A feature of one piece (a string's hash or packed small codes).
#[inline]
fn key1(template: u8, a: u64) -> u64 {
    fmix(a ^ seed(template))
}

/// A feature of two pieces, in order.
#[inline]
fn key2(template: u8, a: u64, b: u64) -> u64 {
    fmix(fmix(a ^ seed(template)) ^ b)
}

/// Small codes packed into one piece.
#[inline]
fn pack(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(bytes.len() as u64, |acc, &b| (acc << 8) | u64::from(b))
}

/// The hash of a string (a folded word or a piece of one): the text of
/// words enters features, and the model, only as such hashes.
#[inline]
pub fn word_hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.write_u8(0xff);
    // Never 0 (a missing piece).
    fmix(h.finish()).max(1)
}

/// One step of the sequence hash of a run of words (gazetteer entries).
#[inline]
fn seq_step(s: u64, word: u64) -> u64 {
    fmix(s ^ word)
}

const SEQ_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// Harvest contexts: the word right after a person title, the word two
/// after one, the word before "نے کہا"-like person contexts, the word after
/// a place word (شہر، صوبے، ضلع ...), and the word before an organisation
/// word (پارٹی، لیگ، کمیشن ...).
pub const HARVEST_CLASSES: usize = 5;
const H_TITLE1: usize = 0;
const H_TITLE2: usize = 1;
const H_SAYS: usize = 2;
const H_PLACE: usize = 3;
const H_ORG: usize = 4;

const HARVEST_TITLES: &[&str] = &[
    "صدر",
    "وزیراعظم",
    "اعظم",
    "مسٹر",
    "مسز",
    "جناب",
    "محترمہ",
    "ڈاکٹر",
    "سینیٹر",
    "جنرل",
    "چیئرمین",
    "چیرمین",
    "گورنر",
    "خارجہ",
    "داخلہ",
    "خزانہ",
    "اعلیٰ",
    "وزیراعلیٰ",
    "جسٹس",
    "مولانا",
    "پروفیسر",
    "کرنل",
    "بیگم",
    "شہزادہ",
    "اداکار",
    "اداکارہ",
    "گلوکار",
    "گلوکارہ",
    "کھلاڑی",
    "کپتان",
    "ترجمان",
    "رہنما",
    "سربراہ",
    "سفیر",
    "بلے باز",
    "شری",
];

const HARVEST_SAYS: &[&str] = &["کہا", "بتایا", "کہنا", "مزید"];

const HARVEST_PLACE: &[&str] = &[
    "شہر",
    "صوبے",
    "صوبہ",
    "ضلع",
    "ضلعے",
    "علاقے",
    "گاؤں",
    "ریاست",
    "دارالحکومت",
    "قصبے",
    "تحصیل",
];

const HARVEST_ORG: &[&str] = &[
    "پارٹی",
    "لیگ",
    "کمیشن",
    "یونیورسٹی",
    "بینک",
    "بنک",
    "تنظیم",
    "کمپنی",
    "کونسل",
    "اتھارٹی",
    "کارپوریشن",
    "فاؤنڈیشن",
    "ایجنسی",
    "بورڈ",
];

/// Counts of words in person, place and organisation contexts over
/// unlabelled news text; [`Harvest::codes`] turns them into the packed
/// bucket codes stored in the gazetteer.
#[derive(Default)]
pub struct Harvest {
    counts: FxHashMap<String, [u32; HARVEST_CLASSES + 1]>,
    titles: FxHashSet<String>,
    says: FxHashSet<String>,
    place: FxHashSet<String>,
    org: FxHashSet<String>,
    ne: String,
    buf: Vec<String>,
}

impl Harvest {
    pub fn new() -> Harvest {
        let set = |l: &[&str]| l.iter().map(|w| fold(w)).collect::<FxHashSet<_>>();
        Harvest {
            titles: set(HARVEST_TITLES),
            says: set(HARVEST_SAYS),
            place: set(HARVEST_PLACE),
            org: set(HARVEST_ORG),
            ne: fold("نے"),
            ..Harvest::default()
        }
    }

    /// Counts the words of a text (split at white space and punctuation;
    /// punctuation breaks contexts).
    pub fn add_text(&mut self, text: &str) {
        let mut words = std::mem::take(&mut self.buf);
        words.clear();
        let mut cur = String::new();
        let flush = |cur: &mut String, words: &mut Vec<String>| {
            if !cur.is_empty() {
                words.push(fold(cur));
                cur.clear();
            }
        };
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{200C}' {
                flush(&mut cur, &mut words);
            } else if PUNCT_OR_SYMBOL.contains(&c) || c == '؍' {
                flush(&mut cur, &mut words);
                words.push(String::new());
            } else {
                cur.push(c);
            }
        }
        flush(&mut cur, &mut words);
        let get = |i: usize| -> &str { words.get(i).map(String::as_str).unwrap_or("") };
        let is_word = |w: &str| !w.is_empty() && shape(w) == 5;
        for (i, w) in words.iter().enumerate() {
            let w = w.as_str();
            if !is_word(w) {
                continue;
            }
            let mut hit = [false; HARVEST_CLASSES];
            if i >= 1 && self.titles.contains(get(i - 1)) && !self.titles.contains(w) {
                hit[H_TITLE1] = true;
            }
            if i >= 2
                && self.titles.contains(get(i - 2))
                && is_word(get(i - 1))
                && !self.titles.contains(get(i - 1))
                && !self.titles.contains(w)
            {
                hit[H_TITLE2] = true;
            }
            if get(i + 1) == self.ne && self.says.contains(get(i + 2)) {
                hit[H_SAYS] = true;
            }
            if i >= 1 && self.place.contains(get(i - 1)) && !self.place.contains(w) {
                hit[H_PLACE] = true;
            }
            if self.org.contains(get(i + 1)) && !self.org.contains(w) {
                hit[H_ORG] = true;
            }
            let e = match self.counts.get_mut(w) {
                Some(e) => e,
                None => self.counts.entry(w.to_string()).or_default(),
            };
            e[HARVEST_CLASSES] += 1;
            for (k, h) in hit.iter().enumerate() {
                if *h {
                    e[k] += 1;
                }
            }
        }
        self.buf = words;
    }

    /// Packed codes (3 bits per class: 0 none, else a bucket of the count
    /// and of its share of the word's occurrences) by word hash.
    pub fn codes(&self) -> FxHashMap<u64, u16> {
        let mut out = FxHashMap::default();
        for (w, c) in &self.counts {
            let total = c[HARVEST_CLASSES] as f64;
            let mut packed = 0u16;
            for (k, &hits) in c[..HARVEST_CLASSES].iter().enumerate() {
                let code = bucket(hits, total);
                packed |= u16::from(code) << (3 * k);
            }
            if packed != 0 {
                out.insert(word_hash(w), packed);
            }
        }
        out
    }
}

/// 0 for fewer than 2 hits; else 1-7 by share of the word's occurrences
/// (under 5%, 5-25%, 25% or more) and count (2-9, 10 or more).
fn bucket(hits: u32, total: f64) -> u8 {
    if hits < 2 {
        return 0;
    }
    let share = hits as f64 / total.max(1.0);
    let s = if share >= 0.25 {
        2
    } else if share >= 0.05 {
        1
    } else {
        0
    };
    let n = if hits >= 10 { 1 } else { 0 };
    1 + s * 2 + n
}

/// The hashes of the sentence boundaries, as words.
const START: u64 = 0x5a17_0000_0000_0001;
const END: u64 = 0x5a17_0000_0000_0002;

/// The folded forms of a sentence's display words.
pub fn fold_words(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| fold(w)).collect()
}

/// The pieces of one folded word (`mark` left 0: it depends on the
/// sentence).
pub fn word_pieces(norm: &str, gazetteer: &Gazetteer, skeleton: &mut String) -> (Core, Form) {
    let h = word_hash(norm);
    skeleton.clear();
    khabar_text::spelling::skeleton_into(norm, skeleton);
    // Byte offsets of the second to fourth characters.
    let mut head = [norm.len(); 4];
    let mut n = 0usize;
    for (k, (b, _)) in norm.char_indices().enumerate() {
        if k < 4 {
            head[k] = b;
        }
        n = k + 1;
    }
    let mut prefix = [0u64; 3];
    let mut suffix = [0u64; 3];
    let mut tail = norm.len();
    let mut rev = norm.char_indices().rev();
    for k in 1..=3usize {
        if n > k {
            prefix[k - 1] = word_hash(&norm[..head[k]]);
            if let Some((b, _)) = rev.next() {
                tail = b;
            }
            suffix[k - 1] = word_hash(&norm[tail..]);
        }
    }
    let core = Core {
        norm: h,
        skeleton: word_hash(skeleton),
        harvest: if gazetteer.harvest.is_empty() {
            0
        } else {
            gazetteer.harvest.get(&h).copied().unwrap_or(0)
        },
        cue: CUES.get(&h).copied().unwrap_or(0),
        known: khabar_text::lexicon::contains(norm),
        gaz: if gazetteer.index.is_empty() {
            0
        } else {
            gazetteer
                .index
                .get(&seq_step(SEQ_SEED, h))
                .copied()
                .unwrap_or(0)
        },
        mark: 0,
        cluster: if gazetteer.clusters.is_empty() {
            0
        } else {
            gazetteer.clusters.get(&h).copied().unwrap_or(0)
        },
    };
    let form = Form {
        prefix,
        suffix,
        shape: shape(norm),
        length: length_bucket(n),
    };
    (core, form)
}

/// The offsets of the words that features look at one by one, -3..=3;
/// arrays over them are indexed by offset + 3.
pub const OFFSETS: usize = 7;

/// Appends the keys of the features of a word that depend only on the
/// word at `offset` from it (`None`: beyond the sentence's start or end).
/// A word's features are these for every offset and its
/// [`context_features`].
pub fn offset_features(word: Option<(&Core, &Form)>, offset: isize, uses: Uses, f: &mut Vec<u64>) {
    let Some((c, form)) = word else {
        match offset {
            -1 => {
                f.push(key1(2, START));
                f.push(key1(25, pack(&[9])));
            }
            1 => {
                f.push(key1(3, END));
                f.push(key1(26, pack(&[9])));
            }
            -2 => f.push(key1(4, START)),
            2 => f.push(key1(5, END)),
            -3 => f.push(key1(54, START)),
            3 => f.push(key1(55, END)),
            _ => {}
        }
        return;
    };
    let hcode = |k: usize| ((c.harvest >> (3 * k)) & 7) as u8;
    // Suffixes (2, 3 letters), skeleton and shape of a neighbour.
    let neighbour = |t: u8, f: &mut Vec<u64>| {
        for k in 2..=3usize {
            if form.suffix[k - 1] != 0 {
                f.push(key1(t + k as u8 - 2, form.suffix[k - 1]));
            }
        }
        f.push(key1(t + 2, c.skeleton));
        f.push(key1(t + 3, pack(&[form.shape, form.length])));
    };
    // Prefixes (2, 3 letters) of a neighbour.
    let prefixes = |t: u8, f: &mut Vec<u64>| {
        for k in 2..=3usize {
            if form.prefix[k - 1] != 0 {
                f.push(key1(t + k as u8 - 2, form.prefix[k - 1]));
            }
        }
    };
    // A neighbour's harvested classes.
    let harvest = |t: u8, f: &mut Vec<u64>| {
        if uses.harvest {
            for k in 0..HARVEST_CLASSES {
                let code = hcode(k);
                if code != 0 {
                    f.push(key1(t, pack(&[k as u8, code])));
                }
            }
        }
    };
    if uses.clusters {
        let (fine, coarse) = (u64::from(c.cluster & 0xffff), u64::from(c.cluster >> 16));
        match offset {
            0 => {
                f.push(key1(80, fine));
                f.push(key1(81, coarse));
            }
            -1 => {
                f.push(key1(82, fine));
                f.push(key1(83, coarse));
            }
            1 => {
                f.push(key1(84, fine));
                f.push(key1(85, coarse));
            }
            _ => {}
        }
    }
    match offset {
        0 => {
            f.push(key1(1, c.norm));
            f.push(key1(6, c.skeleton));
            // Prefixes and suffixes of 1 to 3 letters (of longer words).
            for k in 1..=3usize {
                if form.prefix[k - 1] != 0 {
                    f.push(key1(10 + k as u8, form.prefix[k - 1]));
                    f.push(key1(13 + k as u8, form.suffix[k - 1]));
                }
            }
            f.push(key1(
                20,
                pack(&[form.shape, form.length, u8::from(c.known)]),
            ));
            if uses.harvest {
                for k in 0..HARVEST_CLASSES {
                    let code = hcode(k);
                    if code != 0 {
                        f.push(key1(70, pack(&[k as u8, code])));
                        f.push(key1(71, pack(&[k as u8, code, u8::from(c.known)])));
                    }
                }
            }
        }
        -1 => {
            f.push(key1(2, c.norm));
            f.push(key1(25, pack(&[c.cue])));
            neighbour(40, f);
            prefixes(50, f);
            harvest(72, f);
        }
        1 => {
            f.push(key1(3, c.norm));
            f.push(key1(26, pack(&[c.cue])));
            neighbour(44, f);
            prefixes(52, f);
            harvest(73, f);
        }
        -2 => {
            f.push(key1(4, c.norm));
            neighbour(60, f);
            harvest(74, f);
        }
        2 => {
            f.push(key1(5, c.norm));
            neighbour(64, f);
            harvest(75, f);
        }
        -3 => f.push(key1(54, c.norm)),
        3 => f.push(key1(55, c.norm)),
        _ => {}
    }
}

/// Appends the keys of the features of word `iu` that look at several
/// words or at the sentence's gazetteer marks (and the bias).
pub fn context_features(cores: &[Core], iu: usize, uses: Uses, f: &mut Vec<u64>) {
    let len = cores.len();
    let i = iu as isize;
    let at = |j: isize| -> Option<&Core> { if j < 0 { None } else { cores.get(j as usize) } };
    let word = |j: isize| -> u64 {
        if j < 0 {
            START
        } else if j as usize >= len {
            END
        } else {
            cores[j as usize].norm
        }
    };
    let cue = |j: isize| -> u8 { at(j).map_or(9, |w| w.cue) };
    let mark = |j: isize| -> u8 { at(j).map_or(255, |w| w.mark) };
    let known = |j: isize| -> u8 { at(j).map_or(2, |w| u8::from(w.known)) };
    let w = &cores[iu];
    let (wm1, wp1) = (word(i - 1), word(i + 1));
    f.push(key1(0, 0));
    f.push(key2(7, wm1, w.norm));
    f.push(key2(8, w.norm, wp1));
    f.push(key2(9, word(i - 2), wm1));
    f.push(key2(10, wp1, word(i + 2)));
    f.push(key2(30, wm1, w.skeleton));
    f.push(key2(31, w.skeleton, wp1));
    f.push(key1(21, pack(&[known(i - 1), known(i), known(i + 1)])));
    f.push(key1(22, pack(&[mark(i)])));
    f.push(key1(23, pack(&[mark(i - 1), mark(i)])));
    f.push(key1(24, pack(&[mark(i), mark(i + 1)])));
    f.push(key1(27, pack(&[cue(i - 2), cue(i - 1)])));
    f.push(key1(28, pack(&[cue(i + 1), cue(i + 2)])));
    f.push(key1(29, pack(&[w.cue, mark(i), u8::from(w.known)])));
    if uses.harvest {
        // The previous word's harvested class with the word's own.
        let prev = at(i - 1).map_or(0, |p| p.harvest);
        for k in 0..HARVEST_CLASSES {
            let c0 = ((w.harvest >> (3 * k)) & 7) as u8;
            let cp = ((prev >> (3 * k)) & 7) as u8;
            if cp != 0 || c0 != 0 {
                f.push(key1(76, pack(&[k as u8, cp, c0, u8::from(w.known)])));
            }
        }
    }
}

/// A sentence's word pieces, with reusable buffers.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    cores: Vec<Core>,
    forms: Vec<Form>,
    norm: String,
    skeleton: String,
}

impl Sentence {
    /// The pieces of each of `words` (display form; folded here).
    pub fn analyse_display(&mut self, words: &[&str], gazetteer: &Gazetteer) {
        self.cores.clear();
        self.forms.clear();
        for w in words {
            self.norm.clear();
            fold_into(w, &mut self.norm);
            let (core, form) = word_pieces(&self.norm, gazetteer, &mut self.skeleton);
            self.cores.push(core);
            self.forms.push(form);
        }
        gazetteer.mark(&mut self.cores);
    }

    /// The pieces of each of `norms` (analysis form).
    pub fn analyse_norms(&mut self, norms: &[String], gazetteer: &Gazetteer) {
        self.cores.clear();
        self.forms.clear();
        for n in norms {
            let (core, form) = word_pieces(n, gazetteer, &mut self.skeleton);
            self.cores.push(core);
            self.forms.push(form);
        }
        gazetteer.mark(&mut self.cores);
    }

    pub fn len(&self) -> usize {
        self.cores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cores.is_empty()
    }

    /// Appends the feature keys of word `i` to `out`.
    pub fn features(&self, i: usize, uses: Uses, out: &mut Vec<u64>) {
        context_features(&self.cores, i, uses, out);
        for d in [0isize, -1, 1, -2, 2, -3, 3] {
            let j = i as isize + d;
            let word = if j < 0 || j as usize >= self.len() {
                None
            } else {
                Some((&self.cores[j as usize], &self.forms[j as usize]))
            };
            offset_features(word, d, uses, out);
        }
    }
}

/// The feature keys of every word of a sentence (words in analysis form).
pub fn sentence_features(norms: &[String], gazetteer: &Gazetteer) -> Vec<Vec<u64>> {
    let mut s = Sentence::default();
    s.analyse_norms(norms, gazetteer);
    let uses = gazetteer.uses();
    (0..s.len())
        .map(|i| {
            let mut f = Vec::with_capacity(64);
            s.features(i, uses, &mut f);
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_marks_longest_match() {
        let mut g = Gazetteer::default();
        g.insert("جنوبی افریقہ", GazClass::Territory);
        g.insert("افریقہ", GazClass::Territory);
        g.insert("لاہور", GazClass::BigCity);
        g.insert("نیو یارک سٹی", GazClass::BigCity);
        let mut s = Sentence::default();
        s.analyse_display(
            &[
                "جنوبی",
                "افریقہ",
                "اور",
                "لاہور",
                "افریقہ",
                "نیو",
                "یارک",
                "نیو",
            ],
            &g,
        );
        let m: Vec<u8> = s.cores.iter().map(|w| w.mark).collect();
        assert_eq!(m, vec![5, 7, 0, 8, 4, 0, 0, 0]);
    }

    #[test]
    fn pieces_of_a_word() {
        let g = Gazetteer::default();
        let mut sk = String::new();
        let (c, w) = word_pieces("لاہور", &g, &mut sk);
        assert_eq!(c.norm, word_hash("لاہور"));
        assert_eq!(w.prefix[0], word_hash("ل"));
        assert_eq!(w.prefix[2], word_hash("لاہ"));
        assert_eq!(w.suffix[0], word_hash("ر"));
        assert_eq!(w.suffix[2], word_hash("ہور"));
        assert_eq!(w.length, length_bucket(5));
        let (_, w) = word_pieces("کہ", &g, &mut sk);
        assert_eq!(w.prefix[0], word_hash("ک"));
        assert_eq!(w.suffix[0], word_hash("ہ"));
        assert_eq!(w.prefix[1], 0);
        assert_eq!(w.suffix[1], 0);
    }

    #[test]
    fn harvest_counts_title_contexts() {
        let mut h = Harvest::new();
        for _ in 0..3 {
            h.add_text("صدر اوباما نے کہا کہ ، مسلم لیگ کے رہنما");
        }
        let codes = h.codes();
        let title1 = |w: &str| codes.get(&word_hash(&fold(w))).map(|c| c & 7);
        assert_eq!(title1("اوباما"), Some(bucket(3, 3.0).into()));
        assert!(!codes.contains_key(&word_hash(&fold("کہ"))));
        let org = codes[&word_hash(&fold("مسلم"))] >> (3 * H_ORG) & 7;
        assert!(org > 0);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("2023"), 1);
        assert_eq!(shape("۱۲"), 1);
        assert_eq!(shape("۔"), 3);
        assert_eq!(shape("BBC"), 4);
        assert_eq!(shape("لاہور"), 5);
    }
}
