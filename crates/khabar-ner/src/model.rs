//! The model: feature weights per tag, tag transition weights, the
//! gazetteer; training (structured averaged perceptron), Viterbi decoding,
//! and a compact binary format.

use std::io::{Read, Write};

use rustc_hash::FxHashMap;

use crate::features::{GazClass, Gazetteer, sentence_features};
use crate::tags::{TAGS, Tag};

/// Transition rows: one per previous tag, and one for the sentence start.
const PREV_ROWS: usize = TAGS + 1;
const START_ROW: usize = TAGS;
const MAGIC: &[u8; 4] = b"KNER";
const VERSION: u8 = 2;

/// A trained tagger model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// Feature key to weight per tag (already quantized: every weight is a
    /// multiple of `scale`).
    weights: FxHashMap<u64, [f32; TAGS]>,
    /// transitions[prev][tag]; prev = TAGS for the sentence start.
    transitions: [[f32; TAGS]; PREV_ROWS],
    scale: f32,
    /// Subtracted from the score of `O` at every word when decoding: the
    /// perceptron favours `O`, and a small penalty trades precision for
    /// recall (tuned on IL-NER dev).
    o_penalty: f32,
    gazetteer: Gazetteer,
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

/// Best tag sequence given emission scores (one row of TAGS per word) and
/// transitions, under the BIO constraint (I-X only after B-X or I-X).
fn viterbi(emissions: &[[f32; TAGS]], transitions: &[[f32; TAGS]; PREV_ROWS]) -> Vec<Tag> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for t in Tag::ALL {
        if t.may_follow(None) {
            score[0][t.index()] = emissions[0][t.index()] + transitions[START_ROW][t.index()];
        }
    }
    for i in 1..n {
        for t in Tag::ALL {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for p in Tag::ALL {
                if !t.may_follow(Some(p)) {
                    continue;
                }
                let s = score[i - 1][p.index()] + transitions[p.index()][t.index()];
                if s > best {
                    best = s;
                    arg = p.index() as u8;
                }
            }
            score[i][t.index()] = best + emissions[i][t.index()];
            back[i][t.index()] = arg;
        }
    }
    let mut last = 0;
    for t in 1..TAGS {
        if score[n - 1][t] > score[n - 1][last] {
            last = t;
        }
    }
    let mut tags = vec![Tag::O; n];
    for i in (0..n).rev() {
        tags[i] = Tag::from_index(last);
        last = back[i][last] as usize;
    }
    tags
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
    let quantize = |x: f32| (x / scale).round().clamp(-32767.0, 32767.0) * scale;
    let mut weights = FxHashMap::default();
    for (k, a) in averaged {
        let q = a.map(quantize);
        if q.iter().any(|&x| x != 0.0) {
            weights.insert(k, q);
        }
    }
    let mut transitions = [[0f32; TAGS]; PREV_ROWS];
    for p in 0..PREV_ROWS {
        for t in 0..TAGS {
            transitions[p][t] = avg(tw[p][t], tu[p][t]);
        }
    }
    Model {
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
            for (k, w) in &m.weights {
                let s = sum.entry(*k).or_insert([0f32; TAGS]);
                for t in 0..TAGS {
                    s[t] += w[t] / n;
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
        let quantize = |x: f32| (x / scale).round().clamp(-32767.0, 32767.0) * scale;
        let weights = sum
            .into_iter()
            .map(|(k, w)| (k, w.map(quantize)))
            .filter(|(_, w)| w.iter().any(|&x| x != 0.0))
            .collect();
        Model {
            weights,
            transitions,
            scale,
            o_penalty,
            gazetteer: first.gazetteer.clone(),
        }
    }

    /// The number of features kept.
    pub fn features(&self) -> usize {
        self.weights.len()
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
        let norms: Vec<String> = words
            .iter()
            .map(|w| khabar_text::normalize::fold(w))
            .collect();
        self.tag_norms(&norms)
    }

    /// The best BIO tags for a sentence of words in analysis form.
    pub fn tag_norms(&self, norms: &[String]) -> Vec<Tag> {
        let feats = sentence_features(norms, &self.gazetteer);
        let emissions: Vec<[f32; TAGS]> = feats
            .iter()
            .map(|f| {
                let mut e = [0f32; TAGS];
                e[0] = -self.o_penalty;
                for k in f {
                    if let Some(wk) = self.weights.get(k) {
                        for t in 0..TAGS {
                            e[t] += wk[t];
                        }
                    }
                }
                e
            })
            .collect();
        viterbi(&emissions, &self.transitions)
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
        for row in &self.transitions {
            for x in row {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&self.o_penalty.to_le_bytes());
        let mut keys: Vec<u64> = self.weights.keys().copied().collect();
        keys.sort_unstable();
        put_varint(&mut out, keys.len() as u64);
        let mut last = 0u64;
        for &k in &keys {
            put_varint(&mut out, k - last);
            last = k;
        }
        // Weights tag by tag (column-major), which compresses better.
        for t in 0..TAGS {
            for k in &keys {
                let q = (self.weights[k][t] / self.scale).round() as i16;
                out.extend_from_slice(&q.to_le_bytes());
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
        let mut rows = vec![[0f32; TAGS]; n];
        for t in 0..TAGS {
            for row in rows.iter_mut() {
                row[t] = f32::from(c.i16()?) * scale;
            }
        }
        let weights = keys.into_iter().zip(rows).collect();
        Ok(Model {
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
