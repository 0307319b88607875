//! Full-text search as you type.

use super::Ctx;
use crate::store::{SearchFilter, SearchResults, StoreError};
use crate::tui::command::{Outcome, Target};
use crate::tui::input::LineInput;
use crate::tui::keymap::Action;
use crate::tui::list::ListCursor;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// How many search results are fetched.
pub const SEARCH_LIMIT: usize = 100;

/// One row of the results: which group, and the index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchItem {
    /// `results.contacts[i]`.
    Contact(usize),
    /// `results.promises[i]`.
    Promise(usize),
    /// `results.entries[i]`.
    Entry(usize),
}

/// The search screen's state.
#[derive(Default)]
pub struct SearchView {
    /// The query.
    pub input: LineInput,
    /// Results for it, in three groups: contacts, promises, entries.
    pub results: SearchResults,
    /// The selected result and the first drawn (over all groups, in that order).
    pub list: ListCursor,
    /// The results list (not the query field) has the keys.
    pub in_results: bool,
    /// The query changed and has not been run yet (it runs when typing pauses).
    pub pending: bool,
    /// Entries most relevant first (BM25) instead of newest first.
    pub rank: bool,
}

impl SearchView {
    /// The rows of the results, group after group.
    pub fn items(&self) -> Vec<SearchItem> {
        let r = &self.results;
        (0..r.contacts.len())
            .map(SearchItem::Contact)
            .chain((0..r.promises.len()).map(SearchItem::Promise))
            .chain((0..r.entries.len()).map(SearchItem::Entry))
            .collect()
    }

    /// How many rows the results have.
    pub fn len(&self) -> usize {
        let r = &self.results;
        r.contacts.len() + r.promises.len() + r.entries.len()
    }

    /// True when nothing was found (or nothing asked).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn query(&self, ctx: &Ctx) -> Result<SearchResults, StoreError> {
        let filter = SearchFilter {
            rank: self.rank,
            ..SearchFilter::default()
        };
        ctx.store
            .search_all(self.input.value(), &filter, SEARCH_LIMIT)
    }

    /// Runs the query (when typing paused, or before a key needs the results).
    pub fn run(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.pending = false;
        self.results = self.query(ctx)?;
        self.list = ListCursor::default();
        Ok(())
    }

    /// Runs the query again after the journal changed, keeping the selection in range.
    pub fn reload(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.results = self.query(ctx)?;
        self.list
            .clamp(self.len(), crate::tui::view::search_rows(ctx.viewport));
        Ok(())
    }

    /// Where Enter on a row leads: a contact's page; a promise's entry (or its contact when it has
    /// none); an entry.
    fn target(&self, item: SearchItem) -> Option<Target> {
        let r = &self.results;
        match item {
            SearchItem::Contact(i) => r.contacts.get(i).map(|c| Target::Contact(c.id)),
            SearchItem::Promise(i) => r.promises.get(i).map(|p| match p.promise.entry {
                Some(entry) => Target::Entry(entry),
                None => Target::Contact(p.promise.contact),
            }),
            SearchItem::Entry(i) => r.entries.get(i).map(|h| Target::Entry(h.row.entry.id)),
        }
    }

    /// Keys for the query field while it has them; false when the key is not the field's.
    pub fn query_key(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.in_results {
            return false;
        }
        match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Tab => return false,
            _ if ctrl && key.code == KeyCode::Char('c') => return false,
            _ if ctrl && key.code == KeyCode::Char('o') => return false,
            KeyCode::Down => self.in_results = !self.is_empty(),
            _ => {
                if self.input.handle(key) {
                    // Searching waits until typing pauses: see `App::idle`.
                    self.pending = true;
                }
            }
        }
        true
    }

    /// Pasted text goes into the query while it has the keys.
    pub fn paste(&mut self, text: &str) -> bool {
        if self.in_results {
            return false;
        }
        self.input.paste(text);
        self.pending = true;
        true
    }

    /// Handles an action on the search screen.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Result<Outcome, StoreError> {
        if self.pending {
            self.run(ctx)?;
        }
        if action == Action::Up && self.list.cursor == 0 {
            self.in_results = false;
            return Ok(Outcome::Nothing);
        }
        let rows = crate::tui::view::search_rows(ctx.viewport);
        if self.list.apply(action, self.len(), rows) {
            return Ok(Outcome::Nothing);
        }
        Ok(match action {
            Action::NextPane | Action::PrevPane => {
                self.in_results = !self.in_results && !self.is_empty();
                Outcome::Nothing
            }
            Action::Open => match self.items().get(self.list.cursor) {
                Some(item) => self.target(*item).map_or(Outcome::Nothing, Outcome::Open),
                None => Outcome::Nothing,
            },
            Action::ToggleRank => {
                self.rank = !self.rank;
                self.run(ctx)?;
                Outcome::Nothing
            }
            Action::Back => Outcome::Back,
            _ => Outcome::Nothing,
        })
    }
}
