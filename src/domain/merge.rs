//! What merging two contacts into one gives: the kept contact's fields win, its empty fields are
//! filled from the other, tags and notes are joined, the other's email and phone become further
//! `EMAIL`/`TEL` rows of the card, and the other's card rows follow the kept one's. Pure: the store
//! writes the result in one transaction.

use crate::domain::duplicates::{email_key, phone_key, same_phone};
use crate::domain::model::{CardProperty, Contact};
use crate::text::fold;
use crate::transfer::vcard::regroup;

/// A field in which the two contacts differ, and which value the merge keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Catalogue key of the field's label (`contact_form.company`).
    pub field: &'static str,
    /// The value the merged contact has.
    pub kept: String,
    /// The other's value, and where it goes.
    pub other: String,
    /// What happens to the other's value.
    pub fate: Fate,
}

/// What happens to a value of the other contact that differs from the kept one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// The kept contact had nothing there: the other's value fills it.
    Filled,
    /// The kept contact's value stays; the other's is dropped.
    Dropped,
    /// The other's value is kept as a further email or phone on the card.
    Further,
    /// The other's notes are appended.
    Appended,
}

/// The merged contact and its card, and what differed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The kept contact with everything of the other that it lacked.
    pub contact: Contact,
    /// The kept card rows, then the other's (without those the kept card has already).
    pub card: Vec<CardProperty>,
    /// Fields that differ, in the order of the contact page.
    pub differences: Vec<Difference>,
    /// How many card rows the kept contact gains (the other's rows, its email or phone).
    pub moved_rows: usize,
}

/// The property name without its group: `item1.EMAIL` → `EMAIL`.
fn bare_name(property: &CardProperty) -> &str {
    property
        .name
        .rsplit_once('.')
        .map_or(property.name.as_str(), |(_, n)| n)
}

/// True when `card` already has an `EMAIL` (or `TEL`) row with the same plain value as `value`.
fn card_has(card: &[CardProperty], kind: &str, value: &str) -> bool {
    card.iter()
        .filter(|p| bare_name(p) == kind)
        .any(|p| match kind {
            "EMAIL" => email_key(&p.value).is_some() && email_key(&p.value) == email_key(value),
            _ => match (phone_key(&p.value), phone_key(value)) {
                (Some(a), Some(b)) => same_phone(&a, &b),
                _ => p.value.trim() == value.trim(),
            },
        })
}

/// The same plain email or phone (ignoring case, spelling of the number).
fn same_value(kind: &str, a: &str, b: &str) -> bool {
    card_has(
        &[CardProperty {
            name: kind.into(),
            params: String::new(),
            value: a.into(),
        }],
        kind,
        b,
    )
}

/// Merges `other` (with its card) into `keep` (with its card).
pub fn merge(
    keep: &Contact,
    keep_card: &[CardProperty],
    other: &Contact,
    other_card: &[CardProperty],
) -> Merged {
    let mut contact = keep.clone();
    let mut card = keep_card.to_vec();
    let mut differences = Vec::new();
    let mut note = |field: &'static str, kept: Option<String>, theirs: Option<String>, fate| {
        if let Some(theirs) = theirs {
            differences.push(Difference {
                field,
                kept: kept.unwrap_or_default(),
                other: theirs,
                fate,
            });
        }
    };
    if fold(keep.name.trim()) != fold(other.name.trim()) {
        let names = (keep.name.trim().to_string(), other.name.trim().to_string());
        note(
            "contact_form.name",
            Some(names.0),
            Some(names.1),
            Fate::Dropped,
        );
    }
    let (email, phone) = (&other.email, &other.phone);
    move_value(
        "contact_form.email",
        &mut contact.email,
        email,
        (&mut card, other_card),
        &mut note,
    );
    move_value(
        "contact_form.phone",
        &mut contact.phone,
        phone,
        (&mut card, other_card),
        &mut note,
    );
    fill_fields(&mut contact, other, &mut note);
    if other.created_at < contact.created_at {
        contact.created_at = other.created_at;
    }
    // Kept from assistants if either was: a merge never shares what the user kept back.
    contact.private |= other.private;
    add_tags(&mut contact.tags, &other.tags);
    let theirs = other.notes.as_deref().map(str::trim).unwrap_or_default();
    if let Some(fate) = append_notes(&mut contact.notes, theirs) {
        note("contact_form.notes", None, Some(theirs.to_string()), fate);
    }
    append_card(&mut card, keep_card, other_card);
    let moved_rows = card.len() - keep_card.len();
    Merged {
        contact,
        card,
        differences,
        moved_rows,
    }
}

