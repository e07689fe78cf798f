//! Evaluation commands: quality measured against gold data.

pub mod conllu;
pub mod score;
pub mod segment;
