//! The model: feature weights per tag, tag transition weights, the
//! gazetteer; training (structured averaged perceptron), Viterbi decoding,
//! and a compact binary format.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use crate::features::{
    Core, GazClass, Gazetteer, OFFSETS, Sentence, Uses, offset_features, sentence_features,
    word_hash, word_pieces,
};
use crate::tags::{TAGS, Tag};

/// Transition rows: one per previous tag, and one for the sentence start.
const PREV_ROWS: usize = TAGS + 1;
const START_ROW: usize = TAGS;
const MAGIC: &[u8; 4] = b"KNER";
/// 3: feature keys mix per-word piece hashes (`features.rs`).
const VERSION: u8 = 3;

/// One slot of [`Weights`]: a feature key (0: empty) and its weights per
/// tag, in multiples of the model's scale (the eighth is padding).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Slot {
    key: u64,
    w: [i16; 8],
}

/// Feature weights: an open-addressing table (linear probing) keyed by
/// the 64-bit feature hash itself (already mixed, so its low bits are the
/// slot), weights inline so that a hit costs one cache line.
///
/// A blocked Bloom filter in front of it (two bits of one 64-bit word per
/// key, 16 bits per key, small enough to stay in the core's cache) answers
/// most lookups of absent features (word pairs never seen in training)
/// without touching the table.
#[derive(Clone, Default, PartialEq)]
struct Weights {
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
    filter: Vec<u64>,
    filter_mask: usize,
}

impl std::fmt::Debug for Weights {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Weights({} features)", self.len)
    }
}

