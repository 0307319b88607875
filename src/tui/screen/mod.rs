//! One module per screen: its state, its loader and its `update(action) -> Outcome`. Updates read
//! the store (to page or load) through [`Ctx`] and never write it: changes come back as commands.

pub mod company;
pub mod contact;
pub mod entry;
pub mod home;
pub mod inbox;
pub mod promises;
pub mod review;
pub mod search;
#[cfg(test)]
mod tests;

use super::list::Scroll;
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::rules::CadenceDefaults;
use crate::store::Store;
use ratatui::layout::Rect;

/// What an update may read: the store (read-only by convention: writes go through commands), the
/// settings, the moment of the key press and the terminal's size.
pub struct Ctx<'a> {
    /// The database, for reading.
    pub store: &'a Store,
    /// Settings.
    pub config: &'a Config,
    /// Now and today.
    pub clock: Clock,
    /// The terminal's size, for paging.
    pub viewport: Rect,
}

impl Ctx<'_> {
    /// Today's date.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// The cadences of tiers without their own.
    pub fn defaults(&self) -> CadenceDefaults {
        self.config.cadence_defaults()
    }

    /// Rows a screen-high list pages by.
    pub fn page_rows(&self) -> usize {
        usize::from(self.viewport.height.saturating_sub(8)).max(1)
    }
}

/// A screen above home; Esc goes back to the one below.
pub enum Screen {
    /// A contact.
    Contact(Box<contact::ContactPage>),
    /// A company.
    Company(Box<company::CompanyPage>),
    /// An entry.
    Entry(Box<entry::EntryView>),
    /// Promises.
    Promises(promises::PromisesView),
    /// The inbox of touches found in mail and calendar.
    Inbox(inbox::InboxView),
    /// Search.
    Search(search::SearchView),
    /// The weekly review.
    Review(Box<review::ReviewState>),
    /// The portfolio overview.
    Overview(Box<crate::insight::Overview>),
    /// Help.
    Help(Scroll),
}
