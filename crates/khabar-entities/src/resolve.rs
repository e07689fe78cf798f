//! One entity across the corpus: the documents' names, resolved.
//!
//! The input is every distinct name the documents give (the fullest form of
//! each chain, see `document`), with its type and number of mentions. Names
//! join, in this order:
//! 1. on one compact key (the skeleton of the name written as one word):
//!    spellings, diacritics, split or joined words, unless the place lists
//!    spell the two as two places;
//! 2. on one known place (CLDR, GeoNames), for places;
//! 3. one letter apart in one long word (a skeleton of six letters or more)
//!    with the other words equal, within a type: ووستوخنی and ووسٹوچنی;
//! 4. a person's name that begins or ends a longer one ("پوٹن", "ولادیمیر
//!    پوٹن"), if the longer one has at least two thirds of the mentions of
//!    all the longer names it could be. "شریف" joins نواز شریف only where
//!    Nawaz dominates; otherwise it stays an entity of its own.
//!
//! Different people with similar names stay apart: words are compared
//! whole, and only a long word may differ, by one letter. Two places the
//! lists name separately (تاجکستان and پاکستان are a letter apart) never
//! become one, and a letter off never joins two names that are each
//! frequent in their own right: a spelling mistake is rare beside the name
//! it misspells.

use khabar_ner::EntityType;
use rustc_hash::FxHashMap;

use crate::Votes;
use crate::names::{NameKey, name_words, one_letter_apart};
use crate::places::{Place, Places};

/// A word must have this many letters in its skeleton to match one letter
/// off.
const FUZZY_MIN_LETTERS: usize = 6;
/// Marks a word with a letter dropped, in the buckets of step 3.
const DELETED: char = '\u{2}';
/// A bucket this large holds common words, not rare names: left alone.
pub const MAX_BUCKET: usize = 50;
/// Mentions from which a name (with its spellings) is frequent in its own
/// right: two such names are not taken for a misspelling of each other.
pub const FREQUENT: u64 = 20;

/// A distinct name of the corpus.
#[derive(Debug, Clone)]
pub struct NameCount {
    pub name: String,
    pub kind: EntityType,
    /// Mentions of the entity in the documents that give it this name.
    pub mentions: u64,
    /// How often the name is written out in full.
    pub written: u64,
}

/// An entity: the names that are one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// `cldr:RU`, `geonames:1871859`, or the type and canonical name
    /// (`PER:ولادیمیر پوٹن`).
    pub id: String,
    pub kind: EntityType,
    /// The name most often written out (for a person, of those with two
    /// words or more, if any).
    pub canonical: String,
    /// The English name of a known place.
    pub english: Option<String>,
    /// The known place (`cldr:RU`) its names are, whatever its type.
    pub place: Option<String>,
}

pub struct Resolution {
    pub entities: Vec<Entity>,
    /// The entity of each input name.
    pub entity_of: Vec<usize>,
    /// The key of each input name.
    pub keys: Vec<NameKey>,
}

/// Names grouped into entities, with the known place and frequency of each
/// group: the joins that would make one entity of two places, or of two
/// frequent names a letter apart, are refused.
struct Groups<'p> {
    parent: Vec<usize>,
    place: Vec<Option<&'p Place>>,
    frequent: Vec<bool>,
}

impl<'p> Groups<'p> {
    fn new(n: usize) -> Groups<'p> {
        Groups {
            parent: (0..n).collect(),
            place: vec![None; n],
            frequent: vec![false; n],
        }
    }

    fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn place(&mut self, x: usize) -> Option<&'p Place> {
        let root = self.root(x);
        self.place[root]
    }

    /// Gives a group its place, unless it has one.
    fn set_place(&mut self, x: usize, place: &'p Place) {
        let root = self.root(x);
        self.place[root].get_or_insert(place);
    }

    fn mark_frequent(&mut self, x: usize) {
        let root = self.root(x);
        self.frequent[root] = true;
    }

    fn both_frequent(&mut self, a: usize, b: usize) -> bool {
        let (a, b) = (self.root(a), self.root(b));
        a != b && self.frequent[a] && self.frequent[b]
    }

    /// Joins two groups unless they are two different places; the smaller
    /// index stays the root, so the result does not depend on the order of
    /// joins.
    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a == b {
            return;
        }
        if let (Some(x), Some(y)) = (self.place[a], self.place[b])
            && x.id != y.id
        {
            return;
        }
        let (low, high) = (a.min(b), a.max(b));
        self.parent[high] = low;
        self.place[low] = self.place[low].or(self.place[high]);
        self.frequent[low] |= self.frequent[high];
    }
}

