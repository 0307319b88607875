//! Outlook's CSV export ("Export to a file → Comma Separated Values", the English header set:
//! "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department", "Job Title",
//! "Business Street", …, "E-mail Address", "E-mail 2 Address", "Mobile Phone", "Birthday", "Notes",
//! "Categories", "Web Page"). Written in the Windows code page of the machine (Windows-1252 in Western
//! Europe), every field quoted; empty dates are "0/0/00", and "Normal", "False", "Unspecified" and the
//! e-mail type "SMTP" stand for nothing chosen.

use super::csv_contacts::{Column, Kind, NamePart, Part, Product, x_name};

/// How Outlook's CSV is read.
pub(crate) static OUTLOOK: Product = Product {
    name: "Outlook",
    column,
    is_header,
    expected: "Title,First Name,Middle Name,Last Name,…,E-mail Address",
    tag_separator: ";",
    legacy: true,
    placeholder,
};

/// Whether a header is Outlook's (in English or German): "E-mail Address" or the business address
/// and phone columns.
pub(crate) fn is_header(fields: &[String]) -> bool {
    fields.iter().any(|f| {
        matches!(
            english(&f.to_lowercase()),
            "e-mail address" | "business street" | "mobile phone" | "business phone"
        )
    })
}

/// The columns a German Outlook names in German, by their English names (the others, "ISDN",
/// "Pager", "Suffix", "Telex", are the same).
const GERMAN: [(&str, &str); 40] = [
    ("anrede", "title"),
    ("vorname", "first name"),
    ("weitere vornamen", "middle name"),
    ("nachname", "last name"),
    ("firma", "company"),
    ("abteilung", "department"),
    ("position", "job title"),
    ("straße geschäftlich", "business street"),
    ("straße geschäftlich 2", "business street 2"),
    ("straße geschäftlich 3", "business street 3"),
    ("ort geschäftlich", "business city"),
    ("region geschäftlich", "business state"),
    ("postleitzahl geschäftlich", "business postal code"),
    ("land/region geschäftlich", "business country/region"),
    ("postfach geschäftlich", "business address po box"),
    ("straße privat", "home street"),
    ("straße privat 2", "home street 2"),
    ("straße privat 3", "home street 3"),
    ("ort privat", "home city"),
    ("bundesland/kanton privat", "home state"),
    ("postleitzahl privat", "home postal code"),
    ("land/region privat", "home country/region"),
    ("postfach privat", "home address po box"),
    ("telefon geschäftlich", "business phone"),
    ("telefon geschäftlich 2", "business phone 2"),
    ("fax geschäftlich", "business fax"),
    ("telefon privat", "home phone"),
    ("telefon privat 2", "home phone 2"),
    ("fax privat", "home fax"),
    ("mobiltelefon", "mobile phone"),
    ("haupttelefon", "primary phone"),
    ("weiteres telefon", "other phone"),
    ("geburtstag", "birthday"),
    ("jahrestag", "anniversary"),
    ("notizen", "notes"),
    ("kategorien", "categories"),
    ("webseite", "web page"),
    ("e-mail-adresse", "e-mail address"),
    ("e-mail 2: adresse", "e-mail 2 address"),
    ("e-mail 3: adresse", "e-mail 3 address"),
];

/// The English name of a column (lower case) a German Outlook names in German; others as they are.
fn english(lower: &str) -> &str {
    GERMAN
        .iter()
        .find(|(german, _)| *german == lower)
        .map_or(lower, |(_, english)| english)
}

/// Values Outlook writes into columns nobody filled in.
fn placeholder(header: &str, value: &str) -> bool {
    let header = header.to_lowercase();
    matches!(value, "0/0/00" | "00.00.00" | "0.0.00")
        || (matches!(header.as_str(), "priority" | "sensitivity" | "priorität" | "vertraulichkeit")
            && value == "Normal")
        || (matches!(header.as_str(), "private" | "privat") && matches!(value, "False" | "Aus"))
        || (matches!(header.as_str(), "gender" | "geschlecht")
            && matches!(value, "Unspecified" | "Nicht angegeben"))
        || (header.starts_with("e-mail")
            && (header.ends_with("type") || header.ends_with("typ"))
            && value == "SMTP")
        // "Anna Weber (anna@example.org)": made from the name and address, which are kept.
        || (header.starts_with("e-mail")
            && (header.ends_with("display name") || header.ends_with("angezeigter name"))
            && value.contains('@'))
}

/// The phone columns: header, number among the phones, label.
const PHONES: [(&str, &str); 19] = [
    ("primary phone", "pref"),
    ("mobile phone", "cell"),
    ("business phone", "work"),
    ("business phone 2", "work"),
    ("home phone", "home"),
    ("home phone 2", "home"),
    ("company main phone", "Company Main"),
    ("assistant's phone", "Assistant"),
    ("business fax", "work,fax"),
    ("home fax", "home,fax"),
    ("other fax", "fax"),
    ("other phone", "other"),
    ("car phone", "car"),
    ("pager", "pager"),
    ("isdn", "isdn"),
    ("callback", "Callback"),
    ("radio phone", "Radio"),
    ("tty/tdd phone", "textphone"),
    ("telex", "Telex"),
];

