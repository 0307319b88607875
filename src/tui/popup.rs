//! Keys for the form on top: moving between fields, saving (a form's check turns into a command),
//! cancelling (asking first when something was typed), and the external editor.

use super::command::{Answer, Command, Confirm, Popup};
use super::keymap::{self, Action, Scope};
use crate::clock::Clock;
use crate::domain::dates::{self, Direction};
use crate::i18n::{t, tr};
use crossterm::event::{KeyCode, KeyEvent};

/// What a key in a form leads to.
#[derive(Debug, PartialEq)]
pub enum FormStep {
    /// The form stays open.
    Stay,
    /// Close the form.
    Close,
    /// Ask first.
    Ask(Confirm),
    /// Save: run the command (the executor closes the form when it succeeded).
    Run(Command),
    /// Edit this text in `$VISUAL`/`$EDITOR`.
    EditExternally(String),
    /// Leave rapport.
    Quit,
    /// The form has a problem to show in the status line.
    Error(String),
    /// Show what merging `other` into `keep` gives and ask.
    AskMerge {
        /// The contact that stays.
        keep: crate::domain::model::Id,
        /// The contact merged into it.
        other: crate::domain::model::Id,
    },
}

/// Handles one key for the open form.
pub fn key(popup: &mut Popup, key: &KeyEvent, clock: &Clock) -> FormStep {
    let action = keymap::lookup(Scope::Form, key).or_else(|| {
        (keymap::lookup(Scope::Global, key) == Some(Action::Quit)).then_some(Action::Quit)
    });
    match action {
        Some(Action::NextPane) => cycle(popup, 1),
        Some(Action::PrevPane) => cycle(popup, -1),
        Some(Action::Save) => save(popup, clock),
        Some(Action::ExternalEditor) => match popup {
            Popup::Entry(form) => FormStep::EditExternally(form.body_text()),
            Popup::Contact(form) => FormStep::EditExternally(form.notes_text()),
            _ => FormStep::Stay,
        },
        Some(Action::Back) => back(popup),
        Some(Action::Quit) if dirty(popup) => FormStep::Ask(Confirm::new(
            t("confirm.quit_discard").to_string(),
            Answer::Quit,
        )),
        Some(Action::Quit) => FormStep::Quit,
        _ => field_key(popup, key, clock),
    }
}

fn cycle(popup: &mut Popup, step: isize) -> FormStep {
    match popup {
        Popup::Entry(form) => form.cycle_focus(step),
        Popup::Contact(form) => form.cycle_focus(step),
        Popup::Promise(form) => form.cycle_focus(),
        Popup::Snooze { .. } | Popup::Merge(_) => {}
    }
    FormStep::Stay
}

fn back(popup: &mut Popup) -> FormStep {
    // Esc first closes what is open inside the form: the name picker's suggestions.
    if let Popup::Entry(form) = popup
        && form.close_picker()
    {
        return FormStep::Stay;
    }
    if dirty(popup) {
        FormStep::Ask(Confirm::new(
            t("confirm.discard").to_string(),
            Answer::DiscardForm,
        ))
    } else {
        FormStep::Close
    }
}

fn field_key(popup: &mut Popup, key: &KeyEvent, clock: &Clock) -> FormStep {
    match popup {
        Popup::Entry(form) => form.handle_key(key),
        Popup::Contact(form) => form.handle_key(key),
        Popup::Promise(_) if key.code == KeyCode::Enter => return save(popup, clock),
        Popup::Promise(form) => form.handle_key(key),
        Popup::Snooze { .. } if key.code == KeyCode::Enter => return save(popup, clock),
        Popup::Snooze { input, .. } => {
            input.handle(key);
        }
        Popup::Merge(_) if key.code == KeyCode::Enter => return save(popup, clock),
        Popup::Merge(picker) => picker.handle_key(key),
    }
    FormStep::Stay
}

/// True when the form holds changes that closing would lose.
pub fn dirty(popup: &Popup) -> bool {
    match popup {
        Popup::Entry(form) => form.dirty,
        Popup::Contact(form) => form.dirty,
        Popup::Promise(form) => form.dirty,
        Popup::Snooze { .. } | Popup::Merge(_) => false,
    }
}

/// Pasted text goes to the focused field.
pub fn paste(popup: &mut Popup, text: &str) {
    match popup {
        Popup::Entry(form) => form.paste(text),
        Popup::Contact(form) => form.paste(text),
        Popup::Promise(form) => form.paste(text),
        Popup::Snooze { input, .. } => input.paste(text),
        Popup::Merge(picker) => picker.paste(text),
    }
}

/// Puts text back from the external editor.
pub fn finish_external_edit(popup: &mut Popup, text: &str) {
    match popup {
        Popup::Entry(form) => form.set_body(text),
        Popup::Contact(form) => form.set_notes(text),
        _ => {}
    }
}

fn save(popup: &mut Popup, clock: &Clock) -> FormStep {
    if let Popup::Merge(picker) = popup {
        return match picker.chosen() {
            Some(other) => FormStep::AskMerge {
                keep: picker.keep.id,
                other,
            },
            None => FormStep::Error(t("merge.no_match").to_string()),
        };
    }
    let checked = match popup {
        Popup::Entry(form) => form
            .check(clock)
            .map(|c| Command::SaveEntry(Box::new(c)))
            .ok_or_else(|| first_error(&form.errors)),
        Popup::Contact(form) => form
            .check(clock)
            .map(|c| Command::SaveContact(Box::new(c)))
            .ok_or_else(|| first_error(&form.errors)),
        Popup::Promise(form) => form
            .check(clock)
            .ok_or_else(|| form.error.clone().map(|(_, e)| e).unwrap_or_default()),
        Popup::Snooze {
            contact,
            name,
            input,
        } => snooze_until(input.value(), clock)
            .map(|until| Command::Snooze {
                contact: *contact,
                name: name.clone(),
                until,
            })
            .ok_or_else(|| {
                tr(
                    "error.bad_snooze",
                    &[("text", &crate::text::sanitize_line(input.value()))],
                )
            }),
        Popup::Merge(_) => return FormStep::Stay,
    };
    match checked {
        Ok(command) => FormStep::Run(command),
        // The whole message in the status line; beside the field it may be cut.
        Err(message) => FormStep::Error(message),
    }
}

fn first_error<F>(errors: &[(F, String)]) -> String {
    errors.first().map(|(_, e)| e.clone()).unwrap_or_default()
}

/// The day a snooze typed as a duration ("2w") or a date ends, if it lies after today.
fn snooze_until(text: &str, clock: &Clock) -> Option<chrono::NaiveDate> {
    let today = clock.today();
    let until = match dates::parse_duration_days(text) {
        Ok(days) => today.checked_add_days(chrono::Days::new(u64::from(days))),
        Err(_) => clock.date(text, Direction::Future).ok(),
    };
    until.filter(|d| *d > today)
}
