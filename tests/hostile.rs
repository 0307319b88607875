//! Hostile and broken input on every path: arguments, dates, bodies, imports, the config file and the
//! database file itself. Each case gives the right result or one clear line (exit 1 or 2), never a
//! panic, and a refused case leaves the database byte for byte as it was.

mod common;

use common::{Sandbox, bytes};
use std::ffi::OsString;
use std::path::PathBuf;

/// What a case expects.
enum Expect {
    /// Success; stdout contains this.
    Ok(&'static str),
    /// Failure with this exit code and this text in its one line.
    Fails(i32, &'static str),
}

use Expect::{Fails, Ok};

struct Case {
    args: Vec<OsString>,
    stdin: Vec<u8>,
    env: Vec<(&'static str, OsString)>,
    expect: Expect,
}

fn case(args: &[&str], expect: Expect) -> Case {
    Case {
        args: args.iter().map(OsString::from).collect(),
        stdin: Vec::new(),
        env: Vec::new(),
        expect,
    }
}

fn with_stdin(args: &[&str], stdin: Vec<u8>, expect: Expect) -> Case {
    Case {
        stdin,
        ..case(args, expect)
    }
}

fn with_env(args: &[&str], key: &'static str, value: impl Into<OsString>, expect: Expect) -> Case {
    Case {
        env: vec![(key, value.into())],
        ..case(args, expect)
    }
}

fn write(s: &Sandbox, name: &str, content: &[u8]) -> String {
    let path = s.path(name);
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_string()
}

fn run_cases(s: &Sandbox, db: &std::path::Path, cases: Vec<Case>) -> usize {
    let count = cases.len();
    for (index, c) in cases.into_iter().enumerate() {
        let before = bytes(db);
        let mut cmd = s.cmd(&[]);
        cmd.args(&c.args).write_stdin(c.stdin);
        for (k, v) in &c.env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let label = format!("case {index}: {:?}", c.args);
        assert!(!stderr.contains("panicked"), "{label} panicked: {stderr}");
        assert!(
            !stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'),
            "{label} wrote a raw escape"
        );
        match c.expect {
            Ok(fragment) => {
                assert_eq!(out.status.code(), Some(0), "{label}: {stderr}");
                assert!(
                    stdout.contains(fragment) || stderr.contains(fragment),
                    "{label}: {stdout} {stderr}"
                );
            }
            Fails(code, fragment) => {
                assert_eq!(out.status.code(), Some(code), "{label}: {stderr}");
                assert!(stdout.is_empty(), "{label} printed to stdout: {stdout}");
                assert_eq!(stderr.lines().count(), 1, "{label}: {stderr}");
                assert!(
                    stderr.starts_with("rapport: ") && stderr.contains(fragment),
                    "{label}: {stderr}"
                );
                assert_eq!(bytes(db), before, "{label} changed the database");
            }
        }
    }
    count
}

#[test]
fn arguments_dates_bodies_and_search_syntax() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    s.ok(&["log", "Anna", "erster Eintrag"]);
    let db = s.default_db();
    let big = "Wort ".repeat(2_000_000) + "Nadelimheuhaufen";
    let mut invalid_arg = vec![OsString::from("log"), OsString::from("Anna")];
    #[cfg(unix)]
    invalid_arg.push(std::os::unix::ffi::OsStringExt::from_vec(vec![
        0x66, 0xff, 0x6f,
    ]));
    let cases = vec![
        case(
            &["log", "Anna", "--mood", "7"],
            Fails(2, "7 is not in -2..=2"),
        ),
        case(
            &["log", "Anna", "--mood", "-3"],
            Fails(2, "-3 is not in -2..=2"),
        ),
        case(
            &["log", "Anna", "--mood", "abc"],
            Fails(2, "invalid value 'abc'"),
        ),
        case(
            &["log", "Anna", "--kind", "dinner"],
            Fails(2, "'dinner' is not a valid kind"),
        ),
        case(
            &["log", "Anna", "--initiative", "nobody"],
            Fails(2, "'nobody' is not a valid initiative"),
        ),
        case(
            &["log", "Anna", "--signals", "trust=5"],
            Fails(2, "'trust=5' is not a signal"),
        ),
        case(
            &["log", "Anna", "--signals", "love=1"],
            Fails(2, "'love=1' is not a signal"),
        ),
        case(
            &["log", "Anna", "--at", "next blursday"],
            Fails(2, "could not understand the date 'next blursday'"),
        ),
        case(
            &["log", "Anna", "--at", "2026-02-30"],
            Fails(2, "could not understand the date '2026-02-30'"),
        ),
        case(
            &["log", "Anna", "--at", "99999999999d ago"],
            Fails(2, "out of range"),
        ),
        case(
            &["log", "Anna", "--at", ""],
            Fails(2, "could not understand the date"),
        ),
        case(
            &["log", "Anna", "--promise", " ", "x"],
            Fails(2, "a promise needs some text"),
        ),
        case(
            &["log", "Anna", "--due", "friday", "x"],
            Fails(2, "--due must follow a --promise"),
        ),
        case(&["log", "", "x"], Fails(2, "name at least one contact")),
        case(&["log", ",,,", "x"], Fails(2, "name at least one contact")),
        case(
            &["log", "Nobody", "x"],
            Fails(1, "no contact matches 'Nobody'"),
        ),
        case(
            &["log", "Anna\u{1b}[31m", "x"],
            Fails(1, "no contact matches 'Anna^[[31m'"),
        ),
        case(
            &["contact", "add", ""],
            Fails(2, "the name must not be empty"),
        ),
        case(
            &["contact", "add", "   "],
            Fails(2, "the name must not be empty"),
        ),
        case(
            &["contact", "add", "X", "--tier", "Z"],
            Fails(2, "'Z' is not a valid tier"),
        ),
        case(
            &["contact", "add", "X", "--cadence", "0"],
            Fails(2, "could not understand the duration '0'"),
        ),
        case(
            &["contact", "add", "X", "--cadence", "=-5"],
            Fails(2, "could not understand the duration"),
        ),
        case(
            &["contact", "add", "X", "--cadence", "1000y"],
            Fails(2, "out of range"),
        ),
        case(
            &["contact", "add", "X", "--birthday", "2026-13-01"],
            Fails(2, "could not understand the date"),
        ),
        case(
            &["contact", "add", "X", "--address-form", "ihr"],
            Fails(2, "'ihr' is not a valid address form"),
        ),
        case(
            &["contact", "edit", "Nobody", "--company", "X"],
            Fails(1, "no contact matches 'Nobody'"),
        ),
        case(
            &["contact", "show", "#999"],
            Fails(1, "no contact matches '#999'"),
        ),
        case(&["promise", "done", "abc"], Fails(2, "'abc' is not an id")),
        case(
            &["promise", "done", "999"],
            Fails(1, "promise #999 does not exist"),
        ),
        case(
            &["due", "--as-of", "someday"],
            Fails(2, "could not understand the date 'someday'"),
        ),
        case(&["frobnicate"], Fails(2, "unrecognized subcommand")),
        case(&["--db"], Fails(2, "a value is required")),
        case(
            &["export", "--format", "xml"],
            Fails(2, "invalid value 'xml'"),
        ),
        Case {
            args: invalid_arg,
            stdin: Vec::new(),
            env: Vec::new(),
            expect: Fails(2, "invalid UTF-8"),
        },
        case(&["search", ""], Ok("Nothing found")),
        case(&["search", "\""], Ok("Nothing found")),
        case(&["search", "NEAR("], Ok("Nothing found")),
        case(&["search", "*"], Ok("Nothing found")),
        case(&["search", "-"], Ok("Nothing found")),
        case(&["search", "AND"], Ok("Nothing found")),
        case(&["search", "a OR"], Ok("Nothing found")),
        // Column filters are text like any other since schema 8 (the index has no columns).
        case(&["search", "body:erster"], Ok("Nothing found")),
        case(&["search", "erster"], Ok("erster Eintrag")),
        case(&["search", "title:erster"], Ok("Nothing found")),
        case(&["search", "erst*", "--limit", "0"], Ok("Nothing found")),
        case(&["entries", "-n", "0"], Ok("No entries")),
        with_stdin(
            &["log", "Anna", "-"],
            b"nul \0 byte and escape \x1b[2J".to_vec(),
            Ok(""),
        ),
        with_stdin(
            &["log", "Anna", "-"],
            vec![0x66, 0xff, 0xfe, 0x6f],
            Fails(1, "cannot read the body from stdin"),
        ),
        with_stdin(&["log", "Anna", "-"], big.into_bytes(), Ok("")),
        case(&["search", "nadelimheuhaufen"], Ok("Nadelimheuhaufen")),
        case(&["entries", "-n", "3"], Ok("nul ^@ byte and escape ^[[2J")),
    ];
    let n = run_cases(&s, &db, cases);
    assert!(n >= 45);
}

#[test]
fn imports_and_config_files() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    let db = s.default_db();
    let valid = r#"{"format":"rapport","version":1,"contacts":[{"id":1,"name":"X","created_at":"2026-01-01T10:00:00+01:00"}],"entries":[],"promises":[]}"#;
    let cases = vec![
        case(&["import", &write(&s, "t.json", &valid.as_bytes()[..40])], Fails(1, "t.json: line 1, column")),
        case(&["import", &write(&s, "v.json", valid.replace("\"version\":1", "\"version\":9").as_bytes())], Fails(1, "format version 9 is newer")),
        case(&["import", &write(&s, "o.json", br#"{"format":"other","version":1}"#)], Fails(1, "not a rapport export")),
        case(&["import", &write(&s, "a.json", b"[]")], Fails(1, "a.json: line 1, column")),
        case(&["import", &write(&s, "e.json", b"")], Fails(1, "e.json: line 1, column 0")),
        case(&["import", &write(&s, "d.json", valid.replace("\"entries\":[]", r#""entries":[{"id":1,"occurred_at":"2026-01-01T10:00:00+01:00","kind":"call","contacts":[1]},{"id":1,"occurred_at":"2026-01-01T10:00:00+01:00","kind":"call","contacts":[1]}]"#).as_bytes())], Fails(1, "entry 1: the id appears twice")),
        case(&["import", &write(&s, "m.json", valid.replace("\"entries\":[]", r#""entries":[{"id":4,"occurred_at":"2026-01-01T10:00:00+01:00","kind":"call","contacts":[1],"mood":7}]"#).as_bytes())], Fails(1, "entry 4: mood 7 is outside -2..2")),
        case(&["import", &write(&s, "x.json", valid.replace("2026-01-01T10:00:00+01:00", "yesterday").as_bytes())], Fails(1, "contact 1: created_at 'yesterday' is not an RFC 3339 instant")),
        case(&["import", &write(&s, "n.json", valid.replace("\"name\":\"X\"", "\"name\":\"  \"").as_bytes())], Fails(1, "contact 1: the name is empty")),
        case(&["import", &write(&s, "l.json", valid.replace("\"entries\":[]", r#""entries":[{"id":4,"occurred_at":"2026-01-01T10:00:00+01:00","kind":"call","contacts":[8]}]"#).as_bytes())], Fails(1, "entry 4: contact 8 is not in the file")),
        case(&["import", &write(&s, "b.json", &[0u8, 159, 146, 150, 0, 1, 2])], Fails(1, "not UTF-8")),
        case(&["import", "/nonexistent/x.json"], Fails(1, "cannot read /nonexistent/x.json")),
        case(&["import", s.home.path().to_str().unwrap()], Fails(1, "cannot read")),
        case(&["import", &write(&s, "ok.json", valid.as_bytes()), "--dry-run", "--merge"], Ok("would import 1 contact, 0 entries")),
        with_env(&["due"], "RAPPORT_CONFIG", write(&s, "c1.toml", b"[cadence\n"), Fails(1, "config file")),
        with_env(&["due"], "RAPPORT_CONFIG", write(&s, "c2.toml", b"colour = true\n"), Fails(1, "unknown field `colour`")),
        with_env(&["due"], "RAPPORT_CONFIG", write(&s, "c3.toml", b"[cadence]\ntier_a = 0\n"), Fails(1, "cadence.tier_a must be between 1 and 36500")),
        with_env(&["due"], "RAPPORT_CONFIG", write(&s, "c4.toml", &[0xff, 0xfe, 0x00]), Fails(1, "config file")),
        with_env(&["due"], "RAPPORT_CONFIG", s.home.path().as_os_str().to_owned(), Fails(1, "cannot read config file")),
        with_env(&["due"], "RAPPORT_NOW", "not a time", Fails(1, "RAPPORT_NOW 'not a time' is not an RFC 3339 instant")),
    ];
    let n = run_cases(&s, &db, cases);
    assert!(n >= 20);
}

#[test]
fn database_files_of_every_kind() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    let good = s.default_db();
    // A copy of a real database, cut short.
    let whole = std::fs::read(&good).unwrap();
    let truncated = write(&s, "truncated.db", &whole[..whole.len().min(5000)]);
    let text = write(&s, "text.db", &b"just some text\n".repeat(300));
    let empty = write(&s, "empty.db", b"");
    let other = s.path("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = s.path("newer.db");
    s.ok(&["--db", newer.to_str().unwrap(), "contact", "add", "N"]);
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", 42).unwrap();
        let _: String = conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .unwrap();
    }
    let blocker = write(&s, "blocker", b"");
    let cases: Vec<(String, Expect)> = vec![
        (
            truncated.clone(),
            Fails(
                1,
                "is not a rapport database (not SQLite, encrypted, or damaged)",
            ),
        ),
        (text.clone(), Fails(1, "is not a rapport database")),
        (
            other.to_str().unwrap().to_string(),
            Fails(1, "is not a rapport database"),
        ),
        (
            newer.to_str().unwrap().to_string(),
            Fails(1, "written by a newer rapport (schema version 42"),
        ),
        (
            format!("{blocker}/sub/x.db"),
            Fails(1, "cannot create the database directory"),
        ),
        (
            s.home.path().to_str().unwrap().to_string(),
            Fails(1, "it is a directory"),
        ),
        (empty.clone(), Ok("[]")),
    ];
    for (path, expect) in cases {
        let before = bytes(&PathBuf::from(&path));
        let out = s.cmd(&["--db", &path, "due", "--json"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{path}: {stderr}");
        match expect {
            Ok(fragment) => {
                assert_eq!(out.status.code(), Some(0), "{path}: {stderr}");
                assert!(String::from_utf8_lossy(&out.stdout).contains(fragment));
            }
            Fails(code, fragment) => {
                assert_eq!(out.status.code(), Some(code), "{path}: {stderr}");
                assert_eq!(stderr.lines().count(), 1, "{path}: {stderr}");
                assert!(stderr.contains(fragment), "{path}: {stderr}");
                assert_eq!(bytes(&PathBuf::from(&path)), before, "{path} was changed");
            }
        }
    }
}

/// As an ordinary user (root ignores file modes), a database the user may only read is refused with
/// one clear line and left as it is. Needs `setpriv` and the right to switch users (under `CI=true`
/// their absence fails the test).
#[cfg(unix)]
#[test]
fn a_read_only_database() {
    use std::os::unix::fs::PermissionsExt;
    if std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_err()
    {
        common::cannot_run("setpriv is not available to run as another user");
        return;
    }
    let s = Sandbox::new();
    let dir = s.path("ro");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("rapport.db");
    s.ok(&["--db", db.to_str().unwrap(), "contact", "add", "Anna"]);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let _: String = conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .unwrap();
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(s.home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let before = bytes(&db);
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .args(["--db", db.to_str().unwrap(), "log", "Anna", "x"])
        .env_clear()
        .env("HOME", s.home.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("setpriv") {
        common::cannot_run(&format!(
            "setpriv may not change user here: {}",
            stderr.trim()
        ));
        return;
    }
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot open the database for writing") || stderr.contains("read-only"),
        "{stderr}"
    );
    assert_eq!(bytes(&db), before);
}

/// A full disk, simulated with SQLite's page limit: the write fails with a clear error and the
/// database keeps what it had.
#[test]
fn a_full_disk_refuses_the_write_and_keeps_the_data() {
    use rapport::domain::model::{Contact, Entry, Kind, Signals};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let now = chrono::DateTime::parse_from_rfc3339(common::NOW).unwrap();
    let mut store = rapport::store::Store::open(&path).unwrap();
    let anna = store.add_contact(&Contact::new("Anna", now)).unwrap();
    let pages: i64 = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap()
    };
    store.limit_pages_for_tests(pages + 2).unwrap();
    let entry = Entry {
        id: 0,
        occurred_at: now,
        kind: Kind::Call,
        title: None,
        body: "x".repeat(1_000_000),
        contacts: vec![anna],
        mood: None,
        initiative: None,
        signals: Signals::default(),
    };
    let err = store.add_entry(&entry, &[]).unwrap_err();
    assert!(err.to_string().contains("full"), "{err}");
    drop(store);
    let store = rapport::store::Store::open(&path).unwrap();
    assert_eq!(store.entry_count(None).unwrap(), 0);
    assert_eq!(store.contact_count().unwrap(), 1);
    assert!(store.check_integrity().unwrap().is_empty());
}
