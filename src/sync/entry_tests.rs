use super::*;
use crate::clock::Clock;
use chrono::NaiveDate;

use crate::sync::fields::fixture::{ANNA, stamp};
const BEN: ContactLabel<'static> = ContactLabel {
    uid: "c-ben;1",
    name: "山田 太郎",
    email: None,
};

fn entry(offset_seconds: i32) -> Entry {
    let offset = FixedOffset::east_opt(offset_seconds).unwrap();
    Entry {
        id: 4,
        occurred_at: offset.with_ymd_and_hms(2026, 3, 29, 1, 30, 5).unwrap(),
        kind: Kind::Meeting,
        title: Some("Jahresgespräch, Teil 2; Preise".into()),
        body: "Erste Zeile\n\n  eingerückt\twith tab, comma; semicolon \\ backslash\nÜmläute 日本語 🦀"
            .repeat(3),
        contacts: vec![1, 2],
        mood: Some(-2),
        initiative: Some(Initiative::Them),
        signals: Signals {
            trust: Some(1),
            sympathy: Some(-1),
            competence: None,
            longterm: Some(0),
        },
    }
}

#[test]
fn entries_survive_vjournal_and_back() {
    let mut bare = entry(0);
    (bare.title, bare.body, bare.mood, bare.initiative) = (None, String::new(), None, None);
    bare.signals = Signals::default();
    bare.kind = Kind::Note;
    let cases = [
        (entry(3600), vec!["c-anna", "c-ben;1"]),
        (entry(-9 * 3600 - 1800), vec!["c-ben;1"]),
        (entry(5 * 3600 + 2700), vec![]),
        (bare, vec!["c-anna"]),
    ];
    for (e, uids) in cases {
        let fields = entry_fields(&e, &uids);
        let text = vjournal_text("j-1", &fields, &[ANNA, BEN], stamp());
        let remote = read_vjournal(&text, clock()).unwrap_or_else(|err| panic!("{err}\n{text}"));
        assert_eq!(remote.uid, "j-1");
        let mut read = remote.fields.clone();
        assert!(read.remove("created").is_some());
        assert_eq!(read, fields, "{text}");
        let again = entry_from_fields(&remote.fields, e.contacts.clone()).unwrap();
        assert_eq!(again.occurred_at.offset(), e.occurred_at.offset());
        assert_eq!(Entry { id: e.id, ..again }, e);
        assert_eq!(
            vjournal_text("j-1", &remote.fields, &[ANNA, BEN], stamp()),
            text
        );
        if uids.is_empty() && e.title.is_some() {
            assert_eq!(remote.hints.len(), 1, "the summary is a hint");
        } else {
            assert!(remote.hints.is_empty(), "{:?}", remote.hints);
        }
    }
}

/// A note as jtx Board writes it: DTSTART as a DATE, several categories, an attendee that is no
/// contact of rapport's, a status, X- properties of its own.
const JTX: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:+//IDN bitfire.at//ical4android\r\n\
BEGIN:VJOURNAL\r\nUID:jtx-77\r\nDTSTAMP:20261120T080000Z\r\nDTSTART;VALUE=DATE:20261120\r\n\
SUMMARY:Lunch with Anna\r\nDESCRIPTION:Talked about the fair\\, booth 12.\\nNext: send offer\r\n\
CATEGORIES:Work,Meeting,Ideas\r\nSTATUS:FINAL\r\nCLASS:PRIVATE\r\n\
ATTENDEE;CN=Anna Müller;ROLE=REQ-PARTICIPANT:mailto:anna@example.org\r\n\
ATTENDEE;CN=Someone Else:mailto:else@example.org\r\nX-JTX-COLOR:-16777216\r\n\
END:VJOURNAL\r\nEND:VCALENDAR\r\n";

#[test]
fn a_phone_journal_is_read_with_hints_and_written_back_without_loss() {
    let remote = read_vjournal(JTX, clock()).unwrap();
    let f = &remote.fields;
    assert_eq!(text(f, "kind"), Some("meeting"));
    // A DATE is midnight here (the clock is an hour east of UTC).
    assert_eq!(text(f, "occurred_at"), Some("2026-11-20T00:00:00+01:00"));
    assert_eq!(
        text(f, "body"),
        Some("Talked about the fair, booth 12.\nNext: send offer")
    );
    assert_eq!(text(f, "contacts"), None);
    assert_eq!(
        remote.hints.len(),
        3,
        "two attendees and the summary: {:?}",
        remote.hints
    );
    assert_eq!(remote.hints[0].emails, ["anna@example.org"]);
    assert_eq!(remote.hints[2].names, ["Lunch with Anna"]);
    // The engine matched Anna: written back, Anna is rapport's attendee, the rest is kept.
    let mut fields = remote.fields.clone();
    fields.insert("contacts".into(), "c-anna".into());
    let written = vjournal_text(&remote.uid, &fields, &[ANNA], stamp());
    let unfolded = written.replace("\r\n ", "");
    for kept in [
        "DTSTART;VALUE=DATE:20261120",
        "CATEGORIES:Work,Ideas",
        "STATUS:FINAL",
        "CLASS:PRIVATE",
        "ATTENDEE;CN=Someone Else:mailto:else@example.org",
        "X-JTX-COLOR:-16777216",
    ] {
        assert!(unfolded.contains(kept), "{kept} lost:\n{unfolded}");
    }
    assert_eq!(
        unfolded.matches("anna@example.org").count(),
        1,
        "{unfolded}"
    );
    let back = read_vjournal(&written, clock()).unwrap();
    assert_eq!(text(&back.fields, "contacts"), Some("c-anna"));
    assert_eq!(
        back.hints.len(),
        1,
        "only the other attendee is left to match"
    );
    assert_eq!(
        vjournal_text(&back.uid, &back.fields, &[ANNA], stamp()),
        written
    );
    // Moved in rapport: the DATE line gives way to rapport's own DTSTART.
    let mut moved = back.fields.clone();
    moved.insert("occurred_at".into(), "2026-11-21T12:00:00+01:00".into());
    let text = vjournal_text(&back.uid, &moved, &[ANNA], stamp());
    assert!(
        text.contains("DTSTART:20261121T110000Z\r\nX-RAPPORT-TZ:+01:00"),
        "{text}"
    );
    let date = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let entry = entry_from_fields(&read_vjournal(&text, clock()).unwrap().fields, vec![1]).unwrap();
    assert_eq!(entry.occurred_at.date_naive(), date);
}

