//! The private inbox: proposed touches waiting for the user, what the scans have read, and the senders
//! never to propose. Saving is idempotent by the proposal's key, so a rescan never proposes a message
//! twice; accepting writes a normal entry through the one path every entry takes.

use super::entries::add_entry_in;
use super::transfer::{card_email_key, define_key_functions, email_key};
use super::{Result, Store, StoreError, format_instant, parse_instant, word};
use crate::domain::model::{Entry, Id, Initiative, Kind, Signals};
use crate::inbox::{NewPerson, Proposal, Source};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};

/// A proposal as the inbox lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRow {
    /// Its id (what `inbox accept` takes).
    pub id: Id,
    /// (id, name) of each contact, in the proposal's order.
    pub contacts: Vec<(Id, String)>,
    /// Email or meeting.
    pub kind: Kind,
    /// When it happened.
    pub occurred_at: chrono::DateTime<chrono::FixedOffset>,
    /// Subject or event summary.
    pub title: Option<String>,
    /// Who wrote first that day.
    pub initiative: Option<Initiative>,
    /// Where it was found.
    pub source: Source,
}

/// Something a scan has read: a Maildir file name, an event UID, a piped message's id, or an mbox file
/// with the offset read up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenMark {
    /// Which kind of source.
    pub source: Source,
    /// The name, UID, id or path.
    pub origin: String,
    /// For an mbox file: the byte offset read up to.
    pub position: Option<u64>,
}

/// What saving a scan's proposals did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SavedProposals {
    /// Proposals new to the inbox.
    pub new: usize,
    /// Proposals it already had (open, accepted or ignored): not proposed again.
    pub known: usize,
    /// Proposals left out because every contact they name has an ignored address.
    pub ignored: usize,
}

/// The word a source is stored as.
pub fn source_word(source: Source) -> &'static str {
    match source {
        Source::Maildir => "maildir",
        Source::Mbox => "mbox",
        Source::Calendar => "calendar",
        Source::Piped => "piped",
    }
}

fn source_from(text: &str) -> Result<Source> {
    [
        Source::Maildir,
        Source::Mbox,
        Source::Calendar,
        Source::Piped,
    ]
    .into_iter()
    .find(|s| source_word(*s) == text)
    .ok_or_else(|| StoreError::Corrupt(format!("inbox source '{text}'")))
}

