//! The store's side of sync on temporary databases: every write path marks what it changes dirty (by
//! trigger, in its own transaction), deletions leave tombstones, records from the server are written
//! clean, the version guard, conflicts, journals that name nobody, and the migration to schema 11.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rapport::domain::model::{
    CardProperty, Contact, Entry, Id, Kind, Owner, PromiseStatus, Signals,
};
use rapport::store::{
    CollectionState, CompanyMatch, FieldConflict, LastSync, ListingMark, NewPromise, NewSyncRecord,
    PromiseFate, RecordFields, RemoteDeletion, RemoteRecord, Store, SyncKind, Synced,
    UnassignedJournal,
};
use std::collections::BTreeSet;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn contact(name: &str, company: Option<&str>) -> Contact {
    let mut c = Contact::new(name, at("2025-01-01T09:00:00+01:00"));
    c.company = company.map(str::to_string);
    c
}

fn entry(contacts: &[Id], body: &str) -> Entry {
    Entry {
        id: 0,
        occurred_at: at("2026-11-02T10:00:00+01:00"),
        kind: Kind::Meeting,
        title: Some("Termin".into()),
        body: body.into(),
        contacts: contacts.to_vec(),
        mood: None,
        initiative: None,
        signals: Signals::default(),
    }
}

fn fields(pairs: &[(&str, &str)]) -> RecordFields {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The records of the fixture journal.
#[derive(Clone, Copy)]
struct Ids {
    anna: Id,
    ben: Id,
    carl: Id,
    /// About Anna and Ben, with promise `p1` to Anna.
    e1: Id,
    /// About Anna only.
    e2: Id,
    p1: Id,
    /// Ben's, from no entry.
    p2: Id,
}

fn uid(kind: SyncKind, id: Id) -> String {
    format!("{}-{id}", kind.as_str())
}

/// Gives a record a sync row and marks it synced, as the engine does after a first push.
fn sync_one(store: &mut Store, kind: SyncKind, id: Id) {
    let uid = uid(kind, id);
    let href = format!("/dav/{uid}");
    let version = store.save_sync_record(kind, &uid, Some(id), &href).unwrap();
    let base = fields(&[("uid", &uid)]);
    assert!(
        store
            .mark_synced(kind, &uid, &href, Some("\"1\""), &base, version)
            .unwrap()
    );
}

/// Anna and Ben at Ankerwerk, Carl without history; every record synced and clean.
fn fixture() -> (Store, Ids) {
    let mut store = Store::open_in_memory().unwrap();
    let mut a = contact("Anna Adler", Some("Ankerwerk GmbH"));
    a.email = Some("anna@ankerwerk.example".into());
    a.tags = vec!["kunde".into()];
    let anna = store.add_contact(&a).unwrap();
    store
        .set_card_properties(
            anna,
            &[CardProperty {
                name: "ADR".into(),
                params: "TYPE=work".into(),
                value: ";;Hafenstr. 1;Bremen;;28195;DE".into(),
            }],
        )
        .unwrap();
    let ben = store
        .add_contact(&contact("Ben Bauer", Some("Ankerwerk GmbH")))
        .unwrap();
    let carl = store.add_contact(&contact("Carl Claus", None)).unwrap();
    let promise = NewPromise {
        owner: Owner::Me,
        text: "Angebot schicken".into(),
        due: NaiveDate::from_ymd_opt(2026, 11, 20),
    };
    let e1 = store
        .add_entry(&entry(&[anna, ben], "Rahmenvertrag"), &[promise])
        .unwrap();
    let e2 = store
        .add_entry(&entry(&[anna], "Mittagessen"), &[])
        .unwrap();
    let p1 = store.entry_promises(e1).unwrap()[0].promise.id;
    // Ben's promise outlives the call it was made in.
    let ben_promise = NewPromise {
        owner: Owner::Them,
        text: "Unterlagen".into(),
        due: None,
    };
    let e3 = store
        .add_entry(&entry(&[ben], "Anruf"), &[ben_promise])
        .unwrap();
    let p2 = store.entry_promises(e3).unwrap()[0].promise.id;
    store.delete_entry(e3).unwrap();
    let ids = Ids {
        anna,
        ben,
        carl,
        e1,
        e2,
        p1,
        p2,
    };
    for id in [anna, ben, carl] {
        sync_one(&mut store, SyncKind::Contact, id);
    }
    for id in [e1, e2] {
        sync_one(&mut store, SyncKind::Entry, id);
    }
    for id in [p1, p2] {
        sync_one(&mut store, SyncKind::Promise, id);
    }
    assert!(dirty(&store).is_empty());
    (store, ids)
}

/// The dirty records and the tombstones (by UID), of every kind.
fn dirty(store: &Store) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for kind in SyncKind::ALL {
        for r in store.dirty_records(kind).unwrap() {
            assert!(r.dirty);
            out.insert(r.uid);
        }
        for r in store.tombstones(kind).unwrap() {
            assert!(r.dirty && r.base.is_none() && r.href.is_some(), "{r:?}");
            out.insert(format!("deleted {}", r.uid));
        }
    }
    out
}

