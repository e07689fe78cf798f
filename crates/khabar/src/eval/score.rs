//! Precision, recall and F1 of predicted items against gold ones.

use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Score {
    pub fn of<T: Eq + Hash>(gold: &[T], predicted: &[T]) -> Score {
        let gold_set: HashSet<&T> = gold.iter().collect();
        let predicted_set: HashSet<&T> = predicted.iter().collect();
        Score {
            gold: gold_set.len(),
            predicted: predicted_set.len(),
            correct: predicted_set.intersection(&gold_set).count(),
        }
    }

    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "precision {:.4}  recall {:.4}  F1 {:.4}  (gold {}, predicted {}, correct {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.gold,
            self.predicted,
            self.correct
        )
    }
}

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
