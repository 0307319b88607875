//! vCard import and export (SPEC §5, `--format vcard`): reads vCard 2.1, 3.0 and 4.0 as Apple Contacts,
//! Google Contacts and Outlook write them, card by card as the file is read, and writes vCard 4.0.
//! Character sets are in [`super::charset`]; what an import does with each card is in
//! [`super::contact_import`]. Pure: no SQL, no clock.

use super::charset::{
    Undecodable, collect_legacy, decode_quoted_printable, decode_value, guess_legacy, named,
};
use super::lines::{Line, LineError, Lines, MAX_LINE_BYTES, until_error};
use crate::domain::model::{AddressForm, CardProperty, Contact, Tier};
use crate::i18n::tr;
use crate::text::fold;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use std::cell::RefCell;
use std::io::BufRead;
use std::rc::Rc;

/// The year given to birthdays that come without one (`--0412`, Apple's `X-APPLE-OMIT-YEAR`). 1904 is a
/// leap year, so 29 February survives; export writes such birthdays back without a year (`--MMDD`).
pub const NO_YEAR: i32 = crate::domain::dates::NO_YEAR;

/// Folded lines are at most this many octets, without the CRLF (RFC 6350 §3.2).
const LINE_OCTETS: usize = 75;

/// One contact as read from a vCard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// FN, else built from N, else the company, else the first email; never blank.
    pub name: String,
    /// The first component of ORG.
    pub company: Option<String>,
    /// TITLE (ROLE when there is no TITLE).
    pub role: Option<String>,
    /// The preferred EMAIL, else the first.
    pub email: Option<String>,
    /// The preferred TEL, else the first.
    pub phone: Option<String>,
    /// BDAY; a birthday without a year gets [`NO_YEAR`].
    pub birthday: Option<NaiveDate>,
    /// CATEGORIES, in order, without duplicates.
    pub tags: Vec<String>,
    /// Further emails and phones as `Email: x` / `Phone: y` lines, then NOTE.
    pub notes: Option<String>,
    /// `X-RAPPORT-ADDRESS-FORM`, written by rapport's own export.
    pub address_form: Option<AddressForm>,
    /// `X-RAPPORT-SALUTATION`.
    pub salutation: Option<String>,
    /// `X-RAPPORT-TIER`.
    pub tier: Option<Tier>,
    /// `X-RAPPORT-CADENCE-DAYS`.
    pub cadence_days: Option<u32>,
    /// `X-RAPPORT-MET-ON`.
    pub met_on: Option<NaiveDate>,
    /// The properties rapport has no field for, kept as read for an export to give back.
    pub properties: Vec<CardProperty>,
    /// 1-based line of the card's `BEGIN:VCARD`, for messages about it.
    pub line: usize,
}

/// What is wrong with a file, with the line.
#[derive(Debug, thiserror::Error)]
pub enum VcardError {
    /// The file is not a readable vCard at this line.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based physical line.
        line: usize,
        /// What is wrong, for the user.
        message: String,
    },
    /// The file could not be read, or a line or card is over the size limit.
    #[error(transparent)]
    Read(#[from] LineError),
    /// A card with bytes in a character set that is unknown, or not valid in the one it names.
    #[error("{}", tr("import.card_undecodable", &[("line", line), ("name", name), ("charset", charset)]))]
    Undecodable {
        /// 1-based line of the card's `BEGIN:VCARD`.
        line: usize,
        /// The card's name as far as it can be read.
        name: String,
        /// The character set, as the card names it (or the guessed one).
        charset: String,
    },
    /// Megabytes of text without a card: not a vCard file.
    #[error("{}", tr("import.no_card", &[("line", line), ("limit", &(MAX_LINE_BYTES >> 20))]))]
    NoCard {
        /// 1-based line where the limit was reached.
        line: usize,
    },
}

fn syntax(line: usize, message: impl Into<String>) -> VcardError {
    VcardError::Syntax {
        line,
        message: message.into(),
    }
}

/// The start of a line for an error message, safe for the terminal.
fn excerpt(text: &str) -> String {
    let clean = crate::text::sanitize_line(text);
    if clean.chars().count() > 40 {
        format!("{}…", clean.chars().take(40).collect::<String>())
    } else {
        clean
    }
}

// ---------------------------------------------------------------------------------------------------
// Lines and properties

/// One content line after unfolding, with the physical line it starts on; bytes, decoded per card
/// once its character set is known.
struct Logical {
    line: usize,
    text: Vec<u8>,
}

/// The name and parameters of a content line: everything before the first `:` outside quotes.
fn head(text: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut quoted = false;
    for (i, b) in text.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}

fn head_has(text: &[u8], word: &str) -> bool {
    head(text).is_some_and(|(h, _)| {
        h.to_ascii_uppercase()
            .windows(word.len())
            .any(|w| w == word.as_bytes())
    })
}

fn is_base64_head(text: &[u8]) -> bool {
    head(text).is_some_and(|(h, _)| {
        h.split(|b| *b == b';').skip(1).any(|p| {
            let p = p.trim_ascii().to_ascii_uppercase();
            matches!(&p[..], b"ENCODING=B" | b"ENCODING=BASE64" | b"BASE64")
        })
    })
}

/// Properties an import reads (besides BEGIN and END); the values of all others are skipped while
/// reading, so that photos and sounds take no memory.
const READ_PROPERTIES: &[&str] = &[
    "BEGIN",
    "END",
    "FN",
    "N",
    "ORG",
    "TITLE",
    "ROLE",
    "EMAIL",
    "TEL",
    "NOTE",
    "CATEGORIES",
    "BDAY",
    "X-RAPPORT-ADDRESS-FORM",
    "X-RAPPORT-SALUTATION",
    "X-RAPPORT-TIER",
    "X-RAPPORT-CADENCE-DAYS",
    "X-RAPPORT-MET-ON",
];

/// True when a content line with this head is a well-formed property an import does not read, or
/// binary data: its value need not be kept.
fn is_skipped(head: &[u8], text: &[u8]) -> bool {
    let head = String::from_utf8_lossy(head);
    let qualified = head.split(';').next().unwrap_or_default().trim();
    let mut words = qualified.rsplit('.');
    let name = words.next().unwrap_or_default();
    let well_formed = is_name(name) && words.all(is_name);
    well_formed
        && (is_base64_head(text) || !READ_PROPERTIES.iter().any(|p| p.eq_ignore_ascii_case(name)))
}

