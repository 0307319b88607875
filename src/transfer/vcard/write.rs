//! Export: contacts as vCard 4.0, escaped and folded.

use super::NO_YEAR;
use crate::domain::model::Contact;
use chrono::{Datelike, NaiveDate};

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

pub(super) fn format_date(day: NaiveDate) -> String {
    if day.year() == NO_YEAR {
        day.format("--%m%d").to_string()
    } else {
        day.format("%Y%m%d").to_string()
    }
}

pub(super) fn push_card(out: &mut String, c: &Contact) {
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
    let mut words: Vec<&str> = c.name.split_whitespace().collect();
    let family = words.pop().unwrap_or_default();
    push_line(
        out,
        &format!("N:{};{};;;", escape(family), escape(&words.join(" "))),
    );
    push_text(out, "ORG", c.company.as_deref());
    push_text(out, "TITLE", c.role.as_deref());
    push_text(out, "EMAIL", c.email.as_deref());
    push_text(out, "TEL", c.phone.as_deref());
    if let Some(day) = c.birthday {
        push_line(out, &format!("BDAY:{}", format_date(day)));
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
    push_line(out, "END:VCARD");
}

/// Writes contacts as vCard 4.0 (CRLF line ends, lines folded at 75 octets, values escaped).
/// Fields vCard has no property for travel as `X-RAPPORT-` properties, so that export → [`parse`] →
/// [`card_to_contact`] keeps every contact field but the id, snooze, archive flag and creation time.
pub fn export(contacts: &[Contact]) -> String {
    let mut out = String::new();
    for contact in contacts {
        push_card(&mut out, contact);
    }
    out
}
