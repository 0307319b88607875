//! The records the command line prints with `--json` and the MCP server answers with, built in one
//! place so that both give the same answer by construction; and the one contact resolver both use.

pub mod contact;
pub mod log;

use crate::domain::model::{Contact, Id};
use crate::i18n::tr;
use crate::insight::ContactHealth;
use crate::store::{
    ContactMatch, EntryRow, PromiseRow, SearchResults, Store, format_day, format_instant,
};
use crate::transfer::json::{entry_record, promise_record};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashSet;

/// What the MCP server must not reveal: the private contacts and every entry that involves one of
/// them (with the promises made in those entries).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hidden {
    /// The private contacts.
    pub contacts: HashSet<Id>,
    /// The entries that involve one of them.
    pub entries: HashSet<Id>,
}

impl Hidden {
    /// The private contacts of `store` and their entries.
    ///
    /// # Errors
    ///
    /// A store error.
    pub fn of(store: &Store) -> crate::store::Result<Hidden> {
        let contacts = store.private_contact_ids()?;
        let entries = store.entries_involving(&contacts)?;
        Ok(Hidden { contacts, entries })
    }

    /// True when `contact` is private.
    pub fn contact(&self, contact: Id) -> bool {
        self.contacts.contains(&contact)
    }

    /// True when the entry involves a private contact.
    pub fn entry(&self, entry: &crate::domain::model::Entry) -> bool {
        self.entries.contains(&entry.id) || entry.contacts.iter().any(|c| self.contact(*c))
    }

    /// Takes out of the reasons of `list` (judged on `today`) every overdue promise made in a hidden
    /// entry (it is still counted, unnamed).
    ///
    /// # Errors
    ///
    /// A store error.
    pub fn unname_promises(
        &self,
        store: &Store,
        today: chrono::NaiveDate,
        list: &mut [ContactHealth],
    ) -> crate::store::Result<()> {
        if self.entries.is_empty() || list.iter().all(|c| c.overdue_promises.oldest.is_empty()) {
            return Ok(());
        }
        let unnamed: HashSet<(Id, String, chrono::NaiveDate)> = store
            .my_overdue_promises(today)?
            .into_iter()
            .filter(|(_, _, _, entry)| entry.is_some_and(|e| self.entries.contains(&e)))
            .map(|(whose, text, due, _)| (whose, text, due))
            .collect();
        for c in list.iter_mut() {
            let id = c.contact.id;
            c.overdue_promises
                .oldest
                .retain(|(text, due)| !unnamed.contains(&(id, text.clone(), *due)));
        }
        Ok(())
    }

    /// True when the promise is a private contact's or was made in an entry that involves one.
    pub fn promise(&self, promise: &crate::domain::model::Promise) -> bool {
        self.contact(promise.contact) || promise.entry.is_some_and(|e| self.entries.contains(&e))
    }
}

/// One row of `due --json` (SPEC §5).
#[derive(Debug, Serialize)]
pub struct DueRecord<'a> {
    /// The contact's id.
    pub id: i64,
    /// The contact's name.
    pub name: &'a str,
    /// `overdue`, `due_soon`, `ok` or `unscheduled`.
    pub status: &'static str,
    /// The last touch, `YYYY-MM-DD`.
    pub last_touch: Option<String>,
    /// The cadence in days.
    pub cadence_days: Option<u32>,
    /// When the next touch is due.
    pub due_on: Option<String>,
    /// Days past `due_on`.
    pub days_overdue: Option<i64>,
    /// The flags raised, as words.
    pub flags: Vec<&'static str>,
}

/// The `due --json` rows of a neglect list.
pub fn due_records(list: &[ContactHealth]) -> Vec<DueRecord<'_>> {
    list.iter()
        .map(|c| DueRecord {
            id: c.contact.id,
            name: &c.contact.name,
            status: c.health.status.as_str(),
            last_touch: c.health.last_touch.map(format_day),
            cadence_days: c.health.cadence_days,
            due_on: c.health.due_on.map(format_day),
            days_overdue: c.health.days_overdue,
            flags: c.health.flags.iter().map(|f| f.as_str()).collect(),
        })
        .collect()
}

/// One promise as `promise list --json` and `search --json` write it: its record and `contact_name`.
pub fn promise_json(row: &PromiseRow) -> Value {
    let mut value = serde_json::to_value(promise_record(&row.promise)).unwrap_or_default();
    value["contact_name"] = json!(row.contact_name);
    value
}

/// One entry as `entry show --json` writes it: its record, `contact_names` and its promises.
pub fn entry_json(row: &EntryRow, promises: &[PromiseRow]) -> Value {
    let mut value = serde_json::to_value(entry_record(&row.entry)).unwrap_or_default();
    value["contact_names"] = json!(row.contact_names.iter().map(|(_, n)| n).collect::<Vec<_>>());
    value["promises"] = json!(
        promises
            .iter()
            .map(|p| promise_record(&p.promise))
            .collect::<Vec<_>>()
    );
    value
}

