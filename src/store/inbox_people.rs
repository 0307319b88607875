//! Frequent correspondents who are no contact, proposed as new contacts. Each scan adds the days of
//! threads it read with them (the newest few), so that threads found across scans add up; adding one
//! creates the contact and proposes those touches with them, in one transaction.

use super::contacts::insert_contact;
use super::inbox::{insert_proposal, source_word};
use super::{Result, Store, StoreError, format_instant, parse_instant, word};
use crate::domain::model::{Contact, Id};
use crate::inbox::rules::{NEW_PERSON_THREADS, PERSON_TOUCHES};
use crate::inbox::{NewPerson, Proposal};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

/// A correspondent proposed as a new contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    /// The address, lower case (what `inbox add-person` takes).
    pub email: String,
    /// The display name from the headers.
    pub name: Option<String>,
    /// In how many threads we wrote each other in the 90 days before the last scan.
    pub threads: usize,
    /// Their newest touch read.
    pub last_seen: DateTime<FixedOffset>,
}

/// What adding a person did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonAdded {
    /// The new contact.
    pub contact: Id,
    /// How many touches with them were proposed (or joined an open proposal of their thread).
    pub proposed: usize,
}

/// An instant in UTC, so that stored texts compare as times.
fn utc_text(at: &DateTime<FixedOffset>) -> String {
    format_instant(&at.to_utc().fixed_offset())
}

/// Remembers one scan's correspondents who are no contact, their newest touches (at most
/// [`PERSON_TOUCHES`] each) and their threads since `since` (inside the caller's transaction).
/// Those once added or ignored are only kept up to date, never proposed again.
pub(super) fn save_people(conn: &Connection, people: &[NewPerson], since: NaiveDate) -> Result<()> {
    let mut person = conn.prepare_cached(
        "INSERT INTO inbox_people (email, name, last_seen) VALUES (?1, ?2, ?3)
         ON CONFLICT (email) DO UPDATE SET name = coalesce(excluded.name, name),
                                           last_seen = max(last_seen, excluded.last_seen)",
    )?;
    let mut touch = conn.prepare_cached(
        "INSERT INTO inbox_person_touches (email, key, thread, occurred_at, title, initiative, source)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS
                (SELECT 1 FROM inbox_people WHERE email = ?1 AND state = 'open')
         ON CONFLICT (email, key) DO NOTHING",
    )?;
    let mut prune = conn.prepare_cached(
        "DELETE FROM inbox_person_touches WHERE email = ?1 AND key NOT IN
            (SELECT key FROM inbox_person_touches WHERE email = ?1
              ORDER BY occurred_at DESC, key LIMIT +?2)",
    )?;
    let mut count = conn.prepare_cached(
        "UPDATE inbox_people SET threads = max(?2,
            (SELECT count(DISTINCT thread) FROM inbox_person_touches
              WHERE email = ?1 AND occurred_at >= ?3))
          WHERE email = ?1",
    )?;
    let kept = i64::try_from(PERSON_TOUCHES).unwrap_or(i64::MAX);
    let since = since.to_string();
    for p in people {
        let Some(newest) = p.touches.iter().map(|t| t.proposal.occurred_at).max() else {
            continue;
        };
        person.execute(params![p.email, p.name, utc_text(&newest)])?;
        for t in &p.touches {
            let proposal = &t.proposal;
            touch.execute(params![
                p.email,
                proposal.key,
                t.thread,
                format_instant(&proposal.occurred_at),
                proposal.title,
                proposal.initiative.as_str(),
                source_word(proposal.source),
            ])?;
        }
        prune.execute(params![p.email, kept])?;
        let threads = i64::try_from(p.threads).unwrap_or(i64::MAX);
        count.execute(params![p.email, threads, since])?;
    }
    Ok(())
}

