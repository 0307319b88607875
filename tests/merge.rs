//! Issue 13, duplicates and merging: `contact duplicates`, the import's note about likely duplicates,
//! and `contact merge`, on the real binary in a private HOME.

mod common;

use common::Sandbox;
use serde_json::Value;

/// "Dr. Jürgen Müller" as Apple Contacts writes him.
const APPLE_CARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller;Jürgen;;Dr.;\r\nFN:Dr. Jürgen Müller\r\n\
ORG:Ankerwerk GmbH;\r\nEMAIL;type=INTERNET;type=WORK;type=pref:juergen.mueller@ankerwerk.example\r\n\
TEL;type=CELL:+49 171 2345678\r\nEND:VCARD\r\n";

/// A journal with Jürgen Müller from LinkedIn, a namesake elsewhere and an unrelated contact.
fn journal() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Jürgen Müller",
        "--company",
        "Ankerwerk GmbH",
        "--note",
        "LinkedIn: https://www.linkedin.com/in/juergen-mueller",
    ]);
    s.ok(&["contact", "add", "Anna Weber", "--company", "Beispiel AG"]);
    s.ok(&["contact", "add", "Anna Weber", "--company", "Nordlicht AB"]);
    s
}

fn import_apple(s: &Sandbox, dry_run: bool) -> String {
    let file = s.home.path().join("apple.vcf");
    std::fs::write(&file, APPLE_CARD).expect("write");
    let mut args = vec!["import", "--format", "vcard", file.to_str().expect("path")];
    if dry_run {
        args.push("--dry-run");
    }
    s.ok(&args)
}

#[test]
fn an_import_names_the_new_contacts_that_look_like_existing_ones() {
    let s = journal();
    for dry_run in [true, false] {
        let out = import_apple(&s, dry_run);
        assert!(
            out.contains(
                "1 new contact looks like an existing one: Dr. Jürgen Müller ~ Jürgen Müller \
                 (same name and company); see `rapport contact duplicates`"
            ),
            "{out}"
        );
    }
    // Importing the same card again creates nothing and notes nothing.
    let again = import_apple(&s, false);
    assert!(!again.contains("looks like"), "{again}");
}

#[test]
fn duplicates_lists_likely_pairs_with_their_reasons_but_not_namesakes_elsewhere() {
    let s = journal();
    assert_eq!(
        s.ok(&["contact", "duplicates"]),
        "no likely duplicates among 3 contacts\n"
    );
    import_apple(&s, false);
    s.ok(&["contact", "add", "J. Müller", "--phone", "0171 2345678"]);
    let out = s.ok(&["contact", "duplicates"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "#4 Dr. Jürgen Müller (Ankerwerk GmbH) ~ #5 J. Müller: same phone number +49 171 2345678",
            "#1 Jürgen Müller (Ankerwerk GmbH) ~ #4 Dr. Jürgen Müller (Ankerwerk GmbH): same name and company",
            "merge a pair with: rapport contact merge KEEP OTHER",
        ]
    );
    let json: Value =
        serde_json::from_str(&s.ok(&["contact", "duplicates", "--json"])).expect("json");
    let pairs = json.as_array().expect("array");
    assert_eq!(pairs.len(), 2);
    assert_eq!(pairs[1]["first"]["name"], "Jürgen Müller");
    assert_eq!(pairs[1]["second"]["id"], 4);
    assert_eq!(pairs[1]["reasons"][0]["kind"], "name_and_company");
    assert_eq!(pairs[0]["reasons"][0]["value"], "+49 171 2345678");
    let german = s
        .cmd(&["contact", "duplicates"])
        .env("LANG", "de_DE.UTF-8")
        .output()
        .expect("run");
    let german = String::from_utf8_lossy(&german.stdout);
    assert!(
        german.contains("gleicher Name und gleiche Firma"),
        "{german}"
    );
}

