//! Issue 12 #12: each failure around the files rapport reads says what is really wrong, in one line.

mod common;

use common::Sandbox;

fn one_line(s: &Sandbox, args: &[&str]) -> String {
    let (code, out, err) = s.run(args);
    assert_eq!(code, 1, "{args:?}: {out} {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    err
}

#[test]
fn a_damaged_header_is_not_called_encrypted() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    let db = s.default_db();
    // The connection is closed, so the whole database is in the main file; spoil its first 16 bytes.
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[..16].copy_from_slice(b"XXXXXXXXXXXXXXXX");
    std::fs::write(&db, &bytes).unwrap();
    let err = one_line(&s, &["due"]);
    assert!(!err.contains("is encrypted"), "{err}");
    assert!(err.contains("damaged"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_dangling_link_a_fifo_or_a_device_as_the_database_is_named_as_such() {
    let s = Sandbox::new();
    let dangling = s.path("dangling.db");
    std::os::unix::fs::symlink(s.path("nowhere.db"), &dangling).unwrap();
    let err = one_line(&s, &["--db", dangling.to_str().unwrap(), "due"]);
    assert!(
        err.contains("symbolic link") && err.contains("does not exist"),
        "{err}"
    );
    assert!(!err.contains("File exists"), "{err}");

    let fifo = s.path("pipe.db");
    common::make_fifo(&fifo);
    let err = one_line(&s, &["--db", fifo.to_str().unwrap(), "due"]);
    assert!(err.contains("FIFO") && !err.contains("I/O"), "{err}");

    // A device like /dev/null, made in the sandbox (only root may) so that nothing lands in /dev.
    let device = s.path("null.db");
    let made = std::process::Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .output();
    if made.is_ok_and(|o| o.status.success()) {
        let err = one_line(&s, &["--db", device.to_str().unwrap(), "due"]);
        assert!(err.contains("device") && !err.contains("I/O"), "{err}");
    } else {
        eprintln!("device case skipped: only root may create a device node");
    }
}

#[test]
fn an_export_without_a_version_says_so() {
    let s = Sandbox::new();
    let file = s.path("no-version.json");
    std::fs::write(&file, r#"{"format":"rapport","contacts":[]}"#).unwrap();
    let err = one_line(&s, &["import", file.to_str().unwrap()]);
    assert!(err.contains("\"version\""), "{err}");
    assert!(!err.contains("\"format\" field is not"), "{err}");
    let file = s.path("no-format.json");
    std::fs::write(&file, r#"{"version":1,"contacts":[]}"#).unwrap();
    let err = one_line(&s, &["import", file.to_str().unwrap()]);
    assert!(err.contains("\"format\""), "{err}");
}

#[cfg(unix)]
#[test]
fn a_passphrase_file_others_can_read_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    let file = s.path("passphrase");
    std::fs::write(&file, "correct horse\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let env = ("RAPPORT_PASSPHRASE_FILE", file.to_str().unwrap());
    let out = s.cmd(&["encrypt"]).env(env.0, env.1).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = s.cmd(&["due"]).env(env.0, env.1).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(file.to_str().unwrap()) && err.contains("can be read by others"),
        "{err}"
    );
}
