//! The app's state and its update function: a key becomes an action, the action changes the state and
//! may write to the store; a store error becomes a status line and the app keeps running.

use super::contact_form::ContactForm;
use super::entry_form::{Candidate, EntryForm};
use super::fuzzy;
use super::input::LineInput;
use super::keymap::{self, Action, Scope};
use super::theme::Theme;
use super::timeline::Timeline;
use super::view;
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::model::{Contact, Id, PromiseStatus};
use crate::domain::pillars::PillarScores;
use crate::i18n::{t, tr};
use crate::insight::{self, ContactHealth};
use crate::store::{EntryRow, PromiseRow, SearchHit, Store, StoreError};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::HashMap;

/// Which half of the home screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The contact list.
    Contacts,
    /// The timeline.
    Timeline,
}

/// The home screen: the neglect-aware contact list beside the timeline.
pub struct Home {
    /// Every active contact with its health, most urgent first.
    pub contacts: Vec<ContactHealth>,
    /// Indices into `contacts` that pass the filter, in display order.
    pub visible: Vec<usize>,
    /// The filter text.
    pub filter: LineInput,
    /// The filter field has the keys.
    pub filtering: bool,
    /// Selected row: 0 is "everyone", n is `visible[n - 1]`.
    pub cursor: usize,
    /// First row drawn.
    pub offset: usize,
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
}

impl Home {
    /// Entries in the whole journal (for the header).
    pub fn timeline_total(&self) -> i64 {
        self.total_entries
    }
}

/// A contact's page.
pub struct ContactPage {
    /// The contact and its health.
    pub health: ContactHealth,
    /// Pillar scores now and 90 days ago, touch calendar, mood line.
    pub relationship: insight::Relationship,
    /// Open promises both ways.
    pub promises: Vec<PromiseRow>,
    /// Their history, paged.
    pub timeline: Timeline,
    /// The lower half shows the charts instead of the history.
    pub show_charts: bool,
}

/// One entry, whole.
pub struct EntryView {
    /// The entry and its contacts' names.
    pub row: EntryRow,
    /// Promises made in it.
    pub promises: Vec<PromiseRow>,
    /// Lines scrolled.
    pub scroll: u16,
}

/// The promises list.
pub struct PromisesView {
    /// Open promises, overdue first.
    pub rows: Vec<PromiseRow>,
    /// Selected row.
    pub cursor: usize,
    /// First row drawn.
    pub offset: usize,
}

/// Full-text search.
pub struct SearchView {
    /// The query.
    pub input: LineInput,
    /// Results for it.
    pub hits: Vec<SearchHit>,
    /// Selected result.
    pub cursor: usize,
    /// First result drawn.
    pub offset: usize,
    /// The results list (not the query field) has the keys.
    pub in_results: bool,
    /// The query changed and has not been run yet (it runs when typing pauses).
    pub pending: bool,
}

/// What the review did with a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// A touch was logged.
    Logged,
    /// Snoozed.
    Snoozed,
    /// Archived.
    Archived,
    /// Cadence or tier changed.
    Changed,
    /// Looked at, left as it is.
    Skipped,
}

/// Counts of what a review did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    /// Touches logged.
    pub logged: usize,
    /// Contacts snoozed.
    pub snoozed: usize,
    /// Contacts archived.
    pub archived: usize,
    /// Cadences or tiers changed.
    pub changed: usize,
    /// Cards skipped.
    pub skipped: usize,
}

/// Everything one review card shows about the contact under review.
pub struct ReviewCard {
    /// The contact and its health now.
    pub health: ContactHealth,
    /// One sentence per flag.
    pub reasons: Vec<String>,
    /// The last three entries.
    pub recent: Vec<EntryRow>,
    /// Open promises both ways.
    pub promises: Vec<PromiseRow>,
    /// Pillar scores today.
    pub scores: PillarScores,
}

/// The weekly review: a queue of flagged contacts, one card at a time.
pub struct ReviewState {
    /// Flagged contacts, most urgent first (as the review started).
    pub queue: Vec<ContactHealth>,
    /// The card shown (== queue.len() when finished).
    pub index: usize,
    /// The current card's details.
    pub card: Option<ReviewCard>,
    /// What was done so far.
    pub counts: ReviewCounts,
}

impl ReviewState {
    /// One line that says what the review did (shown at the end, stored with its date).
    pub fn summary(&self) -> String {
        let c = &self.counts;
        tr(
            "review.done",
            &[
                ("total", &self.queue.len()),
                ("logged", &c.logged),
                ("snoozed", &c.snoozed),
                ("archived", &c.archived),
                ("changed", &c.changed),
                ("skipped", &c.skipped),
            ],
        )
    }

    /// True once every card has been seen.
    pub fn finished(&self) -> bool {
        self.index >= self.queue.len()
    }
}

/// A screen above home; Esc goes back to the one below.
pub enum Screen {
    /// A contact.
    Contact(Box<ContactPage>),
    /// An entry.
    Entry(Box<EntryView>),
    /// Promises.
    Promises(PromisesView),
    /// Search.
    Search(SearchView),
    /// The weekly review.
    Review(Box<ReviewState>),
    /// The portfolio overview.
    Overview(Box<insight::Overview>),
    /// Help.
    Help {
        /// Lines scrolled.
        scroll: u16,
    },
}

/// A form over the current screen.
pub enum Popup {
    /// Writing or editing an entry.
    Entry(Box<EntryForm>),
    /// Adding or editing a contact.
    Contact(Box<ContactForm>),
    /// Snoozing the contact under review: until when.
    Snooze(LineInput),
}

/// What a yes answer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// Delete an entry.
    DeleteEntry(Id),
    /// Delete a contact and what is only about them.
    DeleteContact(Id),
    /// Close the form, losing its changes.
    DiscardForm,
    /// Leave rapport, losing the form's changes.
    QuitDiscarding,
}

