//! The four pillar scores of SPEC §3, each 0–100 and always returned with the inputs that produced it.
//! Pure functions of the evidence and `today`; the formulas are written out in the README.

use super::model::{PromiseStatus, Signals};
use chrono::{Days, NaiveDate};

/// How far back the scores look.
pub const WINDOW_DAYS: u64 = 365;

/// One of my promises to the contact, as the trust score sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PromiseFact {
    /// When it was due.
    pub due: Option<NaiveDate>,
    /// Where it stands.
    pub status: PromiseStatus,
    /// When it was closed (kept or broken).
    pub closed_on: Option<NaiveDate>,
}

/// One entry about the contact, as the scores see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryFact {
    /// The day it happened.
    pub date: NaiveDate,
    /// False for notes (my own thoughts).
    pub is_touch: bool,
    /// The partner's mood, when rated.
    pub mood: Option<i8>,
    /// Pillar signals.
    pub signals: Signals,
}

/// Everything the scores are computed from: my promises and the entries of roughly the last year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// My promises to the contact (any age; the rules pick the window).
    pub my_promises: Vec<PromiseFact>,
    /// Entries about the contact (any age; the rules pick the window).
    pub entries: Vec<EntryFact>,
    /// The effective cadence, for the long-term windows.
    pub cadence_days: u32,
    /// When counting starts (see [`counting_since`]): windows that end before it do not count.
    pub since: NaiveDate,
}

/// One score with the numbers behind it. `score` is None when there is no evidence at all.
#[derive(Debug, Clone, PartialEq)]
pub struct PillarScore {
    /// 0–100, or None without evidence.
    pub score: Option<u8>,
    /// The inputs, as (label key, value) pairs for display.
    pub inputs: Vec<(&'static str, String)>,
}

/// The four scores of one contact on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct PillarScores {
    /// Trust: promises kept on time, trust signals.
    pub trust: PillarScore,
    /// Sympathy: mood and sympathy signals.
    pub sympathy: PillarScore,
    /// Competence: competence signals.
    pub competence: PillarScore,
    /// Long-term: share of cadence windows with a touch.
    pub longterm: PillarScore,
}

/// The day the long-term windows start counting: when the relationship began (`met_on`), but never
/// before rapport knew the contact (the day it was added, or its earliest entry if that is older) —
/// a "since 2019" in a journal started this month must not count six empty years against it.
pub fn counting_since(
    met_on: Option<NaiveDate>,
    added: NaiveDate,
    first_entry: Option<NaiveDate>,
) -> NaiveDate {
    let known = first_entry.map_or(added, |first| first.min(added));
    met_on.map_or(known, |met| met.max(known))
}

fn window_start(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(WINDOW_DAYS))
        .unwrap_or(NaiveDate::MIN)
}

fn in_window(date: NaiveDate, today: NaiveDate) -> bool {
    date > window_start(today) && date <= today
}

/// Mean of -1/0/+1 signals mapped to 0..1, with the count.
fn signal_part(values: impl Iterator<Item = i8>) -> Option<(f64, usize)> {
    let (sum, n) = values.fold((0i64, 0usize), |(s, n), v| (s + i64::from(v), n + 1));
    #[allow(clippy::cast_precision_loss)]
    (n > 0).then(|| ((sum as f64 / n as f64 + 1.0) / 2.0, n))
}

/// Weighted mean of the parts that exist, scaled to 0–100.
fn combine(parts: &[(Option<f64>, f64)]) -> Option<u8> {
    let (sum, weight) = parts
        .iter()
        .filter_map(|(part, w)| part.map(|p| (p * w, *w)))
        .fold((0.0, 0.0), |(s, tw), (pw, w)| (s + pw, tw + w));
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (weight > 0.0).then(|| (sum / weight * 100.0).round().clamp(0.0, 100.0) as u8)
}

fn pct(part: Option<f64>) -> String {
    part.map_or_else(|| "–".to_string(), |p| format!("{:.0}%", p * 100.0))
}

/// How promises due or closed in a period (`from`, `to`] turned out, as of `to`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PromiseRecord {
    /// Kept on or before the due date (or without one).
    pub on_time: u32,
    /// Kept after the due date.
    pub late: u32,
    /// Broken.
    pub broken: u32,
    /// Still open and past due.
    pub overdue: u32,
}

