//! The one place that runs commands against the store: write, close the form, move the review on,
//! reload what is shown, select what was saved, say what happened, and remember how to undo a
//! one-key change.

use super::app::App;
use super::command::Command;
use super::screen::Screen;
use super::screen::review::Handled;
use crate::domain::model::{Contact, PromiseStatus};
use crate::i18n::{t, tr};
use crate::store::{PromiseFate, StoreError};

/// Runs `command`; on success the form closes and the screens show the change.
pub fn execute(app: &mut App, command: Command) -> Result<(), StoreError> {
    app.undo = None;
    match command {
        Command::SaveEntry(_) | Command::SaveContact(_) => save(app, command),
        Command::Snooze { .. }
        | Command::SetArchived { .. }
        | Command::ReviewArchive { .. }
        | Command::ReviewUnarchive { .. } => contact_state(app, command),
        other => execute_more(app, other),
    }
}

/// Writes what a form checked, and selects it.
fn save(app: &mut App, command: Command) -> Result<(), StoreError> {
    match command {
        Command::SaveEntry(checked) => {
            let new_contacts: Vec<Contact> = checked
                .new_contacts
                .iter()
                .map(|name| Contact::new(name, app.clock.now))
                .collect();
            let id = if let Some(proposal) = checked.proposal {
                app.store.accept_proposal_as(
                    proposal,
                    &checked.entry,
                    &new_contacts,
                    &checked.promises,
                )?
            } else if checked.entry.id == 0 {
                app.store.add_entry_with_new_contacts(
                    &checked.entry,
                    &new_contacts,
                    &checked.promises,
                )?
            } else {
                app.store.update_entry(&checked.entry)?;
                checked.entry.id
            };
            app.popup = None;
            review_advance(app, Handled::Logged)?;
            app.refresh()?;
            app.home.select_entry(&ctx!(app), id)?;
            app.info(tr("notice.entry_saved", &[("id", &id)]));
        }
        Command::SaveContact(contact) => {
            let id = if contact.id == 0 {
                app.store.add_contact(&contact)?
            } else {
                app.store.update_contact(&contact)?;
                contact.id
            };
            app.popup = None;
            review_advance(app, Handled::Changed)?;
            app.refresh()?;
            if app.screens.is_empty() {
                app.home.select_contact(&ctx!(app), id)?;
            }
            let name = crate::text::sanitize_line(&contact.name);
            app.info(tr("notice.contact_saved", &[("name", &name)]));
        }
        _ => {}
    }
    Ok(())
}

/// Snoozes, archives or restores a contact (the last two can be undone).
fn contact_state(app: &mut App, command: Command) -> Result<(), StoreError> {
    match command {
        Command::Snooze {
            contact,
            name,
            until,
        } => {
            app.store.set_snooze(contact, Some(until))?;
            app.popup = None;
            review_advance(app, Handled::Snoozed)?;
            app.refresh()?;
            let today = app.clock.today();
            let when = format!(
                "{} ({})",
                crate::display::date(until),
                crate::display::relative_day(until, today)
            );
            app.info(tr("notice.snoozed", &[("name", &name), ("until", &when)]));
        }
        Command::SetArchived {
            contact,
            name,
            archived,
        } => {
            app.store.set_archived(contact, archived)?;
            app.refresh()?;
            let key = if archived {
                "notice.archived"
            } else {
                "notice.unarchived"
            };
            app.info(tr(key, &[("name", &name)]));
            app.offer_undo(Command::SetArchived {
                contact,
                name,
                archived: !archived,
            });
        }
        Command::ReviewArchive { contact, name } => {
            app.store.set_archived(contact, true)?;
            review_advance(app, Handled::Archived)?;
            app.refresh()?;
            app.info(tr("notice.archived", &[("name", &name)]));
            app.offer_undo(Command::ReviewUnarchive { contact, name });
        }
        Command::ReviewUnarchive { contact, name } => {
            app.store.set_archived(contact, false)?;
            app.store.clear_handled(contact)?;
            if let Some(Screen::Review(review)) = app.screens.last_mut() {
                review.unarchive(&ctx!(app))?;
            }
            app.refresh()?;
            app.info(tr("notice.unarchived", &[("name", &name)]));
        }
        _ => {}
    }
    Ok(())
}

