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
