use crate::domain::model::{Initiative, Kind};
use crate::inbox::{NewPerson, PersonTouch, Proposal, Source};
use crate::tui::app::{App, Screen};
use crate::tui::testing::{app, press, status};
use crossterm::event::KeyCode;

/// A touch on `day` (of November 2026) in thread `thread`, about `contacts`.
fn touch(thread: &str, day: u32, contacts: Vec<i64>) -> Proposal {
    let at = format!("2026-11-{day:02}T09:00:00+01:00");
    Proposal {
        key: format!("{thread}-{day}"),
        contacts,
        kind: Kind::Email,
        occurred_at: chrono::DateTime::parse_from_rfc3339(&at).unwrap(),
        title: Some(format!("Thema {thread}")),
        initiative: Initiative::Me,
        source: Source::Maildir,
        origins: Vec::new(),
    }
}

/// One open proposal about the first contact of the demo journal, and two frequent correspondents
/// who are no contact (three threads each).
fn with_people(a: &mut App) {
    let anna = a.home.contacts[0].contact.id;
    let person = |email: &str, name: &str| NewPerson {
        email: email.into(),
        name: Some(name.into()),
        threads: 3,
        touches: ["a", "b", "c"]
            .iter()
            .zip(20..)
            .map(|(thread, day)| PersonTouch {
                thread: format!("{email}{thread}"),
                proposal: touch(&format!("{email}{thread}"), day, Vec::new()),
            })
            .collect(),
    };
    let people = [
        person("dora@neu.example", "Dora Dürr"),
        person("eve@neu.example", "Eve Eckert"),
    ];
    let since = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    a.store
        .save_scan(&[touch("x", 24, vec![anna])], &people, &[], since)
        .unwrap();
    a.refresh().unwrap();
}

fn inbox(a: &App) -> &crate::tui::screen::inbox::InboxView {
    match a.screens.last() {
        Some(Screen::Inbox(view)) => view,
        _ => panic!("the inbox is open"),
    }
}

#[test]
fn new_people_follow_the_touches_and_are_added_or_ignored() {
    let mut a = app();
    with_people(&mut a);
    press(&mut a, KeyCode::Char('i'));
    let view = inbox(&a);
    assert_eq!((view.rows.len(), view.people.len()), (1, 2));
    // Down past the touch: the first new person; `y` adds her with her three touches.
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char('y'));
    assert!(status(&a).contains("Dora Dürr"), "{}", status(&a));
    let view = inbox(&a);
    assert_eq!(view.people.len(), 1);
    assert_eq!(view.rows.len(), 4, "her touches wait to be confirmed");
    let book = a.store.email_contacts().unwrap();
    assert_eq!(book["dora@neu.example"].len(), 1);
    // `x` on the other ignores her address: no longer proposed, no contact made.
    press(&mut a, KeyCode::End);
    press(&mut a, KeyCode::Char('x'));
    assert!(status(&a).contains("eve@neu.example"), "{}", status(&a));
    assert!(inbox(&a).people.is_empty());
    assert!(
        !a.store
            .email_contacts()
            .unwrap()
            .contains_key("eve@neu.example")
    );
    assert_eq!(a.store.ignored_senders().unwrap(), ["eve@neu.example"]);
}

#[test]
fn e_edits_a_proposal_into_an_entry_and_esc_leaves_it_open() {
    let mut a = app();
    let anna = a.home.contacts[0].contact.id;
    // A mail dated in the sender's offset: the form shows it on the user's clock (+01:00).
    let mut mail = touch("x", 24, vec![anna]);
    mail.occurred_at = chrono::DateTime::parse_from_rfc3339("2026-11-24T16:30:00+00:00").unwrap();
    mail.initiative = Initiative::Them;
    a.store.save_inbox(&[mail], &[]).unwrap();
    a.refresh().unwrap();
    press(&mut a, KeyCode::Char('i'));
    press(&mut a, KeyCode::Char('e'));
    let Some(crate::tui::command::Popup::Entry(form)) = &a.popup else {
        panic!("the entry form is open")
    };
    assert_eq!(
        form.contacts.iter().map(|c| c.id).collect::<Vec<_>>(),
        [anna]
    );
    assert_eq!(form.kind, Kind::Email);
    assert_eq!(form.when.value(), "2026-11-24 17:30");
    assert_eq!(form.title.value(), "Thema x");
    assert_eq!(form.initiative, Some(Initiative::Them));
    press(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none());
    assert_eq!(inbox(&a).rows.len(), 1, "Esc leaves the proposal open");
    press(&mut a, KeyCode::Char('e'));
    crate::tui::testing::typed(&mut a, " besprochen");
    crate::tui::testing::ctrl(&mut a, 's');
    assert!(a.popup.is_none(), "{}", status(&a));
    assert!(inbox(&a).rows.is_empty(), "saving accepted the proposal");
    let entries = a.store.entries_page(Some(anna), None, 50).unwrap();
    let saved = entries
        .iter()
        .find(|e| e.entry.title.as_deref() == Some("Thema x besprochen"))
        .expect("the entry as edited");
    assert_eq!(
        saved.entry.occurred_at,
        chrono::DateTime::parse_from_rfc3339("2026-11-24T17:30:00+01:00").unwrap()
    );
}

/// People proposed as contacts wait like touches: the header counts them and the review starts with
/// the Inbox when only they wait.
#[test]
fn the_review_starts_with_the_inbox_when_only_new_people_wait() {
    let mut a = app();
    let person = NewPerson {
        email: "dora@neu.example".into(),
        name: Some("Dora Dürr".into()),
        threads: 3,
        touches: ["a", "b", "c"]
            .iter()
            .zip(20..)
            .map(|(thread, day)| PersonTouch {
                thread: format!("dora{thread}"),
                proposal: touch(&format!("dora{thread}"), day, Vec::new()),
            })
            .collect(),
    };
    let since = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    a.store.save_scan(&[], &[person], &[], since).unwrap();
    a.refresh().unwrap();
    assert_eq!(a.inbox_open, 1);
    press(&mut a, KeyCode::Char('r'));
    assert_eq!(inbox(&a).people.len(), 1, "{}", status(&a));
}
