//! One entry, whole: when, kind, who, mood, initiative, signals, title, body, promises.

use super::widgets::{mood_label, mood_style};
use crate::display::relative_day;
use crate::domain::model::Owner;
use crate::i18n::t;
use crate::text::{Align, fit, sanitize_block, sanitize_line};
use crate::tui::app::{App, EntryView};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Draws the entry.
pub fn render(app: &App, view: &EntryView, frame: &mut Frame, area: Rect) {
    let e = &view.row.entry;
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} #{} ", t("entry.title"), e.id))
        .border_style(app.theme.border(true));
    frame.render_widget(
        paragraph(&app.theme, view, app.clock.today())
            .block(block)
            .scroll((view.scroll.offset, 0)),
        area,
    );
}

/// The entry's text, wrapped to the width it is drawn in.
pub fn paragraph(theme: &Theme, view: &EntryView, today: chrono::NaiveDate) -> Paragraph<'static> {
    Paragraph::new(lines(theme, view, today)).wrap(Wrap { trim: false })
}

/// The whole entry: its facts, its promises, a blank line, then its title and body.
fn lines(theme: &Theme, view: &EntryView, today: chrono::NaiveDate) -> Vec<Line<'static>> {
    let e = &view.row.entry;
    let mut lines = fact_lines(theme, view, today);
    lines.extend(view.promises.iter().map(|p| promise_line(theme, p, today)));
    lines.push(Line::raw(""));
    if let Some(title) = e.title.as_deref().filter(|t| !t.is_empty()) {
        lines.push(Line::from(Span::styled(
            sanitize_line(title),
            theme.strong(),
        )));
    }
    for line in sanitize_block(&e.body).lines() {
        lines.push(Line::raw(line.to_string()));
    }
    lines
}

/// When and what, with whom, mood and initiative, and the signals given (when any).
fn fact_lines(theme: &Theme, view: &EntryView, today: chrono::NaiveDate) -> Vec<Line<'static>> {
    let e = &view.row.entry;
    let dim = theme.dim();
    let names = crate::display::contact_names(&view.row);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{}  ", crate::display::date_time(&e.occurred_at)),
                theme.strong(),
            ),
            Span::styled(
                format!("({})  ", relative_day(e.occurred_at.date_naive(), today)),
                dim,
            ),
            Span::raw(crate::display::kind_word(e.kind).to_string()),
        ]),
        Line::from(vec![
            Span::styled(fit(t("entry.with"), 11, Align::Left), dim),
            Span::styled(names, theme.strong()),
        ]),
    ];
    let mut facts = vec![
        Span::styled(fit(t("entry.mood"), 11, Align::Left), dim),
        Span::styled(mood_label(e.mood), mood_style(theme, e.mood)),
    ];
    if let Some(i) = e.initiative {
        facts.push(Span::styled(format!("   {} ", t("entry.initiative")), dim));
        facts.push(Span::raw(crate::display::initiative_word(i).to_string()));
    }
    lines.push(Line::from(facts));
    let signals: Vec<String> = [
        ("pillar.trust", e.signals.trust),
        ("pillar.sympathy", e.signals.sympathy),
        ("pillar.competence", e.signals.competence),
        ("pillar.longterm", e.signals.longterm),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{} {}", t(k), mood_label(Some(v)))))
    .collect();
    if !signals.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(fit(t("entry.signals"), 11, Align::Left), dim),
            Span::raw(signals.join(" · ")),
        ]));
    }
    lines
}

/// "I promised: send the offer [open] · due in 3 days".
fn promise_line(
    theme: &Theme,
    p: &crate::store::PromiseRow,
    today: chrono::NaiveDate,
) -> Line<'static> {
    let who = if p.promise.owner == Owner::Me {
        t("promise.i_promised")
    } else {
        t("promise.they_promised")
    };
    let due = p
        .promise
        .due
        .map(|d| format!(" · {} {}", t("promise.due"), relative_day(d, today)))
        .unwrap_or_default();
    Line::from(vec![
        Span::styled(fit(&format!("{who}:"), 14, Align::Left), theme.dim()),
        Span::raw(format!(
            "{} [{}]{due}",
            sanitize_line(&p.promise.text),
            p.promise.status.as_str()
        )),
    ])
}
