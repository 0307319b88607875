//! `rapport inbox …` and `rapport contact query` as a user runs them: the real binary in a temporary
//! HOME, with proposals saved through the store as a scan would save them.

mod common;

use chrono::DateTime;
use common::Sandbox;
use rapport::domain::model::{Initiative, Kind};
use rapport::inbox::{Proposal, Source};
use rapport::store::Store;
use serde_json::{Value, json};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn proposal(
    key: &str,
    contacts: &[i64],
    when: &str,
    kind: Kind,
    initiative: Initiative,
) -> Proposal {
    Proposal {
        key: key.into(),
        contacts: contacts.to_vec(),
        kind,
        occurred_at: DateTime::parse_from_rfc3339(when).unwrap(),
        title: Some(format!("Re: Angebot {key}")),
        initiative,
        source: if kind == Kind::Meeting {
            Source::Calendar
        } else {
            Source::Maildir
        },
        origins: vec![key.into()],
    }
}

/// Anna (1), Ben (2) with a newsletter address on his card, and three proposals: Anna's mail, Anna and
/// Ben's meeting, Ben's mail.
fn sandbox_with_proposals() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Anna Schmidt",
        "--email",
        "anna@example.org",
        "--cadence",
        "2w",
    ]);
    let card = s.path("ben.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ben Weber\r\nORG:Weber Holzbau\r\nEMAIL:ben@weber.example\r\n\
         EMAIL;TYPE=home:Ben@Newsletter.example\r\nEND:VCARD\r\n",
    )
    .unwrap();
    s.ok(&["import", "--format", "vcard", card.to_str().unwrap()]);
    let mut store = Store::open(&s.default_db()).unwrap();
    let found = [
        proposal(
            "a",
            &[1],
            "2026-11-20T09:15:00+01:00",
            Kind::Email,
            Initiative::Them,
        ),
        proposal(
            "b",
            &[1, 2],
            "2026-11-21T14:00:00+01:00",
            Kind::Meeting,
            Initiative::Me,
        ),
        proposal(
            "c",
            &[2],
            "2026-11-22T08:00:00+01:00",
            Kind::Email,
            Initiative::Them,
        ),
    ];
    assert_eq!(store.save_inbox(&found, &[]).unwrap().new, 3);
    s
}

#[test]
fn inbox_json_lists_the_open_proposals() {
    let s = sandbox_with_proposals();
    let listed = json(&s.ok(&["inbox", "--json"]));
    assert_eq!(
        listed,
        json!([
            {"id": 1, "contacts": [{"id": 1, "name": "Anna Schmidt"}], "kind": "email",
             "occurred_at": "2026-11-20T09:15:00+01:00", "title": "Re: Angebot a",
             "initiative": "them", "source": "maildir"},
            {"id": 2, "contacts": [{"id": 1, "name": "Anna Schmidt"}, {"id": 2, "name": "Ben Weber"}],
             "kind": "meeting", "occurred_at": "2026-11-21T14:00:00+01:00", "title": "Re: Angebot b",
             "initiative": "me", "source": "calendar"},
            {"id": 3, "contacts": [{"id": 2, "name": "Ben Weber"}], "kind": "email",
             "occurred_at": "2026-11-22T08:00:00+01:00", "title": "Re: Angebot c",
             "initiative": "them", "source": "maildir"},
        ])
    );
    let table = s.ok(&["inbox"]);
    assert!(table.contains("#2  2026-11-21 14:00"), "{table}");
    assert!(table.contains("Anna Schmidt, Ben Weber"), "{table}");
}

