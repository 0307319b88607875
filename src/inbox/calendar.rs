//! Past meetings from an ICS file: each VEVENT with attendees is read through the project's
//! iCalendar reader ([`crate::sync::ical::read_calendar`]) one event at a time, so a calendar of
//! any size never sits in memory whole. Cancelled events are left out; a recurring event gives each
//! past occurrence (FREQ with INTERVAL, COUNT, UNTIL and EXDATE; a BY-rule other than the start's
//! own weekday or day gives the first occurrence only), with RECURRENCE-ID overrides in place of the
//! occurrence they replace. A time with a TZID rapport knows (`Europe/Berlin`) is placed in that zone
//! on its day; a UTC time, a floating one and one in an unknown zone are placed as the clock places
//! wall times here (see [`Clock::place_zoned`]); all-day events start at midnight.

use super::{Address, Meeting};
use crate::clock::Clock;
use crate::sync::ical::{self, Component, Property};
use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDateTime};
use std::collections::HashMap;
use std::io::{self, BufRead};

/// The most occurrences one recurring event gives (a daily meeting for 27 years).
const MAX_OCCURRENCES: usize = 10_000;

/// One VEVENT as far as the inbox cares.
#[derive(Debug, Clone)]
struct Event {
    uid: String,
    start: NaiveDateTime,
    /// What the start's wall time is in.
    zone: StartZone,
    summary: Option<String>,
    organizer: Option<Address>,
    attendees: Vec<Address>,
    cancelled: bool,
    rule: Option<String>,
    exdates: Vec<NaiveDateTime>,
    recurrence_id: Option<NaiveDateTime>,
}

/// What an event's start is a wall time in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum StartZone {
    /// UTC (`…Z`).
    Utc,
    /// The zone its TZID names, if any.
    Named(Option<String>),
}

/// Reads the ICS text from `reader` and hands each past meeting (start <= `now`) with at least one
/// attendee or organizer address to `found`. Returns how many VEVENTs could not be read.
///
/// # Errors
///
/// When reading fails.
pub fn scan(
    reader: impl BufRead,
    clock: Clock,
    mut found: impl FnMut(Meeting),
) -> io::Result<usize> {
    let now = clock.now;
    let mut masters = Vec::new();
    let mut overrides: HashMap<(String, NaiveDateTime), Event> = HashMap::new();
    let skipped = events(reader, |event| match event.recurrence_id {
        Some(at) => {
            overrides.insert((event.uid.clone(), at), event);
        }
        None => masters.push(event),
    })?;
    for master in masters.into_iter().filter(|m| !m.cancelled) {
        for start in occurrences(&master, now) {
            let event = overrides.remove(&(master.uid.clone(), start));
            let event = event.as_ref().unwrap_or(&master);
            let start = if event.recurrence_id.is_some() {
                event.start
            } else {
                start
            };
            if !event.cancelled {
                emit(event, start, clock, &mut found);
            }
        }
    }
    Ok(skipped)
}

/// Hands on one occurrence when it is past and names someone.
fn emit(event: &Event, start: NaiveDateTime, clock: Clock, found: &mut impl FnMut(Meeting)) {
    let start_at = match &event.zone {
        StartZone::Utc => Ok(clock.local(start.and_utc())),
        StartZone::Named(tzid) => clock.place_zoned(start, tzid.as_deref()),
    };
    let Ok(start_at) = start_at else {
        return;
    };
    if start_at > clock.now || (event.attendees.is_empty() && event.organizer.is_none()) {
        return;
    }
    found(Meeting {
        uid: event.uid.clone(),
        start: start_at,
        summary: event.summary.clone(),
        organizer: event.organizer.clone(),
        attendees: event.attendees.clone(),
        origin: format!("{}/{}", event.uid, start.format("%Y%m%dT%H%M%S")),
    });
}

/// Reads each VEVENT block of the text and hands on those that parse; returns how many did not.
fn events(reader: impl BufRead, mut each: impl FnMut(Event)) -> io::Result<usize> {
    let mut reader = reader;
    let mut line = Vec::new();
    let mut block: Option<String> = None;
    let mut skipped = 0;
    loop {
        let (read, whole) = super::mbox::next_line(&mut reader, &mut line, ical::MAX_OBJECT_BYTES)?;
        if read == 0 {
            return Ok(skipped);
        }
        let text = String::from_utf8_lossy(&line);
        let trimmed = text.trim_end_matches(['\r', '\n']);
        if trimmed.eq_ignore_ascii_case("BEGIN:VEVENT") {
            block = Some(String::from("BEGIN:VCALENDAR\r\n"));
        }
        let Some(open) = block.as_mut() else { continue };
        if !whole || open.len() + trimmed.len() > ical::MAX_OBJECT_BYTES {
            skipped += 1;
            block = None;
            continue;
        }
        open.push_str(trimmed);
        open.push_str("\r\n");
        if trimmed.eq_ignore_ascii_case("END:VEVENT") {
            let mut text = block.take().unwrap_or_default();
            text.push_str("END:VCALENDAR\r\n");
            match ical::read_calendar(&text)
                .ok()
                .as_ref()
                .and_then(|c| c.children("VEVENT").next())
                .and_then(event)
            {
                Some(event) => each(event),
                None => skipped += 1,
            }
        }
    }
}

