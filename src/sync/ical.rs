//! iCalendar text (RFC 5545) for the calendar export and the sync of promises and entries: writing
//! (TEXT escaping, folding at 75 octets) and reading (the `ical` crate's parser, its errors turned
//! into [`MappingError`]s; nothing a server sends makes rapport panic).

use super::fields::{ContactHint, ContactLabel, MappingError};
use crate::transfer::lines::MAX_LINE_BYTES;
use ::ical::parser::ical::component::{IcalAlarm, IcalCalendar, IcalTimeZone};
use ::ical::property::Property;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// The longest content line in octets, line break excluded (RFC 5545 §3.1).
pub const MAX_LINE: usize = 75;

/// The largest calendar object read from a server: a record is a few kilobytes; a larger one (a
/// hostile server, endless data) is refused before it is parsed.
pub const MAX_OBJECT_BYTES: usize = MAX_LINE_BYTES;

/// A TEXT value (RFC 5545 §3.3.11): backslash, `;` and `,` escaped, line breaks as `\n`, tabs kept,
/// other control characters removed. [`crate::transfer::vcard::unescape`] reads it back.
pub fn text_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

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

/// One property read by the parser as a content line again (`NAME;KEY=a,b:value`, unfolded), for the
/// lines rapport keeps without understanding them.
pub fn content_line(property: &Property) -> String {
    let mut line = property.name.clone();
    for (key, values) in property.params.iter().flatten() {
        let values: Vec<String> = values.iter().map(|v| param_value(v)).collect();
        line.push_str(&format!(";{key}={}", values.join(",")));
    }
    line.push(':');
    line.push_str(property.value.as_deref().unwrap_or_default());
    line
}

/// The first value of parameter `key` of `property`.
pub fn param<'a>(property: &'a Property, key: &str) -> Option<&'a str> {
    property
        .params
        .iter()
        .flatten()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, values)| values.first())
        .map(String::as_str)
}

/// Reads the one calendar of a server's text (`BEGIN:VCALENDAR` … `END:VCALENDAR`).
///
/// # Errors
///
/// [`MappingError::Unreadable`] for a text over [`MAX_OBJECT_BYTES`], one the parser refuses (a
/// missing END, a line that is not `NAME:VALUE`, an unknown component), no calendar or a second one.
pub fn read_calendar(text: &str) -> Result<IcalCalendar, MappingError> {
    if text.len() > MAX_OBJECT_BYTES {
        return Err(MappingError::unreadable(format!(
            "{} bytes (at most {MAX_OBJECT_BYTES})",
            text.len()
        )));
    }
    let mut parser = ::ical::IcalParser::new(text.as_bytes());
    let calendar = match parser.next() {
        Some(Ok(calendar)) => calendar,
        Some(Err(e)) => return Err(MappingError::unreadable(e)),
        None => return Err(MappingError::unreadable("no BEGIN:VCALENDAR")),
    };
    if parser.next().is_some() {
        return Err(MappingError::unreadable("more than one VCALENDAR"));
    }
    Ok(calendar)
}

/// A time zone component as content lines, for the record to carry it back.
pub fn timezone_lines(zone: &IcalTimeZone) -> Vec<String> {
    let mut lines = vec!["BEGIN:VTIMEZONE".to_string()];
    lines.extend(zone.properties.iter().map(content_line));
    for transition in &zone.transitions {
        let name = match transition.transition {
            ::ical::parser::ical::component::IcalTimeZoneTransitionType::STANDARD => "STANDARD",
            ::ical::parser::ical::component::IcalTimeZoneTransitionType::DAYLIGHT => "DAYLIGHT",
        };
        lines.push(format!("BEGIN:{name}"));
        lines.extend(transition.properties.iter().map(content_line));
        lines.push(format!("END:{name}"));
    }
    lines.push("END:VTIMEZONE".to_string());
    lines
}

/// The calendar's head as rapport writes it, with the kept time zones (content lines joined by `'\n'`).
pub fn begin_calendar(out: &mut String, timezones: Option<&str>) {
    fold_into(out, "BEGIN:VCALENDAR");
    fold_into(out, "VERSION:2.0");
    fold_into(out, "PRODID:-//rapport//rapport//EN");
    for line in timezones.into_iter().flat_map(|t| t.split('\n')) {
        fold_into(out, line);
    }
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

/// An alarm (VALARM) as content lines, kept for the record to write back.
pub fn alarm_lines(alarm: &IcalAlarm) -> Vec<String> {
    let mut lines = vec!["BEGIN:VALARM".to_string()];
    lines.extend(alarm.properties.iter().map(content_line));
    lines.push("END:VALARM".to_string());
    lines
}

/// The calendar's time zones as one field value (content lines joined by `'\n'`), if any.
pub fn timezones_field(calendar: &IcalCalendar) -> Option<String> {
    let lines: Vec<String> = calendar.timezones.iter().flat_map(timezone_lines).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A TEXT value with its escapes undone.
pub fn text_of(property: &Property) -> String {
    crate::transfer::vcard::unescape(property.value.as_deref().unwrap_or_default())
}

/// What an `ATTENDEE` (its `mailto:` address and `CN`) or `CONTACT` (its text) says about a contact.
pub fn hint_of(property: &Property) -> ContactHint {
    let mut hint = ContactHint::default();
    let value = property.value.as_deref().unwrap_or_default().trim();
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
    let Some(Ok(property)) = ::ical::PropertyParser::from_reader(line.as_bytes()).next() else {
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
            "BEGIN:VCALENDAR\r\nBEGIN:VNOTHING\r\nEND:VNOTHING\r\nEND:VCALENDAR\r\n",
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
    }
}
