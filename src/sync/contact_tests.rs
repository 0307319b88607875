use super::*;
use crate::domain::model::{AddressForm, Tier};
use crate::sync::fields::Fields;

fn at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-27T09:00:00+01:00").unwrap()
}

fn row(name: &str, params: &str, value: &str) -> CardProperty {
    CardProperty {
        name: name.into(),
        params: params.into(),
        value: value.into(),
    }
}

fn full() -> Contact {
    let mut c = Contact::new("Käthe Böhm", at());
    c.company = Some("Böhm & Söhne, KG".into());
    c.role = Some("Einkauf".into());
    c.email = Some("kaethe@example.org".into());
    c.phone = Some("+49 30 1234".into());
    c.address_form = Some(AddressForm::Sie);
    c.salutation = Some("Frau Dr. Böhm".into());
    c.birthday = NaiveDate::from_ymd_opt(1971, 3, 9);
    c.met_on = NaiveDate::from_ymd_opt(2020, 1, 2);
    c.notes = Some("Zwei Kinder.\nMag; keinen Kaffee, nur Tee \\ Wasser".into());
    c.tags = vec!["Segeln, Regatta".into(), "Wein".into()];
    c.tier = Some(Tier::A);
    c.cadence_days = Some(21);
    c.snoozed_until = NaiveDate::from_ymd_opt(2026, 12, 24);
    c.archived = true;
    c.private = true;
    c
}

/// (what, contact, kept rows)
fn cases() -> Vec<(&'static str, Contact, Vec<CardProperty>)> {
    let photo = format!("data:image/jpeg;base64,{}", "/9j/4AAQSkZJRgABAQ".repeat(40));
    let mut yearless = Contact::new("Anna Schmidt", at());
    yearless.birthday = NaiveDate::from_ymd_opt(crate::transfer::vcard::NO_YEAR, 2, 29);
    let mut cjk = Contact::new("山田 太郎", at());
    cjk.tags = vec!["日本語".into(), "a,b;c".into()];
    cjk.notes = Some("一行目\n二行目\n\nthird, with; marks".into());
    vec![
        ("every field", full(), vec![]),
        (
            "a photo and addresses",
            full(),
            vec![
                row("PHOTO", "", &photo),
                row("ADR", "TYPE=home", ";;Hauptstr. 1;Berlin;;10115;Germany"),
                row(
                    "ADR",
                    "TYPE=work;LABEL=\"Werk 2, Tor 3\"",
                    ";;Industriestr. 9;Köln;;50667;DE",
                ),
            ],
        ),
        (
            "groups and other apps' X- properties",
            full(),
            vec![
                row("item1.URL", "", "https://example.org"),
                row("item1.X-ABLABEL", "", "_$!<HomePage>!$_"),
                row(
                    "X-SOCIALPROFILE",
                    "TYPE=linkedin",
                    "https://linkedin.com/in/kb",
                ),
                row(
                    "X-ANDROID-CUSTOM",
                    "",
                    "vnd.android.cursor.item/nickname;Käthi;1",
                ),
                row("EMAIL", "TYPE=work", "kaethe@example.org"),
                row("EMAIL", "TYPE=home", "k@private.example"),
            ],
        ),
        ("a birthday without a year", yearless, vec![]),
        (
            "a name in CJK, tags with commas, notes with newlines",
            cjk,
            vec![],
        ),
    ]
}

#[test]
fn contact_and_card_survive_vcard_and_back_with_the_same_fields() {
    for (what, contact, card) in cases() {
        let fields = contact_fields(&contact, &card);
        let text = vcard_text("1b4e28ba-2fa1-11d2-883f-0016d3cca427", &contact, &card);
        let remote = read_vcard(&text).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
        assert_eq!(
            remote.uid.as_deref(),
            Some("1b4e28ba-2fa1-11d2-883f-0016d3cca427"),
            "{what}"
        );
        assert_eq!(
            contact_fields(&remote.contact, &remote.card),
            fields,
            "{what}\n{text}"
        );
        // And from the fields back to the same contact and card.
        let (again, rows) = contact_from_fields(&fields, at()).unwrap();
        assert_eq!(again, contact, "{what}");
        assert_eq!(contact_fields(&again, &rows), fields, "{what}");
        // A second round changes nothing.
        let second = vcard_text("1b4e28ba-2fa1-11d2-883f-0016d3cca427", &again, &rows);
        assert_eq!(second, text, "{what}");
    }
}

#[test]
fn a_phone_card_keeps_its_uid_photo_and_address_byte_for_byte() {
    let phone = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n\
                 N:Weber;Jana;;;\r\nFN:Jana Weber\r\nORG:Acme;Vertrieb\r\n\
                 EMAIL;type=INTERNET;type=WORK;type=pref:jana@acme.example\r\n\
                 item1.ADR;type=WORK;type=pref:;;Weg 2;Hamburg;;20095;Deutschland\r\n\
                 item1.X-ABADR:de\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n\
                 UID:ABCD-1234@icloud\r\nEND:VCARD\r\n";
    let remote = read_vcard(phone).unwrap();
    assert_eq!(remote.uid.as_deref(), Some("ABCD-1234@icloud"));
    assert_eq!(remote.contact.name, "Jana Weber");
    assert_eq!(remote.contact.email.as_deref(), Some("jana@acme.example"));
    // An edit in rapport, written back: the photo and address rows are there unchanged.
    let mut edited = remote.contact.clone();
    edited.notes = Some("Messe 2027".into());
    let text = vcard_text("ABCD-1234@icloud", &edited, &remote.card);
    let back = read_vcard(&text).unwrap();
    for name in ["PHOTO", "item1.ADR", "item1.X-ABADR"] {
        let find = |rows: &[CardProperty]| rows.iter().find(|r| r.name == name).cloned();
        assert_eq!(find(&back.card), find(&remote.card), "{name}");
        assert!(find(&back.card).is_some(), "{name}");
    }
    assert_eq!(text.matches("UID:").count(), 1);
    assert_eq!(back.contact.notes.as_deref(), Some("Messe 2027"));
}

#[test]
fn hostile_or_odd_cards_are_errors_not_panics() {
    for text in [
        "",
        "BEGIN:VCARD\r\nFN:x\r\n",
        "BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nFN:a\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:b\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nFN:a\r\nX-RAPPORT-TIER:Z\r\nEND:VCARD\r\n",
        "\u{0}\u{1}binary",
    ] {
        assert!(read_vcard(text).is_err(), "{text:?}");
    }
    let huge = format!(
        "BEGIN:VCARD\r\nFN:a\r\nNOTE:{}\r\nEND:VCARD\r\n",
        "x".repeat(5 << 20)
    );
    assert!(read_vcard(&huge).is_err());
}

#[test]
fn invalid_fields_are_errors() {
    for (key, value) in [
        ("birthday", "1971-02-30"),
        ("tier", "Z"),
        ("cadence_days", "-3"),
        ("address_form", "ihr"),
        ("card", "no colon here"),
    ] {
        let mut fields = Fields::from([("name".to_string(), "A".to_string())]);
        fields.insert(key.into(), value.into());
        assert!(contact_from_fields(&fields, at()).is_err(), "{key}");
    }
}
