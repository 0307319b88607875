//! `rapport contact show`: one contact whole — profile, the details of their address card, status,
//! pillar scores, open promises and the latest entries — as text or as JSON.

use super::output::{Painter, Tone};
use super::{Context, output, print_json};
use crate::card_details::{CardDetails, card_details};
use crate::display::{flag_word, mood, relative_day, status_symbol, status_word};
use crate::domain::model::{AddressForm, Contact, Owner, PromiseStatus};
use crate::domain::pillars::PillarScores;
use crate::domain::rules::Health;
use crate::i18n::{t, tr};
use crate::insight::{self, ContactHealth};
use crate::store::{EntryRow, PromiseRow};
use crate::text::{Align, fit, sanitize_block, sanitize_line};
use chrono::NaiveDate;

/// Prints the contact named `name`.
pub fn show(name: &str, json: bool, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let defaults = ctx.config.cadence_defaults();
    let today = ctx.today();
    let contact = ctx.resolve(&store, name)?;
    let ContactHealth {
        contact, health, ..
    } = insight::contact_health(&store, contact.id, &defaults, today)?;
    let scores = insight::pillar_scores(&store, &contact, &defaults, today)?;
    if json {
        let shown = crate::report::contact::document(&store, &contact, &health, &scores)?;
        return print_json(&shown);
    }
    let promises = store.promises(Some(contact.id), false)?;
    let entry_count = store.entry_count(Some(contact.id))?;
    let rows = store.card_properties(contact.id)?;
    let card = card_details(&contact, &rows);
    let recent = store.entries_page(Some(contact.id), None, 5)?;
    let p = &ctx.painter;
    let heading = format!("#{}  {}", contact.id, sanitize_line(&contact.name));
    let mut out = format!("{}\n", p.paint(&heading, Tone::Strong));
    out.push_str(&profile(p, &contact, &health, today));
    out.push_str(&super::companies::introductions_text(&store, contact.id)?);
    out.push_str(&card_text(p, &card));
    out.push_str(&pillars(p, &scores));
    out.push_str(&open_promises(p, &promises, today));
    out.push_str(&recent_entries(p, &recent, entry_count));
    output::emit(&out)?;
    Ok(())
}

