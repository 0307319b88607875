//! Values: escapes, text clean-up, dates.

use super::NO_YEAR;
use super::read::{Property, split_unquoted};
use super::write::format_date;
use crate::domain::model::CardProperty;
use chrono::NaiveDate;

impl CardProperty {
    /// The property's name without its group: `EMAIL` for `item1.EMAIL`.
    pub fn base_name(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or_default()
    }

    /// The value as plain text on one line: escapes undone, and for an EMAIL or TEL without its
    /// `mailto:` or `tel:`; what an email or phone field of rapport's would hold.
    pub fn plain_value(&self) -> String {
        let text = single_line(&unescape(&self.value));
        let scheme = match self.base_name() {
            "EMAIL" => "mailto:",
            "TEL" => "tel:",
            _ => return text,
        };
        strip_scheme(&text, scheme).to_string()
    }

    /// What the row says for the contact field of its kind, as the export compares it with the
    /// field: the plain value of an EMAIL, TEL, TITLE or ROLE, the company of an ORG, the birthday of
    /// a BDAY (`--MMDD` or `YYYYMMDD`); `None` for other rows. A row that says the field's value is
    /// written in its place (`ORG;TYPE=work:Viagenie` instead of `ORG:Viagenie`).
    pub fn field_value(&self) -> Option<String> {
        match self.base_name() {
            "EMAIL" | "TEL" | "TITLE" | "ROLE" => Some(self.plain_value()),
            "ORG" => unescape_split(&self.value, Some(';'))
                .first()
                .map(|company| single_line(company)),
            "BDAY" => {
                let omitted = split_unquoted(&self.params, ';').into_iter().find_map(|p| {
                    let (key, value) = p.split_once('=')?;
                    key.trim()
                        .eq_ignore_ascii_case("X-APPLE-OMIT-YEAR")
                        .then_some(value)
                });
                parse_date(&self.value, omitted).map(format_date)
            }
            _ => None,
        }
    }
}

/// Splits a value on `separator` (when given) outside backslash escapes and undoes the escapes of
/// RFC 6350 and 2426 (`\,` `\;` `\\` `\n` `\N`) and those real writers add (`\:` `\"` `\'`); any
/// other backslash is kept as written (a Windows path in a note).
pub fn unescape_split(value: &str, separator: Option<char>) -> Vec<String> {
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
pub(super) fn unescape_parameter(value: &str) -> String {
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
pub fn unescape(value: &str) -> String {
    unescape_split(value, None).pop().unwrap_or_default()
}

/// One line of text: line breaks and tabs become spaces, other control characters go, ends trimmed.
pub fn single_line(text: &str) -> String {
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
pub(super) fn block(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| matches!(c, '\n' | '\t') || !c.is_control())
        .collect();
    text.trim().to_string()
}

pub(super) fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// A text value as one line, `None` when empty.
pub(super) fn one_line(value: &str) -> Option<String> {
    non_empty(single_line(&unescape(value)))
}

/// An email address or phone number without its URI `scheme`, with the property's preference;
/// `None` when nothing is left.
pub(super) fn reachable(property: &Property, value: &str, scheme: &str) -> Option<(u8, String)> {
    let text = single_line(&unescape(value));
    let text = strip_scheme(&text, scheme);
    (!text.is_empty()).then(|| (property.preference(), text.to_string()))
}

/// Reads `1970-03-01`, `19700301`, `--0301`, `--03-01`, `1970-03-01T00:00:00Z` and `19700301T000000Z`.
/// A missing year (and year 0, and the year Apple names in `X-APPLE-OMIT-YEAR`) becomes [`NO_YEAR`].
pub(super) fn parse_date(value: &str, omitted_year: Option<&str>) -> Option<NaiveDate> {
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

pub(super) fn strip_scheme<'a>(value: &'a str, scheme: &str) -> &'a str {
    match value.get(..scheme.len()) {
        Some(start) if start.eq_ignore_ascii_case(scheme) => value[scheme.len()..].trim(),
        _ => value,
    }
}

/// `incoming` rows to add to a card that holds `have`, each group `have` already uses renamed to a
/// free `itemN` (one new name per group), so that rows of different cards never share a group
/// (`item1.` twice would tie one card's label to the other's email).
pub fn regroup(have: &[CardProperty], mut incoming: Vec<CardProperty>) -> Vec<CardProperty> {
    fn group(p: &CardProperty) -> Option<String> {
        p.name.rsplit_once('.').map(|(g, _)| g.to_ascii_lowercase())
    }
    let mut used: Vec<String> = have.iter().chain(&incoming).filter_map(group).collect();
    let taken: Vec<String> = have.iter().filter_map(group).collect();
    let mut renamed: Vec<(String, String)> = Vec::new();
    for row in &mut incoming {
        let Some(old) = group(row).filter(|g| taken.contains(g)) else {
            continue;
        };
        let new = match renamed.iter().find(|(o, _)| *o == old) {
            Some((_, new)) => new.clone(),
            None => {
                let new = (1..)
                    .map(|n| format!("item{n}"))
                    .find(|g| !used.contains(g))
                    .unwrap_or_default();
                used.push(new.clone());
                renamed.push((old, new.clone()));
                new
            }
        };
        row.name = format!("{new}.{}", row.base_name());
    }
    incoming
}
