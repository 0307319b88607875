//! Journal entries: write one (with its promises) in one transaction, read one, page through many.

use super::contacts::{contact_exists, refresh_touch_summary};
use super::promises::insert_promise;
use super::{Result, Store, StoreError, format_instant, opt_word, parse_instant, word};
use crate::domain::model::{Contact, Entry, Id, Owner, Promise, PromiseStatus, Signals};
use crate::text::normalize_line_endings;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// A promise written together with a new entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPromise {
    /// Who promised.
    pub owner: Owner,
    /// What.
    pub text: String,
    /// By when.
    pub due: Option<NaiveDate>,
}

/// What becomes of an entry's promises when the entry is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseFate {
    /// They stay, detached from the entry.
    Keep,
    /// They are deleted with it.
    Delete,
}

/// An entry as lists show it: the entry and the names of its contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRow {
    /// The entry.
    pub entry: Entry,
    /// (id, name) of each contact, in the entry's order.
    pub contact_names: Vec<(Id, String)>,
}

/// One of my open overdue promises: whose it is, its text, its due date and the entry it was made in.
pub type OverduePromise = (Id, String, NaiveDate, Option<Id>);

/// Where a page of the timeline ends: the next page starts strictly after (older than) this entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryCursor {
    /// occurred_at as Unix seconds.
    pub ts: i64,
    /// Entry id (ties on the same second).
    pub id: Id,
}

/// An entry's columns, the last one its contacts as a JSON array of `[id, name]` in the entry's order, so
/// that a page of entries is one statement rather than one more per entry.
pub(super) const ENTRY_COLUMNS: &str = "e.id, e.occurred_at, e.kind, e.title, e.body, e.mood, e.initiative, \
     e.signal_trust, e.signal_sympathy, e.signal_competence, e.signal_longterm, \
     (SELECT json_group_array(json_array(c.id, c.name) ORDER BY x.position) \
        FROM entry_contacts x JOIN contacts c ON c.id = x.contact_id WHERE x.entry_id = e.id)";

/// An entry as read from a row, with the texts still to be checked (outside rusqlite's row closure,
/// so that a bad value becomes [`StoreError::Corrupt`]).
pub(super) struct RawEntry {
    entry: Entry,
    occurred_at: String,
    kind: String,
    initiative: Option<String>,
    contacts: String,
}

pub(super) fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<RawEntry> {
    let entry = Entry {
        id: row.get(0)?,
        occurred_at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
        kind: crate::domain::model::Kind::Note,
        title: row.get(3)?,
        body: row.get(4)?,
        contacts: Vec::new(),
        mood: row.get(5)?,
        initiative: None,
        signals: Signals {
            trust: row.get(7)?,
            sympathy: row.get(8)?,
            competence: row.get(9)?,
            longterm: row.get(10)?,
        },
    };
    Ok(RawEntry {
        entry,
        occurred_at: row.get(1)?,
        kind: row.get(2)?,
        initiative: row.get(6)?,
        contacts: row.get(11)?,
    })
}

/// Checks and converts what [`entry_from_row`] read.
pub(super) fn finish_entry(raw: RawEntry) -> Result<EntryRow> {
    let mut entry = raw.entry;
    entry.occurred_at = parse_instant(&raw.occurred_at)?;
    entry.kind = word(&raw.kind)?;
    entry.initiative = opt_word(raw.initiative)?;
    let contact_names: Vec<(Id, String)> = serde_json::from_str(&raw.contacts)
        .map_err(|_| StoreError::Corrupt(format!("contacts of entry {}", entry.id)))?;
    entry.contacts = contact_names.iter().map(|(id, _)| *id).collect();
    Ok(EntryRow {
        entry,
        contact_names,
    })
}

/// An entry's columns as the INSERT and the UPDATE bind them: `?1` the id, then occurred_at,
/// occurred_ts, kind, title, body, mood, initiative and the four signals.
fn columns(e: &Entry, id: Option<Id>) -> impl rusqlite::Params + '_ {
    (
        id,
        format_instant(&e.occurred_at),
        e.occurred_at.timestamp(),
        e.kind.as_str(),
        e.title.as_deref().map(normalize_line_endings),
        normalize_line_endings(&e.body),
        e.mood,
        e.initiative.map(|i| i.as_str()),
        e.signals.trust,
        e.signals.sympathy,
        e.signals.competence,
        e.signals.longterm,
    )
}

