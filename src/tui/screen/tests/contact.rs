use crate::tui::app::Screen;
use crate::tui::command::{Command, Outcome, PromiseScope, Target};
use crate::tui::keymap::Action;
use crate::tui::screen::contact::Lower;
use crate::tui::testing::{app, ctrl, press, status};
use crossterm::event::KeyCode;

fn open_first_contact(a: &mut crate::tui::app::App) -> crate::domain::model::Id {
    press(a, KeyCode::Char('j'));
    let id = a.selected_contact().unwrap().contact.id;
    press(a, KeyCode::Enter);
    id
}

#[test]
fn contact_update_returns_commands_and_screens() {
    let mut a = app();
    let id = open_first_contact(&mut a);
    let ctx = ctx!(a);
    let Some(Screen::Contact(page)) = a.screens.last_mut() else {
        panic!("the page is open")
    };
    assert!(matches!(
        page.update(Action::Archive, &ctx).unwrap(),
        Outcome::Run(Command::SetArchived { contact, archived: true, .. }) if contact == id
    ));
    assert!(matches!(
        page.update(Action::Promises, &ctx).unwrap(),
        Outcome::Open(Target::Promises(PromiseScope::Contact(c))) if c == id
    ));
    assert!(matches!(
        page.update(Action::Back, &ctx).unwrap(),
        Outcome::Back
    ));
    assert_eq!(page.lower, Lower::History);
    page.update(Action::NextPane, &ctx).unwrap();
    assert_eq!(
        page.lower,
        Lower::Card,
        "the demo gives this contact a card"
    );
    assert!(!a.store.contact(id).unwrap().0.archived, "nothing written");
}

#[test]
fn defect_6_archiving_a_contact_can_be_undone() {
    let mut a = app();
    let id = open_first_contact(&mut a);
    press(&mut a, KeyCode::Char('x'));
    assert!(a.store.contact(id).unwrap().0.archived);
    assert!(status(&a).contains("u "), "{}", status(&a));
    press(&mut a, KeyCode::Char('u'));
    assert!(!a.store.contact(id).unwrap().0.archived, "{}", status(&a));
    press(&mut a, KeyCode::Char('u'));
    assert!(!a.store.contact(id).unwrap().0.archived, "undo is one step");
}

#[test]
fn defect_5_editing_a_contact_keeps_its_notes_exactly() {
    let mut a = app();
    let id = open_first_contact(&mut a);
    let (mut contact, _) = a.store.contact(id).unwrap();
    let notes = "Sales / Einkauf: kauft über Rahmenvertrag\nSohn studiert in Delft / NL";
    contact.notes = Some(notes.to_string());
    a.store.update_contact(&contact).unwrap();
    a.refresh().unwrap();
    press(&mut a, KeyCode::Char('e'));
    ctrl(&mut a, 's');
    assert!(a.popup.is_none(), "{}", status(&a));
    assert_eq!(a.store.contact(id).unwrap().0.notes.as_deref(), Some(notes));
}

/// Issue 13: the address card's details are a pane of the contact page, offered by Tab only when
/// the card has some, scrolled by the movement keys while the history keeps its cursor.
#[test]
fn card_details_are_a_pane_that_scrolls() {
    let mut a = app();
    let id = open_first_contact(&mut a);
    let rows: Vec<_> = (0..40)
        .map(|i| crate::domain::model::CardProperty {
            name: "TEL".into(),
            params: "TYPE=work".into(),
            value: format!("+49 40 555 {i:04}"),
        })
        .collect();
    a.store.set_card_properties(id, &rows).unwrap();
    a.refresh().unwrap();
    let ctx = ctx!(a);
    let Some(Screen::Contact(page)) = a.screens.last_mut() else {
        panic!("the page is open")
    };
    assert_eq!(page.card.details.len(), 40, "reloaded with the card");
    let cursor = page.timeline.cursor;
    page.update(Action::NextPane, &ctx).unwrap();
    assert_eq!(page.lower, Lower::Card);
    page.update(Action::Down, &ctx).unwrap();
    page.update(Action::PageDown, &ctx).unwrap();
    assert!(page.card_scroll.offset > 1, "{:?}", page.card_scroll);
    assert_eq!(
        page.timeline.cursor, cursor,
        "the history stays where it was"
    );
    page.update(Action::Bottom, &ctx).unwrap();
    let height = crate::tui::view::contact_history_height(ctx.viewport);
    assert_eq!(
        usize::from(page.card_scroll.offset),
        40 - usize::from(height)
    );
    assert!(matches!(
        page.update(Action::Open, &ctx).unwrap(),
        Outcome::Nothing
    ));
    page.update(Action::NextPane, &ctx).unwrap();
    assert_eq!(page.lower, Lower::Charts);
    page.update(Action::NextPane, &ctx).unwrap();
    assert_eq!(page.lower, Lower::History);
    page.card.details.clear();
    page.card.photo = true;
    page.update(Action::NextPane, &ctx).unwrap();
    assert_eq!(page.lower, Lower::Charts, "a photo alone is no pane");
}

