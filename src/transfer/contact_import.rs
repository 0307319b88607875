//! What an address-book import (vCard, LinkedIn) does with each card: find the person it describes
//! among the contacts (the same LinkedIn profile, else the same email, else the same name and
//! company), then create them, fill in what the card adds ([`merge`]), or skip the card. The journal finds the candidates through indexes on
//! the same keys (see [`crate::store::AddressBookImport`]), so a card costs the same however many
//! contacts there are, and no contact is held in memory: they are read and written as the cards come.

use super::vcard::{Card, card_to_contact};
use crate::domain::model::{CardProperty, Contact, Id};
pub use crate::store::{email_key, profile_key};
use crate::text::fold;
use chrono::{DateTime, FixedOffset};
use std::collections::HashSet;

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
    /// Whether a card found by its profile brings the person's current company and role.
    current_jobs: bool,
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
            current_jobs: false,
            job_changes: (0, Vec::new()),
        }
    }

    /// Cards found by their LinkedIn profile bring the person's current company and role (a LinkedIn
    /// export is newer than what it changes), instead of only filling empty fields.
    pub fn with_current_jobs(self) -> ContactImport {
        ContactImport {
            current_jobs: true,
            ..self
        }
    }

    /// The contact `card` describes, and whether it was found by its profile: the first with the same
    /// LinkedIn profile, else the first with the same email, else the first with the same name and
    /// company whose email and profile do not differ. The book hands out candidates by key; each is
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
                if same_email_as(card, &contact) || has_email_row(&book.card(id)?, email) {
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
            if !card.properties.is_empty() {
                book.set_card(id, &card.properties)?;
            }
            self.counts.created += 1;
            return Ok(Plan::Create);
        };
        let new_job = by_profile && self.current_jobs && take_job(card, &mut contact);
        if new_job && contact.id <= self.last_known {
            self.job_changes.0 += 1;
            if self.job_changes.1.len() < Self::JOB_CHANGES_KEPT {
                self.job_changes.1.push(JobChange {
                    name: contact.name.clone(),
                    company: contact.company.clone(),
                    role: contact.role.clone(),
                });
            }
        }
        let changed = merge(card, &mut contact) || new_job;
        let mut rows = book.card(contact.id)?;
        let missing = missing_rows(&rows, card, &contact);
        if !changed && missing.is_empty() {
            self.counts.skipped += 1;
            return Ok(Plan::Skip(contact.id));
        }
        if changed {
            book.update(&contact)?;
        }
        if !missing.is_empty() {
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

/// A kept EMAIL row (`item1.EMAIL` too) has this [`email_key`].
fn has_email_row(rows: &[CardProperty], key: &str) -> bool {
    rows.iter().any(|p| {
        p.base_name() == "EMAIL" && email_key(Some(&p.plain_value())).as_deref() == Some(key)
    })
}

/// The card's kept properties a matched contact does not have yet: EMAIL and TEL rows whose plain
/// value it lacks (emails ignoring case), other rows whose value it lacks; the card's N only when
/// the contact has none and bears the card's name, its ORG only when the contact has none and
/// works at the card's company, its UID only when it has none.
fn missing_rows(have: &[CardProperty], card: &Card, contact: &Contact) -> Vec<CardProperty> {
    let mut missing: Vec<CardProperty> = Vec::new();
    for p in &card.properties {
        let name = p.base_name();
        let held = |h: &&CardProperty| {
            h.base_name() == name
                && match name {
                    "N" | "ORG" | "UID" => true,
                    "EMAIL" => same_email(&h.plain_value(), &p.plain_value()),
                    "TEL" => h.plain_value() == p.plain_value(),
                    _ => h.value == p.value,
                }
        };
        let fits = match name {
            "N" => same_folded(card.name.trim(), contact.name.trim()),
            "ORG" => same_folded(
                trimmed(card.company.as_deref()),
                trimmed(contact.company.as_deref()),
            ),
            _ => true,
        };
        if fits && !have.iter().any(|h| held(&h)) && !missing.iter().any(|h| held(&h)) {
            missing.push(p.clone());
        }
    }
    missing
}

/// The card has an email and the contact has the same one (ignoring case).
fn same_email_as(card: &Card, contact: &Contact) -> bool {
    let email = trimmed(card.email.as_deref());
    let other = trimmed(contact.email.as_deref());
    !email.is_empty() && !other.is_empty() && same_email(email, other)
}

/// The same folded name and company (no company on either side counts as the same), unless both have
/// emails or LinkedIn profiles and they differ (namesakes at one company).
fn same_person_by_name(card: &Card, contact: &Contact) -> bool {
    let email = trimmed(card.email.as_deref());
    let other = trimmed(contact.email.as_deref());
    let emails_differ = !email.is_empty() && !other.is_empty() && !same_email(email, other);
    let profiles_differ = match (
        profile_key(card.notes.as_deref()),
        profile_key(contact.notes.as_deref()),
    ) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    };
    !emails_differ
        && !profiles_differ
        && same_folded(card.name.trim(), contact.name.trim())
        && same_folded(
            trimmed(card.company.as_deref()),
            trimmed(contact.company.as_deref()),
        )
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

fn trimmed(value: Option<&str>) -> &str {
    value.map_or("", str::trim)
}

fn same_email(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// The characters of one character's [`fold`], mostly without an allocation.
enum Folded {
    Ascii(Option<char>),
    Latin(std::str::Chars<'static>),
    Other(std::vec::IntoIter<char>),
}

impl Iterator for Folded {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            Folded::Ascii(c) => c.take(),
            Folded::Latin(chars) => chars.next(),
            Folded::Other(chars) => chars.next(),
        }
    }
}

/// [`fold`] of each character from U+0080 to U+024F (the accented letters of European names), computed
/// once, so that comparing such names allocates nothing.
fn folded_latin(c: char) -> Option<&'static str> {
    const FIRST: u32 = 0x80;
    const END: u32 = 0x250;
    static TABLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let code = u32::from(c);
    if !(FIRST..END).contains(&code) {
        return None;
    }
    let table = TABLE.get_or_init(|| {
        (FIRST..END)
            .map(|u| {
                char::from_u32(u).map_or_else(String::new, |c| fold(c.encode_utf8(&mut [0; 4])))
            })
            .collect()
    });
    table
        .get(usize::try_from(code - FIRST).ok()?)
        .map(String::as_str)
}

