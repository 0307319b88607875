//! The JSON export format, version 1 (SPEC §5): types that read and write it, and the conversions to and
//! from the domain with a clear message for every invalid record.

use crate::domain::model::{CardProperty, Company, Contact, Entry, Id, Promise, Signals};
use crate::store::{ExportSink, Import, ImportCounts, Store, format_day, format_instant};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 2;

/// A contact as the file stores it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ContactRecord {
    /// Links entries and promises to this contact within the file.
    pub id: Id,
    /// Required.
    pub name: String,
    /// Optional fields follow; absent values are `null`.
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub role: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub email: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub phone: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub address_form: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub salutation: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub birthday: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub met_on: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub notes: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub tier: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub cadence_days: Option<u32>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub snoozed_until: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub archived: bool,
    /// Kept from assistants (the MCP server); written only when set, so other records read as before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    #[allow(missing_docs)]
    pub created_at: String,
    /// The kept properties of the contact's address card (see [`CardProperty`]), in order; left out
    /// when there are none, so that a journal without cards exports exactly as version 1 always did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub card: Vec<CardRecord>,
    /// Version 2: the id of the contact's company within the file; left out when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Id>,
    /// Version 2: the id of the contact who introduced them within the file; left out when nobody.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced_by: Option<Id>,
}

/// A company as the file stores it (version 2).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CompanyRecord {
    /// Links contacts to this company within the file.
    pub id: Id,
    /// Required; unique when folded.
    pub name: String,
    #[serde(default)]
    #[allow(missing_docs)]
    pub website: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub notes: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub key_account: bool,
}

/// The file's record of a company.
pub fn company_record(c: &Company) -> CompanyRecord {
    CompanyRecord {
        id: c.id,
        name: c.name.clone(),
        website: c.website.clone(),
        notes: c.notes.clone(),
        tags: c.tags.clone(),
        key_account: c.key_account,
    }
}

/// One kept card property as the file stores it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CardRecord {
    /// Group and name: `ADR`, `item1.URL`.
    pub name: String,
    /// Parameters as written, without the first `;`.
    #[serde(default)]
    pub params: String,
    /// The value in vCard escaping.
    pub value: String,
}

/// Pillar signals as the file stores them.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignalsRecord {
    #[serde(default)]
    #[allow(missing_docs)]
    pub trust: Option<i8>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub sympathy: Option<i8>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub competence: Option<i8>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub longterm: Option<i8>,
}

/// An entry as the file stores it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EntryRecord {
    /// Links promises to this entry within the file.
    pub id: Id,
    #[allow(missing_docs)]
    pub occurred_at: String,
    #[allow(missing_docs)]
    pub kind: String,
    #[serde(default)]
    #[allow(missing_docs)]
    pub title: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub body: Option<String>,
    /// Contact ids within the file.
    pub contacts: Vec<Id>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub mood: Option<i8>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub initiative: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub signals: Option<SignalsRecord>,
}

/// A promise as the file stores it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PromiseRecord {
    #[allow(missing_docs)]
    pub id: Id,
    /// Contact id within the file.
    pub contact: Id,
    /// Entry id within the file.
    #[serde(default)]
    pub entry: Option<Id>,
    #[allow(missing_docs)]
    pub owner: String,
    #[allow(missing_docs)]
    pub text: String,
    #[serde(default)]
    #[allow(missing_docs)]
    pub due: Option<String>,
    #[allow(missing_docs)]
    pub status: String,
    #[serde(default)]
    #[allow(missing_docs)]
    pub closed_at: Option<String>,
}

/// What is wrong with a file, with the place in it.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Not valid JSON, or the wrong shape.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde's description.
        message: String,
    },
    /// Not a rapport export.
    #[error("not a rapport export (the \"format\" field is not \"rapport\")")]
    NotRapport,
    /// No `format` field at all.
    #[error("{}", crate::i18n::t("import.no_format"))]
    NoFormat,
    /// A rapport export without its `version` field.
    #[error("{}", crate::i18n::t("import.no_version"))]
    NoVersion,
    /// Written by a newer rapport.
    #[error("format version {0} is newer than this rapport understands (up to {FORMAT_VERSION})")]
    NewerVersion(u32),
    /// One record is invalid.
    #[error("{record} {id}: {message}")]
    Record {
        /// "contact", "entry" or "promise".
        record: &'static str,
        /// Its id in the file.
        id: Id,
        /// What is wrong.
        message: String,
    },
}

