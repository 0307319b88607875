//! Export: contacts as vCard 4.0, escaped and folded.

use super::NO_YEAR;
use super::read::with_types;
use crate::domain::model::{CardProperty, Contact, Id};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// Folded lines are at most this many octets, without the CRLF (RFC 6350 §3.2).
pub(super) const LINE_OCTETS: usize = 75;

/// Escapes a text value: backslash, comma, semicolon and line breaks; other control characters are
/// dropped so that the file stays a text file.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75 octets and no UTF-8 character
/// is split, ending in CRLF.
pub(super) fn push_line(out: &mut String, line: &str) {
    let mut octets = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if octets + width > LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += width;
    }
    out.push_str("\r\n");
}

pub(super) fn push_text(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        push_line(out, &format!("{name}:{}", escape(value)));
    }
}

/// A date as vCard 4.0 writes it: `YYYYMMDD`, or `--MMDD` for a day without a year.
pub fn format_date(day: NaiveDate) -> String {
    if day.year() == NO_YEAR {
        day.format("--%m%d").to_string()
    } else {
        day.format("%Y%m%d").to_string()
    }
}

pub(super) fn push_card(out: &mut String, c: &Contact, rows: &[CardProperty]) {
    push_line(out, "BEGIN:VCARD");
    push_line(out, "VERSION:4.0");
    push_line(
        out,
        &format!(
            "PRODID:-//rapport//rapport {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
    );
    push_text(out, "FN", Some(&c.name));
    // A kept row that says a field's value is written in its place, with the other kept rows in
    // the order they were read (see `CardProperty::field_value`).
    let carried = |kinds: &[&str], field: &str| {
        rows.iter()
            .any(|p| kinds.contains(&p.base_name()) && p.field_value().as_deref() == Some(field))
    };
    if !rows.iter().any(|p| p.base_name() == "N") {
        push_line(out, &format!("N:{}", derived_structured_name(&c.name)));
    }
    for (kinds, name, field) in [
        (&["ORG"][..], "ORG", &c.company),
        (&["TITLE", "ROLE"], "TITLE", &c.role),
        (&["EMAIL"], "EMAIL", &c.email),
        (&["TEL"], "TEL", &c.phone),
    ] {
        let value = field.as_deref().map(str::trim).unwrap_or_default();
        if !carried(kinds, value) {
            push_text(out, name, Some(value));
        }
    }
    if let Some(day) = c.birthday.map(format_date)
        && !carried(&["BDAY"], &day)
    {
        push_line(out, &format!("BDAY:{day}"));
    }
    let tags: Vec<String> = c
        .tags
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| escape(t))
        .collect();
    if !tags.is_empty() {
        push_line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    push_text(out, "NOTE", c.notes.as_deref());
    if let Some(form) = c.address_form {
        push_line(out, &format!("X-RAPPORT-ADDRESS-FORM:{form}"));
    }
    push_text(out, "X-RAPPORT-SALUTATION", c.salutation.as_deref());
    if let Some(tier) = c.tier {
        push_line(out, &format!("X-RAPPORT-TIER:{tier}"));
    }
    if let Some(days) = c.cadence_days {
        push_line(out, &format!("X-RAPPORT-CADENCE-DAYS:{days}"));
    }
    if let Some(day) = c.met_on {
        push_line(out, &format!("X-RAPPORT-MET-ON:{}", day.format("%Y-%m-%d")));
    }
    if c.archived {
        push_line(out, "X-RAPPORT-ARCHIVED:TRUE");
    }
    if c.private {
        push_line(out, "X-RAPPORT-PRIVATE:TRUE");
    }
    if let Some(day) = c.snoozed_until {
        let day = day.format("%Y-%m-%d");
        push_line(out, &format!("X-RAPPORT-SNOOZED-UNTIL:{day}"));
    }
    for row in rows {
        push_row(out, row);
    }
    push_line(out, "END:VCARD");
}

/// Writes contacts as vCard 4.0 (CRLF line ends, lines folded at 75 octets, values escaped), each
/// with the card properties kept for it in `cards` (see [`Card::properties`]): the kept N, else one
/// derived from the name (family name = last word); the kept EMAIL and TEL rows, the contact's own
/// email and phone first when no row has them. Fields vCard has no property for travel as
/// `X-RAPPORT-` properties, so that export → [`parse`] → [`card_to_contact`] keeps every contact
/// field but the id and creation time.
///
/// [`Card::properties`]: super::Card::properties
/// [`parse`]: super::parse
/// [`card_to_contact`]: super::card_to_contact
pub fn export(contacts: &[Contact], cards: &HashMap<Id, Vec<CardProperty>>) -> String {
    let mut out = String::new();
    for contact in contacts {
        let rows = cards.get(&contact.id).map_or(&[][..], Vec::as_slice);
        push_card(&mut out, contact, rows);
    }
    out
}

/// `Family;Given;;;` from a name: the last word is the family name, the rest given names.
pub(super) fn derived_structured_name(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let family = words.pop().unwrap_or_default();
    format!("{};{};;;", escape(family), escape(&words.join(" ")))
}

/// Appends one kept property as it was read (see [`row_line`]).
fn push_row(out: &mut String, row: &CardProperty) {
    push_line(out, &row_line(row));
}

/// One kept property as its unfolded content line `NAME;PARAMS:VALUE`, as the export writes it:
/// control characters that would break the line are dropped (a line break in a value becomes `\n`),
/// the parameters in vCard 4.0's form. [`super::row_from_line`] reads it back.
pub(crate) fn row_line(row: &CardProperty) -> String {
    let clean = |text: &str| -> String { text.chars().filter(|c| !c.is_control()).collect() };
    let mut value = String::with_capacity(row.value.len());
    for c in row.value.chars() {
        match c {
            '\n' => value.push_str("\\n"),
            '\t' => value.push('\t'),
            c if c.is_control() => {}
            c => value.push(c),
        }
    }
    let params = clean(&with_types(&row.params));
    let separator = if params.is_empty() { "" } else { ";" };
    format!("{}{separator}{params}:{value}", clean(&row.name))
}

/// One contact as a vCard 4.0 text with its kept card rows (see [`export`]).
pub(crate) fn card_text(contact: &Contact, rows: &[CardProperty]) -> String {
    let mut out = String::new();
    push_card(&mut out, contact, rows);
    out
}
