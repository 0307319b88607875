//! End-to-end: the real binary in a pseudo-terminal on a temporary database, driven by keys.

mod common;

use common::Sandbox;
use common::pty::{App, keys};
use serde_json::Value;

fn prepared() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Schmidt", "--company", "Horn KG"]);
    s.ok(&["contact", "add", "Ben Weber", "--tier", "A"]);
    s.ok(&[
        "log",
        "Anna",
        "--at",
        "3d ago",
        "--title",
        "Vorgespräch",
        "Es geht um Vertrauen und Verlässlichkeit",
    ]);
    s
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn n_type_ctrl_s_writes_an_entry() {
    let s = prepared();
    let mut app = App::start(s.home.path(), &[], 100, 30);
    app.wait_for("Contacts (2)");
    app.typed("j"); // the most urgent contact
    app.typed("n");
    app.wait_for("New entry");
    app.typed("Kurzer Anruf, alles gut.");
    app.send(keys::CTRL_S);
    app.wait_for("saved.");
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
    assert!(!app.alternate(), "q leaves the alternate screen");
    let entries = json(&s.ok(&["entries", "--json", "-n", "1"]));
    assert_eq!(entries[0]["body"], "Kurzer Anruf, alles gut.");
    assert_eq!(entries[0]["kind"], "meeting");
    assert_eq!(entries[0]["occurred_at"], common::NOW);
}

#[test]
fn an_entry_for_two_contacts_with_a_promise_entirely_by_keys() {
    let s = prepared();
    let mut app = App::start(s.home.path(), &[], 100, 30);
    app.wait_for("Contacts (2)");
    app.typed("n"); // on "Everyone": the form starts in the contacts field
    app.wait_for("New entry");
    app.typed("anna");
    app.wait_for("Anna Schmidt · Horn KG");
    app.send(keys::ENTER);
    app.typed("ben");
    app.wait_for("Ben Weber");
    app.send(keys::ENTER);
    for _ in 0..7 {
        app.send(keys::TAB); // kind, when, title, mood, initiative, signals, my promise
    }
    app.typed("Angebot schicken");
    app.send(keys::TAB);
    app.typed("friday");
    for _ in 0..3 {
        app.send(keys::TAB); // their promise, their due, body
    }
    app.typed("Gespräch zu dritt über das Angebot.");
    app.send(keys::CTRL_S);
    app.wait_for("saved.");
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);

    let export = json(&s.ok(&["export"]));
    let entry = export["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["body"] == "Gespräch zu dritt über das Angebot.")
        .cloned();
    let entry = entry.expect("the entry is in the export");
    assert_eq!(entry["contacts"], serde_json::json!([1, 2]));
    let promise = &export["promises"][0];
    assert_eq!(promise["text"], "Angebot schicken");
    assert_eq!(promise["owner"], "me");
    assert_eq!(promise["due"], "2026-12-04");
    assert_eq!(promise["entry"], entry["id"]);
}

#[test]
fn search_and_open_a_result() {
    let s = prepared();
    let mut app = App::start(s.home.path(), &[], 100, 30);
    app.wait_for("Contacts (2)");
    app.typed("/");
    app.wait_for("Search");
    app.typed("verläss");
    app.wait_for("1 result");
    app.send(keys::TAB);
    app.send(keys::ENTER);
    app.wait_for("Entry #1");
    app.wait_for("Es geht um Vertrauen und Verlässlichkeit");
    app.send(keys::ESC);
    app.wait_for("1 result");
    app.send(keys::ESC);
    app.wait_for("Contacts (2)");
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
}

/// Issue 14: `weiss` finds Sören Weiß and the entries about him (whose text does not name him), in
/// groups; Enter on the contact opens his page, on an entry the entry.
#[test]
fn search_weiss_shows_the_contact_and_his_entries_in_groups() {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Sören Weiß",
        "--company",
        "Ankerwerk GmbH",
    ]);
    s.ok(&["contact", "add", "Anna Schmidt"]);
    s.ok(&["log", "Sören", "--at", "3d ago", "Rahmenvertrag besprochen"]);
    s.ok(&[
        "log",
        "Sören",
        "--at",
        "2d ago",
        "Kurzer Anruf wegen der Lieferung",
    ]);
    s.ok(&["log", "Anna", "--at", "1d ago", "Kaffee"]);
    let mut app = App::start(s.home.path(), &[], 100, 30);
    app.wait_for("Contacts (2)");
    app.typed("/");
    app.wait_for("Search");
    app.typed("weiss");
    app.wait_for("3 results");
    app.wait_for("Contact  Sören Weiß · Ankerwerk GmbH");
    app.wait_for("Kurzer Anruf wegen der Lieferung");
    app.wait_for("Rahmenvertrag besprochen");
    app.send(keys::TAB);
    app.send(keys::ENTER);
    app.wait_for("Ankerwerk GmbH");
    app.wait_gone("3 results");
    app.send(keys::ESC);
    app.wait_for("3 results");
    app.typed("j");
    app.send(keys::ENTER);
    app.wait_for("Entry #2");
    app.send(keys::ESC);
    app.send(keys::ESC);
    app.wait_for("Contacts (2)");
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
}

#[test]
fn help_opens_and_closes_and_resizing_redraws() {
    let s = prepared();
    let mut app = App::start(s.home.path(), &[], 100, 30);
    app.wait_for("Contacts (2)");
    app.typed("?");
    app.wait_for("Everywhere");
    app.send(keys::ESC);
    app.wait_gone("Everywhere");
    app.wait_for("Contacts (2)");
    app.resize(50, 12);
    app.wait_for("needs a terminal of at least 60×16");
    app.resize(60, 16);
    app.wait_for("Contacts (2)");
    app.resize(120, 40);
    // Only the wide layout has a timeline border this long.
    app.wait_for(&format!("Timeline (1) {}", "─".repeat(45)));
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
    assert!(!app.alternate());
}

