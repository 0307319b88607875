//! The inbox's store: idempotent rescans, accepting (a normal entry that resets the cadence clock),
//! ignoring proposals and senders, the email map and the mail clients' address book.

use chrono::NaiveDate;
use chrono::{DateTime, FixedOffset};
use rapport::domain::model::{CardProperty, Contact, Initiative, Kind};
use rapport::inbox::rules::{Proposer, Setting};
use rapport::inbox::{Address, Message, Proposal, Source};
use rapport::store::{SavedProposals, SeenMark, Store, StoreError};
use std::collections::HashSet;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn person(store: &mut Store, name: &str, email: &str) -> i64 {
    let mut c = Contact::new(name, at("2025-01-01T09:00:00+01:00"));
    c.email = Some(email.into());
    store.add_contact(&c).unwrap()
}

fn proposal(key: &str, contacts: &[i64], when: &str) -> Proposal {
    Proposal {
        key: key.into(),
        contacts: contacts.to_vec(),
        kind: Kind::Email,
        occurred_at: at(when),
        title: Some(format!("Angebot {key}")),
        initiative: Initiative::Them,
        source: Source::Maildir,
        origins: vec![format!("{key}.host")],
    }
}

fn seen(origin: &str) -> SeenMark {
    SeenMark {
        source: Source::Maildir,
        origin: origin.into(),
        position: None,
    }
}

#[test]
fn the_same_message_scanned_twice_is_proposed_once() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = person(&mut store, "Anna Schmidt", "anna@example.org");
    let found = [proposal("k1", &[anna], "2026-11-20T10:00:00+01:00")];
    let first = store.save_inbox(&found, &[seen("1.a.host")]).unwrap();
    assert_eq!(first.new, 1);
    let again = store.save_inbox(&found, &[seen("1.a.host")]).unwrap();
    assert_eq!(
        again,
        SavedProposals {
            new: 0,
            known: 1,
            ignored: 0
        }
    );
    assert_eq!(store.open_proposals().unwrap().len(), 1);
    assert!(
        store
            .inbox_seen(Source::Maildir)
            .unwrap()
            .contains("1.a.host")
    );
    assert!(store.inbox_has_seen(Source::Maildir, "1.a.host").unwrap());
    assert!(!store.inbox_has_seen(Source::Calendar, "1.a.host").unwrap());
    // Settled proposals are not proposed again either.
    store
        .ignore_proposals(&[store.open_proposals().unwrap()[0].id])
        .unwrap();
    assert_eq!(store.save_inbox(&found, &[]).unwrap().known, 1);
    assert!(store.open_proposals().unwrap().is_empty());
}

#[test]
fn an_mbox_remembers_the_offset_read_up_to() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.inbox_mbox_offset("/m/box").unwrap(), 0);
    let mark = |p| SeenMark {
        source: Source::Mbox,
        origin: "/m/box".into(),
        position: Some(p),
    };
    store.save_inbox(&[], &[mark(4096)]).unwrap();
    store.save_inbox(&[], &[mark(8192)]).unwrap();
    assert_eq!(store.inbox_mbox_offset("/m/box").unwrap(), 8192);
}

