//! The three kinds of synced records as the engine handles them: how a local record becomes
//! [`Fields`], how a server's text is read (its contact found), how fields become a server text and
//! how they are written into the journal. The mapping itself is [`super::contact`],
//! [`super::promise`] and [`super::entry`]; this adds the links between records, which go by UID.

use super::dav::CollectionKind;
use super::error::SyncError;
use super::fields::{ContactHint, ContactLabel, Fields, MappingError, list, put, text};
use crate::clock::Clock;
use crate::domain::model::Id;
use crate::store::{RemoteRecord, Store, SyncKind};
use chrono::{DateTime, FixedOffset, Utc};

/// A server's record as read: its UID and fields, or the reason it names no contact here.
pub struct Remote {
    /// Its UID (a card without one is named by its href).
    pub uid: String,
    /// Its fields, the contact links resolved to UIDs of this journal.
    pub fields: Fields,
    /// A calendar record that names nobody in this journal: kept aside, not written.
    pub unlinked: bool,
    /// Its title, for messages and the list of records that need a contact.
    pub summary: Option<String>,
}

/// What the engine needs of one kind of record.
pub trait Mapper {
    /// The store's name of the kind.
    const KIND: SyncKind;
    /// The collection it lives in.
    const COLLECTION: CollectionKind;

    /// The fields of a local record; `None` while it cannot be sent (a promise or entry whose
    /// contact has no UID yet).
    fn local_fields(&self, store: &Store, id: Id) -> Result<Option<Fields>, SyncError>;

    /// Reads a server's text; `href` names a card that has no UID.
    fn read(&self, store: &Store, href: &str, text: &str) -> Result<Remote, ReadError>;

    /// The text to send for `fields`.
    fn text(
        &self,
        store: &Store,
        uid: &str,
        fields: &Fields,
        now: DateTime<Utc>,
    ) -> Result<String, ReadError>;

    /// Writes `fields` into the journal with the record's sync row; `None` when the record names no
    /// local contact (it is not written).
    fn apply(
        &self,
        store: &mut Store,
        existing: Option<Id>,
        fields: &Fields,
        row: &RemoteRecord,
    ) -> Result<Option<Id>, ReadError>;

    /// A local record not synced yet that is the same as a new server record (contacts: the same
    /// UID, email or name), so that the first sync of two address books makes no duplicates.
    fn unsynced_match(&self, _store: &Store, _remote: &Remote) -> Result<Option<Id>, SyncError> {
        Ok(None)
    }

    /// The UID a new local record is sent with.
    fn new_uid(&self, _store: &Store, _id: Id) -> Result<String, SyncError> {
        Ok(random_uid())
    }
}

