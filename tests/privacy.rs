//! Privacy: erasure that leaves no trace in the file, one person's export, backups while the app
//! runs, warnings about loose file modes, and the editor's private temporary file.

mod common;

use common::Sandbox;
use common::pty::{App, keys};
use serde_json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn file_and_wal(db: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap_or_default();
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    bytes.extend(std::fs::read(std::path::PathBuf::from(wal)).unwrap_or_default());
    bytes
}

fn prepared() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Zacharias Quux",
        "--company",
        "Quuxwerke",
        "--note",
        "Tochter Xanthippe",
    ]);
    s.ok(&["contact", "add", "Berta Bauer"]);
    for i in 0..30 {
        s.ok(&[
            "log",
            "Zacharias",
            "--title",
            &format!("Geheimprojekt Xylophon {i}"),
            "Vertraulich: Xylophonfabrik Quux",
        ]);
    }
    s.ok(&[
        "log",
        "Zacharias",
        "--promise",
        "Xylophon-Angebot schicken",
        "--due",
        "friday",
        "kurz",
    ]);
    s.ok(&[
        "log",
        "Berta,Zacharias",
        "--title",
        "Gemeinsames Treffen",
        "Alle drei am Tisch",
    ]);
    s.ok(&["log", "Berta", "Nur mit Berta"]);
    s
}

#[test]
fn forget_leaves_no_trace_in_the_file_or_its_log() {
    let s = prepared();
    let db = s.default_db();
    assert!(contains(&file_and_wal(&db), "Xylophon"));
    let out = s.ok(&["forget", "Zacharias", "--yes"]);
    assert_eq!(
        out.trim(),
        "erased #1 Zacharias Quux: 31 entries, 1 promise"
    );
    let bytes = file_and_wal(&db);
    for secret in [
        "Zacharias",
        "Quux",
        "Xylophon",
        "Xanthippe",
        "Geheimprojekt",
        "Vertraulich",
        "zacharias",
        "xylophon",
    ] {
        assert!(
            !contains(&bytes, secret),
            "'{secret}' is still in the database file"
        );
    }
    // Berta and the shared entry remain; the search index knows nothing of the erased text.
    let export = json(&s.ok(&["export"]));
    assert_eq!(export["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(export["entries"].as_array().unwrap().len(), 2);
    assert_eq!(export["promises"].as_array().unwrap().len(), 0);
    let nothing = serde_json::json!({"contacts": [], "promises": [], "entries": []});
    assert_eq!(
        json(&s.ok(&["search", "xylophon", "--json", "--groups"])),
        nothing
    );
    // The shared entry was indexed with the names of its people: Zacharias is gone from it too.
    assert_eq!(
        json(&s.ok(&["search", "zacharias", "--json", "--groups"])),
        nothing
    );
    assert_eq!(
        json(&s.ok(&["search", "gemeinsames", "--json", "--groups"]))["entries"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    conn.execute(
        "INSERT INTO entries_search (entries_search, rank) VALUES ('integrity-check', 0)",
        [],
    )
    .unwrap();
}

#[test]
fn forget_asks_first_and_without_a_terminal_needs_yes() {
    let s = prepared();
    let before = common::bytes(&s.default_db());
    let (code, out, err) = s.run(&["forget", "Zacharias"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("add --yes"), "{err}");
    assert_eq!(common::bytes(&s.default_db()), before);
}

#[test]
fn one_persons_export_holds_everything_about_them_and_nothing_else() {
    let s = prepared();
    let export = json(&s.ok(&["export", "--contact", "Berta", "--format", "json"]));
    let contacts = export["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["name"], "Berta Bauer");
    let entries = export["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    for e in entries {
        assert_eq!(
            e["contacts"],
            serde_json::json!([2]),
            "other people are not named: {e}"
        );
    }
    assert_eq!(export["promises"].as_array().unwrap().len(), 0);
}

#[test]
fn a_backup_taken_while_the_app_runs_restores_everything() {
    let s = prepared();
    let mut app = App::start(s.home.path(), &[], 100, 30);
    app.wait_for("Contacts (2)");
    let target = s.path("copy/backup.db");
    let out = s.ok(&["backup", target.to_str().unwrap()]);
    assert_eq!(out.trim(), target.to_str().unwrap());
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let original = common::export_data(&s.ok(&["export"]));
    let restored = common::export_data(&s.ok(&["--db", target.to_str().unwrap(), "export"]));
    assert_eq!(restored, original);
    // A second backup to the same file is refused rather than overwriting it.
    let (code, _, err) = s.run(&["backup", target.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot create the backup"), "{err}");
    // Without a file name the backup goes beside the database.
    let default = s.ok(&["backup"]);
    assert!(
        default
            .trim()
            .ends_with("rapport/backups/rapport-2026-11-27-100000.db"),
        "{default}"
    );
}

#[cfg(unix)]
#[test]
fn loose_file_modes_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let s = prepared();
    let db = s.default_db();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, out, err) = s.run(&["due", "--json"]);
    assert_eq!(code, 0);
    assert!(out.starts_with('['));
    assert!(
        err.contains("can be read by others (mode 644)") && err.contains("chmod 600"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn the_editor_file_is_private_and_removed_even_when_the_editor_fails() {
    use std::os::unix::fs::PermissionsExt;
    let s = prepared();
    let log = s.path("editor.log");
    let editor = s.path("crashing-editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstat -c '%a %n' \"$1\" > '{}'\nexit 3\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut app = App::start_with_env(
        s.home.path(),
        &[],
        100,
        30,
        &[("VISUAL", editor.to_str().unwrap())],
    );
    app.wait_for("Contacts (2)");
    app.typed("j");
    app.typed("n");
    app.wait_for("New entry");
    app.typed("Bitte nicht verlieren");
    app.send(b"\x05"); // Ctrl-E
    app.wait_for("did not finish");
    app.wait_for("Bitte nicht verlieren");
    app.send(keys::CTRL_S);
    app.wait_for("saved.");
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
    let logged = std::fs::read_to_string(&log).unwrap();
    let (mode, path) = logged.trim().split_once(' ').unwrap();
    assert_eq!(mode, "600", "the temporary file is private");
    assert!(
        !std::path::Path::new(path).exists(),
        "the temporary file is removed"
    );
}

/// Issue 11 #22: an export file is private like a backup, whatever was there before.
#[cfg(unix)]
#[test]
fn export_files_are_private_and_replaced_whole() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for format in ["json", "markdown", "vcard", "ics"] {
        let fresh = s.path(&format!("fresh.{format}"));
        s.ok(&[
            "export",
            "--format",
            format,
            "--output",
            fresh.to_str().unwrap(),
        ]);
        assert_eq!(mode(&fresh), 0o600, "{format}");
    }
    // An existing readable file is replaced by a private one; a stale temporary file is no obstacle.
    let old = s.path("old.json");
    std::fs::write(&old, "old").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(s.path("old.rapport-tmp"), "stale").unwrap();
    s.ok(&["export", "--output", old.to_str().unwrap()]);
    assert_eq!(mode(&old), 0o600);
    assert!(std::fs::read_to_string(&old).unwrap().contains("Anna"));
    assert!(!s.path("old.rapport-tmp").exists());
}
