//! Promises, both ways: list them, mark them kept or broken, edit, reopen or delete them.

use super::{Result, Store, StoreError, format_day, format_instant, opt_day, parse_instant, word};
use crate::domain::model::{Id, Promise, PromiseStatus};
use crate::domain::pillars::PromiseFact;
use crate::text::normalize_line_endings;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

/// A promise with the name of its contact, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromiseRow {
    /// The promise.
    pub promise: Promise,
    /// Its contact's name.
    pub contact_name: String,
}

/// A promise's columns as the INSERT and the UPDATE bind them: `?1` the id, then contact, entry,
/// owner, text, due, status, closed_at.
fn columns(p: &Promise, id: Option<Id>) -> impl rusqlite::Params + '_ {
    (
        id,
        p.contact,
        p.entry,
        p.owner.as_str(),
        normalize_line_endings(&p.text),
        p.due.map(format_day),
        p.status.as_str(),
        p.closed_at.as_ref().map(format_instant),
    )
}

pub(super) fn insert_promise(conn: &Connection, p: &Promise, keep_id: bool) -> Result<Id> {
    conn.prepare_cached(
        "INSERT INTO promises (id, contact_id, entry_id, owner, text, due, status, closed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(columns(p, keep_id.then_some(p.id)))?;
    Ok(conn.last_insert_rowid())
}

/// Writes every field of an existing promise (inside the caller's transaction).
pub(super) fn update_promise_in(conn: &Connection, p: &Promise) -> Result<()> {
    let changed = conn
        .prepare_cached(
            "UPDATE promises SET contact_id = ?2, entry_id = ?3, owner = ?4, text = ?5, due = ?6,
                    status = ?7, closed_at = ?8
              WHERE id = ?1",
        )?
        .execute(columns(p, Some(p.id)))?;
    promise_changed(changed, p.id)
}

/// Deletes a promise (on any connection, also inside a transaction).
pub(super) fn delete_promise_in(conn: &Connection, id: Id) -> Result<()> {
    let changed = conn
        .prepare_cached("DELETE FROM promises WHERE id = ?1")?
        .execute([id])?;
    promise_changed(changed, id)
}

type RawPromise = (
    Id,
    Id,
    Option<Id>,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
);

fn finish(
    (id, contact, entry, owner, text, due, status, closed, name): RawPromise,
) -> Result<PromiseRow> {
    Ok(PromiseRow {
        promise: Promise {
            id,
            contact,
            entry,
            owner: word(&owner)?,
            text,
            due: opt_day(due)?,
            status: word(&status)?,
            closed_at: closed.as_deref().map(parse_instant).transpose()?,
        },
        contact_name: name,
    })
}

/// Open promises by due date (undated last; the same day: the one promised first), then closed ones
/// newest first.
const PROMISE_ORDER: &str = "p.status <> 'open',
    CASE WHEN p.status = 'open' THEN p.due IS NULL END,
    CASE WHEN p.status = 'open' THEN p.due END,
    p.closed_at DESC,
    CASE WHEN p.status = 'open' THEN p.id END,
    p.id DESC";

/// A promise's text and contact's name match the query in ?2 (the trigram index only narrows).
const MATCHES: &str =
    "rapport_match((SELECT t.folded FROM promise_search_text t WHERE t.id = p.id), ?2)";

/// The open promises with a due date that match, by due date through `promises_status_due`: the
/// index walk stops as soon as enough trigram candidates (?3) have matched the query (?1).
const MANY_OPEN: &str = "FROM promises p INDEXED BY promises_status_due
      JOIN contacts c ON c.id = p.contact_id
     WHERE p.status = 'open' AND p.due IS NOT NULL
       AND p.id IN (SELECT rowid FROM promises_search WHERE promises_search MATCH ?3)
       AND rapport_match((SELECT t.folded FROM promise_search_text t WHERE t.id = p.id), ?1)
     ORDER BY p.due, p.id";

/// The open promises without a due date that match, oldest first.
const MANY_UNDATED: &str = "FROM promises p INDEXED BY promises_status_due
      JOIN contacts c ON c.id = p.contact_id
     WHERE p.status = 'open' AND p.due IS NULL
       AND p.id IN (SELECT rowid FROM promises_search WHERE promises_search MATCH ?3)
       AND rapport_match((SELECT t.folded FROM promise_search_text t WHERE t.id = p.id), ?1)
     ORDER BY p.id";

/// The closed promises that match, newest first through `promises_closed`: the index walk stops as
/// soon as enough candidates have matched.
const MANY_CLOSED: &str = "FROM promises p INDEXED BY promises_closed
      JOIN contacts c ON c.id = p.contact_id
     WHERE p.closed_at IS NOT NULL
       AND p.id IN (SELECT rowid FROM promises_search WHERE promises_search MATCH ?3)
       AND rapport_match((SELECT t.folded FROM promise_search_text t WHERE t.id = p.id), ?1)
     ORDER BY p.closed_at DESC, p.id DESC";

/// Above this many trigram candidates a promise search reads closed promises newest first through
/// their index and stops at its limit (see [`Store::search_promises`]).
const MANY_CANDIDATES: i64 = 2_000;

/// The columns [`finish`] reads, in its order.
const PROMISE_COLUMNS: &str =
    "p.id, p.contact_id, p.entry_id, p.owner, p.text, p.due, p.status, p.closed_at, c.name";

fn raw_promise(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawPromise> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

fn promise_changed(changed: usize, id: Id) -> Result<()> {
    if changed == 0 {
        return Err(StoreError::NotFound {
            what: "promise",
            id,
        });
    }
    Ok(())
}

impl Store {
    /// One promise with its contact's name.
    pub fn promise(&self, id: Id) -> Result<PromiseRow> {
        let sql = format!(
            "SELECT {PROMISE_COLUMNS} FROM promises p JOIN contacts c ON c.id = p.contact_id
              WHERE p.id = ?1"
        );
        let raw = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], raw_promise)
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "promise",
                id,
            })?;
        finish(raw)
    }

    /// The promises written with an entry, in the order they were made.
    pub fn entry_promises(&self, entry: Id) -> Result<Vec<PromiseRow>> {
        let sql = format!(
            "SELECT {PROMISE_COLUMNS} FROM promises p INDEXED BY promises_entry
               JOIN contacts c ON c.id = p.contact_id
              WHERE p.entry_id = ?1 ORDER BY p.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raws = stmt
            .query_map([entry], raw_promise)?
            .collect::<rusqlite::Result<Vec<RawPromise>>>()?;
        raws.into_iter().map(finish).collect()
    }

    /// Changes what a promise says and when it is due (None: no due date); its status stays.
    pub fn update_promise(&mut self, id: Id, text: &str, due: Option<NaiveDate>) -> Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::EmptyText { what: "promise" });
        }
        let changed = self.conn.execute(
            "UPDATE promises SET text = ?2, due = ?3 WHERE id = ?1",
            params![id, normalize_line_endings(text), due.map(format_day)],
        )?;
        promise_changed(changed, id)
    }

    /// Opens a kept or broken promise again (it forgets when it was closed).
    pub fn reopen_promise(&mut self, id: Id) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE promises SET status = 'open', closed_at = NULL WHERE id = ?1",
            [id],
        )?;
        promise_changed(changed, id)
    }

    /// Deletes a promise for good.
    pub fn delete_promise(&mut self, id: Id) -> Result<()> {
        delete_promise_in(&self.conn, id)
    }

    /// Promises, open ones first by due date (undated last), then closed ones newest first.
    /// `contact` narrows to one contact; `open_only` hides kept and broken ones.
    pub fn promises(&self, contact: Option<Id>, open_only: bool) -> Result<Vec<PromiseRow>> {
        let sql = format!(
            "SELECT {PROMISE_COLUMNS}
               FROM promises p JOIN contacts c ON c.id = p.contact_id
              WHERE {} AND (NOT ?2 OR p.status = 'open')
              ORDER BY {PROMISE_ORDER}",
            super::one_contact_or_all("p.contact_id", 1, contact)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raws = stmt
            .query_map(params![contact, open_only], raw_promise)?
            .collect::<rusqlite::Result<Vec<RawPromise>>>()?;
        raws.into_iter().map(finish).collect()
    }

    /// Promises whose text or contact's name matches a search (`query` as typed, see
    /// [`crate::search_query`]): open ones by due date (undated last), then closed ones newest
    /// first; `contact` narrows to one contact.
    ///
    /// When the trigram index names more than [`MANY_CANDIDATES`] promises (a word thousands of
    /// promises contain), the open ones are read by due date and the closed ones newest first,
    /// each through its index, and the reading stops at `limit`: the time then depends on the
    /// limit, not on the size of the journal.
    pub fn search_promises(
        &self,
        query: &str,
        contact: Option<Id>,
        limit: usize,
    ) -> Result<Vec<PromiseRow>> {
        let fts = crate::search_query::Query::parse(query).trigram_filter();
        let many = match (&fts, contact) {
            (Some(fts), None) => self.many_promise_candidates(fts)?,
            _ => false,
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        if many {
            let mut rows = Vec::new();
            for reading in [MANY_OPEN, MANY_UNDATED, MANY_CLOSED] {
                let rest = limit - rows.len() as i64;
                if rest <= 0 {
                    break;
                }
                rows.extend(self.promises_where(reading, query, rest, fts.as_deref())?);
            }
            return Ok(rows);
        }
        let (from, narrowed) = super::search::indexed("promises_search", "p", fts.is_some());
        let sql = format!(
            "SELECT {PROMISE_COLUMNS}
               FROM {from} JOIN contacts c ON c.id = p.contact_id
              WHERE {} AND {narrowed} AND {MATCHES}
              ORDER BY {PROMISE_ORDER}
              LIMIT +?3",
            super::one_contact_or_all("p.contact_id", 1, contact)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raws = stmt
            .query_map(params![contact, query, limit, fts], raw_promise)?
            .collect::<rusqlite::Result<Vec<RawPromise>>>()?;
        raws.into_iter().map(finish).collect()
    }

    /// One of the readings of a search with many candidates ([`MANY_OPEN`], [`MANY_UNDATED`],
    /// [`MANY_CLOSED`]).
    fn promises_where(
        &self,
        reading: &str,
        query: &str,
        limit: i64,
        fts: Option<&str>,
    ) -> Result<Vec<PromiseRow>> {
        let sql = format!("SELECT {PROMISE_COLUMNS} {reading} LIMIT +?2");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raws = stmt
            .query_map(params![query, limit, fts], raw_promise)?
            .collect::<rusqlite::Result<Vec<RawPromise>>>()?;
        raws.into_iter().map(finish).collect()
    }

    /// True when the trigram index names more than [`MANY_CANDIDATES`] promises for `fts`.
    fn many_promise_candidates(&self, fts: &str) -> Result<bool> {
        let count: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM promises_search
                                        WHERE promises_search MATCH ?1 LIMIT +?2)",
            )?
            .query_row(params![fts, MANY_CANDIDATES + 1], |r| r.get(0))?;
        Ok(count > MANY_CANDIDATES)
    }

    /// Marks a promise kept or broken (or reopens it) at `now`.
    pub fn set_promise_status(
        &mut self,
        id: Id,
        status: PromiseStatus,
        now: &DateTime<FixedOffset>,
    ) -> Result<()> {
        let closed = (status != PromiseStatus::Open).then(|| format_instant(now));
        let changed = self.conn.execute(
            "UPDATE promises SET status = ?2, closed_at = ?3 WHERE id = ?1",
            params![id, status.as_str(), closed],
        )?;
        promise_changed(changed, id)
    }

    /// My promises to a contact, as the trust score sees them.
    pub fn my_promise_facts(&self, contact: Id) -> Result<Vec<PromiseFact>> {
        self.promise_facts(crate::domain::model::Owner::Me, Some(contact))
    }

    /// Promises made by `owner` (to one contact, or to anyone), as the scores and the overview see them.
    pub fn promise_facts(
        &self,
        owner: crate::domain::model::Owner,
        contact: Option<Id>,
    ) -> Result<Vec<PromiseFact>> {
        // For one contact, the index that holds all it needs: without statistics SQLite would take
        // the owner prefix of `promises_mine_open` and read every promise I ever made.
        let sql = match contact {
            Some(_) => {
                "SELECT due, status, closed_at FROM promises INDEXED BY promises_facts
                  WHERE contact_id = ?2 AND owner = ?1"
            }
            None => "SELECT due, status, closed_at FROM promises WHERE owner = ?1 AND ?2 IS NULL",
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let raws = stmt
            .query_map(params![owner.as_str(), contact], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter()
            .map(|(due, status, closed)| {
                Ok(PromiseFact {
                    due: opt_day(due)?,
                    status: word::<PromiseStatus>(&status)?,
                    closed_on: closed
                        .as_deref()
                        .map(parse_instant)
                        .transpose()?
                        .map(|t| t.date_naive()),
                })
            })
            .collect()
    }
}