impl Weights {
    /// A table of `rows` (keys distinct; give them sorted for a layout
    /// that does not depend on the caller's order).
    fn new(rows: &[(u64, [i16; TAGS])]) -> Weights {
        if rows.is_empty() {
            return Weights::default();
        }
        // Load factor at most 0.7.
        let cap = (rows.len() * 10 / 7 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![Slot::default(); cap];
        for &(key, w) in rows {
            let key = key.max(1);
            let mut i = key as usize & mask;
            while slots[i].key != 0 && slots[i].key != key {
                i = (i + 1) & mask;
            }
            let mut row = [0i16; 8];
            row[..TAGS].copy_from_slice(&w);
            slots[i] = Slot { key, w: row };
        }
        let words = (rows.len() * 16 / 64).next_power_of_two().max(64);
        let mut filter = vec![0u64; words];
        for &(key, _) in rows {
            let (word, bits) = filter_bits(key.max(1), words - 1);
            filter[word] |= bits;
        }
        Weights {
            slots,
            mask,
            len: rows.len(),
            filter,
            filter_mask: words - 1,
        }
    }

    /// Whether `key` may be in the table (false: it is not).
    #[inline]
    fn may_contain(&self, key: u64) -> bool {
        let (word, bits) = filter_bits(key.max(1), self.filter_mask);
        self.filter.get(word).is_some_and(|w| w & bits == bits)
    }

    #[inline]
    fn get(&self, key: u64) -> Option<&[i16; 8]> {
        if self.len == 0 || !self.may_contain(key) {
            return None;
        }
        let key = key.max(1);
        let mut i = key as usize & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.key == key {
                return Some(&slot.w);
            }
            if slot.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Before the lookup of `keys[j]`: asks for the filter word of a key
    /// further ahead, and for the slot of a nearer one if the filter
    /// passes it (hints only).
    #[inline]
    fn prefetch_ahead(&self, keys: &[u64], j: usize) {
        if let Some(&far) = keys.get(j + 2 * PREFETCH_AHEAD) {
            let (word, _) = filter_bits(far.max(1), self.filter_mask);
            if let Some(w) = self.filter.get(word) {
                prefetch(w);
            }
        }
        if let Some(&near) = keys.get(j + PREFETCH_AHEAD) {
            self.prefetch(near);
        }
    }

    /// Asks for the cache line of `key`'s first slot (a hint only).
    #[inline]
    fn prefetch(&self, key: u64) {
        if self.may_contain(key)
            && let Some(slot) = self.slots.get(key.max(1) as usize & self.mask)
        {
            prefetch(slot);
        }
    }

    /// The rows, sorted by key.
    fn rows(&self) -> Vec<(u64, [i16; TAGS])> {
        let mut rows: Vec<(u64, [i16; TAGS])> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| {
                let mut w = [0i16; TAGS];
                w.copy_from_slice(&s.w[..TAGS]);
                (s.key, w)
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }
}

/// Asks for the cache line of `x` (a hint only).
#[inline]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of x86_64; a prefetch only hints the cache
        // and never faults.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

#[inline]
fn add16(acc: &mut [i32; 8], w: &[i16; 8]) {
    for t in 0..8 {
        acc[t] += i32::from(w[t]);
    }
}

#[inline]
fn add(acc: &mut [i32; 8], x: &[i32; 8]) {
    for t in 0..8 {
        acc[t] += x[t];
    }
}

/// The filter word of a key and its two bits in it (from bits of the key
/// that the table's slot index does not use).
#[inline]
fn filter_bits(key: u64, mask: usize) -> (usize, u64) {
    let word = (key >> 40) as usize & mask;
    let bits = (1u64 << ((key >> 28) & 63)) | (1u64 << ((key >> 34) & 63));
    (word, bits)
}

/// How many keys ahead of its lookup a key's slot is prefetched.
const PREFETCH_AHEAD: usize = 8;

/// Words remembered per thread ([`Scratch`]), in sets of two: a power of
/// two.
const CACHE_SLOTS: usize = 1 << 14;

/// A word remembered in [`Scratch`]: the hash of its display form, its
/// pieces, and the sums of the weights of its features at each offset
/// (`features::offset_features`).
#[derive(Clone, Copy, Debug, Default)]
struct Cached {
    key: u64,
    core: Core,
    sums: [[i32; 8]; OFFSETS],
}

/// Reusable buffers for tagging (see [`Model::tag_into`]), and a cache of
/// the words met (their pieces and the summed weights of the features
/// that depend on one word only, for the model last used with it): with
/// one per thread, tagging allocates nothing but the tags it returns, and
/// a word met before costs a cache read instead of some 40 lookups. The
/// sums are exact (integers), so the tags are those of the uncached path.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    /// The id of the model the cache and `boundary` belong to.
    owner: Option<u64>,
    cache: Vec<Cached>,
    /// Sums of the features of the positions beyond the sentence's ends,
    /// by offset.
    boundary: [[i32; 8]; OFFSETS],
    sentence: Sentence,
    cores: Vec<Core>,
    acc: Vec<[i32; 8]>,
    norm: String,
    skeleton: String,
    feats: Vec<u64>,
    /// The keys of a word met for the first time.
    entry_keys: Vec<u64>,
    /// The end of each word's keys in `feats`.
    ends: Vec<u32>,
    emissions: Vec<[f32; TAGS]>,
    score: Vec<[f32; TAGS]>,
    back: Vec<[u8; TAGS]>,
}

/// A fresh id for a model built or read (see [`Scratch`]).
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A trained tagger model.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Tells models apart for the word cache in [`Scratch`] (a clone,
    /// same weights, shares it; not part of equality).
    id: u64,
    /// Feature key to weight per tag, in multiples of `scale`.
    weights: Weights,
    /// transitions[prev][tag]; prev = TAGS for the sentence start.
    transitions: [[f32; TAGS]; PREV_ROWS],
    scale: f32,
    /// Subtracted from the score of `O` at every word when decoding: the
    /// perceptron favours `O`, and a small penalty trades precision for
    /// recall (tuned on IL-NER dev).
    o_penalty: f32,
    gazetteer: Gazetteer,
}

impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        self.weights == other.weights
            && self.transitions == other.transitions
            && self.scale == other.scale
            && self.o_penalty == other.o_penalty
            && self.gazetteer == other.gazetteer
    }
}

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights whose magnitude is below this (for every tag) are
    /// dropped from the model.
    pub prune: f32,
    /// See `Model::o_penalty`.
    pub o_penalty: f32,
    /// The share of feature occurrences left out at random in each
    /// training step (a dropout that keeps the model from leaning on word
    /// identity alone).
    pub dropout: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 42,
            prune: 0.01,
            o_penalty: 0.0,
            dropout: 0.0,
        }
    }
}

/// A small deterministic generator (splitmix64) for the shuffles.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Whether tag `t` may follow row `p` (a tag, or `START_ROW`): an I- tag
/// only continues an entity of its own type.
const ALLOWED: [[bool; TAGS]; PREV_ROWS] = {
    let mut a = [[true; TAGS]; PREV_ROWS];
    let mut p = 0;
    while p < PREV_ROWS {
        let mut t = 2;
        while t < TAGS {
            // I- tags are 2, 4, 6; their B- tags 1, 3, 5.
            a[p][t] = p == t || p + 1 == t;
            t += 2;
        }
        p += 1;
    }
    a
};

