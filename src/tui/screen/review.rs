//! The weekly review: a queue of flagged contacts, one card at a time.

use super::Ctx;
use super::home::candidate;
use crate::domain::model::{Id, Kind, Owner, PromiseStatus};
use crate::domain::pillars::PillarScores;
use crate::i18n::tr;
use crate::insight::{self, ContactHealth};
use crate::store::{EntryRow, PromiseRow, StoreError};
use crate::text::sanitize_line;
use crate::tui::command::{Command, EntryFormFor, Outcome, Popup, Target};
use crate::tui::contact_form::{ContactForm, Field};
use crate::tui::input::LineInput;
use crate::tui::keymap::Action;
use crate::tui::promise_form::PromiseForm;

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

impl ReviewCounts {
    /// Counts what was done with each card (a card seen twice counts once, for what was done last).
    fn of(done: &[Option<Handled>]) -> ReviewCounts {
        let mut counts = ReviewCounts::default();
        for what in done.iter().flatten() {
            *match what {
                Handled::Logged => &mut counts.logged,
                Handled::Snoozed => &mut counts.snoozed,
                Handled::Archived => &mut counts.archived,
                Handled::Changed => &mut counts.changed,
                Handled::Skipped => &mut counts.skipped,
            } += 1;
        }
        counts
    }
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

impl ReviewCard {
    /// The card of contact `id` as it is today.
    pub fn load(ctx: &Ctx, id: Id) -> Result<ReviewCard, StoreError> {
        let (store, defaults, today) = (ctx.store, ctx.defaults(), ctx.today());
        let health = insight::contact_health(store, id, &defaults, today)?;
        Ok(ReviewCard {
            reasons: crate::display::reasons(&health, today),
            scores: insight::pillar_scores(store, &health.contact, &defaults, today)?,
            recent: store.entries_page(Some(id), None, 3)?,
            promises: store.promises(Some(id), true)?,
            health,
        })
    }

    /// My most overdue open promise on the card, the one `y`, `!` and `v` act on.
    pub fn overdue_promise(&self, today: chrono::NaiveDate) -> Option<&PromiseRow> {
        self.promises
            .iter()
            .filter(|p| p.promise.owner == Owner::Me && p.promise.status == PromiseStatus::Open)
            .filter(|p| p.promise.due.is_some_and(|d| d < today))
            .min_by_key(|p| p.promise.due)
    }
}

/// The review's state.
pub struct ReviewState {
    /// Flagged contacts, most urgent first (as the review started).
    pub queue: Vec<ContactHealth>,
    /// The card shown (== queue.len() when finished).
    pub index: usize,
    /// The current card's details.
    pub card: Option<ReviewCard>,
    /// What was done with each card so far.
    pub done: Vec<Option<Handled>>,
}

impl ReviewState {
    /// A review of every flagged contact of `contacts` that a review has not handled yet. When there
    /// is none, the review is finished at once and the command records it.
    pub fn start(
        ctx: &Ctx,
        contacts: &[ContactHealth],
    ) -> Result<(ReviewState, Option<Command>), StoreError> {
        let queue = insight::review_queue(contacts, &ctx.store.handled_flags()?);
        let mut review = ReviewState {
            queue,
            index: 0,
            card: None,
            done: Vec::new(),
        };
        review.done = vec![None; review.queue.len()];
        if review.finished() {
            let summary = review.summary();
            return Ok((review, Some(Command::RecordReview(summary))));
        }
        review.card = Some(ReviewCard::load(ctx, review.queue[0].contact.id)?);
        Ok((review, None))
    }

    /// One line that says what the review did (shown at the end, stored with its date).
    pub fn summary(&self) -> String {
        let c = &self.counts();
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

    /// What was done so far.
    pub fn counts(&self) -> ReviewCounts {
        ReviewCounts::of(&self.done)
    }

    /// True once every card has been seen.
    pub fn finished(&self) -> bool {
        self.index >= self.queue.len()
    }

    /// The contact on the current card.
    pub fn current(&self) -> Option<&crate::domain::model::Contact> {
        self.card.as_ref().map(|c| &c.health.contact)
    }

    /// Counts what was done with the current card and shows the next. Returns the summary to record
    /// when this finished the review.
    pub fn advance(&mut self, ctx: &Ctx, what: Handled) -> Result<Option<String>, StoreError> {
        if let Some(slot) = self.done.get_mut(self.index) {
            *slot = Some(what);
        }
        self.go(ctx, 1)
    }

    /// Takes back an archive: the card is shown again, as not handled.
    pub fn unarchive(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.go(ctx, -1)?;
        if let Some(slot) = self.done.get_mut(self.index) {
            *slot = None;
        }
        Ok(())
    }

    /// Shows the card `step` away; past the last card the review is finished (and the summary to
    /// record is returned the first time).
    pub fn go(&mut self, ctx: &Ctx, step: isize) -> Result<Option<String>, StoreError> {
        let was_finished = self.finished();
        self.index = self.index.saturating_add_signed(step).min(self.queue.len());
        self.card = None;
        if self.finished() {
            return Ok((!was_finished).then(|| self.summary()));
        }
        self.card = Some(ReviewCard::load(ctx, self.queue[self.index].contact.id)?);
        Ok(None)
    }

    /// Loads the current card again (after a change).
    pub fn reload(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        if !self.finished() {
            self.card = Some(ReviewCard::load(ctx, self.queue[self.index].contact.id)?);
        }
        Ok(())
    }

    /// Handles an action in the review.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Result<Outcome, StoreError> {
        if action == Action::Back {
            return Ok(Outcome::Back);
        }
        if action == Action::Previous {
            self.go(ctx, -1)?;
            return Ok(Outcome::Nothing);
        }
        let Some(card) = &self.card else {
            return Ok(Outcome::Nothing);
        };
        let contact = &card.health.contact;
        let name = sanitize_line(&contact.name);
        let overdue = card.overdue_promise(ctx.today());
        Ok(match action {
            Action::Next => {
                let finished = self.advance(ctx, Handled::Skipped)?;
                finished.map_or(Outcome::Nothing, |s| Outcome::Run(Command::RecordReview(s)))
            }
            Action::LogTouch => Outcome::EntryForm(EntryFormFor::New(
                Some(candidate(contact)),
                Some(Kind::Call),
            )),
            Action::Snooze => Outcome::Popup(Popup::Snooze {
                contact: contact.id,
                name,
                input: LineInput::new("1w"),
            }),
            Action::ChangeCadence => {
                let mut form = ContactForm::new(contact.clone());
                form.focus = Field::Cadence;
                Outcome::Popup(Popup::Contact(Box::new(form)))
            }
            Action::Archive => Outcome::Run(Command::ReviewArchive {
                contact: contact.id,
                name,
            }),
            Action::Open => Outcome::Open(Target::Contact(contact.id)),
            Action::Kept | Action::Broken => match overdue {
                Some(p) => Outcome::Run(Command::SetPromiseStatus {
                    id: p.promise.id,
                    text: sanitize_line(&p.promise.text),
                    from: p.promise.status,
                    status: if action == Action::Kept {
                        PromiseStatus::Kept
                    } else {
                        PromiseStatus::Broken
                    },
                }),
                None => Outcome::Nothing,
            },
            Action::NewDue => match overdue {
                Some(p) => {
                    Outcome::Popup(Popup::Promise(Box::new(PromiseForm::new_due(&p.promise))))
                }
                None => Outcome::Nothing,
            },
            _ => Outcome::Nothing,
        })
    }
}
