//! Features of a word in its sentence, hashed to 64-bit keys.
//!
//! Every feature is a template number and one or more strings, hashed
//! together; the model keeps a weight per tag for each key it learnt.

use std::hash::Hasher;
use std::sync::LazyLock;

use khabar_text::normalize::fold;
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

/// Place and language names in analysis form (words joined by one space),
/// each with its class; the first class given for a name wins.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gazetteer {
    entries: FxHashMap<String, GazClass>,
    /// Context classes harvested from unlabelled news ([`Harvest`]): the
    /// hash of a folded word to its packed bucket codes.
    harvest: FxHashMap<u64, u16>,
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
        self.entries.entry(words.join(" ")).or_insert(class);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The harvested word classes (hash of the folded word, packed codes).
    pub fn harvest(&self) -> &FxHashMap<u64, u16> {
        &self.harvest
    }

    /// Replaces the harvested word classes.
    pub fn set_harvest(&mut self, harvest: FxHashMap<u64, u16>) {
        self.harvest = harvest;
    }

    /// The packed harvest codes of a folded word (0 if none).
    fn harvest_code(&self, norm: &str) -> u16 {
        if self.harvest.is_empty() {
            return 0;
        }
        self.harvest.get(&word_hash(norm)).copied().unwrap_or(0)
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

    /// For each word, the class and position code of the longest entry
    /// covering it (greedy from the left): 0 none, else class * 4 +
    /// (0 single word, 1 first, 2 middle, 3 last).
    fn marks(&self, norms: &[String]) -> Vec<u8> {
        let mut marks = vec![0u8; norms.len()];
        if self.entries.is_empty() {
            return marks;
        }
        let mut key = String::new();
        let mut i = 0;
        while i < norms.len() {
            let mut best: Option<(usize, GazClass)> = None;
            key.clear();
            for n in 1..=MAX_GAZ_WORDS.min(norms.len() - i) {
                if n > 1 {
                    key.push(' ');
                }
                key.push_str(&norms[i + n - 1]);
                if let Some(&class) = self.entries.get(key.as_str()) {
                    best = Some((n, class));
                }
            }
            match best {
                Some((n, class)) => {
                    let c = class as u8 * 4;
                    if n == 1 {
                        marks[i] = c;
                    } else {
                        for (k, mark) in marks[i..i + n].iter_mut().enumerate() {
                            *mark = c + if k == 0 {
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
        marks
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

static CUES: LazyLock<FxHashMap<String, u8>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (list, class) in [
        (TITLES, CUE_TITLE),
        (ORG_WORDS, CUE_ORG),
        (PLACE_WORDS, CUE_PLACE),
        (AFTER_PERSON, CUE_AFTER_PERSON),
    ] {
        for word in list {
            map.entry(fold(word)).or_insert(class);
        }
    }
    map
});

static PUNCT_OR_SYMBOL: LazyLock<FxHashSet<char>> = LazyLock::new(|| {
    "۔،؛؟!?.,;:\"'()[]{}-–—/\\«»“”‘’*&%$#@+=<>|٪"
        .chars()
        .collect()
});

/// Per-word information the templates use.
struct WordInfo<'a> {
    norm: &'a str,
    skeleton: String,
    shape: u8,
    cue: u8,
    known: bool,
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

fn length_bucket(norm: &str) -> u8 {
    match norm.chars().count() {
        0..=1 => 1,
        2 => 2,
        3 => 3,
        4..=5 => 4,
        6..=8 => 5,
        _ => 6,
    }
}

#[inline]
fn key(template: u8, parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(template);
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    // FxHasher's finish is weak in the low bits; mix.
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

#[inline]
fn key_bytes(template: u8, bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(template);
    h.write(bytes);
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// The hash under which a folded word's harvested classes are stored (no
/// plain text of the news corpora goes into the model).
pub fn word_hash(norm: &str) -> u64 {
    key(200, &[norm])
}

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

const START: &str = "<s>";
const END: &str = "</s>";

/// The folded forms of a sentence's display words.
pub fn fold_words(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| fold(w)).collect()
}

/// The feature keys of every word of a sentence (words in analysis form).
pub fn sentence_features(norms: &[String], gazetteer: &Gazetteer) -> Vec<Vec<u64>> {
    let info: Vec<WordInfo> = norms
        .iter()
        .map(|n| WordInfo {
            norm: n.as_str(),
            skeleton: khabar_text::spelling::skeleton(n),
            shape: shape(n),
            cue: CUES.get(n.as_str()).copied().unwrap_or(0),
            known: khabar_text::lexicon::contains(n),
        })
        .collect();
    let marks = gazetteer.marks(norms);
    let hcodes: Vec<u16> = norms.iter().map(|n| gazetteer.harvest_code(n)).collect();
    let len = norms.len();
    let hcode = |i: isize, k: usize| -> u8 {
        if i < 0 || i as usize >= len {
            0
        } else {
            ((hcodes[i as usize] >> (3 * k)) & 7) as u8
        }
    };
    let word = |i: isize| -> &str {
        if i < 0 {
            START
        } else if i as usize >= len {
            END
        } else {
            info[i as usize].norm
        }
    };
    let cue = |i: isize| -> u8 {
        if i < 0 || i as usize >= len {
            9
        } else {
            info[i as usize].cue
        }
    };
    let mark = |i: isize| -> u8 {
        if i < 0 || i as usize >= len {
            255
        } else {
            marks[i as usize]
        }
    };
    let known = |i: isize| -> u8 {
        if i < 0 || i as usize >= len {
            2
        } else {
            u8::from(info[i as usize].known)
        }
    };
    let mut out = Vec::with_capacity(len);
    for (iu, w) in info.iter().enumerate() {
        let i = iu as isize;
        let mut f = Vec::with_capacity(40);
        f.push(key(0, &[]));
        f.push(key(1, &[w.norm]));
        f.push(key(2, &[word(i - 1)]));
        f.push(key(3, &[word(i + 1)]));
        f.push(key(4, &[word(i - 2)]));
        f.push(key(5, &[word(i + 2)]));
        f.push(key(6, &[&w.skeleton]));
        f.push(key(7, &[word(i - 1), w.norm]));
        f.push(key(8, &[w.norm, word(i + 1)]));
        f.push(key(9, &[word(i - 2), word(i - 1)]));
        f.push(key(10, &[word(i + 1), word(i + 2)]));
        // Prefixes and suffixes of 1 to 3 letters (of longer words).
        let chars: Vec<(usize, char)> = w.norm.char_indices().collect();
        let n = chars.len();
        for k in 1..=3usize {
            if n > k {
                let pre = &w.norm[..chars[k].0];
                let suf = &w.norm[chars[n - k].0..];
                f.push(key(10 + k as u8, &[pre]));
                f.push(key(13 + k as u8, &[suf]));
            }
        }
        f.push(key_bytes(
            20,
            &[w.shape, length_bucket(w.norm), u8::from(w.known)],
        ));
        f.push(key_bytes(21, &[known(i - 1), known(i), known(i + 1)]));
        f.push(key_bytes(22, &[mark(i)]));
        f.push(key_bytes(23, &[mark(i - 1), mark(i)]));
        f.push(key_bytes(24, &[mark(i), mark(i + 1)]));
        f.push(key_bytes(25, &[cue(i - 1)]));
        f.push(key_bytes(26, &[cue(i + 1)]));
        f.push(key_bytes(27, &[cue(i - 2), cue(i - 1)]));
        f.push(key_bytes(28, &[cue(i + 1), cue(i + 2)]));
        f.push(key_bytes(29, &[w.cue, mark(i), u8::from(w.known)]));
        // Suffixes and skeletons of the neighbours.
        for (t, j) in [(40u8, i - 1), (44, i + 1), (60, i - 2), (64, i + 2)] {
            if j >= 0 && (j as usize) < len {
                let nb = &info[j as usize];
                let nc: Vec<usize> = nb.norm.char_indices().map(|(b, _)| b).collect();
                let m = nc.len();
                for k in 2..=3usize {
                    if m > k {
                        f.push(key(t + k as u8 - 2, &[&nb.norm[nc[m - k]..]]));
                    }
                }
                f.push(key(t + 2, &[&nb.skeleton]));
                f.push(key_bytes(t + 3, &[nb.shape, length_bucket(nb.norm)]));
            }
        }
        // Prefixes of the neighbours, the wider window.
        for (t, j) in [(50u8, i - 1), (52, i + 1)] {
            if j >= 0 && (j as usize) < len {
                let nb = info[j as usize].norm;
                let nc: Vec<usize> = nb.char_indices().map(|(b, _)| b).collect();
                for k in 2..=3usize {
                    if nc.len() > k {
                        f.push(key(t + k as u8 - 2, &[&nb[..nc[k]]]));
                    }
                }
            }
        }
        f.push(key(54, &[word(i - 3)]));
        f.push(key(55, &[word(i + 3)]));
        // Harvested context classes of the word and its neighbours.
        if !gazetteer.harvest.is_empty() {
            for k in 0..HARVEST_CLASSES {
                let kb = k as u8;
                let c0 = hcode(i, k);
                if c0 != 0 {
                    f.push(key_bytes(70, &[kb, c0]));
                    f.push(key_bytes(71, &[kb, c0, u8::from(w.known)]));
                }
                let a = hcode(i - 2, k);
                if a != 0 {
                    f.push(key_bytes(74, &[kb, a]));
                }
                let b = hcode(i + 2, k);
                if b != 0 {
                    f.push(key_bytes(75, &[kb, b]));
                }
                // The previous word's class with the word's own.
                let cp = hcode(i - 1, k);
                if cp != 0 || c0 != 0 {
                    f.push(key_bytes(76, &[kb, cp, c0, known(i)]));
                }
                if cp != 0 {
                    f.push(key_bytes(72, &[kb, cp]));
                }
                let cn = hcode(i + 1, k);
                if cn != 0 {
                    f.push(key_bytes(73, &[kb, cn]));
                }
            }
        }
        f.push(key(30, &[word(i - 1), &w.skeleton]));
        f.push(key(31, &[&w.skeleton, word(i + 1)]));
        out.push(f);
    }
    out
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
        let norms = fold_words(&["جنوبی", "افریقہ", "اور", "لاہور", "افریقہ"]);
        let m = g.marks(&norms);
        assert_eq!(m, vec![5, 7, 0, 8, 4]);
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
