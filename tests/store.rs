//! The store on temporary databases: transactions, the maintained touch summary, the search index,
//! paging, name resolution, migrations.

use chrono::{DateTime, FixedOffset};
use rapport::domain::model::{Contact, Entry, Initiative, Kind, Owner, PromiseStatus, Signals};
use rapport::store::{ContactMatch, EntryCursor, NewPromise, Store, StoreError};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn contact(name: &str) -> Contact {
    Contact::new(name, at("2025-01-01T09:00:00+01:00"))
}

fn entry(contacts: &[i64], when: &str, kind: Kind, body: &str) -> Entry {
    Entry {
        id: 0,
        occurred_at: at(when),
        kind,
        title: None,
        body: body.into(),
        contacts: contacts.to_vec(),
        mood: None,
        initiative: None,
        signals: Signals::default(),
    }
}

#[test]
fn touch_summary_follows_inserts_updates_and_deletes() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let first = store
        .add_entry(
            &entry(&[anna], "2026-11-01T10:00:00+01:00", Kind::Call, "a"),
            &[],
        )
        .unwrap();
    let mut later = entry(&[anna], "2026-11-10T10:00:00+01:00", Kind::Meeting, "b");
    later.mood = Some(-1);
    later.initiative = Some(Initiative::Me);
    let second = store.add_entry(&later, &[]).unwrap();
    // A note is not a touch.
    store
        .add_entry(
            &entry(&[anna], "2026-11-20T10:00:00+01:00", Kind::Note, "c"),
            &[],
        )
        .unwrap();
    let (_, s) = store.contact(anna).unwrap();
    assert_eq!(s.last_touch, Some(at("2026-11-10T10:00:00+01:00")));
    assert_eq!(s.recent_moods, vec![-1]);
    assert_eq!(s.recent_initiatives, vec![Initiative::Me]);

    // Turning the latest touch into a note moves last touch back.
    later.id = second;
    later.kind = Kind::Note;
    store.update_entry(&later).unwrap();
    let (_, s) = store.contact(anna).unwrap();
    assert_eq!(s.last_touch, Some(at("2026-11-01T10:00:00+01:00")));
    assert!(s.recent_moods.is_empty());

    // Moving an entry to another contact refreshes both.
    let ben = store.add_contact(&contact("Ben")).unwrap();
    let mut moved = store.entry(first).unwrap().entry;
    moved.contacts = vec![ben];
    store.update_entry(&moved).unwrap();
    assert_eq!(store.contact(anna).unwrap().1.last_touch, None);
    assert_eq!(
        store.contact(ben).unwrap().1.last_touch,
        Some(at("2026-11-01T10:00:00+01:00"))
    );

    store.delete_entry(first).unwrap();
    assert_eq!(store.contact(ben).unwrap().1.last_touch, None);
    assert!(matches!(
        store.delete_entry(first),
        Err(StoreError::NotFound { .. })
    ));
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn summary_keeps_six_moods_and_four_initiatives_newest_first() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    for day in 1..=9 {
        let mut e = entry(
            &[anna],
            &format!("2026-11-{day:02}T10:00:00+01:00"),
            Kind::Call,
            "x",
        );
        e.mood = Some(i8::try_from(day % 5).unwrap() - 2);
        e.initiative = if day % 2 == 0 {
            Some(Initiative::Them)
        } else {
            Some(Initiative::Me)
        };
        store.add_entry(&e, &[]).unwrap();
    }
    let (_, s) = store.contact(anna).unwrap();
    // days 9..4 → moods (d % 5) - 2
    assert_eq!(s.recent_moods, vec![2, 1, 0, -1, -2, 2]);
    assert_eq!(
        s.recent_initiatives,
        vec![
            Initiative::Me,
            Initiative::Them,
            Initiative::Me,
            Initiative::Them
        ]
    );
}