fn syntax(e: &serde_json::Error) -> FormatError {
    let message = super::serde_message(e);
    FormatError::Syntax {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// Either the file is wrong or the journal could not take it.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file: syntax, version or a record.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// The journal refused a write.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The bytes are not UTF-8 text; the offset of the first bad byte.
    #[error("not UTF-8 text (byte {0})")]
    NotUtf8(u64),
    /// The file could not be read.
    #[error(transparent)]
    Read(std::io::Error),
    /// A whole export into a journal that already holds data, without `merge`: it would add every
    /// record again. Found after the file was read, so that a broken file is named for what it is.
    #[error("the journal already holds data")]
    NotEmpty,
}

/// Why reading the file (not parsing it) stopped.
enum ReadFailure {
    NotUtf8(u64),
    Io(std::io::Error),
}

impl From<ReadFailure> for ImportError {
    fn from(failure: ReadFailure) -> ImportError {
        match failure {
            ReadFailure::NotUtf8(offset) => ImportError::NotUtf8(offset),
            ReadFailure::Io(e) => ImportError::Read(e),
        }
    }
}

/// Reads a version 1 document from `reader` and imports it record by record as it is read, so that
/// memory stays flat however large the file is. Everything is one transaction: an invalid record
/// anywhere, or a file that turns out not to be a rapport export, leaves the journal as it was; a dry
/// run checks and counts everything, then rolls back. `progress` is called now and then with the number
/// of bytes read so far.
pub fn import(
    reader: impl std::io::Read,
    store: &mut Store,
    dry_run: bool,
    progress: impl FnMut(u64),
) -> Result<ImportCounts, ImportError> {
    import_into(reader, store, (dry_run, false), progress)
}

/// Like [`import`], into a journal that may hold data: with `merge` set, the records it already holds
/// (the same contact, entry or promise) are linked to instead of written again, so the same file
/// twice changes nothing. `(dry_run, merge)`.
pub fn import_into(
    reader: impl std::io::Read,
    store: &mut Store,
    (dry_run, merge): (bool, bool),
    progress: impl FnMut(u64),
) -> Result<ImportCounts, ImportError> {
    let read = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let failed = std::rc::Rc::new(std::cell::RefCell::new(None));
    let checked = CheckedReader {
        inner: reader,
        read: std::rc::Rc::clone(&read),
        carry: Vec::new(),
        failed: std::rc::Rc::clone(&failed),
    };
    // serde_json takes one byte at a time: the buffer goes outside, so that counting and checking
    // see large chunks.
    let mut reader = std::io::BufReader::with_capacity(1 << 20, checked);
    skip_bom(&mut reader).map_err(|e| failed.take().map_or(ImportError::Read(e), Into::into))?;
    let was_empty = store.is_empty()?;
    let mut session = store.begin_import(merge)?;
    let mut reading = Reading {
        session: &mut session,
        failure: None,
        header: Header::default(),
        pending_entries: Vec::new(),
        pending_promises: Vec::new(),
        seen_contacts: false,
        seen_entries: false,
        read,
        progress,
        records: 0,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed =
        serde::de::DeserializeSeed::deserialize(&mut reading, &mut de).and_then(|()| de.end());
    if let Err(e) = parsed {
        if let Some(failure) = failed.take() {
            return Err(failure.into());
        }
        return Err(reading.failure.take().unwrap_or_else(|| syntax(&e).into()));
    }
    reading.header.refuse(true)?;
    // Sections that came before what they link to (never in files rapport writes).
    for record in std::mem::take(&mut reading.pending_entries) {
        reading.entry(record)?;
    }
    for record in std::mem::take(&mut reading.pending_promises) {
        reading.promise(record)?;
    }
    if !was_empty && !merge {
        // Dropped unfinished, the session writes nothing.
        return Err(ImportError::NotEmpty);
    }
    Ok(session.finish(dry_run)?)
}

fn skip_bom(reader: &mut impl std::io::BufRead) -> std::io::Result<()> {
    let start = reader.fill_buf()?;
    if start.starts_with("\u{feff}".as_bytes()) {
        reader.consume(3);
    }
    Ok(())
}

/// Counts the bytes read (for the progress bar) and checks that they are UTF-8, chunk by chunk, so
/// that a binary file is named as such rather than as a JSON syntax error.
struct CheckedReader<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<u64>>,
    /// The start of a character cut off at the end of the previous chunk.
    carry: Vec<u8>,
    /// Why reading stopped, once it has (serde keeps only an error's text).
    failed: std::rc::Rc<std::cell::RefCell<Option<ReadFailure>>>,
}

impl<R: std::io::Read> CheckedReader<R> {
    /// Checks `chunk`, which starts at byte `offset` of the file.
    fn check(&mut self, offset: u64, chunk: &[u8]) -> Result<(), u64> {
        let mut chunk = chunk;
        let mut offset = offset;
        if !self.carry.is_empty() {
            let carried = self.carry.len() as u64;
            let width = utf8_width(self.carry[0]);
            let need = width.saturating_sub(self.carry.len()).min(chunk.len());
            self.carry.extend_from_slice(&chunk[..need]);
            chunk = &chunk[need..];
            offset += need as u64;
            if self.carry.len() < width {
                return if need == 0 {
                    Err(offset - carried)
                } else {
                    Ok(())
                };
            }
            if std::str::from_utf8(&self.carry).is_err() {
                return Err(offset - self.carry.len() as u64);
            }
            self.carry.clear();
        }
        match std::str::from_utf8(chunk) {
            Ok(_) => Ok(()),
            Err(e) if e.error_len().is_none() => {
                self.carry.extend_from_slice(&chunk[e.valid_up_to()..]);
                Ok(())
            }
            Err(e) => Err(offset + e.valid_up_to() as u64),
        }
    }
}

/// The length of the UTF-8 sequence that `lead` starts (1 for a byte that cannot start one, which
/// the check then refuses).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 1,
    }
}

