//! What a card says: the properties of one card taken into a [`Card`] once it has ended.

use super::super::charset::{collect_legacy, guess_legacy, named};
use super::read::{Encoding, Property, READ_PROPERTIES};
use super::values::{
    block, non_empty, one_line, parse_date, reachable, single_line, unescape, unescape_split,
};
use super::{Card, VcardError, excerpt, syntax};
use crate::domain::model::{AddressForm, Contact, Tier};
use crate::text::fold;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// A card skipped for having no name: no FN, N, ORG or EMAIL (iCloud writes phone-only cards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nameless {
    /// 1-based line of its `BEGIN:VCARD`.
    pub line: usize,
    /// It has a phone number, and nothing else to name it by.
    pub phone: bool,
}

/// What one card has said so far.
#[derive(Default)]
pub(super) struct CardBuilder {
    pub(super) line: usize,
    /// The properties an import reads, as read, until END:VCARD tells their character set.
    properties: Vec<Property>,
    formatted: Option<String>,
    structured: Option<String>,
    company: Option<String>,
    title: Option<String>,
    role: Option<String>,
    emails: Vec<(u8, String)>,
    phones: Vec<(u8, String)>,
    notes: Vec<String>,
    tags: Vec<String>,
    birthday: Option<NaiveDate>,
    address_form: Option<AddressForm>,
    salutation: Option<String>,
    tier: Option<Tier>,
    cadence_days: Option<u32>,
    met_on: Option<NaiveDate>,
}

/// Google adds every contact to its system group `myContacts`; that is not an interest.
pub(super) const IGNORED_CATEGORIES: &[&str] = &["myContacts"];

impl CardBuilder {
    pub(super) fn new(line: usize) -> Self {
        CardBuilder {
            line,
            ..CardBuilder::default()
        }
    }

    /// Keeps a property for [`CardBuilder::finish`]; binary data and properties not read are dropped.
    pub(super) fn push(&mut self, property: Property) {
        if property.encoding() != Encoding::Base64
            && READ_PROPERTIES.contains(&property.name.as_str())
        {
            self.properties.push(property);
        }
    }