#[test]
fn search_index_follows_edits_and_deletes_and_folds_diacritics() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let id = store
        .add_entry(
            &entry(
                &[anna],
                "2026-11-01T10:00:00+01:00",
                Kind::Call,
                "Gespräch mit Herrn Müller über Vertrauensaufbau",
            ),
            &[],
        )
        .unwrap();
    for query in ["muller", "MÜLLER", "vertrau*", "gesprach"] {
        assert_eq!(store.search(query, None, 10).unwrap().len(), 1, "{query}");
    }
    let mut e = store.entry(id).unwrap().entry;
    e.body = "Jetzt geht es um Lieferketten".into();
    e.title = Some("Neuer Titel".into());
    store.update_entry(&e).unwrap();
    assert!(store.search("muller", None, 10).unwrap().is_empty());
    assert_eq!(store.search("lieferkette*", None, 10).unwrap().len(), 1);
    assert_eq!(store.search("titel", None, 10).unwrap().len(), 1);
    store.delete_entry(id).unwrap();
    assert!(store.search("lieferkette*", None, 10).unwrap().is_empty());
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn search_filters_by_contact_and_orders_newest_first() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let ben = store.add_contact(&contact("Ben")).unwrap();
    store
        .add_entry(
            &entry(
                &[anna],
                "2026-10-01T10:00:00+01:00",
                Kind::Call,
                "Messe old",
            ),
            &[],
        )
        .unwrap();
    store
        .add_entry(
            &entry(
                &[anna, ben],
                "2026-11-01T10:00:00+01:00",
                Kind::Call,
                "Messe new",
            ),
            &[],
        )
        .unwrap();
    store
        .add_entry(
            &entry(&[ben], "2026-09-01T10:00:00+01:00", Kind::Call, "Messe ben"),
            &[],
        )
        .unwrap();
    let all = store.search("messe", None, 10).unwrap();
    assert_eq!(
        all.iter()
            .map(|h| h.row.entry.body.as_str())
            .collect::<Vec<_>>(),
        ["Messe new", "Messe old", "Messe ben"]
    );
    assert_eq!(
        all[0].row.contact_names,
        vec![(anna, "Anna".to_string()), (ben, "Ben".to_string())]
    );
    let only_ben = store.search("messe", Some(ben), 10).unwrap();
    assert_eq!(only_ben.len(), 2);
    assert_eq!(store.search("messe", None, 1).unwrap().len(), 1);
}

#[test]
fn pages_walk_the_timeline_without_gaps_or_repeats() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let ben = store.add_contact(&contact("Ben")).unwrap();
    // 25 entries, several sharing the same second, in different offsets.
    for i in 0..25 {
        let offset = if i % 2 == 0 { "+01:00" } else { "+00:00" };
        let hour = 10 + i / 5;
        let who = if i % 3 == 0 {
            vec![anna, ben]
        } else {
            vec![anna]
        };
        store
            .add_entry(
                &entry(
                    &who,
                    &format!("2026-11-01T{hour:02}:00:00{offset}"),
                    Kind::Call,
                    &format!("e{i}"),
                ),
                &[],
            )
            .unwrap();
    }
    for filter in [None, Some(anna), Some(ben)] {
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = store.entries_page(filter, cursor, 7).unwrap();
            if page.is_empty() {
                break;
            }
            let last = &page[page.len() - 1].entry;
            cursor = Some(EntryCursor {
                ts: last.occurred_at.timestamp(),
                id: last.id,
            });
            seen.extend(
                page.into_iter()
                    .map(|r| (r.entry.occurred_at.timestamp(), r.entry.id)),
            );
        }
        let mut sorted = seen.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        sorted.dedup();
        assert_eq!(
            seen, sorted,
            "strictly newest first, no repeats ({filter:?})"
        );
        assert_eq!(
            i64::try_from(seen.len()).unwrap(),
            store.entry_count(filter).unwrap()
        );
    }
}

#[test]
fn promises_from_an_entry_belong_to_its_first_contact() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let ben = store.add_contact(&contact("Ben")).unwrap();
    let promise = NewPromise {
        owner: Owner::Me,
        text: "Angebot".into(),
        due: None,
    };
    let id = store
        .add_entry(
            &entry(
                &[ben, anna],
                "2026-11-01T10:00:00+01:00",
                Kind::Meeting,
                "x",
            ),
            &[promise],
        )
        .unwrap();
    let list = store.promises(None, true).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].promise.contact, list[0].promise.entry),
        (ben, Some(id))
    );
    // Deleting the entry keeps the promise.
    store.delete_entry(id).unwrap();
    let list = store.promises(None, false).unwrap();
    assert_eq!((list.len(), list[0].promise.entry), (1, None));
    store
        .set_promise_status(
            list[0].promise.id,
            PromiseStatus::Kept,
            &at("2026-11-02T10:00:00+01:00"),
        )
        .unwrap();
    assert!(store.promises(None, true).unwrap().is_empty());
}

