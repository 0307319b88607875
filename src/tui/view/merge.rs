//! The merge picker: what is typed, and the contacts that match it, the chosen one marked.

use super::form::{candidate_label, form_box, text_line};
use crate::i18n::{t, tr};
use crate::tui::app::App;
use crate::tui::merge_picker::{MergePicker, SHOWN};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the merge picker over the contact page.
pub fn picker(app: &App, picker: &MergePicker, frame: &mut Frame, area: Rect) {
    let rows = u16::try_from(SHOWN).unwrap_or(6);
    let title = tr("merge.pick", &[("name", &candidate_label(&picker.keep))]);
    let inner = form_box(app, frame, area, (72, rows + 3), &title);
    let width = usize::from(inner.width);
    let (line, col) = text_line(app, t("home.filter"), &picker.input, true, None, "", width);
    let mut lines = vec![line];
    if picker.matches.is_empty() {
        lines.push(Line::from(Span::styled(
            t("merge.no_match"),
            app.theme.dim(),
        )));
    }
    for (i, index) in picker.matches.iter().enumerate() {
        let label = crate::text::truncate_width(
            &candidate_label(&picker.candidates[*index]),
            width.saturating_sub(2),
        );
        let style = if i == picker.selected {
            app.theme.selected(true)
        } else {
            app.theme.text()
        };
        lines.push(Line::from(Span::styled(format!("  {label}"), style)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(col) = col {
        frame.set_cursor_position(Position {
            x: inner.x + col,
            y: inner.y,
        });
    }
}
