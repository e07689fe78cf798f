//! Online clustering of articles into stories.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::postings::{Posting, Postings};
use crate::{Background, Terms};

/// When an article joins a story.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The least match (cosine less the day penalty) to join a story.
    pub threshold: f32,
    /// Articles further apart than this (in days) from every article of a
    /// story do not join it.
    pub max_gap_days: i32,
    /// Nor do those that would stretch it over more days than this: an
    /// event is told within weeks, and without a bound a running topic
    /// (bombings in Afghanistan, the stock market) would chain into one
    /// story for years. Its later weeks are stories of their own, related
    /// by their entities.
    pub max_span_days: i32,
    /// Taken off the match for each day between the article and the story.
    pub penalty_per_day: f32,
}

impl Default for Settings {
    /// Chosen on COUNTER's development set (`khabar eval stories`), where a
    /// threshold from 0.2 to 0.3 and a penalty up to 0.03 all give a
    /// B-cubed F1 above 0.93.
    fn default() -> Self {
        Settings {
            threshold: 0.25,
            max_gap_days: 14,
            max_span_days: 21,
            penalty_per_day: 0.01,
        }
    }
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assignment {
    pub story: u64,
    /// Whether the article started the story.
    pub started: bool,
    /// Its match with the story it joined (1 for one it started or was
    /// sent to).
    pub score: f32,
}

/// Terms of an article vector: the heaviest ones carry its topic, and the
/// cap bounds the work per article.
const VECTOR_TERMS: usize = 64;
/// The article's terms through which candidate stories are found.
const QUERY_TERMS: usize = 24;
/// Stories looked at per query term: the newest (greatest ids) of those
/// the article could join.
const POSTINGS_SCANNED: usize = 1000;
/// Candidates scored in full, the best by their query terms.
const RESCORED: usize = 16;
/// Stories without a date kept for undated articles to join, the newest.
pub const UNDATED_KEPT: usize = 1000;

/// What is kept of a story between updates: its centroid (the sum of its
/// articles' unit vectors), the centroid's squared norm and its days.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryState {
    pub id: u64,
    pub days: Option<(i32, i32)>,
    pub norm2: f32,
    /// Terms with their weight, sorted by term.
    pub centroid: Vec<(u32, f32)>,
}

impl StoryState {
    /// The centroid as little-endian bytes, eight per term.
    pub fn centroid_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.centroid.len() * 8);
        for &(term, weight) in &self.centroid {
            bytes.extend(term.to_le_bytes());
            bytes.extend(weight.to_le_bytes());
        }
        bytes
    }

    pub fn centroid_from_bytes(bytes: &[u8]) -> Option<Vec<(u32, f32)>> {
        if !bytes.len().is_multiple_of(8) {
            return None;
        }
        Some(
            bytes
                .chunks_exact(8)
                .map(|c| {
                    (
                        u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                        f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                    )
                })
                .collect(),
        )
    }
}

#[derive(Debug)]
struct Story {
    centroid: FxHashMap<u32, f32>,
    norm2: f32,
    days: Option<(i32, i32)>,
    /// Whether an article joined it since it was loaded.
    changed: bool,
}

impl Story {
    fn state(&self, id: u64) -> StoryState {
        let mut centroid: Vec<(u32, f32)> = self.centroid.iter().map(|(&t, &w)| (t, w)).collect();
        centroid.sort_unstable_by_key(|&(term, _)| term);
        StoryState {
            id,
            days: self.days,
            norm2: self.norm2,
            centroid,
        }
    }
}

/// The stories an article can still join, and the document frequencies of
/// terms.
///
/// Articles come in published order (dated ones first), so a story whose
/// first day is more than `max_span_days` before the latest article's day
/// can take no more articles: it is retired, and handed back to be stored
/// if it changed. What a clusterer holds is therefore bounded by the news
/// of a few weeks, and a later update loads just those stories
/// ([`StoryState`]) to carry on exactly where this one ended.
#[derive(Debug)]
pub struct Clusterer {
    settings: Settings,
    /// Documents counted, the background's included.
    documents: u32,
    /// The corpus's own document frequencies (the background's are added
    /// when a vector is made).
    df: FxHashMap<u32, u32>,
    background: Background,
    stories: FxHashMap<u64, Story>,
    /// The stories held with each term.
    postings: FxHashMap<u32, Postings>,
    /// The stories held without a date, which only undated articles join.
    undated: BTreeSet<u64>,
    /// The latest day stories were retired for.
    retired_for: Option<i32>,
    retired: Vec<StoryState>,
    next_id: u64,
}

