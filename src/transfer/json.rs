//! The JSON export format, version 1 (SPEC §5): types that read and write it, and the conversions to and
//! from the domain with a clear message for every invalid record.

use crate::domain::model::{Contact, Entry, Id, Promise, Signals};
use crate::store::{ExportSink, Store, format_day, format_instant};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

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
    #[allow(missing_docs)]
    pub created_at: String,
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

/// A whole export file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// Always "rapport".
    pub format: String,
    /// The format version.
    pub version: u32,
    /// When the export was written.
    #[serde(default)]
    pub exported_at: Option<String>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub contacts: Vec<ContactRecord>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub entries: Vec<EntryRecord>,
    #[serde(default)]
    #[allow(missing_docs)]
    pub promises: Vec<PromiseRecord>,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
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
    let message = e.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    FormatError::Syntax {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// Parses an export file's text, refusing other formats and newer versions before reading records.
pub fn parse(text: &str) -> Result<Document, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header = serde_json::from_str(text).map_err(|e| syntax(&e))?;
    if header.format.as_deref() != Some("rapport") {
        return Err(FormatError::NotRapport);
    }
    match header.version {
        Some(v) if v > FORMAT_VERSION => return Err(FormatError::NewerVersion(v)),
        Some(_) => {}
        None => return Err(FormatError::NotRapport),
    }
    serde_json::from_str(text).map_err(|e| syntax(&e))
}

/// The domain records of a document, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// Contacts, with their file ids.
    pub contacts: Vec<Contact>,
    /// Entries, with file ids and file contact ids.
    pub entries: Vec<Entry>,
    /// Promises, with file ids.
    pub promises: Vec<Promise>,
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

impl Document {
    /// Converts and checks every record: required fields, vocabularies, ranges, dates, and that every
    /// link points at a record of the file.
    pub fn into_batch(self) -> Result<Batch, FormatError> {
        let mut contact_ids = std::collections::HashSet::new();
        let mut batch = Batch::default();
        for c in self.contacts {
            let err = record_err("contact", c.id);
            if !contact_ids.insert(c.id) {
                return Err(err("the id appears twice".into()));
            }
            if c.name.trim().is_empty() {
                return Err(err("the name is empty".into()));
            }
            if c.cadence_days == Some(0) {
                return Err(err("cadence_days must be at least 1".into()));
            }
            batch.contacts.push(Contact {
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
                created_at: instant("created_at", &c.created_at).map_err(&err)?,
            });
        }
        let mut entry_ids = std::collections::HashSet::new();
        for e in self.entries {
            let err = record_err("entry", e.id);
            if !entry_ids.insert(e.id) {
                return Err(err("the id appears twice".into()));
            }
            if e.contacts.is_empty() {
                return Err(err("it names no contact".into()));
            }
            if let Some(missing) = e.contacts.iter().find(|c| !contact_ids.contains(c)) {
                return Err(err(format!("contact {missing} is not in the file")));
            }
            let s = e.signals.unwrap_or_default();
            batch.entries.push(Entry {
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
            });
        }
        let mut promise_ids = std::collections::HashSet::new();
        for p in self.promises {
            let err = record_err("promise", p.id);
            if !promise_ids.insert(p.id) {
                return Err(err("the id appears twice".into()));
            }
            if !contact_ids.contains(&p.contact) {
                return Err(err(format!("contact {} is not in the file", p.contact)));
            }
            if let Some(entry) = p.entry.filter(|e| !entry_ids.contains(e)) {
                return Err(err(format!("entry {entry} is not in the file")));
            }
            if p.text.trim().is_empty() {
                return Err(err("the text is empty".into()));
            }
            batch.promises.push(Promise {
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
            });
        }
        Ok(batch)
    }
}

/// The file form of a contact.
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
        created_at: format_instant(&c.created_at),
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
    let contacts: Vec<Contact> = match contact {
        Some(id) => vec![store.contact(id)?.0],
        None => store
            .contacts(true, true)?
            .into_iter()
            .map(|(c, _)| c)
            .collect(),
    };
    let mut contacts = contacts;
    contacts.sort_by_key(|c| c.id);
    write!(
        out,
        "{{\"format\": \"rapport\", \"version\": {FORMAT_VERSION}, \"exported_at\": "
    )?;
    serde_json::to_writer(&mut *out, &format_instant(exported_at))?;
    out.write_all(b",\n  \"contacts\": [")?;
    for (i, c) in contacts.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *out, &contact_record(c))?;
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
