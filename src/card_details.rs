//! What a person reads of a contact's kept card properties ([`CardProperty`]): further emails and
//! phones, postal addresses, web addresses, nicknames, messengers, related people and dates, each
//! with a label from its `TYPE` or Apple's `X-ABLABEL`, the value as plain text. Shared by the
//! contact page and `contact show`; the rows themselves stay as read (they are given back on export).

use crate::domain::model::{CardProperty, Contact};
use crate::i18n::{lookup, t, tr};
use crate::transfer::vcard::unescape;
use values::{Params, address_lines, address_parts, date_text, impp, list, without_scheme};

/// What a detail is, for its label and for grouping in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailKind {
    /// A further email address.
    Email,
    /// A further phone number.
    Phone,
    /// A postal address.
    Address,
    /// A web address (homepage, profile page).
    Web,
    /// A nickname.
    Nickname,
    /// A messenger or social profile handle.
    Messenger,
    /// A related person (spouse, assistant, …).
    Related,
    /// An anniversary or another date.
    Date,
    /// A birthday that is not a date (`BDAY;VALUE=text`).
    Birthday,
    /// Anything else the card said that a person may want to read.
    Other,
}

impl DetailKind {
    /// The stable word for scripts: the key in `contact show --json` and of the catalogue's label.
    pub fn as_str(self) -> &'static str {
        match self {
            DetailKind::Email => "emails",
            DetailKind::Phone => "phones",
            DetailKind::Address => "addresses",
            DetailKind::Web => "urls",
            DetailKind::Nickname => "nicknames",
            DetailKind::Messenger => "messengers",
            DetailKind::Related => "related",
            DetailKind::Date => "dates",
            DetailKind::Birthday => "birthdays",
            DetailKind::Other => "other",
        }
    }

    /// Every kind, in the order the page shows them.
    pub const ALL: [DetailKind; 10] = [
        DetailKind::Email,
        DetailKind::Phone,
        DetailKind::Address,
        DetailKind::Web,
        DetailKind::Nickname,
        DetailKind::Messenger,
        DetailKind::Related,
        DetailKind::Date,
        DetailKind::Birthday,
        DetailKind::Other,
    ];

    /// The kind's name in the user's language ("Phone", "Anschrift").
    pub fn word(self) -> &'static str {
        t(match self {
            DetailKind::Email => "card.kind.emails",
            DetailKind::Phone => "card.kind.phones",
            DetailKind::Address => "card.kind.addresses",
            DetailKind::Web => "card.kind.urls",
            DetailKind::Nickname => "card.kind.nicknames",
            DetailKind::Messenger => "card.kind.messengers",
            DetailKind::Related => "card.kind.related",
            DetailKind::Date => "card.kind.dates",
            DetailKind::Birthday => "card.kind.birthdays",
            DetailKind::Other => "card.kind.other",
        })
    }
}

/// One thing the card says, ready to read: not yet sanitised for a terminal (the caller does that).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// What it is.
    pub kind: DetailKind,
    /// Its label in the user's language ("work", "mobile", "privat"), when the card gave one.
    pub label: Option<String>,
    /// The words the label is made of, as the card wrote them (lower-case types such as `cell`,
    /// `work`; an Apple label cleaned of `_$!<…>!$_`), for scripts.
    pub types: Vec<String>,
    /// The value as plain text, one entry per line (an address has several).
    pub lines: Vec<String>,
    /// An address's seven parts (post box, extended, street, locality, region, postal code,
    /// country), unescaped; empty for other kinds.
    pub parts: Vec<String>,
}

impl Detail {
    /// The kind and the label together: "Phone (mobile)", or just "Phone".
    pub fn heading(&self) -> String {
        match &self.label {
            Some(label) => format!("{} ({label})", self.kind.word()),
            None => self.kind.word().to_string(),
        }
    }
}

/// The details of one contact's card, and what is kept from it without being shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardDetails {
    /// The details to show, grouped by kind in [`DetailKind::ALL`] order, the card's order within.
    pub details: Vec<Detail>,
    /// The card has a photo or logo (kept, not shown).
    pub photo: bool,
    /// Further kept properties that are not shown (keys, sounds, other apps' bookkeeping).
    pub more: usize,
}

impl CardDetails {
    /// True when there is nothing to show or mention.
    pub fn is_empty(&self) -> bool {
        self.details.is_empty() && !self.photo && self.more == 0
    }

    /// The details of one kind.
    pub fn of(&self, kind: DetailKind) -> impl Iterator<Item = &Detail> {
        self.details.iter().filter(move |d| d.kind == kind)
    }

