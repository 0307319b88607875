//! Issue 12 #7: the files rapport writes are private (`0600` whatever the umask), created exclusively,
//! never a FIFO, device or directory that stands at the output path, and written through a symbolic
//! link only to a regular file the user owns.

#![cfg(unix)]

mod common;

use common::Sandbox;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;

fn prepared() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Quellwasser"]);
    s
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// `export --output PATH`: the exit code and the one line on stderr.
fn export_to(s: &Sandbox, path: &Path) -> (i32, String) {
    let (code, _, err) = s.run(&["export", "--output", path.to_str().unwrap()]);
    (code, err)
}

fn refused(s: &Sandbox, path: &Path, fragment: &str) {
    let (code, err) = export_to(s, path);
    assert_eq!(code, 1, "{}: {err}", path.display());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(fragment), "{}: {err}", path.display());
}

#[test]
fn an_export_is_private_under_any_umask() {
    let s = prepared();
    let out = s.path("open.json");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" export --output \"$1\"")
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .arg(&out)
        .env("HOME", s.home.path())
        .env("RAPPORT_NOW", common::NOW)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&out), 0o600);
}

#[test]
fn a_fifo_a_device_or_a_directory_at_the_output_path_is_refused_and_left_alone() {
    let s = prepared();
    let fifo = s.path("pipe.json");
    common::make_fifo(&fifo);
    refused(&s, &fifo, "not a regular file");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    let dir = s.path("folder");
    std::fs::create_dir(&dir).unwrap();
    refused(&s, &dir, "not a regular file");
    assert!(dir.is_dir());

    // A device node of our own (as /dev/full is), made only where we may: as root.
    if is_root() {
        let device = s.path("null-device");
        let made = std::process::Command::new("mknod")
            .arg(&device)
            .args(["c", "1", "3"])
            .status()
            .unwrap();
        assert!(made.success());
        refused(&s, &device, "not a regular file");
        let kind = std::fs::symlink_metadata(&device).unwrap().file_type();
        assert!(kind.is_char_device(), "the device was replaced");
    } else {
        eprintln!("device case skipped: only root may create a device node");
    }
    // Nothing was left beside them.
    let left: Vec<_> = std::fs::read_dir(s.home.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("rapport-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_symlink_is_written_through_only_to_a_regular_file_the_user_owns() {
    let s = prepared();
    // To a file of ours: the file gets the export, the link stays a link.
    let mine = s.path("mine.json");
    std::fs::write(&mine, "old").unwrap();
    let link = s.path("link.json");
    std::os::unix::fs::symlink(&mine, &link).unwrap();
    let (code, err) = export_to(&s, &link);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(
        std::fs::read_to_string(&mine)
            .unwrap()
            .contains("Anna Quellwasser")
    );
    assert_eq!(mode(&mine), 0o600);

    // Dangling: refused, and nothing is created where it points.
    let nowhere = s.path("nowhere.json");
    let dangling = s.path("dangling.json");
    std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
    refused(&s, &dangling, "does not exist");
    assert!(!nowhere.exists());

    // To a FIFO: refused.
    let fifo = s.path("pipe");
    common::make_fifo(&fifo);
    let to_fifo = s.path("to-fifo.json");
    std::os::unix::fs::symlink(&fifo, &to_fifo).unwrap();
    refused(&s, &to_fifo, "not a regular file");

    // To someone else's file: refused, the file unchanged.
    let theirs = if is_root() {
        let theirs = s.path("theirs.json");
        std::fs::write(&theirs, "theirs").unwrap();
        std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
        theirs
    } else {
        Path::new("/etc/passwd").to_path_buf()
    };
    let before = std::fs::read(&theirs).unwrap();
    let to_theirs = s.path("to-theirs.json");
    std::os::unix::fs::symlink(&theirs, &to_theirs).unwrap();
    refused(&s, &to_theirs, "not a regular file you own");
    assert_eq!(std::fs::read(&theirs).unwrap(), before);
}

#[test]
fn a_planted_symlink_at_the_temporary_name_is_not_followed() {
    let s = prepared();
    let victim = s.path("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let out = s.path("out.json");
    std::os::unix::fs::symlink(&victim, s.path("out.rapport-tmp")).unwrap();
    let (code, err) = export_to(&s, &out);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Anna Quellwasser")
    );
    assert_eq!(mode(&out), 0o600);
}
