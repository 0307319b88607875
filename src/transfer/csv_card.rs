//! The card one row of a Google Contacts or Outlook CSV export becomes (see [`super::csv_contacts`]):
//! the fields rapport has, and every other non-empty column as a vCard property kept with the contact.

use super::csv_contacts::{Column, Kind, NamePart, Part};
use super::vcard::{Card, Nameless, escape};
use crate::domain::model::CardProperty;
use crate::text::fold;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The parts of the `n`th labelled thing of a kind, as the row gives them.
#[derive(Debug, Default)]
struct Slot {
    label: Option<String>,
    service: Option<String>,
    values: Vec<String>,
    formatted: Option<String>,
    address: [Vec<String>; 7],
}

/// What a row says about a person, column by column, before it becomes a card.
#[derive(Debug, Default)]
pub(crate) struct Person {
    names: [Option<String>; 6],
    nicknames: Vec<String>,
    company: Option<String>,
    department: Option<String>,
    title: Option<String>,
    birthday: Option<String>,
    notes: Vec<String>,
    tags: Vec<String>,
    photo: Option<String>,
    slots: BTreeMap<(Kind, u32), Slot>,
    own: Vec<CardProperty>,
}

fn name_index(part: NamePart) -> usize {
    match part {
        NamePart::Family => 0,
        NamePart::Given => 1,
        NamePart::Additional => 2,
        NamePart::Prefix => 3,
        NamePart::Suffix => 4,
        NamePart::Full => 5,
    }
}

fn property(name: &str, params: &str, value: &str) -> CardProperty {
    CardProperty {
        name: name.to_string(),
        params: params.to_string(),
        value: value.to_string(),
    }
}

impl Person {
    /// Takes one non-empty value of a column.
    pub(crate) fn add(&mut self, column: &Column, value: String, tag_separator: &str) {
        match column {
            Column::Name(part) => self.names[name_index(*part)] = Some(value),
            Column::Nickname => self.nicknames.push(value),
            Column::Company => self.company = Some(value),
            Column::Department => self.department = Some(value),
            Column::Title => self.title = Some(value),
            Column::Birthday => self.birthday = Some(value),
            Column::Notes => self.notes.push(value),
            Column::Tags => self.add_tags(&value, tag_separator),
            Column::Photo => self.photo = Some(value),
            Column::Slot {
                kind,
                n,
                part,
                label,
            } => {
                let slot = self.slots.entry((*kind, *n)).or_default();
                if let Some(label) = label {
                    slot.label.get_or_insert_with(|| (*label).to_string());
                }
                match part {
                    Part::Label => slot.label = Some(value),
                    Part::Service => slot.service = Some(value),
                    Part::Formatted => slot.formatted = Some(value),
                    Part::Address(i) => slot.address[*i].push(value),
                    Part::Value => slot.values.extend(
                        value
                            .split(" ::: ")
                            .map(str::trim)
                            .filter(|v| !v.is_empty())
                            .map(str::to_string),
                    ),
                }
            }
            Column::Property(name) => self.own.push(property(name, "", &escape(&value))),
            Column::Other(name) => self.own.push(property(name, "", &escape(&value))),
        }
    }

    /// Google's labels (`* myContacts ::: Kunden`: the star marks Google's own groups, of which
    /// "myContacts" is everyone's) and Outlook's categories, each once in any spelling.
    fn add_tags(&mut self, value: &str, separator: &str) {
        for tag in value.split(separator) {
            let tag = tag.trim();
            let tag = tag.strip_prefix('*').map_or(tag, str::trim_start);
            if tag.is_empty()
                || tag.eq_ignore_ascii_case("myContacts")
                || self.tags.iter().any(|t| fold(t) == fold(tag))
            {
                continue;
            }
            self.tags.push(tag.to_string());
        }
    }
}

/// A label's `TYPE` when it is a vCard type (`Work`, `Mobile`, `Work Fax`, `Spouse`), else `None`
/// (the label is kept as Apple's `X-ABLABEL`, as written).
fn vcard_type(kind: Kind, label: &str) -> Option<String> {
    const TYPES: &[&str] = &[
        "home",
        "work",
        "other",
        "cell",
        "fax",
        "pager",
        "voice",
        "text",
        "video",
        "textphone",
        "car",
        "isdn",
        "pref",
    ];
    const RELATED: &[&str] = &[
        "contact",
        "acquaintance",
        "friend",
        "met",
        "co-worker",
        "colleague",
        "co-resident",
        "neighbor",
        "child",
        "parent",
        "sibling",
        "spouse",
        "kin",
        "muse",
        "crush",
        "date",
        "sweetheart",
        "me",
        "agent",
        "emergency",
    ];
    let lower = label.trim().to_lowercase();
    let mapped = match (kind, lower.as_str()) {
        (Kind::Event | Kind::Custom, _) => return None,
        (Kind::Phone, "mobile") => "cell",
        (Kind::Phone, "work fax" | "business fax") => "work,fax",
        (Kind::Phone, "home fax") => "home,fax",
        (Kind::Relation, "mother" | "father") => "parent",
        (Kind::Relation, "brother" | "sister") => "sibling",
        (Kind::Relation, "relative") => "kin",
        (Kind::Relation, l) => RELATED.iter().find(|t| **t == l)?,
        (_, l) => l,
    };
    mapped
        .split(',')
        .all(|t| TYPES.contains(&t) || (kind == Kind::Relation && RELATED.contains(&t)))
        .then(|| mapped.to_string())
}

