//! The time in a jrnl entry header, in whichever format jrnl wrote it: jrnl formats it with the
//! `timeformat` of its config (`%F %r`, "2026-11-20 02:30:00 PM", since jrnl 3; `%Y-%m-%d %H:%M` before),
//! so a journal can carry any strftime format. The common ones are recognised by themselves; any other
//! is read with the user's own `timeformat` from their `jrnl.yaml` ([`TimeFormats::from_config`]).

use chrono::format::{ParseErrorKind, StrftimeItems};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Formats recognised without a config: jrnl's default since 3.0, the other 12 and 24 hour forms
/// people set, and jrnl's default before 3.0 (which headers also read by a faster path).
const KNOWN: &[&str] = &[
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %I:%M:%S %p",
    "%d.%m.%Y %I:%M %p",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
];

/// The longest bracketed stamp looked at (a header's stamp is short; a body line is not a header).
pub(super) const MAX_STAMP: usize = 64;

/// The time formats a journal's headers are read with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeFormats {
    /// The user's `timeformat`, tried first.
    configured: Option<String>,
}

/// Why a jrnl config gives no time format.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// The `timeformat` is not a strftime format rapport can read.
    #[error("timeformat '{0}' is not a strftime format")]
    BadFormat(String),
}

impl TimeFormats {
    /// The common formats and the user's own `format` (a strftime format, as in `jrnl.yaml`).
    pub fn with(format: &str) -> Result<TimeFormats, ConfigError> {
        let bad = || ConfigError::BadFormat(crate::text::sanitize_line(format));
        let items = StrftimeItems::new(format);
        if format.trim().is_empty() || items.clone().any(|i| i == chrono::format::Item::Error) {
            return Err(bad());
        }
        Ok(TimeFormats {
            configured: Some(format.to_string()),
        })
    }

    /// The formats of a `jrnl.yaml`: its top-level `timeformat` (quoted or not) when it has one.
    pub fn from_config(yaml: &str) -> Result<TimeFormats, ConfigError> {
        match top_level_value(yaml, "timeformat") {
            Some(format) => TimeFormats::with(&format),
            None => Ok(TimeFormats::default()),
        }
    }

    /// Reads the stamp `text` (what is between the brackets): `None` when it is in none of the
    /// formats, `Some(None)` when it is shaped like a date but names none (the 40th of a month).
    pub(super) fn read(&self, text: &str) -> Option<Option<NaiveDateTime>> {
        if text.len() > MAX_STAMP || text.trim() != text || text.is_empty() {
            return None;
        }
        // A moment in any format wins over a stamp that one format reads as an impossible one (14
        // o'clock is out of range for `%I`).
        let mut impossible = None;
        let formats = self.configured.iter().map(|f| (f.as_str(), true));
        for (format, own) in formats.chain(KNOWN.iter().map(|f| (*f, false))) {
            match read_as(text, format, own) {
                Some(Some(at)) => return Some(Some(at)),
                Some(None) => impossible = Some(None),
                None => {}
            }
        }
        impossible.or_else(|| self.first_of_month(text))
    }

    /// True when the user named a format of their own.
    pub(super) fn has_own(&self) -> bool {
        self.configured.is_some()
    }

    /// A stamp whose date has no day, `2019-07 14:23`, as jrnl reads it: the first of the month.
    fn first_of_month(&self, text: &str) -> Option<Option<NaiveDateTime>> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            b.get(range)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        };
        let month_only =
            digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b' ');
        // '-' and ' ' are ASCII, so 7 is a character boundary; the new text has a day, so this
        // recurses once.
        month_only
            .then(|| self.read(&format!("{}-01{}", &text[..7], &text[7..])))
            .flatten()
    }
}

/// `text` in `format`; `date_only` also accepts a format without a time (midnight), as a user's own
/// `timeformat` may be.
fn read_as(text: &str, format: &str, date_only: bool) -> Option<Option<NaiveDateTime>> {
    match NaiveDateTime::parse_from_str(text, format) {
        Ok(at) => Some(Some(at)),
        Err(e)
            if matches!(
                e.kind(),
                ParseErrorKind::OutOfRange | ParseErrorKind::Impossible
            ) =>
        {
            Some(None)
        }
        Err(e) if date_only && e.kind() == ParseErrorKind::NotEnough => {
            match NaiveDate::parse_from_str(text, format) {
                Ok(day) => Some(Some(day.and_time(NaiveTime::MIN))),
                Err(e) => matches!(
                    e.kind(),
                    ParseErrorKind::OutOfRange | ParseErrorKind::Impossible
                )
                .then_some(None),
            }
        }
        Err(_) => None,
    }
}