#[test]
fn merge_shows_the_result_asks_and_moves_everything() {
    let s = journal();
    import_apple(&s, false);
    s.ok(&[
        "log",
        "Jürgen Müller",
        "--at",
        "2026-11-20 10:00",
        "--promise",
        "Angebot schicken",
        "Erstes Treffen",
    ]);
    s.ok(&["log", "Dr. Jürgen", "--at", "2026-11-10 10:00", "Telefonat"]);
    s.ok(&[
        "log",
        "1,4",
        "--at",
        "2026-11-12 10:00",
        "Gemeinsam beim Kunden",
    ]);
    // Without a terminal and without --yes: refused in one line, nothing changed.
    let (code, out, err) = s.run(&["contact", "merge", "4", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        out.contains(
            "Merging #1 Jürgen Müller (Ankerwerk GmbH) into #4 Dr. Jürgen Müller (Ankerwerk GmbH):"
        ),
        "{out}"
    );
    assert!(out.contains("moves: 2 entries, 1 promise"), "{out}");
    assert_eq!(
        err.trim(),
        "rapport: merge asks before merging #1 Jürgen Müller (Ankerwerk GmbH) into #4 Dr. Jürgen Müller (Ankerwerk GmbH); without a terminal, add --yes"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(s.ok(&["contact", "show", "1"]).contains("Jürgen Müller"));
    // A contact cannot be merged into itself.
    let (code, _, err) = s.run(&["contact", "merge", "4", "#4", "--yes"]);
    assert_ne!(code, 0);
    assert!(err.contains("cannot be merged into itself"), "{err}");
    let out = s.ok(&["contact", "merge", "4", "1", "--yes"]);
    assert!(
        out.contains("merged #1 Jürgen Müller (Ankerwerk GmbH) into #4"),
        "{out}"
    );
    let (code, _, _) = s.run(&["contact", "show", "1"]);
    assert_ne!(code, 0, "the other contact is gone");
    let shown: Value =
        serde_json::from_str(&s.ok(&["contact", "show", "4", "--json"])).expect("json");
    let text = shown.to_string();
    assert!(
        text.contains("linkedin.com/in/juergen-mueller"),
        "notes appended: {text}"
    );
    assert_eq!(
        s.ok(&["entries", "--contact", "4", "--json"])
            .matches("\"occurred_at\"")
            .count(),
        3
    );
    assert_eq!(
        s.ok(&["contact", "duplicates"]).lines().count(),
        1,
        "no pair left"
    );
    // Forgetting the kept contact finds everything that was the other's.
    let out = s.ok(&["forget", "4", "--yes"]);
    assert!(out.contains("3 entries, 1 promise"), "{out}");
}

/// The generated data set's 2,000 contacts: every pair listed has a reason that holds (no namesakes
/// at two companies), and the command stays quick (the 200 ms budget is for the release build: see
/// the `duplicates` benchmark; here the debug build's time is printed).
#[test]
fn duplicates_on_the_generated_data_set() {
    let s = Sandbox::new();
    let Some(out) = common::generated_dataset(2000, 200, &s.path("dataset")) else {
        return;
    };
    let file = out.join("rapport.json");
    s.ok(&["import", file.to_str().expect("path")]);
    let started = std::time::Instant::now();
    let listed = s.ok(&["contact", "duplicates", "--json"]);
    println!(
        "contact duplicates on 2,000 contacts (debug build): {:?}",
        started.elapsed()
    );
    let pairs: Value = serde_json::from_str(&listed).expect("json");
    let contacts: Value =
        serde_json::from_str(&s.ok(&["contact", "list", "--json", "--archived"])).expect("json");
    assert_eq!(contacts.as_array().expect("list").len(), 2000);
    for pair in pairs.as_array().expect("array") {
        let (a, b) = (&pair["first"], &pair["second"]);
        let kinds: Vec<&str> = pair["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .filter_map(|r| r["kind"].as_str())
            .collect();
        if kinds == ["name_and_company"] {
            assert_eq!(a["company"], b["company"], "{pair}");
        }
        if kinds == ["name"] {
            assert!(a["company"].is_null() || b["company"].is_null(), "{pair}");
        }
    }
}
