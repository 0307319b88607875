//! The neglect rules of SPEC §3: cadence, due date, status, urgency and flags.
//! Pure functions of the data and `today`; they never read the clock.

use super::model::{Contact, Initiative, Tier, TouchSummary};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta};

/// Default cadences by tier, from the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CadenceDefaults {
    /// Tier A cadence in days.
    pub tier_a: u32,
    /// Tier B cadence in days.
    pub tier_b: u32,
    /// Tier C cadence in days.
    pub tier_c: u32,
    /// Cadence of contacts without tier or override.
    pub fallback: u32,
}

impl Default for CadenceDefaults {
    fn default() -> Self {
        Self {
            tier_a: 14,
            tier_b: 30,
            tier_c: 90,
            fallback: 30,
        }
    }
}

/// Where a relationship stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Past the due date.
    Overdue,
    /// Due within the warning window.
    DueSoon,
    /// A snooze is active.
    Snoozed,
    /// Nothing to do.
    Ok,
    /// Ambient contacts are never due.
    Ambient,
}

impl Status {
    /// The stable word used in `--json` output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Overdue => "overdue",
            Status::DueSoon => "due_soon",
            Status::Snoozed => "snoozed",
            Status::Ok => "ok",
            Status::Ambient => "ambient",
        }
    }
}

/// A reason a contact needs attention; a contact can carry several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    /// today > due_on.
    Overdue,
    /// due_on is near.
    DueSoon,
    /// One of my open promises to them is past due.
    PromiseOverdue,
    /// Their mood has been falling.
    MoodFalling,
    /// The last 4 touches with a recorded initiative were all mine.
    OneSided,
    /// Birthday within 7 days.
    BirthdaySoon,
    /// The only one not overdue at a key account (or a company with tier A people): the account
    /// hangs on this one contact.
    AccountSingleThreaded,
}

impl Flag {
    /// The stable word used in `--json` output.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Overdue => "overdue",
            Flag::DueSoon => "due_soon",
            Flag::PromiseOverdue => "promise_overdue",
            Flag::MoodFalling => "mood_falling",
            Flag::OneSided => "one_sided",
            Flag::BirthdaySoon => "birthday_soon",
            Flag::AccountSingleThreaded => "account_single_threaded",
        }
    }

    /// True for a flag that a review cannot set aside: it stays until its cause is dealt with. An
    /// overdue promise of mine is such a flag; it goes only when the promise is kept, broken or given
    /// a new due date, so the contact comes back in every review until then.
    pub fn outlasts_review(self) -> bool {
        matches!(self, Flag::PromiseOverdue)
    }
}

/// What a contact's row leads with: the more pressing of its status and an overdue promise of mine.
/// An overdue promise outranks every status but `overdue`, so a contact whose touches are on time
/// still shows as needing care while I owe them something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Care {
    /// The status says it all.
    Status(Status),
    /// One of my open promises to them is past due.
    PromiseOverdue,
}

/// Everything the rules derive about one contact on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// Effective cadence in days (None for ambient contacts).
    pub cadence_days: Option<u32>,
    /// The date of the latest touch.
    pub last_touch: Option<NaiveDate>,
    /// When the next touch is due (None for ambient contacts).
    pub due_on: Option<NaiveDate>,
    /// today - due_on: positive when overdue, negative while not yet due.
    pub days_overdue: Option<i64>,
    /// The status word.
    pub status: Status,
    /// All flags that apply, in a fixed order.
    pub flags: Vec<Flag>,
    /// days_overdue ÷ cadence; the sort key of the neglect list.
    pub urgency: f64,
}

impl Health {
    /// True when one of my open promises to the contact is past due.
    pub fn promise_overdue(&self) -> bool {
        self.flags.contains(&Flag::PromiseOverdue)
    }

    /// What the contact's row leads with (see [`Care`]).
    pub fn care(&self) -> Care {
        if self.status != Status::Overdue && self.promise_overdue() {
            Care::PromiseOverdue
        } else {
            Care::Status(self.status)
        }
    }
}

