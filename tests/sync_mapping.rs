//! Property tests of the sync mapping: records survive their server form (vCard, VTODO, VJOURNAL) and
//! back with the same fields, whatever text they hold; and no server text makes rapport panic.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use proptest::prelude::*;
use rapport::domain::model::{
    CardProperty, Contact, Entry, Initiative, Kind, Owner, Promise, PromiseStatus, Signals,
    name_problem,
};
use rapport::sync::contact::{contact_fields, read_vcard, vcard_text};
use rapport::sync::entry::{entry_fields, read_vjournal, vjournal_text};
use rapport::sync::fields::{ContactLabel, Fields};
use rapport::sync::promise::{promise_fields, read_vtodo, vtodo_text};

/// Text as a user types it: any printable character, line breaks and tabs, and the characters the
/// formats escape or split on (`,` `;` `\` `:` `"`) often, leading and trailing spaces too.
fn raw(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => "[^\\p{Cc}]",
            1 => prop::sample::select(vec!["\n", "\t", ",", ";", "\\", ":", "\"", " ", "\\n"]).prop_map(str::to_string),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

/// A one-line field as rapport keeps it: [`raw`] text, trimmed and not empty.
fn typed(max: usize) -> impl Strategy<Value = String> {
    raw(max).prop_filter("rapport trims a field", |t| {
        !t.trim().is_empty() && t.trim() == t
    })
}

/// The clock that places times without an offset of rapport's (none of these: every entry is
/// written by rapport).
fn clock() -> rapport::clock::Clock {
    rapport::clock::Clock::fixed(
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
            .unwrap()
            .fixed_offset(),
    )
}

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap()
}

/// The fields read back, without the creation time the writer stamps on a new record.
fn read_back(mut fields: Fields) -> Fields {
    fields.remove("created");
    fields
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn entries_of_any_text_survive_a_vjournal(
        title in proptest::option::of(typed(80)),
        body in raw(400),
        name in typed(30),
        offset in -(14 * 3600)..(14 * 3600),
        seconds in 0i64..4_000_000_000,
        kind in prop::sample::select(Kind::ALL.to_vec()),
        mood in proptest::option::of(-2i8..=2),
        initiative in proptest::option::of(prop::sample::select(Initiative::ALL.to_vec())),
    ) {
        let offset = FixedOffset::east_opt(offset / 60 * 60).unwrap();
        let entry = Entry {
            id: 1,
            occurred_at: offset.timestamp_opt(seconds, 0).unwrap(),
            kind,
            title,
            body,
            contacts: vec![1],
            mood,
            initiative,
            signals: Signals { trust: Some(1), ..Signals::default() },
        };
        let label = ContactLabel { uid: "c-1", name: &name, email: None };
        let fields = entry_fields(&entry, &["c-1"]);
        let text = vjournal_text("j", &fields, &[label], stamp());
        let remote = read_vjournal(&text, clock()).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(read_back(remote.fields), fields);
    }

    #[test]
    fn promises_of_any_text_survive_a_vtodo(
        text in typed(200),
        name in typed(30),
        email in proptest::option::of("[a-z0-9.+-]{1,12}@[a-z]{1,8}\\.[a-z]{2,3}"),
        status in prop::sample::select(PromiseStatus::ALL.to_vec()),
        owner in prop::sample::select(Owner::ALL.to_vec()),
    ) {
        let promise = Promise {
            id: 1,
            contact: 1,
            entry: None,
            owner,
            text,
            due: None,
            status,
            closed_at: None,
        };
        let label = ContactLabel { uid: "c-1", name: &name, email: email.as_deref() };
        let fields = promise_fields(&promise, "c-1", Some("e-1"));
        let written = vtodo_text("p", &fields, &label, stamp());
        let remote = read_vtodo(&written).map_err(|e| TestCaseError::fail(format!("{e}\n{written}")))?;
        prop_assert_eq!(read_back(remote.fields), fields);
    }

    #[test]
    fn contacts_of_any_text_survive_a_vcard(
        // A name rapport takes: one visible character at least, not read as an id.
        name in "[^\\p{Cc}\\p{Z}#0-9][^\\p{Cc}]{0,30}[^\\p{Cc}\\p{Z}]"
            .prop_filter("a name rapport takes", |n| name_problem(n).is_none()),
        notes in proptest::option::of(typed(200)),
        tags in proptest::collection::vec("[^\\p{Cc}\\p{Z}][^\\p{Cc}\\n]{0,10}[^\\p{Cc}\\p{Z}]", 0..4),
        company in proptest::option::of("[^\\p{Cc}\\p{Z}][^\\p{Cc}]{0,20}[^\\p{Cc}\\p{Z}]"),
        note_row in "[^\\p{Cc}]{0,40}",
    ) {
        let mut contact = Contact::new(&name, DateTime::UNIX_EPOCH.fixed_offset());
        contact.notes = notes;
        contact.company = company;
        let mut tags_once: Vec<String> = Vec::new();
        for tag in tags {
            if !tags_once.iter().any(|t| rapport::text::fold(t) == rapport::text::fold(&tag)) {
                tags_once.push(tag);
            }
        }
        contact.tags = tags_once;
        let card = vec![CardProperty { name: "X-OTHER-APP".into(), params: "TYPE=x".into(), value: note_row }];
        let fields = contact_fields(&contact, &card);
        let text = vcard_text("u-1", &contact, &card);
        let remote = read_vcard(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(contact_fields(&remote.contact, &remote.card), fields, "{}", text);
    }

    #[test]
    fn any_server_text_is_read_or_refused_without_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = read_vcard(&text);
        let _ = read_vtodo(&text);
        let _ = read_vjournal(&text, clock());
    }

    #[test]
    fn damaged_records_are_read_or_refused_without_a_panic(
        cut in 0usize..2000,
        flips in proptest::collection::vec((0usize..2000, any::<u8>()), 0..4),
    ) {
        let label = ContactLabel { uid: "c-1", name: "Anna", email: Some("a@example.org") };
        let entry = Entry {
            id: 1,
            occurred_at: DateTime::UNIX_EPOCH.fixed_offset(),
            kind: Kind::Call,
            title: Some("Titel".into()),
            body: "Text, mit; allem\n".into(),
            contacts: vec![1],
            mood: Some(1),
            initiative: None,
            signals: Signals::default(),
        };
        let journal = vjournal_text("j", &entry_fields(&entry, &["c-1"]), &[label], stamp());
        let promise = Promise {
            id: 1, contact: 1, entry: None, owner: Owner::Them, text: "Angebot".into(),
            due: None, status: PromiseStatus::Kept, closed_at: None,
        };
        let todo = vtodo_text("p", &promise_fields(&promise, "c-1", Some("e")), &label, stamp());
        let contact = Contact::new("Anna", DateTime::UNIX_EPOCH.fixed_offset());
        let card = vcard_text("u", &contact, &[]);
        for text in [journal, todo, card] {
            let mut bytes = text.into_bytes();
            for (at, value) in &flips {
                if let Some(b) = bytes.get_mut(*at) {
                    *b = *value;
                }
            }
            bytes.truncate(cut);
            let text = String::from_utf8_lossy(&bytes);
            let _ = read_vjournal(&text, clock());
            let _ = read_vtodo(&text);
            let _ = read_vcard(&text);
        }
    }
}
