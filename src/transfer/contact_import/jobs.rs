//! A LinkedIn export's jobs, and how new they are. An export carries no date of its own, but none
//! is older than its newest `Connected On`: that date is kept with each contact whose company and
//! role an export set (a kept `X-RAPPORT-LINKEDIN-SEEN` card row), and an export whose newest
//! connection is older than a contact's brings them no job.

use crate::domain::model::CardProperty;
use chrono::NaiveDate;

/// The kept card row that dates a contact's company and role.
pub const SEEN: &str = "X-RAPPORT-LINKEDIN-SEEN";

/// What a LinkedIn export knows about how new its jobs are (see [`super::ContactImport::with_current_jobs`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CurrentJobs {
    /// The newest `Connected On` of the file; `None` when no row has one.
    pub as_of: Option<NaiveDate>,
}

impl CurrentJobs {
    /// Whether the file may replace the job of a contact with these kept rows: it is not older than
    /// the file that set their job (the same day counts as newer: two exports without a connection
    /// between them cannot be told apart, and the later one is the likelier), or either is undated.
    pub fn may_replace(self, rows: &[CardProperty]) -> bool {
        match (self.as_of, seen(rows)) {
            (Some(file), Some(seen)) => file >= seen,
            _ => true,
        }
    }

    /// Records in `rows` that the contact's job is as of this file; whether the rows changed.
    pub fn stamp(self, rows: &mut Vec<CardProperty>) -> bool {
        let Some(day) = self.as_of else {
            return false;
        };
        let value = day.format("%Y-%m-%d").to_string();
        if rows.iter().any(|p| p.name == SEEN && p.value == value) {
            return false;
        }
        rows.retain(|p| p.name != SEEN);
        rows.push(CardProperty {
            name: SEEN.to_string(),
            params: String::new(),
            value,
        });
        true
    }
}

/// The date the kept rows give a contact's job, if any.
fn seen(rows: &[CardProperty]) -> Option<NaiveDate> {
    rows.iter()
        .filter(|p| p.name == SEEN)
        .find_map(|p| NaiveDate::parse_from_str(p.value.trim(), "%Y-%m-%d").ok())
}
