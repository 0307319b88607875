//! Journals from other devices that name no contact: kept as read on the server until the user
//! assigns someone (`rapport sync assign`), counted for the app's "notes need a contact".

use super::{Result, Store, format_instant, parse_instant};
use chrono::{DateTime, FixedOffset};
use rusqlite::params;

/// A journal from another device that names no contact, kept as read until someone is assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnassignedJournal {
    /// Its UID.
    pub uid: String,
    /// Where it is on the server.
    pub href: String,
    /// Its ETag.
    pub etag: Option<String>,
    /// The whole iCalendar text as read.
    pub text: String,
    /// Its SUMMARY, for the list in the app.
    pub summary: Option<String>,
    /// When it was fetched.
    pub at: DateTime<FixedOffset>,
}

impl Store {
    /// Keeps (or replaces) a journal from another device that names no contact.
    pub fn add_unassigned_journal(&mut self, journal: &UnassignedJournal) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO sync_unassigned (uid, href, etag, text, summary, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (uid) DO UPDATE SET href = excluded.href, etag = excluded.etag,
                        text = excluded.text, summary = excluded.summary, at = excluded.at",
            )?
            .execute(params![
                journal.uid,
                journal.href,
                journal.etag,
                journal.text,
                journal.summary,
                format_instant(&journal.at)
            ])?;
        Ok(())
    }

    /// How many journals from other devices wait for a contact (without reading their texts).
    pub fn unassigned_journal_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM sync_unassigned")?
            .query_row([], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or_default())
    }

    /// The journals from other devices that need a contact, oldest first.
    pub fn unassigned_journals(&self) -> Result<Vec<UnassignedJournal>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid, href, etag, text, summary, at FROM sync_unassigned ORDER BY at, uid",
        )?;
        let raws = stmt
            .query_map([], |r| {
                Ok((
                    UnassignedJournal {
                        uid: r.get(0)?,
                        href: r.get(1)?,
                        etag: r.get(2)?,
                        text: r.get(3)?,
                        summary: r.get(4)?,
                        at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
                    },
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter()
            .map(|(journal, at)| {
                Ok(UnassignedJournal {
                    at: parse_instant(&at)?,
                    ..journal
                })
            })
            .collect()
    }

    /// Removes a journal from the ones that need a contact (assigned, or deleted on the server).
    /// Returns whether it was there.
    pub fn remove_unassigned_journal(&mut self, uid: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM sync_unassigned WHERE uid = ?1")?
            .execute([uid])?
            > 0)
    }
}
