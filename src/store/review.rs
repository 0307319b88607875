//! What the weekly review keeps: whom it handled (and for which flags), snoozes, and when it ran.

use super::{Result, Store, format_day, opt_day};
use crate::domain::model::Id;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

impl Store {
    /// Snoozes a contact until `until` (None lifts the snooze).
    pub fn set_snooze(&mut self, id: Id, until: Option<NaiveDate>) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE contacts SET snoozed_until = ?2 WHERE id = ?1",
            params![id, until.map(format_day)],
        )?;
        super::contacts::one_contact_changed(changed, id)
    }

    /// Remembers that a review handled `contact` while it carried `flags` (stable words).
    pub fn mark_handled(&mut self, contact: Id, flags: &[&str], on: NaiveDate) -> Result<()> {
        self.conn.execute(
            "INSERT INTO review_handled (contact_id, flags, handled_on) VALUES (?1, ?2, ?3)
             ON CONFLICT (contact_id) DO UPDATE SET flags = excluded.flags, handled_on = excluded.handled_on",
            params![contact, flags.join(","), format_day(on)],
        )?;
        Ok(())
    }

    /// Forgets that a review handled `contact` (when the user takes back what the review did).
    pub fn clear_handled(&mut self, contact: Id) -> Result<()> {
        self.conn.execute(
            "DELETE FROM review_handled WHERE contact_id = ?1",
            [contact],
        )?;
        Ok(())
    }

    /// The flags each handled contact carried when it was handled.
    pub fn handled_flags(&self) -> Result<HashMap<Id, Vec<String>>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT contact_id, flags FROM review_handled")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(|(id, flags)| {
                (
                    id,
                    flags
                        .split(',')
                        .filter(|f| !f.is_empty())
                        .map(str::to_string)
                        .collect(),
                )
            })
            .collect())
    }

    /// Records a finished review: its date and a summary of what it did.
    pub fn record_review(&mut self, on: NaiveDate, summary: &str) -> Result<()> {
        let tx = self.write_transaction()?;
        for (key, value) in [
            ("last_review", format_day(on)),
            ("last_review_summary", summary.to_string()),
        ] {
            super::set_meta(&tx, key, &value)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// When the last review was finished.
    pub fn last_review(&self) -> Result<Option<NaiveDate>> {
        opt_day(self.meta("last_review")?)
    }
}
