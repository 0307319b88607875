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

/// What an edit can change that kept card rows depend on: name, email, phone, company, role and
/// birthday (the birthday in the vCard form the rows are compared in, `--MMDD` or `YYYYMMDD`).
#[derive(PartialEq, Eq)]
pub(super) struct Identity {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    company: Option<String>,
    role: Option<String>,
    birthday: Option<String>,
}

/// Trimmed text, `None` when blank.
fn text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

impl Identity {
    /// A contact's, as an edit gives it.
    pub(super) fn of(c: &Contact) -> Identity {
        Identity {
            name: c.name.trim().to_string(),
            email: text(c.email.as_deref()),
            phone: text(c.phone.as_deref()),
            company: text(c.company.as_deref()),
            role: text(c.role.as_deref()),
            birthday: c.birthday.map(crate::transfer::vcard::format_date),
        }
    }

    /// The old and new value of the field a row of this kind carries, when the edit changed it.
    fn change<'a>(
        &'a self,
        after: &'a Identity,
        kind: &str,
    ) -> Option<(Option<&'a str>, Option<&'a str>)> {
        fn pair<'a>(
            a: &'a Option<String>,
            b: &'a Option<String>,
        ) -> Option<(Option<&'a str>, Option<&'a str>)> {
            (a != b).then_some((a.as_deref(), b.as_deref()))
        }
        match kind {
            "N" => (self.name != after.name).then_some((None, None)),
            "EMAIL" => pair(&self.email, &after.email),
            "TEL" => pair(&self.phone, &after.phone),
            "ORG" => pair(&self.company, &after.company),
            "TITLE" | "ROLE" => pair(&self.role, &after.role),
            "BDAY" => pair(&self.birthday, &after.birthday),
            _ => None,
        }
    }
}

/// The name, email, phone, company, role and birthday a contact has in the journal, before an edit.
pub(super) fn identity(conn: &Connection, contact: Id) -> Result<Option<Identity>> {
    let row = conn
        .prepare_cached(
            "SELECT name, email, phone, company, role, birthday FROM contacts WHERE id = ?1",
        )?
        .query_row([contact], |r| {
            let mut c = Contact::new(&r.get::<_, String>(0)?, chrono::DateTime::UNIX_EPOCH.into());
            c.email = r.get(1)?;
            c.phone = r.get(2)?;
            c.company = r.get(3)?;
            c.role = r.get(4)?;
            Ok((c, r.get::<_, Option<String>>(5)?))
        })
        .optional()?;
    let Some((mut contact, birthday)) = row else {
        return Ok(None);
    };
    contact.birthday = birthday.as_deref().map(super::parse_day).transpose()?;
    Ok(Some(Identity::of(&contact)))
}

/// Keeps a contact's card rows true to an edit (inside the edit's transaction). A new name drops the
/// kept N. A row that carried the old value of a changed field follows it: an EMAIL, TEL, TITLE or
/// ROLE takes the new value (its parameters kept) and goes when the field is cleared; an ORG (its
/// units belonged to the old company) and a BDAY go. Rows that carried something else stay.
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
    let count = rows.len();
    let mut kept = Vec::with_capacity(count);
    let mut changed = false;
    for row in rows {
        let kind = row.base_name().to_ascii_uppercase();
        let Some((old, new)) = before.change(after, &kind) else {
            kept.push(row);
            continue;
        };
        if kind != "N" && !carries(&row, &kind, old) {
            kept.push(row);
            continue;
        }
        changed = true;
        if let Some(new) =
            new.filter(|_| matches!(kind.as_str(), "EMAIL" | "TEL" | "TITLE" | "ROLE"))
        {
            kept.push(with_value(row, &kind, new));
        }
    }
    if changed {
        write_card(conn, contact, &kept)?;
    }
    Ok(())
}

/// True when a row of this kind says the field's old value (emails compared without case).
fn carries(row: &CardProperty, kind: &str, old: Option<&str>) -> bool {
    let (Some(old), Some(said)) = (old, row.field_value()) else {
        return false;
    };
    old == said || (kind == "EMAIL" && old.to_lowercase() == said.to_lowercase())
}

/// The row with a new plain value, escaped, keeping a `mailto:`/`tel:` it was written with.
fn with_value(mut row: CardProperty, kind: &str, new: &str) -> CardProperty {
    let scheme = match kind {
        "EMAIL" => "mailto:",
        "TEL" => "tel:",
        _ => "",
    };
    let uri = !scheme.is_empty()
        && row
            .value
            .get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme));
    let value = crate::transfer::vcard::escape(new);
    row.value = if uri {
        format!("{scheme}{value}")
    } else {
        value
    };
    row
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

    /// A kept TITLE, ROLE, ORG or BDAY row that said the old value of an edited field must not come
    /// back beside the new one in an export (and then win on the next import); rows that said
    /// something else stay.
    #[test]
    fn an_edit_of_role_company_or_birthday_updates_only_the_rows_that_said_the_old_value() {
        let mut store = Store::open_in_memory().unwrap();
        let created = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
        let mut anna = Contact::new("Anna Weber", created);
        anna.role = Some("Einkauf".into());
        anna.company = Some("Hafen AG".into());
        anna.birthday = chrono::NaiveDate::from_ymd_opt(1980, 4, 12);
        anna.id = store.add_contact(&anna).unwrap();
        let card = vec![
            property("TITLE", "LANGUAGE=de", "Einkauf"),
            property("TITLE", "LANGUAGE=en", "Purchasing"),
            property("ORG", "TYPE=work", "Hafen AG;Einkauf"),
            property("ORG", "", "Segelclub e.V."),
            property("BDAY", "VALUE=date", "1980-04-12"),
            property("BDAY", "VALUE=text", "circa 1980"),
        ];
        store.set_card_properties(anna.id, &card).unwrap();
        anna.role = Some("Leitung Einkauf".into());
        anna.company = Some("Werft GmbH".into());
        anna.birthday = chrono::NaiveDate::from_ymd_opt(1980, 4, 13);
        store.update_contact(&anna).unwrap();
        assert_eq!(
            store.card_properties(anna.id).unwrap(),
            [
                property("TITLE", "LANGUAGE=de", "Leitung Einkauf"),
                card[1].clone(),
                card[3].clone(),
                card[5].clone(),
            ]
        );
        anna.role = None;
        store.update_contact(&anna).unwrap();
        assert_eq!(store.card_properties(anna.id).unwrap()[0], card[1]);
    }
}
