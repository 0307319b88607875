//! Random operations on two devices between syncs converge: after final syncs both exports agree and
//! every record a command acknowledged is there, unless the user deleted it (`RAPPORT_SYNC_CASES`).

use crate::common::count;
use crate::common::dav::{DavServer, Flavour};
use crate::device::{Device, sync_until_quiet};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// One thing a user does on one device (`side` 0 is A, 1 is B); `pick` chooses among what is there.
#[derive(Debug, Clone)]
enum Op {
    Add {
        side: usize,
    },
    Edit {
        side: usize,
        pick: usize,
        field: usize,
        value: u8,
    },
    Delete {
        side: usize,
        pick: usize,
    },
    Log {
        side: usize,
        pick: usize,
        promise: bool,
    },
    Mark {
        side: usize,
        pick: usize,
        kept: bool,
    },
    Sync {
        side: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let side = 0..2usize;
    prop_oneof![
        2 => side.clone().prop_map(|side| Op::Add { side }),
        3 => (side.clone(), any::<usize>(), 0..4usize, any::<u8>())
            .prop_map(|(side, pick, field, value)| Op::Edit { side, pick, field, value }),
        1 => (side.clone(), any::<usize>()).prop_map(|(side, pick)| Op::Delete { side, pick }),
        2 => (side.clone(), any::<usize>(), any::<bool>())
            .prop_map(|(side, pick, promise)| Op::Log { side, pick, promise }),
        1 => (side.clone(), any::<usize>(), any::<bool>())
            .prop_map(|(side, pick, kept)| Op::Mark { side, pick, kept }),
        2 => side.prop_map(|side| Op::Sync { side }),
    ]
}

/// What the user did that must be visible at the end: names, entry titles, promise texts created,
/// and the contacts deleted (whose entries and promises may be gone with them).
#[derive(Default)]
struct Made {
    contacts: BTreeSet<String>,
    entries: Vec<(String, String)>,
    promises: Vec<(String, String)>,
    deleted: BTreeSet<String>,
}

/// The `id` of the `pick`-th item of a JSON listing, if there is any.
fn nth(items: &[serde_json::Value], pick: usize, key: &str) -> Option<String> {
    (!items.is_empty()).then(|| {
        items[pick % items.len()][key]
            .to_string()
            .trim_matches('"')
            .to_string()
    })
}

fn apply(devices: &[&Device; 2], op: &Op, made: &mut Made, serial: usize) {
    let contacts = |d: &Device| d.listing(&["contact", "list", "--json"]);
    match *op {
        Op::Add { side } => {
            let name = format!("Person {serial}");
            devices[side].ok(&[
                "contact",
                "add",
                &name,
                "--email",
                &format!("p{serial}@example.org"),
            ]);
            made.contacts.insert(name);
        }
        Op::Edit {
            side,
            pick,
            field,
            value,
        } => {
            let d = devices[side];
            let Some(name) = nth(&contacts(d), pick, "name") else {
                return;
            };
            let flag = ["--note", "--role", "--phone", "--tag"][field];
            d.ok(&[
                "contact",
                "edit",
                &name,
                flag,
                &format!("wert {value} {serial}"),
            ]);
        }
        Op::Delete { side, pick } => {
            let d = devices[side];
            let Some(name) = nth(&contacts(d), pick, "name") else {
                return;
            };
            d.ok(&["forget", &name, "--yes"]);
            made.deleted.insert(name);
        }
        Op::Log {
            side,
            pick,
            promise,
        } => {
            let d = devices[side];
            let Some(name) = nth(&contacts(d), pick, "name") else {
                return;
            };
            let (title, text) = (format!("Eintrag {serial}"), format!("Versprechen {serial}"));
            let mut args = vec!["log", name.as_str(), "--title", title.as_str()];
            if promise {
                args.extend(["--promise", text.as_str()]);
                made.promises.push((name.clone(), text.clone()));
            }
            d.ok(&args);
            made.entries.push((name, title));
        }
        Op::Mark { side, pick, kept } => {
            let d = devices[side];
            let open = d.listing(&["promise", "list", "--open", "--json"]);
            let Some(id) = nth(&open, pick, "id") else {
                return;
            };
            d.ok(&["promise", if kept { "done" } else { "broken" }, &id]);
        }
        Op::Sync { side } => {
            devices[side].sync();
        }
    }
}

fn check(a: &Device, b: &Device, made: &Made) {
    let agreed = a.agreed();
    assert_eq!(agreed, b.agreed(), "both exports agree");
    let has = |list: &str, key: &str, value: &str| {
        agreed[list]
            .as_array()
            .is_some_and(|items| items.iter().any(|i| i[key] == value))
    };
    for name in made.contacts.difference(&made.deleted) {
        assert!(has("contacts", "name", name), "contact {name} was lost");
    }
    for (name, title) in made
        .entries
        .iter()
        .filter(|(n, _)| !made.deleted.contains(n))
    {
        assert!(
            has("entries", "title", title),
            "entry {title} about {name} was lost"
        );
    }
    for (name, text) in made
        .promises
        .iter()
        .filter(|(n, _)| !made.deleted.contains(n))
    {
        assert!(
            has("promises", "text", text),
            "promise {text} to {name} was lost"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: u32::try_from(count("RAPPORT_SYNC_CASES", 3)).unwrap_or(3),
        max_shrink_iters: 16,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]
    #[test]
    fn random_operations_on_two_devices_converge(ops in prop::collection::vec(op(), 4..16)) {
        let Some(server) = DavServer::start(Flavour::Radicale) else { return Ok(()) };
        let (a, b) = (Device::new(&server, true), Device::new(&server, true));
        let mut made = Made::default();
        for (serial, op) in ops.iter().enumerate() {
            apply(&[&a, &b], op, &mut made, serial);
        }
        sync_until_quiet(&[&a, &b]);
        check(&a, &b, &made);
    }
}
