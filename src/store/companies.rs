//! Companies and introductions. A contact keeps its company text and links to the company of that
//! name: every contact write finds or creates the company by its folded name ([`company_fold`]);
//! renaming a company rewrites its people's text; merging moves them. Introductions name another
//! contact (cleared by the database when that contact goes).

use super::entries::{ENTRY_COLUMNS, EntryRow, entry_from_row, finish_entry};
use super::{Result, Store, StoreError};
use crate::domain::model::{Company, Id};
use crate::text::{fold, normalize_line_endings};
use rusqlite::{Connection, OptionalExtension, params};

/// The key that makes two company names one company: folded like names (case and accents do not
/// count, so "GmbH" and "gmbh" are one) with runs of spaces as one space and no spaces at the ends.
pub fn company_fold(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Defines `rapport_company_fold` on this connection (the migration that made companies uses it).
pub(super) fn define_fold_function(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("rapport_company_fold", 1, flags, |ctx| {
        Ok(company_fold(
            ctx.get::<Option<String>>(0)?.as_deref().unwrap_or(""),
        ))
    })?;
    Ok(())
}

/// The id of the company a contact with this company text belongs to, created when there is none
/// yet; `None` for no (or a blank) text.
pub(super) fn company_for_text(conn: &Connection, text: Option<&str>) -> Result<Option<Id>> {
    let Some(name) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let key = company_fold(name);
    if let Some(id) = find_by_fold(conn, &key)? {
        return Ok(Some(id));
    }
    conn.prepare_cached("INSERT INTO companies (name, name_fold) VALUES (?1, ?2)")?
        .execute(params![normalize_line_endings(name), key])?;
    Ok(Some(conn.last_insert_rowid()))
}

fn find_by_fold(conn: &Connection, key: &str) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached("SELECT id FROM companies WHERE name_fold = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Deletes companies nobody works at any more that hold nothing of their own (no website, notes,
/// tags, key-account mark): what a changed or deleted company text leaves behind. `only`: just
/// that company (the one a contact left), else every one.
pub(super) fn prune_companies(conn: &Connection, only: Option<Id>) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM companies
          WHERE (?1 IS NULL OR id = ?1)
            AND website IS NULL AND notes IS NULL AND key_account = 0
            AND NOT EXISTS (SELECT 1 FROM contacts WHERE company_id = companies.id)
            AND NOT EXISTS (SELECT 1 FROM company_tags WHERE company_id = companies.id)",
    )?
    .execute([only])?;
    Ok(())
}

/// The company a contact is linked to now.
pub(super) fn linked_company(conn: &Connection, contact: Id) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached("SELECT company_id FROM contacts WHERE id = ?1")?
        .query_row([contact], |r| r.get(0))
        .optional()?
        .flatten())
}

fn load_company(conn: &Connection, id: Id) -> Result<Company> {
    let mut company = conn
        .prepare_cached(
            "SELECT id, name, website, notes, key_account FROM companies WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Company {
                id: r.get(0)?,
                name: r.get(1)?,
                website: r.get(2)?,
                notes: r.get(3)?,
                tags: Vec::new(),
                key_account: r.get(4)?,
            })
        })
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "company",
            id,
        })?;
    company.tags = conn
        .prepare_cached("SELECT tag FROM company_tags WHERE company_id = ?1 ORDER BY position")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(company)
}

