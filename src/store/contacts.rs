//! Contacts: insert, update, read, resolve names, and the maintained touch summary.

use super::{
    Result, Store, StoreError, format_day, format_instant, parse_day, parse_instant, word,
};
use crate::domain::model::{Contact, Id, TouchSummary};
use crate::text::{fold, normalize_line_endings};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::borrow::Cow;

/// How many rated touches the summary keeps (the mood rule compares two groups of three).
const SUMMARY_MOODS: usize = 6;
/// How many initiatives the summary keeps (the one-sided rule looks at four).
const SUMMARY_INITIATIVES: usize = 4;

const CONTACT_COLUMNS: &str = "id, name, company, role, email, phone, address_form, salutation, birthday, \
     met_on, notes, tier, cadence_days, snoozed_until, archived, created_at, \
     last_touch_at, recent_moods, recent_initiatives, private";

/// My overdue promises to one contact, as the neglect list needs them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverduePromises {
    /// How many are overdue.
    pub count: usize,
    /// The oldest few (text, due date), oldest first.
    pub oldest: Vec<(String, chrono::NaiveDate)>,
}

/// The fields a user sets on a contact; everything but the name may be left out.
pub type NewContactFields = Contact;

/// The result of resolving what the user typed to name a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactMatch {
    /// Exactly one contact.
    One(Box<Contact>),
    /// Nothing matched.
    None,
    /// Several matched: (id, name, company) of each, for the error message.
    Many(Vec<(Id, String, Option<String>)>),
}

/// Reads a contact row. The outer error is SQLite's; the inner one a stored value that makes no sense
/// (it becomes [`StoreError::Corrupt`]). Texts that are only parsed are borrowed from the row, not copied.
fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<Result<(Contact, TouchSummary)>> {
    let text = |i: usize| -> rusqlite::Result<Option<&str>> {
        row.get_ref(i)?.as_str_or_null().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    let (address_form, birthday, met_on, tier) = (text(6)?, text(8)?, text(9)?, text(11)?);
    let (snoozed, created, last_touch) = (text(13)?, text(15)?, text(16)?);
    let (moods, initiatives) = (text(17)?, text(18)?);
    let id: Id = row.get(0)?;
    let mut contact = Contact {
        id,
        name: row.get(1)?,
        company: row.get(2)?,
        role: row.get(3)?,
        email: row.get(4)?,
        phone: row.get(5)?,
        address_form: None,
        salutation: row.get(7)?,
        birthday: None,
        met_on: None,
        notes: row.get(10)?,
        tags: Vec::new(),
        tier: None,
        cadence_days: row.get(12)?,
        snoozed_until: None,
        archived: row.get(14)?,
        private: row.get(19)?,
        created_at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
    };
    let mut parse = || -> Result<TouchSummary> {
        contact.address_form = address_form.map(word).transpose()?;
        contact.birthday = birthday.map(parse_day).transpose()?;
        contact.met_on = met_on.map(parse_day).transpose()?;
        contact.tier = tier.map(word).transpose()?;
        contact.snoozed_until = snoozed.map(parse_day).transpose()?;
        contact.created_at = parse_instant(created.unwrap_or_default())?;
        Ok(TouchSummary {
            last_touch: last_touch.map(parse_instant).transpose()?,
            recent_moods: moods
                .unwrap_or_default()
                .split(',')
                .filter_map(|m| m.parse().ok())
                .collect(),
            recent_initiatives: initiatives
                .unwrap_or_default()
                .split(',')
                .filter_map(|m| m.parse().ok())
                .collect(),
        })
    };
    Ok(parse().map(|summary| (contact, summary)))
}

/// The contact with LF line breaks in every text field (the one place contact text is cleaned before
/// it is written); borrowed when no field holds a CR.
fn with_lf_line_breaks(c: &Contact) -> Cow<'_, Contact> {
    let has_cr = |text: &Option<String>| text.as_deref().is_some_and(|t| t.contains('\r'));
    let texts = [
        &c.company,
        &c.role,
        &c.email,
        &c.phone,
        &c.salutation,
        &c.notes,
    ];
    if !c.name.contains('\r')
        && !texts.into_iter().any(has_cr)
        && !c.tags.iter().any(|t| t.contains('\r'))
    {
        return Cow::Borrowed(c);
    }
    let clean = |text: &Option<String>| {
        text.as_deref()
            .map(|t| normalize_line_endings(t).into_owned())
    };
    Cow::Owned(Contact {
        name: normalize_line_endings(&c.name).into_owned(),
        company: clean(&c.company),
        role: clean(&c.role),
        email: clean(&c.email),
        phone: clean(&c.phone),
        salutation: clean(&c.salutation),
        notes: clean(&c.notes),
        tags: c
            .tags
            .iter()
            .map(|t| normalize_line_endings(t).into_owned())
            .collect(),
        ..c.clone()
    })
}

