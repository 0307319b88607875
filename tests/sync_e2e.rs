//! `rapport sync` end to end against real servers (issue 15): the phone (an independent client) adds a
//! card with a photo, ticks a task and writes a note; two devices sync through one server; random
//! operations on both converge; and the faults: a 412 race, a stopped server, SIGKILL, a wrong
//! password. Counts: `RAPPORT_SYNC_KILLS` (kills, default 5), `RAPPORT_SYNC_CASES` (property cases).

mod common;
#[path = "sync_e2e/device.rs"]
mod device;
#[path = "sync_e2e/random.rs"]
mod random;

use common::dav::{DavServer, Flavour, PASSWORD, USER, dav_python};
use common::{Dice, count};
use device::{Device, Phone, sync_until_quiet, with_lena};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The lines of a card the phone wrote that rapport has no field for and must write back as read.
fn phone_only_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| {
            ["PHOTO", "ADR", "X-PHONE-APP-RINGTONE"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .cloned()
        .collect()
}

/// Asserts a failed command said why in exactly one line and exited 1.
fn assert_one_line_failure((code, _, err): &(i32, String, String), what: &str) {
    assert_eq!(*code, 1, "{what}: exit code, stderr {err}");
    assert_eq!(
        err.trim().lines().count(),
        1,
        "{what}: one line, got {err:?}"
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn the_phones_card_task_and_note_arrive_and_its_photo_and_address_survive_an_edit() {
    for server in DavServer::each() {
        let a = Device::new(&server, true);
        a.ok(&[
            "contact",
            "add",
            "Anna Weber",
            "--email",
            "anna@example.org",
        ]);
        a.ok(&[
            "log",
            "Anna Weber",
            "--title",
            "Kickoff",
            "--promise",
            "Angebot schicken",
            "--due",
            "2026-12-01",
            "Erstes Treffen.",
        ]);
        let first = a.sync();
        assert!(
            first.pushed >= 3,
            "{:?}: contact, promise, entry: {first:?}",
            server.flavour
        );
        let phone = Phone { server: &server };
        let (book, tasks) = (phone.find("rapport"), phone.find("rapport-promises"));
        let journal = phone.find("rapport-journal");
        let (_, promise_uid, _) = phone
            .records(&tasks)
            .into_iter()
            .find(|(_, _, summary)| summary == "Angebot schicken")
            .expect("rapport pushed the promise as a VTODO");
        let card = phone.run(&[
            "contact-with-photo",
            &book,
            "phone-card-1",
            "Paula Phone",
            "paula@example.org",
        ]);
        assert!(phone.run(&["tick", &tasks, &promise_uid]).starts_with('2'));
        phone.run(&[
            "journal",
            &journal,
            "phone-note-1",
            "Mittagessen",
            "Anna Weber",
            "anna@example.org",
            "Sie erwartet das Angebot bis Freitag.",
        ]);
        let kept = phone_only_lines(&phone.lines(&card));
        assert_eq!(kept.len(), 3, "the server kept the phone's lines: {kept:?}");

        let second = a.sync();
        assert!(
            second.pulled >= 3,
            "{:?}: card, task, note: {second:?}",
            server.flavour
        );
        let paula = a.show("Paula Phone");
        assert_eq!(paula["contact"]["email"], "paula@example.org");
        assert_eq!(paula["photo"], true, "{paula}");
        assert_eq!(
            paula["addresses"].as_array().map(Vec::len),
            Some(1),
            "{paula}"
        );
        let promises = a.listing(&["promise", "list", "--json"]);
        let ticked = promises
            .iter()
            .find(|p| p["text"] == "Angebot schicken")
            .expect("promise");
        assert_eq!(
            ticked["status"], "kept",
            "ticking on the phone keeps it: {ticked}"
        );
        let entries = a.listing(&["entries", "--json"]);
        let note = entries
            .iter()
            .find(|e| e["body"] == "Sie erwartet das Angebot bis Freitag.")
            .unwrap_or_else(|| panic!("the phone's note is an entry: {entries:?}"));
        assert_eq!(note["contact_names"], serde_json::json!(["Anna Weber"]));

        a.ok(&[
            "contact",
            "edit",
            "Paula Phone",
            "--note",
            "Trinkt keinen Kaffee",
        ]);
        assert!(a.sync().pushed >= 1);
        let after = phone.lines(&card);
        assert_eq!(
            phone_only_lines(&after),
            kept,
            "{:?}: photo, address byte for byte",
            server.flavour
        );
        assert!(
            after.iter().any(|l| l == "NOTE:Trinkt keinen Kaffee"),
            "{after:?}"
        );
    }
}

/// The value of `field` of the contact `name` on `device`.
fn field(device: &Device, name: &str, field: &str) -> serde_json::Value {
    device.show(name)["contact"][field].clone()
}

#[test]
fn two_devices_agree_through_one_server_and_lose_nothing() {
    for server in DavServer::each() {
        let s = server.flavour;
        let (a, b) = (Device::new(&server, true), Device::new(&server, true));
        a.ok(&[
            "contact",
            "add",
            "Clara Schmidt",
            "--email",
            "clara@example.org",
            "--role",
            "CTO",
        ]);
        a.sync();
        b.sync();
        assert_eq!(
            field(&b, "Clara Schmidt", "role"),
            "CTO",
            "{s:?}: B has A's contact"
        );

        // Different fields on both sides: both edits survive.
        a.ok(&["contact", "edit", "Clara Schmidt", "--role", "CEO"]);
        b.ok(&["contact", "edit", "Clara Schmidt", "--phone", "+49 30 1234"]);
        sync_until_quiet(&[&a, &b]);
        for d in [&a, &b] {
            assert_eq!(field(d, "Clara Schmidt", "role"), "CEO", "{s:?}");
            assert_eq!(field(d, "Clara Schmidt", "phone"), "+49 30 1234", "{s:?}");
        }

        // The same field on both: local wins at each side's sync, one conflict, the other value reported.
        a.ok(&["contact", "edit", "Clara Schmidt", "--note", "Notiz von A"]);
        b.ok(&["contact", "edit", "Clara Schmidt", "--note", "Notiz von B"]);
        a.sync();
        let (counts, report) = b.sync_json();
        assert_eq!(counts.conflicts, 1, "{s:?}: {report}");
        assert_eq!(
            field(&b, "Clara Schmidt", "notes"),
            "Notiz von B",
            "{s:?}: local wins"
        );
        let kept: Vec<String> = rusqlite::Connection::open(b.sandbox.default_db())
            .expect("open B's journal")
            .prepare("SELECT field || '=' || remote_value FROM sync_conflicts")
            .and_then(|mut q| q.query_map([], |r| r.get(0))?.collect())
            .expect("read the record's history");
        assert_eq!(
            kept,
            ["notes=Notiz von A"],
            "{s:?}: the losing value is kept in the history"
        );
        assert!(
            report["details"].to_string().contains("notes"),
            "{s:?}: reported: {report}"
        );

        // Deleted on one side, edited on the other: the edited record survives, whichever syncs first.
        a.ok(&["contact", "add", "Dora Klein"]);
        a.ok(&["contact", "add", "Emil Berg"]);
        sync_until_quiet(&[&a, &b]);
        a.ok(&["forget", "Dora Klein", "--yes"]);
        b.ok(&["contact", "edit", "Dora Klein", "--role", "Einkauf"]);
        b.ok(&["contact", "edit", "Emil Berg", "--role", "Vertrieb"]);
        b.sync();
        a.ok(&["forget", "Emil Berg", "--yes"]);
        a.sync();
        sync_until_quiet(&[&a, &b]);
        for d in [&a, &b] {
            assert_eq!(
                field(d, "Dora Klein", "role"),
                "Einkauf",
                "{s:?}: deleted first, then edited"
            );
            assert_eq!(
                field(d, "Emil Berg", "role"),
                "Vertrieb",
                "{s:?}: edited first, then deleted"
            );
        }

        // Created on B, arrives on A; at the end both journals are alike.
        b.ok(&["contact", "add", "Fritz Neu", "--company", "Neu GmbH"]);
        b.ok(&[
            "log",
            "Fritz Neu",
            "--title",
            "Erstkontakt",
            "--their-promise",
            "Unterlagen",
        ]);
        sync_until_quiet(&[&a, &b]);
        assert_eq!(field(&a, "Fritz Neu", "company"), "Neu GmbH", "{s:?}");
        assert_eq!(a.agreed(), b.agreed(), "{s:?}: both exports agree");
    }
}

/// The phone client as a racing proxy in front of `server`; (the proxy, its URL, its stdout).
fn racing_proxy(
    server: &DavServer,
    property: &str,
    value: &str,
) -> (
    std::process::Child,
    String,
    BufReader<std::process::ChildStdout>,
) {
    let python = dav_python().expect("checked by DavServer::start");
    let mut child = std::process::Command::new(python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/tools/dav_phone.py"
        ))
        .args([
            server.url.as_str(),
            USER,
            PASSWORD,
            "proxy",
            property,
            value,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the proxy");
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut port = String::new();
    out.read_line(&mut port).expect("the proxy prints its port");
    (child, format!("http://127.0.0.1:{}/", port.trim()), out)
}

#[test]
fn a_phone_edit_between_pull_and_push_is_merged_not_overwritten() {
    let Some(server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let (mut proxy, url, mut said) = racing_proxy(&server, "TITLE", "Einkaufsleiterin");
    let a = Device::at(&url, PASSWORD, false);
    a.ok(&[
        "contact",
        "add",
        "Greta Race",
        "--email",
        "greta@example.org",
    ]);
    a.sync();
    a.ok(&[
        "contact",
        "edit",
        "Greta Race",
        "--note",
        "Notiz aus rapport",
    ]);
    let (code, _, err) = a.run(&["sync"]);
    let mut raced = String::new();
    said.read_line(&mut raced).expect("proxy output");
    assert!(
        raced.starts_with("raced"),
        "the phone edited the card before rapport's PUT: {raced}"
    );
    assert_eq!(code, 0, "a 412 is handled, not an error: {err}");
    sync_until_quiet(&[&a]);
    let _ = proxy.kill();
    let _ = proxy.wait();
    assert_eq!(
        field(&a, "Greta Race", "role"),
        "Einkaufsleiterin",
        "the phone's edit arrived"
    );
    assert_eq!(field(&a, "Greta Race", "notes"), "Notiz aus rapport");
    let phone = Phone { server: &server };
    let book = phone.find("rapport");
    let records = phone.records(&book);
    assert_eq!(records.len(), 1, "{records:?}");
    let lines = phone.lines(&records[0].0);
    assert!(
        lines.iter().any(|l| l == "TITLE:Einkaufsleiterin"),
        "phone's edit kept: {lines:?}"
    );
    assert!(
        lines.iter().any(|l| l == "NOTE:Notiz aus rapport"),
        "rapport's edit pushed: {lines:?}"
    );
}

#[test]
fn a_stopped_server_fails_in_one_line_and_the_journal_keeps_working() {
    let Some(mut server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let a = Device::new(&server, true);
    for i in 0..30 {
        a.ok(&[
            "contact",
            "add",
            &format!("Kontakt {i}"),
            "--email",
            &format!("k{i}@example.org"),
        ]);
    }
    // Stopped while the first sync runs: it either finished before, or fails in one line.
    let child = a
        .spawnable(&["sync"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    std::thread::sleep(Duration::from_millis(300));
    server.stop();
    let out = child.expect("spawn").wait_with_output().expect("wait");
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_one_line_failure(
            &(out.status.code().unwrap_or(-1), String::new(), err),
            "mid-sync",
        );
    }
    a.ok(&[
        "contact",
        "edit",
        "Kontakt 1",
        "--note",
        "offline bearbeitet",
    ]);
    let before = a.ok(&["export"]);
    assert_one_line_failure(&a.run(&["sync"]), "server down");
    assert_eq!(a.ok(&["export"]), before, "a failed sync changes nothing");
    assert!(a.ok(&["contact", "list"]).contains("Kontakt 29"));
    a.ok(&["sync", "status"]);
}

#[test]
fn a_wrong_password_is_one_line_and_exit_1() {
    let Some(server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let a = Device::at(&server.url, "falsch", false);
    a.ok(&["contact", "add", "Ida Test"]);
    let before = a.ok(&["export"]);
    assert_one_line_failure(&a.run(&["sync"]), "wrong password");
    assert_eq!(a.ok(&["export"]), before);
}

#[test]
fn a_dry_run_changes_nothing_anywhere() {
    let Some(server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let a = Device::new(&server, true);
    a.ok(&["contact", "add", "Jana Trocken"]);
    a.sync();
    a.ok(&["contact", "edit", "Jana Trocken", "--note", "neu"]);
    a.ok(&["contact", "add", "Karl Trocken"]);
    let phone = Phone { server: &server };
    let book = phone.find("rapport");
    let (server_before, local_before) = (phone.run(&["list", &book]), a.ok(&["export"]));
    a.ok(&["sync", "--dry-run"]);
    assert_eq!(
        phone.run(&["list", &book]),
        server_before,
        "the server is untouched"
    );
    assert_eq!(a.ok(&["export"]), local_before, "the journal is untouched");
    a.ok(&["sync", "status"]);
    assert!(a.sync().pushed >= 2, "the changes were still pending");
}

#[test]
fn sync_killed_at_random_moments_is_finished_without_duplicates_or_loss() {
    let Some(server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let a = Device::new(&server, true);
    let trials = count("RAPPORT_SYNC_KILLS", 5);
    let mut dice = Dice(0x5eed_0015_cafe);
    let started = Instant::now();
    for i in 0..trials {
        let name = format!("Kill {i}");
        a.ok(&[
            "contact",
            "add",
            &name,
            "--email",
            &format!("kill{i}@example.org"),
        ]);
        a.ok(&[
            "log",
            &name,
            "--title",
            &format!("t{i}"),
            "--promise",
            &format!("p{i}"),
        ]);
        if i > 0 {
            a.ok(&[
                "contact",
                "edit",
                &format!("Kill {}", i - 1),
                "--note",
                &format!("n{i}"),
            ]);
        }
        let mut child = a
            .spawnable(&["sync"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn sync");
        std::thread::sleep(Duration::from_millis(dice.next(800)));
        let _ = child.kill(); // SIGKILL; harmless when it has finished
        let _ = child.wait();
    }
    eprintln!("{trials} killed syncs in {:?}", started.elapsed());
    sync_until_quiet(&[&a]);
    let phone = Phone { server: &server };
    for (collection, local) in [
        (
            "rapport",
            a.listing(&["contact", "list", "--json", "--archived"])
                .len(),
        ),
        (
            "rapport-promises",
            a.listing(&["promise", "list", "--json"]).len(),
        ),
        (
            "rapport-journal",
            a.listing(&["entries", "--json", "-n", "1000"]).len(),
        ),
    ] {
        let records = phone.records(&phone.find(collection));
        let mut uids: Vec<&str> = records.iter().map(|r| r.1.as_str()).collect();
        uids.sort_unstable();
        uids.dedup();
        assert_eq!(
            uids.len(),
            records.len(),
            "{collection}: no UID twice: {records:?}"
        );
        assert_eq!(
            records.len(),
            trials,
            "{collection}: one per record on the server"
        );
        assert_eq!(local, trials, "{collection}: one per record locally");
    }
    let b = Device::new(&server, true);
    sync_until_quiet(&[&b]);
    assert_eq!(
        a.agreed(),
        b.agreed(),
        "a second device gets exactly the same journal"
    );
}

/// A first sync that sends a collection in one request (more than `sync::bulk::BULK_MIN` new
/// records) and takes back what the server made of it, killed at a random moment of the upload or
/// of the taking back: the next syncs finish it, every promise is on the server once, and nothing
/// waits to be sent. Each trial needs an empty server. Trials: `RAPPORT_SYNC_BULK_KILLS` (default 3).
#[test]
fn a_first_sync_in_one_request_killed_at_random_moments_is_finished_without_duplicates() {
    let trials = count("RAPPORT_SYNC_BULK_KILLS", 3);
    let mut dice = Dice(0xb01c_0015);
    let mut killed = 0;
    for trial in 0..trials {
        let Some(server) = DavServer::start(Flavour::Radicale) else {
            return;
        };
        let a = with_lena(&server);
        a.promise_lena(60);
        let mut child = a
            .spawnable(&["sync"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn sync");
        let waited = dice.next(450);
        std::thread::sleep(Duration::from_millis(waited));
        let _ = child.kill(); // SIGKILL; harmless when it has finished
        let ended = child.wait().expect("wait for the sync");
        // A sync that died by the signal was interrupted (one that ended first exits with 0).
        killed += usize::from(ended.code().is_none());
        sync_until_quiet(&[&a]);
        let phone = Phone { server: &server };
        let records = phone.records(&phone.find("rapport-promises"));
        let mut uids: Vec<&str> = records.iter().map(|r| r.1.as_str()).collect();
        uids.sort_unstable();
        uids.dedup();
        let what = format!("trial {trial}, killed after {waited} ms");
        assert_eq!(uids.len(), 60, "{what}: {records:?}");
        assert_eq!(records.len(), 60, "{what}: no promise twice");
        let status: serde_json::Value =
            serde_json::from_str(&a.ok(&["sync", "status", "--json"])).expect("JSON");
        for kind in ["contact", "promise"] {
            for count in ["new", "changed", "deleted"] {
                let waiting = &status["kinds"][kind][count];
                assert_eq!(waiting, 0, "{what}: {kind} {count}: {status}");
            }
        }
    }
    eprintln!("{killed} of {trials} first syncs were killed before they ended");
}

/// The app: the header says it has not synced, `S` syncs without blocking the keys (what the other
/// device wrote appears, the header says when), and with the server gone `S` says so in the header
/// and the status line while the journal keeps working.
#[test]
fn the_app_syncs_on_s_and_keeps_working_when_the_server_is_gone() {
    let Some(mut server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let other = Device::new(&server, false);
    other.ok(&["contact", "add", "Dora Neu", "--company", "Hafen AG"]);
    other.sync();
    let me = Device::new(&server, false);
    me.ok(&["contact", "add", "Anna Weber"]);
    let env = me.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut app = common::pty::App::start_with_env(me.sandbox.home.path(), &[], 100, 30, &env);
    app.wait_for("not synced yet");
    app.send(b"S");
    app.wait_for("Dora Neu");
    app.wait_for("synced 10:00");
    app.wait_for("pulled 1, pushed 1");
    server.stop();
    app.send(b"S");
    app.wait_for("sync failed");
    app.wait_for("cannot reach 127.0.0.1");
    // The journal keeps working offline.
    app.send(b"/");
    app.typed("dora");
    app.wait_for("Hafen AG");
    app.send(b"\x1b");
    app.send(b"q");
    assert_eq!(app.wait_exit(), 0);
}

/// A note written on the phone that names nobody waits (`sync status`, `sync notes`); assigned to a
/// contact it becomes an entry about them, and the next sync sends it back naming them.
#[test]
fn a_note_that_names_nobody_waits_until_it_is_given_a_contact() {
    let Some(server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let a = Device::new(&server, true);
    a.ok(&[
        "contact",
        "add",
        "Anna Weber",
        "--email",
        "anna@example.org",
    ]);
    a.sync();
    let phone = Phone { server: &server };
    let journal = phone.find("rapport-journal");
    phone.run(&[
        "journal",
        &journal,
        "phone-note-7",
        "Messe Hannover",
        "",
        "",
        "Am Stand viele Gespräche.",
    ]);
    a.sync();
    let status = a.ok(&["sync", "status"]);
    assert!(
        status.contains("one note from other devices needs a contact"),
        "{status}"
    );
    let notes = a.ok(&["sync", "notes"]);
    assert!(
        notes.starts_with("phone-no  2026-11-26  Messe Hannover"),
        "{notes}"
    );
    assert!(notes.contains("Am Stand viele Gespräche."), "{notes}");
    let (code, _, err) = a.run(&["sync", "assign", "nothing", "Anna"]);
    assert_eq!(code, 1, "{err}");
    let id = a.ok(&["sync", "assign", "phone-note", "Anna"]);
    assert!(id.trim().parse::<i64>().is_ok(), "{id}");
    let entries = a.listing(&["entries", "--contact", "Anna", "--json"]);
    assert_eq!(entries[0]["title"], "Messe Hannover");
    assert_eq!(entries[0]["body"], "Am Stand viele Gespräche.");
    assert!(a.ok(&["sync", "notes"]).is_empty());
    assert_eq!(a.sync().pushed, 1);
    let (href, _, _) = phone
        .records(&journal)
        .into_iter()
        .find(|(_, uid, _)| uid == "phone-note-7")
        .expect("the note is still on the server");
    let lines = phone.lines(&href);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("ATTENDEE") && l.contains("Anna Weber")),
        "{lines:?}"
    );
    assert!(a.sync().quiet());
}

/// Found by the property test: A writes an entry and a promise about a contact that B erased
/// meanwhile. Deleting the new entry would lose what A wrote; archiving the contact on A alone
/// left the two devices apart. The entry wins, as an edit wins over a deletion: the contact comes
/// back on the server with it, and both devices agree.
#[test]
fn new_history_about_a_contact_erased_elsewhere_brings_the_contact_back_everywhere() {
    let Some(server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let (a, b) = (Device::new(&server, true), Device::new(&server, true));
    a.ok(&["contact", "add", "Person 5", "--email", "p5@example.org"]);
    a.sync();
    a.ok(&[
        "log",
        "Person 5",
        "--title",
        "Eintrag 8",
        "--promise",
        "Versprechen 8",
        "Notiz",
    ]);
    b.sync();
    b.ok(&["forget", "Person 5", "--yes"]);
    sync_until_quiet(&[&b, &a]);
    sync_until_quiet(&[&a, &b]);
    assert_eq!(a.agreed(), b.agreed());
    let names: Vec<String> = b
        .listing(&["contact", "list", "--json"])
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(names, ["Person 5"]);
    assert_eq!(b.listing(&["entries", "--json"]).len(), 1);
}

/// Found by the property test: a contact with an entry and a promise, synced, then erased on the
/// same device; afterwards both devices hold nothing of them.
#[test]
fn a_contact_erased_after_its_history_was_synced_goes_everywhere() {
    let Some(server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let (a, b) = (Device::new(&server, true), Device::new(&server, true));
    b.ok(&["contact", "add", "Person 4", "--email", "p4@example.org"]);
    b.ok(&[
        "log",
        "Person 4",
        "--title",
        "Eintrag 1",
        "--promise",
        "Versprechen 1",
    ]);
    b.sync();
    b.ok(&["forget", "Person 4", "--yes"]);
    sync_until_quiet(&[&a, &b]);
    assert_eq!(a.agreed(), b.agreed());
    assert!(
        a.listing(&["contact", "list", "--json", "--archived"])
            .is_empty()
    );
}

/// Found by the property test: B erases a contact before it has seen the entry A wrote about them.
/// The entry reaches the server first, so B keeps it waiting for a contact; A's next sync sends the
/// contact again, and B's next sync makes the waiting note an entry about them. Both agree.
#[test]
fn an_entry_that_reached_the_server_before_its_contact_was_erased_elsewhere_keeps_both() {
    let Some(server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let (a, b) = (Device::new(&server, true), Device::new(&server, true));
    a.ok(&["contact", "add", "Person 1", "--email", "p1@example.org"]);
    a.sync();
    a.ok(&["log", "Person 1", "--title", "Eintrag 2", "Notiz"]);
    b.sync();
    b.ok(&["forget", "Person 1", "--yes"]);
    a.sync();
    sync_until_quiet(&[&a, &b]);
    assert_eq!(a.agreed(), b.agreed());
    assert_eq!(b.listing(&["entries", "--json"]).len(), 1);
    assert!(b.ok(&["sync", "notes"]).is_empty());
}
