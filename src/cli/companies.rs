//! `rapport company …`: list, show, edit, merge.

use super::args::CompanyCommand;
use super::output::{Painter, Table, Tone};
use super::{Context, UsageError, output, print_json};
use crate::display::{relative_day, status_symbol, status_word};
use crate::domain::model::{Company, Owner};
use crate::i18n::{t, tr};
use crate::insight::{CompanyView, company_view};
use crate::store::{CompanyMatch, Store};
use crate::text::{sanitize_block, sanitize_line};
use crate::transfer::json::{company_record, entry_record, promise_record};
use chrono::NaiveDate;
use serde_json::json;

/// Runs a `company` subcommand.
pub fn run(command: CompanyCommand, ctx: &Context) -> anyhow::Result<()> {
    match command {
        CompanyCommand::List { json } => list(json, ctx),
        CompanyCommand::Show { name, json } => show(&name, json, ctx),
        CompanyCommand::Edit {
            name,
            new_name,
            website,
            notes,
            tags,
            key_account,
        } => {
            let mut store = ctx.open_store()?;
            let mut company = resolve(&store, &name)?;
            if let Some(new_name) = new_name {
                company.name = new_name;
            }
            set_text(website, &mut company.website);
            set_text(notes, &mut company.notes);
            if !tags.is_empty() {
                company.tags = split_tags(&tags);
            }
            if let Some(mark) = key_account {
                company.key_account = yes_or_no(&mark)?;
            }
            store.update_company(&company)?;
            let saved = store.company(company.id)?;
            output::emit(&format!(
                "{}\n",
                sanitize_line(&tr("company.saved", &[("name", &saved.name)]))
            ))?;
            Ok(())
        }
        CompanyCommand::Merge { keep, other, yes } => merge(&keep, &other, yes, ctx),
    }
}

/// The company the user means, or one clear line saying why none.
pub(super) fn resolve(store: &Store, query: &str) -> anyhow::Result<Company> {
    let shown = sanitize_line(query);
    match store.resolve_company(query)? {
        CompanyMatch::One(c) => Ok(*c),
        CompanyMatch::None => anyhow::bail!(tr("company.not_found", &[("query", &shown)])),
        CompanyMatch::Many(names) => {
            let names = sanitize_line(&names.join(", "));
            anyhow::bail!(tr(
                "company.ambiguous",
                &[("query", &shown), ("names", &names)]
            ))
        }
    }
}

fn set_text(value: Option<String>, current: &mut Option<String>) {
    if let Some(v) = value {
        *current = Some(v.trim().to_string()).filter(|v| !v.is_empty());
    }
}

fn split_tags(tags: &[String]) -> Vec<String> {
    tags.iter()
        .flat_map(|t| t.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads a yes/no flag value (yes, ja, no, nein, …); anything else is a usage error.
pub(super) fn yes_or_no(text: &str) -> anyhow::Result<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "ja" | "j" | "true" | "1" => Ok(true),
        "no" | "n" | "nein" | "false" | "0" | "" => Ok(false),
        _ => Err(UsageError(tr("error.bad_yes_no", &[("text", &sanitize_line(text))])).into()),
    }
}

fn list(json: bool, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let rows = store.companies()?;
    if json {
        let records: Vec<_> = rows
            .iter()
            .map(|row| {
                let mut record = json!(company_record(&row.company));
                record["people"] = json!(row.people);
                record
            })
            .collect();
        return print_json(&records);
    }
    if rows.is_empty() {
        eprintln!("{}", t("company.none_yet"));
        return Ok(());
    }
    let mut table = Table::new(&[
        t("column.id"),
        t("column.company"),
        t("column.people"),
        t("column.tags"),
    ]);
    for row in &rows {
        let mut name = row.company.name.clone();
        if row.company.key_account {
            name.push_str(&format!(" · {}", t("company.key_account")));
        }
        table.row(vec![
            format!("#{}", row.company.id).into(),
            name.into(),
            tr("company.people", &[("n", &row.people)]).into(),
            row.company.tags.join(", ").into(),
        ]);
    }
    output::emit(&table.render(&ctx.painter))?;
    Ok(())
}

fn show(name: &str, json: bool, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let company = resolve(&store, name)?;
    let today = ctx.today();
    let view = company_view(&store, company.id, &ctx.config.cadence_defaults(), today)?;
    if json {
        return print_json(&view_json(&view));
    }
    output::emit(&view_text(&ctx.painter, &view, today))?;
    Ok(())
}

