//! The Inbox screen: proposed touches grouped by contact, each with its day, kind, who wrote first
//! and its subject; then the new people, each with their address and in how many threads.

use crate::display::{date, kind_word};
use crate::domain::model::Initiative;
use crate::i18n::{t, tr};
use crate::store::{PersonRow, ProposalRow};
use crate::text::{Align, fit, sanitize_line, truncate_width, width};
use crate::tui::app::App;
use crate::tui::screen::inbox::InboxView;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// From this inner width on, every column is shown.
const WIDE: usize = 80;

/// Draws the Inbox.
pub fn inbox(app: &App, view: &InboxView, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(
            " {} ",
            tr(
                "inbox.title",
                &[("n", &(view.rows.len() + view.people.len()))]
            )
        ))
        .border_style(app.theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let height = usize::from(inner.height);
    let mut lines = Vec::new();
    let mut previous: Option<String> = None;
    for index in view.list.offset..view.len() {
        if index == view.rows.len() {
            // The heading of the new people, on the line before the first of them.
            if lines.len() + 1 >= height {
                break;
            }
            lines.push(Line::from(Span::styled(
                t("inbox.new_people"),
                app.theme.strong(),
            )));
        }
        if lines.len() >= height {
            break;
        }
        let text = match (view.rows.get(index), index.checked_sub(view.rows.len())) {
            (Some(row), _) => proposal_line(row, w, &mut previous),
            (None, Some(at)) => match view.people.get(at) {
                Some(person) => person_line(person, w),
                None => break,
            },
            (None, None) => break,
        };
        let style = if index == view.list.cursor {
            app.theme.selected(true)
        } else {
            Style::new()
        };
        let fill = " ".repeat(w.saturating_sub(width(&text)));
        lines.push(Line::from(Span::styled(format!("{text}{fill}"), style)));
    }
    if view.is_empty() {
        lines.push(Line::from(Span::styled(t("inbox.empty"), app.theme.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One proposal: its contacts (blank under the same ones), day, kind, who began, and title.
fn proposal_line(row: &ProposalRow, w: usize, previous: &mut Option<String>) -> String {
    let initiative_width = width(t("inbox.i_wrote")).max(width(t("inbox.they_wrote")));
    let names: Vec<String> = row.contacts.iter().map(|(_, n)| sanitize_line(n)).collect();
    let who = names.join(", ");
    // The contacts' names head their group; later rows about the same people leave them blank.
    let shown = if previous.as_deref() == Some(who.as_str()) {
        String::new()
    } else {
        who.clone()
    };
    *previous = Some(who);
    let initiative = match row.initiative {
        Some(Initiative::Me) => t("inbox.i_wrote"),
        Some(Initiative::Them) => t("inbox.they_wrote"),
        _ => "",
    };
    // Narrow terminals keep the title readable: shorter names, no "who began" column.
    let head = if w >= WIDE {
        format!(
            "{} {} {} {} ",
            fit(&shown, 22, Align::Left),
            date(row.occurred_at.date_naive()),
            fit(kind_word(row.kind), 8, Align::Left),
            fit(initiative, initiative_width, Align::Left)
        )
    } else {
        format!(
            "{} {} ",
            fit(&shown, 14, Align::Left),
            date(row.occurred_at.date_naive())
        )
    };
    let title = sanitize_line(row.title.as_deref().unwrap_or_default());
    let title = truncate_width(&title, w.saturating_sub(width(&head)));
    format!("{head}{title}")
}

/// One person proposed as a new contact: name, address, and in how many threads.
fn person_line(person: &PersonRow, w: usize) -> String {
    let name = sanitize_line(person.name.as_deref().unwrap_or_default());
    let threads = tr("inbox.threads", &[("n", &person.threads)]);
    let email = sanitize_line(&person.email);
    let line = if w >= WIDE {
        format!(
            "{} {} {}",
            fit(&name, 22, Align::Left),
            fit(&email, 36, Align::Left),
            threads
        )
    } else {
        format!("{} {email}", fit(&name, 14, Align::Left))
    };
    truncate_width(&line, w)
}
