//! `forget` and `backup` killed at random moments, and `backup` under steady writes: an erasure that was
//! interrupted is finished by the next command and leaves no byte of the person; a killed backup leaves
//! no file that looks like a backup; a backup finishes while four writers keep writing.
//! The kill counts are reduced by default; `.ci/run` sets the full ones:
//! `RAPPORT_FORGET_KILLS` and `RAPPORT_BACKUP_KILLS` (full 50 each).

mod common;

use common::{Dice, Sandbox, count};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// What must not survive the erasure of Zacharias, in any case the file may hold it.
const SECRETS: [&str; 10] = [
    "Zacharias",
    "zacharias",
    "Quux",
    "quux",
    "Xanthippe",
    "Xylophon",
    "xylophon",
    "Geheimprojekt",
    "geheimprojekt",
    "vertraulich",
];

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut text = path.as_os_str().to_owned();
    text.push(suffix);
    PathBuf::from(text)
}

/// A journal of Zacharias (30 entries of his own, one promise, one shared entry) and Berta, with
/// enough entries of hers that rebuilding the file takes a while, so kills land in every step.
fn journal_json(berta_entries: usize) -> String {
    let mut entries = Vec::new();
    let entry = |id: usize, day: usize, title: String, body: String, contacts: &str| {
        format!(
            r#"{{"id":{id},"occurred_at":"2025-{:02}-{:02}T10:00:00+01:00","kind":"meeting","title":{},"body":{},"contacts":{contacts},"mood":null,"initiative":null,"signals":null}}"#,
            1 + day % 12,
            1 + day % 28,
            serde_json::to_string(&title).unwrap(),
            serde_json::to_string(&body).unwrap(),
        )
    };
    for i in 0..30 {
        entries.push(entry(
            i + 1,
            i,
            format!("Geheimprojekt Xylophon {i}"),
            "Vertraulich: Xylophonfabrik Quux".into(),
            "[1]",
        ));
    }
    entries.push(entry(
        31,
        3,
        "Gemeinsames Treffen".into(),
        "Alle drei am Tisch".into(),
        "[2,1]",
    ));
    for i in 0..berta_entries {
        entries.push(entry(
            32 + i,
            i,
            format!("Berta Runde {i}"),
            format!(
                "Lagerbestand {i}, Lieferung {} und Preise {}",
                i * 7,
                i * 13
            ),
            "[2]",
        ));
    }
    format!(
        r#"{{"format":"rapport","version":1,"exported_at":"2026-11-27T10:00:00+01:00",
"contacts":[
{{"id":1,"name":"Zacharias Quux","company":"Quuxwerke","role":null,"email":null,"phone":null,"address_form":null,"salutation":null,"birthday":null,"met_on":null,"notes":"Tochter Xanthippe","tags":[],"tier":null,"cadence_days":null,"snoozed_until":null,"archived":false,"created_at":"2026-11-27T10:00:00+01:00"}},
{{"id":2,"name":"Berta Bauer","company":null,"role":null,"email":null,"phone":null,"address_form":null,"salutation":null,"birthday":null,"met_on":null,"notes":null,"tags":[],"tier":null,"cadence_days":null,"snoozed_until":null,"archived":false,"created_at":"2026-11-27T10:00:00+01:00"}}
],
"entries":[
{}
],
"promises":[]}}"#,
        entries.join(",\n")
    )
}

/// A sandbox holding the journal above (written by the binary, so that it is the real file format).
fn prepared(berta_entries: usize) -> Sandbox {
    let s = Sandbox::new();
    let file = s.path("journal.json");
    std::fs::write(&file, journal_json(berta_entries)).unwrap();
    s.ok(&["import", file.to_str().unwrap()]);
    std::fs::remove_file(&file).unwrap();
    s.ok(&[
        "log",
        "Zacharias",
        "--promise",
        "Xylophon-Angebot schicken",
        "--due",
        "friday",
        "kurz",
    ]);
    s
}

/// Copies the database files of `from` into the fresh sandbox `to`.
fn copy_journal(from: &Sandbox, to: &Sandbox) {
    let (source, target) = (from.default_db(), to.default_db());
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    for suffix in ["", "-wal"] {
        let file = with_suffix(&source, suffix);
        if file.exists() {
            std::fs::copy(&file, with_suffix(&target, suffix)).unwrap();
        }
    }
}

