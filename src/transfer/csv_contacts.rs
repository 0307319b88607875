//! Address books exported as CSV by Google Contacts and Outlook, read by their header names into
//! address-book cards (imported like vCards, with the same matching). What each column means is in
//! [`super::google_csv`] and [`super::outlook_csv`]; this module reads the rows and builds the cards.
//!
//! Every non-empty column lands somewhere: in a field (name, company, role, email, phone, birthday,
//! notes, tags), in a vCard property kept with the contact (`N`, `ORG` with the department, all
//! `EMAIL`/`TEL` with their `TYPE`, `ADR`, `URL`, `NICKNAME`, `RELATED`, `ANNIVERSARY`, `IMPP`), or,
//! when vCard has no home for it, in an `X-GOOGLE-…`/`X-OUTLOOK-…` property named after the column
//! (upper case, every run of other characters a `-`: "Billing Information" → `X-OUTLOOK-BILLING-INFORMATION`).
//! A label that is not a plain vCard type ("Büro", "Google Voice") groups the property with an Apple
//! `X-ABLABEL` (`item1.TEL` + `item1.X-ABLABEL:Google Voice`), as Apple Contacts writes it.

use super::charset::guess_legacy;
use super::csv_rows::{CsvError, CsvRows, fields_of, text_record};
use super::lines::{Lines, until_error};
use super::vcard::{Card, Nameless, escape};
use crate::domain::model::CardProperty;
use crate::i18n::tr;
use crate::text::fold;
use chrono::NaiveDate;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::rc::Rc;

/// A part of a person's name (the components of vCard's `N`, and the whole name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NamePart {
    /// The name as a whole (Google's old "Name").
    Full,
    /// Family name.
    Family,
    /// Given name.
    Given,
    /// Middle names.
    Additional,
    /// Honorific prefix ("Dr.").
    Prefix,
    /// Honorific suffix ("Jr.").
    Suffix,
}

/// Things a person has several of, each with a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// `EMAIL`.
    Email,
    /// `TEL`.
    Phone,
    /// `ADR`.
    Address,
    /// `URL`.
    Website,
    /// `RELATED` (a name).
    Relation,
    /// `ANNIVERSARY` or Apple's `X-ABDATE`.
    Event,
    /// `IMPP`.
    Im,
    /// A field of the user's own, kept as an `X-` property with its label.
    Custom,
}

/// Which part of a labelled thing a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// Its label ("Work", "* Home": the star marks the preferred one).
    Label,
    /// Its value (Google puts several in one, separated by ` ::: `).
    Value,
    /// The IM service ("Skype").
    Service,
    /// A whole address as one text.
    Formatted,
    /// One of the seven components of `ADR`, by position (PO box, extended, street, city, region,
    /// postal code, country).
    Address(usize),
}

/// What one column of an export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Column {
    /// A part of the name.
    Name(NamePart),
    /// A nickname.
    Nickname,
    /// The company.
    Company,
    /// The department (kept as the second component of `ORG`).
    Department,
    /// The job title (the role).
    Title,
    /// The birthday.
    Birthday,
    /// Notes.
    Notes,
    /// Google's labels, Outlook's categories: the tags.
    Tags,
    /// A photo's address.
    Photo,
    /// A part of the `n`th thing of a kind; `label` is the column's own when its name says it
    /// (Outlook's "Mobile Phone").
    Slot {
        /// What it is.
        kind: Kind,
        /// Which of them (columns with the same kind and number belong together).
        n: u32,
        /// Which part.
        part: Part,
        /// The label the column name gives.
        label: Option<&'static str>,
    },
    /// A property of its own: this vCard name ("X-PHONETIC-FIRST-NAME").
    Property(&'static str),
    /// A column no vCard property is for: kept as this `X-` name.
    Other(String),
}

