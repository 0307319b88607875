//! The bookkeeping of two-way sync: which local record is which server record (UID, href, ETag), the
//! fields both sides last agreed on, what changed here since (kept by the triggers of schema 11),
//! tombstones, collections and their sync tokens, conflicts, the last run. The writes that put a remote
//! record into the journal together with its sync row are in `sync_apply.rs`; the journals from other
//! devices that name nobody in `sync_unassigned.rs`.

use super::{Result, Store, StoreError, format_instant, parse_instant};
use crate::domain::model::Id;
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// A record's fields as sync compares, merges and keeps them: the same type as
/// `crate::sync::fields::Fields` (field name -> value, a missing key is no value).
pub type RecordFields = BTreeMap<String, String>;

/// A local record (or none, for a tombstone) about to be sent: the UID and href it gets first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSyncRecord {
    /// Its UID on the server.
    pub uid: String,
    /// The local record.
    pub local: Option<Id>,
    /// Where it will be written.
    pub href: String,
}

/// What the server holds of one record after a write or a listing: see [`Store::mark_synced`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    /// Its UID.
    pub uid: String,
    /// Where it is.
    pub href: String,
    /// Its version there.
    pub etag: Option<String>,
    /// The fields it holds there.
    pub base: RecordFields,
    /// The version of the sync row that was read and sent.
    pub version: i64,
}

/// What kind of record a sync record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SyncKind {
    /// A contact (vCard in the address book).
    Contact,
    /// A promise (VTODO in the tasks calendar).
    Promise,
    /// A journal entry (VJOURNAL in the journal calendar).
    Entry,
}

impl SyncKind {
    /// Every kind, in the order a sync runs them.
    pub const ALL: [SyncKind; 3] = [SyncKind::Contact, SyncKind::Promise, SyncKind::Entry];

    /// The word stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncKind::Contact => "contact",
            SyncKind::Promise => "promise",
            SyncKind::Entry => "entry",
        }
    }

    fn from_word(word: &str) -> Result<SyncKind> {
        SyncKind::ALL
            .into_iter()
            .find(|k| k.as_str() == word)
            .ok_or_else(|| StoreError::Corrupt(format!("sync kind '{word}'")))
    }

    /// The `sync_records` column that holds the local id of this kind (a fixed name, never user text).
    pub(super) fn column(self) -> &'static str {
        match self {
            SyncKind::Contact => "contact_id",
            SyncKind::Promise => "promise_id",
            SyncKind::Entry => "entry_id",
        }
    }

    /// The table of the local records of this kind.
    fn table(self) -> &'static str {
        match self {
            SyncKind::Contact => "contacts",
            SyncKind::Promise => "promises",
            SyncKind::Entry => "entries",
        }
    }
}

/// One record as sync knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncRecord {
    /// Contact, promise or entry.
    pub kind: SyncKind,
    /// Its stable UID, the same on every device.
    pub uid: String,
    /// The local record; `None` for a tombstone (deleted here, still to be deleted on the server).
    pub local: Option<Id>,
    /// Where it is on the server; `None` when the server has no copy (detached, or deleted there).
    pub href: Option<String>,
    /// The server's ETag of the copy `base` describes.
    pub etag: Option<String>,
    /// The fields both sides agreed on at the last sync of this record (`None`: never agreed).
    pub base: Option<RecordFields>,
    /// True when the local record changed since (or is a tombstone not yet deleted on the server).
    pub dirty: bool,
    /// Counts local changes; `mark_synced` clears `dirty` only for the version it sent.
    pub version: i64,
    /// The server deleted it while it had a history here: it was kept, archived, without a server copy.
    pub detached: bool,
}

/// A field both sides changed to different values: the local value was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    /// The field's name.
    pub field: String,
    /// The value kept here.
    pub local: Option<String>,
    /// The server's value, kept in the record's history.
    pub remote: Option<String>,
}

/// A conflict as the record's history keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConflict {
    /// Its row id.
    pub id: Id,
    /// The record's kind.
    pub kind: SyncKind,
    /// The record's UID.
    pub uid: String,
    /// The local record at the time.
    pub local: Option<Id>,
    /// The field and both values.
    pub conflict: FieldConflict,
    /// When the sync met it.
    pub at: DateTime<FixedOffset>,
}