fn remote(uid: &str, conflicts: &[(&str, &str, &str)]) -> RemoteRecord {
    RemoteRecord {
        uid: uid.into(),
        href: format!("/dav/{uid}"),
        etag: Some("\"7\"".into()),
        base: fields(&[("uid", uid), ("text", "from the server")]),
        local_changes: false,
        conflicts: conflicts
            .iter()
            .map(|(field, local, remote)| FieldConflict {
                field: field.to_string(),
                local: Some(local.to_string()),
                remote: Some(remote.to_string()),
            })
            .collect(),
        at: at("2026-11-30T12:00:00+01:00"),
    }
}

type Operation = fn(&mut Store, Ids);
/// A record an operation should leave dirty: its kind, which one, and whether as a tombstone.
type Expected = (SyncKind, fn(Ids) -> Id, bool);

#[test]
fn every_write_path_marks_what_it_changes_dirty_and_deletions_leave_tombstones() {
    use SyncKind::{Contact as C, Entry as E, Promise as P};
    let cases: &[(&str, Operation, &[Expected])] = &[
        (
            "edit contact",
            |s, i| {
                let mut a = s.contact(i.anna).unwrap().0;
                a.notes = Some("mag Tee".into());
                s.update_contact(&a).unwrap();
            },
            &[(C, |i| i.anna, false)],
        ),
        // The name is written into the contact's promises and entries.
        (
            "rename contact",
            |s, i| {
                let mut a = s.contact(i.anna).unwrap().0;
                a.name = "Anna Berger".into();
                s.update_contact(&a).unwrap();
            },
            &[
                (C, |i| i.anna, false),
                (P, |i| i.p1, false),
                (E, |i| i.e1, false),
                (E, |i| i.e2, false),
            ],
        ),
        (
            "tag change",
            |s, i| {
                let mut b = s.contact(i.ben).unwrap().0;
                b.tags.push("partner".into());
                s.update_contact(&b).unwrap();
            },
            &[(C, |i| i.ben, false)],
        ),
        (
            "card row change",
            |s, i| {
                let mut card = s.card_properties(i.anna).unwrap();
                card[0].value = ";;Kaistr. 2;Bremen;;28195;DE".into();
                s.set_card_properties(i.anna, &card).unwrap();
            },
            &[(C, |i| i.anna, false)],
        ),
        (
            "company rename",
            |s, _| {
                let CompanyMatch::One(mut company) = s.resolve_company("Ankerwerk").unwrap() else {
                    panic!("no company")
                };
                company.name = "Anker AG".into();
                s.update_company(&company).unwrap();
            },
            &[(C, |i| i.anna, false), (C, |i| i.ben, false)],
        ),
        (
            "archive",
            |s, i| s.set_archived(i.carl, true).unwrap(),
            &[(C, |i| i.carl, false)],
        ),
        (
            "snooze",
            |s, i| {
                s.set_snooze(i.ben, NaiveDate::from_ymd_opt(2027, 1, 1))
                    .unwrap()
            },
            &[(C, |i| i.ben, false)],
        ),
        // Ben's entry and promise move to Anna; Ben becomes a tombstone.
        (
            "merge",
            |s, i| {
                s.merge_contacts(i.anna, i.ben).unwrap();
            },
            &[
                (C, |i| i.anna, false),
                (C, |i| i.ben, true),
                (E, |i| i.e1, false),
                (P, |i| i.p2, false),
            ],
        ),
        // Anna's own entry and promise go with her; the shared entry loses her.
        (
            "forget",
            |s, i| {
                s.forget_contact(i.anna).unwrap();
            },
            &[
                (C, |i| i.anna, true),
                (E, |i| i.e2, true),
                (P, |i| i.p1, true),
                (E, |i| i.e1, false),
            ],
        ),
        (
            "delete contact",
            |s, i| s.delete_contact(i.carl).unwrap(),
            &[(C, |i| i.carl, true)],
        ),
        (
            "add promise (new, not dirty)",
            |s, i| {
                s.add_entry(
                    &entry(&[i.carl], "neu"),
                    &[NewPromise {
                        owner: Owner::Me,
                        text: "anrufen".into(),
                        due: None,
                    }],
                )
                .unwrap();
            },
            &[],
        ),
        (
            "edit promise",
            |s, i| s.update_promise(i.p2, "Unterlagen senden", None).unwrap(),
            &[(P, |i| i.p2, false)],
        ),
        (
            "mark promise",
            |s, i| {
                s.set_promise_status(i.p1, PromiseStatus::Kept, &at("2026-11-30T10:00:00+01:00"))
                    .unwrap()
            },
            &[(P, |i| i.p1, false)],
        ),
        (
            "delete promise",
            |s, i| s.delete_promise(i.p2).unwrap(),
            &[(P, |i| i.p2, true)],
        ),
        (
            "edit entry",
            |s, i| {
                let mut e = s.entry(i.e2).unwrap().entry;
                e.body.push_str(" und Kaffee");
                s.update_entry(&e).unwrap();
            },
            &[(E, |i| i.e2, false)],
        ),
        (
            "relink entry contacts",
            |s, i| {
                let mut e = s.entry(i.e2).unwrap().entry;
                e.contacts = vec![i.anna, i.carl];
                s.update_entry(&e).unwrap();
            },
            &[(E, |i| i.e2, false)],
        ),
        // Its promise stays, without the entry it came from.
        (
            "delete entry",
            |s, i| s.delete_entry(i.e1).unwrap(),
            &[(E, |i| i.e1, true), (P, |i| i.p1, false)],
        ),
        (
            "delete entry with promises",
            |s, i| s.delete_entry_with(i.e1, PromiseFate::Delete).unwrap(),
            &[(E, |i| i.e1, true), (P, |i| i.p1, true)],
        ),
    ];
    for (name, operation, expected) in cases {
        let (mut store, ids) = fixture();
        operation(&mut store, ids);
        let want: BTreeSet<String> = expected
            .iter()
            .map(|(kind, id, deleted)| {
                let uid = uid(*kind, id(ids));
                if *deleted {
                    format!("deleted {uid}")
                } else {
                    uid
                }
            })
            .collect();
        assert_eq!(dirty(&store), want, "{name}");
    }
}