/// Counts how the promises due or closed in (`from`, `to`] turned out.
pub fn promise_record(promises: &[PromiseFact], from: NaiveDate, to: NaiveDate) -> PromiseRecord {
    let mut record = PromiseRecord::default();
    for p in promises {
        if !p.closed_on.or(p.due).is_some_and(|d| d > from && d <= to) {
            continue;
        }
        match p.status {
            PromiseStatus::Kept => match (p.due, p.closed_on) {
                (Some(due), Some(closed)) if closed > due => record.late += 1,
                _ => record.on_time += 1,
            },
            PromiseStatus::Broken => record.broken += 1,
            PromiseStatus::Open => {
                if p.due.is_some_and(|d| d < to) {
                    record.overdue += 1;
                }
            }
        }
    }
    record
}

/// Trust = 100 × (0.7 × promise part + 0.3 × signal part), using whichever parts exist.
/// Promise part: (kept on time + ½ × kept late) ÷ (kept + broken + open and overdue), over my promises
/// due or closed in the last 365 days. Signal part: (mean trust signal + 1) ÷ 2.
pub fn trust(evidence: &Evidence, today: NaiveDate) -> PillarScore {
    let PromiseRecord {
        on_time,
        late,
        broken,
        overdue,
    } = promise_record(&evidence.my_promises, window_start(today), today);
    let total = on_time + late + broken + overdue;
    let promise_part =
        (total > 0).then(|| (f64::from(on_time) + 0.5 * f64::from(late)) / f64::from(total));
    let signals = signal_part(
        evidence
            .entries
            .iter()
            .filter(|e| in_window(e.date, today))
            .filter_map(|e| e.signals.trust),
    );
    PillarScore {
        score: combine(&[(promise_part, 0.7), (signals.map(|s| s.0), 0.3)]),
        inputs: vec![
            ("pillar.input.kept_on_time", on_time.to_string()),
            ("pillar.input.kept_late", late.to_string()),
            ("pillar.input.broken", broken.to_string()),
            ("pillar.input.open_overdue", overdue.to_string()),
            (
                "pillar.input.trust_signals",
                signals.map_or(0, |s| s.1).to_string(),
            ),
        ],
    }
}

/// Sympathy = 100 × (0.6 × mood part + 0.4 × signal part), using whichever parts exist.
/// Mood part: (mean mood of rated touches in the last 365 days + 2) ÷ 4. Signal part: (mean sympathy signal + 1) ÷ 2.
pub fn sympathy(evidence: &Evidence, today: NaiveDate) -> PillarScore {
    let recent = || evidence.entries.iter().filter(|e| in_window(e.date, today));
    let moods: Vec<i8> = recent()
        .filter(|e| e.is_touch)
        .filter_map(|e| e.mood)
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let mood_mean = (!moods.is_empty())
        .then(|| moods.iter().map(|&m| f64::from(m)).sum::<f64>() / moods.len() as f64);
    let mood_part = mood_mean.map(|m| (m + 2.0) / 4.0);
    let signals = signal_part(recent().filter_map(|e| e.signals.sympathy));
    PillarScore {
        score: combine(&[(mood_part, 0.6), (signals.map(|s| s.0), 0.4)]),
        inputs: vec![
            ("pillar.input.rated_touches", moods.len().to_string()),
            (
                "pillar.input.mean_mood",
                mood_mean.map_or_else(|| "–".into(), |m| format!("{m:+.1}")),
            ),
            (
                "pillar.input.sympathy_signals",
                signals.map_or(0, |s| s.1).to_string(),
            ),
        ],
    }
}

/// Competence = 100 × (mean competence signal of the last 365 days + 1) ÷ 2.
pub fn competence(evidence: &Evidence, today: NaiveDate) -> PillarScore {
    let signals = signal_part(
        evidence
            .entries
            .iter()
            .filter(|e| in_window(e.date, today))
            .filter_map(|e| e.signals.competence),
    );
    PillarScore {
        score: combine(&[(signals.map(|s| s.0), 1.0)]),
        inputs: vec![
            (
                "pillar.input.competence_signals",
                signals.map_or(0, |s| s.1).to_string(),
            ),
            ("pillar.input.signal_part", pct(signals.map(|s| s.0))),
        ],
    }
}

