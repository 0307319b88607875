//! Bulk reading and writing for export and import: entries streamed in id order, imports applied in one
//! transaction (rolled back for a dry run).

use super::contacts::{insert_contact, load_contact, refresh_touch_summary, update_contact_in};
use super::entries::{ENTRY_COLUMNS, entry_from_row, finish_entry, insert_entry};
use super::promises::insert_promise;
use super::{Result, Store, StoreError, format_instant};
use crate::domain::model::{CardProperty, Contact, Entry, Id, Promise};
use crate::text::normalize_line_endings;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};

/// The full-text index's pending-terms limit while [`BulkEntries`] fills it.
const IMPORT_FTS_HASH_BYTES: i64 = 64 << 20;

/// SQLite's own default for it, restored when an import finishes.
const DEFAULT_FTS_HASH_BYTES: i64 = 1 << 20;

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
    /// Records of the file the journal already held (an import with `merge`): not written again.
    pub already: usize,
}

impl Store {
    /// Streams entries (all, or one contact's) in id order into `sink`.
    pub fn export_entries(&self, contact: Option<Id>, sink: &mut dyn ExportSink) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM entries e
              WHERE ?1 IS NULL OR e.id IN (SELECT entry_id FROM entry_contacts WHERE contact_id = ?1)
              ORDER BY e.id"
        ))?;
        let mut rows = stmt.query([contact])?;
        while let Some(row) = rows.next()? {
            let loaded = finish_entry(entry_from_row(row)?)?;
            sink.entry(&loaded.entry).map_err(|source| StoreError::Io {
                action: "cannot write the export",
                path: String::new(),
                source,
            })?;
        }
        Ok(())
    }

    /// True when the journal holds nothing yet (an import then keeps the file's ids).
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM contacts) AND NOT EXISTS (SELECT 1 FROM entries)
                    AND NOT EXISTS (SELECT 1 FROM promises) AND NOT EXISTS (SELECT 1 FROM companies)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Starts an import: records are then written one at a time as they are read, all in one
    /// transaction that [`Import::finish`] commits (or rolls back for a dry run). Into an empty journal
    /// the file's ids are kept; otherwise new ids are given and the links follow them.
    /// With `merge`, a record the journal already holds (the same contact, the same entry with the same
    /// people, the same promise) is not written again but linked to, so the same file twice changes
    /// nothing.
    pub fn begin_import(&mut self, merge: bool) -> Result<Import<'_>> {
        let keep_ids = self.is_empty()?;
        // Index pages of a large import are rewritten many times; a bigger cache keeps them from being
        // spilled to the log over and over. A ceiling, not an allocation; it stays with this connection.
        self.conn.execute_batch("PRAGMA cache_size = -131072;")?;
        let tx = self.write_transaction()?;
        let bulk = BulkEntries::begin(&tx, keep_ids)?;
        Ok(Import {
            tx,
            bulk,
            keep_ids,
            merge: merge && !keep_ids,
            contact_ids: HashMap::new(),
            company_ids: HashMap::new(),
            relations: Vec::new(),
            entry_ids: HashMap::new(),
            promise_ids: HashSet::new(),
            counts: ImportCounts::default(),
        })
    }
}

/// An import in progress (see [`Store::begin_import`]). Links name records by their ids in the file; a
/// record must come after the records it links to. Dropped without [`Import::finish`], nothing is kept.
pub struct Import<'s> {
    tx: rusqlite::Transaction<'s>,
    bulk: BulkEntries,
    keep_ids: bool,
    /// Records the journal already holds are linked to, not written again.
    merge: bool,
    /// File id → journal id.
    contact_ids: HashMap<Id, Id>,
    /// File id → journal id.
    company_ids: HashMap<Id, Id>,
    /// (journal contact, file company, file introducer) of each imported contact that names them,
    /// applied when all records are in (an introducer may come later in the file).
    relations: Vec<(Id, Option<Id>, Option<Id>)>,
    /// File id → journal id.
    entry_ids: HashMap<Id, Id>,
    promise_ids: HashSet<Id>,
    counts: ImportCounts,
}