/// The other's email or phone: fills the kept contact's when it has none, else becomes a further
/// `EMAIL`/`TEL` row of the card (unless one of the cards has it already).
fn move_value(
    field: &'static str,
    mine: &mut Option<String>,
    theirs: &Option<String>,
    (card, other_card): (&mut Vec<CardProperty>, &[CardProperty]),
    note: &mut impl FnMut(&'static str, Option<String>, Option<String>, Fate),
) {
    let kind = if field == "contact_form.email" {
        "EMAIL"
    } else {
        "TEL"
    };
    let Some(theirs) = theirs.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return;
    };
    match mine.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => {
            *mine = Some(theirs.to_string());
            note(field, None, Some(theirs.to_string()), Fate::Filled);
        }
        Some(m) if same_value(kind, m, theirs) => {}
        Some(m) => {
            let kept = m.to_string();
            if !card_has(card, kind, theirs) && !card_has(other_card, kind, theirs) {
                card.push(CardProperty {
                    name: kind.into(),
                    params: String::new(),
                    value: crate::transfer::vcard::escape(theirs),
                });
            }
            note(field, Some(kept), Some(theirs.to_string()), Fate::Further);
        }
    }
}

/// Appends the other's card rows after the kept ones, leaving out what the card has already (the
/// same row, the same email or number) and a second `N` or `UID`; groups the card uses already
/// are renumbered ([`regroup`]).
fn append_card(
    card: &mut Vec<CardProperty>,
    keep_card: &[CardProperty],
    other_card: &[CardProperty],
) {
    let has = |card: &[CardProperty], name: &str| card.iter().any(|p| bare_name(p) == name);
    let mut added: Vec<CardProperty> = Vec::new();
    for row in other_card {
        let kind = bare_name(row);
        let single = matches!(kind, "N" | "UID") && has(keep_card, kind);
        let known = [&card[..], &added].iter().any(|rows| {
            rows.contains(row)
                || (matches!(kind, "EMAIL" | "TEL") && card_has(rows, kind, &row.value))
        });
        if !single && !known {
            added.push(row.clone());
        }
    }
    let added = regroup(card, added);
    card.extend(added);
}

/// Adds the tags `into` lacks (compared folded), in their order; true when it added any.
pub fn add_tags(into: &mut Vec<String>, tags: &[String]) -> bool {
    let mut added = false;
    for tag in tags {
        if !into.iter().any(|t| fold(t) == fold(tag)) {
            into.push(tag.clone());
            added = true;
        }
    }
    added
}

/// Appends `notes` (trimmed) to `into` after a blank line unless `into` already contains them; blank
/// notes in `into` are replaced. Says what happened: [`Fate::Filled`], [`Fate::Appended`] or nothing.
pub fn append_notes(into: &mut Option<String>, notes: &str) -> Option<Fate> {
    let notes = notes.trim();
    if notes.is_empty() {
        return None;
    }
    match into.as_mut() {
        Some(mine) if !mine.trim().is_empty() => {
            if mine.contains(notes) {
                return None;
            }
            mine.push_str("\n\n");
            mine.push_str(notes);
            Some(Fate::Appended)
        }
        _ => {
            *into = Some(notes.to_string());
            Some(Fate::Filled)
        }
    }
}

