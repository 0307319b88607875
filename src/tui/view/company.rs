//! A company's page: the account and open promises on top, its people and newest entries below.

use super::widgets::{promise_line, status_span};
use crate::display::relative_day;
use crate::i18n::t;
use crate::text::{Align, fit, sanitize_block, sanitize_line, truncate_width};
use crate::tui::app::{App, CompanyPage};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Draws the page.
pub fn render(app: &App, page: &CompanyPage, frame: &mut Frame, body: Rect) {
    let top = (body.height / 3)
        .clamp(6, 10)
        .min(body.height.saturating_sub(4));
    let [upper, lower] =
        Layout::vertical([Constraint::Length(top), Constraint::Fill(1)]).areas(body);
    let [account, promises] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(upper);
    let [people, entries] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(lower);
    render_account(app, page, frame, account);
    render_promises(app, page, frame, promises);
    let rows = usize::from(lower.height.saturating_sub(2)).max(1);
    let people_count = page.view.people.len();
    let people_lines: Vec<Line<'static>> = page
        .view
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let c = &p.contact;
            let role = c
                .role
                .as_deref()
                .map(|r| format!(" ({})", sanitize_line(r)))
                .unwrap_or_default();
            let width = usize::from(people.width.saturating_sub(4)) / 2;
            let name = fit(
                &format!("{}{role}", sanitize_line(&c.name)),
                width,
                Align::Left,
            );
            let line = Line::from(vec![
                Span::raw(format!("{name} ")),
                status_span(app, &p.health),
            ]);
            highlight(app, line, page.list.cursor == i)
        })
        .collect();
    let entry_width = usize::from(entries.width.saturating_sub(2));
    let entry_lines: Vec<Line<'static>> = page
        .view
        .recent
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let e = &row.entry;
            let title = e
                .title
                .clone()
                .unwrap_or_else(|| e.body.lines().next().unwrap_or_default().to_string());
            let text = format!(
                "{} {} {}: {}",
                crate::display::date(e.occurred_at.date_naive()),
                fit(crate::display::kind_short(e.kind), 8, Align::Left),
                crate::display::contact_names(row),
                sanitize_line(&title)
            );
            let line = Line::from(truncate_width(&text, entry_width));
            highlight(app, line, page.list.cursor == people_count + i)
        })
        .collect();
    let in_people = page.list.cursor < people_count;
    let (people_at, entries_at) = if in_people {
        (page.list.cursor, 0)
    } else {
        (0, page.list.cursor - people_count)
    };
    list_box(
        app,
        t("company.people_title"),
        people_lines,
        people_at,
        rows,
        in_people,
        frame,
        people,
    );
    let entries_title = t("company.recent_entries");
    let mut entry_lines = entry_lines;
    if entry_lines.is_empty() {
        entry_lines.push(Line::styled(
            format!(" {}", t("company.no_entries")),
            app.theme.dim(),
        ));
    }
    list_box(
        app,
        entries_title,
        entry_lines,
        entries_at,
        rows,
        !in_people,
        frame,
        entries,
    );
}

fn highlight(app: &App, line: Line<'static>, selected: bool) -> Line<'static> {
    if selected {
        line.style(app.theme.selected(true))
    } else {
        line
    }
}

/// A bordered list that shows the `at` row among its `rows` visible ones.
#[allow(clippy::too_many_arguments)]
fn list_box(
    app: &App,
    title: &str,
    lines: Vec<Line<'static>>,
    at: usize,
    rows: usize,
    focused: bool,
    frame: &mut Frame,
    area: Rect,
) {
    let skip = (at + 1).saturating_sub(rows);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(app.theme.border(focused));
    let shown: Vec<Line<'static>> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(shown).block(block), area);
}

/// The account: website, tags, the last touch with anyone there, notes.
fn render_account(app: &App, page: &CompanyPage, frame: &mut Frame, area: Rect) {
    let c = &page.view.company;
    let today = app.clock.today();
    let label = |key: &str| Span::styled(fit(t(key), 11, Align::Left), app.theme.dim());
    let mut lines = Vec::new();
    if let Some(website) = &c.website {
        lines.push(Line::from(vec![
            label("company.website"),
            Span::raw(sanitize_line(website)),
        ]));
    }
    if !c.tags.is_empty() {
        lines.push(Line::from(vec![
            label("company.tags"),
            Span::raw(sanitize_line(&c.tags.join(", "))),
        ]));
    }
    let last = page.view.last_touch.map_or_else(
        || t("company.never").to_string(),
        |d| relative_day(d, today),
    );
    // The label is long in German: the day goes on a line of its own.
    lines.push(Line::styled(t("company.last_touch"), app.theme.dim()));
    lines.push(Line::from(format!("  {last}")));
    if let Some(notes) = &c.notes {
        for line in sanitize_block(notes).lines() {
            lines.push(Line::from(line.to_string()));
        }
    }
    let key = if c.key_account {
        format!(" · {}", t("company.key_account"))
    } else {
        String::new()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" {}{key} ", sanitize_line(&c.name)),
            app.theme.strong(),
        ))
        .border_style(app.theme.border(false));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Open promises with anyone there, each with the person's name.
fn render_promises(app: &App, page: &CompanyPage, frame: &mut Frame, area: Rect) {
    let today = app.clock.today();
    let max = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line<'static>> = page
        .view
        .open_promises
        .iter()
        .map(|row| {
            let indent = format!("{} · ", sanitize_line(&row.contact_name));
            promise_line(app, row, today, &indent, max)
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(t("contact.no_open_promises"), app.theme.dim()));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t("company.open_promises")))
        .border_style(app.theme.border(false));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
