//! Words and symbols for showing rapport's data, shared by the command line and the full-screen app.

use crate::domain::model::Kind;
use crate::domain::rules::{Care, Flag, Status};
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

/// A date pattern from the catalogue; a broken pattern falls back to ISO instead of failing.
fn pattern(key: &'static str, iso: &'static str) -> &'static str {
    let pattern = t(key);
    let broken = chrono::format::StrftimeItems::new(pattern)
        .any(|i| matches!(i, chrono::format::Item::Error));
    if broken { iso } else { pattern }
}

/// A date the local way: 2026-11-27, or 27.11.2026 in German.
pub fn date(day: NaiveDate) -> String {
    day.format(pattern("format.date", "%Y-%m-%d")).to_string()
}

/// A moment the local way: 2026-11-27 14:30, or 27.11.2026 14:30 in German.
pub fn date_time(at: &chrono::DateTime<chrono::FixedOffset>) -> String {
    at.format(pattern("format.date_time", "%Y-%m-%d %H:%M"))
        .to_string()
}

/// Day and month without the year (birthdays).
pub fn day_month(day: NaiveDate) -> String {
    day.format(pattern("format.day_month", "%d.%m."))
        .to_string()
}

/// A birthday the local way; one stored without a year shows day and month only, never the
/// placeholder year ([`crate::domain::dates::NO_YEAR`]).
pub fn birthday(day: NaiveDate) -> String {
    use chrono::Datelike;
    if day.year() == crate::domain::dates::NO_YEAR {
        day_month(day)
    } else {
        date(day)
    }
}

/// When the last weekly review was, for the status line: "Last review 3 days ago". A date after
/// today (recorded while the clock was ahead) is shown as that date, never as "in 21 days".
pub fn last_review(last: Option<NaiveDate>, today: NaiveDate) -> String {
    match last {
        None => t("review.never_reviewed").to_string(),
        Some(day) if day > today => tr("review.last_review_on", &[("date", &date(day))]),
        Some(day) => tr("review.last_review", &[("when", &relative_day(day, today))]),
    }
}

/// The kind of an entry in words ("Meeting", "Anruf").
pub fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Meeting => t("kind.meeting"),
        Kind::Call => t("kind.call"),
        Kind::Video => t("kind.video"),
        Kind::Email => t("kind.email"),
        Kind::Message => t("kind.message"),
        Kind::Event => t("kind.event"),
        Kind::Note => t("kind.note"),
    }
}

/// The kind in at most seven columns, for lists ("meeting", "Treffen").
pub fn kind_short(kind: Kind) -> &'static str {
    match kind {
        Kind::Meeting => t("kind_short.meeting"),
        Kind::Call => t("kind_short.call"),
        Kind::Video => t("kind_short.video"),
        Kind::Email => t("kind_short.email"),
        Kind::Message => t("kind_short.message"),
        Kind::Event => t("kind_short.event"),
        Kind::Note => t("kind_short.note"),
    }
}

/// Who took the initiative, in words ("me", "Partner").
pub fn initiative_word(initiative: crate::domain::model::Initiative) -> &'static str {
    match initiative {
        crate::domain::model::Initiative::Me => t("initiative.me"),
        crate::domain::model::Initiative::Them => t("initiative.them"),
        crate::domain::model::Initiative::Mutual => t("initiative.mutual"),
    }
}

/// The weekday of a date in words ("Friday", "Freitag").
pub fn weekday_name(day: NaiveDate) -> &'static str {
    use chrono::Datelike;
    match day.weekday() {
        chrono::Weekday::Mon => t("weekday.mon"),
        chrono::Weekday::Tue => t("weekday.tue"),
        chrono::Weekday::Wed => t("weekday.wed"),
        chrono::Weekday::Thu => t("weekday.thu"),
        chrono::Weekday::Fri => t("weekday.fri"),
        chrono::Weekday::Sat => t("weekday.sat"),
        chrono::Weekday::Sun => t("weekday.sun"),
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

/// The symbol of an overdue promise of mine, on the home list and in the header.
pub const PROMISE_LATE_SYMBOL: &str = "⚑";

/// The symbol a contact's row leads with: its status symbol, or ⚑ for an overdue promise of mine.
pub fn care_symbol(care: Care) -> &'static str {
    match care {
        Care::Status(status) => status_symbol(status),
        Care::PromiseOverdue => PROMISE_LATE_SYMBOL,
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
        Flag::AccountSingleThreaded => t("flag.account_single_threaded"),
    }
}

