//! What an address-book import (vCard, LinkedIn, Google and Outlook CSV) does with each card: find
//! the person it describes among the contacts (the same LinkedIn profile, else the same email with a
//! name that fits, else the same name and company), then create them, fill in what the card adds
//! ([`merge`]), or skip the card. The journal finds the candidates through indexes on the same keys
//! (see [`crate::store::AddressBookImport`]), so a card costs the same however many contacts there
//! are, and no contact is held in memory: they are read and written as the cards come.

use super::vcard::{Card, card_to_contact};
use crate::domain::model::{Contact, Id};
pub use crate::store::{email_key, profile_key};
use crate::text::fold;
use chrono::{DateTime, FixedOffset};
use fill::{missing_rows, take_job};
use matching::{compatible_names, has_email_row, same_email_as, same_person_by_name, trimmed};
use std::collections::HashSet;

mod book;
mod fill;
mod jobs;
mod matching;
#[cfg(test)]
mod tests;

pub use book::ContactBook;
pub use fill::merge;
pub use jobs::CurrentJobs;

/// What an address-book import did (or would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContactCounts {
    /// Contacts created.
    pub created: usize,
    /// Contacts that were there before and got something from the file.
    pub updated: usize,
    /// Cards that added nothing.
    pub skipped: usize,
}

/// Applies the cards of one file, one at a time, to a [`ContactBook`].
pub struct ContactImport {
    /// Contacts with a higher id were created by this import.
    last_known: Id,
    /// Contacts the journal had before that got something from the file.
    updated: HashSet<Id>,
    counts: ContactCounts,
    created_at: DateTime<FixedOffset>,
    /// Contacts read to compare with a card, for tests that the work per card stays flat.
    compared: usize,
    /// Whether a card found by its profile brings the person's current company and role, and how
    /// new the file is.
    current_jobs: Option<CurrentJobs>,
    /// Contacts the journal had whose company or role the file changed: how many, the first few.
    job_changes: (usize, Vec<JobChange>),
}

/// A contact the journal had whose company or role an import changed, as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobChange {
    /// The contact's name.
    pub name: String,
    /// Their company now.
    pub company: Option<String>,
    /// Their role now.
    pub role: Option<String>,
}

impl ContactImport {
    /// An import into a journal whose highest contact id is `last_known` (contacts it creates get
    /// higher ones), adding contacts at `created_at`.
    pub fn new(last_known: Id, created_at: DateTime<FixedOffset>) -> ContactImport {
        ContactImport {
            last_known,
            updated: HashSet::new(),
            counts: ContactCounts::default(),
            created_at,
            compared: 0,
            current_jobs: None,
            job_changes: (0, Vec::new()),
        }
    }

    /// Cards found by their LinkedIn profile bring the person's current company and role instead of
    /// only filling empty fields, unless the contact's job came from a newer export
    /// ([`CurrentJobs::may_replace`]); contacts it creates or gives a job are dated with `jobs`.
    pub fn with_current_jobs(self, jobs: CurrentJobs) -> ContactImport {
        ContactImport {
            current_jobs: Some(jobs),
            ..self
        }
    }

    /// The contact `card` describes, and whether it was found by its profile: the first with the same
    /// LinkedIn profile (whatever the name: a profile is one person's own), else the first with the
    /// same email and a compatible name ([`compatible_names`]: an address can be shared), else the
    /// first with the same name and company whose email and profile do not differ. The book hands out candidates by key; each is
    /// compared in full before it counts.
    fn find<B: ContactBook>(
        &mut self,
        book: &mut B,
        card: &Card,
    ) -> Result<Option<(Contact, bool)>, B::Error> {
        if let Some(profile) = profile_key(card.notes.as_deref()) {
            for id in book.with_profile(&profile)? {
                self.compared += 1;
                let contact = book.load(id)?;
                if profile_key(contact.notes.as_deref()).as_ref() == Some(&profile) {
                    return Ok(Some((contact, true)));
                }
            }
        }
        let email = email_key(card.email.as_deref());
        if let Some(email) = &email {
            for id in book.with_email(email)? {
                self.compared += 1;
                let contact = book.load(id)?;
                let same = same_email_as(card, &contact) || has_email_row(&book.card(id)?, email);
                if same && compatible_names(card, &contact) {
                    return Ok(Some((contact, false)));
                }
            }
        }
        let name = fold(card.name.trim());
        let company = fold(trimmed(card.company.as_deref()));
        // A card with an email matches by name only people without one (the same one was looked for).
        for id in book.with_name(&name, &company, email.is_some())? {
            self.compared += 1;
            let contact = book.load(id)?;
            if same_person_by_name(card, &contact) {
                return Ok(Some((contact, false)));
            }
        }
        Ok(None)
    }

