//! The numbers behind the charts: a calendar of touches and the monthly mood line. Pure functions of
//! a contact's entry facts and `today`.

use super::pillars::EntryFact;
use chrono::{Datelike, Days, Months, NaiveDate};

/// Touches per day for the 53 weeks up to `today`, as weeks (Monday first) of 7 counts; days after
/// today or before the first Monday shown are None.
pub fn touch_calendar(entries: &[EntryFact], today: NaiveDate) -> Vec<[Option<u16>; 7]> {
    let this_monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let first_monday = this_monday - Days::new(52 * 7);
    let mut weeks = vec![[Some(0u16); 7]; 53];
    for e in entries
        .iter()
        .filter(|e| e.is_touch && e.date >= first_monday && e.date <= today)
    {
        let offset = usize::try_from((e.date - first_monday).num_days()).unwrap_or(0);
        if let Some(Some(count)) = weeks.get_mut(offset / 7).map(|w| &mut w[offset % 7]) {
            *count = count.saturating_add(1);
        }
    }
    if let Some(last) = weeks.last_mut() {
        for (day, slot) in last.iter_mut().enumerate() {
            if u32::try_from(day).unwrap_or(0) > today.weekday().num_days_from_monday() {
                *slot = None;
            }
        }
    }
    weeks
}

/// The first day of each of the 12 months up to and including today's, oldest first.
pub fn last_twelve_months(today: NaiveDate) -> Vec<NaiveDate> {
    let this_month = today.with_day(1).unwrap_or(today);
    (0..12u32)
        .rev()
        .filter_map(|back| this_month.checked_sub_months(Months::new(back)))
        .collect()
}

/// The mean mood of rated touches in each of the last 12 months (oldest first); None for a month
/// without rated touches.
pub fn monthly_mood(entries: &[EntryFact], today: NaiveDate) -> Vec<Option<f64>> {
    last_twelve_months(today)
        .into_iter()
        .map(|start| {
            let moods: Vec<f64> = entries
                .iter()
                .filter(|e| {
                    e.is_touch && e.date.year() == start.year() && e.date.month() == start.month()
                })
                .filter_map(|e| e.mood.map(f64::from))
                .collect();
            #[allow(clippy::cast_precision_loss)]
            (!moods.is_empty()).then(|| moods.iter().sum::<f64>() / moods.len() as f64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Signals;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn touch(date: &str, mood: Option<i8>) -> EntryFact {
        EntryFact {
            date: day(date),
            is_touch: true,
            mood,
            signals: Signals::default(),
        }
    }

    #[test]
    fn calendar_places_touches_by_week_and_weekday() {
        let today = day("2026-11-27"); // a Friday
        let entries = [
            touch("2026-11-27", None),
            touch("2026-11-27", None),
            touch("2026-11-23", None), // Monday of this week
            touch("2025-11-24", None), // Monday 52 weeks earlier: the first column
            touch("2025-11-23", None), // before the calendar
            EntryFact {
                is_touch: false,
                ..touch("2026-11-26", None)
            },
        ];
        let weeks = touch_calendar(&entries, today);
        assert_eq!(weeks.len(), 53);
        assert_eq!(
            weeks[52],
            [Some(1), Some(0), Some(0), Some(0), Some(2), None, None]
        );
        assert_eq!(weeks[0][0], Some(1));
        let total: u16 = weeks.iter().flatten().flatten().sum();
        assert_eq!(total, 4);
    }

    #[test]
    fn mood_line_is_monthly_mean_of_rated_touches() {
        let today = day("2026-11-27");
        let entries = [
            touch("2026-11-02", Some(2)),
            touch("2026-11-20", Some(-1)),
            touch("2026-10-05", None),
            touch("2025-12-31", Some(-2)),
            touch("2025-11-30", Some(1)), // thirteen months ago: outside
            EntryFact {
                is_touch: false,
                ..touch("2026-09-01", Some(2))
            },
        ];
        let line = monthly_mood(&entries, today);
        assert_eq!(line.len(), 12);
        assert_eq!(line[11], Some(0.5));
        assert_eq!(line[10], None);
        assert_eq!(line[9], None);
        assert_eq!(line[0], Some(-2.0));
        assert_eq!(last_twelve_months(today)[0], day("2025-12-01"));
    }
}