/// The inbox's view of one VEVENT; `None` without UID or a readable DTSTART.
fn event(component: &Component) -> Option<Event> {
    let get = |name: &str| component.properties.iter().find(|p| p.name == name);
    let uid = get("UID")
        .map(ical::text_of)
        .filter(|u| !u.trim().is_empty())?;
    let dtstart = get("DTSTART")?;
    let start = ical::date_time_of(&dtstart.value)?;
    let address = |p: &Property| {
        let hint = ical::hint_of(p);
        let email = hint.emails.first()?.trim().to_lowercase();
        email.contains('@').then(|| Address {
            email,
            name: hint.names.first().cloned(),
        })
    };
    let times = |name: &str| -> Vec<NaiveDateTime> {
        component
            .properties
            .iter()
            .filter(|p| p.name == name)
            .flat_map(|p| {
                p.value
                    .split(',')
                    .filter_map(ical::date_time_of)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    Some(Event {
        uid,
        start,
        zone: if dtstart.value.trim().ends_with(['Z', 'z']) {
            StartZone::Utc
        } else {
            StartZone::Named(ical::param(dtstart, "TZID").map(str::to_string))
        },
        summary: get("SUMMARY")
            .map(ical::text_of)
            .filter(|s| !s.trim().is_empty()),
        organizer: get("ORGANIZER").and_then(address),
        attendees: component
            .properties
            .iter()
            .filter(|p| p.name == "ATTENDEE")
            .filter_map(address)
            .collect(),
        cancelled: get("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED")),
        rule: get("RRULE").map(|r| r.value.trim().to_ascii_uppercase()),
        exdates: times("EXDATE"),
        recurrence_id: get("RECURRENCE-ID").and_then(|p| ical::date_time_of(&p.value)),
    })
}

/// The starts of an event up to `now` (wall times): DTSTART alone, or each of its recurrence.
fn occurrences(event: &Event, now: DateTime<FixedOffset>) -> Vec<NaiveDateTime> {
    let Some(rule) = event
        .rule
        .as_deref()
        .and_then(|r| Rule::read(r, event.start))
    else {
        return vec![event.start];
    };
    let limit = now.naive_local() + Duration::days(1);
    let mut starts = Vec::new();
    for n in 0..MAX_OCCURRENCES {
        if rule.count.is_some_and(|count| n >= count) {
            break;
        }
        let Some(start) = rule.nth(event.start, n) else {
            break;
        };
        if start > limit || rule.until.is_some_and(|until| start > until) {
            break;
        }
        let kept_day = start.day() == event.start.day();
        if (kept_day || matches!(rule.freq, Freq::Daily | Freq::Weekly))
            && !event.exdates.contains(&start)
        {
            starts.push(start);
        }
    }
    starts
}

/// How often an event repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// The parts of an RRULE the inbox follows.
#[derive(Debug, Clone, Copy)]
struct Rule {
    freq: Freq,
    interval: u32,
    count: Option<usize>,
    until: Option<NaiveDateTime>,
}

impl Rule {
    /// Reads `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO`; `None` for a rule it cannot follow exactly (then
    /// only the first occurrence is proposed).
    fn read(text: &str, start: NaiveDateTime) -> Option<Rule> {
        let mut rule = Rule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
        };
        let mut freq = None;
        for (key, value) in text.split(';').filter_map(|part| part.split_once('=')) {
            match key {
                "FREQ" => freq = Some(value),
                "INTERVAL" => rule.interval = value.parse().ok().filter(|i| *i > 0)?,
                "COUNT" => rule.count = Some(value.parse().ok()?),
                "UNTIL" => rule.until = Some(ical::date_time_of(value)?),
                "WKST" => {}
                "BYDAY" if value == weekday(start) => {}
                "BYMONTHDAY" if value == start.day().to_string() => {}
                "BYMONTH" if value == start.month().to_string() => {}
                _ => return None,
            }
        }
        rule.freq = match freq? {
            "DAILY" => Freq::Daily,
            "WEEKLY" => Freq::Weekly,
            "MONTHLY" => Freq::Monthly,
            "YEARLY" => Freq::Yearly,
            _ => return None,
        };
        Some(rule)
    }

    /// The `n`th start (0 is the first), or `None` past the calendar's end.
    fn nth(&self, start: NaiveDateTime, n: usize) -> Option<NaiveDateTime> {
        let steps = u32::try_from(n).ok()?.checked_mul(self.interval)?;
        match self.freq {
            Freq::Daily => start.checked_add_signed(Duration::days(steps.into())),
            Freq::Weekly => start.checked_add_signed(Duration::weeks(steps.into())),
            Freq::Monthly => start.checked_add_months(Months::new(steps)),
            Freq::Yearly => start.checked_add_months(Months::new(steps.checked_mul(12)?)),
        }
    }
}

/// The two letters RRULE names the weekday of `at` with.
fn weekday(at: NaiveDateTime) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][at.weekday().num_days_from_monday() as usize]
}
