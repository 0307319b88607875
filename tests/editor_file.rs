//! Issue 12 #10: the text handed to the external editor (Ctrl-E) does not outlive the app: it lives in
//! `$XDG_RUNTIME_DIR` when there is one, goes on SIGHUP and SIGTERM, and a file left by SIGKILL goes
//! at the next start.

#![cfg(unix)]

mod common;

use common::Sandbox;
use common::pty::App;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Setup {
    s: Sandbox,
    runtime: PathBuf,
    editor: PathBuf,
    log: PathBuf,
    stop: PathBuf,
}

/// An editor that writes the path it was given to a log and waits until the test lets it go.
fn setup() -> Setup {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    let runtime = s.path("run");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    let log = s.path("editor.log");
    let stop = s.path("editor.stop");
    let editor = s.path("waiting-editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\necho \"$1\" > '{log}.part' && mv '{log}.part' '{log}'\n\
             while [ ! -e '{stop}' ]; do sleep 0.05; done\n",
            log = log.display(),
            stop = stop.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    Setup {
        s,
        runtime,
        editor,
        log,
        stop,
    }
}

impl Setup {
    fn start(&self) -> App {
        App::start_with_env(
            self.s.home.path(),
            &[],
            100,
            30,
            &[
                ("VISUAL", self.editor.to_str().unwrap()),
                ("XDG_RUNTIME_DIR", self.runtime.to_str().unwrap()),
            ],
        )
    }

    /// Starts the app, opens the editor on a new entry's text and returns the file it was given.
    fn editing(&self) -> (App, PathBuf) {
        let _ = std::fs::remove_file(&self.log);
        let mut app = self.start();
        app.wait_for("Contacts (1)");
        app.typed("j");
        app.typed("n");
        app.wait_for("New entry");
        app.typed("Streng vertraulich");
        app.send(b"\x05"); // Ctrl-E
        let start = Instant::now();
        while !self.log.exists() {
            assert!(
                start.elapsed() < common::pty::DEADLINE,
                "the editor did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let path = PathBuf::from(std::fs::read_to_string(&self.log).unwrap().trim());
        assert!(
            path.starts_with(&self.runtime),
            "{} is not in $XDG_RUNTIME_DIR",
            path.display()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("Streng vertraulich"), "{text:?}");
        (app, path)
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        // Lets every editor still waiting end.
        let _ = std::fs::write(&self.stop, "");
    }
}

fn gone_soon(path: &Path) -> bool {
    let start = Instant::now();
    while start.elapsed() < common::pty::DEADLINE {
        if !path.exists() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn the_editor_file_goes_on_sighup_and_sigterm() {
    let setup = setup();
    for signal in ["HUP", "TERM"] {
        let (mut app, path) = setup.editing();
        app.signal(signal);
        app.wait_exit();
        assert!(
            gone_soon(&path),
            "after SIG{signal}: {} is left",
            path.display()
        );
    }
}

#[test]
fn an_editor_file_left_by_sigkill_goes_at_the_next_start() {
    let setup = setup();
    let (mut app, path) = setup.editing();
    app.signal("KILL");
    app.wait_exit();
    assert!(
        path.exists(),
        "SIGKILL cannot be handled: the file is still there"
    );
    let mut app = setup.start();
    app.wait_for("Contacts (1)");
    assert!(
        gone_soon(&path),
        "{} survived the next start",
        path.display()
    );
    app.typed("q");
    app.wait_exit();
}
