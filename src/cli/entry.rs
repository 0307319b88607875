//! `rapport entry show|edit|delete`: one entry, by id.

use super::args::{EntryCommand, EntryEditArgs};
use super::journal::{parse_signals, read_body, resolve_contacts};
use super::output::Tone;
use super::{Context, UsageError, output, parse_id, print_json};
use crate::domain::model::{Entry, Owner, Signals};
use crate::i18n::{t, tr};
use crate::store::{PromiseFate, PromiseRow};
use crate::text::{sanitize_block, sanitize_line};

fn usage(e: impl std::fmt::Display) -> anyhow::Error {
    UsageError(e.to_string()).into()
}

/// Runs an `entry` subcommand.
pub fn run(command: EntryCommand, ctx: &Context) -> anyhow::Result<()> {
    match command {
        EntryCommand::Show { id, json } => show(&id, json, ctx),
        EntryCommand::Edit(args) => edit(args, ctx),
        EntryCommand::Delete {
            id,
            with_promises,
            keep_promises,
            yes,
        } => {
            let fate = match (with_promises, keep_promises) {
                (true, _) => Some(PromiseFate::Delete),
                (_, true) => Some(PromiseFate::Keep),
                _ => None,
            };
            delete(&id, fate, yes, ctx)
        }
    }
}

/// The signals that are set, in words: "Trust +1 · Competence -1".
fn signal_words(signals: &Signals) -> String {
    [
        ("pillar.trust", signals.trust),
        ("pillar.sympathy", signals.sympathy),
        ("pillar.competence", signals.competence),
        ("pillar.longterm", signals.longterm),
    ]
    .into_iter()
    .filter_map(|(key, value)| {
        value.map(|v| format!("{} {}", t(key), crate::display::mood(Some(v))))
    })
    .collect::<Vec<_>>()
    .join(" · ")
}

/// One promise of an entry, as a line: "#7 I promised: send the offer · due in 3 days [open]".
fn promise_line(row: &PromiseRow, today: chrono::NaiveDate) -> String {
    let p = &row.promise;
    let who = if p.owner == Owner::Me {
        t("promise.i_promised")
    } else {
        t("promise.they_promised")
    };
    let due = p
        .due
        .map(|d| {
            format!(
                " · {} {}",
                t("promise.due"),
                crate::display::relative_day(d, today)
            )
        })
        .unwrap_or_default();
    let status = match p.status {
        crate::domain::model::PromiseStatus::Open => t("promise.open"),
        crate::domain::model::PromiseStatus::Kept => t("promise.kept"),
        crate::domain::model::PromiseStatus::Broken => t("promise.broken"),
    };
    format!(
        "#{} {who}: {}{due} [{status}]",
        p.id,
        sanitize_line(&p.text)
    )
}