impl Clusterer {
    /// A clusterer whose first new story gets `next_id`, after `documents`
    /// articles whose document frequencies (those of the terms it will
    /// see, at least) are `df`, over those of `background`.
    pub fn new(
        settings: Settings,
        next_id: u64,
        background: &Background,
        documents: u32,
        df: FxHashMap<u32, u32>,
    ) -> Clusterer {
        Clusterer {
            settings,
            documents: documents + background.documents,
            df,
            background: background.clone(),
            stories: FxHashMap::default(),
            postings: FxHashMap::default(),
            undated: BTreeSet::new(),
            retired_for: None,
            retired: Vec::new(),
            next_id,
        }
    }

    /// Counts a document's terms towards the document frequencies. Every
    /// article is counted once, just before it is assigned, so that its
    /// vector does not depend on the articles after it.
    pub fn count(&mut self, terms: &Terms) {
        self.documents += 1;
        for &(term, _) in &terms.0 {
            *self.df.entry(term).or_default() += 1;
        }
    }

    /// The corpus's own document frequency of a term (the background's
    /// left out).
    pub fn document_frequency(&self, term: u32) -> u32 {
        self.df.get(&term).copied().unwrap_or(0)
    }

    /// Puts back a story stored by an earlier update.
    pub fn load(&mut self, state: StoryState) {
        for &(term, weight) in &state.centroid {
            self.postings.entry(term).or_default().set(
                state.id,
                Posting {
                    weight,
                    days: state.days,
                },
            );
        }
        self.next_id = self.next_id.max(state.id + 1);
        if state.days.is_none() {
            self.undated.insert(state.id);
        }
        self.stories.insert(
            state.id,
            Story {
                centroid: state.centroid.into_iter().collect(),
                norm2: state.norm2,
                days: state.days,
                changed: false,
            },
        );
    }

    /// Retires the stories that no article of `day` or later can join.
    /// Days come in order, so only a new day can retire any.
    pub fn retire_before(&mut self, day: i32) {
        if self.retired_for.is_some_and(|done| done >= day) {
            return;
        }
        self.retired_for = Some(day);
        let oldest = day - self.settings.max_span_days;
        let done: Vec<u64> = self
            .stories
            .iter()
            .filter(|(_, story)| story.days.is_some_and(|(first, _)| first < oldest))
            .map(|(&id, _)| id)
            .collect();
        self.retire(&done);
    }

    /// The retired stories that changed, to be stored.
    pub fn take_retired(&mut self) -> Vec<StoryState> {
        std::mem::take(&mut self.retired)
    }

    /// Every story that changed, retired or not, to be stored at the end
    /// of an update.
    pub fn finish(mut self) -> Vec<StoryState> {
        let mut states = std::mem::take(&mut self.retired);
        states.extend(
            self.stories
                .iter()
                .filter(|(_, story)| story.changed)
                .map(|(&id, story)| story.state(id)),
        );
        states
    }

    /// Takes stories out, and keeps those that changed to be stored.
    fn retire(&mut self, ids: &[u64]) {
        let mut terms: FxHashSet<u32> = FxHashSet::default();
        for id in ids {
            let Some(story) = self.stories.remove(id) else {
                continue;
            };
            self.undated.remove(id);
            terms.extend(story.centroid.keys());
            if story.changed {
                self.retired.push(story.state(*id));
            }
        }
        let ids: FxHashSet<u64> = ids.iter().copied().collect();
        for term in terms {
            if let Some(postings) = self.postings.get_mut(&term) {
                postings.remove_all(&ids);
                if postings.is_empty() {
                    self.postings.remove(&term);
                }
            }
        }
    }

