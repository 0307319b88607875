//! What `rapport log` writes, built once for the command line and the MCP server's `log_entry`:
//! the words of a request checked and turned into an entry with its promises.

use crate::clock::Clock;
use crate::domain::dates::Direction;
use crate::domain::model::{Entry, Id, Owner, Signals};
use crate::i18n::{t, tr};
use crate::store::NewPromise;

/// A request to log an entry, as typed (dates and words not yet read).
#[derive(Debug, Clone, Default)]
pub struct LogRequest {
    /// The contacts it is about, already resolved.
    pub contacts: Vec<Id>,
    /// `meeting`, `call`, … (the default is `meeting`).
    pub kind: Option<String>,
    /// When it happened, as typed; now when left out.
    pub when: Option<String>,
    /// A one-line title.
    pub title: Option<String>,
    /// The text.
    pub body: String,
    /// The partner's mood, -2 to +2.
    pub mood: Option<i8>,
    /// `me`, `them` or `mutual`.
    pub initiative: Option<String>,
    /// Pillar signals.
    pub signals: Signals,
    /// Promises: whose, the text and the due date as typed.
    pub promises: Vec<(Owner, String, Option<String>)>,
}

/// A request that cannot be written, in one line of the user's language.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InvalidLog(pub String);

fn invalid(e: impl std::fmt::Display) -> InvalidLog {
    InvalidLog(e.to_string())
}

/// The entry and promises a request asks for, with every word and date checked against `clock`.
///
/// # Errors
///
/// A kind, initiative, mood or date that cannot be read, an empty promise, or no contact.
pub fn entry_of(
    request: LogRequest,
    clock: &Clock,
) -> Result<(Entry, Vec<NewPromise>), InvalidLog> {
    let kind = request
        .kind
        .as_deref()
        .unwrap_or("meeting")
        .parse()
        .map_err(invalid)?;
    let initiative = request
        .initiative
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(invalid)?;
    if let Some(mood) = request.mood.filter(|m| !(-2..=2).contains(m)) {
        return Err(invalid(tr("error.bad_mood", &[("text", &mood)])));
    }
    if request.contacts.is_empty() {
        return Err(invalid(t("error.no_contact")));
    }
    let occurred_at = match &request.when {
        Some(text) => clock.entry_instant(text).map_err(invalid)?,
        None => clock.now,
    };
    let mut promises = Vec::new();
    for (owner, text, due) in request.promises {
        if text.trim().is_empty() {
            return Err(invalid(t("error.empty_promise")));
        }
        let due = due
            .as_deref()
            .map(|d| clock.date(d, Direction::Future))
            .transpose()
            .map_err(invalid)?;
        promises.push(NewPromise {
            owner,
            text: text.trim().to_string(),
            due,
        });
    }
    let entry = Entry {
        id: 0,
        occurred_at,
        kind,
        title: request
            .title
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        body: request.body,
        contacts: request.contacts,
        mood: request.mood,
        initiative,
        signals: request.signals,
    };
    Ok((entry, promises))
}
