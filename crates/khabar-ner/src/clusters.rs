//! Word clusters from unlabelled text: each frequent word's left and right
//! neighbours are counted, weighted by positive pointwise mutual
//! information, and the words grouped by spherical k-means at two
//! granularities (a fine and a coarse clustering). Deterministic: the
//! vocabulary is ordered by count then text, centroids start at words
//! spread evenly over that order, and every sum runs in a fixed order.

use rustc_hash::FxHashMap;

use crate::features::{PUNCT_OR_SYMBOL, word_hash};
use khabar_text::normalize::fold;

/// Counts of adjacent word pairs over unlabelled text.
#[derive(Default)]
pub struct ClusterCounts {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    pairs: FxHashMap<u64, u32>,
    buf: Vec<u32>,
}

/// The id of the text boundary, as a neighbour.
const EDGE: u32 = 0;

impl ClusterCounts {
    pub fn new() -> ClusterCounts {
        let mut c = ClusterCounts::default();
        c.id("<edge>");
        c
    }

    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.to_string(), id);
        self.words.push(word.to_string());
        self.counts.push(0);
        id
    }

    /// Counts the words of a text (split at white space; punctuation
    /// marks are tokens of their own).
    pub fn add_text(&mut self, text: &str) {
        let mut ids = std::mem::take(&mut self.buf);
        ids.clear();
        ids.push(EDGE);
        let mut cur = String::new();
        let flush = |cur: &mut String, ids: &mut Vec<u32>, this: &mut ClusterCounts| {
            if !cur.is_empty() {
                let f = fold(cur);
                if !f.is_empty() {
                    ids.push(this.id(&f));
                }
                cur.clear();
            }
        };
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{200C}' {
                flush(&mut cur, &mut ids, self);
            } else if PUNCT_OR_SYMBOL.contains(&c) || c == '؍' {
                flush(&mut cur, &mut ids, self);
                let mut p = [0u8; 4];
                let id = self.id(&fold(c.encode_utf8(&mut p)));
                ids.push(id);
            } else {
                cur.push(c);
            }
        }
        flush(&mut cur, &mut ids, self);
        ids.push(EDGE);
        for w in ids.windows(2) {
            self.counts[w[1] as usize] += 1;
            *self
                .pairs
                .entry(u64::from(w[0]) << 32 | u64::from(w[1]))
                .or_default() += 1;
        }
        self.buf = ids;
    }

    /// Clusters the `vocabulary` most frequent words (seen `min_count`
    /// times or more) by their `contexts` most frequent neighbours on each
    /// side, into `fine` and `coarse` clusters: the word hash to
    /// `fine id + 1 | (coarse id + 1) << 16`.
    pub fn clusters(
        &self,
        vocabulary: usize,
        min_count: u64,
        contexts: usize,
        fine: usize,
        coarse: usize,
        iterations: usize,
    ) -> FxHashMap<u64, u32> {
        // Words by count, then text.
        let mut order: Vec<u32> = (1..self.words.len() as u32).collect();
        order.sort_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then_with(|| self.words[a as usize].cmp(&self.words[b as usize]))
        });
        let ctx_of: FxHashMap<u32, usize> = std::iter::once(EDGE)
            .chain(order.iter().copied())
            .take(contexts)
            .enumerate()
            .map(|(k, id)| (id, k))
            .collect();
        let vocab: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&id| self.counts[id as usize] >= min_count)
            .take(vocabulary)
            .collect();
        let row_of: FxHashMap<u32, usize> =
            vocab.iter().enumerate().map(|(k, &id)| (id, k)).collect();
        let dim = 2 * ctx_of.len();
        // Sparse count rows: left neighbour k at k, right one at C + k.
        let mut rows: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vocab.len()];
        let mut pairs: Vec<(u64, u32)> = self.pairs.iter().map(|(&k, &v)| (k, v)).collect();
        pairs.sort_unstable();
        let half = ctx_of.len() as u32;
        for &(key, n) in &pairs {
            let (a, b) = ((key >> 32) as u32, key as u32);
            if let (Some(&r), Some(&c)) = (row_of.get(&b), ctx_of.get(&a)) {
                rows[r].push((c as u32, n as f32));
            }
            if let (Some(&r), Some(&c)) = (row_of.get(&a), ctx_of.get(&b)) {
                rows[r].push((half + c as u32, n as f32));
            }
        }
        // PPMI weights, rows normalized.
        let mut col_total = vec![0f64; dim];
        let mut total = 0f64;
        for row in &rows {
            for &(c, n) in row {
                col_total[c as usize] += f64::from(n);
                total += f64::from(n);
            }
        }
        for row in rows.iter_mut() {
            row.sort_unstable_by_key(|x| x.0);
            let row_total: f64 = row.iter().map(|&(_, n)| f64::from(n)).sum();
            for x in row.iter_mut() {
                let pmi = (f64::from(x.1) * total / (row_total * col_total[x.0 as usize])).ln();
                x.1 = pmi.max(0.0) as f32;
            }
            row.retain(|x| x.1 > 0.0);
            let norm = row.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                for x in row.iter_mut() {
                    x.1 /= norm;
                }
            }
        }
        let fine_of = kmeans(&rows, dim, fine, iterations);
        let coarse_of = kmeans(&rows, dim, coarse, iterations);
        let mut out = FxHashMap::default();
        for (r, &id) in vocab.iter().enumerate() {
            out.insert(
                word_hash(&self.words[id as usize]),
                (fine_of[r] + 1) | (coarse_of[r] + 1) << 16,
            );
        }
        out
    }
}