#[test]
fn a_change_while_a_sync_runs_is_not_lost_by_marking_the_record_synced() {
    let (mut store, ids) = fixture();
    let uid = uid(SyncKind::Contact, ids.anna);
    let read = store.sync_record(SyncKind::Contact, &uid).unwrap().unwrap();
    let mut a = store.contact(ids.anna).unwrap().0;
    a.role = Some("Einkauf".into());
    store.update_contact(&a).unwrap();
    // The engine read (and sent) the record before the edit; the server's new ETag is kept anyway.
    let clean = store
        .mark_synced(
            SyncKind::Contact,
            &uid,
            "/dav/anna",
            Some("\"2\""),
            &fields(&[]),
            read.version,
        )
        .unwrap();
    assert!(!clean);
    let now = store.sync_record(SyncKind::Contact, &uid).unwrap().unwrap();
    assert!(now.dirty);
    assert_eq!(now.etag.as_deref(), Some("\"2\""));
    assert!(now.version > read.version);
    assert!(
        store
            .mark_synced(
                SyncKind::Contact,
                &uid,
                "/dav/anna",
                Some("\"3\""),
                &fields(&[]),
                now.version
            )
            .unwrap()
    );
    assert!(dirty(&store).is_empty());
}

#[test]
fn many_records_are_named_and_marked_in_one_go_and_a_change_meanwhile_stays_dirty() {
    let mut store = Store::open_in_memory().unwrap();
    let ids: Vec<Id> = ["Dora Dach", "Emil Ecke", "Fritz Feld"]
        .iter()
        .map(|name| store.add_contact(&contact(name, None)).unwrap())
        .collect();
    let rows: Vec<NewSyncRecord> = ids
        .iter()
        .map(|&id| NewSyncRecord {
            uid: uid(SyncKind::Contact, id),
            local: Some(id),
            href: format!("/dav/{id}.vcf"),
        })
        .collect();
    let versions = store.save_sync_records(SyncKind::Contact, &rows).unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(
        store.new_local_ids(SyncKind::Contact).unwrap(),
        Vec::<Id>::new()
    );
    // Emil is edited after the engine read him and before the marks are written.
    let mut emil = store.contact(ids[1]).unwrap().0;
    emil.role = Some("Einkauf".into());
    store.update_contact(&emil).unwrap();
    let marks: Vec<Synced> = rows
        .iter()
        .zip(&versions)
        .map(|(row, &version)| Synced {
            uid: row.uid.clone(),
            href: row.href.clone(),
            etag: Some("\"1\"".into()),
            base: fields(&[("name", &row.uid)]),
            version,
        })
        .collect();
    assert_eq!(store.mark_all_synced(SyncKind::Contact, &marks).unwrap(), 2);
    let emil_uid = uid(SyncKind::Contact, ids[1]);
    assert_eq!(dirty(&store), BTreeSet::from([emil_uid.clone()]));
    let emil_row = store
        .sync_record(SyncKind::Contact, &emil_uid)
        .unwrap()
        .unwrap();
    assert_eq!(emil_row.etag.as_deref(), Some("\"1\""));
    assert_eq!(emil_row.href.as_deref(), Some(rows[1].href.as_str()));
}

