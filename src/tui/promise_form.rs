//! The promise form: change what was promised and when it is due.

use super::command::Command;
use super::input::LineInput;
use crate::clock::Clock;
use crate::domain::dates::Direction;
use crate::domain::model::{Id, Promise};
use crate::i18n::t;
use crossterm::event::KeyEvent;

/// The promise form's two fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseField {
    /// What was promised.
    Text,
    /// When it is due (blank: no due date).
    Due,
}

/// The promise form's state.
pub struct PromiseForm {
    /// The promise edited.
    pub id: Id,
    /// Its text.
    pub text: LineInput,
    /// Its due date as typed.
    pub due: LineInput,
    /// The focused field.
    pub focus: PromiseField,
    /// The problem found on save, beside its field.
    pub error: Option<(PromiseField, String)>,
    /// Changed since opened.
    pub dirty: bool,
}

impl PromiseForm {
    /// The form for `promise`, the cursor in its text.
    pub fn new(promise: &Promise) -> PromiseForm {
        PromiseForm {
            id: promise.id,
            text: LineInput::new(&promise.text),
            due: LineInput::new(
                &promise
                    .due
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ),
            focus: PromiseField::Text,
            error: None,
            dirty: false,
        }
    }

    /// The form for giving `promise` a new due date: the due field focused and empty.
    pub fn new_due(promise: &Promise) -> PromiseForm {
        let mut form = PromiseForm::new(promise);
        form.due.set("");
        form.focus = PromiseField::Due;
        form
    }

    /// Moves between the two fields.
    pub fn cycle_focus(&mut self) {
        self.focus = match self.focus {
            PromiseField::Text => PromiseField::Due,
            PromiseField::Due => PromiseField::Text,
        };
    }

    fn field(&mut self) -> &mut LineInput {
        match self.focus {
            PromiseField::Text => &mut self.text,
            PromiseField::Due => &mut self.due,
        }
    }

    /// An editing key for the focused field.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        if self.field().handle(key) {
            self.dirty = true;
            self.error = None;
        }
    }

    /// Pasted text goes to the focused field.
    pub fn paste(&mut self, text: &str) {
        self.field().paste(text);
        self.dirty = true;
    }

    /// The command that saves the promise, or the error recorded beside its field.
    pub fn check(&mut self, clock: &Clock) -> Option<Command> {
        self.error = None;
        if self.text.is_blank() {
            self.error = Some((PromiseField::Text, t("form.error.promise_text").to_string()));
        }
        let due = if self.due.is_blank() {
            None
        } else {
            match clock.date(self.due.value(), Direction::Future) {
                Ok(day) => Some(day),
                Err(e) => {
                    self.error = Some((PromiseField::Due, e.to_string()));
                    None
                }
            }
        };
        if let Some((field, _)) = &self.error {
            self.focus = *field;
            return None;
        }
        Some(Command::UpdatePromise {
            id: self.id,
            text: self.text.value().to_string(),
            due,
        })
    }
}
