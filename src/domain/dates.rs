//! Turns the dates and durations people type (`2026-11-20`, `gestern 9:15`,
//! `last friday`, `vor 2 wochen`, `14d`) into calendar values.
//!
//! The module never reads the clock: every function takes `today`, so results
//! are deterministic and testable. Input is case-insensitive, surrounding
//! whitespace is ignored and inner whitespace runs count as one space.
//! Accepted dates are limited to the years 1 to 9999 so they always format
//! back as four-digit ISO dates.
//!
//! Errors are worded by the message catalogue ([`crate::i18n`]), so they reach
//! the app and the command line in the user's language.

use std::fmt;
use std::ops::RangeInclusive;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::i18n::tr;

/// Longest duration [`parse_duration_days`] accepts: one hundred years of days.
const MAX_DURATION_DAYS: u64 = 36_500;

/// How many characters of the user's text an error message repeats.
const ECHO_CHARS: usize = 60;

/// Years a parsed date may fall in, so it always prints as `YYYY-MM-DD`.
const SUPPORTED_YEARS: RangeInclusive<i32> = 1..=9999;

/// The year a birthday without one is stored with (`14.07.`, vCard `--0714`). 1904 is a leap year, so
/// 29 February survives; displays and exports leave it out.
pub const NO_YEAR: i32 = 1904;

/// English and German month names with their short forms, for `März 2019`.
const MONTH_NAMES: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
];

/// Words that name a fixed number of days away from today.
const DAY_WORDS: &[(&str, i8)] = &[
    ("now", 0),
    ("jetzt", 0),
    ("today", 0),
    ("heute", 0),
    ("yesterday", -1),
    ("gestern", -1),
    ("tomorrow", 1),
    ("morgen", 1),
    ("vorgestern", -2),
    ("übermorgen", 2),
    ("uebermorgen", 2),
];

/// English and German weekday names with their short forms.
const WEEKDAY_NAMES: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("mon", Weekday::Mon),
    ("montag", Weekday::Mon),
    ("mo", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("tue", Weekday::Tue),
    ("tues", Weekday::Tue),
    ("dienstag", Weekday::Tue),
    ("di", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("wed", Weekday::Wed),
    ("mittwoch", Weekday::Wed),
    ("mi", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("thu", Weekday::Thu),
    ("thur", Weekday::Thu),
    ("thurs", Weekday::Thu),
    ("donnerstag", Weekday::Thu),
    ("do", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("fri", Weekday::Fri),
    ("freitag", Weekday::Fri),
    ("fr", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sat", Weekday::Sat),
    ("samstag", Weekday::Sat),
    ("sonnabend", Weekday::Sat),
    ("sa", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("sun", Weekday::Sun),
    ("sonntag", Weekday::Sun),
    ("so", Weekday::Sun),
];

/// Words before a weekday that force the past one.
const PAST_PREFIXES: &[&str] = &[
    "last",
    "previous",
    "letzten",
    "letzter",
    "letztes",
    "letzte",
    "vergangenen",
    "vergangene",
];

/// Words before a weekday that force the coming one.
const FUTURE_PREFIXES: &[&str] = &[
    "next",
    "coming",
    "nächsten",
    "nächster",
    "nächstes",
    "nächste",
    "naechsten",
    "naechster",
    "naechstes",
    "naechste",
    "kommenden",
    "kommende",
];

/// Words that stand for the count one, as in `a week ago` or `vor einer woche`.
const ONE_WORDS: &[&str] = &["a", "an", "one", "ein", "eine", "einer", "einem", "einen"];

/// Unit words for relative amounts, English and German.
const UNIT_WORDS: &[(&str, Unit)] = &[
    ("d", Unit::Day),
    ("day", Unit::Day),
    ("days", Unit::Day),
    ("tag", Unit::Day),
    ("tage", Unit::Day),
    ("tagen", Unit::Day),
    ("w", Unit::Week),
    ("week", Unit::Week),
    ("weeks", Unit::Week),
    ("woche", Unit::Week),
    ("wochen", Unit::Week),
    ("m", Unit::Month),
    ("month", Unit::Month),
    ("months", Unit::Month),
    ("monat", Unit::Month),
    ("monate", Unit::Month),
    ("monaten", Unit::Month),
    ("y", Unit::Year),
    ("year", Unit::Year),
    ("years", Unit::Year),
    ("jahr", Unit::Year),
    ("jahre", Unit::Year),
    ("jahren", Unit::Year),
];

/// Which way an ambiguous weekday name points: `--at friday` means the most
/// recent past Friday, `--due friday` the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Towards earlier days, for things that already happened.
    Past,
    /// Towards later days, for things still to come.
    Future,
}

/// A parsed point in time, in local wall-clock terms; `Date` when the user
/// gave no time of day.
///
/// `now`/`jetzt` parse to `Date(today)` because this module never reads the
/// clock; a caller that wants the current time substitutes it for a `Date`
/// equal to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A calendar day without a time of day.
    Date(NaiveDate),
    /// A calendar day with a wall-clock time.
    DateTime(NaiveDateTime),
}

impl When {
    /// The calendar day, for callers that only care about the day.
    #[must_use]
    pub fn date(self) -> NaiveDate {
        match self {
            Self::Date(date) => date,
            Self::DateTime(date_time) => date_time.date(),
        }
    }
}

/// Why a date or duration was not understood; carries the user's text
/// (trimmed) so the message can name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// The text is not any date form this module knows.
    UnknownDate(String),
    /// The text is not any duration form this module knows, or not positive.
    UnknownDuration(String),
    /// The text was understood but the result is too far away.
    OutOfRange(String),
}

/// The message in the user's language, from the catalogue (the app and the CLI both show it as is).
impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::UnknownDate(text) => tr("error.unknown_date", &[("text", &echo(text))]),
            Self::UnknownDuration(text) => tr("error.unknown_duration", &[("text", &echo(text))]),
            Self::OutOfRange(text) => tr(
                "error.date_out_of_range",
                &[("text", &echo(text)), ("max", &MAX_DURATION_DAYS)],
            ),
        };
        f.write_str(&message)
    }
}