/// The people named in columns of their own: header, label.
const RELATIONS: [(&str, &str); 5] = [
    ("spouse", "spouse"),
    ("children", "child"),
    ("manager's name", "Manager"),
    ("assistant's name", "Assistant"),
    ("referred by", "Referred by"),
];

/// What a column of Outlook's export holds.
fn column(header: &str) -> Column {
    let lower = header.trim().to_lowercase();
    let lower = english(&lower).to_string();
    let slot = |kind, n, part, label| Column::Slot {
        kind,
        n,
        part,
        label,
    };
    if let Some(n) = PHONES.iter().position(|(h, _)| *h == lower) {
        return slot(Kind::Phone, n as u32, Part::Value, Some(PHONES[n].1));
    }
    if let Some(n) = RELATIONS.iter().position(|(h, _)| *h == lower) {
        return slot(Kind::Relation, n as u32, Part::Value, Some(RELATIONS[n].1));
    }
    if let Some(column) = address(&lower) {
        return column;
    }
    match lower.as_str() {
        "title" => Column::Name(NamePart::Prefix),
        "first name" => Column::Name(NamePart::Given),
        "middle name" => Column::Name(NamePart::Additional),
        "last name" => Column::Name(NamePart::Family),
        "suffix" => Column::Name(NamePart::Suffix),
        "nickname" => Column::Nickname,
        "company" => Column::Company,
        "department" => Column::Department,
        "job title" => Column::Title,
        "birthday" => Column::Birthday,
        "anniversary" => slot(Kind::Event, 0, Part::Value, Some("Anniversary")),
        "notes" => Column::Notes,
        "categories" => Column::Tags,
        "web page" => slot(Kind::Website, 0, Part::Value, None),
        "e-mail address" => slot(Kind::Email, 1, Part::Value, None),
        "e-mail 2 address" => slot(Kind::Email, 2, Part::Value, None),
        "e-mail 3 address" => slot(Kind::Email, 3, Part::Value, None),
        _ => Column::Other(x_name("X-OUTLOOK-", header)),
    }
}

/// "Business Street 2", "Home City", "Other Address PO Box": a part of one of the three addresses.
fn address(lower: &str) -> Option<Column> {
    let (n, label, rest) = [
        (1, "work", "business "),
        (2, "home", "home "),
        (3, "other", "other "),
    ]
    .into_iter()
    .find_map(|(n, label, prefix)| lower.strip_prefix(prefix).map(|rest| (n, label, rest)))?;
    let part = match rest {
        "street" | "street 2" | "street 3" => Part::Address(2),
        "address po box" => Part::Address(0),
        "city" => Part::Address(3),
        "state" => Part::Address(4),
        "postal code" => Part::Address(5),
        "country/region" | "country" => Part::Address(6),
        _ => return None,
    };
    Some(Column::Slot {
        kind: Kind::Address,
        n,
        part,
        label: Some(label),
    })
}

#[cfg(test)]
mod tests {
    use crate::transfer::csv_card::tests::{assert_kept, has};
    use crate::transfer::csv_contacts::outlook;
    use chrono::NaiveDate;

    const ANSI: &[u8] = include_bytes!("../../tests/fixtures/outlook/contacts.csv");

