//! Pieces shared by the screens: header, status line, footer, confirmation box, day headings,
//! sparklines and the small words for moods and statuses.

use super::centered;
use crate::display::{status_symbol, status_word};
use crate::domain::rules::Status;
use crate::i18n::{t, tr};
use crate::tui::app::{App, Tone};
use crate::tui::command::Confirm;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// "Today", "Yesterday", a weekday within the last week, else the date with its weekday.
pub fn day_heading(day: NaiveDate, today: NaiveDate) -> String {
    let days = (today - day).num_days();
    let weekday = crate::display::weekday_name(day);
    let name = match days {
        0 => t("time.today_title"),
        1 => t("time.yesterday_title"),
        _ => weekday,
    };
    format!("{name} · {}", crate::display::date(day))
}

/// Bars for a sparkline, one character per value, scaled to the largest.
pub fn sparkline(values: &[u16]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if v == 0 {
                '·'
            } else {
                let level = (usize::from(v) * 8).div_ceil(usize::from(max.max(1)));
                BARS[level.clamp(1, 8) - 1]
            }
        })
        .collect()
}

/// A mood as a face-free word-like token: "+2", "−1", or "·" when not rated.
pub fn mood_label(mood: Option<i8>) -> String {
    match mood {
        Some(m) if m > 0 => format!("+{m}"),
        Some(m) => m.to_string(),
        None => "·".to_string(),
    }
}

/// Style for a mood: red when negative, green when positive.
pub fn mood_style(theme: &crate::tui::theme::Theme, mood: Option<i8>) -> Style {
    match mood {
        Some(m) if m < 0 => theme.alarm(),
        Some(m) if m > 0 => theme.good(),
        _ => theme.dim(),
    }
}

/// "! overdue" in the status colour, or "⚑ promise" when I owe them a late promise.
pub fn status_span(app: &App, health: &crate::domain::rules::Health) -> Span<'static> {
    match health.care() {
        crate::domain::rules::Care::PromiseOverdue => Span::styled(
            format!(
                "{} {}",
                crate::display::PROMISE_LATE_SYMBOL,
                t("home.promise_late")
            ),
            app.theme.status(Status::Overdue),
        ),
        crate::domain::rules::Care::Status(status) => Span::styled(
            format!("{} {}", status_symbol(status), status_word(status)),
            app.theme.status(status),
        ),
    }
}

/// A promise's parts: "I promised: ", its text with the due day, and whether it is past due.
fn promise_parts(row: &crate::store::PromiseRow, today: NaiveDate) -> (String, String, bool) {
    let p = &row.promise;
    let who = if p.owner == crate::domain::model::Owner::Me {
        t("promise.i_promised")
    } else {
        t("promise.they_promised")
    };
    let late = p.due.is_some_and(|d| d < today);
    let due = p
        .due
        .map(|d| format!(" ({})", crate::display::relative_day(d, today)))
        .unwrap_or_default();
    let text = format!("{}{due}", crate::text::sanitize_line(&p.text));
    (format!("{who}: "), text, late)
}

fn promise_style(app: &App, late: bool) -> Style {
    if late {
        app.theme.alarm()
    } else {
        app.theme.text()
    }
}

/// "I promised: send the offer (5 days ago)", in red once past due, cut at `max` columns.
pub fn promise_line(
    app: &App,
    row: &crate::store::PromiseRow,
    today: NaiveDate,
    indent: &str,
    max: usize,
) -> Line<'static> {
    let (who, text, late) = promise_parts(row, today);
    let head = format!("{indent}{who}");
    let text = crate::text::truncate_width(&text, max.saturating_sub(crate::text::width(&head)));
    Line::from(vec![
        Span::styled(head, app.theme.dim()),
        Span::styled(text, promise_style(app, late)),
    ])
}

/// The same promise wrapped over as many lines of `max` columns as it needs, continued under its text.
pub fn promise_wrapped(
    app: &App,
    row: &crate::store::PromiseRow,
    today: NaiveDate,
    indent: &str,
    max: usize,
) -> Vec<Line<'static>> {
    let (who, text, late) = promise_parts(row, today);
    let head = format!("{indent}{who}");
    let head_width = crate::text::width(&head);
    crate::text::wrap(&text, max.saturating_sub(head_width))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(head_width)
            };
            Line::from(vec![
                Span::styled(lead, app.theme.dim()),
                Span::styled(part, promise_style(app, late)),
            ])
        })
        .collect()
}