    /// Puts a new article in a story: `forced` if given (a copy goes with
    /// its original) and the article could join it, else the best match
    /// above the threshold, else a new story. A dated article never joins
    /// a story of undated ones: in published order, those come last.
    pub fn assign(&mut self, day: Option<i32>, terms: &Terms, forced: Option<u64>) -> Assignment {
        let vector = self.vector(terms);
        let forced = forced.filter(|id| {
            self.stories.get(id).is_some_and(|story| {
                (story.days.is_some() || day.is_none())
                    && span(story.days, day) <= self.settings.max_span_days
            })
        });
        let (id, started, score) = match forced {
            Some(id) => (id, false, 1.0),
            None => match self.best_match(day, &vector) {
                Some((id, score)) if score >= self.settings.threshold => (id, false, score),
                _ => (self.start(day), true, 1.0),
            },
        };
        self.join(id, day, &vector);
        Assignment {
            story: id,
            started,
            score,
        }
    }

    /// The tf-idf vector of a document: its heaviest terms, unit length.
    fn vector(&self, terms: &Terms) -> Vec<(u32, f32)> {
        let documents = self.documents.max(1) as f32;
        let mut vector: Vec<(u32, f32)> = terms
            .0
            .iter()
            .map(|&(term, count)| {
                let df = (self.document_frequency(term)
                    + u32::from(self.background.frequency(term))) as f32;
                // Smoothed, so that a term in every document still counts a
                // little: in a corpus of two articles on one event, the
                // words they share are the point.
                let idf = ((documents + 1.0) / (df + 1.0)).ln() + 1.0;
                (term, (1.0 + f32::from(count).ln()) * idf)
            })
            .filter(|&(_, weight)| weight > 0.0)
            .collect();
        vector.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        vector.truncate(VECTOR_TERMS);
        let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, weight) in &mut vector {
                *weight /= norm;
            }
        }
        vector
    }

    /// Whether an article of `day` can join a story of `days` on its match.
    fn joinable(&self, days: Option<(i32, i32)>, day: Option<i32>) -> bool {
        (days.is_some() || day.is_none())
            && gap(days, day) <= self.settings.max_gap_days
            && span(days, day) <= self.settings.max_span_days
    }

    /// The story that matches the vector best, with the match.
    ///
    /// Candidates come from the postings of the article's heaviest terms
    /// (the newest stories of each that the article could join), scored
    /// first term at a time on those terms alone; the best few are then
    /// scored in full. The work per article is bounded by the postings
    /// read, however many stories a candidate list would hold: an undated
    /// article, which every story's time window admits, costs what a dated
    /// one does. Candidates depend only on the stories the article could
    /// join, not on the order they were loaded in or on the others held.
    fn best_match(&self, day: Option<i32>, vector: &[(u32, f32)]) -> Option<(u64, f32)> {
        let mut partial: FxHashMap<u64, f32> =
            FxHashMap::with_capacity_and_hasher(4 * POSTINGS_SCANNED, Default::default());
        for &(term, weight) in vector.iter().take(QUERY_TERMS) {
            let Some(ids) = self.postings.get(&term) else {
                continue;
            };
            let open = ids
                .newest_first()
                .filter(|(_, posting)| self.joinable(posting.days, day))
                .take(POSTINGS_SCANNED);
            for &(id, Posting { weight: value, .. }) in open {
                *partial.entry(id).or_default() += value * weight;
            }
        }
        let mut ranked: Vec<(u64, f32)> = partial
            .into_iter()
            .map(|(id, dot)| (id, dot / self.stories[&id].norm2.sqrt()))
            .collect();
        if ranked.len() > RESCORED {
            ranked.select_nth_unstable_by(RESCORED - 1, |a, b| {
                b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
            });
            ranked.truncate(RESCORED);
        }
        ranked
            .into_iter()
            .map(|(id, _)| {
                let story = &self.stories[&id];
                let dot: f32 = vector
                    .iter()
                    .filter_map(|(term, w)| story.centroid.get(term).map(|c| c * w))
                    .sum();
                let gap = gap(story.days, day);
                let score = dot / story.norm2.sqrt() - self.settings.penalty_per_day * gap as f32;
                (id, score)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    }

    /// A new story; the oldest story without a date is retired when more
    /// than [`UNDATED_KEPT`] are held.
    fn start(&mut self, day: Option<i32>) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.stories.insert(
            id,
            Story {
                centroid: FxHashMap::default(),
                norm2: 0.0,
                days: None,
                changed: true,
            },
        );
        if day.is_none() {
            self.undated.insert(id);
            if self.undated.len() > UNDATED_KEPT
                && let Some(&oldest) = self.undated.first()
            {
                self.retire(&[oldest]);
            }
        }
        id
    }

    fn join(&mut self, id: u64, day: Option<i32>, vector: &[(u32, f32)]) {
        let story = self.stories.get_mut(&id).expect("a held story");
        story.changed = true;
        let days = match (story.days, day) {
            (Some((first, last)), Some(day)) => Some((first.min(day), last.max(day))),
            (None, Some(day)) => Some((day, day)),
            (days, None) => days,
        };
        if days != story.days {
            story.days = days;
            for term in story.centroid.keys() {
                if let Some(posting) = self.postings.get_mut(term).and_then(|ids| ids.get_mut(id)) {
                    posting.days = days;
                }
            }
        }
        for &(term, weight) in vector {
            let value = story.centroid.entry(term).or_insert(0.0);
            story.norm2 += 2.0 * *value * weight + weight * weight;
            *value += weight;
            self.postings.entry(term).or_default().set(
                id,
                Posting {
                    weight: *value,
                    days,
                },
            );
        }
    }

    /// The stories held.
    pub fn stories(&self) -> usize {
        self.stories.len()
    }
}

