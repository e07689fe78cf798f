//! `khabar bench`: speed figures on real corpora, each beside an
//! alternative measured in the same run.

pub mod batch;
pub mod corpus;
pub mod markov;
pub mod scale;
pub mod stories;
pub mod text;
