//! One sync with the server: contacts first (promises and entries name them by UID), then entries
//! (with `entries = true`), then promises. For each kind: pull what changed on the server (by sync
//! token, else by ETag listing), merge it into the journal, then push what changed here, every write
//! conditional (`If-None-Match: *` for new records, `If-Match` for changed ones).
//!
//! Every step can be interrupted. A record gets its UID and href in the journal before it is sent,
//! so a sync that was killed after the server took it finds it there (412) and merges instead of
//! sending a duplicate; a record is marked clean only at the version that was sent; the sync token
//! is kept only after everything it listed is in the journal.

use super::dav::{Changes, Collection, Dav, Fetched, Outcome, href_for};
use super::error::SyncError;
use super::fields::{Fields, with_kept};
use super::merge::merge;
use super::records::{Mapper, ReadError, Remote};
use super::settings::SyncSettings;
use crate::store::{
    CollectionState, FieldConflict, LastSync, RemoteDeletion, RemoteRecord, Store, SyncKind,
    SyncRecord, UnassignedJournal,
};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How a sync runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Count what would happen; write nothing here or on the server.
    pub dry_run: bool,
    /// The moment of the sync (stamps, history).
    pub now: DateTime<FixedOffset>,
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
        empty: false,
        adopting: false,
    };
    let contacts = super::records::Contacts { now: options.now };
    session.kind(&contacts, settings.addressbook.as_deref())?;
    if settings.entries {
        session.kind(&super::records::Entries, settings.journal.as_deref())?;
    }
    session.kind(&super::records::Promises, settings.tasks.as_deref())?;
    // A contact gone from the server is archived when entries or promises still name them: that is
    // judged after the entries and promises deleted with them on the other device are gone here.
    for record in std::mem::take(&mut session.contacts_gone) {
        session.remote_deleted::<super::records::Contacts>(&record)?;
    }
    let report = session.report;
    if !options.dry_run {
        store.set_last_sync(&LastSync {
            at: options.now,
            summary: report.line(),
        })?;
    }
    Ok(report)
}

