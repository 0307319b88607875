//! `rapport due`: who needs attention, most urgent first, with the reasons in words.

use super::args::DueArgs;
use super::contacts::status_cell;
use super::output::{Cell, Table};
use super::{Context, output, print_json};
use crate::display::relative_day;
use crate::domain::dates::Direction;
use crate::i18n::t;
use crate::insight::neglect_list;

/// Runs `due`.
pub fn run(args: &DueArgs, ctx: &Context) -> anyhow::Result<()> {
    let today = match &args.as_of {
        Some(text) => ctx.date(text, Direction::Future)?,
        None => ctx.today(),
    };
    let store = ctx.open_store()?;
    let list = neglect_list(&store, &ctx.config.cadence_defaults(), today, args.all)?;
    if args.json {
        let records = crate::report::due_records(&list);
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
