//! The kept properties of contacts' address cards ([`CardProperty`]): read, replaced, moved.

use super::{Result, Store};
use crate::domain::model::{CardProperty, Id};
use rusqlite::{Connection, params};
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
    use crate::domain::model::Contact;

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
}
