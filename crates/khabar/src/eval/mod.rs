//! Evaluation commands: quality measured against gold data.

pub mod conllu;
pub mod counter;
pub mod score;
pub mod segment;
