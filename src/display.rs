//! Words and symbols for showing rapport's data, shared by the command line and the full-screen app.

use crate::domain::rules::{Flag, Status};
use crate::i18n::{t, tr};
use chrono::NaiveDate;

/// A day relative to today in words: "today", "yesterday", "3 days ago", "in 2 days"; far days as dates.
pub fn relative_day(day: NaiveDate, today: NaiveDate) -> String {
    let days = (today - day).num_days();
    match days {
        0 => t("time.today").to_string(),
        1 => t("time.yesterday").to_string(),
        -1 => t("time.tomorrow").to_string(),
        2..=60 => tr("time.days_ago", &[("n", &days)]),
        -60..=-2 => tr("time.in_days", &[("n", &-days)]),
        61..=729 => tr("time.months_ago", &[("n", &(days / 30))]),
        d if d >= 730 => tr("time.years_ago", &[("n", &(d / 365))]),
        -729..=-61 => tr("time.in_months", &[("n", &(-days / 30))]),
        d => tr("time.in_years", &[("n", &(-d / 365))]),
    }
}

/// A status symbol that does not rely on colour.
pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Overdue => "!",
        Status::DueSoon => "~",
        Status::Snoozed => "z",
        Status::Ok => "✓",
        Status::Ambient => "·",
    }
}

/// The status in words.
pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::Overdue => t("status.overdue"),
        Status::DueSoon => t("status.due_soon"),
        Status::Snoozed => t("status.snoozed"),
        Status::Ok => t("status.ok"),
        Status::Ambient => t("status.ambient"),
    }
}

/// A flag in a few words.
pub fn flag_word(flag: Flag) -> &'static str {
    match flag {
        Flag::Overdue => t("flag.overdue"),
        Flag::DueSoon => t("flag.due_soon"),
        Flag::PromiseOverdue => t("flag.promise_overdue"),
        Flag::MoodFalling => t("flag.mood_falling"),
        Flag::OneSided => t("flag.one_sided"),
        Flag::BirthdaySoon => t("flag.birthday_soon"),
    }
}

/// A mood (-2..=2) as a signed number, or "–" when not rated.
pub fn mood(mood: Option<i8>) -> String {
    mood.map_or_else(
        || "–".to_string(),
        |m| {
            if m > 0 {
                format!("+{m}")
            } else {
                m.to_string()
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_days_read_naturally() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let cases = [
            (0, "today"),
            (1, "yesterday"),
            (-1, "tomorrow"),
            (12, "12 days ago"),
            (-3, "in 3 days"),
            (90, "3 months ago"),
            (800, "2 years ago"),
            (-100, "in 3 months"),
            (-800, "in 2 years"),
        ];
        for (back, expected) in cases {
            let day = today - chrono::Duration::days(back);
            assert_eq!(relative_day(day, today), expected, "{back}");
        }
    }
}
