//! Plain types and pure rules: no SQL, no terminal, no clock.

pub mod charts;
pub mod dates;
pub mod duplicates;
pub mod merge;
pub mod model;
pub mod pillars;
pub mod rules;