/// The properties a card is made of, with Apple's `itemN.` groups for labels that are no type.
#[derive(Default)]
struct Properties {
    list: Vec<CardProperty>,
    groups: usize,
}

impl Properties {
    /// Adds `name` with its parameters and the label (as `TYPE`, or as a grouped `X-ABLABEL`).
    fn labeled(
        &mut self,
        kind: Kind,
        name: &str,
        params: &[String],
        label: Option<&str>,
        value: &str,
    ) {
        let mut params = params.to_vec();
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        let mut group_label = None;
        if let Some(label) = label {
            match vcard_type(kind, label) {
                Some(types) => params.push(format!("TYPE={types}")),
                None => group_label = Some(label),
            }
        }
        let name = match group_label {
            Some(_) => {
                self.groups += 1;
                format!("item{}.{name}", self.groups)
            }
            None => name.to_string(),
        };
        self.list.push(property(&name, &params.join(";"), value));
        if let Some(label) = group_label {
            let group = name.split('.').next().unwrap_or_default();
            self.list
                .push(property(&format!("{group}.X-ABLABEL"), "", &escape(label)));
        }
    }
}

/// A label's text without Google's star, and whether the star marked it preferred.
fn starred(label: Option<&str>) -> (Option<&str>, bool) {
    match label.map(str::trim) {
        // Outlook's "Primary Phone".
        Some("pref") => (None, true),
        Some(l) if l.starts_with('*') => (Some(l[1..].trim()).filter(|l| !l.is_empty()), true),
        other => (other, false),
    }
}

/// `IMPP`'s value: the handle as a URI of the service's scheme when it has a well-known one.
fn im_uri(service: Option<&str>, handle: &str) -> String {
    let scheme = match service.map(str::to_lowercase).as_deref() {
        Some("skype") => "skype",
        Some("google talk" | "hangouts" | "jabber" | "xmpp") => "xmpp",
        Some("aim") => "aim",
        Some("yahoo") => "ymsgr",
        Some("msn") => "msnim",
        Some("icq") => "icq",
        _ => return escape(handle),
    };
    if handle.contains(':') {
        escape(handle)
    } else {
        format!("{scheme}:{}", escape(handle))
    }
}

