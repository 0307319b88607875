//! The home screen: the neglect-aware contact list beside the timeline.

use super::HomeAreas;
use super::widgets::{day_heading, mood_label, mood_style, sparkline};
use crate::display::status_symbol;
use crate::i18n::{t, tr};
use crate::text::{sanitize_line, truncate_width, width};
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
    let cut = truncate_width(text, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
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
    let today = app.clock.today();
    let show_spark = w >= 40;
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
        let since = c.health.last_touch.map_or_else(
            || "–".to_string(),
            |d| format!("{}d", (today - d).num_days()),
        );
        let cadence = c
            .health
            .cadence_days
            .map_or_else(|| "·".to_string(), |d| format!("{d}d"));
        let days = format!("{since}/{cadence}");
        let spark = if show_spark {
            home.activity
                .get(&c.contact.id)
                .map(|a| sparkline(a))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let right = if show_spark {
            format!(" {days:>8} {spark:13}")
        } else {
            format!(" {days:>8}")
        };
        let name_width = w.saturating_sub(2 + width(&right));
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
        let symbol_style = if selected {
            style
        } else {
            app.theme.status(c.health.status)
        };
        let mut spans = vec![
            Span::styled(format!("{} ", status_symbol(c.health.status)), symbol_style),
            Span::styled(name_part, if selected { style } else { app.theme.text() }),
        ];
        if !company_part.is_empty() {
            spans.push(Span::styled(" ".to_string(), style));
            spans.push(Span::styled(
                company_part,
                if selected { style } else { app.theme.dim() },
            ));
        }
        spans.push(Span::styled(
            right,
            if selected {
                style
            } else {
                app.theme.status(c.health.status)
            },
        ));
        lines.push(Line::from(spans));
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
        let e = &row.entry;
        let day = e.occurred_at.date_naive();
        if previous_day != Some(day) {
            let heading = day_heading(day, today);
            let fill = w.saturating_sub(width(&heading) + 4);
            lines.push(Line::from(Span::styled(
                format!("── {heading} {}", "─".repeat(fill)),
                app.theme.dim(),
            )));
            previous_day = Some(day);
            if lines.len() >= usize::from(inner.height) {
                break;
            }
        }
        let selected = index == timeline.cursor;
        let base = if selected {
            app.theme.selected(focused)
        } else {
            Style::new()
        };
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
            "{} {:<7} ",
            e.occurred_at.format("%H:%M"),
            crate::display::kind_short(e.kind)
        );
        let mood = format!("{:>2} ", mood_label(e.mood));
        let rest = w.saturating_sub(width(&prefix) + width(&mood));
        let text = pad(&format!("{who}{title}"), rest);
        lines.push(Line::from(vec![
            Span::styled(prefix, if selected { base } else { app.theme.dim() }),
            Span::styled(
                mood,
                if selected {
                    base
                } else {
                    mood_style(&app.theme, e.mood)
                },
            ),
            Span::styled(text, base),
        ]));
    }
    if timeline.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  {}", t("home.no_entries")),
            app.theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
