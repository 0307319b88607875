//! Search as a new user tries it (issue 14): German spellings, parts of compounds, people named in
//! the contacts rather than the text, contacts and promises as their own groups, query forms and
//! filters, ranking, hostile input, and the index of a journal from before schema 8.

use chrono::{DateTime, FixedOffset};
use rapport::domain::model::{Contact, Entry, Kind, Owner, Signals};
use rapport::store::{NewPromise, SearchFilter, Store};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn person(name: &str, company: &str, role: &str) -> Contact {
    let mut c = Contact::new(name, at("2025-01-01T09:00:00+01:00"));
    c.company = Some(company.into()).filter(|c: &String| !c.is_empty());
    c.role = Some(role.into()).filter(|r: &String| !r.is_empty());
    c
}

fn entry(contacts: &[i64], day: &str, kind: Kind, body: &str) -> Entry {
    Entry {
        id: 0,
        occurred_at: at(&format!("{day}T10:00:00+01:00")),
        kind,
        title: None,
        body: body.into(),
        contacts: contacts.to_vec(),
        mood: None,
        initiative: None,
        signals: Signals::default(),
    }
}

/// Sören Weiß at Ankerwerk, Frau Müller, a Japanese contact; entries that do not all repeat names.
struct Journal {
    store: Store,
    soeren: i64,
    mueller: i64,
    watanabe: i64,
}

fn journal() -> Journal {
    let mut store = Store::open_in_memory().unwrap();
    let mut soeren = person("Sören Weiß", "Ankerwerk GmbH", "Einkaufsleiter");
    soeren.tags = vec!["Segeln".into(), "Jazz".into()];
    soeren.notes = Some("Tochter studiert in Delft".into());
    let soeren = store.add_contact(&soeren).unwrap();
    let mueller = store
        .add_contact(&person(
            "Jana Müller",
            "Kessler Maschinenbau",
            "Geschäftsführerin",
        ))
        .unwrap();
    let watanabe = store
        .add_contact(&person("渡辺 大輔", "東京精機", "部長"))
        .unwrap();
    let add = |store: &mut Store, who: &[i64], day: &str, kind: Kind, body: &str| {
        store.add_entry(&entry(who, day, kind, body), &[]).unwrap()
    };
    add(
        &mut store,
        &[soeren],
        "2026-03-01",
        Kind::Call,
        "Rahmenvertrag besprochen, die letzte Lieferung kam zu spät.",
    );
    add(
        &mut store,
        &[mueller],
        "2026-04-01",
        Kind::Meeting,
        "Vertrauensaufbau braucht Zeit. Messe in Hannover geplant.",
    );
    add(
        &mut store,
        &[soeren, mueller],
        "2026-05-01",
        Kind::Meeting,
        "Gemeinsames Abendessen, Lieferung pünktlich.",
    );
    add(
        &mut store,
        &[watanabe],
        "2026-06-01",
        Kind::Video,
        "Erstes Gespräch über KI in der Fertigung.",
    );
    let promise = NewPromise {
        owner: Owner::Me,
        text: "Rahmenvertrag bis Freitag prüfen".into(),
        due: None,
    };
    let angebot = entry(&[soeren], "2026-02-01", Kind::Email, "Angebot geschickt.");
    store.add_entry(&angebot, &[promise]).unwrap();
    Journal {
        store,
        soeren,
        mueller,
        watanabe,
    }
}

fn bodies(store: &Store, query: &str) -> Vec<String> {
    store
        .search(query, None, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.row.entry.body.chars().take(12).collect())
        .collect()
}