/// Joins physical lines into logical ones as they are read: CRLF or LF; a line starting with a space
/// or tab continues the previous one (the one whitespace removed); a quoted-printable value ending in
/// `=` continues on the next line as is; base64 data of vCard 2.1 may continue on unindented lines
/// until a blank line. The value of a skipped property ([`is_skipped`]) is dropped as it comes.
#[derive(Default)]
struct Unfold {
    current: Option<Logical>,
    /// The current line's value is being dropped (only its head and ':' are kept).
    dropping: bool,
    /// While dropping: the last piece of the value ended in '='.
    ends_in_equals: bool,
}

impl Unfold {
    /// Takes the next physical line; returns the logical line it completes, if any.
    fn push(&mut self, line: usize, physical: &[u8]) -> Result<Option<Logical>, VcardError> {
        if let Some(current) = &mut self.current {
            let ends_in_equals = if self.dropping {
                self.ends_in_equals
            } else {
                current.text.ends_with(b"=")
            };
            let more = if ends_in_equals
                && head_has(&current.text, "QUOTED-PRINTABLE")
                && !physical.trim_ascii().eq_ignore_ascii_case(b"END:VCARD")
            {
                if !self.dropping {
                    current.text.pop();
                }
                Some(physical)
            } else if physical.starts_with(b" ") || physical.starts_with(b"\t") {
                Some(&physical[1..])
            } else if !physical.is_empty()
                && physical
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/= \t".contains(b))
                && is_base64_head(&current.text)
            {
                Some(physical.trim_ascii())
            } else {
                None
            };
            if let Some(more) = more {
                if self.dropping {
                    self.ends_in_equals = more.ends_with(b"=");
                } else if current.text.len() + more.len() > MAX_LINE_BYTES {
                    return Err(LineError::TooLong { line: current.line }.into());
                } else {
                    current.text.extend_from_slice(more);
                }
                return Ok(None);
            }
        }
        let done = self.current.take();
        if !physical.trim_ascii().is_empty() {
            let text = physical
                .strip_prefix(b" ")
                .or_else(|| physical.strip_prefix(b"\t"))
                .unwrap_or(physical)
                .to_vec();
            self.start(line, text);
        }
        Ok(done)
    }

    fn start(&mut self, line: usize, mut text: Vec<u8>) {
        self.dropping = false;
        if let Some((h, value)) = head(&text)
            && is_skipped(h, &text)
        {
            self.dropping = true;
            self.ends_in_equals = value.ends_with(b"=");
            let keep = h.len() + 1;
            text.truncate(keep);
        }
        self.current = Some(Logical { line, text });
    }

    /// The logical line still open at the end of the file.
    fn finish(&mut self) -> Option<Logical> {
        self.current.take()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Plain,
    QuotedPrintable,
    Base64,
}

/// A parsed content line: `group.NAME;PARAM=VALUE:value`.
struct Property {
    line: usize,
    /// Upper case, group removed.
    name: String,
    /// Upper-case keys; `TYPE` lists split into one entry per type; vCard 2.1 bare parameters
    /// (`WORK`, `PREF`, `QUOTED-PRINTABLE`) become `TYPE` or `ENCODING` entries.
    params: Vec<(String, String)>,
    /// Still encoded and escaped, in the card's character set.
    value: Vec<u8>,
}

fn is_name(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Splits on `separator` outside double quotes.
fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

impl Property {
    fn read(logical: &Logical) -> Option<Property> {
        let (head, value) = head(&logical.text)?;
        let head = String::from_utf8_lossy(head);
        let mut segments = split_unquoted(&head, ';').into_iter();
        let qualified = segments.next()?.trim();
        let mut words = qualified.rsplit('.');
        let name = words.next()?;
        if !is_name(name) || !words.all(is_name) {
            return None;
        }
        let mut params = Vec::new();
        for segment in segments {
            let segment = segment.trim();
            if segment.is_empty() {
                continue;
            }
            match segment.split_once('=') {
                Some((key, values)) => {
                    let key = key.trim().to_ascii_uppercase();
                    let values = values.trim();
                    if key == "TYPE" {
                        for v in split_unquoted(values, ',') {
                            params.push((key.clone(), v.trim().trim_matches('"').to_string()));
                        }
                    } else {
                        params.push((key, unescape_parameter(values.trim_matches('"'))));
                    }
                }
                None => {
                    let word = segment.to_ascii_uppercase();
                    let key = match word.as_str() {
                        "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" => "ENCODING",
                        _ => "TYPE",
                    };
                    params.push((key.to_string(), segment.to_string()));
                }
            }
        }
        Some(Property {
            line: logical.line,
            name: name.to_ascii_uppercase(),
            params,
            value: value.to_vec(),
        })
    }

    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn has_type(&self, word: &str) -> bool {
        self.params
            .iter()
            .any(|(k, v)| k == "TYPE" && v.eq_ignore_ascii_case(word))
    }

    fn encoding(&self) -> Encoding {
        match self
            .param("ENCODING")
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("QUOTED-PRINTABLE") => Encoding::QuotedPrintable,
            Some("B" | "BASE64") => Encoding::Base64,
            _ => Encoding::Plain,
        }
    }

    /// The value's bytes with its transfer encoding undone.
    fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self.encoding() {
            Encoding::QuotedPrintable => decode_quoted_printable(&self.value).into(),
            _ => (&self.value[..]).into(),
        }
    }

    /// The value as text (escapes still in place): in its `CHARSET`, else as
    /// [`super::charset::decode_value`] decides with the card's `legacy` code page; line ends
    /// become `\n`.
    fn decoded(&self, legacy: &'static encoding_rs::Encoding) -> Result<String, Undecodable> {
        let text = decode_value(&self.bytes(), self.param("CHARSET"), legacy)?;
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    }

    /// Lower is more preferred: `PREF=1` (4.0), `TYPE=pref` (3.0) and a bare `PREF` (2.1) first.
    fn preference(&self) -> u8 {
        if let Some(pref) = self.param("PREF").and_then(|p| p.trim().parse::<u8>().ok()) {
            return pref.clamp(1, 100);
        }
        if self.has_type("PREF") { 1 } else { 101 }
    }
}

// ---------------------------------------------------------------------------------------------------
// Values

/// Splits a value on `separator` (when given) outside backslash escapes and undoes the escapes of
/// RFC 6350 and 2426 (`\,` `\;` `\\` `\n` `\N`) and those real writers add (`\:` `\"` `\'`); any
/// other backslash is kept as written (a Windows path in a note).
pub(crate) fn unescape_split(value: &str, separator: Option<char>) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => current.push('\n'),
                Some(e @ (',' | ';' | ':' | '\\' | '"' | '\'')) => current.push(e),
                Some(other) => {
                    current.push('\\');
                    current.push(other);
                }
                None => current.push('\\'),
            }
        } else if Some(c) == separator {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts
}

