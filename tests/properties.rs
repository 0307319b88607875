//! Property tests: importing arbitrary bytes never panics, and a refused import changes nothing.

use proptest::prelude::*;
use rapport::store::Store;
use rapport::transfer::json;

const VALID: &str = r#"{"format": "rapport", "version": 1, "exported_at": "2026-11-27T10:00:00+01:00",
 "contacts": [{"id": 1, "name": "Jürgen Müller", "company": null, "role": null, "email": null, "phone": null,
   "address_form": "sie", "salutation": "Herr Müller", "birthday": "1970-02-28", "met_on": null, "notes": "",
   "tags": ["Segeln"], "tier": "A", "cadence_days": 14, "snoozed_until": null, "archived": false,
   "created_at": "2026-01-01T09:00:00+01:00"}],
 "entries": [{"id": 7, "occurred_at": "2026-11-20T14:30:00+01:00", "kind": "call", "title": "Q4",
   "body": "Vertrauen 🤝", "contacts": [1], "mood": 1, "initiative": "them",
   "signals": {"trust": 1, "sympathy": 0, "competence": null, "longterm": -1}}],
 "promises": [{"id": 3, "contact": 1, "entry": 7, "owner": "me", "text": "Angebot", "due": "2026-12-01",
   "status": "open", "closed_at": null}]}"#;

/// Parses and imports `text` into `store`; any error is fine, a panic is not.
fn try_import(store: &mut Store, text: &str) -> bool {
    json::import(text.as_bytes(), store, false, |_| {}).is_ok()
}

#[test]
fn the_valid_document_imports() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(try_import(&mut store, VALID));
    assert_eq!(store.entry_count(None).unwrap(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut store = Store::open_in_memory().unwrap();
        try_import(&mut store, &String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn damaged_documents_never_panic_and_refusals_change_nothing(
        cut in 0usize..VALID.len(),
        flips in proptest::collection::vec((0usize..VALID.len(), any::<u8>()), 0..4),
    ) {
        let mut bytes = VALID.as_bytes().to_vec();
        for (at, value) in flips {
            bytes[at] = value;
        }
        bytes.truncate(cut.max(1));
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut store = Store::open_in_memory().unwrap();
        if !try_import(&mut store, &text) {
            prop_assert!(store.is_empty().unwrap());
        }
    }

    #[test]
    fn field_values_of_any_shape_never_panic(
        name in "\\PC{0,12}",
        mood in any::<i64>(),
        kind in "[a-z]{0,8}",
        date in "\\PC{0,25}",
        cadence in any::<i64>(),
    ) {
        let text = VALID
            .replace("\"Jürgen Müller\"", &serde_json::to_string(&name).unwrap())
            .replace("\"mood\": 1", &format!("\"mood\": {mood}"))
            .replace("\"kind\": \"call\"", &format!("\"kind\": \"{kind}\""))
            .replace("\"2026-11-20T14:30:00+01:00\"", &serde_json::to_string(&date).unwrap())
            .replace("\"cadence_days\": 14", &format!("\"cadence_days\": {cadence}"));
        let mut store = Store::open_in_memory().unwrap();
        if !try_import(&mut store, &text) {
            prop_assert!(store.is_empty().unwrap());
        }
    }
}
