//! Other people's formats in and out: vCard (Apple, Google, Outlook), LinkedIn's Connections.csv, jrnl,
//! iCalendar and Markdown. Imports are idempotent; malformed files change nothing.

mod common;

use common::{Sandbox, bytes, export_data};
use serde_json::Value;

fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn vcards_from_three_address_books_import_once() {
    let s = Sandbox::new();
    for (file, created) in [
        ("vcard/apple.vcf", 3),
        ("vcard/google.vcf", 5),
        ("vcard/outlook.vcf", 2),
    ] {
        let out = s.ok(&["import", "--format", "vcard", &fixture(file)]);
        assert_eq!(
            out.trim(),
            format!("created {created} contacts, updated 0, 0 already up to date"),
            "{file}"
        );
    }
    let first = export_data(&s.ok(&["export"]));
    for file in ["vcard/apple.vcf", "vcard/google.vcf", "vcard/outlook.vcf"] {
        let out = s.ok(&["import", "--format", "vcard", &fixture(file)]);
        assert!(
            out.starts_with("created 0 contacts, updated 0"),
            "{file}: {out}"
        );
    }
    assert_eq!(
        export_data(&s.ok(&["export"])),
        first,
        "importing twice changes nothing"
    );
    // Outlook's quoted-printable windows-1252 umlauts arrive as umlauts.
    let names: Vec<String> = first["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.contains('ü') || n.contains('ö') || n.contains('ä')),
        "{names:?}"
    );
}

