//! Tags, entity types, the mapping of the gold tag sets to BIO over three
//! types, and spans.

/// The three entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Location,
    Organisation,
}

impl EntityType {
    pub const ALL: [EntityType; 3] = [
        EntityType::Person,
        EntityType::Location,
        EntityType::Organisation,
    ];

    /// `PER`, `LOC` or `ORG`.
    pub fn code(self) -> &'static str {
        match self {
            EntityType::Person => "PER",
            EntityType::Location => "LOC",
            EntityType::Organisation => "ORG",
        }
    }

    fn index(self) -> u8 {
        match self {
            EntityType::Person => 0,
            EntityType::Location => 1,
            EntityType::Organisation => 2,
        }
    }
}

/// A BIO tag over the three types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum Tag {
    #[default]
    O = 0,
    BPer = 1,
    IPer = 2,
    BLoc = 3,
    ILoc = 4,
    BOrg = 5,
    IOrg = 6,
}

/// The number of tags.
pub const TAGS: usize = 7;

impl Tag {
    pub const ALL: [Tag; TAGS] = [
        Tag::O,
        Tag::BPer,
        Tag::IPer,
        Tag::BLoc,
        Tag::ILoc,
        Tag::BOrg,
        Tag::IOrg,
    ];

    /// The tag for an entity token, beginning an entity or inside one.
    pub fn new(entity: EntityType, begin: bool) -> Tag {
        Tag::ALL[(1 + 2 * entity.index() + u8::from(!begin)) as usize]
    }

    pub fn from_index(i: usize) -> Tag {
        Tag::ALL[i]
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The entity type, or `None` for `O`.
    pub fn entity(self) -> Option<EntityType> {
        match self {
            Tag::O => None,
            Tag::BPer | Tag::IPer => Some(EntityType::Person),
            Tag::BLoc | Tag::ILoc => Some(EntityType::Location),
            Tag::BOrg | Tag::IOrg => Some(EntityType::Organisation),
        }
    }

    pub fn is_begin(self) -> bool {
        matches!(self, Tag::BPer | Tag::BLoc | Tag::BOrg)
    }

    pub fn is_inside(self) -> bool {
        matches!(self, Tag::IPer | Tag::ILoc | Tag::IOrg)
    }

    /// `B-PER`, `I-LOC`, `O`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::O => "O",
            Tag::BPer => "B-PER",
            Tag::IPer => "I-PER",
            Tag::BLoc => "B-LOC",
            Tag::ILoc => "I-LOC",
            Tag::BOrg => "B-ORG",
            Tag::IOrg => "I-ORG",
        }
    }

    /// Whether this tag may follow `prev` (`None` at the start of a
    /// sentence): an I- tag only continues an entity of its own type.
    pub fn may_follow(self, prev: Option<Tag>) -> bool {
        !self.is_inside() || prev.and_then(Tag::entity) == self.entity()
    }
}

/// The gold tag sets this crate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tagset {
    /// IL-NER: BIO over NEP, NEL, NEO (person, location, organisation) and
    /// NEN, NETI, NEAR, NET, NIMI (all outside here).
    IlNer,
    /// IJCNLP-2008 and Jahangir et al. 2012 as distributed here: IO tags
    /// PERSON, LOCATION, ORGANIZATION (and DESIGNATION, TIME, NUMBER, DATE,
    /// outside here).
    Legacy,
}

impl Tagset {
    /// The tag set of a file from its tags: legacy if any tag is one of the
    /// legacy names, else IL-NER.
    pub fn detect<'a>(tags: impl IntoIterator<Item = &'a str>) -> Tagset {
        for tag in tags {
            if matches!(
                tag,
                "PERSON" | "LOCATION" | "ORGANIZATION" | "DESIGNATION" | "TIME" | "DATE" | "NUMBER"
            ) {
                return Tagset::Legacy;
            }
        }
        Tagset::IlNer
    }

    /// The type and the begin mark a raw tag stands for: (`None`, _) for
    /// outside. In the legacy (IO) sets every entity token is "inside".
    pub fn map(self, raw: &str) -> (Option<EntityType>, bool) {
        match self {
            Tagset::IlNer => {
                let (begin, name) = match raw.split_once('-') {
                    Some(("B", name)) => (true, name),
                    Some(("I", name)) => (false, name),
                    // "-", "-NEL" and other malformed tags are outside.
                    _ => return (None, false),
                };
                let entity = match name {
                    "NEP" => Some(EntityType::Person),
                    "NEL" => Some(EntityType::Location),
                    "NEO" => Some(EntityType::Organisation),
                    _ => None,
                };
                (entity, begin)
            }
            Tagset::Legacy => {
                let entity = match raw {
                    "PERSON" => Some(EntityType::Person),
                    "LOCATION" => Some(EntityType::Location),
                    "ORGANIZATION" | "ORGANISATION" => Some(EntityType::Organisation),
                    _ => None,
                };
                (entity, false)
            }
        }
    }
}