impl Import<'_> {
    /// True when a contact with this file id was imported already.
    pub fn has_contact(&self, file_id: Id) -> bool {
        self.contact_ids.contains_key(&file_id)
    }

    /// True when an entry with this file id was imported already.
    pub fn has_entry(&self, file_id: Id) -> bool {
        self.entry_ids.contains_key(&file_id)
    }

    /// True when a promise with this file id was imported already.
    pub fn has_promise(&self, file_id: Id) -> bool {
        self.promise_ids.contains(&file_id)
    }

    /// True when a company with this file id was imported already.
    pub fn has_company(&self, file_id: Id) -> bool {
        self.company_ids.contains_key(&file_id)
    }

    /// Writes a company (its `id` is the file's): into a journal that has one of the same folded
    /// name, its fields are taken over (with `merge`, the journal's stay).
    pub fn company(&mut self, c: &crate::domain::model::Company) -> Result<()> {
        let id = super::companies::import_company(&self.tx, c, self.keep_ids, self.merge)?;
        self.company_ids.insert(c.id, id);
        Ok(())
    }

    /// Records, for a contact of the file, the company and the contact who introduced them (file
    /// ids); both are linked when [`Import::finish`] runs.
    pub fn relate(
        &mut self,
        contact: Id,
        company: Option<Id>,
        introduced_by: Option<Id>,
    ) -> Result<()> {
        if company.is_some() || introduced_by.is_some() {
            let journal = self.journal_contact(contact)?;
            self.relations.push((journal, company, introduced_by));
        }
        Ok(())
    }

    /// Writes a contact (its `id` is the file's).
    pub fn contact(&mut self, c: &Contact) -> Result<()> {
        self.contact_with_card(c, &[])
    }

    /// Writes a contact (its `id` is the file's) with its kept card properties; a contact the
    /// journal already holds (with `merge`) keeps its own.
    pub fn contact_with_card(&mut self, c: &Contact, card: &[CardProperty]) -> Result<()> {
        if let Some(id) = self.held(|tx| existing_contact(tx, c))? {
            self.contact_ids.insert(c.id, id);
            return Ok(());
        }
        let new_id = insert_contact(&self.tx, c, self.keep_ids)?;
        if !card.is_empty() {
            super::card::write_card(&self.tx, new_id, card)?;
        }
        self.contact_ids.insert(c.id, new_id);
        self.counts.contacts += 1;
        Ok(())
    }

    /// Writes an entry whose `id` and `contacts` are the file's.
    pub fn entry(&mut self, e: &Entry) -> Result<()> {
        let mut mapped = e.clone();
        mapped.contacts = e
            .contacts
            .iter()
            .map(|c| self.journal_contact(*c))
            .collect::<Result<_>>()?;
        if let Some(id) = self.held(|tx| existing_entry(tx, &mapped))? {
            self.entry_ids.insert(e.id, id);
            return Ok(());
        }
        let new_id = insert_entry(&self.tx, &mapped, self.keep_ids)?;
        self.entry_ids.insert(e.id, new_id);
        self.counts.entries += 1;
        self.counts.links += mapped.contacts.len();
        Ok(())
    }

    /// Writes a promise whose `id`, `contact` and `entry` are the file's.
    pub fn promise(&mut self, p: &Promise) -> Result<()> {
        let mut mapped = p.clone();
        mapped.contact = self.journal_contact(p.contact)?;
        mapped.entry = match p.entry {
            Some(e) => Some(*self.entry_ids.get(&e).ok_or(StoreError::NotFound {
                what: "entry",
                id: e,
            })?),
            None => None,
        };
        if self.held(|tx| existing_promise(tx, &mapped))?.is_some() {
            self.promise_ids.insert(p.id);
            return Ok(());
        }
        insert_promise(&self.tx, &mapped, self.keep_ids)?;
        self.promise_ids.insert(p.id);
        self.counts.promises += 1;
        Ok(())
    }

    /// In a merge, the journal's record that `find` finds (counted as already there).
    fn held(
        &mut self,
        find: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<Option<Id>>,
    ) -> Result<Option<Id>> {
        if !self.merge {
            return Ok(None);
        }
        let found = find(&self.tx)?;
        self.counts.already += usize::from(found.is_some());
        Ok(found)
    }

    fn journal_contact(&self, file_id: Id) -> Result<Id> {
        self.contact_ids
            .get(&file_id)
            .copied()
            .ok_or(StoreError::NotFound {
                what: "contact",
                id: file_id,
            })
    }

    /// Brings the imported contacts' summaries up to date and commits, or rolls everything back for a
    /// dry run; either way says what the import wrote (or would have written).
    pub fn finish(self, dry_run: bool) -> Result<ImportCounts> {
        for (contact, company, introducer) in &self.relations {
            let company = company
                .map(|c| {
                    self.company_ids
                        .get(&c)
                        .copied()
                        .ok_or(StoreError::NotFound {
                            what: "company",
                            id: c,
                        })
                })
                .transpose()?;
            let introducer = introducer.map(|i| self.journal_contact(i)).transpose()?;
            super::companies::relate(&self.tx, *contact, company, introducer)?;
        }
        if !self.relations.is_empty() {
            super::companies::prune_companies(&self.tx, None)?;
        }
        for id in self.contact_ids.values() {
            refresh_touch_summary(&self.tx, *id)?;
        }
        self.bulk.end(&self.tx)?;
        if dry_run {
            self.tx.rollback()?;
        } else {
            self.tx.commit()?;
        }
        Ok(self.counts)
    }
}