#[test]
fn records_from_the_server_are_written_clean_with_their_base_and_conflicts() {
    let (mut store, ids) = fixture();
    // A new contact from the phone, with its card.
    let card = [CardProperty {
        name: "PHOTO".into(),
        params: "ENCODING=b;TYPE=JPEG".into(),
        value: "/9j/4AAQ".into(),
    }];
    let dora = store
        .apply_remote_contact(
            None,
            &contact("Dora Dietz", None),
            &card,
            &remote("dora", &[]),
        )
        .unwrap();
    assert_eq!(store.card_properties(dora).unwrap(), card);
    let row = store
        .sync_record(SyncKind::Contact, "dora")
        .unwrap()
        .unwrap();
    assert_eq!((row.local, row.dirty), (Some(dora), false));
    assert_eq!(row.base, Some(remote("dora", &[]).base));
    assert_eq!(row.href.as_deref(), Some("/dav/dora"));
    // Changes to synced records: a contact's notes, a promise ticked, an entry edited.
    let anna_uid = uid(SyncKind::Contact, ids.anna);
    let mut a = store.contact(ids.anna).unwrap().0;
    a.notes = Some("vom Telefon".into());
    let card = store.card_properties(ids.anna).unwrap();
    let conflict = [("notes", "lokal", "vom Telefon")];
    store
        .apply_remote_contact(Some(ids.anna), &a, &card, &remote(&anna_uid, &conflict))
        .unwrap();
    let mut p = store.promise(ids.p1).unwrap().promise;
    p.status = PromiseStatus::Kept;
    p.closed_at = Some(at("2026-11-30T09:00:00Z"));
    let p_uid = uid(SyncKind::Promise, ids.p1);
    store
        .apply_remote_promise(Some(ids.p1), &p, &remote(&p_uid, &[]))
        .unwrap();
    assert_eq!(store.promise(ids.p1).unwrap().promise, p);
    let mut e = store.entry(ids.e1).unwrap().entry;
    e.body = "Rahmenvertrag, unterschrieben".into();
    e.contacts = vec![ids.ben];
    let e_uid = uid(SyncKind::Entry, ids.e1);
    store
        .apply_remote_entry(Some(ids.e1), &e, &remote(&e_uid, &[]))
        .unwrap();
    assert_eq!(store.entry(ids.e1).unwrap().entry, e);
    // A new entry from the phone.
    let e_new = store
        .apply_remote_entry(
            None,
            &entry(&[dora], "am Telefon notiert"),
            &remote("j1", &[]),
        )
        .unwrap();
    assert_eq!(store.entry(e_new).unwrap().entry.body, "am Telefon notiert");
    assert!(dirty(&store).is_empty(), "{:?}", dirty(&store));
    // The conflict is in Anna's history.
    let history = store
        .sync_conflicts_of(SyncKind::Contact, ids.anna)
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].uid, anna_uid);
    assert_eq!(history[0].conflict.remote.as_deref(), Some("vom Telefon"));
    assert_eq!(store.sync_conflicts(None).unwrap(), history);
    // A merge that kept a local value stays dirty, to be sent.
    let mut merged = remote(&p_uid, &[]);
    merged.local_changes = true;
    store
        .apply_remote_promise(Some(ids.p1), &p, &merged)
        .unwrap();
    assert_eq!(dirty(&store), BTreeSet::from([p_uid]));
}

