//! The home screen: the neglect-aware contact list beside the timeline.

use super::HomeAreas;
use super::widgets::{day_heading, mood_label, mood_style, sparkline};
use crate::display::care_symbol;
use crate::domain::rules::{Care, Status};
use crate::i18n::{t, tr};
use crate::insight::ContactHealth;
use crate::text::{Align, fit, sanitize_line, width};
use crate::tui::app::{App, Pane};
use crate::tui::timeline::Timeline;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Draws the home screen.
pub fn render(app: &App, frame: &mut Frame, areas: &HomeAreas) {
    contacts(app, frame, areas.contacts);
    let title = match app.selected_contact() {
        Some(c) => tr(
            "home.timeline_of",
            &[("name", &sanitize_line(&c.contact.name))],
        ),
        None => t("home.timeline_all").to_string(),
    };
    timeline(
        app,
        &app.home.timeline,
        &title,
        app.home.pane == Pane::Timeline,
        frame,
        areas.timeline,
    );
}

fn pad(text: &str, columns: usize) -> String {
    fit(text, columns, Align::Left)
}

/// One contact on the home list: what it needs (symbol), name and company, days since the last touch
/// over the cadence, and the activity sparkline where there is room. An overdue promise of mine also
/// shows as a word, in the place of the sparkline (or of the days on a narrow list).
fn contact_row(
    app: &App,
    c: &ContactHealth,
    spark: Option<&str>,
    w: usize,
    selected: Option<Style>,
) -> Line<'static> {
    let today = app.clock.today();
    let show_spark = w >= 40;
    let since = c.health.last_touch.map_or_else(
        || "–".to_string(),
        |d| format!("{}d", (today - d).num_days()),
    );
    let cadence = c
        .health
        .cadence_days
        .map_or_else(|| "·".to_string(), |d| format!("{d}d"));
    let days = format!(" {}", fit(&format!("{since}/{cadence}"), 8, Align::Right));
    let late = c.health.promise_overdue().then(|| t("home.promise_late"));
    let (days, tail) = match (show_spark, late) {
        (true, Some(word)) => (days, format!(" {}", pad(word, 13))),
        (true, None) => (days, format!(" {}", pad(spark.unwrap_or_default(), 13))),
        (false, Some(word)) => (String::new(), format!(" {}", fit(word, 8, Align::Right))),
        (false, None) => (days, String::new()),
    };
    let name_width = w.saturating_sub(2 + width(&days) + width(&tail));
    let name = sanitize_line(&c.contact.name);
    let company = c
        .contact
        .company
        .as_deref()
        .map(sanitize_line)
        .unwrap_or_default();
    let (name_part, company_part) = if width(&name) + 2 < name_width && !company.is_empty() {
        let rest = name_width - width(&name) - 1;
        (name.clone(), pad(&company, rest))
    } else {
        (pad(&name, name_width), String::new())
    };
    let care = c.health.care();
    let care_style = match care {
        Care::Status(status) => app.theme.status(status),
        Care::PromiseOverdue => app.theme.status(Status::Overdue),
    };
    let or = |other: Style| selected.unwrap_or(other);
    let mut spans = vec![
        Span::styled(format!("{} ", care_symbol(care)), or(care_style)),
        Span::styled(name_part, or(app.theme.text())),
    ];
    if !company_part.is_empty() {
        spans.push(Span::styled(" ".to_string(), or(Style::new())));
        spans.push(Span::styled(company_part, or(app.theme.dim())));
    }
    spans.push(Span::styled(days, or(app.theme.status(c.health.status))));
    let tail_style = if late.is_some() {
        app.theme.status(Status::Overdue)
    } else {
        app.theme.status(c.health.status)
    };
    spans.push(Span::styled(tail, or(tail_style)));
    Line::from(spans)
}

