//! The app: the screen stack, the form and question on top, dispatch of keys to the screen in front,
//! and the status line. Screens decide what a key means ([`crate::tui::screen`]); changes to the
//! journal run in [`crate::tui::executor`].

use super::command::{Answer, Confirm, EntryFormFor, Outcome, Popup, Target};
use super::entry_form::EntryForm;
use super::executor;
use super::keymap::{self, Action, Scope};
use super::list::Scroll;
use super::merge_picker::MergePicker;
use super::popup::{self, FormStep};
use super::sync_worker::SyncWorker;
use super::theme::Theme;
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::model::{Contact, Id};
use crate::i18n::{t, tr};
use crate::insight::{self, ContactHealth};
use crate::store::{Store, StoreError};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

pub use super::command::Command;
pub use super::screen::Screen;
pub use super::screen::company::CompanyPage;
pub use super::screen::contact::ContactPage;
pub use super::screen::entry::EntryView;
pub use super::screen::home::{Home, Pane};
pub use super::screen::promises::PromisesView;
pub use super::screen::review::{Handled, ReviewCard, ReviewCounts, ReviewState};
pub use super::screen::search::{SEARCH_LIMIT, SearchView};

/// What an update may read, borrowed from the app's fields so that a screen can be changed at the
/// same time.
macro_rules! ctx {
    ($app:expr) => {
        $crate::tui::screen::Ctx {
            store: &$app.store,
            config: &$app.config,
            clock: $app.clock,
            viewport: $app.viewport,
        }
    };
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
    /// How to take back the last one-key change (`u`).
    pub undo: Option<Command>,
    /// Set when the user quits.
    pub quit: bool,
    /// The terminal's size, for paging.
    pub viewport: Rect,
    /// Shown in the header (e.g. "demo").
    pub label: Option<String>,
    /// The sync with the DAV server (`S`, and in the background with `auto = true`).
    pub sync: SyncWorker,
    /// How many inbox proposals wait (the header's "5 to confirm").
    pub inbox_open: usize,
    data_version: i64,
    /// Set when another rapport process replaced the database file (`encrypt`, `decrypt`).
    reopen: bool,
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
        let inbox_open = store_count(&store, clock.today())?;
        let home = Home::load(&super::screen::Ctx {
            store: &store,
            config: &config,
            clock,
            viewport,
        })?;
        Ok(App {
            store,
            config,
            clock,
            theme,
            home,
            screens: Vec::new(),
            popup: None,
            confirm: None,
            status: None,
            undo: None,
            quit: false,
            viewport,
            label: None,
            sync: SyncWorker::off(),
            inbox_open,
            data_version,
            reopen: false,
        })
    }

    /// The scope whose bindings apply now.
    pub fn scope(&self) -> Scope {
        if self.confirm.is_some() {
            return Scope::Confirm;
        }
        if self.popup.is_some() {
            return Scope::Form;
        }
        match self.screens.last() {
            None => Scope::Home,
            Some(Screen::Contact(_)) => Scope::Contact,
            Some(Screen::Company(_)) => Scope::Company,
            Some(Screen::Entry(_)) => Scope::Entry,
            Some(Screen::Promises(_)) => Scope::Promises,
            Some(Screen::Inbox(_)) => Scope::Inbox,
            Some(Screen::Search(_)) => Scope::Search,
            Some(Screen::Review(review)) if review.finished() => Scope::ReviewDone,
            Some(Screen::Review(_)) => Scope::Review,
            Some(Screen::Overview(_)) => Scope::Overview,
            Some(Screen::Help(_)) => Scope::Help,
        }
    }

    /// The contact under the home cursor (None on the "everyone" row).
    pub fn selected_contact(&self) -> Option<&ContactHealth> {
        self.home.selected_contact()
    }

    fn report(&mut self, result: Result<(), StoreError>) {
        if let Err(e) = result {
            self.reopen |= matches!(e, StoreError::Converting) && self.store.replaced();
            self.status = Some((Tone::Error, crate::text::sanitize_line(&e.to_string())));
        }
    }

    /// Says what happened in the status line.
    pub fn info(&mut self, message: String) {
        self.status = Some((Tone::Info, message));
    }

    /// Remembers how to take back the change just made (the status line then says `u undo`).
    pub fn offer_undo(&mut self, undo: Command) {
        self.undo = Some(undo);
    }

    /// The status line as drawn: the message, and the undo hint while the last change can be undone.
    pub fn status_line(&self) -> Option<(Tone, String)> {
        let (tone, message) = self.status.as_ref()?;
        Some(match &self.undo {
            Some(_) => (*tone, format!("{message}  {}", t("notice.undo_hint"))),
            None => (*tone, message.clone()),
        })
    }

    /// Reloads everything shown from the database (after a write, or when another process wrote).
    /// A screen whose record is gone is closed, with every screen above it.
    pub fn refresh(&mut self) -> Result<(), StoreError> {
        let ctx = ctx!(self);
        self.home.reload_contacts(&ctx)?;
        self.home.sync_timeline(&ctx)?;
        self.home.timeline.reload(ctx.store)?;
        let mut index = 0;
        while index < self.screens.len() {
            match reload_screen(&mut self.screens[index], &ctx, &self.home.contacts) {
                Ok(()) => index += 1,
                Err(StoreError::NotFound { .. }) => self.screens.truncate(index),
                Err(e) => return Err(e),
            }
        }
        self.inbox_open = store_count(&self.store, self.clock.tick().today())?;
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    /// True while work waits for a pause in typing.
    pub fn has_pending_work(&self) -> bool {
        matches!(self.screens.last(), Some(Screen::Search(view)) if view.pending)
    }

    /// Does the work that waits for a pause in typing (the search as you type).
    pub fn idle(&mut self) {
        if let Some(Screen::Search(view)) = self.screens.last_mut()
            && view.pending
        {
            let result = view.run(&ctx!(self));
            self.report(result);
        }
    }

    /// Called when idle: refreshes when another process changed the database.
    pub fn poll_external_changes(&mut self) {
        if self.store.replaced() {
            self.reopen = true;
            return;
        }
        let result = self.store.data_version().and_then(|v| {
            if v == self.data_version {
                Ok(())
            } else {
                self.refresh()
            }
        });
        self.report(result);
    }

    /// Starts a sync now (`S`, or the background sync when it is due); the status line says so, or
    /// why it cannot.
    pub fn start_sync(&mut self) {
        match self.sync.start(&self.store, self.clock.tick()) {
            Ok(()) => self.info(t("sync.running").to_string()),
            Err(message) => {
                self.status = Some((Tone::Error, crate::text::sanitize_line(&message)));
            }
        }
    }

    /// Called when idle: starts the background sync when it is due, and takes the result of one that
    /// ended (its summary, or its error, in the status line; what it wrote is then shown).
    pub fn poll_sync(&mut self) -> bool {
        if self.sync.auto_due() {
            self.start_sync();
            return true;
        }
        let now = self.clock.tick().now;
        let Some(result) = self.sync.poll(now) else {
            return false;
        };
        match result {
            Ok(report) => {
                let mut line = report.line();
                if let Ok(n) = self.store.unassigned_journal_count()
                    && n > 0
                {
                    line.push_str(&format!(
                        " · {}",
                        tr("sync.notes_need_contact", &[("n", &n)])
                    ));
                }
                let refreshed = self.refresh();
                self.report(refreshed);
                self.info(line);
            }
            Err(message) => {
                self.status = Some((Tone::Error, crate::text::sanitize_line(&message)));
            }
        }
        true
    }

    /// True when the database file was replaced and the event loop must open the new one.
    pub fn wants_reopen(&self) -> bool {
        self.reopen
    }

    /// Goes on with the newly opened database file, and says so.
    pub fn replace_store(&mut self, store: Store) -> Result<(), StoreError> {
        store.without_mmap()?;
        self.store = store;
        self.reopen = false;
        self.refresh()?;
        self.info(t("notice.reopened").to_string());
        Ok(())
    }

    /// Sets the terminal size (on start and resize).
    pub fn resize(&mut self, viewport: Rect) {
        self.viewport = viewport;
        let result = self.home.load_visible_activity(&ctx!(self));
        self.report(result);
    }

    /// Handles one key press at `clock`. Returns work only the event loop can do.
    pub fn handle_key(&mut self, key: KeyEvent, clock: Clock) -> Option<Effect> {
        self.clock = clock;
        self.status = None;
        let result = self.dispatch(&key);
        match result {
            Ok(effect) => effect,
            Err(e) => {
                self.report(Err(e));
                None
            }
        }
    }

    fn dispatch(&mut self, key: &KeyEvent) -> Result<Option<Effect>, StoreError> {
        if let Some(confirm) = self.confirm.take() {
            let answer = match keymap::lookup(Scope::Confirm, key) {
                Some(Action::Yes) => Some(confirm.on_yes),
                Some(Action::Alternative) => confirm.on_alternative.clone(),
                Some(Action::No) => None,
                _ => {
                    self.confirm = Some(confirm);
                    return Ok(None);
                }
            };
            if let Some(answer) = answer {
                self.answer(answer)?;
            }
            return Ok(None);
        }
        if let Some(form) = &mut self.popup {
            let step = popup::key(form, key, &self.clock);
            return self.form_step(step);
        }
        let ctx = ctx!(self);
        let taken = match self.screens.last_mut() {
            None => self.home.filter_key(key, &ctx)?,
            Some(Screen::Search(view)) => view.query_key(key),
            Some(_) => false,
        };
        if taken {
            return Ok(None);
        }
        let action =
            keymap::lookup(self.scope(), key).or_else(|| keymap::lookup(Scope::Global, key));
        if let Some(action) = action {
            self.apply(action)?;
        }
        Ok(None)
    }

    fn answer(&mut self, answer: Answer) -> Result<(), StoreError> {
        match answer {
            Answer::Run(command) => executor::execute(self, command),
            Answer::DiscardForm => {
                self.popup = None;
                Ok(())
            }
            Answer::Quit => {
                self.quit = true;
                Ok(())
            }
        }
    }

    fn form_step(&mut self, step: FormStep) -> Result<Option<Effect>, StoreError> {
        match step {
            FormStep::Stay => {}
            FormStep::Close => self.popup = None,
            FormStep::Ask(confirm) => self.confirm = Some(confirm),
            FormStep::Run(command) => executor::execute(self, command)?,
            FormStep::EditExternally(text) => return Ok(Some(Effect::EditExternally(text))),
            FormStep::Quit => self.quit = true,
            FormStep::Error(message) => self.status = Some((Tone::Error, message)),
            FormStep::AskMerge { keep, other } => {
                self.popup = None;
                self.confirm = Some(self.merge_question(keep, other)?);
            }
        }
        Ok(None)
    }

    /// Pasted text goes to the focused text field.
    pub fn handle_paste(&mut self, text: &str) {
        if let Some(form) = &mut self.popup {
            popup::paste(form, text);
            return;
        }
        match self.screens.last_mut() {
            Some(Screen::Search(view)) => {
                view.paste(text);
            }
            None => {
                self.home.paste(text);
            }
            _ => {}
        }
    }

    /// Puts the text back from the external editor (or reports why it could not run).
    pub fn finish_external_edit(&mut self, result: Result<String, String>) {
        match (result, &mut self.popup) {
            (Ok(text), Some(form)) => popup::finish_external_edit(form, &text),
            (Ok(_), None) => {}
            (Err(e), _) => self.status = Some((Tone::Error, e)),
        }
    }

    /// Applies an action to the screen in front.
    pub fn apply(&mut self, action: Action) -> Result<(), StoreError> {
        match action {
            Action::Quit => {
                self.quit = true;
                return Ok(());
            }
            Action::Help => return self.open(Target::Help),
            Action::Undo => return executor::undo(self),
            Action::Refresh => {
                self.refresh()?;
                self.info(t("notice.refreshed").to_string());
                return Ok(());
            }
            Action::Sync => {
                self.start_sync();
                return Ok(());
            }
            _ => {}
        }
        let ctx = ctx!(self);
        let outcome = match self.screens.last_mut() {
            None => self.home.update(action, &ctx)?,
            Some(Screen::Contact(page)) => page.update(action, &ctx)?,
            Some(Screen::Company(page)) => page.update(action, &ctx)?,
            Some(Screen::Entry(view)) => view.update(action, &ctx)?,
            Some(Screen::Promises(view)) => view.update(action, &ctx)?,
            Some(Screen::Inbox(view)) => view.update(action, &ctx)?,
            Some(Screen::Search(view)) => view.update(action, &ctx)?,
            Some(Screen::Review(review)) => review.update(action, &ctx)?,
            Some(Screen::Help(scroll)) => {
                let (lines, height) = super::view::help_size(ctx.viewport);
                scroll.apply(action, lines, height);
                back_on(action)
            }
            Some(Screen::Overview(_)) => back_on(action),
        };
        self.follow(outcome)
    }

    /// Does what an update asked for.
    pub fn follow(&mut self, outcome: Outcome) -> Result<(), StoreError> {
        match outcome {
            Outcome::Nothing => {}
            Outcome::Open(target) => self.open(target)?,
            Outcome::Back => {
                self.screens.pop();
            }
            Outcome::Popup(form) => self.popup = Some(form),
            Outcome::EntryForm(which) => self.popup = Some(self.entry_form(which)),
            Outcome::MergePicker(keep) => {
                let picker = MergePicker::new(keep, self.home.candidates());
                self.popup = Some(Popup::Merge(Box::new(picker)));
            }
            Outcome::Ask(confirm) => self.confirm = Some(confirm),
            Outcome::Run(command) => executor::execute(self, command)?,
            Outcome::Notice(message) => self.info(message),
        }
        Ok(())
    }

    /// The question before a merge: what the result will be (see [`crate::display::merge_summary`]).
    fn merge_question(&self, keep: Id, other: Id) -> Result<Confirm, StoreError> {
        let merged = self.store.merge_preview(keep, other)?;
        let (kept, _) = self.store.contact(keep)?;
        let (gone, _) = self.store.contact(other)?;
        let label =
            |c: &Contact| crate::display::contact_label(c.id, &c.name, c.company.as_deref());
        let (keep_label, other_label) = (label(&kept), label(&gone));
        let counts = (
            self.store.entry_count(Some(other))?,
            self.store.promises(Some(other), false)?.len(),
        );
        let new_tags = merged.contact.tags.len().saturating_sub(kept.tags.len());
        let summary =
            crate::display::merge_summary(&merged, new_tags, (&keep_label, &other_label), counts);
        // The question names both; its title line and the closing "deleted" line would repeat it.
        let details = summary
            .get(1..summary.len().saturating_sub(1))
            .unwrap_or_default();
        let question = tr(
            "confirm.merge_contact",
            &[
                ("summary", &details.join("\n")),
                ("keep", &keep_label),
                ("other", &other_label),
            ],
        );
        Ok(Confirm::new(
            question,
            Answer::Run(Command::MergeContacts {
                keep,
                other,
                names: (keep_label, other_label),
            }),
        ))
    }

    fn entry_form(&self, which: EntryFormFor) -> Popup {
        let candidates = self.home.candidates();
        let form = match which {
            EntryFormFor::New(contact, kind) => {
                let mut form = EntryForm::new(contact, candidates, self.config.entry.template);
                if let Some(kind) = kind {
                    form.kind = kind;
                }
                form
            }
            EntryFormFor::Edit(row) => EntryForm::edit(&row.entry, &row.contact_names, candidates),
            EntryFormFor::Proposal(row) => EntryForm::from_proposal(&row, candidates, &self.clock),
        };
        Popup::Entry(Box::new(form))
    }

    /// Opens a screen on top.
    pub fn open(&mut self, target: Target) -> Result<(), StoreError> {
        let ctx = ctx!(self);
        let screen = match target {
            Target::Contact(id) => Screen::Contact(Box::new(ContactPage::load(&ctx, id)?)),
            Target::Company(id) => Screen::Company(Box::new(CompanyPage::load(&ctx, id)?)),
            Target::Entry(id) => Screen::Entry(Box::new(EntryView::load(ctx.store, id)?)),
            Target::Promises(scope) => Screen::Promises(PromisesView::load(&ctx, scope)?),
            Target::Inbox => Screen::Inbox(super::screen::inbox::InboxView::load(&ctx)?),
            Target::Search => Screen::Search(SearchView::default()),
            Target::Overview => Screen::Overview(Box::new(insight::overview(
                ctx.store,
                &self.home.contacts,
                ctx.today(),
            )?)),
            Target::Help => Screen::Help(Scroll::default()),
            Target::Review => return self.start_review(),
        };
        self.screens.push(screen);
        Ok(())
    }

    /// Starts the weekly review over every flagged contact a review has not handled yet.
    pub fn start_review(&mut self) -> Result<(), StoreError> {
        let ctx = ctx!(self);
        // The home list is the neglect list, kept current as the data changes; only a new day
        // (the app left open overnight) calls for judging everyone again.
        if self.home.judged_on != Some(ctx.today()) {
            self.home.reload_contacts(&ctx)?;
        }
        let (review, record) = ReviewState::start(&ctx, &self.home.contacts)?;
        self.screens.push(Screen::Review(Box::new(review)));
        // The review starts with the touches waiting in the inbox: `Esc` there goes on to the cards.
        if self.inbox_open > 0 {
            let inbox = super::screen::inbox::InboxView::load(&ctx!(self))?;
            self.screens.push(Screen::Inbox(inbox));
        }
        match record {
            Some(command) => executor::execute(self, command),
            None => Ok(()),
        }
    }
}