#[test]
fn deletions_on_the_server_delete_here_unless_history_or_a_local_change_keeps_the_record() {
    let (mut store, ids) = fixture();
    let contact_uid = |id| uid(SyncKind::Contact, id);
    // Carl has no entries or promises: deleted. Anna has: archived and detached, clean.
    let carl = contact_uid(ids.carl);
    assert_eq!(
        store
            .apply_remote_deletion(SyncKind::Contact, &carl)
            .unwrap(),
        RemoteDeletion::Deleted
    );
    assert!(store.contact(ids.carl).is_err());
    assert!(
        store
            .sync_record(SyncKind::Contact, &carl)
            .unwrap()
            .is_none()
    );
    let anna = contact_uid(ids.anna);
    assert_eq!(
        store
            .apply_remote_deletion(SyncKind::Contact, &anna)
            .unwrap(),
        RemoteDeletion::ArchivedAndDetached
    );
    assert!(store.contact(ids.anna).unwrap().0.archived);
    let row = store
        .sync_record(SyncKind::Contact, &anna)
        .unwrap()
        .unwrap();
    assert!(row.detached && !row.dirty && row.href.is_none() && row.base.is_none());
    // A promise deleted there: deleted here. An entry: deleted, its promise loses it but stays in
    // step (the other side's deletion did the same there; marking it changed here made a device keep
    // a promise the other had erased).
    let p2 = uid(SyncKind::Promise, ids.p2);
    assert_eq!(
        store.apply_remote_deletion(SyncKind::Promise, &p2).unwrap(),
        RemoteDeletion::Deleted
    );
    assert!(store.promise(ids.p2).is_err());
    let e1 = uid(SyncKind::Entry, ids.e1);
    assert_eq!(
        store.apply_remote_deletion(SyncKind::Entry, &e1).unwrap(),
        RemoteDeletion::Deleted
    );
    assert!(store.entry(ids.e1).is_err());
    assert_eq!(dirty(&store), BTreeSet::new());
    assert_eq!(store.promise(ids.p1).unwrap().promise.entry, None);
    // Changed here, deleted there: kept, to be sent again as new.
    store
        .update_promise(ids.p1, "Angebot nachfassen", None)
        .unwrap();
    let p1 = uid(SyncKind::Promise, ids.p1);
    assert_eq!(
        store.apply_remote_deletion(SyncKind::Promise, &p1).unwrap(),
        RemoteDeletion::KeptBecauseDirty
    );
    let row = store.sync_record(SyncKind::Promise, &p1).unwrap().unwrap();
    assert!(row.dirty && row.href.is_none() && row.local == Some(ids.p1));
    // Deleted here before it was sent again: nothing to delete on the server, no tombstone.
    store.delete_promise(ids.p1).unwrap();
    assert!(store.sync_record(SyncKind::Promise, &p1).unwrap().is_none());
    // A detached contact edited here is sent again (it has no href: as new).
    store.set_archived(ids.anna, false).unwrap();
    assert!(
        store
            .sync_record(SyncKind::Contact, &anna)
            .unwrap()
            .unwrap()
            .dirty
    );
    // Unknown UIDs and tombstones.
    assert_eq!(
        store
            .apply_remote_deletion(SyncKind::Entry, "nobody")
            .unwrap(),
        RemoteDeletion::Unknown
    );
    store.delete_entry(ids.e2).unwrap();
    let e2 = uid(SyncKind::Entry, ids.e2);
    assert_eq!(store.tombstones(SyncKind::Entry).unwrap()[0].uid, e2);
    assert_eq!(
        store.apply_remote_deletion(SyncKind::Entry, &e2).unwrap(),
        RemoteDeletion::Deleted
    );
    assert!(store.tombstones(SyncKind::Entry).unwrap().is_empty());
}