/// One sentence of a CoNLL file: tokens and their raw gold tags.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// Parses "token TAB tag" lines with a blank line between sentences (a
/// leading BOM is ignored; a line without a tab splits at its last run of
/// white space; a line with a single field is a token tagged `O`).
pub fn parse_conll(text: &str) -> Vec<RawSentence> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut sentences = Vec::new();
    let mut current = RawSentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let (token, tag) = match line.split_once('\t') {
            Some((token, rest)) => (token, rest.split('\t').next().unwrap_or("O")),
            None => match line.trim().rsplit_once(char::is_whitespace) {
                Some((token, tag)) => (token, tag),
                None => (line.trim(), "O"),
            },
        };
        let token = token.trim().trim_start_matches('\u{FEFF}');
        if token.is_empty() {
            continue;
        }
        current.tokens.push(token.to_string());
        current.tags.push(tag.trim().to_string());
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// The words of a gold token: IL-NER joins multiword tokens with "_"
/// (سرمایہ_کاروں), which the run-time tokenizer gives as separate words.
pub fn split_token(token: &str) -> Vec<&str> {
    let pieces: Vec<&str> = token.split('_').filter(|p| !p.is_empty()).collect();
    if pieces.is_empty() {
        vec![token]
    } else {
        pieces
    }
}

/// A gold sentence as words and BIO tags over the three types, with, for
/// each word, the index of the gold token it came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldSentence {
    pub words: Vec<String>,
    pub tags: Vec<Tag>,
    pub token_of_word: Vec<usize>,
}

/// Maps a raw sentence to words and BIO tags: tokens are split on "_" (the
/// pieces of an entity token continue it: B- then I-), tags are mapped by
/// the tag set, and an I- tag not preceded by a tag of the same type starts
/// an entity. In the legacy (IO) sets a run of same-type tokens is one
/// entity.
pub fn to_bio(sentence: &RawSentence, tagset: Tagset) -> GoldSentence {
    let mut out = GoldSentence::default();
    let mut prev: Option<EntityType> = None;
    for (t, (token, raw)) in sentence.tokens.iter().zip(&sentence.tags).enumerate() {
        let (entity, begin) = tagset.map(raw);
        for (k, piece) in split_token(token).into_iter().enumerate() {
            let tag = match entity {
                None => Tag::O,
                Some(e) => {
                    let starts = k == 0 && (begin || prev != Some(e));
                    Tag::new(e, starts)
                }
            };
            prev = entity;
            out.words.push(piece.to_string());
            out.tags.push(tag);
            out.token_of_word.push(t);
        }
    }
    out
}

/// An entity span: words `start..end` (end exclusive) of one type.
pub type Span = (usize, usize, EntityType);

/// The entity spans of a BIO tag sequence; an I- tag that does not continue
/// an entity of its type starts one.
pub fn spans(tags: &[Tag]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let continues = match (open, tag.entity()) {
            (Some((_, e)), Some(t)) => tag.is_inside() && e == t,
            _ => false,
        };
        if continues {
            continue;
        }
        if let Some((start, e)) = open.take() {
            out.push((start, i, e));
        }
        if let Some(e) = tag.entity() {
            open = Some((i, e));
        }
    }
    if let Some((start, e)) = open {
        out.push((start, tags.len(), e));
    }
    out
}

