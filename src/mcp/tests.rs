//! The tools called in-process on temporary journals: argument checks, name resolution, privacy.

use super::Journal;
use super::args::{self, AttentionArgs, ContactArgs, LogEntryArgs, PromisesArgs, SearchArgs};
use crate::clock::Clock;
use crate::domain::model::{Contact, Entry, Id, Kind, Owner, Signals};
use crate::store::{NewPromise, Store};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use std::collections::HashSet;

fn clock() -> Clock {
    Clock::fixed(chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap())
}

fn contact(store: &mut Store, name: &str, private: bool) -> Id {
    let mut c = Contact::new(name, clock().now - chrono::Duration::days(400));
    c.private = private;
    store.add_contact(&c).unwrap()
}

fn entry(store: &mut Store, contacts: Vec<Id>, body: &str, promise: Option<&str>) -> Id {
    let entry = Entry {
        id: 0,
        occurred_at: clock().now - chrono::Duration::days(90),
        kind: Kind::Meeting,
        title: None,
        body: body.into(),
        contacts,
        mood: None,
        initiative: None,
        signals: Signals::default(),
    };
    let promises: Vec<NewPromise> = promise
        .map(|text| NewPromise {
            owner: Owner::Me,
            text: text.into(),
            due: Some(clock().today() - chrono::Duration::days(3)),
        })
        .into_iter()
        .collect();
    store.add_entry(&entry, &promises).unwrap()
}

/// Anna Schmidt (#1), Anna Weber (#2), the private Anna Geheim (#3) and Petra Privat (#4); an entry
/// and a promise of Anna Schmidt with Petra Privat.
fn journal(allow_write: bool) -> Journal {
    let mut store = Store::open_in_memory().unwrap();
    let schmidt = contact(&mut store, "Anna Schmidt", false);
    contact(&mut store, "Anna Weber", false);
    contact(&mut store, "Anna Geheim", true);
    let petra = contact(&mut store, "Petra Privat", true);
    entry(
        &mut store,
        vec![schmidt],
        "Angebot besprochen",
        Some("Angebot schicken"),
    );
    entry(
        &mut store,
        vec![schmidt, petra],
        "Angebot mit Petra Privat",
        Some("Petra Privat anrufen"),
    );
    Journal::new(store, Default::default(), clock(), allow_write)
}

fn all_text(result: &CallToolResult) -> String {
    let mut text = serde_json::to_string(&result.structured_content).unwrap();
    for c in &result.content {
        if let Some(t) = c.as_text() {
            text.push_str(&t.text);
        }
    }
    text
}

fn named(name: &str) -> Parameters<ContactArgs> {
    Parameters(ContactArgs {
        contact: name.into(),
    })
}

#[test]
fn contacts_resolve_like_the_command_line_without_private_ones() {
    let store = Store::open_in_memory().unwrap();
    let mut store = store;
    let schmidt = contact(&mut store, "Anna Schmidt", false);
    let weber = contact(&mut store, "Anna Weber", false);
    let geheim = contact(&mut store, "Anna Geheim", true);
    let hidden: HashSet<Id> = [geheim].into();
    for (query, id) in [
        ("1", schmidt),
        ("#2", weber),
        ("Anna Schmidt", schmidt),
        ("Anna W", weber),
    ] {
        assert_eq!(
            args::contact(&store, query, &hidden).unwrap().id,
            id,
            "{query}"
        );
    }
    let ambiguous = args::contact(&store, "Anna", &hidden).unwrap_err();
    assert!(
        ambiguous.message.contains("#1 Anna Schmidt"),
        "{}",
        ambiguous.message
    );
    assert!(
        ambiguous.message.contains("#2 Anna Weber"),
        "{}",
        ambiguous.message
    );
    assert!(
        !ambiguous.message.contains("Geheim"),
        "{}",
        ambiguous.message
    );
    // A private contact is unknown, by id, name or prefix, in the words of an unknown one.
    let unknown = args::contact(&store, "Nobody", &hidden)
        .unwrap_err()
        .message;
    // The hint is for an assistant, which has the search tool and no command line.
    assert!(
        unknown.contains("search") && !unknown.contains("rapport contact list"),
        "{unknown}"
    );
    for query in ["3", "#3", "Anna Geheim", "Anna G"] {
        let error = args::contact(&store, query, &hidden).unwrap_err().message;
        assert_eq!(error, unknown.replace("Nobody", query));
    }
    // Without the private mark the command line's resolver finds the same contacts.
    assert_eq!(
        args::contact(&store, "Anna G", &HashSet::new()).unwrap().id,
        geheim
    );
}