impl std::error::Error for DateError {}

/// Parses a date, optionally with a time of day, relative to `today`.
///
/// `direction` decides whether a bare weekday name means the last one before
/// today or the next one after it.
///
/// # Errors
///
/// [`DateError::UnknownDate`] when the text is no known form,
/// [`DateError::OutOfRange`] when the result lies outside the years 1 to 9999.
pub fn parse_when(input: &str, today: NaiveDate, direction: Direction) -> Result<When, DateError> {
    when_from_normalized(&normalize(input), today, direction).map_err(|problem| match problem {
        Problem::Unknown => DateError::UnknownDate(input.trim().to_owned()),
        Problem::OutOfRange => DateError::OutOfRange(input.trim().to_owned()),
    })
}

/// Parses a date for callers that ignore any time of day the user gave.
///
/// # Errors
///
/// The same as [`parse_when`].
pub fn parse_date(
    input: &str,
    today: NaiveDate,
    direction: Direction,
) -> Result<NaiveDate, DateError> {
    parse_when(input, today, direction).map(When::date)
}

/// Parses a positive length of time in whole days (`14`, `2w`, `3 monate`);
/// a month counts as 30 days and a year as 365.
///
/// # Errors
///
/// [`DateError::UnknownDuration`] when the text is no known form or not
/// positive, [`DateError::OutOfRange`] above 36500 days.
pub fn parse_duration_days(input: &str) -> Result<u32, DateError> {
    duration_from_normalized(&normalize(input)).map_err(|problem| match problem {
        Problem::Unknown => DateError::UnknownDuration(input.trim().to_owned()),
        Problem::OutOfRange => DateError::OutOfRange(input.trim().to_owned()),
    })
}

/// Parses a birthday: any date [`parse_date`] knows (weekday names point back), or day and month
/// without a year — `14.07.`, `14.7`, `--07-14`, `--0714` — which is stored in [`NO_YEAR`].
///
/// # Errors
///
/// The same as [`parse_when`].
pub fn parse_birthday(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let text = normalize(input);
    let without_year = if let Some(rest) = text.strip_prefix("--") {
        match rest.split_once('-') {
            Some((month, day)) => Some((month, day)),
            None => rest.split_at_checked(2).filter(|_| rest.len() == 4),
        }
    } else {
        let (day, month) = text.split_once('.').unwrap_or((&text, ""));
        let month = month.strip_suffix('.').unwrap_or(month);
        (!month.contains('.')).then_some((month, day))
    };
    match without_year.and_then(|(month, day)| calendar_date(&NO_YEAR.to_string(), month, day)) {
        Some(date) => Ok(date),
        None => parse_date(input, today, Direction::Past),
    }
}

/// A birthday as [`parse_birthday`] reads it back: `1970-07-14`, or `--07-14` without a year.
#[must_use]
pub fn birthday_text(birthday: NaiveDate) -> String {
    if birthday.year() == NO_YEAR {
        birthday.format("--%m-%d").to_string()
    } else {
        birthday.format("%Y-%m-%d").to_string()
    }
}

/// Parses when a relationship began: any date [`parse_date`] knows (weekday names point back), or a
/// month — `2019-03`, `03/2019`, `3.2019`, `März 2019`, `mar 2019` — or a year (`2019`), as its
/// first day.
///
/// # Errors
///
/// The same as [`parse_when`].
pub fn parse_since(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let text = normalize(input);
    let month_year = if let Some((first, second)) = text.split_once(' ') {
        let name = first.strip_suffix('.').unwrap_or(first);
        MONTH_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, month)| (month.to_string(), second))
    } else if let Some((year, month)) = text.split_once('-') {
        Some((month.to_string(), year))
    } else if let Some((month, year)) = text.split_once(['/', '.']) {
        Some((month.to_string(), year))
    } else {
        Some(("1".to_string(), text.as_str()))
    };
    let first_day = month_year.and_then(|(month, year)| calendar_date(year, &month, "1"));
    match first_day {
        Some(date) if SUPPORTED_YEARS.contains(&date.year()) => Ok(date),
        _ => parse_date(input, today, Direction::Past),
    }
}

/// Why internal parsing failed, before the user's text is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Unknown,
    OutOfRange,
}

type Parsed<T> = Result<T, Problem>;

/// A calendar unit of a relative amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A count of units, such as the `3 days` in `3 days ago`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Amount {
    count: u32,
    unit: Unit,
}

