use super::*;
use chrono::{FixedOffset, TimeZone};

use crate::sync::fields::fixture::{ANNA, stamp};

fn promise(status: PromiseStatus, owner: Owner) -> Promise {
    Promise {
        id: 7,
        contact: 3,
        entry: Some(9),
        owner,
        text: "Angebot schicken, mit Staffel; Rückfrage \\ Qualität\nzweite Zeile".into(),
        due: NaiveDate::from_ymd_opt(2026, 12, 4),
        status,
        closed_at: (status != PromiseStatus::Open).then(|| {
            FixedOffset::east_opt(3600)
                .unwrap()
                .with_ymd_and_hms(2026, 12, 1, 10, 30, 0)
                .unwrap()
        }),
    }
}

#[test]
fn promises_survive_vtodo_and_back() {
    let mut cases = Vec::new();
    for status in PromiseStatus::ALL {
        for owner in Owner::ALL {
            cases.push((promise(*status, *owner), Some("e-1"), ANNA));
        }
    }
    let mut bare = promise(PromiseStatus::Open, Owner::Me);
    (bare.due, bare.entry, bare.text) = (None, None, "日本語の約束".repeat(20));
    let no_email = ContactLabel {
        email: None,
        ..ANNA
    };
    cases.push((bare, None, no_email));
    for (p, entry, contact) in cases {
        let fields = promise_fields(&p, contact.uid, entry);
        let text = vtodo_text("p-1", &fields, &contact, stamp());
        let remote = read_vtodo(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(remote.uid, "p-1");
        let mut read = remote.fields.clone();
        assert!(read.remove("created").is_some(), "{text}");
        assert_eq!(read, fields, "{text}");
        assert_eq!(remote.hint.uid.as_deref(), Some(contact.uid));
        let again = promise_from_fields(&remote.fields, p.contact, p.entry).unwrap();
        let utc = |at: Option<DateTime<FixedOffset>>| at.map(|a| a.with_timezone(&Utc));
        assert_eq!((utc(again.closed_at), again.id), (utc(p.closed_at), 0));
        assert_eq!(
            Promise {
                closed_at: p.closed_at,
                id: p.id,
                ..again
            },
            p
        );
        // Written again from what was read, the text is the same.
        assert_eq!(vtodo_text("p-1", &remote.fields, &contact, stamp()), text);
    }
}

/// A task as Apple Reminders / tasks.org write them: alarms, priority, a parent task, X-APPLE-*,
/// a DUE with a time zone and its VTIMEZONE, a ticked task.
const PHONE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//iOS 17.0//EN\r\n\
BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
DTSTART:19810329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nDTSTART:19961027T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZNAME:CET\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VTODO\r\nUID:A1B2-C3D4\r\nDTSTAMP:20261120T080000Z\r\nCREATED:20261101T080000Z\r\n\
SUMMARY:Rückruf Anna wegen Vertrag\\, Teil 2\r\nPRIORITY:1\r\n\
DUE;TZID=Europe/Berlin:20261204T170000\r\nSTATUS:COMPLETED\r\nCOMPLETED:20261203T151500Z\r\n\
PERCENT-COMPLETE:100\r\nRELATED-TO;RELTYPE=PARENT:PARENT-UID-9\r\nCATEGORIES:Arbeit,Kunden\r\n\
X-APPLE-SORT-ORDER:123456\r\nATTENDEE;CN=\"Müller, Anna\";ROLE=REQ-PARTICIPANT:mailto:anna@example.org\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER;VALUE=DATE-TIME:20261204T150000Z\r\n\
END:VALARM\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

#[test]
fn a_phone_task_is_read_and_written_back_without_loss() {
    let remote = read_vtodo(PHONE).unwrap();
    assert_eq!(remote.uid, "A1B2-C3D4");
    let f = &remote.fields;
    assert_eq!(text(f, "text"), Some("Rückruf Anna wegen Vertrag, Teil 2"));
    assert_eq!(text(f, "due"), Some("2026-12-04"));
    assert_eq!(text(f, "status"), Some("kept"));
    assert_eq!(text(f, "closed_at"), Some("20261203T151500Z"));
    assert_eq!(text(f, "owner"), Some("me"));
    assert_eq!(text(f, "contact"), None);
    assert_eq!(remote.hint.emails, ["anna@example.org"]);
    assert_eq!(remote.hint.names, ["Müller, Anna"]);
    // Written back once the engine has found the contact: what rapport does not understand is there.
    let mut fields = remote.fields.clone();
    fields.insert("contact".into(), "c-anna".into());
    let written = vtodo_text(&remote.uid, &fields, &ANNA, stamp());
    let unfolded = written.replace("\r\n ", "");
    for kept in [
        "PRIORITY:1",
        "DUE;TZID=Europe/Berlin:20261204T170000",
        "RELATED-TO;RELTYPE=PARENT:PARENT-UID-9",
        "CATEGORIES:Arbeit,Kunden",
        "X-APPLE-SORT-ORDER:123456",
        "BEGIN:VALARM",
        "TRIGGER;VALUE=DATE-TIME:20261204T150000Z",
        "TZID:Europe/Berlin",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "CREATED:20261101T080000Z",
    ] {
        assert!(unfolded.contains(kept), "{kept} lost:\n{unfolded}");
    }
    // The phone's ATTENDEE names the same contact: written once, by rapport.
    assert_eq!(unfolded.matches("ATTENDEE").count(), 1, "{unfolded}");
    let back = read_vtodo(&written).unwrap();
    let mut without_theirs = fields.clone();
    let extra = text(&fields, "extra").unwrap().replace(
        "\nATTENDEE;CN=\"Müller, Anna\";ROLE=REQ-PARTICIPANT:mailto:anna@example.org",
        "",
    );
    without_theirs.insert("extra".into(), extra);
    assert_eq!(back.fields, without_theirs);
    // Untouched on the phone and in rapport: nothing changes from one sync to the next.
    assert_eq!(vtodo_text(&back.uid, &back.fields, &ANNA, stamp()), written);
}

#[test]
fn a_moved_due_date_replaces_the_timed_due_and_an_open_task_has_no_completion() {
    let mut fields = read_vtodo(PHONE).unwrap().fields;
    fields.insert("due".into(), "2026-12-10".into());
    fields.insert("status".into(), "open".into());
    fields.remove("closed_at");
    let text = vtodo_text("A1B2-C3D4", &fields, &ANNA, stamp());
    assert!(text.contains("DUE;VALUE=DATE:20261210\r\n"), "{text}");
    assert!(!text.contains("20261204T170000"), "{text}");
    assert!(text.contains("STATUS:NEEDS-ACTION") && !text.contains("COMPLETED:"));
}

#[test]
fn hostile_tasks_are_errors_not_panics() {
    let todo = |body: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\n{body}END:VTODO\r\nEND:VCALENDAR\r\n"
        )
    };
    for text in [
        todo("SUMMARY:no uid\r\n"),
        todo("UID:\r\nSUMMARY:empty uid\r\n"),
        todo("UID:x\r\nDUE:2026-13-45\r\n"),
        todo("UID:x\r\nDUE:\r\n"),
        todo("UID:x\r\nCOMPLETED:yesterday\r\n"),
        todo("UID:x\r\nX-RAPPORT-OWNER:nobody\r\n"),
        todo("UID:x\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"),
        "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\n".to_string(),
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_string(),
        format!("{}{}", todo("UID:a\r\n"), todo("UID:b\r\n")),
        todo(&format!("UID:x\r\nSUMMARY:{}\r\n", "ä".repeat(3 << 20))),
        "\u{0}\u{ff}garbage".to_string(),
    ] {
        assert!(read_vtodo(&text).is_err(), "{:?}", text.get(..120));
    }
    let two = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:a\r\nEND:VTODO\r\nBEGIN:VTODO\r\nUID:b\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
    assert!(matches!(
        read_vtodo(two),
        Err(MappingError::NotOne { count: 2, .. })
    ));
}

