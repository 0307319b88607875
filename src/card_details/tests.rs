//! Rows in the shapes real address books write (Apple, Google, Outlook, vCard 2.1), and what a
//! person reads of them.

use super::DetailKind::{
    Address, Birthday, Date, Email, Messenger, Nickname, Other, Phone, Related, Web,
};
use super::*;

/// One row from a card line as written: `NAME;PARAMS:VALUE`.
fn row(line: &str) -> CardProperty {
    let mut quoted = false;
    let colon = line
        .char_indices()
        .find(|(_, c)| {
            quoted ^= *c == '"';
            *c == ':' && !quoted
        })
        .map_or(line.len(), |(i, _)| i);
    let (head, value) = (&line[..colon], line.get(colon + 1..).unwrap_or(""));
    let (name, params) = head.split_once(';').unwrap_or((head, ""));
    let (group, base) = split_name(name);
    let name = match group {
        Some(g) => format!("{g}.{}", base.to_ascii_uppercase()),
        None => base.to_ascii_uppercase(),
    };
    CardProperty {
        name,
        params: params.into(),
        value: value.into(),
    }
}

fn contact(email: Option<&str>, phone: Option<&str>) -> Contact {
    let created = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
    let mut c = Contact::new("Anna Weber", created);
    c.email = email.map(str::to_string);
    c.phone = phone.map(str::to_string);
    c
}

type Expected<'a> = (DetailKind, Option<&'a str>, &'a [&'a str]);

struct Case<'a> {
    source: &'a str,
    card: &'a [&'a str],
    details: &'a [Expected<'a>],
    photo: bool,
    more: usize,
}

const PRIMARY_EMAIL: &str = "anna@weber.example";
const PRIMARY_PHONE: &str = "+49 40 555 0100";

