//! `rapport contact …`: add, list, show, edit, archive, unarchive.

use super::args::{ContactCommand, ContactFields};
use super::output::{Cell, Table, Tone};
use super::{Context, UsageError, output, print_json};
use crate::display::{flag_word, mood, relative_day, status_symbol, status_word};
use crate::domain::dates::{parse_birthday, parse_duration_days, parse_since};
use crate::domain::model::{Contact, Owner, PromiseStatus};
use crate::domain::rules::Status;
use crate::i18n::{t, tr};
use crate::insight::{self, ContactHealth};
use crate::text::{Align, fit, sanitize_block, sanitize_line};
use crate::transfer::json::{contact_record, promise_record};
use serde_json::json;

/// Runs a `contact` subcommand.
pub fn run(command: ContactCommand, ctx: &Context) -> anyhow::Result<()> {
    match command {
        ContactCommand::Add { name, fields } => add(&name, &fields, ctx),
        ContactCommand::List { json, archived } => list(json, archived, ctx),
        ContactCommand::Show { name, json } => show(&name, json, ctx),
        ContactCommand::Edit {
            name,
            new_name,
            fields,
        } => edit(&name, new_name, &fields, ctx),
        ContactCommand::Archive { name } => set_archived(&name, true, ctx),
        ContactCommand::Unarchive { name } => set_archived(&name, false, ctx),
    }
}

fn usage(e: impl std::fmt::Display) -> anyhow::Error {
    UsageError(e.to_string()).into()
}

/// An empty value clears an optional text field.
fn text_field(value: Option<&String>, current: &mut Option<String>) {
    if let Some(v) = value {
        *current = if v.trim().is_empty() {
            None
        } else {
            Some(v.trim().to_string())
        };
    }
}

/// Applies the flags to a contact (used by add and edit alike).
fn apply(fields: &ContactFields, contact: &mut Contact, ctx: &Context) -> anyhow::Result<()> {
    text_field(fields.company.as_ref(), &mut contact.company);
    text_field(fields.role.as_ref(), &mut contact.role);
    text_field(fields.email.as_ref(), &mut contact.email);
    text_field(fields.phone.as_ref(), &mut contact.phone);
    text_field(fields.salutation.as_ref(), &mut contact.salutation);
    text_field(fields.note.as_ref(), &mut contact.notes);
    if !fields.tags.is_empty() {
        contact.tags = fields
            .tags
            .iter()
            .flat_map(|t| t.split(','))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
    }
    if let Some(tier) = &fields.tier {
        contact.tier = if tier.trim().is_empty() {
            None
        } else {
            Some(tier.parse().map_err(usage)?)
        };
    }
    if let Some(form) = &fields.address_form {
        contact.address_form = if form.trim().is_empty() {
            None
        } else {
            Some(form.parse().map_err(usage)?)
        };
    }
    if let Some(cadence) = &fields.cadence {
        contact.cadence_days = match cadence.trim() {
            "" | "default" => None,
            text => Some(parse_duration_days(text).map_err(usage)?),
        };
    }
    if let Some(b) = &fields.birthday {
        contact.birthday = if b.trim().is_empty() {
            None
        } else {
            Some(parse_birthday(b, ctx.today()).map_err(usage)?)
        };
    }
    if let Some(m) = &fields.met_on {
        contact.met_on = if m.trim().is_empty() {
            None
        } else {
            Some(parse_since(m, ctx.today()).map_err(usage)?)
        };
    }
    Ok(())
}

/// Refuses a name that is empty, invisible or read as an id, in one line that shows it safely.
fn check_name(name: &str) -> anyhow::Result<()> {
    match crate::domain::model::name_problem(name) {
        Some(key) => Err(usage(tr(key, &[("name", &sanitize_line(name.trim()))]))),
        None => Ok(()),
    }
}

fn add(name: &str, fields: &ContactFields, ctx: &Context) -> anyhow::Result<()> {
    check_name(name)?;
    let mut contact = Contact::new(name, ctx.now());
    apply(fields, &mut contact, ctx)?;
    let mut store = ctx.open_store()?;
    let id = store.add_contact(&contact)?;
    output::emit(&format!("{id}\n"))?;
    Ok(())
}