    /// The details as rows for a two-column view: a detail's heading on its first line, blank on
    /// the lines that continue it; then a note for the photo and one for the fields kept unshown,
    /// when there are such. Not yet sanitised.
    pub fn rows(&self) -> Vec<CardRow> {
        let mut rows = Vec::new();
        for detail in &self.details {
            for (i, line) in detail.lines.iter().enumerate() {
                rows.push(CardRow {
                    heading: if i == 0 {
                        detail.heading()
                    } else {
                        String::new()
                    },
                    value: line.clone(),
                    note: false,
                });
            }
        }
        let note = |value: String| CardRow {
            heading: String::new(),
            value,
            note: true,
        };
        if self.photo {
            rows.push(note(t("card.photo_kept").to_string()));
        }
        if self.more > 0 {
            rows.push(note(tr("card.more_kept", &[("n", &self.more)])));
        }
        rows
    }
}

/// One line of the card's details as shown: heading (blank on continued lines) and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRow {
    /// "Phone (mobile)" on a detail's first line, empty below it.
    pub heading: String,
    /// One line of the value.
    pub value: String,
    /// A closing note about what is kept but not shown, rather than a detail.
    pub note: bool,
}

/// Properties that hold what rapport shows elsewhere (the name, the company) or that no person
/// reads (identifiers, other apps' bookkeeping); they are kept for export but neither shown nor
/// counted.
const SILENT: &[&str] = &[
    "N",
    "ORG",
    "UID",
    "X-ABLABEL",
    "X-ABUID",
    "X-ABSHOWAS",
    "X-ABADR",
    "X-ABPERSONFLAGS",
    "CLIENTPIDMAP",
    "SORT-STRING",
    "KIND",
    "X-MS-OL-DEFAULT-POSTAL-ADDRESS",
    "X-MS-OL-DESIGN",
];

/// Prefixes of other apps' bookkeeping, and of rapport's own (`X-RAPPORT-LINKEDIN-SEEN`), not shown.
const SILENT_PREFIXES: &[&str] = &[
    "X-EVOLUTION-",
    "X-MOZILLA-",
    "X-APPLE-",
    "X-RADICALE-",
    "X-RAPPORT-",
];

/// Pictures of the person or their company.
const PICTURES: &[&str] = &["PHOTO", "LOGO", "X-MS-CARDPICTURE"];

/// Kept but not readable as text: counted as "more fields".
const UNREAD: &[&str] = &["SOUND", "KEY", "LABEL"];

/// Messenger properties of the vCard 3 era, with the service they name.
const MESSENGERS: &[(&str, &str)] = &[
    ("X-AIM", "AIM"),
    ("X-ICQ", "ICQ"),
    ("X-JABBER", "Jabber"),
    ("X-MSN", "MSN"),
    ("X-YAHOO", "Yahoo"),
    ("X-SKYPE", "Skype"),
    ("X-SKYPE-USERNAME", "Skype"),
    ("X-GOOGLE-TALK", "Google Talk"),
    ("X-GTALK", "Google Talk"),
    ("X-TWITTER", "Twitter"),
    ("X-QQ", "QQ"),
    ("X-MS-IMADDRESS", ""),
];

/// The details of `contact`'s kept card `rows`; the primary email and phone are not repeated.
pub fn card_details(contact: &Contact, rows: &[CardProperty]) -> CardDetails {
    let mut out = CardDetails::default();
    for row in rows {
        let (group, name) = split_name(&row.name);
        let name = name.to_ascii_uppercase();
        if PICTURES.contains(&name.as_str()) {
            out.photo = true;
        } else if UNREAD.contains(&name.as_str()) {
            out.more += 1;
        } else if !is_silent(&name) {
            out.details.extend(detail(contact, row, &name, group, rows));
        }
    }
    // Stable: the card's order within each kind.
    out.details
        .sort_by_key(|d| DetailKind::ALL.iter().position(|k| *k == d.kind));
    out
}