#[test]
fn german_spellings_compounds_and_names_find_what_the_user_means() {
    let j = journal();
    let cases: &[(&str, &[&str])] = &[
        // ß and ss, umlauts and their transliterations, both ways; names from the contacts.
        ("weiss", &["Gemeinsames ", "Rahmenvertra", "Angebot gesc"]),
        ("WEIß", &["Gemeinsames ", "Rahmenvertra", "Angebot gesc"]),
        ("Soeren", &["Gemeinsames ", "Rahmenvertra", "Angebot gesc"]),
        ("Mueller", &["Gemeinsames ", "Vertrauensau"]),
        ("muller", &["Gemeinsames ", "Vertrauensau"]),
        // Parts of compounds, of three characters or more.
        ("vertrag", &["Rahmenvertra"]),
        ("aufbau", &["Vertrauensau"]),
        ("punktlich", &["Gemeinsames "]),
        // Companies and roles of the people an entry is about.
        (
            "Ankerwerk",
            &["Gemeinsames ", "Rahmenvertra", "Angebot gesc"],
        ),
        ("geschaftsfuhrerin", &["Gemeinsames ", "Vertrauensau"]),
        // CJK names and two-character words.
        ("渡辺", &["Erstes Gespr"]),
        ("東京", &["Erstes Gespr"]),
        ("KI", &["Erstes Gespr"]),
        ("nichts", &[]),
    ];
    for (query, expected) in cases {
        assert_eq!(bodies(&j.store, query), *expected, "{query}");
    }
}

#[test]
fn query_forms_phrases_or_exclusion_prefix() {
    let j = journal();
    let cases: &[(&str, &[&str])] = &[
        ("\"letzte Lieferung\"", &["Rahmenvertra"]),
        ("\"Lieferung letzte\"", &[]),
        ("Lieferung", &["Gemeinsames ", "Rahmenvertra"]),
        ("Lieferung -pünktlich", &["Rahmenvertra"]),
        ("Messe OR Angebot", &["Vertrauensau", "Angebot gesc"]),
        ("vertrau*", &["Vertrauensau"]),
        ("Lieferung Weiss", &["Gemeinsames ", "Rahmenvertra"]),
        ("Lieferung Mueller", &["Gemeinsames "]),
        ("-Messe", &[]),
    ];
    for (query, expected) in cases {
        assert_eq!(bodies(&j.store, query), *expected, "{query}");
    }
}

#[test]
fn hostile_queries_are_text_never_syntax() {
    let j = journal();
    for query in [
        "\"",
        "\"\"\"",
        "NEAR(a b)",
        "NEAR",
        "^Lieferung",
        "*",
        "**",
        "body:Lieferung",
        "folded:x",
        "(",
        ")",
        "a)",
        "AND",
        "OR",
        "NOT",
        "- -",
        "'; DROP TABLE entries; --",
        "\u{0}",
        "{a b}",
        "a + b",
        "\"Lief",
        "Lief\"",
        "x*y",
        "rowid:1",
    ] {
        let found = j.store.search_all(query, &SearchFilter::default(), 20);
        assert!(found.is_ok(), "{query:?}: {found:?}");
    }
    assert_eq!(bodies(&j.store, "\"Lief"), ["Gemeinsames ", "Rahmenvertra"]);
    assert!(j.store.check_integrity().unwrap().is_empty());
}

#[test]
fn filters_narrow_by_contact_kind_and_dates() {
    let j = journal();
    let found = |filter: SearchFilter, query: &str| -> Vec<String> {
        j.store
            .search_entries(query, &filter, 20)
            .unwrap()
            .into_iter()
            .map(|h| h.row.entry.occurred_at.date_naive().to_string())
            .collect()
    };
    let all = SearchFilter::default();
    assert_eq!(found(all, "Lieferung"), ["2026-05-01", "2026-03-01"]);
    let mueller = SearchFilter {
        contact: Some(j.mueller),
        ..all
    };
    assert_eq!(found(mueller, "Lieferung"), ["2026-05-01"]);
    let calls = SearchFilter {
        kind: Some(Kind::Call),
        ..all
    };
    assert_eq!(found(calls, "Lieferung"), ["2026-03-01"]);
    let ts = |s: &str| at(&format!("{s}T00:00:00+01:00")).timestamp();
    let spring = SearchFilter {
        since_ts: Some(ts("2026-03-02")),
        until_ts: Some(ts("2026-05-02")),
        ..all
    };
    assert_eq!(found(spring, "Lieferung"), ["2026-05-01"]);
    assert_eq!(found(spring, "weiss"), ["2026-05-01"]);
    let watanabe = SearchFilter {
        contact: Some(j.watanabe),
        ..all
    };
    assert_eq!(found(watanabe, "KI"), ["2026-06-01"]);
    assert!(found(watanabe, "Lieferung").is_empty());
}

