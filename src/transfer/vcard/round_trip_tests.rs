//! Address books through the journal: an import keeps each card's properties, a second import adds
//! only what is missing, and export → import into an empty journal gives the same contacts and rows.

use super::tests::{created, export_without_cards};
use super::{Card, export, parse};
use crate::domain::model::{CardProperty, Contact, Id, Tier};
use crate::store::Store;
use crate::transfer::contact_import::{ContactCounts, ContactImport};

const APPLE: &str = include_str!("../../../tests/fixtures/vcard/apple.vcf");
const GOOGLE: &str = include_str!("../../../tests/fixtures/vcard/google.vcf");
const OUTLOOK: &str = include_str!("../../../tests/fixtures/vcard/outlook.vcf");

/// Imports every card of `text` as `rapport import --format vcard` does.
fn import(store: &mut Store, text: &str) -> ContactCounts {
    let cards = parse(text).unwrap();
    let mut session = store.begin_address_book_import().unwrap();
    let mut import = ContactImport::new(session.last_known(), created());
    for card in &cards {
        import.card(&mut session, card).unwrap();
    }
    session.finish(false).unwrap();
    import.counts()
}

/// Every contact (ids made 0) with its kept rows, by name.
fn journal(store: &Store) -> Vec<(Contact, Vec<CardProperty>)> {
    let mut all: Vec<(Contact, Vec<CardProperty>)> = store
        .contacts_to_export(None)
        .unwrap()
        .into_iter()
        .map(|c| {
            let rows = store.card_properties(c.id).unwrap();
            (Contact { id: 0, ..c }, rows)
        })
        .collect();
    all.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    all
}

fn id_of(store: &Store, name: &str) -> Id {
    let contacts = store.contacts_to_export(None).unwrap();
    contacts.iter().find(|c| c.name == name).unwrap().id
}

#[test]
fn an_import_keeps_each_card_and_a_second_one_adds_only_what_is_missing() {
    let mut store = Store::open_in_memory().unwrap();
    let counts = import(&mut store, APPLE);
    assert_eq!(counts.created, 3);
    let cards: Vec<Card> = parse(APPLE).unwrap();
    let juergen = id_of(&store, "Dr. Jürgen Müller");
    assert_eq!(store.card_properties(juergen).unwrap(), cards[0].properties);
    // The same file again changes nothing.
    let again = import(&mut store, APPLE);
    assert_eq!((again.created, again.updated, again.skipped), (0, 0, 3));
    assert_eq!(store.card_properties(juergen).unwrap(), cards[0].properties);
    // A newer card of the same person: the email in another case is no new row, the URL is.
    let newer = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr. Jürgen Müller\r\n\
                 EMAIL;type=INTERNET:J.Mueller@GMX.example\r\n\
                 EMAIL;type=INTERNET;type=pref:juergen.mueller@mueller-soehne.example\r\n\
                 URL:https://mueller-soehne.example\r\nEND:VCARD\r\n";
    let counts = import(&mut store, newer);
    assert_eq!((counts.created, counts.updated), (0, 1));
    let rows = store.card_properties(juergen).unwrap();
    assert_eq!(rows.len(), cards[0].properties.len() + 1);
    assert_eq!(rows.last().unwrap().value, "https://mueller-soehne.example");
}

#[test]
fn a_private_card_makes_the_contact_it_finds_private_and_a_plain_one_leaves_it() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, APPLE);
    let juergen = id_of(&store, "Dr. Jürgen Müller");
    let card = |mark: &str| {
        format!(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dr. Jürgen Müller\r\n{mark}\
             EMAIL:juergen.mueller@mueller-soehne.example\r\nEND:VCARD\r\n"
        )
    };
    let counts = import(&mut store, &card("X-RAPPORT-PRIVATE:1\r\n"));
    assert_eq!(counts.updated, 1);
    assert!(store.contact(juergen).unwrap().0.private);
    // A card without the mark, or with it cleared, does not take it away (an import only adds).
    import(&mut store, &card(""));
    import(&mut store, &card("X-RAPPORT-PRIVATE:FALSE\r\n"));
    assert!(store.contact(juergen).unwrap().0.private);
    let err = parse(&card("X-RAPPORT-PRIVATE:vielleicht\r\n")).unwrap_err();
    assert!(err.to_string().contains("vielleicht"), "{err}");
}

#[test]
fn a_further_email_finds_the_contact() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, APPLE);
    // Claudia Weber's work address is a further email, not her preferred one; her name differs.
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:C. Weber\r\nEMAIL:C.Weber@tum.example\r\n\
                TEL:+49 89 289-22\r\nEND:VCARD\r\n";
    let counts = import(&mut store, card);
    assert_eq!((counts.created, counts.updated), (0, 1));
    let claudia = id_of(&store, "Prof. Dr. Claudia Weber");
    let rows = store.card_properties(claudia).unwrap();
    assert_eq!(rows.last().unwrap().value, "+49 89 289-22");
}

#[test]
fn an_export_imported_into_an_empty_journal_gives_the_same_contacts_and_rows() {
    let mut store = Store::open_in_memory().unwrap();
    for text in [APPLE, GOOGLE, OUTLOOK] {
        import(&mut store, text);
    }
    // rapport's own fields: archived, private, snoozed, tier and cadence.
    let id = id_of(&store, "Åsa Øberg");
    let mut asa = store.contact(id).unwrap().0;
    asa.archived = true;
    asa.private = true;
    asa.snoozed_until = chrono::NaiveDate::from_ymd_opt(2027, 1, 15);
    asa.tier = Some(Tier::B);
    asa.cadence_days = Some(45);
    store.update_contact(&asa).unwrap();
    let text = export(
        &store.contacts_to_export(None).unwrap(),
        &store.all_card_properties().unwrap(),
    );
    assert_eq!(text.matches("X-RAPPORT-PRIVATE:TRUE").count(), 1, "{text}");
    let mut copy = Store::open_in_memory().unwrap();
    import(&mut copy, &text);
    assert_eq!(journal(&copy), journal(&store));
    // The export is stable: the copy exports the same text.
    let again = export(
        &copy.contacts_to_export(None).unwrap(),
        &copy.all_card_properties().unwrap(),
    );
    assert_eq!(again, text);
    assert!(!export_without_cards(&[asa]).contains("ADR"));
}

#[test]
fn rows_added_to_a_contact_take_groups_it_does_not_use() {
    let mut store = Store::open_in_memory().unwrap();
    let card = |item1: &str, label: &str| {
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Weber\r\nEMAIL:a@x.example\r\n\
             item1.{item1}\r\nitem1.X-ABLabel:{label}\r\nEND:VCARD\r\n"
        )
    };
    import(&mut store, &card("TEL:+49 1", "Work"));
    import(&mut store, &card("URL:https://x.example", "Home"));
    let rows: Vec<(String, String)> = store
        .card_properties(id_of(&store, "Anna Weber"))
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.value))
        .collect();
    let wanted = [
        ("EMAIL", "a@x.example"),
        ("item1.TEL", "+49 1"),
        ("item1.X-ABLABEL", "Work"),
        ("item2.URL", "https://x.example"),
        ("item2.X-ABLABEL", "Home"),
    ];
    let wanted: Vec<(String, String)> = wanted
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    assert_eq!(rows, wanted);
}