#[test]
fn m_picks_another_contact_shows_the_merge_and_merges_on_yes() {
    use crate::tui::command::Popup;
    let mut a = app();
    let keep = open_first_contact(&mut a);
    let (kept, _) = a.store.contact(keep).unwrap();
    let other = a
        .home
        .contacts
        .iter()
        .map(|c| c.contact.clone())
        .find(|c| c.id != keep && c.name.split(' ').count() > 1)
        .unwrap();
    let other_entries = a.store.entry_count(Some(other.id)).unwrap();
    let before = a.store.entry_count(Some(keep)).unwrap();
    press(&mut a, KeyCode::Char('m'));
    let Some(Popup::Merge(picker)) = &a.popup else {
        panic!("the merge picker is open")
    };
    assert_eq!(picker.keep.id, keep);
    assert!(picker.candidates.iter().all(|c| c.id != keep));
    crate::tui::testing::typed(&mut a, &other.name);
    let Some(Popup::Merge(picker)) = &a.popup else {
        panic!("still open")
    };
    assert_eq!(picker.chosen(), Some(other.id), "{:?}", picker.matches);
    press(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none());
    let question = a.confirm.as_ref().expect("asks first").question.clone();
    assert!(question.starts_with("Merge "), "{question}");
    assert!(question.contains("moves: "), "{question}");
    assert!(question.contains(&other.name), "{question}");
    assert!(question.contains(&kept.name), "{question}");
    // No: nothing changes.
    press(&mut a, KeyCode::Char('n'));
    assert!(a.store.contact(other.id).is_ok());
    // Again, yes: merged through the executor, the page shows the kept contact with everything.
    press(&mut a, KeyCode::Char('m'));
    crate::tui::testing::typed(&mut a, &other.name);
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('y'));
    assert!(a.store.contact(other.id).is_err(), "{}", status(&a));
    assert!(status(&a).contains("merged"), "{}", status(&a));
    let after = a.store.entry_count(Some(keep)).unwrap();
    assert!(
        after >= before.max(other_entries),
        "{before} + {other_entries} → {after}"
    );
    let Some(Screen::Contact(page)) = a.screens.last() else {
        panic!("the page stays open")
    };
    assert_eq!(page.health.contact.id, keep);
}

#[test]
fn the_merge_picker_closes_on_esc_and_says_when_nothing_matches() {
    use crate::tui::command::Popup;
    let mut a = app();
    open_first_contact(&mut a);
    press(&mut a, KeyCode::Char('m'));
    crate::tui::testing::typed(&mut a, "zzzzqqq");
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.popup, Some(Popup::Merge(_))));
    assert_eq!(status(&a), crate::i18n::t("merge.no_match"));
    press(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none());
    assert!(a.confirm.is_none());
}

#[test]
fn c_opens_the_company_page_or_says_there_is_none() {
    let mut a = app();
    let id = open_first_contact(&mut a);
    press(&mut a, KeyCode::Char('c'));
    let Some(Screen::Company(page)) = a.screens.last() else {
        panic!("the company page is open")
    };
    assert!(page.view.people.iter().any(|p| p.contact.id == id));
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.screens.last(), Some(Screen::Contact(_))));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    let mut alone = a.store.contact(id).unwrap().0;
    alone.company = None;
    a.store.update_contact(&alone).unwrap();
    press(&mut a, KeyCode::Char('g'));
    assert_eq!(open_first_contact(&mut a), id);
    press(&mut a, KeyCode::Char('c'));
    assert!(matches!(a.screens.last(), Some(Screen::Contact(_))));
    assert!(status(&a).contains("has no company"), "{}", status(&a));
}
