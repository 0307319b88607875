//! `rapport sync` between two journals through a real server (Radicale and Xandikos): what one
//! device writes arrives on the other, edits of different fields merge, the same field changed on
//! both sides keeps the local value and is counted, a dry run changes nothing, a wrong password is
//! one line.

mod common;

use common::Sandbox;
use common::dav::{DavServer, Flavour, PASSWORD, USER};
use serde_json::Value;

/// A journal whose config syncs with `server` (entries too).
fn device(server: &DavServer) -> Sandbox {
    device_with_password(server, PASSWORD)
}

fn device_with_password(server: &DavServer, password: &str) -> Sandbox {
    let s = Sandbox::new();
    let config = s.home.path().join(".config/rapport");
    std::fs::create_dir_all(&config).unwrap();
    let password_file = s.home.path().join("dav-password");
    std::fs::write(&password_file, format!("{password}\n")).unwrap();
    set_private(&password_file);
    std::fs::write(
        config.join("config.toml"),
        format!(
            "[sync]\nurl = \"{}\"\nusername = \"{USER}\"\npassword_file = \"{}\"\nentries = true\n",
            server.url,
            password_file.display()
        ),
    )
    .unwrap();
    s
}

fn set_private(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// `rapport sync --json`: the five counts.
fn sync(s: &Sandbox, server: &DavServer) -> [i64; 5] {
    let out = s.cmd(&["sync", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}\n{}",
        server.flavour,
        String::from_utf8_lossy(&out.stderr),
        server.log()
    );
    let report = json(&String::from_utf8_lossy(&out.stdout));
    ["pulled", "pushed", "merged", "conflicts", "deleted"].map(|k| report[k].as_i64().unwrap())
}

fn contact(s: &Sandbox, name: &str) -> Value {
    json(&s.ok(&["contact", "show", name, "--json"]))["contact"].clone()
}

#[test]
fn two_devices_share_records_and_merge_their_edits() {
    for server in DavServer::each() {
        let (a, b) = (device(&server), device(&server));
        a.ok(&[
            "contact",
            "add",
            "Anna Müller",
            "--email",
            "anna@anker.example",
        ]);
        a.ok(&["contact", "add", "Ben Krause", "--company", "Hafen AG"]);
        a.ok(&[
            "log",
            "Anna",
            "--kind",
            "call",
            "--promise",
            "Angebot schicken",
            "Rahmenvertrag besprochen",
        ]);
        assert_eq!(sync(&a, &server), [0, 4, 0, 0, 0], "{:?}", server.flavour);
        assert_eq!(sync(&b, &server), [4, 0, 0, 0, 0], "{:?}", server.flavour);
        assert_eq!(
            sync(&b, &server),
            [0; 5],
            "nothing changed: {:?}",
            server.flavour
        );
        let entries = json(&b.ok(&["entries", "--json"]));
        assert_eq!(entries[0]["body"], "Rahmenvertrag besprochen");
        // Different fields on each side: both stay.
        a.ok(&[
            "contact",
            "edit",
            "Anna",
            "--note",
            "Tochter studiert in Delft",
        ]);
        b.ok(&["contact", "edit", "Anna", "--role", "Einkaufsleiterin"]);
        b.ok(&["promise", "done", "1"]);
        assert_eq!(sync(&a, &server), [0, 1, 0, 0, 0]);
        assert_eq!(sync(&b, &server), [0, 2, 1, 0, 0]);
        assert_eq!(sync(&a, &server), [2, 0, 0, 0, 0]);
        for s in [&a, &b] {
            let anna = contact(s, "Anna");
            assert_eq!(anna["role"], "Einkaufsleiterin", "{:?}", server.flavour);
            assert_eq!(anna["notes"], "Tochter studiert in Delft");
            let promises = json(&s.ok(&["promise", "list", "--json"]));
            assert_eq!(promises[0]["status"], "kept");
        }
        // The same field on both sides: each keeps its own at its sync, one conflict is counted,
        // and after the next round both hold the value of the side that synced last.
        a.ok(&["contact", "edit", "Anna", "--phone", "+49 111"]);
        b.ok(&["contact", "edit", "Anna", "--phone", "+49 222"]);
        assert_eq!(sync(&a, &server), [0, 1, 0, 0, 0]);
        assert_eq!(sync(&b, &server), [0, 1, 1, 1, 0]);
        assert_eq!(sync(&a, &server), [1, 0, 0, 0, 0]);
        assert_eq!(contact(&a, "Anna")["phone"], "+49 222");
        let status = b.ok(&["sync", "status", "--json"]);
        assert_eq!(json(&status)["conflicts"], 1);
        let status = b.ok(&["sync", "status"]);
        assert!(
            status.contains("contact Anna Müller · phone: kept +49 222, the server had +49 111"),
            "{status}"
        );
        // A contact deleted on one side goes on the other; one created there arrives here.
        b.ok(&["contact", "add", "Carla Hafen"]);
        assert_eq!(sync(&b, &server), [0, 1, 0, 0, 0]);
        a.ok(&["forget", "Ben", "--yes"]);
        assert_eq!(sync(&a, &server), [1, 0, 0, 0, 1]);
        assert_eq!(sync(&b, &server), [0, 0, 0, 0, 1]);
        let names = |s: &Sandbox| -> Vec<String> {
            json(&s.ok(&["contact", "list", "--json"]))
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            names(&a),
            ["Anna Müller", "Carla Hafen"],
            "{:?}",
            server.flavour
        );
        assert_eq!(names(&a), names(&b));
    }
}

#[test]
fn a_dry_run_sends_nothing_and_a_wrong_password_is_one_line() {
    let Some(server) = DavServer::start(Flavour::Radicale) else {
        return;
    };
    let a = device(&server);
    a.ok(&["contact", "add", "Anna Müller"]);
    let dry = json(&a.ok(&["sync", "--dry-run", "--json"]));
    assert_eq!(dry["pushed"], 1);
    let status = json(&a.ok(&["sync", "status", "--json"]));
    assert_eq!(status["kinds"]["contact"]["new"], 1);
    assert_eq!(status["last_sync"], Value::Null);
    let wrong = device_with_password(&server, "falsch");
    let (code, out, err) = wrong.run(&["sync"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("refused the user name or password"), "{err}");
    assert_eq!(sync(&a, &server), [0, 1, 0, 0, 0]);
}

/// A first sync of many records into empty collections: Radicale takes them in one request per
/// collection, Xandikos one by one; either way each record is on the server once and arrives whole
/// on a second device.
#[test]
fn a_first_sync_of_many_records_sends_each_once() {
    for server in DavServer::each() {
        let a = device(&server);
        let people = 60;
        let mut cards = String::new();
        for n in 0..people {
            cards.push_str(&format!(
                "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person {n:02}\r\nEMAIL:p{n}@example.org\r\nEND:VCARD\r\n"
            ));
        }
        let file = a.home.path().join("people.vcf");
        std::fs::write(&file, cards).unwrap();
        a.ok(&["import", file.to_str().unwrap()]);
        for n in 0..people {
            a.ok(&[
                "log",
                &format!("Person {n:02}"),
                "--promise",
                &format!("Zusage {n}"),
                &format!("Gespräch {n}"),
            ]);
        }
        let pushed = sync(&a, &server)[1];
        assert_eq!(pushed, 3 * people, "{:?}", server.flavour);
        assert_eq!(sync(&a, &server), [0; 5], "{:?}", server.flavour);
        let b = device(&server);
        assert_eq!(sync(&b, &server)[0], 3 * people, "{:?}", server.flavour);
        let promises = json(&b.ok(&["promise", "list", "--json"]));
        assert_eq!(promises.as_array().unwrap().len(), people as usize);
        let entry = json(&b.ok(&["entries", "--contact", "Person 07", "--json"]));
        assert_eq!(entry[0]["body"], "Gespräch 7");
        let status = json(&a.ok(&["sync", "status", "--json"]));
        assert_eq!(status["kinds"]["promise"]["new"], 0);
        assert_eq!(status["kinds"]["contact"]["changed"], 0);
    }
}
