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
    /// When the relationship began (met_on, else created_at): windows before it do not count.
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

/// Trust = 100 × (0.7 × promise part + 0.3 × signal part), using whichever parts exist.
/// Promise part: (kept on time + ½ × kept late) ÷ (kept + broken + open and overdue), over my promises
/// due or closed in the last 365 days. Signal part: (mean trust signal + 1) ÷ 2.
pub fn trust(evidence: &Evidence, today: NaiveDate) -> PillarScore {
    let (mut on_time, mut late, mut broken, mut overdue) = (0u32, 0u32, 0u32, 0u32);
    for p in &evidence.my_promises {
        let relevant = p.closed_on.or(p.due).is_some_and(|d| in_window(d, today));
        if !relevant {
            continue;
        }
        match p.status {
            PromiseStatus::Kept => match (p.due, p.closed_on) {
                (Some(due), Some(closed)) if closed > due => late += 1,
                _ => on_time += 1,
            },
            PromiseStatus::Broken => broken += 1,
            PromiseStatus::Open => {
                if p.due.is_some_and(|d| d < today) {
                    overdue += 1;
                }
            }
        }
    }
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
/// counted back from today; windows that end before the relationship began do not count.
pub fn longterm(evidence: &Evidence, today: NaiveDate) -> PillarScore {
    let cadence = i64::from(evidence.cadence_days.max(1));
    let start = window_start(today);
    let (mut windows, mut covered) = (0u32, 0u32);
    let mut end = today;
    loop {
        let begin = end - chrono::Duration::days(cadence); // window is (begin, end]
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