fn edit(
    name: &str,
    new_name: Option<String>,
    fields: &ContactFields,
    ctx: &Context,
) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let mut contact = ctx.resolve(&store, name)?;
    if let Some(new_name) = new_name {
        check_name(&new_name)?;
        contact.name = new_name.trim().to_string();
    }
    apply(fields, &mut contact, ctx)?;
    store.update_contact(&contact)?;
    output::emit(&format!("{}\n", contact.id))?;
    Ok(())
}

fn set_archived(name: &str, archived: bool, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let contact = ctx.resolve(&store, name)?;
    store.set_archived(contact.id, archived)?;
    output::emit(&format!("{}\n", contact.id))?;
    Ok(())
}

pub(super) fn status_tone(status: Status) -> Tone {
    match status {
        Status::Overdue => Tone::Alarm,
        Status::DueSoon => Tone::Warn,
        Status::Ok => Tone::Good,
        Status::Snoozed | Status::Ambient => Tone::Dim,
    }
}

/// "! overdue" — symbol and word, so that status never depends on colour.
pub(super) fn status_cell(status: Status, archived: bool) -> Cell {
    if archived {
        return Cell::toned(t("status.archived"), Tone::Dim);
    }
    Cell::toned(
        format!("{} {}", status_symbol(status), status_word(status)),
        status_tone(status),
    )
}

fn list(json: bool, archived: bool, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let defaults = ctx.config.cadence_defaults();
    let today = ctx.today();
    let contacts = store.contacts(archived, true)?;
    if json {
        let records: Vec<_> = contacts.iter().map(|(c, _)| contact_record(c)).collect();
        return print_json(&records);
    }
    let overdue_promises = store.overdue_promises(today, None, 0)?;
    let mut table = Table::new(&[
        t("column.id"),
        t("column.name"),
        t("column.company"),
        t("column.tier"),
        t("column.last_touch"),
        t("column.status"),
    ]);
    for (contact, touches) in &contacts {
        let health = crate::domain::rules::health(
            contact,
            touches,
            overdue_promises.contains_key(&contact.id),
            &defaults,
            today,
        );
        table.row(vec![
            format!("#{}", contact.id).into(),
            contact.name.clone().into(),
            contact.company.clone().unwrap_or_default().into(),
            contact
                .tier
                .map(|t| t.to_string())
                .unwrap_or_default()
                .into(),
            health
                .last_touch
                .map(|d| relative_day(d, today))
                .unwrap_or_else(|| t("time.never").to_string())
                .into(),
            status_cell(health.status, contact.archived),
        ]);
    }
    if table.is_empty() {
        eprintln!("{}", t("contact.none_yet"));
        return Ok(());
    }
    output::emit(&table.render(&ctx.painter))?;
    Ok(())
}