pub(super) fn insert_contact(conn: &Connection, c: &Contact, keep_id: bool) -> Result<Id> {
    let c = &*with_lf_line_breaks(c);
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contacts (id, name, name_fold, company, role, email, phone, address_form, salutation,
             birthday, met_on, notes, tier, cadence_days, snoozed_until, archived, created_at, company_id,
             private)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    let company_id = super::companies::company_for_text(conn, c.company.as_deref())?;
    stmt.execute(params![
        keep_id.then_some(c.id),
        c.name.trim(),
        fold(c.name.trim()),
        c.company,
        c.role,
        c.email,
        c.phone,
        c.address_form.map(|a| a.as_str()),
        c.salutation,
        c.birthday.map(format_day),
        c.met_on.map(format_day),
        c.notes,
        c.tier.map(|t| t.as_str()),
        c.cadence_days,
        c.snoozed_until.map(format_day),
        c.archived,
        format_instant(&c.created_at),
        company_id,
        c.private,
    ])?;
    let id = conn.last_insert_rowid();
    write_tags(conn, id, &c.tags)?;
    Ok(id)
}

fn write_tags(conn: &Connection, id: Id, tags: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_tags WHERE contact_id = ?1")?
        .execute([id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_tags (contact_id, position, tag) VALUES (?1, ?2, ?3)",
    )?;
    for (position, tag) in (0i64..).zip(tags) {
        stmt.execute(params![id, position, tag])?;
    }
    Ok(())
}

/// Recomputes a contact's touch summary from its history: newest touches first, stopping as soon as
/// the summary is full. Called inside every transaction that changes the contact's entries.
pub(super) fn refresh_touch_summary(conn: &Connection, contact: Id) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.occurred_at, e.mood, e.initiative
           FROM entry_contacts ec JOIN entries e ON e.id = ec.entry_id
          WHERE ec.contact_id = ?1 AND ec.is_touch = 1
          ORDER BY ec.occurred_ts DESC, ec.entry_id DESC",
    )?;
    let mut rows = stmt.query([contact])?;
    let mut last: Option<String> = None;
    let mut moods: Vec<String> = Vec::new();
    let mut initiatives: Vec<String> = Vec::new();
    while let Some(row) = rows.next()? {
        if last.is_none() {
            last = Some(row.get(0)?);
        }
        if moods.len() < SUMMARY_MOODS
            && let Some(mood) = row.get::<_, Option<i64>>(1)?
        {
            moods.push(mood.to_string());
        }
        if initiatives.len() < SUMMARY_INITIATIVES
            && let Some(initiative) = row.get::<_, Option<String>>(2)?
        {
            initiatives.push(initiative);
        }
        if moods.len() == SUMMARY_MOODS && initiatives.len() == SUMMARY_INITIATIVES {
            break;
        }
    }
    drop(rows);
    let last_ts = last
        .as_deref()
        .map(parse_instant)
        .transpose()?
        .map(|t| t.timestamp());
    conn.prepare_cached(
        "UPDATE contacts SET last_touch_at = ?2, last_touch_ts = ?3, recent_moods = ?4, recent_initiatives = ?5
          WHERE id = ?1",
    )?
    .execute(params![contact, last, last_ts, moods.join(","), initiatives.join(",")])?;
    Ok(())
}

/// Writes every field of an existing contact (inside the caller's transaction).
pub(super) fn update_contact_in(conn: &Connection, contact: &Contact) -> Result<()> {
    let contact = &*with_lf_line_breaks(contact);
    let before = super::card::identity(conn, contact.id)?;
    let company_before = super::companies::linked_company(conn, contact.id)?;
    let changed = conn.execute(
            "UPDATE contacts SET name = ?2, name_fold = ?3, company = ?4, role = ?5, email = ?6, phone = ?7,
                    address_form = ?8, salutation = ?9, birthday = ?10, met_on = ?11, notes = ?12, tier = ?13,
                    cadence_days = ?14, snoozed_until = ?15, archived = ?16, company_id = ?17, private = ?18
              WHERE id = ?1",
            params![
                contact.id,
                contact.name.trim(),
                fold(contact.name.trim()),
                contact.company,
                contact.role,
                contact.email,
                contact.phone,
                contact.address_form.map(|a| a.as_str()),
                contact.salutation,
                contact.birthday.map(format_day),
                contact.met_on.map(format_day),
                contact.notes,
                contact.tier.map(|t| t.as_str()),
                contact.cadence_days,
                contact.snoozed_until.map(format_day),
                contact.archived,
                super::companies::company_for_text(conn, contact.company.as_deref())?,
                contact.private,
            ],
        )?;
    one_contact_changed(changed, contact.id)?;
    super::companies::prune_companies(conn, company_before)?;
    write_tags(conn, contact.id, &contact.tags)?;
    if let Some(before) = before {
        super::card::follow_edit(
            conn,
            contact.id,
            &before,
            &super::card::Identity::of(contact),
        )?;
    }
    Ok(())
}

