//! Real DAV servers for the sync tests: Radicale (with a password) and Xandikos (which has no
//! authentication of its own), each on a free loopback port with a temporary storage folder, stopped
//! when the value is dropped. They come from PyPI (`tests/tools/dav-requirements.txt`), installed by
//! `.ci/run` into `target/dav-venv`; `RAPPORT_DAV_PYTHON` names another Python that has them.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The user and password the servers accept (Xandikos accepts anything).
pub const USER: &str = "anna";
/// See [`USER`].
pub const PASSWORD: &str = "geheim-🔑-passwort";

/// Which server a [`DavServer`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Radicale 3: htpasswd users, one principal per user, sync tokens.
    Radicale,
    /// Xandikos: a Git-backed store, a fixed principal `/user/`, sync tokens, no authentication.
    Xandikos,
}

/// A running server; killed on drop.
pub struct DavServer {
    /// Which one.
    pub flavour: Flavour,
    /// Its root URL, `http://127.0.0.1:PORT/`.
    pub url: String,
    /// Where it keeps its collections (and, for Radicale, the users file).
    pub dir: TempDir,
    child: Child,
}

/// The Python that has the servers, or `None` after [`super::cannot_run`] said why not.
pub fn dav_python() -> Option<PathBuf> {
    super::python_with(
        "RAPPORT_DAV_PYTHON",
        "dav-venv",
        "radicale, xandikos, caldav",
        "the DAV sync tests need Radicale and Xandikos: python3 -m venv target/dav-venv && \
         target/dav-venv/bin/pip install -r tests/tools/dav-requirements.txt \
         (or set RAPPORT_DAV_PYTHON)",
    )
}

impl DavServer {
    /// Starts `flavour`; `None` when the servers are not installed (outside CI).
    pub fn start(flavour: Flavour) -> Option<DavServer> {
        DavServer::start_logging(flavour, "error")
    }

    /// Starts Radicale logging each request it gets (see [`DavServer::requests`]).
    pub fn radicale_logging_requests() -> Option<DavServer> {
        DavServer::start_logging(Flavour::Radicale, "info")
    }

    /// How many `method` requests for a path starting with `path` Radicale logged so far (started
    /// by [`DavServer::radicale_logging_requests`]).
    pub fn requests(&self, method: &str, path: &str) -> usize {
        self.log()
            .matches(&format!("{method} request for '{path}"))
            .count()
    }

    /// The sizes in bytes of Radicale's answers to the sync-collection REPORTs on `path` so far
    /// (requests without a Depth header; multigets have one), in order.
    pub fn listing_sizes(&self, path: &str) -> Vec<usize> {
        let prefix = format!("REPORT response status for '{path}' in ");
        self.log()
            .lines()
            .filter_map(|line| line.split_once(&prefix).map(|(_, rest)| rest))
            .filter_map(|rest| {
                rest.split(" bytes")
                    .next()?
                    .rsplit(' ')
                    .next()?
                    .parse()
                    .ok()
            })
            .collect()
    }

    fn start_logging(flavour: Flavour, level: &str) -> Option<DavServer> {
        let python = dav_python()?;
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let mut cmd = Command::new(python);
        match flavour {
            Flavour::Radicale => {
                let users = dir.path().join("users");
                std::fs::write(&users, format!("{USER}:{PASSWORD}\n")).expect("users file");
                cmd.args(["-m", "radicale", "--config", ""])
                    .arg("--storage-filesystem-folder")
                    .arg(dir.path().join("collections"))
                    .args(["--server-hosts", &format!("127.0.0.1:{port}")])
                    .args([
                        "--auth-type",
                        "htpasswd",
                        "--auth-htpasswd-encryption",
                        "plain",
                    ])
                    .arg("--auth-htpasswd-filename")
                    .arg(&users)
                    .args(["--logging-level", level]);
            }
            Flavour::Xandikos => {
                cmd.args(["-m", "xandikos.web", "--defaults", "--no-detect-systemd"])
                    .arg("-d")
                    .arg(dir.path().join("collections"))
                    .arg("--state-dir")
                    .arg(dir.path().join("state"))
                    .args(["-l", "127.0.0.1", "-p", &port.to_string()]);
            }
        }
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log file");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .expect("start the DAV server");
        let server = DavServer {
            flavour,
            url: format!("http://127.0.0.1:{port}/"),
            dir,
            child,
        };
        server.wait_until_listening(port);
        Some(server)
    }

    /// Both servers, one after the other, for tests that must hold against each.
    pub fn each() -> Vec<DavServer> {
        [Flavour::Radicale, Flavour::Xandikos]
            .into_iter()
            .filter_map(DavServer::start)
            .collect()
    }

    /// What the server wrote to its log so far (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Stops the server (as a crash or a pulled cable would: no goodbye).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn wait_until_listening(&self, port: u16) {
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{:?} did not start listening: {}", self.flavour, self.log());
    }
}

impl Drop for DavServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs the phone client (tests/tools/dav_phone.py) against `server` as [`USER`] with `password`;
/// its trimmed stdout, asserting success.
pub fn phone(server: &DavServer, password: &str, args: &[&str]) -> String {
    let python = dav_python().expect("checked by DavServer::start");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/dav_phone.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .args([server.url.as_str(), USER, password])
        .args(args)
        .output()
        .expect("run the phone client");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        server.log()
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A loopback port nobody listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
