//! The moment a command or a key press happens, read once, and the local time zone to place typed
//! wall-clock times in. Rules never read the clock; they get `today` from here.

use crate::display;
use crate::domain::dates::{self, DateError, Direction, When};
use crate::domain::rules;
use crate::i18n::tr;
use chrono::{DateTime, FixedOffset, Local, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// "Now", and how to interpret wall-clock times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The current moment.
    pub now: DateTime<FixedOffset>,
    /// A fixed offset for wall-clock times (from `RAPPORT_NOW`); None means the system time zone.
    pub zone: Option<FixedOffset>,
}

impl Clock {
    /// The system clock in the system time zone.
    pub fn system() -> Clock {
        Clock {
            now: Local::now().fixed_offset(),
            zone: None,
        }
    }

    /// A fixed moment; wall-clock times are placed in its offset (tests, `RAPPORT_NOW`).
    pub fn fixed(now: DateTime<FixedOffset>) -> Clock {
        Clock {
            now,
            zone: Some(*now.offset()),
        }
    }

    /// `RAPPORT_NOW` when set (RFC 3339), else the system clock.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var("RAPPORT_NOW") {
            Ok(text) if !text.is_empty() => DateTime::parse_from_rfc3339(&text)
                .map(Clock::fixed)
                .map_err(|_| {
                    format!(
                        "RAPPORT_NOW '{}' is not an RFC 3339 instant",
                        crate::text::sanitize_line(&text)
                    )
                }),
            _ => Ok(Clock::system()),
        }
    }

    /// The same clock, advanced to the system time (the app calls this before each key).
    pub fn tick(&self) -> Clock {
        if self.zone.is_some() {
            *self
        } else {
            Clock::system()
        }
    }

    /// Today's date.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// A date the user typed; `direction` says where weekday names point.
    pub fn date(&self, text: &str, direction: Direction) -> Result<NaiveDate, DateError> {
        dates::parse_date(text, self.today(), direction)
    }

    /// A moment the user typed: date-only forms mean 12:00, or now when the date is today.
    pub fn instant(&self, text: &str) -> Result<DateTime<FixedOffset>, String> {
        let naive = match dates::parse_when(text, self.today(), Direction::Past)
            .map_err(|e| e.to_string())?
        {
            When::DateTime(dt) => dt,
            When::Date(d) if d == self.today() => return Ok(self.now),
            When::Date(d) => d.and_hms_opt(12, 0, 0).unwrap_or_default(),
        };
        self.place(naive)
    }

    /// When an entry happened, as typed: like [`Clock::instant`], but a moment in the future (beyond a
    /// few minutes' tolerance) is refused with when "now" is and the advice to record a promise instead.
    pub fn entry_instant(&self, text: &str) -> Result<DateTime<FixedOffset>, String> {
        let at = self.instant(text)?;
        if rules::entry_in_future(at, self.now) {
            return Err(tr(
                "error.entry_in_future",
                &[
                    ("when", &display::date_time(&at)),
                    ("now", &display::date_time(&self.now)),
                ],
            ));
        }
        Ok(at)
    }

    /// Places a wall-clock time in the local zone (the earlier one when a clock change makes it ambiguous).
    pub fn place(&self, naive: NaiveDateTime) -> Result<DateTime<FixedOffset>, String> {
        let placed = match self.zone {
            Some(offset) => earlier_reading(&offset, &naive),
            None => earlier_reading(&Local, &naive),
        };
        placed.ok_or_else(|| tr("error.no_such_local_time", &[("time", &naive)]))
    }

    /// Places a wall-clock time from a calendar: in the zone its TZID names when that is a zone rapport
    /// knows (with that zone's offset on that day), else as a local wall time like [`Clock::place`]. A
    /// time the zone's clock change skips moves forward by the gap, as RFC 5545 says.
    pub fn place_zoned(
        &self,
        naive: NaiveDateTime,
        tzid: Option<&str>,
    ) -> Result<DateTime<FixedOffset>, String> {
        let Some(zone) = tzid.and_then(named_zone) else {
            return self.place_forward(naive);
        };
        // In a gap: that instant, told in the zone's offset after the change.
        earlier_reading(&zone, &naive)
            .or_else(|| before_gap(&zone, &naive).map(|t| t.with_timezone(&zone).fixed_offset()))
            .ok_or_else(|| tr("error.no_such_local_time", &[("time", &naive)]))
    }

    /// An instant (a calendar's UTC time) as the wall time here: in the fixed zone, else in the
    /// system zone's offset on that day.
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self.zone {
            Some(offset) => at.with_timezone(&offset),
            None => at.with_timezone(&Local).fixed_offset(),
        }
    }

    /// Places a wall-clock time from a file that has no time zone (jrnl) like [`Clock::place`], but a
    /// time a clock change skips is placed forward: at the instant it would be had the clock not
    /// changed (02:30 on the night summer time starts is 03:30 summer time), written with the offset
    /// before the change, so that it still reads as the file has it.
    pub fn place_forward(&self, naive: NaiveDateTime) -> Result<DateTime<FixedOffset>, String> {
        let placed = self.place(naive);
        if placed.is_ok() || self.zone.is_some() {
            return placed;
        }
        before_gap(&Local, &naive).map_or(placed, Ok)
    }
}