    #[test]
    fn ansi_export_reads_with_its_umlauts_and_without_placeholders() {
        let mut rows = outlook(ANSI).expect("header");
        let cards = rows.by_ref().collect::<Result<Vec<_>, _>>().expect("rows");
        let nameless: Vec<usize> = rows.nameless().borrow().iter().map(|n| n.line).collect();
        // Jürgen's street and note take two lines each; the placeholder-only row is not counted.
        assert_eq!(nameless, vec![6]);
        let [juergen, renee, zoe] = &cards[..] else {
            panic!("{cards:#?}");
        };
        assert_eq!(juergen.name, "Jürgen Weiß");
        assert_eq!(juergen.company.as_deref(), Some("Weiß Consulting GmbH"));
        assert_eq!(juergen.role.as_deref(), Some("Geschäftsführer"));
        assert_eq!(
            juergen.email.as_deref(),
            Some("juergen.weiss@weiss-consulting.example")
        );
        assert_eq!(
            juergen.phone.as_deref(),
            Some("+49 172 5550100"),
            "mobile first"
        );
        assert_eq!(juergen.birthday, NaiveDate::from_ymd_opt(1970, 4, 23));
        assert_eq!(juergen.tags, ["Kunde", "VIP"]);
        assert_eq!(
            juergen.notes.as_deref(),
            Some("Erstes Treffen auf der Messe.\nFolgetermin im März.")
        );
        assert_kept(
            juergen,
            &[
                ("N", "", "Weiß;Jürgen;;Dr.;"),
                ("ORG", "", "Weiß Consulting GmbH;Beratung"),
                ("EMAIL", "", "juergen.weiss@weiss-consulting.example"),
                ("EMAIL", "", "jw@privat.example"),
                ("TEL", "TYPE=cell", "+49 172 5550100"),
                ("TEL", "TYPE=work", "+49 211 5550100"),
                ("TEL", "TYPE=work,fax", "+49 211 5550199"),
                (
                    "ADR",
                    "TYPE=work",
                    ";;Königsallee 1\\n3. OG;Düsseldorf;;40212;Deutschland",
                ),
                ("URL", "", "https://weiss-consulting.example"),
                ("RELATED", "VALUE=text;TYPE=spouse", "Marie Weiß"),
                ("X-OUTLOOK-BILLING-INFORMATION", "", "Rechnung an Zentrale"),
            ],
        );
        // "0/0/00", "Normal", "False", "Unspecified", "SMTP" and generated display names are Outlook's
        // way of saying nothing.
        assert!(
            juergen
                .properties
                .iter()
                .all(|p| !p.name.starts_with("X-OUTLOOK-")
                    || p.name == "X-OUTLOOK-BILLING-INFORMATION"),
            "{:#?}",
            juergen.properties
        );
        assert_eq!(renee.name, "Renée Lefèvre");
        assert_eq!(renee.birthday, None);
        assert!(has(
            renee,
            "ADR",
            "TYPE=home",
            ";;8\\, place Bellecour;Lyon;;69002;Frankreich"
        ));
        assert_eq!(zoe.name, "Zoë Šimková");
        assert_eq!(
            zoe.phone.as_deref(),
            Some("+420 5 5550 1234"),
            "the primary phone"
        );
        assert!(has(zoe, "TEL", "PREF=1", "+420 5 5550 1234"));
        assert_eq!(zoe.birthday, NaiveDate::from_ymd_opt(1984, 5, 13));
        assert!(has(zoe, "item1.RELATED", "VALUE=text", "Pavel Novák"));
        assert!(has(zoe, "item1.X-ABLABEL", "", "Manager"));
    }

    #[test]
    fn a_german_outlook_reads_by_its_german_header_names() {
        let text = "\"Anrede\",\"Vorname\",\"Nachname\",\"Firma\",\"Position\",\"Stra\u{df}e gesch\u{e4}ftlich\",\"Ort gesch\u{e4}ftlich\",\"Mobiltelefon\",\"Telefon gesch\u{e4}ftlich\",\"E-Mail-Adresse\",\"E-Mail-Typ\",\"E-Mail: Angezeigter Name\",\"Geburtstag\",\"Kategorien\",\"Geschlecht\",\"Priorit\u{e4}t\",\"Privat\",\"Reisekilometer\"\r\n\
                    \"Frau\",\"Anna\",\"Weber\",\"Weber AG\",\"Vorstand\",\"Hafenstra\u{df}e 1\",\"Hamburg\",\"+49 171 5550101\",\"+49 40 5550100\",\"anna@weber.example\",\"SMTP\",\"Anna Weber (anna@weber.example)\",\"14.03.1979\",\"Kunde\",\"Nicht angegeben\",\"Normal\",\"Aus\",\"120 km\"\r\n";
        let encoded = encoding_rs::WINDOWS_1252.encode(text).0;
        assert_eq!(
            crate::transfer::csv_contacts::csv_kind(&encoded[..]).expect("reads"),
            Some(crate::transfer::csv_contacts::CsvKind::Outlook)
        );
        let cards = outlook(&encoded[..])
            .expect("header")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        let anna = &cards[0];
        assert_eq!(anna.name, "Anna Weber");
        assert_eq!(anna.role.as_deref(), Some("Vorstand"));
        assert_eq!(anna.email.as_deref(), Some("anna@weber.example"));
        assert_eq!(anna.phone.as_deref(), Some("+49 171 5550101"));
        assert_eq!(anna.birthday, NaiveDate::from_ymd_opt(1979, 3, 14));
        assert_eq!(anna.tags, ["Kunde"]);
        assert_kept(
            anna,
            &[
                ("N", "", "Weber;Anna;;Frau;"),
                ("ADR", "TYPE=work", ";;Hafenstraße 1;Hamburg;;;"),
                ("TEL", "TYPE=work", "+49 40 5550100"),
                ("X-OUTLOOK-REISEKILOMETER", "", "120 km"),
            ],
        );
        assert_eq!(anna.properties.len(), 6, "{:#?}", anna.properties);
    }

    #[test]
    fn a_birthday_that_is_no_date_is_kept_as_text() {
        let text = "\"First Name\",\"Last Name\",\"Birthday\",\"E-mail Address\"\r\n\"Anna\",\"Weber\",\"im Frühjahr\",\"\"\r\n";
        let cards = outlook(text.as_bytes())
            .expect("header")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        assert_eq!(cards[0].birthday, None);
        assert!(has(&cards[0], "BDAY", "VALUE=text", "im Frühjahr"));
    }
}