/// A date as Google (`1975-05-13`, `--05-13` without a year) or Outlook (`5/13/1975` in English,
/// `13.05.1975` in German) writes it; a birthday without a year gets [`super::vcard::NO_YEAR`].
pub(crate) fn parse_day(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if let Some(rest) = value.strip_prefix("--") {
        let (month, day) = rest.split_once('-').or_else(|| rest.split_at_checked(2))?;
        return NaiveDate::from_ymd_opt(
            super::vcard::NO_YEAR,
            month.parse().ok()?,
            day.parse().ok()?,
        );
    }
    ["%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(value, f).ok())
}

impl Person {
    /// The card the row describes, or what names it when it has nothing to name it by.
    pub(crate) fn into_card(mut self, line: usize) -> Result<Card, Nameless> {
        let mut out = Properties::default();
        let [family, given, additional, prefix, suffix, full] = std::mem::take(&mut self.names);
        let parts = [&family, &given, &additional, &prefix, &suffix];
        if parts.iter().any(|p| p.is_some()) {
            let value: Vec<String> = parts
                .iter()
                .map(|p| escape(p.as_deref().unwrap_or_default()))
                .collect();
            out.list.push(property("N", "", &value.join(";")));
        }
        if let Some(department) = &self.department {
            let company = escape(self.company.as_deref().unwrap_or_default());
            out.list.push(property(
                "ORG",
                "",
                &format!("{company};{}", escape(department)),
            ));
        }
        for nickname in &self.nicknames {
            out.list.push(property("NICKNAME", "", &escape(nickname)));
        }
        let (email, phone) = self.reachable(&mut out);
        self.other_slots(&mut out);
        let birthday = match self.birthday.as_deref().map(|b| (b, parse_day(b))) {
            Some((_, Some(day))) => Some(day),
            Some((text, None)) => {
                out.list.push(property("BDAY", "VALUE=text", &escape(text)));
                None
            }
            None => None,
        };
        if let Some(photo) = &self.photo {
            out.list.push(property("PHOTO", "VALUE=uri", photo));
        }
        out.list.append(&mut self.own);
        let words: Vec<&str> = [&given, &additional, &family]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        // As a vCard is named: the full name, the name's parts, the first nickname, the company,
        // the email; one that reads as a contact id (`#2`) gives way to the next.
        let names = [
            full,
            (!words.is_empty()).then(|| words.join(" ")),
            self.nicknames.first().cloned(),
            self.company.clone(),
            email.clone(),
        ];
        let name = names
            .into_iter()
            .flatten()
            .map(|n| super::vcard::single_line(&n))
            .find(|n| crate::domain::model::name_problem(n).is_none());
        let Some(name) = name else {
            return Err(Nameless {
                line,
                phone: phone.is_some(),
            });
        };
        let notes = self.notes.join("\n\n");
        Ok(Card {
            name,
            company: self.company,
            role: self.title,
            email,
            phone,
            birthday,
            tags: self.tags,
            notes: (!notes.is_empty()).then_some(notes),
            address_form: None,
            salutation: None,
            tier: None,
            cadence_days: None,
            met_on: None,
            properties: out.list,
            line,
            ..Card::default()
        })
    }

    /// Every email and phone as `EMAIL`/`TEL`, and the preferred (else first) of each.
    fn reachable(&self, out: &mut Properties) -> (Option<String>, Option<String>) {
        let mut found = [None, None];
        for (kind, name, at) in [(Kind::Email, "EMAIL", 0), (Kind::Phone, "TEL", 1)] {
            let mut first = None;
            let mut preferred = None;
            for ((_, _), slot) in self.slots.range((kind, 0)..=(kind, u32::MAX)) {
                let (label, pref) = starred(slot.label.as_deref());
                for value in &slot.values {
                    let params = if pref {
                        vec!["PREF=1".to_string()]
                    } else {
                        Vec::new()
                    };
                    out.labeled(kind, name, &params, label, &escape(value));
                    first.get_or_insert_with(|| value.clone());
                    if pref {
                        preferred.get_or_insert_with(|| value.clone());
                    }
                }
            }
            found[at] = preferred.or(first);
        }
        let [email, phone] = found;
        (email, phone)
    }

    /// Addresses, websites, relations, events, IM handles and custom fields as properties.
    fn other_slots(&self, out: &mut Properties) {
        for (&(kind, _), slot) in &self.slots {
            let (label, _) = starred(slot.label.as_deref());
            match kind {
                Kind::Email | Kind::Phone => {}
                Kind::Address => {
                    let mut parts = slot.address.clone().map(|lines| lines.join("\n"));
                    if parts.iter().all(String::is_empty) {
                        match &slot.formatted {
                            Some(formatted) => parts[2].clone_from(formatted),
                            None => continue,
                        }
                    }
                    let value: Vec<String> = parts.iter().map(|p| escape(p)).collect();
                    out.labeled(kind, "ADR", &[], label, &value.join(";"));
                }
                Kind::Website => {
                    for value in &slot.values {
                        out.labeled(kind, "URL", &[], label, &escape(value));
                    }
                }
                Kind::Relation => {
                    for value in &slot.values {
                        let text = ["VALUE=text".to_string()];
                        out.labeled(kind, "RELATED", &text, label, &escape(value));
                    }
                }
                Kind::Event => self.event(slot, label, out),
                Kind::Im => {
                    let service = slot.service.as_deref();
                    let params: Vec<String> = service
                        .map(|s| format!("X-SERVICE-TYPE={}", param_value(s)))
                        .into_iter()
                        .collect();
                    for value in &slot.values {
                        out.labeled(kind, "IMPP", &params, label, &im_uri(service, value));
                    }
                }
                Kind::Custom => {
                    for value in &slot.values {
                        out.labeled(
                            kind,
                            "X-CUSTOM-FIELD",
                            &[],
                            label.or(Some("Custom")),
                            &escape(value),
                        );
                    }
                }
            }
        }
    }

    /// An event: the anniversary as `ANNIVERSARY`, any other as Apple's `X-ABDATE` with its label.
    fn event(&self, slot: &Slot, label: Option<&str>, out: &mut Properties) {
        for value in &slot.values {
            let date = parse_day(value).map_or_else(|| escape(value), vcard_date);
            if label.is_some_and(|l| l.eq_ignore_ascii_case("anniversary")) {
                out.list.push(property("ANNIVERSARY", "", &date));
            } else {
                out.labeled(Kind::Event, "X-ABDATE", &[], label.or(Some("Other")), &date);
            }
        }
    }
}

/// A date as vCard writes it: `2005-06-18`, or `--0618` without a year.
fn vcard_date(day: NaiveDate) -> String {
    let format = if day.year() == super::vcard::NO_YEAR {
        "--%m%d"
    } else {
        "%Y-%m-%d"
    };
    day.format(format).to_string()
}

/// A parameter value, quoted when it holds a character that ends one.
fn param_value(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    if text.contains([';', ':', ',']) {
        format!("\"{text}\"")
    } else {
        text
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Whether the card keeps this property.
    pub(crate) fn has(card: &Card, name: &str, params: &str, value: &str) -> bool {
        card.properties.contains(&property(name, params, value))
    }

    /// Asserts that the card keeps each of these properties (name, parameters, value).
    pub(crate) fn assert_kept(card: &Card, expected: &[(&str, &str, &str)]) {
        for (name, params, value) in expected {
            assert!(
                has(card, name, params, value),
                "{name};{params}:{value} in {:#?}",
                card.properties
            );
        }
    }

    #[test]
    fn labels_become_types_only_when_vcard_has_them() {
        assert_eq!(vcard_type(Kind::Phone, "Mobile").as_deref(), Some("cell"));
        assert_eq!(
            vcard_type(Kind::Phone, "Work Fax").as_deref(),
            Some("work,fax")
        );
        assert_eq!(vcard_type(Kind::Email, " Home ").as_deref(), Some("home"));
        assert_eq!(
            vcard_type(Kind::Relation, "Mother").as_deref(),
            Some("parent")
        );
        for (kind, label) in [
            (Kind::Phone, "Büro"),
            (Kind::Phone, "Google Voice"),
            (Kind::Website, "Blog"),
            (Kind::Relation, "Manager"),
            (Kind::Custom, "work"),
            (Kind::Event, "home"),
        ] {
            assert_eq!(vcard_type(kind, label), None, "{label}");
        }
    }

    #[test]
    fn events_keep_their_dates_with_or_without_a_year() {
        let mut person = Person::default();
        let event = |n, part| Column::Slot {
            kind: Kind::Event,
            n,
            part,
            label: None,
        };
        person.add(&Column::Name(NamePart::Given), "Anna".into(), ";");
        person.add(&event(1, Part::Label), "Anniversary".into(), ";");
        person.add(&event(1, Part::Value), "--06-18".into(), ";");
        person.add(&event(2, Part::Value), "2019-09-01".into(), ";");
        person.add(&event(3, Part::Label), "Gründung".into(), ";");
        person.add(&event(3, Part::Value), "im Mai".into(), ";");
        let card = person.into_card(2).expect("named");
        assert_kept(
            &card,
            &[
                ("ANNIVERSARY", "", "--0618"),
                ("item1.X-ABDATE", "", "2019-09-01"),
                ("item1.X-ABLABEL", "", "Other"),
                ("item2.X-ABDATE", "", "im Mai"),
                ("item2.X-ABLABEL", "", "Gründung"),
            ],
        );
    }

    #[test]
    fn dates_of_both_products() {
        let day = NaiveDate::from_ymd_opt;
        assert_eq!(parse_day("1979-03-14"), day(1979, 3, 14));
        assert_eq!(
            parse_day("--07-14"),
            day(super::super::vcard::NO_YEAR, 7, 14)
        );
        assert_eq!(
            parse_day("--0229"),
            day(super::super::vcard::NO_YEAR, 2, 29)
        );
        assert_eq!(parse_day("4/23/1970"), day(1970, 4, 23));
        assert_eq!(parse_day("13.05.1984"), day(1984, 5, 13));
        assert_eq!(parse_day("0/0/00"), None);
        assert_eq!(parse_day("--13-01"), None);
    }

    #[test]
    fn a_name_that_reads_as_an_id_gives_way_to_the_nickname_company_or_email() {
        let named = |columns: &[(Column, &str)]| {
            let mut person = Person::default();
            for (column, value) in columns {
                person.add(column, (*value).into(), ";");
            }
            person.into_card(2).map(|c| c.name).ok()
        };
        let full = Column::Name(NamePart::Full);
        assert_eq!(
            named(&[(full.clone(), "#2"), (Column::Company, "Anker")]).as_deref(),
            Some("Anker")
        );
        assert_eq!(
            named(&[
                (full.clone(), "7"),
                (Column::Nickname, "Big Joey"),
                (Column::Company, "Anker")
            ])
            .as_deref(),
            Some("Big Joey")
        );
        assert_eq!(named(&[(full, "3")]), None, "skipped as nameless");
    }
}
