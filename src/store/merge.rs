//! Likely duplicates and merging: what the duplicate rules read of every contact (one query), and
//! merging one contact into another in one transaction.

use super::card::{read_card, write_card};
use super::contacts::{load_contact, refresh_touch_summary, update_contact_in};
use super::{Result, Store, StoreError, profile_key};
use crate::domain::duplicates::Person;
use crate::domain::merge::{Merged, merge};
use crate::domain::model::Id;
use rusqlite::Connection;

/// Every contact with its emails, phones and LinkedIn profiles (from its fields, its notes and its
/// kept `EMAIL`, `TEL`, `URL` and `X-SOCIALPROFILE` card rows), by id.
pub(super) fn duplicate_people(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.company, c.email, c.phone, c.notes, p.name, p.value
           FROM contacts c
           LEFT JOIN contact_properties p
             ON p.contact_id = c.id
            AND upper(substr(p.name, instr(p.name, '.') + 1))
                IN ('EMAIL', 'TEL', 'URL', 'X-SOCIALPROFILE')
          ORDER BY c.id, p.position",
    )?;
    let mut rows = stmt.query([])?;
    let mut people: Vec<Person> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: Id = row.get(0)?;
        if people.last().is_none_or(|p| p.id != id) {
            let notes: Option<String> = row.get(5)?;
            people.push(Person {
                id,
                name: row.get(1)?,
                company: row.get(2)?,
                emails: row.get::<_, Option<String>>(3)?.into_iter().collect(),
                phones: row.get::<_, Option<String>>(4)?.into_iter().collect(),
                profiles: profile_key(notes.as_deref()).into_iter().collect(),
            });
        }
        let (Some(name), Some(value)) = (
            row.get::<_, Option<String>>(6)?,
            row.get::<_, Option<String>>(7)?,
        ) else {
            continue;
        };
        let Some(person) = people.last_mut() else {
            continue;
        };
        let bare = name.rsplit_once('.').map_or(name.as_str(), |(_, n)| n);
        match bare.to_ascii_uppercase().as_str() {
            "EMAIL" => person.emails.push(value),
            "TEL" => person.phones.push(value),
            _ if value.to_lowercase().contains("linkedin.com/") => {
                let line = format!("LinkedIn: {value}");
                person.profiles.extend(profile_key(Some(&line)));
            }
            _ => {}
        }
    }
    Ok(people)
}

/// What a merge moved, for the message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeCounts {
    /// Entries the other contact was on that now name the kept one.
    pub entries: usize,
    /// Promises moved.
    pub promises: usize,
    /// Card rows moved.
    pub card_rows: usize,
}

impl Store {
    /// Every contact as the duplicate rules need it (see [`crate::domain::duplicates::find`]).
    pub fn duplicate_people(&self) -> Result<Vec<Person>> {
        duplicate_people(&self.conn)
    }

    /// What merging `other` into `keep` would give, without changing anything.
    pub fn merge_preview(&self, keep: Id, other: Id) -> Result<Merged> {
        preview(&self.conn, keep, other)
    }

    /// Merges contact `other` into `keep` in one transaction: entries (without a second link where
    /// both were on one), promises, review records, fields, tags, notes, emails, phones and card
    /// rows move to `keep` (see [`crate::domain::merge::merge`]), its touch summary is recomputed,
    /// and `other` is deleted.
    pub fn merge_contacts(&mut self, keep: Id, other: Id) -> Result<MergeCounts> {
        if keep == other {
            return Err(StoreError::MergeIntoItself);
        }
        let tx = self.write_transaction()?;
        let merged = preview(&tx, keep, other)?;
        let entries = tx.execute(
            "UPDATE OR IGNORE entry_contacts SET contact_id = ?1 WHERE contact_id = ?2",
            [keep, other],
        )?;
        // Proposals about OTHER wait in the inbox about KEEP (none names both twice).
        tx.execute(
            "UPDATE OR IGNORE inbox_proposal_contacts SET contact_id = ?1 WHERE contact_id = ?2",
            [keep, other],
        )?;
        let shared: i64 = tx.query_row(
            "SELECT count(*) FROM entry_contacts WHERE contact_id = ?1",
            [other],
            |r| r.get(0),
        )?;
        let promises = tx.execute(
            "UPDATE promises SET contact_id = ?1 WHERE contact_id = ?2",
            [keep, other],
        )?;
        tx.execute(
            "UPDATE OR IGNORE review_handled SET contact_id = ?1 WHERE contact_id = ?2",
            [keep, other],
        )?;
        update_contact_in(&tx, &merged.contact)?;
        tx.execute(
            "UPDATE contacts SET created_at = ?2 WHERE id = ?1",
            rusqlite::params![keep, super::format_instant(&merged.contact.created_at)],
        )?;
        write_card(&tx, keep, &merged.card)?;
        // Whom the other contact introduced, the kept one introduced; who introduced the other is
        // kept when the kept one has nobody (and it is not the kept one itself).
        tx.execute(
            "UPDATE contacts SET introduced_by = ?1 WHERE introduced_by = ?2 AND id <> ?1",
            [keep, other],
        )?;
        tx.execute(
            "UPDATE contacts SET introduced_by = (SELECT introduced_by FROM contacts WHERE id = ?2)
              WHERE id = ?1 AND introduced_by IS NULL
                AND (SELECT introduced_by FROM contacts WHERE id = ?2) IS NOT ?1",
            [keep, other],
        )?;
        // Links to entries both were on go with the other contact (the kept one's link stays).
        let other_company = super::companies::linked_company(&tx, other)?;
        tx.execute("DELETE FROM contacts WHERE id = ?1", [other])?;
        super::companies::prune_companies(&tx, other_company)?;
        refresh_touch_summary(&tx, keep)?;
        tx.commit()?;
        Ok(MergeCounts {
            entries: entries + usize::try_from(shared).unwrap_or(0),
            promises,
            card_rows: merged.moved_rows,
        })
    }
}

