//! The kept properties of contacts' address cards ([`CardProperty`]): read, replaced, moved.

use super::{Result, Store};
use crate::domain::model::{CardProperty, Contact, Id};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// The kept card properties of one contact, in the order they were read.
pub(super) fn read_card(conn: &Connection, contact: Id) -> Result<Vec<CardProperty>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, params, value FROM contact_properties WHERE contact_id = ?1 ORDER BY position",
    )?;
    let properties = stmt
        .query_map([contact], |r| {
            Ok(CardProperty {
                name: r.get(0)?,
                params: r.get(1)?,
                value: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(properties)
}

/// Replaces the kept card properties of one contact with `properties`, in their order.
pub(super) fn write_card(
    conn: &Connection,
    contact: Id,
    properties: &[CardProperty],
) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_properties WHERE contact_id = ?1")?
        .execute([contact])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO contact_properties (contact_id, position, name, params, value)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, p) in properties.iter().enumerate() {
        insert.execute(params![contact, position as i64, p.name, p.params, p.value])?;
    }
    Ok(())
}

/// What an edit can change that kept card rows depend on: name, email, phone and company.
#[derive(PartialEq, Eq)]
pub(super) struct Identity {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    company: Option<String>,
}

impl Identity {
    fn new(name: &str, email: Option<&str>, phone: Option<&str>, company: Option<&str>) -> Self {
        let text = |t: Option<&str>| t.map(str::trim).filter(|t| !t.is_empty()).map(String::from);
        Identity {
            name: name.trim().to_string(),
            email: text(email),
            phone: text(phone),
            company: text(company),
        }
    }

    /// A contact's, as an edit gives it.
    pub(super) fn of(c: &Contact) -> Identity {
        Identity::new(
            &c.name,
            c.email.as_deref(),
            c.phone.as_deref(),
            c.company.as_deref(),
        )
    }
}

/// The name, email, phone and company a contact has in the journal, before an edit.
pub(super) fn identity(conn: &Connection, contact: Id) -> Result<Option<Identity>> {
    Ok(conn
        .prepare_cached("SELECT name, email, phone, company FROM contacts WHERE id = ?1")?
        .query_row([contact], |r| {
            Ok(Identity::new(
                &r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?.as_deref(),
                r.get::<_, Option<String>>(2)?.as_deref(),
                r.get::<_, Option<String>>(3)?.as_deref(),
            ))
        })
        .optional()?)
}

/// Keeps a contact's card rows true to an edit (inside the edit's transaction): a new name drops
/// the kept N, a new company the kept ORG; the EMAIL (TEL) rows with the old email (phone) take
/// the new one, their parameters kept, and go when the field is cleared.
pub(super) fn follow_edit(
    conn: &Connection,
    contact: Id,
    before: &Identity,
    after: &Identity,
) -> Result<()> {
    if before == after {
        return Ok(());
    }
    let rows = read_card(conn, contact)?;
    let mut kept = Vec::with_capacity(rows.len());
    let mut changed = false;
    for mut row in rows {
        let (old, new, scheme) = match row.base_name() {
            "N" if before.name != after.name => (None, None, ""),
            "ORG" if before.company != after.company => (None, None, ""),
            "EMAIL" if before.email != after.email => {
                (before.email.as_deref(), after.email.as_deref(), "mailto:")
            }
            "TEL" if before.phone != after.phone => {
                (before.phone.as_deref(), after.phone.as_deref(), "tel:")
            }
            _ => {
                kept.push(row);
                continue;
            }
        };
        let plain = row.plain_value();
        let same = old.is_some_and(|o| {
            o == plain || (scheme == "mailto:" && o.to_lowercase() == plain.to_lowercase())
        });
        let dropped = matches!(row.base_name(), "N" | "ORG");
        if !dropped && !same {
            kept.push(row);
            continue;
        }
        changed = true;
        if let Some(new) = new.filter(|_| !dropped) {
            let uri = row
                .value
                .get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme));
            let value = crate::transfer::vcard::escape(new);
            row.value = if uri {
                format!("{scheme}{value}")
            } else {
                value
            };
            kept.push(row);
        }
    }
    if changed {
        write_card(conn, contact, &kept)?;
    }
    Ok(())
}

impl Store {
    /// The kept card properties of one contact, in the order they were read.
    pub fn card_properties(&self, contact: Id) -> Result<Vec<CardProperty>> {
        read_card(&self.conn, contact)
    }

