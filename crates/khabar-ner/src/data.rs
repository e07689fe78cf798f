//! Turning the contents of the training files into training data (pure:
//! the caller reads the files).

use khabar_text::normalize::fold;

use crate::features::{GazClass, Gazetteer};
use crate::tags::{Tag, Tagset, parse_conll, to_bio};

/// CLDR territory codes that are not places an article names as such
/// ("world", pseudo-locales, unknown) or that are organisations (UN, EU).
const SKIPPED_TERRITORIES: &[&str] = &["001", "EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"];

/// Adds CLDR territory names (`code TAB English TAB Urdu`, header first).
pub fn add_cldr_territories(gazetteer: &mut Gazetteer, tsv: &str) {
    for line in tsv.lines().skip(1) {
        let mut f = line.split('\t');
        let (Some(code), Some(_), Some(name)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        if !SKIPPED_TERRITORIES.contains(&code) {
            gazetteer.insert(name, GazClass::Territory);
        }
    }
}

/// Adds CLDR language names (`code TAB English TAB Urdu`, header first).
pub fn add_cldr_languages(gazetteer: &mut Gazetteer, tsv: &str) {
    for line in tsv.lines().skip(1) {
        if let Some(name) = line.split('\t').nth(2) {
            gazetteer.insert(name, GazClass::Language);
        }
    }
}

/// Adds the GeoNames cities (the staged extract: population in column 5,
/// "|"-joined Arabic-script names in column 8, header first).
pub fn add_geonames(gazetteer: &mut Gazetteer, tsv: &str) {
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 8 {
            continue;
        }
        let population: u64 = f[4].parse().unwrap_or(0);
        let class = if population >= 100_000 {
            GazClass::BigCity
        } else {
            GazClass::City
        };
        for name in f[7].split('|') {
            gazetteer.insert(name, class);
        }
    }
}

/// Titles that Jahangir et al. tag as part of a person's name ("صدر",
/// "وزیر اعظم", "جنرل" ... PERSON) and IL-NER leaves outside.
const TITLES: &[&str] = &[
    "صدر",
    "وزیر",
    "اعظم",
    "وزیراعظم",
    "اعلیٰ",
    "وزیراعلیٰ",
    "خارجہ",
    "داخلہ",
    "مسٹر",
    "مسز",
    "جناب",
    "محترم",
    "محترمہ",
    "ڈاکٹر",
    "جنرل",
    "چیئرمین",
    "سینیٹر",
    "گورنر",
    "جسٹس",
    "چیف",
    "سیکرٹری",
    "سیکریٹری",
    "کرنل",
    "میجر",
    "لیفٹیننٹ",
    "بریگیڈیئر",
    "ایڈمرل",
    "ایئر",
    "مارشل",
    "پروفیسر",
    "سفیر",
    "ترجمان",
    "رہنما",
    "قائد",
    "سربراہ",
    "کپتان",
];

/// Makes titles at the start of a person span outside, so that the
/// legacy sets follow IL-NER ("صدر" O, "پوٹن" B-PER).
pub fn strip_leading_titles(words: &[String], tags: &mut [Tag]) {
    let mut i = 0;
    while i < tags.len() {
        if tags[i] == Tag::BPer {
            let mut j = i;
            while j < tags.len()
                && (j == i || tags[j] == Tag::IPer)
                && TITLES.iter().any(|t| fold(t) == fold(&words[j]))
            {
                tags[j] = Tag::O;
                j += 1;
            }
            if j > i && j < tags.len() && tags[j] == Tag::IPer {
                tags[j] = Tag::BPer;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
}

/// Training sentences (words and BIO tags) from a CoNLL file's text; in the
/// legacy sets, titles at the start of a person are made outside.
pub fn conll_sentences(text: &str, tagset: Option<Tagset>) -> Vec<(Vec<String>, Vec<Tag>)> {
    let raw = parse_conll(text);
    let tagset = tagset.unwrap_or_else(|| {
        Tagset::detect(raw.iter().flat_map(|s| s.tags.iter().map(String::as_str)))
    });
    raw.iter()
        .map(|s| {
            let mut g = to_bio(s, tagset);
            if tagset == Tagset::Legacy {
                strip_leading_titles(&g.words, &mut g.tags);
            }
            (g.words, g.tags)
        })
        .collect()
}

/// Which part of a legacy set (IJCNLP-2008, Jahangir; neither comes with
/// splits) a sentence belongs to: the first 80% of the sentences train,
/// the last 20% are held out for evaluation.
pub fn legacy_train_len(sentences: usize) -> usize {
    sentences * 4 / 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteers() {
        let mut g = Gazetteer::default();
        add_cldr_territories(
            &mut g,
            "code\tname_en\tname_ur\n001\tworld\tدنیا\nPK\tPakistan\tپاکستان\nUN\tUnited Nations\tاقوام متحدہ\n",
        );
        add_geonames(
            &mut g,
            "h\th\th\th\th\th\th\th\th\n1\tLahore\tPK\t04\t6310888\t31\t74\tلاهور|لاہور\tلاہور\n",
        );
        // "world" and the UN are left out; the two spellings of Lahore
        // fold to one name.
        let names: Vec<(&str, GazClass)> = g.sorted();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&("پاکستان", GazClass::Territory)));
        assert!(names.iter().any(|&(_, c)| c == GazClass::BigCity));
    }

    #[test]
    fn titles_leave_legacy_persons() {
        let text = "امریکی\tO\nصدر\tPERSON\nجو\tPERSON\nبائیڈن\tPERSON\nاور\tO\nوزیر\tPERSON\nاعظم\tPERSON\nمودی\tPERSON\n\nجنرل\tPERSON\n";
        let s = conll_sentences(text, None);
        use Tag::*;
        assert_eq!(s[0].1, vec![O, O, BPer, IPer, O, O, O, BPer]);
        assert_eq!(s[1].1, vec![O]);
    }

    #[test]
    fn legacy_split() {
        assert_eq!(legacy_train_len(10), 8);
        assert_eq!(legacy_train_len(0), 0);
    }
}
