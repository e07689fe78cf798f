//! Known places: the CLDR country and region names (Urdu, for Pakistan and
//! for India) and the GeoNames cities of 5,000 people or more with their
//! Arabic-script spellings (files in `data/`, see `NOTICE`).
//!
//! A place mention whose key matches one of a place's spellings belongs to
//! that place, so spellings that no rule relates (بھارت and ہندوستان) are
//! one entity, with a stable id (`cldr:IN`, `geonames:1871859`). A few names
//! the news uses beside CLDR's formal ones are added here.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::names::{NameKey, name_words};

const TERRITORIES_UR: &str = include_str!("../data/cldr48_territories_ur_en.tsv");
const TERRITORIES_UR_IN: &str = include_str!("../data/cldr48_territories_ur-IN_en.tsv");
const CITIES: &str = include_str!("../data/geonames_cities5000_arabic_script.tsv");

/// CLDR codes that are not places: the world, the UN, the EU and the
/// euro area, and pseudo-regions.
pub(crate) const NOT_PLACES: &[&str] = &["001", "UN", "EU", "EZ", "QO", "XA", "XB", "ZZ"];

/// Names the news uses where CLDR gives the formal one (ہندوستان beside
/// بھارت, امریکہ beside ریاست ہائے متحدہ امریکہ).
pub(crate) const NEWS_NAMES: &[(&str, &str)] = &[
    ("IN", "ہندوستان"),
    ("US", "امریکہ"),
    ("US", "امریکا"),
    ("GB", "برطانیہ"),
    ("MM", "برما"),
    ("MM", "میانمار"),
    ("CZ", "چیک جمہوریہ"),
    ("NL", "ہالینڈ"),
    ("TR", "ترکی"),
    ("CI", "آئیوری کوسٹ"),
    ("KZ", "قازقستان"),
];

/// The population from which a city is major.
const MAJOR_CITY: u64 = 100_000;

/// The shortest compact key looked up: shorter ones name too many things.
const MIN_KEY: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// `cldr:<region code>` or `geonames:<id>`.
    pub id: String,
    pub english: String,
    /// A country or region, or a city of 100,000 people or more: a name
    /// that, tagged as anything, is this place.
    pub major: bool,
}

pub struct Places {
    places: Vec<Place>,
    /// Compact key of a spelling to the place; the first place listed
    /// (countries, then cities by population) keeps a key.
    by_key: FxHashMap<String, u32>,
    /// Each spelling in analysis form (words joined by a space).
    by_spelling: FxHashMap<String, u32>,
    by_id: FxHashMap<String, u32>,
}

static PLACES: LazyLock<Places> = LazyLock::new(Places::load);

impl Places {
    /// The embedded list, loaded on first use.
    pub fn embedded() -> &'static Places {
        &PLACES
    }

    fn load() -> Places {
        let mut list = Places {
            places: Vec::new(),
            by_key: FxHashMap::default(),
            by_spelling: FxHashMap::default(),
            by_id: FxHashMap::default(),
        };
        let mut territories: Vec<(&str, &str, Vec<&str>)> = Vec::new();
        for line in TERRITORIES_UR
            .lines()
            .chain(TERRITORIES_UR_IN.lines())
            .skip(1)
        {
            let mut fields = line.split('\t');
            let (Some(code), Some(english), Some(urdu)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if code == "code" || NOT_PLACES.contains(&code) {
                continue;
            }
            match territories.iter_mut().find(|t| t.0 == code) {
                Some(t) => t.2.push(urdu),
                None => territories.push((code, english, vec![urdu])),
            }
        }
        for (code, name) in NEWS_NAMES {
            if let Some(t) = territories.iter_mut().find(|t| t.0 == *code) {
                t.2.push(name);
            }
        }
        for (code, english, spellings) in territories {
            list.add(format!("cldr:{code}"), english, true, spellings.into_iter());
        }
        let mut cities: Vec<(u64, &str, &str, &str)> = CITIES
            .lines()
            .skip(1)
            .filter_map(|line| {
                let f: Vec<&str> = line.split('\t').collect();
                let population = f.get(4)?.parse().ok()?;
                Some((population, *f.first()?, *f.get(1)?, *f.get(7)?))
            })
            .collect();
        cities.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        for (population, id, english, spellings) in cities {
            // "ماسکو، ایڈاہو": the city with its state is not the city.
            let spellings = spellings.split('|').filter(|s| !s.contains('،'));
            let major = population >= MAJOR_CITY;
            list.add(format!("geonames:{id}"), english, major, spellings);
        }
        list
    }

    fn add<'a>(
        &mut self,
        id: String,
        english: &str,
        major: bool,
        spellings: impl Iterator<Item = &'a str>,
    ) {
        let index = self.places.len() as u32;
        self.by_id.insert(id.clone(), index);
        self.places.push(Place {
            id,
            english: english.to_string(),
            major,
        });
        for spelling in spellings {
            let words = name_words(spelling);
            let key = NameKey::of(&words).compact;
            if key.chars().count() >= MIN_KEY {
                self.by_key.entry(key).or_insert(index);
                self.by_spelling.entry(words.join(" ")).or_insert(index);
            }
        }
    }

    /// The place of an id (`cldr:PK`).
    pub fn by_id(&self, id: &str) -> Option<&Place> {
        self.by_id.get(id).map(|&i| &self.places[i as usize])
    }

    /// The place one of whose spellings has this key.
    pub fn find(&self, key: &NameKey) -> Option<&Place> {
        self.find_compact(&key.compact)
    }

    /// The place one of whose spellings has this compact key.
    pub fn find_compact(&self, compact: &str) -> Option<&Place> {
        self.by_key.get(compact).map(|&i| &self.places[i as usize])
    }

    /// The place spelled exactly so (words in analysis form): for telling
    /// a place from a person, where skeletons are too loose (پٹن is a city,
    /// پوٹن is Putin).
    pub fn find_spelling<S: AsRef<str>>(&self, words: &[S]) -> Option<&Place> {
        let joined = words
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(" ");
        self.by_spelling
            .get(&joined)
            .map(|&i| &self.places[i as usize])
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(name: &str) -> Option<String> {
        Places::embedded()
            .find(&NameKey::parse(name))
            .map(|p| p.id.clone())
    }

    #[test]
    fn countries_and_cities() {
        assert!(Places::embedded().len() > 20_000);
        assert_eq!(id("پاکستان").as_deref(), Some("cldr:PK"));
        assert_eq!(id("روس").as_deref(), Some("cldr:RU"));
        assert_eq!(id("بھارت").as_deref(), Some("cldr:IN"));
        assert_eq!(id("ہندوستان").as_deref(), Some("cldr:IN"));
        assert_eq!(id("امریکہ").as_deref(), Some("cldr:US"));
        assert_eq!(id("ماسکو").as_deref(), Some("geonames:524901"));
        assert_eq!(id("پیونگ یانگ").as_deref(), Some("geonames:1871859"));
        assert_eq!(id("پیانگ یانگ"), id("پیونگ یانگ"));
        assert_eq!(id("ولادی ووستوک").as_deref(), Some("geonames:2013348"));
        assert_eq!(id("ولادیووستوک"), id("ولادی ووستوک"));
        assert_eq!(id("کراچی").as_deref(), Some("geonames:1174872"));
    }
}
