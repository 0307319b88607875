use crate::tui::app::Screen;
use crate::tui::testing::{app, press, typed};
use crossterm::event::KeyCode;

#[test]
fn typing_waits_for_a_pause_then_results_open_entries() {
    let mut a = app();
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "angebot");
    assert!(a.has_pending_work(), "the search runs when typing pauses");
    a.idle();
    let Some(Screen::Search(view)) = a.screens.last() else {
        panic!("search is open")
    };
    assert!(!view.pending && !view.hits.is_empty());
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char('j'));
    let Some(Screen::Search(view)) = a.screens.last() else {
        panic!()
    };
    assert!(view.in_results);
    assert_eq!(view.list.cursor, 1);
    let id = view.hits[1].row.entry.id;
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.screens.last(), Some(Screen::Entry(e)) if e.row.entry.id == id));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('k'));
    press(&mut a, KeyCode::Char('k'));
    let Some(Screen::Search(view)) = a.screens.last() else {
        panic!()
    };
    assert!(
        !view.in_results,
        "up from the first result goes back to the query"
    );
}
