//! Devices and the phone for the sync end-to-end tests: a device is a Sandbox (its own HOME and
//! database) with a `[sync]` config pointing at one server; the phone is tests/tools/dav_phone.py.

use crate::common::Sandbox;
use crate::common::dav::{DavServer, PASSWORD, USER, phone};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The five counts `rapport sync --json` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub pulled: u64,
    pub pushed: u64,
    pub merged: u64,
    pub conflicts: u64,
    pub deleted: u64,
}

impl Counts {
    /// Nothing moved: the two sides agree.
    pub fn quiet(&self) -> bool {
        *self == Counts::default()
    }
}

/// A fresh device with one contact, Lena Stille, not synced yet.
pub fn with_lena(server: &DavServer) -> Device {
    let a = Device::new(server, false);
    a.ok(&[
        "contact",
        "add",
        "Lena Stille",
        "--email",
        "lena@example.org",
    ]);
    a
}

/// One rapport installation syncing with a server.
pub struct Device {
    /// Its HOME with its database.
    pub sandbox: Sandbox,
    config: PathBuf,
    password: PathBuf,
}

/// Writes a private (0600) file, as the password file must be.
fn write_private(path: &Path, text: &str) {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .expect("create a private file");
    file.write_all(text.as_bytes()).expect("write it");
}

impl Device {
    /// A fresh device syncing with `server` (entries too when `entries`).
    pub fn new(server: &DavServer, entries: bool) -> Device {
        Device::at(&server.url, PASSWORD, entries)
    }

    /// A fresh device syncing with the server at `url` with `password`.
    pub fn at(url: &str, password: &str, entries: bool) -> Device {
        let sandbox = Sandbox::new();
        let config = sandbox.path("config.toml");
        write_private(
            &config,
            &format!("[sync]\nurl = \"{url}\"\nusername = \"{USER}\"\nentries = {entries}\n"),
        );
        let password_file = sandbox.path("dav-password");
        write_private(&password_file, password);
        Device {
            sandbox,
            config,
            password: password_file,
        }
    }

    /// The environment that points rapport at this device's config and password (for the app).
    pub fn env(&self) -> [(&'static str, String); 2] {
        [
            ("RAPPORT_CONFIG", self.config.display().to_string()),
            (
                "RAPPORT_SYNC_PASSWORD_FILE",
                self.password.display().to_string(),
            ),
        ]
    }

    /// `rapport ARGS` on this device.
    pub fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = self.sandbox.cmd(args);
        cmd.env("RAPPORT_CONFIG", &self.config)
            .env("RAPPORT_SYNC_PASSWORD_FILE", &self.password);
        cmd
    }

    /// The same, to spawn and kill.
    pub fn spawnable(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = self.sandbox.spawnable(args);
        cmd.env("RAPPORT_CONFIG", &self.config)
            .env("RAPPORT_SYNC_PASSWORD_FILE", &self.password);
        cmd
    }

    /// (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().expect("run rapport");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "rapport {args:?} failed: {err}");
        out
    }

    /// `rapport sync --json`, asserting success; its counts (and the whole output).
    pub fn sync_json(&self) -> (Counts, Value) {
        let out = self.ok(&["sync", "--json"]);
        let value: Value = serde_json::from_str(&out).expect("sync --json prints JSON");
        let count = |key: &str| {
            value[key]
                .as_u64()
                .unwrap_or_else(|| panic!("sync --json has no integer {key}: {out}"))
        };
        let counts = Counts {
            pulled: count("pulled"),
            pushed: count("pushed"),
            merged: count("merged"),
            conflicts: count("conflicts"),
            deleted: count("deleted"),
        };
        (counts, value)
    }

    /// `rapport sync --json`, asserting success.
    pub fn sync(&self) -> Counts {
        self.sync_json().0
    }

    /// The contact as `contact show --json` prints it.
    pub fn show(&self, name: &str) -> Value {
        serde_json::from_str(&self.ok(&["contact", "show", name, "--json"])).expect("JSON")
    }

    /// `KEY --json` of a listing command, as an array.
    pub fn listing(&self, args: &[&str]) -> Vec<Value> {
        let out = self.ok(args);
        serde_json::from_str::<Vec<Value>>(&out).expect("a JSON array")
    }

    /// What this device must agree on with the others after syncing (see [`agreed`]).
    pub fn agreed(&self) -> Value {
        agreed(&self.ok(&["export"]))
    }
}

/// Syncs the devices in turn until a whole round moves nothing (at most six rounds).
pub fn sync_until_quiet(devices: &[&Device]) {
    for _ in 0..6 {
        let mut quiet = true;
        for device in devices {
            quiet &= device.sync().quiet();
        }
        if quiet {
            return;
        }
    }
    panic!("the devices still move records after six rounds of syncs");
}