fn show(name: &str, json: bool, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let defaults = ctx.config.cadence_defaults();
    let today = ctx.today();
    let contact = ctx.resolve(&store, name)?;
    let ContactHealth {
        contact, health, ..
    } = insight::contact_health(&store, contact.id, &defaults, today)?;
    let scores = insight::pillar_scores(&store, &contact, &defaults, today)?;
    let promises = store.promises(Some(contact.id), false)?;
    let recent = store.entries_page(Some(contact.id), None, 5)?;
    if json {
        let pillar = |p: &crate::domain::pillars::PillarScore| json!({"score": p.score, "inputs": p.inputs.iter().map(|(k, v)| (k.rsplit('.').next().unwrap_or(k).to_string(), serde_json::Value::from(v.clone()))).collect::<serde_json::Map<_, _>>()});
        let value = json!({
            "contact": contact_record(&contact),
            "status": health.status.as_str(),
            "last_touch": health.last_touch.map(crate::store::format_day),
            "cadence_days": health.cadence_days,
            "due_on": health.due_on.map(crate::store::format_day),
            "days_overdue": health.days_overdue,
            "flags": health.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
            "pillars": {
                "trust": pillar(&scores.trust),
                "sympathy": pillar(&scores.sympathy),
                "competence": pillar(&scores.competence),
                "longterm": pillar(&scores.longterm),
            },
            "promises": promises.iter().map(|p| promise_record(&p.promise)).collect::<Vec<_>>(),
            "entry_count": store.entry_count(Some(contact.id))?,
        });
        return print_json(&value);
    }
    let p = &ctx.painter;
    let mut out = String::new();
    let heading = format!("#{}  {}", contact.id, sanitize_line(&contact.name));
    out.push_str(&p.paint(&heading, Tone::Strong));
    out.push('\n');
    let mut line = |label: &str, value: String| {
        if !value.is_empty() {
            out.push_str(&format!("  {}{value}\n", fit(label, 12, Align::Left)));
        }
    };
    let join = |parts: &[Option<&str>]| {
        parts
            .iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .map(|s| sanitize_line(s))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    line(
        t("field.company"),
        join(&[contact.company.as_deref(), contact.role.as_deref()]),
    );
    line(
        t("field.address"),
        join(&[
            contact.address_form.map(|a| {
                if a == crate::domain::model::AddressForm::Du {
                    "Du"
                } else {
                    "Sie"
                }
            }),
            contact.salutation.as_deref(),
        ]),
    );
    line(
        t("field.email"),
        sanitize_line(contact.email.as_deref().unwrap_or_default()),
    );
    line(
        t("field.phone"),
        sanitize_line(contact.phone.as_deref().unwrap_or_default()),
    );
    if let Some(b) = contact.birthday {
        let next = crate::domain::rules::next_birthday(b, today)
            .map(|n| relative_day(n, today))
            .unwrap_or_default();
        line(
            t("field.birthday"),
            format!("{} ({next})", crate::display::birthday(b)),
        );
    }
    if let Some(m) = contact.met_on {
        line(
            t("field.met_on"),
            format!("{} ({})", crate::display::date(m), relative_day(m, today)),
        );
    }
    line(
        t("field.interests"),
        sanitize_line(&contact.tags.join(", ")),
    );
    let tier = contact
        .tier
        .map(|t| t.to_string())
        .unwrap_or_else(|| "–".into());
    let cadence = health.cadence_days.map_or_else(
        || t("status.ambient").to_string(),
        |c| tr("contact.cadence_days", &[("n", &c)]),
    );
    line(t("field.tier"), format!("{tier} · {cadence}"));
    let status = if contact.archived {
        p.paint(t("status.archived"), Tone::Dim)
    } else {
        p.paint(
            &format!(
                "{} {}",
                status_symbol(health.status),
                status_word(health.status)
            ),
            status_tone(health.status),
        )
    };
    let last = health
        .last_touch
        .map_or_else(|| t("time.never").to_string(), |d| relative_day(d, today));
    let due = health
        .due_on
        .map(|d| format!(" · {} {}", t("contact.due"), relative_day(d, today)))
        .unwrap_or_default();
    let status_text = format!("{status} · {} {last}{due}", t("contact.last_touch"));
    line(t("field.status"), status_text);
    if !health.flags.is_empty() {
        line(
            t("field.flags"),
            health
                .flags
                .iter()
                .map(|f| flag_word(*f))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if let Some(notes) = contact.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        line(
            t("field.notes"),
            sanitize_block(notes).replace('\n', "\n              "),
        );
    }
    out.push('\n');
    out.push_str(&p.paint(t("contact.pillars"), Tone::Strong));
    out.push('\n');
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
    let open: Vec<_> = promises
        .iter()
        .filter(|r| r.promise.status == PromiseStatus::Open)
        .collect();
    if !open.is_empty() {
        out.push('\n');
        out.push_str(&p.paint(t("contact.open_promises"), Tone::Strong));
        out.push('\n');
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
            let overdue = r.promise.due.is_some_and(|d| d < today);
            let text = format!(
                "#{} {who}: {}{due}",
                r.promise.id,
                sanitize_line(&r.promise.text)
            );
            out.push_str(&format!(
                "  {}\n",
                if overdue {
                    p.paint(&text, Tone::Alarm)
                } else {
                    text
                }
            ));
        }
    }
    if !recent.is_empty() {
        out.push('\n');
        let total = store.entry_count(Some(contact.id))?;
        out.push_str(&p.paint(
            &tr(
                "contact.recent_entries",
                &[("n", &recent.len()), ("total", &total)],
            ),
            Tone::Strong,
        ));
        out.push('\n');
        for row in &recent {
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
    }
    output::emit(&out)?;
    Ok(())
}