#[test]
fn contacts_and_promises_come_as_their_own_groups() {
    let j = journal();
    let all = SearchFilter::default();
    let names = |query: &str| -> Vec<String> {
        j.store
            .search_all(query, &all, 20)
            .unwrap()
            .contacts
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    // Name, company, role, notes, interests; email too (below).
    assert_eq!(names("weiss"), ["Sören Weiß"]);
    assert_eq!(names("ankerwerk"), ["Sören Weiß"]);
    assert_eq!(names("einkauf"), ["Sören Weiß"]);
    assert_eq!(names("delft"), ["Sören Weiß"]);
    assert_eq!(names("segeln"), ["Sören Weiß"]);
    assert_eq!(names("渡辺"), ["渡辺 大輔"]);
    assert!(names("Lieferung").is_empty());
    let results = j.store.search_all("Sören", &all, 20).unwrap();
    assert_eq!(results.contacts[0].id, j.soeren);
    assert!(results.contacts[0].snippet.contains('\u{E000}'));
    assert_eq!(results.entries.len(), 3);
    let promises = j.store.search_all("vertrag", &all, 20).unwrap().promises;
    assert_eq!(promises.len(), 1);
    assert_eq!(promises[0].promise.text, "Rahmenvertrag bis Freitag prüfen");
    assert_eq!(promises[0].promise.contact, j.soeren);
    // A kind or date filter is about entries: contacts and promises are left out.
    let calls = SearchFilter {
        kind: Some(Kind::Call),
        ..all
    };
    let narrowed = j.store.search_all("vertrag", &calls, 20).unwrap();
    assert!(narrowed.contacts.is_empty() && narrowed.promises.is_empty());
    assert_eq!(narrowed.entries.len(), 1);
}

#[test]
fn a_renamed_contact_is_found_in_their_entries_under_the_new_name_only() {
    let mut j = journal();
    let (mut c, _) = j.store.contact(j.mueller).unwrap();
    c.name = "Jana Schäfer".into();
    c.company = Some("Lorenz Logistik".into());
    j.store.update_contact(&c).unwrap();
    assert!(bodies(&j.store, "Mueller").is_empty());
    assert_eq!(
        bodies(&j.store, "Schaefer"),
        ["Gemeinsames ", "Vertrauensau"]
    );
    assert_eq!(
        bodies(&j.store, "logistik"),
        ["Gemeinsames ", "Vertrauensau"]
    );
    // Taking a contact off an entry takes their name out of its text.
    let mut e = j.store.search("Vertrauensaufbau", None, 1).unwrap()[0]
        .row
        .entry
        .clone();
    e.contacts = vec![j.soeren];
    j.store.update_entry(&e).unwrap();
    assert_eq!(bodies(&j.store, "Schaefer"), ["Gemeinsames "]);
    assert!(j.store.check_integrity().unwrap().is_empty());
}

#[test]
fn rank_orders_by_relevance_and_newest_first_otherwise() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store.add_contact(&person("Anna", "", "")).unwrap();
    let mut add = |day: &str, body: &str| {
        store
            .add_entry(&entry(&[anna], day, Kind::Note, body), &[])
            .unwrap();
    };
    add(
        "2026-01-01",
        "Wartungsvertrag Wartungsvertrag: der Wartungsvertrag läuft aus.",
    );
    add(
        "2026-02-01",
        "Ein langer Text über vieles andere, Reisen, Essen, Wetter, und am Rande ein Vertrag.",
    );
    add("2026-03-01", "Vertrag");
    for _ in 0..5 {
        add("2025-01-01", "nichts davon");
    }
    let order = |rank: bool| -> Vec<String> {
        let filter = SearchFilter {
            rank,
            ..SearchFilter::default()
        };
        store
            .search_entries("vertrag", &filter, 10)
            .unwrap()
            .into_iter()
            .map(|h| h.row.entry.occurred_at.date_naive().to_string())
            .collect()
    };
    assert_eq!(order(false), ["2026-03-01", "2026-02-01", "2026-01-01"]);
    assert_eq!(order(true), ["2026-01-01", "2026-03-01", "2026-02-01"]);
}