const CASES: &[Case<'static>] = &[
    Case {
        source: "Apple Contacts (macOS 14, vCard 3.0)",
        card: &[
            "N:Weber;Anna;;;",
            "ORG:Weber Logistik;Einkauf",
            "item1.EMAIL;type=INTERNET;type=pref:anna@weber.example",
            "EMAIL;type=INTERNET;type=WORK:a.weber@logistik.example",
            "TEL;type=CELL;type=VOICE;type=pref:+49 170 555 0101",
            "TEL;type=MAIN:+49 40 555 0100",
            "item2.TEL:+49 40 555 0199",
            "item2.X-ABLabel:_$!<HomeFAX>!$_",
            "item3.ADR;type=HOME;type=pref:;;Hafenstraße 1\\nHinterhaus;Hamburg;;20457;Deutschland",
            "item3.X-ABADR:de",
            "item4.URL;type=pref:https\\://weber.example",
            "item4.X-ABLabel:_$!<HomePage>!$_",
            "X-SOCIALPROFILE;type=linkedin;x-user=annaweber:https\\://www.linkedin.com/in/annaweber",
            "IMPP;X-SERVICE-TYPE=Skype;type=HOME;type=pref:skype:anna.weber",
            "item5.X-ABRELATEDNAMES;type=pref:Claudia Weber",
            "item5.X-ABLabel:_$!<Spouse>!$_",
            "item6.X-ABDATE;type=pref:2004-05-06",
            "item6.X-ABLabel:_$!<Anniversary>!$_",
            "item7.X-ABDATE:2019-09-01",
            "item7.X-ABLabel:Firmenjubiläum",
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD",
            "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE\\:ABPerson",
            "X-ABShowAs:COMPANY",
            "UID:0e1ac4b2-9c55-4c0a-8a6c-2d1b5e2f7d10",
            // rapport's own bookkeeping (the newest LinkedIn file that set the job) is not shown.
            "X-RAPPORT-LINKEDIN-SEEN:2026-11-27",
        ],
        details: &[
            (Email, Some("work"), &["a.weber@logistik.example"]),
            (Phone, Some("mobile"), &["+49 170 555 0101"]),
            (Phone, Some("home fax"), &["+49 40 555 0199"]),
            (
                Address,
                Some("home"),
                &[
                    "Hafenstraße 1",
                    "Hinterhaus",
                    "20457 Hamburg",
                    "Deutschland",
                ],
            ),
            (Web, Some("homepage"), &["https://weber.example"]),
            (
                Messenger,
                Some("LinkedIn"),
                &["https://www.linkedin.com/in/annaweber"],
            ),
            (Messenger, Some("Skype"), &["anna.weber"]),
            (Related, Some("spouse"), &["Claudia Weber"]),
            (Date, Some("anniversary"), &["2004-05-06"]),
            (Date, Some("Firmenjubiläum"), &["2019-09-01"]),
        ],
        photo: true,
        more: 0,
    },
    Case {
        source: "Google Contacts (vCard 3.0 export)",
        card: &[
            "N:Weber;Anna;;;",
            "EMAIL;TYPE=INTERNET;TYPE=HOME:anna@weber.example",
            "item1.EMAIL;TYPE=INTERNET:anna.private@mail.example",
            "item1.X-ABLabel:Privat",
            "TEL;TYPE=CELL:0170 5550101",
            "ADR;TYPE=WORK:;;Am Sandtorkai 5\\, 3. OG;Hamburg;;20457;DE",
            "item2.URL:http\\://blog.weber.example",
            "item2.X-ABLabel:BLOG",
            "NICKNAME:Annie,Nana",
        ],
        details: &[
            (Email, Some("Privat"), &["anna.private@mail.example"]),
            (Phone, Some("mobile"), &["0170 5550101"]),
            (
                Address,
                Some("work"),
                &["Am Sandtorkai 5, 3. OG", "20457 Hamburg", "DE"],
            ),
            (Web, Some("blog"), &["http://blog.weber.example"]),
            (Nickname, None, &["Annie, Nana"]),
        ],
        photo: false,
        more: 0,
    },
    Case {
        source: "Outlook (vCard 2.1, bare types)",
        card: &[
            "N;LANGUAGE=de:Weber;Anna",
            "TEL;WORK;VOICE:+49 (40) 555-0100",
            "TEL;HOME;VOICE:+49 40 555 0177",
            "TEL;WORK;FAX:+49 40 555 0190",
            "ADR;WORK;PREF:;;Unter den Linden 1;Berlin;;10117;Germany",
            "LABEL;WORK;PREF;ENCODING=QUOTED-PRINTABLE:Unter den Linden 1=0D=0ABerlin",
            "URL;WORK:http://www.weber.example",
            "EMAIL;PREF;INTERNET:ANNA@WEBER.EXAMPLE",
            "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2",
            "X-MS-IMADDRESS:anna@im.weber.example",
            "X-MS-SPOUSE;CHARSET=utf-8:Claudia",
            "X-MS-CARDPICTURE;TYPE=JPEG;ENCODING=BASE64:/9j/4AAQ",
            "BDAY;VALUE=text:circa 1970",
            "ANNIVERSARY:--0612",
        ],
        details: &[
            (Phone, Some("work"), &["+49 (40) 555-0100"]),
            (Phone, Some("home"), &["+49 40 555 0177"]),
            (Phone, Some("work, fax"), &["+49 40 555 0190"]),
            (
                Address,
                Some("work"),
                &["Unter den Linden 1", "10117 Berlin", "Germany"],
            ),
            (Web, Some("work"), &["http://www.weber.example"]),
            (Messenger, None, &["anna@im.weber.example"]),
            (Related, Some("spouse"), &["Claudia"]),
            (Date, Some("anniversary"), &["12.06."]),
            (Birthday, None, &["circa 1970"]),
        ],
        photo: true,
        more: 1,
    },
    Case {
        source: "vCard 4.0 (RFC 6350 examples)",
        card: &[
            "TEL;VALUE=uri;PREF=1;TYPE=\"voice,home\":tel:+49-40-555-0100",
            "TEL;VALUE=uri;TYPE=\"work,cell,voice,video,text\":tel:+1-418-262-6501",
            "EMAIL;TYPE=work:mailto:a.weber@logistik.example",
            "ADR;TYPE=work;LABEL=\"Suite 100\\n123 Main\":;Suite 100;123 Main Street;Any Town;CA;91921-1234;U.S.A.",
            "IMPP;PREF=1:xmpp:anna@jabber.example",
            "RELATED;TYPE=friend;VALUE=text:Jürgen \\\"Jogi\\\" Müller",
            "KEY;MEDIATYPE=application/pgp-keys:https://weber.example/key.asc",
            "GENDER:F",
            "KIND:individual",
            "X-EVOLUTION-FILE-AS:Weber\\, Anna",
        ],
        details: &[
            (Email, Some("work"), &["a.weber@logistik.example"]),
            (Phone, Some("home"), &["+49-40-555-0100"]),
            (
                Phone,
                Some("work, mobile, video, text"),
                &["+1-418-262-6501"],
            ),
            (
                Address,
                Some("work"),
                &[
                    "Suite 100",
                    "123 Main Street",
                    "91921-1234 Any Town, CA",
                    "U.S.A.",
                ],
            ),
            (Messenger, Some("XMPP"), &["anna@jabber.example"]),
            (Related, Some("friend"), &["Jürgen \"Jogi\" Müller"]),
            (Other, Some("gender"), &["F"]),
        ],
        photo: false,
        more: 1,
    },
];

