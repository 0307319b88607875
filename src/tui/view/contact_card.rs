//! The contact page's lower pane with the details of their address card: a heading column, the
//! values beside it, scrolled with the movement keys; lines too long for the pane end in "…".

use crate::card_details::CardDetails;
use crate::i18n::t;
use crate::text::{Align, column_width, fit, sanitize_line, truncate_width};
use crate::tui::app::{App, ContactPage};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Draws the card's details in `area`, from the page's scroll offset on.
pub fn render(app: &App, page: &ContactPage, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t("card.title")))
        .border_style(app.theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = card_lines(app, &page.card, usize::from(inner.width));
    let first = usize::from(page.card_scroll.offset).min(lines.len());
    frame.render_widget(Paragraph::new(lines[first..].to_vec()), inner);
}

/// One line per row: the heading dimmed in a column as wide as the widest (at most half the pane),
/// the value cut to what is left; the closing notes dimmed, across the pane.
fn card_lines(app: &App, card: &CardDetails, width: usize) -> Vec<Line<'static>> {
    let rows = card.rows();
    let headings: Vec<String> = rows.iter().map(|r| sanitize_line(&r.heading)).collect();
    let column = (column_width(headings.iter().map(String::as_str)) + 2).min(width / 2);
    let value_width = width.saturating_sub(column);
    rows.iter()
        .zip(headings)
        .map(|(row, heading)| {
            let value = sanitize_line(&row.value);
            // A note is about the card as a whole: across the pane, not in the value column.
            if row.note {
                return Line::from(Span::styled(
                    fit(&value, width, Align::Left),
                    app.theme.dim(),
                ));
            }
            Line::from(vec![
                // One column is always left between a cut heading and its value.
                Span::styled(
                    fit(
                        &truncate_width(&heading, column.saturating_sub(1)),
                        column,
                        Align::Left,
                    ),
                    app.theme.dim(),
                ),
                Span::raw(fit(&value, value_width, Align::Left)),
            ])
        })
        .collect()
}