#[test]
fn resolution_by_id_name_prefix_and_word() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.add_contact(&contact("Jürgen Müller")).unwrap();
    let b = store.add_contact(&contact("Jürgen Schmidt")).unwrap();
    store.add_contact(&contact("Anna 100% Sicher")).unwrap();
    let one = |q: &str| match store.resolve_contact(q).unwrap() {
        ContactMatch::One(c) => Some(c.id),
        _ => None,
    };
    assert_eq!(one("#1"), Some(a));
    assert_eq!(one("2"), Some(b));
    assert_eq!(one("jurgen m"), Some(a));
    assert_eq!(one("JÜRGEN MÜLLER"), Some(a));
    assert_eq!(one("schmidt"), Some(b));
    assert_eq!(one("99"), None);
    assert!(
        matches!(store.resolve_contact("jürgen").unwrap(), ContactMatch::Many(v) if v.len() == 2)
    );
    assert!(matches!(
        store.resolve_contact("%").unwrap(),
        ContactMatch::None
    ));
    assert!(matches!(
        store.resolve_contact("_").unwrap(),
        ContactMatch::None
    ));
    assert!(matches!(
        store.resolve_contact("").unwrap(),
        ContactMatch::None
    ));
}

#[test]
fn the_private_mark_is_written_read_and_listed() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let mut bernd = contact("Bernd");
    bernd.private = true;
    let bernd = store.add_contact(&bernd).unwrap();
    store.add_contact(&contact("Clara")).unwrap();
    assert!(store.contact(bernd).unwrap().0.private);
    assert!(!store.contact(anna).unwrap().0.private);
    let ids = |store: &Store| {
        let mut ids: Vec<i64> = store.private_contact_ids().unwrap().into_iter().collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(ids(&store), [bernd]);
    // An edit sets and clears it; the list follows.
    let (mut a, _) = store.contact(anna).unwrap();
    a.private = true;
    store.update_contact(&a).unwrap();
    assert_eq!(ids(&store), [anna, bernd]);
    let (mut b, _) = store.contact(bernd).unwrap();
    b.private = false;
    store.update_contact(&b).unwrap();
    assert_eq!(ids(&store), [anna]);
    let listed = store.contacts(true, false).unwrap();
    let private: Vec<&str> = listed
        .iter()
        .filter(|(c, _)| c.private)
        .map(|(c, _)| c.name.as_str())
        .collect();
    assert_eq!(private, ["Anna"]);
}

#[test]
fn reopening_keeps_data_and_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep/er/rapport.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.add_contact(&contact("Anna")).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.contact_count().unwrap(), 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, rapport::store::SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    // The second contact does not exist: the whole entry is refused.
    let err = store
        .add_entry(
            &entry(&[anna, 42], "2026-11-01T10:00:00+01:00", Kind::Call, "x"),
            &[],
        )
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::NotFound {
            what: "contact",
            id: 42
        }
    ));
    assert_eq!(store.entry_count(None).unwrap(), 0);
    assert!(store.search("x", None, 10).unwrap().is_empty());
    assert_eq!(store.contact(anna).unwrap().1.last_touch, None);
}

#[test]
fn an_older_schema_is_migrated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../assets/migrations/0001_init.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO contacts (id, name, name_fold, created_at) VALUES (1, 'Anna', 'anna', '2026-01-01T09:00:00+01:00')",
            [],
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    store
        .add_entry(
            &entry(&[1], "2026-11-01T10:00:00+01:00", Kind::Call, "Vertrauen"),
            &[],
        )
        .unwrap();
    assert_eq!(store.search("vertrauen", None, 5).unwrap().len(), 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, rapport::store::SCHEMA_VERSION);
    let index: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'entries_id_ts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
}