/// Days between an article and the nearest end of a story's span; none if
/// either is undated.
fn gap(span: Option<(i32, i32)>, day: Option<i32>) -> i32 {
    match (span, day) {
        (Some((first, _)), Some(day)) if day < first => first - day,
        (Some((_, last)), Some(day)) if day > last => day - last,
        _ => 0,
    }
}

/// The days a story would cover with an article of `day` in it.
fn span(span: Option<(i32, i32)>, day: Option<i32>) -> i32 {
    match (span, day) {
        (Some((first, last)), Some(day)) => last.max(day) - first.min(day),
        (Some((first, last)), None) => last - first,
        (None, _) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Terms {
        Terms::of([], text.split(' '), [])
    }

    /// Other news, so that document frequencies are those of a corpus.
    const BACKGROUND: [&str; 4] = [
        "وزیراعظم نے کابینہ کے اجلاس میں بجٹ کی منظوری دی",
        "بارش کے بعد لاہور میں ٹریفک جام رہا",
        "اسٹاک مارکیٹ میں حصص کی قیمتیں بڑھ گئیں",
        "عدالت نے مقدمے کی سماعت ملتوی کر دی",
    ];

    fn fresh() -> Clusterer {
        Clusterer::new(
            Settings::default(),
            1,
            &Background::default(),
            0,
            FxHashMap::default(),
        )
    }

    fn clusterer(corpus: &[&str]) -> Clusterer {
        let mut clusterer = fresh();
        for text in corpus.iter().chain(&BACKGROUND) {
            clusterer.count(&terms(text));
        }
        clusterer
    }

    const FLOOD: &str =
        "سندھ میں سیلاب سے دیہات ڈوب گئے امدادی کارروائیاں جاری سیلاب متاثرین کیمپوں میں";
    const FLOOD_AGAIN: &str = "سیلاب متاثرین کیمپوں میں پناہ لینے پر مجبور سندھ کے دیہات ڈوب گئے";
    const CRICKET: &str = "کرکٹ ٹیم نے ون ڈے میچ جیت لیا کپتان نے بولرز کو سراہا";

    #[test]
    fn like_articles_share_a_story_and_unlike_ones_do_not() {
        let mut c = clusterer(&[FLOOD, FLOOD_AGAIN, CRICKET]);
        let first = c.assign(Some(100), &terms(FLOOD), None);
        assert!(first.started);
        let second = c.assign(Some(101), &terms(FLOOD_AGAIN), None);
        assert_eq!(second.story, first.story);
        assert!(!second.started && second.score >= 0.3);
        let third = c.assign(Some(101), &terms(CRICKET), None);
        assert!(third.started && third.story != first.story);
    }

    #[test]
    fn too_far_apart_in_time_starts_a_new_story() {
        let mut c = clusterer(&[FLOOD, FLOOD_AGAIN, CRICKET]);
        let first = c.assign(Some(100), &terms(FLOOD), None);
        let late = c.assign(Some(200), &terms(FLOOD_AGAIN), None);
        assert_ne!(late.story, first.story);
    }

    #[test]
    fn stored_stories_keep_their_ids_and_take_new_articles() {
        let mut first = clusterer(&[FLOOD, FLOOD_AGAIN, CRICKET]);
        let flood = first.assign(Some(100), &terms(FLOOD), None);
        let stored = first.finish();
        assert_eq!(stored.len(), 1);
        let state = &stored[0];
        assert_eq!(
            StoryState::centroid_from_bytes(&state.centroid_bytes()).as_ref(),
            Some(&state.centroid)
        );

        let mut c = clusterer(&[FLOOD, FLOOD_AGAIN, CRICKET]);
        c.load(state.clone());
        let next = c.assign(Some(100), &terms(FLOOD_AGAIN), None);
        assert_eq!(next.story, flood.story);
        let new = c.assign(Some(100), &terms(CRICKET), None);
        assert_eq!(new.story, flood.story + 1);
        let forced = c.assign(None, &terms(CRICKET), Some(flood.story));
        assert_eq!((forced.story, forced.started), (flood.story, false));
    }

    #[test]
    fn stories_no_article_can_join_are_retired_and_handed_back() {
        let mut c = clusterer(&[FLOOD, FLOOD_AGAIN, CRICKET]);
        let flood = c.assign(Some(100), &terms(FLOOD), None);
        c.retire_before(121);
        assert_eq!(c.stories(), 1);
        assert!(c.take_retired().is_empty());
        c.retire_before(122);
        assert_eq!(c.stories(), 0);
        let retired = c.take_retired();
        assert_eq!(retired.len(), 1);
        assert_eq!(
            (retired[0].id, retired[0].days),
            (flood.story, Some((100, 100)))
        );
        // What was handed back is not handed back again.
        assert!(c.finish().is_empty());
    }

    #[test]
    fn a_dated_article_does_not_join_a_story_of_undated_ones() {
        let mut c = clusterer(&[FLOOD, FLOOD_AGAIN]);
        let undated = c.assign(None, &terms(FLOOD), None);
        assert_ne!(
            c.assign(Some(100), &terms(FLOOD), None).story,
            undated.story
        );
        assert_eq!(
            c.assign(None, &terms(FLOOD_AGAIN), None).story,
            undated.story
        );
    }

    #[test]
    fn a_story_does_not_stretch_beyond_its_span() {
        let mut c = clusterer(&[FLOOD, FLOOD_AGAIN, FLOOD, CRICKET]);
        let first = c.assign(Some(100), &terms(FLOOD), None);
        // Each a week after the last: within the gap, but the third would
        // make the story 24 days long.
        assert_eq!(
            c.assign(Some(108), &terms(FLOOD_AGAIN), None).story,
            first.story
        );
        assert_eq!(c.assign(Some(116), &terms(FLOOD), None).story, first.story);
        assert_ne!(
            c.assign(Some(124), &terms(FLOOD_AGAIN), None).story,
            first.story
        );
    }

    #[test]
    fn many_undated_articles_are_placed_in_bounded_time() {
        // Every story admits an undated article, so every one of them that
        // shares a term is a candidate: thousands of stories of a few
        // common words must not make each article score them all in full.
        let words: Vec<String> = (0..3000).map(|i| format!("لفظ{i}")).collect();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let texts: Vec<String> = (0..20_000)
            .map(|_| {
                let mut text = String::from("خبر آج");
                for _ in 0..8 {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    text.push(' ');
                    text.push_str(&words[(seed >> 33) as usize % words.len()]);
                }
                text
            })
            .collect();
        let mut c = fresh();
        for text in &texts {
            c.count(&terms(text));
        }
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut started = 0;
            for text in &texts {
                started += usize::from(c.assign(None, &terms(text), None).started);
            }
            let _ = done.send((started, c.stories()));
        });
        let (started, held) = finished
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("20,000 undated articles placed within a minute");
        assert!(started > 1000, "{started}");
        // The oldest undated stories were retired.
        assert_eq!(held, UNDATED_KEPT);
    }

    #[test]
    fn gaps_are_days_outside_the_span() {
        assert_eq!(span(Some((10, 12)), Some(20)), 10);
        assert_eq!(span(Some((10, 12)), None), 2);
        assert_eq!(gap(Some((10, 12)), Some(11)), 0);
        assert_eq!(gap(Some((10, 12)), Some(8)), 2);
        assert_eq!(gap(Some((10, 12)), Some(15)), 3);
        assert_eq!(gap(None, Some(15)), 0);
    }
}
