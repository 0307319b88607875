//! `rapport contact …`: add, list, show, edit, archive, unarchive.

use super::args::{ContactCommand, ContactFields};
use super::output::{Cell, Table, Tone};
use super::{Context, UsageError, output, print_json};
use crate::display::{relative_day, status_symbol, status_word};
use crate::domain::dates::{parse_birthday, parse_duration_days, parse_since};
use crate::domain::model::Contact;
use crate::domain::rules::Status;
use crate::i18n::{t, tr};
use crate::text::sanitize_line;
use crate::transfer::json::ContactRecord;

/// Runs a `contact` subcommand.
pub fn run(command: ContactCommand, ctx: &Context) -> anyhow::Result<()> {
    match command {
        ContactCommand::Add { name, fields } => add(&name, &fields, ctx),
        ContactCommand::List { json, archived } => list(json, archived, ctx),
        ContactCommand::Show { name, json } => super::contact_show::show(&name, json, ctx),
        ContactCommand::Edit {
            name,
            new_name,
            fields,
        } => edit(&name, new_name, &fields, ctx),
        ContactCommand::Archive { name } => set_archived(&name, true, ctx),
        ContactCommand::Unarchive { name } => set_archived(&name, false, ctx),
        ContactCommand::Duplicates { json } => super::merge::duplicates(json, ctx),
        ContactCommand::Query { query } => super::inbox::query(&query, ctx),
        ContactCommand::Merge { keep, other, yes } => super::merge::merge(&keep, &other, yes, ctx),
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
    if let Some(mark) = &fields.private {
        contact.private = super::companies::yes_or_no(mark)?;
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
    let introducer = introducer(&store, fields, ctx)?;
    let id = store.add_contact(&contact)?;
    if let Some(by) = introducer {
        store.set_introduced_by(id, by)?;
    }
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
    if let Some(by) = introducer(&store, fields, ctx)? {
        store.set_introduced_by(contact.id, by)?;
    }
    store.update_contact(&contact)?;
    output::emit(&format!("{}\n", contact.id))?;
    Ok(())
}

/// The contact `--introduced-by` names: `None` without the flag, `Some(None)` for an empty value
/// (nobody), resolved as every other contact argument.
fn introducer(
    store: &crate::store::Store,
    fields: &ContactFields,
    ctx: &Context,
) -> anyhow::Result<Option<Option<crate::domain::model::Id>>> {
    let Some(name) = fields.introduced_by.as_deref() else {
        return Ok(None);
    };
    if name.trim().is_empty() {
        return Ok(Some(None));
    }
    Ok(Some(Some(ctx.resolve(store, name)?.id)))
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
        let relations = store.contact_relations()?;
        let records: Vec<_> = contacts
            .iter()
            .map(|(c, _)| {
                let (company_id, introduced_by) = relations.get(&c.id).copied().unwrap_or_default();
                ContactRecord {
                    company_id,
                    introduced_by,
                    ..crate::report::contact::view_record(c)
                }
            })
            .collect();
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