#[test]
fn imports_index_their_entries_and_leave_the_index_trigger_in_place() {
    use rapport::transfer::json;
    let searched = |store: &Store, word: &str| store.search(word, None, 50).unwrap().len();
    let file = |word: &str| {
        format!(
            r#"{{"format": "rapport", "version": 1,
              "contacts": [{{"id": 1, "name": "Zoë", "created_at": "2026-01-01T09:00:00+01:00"}}],
              "entries": [{{"id": 1, "occurred_at": "2026-11-20T14:30:00+01:00", "kind": "call",
                           "body": "{word} besprochen", "contacts": [1]}},
                          {{"id": 2, "occurred_at": "2026-11-21T14:30:00+01:00", "kind": "note",
                           "title": "{word}", "body": "", "contacts": [1]}}]}}"#
        )
    };
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    store
        .add_entry(
            &entry(
                &[anna],
                "2026-11-01T10:00:00+01:00",
                Kind::Call,
                "Förderantrag",
            ),
            &[],
        )
        .unwrap();
    // Into a journal that has entries (so with merge): only the new ones are added to the index, each
    // once.
    json::import_into(
        file("Förderantrag").as_bytes(),
        &mut store,
        (false, true),
        |_| {},
    )
    .unwrap();
    assert_eq!(searched(&store, "forderantrag"), 3);
    // A refused import (the second file has a bad link) keeps the trigger: later entries are found.
    let broken = file("Messe").replace(r#""contacts": [1]}]"#, r#""contacts": [9]}]"#);
    assert!(json::import_into(broken.as_bytes(), &mut store, (false, true), |_| {}).is_err());
    assert_eq!(searched(&store, "messe"), 0);
    store
        .add_entry(
            &entry(
                &[anna],
                "2026-11-02T10:00:00+01:00",
                Kind::Call,
                "Messe Hannover",
            ),
            &[],
        )
        .unwrap();
    assert_eq!(searched(&store, "messe"), 1);
    // And after a dry run as well.
    json::import_into(file("Kaffee").as_bytes(), &mut store, (true, true), |_| {}).unwrap();
    store
        .add_entry(
            &entry(&[anna], "2026-11-03T10:00:00+01:00", Kind::Call, "Kaffee"),
            &[],
        )
        .unwrap();
    assert_eq!(searched(&store, "kaffee"), 1);
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn the_facts_copied_to_entry_links_follow_every_change() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let ben = store.add_contact(&contact("Ben")).unwrap();
    let mut e = entry(&[anna], "2026-11-01T23:30:00-05:00", Kind::Call, "a");
    e.mood = Some(1);
    e.signals.trust = Some(1);
    e.id = store.add_entry(&e, &[]).unwrap();
    let since = at("2026-01-01T00:00:00+00:00");
    let facts = store.entry_facts(anna, since).unwrap();
    // The day the time was written with, not the UTC day.
    assert_eq!(facts[0].date.to_string(), "2026-11-01");
    assert_eq!((facts[0].mood, facts[0].signals.trust), (Some(1), Some(1)));
    e.mood = Some(-2);
    e.signals.trust = None;
    e.kind = Kind::Note;
    e.contacts = vec![anna, ben];
    store.update_entry(&e).unwrap();
    for who in [anna, ben] {
        let facts = store.entry_facts(who, since).unwrap();
        assert_eq!(facts.len(), 1);
        assert_eq!(
            (facts[0].mood, facts[0].signals.trust, facts[0].is_touch),
            (Some(-2), None, false)
        );
    }
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn a_journal_of_schema_3_keeps_its_entries_counted_and_their_facts_copied() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../assets/migrations/0001_init.sql"),
            include_str!("../assets/migrations/0002_search_order.sql"),
            include_str!("../assets/migrations/0003_review.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO contacts (id, name, name_fold, created_at)
                  VALUES (1, 'Anna', 'anna', '2026-01-01T09:00:00+01:00');
             INSERT INTO entries (id, occurred_at, occurred_ts, kind, body, mood, signal_trust)
                  VALUES (7, '2026-11-01T23:30:00-05:00', 1793593800, 'call', 'x', 2, -1);
             INSERT INTO entry_contacts (entry_id, contact_id, position, occurred_ts, is_touch)
                  VALUES (7, 1, 0, 1793593800, 1);
             INSERT INTO promises (contact_id, entry_id, owner, text, due, status)
                  VALUES (1, 7, 'me', 'Angebot', '2026-11-05', 'open');
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.entry_count(None).unwrap(), 1);
    let facts = store
        .entry_facts(1, at("2026-01-01T00:00:00+00:00"))
        .unwrap();
    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].date.to_string(), "2026-11-01");
    assert_eq!((facts[0].mood, facts[0].signals.trust), (Some(2), Some(-1)));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let overdue = store.overdue_promises(today, None, 2).unwrap();
    assert_eq!(overdue[&1].count, 1);
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn entries_from_another_journal_are_indexed_counted_and_checked_for_duplicates() {
    use rapport::store::ForeignEntry;
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let foreign = |body: &str, new: &[&str]| ForeignEntry {
        entry: entry(&[anna], "2026-11-02T10:00:00+01:00", Kind::Note, body),
        new_contacts: new.iter().map(|n| n.to_string()).collect(),
    };
    let items = [
        foreign("Messe Hannover", &["Ben"]),
        foreign("Messe Hannover", &[]),
        foreign("Kaffee", &[]),
    ];
    let counts = store
        .import_foreign(&items, &at("2026-11-27T09:00:00+01:00"), false, |_| {})
        .unwrap();
    assert_eq!(
        (counts.contacts, counts.entries, counts.duplicates),
        (1, 2, 1)
    );
    assert_eq!(store.search("messe", None, 10).unwrap().len(), 1);
    assert_eq!(store.entry_count(None).unwrap(), 2);
    // The insert triggers are back: an entry written afterwards is found and counted.
    store
        .add_entry(
            &entry(
                &[anna],
                "2026-11-03T10:00:00+01:00",
                Kind::Call,
                "Messe Köln",
            ),
            &[],
        )
        .unwrap();
    assert_eq!(store.search("messe", None, 10).unwrap().len(), 2);
    assert_eq!(store.entry_count(None).unwrap(), 3);
    assert!(store.check_integrity().unwrap().is_empty());
}