impl<R: std::io::Read> std::io::Read for CheckedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = super::lines::read_keeping_error(&mut self.inner, buf, |e| {
            self.failed.replace(Some(ReadFailure::Io(e)));
        })?;
        let offset = self.read.get();
        self.read.set(offset + n as u64);
        // At the end of the file (n == 0) a carried, unfinished character is refused by `check`.
        if let Err(at) = self.check(offset, &buf[..n]) {
            self.failed.replace(Some(ReadFailure::NotUtf8(at)));
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "not UTF-8",
            ));
        }
        Ok(n)
    }
}

/// The document's `format` and `version`, wherever in the object they stand.
#[derive(Default)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

impl Header {
    /// Refuses other formats and newer versions; `complete` when no more header fields can come.
    fn refuse(&self, complete: bool) -> Result<(), FormatError> {
        if let Some(format) = &self.format
            && format != "rapport"
        {
            return Err(FormatError::NotRapport);
        }
        match self.version {
            Some(v) if v > FORMAT_VERSION => Err(FormatError::NewerVersion(v)),
            _ if complete && self.format.is_none() => Err(FormatError::NoFormat),
            None if complete => Err(FormatError::NoVersion),
            _ => Ok(()),
        }
    }
}

/// The state of one import while serde walks the document.
struct Reading<'a, 's, P> {
    session: &'a mut Import<'s>,
    /// The real reason when a record was refused inside the parser (serde only carries text).
    failure: Option<ImportError>,
    header: Header,
    pending_entries: Vec<EntryRecord>,
    pending_promises: Vec<PromiseRecord>,
    seen_contacts: bool,
    seen_entries: bool,
    read: std::rc::Rc<std::cell::Cell<u64>>,
    progress: P,
    records: u64,
}

impl<P: FnMut(u64)> Reading<'_, '_, P> {
    fn contact(&mut self, c: ContactRecord) -> Result<(), ImportError> {
        let err = record_err("contact", c.id);
        if self.session.has_contact(c.id) {
            return Err(err("the id appears twice".into()).into());
        }
        let card = card_from_records(c.id, &c.card)?;
        let (id, company, introduced_by) = (c.id, c.company_id, c.introduced_by);
        let contact = contact_from_record(c)?;
        self.session.contact_with_card(&contact, &card)?;
        self.session.relate(id, company, introduced_by)?;
        self.tick();
        Ok(())
    }

    fn company(&mut self, c: CompanyRecord) -> Result<(), ImportError> {
        let err = record_err("company", c.id);
        if self.session.has_company(c.id) {
            return Err(err("the id appears twice".into()).into());
        }
        if c.name.trim().is_empty() {
            return Err(err("the name is empty".into()).into());
        }
        self.session.company(&Company {
            id: c.id,
            name: c.name,
            website: c.website,
            notes: c.notes,
            tags: c.tags,
            key_account: c.key_account,
        })?;
        self.tick();
        Ok(())
    }

