//! Full-text search as you type.

use super::Ctx;
use crate::store::{SearchHit, StoreError};
use crate::tui::command::{Outcome, Target};
use crate::tui::input::LineInput;
use crate::tui::keymap::Action;
use crate::tui::list::ListCursor;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// How many search results are fetched.
pub const SEARCH_LIMIT: usize = 100;

/// Search as you type: the last word is a prefix once it has three letters.
pub fn search_query(text: &str) -> String {
    let quoted = crate::store::quote_query(text);
    let last_len = text
        .split_whitespace()
        .last()
        .map_or(0, |w| w.chars().count());
    if !quoted.is_empty() && !quoted.ends_with('*') && last_len >= 3 && !text.ends_with(' ') {
        format!("{quoted}*")
    } else {
        quoted
    }
}

/// The search screen's state.
#[derive(Default)]
pub struct SearchView {
    /// The query.
    pub input: LineInput,
    /// Results for it.
    pub hits: Vec<SearchHit>,
    /// The selected result and the first drawn.
    pub list: ListCursor,
    /// The results list (not the query field) has the keys.
    pub in_results: bool,
    /// The query changed and has not been run yet (it runs when typing pauses).
    pub pending: bool,
}

impl SearchView {
    /// Runs the query (when typing paused, or before a key needs the results).
    pub fn run(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.pending = false;
        self.hits = ctx
            .store
            .search(&search_query(self.input.value()), None, SEARCH_LIMIT)?;
        self.list = ListCursor::default();
        Ok(())
    }

    /// Runs the query again after the journal changed, keeping the selection in range.
    pub fn reload(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.hits = ctx
            .store
            .search(&search_query(self.input.value()), None, SEARCH_LIMIT)?;
        self.list
            .clamp(self.hits.len(), crate::tui::view::search_rows(ctx.viewport));
        Ok(())
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
            KeyCode::Down => self.in_results = !self.hits.is_empty(),
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
        if self.list.apply(action, self.hits.len(), rows) {
            return Ok(Outcome::Nothing);
        }
        Ok(match action {
            Action::NextPane | Action::PrevPane => {
                self.in_results = !self.in_results && !self.hits.is_empty();
                Outcome::Nothing
            }
            Action::Open => match self.hits.get(self.list.cursor) {
                Some(hit) => Outcome::Open(Target::Entry(hit.row.entry.id)),
                None => Outcome::Nothing,
            },
            Action::Back => Outcome::Back,
            _ => Outcome::Nothing,
        })
    }
}