impl Amount {
    /// Moves `from` by this amount; months and years are calendar months,
    /// clamped to the last day of a shorter month.
    fn shift(self, from: NaiveDate, direction: Direction) -> Parsed<NaiveDate> {
        let count = u64::from(self.count);
        let moved = match self.unit {
            Unit::Day => step_days(from, count, direction),
            Unit::Week => step_days(from, count * 7, direction),
            Unit::Month => step_months(from, self.count, direction),
            Unit::Year => self
                .count
                .checked_mul(12)
                .and_then(|months| step_months(from, months, direction)),
        };
        moved.ok_or(Problem::OutOfRange)
    }

    /// Length in days with 30-day months and 365-day years.
    fn approximate_days(self) -> u64 {
        let days_per_unit = match self.unit {
            Unit::Day => 1,
            Unit::Week => 7,
            Unit::Month => 30,
            Unit::Year => 365,
        };
        u64::from(self.count) * days_per_unit
    }
}

/// Lowercases and collapses whitespace so matching can compare plain words.
fn normalize(input: &str) -> String {
    input
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Repeats user text safely in a message: no control characters, bounded length.
fn echo(text: &str) -> String {
    let clean = text.chars().map(|c| if c.is_control() { '?' } else { c });
    if text.chars().count() > ECHO_CHARS {
        clean.take(ECHO_CHARS - 1).chain(['…']).collect()
    } else {
        clean.collect()
    }
}

fn when_from_normalized(text: &str, today: NaiveDate, direction: Direction) -> Parsed<When> {
    let when = if let Some(instant) = parse_rfc3339(text) {
        When::DateTime(instant)
    } else {
        let (day_text, time) = split_time_of_day(text);
        let tokens: Vec<&str> = day_text.split(' ').collect();
        let date = parse_day(&tokens, today, direction)?;
        time.map_or(When::Date(date), |time| When::DateTime(date.and_time(time)))
    };
    if SUPPORTED_YEARS.contains(&when.date().year()) {
        Ok(when)
    } else {
        Err(Problem::OutOfRange)
    }
}

fn duration_from_normalized(text: &str) -> Parsed<u32> {
    let tokens: Vec<&str> = text.split(' ').collect();
    let days = match tokens.as_slice() {
        [number] if number.bytes().all(|b| b.is_ascii_digit()) => u64::from(parse_count(number)?),
        amount => parse_amount(amount)?.approximate_days(),
    };
    match days {
        0 => Err(Problem::Unknown),
        days if days > MAX_DURATION_DAYS => Err(Problem::OutOfRange),
        days => u32::try_from(days).map_err(|_| Problem::OutOfRange),
    }
}

/// An RFC 3339 instant, reduced to the wall-clock time it was written in.
fn parse_rfc3339(text: &str) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|instant| instant.naive_local())
}

/// Splits a trailing time of day off the day part: `gestern 9:15`,
/// `2026-11-20 14:30` or `2026-11-20t14:30`.
fn split_time_of_day(text: &str) -> (&str, Option<NaiveTime>) {
    let after_space = text
        .rsplit_once(' ')
        .and_then(|(day, time)| Some((day, parse_time(time)?)));
    let after_iso_t = || {
        text.split_once('t')
            .filter(|(day, _)| parse_iso_date(day).is_some())
            .and_then(|(day, time)| Some((day, parse_time(time)?)))
    };
    match after_space.or_else(after_iso_t) {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    }
}

/// The day named by whitespace-separated, normalized words.
fn parse_day(tokens: &[&str], today: NaiveDate, direction: Direction) -> Parsed<NaiveDate> {
    match tokens {
        [word] => parse_day_word(word, today, direction),
        ["vor", amount @ ..] | [amount @ .., "ago"] => {
            parse_amount(amount)?.shift(today, Direction::Past)
        }
        ["in", amount @ ..] => parse_amount(amount)?.shift(today, Direction::Future),
        [prefix, name] => {
            let forced = if PAST_PREFIXES.contains(prefix) {
                Direction::Past
            } else if FUTURE_PREFIXES.contains(prefix) {
                Direction::Future
            } else {
                return Err(Problem::Unknown);
            };
            let weekday = weekday_named(name).ok_or(Problem::Unknown)?;
            nearest_weekday(today, weekday, forced)
        }
        _ => Err(Problem::Unknown),
    }
}

/// A day given as one word: a day word, weekday, signed amount or numeric date.
fn parse_day_word(word: &str, today: NaiveDate, direction: Direction) -> Parsed<NaiveDate> {
    if let Some(&(_, offset)) = DAY_WORDS.iter().find(|(name, _)| *name == word) {
        let days = u64::from(offset.unsigned_abs());
        let direction = if offset < 0 {
            Direction::Past
        } else {
            Direction::Future
        };
        return step_days(today, days, direction).ok_or(Problem::OutOfRange);
    }
    if let Some(weekday) = weekday_named(word) {
        return nearest_weekday(today, weekday, direction);
    }
    if let Some(amount) = word.strip_prefix('-') {
        return parse_compact_amount(amount)?.shift(today, Direction::Past);
    }
    if let Some(amount) = word.strip_prefix('+') {
        return parse_compact_amount(amount)?.shift(today, Direction::Future);
    }
    parse_iso_date(word)
        .or_else(|| parse_german_date(word))
        .ok_or(Problem::Unknown)
}

fn weekday_named(word: &str) -> Option<Weekday> {
    WEEKDAY_NAMES
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, weekday)| weekday)
}