fn back_on(action: Action) -> Outcome {
    if action == Action::Back {
        Outcome::Back
    } else {
        Outcome::Nothing
    }
}

fn reload_screen(
    screen: &mut Screen,
    ctx: &super::screen::Ctx,
    contacts: &[ContactHealth],
) -> Result<(), StoreError> {
    match screen {
        Screen::Contact(page) => page.reload(ctx),
        Screen::Company(page) => page.reload(ctx),
        Screen::Entry(view) => {
            let scroll = view.scroll;
            **view = EntryView::load(ctx.store, view.row.entry.id)?;
            view.scroll = scroll;
            Ok(())
        }
        Screen::Promises(view) => view.reload(ctx),
        Screen::Inbox(view) => view.reload(ctx),
        Screen::Search(view) => view.reload(ctx),
        Screen::Review(review) => review.reload(ctx),
        // The home list was judged again just before, from the same data.
        Screen::Overview(overview) => {
            **overview = insight::overview(ctx.store, contacts, ctx.today())?;
            Ok(())
        }
        Screen::Help(_) => Ok(()),
    }
}

/// How many inbox proposals and people proposed as contacts wait for the user.
fn store_count(store: &Store, today: chrono::NaiveDate) -> Result<usize, StoreError> {
    let proposals = usize::try_from(store.open_proposal_count()?).unwrap_or(usize::MAX);
    Ok(proposals.saturating_add(store.open_people(today)?.len()))
}