/// Many entries written in one transaction without the per-row insert triggers. Every INSERT that
/// fires a trigger opens a statement savepoint, and at each savepoint FTS5 writes its pending terms out
/// as a new segment, which it then keeps merging: most of a large import's time. So the search index's
/// insert trigger (and the entry count's) is dropped for the transaction, and [`BulkEntries::end`]
/// indexes the new entries in one statement, recounts, and re-creates the triggers from their own
/// text. All inside the transaction: one that fails or is rolled back leaves the schema as it was.
/// The sync trigger on new links has nothing to do here either: the links are of new entries, which
/// have no sync record yet.
struct BulkEntries {
    /// `CREATE TRIGGER` texts of the dropped triggers.
    triggers: Vec<String>,
    /// The first id of the new entries (all of which still need indexing).
    new_from: Id,
    /// The first id of the new promises (the same).
    new_promises_from: Id,
}

impl BulkEntries {
    /// Drops the insert triggers. `all_new`: the journal had no entries, whatever ids come.
    fn begin(tx: &rusqlite::Transaction<'_>, all_new: bool) -> Result<BulkEntries> {
        let triggers = tx
            .prepare(
                "SELECT sql FROM sqlite_master
                  WHERE type = 'trigger'
                    AND name IN ('entries_search_insert', 'entries_search_people_insert',
                                 'promises_search_insert', 'entry_total_insert',
                                 'sync_entry_link_insert')",
            )?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // New rows get ids above the largest, unless the import keeps the file's ids.
        let (new_from, new_promises_from) = if all_new {
            (Id::MIN, Id::MIN)
        } else {
            tx.query_row(
                "SELECT (SELECT coalesce(max(id), 0) + 1 FROM entries),
                        (SELECT coalesce(max(id), 0) + 1 FROM promises)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
        };
        tx.execute_batch(
            "DROP TRIGGER entries_search_insert; DROP TRIGGER entries_search_people_insert;
             DROP TRIGGER promises_search_insert; DROP TRIGGER entry_total_insert;
             DROP TRIGGER sync_entry_link_insert;",
        )?;
        Ok(BulkEntries {
            triggers,
            new_from,
            new_promises_from,
        })
    }

    /// Does what the dropped triggers would have done, then puts them back.
    fn end(&self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        // One statement, so FTS5 writes a segment only when 64 MB of terms are pending.
        tx.execute(
            "INSERT INTO entries_search (entries_search, rank) VALUES ('hashsize', ?1)",
            [IMPORT_FTS_HASH_BYTES],
        )?;
        tx.execute(
            "INSERT INTO entries_search (rowid, trigrams)
             SELECT id, rapport_trigrams(folded) FROM entry_search_text WHERE id >= ?1 ORDER BY id",
            [self.new_from],
        )?;
        tx.execute(
            "INSERT INTO promises_search (rowid, trigrams)
             SELECT id, rapport_trigrams(folded) FROM promise_search_text WHERE id >= ?1 ORDER BY id",
            [self.new_promises_from],
        )?;
        tx.execute(
            "INSERT INTO entries_search (entries_search, rank) VALUES ('hashsize', ?1)",
            [DEFAULT_FTS_HASH_BYTES],
        )?;
        tx.execute_batch("UPDATE entry_total SET n = (SELECT count(*) FROM entries)")?;
        for trigger in &self.triggers {
            tx.execute_batch(trigger)?;
        }
        Ok(())
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
    /// Writes entries from another journal in one transaction (see [`ForeignImport`]).
    pub fn import_foreign(
        &mut self,
        entries: &[ForeignEntry],
        created_at: &chrono::DateTime<chrono::FixedOffset>,
        dry_run: bool,
        mut progress: impl FnMut(usize),
    ) -> Result<ForeignCounts> {
        let mut import = self.begin_foreign_import(*created_at)?;
        for (index, item) in entries.iter().enumerate() {
            import.entry(item)?;
            if index % 1000 == 0 {
                progress(index);
            }
        }
        import.finish(dry_run)
    }

    /// Starts writing entries from another journal, one at a time as they are read, in one
    /// transaction that [`ForeignImport::finish`] commits (or rolls back for a dry run). Contacts the
    /// entries name are created at `created_at`; entries that are already there (same time, title and
    /// text) are skipped, so that importing the same file twice changes nothing.
    pub fn begin_foreign_import(
        &mut self,
        created_at: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<ForeignImport<'_>> {
        let tx = self.write_transaction()?;
        let bulk = BulkEntries::begin(&tx, false)?;
        Ok(ForeignImport {
            tx,
            bulk,
            created_at,
            counts: ForeignCounts::default(),
            created: HashMap::new(),
            touched: HashSet::new(),
        })
    }
}

/// Entries from another journal being written (see [`Store::begin_foreign_import`]). Dropped without
/// [`ForeignImport::finish`], nothing is kept.
pub struct ForeignImport<'s> {
    tx: rusqlite::Transaction<'s>,
    bulk: BulkEntries,
    created_at: chrono::DateTime<chrono::FixedOffset>,
    counts: ForeignCounts,
    /// Contacts created for names, by name.
    created: HashMap<String, Id>,
    touched: HashSet<Id>,
}

impl ForeignImport<'_> {
    /// Writes one entry, creating the contacts it names (once however many entries name them), unless
    /// the same entry is already there.
    pub fn entry(&mut self, item: &ForeignEntry) -> Result<()> {
        let mut entry = item.entry.clone();
        for name in &item.new_contacts {
            let id = match self.created.get(name) {
                Some(id) => *id,
                None => {
                    let contact = Contact::new(name, self.created_at);
                    let id = insert_contact(&self.tx, &contact, false)?;
                    self.created.insert(name.clone(), id);
                    self.counts.contacts += 1;
                    id
                }
            };
            if !entry.contacts.contains(&id) {
                entry.contacts.push(id);
            }
        }
        let exists = already_there(&self.tx, &entry)?;
        if exists {
            self.counts.duplicates += 1;
            return Ok(());
        }
        insert_entry(&self.tx, &entry, false)?;
        self.touched.extend(entry.contacts.iter().copied());
        self.counts.entries += 1;
        Ok(())
    }

