//! The Inbox: the touches found in the user's mail and calendar, grouped by contact, confirmed in
//! seconds (`Enter`/`y` accept, `x` ignore, `A` accept all shown).

use super::Ctx;
use crate::store::{ProposalRow, StoreError};
use crate::text::fold;
use crate::tui::command::{Command, Outcome};
use crate::tui::keymap::Action;
use crate::tui::list::ListCursor;

/// The Inbox screen's state.
pub struct InboxView {
    /// The open proposals, by contact, oldest first within a contact.
    pub rows: Vec<ProposalRow>,
    /// The selection.
    pub list: ListCursor,
}

impl InboxView {
    /// The open proposals.
    pub fn load(ctx: &Ctx) -> Result<InboxView, StoreError> {
        let mut view = InboxView {
            rows: Vec::new(),
            list: ListCursor::default(),
        };
        view.reload(ctx)?;
        Ok(view)
    }

    /// Reads the proposals again, keeping the selection in range.
    pub fn reload(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        let mut rows = ctx.store.open_proposals()?;
        rows.sort_by_cached_key(|r| {
            let first = r
                .contacts
                .first()
                .map(|(_, name)| fold(name))
                .unwrap_or_default();
            (first, r.occurred_at, r.id)
        });
        self.rows = rows;
        self.list.clamp(
            self.rows.len(),
            crate::tui::view::promise_rows(ctx.viewport),
        );
        Ok(())
    }

    /// Handles an action on the Inbox screen.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Result<Outcome, StoreError> {
        let rows = crate::tui::view::promise_rows(ctx.viewport);
        if self.list.apply(action, self.rows.len(), rows) {
            return Ok(Outcome::Nothing);
        }
        Ok(match action {
            Action::Back => Outcome::Back,
            Action::Kept => match self.rows.get(self.list.cursor) {
                Some(row) => Outcome::Run(Command::AcceptProposals(vec![row.id])),
                None => Outcome::Nothing,
            },
            Action::Ignore => match self.rows.get(self.list.cursor) {
                Some(row) => Outcome::Run(Command::IgnoreProposals(vec![row.id])),
                None => Outcome::Nothing,
            },
            Action::AcceptAll if !self.rows.is_empty() => Outcome::Run(Command::AcceptProposals(
                self.rows.iter().map(|r| r.id).collect(),
            )),
            _ => Outcome::Nothing,
        })
    }
}
