//! One entry, whole, and the question that deletes one.

use super::Ctx;
use crate::domain::model::Id;
use crate::i18n::tr;
use crate::store::{EntryRow, PromiseRow, Store, StoreError};
use crate::tui::command::{Answer, Command, Confirm, EntryFormFor, Outcome, PromiseScope, Target};
use crate::tui::keymap::Action;
use crate::tui::list::Scroll;

/// The entry screen's state.
pub struct EntryView {
    /// The entry and its contacts' names.
    pub row: EntryRow,
    /// Promises made in it.
    pub promises: Vec<PromiseRow>,
    /// How far the text is scrolled.
    pub scroll: Scroll,
}

impl EntryView {
    /// The entry `id`, with its promises.
    pub fn load(store: &Store, id: Id) -> Result<EntryView, StoreError> {
        let row = store.entry(id)?;
        let promises = promises_of_entry(store, &row)?;
        Ok(EntryView {
            row,
            promises,
            scroll: Scroll::default(),
        })
    }

    /// Handles an action on the entry screen.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Result<Outcome, StoreError> {
        if action.moves() {
            let (lines, height) =
                crate::tui::view::entry_text_size(self, ctx.viewport, ctx.today());
            self.scroll.apply(action, lines, height);
            return Ok(Outcome::Nothing);
        }
        Ok(match action {
            Action::Edit => Outcome::EntryForm(EntryFormFor::Edit(Box::new(self.row.clone()))),
            Action::Delete => Outcome::Ask(delete_question(ctx, &self.row)?),
            Action::Promises => {
                Outcome::Open(Target::Promises(PromiseScope::Entry(self.row.entry.id)))
            }
            Action::Back => Outcome::Back,
            _ => Outcome::Nothing,
        })
    }
}

/// The promises made in an entry.
pub fn promises_of_entry(store: &Store, row: &EntryRow) -> Result<Vec<PromiseRow>, StoreError> {
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

/// "Delete the entry of <date> with <names>: <title or first line>?" — naming the record, and for an
/// entry with promises asking whether they go too (`y`) or stay without it (`k`).
pub fn delete_question(ctx: &Ctx, row: &EntryRow) -> Result<Confirm, StoreError> {
    let entry = &row.entry;
    let what = entry
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| entry.body.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or_default();
    let what = crate::text::truncate_width(&crate::text::sanitize_line(what), 60);
    let question = tr(
        "confirm.delete_entry",
        &[
            ("when", &crate::display::date_time(&entry.occurred_at)),
            ("who", &crate::display::contact_names(row)),
            ("what", &what),
        ],
    );
    let promises = promises_of_entry(ctx.store, row)?.len();
    let delete = |with_promises| {
        Answer::Run(Command::DeleteEntry {
            id: entry.id,
            with_promises,
        })
    };
    if promises == 0 {
        return Ok(Confirm::new(question, delete(false)));
    }
    Ok(Confirm {
        question: format!(
            "{question} {}",
            tr("confirm.delete_entry_promises", &[("n", &promises)])
        ),
        on_yes: delete(true),
        on_alternative: Some(delete(false)),
    })
}
