//! `rapport log`, `rapport promise …`, `rapport search` and `rapport entries`.

use super::args::{EntriesArgs, LogArgs, PromiseCommand};
use super::output::{Cell, Table, Tone};
use super::{Context, PromiseArg, UsageError, output, parse_id, print_json};
use crate::display::relative_day;
use crate::domain::dates::Direction;
use crate::domain::model::{Id, Owner, PromiseStatus, Signals};
use crate::i18n::{t, tr};
use crate::report::log::LogRequest;
use crate::text::sanitize_line;
use crate::transfer::json::entry_record;
use serde_json::json;
use std::io::Read;

fn usage(e: impl std::fmt::Display) -> anyhow::Error {
    UsageError(e.to_string()).into()
}

/// Reads `trust=+1,sympathy=-1` into signals.
pub(super) fn parse_signals(text: &str) -> anyhow::Result<Signals> {
    let mut signals = Signals::default();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, value) = part
            .split_once('=')
            .ok_or_else(|| usage(tr("error.bad_signal", &[("text", &sanitize_line(part))])))?;
        let value: i8 = value
            .trim()
            .trim_start_matches('+')
            .parse()
            .ok()
            .filter(|v: &i8| (-1..=1).contains(v))
            .ok_or_else(|| usage(tr("error.bad_signal", &[("text", &sanitize_line(part))])))?;
        let slot = match name.trim().to_lowercase().as_str() {
            "trust" | "vertrauen" => &mut signals.trust,
            "sympathy" | "sympathie" => &mut signals.sympathy,
            "competence" | "kompetenz" => &mut signals.competence,
            "longterm" | "langfristigkeit" => &mut signals.longterm,
            _ => {
                return Err(usage(tr(
                    "error.bad_signal",
                    &[("text", &sanitize_line(part))],
                )));
            }
        };
        *slot = Some(value);
    }
    Ok(signals)
}

/// Runs `log`: resolves the contacts, reads the body, writes the entry and its promises; prints the id.
pub fn log(args: LogArgs, promise_args: Vec<PromiseArg>, ctx: &Context) -> anyhow::Result<()> {
    let signals = args
        .signals
        .as_deref()
        .map(parse_signals)
        .transpose()?
        .unwrap_or_default();
    let mut request = LogRequest {
        kind: Some(args.kind),
        when: args.at,
        title: args.title,
        mood: args.mood,
        initiative: args.initiative,
        signals,
        promises: promise_args
            .into_iter()
            .map(|p| (p.owner, p.text, p.due))
            .collect(),
        ..LogRequest::default()
    };
    // Words and dates are checked before the journal is opened (and its passphrase asked for).
    crate::report::log::entry_of(
        LogRequest {
            contacts: vec![0],
            ..request.clone()
        },
        &ctx.clock,
    )
    .map_err(usage)?;
    request.body = args
        .body
        .as_deref()
        .map(read_body)
        .transpose()?
        .unwrap_or_default();
    let mut store = ctx.open_store()?;
    request.contacts = resolve_contacts(&store, &args.contacts, ctx)?;
    let (entry, promises) = crate::report::log::entry_of(request, &ctx.clock).map_err(usage)?;
    let id = store.add_entry(&entry, &promises)?;
    output::emit(&format!("{id}\n"))?;
    Ok(())
}

/// The body as given, or read from stdin for `-`.
pub(super) fn read_body(text: &str) -> anyhow::Result<String> {
    if text != "-" {
        return Ok(text.to_string());
    }
    let mut body = String::new();
    std::io::stdin()
        .read_to_string(&mut body)
        .map_err(|e| anyhow::anyhow!(tr("error.stdin", &[("error", &e)])))?;
    Ok(body.trim_end().to_string())
}

/// The contacts of a comma-separated list (a name that itself holds a comma is taken whole).
pub(super) fn resolve_contacts(
    store: &crate::store::Store,
    list: &str,
    ctx: &Context,
) -> anyhow::Result<Vec<Id>> {
    let names: Vec<&str> = match ctx.resolve(store, list) {
        Ok(_) if list.contains(',') => vec![list],
        _ => list
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect(),
    };
    if names.is_empty() {
        return Err(usage(t("error.no_contact")));
    }
    let mut contacts: Vec<Id> = Vec::new();
    for name in names {
        let id = ctx.resolve(store, name)?.id;
        if !contacts.contains(&id) {
            contacts.push(id);
        }
    }
    Ok(contacts)
}

/// Runs a `promise` subcommand.
pub fn promise(command: PromiseCommand, ctx: &Context) -> anyhow::Result<()> {
    match command {
        PromiseCommand::List {
            open,
            contact,
            json,
        } => promise_list(open, contact.as_deref(), json, ctx),
        PromiseCommand::Done { id } => close(&id, PromiseStatus::Kept, ctx),
        PromiseCommand::Broken { id } => close(&id, PromiseStatus::Broken, ctx),
        PromiseCommand::Edit { id, text, due } => promise_edit(&id, text, due, ctx),
        PromiseCommand::Reopen { id } => {
            let id = parse_id(&id)?;
            ctx.open_store()?.reopen_promise(id)?;
            output::emit(&format!("{id}\n"))?;
            Ok(())
        }
        PromiseCommand::Delete { id, yes } => promise_delete(&id, yes, ctx),
    }
}

