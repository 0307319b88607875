//! The pull half of a sync: what the listing named is fetched (or came with it) and taken into the
//! journal, new, changed there only or merged, and deletions on the server are followed.

use super::{MARKS_PER_TRANSACTION, Session, SyncError, field_label};
use crate::domain::model::Id;
use crate::store::{
    FieldConflict, RemoteDeletion, RemoteRecord, SyncKind, SyncRecord, Synced, UnassignedJournal,
};
use crate::sync::dav::{Changes, Collection, FETCH_BATCH, Fetched};
use crate::sync::fields::with_kept;
use crate::sync::merge::merge;
use crate::sync::records::{Mapper, Remote};
use std::collections::{HashMap, HashSet};

impl Session<'_> {
    /// Takes what changed on the server into the journal.
    pub(super) fn pull<M: Mapper>(
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
    pub(super) fn pull_one<M: Mapper>(
        &mut self,
        mapper: &M,
        fetched: &Fetched,
    ) -> Result<(), SyncError> {
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
            Some(marks) => {
                marks.push(mark);
                if marks.len() >= MARKS_PER_TRANSACTION {
                    let marks = std::mem::take(marks);
                    self.store.mark_all_synced(M::KIND, &marks)?;
                }
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
    pub(super) fn retry_waiting<M: Mapper>(&mut self, mapper: &M) -> Result<(), SyncError> {
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
    pub(super) fn remote_deleted<M: Mapper>(
        &mut self,
        record: &SyncRecord,
    ) -> Result<(), SyncError> {
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
}
