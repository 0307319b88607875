//! The one list cursor and the one text scroll every screen uses, so moving, paging and keeping the
//! selection in view behave the same everywhere.

use super::keymap::Action;

/// A selection in a list of `len` rows and the first row drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    /// The selected row.
    pub cursor: usize,
    /// The first row drawn.
    pub offset: usize,
}

impl ListCursor {
    /// Applies a movement action (Up, Down, PageUp, PageDown, Top, Bottom) to a list of `len` rows of
    /// which `rows` fit on screen. Returns false for any other action, leaving the cursor alone.
    pub fn apply(&mut self, action: Action, len: usize, rows: usize) -> bool {
        let last = len.saturating_sub(1);
        let page = rows.max(1);
        self.cursor = match action {
            Action::Down => (self.cursor + 1).min(last),
            Action::Up => self.cursor.saturating_sub(1),
            Action::PageDown => self.cursor.saturating_add(page).min(last),
            Action::PageUp => self.cursor.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        self.keep_visible(rows);
        true
    }

    /// Keeps the cursor inside a list of `len` rows (after the list changed).
    pub fn clamp(&mut self, len: usize, rows: usize) {
        self.cursor = self.cursor.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.cursor);
        self.keep_visible(rows);
    }

    /// Scrolls so that the cursor is among the `rows` rows drawn.
    pub fn keep_visible(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + rows {
            self.offset = self.cursor + 1 - rows;
        }
    }
}

/// How far a long text is scrolled; never past the point where its last line is at the bottom.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    /// Lines scrolled off the top.
    pub offset: u16,
}

impl Scroll {
    /// Applies a movement action to a text of `lines` lines shown in `height` rows. Returns false for
    /// any other action.
    pub fn apply(&mut self, action: Action, lines: usize, height: u16) -> bool {
        let max = u16::try_from(lines.saturating_sub(usize::from(height))).unwrap_or(u16::MAX);
        let page = height.saturating_sub(1).max(1);
        self.offset = match action {
            Action::Down => self.offset.saturating_add(1),
            Action::Up => self.offset.saturating_sub(1),
            Action::PageDown => self.offset.saturating_add(page),
            Action::PageUp => self.offset.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => max,
            _ => return false,
        }
        .min(max);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_moves_pages_and_stays_in_view() {
        let mut list = ListCursor::default();
        // (action, len, rows) → (cursor, offset)
        let steps = [
            (Action::Down, 10, 3, (1, 0)),
            (Action::PageDown, 10, 3, (4, 2)),
            (Action::Bottom, 10, 3, (9, 7)),
            (Action::Down, 10, 3, (9, 7)),
            (Action::PageUp, 10, 3, (6, 6)),
            (Action::Top, 10, 3, (0, 0)),
            (Action::Up, 10, 3, (0, 0)),
            (Action::Bottom, 0, 3, (0, 0)),
        ];
        for (action, len, rows, expected) in steps {
            assert!(list.apply(action, len, rows));
            assert_eq!((list.cursor, list.offset), expected, "{action:?}");
        }
        assert!(!list.apply(Action::Open, 10, 3));
    }

    #[test]
    fn clamp_follows_a_shrinking_list() {
        let mut list = ListCursor {
            cursor: 8,
            offset: 6,
        };
        list.clamp(2, 3);
        assert_eq!((list.cursor, list.offset), (1, 1));
        list.clamp(0, 3);
        assert_eq!((list.cursor, list.offset), (0, 0));
    }

    #[test]
    fn scroll_ends_with_the_last_line_at_the_bottom() {
        let mut scroll = Scroll::default();
        assert!(scroll.apply(Action::Bottom, 50, 20));
        assert_eq!(scroll.offset, 30);
        scroll.apply(Action::PageDown, 50, 20);
        assert_eq!(scroll.offset, 30, "PgDn never scrolls into empty space");
        scroll.apply(Action::Top, 50, 20);
        scroll.apply(Action::PageDown, 50, 20);
        assert_eq!(scroll.offset, 19);
        scroll.apply(Action::Down, 10, 20);
        assert_eq!(
            scroll.offset, 0,
            "a text shorter than the screen does not scroll"
        );
    }
}