fn is_silent(name: &str) -> bool {
    SILENT.contains(&name) || SILENT_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// `item1.EMAIL` → (Some("item1"), "EMAIL").
fn split_name(name: &str) -> (Option<&str>, &str) {
    match name.split_once('.') {
        Some((group, name)) => (Some(group), name),
        None => (None, name),
    }
}

/// The detail one row makes, or None when it repeats the primary email or phone or is empty.
fn detail(
    contact: &Contact,
    row: &CardProperty,
    name: &str,
    group: Option<&str>,
    rows: &[CardProperty],
) -> Option<Detail> {
    let params = Params::parse(&row.params);
    let apple: Vec<String> = group
        .and_then(|g| apple_label(g, rows))
        .into_iter()
        .collect();
    let mut types = if apple.is_empty() {
        params.types()
    } else {
        apple.clone()
    };
    let value = unescape(&row.value);
    let (kind, lines) = match name {
        "EMAIL" => (
            DetailKind::Email,
            vec![further(contact, DetailKind::Email, &value)?],
        ),
        "TEL" => (
            DetailKind::Phone,
            vec![further(contact, DetailKind::Phone, &value)?],
        ),
        "ADR" => (DetailKind::Address, address_lines(&row.value)),
        "URL" => (DetailKind::Web, vec![value]),
        "NICKNAME" => (DetailKind::Nickname, vec![list(&row.value)]),
        "IMPP" => {
            // The service says more than home or work.
            let (scheme, handle) = impp(&value);
            let service = params.get("X-SERVICE-TYPE").or(scheme);
            types = apple.into_iter().chain(service).take(1).collect();
            (DetailKind::Messenger, vec![handle])
        }
        "X-SOCIALPROFILE" => (DetailKind::Messenger, vec![value]),
        "RELATED" | "X-ABRELATEDNAMES" => (DetailKind::Related, vec![value]),
        "X-MS-SPOUSE" | "X-MS-MANAGER" | "X-MS-ASSISTANT" => {
            types = vec![name.trim_start_matches("X-MS-").to_lowercase()];
            (DetailKind::Related, vec![value])
        }
        "ANNIVERSARY" | "X-ANNIVERSARY" | "X-MS-ANNIVERSARY" | "X-ABDATE" => {
            if name != "X-ABDATE" {
                types = vec!["anniversary".to_string()];
            }
            (DetailKind::Date, vec![date_text(&value)])
        }
        "BDAY" => (DetailKind::Birthday, vec![date_text(&value)]),
        other => unmapped(other, value, &mut types),
    };
    let lines: Vec<String> = lines
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let parts = if kind == DetailKind::Address {
        address_parts(&row.value)
    } else {
        Vec::new()
    };
    (!lines.is_empty()).then(|| Detail {
        kind,
        label: label(&types),
        types,
        lines,
        parts,
    })
}

/// A further email or phone without its URI scheme, or None when it is the contact's own (an email
/// in any case).
fn further(contact: &Contact, kind: DetailKind, value: &str) -> Option<String> {
    let (scheme, own) = match kind {
        DetailKind::Email => ("mailto:", contact.email.as_deref()),
        _ => ("tel:", contact.phone.as_deref()),
    };
    let value = without_scheme(value, scheme);
    let same = own.map(str::trim).is_some_and(|own| {
        own == value || (kind == DetailKind::Email && own.eq_ignore_ascii_case(&value))
    });
    (!same).then_some(value)
}

/// A property rapport has no meaning for: an old-style messenger (`X-SKYPE`), or another detail
/// labelled with its name (`X-PHONETIC-FIRST-NAME` → "phonetic first name").
fn unmapped(name: &str, value: String, types: &mut Vec<String>) -> (DetailKind, Vec<String>) {
    match MESSENGERS.iter().find(|(n, _)| *n == name) {
        Some((_, service)) => {
            if types.is_empty() && !service.is_empty() {
                *types = vec![(*service).to_string()];
            }
            (DetailKind::Messenger, vec![value])
        }
        None => {
            *types = vec![property_word(name)];
            (DetailKind::Other, vec![value])
        }
    }
}

/// The words of a label in the user's language where the catalogue knows them, joined: "home, fax".
fn label(types: &[String]) -> Option<String> {
    let words: Vec<String> = types
        .iter()
        .map(|w| type_word(w).unwrap_or_else(|| w.clone()))
        .collect();
    (!words.is_empty()).then(|| words.join(", "))
}

/// The cleaned label of Apple's `itemN.X-ABLABEL` of the same group, if any.
fn apple_label(group: &str, rows: &[CardProperty]) -> Option<String> {
    rows.iter().find_map(|r| match split_name(&r.name) {
        (Some(g), name)
            if g.eq_ignore_ascii_case(group) && name.eq_ignore_ascii_case("X-ABLABEL") =>
        {
            // Apple's own labels (`_$!<HomeFAX>!$_`) are types, lower-case; a label the user
            // typed stays as written.
            let text = unescape(&r.value);
            let text = text.trim();
            let cleaned = match text
                .strip_prefix("_$!<")
                .and_then(|t| t.strip_suffix(">!$_"))
            {
                Some(standard) => standard.trim().to_lowercase(),
                None => text.to_string(),
            };
            (!cleaned.is_empty()).then_some(cleaned)
        }
        _ => None,
    })
}

/// A standard type's word in the user's language (`cell` → "mobile"), when the catalogue knows it.
fn type_word(word: &str) -> Option<String> {
    let key: String = word
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if key.is_empty() {
        return None;
    }
    lookup(&format!("card.type.{key}")).map(str::to_string)
}

/// A property name a person can read: `X-PHONETIC-FIRST-NAME` → "phonetic first name".
fn property_word(name: &str) -> String {
    name.trim_start_matches("X-")
        .replace('-', " ")
        .to_lowercase()
}

mod values;

#[cfg(test)]
mod tests;
