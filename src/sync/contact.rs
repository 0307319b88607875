//! A contact as a vCard 4.0 on a CardDAV server and as [`Fields`]: exactly the vCard export and import
//! of one card (src/transfer/vcard/), so every property rapport has no field for is written back as
//! read, rapport's own fields travel as `X-RAPPORT-*`, and the card carries the sync UID as `UID:`.

use super::fields::{Fields, MappingError, join_list, list, put, text};
use crate::domain::model::{CardProperty, Contact};
use crate::transfer::vcard::{self, card_text, row_from_line, row_line, without_plain};
use chrono::{DateTime, FixedOffset, NaiveDate};

/// A contact read from a server's vCard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteContact {
    /// The card's `UID`, if it has one.
    pub uid: Option<String>,
    /// The contact (id 0).
    pub contact: Contact,
    /// The kept card rows, without the UID.
    pub card: Vec<CardProperty>,
}

/// Is this kept row the card's UID (which is the sync row's, not a field)?
fn is_uid(row: &CardProperty) -> bool {
    row.base_name().eq_ignore_ascii_case("UID")
}

/// A date as a field holds it: `YYYY-MM-DD` (a birthday without a year has [`vcard::NO_YEAR`]).
fn day(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

/// The fields of a contact and its kept card rows: every field the JSON backup has but the id and the
/// creation time (`company` is the company's name; `introduced_by` is not synced), and `card`, the
/// kept rows as content lines, without the UID row and the rows that say no more than a field (the
/// export writes those from the field, and the import keeps some of them).
pub fn contact_fields(contact: &Contact, card: &[CardProperty]) -> Fields {
    let mut fields = Fields::new();
    let c = contact;
    put(&mut fields, "name", Some(c.name.as_str()));
    put(&mut fields, "company", c.company.as_deref());
    put(&mut fields, "role", c.role.as_deref());
    put(&mut fields, "email", c.email.as_deref());
    put(&mut fields, "phone", c.phone.as_deref());
    put(
        &mut fields,
        "address_form",
        c.address_form.map(|f| f.as_str()),
    );
    put(&mut fields, "salutation", c.salutation.as_deref());
    put(&mut fields, "birthday", day(c.birthday));
    put(&mut fields, "met_on", day(c.met_on));
    put(&mut fields, "notes", c.notes.as_deref());
    put(&mut fields, "tags", join_list(&c.tags));
    put(&mut fields, "tier", c.tier.map(|t| t.as_str()));
    put(
        &mut fields,
        "cadence_days",
        c.cadence_days.map(|d| d.to_string()),
    );
    put(&mut fields, "snoozed_until", day(c.snoozed_until));
    put(&mut fields, "archived", c.archived.then_some("true"));
    put(&mut fields, "private", c.private.then_some("true"));
    let rows: Vec<String> = without_plain(contact, card)
        .iter()
        .filter(|r| !is_uid(r))
        .map(row_line)
        .collect();
    put(&mut fields, "card", join_list(&rows));
    fields
}

/// The contact and kept card rows that `fields` describe (id 0, created at `created_at`).
///
/// # Errors
///
/// [`MappingError::Invalid`] for a field value rapport cannot read (fields come from a server's
/// text through a merge, so they are checked again).
pub fn contact_from_fields(
    fields: &Fields,
    created_at: DateTime<FixedOffset>,
) -> Result<(Contact, Vec<CardProperty>), MappingError> {
    let mut c = Contact::new(text(fields, "name").unwrap_or_default(), created_at);
    let owned = |key: &str| text(fields, key).map(str::to_string);
    let date = |key: &str| -> Result<Option<NaiveDate>, MappingError> {
        text(fields, key)
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| MappingError::invalid(key, v))
            })
            .transpose()
    };
    let word = |key: &str| text(fields, key).filter(|v| !v.is_empty());
    c.company = owned("company");
    c.role = owned("role");
    c.email = owned("email");
    c.phone = owned("phone");
    c.address_form = word("address_form")
        .map(|v| {
            v.parse()
                .map_err(|_| MappingError::invalid("address_form", v))
        })
        .transpose()?;
    c.salutation = owned("salutation");
    c.birthday = date("birthday")?;
    c.met_on = date("met_on")?;
    c.notes = owned("notes");
    c.tags = list(fields, "tags")
        .into_iter()
        .map(str::to_string)
        .collect();
    c.tier = word("tier")
        .map(|v| v.parse().map_err(|_| MappingError::invalid("tier", v)))
        .transpose()?;
    c.cadence_days = word("cadence_days")
        .map(|v| {
            v.parse()
                .map_err(|_| MappingError::invalid("cadence_days", v))
        })
        .transpose()?;
    c.snoozed_until = date("snoozed_until")?;
    c.archived = text(fields, "archived") == Some("true");
    c.private = text(fields, "private") == Some("true");
    let mut card = Vec::new();
    for line in list(fields, "card") {
        card.push(row_from_line(line).ok_or_else(|| MappingError::invalid("card", line))?);
    }
    Ok((c, card))
}

/// The vCard 4.0 text of a contact for the server: the export of one card, with `UID:uid` in place of
/// any UID row the card kept.
pub fn vcard_text(uid: &str, contact: &Contact, card: &[CardProperty]) -> String {
    let mut rows = Vec::with_capacity(card.len() + 1);
    rows.push(CardProperty {
        name: "UID".into(),
        params: String::new(),
        value: vcard::escape(uid),
    });
    rows.extend(card.iter().filter(|r| !is_uid(r)).cloned());
    card_text(contact, &rows)
}

/// Reads a server's vCard (2.1, 3.0 or 4.0, as the import reads it) into a contact, its kept rows and
/// its UID.
///
/// # Errors
///
/// [`MappingError::Unreadable`] when the import refuses the text; [`MappingError::NotOne`] when it
/// holds no card with a name, or more than one.
pub fn read_vcard(text: &str) -> Result<RemoteContact, MappingError> {
    let cards = vcard::parse(text).map_err(MappingError::unreadable)?;
    let [card] = cards.as_slice() else {
        return Err(MappingError::NotOne {
            kind: "VCARD",
            count: cards.len(),
        });
    };
    let created_at = DateTime::UNIX_EPOCH.fixed_offset();
    let uid = card
        .properties
        .iter()
        .find(|r| is_uid(r))
        .map(|r| vcard::unescape(&r.value).trim().to_string())
        .filter(|u| !u.is_empty());
    Ok(RemoteContact {
        uid,
        contact: vcard::card_to_contact(card, created_at),
        card: card
            .properties
            .iter()
            .filter(|r| !is_uid(r))
            .cloned()
            .collect(),
    })
}

#[cfg(test)]
#[path = "contact_tests.rs"]
mod tests;
