//! A contact's page: health, pillar scores, open promises, and below them their history, the details
//! of their address card or the charts.

use super::Ctx;
use super::home::candidate;
use crate::card_details::{CardDetails, card_details};
use crate::domain::model::Id;
use crate::i18n::tr;
use crate::insight::{self, ContactHealth};
use crate::store::{PromiseRow, StoreError};
use crate::text::sanitize_line;
use crate::tui::command::{
    Answer, Command, Confirm, EntryFormFor, Outcome, Popup, PromiseScope, Target,
};
use crate::tui::contact_form::ContactForm;
use crate::tui::keymap::Action;
use crate::tui::list::Scroll;
use crate::tui::timeline::Timeline;

/// What the lower half of the contact page shows; Tab goes through them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lower {
    /// Their history, paged.
    History,
    /// The details of their address card (only offered when the card has some).
    Card,
    /// The touch calendar and the mood line.
    Charts,
}

/// The contact page's state.
pub struct ContactPage {
    /// The contact and its health.
    pub health: ContactHealth,
    /// Pillar scores now and 90 days ago, touch calendar, mood line.
    pub relationship: insight::Relationship,
    /// Open promises both ways.
    pub promises: Vec<PromiseRow>,
    /// Their history, paged.
    pub timeline: Timeline,
    /// The details of their address card (addresses, further numbers, web addresses, …).
    pub card: CardDetails,
    /// How far the card's details are scrolled.
    pub card_scroll: Scroll,
    /// What the lower half shows.
    pub lower: Lower,
    /// Their company's id, for `c`.
    pub company: Option<Id>,
    /// Who introduced them: (id, name).
    pub introduced_by: Option<(Id, String)>,
    /// Whom they introduced: (id, name) each.
    pub introduced: Vec<(Id, String)>,
}

impl ContactPage {
    /// The page of contact `id`.
    pub fn load(ctx: &Ctx, id: Id) -> Result<ContactPage, StoreError> {
        let (store, defaults, today) = (ctx.store, ctx.defaults(), ctx.today());
        let health = insight::contact_health(store, id, &defaults, today)?;
        let relationship = insight::relationship(store, &health.contact, &defaults, today)?;
        let card = card_details(&health.contact, &store.card_properties(id)?);
        Ok(ContactPage {
            relationship,
            promises: store.promises(Some(id), true)?,
            timeline: Timeline::load(store, Some(id))?,
            card,
            card_scroll: Scroll::default(),
            health,
            lower: Lower::History,
            company: store.company_of(id)?.map(|c| c.id),
            introduced_by: store.introduced_by(id)?,
            introduced: store.introduced(id)?,
        })
    }

    /// The next (or previous) lower pane; the card's only when it has details to show (a photo
    /// alone is not worth a pane).
    fn cycle_lower(&mut self, forward: bool) {
        let mut panes = vec![Lower::History, Lower::Card, Lower::Charts];
        if self.card.details.is_empty() {
            panes.retain(|p| *p != Lower::Card);
        }
        let at = panes.iter().position(|p| *p == self.lower).unwrap_or(0);
        let step = if forward { 1 } else { panes.len() - 1 };
        self.lower = panes[(at + step) % panes.len()];
    }

    /// Loads the page again, keeping what the user chose to see.
    pub fn reload(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        let mut fresh = ContactPage::load(ctx, self.health.contact.id)?;
        fresh.lower = self.lower;
        fresh.card_scroll = self.card_scroll;
        let selected = self.timeline.selected().map(|r| r.entry.id);
        if let Some(index) =
            selected.and_then(|id| fresh.timeline.rows.iter().position(|r| r.entry.id == id))
        {
            fresh.timeline.cursor = index;
        }
        *self = fresh;
        Ok(())
    }

    /// Handles an action on the contact page.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Result<Outcome, StoreError> {
        let contact = &self.health.contact;
        let outcome = match action {
            action if action.moves() && self.lower == Lower::Card => {
                let height = crate::tui::view::contact_history_height(ctx.viewport);
                self.card_scroll
                    .apply(action, self.card.rows().len(), height);
                Outcome::Nothing
            }
            action if action.moves() => {
                let page = isize::try_from(ctx.page_rows()).unwrap_or(10);
                self.timeline.apply(ctx.store, action, page)?;
                Outcome::Nothing
            }
            Action::Open if self.lower == Lower::Card => Outcome::Nothing,
            Action::Open => match self.timeline.selected() {
                Some(row) => Outcome::Open(Target::Entry(row.entry.id)),
                None => Outcome::Nothing,
            },
            Action::NextPane | Action::PrevPane => {
                self.cycle_lower(action == Action::NextPane);
                Outcome::Nothing
            }
            Action::NewEntry => {
                Outcome::EntryForm(EntryFormFor::New(Some(candidate(contact)), None))
            }
            Action::Edit => {
                let (fresh, _) = ctx.store.contact(contact.id)?;
                Outcome::Popup(Popup::Contact(Box::new(ContactForm::new(fresh))))
            }
            Action::Archive => Outcome::Run(Command::SetArchived {
                contact: contact.id,
                name: sanitize_line(&contact.name),
                archived: !contact.archived,
            }),
            Action::Delete => Outcome::Ask(Confirm::new(
                tr(
                    "confirm.delete_contact",
                    &[("name", &sanitize_line(&contact.name))],
                ),
                Answer::Run(Command::DeleteContact(contact.id)),
            )),
            Action::Merge => Outcome::MergePicker(candidate(contact)),
            Action::Promises => Outcome::Open(Target::Promises(PromiseScope::Contact(contact.id))),
            Action::Company => match self.company {
                Some(id) => Outcome::Open(Target::Company(id)),
                None => Outcome::Notice(crate::tui::screen::company::no_company(contact)),
            },
            Action::Search => Outcome::Open(Target::Search),
            Action::Back => Outcome::Back,
            _ => Outcome::Nothing,
        };
        let height = crate::tui::view::contact_history_height(ctx.viewport);
        self.timeline.keep_cursor_visible(height);
        Ok(outcome)
    }
}
