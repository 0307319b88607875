//! Two-way sync with CardDAV/CalDAV servers: contacts, promises and (opt-in) entries.

pub mod dav;
pub mod discover;
pub mod error;
pub mod report;
pub mod settings;