#[test]
fn vcard_export_and_import_are_lossless_for_the_card_fields() {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Jürgen Müller-Lüdenscheidt 🤝",
        "--company",
        "Weber; Sohn, KG",
        "--role",
        "Einkauf",
        "--email",
        "j@x.de",
        "--phone",
        "+49 1",
        "--tag",
        "Segeln",
        "--tag",
        "Oper",
        "--birthday",
        "1970-02-28",
        "--met-on",
        "2019-05-01",
        "--note",
        &"Lange Notiz ".repeat(20),
        "--address-form",
        "sie",
        "--salutation",
        "Herr Müller",
        "--tier",
        "A",
        "--cadence",
        "3w",
    ]);
    let file = s.path("out.vcf");
    s.ok(&[
        "export",
        "--format",
        "vcard",
        "--output",
        file.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{text}");
    let copy = s.path("copy.db");
    s.ok(&[
        "--db",
        copy.to_str().unwrap(),
        "import",
        "--format",
        "vcard",
        file.to_str().unwrap(),
    ]);
    let a = json(&s.ok(&["contact", "list", "--json"]));
    let b = json(&s.ok(&["--db", copy.to_str().unwrap(), "contact", "list", "--json"]));
    for field in [
        "name",
        "company",
        "role",
        "email",
        "phone",
        "tags",
        "birthday",
        "met_on",
        "notes",
        "address_form",
        "salutation",
        "tier",
        "cadence_days",
    ] {
        assert_eq!(a[0][field], b[0][field], "{field}");
    }
}

#[test]
fn linkedin_connections_import_once() {
    let s = Sandbox::new();
    let file = fixture("linkedin/Connections.csv");
    let dry = s.ok(&["import", "--format", "linkedin", "--dry-run", &file]);
    assert!(dry.contains("(dry run: nothing changed)"), "{dry}");
    assert_eq!(s.ok(&["contact", "list", "--json"]).trim(), "[]");
    let out = s.ok(&["import", "--format", "linkedin", &file]);
    assert!(out.starts_with("created "), "{out}");
    let contacts = json(&s.ok(&["contact", "list", "--json"]));
    let created: usize = out.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert_eq!(contacts.as_array().unwrap().len(), created);
    assert!(
        created > 1500,
        "{created} of 1,993 connections (namesakes at one company are one person)"
    );
    let anna = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Anna Müller")
        .unwrap();
    assert_eq!(anna["met_on"], "2026-11-27");
    assert_eq!(anna["company"], "Müller, Schmidt & Partner");
    let before = export_data(&s.ok(&["export"]));
    let again = s.ok(&["import", "--format", "linkedin", &file]);
    assert!(
        again.starts_with("created 0 contacts, updated 0"),
        "{again}"
    );
    assert_eq!(export_data(&s.ok(&["export"])), before);
}

/// `rapport import --format linkedin` of a fixture; its summary.
fn import_linkedin(s: &Sandbox, file: &str) -> String {
    s.ok(&["import", "--format", "linkedin", &fixture(file)])
}

#[test]
fn linkedin_exports_of_every_layout_import() {
    let s = Sandbox::new();
    // 2018: no notes, no URL, "1/8/18, 6:14 PM".
    let out = import_linkedin(&s, "linkedin/Connections_2018.csv");
    assert_eq!(
        out.trim(),
        "created 3 contacts, updated 0, 0 already up to date"
    );
    // 2021: no URL, "08 Jan 2018"; the same Anjula Batra, and a blank row that is counted.
    let out = import_linkedin(&s, "linkedin/Connections_2021.csv");
    assert_eq!(
        out.trim(),
        "created 2 contacts, updated 0, 1 already up to date\n\
         skipped 1 row without a name (line 7)"
    );
    let contacts = json(&s.ok(&["contact", "list", "--json"]));
    let anjula = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Anjula Batra")
        .unwrap();
    assert_eq!(anjula["met_on"], "2018-01-08");
    assert_eq!(anjula["company"], "Kestrel Ltd");
}

#[test]
fn linkedin_rows_without_a_name_are_counted_with_their_lines() {
    let s = Sandbox::new();
    let file = fixture("linkedin/blank_rows.csv");
    let out = s.ok(&["import", "--format", "linkedin", &file]);
    assert_eq!(
        out.trim(),
        "created 2 contacts, updated 0, 0 already up to date\n\
         skipped 3 rows without a name (lines 6, 8, 9)"
    );
    let de = s
        .cmd(&["import", "--format", "linkedin", "--dry-run", &file])
        .env("LANG", "de_DE.UTF-8")
        .output()
        .unwrap();
    let de = String::from_utf8_lossy(&de.stdout);
    assert!(
        de.contains("3 Zeilen ohne Namen übersprungen (Zeilen 6, 8, 9)"),
        "{de}"
    );
}

/// Issue 13: cards that share an email but not a name (calcard's "Only N" and "Only FN" with Test
/// X-Mobil's address) stay three people, and the summary names the pairs as likely duplicates.
#[test]
fn an_email_shared_by_other_names_fuses_no_one() {
    let s = Sandbox::new();
    let out = s.ok(&[
        "import",
        "--format",
        "vcard",
        &fixture("corpus/vcard/calcard/009.vcf"),
    ]);
    assert!(out.starts_with("created 10 contacts"), "{out}");
    for pair in [
        "N Only ~ Test X-Mobil (same email test-x@email.com)",
        "Only FN ~ Test X-Mobil (same email test-x@email.com)",
    ] {
        assert!(out.contains(pair), "{pair}: {out}");
    }
}

#[test]
fn linkedin_job_change_updates_the_same_profile_and_says_so() {
    let s = Sandbox::new();
    let before = import_linkedin(&s, "linkedin/job_before.csv");
    // Two namesakes at one company with two profiles are two people.
    assert_eq!(
        before.trim(),
        "created 3 contacts, updated 0, 0 already up to date"
    );
    // The later export has a connection made since (Mei Lin).
    let out = import_linkedin(&s, "linkedin/job_after.csv");
    assert_eq!(
        out.trim(),
        "created 1 contact, updated 1, 2 already up to date\n\
         1 new job: Anjula Batra now Head of Sales at Brightwave Ltd"
    );
    let contacts = json(&s.ok(&["contact", "list", "--json"]));
    let jobs: Vec<(String, String)> = contacts
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "Anjula Batra")
        .map(|c| {
            (
                c["company"].as_str().unwrap().to_string(),
                c["role"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(contacts.as_array().unwrap().len(), 4);
    assert!(
        jobs.contains(&("Brightwave Ltd".into(), "Head of Sales".into())),
        "{jobs:?}"
    );
    assert!(
        jobs.contains(&("Kestrel Ltd".into(), "Sales Manager".into())),
        "{jobs:?}"
    );
    let again = import_linkedin(&s, "linkedin/job_after.csv");
    assert_eq!(
        again.trim(),
        "created 0 contacts, updated 0, 4 already up to date"
    );
    // The older export afterwards brings no old job back.
    let older = import_linkedin(&s, "linkedin/job_before.csv");
    assert_eq!(
        older.trim(),
        "created 0 contacts, updated 0, 3 already up to date"
    );
    assert_eq!(linkedin_jobs(&s, "Anjula Batra")[0].0, "Brightwave Ltd");
}

/// The companies and roles of the contacts with this name, by id.
fn linkedin_jobs(s: &Sandbox, name: &str) -> Vec<(String, String)> {
    let contacts = json(&s.ok(&["contact", "list", "--json"]));
    contacts
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == name)
        .map(|c| {
            let text = |key: &str| c[key].as_str().unwrap_or_default().to_string();
            (text("company"), text("role"))
        })
        .collect()
}

/// Issue 13: a LinkedIn export older than the one a job came from does not bring the old job back,
/// in whichever order the files come: a file is as new as its newest `Connected On`.
#[test]
fn an_older_linkedin_export_does_not_restore_an_old_job() {
    let s = Sandbox::new();
    let first = import_linkedin(&s, "linkedin/job_after.csv");
    assert!(first.starts_with("created 4 contacts"), "{first}");
    let older = import_linkedin(&s, "linkedin/job_before.csv");
    assert_eq!(
        older.trim(),
        "created 0 contacts, updated 0, 3 already up to date"
    );
    let jobs = linkedin_jobs(&s, "Anjula Batra");
    assert!(
        jobs.contains(&("Brightwave Ltd".into(), "Head of Sales".into())),
        "{jobs:?}"
    );
    assert!(!jobs.iter().all(|j| j.0 == "Kestrel Ltd"), "{jobs:?}");
    // The date travels with the contacts through a vCard round trip.
    let cards = s.ok(&["export", "--format", "vcard"]);
    assert!(
        cards.contains("X-RAPPORT-LINKEDIN-SEEN:2026-09-15\r\n"),
        "{cards}"
    );
    let file = s.path("cards.vcf");
    std::fs::write(&file, &cards).unwrap();
    let other = Sandbox::new();
    other.ok(&["import", "--format", "vcard", file.to_str().unwrap()]);
    assert_eq!(other.ok(&["export", "--format", "vcard"]), cards);
    let older = import_linkedin(&other, "linkedin/job_before.csv");
    assert!(older.contains("updated 0"), "{older}");
}

#[test]
fn jrnl_journals_link_known_people_and_report_the_rest() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Weber"]);
    s.ok(&["contact", "add", "Paul Schubert"]);
    let out = s
        .cmd(&["import", "--format", "jrnl", &fixture("jrnl/journal.txt")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.starts_with("imported "), "{stdout}");
    assert!(
        stderr.contains("tags that match no contact: ") && stderr.contains("--create-contacts"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("@anna_weber"),
        "known people are not reported: {stderr}"
    );
    let first = export_data(&s.ok(&["export"]));
    assert!(!first["entries"].as_array().unwrap().is_empty());
    // The same journal as jrnl's JSON export adds nothing new.
    let again = s.ok(&["import", "--format", "jrnl", &fixture("jrnl/export.json")]);
    assert!(again.starts_with("imported 0 entries"), "{again}");
    assert_eq!(export_data(&s.ok(&["export"])), first);
    // With --create-contacts the unknown tags become contacts.
    let created = s.ok(&[
        "import",
        "--format",
        "jrnl",
        "--create-contacts",
        &fixture("jrnl/journal.txt"),
    ]);
    assert!(!created.contains("created 0 contacts"), "{created}");
    let twice = s.ok(&[
        "import",
        "--format",
        "jrnl",
        "--create-contacts",
        &fixture("jrnl/journal.txt"),
    ]);
    // Nothing new: no contact created, and so no count of them.
    assert!(
        twice.starts_with("imported 0 entries; 10 already there"),
        "{twice}"
    );
}

#[test]
fn malformed_files_name_the_file_and_line_and_change_nothing() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    let db = s.default_db();
    let cases = [
        ("vcard", "vcard/truncated.vcf", "truncated.vcf: line 7:"),
        ("vcard", "vcard/binary.vcf", "binary.vcf: line "),
        ("linkedin", "linkedin/bad_date.csv", "bad_date.csv: line 8:"),
        (
            "linkedin",
            "linkedin/no_header.csv",
            "no_header.csv: line 1:",
        ),
        ("jrnl", "jrnl/bad.txt", "bad.txt: line 6:"),
        ("vcard", "jrnl/journal.txt", "journal.txt: line 1:"),
        ("linkedin", "vcard/apple.vcf", "apple.vcf: line 1:"),
        (
            "linkedin",
            "linkedin/windows1252.csv",
            "windows1252.csv: line 6: not UTF-8 text",
        ),
        (
            "json",
            "linkedin/Connections.csv",
            "Connections.csv: line 1, column",
        ),
    ];
    for (format, file, message) in cases {
        let before = bytes(&db);
        let (code, out, err) = s.run(&["import", "--format", format, &fixture(file)]);
        assert_eq!(code, 1, "{file}: {err}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{file}: {err}");
        assert!(err.contains(message), "{file}: {err}");
        assert_eq!(bytes(&db), before, "{file} changed the database");
    }
}

#[test]
fn calendar_export_parses_back() {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Anna Müller",
        "--company",
        "Weber, Sohn; KG",
    ]);
    s.ok(&["contact", "add", "Ben", "--tier", "ambient"]);
    s.ok(&[
        "log",
        "Anna",
        "--promise",
        "Angebot, Preise; Termine",
        "--due",
        "2026-12-04",
        "--their-promise",
        "Rückruf",
        "x",
    ]);
    let text = s.ok(&["export", "--format", "ics"]);
    assert!(
        text.lines().all(|l| l.len() <= 76),
        "folded at 75 octets plus the CR"
    );
    let parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendars: Vec<_> = parser.map(|c| c.expect("valid iCalendar")).collect();
    assert_eq!(calendars.len(), 1);
    let todos = &calendars[0].todos;
    assert_eq!(
        todos.len(),
        3,
        "two open promises and Anna's next touch; ambient Ben has none"
    );
    let value = |todo: &ical::parser::ical::component::IcalTodo, name: &str| {
        todo.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let mine = todos
        .iter()
        .find(|t| value(t, "SUMMARY").contains("Angebot"))
        .expect("my promise");
    assert_eq!(value(mine, "DUE"), "20261204");
    assert!(value(mine, "SUMMARY").contains("Angebot\\, Preise\\; Termine"));
}

#[test]
fn markdown_journal_and_briefing() {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Anna Müller",
        "--salutation",
        "Frau Dr. Müller",
        "--tag",
        "Segeln",
        "--address-form",
        "sie",
    ]);
    s.ok(&[
        "log",
        "Anna",
        "--at",
        "2026-11-20 14:30",
        "--title",
        "Kickoff",
        "--promise",
        "Angebot",
        "# keine Überschrift",
    ]);
    let journal = s.ok(&["export", "--format", "markdown"]);
    assert!(journal.starts_with("# "), "{journal}");
    assert!(
        journal.contains("Kickoff") && journal.contains("\\# keine Überschrift"),
        "{journal}"
    );
    let briefing = s.ok(&["export", "--format", "markdown", "--contact", "Anna"]);
    for expected in ["Frau Dr. Müller", "Segeln", "Angebot", "Kickoff"] {
        assert!(
            briefing.contains(expected),
            "{expected} missing in:\n{briefing}"
        );
    }
}

