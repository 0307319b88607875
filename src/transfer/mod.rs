//! Formats rapport reads and writes. JSON (version 1) is the full, lossless backup format.

pub mod ics;
pub mod jrnl;
pub mod json;
pub mod linkedin;
pub mod markdown;
pub mod vcard;
