//! Google Contacts' CSV export ("Export → Google CSV"), in both header sets Google has written: the
//! current one ("First Name", "Middle Name", "Last Name", "Organization Name", "Labels",
//! "E-mail 1 - Label", "E-mail 1 - Value", …) and the older one ("Name", "Given Name", "Additional
//! Name", "Family Name", "Group Membership", "E-mail 1 - Type", "Organization 1 - Name", …). UTF-8
//! with a BOM; several values of one kind share a column, separated by ` ::: `; a label starting with
//! `* ` is the preferred one, a group starting with `* ` is one of Google's own.

use super::csv_contacts::{Column, Kind, NamePart, Part, Product, x_name};

/// How Google Contacts' CSV is read.
pub(crate) static GOOGLE: Product = Product {
    name: "Google Contacts",
    column,
    is_header,
    expected: "First Name,Middle Name,Last Name,…,E-mail 1 - Value",
    tag_separator: " ::: ",
    legacy: false,
    placeholder: |_, _| false,
};

/// Whether a header is Google's: numbered "E-mail 1 - Value" columns, "Labels" or "Group Membership".
pub(crate) fn is_header(fields: &[String]) -> bool {
    fields.iter().any(|f| {
        let f = f.to_lowercase();
        f == "labels"
            || f == "group membership"
            || (f.contains(" 1 - ") && (f.ends_with(" - value") || f.ends_with(" - formatted")))
    })
}

/// What a column of Google's export holds.
fn column(header: &str) -> Column {
    let lower = header.trim().to_lowercase();
    match lower.as_str() {
        "name" => Column::Name(NamePart::Full),
        "first name" | "given name" => Column::Name(NamePart::Given),
        "middle name" | "additional name" => Column::Name(NamePart::Additional),
        "last name" | "family name" => Column::Name(NamePart::Family),
        "name prefix" => Column::Name(NamePart::Prefix),
        "name suffix" => Column::Name(NamePart::Suffix),
        "nickname" => Column::Nickname,
        "organization name" => Column::Company,
        "organization title" => Column::Title,
        "organization department" => Column::Department,
        "birthday" => Column::Birthday,
        "notes" => Column::Notes,
        "labels" | "group membership" => Column::Tags,
        "photo" => Column::Photo,
        "phonetic first name" | "given name yomi" => Column::Property("X-PHONETIC-FIRST-NAME"),
        "phonetic middle name" | "additional name yomi" => {
            Column::Property("X-PHONETIC-MIDDLE-NAME")
        }
        "phonetic last name" | "family name yomi" => Column::Property("X-PHONETIC-LAST-NAME"),
        _ => numbered(header, &lower),
    }
}

/// "E-mail 2 - Value", "Address 1 - Street", "Organization 1 - Title": a part of a numbered thing.
fn numbered(header: &str, lower: &str) -> Column {
    let other = || Column::Other(x_name("X-GOOGLE-", header));
    let Some((thing, part)) = lower.split_once(" - ") else {
        return other();
    };
    let Some((thing, n)) = thing.rsplit_once(' ') else {
        return other();
    };
    let Ok(n) = n.parse::<u32>() else {
        return other();
    };
    if thing == "organization" {
        return match (n, part) {
            (1, "name") => Column::Company,
            (1, "title") => Column::Title,
            (1, "department") => Column::Department,
            _ => other(),
        };
    }
    let kind = match thing {
        "e-mail" | "email" => Kind::Email,
        "phone" => Kind::Phone,
        "address" => Kind::Address,
        "website" => Kind::Website,
        "relation" => Kind::Relation,
        "event" => Kind::Event,
        "im" => Kind::Im,
        "custom field" => Kind::Custom,
        _ => return other(),
    };
    let part = match (kind, part) {
        (_, "label" | "type") => Part::Label,
        (_, "value") => Part::Value,
        (Kind::Im, "service") => Part::Service,
        (Kind::Address, "formatted") => Part::Formatted,
        (Kind::Address, "po box") => Part::Address(0),
        (Kind::Address, "extended address") => Part::Address(1),
        (Kind::Address, "street") => Part::Address(2),
        (Kind::Address, "city") => Part::Address(3),
        (Kind::Address, "region") => Part::Address(4),
        (Kind::Address, "postal code") => Part::Address(5),
        (Kind::Address, "country") => Part::Address(6),
        _ => return other(),
    };
    Column::Slot {
        kind,
        n,
        part,
        label: None,
    }
}