    /// Brings the touched contacts' summaries up to date and commits, or rolls everything back for a
    /// dry run; either way says what was written (or would have been).
    pub fn finish(self, dry_run: bool) -> Result<ForeignCounts> {
        for id in &self.touched {
            refresh_touch_summary(&self.tx, *id)?;
        }
        self.bulk.end(&self.tx)?;
        if dry_run {
            self.tx.rollback()?;
        } else {
            self.tx.commit()?;
        }
        Ok(self.counts)
    }
}

/// True when the journal has an entry with the same title and text at the same moment, or at the same
/// wall-clock time placed in another zone (a file without zones, imported again under another `TZ`):
/// at most 26 hours apart, the distance between the zones furthest apart. The exact moment is asked
/// first, through the index alone.
fn already_there(tx: &rusqlite::Transaction<'_>, entry: &Entry) -> Result<bool> {
    let (ts, body, title) = (entry.occurred_at.timestamp(), &entry.body, &entry.title);
    let exact: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM entries WHERE occurred_ts = ?1 AND body = ?2
                             AND coalesce(title, '') = coalesce(?3, ''))",
        )?
        .query_row(rusqlite::params![ts, body, title], |r| r.get(0))?;
    if exact {
        return Ok(true);
    }
    let instant = format_instant(&entry.occurred_at);
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM entries
                             WHERE occurred_ts BETWEEN ?1 - 93600 AND ?1 + 93600
                               AND substr(occurred_at, 1, 19) = ?4
                               AND body = ?2 AND coalesce(title, '') = coalesce(?3, ''))",
        )?
        .query_row(rusqlite::params![ts, body, title, instant.get(..19)], |r| {
            r.get(0)
        })?)
}