/// The details of the address card under a heading, when there are any: heading column, value.
fn card_text(p: &Painter, card: &CardDetails) -> String {
    let rows = card.rows();
    if rows.is_empty() {
        return String::new();
    }
    let headings: Vec<String> = rows.iter().map(|r| sanitize_line(&r.heading)).collect();
    let width = crate::text::column_width(headings.iter().map(String::as_str)).max(10) + 2;
    let mut out = format!("\n{}\n", p.paint(t("card.title"), Tone::Strong));
    for (row, heading) in rows.iter().zip(&headings) {
        let value = sanitize_line(&row.value);
        // A note is about the card as a whole: under the details, not in their value column.
        let line = if row.note {
            format!("  {}", p.paint(&value, Tone::Dim))
        } else {
            format!("  {}{value}", fit(heading, width, Align::Left))
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Labelled lines, each left out when it has nothing to say.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn add(&mut self, label: &str, value: String) {
        if !value.is_empty() {
            self.0
                .push_str(&format!("  {}{value}\n", fit(label, 12, Align::Left)));
        }
    }
}

fn joined(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .map(|s| sanitize_line(s))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Company, address, ways to reach them, dates, interests, tier, status, flags and notes.
fn profile(p: &Painter, contact: &Contact, health: &Health, today: NaiveDate) -> String {
    let mut lines = Lines::default();
    let (company, role) = (contact.company.as_deref(), contact.role.as_deref());
    lines.add(t("field.company"), joined(&[company, role]));
    let form = contact.address_form.map(|a| match a {
        AddressForm::Du => "Du",
        AddressForm::Sie => "Sie",
    });
    lines.add(
        t("field.address"),
        joined(&[form, contact.salutation.as_deref()]),
    );
    lines.add(t("field.email"), joined(&[contact.email.as_deref()]));
    lines.add(t("field.phone"), joined(&[contact.phone.as_deref()]));
    if let Some(b) = contact.birthday {
        let next = crate::domain::rules::next_birthday(b, today)
            .map(|n| relative_day(n, today))
            .unwrap_or_default();
        let shown = crate::display::birthday(b);
        lines.add(t("field.birthday"), format!("{shown} ({next})"));
    }
    if let Some(m) = contact.met_on {
        let shown = crate::display::date(m);
        lines.add(
            t("field.met_on"),
            format!("{shown} ({})", relative_day(m, today)),
        );
    }
    lines.add(
        t("field.interests"),
        sanitize_line(&contact.tags.join(", ")),
    );
    let tier = contact.tier.map_or_else(|| "–".into(), |t| t.to_string());
    let cadence = health.cadence_days.map_or_else(
        || t("status.ambient").to_string(),
        |c| tr("contact.cadence_days", &[("n", &c)]),
    );
    lines.add(t("field.tier"), format!("{tier} · {cadence}"));
    lines.add(t("field.status"), status(p, contact, health, today));
    let flags: Vec<&str> = health.flags.iter().map(|f| flag_word(*f)).collect();
    lines.add(t("field.flags"), flags.join(", "));
    if contact.private {
        lines.add(t("field.private"), t("contact.private").to_string());
    }
    if let Some(notes) = contact.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        let indented = sanitize_block(notes).replace('\n', "\n              ");
        lines.add(t("field.notes"), indented);
    }
    lines.0
}

/// "! overdue · last touch 12 days ago · due 2 days ago", or "archived".
fn status(p: &Painter, contact: &Contact, health: &Health, today: NaiveDate) -> String {
    let status = if contact.archived {
        p.paint(t("status.archived"), Tone::Dim)
    } else {
        let word = format!(
            "{} {}",
            status_symbol(health.status),
            status_word(health.status)
        );
        p.paint(&word, super::contacts::status_tone(health.status))
    };
    let last = health
        .last_touch
        .map_or_else(|| t("time.never").to_string(), |d| relative_day(d, today));
    let due = health
        .due_on
        .map(|d| format!(" · {} {}", t("contact.due"), relative_day(d, today)))
        .unwrap_or_default();
    format!("{status} · {} {last}{due}", t("contact.last_touch"))
}

/// The four pillar scores with the inputs that produced them.
fn pillars(p: &Painter, scores: &PillarScores) -> String {
    let mut out = format!("\n{}\n", p.paint(t("contact.pillars"), Tone::Strong));
    let name_width = crate::display::pillar_name_width() + 2;
    for (label, score) in [
        (t("pillar.trust"), &scores.trust),
        (t("pillar.sympathy"), &scores.sympathy),
        (t("pillar.competence"), &scores.competence),
        (t("pillar.longterm"), &scores.longterm),
    ] {
        let value = score
            .score
            .map_or_else(|| "  –".to_string(), |s| format!("{s:>3}"));
        let inputs = crate::display::score_inputs(score, ", ");
        out.push_str(&format!(
            "  {}{value}  {}\n",
            fit(label, name_width, Align::Left),
            p.paint(&inputs, Tone::Dim)
        ));
    }
    out
}

/// Open promises both ways, the overdue ones in the alarm colour.
fn open_promises(p: &Painter, promises: &[PromiseRow], today: NaiveDate) -> String {
    let open: Vec<_> = promises
        .iter()
        .filter(|r| r.promise.status == PromiseStatus::Open)
        .collect();
    if open.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", p.paint(t("contact.open_promises"), Tone::Strong));
    for r in open {
        let who = if r.promise.owner == Owner::Me {
            t("promise.mine")
        } else {
            t("promise.theirs")
        };
        let due = r
            .promise
            .due
            .map(|d| format!(" · {} {}", t("promise.due"), relative_day(d, today)))
            .unwrap_or_default();
        let text = format!(
            "#{} {who}: {}{due}",
            r.promise.id,
            sanitize_line(&r.promise.text)
        );
        let overdue = r.promise.due.is_some_and(|d| d < today);
        let shown = if overdue {
            p.paint(&text, Tone::Alarm)
        } else {
            text
        };
        out.push_str(&format!("  {shown}\n"));
    }
    out
}

/// The latest entries, one line each.
fn recent_entries(p: &Painter, recent: &[EntryRow], total: i64) -> String {
    if recent.is_empty() {
        return String::new();
    }
    let title = tr(
        "contact.recent_entries",
        &[("n", &recent.len()), ("total", &total)],
    );
    let mut out = format!("\n{}\n", p.paint(&title, Tone::Strong));
    for row in recent {
        let e = &row.entry;
        let title = e
            .title
            .clone()
            .unwrap_or_else(|| e.body.lines().next().unwrap_or_default().to_string());
        out.push_str(&format!(
            "  {}  {} {:>2}  {}\n",
            crate::display::date(e.occurred_at.date_naive()),
            fit(crate::display::kind_short(e.kind), 8, Align::Left),
            mood(e.mood),
            crate::text::truncate_width(&sanitize_line(&title), 60)
        ));
    }
    out
}
