//! The private inbox: touches found in the user's own mail (Maildir, mbox, one piped message) and
//! calendars (ICS files), proposed for confirmation. This module reads the sources (headers only,
//! never bodies) and holds the pure rules that turn messages and meetings into proposals; the store
//! keeps what was seen and proposed, the CLI and the app ask the user.

pub mod calendar;
pub mod mail;
pub mod maildir;
pub mod mbox;
pub mod rules;
pub mod settings;

use crate::domain::model::{Id, Initiative, InvalidValue, Kind};
use chrono::{DateTime, FixedOffset};
use std::fmt;
use std::str::FromStr;

/// Where a touch was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// A Maildir folder (isync, offlineimap, getmail).
    Maildir,
    /// An mbox file.
    Mbox,
    /// An ICS calendar file.
    Calendar,
    /// One message piped in by a mail client (`inbox add --eml -`).
    Piped,
}

impl Source {
    /// The word stored in the database and shown in the JSON list.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Maildir => "maildir",
            Source::Mbox => "mbox",
            Source::Calendar => "calendar",
            Source::Piped => "piped",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Source {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Source::Maildir,
            Source::Mbox,
            Source::Calendar,
            Source::Piped,
        ]
        .into_iter()
        .find(|source| source.as_str().eq_ignore_ascii_case(s.trim()))
        .ok_or_else(|| InvalidValue {
            field: "source",
            value: crate::text::sanitize_line(s),
            expected: "maildir mbox calendar piped",
        })
    }
}

/// One mail's headers, decoded (RFC 2047), addresses lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// `Message-ID` without its angle brackets.
    pub message_id: Option<String>,
    /// `In-Reply-To` (the first id) without angle brackets.
    pub in_reply_to: Option<String>,
    /// `References`, oldest first, without angle brackets.
    pub references: Vec<String>,
    /// `From` (normally one address).
    pub from: Vec<Address>,
    /// `To`.
    pub to: Vec<Address>,
    /// `Cc`.
    pub cc: Vec<Address>,
    /// `Date`, with the offset the sender wrote.
    pub date: Option<DateTime<FixedOffset>>,
    /// `Subject`, decoded.
    pub subject: Option<String>,
    /// Where the message was read.
    pub source: Source,
    /// What the store remembers as seen: the Maildir file's unique name (before `:2,`),
    /// `mbox:<path>:<offset>`, or `eml:<message-id>`.
    pub origin: String,
}

/// One address of a header: email lower-cased, display name decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The address, lower case.
    pub email: String,
    /// The display name, if the header gave one.
    pub name: Option<String>,
}

/// One past calendar event with attendees (one occurrence of a recurring event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// The event's UID.
    pub uid: String,
    /// When this occurrence started.
    pub start: DateTime<FixedOffset>,
    /// `SUMMARY`, unescaped.
    pub summary: Option<String>,
    /// `ORGANIZER`, if it has a `mailto:` address.
    pub organizer: Option<Address>,
    /// The `ATTENDEE`s with a `mailto:` address.
    pub attendees: Vec<Address>,
    /// What the store remembers as seen: `<uid>/<start as 20261127T090000>`, one per occurrence.
    pub origin: String,
}

/// What the user confirms: one touch per day and thread (or meeting), naming every contact in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Stable: a hash of the day and the thread root (or event UID), whoever it names: a later mail
    /// of the thread that day joins the same proposal (the store adds the contacts it did not name).
    pub key: String,
    /// The contacts it is about, ascending ids.
    pub contacts: Vec<Id>,
    /// [`Kind::Email`] or [`Kind::Meeting`].
    pub kind: Kind,
    /// The first message of the thread that day, or the meeting's start.
    pub occurred_at: DateTime<FixedOffset>,
    /// The thread's subject or the event's summary.
    pub title: Option<String>,
    /// [`Initiative::Me`] when I wrote first that day (organised the meeting), else `Them`.
    pub initiative: Initiative,
    /// Where it was found.
    pub source: Source,
    /// The origins of the messages or meeting it stands for.
    pub origins: Vec<String>,
}

/// A correspondent who is no contact, as one scan saw them: the store adds their threads up across
/// scans and proposes them as a new contact at >= 3 threads in 90 days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    /// The address, lower case.
    pub email: String,
    /// The display name the headers gave most recently.
    pub name: Option<String>,
    /// In how many threads we wrote each other (in this scan).
    pub threads: usize,
    /// The newest days of threads with them (at most [`rules::PERSON_TOUCHES`]): proposed as touches
    /// once they are a contact.
    pub touches: Vec<PersonTouch>,
}

/// One day of one thread with a correspondent who is no contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonTouch {
    /// A hash of the thread root: what counts their threads.
    pub thread: String,
    /// The touch as it would be proposed (its key is the day and thread's, its contacts empty).
    pub proposal: Proposal,
}

/// A file or message that was not read, and why (counted, never fatal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its origin, so the store can remember it as seen all the same.
    pub origin: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// Why a message was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SkipReason {
    /// Its header block is larger than [`mail::MAX_HEADER_BYTES`].
    Oversize,
    /// Its header block holds NUL bytes or is not text.
    Binary,
    /// No header could be read (empty, or no `From`).
    Unreadable,
    /// The file vanished or could not be opened between listing and reading.
    Io,
}

/// One item a scan hands to its caller, in the order read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A message whose headers were read.
    Message(Box<Message>),
    /// A file or message that was skipped.
    Skipped(Skipped),
}
