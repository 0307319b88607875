//! The home screen: the neglect-aware contact list beside the timeline, with its filter.

use super::Ctx;
use super::entry::delete_question;
use crate::domain::model::{Contact, Id};
use crate::i18n::tr;
use crate::insight::{self, ContactHealth};
use crate::store::StoreError;
use crate::text::search_fold;
use crate::tui::command::{
    Answer, Command, Confirm, EntryFormFor, Outcome, Popup, PromiseScope, Target,
};
use crate::tui::contact_form::ContactForm;
use crate::tui::entry_form::Candidate;
use crate::tui::fuzzy;
use crate::tui::input::LineInput;
use crate::tui::keymap::Action;
use crate::tui::list::ListCursor;
use crate::tui::timeline::Timeline;
use crate::tui::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;

/// Which half of the home screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The contact list.
    Contacts,
    /// The timeline.
    Timeline,
}

/// The home screen's state.
pub struct Home {
    /// Every active contact with its health, most urgent first.
    pub contacts: Vec<ContactHealth>,
    /// Indices into `contacts` that pass the filter, in display order.
    pub visible: Vec<usize>,
    /// The filter text.
    pub filter: LineInput,
    /// The filter field has the keys.
    pub filtering: bool,
    /// Selected row (0 is "everyone", n is `visible[n - 1]`) and the first row drawn.
    pub list: ListCursor,
    /// Focused pane.
    pub pane: Pane,
    /// The timeline of everyone or of the selected contact.
    pub timeline: Timeline,
    /// Touches per four-week bin over the last 52 weeks, for the rows drawn so far.
    pub activity: HashMap<Id, [u16; 13]>,
    /// Entries in the whole journal.
    pub total_entries: i64,
    /// When the last weekly review was finished.
    pub last_review: Option<chrono::NaiveDate>,
    /// How many contacts the next review would show.
    pub review_pending: usize,
    /// The day `contacts` was judged on (health depends on the date).
    pub judged_on: Option<chrono::NaiveDate>,
    /// Each contact's interests, for the filter (the list's contacts come without them).
    pub interests: HashMap<Id, String>,
}

/// A contact as the entry form's picker offers it.
pub fn candidate(c: &Contact) -> Candidate {
    Candidate {
        id: c.id,
        name: c.name.clone(),
        company: c.company.clone(),
    }
}

impl Home {
    /// The home screen of the journal, loaded.
    pub fn load(ctx: &Ctx) -> Result<Home, StoreError> {
        let mut home = Home {
            contacts: Vec::new(),
            visible: Vec::new(),
            filter: LineInput::default(),
            filtering: false,
            list: ListCursor::default(),
            pane: Pane::Contacts,
            timeline: Timeline::load(ctx.store, None)?,
            activity: HashMap::new(),
            total_entries: 0,
            last_review: None,
            review_pending: 0,
            judged_on: None,
            interests: HashMap::new(),
        };
        home.reload_contacts(ctx)?;
        Ok(home)
    }

    /// Entries in the whole journal (for the header).
    pub fn timeline_total(&self) -> i64 {
        self.total_entries
    }

    /// The contact under the cursor (None on the "everyone" row).
    pub fn selected_contact(&self) -> Option<&ContactHealth> {
        let index = self.list.cursor.checked_sub(1)?;
        self.visible.get(index).map(|i| &self.contacts[*i])
    }

    /// Every contact the entry form's picker can offer.
    pub fn candidates(&self) -> Vec<Candidate> {
        self.contacts
            .iter()
            .map(|c| candidate(&c.contact))
            .collect()
    }

    /// Judges every contact again and keeps the selected one selected.
    pub fn reload_contacts(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        let selected = self.selected_contact().map(|c| c.contact.id);
        let today = ctx.today();
        self.contacts = insight::neglect_list(ctx.store, &ctx.defaults(), today, true)?;
        self.judged_on = Some(today);
        self.interests = ctx.store.contact_interests()?;
        self.total_entries = ctx.store.entry_count(None)?;
        self.last_review = ctx.store.last_review()?;
        let handled = ctx.store.handled_flags()?;
        self.review_pending = self
            .contacts
            .iter()
            .filter(|c| insight::needs_review(c, &handled))
            .count();
        self.apply_filter();
        if let Some(pos) = selected.and_then(|id| self.position_of(id)) {
            self.list.cursor = pos + 1;
        }
        self.list.clamp(self.visible.len() + 1, contact_rows(ctx));
        self.activity.clear();
        self.load_visible_activity(ctx)
    }

