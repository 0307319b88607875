//! Applies the pure rules to what the store holds: the neglect list and one contact's health and
//! pillar scores. Shared by the command line and the full-screen app.

use crate::domain::model::{Contact, Id, TouchSummary};
use crate::domain::pillars::{self, Evidence, PillarScores};
use crate::domain::rules::{self, CadenceDefaults, Health};
use crate::store::{OverduePromises, Result, Store};
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
    /// My open promises to them that are past due: how many, and the oldest few.
    pub overdue_promises: OverduePromises,
    /// The key account that hangs on them alone (with the `account_single_threaded` flag).
    pub single_thread: Option<rules::SingleThread>,
}

/// How many of a contact's overdue promises are read with their texts (the oldest); the rest are
/// only counted.
pub const NAMED_OVERDUE_PROMISES: usize = 2;

/// Every active contact with its health, most urgent first; ambient and flag-free contacts only with `include_ok`.
pub fn neglect_list(
    store: &Store,
    defaults: &CadenceDefaults,
    today: NaiveDate,
    include_ok: bool,
) -> Result<Vec<ContactHealth>> {
    let mut overdue = store.overdue_promises(today, None, NAMED_OVERDUE_PROMISES)?;
    let mut list: Vec<ContactHealth> = store
        .contacts(false, false)?
        .into_iter()
        .map(|(contact, touches)| {
            let overdue_promises = overdue.remove(&contact.id).unwrap_or_default();
            let health = rules::health(
                &contact,
                &touches,
                overdue_promises.count > 0,
                defaults,
                today,
            );
            ContactHealth {
                contact,
                touches,
                health,
                overdue_promises,
                single_thread: None,
            }
        })
        .collect();
    flag_single_threads(&store.contact_companies()?, &mut list);
    list.retain(|c| include_ok || !c.health.flags.is_empty());
    rules::sort_by_urgency(&mut list, |c| {
        (c.health.urgency, c.contact.name.as_str(), c.contact.id)
    });
    Ok(list)
}

/// Which company (id, name, key account) each contact of a list works at.
type CompanyLinks = std::collections::HashMap<Id, (Id, String, bool)>;

/// Adds the `account_single_threaded` flag to the one contact each single-threaded account hangs
/// on (see [`rules::single_thread`]); `links` says where the contacts of `list` work.
fn flag_single_threads(links: &CompanyLinks, list: &mut [ContactHealth]) {
    let mut accounts: std::collections::BTreeMap<Id, Vec<usize>> = Default::default();
    for (index, c) in list.iter().enumerate() {
        if let Some((company, ..)) = links.get(&c.contact.id) {
            accounts.entry(*company).or_default().push(index);
        }
    }
    for indexes in accounts.values() {
        let members: Vec<rules::AccountMember> = indexes
            .iter()
            .map(|&i| rules::AccountMember {
                id: list[i].contact.id,
                tier: list[i].contact.tier,
                status: list[i].health.status,
                archived: list[i].contact.archived,
            })
            .collect();
        let Some((_, name, key_account)) = indexes
            .first()
            .and_then(|&i| links.get(&list[i].contact.id))
        else {
            continue;
        };
        if let Some((one, others)) = rules::single_thread(*key_account, &members)
            && let Some(c) = list.iter_mut().find(|c| c.contact.id == one)
        {
            c.health.flags.push(rules::Flag::AccountSingleThreaded);
            c.single_thread = Some(rules::SingleThread {
                company: name.clone(),
                others_overdue: others,
            });
        }
    }
}

/// One contact's health today, with the `account_single_threaded` flag when the key account they
/// work at hangs on them alone (as [`neglect_list`] gives it), so that the review card, the contact
/// page and `contact show` say what `due` says.
pub fn contact_health(
    store: &Store,
    id: Id,
    defaults: &CadenceDefaults,
    today: NaiveDate,
) -> Result<ContactHealth> {
    let health = own_health(store, id, defaults, today)?;
    let Some(company) = store.company_of(id)? else {
        return Ok(health);
    };
    let link = (company.id, company.name, company.key_account);
    let mut links = CompanyLinks::from([(id, link.clone())]);
    let mut members = vec![health];
    for other in store.company_people(company.id)? {
        if other != id {
            members.push(own_health(store, other, defaults, today)?);
            links.insert(other, link.clone());
        }
    }
    flag_single_threads(&links, &mut members);
    Ok(members.swap_remove(0))
}