/// A snippet without its match markers, and the character ranges `[start, end)` of the matches in
/// that plain text (what `--json` writes).
pub fn plain_and_matches(marked: &str) -> (String, Vec<[usize; 2]>) {
    let mut plain = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let mut at = 0;
    let mut start = None;
    for c in marked.chars() {
        match c {
            crate::store::MATCH_START => start = Some(at),
            crate::store::MATCH_END => {
                if let Some(s) = start.take() {
                    ranges.push([s, at]);
                }
            }
            c => {
                plain.push(c);
                at += 1;
            }
        }
    }
    (plain, ranges)
}

/// The `search --json --groups` document: `{"contacts": [...], "promises": [...], "entries": [...]}`.
pub fn search_json(results: &SearchResults) -> Value {
    let contacts: Vec<Value> = results
        .contacts
        .iter()
        .map(|h| {
            let (snippet, matches) = plain_and_matches(&h.snippet);
            json!({"id": h.id, "name": h.name, "company": h.company, "role": h.role,
                   "snippet": snippet, "matches": matches})
        })
        .collect();
    let promises: Vec<Value> = results.promises.iter().map(promise_json).collect();
    let entries: Vec<Value> = results
        .entries
        .iter()
        .map(|h| {
            let e = &h.row.entry;
            let (snippet, matches) = plain_and_matches(&h.snippet);
            json!({
                "id": e.id,
                "occurred_at": format_instant(&e.occurred_at),
                "kind": e.kind.as_str(),
                "title": e.title,
                "contacts": h.row.contact_names.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
                "snippet": snippet,
                "matches": matches,
            })
        })
        .collect();
    json!({"contacts": contacts, "promises": promises, "entries": entries})
}

/// Resolves what a user typed to name a contact (id, `#id`, exact name, unique prefix), failing with
/// the candidates when it is ambiguous. Contacts in `hidden` do not exist for this question: one of
/// them alone is "unknown contact", and they are left out of the candidates. `unknown_key` is the
/// catalogue key of that message, whose hint fits who asked (a person at the command line, an
/// assistant over MCP).
///
/// # Errors
///
/// Unknown or ambiguous, in one line of the user's language; or a store error.
pub fn resolve_contact(
    store: &Store,
    query: &str,
    hidden: &HashSet<Id>,
    unknown_key: &str,
) -> anyhow::Result<Contact> {
    let name = crate::text::sanitize_line(query);
    let unknown = || anyhow::anyhow!(tr(unknown_key, &[("name", &name)]));
    match store.resolve_contact(query)? {
        ContactMatch::One(c) if hidden.contains(&c.id) => Err(unknown()),
        ContactMatch::One(c) => Ok(*c),
        ContactMatch::None => Err(unknown()),
        ContactMatch::Many(list) => {
            let list: Vec<_> = list
                .into_iter()
                .filter(|(id, _, _)| !hidden.contains(id))
                .collect();
            match list.as_slice() {
                [] => Err(unknown()),
                [(id, _, _)] => Ok(store.contact(*id)?.0),
                _ => Err(ambiguous(query, &list)),
            }
        }
    }
}

/// "… matches several contacts: #1 Anna (Acme), …" with at most ten of them.
fn ambiguous(query: &str, list: &[(Id, String, Option<String>)]) -> anyhow::Error {
    let names = list
        .iter()
        .take(10)
        .map(|(id, name, company)| match company {
            Some(c) if !c.is_empty() => format!("#{id} {name} ({c})"),
            _ => format!("#{id} {name}"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let more = if list.len() > 10 { ", …" } else { "" };
    anyhow::anyhow!(crate::text::sanitize_line(&tr(
        "error.ambiguous_contact",
        &[("name", &query), ("candidates", &format!("{names}{more}"))]
    )))
}

#[cfg(test)]
mod tests {
    use super::plain_and_matches;
    use crate::store::{MATCH_END, MATCH_START};

    #[test]
    fn json_snippets_give_match_ranges_in_characters() {
        let marked = format!(
            "mit {MATCH_START}Weiß{MATCH_END} über den {MATCH_START}Rahmenvertrag{MATCH_END}"
        );
        let (plain, matches) = plain_and_matches(&marked);
        assert_eq!(plain, "mit Weiß über den Rahmenvertrag");
        assert_eq!(matches, vec![[4, 8], [18, 31]]);
        let chars: Vec<char> = plain.chars().collect();
        assert_eq!(chars[4..8].iter().collect::<String>(), "Weiß");
    }
}