#[test]
fn accepting_writes_an_entry_that_resets_the_cadence_clock() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = person(&mut store, "Anna Schmidt", "anna@example.org");
    let ben = person(&mut store, "Ben Weber", "ben@example.org");
    let found = [
        proposal("k1", &[anna, ben], "2026-11-20T10:00:00+01:00"),
        proposal("k2", &[ben], "2026-11-21T10:00:00+01:00"),
    ];
    store.save_inbox(&found, &[]).unwrap();
    assert_eq!(store.open_proposal_count().unwrap(), 2);
    let open = store.open_proposals().unwrap();
    assert_eq!(
        open[0].contacts,
        vec![(anna, "Anna Schmidt".into()), (ben, "Ben Weber".into())]
    );
    assert_eq!(store.contact(anna).unwrap().1.last_touch, None);
    let entries = store.accept_proposals(&[open[0].id]).unwrap();
    let written = store.entry(entries[0]).unwrap().entry;
    assert_eq!(written.kind, Kind::Email);
    assert_eq!(written.contacts, vec![anna, ben]);
    assert_eq!(written.title.as_deref(), Some("Angebot k1"));
    assert_eq!(written.initiative, Some(Initiative::Them));
    assert_eq!(
        store.contact(anna).unwrap().1.last_touch,
        Some(at("2026-11-20T10:00:00+01:00"))
    );
    assert_eq!(store.open_proposal_count().unwrap(), 1);
    // Accepting it again is refused and writes nothing.
    assert!(matches!(
        store.accept_proposals(&[open[1].id, open[0].id]),
        Err(StoreError::ProposalSettled { .. })
    ));
    assert_eq!(store.entry_count(None).unwrap(), 1);
    assert!(matches!(
        store.accept_proposals(&[99]),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(store.accept_all_proposals().unwrap().len(), 1);
    assert_eq!(store.open_proposal_count().unwrap(), 0);
}

#[test]
fn ignoring_a_sender_hides_their_open_proposals_and_future_ones() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = person(&mut store, "Anna Schmidt", "anna@example.org");
    let ben = person(&mut store, "Ben Weber", "ben@work.example");
    // Ben's second address lives only on his card.
    let card = [CardProperty {
        name: "item1.EMAIL".into(),
        params: "TYPE=home".into(),
        value: "Ben@Newsletter.example".into(),
    }];
    store.set_card_properties(ben, &card).unwrap();
    let found = [
        proposal("k1", &[ben], "2026-11-20T10:00:00+01:00"),
        proposal("k2", &[anna, ben], "2026-11-20T11:00:00+01:00"),
        proposal("k3", &[anna], "2026-11-20T12:00:00+01:00"),
    ];
    store.save_inbox(&found, &[]).unwrap();
    assert_eq!(store.ignore_sender("*@NEWSLETTER.*").unwrap(), 2);
    let open = store.open_proposals().unwrap();
    let names: Vec<Vec<i64>> = open
        .iter()
        .map(|p| p.contacts.iter().map(|c| c.0).collect())
        .collect();
    assert_eq!(names, vec![vec![anna], vec![anna]]);
    assert_eq!(store.ignored_senders().unwrap(), vec!["*@newsletter.*"]);
    let later = [
        proposal("k4", &[ben], "2026-11-22T10:00:00+01:00"),
        proposal("k5", &[ben, anna], "2026-11-22T11:00:00+01:00"),
    ];
    let saved = store.save_inbox(&later, &[]).unwrap();
    assert_eq!((saved.new, saved.ignored), (1, 1));
    let last = store.open_proposals().unwrap().pop().unwrap();
    assert_eq!(last.contacts, vec![(anna, "Anna Schmidt".into())]);
}

#[test]
fn the_email_map_holds_every_email_of_every_contact() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = person(&mut store, "Anna Schmidt", " Anna@Example.org ");
    let ben = person(&mut store, "Ben Weber", "ben@example.org");
    let card = [CardProperty {
        name: "EMAIL".into(),
        params: String::new(),
        value: "A.Schmidt@Firma.de".into(),
    }];
    store.set_card_properties(anna, &card).unwrap();
    let map = store.email_contacts().unwrap();
    assert_eq!(map["anna@example.org"], vec![anna]);
    assert_eq!(map["a.schmidt@firma.de"], vec![anna]);
    assert_eq!(map["ben@example.org"], vec![ben]);
    assert_eq!(map.len(), 3);
}

#[test]
fn forgetting_the_only_contact_of_a_proposal_removes_it() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = person(&mut store, "Anna Schmidt", "anna@example.org");
    let ben = person(&mut store, "Ben Weber", "ben@example.org");
    let found = [
        proposal("k1", &[anna], "2026-11-20T10:00:00+01:00"),
        proposal("k2", &[anna, ben], "2026-11-20T11:00:00+01:00"),
    ];
    store.save_inbox(&found, &[]).unwrap();
    store.delete_contact(anna).unwrap();
    let open = store.open_proposals().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].contacts, vec![(ben, "Ben Weber".into())]);
}