/// An UPDATE of contact `id` that changed no row means there is no such contact.
pub(super) fn one_contact_changed(changed: usize, id: Id) -> Result<()> {
    if changed == 0 {
        return Err(StoreError::NotFound {
            what: "contact",
            id,
        });
    }
    Ok(())
}

/// One contact with its tags and touch summary, on any connection (also inside a transaction).
pub(super) fn load_contact(conn: &Connection, id: Id) -> Result<(Contact, TouchSummary)> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?1");
    let (mut contact, summary) = conn
        .prepare_cached(&sql)?
        .query_row([id], contact_from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "contact",
            id,
        })??;
    let mut stmt = conn
        .prepare_cached("SELECT tag FROM contact_tags WHERE contact_id = ?1 ORDER BY position")?;
    contact.tags = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok((contact, summary))
}

pub(super) fn contact_exists(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM contacts WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

impl Store {
    /// Adds a contact; returns its id.
    pub fn add_contact(&mut self, contact: &Contact) -> Result<Id> {
        let tx = self.write_transaction()?;
        let id = insert_contact(&tx, contact, false)?;
        tx.commit()?;
        Ok(id)
    }

    /// Replaces every field of an existing contact with `contact`'s (its id names the row).
    pub fn update_contact(&mut self, contact: &Contact) -> Result<()> {
        let tx = self.write_transaction()?;
        update_contact_in(&tx, contact)?;
        tx.commit()?;
        Ok(())
    }

    /// Archives or restores a contact.
    pub fn set_archived(&mut self, id: Id, archived: bool) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE contacts SET archived = ?2 WHERE id = ?1",
            params![id, archived],
        )?;
        one_contact_changed(changed, id)
    }

    /// One contact with its tags and touch summary.
    pub fn contact(&self, id: Id) -> Result<(Contact, TouchSummary)> {
        load_contact(&self.conn, id)
    }

    /// The contacts an export covers: the one asked for, or everyone (archived included), with tags.
    pub fn contacts_to_export(&self, contact: Option<Id>) -> Result<Vec<Contact>> {
        Ok(match contact {
            Some(id) => vec![self.contact(id)?.0],
            None => self
                .contacts(true, true)?
                .into_iter()
                .map(|(c, _)| c)
                .collect(),
        })
    }

    /// The ids of the contacts marked private (read through a small partial index): the MCP server
    /// leaves these out of everything it answers.
    pub fn private_contact_ids(&self) -> Result<std::collections::HashSet<Id>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM contacts WHERE private = 1")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Every contact (archived ones only when asked) with its touch summary, ordered by name.
    /// Tags are loaded only when `with_tags` is set, since the neglect list does not need them.
    pub fn contacts(
        &self,
        include_archived: bool,
        with_tags: bool,
    ) -> Result<Vec<(Contact, TouchSummary)>> {
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE archived = 0 OR ?1 ORDER BY name_fold, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out = stmt
            .query_map([include_archived], contact_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect::<Result<Vec<_>>>()?;
        if with_tags {
            let mut by_id: std::collections::HashMap<Id, Vec<String>> =
                std::collections::HashMap::new();
            let mut stmt = self.conn.prepare_cached(
                "SELECT contact_id, tag FROM contact_tags ORDER BY contact_id, position",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                by_id.entry(row.get(0)?).or_default().push(row.get(1)?);
            }
            for (contact, _) in &mut out {
                contact.tags = by_id.remove(&contact.id).unwrap_or_default();
            }
        }
        Ok(out)
    }

    /// My overdue open promises by contact: how many each has, and the `named` oldest (text, due).
    /// Counting reads only the `promises_mine_open` index; texts are read for the oldest few.
    pub fn overdue_promises(
        &self,
        today: chrono::NaiveDate,
        contact: Option<Id>,
        named: usize,
    ) -> Result<std::collections::HashMap<Id, OverduePromises>> {
        let sql = format!(
            "SELECT contact_id, count(*),
                    (SELECT json_group_array(json_array(text, due)) FROM (
                        SELECT p.text, p.due FROM promises p INDEXED BY promises_mine_open
                         WHERE p.owner = 'me' AND p.status = 'open' AND p.contact_id = o.contact_id
                           AND p.due < ?1
                         ORDER BY p.due, p.id LIMIT +?3))
               FROM promises o INDEXED BY promises_mine_open
              WHERE owner = 'me' AND status = 'open' AND {} AND due < ?1
              GROUP BY contact_id",
            super::one_contact_or_all("contact_id", 2, contact)
        );
        let limit = i64::try_from(named).unwrap_or(i64::MAX);
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![format_day(today), contact, limit], |r| {
                Ok((
                    r.get::<_, Id>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = std::collections::HashMap::with_capacity(rows.len());
        for (id, count, oldest) in rows {
            let oldest: Vec<(String, String)> = serde_json::from_str(&oldest)
                .map_err(|_| StoreError::Corrupt(format!("promises of contact {id}")))?;
            let oldest = oldest
                .into_iter()
                .map(|(text, due)| Ok((text, super::parse_day(&due)?)))
                .collect::<Result<Vec<_>>>()?;
            out.insert(
                id,
                OverduePromises {
                    count: usize::try_from(count).unwrap_or(0),
                    oldest,
                },
            );
        }
        Ok(out)
    }

    /// Resolves what the user typed: `12` or `#12`, an exact name (case- and diacritics-insensitive),
    /// a unique prefix of a name, or else of a later word in it. Archived contacts are found too.
    pub fn resolve_contact(&self, query: &str) -> Result<ContactMatch> {
        let query = query.trim();
        if let Some(id) = crate::domain::model::contact_id_in(query) {
            return match self.contact(id) {
                Ok((c, _)) => Ok(ContactMatch::One(Box::new(c))),
                Err(StoreError::NotFound { .. }) => Ok(ContactMatch::None),
                Err(e) => Err(e),
            };
        }
        let folded = fold(query);
        if folded.is_empty() {
            return Ok(ContactMatch::None);
        }
        let exact: Vec<(Id, String)> = self
            .conn
            .prepare_cached("SELECT id, name FROM contacts WHERE name_fold = ?1 ORDER BY id")?
            .query_map([&folded], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // An exact name wins over longer names it is a prefix of; the same name twice is still ambiguous.
        let exact_by_case: Vec<&(Id, String)> = exact.iter().filter(|(_, n)| n == query).collect();
        let ids: Vec<Id> = if exact_by_case.len() == 1 {
            vec![exact_by_case[0].0]
        } else if !exact.is_empty() {
            exact.iter().map(|(id, _)| *id).collect()
        } else {
            // Prefix range on the folded name: [folded, folded + U+10FFFF).
            let upper = format!("{folded}\u{10FFFF}");
            let by_name: Vec<Id> = self
                .conn
                .prepare_cached(
                    "SELECT id FROM contacts WHERE name_fold >= ?1 AND name_fold < ?2 ORDER BY name_fold, id LIMIT 51",
                )?
                .query_map([&folded, &upper], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if by_name.is_empty() {
                // Then the start of any later word: "weber" finds "Frau Dr. Weber".
                let pattern = format!(
                    "% {}%",
                    folded
                        .replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                );
                self.conn
                    .prepare_cached(
                        "SELECT id FROM contacts WHERE name_fold LIKE ?1 ESCAPE '\\' ORDER BY name_fold, id LIMIT 51",
                    )?
                    .query_map([&pattern], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            } else {
                by_name
            }
        };
        match ids.as_slice() {
            [] => Ok(ContactMatch::None),
            [id] => Ok(ContactMatch::One(Box::new(self.contact(*id)?.0))),
            many => {
                let mut out = Vec::new();
                for id in many {
                    let (c, _) = self.contact(*id)?;
                    out.push((c.id, c.name, c.company));
                }
                Ok(ContactMatch::Many(out))
            }
        }
    }

    /// Deletes a contact with everything only about them: entries that name no one else, their promises,
    /// and their links to shared entries (which stay for the other contacts). One transaction.
    pub fn delete_contact(&mut self, id: Id) -> Result<()> {
        let tx = self.write_transaction()?;
        delete_contact_rows(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// How many contacts there are (archived included).
    pub fn contact_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?)
    }
}

/// Deletes a contact, the entries only about them and (by cascade) their links and promises, inside the
/// caller's transaction; a contact that does not exist is [`StoreError::NotFound`].
pub(super) fn delete_contact_rows(tx: &rusqlite::Transaction<'_>, id: Id) -> Result<()> {
    if !contact_exists(tx, id)? {
        return Err(StoreError::NotFound {
            what: "contact",
            id,
        });
    }
    tx.execute(
        "DELETE FROM entries WHERE id IN (
             SELECT entry_id FROM entry_contacts WHERE contact_id = ?1
             EXCEPT SELECT entry_id FROM entry_contacts WHERE contact_id <> ?1)",
        [id],
    )?;
    let company = super::companies::linked_company(tx, id)?;
    tx.execute("DELETE FROM contacts WHERE id = ?1", [id])?;
    super::companies::prune_companies(tx, company)?;
    Ok(())
}
