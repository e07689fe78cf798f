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
    let len = norms.len();
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
    fn shapes() {
        assert_eq!(shape("2023"), 1);
        assert_eq!(shape("۱۲"), 1);
        assert_eq!(shape("۔"), 3);
        assert_eq!(shape("BBC"), 4);
        assert_eq!(shape("لاہور"), 5);
    }
}
