//! The external editor's temporary file (Ctrl-E), which holds an entry's text in clear even for an
//! encrypted journal: private (`0600`), in `$XDG_RUNTIME_DIR` (per user, in memory) when there is one,
//! removed when the app is closed by SIGHUP (terminal gone) or SIGTERM, and — after SIGKILL, which no
//! program can catch — removed at the next start.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The beginning of every editor file's name; the process id follows, so that the next start can
/// tell the files of a running app from those of a dead one.
const PREFIX: &str = "rapport-entry-";

/// The editor file (and the editor's process) of this app, for the signal thread.
static OPEN: Mutex<Option<(PathBuf, Option<u32>)>> = Mutex::new(None);

/// A private temporary file with the text, removed when dropped (and on SIGHUP or SIGTERM while it
/// exists).
pub(crate) struct EditorFile {
    file: tempfile::NamedTempFile,
}

impl EditorFile {
    /// Creates the file with `text` in it.
    pub(crate) fn create(text: &str) -> std::io::Result<EditorFile> {
        watch_signals();
        // NamedTempFile is created 0600 and exclusively, and deleted when dropped.
        let mut file = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .suffix(".md")
            .tempfile_in(directory())?;
        set_open(Some((file.path().to_path_buf(), None)));
        file.write_all(text.as_bytes())?;
        file.flush()?;
        Ok(EditorFile { file })
    }

    /// Where the editor finds it.
    pub(crate) fn path(&self) -> &Path {
        self.file.path()
    }

    /// Notes the editor's process, which gets the app's SIGHUP or SIGTERM passed on.
    pub(crate) fn edited_by(&self, editor: u32) {
        set_open(Some((self.path().to_path_buf(), Some(editor))));
    }
}

impl Drop for EditorFile {
    fn drop(&mut self) {
        set_open(None);
    }
}

fn set_open(value: Option<(PathBuf, Option<u32>)>) {
    if let Ok(mut open) = OPEN.lock() {
        *open = value;
    }
}

/// `$XDG_RUNTIME_DIR` when it is a private directory of this user, else the system's temporary
/// directory.
fn directory() -> PathBuf {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute() && private_dir(dir))
        .unwrap_or_else(std::env::temp_dir)
}

#[cfg(unix)]
fn private_dir(dir: &Path) -> bool {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    std::fs::metadata(dir).is_ok_and(|m| {
        m.is_dir()
            && m.uid() == rustix::process::geteuid().as_raw()
            && m.permissions().mode() & 0o077 == 0
    })
}

#[cfg(not(unix))]
fn private_dir(dir: &Path) -> bool {
    dir.is_dir()
}

/// Starts, once, the thread that removes the editor file on SIGHUP or SIGTERM, passes the signal on
/// to the editor, and then ends the app as the signal would have.
#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    static STARTED: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    STARTED.get_or_init(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let open = OPEN.lock().ok().and_then(|mut open| open.take());
                if let Some((path, editor)) = open {
                    let pid = editor.and_then(pid);
                    if let (Some(pid), Some(sig)) =
                        (pid, rustix::process::Signal::from_named_raw(signal))
                    {
                        let _ = rustix::process::kill_process(pid, sig);
                    }
                    let _ = std::fs::remove_file(path);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
        });
    });
}

#[cfg(not(unix))]
fn watch_signals() {}

/// Removes the editor files of this user that no running app holds: those of a process that has
/// ended (killed with SIGKILL, or a crash), and those named before files carried a process id.
pub fn remove_stale() {
    let mut dirs = vec![directory(), std::env::temp_dir()];
    dirs.dedup();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
                continue;
            };
            let alive = rest
                .split_once('-')
                .and_then(|(pid, _)| pid.parse::<u32>().ok())
                .is_some_and(process_alive);
            if !alive && mine(&entry.path()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(unix)]
fn pid(id: u32) -> Option<rustix::process::Pid> {
    i32::try_from(id)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    self::pid(pid).is_some_and(|pid| rustix::process::test_kill_process(pid).is_ok())
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

#[cfg(unix)]
fn mine(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.is_file() && m.uid() == rustix::process::geteuid().as_raw())
}

#[cfg(not(unix))]
fn mine(_path: &Path) -> bool {
    false
}
