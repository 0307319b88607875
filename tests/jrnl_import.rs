//! jrnl journals as real jrnl versions write them: every time format jrnl's config allows (and the
//! user's own `timeformat` from `--jrnl-config`), encrypted journals refused with advice, tags that
//! name one person making one contact, and times that a clock change skips or repeats.

mod common;

use common::{Sandbox, cannot_run, export_data};
use serde_json::Value;

fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/jrnl/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// The entries of the export, as (occurred_at, title), in the export's order.
fn entries(s: &Sandbox) -> Vec<(String, String)> {
    let data = export_data(&s.ok(&["export"]));
    let mut entries: Vec<(String, String)> = data["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["occurred_at"].as_str().unwrap_or_default().to_string(),
                e["title"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    entries.sort();
    entries
}

fn contact_names(s: &Sandbox) -> Vec<String> {
    let data = export_data(&s.ok(&["export"]));
    let mut names: Vec<String> = data["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect();
    names.sort();
    names
}

fn with_two_people() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Weber"]);
    s.ok(&["contact", "add", "Paul Schubert"]);
    s
}

#[test]
fn every_time_format_jrnl_writes_by_default_reads() {
    for (file, expected) in [
        (
            // jrnl 3 and 4: `timeformat: "%F %r"`.
            "jrnl3_default.txt",
            vec![
                ("2026-11-18T09:05:00+01:00", "Kickoff with @anna_weber."),
                (
                    "2026-11-20T12:15:30+01:00",
                    "Lunch with @anna_weber and @paul_schubert",
                ),
                (
                    "2026-11-20T14:30:00+01:00",
                    "Call with @paul_schubert about the contract.",
                ),
            ],
        ),
        (
            // 12 hours without seconds, in either case.
            "twelve_hour.txt",
            vec![
                ("2026-11-18T09:05:00+01:00", "Kickoff with @anna_weber."),
                ("2026-11-20T00:15:00+01:00", "Late note on @anna_weber"),
                (
                    "2026-11-20T14:30:00+01:00",
                    "Call with @paul_schubert about the contract.",
                ),
            ],
        ),
        (
            // `%d.%m.%Y %H:%M`, with and without seconds.
            "german_dates.txt",
            vec![
                ("2026-11-18T09:05:00+01:00", "Auftakt mit @anna_weber."),
                ("2026-11-20T14:30:15+01:00", "Telefonat mit @paul_schubert."),
            ],
        ),
    ] {
        let s = with_two_people();
        let out = s.ok(&["import", "--format", "jrnl", &fixture(file)]);
        assert!(
            out.starts_with(&format!("imported {} entries", expected.len())),
            "{file}: {out}"
        );
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(entries(&s), expected, "{file}");
    }
}

#[test]
fn the_users_own_timeformat_comes_from_jrnl_config() {
    let s = with_two_people();
    // Without the config the format is not one jrnl writes by default: refused at its line.
    let (code, _, stderr) = s.run(&[
        "import",
        "--format",
        "jrnl",
        &fixture("custom_timeformat.txt"),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("custom_timeformat.txt: line 1:"),
        "{stderr}"
    );
    let out = s.ok(&[
        "import",
        "--format",
        "jrnl",
        "--jrnl-config",
        &fixture("jrnl.yaml"),
        &fixture("custom_timeformat.txt"),
    ]);
    assert!(out.starts_with("imported 2 entries"), "{out}");
    assert_eq!(
        entries(&s),
        [
            (
                "2026-11-18T09:05:00+01:00".to_string(),
                "Kickoff with @anna_weber.".to_string()
            ),
            (
                "2026-11-20T14:30:00+01:00".to_string(),
                "Call with @paul_schubert.".to_string()
            ),
        ]
    );
    // A config that cannot be read, or has a format chrono cannot read, is one line.
    let (code, _, stderr) = s.run(&[
        "import",
        "--format",
        "jrnl",
        "--jrnl-config",
        &fixture("missing.yaml"),
        &fixture("custom_timeformat.txt"),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("missing.yaml"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn encrypted_journals_are_refused_with_advice() {
    let s = with_two_people();
    let (code, stdout, stderr) = s.run(&["import", "--format", "jrnl", &fixture("encrypted.txt")]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stderr.trim(),
        "rapport: encrypted.txt: this journal is encrypted: run `jrnl --decrypt` first"
            .replace("encrypted.txt", &fixture("encrypted.txt"))
    );
    let out = s
        .cmd(&["import", "--format", "jrnl", &fixture("encrypted.txt")])
        .env("LANG", "de_DE.UTF-8")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("jrnl --decrypt"), "{stderr}");
    assert!(stderr.contains("verschlüsselt"), "{stderr}");
}

#[test]
fn tags_that_slug_to_one_person_create_one_contact() {
    // Into an empty journal, and into one that knows the person under another spelling (found by
    // each of the tags).
    for (known, created, names) in [
        (None, "created 2 contacts", ["Anna Weber", "Jürgen Müller"]),
        (
            Some("Juergen Mueller"),
            "created 1 contact",
            ["Anna Weber", "Juergen Mueller"],
        ),
    ] {
        let s = Sandbox::new();
        if let Some(name) = known {
            s.ok(&["contact", "add", name]);
        }
        let out = s.ok(&[
            "import",
            "--format",
            "jrnl",
            "--create-contacts",
            &fixture("same_person_tags.txt"),
        ]);
        assert!(
            out.starts_with(&format!("imported 3 entries, {created}")),
            "{out}"
        );
        assert_eq!(contact_names(&s), names);
        let data = export_data(&s.ok(&["export"]));
        for entry in data["entries"].as_array().expect("entries") {
            let people = entry["contacts"].as_array().expect("contacts").len();
            let with_anna = entry["title"].as_str().is_some_and(|t| t.contains("anna"));
            assert_eq!(people, if with_anna { 2 } else { 1 }, "{entry}");
        }
    }
}

/// `rapport ARGS` in the system zone `tz` (no fixed `RAPPORT_NOW`), so that clock changes apply.
fn in_zone(s: &Sandbox, tz: &str, args: &[&str]) -> String {
    let out = s
        .cmd(args)
        .env_remove("RAPPORT_NOW")
        .env("TZ", tz)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "rapport {args:?} in {tz} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn zone_missing(zone: &str) -> bool {
    let present = std::path::Path::new("/usr/share/zoneinfo")
        .join(zone)
        .exists();
    if !present {
        cannot_run(&format!("the time zone database has no {zone}"));
    }
    !present
}

#[test]
fn clock_changes_neither_refuse_nor_duplicate() {
    if zone_missing("Europe/Berlin") || zone_missing("America/New_York") {
        return;
    }
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Weber"]);
    let journal = fixture("spring_forward.txt");
    let args = ["import", "--format", "jrnl", journal.as_str()];
    let out = in_zone(&s, "Europe/Berlin", &args);
    assert!(out.starts_with("imported 4 entries"), "{out}");
    let instants: Vec<String> = entries(&s).into_iter().map(|(at, _)| at).collect();
    // 02:30 on 29 March does not exist in Berlin: it is placed forward, at the instant of 03:30 summer
    // time, written as the journal has it (02:30 at the offset before the change); 02:30 on 25 October
    // happens twice: the first one.
    assert_eq!(
        instants,
        [
            "2026-03-28T22:00:00+01:00",
            "2026-03-29T02:30:00+01:00",
            "2026-03-29T03:30:00+02:00",
            "2026-10-25T02:30:00+02:00",
        ]
    );
    let before = export_data(&s.ok(&["export"]));
    // The same journal again, in the same zone and in another one, adds nothing.
    let again = in_zone(&s, "Europe/Berlin", &args);
    assert!(again.starts_with("imported 0 entries"), "{again}");
    let elsewhere = in_zone(&s, "America/New_York", &args);
    assert!(elsewhere.starts_with("imported 0 entries"), "{elsewhere}");
    assert!(elsewhere.contains("4 already there"), "{elsewhere}");
    let after: Value = export_data(&s.ok(&["export"]));
    assert_eq!(after["entries"], before["entries"]);
    // The JSON export of the same journal matches too.
    let export = s.path("jrnl.json");
    std::fs::write(
        &export,
        r#"{"tags": {"@anna_weber": 1}, "entries": [
            {"title": "Could not sleep, wrote to @anna_weber.", "body": "", "date": "2026-03-29",
             "time": "02:30", "tags": ["@anna_weber"], "starred": false}]}"#,
    )
    .expect("write");
    let out = in_zone(
        &s,
        "America/New_York",
        &["import", "--format", "jrnl", export.to_str().expect("path")],
    );
    assert!(out.starts_with("imported 0 entries"), "{out}");
}

/// The local times of the entries (without their offset), in order.
fn local_times(s: &Sandbox) -> Vec<String> {
    entries(s)
        .into_iter()
        .map(|(at, _)| at.chars().take(19).collect())
        .collect()
}

/// Imports `text` as a jrnl journal: the summary.
fn import_text(s: &Sandbox, text: &str) -> String {
    let journal = s.path("journal.txt");
    std::fs::write(&journal, text).expect("write");
    s.ok(&[
        "import",
        "--format",
        "jrnl",
        journal.to_str().expect("path"),
    ])
}

/// `rapport ARGS` in German: its stdout.
fn german(s: &Sandbox, args: &[&str]) -> String {
    let out = s
        .cmd(args)
        .env("LANG", "de_DE.UTF-8")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_summary_names_its_counts_in_words_and_leaves_out_zeros() {
    let s = with_two_people();
    let journal = s.path("journal.txt");
    std::fs::write(
        &journal,
        "[2026-11-20 14:30] Call with @anna_weber.\n[2026-11-21 09:00] Lunch alone.\n\
         [2026-11-22 09:00] Gym.\n",
    )
    .expect("write");
    let args = [
        "import",
        "--format",
        "jrnl",
        journal.to_str().expect("path"),
    ];
    let dry: Vec<&str> = args.iter().copied().chain(["--dry-run"]).collect();
    assert_eq!(
        s.ok(&dry).trim(),
        "would import 1 entry; would skip 2 entries that name no known contact \
         (dry run: nothing changed)"
    );
    assert_eq!(
        german(&s, &dry).trim(),
        "würde 1 Eintrag importieren; würde 2 Einträge ohne bekannten Kontakt überspringen \
         (Probelauf: nichts geändert)"
    );
    assert_eq!(
        s.ok(&args).trim(),
        "imported 1 entry; skipped 2 entries that name no known contact"
    );
    assert_eq!(
        german(&s, &args).trim(),
        "0 Einträge importiert; 1 bereits vorhanden; 2 Einträge ohne bekannten Kontakt übersprungen"
    );
    std::fs::write(
        &journal,
        "[2026-11-23 14:30] Call with @paul_schubert.\n[2026-11-24 09:00] Alone.\n",
    )
    .expect("write");
    assert_eq!(
        s.ok(&args).trim(),
        "imported 1 entry; skipped 1 entry that names no known contact"
    );
}

#[test]
fn jrnl_1_headers_read_in_every_format() {
    let s = with_two_people();
    let out = import_text(
        &s,
        "10.06.2010 15:00 Met @anna_weber. Chocolate.\n\n10.06.2013 15:40 He said \"[this] is \
         the time\".\nWith @paul_schubert.\n20.06.2013 02:30 PM @anna_weber again\n",
    );
    assert!(out.starts_with("imported 3 entries"), "{out}");
    assert_eq!(
        local_times(&s),
        [
            "2010-06-10T15:00:00",
            "2013-06-10T15:40:00",
            "2013-06-20T14:30:00"
        ]
    );
}

#[test]
fn headers_that_cannot_be_read_are_named_in_the_summary() {
    let s = with_two_people();
    let out = import_text(
        &s,
        "[2019-07-18 14:23] With @anna_weber\nText.\n\n[2019-07 14:23] With @paul_schubert\n\
         [18/07/2019 14:23] With @paul_schubert\n[10:30] a call\n[not a date] text\n",
    );
    // jrnl reads a month without a day as its first day.
    assert_eq!(
        local_times(&s),
        ["2019-07-01T14:23:00", "2019-07-18T14:23:00"]
    );
    assert!(out.starts_with("imported 2 entries\n"), "{out}");
    assert!(
        out.contains(
            "1 line looks like an entry header but its date is in no format rapport knows, kept \
             as text of the entry before (line 5: [18/07/2019 14:23]); give your jrnl.yaml with \
             --jrnl-config"
        ),
        "{out}"
    );
}

#[test]
fn a_binary_file_is_refused_with_the_advice_to_decrypt() {
    let s = with_two_people();
    let file = format!(
        "{}/tests/fixtures/corpus/jrnl/encrypted_jrnl-1-9-5.journal",
        env!("CARGO_MANIFEST_DIR")
    );
    let (code, _, stderr) = s.run(&["import", "--format", "jrnl", &file]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr.trim(),
        format!(
            "rapport: {file}: binary data, not text (byte 0); if this is an encrypted jrnl journal, \
             run `jrnl --decrypt` first"
        )
    );
    // A journal with one Latin-1 letter is text in another encoding, not an encrypted one.
    let latin1 = s.path("latin1.txt");
    std::fs::write(&latin1, b"[2026-11-20 14:30] M\xfcller @anna_weber\n").expect("write");
    let (code, _, stderr) = s.run(&["import", "--format", "jrnl", latin1.to_str().expect("path")]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not UTF-8 text"), "{stderr}");
    assert!(!stderr.contains("decrypt"), "{stderr}");
}