/// `company show --json`: the company record, its people with status, the last touch with anyone
/// there, open promises and recent entries.
fn view_json(view: &CompanyView) -> serde_json::Value {
    let people: Vec<_> = view
        .people
        .iter()
        .map(|p| {
            json!({
                "id": p.contact.id,
                "name": p.contact.name,
                "role": p.contact.role,
                "tier": p.contact.tier.map(|t| t.to_string()),
                "archived": p.contact.archived,
                "status": p.health.status.as_str(),
                "last_touch": p.health.last_touch.map(crate::store::format_day),
                "flags": p.health.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "company": company_record(&view.company),
        "people": people,
        "last_touch": view.last_touch.map(crate::store::format_day),
        "promises": view.open_promises.iter().map(|p| promise_record(&p.promise)).collect::<Vec<_>>(),
        "entries": view.recent.iter().map(|r| entry_record(&r.entry)).collect::<Vec<_>>(),
    })
}

fn view_text(p: &Painter, view: &CompanyView, today: NaiveDate) -> String {
    let c = &view.company;
    let mut heading = format!("#{}  {}", c.id, sanitize_line(&c.name));
    if c.key_account {
        heading.push_str(&format!("  · {}", t("company.key_account")));
    }
    let mut out = format!("{}\n", p.paint(&heading, Tone::Strong));
    for (label, value) in [
        (t("company.website"), c.website.clone()),
        (
            t("company.tags"),
            Some(c.tags.join(", ")).filter(|t| !t.is_empty()),
        ),
        (t("company.notes"), c.notes.clone()),
    ] {
        if let Some(value) = value {
            let shown = sanitize_block(&value).replace('\n', "\n            ");
            out.push_str(&format!("  {label:<10}{shown}\n"));
        }
    }
    out.push_str(&format!(
        "\n{}\n",
        p.paint(t("company.people_title"), Tone::Strong)
    ));
    for person in &view.people {
        let status = if person.contact.archived {
            p.paint(t("status.archived"), Tone::Dim)
        } else {
            let word = format!(
                "{} {}",
                status_symbol(person.health.status),
                status_word(person.health.status)
            );
            p.paint(&word, super::contacts::status_tone(person.health.status))
        };
        let role = person
            .contact
            .role
            .as_deref()
            .map(|r| format!(" ({})", sanitize_line(r)))
            .unwrap_or_default();
        let last = person
            .health
            .last_touch
            .map_or_else(|| t("time.never").to_string(), |d| relative_day(d, today));
        out.push_str(&format!(
            "  #{} {}{role} · {status} · {} {last}\n",
            person.contact.id,
            sanitize_line(&person.contact.name),
            t("contact.last_touch"),
        ));
    }
    let last = view.last_touch.map_or_else(
        || t("company.never").to_string(),
        |d| relative_day(d, today),
    );
    out.push_str(&format!("\n{}: {last}\n", t("company.last_touch")));
    out.push_str(&promise_lines(p, view, today));
    out.push_str(&entry_lines(p, view));
    out
}

fn promise_lines(p: &Painter, view: &CompanyView, today: NaiveDate) -> String {
    if view.open_promises.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", p.paint(t("company.open_promises"), Tone::Strong));
    for row in &view.open_promises {
        let promise = &row.promise;
        let who = if promise.owner == Owner::Me {
            t("promise.mine")
        } else {
            t("promise.theirs")
        };
        let due = promise
            .due
            .map(|d| format!(" · {} {}", t("promise.due"), relative_day(d, today)))
            .unwrap_or_default();
        let text = format!(
            "#{} {} · {who}: {}{due}",
            promise.id,
            sanitize_line(&row.contact_name),
            sanitize_line(&promise.text)
        );
        let shown = if promise.due.is_some_and(|d| d < today) {
            p.paint(&text, Tone::Alarm)
        } else {
            text
        };
        out.push_str(&format!("  {shown}\n"));
    }
    out
}

fn entry_lines(p: &Painter, view: &CompanyView) -> String {
    let mut out = format!("\n{}\n", p.paint(t("company.recent_entries"), Tone::Strong));
    if view.recent.is_empty() {
        out.push_str(&format!("  {}\n", t("company.no_entries")));
    }
    for row in &view.recent {
        let e = &row.entry;
        let title = e
            .title
            .clone()
            .unwrap_or_else(|| e.body.lines().next().unwrap_or_default().to_string());
        let names: Vec<&str> = row.contact_names.iter().map(|(_, n)| n.as_str()).collect();
        out.push_str(&format!(
            "  {}  {:<8} {}: {}\n",
            crate::display::date(e.occurred_at.date_naive()),
            crate::display::kind_short(e.kind),
            sanitize_line(&names.join(", ")),
            crate::text::truncate_width(&sanitize_line(&title), 60)
        ));
    }
    out
}

fn merge(keep: &str, other: &str, yes: bool, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let kept = resolve(&store, keep)?;
    let gone = resolve(&store, other)?;
    let names = [
        ("keep", sanitize_line(&kept.name)),
        ("other", sanitize_line(&gone.name)),
    ];
    let args: Vec<(&str, &dyn std::fmt::Display)> =
        names.iter().map(|(k, v)| (*k, v as _)).collect();
    super::confirm(
        yes,
        &tr("company.merge_ask", &args),
        tr("company.merge_needs_yes", &args),
        t("merge.cancelled"),
    )?;
    let moved = store.merge_companies(kept.id, gone.id)?;
    let mut args = args;
    args.push(("n", &moved));
    output::emit(&format!("{}\n", tr("company.merged", &args)))?;
    Ok(())
}

/// `contact show`'s lines "Introduced by #3 Anna" and "Introduced #5 Ben, #7 Carla" (only those
/// that have someone).
pub(super) fn introductions_text(
    store: &Store,
    contact: crate::domain::model::Id,
) -> anyhow::Result<String> {
    let named =
        |(id, name): &(crate::domain::model::Id, String)| format!("#{id} {}", sanitize_line(name));
    let mut out = String::new();
    if let Some(by) = store.introduced_by(contact)? {
        out.push_str(&format!(
            "  {:<11} {}\n",
            t("contact.introduced_by"),
            named(&by)
        ));
    }
    let introduced = store.introduced(contact)?;
    if !introduced.is_empty() {
        let list: Vec<String> = introduced.iter().map(named).collect();
        out.push_str(&format!(
            "  {:<11} {}\n",
            t("contact.introduced"),
            list.join(", ")
        ));
    }
    Ok(out)
}
