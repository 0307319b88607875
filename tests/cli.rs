//! The command line, run as a new user would: the real binary in a temporary HOME.

mod common;

use common::{NOW, Sandbox, bytes, export_data};
use serde_json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Acceptance scenario of issue 2: three contacts, entries in the past, several contacts in one entry,
/// a promise due yesterday, a body from stdin, an entry dated `gestern`.
#[test]
fn scenario_due_and_search() {
    let s = Sandbox::new();
    assert_eq!(
        s.ok(&[
            "contact",
            "add",
            "Jürgen Müller",
            "--company",
            "Ankerwerk GmbH",
            "--tag",
            "Segeln"
        ]),
        "1\n"
    );
    assert_eq!(
        s.ok(&["contact", "add", "Anna Schmidt", "--cadence", "2w"]),
        "2\n"
    );
    assert_eq!(
        s.ok(&[
            "contact",
            "add",
            "Ben Weber",
            "--tier",
            "A",
            "--company",
            "Weber Holzbau"
        ]),
        "3\n"
    );

    s.ok(&[
        "log",
        "Anna",
        "--at",
        "40 days ago",
        "--kind",
        "call",
        "--mood",
        "1",
        "Kick-off besprochen",
    ]);
    s.ok(&[
        "log",
        "Jürgen,Ben",
        "--at",
        "3d ago",
        "--title",
        "Werkstattbesuch",
        "Gemeinsamer Termin in der Halle",
    ]);
    s.ok(&[
        "log",
        "ben",
        "--at",
        "5 days ago",
        "--promise",
        "Angebot schicken",
        "--due",
        "yesterday",
        "Preise besprochen",
    ]);
    s.ok_with_stdin(
        &["log", "#1", "--kind", "email", "-"],
        "Dank an Herrn Müller für die Führung\n",
    );
    s.ok(&[
        "log",
        "Jürgen",
        "--at",
        "gestern",
        "--kind",
        "meeting",
        "Es geht um Vertrauen und Verlässlichkeit",
    ]);

    let due = json(&s.ok(&["due", "--json"]));
    let due = due.as_array().expect("array");
    assert_eq!(
        due[0]["name"], "Anna Schmidt",
        "the two-week contact is most urgent: {due:?}"
    );
    assert_eq!(due[0]["status"], "overdue");
    assert_eq!(due[0]["cadence_days"], 14);
    assert_eq!(due[0]["last_touch"], "2026-10-18");
    assert_eq!(due[0]["due_on"], "2026-11-01");
    assert_eq!(due[0]["days_overdue"], 26);
    let ben = due
        .iter()
        .find(|c| c["name"] == "Ben Weber")
        .expect("Ben is flagged");
    assert!(
        ben["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("promise_overdue")),
        "{ben}"
    );

    // Every entry about Jürgen Müller is found by his name; the one that names him is marked.
    let found = json(&s.ok(&["search", "muller", "--json", "--groups"]));
    assert_eq!(found["contacts"][0]["name"], "Jürgen Müller", "{found}");
    let hits = found["entries"].clone();
    assert_eq!(hits.as_array().unwrap().len(), 3, "{hits}");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("Müller"));
    assert_eq!(hits[0]["matches"], serde_json::json!([[14, 20]]));
    let hits = json(&s.ok(&["search", "vertrau*", "--json", "--groups"]))["entries"].clone();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("Vertrauen"));
    // Without --groups, --json is the array of entries it always was (scripts rely on it).
    let plain = json(&s.ok(&["search", "vertrau*", "--json"]));
    assert_eq!(plain, hits, "{plain}");

    // --all includes contacts that need nothing; human output names the reasons.
    assert_eq!(
        json(&s.ok(&["due", "--json", "--all"]))
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let human = s.ok(&["due"]);
    assert!(
        human.contains("! overdue") && human.contains("Anna Schmidt"),
        "{human}"
    );
    assert!(
        human.contains("last touch 40 days ago, cadence 14 days (due 26 days ago)"),
        "{human}"
    );
    assert!(
        human.contains("your promise 'Angebot schicken' is 1 day overdue"),
        "{human}"
    );
}

