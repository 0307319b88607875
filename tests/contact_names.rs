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