/// The effective cadence: the contact's own, else its tier's, else the fallback; None for ambient.
pub fn effective_cadence(contact: &Contact, defaults: &CadenceDefaults) -> Option<u32> {
    if contact.tier == Some(Tier::Ambient) {
        return None;
    }
    Some(contact.cadence_days.unwrap_or(match contact.tier {
        Some(Tier::A) => defaults.tier_a,
        Some(Tier::B) => defaults.tier_b,
        Some(Tier::C) => defaults.tier_c,
        Some(Tier::Ambient) | None => defaults.fallback,
    }))
}

/// The warning window of `due_soon`: max(2, 20 % of the cadence) days.
pub fn due_soon_window(cadence_days: u32) -> i64 {
    (i64::from(cadence_days) / 5).max(2)
}

/// How many minutes ahead of the clock an entry may be dated: a time typed rounded up to the next
/// five minutes ("09:15" for a meeting that starts at 09:12), or this clock a little behind the one
/// the time was read from. Anything later is a plan, not a touch.
pub const ENTRY_FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// True when an entry dated `at` lies in the future seen from `now`, beyond the tolerance: an entry
/// records what happened, so the CLI and the app refuse it (a promise with a due date is for plans).
pub fn entry_in_future(at: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> bool {
    at > now + TimeDelta::minutes(ENTRY_FUTURE_TOLERANCE_MINUTES)
}

/// True when the mood has been falling: the mean of the last 3 rated touches is at least 1 below the
/// mean of the 3 before, or the last 2 are both ≤ -1. `moods` is newest first.
pub fn mood_falling(moods: &[i8]) -> bool {
    if moods.len() >= 2 && moods[0] <= -1 && moods[1] <= -1 {
        return true;
    }
    if moods.len() >= 6 {
        let recent: i32 = moods[..3].iter().map(|&m| i32::from(m)).sum();
        let before: i32 = moods[3..6].iter().map(|&m| i32::from(m)).sum();
        // mean(recent) <= mean(before) - 1  <=>  sum(recent) <= sum(before) - 3
        return recent <= before - 3;
    }
    false
}

/// True when the last 4 touches that record an initiative were all mine. `initiatives` is newest first.
pub fn one_sided(initiatives: &[Initiative]) -> bool {
    initiatives.len() >= 4 && initiatives[..4].iter().all(|&i| i == Initiative::Me)
}

/// The next occurrence of a birthday on or after `today` (29 February falls on 28 February in other years).
pub fn next_birthday(birthday: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, birthday.month(), 28))
    };
    let this_year = on(today.year())?;
    if this_year >= today {
        Some(this_year)
    } else {
        on(today.year() + 1)
    }
}

/// True when the birthday is within the next 7 days (today included).
pub fn birthday_soon(birthday: Option<NaiveDate>, today: NaiveDate) -> bool {
    birthday
        .and_then(|b| next_birthday(b, today))
        .is_some_and(|next| (next - today).num_days() <= 7)
}