    fn position_of(&self, id: Id) -> Option<usize> {
        self.visible
            .iter()
            .position(|i| self.contacts[*i].contact.id == id)
    }

    fn apply_filter(&mut self) {
        let query = self.filter.value();
        if query.is_empty() {
            self.visible = (0..self.contacts.len()).collect();
        } else {
            // Name, company and interests, folded as search folds them (`weiss` finds "Weiß").
            let texts: Vec<String> = self
                .contacts
                .iter()
                .map(|c| {
                    let company = c.contact.company.as_deref().unwrap_or_default();
                    let interests = self.interests.get(&c.contact.id).map_or("", String::as_str);
                    search_fold(&format!("{} {company} {interests}", c.contact.name))
                })
                .collect();
            let query = search_fold(query);
            self.visible = fuzzy::rank(&query, texts.iter().map(String::as_str));
        }
        self.list.cursor = self.list.cursor.min(self.visible.len());
    }

    /// Fetches the activity sparklines of the rows on screen that do not have one yet.
    pub fn load_visible_activity(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        let ids: Vec<Id> = self
            .visible
            .iter()
            .skip(self.list.offset.saturating_sub(1))
            .take(contact_rows(ctx) + 1)
            .map(|i| self.contacts[*i].contact.id)
            .filter(|id| !self.activity.contains_key(id))
            .collect();
        for id in ids {
            let bins = ctx.store.touch_activity(id, ctx.today(), 13, 28)?;
            let mut fixed = [0u16; 13];
            for (slot, value) in fixed.iter_mut().zip(bins) {
                *slot = value;
            }
            self.activity.insert(id, fixed);
        }
        Ok(())
    }

    /// Shows the timeline of the contact under the cursor (or everyone's).
    pub fn sync_timeline(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        let contact = self.selected_contact().map(|c| c.contact.id);
        if self.timeline.contact != contact {
            self.timeline = Timeline::load(ctx.store, contact)?;
        }
        Ok(())
    }

    /// Selects a contact in the unfiltered list (after it was saved).
    pub fn select_contact(&mut self, ctx: &Ctx, id: Id) -> Result<(), StoreError> {
        self.filter.set("");
        self.apply_filter();
        if let Some(pos) = self.position_of(id) {
            self.list.cursor = pos + 1;
            self.pane = Pane::Contacts;
            self.list.keep_visible(contact_rows(ctx));
        }
        self.sync_timeline(ctx)?;
        self.load_visible_activity(ctx)
    }

    /// Reloads the timeline with `entry` selected (after it was saved).
    pub fn select_entry(&mut self, ctx: &Ctx, entry: Id) -> Result<(), StoreError> {
        self.timeline.focus(ctx.store, entry)?;
        self.timeline.keep_cursor_visible(timeline_rows(ctx));
        Ok(())
    }