/// The key an address-book import finds people by their email with: trimmed and lower-cased; `None`
/// for no email (or only spaces).
pub fn email_key(email: Option<&str>) -> Option<String> {
    let email = email.map_or("", str::trim);
    (!email.is_empty()).then(|| email.to_lowercase())
}

/// The key an address-book import finds people by their LinkedIn profile with: the address on the
/// first notes line "LinkedIn: URL" (as LinkedIn imports write it), lower-cased, without scheme,
/// host, query or trailing slash (`in/anjula-batra`); `None` when the notes name no profile.
pub fn profile_key(notes: Option<&str>) -> Option<String> {
    let url = notes?.lines().find_map(|line| {
        let line = line.trim();
        let (label, rest) = (line.get(..9)?, line.get(9..)?);
        label.eq_ignore_ascii_case("linkedin:").then(|| rest.trim())
    })?;
    let url = url.to_lowercase();
    let path = url
        .split_once("linkedin.com/")
        .map_or(url.as_str(), |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_end_matches('/');
    (!path.is_empty()).then(|| path.to_string())
}

/// The key for a company: folded like names (see [`crate::text::fold`]); `""` for none.
fn company_key(company: Option<&str>) -> String {
    crate::text::fold(company.map_or("", str::trim))
}

/// The [`email_key`] of a kept card property that is an EMAIL (`item1.EMAIL` too), of its plain
/// value; `None` for other properties.
pub(super) fn card_email_key(name: String, value: String) -> Option<String> {
    let property = crate::domain::model::CardProperty {
        name,
        params: String::new(),
        value,
    };
    if !property.base_name().eq_ignore_ascii_case("EMAIL") {
        return None;
    }
    email_key(Some(&property.plain_value()))
}

/// Indexes an address-book import looks people up with, made inside its transaction and dropped
/// before it ends, so that no other connection ever sees them (they use functions only this
/// connection defines).
const IMPORT_INDEXES: &str = "
    CREATE INDEX import_contacts_email ON contacts (rapport_email_key(email));
    CREATE INDEX import_contacts_name
        ON contacts (name_fold, rapport_company_key(company), rapport_email_key(email) IS NULL);
    CREATE INDEX import_contacts_profile ON contacts (rapport_profile_key(notes));
    CREATE INDEX import_card_email ON contact_properties (rapport_card_email_key(name, value));";

/// Removes them again.
const DROP_IMPORT_INDEXES: &str =
    "DROP INDEX import_contacts_email; DROP INDEX import_contacts_name;
     DROP INDEX import_contacts_profile; DROP INDEX import_card_email;";

/// Defines the key functions the import indexes use, on this connection.
pub(super) fn define_key_functions(conn: &rusqlite::Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("rapport_email_key", 1, flags, |ctx| {
        Ok(email_key(ctx.get::<Option<String>>(0)?.as_deref()))
    })?;
    conn.create_scalar_function("rapport_profile_key", 1, flags, |ctx| {
        Ok(profile_key(ctx.get::<Option<String>>(0)?.as_deref()))
    })?;
    conn.create_scalar_function("rapport_card_email_key", 2, flags, |ctx| {
        Ok(card_email_key(ctx.get(0)?, ctx.get(1)?))
    })?;
    conn.create_scalar_function("rapport_company_key", 1, flags, |ctx| {
        Ok(company_key(ctx.get::<Option<String>>(0)?.as_deref()))
    })?;
    Ok(())
}

impl Store {
    /// Starts an address-book import (vCard, LinkedIn): contacts are looked up, added and changed one
    /// at a time in one transaction that [`AddressBookImport::finish`] commits (or rolls back for a
    /// dry run), so a refused file changes nothing. Lookups go through indexes that live only as
    /// long as the transaction, so that memory does not grow with the file.
    pub fn begin_address_book_import(&mut self) -> Result<AddressBookImport<'_>> {
        define_key_functions(&self.conn)?;
        let tx = self.write_transaction()?;
        tx.execute_batch(IMPORT_INDEXES)?;
        let last_known = tx.query_row("SELECT coalesce(max(id), 0) FROM contacts", [], |r| {
            r.get(0)
        })?;
        Ok(AddressBookImport { tx, last_known })
    }
}