/// Reading or writing one record failed: the record is reported and skipped, the sync goes on; a
/// store failure ends the sync.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The text or fields make no record.
    #[error("{0}")]
    Mapping(#[from] MappingError),
    /// The journal failed.
    #[error("{0}")]
    Sync(#[from] SyncError),
}

impl From<crate::store::StoreError> for ReadError {
    fn from(e: crate::store::StoreError) -> Self {
        ReadError::Sync(SyncError::Store(e))
    }
}

/// A random (version 4) UUID, the UID of a record rapport creates.
pub fn random_uid() -> String {
    let mut bytes = [0u8; 16];
    // The kernel's generator; should it fail, the time keeps UIDs apart.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        bytes[..8].copy_from_slice(&nanos.to_le_bytes());
        bytes[8..].copy_from_slice(&std::process::id().to_le_bytes().repeat(2));
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The sync UID of a local contact, when it has one.
fn contact_uid(store: &Store, contact: Id) -> Result<Option<String>, SyncError> {
    Ok(store
        .sync_record_of(SyncKind::Contact, contact)?
        .map(|r| r.uid))
}

/// The local contact a UID names.
fn contact_of(store: &Store, uid: &str) -> Result<Option<Id>, SyncError> {
    Ok(store
        .sync_record(SyncKind::Contact, uid)?
        .and_then(|r| r.local))
}

/// The one local contact a hint names (by UID, email, or whole name), with its UID.
fn hinted(store: &Store, hint: &ContactHint) -> Result<Option<String>, SyncError> {
    if let Some(uid) = &hint.uid
        && contact_of(store, uid)?.is_some()
    {
        return Ok(Some(uid.clone()));
    }
    let ids = store.contacts_named(&hint.emails, &hint.names)?;
    match ids.as_slice() {
        [one] => contact_uid(store, *one),
        _ => Ok(None),
    }
}

/// What a promise or entry says of a contact: name and email, for its ATTENDEE line.
fn label_parts(store: &Store, uid: &str) -> Result<(String, Option<String>), SyncError> {
    match contact_of(store, uid)? {
        Some(id) => {
            let (c, _) = store.contact(id)?;
            Ok((c.name, c.email))
        }
        None => Ok((String::new(), None)),
    }
}

/// Contacts as vCards.
pub struct Contacts {
    /// When records are written (a new contact's creation time).
    pub now: DateTime<FixedOffset>,
}

impl Mapper for Contacts {
    const KIND: SyncKind = SyncKind::Contact;
    const COLLECTION: CollectionKind = CollectionKind::Addressbook;

    fn local_fields(&self, store: &Store, id: Id) -> Result<Option<Fields>, SyncError> {
        let (contact, _) = store.contact(id)?;
        let card = store.card_properties(id)?;
        Ok(Some(super::contact::contact_fields(&contact, &card)))
    }

    fn read(&self, _store: &Store, href: &str, text: &str) -> Result<Remote, ReadError> {
        let card = super::contact::read_vcard(text)?;
        Ok(Remote {
            uid: card.uid.unwrap_or_else(|| href.to_string()),
            summary: Some(card.contact.name.clone()),
            fields: super::contact::contact_fields(&card.contact, &card.card),
            unlinked: false,
        })
    }

    fn text(
        &self,
        _store: &Store,
        uid: &str,
        fields: &Fields,
        _now: DateTime<Utc>,
    ) -> Result<String, ReadError> {
        let (contact, card) = super::contact::contact_from_fields(fields, self.now)?;
        Ok(super::contact::vcard_text(uid, &contact, &card))
    }

    fn apply(
        &self,
        store: &mut Store,
        existing: Option<Id>,
        fields: &Fields,
        row: &RemoteRecord,
    ) -> Result<Option<Id>, ReadError> {
        let (mut contact, card) = super::contact::contact_from_fields(fields, self.now)?;
        if let Some(id) = existing {
            contact.created_at = store.contact(id)?.0.created_at;
        }
        Ok(Some(
            store.apply_remote_contact(existing, &contact, &card, row)?,
        ))
    }

    fn unsynced_match(&self, store: &Store, remote: &Remote) -> Result<Option<Id>, SyncError> {
        let emails: Vec<String> = text(&remote.fields, "email")
            .map(str::to_string)
            .into_iter()
            .collect();
        let names: Vec<String> = text(&remote.fields, "name")
            .map(str::to_string)
            .into_iter()
            .collect();
        let mut unsynced = Vec::new();
        for id in store.contacts_named(&emails, &names)? {
            if store.sync_record_of(SyncKind::Contact, id)?.is_none() {
                unsynced.push(id);
            }
        }
        Ok(match unsynced.as_slice() {
            [one] => Some(*one),
            _ => None,
        })
    }

    fn new_uid(&self, store: &Store, id: Id) -> Result<String, SyncError> {
        let kept = store
            .card_properties(id)?
            .into_iter()
            .find(|r| r.base_name().eq_ignore_ascii_case("UID"))
            .map(|r| r.plain_value().trim().to_string())
            .filter(|u| !u.is_empty());
        if let Some(uid) = kept
            && store.sync_record(SyncKind::Contact, &uid)?.is_none()
        {
            return Ok(uid);
        }
        Ok(random_uid())
    }
}

/// Promises as VTODOs.
pub struct Promises;

impl Mapper for Promises {
    const KIND: SyncKind = SyncKind::Promise;
    const COLLECTION: CollectionKind = CollectionKind::Tasks;

    fn local_fields(&self, store: &Store, id: Id) -> Result<Option<Fields>, SyncError> {
        let promise = store.promise(id)?.promise;
        let Some(contact) = contact_uid(store, promise.contact)? else {
            return Ok(None);
        };
        let entry = match promise.entry {
            Some(e) => store.sync_record_of(SyncKind::Entry, e)?.map(|r| r.uid),
            None => None,
        };
        Ok(Some(super::promise::promise_fields(
            &promise,
            &contact,
            entry.as_deref(),
        )))
    }

    fn read(&self, store: &Store, _href: &str, text: &str) -> Result<Remote, ReadError> {
        let todo = super::promise::read_vtodo(text)?;
        let mut fields = todo.fields;
        let linked = match fields.get("contact") {
            Some(uid) if contact_of(store, uid)?.is_some() => true,
            _ => match hinted(store, &todo.hint)? {
                Some(uid) => {
                    put(&mut fields, "contact", Some(uid));
                    true
                }
                None => false,
            },
        };
        Ok(Remote {
            uid: todo.uid,
            summary: fields.get("text").cloned(),
            fields,
            unlinked: !linked,
        })
    }

    fn text(
        &self,
        store: &Store,
        uid: &str,
        fields: &Fields,
        now: DateTime<Utc>,
    ) -> Result<String, ReadError> {
        let contact = text(fields, "contact").unwrap_or_default();
        let (name, email) = label_parts(store, contact)?;
        let label = ContactLabel {
            uid: contact,
            name: &name,
            email: email.as_deref(),
        };
        Ok(super::promise::vtodo_text(uid, fields, &label, now))
    }

    fn apply(
        &self,
        store: &mut Store,
        existing: Option<Id>,
        fields: &Fields,
        row: &RemoteRecord,
    ) -> Result<Option<Id>, ReadError> {
        let Some(contact) = contact_of(store, text(fields, "contact").unwrap_or_default())? else {
            return Ok(None);
        };
        let entry = match text(fields, "entry") {
            Some(uid) => store
                .sync_record(SyncKind::Entry, uid)?
                .and_then(|r| r.local),
            None => None,
        };
        let promise = super::promise::promise_from_fields(fields, contact, entry)?;
        Ok(Some(store.apply_remote_promise(existing, &promise, row)?))
    }
}

/// Entries as VJOURNALs (only with `entries = true`).
pub struct Entries {
    /// Places the times of VJOURNALs other devices wrote.
    pub clock: Clock,
}

impl Mapper for Entries {
    const KIND: SyncKind = SyncKind::Entry;
    const COLLECTION: CollectionKind = CollectionKind::Journal;

    fn local_fields(&self, store: &Store, id: Id) -> Result<Option<Fields>, SyncError> {
        let entry = store.entry(id)?.entry;
        let mut uids = Vec::with_capacity(entry.contacts.len());
        for contact in &entry.contacts {
            match contact_uid(store, *contact)? {
                Some(uid) => uids.push(uid),
                None => return Ok(None),
            }
        }
        let uids: Vec<&str> = uids.iter().map(String::as_str).collect();
        Ok(Some(super::entry::entry_fields(&entry, &uids)))
    }

    fn read(&self, store: &Store, _href: &str, text: &str) -> Result<Remote, ReadError> {
        let journal = super::entry::read_vjournal(text, self.clock)?;
        let mut fields = journal.fields;
        let mut uids: Vec<String> = Vec::new();
        for uid in list(&fields, "contacts") {
            if contact_of(store, uid)?.is_some() {
                uids.push(uid.to_string());
            }
        }
        for hint in &journal.hints {
            if let Some(uid) = hinted(store, hint)?
                && !uids.contains(&uid)
            {
                uids.push(uid);
            }
        }
        put(&mut fields, "contacts", super::fields::join_list(&uids));
        Ok(Remote {
            uid: journal.uid,
            summary: fields.get("title").cloned(),
            unlinked: uids.is_empty(),
            fields,
        })
    }

    fn text(
        &self,
        store: &Store,
        uid: &str,
        fields: &Fields,
        now: DateTime<Utc>,
    ) -> Result<String, ReadError> {
        let uids = list(fields, "contacts");
        let mut parts = Vec::with_capacity(uids.len());
        for contact in &uids {
            parts.push(label_parts(store, contact)?);
        }
        let labels: Vec<ContactLabel<'_>> = uids
            .iter()
            .zip(&parts)
            .map(|(uid, (name, email))| ContactLabel {
                uid,
                name,
                email: email.as_deref(),
            })
            .collect();
        Ok(super::entry::vjournal_text(uid, fields, &labels, now))
    }

    fn apply(
        &self,
        store: &mut Store,
        existing: Option<Id>,
        fields: &Fields,
        row: &RemoteRecord,
    ) -> Result<Option<Id>, ReadError> {
        let mut contacts = Vec::new();
        for uid in list(fields, "contacts") {
            if let Some(id) = contact_of(store, uid)? {
                contacts.push(id);
            }
        }
        if contacts.is_empty() {
            return Ok(None);
        }
        let entry = super::entry::entry_from_fields(fields, contacts)?;
        Ok(Some(store.apply_remote_entry(existing, &entry, row)?))
    }
}
