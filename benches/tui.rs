//! Latency and memory of the full-screen app on the 100k data set, measured the way a person meets
//! them: the release binary in a pseudo-terminal, timed from the key written to the last byte of the
//! frame it causes. Run with `cargo bench --bench tui`; prints a table for the README.

mod common;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A frame has ended when no byte arrives for this long.
const QUIET: Duration = Duration::from_millis(40);
const ROUNDS: usize = 20;

struct Session {
    writer: Box<dyn Write + Send>,
    output: Receiver<(Instant, Vec<u8>)>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    seen: Vec<u8>,
}

impl Session {
    /// Waits until `text` has been drawn; returns when its last byte arrived.
    fn until(&mut self, text: &str, deadline: Duration) -> Instant {
        let start = Instant::now();
        loop {
            match self
                .output
                .recv_timeout(deadline.saturating_sub(start.elapsed()))
            {
                Ok((at, bytes)) => {
                    self.seen.extend_from_slice(&bytes);
                    if String::from_utf8_lossy(&self.seen).contains(text) {
                        self.seen.clear();
                        return at;
                    }
                }
                Err(_) => panic!("'{text}' did not appear"),
            }
        }
    }

    /// Sends keys and returns the time until the frame they cause is complete.
    fn key(&mut self, bytes: &[u8]) -> Duration {
        self.key_settled(bytes, QUIET)
    }

    /// Like `key`, but the screen counts as settled only after `quiet` without output (for work
    /// that follows a pause, such as search as you type).
    fn key_settled(&mut self, bytes: &[u8], quiet: Duration) -> Duration {
        while self.output.try_recv().is_ok() {}
        let sent = Instant::now();
        self.writer.write_all(bytes).expect("write");
        self.writer.flush().expect("flush");
        let mut last = match self.output.recv_timeout(Duration::from_secs(5)) {
            Ok((at, _)) => at,
            Err(_) => panic!("no frame after a key"),
        };
        while let Ok((at, _)) = self.output.recv_timeout(quiet) {
            last = at;
        }
        last - sent
    }
}

fn median(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() - 1])
}

fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let status = std::process::Command::new("cargo")
        .args(["build", "--release", "--quiet"])
        .status();
    assert!(status.is_ok_and(|s| s.success()), "release build failed");
    // RAPPORT_BENCH_DB measures another database (compare.sh passes the 1M one); else the 100k set.
    let db = std::env::var_os("RAPPORT_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| common::imported_db().clone());
    let store = rapport::store::Store::open(&db).expect("open the database");
    let entries = store.entry_count(None).expect("count entries");
    let busiest = store
        .entry_count(Some(common::BUSIEST_CONTACT))
        .expect("count entries");
    drop(store);
    let binary = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/rapport");
    let home = tempfile::tempdir().expect("tempdir");

    let mut starts = Vec::new();
    let mut report = Vec::new();
    for round in 0..5 {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(&binary);
        cmd.args(["--db", db.to_str().expect("utf-8 path")]);
        cmd.env("HOME", home.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("RAPPORT_NOW", "2026-11-01T18:00:00+01:00");
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        let mut s = Session {
            writer,
            output: rx,
            child,
            seen: Vec::new(),
        };
        let drawn = s.until(" help", Duration::from_secs(10));
        starts.push(drawn - started);
        if round > 0 {
            let _ = s.key(b"q");
            let _ = s.child.wait();
            continue;
        }
        std::thread::sleep(Duration::from_millis(200));
        let contacts: Vec<Duration> = (0..ROUNDS).map(|_| s.key(b"j")).collect();
        s.key(b"\t");
        let timeline: Vec<Duration> = (0..ROUNDS).map(|_| s.key(b"j")).collect();
        let pages: Vec<Duration> = (0..ROUNDS).map(|_| s.key(b"\x1b[6~")).collect();
        s.key(b"\t");
        s.key(b"f");
        for c in "paul schubert".chars() {
            s.key(c.to_string().as_bytes());
        }
        s.key(b"\r");
        let mut opens = Vec::new();
        let mut history = Vec::new();
        for _ in 0..ROUNDS {
            opens.push(s.key(b"\r"));
            history.extend((0..3).map(|_| s.key(b"\x1b[6~")));
            std::thread::sleep(Duration::from_millis(60));
            s.key(b"\x1b");
        }
        let mut search = Vec::new();
        let mut results = Vec::new();
        for word in ["vertrau", "förderantrag", "müller", "lieferkette"] {
            s.key(b"/");
            let (last, head) =
                word.split_at(word.len() - word.chars().last().map_or(1, char::len_utf8));
            for c in last.chars() {
                search.push(s.key(c.to_string().as_bytes()));
            }
            results.push(s.key_settled(head.as_bytes(), Duration::from_millis(200)));
            s.key(b"\x1b");
        }
        let mut review_opens = Vec::new();
        let mut review_next = Vec::new();
        for _ in 0..ROUNDS / 4 {
            review_opens.push(s.key(b"r"));
            review_next.extend((0..4).map(|_| s.key(b"n")));
            std::thread::sleep(Duration::from_millis(60));
            s.key(b"\x1b");
        }
        let pid = s.child.process_id().unwrap_or(0);
        let rss = peak_rss_kib(pid);
        let _ = s.key(b"q");
        let _ = s.child.wait();
        report = vec![
            ("move in the contact list (j)", median(contacts)),
            ("move in the timeline (j)", median(timeline)),
            ("page down in the timeline (PgDn)", median(pages)),
            ("open the busiest contact", median(opens)),
            ("page down in that contact's history", median(history)),
            ("typing in search (per key)", median(search)),
            (
                "open the weekly review (queue of all flagged contacts, first card)",
                median(review_opens),
            ),
            ("next review card", median(review_next)),
            (
                "search results after the last key (incl. the 60 ms typing pause)",
                median(results),
            ),
        ];
        report.push((
            "peak resident memory",
            (Duration::from_micros(rss), Duration::ZERO),
        ));
    }
    let (start_median, start_max) = median(starts);
    println!("| what ({entries} entries, the busiest contact {busiest}, 100×30) | median | max |");
    println!("|---|---:|---:|");
    println!(
        "| start to first complete frame | {:.1} ms | {:.1} ms |",
        ms(start_median),
        ms(start_max)
    );
    for (what, (med, max)) in report {
        if what == "peak resident memory" {
            println!("| {what} | {:.1} MB | |", med.as_micros() as f64 / 1024.0);
        } else {
            println!(
                "| keypress to frame: {what} | {:.2} ms | {:.2} ms |",
                ms(med),
                ms(max)
            );
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