/// Files written on Windows (or by tools that keep pasted CRs) arrive with LF line breaks only: the
/// entries list shows no `^M` and the next export carries `\n`.
#[test]
fn imported_text_is_stored_with_lf_line_breaks() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna Weber", "--note", "Tee"]);
    s.ok(&["log", "Anna", "body"]);
    let mut data = json(&s.ok(&["export"]));
    data["entries"][0]["body"] = Value::from("first\r\nsecond\rthird");
    data["contacts"][0]["notes"] = Value::from("Segeln\r\nOper");
    let file = s.path("windows.json");
    std::fs::write(&file, data.to_string()).unwrap();

    let other = Sandbox::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let exported = export_data(&other.ok(&["export"]));
    assert_eq!(exported["entries"][0]["body"], "first\nsecond\nthird");
    assert_eq!(exported["contacts"][0]["notes"], "Segeln\nOper");
    let listed = other.ok(&["entries"]);
    assert!(!listed.contains("^M"), "{listed}");
    assert!(listed.contains("    third\n"), "{listed}");

    let jrnl = s.path("windows.txt");
    std::fs::write(
        &jrnl,
        "[2026-10-05 14:30] Call with @anna_weber\r\nline one\r\nline two\rline three\r\n",
    )
    .unwrap();
    other.ok(&["import", "--format", "jrnl", jrnl.to_str().unwrap()]);
    let listed = other.ok(&["entries"]);
    assert!(!listed.contains("^M"), "{listed}");
    assert!(listed.contains("    line three\n"), "{listed}");
}
