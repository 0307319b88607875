//! vCard files in the shapes real tools write them (issue 13, defects 3, 4, 5 and 10): address books
//! joined with `cat`, legacy code pages with and without a `CHARSET`, a stray Latin-1 byte in a UTF-8
//! file, cards without a name, and every escape. One file of each shape under tests/fixtures/vcard/.

mod common;

use common::Sandbox;
use rapport::transfer::vcard::{Card, CardReader, VcardError, parse_bytes};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/vcard/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn cards(name: &str) -> Vec<Card> {
    let bytes = std::fs::read(fixture(name)).expect("fixture");
    parse_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn names(cards: &[Card]) -> Vec<&str> {
    cards.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn cards_joined_without_a_line_end_stay_two_people() {
    let cards = cards("cat_joined.vcf");
    assert_eq!(names(&cards), ["Anna Schmidt", "Bernd Vogel", "Carla Neri"]);
    assert_eq!(cards[0].email.as_deref(), Some("anna@beispiel.example"));
    assert_eq!(cards[0].phone, None, "Bernd's phone went to Anna");
    assert_eq!(cards[1].phone.as_deref(), Some("+49 30 111"));
    assert_eq!(cards[1].line, 6);
    assert_eq!(cards[2].company.as_deref(), Some("Neri SpA"));
}

#[test]
fn labelled_code_pages_are_decoded() {
    let card = &cards("windows1251.vcf")[0];
    assert_eq!(card.name, "Василий Пупкин");
    assert_eq!(card.company.as_deref(), Some("ООО «Ромашка»"));
    let card = &cards("windows1250.vcf")[0];
    assert_eq!(card.name, "Jiří Dvořák");
    assert_eq!(card.company.as_deref(), Some("Łódź Spółka"));
}

#[test]
fn unlabelled_ansi_files_are_decoded_in_their_code_page() {
    let card = &cards("greek_ansi.vcf")[0];
    assert_eq!(card.name, "Γιώργος Παπαδόπουλος");
    assert_eq!(card.company.as_deref(), Some("Ελληνικά Ναυπηγεία"));
    let card = &cards("hebrew_ansi.vcf")[0];
    assert_eq!(card.name, "ישראל ישראלי");
    assert_eq!(card.company.as_deref(), Some("חברת החשמל לישראל"));
    let card = &cards("ukrainian_ansi.vcf")[0];
    assert_eq!(card.name, "Вікторія Ґонта");
    assert_eq!(card.company.as_deref(), Some("Київські Ліки"));
    assert_eq!(
        card.notes.as_deref(),
        Some("Її сім'я з Одеси, п'є каву. Євген — її брат.")
    );
}

#[test]
fn one_latin1_byte_leaves_the_utf8_around_it_alone() {
    let cards = cards("utf8_one_latin1_byte.vcf");
    assert_eq!(names(&cards), ["최유림", "Jürgen Grüßner"]);
    assert_eq!(
        cards[0].notes.as_deref(),
        Some("최유림 trinkt gern Café mit Jürgen.")
    );
    // A Latin-1 card on its own is still read as Windows-1252.
    let latin = b"BEGIN:VCARD\r\nFN:J\xfcrgen M\xfcller\r\nNOTE:\x80 5\r\nEND:VCARD\r\n";
    let card = &parse_bytes(latin).expect("Latin-1")[0];
    assert_eq!(
        (card.name.as_str(), card.notes.as_deref()),
        ("Jürgen Müller", Some("€ 5"))
    );
}

#[test]
fn a_card_in_an_unknown_charset_reads_as_unlabelled_and_one_in_a_wrong_charset_is_named() {
    let bytes = std::fs::read(fixture("unknown_charset.vcf")).expect("fixture");
    // `CHARSET=x-klingon` names nothing: its bytes are read in the card's legacy code page.
    let cards: Vec<_> = CardReader::new(&bytes[..]).take(2).collect();
    let worf = cards[1].as_ref().expect("read as unlabelled");
    // Two bytes are too few to tell the code page; any guess reads them as two letters.
    assert!(
        worf.name.starts_with("Worf ") && worf.name.chars().count() == 7,
        "{}",
        worf.name
    );
    let error = parse_bytes(&bytes).expect_err("bytes that are not Shift_JIS");
    assert!(
        matches!(error, VcardError::Undecodable { line: 9, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("line 9") && message.contains("Kor") && message.contains("Shift_JIS"),
        "{message}"
    );
}

#[test]
fn every_escape_is_undone() {
    let card = &cards("escapes.vcf")[0];
    assert_eq!(card.name, "Hans \"Hansi\" Müller");
    assert_eq!(
        card.company.as_deref(),
        Some("Meier, Schulze \"Bau\"; Berlin")
    );
    assert_eq!(card.role.as_deref(), Some("Leiter \"Einkauf\""));
    assert_eq!(
        card.notes.as_deref(),
        Some("Er sagt \"Moin\", immer; Pfad C:\\Daten\nZeile 2\nZeile 3 :-)")
    );
}

#[test]
fn a_nameless_card_is_skipped_and_the_rest_imported() {
    let cards = cards("nameless.vcf");
    assert_eq!(names(&cards), ["Anna Berg", "Deniz Kaya"]);

    let s = Sandbox::new();
    let out = s.ok(&["import", "--format", "vcard", &fixture("nameless.vcf")]);
    assert!(out.starts_with("created 2 contacts"), "{out}");
    assert!(
        out.contains("skipped 1 card without a name (line 7: only a phone number)"),
        "{out}"
    );
    let list = s.ok(&["contact", "list"]);
    assert!(
        list.contains("Anna Berg") && list.contains("Deniz Kaya"),
        "{list}"
    );

    let empty = s.path("empty.vcf");
    let cards = "BEGIN:VCARD\r\nN:;;;;\r\nEND:VCARD\r\n".repeat(2);
    std::fs::write(&empty, cards).expect("write");
    let out = s
        .cmd(&["import", "--format", "vcard", empty.to_str().expect("path")])
        .env("LANG", "de_DE.UTF-8")
        .output()
        .expect("run");
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.contains("2 Karten ohne Namen übersprungen (Zeilen 1: nichts, womit sie sich benennen ließe, 4: nichts"),
        "{out}"
    );
}
