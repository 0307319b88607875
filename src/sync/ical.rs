//! iCalendar text (RFC 5545) for the calendar export and the sync of promises and entries: writing
//! (TEXT escaping, folding at 75 octets) and reading content lines and components exactly as written
//! (the unfolding and parameter splitting of the vCard reader; nothing a server sends makes rapport
//! panic, a broken text is a [`MappingError`]).

use super::fields::{ContactHint, ContactLabel, Fields, MappingError, text};
use crate::transfer::lines::MAX_LINE_BYTES;
use crate::transfer::vcard::{head, split_unquoted};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// The longest content line in octets, line break excluded (RFC 5545 §3.1).
pub const MAX_LINE: usize = 75;

/// The largest calendar object read from a server: a record is a few kilobytes; a larger one (a
/// hostile server, endless data) is refused before it is parsed.
pub const MAX_OBJECT_BYTES: usize = MAX_LINE_BYTES;

/// A TEXT value (RFC 5545 §3.3.11): the escapes are vCard's (backslash, `;`, `,`, line breaks as
/// `\n`; tabs kept, other control characters removed), and [`crate::transfer::vcard::unescape`] reads
/// it back.
pub use crate::transfer::vcard::escape as text_value;

/// Appends `line` folded into physical lines of at most 75 octets, each ending in CRLF; continuation
/// lines start with one space. A fold never splits a UTF-8 character, and never leaves a physical line
/// ending in a space (some readers trim that when unfolding), unless the text is nothing but spaces.
pub fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut first = true;
    loop {
        let room = if first { MAX_LINE } else { MAX_LINE - 1 };
        if !first {
            out.push(' ');
        }
        if rest.len() <= room {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let kept = rest[..cut].trim_end_matches([' ', '\t']).len();
        if kept > 0 {
            cut = kept;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n");
        rest = &rest[cut..];
        first = false;
    }
}

/// A parameter value as written: in double quotes when it holds `:`, `;` or `,`; double quotes and
/// control characters, which a parameter cannot hold, removed.
pub fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// The most components nested in one another that a calendar object may have (VCALENDAR, VTODO,
/// VALARM are three); deeper nesting is refused as hostile.
const MAX_DEPTH: usize = 8;

/// One content line of a calendar object as read (unfolded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The name, upper case.
    pub name: String,
    /// The parameters: upper-case keys, each with its values, quotes removed.
    pub params: Vec<(String, Vec<String>)>,
    /// Name and parameters as written (everything before the value's `:`).
    pub head: String,
    /// The value as written (escapes in place).
    pub value: String,
}

impl Property {
    /// The content line as read, for the lines rapport keeps and writes back unchanged.
    pub fn line(&self) -> String {
        format!("{}:{}", self.head, self.value)
    }

    /// Reads one unfolded content line: `NAME;KEY=a,"b;c":value`; `None` when it is not one.
    pub fn read(line: &str) -> Option<Property> {
        let (head, _) = head(line.as_bytes())?;
        let (head, value) = (&line[..head.len()], &line[head.len() + 1..]);
        let mut parts = split_unquoted(head, ';').into_iter();
        let name = parts.next()?.trim();
        let valid = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if name.is_empty() || !name.chars().all(valid) {
            return None;
        }
        let mut params = Vec::new();
        for part in parts {
            let (key, values) = part.split_once('=')?;
            let values = split_unquoted(values, ',')
                .into_iter()
                .map(|v| v.trim().trim_matches('"').to_string())
                .collect();
            params.push((key.trim().to_ascii_uppercase(), values));
        }
        Some(Property {
            name: name.to_ascii_uppercase(),
            params,
            head: head.to_string(),
            value: value.to_string(),
        })
    }
}

/// A component (`BEGIN:NAME` … `END:NAME`) with its properties and the components inside it, in the
/// order read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Component {
    /// The name, upper case (`VCALENDAR`, `VTODO`, `VALARM`).
    pub name: String,
    /// Its own properties.
    pub properties: Vec<Property>,
    /// The components inside it.
    pub components: Vec<Component>,
}

impl Component {
    /// The components inside this one named `name`.
    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Component> + 'a {
        self.components.iter().filter(move |c| c.name == name)
    }

    /// The component as content lines as read, from its BEGIN to its END.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!("BEGIN:{}", self.name)];
        lines.extend(self.properties.iter().map(Property::line));
        lines.extend(self.components.iter().flat_map(Component::lines));
        lines.push(format!("END:{}", self.name));
        lines
    }
}