/// One product's CSV export: how its columns are read.
pub(crate) struct Product {
    /// Its name, for messages ("Google Contacts").
    pub name: &'static str,
    /// What a column holds, by its header name.
    pub column: fn(&str) -> Column,
    /// Whether a header is this product's.
    pub is_header: fn(&[String]) -> bool,
    /// The start of a header, for the message when there is none.
    pub expected: &'static str,
    /// Separates the tags in one value (`" ::: "` for Google, `;` for Outlook).
    pub tag_separator: &'static str,
    /// Whether rows that are not UTF-8 are read in the legacy code page they look like (Outlook
    /// writes the Windows code page of the machine); otherwise they are refused with their line.
    pub legacy: bool,
    /// Values the product writes into empty columns ("0/0/00" for no date, "Normal", "False"), by
    /// header and value.
    pub placeholder: fn(&str, &str) -> bool,
}

/// The `X-` name of a column no vCard property is for: `prefix` and the header in upper case, every
/// run of other characters than letters and digits a `-`.
pub(crate) fn x_name(prefix: &str, header: &str) -> String {
    let mut name = String::from(prefix);
    let mut dash = false;
    for c in header.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !name.ends_with('-') {
                name.push('-');
            }
            name.push(c.to_ascii_uppercase());
            dash = false;
        } else {
            dash = true;
        }
    }
    name
}

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
struct Person {
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
    fn add(&mut self, column: &Column, value: String, tag_separator: &str) {
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
    fn into_card(mut self, line: usize) -> Result<Card, Nameless> {
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
        let name = full
            .or_else(|| (!words.is_empty()).then(|| words.join(" ")))
            .or_else(|| self.company.clone())
            .or_else(|| email.clone());
        let Some(name) = name.map(|n| crate::text::sanitize_line(&n).trim().to_string()) else {
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
            let date = parse_day(value).map_or_else(|| escape(value), |d| d.to_string());
            if label.is_some_and(|l| l.eq_ignore_ascii_case("anniversary")) {
                out.list.push(property("ANNIVERSARY", "", &date));
            } else {
                out.labeled(Kind::Event, "X-ABDATE", &[], label.or(Some("Other")), &date);
            }
        }
    }
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

/// The cards of a Google Contacts or Outlook CSV export, read one row at a time as the file is read.
/// Blank rows are passed over; rows with nothing to name them by are skipped and kept in
/// [`ContactRows::nameless`]; a malformed row, or one that is not UTF-8 in a product that writes UTF-8,
/// is an error naming its line.
pub struct ContactRows<R> {
    rows: CsvRows<R>,
    columns: Vec<(String, Column)>,
    product: &'static Product,
    nameless: Rc<RefCell<Vec<Nameless>>>,
    failed: bool,
}

/// Bytes before the header beyond which a file is not an export of the product.
const MAX_HEADER_SEARCH: u64 = 1 << 20;

/// The header's fields, decoded as UTF-8 or else the legacy code page it looks like.
fn header_fields(bytes: &[u8]) -> Vec<String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => guess_legacy(bytes)
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    };
    fields_of(text.trim_end_matches('\r'))
}

/// Starts reading an export of `product`: its header is the first line that is one (blank lines
/// before it are passed over).
pub(crate) fn contact_rows<R: BufRead>(
    reader: R,
    product: &'static Product,
) -> Result<ContactRows<R>, CsvError> {
    let mut lines = Lines::new(reader);
    let no_header = || CsvError::Syntax {
        line: 1,
        message: tr(
            "import.csv_no_header",
            &[("product", &product.name), ("expected", &product.expected)],
        ),
    };
    let (line, fields) = loop {
        let Some(line) = lines.next_line()? else {
            return Err(no_header());
        };
        let fields = header_fields(line.bytes);
        if (product.is_header)(&fields) {
            break (line.number, fields);
        }
        if line.offset > MAX_HEADER_SEARCH || fields.iter().any(|f| !f.is_empty()) {
            return Err(no_header());
        }
    };
    let columns = fields
        .into_iter()
        .map(|header| {
            let column = (product.column)(&header);
            (header, column)
        })
        .collect();
    Ok(ContactRows {
        rows: CsvRows::new(lines.into_inner(), line),
        columns,
        product,
        nameless: Rc::default(),
        failed: false,
    })
}

