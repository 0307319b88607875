//! What a matched card brings into a contact: empty fields filled, a new job, missing card rows.

use super::Card;
use super::matching::{same_email, same_folded, trimmed};
use crate::domain::model::{CardProperty, Contact};

/// The card's kept properties a matched contact does not have yet: EMAIL and TEL rows whose plain
/// value it lacks (emails ignoring case), other rows whose value it lacks; the card's N only when
/// the contact has none and bears the card's name, its ORG only when the contact has none and
/// works at the card's company, its UID only when it has none.
pub(super) fn missing_rows(
    have: &[CardProperty],
    card: &Card,
    contact: &Contact,
) -> Vec<CardProperty> {
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

/// Takes the card's company and role where it has them and they differ from the contact's beyond
/// case, accents and spacing (a job change); returns whether anything changed.
pub(super) fn take_job(card: &Card, into: &mut Contact) -> bool {
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
    // Kept from assistants if the card says so; an import never takes the mark away.
    if card.private && !into.private {
        into.private = true;
        changed = true;
    }
    changed |= crate::domain::merge::add_tags(&mut into.tags, &card.tags);
    let notes = card.notes.as_deref().unwrap_or_default();
    changed |= crate::domain::merge::append_notes(&mut into.notes, notes).is_some();
    changed
}