/// What of one kind waits to be sent: records new here, changed here, deleted here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PendingChanges {
    /// Local records the server has never seen.
    pub new: usize,
    /// Synced records changed here since.
    pub changed: usize,
    /// Records deleted here, still on the server.
    pub deleted: usize,
}

const RECORD_COLUMNS: &str = "kind, uid, coalesce(contact_id, promise_id, entry_id), href, etag, base, dirty, version, detached";

/// A sync row as read, with the texts still to be checked outside rusqlite's closure.
type RawRecord = (
    String,
    String,
    Option<Id>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    i64,
    bool,
);

fn finish_record(raw: RawRecord) -> Result<SyncRecord> {
    let (kind, uid, local, href, etag, base, dirty, version, detached) = raw;
    let base = base
        .map(|text| {
            serde_json::from_str(&text)
                .map_err(|_| StoreError::Corrupt(format!("sync base of {uid}")))
        })
        .transpose()?;
    Ok(SyncRecord {
        kind: SyncKind::from_word(&kind)?,
        uid,
        local,
        href,
        etag,
        base,
        dirty,
        version,
        detached,
    })
}

/// The sync rows of one kind that `condition` (SQL over `sync_records`, `?1` the kind) selects.
fn records_where(conn: &Connection, kind: SyncKind, condition: &str) -> Result<Vec<SyncRecord>> {
    records_in(conn, kind, "sync_records", condition)
}

/// The same from `table`, which may name the index to read it by.
fn records_in(
    conn: &Connection,
    kind: SyncKind,
    table: &str,
    condition: &str,
) -> Result<Vec<SyncRecord>> {
    let sql =
        format!("SELECT {RECORD_COLUMNS} FROM {table} WHERE kind = ?1 AND {condition} ORDER BY id");
    let raws = conn
        .prepare_cached(&sql)?
        .query_map([kind.as_str()], |r| RawRecord::try_from(r))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raws.into_iter().map(finish_record).collect()
}

/// The sync row of a UID, on any connection.
pub(super) fn record(conn: &Connection, kind: SyncKind, uid: &str) -> Result<Option<SyncRecord>> {
    let sql = format!("SELECT {RECORD_COLUMNS} FROM sync_records WHERE kind = ?1 AND uid = ?2");
    conn.prepare_cached(&sql)?
        .query_row(params![kind.as_str(), uid], |r| RawRecord::try_from(r))
        .optional()?
        .map(finish_record)
        .transpose()
}

/// The fields as `sync_records.base` holds them.
pub(super) fn base_text(base: &RecordFields) -> Result<String> {
    serde_json::to_string(base).map_err(|e| StoreError::Corrupt(format!("sync base: {e}")))
}

/// Adds conflicts to the history of a record (inside the caller's transaction).
pub(super) fn record_conflicts(
    conn: &Connection,
    kind: SyncKind,
    uid: &str,
    local: Option<Id>,
    conflicts: &[FieldConflict],
    at: &DateTime<FixedOffset>,
) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO sync_conflicts (kind, uid, local_id, field, local_value, remote_value, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for c in conflicts {
        insert.execute(params![
            kind.as_str(),
            uid,
            local,
            c.field,
            c.local,
            c.remote,
            format_instant(at)
        ])?;
    }
    Ok(())
}

/// Forgets the sync row of a UID (inside the caller's transaction).
pub(super) fn forget_record(conn: &Connection, kind: SyncKind, uid: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM sync_records WHERE kind = ?1 AND uid = ?2")?
        .execute(params![kind.as_str(), uid])?
        > 0)
}

impl Store {
    /// Every sync row of a kind (tombstones included), oldest first.
    pub fn sync_records(&self, kind: SyncKind) -> Result<Vec<SyncRecord>> {
        records_where(&self.conn, kind, "1")
    }

    /// The sync row of a UID.
    pub fn sync_record(&self, kind: SyncKind, uid: &str) -> Result<Option<SyncRecord>> {
        record(&self.conn, kind, uid)
    }

