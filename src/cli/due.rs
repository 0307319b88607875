//! `rapport due`: who needs attention, most urgent first, with the reasons in words.

use super::args::DueArgs;
use super::contacts::status_cell;
use super::output::{Cell, Table};
use super::{Context, output, print_json};
use crate::display::relative_day;
use crate::domain::dates::Direction;
use crate::i18n::t;
use crate::insight::neglect_list;
use crate::store::format_day;
use serde::Serialize;

/// One row of `due --json` (SPEC §5).
#[derive(Debug, Serialize)]
struct DueRecord<'a> {
    id: i64,
    name: &'a str,
    status: &'static str,
    last_touch: Option<String>,
    cadence_days: Option<u32>,
    due_on: Option<String>,
    days_overdue: Option<i64>,
    flags: Vec<&'static str>,
}

/// Runs `due`.
pub fn run(args: &DueArgs, ctx: &Context) -> anyhow::Result<()> {
    let today = match &args.as_of {
        Some(text) => ctx.date(text, Direction::Future)?,
        None => ctx.today(),
    };
    let store = ctx.open_store()?;
    let list = neglect_list(&store, &ctx.config.cadence_defaults(), today, args.all)?;
    if args.json {
        let records: Vec<DueRecord<'_>> = list
            .iter()
            .map(|c| DueRecord {
                id: c.contact.id,
                name: &c.contact.name,
                status: c.health.status.as_str(),
                last_touch: c.health.last_touch.map(format_day),
                cadence_days: c.health.cadence_days,
                due_on: c.health.due_on.map(format_day),
                days_overdue: c.health.days_overdue,
                flags: c.health.flags.iter().map(|f| f.as_str()).collect(),
            })
            .collect();
        return print_json(&records);
    }
    if list.is_empty() {
        eprintln!("{}", t("due.nothing"));
        return Ok(());
    }
    let mut table = Table::new(&[
        t("column.status"),
        t("column.name"),
        t("column.company"),
        t("column.last_touch"),
        t("column.cadence"),
        t("column.due"),
        t("column.why"),
    ]);
    for c in &list {
        let h = &c.health;
        table.row(vec![
            status_cell(h.status, false),
            format!("#{} {}", c.contact.id, c.contact.name).into(),
            c.contact.company.clone().unwrap_or_default().into(),
            h.last_touch
                .map_or_else(|| t("time.never").to_string(), |d| relative_day(d, today))
                .into(),
            h.cadence_days
                .map(|d| format!("{d}d"))
                .unwrap_or_default()
                .into(),
            h.due_on
                .map(|d| relative_day(d, today))
                .unwrap_or_default()
                .into(),
            Cell::new(crate::display::reasons(c, today).join("; ")),
        ]);
    }
    output::emit(&table.render(&ctx.painter))?;
    Ok(())
}