    /// Replaces the kept card properties of one contact, in one transaction.
    pub fn set_card_properties(&mut self, contact: Id, properties: &[CardProperty]) -> Result<()> {
        let tx = self.write_transaction()?;
        write_card(&tx, contact, properties)?;
        tx.commit()?;
        Ok(())
    }

    /// The kept card properties of every contact that has some, for an export.
    pub fn all_card_properties(&self) -> Result<HashMap<Id, Vec<CardProperty>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, name, params, value FROM contact_properties
              ORDER BY contact_id, position",
        )?;
        let mut all: HashMap<Id, Vec<CardProperty>> = HashMap::new();
        let rows = stmt.query_map([], |r| {
            let property = CardProperty {
                name: r.get(1)?,
                params: r.get(2)?,
                value: r.get(3)?,
            };
            Ok((r.get::<_, Id>(0)?, property))
        })?;
        for row in rows {
            let (contact, property) = row?;
            all.entry(contact).or_default().push(property);
        }
        Ok(all)
    }
}

impl super::AddressBookImport<'_> {
    /// The kept card properties of a contact, as the import has left them so far.
    pub fn card_properties(&self, contact: Id) -> Result<Vec<CardProperty>> {
        read_card(self.connection(), contact)
    }

    /// Replaces the kept card properties of a contact within the import's transaction.
    pub fn set_card_properties(&self, contact: Id, properties: &[CardProperty]) -> Result<()> {
        write_card(self.connection(), contact, properties)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property(name: &str, params: &str, value: &str) -> CardProperty {
        CardProperty {
            name: name.into(),
            params: params.into(),
            value: value.into(),
        }
    }

    #[test]
    fn properties_are_kept_in_order_replaced_and_deleted_with_their_contact() {
        let mut store = Store::open_in_memory().unwrap();
        let created = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
        let id = store
            .add_contact(&Contact::new("Anna Weber", created))
            .unwrap();
        let card = vec![
            property("ADR", "TYPE=work", ";;Hafenstraße 1;Hamburg;;20457;Germany"),
            property("item1.URL", "", "https://example.org/a\\,b"),
            property("EMAIL", "TYPE=home", "anna@example.org"),
        ];
        store.set_card_properties(id, &card).unwrap();
        assert_eq!(store.card_properties(id).unwrap(), card);
        assert_eq!(store.all_card_properties().unwrap()[&id], card);
        store.set_card_properties(id, &card[1..]).unwrap();
        assert_eq!(store.card_properties(id).unwrap(), card[1..]);
        store.delete_contact(id).unwrap();
        assert!(store.all_card_properties().unwrap().is_empty());
    }

    #[test]
    fn an_edit_keeps_the_rows_true() {
        let mut store = Store::open_in_memory().unwrap();
        let created = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
        let mut anna = Contact::new("Anna Weber", created);
        anna.email = Some("anna@example.org".into());
        anna.phone = Some("+49 1".into());
        anna.company = Some("Hafen AG".into());
        let id = store.add_contact(&anna).unwrap();
        anna.id = id;
        let card = vec![
            property("N", "", "Weber;Anna;;Dr.;"),
            property("ORG", "", "Hafen AG;Einkauf"),
            property("item1.EMAIL", "TYPE=work", "Anna@Example.org"),
            property("EMAIL", "TYPE=home", "anna@home.example"),
            property("TEL", "VALUE=uri;TYPE=cell", "tel:+49 1"),
            property("ADR", "TYPE=work", ";;Hafenstraße 1;Hamburg;;;"),
        ];
        store.set_card_properties(id, &card).unwrap();
        // Notes and tags change nothing.
        anna.notes = Some("x".into());
        store.update_contact(&anna).unwrap();
        assert_eq!(store.card_properties(id).unwrap(), card);
        // A new email replaces the row with the old one (in any case), its parameters kept.
        anna.email = Some("anna@neu.example".into());
        anna.phone = Some("+49 2".into());
        store.update_contact(&anna).unwrap();
        let rows = store.card_properties(id).unwrap();
        assert_eq!(
            rows[2],
            property("item1.EMAIL", "TYPE=work", "anna@neu.example")
        );
        assert_eq!(rows[3], card[3]);
        assert_eq!(rows[4], property("TEL", "VALUE=uri;TYPE=cell", "tel:+49 2"));
        // A new name drops N, a new company ORG; a cleared phone drops its row.
        anna.name = "Anna Schulz".into();
        anna.company = Some("Werft GmbH".into());
        anna.phone = None;
        store.update_contact(&anna).unwrap();
        let names: Vec<String> = store
            .card_properties(id)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["item1.EMAIL", "EMAIL", "ADR"]);
    }
}