/// One sync in progress.
struct Session<'a> {
    store: &'a mut Store,
    dav: &'a Dav,
    options: Options,
    report: Report,
    /// Contacts deleted on the server, followed at the end (see [`run`]).
    contacts_gone: Vec<SyncRecord>,
    /// The collection of the kind in hand held nothing when it was listed.
    empty: bool,
    /// Taking in what a one-request upload left on the server: this journal's own records.
    adopting: bool,
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
        let token = state
            .filter(|s| s.href == collection.href)
            .and_then(|s| s.sync_token);
        let changes = self.dav.changes(&collection, token.as_deref())?;
        self.empty = changes.complete && changes.changed.is_empty();
        self.pull(mapper, &collection, &changes)?;
        if self.options.dry_run {
            return self.count_pending::<M>();
        }
        self.push(mapper, &collection)?;
        self.store.set_sync_collection(
            M::KIND,
            &CollectionState {
                href: collection.href.clone(),
                sync_token: changes.token,
            },
        )?;
        Ok(())
    }

    /// Takes what changed on the server into the journal.
    fn pull<M: Mapper>(
        &mut self,
        mapper: &M,
        collection: &Collection,
        changes: &Changes,
    ) -> Result<(), SyncError> {
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
        let fetch = self.dav.fetch(M::COLLECTION, &collection.href, &wanted)?;
        for fetched in &fetch.found {
            self.pull_one(mapper, fetched)?;
        }
        let missing: Vec<&SyncRecord> = fetch
            .missing
            .iter()
            .filter_map(|h| by_href.get(h.as_str()).copied())
            .collect();
        for record in gone.into_iter().chain(missing) {
            if M::KIND == SyncKind::Contact {
                self.contacts_gone.push(record.clone());
            } else {
                self.remote_deleted::<M>(record)?;
            }
        }
        Ok(())
    }

    /// Takes one record from the server: new, changed there only, or changed on both sides (merged).
    fn pull_one<M: Mapper>(&mut self, mapper: &M, fetched: &Fetched) -> Result<(), SyncError> {
        let remote = match mapper.read(self.store, &fetched.href, &fetched.body) {
            Ok(remote) => remote,
            Err(ReadError::Mapping(e)) => {
                self.detail::<M>(fetched.href.clone(), "failed", None, Some(e.to_string()));
                return Ok(());
            }
            Err(ReadError::Sync(e)) => return Err(e),
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
                let local = with_kept(local.clone(), base.as_ref());
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
            at: self.options.now,
        };
        match mapper.apply(self.store, existing, &fields, &row) {
            Ok(Some(_)) => {}
            Ok(None) => return self.keep_aside::<M>(&remote, fetched),
            Err(ReadError::Mapping(e)) => {
                self.detail::<M>(remote.uid, "failed", remote.summary, Some(e.to_string()));
                return Ok(());
            }
            Err(ReadError::Sync(e)) => return Err(e),
        }
        let message = (!conflicts.is_empty()).then(|| {
            let said: Vec<String> = conflicts
                .iter()
                .map(|c| {
                    crate::i18n::tr(
                        "sync.conflict_field",
                        &[
                            ("field", &c.field),
                            ("local", &c.local.as_deref().unwrap_or("–")),
                            ("remote", &c.remote.as_deref().unwrap_or("–")),
                        ],
                    )
                })
                .collect();
            said.join("; ")
        });
        if local.is_some() && self.adopting && conflicts.is_empty() {
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
                at: self.options.now,
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

    /// Sends what changed here: deletions, new records, changed records.
    fn push<M: Mapper>(&mut self, mapper: &M, collection: &Collection) -> Result<(), SyncError> {
        for tombstone in self.store.tombstones(M::KIND)? {
            self.push_deletion(mapper, collection, &tombstone)?;
        }
        for id in self.store.new_local_ids(M::KIND)? {
            if mapper.local_fields(self.store, id)?.is_none() {
                continue;
            }
            let uid = mapper.new_uid(self.store, id)?;
            let href = href_for(&collection.href, &uid, M::COLLECTION);
            self.store
                .save_sync_record(M::KIND, &uid, Some(id), &href)?;
        }
        if self.empty {
            self.fill_empty(mapper, collection)?;
        }
        for record in self.store.dirty_records(M::KIND)? {
            self.push_record(mapper, collection, &record, true)?;
        }
        Ok(())
    }

    /// Sends the new records into an empty collection in one request where the server takes that
    /// (see [`super::bulk`]), then takes in what the server made of them (hrefs, ETags).
    fn fill_empty<M: Mapper>(
        &mut self,
        mapper: &M,
        collection: &Collection,
    ) -> Result<(), SyncError> {
        let new: Vec<SyncRecord> = self
            .store
            .dirty_records(M::KIND)?
            .into_iter()
            .filter(|r| r.etag.is_none() && r.local.is_some())
            .collect();
        if new.len() < super::bulk::BULK_MIN {
            return Ok(());
        }
        let now = self.options.now.with_timezone(&Utc);
        let mut texts = Vec::with_capacity(new.len());
        for record in &new {
            let Some(fields) = record
                .local
                .map(|id| mapper.local_fields(self.store, id))
                .transpose()?
                .flatten()
            else {
                continue;
            };
            match mapper.text(self.store, &record.uid, &fields, now) {
                Ok(text) => texts.push(text),
                Err(ReadError::Mapping(_)) => {}
                Err(ReadError::Sync(e)) => return Err(e),
            }
        }
        if !self
            .dav
            .fill_empty(M::COLLECTION, &collection.href, &texts)?
        {
            return Ok(());
        }
        let changes = self.dav.changes(collection, None)?;
        self.adopting = true;
        let taken = self.pull(mapper, collection, &changes);
        self.adopting = false;
        taken
    }

    /// Deletes on the server a record deleted here, unless it was changed there meanwhile: then
    /// the changed record comes back.
    fn push_deletion<M: Mapper>(
        &mut self,
        mapper: &M,
        collection: &Collection,
        tombstone: &SyncRecord,
    ) -> Result<(), SyncError> {
        let (Some(href), Some(etag)) = (&tombstone.href, &tombstone.etag) else {
            self.store.forget_sync_record(M::KIND, &tombstone.uid)?;
            return Ok(());
        };
        match self.dav.delete(href, etag)? {
            Outcome::Done(()) => {
                self.store.forget_sync_record(M::KIND, &tombstone.uid)?;
                self.report.deleted += 1;
                self.detail::<M>(tombstone.uid.clone(), "deleted", None, None);
            }
            Outcome::Precondition => self.refetch(mapper, collection, href)?,
        }
        Ok(())
    }

    /// Sends one new or changed record; on a 412 (changed on the server meanwhile, or sent before
    /// by a sync that was interrupted) fetches and merges it, then sends once more.
    fn push_record<M: Mapper>(
        &mut self,
        mapper: &M,
        collection: &Collection,
        record: &SyncRecord,
        again: bool,
    ) -> Result<(), SyncError> {
        let Some(local) = record.local else {
            return Ok(());
        };
        let Some(fields) = mapper.local_fields(self.store, local)? else {
            return Ok(());
        };
        let fields = with_kept(fields, record.base.as_ref());
        let now = self.options.now.with_timezone(&Utc);
        let text = match mapper.text(self.store, &record.uid, &fields, now) {
            Ok(text) => text,
            Err(ReadError::Mapping(e)) => {
                self.detail::<M>(record.uid.clone(), "failed", None, Some(e.to_string()));
                return Ok(());
            }
            Err(ReadError::Sync(e)) => return Err(e),
        };
        let href = record
            .href
            .clone()
            .unwrap_or_else(|| href_for(&collection.href, &record.uid, M::COLLECTION));
        let written = match &record.etag {
            Some(etag) => self
                .dav
                .update(M::COLLECTION, &href, etag, &text)?
                .map(|etag| (href.clone(), etag)),
            None => self
                .dav
                .create(M::COLLECTION, &collection.href, &record.uid, &text)?
                .map(|m| (m.href, m.etag)),
        };
        match written {
            Outcome::Done((href, etag)) => {
                let sent = mapper
                    .read(self.store, &href, &text)
                    .map(|r| r.fields)
                    .unwrap_or(fields);
                let etag = Some(etag).filter(|e| !e.is_empty());
                self.store.mark_synced(
                    M::KIND,
                    &record.uid,
                    &href,
                    etag.as_deref(),
                    &sent,
                    record.version,
                )?;
                self.report.pushed += 1;
                self.detail::<M>(record.uid.clone(), "pushed", summary_of(&sent), None);
            }
            Outcome::Precondition if again => {
                self.refetch(mapper, collection, &href)?;
                if let Some(now) = self.store.sync_record(M::KIND, &record.uid)? {
                    if now.dirty {
                        self.push_record(mapper, collection, &now, false)?;
                    }
                }
            }
            Outcome::Precondition => {
                let message = crate::i18n::t("sync.changed_meanwhile").to_string();
                self.detail::<M>(record.uid.clone(), "failed", None, Some(message));
            }
        }
        Ok(())
    }

    /// Fetches one record again (after a 412) and takes it in.
    fn refetch<M: Mapper>(
        &mut self,
        mapper: &M,
        collection: &Collection,
        href: &str,
    ) -> Result<(), SyncError> {
        let fetch = self
            .dav
            .fetch(M::COLLECTION, &collection.href, &[href.to_string()])?;
        for fetched in &fetch.found {
            self.pull_one(mapper, fetched)?;
        }
        Ok(())
    }

    /// In a dry run: what would be sent.
    fn count_pending<M: Mapper>(&mut self) -> Result<(), SyncError> {
        let pending = self.store.pending_sync(M::KIND)?;
        self.report.pushed += pending.new + pending.changed;
        self.report.deleted += pending.deleted;
        Ok(())
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

/// A record's name or title from its fields.
fn summary_of(fields: &Fields) -> Option<String> {
    ["name", "title", "text"]
        .iter()
        .find_map(|k| fields.get(*k).cloned())
}

impl<T> Outcome<T> {
    /// The written state, changed by `f`.
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U> {
        match self {
            Outcome::Done(t) => Outcome::Done(f(t)),
            Outcome::Precondition => Outcome::Precondition,
        }
    }
}