#[test]
fn hostile_journals_are_errors_not_panics() {
    let journal = |body: &str| {
        format!("BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\n{body}END:VJOURNAL\r\nEND:VCALENDAR\r\n")
    };
    for text in [
        journal("DTSTART:20261120T100000Z\r\n"),
        journal("UID:x\r\n"),
        journal("UID:x\r\nDTSTART:20261340T100000Z\r\n"),
        journal("UID:x\r\nDTSTART:20261120T100000Z\r\nX-RAPPORT-TZ:+99:99\r\n"),
        journal("UID:x\r\nDTSTART:20261120T100000Z\r\nX-RAPPORT-MOOD:7\r\n"),
        journal("UID:x\r\nDTSTART:20261120T100000Z\r\nX-RAPPORT-INITIATIVE:nobody\r\n"),
        journal("UID:x\r\nDTSTART:20261120T100000Z\r\nX-RAPPORT-SIGNALS:trust=5\r\n"),
        journal("UID:x\r\nBEGIN:VALARM\r\nEND:VALARM\r\n"),
        "BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nUID:x\r\n".to_string(),
        journal(&format!("UID:x\r\nDESCRIPTION:{}\r\n", "x".repeat(5 << 20))),
    ] {
        assert!(
            read_vjournal(&text, clock()).is_err(),
            "{:?}",
            text.get(..120)
        );
    }
}

#[test]
fn invalid_entry_fields_are_errors() {
    let good = entry_fields(&entry(3600), &[]);
    assert!(entry_from_fields(&good, vec![]).is_ok());
    for (key, value) in [
        ("occurred_at", "yesterday"),
        ("kind", "party"),
        ("mood", "3"),
        ("initiative", "they"),
        ("signals", "trust=2"),
    ] {
        let mut fields = good.clone();
        fields.insert(key.into(), value.into());
        assert!(entry_from_fields(&fields, vec![]).is_err(), "{key}");
    }
}

/// The clock of these tests: late November, an hour east of UTC.
fn clock() -> Clock {
    Clock::fixed(DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap())
}

#[test]
fn a_phone_journal_keeps_the_time_its_zone_names() {
    let journal = |start: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VJOURNAL\r\nUID:p-1\r\n{start}\r\n\
             SUMMARY:Call with Anna\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n"
        )
    };
    // Written in Berlin in July (+02:00), read here in November (+01:00).
    let cases = [
        (
            "DTSTART;TZID=Europe/Berlin:20260701T090000",
            "2026-07-01T09:00:00+02:00",
        ),
        (
            "DTSTART;TZID=America/New_York:20260701T090000",
            "2026-07-01T09:00:00-04:00",
        ),
        // A UTC time shows at the wall time here; a floating one is a wall time here.
        ("DTSTART:20260701T070000Z", "2026-07-01T08:00:00+01:00"),
        ("DTSTART:20260701T090000", "2026-07-01T09:00:00+01:00"),
        ("DTSTART;VALUE=DATE:20260701", "2026-07-01T00:00:00+01:00"),
    ];
    for (start, expected) in cases {
        let text = journal(start);
        let remote = read_vjournal(&text, clock()).unwrap();
        assert_eq!(text_of_field(&remote, "occurred_at"), expected, "{start}");
        // Written back unchanged while the time is not moved in rapport.
        let written = vjournal_text("p-1", &remote.fields, &[], stamp());
        assert!(written.contains(&format!("{start}\r\n")), "{written}");
        let back = read_vjournal(&written, clock()).unwrap();
        assert_eq!(text_of_field(&back, "occurred_at"), expected, "{written}");
    }
}

fn text_of_field<'a>(remote: &'a RemoteJournal, key: &str) -> &'a str {
    text(&remote.fields, key).unwrap_or_default()
}