fn execute_more(app: &mut App, command: Command) -> Result<(), StoreError> {
    match command {
        Command::DeleteEntry { id, with_promises } => {
            let fate = if with_promises {
                PromiseFate::Delete
            } else {
                PromiseFate::Keep
            };
            app.store.delete_entry_with(id, fate)?;
            app.refresh()?;
            app.info(t("notice.entry_deleted").to_string());
        }
        Command::DeleteContact(id) => {
            app.store.delete_contact(id)?;
            app.refresh()?;
            app.info(t("notice.contact_deleted").to_string());
        }
        // No undo: the other contact is gone (its entries, promises and card rows now the kept
        // one's); the notice says so.
        Command::MergeContacts {
            keep,
            other,
            names: (keep_name, other_name),
        } => {
            app.store.merge_contacts(keep, other)?;
            app.refresh()?;
            app.info(tr(
                "notice.contacts_merged",
                &[("keep", &keep_name), ("other", &other_name)],
            ));
        }
        Command::SetPromiseStatus {
            id,
            text,
            from,
            status,
        } => {
            app.store.set_promise_status(id, status, &app.clock.now)?;
            app.refresh()?;
            let key = match status {
                PromiseStatus::Kept => "notice.promise_kept",
                PromiseStatus::Broken => "notice.promise_broken",
                PromiseStatus::Open => "notice.promise_reopened",
            };
            app.info(tr(key, &[("text", &text)]));
            app.offer_undo(Command::SetPromiseStatus {
                id,
                text,
                from: status,
                status: from,
            });
        }
        Command::UpdatePromise { id, text, due } => {
            app.store.update_promise(id, &text, due)?;
            app.popup = None;
            app.refresh()?;
            let text = crate::text::sanitize_line(&text);
            app.info(tr("notice.promise_saved", &[("text", &text)]));
        }
        Command::AcceptProposals(ids) => {
            let entries = app.store.accept_proposals(&ids)?;
            app.refresh()?;
            let n = entries.len();
            let list: Vec<String> = entries.iter().map(|e| format!("#{e}")).collect();
            app.info(tr(
                "inbox.accepted",
                &[("n", &n), ("entries", &list.join(", "))],
            ));
        }
        Command::IgnoreProposals(ids) => {
            app.store.ignore_proposals(&ids)?;
            app.refresh()?;
            app.info(tr("inbox.ignored", &[("n", &ids.len())]));
        }
        Command::AddPerson(email) => {
            let added = app.store.add_person(&email, app.clock.now)?;
            app.refresh()?;
            let (contact, _) = app.store.contact(added.contact)?;
            app.info(crate::text::sanitize_line(&tr(
                "inbox.person_added",
                &[
                    ("name", &contact.name),
                    ("email", &email),
                    ("id", &added.contact),
                    ("n", &added.proposed),
                ],
            )));
        }
        Command::IgnoreSender(pattern) => {
            let hidden = app.store.ignore_sender(&pattern)?;
            app.refresh()?;
            app.info(crate::text::sanitize_line(&tr(
                "inbox.sender_ignored",
                &[("pattern", &pattern), ("n", &hidden)],
            )));
        }
        Command::DeletePromise { id, text } => {
            app.store.delete_promise(id)?;
            app.refresh()?;
            app.info(tr("notice.promise_deleted", &[("text", &text)]));
        }
        Command::RecordReview(summary) => {
            let today = app.clock.today();
            app.store.record_review(today, &summary)?;
            app.home.last_review = Some(today);
        }
        _ => {}
    }
    Ok(())
}

/// When the review is on top: remembers that its card was handled and shows the next one.
fn review_advance(app: &mut App, what: Handled) -> Result<(), StoreError> {
    let today = app.clock.today();
    let Some(Screen::Review(review)) = app.screens.last() else {
        return Ok(());
    };
    if let Some(card) = &review.card {
        let flags: Vec<&str> = card
            .health
            .health
            .flags
            .iter()
            .map(|f| f.as_str())
            .collect();
        app.store
            .mark_handled(card.health.contact.id, &flags, today)?;
    }
    let finished = match app.screens.last_mut() {
        Some(Screen::Review(review)) => review.advance(&ctx!(app), what)?,
        _ => None,
    };
    if let Some(summary) = finished {
        execute_more(app, Command::RecordReview(summary))?;
    }
    Ok(())
}

/// Takes back the last one-key change, if there is one.
pub fn undo(app: &mut App) -> Result<(), StoreError> {
    match app.undo.take() {
        // There is no redo: the undo's own undo is forgotten.
        Some(command) => execute(app, command).map(|()| app.undo = None),
        None => {
            app.info(t("notice.nothing_to_undo").to_string());
            Ok(())
        }
    }
}
