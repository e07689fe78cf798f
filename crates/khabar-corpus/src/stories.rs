//! The questions asked of copies and stories: the copy pairs with their
//! origin, the list of stories, and one story whole (its articles with
//! their copy relations, its timeline and its summary).

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use khabar_stories::{Candidate, summary};
use rusqlite::params;
use serde::Serialize;

use crate::entities::{ArticleRef, EntitySummary, Statement, article_ref_row, sort_key};
use crate::store::Store;
use crate::store::text;

/// A pair of articles, one copying the other.
#[derive(Debug, Clone, Serialize)]
pub struct CopyPair {
    /// The earlier article (published first, or stored first).
    pub a: String,
    pub b: String,
    pub relation: String,
    pub similarity: f64,
    pub containment_a_in_b: f64,
    pub containment_b_in_a: f64,
    /// The earliest article of the group of copies the pair belongs to.
    pub origin: String,
}

/// A story in the list.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    pub id: u64,
    pub title: Option<String>,
    pub articles: usize,
    pub sources: Vec<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// The entities named by most of its articles.
    pub entities: Vec<String>,
    /// Stories of other days that share its main entities.
    pub related: Vec<u64>,
    pub article_ids: Vec<String>,
}

/// A story whole.
#[derive(Debug, Clone, Serialize)]
pub struct StoryPage {
    #[serde(flatten)]
    pub story: StorySummary,
    pub members: Vec<StoryArticle>,
    pub timeline: Vec<Statement>,
    pub summary: Vec<SummarySentence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryArticle {
    #[serde(flatten)]
    pub article: ArticleRef,
    /// Its copy relations with the story's other articles, the most
    /// similar first, at most [`LISTED_COPIES`].
    pub copies: Vec<CopyLink>,
    /// Its copy relations in the story beyond those listed.
    pub more_copies: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CopyLink {
    pub other: String,
    pub relation: String,
    pub similarity: f64,
    /// Whether this article is the later one (the copy).
    pub copied_from_other: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummarySentence {
    pub sentence: String,
    pub article: String,
    pub source: String,
}

/// Copy relations listed per article of a story page: a flood of
/// near-duplicates would otherwise make the page grow as its square.
pub const LISTED_COPIES: usize = 10;

/// Main entities shown per story, and those that link stories (the first
/// of them).
const MAIN_ENTITIES: usize = 5;
const LINKING_ENTITIES: usize = 3;
const RELATED: usize = 5;
/// A story's main entities and related stories come from its latest
/// articles, this many at most: a story list costs the same for stories
/// of a thousand articles as for stories of ten.
const SUMMARY_MEMBERS: usize = 100;
/// Related stories are looked for among the articles stored this near
/// the latest of those, before and after (in a live corpus, the days
/// around it): a frequent entity is named in a tenth of a corpus of any
/// size, and a story list must not read them all, nor all those of a
/// story's weeks.
const RELATED_WINDOW: i64 = 5_000;
/// And among about this many articles naming the entity on each side: the
/// window narrows for a frequent entity, so that a story about Pakistan
/// costs the story list what a story about a village does.
const RELATED_NAMING: i64 = 200;
/// Articles whose sentences may go in a summary.
const SUMMARY_ARTICLES: usize = 30;

/// A member of a story, as stored.
struct Member {
    seq: i64,
    day: Option<i64>,
    article: ArticleRef,
}

impl Store {
    /// Every copy pair at or above a similarity, with its group's origin.
    pub fn copies(&self, min_similarity: f64) -> Result<Vec<CopyPair>> {
        // Each article with its place in published order: (day, seq, id).
        type Placed = (i64, i64, String);
        let mut statement = self.conn.prepare(
            "SELECT c.relation, c.similarity, c.a_in_b, c.b_in_a,
                    c.a, COALESCE(x.day, 9223372036854775807), x.id,
                    c.b, COALESCE(y.day, 9223372036854775807), y.id
             FROM copies c JOIN articles x ON x.seq = c.a JOIN articles y ON y.seq = c.b
             ORDER BY c.a, c.b",
        )?;
        let rows: Vec<(String, f64, f64, f64, Placed, Placed)> = statement
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    (row.get(5)?, row.get(4)?, text(row, 6)?),
                    (row.get(8)?, row.get(7)?, text(row, 9)?),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut groups = Groups::default();
        for (.., a, b) in &rows {
            groups.join(a.1, b.1);
        }
        let mut origins: HashMap<i64, &Placed> = HashMap::new();
        for (.., a, b) in &rows {
            for article in [a, b] {
                let origin = origins.entry(groups.root(article.1)).or_insert(article);
                if article < *origin {
                    *origin = article;
                }
            }
        }
        Ok(rows
            .iter()
            .filter(|row| row.1 >= min_similarity)
            .map(|(relation, similarity, a_in_b, b_in_a, a, b)| CopyPair {
                a: a.2.clone(),
                b: b.2.clone(),
                relation: relation.clone(),
                similarity: *similarity,
                containment_a_in_b: *a_in_b,
                containment_b_in_a: *b_in_a,
                origin: origins[&groups.root(a.1)].2.clone(),
            })
            .collect())
    }

    /// The last day an article placed in a story was published on.
    pub fn latest_story_day(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT MAX(last_day) FROM story_sizes", [], |row| {
                row.get(0)
            })?)
    }

