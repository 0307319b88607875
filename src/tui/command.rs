//! Effects as data: what a screen's update asks for. Screens never write; they return an [`Outcome`],
//! and the app opens screens and popups or hands a [`Command`] to the one executor.

use super::contact_form::ContactForm;
use super::entry_form::{Candidate, Checked, EntryForm};
use super::input::LineInput;
use crate::domain::model::{Contact, Id, Kind, PromiseStatus};
use crate::store::{EntryRow, ProposalRow};
use chrono::NaiveDate;

/// A change to the journal, run by the executor against the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Write a new entry (with new contacts and promises) or save an edited one.
    SaveEntry(Box<Checked>),
    /// Add or update a contact.
    SaveContact(Box<Contact>),
    /// Write these inbox proposals as entries.
    AcceptProposals(Vec<Id>),
    /// Drop these inbox proposals.
    IgnoreProposals(Vec<Id>),
    /// Add the correspondent with this address, waiting in the inbox, as a contact.
    AddPerson(String),
    /// Never propose this address again (a touch or a new person).
    IgnoreSender(String),
    /// Snooze the contact under review until a day.
    Snooze {
        /// Whom.
        contact: Id,
        /// Their name, for the message.
        name: String,
        /// Until when.
        until: NaiveDate,
    },
    /// Archive or restore a contact.
    SetArchived {
        /// Whom.
        contact: Id,
        /// Their name, for the message.
        name: String,
        /// Archive (true) or restore.
        archived: bool,
    },
    /// Archive the contact under review and show the next card.
    ReviewArchive {
        /// Whom.
        contact: Id,
        /// Their name, for the message.
        name: String,
    },
    /// Undo of [`Command::ReviewArchive`]: restore the contact and show its card again.
    ReviewUnarchive {
        /// Whom.
        contact: Id,
        /// Their name, for the message.
        name: String,
    },
    /// Delete an entry; its promises go too or stay, detached.
    DeleteEntry {
        /// Which.
        id: Id,
        /// Delete the entry's promises too.
        with_promises: bool,
    },
    /// Delete a contact and what is only about them.
    DeleteContact(Id),
    /// Merge contact `other` into `keep` (see `Store::merge_contacts`).
    MergeContacts {
        /// The contact that stays.
        keep: Id,
        /// The contact merged into it and deleted.
        other: Id,
        /// Their labels, for the message.
        names: (String, String),
    },
    /// Mark a promise kept or broken, or open it again.
    SetPromiseStatus {
        /// Which.
        id: Id,
        /// Its text, for the message.
        text: String,
        /// The status it had (what undo goes back to).
        from: PromiseStatus,
        /// The new status.
        status: PromiseStatus,
    },
    /// Change a promise's text and due date.
    UpdatePromise {
        /// Which.
        id: Id,
        /// The new text.
        text: String,
        /// The new due date.
        due: Option<NaiveDate>,
    },
    /// Delete a promise.
    DeletePromise {
        /// Which.
        id: Id,
        /// Its text, for the message.
        text: String,
    },
    /// Record the finished review with its summary.
    RecordReview(String),
}

/// What a yes (or the alternative answer) to a question does.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Run a command.
    Run(Command),
    /// Close the form, losing its changes.
    DiscardForm,
    /// Leave rapport, losing the form's changes.
    Quit,
}

/// A question with a yes answer and, for some, a second one (`k`).
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    /// The question, naming the record it is about.
    pub question: String,
    /// What yes does.
    pub on_yes: Answer,
    /// What the alternative answer does, if the question has one.
    pub on_alternative: Option<Answer>,
}

impl Confirm {
    /// A yes/no question.
    pub fn new(question: String, on_yes: Answer) -> Confirm {
        Confirm {
            question,
            on_yes,
            on_alternative: None,
        }
    }
}

/// A form over the current screen.
pub enum Popup {
    /// Writing or editing an entry.
    Entry(Box<EntryForm>),
    /// Adding or editing a contact.
    Contact(Box<ContactForm>),
    /// Snoozing the contact under review: until when.
    Snooze {
        /// Whom.
        contact: Id,
        /// Their name, for the message.
        name: String,
        /// Until when, as typed.
        input: LineInput,
    },
    /// Editing a promise's text and due date.
    Promise(Box<super::promise_form::PromiseForm>),
    /// Picking the contact to merge into the one whose page is open.
    Merge(Box<super::merge_picker::MergePicker>),
}

/// Which promises the promises screen lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseScope {
    /// Everyone's.
    All,
    /// One contact's.
    Contact(Id),
    /// Those made in one entry.
    Entry(Id),
}

/// A screen to open on top of the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A contact's page.
    Contact(Id),
    /// A company's page.
    Company(Id),
    /// One entry.
    Entry(Id),
    /// The promises list.
    Promises(PromiseScope),
    /// The inbox of proposed touches.
    Inbox,
    /// Full-text search.
    Search,
    /// The weekly review.
    Review,
    /// The portfolio overview.
    Overview,
    /// Help.
    Help,
}

/// Which entry the entry form is for.
pub enum EntryFormFor {
    /// A new entry, about a contact if one is chosen, of a kind if not the default.
    New(Option<Candidate>, Option<Kind>),
    /// Editing an entry.
    Edit(Box<EntryRow>),
    /// A new entry made from an inbox proposal, which saving accepts.
    Proposal(Box<ProposalRow>),
}

/// What an update asks the app to do next.
pub enum Outcome {
    /// Nothing beyond the state change.
    Nothing,
    /// Open a screen.
    Open(Target),
    /// Close the current screen.
    Back,
    /// Open a form.
    Popup(Popup),
    /// Open the entry form (the app fills in the contacts its picker offers).
    EntryForm(EntryFormFor),
    /// Open the merge picker for this contact (the app fills in the contacts it offers).
    MergePicker(Candidate),
    /// Ask a question.
    Ask(Confirm),
    /// Change the journal.
    Run(Command),
    /// Say something in the status line (nothing else happens).
    Notice(String),
}
