//! The address book for mail clients (`rapport contact query`): every email of the contacts that
//! match, their own and the kept EMAIL rows of their card.

use super::transfer::{define_key_functions, email_key};
use super::{Result, Store};
use crate::domain::model::Id;

/// One line of the mail clients' address book: an email of a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressLine {
    /// The address.
    pub email: String,
    /// The contact's name.
    pub name: String,
    /// The contact's company, if any.
    pub company: Option<String>,
}

impl Store {
    /// Every email of the contacts whose name, company or any email contains `query` (case and accents
    /// aside in names), ordered by name: the address book of `rapport contact query` for mail clients.
    pub fn address_book(&self, query: &str) -> Result<Vec<AddressLine>> {
        define_key_functions(&self.conn)?;
        let mut matches = self.conn.prepare_cached(
            "SELECT id, name, company, email FROM contacts
              WHERE instr(name_fold, ?1) > 0 OR instr(lower(coalesce(email, '')), ?2) > 0
                 OR instr(lower(coalesce(company, '')), ?2) > 0
                 OR id IN (SELECT contact_id FROM contact_properties
                            WHERE name LIKE '%EMAIL' AND instr(lower(value), ?2) > 0)
              ORDER BY name_fold, id",
        )?;
        let mut card = self.conn.prepare_cached(
            "SELECT rapport_card_email_key(name, value) FROM contact_properties
              WHERE contact_id = ?1 AND name LIKE '%EMAIL' ORDER BY position",
        )?;
        let query = query.trim();
        let folded = crate::text::fold(query);
        let mut lines = Vec::new();
        let rows = matches
            .query_map([&folded, &query.to_lowercase()], |r| {
                Ok((
                    r.get::<_, Id>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, name, company, email) in rows {
            let mut emails: Vec<String> = email_key(email.as_deref()).into_iter().collect();
            for key in card.query_map([id], |r| r.get::<_, Option<String>>(0))? {
                emails.extend(key?.filter(|k| !emails.contains(k)));
            }
            lines.extend(emails.into_iter().map(|email| AddressLine {
                email,
                name: name.clone(),
                company: company.clone(),
            }));
        }
        Ok(lines)
    }
}
