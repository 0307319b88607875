//! Issue 13's round trip: what does not fit one of rapport's fields is kept as a row and written back
//! as read, and the export writes the rows in vCard 4.0's form.

use super::tests::created;
use super::{export, parse, parse_bytes};
use crate::domain::model::CardProperty;
use std::collections::HashMap;

/// The export of the cards of `text`, as `import` then `export --format vcard` give it.
fn round_trip(text: &str) -> String {
    round_trip_bytes(text.as_bytes())
}

fn round_trip_bytes(bytes: &[u8]) -> String {
    let cards = parse_bytes(bytes).unwrap();
    let mut contacts = Vec::new();
    let mut rows = HashMap::new();
    for (id, card) in (1..).zip(&cards) {
        let mut contact = super::card_to_contact(card, created());
        contact.id = id;
        contacts.push(contact);
        rows.insert(id, card.properties.clone());
    }
    export(&contacts, &rows)
}

/// The content lines of an export without its folding.
fn lines(exported: &str) -> Vec<String> {
    exported
        .replace("\r\n ", "")
        .lines()
        .map(String::from)
        .collect()
}

fn card(body: &str) -> String {
    format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Weber\r\n{body}END:VCARD\r\n")
}

#[track_caller]
fn has(lines: &[String], wanted: &[&str]) {
    for line in wanted {
        assert!(lines.iter().any(|l| l == line), "no {line} in {lines:#?}");
    }
}

#[test]
fn a_field_already_taken_keeps_the_rest_as_rows() {
    let text = card(
        "TITLE:Boss\r\nROLE:Project Leader\r\nTITLE:Second\r\nBDAY:19700101\r\n\
         BDAY;ALTID=1:20160801\r\n",
    );
    let out = lines(&round_trip(&text));
    has(
        &out,
        &[
            "TITLE:Boss",
            "ROLE:Project Leader",
            "TITLE:Second",
            "BDAY:19700101",
            "BDAY;ALTID=1:20160801",
        ],
    );
    // A BDAY with a time keeps it; the birthday field is still its day.
    let cards = parse(&card("BDAY:20190210T000033\r\n")).unwrap();
    assert_eq!(cards[0].birthday, super::tests::day(2019, 2, 10));
    let out = lines(&round_trip(&card("BDAY:20190210T000033\r\n")));
    has(&out, &["BDAY:20190210T000033"]);
    assert!(!out.iter().any(|l| l == "BDAY:20190210"), "{out:#?}");
}

#[test]
fn a_role_without_a_title_or_with_parameters_comes_back_as_written() {
    let cards = parse(&card("ROLE:Office Manager\r\n")).unwrap();
    assert_eq!(cards[0].role.as_deref(), Some("Office Manager"));
    let out = lines(&round_trip(&card("ROLE:Office Manager\r\n")));
    has(&out, &["ROLE:Office Manager"]);
    assert!(!out.iter().any(|l| l.starts_with("TITLE")), "{out:#?}");
    let out = lines(&round_trip(&card(
        "TITLE;LANGUAGE=de;VALUE=text:Bürgermeister\r\nTITLE:\r\n",
    )));
    has(
        &out,
        &["TITLE;LANGUAGE=de;VALUE=text:Bürgermeister", "TITLE:"],
    );
    assert!(!out.iter().any(|l| l == "TITLE:Bürgermeister"), "{out:#?}");
}

#[test]
fn org_with_parameters_group_or_spelling_is_written_in_place_of_the_company() {
    for org in [
        "ORG;TYPE=work:Viagenie",
        "item2.ORG:KMS Außenstelle",
        "ORG: Open Text Inc.",
    ] {
        let text = card(&format!("{org}\r\n"));
        let company = parse(&text).unwrap()[0].company.clone();
        let out = lines(&round_trip(&text));
        has(&out, &[org]);
        let orgs = out.iter().filter(|l| l.contains("ORG")).count();
        assert_eq!(orgs, 1, "{out:#?}");
        assert_eq!(
            company.as_deref(),
            Some(org.split(':').nth(1).unwrap().trim())
        );
    }
    // A second ORG is kept too.
    let out = lines(&round_trip(&card("ORG:Hafen AG\r\nORG:Werft GmbH\r\n")));
    has(&out, &["ORG:Hafen AG", "ORG:Werft GmbH"]);
}

#[test]
fn n_with_parameters_or_empty_is_kept() {
    let out = lines(&round_trip(
        "BEGIN:VCARD\r\nFN:Rudi Wimmel\r\nN;LANGUAGE=de:Wimmel;Rudi;;;\r\nEND:VCARD\r\n",
    ));
    has(&out, &["N;LANGUAGE=de:Wimmel;Rudi;;;"]);
    assert!(!out.iter().any(|l| l == "N:Wimmel;Rudi;;;"), "{out:#?}");
    let out = lines(&round_trip(
        "BEGIN:VCARD\r\nFN:{NAME}\r\nN:;;;;\r\nEND:VCARD\r\n",
    ));
    has(&out, &["N:;;;;"]);
}

#[test]
fn an_unknown_charset_label_reads_as_unlabelled() {
    let bytes =
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=blabla:J\xfcrgen M\xfcller\r\nEND:VCARD\r\n";
    let cards = parse_bytes(bytes).unwrap();
    assert_eq!(cards[0].name, "Jürgen Müller");
}

#[test]
fn property_names_that_are_not_vcard_names_are_kept_under_a_valid_one() {
    let text = card("X-GOOGLE TALK:anna@gtalk.example\r\nitem1.X-messaging/xmpp-All:anna@xmpp\r\n");
    let cards = parse(&text).unwrap();
    let names: Vec<&str> = cards[0]
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["X-GOOGLE-TALK", "item1.X-MESSAGING-XMPP-ALL"]);
}

#[test]
fn bare_parameters_of_vcard_2_1_are_written_as_types() {
    let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Anna\r\nTEL;WORK;VOICE:+49 1\r\n\
                TEL;TYPE=home;CELL:+49 2\r\nEND:VCARD\r\n";
    let out = lines(&round_trip(text));
    has(
        &out,
        &["TEL;TYPE=work,voice:+49 1", "TEL;TYPE=home,cell:+49 2"],
    );
}

#[test]
fn incoming_groups_are_renumbered_when_the_card_uses_them() {
    let row = |name: &str, value: &str| CardProperty {
        name: name.into(),
        params: String::new(),
        value: value.into(),
    };
    let have = [row("item1.EMAIL", "a@x"), row("item2.URL", "u")];
    let incoming = vec![
        row("item1.EMAIL", "b@x"),
        row("item1.X-ABLABEL", "Work"),
        row("item3.URL", "v"),
        row("ADR", ";;"),
    ];
    let moved = super::regroup(&have, incoming);
    let names: Vec<&str> = moved.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["item4.EMAIL", "item4.X-ABLABEL", "item3.URL", "ADR"]
    );
}