    fn entry(&mut self, e: EntryRecord) -> Result<(), ImportError> {
        let err = record_err("entry", e.id);
        if self.session.has_entry(e.id) {
            return Err(err("the id appears twice".into()).into());
        }
        if let Some(missing) = e.contacts.iter().find(|c| !self.session.has_contact(**c)) {
            return Err(err(format!("contact {missing} is not in the file")).into());
        }
        let entry = entry_from_record(e)?;
        self.session.entry(&entry)?;
        self.tick();
        Ok(())
    }

    fn promise(&mut self, p: PromiseRecord) -> Result<(), ImportError> {
        let err = record_err("promise", p.id);
        if self.session.has_promise(p.id) {
            return Err(err("the id appears twice".into()).into());
        }
        if !self.session.has_contact(p.contact) {
            return Err(err(format!("contact {} is not in the file", p.contact)).into());
        }
        if let Some(entry) = p.entry.filter(|e| !self.session.has_entry(*e)) {
            return Err(err(format!("entry {entry} is not in the file")).into());
        }
        let promise = promise_from_record(p)?;
        self.session.promise(&promise)?;
        self.tick();
        Ok(())
    }

    fn tick(&mut self) {
        self.records += 1;
        if self.records.is_multiple_of(1024) {
            (self.progress)(self.read.get());
        }
    }

    /// Runs `step` for a record inside the parser: a refusal is kept and serde is told to stop.
    fn accept<E: serde::de::Error>(&mut self, step: Result<(), ImportError>) -> Result<(), E> {
        step.map_err(|failure| {
            let text = failure.to_string();
            self.failure = Some(failure);
            E::custom(text)
        })
    }
}

impl<'de, P: FnMut(u64)> serde::de::DeserializeSeed<'de> for &mut Reading<'_, '_, P> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, P: FnMut(u64)> serde::de::Visitor<'de> for &mut Reading<'_, '_, P> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a rapport export (a JSON object)")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let key = key.as_ref();
            if matches!(key, "companies" | "contacts" | "entries" | "promises") {
                // Refuse another format or a newer version before its records, when it says so first.
                let refused = self.header.refuse(false).map_err(ImportError::from);
                self.accept(refused)?;
            }
            match key {
                "format" => self.header.format = map.next_value()?,
                "version" => self.header.version = map.next_value()?,
                "companies" => map.next_value_seed(Section {
                    reading: &mut *self,
                    kind: SectionKind::Companies,
                })?,
                "contacts" => {
                    map.next_value_seed(Section {
                        reading: &mut *self,
                        kind: SectionKind::Contacts,
                    })?;
                    self.seen_contacts = true;
                }
                "entries" => {
                    if self.seen_contacts {
                        map.next_value_seed(Section {
                            reading: &mut *self,
                            kind: SectionKind::Entries,
                        })?;
                    } else {
                        let records: Vec<EntryRecord> = map.next_value()?;
                        self.pending_entries.extend(records);
                    }
                    self.seen_entries = true;
                }
                "promises" => {
                    if self.seen_contacts && self.seen_entries && self.pending_entries.is_empty() {
                        map.next_value_seed(Section {
                            reading: &mut *self,
                            kind: SectionKind::Promises,
                        })?;
                    } else {
                        let records: Vec<PromiseRecord> = map.next_value()?;
                        self.pending_promises.extend(records);
                    }
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum SectionKind {
    Companies,
    Contacts,
    Entries,
    Promises,
}

/// One of the three record arrays, imported element by element.
struct Section<'r, 'a, 's, P> {
    reading: &'r mut Reading<'a, 's, P>,
    kind: SectionKind,
}

impl<'de, P: FnMut(u64)> serde::de::DeserializeSeed<'de> for Section<'_, '_, '_, P> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, P: FnMut(u64)> serde::de::Visitor<'de> for Section<'_, '_, '_, P> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        match self.kind {
            SectionKind::Companies => {
                while let Some(record) = seq.next_element::<CompanyRecord>()? {
                    let step = self.reading.company(record);
                    self.reading.accept(step)?;
                }
            }
            SectionKind::Contacts => {
                while let Some(record) = seq.next_element::<ContactRecord>()? {
                    let step = self.reading.contact(record);
                    self.reading.accept(step)?;
                }
            }
            SectionKind::Entries => {
                while let Some(record) = seq.next_element::<EntryRecord>()? {
                    let step = self.reading.entry(record);
                    self.reading.accept(step)?;
                }
            }
            SectionKind::Promises => {
                while let Some(record) = seq.next_element::<PromiseRecord>()? {
                    let step = self.reading.promise(record);
                    self.reading.accept(step)?;
                }
            }
        }
        Ok(())
    }
}

