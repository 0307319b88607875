//! A window onto the journal, newest first, that pages through the database as the cursor moves:
//! at most [`MAX_ROWS`] entries are held, whatever the journal's size.

use crate::domain::model::Id;
use crate::store::{EntryCursor, EntryRow, Result, Store};
use crate::tui::keymap::Action;

/// Entries fetched per page.
pub const PAGE: usize = 50;
/// Entries held at most; beyond it the far end of the window is dropped (and fetched again if needed).
pub const MAX_ROWS: usize = 300;
/// How close to either end of the window the cursor may come before the next page is fetched.
const MARGIN: usize = 20;

/// The loaded window and the selection in it.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Whose entries (None: everyone's).
    pub contact: Option<Id>,
    /// The loaded entries, newest first.
    pub rows: Vec<EntryRow>,
    /// Index of the selected entry in `rows`.
    pub cursor: usize,
    /// Index of the first entry drawn (kept so the view scrolls only when the cursor leaves it).
    pub offset: usize,
    /// No older entries exist beyond `rows`.
    pub older_done: bool,
    /// Newer entries exist before `rows[0]` (they were dropped or skipped).
    pub newer_exist: bool,
    /// How many entries the journal (or the contact) has in all.
    pub total: i64,
}

fn cursor_of(row: &EntryRow) -> EntryCursor {
    EntryCursor {
        ts: row.entry.occurred_at.timestamp(),
        id: row.entry.id,
    }
}

impl Timeline {
    /// The newest page of everyone's or one contact's entries.
    pub fn load(store: &Store, contact: Option<Id>) -> Result<Timeline> {
        let rows = store.entries_page(contact, None, PAGE)?;
        Ok(Timeline {
            contact,
            older_done: rows.len() < PAGE,
            rows,
            total: store.entry_count(contact)?,
            ..Timeline::default()
        })
    }

    /// Reloads from the newest entry, keeping the selected entry selected when it is still on the first page.
    pub fn reload(&mut self, store: &Store) -> Result<()> {
        let selected = self.selected().map(|r| r.entry.id);
        *self = Timeline::load(store, self.contact)?;
        if let Some(index) = selected.and_then(|id| self.rows.iter().position(|r| r.entry.id == id))
        {
            self.cursor = index;
        }
        Ok(())
    }

    /// The selected entry.
    pub fn selected(&self) -> Option<&EntryRow> {
        self.rows.get(self.cursor)
    }

    /// Moves the cursor by `delta` rows, fetching pages and dropping far rows as needed.
    pub fn move_by(&mut self, store: &Store, delta: isize) -> Result<()> {
        if delta >= 0 {
            let mut target = self.cursor.saturating_add(delta.unsigned_abs());
            while target + MARGIN >= self.rows.len() && !self.older_done {
                let Some(last) = self.rows.last() else { break };
                let page = store.entries_page(self.contact, Some(cursor_of(last)), PAGE)?;
                self.older_done = page.len() < PAGE;
                self.rows.extend(page);
                if self.rows.len() > MAX_ROWS {
                    let drop = self.rows.len() - MAX_ROWS;
                    self.rows.drain(..drop);
                    target = target.saturating_sub(drop);
                    self.offset = self.offset.saturating_sub(drop);
                    self.newer_exist = true;
                }
            }
            self.cursor = target.min(self.rows.len().saturating_sub(1));
        } else {
            let steps = delta.unsigned_abs();
            while self.cursor < steps + MARGIN && self.newer_exist {
                let Some(first) = self.rows.first() else {
                    break;
                };
                let mut page =
                    store.entries_page_newer(self.contact, Some(cursor_of(first)), PAGE)?;
                self.newer_exist = page.len() == PAGE;
                let added = page.len();
                page.append(&mut self.rows);
                self.rows = page;
                self.cursor += added;
                self.offset += added;
                if self.rows.len() > MAX_ROWS {
                    self.rows.truncate(MAX_ROWS);
                    self.older_done = false;
                }
                if added == 0 {
                    break;
                }
            }
            self.cursor = self.cursor.saturating_sub(steps);
        }
        Ok(())
    }

    /// Jumps to the newest entry.
    pub fn top(&mut self, store: &Store) -> Result<()> {
        if self.newer_exist {
            *self = Timeline::load(store, self.contact)?;
        }
        self.cursor = 0;
        self.offset = 0;
        Ok(())
    }

    /// Jumps to the oldest entry (fetching only the oldest page).
    pub fn bottom(&mut self, store: &Store) -> Result<()> {
        if !self.older_done {
            let rows = store.entries_page_newer(self.contact, None, PAGE)?;
            self.newer_exist = i64::try_from(rows.len()).unwrap_or(i64::MAX) < self.total;
            self.rows = rows;
            self.older_done = true;
            self.offset = 0;
        }
        self.cursor = self.rows.len().saturating_sub(1);
        Ok(())
    }

    /// Applies a movement action, paging by `page` rows.
    pub fn apply(&mut self, store: &Store, action: Action, page: isize) -> Result<()> {
        match action {
            Action::Down => self.move_by(store, 1),
            Action::Up => self.move_by(store, -1),
            Action::PageDown => self.move_by(store, page),
            Action::PageUp => self.move_by(store, -page),
            Action::Top => self.top(store),
            Action::Bottom => self.bottom(store),
            _ => Ok(()),
        }
    }

    /// Reloads with `entry` selected: from the newest page when it is there, else a window around it.
    /// An entry that is not in this timeline (another contact's) leaves the newest page selected.
    pub fn focus(&mut self, store: &Store, entry: Id) -> Result<()> {
        *self = Timeline::load(store, self.contact)?;
        if let Some(index) = self.rows.iter().position(|r| r.entry.id == entry) {
            self.cursor = index;
            return Ok(());
        }
        let row = match store.entry(entry) {
            Ok(row) => row,
            Err(crate::store::StoreError::NotFound { .. }) => return Ok(()),
            Err(e) => return Err(e),
        };
        if self
            .contact
            .is_some_and(|c| !row.entry.contacts.contains(&c))
        {
            return Ok(());
        }
        let at = cursor_of(&row);
        let mut rows = store.entries_page_newer(self.contact, Some(at), PAGE / 2)?;
        let newer = rows.len();
        self.newer_exist = newer == PAGE / 2;
        rows.push(row);
        let older = store.entries_page(self.contact, Some(at), PAGE)?;
        self.older_done = older.len() < PAGE;
        rows.extend(older);
        self.rows = rows;
        self.cursor = newer;
        self.offset = newer;
        Ok(())
    }

    /// Scrolls so that the cursor is drawn in `height` lines: entries take a line each, plus a heading
    /// line before the first entry drawn and before each new day.
    pub fn keep_cursor_visible(&mut self, height: u16) {
        let height = usize::from(height).max(2);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        }
        let lines_to_cursor = |offset: usize| {
            let mut lines = 0;
            for i in offset..=self.cursor.min(self.rows.len().saturating_sub(1)) {
                let new_day = i == offset
                    || self.rows[i].entry.occurred_at.date_naive()
                        != self.rows[i - 1].entry.occurred_at.date_naive();
                lines += 1 + usize::from(new_day);
            }
            lines
        };
        while self.offset < self.cursor && lines_to_cursor(self.offset) > height {
            self.offset += 1;
        }
    }
}