pub(super) fn insert_entry(conn: &Connection, e: &Entry, keep_id: bool) -> Result<Id> {
    if e.contacts.is_empty() {
        return Err(StoreError::Corrupt(
            "an entry needs at least one contact".into(),
        ));
    }
    conn.prepare_cached(
        "INSERT INTO entries (id, occurred_at, occurred_ts, kind, title, body, mood, initiative,
                              signal_trust, signal_sympathy, signal_competence, signal_longterm)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(columns(e, keep_id.then_some(e.id)))?;
    let id = conn.last_insert_rowid();
    link_contacts(conn, id, e)?;
    Ok(id)
}

fn link_contacts(conn: &Connection, id: Id, e: &Entry) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO entry_contacts (entry_id, contact_id, position, occurred_ts, is_touch,
                                               day, mood, signal_trust, signal_sympathy,
                                               signal_competence, signal_longterm)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (position, contact) in (0i64..).zip(&e.contacts) {
        if !contact_exists(conn, *contact)? {
            return Err(StoreError::NotFound {
                what: "contact",
                id: *contact,
            });
        }
        stmt.execute(params![
            id,
            contact,
            position,
            e.occurred_at.timestamp(),
            e.kind.is_touch(),
            super::format_day(e.occurred_at.date_naive()),
            e.mood,
            e.signals.trust,
            e.signals.sympathy,
            e.signals.competence,
            e.signals.longterm,
        ])?;
    }
    Ok(())
}

pub(super) fn contacts_of(conn: &Connection, entry: Id) -> Result<Vec<(Id, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name FROM entry_contacts ec JOIN contacts c ON c.id = ec.contact_id
          WHERE ec.entry_id = ?1 ORDER BY ec.position",
    )?;
    let names = stmt
        .query_map([entry], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Replaces an entry's fields and contacts and refreshes the summaries of old and new contacts,
/// inside the caller's transaction.
pub(super) fn update_entry_in(conn: &Connection, entry: &Entry) -> Result<()> {
    let before: Vec<Id> = contacts_of(conn, entry.id)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let changed = conn.execute(
        "UPDATE entries SET occurred_at = ?2, occurred_ts = ?3, kind = ?4, title = ?5, body = ?6, mood = ?7,
                initiative = ?8, signal_trust = ?9, signal_sympathy = ?10, signal_competence = ?11,
                signal_longterm = ?12
          WHERE id = ?1",
        columns(entry, Some(entry.id)),
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound {
            what: "entry",
            id: entry.id,
        });
    }
    conn.execute("DELETE FROM entry_contacts WHERE entry_id = ?1", [entry.id])?;
    link_contacts(conn, entry.id, entry)?;
    for contact in before.iter().chain(&entry.contacts) {
        refresh_touch_summary(conn, *contact)?;
    }
    Ok(())
}

/// Deletes an entry (keeping or deleting its promises) and refreshes its contacts' summaries, inside
/// the caller's transaction.
pub(super) fn delete_entry_in(conn: &Connection, id: Id, promises: PromiseFate) -> Result<()> {
    if promises == PromiseFate::Delete {
        conn.execute("DELETE FROM promises WHERE entry_id = ?1", [id])?;
    }
    let contacts: Vec<Id> = contacts_of(conn, id)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    if conn.execute("DELETE FROM entries WHERE id = ?1", [id])? == 0 {
        return Err(StoreError::NotFound { what: "entry", id });
    }
    for contact in contacts {
        refresh_touch_summary(conn, contact)?;
    }
    Ok(())
}

/// Writes a new entry (first creating `new_contacts` and adding them to it) and its promises, and
/// refreshes its contacts' summaries, inside the caller's transaction: the one path every new entry
/// takes (the entry form, `log`, an accepted inbox proposal).
pub(super) fn add_entry_in(
    conn: &Connection,
    entry: &Entry,
    new_contacts: &[Contact],
    promises: &[NewPromise],
) -> Result<Id> {
    let mut entry = entry.clone();
    for contact in new_contacts {
        entry
            .contacts
            .push(super::contacts::insert_contact(conn, contact, false)?);
    }
    let entry = &entry;
    let id = insert_entry(conn, entry, false)?;
    // A promise made in a meeting with several people belongs to the first contact named.
    let first = entry.contacts[0];
    for p in promises {
        insert_promise(
            conn,
            &Promise {
                id: 0,
                contact: first,
                entry: Some(id),
                owner: p.owner,
                text: p.text.clone(),
                due: p.due,
                status: PromiseStatus::Open,
                closed_at: None,
            },
            false,
        )?;
    }
    for contact in &entry.contacts {
        refresh_touch_summary(conn, *contact)?;
    }
    Ok(id)
}

