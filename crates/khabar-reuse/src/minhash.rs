//! MinHash signatures of shingle sets, and their LSH band keys.
//!
//! Each of the [`PERMUTATIONS`] hash functions is a permutation of 32-bit
//! values, `a·x + b` modulo 2³² with odd `a` and any `b` drawn once from a
//! fixed seed, applied to the shingle's hash (already well mixed by xxh3);
//! the signature keeps each function's minimum. Two sets agree at one
//! position with probability close to their Jaccard similarity. Arithmetic
//! on 32 bits runs in vector lanes (datasketch 2 uses the same scheme).

/// Hash functions per signature, as many as datasketch's usual setting.
pub const PERMUTATIONS: usize = 128;
/// Rows per LSH band: two documents become candidates if all the rows of
/// one band agree, with probability `1 - (1 - J^ROWS)^BANDS` at Jaccard `J`.
pub const ROWS: usize = 3;
/// LSH bands (the last two hash functions are left out of them). With 3
/// rows, a pair at Jaccard 0.3 is a candidate with probability 0.68, at 0.5
/// with 0.996: a text that copies half of another is found. A pair at 0.05
/// is one with probability 0.005.
pub const BANDS: usize = PERMUTATIONS / ROWS;

const fn splitmix64(state: u64) -> (u64, u64) {
    let state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (state, z ^ (z >> 31))
}

/// The `a` (odd) and `b` of each hash function.
const COEFFICIENTS: ([u32; PERMUTATIONS], [u32; PERMUTATIONS]) = {
    let mut a = [0u32; PERMUTATIONS];
    let mut b = [0u32; PERMUTATIONS];
    let mut state = 0x4B48_4142_4152_u64; // "KHABAR"
    let mut i = 0;
    while i < PERMUTATIONS {
        let (next, value) = splitmix64(state);
        a[i] = (value >> 32) as u32 | 1;
        let (next, value) = splitmix64(next);
        b[i] = (value >> 32) as u32;
        state = next;
        i += 1;
    }
    (a, b)
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; PERMUTATIONS]);

impl Signature {
    pub fn of(shingles: &[u32]) -> Signature {
        let (a, b) = &COEFFICIENTS;
        let mut minima = [u32::MAX; PERMUTATIONS];
        for &x in shingles {
            // Written as a plain loop over arrays so it vectorizes.
            for i in 0..PERMUTATIONS {
                minima[i] = minima[i].min(a[i].wrapping_mul(x).wrapping_add(b[i]));
            }
        }
        Signature(minima)
    }

    /// The fraction of positions where two signatures agree: an estimate of
    /// the Jaccard similarity of their sets (the tests check the hashing
    /// with it).
    #[cfg(test)]
    fn similarity(&self, other: &Signature) -> f64 {
        let agree = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        agree as f64 / PERMUTATIONS as f64
    }

    /// One key per band: a hash of the band's rows and its number, so that
    /// equal rows in different bands do not meet.
    pub fn bands(&self) -> Vec<u32> {
        self.0
            .chunks_exact(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut hash = (band as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                for &row in rows {
                    hash = (hash ^ u64::from(row))
                        .wrapping_mul(0xBF58_476D_1CE4_E5B9)
                        .rotate_left(29);
                }
                (hash ^ (hash >> 32)) as u32
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u32>) -> Vec<u32> {
        // Hashed, like real shingles.
        let mut values: Vec<u32> = range.map(|v| crate::shingle_hash(&v.to_string())).collect();
        values.sort_unstable();
        values
    }

    #[test]
    fn estimates_jaccard() {
        // 600 shared of 1,000 in the union: Jaccard 0.6.
        let a = Signature::of(&set(0..800));
        let b = Signature::of(&set(200..1000));
        let estimate = a.similarity(&b);
        assert!((estimate - 0.6).abs() < 0.12, "estimate {estimate}");
        let c = Signature::of(&set(5000..6000));
        assert!(a.similarity(&c) < 0.1);
    }

    #[test]
    fn equal_sets_share_every_band_and_distant_sets_none() {
        let a = Signature::of(&set(0..300));
        assert_eq!(a.bands(), Signature::of(&set(0..300)).bands());
        let far = Signature::of(&set(10_000..10_300)).bands();
        assert!(a.bands().iter().zip(&far).all(|(x, y)| x != y));
    }

    #[test]
    fn coefficients_are_odd_and_distinct() {
        let (a, _) = &COEFFICIENTS;
        assert!(a.iter().all(|v| v % 2 == 1));
        let mut sorted = a.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), PERMUTATIONS);
    }
}
