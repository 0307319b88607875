//! What a card says: the properties of one card taken into a [`Card`] once it has ended.

use super::super::charset::{collect_legacy, guess_legacy, named};
use super::read::{Encoding, Property};
use super::values::{
    block, non_empty, one_line, parse_date, reachable, single_line, unescape, unescape_split,
};
use super::write::{derived_structured_name, escape, format_date};
use super::{Card, VcardError, excerpt, syntax};
use crate::domain::model::{AddressForm, CardProperty, Contact, Tier};
use crate::i18n::tr;
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
    /// The card's properties as read, until END:VCARD tells their character set.
    properties: Vec<Property>,
    /// The properties rapport has no field for, decoded (see [`Card::properties`]).
    kept: Vec<CardProperty>,
    formatted: Option<String>,
    structured: Option<String>,
    /// The first nickname, to name a card that has neither FN nor N.
    nickname: Option<String>,
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
    archived: bool,
    private: bool,
    snoozed_until: Option<NaiveDate>,
}

/// Properties that are fields of rapport's or describe the file, and are never kept as read.
const NOT_KEPT: &[&str] = &["VERSION", "PRODID", "REV", "FN", "NOTE", "CATEGORIES"];

/// Google adds every contact to its system group `myContacts`; that is not an interest.
pub(super) const IGNORED_CATEGORIES: &[&str] = &["myContacts"];

impl CardBuilder {
    pub(super) fn new(line: usize) -> Self {
        CardBuilder {
            line,
            ..CardBuilder::default()
        }
    }

    /// Holds a property for [`CardBuilder::finish`].
    pub(super) fn push(&mut self, property: Property) {
        self.properties.push(property);
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
            if property
                .param("CHARSET")
                .is_none_or(|label| named(label).is_err())
            {
                collect_legacy(&property.bytes(), &mut sample);
            }
        }
        if sample.is_empty() {
            encoding_rs::WINDOWS_1252
        } else {
            guess_legacy(&sample)
        }
    }

    /// Takes one decoded property into the card; returns whether it is also kept as read (every
    /// EMAIL, TEL, N, ORG, TITLE, ROLE and BDAY, everything rapport has no field for); the row
    /// that says no more than a field is left out when the card has ended (see [`drop_plain`]).
    fn add(&mut self, property: &Property, value: &str) -> Result<bool, VcardError> {
        match property.name.as_str() {
            "FN" => keep_first(&mut self.formatted, || one_line(value)),
            "N" => keep_first(&mut self.structured, || {
                name_from_parts(&unescape_split(value, Some(';')))
            }),
            "NICKNAME" => keep_first(&mut self.nickname, || {
                let names = unescape_split(value, Some(','));
                names.iter().map(|n| single_line(n)).find_map(non_empty)
            }),
            "ORG" => keep_first(&mut self.company, || {
                let units = unescape_split(value, Some(';'));
                units.first().map(|c| single_line(c)).and_then(non_empty)
            }),
            "TITLE" => keep_first(&mut self.title, || one_line(value)),
            "ROLE" => keep_first(&mut self.role, || one_line(value)),
            "EMAIL" => self.emails.extend(reachable(property, value, "mailto:")),
            "TEL" => self.phones.extend(reachable(property, value, "tel:")),
            "NOTE" => self.notes.extend(non_empty(block(&unescape(value)))),
            "CATEGORIES" => self.add_categories(value),
            "BDAY" => self.add_birthday(property, value),
            name if name.starts_with("X-RAPPORT-") => return self.add_own(property, value),
            _ => {}
        }
        Ok(!NOT_KEPT.contains(&property.name.as_str()))
    }

    /// Takes a BDAY that is a date (`VALUE=text` is not) as the birthday, unless the card gave one
    /// before.
    fn add_birthday(&mut self, property: &Property, value: &str) {
        let text = property
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("text"));
        if self.birthday.is_none() && !text {
            self.birthday = parse_date(value, property.param("X-APPLE-OMIT-YEAR"));
        }
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
    /// Returns whether it is kept as read: one that is no field (`X-RAPPORT-LINKEDIN-SEEN`) is.
    fn add_own(&mut self, property: &Property, value: &str) -> Result<bool, VcardError> {
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
            "X-RAPPORT-MET-ON" => self.met_on = Some(own_day(property, value)?),
            "X-RAPPORT-SNOOZED-UNTIL" => self.snoozed_until = Some(own_day(property, value)?),
            "X-RAPPORT-ARCHIVED" => self.archived = own_flag(property, value)?,
            "X-RAPPORT-PRIVATE" => self.private = own_flag(property, value)?,
            _ => return Ok(true),
        }
        Ok(false)
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
            if self.add(property, &value)? {
                let value = if property.encoding() == Encoding::Base64 {
                    value.split_whitespace().collect()
                } else {
                    value.replace('\n', "\\n")
                };
                self.kept.push(CardProperty {
                    name: property.qualified.clone(),
                    params: property.kept_params(),
                    value,
                });
            }
        }
        self.emails.sort_by_key(|(pref, _)| *pref);
        self.phones.sort_by_key(|(pref, _)| *pref);
        let email = self.emails.into_iter().next().map(|(_, e)| e);
        let phone = self.phones.into_iter().next().map(|(_, p)| p);
        // The first name that can name a contact: FN, N, NICKNAME (they name the person), ORG,
        // EMAIL; one that reads as a contact id (`1`, `#2`) gives way to the next.
        let names = [self.formatted, self.structured, self.nickname];
        let Some(name) = names
            .into_iter()
            .chain([self.company.clone(), email.clone()])
            .flatten()
            .find(|n| crate::domain::model::name_problem(n).is_none())
        else {
            return Ok(Err(Nameless {
                line: self.line,
                phone: phone.is_some(),
            }));
        };
        let role = self.title.or(self.role);
        drop_said(
            &mut self.kept,
            &name,
            self.company.as_deref(),
            role.as_deref(),
            self.birthday,
        );
        Ok(Ok(Card {
            name,
            company: self.company,
            role,
            email,
            phone,
            birthday: self.birthday,
            tags: self.tags,
            notes: non_empty(self.notes.join("\n")),
            address_form: self.address_form,
            salutation: self.salutation,
            tier: self.tier,
            cadence_days: self.cadence_days,
            met_on: self.met_on,
            archived: self.archived,
            private: self.private,
            snoozed_until: self.snoozed_until,
            properties: self.kept,
            line: self.line,
        }))
    }
}