#[cfg(test)]
mod tests {
    use crate::transfer::csv_card::tests::{assert_kept, has};
    use crate::transfer::csv_contacts::google;
    use crate::transfer::vcard::{Card, NO_YEAR};
    use chrono::NaiveDate;

    const CURRENT: &str = include_str!("../../tests/fixtures/google/contacts.csv");
    const OLD: &str = include_str!("../../tests/fixtures/google/contacts_old.csv");

    fn read(text: &str) -> (Vec<Card>, Vec<usize>) {
        let mut rows = google(text.as_bytes()).expect("header");
        let cards = rows.by_ref().collect::<Result<Vec<_>, _>>().expect("rows");
        let nameless = rows.nameless().borrow().iter().map(|n| n.line).collect();
        (cards, nameless)
    }

    #[test]
    fn current_export_reads_every_column() {
        let (cards, nameless) = read(CURRENT);
        let names: Vec<&str> = cards.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Anna Weber",
                "Jürgen Müller",
                "静 陈",
                "Stadtwerke Kiel",
                "Sophie O'Brien"
            ]
        );
        // The phone-only row (line 12: the line breaks in quoted fields above count) is counted; the
        // blank one is not.
        assert_eq!(nameless, vec![12]);
        let anna = &cards[0];
        assert_eq!(anna.company.as_deref(), Some("Weber & Söhne GmbH"));
        assert_eq!(anna.role.as_deref(), Some("Geschäftsführerin"));
        assert_eq!(
            anna.email.as_deref(),
            Some("anna.weber@weber-soehne.example")
        );
        assert_eq!(anna.phone.as_deref(), Some("+49 171 5550101"));
        assert_eq!(anna.birthday, NaiveDate::from_ymd_opt(1979, 3, 14));
        assert_eq!(anna.tags, ["Kunden", "starred"]);
        assert_eq!(
            anna.notes.as_deref(),
            Some("Trifft sich gern früh.\nKinder: Paul, Greta")
        );
        assert_eq!(anna.line, 2);
        assert_kept(
            anna,
            &[
                ("N", "", "Weber;Anna;;Dr.;"),
                ("ORG", "", "Weber & Söhne GmbH;Vertrieb"),
                ("NICKNAME", "", "Anni"),
                (
                    "EMAIL",
                    "PREF=1;TYPE=work",
                    "anna.weber@weber-soehne.example",
                ),
                ("EMAIL", "TYPE=home", "anna@weber.example"),
                ("TEL", "TYPE=cell", "+49 171 5550101"),
                ("TEL", "TYPE=work", "+49 40 5550100"),
                ("TEL", "TYPE=work", "+49 40 5550199"),
                (
                    "ADR",
                    "TYPE=work",
                    ";;Hafenstraße 1;Hamburg;;20457;Deutschland",
                ),
                (
                    "item1.URL",
                    "",
                    "https://www.linkedin.com/in/anna-weber-example",
                ),
                ("item1.X-ABLABEL", "", "Profile"),
                ("RELATED", "VALUE=text;TYPE=spouse", "Thomas Weber"),
                ("ANNIVERSARY", "", "2005-06-18"),
                (
                    "IMPP",
                    "X-SERVICE-TYPE=Skype;TYPE=work",
                    "skype:anna.weber.example",
                ),
                ("item2.X-CUSTOM-FIELD", "", "K-4711"),
                ("item2.X-ABLABEL", "", "Kundennummer"),
            ],
        );
    }

    #[test]
    fn current_export_keeps_labels_phonetics_and_extra_columns() {
        let (cards, _) = read(CURRENT);
        let juergen = &cards[1];
        assert_eq!(juergen.birthday, NaiveDate::from_ymd_opt(NO_YEAR, 7, 14));
        assert!(juergen.tags.is_empty(), "myContacts is everyone's");
        assert!(has(juergen, "item1.TEL", "", "+49 89 5550123"));
        assert!(has(juergen, "item1.X-ABLABEL", "", "Büro"));
        assert!(has(
            juergen,
            "ADR",
            "TYPE=home",
            ";;Leopoldstraße 12\\nHinterhaus;München;Bayern;80802;Deutschland"
        ));
        let chen = &cards[2];
        assert!(has(chen, "X-PHONETIC-FIRST-NAME", "", "Jing"));
        assert!(has(
            chen,
            "EMAIL",
            "PREF=1;TYPE=other",
            "chen.jing@example.cn"
        ));
        assert_eq!(
            cards[3].email.as_deref(),
            Some("info@stadtwerke-kiel.example")
        );
        let sophie = &cards[4];
        assert_eq!(sophie.company.as_deref(), Some("Brightwave \"Labs\" Ltd"));
        assert_eq!(sophie.tags, ["Partner", "Kunden"]);
        assert!(has(sophie, "X-GOOGLE-FILE-AS", "", "O'Brien\\, Sophie"));
        assert!(has(sophie, "item1.URL", "", "https://sophie.example/blog"));
        assert!(has(sophie, "item1.X-ABLABEL", "", "Blog"));
        assert!(has(sophie, "item2.X-ABDATE", "", "2019-09-01"));
        assert!(has(sophie, "item2.X-ABLABEL", "", "Kennenlernen"));
        assert!(has(
            sophie,
            "PHOTO",
            "VALUE=uri",
            "https://lh3.googleusercontent.com/contacts/AG6tpzExample"
        ));
    }

    #[test]
    fn older_export_reads_by_its_own_header_names() {
        let (cards, nameless) = read(OLD);
        assert_eq!(nameless, vec![7, 8], "phone only, note only");
        let [karl, elodie] = &cards[..] else {
            panic!("{cards:#?}");
        };
        assert_eq!(karl.name, "Karl-Heinz Schröder");
        assert_eq!(karl.company.as_deref(), Some("Schröder Bau GmbH"));
        assert_eq!(karl.role.as_deref(), Some("Bauleiter"));
        assert_eq!(karl.tags, ["Coworkers", "Golf"]);
        assert_eq!(
            karl.email.as_deref(),
            Some("kh.schroeder@schroeder-bau.example")
        );
        assert!(has(karl, "X-GOOGLE-HOBBY", "", "Golf"));
        assert!(has(karl, "TEL", "TYPE=cell", "+49 160 5550123"));
        assert_eq!(
            karl.notes.as_deref(),
            Some("Mag keine Anrufe vor 9.\nBevorzugt E-Mail.")
        );
        // Only the formatted address: it is the street, its lines kept.
        assert!(has(
            elodie,
            "ADR",
            "TYPE=home",
            ";;12 rue de la Paix\\n75002 Paris\\nFrance;;;;"
        ));
    }

    #[test]
    fn a_row_that_is_not_utf8_names_its_line() {
        let text = b"First Name,Last Name,Notes,Labels\nAnna,Weber,\"zwei\nZeilen\"\nJ\xfcrgen,M\xfcller,\n";
        let failure = google(&text[..])
            .expect("header")
            .collect::<Result<Vec<_>, _>>();
        assert!(
            matches!(
                failure,
                Err(crate::transfer::csv_rows::CsvError::NotUtf8 { line: 4 })
            ),
            "{failure:?}"
        );
        let none = google(&b"Vorname,Nachname\nA,B\n"[..]).map(|_| ());
        assert!(matches!(
            none,
            Err(crate::transfer::csv_rows::CsvError::Syntax { line: 1, .. })
        ));
    }
}