/// No byte of Zacharias in the file or its log, nor in the search index's own tables; the file is whole.
fn assert_no_trace(db: &Path, context: &str) {
    let mut bytes = common::bytes(db);
    bytes.extend(common::bytes(&with_suffix(db, "-wal")));
    for secret in SECRETS {
        assert!(
            !contains(&bytes, secret),
            "{context}: '{secret}' is still in the database file or its log"
        );
    }
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut index = Vec::new();
    for sql in [
        "SELECT block FROM entries_search_data",
        "SELECT term FROM entries_search_idx",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| r.get::<_, Option<Vec<u8>>>(0))
            .unwrap();
        for row in rows {
            index.extend(row.unwrap().unwrap_or_default());
        }
    }
    for secret in SECRETS {
        assert!(
            !contains(&index, &secret.to_lowercase()),
            "{context}: '{secret}' is still in the search index's tables"
        );
    }
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "{context}");
}

/// The contact names in the journal, read through the binary.
fn contact_names(s: &Sandbox) -> Vec<String> {
    let export: serde_json::Value = serde_json::from_str(&s.ok(&["export"])).unwrap();
    export["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

/// How long `rapport ARGS` takes to run to its end, in microseconds (to spread kills over it).
fn span_of(s: &Sandbox, args: &[&str]) -> u64 {
    let started = Instant::now();
    s.ok(args);
    u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX - 1) + 1
}

/// Runs `rapport ARGS` and kills it with SIGKILL after `micros` (harmless when it has already ended).
fn kill_at_random(s: &Sandbox, args: &[&str], micros: u64) {
    let mut child = s
        .spawnable(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_micros(micros));
    let _ = child.kill();
    child.wait().unwrap();
}

/// Issue 12 #4: `forget` killed at random moments. The next command (any) finishes an erasure that was
/// under way, so that no byte of the person is left; a kill before the erasure began leaves the person
/// whole, and forgetting them again then works.
#[test]
fn a_forget_killed_at_any_moment_is_finished_by_the_next_command() {
    let template = prepared(3000);
    let trials = count("RAPPORT_FORGET_KILLS", 10);
    // How long an uninterrupted forget takes, to spread the kills over it.
    let timing = Sandbox::new();
    copy_journal(&template, &timing);
    let span = span_of(&timing, &["forget", "Zacharias", "--yes"]);
    assert_no_trace(&timing.default_db(), "uninterrupted");
    let mut dice = Dice(0x0f0e_0d0c_0b0a);
    let (mut before, mut after) = (0, 0);
    for trial in 0..trials {
        let s = Sandbox::new();
        copy_journal(&template, &s);
        kill_at_random(&s, &["forget", "Zacharias", "--yes"], dice.next(span));
        // The next command, whatever it is, completes what was begun.
        s.ok(&["due", "--json"]);
        let context = format!("trial {trial}");
        if contact_names(&s).iter().any(|n| n == "Zacharias Quux") {
            before += 1;
            let out = s.ok(&["forget", "Zacharias", "--yes"]);
            assert!(out.contains("31 entries, 1 promise"), "{context}: {out}");
        } else {
            after += 1;
        }
        assert_no_trace(&s.default_db(), &context);
        assert_eq!(contact_names(&s), ["Berta Bauer"], "{context}");
    }
    eprintln!(
        "{trials} forgets killed within {span} µs: {before} before the erasure began, {after} after"
    );
}

/// Issue 12 #6: `backup` killed at random moments never leaves a file at the backup path that is not
/// the whole journal, and a second try then writes the backup.
#[test]
fn a_killed_backup_leaves_no_fake_backup_and_can_be_retried() {
    let s = prepared(3000);
    let original = common::export_data(&s.ok(&["export"]));
    let trials = count("RAPPORT_BACKUP_KILLS", 10);
    let target = s.path("copies/backup.db");
    let target_text = target.to_str().unwrap();
    let span = span_of(&s, &["backup", target_text]);
    let mut dice = Dice(0x00ba_c0ff_ee00);
    let (mut absent, mut whole) = (0, 0);
    for trial in 0..trials {
        std::fs::remove_file(&target).unwrap();
        kill_at_random(&s, &["backup", target_text], dice.next(span));
        if target.exists() {
            whole += 1;
        } else {
            absent += 1;
            s.ok(&["backup", target_text]);
            assert!(
                !s.path("copies/backup.rapport-tmp").exists(),
                "trial {trial}"
            );
        }
        let restored = common::export_data(&s.ok(&["--db", target_text, "export"]));
        assert!(
            restored == original,
            "trial {trial}: the backup is not the whole journal"
        );
    }
    eprintln!(
        "{trials} backups killed within {span} µs: {absent} left nothing, {whole} had finished"
    );
}

/// Issue 12 #6: a backup finishes while four writers keep writing, and holds everything written before
/// it began. (The timing for the 100k journal is measured with a release build; see the README.)
#[test]
fn a_backup_finishes_while_four_writers_keep_writing() {
    let s = prepared(20_000);
    let before = common::export_data(&s.ok(&["export"]));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Four writers that commit as fast as the app and the command line together could: each moves
    // Berta's snooze date every few milliseconds.
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let stop = stop.clone();
            let db = s.default_db();
            std::thread::spawn(move || {
                let mut store = rapport::store::Store::open(&db).unwrap();
                let first = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
                let mut written = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let day = first + chrono::Days::new(written * 4 + w);
                    store.set_snooze(2, Some(day)).unwrap();
                    written += 1;
                    std::thread::sleep(Duration::from_millis(2));
                }
                written
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let target = s.path("backup-under-load.db");
    let started = Instant::now();
    let mut backup = s
        .spawnable(&["backup", target.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let limit = Duration::from_secs(20);
    let finished = loop {
        if let Some(status) = backup.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = backup.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written: u64 = writers.into_iter().map(|w| w.join().unwrap()).sum();
    eprintln!("backup under four writers took {took:?}; they committed {written} times meanwhile");
    let status = finished.unwrap_or_else(|| panic!("the backup did not finish in {limit:?}"));
    assert!(status.success());
    let restored = common::export_data(&s.ok(&["--db", target.to_str().unwrap(), "export"]));
    assert_eq!(restored["entries"], before["entries"]);
    let names = |v: &serde_json::Value| {
        v["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&restored), names(&before));
}

/// Issue 12 #5: after `forget`, rapport's own backups (in backups/) that still hold the person are
/// named and, with `--yes`, rewritten without them; a backup elsewhere, which rapport did not choose,
/// and backups taken after the person was gone are left as they are.
#[test]
fn forget_names_and_rewrites_the_backups_in_backups_that_still_hold_the_person() {
    let s = prepared(50);
    let dir = s.default_db().parent().unwrap().join("backups");
    let first = s.ok(&["backup"]);
    let second = dir.join("rapport-older.db");
    s.ok(&["backup", second.to_str().unwrap()]);
    let elsewhere = s.path("elsewhere.db");
    s.ok(&["backup", elsewhere.to_str().unwrap()]);
    let out = s.ok(&["forget", "Zacharias", "--yes"]);
    assert!(
        out.contains("2 backups in backups/ still hold #1 Zacharias Quux:")
            && out.contains(first.trim())
            && out.contains(second.to_str().unwrap())
            && out.contains("rewrote 2 backups without #1 Zacharias Quux"),
        "{out}"
    );
    let journal = common::export_data(&s.ok(&["export"]));
    for backup in [PathBuf::from(first.trim()), second] {
        assert_no_trace(&backup, &backup.display().to_string());
        assert!(
            !with_suffix(&backup, "-wal").exists(),
            "a backup stays one file"
        );
        let restored = common::export_data(&s.ok(&["--db", backup.to_str().unwrap(), "export"]));
        assert_eq!(restored, journal, "the rest of the backup is kept");
    }
    assert!(contains(&common::bytes(&elsewhere), "Xanthippe"));
    // Nothing is left to report the next time.
    s.ok(&["contact", "add", "Zacharias Neu"]);
    let again = s.ok(&["forget", "Zacharias", "--yes"]);
    assert!(!again.contains("backup"), "{again}");
}