/// Runs `entry show`: the whole entry with its promises.
fn show(id: &str, json: bool, ctx: &Context) -> anyhow::Result<()> {
    let id = parse_id(id)?;
    let store = ctx.open_store()?;
    let row = store.entry(id)?;
    let promises = store.entry_promises(id)?;
    if json {
        let value = crate::report::entry_json(&row, &promises);
        return print_json(&value);
    }
    let e = &row.entry;
    let p = &ctx.painter;
    let today = ctx.today();
    let head = format!(
        "#{}  {}  {}  {}",
        e.id,
        crate::display::date_time(&e.occurred_at),
        crate::display::kind_word(e.kind),
        crate::display::contact_names(&row)
    );
    let mut out = format!("{}\n", p.paint(&head, Tone::Strong));
    let mut facts = Vec::new();
    if e.mood.is_some() {
        facts.push(format!(
            "{} {}",
            t("entry.mood"),
            crate::display::mood(e.mood)
        ));
    }
    if let Some(i) = e.initiative {
        facts.push(format!(
            "{} {}",
            t("entry.initiative"),
            crate::display::initiative_word(i)
        ));
    }
    let signals = signal_words(&e.signals);
    if !signals.is_empty() {
        facts.push(format!("{} {signals}", t("entry.signals")));
    }
    if !facts.is_empty() {
        out.push_str(&format!("  {}\n", p.paint(&facts.join(" · "), Tone::Dim)));
    }
    for promise in &promises {
        out.push_str(&format!("  {}\n", promise_line(promise, today)));
    }
    if let Some(title) = e.title.as_deref().filter(|t| !t.is_empty()) {
        out.push_str(&format!(
            "\n  {}\n",
            p.paint(&sanitize_line(title), Tone::Strong)
        ));
    }
    if !e.body.trim().is_empty() {
        out.push('\n');
        for line in sanitize_block(&e.body).lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    output::emit(&out)?;
    Ok(())
}

/// An optional field from an option: absent keeps it, empty clears it, else `parse` reads it.
fn optional<T>(
    given: Option<&str>,
    current: Option<T>,
    parse: impl FnOnce(&str) -> anyhow::Result<T>,
) -> anyhow::Result<Option<T>> {
    match given.map(str::trim) {
        None => Ok(current),
        Some("") => Ok(None),
        Some(text) => parse(text).map(Some),
    }
}

/// Reads a mood from `-2` to `+2`.
fn parse_mood(text: &str) -> anyhow::Result<i8> {
    text.trim_start_matches('+')
        .parse::<i8>()
        .ok()
        .filter(|m| (-2..=2).contains(m))
        .ok_or_else(|| usage(tr("error.bad_mood", &[("text", &sanitize_line(text))])))
}

/// Applies the options given to an entry; everything not given stays.
fn apply(args: EntryEditArgs, entry: &mut Entry, ctx: &Context) -> anyhow::Result<()> {
    if let Some(kind) = &args.kind {
        entry.kind = kind.parse().map_err(usage)?;
    }
    if let Some(at) = &args.at {
        entry.occurred_at = ctx.entry_instant(at)?;
    }
    entry.title = optional(args.title.as_deref(), entry.title.take(), |t| {
        Ok(t.to_string())
    })?;
    entry.mood = optional(args.mood.as_deref(), entry.mood, parse_mood)?;
    entry.initiative = optional(args.initiative.as_deref(), entry.initiative, |i| {
        i.parse().map_err(usage)
    })?;
    if let Some(text) = args.signals.as_deref() {
        let given = parse_signals(text)?;
        let s = &mut entry.signals;
        if text.trim().is_empty() {
            *s = Signals::default();
        }
        s.trust = given.trust.or(s.trust);
        s.sympathy = given.sympathy.or(s.sympathy);
        s.competence = given.competence.or(s.competence);
        s.longterm = given.longterm.or(s.longterm);
    }
    if let Some(body) = args.body.as_deref() {
        entry.body = read_body(body)?;
    }
    Ok(())
}

/// Runs `entry edit`: reads the entry, changes what the options give, writes it back; prints the id.
fn edit(args: EntryEditArgs, ctx: &Context) -> anyhow::Result<()> {
    let id = parse_id(&args.id)?;
    let given = [
        args.contacts.is_some(),
        args.kind.is_some(),
        args.at.is_some(),
        args.title.is_some(),
        args.mood.is_some(),
        args.initiative.is_some(),
        args.signals.is_some(),
        args.body.is_some(),
    ];
    if !given.contains(&true) {
        return Err(usage(t("error.nothing_to_change")));
    }
    let mut store = ctx.open_store()?;
    let mut entry = store.entry(id)?.entry;
    if let Some(list) = &args.contacts {
        entry.contacts = resolve_contacts(&store, list, ctx)?;
    }
    apply(args, &mut entry, ctx)?;
    store.update_entry(&entry)?;
    output::emit(&format!("{id}\n"))?;
    Ok(())
}

/// Runs `entry delete`: an entry with promises needs `--with-promises` or `--keep-promises`; asks
/// first (unless `--yes`), then deletes.
fn delete(id: &str, fate: Option<PromiseFate>, yes: bool, ctx: &Context) -> anyhow::Result<()> {
    let id = parse_id(id)?;
    let mut store = ctx.open_store()?;
    let row = store.entry(id)?;
    let promises = store.entry_promises(id)?.len();
    let fate = match fate {
        Some(fate) => fate,
        None if promises == 0 => PromiseFate::Keep,
        None => {
            return Err(usage(tr(
                "entries.has_promises",
                &[("id", &id), ("n", &promises)],
            )));
        }
    };
    let e = &row.entry;
    let shown = format!(
        "#{id} {} {} ({})",
        crate::display::date(e.occurred_at.date_naive()),
        crate::display::kind_word(e.kind),
        crate::display::contact_names(&row)
    );
    let question = match (promises, fate) {
        (0, _) => tr("entries.ask_delete", &[("entry", &shown)]),
        (n, PromiseFate::Delete) => tr(
            "entries.ask_delete_with_promises",
            &[("entry", &shown), ("n", &n)],
        ),
        (n, PromiseFate::Keep) => tr(
            "entries.ask_delete_keep_promises",
            &[("entry", &shown), ("n", &n)],
        ),
    };
    super::confirm(
        yes,
        &question,
        tr("entries.delete_needs_yes", &[("entry", &shown)]),
        t("entries.nothing_deleted"),
    )?;
    store.delete_entry_with(id, fate)?;
    let done = match (promises, fate) {
        (0, _) => tr("entries.deleted", &[("entry", &shown)]),
        (n, PromiseFate::Delete) => tr(
            "entries.deleted_with_promises",
            &[("entry", &shown), ("n", &n)],
        ),
        (n, PromiseFate::Keep) => tr(
            "entries.deleted_keeping_promises",
            &[("entry", &shown), ("n", &n)],
        ),
    };
    output::emit(&format!("{done}\n"))?;
    Ok(())
}
