//! `rapport search`: contacts, promises and entries matching a query, in three groups.

use super::args::SearchArgs;
use super::output::{Painter, Tone};
use super::{Context, UsageError, output, print_json};
use crate::display::relative_day;
use crate::domain::dates::Direction;
use crate::i18n::{t, tr};
use crate::store::PromiseRow;
use crate::store::{ContactHit, MATCH_END, MATCH_START, SearchFilter, SearchHit, format_day};
use crate::text::sanitize_line;
use chrono::{Duration, NaiveDate, TimeZone};

/// The filter the options ask for; dates are whole days in the clock's offset.
fn filter(args: &SearchArgs, contact: Option<i64>, ctx: &Context) -> anyhow::Result<SearchFilter> {
    let kind = args
        .kind
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|e: crate::domain::model::InvalidValue| UsageError(e.to_string()))?;
    let offset = *ctx.now().offset();
    let start_of = |day: NaiveDate| {
        offset
            .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
            .single()
            .map(|at| at.timestamp())
    };
    let since = args
        .since
        .as_deref()
        .map(|d| ctx.date(d, Direction::Past))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|d| ctx.date(d, Direction::Past))
        .transpose()?;
    Ok(SearchFilter {
        contact,
        kind,
        since_ts: since.and_then(start_of),
        until_ts: until.and_then(|d| start_of(d + Duration::days(1))),
        rank: args.rank,
    })
}

/// Runs `search`.
pub fn search(args: &SearchArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let contact = ctx.contact_filter(&store, args.contact.as_deref())?;
    let filter = filter(args, contact, ctx)?;
    let results = store.search_all(&args.query, &filter, args.limit)?;
    if args.json {
        let mut groups = crate::report::search_json(&results);
        // Without --groups the document is the entries array it has always been (a versioned contract).
        return print_json(&if args.groups {
            groups
        } else {
            groups["entries"].take()
        });
    }
    if results.contacts.is_empty() && results.promises.is_empty() && results.entries.is_empty() {
        eprintln!(
            "{}",
            tr("search.nothing", &[("query", &sanitize_line(&args.query))])
        );
        return Ok(());
    }
    let p = &ctx.painter;
    let mut out = String::new();
    if !results.contacts.is_empty() {
        heading(&mut out, p, "search.contacts", results.contacts.len());
        for hit in &results.contacts {
            contact_text(&mut out, p, hit);
        }
    }
    if !results.promises.is_empty() {
        heading(&mut out, p, "search.promises", results.promises.len());
        for row in &results.promises {
            promise_text(&mut out, p, row, ctx.today());
        }
    }
    if !results.entries.is_empty() {
        heading(&mut out, p, "search.entries", results.entries.len());
        for hit in &results.entries {
            entry_text(&mut out, p, hit, ctx.today());
        }
    }
    output::emit(&out)?;
    Ok(())
}

fn heading(out: &mut String, p: &Painter, key: &str, n: usize) {
    if !out.is_empty() {
        out.push('\n');
    }
    let text = tr(key, &[("n", &n.to_string())]);
    out.push_str(&p.paint(&text, Tone::Strong));
    out.push('\n');
}

/// A snippet for the terminal: matches in bold yellow, or unmarked without colour.
fn shown(p: &Painter, marked: &str) -> String {
    let snippet = sanitize_line(marked);
    if p.colour {
        snippet
            .replace(MATCH_START, "\u{1b}[1;33m")
            .replace(MATCH_END, "\u{1b}[0m")
    } else {
        snippet.replace([MATCH_START, MATCH_END], "")
    }
}

fn contact_text(out: &mut String, p: &Painter, hit: &ContactHit) {
    let at: Vec<String> = [hit.role.as_deref(), hit.company.as_deref()]
        .into_iter()
        .flatten()
        .map(sanitize_line)
        .collect();
    let head = format!("#{}  {}", hit.id, sanitize_line(&hit.name));
    out.push_str(&head);
    if !at.is_empty() {
        out.push_str(&p.paint(&format!("  {}", at.join(", ")), Tone::Dim));
    }
    out.push('\n');
    out.push_str(&format!("    {}\n", shown(p, &hit.snippet)));
}

fn promise_text(out: &mut String, p: &Painter, row: &PromiseRow, today: NaiveDate) {
    let promise = &row.promise;
    let due = promise
        .due
        .map(|d| format!("  {}", relative_day(d, today)))
        .unwrap_or_default();
    out.push_str(&format!(
        "#{}  {}  {}{}\n",
        promise.id,
        sanitize_line(&row.contact_name),
        p.paint(
            t(&format!("promise.{}", promise.status.as_str())),
            Tone::Dim
        ),
        due
    ));
    out.push_str(&format!("    {}\n", sanitize_line(&promise.text)));
}

fn entry_text(out: &mut String, p: &Painter, hit: &SearchHit, today: NaiveDate) {
    let e = &hit.row.entry;
    let names = crate::display::contact_names(&hit.row);
    let title = e.title.as_deref().map(sanitize_line).unwrap_or_default();
    let head = format!(
        "#{}  {} ({})  {}  {}",
        e.id,
        format_day(e.occurred_at.date_naive()),
        relative_day(e.occurred_at.date_naive(), today),
        crate::display::kind_short(e.kind),
        names
    );
    out.push_str(&p.paint(&head, Tone::Dim));
    out.push('\n');
    if !title.is_empty() {
        out.push_str(&format!("    {}\n", p.paint(&title, Tone::Strong)));
    }
    out.push_str(&format!("    {}\n", shown(p, &hit.snippet)));
}
