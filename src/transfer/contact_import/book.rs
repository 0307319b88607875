//! Where an import reads and writes contacts: the journal's import transaction, or a list in tests.

use crate::domain::model::{CardProperty, Contact, Id};

/// Where contacts are read and written during an import (the journal's import transaction; a list in
/// tests).
pub trait ContactBook {
    /// What a read or write can fail with.
    type Error;
    /// The contact with this id, as it is now.
    fn load(&mut self, id: Id) -> Result<Contact, Self::Error>;
    /// Contacts whose [`email_key`] is `email`, in match order: the journal's contacts by folded
    /// name and id, then the ones this import created, by id.
    fn with_email(&mut self, email: &str) -> Result<Vec<Id>, Self::Error>;
    /// Contacts with this folded name and folded company (`""` for none), by id; with
    /// `without_email` only those without an email.
    fn with_name(
        &mut self,
        name: &str,
        company: &str,
        without_email: bool,
    ) -> Result<Vec<Id>, Self::Error>;
    /// Contacts whose notes name the LinkedIn profile with this [`profile_key`], by id.
    fn with_profile(&mut self, profile: &str) -> Result<Vec<Id>, Self::Error>;
    /// Adds a contact; returns its id.
    fn create(&mut self, contact: &Contact) -> Result<Id, Self::Error>;
    /// Writes a changed contact.
    fn update(&mut self, contact: &Contact) -> Result<(), Self::Error>;
    /// The kept card properties of a contact.
    fn card(&mut self, id: Id) -> Result<Vec<CardProperty>, Self::Error>;
    /// Replaces the kept card properties of a contact.
    fn set_card(&mut self, id: Id, properties: &[CardProperty]) -> Result<(), Self::Error>;
}

impl ContactBook for crate::store::AddressBookImport<'_> {
    type Error = crate::store::StoreError;

    fn load(&mut self, id: Id) -> Result<Contact, Self::Error> {
        self.contact(id)
    }

    fn with_email(&mut self, email: &str) -> Result<Vec<Id>, Self::Error> {
        self.ids_with_email(email)
    }

    fn with_name(
        &mut self,
        name: &str,
        company: &str,
        without_email: bool,
    ) -> Result<Vec<Id>, Self::Error> {
        self.ids_with_name(name, company, without_email)
    }

    fn with_profile(&mut self, profile: &str) -> Result<Vec<Id>, Self::Error> {
        self.ids_with_profile(profile)
    }

    fn create(&mut self, contact: &Contact) -> Result<Id, Self::Error> {
        crate::store::AddressBookImport::create(self, contact)
    }

    fn update(&mut self, contact: &Contact) -> Result<(), Self::Error> {
        crate::store::AddressBookImport::update(self, contact)
    }

    fn card(&mut self, id: Id) -> Result<Vec<CardProperty>, Self::Error> {
        self.card_properties(id)
    }

    fn set_card(&mut self, id: Id, properties: &[CardProperty]) -> Result<(), Self::Error> {
        self.set_card_properties(id, properties)
    }
}