/// Applies every rule of SPEC §3 to one contact. `promise_overdue` says whether one of my open promises
/// to them is past due (the store answers that with one indexed query).
pub fn health(
    contact: &Contact,
    touches: &TouchSummary,
    promise_overdue: bool,
    defaults: &CadenceDefaults,
    today: NaiveDate,
) -> Health {
    let cadence = effective_cadence(contact, defaults);
    let last_touch = touches.last_touch.map(|t| t.date_naive());
    let mut flags = Vec::new();
    let (due_on, days_overdue, status, urgency) = match cadence {
        Some(cadence) if !contact.archived => {
            let base = last_touch.unwrap_or_else(|| contact.created_at.date_naive());
            let mut due = base
                .checked_add_days(chrono::Days::new(u64::from(cadence)))
                .unwrap_or(NaiveDate::MAX);
            // A snooze replaces the due date when it is later; while it lasts the contact is `snoozed`.
            let snoozed = contact.snoozed_until.filter(|&s| s > due);
            if let Some(snooze) = snoozed {
                due = snooze;
            }
            let overdue_days = (today - due).num_days();
            let status = if overdue_days > 0 {
                Status::Overdue
            } else if -overdue_days <= due_soon_window(cadence) {
                Status::DueSoon
            } else if snoozed.is_some() {
                Status::Snoozed
            } else {
                Status::Ok
            };
            #[allow(clippy::cast_precision_loss)]
            let urgency = overdue_days as f64 / f64::from(cadence);
            (Some(due), Some(overdue_days), status, urgency)
        }
        _ => (None, None, Status::Ambient, f64::NEG_INFINITY),
    };
    match status {
        Status::Overdue => flags.push(Flag::Overdue),
        Status::DueSoon => flags.push(Flag::DueSoon),
        _ => {}
    }
    if !contact.archived {
        if promise_overdue {
            flags.push(Flag::PromiseOverdue);
        }
        if mood_falling(&touches.recent_moods) {
            flags.push(Flag::MoodFalling);
        }
        if one_sided(&touches.recent_initiatives) {
            flags.push(Flag::OneSided);
        }
        if birthday_soon(contact.birthday, today) {
            flags.push(Flag::BirthdaySoon);
        }
    }
    Health {
        cadence_days: cadence,
        last_touch,
        due_on,
        days_overdue,
        status,
        flags,
        urgency,
    }
}

/// A person at a company as the single-thread rule sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountMember {
    /// The contact.
    pub id: crate::domain::model::Id,
    /// Their tier.
    pub tier: Option<crate::domain::model::Tier>,
    /// Their status today.
    pub status: Status,
    /// Archived people are no thread.
    pub archived: bool,
}

/// Why an account hangs on one contact: the company's name and how many others there are overdue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleThread {
    /// The company.
    pub company: String,
    /// Its other active people, all overdue.
    pub others_overdue: usize,
}

/// The one contact a company hangs on, if it does: the company is a key account (or one of its
/// people is tier A), and of its active people (not archived, not ambient) exactly one is not
/// overdue today. Returns that contact and how many others are overdue.
pub fn single_thread(
    key_account: bool,
    people: &[AccountMember],
) -> Option<(crate::domain::model::Id, usize)> {
    let key = key_account
        || people
            .iter()
            .any(|p| !p.archived && p.tier == Some(crate::domain::model::Tier::A));
    let active: Vec<_> = people
        .iter()
        .filter(|p| !p.archived && p.status != Status::Ambient)
        .collect();
    let mut warm = active.iter().filter(|p| p.status != Status::Overdue);
    match (key, warm.next(), warm.next()) {
        (true, Some(one), None) => Some((one.id, active.len() - 1)),
        _ => None,
    }
}