impl super::AddressBookImport<'_> {
    /// Every contact as the duplicate rules need it, as the import has left them so far.
    pub fn duplicate_people(&self) -> Result<Vec<Person>> {
        duplicate_people(self.connection())
    }
}

/// The merge of `other` into `keep` as the store holds them now.
fn preview(conn: &Connection, keep: Id, other: Id) -> Result<Merged> {
    let (kept, _) = load_contact(conn, keep)?;
    let (theirs, _) = load_contact(conn, other)?;
    Ok(merge(
        &kept,
        &read_card(conn, keep)?,
        &theirs,
        &read_card(conn, other)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{CardProperty, Contact, Entry, Kind, Owner, Signals};
    use crate::store::NewPromise;
    use chrono::{DateTime, FixedOffset};

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn entry(when: &str, contacts: Vec<Id>, mood: i8) -> Entry {
        Entry {
            id: 0,
            occurred_at: at(when),
            kind: Kind::Meeting,
            title: Some("Jahresgespräch".into()),
            body: "Über den Rahmenvertrag gesprochen.".into(),
            contacts,
            mood: Some(mood),
            initiative: None,
            signals: Signals::default(),
        }
    }

    fn row(name: &str, params: &str, value: &str) -> CardProperty {
        CardProperty {
            name: name.into(),
            params: params.into(),
            value: value.into(),
        }
    }

    /// Two contacts of one person, with entries (one shared), promises, tags, notes, emails,
    /// phones, card rows and a review record.
    fn two_of_one(store: &mut Store) -> (Id, Id, Id) {
        let mut keep = Contact::new("Dr. Jürgen Müller", at("2026-03-01T09:00:00+01:00"));
        keep.company = Some("Ankerwerk GmbH".into());
        keep.email = Some("j.mueller@ankerwerk.example".into());
        keep.tags = vec!["Segeln".into(), "Tee".into()];
        keep.notes = Some("Zwei Töchter.".into());
        let keep = store.add_contact(&keep).unwrap();
        let mut other = Contact::new("Jürgen Müller", at("2025-06-01T09:00:00+02:00"));
        other.company = Some("Ankerwerk GmbH".into());
        other.role = Some("Geschäftsführer".into());
        other.email = Some("juergen@gmx.example".into());
        other.phone = Some("+49 171 2345678".into());
        other.tags = vec!["tee".into(), "Jazz".into()];
        other.notes = Some("LinkedIn: https://www.linkedin.com/in/jmueller".into());
        let other = store.add_contact(&other).unwrap();
        let bystander = store
            .add_contact(&Contact::new("Anna Weber", at("2026-01-01T09:00:00+01:00")))
            .unwrap();
        store
            .set_card_properties(
                keep,
                &[
                    row("N", "", "Müller;Jürgen;;Dr.;"),
                    row("EMAIL", "TYPE=work", "j.mueller@ankerwerk.example"),
                ],
            )
            .unwrap();
        store
            .set_card_properties(
                other,
                &[
                    row("N", "", "Müller;Jürgen;;;"),
                    row(
                        "ADR",
                        "TYPE=home",
                        ";;Seestraße 4;Herrsching;;82211;Germany",
                    ),
                    row("EMAIL", "TYPE=work", "J.Mueller@Ankerwerk.example"),
                    row("item1.URL", "", "https://ankerwerk.example"),
                ],
            )
            .unwrap();
        store
            .add_entry(&entry("2026-10-01T10:00:00+02:00", vec![keep], 1), &[])
            .unwrap();
        let promise = NewPromise {
            owner: Owner::Me,
            text: "Angebot schicken".into(),
            due: None,
        };
        store
            .add_entry(
                &entry("2026-11-20T10:00:00+01:00", vec![other], -1),
                &[promise],
            )
            .unwrap();
        store
            .add_entry(
                &entry("2026-11-10T10:00:00+01:00", vec![other, bystander, keep], 2),
                &[],
            )
            .unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        store.mark_handled(other, &["overdue"], today).unwrap();
        (keep, other, bystander)
    }

    #[test]
    fn a_merge_moves_everything_in_one_go_and_loses_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let (keep, other, bystander) = two_of_one(&mut store);
        let counts = store.merge_contacts(keep, other).unwrap();
        assert_eq!(counts.entries, 2);
        assert_eq!(counts.promises, 1);
        assert!(matches!(
            store.contact(other),
            Err(StoreError::NotFound { .. })
        ));
        let (merged, summary) = store.contact(keep).unwrap();
        assert_eq!(merged.name, "Dr. Jürgen Müller");
        assert_eq!(merged.email.as_deref(), Some("j.mueller@ankerwerk.example"));
        assert_eq!(
            merged.phone.as_deref(),
            Some("+49 171 2345678"),
            "empty field filled"
        );
        assert_eq!(merged.role.as_deref(), Some("Geschäftsführer"));
        assert_eq!(merged.tags, ["Segeln", "Tee", "Jazz"], "union, order kept");
        assert_eq!(
            merged.notes.as_deref(),
            Some("Zwei Töchter.\n\nLinkedIn: https://www.linkedin.com/in/jmueller")
        );
        assert_eq!(
            merged.created_at,
            at("2025-06-01T09:00:00+02:00"),
            "the earlier"
        );
        // Three entries, the shared one linked once, and the other's newest touch is the last.
        assert_eq!(store.entry_count(Some(keep)).unwrap(), 3);
        assert_eq!(store.entry_count(Some(bystander)).unwrap(), 1);
        assert_eq!(summary.last_touch, Some(at("2026-11-20T10:00:00+01:00")));
        assert_eq!(summary.recent_moods, [-1, 2, 1]);
        assert_eq!(store.promises(Some(keep), false).unwrap().len(), 1);
        assert!(store.handled_flags().unwrap().contains_key(&keep));
        // The card: the kept rows, the other's email as a further row, then the other's rows
        // without its N (the kept one has its own) and without the email the kept card has.
        let card = store.card_properties(keep).unwrap();
        let names: Vec<&str> = card.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["N", "EMAIL", "EMAIL", "ADR", "item1.URL"]);
        assert_eq!(card[2].value, "juergen@gmx.example");
        assert_eq!(counts.card_rows, 3);
        // Forgetting the kept contact finds everything that was the other's.
        let gone = store.forget_contact(keep).unwrap();
        assert_eq!((gone.entries, gone.promises), (2, 1));
        assert_eq!(
            store.entry_count(None).unwrap(),
            1,
            "the bystander's entry stays"
        );
    }

    #[test]
    fn a_failed_merge_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let (keep, other, _) = two_of_one(&mut store);
        assert!(matches!(
            store.merge_contacts(keep, keep),
            Err(StoreError::MergeIntoItself)
        ));
        assert!(matches!(
            store.merge_contacts(keep, 999),
            Err(StoreError::NotFound { .. })
        ));
        assert_eq!(store.entry_count(Some(other)).unwrap(), 2);
        assert_eq!(store.card_properties(keep).unwrap().len(), 2);
    }

    #[test]
    fn duplicate_people_read_emails_phones_and_profiles_from_the_card() {
        let mut store = Store::open_in_memory().unwrap();
        let (keep, other, _) = two_of_one(&mut store);
        store
            .set_card_properties(
                keep,
                &[
                    row("item2.TEL", "TYPE=cell", "tel:+49-171-2345678"),
                    row(
                        "X-SOCIALPROFILE",
                        "TYPE=linkedin",
                        "https://linkedin.com/in/JMueller/",
                    ),
                    row("PHOTO", "ENCODING=b", "AAAA"),
                ],
            )
            .unwrap();
        let people = store.duplicate_people().unwrap();
        let kept = people.iter().find(|p| p.id == keep).unwrap();
        assert_eq!(kept.phones, ["tel:+49-171-2345678"]);
        assert_eq!(kept.emails, ["j.mueller@ankerwerk.example"]);
        assert_eq!(kept.profiles, ["in/jmueller"]);
        let found = crate::domain::duplicates::find(&people);
        assert_eq!((found[0].first, found[0].second), (keep, other));
        assert_eq!(
            found[0].reasons[0],
            crate::domain::duplicates::Reason::Profile
        );
    }
}