#[test]
fn accepting_writes_entries_that_reset_the_cadence_clock() {
    let s = sandbox_with_proposals();
    s.ok(&[
        "log",
        "Anna",
        "--at",
        "40 days ago",
        "--kind",
        "call",
        "Kick-off",
    ]);
    let due = json(&s.ok(&["due", "--json"]));
    assert!(due.to_string().contains("Anna Schmidt"), "{due}");
    let out = s.ok(&["inbox", "accept", "#2"]);
    assert!(out.contains("accepted one proposal"), "{out}");
    let entries = json(&s.ok(&["entries", "--json"]));
    assert_eq!(entries.as_array().unwrap().len(), 2);
    assert_eq!(entries[0]["kind"], "meeting");
    assert_eq!(entries[0]["initiative"], "me");
    assert_eq!(entries[0]["occurred_at"], "2026-11-21T14:00:00+01:00");
    // Anna was touched six days ago with a cadence of two weeks: no longer due.
    let due = json(&s.ok(&["due", "--json"]));
    assert!(!due.to_string().contains("Anna Schmidt"), "{due}");
    // Settled or unknown proposals are refused in one line, and nothing is written.
    let (code, _, err) = s.run(&["inbox", "accept", "3", "2"]);
    assert_ne!(code, 0);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("#2"), "{err}");
    assert_eq!(
        json(&s.ok(&["entries", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let out = s.ok(&["inbox", "accept", "--all"]);
    assert!(out.contains("accepted 2 proposals"), "{out}");
    assert_eq!(json(&s.ok(&["inbox", "--json"])), json!([]));
    let (code, _, _) = s.run(&["inbox", "accept"]);
    assert_eq!(code, 2);
}

#[test]
fn ignoring_proposals_removes_them_for_good() {
    let s = sandbox_with_proposals();
    let out = s.ok(&["inbox", "ignore", "1", "3"]);
    assert!(out.contains("ignored 2 proposals"), "{out}");
    let listed = json(&s.ok(&["inbox", "--json"]));
    let ids: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(ids, [&json!(2)]);
    let (code, _, err) = s.run(&["inbox", "ignore", "x"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn ignoring_a_sender_hides_their_proposals() {
    let s = sandbox_with_proposals();
    let out = s.ok(&["inbox", "ignore-sender", "*@newsletter.*"]);
    assert!(out.contains("*@newsletter.*"), "{out}");
    assert!(out.contains("2 open proposals"), "{out}");
    let listed = json(&s.ok(&["inbox", "--json"]));
    let left: Vec<(Value, Value)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].clone(), p["contacts"].clone()))
        .collect();
    let anna = json!([{"id": 1, "name": "Anna Schmidt"}]);
    assert_eq!(left, [(json!(1), anna.clone()), (json!(2), anna)]);
}

#[test]
fn contact_query_prints_every_email_for_mail_clients() {
    let s = sandbox_with_proposals();
    s.ok(&[
        "contact",
        "add",
        "Jürgen Müller",
        "--email",
        "j.mueller@ankerwerk.de",
        "--company",
        "Ankerwerk",
    ]);
    s.ok(&["contact", "add", "Nobody Withoutmail"]);
    assert_eq!(
        s.ok(&["contact", "query", "weber"]),
        "rapport: 2 addresses\nben@weber.example\tBen Weber\tWeber Holzbau\nben@newsletter.example\tBen Weber\tWeber Holzbau\n"
    );
    // Names without case and accents, and any email (the card's too).
    assert_eq!(
        s.ok(&["contact", "query", "jurgen"]),
        "rapport: one address\nj.mueller@ankerwerk.de\tJürgen Müller\tAnkerwerk\n"
    );
    assert_eq!(s.ok(&["contact", "query", "NEWSLETTER"]).lines().count(), 3);
    assert_eq!(s.ok(&["contact", "query", "zzz"]), "rapport: 0 addresses\n");
}

/// `contact query` at 2,000 contacts of the generated data set: every contact with an email is found
/// by its address; the time of the debug build is printed (the 20 ms budget is the release build's).
#[test]
fn contact_query_on_the_generated_data_set() {
    let s = Sandbox::new();
    let Some(out) = common::generated_dataset(2000, 200, &s.path("dataset")) else {
        return;
    };
    s.ok(&["import", out.join("rapport.json").to_str().expect("path")]);
    let started = std::time::Instant::now();
    let all = s.ok(&["contact", "query", "@"]);
    println!(
        "contact query @ on 2,000 contacts (debug build): {:?}",
        started.elapsed()
    );
    let started = std::time::Instant::now();
    let some = s.ok(&["contact", "query", "schmidt"]);
    println!(
        "contact query schmidt on 2,000 contacts (debug build): {:?}",
        started.elapsed()
    );
    let lines = all.lines().count() - 1;
    assert!(lines >= 1000, "{lines} addresses");
    assert!(some.lines().count() < lines);
    for line in all.lines().skip(1) {
        assert_eq!(line.split('\t').count(), 3, "{line}");
    }
}