/// Best tag sequence given emission scores (one row of TAGS per word) and
/// transitions, under the BIO constraint (I-X only after B-X or I-X).
fn viterbi(emissions: &[[f32; TAGS]], transitions: &[[f32; TAGS]; PREV_ROWS]) -> Vec<Tag> {
    let mut tags = Vec::new();
    viterbi_into(
        emissions,
        transitions,
        &mut Vec::new(),
        &mut Vec::new(),
        &mut tags,
    );
    tags
}

/// `viterbi` with its buffers given; the tags replace `tags`' contents.
fn viterbi_into(
    emissions: &[[f32; TAGS]],
    transitions: &[[f32; TAGS]; PREV_ROWS],
    score: &mut Vec<[f32; TAGS]>,
    back: &mut Vec<[u8; TAGS]>,
    tags: &mut Vec<Tag>,
) {
    tags.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    score.clear();
    score.resize(n, [f32::NEG_INFINITY; TAGS]);
    back.clear();
    back.resize(n, [0u8; TAGS]);
    for t in 0..TAGS {
        if ALLOWED[START_ROW][t] {
            score[0][t] = emissions[0][t] + transitions[START_ROW][t];
        }
    }
    for i in 1..n {
        let prev = score[i - 1];
        for t in 0..TAGS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for p in 0..TAGS {
                if !ALLOWED[p][t] {
                    continue;
                }
                let s = prev[p] + transitions[p][t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            score[i][t] = best + emissions[i][t];
            back[i][t] = arg;
        }
    }
    let mut last = 0;
    for t in 1..TAGS {
        if score[n - 1][t] > score[n - 1][last] {
            last = t;
        }
    }
    tags.resize(n, Tag::O);
    for i in (0..n).rev() {
        tags[i] = Tag::from_index(last);
        last = back[i][last] as usize;
    }
}

/// Trains a model on sentences of display-form words and their BIO tags.
pub fn train(
    sentences: &[(Vec<String>, Vec<Tag>)],
    gazetteer: Gazetteer,
    options: TrainOptions,
) -> Model {
    train_with_callback(sentences, gazetteer, options, |_, _| {})
}

/// `train`, calling `after_epoch(epoch, &averaged model so far)` after every
/// epoch (for reporting; it does not change the result).
pub fn train_with_callback(
    sentences: &[(Vec<String>, Vec<Tag>)],
    gazetteer: Gazetteer,
    options: TrainOptions,
    mut after_epoch: impl FnMut(usize, &Model),
) -> Model {
    // Features once, as dense indices.
    let mut index: FxHashMap<u64, u32> = FxHashMap::default();
    let mut keys: Vec<u64> = Vec::new();
    let data: Vec<(Vec<Vec<u32>>, &[Tag])> = sentences
        .iter()
        .filter(|(w, t)| !w.is_empty() && w.len() == t.len())
        .map(|(words, tags)| {
            let norms: Vec<String> = words
                .iter()
                .map(|w| khabar_text::normalize::fold(w))
                .collect();
            let feats = sentence_features(&norms, &gazetteer)
                .into_iter()
                .map(|f| {
                    f.into_iter()
                        .map(|k| {
                            *index.entry(k).or_insert_with(|| {
                                keys.push(k);
                                (keys.len() - 1) as u32
                            })
                        })
                        .collect()
                })
                .collect();
            (feats, tags.as_slice())
        })
        .collect();
    let nf = keys.len();
    let mut w = vec![[0f32; TAGS]; nf];
    let mut u = vec![[0f64; TAGS]; nf];
    let mut tw = [[0f32; TAGS]; PREV_ROWS];
    let mut tu = [[0f64; TAGS]; PREV_ROWS];
    let mut c: f64 = 1.0;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = SplitMix(options.seed);
    let mut emissions: Vec<[f32; TAGS]> = Vec::new();
    for epoch in 0..options.epochs {
        rng.shuffle(&mut order);
        let keep = (f64::from(1.0 - options.dropout.clamp(0.0, 1.0)) * u64::MAX as f64) as u64;
        let mut kept: Vec<Vec<u32>> = Vec::new();
        for &s in &order {
            let (all_feats, gold) = &data[s];
            let feats: &[Vec<u32>] = if options.dropout > 0.0 {
                kept.clear();
                for f in all_feats {
                    kept.push(f.iter().copied().filter(|_| rng.next() <= keep).collect());
                }
                &kept
            } else {
                all_feats
            };
            emissions.clear();
            for f in feats {
                let mut e = [0f32; TAGS];
                for &k in f {
                    let wk = &w[k as usize];
                    for t in 0..TAGS {
                        e[t] += wk[t];
                    }
                }
                emissions.push(e);
            }
            let predicted = viterbi(&emissions, &tw);
            if predicted != *gold {
                let mut prev_g = START_ROW;
                let mut prev_p = START_ROW;
                for (i, (&g, &p)) in gold.iter().zip(&predicted).enumerate() {
                    let (g, p) = (g.index(), p.index());
                    if g != p {
                        for &k in &feats[i] {
                            let k = k as usize;
                            w[k][g] += 1.0;
                            u[k][g] += c;
                            w[k][p] -= 1.0;
                            u[k][p] -= c;
                        }
                    }
                    if g != p || prev_g != prev_p {
                        tw[prev_g][g] += 1.0;
                        tu[prev_g][g] += c;
                        tw[prev_p][p] -= 1.0;
                        tu[prev_p][p] -= c;
                    }
                    prev_g = g;
                    prev_p = p;
                }
            }
            c += 1.0;
        }
        let model = finish(&keys, &w, &u, &tw, &tu, c, &gazetteer, options);
        after_epoch(epoch + 1, &model);
        if epoch + 1 == options.epochs {
            return model;
        }
    }
    finish(&keys, &w, &u, &tw, &tu, c, &gazetteer, options)
}

/// Averages, prunes and quantizes the weights.
#[allow(clippy::too_many_arguments)]
fn finish(
    keys: &[u64],
    w: &[[f32; TAGS]],
    u: &[[f64; TAGS]],
    tw: &[[f32; TAGS]; PREV_ROWS],
    tu: &[[f64; TAGS]; PREV_ROWS],
    c: f64,
    gazetteer: &Gazetteer,
    options: TrainOptions,
) -> Model {
    let prune = options.prune;
    let avg = |w: f32, u: f64| (w as f64 - u / c) as f32;
    let mut max = 0f32;
    let mut averaged: Vec<(u64, [f32; TAGS])> = Vec::new();
    for (i, &k) in keys.iter().enumerate() {
        let mut a = [0f32; TAGS];
        let mut big = 0f32;
        for t in 0..TAGS {
            a[t] = avg(w[i][t], u[i][t]);
            big = big.max(a[t].abs());
        }
        if big >= prune && big > 0.0 {
            max = max.max(big);
            averaged.push((k, a));
        }
    }
    let scale = if max > 0.0 {
        max / i16::MAX as f32
    } else {
        1.0
    };
    let quantize = |x: f32| (x / scale).round().clamp(-32767.0, 32767.0) as i16;
    let mut rows: Vec<(u64, [i16; TAGS])> = averaged
        .into_iter()
        .map(|(k, a)| (k, a.map(quantize)))
        .filter(|(_, q)| q.iter().any(|&x| x != 0))
        .collect();
    rows.sort_unstable_by_key(|r| r.0);
    let weights = Weights::new(&rows);
    let mut transitions = [[0f32; TAGS]; PREV_ROWS];
    for p in 0..PREV_ROWS {
        for t in 0..TAGS {
            transitions[p][t] = avg(tw[p][t], tu[p][t]);
        }
    }
    Model {
        id: next_id(),
        weights,
        transitions,
        scale,
        o_penalty: options.o_penalty,
        gazetteer: gazetteer.clone(),
    }
}

fn put_varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// A reader over the serialized bytes.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.0.len() < n {
            return Err(ModelError("truncated model"));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i16(&mut self) -> Result<i16, ModelError> {
        let b = self.take(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }

    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            x |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(x);
            }
        }
        Err(ModelError("bad varint"))
    }
}

