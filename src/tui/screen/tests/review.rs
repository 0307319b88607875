use crate::domain::model::{Entry, Kind, Owner, PromiseStatus};
use crate::store::NewPromise;
use crate::tui::app::{App, Screen};
use crate::tui::command::Popup;
use crate::tui::keymap::{self, Scope};
use crate::tui::testing::{app, press, status, typed};
use crossterm::event::KeyCode;

fn review(a: &App) -> &crate::tui::app::ReviewState {
    match a.screens.last() {
        Some(Screen::Review(r)) => r,
        _ => panic!("the review is open"),
    }
}

/// Gives the contact on the current card a promise of mine that is three days overdue.
fn overdue_promise_on_card(a: &mut App) -> crate::domain::model::Id {
    let contact = review(a).current().unwrap().id;
    let today = a.clock.today();
    let entry = Entry {
        id: 0,
        occurred_at: a.clock.now - chrono::Duration::days(40),
        kind: Kind::Note,
        title: None,
        body: "Zusage notiert".into(),
        contacts: vec![contact],
        mood: None,
        initiative: None,
        signals: Default::default(),
    };
    let promise = NewPromise {
        owner: Owner::Me,
        text: "Angebot schicken".into(),
        due: today.checked_sub_days(chrono::Days::new(3)),
    };
    a.store.add_entry(&entry, &[promise]).unwrap();
    a.refresh().unwrap();
    let card = review(a).card.as_ref().unwrap();
    card.overdue_promise(today).unwrap().promise.id
}

fn promise_status(a: &App, id: crate::domain::model::Id) -> crate::domain::model::Promise {
    let all = a.store.promises(None, false).unwrap();
    all.into_iter()
        .find(|p| p.promise.id == id)
        .unwrap()
        .promise
}

#[test]
fn next_and_back_walk_the_cards_and_the_end_is_recorded() {
    let mut a = app();
    press(&mut a, KeyCode::Char('r'));
    let total = review(&a).queue.len();
    assert!(total > 1);
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(review(&a).index, 1);
    press(&mut a, KeyCode::Char('b'));
    assert_eq!(review(&a).index, 0);
    for _ in 0..total {
        press(&mut a, KeyCode::Char('n'));
    }
    assert!(review(&a).finished());
    assert_eq!(a.store.last_review().unwrap(), Some(a.clock.today()));
    assert_eq!(review(&a).counts().skipped, total);
}

#[test]
fn defect_19_the_finished_review_offers_only_what_works_and_q_leaves() {
    let mut a = app();
    press(&mut a, KeyCode::Char('r'));
    let total = review(&a).queue.len();
    for _ in 0..total {
        press(&mut a, KeyCode::Char('n'));
    }
    assert_eq!(a.scope(), Scope::ReviewDone);
    let footer: Vec<String> = keymap::footer(a.scope())
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    for gone in ["l", "s", "c", "x", "n"] {
        assert!(!footer.contains(&gone.to_string()), "{footer:?}");
    }
    assert!(footer.contains(&"?".to_string()), "{footer:?}");
    press(&mut a, KeyCode::Char('q'));
    assert!(a.screens.is_empty(), "q leaves the finished review");
}

#[test]
fn defect_6_archiving_in_the_review_can_be_undone() {
    let mut a = app();
    press(&mut a, KeyCode::Char('r'));
    let contact = review(&a).current().unwrap().id;
    press(&mut a, KeyCode::Char('x'));
    assert!(a.store.contact(contact).unwrap().0.archived);
    assert_eq!(review(&a).index, 1);
    assert!(status(&a).contains('u'), "{}", status(&a));
    press(&mut a, KeyCode::Char('u'));
    assert!(!a.store.contact(contact).unwrap().0.archived);
    assert_eq!(review(&a).index, 0, "the card is shown again");
    assert_eq!(review(&a).current().unwrap().id, contact);
    assert_eq!(review(&a).counts().archived, 0);
}

#[test]
fn defect_10_an_overdue_promise_is_dealt_with_on_the_card() {
    let mut a = app();
    press(&mut a, KeyCode::Char('r'));
    let id = overdue_promise_on_card(&mut a);
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(promise_status(&a, id).status, PromiseStatus::Kept);
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(promise_status(&a, id).status, PromiseStatus::Open);
    press(&mut a, KeyCode::Char('!'));
    assert_eq!(promise_status(&a, id).status, PromiseStatus::Broken);
    press(&mut a, KeyCode::Char('u'));
    press(&mut a, KeyCode::Char('v'));
    assert!(matches!(a.popup, Some(Popup::Promise(_))));
    typed(&mut a, "in 1w");
    press(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none(), "{}", status(&a));
    let moved = promise_status(&a, id);
    assert_eq!(moved.status, PromiseStatus::Open);
    assert_eq!(
        moved.due,
        a.clock.today().checked_add_days(chrono::Days::new(7))
    );
    assert_eq!(review(&a).index, 0, "the card stays for the next step");
}

#[test]
fn logging_a_touch_from_the_review_moves_to_the_next_card() {
    let mut a = app();
    press(&mut a, KeyCode::Char('r'));
    press(&mut a, KeyCode::Char('l'));
    let Some(Popup::Entry(form)) = &a.popup else {
        panic!("the entry form is open")
    };
    assert_eq!(form.kind, Kind::Call);
    typed(&mut a, "Kurz angerufen");
    crate::tui::testing::ctrl(&mut a, 's');
    assert!(a.popup.is_none(), "{}", status(&a));
    assert_eq!(review(&a).index, 1);
    assert_eq!(review(&a).counts().logged, 1);
}

/// Every card in the review says why it is there: a contact queued for the key account that hangs
/// on them alone showed an empty "why now" (the card's health lacked the account flag).
#[test]
fn every_card_says_why_it_is_there() {
    let mut a = app();
    press(&mut a, KeyCode::Char('r'));
    let total = review(&a).queue.len();
    let mut single_thread = 0;
    for _ in 0..total {
        let card = review(&a).card.as_ref().unwrap();
        let name = card.health.contact.name.clone();
        assert!(!card.reasons.is_empty(), "{name}: no reason on the card");
        if card.health.single_thread.is_some() {
            single_thread += 1;
        }
        press(&mut a, KeyCode::Char('n'));
    }
    assert!(
        single_thread > 0,
        "the demo has a single-threaded key account"
    );
}
