//! The stories held under one term, for finding an article's candidates.

use rustc_hash::FxHashSet;

/// A story under one of its terms: the term's weight in its centroid, and
/// its days (copied from the story, so that the stories an article can
/// join are found by walking the postings alone).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Posting {
    pub weight: f32,
    pub days: Option<(i32, i32)>,
}

/// The stories of one term, in id order, in one array: candidates are read
/// newest first, in memory order. A story joins a term's list at the end
/// when it is new, and near the end when it is recent, which is what most
/// articles join; retired stories leave a day's worth at a time.
#[derive(Debug, Default)]
pub(crate) struct Postings(Vec<(u64, Posting)>);

impl Postings {
    /// Adds the story, or changes its posting.
    pub fn set(&mut self, id: u64, posting: Posting) {
        if self.0.last().is_none_or(|&(last, _)| last < id) {
            self.0.push((id, posting));
            return;
        }
        match self.0.binary_search_by_key(&id, |&(id, _)| id) {
            Ok(at) => self.0[at].1 = posting,
            Err(at) => self.0.insert(at, (id, posting)),
        }
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut Posting> {
        let at = self.0.binary_search_by_key(&id, |&(id, _)| id).ok()?;
        Some(&mut self.0[at].1)
    }

    pub fn remove(&mut self, id: u64) {
        if let Ok(at) = self.0.binary_search_by_key(&id, |&(id, _)| id) {
            self.0.remove(at);
        }
    }

    /// Removes these stories: one by a search, more in one pass.
    pub fn remove_all(&mut self, ids: &FxHashSet<u64>) {
        match ids.iter().next() {
            Some(&id) if ids.len() == 1 => self.remove(id),
            _ => self.0.retain(|(id, _)| !ids.contains(id)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The stories, the newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &(u64, Posting)> {
        self.0.iter().rev()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(weight: f32) -> Posting {
        Posting { weight, days: None }
    }

    #[test]
    fn stories_stay_in_id_order_however_they_come() {
        let mut postings = Postings::default();
        for id in [5, 9, 2, 7, 9, 1] {
            postings.set(id, posting(id as f32));
        }
        postings.set(2, posting(20.0));
        let ids: Vec<(u64, f32)> = postings
            .newest_first()
            .map(|&(id, p)| (id, p.weight))
            .collect();
        assert_eq!(ids, [(9, 9.0), (7, 7.0), (5, 5.0), (2, 20.0), (1, 1.0)]);
        postings.remove(7);
        postings.remove_all(&[1, 9].into_iter().collect());
        postings.get_mut(5).unwrap().weight = 0.5;
        let ids: Vec<(u64, f32)> = postings
            .newest_first()
            .map(|&(id, p)| (id, p.weight))
            .collect();
        assert_eq!(ids, [(5, 0.5), (2, 20.0)]);
        assert!(postings.get_mut(7).is_none());
    }
}
