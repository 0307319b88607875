//! The push half of a sync: deletions, new records (into an empty collection in one request where
//! the server takes that) and changed records, every write conditional.

use super::{Session, SyncError};
use crate::store::{NewSyncRecord, SyncRecord};
use crate::sync::dav::{Collection, Outcome, TEXTS_IN_ONE_ANSWER, href_for};
use crate::sync::fields::{Fields, with_kept};
use crate::sync::records::{Mapper, ReadError, random_uid};
use chrono::Utc;
use std::collections::HashSet;

impl Session<'_> {
    /// Sends what changed here: deletions, new records, changed records.
    pub(super) fn push<M: Mapper>(
        &mut self,
        mapper: &M,
        collection: &Collection,
    ) -> Result<(), SyncError> {
        for tombstone in self.store.tombstones(M::KIND)? {
            self.push_deletion(mapper, collection, &tombstone)?;
        }
        self.name_new_records(mapper, collection)?;
        if self.empty {
            self.fill_empty(mapper, collection)?;
        }
        for record in self.store.dirty_records(M::KIND)? {
            self.push_record(mapper, collection, &record, true)?;
        }
        Ok(())
    }

    /// Gives each record never sent its UID and href, all in one transaction.
    fn name_new_records<M: Mapper>(
        &mut self,
        mapper: &M,
        collection: &Collection,
    ) -> Result<(), SyncError> {
        let mut named = Vec::new();
        let mut taken = HashSet::new();
        for id in self.store.new_local_ids(M::KIND)? {
            if mapper.local_fields(self.store, id)?.is_none() {
                continue;
            }
            let mut uid = mapper.new_uid(self.store, id)?;
            // Two records that brought the same UID (two imported cards with one UID) get two.
            while !taken.insert(uid.clone()) {
                uid = random_uid();
            }
            named.push(NewSyncRecord {
                href: href_for(&collection.href, &uid, M::COLLECTION),
                uid,
                local: Some(id),
            });
        }
        self.store.save_sync_records(M::KIND, &named)?;
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
        if new.len() < crate::sync::bulk::BULK_MIN {
            return Ok(());
        }
        let now = self.options.clock.now.with_timezone(&Utc);
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
        let sent = texts.len();
        let taken = self
            .dav
            .fill_empty(M::COLLECTION, &collection.href, &texts)?;
        drop((new, texts));
        if !taken {
            return Ok(());
        }
        // Taking the records back with their texts in the listing spares a multiget per hundred.
        let changes = if sent <= TEXTS_IN_ONE_ANSWER {
            self.dav.everything_with_texts(collection, M::COLLECTION)?
        } else {
            self.dav.changes(collection, None)?
        };
        self.adopting = Some(Vec::new());
        let taken = self.pull(mapper, collection, &changes);
        let marks = self.adopting.take().unwrap_or_default();
        // What was learned is true even when the pull stopped part way.
        self.store.mark_all_synced(M::KIND, &marks)?;
        taken?;
        self.adopted_token = changes.token;
        Ok(())
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
        let now = self.options.clock.now.with_timezone(&Utc);
        let written = mapper.text(self.store, &record.uid, &fields, now);
        let Some(text) = self.or_report::<M, _>(written, &record.uid, None)? else {
            return Ok(());
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
                if let Some(now) = self.store.sync_record(M::KIND, &record.uid)?
                    && now.dirty
                {
                    self.push_record(mapper, collection, &now, false)?;
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
