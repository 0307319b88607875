//! The real binary in a pseudo-terminal, its screen kept by a vt100 parser. Every expectation polls
//! with a deadline instead of asserting on one snapshot.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any expected text may take to appear.
pub const DEADLINE: Duration = Duration::from_secs(15);

/// A running app.
pub struct App {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nz(v: u16) -> NonZeroU16 {
    NonZeroU16::new(v).unwrap_or(NonZeroU16::MIN)
}

impl App {
    /// Starts `rapport ARGS` in a `cols` × `rows` terminal with HOME and the database in `home`.
    pub fn start(home: &Path, args: &[&str], cols: u16, rows: u16) -> App {
        App::start_with_env(home, args, cols, rows, &[])
    }

    /// Like `start`, with extra environment variables.
    pub fn start_with_env(
        home: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> App {
        let pair = native_pty_system().openpty(size(cols, rows)).expect("pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_rapport"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("HOME", home);
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        cmd.env("RAPPORT_NOW", super::NOW);
        cmd.env("LANG", "C.UTF-8");
        for (key, value) in env {
            cmd.env(key, value);
        }
        cmd.cwd(home);
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let shared = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    // EIO once the child has gone is the end of output.
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut parser) = shared.lock() {
                            parser.process(&buf[..n]);
                        }
                    }
                }
            }
        });
        App {
            master: pair.master,
            writer,
            child,
            screen,
        }
    }

    /// The screen as text.
    pub fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// True while the app shows the alternate screen.
    pub fn alternate(&self) -> bool {
        self.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    /// Waits until the screen shows `text`, failing with the screen after the deadline.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}; the screen shows:\n{}",
            self.contents()
        );
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if !self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?} to go; the screen shows:\n{}",
            self.contents()
        );
    }

    /// Sends raw bytes (keys).
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
        // A lone ESC followed at once by a key reads as Alt-key: give each send its own moment.
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Sends raw bytes without the pause that `send` leaves after them (for killing mid-way).
    pub fn send_now(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Types text.
    pub fn typed(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Resizes the terminal (the app gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The parser first: everything the app draws for the new size must land in a screen of that size.
        if let Ok(mut p) = self.screen.lock() {
            p.set_size(nz(rows), nz(cols));
        }
        self.master.resize(size(cols, rows)).expect("resize");
    }

    /// Sends the process a signal by name (`HUP`, `TERM`, `INT`), as closing the terminal or `kill` does.
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("the app has a process id");
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name} {pid} failed");
    }

    /// Kills the process (SIGKILL) and waits for it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the process to end and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!(
            "the app did not exit; the screen shows:\n{}",
            self.contents()
        );
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// Keys as the terminal sends them.
pub mod keys {
    /// Enter.
    pub const ENTER: &[u8] = b"\r";
    /// Tab.
    pub const TAB: &[u8] = b"\t";
    /// Escape.
    pub const ESC: &[u8] = b"\x1b";
    /// Ctrl-S.
    pub const CTRL_S: &[u8] = b"\x13";
    /// Down arrow.
    pub const DOWN: &[u8] = b"\x1b[B";
}
