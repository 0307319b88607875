//! More address-book sources: a folder of `.vcf` files (khard, vdirsyncer, Outlook's one file per
//! contact), Google Contacts' and Outlook's CSV exports, and the format of a `.csv` file found by its
//! header when `--format` is not given.

mod common;

use common::{Sandbox, export_data};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The contacts as `contact list --json` gives them, by name.
fn contacts(s: &Sandbox) -> Vec<Value> {
    let list: Value = serde_json::from_str(&s.ok(&["contact", "list", "--json"])).expect("json");
    let mut all = list.as_array().expect("a list").clone();
    all.sort_by_key(|c| c["name"].as_str().unwrap_or_default().to_string());
    all
}

fn names(s: &Sandbox) -> Vec<String> {
    contacts(s)
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn contact(s: &Sandbox, name: &str) -> Value {
    contacts(s)
        .into_iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", names(s)))
}

#[test]
fn a_khard_folder_imports_as_one_address_book() {
    let s = Sandbox::new();
    let folder = fixture("vcard_dir/khard");
    let out = s.ok(&["import", &folder]);
    assert!(
        out.starts_with("read 4 vCard files: created 3 contacts, updated 0, 0 already up to date"),
        "{out}"
    );
    assert!(
        out.contains(
            "c0a8e1f2-55d4-4c1b-9e7a-0b6d3f2a1c99.vcf: skipped 1 card without a name (line 1: only a phone number)"
        ),
        "{out}"
    );
    // README.txt is no vCard; archive/ is a subfolder, an address book of its own.
    assert_eq!(names(&s), ["Anna Weber", "Carla Vogt", "Jürgen Müller"]);
    assert_eq!(
        contact(&s, "Carla Vogt")["role"],
        "Leiterin Einkauf München",
        "Outlook's Windows-1252 card"
    );
    // The same folder again changes nothing; with --format vcard it reads the same.
    let before = export_data(&s.ok(&["export"]));
    let again = s.ok(&["import", "--format", "vcard", &folder]);
    assert!(
        again
            .starts_with("read 4 vCard files: created 0 contacts, updated 0, 3 already up to date"),
        "{again}"
    );
    assert_eq!(export_data(&s.ok(&["export"])), before);
    // A vdirsyncer collection of the same person (same email) and one more.
    let out = s.ok(&["import", &fixture("vcard_dir/vdirsyncer")]);
    assert!(
        out.starts_with("read 2 vCard files: created 1 contact,"),
        "{out}"
    );
    assert_eq!(
        names(&s),
        [
            "Anna Weber",
            "Carla Vogt",
            "Jürgen Müller",
            "Sophie O'Brien"
        ]
    );
}

#[test]
fn a_broken_file_in_a_folder_refuses_the_whole_folder() {
    let s = Sandbox::new();
    let folder = s.path("contacts");
    std::fs::create_dir(&folder).expect("folder");
    for entry in std::fs::read_dir(fixture("vcard_dir/khard")).expect("fixture") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, folder.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(
        folder.join("d4e5f6a7-truncated.vcf"),
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dora Halb\r\nEMAIL:dora@example.org\r\n",
    )
    .expect("write");
    let (code, out, err) = s.run(&["import", folder.to_str().expect("utf-8")]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("d4e5f6a7-truncated.vcf: line "), "{err}");
    assert!(names(&s).is_empty(), "nothing imported: {:?}", names(&s));
    let empty = s.path("empty");
    std::fs::create_dir(&empty).expect("folder");
    let (code, _, err) = s.run(&["import", empty.to_str().expect("utf-8")]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("it is a folder without .vcf or .vcard files"),
        "{err}"
    );
}

#[test]
fn google_csv_imports_by_its_header_once() {
    let s = Sandbox::new();
    let file = fixture("google/contacts.csv");
    let dry = s.ok(&["import", "--dry-run", &file]);
    assert!(dry.starts_with("would create 5 contacts"), "{dry}");
    let out = s.ok(&["import", &file]);
    assert_eq!(
        out.trim(),
        "created 5 contacts, updated 0, 0 already up to date\nskipped 1 row without a name (line 12)"
    );
    let anna = contact(&s, "Anna Weber");
    assert_eq!(anna["company"], "Weber & Söhne GmbH");
    assert_eq!(anna["email"], "anna.weber@weber-soehne.example");
    assert_eq!(anna["birthday"], "1979-03-14");
    let before = export_data(&s.ok(&["export"]));
    let again = s.ok(&["import", "--format", "google", &file]);
    assert!(
        again.starts_with("created 0 contacts, updated 0"),
        "{again}"
    );
    assert_eq!(export_data(&s.ok(&["export"])), before);
    // The older header set, and the same people from another source matched.
    let out = s.ok(&["import", &fixture("google/contacts_old.csv")]);
    assert!(
        out.ends_with("skipped 2 rows without a name (lines 7, 8)\n"),
        "{out}"
    );
    assert_eq!(contact(&s, "Karl-Heinz Schröder")["role"], "Bauleiter");
}

#[test]
fn outlook_csv_in_its_windows_code_page_imports() {
    let s = Sandbox::new();
    let out = s.ok(&["import", &fixture("outlook/contacts.csv")]);
    assert_eq!(
        out.trim(),
        "created 3 contacts, updated 0, 0 already up to date\nskipped 1 row without a name (line 6)"
    );
    assert_eq!(names(&s), ["Jürgen Weiß", "Renée Lefèvre", "Zoë Šimková"]);
    let juergen = contact(&s, "Jürgen Weiß");
    assert_eq!(juergen["role"], "Geschäftsführer");
    assert_eq!(juergen["phone"], "+49 172 5550100");
    assert_eq!(juergen["birthday"], "1970-04-23");
    let out = s.ok(&[
        "import",
        "--format",
        "outlook",
        &fixture("outlook/contacts.csv"),
    ]);
    assert!(out.starts_with("created 0 contacts, updated 0"), "{out}");
}

#[test]
fn a_csv_file_is_read_as_the_export_its_header_names() {
    let s = Sandbox::new();
    // LinkedIn's note lines before the header, as before.
    let out = s.ok(&["import", &fixture("linkedin/Connections_2021.csv")]);
    assert!(out.starts_with("created 3 contacts"), "{out}");
    let unknown = s.path("numbers.csv");
    std::fs::write(&unknown, "Datum,Betrag\n2026-11-27,12.50\n").expect("write");
    let (code, _, err) = s.run(&["import", unknown.to_str().expect("utf-8")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--format"), "{err}");
    // A Google file that is not UTF-8 is refused at the line of its first bad byte.
    let latin1 = s.path("google.csv");
    std::fs::write(
        &latin1,
        b"First Name,Last Name,Labels\nAnna,Weber,\n\"J\xfcrgen\",M\xfcller,\n",
    )
    .expect("write");
    let (code, _, err) = s.run(&["import", latin1.to_str().expect("utf-8")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("google.csv: line 3: not UTF-8"), "{err}");
}

/// A new user types `rapport import contacts.vcf` without `--format`: the name says what it is.
#[test]
fn vcard_and_jrnl_files_are_read_by_their_name() {
    let s = Sandbox::new();
    let out = s.ok(&["import", &fixture("vcard/apple.vcf")]);
    assert!(out.starts_with("created "), "{out}");
    let out = s.ok(&["import", &fixture("jrnl/journal.txt"), "--create-contacts"]);
    assert!(out.starts_with("imported "), "{out}");
}

#[test]
fn endless_or_overlong_input_ends_with_one_line() {
    let s = Sandbox::new();
    for format in ["google", "outlook"] {
        let (code, _, err) = s.run(&["import", "--format", format, "/dev/urandom"]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.starts_with("rapport: /dev/urandom: line 1: no "),
            "{err}"
        );
        // A row of 5 MB of short lines (an unclosed quote) is refused at the line it starts on.
        let file = s.path("long.csv");
        let lines = format!("{}\r\n", "z".repeat(1000)).repeat(5 << 10);
        let header = if format == "google" {
            "First Name,Last Name,Labels"
        } else {
            "\"First Name\",\"Last Name\",\"E-mail Address\""
        };
        std::fs::write(&file, format!("{header}\r\nA,B,\"{lines}")).expect("write");
        let (code, _, err) = s.run(&["import", "--format", format, file.to_str().expect("utf-8")]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("line 2: the record that starts here is larger than 4 MB"),
            "{format}: {err}"
        );
    }
}