#[test]
fn log_pairs_each_due_with_the_promise_before_it() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    s.ok(&[
        "log",
        "Anna",
        "--promise",
        "A",
        "--due",
        "2026-12-01",
        "--their-promise",
        "B",
        "--promise",
        "C",
        "--due",
        "friday",
    ]);
    let list = json(&s.ok(&["promise", "list", "--json"]));
    let by_text = |t: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|p| p["text"] == t)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_text("A")["due"], "2026-12-01");
    assert_eq!(by_text("B")["due"], Value::Null);
    assert_eq!(by_text("B")["owner"], "them");
    assert_eq!(by_text("C")["due"], "2026-12-04"); // the next Friday
    let (code, _, err) = s.run(&["log", "Anna", "--due", "friday", "--promise", "X"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn promises_can_be_kept_and_broken() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    s.ok(&[
        "log",
        "Anna",
        "--promise",
        "Angebot",
        "--due",
        "yesterday",
        "--their-promise",
        "Rückruf",
    ]);
    assert_eq!(s.ok(&["promise", "done", "1"]), "1\n");
    assert_eq!(s.ok(&["promise", "broken", "#2"]), "2\n");
    // Closed ones newest first; closed at the same moment, the later promise first.
    let list = json(&s.ok(&["promise", "list", "--json"]));
    assert_eq!(
        (list[0]["id"].as_i64(), &list[0]["status"]),
        (Some(2), &Value::from("broken"))
    );
    assert_eq!(list[1]["status"], "kept");
    assert_eq!(list[1]["closed_at"], NOW);
    assert_eq!(s.ok(&["promise", "list", "--open", "--json"]).trim(), "[]");
    let (code, _, err) = s.run(&["promise", "done", "99"]);
    assert_eq!(
        (code, err.trim()),
        (1, "rapport: promise #99 does not exist")
    );
}

#[test]
fn contacts_edit_archive_and_show() {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Frau Dr. Weber",
        "--company",
        "Weber AG",
        "--address-form",
        "sie",
    ]);
    s.ok(&[
        "contact",
        "edit",
        "frau",
        "--salutation",
        "Frau Dr. Weber",
        "--tag",
        "Oper,Segeln",
        "--company",
        "",
    ]);
    let shown = json(&s.ok(&["contact", "show", "1", "--json"]));
    assert_eq!(shown["contact"]["salutation"], "Frau Dr. Weber");
    assert_eq!(shown["contact"]["company"], Value::Null);
    assert_eq!(
        shown["contact"]["tags"],
        serde_json::json!(["Oper", "Segeln"])
    );
    assert_eq!(shown["contact"]["address_form"], "sie");
    s.ok(&["contact", "archive", "Frau Dr. Weber"]);
    assert_eq!(s.ok(&["contact", "list", "--json"]).trim(), "[]");
    assert_eq!(
        json(&s.ok(&["contact", "list", "--json", "--archived"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(s.ok(&["due", "--json", "--all"]).trim(), "[]");
    s.ok(&["contact", "unarchive", "#1"]);
    let text = s.ok(&["contact", "show", "weber"]);
    assert!(
        text.contains("#1  Frau Dr. Weber") && text.contains("Oper, Segeln"),
        "{text}"
    );
}

#[test]
fn ambiguous_and_unknown_contacts_fail_with_candidates() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Müller", "--company", "Ankerwerk"]);
    s.ok(&["contact", "add", "Anna Schmidt"]);
    s.ok(&["contact", "add", "Anna Müller", "--company", "Horn KG"]);
    let before = bytes(&s.default_db());
    let (code, out, err) = s.run(&["log", "anna", "hi"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("#1 Anna Müller (Ankerwerk)") && err.contains("#2 Anna Schmidt"),
        "{err}"
    );
    // Two people with the same name: the exact name is still ambiguous, the id is not.
    let (code, _, err) = s.run(&["log", "anna muller", "hi"]);
    assert_eq!(code, 1);
    assert!(err.contains("#3 Anna Müller (Horn KG)"), "{err}");
    let (code, _, err) = s.run(&["log", "Blursday", "hi"]);
    assert_eq!(
        (code, err.trim()),
        (
            1,
            "rapport: no contact matches 'Blursday' (try `rapport contact list`)"
        )
    );
    assert_eq!(bytes(&s.default_db()), before, "nothing changed");
    assert_eq!(s.ok(&["log", "anna s", "hi"]), "1\n");
}

/// Bad input of every kind: non-zero exit, one line on stderr, nothing on stdout, database unchanged.
#[test]
fn bad_input_changes_nothing() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    s.ok(&["log", "Anna", "first"]);
    let db = s.default_db();
    let truncated = s.path("truncated.json");
    std::fs::write(
        &truncated,
        r#"{"format": "rapport", "version": 1, "contacts": [{"id": 1, "name": "X""#,
    )
    .unwrap();
    let newer = s.path("newer.json");
    std::fs::write(
        &newer,
        r#"{"format": "rapport", "version": 3, "contacts": [], "entries": [], "promises": []}"#,
    )
    .unwrap();
    let bad_link = s.path("bad_link.json");
    std::fs::write(
        &bad_link,
        r#"{"format":"rapport","version":1,"contacts":[],"entries":[{"id":1,"occurred_at":"2026-01-01T10:00:00+01:00","kind":"call","contacts":[5]}],"promises":[]}"#,
    )
    .unwrap();
    let binary = s.path("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x12, 0x80]).unwrap();
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["log", "Nobody", "x"], 1, "no contact matches 'Nobody'"),
        (
            vec!["log", "Anna", "--at", "next blursday", "x"],
            2,
            "could not understand the date 'next blursday'",
        ),
        (
            vec!["log", "Anna", "--mood", "7", "x"],
            2,
            "7 is not in -2..=2",
        ),
        (
            vec!["log", "Anna", "--kind", "dinner", "x"],
            2,
            "'dinner' is not a valid kind",
        ),
        (
            vec!["log", "Anna", "--signals", "trust=5"],
            2,
            "'trust=5' is not a signal",
        ),
        (vec!["contact", "add", ""], 2, "the name must not be empty"),
        (
            vec!["contact", "add", "   "],
            2,
            "the name must not be empty",
        ),
        (
            vec!["contact", "add", "X", "--tier", "Z"],
            2,
            "'Z' is not a valid tier",
        ),
        (
            vec!["contact", "add", "X", "--cadence", "0"],
            2,
            "could not understand the duration '0'",
        ),
        (
            vec!["contact", "add", "X", "--birthday", "2026-02-30"],
            2,
            "could not understand the date",
        ),
        (
            vec!["contact", "edit", "Anna", "--name", ""],
            2,
            "the name must not be empty",
        ),
        (
            vec!["import", truncated.to_str().unwrap()],
            1,
            "truncated.json: line 1, column",
        ),
        (
            vec!["import", newer.to_str().unwrap()],
            1,
            "format version 3 is newer",
        ),
        (
            vec!["import", bad_link.to_str().unwrap()],
            1,
            "entry 1: contact 5 is not in the file",
        ),
        (vec!["import", binary.to_str().unwrap()], 1, "not UTF-8"),
        (
            vec!["import", "/nonexistent/file.json"],
            1,
            "cannot read /nonexistent/file.json",
        ),
        (vec!["promise", "done", "abc"], 2, "'abc' is not an id"),
        (
            vec!["due", "--as-of", "someday"],
            2,
            "could not understand the date 'someday'",
        ),
        (vec!["frobnicate"], 2, "unrecognized subcommand"),
    ];
    for (args, code, message) in cases {
        let before = bytes(&db);
        let (got, out, err) = s.run(&args);
        assert_eq!(got, code, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed to stdout: {out}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("rapport: ") && err.contains(message),
            "{args:?}: {err}"
        );
        assert_eq!(bytes(&db), before, "{args:?} changed the database");
    }
}

#[test]
fn unusable_database_files_are_refused_untouched() {
    let s = Sandbox::new();
    // Not SQLite.
    let text = s.path("notes.txt");
    std::fs::write(&text, "just some text, not a database\n".repeat(100)).unwrap();
    let (code, _, err) = s.run(&["--db", text.to_str().unwrap(), "due"]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a rapport database"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "just some text, not a database\n".repeat(100)
    );

    // Written by a newer rapport.
    let newer = s.path("newer.db");
    s.ok(&["--db", newer.to_str().unwrap(), "contact", "add", "Anna"]);
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = bytes(&newer);
    let (code, _, err) = s.run(&["--db", newer.to_str().unwrap(), "contact", "list"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("written by a newer rapport (schema version 99")
            && err.contains("left untouched"),
        "{err}"
    );
    assert_eq!(bytes(&newer), before);
    assert!(!s.path("newer.db-wal").exists());

    // Another application's SQLite database.
    let other = s.path("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let before = bytes(&other);
    let (code, _, err) = s.run(&["--db", other.to_str().unwrap(), "due"]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a rapport database"), "{err}");
    assert_eq!(bytes(&other), before);

    // A directory that cannot be created (its parent is a file; root ignores permission bits).
    let blocker = s.path("blocker");
    std::fs::write(&blocker, "").unwrap();
    let (code, _, err) = s.run(&[
        "--db",
        blocker.join("sub/rapport.db").to_str().unwrap(),
        "due",
    ]);
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1);
    assert!(
        err.contains("cannot create the database directory"),
        "{err}"
    );

    // A database path that is a directory.
    let (code, _, err) = s.run(&["--db", s.home.path().to_str().unwrap(), "due"]);
    assert_eq!(code, 1);
    assert!(err.contains("it is a directory"), "{err}");
}

#[cfg(unix)]
#[test]
fn files_are_private_and_paths_follow_the_rules() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    let db = s.default_db();
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(db.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    let paths = s.ok(&["paths"]);
    assert!(paths.contains(db.to_str().unwrap()), "{paths}");
    assert!(paths.contains(".config/rapport/config.toml"), "{paths}");
    // RAPPORT_DB, then --db, win over the default.
    let env_db = s.path("env.db");
    let out = s
        .cmd(&["paths"])
        .env("RAPPORT_DB", &env_db)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(env_db.to_str().unwrap()));
    let out = s
        .cmd(&["--db", "/tmp/flag.db", "paths"])
        .env("RAPPORT_DB", &env_db)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("/tmp/flag.db"));
}

#[test]
fn config_changes_tier_cadence_and_bad_config_is_one_line() {
    let s = Sandbox::new();
    let config = s.path("config.toml");
    std::fs::write(&config, "[cadence]\ntier_a = 7\n").unwrap();
    s.ok(&["contact", "add", "Anna", "--tier", "A"]);
    let due = s
        .cmd(&["due", "--json", "--all"])
        .env("RAPPORT_CONFIG", &config)
        .output()
        .unwrap();
    let due = json(&String::from_utf8_lossy(&due.stdout));
    assert_eq!(due[0]["cadence_days"], 7);
    std::fs::write(&config, "[cadence\n").unwrap();
    let out = s
        .cmd(&["due"])
        .env("RAPPORT_CONFIG", &config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("config file"), "{err}");
}

#[test]
fn round_trip_export_import_export() {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Zoë Ødegaard 🎻",
        "--company",
        "Fjord & Co",
        "--tag",
        "Musik",
        "--tier",
        "B",
        "--birthday",
        "1984-02-29",
        "--met-on",
        "2019-05-01",
        "--note",
        "Zwei Kinder\nmag Tee",
        "--address-form",
        "du",
        "--cadence",
        "3m",
        "--email",
        "zoe@example.no",
        "--phone",
        "+47 123",
        "--role",
        "CEO",
    ]);
    s.ok(&["contact", "add", "Łukasz Wiśniewski"]);
    s.ok(&[
        "log",
        "Zoë,Łukasz",
        "--at",
        "2026-11-20 14:30",
        "--kind",
        "video",
        "--title",
        "Quartal",
        "--mood",
        "-1",
        "--initiative",
        "them",
        "--signals",
        "trust=+1,longterm=-1",
        "--promise",
        "Bericht",
        "--due",
        "in 2w",
        "Zeile 1\nZeile 2 \u{1b}[31m mit Escape",
    ]);
    s.ok(&["log", "Łukasz", "--kind", "note", "nur ein Gedanke"]);
    s.ok(&["promise", "done", "1"]);
    s.ok(&["contact", "archive", "Łukasz"]);
    let first = s.ok(&["export"]);
    let file = s.path("backup.json");
    s.ok(&["export", "--output", file.to_str().unwrap()]);
    assert_eq!(
        export_data(&std::fs::read_to_string(&file).unwrap()),
        export_data(&first)
    );

    let copy = s.path("copy.db");
    let counted = s.ok(&[
        "--db",
        copy.to_str().unwrap(),
        "import",
        "--dry-run",
        file.to_str().unwrap(),
    ]);
    assert!(
        counted.contains("would import 2 contacts, 2 entries (3 links), 1 promise (dry run"),
        "{counted}"
    );
    assert_eq!(
        s.ok(&["--db", copy.to_str().unwrap(), "export"])
            .matches("\"id\"")
            .count(),
        0,
        "dry run wrote nothing"
    );
    s.ok(&[
        "--db",
        copy.to_str().unwrap(),
        "import",
        file.to_str().unwrap(),
    ]);
    let second = s.ok(&["--db", copy.to_str().unwrap(), "export"]);
    assert_eq!(export_data(&second), export_data(&first));
    // The summaries are rebuilt on import: the copy answers `due` the same way.
    assert_eq!(
        s.ok(&["--db", copy.to_str().unwrap(), "due", "--json", "--all"]),
        s.ok(&["due", "--json", "--all"])
    );

    // Into a journal that already has data only with --merge: new ids, the links follow them.
    let busy = s.path("busy.db");
    let busy = busy.to_str().unwrap();
    s.ok(&["--db", busy, "contact", "add", "Someone Else"]);
    let (code, _, err) = s.run(&["--db", busy, "import", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--merge"), "{err}");
    s.ok(&["--db", busy, "import", "--merge", file.to_str().unwrap()]);
    let merged = json(&s.ok(&["--db", busy, "export"]));
    assert_eq!(merged["contacts"].as_array().unwrap().len(), 3);
    assert_eq!(merged["entries"][0]["contacts"], serde_json::json!([2, 3]));
}

/// Issue 13 #8: importing the same export twice doubles nothing. Without --merge a journal that holds
/// data refuses the import; with it, what the journal already holds is linked to, not written again.
#[test]
fn importing_the_same_export_twice_with_merge_changes_nothing() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Weber", "--company", "Weber AG"]);
    s.ok(&["contact", "add", "Ben Roth"]);
    s.ok(&[
        "log",
        "Anna,Ben",
        "--promise",
        "Angebot",
        "--due",
        "2026-12-04",
        "Treffen",
    ]);
    s.ok(&["log", "Anna", "Anruf"]);
    let file = s.path("x.json");
    s.ok(&["export", "--output", file.to_str().unwrap()]);
    let before = s.ok(&["export"]);
    let out = s.ok(&["import", "--merge", file.to_str().unwrap()]);
    assert!(out.contains("imported 0 contacts, 0 entries"), "{out}");
    assert!(out.contains("5 records already there"), "{out}");
    assert_eq!(s.ok(&["export"]), before, "nothing changed");
    let (code, _, err) = s.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(s.ok(&["export"]), before);
    // A journal that holds part of it gets the rest, linked to what it held.
    let other = s.path("other.db");
    let other = other.to_str().unwrap();
    s.ok(&[
        "--db",
        other,
        "contact",
        "add",
        "Anna Weber",
        "--company",
        "Weber AG",
    ]);
    s.ok(&[
        "--db",
        other,
        "contact",
        "add",
        "Anna Weber",
        "--company",
        "Anderswo GmbH",
    ]);
    let out = s.ok(&["--db", other, "import", "--merge", file.to_str().unwrap()]);
    assert!(out.contains("imported 1 contact, 2 entries"), "{out}");
    let merged = json(&s.ok(&["--db", other, "export"]));
    assert_eq!(merged["contacts"].as_array().unwrap().len(), 3, "{merged}");
    assert_eq!(merged["entries"][0]["contacts"], serde_json::json!([1, 3]));
    assert_eq!(merged["promises"][0]["contact"], serde_json::json!(1));
}

