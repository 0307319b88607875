//! The help screen, generated from the keymap table, grouped by screen.

use crate::i18n::t;
use crate::text::{Align, fit, width};
use crate::tui::app::App;
use crate::tui::keymap::{KEYMAP, Scope};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The help text as lines: one heading per scope, one line per binding.
pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for scope in Scope::ALL {
        let bindings: Vec<_> = KEYMAP.iter().filter(|b| b.scope == *scope).collect();
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::from(Span::styled(
            t(scope.title_key()).to_string(),
            theme.strong(),
        )));
        for b in bindings {
            let keys = b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" / ");
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {}", fit(&keys, (width(&keys) + 1).max(18), Align::Left)),
                    theme.key(),
                ),
                Span::raw(t(b.help).to_string()),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(t("help.form_fields"), theme.dim())));
    lines
}

/// Draws the help screen.
pub fn render(app: &App, scroll: u16, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t("help.title")))
        .border_style(app.theme.border(true));
    frame.render_widget(
        Paragraph::new(lines(&app.theme))
            .block(block)
            .scroll((scroll, 0)),
        area,
    );
}
