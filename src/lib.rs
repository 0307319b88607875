//! rapport: a terminal journal for the business relationships you want to keep.
//!
//! The library holds everything; `main.rs` only parses arguments and hands over. Data flows one way:
//! command line or keys → domain rules (pure, given `today`) → store (the only SQL) → output.

pub mod card_details;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod display;
pub mod domain;
pub mod i18n;
pub mod inbox;
pub mod insight;
pub mod mcp;
pub mod paths;
pub mod report;
pub mod search_query;
/// Secrets kept in a file or printed by a command: the passphrase and the sync password.
pub mod secrets;
pub mod snippet;
pub mod store;
pub mod sync;
pub mod text;
pub mod transfer;
pub mod tui;