fn close(id: &str, status: PromiseStatus, ctx: &Context) -> anyhow::Result<()> {
    let id = parse_id(id)?;
    let mut store = ctx.open_store()?;
    store.set_promise_status(id, status, &ctx.now())?;
    output::emit(&format!("{id}\n"))?;
    Ok(())
}

/// Runs `promise edit`: changes only the text or due date given (an empty `--due` clears it).
fn promise_edit(
    id: &str,
    text: Option<String>,
    due: Option<String>,
    ctx: &Context,
) -> anyhow::Result<()> {
    let id = parse_id(id)?;
    if text.is_none() && due.is_none() {
        return Err(usage(t("error.nothing_to_change")));
    }
    if text.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(usage(t("error.empty_promise")));
    }
    let due = match due.as_deref().map(str::trim) {
        Some("") => Some(None),
        Some(d) => Some(Some(ctx.date(d, Direction::Future)?)),
        None => None,
    };
    let mut store = ctx.open_store()?;
    let current = store.promise(id)?.promise;
    store.update_promise(
        id,
        text.as_deref().unwrap_or(&current.text),
        due.unwrap_or(current.due),
    )?;
    output::emit(&format!("{id}\n"))?;
    Ok(())
}

/// Runs `promise delete`: asks first (unless `--yes`), then deletes the promise for good.
fn promise_delete(id: &str, yes: bool, ctx: &Context) -> anyhow::Result<()> {
    let id = parse_id(id)?;
    let mut store = ctx.open_store()?;
    let row = store.promise(id)?;
    let shown = format!(
        "#{id} {} ({})",
        sanitize_line(&row.promise.text),
        sanitize_line(&row.contact_name)
    );
    super::confirm(
        yes,
        &tr("promise.ask_delete", &[("promise", &shown)]),
        tr("promise.delete_needs_yes", &[("promise", &shown)]),
        t("promise.nothing_deleted"),
    )?;
    store.delete_promise(id)?;
    output::emit(&format!(
        "{}\n",
        tr("promise.deleted", &[("promise", &shown)])
    ))?;
    Ok(())
}

fn promise_list(
    open_only: bool,
    contact: Option<&str>,
    json: bool,
    ctx: &Context,
) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let contact = ctx.contact_filter(&store, contact)?;
    let rows = store.promises(contact, open_only)?;
    if json {
        let records: Vec<_> = rows.iter().map(crate::report::promise_json).collect();
        return print_json(&records);
    }
    if rows.is_empty() {
        eprintln!("{}", t("promise.none"));
        return Ok(());
    }
    let today = ctx.today();
    let mut table = Table::new(&[
        t("column.id"),
        t("column.who"),
        t("column.contact"),
        t("column.promise"),
        t("column.due"),
        t("column.status"),
    ]);
    for r in &rows {
        let p = &r.promise;
        let overdue = p.status == PromiseStatus::Open && p.due.is_some_and(|d| d < today);
        let status = match p.status {
            PromiseStatus::Open if overdue => {
                Cell::toned(format!("! {}", t("promise.overdue")), Tone::Alarm)
            }
            PromiseStatus::Open => Cell::toned(format!("○ {}", t("promise.open")), Tone::Warn),
            PromiseStatus::Kept => Cell::toned(format!("✓ {}", t("promise.kept")), Tone::Good),
            PromiseStatus::Broken => Cell::toned(format!("✗ {}", t("promise.broken")), Tone::Dim),
        };
        table.row(vec![
            format!("#{}", p.id).into(),
            (if p.owner == Owner::Me {
                t("promise.mine")
            } else {
                t("promise.theirs")
            })
            .into(),
            r.contact_name.clone().into(),
            p.text.clone().into(),
            p.due
                .map(|d| relative_day(d, today))
                .unwrap_or_default()
                .into(),
            status,
        ]);
    }
    output::emit(&table.render(&ctx.painter))?;
    Ok(())
}

/// Runs `entries`: the newest entries, paged from the database (never more than `--limit` read).
pub fn entries(args: &EntriesArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let contact = ctx.contact_filter(&store, args.contact.as_deref())?;
    let rows = store.entries_page(contact, None, args.limit)?;
    if args.json {
        let records: Vec<_> = rows
            .iter()
            .map(|r| {
                let mut value = serde_json::to_value(entry_record(&r.entry)).unwrap_or_default();
                value["contact_names"] =
                    json!(r.contact_names.iter().map(|(_, n)| n).collect::<Vec<_>>());
                value
            })
            .collect();
        return print_json(&records);
    }
    if rows.is_empty() {
        eprintln!("{}", t("entries.none"));
        return Ok(());
    }
    let p = &ctx.painter;
    let mut out = String::new();
    for row in &rows {
        let e = &row.entry;
        let names = crate::display::contact_names(row);
        let head = format!(
            "#{}  {}  {}  {}",
            e.id,
            crate::display::date_time(&e.occurred_at),
            crate::display::kind_short(e.kind),
            names
        );
        out.push_str(&p.paint(&head, Tone::Dim));
        out.push('\n');
        if let Some(title) = e.title.as_deref().filter(|t| !t.is_empty()) {
            out.push_str(&format!(
                "    {}\n",
                p.paint(&sanitize_line(title), Tone::Strong)
            ));
        }
        for line in e.body.lines().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!("    {}\n", sanitize_line(line)));
        }
    }
    output::emit(&out)?;
    Ok(())
}