/// Fills the kept contact's empty fields from `other`; records each field that differs.
fn fill_fields(
    contact: &mut Contact,
    other: &Contact,
    note: &mut impl FnMut(&'static str, Option<String>, Option<String>, Fate),
) {
    let mut text = |field, mine: &mut Option<String>, theirs: &Option<String>| {
        let theirs = theirs.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let Some(theirs) = theirs else { return };
        match mine.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            None => {
                *mine = Some(theirs.to_string());
                note(field, None, Some(theirs.to_string()), Fate::Filled);
            }
            Some(m) if fold(m) == fold(theirs) => {}
            Some(m) => note(
                field,
                Some(m.to_string()),
                Some(theirs.to_string()),
                Fate::Dropped,
            ),
        }
    };
    text("contact_form.company", &mut contact.company, &other.company);
    text("contact_form.role", &mut contact.role, &other.role);
    text(
        "contact_form.salutation",
        &mut contact.salutation,
        &other.salutation,
    );
    let mut value = |field, mine: Option<String>, theirs: Option<String>| match (mine, theirs) {
        (None, Some(t)) => note(field, None, Some(t), Fate::Filled),
        (Some(m), Some(t)) if m != t => note(field, Some(m), Some(t), Fate::Dropped),
        _ => {}
    };
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    value(
        "contact_form.birthday",
        contact.birthday.map(crate::domain::dates::birthday_text),
        other.birthday.map(crate::domain::dates::birthday_text),
    );
    value(
        "contact_form.met_on",
        day(contact.met_on),
        day(other.met_on),
    );
    value(
        "contact_form.tier",
        contact.tier.map(|t| t.to_string()),
        other.tier.map(|t| t.to_string()),
    );
    value(
        "contact_form.cadence",
        contact.cadence_days.map(|d| d.to_string()),
        other.cadence_days.map(|d| d.to_string()),
    );
    value(
        "contact_form.address_form",
        contact.address_form.map(|a| a.to_string()),
        other.address_form.map(|a| a.to_string()),
    );
    contact.birthday = contact.birthday.or(other.birthday);
    contact.met_on = contact.met_on.or(other.met_on);
    contact.tier = contact.tier.or(other.tier);
    contact.cadence_days = contact.cadence_days.or(other.cadence_days);
    contact.address_form = contact.address_form.or(other.address_form);
    contact.snoozed_until = contact.snoozed_until.or(other.snoozed_until);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, f: impl FnOnce(&mut Contact)) -> Contact {
        let created = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
        let mut c = Contact::new(name, created);
        f(&mut c);
        c
    }

    #[test]
    fn the_merge_is_private_if_either_contact_was() {
        for (kept, theirs) in [(false, true), (true, false), (true, true), (false, false)] {
            let keep = contact("Jürgen Müller", |c| c.private = kept);
            let other = contact("Jürgen Müller", |c| c.private = theirs);
            let merged = merge(&keep, &[], &other, &[]);
            assert_eq!(merged.contact.private, kept || theirs, "{kept} {theirs}");
        }
    }

    #[test]
    fn differences_say_which_value_stays_and_where_the_other_goes() {
        let keep = contact("Dr. Jürgen Müller", |c| {
            c.company = Some("Ankerwerk GmbH".into());
            c.email = Some("j@ankerwerk.example".into());
            c.phone = Some("+49 171 2345678".into());
            c.notes = Some("Segelt.".into());
        });
        let other = contact("Jürgen Müller", |c| {
            c.company = Some("ankerwerk gmbh".into());
            c.email = Some("J@Ankerwerk.example".into());
            c.phone = Some("0171 9999999".into());
            c.role = Some("Geschäftsführer".into());
            c.notes = Some("Segelt.".into());
        });
        let merged = merge(&keep, &[], &other, &[]);
        let seen: Vec<(&str, Fate)> = merged
            .differences
            .iter()
            .map(|d| (d.field, d.fate))
            .collect();
        // The same email in another case, the same company folded and notes already contained
        // are no differences.
        assert_eq!(
            seen,
            [
                ("contact_form.name", Fate::Dropped),
                ("contact_form.phone", Fate::Further),
                ("contact_form.role", Fate::Filled),
            ]
        );
        assert_eq!(merged.contact.phone.as_deref(), Some("+49 171 2345678"));
        assert_eq!(merged.card.len(), 1);
        assert_eq!(
            (merged.card[0].name.as_str(), merged.card[0].value.as_str()),
            ("TEL", "0171 9999999")
        );
        assert_eq!(merged.moved_rows, 1);
        assert_eq!(merged.contact.notes.as_deref(), Some("Segelt."));
    }

    #[test]
    fn the_others_groups_are_renumbered_when_the_kept_card_uses_them() {
        let row = |name: &str, value: &str| CardProperty {
            name: name.into(),
            params: String::new(),
            value: value.into(),
        };
        let keep = contact("Anna Weber", |_| {});
        let other = contact("Anna Weber", |_| {});
        let keep_card = [
            row("item1.EMAIL", "a@x.example"),
            row("item1.X-ABLABEL", "Work"),
        ];
        let other_card = [
            row("item1.EMAIL", "b@x.example"),
            row("item1.X-ABLABEL", "Home"),
        ];
        let merged = merge(&keep, &keep_card, &other, &other_card);
        let names: Vec<(&str, &str)> = merged
            .card
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("item1.EMAIL", "a@x.example"),
                ("item1.X-ABLABEL", "Work"),
                ("item2.EMAIL", "b@x.example"),
                ("item2.X-ABLABEL", "Home"),
            ]
        );
    }

    #[test]
    fn a_birthday_without_a_year_shows_without_the_placeholder_year() {
        let no_year = |m, d| chrono::NaiveDate::from_ymd_opt(crate::domain::dates::NO_YEAR, m, d);
        let keep = contact("Anna", |c| c.birthday = no_year(7, 14));
        let other = contact("Anna", |c| c.birthday = no_year(4, 13));
        let merged = merge(&keep, &[], &other, &[]);
        let birthday = &merged.differences[0];
        assert_eq!(
            (birthday.kept.as_str(), birthday.other.as_str()),
            ("--07-14", "--04-13")
        );
    }
}
