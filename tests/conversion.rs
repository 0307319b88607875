//! `encrypt` and `decrypt` while others use the journal, and killed half-way: no acknowledged write
//! is lost, the journal opens afterwards, and no readable text is left beside an encrypted file.
//! The kill runs are reduced by default; `.ci/run` sets `RAPPORT_CONVERSION_KILLS` (full 50 per
//! direction).

mod common;

use common::Sandbox;
use common::pty::{App, keys};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A word that is in every entry of the prepared journal, and so must never be readable beside an
/// encrypted file.
const SECRET: &str = "Nachtigallenprojekt";

fn count(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A journal of `entries` entries (imported, so that it is quick to make) and a passphrase file.
fn prepared(entries: usize) -> (Sandbox, String) {
    let s = Sandbox::new();
    let list: Vec<String> = (1..=entries)
        .map(|i| {
            format!(
                r#"{{"id":{i},"occurred_at":"2026-01-01T10:00:00+01:00","kind":"meeting","title":"alt-{i}","body":"{SECRET} Nummer {i} mit etwas mehr Text, damit die Datei wächst","contacts":[1],"mood":null,"initiative":null,"signals":null}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{"format":"rapport","version":1,"exported_at":"2026-01-01T10:00:00+01:00","contacts":[{{"id":1,"name":"Anna","company":null,"role":null,"email":null,"phone":null,"address_form":null,"salutation":null,"birthday":null,"met_on":null,"notes":null,"tags":[],"tier":null,"cadence_days":null,"snoozed_until":null,"archived":false,"created_at":"2026-01-01T10:00:00+01:00"}}],"entries":[{}],"promises":[]}}"#,
        list.join(",")
    );
    let file = s.path("journal.json");
    std::fs::write(&file, json).unwrap();
    s.ok(&["import", file.to_str().unwrap()]);
    std::fs::remove_file(&file).unwrap();
    let pass = s.path("pass.txt");
    std::fs::write(&pass, "korrekt Pferd Batterie\n").unwrap();
    (s, pass.to_str().unwrap().to_string())
}

fn with_pass(s: &Sandbox, pass: &str, args: &[&str]) -> std::process::Output {
    s.cmd(args)
        .env("RAPPORT_PASSPHRASE_FILE", pass)
        .output()
        .unwrap()
}

fn ok_with(s: &Sandbox, pass: &str, args: &[&str]) -> String {
    let out = with_pass(s, pass, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The titles in the journal, read through rapport (so it works encrypted or not).
fn titles(s: &Sandbox, pass: &str) -> HashSet<String> {
    let export: serde_json::Value = serde_json::from_str(&ok_with(s, pass, &["export"])).unwrap();
    export["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["title"].as_str().map(str::to_string))
        .collect()
}

fn files_beside(db: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// When the journal is encrypted, no file beside it holds a readable word of it.
fn nothing_readable_beside(db: &Path) {
    if common::bytes(db).starts_with(b"SQLite format 3\0") {
        return;
    }
    for file in files_beside(db) {
        let content = common::bytes(&file);
        assert!(
            !content
                .windows(SECRET.len())
                .any(|w| w == SECRET.as_bytes()),
            "{} holds readable text beside the encrypted journal (files: {:?})",
            file.display(),
            files_beside(db)
        );
    }
}

/// Runs `rapport log` every 30 ms until `stop`, with the passphrase at hand; returns the titles that
/// were acknowledged.
fn writer(s: &Sandbox, pass: &str, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Vec<String>> {
    let mut cmd = s.spawnable(&[]);
    cmd.env("RAPPORT_PASSPHRASE_FILE", pass);
    let (program, envs): (PathBuf, Vec<_>) = (
        PathBuf::from(cmd.get_program()),
        cmd.get_envs()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned())))
            .collect(),
    );
    std::thread::spawn(move || {
        let mut acknowledged = Vec::new();
        let mut i = 0;
        while !stop.load(Ordering::Relaxed) {
            i += 1;
            let title = format!("neu-{i}");
            let out = std::process::Command::new(&program)
                .env_clear()
                .envs(envs.iter().cloned())
                .args(["log", "Anna", "--title", &title, "während der Umwandlung"])
                .output()
                .unwrap();
            if out.status.success() && !out.stdout.is_empty() {
                acknowledged.push(title);
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        acknowledged
    })
}

#[test]
fn a_writer_during_encrypt_and_decrypt_loses_nothing() {
    let (s, pass) = prepared(3_000);
    let db = s.default_db();
    let stop = Arc::new(AtomicBool::new(false));
    let running = writer(&s, &pass, Arc::clone(&stop));
    std::thread::sleep(Duration::from_millis(200));
    ok_with(&s, &pass, &["encrypt"]);
    nothing_readable_beside(&db);
    std::thread::sleep(Duration::from_millis(300));
    ok_with(&s, &pass, &["decrypt"]);
    std::thread::sleep(Duration::from_millis(300));
    ok_with(&s, &pass, &["encrypt"]);
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::Relaxed);
    let acknowledged = running.join().unwrap();
    nothing_readable_beside(&db);
    assert!(
        acknowledged.len() > 5,
        "the writer must have written during the run"
    );
    let present = titles(&s, &pass);
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|t| !present.contains(*t))
        .collect();
    assert!(lost.is_empty(), "acknowledged entries lost: {lost:?}");
    assert_eq!(
        present.iter().filter(|t| t.starts_with("alt-")).count(),
        3_000
    );
    eprintln!(
        "{} entries written during three conversions, none lost",
        acknowledged.len()
    );
}

#[test]
fn the_open_app_follows_the_conversion_and_saves_into_the_new_file() {
    let (s, pass) = prepared(20);
    let db = s.default_db();
    let mut app = App::start_with_env(
        s.home.path(),
        &[],
        100,
        30,
        &[("RAPPORT_PASSPHRASE_FILE", &pass)],
    );
    app.wait_for("Contacts (1)");
    for (command, body) in [("encrypt", "nach-encrypt"), ("decrypt", "nach-decrypt")] {
        ok_with(&s, &pass, &[command]);
        // The app notices within its idle check (a second) and reopens.
        std::thread::sleep(Duration::from_millis(1_500));
        app.typed("j");
        app.typed("n");
        app.wait_for("New entry");
        app.typed(body);
        app.send(keys::CTRL_S);
        app.wait_for("saved.");
        app.send(keys::ESC);
    }
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
    let export = ok_with(&s, &pass, &["export"]);
    for body in ["nach-encrypt", "nach-decrypt"] {
        assert!(export.contains(body), "{body} was not saved in the journal");
    }
    assert!(common::bytes(&db).starts_with(b"SQLite format 3\0"));
}

#[test]
fn conversions_killed_at_random_moments_leave_a_whole_journal() {
    let (s, pass) = prepared(1_500);
    let db = s.default_db();
    let before = titles(&s, &pass);
    // Kills land anywhere in a whole run: time one of each first.
    let mut span = 0;
    for command in ["encrypt", "decrypt"] {
        let timed = std::time::Instant::now();
        ok_with(&s, &pass, &[command]);
        span = span.max(timed.elapsed().as_micros() as u64 * 6 / 5);
    }
    let trials = count("RAPPORT_CONVERSION_KILLS", 6);
    let mut seed: u64 = 0x00c0_ffee_1234_5678;
    let mut killed = 0;
    let started = std::time::Instant::now();
    for trial in 0..trials * 2 {
        let encrypted = !common::bytes(&db).starts_with(b"SQLite format 3\0");
        let command = if encrypted { "decrypt" } else { "encrypt" };
        let mut child = s
            .spawnable(&[command])
            .env("RAPPORT_PASSPHRASE_FILE", &pass)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % span.max(1)));
        let _ = child.kill();
        if !child.wait().unwrap().success() {
            killed += 1;
        }
        // The next command finishes or rolls back what was interrupted.
        assert_eq!(
            titles(&s, &pass),
            before,
            "trial {trial}: the journal changed after a killed {command}"
        );
        nothing_readable_beside(&db);
        let left: Vec<_> = files_beside(&db)
            .into_iter()
            .filter(|p| p.to_string_lossy().contains(".conver"))
            .collect();
        assert!(left.is_empty(), "trial {trial}: left behind {left:?}");
    }
    eprintln!(
        "{} conversions (a whole one takes {} ms), {killed} killed half-way, in {:.1} s",
        trials * 2,
        span * 5 / 6 / 1000,
        started.elapsed().as_secs_f64()
    );
    assert!(killed > 0, "some conversions must have been killed mid-way");
    // And a conversion runs to its end afterwards.
    let command = if common::bytes(&db).starts_with(b"SQLite format 3\0") {
        "encrypt"
    } else {
        "decrypt"
    };
    ok_with(&s, &pass, &[command]);
    assert_eq!(titles(&s, &pass), before);
}