/// An address-book import in progress (see [`Store::begin_address_book_import`]). Dropped without
/// [`AddressBookImport::finish`], nothing is kept.
pub struct AddressBookImport<'s> {
    tx: rusqlite::Transaction<'s>,
    last_known: Id,
}

impl AddressBookImport<'_> {
    /// The import's transaction, for the statements of other store modules.
    pub(super) fn connection(&self) -> &Connection {
        &self.tx
    }

    /// The highest contact id before the import: contacts it creates get higher ones.
    pub fn last_known(&self) -> Id {
        self.last_known
    }

    /// Contacts whose [`email_key`] is `email`, or who have a kept EMAIL card property with that
    /// key: the journal's by folded name and id, then the ones this import created, by id.
    pub fn ids_with_email(&self, email: &str) -> Result<Vec<Id>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id FROM contacts
              WHERE rapport_email_key(email) = ?1
                 OR id IN (SELECT contact_id FROM contact_properties
                            WHERE rapport_card_email_key(name, value) = ?1)
              ORDER BY id > ?2, CASE WHEN id > ?2 THEN '' ELSE name_fold END, id",
        )?;
        let ids = stmt
            .query_map(rusqlite::params![email, self.last_known], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<Id>>>()?;
        Ok(ids)
    }

    /// Contacts with this folded name and company key, by id; with `without_email` only those
    /// without an email.
    pub fn ids_with_name(&self, name: &str, company: &str, without_email: bool) -> Result<Vec<Id>> {
        let sql = if without_email {
            "SELECT id FROM contacts
              WHERE name_fold = ?1 AND rapport_company_key(company) = ?2
                AND (rapport_email_key(email) IS NULL) = 1
              ORDER BY id"
        } else {
            "SELECT id FROM contacts WHERE name_fold = ?1 AND rapport_company_key(company) = ?2
              ORDER BY id"
        };
        let ids = self
            .tx
            .prepare_cached(sql)?
            .query_map(rusqlite::params![name, company], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<Id>>>()?;
        Ok(ids)
    }

    /// Contacts whose notes name the LinkedIn profile with this [`profile_key`], by id.
    pub fn ids_with_profile(&self, profile: &str) -> Result<Vec<Id>> {
        let ids = self
            .tx
            .prepare_cached(
                "SELECT id FROM contacts WHERE rapport_profile_key(notes) = ?1 ORDER BY id",
            )?
            .query_map([profile], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<Id>>>()?;
        Ok(ids)
    }

    /// The contact with this id, with its tags, as the import has left it so far.
    pub fn contact(&self, id: Id) -> Result<Contact> {
        Ok(load_contact(&self.tx, id)?.0)
    }

    /// Adds a contact (its id is ignored); returns the new id.
    pub fn create(&self, contact: &Contact) -> Result<Id> {
        insert_contact(&self.tx, contact, false)
    }

    /// Writes every field of a contact (its id names the row).
    pub fn update(&self, contact: &Contact) -> Result<()> {
        update_contact_in(&self.tx, contact)
    }

    /// Drops the lookup indexes and commits, or rolls everything back for a dry run.
    pub fn finish(self, dry_run: bool) -> Result<()> {
        if dry_run {
            self.tx.rollback()?;
        } else {
            self.tx.execute_batch(DROP_IMPORT_INDEXES)?;
            self.tx.commit()?;
        }
        Ok(())
    }
}

/// The journal's contact with the same name, company and email as `c`, if there is one.
fn existing_contact(conn: &Connection, c: &Contact) -> Result<Option<Id>> {
    // Compared as the store writes them.
    fn written(t: &Option<String>) -> Option<std::borrow::Cow<'_, str>> {
        t.as_deref().map(normalize_line_endings)
    }
    Ok(conn
        .prepare_cached(
            "SELECT id FROM contacts WHERE name = ?1 AND company IS ?2 AND email IS ?3 ORDER BY id LIMIT 1",
        )?
        .query_row(
            params![normalize_line_endings(&c.name), written(&c.company), written(&c.email)],
            |r| r.get(0),
        )
        .optional()?)
}