fn record_err(record: &'static str, id: Id) -> impl Fn(String) -> FormatError {
    move |message| FormatError::Record {
        record,
        id,
        message,
    }
}

fn day(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, String> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                format!(
                    "{field} '{}' is not YYYY-MM-DD",
                    crate::text::sanitize_line(v)
                )
            })
        })
        .transpose()
}

fn instant(field: &str, value: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(value).map_err(|_| {
        format!(
            "{field} '{}' is not an RFC 3339 instant",
            crate::text::sanitize_line(value)
        )
    })
}

fn vocab<T: std::str::FromStr<Err = crate::domain::model::InvalidValue>>(
    value: Option<&str>,
) -> Result<Option<T>, String> {
    value
        .map(|v| v.parse::<T>().map_err(|e| e.to_string()))
        .transpose()
}

fn ranged(field: &str, value: Option<i8>, low: i8, high: i8) -> Result<Option<i8>, String> {
    match value {
        Some(v) if v < low || v > high => Err(format!("{field} {v} is outside {low}..{high}")),
        other => Ok(other),
    }
}

/// A contact record checked and converted (links are checked by the caller).
fn contact_from_record(c: ContactRecord) -> Result<Contact, FormatError> {
    let err = record_err("contact", c.id);
    if c.name.trim().is_empty() {
        return Err(err("the name is empty".into()));
    }
    if let Some(key) = crate::domain::model::name_problem(&c.name) {
        let name = crate::text::sanitize_line(c.name.trim());
        return Err(err(crate::i18n::tr(key, &[("name", &name)])));
    }
    if c.cadence_days == Some(0) {
        return Err(err("cadence_days must be at least 1".into()));
    }
    Ok(Contact {
        id: c.id,
        name: c.name,
        company: c.company,
        role: c.role,
        email: c.email,
        phone: c.phone,
        address_form: vocab(c.address_form.as_deref()).map_err(&err)?,
        salutation: c.salutation,
        birthday: day("birthday", c.birthday.as_deref()).map_err(&err)?,
        met_on: day("met_on", c.met_on.as_deref()).map_err(&err)?,
        notes: c.notes,
        tags: c.tags,
        tier: vocab(c.tier.as_deref()).map_err(&err)?,
        cadence_days: c.cadence_days,
        snoozed_until: day("snoozed_until", c.snoozed_until.as_deref()).map_err(&err)?,
        archived: c.archived,
        private: c.private,
        created_at: instant("created_at", &c.created_at).map_err(&err)?,
    })
}

/// A contact's card records checked (each name a vCard name: letters, digits, `-`, `_`, a group
/// before a `.`) and converted.
fn card_from_records(
    contact: Id,
    records: &[CardRecord],
) -> Result<Vec<CardProperty>, FormatError> {
    let err = record_err("contact", contact);
    records
        .iter()
        .map(|r| {
            let words_ok = r.name.split('.').all(|w| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            });
            if !words_ok {
                let name = crate::text::sanitize_line(&r.name);
                let message = crate::i18n::tr("import.card_property_name", &[("name", &name)]);
                return Err(err(message));
            }
            Ok(CardProperty {
                name: r.name.clone(),
                params: r.params.clone(),
                value: r.value.clone(),
            })
        })
        .collect()
}

/// The file form of a contact's kept card properties.
pub fn card_records(card: &[CardProperty]) -> Vec<CardRecord> {
    card.iter()
        .map(|p| CardRecord {
            name: p.name.clone(),
            params: p.params.clone(),
            value: p.value.clone(),
        })
        .collect()
}

/// An entry record checked and converted (links are checked by the caller).
fn entry_from_record(e: EntryRecord) -> Result<Entry, FormatError> {
    let err = record_err("entry", e.id);
    if e.contacts.is_empty() {
        return Err(err("it names no contact".into()));
    }
    let s = e.signals.unwrap_or_default();
    Ok(Entry {
        id: e.id,
        occurred_at: instant("occurred_at", &e.occurred_at).map_err(&err)?,
        kind: e
            .kind
            .parse()
            .map_err(|x: crate::domain::model::InvalidValue| err(x.to_string()))?,
        title: e.title,
        body: e.body.unwrap_or_default(),
        contacts: e.contacts,
        mood: ranged("mood", e.mood, -2, 2).map_err(&err)?,
        initiative: vocab(e.initiative.as_deref()).map_err(&err)?,
        signals: Signals {
            trust: ranged("signals.trust", s.trust, -1, 1).map_err(&err)?,
            sympathy: ranged("signals.sympathy", s.sympathy, -1, 1).map_err(&err)?,
            competence: ranged("signals.competence", s.competence, -1, 1).map_err(&err)?,
            longterm: ranged("signals.longterm", s.longterm, -1, 1).map_err(&err)?,
        },
    })
}