/// The closest `weekday` strictly before (past) or after (future) `today`;
/// on that same weekday it is a full week away.
fn nearest_weekday(today: NaiveDate, weekday: Weekday, direction: Direction) -> Parsed<NaiveDate> {
    let today_index = today.weekday().num_days_from_monday();
    let target_index = weekday.num_days_from_monday();
    let gap = match direction {
        Direction::Past => (7 + today_index - target_index) % 7,
        Direction::Future => (7 + target_index - today_index) % 7,
    };
    let gap = if gap == 0 { 7 } else { gap };
    step_days(today, u64::from(gap), direction).ok_or(Problem::OutOfRange)
}

fn step_days(from: NaiveDate, days: u64, direction: Direction) -> Option<NaiveDate> {
    match direction {
        Direction::Past => from.checked_sub_days(Days::new(days)),
        Direction::Future => from.checked_add_days(Days::new(days)),
    }
}

fn step_months(from: NaiveDate, months: u32, direction: Direction) -> Option<NaiveDate> {
    match direction {
        Direction::Past => from.checked_sub_months(Months::new(months)),
        Direction::Future => from.checked_add_months(Months::new(months)),
    }
}

/// An amount written as one word (`3d`) or two (`3 days`, `einer woche`).
fn parse_amount(tokens: &[&str]) -> Parsed<Amount> {
    match tokens {
        [compact] => parse_compact_amount(compact),
        [count, unit] => {
            let unit = unit_named(unit).ok_or(Problem::Unknown)?;
            let count = if ONE_WORDS.contains(count) {
                1
            } else {
                parse_count(count)?
            };
            Ok(Amount { count, unit })
        }
        _ => Err(Problem::Unknown),
    }
}

/// An amount with number and unit joined, like `3d` or `2wochen`.
fn parse_compact_amount(word: &str) -> Parsed<Amount> {
    let unit_start = word
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(word.len());
    let (count, unit) = word.split_at_checked(unit_start).ok_or(Problem::Unknown)?;
    let unit = unit_named(unit).ok_or(Problem::Unknown)?;
    Ok(Amount {
        count: parse_count(count)?,
        unit,
    })
}

fn unit_named(word: &str) -> Option<Unit> {
    UNIT_WORDS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, unit)| unit)
}

/// A count of units; digits too many for `u32` are out of range, not unknown.
fn parse_count(text: &str) -> Parsed<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::Unknown);
    }
    text.parse().map_err(|_| Problem::OutOfRange)
}

/// `YYYY-MM-DD`, with one- or two-digit month and day.
fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    calendar_date(year, month, day)
}

/// German `DD.MM.YYYY`, with one- or two-digit day and month.
fn parse_german_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('.');
    let (Some(day), Some(month), Some(year), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    calendar_date(year, month, day)
}

