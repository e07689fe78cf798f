//! Online clustering of articles into stories.

use rustc_hash::FxHashMap;

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
/// Stories looked at per query term, newest first.
const POSTINGS_SCANNED: usize = 1000;
/// Candidates scored in full, the best by their query terms.
const RESCORED: usize = 16;

#[derive(Debug)]
struct Story {
    id: u64,
    centroid: FxHashMap<u32, f32>,
    norm2: f32,
    days: Option<(i32, i32)>,
}

/// The stories so far, and the document frequencies of terms.
#[derive(Debug)]
pub struct Clusterer {
    settings: Settings,
    documents: u32,
    df: FxHashMap<u32, u32>,
    stories: Vec<Story>,
    by_id: FxHashMap<u64, usize>,
    postings: FxHashMap<u32, Vec<u32>>,
    next_id: u64,
}

impl Clusterer {
    /// An empty clusterer whose first new story gets `next_id`, with the
    /// document frequencies of `background`.
    pub fn new(settings: Settings, next_id: u64, background: &Background) -> Clusterer {
        Clusterer {
            settings,
            documents: background.documents,
            df: background
                .frequencies
                .0
                .iter()
                .map(|&(term, df)| (term, u32::from(df)))
                .collect(),
            stories: Vec::new(),
            by_id: FxHashMap::default(),
            postings: FxHashMap::default(),
            next_id,
        }
    }

    /// Counts a document's terms towards the document frequencies. Every
    /// article is counted once, just before it is restored or assigned, so
    /// that its vector does not depend on the articles after it.
    pub fn count(&mut self, terms: &Terms) {
        self.documents += 1;
        for &(term, _) in &terms.0 {
            *self.df.entry(term).or_default() += 1;
        }
    }

    /// Puts back an article that was assigned earlier.
    pub fn restore(&mut self, story: u64, day: Option<i32>, terms: &Terms) {
        let vector = self.vector(terms);
        let index = self.story_index(story);
        self.join(index, day, &vector);
        self.next_id = self.next_id.max(story + 1);
    }

    /// Puts a new article in a story: `forced` if given (a copy goes with
    /// its original) and the story would not stretch beyond its span, else
    /// the best match above the threshold, else a new story.
    pub fn assign(&mut self, day: Option<i32>, terms: &Terms, forced: Option<u64>) -> Assignment {
        let vector = self.vector(terms);
        let forced = forced.filter(|story| {
            self.by_id
                .get(story)
                .is_some_and(|&i| span(self.stories[i].days, day) <= self.settings.max_span_days)
        });
        let (index, started, score) = match forced {
            Some(story) => (self.story_index(story), false, 1.0),
            None => match self.best_match(day, &vector) {
                Some((index, score)) if score >= self.settings.threshold => (index, false, score),
                _ => {
                    let id = self.next_id;
                    (self.story_index(id), true, 1.0)
                }
            },
        };
        self.join(index, day, &vector);
        Assignment {
            story: self.stories[index].id,
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
                let df = self.df.get(&term).copied().unwrap_or(0) as f32;
                // Smoothed, so that a term in every document still counts a
                // little: in a corpus of two articles on one event, the
                // words they share are the point.
                let idf = ((documents + 1.0) / (df + 1.0)).ln() + 1.0;
                (term, (1.0 + f32::from(count).ln()) * idf)
            })
            .filter(|&(_, weight)| weight > 0.0)
            .collect();
        vector.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        vector.truncate(VECTOR_TERMS);
        let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, weight) in &mut vector {
                *weight /= norm;
            }
        }
        vector
    }

    /// The story that matches the vector best, with the match.
    ///
    /// Candidates come from the postings of the article's heaviest terms
    /// (the newest stories of each), scored first term at a time on those
    /// terms alone; the best few are then scored in full. The work per
    /// article is bounded by the postings read, however many stories a
    /// candidate list would hold: an undated article, which every story's
    /// time window admits, costs what a dated one does.
    fn best_match(&self, day: Option<i32>, vector: &[(u32, f32)]) -> Option<(usize, f32)> {
        let mut partial: FxHashMap<u32, f32> = FxHashMap::default();
        for &(term, weight) in vector.iter().take(QUERY_TERMS) {
            let Some(stories) = self.postings.get(&term) else {
                continue;
            };
            for &index in stories.iter().rev().take(POSTINGS_SCANNED) {
                let story = &self.stories[index as usize];
                if gap(story.days, day) > self.settings.max_gap_days
                    || span(story.days, day) > self.settings.max_span_days
                    || story.norm2 <= 0.0
                {
                    continue;
                }
                let value = story.centroid.get(&term).copied().unwrap_or(0.0);
                *partial.entry(index).or_default() += value * weight;
            }
        }
        let mut ranked: Vec<(u32, f32)> = partial
            .into_iter()
            .map(|(index, dot)| (index, dot / self.stories[index as usize].norm2.sqrt()))
            .collect();
        if ranked.len() > RESCORED {
            ranked.select_nth_unstable_by(RESCORED - 1, |a, b| {
                b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
            });
            ranked.truncate(RESCORED);
        }
        ranked
            .into_iter()
            .map(|(index, _)| {
                let story = &self.stories[index as usize];
                let dot: f32 = vector
                    .iter()
                    .filter_map(|(term, w)| story.centroid.get(term).map(|c| c * w))
                    .sum();
                let gap = gap(story.days, day);
                let score = dot / story.norm2.sqrt() - self.settings.penalty_per_day * gap as f32;
                (index as usize, score)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    }

    fn story_index(&mut self, id: u64) -> usize {
        if let Some(&index) = self.by_id.get(&id) {
            return index;
        }
        self.stories.push(Story {
            id,
            centroid: FxHashMap::default(),
            norm2: 0.0,
            days: None,
        });
        self.next_id = self.next_id.max(id + 1);
        let index = self.stories.len() - 1;
        self.by_id.insert(id, index);
        index
    }

    fn join(&mut self, index: usize, day: Option<i32>, vector: &[(u32, f32)]) {
        let story = &mut self.stories[index];
        for &(term, weight) in vector {
            let value = story.centroid.entry(term).or_insert(0.0);
            if *value == 0.0 {
                self.postings.entry(term).or_default().push(index as u32);
            }
            story.norm2 += 2.0 * *value * weight + weight * weight;
            *value += weight;
        }
        if let Some(day) = day {
            story.days = Some(match story.days {
                Some((first, last)) => (first.min(day), last.max(day)),
                None => (day, day),
            });
        }
    }

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

    fn clusterer(corpus: &[&str]) -> Clusterer {
        let mut clusterer = Clusterer::new(Settings::default(), 1, &Background::default());
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
    fn restored_stories_keep_their_ids_and_take_new_articles() {
        let mut c = clusterer(&[FLOOD, FLOOD_AGAIN, CRICKET]);
        c.restore(7, Some(100), &terms(FLOOD));
        let next = c.assign(Some(100), &terms(FLOOD_AGAIN), None);
        assert_eq!(next.story, 7);
        let new = c.assign(Some(100), &terms(CRICKET), None);
        assert_eq!(new.story, 8);
        let forced = c.assign(None, &terms(CRICKET), Some(7));
        assert_eq!((forced.story, forced.started), (7, false));
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
        let mut c = Clusterer::new(Settings::default(), 1, &Background::default());
        for text in &texts {
            c.count(&terms(text));
        }
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for text in &texts {
                c.assign(None, &terms(text), None);
            }
            let _ = done.send(c.stories());
        });
        let stories = finished
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("20,000 undated articles placed within a minute");
        assert!(stories > 1000, "{stories}");
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