impl Store {
    /// Writes a new entry and its promises in one transaction and refreshes its contacts' summaries.
    pub fn add_entry(&mut self, entry: &Entry, promises: &[NewPromise]) -> Result<Id> {
        self.add_entry_with_new_contacts(entry, &[], promises)
    }

    /// Like [`Store::add_entry`], but first creates `new_contacts` (named in the entry form) and adds
    /// them to the entry — all in the same transaction, so a failed save leaves no stray contact.
    pub fn add_entry_with_new_contacts(
        &mut self,
        entry: &Entry,
        new_contacts: &[Contact],
        promises: &[NewPromise],
    ) -> Result<Id> {
        let tx = self.write_transaction()?;
        let id = add_entry_in(&tx, entry, new_contacts, promises)?;
        tx.commit()?;
        Ok(id)
    }

    /// Replaces an entry's fields and contacts; the summaries of old and new contacts are refreshed.
    pub fn update_entry(&mut self, entry: &Entry) -> Result<()> {
        let tx = self.write_transaction()?;
        update_entry_in(&tx, entry)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes an entry; its promises stay, detached from it.
    pub fn delete_entry(&mut self, id: Id) -> Result<()> {
        self.delete_entry_with(id, PromiseFate::Keep)
    }

    /// Deletes an entry and keeps or deletes the promises written with it, in one transaction; the
    /// search index and the entry count follow by trigger, the contacts' summaries are refreshed.
    pub fn delete_entry_with(&mut self, id: Id, promises: PromiseFate) -> Result<()> {
        let tx = self.write_transaction()?;
        delete_entry_in(&tx, id, promises)?;
        tx.commit()?;
        Ok(())
    }

    /// One entry with its contacts' names.
    pub fn entry(&self, id: Id) -> Result<EntryRow> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries e WHERE e.id = ?1");
        let raw = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], entry_from_row)
            .optional()?
            .ok_or(StoreError::NotFound { what: "entry", id })?;
        finish_entry(raw)
    }

    /// The entries that involve any of `contacts` (the MCP server leaves them out, with the promises
    /// made in them, when those contacts are private).
    pub fn entries_involving(
        &self,
        contacts: &std::collections::HashSet<Id>,
    ) -> Result<std::collections::HashSet<Id>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT entry_id FROM entry_contacts WHERE contact_id = ?1")?;
        let mut entries = std::collections::HashSet::new();
        for contact in contacts {
            for entry in stmt.query_map([contact], |r| r.get(0))? {
                entries.insert(entry?);
            }
        }
        Ok(entries)
    }

    /// My open promises due before `today` (the ones the neglect list names): (whose, text, due,
    /// the entry it was made in) of each, read through the index of open promises by due date.
    pub fn my_overdue_promises(&self, today: NaiveDate) -> Result<Vec<OverduePromise>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, text, due, entry_id FROM promises
              WHERE status = 'open' AND owner = 'me' AND due < ?1",
        )?;
        let rows = stmt.query_map([super::format_day(today)], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<Id>>(3)?,
            ))
        })?;
        let mut promises = Vec::new();
        for row in rows {
            let (whose, text, due, entry) = row?;
            promises.push((whose, text, super::parse_day(&due)?, entry));
        }
        Ok(promises)
    }

    /// A page of the timeline, newest first: all entries, or one contact's. Pass the last row's cursor
    /// to get the next (older) page; never reads more than `limit` entries.
    pub fn entries_page(
        &self,
        contact: Option<Id>,
        after: Option<EntryCursor>,
        limit: usize,
    ) -> Result<Vec<EntryRow>> {
        self.page(contact, after, limit, false)
    }

    /// The page just newer than `before` (or the oldest page when None), returned newest first like
    /// [`Store::entries_page`]; lets a list scroll back up after dropping rows, or jump to the end.
    pub fn entries_page_newer(
        &self,
        contact: Option<Id>,
        before: Option<EntryCursor>,
        limit: usize,
    ) -> Result<Vec<EntryRow>> {
        let mut rows = self.page(contact, before, limit, true)?;
        rows.reverse();
        Ok(rows)
    }

    fn page(
        &self,
        contact: Option<Id>,
        cursor: Option<EntryCursor>,
        limit: usize,
        newer: bool,
    ) -> Result<Vec<EntryRow>> {
        let (ts, id) = match (cursor, newer) {
            (Some(c), _) => (c.ts, c.id),
            (None, false) => (i64::MAX, i64::MAX),
            (None, true) => (i64::MIN, i64::MIN),
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let (cmp, order) = if newer { (">", "ASC") } else { ("<", "DESC") };
        let raws = if let Some(contact) = contact {
            let sql = format!(
                "SELECT {ENTRY_COLUMNS} FROM entry_contacts ec JOIN entries e ON e.id = ec.entry_id
                  WHERE ec.contact_id = ?1
                    AND (ec.occurred_ts {cmp} ?2 OR (ec.occurred_ts = ?2 AND ec.entry_id {cmp} ?3))
                  ORDER BY ec.occurred_ts {order}, ec.entry_id {order} LIMIT +?4"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            stmt.query_map(params![contact, ts, id, limit], entry_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        } else {
            let sql = format!(
                "SELECT {ENTRY_COLUMNS} FROM entries e
                  WHERE (e.occurred_ts {cmp} ?1 OR (e.occurred_ts = ?1 AND e.id {cmp} ?2))
                  ORDER BY e.occurred_ts {order}, e.id {order} LIMIT +?3"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            stmt.query_map(params![ts, id, limit], entry_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        raws.into_iter().map(finish_entry).collect()
    }

    /// Touches per bin of `bin_days` days over the last `bins` bins up to `today` (oldest first): the
    /// activity sparkline of a contact. Reads only that contact's recent index range.
    pub fn touch_activity(
        &self,
        contact: Id,
        today: NaiveDate,
        bins: u32,
        bin_days: u32,
    ) -> Result<Vec<u16>> {
        let end = today
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map_or(i64::MAX, |t| t.and_utc().timestamp());
        let span = i64::from(bin_days) * 86_400;
        let start = end - span * i64::from(bins);
        let mut counts = vec![0u16; usize::try_from(bins).unwrap_or(0)];
        let mut stmt = self.conn.prepare_cached(
            "SELECT (?2 - 1 - occurred_ts) / ?3, count(*) FROM entry_contacts
              WHERE contact_id = ?1 AND is_touch = 1 AND occurred_ts >= ?4 AND occurred_ts < ?2
              GROUP BY 1",
        )?;
        let mut rows = stmt.query(params![contact, end, span, start])?;
        while let Some(row) = rows.next()? {
            let back: i64 = row.get(0)?;
            let n: i64 = row.get(1)?;
            if let Some(slot) = usize::try_from(back)
                .ok()
                .and_then(|b| counts.len().checked_sub(b + 1))
            {
                counts[slot] = u16::try_from(n).unwrap_or(u16::MAX);
            }
        }
        Ok(counts)
    }

    /// How many entries there are: all, or one contact's.
    pub fn entry_count(&self, contact: Option<Id>) -> Result<i64> {
        Ok(match contact {
            Some(c) => self.conn.query_row(
                "SELECT count(*) FROM entry_contacts WHERE contact_id = ?1",
                [c],
                |r| r.get(0),
            )?,
            // Kept by triggers (schema 5): counting would read every entry.
            None => self
                .conn
                .query_row("SELECT n FROM entry_total", [], |r| r.get(0))?,
        })
    }

    /// The day of a contact's earliest entry (as it was written), if it has any.
    pub fn first_entry_day(&self, contact: Id) -> Result<Option<NaiveDate>> {
        let day: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT day FROM entry_contacts INDEXED BY entry_contacts_facts
                  WHERE contact_id = ?1 ORDER BY occurred_ts, entry_id LIMIT 1",
            )?
            .query_row([contact], |r| r.get(0))
            .optional()?;
        day.as_deref().map(super::parse_day).transpose()
    }

    /// Facts about a contact's entries since `since` (oldest first), for the pillar scores.
    pub fn entry_facts(
        &self,
        contact: Id,
        since: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Vec<crate::domain::pillars::EntryFact>> {
        // One range of one index: the facts are copied into entry_contacts (schema 6).
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, is_touch, mood, signal_trust, signal_sympathy, signal_competence,
                    signal_longterm
               FROM entry_contacts INDEXED BY entry_contacts_facts
              WHERE contact_id = ?1 AND occurred_ts >= ?2
              ORDER BY occurred_ts, entry_id",
        )?;
        let facts = stmt
            .query_map(params![contact, since.timestamp()], |r| {
                let day = r.get_ref(0)?.as_str().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?;
                // A day that makes no sense is the store's error, not SQLite's: kept for below.
                Ok((
                    super::parse_day(day),
                    r.get::<_, bool>(1)?,
                    r.get::<_, Option<i8>>(2)?,
                    Signals {
                        trust: r.get(3)?,
                        sympathy: r.get(4)?,
                        competence: r.get(5)?,
                        longterm: r.get(6)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        facts
            .into_iter()
            .map(|(date, is_touch, mood, signals)| {
                Ok(crate::domain::pillars::EntryFact {
                    date: date?,
                    is_touch,
                    mood,
                    signals,
                })
            })
            .collect()
    }
}