/// A yes/no question.
pub struct Confirm {
    /// The question.
    pub question: String,
    /// What yes does.
    pub on_yes: Confirmed,
}

/// How a status message reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Something happened.
    Info,
    /// Something failed.
    Error,
}

/// Work the event loop must do outside the update function (it needs the terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Run `$VISUAL`/`$EDITOR` on this text and hand the result to [`App::finish_external_edit`].
    EditExternally(String),
}

/// Everything the app knows.
pub struct App {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Config,
    /// Now and today.
    pub clock: Clock,
    /// Styles.
    pub theme: Theme,
    /// The home screen (always at the bottom of the stack).
    pub home: Home,
    /// Screens above home.
    pub screens: Vec<Screen>,
    /// A form, if open.
    pub popup: Option<Popup>,
    /// A question, if asked.
    pub confirm: Option<Confirm>,
    /// The status line.
    pub status: Option<(Tone, String)>,
    /// Set when the user quits.
    pub quit: bool,
    /// The terminal's size, for paging.
    pub viewport: Rect,
    /// Shown in the header (e.g. "demo").
    pub label: Option<String>,
    data_version: i64,
}

impl App {
    /// Loads the home screen.
    pub fn new(
        store: Store,
        config: Config,
        clock: Clock,
        theme: Theme,
        viewport: Rect,
    ) -> Result<App, StoreError> {
        let data_version = store.data_version()?;
        let timeline = Timeline::load(&store, None)?;
        let mut app = App {
            store,
            config,
            clock,
            theme,
            home: Home {
                contacts: Vec::new(),
                visible: Vec::new(),
                filter: LineInput::default(),
                filtering: false,
                cursor: 0,
                offset: 0,
                pane: Pane::Contacts,
                timeline,
                activity: HashMap::new(),
                total_entries: 0,
                last_review: None,
                review_pending: 0,
                judged_on: None,
            },
            screens: Vec::new(),
            popup: None,
            confirm: None,
            status: None,
            quit: false,
            viewport,
            label: None,
            data_version,
        };
        app.reload_contacts()?;
        Ok(app)
    }

    /// The scope whose bindings apply now.
    pub fn scope(&self) -> Scope {
        if self.confirm.is_some() {
            Scope::Confirm
        } else if self.popup.is_some() {
            Scope::Form
        } else {
            match self.screens.last() {
                None => Scope::Home,
                Some(Screen::Contact(_)) => Scope::Contact,
                Some(Screen::Entry(_)) => Scope::Entry,
                Some(Screen::Promises(_)) => Scope::Promises,
                Some(Screen::Search(_)) => Scope::Search,
                Some(Screen::Review(_)) => Scope::Review,
                Some(Screen::Overview(_)) => Scope::Overview,
                Some(Screen::Help { .. }) => Scope::Help,
            }
        }
    }

    /// Records a failure in the status line (the app keeps running).
    fn report(&mut self, result: Result<(), StoreError>) {
        if let Err(e) = result {
            self.status = Some((Tone::Error, crate::text::sanitize_line(&e.to_string())));
        }
    }

    fn info(&mut self, message: String) {
        self.status = Some((Tone::Info, message));
    }

    // ----------------------------------------------------------------------------------- loading

    fn reload_contacts(&mut self) -> Result<(), StoreError> {
        let selected = self.selected_contact().map(|c| c.contact.id);
        let today = self.clock.today();
        self.home.contacts =
            insight::neglect_list(&self.store, &self.config.cadence_defaults(), today, true)?;
        self.home.judged_on = Some(today);
        self.home.total_entries = self.store.entry_count(None)?;
        self.home.last_review = self.store.last_review()?;
        let handled = self.store.handled_flags()?;
        self.home.review_pending = self
            .home
            .contacts
            .iter()
            .filter(|c| insight::needs_review(c, &handled))
            .count();
        self.apply_filter();
        if let Some(id) = selected {
            if let Some(pos) = self
                .home
                .visible
                .iter()
                .position(|i| self.home.contacts[*i].contact.id == id)
            {
                self.home.cursor = pos + 1;
            }
        }
        self.home.activity.clear();
        self.load_visible_activity()
    }

    fn apply_filter(&mut self) {
        let query = self.home.filter.value();
        if query.is_empty() {
            self.home.visible = (0..self.home.contacts.len()).collect();
        } else {
            let texts: Vec<String> = self
                .home
                .contacts
                .iter()
                .map(|c| {
                    format!(
                        "{} {}",
                        c.contact.name,
                        c.contact.company.as_deref().unwrap_or_default()
                    )
                })
                .collect();
            self.home.visible = fuzzy::rank(query, texts.iter().map(String::as_str));
        }
        self.home.cursor = self.home.cursor.min(self.home.visible.len());
    }

    /// Fetches the activity sparklines of the rows on screen that do not have one yet.
    fn load_visible_activity(&mut self) -> Result<(), StoreError> {
        let rows = usize::from(
            view::home_areas(self.viewport)
                .contacts
                .height
                .saturating_sub(2),
        );
        let today = self.clock.today();
        let ids: Vec<Id> = self
            .home
            .visible
            .iter()
            .skip(self.home.offset.saturating_sub(1))
            .take(rows + 1)
            .map(|i| self.home.contacts[*i].contact.id)
            .filter(|id| !self.home.activity.contains_key(id))
            .collect();
        for id in ids {
            let bins = self.store.touch_activity(id, today, 13, 28)?;
            let mut fixed = [0u16; 13];
            for (slot, value) in fixed.iter_mut().zip(bins) {
                *slot = value;
            }
            self.home.activity.insert(id, fixed);
        }
        Ok(())
    }

    /// The contact under the home cursor (None on the "everyone" row).
    pub fn selected_contact(&self) -> Option<&ContactHealth> {
        let index = self.home.cursor.checked_sub(1)?;
        self.home
            .visible
            .get(index)
            .map(|i| &self.home.contacts[*i])
    }

