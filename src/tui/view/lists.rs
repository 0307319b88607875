//! The promises list and the search screen.

use super::widgets::mood_label;
use crate::display::relative_day;
use crate::domain::model::Owner;
use crate::i18n::{t, tr};
use crate::search_query::Query;
use crate::snippet::snippet;
use crate::store::{MATCH_END, MATCH_START};
use crate::text::{Align, column_width, fit, sanitize_line, truncate_width, width};
use crate::tui::app::{App, PromisesView, SearchView};
use crate::tui::screen::search::SearchItem;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// When a promise is due, in words.
fn due_word(due: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> String {
    due.map_or_else(
        || t("promises.no_due").to_string(),
        |d| relative_day(d, today),
    )
}

/// The widths of the due and who columns: their longest text in this language, by display width.
fn promise_columns(view: &PromisesView, today: chrono::NaiveDate) -> (usize, usize) {
    let due = view
        .rows
        .iter()
        .map(|r| width(&due_word(r.promise.due, today)))
        .max()
        .unwrap_or(0)
        .max(12);
    let who = column_width([t("promise.i_promised"), t("promise.they_promised")]) + 1;
    (due, who)
}

/// Draws the open promises, overdue first.
pub fn promises(app: &App, view: &PromisesView, frame: &mut Frame, area: Rect) {
    let today = app.clock.today();
    let overdue = view
        .rows
        .iter()
        .filter(|r| r.promise.due.is_some_and(|d| d < today))
        .count();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(
            " {} ",
            tr(
                "promises.title",
                &[("n", &view.rows.len()), ("overdue", &overdue)]
            )
        ))
        .border_style(app.theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let (due_width, who_width) = promise_columns(view, today);
    let mut lines = Vec::new();
    for (index, row) in view
        .rows
        .iter()
        .enumerate()
        .skip(view.list.offset)
        .take(usize::from(inner.height))
    {
        let p = &row.promise;
        let selected = index == view.list.cursor;
        let late = p.due.is_some_and(|d| d < today);
        let (symbol, style) = if late {
            ("!", app.theme.alarm())
        } else {
            ("○", app.theme.warn())
        };
        let who = if p.owner == Owner::Me {
            t("promise.i_promised")
        } else {
            t("promise.they_promised")
        };
        let head = format!(
            "{symbol} {} {} {} ",
            fit(&due_word(p.due, today), due_width, Align::Left),
            fit(who, who_width, Align::Left),
            fit(&sanitize_line(&row.contact_name), 20, Align::Left)
        );
        let text = truncate_width(&sanitize_line(&p.text), w.saturating_sub(width(&head)));
        let base = if selected {
            app.theme.selected(true)
        } else {
            Style::new()
        };
        let fill = " ".repeat(w.saturating_sub(width(&head) + width(&text)));
        lines.push(Line::from(vec![
            Span::styled(head, if selected { base } else { style }),
            Span::styled(format!("{text}{fill}"), base),
        ]));
    }
    if view.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            t("promises.none"),
            app.theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The results part of the search screen.
pub fn search_results_area(body: Rect) -> Rect {
    let [_, results] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(body);
    Rect {
        height: results.height.saturating_sub(2),
        ..results
    }
}

/// Turns a snippet with match markers into spans, matches highlighted.
fn snippet_spans(app: &App, snippet: &str, max: usize) -> Vec<Span<'static>> {
    let clean = sanitize_line(snippet);
    let mut spans = Vec::new();
    let mut used = 0;
    let mut matched = false;
    for part in clean.split_inclusive([MATCH_START, MATCH_END]) {
        let (text, marker) = match part.chars().last() {
            Some(c) if c == MATCH_START || c == MATCH_END => {
                (&part[..part.len() - c.len_utf8()], Some(c))
            }
            _ => (part, None),
        };
        let room = max.saturating_sub(used);
        if room == 0 {
            break;
        }
        let shown = truncate_width(text, room);
        used += width(&shown);
        spans.push(Span::styled(
            shown,
            if matched {
                app.theme.matched()
            } else {
                app.theme.text()
            },
        ));
        match marker {
            Some(MATCH_START) => matched = true,
            Some(_) => matched = false,
            None => {}
        }
    }
    spans
}

/// The two lines of one search result: a head (group, who, when) and the matched text.
fn search_item(
    app: &App,
    view: &SearchView,
    item: SearchItem,
    terms: &[String],
) -> (String, String) {
    let r = &view.results;
    let today = app.clock.today();
    match item {
        SearchItem::Contact(i) => {
            let c = &r.contacts[i];
            let at: Vec<String> = [c.role.as_deref(), c.company.as_deref()]
                .into_iter()
                .flatten()
                .map(sanitize_line)
                .collect();
            let mut head = format!("{}  {}", t("search.contact"), sanitize_line(&c.name));
            if !at.is_empty() {
                head.push_str(&format!(" · {}", at.join(", ")));
            }
            (head, c.snippet.clone())
        }
        SearchItem::Promise(i) => {
            let p = &r.promises[i];
            let key = format!("promise.{}", p.promise.status.as_str());
            let status = t(&key);
            let head = format!(
                "{}  {} · {status} · {}",
                t("search.promise"),
                sanitize_line(&p.contact_name),
                due_word(p.promise.due, today)
            );
            let text =
                snippet(&p.promise.text, terms, 14).unwrap_or_else(|| p.promise.text.clone());
            (head, text)
        }
        SearchItem::Entry(i) => {
            let hit = &r.entries[i];
            let e = &hit.row.entry;
            let names = crate::display::contact_names(&hit.row);
            let title = e.title.as_deref().map(sanitize_line).unwrap_or_default();
            let head = format!(
                "{} ({}) {} {} {names}  {title}",
                crate::display::date(e.occurred_at.date_naive()),
                relative_day(e.occurred_at.date_naive(), today),
                crate::display::kind_short(e.kind),
                mood_label(e.mood)
            );
            (head, hit.snippet.clone())
        }
    }
}

/// Draws the search screen: the query, then two lines per result, contacts first, then promises,
/// then entries.
pub fn search(app: &App, view: &SearchView, frame: &mut Frame, area: Rect) {
    let [query_area, results_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    let query_block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t("search.title")))
        .border_style(app.theme.border(!view.in_results));
    let inner = query_block.inner(query_area);
    frame.render_widget(query_block, query_area);
    let (shown, cursor) = view.input.view(usize::from(inner.width.saturating_sub(1)));
    frame.render_widget(Paragraph::new(shown), inner);
    if !view.in_results {
        frame.set_cursor_position((inner.x + u16::try_from(cursor).unwrap_or(0), inner.y));
    }
    let title = if view.input.is_blank() {
        t("search.hint").to_string()
    } else if view.rank {
        tr("search.results_ranked", &[("n", &view.len())])
    } else {
        tr("search.results", &[("n", &view.len())])
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(app.theme.border(view.in_results));
    let inner = block.inner(results_area);
    frame.render_widget(block, results_area);
    let w = usize::from(inner.width);
    let terms = Query::parse(view.input.value()).highlight_terms();
    let mut lines = Vec::new();
    for (index, item) in view
        .items()
        .into_iter()
        .enumerate()
        .skip(view.list.offset)
        .take(usize::from(inner.height / 2))
    {
        let selected = index == view.list.cursor && view.in_results;
        let (head, text) = search_item(app, view, item, &terms);
        let head = truncate_width(&head, w);
        let fill = " ".repeat(w.saturating_sub(width(&head)));
        let style = if selected {
            app.theme.selected(true)
        } else {
            app.theme.strong()
        };
        lines.push(Line::from(Span::styled(format!("{head}{fill}"), style)));
        let mut spans = vec![Span::raw("  ")];
        spans.extend(snippet_spans(app, &text, w.saturating_sub(2)));
        lines.push(Line::from(spans));
    }
    if view.is_empty() && !view.input.is_blank() {
        lines.push(Line::from(Span::styled(
            tr(
                "search.nothing",
                &[("query", &sanitize_line(view.input.value()))],
            ),
            app.theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