/// Sorts by urgency, most urgent first; ties by name then id so that the order is stable.
pub fn sort_by_urgency<T>(items: &mut [T], key: impl Fn(&T) -> (f64, &str, i64)) {
    items.sort_by(|a, b| {
        let (ua, na, ia) = key(a);
        let (ub, nb, ib) = key(b);
        ub.total_cmp(&ua)
            .then_with(|| na.cmp(nb))
            .then_with(|| ia.cmp(&ib))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Contact, Initiative, Tier, TouchSummary};
    use chrono::{DateTime, FixedOffset};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("{s}T10:00:00+01:00")).unwrap()
    }

    #[test]
    fn entries_may_not_lie_in_the_future_beyond_the_tolerance() {
        let now = DateTime::parse_from_rfc3339("2026-11-27T04:49:00+01:00").unwrap();
        for (at, future) in [
            ("2026-11-27T04:49:00+01:00", false),
            ("2026-11-26T09:15:00+01:00", false),
            ("2026-11-27T04:52:00+01:00", false),
            ("2026-11-27T04:54:00+01:00", false),
            ("2026-11-27T04:54:01+01:00", true),
            ("2026-11-27T09:15:00+01:00", true),
            ("2026-11-28T04:49:00+01:00", true),
            // The same instant written in another offset.
            ("2026-11-27T03:49:00+00:00", false),
            ("2026-11-27T04:49:00+00:00", true),
            ("0001-01-01T00:00:00+00:00", false),
        ] {
            let at = DateTime::parse_from_rfc3339(at).unwrap();
            assert_eq!(entry_in_future(at, now), future, "{at}");
        }
    }

    fn contact() -> Contact {
        Contact {
            id: 1,
            ..Contact::new("Anna", at("2026-01-01"))
        }
    }

    fn touched(last: &str) -> TouchSummary {
        TouchSummary {
            last_touch: Some(at(last)),
            ..TouchSummary::default()
        }
    }

    const TODAY: &str = "2026-11-27";

    #[test]
    fn effective_cadence_prefers_override_then_tier_then_default() {
        let d = CadenceDefaults::default();
        let cases: &[(Option<Tier>, Option<u32>, Option<u32>)] = &[
            (None, None, Some(30)),
            (Some(Tier::A), None, Some(14)),
            (Some(Tier::B), None, Some(30)),
            (Some(Tier::C), None, Some(90)),
            (Some(Tier::A), Some(7), Some(7)),
            (None, Some(60), Some(60)),
            (Some(Tier::Ambient), Some(7), None),
        ];
        for (tier, cadence, expected) in cases {
            let c = Contact {
                tier: *tier,
                cadence_days: *cadence,
                ..contact()
            };
            assert_eq!(effective_cadence(&c, &d), *expected, "{tier:?} {cadence:?}");
        }
    }

    /// (last touch, cadence, snoozed until, expected status, expected days overdue)
    #[test]
    fn status_at_its_boundaries() {
        let cases: &[(&str, u32, Option<&str>, Status, i64)] = &[
            ("2026-11-13", 14, None, Status::DueSoon, 0), // exactly on the due day
            ("2026-11-12", 14, None, Status::Overdue, 1), // one day past
            ("2026-11-15", 14, None, Status::DueSoon, -2), // edge of the 2-day window
            ("2026-11-16", 14, None, Status::Ok, -3),     // just outside it
            ("2026-09-29", 60, None, Status::DueSoon, -1), // 60 days: window is 12 days
            ("2026-10-10", 60, None, Status::DueSoon, -12),
            ("2026-10-11", 60, None, Status::Ok, -13),
            ("2026-10-01", 14, Some("2026-12-20"), Status::Snoozed, -23), // snooze replaces due
            ("2026-10-01", 14, Some("2026-11-27"), Status::DueSoon, 0),   // snooze expiring today
            ("2026-10-01", 14, Some("2026-11-26"), Status::Overdue, 1),   // expired snooze
            ("2026-11-20", 14, Some("2026-11-25"), Status::Ok, -7), // snooze earlier than due: ignored
        ];
        let today = day(TODAY);
        for (last, cadence, snooze, status, overdue) in cases {
            let c = Contact {
                cadence_days: Some(*cadence),
                snoozed_until: snooze.map(day),
                ..contact()
            };
            let h = health(
                &c,
                &touched(last),
                false,
                &CadenceDefaults::default(),
                today,
            );
            assert_eq!(
                (h.status, h.days_overdue),
                (*status, Some(*overdue)),
                "{last} {cadence} {snooze:?}"
            );
        }
    }

    #[test]
    fn without_touches_the_due_date_counts_from_creation() {
        let c = Contact {
            created_at: at("2026-10-01"),
            ..contact()
        };
        let h = health(
            &c,
            &TouchSummary::default(),
            false,
            &CadenceDefaults::default(),
            day(TODAY),
        );
        assert_eq!(h.due_on, Some(day("2026-10-31")));
        assert_eq!(h.days_overdue, Some(27));
        assert_eq!(h.flags, vec![Flag::Overdue]);
    }

    #[test]
    fn ambient_and_archived_contacts_are_never_due() {
        let ambient = Contact {
            tier: Some(Tier::Ambient),
            ..contact()
        };
        let h = health(
            &ambient,
            &touched("2020-01-01"),
            false,
            &CadenceDefaults::default(),
            day(TODAY),
        );
        assert_eq!(
            (h.status, h.due_on, h.flags.is_empty()),
            (Status::Ambient, None, true)
        );
        let archived = Contact {
            archived: true,
            birthday: Some(day("1980-11-28")),
            ..contact()
        };
        let h = health(
            &archived,
            &touched("2020-01-01"),
            true,
            &CadenceDefaults::default(),
            day(TODAY),
        );
        assert!(h.flags.is_empty());
        assert_eq!(h.status, Status::Ambient);
    }

    #[test]
    fn mood_falling_cases() {
        let cases: &[(&[i8], bool)] = &[
            (&[], false),
            (&[-1], false),    // one rated touch
            (&[-1, -1], true), // last two both ≤ -1
            (&[-2, 0], false),
            (&[0, 0, 0, 1, 1, 1], true), // mean 0 vs mean 1: exactly 1 below
            (&[0, 0, 1, 1, 1, 1], false), // 0.33 vs 1: less than 1 below
            (&[-1, 0, 0, 1, 1, 1], true),
            (&[2, 2, 2, 2, 2, 2], false),
            (&[0, 0, 0, 1, 1], false), // fewer than six: no comparison
        ];
        for (moods, expected) in cases {
            assert_eq!(mood_falling(moods), *expected, "{moods:?}");
        }
    }

    #[test]
    fn one_sided_cases() {
        use Initiative::{Me, Mutual, Them};
        let cases: &[(&[Initiative], bool)] = &[
            (&[Me, Me, Me], false),
            (&[Me, Me, Me, Me], true),
            (&[Me, Me, Me, Me, Them], true),
            (&[Me, Me, Mutual, Me], false),
            (&[Them, Me, Me, Me, Me], false),
        ];
        for (list, expected) in cases {
            assert_eq!(one_sided(list), *expected, "{list:?}");
        }
    }

    #[test]
    fn birthday_window() {
        let today = day(TODAY);
        let cases = [
            ("1980-11-27", true),  // today
            ("1980-12-04", true),  // in 7 days
            ("1980-12-05", false), // in 8 days
            ("1980-11-26", false), // yesterday
            ("1972-02-29", false),
        ];
        for (b, expected) in cases {
            assert_eq!(birthday_soon(Some(day(b)), today), expected, "{b}");
        }
        assert_eq!(
            next_birthday(day("1972-02-29"), day("2027-02-01")),
            Some(day("2027-02-28"))
        );
        assert!(birthday_soon(Some(day("1972-01-02")), day("2026-12-28"))); // across new year
    }

    #[test]
    fn all_flags_together_in_fixed_order() {
        use Initiative::Me;
        let c = Contact {
            cadence_days: Some(14),
            birthday: Some(day("1980-11-30")),
            ..contact()
        };
        let touches = TouchSummary {
            last_touch: Some(at("2026-10-01")),
            recent_moods: vec![-1, -2],
            recent_initiatives: vec![Me, Me, Me, Me],
        };
        let h = health(&c, &touches, true, &CadenceDefaults::default(), day(TODAY));
        assert_eq!(
            h.flags,
            vec![
                Flag::Overdue,
                Flag::PromiseOverdue,
                Flag::MoodFalling,
                Flag::OneSided,
                Flag::BirthdaySoon
            ]
        );
    }

    /// (last touch, cadence, tier, my promise overdue, expected care, flag outlasts a review)
    type CareCase = (&'static str, u32, Option<Tier>, bool, Care, bool);

    #[test]
    fn an_overdue_promise_of_mine_needs_care_whatever_the_status() {
        let cases: &[CareCase] = &[
            ("2026-11-20", 30, None, true, Care::PromiseOverdue, true), // ok by cadence
            (
                "2026-11-20",
                30,
                None,
                false,
                Care::Status(Status::Ok),
                false,
            ),
            ("2026-10-30", 30, None, true, Care::PromiseOverdue, true), // due soon
            (
                "2026-10-30",
                30,
                None,
                false,
                Care::Status(Status::DueSoon),
                false,
            ),
            (
                "2026-10-01",
                30,
                None,
                true,
                Care::Status(Status::Overdue),
                true,
            ), // overdue first
            (
                "2020-01-01",
                30,
                Some(Tier::Ambient),
                true,
                Care::PromiseOverdue,
                true,
            ),
            (
                "2020-01-01",
                30,
                Some(Tier::Ambient),
                false,
                Care::Status(Status::Ambient),
                false,
            ),
        ];
        for (last, cadence, tier, promise, care, outlasts) in cases {
            let c = Contact {
                cadence_days: Some(*cadence),
                tier: *tier,
                ..contact()
            };
            let h = health(
                &c,
                &touched(last),
                *promise,
                &CadenceDefaults::default(),
                day(TODAY),
            );
            assert_eq!(h.care(), *care, "{last} {tier:?} {promise}");
            assert_eq!(h.promise_overdue(), *promise, "{last} {tier:?}");
            assert_eq!(
                h.flags.iter().any(|f| f.outlasts_review()),
                *outlasts,
                "{last} {tier:?} {promise}"
            );
        }
    }

    #[test]
    fn urgency_orders_by_overdue_share_of_cadence() {
        let today = day(TODAY);
        let d = CadenceDefaults::default();
        // 10 days over a 7-day cadence is more urgent than 20 days over a 90-day cadence.
        let weekly = Contact {
            id: 1,
            name: "W".into(),
            cadence_days: Some(7),
            ..contact()
        };
        let quarterly = Contact {
            id: 2,
            name: "Q".into(),
            cadence_days: Some(90),
            ..contact()
        };
        let mut list = vec![
            (
                quarterly.clone(),
                health(&quarterly, &touched("2026-08-09"), false, &d, today),
            ),
            (
                weekly.clone(),
                health(&weekly, &touched("2026-11-10"), false, &d, today),
            ),
        ];
        sort_by_urgency(&mut list, |(c, h)| (h.urgency, c.name.as_str(), c.id));
        assert_eq!(
            list.iter().map(|(c, _)| c.id).collect::<Vec<_>>(),
            vec![1, 2]
        );
    }

    #[test]
    fn an_account_is_single_threaded_when_one_active_person_there_is_not_overdue() {
        use crate::domain::model::Tier;
        let person = |id: i64, tier: Option<Tier>, status: Status, archived: bool| AccountMember {
            id,
            tier,
            status,
            archived,
        };
        let (o, ok) = (Status::Overdue, Status::Ok);
        type Case = (&'static str, bool, Vec<AccountMember>, Option<(i64, usize)>);
        let cases: Vec<Case> = vec![
            (
                "key account, one warm, two overdue",
                true,
                vec![
                    person(1, None, ok, false),
                    person(2, None, o, false),
                    person(3, None, o, false),
                ],
                Some((1, 2)),
            ),
            (
                "key account, a single person",
                true,
                vec![person(1, None, Status::DueSoon, false)],
                Some((1, 0)),
            ),
            (
                "key account, two warm",
                true,
                vec![
                    person(1, None, ok, false),
                    person(2, None, Status::Snoozed, false),
                ],
                None,
            ),
            (
                "key account, everyone overdue",
                true,
                vec![person(1, None, o, false), person(2, None, o, false)],
                None,
            ),
            (
                "no key account, no tier A",
                false,
                vec![
                    person(1, Some(Tier::B), ok, false),
                    person(2, None, o, false),
                ],
                None,
            ),
            (
                "a tier A person makes it key",
                false,
                vec![
                    person(1, Some(Tier::B), ok, false),
                    person(2, Some(Tier::A), o, false),
                ],
                Some((1, 1)),
            ),
            (
                "an archived tier A person does not",
                false,
                vec![
                    person(1, None, ok, false),
                    person(2, Some(Tier::A), o, true),
                ],
                None,
            ),
            (
                "archived and ambient people are no thread",
                true,
                vec![
                    person(1, None, ok, false),
                    person(2, None, ok, true),
                    person(3, None, Status::Ambient, false),
                ],
                Some((1, 0)),
            ),
            ("nobody", true, vec![], None),
        ];
        for (what, key, people, expected) in cases {
            assert_eq!(single_thread(key, &people), expected, "{what}");
        }
    }
}