/// Undoes the escapes of a parameter value (RFC 6868): `^n` a line break, `^'` a double quote, `^^` a
/// caret; any other caret is kept.
fn unescape_parameter(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '^' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some('\'') => out.push('"'),
            Some('^') => out.push('^'),
            Some(other) => {
                out.push('^');
                out.push(other);
            }
            None => out.push('^'),
        }
    }
    out
}

/// Undoes the escapes of a whole text value (see [`unescape_split`]).
pub(crate) fn unescape(value: &str) -> String {
    unescape_split(value, None).pop().unwrap_or_default()
}

/// One line of text: line breaks and tabs become spaces, other control characters go, ends trimmed.
fn single_line(text: &str) -> String {
    let text: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    text.trim().to_string()
}

/// Multi-line text: keeps line breaks and tabs, removes other control characters, trims.
fn block(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| matches!(c, '\n' | '\t') || !c.is_control())
        .collect();
    text.trim().to_string()
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// A text value as one line, `None` when empty.
fn one_line(value: &str) -> Option<String> {
    non_empty(single_line(&unescape(value)))
}

/// An email address or phone number without its URI `scheme`, with the property's preference;
/// `None` when nothing is left.
fn reachable(property: &Property, value: &str, scheme: &str) -> Option<(u8, String)> {
    let text = single_line(&unescape(value));
    let text = strip_scheme(&text, scheme);
    (!text.is_empty()).then(|| (property.preference(), text.to_string()))
}

/// Reads `1970-03-01`, `19700301`, `--0301`, `--03-01`, `1970-03-01T00:00:00Z` and `19700301T000000Z`.
/// A missing year (and year 0, and the year Apple names in `X-APPLE-OMIT-YEAR`) becomes [`NO_YEAR`].
fn parse_date(value: &str, omitted_year: Option<&str>) -> Option<NaiveDate> {
    let date = value.trim().split(['T', 't']).next()?.trim();
    let (year, month, day) = if let Some(rest) = date.strip_prefix("--") {
        let digits: String = rest.chars().filter(|c| *c != '-').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        (
            NO_YEAR,
            digits[..2].parse().ok()?,
            digits[2..].parse().ok()?,
        )
    } else if date.contains('-') {
        let mut parts = date.splitn(3, '-');
        let year = parts.next()?;
        if year.len() != 4 {
            return None;
        }
        (
            year.parse().ok()?,
            parts.next()?.parse().ok()?,
            parts.next()?.parse().ok()?,
        )
    } else {
        if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        (
            date[..4].parse().ok()?,
            date[4..6].parse().ok()?,
            date[6..].parse().ok()?,
        )
    };
    let omitted = omitted_year.and_then(|y| y.trim().parse::<i32>().ok()) == Some(year);
    let year = if year == 0 || omitted { NO_YEAR } else { year };
    NaiveDate::from_ymd_opt(year, month, day)
}

// ---------------------------------------------------------------------------------------------------
// Cards

/// A card skipped for having no name: no FN, N, ORG or EMAIL (iCloud writes phone-only cards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nameless {
    /// 1-based line of its `BEGIN:VCARD`.
    pub line: usize,
    /// It has a phone number, and nothing else to name it by.
    pub phone: bool,
}

/// What one card has said so far.
#[derive(Default)]
struct CardBuilder {
    line: usize,
    /// The properties an import reads, as read, until END:VCARD tells their character set.
    properties: Vec<Property>,
    formatted: Option<String>,
    structured: Option<String>,
    company: Option<String>,
    title: Option<String>,
    role: Option<String>,
    emails: Vec<(u8, String)>,
    phones: Vec<(u8, String)>,
    notes: Vec<String>,
    tags: Vec<String>,
    birthday: Option<NaiveDate>,
    address_form: Option<AddressForm>,
    salutation: Option<String>,
    tier: Option<Tier>,
    cadence_days: Option<u32>,
    met_on: Option<NaiveDate>,
}

/// Google adds every contact to its system group `myContacts`; that is not an interest.
const IGNORED_CATEGORIES: &[&str] = &["myContacts"];

impl CardBuilder {
    fn new(line: usize) -> Self {
        CardBuilder {
            line,
            ..CardBuilder::default()
        }
    }

    /// Keeps a property for [`CardBuilder::finish`]; binary data and properties not read are dropped.
    fn push(&mut self, property: Property) {
        if property.encoding() != Encoding::Base64
            && READ_PROPERTIES.contains(&property.name.as_str())
        {
            self.properties.push(property);
        }
    }