    /// Handles an action on the home screen.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Result<Outcome, StoreError> {
        let on_contacts = self.pane == Pane::Contacts;
        match action {
            action if action.moves() => {
                if on_contacts {
                    self.list
                        .apply(action, self.visible.len() + 1, contact_rows(ctx));
                    self.sync_timeline(ctx)?;
                    self.load_visible_activity(ctx)?;
                } else {
                    let page = isize::try_from(ctx.page_rows()).unwrap_or(10);
                    self.timeline.apply(ctx.store, action, page)?;
                    self.timeline.keep_cursor_visible(timeline_rows(ctx));
                }
            }
            Action::NextPane | Action::PrevPane => {
                self.pane = if on_contacts {
                    Pane::Timeline
                } else {
                    Pane::Contacts
                };
            }
            Action::Open => {
                if on_contacts {
                    match self.selected_contact() {
                        Some(c) => return Ok(Outcome::Open(Target::Contact(c.contact.id))),
                        None => self.pane = Pane::Timeline,
                    }
                } else if let Some(row) = self.timeline.selected() {
                    return Ok(Outcome::Open(Target::Entry(row.entry.id)));
                }
            }
            Action::NewEntry => {
                let contact = self.selected_contact().map(|c| candidate(&c.contact));
                return Ok(Outcome::EntryForm(EntryFormFor::New(contact, None)));
            }
            Action::AddContact => {
                let blank = Contact::new("", ctx.clock.now);
                return Ok(Outcome::Popup(Popup::Contact(Box::new(ContactForm::new(
                    blank,
                )))));
            }
            Action::Edit => return self.edit(ctx),
            Action::Delete => return self.delete(ctx),
            Action::Filter => {
                self.filtering = true;
                self.pane = Pane::Contacts;
            }
            Action::Search => return Ok(Outcome::Open(Target::Search)),
            Action::Promises => return Ok(Outcome::Open(Target::Promises(PromiseScope::All))),
            Action::Inbox => return Ok(Outcome::Open(Target::Inbox)),
            Action::Review => return Ok(Outcome::Open(Target::Review)),
            Action::Overview => return Ok(Outcome::Open(Target::Overview)),
            Action::Company => {
                if let Some(c) = self.selected_contact() {
                    return Ok(match ctx.store.company_of(c.contact.id)? {
                        Some(company) => Outcome::Open(Target::Company(company.id)),
                        None => Outcome::Notice(super::company::no_company(&c.contact)),
                    });
                }
            }
            Action::Back if !self.filter.is_blank() => {
                self.filter.set("");
                self.apply_filter();
                self.sync_timeline(ctx)?;
            }
            _ => {}
        }
        Ok(Outcome::Nothing)
    }

    fn edit(&self, ctx: &Ctx) -> Result<Outcome, StoreError> {
        if self.pane == Pane::Contacts {
            // The list holds contacts without their tags: edit a fresh, complete copy.
            if let Some(id) = self.selected_contact().map(|c| c.contact.id) {
                let (contact, _) = ctx.store.contact(id)?;
                return Ok(Outcome::Popup(Popup::Contact(Box::new(ContactForm::new(
                    contact,
                )))));
            }
        } else if let Some(row) = self.timeline.selected() {
            return Ok(Outcome::EntryForm(EntryFormFor::Edit(Box::new(
                row.clone(),
            ))));
        }
        Ok(Outcome::Nothing)
    }

    fn delete(&self, ctx: &Ctx) -> Result<Outcome, StoreError> {
        if self.pane == Pane::Contacts {
            if let Some(c) = self.selected_contact() {
                let name = crate::text::sanitize_line(&c.contact.name);
                return Ok(Outcome::Ask(Confirm::new(
                    tr("confirm.delete_contact", &[("name", &name)]),
                    Answer::Run(Command::DeleteContact(c.contact.id)),
                )));
            }
        } else if let Some(row) = self.timeline.selected() {
            return Ok(Outcome::Ask(delete_question(ctx, row)?));
        }
        Ok(Outcome::Nothing)
    }

    /// Keys for the filter field while it has the keys; false when the key is not the field's.
    pub fn filter_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Result<bool, StoreError> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if !self.filtering || (ctrl && key.code == KeyCode::Char('c')) {
            return Ok(false);
        }
        match key.code {
            KeyCode::Esc => {
                self.filtering = false;
                self.filter.set("");
                self.apply_filter();
            }
            KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
                self.filtering = false;
                self.list.cursor = usize::from(!self.visible.is_empty());
                self.list.offset = 0;
            }
            _ => {
                if self.filter.handle(key) {
                    self.typed_filter();
                }
            }
        }
        self.sync_timeline(ctx)?;
        self.load_visible_activity(ctx)?;
        Ok(true)
    }

    /// Pasted text goes into the filter while it has the keys.
    pub fn paste(&mut self, text: &str) -> bool {
        if !self.filtering {
            return false;
        }
        self.filter.paste(text);
        self.typed_filter();
        true
    }

    fn typed_filter(&mut self) {
        self.apply_filter();
        self.list.cursor = usize::from(!self.visible.is_empty());
        self.list.offset = 0;
    }
}

/// Contact rows that fit in the list.
fn contact_rows(ctx: &Ctx) -> usize {
    usize::from(
        view::home_areas(ctx.viewport)
            .contacts
            .height
            .saturating_sub(2),
    )
    .max(1)
}

/// Lines the timeline pane shows.
fn timeline_rows(ctx: &Ctx) -> u16 {
    view::home_areas(ctx.viewport)
        .timeline
        .height
        .saturating_sub(2)
}