/// Long-term = 100 × windows with a touch ÷ windows. The last 365 days are cut into cadence-long windows
/// counted back from today; windows that end before [`Evidence::since`] do not count.
pub fn longterm(evidence: &Evidence, today: NaiveDate) -> PillarScore {
    let cadence = i64::from(evidence.cadence_days.max(1));
    let start = window_start(today);
    let (mut windows, mut covered) = (0u32, 0u32);
    let mut end = today;
    loop {
        // The window is (begin, end]; the oldest one is cut at the start of the year.
        let begin = (end - chrono::Duration::days(cadence)).max(start);
        if end <= start || end < evidence.since {
            break;
        }
        windows += 1;
        if evidence
            .entries
            .iter()
            .any(|e| e.is_touch && e.date > begin && e.date <= end)
        {
            covered += 1;
        }
        end = begin;
    }
    let part = (windows > 0).then(|| f64::from(covered) / f64::from(windows));
    PillarScore {
        score: combine(&[(part, 1.0)]),
        inputs: vec![
            (
                "pillar.input.windows_touched",
                format!("{covered} / {windows}"),
            ),
            ("pillar.input.cadence_days", cadence.to_string()),
        ],
    }
}

/// All four scores on `today`.
pub fn scores(evidence: &Evidence, today: NaiveDate) -> PillarScores {
    PillarScores {
        trust: trust(evidence, today),
        sympathy: sympathy(evidence, today),
        competence: competence(evidence, today),
        longterm: longterm(evidence, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(date: &str, mood: Option<i8>, signals: Signals) -> EntryFact {
        EntryFact {
            date: day(date),
            is_touch: true,
            mood,
            signals,
        }
    }

    fn kept(due: &str, closed: &str) -> PromiseFact {
        PromiseFact {
            due: Some(day(due)),
            status: PromiseStatus::Kept,
            closed_on: Some(day(closed)),
        }
    }

    const TODAY: &str = "2026-11-27";

    fn evidence() -> Evidence {
        Evidence {
            my_promises: vec![],
            entries: vec![],
            cadence_days: 30,
            since: day("2020-01-01"),
        }
    }

    #[test]
    fn no_evidence_means_no_score() {
        let s = scores(
            &Evidence {
                since: day("2027-01-01"),
                ..evidence()
            },
            day(TODAY),
        );
        assert_eq!(
            (
                s.trust.score,
                s.sympathy.score,
                s.competence.score,
                s.longterm.score
            ),
            (None, None, None, None)
        );
    }

    #[test]
    fn trust_from_promises_and_signals() {
        let today = day(TODAY);
        type Case = (Vec<PromiseFact>, Vec<Option<i8>>, Option<u8>);
        let cases: Vec<Case> = vec![
            (
                vec![
                    kept("2026-10-01", "2026-09-30"),
                    kept("2026-10-05", "2026-10-05"),
                ],
                vec![],
                Some(100),
            ), // all kept
            (vec![kept("2026-10-01", "2026-10-03")], vec![], Some(50)), // kept late
            (
                vec![PromiseFact {
                    due: Some(day("2026-11-01")),
                    status: PromiseStatus::Broken,
                    closed_on: None,
                }],
                vec![],
                Some(0),
            ),
            (
                vec![PromiseFact {
                    due: Some(day("2026-11-20")),
                    status: PromiseStatus::Open,
                    closed_on: None,
                }],
                vec![],
                Some(0),
            ), // open and overdue
            (
                vec![PromiseFact {
                    due: Some(day("2026-12-20")),
                    status: PromiseStatus::Open,
                    closed_on: None,
                }],
                vec![],
                None,
            ), // open, not yet due: no evidence
            (vec![kept("2024-10-01", "2024-10-01")], vec![], None), // older than a year
            (vec![], vec![Some(1), Some(1)], Some(100)),
            (vec![], vec![Some(-1), Some(1)], Some(50)),
            (
                vec![kept("2026-10-01", "2026-10-01")],
                vec![Some(-1)],
                Some(70),
            ), // 0.7×1 + 0.3×0
        ];
        for (promises, trust_signals, expected) in cases {
            let entries = trust_signals
                .iter()
                .map(|t| {
                    entry(
                        "2026-11-01",
                        None,
                        Signals {
                            trust: *t,
                            ..Signals::default()
                        },
                    )
                })
                .collect();
            let e = Evidence {
                my_promises: promises.clone(),
                entries,
                ..evidence()
            };
            assert_eq!(
                trust(&e, today).score,
                expected,
                "{promises:?} {trust_signals:?}"
            );
        }
    }

    #[test]
    fn sympathy_from_mood_and_signals() {
        let today = day(TODAY);
        let e = Evidence {
            entries: vec![entry("2026-11-01", Some(2), Signals::default())],
            ..evidence()
        };
        assert_eq!(sympathy(&e, today).score, Some(100));
        let e = Evidence {
            entries: vec![
                entry("2026-11-01", Some(-2), Signals::default()),
                entry(
                    "2026-11-02",
                    Some(0),
                    Signals {
                        sympathy: Some(1),
                        ..Signals::default()
                    },
                ),
            ],
            ..evidence()
        };
        // mood mean -1 → 0.25; signal 1 → 1.0; 0.6×0.25 + 0.4×1 = 0.55
        assert_eq!(sympathy(&e, today).score, Some(55));
        // notes do not count for mood
        let note = EntryFact {
            is_touch: false,
            ..entry("2026-11-01", Some(-2), Signals::default())
        };
        assert_eq!(
            sympathy(
                &Evidence {
                    entries: vec![note],
                    ..evidence()
                },
                today
            )
            .score,
            None
        );
    }

    #[test]
    fn longterm_counts_cadence_windows_with_a_touch() {
        let today = day(TODAY);
        // 90-day cadence: windows (today-90, today], ... → 5 windows reach into the year (the last partly).
        let e = Evidence {
            cadence_days: 90,
            entries: vec![entry("2026-11-20", None, Signals::default())],
            ..evidence()
        };
        let s = longterm(&e, today);
        assert_eq!(s.inputs[0].1, "1 / 5");
        assert_eq!(s.score, Some(20));
        // A relationship that began 40 days ago with a 30-day cadence has 2 windows.
        let young = Evidence {
            since: day("2026-10-18"),
            entries: vec![
                entry("2026-10-20", None, Signals::default()),
                entry("2026-11-26", None, Signals::default()),
            ],
            ..evidence()
        };
        assert_eq!(longterm(&young, today).inputs[0].1, "2 / 2");
        assert_eq!(longterm(&young, today).score, Some(100));
    }

    #[test]
    fn longterm_counts_only_windows_since_rapport_knew_the_contact() {
        let today = day(TODAY);
        let touches = vec![
            entry("2026-11-10", None, Signals::default()),
            entry("2026-11-20", None, Signals::default()),
        ];
        // (met_on, added, first entry) → counting starts, windows touched (14-day cadence).
        type Row = (
            Option<&'static str>,
            &'static str,
            Option<&'static str>,
            &'static str,
            &'static str,
        );
        let rows: Vec<Row> = vec![
            // Issue 11 #24: "since 2019" in a journal started this month.
            (
                Some("2019-01-01"),
                "2026-11-05",
                Some("2026-11-10"),
                "2026-11-05",
                "2 / 2",
            ),
            (
                None,
                "2026-11-05",
                Some("2026-11-10"),
                "2026-11-05",
                "2 / 2",
            ),
            // Entries older than the contact (an import): rapport knew them from the first entry.
            (
                Some("2019-01-01"),
                "2026-11-25",
                Some("2026-10-01"),
                "2026-10-01",
                "2 / 5",
            ),
            (
                None,
                "2026-11-25",
                Some("2026-10-01"),
                "2026-10-01",
                "2 / 5",
            ),
            // Met after being added: the relationship began later.
            (
                Some("2026-11-12"),
                "2026-10-01",
                Some("2026-11-20"),
                "2026-11-12",
                "2 / 2",
            ),
            // Known for years: the whole year counts.
            (
                Some("2019-01-01"),
                "2020-01-01",
                None,
                "2020-01-01",
                "2 / 27",
            ),
        ];
        for (met_on, added, first, since, windows) in rows {
            let counting = counting_since(met_on.map(day), day(added), first.map(day));
            assert_eq!(counting, day(since), "{met_on:?} {added} {first:?}");
            let e = Evidence {
                cadence_days: 14,
                entries: touches.clone(),
                since: counting,
                ..evidence()
            };
            assert_eq!(
                longterm(&e, today).inputs[0].1,
                windows,
                "{met_on:?} {added} {first:?}"
            );
        }
    }

    #[test]
    fn competence_from_signals_only() {
        let today = day(TODAY);
        let e = Evidence {
            entries: vec![entry(
                "2026-11-01",
                Some(2),
                Signals {
                    competence: Some(0),
                    ..Signals::default()
                },
            )],
            ..evidence()
        };
        assert_eq!(competence(&e, today).score, Some(50));
    }
}