/// The data two devices must hold alike after syncing, from a `rapport export` JSON text:
/// - contacts without `id`, `created_at` (each device stamps its own), `company_id` and
///   `introduced_by` (not synced: the company travels as its name), their card rows without the
///   `UID` row (the sync keeps a contact's UID in its own table);
/// - entries and promises with the contacts and entries they link written as the contact's name and
///   the entry's `occurred_at title` instead of ids, without their own `id`;
/// - `closed_at` as the instant in UTC (a VTODO's COMPLETED is UTC);
/// - companies left out (only a contact's company name is synced);
/// - each list sorted.
pub fn agreed(export: &str) -> Value {
    let file: Value = serde_json::from_str(export).expect("export JSON");
    let items = |key: &str| file[key].as_array().cloned().unwrap_or_default();
    let names: HashMap<i64, Value> = items("contacts")
        .iter()
        .map(|c| (c["id"].as_i64().expect("id"), c["name"].clone()))
        .collect();
    let entry_keys: HashMap<i64, Value> = items("entries")
        .iter()
        .map(|e| {
            let key = format!("{} {}", e["occurred_at"], e["title"]);
            (e["id"].as_i64().expect("id"), Value::String(key))
        })
        .collect();
    let linked = |id: &Value, to: &HashMap<i64, Value>| {
        id.as_i64().map_or(Value::Null, |id| {
            to.get(&id).cloned().unwrap_or(Value::Null)
        })
    };
    let contacts = items("contacts").into_iter().map(|mut c| {
        let object = c.as_object_mut().expect("object");
        for key in ["id", "created_at", "company_id", "introduced_by"] {
            object.remove(key);
        }
        let card: Vec<Value> = object
            .remove("card")
            .and_then(|c| c.as_array().cloned())
            .unwrap_or_default()
            .into_iter()
            .filter(|row| {
                !row["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case("UID"))
            })
            .collect();
        object.insert("card".into(), Value::Array(card));
        c
    });
    let entries = items("entries").into_iter().map(|mut e| {
        let links: Vec<Value> = e["contacts"]
            .as_array()
            .map(|ids| ids.iter().map(|id| linked(id, &names)).collect())
            .unwrap_or_default();
        e["contacts"] = Value::Array(links);
        e.as_object_mut().expect("object").remove("id");
        e
    });
    let promises = items("promises").into_iter().map(|mut p| {
        p["contact"] = linked(&p["contact"], &names);
        p["entry"] = linked(&p["entry"], &entry_keys);
        if let Some(at) = p["closed_at"].as_str() {
            let at = chrono::DateTime::parse_from_rfc3339(at).expect("closed_at is RFC 3339");
            p["closed_at"] = json!(at.with_timezone(&chrono::Utc).to_rfc3339());
        }
        p.as_object_mut().expect("object").remove("id");
        p
    });
    json!({
        "contacts": sorted(contacts),
        "entries": sorted(entries),
        "promises": sorted(promises),
    })
}

fn sorted(items: impl Iterator<Item = Value>) -> Vec<Value> {
    let mut items: Vec<Value> = items.collect();
    items.sort_by_key(Value::to_string);
    items
}

/// The phone: tests/tools/dav_phone.py against one server.
pub struct Phone<'a> {
    /// The server it talks to.
    pub server: &'a DavServer,
}

impl Phone<'_> {
    /// Runs a phone command; its trimmed stdout.
    pub fn run(&self, args: &[&str]) -> String {
        phone(self.server, PASSWORD, args)
    }

    /// The href of rapport's collection `name` (after rapport's first sync created it).
    pub fn find(&self, name: &str) -> String {
        self.run(&["find", name])
    }

    /// (href, UID, FN or SUMMARY) of each resource in `collection`.
    pub fn records(&self, collection: &str) -> Vec<(String, String, String)> {
        self.run(&["records", collection])
            .lines()
            .filter(|l| !l.is_empty())
            .map(|line| {
                let mut parts = line.splitn(3, '\t').map(str::to_string);
                let mut next = || parts.next().unwrap_or_default();
                (next(), next(), next())
            })
            .collect()
    }

    /// The unfolded content lines of the resource at `href`.
    pub fn lines(&self, href: &str) -> Vec<String> {
        unfolded(&self.run(&["raw", href]))
    }
}

/// Content lines of a vCard or iCalendar text, unfolded.
pub fn unfolded(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        match (line.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ if line.is_empty() => {}
            _ => lines.push(line.to_string()),
        }
    }
    lines
}

impl Device {
    /// Logs `count` meetings with Lena Stille (see [`with_lena`]), each with a promise "Zusage N":
    /// more than `sync::bulk::BULK_MIN` make a first sync send them in one request.
    pub fn promise_lena(&self, count: usize) {
        for n in 0..count {
            let promise = format!("Zusage {n}");
            self.ok(&["log", "Lena Stille", "--promise", &promise, "Treffen."]);
        }
    }
}