/// Group statistics after a phase.
#[derive(Default)]
struct Summary {
    mentions: u64,
    votes: Votes,
}

impl Summary {
    fn kind(&self) -> EntityType {
        self.votes.winner()
    }
}

fn summaries(groups: &mut Groups, names: &[NameCount]) -> FxHashMap<usize, Summary> {
    let mut out: FxHashMap<usize, Summary> = FxHashMap::default();
    for (i, n) in names.iter().enumerate() {
        let s = out.entry(groups.root(i)).or_default();
        s.mentions += n.mentions;
        s.votes.add(n.kind, n.mentions);
    }
    out
}

/// Resolves the corpus's names to entities.
pub fn resolve(names: &[NameCount], places: &Places) -> Resolution {
    let keys: Vec<NameKey> = names.iter().map(|n| NameKey::parse(&n.name)).collect();
    let mut groups = Groups::new(names.len());

    // 0. Places spelled as the lists spell them: انگولا is Angola, though
    // its key is that of انگوئیلا, Anguilla.
    for (i, n) in names.iter().enumerate() {
        if n.kind == EntityType::Location
            && let Some(place) = places.find_spelling(&name_words(&n.name))
        {
            groups.set_place(i, place);
        }
    }

    // 1. One compact key.
    let mut by_compact: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, key) in keys.iter().enumerate() {
        if key.compact.is_empty() {
            continue;
        }
        if let Some(&j) = by_compact.get(key.compact.as_str()) {
            groups.join(i, j);
        } else {
            by_compact.insert(&key.compact, i);
        }
    }

    // 2. One known place.
    let summary = summaries(&mut groups, names);
    let mut by_place: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, key) in keys.iter().enumerate() {
        let root = groups.root(i);
        if summary[&root].kind() != EntityType::Location {
            continue;
        }
        if let Some(place) = groups.place(i).or_else(|| places.find(key)) {
            groups.set_place(i, place);
            match by_place.get(place.id.as_str()) {
                Some(&j) => groups.join(i, j),
                None => {
                    by_place.insert(&place.id, i);
                }
            }
        }
    }

    // 3. One letter apart in one long word, by type.
    let summary = summaries(&mut groups, names);
    let weight: Vec<u64> = (0..names.len())
        .map(|i| summary[&groups.root(i)].mentions)
        .collect();
    for (i, &w) in weight.iter().enumerate() {
        if w >= FREQUENT {
            groups.mark_frequent(i);
        }
    }
    let mut buckets: FxHashMap<(EntityType, String), Vec<usize>> = FxHashMap::default();
    for (i, key) in keys.iter().enumerate() {
        let kind = summary[&groups.root(i)].kind();
        for bucket in letter_off_buckets(key) {
            buckets.entry((kind, bucket)).or_default().push(i);
        }
    }
    // Names in one bucket differ at most by a letter substituted; a word
    // with a letter dropped also meets the word one letter shorter.
    let mut pairs = Vec::new();
    for ((kind, bucket), members) in &buckets {
        if let Some((head, tail)) = bucket.split_once(DELETED)
            && let Some(plain) = buckets.get(&(*kind, format!("{head}{tail}")))
            && members.len() * plain.len() <= MAX_BUCKET * MAX_BUCKET
        {
            pairs.extend(
                members
                    .iter()
                    .flat_map(|&a| plain.iter().map(move |&b| (a, b))),
            );
        }
        if members.len() <= MAX_BUCKET {
            for (n, &a) in members.iter().enumerate() {
                pairs.extend(members[n + 1..].iter().map(|&b| (a, b)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    // A name a letter from several joins the most mentioned: کوپاکستان (a
    // word run into پاکستان) is Pakistan's, not Kazakhstan's (قازقستان).
    pairs.sort_by_key(|&(a, b)| std::cmp::Reverse(weight[a].max(weight[b])));
    for (a, b) in pairs {
        if a != b && fuzzy_match(&keys[a], &keys[b]) && !groups.both_frequent(a, b) {
            groups.join(a, b);
        }
    }

    // 4. Short forms of persons.
    let summary = summaries(&mut groups, names);
    // The longest name of each person group, by mentions.
    let mut main: FxHashMap<usize, usize> = FxHashMap::default();
    for (i, key) in keys.iter().enumerate() {
        let root = groups.root(i);
        if summary[&root].kind() != EntityType::Person || key.is_empty() {
            continue;
        }
        let best = main.entry(root).or_insert(i);
        let rank = |j: usize| (keys[j].len(), names[j].mentions, usize::MAX - j);
        if rank(i) > rank(*best) {
            *best = i;
        }
    }
    // Word sequences that begin or end a longer person name → its groups.
    let mut parts: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (&root, &i) in &main {
        for part in short_forms(&keys[i]) {
            let entry = parts.entry(part).or_default();
            if !entry.contains(&root) {
                entry.push(root);
            }
        }
    }
    let mut joins = Vec::new();
    for (&root, &i) in &main {
        let Some(candidates) = parts.get(&keys[i].joined()) else {
            continue;
        };
        let total: u64 = candidates.iter().map(|c| summary[c].mentions).sum();
        if let Some(&best) = candidates
            .iter()
            .max_by_key(|&&c| (summary[&c].mentions, usize::MAX - c))
            && summary[&best].mentions * 3 >= total * 2
            && best != root
        {
            joins.push((root, best));
        }
    }
    // Short groups join long ones only, so joins do not chain.
    for (short, long) in joins {
        groups.join(short, long);
    }

    let (entities, entity_of) = entities(names, &keys, &mut groups);
    Resolution {
        entities,
        entity_of,
        keys,
    }
}

/// Whether two keys are the same but for one letter in one long word.
pub fn fuzzy_match(a: &NameKey, b: &NameKey) -> bool {
    if a.words.len() != b.words.len() {
        return false;
    }
    let mut differing = a.words.iter().zip(&b.words).filter(|(x, y)| x != y);
    match (differing.next(), differing.next()) {
        (Some((x, y)), None) => {
            x.chars().count().min(y.chars().count()) >= FUZZY_MIN_LETTERS - 1
                && x.chars().count().max(y.chars().count()) >= FUZZY_MIN_LETTERS
                && one_letter_apart(x, y)
        }
        _ => false,
    }
}

/// The buckets of a name for the letter-off step: per long word, the name
/// as it is and with each letter of that word dropped (the word marked).
/// Two names one letter apart share a bucket (a letter substituted), or one
/// has a bucket that is the other's with the mark taken out (a letter
/// added); [`letter_off_lookups`] lists the buckets that meet a name's.
pub fn letter_off_buckets(key: &NameKey) -> Vec<String> {
    let mut out = Vec::new();
    for (w, word) in key.words.iter().enumerate() {
        let letters: Vec<char> = word.chars().collect();
        if letters.len() < FUZZY_MIN_LETTERS - 1 {
            continue;
        }
        let others = |replacement: &str| {
            let mut parts = key.words.clone();
            parts[w] = replacement.to_string();
            format!("{w}\u{1}{}", parts.join(" "))
        };
        out.push(others(word));
        if letters.len() < FUZZY_MIN_LETTERS {
            continue;
        }
        for d in 0..letters.len() {
            let shorter: String = letters[..d].iter().chain(&letters[d + 1..]).collect();
            out.push(others(&format!("{DELETED}{shorter}")));
        }
    }
    out
}

/// The buckets in which the names a letter from this one are found: its
/// own, its own with the mark taken out (names a letter shorter), and its
/// words marked as they stand (names a letter longer).
pub fn letter_off_lookups(key: &NameKey) -> Vec<String> {
    let mut out = Vec::new();
    for bucket in letter_off_buckets(key) {
        match bucket.split_once(DELETED) {
            Some((head, tail)) => out.push(format!("{head}{tail}")),
            None => {
                if let Some((position, rest)) = bucket.split_once('\u{1}') {
                    let w: usize = position.parse().unwrap_or(0);
                    let mut parts: Vec<&str> = rest.split(' ').collect();
                    let marked = format!("{DELETED}{}", parts[w]);
                    parts[w] = &marked;
                    out.push(format!("{position}\u{1}{}", parts.join(" ")));
                }
            }
        }
        out.push(bucket);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The word sequences that begin or end a person's name of several words:
/// the short forms ("پوٹن") that may stand for it.
pub fn short_forms(key: &NameKey) -> Vec<String> {
    let words = &key.words;
    let mut out = Vec::new();
    for n in 1..words.len() {
        out.push(words[..n].join(" "));
        out.push(words[words.len() - n..].join(" "));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// One name of an entity, with its counts, for [`describe`].
pub struct Member<'a> {
    pub name: &'a str,
    pub written: u64,
    pub mentions: u64,
    /// Words in its key.
    pub words: usize,
}

/// An entity from its names: its type, canonical name and id.
pub fn describe(kind: EntityType, members: &[Member], place: Option<&Place>) -> Entity {
    // Per display name (a name may come with several types): times
    // written, mentions, words.
    let mut counts: Vec<(&str, u64, u64, usize)> = Vec::new();
    for m in members {
        match counts.iter_mut().find(|c| c.0 == m.name) {
            Some(c) => {
                c.1 += m.written;
                c.2 += m.mentions;
            }
            None => counts.push((m.name, m.written, m.mentions, m.words)),
        }
    }
    let multiword = kind == EntityType::Person && counts.iter().any(|c| c.3 >= 2);
    let canonical = counts
        .iter()
        .filter(|c| !multiword || c.3 >= 2)
        .max_by(|a, b| (a.1, a.2).cmp(&(b.1, b.2)).then(b.0.cmp(a.0)))
        .map(|c| c.0.to_string())
        .unwrap_or_default();
    let (id, english) = match place {
        Some(place) if kind == EntityType::Location => {
            (place.id.clone(), Some(place.english.clone()))
        }
        _ => (format!("{}:{canonical}", kind.code()), None),
    };
    Entity {
        id,
        kind,
        canonical,
        english,
        place: place.map(|p| p.id.clone()),
    }
}

/// Writes the groups out as entities, in order of their first name.
fn entities(
    names: &[NameCount],
    keys: &[NameKey],
    groups: &mut Groups,
) -> (Vec<Entity>, Vec<usize>) {
    let summary = summaries(groups, names);
    let mut index_of: FxHashMap<usize, usize> = FxHashMap::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut entity_of = Vec::with_capacity(names.len());
    for i in 0..names.len() {
        let root = groups.root(i);
        let e = *index_of.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[e].push(i);
        entity_of.push(e);
    }
    let roots: FxHashMap<usize, usize> = index_of.iter().map(|(&r, &e)| (e, r)).collect();
    let entities = members
        .iter()
        .enumerate()
        .map(|(e, group)| {
            let root = roots[&e];
            let members: Vec<Member> = group
                .iter()
                .map(|&i| Member {
                    name: &names[i].name,
                    written: names[i].written,
                    mentions: names[i].mentions,
                    words: keys[i].len(),
                })
                .collect();
            let place = groups.place(root);
            describe(summary[&root].kind(), &members, place)
        })
        .collect();
    (entities, entity_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(name: &str, kind: EntityType, mentions: u64) -> NameCount {
        NameCount {
            name: name.to_string(),
            kind,
            mentions,
            written: mentions / 2,
        }
    }

    /// The entity of each name, as (canonical, entity) pairs by name.
    fn resolved(names: &[NameCount]) -> Vec<(String, Entity)> {
        let r = resolve(names, Places::embedded());
        names
            .iter()
            .zip(&r.entity_of)
            .map(|(n, &e)| (n.name.clone(), r.entities[e].clone()))
            .collect()
    }

    fn entity_of<'a>(resolved: &'a [(String, Entity)], name: &str) -> &'a Entity {
        &resolved.iter().find(|(n, _)| n == name).unwrap().1
    }

    use EntityType::*;

    #[test]
    fn spellings_initials_and_surnames_join() {
        let r = resolved(&[
            name("ولادیمیر پوٹن", Person, 10),
            name("ولادیمیر وی پیوٹن", Person, 1),
            name("پوتین", Person, 5),
            name("پوتن", Person, 2),
            name("ولادیمیر پوتین", Person, 3),
            name("پوتین", Location, 1),
        ]);
        let putin = entity_of(&r, "ولادیمیر پوٹن");
        assert!(r.iter().all(|(_, e)| e == putin), "{r:?}");
        assert_eq!(putin.canonical, "ولادیمیر پوٹن");
        assert_eq!(putin.kind, Person);
        assert_eq!(putin.id, "PER:ولادیمیر پوٹن");
    }

    #[test]
    fn different_people_stay_apart() {
        let r = resolved(&[
            name("نواز شریف", Person, 10),
            name("شہباز شریف", Person, 8),
            name("شریف", Person, 3),
            name("کم جونگ ان", Person, 10),
            name("کم جونگ ال", Person, 2),
            name("مریم نواز", Person, 4),
        ]);
        let nawaz = entity_of(&r, "نواز شریف");
        assert_ne!(nawaz, entity_of(&r, "شہباز شریف"));
        assert_ne!(nawaz, entity_of(&r, "مریم نواز"));
        // Neither Sharif has two thirds of the mentions: شریف stays alone.
        assert_eq!(entity_of(&r, "شریف").canonical, "شریف");
        assert_ne!(entity_of(&r, "کم جونگ ان"), entity_of(&r, "کم جونگ ال"));
    }

    #[test]
    fn a_dominant_full_name_takes_the_surname() {
        let r = resolved(&[
            name("نواز شریف", Person, 30),
            name("شہباز شریف", Person, 8),
            name("شریف", Person, 3),
        ]);
        assert_eq!(entity_of(&r, "شریف").canonical, "نواز شریف");
    }

    #[test]
    fn places_by_spelling_and_gazetteer() {
        let r = resolved(&[
            name("ووستوخنی کوسموڈروم", Location, 2),
            name("ووسٹوچنی کاسموڈروم", Location, 1),
            name("واسٹوچنی کوسموڈرم", Location, 1),
            name("پیونگ یانگ", Location, 7),
            name("پیانگ یانگ", Location, 5),
            name("ولادی ووستوک", Location, 4),
            name("ولادیووستوک", Location, 1),
            name("بھارت", Location, 9),
            name("ہندوستان", Location, 3),
        ]);
        let vostochny = entity_of(&r, "ووستوخنی کوسموڈروم");
        assert_eq!(vostochny, entity_of(&r, "واسٹوچنی کوسموڈرم"));
        assert_eq!(vostochny, entity_of(&r, "ووسٹوچنی کاسموڈروم"));
        let pyongyang = entity_of(&r, "پیانگ یانگ");
        assert_eq!(pyongyang.id, "geonames:1871859");
        assert_eq!(pyongyang.canonical, "پیونگ یانگ");
        assert_eq!(pyongyang.english.as_deref(), Some("Pyongyang"));
        assert_eq!(entity_of(&r, "ولادیووستوک").id, "geonames:2013348");
        assert_eq!(entity_of(&r, "ہندوستان").canonical, "بھارت");
        assert_ne!(vostochny, pyongyang);
    }

    #[test]
    fn short_words_never_match_a_letter_off() {
        let r = resolved(&[name("لاہور", Location, 5), name("لاہوری", Location, 1)]);
        assert_ne!(entity_of(&r, "لاہور"), entity_of(&r, "لاہوری"));
    }

    #[test]
    fn a_letter_off_does_not_join_two_frequent_names() {
        // Rahman and Rahim: two names, a letter apart in skeleton.
        let (rahman, rahim) = ("عبدالرحمان ملک", "عبدالرحیم ملک");
        let r = resolved(&[name(rahman, Person, 30), name(rahim, Person, 25)]);
        assert_ne!(entity_of(&r, rahman), entity_of(&r, rahim));
        // A rare one is taken for a misspelling of the frequent one...
        let r = resolved(&[name(rahman, Person, 30), name(rahim, Person, 2)]);
        assert_eq!(entity_of(&r, rahman), entity_of(&r, rahim));
        // ...but does not carry it into another frequent name a letter
        // from it.
        let rahmani = "عبدالرحمانی ملک";
        let r = resolved(&[
            name(rahman, Person, 2),
            name(rahim, Person, 30),
            name(rahmani, Person, 30),
        ]);
        assert_ne!(entity_of(&r, rahmani), entity_of(&r, rahim));
        let rare = entity_of(&r, rahman);
        assert!(rare == entity_of(&r, rahim) || rare == entity_of(&r, rahmani));
    }

    #[test]
    fn a_name_a_letter_from_two_joins_the_most_mentioned() {
        let r = resolved(&[
            name("قازقستان", Location, 11),
            name("کوپاکستان", Location, 3),
            name("پاکستان", Location, 500),
        ]);
        assert_eq!(entity_of(&r, "کوپاکستان").id, "cldr:PK");
        assert_eq!(entity_of(&r, "قازقستان").id, "cldr:KZ");
    }

    #[test]
    fn a_letter_off_never_joins_two_places() {
        // تاجکستان is پاکستان with a letter more, in skeleton.
        let r = resolved(&[
            name("پاکستان", Location, 2),
            name("تاجکستان", Location, 1),
            name("قازقستان", Location, 1),
            name("ازبکستان", Location, 1),
        ]);
        let pakistan = entity_of(&r, "پاکستان");
        assert_eq!(pakistan.id, "cldr:PK");
        for other in ["تاجکستان", "قازقستان", "ازبکستان"] {
            assert_ne!(entity_of(&r, other), pakistan, "{other}");
        }
    }

    /// Every spelling of every country and region in both CLDR Urdu lists
    /// (and the news names beside them), as place names of a corpus: each
    /// is resolved to its own country, and no entity holds two countries.
    #[test]
    fn no_two_countries_share_an_entity() {
        let mut spellings: Vec<(&str, &str)> = Vec::new();
        let lists = [
            include_str!("../data/cldr48_territories_ur_en.tsv"),
            include_str!("../data/cldr48_territories_ur-IN_en.tsv"),
        ];
        for line in lists.iter().flat_map(|list| list.lines().skip(1)) {
            let fields: Vec<&str> = line.split('\t').collect();
            let (code, urdu) = (fields[0], fields[2]);
            let is_country = code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase());
            if is_country && !crate::places::NOT_PLACES.contains(&code) {
                spellings.push((code, urdu));
            }
        }
        spellings.extend(crate::places::NEWS_NAMES.iter().copied());
        assert!(spellings.len() > 400, "{}", spellings.len());
        // Counts from frequent to rare, so that both rules meet them.
        let names: Vec<NameCount> = spellings
            .iter()
            .enumerate()
            .map(|(i, (_, urdu))| name(urdu, Location, 1 + (i as u64 * 7) % 60))
            .collect();
        let r = resolve(&names, Places::embedded());
        let mut country_of: FxHashMap<usize, &str> = FxHashMap::default();
        for ((code, urdu), &e) in spellings.iter().zip(&r.entity_of) {
            let first = *country_of.entry(e).or_insert(code);
            assert_eq!(
                first, *code,
                "{urdu} ({code}) is in the entity of {first}: {:?}",
                r.entities[e]
            );
            assert_eq!(r.entities[e].id, format!("cldr:{code}"), "{urdu}");
        }
    }
}
