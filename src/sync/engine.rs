//! One sync with the server: contacts first (promises and entries name them by UID), then entries
//! (with `entries = true`), then promises. For each kind: pull what changed on the server (by sync
//! token, else by ETag listing), merge it into the journal, then push what changed here, every write
//! conditional (`If-None-Match: *` for new records, `If-Match` for changed ones).
//!
//! Every step can be interrupted. A record gets its UID and href in the journal before it is sent,
//! so a sync that was killed after the server took it finds it there (412) and merges instead of
//! sending a duplicate; a record is marked clean only at the version that was sent; the sync token
//! is kept only after everything it listed is in the journal.

use super::dav::{Changes, Collection, Dav, FETCH_BATCH, Fetched};
use super::error::SyncError;
use super::fields::with_kept;
use super::merge::merge;
use super::records::{Mapper, ReadError, Remote};
use super::settings::SyncSettings;
use super::unchanged::{Listing, after_listing, unchanged};
use crate::clock::Clock;
use crate::domain::model::Id;
use crate::store::{
    CollectionState, FieldConflict, LastSync, ListingMark, RemoteDeletion, RemoteRecord, Store,
    SyncKind, SyncRecord, Synced, UnassignedJournal,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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
    /// learned of them, written in one transaction at the end.
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

    /// Takes what changed on the server into the journal.
    fn pull<M: Mapper>(
        &mut self,
        mapper: &M,
        collection: &Collection,
        changes: &Changes,
    ) -> Result<(), SyncError> {
        if !changes.complete && changes.changed.is_empty() && changes.deleted.is_empty() {
            return Ok(());
        }
        let records = self.store.sync_records(M::KIND)?;
        let by_href: HashMap<&str, &SyncRecord> = records
            .iter()
            .filter_map(|r| r.href.as_deref().map(|h| (h, r)))
            .collect();
        let mut wanted = Vec::new();
        for member in &changes.changed {
            let same = by_href
                .get(member.href.as_str())
                .is_some_and(|r| r.etag.as_deref() == Some(member.etag.as_str()));
            if !same {
                wanted.push(member.href.clone());
            }
        }
        let mut gone: Vec<String> = changes.deleted.clone();
        if changes.complete {
            let listed: HashSet<&str> = changes.changed.iter().map(|m| m.href.as_str()).collect();
            gone.extend(
                by_href
                    .keys()
                    .filter(|h| !listed.contains(*h))
                    .map(|h| h.to_string()),
            );
        }
        // Only what the server had confirmed can have gone from it.
        let gone: Vec<&SyncRecord> = gone
            .iter()
            .filter_map(|h| by_href.get(h.as_str()).copied())
            .filter(|r| r.etag.is_some())
            .collect();
        if self.options.dry_run {
            self.report.pulled += wanted.len();
            self.report.deleted += gone.len();
            return Ok(());
        }
        let missing = self.take_changed(mapper, collection, changes, wanted)?;
        let missing: Vec<&SyncRecord> = missing
            .iter()
            .filter_map(|h| by_href.get(h.as_str()).copied())
            .collect();
        for record in gone.into_iter().chain(missing) {
            if M::KIND == SyncKind::Contact {
                let unsent = match record.local {
                    Some(id) => self.store.has_unsent_history(id, self.entries)?,
                    None => false,
                };
                self.contacts_gone.push((record.clone(), unsent));
            } else {
                self.remote_deleted::<M>(record)?;
            }
        }
        Ok(())
    }

    /// Takes in the changed records at `wanted`: those whose text came with the listing as they are,
    /// the others fetched [`FETCH_BATCH`] at a time, so no more than one batch is held at once.
    /// Returns the hrefs the server no longer had.
    fn take_changed<M: Mapper>(
        &mut self,
        mapper: &M,
        collection: &Collection,
        changes: &Changes,
        wanted: Vec<String>,
    ) -> Result<Vec<String>, SyncError> {
        let texts: HashMap<&str, &Fetched> =
            changes.texts.iter().map(|t| (t.href.as_str(), t)).collect();
        let (came, wanted): (Vec<String>, Vec<String>) = wanted
            .into_iter()
            .partition(|href| texts.contains_key(href.as_str()));
        for fetched in came.iter().filter_map(|href| texts.get(href.as_str())) {
            self.pull_one(mapper, fetched)?;
        }
        let mut missing = Vec::new();
        for batch in wanted.chunks(FETCH_BATCH) {
            let fetch = self.dav.fetch(M::COLLECTION, &collection.href, batch)?;
            for fetched in &fetch.found {
                self.pull_one(mapper, fetched)?;
            }
            missing.extend(fetch.missing);
        }
        Ok(missing)
    }

    /// Takes one record from the server: new, changed there only, or changed on both sides (merged).
    fn pull_one<M: Mapper>(&mut self, mapper: &M, fetched: &Fetched) -> Result<(), SyncError> {
        let read = mapper.read(self.store, &fetched.href, &fetched.body);
        let Some(remote) = self.or_report::<M, _>(read, &fetched.href, None)? else {
            return Ok(());
        };
        if remote.unlinked {
            return self.keep_aside::<M>(&remote, fetched);
        }
        let record = self.store.sync_record(M::KIND, &remote.uid)?;
        let (existing, base, changed_here) = match &record {
            Some(r) => (r.local, r.base.clone(), r.dirty && r.local.is_some()),
            None => match mapper.unsynced_match(self.store, &remote)? {
                Some(id) => (Some(id), None, true),
                None => (None, None, false),
            },
        };
        let local = match existing.filter(|_| changed_here) {
            Some(id) => mapper.local_fields(self.store, id)?,
            None => None,
        };
        let (fields, conflicts) = match &local {
            Some(local) => {
                // What only the server's text holds (its creation time, lines rapport does not
                // read) comes from the base; a record never agreed on takes the server's own.
                let local = with_kept(local.clone(), base.as_ref().or(Some(&remote.fields)));
                if let Some(id) = existing.filter(|_| local == remote.fields) {
                    return self.agreed::<M>(&remote, fetched, id, record.as_ref());
                }
                let merged = merge(base.as_ref(), &local, &remote.fields);
                (merged.fields, merged.conflicts)
            }
            None => (remote.fields.clone(), Vec::new()),
        };
        let row = RemoteRecord {
            uid: remote.uid.clone(),
            href: fetched.href.clone(),
            etag: Some(fetched.etag.clone()),
            base: remote.fields.clone(),
            local_changes: fields != remote.fields,
            conflicts: conflicts
                .iter()
                .map(|c| FieldConflict {
                    field: c.field.clone(),
                    local: c.local.clone(),
                    remote: c.remote.clone(),
                })
                .collect(),
            at: self.options.clock.now,
        };
        let applied = mapper.apply(self.store, existing, &fields, &row);
        match self.or_report::<M, _>(applied, &remote.uid, remote.summary.clone())? {
            Some(Some(_)) => {}
            Some(None) => return self.keep_aside::<M>(&remote, fetched),
            None => return Ok(()),
        }
        let message = (!conflicts.is_empty()).then(|| {
            let said: Vec<String> = conflicts
                .iter()
                .map(|c| {
                    crate::i18n::tr(
                        "sync.conflict_field",
                        &[
                            ("field", &field_label(&c.field)),
                            ("local", &c.local.as_deref().unwrap_or("–")),
                            ("remote", &c.remote.as_deref().unwrap_or("–")),
                        ],
                    )
                })
                .collect();
            said.join("; ")
        });
        if local.is_some() && self.adopting.is_some() && conflicts.is_empty() {
            self.report.pushed += 1;
            self.detail::<M>(remote.uid, "pushed", remote.summary, None);
        } else if local.is_some() {
            self.report.merged += 1;
            self.report.conflicts += conflicts.len();
            self.detail::<M>(remote.uid, "merged", remote.summary, message);
        } else {
            self.report.pulled += 1;
            self.detail::<M>(remote.uid, "pulled", remote.summary, None);
        }
        Ok(())
    }

    /// The server holds exactly what the journal holds (a record sent before an interruption, or
    /// one a one-request upload made): only its sync row learns where it is.
    fn agreed<M: Mapper>(
        &mut self,
        remote: &Remote,
        fetched: &Fetched,
        local: Id,
        record: Option<&SyncRecord>,
    ) -> Result<(), SyncError> {
        let version = match record {
            Some(r) => r.version,
            None => {
                self.store
                    .save_sync_record(M::KIND, &remote.uid, Some(local), &fetched.href)?
            }
        };
        let mark = Synced {
            uid: remote.uid.clone(),
            href: fetched.href.clone(),
            etag: Some(fetched.etag.clone()),
            base: remote.fields.clone(),
            version,
        };
        match &mut self.adopting {
            Some(marks) if marks.len() + 1 < MARKS_PER_TRANSACTION => marks.push(mark),
            Some(marks) => {
                marks.push(mark);
                let marks = std::mem::take(marks);
                self.store.mark_all_synced(M::KIND, &marks)?;
            }
            None => {
                self.store.mark_all_synced(M::KIND, &[mark])?;
            }
        }
        // The server holds what this journal holds: it got there from here (a one-request upload,
        // or a sync interrupted after its write), so it counts as sent.
        self.report.pushed += 1;
        self.detail::<M>(remote.uid.clone(), "pushed", remote.summary.clone(), None);
        Ok(())
    }

    /// Notes from other devices that named nobody when they came: a contact that has arrived since
    /// (sent again by another device) makes them entries now.
    fn retry_waiting<M: Mapper>(&mut self, mapper: &M) -> Result<(), SyncError> {
        for note in self.store.unassigned_journals()? {
            let fetched = Fetched {
                href: note.href.clone(),
                body: note.text.clone(),
                etag: note.etag.clone().unwrap_or_default(),
            };
            let read = mapper.read(self.store, &note.href, &note.text);
            if self
                .or_report::<M, _>(read, &note.uid, note.summary.clone())?
                .is_some_and(|remote| !remote.unlinked)
            {
                self.store.remove_unassigned_journal(&note.uid)?;
                self.pull_one(mapper, &fetched)?;
            }
        }
        Ok(())
    }

    /// A calendar record that names nobody here: journals wait in the list of notes that need a
    /// contact; tasks are left on the server.
    fn keep_aside<M: Mapper>(
        &mut self,
        remote: &Remote,
        fetched: &Fetched,
    ) -> Result<(), SyncError> {
        if M::KIND == SyncKind::Entry {
            self.store.add_unassigned_journal(&UnassignedJournal {
                uid: remote.uid.clone(),
                href: fetched.href.clone(),
                etag: Some(fetched.etag.clone()),
                text: fetched.body.clone(),
                summary: remote.summary.clone(),
                at: self.options.clock.now,
            })?;
        }
        self.detail::<M>(
            remote.uid.clone(),
            "needs_contact",
            remote.summary.clone(),
            None,
        );
        Ok(())
    }

    /// Follows a deletion on the server.
    fn remote_deleted<M: Mapper>(&mut self, record: &SyncRecord) -> Result<(), SyncError> {
        let action = match self.store.apply_remote_deletion(M::KIND, &record.uid)? {
            RemoteDeletion::Deleted => "deleted",
            RemoteDeletion::ArchivedAndDetached => "archived",
            RemoteDeletion::KeptBecauseDirty => "kept",
            RemoteDeletion::Unknown => return Ok(()),
        };
        if action != "kept" {
            self.report.deleted += 1;
        }
        self.detail::<M>(record.uid.clone(), action, None, None);
        Ok(())
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

mod push;
