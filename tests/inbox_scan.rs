//! `rapport inbox scan` and the pipe target on a real Maildir (isync names, `~` in the config): one
//! touch per contact, day and thread; newsletters and broken files left out; a rescan proposes
//! nothing twice; accepting moves the contact's last touch.

mod common;

use common::Sandbox;
use serde_json::Value;
use std::fs;

fn mail(from: &str, to: &str, extra: &str, date: &str, subject: &str, id: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\n{extra}Date: {date}\r\nSubject: {subject}\r\n\
         Message-ID: <{id}>\r\n\r\nHallo,\r\nsiehe unten.\r\n"
    )
}

fn journal() -> Sandbox {
    let s = Sandbox::new();
    let config = s.home.path().join(".config/rapport");
    fs::create_dir_all(&config).unwrap();
    fs::write(
        config.join("config.toml"),
        "[inbox]\nme = [\"anna@example.org\"]\nmaildirs = [\"~/Mail/work/INBOX\"]\n\
         ignore = [\"noreply@*\"]\n",
    )
    .unwrap();
    s.ok(&[
        "contact",
        "add",
        "Björn Müller",
        "--email",
        "bjoern@firma.de",
    ]);
    s.ok(&["contact", "add", "Carla Kunde", "--email", "carla@kunde.de"]);
    let inbox = s.home.path().join("Mail/work/INBOX");
    for sub in ["cur", "new", "tmp"] {
        fs::create_dir_all(inbox.join(sub)).unwrap();
    }
    let day = "Fri, 20 Nov 2026";
    let files = [
        (
            "cur/1763630000.1_1.host,U=1:2,S",
            mail(
                "Anna <anna@example.org>",
                "=?UTF-8?B?QmrDtnJuIE3DvGxsZXI=?= <Bjoern@Firma.de>",
                "",
                &format!("{day} 09:00:00 +0100"),
                "Angebot",
                "t1@example.org",
            ),
        ),
        (
            "cur/1763630001.2_2.host,U=2:2,S",
            mail(
                "bjoern@firma.de",
                "anna@example.org",
                "In-Reply-To: <t1@example.org>\r\nReferences: <t1@example.org>\r\n",
                &format!("{day} 10:00:00 +0100"),
                "Re: Angebot",
                "t2@firma.de",
            ),
        ),
        (
            "new/1763630002.3_3.host,U=3",
            mail(
                "Carla <carla@kunde.de>",
                "anna@example.org",
                "",
                "Sat, 21 Nov 2026 14:00:00 +0100",
                "Frage zur Lieferung",
                "c1@kunde.de",
            ),
        ),
        (
            "new/1763630003.4_4.host,U=4",
            mail(
                "noreply@shop.example",
                "anna@example.org",
                "Cc: carla@kunde.de\r\n",
                "Sat, 21 Nov 2026 15:00:00 +0100",
                "Newsletter",
                "n1@shop.example",
            ),
        ),
    ];
    for (name, text) in files {
        fs::write(inbox.join(name), text).unwrap();
    }
    fs::write(
        inbox.join("new/1763630004.5_5.host,U=5"),
        [0u8, 159, 146, 150, 0, 1],
    )
    .unwrap();
    s
}

/// The error line of a command that must fail.
fn fails(s: &Sandbox, args: &[&str]) -> String {
    let (code, _, err) = s.run(args);
    assert_ne!(code, 0, "rapport {args:?} succeeded");
    err
}