fn contacts(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.home.pane == Pane::Contacts;
    let home = &app.home;
    let title = if home.filtering || !home.filter.is_blank() {
        let (shown, _) = home.filter.view(usize::from(area.width.saturating_sub(16)));
        format!(
            " {}: {shown}{} ",
            t("home.filter"),
            if home.filtering { "▏" } else { "" }
        )
    } else {
        format!(" {} ({}) ", t("home.contacts"), home.contacts.len())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(app.theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let rows = usize::from(inner.height);
    let mut lines = Vec::new();
    for row in home.list.offset..(home.visible.len() + 1).min(home.list.offset + rows) {
        let selected = row == home.list.cursor;
        let style = if selected {
            app.theme.selected(focused)
        } else {
            Style::new()
        };
        if row == 0 {
            let text = pad(&format!("  {}", t("home.everyone")), w);
            lines.push(Line::from(Span::styled(
                text,
                if selected { style } else { app.theme.strong() },
            )));
            continue;
        }
        let c = &home.contacts[home.visible[row - 1]];
        let spark = home.activity.get(&c.contact.id).map(|a| sparkline(a));
        lines.push(contact_row(
            app,
            c,
            spark.as_deref(),
            w,
            selected.then_some(style),
        ));
    }
    if home.visible.is_empty() && !home.filter.is_blank() {
        lines.push(Line::from(Span::styled(
            format!("  {}", t("home.no_match")),
            app.theme.dim(),
        )));
    } else if home.contacts.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  {}", t("home.no_contacts")),
            app.theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Draws a timeline (home or contact page) with day headings; the heading of the first drawn entry
/// always shows, so the reader knows which day they are in.
pub fn timeline(
    app: &App,
    timeline: &Timeline,
    title: &str,
    focused: bool,
    frame: &mut Frame,
    area: Rect,
) {
    let total = timeline.total;
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} ({total}) "))
        .border_style(app.theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let today = app.clock.today();
    let mut lines: Vec<Line> = Vec::new();
    let mut previous_day = None;
    for (index, row) in timeline.rows.iter().enumerate().skip(timeline.offset) {
        if lines.len() >= usize::from(inner.height) {
            break;
        }
        let day = row.entry.occurred_at.date_naive();
        if previous_day != Some(day) {
            lines.push(day_rule(app, &day_heading(day, today), w));
            previous_day = Some(day);
            if lines.len() >= usize::from(inner.height) {
                break;
            }
        }
        let selected = (index == timeline.cursor).then(|| app.theme.selected(focused));
        lines.push(timeline_row(app, timeline, row, selected, w));
    }
    if timeline.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  {}", t("home.no_entries")),
            app.theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "── Today · 27.11.2026 ───…", a day's heading ruled across `w` columns.
fn day_rule(app: &App, heading: &str, w: usize) -> Line<'static> {
    let fill = w.saturating_sub(width(heading) + 4);
    Line::from(Span::styled(
        format!("── {heading} {}", "─".repeat(fill)),
        app.theme.dim(),
    ))
}

/// One entry on a timeline: time, kind, mood, then who (unless the timeline is one contact's) and
/// the title or the first line of the body; all in the `selected` style when it is selected.
fn timeline_row(
    app: &App,
    timeline: &Timeline,
    row: &crate::store::EntryRow,
    selected: Option<Style>,
    w: usize,
) -> Line<'static> {
    let e = &row.entry;
    let who = if timeline.contact.is_some() && row.contact_names.len() == 1 {
        String::new()
    } else {
        format!("{}: ", crate::display::contact_names(row))
    };
    let title = e
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(sanitize_line)
        .unwrap_or_else(|| {
            sanitize_line(
                e.body
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or_default(),
            )
        });
    let prefix = format!(
        "{} {} ",
        e.occurred_at.format("%H:%M"),
        fit(crate::display::kind_short(e.kind), 7, Align::Left)
    );
    let mood = format!("{:>2} ", mood_label(e.mood));
    let rest = w.saturating_sub(width(&prefix) + width(&mood));
    let text = pad(&format!("{who}{title}"), rest);
    let or = |other: Style| selected.unwrap_or(other);
    Line::from(vec![
        Span::styled(prefix, or(app.theme.dim())),
        Span::styled(mood, or(mood_style(&app.theme, e.mood))),
        Span::styled(text, selected.unwrap_or_default()),
    ])
}