    /// The sync row of a local record, when it has one.
    pub fn sync_record_of(&self, kind: SyncKind, local: Id) -> Result<Option<SyncRecord>> {
        let condition = format!("{} = ?2", kind.column());
        let sql =
            format!("SELECT {RECORD_COLUMNS} FROM sync_records WHERE kind = ?1 AND {condition}");
        self.conn
            .prepare_cached(&sql)?
            .query_row(params![kind.as_str(), local], |r| RawRecord::try_from(r))
            .optional()?
            .map(finish_record)
            .transpose()
    }

    /// The local records of a kind the server has never seen (no sync row), by id.
    pub fn new_local_ids(&self, kind: SyncKind) -> Result<Vec<Id>> {
        let sql = format!(
            "SELECT t.id FROM {} t
              WHERE NOT EXISTS (SELECT 1 FROM sync_records s WHERE s.{} = t.id) ORDER BY t.id",
            kind.table(),
            kind.column()
        );
        let ids = self
            .conn
            .prepare_cached(&sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The synced records of a kind changed here since their last sync.
    pub fn dirty_records(&self, kind: SyncKind) -> Result<Vec<SyncRecord>> {
        let condition = format!("{} IS NOT NULL AND dirty = 1", kind.column());
        records_where(&self.conn, kind, &condition)
    }

    /// The records of a kind deleted here that the server still has (to be deleted there).
    pub fn tombstones(&self, kind: SyncKind) -> Result<Vec<SyncRecord>> {
        // A row of one kind has only its own local column (the table's CHECKs): all three NULL is
        // a tombstone, which the partial index of schema 16 finds without reading every row (the
        // planner would otherwise take another kind's column index, where nearly all are NULL).
        let table = "sync_records INDEXED BY sync_records_tombstones";
        let condition = "contact_id IS NULL AND promise_id IS NULL AND entry_id IS NULL";
        records_in(&self.conn, kind, table, condition)
    }

    /// Gives a local record (or none, for a tombstone) its UID and the href it is about to be written
    /// to, before it is sent: an interrupted sync then finds it by UID and sends no duplicate. A new
    /// row is dirty; an existing one keeps its state. Returns the row's version, which the caller
    /// reads the record at and hands to [`Store::mark_synced`].
    pub fn save_sync_record(
        &mut self,
        kind: SyncKind,
        uid: &str,
        local: Option<Id>,
        href: &str,
    ) -> Result<i64> {
        let row = NewSyncRecord {
            uid: uid.to_string(),
            local,
            href: href.to_string(),
        };
        let versions = self.save_sync_records(kind, std::slice::from_ref(&row))?;
        versions
            .first()
            .copied()
            .ok_or_else(|| StoreError::Corrupt(format!("no sync row for {uid}")))
    }

    /// [`Store::save_sync_record`] for many records in one transaction (the first sync of a journal
    /// names thousands); their versions in the same order.
    pub fn save_sync_records(
        &mut self,
        kind: SyncKind,
        rows: &[NewSyncRecord],
    ) -> Result<Vec<i64>> {
        let sql = format!(
            "INSERT INTO sync_records (kind, uid, {col}, href) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (kind, uid) DO UPDATE SET {col} = excluded.{col}, href = excluded.href
             RETURNING version",
            col = kind.column()
        );
        let tx = self.write_transaction()?;
        let mut versions = Vec::with_capacity(rows.len());
        {
            let mut insert = tx.prepare_cached(&sql)?;
            for row in rows {
                let params = params![kind.as_str(), row.uid, row.local, row.href];
                versions.push(insert.query_row(params, |r| r.get(0))?);
            }
        }
        tx.commit()?;
        Ok(versions)
    }

    /// Forgets the sync row of a UID (a tombstone whose server copy is gone, or a record to send
    /// again as new). Returns whether there was one.
    pub fn forget_sync_record(&mut self, kind: SyncKind, uid: &str) -> Result<bool> {
        forget_record(&self.conn, kind, uid)
    }

    /// Records that the server holds `base` at `href` with `etag`. The record is clean afterwards only
    /// when it is still at `version` (the one that was read and sent): a change made meanwhile keeps
    /// it dirty, to be sent next time. Returns whether it is clean.
    pub fn mark_synced(
        &mut self,
        kind: SyncKind,
        uid: &str,
        href: &str,
        etag: Option<&str>,
        base: &RecordFields,
        version: i64,
    ) -> Result<bool> {
        let mark = Synced {
            uid: uid.to_string(),
            href: href.to_string(),
            etag: etag.map(str::to_string),
            base: base.clone(),
            version,
        };
        Ok(self.mark_all_synced(kind, std::slice::from_ref(&mark))? == 1)
    }

    /// [`Store::mark_synced`] for many records in one transaction (what a one-request upload left on
    /// the server); how many are clean.
    pub fn mark_all_synced(&mut self, kind: SyncKind, marks: &[Synced]) -> Result<usize> {
        let tx = self.write_transaction()?;
        let mut clean = 0;
        {
            let mut place = tx.prepare_cached(
                "UPDATE sync_records SET href = ?3, etag = ?4, base = ?5, detached = 0
                  WHERE kind = ?1 AND uid = ?2",
            )?;
            let mut settle = tx.prepare_cached(
                "UPDATE sync_records SET dirty = 0
                  WHERE kind = ?1 AND uid = ?2 AND version = ?3 AND coalesce(contact_id, promise_id, entry_id) IS NOT NULL",
            )?;
            for mark in marks {
                let base = base_text(&mark.base)?;
                place.execute(params![kind.as_str(), mark.uid, mark.href, mark.etag, base])?;
                clean += settle.execute(params![kind.as_str(), mark.uid, mark.version])?;
            }
        }
        tx.commit()?;
        Ok(clean)
    }

    /// Adds conflicts to the history of the record with this UID, in one transaction.
    pub fn record_sync_conflicts(
        &mut self,
        kind: SyncKind,
        uid: &str,
        conflicts: &[FieldConflict],
        at: &DateTime<FixedOffset>,
    ) -> Result<()> {
        let tx = self.write_transaction()?;
        let local = record(&tx, kind, uid)?.and_then(|r| r.local);
        record_conflicts(&tx, kind, uid, local, conflicts, at)?;
        tx.commit()?;
        Ok(())
    }

    /// Conflicts kept in the history, of one kind or of all, newest first.
    pub fn sync_conflicts(&self, kind: Option<SyncKind>) -> Result<Vec<SyncConflict>> {
        self.conflicts_where("(?1 IS NULL OR kind = ?1) AND ?2 IS NULL", kind, None)
    }

    /// The conflict history of one local record, newest first.
    pub fn sync_conflicts_of(&self, kind: SyncKind, local: Id) -> Result<Vec<SyncConflict>> {
        self.conflicts_where("kind = ?1 AND local_id = ?2", Some(kind), Some(local))
    }

    fn conflicts_where(
        &self,
        condition: &str,
        kind: Option<SyncKind>,
        local: Option<Id>,
    ) -> Result<Vec<SyncConflict>> {
        let sql = format!(
            "SELECT id, kind, uid, local_id, field, local_value, remote_value, at FROM sync_conflicts
              WHERE {condition} ORDER BY id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raws = stmt
            .query_map(params![kind.map(SyncKind::as_str), local], |r| {
                Ok((
                    r.get::<_, Id>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<Id>>(3)?,
                    FieldConflict {
                        field: r.get(4)?,
                        local: r.get(5)?,
                        remote: r.get(6)?,
                    },
                    r.get::<_, String>(7)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter()
            .map(|(id, kind, uid, local, conflict, at)| {
                Ok(SyncConflict {
                    id,
                    kind: SyncKind::from_word(&kind)?,
                    uid,
                    local,
                    conflict,
                    at: parse_instant(&at)?,
                })
            })
            .collect()
    }

    /// What of one kind waits to be sent to the server.
    pub fn pending_sync(&self, kind: SyncKind) -> Result<PendingChanges> {
        let sql = format!(
            "SELECT (SELECT count(*) FROM {table} t
                      WHERE NOT EXISTS (SELECT 1 FROM sync_records s WHERE s.{col} = t.id)),
                    (SELECT count(*) FROM sync_records WHERE kind = ?1 AND {col} IS NOT NULL AND dirty = 1),
                    (SELECT count(*) FROM sync_records WHERE kind = ?1 AND {col} IS NULL)",
            table = kind.table(),
            col = kind.column()
        );
        let (new, changed, deleted): (i64, i64, i64) = self
            .conn
            .prepare_cached(&sql)?
            .query_row([kind.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        Ok(PendingChanges {
            new: count(new),
            changed: count(changed),
            deleted: count(deleted),
        })
    }
}