/// Spherical k-means of unit rows into `k` clusters (ids by row).
fn kmeans(rows: &[Vec<(u32, f32)>], dim: usize, k: usize, iterations: usize) -> Vec<u32> {
    let n = rows.len();
    let k = k.min(n).max(1);
    let mut centroids = vec![0f32; k * dim];
    for c in 0..k {
        for &(j, x) in &rows[c * n / k] {
            centroids[c * dim + j as usize] = x;
        }
    }
    let mut assign = vec![0u32; n];
    for _ in 0..iterations {
        // Assignment, in two threads over halves of the rows.
        let (a, b) = assign.split_at_mut(n / 2);
        let cent = &centroids;
        std::thread::scope(|s| {
            s.spawn(|| nearest(&rows[..n / 2], cent, dim, k, a));
            nearest(&rows[n / 2..], cent, dim, k, b);
        });
        centroids.iter_mut().for_each(|x| *x = 0.0);
        for (row, &c) in rows.iter().zip(&assign) {
            for &(j, x) in row {
                centroids[c as usize * dim + j as usize] += x;
            }
        }
        for c in 0..k {
            let cen = &mut centroids[c * dim..(c + 1) * dim];
            let norm = cen.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                cen.iter_mut().for_each(|x| *x /= norm);
            }
        }
    }
    assign
}

fn nearest(rows: &[Vec<(u32, f32)>], centroids: &[f32], dim: usize, k: usize, out: &mut [u32]) {
    for (row, o) in rows.iter().zip(out.iter_mut()) {
        let mut best = (f32::NEG_INFINITY, 0u32);
        for c in 0..k {
            let cen = &centroids[c * dim..(c + 1) * dim];
            let s: f32 = row.iter().map(|&(j, x)| x * cen[j as usize]).sum();
            if s > best.0 {
                best = (s, c as u32);
            }
        }
        *o = best.1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_like_contexts_share_a_cluster() {
        let mut c = ClusterCounts::new();
        for name in ["اوباما", "ٹرمپ", "مودی"] {
            for _ in 0..5 {
                c.add_text(&format!("صدر {name} نے کہا"));
            }
        }
        for place in ["لاہور", "کراچی", "دہلی"] {
            for _ in 0..5 {
                c.add_text(&format!("شہر {place} میں بارش"));
            }
        }
        let m = c.clusters(100, 2, 50, 2, 2, 10);
        let fine = |w: &str| m[&word_hash(&fold(w))] & 0xffff;
        assert_eq!(fine("اوباما"), fine("مودی"));
        assert_eq!(fine("لاہور"), fine("دہلی"));
        assert_ne!(fine("اوباما"), fine("لاہور"));
    }
}
