//! [`Fields`]: the neutral form of a synced record, compared, merged and kept as the base of the next
//! sync; the error of reading a server's text; the hints that name a contact in a foreign record.

use crate::i18n::tr;
use std::collections::BTreeMap;

/// Field name -> value, in a fixed (sorted) order; a missing key is no value. A list (tags, an entry's
/// contacts, kept card rows, kept calendar lines) is one field, its items joined by `'\n'` in their order.
pub type Fields = BTreeMap<String, String>;

/// Fields that only the server's text has (what rapport does not understand of a VTODO or VJOURNAL, its
/// time zones, its creation time): the local record cannot hold them, so the engine carries them from
/// the base into the local [`Fields`] ([`with_kept`]) and they are written back unchanged.
pub const KEPT: &[&str] = &["created", "due_line", "extra", "start_line", "timezones"];

/// `local` with the [`KEPT`] fields of `base` (the last agreed state) added.
pub fn with_kept(mut local: Fields, base: Option<&Fields>) -> Fields {
    if let Some(base) = base {
        for key in KEPT {
            if let Some(value) = base.get(*key) {
                local.insert((*key).to_string(), value.clone());
            }
        }
    }
    local
}

/// Sets `key` to `value` when there is one (an empty text is no value).
pub fn put(fields: &mut Fields, key: &str, value: Option<impl Into<String>>) {
    if let Some(value) = value.map(Into::into).filter(|v| !v.is_empty()) {
        fields.insert(key.to_string(), value);
    }
}

/// A list as one field value: the items joined by `'\n'`, `None` when there are none.
pub fn join_list<S: AsRef<str>>(items: &[S]) -> Option<String> {
    (!items.is_empty()).then(|| {
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The items of a list field (see [`join_list`]); none when the field is missing.
pub fn list<'a>(fields: &'a Fields, key: &str) -> Vec<&'a str> {
    fields
        .get(key)
        .map_or_else(Vec::new, |v| v.split('\n').collect())
}

/// A field's value as text, if any.
pub fn text<'a>(fields: &'a Fields, key: &str) -> Option<&'a str> {
    fields.get(key).map(String::as_str)
}

/// What names the contact of a record written by another app, for the engine to match: a contact's
/// sync UID, email addresses (ATTENDEE `mailto:`), names (ATTENDEE `CN`, `CONTACT`, a journal's SUMMARY).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactHint {
    /// The contact's UID when the record names it (`X-RAPPORT-CONTACT`).
    pub uid: Option<String>,
    /// Email addresses, without `mailto:`.
    pub emails: Vec<String>,
    /// Names, as written.
    pub names: Vec<String>,
}

/// A contact as a calendar record names it: its sync UID, its name and email for `ATTENDEE`/`CONTACT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactLabel<'a> {
    /// The contact's sync UID.
    pub uid: &'a str,
    /// The contact's name.
    pub name: &'a str,
    /// The contact's email, if any.
    pub email: Option<&'a str>,
}

/// Why a server's record could not be read: one line for the user (a hostile or broken server never
/// makes rapport panic, and the record is reported, not guessed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// The text is not a vCard or iCalendar object rapport can read.
    #[error("{}", tr("sync_record.unreadable", &[("reason", reason)]))]
    Unreadable {
        /// What is wrong (from the parser), control characters removed.
        reason: String,
    },
    /// The text holds no record of the kind, or more than one.
    #[error("{}", tr("sync_record.not_one", &[("kind", kind), ("count", count)]))]
    NotOne {
        /// `VCARD`, `VTODO` or `VJOURNAL`.
        kind: &'static str,
        /// How many it holds.
        count: usize,
    },
    /// A calendar record without a UID.
    #[error("{}", tr("sync_record.no_uid", &[("kind", kind)]))]
    NoUid {
        /// `VTODO` or `VJOURNAL`.
        kind: &'static str,
    },
    /// A property rapport needs has a value it cannot read.
    #[error("{}", tr("sync_record.invalid", &[("property", property), ("value", value)]))]
    Invalid {
        /// The property (`DUE`, `STATUS`, `X-RAPPORT-MOOD`).
        property: String,
        /// Its value, shortened and without control characters.
        value: String,
    },
}

impl MappingError {
    /// An [`MappingError::Unreadable`] with the reason cleaned for the terminal.
    pub fn unreadable(reason: impl std::fmt::Display) -> MappingError {
        MappingError::Unreadable {
            reason: short(&reason.to_string()),
        }
    }

    /// An [`MappingError::Invalid`] for `property` with `value`, cleaned and shortened.
    pub fn invalid(property: &str, value: &str) -> MappingError {
        MappingError::Invalid {
            property: short(property),
            value: short(value),
        }
    }
}

/// At most 60 columns of `text`, on one line, safe for the terminal.
fn short(text: &str) -> String {
    crate::text::truncate_width(&crate::text::sanitize_line(text), 60)
}

/// What the mapping tests share: a contact label and a stamp.
#[cfg(test)]
pub(crate) mod fixture {
    use super::ContactLabel;
    use chrono::{DateTime, TimeZone, Utc};

    /// A contact with a comma in her name and an email.
    pub const ANNA: ContactLabel<'static> = ContactLabel {
        uid: "c-anna",
        name: "Anna Müller, GF",
        email: Some("anna@example.org"),
    };

    /// The time records are written at.
    pub fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_join_and_split_in_order() {
        let mut fields = Fields::new();
        put(&mut fields, "tags", join_list(&["b", "a, c"]));
        put(&mut fields, "empty", join_list::<&str>(&[]));
        put(&mut fields, "blank", Some(""));
        assert_eq!(list(&fields, "tags"), ["b", "a, c"]);
        assert!(list(&fields, "empty").is_empty());
        assert!(!fields.contains_key("blank"));
    }

    #[test]
    fn kept_fields_come_from_the_base_only() {
        let local = Fields::from([("text".into(), "x".into())]);
        let base = Fields::from([
            ("text".into(), "old".into()),
            ("extra".into(), "PRIORITY:1".into()),
        ]);
        let carried = with_kept(local.clone(), Some(&base));
        assert_eq!(carried.get("text").map(String::as_str), Some("x"));
        assert_eq!(text(&carried, "extra"), Some("PRIORITY:1"));
        assert_eq!(with_kept(local.clone(), None), local);
    }

    #[test]
    fn errors_are_one_clean_line() {
        let e = MappingError::invalid("DUE", &format!("\u{1b}[31m{}", "9".repeat(200)));
        let line = e.to_string();
        assert!(!line.contains('\u{1b}') && !line.contains('\n'), "{line}");
        assert!(line.chars().count() < 160, "{line}");
    }
}
