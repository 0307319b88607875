use crate::tui::app::Screen;
use crate::tui::command::{Answer, Command};
use crate::tui::testing::{app, press, status};
use crate::tui::view;
use crossterm::event::KeyCode;

fn open_busiest_entry(a: &mut crate::tui::app::App) -> crate::domain::model::Id {
    // The longest entry of the journal, so that its text scrolls.
    let id = longest_entry(a);
    a.open(crate::tui::command::Target::Entry(id)).unwrap();
    id
}

fn longest_entry(a: &crate::tui::app::App) -> crate::domain::model::Id {
    let rows = a.store.entries_page(None, None, 500).unwrap();
    rows.iter()
        .max_by_key(|r| r.entry.body.len())
        .unwrap()
        .entry
        .id
}

#[test]
fn defect_13_end_shows_the_last_line_and_page_down_stops_there() {
    let mut a = app();
    // A narrow, short terminal, so the entry is longer than the screen.
    a.resize(ratatui::layout::Rect::new(0, 0, 60, 16));
    open_busiest_entry(&mut a);
    let Some(Screen::Entry(entry)) = a.screens.last() else {
        panic!("the entry is open")
    };
    let (lines, height) = view::entry_text_size(entry, a.viewport, a.clock.today());
    assert!(
        lines > usize::from(height),
        "the entry is longer than the screen"
    );
    let last = u16::try_from(lines).unwrap() - height;
    press(&mut a, KeyCode::End);
    let offset = |a: &crate::tui::app::App| match a.screens.last() {
        Some(Screen::Entry(e)) => e.scroll.offset,
        _ => panic!(),
    };
    assert_eq!(offset(&a), last, "End shows the last line at the bottom");
    press(&mut a, KeyCode::PageDown);
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(offset(&a), last, "no scrolling into empty space");
    press(&mut a, KeyCode::Char('g'));
    assert_eq!(offset(&a), 0);
    press(&mut a, KeyCode::Char('G'));
    assert_eq!(offset(&a), last, "G goes to the end too");
}

#[test]
fn defect_13_help_scrolls_to_its_end() {
    let mut a = app();
    press(&mut a, KeyCode::Char('?'));
    press(&mut a, KeyCode::Char('G'));
    let (lines, height) = view::help_size(a.viewport);
    match a.screens.last() {
        Some(Screen::Help(scroll)) => {
            assert_eq!(usize::from(scroll.offset), lines - usize::from(height));
        }
        _ => panic!("help is open"),
    }
    press(&mut a, KeyCode::Char('q'));
    assert!(a.screens.is_empty());
}

#[test]
fn defect_4_deleting_an_entry_with_promises_asks_whether_they_go_too() {
    let mut a = app();
    let with_promises = a
        .store
        .promises(None, false)
        .unwrap()
        .into_iter()
        .find_map(|p| p.promise.entry)
        .unwrap();
    a.open(crate::tui::command::Target::Entry(with_promises))
        .unwrap();
    press(&mut a, KeyCode::Char('d'));
    let confirm = a.confirm.clone().unwrap();
    assert_eq!(
        confirm.on_yes,
        Answer::Run(Command::DeleteEntry {
            id: with_promises,
            with_promises: true
        })
    );
    assert!(confirm.on_alternative.is_some(), "{}", confirm.question);
    let before = a.store.promises(None, false).unwrap().len();
    // k: the entry goes, its promises stay.
    press(&mut a, KeyCode::Char('k'));
    assert!(a.screens.is_empty(), "{}", status(&a));
    let after = a.store.promises(None, false).unwrap();
    assert_eq!(after.len(), before);
    assert!(after.iter().all(|p| p.promise.entry != Some(with_promises)));
}

#[test]
fn deleting_an_entry_with_its_promises_removes_them() {
    let mut a = app();
    let all = a.store.promises(None, false).unwrap();
    let entry = all.iter().find_map(|p| p.promise.entry).unwrap();
    let made_there = all
        .iter()
        .filter(|p| p.promise.entry == Some(entry))
        .count();
    a.open(crate::tui::command::Target::Entry(entry)).unwrap();
    press(&mut a, KeyCode::Char('d'));
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(
        a.store.promises(None, false).unwrap().len(),
        all.len() - made_there
    );
    assert!(a.store.entry(entry).is_err());
}
