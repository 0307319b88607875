//! The writes of sync that change the journal: a record from the server (new, changed or deleted
//! there) is written with the same code paths as a local edit, and its sync row is settled in the
//! same transaction, so the change-tracking triggers leave nothing dirty that the server already has.

use super::entries::{PromiseFate, delete_entry_in, insert_entry, update_entry_in};
use super::sync::{FieldConflict, RecordFields, SyncKind, base_text, forget_record, record};
use super::{Result, Store};
use crate::domain::model::{CardProperty, Contact, Entry, Id, Promise};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, params};

/// A record as the server holds it after this sync: what its sync row becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteRecord {
    /// Its UID.
    pub uid: String,
    /// Where it is on the server.
    pub href: String,
    /// The server's ETag of it.
    pub etag: Option<String>,
    /// Its fields as the server holds them: the new base.
    pub base: RecordFields,
    /// True when the record written holds local changes the server does not have yet (a merge kept a
    /// local value): it stays dirty, to be sent, even if this sync is interrupted before that.
    pub local_changes: bool,
    /// Fields both sides changed: kept in the record's history in the same transaction.
    pub conflicts: Vec<FieldConflict>,
    /// When the sync met it (the time of the conflicts).
    pub at: DateTime<FixedOffset>,
}

/// What a deletion on the server did here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteDeletion {
    /// The local record was deleted (or was a tombstone already): no sync row is left.
    Deleted,
    /// A contact with entries or promises was archived and detached from the server, so no history
    /// is lost; a later local edit sends it again as new.
    ArchivedAndDetached,
    /// The local record had changed since the last sync: it stays, to be sent again as new.
    KeptBecauseDirty,
    /// No record has this UID.
    Unknown,
}

/// Writes the sync row of a local record from the server's copy, ending clean (or dirty, with
/// `local_changes`) with its new base, and adds its conflicts to its history.
fn settle(conn: &Connection, kind: SyncKind, local: Id, row: &RemoteRecord) -> Result<()> {
    let sql = format!(
        "INSERT INTO sync_records (kind, uid, {col}, href, etag, base, dirty, version, detached)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, 0)
         ON CONFLICT (kind, uid) DO UPDATE SET {col} = excluded.{col}, href = excluded.href,
                etag = excluded.etag, base = excluded.base, dirty = excluded.dirty,
                version = version + 1, detached = 0",
        col = kind.column()
    );
    conn.prepare_cached(&sql)?.execute(params![
        kind.as_str(),
        row.uid,
        local,
        row.href,
        row.etag,
        base_text(&row.base)?,
        row.local_changes,
    ])?;
    super::sync::record_conflicts(conn, kind, &row.uid, Some(local), &row.conflicts, &row.at)
}

impl Store {
    /// Writes a contact from the server, new (`existing` None) or over the local one, with its kept
    /// card rows, and settles its sync row — one transaction. Returns the contact's id.
    pub fn apply_remote_contact(
        &mut self,
        existing: Option<Id>,
        contact: &Contact,
        card: &[CardProperty],
        row: &RemoteRecord,
    ) -> Result<Id> {
        let tx = self.write_transaction()?;
        let id = match existing {
            Some(id) => {
                let contact = Contact {
                    id,
                    ..contact.clone()
                };
                super::contacts::update_contact_in(&tx, &contact)?;
                id
            }
            None => super::contacts::insert_contact(&tx, contact, false)?,
        };
        super::card::write_card(&tx, id, card)?;
        settle(&tx, SyncKind::Contact, id, row)?;
        tx.commit()?;
        Ok(id)
    }

    /// Writes a promise from the server, new or over the local one, and settles its sync row — one
    /// transaction. Returns the promise's id.
    pub fn apply_remote_promise(
        &mut self,
        existing: Option<Id>,
        promise: &Promise,
        row: &RemoteRecord,
    ) -> Result<Id> {
        let tx = self.write_transaction()?;
        let id = match existing {
            Some(id) => {
                let promise = Promise {
                    id,
                    ..promise.clone()
                };
                super::promises::update_promise_in(&tx, &promise)?;
                id
            }
            None => super::promises::insert_promise(&tx, promise, false)?,
        };
        settle(&tx, SyncKind::Promise, id, row)?;
        tx.commit()?;
        Ok(id)
    }

