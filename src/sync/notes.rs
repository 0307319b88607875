//! Notes written on another device that name nobody in the journal: the sync keeps them aside;
//! here they are listed and given a contact, which makes each an entry about that contact, sent back
//! with the contact as an attendee at the next sync.

use super::entry::{entry_from_fields, read_vjournal};
use super::fields::{Fields, MappingError};
use crate::clock::Clock;
use crate::domain::model::Id;
use crate::store::{RemoteRecord, Store, StoreError, UnassignedJournal};

/// A waiting note as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingNote {
    /// Its UID (a unique prefix of it names it).
    pub uid: String,
    /// Its fields as read (`occurred_at`, `title`, `body`, ...).
    pub fields: Fields,
}

/// Why a note cannot be assigned.
#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    /// No waiting note has a UID starting so, or several do.
    #[error("{}", crate::i18n::tr("sync.no_such_note", &[("uid", uid)]))]
    NoSuchNote {
        /// What was typed.
        uid: String,
    },
    /// The note's text no longer reads.
    #[error("{0}")]
    Mapping(#[from] MappingError),
    /// The journal failed.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The waiting notes, oldest first, each with the fields it was read with (a note that no longer
/// reads is left out).
pub fn waiting(store: &Store, clock: Clock) -> Result<Vec<WaitingNote>, StoreError> {
    Ok(store
        .unassigned_journals()?
        .into_iter()
        .filter_map(|j| {
            read_vjournal(&j.text, clock).ok().map(|r| WaitingNote {
                uid: j.uid,
                fields: r.fields,
            })
        })
        .collect())
}

/// Makes the waiting note named by `uid` (or a unique prefix of it) an entry about `contact`;
/// returns the entry's id. The note leaves the waiting list first, so an interruption leaves it on
/// the server, where the next sync finds it again, never twice in the journal.
pub fn assign(store: &mut Store, uid: &str, contact: Id, clock: Clock) -> Result<Id, AssignError> {
    let note = one_note(store, uid)?;
    let read = read_vjournal(&note.text, clock)?;
    let entry = entry_from_fields(&read.fields, vec![contact])?;
    store.remove_unassigned_journal(&note.uid)?;
    let row = RemoteRecord {
        uid: note.uid.clone(),
        href: note.href.clone(),
        etag: note.etag.clone(),
        base: read.fields,
        local_changes: true,
        conflicts: Vec::new(),
        at: clock.now,
    };
    Ok(store.apply_remote_entry(None, &entry, &row)?)
}

/// The one waiting note whose UID is `uid` or starts with it.
fn one_note(store: &Store, uid: &str) -> Result<UnassignedJournal, AssignError> {
    let uid = uid.trim();
    let mut found: Vec<UnassignedJournal> = store
        .unassigned_journals()?
        .into_iter()
        .filter(|j| !uid.is_empty() && j.uid.starts_with(uid))
        .collect();
    if let Some(exact) = found.iter().position(|j| j.uid == uid) {
        return Ok(found.swap_remove(exact));
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        _ => Err(AssignError::NoSuchNote {
            uid: uid.to_string(),
        }),
    }
}
