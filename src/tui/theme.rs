//! Styles with a meaning. With `NO_COLOR` every style falls back to bold, dim or reversed text, and
//! status is always written with a symbol as well.

use crate::domain::rules::Status;
use ratatui::style::{Color, Modifier, Style};

/// The styles of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False under `NO_COLOR`.
    pub colour: bool,
}

impl Theme {
    fn fg(&self, colour: Color) -> Style {
        if self.colour {
            Style::new().fg(colour)
        } else {
            Style::new()
        }
    }

    /// Plain text.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// Secondary text: dates, hints.
    pub fn dim(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// Headings and names.
    pub fn strong(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The selected row.
    pub fn selected(&self, focused: bool) -> Style {
        match (self.colour, focused) {
            (true, true) => Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::new().bg(Color::DarkGray),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The border of the focused pane.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }

    /// A status, coloured (overdue red, due soon yellow, ok green).
    pub fn status(&self, status: Status) -> Style {
        match status {
            Status::Overdue => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Status::DueSoon => self.fg(Color::Yellow),
            Status::Ok => self.fg(Color::Green),
            Status::Snoozed | Status::Ambient => self.dim(),
        }
    }

    /// Something wrong: errors, broken or overdue promises.
    pub fn alarm(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Something good: kept promises, saved.
    pub fn good(&self) -> Style {
        self.fg(Color::Green)
    }

    /// A warning: due soon, open promises.
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }

    /// A search match.
    pub fn matched(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Keys in the footer.
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// A form field with an error.
    pub fn error(&self) -> Style {
        self.fg(Color::Red)
    }
}