fn calendar_date(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    let year = i32::try_from(digits(year, 4..=4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(month, 1..=2)?, digits(day, 1..=2)?)
}

/// `H:MM`, `HH:MM` or `HH:MM:SS` on a 24-hour clock.
fn parse_time(text: &str) -> Option<NaiveTime> {
    let mut parts = text.split(':');
    let hour = digits(parts.next()?, 1..=2)?;
    let minute = digits(parts.next()?, 2..=2)?;
    let second = match parts.next() {
        Some(second) => digits(second, 2..=2)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// A short run of ASCII digits whose length lies in `lengths`.
fn digits(text: &str, lengths: RangeInclusive<usize>) -> Option<u32> {
    if lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use Direction::{Future, Past};

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("valid test date")
    }

    fn date(year: i32, month: u32, dd: u32) -> When {
        When::Date(day(year, month, dd))
    }

    fn date_time(year: i32, month: u32, dd: u32, hour: u32, minute: u32, second: u32) -> When {
        let time = NaiveTime::from_hms_opt(hour, minute, second).expect("valid test time");
        When::DateTime(day(year, month, dd).and_time(time))
    }

    /// A Friday.
    fn today() -> NaiveDate {
        day(2026, 11, 27)
    }

    #[test]
    fn fixed_today_is_a_friday() {
        assert_eq!(today().weekday(), Weekday::Fri);
    }

    fn assert_parses(rows: &[(&str, Direction, When)]) {
        for &(input, direction, expected) in rows {
            assert_eq!(
                parse_when(input, today(), direction),
                Ok(expected),
                "input {input:?} ({direction:?})"
            );
        }
    }

    #[test]
    fn iso_and_rfc3339() {
        assert_parses(&[
            ("2026-11-20", Past, date(2026, 11, 20)),
            ("2026-11-20 14:30", Past, date_time(2026, 11, 20, 14, 30, 0)),
            ("2026-11-20T14:30", Past, date_time(2026, 11, 20, 14, 30, 0)),
            (
                "2026-11-20 14:30:15",
                Past,
                date_time(2026, 11, 20, 14, 30, 15),
            ),
            (
                "2026-11-20T14:30:15",
                Future,
                date_time(2026, 11, 20, 14, 30, 15),
            ),
            (
                "2026-11-20T14:30:00+01:00",
                Past,
                date_time(2026, 11, 20, 14, 30, 0),
            ),
            (
                "2026-11-20T14:30:00-08:00",
                Past,
                date_time(2026, 11, 20, 14, 30, 0),
            ),
            (
                "2026-11-20T14:30:00Z",
                Past,
                date_time(2026, 11, 20, 14, 30, 0),
            ),
            (
                "2026-11-20t14:30:00z",
                Past,
                date_time(2026, 11, 20, 14, 30, 0),
            ),
            (
                "  2026-11-20   9:05 ",
                Past,
                date_time(2026, 11, 20, 9, 5, 0),
            ),
            ("2026-1-5", Past, date(2026, 1, 5)),
        ]);
    }

    #[test]
    fn german_numeric_dates() {
        assert_parses(&[
            ("20.11.2026", Past, date(2026, 11, 20)),
            ("20.11.2026 14:30", Past, date_time(2026, 11, 20, 14, 30, 0)),
            ("1.2.2026", Past, date(2026, 2, 1)),
        ]);
    }

    #[test]
    fn day_words() {
        assert_parses(&[
            ("now", Past, date(2026, 11, 27)),
            ("jetzt", Future, date(2026, 11, 27)),
            ("today", Past, date(2026, 11, 27)),
            ("Heute", Past, date(2026, 11, 27)),
            ("yesterday", Future, date(2026, 11, 26)),
            ("gestern", Past, date(2026, 11, 26)),
            ("tomorrow", Past, date(2026, 11, 28)),
            ("morgen", Past, date(2026, 11, 28)),
            ("vorgestern", Past, date(2026, 11, 25)),
            ("übermorgen", Past, date(2026, 11, 29)),
            ("ÜBERMORGEN", Past, date(2026, 11, 29)),
            ("uebermorgen", Past, date(2026, 11, 29)),
        ]);
    }

    #[test]
    fn bare_weekdays_point_strictly_into_the_past() {
        assert_parses(&[
            ("friday", Past, date(2026, 11, 20)),
            ("fri", Past, date(2026, 11, 20)),
            ("freitag", Past, date(2026, 11, 20)),
            ("fr", Past, date(2026, 11, 20)),
            ("monday", Past, date(2026, 11, 23)),
            ("mon", Past, date(2026, 11, 23)),
            ("montag", Past, date(2026, 11, 23)),
            ("mo", Past, date(2026, 11, 23)),
            ("tuesday", Past, date(2026, 11, 24)),
            ("tue", Past, date(2026, 11, 24)),
            ("tues", Past, date(2026, 11, 24)),
            ("dienstag", Past, date(2026, 11, 24)),
            ("di", Past, date(2026, 11, 24)),
            ("wednesday", Past, date(2026, 11, 25)),
            ("wed", Past, date(2026, 11, 25)),
            ("mittwoch", Past, date(2026, 11, 25)),
            ("mi", Past, date(2026, 11, 25)),
            ("thursday", Past, date(2026, 11, 26)),
            ("thu", Past, date(2026, 11, 26)),
            ("thur", Past, date(2026, 11, 26)),
            ("thurs", Past, date(2026, 11, 26)),
            ("donnerstag", Past, date(2026, 11, 26)),
            ("do", Past, date(2026, 11, 26)),
            ("saturday", Past, date(2026, 11, 21)),
            ("sat", Past, date(2026, 11, 21)),
            ("samstag", Past, date(2026, 11, 21)),
            ("sonnabend", Past, date(2026, 11, 21)),
            ("sa", Past, date(2026, 11, 21)),
            ("sunday", Past, date(2026, 11, 22)),
            ("sun", Past, date(2026, 11, 22)),
            ("sonntag", Past, date(2026, 11, 22)),
            ("so", Past, date(2026, 11, 22)),
        ]);
    }

    #[test]
    fn bare_weekdays_point_strictly_into_the_future() {
        assert_parses(&[
            ("friday", Future, date(2026, 12, 4)),
            ("Freitag", Future, date(2026, 12, 4)),
            ("mo", Future, date(2026, 11, 30)),
            ("monday", Future, date(2026, 11, 30)),
            ("di", Future, date(2026, 12, 1)),
            ("mi", Future, date(2026, 12, 2)),
            ("thursday", Future, date(2026, 12, 3)),
            ("saturday", Future, date(2026, 11, 28)),
            ("sonntag", Future, date(2026, 11, 29)),
        ]);
    }

    #[test]
    fn prefixes_override_the_direction() {
        assert_parses(&[
            ("last friday", Future, date(2026, 11, 20)),
            ("letzten freitag", Future, date(2026, 11, 20)),
            ("letzter montag", Future, date(2026, 11, 23)),
            ("letztes do", Future, date(2026, 11, 26)),
            ("vergangenen dienstag", Future, date(2026, 11, 24)),
            ("next friday", Past, date(2026, 12, 4)),
            ("nächsten montag", Past, date(2026, 11, 30)),
            ("nächster freitag", Past, date(2026, 12, 4)),
            ("nächstes sa", Past, date(2026, 11, 28)),
            ("naechsten mittwoch", Past, date(2026, 12, 2)),
            ("kommenden sonntag", Past, date(2026, 11, 29)),
            ("  Next   FRIDAY ", Past, date(2026, 12, 4)),
        ]);
    }

    #[test]
    fn relative_amounts() {
        assert_parses(&[
            ("3d ago", Future, date(2026, 11, 24)),
            ("3 days ago", Future, date(2026, 11, 24)),
            ("1 day ago", Future, date(2026, 11, 26)),
            ("vor 3 tagen", Future, date(2026, 11, 24)),
            ("vor 1 tag", Future, date(2026, 11, 26)),
            ("vor 2 wochen", Future, date(2026, 11, 13)),
            ("2 weeks ago", Future, date(2026, 11, 13)),
            ("2w ago", Future, date(2026, 11, 13)),
            ("in 2w", Past, date(2026, 12, 11)),
            ("in 2 weeks", Past, date(2026, 12, 11)),
            ("in 2 wochen", Past, date(2026, 12, 11)),
            ("in 1 woche", Past, date(2026, 12, 4)),
            ("in 3 tagen", Past, date(2026, 11, 30)),
            ("in 3 tage", Past, date(2026, 11, 30)),
            ("in 0d", Past, date(2026, 11, 27)),
            ("-3d", Future, date(2026, 11, 24)),
            ("+2w", Past, date(2026, 12, 11)),
            ("+1m", Past, date(2026, 12, 27)),
            ("1m ago", Future, date(2026, 10, 27)),
            ("vor 1 monat", Future, date(2026, 10, 27)),
            ("vor 2 monaten", Future, date(2026, 9, 27)),
            ("in 2 months", Past, date(2027, 1, 27)),
            ("in 3 monaten", Past, date(2027, 2, 27)),
            ("in 2 monate", Past, date(2027, 1, 27)),
            ("1y ago", Future, date(2025, 11, 27)),
            ("vor 1 jahr", Future, date(2025, 11, 27)),
            ("in 1 year", Past, date(2027, 11, 27)),
            ("in 2 jahren", Past, date(2028, 11, 27)),
            ("vor 2 jahre", Future, date(2024, 11, 27)),
            ("a week ago", Future, date(2026, 11, 20)),
            ("vor einer woche", Future, date(2026, 11, 20)),
            ("vor einem monat", Future, date(2026, 10, 27)),
            ("in a week", Past, date(2026, 12, 4)),
            ("in einem jahr", Past, date(2027, 11, 27)),
        ]);
    }

    #[test]
    fn time_of_day_after_a_day_word() {
        assert_parses(&[
            ("yesterday 14:30", Past, date_time(2026, 11, 26, 14, 30, 0)),
            ("gestern 9:15", Past, date_time(2026, 11, 26, 9, 15, 0)),
            ("friday 10:00", Past, date_time(2026, 11, 20, 10, 0, 0)),
            ("freitag 10:00", Future, date_time(2026, 12, 4, 10, 0, 0)),
            ("morgen 0:00", Past, date_time(2026, 11, 28, 0, 0, 0)),
            ("heute 23:59", Past, date_time(2026, 11, 27, 23, 59, 0)),
            ("in 2w 08:00", Past, date_time(2026, 12, 11, 8, 0, 0)),
            (
                "last monday 7:45",
                Future,
                date_time(2026, 11, 23, 7, 45, 0),
            ),
        ]);
    }

    #[test]
    fn calendar_months_clamp_to_the_month_end() {
        let rows: &[(&str, NaiveDate, NaiveDate)] = &[
            ("vor 1 monat", day(2026, 3, 31), day(2026, 2, 28)),
            ("1m ago", day(2026, 3, 31), day(2026, 2, 28)),
            ("vor 1 monat", day(2028, 3, 31), day(2028, 2, 29)),
            ("in 1 monat", day(2026, 1, 31), day(2026, 2, 28)),
            ("in 1 month", day(2026, 3, 31), day(2026, 4, 30)),
            ("vor 1 jahr", day(2028, 2, 29), day(2027, 2, 28)),
            ("in 1y", day(2028, 2, 29), day(2029, 2, 28)),
            ("in 4 jahren", day(2028, 2, 29), day(2032, 2, 29)),
        ];
        for &(input, from, expected) in rows {
            assert_eq!(
                parse_date(input, from, Past),
                Ok(expected),
                "input {input:?} from {from}"
            );
        }
    }

    #[test]
    fn rejected_dates() {
        let unknown = |text: &str| DateError::UnknownDate(text.to_owned());
        let out_of_range = |text: &str| DateError::OutOfRange(text.to_owned());
        let rows = [
            ("next blursday", unknown("next blursday")),
            ("  next   blursday ", unknown("next   blursday")),
            ("blursday", unknown("blursday")),
            ("2026-13-01", unknown("2026-13-01")),
            ("2026-02-30", unknown("2026-02-30")),
            ("2026-11-20 24:00", unknown("2026-11-20 24:00")),
            ("2026-11-20 14:3", unknown("2026-11-20 14:3")),
            ("20.11.", unknown("20.11.")),
            ("32.01.2026", unknown("32.01.2026")),
            ("in", unknown("in")),
            ("ago", unknown("ago")),
            ("vor", unknown("vor")),
            ("", unknown("")),
            ("   ", unknown("")),
            ("3x ago", unknown("3x ago")),
            ("3 ago", unknown("3 ago")),
            ("-3", unknown("-3")),
            ("last", unknown("last")),
            ("last 3d", unknown("last 3d")),
            ("14:30", unknown("14:30")),
            ("yesterday yesterday", unknown("yesterday yesterday")),
            ("99999999999d ago", out_of_range("99999999999d ago")),
            ("in 99999 years", out_of_range("in 99999 years")),
            ("in 4294967295 days", out_of_range("in 4294967295 days")),
            ("vor 3000 jahren", out_of_range("vor 3000 jahren")),
            ("0000-01-01", out_of_range("0000-01-01")),
        ];
        for (input, expected) in rows {
            assert_eq!(
                parse_when(input, today(), Past),
                Err(expected),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn birthdays_with_or_without_a_year() {
        let rows = [
            ("14.07.", day(NO_YEAR, 7, 14)),
            ("14.7.", day(NO_YEAR, 7, 14)),
            ("14.07", day(NO_YEAR, 7, 14)),
            (" 29.02. ", day(NO_YEAR, 2, 29)),
            ("--07-14", day(NO_YEAR, 7, 14)),
            ("--0714", day(NO_YEAR, 7, 14)),
            ("--0229", day(NO_YEAR, 2, 29)),
            ("14.07.1970", day(1970, 7, 14)),
            ("1970-07-14", day(1970, 7, 14)),
            ("yesterday", day(2026, 11, 26)),
        ];
        for (input, expected) in rows {
            assert_eq!(parse_birthday(input, today()), Ok(expected), "{input:?}");
        }
        // What the contact form shows reads back as it was.
        for birthday in [day(NO_YEAR, 7, 14), day(NO_YEAR, 2, 29), day(1970, 7, 14)] {
            let text = birthday_text(birthday);
            assert_eq!(parse_birthday(&text, today()), Ok(birthday), "{text}");
        }
        assert_eq!(birthday_text(day(NO_YEAR, 7, 14)), "--07-14");
        for bad in [
            "31.02.", "14.13.", "--1314", "--07-32", "14.", "--", "07-14x", "",
        ] {
            assert_eq!(
                parse_birthday(bad, today()),
                Err(DateError::UnknownDate(bad.trim().to_owned())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn since_takes_a_date_a_month_or_a_year() {
        let rows = [
            ("2019-03", day(2019, 3, 1)),
            ("2019-3", day(2019, 3, 1)),
            ("03/2019", day(2019, 3, 1)),
            ("3.2019", day(2019, 3, 1)),
            ("03.2019", day(2019, 3, 1)),
            ("März 2019", day(2019, 3, 1)),
            ("märz 2019", day(2019, 3, 1)),
            ("Maerz 2019", day(2019, 3, 1)),
            ("march 2019", day(2019, 3, 1)),
            ("Mar 2019", day(2019, 3, 1)),
            ("Okt. 2020", day(2020, 10, 1)),
            ("December 2018", day(2018, 12, 1)),
            ("Dezember 2018", day(2018, 12, 1)),
            ("2019", day(2019, 1, 1)),
            ("2019-03-14", day(2019, 3, 14)),
            ("14.03.2019", day(2019, 3, 14)),
            ("3 years ago", day(2023, 11, 27)),
        ];
        for (input, expected) in rows {
            assert_eq!(parse_since(input, today()), Ok(expected), "{input:?}");
        }
        for bad in [
            "2019-13",
            "13/2019",
            "Blursday 2019",
            "März",
            "März 19",
            "0000",
            "19",
            "",
        ] {
            assert!(parse_since(bad, today()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn results_stay_within_four_digit_years() {
        let last_day = day(9999, 12, 31);
        assert_eq!(
            parse_when("today", last_day, Past),
            Ok(When::Date(last_day))
        );
        assert_eq!(
            parse_when("tomorrow", last_day, Past),
            Err(DateError::OutOfRange("tomorrow".to_owned()))
        );
        assert_eq!(
            parse_when("friday", day(1, 1, 1), Past),
            Err(DateError::OutOfRange("friday".to_owned()))
        );
    }

    #[test]
    fn parse_date_drops_the_time_of_day() {
        assert_eq!(
            parse_date("gestern 9:15", today(), Past),
            Ok(day(2026, 11, 26))
        );
        assert_eq!(
            parse_date("2026-11-20T14:30:00Z", today(), Past),
            Ok(day(2026, 11, 20))
        );
        assert_eq!(
            parse_date("next blursday", today(), Past),
            Err(DateError::UnknownDate("next blursday".to_owned()))
        );
    }

    #[test]
    fn accepted_durations() {
        let rows = [
            ("14", 14),
            ("14d", 14),
            ("2w", 14),
            ("3m", 90),
            ("1y", 365),
            ("2 weeks", 14),
            ("2 wochen", 14),
            ("3 months", 90),
            ("3 monate", 90),
            ("1 year", 365),
            ("2 jahre", 730),
            ("10 tage", 10),
            ("1 tag", 1),
            ("a week", 7),
            ("eine woche", 7),
            ("  2W ", 14),
            ("36500", 36_500),
            ("100y", 36_500),
        ];
        for (input, expected) in rows {
            assert_eq!(parse_duration_days(input), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn rejected_durations() {
        let unknown = |text: &str| DateError::UnknownDuration(text.to_owned());
        let out_of_range = |text: &str| DateError::OutOfRange(text.to_owned());
        let rows = [
            ("0", unknown("0")),
            ("0d", unknown("0d")),
            ("0 weeks", unknown("0 weeks")),
            ("-3d", unknown("-3d")),
            ("-3", unknown("-3")),
            ("+3d", unknown("+3d")),
            ("5x", unknown("5x")),
            ("d", unknown("d")),
            ("", unknown("")),
            ("3 days ago", unknown("3 days ago")),
            ("1.5w", unknown("1.5w")),
            ("36501", out_of_range("36501")),
            ("101y", out_of_range("101y")),
            ("99999999999", out_of_range("99999999999")),
            ("4294967295 years", out_of_range("4294967295 years")),
        ];
        for (input, expected) in rows {
            assert_eq!(parse_duration_days(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn error_messages_name_the_input() {
        assert_eq!(
            DateError::UnknownDate("next blursday".to_owned()).to_string(),
            "could not understand the date 'next blursday' \
             (try 2026-11-20, 2026-11-20 14:30, yesterday, friday, 3d ago, in 2w)"
        );
        assert_eq!(
            DateError::UnknownDuration("5x".to_owned()).to_string(),
            "could not understand the duration '5x' (try 14, 14d, 2w, 3m, 1y)"
        );
        assert_eq!(
            DateError::OutOfRange("101y".to_owned()).to_string(),
            "'101y' is out of range \
             (dates must fall in the years 1 to 9999, durations can be at most 36500 days)"
        );
    }

    #[test]
    fn error_messages_sanitize_the_echo() {
        let error = parse_when("bad\u{1b}[2J\tdate\u{7}", today(), Past).expect_err("unknown");
        assert!(error.to_string().contains("'bad?[2J?date?'"), "{error}");

        let long = "ä".repeat(200);
        let message = parse_duration_days(&long).expect_err("unknown").to_string();
        let echoed = message.split('\'').nth(1).expect("quoted echo");
        assert_eq!(echoed.chars().count(), ECHO_CHARS);
        assert!(echoed.ends_with('…'));

        let exact = "x".repeat(ECHO_CHARS);
        let message = DateError::UnknownDate(exact.clone()).to_string();
        assert!(message.contains(&format!("'{exact}'")));
    }

    /// Words and numbers the parser knows, shuffled into near-miss inputs.
    fn vocabulary_input() -> impl Strategy<Value = String> {
        let words: Vec<&'static str> = DAY_WORDS
            .iter()
            .map(|(word, _)| *word)
            .chain(WEEKDAY_NAMES.iter().map(|(word, _)| *word))
            .chain(UNIT_WORDS.iter().map(|(word, _)| *word))
            .chain(PAST_PREFIXES.iter().copied())
            .chain(FUTURE_PREFIXES.iter().copied())
            .chain(ONE_WORDS.iter().copied())
            .chain(["ago", "vor", "in", "-", "+", ":", "t", "z", ".", " "])
            .collect();
        let token = prop_oneof![
            prop::sample::select(words).prop_map(str::to_owned),
            any::<u64>().prop_map(|n| n.to_string()),
            "[-+]?[0-9]{1,12}[a-z]{0,7}",
            "[0-9]{1,4}[-.:][0-9]{1,3}([-.:][0-9]{0,4})?",
        ];
        prop::collection::vec(token, 0..5).prop_map(|tokens| tokens.join(" "))
    }

    fn any_direction() -> impl Strategy<Value = Direction> {
        prop_oneof![Just(Past), Just(Future)]
    }

    fn any_day_between_1900_and_2200() -> impl Strategy<Value = NaiveDate> {
        let first = day(1900, 1, 1).num_days_from_ce();
        let last = day(2199, 12, 31).num_days_from_ce();
        (first..=last).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in range"))
    }

    fn any_today() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            Just(NaiveDate::MIN),
            Just(NaiveDate::MAX),
            Just(day(1, 1, 1)),
            Just(day(9999, 12, 31)),
            any_day_between_1900_and_2200(),
        ]
    }

    fn exercise(input: &str, today: NaiveDate, direction: Direction) {
        let when = parse_when(input, today, direction);
        assert_eq!(
            parse_date(input, today, direction),
            when.clone().map(When::date)
        );
        if let Err(error) = when {
            let _ = error.to_string();
        }
        if let Err(error) = parse_duration_days(input) {
            let _ = error.to_string();
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_any_string(input in ".*", today in any_today(), direction in any_direction()) {
            exercise(&input, today, direction);
        }

        #[test]
        fn never_panics_on_printable_strings(input in "\\PC*", today in any_today(), direction in any_direction()) {
            exercise(&input, today, direction);
        }

        #[test]
        fn never_panics_on_vocabulary(input in vocabulary_input(), today in any_today(), direction in any_direction()) {
            exercise(&input, today, direction);
        }

        #[test]
        fn durations_are_positive_and_bounded(input in vocabulary_input()) {
            if let Ok(days) = parse_duration_days(&input) {
                prop_assert!((1..=36_500).contains(&days));
            }
        }

        #[test]
        fn iso_dates_round_trip(date in any_day_between_1900_and_2200(), direction in any_direction()) {
            let text = date.format("%Y-%m-%d").to_string();
            prop_assert_eq!(parse_when(&text, today(), direction), Ok(When::Date(date)));
        }

        #[test]
        fn iso_date_times_round_trip(
            date in any_day_between_1900_and_2200(),
            hour in 0u32..24,
            minute in 0u32..60,
            direction in any_direction(),
        ) {
            let date_time = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time"));
            let text = date_time.format("%Y-%m-%d %H:%M").to_string();
            prop_assert_eq!(parse_when(&text, today(), direction), Ok(When::DateTime(date_time)));
        }
    }
}