/// A model that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError(pub &'static str);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for ModelError {}

impl Model {
    /// The mean of models trained on the same data with different seeds
    /// (one linear model: weights, transitions and O-penalty averaged,
    /// requantized; the first model's gazetteer). Averaging smooths out the
    /// dependence on the shuffle order.
    pub fn mean(models: &[Model]) -> Model {
        let Some(first) = models.first() else {
            return Model::default();
        };
        let n = models.len() as f32;
        let mut sum: FxHashMap<u64, [f32; TAGS]> = FxHashMap::default();
        let mut transitions = [[0f32; TAGS]; PREV_ROWS];
        let mut o_penalty = 0.0;
        for m in models {
            for (k, w) in m.weights.rows() {
                let s = sum.entry(k).or_insert([0f32; TAGS]);
                for t in 0..TAGS {
                    s[t] += f32::from(w[t]) * m.scale / n;
                }
            }
            for (row, mrow) in transitions.iter_mut().zip(&m.transitions) {
                for (x, y) in row.iter_mut().zip(mrow) {
                    *x += y / n;
                }
            }
            o_penalty += m.o_penalty / n;
        }
        let max = sum
            .values()
            .flat_map(|w| w.iter())
            .fold(0f32, |a, &x| a.max(x.abs()));
        let scale = if max > 0.0 {
            max / i16::MAX as f32
        } else {
            1.0
        };
        let quantize = |x: f32| (x / scale).round().clamp(-32767.0, 32767.0) as i16;
        let mut rows: Vec<(u64, [i16; TAGS])> = sum
            .into_iter()
            .map(|(k, w)| (k, w.map(quantize)))
            .filter(|(_, w)| w.iter().any(|&x| x != 0))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        let weights = Weights::new(&rows);
        Model {
            id: next_id(),
            weights,
            transitions,
            scale,
            o_penalty,
            gazetteer: first.gazetteer.clone(),
        }
    }