#[test]
fn new_records_pending_counts_collections_unassigned_journals_and_the_last_sync_are_kept() {
    let (mut store, ids) = fixture();
    let dora = store.add_contact(&contact("Dora Dietz", None)).unwrap();
    assert_eq!(store.new_local_ids(SyncKind::Contact).unwrap(), [dora]);
    assert!(store.new_local_ids(SyncKind::Entry).unwrap().is_empty());
    store.set_archived(ids.ben, true).unwrap();
    store.delete_contact(ids.carl).unwrap();
    let pending = store.pending_sync(SyncKind::Contact).unwrap();
    assert_eq!((pending.new, pending.changed, pending.deleted), (1, 1, 1));
    assert_eq!(
        store
            .sync_record_of(SyncKind::Contact, ids.ben)
            .unwrap()
            .unwrap()
            .uid,
        uid(SyncKind::Contact, ids.ben)
    );

    assert_eq!(store.sync_collection(SyncKind::Promise).unwrap(), None);
    let state = CollectionState {
        href: "/dav/tasks/".into(),
        sync_token: Some("t1".into()),
        listing: ListingMark::default(),
    };
    store
        .set_sync_collection(SyncKind::Promise, &state)
        .unwrap();
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
    let state = CollectionState {
        sync_token: Some("t2".into()),
        listing: ListingMark {
            modified: Some(at("2026-11-30T16:18:18+00:00")),
            settled: true,
            tracks: Some(true),
            listed_at: Some(at("2026-11-30T17:18:19+01:00")),
        },
        ..state
    };
    store
        .set_sync_collection(SyncKind::Promise, &state)
        .unwrap();
    assert_eq!(
        store.sync_collection(SyncKind::Promise).unwrap(),
        Some(state)
    );

    let journal = UnassignedJournal {
        uid: "j9".into(),
        href: "/dav/journal/j9.ics".into(),
        etag: None,
        text: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
        summary: Some("Messe".into()),
        at: at("2026-11-30T12:00:00+01:00"),
    };
    store.add_unassigned_journal(&journal).unwrap();
    assert_eq!(store.unassigned_journals().unwrap(), [journal]);
    assert!(store.remove_unassigned_journal("j9").unwrap());
    assert!(store.unassigned_journals().unwrap().is_empty());

    assert_eq!(store.last_sync().unwrap(), None);
    let last = LastSync {
        at: at("2026-11-30T12:01:00+01:00"),
        summary: "{\"pulled\":3}".into(),
    };
    store.set_last_sync(&last).unwrap();
    assert_eq!(store.last_sync().unwrap(), Some(last));
}

