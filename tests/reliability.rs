//! Never lose a word: writers killed with SIGKILL at random moments, and several writers at once while
//! the app is open. The long runs are reduced by default; `.ci/run` sets the full counts:
//! `RAPPORT_CRASH_ITERATIONS` (CLI kills, full 200), `RAPPORT_APP_CRASH_ITERATIONS` (app kills, full 50),
//! `RAPPORT_CONCURRENT_ENTRIES` (entries per writer, full 1,000).

mod common;

use common::pty::{App, keys};
use common::{Dice, Sandbox, count};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The database is whole: SQLite's integrity check, the search index agrees with the entries, and
/// every contact's maintained last touch agrees with its entries.
fn assert_sound(db: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    conn.execute(
        "INSERT INTO entries_search (entries_search, rank) VALUES ('integrity-check', 0)",
        [],
    )
    .expect("the search index agrees with the entries");
    let stale: i64 = conn
        .query_row(
            "SELECT count(*) FROM contacts c WHERE coalesce(c.last_touch_ts, -1) <> coalesce(
                (SELECT max(occurred_ts) FROM entry_contacts WHERE contact_id = c.id AND is_touch = 1), -1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0, "maintained last touches agree with the entries");
    conn
}

fn titles(conn: &rusqlite::Connection) -> std::collections::HashSet<String> {
    let mut stmt = conn
        .prepare("SELECT title FROM entries WHERE title IS NOT NULL")
        .unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn cli_writers_killed_at_random_moments_lose_nothing_they_acknowledged() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    s.ok(&["contact", "add", "Ben"]);
    let iterations = count("RAPPORT_CRASH_ITERATIONS", 40);
    let mut dice = Dice(0x5eed_1234_abcd);
    let mut acknowledged = Vec::new();
    let mut killed = 0;
    for i in 0..iterations {
        let title = format!("crash-{i}");
        let mut child = s
            .spawnable(&[
                "log",
                "Anna,Ben",
                "--title",
                &title,
                "--promise",
                "etwas",
                "Vertrauen und Verlässlichkeit",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(dice.next(25_000)));
        let _ = child.kill(); // SIGKILL; harmless when it has already exited
        let out = child.wait_with_output().unwrap();
        if out.status.success() && !out.stdout.is_empty() {
            acknowledged.push(title);
        } else {
            killed += 1;
        }
    }
    eprintln!(
        "{iterations} writers: {} acknowledged, {killed} killed before acknowledging",
        acknowledged.len()
    );
    assert!(
        killed > 0,
        "some writers must have been killed mid-way for this test to mean anything"
    );
    let conn = assert_sound(&s.default_db());
    let present = titles(&conn);
    for title in &acknowledged {
        assert!(
            present.contains(title),
            "acknowledged entry {title} was lost"
        );
    }
    // Every entry that exists is whole: it has its contacts and its promise.
    let broken: i64 = conn
        .query_row(
            "SELECT count(*) FROM entries e WHERE (SELECT count(*) FROM entry_contacts WHERE entry_id = e.id) <> 2
                OR (SELECT count(*) FROM promises WHERE entry_id = e.id) <> 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(broken, 0, "no half-written entry");
    // And the CLI still works on the file.
    s.ok(&["due", "--json"]);
}

#[test]
fn the_app_killed_while_saving_loses_nothing_it_acknowledged() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    let iterations = count("RAPPORT_APP_CRASH_ITERATIONS", 8);
    let mut dice = Dice(0xfeed_beef_0042);
    let mut acknowledged = Vec::new();
    for i in 0..iterations {
        let mut app = App::start(s.home.path(), &[], 100, 30);
        app.wait_for("Contacts (1)");
        app.typed("j");
        app.typed("n");
        app.wait_for("New entry");
        let body = format!("app-crash-{i}");
        app.typed(&body);
        app.send_now(keys::CTRL_S);
        std::thread::sleep(Duration::from_micros(dice.next(4_000)));
        let saved = app.contents().contains("saved.");
        app.kill();
        if saved {
            acknowledged.push(body);
        }
    }
    let conn = assert_sound(&s.default_db());
    let mut stmt = conn.prepare("SELECT body FROM entries").unwrap();
    let bodies: std::collections::HashSet<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for body in &acknowledged {
        assert!(bodies.contains(body), "acknowledged entry {body} was lost");
    }
    eprintln!(
        "{iterations} app sessions killed; {} had shown 'saved'",
        acknowledged.len()
    );
}

#[test]
fn two_writers_while_the_app_is_open() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    s.ok(&["contact", "add", "Ben"]);
    let per_writer = count("RAPPORT_CONCURRENT_ENTRIES", 100);
    let mut app = App::start(s.home.path(), &[], 100, 30);
    app.wait_for("Timeline (0)");
    let started = Instant::now();
    let writers: Vec<_> = ["Anna", "Ben"]
        .into_iter()
        .map(|who| {
            let home = s.home.path().to_path_buf();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..per_writer {
                    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
                        .env_clear()
                        .env("HOME", &home)
                        .env("RAPPORT_NOW", common::NOW)
                        .args(["log", who, "--title", &format!("{who}-{i}"), "parallel"])
                        .output()
                        .unwrap();
                    if !out.status.success() {
                        failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "writers failed: {failures:?}");
    let total = 2 * per_writer;
    eprintln!(
        "{total} entries written by two processes in {:?} while the app was open",
        started.elapsed()
    );
    // The app notices within its refresh interval.
    app.wait_for(&format!("Timeline ({total})"));
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
    let conn = assert_sound(&s.default_db());
    assert_eq!(titles(&conn).len(), total);
}
