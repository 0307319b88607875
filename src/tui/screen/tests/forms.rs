use crate::tui::command::Popup;
use crate::tui::entry_form::{EntryForm, Field};
use crate::tui::testing::{app, clock, ctrl, press, status, typed};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn form() -> EntryForm {
    EntryForm::new(None, Vec::new(), false)
}

fn keys(form: &mut EntryForm, text: &str) {
    for c in text.chars() {
        form.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn defect_1_the_mood_is_what_was_typed() {
    for (typed, mood) in [
        ("-1", Some(-1)),
        ("-2", Some(-2)),
        ("-", Some(-1)),
        ("--", Some(-2)),
        ("2", Some(2)),
        ("+1", Some(1)),
        ("+2", Some(2)),
        ("0", Some(0)),
        ("-2-1", Some(-1)),
        ("-21", Some(1)),
    ] {
        let mut f = form();
        f.focus = Field::Mood;
        keys(&mut f, typed);
        assert_eq!(f.mood, mood, "typed {typed}");
    }
}

#[test]
fn defect_11_when_starts_empty_with_now_as_placeholder_and_shows_what_it_means() {
    let mut f = form();
    assert_eq!(f.when.text(), "");
    assert_eq!(f.when.placeholder(), Some(crate::i18n::t("form.now")));
    f.focus = Field::When;
    keys(&mut f, "gestern 14:30");
    assert_eq!(f.when.text(), "gestern 14:30");
    let preview = f.when_preview(&clock()).unwrap();
    assert!(preview.starts_with("→ "), "{preview}");
    assert!(
        preview.contains("26.11.2026") || preview.contains("2026-11-26"),
        "{preview}"
    );
    assert!(preview.contains("14:30"), "{preview}");
    let empty = form();
    assert!(empty.when_preview(&clock()).is_some(), "empty means now");
}

#[test]
fn defect_17_ctrl_u_in_the_body_deletes_to_the_start_of_the_line() {
    let mut f = form();
    f.focus = Field::Body;
    keys(&mut f, "erste Zeile");
    f.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    keys(&mut f, "zweite Zeile");
    f.handle_key(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert_eq!(f.body_text(), "erste Zeile\n");
}

#[test]
fn defect_19_escape_in_the_name_picker_clears_the_picker_not_the_form() {
    let mut a = app();
    press(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Jür");
    press(&mut a, KeyCode::Esc);
    let Some(Popup::Entry(form)) = &a.popup else {
        panic!("the form stays open")
    };
    assert_eq!(form.picker.text(), "");
    assert!(a.confirm.is_none());
    press(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none(), "a second Esc closes the untouched form");
}

#[test]
fn a_changed_form_asks_before_it_is_discarded() {
    let mut a = app();
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Notiz");
    press(&mut a, KeyCode::Esc);
    assert!(a.confirm.is_some() && a.popup.is_some());
    press(&mut a, KeyCode::Char('n'));
    assert!(a.popup.is_some(), "no keeps the form");
    ctrl(&mut a, 'c');
    assert!(!a.quit, "Ctrl-C in a changed form asks too");
    press(&mut a, KeyCode::Char('y'));
    assert!(a.quit);
}

#[test]
fn snooze_takes_a_duration_and_refuses_the_past() {
    let mut a = app();
    press(&mut a, KeyCode::Char('r'));
    press(&mut a, KeyCode::Char('s'));
    ctrl(&mut a, 'u');
    typed(&mut a, "gestern");
    press(&mut a, KeyCode::Enter);
    assert!(a.popup.is_some(), "{}", status(&a));
    ctrl(&mut a, 'u');
    typed(&mut a, "2w");
    press(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none(), "{}", status(&a));
}