    /// The code page of the card's bytes that are neither UTF-8 nor labelled: the first legacy
    /// `CHARSET` the card names, else the guess from those bytes ([`guess_legacy`]).
    fn legacy(&self) -> &'static encoding_rs::Encoding {
        let labels = self.properties.iter().filter_map(|p| p.param("CHARSET"));
        if let Some(named) = labels
            .filter_map(|label| named(label).ok())
            .find(|e| *e != encoding_rs::UTF_8)
        {
            return named;
        }
        let mut sample = Vec::new();
        for property in &self.properties {
            if property.param("CHARSET").is_none() {
                collect_legacy(&property.bytes(), &mut sample);
            }
        }
        if sample.is_empty() {
            encoding_rs::WINDOWS_1252
        } else {
            guess_legacy(&sample)
        }
    }

    /// Takes one decoded property into the card.
    fn add(&mut self, property: &Property, value: &str) -> Result<(), VcardError> {
        match property.name.as_str() {
            "FN" => keep_first(&mut self.formatted, || one_line(value)),
            "N" => keep_first(&mut self.structured, || {
                name_from_parts(&unescape_split(value, Some(';')))
            }),
            "ORG" => keep_first(&mut self.company, || {
                let first = unescape_split(value, Some(';')).into_iter().next();
                first.map(|c| single_line(&c)).and_then(non_empty)
            }),
            "TITLE" => keep_first(&mut self.title, || one_line(value)),
            "ROLE" => keep_first(&mut self.role, || one_line(value)),
            "EMAIL" => self.emails.extend(reachable(property, value, "mailto:")),
            "TEL" => self.phones.extend(reachable(property, value, "tel:")),
            "NOTE" => self.notes.extend(non_empty(block(&unescape(value)))),
            "CATEGORIES" => self.add_categories(value),
            "BDAY" => keep_first(&mut self.birthday, || {
                parse_date(value, property.param("X-APPLE-OMIT-YEAR"))
            }),
            _ => return self.add_own(property, value),
        }
        Ok(())
    }

    /// Takes the interests of a `CATEGORIES` value, each once (in any spelling), without Google's
    /// system groups.
    fn add_categories(&mut self, value: &str) {
        for tag in unescape_split(value, Some(',')) {
            let tag = single_line(&tag);
            if tag.is_empty()
                || IGNORED_CATEGORIES.contains(&tag.as_str())
                || self.tags.iter().any(|t| fold(t) == fold(&tag))
            {
                continue;
            }
            self.tags.push(tag);
        }
    }

    /// Takes one of rapport's own `X-RAPPORT-` properties into the card; their values are checked.
    fn add_own(&mut self, property: &Property, value: &str) -> Result<(), VcardError> {
        let invalid = |what: String| syntax(property.line, format!("{}: {what}", property.name));
        match property.name.as_str() {
            "X-RAPPORT-ADDRESS-FORM" => {
                let form = unescape(value)
                    .parse()
                    .map_err(|e| invalid(format!("{e}")))?;
                self.address_form = Some(form);
            }
            "X-RAPPORT-SALUTATION" => {
                self.salutation = one_line(value);
            }
            "X-RAPPORT-TIER" => {
                let tier = unescape(value)
                    .parse()
                    .map_err(|e| invalid(format!("{e}")))?;
                self.tier = Some(tier);
            }
            "X-RAPPORT-CADENCE-DAYS" => {
                let days = value
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|d| *d > 0)
                    .ok_or_else(|| {
                        invalid(format!("'{}' is not a number of days", excerpt(value)))
                    })?;
                self.cadence_days = Some(days);
            }
            "X-RAPPORT-MET-ON" => {
                let day = parse_date(value, None)
                    .ok_or_else(|| invalid(format!("'{}' is not a date", excerpt(value))))?;
                self.met_on = Some(day);
            }
            _ => {}
        }
        Ok(())
    }

    /// The card, or what it has when it has no name; `Err` when it is invalid or cannot be decoded.
    fn finish(mut self) -> Result<Result<Card, Nameless>, VcardError> {
        let legacy = self.legacy();
        let properties = std::mem::take(&mut self.properties);
        for property in &properties {
            let value = property
                .decoded(legacy)
                .map_err(|e| VcardError::Undecodable {
                    line: self.line,
                    name: rough_name(&properties),
                    charset: e.charset,
                })?;
            self.add(property, &value)?;
        }
        self.emails.sort_by_key(|(pref, _)| *pref);
        self.phones.sort_by_key(|(pref, _)| *pref);
        let mut emails = self.emails.into_iter().map(|(_, e)| e);
        let mut phones = self.phones.into_iter().map(|(_, p)| p);
        let email = emails.next();
        let phone = phones.next();
        let Some(name) = self
            .formatted
            .or(self.structured)
            .or_else(|| self.company.clone())
            .or_else(|| email.clone())
        else {
            return Ok(Err(Nameless {
                line: self.line,
                phone: phone.is_some(),
            }));
        };
        let mut lines: Vec<String> = emails.map(|e| format!("Email: {e}")).collect();
        lines.extend(phones.map(|p| format!("Phone: {p}")));
        lines.extend(self.notes);
        Ok(Ok(Card {
            name,
            company: self.company,
            role: self.title.or(self.role),
            email,
            phone,
            birthday: self.birthday,
            tags: self.tags,
            notes: non_empty(lines.join("\n")),
            address_form: self.address_form,
            salutation: self.salutation,
            tier: self.tier,
            cadence_days: self.cadence_days,
            met_on: self.met_on,
            properties: Vec::new(),
            line: self.line,
        }))
    }
}

/// A card's name as far as it can be read, for a message about a card that cannot be decoded.
fn rough_name(properties: &[Property]) -> String {
    ["FN", "N", "ORG", "EMAIL"]
        .iter()
        .filter_map(|name| properties.iter().find(|p| p.name == *name))
        .map(|p| {
            let text = String::from_utf8_lossy(&p.bytes()).replace(';', " ");
            single_line(&unescape(&text))
        })
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "?".to_string())
}

/// Sets a field only the first time a card gives it.
fn keep_first<T>(slot: &mut Option<T>, value: impl FnOnce() -> Option<T>) {
    if slot.is_none() {
        *slot = value();
    }
}

fn strip_scheme<'a>(value: &'a str, scheme: &str) -> &'a str {
    match value.get(..scheme.len()) {
        Some(start) if start.eq_ignore_ascii_case(scheme) => value[scheme.len()..].trim(),
        _ => value,
    }
}

/// `Family;Given;Middle;Prefix;Suffix` → "Given Middle Family".
fn name_from_parts(parts: &[String]) -> Option<String> {
    let part = |i: usize| parts.get(i).map(|p| single_line(p));
    let words: Vec<String> = [part(1), part(2), part(0)]
        .into_iter()
        .flatten()
        .filter(|w| !w.is_empty())
        .collect();
    non_empty(words.join(" "))
}

/// Bytes of one card as read (skipped photos included) beyond which the file is refused.
const MAX_CARD_BYTES: usize = 16 * MAX_LINE_BYTES;

/// Reads the cards of a vCard file (2.1, 3.0 or 4.0) one at a time, as the file is read, holding one
/// card in memory. A card's values are decoded once it has ended, each in its `CHARSET`, else as
/// UTF-8, else in the legacy code page of the card (see [`super::charset::decode_value`]); a UTF-16
/// file is turned into UTF-8 before (see [`super::charset::utf8_stream`]). A line that glues the next
/// card to the end of one (`END:VCARDBEGIN:VCARD`, files joined with `cat`) is read as two. A card
/// without a name is skipped and kept in [`CardReader::nameless`]. Refuses, with the line, a file
/// without any `BEGIN:VCARD`, an `END:VCARD` without BEGIN, a card without END (a truncated file),
/// binary data, a content line that is not `NAME:VALUE`, a card in an unknown or wrong character set
/// (with its name), invalid `X-RAPPORT-` values, lines and cards over the size limits, and megabytes
/// of text outside any card.
pub struct CardReader<R> {
    lines: Lines<R>,
    unfold: Unfold,
    open: Option<CardBuilder>,
    /// Bytes read since the open card began (its text kept, and all of it).
    card_kept: usize,
    card_read: usize,
    /// Bytes read outside any card since the last one ended.
    outside: usize,
    seen_begin: bool,
    failed: bool,
    /// The rest of a line that glued the next card's `BEGIN:VCARD` to an `END:VCARD`.
    rest: Option<(usize, Vec<u8>)>,
    /// Cards skipped for having no name.
    nameless: Rc<RefCell<Vec<Nameless>>>,
}

impl<R: BufRead> CardReader<R> {
    /// Cards from `reader`.
    pub fn new(reader: R) -> CardReader<R> {
        CardReader {
            lines: Lines::new(reader),
            unfold: Unfold::default(),
            open: None,
            card_kept: 0,
            card_read: 0,
            outside: 0,
            seen_begin: false,
            failed: false,
            rest: None,
            nameless: Rc::default(),
        }
    }

