//! Issue 12 #8 and #9: a contact name cannot pass for an id nor be made of nothing visible, `forget`
//! says whom it erases before it asks, and names with terminal controls reach no output raw.

mod common;

use common::Sandbox;

fn refused(s: &Sandbox, args: &[&str], fragment: &str) {
    let (code, out, err) = s.run(args);
    assert_eq!(code, 2, "{args:?}: {out} {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(fragment), "{args:?}: {err}");
}

#[test]
fn names_that_read_as_ids_or_show_nothing_are_refused() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Anna"]);
    for name in ["1", "#2", " 3 ", "+4", "#-5", "#007"] {
        refused(
            &s,
            &["contact", "add", name],
            "would be read as a contact id",
        );
        refused(
            &s,
            &["contact", "edit", "Anna", "--name", name],
            "would be read as a contact id",
        );
    }
    for name in [
        "\u{200b}",
        "\u{202e}\u{2066}",
        "\u{1b}\u{7}",
        "\u{feff} \u{2028}",
    ] {
        refused(&s, &["contact", "add", name], "visible character");
    }
    // Digits with letters, and a number inside a name, are names.
    s.ok(&["contact", "add", "1&1 Versatel"]);
    s.ok(&["contact", "add", "Agent 47"]);
    assert_eq!(
        s.ok(&["contact", "list", "--json"])
            .matches("\"id\"")
            .count(),
        3
    );
    // An import cannot bring such a name in either.
    let file = s.path("ids.json");
    std::fs::write(
        &file,
        r##"{"format":"rapport","version":1,"contacts":[{"id":1,"name":"#2","created_at":"2026-01-01T10:00:00+01:00"}],"entries":[],"promises":[]}"##,
    )
    .unwrap();
    let (code, _, err) = s.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("would be read as a contact id"), "{err}");
}

#[test]
fn forget_names_the_person_their_company_and_entries_before_asking() {
    let s = Sandbox::new();
    s.ok(&["contact", "add", "Zacharias Quux", "--company", "Quuxwerke"]);
    for i in 0..3 {
        s.ok(&["log", "Zacharias", &format!("Gespräch {i}")]);
    }
    let (code, _, err) = s.run(&["forget", "#1"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("Zacharias Quux") && err.contains("Quuxwerke") && err.contains("3 entries"),
        "{err}"
    );
    assert!(s.ok(&["contact", "list"]).contains("Zacharias"));
}

#[test]
fn a_hostile_name_reaches_no_output_raw() {
    let s = Sandbox::new();
    let name = "Eve\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}Mallory";
    let file = s.path("hostile.json");
    let record = serde_json::json!({
        "format": "rapport", "version": 1,
        "contacts": [{"id": 1, "name": name, "company": "\u{2067}ACME", "created_at": "2026-01-01T10:00:00+01:00"}],
        "entries": [{"id": 1, "occurred_at": "2026-11-20T10:00:00+01:00", "kind": "call",
                     "contacts": [1], "body": "hi \u{200b}there\u{2029}"}],
        "promises": []
    });
    std::fs::write(&file, record.to_string()).unwrap();
    s.ok(&["import", file.to_str().unwrap()]);
    for args in [
        &["export", "--format", "markdown", "--contact", "1"][..],
        &["export", "--format", "markdown"],
        &["contact", "list"],
        &["contact", "show", "1"],
        &["entries"],
        &["due"],
    ] {
        let out = s.ok(args);
        assert!(
            !out.contains([
                '\u{1b}', '\u{7}', '\u{202e}', '\u{2067}', '\u{200b}', '\u{2029}'
            ]),
            "{args:?}: {out:?}"
        );
    }
    let briefing = s.ok(&["export", "--format", "markdown", "--contact", "1"]);
    assert!(
        // Markdown escapes keep `[`, `]` and `\` literal: rendered, it reads `Eve^[]52;…\u{202e}Mallory`.
        briefing.starts_with("# Briefing: Eve^\\[\\]52;c;ZXZpbA==^G\\\\u{202e}Mallory\n"),
        "{briefing}"
    );
}

/// The names of the journal's contacts, in the export's order.
fn names(s: &Sandbox) -> Vec<String> {
    let data = common::export_data(&s.ok(&["export"]));
    data["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 13: no import makes a contact whose name reads as an id. A vCard's id-like FN gives way to
/// the next name the card has (N, NICKNAME, ORG, EMAIL); a card with no other is skipped with its
/// line. A LinkedIn row so named is skipped with its line; a jrnl tag `@1` names nobody, also with
/// `--create-contacts`.
#[test]
fn imports_make_no_contact_whose_name_reads_as_an_id() {
    let s = Sandbox::new();
    let vcf = s.path("ids.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:1\r\nORG:Ankerwerk\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:#2\r\nEMAIL:zwei@example.com\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN: 3 \r\nTEL:+49 30 123456\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let out = s.ok(&["import", "--format", "vcard", vcf.to_str().unwrap()]);
    assert!(out.contains("created 2 contacts"), "{out}");
    assert!(
        out.contains("skipped 1 card without a name (line 11"),
        "{out}"
    );
    assert_eq!(names(&s), ["Ankerwerk", "zwei@example.com"]);

    let linkedin = s.path("Connections.csv");
    std::fs::write(
        &linkedin,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
         #4,,,,Kestrel Ltd,CEO,27 Nov 2026\r\nAnna,Weber,,,,,27 Nov 2026\r\n",
    )
    .unwrap();
    let out = s.ok(&["import", "--format", "linkedin", linkedin.to_str().unwrap()]);
    assert!(
        out.contains("skipped 1 row without a name (line 2)"),
        "{out}"
    );
    assert_eq!(names(&s), ["Ankerwerk", "zwei@example.com", "Anna Weber"]);

    let journal = s.path("journal.txt");
    std::fs::write(
        &journal,
        "[2026-11-20 10:00] Platz @1 für @anna_weber und @ben_kahn.\n",
    )
    .unwrap();
    let path = journal.to_str().unwrap();
    let (code, _, err) = s.run(&["import", "--format", "jrnl", "--create-contacts", path]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("tags that cannot name a contact") && err.contains("@1 (1)"),
        "the tag is reported as naming no one: {err}"
    );
    assert_eq!(
        names(&s),
        ["Ankerwerk", "zwei@example.com", "Anna Weber", "Ben Kahn"]
    );
}

/// Issue 13: a card with only a NICKNAME (calcard 070–072) is named by it; the nickname comes after
/// FN and N and before ORG and EMAIL, since it names the person and those name their company and
/// address.
#[test]
fn a_card_with_only_a_nickname_is_named_by_it() {
    let s = Sandbox::new();
    let vcf = s.path("nick.vcf");
    std::fs::write(
        &vcf,
        "begin:vcard\nnickname:     Big Joey\nend:vcard\n\
         begin:vcard\nnickname:\nnickname:Bob,Bobby\nORG:Ankerwerk\nEMAIL:bob@example.com\nend:vcard\n",
    )
    .unwrap();
    let out = s.ok(&["import", "--format", "vcard", vcf.to_str().unwrap()]);
    assert!(out.contains("created 2 contacts"), "{out}");
    assert_eq!(names(&s), ["Big Joey", "Bob"]);
    let cards = s.ok(&["export", "--format", "vcard"]);
    assert!(
        cards.contains("NICKNAME:     Big Joey\r\n"),
        "kept as read: {cards}"
    );
}