/// The logical lines of a text with their 1-based physical line: CRLF or LF; a line that starts with
/// a space or tab continues the one before (that one character removed; nothing else is trimmed).
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, physical) in text.split('\n').enumerate() {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        match (physical.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(more), Some((_, last))) => last.push_str(more),
            _ => lines.push((i + 1, physical.to_string())),
        }
    }
    lines
}

/// Reads the one calendar of a server's text (`BEGIN:VCALENDAR` … `END:VCALENDAR`), keeping every
/// value exactly as written (the `ical` crate, tried first, drops a value's leading `:` and the spaces
/// at the end of each line, so a body such as `:-) good talk` would not survive). Blank lines are
/// skipped; components of any name are read, so another app's are kept.
///
/// # Errors
///
/// [`MappingError::Unreadable`] for a text over [`MAX_OBJECT_BYTES`], a line that is not
/// `NAME:VALUE`, a BEGIN without its END (a cut-off text) or an END that closes another component,
/// nesting deeper than [`MAX_DEPTH`], text outside the calendar, no calendar, or a second one.
pub fn read_calendar(text: &str) -> Result<Component, MappingError> {
    if text.len() > MAX_OBJECT_BYTES {
        return Err(MappingError::unreadable(format!(
            "{} bytes (at most {MAX_OBJECT_BYTES})",
            text.len()
        )));
    }
    let fail = |line: usize, what: &str| MappingError::unreadable(format!("line {line}: {what}"));
    let mut open: Vec<Component> = Vec::new();
    let mut calendar = None;
    for (number, line) in logical_lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        let property = Property::read(&line).ok_or_else(|| fail(number, "expected NAME:VALUE"))?;
        let name = property.value.trim().to_ascii_uppercase();
        match property.name.as_str() {
            "BEGIN" => {
                if calendar.is_some() || (open.is_empty() && name != "VCALENDAR") {
                    return Err(fail(number, "one VCALENDAR expected"));
                }
                if open.len() >= MAX_DEPTH {
                    return Err(fail(number, "components nested too deep"));
                }
                open.push(Component {
                    name,
                    ..Component::default()
                });
            }
            "END" => {
                let done = open
                    .pop()
                    .filter(|c| c.name == name)
                    .ok_or_else(|| fail(number, "END does not close the open BEGIN"))?;
                match open.last_mut() {
                    Some(parent) => parent.components.push(done),
                    None => calendar = Some(done),
                }
            }
            _ => open
                .last_mut()
                .ok_or_else(|| fail(number, "text outside the VCALENDAR"))?
                .properties
                .push(property),
        }
    }
    if let Some(component) = open.last() {
        let what = format!(
            "BEGIN:{} has no END (the text may be cut off)",
            component.name
        );
        return Err(MappingError::unreadable(what));
    }
    calendar.ok_or_else(|| MappingError::unreadable("no BEGIN:VCALENDAR"))
}

/// The first value of parameter `key` of `property`.
pub fn param<'a>(property: &'a Property, key: &str) -> Option<&'a str> {
    property
        .params
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, values)| values.first())
        .map(String::as_str)
}

/// The record of a calendar object: its one component named `kind` (`VTODO`, `VJOURNAL`).
///
/// # Errors
///
/// [`MappingError::NotOne`] when there is none, or more than one.
pub fn only<'a>(
    calendar: &'a Component,
    kind: &'static str,
) -> Result<&'a Component, MappingError> {
    let found: Vec<&Component> = calendar.children(kind).collect();
    match found.as_slice() {
        [one] => Ok(one),
        _ => Err(MappingError::NotOne {
            kind,
            count: found.len(),
        }),
    }
}