/// The top line: the journal's name and its counts. What needs care (overdue, due soon, my overdue
/// promises) always shows; when the line is too narrow the totals give way first, then the date.
pub fn header(app: &App, frame: &mut Frame, area: Rect) {
    let contacts = &app.home.contacts;
    let count = |status: Status| {
        contacts
            .iter()
            .filter(|c| c.health.status == status)
            .count()
    };
    let late: usize = contacts.iter().map(|c| c.overdue_promises.count).sum();
    // (text, style, when it gives way: 1 first, 2 next, 0 never)
    let mut parts: Vec<(String, Style, u8)> = vec![(" rapport ".into(), app.theme.strong(), 0)];
    if let Some(label) = &app.label {
        parts.push((format!("[{label}] "), app.theme.warn(), 0));
    }
    let totals = tr(
        "header.counts",
        &[
            ("contacts", &contacts.len()),
            ("entries", &app.home.timeline_total()),
        ],
    );
    parts.push((format!("{totals}  "), app.theme.dim(), 1));
    let overdue = tr("header.overdue", &[("n", &count(Status::Overdue))]);
    parts.push((format!("! {overdue}"), app.theme.status(Status::Overdue), 0));
    let soon = tr("header.due_soon", &[("n", &count(Status::DueSoon))]);
    parts.push((format!("  ~ {soon}"), app.theme.status(Status::DueSoon), 0));
    if late > 0 {
        let key = if late == 1 {
            "header.promises_late_one"
        } else {
            "header.promises_late"
        };
        parts.push((
            format!(
                "  {} {}",
                crate::display::PROMISE_LATE_SYMBOL,
                tr(key, &[("n", &late)])
            ),
            app.theme.status(Status::Overdue),
            0,
        ));
    }
    if app.inbox_open > 0 {
        let waiting = tr("inbox.to_confirm", &[("n", &app.inbox_open)]);
        parts.push((format!("  ✉ {waiting}"), app.theme.warn(), 0));
    }
    if let Some((text, style)) = sync_part(app) {
        parts.push((format!("  {text}"), style, 2));
    }
    parts.push((
        format!("  {}", crate::display::date(app.clock.today())),
        app.theme.dim(),
        2,
    ));
    let room = usize::from(area.width);
    let total = |parts: &[(String, Style, u8)]| {
        parts
            .iter()
            .map(|(t, _, _)| crate::text::width(t))
            .sum::<usize>()
    };
    for order in [1, 2] {
        if total(&parts) > room {
            parts.retain(|(_, _, gives_way)| *gives_way != order);
        }
    }
    // Still too wide: what waits in the inbox shrinks to its symbol and number.
    if total(&parts) > room
        && app.inbox_open > 0
        && let Some(part) = parts.iter_mut().find(|(text, _, _)| text.contains('✉'))
    {
        part.0 = format!("  ✉ {}", app.inbox_open);
    }
    let spans: Vec<Span> = parts
        .into_iter()
        .map(|(text, style, _)| Span::styled(text, style))
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The header's word on sync: when the last one ended, that one runs, or that the last one failed.
fn sync_part(app: &App) -> Option<(String, Style)> {
    use crate::tui::sync_worker::SyncState;
    let (text, style) = match &app.sync.state {
        SyncState::Off => return None,
        SyncState::Idle => (t("header.sync_never").to_string(), app.theme.dim()),
        SyncState::Running => (t("header.sync_running").to_string(), app.theme.dim()),
        SyncState::Done(at) => {
            let when = if at.date_naive() == app.clock.today() {
                at.format("%H:%M").to_string()
            } else {
                crate::display::date(at.date_naive())
            };
            (tr("header.sync_done", &[("at", &when)]), app.theme.dim())
        }
        SyncState::Failed => (
            t("header.sync_failed").to_string(),
            app.theme.status(Status::Overdue),
        ),
    };
    Some((format!("⇅ {text}"), style))
}

/// The status line: the last message, if any.
pub fn status(app: &App, frame: &mut Frame, area: Rect) {
    let Some((tone, text)) = &app.status_line() else {
        if app.screens.is_empty() && app.popup.is_none() {
            // Idle on home: when the last review was, and how many wait for the next one.
            let last = crate::display::last_review(app.home.last_review, app.clock.today());
            let mut text = format!(" {last}");
            if app.home.review_pending > 0 {
                text.push_str(&format!(
                    " · {}",
                    tr("review.pending", &[("n", &app.home.review_pending)])
                ));
            }
            frame.render_widget(Paragraph::new(Span::styled(text, app.theme.dim())), area);
        }
        return;
    };
    let style = match tone {
        Tone::Info => app.theme.good(),
        Tone::Error => app.theme.alarm(),
    };
    let prefix = if *tone == Tone::Error { "✗ " } else { "✓ " };
    // A message longer than the line grows upwards over the body, up to a few lines, so that it
    // is read whole; the next key press clears it and the body shows again.
    let mut lines = crate::text::wrap(
        &format!("{prefix}{text}"),
        usize::from(area.width).saturating_sub(2),
    );
    if lines.len() > STATUS_LINES {
        lines.truncate(STATUS_LINES);
        if let Some(last) = lines.last_mut() {
            *last = crate::text::truncate_width(
                &format!("{last} …"),
                usize::from(area.width).saturating_sub(2),
            );
        }
    }
    let height = u16::try_from(lines.len()).unwrap_or(1).max(1);
    let rect = Rect {
        y: area.y.saturating_sub(height - 1),
        height,
        ..area
    };
    frame.render_widget(ratatui::widgets::Clear, rect);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(Span::styled(format!(" {l}"), style)))
        .collect();
    frame.render_widget(Paragraph::new(lines), rect);
}