fn write_company_tags(conn: &Connection, id: Id, tags: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM company_tags WHERE company_id = ?1")?
        .execute([id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO company_tags (company_id, position, tag) VALUES (?1, ?2, ?3)",
    )?;
    for (position, tag) in (0i64..).zip(tags) {
        stmt.execute(params![id, position, normalize_line_endings(tag)])?;
    }
    Ok(())
}

/// Writes a company's fields (inside the caller's transaction); a new name that folds like another
/// company's is refused, and its people's company text follows the new name.
pub(super) fn write_company(conn: &Connection, c: &Company) -> Result<()> {
    let name = normalize_line_endings(c.name.trim()).into_owned();
    let key = company_fold(&name);
    if key.is_empty() {
        return Err(StoreError::EmptyText { what: "company" });
    }
    if let Some(other) = find_by_fold(conn, &key)?.filter(|other| *other != c.id) {
        return Err(StoreError::CompanyTaken {
            name,
            other: load_company(conn, other)?.name,
        });
    }
    let clean = |t: &Option<String>| {
        t.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| normalize_line_endings(t).into_owned())
    };
    let changed = conn
        .prepare_cached(
            "UPDATE companies SET name = ?2, name_fold = ?3, website = ?4, notes = ?5, key_account = ?6
              WHERE id = ?1",
        )?
        .execute(params![
            c.id,
            name,
            key,
            clean(&c.website),
            clean(&c.notes),
            c.key_account
        ])?;
    if changed == 0 {
        return Err(StoreError::NotFound {
            what: "company",
            id: c.id,
        });
    }
    write_company_tags(conn, c.id, &c.tags)?;
    rename_people(conn, c.id, &name)
}

/// Gives a company's people its (new) name as their company text, each as an edit of that contact
/// would: a kept ORG row that said the old name goes with it.
fn rename_people(conn: &Connection, company: Id, name: &str) -> Result<()> {
    let renamed: Vec<Id> = conn
        .prepare_cached("SELECT id FROM contacts WHERE company_id = ?1 AND company IS NOT ?2")?
        .query_map(params![company, name], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for contact in renamed {
        let before = super::card::identity(conn, contact)?;
        conn.prepare_cached("UPDATE contacts SET company = ?2 WHERE id = ?1")?
            .execute(params![contact, name])?;
        let after = super::card::identity(conn, contact)?;
        if let (Some(before), Some(after)) = (before, after) {
            super::card::follow_edit(conn, contact, &before, &after)?;
        }
    }
    Ok(())
}

/// Writes a company of an import file: a journal company of the same folded name takes the file's
/// fields (with `merge`, keeps its own); else a new one, with the file's id when `keep_id`.
pub(super) fn import_company(
    conn: &Connection,
    c: &Company,
    keep_id: bool,
    merge: bool,
) -> Result<Id> {
    let key = company_fold(&c.name);
    if key.is_empty() {
        return Err(StoreError::EmptyText { what: "company" });
    }
    let id = match find_by_fold(conn, &key)? {
        Some(id) if merge => return Ok(id),
        Some(id) => id,
        None => {
            conn.prepare_cached("INSERT INTO companies (id, name, name_fold) VALUES (?1, ?2, ?3)")?
                .execute(params![keep_id.then_some(c.id), c.name.trim(), key])?;
            conn.last_insert_rowid()
        }
    };
    write_company(conn, &Company { id, ..c.clone() })?;
    Ok(id)
}

/// Links an imported contact to its company (when the file names one) and to who introduced them.
pub(super) fn relate(
    conn: &Connection,
    contact: Id,
    company: Option<Id>,
    introducer: Option<Id>,
) -> Result<()> {
    if let Some(company) = company {
        let name: String = conn
            .prepare_cached("SELECT name FROM companies WHERE id = ?1")?
            .query_row([company], |r| r.get(0))?;
        // The text stays as written when it names the same company; else it takes its name.
        conn.prepare_cached(
            "UPDATE contacts SET company_id = ?2,
                    company = CASE WHEN rapport_company_fold(company) = rapport_company_fold(?3)
                                   THEN company ELSE ?3 END
              WHERE id = ?1",
        )?
        .execute(params![contact, company, name])?;
    }
    if introducer.is_some() && introducer != Some(contact) {
        conn.prepare_cached("UPDATE contacts SET introduced_by = ?2 WHERE id = ?1")?
            .execute(params![contact, introducer])?;
    }
    Ok(())
}

/// A contact's company and introducer (ids), either of which may be missing.
pub type Relations = (Option<Id>, Option<Id>);

/// A company with how many people work there, as `company list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRow {
    /// The company.
    pub company: Company,
    /// Its contacts (archived ones included).
    pub people: usize,
}

