//! The LSH index: documents by band key, in memory.

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

    /// Documents that share at least one band with `bands`, each once, in
    /// increasing order.
    pub fn candidates(&self, bands: &[u32]) -> Vec<u32> {
        let mut found: Vec<u32> = bands
            .iter()
            .enumerate()
            .filter_map(|(band, &key)| self.buckets.get(&(band as u8, key)))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

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
            lsh.candidates(&Fingerprint::of(copy.split(' ')).bands),
            vec![1]
        );
    }
}