#[test]
fn escape_sequences_in_names_are_not_written_raw() {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Evil\u{1b}]0;pwned\u{7}Name",
        "--company",
        "\u{1b}[2JCorp",
    ]);
    s.ok(&[
        "log",
        "Evil",
        "--title",
        "t\u{1b}[31m",
        "body \u{1b}[5m blink",
    ]);
    for args in [
        vec!["contact", "list"],
        vec!["contact", "show", "1"],
        vec!["due", "--all"],
        vec!["search", "body"],
        vec!["promise", "list"],
    ] {
        let (_, out, err) = s.run(&args);
        assert!(
            !out.contains('\u{1b}') && !err.contains('\u{1b}'),
            "{args:?}: {out:?} {err:?}"
        );
    }
    // JSON keeps the exact text, escaped by the JSON encoder.
    let exported = s.ok(&["export"]);
    assert!(!exported.contains('\u{1b}') && exported.contains("\\u001b"));
}

#[test]
fn search_handles_fts_syntax_as_words() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    s.ok(&["log", "Anna", "AND NEAR the \"quoted\" - minus"]);
    for query in [
        "\"", "NEAR(", "*", "-", "AND", "\"quoted", "a OR", "(", ")", "^", "title:x",
    ] {
        let (code, _, err) = s.run(&["search", query]);
        assert_eq!(code, 0, "{query}: {err}");
    }
    assert_eq!(
        json(&s.ok(&["search", "\"quoted", "--json", "--groups"]))["entries"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn completions_and_help_work() {
    let s = Sandbox::new();
    assert!(s.ok(&["completions", "bash"]).contains("_rapport"));
    assert!(s.ok(&["--help"]).contains("Write a journal entry"));
    assert!(s.ok(&["log", "--help"]).contains("--their-promise"));
}

#[test]
fn promises_can_be_edited_reopened_and_deleted() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    s.ok(&["log", "Anna", "--promise", "Angebot", "--due", "yesterday"]);
    assert_eq!(
        s.ok(&[
            "promise",
            "edit",
            "1",
            "--text",
            "Neues Angebot",
            "--due",
            "2026-12-04"
        ]),
        "1\n"
    );
    let list = json(&s.ok(&["promise", "list", "--json"]));
    assert_eq!(
        (list[0]["text"].as_str(), list[0]["due"].as_str()),
        (Some("Neues Angebot"), Some("2026-12-04"))
    );
    // Only what is given changes; an empty --due clears the date.
    s.ok(&["promise", "edit", "#1", "--due", ""]);
    let list = json(&s.ok(&["promise", "list", "--json"]));
    assert_eq!(
        (list[0]["text"].as_str(), list[0]["due"].as_str()),
        (Some("Neues Angebot"), None)
    );
    for (args, code) in [
        (&["promise", "edit", "1"][..], 2),
        (&["promise", "edit", "1", "--text", " "][..], 2),
        (&["promise", "edit", "1", "--due", "someday"][..], 2),
        (&["promise", "edit", "9", "--text", "x"][..], 1),
        (&["promise", "reopen", "9"][..], 1),
    ] {
        let (got, _, err) = s.run(args);
        assert_eq!(got, code, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }

    s.ok(&["promise", "done", "1"]);
    assert_eq!(s.ok(&["promise", "reopen", "1"]), "1\n");
    let list = json(&s.ok(&["promise", "list", "--open", "--json"]));
    assert_eq!(
        (list[0]["status"].as_str(), list[0]["closed_at"].as_str()),
        (Some("open"), None)
    );

    // Deleting asks first; without a terminal it needs --yes and changes nothing.
    let (code, _, err) = s.run(&["promise", "delete", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(
        json(&s.ok(&["promise", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let out = s.ok(&["promise", "delete", "1", "--yes"]);
    assert!(out.contains("#1"), "{out}");
    assert_eq!(s.ok(&["promise", "list", "--json"]).trim(), "[]");
}

#[test]
fn entries_can_be_shown_edited_and_deleted() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Schmidt"]);
    s.ok(&["contact", "add", "Ben Weber"]);
    s.ok(&[
        "log",
        "Anna",
        "--at",
        "2026-11-20 14:30",
        "--kind",
        "call",
        "--title",
        "Kick-off",
        "--mood",
        "1",
        "--signals",
        "trust=+1",
        "--promise",
        "Angebot",
        "Erstes Gespräch",
    ]);
    s.ok(&["log", "Ben", "--kind", "email", "Nur eine Mail"]);

    let shown = s.ok(&["entry", "show", "1"]);
    for part in [
        "#1",
        "Anna Schmidt",
        "Kick-off",
        "Erstes Gespräch",
        "Angebot",
        "+1",
    ] {
        assert!(shown.contains(part), "{part}: {shown}");
    }
    let record = json(&s.ok(&["entry", "show", "#1", "--json"]));
    assert_eq!(record["promises"][0]["text"], "Angebot");

    // Only what is given changes.
    assert_eq!(
        s.ok(&[
            "entry",
            "edit",
            "1",
            "--kind",
            "meeting",
            "--contacts",
            "Anna,Ben",
            "--mood",
            "-2",
            "--signals",
            "competence=-1"
        ]),
        "1\n"
    );
    let e = json(&s.ok(&["entry", "show", "1", "--json"]));
    assert_eq!(e["kind"], "meeting");
    assert_eq!(e["title"], "Kick-off");
    assert_eq!(e["body"], "Erstes Gespräch");
    assert_eq!(e["mood"], -2);
    assert_eq!(
        e["contact_names"],
        serde_json::json!(["Anna Schmidt", "Ben Weber"])
    );
    assert_eq!(e["signals"]["trust"], 1);
    assert_eq!(e["signals"]["competence"], -1);
    s.ok_with_stdin(
        &["entry", "edit", "1", "--title", "", "--mood", "", "-"],
        "Neuer Text\n",
    );
    let e = json(&s.ok(&["entry", "show", "1", "--json"]));
    assert_eq!(
        (e["title"].clone(), e["mood"].clone(), e["body"].as_str()),
        (Value::Null, Value::Null, Some("Neuer Text"))
    );
    assert_eq!(
        json(&s.ok(&["search", "neuer", "--json", "--groups"]))["entries"][0]["id"],
        1
    );
    for args in [
        &["entry", "edit", "1"][..],
        &["entry", "edit", "1", "--mood", "3"][..],
        &["entry", "edit", "1", "--kind", "lunch"][..],
        &["entry", "show", "x"][..],
    ] {
        let (code, _, err) = s.run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    let (code, _, err) = s.run(&["entry", "show", "9"]);
    assert_eq!((code, err.trim()), (1, "rapport: entry #9 does not exist"));

    // An entry with promises needs a decision about them.
    let (code, _, err) = s.run(&["entry", "delete", "1", "--yes"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--with-promises") && err.contains("--keep-promises"),
        "{err}"
    );
    let (code, _, err) = s.run(&["entry", "delete", "1", "--keep-promises"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(
        json(&s.ok(&["entries", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    s.ok(&["entry", "delete", "1", "--keep-promises", "--yes"]);
    let promises = json(&s.ok(&["promise", "list", "--json"]));
    assert_eq!(promises[0]["entry"], Value::Null);
    // An entry without promises needs no decision.
    s.ok(&["entry", "delete", "2", "--yes"]);
    assert_eq!(s.ok(&["entries", "--json"]).trim(), "[]");
    assert_eq!(
        json(&s.ok(&["search", "neuer", "--json", "--groups"]))["entries"],
        serde_json::json!([])
    );
}

#[test]
fn deleting_an_entry_with_its_promises() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    s.ok(&[
        "log",
        "Anna",
        "--promise",
        "A",
        "--their-promise",
        "B",
        "Text",
    ]);
    let out = s.ok(&["entry", "delete", "1", "--with-promises", "--yes"]);
    assert!(out.contains('2'), "{out}");
    assert_eq!(s.ok(&["promise", "list", "--json"]).trim(), "[]");
    let (code, _, err) = s.run(&[
        "entry",
        "delete",
        "1",
        "--with-promises",
        "--keep-promises",
        "--yes",
    ]);
    assert_eq!(code, 2, "{err}");
}

/// Text piped in from a Windows tool (CRLF) or a terminal paste (lone CR) is stored with LF: the
/// listing shows each line on its own, with no `^M`.
#[test]
fn stdin_with_cr_line_breaks_lists_as_separate_lines() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Weber"]);
    s.ok_with_stdin(
        &["log", "Anna", "--title", "Messe", "-"],
        "first\r\nsecond\rthird\r\n",
    );
    let listed = s.ok(&["entries"]);
    assert!(!listed.contains("^M"), "{listed}");
    for line in ["    first\n", "    second\n", "    third\n"] {
        assert!(listed.contains(line), "{line:?} in {listed}");
    }
}

/// A touch cannot lie in the future: `log --at` a later time is refused with when "now" is and the
/// advice to record a promise; a few minutes ahead (clock skew, a rounded time) are accepted.
#[test]
fn entries_in_the_future_are_refused() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Weber"]);
    for at in ["today 11:00", "tomorrow", "in 4 days", "2026-11-27 10:06"] {
        let (code, _, stderr) = s.run(&["log", "Anna", "--at", at, "planned"]);
        assert_eq!(code, 2, "{at}: {stderr}");
        assert!(
            stderr.contains("in the future") && stderr.contains("2026-11-27 10:00"),
            "{at}: {stderr}"
        );
        assert!(stderr.contains("promise with a due date"), "{stderr}");
    }
    assert!(s.ok(&["entries"]).is_empty(), "nothing was written");
    s.ok(&["log", "Anna", "--at", "today 10:04", "just now"]);
    s.ok(&["log", "Anna", "--at", "yesterday", "earlier"]);
    assert_eq!(s.ok(&["entries"]).matches("#").count(), 2);
}

/// Issue 11 #25: birthdays without a year and "since" as a month are accepted; the placeholder year
/// never shows, and vCard writes and reads `--MMDD`.
#[test]
fn birthdays_without_a_year_and_since_a_month() {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Anna",
        "--birthday",
        "14.07.",
        "--met-on",
        "März 2019",
    ]);
    s.ok(&[
        "contact",
        "add",
        "Ben",
        "--birthday",
        "--0413",
        "--met-on",
        "2019-03",
    ]);
    s.ok(&[
        "contact",
        "add",
        "Cleo",
        "--birthday",
        "1970-04-13",
        "--met-on",
        "2019",
    ]);
    let shown = s.ok(&["contact", "show", "Anna"]);
    assert!(shown.contains("14.07."), "{shown}");
    assert!(shown.contains("2019-03-01"), "{shown}");
    assert!(!shown.contains("1904"), "{shown}");
    let shown = s.ok(&["contact", "show", "Ben"]);
    assert!(
        shown.contains("13.04.") && !shown.contains("1904"),
        "{shown}"
    );
    assert!(s.ok(&["contact", "show", "Cleo"]).contains("1970-04-13"));
    let c = json(&s.ok(&["contact", "show", "Cleo", "--json"]));
    assert_eq!(c["contact"]["met_on"], "2019-01-01");
    let (code, _, err) = s.run(&["contact", "edit", "Anna", "--birthday", "31.02."]);
    assert_eq!(code, 2, "{err}");

    let cards = s.ok(&["export", "--format", "vcard"]);
    assert!(cards.contains("BDAY:--0714\r\n"), "{cards}");
    assert!(cards.contains("BDAY:--0413\r\n"), "{cards}");
    assert!(cards.contains("BDAY:19700413\r\n"), "{cards}");
    assert!(!cards.contains("1904"), "{cards}");
    // Read back into a fresh journal: still without a year.
    let file = s.path("cards.vcf");
    std::fs::write(&file, &cards).unwrap();
    let other = Sandbox::new();
    other.ok(&["import", "--format", "vcard", file.to_str().unwrap()]);
    let shown = other.ok(&["contact", "show", "Anna"]);
    assert!(
        shown.contains("14.07.") && !shown.contains("1904"),
        "{shown}"
    );
    assert_eq!(other.ok(&["export", "--format", "vcard"]), cards);
}

/// Issue 13 #11: a birthday without a year is `--MM-DD` in `contact show --json` and `contact list
/// --json` (never the placeholder year), while the JSON backup keeps `1904-MM-DD` so that importing
/// it gives the journal back exactly.
#[test]
fn json_views_write_a_birthday_without_a_year_as_month_and_day() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna", "--birthday", "14.07."]);
    s.ok(&["contact", "add", "Cleo", "--birthday", "1970-04-13"]);
    let anna = json(&s.ok(&["contact", "show", "Anna", "--json"]));
    assert_eq!(anna["contact"]["birthday"], "--07-14");
    let list = json(&s.ok(&["contact", "list", "--json"]));
    let birthdays: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["birthday"].as_str().unwrap())
        .collect();
    assert_eq!(birthdays, ["--07-14", "1970-04-13"]);
    let backup = s.ok(&["export"]);
    assert!(backup.contains("\"birthday\":\"1904-07-14\""), "{backup}");
    let file = s.path("rapport.json");
    std::fs::write(&file, &backup).unwrap();
    let other = Sandbox::new();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.ok(&["export"]), backup);
}

/// Issue 17: `--private yes|no` on `contact add` and `contact edit` (ja/nein too) marks a contact as
/// kept from assistants; `contact show` says so in a line, and the JSON views carry `"private": true`
/// only when it is set, as the backup does.
#[test]
fn the_private_mark_is_set_shown_and_cleared() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna", "--private", "yes"]);
    s.ok(&["contact", "add", "Bernd"]);
    s.ok(&["contact", "edit", "Bernd", "--private", "ja"]);
    s.ok(&["contact", "add", "Cleo"]);
    let bernd = json(&s.ok(&["contact", "show", "Bernd", "--json"]));
    assert_eq!(bernd["contact"]["private"], true);
    let cleo = json(&s.ok(&["contact", "show", "Cleo", "--json"]));
    assert!(cleo["contact"].get("private").is_none(), "{cleo}");
    let list = json(&s.ok(&["contact", "list", "--json"]));
    let private: Vec<bool> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["private"].as_bool().unwrap_or(false))
        .collect();
    assert_eq!(private, [true, true, false]);
    let shown = s.ok(&["contact", "show", "Anna"]);
    assert!(shown.contains("not shared with assistants"), "{shown}");
    assert!(!s.ok(&["contact", "show", "Cleo"]).contains("assistants"));
    let german = s
        .cmd(&["contact", "show", "Anna"])
        .env("LANG", "de_DE.UTF-8")
        .output()
        .unwrap();
    let german = String::from_utf8_lossy(&german.stdout);
    assert!(german.contains("nicht für Assistenten"), "{german}");
    s.ok(&["contact", "edit", "Anna", "--private", "no"]);
    let anna = json(&s.ok(&["contact", "show", "Anna", "--json"]));
    assert!(anna["contact"].get("private").is_none(), "{anna}");
    let (code, _, err) = s.run(&["contact", "edit", "Anna", "--private", "vielleicht"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("'vielleicht' is neither yes nor no"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// Issue 13: a contact's address card — further emails and phones, addresses, web addresses — is in
/// `contact show`, sanitised, and in `contact show --json` by kind and as the kept rows.
#[test]
fn contact_show_has_the_address_card() {
    use rapport::domain::model::CardProperty;
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Anna Weber",
        "--email",
        "anna@weber.example",
        "--phone",
        "+49 40 555 0100",
    ]);
    let rows = [
        ("EMAIL", "TYPE=INTERNET;TYPE=pref", "anna@weber.example"),
        ("item1.EMAIL", "TYPE=INTERNET", "anna.private@mail.example"),
        ("item1.X-ABLABEL", "", "_$!<Home>!$_"),
        ("TEL", "TYPE=CELL;TYPE=VOICE", "+49 170 555 0101"),
        (
            "ADR",
            "TYPE=WORK",
            ";;Am Sandtorkai 5\\, 3. OG;Hamburg;;20457;Deutschland",
        ),
        ("URL", "", "https\\://weber.example/\u{1b}]52;c;evil\u{7}"),
        ("PHOTO", "ENCODING=b;TYPE=JPEG", "/9j/4AAQ"),
    ]
    .map(|(name, params, value)| CardProperty {
        name: name.into(),
        params: params.into(),
        value: value.into(),
    });
    let mut store = rapport::store::Store::open(&s.default_db()).unwrap();
    store.set_card_properties(1, &rows).unwrap();
    drop(store);

    let text = s.ok(&["contact", "show", "Anna"]);
    assert!(text.contains("\nFrom the address card\n"), "{text}");
    // A column as wide as the longest heading and two spaces.
    for (heading, value) in [
        ("Email (home)", "anna.private@mail.example"),
        ("Phone (mobile)", "+49 170 555 0101"),
        ("Postal address (work)", "Am Sandtorkai 5, 3. OG"),
        ("", "20457 Hamburg"),
        ("", "Deutschland"),
    ] {
        let line = format!("\n  {heading:<23}{value}\n");
        assert!(text.contains(&line), "{line:?} in:\n{text}");
    }
    assert!(
        text.contains("\n  A photo is kept with the card.\n"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "{text}");
    assert_eq!(text.matches("anna@weber.example").count(), 1, "{text}");

    let shown = json(&s.ok(&["contact", "show", "Anna", "--json"]));
    let emails = shown["emails"].as_array().unwrap();
    assert_eq!(emails[0]["value"], "anna@weber.example");
    assert_eq!(emails[0]["primary"], true);
    assert_eq!(emails[1]["value"], "anna.private@mail.example");
    assert_eq!(emails[1]["types"], serde_json::json!(["home"]));
    assert_eq!(emails[1]["label"], "home");
    assert_eq!(shown["phones"][1]["types"], serde_json::json!(["cell"]));
    assert_eq!(shown["phones"][1]["label"], "mobile");
    let address = &shown["addresses"][0];
    assert_eq!(address["street"], "Am Sandtorkai 5, 3. OG");
    assert_eq!(address["postal_code"], "20457");
    assert_eq!(address["locality"], "Hamburg");
    assert_eq!(address["country"], "Deutschland");
    assert_eq!(
        shown["urls"][0]["value"], "https://weber.example/\u{1b}]52;c;evil\u{7}",
        "JSON carries the value as stored, escaped by JSON"
    );
    assert_eq!(shown["photo"], true);
    let card = shown["card"].as_array().unwrap();
    assert_eq!(card.len(), rows.len());
    assert_eq!(card[1]["name"], "item1.EMAIL");
    assert_eq!(card[1]["params"], "TYPE=INTERNET");
}