#[test]
fn real_shaped_cards_read_as_a_person_would() {
    let person = contact(Some(PRIMARY_EMAIL), Some(PRIMARY_PHONE));
    for case in CASES {
        let rows: Vec<CardProperty> = case.card.iter().map(|l| row(l)).collect();
        let got = card_details(&person, &rows);
        let shown: Vec<(DetailKind, Option<&str>, Vec<&str>)> = got
            .details
            .iter()
            .map(|d| {
                let lines = d.lines.iter().map(String::as_str).collect();
                (d.kind, d.label.as_deref(), lines)
            })
            .collect();
        let expected: Vec<(DetailKind, Option<&str>, Vec<&str>)> = case
            .details
            .iter()
            .map(|(k, l, v)| (*k, *l, v.to_vec()))
            .collect();
        assert_eq!(shown, expected, "{}", case.source);
        assert_eq!(got.photo, case.photo, "{}: photo", case.source);
        assert_eq!(got.more, case.more, "{}: more fields", case.source);
    }
}

#[test]
fn the_primary_email_and_phone_are_shown_once_and_others_are_not_dropped() {
    let rows = [
        row("EMAIL;TYPE=work:mailto:Anna@Weber.example"),
        row("TEL;TYPE=cell:tel:+49 40 555 0100"),
    ];
    let without = card_details(&contact(None, None), &rows);
    assert_eq!(without.details.len(), 2, "{without:?}");
    assert_eq!(without.details[0].lines, ["Anna@Weber.example"]);
    assert_eq!(without.details[1].lines, ["+49 40 555 0100"]);
    let with = card_details(&contact(Some(PRIMARY_EMAIL), Some(PRIMARY_PHONE)), &rows);
    assert!(with.details.is_empty(), "{with:?}");
}

#[test]
fn empty_and_unknown_rows_say_nothing_odd() {
    let rows = [
        row("ADR;TYPE=home:;;;;;;"),
        row("URL:"),
        row("X-PHONETIC-FIRST-NAME:Ánna"),
        row("TEL;TYPE=x-custom-line:+49 1"),
    ];
    let got = card_details(&contact(None, None), &rows);
    let headings: Vec<String> = got.details.iter().map(Detail::heading).collect();
    assert_eq!(
        headings,
        ["Phone (x-custom-line)", "Other (phonetic first name)"]
    );
    assert!(CardDetails::default().is_empty());
    assert!(!got.is_empty());
}