/// A promise record checked and converted (links are checked by the caller).
fn promise_from_record(p: PromiseRecord) -> Result<Promise, FormatError> {
    let err = record_err("promise", p.id);
    if p.text.trim().is_empty() {
        return Err(err("the text is empty".into()));
    }
    Ok(Promise {
        id: p.id,
        contact: p.contact,
        entry: p.entry,
        owner: p
            .owner
            .parse()
            .map_err(|x: crate::domain::model::InvalidValue| err(x.to_string()))?,
        text: p.text,
        due: day("due", p.due.as_deref()).map_err(&err)?,
        status: p
            .status
            .parse()
            .map_err(|x: crate::domain::model::InvalidValue| err(x.to_string()))?,
        closed_at: p
            .closed_at
            .as_deref()
            .map(|v| instant("closed_at", v))
            .transpose()
            .map_err(&err)?,
    })
}

/// The file form of a contact, without its card (see [`card_records`]).
pub fn contact_record(c: &Contact) -> ContactRecord {
    ContactRecord {
        id: c.id,
        name: c.name.clone(),
        company: c.company.clone(),
        role: c.role.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        address_form: c.address_form.map(|a| a.as_str().to_string()),
        salutation: c.salutation.clone(),
        birthday: c.birthday.map(format_day),
        met_on: c.met_on.map(format_day),
        notes: c.notes.clone(),
        tags: c.tags.clone(),
        tier: c.tier.map(|t| t.as_str().to_string()),
        cadence_days: c.cadence_days,
        snoozed_until: c.snoozed_until.map(format_day),
        archived: c.archived,
        private: c.private,
        created_at: format_instant(&c.created_at),
        card: Vec::new(),
        company_id: None,
        introduced_by: None,
    }
}

/// The file form of an entry.
pub fn entry_record(e: &Entry) -> EntryRecord {
    EntryRecord {
        id: e.id,
        occurred_at: format_instant(&e.occurred_at),
        kind: e.kind.as_str().to_string(),
        title: e.title.clone(),
        body: Some(e.body.clone()),
        contacts: e.contacts.clone(),
        mood: e.mood,
        initiative: e.initiative.map(|i| i.as_str().to_string()),
        signals: (!e.signals.is_empty()).then_some(SignalsRecord {
            trust: e.signals.trust,
            sympathy: e.signals.sympathy,
            competence: e.signals.competence,
            longterm: e.signals.longterm,
        }),
    }
}

/// The file form of a promise.
pub fn promise_record(p: &Promise) -> PromiseRecord {
    PromiseRecord {
        id: p.id,
        contact: p.contact,
        entry: p.entry,
        owner: p.owner.as_str().to_string(),
        text: p.text.clone(),
        due: p.due.map(format_day),
        status: p.status.as_str().to_string(),
        closed_at: p.closed_at.as_ref().map(format_instant),
    }
}

struct EntryWriter<'a, W: Write> {
    out: &'a mut W,
    first: bool,
    contact: Option<Id>,
}

impl<W: Write> ExportSink for EntryWriter<'_, W> {
    fn entry(&mut self, entry: &Entry) -> std::io::Result<()> {
        let mut record = entry_record(entry);
        if let Some(only) = self.contact {
            // A one-person export names only that person, so it never leaks who else was there.
            record.contacts.retain(|c| *c == only);
        }
        self.out
            .write_all(if self.first { b"\n    " } else { b",\n    " })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, &record)?;
        Ok(())
    }
}

