//! The weekly review: one card per flagged contact with the reasons in words, the last entries, open
//! promises, pillar scores and talking points; a summary when done.

use super::widgets::{mood_label, promise_line, status_span};
use crate::i18n::{t, tr};
use crate::text::{Align, fit, sanitize_line, truncate_width, width};
use crate::tui::app::{App, ReviewCard, ReviewState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Interests, then the titles of recent entries: what to talk about next time.
pub fn talking_points(card: &ReviewCard) -> (Vec<String>, Vec<String>) {
    let interests = card
        .health
        .contact
        .tags
        .iter()
        .map(|t| sanitize_line(t))
        .collect();
    let mut topics: Vec<String> = Vec::new();
    for row in &card.recent {
        if let Some(title) = row.entry.title.as_deref().filter(|t| !t.trim().is_empty()) {
            let title = sanitize_line(title);
            if !topics.contains(&title) {
                topics.push(title);
            }
        }
    }
    (interests, topics)
}

/// Draws the review.
pub fn render(app: &App, review: &ReviewState, frame: &mut Frame, area: Rect) {
    let progress = if review.finished() {
        String::new()
    } else {
        format!(
            " · {}",
            tr(
                "review.progress",
                &[("n", &(review.index + 1)), ("total", &review.queue.len())]
            )
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" {}{progress} ", t("review.title")),
            app.theme.strong(),
        ))
        .border_style(app.theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(card) = &review.card else {
        let summary = if review.queue.is_empty() {
            t("review.none").to_string()
        } else {
            review.summary()
        };
        let lines = vec![
            Line::raw(""),
            Line::from(Span::styled(summary, app.theme.good())),
            Line::raw(""),
            Line::from(Span::styled(t("review.done_hint"), app.theme.dim())),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        return;
    };
    let today = app.clock.today();
    let c = &card.health.contact;
    let dim = app.theme.dim();
    let mut head = vec![
        status_span(app, card.health.health.status),
        Span::raw("  "),
        Span::styled(sanitize_line(&c.name), app.theme.strong()),
    ];
    for part in [
        c.company.as_deref(),
        c.role.as_deref(),
        c.salutation.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        if !part.is_empty() {
            head.push(Span::styled(format!(" · {}", sanitize_line(part)), dim));
        }
    }
    let mut top = vec![
        Line::from(head),
        Line::raw(""),
        Line::from(Span::styled(t("review.why"), app.theme.strong())),
    ];
    for reason in &card.reasons {
        top.push(Line::from(vec![
            Span::styled("  • ", app.theme.warn()),
            Span::raw(reason.clone()),
        ]));
    }
    let (interests, topics) = talking_points(card);
    let mut points = vec![Span::styled(
        format!("{}: ", t("review.talking_points")),
        app.theme.strong(),
    )];
    if !interests.is_empty() {
        points.push(Span::styled(format!("{} ", t("review.interests")), dim));
        points.push(Span::raw(interests.join(", ")));
    }
    if !topics.is_empty() {
        points.push(Span::styled(
            format!("  {} ", t("review.recent_topics")),
            dim,
        ));
        points.push(Span::raw(topics.join(", ")));
    }
    top.push(Line::raw(""));
    top.push(Line::from(points));
    let top_height = u16::try_from(top.len())
        .unwrap_or(8)
        .min(inner.height / 2 + 2);
    let [top_area, rest] =
        Layout::vertical([Constraint::Length(top_height), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(top).wrap(Wrap { trim: false }), top_area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(rest);

    let w = usize::from(left.width);
    let mut lines = vec![
        Line::raw(""),
        Line::from(Span::styled(t("review.last_entries"), app.theme.strong())),
    ];
    if card.recent.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  {}", t("review.no_entries")),
            dim,
        )));
    }
    for row in &card.recent {
        let e = &row.entry;
        let title = e
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(sanitize_line)
            .unwrap_or_else(|| sanitize_line(e.body.lines().next().unwrap_or_default()));
        let head = format!(
            "  {} {} {} ",
            crate::display::date(e.occurred_at.date_naive()),
            fit(crate::display::kind_short(e.kind), 7, Align::Left),
            fit(&mood_label(e.mood), 2, Align::Right)
        );
        let title = truncate_width(&title, w.saturating_sub(width(&head)));
        lines.push(Line::from(vec![Span::styled(head, dim), Span::raw(title)]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        t("review.open_promises"),
        app.theme.strong(),
    )));
    if card.promises.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  {}", t("contact.no_open_promises")),
            dim,
        )));
    }
    for p in &card.promises {
        lines.push(promise_line(app, p, today, "  ", w));
    }
    frame.render_widget(Paragraph::new(lines), left);

    let name_width = crate::display::pillar_name_width() + 2;
    let mut right_lines = vec![
        Line::raw(""),
        Line::from(Span::styled(t("review.pillars"), app.theme.strong())),
    ];
    for (key, score) in [
        ("pillar.trust", &card.scores.trust),
        ("pillar.sympathy", &card.scores.sympathy),
        ("pillar.competence", &card.scores.competence),
        ("pillar.longterm", &card.scores.longterm),
    ] {
        let value = score
            .score
            .map_or_else(|| "–".to_string(), |s| s.to_string());
        right_lines.push(Line::from(vec![
            Span::styled(format!("  {}", fit(t(key), name_width, Align::Left)), dim),
            Span::raw(format!("{value:>3}")),
        ]));
    }
    frame.render_widget(Paragraph::new(right_lines), right);
}
