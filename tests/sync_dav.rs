//! The DAV transport against real servers: Radicale (with password authentication) and Xandikos
//! (without), each started on a free port of 127.0.0.1 with a temporary storage. The servers come
//! from the Python named by `RAPPORT_DAV_PYTHON` (a venv with `radicale` and `xandikos`); without
//! it the tests say so in one line, and under `CI=true` they fail.

mod common;

use rapport::sync::dav::{Changes, Collection, CollectionKind, Dav, Outcome, Timeouts};
use rapport::sync::error::SyncError;
use rapport::sync::settings::{SyncSection, SyncSettings};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const USER: &str = "anna";
const PASSWORD: &str = "s3cret pw";

/// A DAV server running for one test; stopped when dropped.
struct Server {
    name: &'static str,
    child: Child,
    url: String,
    /// The user name it wants (empty: no authentication).
    username: &'static str,
    _storage: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Python with radicale and xandikos: `$RAPPORT_DAV_PYTHON` (the interpreter or its venv).
fn dav_python() -> Option<PathBuf> {
    let Some(named) = std::env::var_os("RAPPORT_DAV_PYTHON").map(PathBuf::from) else {
        common::cannot_run(
            "DAV server tests: no RAPPORT_DAV_PYTHON; python3 -m venv target/dav-venv && \
             target/dav-venv/bin/pip install radicale xandikos, then \
             RAPPORT_DAV_PYTHON=target/dav-venv",
        );
        return None;
    };
    let python = if named.is_dir() {
        named.join("bin/python")
    } else {
        named
    };
    let works = Command::new(&python)
        .args(["-c", "import radicale, xandikos"])
        .output()
        .is_ok_and(|out| out.status.success());
    assert!(
        works,
        "RAPPORT_DAV_PYTHON={} has no radicale and xandikos",
        python.display()
    );
    Some(python)
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Starts both servers, or none (after one line) when they are not installed.
fn servers() -> Vec<Server> {
    let Some(python) = dav_python() else {
        return Vec::new();
    };
    vec![radicale(&python), xandikos(&python)]
}

fn radicale(python: &PathBuf) -> Server {
    let storage = tempfile::tempdir().unwrap();
    let users = storage.path().join("users");
    std::fs::write(&users, format!("{USER}:{PASSWORD}\n")).unwrap();
    let port = free_port();
    let child = Command::new(python)
        .args(["-m", "radicale", "--config", ""])
        .arg("--storage-filesystem-folder")
        .arg(storage.path().join("collections"))
        .args(["--server-hosts", &format!("127.0.0.1:{port}")])
        .args(["--auth-type", "htpasswd", "--auth-htpasswd-filename"])
        .arg(&users)
        .args(["--auth-htpasswd-encryption", "plain"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    started("radicale", child, port, USER, storage)
}

fn xandikos(python: &PathBuf) -> Server {
    let storage = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = Command::new(python)
        .args(["-m", "xandikos.web", "--defaults", "-d"])
        .arg(storage.path())
        .args(["-l", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    started("xandikos", child, port, "", storage)
}

/// Waits until the server accepts connections.
fn started(
    name: &'static str,
    child: Child,
    port: u16,
    username: &'static str,
    storage: tempfile::TempDir,
) -> Server {
    let mut server = Server {
        name,
        child,
        url: format!("http://127.0.0.1:{port}/"),
        username,
        _storage: storage,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            server.child.try_wait().unwrap().is_none(),
            "{name} ended at start"
        );
        assert!(Instant::now() < deadline, "{name} did not start in 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

fn settings(url: &str, username: &str) -> SyncSettings {
    SyncSection {
        url: url.to_string(),
        username: username.to_string(),
        password_command: "unused".to_string(),
        ..SyncSection::default()
    }
    .settings(None)
    .unwrap()
}

fn dav(server: &Server) -> Dav {
    Dav::connect(&settings(&server.url, server.username), PASSWORD).unwrap()
}

fn vcard(uid: &str, name: &str) -> String {
    format!("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{uid}\r\nFN:{name}\r\nEND:VCARD\r\n")
}

fn vtodo(uid: &str, summary: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rapport//test//EN\r\nBEGIN:VTODO\r\n\
         UID:{uid}\r\nDTSTAMP:20261127T090000Z\r\nSUMMARY:{summary}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
}

fn vjournal(uid: &str, summary: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rapport//test//EN\r\nBEGIN:VJOURNAL\r\n\
         UID:{uid}\r\nDTSTAMP:20261127T090000Z\r\nDTSTART:20261127T090000Z\r\n\
         SUMMARY:{summary}\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n"
    )
}

fn body(kind: CollectionKind, uid: &str, text: &str) -> String {
    match kind {
        CollectionKind::Addressbook => vcard(uid, text),
        CollectionKind::Tasks => vtodo(uid, text),
        CollectionKind::Journal => vjournal(uid, text),
    }
}

const KINDS: [CollectionKind; 3] = [
    CollectionKind::Addressbook,
    CollectionKind::Tasks,
    CollectionKind::Journal,
];

#[test]
fn the_three_collections_are_created_once_then_found() {
    for server in servers() {
        let first = dav(&server);
        let created: Vec<_> = KINDS
            .iter()
            .map(|kind| first.collection(*kind, None).unwrap())
            .collect();
        for (kind, collection) in KINDS.iter().zip(&created) {
            let name = kind.default_name();
            assert!(
                collection.href.ends_with(&format!("/{name}/")),
                "{}: {collection:?}",
                server.name
            );
            assert!(collection.supports_sync, "{}: {collection:?}", server.name);
        }
        // A second device (no cache) finds the same collections instead of making new ones.
        // (Their last modification may be told, at another moment each time.)
        let second = dav(&server);
        let place = |c: &Collection| (c.href.clone(), c.supports_sync);
        for (kind, collection) in KINDS.iter().zip(&created) {
            let found = second.collection(*kind, None).unwrap();
            assert_eq!(place(&found), place(collection));
            // A configured href wins and is checked.
            let configured = second.collection(*kind, Some(&collection.href)).unwrap();
            assert_eq!(place(&configured), place(collection));
        }
        let missing = format!("{}nothing-here/", &created[0].href);
        match second.collection(CollectionKind::Addressbook, Some(&missing)) {
            Err(e @ SyncError::NotFound { .. }) => assert!(e.to_string().contains("nothing-here")),
            other => panic!("{}: {other:?}", server.name),
        }
    }
}

#[test]
fn records_are_created_listed_fetched_updated_and_deleted_conditionally() {
    for server in servers() {
        let dav = dav(&server);
        for kind in KINDS {
            round_trip(&server, &dav, kind);
        }
    }
}

fn round_trip(server: &Server, dav: &Dav, kind: CollectionKind) {
    let what = format!("{} {kind:?}", server.name);
    let collection = dav.collection(kind, None).unwrap().href;
    // A uid with characters servers treat differently still gets an href they all take.
    let uid = "urn:uuid:0b1c e/1";
    let Outcome::Done(created) = dav
        .create(kind, &collection, uid, &body(kind, uid, "one"))
        .unwrap()
    else {
        panic!("{what}: create refused");
    };
    assert!(created.href.starts_with(&collection), "{what}: {created:?}");
    assert!(created.href.ends_with(&format!(".{}", kind.extension())));
    assert_eq!(
        dav.list(&collection).unwrap(),
        vec![created.clone()],
        "{what}"
    );
    // Creating at an href that exists is a precondition failure, not an overwrite.
    let again = dav
        .create(kind, &collection, uid, &body(kind, uid, "other"))
        .unwrap();
    assert_eq!(again, Outcome::Precondition, "{what}");
    let fetched = dav
        .fetch(kind, &collection, std::slice::from_ref(&created.href))
        .unwrap();
    assert_eq!(fetched.found.len(), 1, "{what}");
    assert_eq!(fetched.found[0].etag, created.etag, "{what}");
    assert!(fetched.found[0].body.contains("one"), "{what}");
    let Outcome::Done(etag) = dav
        .update(kind, &created.href, &created.etag, &body(kind, uid, "two"))
        .unwrap()
    else {
        panic!("{what}: update refused");
    };
    assert_ne!(etag, created.etag, "{what}");
    // The old ETag no longer matches: neither update nor delete overwrite the newer record.
    let stale = dav
        .update(
            kind,
            &created.href,
            &created.etag,
            &body(kind, uid, "three"),
        )
        .unwrap();
    assert_eq!(stale, Outcome::Precondition, "{what}");
    assert_eq!(
        dav.delete(&created.href, &created.etag).unwrap(),
        Outcome::Precondition,
        "{what}"
    );
    let now = dav
        .fetch(kind, &collection, std::slice::from_ref(&created.href))
        .unwrap();
    assert!(now.found[0].body.contains("two"), "{what}");
    assert_eq!(dav.delete(&created.href, &etag).unwrap(), Outcome::Done(()));
    assert!(dav.list(&collection).unwrap().is_empty(), "{what}");
    let gone = dav
        .fetch(kind, &collection, std::slice::from_ref(&created.href))
        .unwrap();
    assert!(gone.found.is_empty(), "{what}: {gone:?}");
}

#[test]
fn changes_after_a_token_are_only_the_changed_and_deleted_hrefs() {
    for server in servers() {
        let dav = dav(&server);
        let what = server.name;
        let collection = dav.collection(CollectionKind::Tasks, None).unwrap();
        let first = dav.changes(&collection, None).unwrap();
        assert!(
            first.complete && first.changed.is_empty(),
            "{what}: {first:?}"
        );
        let mut made = Vec::new();
        for uid in ["a", "b", "c"] {
            match dav
                .create(
                    CollectionKind::Tasks,
                    &collection.href,
                    uid,
                    &vtodo(uid, uid),
                )
                .unwrap()
            {
                Outcome::Done(member) => made.push(member),
                Outcome::Precondition => panic!("{what}: create {uid} refused"),
            }
        }
        let second = dav.changes(&collection, first.token.as_deref()).unwrap();
        assert!(!second.complete, "{what}");
        assert_eq!(sorted(&second.changed), sorted(&made), "{what}");
        assert!(second.deleted.is_empty(), "{what}");
        let Outcome::Done(etag) = dav
            .update(
                CollectionKind::Tasks,
                &made[0].href,
                &made[0].etag,
                &vtodo("a", "a2"),
            )
            .unwrap()
        else {
            panic!("{what}: update refused");
        };
        assert_eq!(
            dav.delete(&made[1].href, &made[1].etag).unwrap(),
            Outcome::Done(())
        );
        let third = dav.changes(&collection, second.token.as_deref()).unwrap();
        assert_eq!(
            third,
            Changes {
                changed: vec![rapport::sync::report::Member {
                    href: made[0].href.clone(),
                    etag
                }],
                deleted: vec![made[1].href.clone()],
                token: third.token.clone(),
                complete: false,
                texts: vec![],
            },
            "{what}"
        );
        assert_ne!(third.token, second.token, "{what}");
        // A token the server does not know: the whole collection, marked complete.
        let unknown = dav
            .changes(&collection, Some("http://radicale.org/ns/sync/0000"))
            .unwrap();
        assert!(unknown.complete, "{what}: {unknown:?}");
        assert_eq!(unknown.changed.len(), 2, "{what}: {unknown:?}");
        assert!(unknown.token.is_some(), "{what}");
    }
}

fn sorted(members: &[rapport::sync::report::Member]) -> Vec<(String, String)> {
    let mut list: Vec<_> = members
        .iter()
        .map(|m| (m.href.clone(), m.etag.clone()))
        .collect();
    list.sort();
    list
}

#[test]
fn a_wrong_password_is_one_clear_line() {
    let Some(python) = dav_python() else {
        return;
    };
    let server = radicale(&python);
    let dav = Dav::connect(&settings(&server.url, USER), "wrong").unwrap();
    let error = dav
        .collection(CollectionKind::Addressbook, None)
        .unwrap_err();
    assert!(matches!(error, SyncError::Unauthorized { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "127.0.0.1 refused the user name or password"
    );
}

#[test]
fn a_server_that_is_not_running_fails_fast_and_clearly() {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/");
    let start = Instant::now();
    let dav = Dav::connect(&settings(&url, USER), PASSWORD).unwrap();
    let error = dav
        .collection(CollectionKind::Addressbook, None)
        .unwrap_err();
    assert!(matches!(error, SyncError::Unreachable { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with("cannot reach 127.0.0.1: "),
        "{error}"
    );
    assert!(!error.to_string().contains('\n'));
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    // Connections are accepted (by the kernel) and never answered.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let timeouts = Timeouts {
        connect: Duration::from_secs(1),
        request: Duration::from_secs(1),
    };
    let dav = Dav::with_timeouts(&settings(&url, USER), PASSWORD, timeouts).unwrap();
    let start = Instant::now();
    let error = dav.list("/anna/rapport/").unwrap_err();
    assert!(matches!(error, SyncError::Timeout { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "127.0.0.1 did not answer within 1 seconds"
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    drop(listener);
}

#[test]
fn plain_http_to_another_machine_is_refused_before_any_connection() {
    // A listener stands in for the "remote" host: nothing may connect to it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let section = SyncSection {
        url: format!("http://dav.example.org:{port}/"),
        username: USER.into(),
        password_command: "echo pw".into(),
        ..SyncSection::default()
    };
    let error = section.settings(None).unwrap_err();
    assert!(matches!(error, SyncError::PlainHttp { .. }), "{error:?}");
    assert!(error.to_string().contains("dav.example.org"), "{error}");
    // Settings built by hand are checked again by the transport.
    let mut forged = settings(&format!("http://127.0.0.1:{port}/"), USER);
    forged.url = format!("http://10.255.255.1:{port}/").parse().unwrap();
    let refused = Dav::connect(&forged, PASSWORD).err();
    assert!(
        matches!(refused, Some(SyncError::PlainHttp { .. })),
        "{refused:?}"
    );
    assert!(listener.accept().is_err(), "something connected");
}

/// A server that answers every request with `response` (status line, headers and body).
fn canned_server(response: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut buffer = [0u8; 8192];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    url
}

#[test]
fn a_failing_or_garbled_server_is_one_clear_line() {
    let failing = canned_server(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops!",
    );
    let dav = Dav::connect(&settings(&failing, USER), PASSWORD).unwrap();
    let error = dav.list("/anna/rapport/").unwrap_err();
    assert_eq!(
        error.to_string(),
        "127.0.0.1 answered 500 Internal Server Error for /anna/rapport/"
    );
    let garbled = canned_server(
        "HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml\r\nContent-Length: 30\r\n\
         Connection: close\r\n\r\n<multistatus xmlns=\"DAV:\"><res",
    );
    let dav = Dav::connect(&settings(&garbled, USER), PASSWORD).unwrap();
    let collection = rapport::sync::dav::Collection {
        href: "/anna/rapport/".into(),
        supports_sync: true,
        stamp: None,
    };
    for error in [
        dav.list("/anna/rapport/").unwrap_err(),
        dav.changes(&collection, Some("t")).unwrap_err(),
        dav.collection(CollectionKind::Tasks, None).unwrap_err(),
    ] {
        assert!(matches!(error, SyncError::Malformed { .. }), "{error:?}");
        assert!(
            error
                .to_string()
                .starts_with("127.0.0.1 sent an answer that is not valid DAV: "),
            "{error}"
        );
        assert!(!error.to_string().contains('\n'), "{error}");
    }
}