    /// The number of features kept.
    pub fn features(&self) -> usize {
        self.weights.len
    }

    pub fn o_penalty(&self) -> f32 {
        self.o_penalty
    }

    /// Sets the decoding penalty on `O` (for tuning).
    pub fn set_o_penalty(&mut self, penalty: f32) {
        self.o_penalty = penalty;
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The best BIO tags for a sentence of display-form words.
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        self.tag_norms(&crate::features::fold_words(words))
    }

    /// The best BIO tags for a sentence of display-form words, into `tags`
    /// (replacing its contents), with reusable buffers and word cache.
    pub fn tag_into(&self, words: &[&str], scratch: &mut Scratch, tags: &mut Vec<Tag>) {
        let uses = self.gazetteer.uses();
        if scratch.owner != Some(self.id) {
            scratch.cache.clear();
            scratch.cache.resize(CACHE_SLOTS, Cached::default());
            for d in -3..=3isize {
                scratch.feats.clear();
                offset_features(None, d, uses, &mut scratch.feats);
                let mut sum = [0i32; 8];
                self.add_weights(&scratch.feats, &mut sum);
                scratch.boundary[(d + 3) as usize] = sum;
            }
            scratch.owner = Some(self.id);
        }
        let n = words.len();
        let Scratch {
            cache,
            boundary,
            cores,
            acc,
            norm,
            skeleton,
            feats,
            entry_keys,
            ends,
            emissions,
            ..
        } = scratch;
        cores.clear();
        acc.clear();
        acc.resize(n, [0i32; 8]);
        // The words' cache slots, asked for ahead of use.
        feats.clear();
        for w in words {
            let key = word_hash(w);
            let set = key as usize & (CACHE_SLOTS - 2);
            prefetch(&cache[set]);
            prefetch(&cache[set + 1]);
            feats.push(key);
        }
        let keys_at = feats.len() - n;
        for j in 0..n {
            let key = feats[keys_at + j];
            // Two ways a set: a new word goes first, the first moves second.
            let set = key as usize & (CACHE_SLOTS - 2);
            let slot = if cache[set].key == key {
                set
            } else if cache[set + 1].key == key {
                set + 1
            } else {
                cache[set + 1] = cache[set];
                cache[set] = self.word_entry(words[j], key, uses, norm, skeleton, entry_keys);
                set
            };
            let entry = &cache[slot];
            cores.push(entry.core);
            // Word j is at offset d from word j - d.
            for (o, sum) in entry.sums.iter().enumerate() {
                let i = j as isize - (o as isize - 3);
                if i >= 0 && (i as usize) < n {
                    add(&mut acc[i as usize], sum);
                }
            }
        }
        // The offsets beyond the ends.
        for (i, a) in acc.iter_mut().enumerate() {
            for d in 1..=3 {
                if i < d {
                    add(a, &boundary[3 - d]);
                }
                if i + d >= n {
                    add(a, &boundary[3 + d]);
                }
            }
        }
        self.gazetteer.mark(cores);
        ends.clear();
        // The context features of the whole sentence, then their weights,
        // so that the table's cache lines are fetched ahead across words.
        feats.clear();
        for i in 0..n {
            crate::features::context_features(cores, i, uses, feats);
            ends.push(feats.len() as u32);
        }
        emissions.clear();
        let mut from = 0;
        for (j, &k) in feats.iter().enumerate() {
            self.weights.prefetch_ahead(feats, j);
            while ends[from] as usize <= j {
                emissions.push(self.emission(&acc[from]));
                from += 1;
            }
            if let Some(w) = self.weights.get(k) {
                add16(&mut acc[from], w);
            }
        }
        while from < n {
            emissions.push(self.emission(&acc[from]));
            from += 1;
        }
        viterbi_into(
            &scratch.emissions,
            &self.transitions,
            &mut scratch.score,
            &mut scratch.back,
            tags,
        );
    }