/// Writes the whole journal (or everything about one contact) as a version 1 document, streaming the
/// entries so that memory stays flat however large the journal is.
pub fn export(
    store: &Store,
    contact: Option<Id>,
    exported_at: &DateTime<FixedOffset>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut contacts = store.contacts_to_export(contact)?;
    contacts.sort_by_key(|c| c.id);
    let mut cards = match contact {
        Some(id) => std::collections::HashMap::from([(id, store.card_properties(id)?)]),
        None => store.all_card_properties()?,
    };
    write!(
        out,
        "{{\"format\": \"rapport\", \"version\": {FORMAT_VERSION}, \"exported_at\": "
    )?;
    serde_json::to_writer(&mut *out, &format_instant(exported_at))?;
    let relations = store.contact_relations()?;
    let companies: Vec<Company> = match contact {
        Some(id) => store.company_of(id)?.into_iter().collect(),
        None => store.companies()?.into_iter().map(|r| r.company).collect(),
    };
    out.write_all(b",\n  \"companies\": [")?;
    for (i, c) in companies.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *out, &company_record(c))?;
    }
    out.write_all(b"\n  ],\n  \"contacts\": [")?;
    for (i, c) in contacts.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        let mut record = contact_record(c);
        record.card = card_records(&cards.remove(&c.id).unwrap_or_default());
        if let Some((company, introducer)) = relations.get(&c.id) {
            record.company_id = *company;
            // A one-person export does not name who else is in the journal.
            record.introduced_by = introducer.filter(|_| contact.is_none());
        }
        serde_json::to_writer(&mut *out, &record)?;
    }
    out.write_all(b"\n  ],\n  \"entries\": [")?;
    let mut writer = EntryWriter {
        out,
        first: true,
        contact,
    };
    store.export_entries(contact, &mut writer)?;
    out.write_all(b"\n  ],\n  \"promises\": [")?;
    let mut promises: Vec<Promise> = store
        .promises(contact, false)?
        .into_iter()
        .map(|r| r.promise)
        .collect();
    promises.sort_by_key(|p| p.id);
    for (i, p) in promises.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *out, &promise_record(p))?;
    }
    out.write_all(b"\n  ]\n}\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Hands out at most `step` bytes per read, to cut characters at every place.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn first_bad_byte(bytes: &[u8], step: usize) -> Option<u64> {
        let failed = std::rc::Rc::new(std::cell::RefCell::new(None));
        let mut reader = CheckedReader {
            inner: Trickle { bytes, step },
            read: std::rc::Rc::default(),
            carry: Vec::new(),
            failed: std::rc::Rc::clone(&failed),
        };
        let mut sink = Vec::new();
        let _ = reader.read_to_end(&mut sink);
        match failed.take() {
            Some(ReadFailure::NotUtf8(at)) => Some(at),
            Some(ReadFailure::Io(e)) => panic!("{e}"),
            None => None,
        }
    }

    #[test]
    fn the_utf8_check_finds_the_first_bad_byte_wherever_chunks_are_cut() {
        let text = "Grüße aus Köln 🤝 — 渡辺 大輔".as_bytes();
        let cases: Vec<(Vec<u8>, Option<u64>)> = vec![
            (text.to_vec(), None),
            (b"abc\xffdef".to_vec(), Some(3)),
            ([text, b"\xc3"].concat(), Some(text.len() as u64)),
            (b"abc\xe2\x82x".to_vec(), Some(3)),
            (b"\xf0\x9f\xa4".to_vec(), Some(0)),
            (Vec::new(), None),
        ];
        for (bytes, expected) in cases {
            for step in 1..=7 {
                assert_eq!(
                    first_bad_byte(&bytes, step),
                    expected,
                    "{bytes:?} in steps of {step}"
                );
            }
        }
    }

    const CONTACTS: &str =
        r#""contacts": [{"id": 4, "name": "Zoë", "created_at": "2026-01-01T09:00:00+01:00"}]"#;
    const ENTRIES: &str = r#""entries": [{"id": 9, "occurred_at": "2026-11-20T14:30:00+01:00", "kind": "call",
        "contacts": [4]}]"#;
    const PROMISES: &str = r#""promises": [{"id": 2, "contact": 4, "entry": 9, "owner": "me", "text": "Call back",
        "status": "open"}]"#;
    const HEADER: &str = r#""format": "rapport", "version": 1"#;

    fn import_text(text: &str) -> (Result<ImportCounts, ImportError>, Store) {
        let mut store = Store::open_in_memory().unwrap();
        let result = import(text.as_bytes(), &mut store, false, |_| {});
        (result, store)
    }

    #[test]
    fn sections_and_header_fields_may_come_in_any_order() {
        let orders = [
            [HEADER, CONTACTS, ENTRIES, PROMISES],
            [PROMISES, ENTRIES, CONTACTS, HEADER],
            [ENTRIES, HEADER, PROMISES, CONTACTS],
            [CONTACTS, PROMISES, HEADER, ENTRIES],
        ];
        for parts in orders {
            let text = format!("\u{feff}{{{}}}", parts.join(", "));
            let (result, store) = import_text(&text);
            let counts = result.unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                (counts.contacts, counts.entries, counts.promises),
                (1, 1, 1),
                "{text}"
            );
            assert_eq!(store.entry_count(None).unwrap(), 1);
        }
    }

    #[test]
    fn a_refusal_found_late_leaves_nothing_behind() {
        let cases = [
            (
                format!("{{{CONTACTS}, {ENTRIES}, \"format\": \"other\", \"version\": 1}}"),
                "not a rapport export",
            ),
            (
                format!("{{{CONTACTS}, {ENTRIES}, \"format\": \"rapport\"}}"),
                "no \"version\" field",
            ),
            (
                format!("{{{HEADER}, {CONTACTS}, {ENTRIES}, \"version\": 3}}"),
                "version 3 is newer",
            ),
            (
                format!("{{{HEADER}, {CONTACTS}, {ENTRIES}, {PROMISES}, \"promises\": [1]}}"),
                "expected struct PromiseRecord",
            ),
            (
                format!("{{{HEADER}, {ENTRIES}, {PROMISES}}}"),
                "contact 4 is not in the file",
            ),
            (
                format!("{{{HEADER}, {CONTACTS}, {CONTACTS}}}"),
                "contact 4: the id appears twice",
            ),
            (format!("{{{HEADER}, {CONTACTS}, {ENTRIES}"), "EOF"),
        ];
        for (text, message) in cases {
            let (result, store) = import_text(&text);
            let error = result
                .err()
                .unwrap_or_else(|| panic!("{text} was accepted"))
                .to_string();
            assert!(error.contains(message), "{text}: {error}");
            assert!(store.is_empty().unwrap(), "{text} left records behind");
        }
    }

    #[test]
    fn a_dry_run_counts_and_keeps_nothing() {
        let text = format!("{{{HEADER}, {CONTACTS}, {ENTRIES}, {PROMISES}}}");
        let mut store = Store::open_in_memory().unwrap();
        let counts = import(text.as_bytes(), &mut store, true, |_| {}).unwrap();
        assert_eq!((counts.contacts, counts.entries, counts.links), (1, 1, 1));
        assert!(store.is_empty().unwrap());
    }

    #[test]
    fn the_private_mark_travels_and_is_written_only_when_set() {
        let mut store = Store::open_in_memory().unwrap();
        let created = DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
        let mut anna = Contact::new("Anna Weber", created);
        anna.private = true;
        let anna = store.add_contact(&anna).unwrap();
        let bo = store
            .add_contact(&Contact::new("Bo Berg", created))
            .unwrap();
        let mut out = Vec::new();
        export(&store, None, &created, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("\"private\":true").count(), 1, "{text}");
        assert!(!text.contains("\"private\":false"), "{text}");
        let (result, copy) = import_text(&text);
        result.unwrap();
        assert!(copy.contact(anna).unwrap().0.private);
        assert!(!copy.contact(bo).unwrap().0.private);
    }

    #[test]
    fn the_kept_card_travels_with_each_contact() {
        let mut store = Store::open_in_memory().unwrap();
        let created = DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
        let anna = store
            .add_contact(&Contact::new("Anna Weber", created))
            .unwrap();
        store
            .add_contact(&Contact::new("Bo Berg", created))
            .unwrap();
        let card = vec![
            CardProperty {
                name: "item1.ADR".into(),
                params: "TYPE=work".into(),
                value: ";;Hafenstraße 1\\nHaus 2;Hamburg;;;".into(),
            },
            CardProperty {
                name: "EMAIL".into(),
                params: String::new(),
                value: "anna@example.org".into(),
            },
        ];
        store.set_card_properties(anna, &card).unwrap();
        let mut out = Vec::new();
        export(&store, None, &created, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.contains("\"card\":[]"),
            "a contact without a card has no card field: {text}"
        );
        let (result, copy) = import_text(&text);
        result.unwrap();
        assert_eq!(copy.card_properties(anna).unwrap(), card);
        assert_eq!(copy.all_card_properties().unwrap().len(), 1);
        // A name that is no vCard name is refused with the record.
        let bad = text.replace("item1.ADR", "ADR:x");
        let (result, _) = import_text(&bad);
        let message = result.unwrap_err().to_string();
        assert!(message.contains("not a vCard property name"), "{message}");
    }
}
