//! Exact-span precision, recall and F1, per type and micro-averaged.

use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;

use crate::tags::{EntityType, Span};

/// Predicted items against gold ones: for one entity type (or all of them),
/// and for any other scoring too (sentence ends, tokens).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted spans that are gold spans (same words, same type).
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    /// The counts of two sets of items, duplicates counted once.
    pub fn of<T: Eq + Hash>(gold: &[T], predicted: &[T]) -> Counts {
        let gold: HashSet<&T> = gold.iter().collect();
        let predicted: HashSet<&T> = predicted.iter().collect();
        Counts {
            gold: gold.len(),
            predicted: predicted.len(),
            correct: predicted.intersection(&gold).count(),
        }
    }

    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }

    fn add(&mut self, other: Counts) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

/// The harmonic mean of a precision and a recall (0 when both are).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl fmt::Display for Counts {
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

/// Span counts per type, accumulated sentence by sentence.
#[derive(Clone, Debug, Default)]
pub struct Scorer {
    per_type: [Counts; 3],
}

impl Scorer {
    /// Adds one sentence's gold and predicted spans.
    pub fn add(&mut self, gold: &[Span], predicted: &[Span]) {
        for (i, entity) in EntityType::ALL.into_iter().enumerate() {
            let g: Vec<_> = gold.iter().filter(|s| s.2 == entity).collect();
            let p: Vec<_> = predicted.iter().filter(|s| s.2 == entity).collect();
            let counts = &mut self.per_type[i];
            counts.gold += g.len();
            counts.predicted += p.len();
            counts.correct += p.iter().filter(|s| g.contains(s)).count();
        }
    }

    pub fn counts(&self, entity: EntityType) -> Counts {
        let i = EntityType::ALL
            .iter()
            .position(|&e| e == entity)
            .unwrap_or(0);
        self.per_type[i]
    }

    /// The counts over the three types together.
    pub fn micro(&self) -> Counts {
        let mut all = Counts::default();
        for c in self.per_type {
            all.add(c);
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{EntityType::*, Tag, spans};

    #[test]
    fn hand_made_pair() {
        // Gold: PER 0..2, LOC 3..4, ORG 5..7, LOC 8..9.
        let gold = [
            Tag::BPer,
            Tag::IPer,
            Tag::O,
            Tag::BLoc,
            Tag::O,
            Tag::BOrg,
            Tag::IOrg,
            Tag::O,
            Tag::BLoc,
        ];
        // Predicted: PER 0..2 (right), LOC 3..4 (right), ORG 5..6 (wrong
        // boundary), PER 8..9 (wrong type).
        let predicted = [
            Tag::BPer,
            Tag::IPer,
            Tag::O,
            Tag::BLoc,
            Tag::O,
            Tag::BOrg,
            Tag::O,
            Tag::O,
            Tag::BPer,
        ];
        let mut scorer = Scorer::default();
        scorer.add(&spans(&gold), &spans(&predicted));
        let per = scorer.counts(Person);
        assert_eq!(
            per,
            Counts {
                correct: 1,
                predicted: 2,
                gold: 1
            }
        );
        assert!((per.precision() - 0.5).abs() < 1e-12);
        assert!((per.recall() - 1.0).abs() < 1e-12);
        assert!((per.f1() - 2.0 / 3.0).abs() < 1e-12);
        let loc = scorer.counts(Location);
        assert_eq!(
            loc,
            Counts {
                correct: 1,
                predicted: 1,
                gold: 2
            }
        );
        let org = scorer.counts(Organisation);
        assert_eq!(
            org,
            Counts {
                correct: 0,
                predicted: 1,
                gold: 1
            }
        );
        assert_eq!(org.f1(), 0.0);
        let micro = scorer.micro();
        assert_eq!(
            micro,
            Counts {
                correct: 2,
                predicted: 4,
                gold: 4
            }
        );
        assert!((micro.f1() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn empty_counts_are_zero() {
        let c = Counts::default();
        assert_eq!((c.precision(), c.recall(), c.f1()), (0.0, 0.0, 0.0));
    }
}
