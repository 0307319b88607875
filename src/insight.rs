//! Applies the pure rules to what the store holds: the neglect list and one contact's health and
//! pillar scores. Shared by the command line and the full-screen app.

use crate::domain::model::{Contact, Id, TouchSummary};
use crate::domain::pillars::{self, Evidence, PillarScores};
use crate::domain::rules::{self, CadenceDefaults, Health};
use crate::store::{Result, Store};
use chrono::{Days, NaiveDate, TimeZone};

/// A contact with its touch summary and what the rules derive from them today.
#[derive(Debug, Clone)]
pub struct ContactHealth {
    /// The contact.
    pub contact: Contact,
    /// Its touch summary.
    pub touches: TouchSummary,
    /// Status, due date, flags, urgency.
    pub health: Health,
    /// My open promises to them that are past due: (text, due date), oldest first.
    pub overdue_promises: Vec<(String, NaiveDate)>,
}

/// Every active contact with its health, most urgent first; ambient and flag-free contacts only with `include_ok`.
pub fn neglect_list(
    store: &Store,
    defaults: &CadenceDefaults,
    today: NaiveDate,
    include_ok: bool,
) -> Result<Vec<ContactHealth>> {
    let mut overdue = store.overdue_promises(today, None)?;
    let mut list: Vec<ContactHealth> = store
        .contacts(false, false)?
        .into_iter()
        .map(|(contact, touches)| {
            let overdue_promises = overdue.remove(&contact.id).unwrap_or_default();
            let health = rules::health(
                &contact,
                &touches,
                !overdue_promises.is_empty(),
                defaults,
                today,
            );
            ContactHealth {
                contact,
                touches,
                health,
                overdue_promises,
            }
        })
        .filter(|c| include_ok || !c.health.flags.is_empty())
        .collect();
    rules::sort_by_urgency(&mut list, |c| {
        (c.health.urgency, c.contact.name.as_str(), c.contact.id)
    });
    Ok(list)
}

/// One contact's health today.
pub fn contact_health(
    store: &Store,
    id: Id,
    defaults: &CadenceDefaults,
    today: NaiveDate,
) -> Result<ContactHealth> {
    let (contact, touches) = store.contact(id)?;
    let overdue_promises = store
        .overdue_promises(today, Some(id))?
        .remove(&id)
        .unwrap_or_default();
    let health = rules::health(
        &contact,
        &touches,
        !overdue_promises.is_empty(),
        defaults,
        today,
    );
    Ok(ContactHealth {
        contact,
        touches,
        health,
        overdue_promises,
    })
}

/// The weekly review's queue: every flagged contact, most urgent first, except those a review already
/// handled while they carried the same flags (they come back when a new flag appears).
pub fn review_queue(
    store: &Store,
    defaults: &CadenceDefaults,
    today: NaiveDate,
) -> Result<Vec<ContactHealth>> {
    let handled = store.handled_flags()?;
    let mut queue = neglect_list(store, defaults, today, false)?;
    queue.retain(|c| needs_review(c, &handled));
    Ok(queue)
}

/// True when a contact carries a flag that no review has handled yet (`handled`: the flags each
/// contact carried when a review last handled it).
pub fn needs_review(
    c: &ContactHealth,
    handled: &std::collections::HashMap<Id, Vec<String>>,
) -> bool {
    let before = handled.get(&c.contact.id);
    c.health
        .flags
        .iter()
        .any(|f| !before.is_some_and(|b| b.iter().any(|h| h == f.as_str())))
}

/// The pillar scores of a contact on `today`, from the entries of the last year.
pub fn pillar_scores(
    store: &Store,
    contact: &Contact,
    defaults: &CadenceDefaults,
    today: NaiveDate,
) -> Result<PillarScores> {
    let since_day = today
        .checked_sub_days(Days::new(pillars::WINDOW_DAYS + 1))
        .unwrap_or(NaiveDate::MIN);
    let since = chrono::Utc
        .from_utc_datetime(&since_day.and_hms_opt(0, 0, 0).unwrap_or_default())
        .fixed_offset();
    let evidence = Evidence {
        my_promises: store.my_promise_facts(contact.id)?,
        entries: store.entry_facts(contact.id, since)?,
        cadence_days: rules::effective_cadence(contact, defaults).unwrap_or(defaults.fallback),
        since: contact
            .met_on
            .unwrap_or_else(|| contact.created_at.date_naive()),
    };
    Ok(pillars::scores(&evidence, today))
}