/// The result of resolving what the user typed to name a company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanyMatch {
    /// Exactly one company.
    One(Box<Company>),
    /// Nothing matched.
    None,
    /// Several matched: their names.
    Many(Vec<String>),
}

impl Store {
    /// Every company by folded name, with its number of people.
    pub fn companies(&self) -> Result<Vec<CompanyRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT co.id, (SELECT count(*) FROM contacts c WHERE c.company_id = co.id)
               FROM companies co ORDER BY co.name_fold, co.id",
        )?;
        let ids = stmt
            .query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.into_iter()
            .map(|(id, people)| {
                Ok(CompanyRow {
                    company: load_company(&self.conn, id)?,
                    people: usize::try_from(people).unwrap_or(0),
                })
            })
            .collect()
    }

    /// One company with its tags.
    pub fn company(&self, id: Id) -> Result<Company> {
        load_company(&self.conn, id)
    }

    /// The company of a contact, if it has one.
    pub fn company_of(&self, contact: Id) -> Result<Option<Company>> {
        linked_company(&self.conn, contact)?
            .map(|id| load_company(&self.conn, id))
            .transpose()
    }

    /// Finds the company the user means: an id, the whole name (folded), or else the one company
    /// whose folded name starts with (or, failing that, contains) what was typed.
    pub fn resolve_company(&self, query: &str) -> Result<CompanyMatch> {
        let query = query.trim();
        if let Ok(id) = query.trim_start_matches('#').parse::<Id>()
            && let Ok(company) = load_company(&self.conn, id)
        {
            return Ok(CompanyMatch::One(Box::new(company)));
        }
        let key = company_fold(query);
        if key.is_empty() {
            return Ok(CompanyMatch::None);
        }
        if let Some(id) = find_by_fold(&self.conn, &key)? {
            return Ok(CompanyMatch::One(Box::new(load_company(&self.conn, id)?)));
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, instr(name_fold, ?1) = 1 FROM companies
              WHERE instr(name_fold, ?1) > 0 ORDER BY name_fold, id",
        )?;
        let found = stmt
            .query_map([&key], |r| {
                Ok((
                    r.get::<_, Id>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let starting: Vec<_> = found.iter().filter(|(_, _, start)| *start).collect();
        let pick = if starting.is_empty() {
            found.iter().collect()
        } else {
            starting
        };
        Ok(match pick.as_slice() {
            [] => CompanyMatch::None,
            [(id, _, _)] => CompanyMatch::One(Box::new(load_company(&self.conn, *id)?)),
            many => CompanyMatch::Many(many.iter().map(|(_, name, _)| name.clone()).collect()),
        })
    }

    /// The ids of a company's people, by folded name.
    pub fn company_people(&self, company: Id) -> Result<Vec<Id>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM contacts WHERE company_id = ?1 ORDER BY name_fold, id",
        )?;
        let ids = stmt
            .query_map([company], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The newest entries about anyone at a company, at most `limit`, newest first.
    pub fn company_entries(&self, company: Id, limit: usize) -> Result<Vec<EntryRow>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries e
              WHERE e.id IN (SELECT ec.entry_id FROM entry_contacts ec
                               JOIN contacts c ON c.id = ec.contact_id WHERE c.company_id = ?1)
              ORDER BY e.occurred_ts DESC, e.id DESC LIMIT +?2"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raws = stmt
            .query_map(params![company, limit], entry_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter().map(finish_entry).collect()
    }

    /// Changes a company's name, website, notes, tags and key-account mark; its people's company
    /// text follows a new name. A name another company has (folded) is refused: merge them instead.
    pub fn update_company(&mut self, company: &Company) -> Result<()> {
        let tx = self.write_transaction()?;
        write_company(&tx, company)?;
        tx.commit()?;
        Ok(())
    }

    /// Merges company `other` into `keep` in one transaction: its people move (their company text
    /// becomes `keep`'s name), its tags are added, an empty website or notes of `keep` are filled
    /// from it (notes of both are joined), a key-account mark carries over, and `other` is deleted.
    /// Returns how many people moved.
    pub fn merge_companies(&mut self, keep: Id, other: Id) -> Result<usize> {
        if keep == other {
            return Err(StoreError::MergeIntoItself);
        }
        let tx = self.write_transaction()?;
        let mut kept = load_company(&tx, keep)?;
        let gone = load_company(&tx, other)?;
        kept.website = kept.website.or(gone.website);
        kept.notes = match (kept.notes, gone.notes) {
            (Some(a), Some(b)) if a != b => Some(format!("{a}\n\n{b}")),
            (a, b) => a.or(b),
        };
        for tag in gone.tags {
            if !kept.tags.contains(&tag) {
                kept.tags.push(tag);
            }
        }
        kept.key_account |= gone.key_account;
        let moved = tx.execute(
            "UPDATE contacts SET company_id = ?1 WHERE company_id = ?2",
            [keep, other],
        )?;
        tx.execute("DELETE FROM companies WHERE id = ?1", [other])?;
        write_company(&tx, &kept)?;
        tx.commit()?;
        Ok(moved)
    }

    /// Each contact's company and introducer (ids), for those that have either: what the export
    /// writes with the contact.
    pub fn contact_relations(&self) -> Result<std::collections::HashMap<Id, Relations>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, company_id, introduced_by FROM contacts
              WHERE company_id IS NOT NULL OR introduced_by IS NOT NULL",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Each linked contact's company: contact id → (company id, name, key account).
    pub fn contact_companies(&self) -> Result<std::collections::HashMap<Id, (Id, String, bool)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, co.id, co.name, co.key_account
               FROM contacts c JOIN companies co ON co.id = c.company_id",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Records who introduced a contact (`None`: nobody). A contact cannot introduce themselves.
    pub fn set_introduced_by(&mut self, contact: Id, by: Option<Id>) -> Result<()> {
        if by == Some(contact) {
            return Err(StoreError::IntroducedBySelf);
        }
        let changed = self.conn.execute(
            "UPDATE contacts SET introduced_by = ?2 WHERE id = ?1",
            params![contact, by],
        )?;
        super::contacts::one_contact_changed(changed, contact)
    }

    /// Who introduced a contact: (id, name).
    pub fn introduced_by(&self, contact: Id) -> Result<Option<(Id, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT i.id, i.name FROM contacts c JOIN contacts i ON i.id = c.introduced_by
                  WHERE c.id = ?1",
            )?
            .query_row([contact], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The contacts this one introduced: (id, name), by folded name.
    pub fn introduced(&self, contact: Id) -> Result<Vec<(Id, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name FROM contacts WHERE introduced_by = ?1 ORDER BY name_fold, id",
        )?;
        let rows = stmt
            .query_map([contact], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::company_fold;

    #[test]
    fn company_names_fold_by_case_accents_and_spaces_only() {
        for (a, b, same) in [
            ("Ankerwerk GmbH", "ankerwerk gmbh", true),
            ("ANKERWERK  GmbH ", " Ankerwerk GMBH", true),
            ("Müller & Söhne", "muller & sohne", true),
            ("Ankerwerk GmbH", "Ankerwerk AG", false),
            ("Weiß KG", "Weiss KG", false),
            ("渡辺商事", "渡辺商事", true),
        ] {
            assert_eq!(company_fold(a) == company_fold(b), same, "{a} / {b}");
        }
        assert_eq!(company_fold("  \t "), "");
    }
}
