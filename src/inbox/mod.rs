//! The private inbox: touches found in the user's own mail and calendar, proposed for confirmation.
//!
//! (The shared types of issue 16's design; the sources, the header parser and the rules come with the
//! core part.)

use crate::domain::model::{Id, Initiative, Kind};
use chrono::{DateTime, FixedOffset};

/// Where a touch was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// A Maildir folder.
    Maildir,
    /// An mbox file.
    Mbox,
    /// An ICS calendar.
    Calendar,
    /// One message piped in by a mail client.
    Piped,
}

/// One mail's headers, decoded (RFC 2047), addresses lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// In-Reply-To.
    pub in_reply_to: Option<String>,
    /// References, oldest first.
    pub references: Vec<String>,
    /// From.
    pub from: Vec<Address>,
    /// To.
    pub to: Vec<Address>,
    /// Cc.
    pub cc: Vec<Address>,
    /// Date.
    pub date: Option<DateTime<FixedOffset>>,
    /// Subject.
    pub subject: Option<String>,
    /// Where it was read.
    pub source: Source,
    /// Maildir file name, "mbox:<path>:<offset>", "eml:<message-id>".
    pub origin: String,
}

/// A mail address with its display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// Lower-cased address.
    pub email: String,
    /// Display name, decoded.
    pub name: Option<String>,
}

/// One past calendar event with attendees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// The event's UID.
    pub uid: String,
    /// When it started.
    pub start: DateTime<FixedOffset>,
    /// Its summary.
    pub summary: Option<String>,
    /// Who organised it.
    pub organizer: Option<Address>,
    /// Who attended.
    pub attendees: Vec<Address>,
    /// Which calendar it came from.
    pub origin: String,
}

/// What the user confirms: one touch per contact per day and thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Stable: hash of contact ids + day + thread root.
    pub key: String,
    /// Whom it is about.
    pub contacts: Vec<Id>,
    /// Email or Meeting.
    pub kind: Kind,
    /// When.
    pub occurred_at: DateTime<FixedOffset>,
    /// Subject or event summary.
    pub title: Option<String>,
    /// Me when I wrote first that day.
    pub initiative: Initiative,
    /// Where it was found.
    pub source: Source,
    /// The messages or events it stands for.
    pub origins: Vec<String>,
}

/// A frequent correspondent who is no contact (>= 3 threads in 90 days).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    /// Lower-cased address.
    pub email: String,
    /// Display name from the headers.
    pub name: Option<String>,
    /// In how many threads they wrote.
    pub threads: usize,
}