#[test]
fn invalid_promise_fields_are_errors() {
    let good = promise_fields(&promise(PromiseStatus::Kept, Owner::Them), "c", None);
    assert!(promise_from_fields(&good, 1, None).is_ok());
    for (key, value) in [
        ("text", " "),
        ("due", "2026-02-30"),
        ("status", "done"),
        ("owner", "us"),
        ("closed_at", "soon"),
    ] {
        let mut fields = good.clone();
        fields.insert(key.into(), value.into());
        assert!(promise_from_fields(&fields, 1, None).is_err(), "{key}");
    }
}

/// A task the phone marked as being worked on (Tasks.org, Thunderbird: IN-PROCESS, a percentage).
#[test]
fn a_task_in_process_stays_in_process_until_it_is_closed() {
    let task = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:t-5\r\n\
                SUMMARY:Angebot schicken\r\nSTATUS:IN-PROCESS\r\nPERCENT-COMPLETE:40\r\n\
                END:VTODO\r\nEND:VCALENDAR\r\n";
    let remote = read_vtodo(task).unwrap();
    assert_eq!(text(&remote.fields, "status"), Some("open"));
    // Changed in rapport (the text): the phone's status and percentage are still there.
    let mut fields = remote.fields.clone();
    fields.insert("text".into(), "Angebot schicken, mit Staffel".into());
    let written = vtodo_text("t-5", &fields, &ANNA, stamp());
    assert!(written.contains("STATUS:IN-PROCESS\r\n"), "{written}");
    assert!(!written.contains("NEEDS-ACTION"), "{written}");
    assert!(written.contains("PERCENT-COMPLETE:40\r\n"), "{written}");
    let back = read_vtodo(&written).unwrap().fields;
    assert_eq!(text(&back, "status"), Some("open"));
    assert_eq!(text(&back, "status_line"), Some("STATUS:IN-PROCESS"));
    // Kept in rapport: the task is completed, at 100 percent.
    fields.insert("status".into(), "kept".into());
    fields.insert("closed_at".into(), "20261203T151500Z".into());
    let closed = vtodo_text("t-5", &fields, &ANNA, stamp());
    assert!(closed.contains("STATUS:COMPLETED\r\n"), "{closed}");
    assert!(!closed.contains("IN-PROCESS") && !closed.contains("PERCENT-COMPLETE:40"));
}
