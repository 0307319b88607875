//! Helpers shared by the integration tests: a private HOME, a fixed clock, the real binary.
#![allow(dead_code)]

pub mod dav;
pub mod pty;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The moment every test runs at (a Friday).
pub const NOW: &str = "2026-11-27T10:00:00+01:00";

/// A clean HOME with no rapport files, and the commands to run the binary in it.
pub struct Sandbox {
    /// The temporary HOME.
    pub home: TempDir,
}

impl Sandbox {
    /// A fresh, empty HOME.
    pub fn new() -> Sandbox {
        Sandbox {
            home: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The database the default path rules pick in this HOME.
    pub fn default_db(&self) -> PathBuf {
        self.home.path().join(".local/share/rapport/rapport.db")
    }

    /// `rapport ARGS` in this HOME at the fixed moment, without colour.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("rapport").expect("binary");
        cmd.env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("RAPPORT_NOW", NOW)
            .env("LANG", "C.UTF-8")
            .args(args);
        cmd
    }

    /// The same command as a plain `std::process::Command`, for spawning and killing.
    pub fn spawnable(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"));
        cmd.env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("RAPPORT_NOW", NOW)
            .env("LANG", "C.UTF-8")
            .args(args);
        cmd
    }

    /// Runs and returns stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run");
        assert!(
            out.status.success(),
            "rapport {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().expect("run");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs with stdin and returns stdout, asserting success.
    pub fn ok_with_stdin(&self, args: &[&str], stdin: &str) -> String {
        let out = self.cmd(args).write_stdin(stdin).output().expect("run");
        assert!(
            out.status.success(),
            "rapport {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// A path inside the sandbox.
    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }
}

/// A trial count from the environment (`.ci/run` sets the full counts), else the reduced default.
pub fn count(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic pseudo-random sequence (xorshift), so a failing run can be repeated.
pub struct Dice(pub u64);

impl Dice {
    /// The next number below `below`.
    pub fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// The JSON export with its `exported_at` removed, for comparing the data of two exports.
pub fn export_data(text: &str) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(text).expect("valid export JSON");
    value.as_object_mut().expect("object").remove("exported_at");
    value
}

/// Makes a FIFO at `path` (with `mkfifo`), for tests of paths that are not regular files.
#[cfg(unix)]
pub fn make_fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Bytes of a file, or empty when it does not exist (to prove a command changed nothing).
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

/// The shared folder (data set generator, reference queries), when present: `$RAPPORT_SHARED_DIR`, else
/// `shared/` beside the checkout or beside a folder above it (a worktree in `wt/NAME`).
pub fn shared_dir() -> Option<PathBuf> {
    let named = std::env::var_os("RAPPORT_SHARED_DIR").map(PathBuf::from);
    let beside = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared"));
    named
        .into_iter()
        .chain(beside)
        .find(|dir| dir.join("tools/gen_dataset.py").exists())
}

/// A test that cannot run here (a tool or folder is missing): outside CI it says so in one line and
/// the caller returns; under `CI=true` it fails, so that CI never counts a test that did not run.
pub fn cannot_run(reason: &str) {
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "this test must run under CI but cannot: {reason}"
    );
    eprintln!("skipped: {reason}");
}

/// The Python of `venv` (under `target/`), or the one `variable` names, when it can `import`
/// the modules a test needs; `None` after [`cannot_run`] said how to install them.
pub fn python_with(variable: &str, venv: &str, import: &str, install: &str) -> Option<PathBuf> {
    let default = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(venv)
        .join("bin/python");
    let python = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or(default);
    let works = std::process::Command::new(&python)
        .args(["-c", &format!("import {import}")])
        .output()
        .is_ok_and(|out| out.status.success());
    if !works {
        cannot_run(install);
        return None;
    }
    Some(python)
}

/// Writes the generated data set (`shared/tools/gen_dataset.py`) of the given size into `out`; `None`
/// (after [`cannot_run`]) when the generator is not here.
pub fn generated_dataset(contacts: u32, entries: u32, out: &Path) -> Option<PathBuf> {
    let Some(shared) = shared_dir() else {
        cannot_run(
            "shared/tools/gen_dataset.py is not beside this checkout (set RAPPORT_SHARED_DIR)",
        );
        return None;
    };
    let status = std::process::Command::new("python3")
        .arg(shared.join("tools/gen_dataset.py"))
        .args(["--contacts", &contacts.to_string()])
        .args(["--entries", &entries.to_string()])
        .arg("--no-sqlite")
        .arg("--out")
        .arg(out)
        .status()
        .expect("python3 runs the data set generator");
    assert!(status.success(), "gen_dataset.py failed");
    Some(out.to_path_buf())
}

/// A drawn ratatui buffer as lines of text (wide characters counted once, trailing blanks trimmed),
/// for snapshots.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