    /// A word's cache entry: its pieces and the summed weights of its
    /// features at each offset (`keys`: a buffer).
    #[inline(never)]
    fn word_entry(
        &self,
        word: &str,
        key: u64,
        uses: Uses,
        norm: &mut String,
        skeleton: &mut String,
        keys: &mut Vec<u64>,
    ) -> Cached {
        norm.clear();
        khabar_text::normalize::fold_into(word, norm);
        let (core, form) = word_pieces(norm, &self.gazetteer, skeleton);
        let mut ends = [0usize; OFFSETS];
        keys.clear();
        for (o, end) in ends.iter_mut().enumerate() {
            offset_features(Some((&core, &form)), o as isize - 3, uses, keys);
            *end = keys.len();
        }
        let mut sums = [[0i32; 8]; OFFSETS];
        let mut o = 0;
        for (j, &k) in keys.iter().enumerate() {
            self.weights.prefetch_ahead(keys, j);
            while ends[o] <= j {
                o += 1;
            }
            if let Some(w) = self.weights.get(k) {
                add16(&mut sums[o], w);
            }
        }
        Cached { key, core, sums }
    }

    /// The best BIO tags for a sentence of words in analysis form (without
    /// the word cache).
    pub fn tag_norms(&self, norms: &[String]) -> Vec<Tag> {
        let mut scratch = Scratch::default();
        let mut tags = Vec::new();
        scratch.sentence.analyse_norms(norms, &self.gazetteer);
        let uses = self.gazetteer.uses();
        for i in 0..scratch.sentence.len() {
            scratch.feats.clear();
            scratch.sentence.features(i, uses, &mut scratch.feats);
            let mut a = [0i32; 8];
            self.add_weights(&scratch.feats, &mut a);
            scratch.emissions.push(self.emission(&a));
        }
        viterbi_into(
            &scratch.emissions,
            &self.transitions,
            &mut scratch.score,
            &mut scratch.back,
            &mut tags,
        );
        tags
    }

    /// Adds the weights of `keys` to `acc` (in multiples of the scale).
    #[inline]
    fn add_weights(&self, keys: &[u64], acc: &mut [i32; 8]) {
        for (j, &k) in keys.iter().enumerate() {
            self.weights.prefetch_ahead(keys, j);
            if let Some(w) = self.weights.get(k) {
                add16(acc, w);
            }
        }
    }

    /// A word's emission scores from its summed weights.
    #[inline]
    fn emission(&self, acc: &[i32; 8]) -> [f32; TAGS] {
        let mut e = [0f32; TAGS];
        for t in 0..TAGS {
            e[t] = acc[t] as f32 * self.scale;
        }
        e[0] -= self.o_penalty;
        e
    }

