//! One sync with the server: contacts first (promises and entries name them by UID), then entries
//! (with `entries = true`), then promises. For each kind: pull what changed on the server (by sync
//! token, else by ETag listing), merge it into the journal, then push what changed here, every write
//! conditional (`If-None-Match: *` for new records, `If-Match` for changed ones).
//!
//! Every step can be interrupted. A record gets its UID and href in the journal before it is sent,
//! so a sync that was killed after the server took it finds it there (412) and merges instead of
//! sending a duplicate; a record is marked clean only at the version that was sent; the sync token
//! is kept only after everything it listed is in the journal.

use super::dav::{Changes, Collection, Dav};
use super::error::SyncError;
use super::records::{Mapper, ReadError};
use super::settings::SyncSettings;
use super::unchanged::{Listing, after_listing, unchanged};
use crate::clock::Clock;
use crate::store::{CollectionState, LastSync, ListingMark, Store, SyncKind, SyncRecord, Synced};
use serde::Serialize;

/// How a sync runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Count what would happen; write nothing here or on the server.
    pub dry_run: bool,
    /// The moment of the sync (stamps, history) and the zone that places times from other devices.
    pub clock: Clock,
}

/// What one sync did: the five counts of the summary line and one detail per record it touched.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    /// Records taken from the server (new or changed there).
    pub pulled: usize,
    /// Records sent to the server (new or changed here).
    pub pushed: usize,
    /// Records changed on both sides whose changes were merged.
    pub merged: usize,
    /// Fields changed on both sides: the local value stayed, the server's is in the history.
    pub conflicts: usize,
    /// Records deleted (here because the server lost them, or there because they went here).
    pub deleted: usize,
    /// What happened to which record.
    pub details: Vec<Detail>,
}

/// One record the sync touched.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Detail {
    /// `contact`, `promise` or `entry`.
    pub kind: &'static str,
    /// Its UID.
    pub uid: String,
    /// `pulled`, `pushed`, `merged`, `deleted`, `archived`, `kept`, `needs_contact` or `failed`.
    pub action: &'static str,
    /// Its name or title.
    pub summary: Option<String>,
    /// Conflicting fields, or why it failed.
    pub message: Option<String>,
}

impl Report {
    /// "pulled 3, pushed 5, merged 1, conflicts 0, deleted 1", in the user's language.
    pub fn line(&self) -> String {
        crate::i18n::tr(
            "sync.summary",
            &[
                ("pulled", &self.pulled),
                ("pushed", &self.pushed),
                ("merged", &self.merged),
                ("conflicts", &self.conflicts),
                ("deleted", &self.deleted),
            ],
        )
    }
}

/// Syncs the journal with the server.
///
/// # Errors
///
/// The first failure of the server, the network or the journal; what was done before it stays
/// done, and the next sync finishes the rest. A record the server holds that rapport cannot read
/// is reported in the details, not an error.
pub fn run(
    store: &mut Store,
    dav: &Dav,
    settings: &SyncSettings,
    options: Options,
) -> Result<Report, SyncError> {
    let mut session = Session {
        store,
        dav,
        options,
        report: Report::default(),
        contacts_gone: Vec::new(),
        contacts_collection: None,
        entries: settings.entries,
        empty: false,
        adopting: None,
        adopted_token: None,
    };
    let contacts = super::records::Contacts {
        now: options.clock.now,
    };
    session.kind(&contacts, settings.addressbook.as_deref())?;
    if settings.entries {
        if !options.dry_run {
            session.retry_waiting(&super::records::Entries {
                clock: options.clock,
            })?;
        }
        session.kind(
            &super::records::Entries {
                clock: options.clock,
            },
            settings.journal.as_deref(),
        )?;
    }
    session.kind(&super::records::Promises, settings.tasks.as_deref())?;
    // A contact gone from the server is judged after the entries and promises deleted with them on
    // the other device are gone here: with history the server has not seen (written here since) or
    // still holds (written where the deletion was not known), the contact is kept and sent again, as
    // an edit wins over a deletion; with other history (entries not synced) it is archived; without
    // any, deleted.
    let mut resend = false;
    for (record, unsent) in std::mem::take(&mut session.contacts_gone) {
        let on_server = match record.local {
            Some(id) => session.store.has_history_on_server(id, settings.entries)?,
            None => false,
        };
        if unsent || on_server {
            session
                .store
                .mark_sync_dirty(SyncKind::Contact, &record.uid)?;
            resend = true;
        }
        session.remote_deleted::<super::records::Contacts>(&record)?;
    }
    if let Some(collection) = session.contacts_collection.clone().filter(|_| resend) {
        session.push(&contacts, &collection)?;
    }
    let report = session.report;
    if !options.dry_run {
        store.set_last_sync(&LastSync {
            at: options.clock.now,
            summary: report.line(),
        })?;
    }
    Ok(report)
}

/// A field's name in the user's language (the name itself for one the catalogue does not know).
pub fn field_label(field: &str) -> String {
    let key = format!("sync_field.{field}");
    let label = crate::i18n::t(&key);
    if label == key { field } else { label }.to_string()
}

/// How many records taken back after a one-request upload are marked synced in one transaction:
/// few enough to hold, many enough that 100,000 entries take a hundred commits, not 100,000.
const MARKS_PER_TRANSACTION: usize = 1_000;