    /// The cards skipped so far for having no name, filled in as the reader goes.
    pub fn nameless(&self) -> Rc<RefCell<Vec<Nameless>>> {
        Rc::clone(&self.nameless)
    }

    fn next_card(&mut self) -> Result<Option<Card>, VcardError> {
        loop {
            if let Some((number, rest)) = self.rest.take() {
                if let Some(card) = self.physical(number, &rest)? {
                    return Ok(Some(card));
                }
                continue;
            }
            let Some(Line { number, bytes, .. }) = self.lines.next_line()? else {
                if let Some(logical) = self.unfold.finish()
                    && let Some(card) = self.logical(logical)?
                {
                    return Ok(Some(card));
                }
                return self.end().map(|()| None);
            };
            if bytes.contains(&0) {
                return Err(syntax(
                    number,
                    "binary data (a NUL byte); this is not a vCard text file",
                ));
            }
            if self.open.is_some() {
                self.card_read += bytes.len() + 1;
            } else {
                self.outside += bytes.len() + 1;
            }
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let bytes = without_bom(bytes).to_vec();
            let first = match glued(&bytes) {
                Some(at) => {
                    self.rest = Some((number, without_bom(&bytes[at..]).to_vec()));
                    &bytes[..at]
                }
                None => &bytes[..],
            };
            if let Some(card) = self.physical(number, first)? {
                return Ok(Some(card));
            }
        }
    }

    /// Handles one physical line; returns the card it completes.
    fn physical(&mut self, number: usize, bytes: &[u8]) -> Result<Option<Card>, VcardError> {
        let done = self.unfold.push(number, bytes)?;
        if let Some(card) = &self.open
            && self.card_read > MAX_CARD_BYTES
        {
            return Err(LineError::RecordTooLarge { line: card.line }.into());
        }
        if self.outside > MAX_LINE_BYTES {
            return Err(VcardError::NoCard { line: number });
        }
        match done {
            Some(logical) => self.logical(logical),
            None => Ok(None),
        }
    }

    /// Handles one logical line; returns the card it completes.
    fn logical(&mut self, logical: Logical) -> Result<Option<Card>, VcardError> {
        let Some(property) = Property::read(&logical) else {
            if self.open.is_some() {
                return Err(syntax(
                    logical.line,
                    format!(
                        "expected NAME:VALUE, found '{}'",
                        excerpt(&String::from_utf8_lossy(&logical.text))
                    ),
                ));
            }
            return Ok(None);
        };
        let is_vcard = property.value.trim_ascii().eq_ignore_ascii_case(b"VCARD");
        match property.name.as_str() {
            "BEGIN" if is_vcard => {
                if let Some(card) = &self.open {
                    return Err(syntax(
                        card.line,
                        format!(
                            "the card has no END:VCARD before the next BEGIN:VCARD on line {}",
                            property.line
                        ),
                    ));
                }
                self.seen_begin = true;
                self.open = Some(CardBuilder::new(property.line));
                (self.card_kept, self.card_read, self.outside) = (0, 0, 0);
                Ok(None)
            }
            "END" if is_vcard => {
                let Some(card) = self.open.take() else {
                    return Err(syntax(property.line, "END:VCARD without BEGIN:VCARD"));
                };
                match card.finish()? {
                    Ok(card) => Ok(Some(card)),
                    Err(nameless) => {
                        self.nameless.borrow_mut().push(nameless);
                        Ok(None)
                    }
                }
            }
            _ => {
                if let Some(card) = self.open.as_mut() {
                    self.card_kept += logical.text.len();
                    if self.card_kept > MAX_LINE_BYTES {
                        return Err(LineError::RecordTooLarge { line: card.line }.into());
                    }
                    card.push(property);
                }
                Ok(None)
            }
        }
    }

    fn end(&mut self) -> Result<(), VcardError> {
        if let Some(card) = &self.open {
            return Err(syntax(
                card.line,
                "the card has no END:VCARD; the file may be truncated",
            ));
        }
        if !self.seen_begin {
            return Err(syntax(1, "no BEGIN:VCARD found; this is not a vCard file"));
        }
        Ok(())
    }
}

impl<R: BufRead> Iterator for CardReader<R> {
    type Item = Result<Card, VcardError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut failed = self.failed;
        let next = until_error(&mut failed, || self.next_card());
        self.failed = failed;
        next
    }
}

/// Reads every card of a vCard text (see [`CardReader`]).
pub fn parse(text: &str) -> Result<Vec<Card>, VcardError> {
    parse_bytes(text.as_bytes())
}

/// Reads every card of a vCard file's bytes (see [`CardReader`]).
pub fn parse_bytes(bytes: &[u8]) -> Result<Vec<Card>, VcardError> {
    CardReader::new(bytes).collect()
}

/// The line without a UTF-8 byte order mark at its start (files joined with `cat` have one on any line).
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// Where the next card starts in a line that glues it to the end of the previous one
/// (`END:VCARDBEGIN:VCARD`, from files joined with `cat` without a final line end).
fn glued(line: &[u8]) -> Option<usize> {
    const END: &[u8] = b"END:VCARD";
    let rest = without_bom(line.get(END.len()..)?);
    (line[..END.len()].eq_ignore_ascii_case(END)
        && rest.len() >= 6
        && rest[..6].eq_ignore_ascii_case(b"BEGIN:"))
    .then_some(END.len())
}

/// A new contact from a card, added at `created_at`; the caller gives it an id.
pub fn card_to_contact(card: &Card, created_at: DateTime<FixedOffset>) -> Contact {
    let mut contact = Contact::new(&card.name, created_at);
    contact.company.clone_from(&card.company);
    contact.role.clone_from(&card.role);
    contact.email.clone_from(&card.email);
    contact.phone.clone_from(&card.phone);
    contact.birthday = card.birthday;
    contact.tags.clone_from(&card.tags);
    contact.notes.clone_from(&card.notes);
    contact.address_form = card.address_form;
    contact.salutation.clone_from(&card.salutation);
    contact.tier = card.tier;
    contact.cadence_days = card.cadence_days;
    contact.met_on = card.met_on;
    contact
}

// ---------------------------------------------------------------------------------------------------
// Export

/// Escapes a text value: backslash, comma, semicolon and line breaks; other control characters are
/// dropped so that the file stays a text file.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75 octets and no UTF-8 character
/// is split, ending in CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut octets = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if octets + width > LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += width;
    }
    out.push_str("\r\n");
}

fn push_text(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        push_line(out, &format!("{name}:{}", escape(value)));
    }
}

fn format_date(day: NaiveDate) -> String {
    if day.year() == NO_YEAR {
        day.format("--%m%d").to_string()
    } else {
        day.format("%Y%m%d").to_string()
    }
}