fn promise(owner: Owner, text: &str, due: Option<&str>) -> NewPromise {
    NewPromise {
        owner,
        text: text.into(),
        due: due.map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
    }
}

#[test]
fn promises_can_be_edited_reopened_and_deleted() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let entry_id = store
        .add_entry(
            &entry(&[anna], "2026-11-01T10:00:00+01:00", Kind::Call, "a"),
            &[promise(Owner::Me, "Send the offer", Some("2026-11-10"))],
        )
        .unwrap();
    let id = store.entry_promises(entry_id).unwrap()[0].promise.id;

    let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
    store
        .update_promise(id, "  Send the new offer ", due)
        .unwrap();
    let row = store.promise(id).unwrap();
    assert_eq!(
        (
            row.promise.text.as_str(),
            row.promise.due,
            row.contact_name.as_str()
        ),
        ("Send the new offer", due, "Anna")
    );
    // The trust score sees the new due date.
    assert_eq!(store.my_promise_facts(anna).unwrap()[0].due, due);
    store.update_promise(id, "Send it", None).unwrap();
    assert_eq!(store.promise(id).unwrap().promise.due, None);
    assert!(matches!(
        store.update_promise(id, "  ", None),
        Err(StoreError::EmptyText { .. })
    ));

    store
        .set_promise_status(id, PromiseStatus::Kept, &at("2026-11-05T10:00:00+01:00"))
        .unwrap();
    assert_eq!(
        store
            .overdue_promises(
                chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                None,
                1
            )
            .unwrap()
            .len(),
        0
    );
    store.reopen_promise(id).unwrap();
    let reopened = store.promise(id).unwrap().promise;
    assert_eq!(
        (reopened.status, reopened.closed_at),
        (PromiseStatus::Open, None)
    );
    store
        .update_promise(id, "Send it", chrono::NaiveDate::from_ymd_opt(2026, 11, 20))
        .unwrap();
    // Reopened and past due: the neglect list counts it again.
    assert_eq!(
        store
            .overdue_promises(
                chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                None,
                1
            )
            .unwrap()
            .len(),
        1
    );

    store.delete_promise(id).unwrap();
    assert!(matches!(
        store.promise(id),
        Err(StoreError::NotFound { .. })
    ));
    assert!(store.promises(None, false).unwrap().is_empty());
    assert!(store.my_promise_facts(anna).unwrap().is_empty());
    for result in [
        store.delete_promise(id),
        store.reopen_promise(id),
        store.update_promise(id, "x", None),
    ] {
        assert!(matches!(
            result,
            Err(StoreError::NotFound {
                what: "promise",
                ..
            })
        ));
    }
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn deleting_an_entry_keeps_or_deletes_its_promises() {
    use rapport::store::PromiseFate;
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let ben = store.add_contact(&contact("Ben")).unwrap();
    let mut ids = Vec::new();
    for body in ["Vertrauen eins", "Vertrauen zwei"] {
        ids.push(
            store
                .add_entry(
                    &entry(&[anna, ben], "2026-11-01T10:00:00+01:00", Kind::Call, body),
                    &[
                        promise(Owner::Me, "mine", Some("2026-11-10")),
                        promise(Owner::Them, "theirs", None),
                    ],
                )
                .unwrap(),
        );
    }
    let later = store
        .add_entry(
            &entry(&[ben], "2026-11-02T10:00:00+01:00", Kind::Call, "later"),
            &[],
        )
        .unwrap();
    assert_eq!(store.promises(None, false).unwrap().len(), 4);

    store.delete_entry_with(ids[0], PromiseFate::Keep).unwrap();
    let kept: Vec<_> = store.promises(None, false).unwrap();
    assert_eq!(kept.len(), 4);
    assert_eq!(kept.iter().filter(|r| r.promise.entry.is_none()).count(), 2);

    store
        .delete_entry_with(ids[1], PromiseFate::Delete)
        .unwrap();
    let left = store.promises(None, false).unwrap();
    assert_eq!(left.len(), 2, "only the promises of the first entry remain");
    assert!(left.iter().all(|r| r.promise.entry.is_none()));
    assert!(store.entry_promises(ids[1]).unwrap().is_empty());

    // Counts, summaries and the search index follow.
    assert_eq!(store.entry_count(None).unwrap(), 1);
    assert_eq!(store.entry_count(Some(anna)).unwrap(), 0);
    assert_eq!(store.contact(anna).unwrap().1.last_touch, None);
    assert_eq!(
        store.contact(ben).unwrap().1.last_touch,
        Some(at("2026-11-02T10:00:00+01:00"))
    );
    assert!(store.search("vertrauen", None, 10).unwrap().is_empty());
    assert_eq!(store.entry(later).unwrap().entry.body, "later");
    // A missing entry changes nothing, not even its promises.
    assert!(matches!(
        store.delete_entry_with(ids[1], PromiseFate::Delete),
        Err(StoreError::NotFound { what: "entry", .. })
    ));
    assert!(store.check_integrity().unwrap().is_empty());
}