#[test]
fn demo_starts_on_a_generated_journal_and_leaves_the_users_data_alone() {
    let s = prepared();
    let before = common::bytes(&s.default_db());
    let mut app = App::start(s.home.path(), &["demo"], 100, 30);
    app.wait_for("[demo]");
    app.wait_for("overdue");
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
    assert_eq!(common::bytes(&s.default_db()), before);
}

/// Issue 11 #22: closing the terminal (SIGHUP), `kill` (SIGTERM) or SIGINT leave no demo journal behind.
#[test]
fn the_demo_leaves_no_journal_behind_when_its_terminal_goes() {
    let s = prepared();
    for signal in ["HUP", "TERM", "INT"] {
        let tmp = tempfile::tempdir().unwrap();
        let tmp_path = tmp.path().to_str().unwrap();
        let mut app =
            App::start_with_env(s.home.path(), &["demo"], 100, 30, &[("TMPDIR", tmp_path)]);
        app.wait_for("[demo]");
        app.wait_for("overdue");
        app.signal(signal);
        app.wait_exit();
        let left: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "after SIG{signal}: {left:?}");
    }
}

#[test]
fn without_a_terminal_the_app_says_so_in_one_line() {
    let s = prepared();
    let (code, out, err) = s.run(&[]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(
        err.trim(),
        "rapport: the full-screen journal needs a terminal; for scripts use the commands (rapport --help)"
    );
}

#[test]
fn a_key_right_after_a_resize_is_not_lost() {
    let s = prepared();
    for _ in 0..5 {
        let mut app = App::start(s.home.path(), &[], 100, 30);
        app.wait_for("Contacts (2)");
        app.resize(120, 40);
        app.typed("q");
        assert_eq!(app.wait_exit(), 0);
    }
}

/// Issue 4: a whole review by keys — snooze one, archive one, log a touch for one, change one
/// cadence, skip one — then the database, and a second review the same day shows only what is left.
#[test]
fn a_whole_weekly_review() {
    let s = Sandbox::new();
    // Five contacts, all overdue (added 100 days ago, never touched), different urgency by cadence.
    for (name, cadence) in [
        ("Anna", "7"),
        ("Ben", "14"),
        ("Clara", "21"),
        ("Dirk", "28"),
        ("Eva", "35"),
    ] {
        s.ok(&["contact", "add", name, "--cadence", cadence]);
    }
    let old = s.path("old.json");
    let mut export: Value = json(&s.ok(&["export"]));
    for c in export["contacts"].as_array_mut().unwrap() {
        c["created_at"] = Value::from("2026-08-19T09:00:00+01:00");
    }
    std::fs::write(&old, serde_json::to_string(&export).unwrap()).unwrap();
    let db = s.path("review.db");
    let db_arg = db.to_str().unwrap().to_string();
    s.ok(&["--db", &db_arg, "import", old.to_str().unwrap()]);

    let mut app = App::start(s.home.path(), &["--db", &db_arg, "review"], 100, 30);
    app.wait_for("Weekly review · 1 / 5");
    app.wait_for("Anna");
    app.typed("s"); // snooze Anna for the default week
    app.wait_for("Until");
    app.send(keys::ENTER);
    app.wait_for("2 / 5");
    app.wait_for("Ben");
    app.typed("x"); // archive Ben
    app.wait_for("3 / 5");
    app.wait_for("Clara");
    app.typed("l"); // log a touch with Clara
    app.wait_for("New entry");
    app.typed("Kurz telefoniert.");
    app.send(keys::CTRL_S);
    app.wait_for("4 / 5");
    app.wait_for("Dirk");
    app.typed("c"); // change Dirk's cadence
    app.wait_for("Edit contact");
    app.typed("0"); // 28 → 280 days
    app.send(keys::CTRL_S);
    app.wait_for("5 / 5");
    app.wait_for("Eva");
    app.typed("n"); // skip Eva
    app.wait_for("Review done: 5 contacts; 1 logged, 1 snoozed, 1 archived, 1 changed, 1 skipped.");
    app.send(keys::ESC);
    app.wait_for("Last review today · 1 to review");
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);

    let show = |name: &str| json(&s.ok(&["--db", &db_arg, "contact", "show", name, "--json"]));
    assert_eq!(show("Anna")["contact"]["snoozed_until"], "2026-12-04");
    assert_eq!(show("Anna")["status"], "snoozed");
    assert_eq!(show("Ben")["contact"]["archived"], true);
    let clara = show("Clara");
    assert_eq!(clara["entry_count"], 1);
    assert_eq!(clara["status"], "ok");
    let entries = json(&s.ok(&["--db", &db_arg, "entries", "--contact", "Clara", "--json"]));
    assert_eq!(entries[0]["kind"], "call");
    assert_eq!(entries[0]["body"], "Kurz telefoniert.");
    assert_eq!(show("Dirk")["contact"]["cadence_days"], 280);

    // The second review the same day: only Eva, who is still flagged and was not handled.
    let mut again = App::start(s.home.path(), &["--db", &db_arg, "review"], 100, 30);
    again.wait_for("Weekly review · 1 / 1");
    again.wait_for("Eva");
    again.typed("n");
    again.wait_for("Review done: 1 contact;");
    again.send(keys::ESC);
    again.typed("q");
    assert_eq!(again.wait_exit(), 0);
}