/// The journal's entry at the same instant, of the same kind, with the same title, text and people as
/// `e` (whose contacts are the journal's ids), if there is one.
fn existing_entry(conn: &Connection, e: &Entry) -> Result<Option<Id>> {
    let candidates: Vec<Id> = conn
        .prepare_cached(
            "SELECT id FROM entries WHERE occurred_ts = ?1 AND occurred_at = ?2 AND kind = ?3
                AND title IS ?4 AND body = ?5",
        )?
        .query_map(
            params![
                e.occurred_at.timestamp(),
                super::format_instant(&e.occurred_at),
                e.kind.as_str(),
                e.title.as_deref().map(normalize_line_endings),
                normalize_line_endings(&e.body),
            ],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut people = e.contacts.clone();
    people.sort_unstable();
    for id in candidates {
        let mut held: Vec<Id> = super::entries::contacts_of(conn, id)?
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        held.sort_unstable();
        if held == people {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The journal's promise to or from the same contact, by the same side, with the same text, due date
/// and entry as `p` (whose links are the journal's ids), if there is one.
fn existing_promise(conn: &Connection, p: &Promise) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM promises WHERE contact_id = ?1 AND owner = ?2 AND text = ?3
                AND due IS ?4 AND entry_id IS ?5 ORDER BY id LIMIT 1",
        )?
        .query_row(
            params![
                p.contact,
                p.owner.as_str(),
                normalize_line_endings(&p.text),
                p.due.map(super::format_day),
                p.entry,
            ],
            |r| r.get(0),
        )
        .optional()?)
}