/// The value of a top-level `key: value` line of a YAML file, without its quotes (`''` in a
/// single-quoted value is one quote). Enough for jrnl's flat config; nested keys are not top-level.
fn top_level_value(yaml: &str, key: &str) -> Option<String> {
    yaml.lines().find_map(|line| {
        let value = line
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix(':')?
            .trim();
        let unquoted = if let Some(inner) = value.strip_prefix('\'') {
            // The closing quote is a lone one ('' stands for a quote); a comment may follow.
            let doubled = inner.replace("''", "\u{0}");
            doubled[..doubled.find('\'')?].replace('\u{0}', "'")
        } else if let Some(inner) = value.strip_prefix('"') {
            let doubled = inner.replace("\\\"", "\u{0}");
            doubled[..doubled.find('"')?].replace('\u{0}', "\"")
        } else {
            value.split(" #").next().unwrap_or(value).trim().to_string()
        };
        Some(unquoted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("test date")
    }

    #[test]
    fn common_formats_read_without_a_config() {
        let formats = TimeFormats::default();
        for (stamp, expected) in [
            ("2026-11-20 02:30:00 PM", "2026-11-20 14:30:00"),
            ("2026-11-20 12:05:00 AM", "2026-11-20 00:05:00"),
            ("2026-11-20 12:05 pm", "2026-11-20 12:05:00"),
            ("20.11.2026 14:30", "2026-11-20 14:30:00"),
            ("20.11.2026 14:30:59", "2026-11-20 14:30:59"),
            ("20.11.2026 02:30 PM", "2026-11-20 14:30:00"),
            ("2026-11-20 14:30", "2026-11-20 14:30:00"),
            // jrnl reads a month without a day as its first day.
            ("2019-07 14:23", "2019-07-01 14:23:00"),
            ("2019-07 02:23:10 PM", "2019-07-01 14:23:10"),
        ] {
            assert_eq!(formats.read(stamp), Some(Some(at(expected))), "{stamp}");
        }
        for stamp in [
            "not a date",
            "2026-11-20",
            "20.11.2026",
            " 20.11.2026 14:30",
            "2019-07",
            "2019-07 x",
            "",
        ] {
            assert_eq!(formats.read(stamp), None, "{stamp}");
        }
        for stamp in [
            "2026-02-29 10:00:00 AM",
            "40.11.2026 14:30",
            "2026-11-20 13:00 PM",
            "2019-13 14:23",
        ] {
            assert_eq!(formats.read(stamp), Some(None), "{stamp}");
        }
    }

    #[test]
    fn the_users_format_comes_from_the_config() {
        let yaml = "colors:\n  date: black\n  timeformat: '%Y'\nindent_character: '|'\n\
                    timeformat: '%a %d %b %Y, %H.%M'\nversion: v4.2\n";
        let formats = TimeFormats::from_config(yaml).expect("config");
        assert_eq!(
            formats.read("Fri 20 Nov 2026, 14.30"),
            Some(Some(at("2026-11-20 14:30:00")))
        );
        assert_eq!(
            TimeFormats::from_config("timeformat: \"%d/%m/%Y\" # date only\n")
                .expect("config")
                .read("20/11/2026"),
            Some(Some(at("2026-11-20 00:00:00")))
        );
        assert_eq!(
            TimeFormats::from_config("timeformat: %d/%m/%Y %H:%M\n").expect("config"),
            TimeFormats::with("%d/%m/%Y %H:%M").expect("format")
        );
        assert_eq!(
            TimeFormats::from_config("editor: vim\n").expect("config"),
            TimeFormats::default()
        );
        assert!(TimeFormats::from_config("timeformat: '%Q %Y'\n").is_err());
        assert!(TimeFormats::from_config("timeformat: ''\n").is_err());
        assert_eq!(
            TimeFormats::from_config("timeformat: 'it''s %H:%M' # own\n").expect("config"),
            TimeFormats::with("it's %H:%M").expect("format")
        );
    }
}
