//! The portfolio overview: contacts by tier and status, promises kept on time this quarter.

use crate::display::{status_symbol, status_word};
use crate::domain::pillars::PromiseRecord;
use crate::domain::rules::Status;
use crate::i18n::{t, tr};
use crate::insight::Overview;
use crate::text::{Align, fit};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

fn share(record: &PromiseRecord) -> String {
    let total = record.on_time + record.late + record.broken + record.overdue;
    if total == 0 {
        return t("overview.no_promises").to_string();
    }
    tr(
        "overview.promises",
        &[
            ("on_time", &record.on_time),
            ("total", &total),
            ("pct", &(record.on_time * 100 / total)),
            ("late", &record.late),
            ("broken", &record.broken),
            ("overdue", &record.overdue),
        ],
    )
}

/// The status columns, most urgent first, in the order of the tier counts.
const STATUSES: [Status; 5] = [
    Status::Overdue,
    Status::DueSoon,
    Status::Snoozed,
    Status::Ok,
    Status::Ambient,
];

/// Draws the overview.
pub fn render(app: &App, overview: &Overview, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t("overview.title")))
        .border_style(app.theme.border(true));
    let mut lines = contact_lines(app, overview);
    lines.extend(promise_lines(app, overview));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The table of contacts: a row per tier, a column per status, totals at the right and below.
fn contact_lines(app: &App, overview: &Overview) -> Vec<Line<'static>> {
    // Columns as wide as the longest status word needs ("~ bald fällig").
    let width = STATUSES
        .iter()
        .map(|s| crate::text::width(status_word(*s)) + 4)
        .max()
        .unwrap_or(12);
    let mut lines = vec![
        Line::raw(""),
        Line::from(Span::styled(t("overview.contacts"), app.theme.strong())),
        header_line(app, width),
    ];
    let mut totals = [0usize; 5];
    for (tier, counts) in &overview.by_tier {
        let label = tier.map_or_else(|| t("overview.no_tier").to_string(), |t| t.to_string());
        let mut spans = vec![Span::raw(fit(&label, 11, Align::Left))];
        for (i, n) in counts.iter().enumerate() {
            totals[i] += n;
            spans.push(Span::styled(
                format!("{n:>width$}"),
                if *n == 0 {
                    app.theme.dim()
                } else {
                    app.theme.text()
                },
            ));
        }
        spans.push(Span::raw(format!("{:>8}", counts.iter().sum::<usize>())));
        lines.push(Line::from(spans));
    }
    let mut spans = vec![Span::styled(
        fit(t("overview.total"), 11, Align::Left),
        app.theme.strong(),
    )];
    for n in totals {
        spans.push(Span::styled(format!("{n:>width$}"), app.theme.strong()));
    }
    spans.push(Span::styled(
        format!("{:>8}", totals.iter().sum::<usize>()),
        app.theme.strong(),
    ));
    lines.push(Line::from(spans));
    lines
}

/// The table's head: "Tier", a status per column of `width`, "Total".
fn header_line(app: &App, width: usize) -> Line<'static> {
    let mut spans = vec![Span::styled(
        fit(t("overview.tier"), 11, Align::Left),
        app.theme.strong(),
    )];
    for status in STATUSES {
        spans.push(Span::styled(
            fit(
                &format!("{} {}", status_symbol(status), status_word(status)),
                width,
                Align::Right,
            ),
            app.theme.status(status),
        ));
    }
    spans.push(Span::styled(
        fit(t("overview.total"), 8, Align::Right),
        app.theme.strong(),
    ));
    Line::from(spans)
}

/// This quarter's promises: how many of mine and of theirs were kept on time.
fn promise_lines(app: &App, overview: &Overview) -> Vec<Line<'static>> {
    let since = crate::display::date(overview.quarter_start);
    let mut lines = vec![
        Line::raw(""),
        Line::from(Span::styled(
            tr("overview.quarter", &[("since", &since)]),
            app.theme.strong(),
        )),
    ];
    for (key, record) in [
        ("promise.i_promised", &overview.mine),
        ("promise.they_promised", &overview.theirs),
    ] {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}", fit(t(key), 14, Align::Left)),
                app.theme.dim(),
            ),
            Span::raw(share(record)),
        ]));
    }
    lines
}