#[test]
fn merging_contacts_moves_their_proposals_to_the_one_kept() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = person(&mut store, "Anna Schmidt", "anna@example.org");
    let other = person(&mut store, "A. Schmidt", "a.schmidt@firma.de");
    let found = [
        proposal("k1", &[other], "2026-11-20T10:00:00+01:00"),
        proposal("k2", &[anna, other], "2026-11-20T11:00:00+01:00"),
    ];
    store.save_inbox(&found, &[]).unwrap();
    store.merge_contacts(anna, other).unwrap();
    let open = store.open_proposals().unwrap();
    let contacts: Vec<_> = open.iter().map(|p| p.contacts.clone()).collect();
    let anna_only = vec![(anna, "Anna Schmidt".to_string())];
    assert_eq!(contacts, vec![anna_only.clone(), anna_only]);
}

/// One mail of the thread `root` (a reply when `reply`), as the scan reads it.
fn thread_mail(from: &str, to: &[&str], when: &str, root: &str, reply: bool) -> Message {
    let address = |email: &str| Address {
        email: email.into(),
        name: None,
    };
    Message {
        message_id: Some(format!("{when}@{from}")),
        in_reply_to: reply.then(|| root.to_string()),
        references: if reply { vec![root.into()] } else { Vec::new() },
        from: vec![address(from)],
        to: to.iter().map(|e| address(e)).collect(),
        cc: Vec::new(),
        date: Some(at(when)),
        subject: Some("Angebot".into()),
        source: Source::Maildir,
        origin: format!("{when}.{from}"),
    }
}

/// What one scan of `mails` (only the new ones, as the seen set leaves them) proposes and saves.
fn rescan(store: &mut Store, mails: &[Message]) -> SavedProposals {
    let book = store.email_contacts().unwrap();
    let mut proposer = Proposer::new(Setting {
        me: HashSet::from(["me@example.org".to_string()]),
        ignore: Vec::new(),
        book: &book,
        today: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    });
    mails.iter().for_each(|m| proposer.add_message(m));
    let (proposals, people) = proposer.finish();
    let since = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    store.save_scan(&proposals, &people, &[], since).unwrap()
}

#[test]
fn a_later_mail_of_the_same_thread_and_day_joins_the_open_proposal() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = person(&mut store, "Anna", "anna@kunde.de");
    let bert = person(&mut store, "Bert", "bert@kunde.de");
    let first = thread_mail(
        "anna@kunde.de",
        &["me@example.org"],
        "2026-11-20T09:00:00+01:00",
        "root@kunde.de",
        false,
    );
    let mut second = thread_mail(
        "me@example.org",
        &["anna@kunde.de", "bert@kunde.de"],
        "2026-11-20T15:00:00+01:00",
        "2026-11-20T09:00:00+01:00@anna@kunde.de",
        true,
    );
    second.references = vec![first.message_id.clone().unwrap()];
    assert_eq!(rescan(&mut store, std::slice::from_ref(&first)).new, 1);
    assert_eq!(rescan(&mut store, std::slice::from_ref(&second)).new, 0);
    let open = store.open_proposals().unwrap();
    assert_eq!(open.len(), 1, "one touch per contact per day and thread");
    let named: Vec<i64> = open[0].contacts.iter().map(|(id, _)| *id).collect();
    assert_eq!(named, [anna, bert], "Bert joins the open proposal");
    assert_eq!(open[0].initiative, Some(Initiative::Them));

    // Once that touch was accepted, a third mail that day names a new contact only.
    store.accept_proposals(&[open[0].id]).unwrap();
    let carla = person(&mut store, "Carla", "carla@kunde.de");
    let mut third = thread_mail(
        "bert@kunde.de",
        &["me@example.org", "anna@kunde.de", "carla@kunde.de"],
        "2026-11-20T17:00:00+01:00",
        "x",
        true,
    );
    third.references = second.references.clone();
    assert_eq!(rescan(&mut store, std::slice::from_ref(&third)).new, 1);
    let open = store.open_proposals().unwrap();
    let named: Vec<Vec<i64>> = open
        .iter()
        .map(|p| p.contacts.iter().map(|(id, _)| *id).collect())
        .collect();
    assert_eq!(named, [vec![carla]], "Anna and Bert had their touch");
    // The same mail read again (a piped copy) proposes nothing more.
    assert_eq!(rescan(&mut store, &[third]).new, 0);
    assert_eq!(store.open_proposals().unwrap().len(), 1);
}