/// Issue 11 #24: "since 2019" in a journal started this month must not count six empty years.
#[test]
fn longterm_score_ignores_windows_before_the_journal_knew_the_contact() {
    let mut store = Store::open_in_memory().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let mut with_since = Contact::new("Anna", at("2026-11-05T09:00:00+01:00"));
    with_since.cadence_days = Some(14);
    with_since.met_on = chrono::NaiveDate::from_ymd_opt(2019, 1, 1);
    let mut without = with_since.clone();
    without.name = "Ben".into();
    without.met_on = None;
    // Imported with its history: entries older than the contact itself.
    let mut imported = without.clone();
    imported.name = "Cleo".into();
    imported.created_at = at("2026-11-26T09:00:00+01:00");
    let defaults = rapport::domain::rules::CadenceDefaults::default();
    let mut scores = Vec::new();
    for c in [&with_since, &without, &imported] {
        let id = store.add_contact(c).unwrap();
        for when in ["2026-11-10T10:00:00+01:00", "2026-11-20T10:00:00+01:00"] {
            store
                .add_entry(&entry(&[id], when, Kind::Call, "x"), &[])
                .unwrap();
        }
        let c = store.contact(id).unwrap().0;
        let s = rapport::insight::pillar_scores(&store, &c, &defaults, today).unwrap();
        scores.push((s.longterm.score, s.longterm.inputs[0].1.clone()));
    }
    let full = (Some(100), "2 / 2".to_string());
    assert_eq!(scores, vec![full.clone(), full.clone(), full]);
    assert_eq!(
        store.first_entry_day(1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 10)
    );
}

