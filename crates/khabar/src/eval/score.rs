//! Precision, recall and F1 of predicted items against gold ones.

/// The same counts as named-entity scoring uses.
pub use khabar_ner::Counts as Score;
pub use khabar_ner::score::f1;

#[cfg(test)]
mod tests {
    use super::Score;

    #[test]
    fn precision_recall_f1() {
        let s = Score::of(&[1, 2, 3, 4], &[2, 3, 4, 5, 6]);
        assert_eq!((s.gold, s.predicted, s.correct), (4, 5, 3));
        assert!((s.precision() - 0.6).abs() < 1e-9);
        assert!((s.recall() - 0.75).abs() < 1e-9);
        assert!((s.f1() - 2.0 * 0.6 * 0.75 / 1.35).abs() < 1e-9);
        assert_eq!(Score::of::<u8>(&[], &[]).f1(), 0.0);
    }
}
