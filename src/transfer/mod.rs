//! Formats rapport reads and writes. JSON (version 1) is the full, lossless backup format.

pub mod json;
