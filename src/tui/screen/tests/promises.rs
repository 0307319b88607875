use crate::domain::model::PromiseStatus;
use crate::tui::app::{App, Screen};
use crate::tui::command::{Outcome, Popup};
use crate::tui::keymap::Action;
use crate::tui::testing::{app, press, status, typed};
use crossterm::event::KeyCode;

fn open_promises(a: &mut App) {
    press(a, KeyCode::Char('p'));
    assert!(matches!(a.screens.last(), Some(Screen::Promises(_))));
}

fn selected(a: &App) -> crate::store::PromiseRow {
    match a.screens.last() {
        Some(Screen::Promises(view)) => view.selected().unwrap().clone(),
        _ => panic!("the promises are open"),
    }
}

fn status_of(a: &App, id: crate::domain::model::Id) -> PromiseStatus {
    let all = a.store.promises(None, false).unwrap();
    all.into_iter()
        .find(|p| p.promise.id == id)
        .unwrap()
        .promise
        .status
}

#[test]
fn moving_and_marking_are_one_cursor_and_a_command() {
    let mut a = app();
    open_promises(&mut a);
    let ctx = ctx!(a);
    let Some(Screen::Promises(view)) = a.screens.last_mut() else {
        panic!()
    };
    view.update(Action::Bottom, &ctx).unwrap();
    assert_eq!(view.list.cursor, view.rows.len() - 1);
    assert!(matches!(
        view.update(Action::Kept, &ctx).unwrap(),
        Outcome::Run(crate::tui::command::Command::SetPromiseStatus {
            status: PromiseStatus::Kept,
            from: PromiseStatus::Open,
            ..
        })
    ));
}

#[test]
fn defect_6_marking_a_promise_kept_can_be_undone() {
    let mut a = app();
    open_promises(&mut a);
    let first = selected(&a).promise.id;
    press(&mut a, KeyCode::Enter);
    assert_eq!(status_of(&a, first), PromiseStatus::Kept);
    assert!(status(&a).contains('u'), "{}", status(&a));
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(status_of(&a, first), PromiseStatus::Open, "{}", status(&a));
    assert!(
        !status(&a).contains(" u "),
        "no undo of the undo: {}",
        status(&a)
    );
    assert!(a.undo.is_none());
    assert_eq!(selected(&a).promise.id, first, "back in the list");
}

#[test]
fn defect_7_a_promise_can_be_edited_reopened_and_deleted() {
    let mut a = app();
    open_promises(&mut a);
    let id = selected(&a).promise.id;
    press(&mut a, KeyCode::Char('e'));
    assert!(matches!(a.popup, Some(Popup::Promise(_))));
    typed(&mut a, " (bis Freitag)");
    press(&mut a, KeyCode::Tab);
    crate::tui::testing::ctrl(&mut a, 'u');
    typed(&mut a, "2026-12-04");
    press(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none(), "{}", status(&a));
    let edited = a
        .store
        .promises(None, false)
        .unwrap()
        .into_iter()
        .find(|p| p.promise.id == id)
        .unwrap();
    assert!(edited.promise.text.ends_with(" (bis Freitag)"));
    assert_eq!(
        edited.promise.due,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 4)
    );
    // Kept, then shown with the closed ones and opened again.
    press(&mut a, KeyCode::Char('y'));
    press(&mut a, KeyCode::Char('a'));
    let Some(Screen::Promises(view)) = a.screens.last_mut() else {
        panic!()
    };
    view.list.cursor = view.rows.iter().position(|r| r.promise.id == id).unwrap();
    press(&mut a, KeyCode::Char('r'));
    assert_eq!(status_of(&a, id), PromiseStatus::Open);
    // Deleted after a question.
    let Some(Screen::Promises(view)) = a.screens.last_mut() else {
        panic!()
    };
    view.list.cursor = view.rows.iter().position(|r| r.promise.id == id).unwrap();
    press(&mut a, KeyCode::Char('d'));
    assert!(a.confirm.as_ref().unwrap().question.contains("bis Freitag"));
    press(&mut a, KeyCode::Char('y'));
    assert!(
        a.store
            .promises(None, false)
            .unwrap()
            .iter()
            .all(|p| p.promise.id != id)
    );
}

#[test]
fn an_entry_and_a_contact_list_only_their_own_promises() {
    let mut a = app();
    let all = a.store.promises(None, false).unwrap();
    let entry = all.iter().find_map(|p| p.promise.entry).unwrap();
    a.open(crate::tui::command::Target::Entry(entry)).unwrap();
    press(&mut a, KeyCode::Char('p'));
    let Some(Screen::Promises(view)) = a.screens.last() else {
        panic!()
    };
    assert!(!view.rows.is_empty());
    assert!(view.rows.iter().all(|r| r.promise.entry == Some(entry)));
}