    /// The model as gzip-compressed bytes: magic, version, gazetteer,
    /// transitions, scale, then the feature keys (sorted, delta varints) and
    /// their weights (i16 multiples of the scale).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        let gaz = self.gazetteer.sorted();
        put_varint(&mut out, gaz.len() as u64);
        for (name, class) in gaz {
            out.push(class as u8);
            put_varint(&mut out, name.len() as u64);
            out.extend_from_slice(name.as_bytes());
        }
        // Harvested word classes: sorted word hashes (delta varints), then
        // their packed codes.
        let mut harvest: Vec<(u64, u16)> = self
            .gazetteer
            .harvest()
            .iter()
            .map(|(&k, &v)| (k, v))
            .collect();
        harvest.sort_unstable();
        put_varint(&mut out, harvest.len() as u64);
        let mut last = 0u64;
        for &(k, _) in &harvest {
            put_varint(&mut out, k - last);
            last = k;
        }
        for &(_, v) in &harvest {
            put_varint(&mut out, u64::from(v));
        }
        // Word clusters, the same way.
        let mut clusters: Vec<(u64, u32)> = self
            .gazetteer
            .clusters()
            .iter()
            .map(|(&k, &v)| (k, v))
            .collect();
        clusters.sort_unstable();
        put_varint(&mut out, clusters.len() as u64);
        let mut last = 0u64;
        for &(k, _) in &clusters {
            put_varint(&mut out, k - last);
            last = k;
        }
        for &(_, v) in &clusters {
            put_varint(&mut out, u64::from(v));
        }
        for row in &self.transitions {
            for x in row {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&self.o_penalty.to_le_bytes());
        let rows = self.weights.rows();
        put_varint(&mut out, rows.len() as u64);
        let mut last = 0u64;
        for &(k, _) in &rows {
            put_varint(&mut out, k - last);
            last = k;
        }
        // Weights tag by tag (column-major), which compresses better.
        for t in 0..TAGS {
            for (_, w) in &rows {
                out.extend_from_slice(&w[t].to_le_bytes());
            }
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&out).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    /// Reads `to_bytes` output.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|_| ModelError("not a gzip stream"))?;
        let mut c = Cursor(&raw);
        if c.take(4)? != MAGIC {
            return Err(ModelError("not a khabar-ner model"));
        }
        if c.u8()? != VERSION {
            return Err(ModelError("unknown model version"));
        }
        let mut gazetteer = Gazetteer::default();
        for _ in 0..c.varint()? {
            let class = GazClass::from_u8(c.u8()?).ok_or(ModelError("bad gazetteer class"))?;
            let len = c.varint()? as usize;
            let name =
                std::str::from_utf8(c.take(len)?).map_err(|_| ModelError("bad gazetteer name"))?;
            gazetteer.insert(name, class);
        }
        let n = c.varint()? as usize;
        let mut hkeys = Vec::with_capacity(n);
        let mut last = 0u64;
        for _ in 0..n {
            last = last.wrapping_add(c.varint()?);
            hkeys.push(last);
        }
        let mut harvest = FxHashMap::default();
        for k in hkeys {
            harvest.insert(k, c.varint()? as u16);
        }
        gazetteer.set_harvest(harvest);
        let n = c.varint()? as usize;
        let mut ckeys = Vec::with_capacity(n);
        let mut last = 0u64;
        for _ in 0..n {
            last = last.wrapping_add(c.varint()?);
            ckeys.push(last);
        }
        let mut clusters = FxHashMap::default();
        for k in ckeys {
            clusters.insert(k, c.varint()? as u32);
        }
        gazetteer.set_clusters(clusters);
        let mut transitions = [[0f32; TAGS]; PREV_ROWS];
        for row in transitions.iter_mut() {
            for x in row.iter_mut() {
                *x = c.f32()?;
            }
        }
        let scale = c.f32()?;
        let o_penalty = c.f32()?;
        let n = c.varint()? as usize;
        let mut keys = Vec::with_capacity(n);
        let mut last = 0u64;
        for _ in 0..n {
            last = last.wrapping_add(c.varint()?);
            keys.push(last);
        }
        let mut rows: Vec<(u64, [i16; TAGS])> = keys.into_iter().map(|k| (k, [0; TAGS])).collect();
        for t in 0..TAGS {
            for row in rows.iter_mut() {
                row.1[t] = c.i16()?;
            }
        }
        let weights = Weights::new(&rows);
        Ok(Model {
            id: next_id(),
            weights,
            transitions,
            scale,
            o_penalty,
            gazetteer,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<(Vec<String>, Vec<Tag>)> {
        let s = |w: &str, t: &[Tag]| {
            (
                w.split(' ').map(str::to_string).collect::<Vec<_>>(),
                t.to_vec(),
            )
        };
        use Tag::*;
        vec![
            s(
                "صدر عارف علوی نے لاہور میں کہا",
                &[O, BPer, IPer, O, BLoc, O, O],
            ),
            s(
                "وزیر اعظم شہباز شریف کراچی گئے",
                &[O, O, BPer, IPer, BLoc, O],
            ),
            s("الیکشن کمیشن نے کہا", &[BOrg, IOrg, O, O]),
            s("کم از کم دس افراد", &[O, O, O, O, O]),
        ]
    }

    #[test]
    fn learns_the_training_data() {
        let mut gaz = Gazetteer::default();
        gaz.insert("کراچی", GazClass::BigCity);
        let data = toy();
        let model = train(
            &data,
            gaz,
            TrainOptions {
                epochs: 5,
                seed: 1,
                prune: 0.0,
                o_penalty: 0.0,
                dropout: 0.0,
            },
        );
        for (words, tags) in &data {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            assert_eq!(&model.tag(&words), tags);
        }
    }

    #[test]
    fn training_is_deterministic() {
        let data = toy();
        let o = TrainOptions {
            epochs: 3,
            seed: 7,
            prune: 0.0,
            o_penalty: 0.5,
            dropout: 0.1,
        };
        let a = train(&data, Gazetteer::default(), o);
        let b = train(&data, Gazetteer::default(), o);
        assert_eq!(a.to_bytes(), b.to_bytes());
    }

    #[test]
    fn bytes_round_trip() {
        let mut gaz = Gazetteer::default();
        gaz.insert("جنوبی افریقہ", GazClass::Territory);
        gaz.insert("کراچی", GazClass::BigCity);
        let model = train(
            &toy(),
            gaz,
            TrainOptions {
                epochs: 3,
                seed: 7,
                prune: 0.0,
                o_penalty: 0.5,
                dropout: 0.1,
            },
        );
        let bytes = model.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back, model);
        assert_eq!(back.to_bytes(), bytes);
        assert!(Model::from_bytes(b"junk").is_err());
        assert!(Model::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    }

    #[test]
    fn mean_of_models() {
        let o = |seed| TrainOptions {
            epochs: 3,
            seed,
            prune: 0.0,
            o_penalty: 0.0,
            dropout: 0.0,
        };
        let a = train(&toy(), Gazetteer::default(), o(1));
        let b = train(&toy(), Gazetteer::default(), o(2));
        let m = Model::mean(&[a.clone(), b]);
        assert!(m.features() >= a.features());
        assert_eq!(Model::from_bytes(&m.to_bytes()).unwrap(), m);
        for (words, tags) in &toy() {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            assert_eq!(&m.tag(&words), tags);
        }
    }

    #[test]
    fn word_cache_gives_the_uncached_tags() {
        let mut gaz = Gazetteer::default();
        gaz.insert("کراچی", GazClass::BigCity);
        let o = |seed| TrainOptions {
            epochs: 3,
            seed,
            prune: 0.0,
            o_penalty: 0.0,
            dropout: 0.2,
        };
        let a = train(&toy(), gaz.clone(), o(1));
        let b = train(&toy(), gaz, o(5));
        let mut scratch = Scratch::default();
        let mut tags = Vec::new();
        let sentences = [
            "صدر عارف علوی نے کراچی میں کہا کہ صدر عارف علوی",
            "الیکشن کمیشن",
            "کراچی",
            "وزیر اعظم شہباز شریف لاہور گئے اور کراچی میں الیکشن کمیشن نے کہا",
        ];
        // Two models share the scratch in turn; every word is met twice.
        for _ in 0..2 {
            for model in [&a, &b] {
                for s in sentences {
                    let words: Vec<&str> = s.split(' ').collect();
                    model.tag_into(&words, &mut scratch, &mut tags);
                    let norms = crate::features::fold_words(&words);
                    assert_eq!(tags, model.tag_norms(&norms), "{s}");
                    let mut emissions = Vec::new();
                    let mut sentence = Sentence::default();
                    sentence.analyse_norms(&norms, &model.gazetteer);
                    for i in 0..words.len() {
                        let mut f = Vec::new();
                        sentence.features(i, model.gazetteer.uses(), &mut f);
                        let mut acc = [0i32; 8];
                        model.add_weights(&f, &mut acc);
                        emissions.push(model.emission(&acc));
                    }
                    assert_eq!(scratch.emissions, emissions, "{s}");
                }
            }
        }
        model_tag_into_empty(&a, &mut scratch);
    }

    fn model_tag_into_empty(model: &Model, scratch: &mut Scratch) {
        let mut tags = vec![Tag::BPer];
        model.tag_into(&[], scratch, &mut tags);
        assert!(tags.is_empty());
    }

    #[test]
    fn viterbi_respects_bio() {
        // Emissions prefer I-PER at the start; it is not allowed there.
        let mut e = [[0f32; TAGS]; 2];
        e[0][Tag::IPer.index()] = 5.0;
        e[0][Tag::BLoc.index()] = 1.0;
        let tags = viterbi(&e, &[[0f32; TAGS]; PREV_ROWS]);
        assert_eq!(tags, vec![Tag::BLoc, Tag::O]);
        // Nor after another type: B-PER I-PER wins over B-LOC I-PER.
        e[1][Tag::IPer.index()] = 5.0;
        let tags = viterbi(&e, &[[0f32; TAGS]; PREV_ROWS]);
        assert_eq!(tags, vec![Tag::BPer, Tag::IPer]);
    }
}
