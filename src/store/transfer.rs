//! Bulk reading and writing for export and import: entries streamed in id order, imports applied in one
//! transaction (rolled back for a dry run).

use super::contacts::{insert_contact, refresh_touch_summary};
use super::entries::{entry_from_row, insert_entry, load_rows};
use super::promises::insert_promise;
use super::{Result, Store, StoreError};
use crate::domain::model::{Contact, Entry, Id, Promise};
use std::collections::HashMap;

/// Receives entries one at a time during an export, so that no export holds the journal in memory.
pub trait ExportSink {
    /// Called once per entry, in id order.
    fn entry(&mut self, entry: &Entry) -> std::io::Result<()>;
}

/// What an import created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Contacts created.
    pub contacts: usize,
    /// Entries created.
    pub entries: usize,
    /// Links between entries and contacts created.
    pub links: usize,
    /// Promises created.
    pub promises: usize,
}

impl Store {
    /// Streams entries (all, or one contact's) in id order into `sink`.
    pub fn export_entries(&self, contact: Option<Id>, sink: &mut dyn ExportSink) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.occurred_at, e.kind, e.title, e.body, e.mood, e.initiative,
                    e.signal_trust, e.signal_sympathy, e.signal_competence, e.signal_longterm
               FROM entries e
              WHERE ?1 IS NULL OR e.id IN (SELECT entry_id FROM entry_contacts WHERE contact_id = ?1)
              ORDER BY e.id",
        )?;
        let mut rows = stmt.query([contact])?;
        while let Some(row) = rows.next()? {
            let raw = entry_from_row(row)?;
            for loaded in load_rows(&self.conn, vec![raw])? {
                sink.entry(&loaded.entry).map_err(|source| StoreError::Io {
                    action: "cannot write the export",
                    path: String::new(),
                    source,
                })?;
            }
        }
        Ok(())
    }

    /// True when the journal holds nothing yet (an import then keeps the file's ids).
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM contacts) AND NOT EXISTS (SELECT 1 FROM entries)
                    AND NOT EXISTS (SELECT 1 FROM promises)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Imports contacts, entries and promises whose ids link them within the batch, in one transaction.
    /// Into an empty journal the ids are kept; otherwise new ids are given and the links follow them.
    /// With `dry_run` everything is checked and counted, then rolled back.
    pub fn import(
        &mut self,
        contacts: &[Contact],
        entries: &[Entry],
        promises: &[Promise],
        dry_run: bool,
        mut progress: impl FnMut(usize),
    ) -> Result<ImportCounts> {
        let keep_ids = self.is_empty()?;
        let tx = self.write_transaction()?;
        let mut counts = ImportCounts::default();
        let mut contact_ids: HashMap<Id, Id> = HashMap::with_capacity(contacts.len());
        for c in contacts {
            let new_id = insert_contact(&tx, c, keep_ids)?;
            contact_ids.insert(c.id, new_id);
            counts.contacts += 1;
        }
        let mut entry_ids: HashMap<Id, Id> = HashMap::with_capacity(entries.len());
        for (index, e) in entries.iter().enumerate() {
            let mut mapped = e.clone();
            mapped.contacts = e
                .contacts
                .iter()
                .map(|c| {
                    contact_ids.get(c).copied().ok_or(StoreError::NotFound {
                        what: "contact",
                        id: *c,
                    })
                })
                .collect::<Result<_>>()?;
            let new_id = insert_entry(&tx, &mapped, keep_ids)?;
            entry_ids.insert(e.id, new_id);
            counts.entries += 1;
            counts.links += mapped.contacts.len();
            if index % 1000 == 0 {
                progress(index);
            }
        }
        for p in promises {
            let mut mapped = p.clone();
            mapped.contact = *contact_ids.get(&p.contact).ok_or(StoreError::NotFound {
                what: "contact",
                id: p.contact,
            })?;
            mapped.entry = match p.entry {
                Some(e) => Some(*entry_ids.get(&e).ok_or(StoreError::NotFound {
                    what: "entry",
                    id: e,
                })?),
                None => None,
            };
            insert_promise(&tx, &mapped, keep_ids)?;
            counts.promises += 1;
        }
        for id in contact_ids.values() {
            refresh_touch_summary(&tx, *id)?;
        }
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(counts)
    }
}

/// An entry from another journal, with the contacts it names that do not exist yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignEntry {
    /// The entry; `contacts` holds the ids of existing contacts.
    pub entry: Entry,
    /// Names of contacts to create for it (created once however many entries name them).
    pub new_contacts: Vec<String>,
}

/// What importing another journal did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForeignCounts {
    /// Contacts created.
    pub contacts: usize,
    /// Entries written.
    pub entries: usize,
    /// Entries skipped because the same entry is already there.
    pub duplicates: usize,
}

impl Store {
    /// Adds new contacts and updates changed ones in one transaction (vCard and LinkedIn imports);
    /// with `dry_run` nothing is kept.
    pub fn import_contacts(
        &mut self,
        new: &[Contact],
        changed: &[Contact],
        dry_run: bool,
    ) -> Result<()> {
        let tx = self.write_transaction()?;
        for c in new {
            insert_contact(&tx, c, false)?;
        }
        for c in changed {
            super::contacts::update_contact_in(&tx, c)?;
        }
        if dry_run {
            tx.rollback()?
        } else {
            tx.commit()?
        }
        Ok(())
    }

    /// Writes entries from another journal in one transaction, creating the contacts they name and
    /// skipping entries that are already there (same time, title and text), so that importing the same
    /// file twice changes nothing.
    pub fn import_foreign(
        &mut self,
        entries: &[ForeignEntry],
        created_at: &chrono::DateTime<chrono::FixedOffset>,
        dry_run: bool,
        mut progress: impl FnMut(usize),
    ) -> Result<ForeignCounts> {
        let tx = self.write_transaction()?;
        let mut counts = ForeignCounts::default();
        let mut created: HashMap<String, Id> = HashMap::new();
        let mut touched: std::collections::HashSet<Id> = std::collections::HashSet::new();
        for (index, item) in entries.iter().enumerate() {
            let mut entry = item.entry.clone();
            for name in &item.new_contacts {
                let id = match created.get(name) {
                    Some(id) => *id,
                    None => {
                        let id = insert_contact(&tx, &Contact::new(name, *created_at), false)?;
                        created.insert(name.clone(), id);
                        counts.contacts += 1;
                        id
                    }
                };
                if !entry.contacts.contains(&id) {
                    entry.contacts.push(id);
                }
            }
            let exists: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM entries WHERE occurred_ts = ?1 AND body = ?2
                                     AND coalesce(title, '') = coalesce(?3, ''))",
                )?
                .query_row(
                    rusqlite::params![entry.occurred_at.timestamp(), entry.body, entry.title],
                    |r| r.get(0),
                )?;
            if exists {
                counts.duplicates += 1;
                continue;
            }
            insert_entry(&tx, &entry, false)?;
            touched.extend(entry.contacts.iter().copied());
            counts.entries += 1;
            if index % 1000 == 0 {
                progress(index);
            }
        }
        for id in touched {
            refresh_touch_summary(&tx, id)?;
        }
        if dry_run {
            tx.rollback()?
        } else {
            tx.commit()?
        }
        Ok(counts)
    }
}
