//! The weekly review: one card per flagged contact with the reasons in words, the last entries, open
//! promises, pillar scores and talking points; a summary when done.

use super::widgets::{mood_label, promise_wrapped, status_span};
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
    let w = usize::from(inner.width);
    let mut top = card_top(app, card, w);
    // On a short screen the blank lines give way first, then the last lines of the top.
    let limit = usize::from(inner.height / 2 + 2);
    if top.len() > limit {
        top.retain(|l| l.width() > 0);
    }
    let top_height = u16::try_from(top.len().min(limit)).unwrap_or(8);
    let [top_area, rest] =
        Layout::vertical([Constraint::Length(top_height), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(top), top_area);
    // Entries beside the pillars; the open promises below them, over the card's whole width.
    let upper_height = u16::try_from(card.recent.len().max(1) + 2)
        .unwrap_or(5)
        .max(6);
    let [upper, lower] =
        Layout::vertical([Constraint::Length(upper_height), Constraint::Fill(1)]).areas(rest);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(upper);
    frame.render_widget(
        Paragraph::new(entry_lines(app, card, usize::from(left.width))),
        left,
    );
    frame.render_widget(Paragraph::new(pillar_lines(app, card)), right);
    frame.render_widget(Paragraph::new(promise_lines(app, card, w)), lower);
}

/// The head of a card: status and who, why now (wrapped), and the talking points.
fn card_top(app: &App, card: &ReviewCard, w: usize) -> Vec<Line<'static>> {
    let c = &card.health.contact;
    let dim = app.theme.dim();
    let status = status_span(app, &card.health.health);
    let name = sanitize_line(&c.name);
    let details: Vec<String> = [
        c.company.as_deref(),
        c.role.as_deref(),
        c.salutation.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|p| !p.is_empty())
    .map(|p| format!(" · {}", sanitize_line(p)))
    .collect();
    let room = w.saturating_sub(status.width() + 2 + width(&name));
    let head = vec![
        status,
        Span::raw("  "),
        Span::styled(name, app.theme.strong()),
        Span::styled(truncate_width(&details.concat(), room), dim),
    ];
    let mut top = vec![
        Line::from(head),
        Line::raw(""),
        Line::from(Span::styled(t("review.why"), app.theme.strong())),
    ];
    for reason in &card.reasons {
        for (i, part) in crate::text::wrap(reason, w.saturating_sub(4))
            .into_iter()
            .enumerate()
        {
            let bullet = if i == 0 { "  • " } else { "    " };
            top.push(Line::from(vec![
                Span::styled(bullet, app.theme.warn()),
                Span::raw(part),
            ]));
        }
    }
    top.push(Line::raw(""));
    top.extend(talking_point_lines(app, card, w));
    top
}

/// "Talking points: interests …  recent topics …" on one line when it fits, else on two; each list
/// shows whole items and counts the rest.
fn talking_point_lines(app: &App, card: &ReviewCard, w: usize) -> Vec<Line<'static>> {
    let dim = app.theme.dim();
    let (interests, topics) = talking_points(card);
    let lead = format!("{}: ", t("review.talking_points"));
    let mut parts: Vec<(String, Vec<String>)> = Vec::new();
    if !interests.is_empty() {
        parts.push((format!("{} ", t("review.interests")), interests));
    }
    if !topics.is_empty() {
        parts.push((format!("{} ", t("review.recent_topics")), topics));
    }
    let whole: usize = parts
        .iter()
        .map(|(label, items)| 2 + width(label) + width(&items.join(", ")))
        .sum();
    let one_line = width(&lead) + whole <= w;
    let mut lines: Vec<Vec<Span<'static>>> =
        vec![vec![Span::styled(lead.clone(), app.theme.strong())]];
    for (i, (label, items)) in parts.into_iter().enumerate() {
        if i > 0 && !one_line {
            lines.push(vec![Span::raw(" ".repeat(width(&lead)))]);
        }
        if let Some(spans) = lines.last_mut() {
            let used: usize = spans.iter().map(Span::width).sum();
            let gap = if i > 0 && one_line { "  " } else { "" };
            let room = w.saturating_sub(used + width(gap) + width(&label));
            spans.push(Span::styled(format!("{gap}{label}"), dim));
            spans.push(Span::raw(crate::text::join_whole(&items, ", ", room)));
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// The last entries, one line each, cut at `w`.
fn entry_lines(app: &App, card: &ReviewCard, w: usize) -> Vec<Line<'static>> {
    let dim = app.theme.dim();
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
    lines
}

/// The four pillar scores.
fn pillar_lines(app: &App, card: &ReviewCard) -> Vec<Line<'static>> {
    let name_width = crate::display::pillar_name_width() + 2;
    let mut lines = vec![
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
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}", fit(t(key), name_width, Align::Left)),
                app.theme.dim(),
            ),
            Span::raw(format!("{value:>3}")),
        ]));
    }
    lines
}

/// The open promises both ways, each wrapped over the card's whole width.
fn promise_lines(app: &App, card: &ReviewCard, w: usize) -> Vec<Line<'static>> {
    let today = app.clock.today();
    let mut heading = vec![Span::styled(t("review.open_promises"), app.theme.strong())];
    // My most overdue promise can be dealt with right here; say how.
    if card.overdue_promise(today).is_some() {
        heading.push(Span::styled(
            format!("  {}", t("review.overdue_keys")),
            app.theme.dim(),
        ));
    }
    let mut lines = vec![Line::from(heading)];
    if card.promises.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  {}", t("contact.no_open_promises")),
            app.theme.dim(),
        )));
    }
    for p in &card.promises {
        lines.extend(promise_wrapped(app, p, today, "  ", w));
    }
    lines
}
