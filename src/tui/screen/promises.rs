//! The promises list: everyone's, one contact's or one entry's; mark, edit, reopen, delete.

use super::Ctx;
use super::entry::promises_of_entry;
use crate::domain::model::PromiseStatus;
use crate::i18n::tr;
use crate::store::{PromiseRow, StoreError};
use crate::text::sanitize_line;
use crate::tui::command::{Answer, Command, Confirm, Outcome, Popup, PromiseScope, Target};
use crate::tui::keymap::Action;
use crate::tui::list::ListCursor;
use crate::tui::promise_form::PromiseForm;

/// The promises screen's state.
pub struct PromisesView {
    /// Whose promises.
    pub scope: PromiseScope,
    /// Kept and broken promises are listed too.
    pub show_closed: bool,
    /// The promises, overdue first.
    pub rows: Vec<PromiseRow>,
    /// The selection.
    pub list: ListCursor,
}

impl PromisesView {
    /// The open promises of `scope` (an entry's: all of them).
    pub fn load(ctx: &Ctx, scope: PromiseScope) -> Result<PromisesView, StoreError> {
        let mut view = PromisesView {
            scope,
            show_closed: matches!(scope, PromiseScope::Entry(_)),
            rows: Vec::new(),
            list: ListCursor::default(),
        };
        view.reload(ctx)?;
        Ok(view)
    }

    /// Reads the promises again, keeping the selection in range.
    pub fn reload(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        let open_only = !self.show_closed;
        self.rows = match self.scope {
            PromiseScope::All => ctx.store.promises(None, open_only)?,
            PromiseScope::Contact(id) => ctx.store.promises(Some(id), open_only)?,
            PromiseScope::Entry(id) => {
                let row = ctx.store.entry(id)?;
                promises_of_entry(ctx.store, &row)?
                    .into_iter()
                    .filter(|p| !open_only || p.promise.status == PromiseStatus::Open)
                    .collect()
            }
        };
        self.list.clamp(
            self.rows.len(),
            crate::tui::view::promise_rows(ctx.viewport),
        );
        Ok(())
    }

    /// The selected promise.
    pub fn selected(&self) -> Option<&PromiseRow> {
        self.rows.get(self.list.cursor)
    }

    /// Handles an action on the promises screen.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Result<Outcome, StoreError> {
        let rows = crate::tui::view::promise_rows(ctx.viewport);
        if self.list.apply(action, self.rows.len(), rows) {
            return Ok(Outcome::Nothing);
        }
        if action == Action::Back {
            return Ok(Outcome::Back);
        }
        if action == Action::ShowClosed {
            self.show_closed = !self.show_closed;
            self.reload(ctx)?;
            return Ok(Outcome::Nothing);
        }
        let Some(row) = self.selected() else {
            return Ok(Outcome::Nothing);
        };
        let p = &row.promise;
        let text = sanitize_line(&p.text);
        let status = |status| {
            Outcome::Run(Command::SetPromiseStatus {
                id: p.id,
                text: text.clone(),
                from: p.status,
                status,
            })
        };
        Ok(match action {
            Action::Kept => status(PromiseStatus::Kept),
            Action::Broken => status(PromiseStatus::Broken),
            Action::Reopen if p.status != PromiseStatus::Open => status(PromiseStatus::Open),
            Action::Edit => Outcome::Popup(Popup::Promise(Box::new(PromiseForm::new(p)))),
            Action::Delete => Outcome::Ask(Confirm::new(
                tr("confirm.delete_promise", &[("text", &text)]),
                Answer::Run(Command::DeletePromise { id: p.id, text }),
            )),
            Action::Open => Outcome::Open(Target::Contact(p.contact)),
            _ => Outcome::Nothing,
        })
    }
}
