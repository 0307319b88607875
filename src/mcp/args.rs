//! The tools' arguments as the protocol carries them (their JSON schemas are generated from these
//! types, the doc comments becoming the descriptions a model reads), with the limits on their sizes
//! and the resolution of contact names.

use super::refused;
use crate::domain::model::{Contact, Id};
use crate::i18n::tr;
use crate::store::Store;
use rmcp::ErrorData;
use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;
use std::collections::HashSet;

/// The longest contact name or id accepted, in characters.
pub const MAX_NAME: usize = 200;
/// The longest search query, in characters.
pub const MAX_QUERY: usize = 1_000;
/// The longest date as typed, in characters.
pub const MAX_DATE: usize = 100;
/// The longest title or short word (kind, initiative), in characters.
pub const MAX_TITLE: usize = 500;
/// The longest entry body or promise text, in characters.
pub const MAX_BODY: usize = 100_000;
/// The most contacts one entry may name.
pub const MAX_CONTACTS: usize = 50;
/// The largest `limit`.
pub const MAX_LIMIT: u32 = 500;

/// `who_needs_attention`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttentionArgs {
    /// The day to judge from instead of today, as the user would say it: 2026-12-01, friday,
    /// "in 2 weeks", morgen … (weekday names point forward).
    pub as_of: Option<String>,
    /// At most this many contacts, most urgent first (default: all who need attention; 1 to 500).
    pub limit: Option<u32>,
}

/// `briefing` and `contact`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactArgs {
    /// The contact: an id (12 or #12), the exact name, or a unique beginning of the name. A name that
    /// matches several contacts is refused with the candidates; then ask again with the id.
    pub contact: String,
}

/// `search`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// Words to find in contacts, promises and entries (parts of words match too; "quoted phrases"
    /// and -excluded words work as on the command line).
    pub query: String,
    /// Only this contact's entries and promises: id, exact name or unique beginning of the name.
    pub contact: Option<String>,
    /// At most this many results in each group (default 20; 1 to 500).
    pub limit: Option<u32>,
}

/// `promises`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PromisesArgs {
    /// Only this contact's promises: id, exact name or unique beginning of the name.
    pub contact: Option<String>,
}

/// `log_entry`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogEntryArgs {
    /// Who it was with: ids (12 or #12), exact names or unique beginnings of names; at least one.
    pub contacts: Vec<String>,
    /// meeting (the default), call, video, email, message, event or note.
    pub kind: Option<String>,
    /// When it happened (default: now), as the user said it: 2026-11-20 14:30, yesterday, friday,
    /// "3d ago", gestern … (a date alone means noon; the future is refused).
    pub when: Option<String>,
    /// A one-line title.
    pub title: Option<String>,
    /// What happened, in the user's words.
    pub body: String,
    /// The other person's mood: -2 (very bad) to +2 (very good).
    pub mood: Option<i8>,
    /// Who took the initiative: me, them or mutual.
    pub initiative: Option<String>,
    /// Something the user promised them.
    pub my_promise: Option<String>,
    /// When the user's promise is due: 2026-12-01, friday, "in 2w", morgen …
    pub my_promise_due: Option<String>,
    /// Something they promised the user.
    pub their_promise: Option<String>,
    /// When their promise is due.
    pub their_promise_due: Option<String>,
}

/// What became of a promise.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// It was kept.
    Kept,
    /// It was broken.
    Broken,
}

/// A promise id: 12 or "#12".
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PromiseId {
    /// The number.
    Number(i64),
    /// The number as text, `#` allowed.
    Text(String),
}

/// `mark_promise`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkPromiseArgs {
    /// The promise's id, as `promises` or `search` give it (12 or "#12").
    pub id: PromiseId,
    /// kept or broken.
    pub status: Outcome,
}

/// Refuses `text` when it is longer than `max` characters.
pub fn capped<'a>(field: &str, text: &'a str, max: usize) -> Result<&'a str, ErrorData> {
    if text.chars().nth(max).is_some() {
        return Err(refused(tr(
            "mcp.too_long",
            &[("field", &field), ("max", &max)],
        )));
    }
    Ok(text)
}

/// [`capped`] for an optional argument.
pub fn capped_opt<'a>(
    field: &str,
    text: Option<&'a str>,
    max: usize,
) -> Result<Option<&'a str>, ErrorData> {
    text.map(|t| capped(field, t, max)).transpose()
}

/// The `limit` given, checked, or `default`.
pub fn limit(given: Option<u32>, default: usize) -> Result<usize, ErrorData> {
    match given {
        None => Ok(default),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n as usize),
        Some(_) => Err(refused(tr("mcp.bad_limit", &[("max", &MAX_LIMIT)]))),
    }
}

/// The contact `query` names, as the command line resolves it, with the `hidden` contacts not there.
pub fn contact(store: &Store, query: &str, hidden: &HashSet<Id>) -> Result<Contact, ErrorData> {
    let query = capped("contact", query, MAX_NAME)?;
    crate::report::resolve_contact(store, query, hidden, "mcp.unknown_contact")
        .map_err(super::failed)
}

/// The id of the contact an optional `contact` argument names.
pub fn contact_filter(
    store: &Store,
    query: Option<&str>,
    hidden: &HashSet<Id>,
) -> Result<Option<Id>, ErrorData> {
    query
        .map(|q| contact(store, q, hidden).map(|c| c.id))
        .transpose()
}

/// The ids of the contacts an entry names, each once, in the order given.
pub fn contacts(
    store: &Store,
    names: &[String],
    hidden: &HashSet<Id>,
) -> Result<Vec<Id>, ErrorData> {
    if names.len() > MAX_CONTACTS {
        return Err(refused(tr(
            "mcp.too_many",
            &[("field", &"contacts"), ("max", &MAX_CONTACTS)],
        )));
    }
    let mut ids = Vec::new();
    for name in names {
        let id = contact(store, name, hidden)?.id;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(refused(crate::i18n::t("error.no_contact")));
    }
    Ok(ids)
}

/// The number a promise id names.
pub fn promise_id(id: &PromiseId) -> Result<Id, ErrorData> {
    match id {
        PromiseId::Number(n) => Ok(*n),
        PromiseId::Text(text) => {
            crate::cli::parse_id(capped("id", text, MAX_NAME)?).map_err(super::failed)
        }
    }
}