/// The calendar's time zones as one field value (content lines joined by `'\n'`), if any.
pub fn timezones_field(calendar: &Component) -> Option<String> {
    let lines: Vec<String> = calendar
        .children("VTIMEZONE")
        .flat_map(Component::lines)
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// Begins a calendar object of one record as rapport writes it: the calendar's head with the kept
/// time zones (the `timezones` field), then `BEGIN:kind`, the UID, DTSTAMP and LAST-MODIFIED as
/// `stamp`, CREATED as kept (else `stamp`). [`end_record`] closes it.
pub fn begin_record(out: &mut String, kind: &str, uid: &str, fields: &Fields, stamp: &str) {
    fold_into(out, "BEGIN:VCALENDAR");
    fold_into(out, "VERSION:2.0");
    fold_into(out, "PRODID:-//rapport//rapport//EN");
    for line in text(fields, "timezones")
        .into_iter()
        .flat_map(|t| t.split('\n'))
    {
        fold_into(out, line);
    }
    fold_into(out, &format!("BEGIN:{kind}"));
    fold_into(out, &format!("UID:{}", text_value(uid)));
    fold_into(out, &format!("DTSTAMP:{stamp}"));
    let created = text(fields, "created").unwrap_or(stamp);
    fold_into(out, &format!("CREATED:{created}"));
    fold_into(out, &format!("LAST-MODIFIED:{stamp}"));
}

/// Ends what [`begin_record`] began.
pub fn end_record(out: &mut String, kind: &str) {
    fold_into(out, &format!("END:{kind}"));
    fold_into(out, "END:VCALENDAR");
}

/// A UTC date-time as iCalendar writes it: `20261127T090000Z`.
pub fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Reads a DATE (`20261127`) or the date of a DATE-TIME (`20261127T090000`, with or without `Z`).
pub fn date_of(value: &str) -> Option<NaiveDate> {
    let digits = value.get(..8)?;
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

/// Reads a DATE-TIME as written (`20261127T090000Z` or without the `Z`, read as UTC); a DATE is
/// midnight.
pub fn date_time_of(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim();
    let plain = value.strip_suffix(['Z', 'z']).unwrap_or(value);
    if plain.len() == 8 {
        return date_of(plain)?.and_hms_opt(0, 0, 0);
    }
    NaiveDateTime::parse_from_str(plain, "%Y%m%dT%H%M%S").ok()
}

/// A TEXT value with its escapes undone.
pub fn text_of(property: &Property) -> String {
    crate::transfer::vcard::unescape(&property.value)
}

/// What an `ATTENDEE` (its `mailto:` address and `CN`) or `CONTACT` (its text) says about a contact.
pub fn hint_of(property: &Property) -> ContactHint {
    let mut hint = ContactHint::default();
    let value = property.value.trim();
    if property.name == "CONTACT" {
        hint.names.push(text_of(property));
    } else {
        if let Some(email) = value.get(..7).filter(|s| s.eq_ignore_ascii_case("mailto:")) {
            hint.emails.push(value[email.len()..].to_string());
        }
        if let Some(name) = param(property, "CN") {
            hint.names.push(name.to_string());
        }
    }
    hint.names.retain(|n| !n.trim().is_empty());
    hint.emails.retain(|e| !e.trim().is_empty());
    hint
}

/// Writes an `ATTENDEE` for a contact: its name as `CN`, its UID as `X-RAPPORT-CONTACT`, its address
/// as `mailto:` (a contact without email gets a `urn:uuid:`-style address made of its UID).
pub fn push_attendee(out: &mut String, contact: &ContactLabel<'_>) {
    let address = match contact.email {
        Some(email) => format!("mailto:{email}"),
        None => format!("urn:uuid:{}", contact.uid),
    };
    let address: String = address.chars().filter(|c| !c.is_control()).collect();
    fold_into(
        out,
        &format!(
            "ATTENDEE;CN={};X-RAPPORT-CONTACT={}:{address}",
            param_value(contact.name),
            param_value(contact.uid)
        ),
    );
}

/// True for a kept `ATTENDEE` or `CONTACT` line that names `contact` (by email or name): rapport
/// writes its own line for the contact, so the kept one is left out.
pub fn names_contact(line: &str, contact: &ContactLabel<'_>) -> bool {
    let Some(property) = Property::read(line) else {
        return false;
    };
    if property.name != "ATTENDEE" && property.name != "CONTACT" {
        return false;
    }
    let hint = hint_of(&property);
    let folded = crate::text::fold;
    hint.emails
        .iter()
        .any(|e| contact.email.is_some_and(|m| e.eq_ignore_ascii_case(m)))
        || hint.names.iter().any(|n| folded(n) == folded(contact.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_unfolds_to_the_original() {
        for line in [
            format!("SUMMARY:{}", "ü".repeat(100)),
            format!("SUMMARY:{}", "日本語".repeat(30)),
            format!("SUMMARY:a{}", "🦀".repeat(40)),
            format!("DESCRIPTION:{}", "word ".repeat(40)),
            format!("X:{}", " ".repeat(200)),
            "SHORT:x".to_string(),
        ] {
            let mut out = String::new();
            fold_into(&mut out, &line);
            for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
                assert!(physical.len() <= MAX_LINE, "{physical:?}");
            }
            let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
            assert_eq!(unfolded, line);
            let physical: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
            // Only a fold must not leave a space at a line's end; the value's own end may.
            for physical in &physical[..physical.len() - 1] {
                if !physical.trim().is_empty() {
                    assert!(!physical.ends_with(' '), "{physical:?}");
                }
            }
        }
    }

    #[test]
    fn text_values_are_escaped_and_cleaned() {
        assert_eq!(
            text_value("a,b;c\\d\ne\u{1b}[1m\tf"),
            "a\\,b\\;c\\\\d\\ne[1m\tf"
        );
        let text = "a,b;c\\d\ne\\nf:\tg";
        assert_eq!(crate::transfer::vcard::unescape(&text_value(text)), text);
    }

    #[test]
    fn parameters_are_quoted_when_they_must_be() {
        assert_eq!(param_value("Anna"), "Anna");
        assert_eq!(param_value("Müller, Anna"), "\"Müller, Anna\"");
        assert_eq!(param_value("a\"b:c"), "\"ab:c\"");
    }

    #[test]
    fn dates_and_date_times_are_read_or_refused() {
        assert_eq!(date_of("20261127"), NaiveDate::from_ymd_opt(2026, 11, 27));
        assert_eq!(
            date_of("20261127T100000Z"),
            NaiveDate::from_ymd_opt(2026, 11, 27)
        );
        for bad in ["", "2026", "20261345", "2026-11-27", "日本語日本語日本語"] {
            assert_eq!(date_of(bad), None, "{bad}");
        }
        assert!(date_time_of("20261127T100000Z").is_some());
        assert!(date_time_of("20261127T250000Z").is_none());
    }

    #[test]
    fn broken_calendars_are_errors() {
        for text in [
            "",
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nEND:VTODO\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n",
            "BEGIN:VTODO\r\nEND:VTODO\r\n",
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nX:after\r\n",
            "BEGIN:VCALENDAR\r\nX;NOEQUALS:y\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nX;P=\"open:y\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nnonsense\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        ] {
            assert!(read_calendar(text).is_err(), "{text:?}");
        }
        let huge = format!(
            "BEGIN:VCALENDAR\r\nX:{}\r\nEND:VCALENDAR\r\n",
            "a".repeat(MAX_OBJECT_BYTES)
        );
        assert!(read_calendar(&huge).is_err());
        let deep = format!(
            "BEGIN:VCALENDAR\r\n{}{}END:VCALENDAR\r\n",
            "BEGIN:X\r\n".repeat(MAX_DEPTH),
            "END:X\r\n".repeat(MAX_DEPTH)
        );
        assert!(read_calendar(&deep).is_err());
    }

    #[test]
    fn values_and_lines_are_read_exactly_as_written() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nDESCRIPTION::-) good talk  \r\n\
                    X-A;P=\"x:y\";Q=a,\"b,c\":v\r\n  folded \r\n\tagain\r\n\
                    BEGIN:X-OTHER-APP\r\nX-K:1\r\nEND:X-OTHER-APP\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n";
        let calendar = read_calendar(text).unwrap();
        let journal = only(&calendar, "VJOURNAL").unwrap();
        assert_eq!(journal.properties[0].value, ":-) good talk  ");
        let x = &journal.properties[1];
        assert_eq!(x.value, "v folded again");
        assert_eq!(param(x, "P"), Some("x:y"));
        assert_eq!(x.params[1].1, ["a", "b,c"]);
        assert_eq!(x.line(), "X-A;P=\"x:y\";Q=a,\"b,c\":v folded again");
        assert_eq!(
            journal.components[0].lines(),
            ["BEGIN:X-OTHER-APP", "X-K:1", "END:X-OTHER-APP"]
        );
    }
}