    /// The code page of the card's bytes that are neither UTF-8 nor labelled: the first legacy
    /// `CHARSET` the card names, else the guess from those bytes ([`guess_legacy`]).
    fn legacy(&self) -> &'static encoding_rs::Encoding {
        let labels = self.properties.iter().filter_map(|p| p.param("CHARSET"));
        if let Some(named) = labels
            .filter_map(|label| named(label).ok())
            .find(|e| *e != encoding_rs::UTF_8)
        {
            return named;
        }
        let mut sample = Vec::new();
        for property in &self.properties {
            if property.param("CHARSET").is_none() {
                collect_legacy(&property.bytes(), &mut sample);
            }
        }
        if sample.is_empty() {
            encoding_rs::WINDOWS_1252
        } else {
            guess_legacy(&sample)
        }
    }

    /// Takes one decoded property into the card.
    fn add(&mut self, property: &Property, value: &str) -> Result<(), VcardError> {
        match property.name.as_str() {
            "FN" => keep_first(&mut self.formatted, || one_line(value)),
            "N" => keep_first(&mut self.structured, || {
                name_from_parts(&unescape_split(value, Some(';')))
            }),
            "ORG" => keep_first(&mut self.company, || {
                let first = unescape_split(value, Some(';')).into_iter().next();
                first.map(|c| single_line(&c)).and_then(non_empty)
            }),
            "TITLE" => keep_first(&mut self.title, || one_line(value)),
            "ROLE" => keep_first(&mut self.role, || one_line(value)),
            "EMAIL" => self.emails.extend(reachable(property, value, "mailto:")),
            "TEL" => self.phones.extend(reachable(property, value, "tel:")),
            "NOTE" => self.notes.extend(non_empty(block(&unescape(value)))),
            "CATEGORIES" => self.add_categories(value),
            "BDAY" => keep_first(&mut self.birthday, || {
                parse_date(value, property.param("X-APPLE-OMIT-YEAR"))
            }),
            _ => return self.add_own(property, value),
        }
        Ok(())
    }

    /// Takes the interests of a `CATEGORIES` value, each once (in any spelling), without Google's
    /// system groups.
    fn add_categories(&mut self, value: &str) {
        for tag in unescape_split(value, Some(',')) {
            let tag = single_line(&tag);
            if tag.is_empty()
                || IGNORED_CATEGORIES.contains(&tag.as_str())
                || self.tags.iter().any(|t| fold(t) == fold(&tag))
            {
                continue;
            }
            self.tags.push(tag);
        }
    }

    /// Takes one of rapport's own `X-RAPPORT-` properties into the card; their values are checked.
    fn add_own(&mut self, property: &Property, value: &str) -> Result<(), VcardError> {
        let invalid = |what: String| syntax(property.line, format!("{}: {what}", property.name));
        match property.name.as_str() {
            "X-RAPPORT-ADDRESS-FORM" => {
                let form = unescape(value)
                    .parse()
                    .map_err(|e| invalid(format!("{e}")))?;
                self.address_form = Some(form);
            }
            "X-RAPPORT-SALUTATION" => {
                self.salutation = one_line(value);
            }
            "X-RAPPORT-TIER" => {
                let tier = unescape(value)
                    .parse()
                    .map_err(|e| invalid(format!("{e}")))?;
                self.tier = Some(tier);
            }
            "X-RAPPORT-CADENCE-DAYS" => {
                let days = value
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|d| *d > 0)
                    .ok_or_else(|| {
                        invalid(format!("'{}' is not a number of days", excerpt(value)))
                    })?;
                self.cadence_days = Some(days);
            }
            "X-RAPPORT-MET-ON" => {
                let day = parse_date(value, None)
                    .ok_or_else(|| invalid(format!("'{}' is not a date", excerpt(value))))?;
                self.met_on = Some(day);
            }
            _ => {}
        }
        Ok(())
    }

    /// The card, or what it has when it has no name; `Err` when it is invalid or cannot be decoded.
    pub(super) fn finish(mut self) -> Result<Result<Card, Nameless>, VcardError> {
        let legacy = self.legacy();
        let properties = std::mem::take(&mut self.properties);
        for property in &properties {
            let value = property
                .decoded(legacy)
                .map_err(|e| VcardError::Undecodable {
                    line: self.line,
                    name: rough_name(&properties),
                    charset: e.charset,
                })?;
            self.add(property, &value)?;
        }
        self.emails.sort_by_key(|(pref, _)| *pref);
        self.phones.sort_by_key(|(pref, _)| *pref);
        let mut emails = self.emails.into_iter().map(|(_, e)| e);
        let mut phones = self.phones.into_iter().map(|(_, p)| p);
        let email = emails.next();
        let phone = phones.next();
        let Some(name) = self
            .formatted
            .or(self.structured)
            .or_else(|| self.company.clone())
            .or_else(|| email.clone())
        else {
            return Ok(Err(Nameless {
                line: self.line,
                phone: phone.is_some(),
            }));
        };
        let mut lines: Vec<String> = emails.map(|e| format!("Email: {e}")).collect();
        lines.extend(phones.map(|p| format!("Phone: {p}")));
        lines.extend(self.notes);
        Ok(Ok(Card {
            name,
            company: self.company,
            role: self.title.or(self.role),
            email,
            phone,
            birthday: self.birthday,
            tags: self.tags,
            notes: non_empty(lines.join("\n")),
            address_form: self.address_form,
            salutation: self.salutation,
            tier: self.tier,
            cadence_days: self.cadence_days,
            met_on: self.met_on,
            properties: Vec::new(),
            line: self.line,
        }))
    }
}

/// A card's name as far as it can be read, for a message about a card that cannot be decoded.
pub(super) fn rough_name(properties: &[Property]) -> String {
    ["FN", "N", "ORG", "EMAIL"]
        .iter()
        .filter_map(|name| properties.iter().find(|p| p.name == *name))
        .map(|p| {
            let text = String::from_utf8_lossy(&p.bytes()).replace(';', " ");
            single_line(&unescape(&text))
        })
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "?".to_string())
}

/// Sets a field only the first time a card gives it.
pub(super) fn keep_first<T>(slot: &mut Option<T>, value: impl FnOnce() -> Option<T>) {
    if slot.is_none() {
        *slot = value();
    }
}

/// `Family;Given;Middle;Prefix;Suffix` → "Given Middle Family".
pub(super) fn name_from_parts(parts: &[String]) -> Option<String> {
    let part = |i: usize| parts.get(i).map(|p| single_line(p));
    let words: Vec<String> = [part(1), part(2), part(0)]
        .into_iter()
        .flatten()
        .filter(|w| !w.is_empty())
        .collect();
    non_empty(words.join(" "))
}

/// A new contact from a card, added at `created_at`; the caller gives it an id.
pub fn card_to_contact(card: &Card, created_at: DateTime<FixedOffset>) -> Contact {
    let mut contact = Contact::new(&card.name, created_at);
    contact.company.clone_from(&card.company);
    contact.role.clone_from(&card.role);
    contact.email.clone_from(&card.email);
    contact.phone.clone_from(&card.phone);
    contact.birthday = card.birthday;
    contact.tags.clone_from(&card.tags);
    contact.notes.clone_from(&card.notes);
    contact.address_form = card.address_form;
    contact.salutation.clone_from(&card.salutation);
    contact.tier = card.tier;
    contact.cadence_days = card.cadence_days;
    contact.met_on = card.met_on;
    contact
}