    /// Writes an entry from the server, new or over the local one (its contacts' summaries follow),
    /// and settles its sync row — one transaction. Returns the entry's id.
    pub fn apply_remote_entry(
        &mut self,
        existing: Option<Id>,
        entry: &Entry,
        row: &RemoteRecord,
    ) -> Result<Id> {
        let tx = self.write_transaction()?;
        let id = match existing {
            Some(id) => {
                update_entry_in(
                    &tx,
                    &Entry {
                        id,
                        ..entry.clone()
                    },
                )?;
                id
            }
            None => {
                let id = insert_entry(&tx, entry, false)?;
                for contact in &entry.contacts {
                    super::contacts::refresh_touch_summary(&tx, *contact)?;
                }
                id
            }
        };
        settle(&tx, SyncKind::Entry, id, row)?;
        tx.commit()?;
        Ok(id)
    }

    /// Follows a deletion on the server, in one transaction. A record changed here since the last
    /// sync stays (to be sent again as new); else a promise or entry is deleted, and a contact too
    /// unless entries or promises name them: then they are archived and detached, so no history is
    /// lost.
    pub fn apply_remote_deletion(&mut self, kind: SyncKind, uid: &str) -> Result<RemoteDeletion> {
        let tx = self.write_transaction()?;
        let Some(rec) = record(&tx, kind, uid)? else {
            return Ok(RemoteDeletion::Unknown);
        };
        let outcome = match rec.local {
            None => {
                forget_record(&tx, kind, uid)?;
                RemoteDeletion::Deleted
            }
            Some(_) if rec.dirty => {
                off_server(&tx, kind, uid, false)?;
                RemoteDeletion::KeptBecauseDirty
            }
            Some(id) if kind == SyncKind::Contact && has_history(&tx, id)? => {
                tx.prepare_cached("UPDATE contacts SET archived = 1 WHERE id = ?1")?
                    .execute([id])?;
                off_server(&tx, kind, uid, true)?;
                RemoteDeletion::ArchivedAndDetached
            }
            Some(id) => {
                // An entry's promises stay, detached; that is the deletion's doing, not a change
                // here: those that were in step with the server stay so.
                let in_step = if kind == SyncKind::Entry {
                    clean_promises_of(&tx, id)?
                } else {
                    Vec::new()
                };
                delete_local(&tx, kind, id)?;
                forget_record(&tx, kind, uid)?;
                for promise in in_step {
                    tx.prepare_cached(
                        "UPDATE sync_records SET dirty = 0 WHERE kind = 'promise' AND promise_id = ?1",
                    )?
                    .execute([promise])?;
                }
                RemoteDeletion::Deleted
            }
        };
        tx.commit()?;
        Ok(outcome)
    }
}

/// The promises of an entry whose sync rows are in step with the server (not dirty).
fn clean_promises_of(conn: &Connection, entry: Id) -> Result<Vec<Id>> {
    let ids = conn
        .prepare_cached(
            "SELECT p.id FROM promises p
               JOIN sync_records s ON s.kind = 'promise' AND s.promise_id = p.id
              WHERE p.entry_id = ?1 AND s.dirty = 0",
        )?
        .query_map([entry], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<Id>>>()?;
    Ok(ids)
}

/// True when entries or promises name the contact.
fn has_history(conn: &Connection, contact: Id) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM entry_contacts WHERE contact_id = ?1)
                 OR EXISTS (SELECT 1 FROM promises WHERE contact_id = ?1)",
        )?
        .query_row([contact], |r| r.get(0))?)
}

