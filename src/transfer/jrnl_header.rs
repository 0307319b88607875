//! The header line of a plain-text jrnl entry: `[2026-11-20 14:30] Title` (jrnl 2 and later) or
//! `2026-11-20 14:30 Title` (jrnl 1), with the stamp in any format of [`TimeFormats`]; and lines that
//! look like a header but cannot be read as one, which the import names.

use super::jrnl_time::{MAX_STAMP, TimeFormats};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// How a journal writes its entry headers. One journal uses one form; after the first header only
/// that form starts an entry, so a body line beginning with a date in the other form stays text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// `[2026-11-20 14:30] Title` (jrnl 2 and later).
    Bracketed,
    /// `2026-11-20 14:30 Title` (jrnl 1).
    Plain,
}

/// A line shaped like an entry header: its form, its date and time (`None` when no such moment
/// exists), the stamp as written (for messages) and the rest of the line.
pub(super) struct Header<'a> {
    pub(super) style: Style,
    pub(super) at: Option<NaiveDateTime>,
    pub(super) stamp: &'a str,
    pub(super) rest: &'a str,
}

/// The digits `b[from..from + len]` as a number, when they are all ASCII digits.
fn number(b: &[u8], from: usize, len: usize) -> Option<u32> {
    let digits = b.get(from..from + len)?;
    digits.iter().try_fold(0u32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// Reads `YYYY-MM-DD HH:MM` with optional `:SS` at `from`: the moment (if it exists) and the length.
fn stamp_at(b: &[u8], from: usize) -> Option<(Option<NaiveDateTime>, usize)> {
    let year = number(b, from, 4)?;
    let month = (b.get(from + 4) == Some(&b'-'))
        .then(|| number(b, from + 5, 2))
        .flatten()?;
    let day = (b.get(from + 7) == Some(&b'-'))
        .then(|| number(b, from + 8, 2))
        .flatten()?;
    let hour = (b.get(from + 10) == Some(&b' '))
        .then(|| number(b, from + 11, 2))
        .flatten()?;
    let minute = (b.get(from + 13) == Some(&b':'))
        .then(|| number(b, from + 14, 2))
        .flatten()?;
    let (second, len) = match (b.get(from + 16), number(b, from + 17, 2)) {
        (Some(b':'), Some(s)) => (s, 19),
        _ => (0, 16),
    };
    let date = i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, day));
    let time = NaiveTime::from_hms_opt(hour, minute, second);
    Some((date.zip(time).map(|(d, t)| d.and_time(t)), len))
}

/// True at the end of the line or at a space or tab: what must follow a stamp.
fn ends_word(b: &[u8], at: usize) -> bool {
    matches!(b.get(at), None | Some(b' ' | b'\t'))
}

/// The header on this line, if the line is shaped like one of `style` (either, before the first
/// header): a bracketed stamp in `%Y-%m-%d %H:%M[:%S]` (read fast) or in one of `formats`, or an
/// unbracketed one (jrnl 1) in the same formats.
pub(super) fn header_of<'a>(
    line: &'a str,
    formats: &TimeFormats,
    style: Option<Style>,
) -> Option<Header<'a>> {
    let bracketed = line.starts_with('[');
    match style {
        Some(Style::Plain) if bracketed => None,
        Some(Style::Bracketed) if !bracketed => None,
        _ if bracketed => bracketed_header(line, formats),
        _ => plain_header(line, formats),
    }
}

/// `[stamp] rest`.
fn bracketed_header<'a>(line: &'a str, formats: &TimeFormats) -> Option<Header<'a>> {
    let b = line.as_bytes();
    let iso = stamp_at(b, 1)
        .filter(|(_, len)| b.get(1 + len) == Some(&b']'))
        .map(|(at, len)| (at, len + 1));
    let (at, close) = match iso {
        Some(found) => found,
        None => {
            let close = b.iter().take(MAX_STAMP + 2).position(|c| *c == b']')?;
            (formats.read(&line[1..close])?, close)
        }
    };
    // '[' and ']' are ASCII, so these indices are character boundaries.
    ends_word(b, close + 1).then(|| Header {
        style: Style::Bracketed,
        at,
        stamp: &line[1..close],
        rest: &line[close + 1..],
    })
}

/// `stamp rest` (jrnl 1): the stamp starts with a digit, unless the user named a format of their own.
fn plain_header<'a>(line: &'a str, formats: &TimeFormats) -> Option<Header<'a>> {
    let b = line.as_bytes();
    if !b.first()?.is_ascii_digit() && !formats.has_own() {
        return None;
    }
    let (at, len) = match stamp_at(b, 0).filter(|(_, len)| !twelve_hour_follows(&line[*len..])) {
        Some(iso) => iso,
        None => plain_stamp(line, formats)?,
    };
    // The stamp ends at an ASCII character or at the end, so `len` is a character boundary.
    ends_word(b, len).then(|| Header {
        style: Style::Plain,
        at,
        stamp: &line[..len],
        rest: &line[len..],
    })
}

/// True when the text after a stamp goes on with " AM" or " PM": the stamp is the longer one.
fn twelve_hour_follows(after: &str) -> bool {
    let b = after.as_bytes();
    b.first() == Some(&b' ')
        && b.get(1..3)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"am") || w.eq_ignore_ascii_case(b"pm"))
        && ends_word(b, 3)
}

