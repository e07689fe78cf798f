//! The LSH index: documents by band key, in memory; and the ranking of
//! candidates that the corpus's stored band table shares.

use rustc_hash::FxHashMap;

/// Documents (by number) under each (band, key).
#[derive(Debug, Default)]
pub struct Lsh {
    buckets: FxHashMap<(u8, u32), Vec<u32>>,
}

impl Lsh {
    pub fn new() -> Lsh {
        Lsh::default()
    }

    pub fn insert(&mut self, document: u32, bands: &[u32]) {
        for (band, &key) in bands.iter().enumerate() {
            self.buckets
                .entry((band as u8, key))
                .or_default()
                .push(document);
        }
    }

    /// Documents that share at least one band with `bands`, at most
    /// `limit` of them, in increasing order (see [`strongest`]). Each
    /// bucket is read from its newest [`BUCKET_TAIL`] documents only, so
    /// that a text repeated thousands of times (a standard notice, a flood
    /// of near-duplicates) costs no more than one repeated a few times.
    pub fn candidates(&self, bands: &[u32], limit: usize) -> Vec<u32> {
        let met: Vec<u32> = bands
            .iter()
            .enumerate()
            .flat_map(|(band, &key)| self.newest(band, key))
            .collect();
        strongest(met, limit)
    }

    /// The newest [`BUCKET_TAIL`] documents of a bucket, newest first.
    pub fn newest(&self, band: usize, key: u32) -> impl Iterator<Item = u32> + '_ {
        self.buckets
            .get(&(band as u8, key))
            .into_iter()
            .flat_map(|bucket| bucket.iter().rev().take(BUCKET_TAIL))
            .copied()
    }
}

/// The documents met in a query's buckets (each once per bucket it shares
/// with the query), at most `limit` of them, in increasing order: those that
/// share the most bands (the likeliest copies) are kept, then the latest
/// (the greatest). The in-memory [`Lsh`] and the corpus's stored band table
/// rank their candidates alike.
pub fn strongest<T: Ord + Copy>(mut met: Vec<T>, limit: usize) -> Vec<T> {
    met.sort_unstable();
    let mut shared: Vec<(T, u32)> = Vec::new();
    for document in met {
        match shared.last_mut() {
            Some((last, count)) if *last == document => *count += 1,
            _ => shared.push((document, 1)),
        }
    }
    if shared.len() > limit {
        shared.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        shared.truncate(limit);
        shared.sort_unstable();
    }
    shared.into_iter().map(|(document, _)| document).collect()
}

/// The key of a band in a table of all bands: the band's number above its
/// key.
pub fn band_key(band: usize, key: u32) -> i64 {
    ((band as i64) << 32) | i64::from(key)
}

/// The newest documents of a bucket that a query looks at.
pub const BUCKET_TAIL: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fingerprint;

    #[test]
    fn finds_the_copy_not_the_stranger() {
        let story = "وزیراعظم نے آج اسلام آباد میں ایک اجلاس کی صدارت کی جس میں ملک کی معاشی صورتحال پر غور کیا گیا اور کئی فیصلے کیے گئے";
        let copy = story.replace("آج", "بدھ کو");
        let other = "کرکٹ ٹیم نے میچ جیت لیا اور کپتان نے کھلاڑیوں کی کارکردگی کو سراہا جبکہ تماشائیوں نے بھی خوشی منائی اور جشن منایا";
        let mut lsh = Lsh::new();
        lsh.insert(1, &Fingerprint::of(story.split(' ')).bands);
        lsh.insert(2, &Fingerprint::of(other.split(' ')).bands);
        assert_eq!(
            lsh.candidates(&Fingerprint::of(copy.split(' ')).bands, 10),
            vec![1]
        );
    }
}

#[cfg(test)]
mod bounds {
    use super::*;
    use crate::Fingerprint;

    #[test]
    fn a_flood_of_copies_gives_a_bounded_number_of_candidates() {
        let text = "وزیراعظم نے آج اسلام آباد میں ایک اجلاس کی صدارت کی جس میں ملک کی معاشی صورتحال پر غور کیا گیا";
        let bands = Fingerprint::of(text.split(' ')).bands;
        let mut lsh = Lsh::new();
        for document in 0..10_000 {
            lsh.insert(document, &bands);
        }
        let found = lsh.candidates(&bands, 200);
        assert_eq!(found.len(), BUCKET_TAIL);
        // The latest.
        assert_eq!(found.first(), Some(&(10_000 - BUCKET_TAIL as u32)));
        assert_eq!(lsh.candidates(&bands, 10).len(), 10);
    }
}