/// The most lines a status message takes from the body.
const STATUS_LINES: usize = 4;

/// The footer: key hints of the current screen, as many as fit. When they do not all fit, the less
/// important give way first (the last of the least important first); help always stays.
pub fn footer(app: &App, hints: &[(String, &'static str)], frame: &mut Frame, area: Rect) {
    let filter_hints = [
        ("Enter".to_string(), "help.filter_done"),
        ("Esc".to_string(), "help.filter_clear"),
    ];
    let hints = if app.screens.is_empty() && app.popup.is_none() && app.home.filtering {
        &filter_hints[..]
    } else {
        hints
    };
    // (key, description, rank, columns taken)
    let mut shown: Vec<(&str, &str, u8, usize)> = hints
        .iter()
        .map(|(key, help)| {
            let text = t(help);
            let columns = crate::text::width(key) + crate::text::width(text) + 3;
            (
                key.as_str(),
                text,
                crate::tui::keymap::footer_rank(help),
                columns,
            )
        })
        .collect();
    let room = usize::from(area.width).saturating_sub(1);
    while shown.iter().map(|h| h.3).sum::<usize>() > room {
        let least = shown.iter().map(|h| h.2).max().unwrap_or(0);
        match shown.iter().rposition(|h| h.2 == least && least > 0) {
            Some(i) => {
                shown.remove(i);
            }
            None => break,
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for (key, help, _, _) in shown {
        spans.push(Span::styled(key.to_string(), app.theme.key()));
        spans.push(Span::styled(format!(" {help}  "), app.theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A yes/no question in a box over everything.
pub fn confirm(app: &App, confirm: &Confirm, frame: &mut Frame, area: Rect) {
    let question = confirm.question.as_str();
    let widest = question.lines().map(crate::text::width).max().unwrap_or(0);
    let width = u16::try_from(widest + 6)
        .unwrap_or(u16::MAX)
        .clamp(30, area.width.saturating_sub(4).max(30));
    let mut answers = vec![("y", t("help.yes"))];
    if confirm.on_alternative.is_some() {
        answers.push(("k", t("help.keep_promises")));
    }
    answers.push(("n", t("help.no")));
    let mut spans = Vec::new();
    for (key, what) in answers {
        spans.push(Span::styled(key, app.theme.key()));
        spans.push(Span::raw(format!(" {what}   ")));
    }
    // A question may show what it will do on lines of its own before it asks (a merge).
    let mut text: Vec<Line> = question
        .lines()
        .map(|line| Line::from(Span::styled(line.to_string(), app.theme.strong())))
        .collect();
    text.push(Line::from(spans));
    let paragraph = Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true });
    // As high as the wrapped question and its answers need.
    let lines = u16::try_from(paragraph.line_count(width.saturating_sub(2))).unwrap_or(3);
    let rect = centered(frame, area, width, lines + 2);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(true))
        .title(t("confirm.title"));
    frame.render_widget(paragraph.block(block), rect);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_to_the_largest_value() {
        assert_eq!(sparkline(&[0, 1, 2, 4, 8]), "·▁▂▄█");
        assert_eq!(sparkline(&[0, 0]), "··");
        assert_eq!(sparkline(&[3, 3]), "██");
    }

    #[test]
    fn day_headings_read_naturally() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(day_heading(today, today), "Today · 2026-11-27");
        assert_eq!(
            day_heading(today.pred_opt().unwrap(), today),
            "Yesterday · 2026-11-26"
        );
        assert_eq!(
            day_heading(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), today),
            "Monday · 2026-11-23"
        );
        assert_eq!(
            day_heading(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), today),
            "Monday · 2026-11-02"
        );
    }
}