fn push_card(out: &mut String, c: &Contact) {
    push_line(out, "BEGIN:VCARD");
    push_line(out, "VERSION:4.0");
    push_line(
        out,
        &format!(
            "PRODID:-//rapport//rapport {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
    );
    push_text(out, "FN", Some(&c.name));
    let mut words: Vec<&str> = c.name.split_whitespace().collect();
    let family = words.pop().unwrap_or_default();
    push_line(
        out,
        &format!("N:{};{};;;", escape(family), escape(&words.join(" "))),
    );
    push_text(out, "ORG", c.company.as_deref());
    push_text(out, "TITLE", c.role.as_deref());
    push_text(out, "EMAIL", c.email.as_deref());
    push_text(out, "TEL", c.phone.as_deref());
    if let Some(day) = c.birthday {
        push_line(out, &format!("BDAY:{}", format_date(day)));
    }
    let tags: Vec<String> = c
        .tags
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| escape(t))
        .collect();
    if !tags.is_empty() {
        push_line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    push_text(out, "NOTE", c.notes.as_deref());
    if let Some(form) = c.address_form {
        push_line(out, &format!("X-RAPPORT-ADDRESS-FORM:{form}"));
    }
    push_text(out, "X-RAPPORT-SALUTATION", c.salutation.as_deref());
    if let Some(tier) = c.tier {
        push_line(out, &format!("X-RAPPORT-TIER:{tier}"));
    }
    if let Some(days) = c.cadence_days {
        push_line(out, &format!("X-RAPPORT-CADENCE-DAYS:{days}"));
    }
    if let Some(day) = c.met_on {
        push_line(out, &format!("X-RAPPORT-MET-ON:{}", day.format("%Y-%m-%d")));
    }
    push_line(out, "END:VCARD");
}

/// Writes contacts as vCard 4.0 (CRLF line ends, lines folded at 75 octets, values escaped).
/// Fields vCard has no property for travel as `X-RAPPORT-` properties, so that export → [`parse`] →
/// [`card_to_contact`] keeps every contact field but the id, snooze, archive flag and creation time.
pub fn export(contacts: &[Contact]) -> String {
    let mut out = String::new();
    for contact in contacts {
        push_card(&mut out, contact);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    const APPLE: &str = include_str!("../../tests/fixtures/vcard/apple.vcf");
    const GOOGLE: &str = include_str!("../../tests/fixtures/vcard/google.vcf");
    const OUTLOOK: &str = include_str!("../../tests/fixtures/vcard/outlook.vcf");
    const TRUNCATED: &str = include_str!("../../tests/fixtures/vcard/truncated.vcf");
    const BINARY: &[u8] = include_bytes!("../../tests/fixtures/vcard/binary.vcf");

    pub(crate) fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    pub(crate) fn s(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    pub(crate) fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    }

    /// A card with only a name, for building expectations field by field.
    pub(crate) fn card(name: &str, line: usize) -> Card {
        Card {
            name: name.to_string(),
            company: None,
            role: None,
            email: None,
            phone: None,
            birthday: None,
            tags: Vec::new(),
            notes: None,
            address_form: None,
            salutation: None,
            tier: None,
            cadence_days: None,
            met_on: None,
            properties: Vec::new(),
            line,
        }
    }

    fn error_line(result: Result<Vec<Card>, VcardError>) -> (usize, String) {
        match result {
            Err(VcardError::Syntax { line, message }) => (line, message),
            Err(other) => panic!("expected a syntax error, got {other}"),
            Ok(cards) => panic!("expected an error, got {cards:?}"),
        }
    }

    pub(crate) fn created() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-20T14:00:00+01:00").unwrap()
    }

    #[test]
    fn apple_contacts_export() {
        let cards = parse(APPLE).unwrap();
        assert_eq!(
            cards,
            vec![
                Card {
                    company: s("Müller & Söhne GmbH"),
                    role: s("Geschäftsführer"),
                    email: s("juergen.mueller@mueller-soehne.example"),
                    phone: s("+49 171 2345678"),
                    birthday: day(NO_YEAR, 4, 12),
                    tags: tags(&["Segeln", "Kunden", "Tee"]),
                    notes: s("Email: j.mueller@gmx.example\n\
                              Phone: +49 89 4567-0\n\
                              Phone: +49 89 998877\n\
                              Zwei Töchter (Lena und Marie), segelt am Ammersee. Trinkt keinen \
                              Kaffee, nur grünen Tee.\n\
                              Fragt man nach Bruno (dem Hund), ist er sofort bester Laune."),
                    ..card("Dr. Jürgen Müller", 1)
                },
                Card {
                    company: s("Nordlicht Consulting AB"),
                    role: s("Partnerin"),
                    email: s("asa@nordlicht.example"),
                    phone: s("+46 70 123 45 67"),
                    birthday: day(NO_YEAR, 2, 29),
                    tags: tags(&["Kunden", "Skandinavien"]),
                    ..card("Åsa Øberg", 58)
                },
                Card {
                    role: s("Lehrstuhlinhaberin"),
                    email: s("claudia.weber@posteo.example"),
                    phone: s("+49 89 289-0"),
                    birthday: day(1968, 11, 5),
                    notes: s("Email: c.weber@tum.example"),
                    ..card("Prof. Dr. Claudia Weber", 89)
                },
            ]
        );
    }

    #[test]
    fn google_contacts_export() {
        assert!(GOOGLE.starts_with('\u{feff}') && GOOGLE.contains("\r\n"));
        let cards = parse(GOOGLE).unwrap();
        assert_eq!(
            cards,
            vec![
                Card {
                    company: s("Beispiel AG"),
                    role: s("Leiterin Einkauf"),
                    email: s("anna.schmidt@beispiel-ag.example"),
                    phone: s("+49 151 23456789"),
                    birthday: day(1985, 7, 23),
                    tags: tags(&["Jazz", "Radfahren"]),
                    notes: s("Email: anna.s@web.example\n\
                              Kennt Klaus aus dem Studium, mag Jazz und Radfahren."),
                    ..card("Anna Schmidt", 1)
                },
                Card {
                    company: s("Green Isle Foods Ltd."),
                    email: s("siobhan.obrien@greenisle.example"),
                    phone: s("+353 1 234 5678"),
                    ..card("Siobhan Mary O'Brien", 17)
                },
                Card {
                    company: s("Meier ; Partner Rechtsanwälte"),
                    role: s("Partner, Fachanwalt für Arbeitsrecht"),
                    email: s("h.meier@meier-partner.example"),
                    phone: s("+49 221 9876543"),
                    birthday: day(NO_YEAR, 3, 1),
                    notes: s("Phone: +49 172 1112223\n\
                              Erreichbar Di–Do; bevorzugt E-Mail.\n\
                              Sekretariat: Frau Kaya, Durchwahl -12"),
                    ..card("Meier, Hans", 25)
                },
                Card {
                    company: s("Stadtwerke Musterstadt"),
                    phone: s("+49 30 1234567"),
                    ..card("Stadtwerke Musterstadt", 38)
                },
                Card {
                    email: s("info@nurmail.example"),
                    ..card("info@nurmail.example", 45)
                },
            ]
        );
    }

    #[test]
    fn outlook_quoted_printable_export() {
        let cards = parse(OUTLOOK).unwrap();
        assert_eq!(
            cards,
            vec![
                Card {
                    company: s("Bürotechnik Süd GmbH"),
                    role: s("Senior Buyer"),
                    email: s("juergen.gruessner@buerotechnik-sued.example"),
                    phone: s("+49 (711) 123-4567"),
                    birthday: day(1970, 3, 1),
                    notes: s("Email: jg@privat.example\n\
                              Phone: +49 (170) 7654321\n\
                              Sehr pünktlich, Termine bitte vormittags. Fragt gern nach dem \
                              Fußballverein (VfB). Budget für 2025: 40.000 €.\n\
                              Frau heißt Karin."),
                    ..card("Jürgen Grüßner", 1)
                },
                Card {
                    company: s("Société Générale de Conseil"),
                    role: s("Directrice générale"),
                    email: s("f.berard@sgc.example"),
                    phone: s("+33 1 23 45 67 89"),
                    tags: tags(&["Frankreich", "Beratung"]),
                    notes: s("Spricht fließend Deutsch. Möchte im Frühjahr nach München kommen."),
                    ..card("Françoise Bérard", 38)
                },
            ]
        );
    }

    #[test]
    fn broken_files_name_their_line() {
        let (line, message) = error_line(parse(TRUNCATED));
        assert_eq!(line, 7);
        assert!(message.contains("truncated"), "{message}");

        let (line, message) = error_line(parse(&String::from_utf8_lossy(BINARY)));
        assert_eq!(line, 4);
        assert!(message.contains("binary"), "{message}");

        let cases: &[(&str, usize, &str)] = &[
            ("", 1, "no BEGIN:VCARD"),
            ("FN:Anna\nEMAIL:a@b.example\n", 1, "no BEGIN:VCARD"),
            (
                "BEGIN:VCARD\nFN:A\nEND:VCARD\nEND:VCARD\n",
                4,
                "without BEGIN",
            ),
            (
                "BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n",
                1,
                "next BEGIN:VCARD on line 3",
            ),
            (
                "BEGIN:VCARD\nFN:A\njust some text\nEND:VCARD\n",
                3,
                "NAME:VALUE",
            ),
            (
                "BEGIN:VCARD\nFN:A\nX-RAPPORT-TIER:Z\nEND:VCARD\n",
                3,
                "tier",
            ),
            (
                "BEGIN:VCARD\nFN:A\nX-RAPPORT-CADENCE-DAYS:0\nEND:VCARD\n",
                3,
                "days",
            ),
            (
                "BEGIN:VCARD\nFN:A\nX-RAPPORT-MET-ON:soon\nEND:VCARD\n",
                3,
                "date",
            ),
            (
                "BEGIN:VCARD\r\nFN:A\r\nNOTE:x\0y\r\nEND:VCARD\r\n",
                3,
                "NUL",
            ),
        ];
        for (text, expected_line, needle) in cases {
            let (line, message) = error_line(parse(text));
            assert_eq!(line, *expected_line, "{text:?}: {message}");
            assert!(message.contains(needle), "{text:?}: {message}");
        }
    }

    #[test]
    fn unfolding_escapes_and_names() {
        let text = "begin:vcard\r\nfn:An\r\n na\r\n\t Berg\r\nitem7.email;TYPE=\"work,pref\":\r\n a@b.example\r\n\
                    NOTE:a\\\\b\\,c\\;d\\Ne\\:f\\x\r\nCATEGORIES:x\\,y,z, ,Z\r\nend:vcard";
        let cards = parse(text).unwrap();
        assert_eq!(
            cards,
            vec![Card {
                email: s("a@b.example"),
                notes: s("a\\b,c;d\ne:f\\x"),
                tags: tags(&["x,y", "z"]),
                ..card("Anna Berg", 1)
            }]
        );
        let name_from_n = "BEGIN:VCARD\nFN: \nN:Weber;Claudia;Maria;Dr.;PhD\nORG:Uni\nEND:VCARD";
        assert_eq!(parse(name_from_n).unwrap()[0].name, "Claudia Maria Weber");
        let name_from_org = "BEGIN:VCARD\nN:;;;;\nORG:Uni\\; Klinik;Abteilung\nEND:VCARD";
        assert_eq!(parse(name_from_org).unwrap()[0].name, "Uni; Klinik");
        let four = "BEGIN:VCARD\nVERSION:4.0\nFN:T\nEMAIL:b@x\nEMAIL;PREF=1:a@x\n\
                    TEL;VALUE=uri;TYPE=cell:tel:+49-1\nEND:VCARD";
        let card = &parse(four).unwrap()[0];
        assert_eq!(card.email.as_deref(), Some("a@x"));
        assert_eq!(card.phone.as_deref(), Some("+49-1"));
        assert_eq!(card.notes.as_deref(), Some("Email: b@x"));
    }

    #[test]
    fn birthday_forms() {
        for (value, expected) in [
            ("1970-03-01", day(1970, 3, 1)),
            ("19700301", day(1970, 3, 1)),
            ("--0301", day(NO_YEAR, 3, 1)),
            ("--03-01", day(NO_YEAR, 3, 1)),
            ("--0229", day(NO_YEAR, 2, 29)),
            ("1970-03-01T00:00:00Z", day(1970, 3, 1)),
            ("19700301T000000Z", day(1970, 3, 1)),
            ("0000-04-12", day(NO_YEAR, 4, 12)),
            ("1970-02-30", None),
            ("--13", None),
            ("März", None),
            ("", None),
        ] {
            let text = format!("BEGIN:VCARD\nFN:A\nBDAY:{value}\nEND:VCARD\n");
            assert_eq!(parse(&text).unwrap()[0].birthday, expected, "{value}");
        }
        let apple = "BEGIN:VCARD\nFN:A\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29\nEND:VCARD";
        assert_eq!(parse(apple).unwrap()[0].birthday, day(NO_YEAR, 2, 29));
    }

    #[test]
    fn utf16_and_windows_1252_files_read_as_a_stream() {
        let mut utf16 = vec![0xff, 0xfe];
        for unit in APPLE.encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let stream = crate::transfer::charset::utf8_stream(&utf16[..]).unwrap();
        let cards: Vec<Card> = CardReader::new(stream).collect::<Result<_, _>>().unwrap();
        assert_eq!(cards, parse(APPLE).unwrap());
        let latin =
            b"BEGIN:VCARD\r\nFN:J\xfcrgen M\xfcller\r\nTEL;TYPE=B\xfcro:1\r\nNOTE:\x80 5\r\nEND:VCARD\r\n";
        let cards: Vec<Card> = CardReader::new(&latin[..])
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            (cards[0].name.as_str(), cards[0].notes.as_deref()),
            ("Jürgen Müller", Some("€ 5"))
        );
        // A photo's data takes no memory: a card with 40 MB of base64 photo still reads.
        let photo = format!(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nPHOTO;JPEG;BASE64:\r\n{}\r\nTEL:1\r\nEND:VCARD\r\n",
            " QUFBQUFB\r\n".repeat(4 << 20)
        );
        assert_eq!(parse(&photo).unwrap()[0].phone.as_deref(), Some("1"));
    }

    #[test]
    fn base64_photos_and_sounds_are_skipped() {
        // A 2.1 base64 photo without indentation, ended by a blank line, is skipped entirely.
        let text = "BEGIN:VCARD\nVERSION:2.1\nFN:A\nPHOTO;JPEG;BASE64:\n/9j/4AAQSkZJRg==\nAAAA\n\nTEL:1\nEND:VCARD";
        let card = &parse(text).unwrap()[0];
        assert_eq!(
            (card.phone.as_deref(), card.notes.as_deref()),
            (Some("1"), None)
        );
    }

    pub(crate) fn full_contact() -> Contact {
        let mut c = Contact::new("Jürgen 🤝 Müller-Lüdenscheidt", created());
        c.company = s("Müller; Söhne, Partner \\ GmbH");
        c.role = s("Geschäftsführer");
        c.email = s("juergen@mueller.example");
        c.phone = s("+49 89 1234-0");
        c.address_form = Some(AddressForm::Sie);
        c.salutation = s("Herr Dr. Müller");
        c.birthday = day(1970, 2, 28);
        c.met_on = day(2019, 5, 14);
        c.notes = s(&format!(
            "{}\nZweite Zeile: Kinder, Hund; 🐕‍🦺 und Segeln.",
            "Trinkt grünen Tee, isst kein Fleisch; spricht gern über Segeln am Ammersee. "
                .repeat(3)
                .trim_end()
        ));
        c.tags = tags(&["Segeln", "Tee, grün", "Jazz 🎷"]);
        c.tier = Some(Tier::A);
        c.cadence_days = Some(21);
        c
    }

    #[test]
    fn export_round_trips_every_field() {
        let contact = full_contact();
        assert!(contact.notes.as_ref().unwrap().len() >= 200);
        let mut no_year = Contact::new("Åsa", created());
        no_year.birthday = day(NO_YEAR, 2, 29);
        let text = export(&[contact.clone(), no_year.clone()]);
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{text}");
        assert!(text.contains("\r\nBDAY:19700228\r\n") && text.contains("\r\nBDAY:--0229\r\n"));
        assert!(
            text.contains("\r\nN:Müller-Lüdenscheidt;Jürgen 🤝;;;\r\n"),
            "{text}"
        );
        assert!(text.contains("\r\nX-RAPPORT-TIER:A\r\n"));
        assert!(text.ends_with("END:VCARD\r\n"));
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "bare LF in {text:?}"
        );
        let cards = parse(&text).unwrap();
        assert_eq!(cards.len(), 2);
        assert_eq!(card_to_contact(&cards[0], created()), contact);
        assert_eq!(card_to_contact(&cards[1], created()), no_year);
        assert_eq!(export(&[]), "");
    }

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        // Every offset of a multi-byte character against the 75-octet boundary.
        for prefix in 0..8 {
            let mut c = Contact::new("A", created());
            c.notes = s(&format!("{}{}", "x".repeat(prefix), "äö€🤝😀".repeat(40)));
            let text = export(&[c.clone()]);
            let mut lines: Vec<&[u8]> = text.as_bytes().split(|b| *b == b'\n').collect();
            assert_eq!(lines.pop(), Some(&b""[..]), "the file ends with a line end");
            for line in lines {
                let line = line.strip_suffix(b"\r").expect("CRLF line end");
                assert!(line.len() <= LINE_OCTETS, "{} octets", line.len());
                assert!(std::str::from_utf8(line).is_ok(), "split character");
            }
            assert_eq!(parse(&text).unwrap()[0].notes, c.notes);
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in any::<String>()) {
            let _ = parse(&text);
        }

        #[test]
        fn parse_bytes_never_panics(
            bytes in proptest::collection::vec(any::<u8>(), 0..300),
            glue in proptest::sample::select(vec!["", "END:VCARDBEGIN:VCARD", "FN;CHARSET=cp1253:"]),
        ) {
            let text = [b"BEGIN:VCARD\r\nFN:".as_slice(), &bytes, glue.as_bytes(), &bytes].concat();
            let _ = parse_bytes(&text);
        }

        #[test]
        fn parse_never_panics_on_vcard_like_text(
            pieces in proptest::collection::vec(prop_oneof![
                Just("BEGIN:VCARD"), Just("END:VCARD"), Just("\r\n"), Just("\n"), Just(" "), Just("\t"),
                Just("FN:"), Just("N:"), Just(";"), Just(","), Just(":"), Just("="), Just("\\"),
                Just("=C3"), Just("=FC"), Just("ü"), Just("🤝"), Just("\""), Just("item1."),
                Just("NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=windows-1252:"),
                Just("PHOTO;ENCODING=b:"), Just("PHOTO;BASE64:"), Just("BDAY:"), Just("--02"),
                Just("X-RAPPORT-TIER:"), Just("CATEGORIES:"), Just("EMAIL;PREF=1:"), Just("\u{feff}"),
                Just("END:VCARDBEGIN:VCARD"), Just("FN;CHARSET=x-unknown:"), Just("\\\""), Just("^'"),
            ], 0..60)
        ) {
            let _ = parse(&pieces.concat());
        }

        #[test]
        fn text_fields_round_trip(
            name in "\\PC{1,40}",
            company in "\\PC{0,90}",
            notes in "[\\PC\n]{0,300}",
        ) {
            prop_assume!(!name.trim().is_empty() && name.trim() == name);
            let mut contact = Contact::new(&name, created());
            contact.company = Some(company.trim().to_string()).filter(|c| !c.is_empty());
            contact.notes = Some(notes.trim().to_string()).filter(|n| !n.is_empty());
            let cards = parse(&export(&[contact.clone()])).unwrap();
            prop_assert_eq!(card_to_contact(&cards[0], created()), contact);
        }
    }
}
