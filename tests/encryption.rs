//! Encryption at rest (SQLCipher): converting both ways, every command on an encrypted file, the
//! passphrase sources, and no known text left readable in the file or its log.

mod common;

use common::pty::App;
use common::{Sandbox, bytes};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn with_log(db: &std::path::Path) -> Vec<u8> {
    let mut all = bytes(db);
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    all.extend(bytes(std::path::Path::new(&wal)));
    all
}

fn prepared() -> (Sandbox, String) {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Zora Zebrafink",
        "--company",
        "Geheim GmbH",
    ]);
    s.ok(&[
        "log",
        "Zora",
        "--title",
        "Vertraulich",
        "Wir sprachen über das Projekt Nachtigall",
    ]);
    let pass = s.path("pass.txt");
    std::fs::write(&pass, "korrekt Pferd Batterie\n").unwrap();
    (s, pass.to_str().unwrap().to_string())
}

fn ok_with(s: &Sandbox, pass: &str, args: &[&str]) -> String {
    let out = s
        .cmd(args)
        .env("RAPPORT_PASSPHRASE_FILE", pass)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn encrypt_use_and_decrypt() {
    let (s, pass) = prepared();
    let db = s.default_db();
    let plain_export = common::export_data(&s.ok(&["export"]));
    assert!(contains(&with_log(&db), b"Nachtigall"));
    let out = ok_with(&s, &pass, &["encrypt"]);
    assert!(out.starts_with("encrypted "), "{out}");
    let file = with_log(&db);
    for known in [
        &b"Nachtigall"[..],
        b"Zebrafink",
        b"Geheim GmbH",
        b"SQLite format 3",
    ] {
        assert!(
            !contains(&file, known),
            "{} is readable in the encrypted file",
            String::from_utf8_lossy(known)
        );
    }
    // Every command works with the passphrase.
    assert_eq!(
        common::export_data(&ok_with(&s, &pass, &["export"])),
        plain_export
    );
    assert!(ok_with(&s, &pass, &["search", "nachtigall"]).contains("Nachtigall"));
    ok_with(&s, &pass, &["log", "Zora", "Noch ein Wort über Kranich"]);
    assert!(
        !contains(&with_log(&db), b"Kranich"),
        "new writes are encrypted too"
    );
    assert!(ok_with(&s, &pass, &["due", "--all"]).contains("Zora Zebrafink"));
    let backup = s.path("backup.db");
    ok_with(&s, &pass, &["backup", backup.to_str().unwrap()]);
    assert!(
        !contains(&bytes(&backup), b"Nachtigall"),
        "the backup is encrypted"
    );
    assert!(
        ok_with(
            &s,
            &pass,
            &["--db", backup.to_str().unwrap(), "search", "kranich"]
        )
        .contains("Kranich")
    );
    // And back.
    let out = ok_with(&s, &pass, &["decrypt"]);
    assert!(out.starts_with("decrypted "), "{out}");
    assert!(bytes(&db).starts_with(b"SQLite format 3\0"));
    assert!(s.ok(&["search", "kranich"]).contains("Kranich"));
}

#[test]
fn wrong_missing_and_empty_passphrases_change_nothing() {
    let (s, pass) = prepared();
    let db = s.default_db();
    ok_with(&s, &pass, &["encrypt"]);
    let before = bytes(&db);
    let wrong = s.path("wrong.txt");
    std::fs::write(&wrong, "falsch").unwrap();
    let out = s
        .cmd(&["due"])
        .env("RAPPORT_PASSPHRASE_FILE", &wrong)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("the passphrase for") && err.contains("is wrong"),
        "{err}"
    );
    let (code, _, err) = s.run(&["due"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("the database is encrypted: set RAPPORT_PASSPHRASE_FILE"),
        "{err}"
    );
    let out = s
        .cmd(&["encrypt"])
        .env("RAPPORT_PASSPHRASE_FILE", &pass)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("is already encrypted"));
    assert_eq!(bytes(&db), before);

    let (plain, _) = prepared();
    let empty = plain.path("empty.txt");
    std::fs::write(&empty, "\n").unwrap();
    let before = bytes(&plain.default_db());
    let out = plain
        .cmd(&["encrypt"])
        .env("RAPPORT_PASSPHRASE_FILE", &empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must not be empty"));
    assert_eq!(bytes(&plain.default_db()), before);
}

#[test]
fn the_passphrase_can_come_from_a_command_in_the_config() {
    let (s, pass) = prepared();
    ok_with(&s, &pass, &["encrypt"]);
    let config = s.path("config.toml");
    std::fs::write(&config, format!("passphrase_command = \"cat '{pass}'\"\n")).unwrap();
    let out = s
        .cmd(&["search", "nachtigall"])
        .env("RAPPORT_CONFIG", &config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nachtigall"));
}

#[test]
fn the_app_opens_an_encrypted_journal() {
    let (s, pass) = prepared();
    ok_with(&s, &pass, &["encrypt"]);
    let mut app = App::start_with_env(
        s.home.path(),
        &[],
        100,
        30,
        &[("RAPPORT_PASSPHRASE_FILE", &pass)],
    );
    app.wait_for("Zora Zebrafink");
    app.typed("q");
    assert_eq!(app.wait_exit(), 0);
}

/// The first 16 bytes of an SQLCipher file are its key-derivation salt.
fn salt(path: &std::path::Path) -> Vec<u8> {
    bytes(path).into_iter().take(16).collect()
}

#[test]
fn every_encrypted_file_has_its_own_random_salt() {
    let (first, pass) = prepared();
    let (second, _) = prepared();
    ok_with(&first, &pass, &["encrypt"]);
    ok_with(&second, &pass, &["encrypt"]);
    let backup = first.path("backup.db");
    ok_with(&first, &pass, &["backup", backup.to_str().unwrap()]);
    let salts = [
        salt(&first.default_db()),
        salt(&second.default_db()),
        salt(&backup),
    ];
    for one in &salts {
        assert_eq!(one.len(), 16);
        assert_ne!(one, &vec![0u8; 16], "an all-zero salt");
    }
    assert_ne!(salts[0], salts[1], "two journals share a salt");
    assert_ne!(salts[0], salts[2], "the backup shares the journal's salt");
}

/// Two plaintext backups in rapport's own backups/ folder.
fn with_plain_backups(s: &Sandbox) -> Vec<std::path::PathBuf> {
    let first = std::path::PathBuf::from(s.ok(&["backup"]).trim());
    let second = first.with_file_name("rapport-older.db");
    std::fs::copy(&first, &second).unwrap();
    vec![first, second]
}

#[test]
fn encrypt_finds_older_plaintext_backups_and_encrypts_them_with_yes() {
    let (s, pass) = prepared();
    let backups = with_plain_backups(&s);
    let out = s
        .cmd(&["encrypt"])
        .env("RAPPORT_PASSPHRASE_FILE", &pass)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 unencrypted backups") && err.contains("--yes"),
        "{err}"
    );
    for backup in &backups {
        assert!(contains(&bytes(backup), b"Nachtigall"), "asked, not done");
    }
    // Later, with --yes (the journal is encrypted already): the backups are encrypted too.
    let out = ok_with(&s, &pass, &["encrypt", "--yes"]);
    assert!(out.contains("encrypted 2 backups"), "{out}");
    for backup in &backups {
        assert!(!contains(&bytes(backup), b"Nachtigall"), "{backup:?}");
        let db = backup.to_str().unwrap();
        assert!(ok_with(&s, &pass, &["--db", db, "search", "nachtigall"]).contains("Nachtigall"));
    }
    let (fresh, pass) = prepared();
    let backups = with_plain_backups(&fresh);
    ok_with(&fresh, &pass, &["encrypt", "--yes"]);
    for backup in &backups {
        assert!(!contains(&bytes(backup), b"Nachtigall"), "{backup:?}");
    }
}
