//! A company's page: its people with their status, the last touch with anyone there, open promises
//! with anyone there, and its newest entries. Enter opens the person or entry under the cursor.

use super::Ctx;
use crate::domain::model::Id;
use crate::insight::{self, CompanyView};
use crate::store::StoreError;
use crate::tui::command::{Outcome, Target};
use crate::tui::keymap::Action;
use crate::tui::list::ListCursor;

/// "Anna Müller has no company": what `c` says for a contact without one.
pub fn no_company(contact: &crate::domain::model::Contact) -> String {
    crate::i18n::tr(
        "company.none_for_contact",
        &[("name", &crate::text::sanitize_line(&contact.name))],
    )
}

/// The company page's state.
pub struct CompanyPage {
    /// The company and what is known about everyone there.
    pub view: CompanyView,
    /// The selection over its people, then its entries.
    pub list: ListCursor,
}

impl CompanyPage {
    /// The page of company `id`.
    pub fn load(ctx: &Ctx, id: Id) -> Result<CompanyPage, StoreError> {
        let view = insight::company_view(ctx.store, id, &ctx.defaults(), ctx.today())?;
        Ok(CompanyPage {
            view,
            list: ListCursor::default(),
        })
    }

    /// How many rows can be selected: its people, then its entries.
    pub fn rows(&self) -> usize {
        self.view.people.len() + self.view.recent.len()
    }

    /// What Enter opens on the selected row.
    pub fn selected(&self) -> Option<Target> {
        let people = self.view.people.len();
        match self.list.cursor {
            i if i < people => Some(Target::Contact(self.view.people[i].contact.id)),
            i => self
                .view
                .recent
                .get(i - people)
                .map(|row| Target::Entry(row.entry.id)),
        }
    }

    /// Loads the page again, keeping the selection where it can.
    pub fn reload(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        let list = self.list;
        *self = CompanyPage::load(ctx, self.view.company.id)?;
        self.list = list;
        self.list.clamp(self.rows(), ctx.page_rows());
        Ok(())
    }

    /// Handles an action on the company page.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Result<Outcome, StoreError> {
        Ok(match action {
            action if action.moves() => {
                self.list.apply(action, self.rows(), ctx.page_rows());
                Outcome::Nothing
            }
            Action::Open => self.selected().map_or(Outcome::Nothing, Outcome::Open),
            Action::Back => Outcome::Back,
            _ => Outcome::Nothing,
        })
    }
}