/// One contact's health today from their own record alone (no account flag).
fn own_health(
    store: &Store,
    id: Id,
    defaults: &CadenceDefaults,
    today: NaiveDate,
) -> Result<ContactHealth> {
    let (contact, touches) = store.contact(id)?;
    let overdue_promises = store
        .overdue_promises(today, Some(id), NAMED_OVERDUE_PROMISES)?
        .remove(&id)
        .unwrap_or_default();
    let health = rules::health(
        &contact,
        &touches,
        overdue_promises.count > 0,
        defaults,
        today,
    );
    Ok(ContactHealth {
        contact,
        touches,
        health,
        overdue_promises,
        single_thread: None,
    })
}

/// The weekly review's queue from a neglect list (most urgent first): every flagged contact, except
/// those a review already handled while they carried the same flags (they come back when a new flag
/// appears). `handled` is [`Store::handled_flags`].
pub fn review_queue(
    contacts: &[ContactHealth],
    handled: &std::collections::HashMap<Id, Vec<String>>,
) -> Vec<ContactHealth> {
    contacts
        .iter()
        .filter(|c| needs_review(c, handled))
        .cloned()
        .collect()
}

/// True when a contact carries a flag that no review has handled yet (`handled`: the flags each
/// contact carried when a review last handled it), or one that no review can set aside (an overdue
/// promise of mine: it comes back until the promise is dealt with).
pub fn needs_review(
    c: &ContactHealth,
    handled: &std::collections::HashMap<Id, Vec<String>>,
) -> bool {
    let before = handled.get(&c.contact.id);
    c.health
        .flags
        .iter()
        .any(|f| f.outlasts_review() || !before.is_some_and(|b| b.iter().any(|h| h == f.as_str())))
}

/// How far back the trend of the pillar scores looks.
pub const TREND_DAYS: u64 = 90;

/// A contact's relationship health: pillar scores now and 90 days ago, the touch calendar of the last
/// 53 weeks, and the monthly mood line of the last 12 months.
#[derive(Debug, Clone)]
pub struct Relationship {
    /// Scores today.
    pub scores: PillarScores,
    /// Scores 90 days ago (from the same data, as far as it reaches back).
    pub scores_before: PillarScores,
    /// Touches per day, in weeks.
    pub calendar: Vec<[Option<u16>; 7]>,
    /// Mean mood per month.
    pub mood_line: Vec<Option<f64>>,
}

/// The evidence for a contact's scores: my promises and the entries since `since_day`.
fn evidence(
    store: &Store,
    contact: &Contact,
    defaults: &CadenceDefaults,
    since_day: NaiveDate,
) -> Result<Evidence> {
    let since = chrono::Utc
        .from_utc_datetime(&since_day.and_hms_opt(0, 0, 0).unwrap_or_default())
        .fixed_offset();
    Ok(Evidence {
        my_promises: store.my_promise_facts(contact.id)?,
        entries: store.entry_facts(contact.id, since)?,
        cadence_days: rules::effective_cadence(contact, defaults).unwrap_or(defaults.fallback),
        since: pillars::counting_since(
            contact.met_on,
            contact.created_at.date_naive(),
            store.first_entry_day(contact.id)?,
        ),
    })
}