#[test]
fn forgetting_a_contact_leaves_no_field_or_conflict_of_theirs_in_the_sync_tables() {
    let (mut store, ids) = fixture();
    let anna = uid(SyncKind::Contact, ids.anna);
    let mut a = store.contact(ids.anna).unwrap().0;
    a.notes = Some("Geheimnis".into());
    let mut row = remote(&anna, &[("notes", "Geheimnis", "Vertraulich")]);
    row.base = fields(&[("name", "Anna Adler"), ("notes", "Geheimnis")]);
    let card = store.card_properties(ids.anna).unwrap();
    store
        .apply_remote_contact(Some(ids.anna), &a, &card, &row)
        .unwrap();
    store
        .record_sync_conflicts(
            SyncKind::Entry,
            &uid(SyncKind::Entry, ids.e2),
            &[FieldConflict {
                field: "body".into(),
                local: Some("Geheimnis".into()),
                remote: None,
            }],
            &at("2026-11-30T12:00:00+01:00"),
        )
        .unwrap();
    assert_eq!(store.sync_conflicts(None).unwrap().len(), 2);
    store.forget_contact(ids.anna).unwrap();
    assert!(store.sync_conflicts(None).unwrap().is_empty());
    for kind in SyncKind::ALL {
        for r in store.sync_records(kind).unwrap() {
            assert!(
                !format!("{r:?}").contains("Anna Adler") && !format!("{r:?}").contains("Geheimnis")
            );
        }
    }
}

#[test]
fn a_schema_10_journal_migrates_with_every_record_new_and_nothing_dirty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let (anna, entry_id) = {
        let mut store = Store::open(&path).unwrap();
        let anna = store
            .add_contact(&contact("Anna Adler", Some("Ankerwerk GmbH")))
            .unwrap();
        let e = store.add_entry(&entry(&[anna], "vorher"), &[]).unwrap();
        (anna, e)
    };
    // Back to schema 10: version 11 added the sync tables and triggers, 12 an index, 13 the inbox,
    // 14 the private mark, 15 the inbox's new people, 16 the collections' listing marks (columns of
    // a table dropped here). A new migration must be undone here too.
    assert_eq!(rapport::store::SCHEMA_VERSION, 16);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let triggers = sync_triggers(&path);
        assert!(triggers.len() > 10);
        for t in triggers {
            conn.execute_batch(&format!("DROP TRIGGER {t};")).unwrap();
        }
        // Dropping a column reads the schema again, whose triggers call rapport's own functions;
        // nothing runs them here, so stand-ins do.
        let flags = rusqlite::functions::FunctionFlags::SQLITE_UTF8;
        for name in ["rapport_fold", "rapport_trigrams", "rapport_company_fold"] {
            conn.create_scalar_function(name, 1, flags, |_| Ok(None::<String>))
                .unwrap();
        }
        conn.execute_batch(
            "DROP TABLE sync_records; DROP TABLE sync_collections; DROP TABLE sync_conflicts;
             DROP TABLE sync_unassigned; DROP INDEX promises_status_due;
             DROP TABLE inbox_proposal_contacts; DROP TABLE inbox_proposals;
             DROP TABLE inbox_seen; DROP TABLE inbox_ignored_senders;
             DROP TABLE inbox_person_touches; DROP TABLE inbox_people;
             DROP INDEX contacts_private; ALTER TABLE contacts DROP COLUMN private;
             PRAGMA user_version = 10;",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.new_local_ids(SyncKind::Contact).unwrap(), [anna]);
    assert_eq!(store.new_local_ids(SyncKind::Entry).unwrap(), [entry_id]);
    store.set_archived(anna, true).unwrap();
    assert!(store.dirty_records(SyncKind::Contact).unwrap().is_empty());
    sync_one(&mut store, SyncKind::Contact, anna);
    store.set_archived(anna, false).unwrap();
    assert_eq!(store.dirty_records(SyncKind::Contact).unwrap().len(), 1);
    assert!(store.check_integrity().unwrap().is_empty());
}

/// The names of the sync triggers in a journal file.
fn sync_triggers(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'
          ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn an_import_puts_back_the_sync_trigger_it_sets_aside_for_its_new_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    drop(Store::open(&path).unwrap());
    let before = sync_triggers(&path);
    assert!(before.contains(&"sync_entry_link_insert".to_string()));
    let mut store = Store::open(&path).unwrap();
    let mut import = store.begin_import(false).unwrap();
    let mut anna = contact("Anna Adler", None);
    anna.id = 7;
    import.contact(&anna).unwrap();
    let mut e = entry(&[7], "importiert");
    e.id = 3;
    import.entry(&e).unwrap();
    import.finish(false).unwrap();
    drop(store);
    assert_eq!(sync_triggers(&path), before);
}