/// `fold(a) == fold(b)`, stopping at the first difference, so that planning an import of thousands of
/// cards against thousands of contacts does not fold every name for every card. Folding works one
/// character at a time (decompose, drop marks, lower-case), so folding each character alone is the same.
fn same_folded(a: &str, b: &str) -> bool {
    fn chars(text: &str) -> impl Iterator<Item = char> + '_ {
        text.chars().flat_map(|c| {
            if c.is_ascii() {
                Folded::Ascii(Some(c.to_ascii_lowercase()))
            } else if let Some(folded) = folded_latin(c) {
                Folded::Latin(folded.chars())
            } else {
                let folded: Vec<char> = fold(c.encode_utf8(&mut [0; 4])).chars().collect();
                Folded::Other(folded.into_iter())
            }
        })
    }
    chars(a).eq(chars(b))
}

/// Takes the card's company and role where it has them and they differ from the contact's beyond
/// case, accents and spacing (a job change); returns whether anything changed.
fn take_job(card: &Card, into: &mut Contact) -> bool {
    let mut changed = false;
    for (field, value) in [
        (&mut into.company, card.company.as_deref()),
        (&mut into.role, card.role.as_deref()),
    ] {
        let value = trimmed(value);
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !value.is_empty() && !same_folded(&words(value), &words(trimmed(field.as_deref()))) {
            *field = Some(value.to_string());
            changed = true;
        }
    }
    changed
}

fn fill_text(field: &mut Option<String>, value: Option<&String>, changed: &mut bool) {
    let empty = field.as_deref().is_none_or(|f| f.trim().is_empty());
    if let Some(value) = value.filter(|v| !v.trim().is_empty())
        && empty
    {
        *field = Some(value.clone());
        *changed = true;
    }
}

fn fill<T: Copy>(field: &mut Option<T>, value: Option<T>, changed: &mut bool) {
    if field.is_none() && value.is_some() {
        *field = value;
        *changed = true;
    }
}