/// The server has no copy of the record any more: no href, ETag or base. `detached` (a kept contact)
/// also ends clean, the archiving not being a change to send; else the record stays dirty.
fn off_server(conn: &Connection, kind: SyncKind, uid: &str, detached: bool) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sync_records SET href = NULL, etag = NULL, base = NULL, detached = ?3,
                dirty = CASE WHEN ?3 THEN 0 ELSE dirty END
          WHERE kind = ?1 AND uid = ?2",
    )?
    .execute(params![kind.as_str(), uid, detached])?;
    Ok(())
}

/// Deletes a local record the way a local deletion does.
fn delete_local(tx: &rusqlite::Transaction<'_>, kind: SyncKind, id: Id) -> Result<()> {
    match kind {
        SyncKind::Contact => super::contacts::delete_contact_rows(tx, id),
        SyncKind::Entry => delete_entry_in(tx, id, PromiseFate::Keep),
        SyncKind::Promise => super::promises::delete_promise_in(tx, id),
    }
}

impl Store {
    /// The contacts a record from another device names, for the sync to link it: those with one of
    /// `emails` (their own or a kept EMAIL card row, without case), else those whose whole name is one
    /// of `names` (case and accents aside). By id; empty when nothing matches.
    pub fn contacts_named(&self, emails: &[String], names: &[String]) -> Result<Vec<Id>> {
        super::transfer::define_key_functions(&self.conn)?;
        let mut ids = Vec::new();
        let mut by_email = self.conn.prepare_cached(
            "SELECT id FROM contacts
              WHERE rapport_email_key(email) = rapport_email_key(?1)
                 OR id IN (SELECT contact_id FROM contact_properties
                            WHERE rapport_card_email_key(name, value) = rapport_email_key(?1))
              ORDER BY id",
        )?;
        for email in emails {
            for id in by_email.query_map([email], |r| r.get::<_, Id>(0))? {
                ids.push(id?);
            }
        }
        if ids.is_empty() {
            let mut by_name = self
                .conn
                .prepare_cached("SELECT id FROM contacts WHERE name_fold = ?1 ORDER BY id")?;
            for name in names {
                for id in by_name.query_map([crate::text::fold(name)], |r| r.get::<_, Id>(0))? {
                    ids.push(id?);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }
}

impl Store {
    /// True when entries (`with_entries`: when entries are synced) or promises about the contact
    /// have not reached the server (new here, or changed since): a deletion of the contact on the
    /// server must not win over them.
    pub fn has_unsent_history(&self, contact: Id, with_entries: bool) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM promises p
                                  LEFT JOIN sync_records s ON s.kind = 'promise' AND s.promise_id = p.id
                                 WHERE p.contact_id = ?1 AND (s.uid IS NULL OR s.dirty = 1))
                     OR (?2 AND EXISTS (SELECT 1 FROM entry_contacts ec
                                  LEFT JOIN sync_records s ON s.kind = 'entry' AND s.entry_id = ec.entry_id
                                 WHERE ec.contact_id = ?1 AND (s.uid IS NULL OR s.dirty = 1)))",
            )?
            .query_row(params![contact, with_entries], |r| r.get(0))?)
    }

    /// True when the server holds entries (`with_entries`) or promises about the contact: after the
    /// deletions of a sync are followed, those are history the side that deleted the contact did not
    /// delete with them.
    pub fn has_history_on_server(&self, contact: Id, with_entries: bool) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM promises p
                                  JOIN sync_records s ON s.kind = 'promise' AND s.promise_id = p.id
                                 WHERE p.contact_id = ?1 AND s.etag IS NOT NULL)
                     OR (?2 AND EXISTS (SELECT 1 FROM entry_contacts ec
                                  JOIN sync_records s ON s.kind = 'entry' AND s.entry_id = ec.entry_id
                                 WHERE ec.contact_id = ?1 AND s.etag IS NOT NULL))",
            )?
            .query_row(params![contact, with_entries], |r| r.get(0))?)
    }

    /// Marks a record changed here (to be sent again), as an edit would.
    pub fn mark_sync_dirty(&mut self, kind: SyncKind, uid: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE sync_records SET dirty = 1, version = version + 1
                  WHERE kind = ?1 AND uid = ?2",
            )?
            .execute(params![kind.as_str(), uid])?;
        Ok(())
    }
}