/// Ignores the open person proposals whose address matches `pattern` (a glob, lower case).
pub(super) fn ignore_people(conn: &Connection, pattern: &str) -> Result<usize> {
    let hidden = conn
        .prepare_cached(
            "UPDATE inbox_people SET state = 'ignored' WHERE state = 'open' AND email GLOB ?1",
        )?
        .execute([pattern])?;
    conn.prepare_cached(
        "DELETE FROM inbox_person_touches
          WHERE email IN (SELECT email FROM inbox_people WHERE state = 'ignored')",
    )?
    .execute([])?;
    Ok(hidden)
}

/// The touches kept with `email`, as proposals about `contact`.
fn person_touches(conn: &Connection, email: &str, contact: Id) -> Result<Vec<Proposal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, occurred_at, title, initiative, source FROM inbox_person_touches
          WHERE email = ?1 ORDER BY occurred_at, key",
    )?;
    let rows = stmt
        .query_map([email], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(key, at, title, initiative, source)| {
            Ok(Proposal {
                key,
                contacts: vec![contact],
                kind: crate::domain::model::Kind::Email,
                occurred_at: parse_instant(&at)?,
                title,
                initiative: word(&initiative)?,
                source: word(&source)?,
                origins: Vec::new(),
            })
        })
        .collect()
}

impl Store {
    /// The frequent correspondents who are no contact (>= 3 threads in the 90 days before the last
    /// scan that read them, seen within 90 days of `today`), most threads first.
    pub fn open_people(&self, today: NaiveDate) -> Result<Vec<PersonRow>> {
        let since = today - chrono::Duration::days(crate::inbox::rules::NEW_PERSON_DAYS);
        let mut stmt = self.conn.prepare_cached(
            "SELECT email, name, threads, last_seen FROM inbox_people
              WHERE state = 'open' AND threads >= ?1 AND last_seen >= ?2
              ORDER BY threads DESC, email",
        )?;
        let threshold = i64::try_from(NEW_PERSON_THREADS).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![threshold, since.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let contacts = self.email_contacts()?;
        rows.into_iter()
            .filter(|(email, ..)| !contacts.contains_key(email))
            .map(|(email, name, threads, last)| {
                Ok(PersonRow {
                    email,
                    name,
                    threads: usize::try_from(threads).unwrap_or(0),
                    last_seen: parse_instant(&last)?,
                })
            })
            .collect()
    }

    /// Adds the correspondent `email` waiting in the inbox as a contact (their name and email from the
    /// headers; the email when they gave no name), and proposes the touches with them that the scans
    /// kept, all in one transaction.
    pub fn add_person(&mut self, email: &str, now: DateTime<FixedOffset>) -> Result<PersonAdded> {
        let email = email.trim().to_lowercase();
        if self.email_contacts()?.contains_key(&email) {
            return Err(StoreError::NoNewPerson { email });
        }
        let tx = self.write_transaction()?;
        let name: Option<Option<String>> = tx
            .prepare_cached("SELECT name FROM inbox_people WHERE email = ?1 AND state = 'open'")?
            .query_row([&email], |r| r.get(0))
            .optional()?;
        let Some(name) = name else {
            return Err(StoreError::NoNewPerson { email });
        };
        let name = name.filter(|n| !n.trim().is_empty());
        let mut contact = Contact::new(name.as_deref().unwrap_or(&email), now);
        contact.email = Some(email.clone());
        let id = insert_contact(&tx, &contact, false)?;
        let mut proposed = 0;
        for proposal in person_touches(&tx, &email, id)? {
            insert_proposal(&tx, &proposal, &[id])?;
            proposed += 1;
        }
        tx.prepare_cached(
            "UPDATE inbox_people SET state = 'added', contact_id = ?2 WHERE email = ?1",
        )?
        .execute(params![email, id])?;
        tx.prepare_cached("DELETE FROM inbox_person_touches WHERE email = ?1")?
            .execute([&email])?;
        tx.commit()?;
        Ok(PersonAdded {
            contact: id,
            proposed,
        })
    }
}