/// The columns the longest pillar name takes in the current language ("Langfristigkeit"), so that
/// scores beside the names line up and never touch them.
pub fn pillar_name_width() -> usize {
    crate::text::column_width(
        [
            "pillar.trust",
            "pillar.sympathy",
            "pillar.competence",
            "pillar.longterm",
        ]
        .map(t),
    )
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

/// The names of an entry's contacts, safe for a terminal, joined with ", ".
pub fn contact_names(row: &crate::store::EntryRow) -> String {
    row.contact_names
        .iter()
        .map(|(_, name)| crate::text::sanitize_line(name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a pillar score was computed from, in words, joined by `separator`: "on time 3, late 1, …".
pub fn score_inputs(score: &crate::domain::pillars::PillarScore, separator: &str) -> String {
    score
        .inputs
        .iter()
        .map(|(key, value)| format!("{} {value}", t(key)))
        .collect::<Vec<_>>()
        .join(separator)
}

/// One sentence per flag saying why a contact needs attention, with the numbers behind it.
pub fn reasons(health: &crate::insight::ContactHealth, today: NaiveDate) -> Vec<String> {
    health
        .health
        .flags
        .iter()
        .map(|flag| reason(*flag, health, today))
        .collect()
}

/// The sentence for one flag of a contact.
fn reason(flag: Flag, health: &crate::insight::ContactHealth, today: NaiveDate) -> String {
    match flag {
        Flag::Overdue | Flag::DueSoon => rhythm(&health.health, today),
        Flag::PromiseOverdue => overdue_promises(&health.overdue_promises, today),
        Flag::MoodFalling => mood_reason(&health.touches.recent_moods),
        Flag::OneSided => t("reason.one_sided").to_string(),
        Flag::BirthdaySoon => birthday_reason(health.contact.birthday, today),
        Flag::AccountSingleThreaded => single_thread_reason(health.single_thread.as_ref()),
    }
}

/// "Ankerwerk GmbH (key account) hangs on this one contact: the 3 others there are overdue".
fn single_thread_reason(thread: Option<&crate::domain::rules::SingleThread>) -> String {
    let Some(thread) = thread else {
        return t("flag.account_single_threaded").to_string();
    };
    let company = crate::text::sanitize_line(&thread.company);
    if thread.others_overdue == 0 {
        tr("reason.single_thread_alone", &[("company", &company)])
    } else {
        tr(
            "reason.single_thread",
            &[("company", &company), ("n", &thread.others_overdue)],
        )
    }
}

/// The last touch and cadence in words, with when the next touch is due.
pub fn rhythm(h: &crate::domain::rules::Health, today: NaiveDate) -> String {
    let cadence = h.cadence_days.unwrap_or_default();
    let due = h.due_on.map(|d| relative_day(d, today)).unwrap_or_default();
    match h.last_touch {
        Some(last) => tr(
            "reason.last_touch",
            &[
                ("ago", &relative_day(last, today)),
                ("cadence", &cadence),
                ("due", &due),
            ],
        ),
        None => tr(
            "reason.never_touched",
            &[("cadence", &cadence), ("due", &due)],
        ),
    }
}

/// My overdue promises: the oldest few by name; a long tail only counted, so that the line stays
/// readable.
fn overdue_promises(overdue: &crate::store::OverduePromises, today: NaiveDate) -> String {
    let mut texts: Vec<String> = overdue
        .oldest
        .iter()
        .map(|(text, due)| {
            let days = (today - *due).num_days();
            tr(
                "reason.promise",
                &[("text", &crate::text::sanitize_line(text)), ("days", &days)],
            )
        })
        .collect();
    let unnamed = overdue.count.saturating_sub(overdue.oldest.len());
    if unnamed > 0 {
        texts.push(tr("reason.promises_more", &[("count", &unnamed)]));
    }
    if texts.is_empty() {
        t("flag.promise_overdue").to_string()
    } else {
        texts.join("; ")
    }
}

/// Falling mood, newest first in `moods`: the mean of the last three against the three before, or
/// the last two moods when there are fewer than six.
fn mood_reason(moods: &[i8]) -> String {
    if moods.len() >= 6 {
        let mean = |m: &[i8]| m.iter().map(|&v| f64::from(v)).sum::<f64>() / 3.0;
        tr(
            "reason.mood_falling",
            &[
                ("before", &format!("{:+.1}", mean(&moods[3..6]))),
                ("now", &format!("{:+.1}", mean(&moods[..3]))),
            ],
        )
    } else {
        tr(
            "reason.mood_low",
            &[
                ("a", &mood(moods.first().copied())),
                ("b", &mood(moods.get(1).copied())),
            ],
        )
    }
}

/// The coming birthday: today, or how far away.
fn birthday_reason(birthday: Option<NaiveDate>, today: NaiveDate) -> String {
    let next = birthday.and_then(|b| crate::domain::rules::next_birthday(b, today));
    match next {
        Some(d) if d == today => t("reason.birthday_today").to_string(),
        Some(d) => tr("reason.birthday", &[("when", &relative_day(d, today))]),
        None => t("flag.birthday_soon").to_string(),
    }
}

/// A contact as duplicates and merges name it: "#12 Jürgen Müller (Ankerwerk GmbH)", made safe.
pub fn contact_label(id: i64, name: &str, company: Option<&str>) -> String {
    let name = crate::text::sanitize_line(name);
    match company.map(str::trim).filter(|c| !c.is_empty()) {
        Some(company) => format!("#{id} {name} ({})", crate::text::sanitize_line(company)),
        None => format!("#{id} {name}"),
    }
}

/// Why two contacts look like one person, in words ("same name and company"), joined by "; ".
pub fn duplicate_reasons(reasons: &[crate::domain::duplicates::Reason]) -> String {
    use crate::domain::duplicates::Reason;
    let one = |reason: &Reason| match reason {
        Reason::Profile => t("duplicates.profile").to_string(),
        Reason::Email(value) => tr(
            "duplicates.email",
            &[("value", &crate::text::sanitize_line(value))],
        ),
        Reason::Phone(value) => tr(
            "duplicates.phone",
            &[("value", &crate::text::sanitize_line(value))],
        ),
        Reason::NameAndCompany => t("duplicates.name_company").to_string(),
        Reason::Name => t("duplicates.name").to_string(),
    };
    reasons.iter().map(one).collect::<Vec<_>>().join("; ")
}

/// What merging will do, one line each: what moves, then each field that differs and which value
/// stays. `counts` are the other contact's entries and promises; `keep` and `other` are labels.
pub fn merge_summary(
    merged: &crate::domain::merge::Merged,
    new_tags: usize,
    (keep, other): (&str, &str),
    (entries, promises): (i64, usize),
) -> Vec<String> {
    use crate::domain::merge::Fate;
    let mut lines = vec![tr("merge.title", &[("keep", &keep), ("other", &other)])];
    lines.push(tr(
        "merge.moves",
        &[
            ("entries", &entries),
            ("promises", &promises),
            ("tags", &new_tags),
            ("rows", &merged.moved_rows),
        ],
    ));
    for d in &merged.differences {
        let show = |v: &str| crate::text::truncate_width(&crate::text::sanitize_line(v), 60);
        let (field, kept, value) = (t(d.field), show(&d.kept), show(&d.other));
        let key = match d.fate {
            Fate::Filled => "merge.filled",
            Fate::Dropped => "merge.dropped",
            Fate::Further => "merge.further",
            Fate::Appended => "merge.appended",
        };
        let args: [(&str, &dyn std::fmt::Display); 4] = [
            ("field", &field),
            ("kept", &kept),
            ("value", &value),
            ("other", &other),
        ];
        lines.push(format!("  {}", tr(key, &args)));
    }
    lines.push(tr("merge.deleted", &[("other", &other)]));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_last_review_in_the_future_is_shown_as_its_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d);
        let cases = [
            (None, "No weekly review yet"),
            (Some(today), "Last review today"),
            (today.pred_opt(), "Last review yesterday"),
            (
                NaiveDate::from_ymd_opt(2026, 11, 20),
                "Last review 7 days ago",
            ),
            (day(18), "Last review on 2026-12-18"),
            (today.succ_opt(), "Last review on 2026-11-28"),
        ];
        for (last, shown) in cases {
            assert_eq!(last_review(last, today), shown, "{last:?}");
        }
    }

    #[test]
    fn a_birthday_without_a_year_never_shows_the_placeholder_year() {
        let no_year = NaiveDate::from_ymd_opt(crate::domain::dates::NO_YEAR, 4, 13).unwrap();
        assert_eq!(birthday(no_year), "13.04.");
        let leap = NaiveDate::from_ymd_opt(crate::domain::dates::NO_YEAR, 2, 29).unwrap();
        assert_eq!(birthday(leap), "29.02.");
        let born = NaiveDate::from_ymd_opt(1970, 4, 13).unwrap();
        assert_eq!(birthday(born), "1970-04-13");
    }

    #[test]
    fn overdue_promises_are_named_oldest_first_and_the_rest_counted() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-01T09:00:00+01:00").unwrap();
        let contact = crate::domain::model::Contact::new("Anna", at);
        let touches = crate::domain::model::TouchSummary::default();
        let defaults = crate::domain::rules::CadenceDefaults::default();
        let health = crate::domain::rules::health(&contact, &touches, true, &defaults, today);
        let cases: [(usize, &[&str], Option<&str>); 4] = [
            (1, &["'p0' is 10 days overdue"], None),
            (2, &["'p0' is 10 days", "'p1' is 9 days"], None),
            (3, &["'p0'", "'p1'"], Some("and 1 more overdue promise")),
            (40, &["'p0'", "'p1'"], Some("and 38 more overdue promises")),
        ];
        for (count, named, more) in cases {
            let overdue_promises = crate::store::OverduePromises {
                count,
                oldest: (0..count.min(crate::insight::NAMED_OVERDUE_PROMISES))
                    .map(|i| {
                        (
                            format!("p{i}"),
                            today - chrono::Duration::days(10 - i as i64),
                        )
                    })
                    .collect(),
            };
            let c = crate::insight::ContactHealth {
                contact: contact.clone(),
                touches: touches.clone(),
                health: health.clone(),
                overdue_promises,
                single_thread: None,
            };
            let line = reasons(&c, today).join("; ");
            for text in named {
                assert!(line.contains(text), "{count}: {line}");
            }
            assert!(
                !line.contains(&format!("'p{}'", named.len())),
                "{count}: {line}"
            );
            match more {
                Some(more) => assert!(line.split("; ").any(|r| r == more), "{count}: {line}"),
                None => assert!(!line.contains("more overdue"), "{count}: {line}"),
            }
        }
    }

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