/// A wall time's reading in `zone`; of an ambiguous one (the hour a clock change repeats) the earlier
/// instant by comparison: chrono's `Local` lists the two readings later one first (0.4.45), so
/// `earliest()` would pick the second. `None` in a gap.
fn earlier_reading<Z: TimeZone>(zone: &Z, naive: &NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    match zone.from_local_datetime(naive) {
        LocalResult::Single(t) => Some(t.fixed_offset()),
        LocalResult::Ambiguous(a, b) => Some(a.min(b).fixed_offset()),
        LocalResult::None => None,
    }
}

/// A wall time a clock change of `zone` skips, at the offset before the change: that of the nearest
/// earlier time that exists (gaps are at most a day long, as when Samoa skipped 30 December 2011).
fn before_gap<Z: TimeZone>(zone: &Z, naive: &NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    (1..=48)
        .find_map(|hours| {
            let earlier = naive.checked_sub_signed(chrono::TimeDelta::hours(hours))?;
            zone.from_local_datetime(&earlier).latest()
        })
        .and_then(|before| {
            naive
                .and_local_timezone(before.fixed_offset().timezone())
                .single()
        })
}

/// The IANA zone a calendar's TZID names: the name itself (`Europe/Berlin`, what phones, Google,
/// Apple and Thunderbird write), quoted, or behind a path prefix (`/freeassociation.sourceforge.net/
/// Tzfile/Europe/Berlin`, Evolution and libical). Windows names (Outlook) are not known.
fn named_zone(tzid: &str) -> Option<chrono_tz::Tz> {
    let name = tzid.trim().trim_matches('"');
    let mut rest = name;
    loop {
        if let Ok(zone) = rest.parse::<chrono_tz::Tz>() {
            return Some(zone);
        }
        rest = rest.split_once('/')?.1;
    }
}

/// Whether a calendar's TZID names a zone rapport knows (see [`Clock::place_zoned`]).
pub fn knows_zone(tzid: &str) -> bool {
    named_zone(tzid).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_from_typed_dates() {
        let clock =
            Clock::fixed(DateTime::parse_from_rfc3339("2026-11-27T10:15:00+01:00").unwrap());
        assert_eq!(clock.instant("today").unwrap(), clock.now);
        assert_eq!(
            clock.instant("gestern").unwrap().to_rfc3339(),
            "2026-11-26T12:00:00+01:00"
        );
        assert_eq!(
            clock.instant("2026-11-20 14:30").unwrap().to_rfc3339(),
            "2026-11-20T14:30:00+01:00"
        );
        assert!(clock.instant("next blursday").is_err());
    }

    #[test]
    fn calendar_times_are_placed_in_the_zone_they_name() {
        // November here (+01:00); the times are in July, when Berlin is at +02:00.
        let clock =
            Clock::fixed(DateTime::parse_from_rfc3339("2026-11-27T10:15:00+01:00").unwrap());
        let july = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let cases = [
            (Some("Europe/Berlin"), "2026-07-01T09:00:00+02:00"),
            (Some("America/New_York"), "2026-07-01T09:00:00-04:00"),
            // Evolution and libical write the zone behind a path.
            (
                Some("/freeassociation.sourceforge.net/Tzfile/Europe/Berlin"),
                "2026-07-01T09:00:00+02:00",
            ),
            (Some("\"Europe/Berlin\""), "2026-07-01T09:00:00+02:00"),
            (Some("UTC"), "2026-07-01T09:00:00+00:00"),
            // A zone rapport cannot resolve, and none: the local wall time.
            (Some("W. Europe Standard Time"), "2026-07-01T09:00:00+01:00"),
            (None, "2026-07-01T09:00:00+01:00"),
        ];
        for (tzid, expected) in cases {
            let placed = clock.place_zoned(july, tzid).unwrap();
            assert_eq!(placed.to_rfc3339(), expected, "{tzid:?}");
        }
        // A time a clock change skips in that zone moves forward by the gap.
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            clock
                .place_zoned(gap, Some("Europe/Berlin"))
                .unwrap()
                .to_rfc3339(),
            "2026-03-29T03:30:00+02:00"
        );
    }

    #[test]
    fn instants_are_shown_at_the_local_wall_time() {
        let clock =
            Clock::fixed(DateTime::parse_from_rfc3339("2026-11-27T10:15:00+01:00").unwrap());
        let at = DateTime::parse_from_rfc3339("2026-07-01T07:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(clock.local(at).to_rfc3339(), "2026-07-01T08:00:00+01:00");
    }
}