#[test]
fn sizes_limits_and_ids_are_checked() {
    assert!(args::capped("query", &"x".repeat(args::MAX_QUERY), args::MAX_QUERY).is_ok());
    let long = "x".repeat(args::MAX_QUERY + 1);
    let refused = args::capped("query", &long, args::MAX_QUERY).unwrap_err();
    assert!(refused.message.contains("too long"));
    assert_eq!(args::limit(None, 20).unwrap(), 20);
    assert_eq!(args::limit(Some(500), 20).unwrap(), 500);
    assert!(args::limit(Some(0), 20).is_err());
    assert!(args::limit(Some(501), 20).is_err());
    assert_eq!(
        args::promise_id(&args::PromiseId::Text("#12".into())).unwrap(),
        12
    );
    assert_eq!(args::promise_id(&args::PromiseId::Number(7)).unwrap(), 7);
    assert!(args::promise_id(&args::PromiseId::Text("zwölf".into())).is_err());
}

#[test]
fn private_contacts_their_entries_and_promises_are_left_out() {
    let journal = journal(false);
    let due = journal
        .who_needs_attention(Parameters(AttentionArgs::default()))
        .unwrap();
    let search = journal
        .search(Parameters(SearchArgs {
            query: "Angebot".into(),
            ..SearchArgs::default()
        }))
        .unwrap();
    let promises = journal
        .promises(Parameters(PromisesArgs::default()))
        .unwrap();
    let shown = journal.contact(named("Anna Schmidt")).unwrap();
    let briefing = journal.briefing(named("#1")).unwrap();
    for result in [&due, &search, &promises, &shown, &briefing] {
        let text = all_text(result);
        assert!(!text.contains("Petra"), "{text}");
        assert!(!text.contains("Geheim"), "{text}");
    }
    // What is not private is still there.
    assert!(all_text(&search).contains("Angebot schicken"));
    assert!(all_text(&promises).contains("Angebot schicken"));
    assert!(all_text(&due).contains("Anna Schmidt"));
    assert!(journal.contact(named("Petra")).is_err());
    assert!(journal.briefing(named("#4")).is_err());
}

#[test]
fn writes_need_allow_write_and_never_name_a_private_contact() {
    let log = |journal: &Journal, who: &str| {
        journal.log_entry(Parameters(LogEntryArgs {
            contacts: vec![who.into()],
            body: "Kurz gesprochen".into(),
            ..LogEntryArgs::default()
        }))
    };
    let read_only = journal(false);
    let refused = log(&read_only, "Anna Schmidt").unwrap_err();
    assert!(
        refused.message.contains("--allow-write"),
        "{}",
        refused.message
    );
    let writable = journal(true);
    let written = log(&writable, "Anna Schmidt").unwrap();
    let structured = written.structured_content.unwrap();
    assert_eq!(
        structured["contact_names"],
        serde_json::json!(["Anna Schmidt"])
    );
    assert!(structured["id"].as_i64().is_some());
    assert!(log(&writable, "Petra Privat").is_err());
    assert!(log(&writable, "Anna").is_err(), "ambiguous");
}

#[test]
fn a_search_fills_its_limit_with_visible_hits() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = contact(&mut store, "Anna Schmidt", false);
    let petra = contact(&mut store, "Petra Privat", true);
    // Two older entries about Anna, then five newer ones with Petra: newest first, the first
    // five hits are hidden.
    for (who, days) in [
        (anna, 30),
        (anna, 29),
        (petra, 5),
        (petra, 4),
        (petra, 3),
        (petra, 2),
        (petra, 1),
    ] {
        let entry = Entry {
            id: 0,
            occurred_at: clock().now - chrono::Duration::days(days),
            kind: Kind::Call,
            title: None,
            body: "Messe Hannover".into(),
            contacts: vec![who],
            mood: None,
            initiative: None,
            signals: Signals::default(),
        };
        store.add_entry(&entry, &[]).unwrap();
    }
    let journal = Journal::new(store, Default::default(), clock(), false);
    let search = journal
        .search(Parameters(SearchArgs {
            query: "Messe".into(),
            limit: Some(2),
            ..SearchArgs::default()
        }))
        .unwrap();
    let entries = search.structured_content.as_ref().unwrap()["entries"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(entries, 2, "{}", all_text(&search));
}