/// The entity spans under the IO scheme: adjacent tokens of one type are
/// one entity whatever their B/I marks.
pub fn io_spans(tags: &[Tag]) -> Vec<Span> {
    let io: Vec<Tag> = tags
        .iter()
        .map(|t| match t.entity() {
            Some(e) => Tag::new(e, false),
            None => Tag::O,
        })
        .collect();
    spans(&io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> RawSentence {
        RawSentence {
            tokens: pairs.iter().map(|p| p.0.to_string()).collect(),
            tags: pairs.iter().map(|p| p.1.to_string()).collect(),
        }
    }

    #[test]
    fn il_ner_tags_map_to_three_types() {
        let s = raw(&[
            ("نریندر", "B-NEP"),
            ("مودی", "I-NEP"),
            ("نے", "O"),
            ("دس", "B-NEN"),
            ("ہندوستان", "B-NEL"),
            ("وزارت", "B-NEO"),
            ("کل", "B-NETI"),
        ]);
        let g = to_bio(&s, Tagset::IlNer);
        assert_eq!(
            g.tags,
            vec![
                Tag::BPer,
                Tag::IPer,
                Tag::O,
                Tag::O,
                Tag::BLoc,
                Tag::BOrg,
                Tag::O
            ]
        );
    }

    #[test]
    fn inside_without_begin_starts_an_entity() {
        let s = raw(&[
            ("الیکشن", "I-NEO"),
            ("کمیشن", "I-NEO"),
            ("اور", "O"),
            ("دہلی", "I-NEL"),
            ("ممبئی", "I-NEP"),
        ]);
        let g = to_bio(&s, Tagset::IlNer);
        assert_eq!(
            g.tags,
            vec![Tag::BOrg, Tag::IOrg, Tag::O, Tag::BLoc, Tag::BPer]
        );
        assert_eq!(
            spans(&g.tags),
            vec![
                (0, 2, EntityType::Organisation),
                (3, 4, EntityType::Location),
                (4, 5, EntityType::Person)
            ]
        );
    }

    #[test]
    fn malformed_tags_are_outside() {
        let s = raw(&[
            ("a", "-"),
            ("b", "-NEL"),
            ("c", "-NEP"),
            ("d", "B-"),
            ("e", "X"),
        ]);
        let g = to_bio(&s, Tagset::IlNer);
        assert!(g.tags.iter().all(|&t| t == Tag::O));
    }

    #[test]
    fn underscore_tokens_split_and_continue_the_entity() {
        let s = raw(&[
            ("سرمایہ_کاروں", "O"),
            ("اتر_پردیش", "B-NEL"),
            ("_", "O"),
            ("بھارتیہ_جنتا_پارٹی", "I-NEO"),
        ]);
        let g = to_bio(&s, Tagset::IlNer);
        assert_eq!(
            g.words,
            vec![
                "سرمایہ",
                "کاروں",
                "اتر",
                "پردیش",
                "_",
                "بھارتیہ",
                "جنتا",
                "پارٹی"
            ]
        );
        assert_eq!(
            g.tags,
            vec![
                Tag::O,
                Tag::O,
                Tag::BLoc,
                Tag::ILoc,
                Tag::O,
                Tag::BOrg,
                Tag::IOrg,
                Tag::IOrg
            ]
        );
        assert_eq!(g.token_of_word, vec![0, 0, 1, 1, 2, 3, 3, 3]);
    }

    #[test]
    fn legacy_io_runs_are_one_entity() {
        let s = raw(&[
            ("ٹریور", "ORGANIZATION"),
            ("ٹینک", "ORGANIZATION"),
            ("شوکت", "PERSON"),
            ("عزیز", "PERSON"),
            ("وزیر", "DESIGNATION"),
            ("لاہور", "LOCATION"),
        ]);
        assert_eq!(
            Tagset::detect(s.tags.iter().map(String::as_str)),
            Tagset::Legacy
        );
        let g = to_bio(&s, Tagset::Legacy);
        assert_eq!(
            g.tags,
            vec![
                Tag::BOrg,
                Tag::IOrg,
                Tag::BPer,
                Tag::IPer,
                Tag::O,
                Tag::BLoc
            ]
        );
    }

    #[test]
    fn spans_and_io_spans() {
        let tags = [
            Tag::BPer,
            Tag::IPer,
            Tag::BPer,
            Tag::O,
            Tag::ILoc,
            Tag::IOrg,
        ];
        assert_eq!(
            spans(&tags),
            vec![
                (0, 2, EntityType::Person),
                (2, 3, EntityType::Person),
                (4, 5, EntityType::Location),
                (5, 6, EntityType::Organisation)
            ]
        );
        assert_eq!(
            io_spans(&tags),
            vec![
                (0, 3, EntityType::Person),
                (4, 5, EntityType::Location),
                (5, 6, EntityType::Organisation)
            ]
        );
    }

    #[test]
    fn conll_parsing() {
        let text = "\u{FEFF}۱۔\tO\nٹریور\tORGANIZATION\r\n\n\nلاہور LOCATION\nتنہا\n";
        let s = parse_conll(text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, vec!["۱۔", "ٹریور"]);
        assert_eq!(s[1].tokens, vec!["لاہور", "تنہا"]);
        assert_eq!(s[1].tags, vec!["LOCATION", "O"]);
    }

    #[test]
    fn tag_constraints() {
        assert!(Tag::IPer.may_follow(Some(Tag::BPer)));
        assert!(Tag::IPer.may_follow(Some(Tag::IPer)));
        assert!(!Tag::IPer.may_follow(Some(Tag::BLoc)));
        assert!(!Tag::IPer.may_follow(None));
        assert!(Tag::BLoc.may_follow(None));
        for t in Tag::ALL {
            assert_eq!(Tag::from_index(t.index()), t);
        }
    }
}