    fn sync_timeline_to_cursor(&mut self) -> Result<(), StoreError> {
        let contact = self.selected_contact().map(|c| c.contact.id);
        if self.home.timeline.contact != contact {
            self.home.timeline = Timeline::load(&self.store, contact)?;
        }
        Ok(())
    }

    /// Reloads everything shown from the database (after a write, or when another process wrote).
    pub fn refresh(&mut self) -> Result<(), StoreError> {
        self.reload_contacts()?;
        self.sync_timeline_to_cursor()?;
        self.home.timeline.reload(&self.store)?;
        for index in 0..self.screens.len() {
            self.reload_screen(index)?;
        }
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    fn reload_screen(&mut self, index: usize) -> Result<(), StoreError> {
        let defaults = self.config.cadence_defaults();
        let today = self.clock.today();
        let store = &self.store;
        let mut gone = false;
        match &mut self.screens[index] {
            Screen::Contact(page) => {
                match load_contact_page(store, page.health.contact.id, &defaults, today) {
                    Ok(mut fresh) => {
                        fresh.show_charts = page.show_charts;
                        fresh.timeline.cursor = page
                            .timeline
                            .cursor
                            .min(fresh.timeline.rows.len().saturating_sub(1));
                        **page = fresh;
                    }
                    Err(StoreError::NotFound { .. }) => gone = true,
                    Err(e) => return Err(e),
                }
            }
            Screen::Entry(view) => match store.entry(view.row.entry.id) {
                Ok(row) => {
                    view.promises = promises_of_entry(store, &row)?;
                    view.row = row;
                }
                Err(StoreError::NotFound { .. }) => gone = true,
                Err(e) => return Err(e),
            },
            Screen::Promises(view) => {
                view.rows = store.promises(None, true)?;
                view.cursor = view.cursor.min(view.rows.len().saturating_sub(1));
            }
            Screen::Search(view) => {
                view.hits = store.search(&search_query(view.input.value()), None, SEARCH_LIMIT)?;
                view.cursor = view.cursor.min(view.hits.len().saturating_sub(1));
            }
            Screen::Review(review) => {
                if !review.finished() {
                    let id = review.queue[review.index].contact.id;
                    review.card = Some(load_review_card(store, id, &defaults, today)?);
                }
            }
            Screen::Overview(overview) => {
                let contacts = insight::neglect_list(store, &defaults, today, true)?;
                **overview = insight::overview(store, &contacts, today)?;
            }
            Screen::Help { .. } => {}
        }
        if gone {
            self.screens.truncate(index);
        }
        Ok(())
    }

    /// True while work waits for a pause in typing.
    pub fn has_pending_work(&self) -> bool {
        matches!(self.screens.last(), Some(Screen::Search(view)) if view.pending)
    }

    /// Does the work that waits for a pause in typing (the search as you type).
    pub fn idle(&mut self) {
        if self.has_pending_work() {
            let result = self.run_search();
            self.report(result);
        }
    }

    /// Called when idle: refreshes when another process changed the database.
    pub fn poll_external_changes(&mut self) {
        let result = self.store.data_version().and_then(|v| {
            if v == self.data_version {
                Ok(())
            } else {
                self.refresh()
            }
        });
        self.report(result);
    }

    /// Sets the terminal size (on start and resize).
    pub fn resize(&mut self, viewport: Rect) {
        self.viewport = viewport;
        let result = self.load_visible_activity();
        self.report(result);
    }

    // ------------------------------------------------------------------------------------- input

    /// Handles one key press at `clock`. Returns work only the event loop can do.
    pub fn handle_key(&mut self, key: KeyEvent, clock: Clock) -> Option<Effect> {
        self.clock = clock;
        self.status = None;
        if self.confirm.is_some() {
            let result = match keymap::lookup(Scope::Confirm, &key) {
                Some(Action::Yes) => self.confirmed(),
                Some(Action::No) => {
                    self.confirm = None;
                    Ok(())
                }
                _ => Ok(()),
            };
            self.report(result);
            return None;
        }
        if self.popup.is_some() {
            return self.form_key(key);
        }
        if let Some(effect) = self.text_key(&key) {
            return effect;
        }
        let scope = self.scope();
        let action = keymap::lookup(scope, &key).or_else(|| keymap::lookup(Scope::Global, &key));
        if let Some(action) = action {
            let result = self.apply(action);
            self.report(result);
        }
        None
    }

    /// Pasted text goes to the focused text field.
    pub fn handle_paste(&mut self, text: &str) {
        match &mut self.popup {
            Some(Popup::Entry(form)) => form.paste(text),
            Some(Popup::Contact(form)) => form.paste(text),
            Some(Popup::Snooze(input)) => input.paste(text),
            None => match self.screens.last_mut() {
                Some(Screen::Search(view)) if !view.in_results => {
                    view.input.paste(text);
                    view.pending = true;
                }
                None if self.home.filtering => {
                    self.home.filter.paste(text);
                    self.apply_filter();
                }
                _ => {}
            },
        }
    }

    /// Keys for a focused text field outside forms (search query, contact filter).
    /// `Some(effect)` when the key was used.
    fn text_key(&mut self, key: &KeyEvent) -> Option<Option<Effect>> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.screens.is_empty() && self.home.filtering {
            match key.code {
                KeyCode::Esc => {
                    self.home.filtering = false;
                    self.home.filter.set("");
                    self.apply_filter();
                }
                KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
                    self.home.filtering = false;
                    self.home.cursor = if self.home.visible.is_empty() { 0 } else { 1 };
                    self.home.offset = 0;
                }
                _ if ctrl && key.code == KeyCode::Char('c') => return None,
                _ => {
                    if self.home.filter.handle(key) {
                        self.home.cursor = usize::from(!self.home.visible.is_empty());
                        self.apply_filter();
                        self.home.cursor = usize::from(!self.home.visible.is_empty());
                        self.home.offset = 0;
                    }
                }
            }
            let result = self
                .sync_timeline_to_cursor()
                .and_then(|()| self.load_visible_activity());
            self.report(result);
            return Some(None);
        }
        if let Some(Screen::Search(view)) = self.screens.last_mut() {
            if !view.in_results {
                match key.code {
                    KeyCode::Esc | KeyCode::Enter | KeyCode::Tab => return None,
                    _ if ctrl && key.code == KeyCode::Char('c') => return None,
                    KeyCode::Down => {
                        view.in_results = !view.hits.is_empty();
                    }
                    _ => {
                        if view.input.handle(key) {
                            // Searching waits until typing pauses: see `idle`.
                            view.pending = true;
                        }
                    }
                }
                return Some(None);
            }
        }
        None
    }

    fn form_key(&mut self, key: KeyEvent) -> Option<Effect> {
        match keymap::lookup(Scope::Form, &key).or_else(|| {
            (keymap::lookup(Scope::Global, &key) == Some(Action::Quit)).then_some(Action::Quit)
        }) {
            Some(Action::NextPane) => self.with_form(|e| e.cycle_focus(1), |c| c.cycle_focus(1)),
            Some(Action::PrevPane) => self.with_form(|e| e.cycle_focus(-1), |c| c.cycle_focus(-1)),
            Some(Action::Save) => {
                let result = self.save_form();
                self.report(result);
            }
            Some(Action::ExternalEditor) => {
                if let Some(Popup::Entry(form)) = &self.popup {
                    return Some(Effect::EditExternally(form.body_text()));
                }
            }
            Some(Action::Back) => {
                if self.form_dirty() {
                    self.confirm = Some(Confirm {
                        question: t("confirm.discard").to_string(),
                        on_yes: Confirmed::DiscardForm,
                    });
                } else {
                    self.popup = None;
                }
            }
            Some(Action::Quit) => {
                if self.form_dirty() {
                    self.confirm = Some(Confirm {
                        question: t("confirm.quit_discard").to_string(),
                        on_yes: Confirmed::QuitDiscarding,
                    });
                } else {
                    self.quit = true;
                }
            }
            _ => match &mut self.popup {
                Some(Popup::Entry(form)) => form.handle_key(&key),
                Some(Popup::Contact(form)) => form.handle_key(&key),
                Some(Popup::Snooze(input)) => {
                    if key.code == KeyCode::Enter {
                        let result = self.save_form();
                        self.report(result);
                    } else {
                        input.handle(&key);
                    }
                }
                None => {}
            },
        }
        None
    }

    fn with_form(
        &mut self,
        entry: impl FnOnce(&mut EntryForm),
        contact: impl FnOnce(&mut ContactForm),
    ) {
        match &mut self.popup {
            Some(Popup::Entry(form)) => entry(form),
            Some(Popup::Contact(form)) => contact(form),
            Some(Popup::Snooze(_)) | None => {}
        }
    }

    fn form_dirty(&self) -> bool {
        match &self.popup {
            Some(Popup::Entry(form)) => form.dirty,
            Some(Popup::Contact(form)) => form.dirty,
            Some(Popup::Snooze(_)) | None => false,
        }
    }

    /// Puts the text back from the external editor (or reports why it could not run).
    pub fn finish_external_edit(&mut self, result: Result<String, String>) {
        match result {
            Ok(text) => {
                if let Some(Popup::Entry(form)) = &mut self.popup {
                    form.set_body(&text);
                }
            }
            Err(e) => self.status = Some((Tone::Error, e)),
        }
    }

    fn save_form(&mut self) -> Result<(), StoreError> {
        let clock = self.clock;
        match &mut self.popup {
            Some(Popup::Entry(form)) => {
                let Some(checked) = form.check(&clock) else {
                    // The whole message in the status line; beside the field it may be cut.
                    self.status = form.errors.first().map(|(_, e)| (Tone::Error, e.clone()));
                    return Ok(());
                };
                let new_contacts: Vec<Contact> = checked
                    .new_contacts
                    .iter()
                    .map(|name| Contact::new(name, clock.now))
                    .collect();
                let id = if checked.entry.id == 0 {
                    self.store.add_entry_with_new_contacts(
                        &checked.entry,
                        &new_contacts,
                        &checked.promises,
                    )?
                } else {
                    self.store.update_entry(&checked.entry)?;
                    checked.entry.id
                };
                self.popup = None;
                self.review_handled(Handled::Logged)?;
                self.refresh()?;
                self.info(tr("notice.entry_saved", &[("id", &id)]));
            }
            Some(Popup::Contact(form)) => {
                let Some(contact) = form.check(&clock) else {
                    // The whole message in the status line; beside the field it may be cut.
                    self.status = form.errors.first().map(|(_, e)| (Tone::Error, e.clone()));
                    return Ok(());
                };
                let id = if contact.id == 0 {
                    self.store.add_contact(&contact)?
                } else {
                    self.store.update_contact(&contact)?;
                    contact.id
                };
                self.popup = None;
                self.review_handled(Handled::Changed)?;
                self.refresh()?;
                if self.screens.is_empty() {
                    self.select_contact(id)?;
                }
                self.info(tr(
                    "notice.contact_saved",
                    &[("name", &crate::text::sanitize_line(&contact.name))],
                ));
            }
            Some(Popup::Snooze(input)) => {
                let text = input.value().to_string();
                let today = clock.today();
                let until = match crate::domain::dates::parse_duration_days(&text) {
                    Ok(days) => today.checked_add_days(chrono::Days::new(u64::from(days))),
                    Err(_) => clock
                        .date(&text, crate::domain::dates::Direction::Future)
                        .ok(),
                };
                let Some(until) = until.filter(|d| *d > today) else {
                    self.status = Some((
                        Tone::Error,
                        tr(
                            "error.bad_snooze",
                            &[("text", &crate::text::sanitize_line(&text))],
                        ),
                    ));
                    return Ok(());
                };
                let Some(Screen::Review(review)) = self.screens.last() else {
                    return Ok(());
                };
                let Some(card) = &review.card else {
                    return Ok(());
                };
                let (id, name) = (
                    card.health.contact.id,
                    crate::text::sanitize_line(&card.health.contact.name),
                );
                self.store.set_snooze(id, Some(until))?;
                self.popup = None;
                self.review_handled(Handled::Snoozed)?;
                self.refresh()?;
                self.info(tr(
                    "notice.snoozed",
                    &[
                        ("name", &name),
                        (
                            "until",
                            &format!(
                                "{} ({})",
                                until.format("%Y-%m-%d"),
                                crate::display::relative_day(until, today)
                            ),
                        ),
                    ],
                ));
            }
            None => {}
        }
        Ok(())
    }

    /// Starts the weekly review over every flagged contact a review has not handled yet.
    pub fn start_review(&mut self) -> Result<(), StoreError> {
        let defaults = self.config.cadence_defaults();
        let today = self.clock.today();
        // The home list is the neglect list, kept current as the data changes; only a new day
        // (the app left open overnight) calls for judging everyone again.
        if self.home.judged_on != Some(today) {
            self.reload_contacts()?;
        }
        let queue = insight::review_queue(&self.home.contacts, &self.store.handled_flags()?);
        let mut review = ReviewState {
            queue,
            index: 0,
            card: None,
            counts: ReviewCounts::default(),
        };
        if review.finished() {
            self.store.record_review(today, &review.summary())?;
            self.home.last_review = Some(today);
        } else {
            review.card = Some(load_review_card(
                &self.store,
                review.queue[0].contact.id,
                &defaults,
                today,
            )?);
        }
        self.screens.push(Screen::Review(Box::new(review)));
        Ok(())
    }

    /// When the review is on top: remembers what was done with the current card and shows the next.
    fn review_handled(&mut self, what: Handled) -> Result<(), StoreError> {
        let today = self.clock.today();
        let Some(Screen::Review(review)) = self.screens.last_mut() else {
            return Ok(());
        };
        if let (Some(card), false) = (&review.card, what == Handled::Skipped) {
            let flags: Vec<&str> = card
                .health
                .health
                .flags
                .iter()
                .map(|f| f.as_str())
                .collect();
            self.store
                .mark_handled(card.health.contact.id, &flags, today)?;
        }
        let counts = &mut review.counts;
        match what {
            Handled::Logged => counts.logged += 1,
            Handled::Snoozed => counts.snoozed += 1,
            Handled::Archived => counts.archived += 1,
            Handled::Changed => counts.changed += 1,
            Handled::Skipped => counts.skipped += 1,
        }
        self.review_move(1)
    }

    /// Shows the card `step` away; past the last card the review is finished and recorded.
    fn review_move(&mut self, step: isize) -> Result<(), StoreError> {
        let defaults = self.config.cadence_defaults();
        let today = self.clock.today();
        let Some(Screen::Review(review)) = self.screens.last_mut() else {
            return Ok(());
        };
        let was_finished = review.finished();
        review.index = review
            .index
            .saturating_add_signed(step)
            .min(review.queue.len());
        review.card = None;
        if review.finished() {
            if !was_finished {
                self.store.record_review(today, &review.summary())?;
                self.home.last_review = Some(today);
            }
        } else {
            let id = review.queue[review.index].contact.id;
            review.card = Some(load_review_card(&self.store, id, &defaults, today)?);
        }
        Ok(())
    }

    fn select_contact(&mut self, id: Id) -> Result<(), StoreError> {
        self.home.filter.set("");
        self.apply_filter();
        if let Some(pos) = self
            .home
            .visible
            .iter()
            .position(|i| self.home.contacts[*i].contact.id == id)
        {
            self.home.cursor = pos + 1;
            self.home.pane = Pane::Contacts;
            self.keep_home_cursor_visible();
        }
        self.sync_timeline_to_cursor()?;
        self.load_visible_activity()
    }

    fn confirmed(&mut self) -> Result<(), StoreError> {
        let Some(confirm) = self.confirm.take() else {
            return Ok(());
        };
        match confirm.on_yes {
            Confirmed::DiscardForm => self.popup = None,
            Confirmed::QuitDiscarding => self.quit = true,
            Confirmed::DeleteEntry(id) => {
                self.store.delete_entry(id)?;
                if matches!(self.screens.last(), Some(Screen::Entry(v)) if v.row.entry.id == id) {
                    self.screens.pop();
                }
                self.refresh()?;
                self.info(t("notice.entry_deleted").to_string());
            }
            Confirmed::DeleteContact(id) => {
                self.store.delete_contact(id)?;
                self.screens
                    .retain(|s| !matches!(s, Screen::Contact(p) if p.health.contact.id == id));
                self.home.cursor = self.home.cursor.saturating_sub(1);
                self.refresh()?;
                self.info(t("notice.contact_deleted").to_string());
            }
        }
        Ok(())
    }

    // ----------------------------------------------------------------------------------- actions

    fn page_rows(&self) -> usize {
        usize::from(self.viewport.height.saturating_sub(8)).max(1)
    }

    /// Applies an action to the current screen.
    pub fn apply(&mut self, action: Action) -> Result<(), StoreError> {
        match action {
            Action::Quit => {
                if self.screens.is_empty()
                    || keymap::lookup(Scope::Home, &KeyEvent::from(KeyCode::Char('q')))
                        != Some(Action::Quit)
                {
                    self.quit = true;
                }
                return Ok(());
            }
            Action::Help => {
                self.screens.push(Screen::Help { scroll: 0 });
                return Ok(());
            }
            Action::Refresh => {
                self.refresh()?;
                self.info(t("notice.refreshed").to_string());
                return Ok(());
            }
            _ => {}
        }
        let page = isize::try_from(self.page_rows()).unwrap_or(10);
        match self.screens.last_mut() {
            None => self.home_action(action, page),
            Some(Screen::Help { scroll }) => {
                match action {
                    Action::Down => *scroll = scroll.saturating_add(1),
                    Action::Up => *scroll = scroll.saturating_sub(1),
                    Action::PageDown => *scroll = scroll.saturating_add(10),
                    Action::PageUp => *scroll = scroll.saturating_sub(10),
                    Action::Top => *scroll = 0,
                    Action::Back => {
                        self.screens.pop();
                    }
                    _ => {}
                }
                Ok(())
            }
            Some(Screen::Entry(_)) => self.entry_action(action),
            Some(Screen::Contact(_)) => self.contact_action(action, page),
            Some(Screen::Promises(_)) => self.promises_action(action, page),
            Some(Screen::Search(_)) => self.search_action(action, page),
            Some(Screen::Review(_)) => self.review_action(action),
            Some(Screen::Overview(_)) => {
                if action == Action::Back {
                    self.screens.pop();
                }
                Ok(())
            }
        }
    }

    fn home_action(&mut self, action: Action, page: isize) -> Result<(), StoreError> {
        let on_contacts = self.home.pane == Pane::Contacts;
        match action {
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => {
                if on_contacts {
                    let last = self.home.visible.len();
                    self.home.cursor = match action {
                        Action::Down => (self.home.cursor + 1).min(last),
                        Action::Up => self.home.cursor.saturating_sub(1),
                        Action::PageDown => self
                            .home
                            .cursor
                            .saturating_add(page.unsigned_abs())
                            .min(last),
                        Action::PageUp => self.home.cursor.saturating_sub(page.unsigned_abs()),
                        Action::Top => 0,
                        _ => last,
                    };
                    self.keep_home_cursor_visible();
                    self.sync_timeline_to_cursor()?;
                    self.load_visible_activity()?;
                } else {
                    let timeline = &mut self.home.timeline;
                    match action {
                        Action::Down => timeline.move_by(&self.store, 1)?,
                        Action::Up => timeline.move_by(&self.store, -1)?,
                        Action::PageDown => timeline.move_by(&self.store, page)?,
                        Action::PageUp => timeline.move_by(&self.store, -page)?,
                        Action::Top => timeline.top(&self.store)?,
                        _ => timeline.bottom(&self.store)?,
                    }
                    let height = view::home_areas(self.viewport)
                        .timeline
                        .height
                        .saturating_sub(2);
                    view::keep_timeline_cursor_visible(timeline, height);
                }
            }
            Action::NextPane | Action::PrevPane => {
                self.home.pane = if on_contacts {
                    Pane::Timeline
                } else {
                    Pane::Contacts
                };
            }
            Action::Open => {
                if on_contacts {
                    if let Some(id) = self.selected_contact().map(|c| c.contact.id) {
                        self.open_contact(id)?;
                    } else {
                        self.home.pane = Pane::Timeline;
                    }
                } else if let Some(id) = self.home.timeline.selected().map(|r| r.entry.id) {
                    self.open_entry(id)?;
                }
            }
            Action::NewEntry => {
                let contact = self.selected_contact().map(|c| candidate(&c.contact));
                self.open_entry_form(contact);
            }
            Action::AddContact => {
                self.popup = Some(Popup::Contact(Box::new(ContactForm::new(Contact::new(
                    "",
                    self.clock.now,
                )))));
            }
            Action::Edit => {
                if on_contacts {
                    // The list holds contacts without their tags: edit a fresh, complete copy.
                    if let Some(id) = self.selected_contact().map(|c| c.contact.id) {
                        let (contact, _) = self.store.contact(id)?;
                        self.popup = Some(Popup::Contact(Box::new(ContactForm::new(contact))));
                    }
                } else if let Some(row) = self.home.timeline.selected().cloned() {
                    self.open_edit_entry(&row);
                }
            }
            Action::Delete => {
                if on_contacts {
                    if let Some(c) = self.selected_contact() {
                        self.confirm = Some(Confirm {
                            question: tr(
                                "confirm.delete_contact",
                                &[("name", &crate::text::sanitize_line(&c.contact.name))],
                            ),
                            on_yes: Confirmed::DeleteContact(c.contact.id),
                        });
                    }
                } else if let Some(row) = self.home.timeline.selected() {
                    self.confirm = Some(Confirm {
                        question: tr("confirm.delete_entry", &[("id", &row.entry.id)]),
                        on_yes: Confirmed::DeleteEntry(row.entry.id),
                    });
                }
            }
            Action::Filter => {
                self.home.filtering = true;
                self.home.pane = Pane::Contacts;
            }
            Action::Search => self.open_search(),
            Action::Promises => self.open_promises()?,
            Action::Review => self.start_review()?,
            Action::Overview => {
                let overview =
                    insight::overview(&self.store, &self.home.contacts, self.clock.today())?;
                self.screens.push(Screen::Overview(Box::new(overview)));
            }
            Action::Back if !self.home.filter.is_blank() => {
                self.home.filter.set("");
                self.apply_filter();
                self.sync_timeline_to_cursor()?;
            }
            _ => {}
        }
        Ok(())
    }

    fn keep_home_cursor_visible(&mut self) {
        let rows = usize::from(
            view::home_areas(self.viewport)
                .contacts
                .height
                .saturating_sub(2),
        )
        .max(1);
        if self.home.cursor < self.home.offset {
            self.home.offset = self.home.cursor;
        } else if self.home.cursor >= self.home.offset + rows {
            self.home.offset = self.home.cursor + 1 - rows;
        }
    }

    fn open_entry_form(&mut self, contact: Option<Candidate>) {
        let candidates = self
            .home
            .contacts
            .iter()
            .map(|c| candidate(&c.contact))
            .collect();
        self.popup = Some(Popup::Entry(Box::new(EntryForm::new(
            contact,
            candidates,
            self.config.entry.template,
        ))));
    }

    fn open_edit_entry(&mut self, row: &EntryRow) {
        let candidates = self
            .home
            .contacts
            .iter()
            .map(|c| candidate(&c.contact))
            .collect();
        self.popup = Some(Popup::Entry(Box::new(EntryForm::edit(
            &row.entry,
            &row.contact_names,
            candidates,
        ))));
    }

    fn open_contact(&mut self, id: Id) -> Result<(), StoreError> {
        let page = load_contact_page(
            &self.store,
            id,
            &self.config.cadence_defaults(),
            self.clock.today(),
        )?;
        self.screens.push(Screen::Contact(Box::new(page)));
        Ok(())
    }

    fn open_entry(&mut self, id: Id) -> Result<(), StoreError> {
        let row = self.store.entry(id)?;
        let promises = promises_of_entry(&self.store, &row)?;
        self.screens.push(Screen::Entry(Box::new(EntryView {
            row,
            promises,
            scroll: 0,
        })));
        Ok(())
    }

    fn open_search(&mut self) {
        self.screens.push(Screen::Search(SearchView {
            input: LineInput::default(),
            hits: Vec::new(),
            cursor: 0,
            offset: 0,
            in_results: false,
            pending: false,
        }));
    }

    fn open_promises(&mut self) -> Result<(), StoreError> {
        let rows = self.store.promises(None, true)?;
        self.screens.push(Screen::Promises(PromisesView {
            rows,
            cursor: 0,
            offset: 0,
        }));
        Ok(())
    }

    fn run_search(&mut self) -> Result<(), StoreError> {
        if let Some(Screen::Search(view)) = self.screens.last_mut() {
            view.pending = false;
            view.hits = self
                .store
                .search(&search_query(view.input.value()), None, SEARCH_LIMIT)?;
            view.cursor = 0;
            view.offset = 0;
        }
        Ok(())
    }

    fn review_action(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(Screen::Review(review)) = self.screens.last() else {
            return Ok(());
        };
        let current = review.card.as_ref().map(|c| c.health.contact.clone());
        match (action, current) {
            (Action::Back, _) => {
                self.screens.pop();
            }
            (Action::Previous, _) => self.review_move(-1)?,
            (Action::Next, Some(_)) => self.review_handled(Handled::Skipped)?,
            (Action::LogTouch, Some(contact)) => {
                self.open_entry_form(Some(candidate(&contact)));
                if let Some(Popup::Entry(form)) = &mut self.popup {
                    form.kind = crate::domain::model::Kind::Call;
                }
            }
            (Action::Snooze, Some(_)) => self.popup = Some(Popup::Snooze(LineInput::new("1w"))),
            (Action::ChangeCadence, Some(contact)) => {
                let mut form = ContactForm::new(contact);
                form.focus = super::contact_form::Field::Cadence;
                self.popup = Some(Popup::Contact(Box::new(form)));
            }
            (Action::Archive, Some(contact)) => {
                self.store.set_archived(contact.id, true)?;
                self.review_handled(Handled::Archived)?;
                self.refresh()?;
                self.info(tr(
                    "notice.archived",
                    &[("name", &crate::text::sanitize_line(&contact.name))],
                ));
            }
            (Action::Open, Some(contact)) => self.open_contact(contact.id)?,
            _ => {}
        }
        Ok(())
    }

    fn entry_action(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(Screen::Entry(view)) = self.screens.last_mut() else {
            return Ok(());
        };
        match action {
            Action::Down => view.scroll = view.scroll.saturating_add(1),
            Action::Up => view.scroll = view.scroll.saturating_sub(1),
            Action::PageDown => view.scroll = view.scroll.saturating_add(10),
            Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
            Action::Top => view.scroll = 0,
            Action::Edit => {
                let row = view.row.clone();
                self.open_edit_entry(&row);
            }
            Action::Delete => {
                let id = view.row.entry.id;
                self.confirm = Some(Confirm {
                    question: tr("confirm.delete_entry", &[("id", &id)]),
                    on_yes: Confirmed::DeleteEntry(id),
                });
            }
            Action::Back => {
                self.screens.pop();
            }
            _ => {}
        }
        Ok(())
    }

    fn contact_action(&mut self, action: Action, page: isize) -> Result<(), StoreError> {
        let height = view::contact_history_height(self.viewport);
        let Some(Screen::Contact(contact)) = self.screens.last_mut() else {
            return Ok(());
        };
        let timeline = &mut contact.timeline;
        match action {
            Action::Down => timeline.move_by(&self.store, 1)?,
            Action::Up => timeline.move_by(&self.store, -1)?,
            Action::PageDown => timeline.move_by(&self.store, page)?,
            Action::PageUp => timeline.move_by(&self.store, -page)?,
            Action::Top => timeline.top(&self.store)?,
            Action::Bottom => timeline.bottom(&self.store)?,
            Action::Open => {
                if let Some(id) = timeline.selected().map(|r| r.entry.id) {
                    self.open_entry(id)?;
                }
                return Ok(());
            }
            Action::NextPane | Action::PrevPane => contact.show_charts = !contact.show_charts,
            Action::NewEntry => {
                let c = candidate(&contact.health.contact);
                self.open_entry_form(Some(c));
            }
            Action::Edit => {
                let c = contact.health.contact.clone();
                self.popup = Some(Popup::Contact(Box::new(ContactForm::new(c))));
            }
            Action::Archive => {
                let c = &contact.health.contact;
                let (id, archived, name) = (c.id, !c.archived, crate::text::sanitize_line(&c.name));
                self.store.set_archived(id, archived)?;
                self.refresh()?;
                let key = if archived {
                    "notice.archived"
                } else {
                    "notice.unarchived"
                };
                self.info(tr(key, &[("name", &name)]));
            }
            Action::Delete => {
                let c = &contact.health.contact;
                self.confirm = Some(Confirm {
                    question: tr(
                        "confirm.delete_contact",
                        &[("name", &crate::text::sanitize_line(&c.name))],
                    ),
                    on_yes: Confirmed::DeleteContact(c.id),
                });
            }
            Action::Promises => self.open_promises()?,
            Action::Search => self.open_search(),
            Action::Back => {
                self.screens.pop();
            }
            _ => {}
        }
        if let Some(Screen::Contact(contact)) = self.screens.last_mut() {
            view::keep_timeline_cursor_visible(&mut contact.timeline, height);
        }
        Ok(())
    }

    fn promises_action(&mut self, action: Action, page: isize) -> Result<(), StoreError> {
        let rows = self.page_rows();
        let now = self.clock.now;
        let Some(Screen::Promises(view)) = self.screens.last_mut() else {
            return Ok(());
        };
        let last = view.rows.len().saturating_sub(1);
        match action {
            Action::Down => view.cursor = (view.cursor + 1).min(last),
            Action::Up => view.cursor = view.cursor.saturating_sub(1),
            Action::PageDown => {
                view.cursor = view.cursor.saturating_add(page.unsigned_abs()).min(last)
            }
            Action::PageUp => view.cursor = view.cursor.saturating_sub(page.unsigned_abs()),
            Action::Top => view.cursor = 0,
            Action::Bottom => view.cursor = last,
            Action::Kept | Action::Broken => {
                if let Some(row) = view.rows.get(view.cursor) {
                    let status = if action == Action::Kept {
                        PromiseStatus::Kept
                    } else {
                        PromiseStatus::Broken
                    };
                    let text = crate::text::sanitize_line(&row.promise.text);
                    self.store
                        .set_promise_status(row.promise.id, status, &now)?;
                    self.refresh()?;
                    let key = if status == PromiseStatus::Kept {
                        "notice.promise_kept"
                    } else {
                        "notice.promise_broken"
                    };
                    self.info(tr(key, &[("text", &text)]));
                }
                return Ok(());
            }
            Action::Open => {
                if let Some(id) = view.rows.get(view.cursor).map(|r| r.promise.contact) {
                    self.open_contact(id)?;
                }
                return Ok(());
            }
            Action::Back => {
                self.screens.pop();
                return Ok(());
            }
            _ => {}
        }
        keep_visible(&mut view.offset, view.cursor, rows);
        Ok(())
    }

    fn search_action(&mut self, action: Action, page: isize) -> Result<(), StoreError> {
        if self.has_pending_work() {
            self.run_search()?;
        }
        let rows = view::search_rows(self.viewport);
        let Some(Screen::Search(view)) = self.screens.last_mut() else {
            return Ok(());
        };
        let last = view.hits.len().saturating_sub(1);
        match action {
            Action::Down => view.cursor = (view.cursor + 1).min(last),
            Action::Up => {
                if view.cursor == 0 {
                    view.in_results = false;
                }
                view.cursor = view.cursor.saturating_sub(1);
            }
            Action::PageDown => {
                view.cursor = view.cursor.saturating_add(page.unsigned_abs()).min(last)
            }
            Action::PageUp => view.cursor = view.cursor.saturating_sub(page.unsigned_abs()),
            Action::Top => view.cursor = 0,
            Action::Bottom => view.cursor = last,
            Action::NextPane | Action::PrevPane => {
                view.in_results = !view.in_results && !view.hits.is_empty()
            }
            Action::Open => {
                if let Some(id) = view.hits.get(view.cursor).map(|h| h.row.entry.id) {
                    self.open_entry(id)?;
                }
                return Ok(());
            }
            Action::Back => {
                self.screens.pop();
                return Ok(());
            }
            _ => {}
        }
        keep_visible(&mut view.offset, view.cursor, rows);
        Ok(())
    }
}

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