impl<R: BufRead> ContactRows<R> {
    /// The rows skipped so far for having nothing to name them by.
    pub fn nameless(&self) -> Rc<RefCell<Vec<Nameless>>> {
        Rc::clone(&self.nameless)
    }

    /// The row's fields as text: UTF-8, else (for a product that writes its code page) the legacy
    /// code page the row looks like.
    fn text(&self, bytes: &csv::ByteRecord, line: usize) -> Result<csv::StringRecord, CsvError> {
        match text_record(bytes, line) {
            Err(CsvError::NotUtf8 { .. }) if self.product.legacy => {
                let all: Vec<u8> = bytes.iter().flatten().copied().collect();
                let encoding = guess_legacy(&all);
                Ok(bytes
                    .iter()
                    .map(|f| encoding.decode_without_bom_handling(f).0.into_owned())
                    .collect())
            }
            other => other,
        }
    }

    fn next_card(&mut self) -> Result<Option<Card>, CsvError> {
        loop {
            let Some((line, bytes)) = self.rows.next_row()? else {
                return Ok(None);
            };
            let bytes = bytes.clone();
            let record = self.text(&bytes, line)?;
            let mut person = Person::default();
            let mut blank = true;
            for ((header, column), value) in self.columns.iter().zip(record.iter()) {
                let value = value.trim();
                if value.is_empty() || (self.product.placeholder)(header, value) {
                    continue;
                }
                blank = false;
                let value = value.replace("\r\n", "\n");
                person.add(column, value, self.product.tag_separator);
            }
            if blank {
                continue;
            }
            match person.into_card(line) {
                Ok(card) => return Ok(Some(card)),
                Err(nameless) => self.nameless.borrow_mut().push(nameless),
            }
        }
    }
}

impl<R: BufRead> Iterator for ContactRows<R> {
    type Item = Result<Card, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut failed = self.failed;
        let next = until_error(&mut failed, || self.next_card());
        self.failed = failed;
        next
    }
}

/// The kinds of CSV file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvKind {
    /// LinkedIn's `Connections.csv`.
    Linkedin,
    /// Google Contacts' export.
    Google,
    /// Outlook's export.
    Outlook,
}

/// Which export a CSV file is, by its header: the first line that is a LinkedIn, Google or Outlook
/// header within the first megabyte (LinkedIn writes note lines before it); `None` when there is none.
pub fn csv_kind<R: BufRead>(reader: R) -> Result<Option<CsvKind>, CsvError> {
    let mut lines = Lines::new(reader);
    while let Some(line) = lines.next_line()? {
        let fields = header_fields(line.bytes);
        if super::linkedin::is_header(&fields) {
            return Ok(Some(CsvKind::Linkedin));
        }
        if super::google_csv::is_header(&fields) {
            return Ok(Some(CsvKind::Google));
        }
        if super::outlook_csv::is_header(&fields) {
            return Ok(Some(CsvKind::Outlook));
        }
        if line.offset > MAX_HEADER_SEARCH {
            break;
        }
    }
    Ok(None)
}

/// Starts reading a Google Contacts CSV export (see [`ContactRows`]).
pub fn google<R: BufRead>(reader: R) -> Result<ContactRows<R>, CsvError> {
    contact_rows(reader, &super::google_csv::GOOGLE)
}

/// Starts reading an Outlook CSV export (see [`ContactRows`]).
pub fn outlook<R: BufRead>(reader: R) -> Result<ContactRows<R>, CsvError> {
    contact_rows(reader, &super::outlook_csv::OUTLOOK)
}