/// Leaves out the rows that say no more than the name, company, role or birthday: an N the export
/// derives from the name, and the plain ORG, TITLE and BDAY rows (see [`drop_plain`]).
fn drop_said(
    rows: &mut Vec<CardProperty>,
    name: &str,
    company: Option<&str>,
    role: Option<&str>,
    birthday: Option<NaiveDate>,
) {
    let derived = name_parts(&derived_structured_name(name));
    rows.retain(|p| !(p.name == "N" && p.params.is_empty() && name_parts(&p.value) == derived));
    drop_plain(rows, "ORG", company.map(escape));
    drop_plain(rows, "TITLE", role.map(escape));
    drop_plain(rows, "BDAY", birthday.map(format_date));
}

/// A contact's kept rows without those the export writes in the same words from its fields (the N,
/// ORG, TITLE and BDAY rows an import leaves out, and the plain EMAIL and TEL rows it keeps): one form
/// of the card whether it was read from a vCard or kept by an edit, so sync compares like with like.
pub(crate) fn without_plain(contact: &Contact, rows: &[CardProperty]) -> Vec<CardProperty> {
    let mut rows = rows.to_vec();
    let c = contact;
    drop_said(
        &mut rows,
        &c.name,
        c.company.as_deref(),
        c.role.as_deref(),
        c.birthday,
    );
    drop_plain(&mut rows, "EMAIL", c.email.as_deref().map(escape));
    drop_plain(&mut rows, "TEL", c.phone.as_deref().map(escape));
    rows
}

/// Leaves out the first row `NAME:written` (no group, no parameters but `VALUE=date`, a BDAY without
/// a time): it says no more than the field the export writes as `written`, unless another row says
/// the field's value too (then the export writes neither field nor row, and the row must stay).
fn drop_plain(rows: &mut Vec<CardProperty>, name: &str, written: Option<String>) {
    let Some(written) = written else {
        return;
    };
    let plain = |p: &CardProperty| {
        let value = if name == "BDAY" {
            p.field_value().filter(|_| !p.value.contains(['T', 't']))
        } else {
            Some(p.value.clone())
        };
        p.name == name
            && (p.params.is_empty() || p.params.eq_ignore_ascii_case("VALUE=date"))
            && value.as_deref() == Some(written.as_str())
    };
    let Some(at) = rows.iter().position(plain) else {
        return;
    };
    let field = rows[at].field_value();
    let kinds: &[&str] = if name == "TITLE" {
        &["TITLE", "ROLE"]
    } else {
        &[name]
    };
    let said_again = rows
        .iter()
        .enumerate()
        .any(|(i, p)| i != at && kinds.contains(&p.base_name()) && p.field_value() == field);
    if !said_again {
        rows.remove(at);
    }
}

/// The yes/no of one of rapport's own `X-RAPPORT-` properties: `TRUE` or `FALSE` (`1` or `0` too).
fn own_flag(property: &Property, value: &str) -> Result<bool, VcardError> {
    match value.trim().to_ascii_uppercase().as_str() {
        "TRUE" | "1" => Ok(true),
        "FALSE" | "0" => Ok(false),
        _ => {
            let value = excerpt(value);
            let what = tr("import.card_flag", &[("value", &value)]);
            Err(syntax(property.line, format!("{}: {what}", property.name)))
        }
    }
}

/// The date of one of rapport's own `X-RAPPORT-` properties, checked.
fn own_day(property: &Property, value: &str) -> Result<NaiveDate, VcardError> {
    parse_date(value, None).ok_or_else(|| {
        let what = format!("'{}' is not a date", excerpt(value));
        syntax(property.line, format!("{}: {what}", property.name))
    })
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

/// The five parts of a structured name (`N`), unescaped and trimmed; missing ones empty.
fn name_parts(value: &str) -> Vec<String> {
    let mut parts: Vec<String> = unescape_split(value, Some(';'))
        .iter()
        .map(|p| single_line(p))
        .collect();
    parts.resize(5, String::new());
    parts
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
    contact.archived = card.archived;
    contact.private = card.private;
    contact.snoozed_until = card.snoozed_until;
    contact
}