fn keep_visible(offset: &mut usize, cursor: usize, rows: usize) {
    let rows = rows.max(1);
    if cursor < *offset {
        *offset = cursor;
    } else if cursor >= *offset + rows {
        *offset = cursor + 1 - rows;
    }
}

fn candidate(c: &Contact) -> Candidate {
    Candidate {
        id: c.id,
        name: c.name.clone(),
        company: c.company.clone(),
    }
}

fn load_contact_page(
    store: &Store,
    id: Id,
    defaults: &crate::domain::rules::CadenceDefaults,
    today: chrono::NaiveDate,
) -> Result<ContactPage, StoreError> {
    let health = insight::contact_health(store, id, defaults, today)?;
    let relationship = insight::relationship(store, &health.contact, defaults, today)?;
    let promises = store.promises(Some(id), true)?;
    let timeline = Timeline::load(store, Some(id))?;
    Ok(ContactPage {
        health,
        relationship,
        promises,
        timeline,
        show_charts: false,
    })
}

fn promises_of_entry(store: &Store, row: &EntryRow) -> Result<Vec<PromiseRow>, StoreError> {
    let mut out = Vec::new();
    for contact in &row.entry.contacts {
        out.extend(
            store
                .promises(Some(*contact), false)?
                .into_iter()
                .filter(|p| p.promise.entry == Some(row.entry.id)),
        );
    }
    Ok(out)
}

fn load_review_card(
    store: &Store,
    id: Id,
    defaults: &crate::domain::rules::CadenceDefaults,
    today: chrono::NaiveDate,
) -> Result<ReviewCard, StoreError> {
    let health = insight::contact_health(store, id, defaults, today)?;
    let reasons = crate::display::reasons(&health, today);
    let scores = insight::pillar_scores(store, &health.contact, defaults, today)?;
    let recent = store.entries_page(Some(id), None, 3)?;
    let promises = store.promises(Some(id), true)?;
    Ok(ReviewCard {
        health,
        reasons,
        recent,
        promises,
        scores,
    })
}
