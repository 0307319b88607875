//! Rendering: a pure function of the app's state. Nothing here writes to the database.

mod company;
mod contact;
mod contact_card;
mod entry;
mod form;
mod help;
mod home;
mod inbox;
mod lists;
mod merge;
mod overview;

mod review;
mod widgets;

use super::app::{App, EntryView, Screen};
use super::command::Popup;
use super::keymap;
use super::theme::Theme;
use crate::i18n::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub use widgets::day_heading;

/// The smallest terminal the app draws in.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// The regions of the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HomeAreas {
    /// Counts and labels.
    pub header: Rect,
    /// The contact list (with border).
    pub contacts: Rect,
    /// The timeline (with border).
    pub timeline: Rect,
    /// Messages.
    pub status: Rect,
    /// Key hints.
    pub footer: Rect,
}

/// Splits the screen: header, body, status line, footer; the body into contacts and timeline.
pub fn home_areas(area: Rect) -> HomeAreas {
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let left = (body.width * 9 / 20)
        .max(28)
        .min(body.width.saturating_sub(28));
    let [contacts, timeline] =
        Layout::horizontal([Constraint::Length(left), Constraint::Fill(1)]).areas(body);
    HomeAreas {
        header,
        contacts,
        timeline,
        status,
        footer,
    }
}

/// Rows of the contact page's history list.
pub fn contact_history_height(area: Rect) -> u16 {
    contact::areas(body_area(area))
        .history
        .height
        .saturating_sub(2)
}

/// Results that fit on the search screen.
pub fn search_rows(area: Rect) -> usize {
    usize::from(lists::search_results_area(body_area(area)).height / 2).max(1)
}

/// The area between header and status line, for screens above home.
fn body_area(area: Rect) -> Rect {
    let a = home_areas(area);
    Rect {
        x: area.x,
        y: a.contacts.y,
        width: area.width,
        height: a.contacts.height,
    }
}

/// Rows that fit on the promises screen.
pub fn promise_rows(area: Rect) -> usize {
    usize::from(body_area(area).height.saturating_sub(2)).max(1)
}

/// Lines of the entry screen's text (wrapped as drawn) and the rows that show them.
pub fn entry_text_size(view: &EntryView, area: Rect, today: chrono::NaiveDate) -> (usize, u16) {
    let body = body_area(area);
    let paragraph = entry::paragraph(&Theme { colour: false }, view, today);
    let lines = paragraph.line_count(body.width.saturating_sub(2));
    (lines, body.height.saturating_sub(2))
}

/// Lines of the help text and the rows that show them.
pub fn help_size(area: Rect) -> (usize, u16) {
    let lines = help::lines(&Theme { colour: false }).len();
    (lines, body_area(area).height.saturating_sub(2))
}

/// Draws the whole app.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = tr(
            "view.too_small",
            &[
                ("w", &MIN_SIZE.0),
                ("h", &MIN_SIZE.1),
                ("width", &area.width),
                ("height", &area.height),
            ],
        );
        let y = area.height / 2;
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).centered(),
            Rect {
                x: 0,
                y: y.saturating_sub(1),
                width: area.width,
                height: area.height - y.saturating_sub(1),
            },
        );
        return;
    }
    let areas = home_areas(area);
    widgets::header(app, frame, areas.header);
    match app.screens.last() {
        None => home::render(app, frame, &areas),
        Some(Screen::Contact(page)) => contact::render(app, page, frame, body_area(area)),
        Some(Screen::Company(page)) => company::render(app, page, frame, body_area(area)),
        Some(Screen::Entry(view)) => entry::render(app, view, frame, body_area(area)),
        Some(Screen::Promises(view)) => lists::promises(app, view, frame, body_area(area)),
        Some(Screen::Inbox(view)) => inbox::inbox(app, view, frame, body_area(area)),
        Some(Screen::Search(view)) => lists::search(app, view, frame, body_area(area)),
        Some(Screen::Help(scroll)) => help::render(app, scroll.offset, frame, body_area(area)),
        Some(Screen::Review(review)) => review::render(app, review, frame, body_area(area)),
        Some(Screen::Overview(overview)) => overview::render(app, overview, frame, body_area(area)),
    }
    match &app.popup {
        Some(Popup::Entry(form)) => form::entry(app, form, frame, area),
        Some(Popup::Contact(form)) => form::contact(app, form, frame, area),
        Some(Popup::Snooze { input, .. }) => form::snooze(app, input, frame, area),
        Some(Popup::Promise(form)) => form::promise(app, form, frame, area),
        Some(Popup::Merge(picker)) => merge::picker(app, picker, frame, area),
        None => {}
    }
    if let Some(confirm) = &app.confirm {
        widgets::confirm(app, confirm, frame, area);
    }
    widgets::status(app, frame, areas.status);
    let hints = match &app.popup {
        // The snooze question is one field: Enter answers it.
        Some(Popup::Snooze { .. }) => vec![
            ("Enter".to_string(), "help.snooze"),
            ("Esc".to_string(), "help.cancel"),
        ],
        // The merge picker: Enter shows what the merge gives and asks.
        Some(Popup::Merge(_)) => vec![
            ("Enter".to_string(), "help.merge_contact"),
            ("Esc".to_string(), "help.cancel"),
        ],
        // A question without a second answer offers none.
        _ if app
            .confirm
            .as_ref()
            .is_some_and(|c| c.on_alternative.is_none()) =>
        {
            keymap::footer(app.scope())
                .into_iter()
                .filter(|(_, help)| *help != "help.keep_promises")
                .collect()
        }
        _ => keymap::footer(app.scope()),
    };
    widgets::footer(app, &hints, frame, areas.footer);
}

/// A box of `width` × `height` centred in `area` (clipped to it), cleared.
fn centered(frame: &mut Frame, area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, rect);
    rect
}