/// An unbracketed stamp in one of `formats`: the longest run of words at the start of the line that
/// reads as a moment. When none does but one reads as a moment that does not exist (the 40th of a
/// month), the date and time words (see [`unread_stamp`]), so that "45.00 EUR" in a body stays text.
fn plain_stamp(line: &str, formats: &TimeFormats) -> Option<(Option<NaiveDateTime>, usize)> {
    let mut ends: Vec<usize> = line
        .char_indices()
        .filter(|(_, c)| matches!(c, ' ' | '\t'))
        .map(|(i, _)| i)
        .chain(std::iter::once(line.len()))
        .take_while(|end| *end <= MAX_STAMP)
        .collect();
    ends.dedup_by(|next, end| *next == *end + 1);
    let mut impossible = false;
    for end in ends.into_iter().rev() {
        match formats.read(&line[..end]) {
            Some(Some(at)) => return Some((Some(at), end)),
            Some(None) => impossible = true,
            None => {}
        }
    }
    let shaped = impossible
        .then(|| unread_stamp(line, Style::Plain))
        .flatten()?;
    Some((None, shaped.len()))
}

/// The stamp of a line shaped like an entry header of `style` that no format reads (checked after
/// [`header_of`] found none): at the start of the line, in brackets in a bracketed journal, a date (a
/// year of four digits, or numbers joined by `-`, `.` or `/`) and a time (`14:23`); unbracketed, those
/// two as its first two words. The stamp is given as written, with its brackets.
pub(super) fn unread_stamp(line: &str, style: Style) -> Option<&str> {
    let b = line.as_bytes();
    let (shown, dated, timed) = match style {
        Style::Bracketed => {
            let close = b.iter().take(MAX_STAMP + 2).position(|c| *c == b']')?;
            let inner = line
                .get(1..close)
                .filter(|_| b[0] == b'[' && ends_word(b, close + 1))?;
            let mut words = inner.split([' ', '\t', ',']);
            let dated = words.clone().any(is_date_word);
            (&line[..=close], dated, words.any(is_time_word))
        }
        Style::Plain => {
            let (date, rest) = line.split_once([' ', '\t'])?;
            let rest = rest.trim_start_matches([' ', '\t']);
            let time = rest.split([' ', '\t']).next()?;
            let end = line.len() - rest.len() + time.len();
            (&line[..end], is_date_word(date), is_time_word(time))
        }
    };
    (dated && timed).then_some(shown)
}

/// A word that is a date: a year of four digits, or numbers joined by `-`, `.` or `/` (`18/07/2019`).
fn is_date_word(word: &str) -> bool {
    let groups = word.split(['-', '.', '/']);
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        || (word.contains(['-', '.', '/'])
            && groups.clone().count() >= 2
            && groups
                .clone()
                .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit())))
}

/// A word that is a time: hours and minutes (and seconds) joined by `:` (`9:05`, `14:23:00`).
fn is_time_word(word: &str) -> bool {
    let mut groups = word.split(':');
    word.contains(':')
        && groups.all(|g| (1..=2).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str, style: Option<Style>) -> Option<(String, &str, &str)> {
        let h = header_of(line, &TimeFormats::default(), style)?;
        Some((h.at?.to_string(), h.stamp, h.rest))
    }

    #[test]
    fn unbracketed_headers_read_in_every_format() {
        for (line, at, stamp) in [
            (
                "10.06.2010 15:00 A life",
                "2010-06-10 15:00:00",
                "10.06.2010 15:00",
            ),
            (
                "2026-11-20 02:30 PM Call",
                "2026-11-20 14:30:00",
                "2026-11-20 02:30 PM",
            ),
            (
                "2026-11-20 02:30 Pmx",
                "2026-11-20 02:30:00",
                "2026-11-20 02:30",
            ),
            (
                "20.11.2026 02:30:10 am",
                "2026-11-20 02:30:10",
                "20.11.2026 02:30:10 am",
            ),
            (
                "10.06.2010 15:00 12 people",
                "2010-06-10 15:00:00",
                "10.06.2010 15:00",
            ),
        ] {
            let (got, got_stamp, _) = read(line, None).expect(line);
            assert_eq!((got.as_str(), got_stamp), (at, stamp), "{line}");
        }
        assert!(read("10.06.2010 Notiz", None).is_none());
        assert!(read("10.06.2010 15:00", Some(Style::Bracketed)).is_none());
        assert!(read("[2026-11-20 14:30] x", Some(Style::Plain)).is_none());
        // A stamp that names no moment is a header whose time is missing (an error at its line).
        let h = header_of("40.06.2010 15:00 x", &TimeFormats::default(), None).expect("shape");
        assert_eq!((h.at, h.stamp), (None, "40.06.2010 15:00"));
        assert!(header_of("45.00 EUR paid", &TimeFormats::default(), None).is_none());
    }

    #[test]
    fn lines_that_only_look_like_headers_are_found() {
        use Style::{Bracketed, Plain};
        for (line, style, stamp) in [
            (
                "[18/07/2019 14:23] x",
                Bracketed,
                Some("[18/07/2019 14:23]"),
            ),
            (
                "[Thu 18 Jul 2019, 14:23]",
                Bracketed,
                Some("[Thu 18 Jul 2019, 14:23]"),
            ),
            ("18/07/2019  9:05 x", Plain, Some("18/07/2019  9:05")),
            ("[10:30] a call", Bracketed, None),
            ("[not a date] text", Bracketed, None),
            ("[2026-10-09] no time", Bracketed, None),
            ("[18/07/2019 14:23]x", Bracketed, None),
            ("Meeting 18/07/2019 14:23", Plain, None),
            ("18/07/2019 then 14:23", Plain, None),
        ] {
            assert_eq!(unread_stamp(line, style), stamp, "{line}");
        }
    }
}