    /// Stories, the largest first (then the latest), of those with an
    /// article published on or after `since_day`.
    pub fn stories(&self, since_day: Option<i64>, limit: usize) -> Result<Vec<StorySummary>> {
        let mut statement = self.conn.prepare(
            "SELECT story FROM story_sizes WHERE ?1 IS NULL OR last_day >= ?1
             ORDER BY articles DESC, last_day DESC, story LIMIT ?2",
        )?;
        let ids: Vec<i64> = statement
            .query_map(params![since_day, limit as i64], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| self.story_summary(id as u64, &self.members(id as u64)?))
            .collect()
    }

    /// The story of an article, by the article's id.
    pub fn story_of(&self, article_id: &str) -> Result<Option<u64>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT s.story FROM story_articles s JOIN articles a ON a.seq = s.article
                 WHERE a.id = ?1",
                params![article_id],
                |row| row.get::<_, i64>(0),
            )
            .optional()?
            .map(|s| s as u64))
    }

    /// One story whole, if there is a story with this id.
    pub fn story(&self, id: u64) -> Result<Option<StoryPage>> {
        let members = self.members(id)?;
        if members.is_empty() {
            return Ok(None);
        }
        let story = self.story_summary(id, &members)?;
        let id_of: HashMap<i64, &str> = members
            .iter()
            .map(|m| (m.seq, m.article.id.as_str()))
            .collect();
        let mut copies: HashMap<i64, Vec<CopyLink>> = HashMap::new();
        {
            let mut statement = self.conn.prepare_cached(
                "SELECT a, b, relation, similarity FROM copies WHERE a = ?1 OR b = ?1",
            )?;
            for member in &members {
                let rows = statement.query_map(params![member.seq], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, f64>(3)?,
                    ))
                })?;
                for row in rows {
                    let (a, b, relation, similarity) = row?;
                    let other = if a == member.seq { b } else { a };
                    if let Some(other_id) = id_of.get(&other) {
                        copies.entry(member.seq).or_default().push(CopyLink {
                            other: other_id.to_string(),
                            relation,
                            similarity,
                            copied_from_other: b == member.seq,
                        });
                    }
                }
            }
        }
        let timeline = self.story_timeline(&members)?;
        let summary = self.story_sentences(&members)?;
        let members = members
            .into_iter()
            .map(|m| {
                let mut links = copies.remove(&m.seq).unwrap_or_default();
                links.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
                let more_copies = links.len().saturating_sub(LISTED_COPIES);
                links.truncate(LISTED_COPIES);
                StoryArticle {
                    copies: links,
                    more_copies,
                    article: m.article,
                }
            })
            .collect();
        Ok(Some(StoryPage {
            story,
            members,
            timeline,
            summary,
        }))
    }

    /// A story's articles in published order.
    fn members(&self, story: u64) -> Result<Vec<Member>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.seq, a.day, a.id, a.title, src.name, a.published
             FROM story_articles s JOIN articles a ON a.seq = s.article
             JOIN sources src ON src.id = a.source_id
             WHERE s.story = ?1 ORDER BY COALESCE(a.day, 9223372036854775807), a.seq",
        )?;
        let rows = statement.query_map(params![story as i64], |row| {
            Ok(Member {
                seq: row.get(0)?,
                day: row.get(1)?,
                article: article_ref_row(row, 2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn story_summary(&self, id: u64, members: &[Member]) -> Result<StorySummary> {
        let mut sources: Vec<String> = Vec::new();
        for m in members {
            if !sources.contains(&m.article.source) {
                sources.push(m.article.source.clone());
            }
        }
        let dated: Vec<&Member> = members.iter().filter(|m| m.day.is_some()).collect();
        let latest = &members[members.len().saturating_sub(SUMMARY_MEMBERS)..];
        // Read once for the list and for the linking entities among them.
        let main: Vec<(i64, Option<EntitySummary>)> = self
            .main_entities(latest)?
            .into_iter()
            .take(MAIN_ENTITIES)
            .map(|(row, _)| Ok((row, self.entity_by_row(row)?)))
            .collect::<Result<_>>()?;
        let related = self.related_stories(id, &main, latest)?;
        let entities = main
            .into_iter()
            .filter_map(|(_, entity)| entity.map(|e| e.canonical))
            .collect();
        Ok(StorySummary {
            id,
            title: match members.iter().find_map(|m| m.article.title.clone()) {
                Some(title) => Some(title),
                None => self.opening(members)?,
            },
            articles: members.len(),
            sources,
            first_published: dated.first().and_then(|m| m.article.published.clone()),
            last_published: dated.last().and_then(|m| m.article.published.clone()),
            entities,
            related,
            article_ids: members.iter().map(|m| m.article.id.clone()).collect(),
        })
    }

    /// The first sentence of the first article, for a story without a
    /// title.
    fn opening(&self, members: &[Member]) -> Result<Option<String>> {
        let Some(first) = members.first() else {
            return Ok(None);
        };
        let (text, ..) = self.article_text(first.seq)?;
        let analysis = khabar_text::analyze(&text, &khabar_text::ScriptOnly);
        Ok(analysis
            .sentences
            .first()
            .map(|s| text[s.start..s.end].to_string()))
    }

    /// Entities (by row) with the number of the story's articles naming
    /// them, most first.
    fn main_entities(&self, members: &[Member]) -> Result<Vec<(i64, usize)>> {
        let mut counts: HashMap<i64, usize> = HashMap::new();
        for member in members {
            let entities: HashSet<i64> = self
                .entities_in(member.seq)?
                .into_iter()
                .map(|(_, _, entity)| entity)
                .collect();
            for entity in entities {
                *counts.entry(entity).or_default() += 1;
            }
        }
        let mut ranked: Vec<(i64, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(ranked)
    }

    /// Other stories, among those told within [`RELATED_WINDOW`] articles
    /// of the latest member (fewer for a frequent entity: [`RELATED_NAMING`]),
    /// that share at least two of the main entities (all of them if there
    /// are fewer than two), most shared first.
    fn related_stories(
        &self,
        id: u64,
        main: &[(i64, Option<EntitySummary>)],
        members: &[Member],
    ) -> Result<Vec<u64>> {
        let linking = &main[..main.len().min(LINKING_ENTITIES)];
        let Some(last) = members.iter().map(|m| m.seq).max() else {
            return Ok(Vec::new());
        };
        if linking.is_empty() {
            return Ok(Vec::new());
        }
        let needed = linking.len().min(2);
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT s.story FROM entity_names n
             JOIN mentions m ON m.name = n.name AND m.kind = n.kind
             JOIN story_articles s ON s.article = m.article
             WHERE n.entity = ?1 AND m.article BETWEEN ?2 AND ?3",
        )?;
        let stored = i64::try_from(self.last_seq()?)?;
        let mut shared: HashMap<i64, usize> = HashMap::new();
        for (entity, summary) in linking {
            let naming = summary
                .as_ref()
                .map_or(1, |e| i64::try_from(e.articles).unwrap_or(i64::MAX))
                .max(1);
            let window = (RELATED_NAMING.saturating_mul(stored) / naming).min(RELATED_WINDOW);
            let stories = statement
                .query_map(params![entity, last - window, last + window], |row| {
                    row.get::<_, i64>(0)
                })?;
            for story in stories {
                *shared.entry(story?).or_default() += 1;
            }
        }
        let mut ranked: Vec<(i64, usize)> = shared
            .into_iter()
            .filter(|&(story, count)| story as u64 != id && count >= needed)
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        Ok(ranked
            .into_iter()
            .take(RELATED)
            .map(|(s, _)| s as u64)
            .collect())
    }

    /// The dated statements of a story's articles in date order; a
    /// sentence that copies carry word for word appears once.
    fn story_timeline(&self, members: &[Member]) -> Result<Vec<Statement>> {
        let mut statements = Vec::new();
        let mut seen = HashSet::new();
        for member in members {
            let (text, _, article) = self.article_text(member.seq)?;
            for date in self.dates_of(member.seq)? {
                if let Some(statement) = date.statement(&text, &article)
                    && seen.insert(
                        statement
                            .sentence
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                    )
                {
                    statements.push(statement);
                }
            }
        }
        statements.sort_by_key(|s| sort_key(&s.date));
        Ok(statements)
    }

    /// Three to five sentences (more sources, more sentences) that sum the
    /// story up.
    fn story_sentences(&self, members: &[Member]) -> Result<Vec<SummarySentence>> {
        let texts: Vec<(String, &Member)> = members
            .iter()
            .take(SUMMARY_ARTICLES)
            .map(|m| Ok((self.article_text(m.seq)?.0, m)))
            .collect::<Result<_>>()?;
        let analyses: Vec<khabar_text::Analysis> = texts
            .iter()
            .map(|(text, _)| khabar_text::analyze(text, &khabar_text::ScriptOnly))
            .collect();
        let mut candidates = Vec::new();
        let mut spans = Vec::new();
        for (article, analysis) in analyses.iter().enumerate() {
            let mut tokens = analysis.tokens.iter().peekable();
            for (position, sentence) in analysis.sentences.iter().enumerate() {
                let mut words = Vec::new();
                while let Some(token) = tokens.next_if(|t| t.start < sentence.end) {
                    if token.start >= sentence.start && token.kind.is_word() {
                        words.push(analysis.norm(token));
                    }
                }
                candidates.push(Candidate {
                    article,
                    source: &texts[article].1.article.source,
                    position,
                    words,
                });
                spans.push((article, sentence.start, sentence.end));
            }
        }
        let sources: HashSet<&str> = members.iter().map(|m| m.article.source.as_str()).collect();
        let count = (2 + sources.len()).clamp(3, 5);
        Ok(summary(&candidates, count)
            .into_iter()
            .map(|i| {
                let (article, start, end) = spans[i];
                let member = texts[article].1;
                SummarySentence {
                    sentence: analyses[article].text[start..end].to_string(),
                    article: member.article.id.clone(),
                    source: member.article.source.clone(),
                }
            })
            .collect())
    }
}

/// Union-find over article sequence numbers.
#[derive(Default)]
struct Groups {
    parent: HashMap<i64, i64>,
}

impl Groups {
    fn root(&mut self, seq: i64) -> i64 {
        let parent = *self.parent.entry(seq).or_insert(seq);
        if parent == seq {
            return seq;
        }
        let root = self.root(parent);
        self.parent.insert(seq, root);
        root
    }

    fn join(&mut self, a: i64, b: i64) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent.insert(a.max(b), a.min(b));
        }
    }
}
