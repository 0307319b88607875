use crate::tui::app::{Pane, Screen};
use crate::tui::command::{Answer, Command, Outcome, Target};
use crate::tui::keymap::{Action, Scope};
use crate::tui::popup::dirty;
use crate::tui::testing::{app, app_on_file, ctrl, press, status, typed};
use crossterm::event::KeyCode;

#[test]
fn moving_down_selects_a_contact_and_shows_their_timeline() {
    let mut a = app();
    assert!(a.selected_contact().is_none(), "the first row is everyone");
    press(&mut a, KeyCode::Char('j'));
    let id = a.selected_contact().unwrap().contact.id;
    assert_eq!(a.home.timeline.contact, Some(id));
    press(&mut a, KeyCode::Char('G'));
    assert_eq!(a.home.list.cursor, a.home.visible.len());
    assert!(a.home.list.offset > 0, "the last row is scrolled into view");
    press(&mut a, KeyCode::Char('g'));
    assert_eq!((a.home.list.cursor, a.home.list.offset), (0, 0));
    assert_eq!(a.home.timeline.contact, None);
}

#[test]
fn update_returns_what_to_open_instead_of_opening_it() {
    let mut a = app();
    let ctx = ctx!(a);
    assert!(matches!(
        a.home.update(Action::Search, &ctx).unwrap(),
        Outcome::Open(Target::Search)
    ));
    a.home.list.cursor = 1;
    let id = a.home.selected_contact().unwrap().contact.id;
    assert!(matches!(
        a.home.update(Action::Open, &ctx).unwrap(),
        Outcome::Open(Target::Contact(c)) if c == id
    ));
    match a.home.update(Action::Delete, &ctx).unwrap() {
        Outcome::Ask(confirm) => {
            assert_eq!(confirm.on_yes, Answer::Run(Command::DeleteContact(id)));
        }
        _ => panic!("delete asks first"),
    }
}

#[test]
fn filter_narrows_the_list_and_escape_clears_it() {
    let mut a = app();
    let all = a.home.visible.len();
    press(&mut a, KeyCode::Char('f'));
    typed(&mut a, "muller");
    assert!(a.home.visible.len() < all && !a.home.visible.is_empty());
    assert_eq!(a.home.list.cursor, 1, "the best match is selected");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.home.visible.len(), all);
    assert!(!a.home.filtering);
}

/// Issue 14: the filter matches interests and companies too, folded as search folds (`weiss`).
#[test]
fn filter_matches_interests_and_spellings_without_umlauts() {
    let mut a = app();
    let names = |a: &crate::tui::app::App| -> Vec<String> {
        a.home
            .visible
            .iter()
            .map(|i| a.home.contacts[*i].contact.name.clone())
            .collect()
    };
    press(&mut a, KeyCode::Char('f'));
    typed(&mut a, "bayreuth segeln");
    assert!(names(&a).is_empty(), "notes are not part of the filter");
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('f'));
    typed(&mut a, "weiss");
    assert_eq!(names(&a).first().map(String::as_str), Some("Sören Weiß"));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('f'));
    typed(&mut a, "Segeln");
    let sailors = names(&a);
    assert!(sailors.contains(&"Sören Weiß".to_string()), "{sailors:?}");
    assert!(sailors.len() >= 2, "{sailors:?}");
}

#[test]
fn defect_4_the_selection_follows_the_saved_entry() {
    let mut a = app();
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.home.pane, Pane::Timeline);
    press(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Anna");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Enter);
    typed(&mut a, "Neues Treffen");
    ctrl(&mut a, 's');
    assert!(a.popup.is_none(), "{}", status(&a));
    let selected = a.home.timeline.selected().unwrap();
    assert_eq!(selected.entry.body, "Neues Treffen");
}

#[test]
fn defect_4_an_edited_old_entry_stays_selected_though_it_is_not_on_the_first_page() {
    let mut a = app();
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('G'));
    let oldest = a.home.timeline.selected().unwrap().entry.id;
    press(&mut a, KeyCode::Char('e'));
    typed(&mut a, " (ergänzt)");
    ctrl(&mut a, 's');
    assert!(a.popup.is_none(), "{}", status(&a));
    assert_eq!(a.home.timeline.selected().unwrap().entry.id, oldest);
}

#[test]
fn defect_4_the_delete_question_names_the_entry() {
    let mut a = app();
    press(&mut a, KeyCode::Tab);
    let row = a.home.timeline.selected().unwrap().clone();
    press(&mut a, KeyCode::Char('d'));
    let question = &a.confirm.as_ref().unwrap().question;
    let names = crate::display::contact_names(&row);
    assert!(question.contains(&names), "{question}");
    assert!(
        question.contains(&crate::display::date_time(&row.entry.occurred_at)),
        "{question}"
    );
    assert!(
        !question.contains(&format!("#{}", row.entry.id)),
        "{question}"
    );
}

#[test]
fn defect_8_ctrl_c_quits_from_every_screen() {
    for opener in ['j', '/', 'p', 'o', '?'] {
        let mut a = app();
        if opener == 'j' {
            press(&mut a, KeyCode::Char('j'));
            press(&mut a, KeyCode::Enter);
        } else {
            press(&mut a, KeyCode::Char(opener));
        }
        assert!(!a.screens.is_empty(), "{opener}");
        ctrl(&mut a, 'c');
        assert!(a.quit, "Ctrl-C quits above home ({opener})");
    }
}

#[test]
fn defect_9_a_screen_whose_record_vanished_closes_without_panicking() {
    let (mut a, mut other, _dir) = app_on_file();
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Enter);
    let id = match a.screens.last() {
        Some(Screen::Entry(view)) => view.row.entry.id,
        _ => panic!("the entry is open"),
    };
    press(&mut a, KeyCode::Char('p'));
    assert_eq!(a.screens.len(), 2, "the entry's promises on top of it");
    // Another process deletes the entry.
    other.delete_entry(id).unwrap();
    a.poll_external_changes();
    assert!(a.screens.is_empty(), "both screens about the entry closed");
    assert_eq!(a.scope(), Scope::Home);
}

#[test]
fn defect_9_a_deleted_contact_closes_its_page_and_what_is_above_it() {
    let (mut a, mut other, _dir) = app_on_file();
    press(&mut a, KeyCode::Char('j'));
    let id = a.selected_contact().unwrap().contact.id;
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('?'));
    other.delete_contact(id).unwrap();
    a.poll_external_changes();
    assert!(a.screens.is_empty());
    assert!(a.status.is_none(), "{}", status(&a));
}

#[test]
fn defect_23_enter_in_the_empty_name_field_moves_to_the_body() {
    let mut a = app();
    press(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Anna");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Enter);
    typed(&mut a, "Kurz telefoniert");
    match &a.popup {
        Some(crate::tui::command::Popup::Entry(form)) => {
            assert_eq!(form.body_text(), "Kurz telefoniert");
            assert_eq!(form.contacts.len(), 1);
        }
        _ => panic!("the form is open"),
    }
    assert!(dirty(a.popup.as_ref().unwrap()));
}
