//! What the DAV transport speaks in: the kinds of collections, what changed in one, fetched records,
//! the outcome of a conditional write, and the timeouts.

use super::super::report::Member;
use chrono::{DateTime, FixedOffset};
use std::time::Duration;

/// How long a connection and a whole request may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Opening the TCP connection.
    pub connect: Duration,
    /// One request, from sending to the last byte of the answer.
    pub request: Duration,
}

impl Default for Timeouts {
    /// Ten seconds to connect; five minutes for one answer, because a server asked about a large
    /// collection may take that long (Radicale lists 100,000 records in about 55 s).
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(300),
        }
    }
}

/// The three collections rapport keeps on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CollectionKind {
    /// Contacts (CardDAV).
    Addressbook,
    /// Promises as VTODO (CalDAV).
    Tasks,
    /// Entries as VJOURNAL (CalDAV).
    Journal,
}

impl CollectionKind {
    /// The name (display name or last path segment) a collection of this kind is found or created by.
    pub fn default_name(self) -> &'static str {
        match self {
            CollectionKind::Addressbook => "rapport",
            CollectionKind::Tasks => "rapport-promises",
            CollectionKind::Journal => "rapport-journal",
        }
    }

    /// The file extension of a new record's href.
    pub fn extension(self) -> &'static str {
        match self {
            CollectionKind::Addressbook => "vcf",
            CollectionKind::Tasks | CollectionKind::Journal => "ics",
        }
    }

    /// The media type of a record's body.
    pub fn content_type(self) -> &'static str {
        match self {
            CollectionKind::Addressbook => "text/vcard; charset=utf-8",
            CollectionKind::Tasks | CollectionKind::Journal => "text/calendar; charset=utf-8",
        }
    }

    /// The property a record's text is in, in a REPORT's answer.
    pub fn data_property(self) -> &'static libdav::PropertyName<'static, 'static> {
        match self {
            CollectionKind::Addressbook => &libdav::names::ADDRESS_DATA,
            CollectionKind::Tasks | CollectionKind::Journal => &libdav::names::CALENDAR_DATA,
        }
    }

    /// The iCalendar component a calendar of this kind holds; none for the address book.
    pub fn component(self) -> Option<&'static str> {
        match self {
            CollectionKind::Addressbook => None,
            CollectionKind::Tasks => Some("VTODO"),
            CollectionKind::Journal => Some("VJOURNAL"),
        }
    }

    /// Its name in messages.
    pub fn label(self) -> &'static str {
        crate::i18n::t(match self {
            CollectionKind::Addressbook => "sync.addressbook",
            CollectionKind::Tasks => "sync.tasks",
            CollectionKind::Journal => "sync.journal",
        })
    }
}

/// A collection on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// Its href (a path ending in `/`).
    pub href: String,
    /// It answers sync-collection REPORTs (RFC 6578).
    pub supports_sync: bool,
    /// Its last modification as the server told it when it was found, if it tells.
    pub stamp: Option<Stamp>,
}

/// A collection's last modification (DAV:getlastmodified, whole seconds) and the server's time
/// (its Date header, whole seconds) when it said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The last modification.
    pub modified: DateTime<FixedOffset>,
    /// The server's clock at the answer; none when it sent no readable Date.
    pub said_at: Option<DateTime<FixedOffset>>,
}

/// What changed in a collection.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// New or changed members; with `complete`, every member.
    pub changed: Vec<Member>,
    /// Members removed since the token.
    pub deleted: Vec<String>,
    /// The token to ask with next time; `None` when the collection has no sync tokens.
    pub token: Option<String>,
    /// `changed` lists the whole collection: a member known before and not in it is gone.
    pub complete: bool,
    /// The texts of changed members that came with the listing (when it was asked for them).
    pub texts: Vec<Fetched>,
}

/// A record as fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Where it is.
    pub href: String,
    /// Its text (vCard or iCalendar), lines ended by CRLF.
    pub body: String,
    /// Its version.
    pub etag: String,
}

/// The answer to a batch of fetches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fetch {
    /// The records that were there.
    pub found: Vec<Fetched>,
    /// Hrefs the server no longer has.
    pub missing: Vec<String>,
}

/// A conditional write either happened or found the record changed (or there, or gone) meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// Written; the new state.
    Done(T),
    /// 412 Precondition Failed: the server's record is not the one the write was based on.
    Precondition,
}