/// One sync in progress.
struct Session<'a> {
    store: &'a mut Store,
    dav: &'a Dav,
    options: Options,
    report: Report,
    /// Contacts deleted on the server, followed at the end (see [`run`]), each with whether entries
    /// or promises about them had not reached the server when the deletion was seen.
    contacts_gone: Vec<(SyncRecord, bool)>,
    /// The address book, for sending contacts again at the end.
    contacts_collection: Option<Collection>,
    /// Entries are synced (`entries = true`).
    entries: bool,
    /// The collection of the kind in hand held nothing when it was listed.
    empty: bool,
    /// Taking in what a one-request upload left on the server (this journal's own records): what was
    /// learned of them and not yet written, [`MARKS_PER_TRANSACTION`] at a time.
    adopting: Option<Vec<Synced>>,
    /// The sync token of the complete listing that took in what a one-request upload left: the
    /// next sync asks from there, not from the empty collection (which would list every record).
    adopted_token: Option<String>,
}

impl Session<'_> {
    /// Pull, then push, one kind of record.
    fn kind<M: Mapper>(&mut self, mapper: &M, configured: Option<&str>) -> Result<(), SyncError> {
        let state = self.store.sync_collection(M::KIND)?;
        let known = state.as_ref().map(|s| s.href.as_str());
        let collection = match (configured.or(known), self.options.dry_run) {
            (Some(href), _) => self.dav.collection(M::COLLECTION, Some(href))?,
            (None, false) => self.dav.collection(M::COLLECTION, None)?,
            (None, true) => {
                self.count_pending::<M>()?;
                return Ok(());
            }
        };
        let known = state.filter(|s| s.href == collection.href);
        let token = known.as_ref().and_then(|s| s.sync_token.clone());
        let before = known.map(|s| s.listing).unwrap_or_default();
        let (changes, mut listing) = self.changes(&collection, token, before)?;
        self.empty = changes.complete && changes.changed.is_empty();
        self.pull(mapper, &collection, &changes)?;
        if self.options.dry_run {
            return self.count_pending::<M>();
        }
        let written = self.report.pushed + self.report.deleted;
        self.push(mapper, &collection)?;
        if listing.tracks.is_none() && self.report.pushed + self.report.deleted > written {
            listing.tracks = self.moved_by_own_writes(&collection);
        }
        if M::KIND == SyncKind::Contact {
            self.contacts_collection = Some(collection.clone());
        }
        self.store.set_sync_collection(
            M::KIND,
            &CollectionState {
                href: collection.href.clone(),
                sync_token: self.adopted_token.take().or(changes.token),
                listing,
            },
        )?;
        Ok(())
    }

    /// What changed in the collection since `token`, and the mark to keep; nothing, with the mark
    /// as it was, when the collection's last modification shows it has not changed since the last
    /// listing (see [`super::unchanged`]).
    fn changes(
        &self,
        collection: &Collection,
        token: Option<String>,
        before: ListingMark,
    ) -> Result<(Changes, ListingMark), SyncError> {
        let now = self.options.clock.now;
        if unchanged(&before, collection.stamp.as_ref(), now) {
            let changes = Changes {
                token,
                ..Changes::default()
            };
            return Ok((changes, before));
        }
        let changes = self.dav.changes(collection, token.as_deref())?;
        let listing = Listing {
            stamp: collection.stamp.as_ref(),
            by_token: !changes.complete,
            changed: !changes.changed.is_empty() || !changes.deleted.is_empty(),
            at: now,
        };
        let mark = after_listing(&before, &listing);
        Ok((changes, mark))
    }

    /// Whether this sync's own writes moved the collection's last modification: true when they
    /// did, unknown otherwise (it may have stayed within its second). Only a hint for later syncs,
    /// so a failure to ask is no error of this one.
    fn moved_by_own_writes(&self, collection: &Collection) -> Option<bool> {
        let before = collection.stamp?.modified;
        let after = self.dav.probe(&collection.href).ok()?.stamp?.modified;
        (after != before).then_some(true)
    }

    /// In a dry run: what would be sent.
    fn count_pending<M: Mapper>(&mut self) -> Result<(), SyncError> {
        let pending = self.store.pending_sync(M::KIND)?;
        self.report.pushed += pending.new + pending.changed;
        self.report.deleted += pending.deleted;
        Ok(())
    }

    /// The value of one record's reading or writing, or `None` after reporting the record as failed;
    /// a failure of the journal or the server ends the sync.
    fn or_report<M: Mapper, T>(
        &mut self,
        result: Result<T, ReadError>,
        uid: &str,
        summary: Option<String>,
    ) -> Result<Option<T>, SyncError> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(ReadError::Mapping(e)) => {
                self.detail::<M>(uid.to_string(), "failed", summary, Some(e.to_string()));
                Ok(None)
            }
            Err(ReadError::Sync(e)) => Err(e),
        }
    }

    fn detail<M: Mapper>(
        &mut self,
        uid: String,
        action: &'static str,
        summary: Option<String>,
        message: Option<String>,
    ) {
        self.report.details.push(Detail {
            kind: M::KIND.as_str(),
            uid,
            action,
            summary,
            message,
        });
    }
}

mod pull;
mod push;