/// Pasted text and Windows files bring CR line breaks; the store keeps only LF, whichever way the
/// text came in (new entry, edited entry, promise, contact fields, import).
#[test]
fn every_free_text_is_stored_with_lf_line_breaks() {
    let mut store = Store::open_in_memory().unwrap();
    let mut anna = contact("Anna\r");
    anna.notes = Some("Segeln\r\nOper\rKinder".into());
    anna.company = Some("Weber\r\nSohn".into());
    anna.tags = vec!["a\rb".into()];
    let anna_id = store.add_contact(&anna).unwrap();
    let (stored, _) = store.contact(anna_id).unwrap();
    assert_eq!(stored.name, "Anna");
    assert_eq!(stored.notes.as_deref(), Some("Segeln\nOper\nKinder"));
    assert_eq!(stored.company.as_deref(), Some("Weber\nSohn"));
    assert_eq!(stored.tags, vec!["a\nb".to_string()]);
    let mut edited = stored.clone();
    edited.notes = Some("one\r\r\ntwo".into());
    store.update_contact(&edited).unwrap();
    let (stored, _) = store.contact(anna_id).unwrap();
    assert_eq!(stored.notes.as_deref(), Some("one\n\ntwo"));

    let mut new = entry(
        &[anna_id],
        "2026-11-01T10:00:00+01:00",
        Kind::Call,
        "first\r\nsecond\rthird\r",
    );
    new.title = Some("Kick\roff".into());
    let promise = NewPromise {
        owner: Owner::Me,
        text: "send\r\nthe offer".into(),
        due: None,
    };
    let id = store.add_entry(&new, &[promise]).unwrap();
    let row = store.entry(id).unwrap();
    assert_eq!(row.entry.body, "first\nsecond\nthird\n");
    assert_eq!(row.entry.title.as_deref(), Some("Kick\noff"));
    assert_eq!(
        store.promises(None, true).unwrap()[0].promise.text,
        "send\nthe offer"
    );

    let mut changed = row.entry.clone();
    changed.body = "edited\r\nin an editor\r\n".into();
    store.update_entry(&changed).unwrap();
    assert_eq!(
        store.entry(id).unwrap().entry.body,
        "edited\nin an editor\n"
    );
    // The search index sees the words the CR used to glue together.
    assert_eq!(store.search("editor", None, 10).unwrap().len(), 1);
}

/// Issue 11 #10: a contact whose only flag is my overdue promise needs care and comes back in every
/// review until the promise is dealt with; other handled flags stay handled.
#[test]
fn my_overdue_promise_keeps_a_contact_in_the_review_until_it_is_dealt_with() {
    use rapport::domain::rules::{CadenceDefaults, Care, Flag};
    use rapport::insight::{neglect_list, review_queue};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("rapport.db")).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let defaults = CadenceDefaults::default();
    let anna = store.add_contact(&contact("Anna")).unwrap();
    let bert = store.add_contact(&contact("Bert")).unwrap();
    // Anna was met a week ago (on time) and I promised her something due two days ago.
    store
        .add_entry(
            &entry(&[anna], "2026-11-20T10:00:00+01:00", Kind::Meeting, "a"),
            &[NewPromise {
                owner: Owner::Me,
                text: "send the offer".into(),
                due: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
            }],
        )
        .unwrap();
    // Bert is overdue by cadence only.
    store
        .add_entry(
            &entry(&[bert], "2026-09-01T10:00:00+01:00", Kind::Call, "b"),
            &[],
        )
        .unwrap();
    let list = neglect_list(&store, &defaults, today, false).unwrap();
    let of = |list: &[rapport::insight::ContactHealth], id| {
        list.iter()
            .find(|c| c.contact.id == id)
            .map(|c| (c.health.care(), c.health.flags.clone()))
    };
    assert_eq!(
        of(&list, anna),
        Some((Care::PromiseOverdue, vec![Flag::PromiseOverdue]))
    );
    assert_eq!(
        list.iter()
            .find(|c| c.contact.id == anna)
            .unwrap()
            .overdue_promises
            .count,
        1
    );

    // A review handles both; only Anna comes back, because her promise is still overdue.
    store
        .mark_handled(anna, &["promise_overdue"], today)
        .unwrap();
    store.mark_handled(bert, &["overdue"], today).unwrap();
    let handled = store.handled_flags().unwrap();
    let queue: Vec<_> = review_queue(&list, &handled)
        .iter()
        .map(|c| c.contact.id)
        .collect();
    assert_eq!(queue, vec![anna]);

    // Once the promise is kept, Anna has no flag left and leaves the list and the queue.
    let promise = store.promises(Some(anna), true).unwrap()[0].promise.id;
    store
        .set_promise_status(
            promise,
            PromiseStatus::Kept,
            &at("2026-11-27T09:00:00+01:00"),
        )
        .unwrap();
    let list = neglect_list(&store, &defaults, today, false).unwrap();
    assert_eq!(of(&list, anna), None);
    assert!(review_queue(&list, &handled).is_empty());
}