fn days_before(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// The pillar scores of a contact on `today`, from the entries of the last year.
pub fn pillar_scores(
    store: &Store,
    contact: &Contact,
    defaults: &CadenceDefaults,
    today: NaiveDate,
) -> Result<PillarScores> {
    let evidence = evidence(
        store,
        contact,
        defaults,
        days_before(today, pillars::WINDOW_DAYS + 1),
    )?;
    Ok(pillars::scores(&evidence, today))
}

/// Everything the contact page shows about the relationship's health, from one read of the entries.
pub fn relationship(
    store: &Store,
    contact: &Contact,
    defaults: &CadenceDefaults,
    today: NaiveDate,
) -> Result<Relationship> {
    let evidence = evidence(
        store,
        contact,
        defaults,
        days_before(today, pillars::WINDOW_DAYS + TREND_DAYS + 1),
    )?;
    Ok(Relationship {
        scores: pillars::scores(&evidence, today),
        scores_before: pillars::scores(&evidence, days_before(today, TREND_DAYS)),
        calendar: crate::domain::charts::touch_calendar(&evidence.entries, today),
        mood_line: crate::domain::charts::monthly_mood(&evidence.entries, today),
    })
}

/// The portfolio at a glance: active contacts by tier and status, and how promises fared this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Rows by tier (A, B, C, ambient, none): counts of overdue, due soon, snoozed, ok, ambient.
    pub by_tier: Vec<(Option<crate::domain::model::Tier>, [usize; 5])>,
    /// First day of this quarter.
    pub quarter_start: NaiveDate,
    /// My promises due or closed this quarter.
    pub mine: pillars::PromiseRecord,
    /// Their promises due or closed this quarter.
    pub theirs: pillars::PromiseRecord,
}

/// Counts the portfolio from the neglect list and the promises.
pub fn overview(store: &Store, contacts: &[ContactHealth], today: NaiveDate) -> Result<Overview> {
    use crate::domain::model::{Owner, Tier};
    use crate::domain::rules::Status;
    use chrono::Datelike;
    let tiers = [
        Some(Tier::A),
        Some(Tier::B),
        Some(Tier::C),
        Some(Tier::Ambient),
        None,
    ];
    let by_tier = tiers
        .iter()
        .map(|tier| {
            let mut counts = [0usize; 5];
            for c in contacts.iter().filter(|c| c.contact.tier == *tier) {
                let column = match c.health.status {
                    Status::Overdue => 0,
                    Status::DueSoon => 1,
                    Status::Snoozed => 2,
                    Status::Ok => 3,
                    Status::Ambient => 4,
                };
                counts[column] += 1;
            }
            (*tier, counts)
        })
        .collect();
    let quarter_month = (today.month0() / 3) * 3 + 1;
    let quarter_start = NaiveDate::from_ymd_opt(today.year(), quarter_month, 1).unwrap_or(today);
    let from = days_before(quarter_start, 1);
    Ok(Overview {
        by_tier,
        quarter_start,
        mine: pillars::promise_record(&store.promise_facts(Owner::Me, None)?, from, today),
        theirs: pillars::promise_record(&store.promise_facts(Owner::Them, None)?, from, today),
    })
}

/// A company with its people's health, the last touch with anyone there, open promises to (and
/// from) anyone there, and the newest entries about them: what `company show` and the company page
/// show.
#[derive(Debug, Clone)]
pub struct CompanyView {
    /// The company.
    pub company: crate::domain::model::Company,
    /// Its people with their health, by name.
    pub people: Vec<ContactHealth>,
    /// The last touch with anyone there.
    pub last_touch: Option<NaiveDate>,
    /// Open promises either way with anyone there, by due date (undated last).
    pub open_promises: Vec<crate::store::PromiseRow>,
    /// The newest entries about anyone there, newest first.
    pub recent: Vec<crate::store::EntryRow>,
}

/// How many entries a company view reads.
pub const COMPANY_RECENT_ENTRIES: usize = 10;

/// One company's view today (see [`CompanyView`]).
pub fn company_view(
    store: &Store,
    company: Id,
    defaults: &CadenceDefaults,
    today: NaiveDate,
) -> Result<CompanyView> {
    let company = store.company(company)?;
    let people = store
        .company_people(company.id)?
        .into_iter()
        .map(|id| contact_health(store, id, defaults, today))
        .collect::<Result<Vec<_>>>()?;
    let last_touch = people.iter().filter_map(|p| p.health.last_touch).max();
    let mut open_promises = Vec::new();
    for person in &people {
        open_promises.extend(store.promises(Some(person.contact.id), true)?);
    }
    open_promises.sort_by_key(|p| (p.promise.due.is_none(), p.promise.due, p.promise.id));
    let recent = store.company_entries(company.id, COMPANY_RECENT_ENTRIES)?;
    Ok(CompanyView {
        company,
        people,
        last_touch,
        open_promises,
        recent,
    })
}