#[test]
fn a_new_person_added_joins_the_open_touch_of_their_thread_and_forgetting_them_forgets_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let mut store = Store::open(&path).unwrap();
    let anna = person(&mut store, "Anna", "anna@kunde.de");
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let days = ["2026-11-20T09:00:00+01:00", "2026-11-21T09:00:00+01:00"];
    let mails: Vec<Message> = days
        .iter()
        .map(|day| thread_mail("me@example.org", &["dora@neu.example"], day, "r", false))
        .collect();
    rescan(&mut store, &mails);
    assert!(store.open_people(today).unwrap().is_empty(), "two threads");
    // The third thread, read by a later scan, also names Anna: one touch about Anna waits.
    let third = thread_mail(
        "me@example.org",
        &["dora@neu.example", "anna@kunde.de"],
        "2026-11-22T09:00:00+01:00",
        "r",
        false,
    );
    rescan(&mut store, &[third]);
    let people = store.open_people(today).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(
        (people[0].email.as_str(), people[0].threads),
        ("dora@neu.example", 3)
    );
    let added = store
        .add_person("dora@neu.example", at("2026-11-30T10:00:00+01:00"))
        .unwrap();
    assert_eq!(added.proposed, 3);
    let open = store.open_proposals().unwrap();
    let named: Vec<Vec<i64>> = open
        .iter()
        .map(|p| p.contacts.iter().map(|(id, _)| *id).collect())
        .collect();
    assert_eq!(
        named,
        [
            vec![added.contact],
            vec![added.contact],
            vec![anna, added.contact]
        ],
        "Dora joins Anna's touch of that day and thread"
    );
    assert!(store.open_people(today).unwrap().is_empty());
    assert!(matches!(
        store.add_person("dora@neu.example", at("2026-11-30T10:00:00+01:00")),
        Err(StoreError::NoNewPerson { .. })
    ));
    store.forget_contact(added.contact).unwrap();
    assert_eq!(store.open_proposals().unwrap().len(), 1);
    drop(store);
    let file = std::fs::read(&path).unwrap();
    let trace = b"dora@neu.example";
    assert!(
        !file.windows(trace.len()).any(|w| w == trace),
        "forgetting leaves no trace"
    );
}

#[test]
fn a_proposal_edited_into_an_entry_is_written_and_accepted_at_once() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = person(&mut store, "Anna Schmidt", "anna@example.org");
    let found = [proposal("k1", &[anna], "2026-11-20T10:00:00+01:00")];
    store.save_inbox(&found, &[]).unwrap();
    let id = store.open_proposals().unwrap()[0].id;
    let entry = rapport::domain::model::Entry {
        id: 0,
        occurred_at: at("2026-11-20T10:30:00+01:00"),
        kind: Kind::Call,
        title: Some("Angebot besprochen".into()),
        body: "Preis steht.".into(),
        contacts: vec![anna],
        mood: Some(1),
        initiative: Some(Initiative::Me),
        signals: Default::default(),
    };
    let bert = Contact::new("Bert Neu", at("2026-11-20T10:30:00+01:00"));
    let written = store
        .accept_proposal_as(id, &entry, std::slice::from_ref(&bert), &[])
        .unwrap();
    assert!(store.open_proposals().unwrap().is_empty());
    let saved = store.entry(written).unwrap();
    assert_eq!(saved.entry.title.as_deref(), Some("Angebot besprochen"));
    assert_eq!(saved.entry.kind, Kind::Call);
    assert_eq!(saved.entry.contacts.len(), 2, "Anna and the new Bert");
    // A settled proposal is refused, and nothing is written.
    let count = store.entry_count(None).unwrap();
    assert!(matches!(
        store.accept_proposal_as(id, &entry, &[], &[]),
        Err(StoreError::ProposalSettled { .. })
    ));
    assert_eq!(store.entry_count(None).unwrap(), count);
}