    /// Creates, updates or skips for one card.
    pub fn card<B: ContactBook>(&mut self, book: &mut B, card: &Card) -> Result<Plan, B::Error> {
        let Some((mut contact, by_profile)) = self.find(book, card)? else {
            let id = book.create(&card_to_contact(card, self.created_at))?;
            let mut rows = Vec::new();
            if self.current_jobs.is_some_and(|jobs| jobs.stamp(&mut rows)) {
                rows.extend_from_slice(&card.properties);
                book.set_card(id, &rows)?;
            } else if !card.properties.is_empty() {
                book.set_card(id, &card.properties)?;
            }
            self.counts.created += 1;
            return Ok(Plan::Create);
        };
        let mut rows = book.card(contact.id)?;
        let (mut new_job, mut rows_changed) = (false, false);
        if let Some(jobs) = self.current_jobs.filter(|_| by_profile)
            && jobs.may_replace(&rows)
            && take_job(card, &mut contact)
        {
            (new_job, rows_changed) = (true, jobs.stamp(&mut rows));
            self.note_job_change(&contact);
        }
        let changed = merge(card, &mut contact) || new_job;
        let missing = missing_rows(&rows, card, &contact);
        if !changed && missing.is_empty() {
            self.counts.skipped += 1;
            return Ok(Plan::Skip(contact.id));
        }
        if changed {
            book.update(&contact)?;
        }
        if rows_changed || !missing.is_empty() {
            // The contact's own groups stay its own: the card's are renumbered where they clash.
            let missing = super::vcard::regroup(&rows, missing);
            rows.extend(missing);
            book.set_card(contact.id, &rows)?;
        }
        if contact.id <= self.last_known {
            self.updated.insert(contact.id);
        }
        Ok(Plan::Update(contact.id))
    }

    /// Counts a contact whose company or role the file changed, when the journal had them.
    fn note_job_change(&mut self, contact: &Contact) {
        if contact.id > self.last_known {
            return;
        }
        self.job_changes.0 += 1;
        if self.job_changes.1.len() < Self::JOB_CHANGES_KEPT {
            self.job_changes.1.push(JobChange {
                name: contact.name.clone(),
                company: contact.company.clone(),
                role: contact.role.clone(),
            });
        }
    }

    /// What the import has done so far.
    pub fn counts(&self) -> ContactCounts {
        ContactCounts {
            updated: self.updated.len(),
            ..self.counts
        }
    }

    /// How many job changes [`ContactImport::job_changes`] keeps.
    pub const JOB_CHANGES_KEPT: usize = 10;

    /// How many contacts got a new company or role (see [`ContactImport::with_current_jobs`]), and
    /// the first [`ContactImport::JOB_CHANGES_KEPT`] of them.
    pub fn job_changes(&self) -> (usize, &[JobChange]) {
        (self.job_changes.0, &self.job_changes.1)
    }

    /// How many contacts were read to compare with a card so far.
    pub fn compared(&self) -> usize {
        self.compared
    }
}

/// Decides what an import does with each card against the contacts already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// No contact matches: add one.
    Create,
    /// This contact matches and the card adds something to it ([`merge`]).
    Update(Id),
    /// This contact matches and already has everything the card would add.
    Skip(Id),
}
