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

/// "! overdue" in the status colour.
pub fn status_span(app: &App, status: Status) -> Span<'static> {
    Span::styled(
        format!("{} {}", status_symbol(status), status_word(status)),
        app.theme.status(status),
    )
}

/// "I promised: send the offer (5 days ago)", in red once past due, cut at `max` columns.
pub fn promise_line(
    app: &App,
    row: &crate::store::PromiseRow,
    today: NaiveDate,
    indent: &str,
    max: usize,
) -> Line<'static> {
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
    let head = format!("{indent}{who}: ");
    let text = crate::text::truncate_width(
        &format!("{}{due}", crate::text::sanitize_line(&p.text)),
        max.saturating_sub(crate::text::width(&head)),
    );
    Line::from(vec![
        Span::styled(head, app.theme.dim()),
        Span::styled(
            text,
            if late {
                app.theme.alarm()
            } else {
                app.theme.text()
            },
        ),
    ])
}

/// The top line: the journal's name and its counts.
pub fn header(app: &App, frame: &mut Frame, area: Rect) {
    let overdue = app
        .home
        .contacts
        .iter()
        .filter(|c| c.health.status == Status::Overdue)
        .count();
    let soon = app
        .home
        .contacts
        .iter()
        .filter(|c| c.health.status == Status::DueSoon)
        .count();
    let mut spans = vec![Span::styled(" rapport ", app.theme.strong())];
    if let Some(label) = &app.label {
        spans.push(Span::styled(format!("[{label}] "), app.theme.warn()));
    }
    spans.push(Span::styled(
        tr(
            "header.counts",
            &[
                ("contacts", &app.home.contacts.len()),
                ("entries", &app.home.timeline_total()),
            ],
        ),
        app.theme.dim(),
    ));
    spans.push(Span::raw("  "));
    spans.push(Span::styled(
        format!("! {}", tr("header.overdue", &[("n", &overdue)])),
        app.theme.status(Status::Overdue),
    ));
    spans.push(Span::raw("  "));
    spans.push(Span::styled(
        format!("~ {}", tr("header.due_soon", &[("n", &soon)])),
        app.theme.status(Status::DueSoon),
    ));
    spans.push(Span::styled(
        format!("  {}", crate::display::date(app.clock.today())),
        app.theme.dim(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status line: the last message, if any.
pub fn status(app: &App, frame: &mut Frame, area: Rect) {
    let Some((tone, text)) = &app.status else {
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
    frame.render_widget(
        Paragraph::new(Span::styled(format!(" {prefix}{text}"), style)),
        area,
    );
}

/// The footer: key hints of the current screen, as many as fit.
pub fn footer(app: &App, hints: &[(String, &'static str)], frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1usize;
    let hints: Vec<(String, String)> =
        if app.screens.is_empty() && app.popup.is_none() && app.home.filtering {
            vec![
                ("Enter".into(), t("help.filter_done").into()),
                ("Esc".into(), t("help.filter_clear").into()),
            ]
        } else {
            hints
                .iter()
                .map(|(k, h)| (k.clone(), t(h).to_string()))
                .collect()
        };
    for (key, help) in hints {
        let width = crate::text::width(&key) + crate::text::width(&help) + 3;
        if used + width > usize::from(area.width) {
            break;
        }
        used += width;
        spans.push(Span::styled(key, app.theme.key()));
        spans.push(Span::styled(format!(" {help}  "), app.theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A yes/no question in a box over everything.
pub fn confirm(app: &App, confirm: &Confirm, frame: &mut Frame, area: Rect) {
    let question = confirm.question.as_str();
    let width = u16::try_from(crate::text::width(question) + 6)
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
    let text = vec![
        Line::from(Span::styled(question.to_string(), app.theme.strong())),
        Line::from(spans),
    ];
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