fn proposals(s: &Sandbox) -> Vec<Value> {
    serde_json::from_str::<Value>(&s.ok(&["inbox", "--json"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_maildir_scan_proposes_each_touch_once_and_accepting_moves_the_last_touch() {
    let s = journal();
    let scanned = s.ok(&["inbox", "scan"]);
    assert!(scanned.contains("2 new proposals"), "{scanned}");
    let list = proposals(&s);
    assert_eq!(list.len(), 2, "{list:?}");
    let bjoern = list
        .iter()
        .find(|p| p["contacts"][0]["name"] == "Björn Müller")
        .unwrap();
    assert_eq!(bjoern["kind"], "email");
    assert_eq!(bjoern["initiative"], "me");
    assert_eq!(bjoern["title"], "Angebot");
    assert_eq!(bjoern["source"], "maildir");
    let carla = list
        .iter()
        .find(|p| p["contacts"][0]["name"] == "Carla Kunde")
        .unwrap();
    assert_eq!(carla["initiative"], "them");
    // A rescan reads nothing twice.
    let again = s.ok(&["inbox", "scan"]);
    assert!(
        again.contains("no new proposals") || again.contains("0 new"),
        "{again}"
    );
    assert_eq!(proposals(&s).len(), 2);
    let id = bjoern["id"].to_string();
    s.ok(&["inbox", "accept", &id]);
    let entries: Value =
        serde_json::from_str(&s.ok(&["entries", "--contact", "Björn", "--json"])).unwrap();
    assert_eq!(entries[0]["kind"], "email");
    assert!(
        entries[0]["occurred_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-20T09:00")
    );
    assert_eq!(proposals(&s).len(), 1);
}

#[test]
fn a_piped_message_is_proposed_once() {
    let s = journal();
    let message = mail(
        "Carla <carla@kunde.de>",
        "anna@example.org",
        "",
        "Wed, 25 Nov 2026 08:30:00 +0100",
        "Termin",
        "c9@kunde.de",
    );
    let first = s.ok_with_stdin(&["inbox", "add", "--eml", "-"], &message);
    assert!(first.contains("one new proposal"), "{first}");
    s.ok_with_stdin(&["inbox", "add", "--eml", "-"], &message);
    let list = proposals(&s);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["source"], "piped");
    assert_eq!(list[0]["title"], "Termin");
}

/// A mail's time is the user's: written at 20:30 in New York on the 25th, it reached a user an hour
/// east of UTC at 02:30 on the 26th, and that is the day and time of the touch.
#[test]
fn a_mail_from_another_zone_is_a_touch_at_the_time_here() {
    let s = journal();
    let message = mail(
        "Carla <carla@kunde.de>",
        "anna@example.org",
        "",
        "Wed, 25 Nov 2026 20:30:00 -0500",
        "Late question",
        "c10@kunde.de",
    );
    s.ok_with_stdin(&["inbox", "add", "--eml", "-"], &message);
    let list = proposals(&s);
    assert_eq!(
        list[0]["occurred_at"], "2026-11-26T02:30:00+01:00",
        "{list:?}"
    );
}

/// The Inbox screen in a pseudo-terminal: the header counts what waits, `i` opens it, `Enter` and
/// `y` accept, `x` ignores.
#[test]
fn the_inbox_screen_confirms_two_proposals_and_ignores_one() {
    let s = journal();
    s.ok(&["inbox", "scan"]);
    let piped = mail(
        "Carla <carla@kunde.de>",
        "anna@example.org",
        "",
        "Wed, 25 Nov 2026 08:30:00 +0100",
        "Termin",
        "c9@kunde.de",
    );
    s.ok_with_stdin(&["inbox", "add", "--eml", "-"], &piped);
    let mut app = common::pty::App::start(s.home.path(), &[], 100, 30);
    app.wait_for("✉ 3 to confirm");
    app.send(b"i");
    app.wait_for("Inbox · 3 to confirm");
    app.wait_for("Björn Müller");
    app.send(b"\r");
    app.wait_for("accepted one proposal");
    app.wait_for("Inbox · 2 to confirm");
    app.send(b"y");
    app.wait_for("Inbox · 1 to confirm");
    app.send(b"x");
    app.wait_for("ignored one proposal");
    app.wait_for("Nothing to confirm");
    app.send(b"\x1b");
    app.wait_gone("to confirm");
    app.send(b"q");
    assert_eq!(app.wait_exit(), 0);
    assert_eq!(proposals(&s).len(), 0);
    let entries: Value = serde_json::from_str(&s.ok(&["entries", "--json"])).unwrap();
    let titles: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"Angebot") && titles.contains(&"Frage zur Lieferung"),
        "{titles:?}"
    );
    assert!(!titles.contains(&"Termin"), "{titles:?}");
}

/// Writes one mail into the sandbox's Maildir.
fn deliver(s: &Sandbox, name: &str, text: &str) {
    let path = s.home.path().join("Mail/work/INBOX/new").join(name);
    fs::write(path, text).unwrap();
}

/// Three threads with Dora, who is no contact, over two scans: she is proposed as a new person;
/// adding her creates the contact and proposes the touches with her, one per day and thread.
#[test]
fn a_frequent_correspondent_is_proposed_and_added_with_her_touches() {
    let s = journal();
    let dora = "=?UTF-8?Q?Dora_D=C3=BCrr?= <Dora@Neu.example>";
    deliver(
        &s,
        "1763700000.10_10.host,U=10",
        &mail(
            "anna@example.org",
            dora,
            "",
            "Mon, 16 Nov 2026 09:00:00 +0100",
            "Muster",
            "d1@example.org",
        ),
    );
    deliver(
        &s,
        "1763700001.11_11.host,U=11",
        &mail(
            dora,
            "anna@example.org",
            "In-Reply-To: <d1@example.org>\r\nReferences: <d1@example.org>\r\n",
            "Mon, 16 Nov 2026 11:00:00 +0100",
            "Re: Muster",
            "d2@neu.example",
        ),
    );
    deliver(
        &s,
        "1763700002.12_12.host,U=12",
        &mail(
            "anna@example.org",
            dora,
            "",
            "Tue, 17 Nov 2026 09:00:00 +0100",
            "Preise",
            "d3@example.org",
        ),
    );
    s.ok(&["inbox", "scan"]);
    assert!(
        !s.ok(&["inbox"]).contains("New people"),
        "two threads are not yet frequent"
    );
    deliver(
        &s,
        "1763700003.13_13.host,U=13",
        &mail(
            "anna@example.org",
            dora,
            "",
            "Wed, 18 Nov 2026 09:00:00 +0100",
            "Lieferung",
            "d4@example.org",
        ),
    );
    let scanned = s.ok(&["inbox", "scan"]);
    assert!(
        scanned.contains("Dora Dürr <dora@neu.example> (3 threads)"),
        "{scanned}"
    );
    let listed = s.ok(&["inbox"]);
    assert!(
        listed.contains("New people") && listed.contains("dora@neu.example"),
        "{listed}"
    );
    let people: Value = serde_json::from_str(&s.ok(&["inbox", "people", "--json"])).unwrap();
    assert_eq!(people[0]["email"], "dora@neu.example");
    assert_eq!(people[0]["name"], "Dora Dürr");
    assert_eq!(people[0]["threads"], 3);
    let before = proposals(&s).len();
    let added = s.ok(&["inbox", "add-person", "Dora@Neu.example"]);
    assert!(added.contains("3 touches"), "{added}");
    let touches: Vec<Value> = proposals(&s)
        .into_iter()
        .filter(|p| p["contacts"][0]["name"] == "Dora Dürr")
        .collect();
    let titles: Vec<&str> = touches.iter().filter_map(|p| p["title"].as_str()).collect();
    assert_eq!(titles, ["Muster", "Preise", "Lieferung"], "{touches:?}");
    assert_eq!(touches[0]["initiative"], "me");
    assert_eq!(proposals(&s).len(), before + 3);
    let contact: Value =
        serde_json::from_str(&s.ok(&["contact", "show", "Dora", "--json"])).unwrap();
    assert_eq!(contact["contact"]["email"], "dora@neu.example", "{contact}");
    assert!(!s.ok(&["inbox"]).contains("New people"));
    assert!(fails(&s, &["inbox", "add-person", "dora@neu.example"]).contains("dora@neu.example"));
}

/// Ignoring a frequent correspondent's address drops them from the new people.
#[test]
fn ignoring_a_new_person_drops_them() {
    let s = journal();
    for (n, subject) in ["Eins", "Zwei", "Drei"].iter().enumerate() {
        deliver(
            &s,
            &format!("176370001{n}.2{n}_2{n}.host,U=2{n}"),
            &mail(
                "anna@example.org",
                "eve@neu.example",
                "",
                &format!("Mon, 1{n} Nov 2026 09:00:00 +0100"),
                subject,
                &format!("e{n}@example.org"),
            ),
        );
    }
    s.ok(&["inbox", "scan"]);
    assert!(s.ok(&["inbox", "people"]).contains("eve@neu.example"));
    s.ok(&["inbox", "ignore-sender", "eve@neu.example"]);
    assert!(!s.ok(&["inbox", "people"]).contains("eve@neu.example"));
    assert!(fails(&s, &["inbox", "add-person", "eve@neu.example"]).contains("eve@neu.example"));
}

/// `e` on the Inbox screen: the entry form filled from the proposal; a changed title is saved as
/// the entry and the proposal is gone.
#[test]
fn the_inbox_screen_edits_a_proposal_into_an_entry() {
    let s = journal();
    s.ok(&["inbox", "scan"]);
    let mut app = common::pty::App::start(s.home.path(), &[], 100, 30);
    app.wait_for("✉ 2 to confirm");
    app.send(b"i");
    app.wait_for("Björn Müller");
    app.send(b"e");
    app.wait_for("Angebot");
    // The title is focused: add to it, then save.
    app.send(b" mit Rabatt");
    app.wait_for("Angebot mit Rabatt");
    app.send(b"\x13");
    app.wait_for("Inbox · 1 to confirm");
    app.send(b"\x1b");
    app.wait_gone("Inbox ·");
    app.send(b"q");
    assert_eq!(app.wait_exit(), 0);
    assert_eq!(proposals(&s).len(), 1);
    let journal = s.ok(&["entries", "--contact", "Björn", "--json"]);
    let entries: Value = serde_json::from_str(&journal).unwrap();
    assert_eq!(entries[0]["title"], "Angebot mit Rabatt", "{journal}");
    assert_eq!(entries[0]["kind"], "email");
    assert!(
        entries[0]["occurred_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-20T09:00"),
        "{journal}"
    );
}