#[test]
fn a_journal_of_schema_7_gets_its_search_index_in_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../assets/migrations/0001_init.sql"),
            include_str!("../assets/migrations/0002_search_order.sql"),
            include_str!("../assets/migrations/0003_review.sql"),
            include_str!("../assets/migrations/0004_overdue_promises.sql"),
            include_str!("../assets/migrations/0005_entry_total.sql"),
            include_str!("../assets/migrations/0006_fact_indexes.sql"),
            include_str!("../assets/migrations/0007_contact_card.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO contacts (id, name, name_fold, company, created_at)
                  VALUES (1, 'Sören Weiß', 'soren weiß', 'Ankerwerk', '2026-01-01T09:00:00+01:00');
             INSERT INTO entries (id, occurred_at, occurred_ts, kind, title, body)
                  VALUES (7, '2026-11-01T10:00:00+01:00', 1793523600, 'call', 'Anruf', 'Rahmenvertrag');
             INSERT INTO entry_contacts (entry_id, contact_id, position, occurred_ts, is_touch, day)
                  VALUES (7, 1, 0, 1793523600, 1, '2026-11-01');
             PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    for query in ["weiss", "vertrag", "anruf", "ankerwerk"] {
        assert_eq!(store.search(query, None, 5).unwrap().len(), 1, "{query}");
    }
    assert_eq!(store.check_integrity().unwrap(), Vec::<String>::new());
}

#[test]
fn contact_and_promise_indexes_follow_edits_renames_and_deletes() {
    let mut j = journal();
    let all = SearchFilter::default();
    let group_sizes = |store: &Store, query: &str| {
        let r = store.search_all(query, &all, 20).unwrap();
        (r.contacts.len(), r.promises.len())
    };
    assert_eq!(group_sizes(&j.store, "Soeren"), (1, 1));
    let (mut c, _) = j.store.contact(j.soeren).unwrap();
    c.name = "Sven Weiß".into();
    c.tags = vec!["Golf".into()];
    c.email = Some("sven@ankerwerk.example".into());
    j.store.update_contact(&c).unwrap();
    assert_eq!(group_sizes(&j.store, "Soeren"), (0, 0));
    assert_eq!(group_sizes(&j.store, "Sven"), (1, 1));
    assert_eq!(group_sizes(&j.store, "segeln"), (0, 0));
    assert_eq!(group_sizes(&j.store, "golf"), (1, 0));
    assert_eq!(group_sizes(&j.store, "sven@anker"), (1, 0));
    let promise = j.store.search_all("Freitag", &all, 5).unwrap().promises[0]
        .promise
        .id;
    j.store
        .update_promise(promise, "Preisliste schicken", None)
        .unwrap();
    assert_eq!(group_sizes(&j.store, "Freitag"), (0, 0));
    assert_eq!(group_sizes(&j.store, "preisliste"), (0, 1));
    j.store.delete_promise(promise).unwrap();
    assert_eq!(group_sizes(&j.store, "preisliste"), (0, 0));
    assert!(j.store.check_integrity().unwrap().is_empty());
}