/// Brings what a card knows into an existing contact without overwriting what the user wrote: fills
/// empty fields, adds missing tags, and appends the card's notes unless they are already contained.
/// Returns whether anything changed.
pub fn merge(card: &Card, into: &mut Contact) -> bool {
    let mut changed = false;
    fill_text(&mut into.company, card.company.as_ref(), &mut changed);
    fill_text(&mut into.role, card.role.as_ref(), &mut changed);
    fill_text(&mut into.email, card.email.as_ref(), &mut changed);
    fill_text(&mut into.phone, card.phone.as_ref(), &mut changed);
    fill_text(&mut into.salutation, card.salutation.as_ref(), &mut changed);
    fill(&mut into.birthday, card.birthday, &mut changed);
    fill(&mut into.address_form, card.address_form, &mut changed);
    fill(&mut into.tier, card.tier, &mut changed);
    fill(&mut into.cadence_days, card.cadence_days, &mut changed);
    fill(&mut into.met_on, card.met_on, &mut changed);
    changed |= crate::domain::merge::add_tags(&mut into.tags, &card.tags);
    let notes = card.notes.as_deref().unwrap_or_default();
    changed |= crate::domain::merge::append_notes(&mut into.notes, notes).is_some();
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Tier;
    use crate::transfer::vcard::parse;
    use crate::transfer::vcard::tests::{
        card, created, export_without_cards, full_contact, s, tags,
    };
    use proptest::prelude::*;

    /// The contact a card describes: the same email (case-insensitive), else the same folded name and
    /// company (no company on either side counts as the same) unless both have emails and they differ.
    fn matching<'a>(card: &Card, existing: &'a [Contact]) -> Option<&'a Contact> {
        let email = trimmed(card.email.as_deref());
        if !email.is_empty()
            && let Some(found) = existing.iter().find(|c| {
                let other = trimmed(c.email.as_deref());
                !other.is_empty() && same_email(email, other)
            })
        {
            return Some(found);
        }
        let name = card.name.trim();
        let company = trimmed(card.company.as_deref());
        existing.iter().find(|c| {
            let other = trimmed(c.email.as_deref());
            let emails_differ = !email.is_empty() && !other.is_empty() && !same_email(email, other);
            !emails_differ
                && same_folded(name, c.name.trim())
                && same_folded(company, trimmed(c.company.as_deref()))
        })
    }

    /// Decides what importing `card` does: match by email first, then by name and company; a match becomes
    /// an update when [`merge`] would change the contact, else a skip.
    fn plan(card: &Card, existing: &[Contact]) -> Plan {
        match matching(card, existing) {
            None => Plan::Create,
            Some(found) => {
                let mut copy = found.clone();
                if merge(card, &mut copy) {
                    Plan::Update(found.id)
                } else {
                    Plan::Skip(found.id)
                }
            }
        }
    }

    fn existing() -> Vec<Contact> {
        let mut anna = Contact::new("Anna Schmidt", created());
        anna.id = 1;
        anna.email = s("Anna.Schmidt@Beispiel-AG.example");
        anna.company = s("Beispiel AG");
        let mut juergen = Contact::new("Jürgen Müller", created());
        juergen.id = 2;
        juergen.company = s("Müller & Söhne");
        juergen.tags = tags(&["Segeln"]);
        let mut solo = Contact::new("Ödön Horváth", created());
        solo.id = 3;
        solo.notes = s("Schreibt Stücke.");
        vec![anna, juergen, solo]
    }

    #[test]
    fn plan_matches_by_email_then_name_and_company() {
        let contacts = existing();
        // Email, case and spaces ignored; the name may differ.
        let by_email = Card {
            email: s("  anna.schmidt@beispiel-ag.example "),
            phone: s("+49 1"),
            ..card("A. Schmidt", 1)
        };
        assert_eq!(plan(&by_email, &contacts), Plan::Update(1));
        // Name and company, folded.
        let by_name = Card {
            company: s("MÜLLER & SÖHNE"),
            tags: tags(&["segeln", "Tee"]),
            ..card("jurgen muller", 1)
        };
        assert_eq!(plan(&by_name, &contacts), Plan::Update(2));
        // No company on either side matches; a company on one side only does not.
        assert_eq!(plan(&card("Odon Horvath", 1), &contacts), Plan::Skip(3));
        let other_company = Card {
            company: s("Burgtheater"),
            ..card("Ödön Horváth", 1)
        };
        assert_eq!(plan(&other_company, &contacts), Plan::Create);
        assert_eq!(
            plan(&card("Jürgen Müller", 1), &contacts),
            Plan::Create,
            "company missing on the card"
        );
        assert_eq!(plan(&card("Niemand", 1), &contacts), Plan::Create);
        // Same name and company but a different email is another person.
        let namesake = Card {
            email: s("anna@elsewhere.example"),
            company: s("Beispiel AG"),
            ..card("Anna Schmidt", 1)
        };
        assert_eq!(plan(&namesake, &contacts), Plan::Create);
    }

    #[test]
    fn plan_skips_what_changes_nothing() {
        let contacts = existing();
        let same = Card {
            email: s("anna.schmidt@beispiel-ag.example"),
            company: s("Beispiel AG"),
            ..card("Anna Schmidt", 1)
        };
        assert_eq!(plan(&same, &contacts), Plan::Skip(1));
        // A note already contained and a tag already there (in another case) change nothing.
        let contained = Card {
            company: s("Müller & Söhne"),
            tags: tags(&["SEGELN"]),
            ..card("Jürgen Müller", 1)
        };
        assert_eq!(plan(&contained, &contacts), Plan::Skip(2));
        // An import of our own export is a skip for every contact.
        let mut exported = contacts.clone();
        exported.push(Contact {
            id: 4,
            ..full_contact()
        });
        for card in parse(&export_without_cards(&exported)).unwrap() {
            assert!(matches!(plan(&card, &exported), Plan::Skip(_)), "{card:?}");
        }
    }

    #[test]
    fn merge_fills_gaps_and_appends_notes() {
        let mut contact = existing().remove(2);
        contact.company = s("");
        let incoming = Card {
            company: s("Burgtheater"),
            role: s("Autor"),
            tags: tags(&["Theater"]),
            notes: s("Mag Wien."),
            tier: Some(Tier::B),
            ..card("Ödön Horváth", 1)
        };
        assert!(merge(&incoming, &mut contact));
        assert_eq!(contact.company.as_deref(), Some("Burgtheater"));
        assert_eq!(contact.role.as_deref(), Some("Autor"));
        assert_eq!(contact.tags, tags(&["Theater"]));
        assert_eq!(contact.tier, Some(Tier::B));
        assert_eq!(
            contact.notes.as_deref(),
            Some("Schreibt Stücke.\n\nMag Wien.")
        );
        assert!(
            !merge(&incoming, &mut contact),
            "a second merge changes nothing"
        );
        let conflicting = Card {
            role: s("Dramatiker"),
            tier: Some(Tier::A),
            ..card("Ödön Horváth", 1)
        };
        assert!(!merge(&conflicting, &mut contact));
        assert_eq!(contact.role.as_deref(), Some("Autor"));
        assert_eq!(contact.tier, Some(Tier::B));
        let created_contact = card_to_contact(&incoming, created());
        assert_eq!(created_contact.name, "Ödön Horváth");
        assert_eq!(created_contact.company.as_deref(), Some("Burgtheater"));
        assert_eq!(created_contact.created_at, created());
    }

    /// Contacts in a list, counting how often one is read.
    #[derive(Default)]
    struct Book {
        contacts: Vec<Contact>,
        cards: std::collections::HashMap<Id, Vec<CardProperty>>,
        last_known: Id,
        loads: usize,
    }

    impl ContactBook for Book {
        type Error = std::convert::Infallible;

        fn load(&mut self, id: Id) -> Result<Contact, Self::Error> {
            self.loads += 1;
            Ok(self.contacts[usize::try_from(id - 1).unwrap()].clone())
        }

        fn with_email(&mut self, email: &str) -> Result<Vec<Id>, Self::Error> {
            let mut found: Vec<&Contact> = self
                .contacts
                .iter()
                .filter(|c| {
                    email_key(c.email.as_deref()).as_deref() == Some(email)
                        || self
                            .cards
                            .get(&c.id)
                            .is_some_and(|rows| has_email_row(rows, email))
                })
                .collect();
            found.sort_by_key(|c| {
                let new = c.id > self.last_known;
                (new, if new { String::new() } else { fold(&c.name) }, c.id)
            });
            Ok(found.iter().map(|c| c.id).collect())
        }

        fn with_name(
            &mut self,
            name: &str,
            company: &str,
            without_email: bool,
        ) -> Result<Vec<Id>, Self::Error> {
            Ok(self
                .contacts
                .iter()
                .filter(|c| {
                    fold(c.name.trim()) == name
                        && fold(trimmed(c.company.as_deref())) == company
                        && (!without_email || email_key(c.email.as_deref()).is_none())
                })
                .map(|c| c.id)
                .collect())
        }

        fn with_profile(&mut self, profile: &str) -> Result<Vec<Id>, Self::Error> {
            Ok(self
                .contacts
                .iter()
                .filter(|c| profile_key(c.notes.as_deref()).as_deref() == Some(profile))
                .map(|c| c.id)
                .collect())
        }

        fn create(&mut self, contact: &Contact) -> Result<Id, Self::Error> {
            let id = Id::try_from(self.contacts.len()).unwrap() + 1;
            self.contacts.push(Contact {
                id,
                ..contact.clone()
            });
            Ok(id)
        }

        fn update(&mut self, contact: &Contact) -> Result<(), Self::Error> {
            self.contacts[usize::try_from(contact.id - 1).unwrap()] = contact.clone();
            Ok(())
        }

        fn card(&mut self, id: Id) -> Result<Vec<CardProperty>, Self::Error> {
            Ok(self.cards.get(&id).cloned().unwrap_or_default())
        }

        fn set_card(&mut self, id: Id, properties: &[CardProperty]) -> Result<(), Self::Error> {
            self.cards.insert(id, properties.to_vec());
            Ok(())
        }
    }

    /// Imports `cards` into a book holding `existing` (ids 1, 2, …, in the order given, which must
    /// be by folded name as the journal gives them).
    fn import_all(existing: &[Contact], cards: &[Card]) -> (Book, ContactImport, Vec<Plan>) {
        let mut book = Book::default();
        for c in existing {
            book.create(c).unwrap();
        }
        book.last_known = Id::try_from(existing.len()).unwrap();
        let mut import = ContactImport::new(book.last_known, created());
        let plans = cards
            .iter()
            .map(|card| import.card(&mut book, card).unwrap())
            .collect();
        (book, import, plans)
    }

    /// The same import as the list scan it replaces: every card planned against every contact.
    fn import_by_scan(existing: &[Contact], cards: &[Card]) -> (Vec<Contact>, Vec<Plan>) {
        let mut all: Vec<Contact> = existing.to_vec();
        for (i, c) in all.iter_mut().enumerate() {
            c.id = Id::try_from(i).unwrap() + 1;
        }
        let mut plans = Vec::new();
        for card in cards {
            let plan = plan(card, &all);
            match plan {
                Plan::Create => {
                    let id = Id::try_from(all.len()).unwrap() + 1;
                    all.push(Contact {
                        id,
                        ..card_to_contact(card, created())
                    });
                }
                Plan::Update(id) => {
                    merge(card, &mut all[usize::try_from(id - 1).unwrap()]);
                }
                Plan::Skip(_) => {}
            }
            plans.push(plan);
        }
        (all, plans)
    }

    #[test]
    fn work_per_card_stays_flat() {
        let people = |n: usize| -> Vec<Card> {
            (0..n)
                .map(|i| Card {
                    email: (i % 3 != 0).then(|| format!("p{i}@x.example")),
                    company: s(&format!("Firma {}", i % 7)),
                    ..card(&format!("Person {i}"), 1)
                })
                .collect()
        };
        for n in [300, 1200] {
            // A new file, then the same file again (every card matches), then the names without
            // emails (matched by name and company).
            let cards = people(n);
            let (book, import, _) = import_all(&[], &cards);
            assert_eq!(import.counts().created, n);
            let (_, again, plans) = import_all(&book.contacts, &cards);
            assert!(plans.iter().all(|p| matches!(p, Plan::Skip(_))));
            let by_name: Vec<Card> = cards
                .iter()
                .map(|c| Card {
                    email: None,
                    ..c.clone()
                })
                .collect();
            let (_, named, _) = import_all(&book.contacts, &by_name);
            for (what, compared) in [
                ("new", import.compared()),
                ("again", again.compared()),
                ("by name", named.compared()),
            ] {
                assert!(
                    compared <= n,
                    "{what}: {compared} contacts read for {n} cards"
                );
            }
        }
    }

    #[test]
    fn profile_key_ignores_scheme_host_query_case_and_trailing_slash() {
        for notes in [
            "LinkedIn: https://www.linkedin.com/in/Anjula-Batra/",
            "Met at the fair.\n\nlinkedin:   http://de.linkedin.com/in/anjula-batra?trk=x",
        ] {
            assert_eq!(
                profile_key(Some(notes)).as_deref(),
                Some("in/anjula-batra"),
                "{notes}"
            );
        }
        for notes in [
            "",
            "Knows https://www.linkedin.com/in/someone",
            "LinkedIn:  ",
        ] {
            assert_eq!(profile_key(Some(notes)), None, "{notes}");
        }
    }

    #[test]
    fn a_profile_finds_its_person_first_and_brings_a_new_job_only_from_linkedin() {
        let linkedin = |company: &str, role: &str, url: &str| Card {
            company: s(company),
            role: s(role),
            notes: Some(format!("LinkedIn: https://www.linkedin.com/in/{url}")),
            ..card("Anjula Batra", 1)
        };
        let first = [
            linkedin("Kestrel Ltd", "Sales Manager", "anjula"),
            linkedin("Kestrel Ltd", "Sales Manager", "anjula-2"),
        ];
        let (book, import, _) = import_all(&[], &first);
        assert_eq!(import.counts().created, 2, "namesakes with two profiles");
        let moved = [linkedin("Brightwave Ltd", "Head of Sales", "anjula/")];
        let mut again = ContactImport::new(2, created()).with_current_jobs();
        let mut book = book;
        assert_eq!(again.card(&mut book, &moved[0]).unwrap(), Plan::Update(1));
        let (n, changes) = again.job_changes();
        assert_eq!(n, 1);
        assert_eq!(
            changes[0],
            JobChange {
                name: "Anjula Batra".into(),
                company: s("Brightwave Ltd"),
                role: s("Head of Sales"),
            }
        );
        assert_eq!(book.contacts[1].company.as_deref(), Some("Kestrel Ltd"));
        // A vCard naming the profile finds the person but only fills what is empty.
        let (vcard_book, vcard, plans) = import_all(&book.contacts, &first[..1]);
        assert_eq!(plans, [Plan::Skip(1)]);
        assert_eq!(vcard.job_changes().0, 0);
        assert_eq!(
            vcard_book.contacts[0].company.as_deref(),
            Some("Brightwave Ltd")
        );
    }

    proptest! {
        #[test]
        fn index_decides_as_the_scan_did(
            existing in proptest::collection::vec((0..4usize, 0..3usize, 0..4usize), 0..8),
            cards in proptest::collection::vec((0..4usize, 0..3usize, 0..4usize, 0..3usize), 0..16),
        ) {
            const NAMES: [&str; 4] = ["Anna Müller", "anna muller", "Ben", "Ödön"];
            const COMPANIES: [&str; 3] = ["", "Beispiel AG", "BEISPIEL ag"];
            const EMAILS: [&str; 4] = ["", "a@x.example", "A@X.example", "b@x.example"];
            let contact = |(n, c, e): (usize, usize, usize)| Contact {
                company: s(COMPANIES[c]).filter(|c| !c.is_empty()),
                email: s(EMAILS[e]).filter(|e| !e.is_empty()),
                ..Contact::new(NAMES[n], created())
            };
            let mut existing: Vec<Contact> = existing.into_iter().map(contact).collect();
            existing.sort_by_key(|c| fold(&c.name));
            let cards: Vec<Card> = cards
                .into_iter()
                .map(|(n, c, e, t)| Card {
                    company: s(COMPANIES[c]).filter(|c| !c.is_empty()),
                    email: s(EMAILS[e]).filter(|e| !e.is_empty()),
                    tags: tags(&["Tee", "Jazz", "tee"][..t]),
                    ..card(NAMES[n], 1)
                })
                .collect();
            let (book, _, plans) = import_all(&existing, &cards);
            let (expected, expected_plans) = import_by_scan(&existing, &cards);
            prop_assert_eq!(plans, expected_plans);
            prop_assert_eq!(book.contacts, expected);
        }

        #[test]
        fn same_folded_agrees_with_fold(a in "\\PC{0,12}", b in "[aouAOUäöüÄÖÜßøØłŁæÆœ\u{308}\u{80}-\u{24f}İ ]{0,6}") {
            use unicode_normalization::UnicodeNormalization;
            for other in [b.clone(), a.to_uppercase(), a.nfd().collect(), a.nfc().collect(), format!("{a}x")] {
                prop_assert_eq!(same_folded(&a, &other), fold(&a) == fold(&other), "{:?} {:?}", a, other);
            }
            prop_assert_eq!(same_folded(&b, &b.to_lowercase()), fold(&b) == fold(&b.to_lowercase()));
        }

    }
}