/// The contacts any ignored sender pattern matches (by their own email or a kept EMAIL card row).
fn ignored_contacts(conn: &Connection, pattern: Option<&str>) -> Result<HashSet<Id>> {
    define_key_functions(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id FROM contacts c, inbox_ignored_senders s
          WHERE (?1 IS NULL OR s.pattern = ?1) AND rapport_email_key(c.email) GLOB s.pattern
         UNION
         SELECT p.contact_id FROM contact_properties p, inbox_ignored_senders s
          WHERE (?1 IS NULL OR s.pattern = ?1) AND p.name LIKE '%EMAIL'
            AND rapport_card_email_key(p.name, p.value) GLOB s.pattern",
    )?;
    let ids = stmt
        .query_map([pattern], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The proposals of one day and thread: the one with `key`, and those made later for contacts it did
/// not name (keyed `key/ids`), with their state and contacts.
fn thread_proposals(conn: &Connection, key: &str) -> Result<Vec<(Id, bool, Vec<Id>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.state = 'open', x.contact_id FROM inbox_proposals p
           LEFT JOIN inbox_proposal_contacts x ON x.proposal_id = p.id
          WHERE p.key = ?1 OR (p.key > ?1 || '/' AND p.key < ?1 || '0')
          ORDER BY p.id, x.position",
    )?;
    let rows = stmt
        .query_map([key], |r| {
            Ok((r.get::<_, Id>(0)?, r.get::<_, bool>(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<(Id, bool, Option<Id>)>>>()?;
    let mut found: Vec<(Id, bool, Vec<Id>)> = Vec::new();
    for (id, open, contact) in rows {
        if found.last().is_none_or(|(last, ..)| *last != id) {
            found.push((id, open, Vec::new()));
        }
        if let (Some(contact), Some(last)) = (contact, found.last_mut()) {
            last.2.push(contact);
        }
    }
    Ok(found)
}

/// Links `contacts` to proposal `id` after those it names; those that no longer exist are passed over.
fn link_contacts(conn: &Connection, id: Id, contacts: &[Id]) -> Result<()> {
    let mut link = conn.prepare_cached(
        "INSERT OR IGNORE INTO inbox_proposal_contacts (proposal_id, contact_id, position)
         SELECT ?1, ?2, ?3 + coalesce((SELECT max(position) + 1 FROM inbox_proposal_contacts
                                        WHERE proposal_id = ?1), 0)
          WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ?2)",
    )?;
    for (position, contact) in (0i64..).zip(contacts) {
        link.execute(params![id, contact, position])?;
    }
    Ok(())
}

/// Saves one proposal of a day and thread: new when the inbox has none for it; else the contacts no
/// proposal of that day and thread named yet join the open one, or, when those were settled (accepted
/// or ignored), get a proposal of their own. True when a proposal was added.
pub(super) fn insert_proposal(conn: &Connection, p: &Proposal, contacts: &[Id]) -> Result<bool> {
    let known = thread_proposals(conn, &p.key)?;
    let missing: Vec<Id> = contacts
        .iter()
        .copied()
        .filter(|c| !known.iter().any(|(.., named)| named.contains(c)))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    if let Some((open, ..)) = known.iter().find(|(_, open, _)| *open) {
        link_contacts(conn, *open, &missing)?;
        return Ok(false);
    }
    let key = if known.is_empty() {
        p.key.clone()
    } else {
        let ids: Vec<String> = missing.iter().map(Id::to_string).collect();
        format!("{}/{}", p.key, ids.join(","))
    };
    let added = conn
        .prepare_cached(
            "INSERT INTO inbox_proposals (key, kind, occurred_at, title, initiative, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (key) DO NOTHING",
        )?
        .execute(params![
            key,
            p.kind.as_str(),
            format_instant(&p.occurred_at),
            p.title,
            p.initiative.as_str(),
            source_word(p.source),
        ])?;
    if added == 0 {
        return Ok(false);
    }
    let id = conn.last_insert_rowid();
    link_contacts(conn, id, &missing)?;
    // A contact deleted meanwhile leaves no empty proposal behind (the trigger needs a deleted link).
    conn.prepare_cached(
        "DELETE FROM inbox_proposals WHERE id = ?1
            AND NOT EXISTS (SELECT 1 FROM inbox_proposal_contacts WHERE proposal_id = ?1)",
    )?
    .execute([id])?;
    Ok(true)
}

fn mark_seen(conn: &Connection, seen: &[SeenMark]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO inbox_seen (source, origin, position) VALUES (?1, ?2, ?3)
         ON CONFLICT (source, origin) DO UPDATE SET position = excluded.position",
    )?;
    for mark in seen {
        let position = mark.position.map(|p| i64::try_from(p).unwrap_or(i64::MAX));
        stmt.execute(params![source_word(mark.source), mark.origin, position])?;
    }
    Ok(())
}

/// The open proposal `id`, or why it cannot be settled.
fn open_proposal(conn: &Connection, id: Id) -> Result<ProposalRow> {
    let state: Option<String> = conn
        .prepare_cached("SELECT state FROM inbox_proposals WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    match state.as_deref() {
        None => Err(StoreError::NotFound {
            what: "proposal",
            id,
        }),
        Some("open") => proposals(conn, Some(id))?
            .pop()
            .ok_or(StoreError::NotFound {
                what: "proposal",
                id,
            }),
        Some(_) => Err(StoreError::ProposalSettled { id }),
    }
}

/// Open proposals (all, or the one with `only`), oldest first.
fn proposals(conn: &Connection, only: Option<Id>) -> Result<Vec<ProposalRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.kind, p.occurred_at, p.title, p.initiative, p.source,
                (SELECT json_group_array(json_array(c.id, c.name) ORDER BY x.position)
                   FROM inbox_proposal_contacts x JOIN contacts c ON c.id = x.contact_id
                  WHERE x.proposal_id = p.id)
           FROM inbox_proposals p
          WHERE p.state = 'open' AND (?1 IS NULL OR p.id = ?1)
          ORDER BY p.occurred_at, p.id",
    )?;
    let raw = stmt
        .query_map([only], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter()
        .map(|(id, kind, at, title, initiative, source, contacts)| {
            Ok(ProposalRow {
                id,
                contacts: serde_json::from_str(&contacts)
                    .map_err(|_| StoreError::Corrupt(format!("contacts of proposal {id}")))?,
                kind: word(&kind)?,
                occurred_at: parse_instant(&at)?,
                title,
                initiative: initiative.as_deref().map(word).transpose()?,
                source: source_from(&source)?,
            })
        })
        .collect()
}

/// Writes the entry an open proposal stands for and marks it accepted (inside the caller's transaction).
fn accept_in(conn: &Connection, proposal: &ProposalRow) -> Result<Id> {
    let entry = Entry {
        id: 0,
        occurred_at: proposal.occurred_at,
        kind: proposal.kind,
        title: proposal.title.clone(),
        body: String::new(),
        contacts: proposal.contacts.iter().map(|(id, _)| *id).collect(),
        mood: None,
        initiative: proposal.initiative,
        signals: Signals::default(),
    };
    let entry_id = add_entry_in(conn, &entry, &[], &[])?;
    mark_accepted(conn, proposal.id, entry_id)?;
    Ok(entry_id)
}

/// Marks proposal `id` accepted as entry `entry_id`.
fn mark_accepted(conn: &Connection, id: Id, entry_id: Id) -> Result<()> {
    conn.prepare_cached(
        "UPDATE inbox_proposals SET state = 'accepted', entry_id = ?2 WHERE id = ?1",
    )?
    .execute([id, entry_id])?;
    Ok(())
}

impl Store {
    /// Saves a scan's proposals and what it read, in one transaction. A proposal's key is its day and
    /// thread: when the inbox has one for it (open, accepted or ignored), each contact is proposed once
    /// (those not named yet join the open proposal, or get their own when it was settled); contacts
    /// with an ignored address are left out, and a proposal left with nobody is not saved.
    pub fn save_inbox(&mut self, found: &[Proposal], seen: &[SeenMark]) -> Result<SavedProposals> {
        self.save_scan(found, &[], seen, chrono::NaiveDate::MIN)
    }

    /// [`Store::save_inbox`] together with the scan's correspondents who are no contact: their
    /// threads since `since` add up across scans (see [`Store::open_people`]).
    pub fn save_scan(
        &mut self,
        found: &[Proposal],
        people: &[NewPerson],
        seen: &[SeenMark],
        since: chrono::NaiveDate,
    ) -> Result<SavedProposals> {
        let tx = self.write_transaction()?;
        super::inbox_people::save_people(&tx, people, since)?;
        let ignored = ignored_contacts(&tx, None)?;
        let mut saved = SavedProposals::default();
        for proposal in found {
            let contacts: Vec<Id> = proposal
                .contacts
                .iter()
                .copied()
                .filter(|c| !ignored.contains(c))
                .collect();
            if contacts.is_empty() {
                saved.ignored += 1;
            } else if insert_proposal(&tx, proposal, &contacts)? {
                saved.new += 1;
            } else {
                saved.known += 1;
            }
        }
        mark_seen(&tx, seen)?;
        tx.commit()?;
        Ok(saved)
    }

    /// What scans have read from one kind of source (Maildir file names, event UIDs, message ids).
    pub fn inbox_seen(&self, source: Source) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT origin FROM inbox_seen WHERE source = ?1")?;
        let seen = stmt
            .query_map([source_word(source)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(seen)
    }

    /// True when a scan has read this message, event or file name.
    pub fn inbox_has_seen(&self, source: Source, origin: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM inbox_seen WHERE source = ?1 AND origin = ?2")?
            .exists(params![source_word(source), origin])?)
    }

    /// The byte offset an mbox file was read up to (0 when never).
    pub fn inbox_mbox_offset(&self, path: &str) -> Result<u64> {
        let position: Option<Option<i64>> = self
            .conn
            .prepare_cached(
                "SELECT position FROM inbox_seen WHERE source = 'mbox' AND origin = ?1",
            )?
            .query_row([path], |r| r.get(0))
            .optional()?;
        Ok(position
            .flatten()
            .map_or(0, |p| u64::try_from(p).unwrap_or(0)))
    }

    /// The open proposals, oldest first.
    pub fn open_proposals(&self) -> Result<Vec<ProposalRow>> {
        proposals(&self.conn, None)
    }

    /// How many proposals wait for the user (the app's header: "5 to confirm").
    pub fn open_proposal_count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM inbox_proposals WHERE state = 'open'",
            [],
            |r| r.get(0),
        )?)
    }

    /// Accepts open proposals: each becomes a normal entry (which resets its contacts' cadence clock as
    /// any touch does) and is marked accepted, all in one transaction. Returns the new entries' ids.
    pub fn accept_proposals(&mut self, ids: &[Id]) -> Result<Vec<Id>> {
        let tx = self.write_transaction()?;
        let mut entries = Vec::with_capacity(ids.len());
        for id in ids {
            let proposal = open_proposal(&tx, *id)?;
            entries.push(accept_in(&tx, &proposal)?);
        }
        tx.commit()?;
        Ok(entries)
    }

    /// Accepts the open proposal `id` as the entry the user made of it (the app's `e`: its contacts,
    /// kind, time, title and more changed, contacts to create and promises added): writes the entry
    /// and marks the proposal accepted with it, in one transaction. Returns the entry's id.
    pub fn accept_proposal_as(
        &mut self,
        id: Id,
        entry: &Entry,
        new_contacts: &[crate::domain::model::Contact],
        promises: &[super::NewPromise],
    ) -> Result<Id> {
        let tx = self.write_transaction()?;
        open_proposal(&tx, id)?;
        let entry_id = add_entry_in(&tx, entry, new_contacts, promises)?;
        mark_accepted(&tx, id, entry_id)?;
        tx.commit()?;
        Ok(entry_id)
    }

    /// Accepts every open proposal; returns the new entries' ids.
    pub fn accept_all_proposals(&mut self) -> Result<Vec<Id>> {
        let tx = self.write_transaction()?;
        let mut entries = Vec::new();
        for proposal in proposals(&tx, None)? {
            entries.push(accept_in(&tx, &proposal)?);
        }
        tx.commit()?;
        Ok(entries)
    }

    /// Ignores open proposals: they leave the inbox and are never proposed again.
    pub fn ignore_proposals(&mut self, ids: &[Id]) -> Result<()> {
        let tx = self.write_transaction()?;
        for id in ids {
            open_proposal(&tx, *id)?;
            tx.prepare_cached("UPDATE inbox_proposals SET state = 'ignored' WHERE id = ?1")?
                .execute([id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Never proposes touches with this address (a glob: `noreply@*`) again: open proposals about only
    /// such contacts are ignored, the others lose those contacts, and such people are no longer
    /// proposed as new contacts. Returns how many proposals (touches and people) were hidden.
    pub fn ignore_sender(&mut self, pattern: &str) -> Result<usize> {
        let pattern = pattern.trim().to_lowercase();
        let tx = self.write_transaction()?;
        tx.prepare_cached("INSERT OR IGNORE INTO inbox_ignored_senders (pattern) VALUES (?1)")?
            .execute([&pattern])?;
        let hit = ignored_contacts(&tx, Some(&pattern))?;
        let mut hidden = super::inbox_people::ignore_people(&tx, &pattern)?;
        for proposal in proposals(&tx, None)? {
            let (gone, kept): (Vec<Id>, Vec<Id>) = proposal
                .contacts
                .iter()
                .map(|(id, _)| *id)
                .partition(|c| hit.contains(c));
            if gone.is_empty() {
                continue;
            }
            hidden += 1;
            if kept.is_empty() {
                tx.prepare_cached("UPDATE inbox_proposals SET state = 'ignored' WHERE id = ?1")?
                    .execute([proposal.id])?;
                continue;
            }
            let mut unlink = tx.prepare_cached(
                "DELETE FROM inbox_proposal_contacts WHERE proposal_id = ?1 AND contact_id = ?2",
            )?;
            for contact in gone {
                unlink.execute([proposal.id, contact])?;
            }
        }
        tx.commit()?;
        Ok(hidden)
    }

    /// The sender patterns the user ignored (`inbox ignore-sender`), for the scan's rules.
    pub fn ignored_senders(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT pattern FROM inbox_ignored_senders ORDER BY pattern")?;
        let patterns = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(patterns)
    }

    /// Every email of every contact (their own and the kept EMAIL rows of their card), lower-cased, with
    /// the contacts that have it: how the scan finds whom a mail is about.
    pub fn email_contacts(&self) -> Result<HashMap<String, Vec<Id>>> {
        let mut map: HashMap<String, Vec<Id>> = HashMap::new();
        let mut own = self
            .conn
            .prepare_cached("SELECT id, email FROM contacts WHERE email IS NOT NULL")?;
        for row in own.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))? {
            let (id, email) = row?;
            if let Some(key) = email_key(Some(&email)) {
                map.entry(key).or_default().push(id);
            }
        }
        let mut card = self.conn.prepare_cached(
            "SELECT contact_id, name, value FROM contact_properties WHERE name LIKE '%EMAIL'",
        )?;
        for row in card.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get(1)?, r.get(2)?)))? {
            let (id, name, value) = row?;
            if let Some(key) = card_email_key(name, value) {
                map.entry(key).or_default().push(id);
            }
        }
        for ids in map.values_mut() {
            ids.sort_unstable();
            ids.dedup();
        }
        Ok(map)
    }
}
