//! The Inbox: the touches found in the user's mail and calendar, grouped by contact, confirmed in
//! seconds (`Enter`/`y` accept, `x` ignore, `A` accept all shown, `e` edit into a full entry), then
//! the frequent correspondents who are no contact (`Enter`/`y` add them, `x` ignore their address).

use super::Ctx;
use crate::store::{PersonRow, ProposalRow, StoreError};
use crate::text::fold;
use crate::tui::command::{Command, EntryFormFor, Outcome};
use crate::tui::keymap::Action;
use crate::tui::list::ListCursor;

/// The Inbox screen's state.
pub struct InboxView {
    /// The open proposals, by contact, oldest first within a contact.
    pub rows: Vec<ProposalRow>,
    /// The frequent correspondents who are no contact, listed after the proposals.
    pub people: Vec<PersonRow>,
    /// The selection, over the proposals and then the people.
    pub list: ListCursor,
}

/// What the selection is on.
pub enum Selected<'a> {
    /// A proposed touch.
    Proposal(&'a ProposalRow),
    /// A person proposed as a new contact.
    Person(&'a PersonRow),
}

impl InboxView {
    /// The open proposals and new people.
    pub fn load(ctx: &Ctx) -> Result<InboxView, StoreError> {
        let mut view = InboxView {
            rows: Vec::new(),
            people: Vec::new(),
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
        self.people = ctx.store.open_people(ctx.today())?;
        self.list.clamp(self.len(), self.page(ctx));
        Ok(())
    }

    /// How many rows can be selected.
    pub fn len(&self) -> usize {
        self.rows.len() + self.people.len()
    }

    /// True when nothing waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rows a page shows: the "New people" heading takes one line.
    fn page(&self, ctx: &Ctx) -> usize {
        let rows = crate::tui::view::promise_rows(ctx.viewport);
        if self.people.is_empty() {
            rows
        } else {
            rows.saturating_sub(1).max(1)
        }
    }

    /// The row under the cursor.
    pub fn selected(&self) -> Option<Selected<'_>> {
        let at = self.list.cursor;
        match self.rows.get(at) {
            Some(row) => Some(Selected::Proposal(row)),
            None => self.people.get(at - self.rows.len()).map(Selected::Person),
        }
    }

    /// Handles an action on the Inbox screen.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Result<Outcome, StoreError> {
        if self.list.apply(action, self.len(), self.page(ctx)) {
            return Ok(Outcome::Nothing);
        }
        let selected = self.selected();
        Ok(match (action, selected) {
            (Action::Back, _) => Outcome::Back,
            (Action::Kept, Some(Selected::Proposal(row))) => {
                Outcome::Run(Command::AcceptProposals(vec![row.id]))
            }
            (Action::Edit, Some(Selected::Proposal(row))) => {
                Outcome::EntryForm(EntryFormFor::Proposal(Box::new(row.clone())))
            }
            (Action::Ignore, Some(Selected::Proposal(row))) => {
                Outcome::Run(Command::IgnoreProposals(vec![row.id]))
            }
            (Action::Kept, Some(Selected::Person(person))) => {
                Outcome::Run(Command::AddPerson(person.email.clone()))
            }
            (Action::Ignore, Some(Selected::Person(person))) => {
                Outcome::Run(Command::IgnoreSender(person.email.clone()))
            }
            (Action::AcceptAll, _) if !self.rows.is_empty() => Outcome::Run(
                Command::AcceptProposals(self.rows.iter().map(|r| r.id).collect()),
            ),
            _ => Outcome::Nothing,
        })
    }
}