#[test]
fn promises_in_results_come_open_by_due_date_then_closed_newest_first() {
    let mut j = journal();
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let promise = |text: &str, due: Option<&str>| NewPromise {
        owner: Owner::Me,
        text: text.into(),
        due: due.map(day),
    };
    let made = entry(&[j.soeren], "2026-01-10", Kind::Call, "Lieferplan.");
    j.store
        .add_entry(
            &made,
            &[
                promise("Lieferplan alt, früh fällig", Some("2025-03-01")),
                promise("Lieferplan neu, spät fällig", Some("2025-09-01")),
                promise("Lieferplan offen, bald", Some("2026-12-01")),
                promise("Lieferplan offen, später", Some("2027-02-01")),
                promise("Lieferplan offen, ohne Datum", None),
            ],
        )
        .unwrap();
    let all = SearchFilter::default();
    let ids = |store: &Store| -> Vec<(i64, String)> {
        store
            .search_all("lieferplan", &all, 20)
            .unwrap()
            .promises
            .into_iter()
            .map(|p| (p.promise.id, p.promise.text))
            .collect()
    };
    let by_text = |text: &str| ids(&j.store).into_iter().find(|p| p.1 == text).unwrap().0;
    let (old, new) = (
        by_text("Lieferplan alt, früh fällig"),
        by_text("Lieferplan neu, spät fällig"),
    );
    j.store
        .set_promise_status(
            old,
            rapport::domain::model::PromiseStatus::Kept,
            &at("2025-03-02T09:00:00+01:00"),
        )
        .unwrap();
    j.store
        .set_promise_status(
            new,
            rapport::domain::model::PromiseStatus::Kept,
            &at("2025-09-02T09:00:00+01:00"),
        )
        .unwrap();
    let order: Vec<String> = ids(&j.store).into_iter().map(|p| p.1).collect();
    assert_eq!(
        order,
        [
            "Lieferplan offen, bald",
            "Lieferplan offen, später",
            "Lieferplan offen, ohne Datum",
            "Lieferplan neu, spät fällig",
            "Lieferplan alt, früh fällig",
        ]
    );
}

/// A word thousands of promises contain: the closed ones are read newest first through their index
/// and the reading stops at the limit; the result is the same as ordering every match.
#[test]
fn a_word_in_thousands_of_promises_gives_the_same_order_as_ordering_every_match() {
    let mut j = journal();
    let day = |n: u32| {
        chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(n % 700))
    };
    let made = entry(
        &[j.soeren, j.mueller][..1],
        "2026-01-10",
        Kind::Call,
        "Viele Verträge.",
    );
    let promises: Vec<NewPromise> = (0..2_300u32)
        .map(|n| NewPromise {
            owner: if n % 2 == 0 { Owner::Me } else { Owner::Them },
            text: if n % 10 == 0 {
                format!("Angebot {n}")
            } else {
                format!("Liefervertrag {n} prüfen")
            },
            due: (n % 7 != 0).then(|| day(n * 37)),
        })
        .collect();
    j.store.add_entry(&made, &promises).unwrap();
    let all = j.store.promises(None, false).unwrap();
    // Close most of them in an order unrelated to their ids or due dates.
    for (i, p) in all.iter().enumerate().filter(|(i, _)| i % 5 != 0) {
        let minute = (i * 7_919) % 100_000;
        let at = at("2025-01-01T00:00:00+00:00") + chrono::Duration::minutes(minute as i64);
        let status = if i % 3 == 0 {
            rapport::domain::model::PromiseStatus::Broken
        } else {
            rapport::domain::model::PromiseStatus::Kept
        };
        j.store
            .set_promise_status(p.promise.id, status, &at)
            .unwrap();
    }
    let ordered: Vec<i64> = j
        .store
        .promises(None, false)
        .unwrap()
        .into_iter()
        .filter(|p| p.promise.text.contains("vertrag"))
        .map(|p| p.promise.id)
        .collect();
    assert!(ordered.len() > 2_000, "{}", ordered.len());
    for limit in [1, 20, 300, 5_000] {
        let found: Vec<i64> = j
            .store
            .search_all("vertrag", &SearchFilter::default(), limit)
            .unwrap()
            .promises
            .into_iter()
            .map(|p| p.promise.id)
            .collect();
        assert_eq!(found, ordered[..limit.min(ordered.len())], "limit {limit}");
    }
}
