use crate::tui::app::Screen;
use crate::tui::screen::search::SearchItem;
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
    assert!(!view.pending && !view.results.entries.is_empty());
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char('j'));
    let Some(Screen::Search(view)) = a.screens.last() else {
        panic!()
    };
    assert!(view.in_results);
    assert_eq!(view.list.cursor, 1);
    // "angebot" is in promises and entries, not in names: row 1 is a promise or an entry.
    let opened = match view.items()[1] {
        SearchItem::Promise(i) => view.results.promises[i].promise.entry,
        SearchItem::Entry(i) => Some(view.results.entries[i].row.entry.id),
        SearchItem::Contact(_) => None,
    };
    press(&mut a, KeyCode::Enter);
    match opened {
        Some(id) => {
            assert!(matches!(a.screens.last(), Some(Screen::Entry(e)) if e.row.entry.id == id))
        }
        None => assert!(matches!(a.screens.last(), Some(Screen::Contact(_)))),
    }
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

fn search_view(a: &crate::tui::app::App) -> &crate::tui::app::SearchView {
    match a.screens.last() {
        Some(Screen::Search(view)) => view,
        _ => panic!("search is open"),
    }
}

/// Issue 14: `weiss` finds Sören Weiß as a contact, his promises and the entries about him, in that
/// order; Enter on the contact opens his page; the relevance key reorders the entries and says so.
#[test]
fn weiss_finds_the_contact_first_and_enter_opens_his_page() {
    let mut a = app();
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "weiss");
    a.idle();
    let view = search_view(&a);
    assert_eq!(view.items().first(), Some(&SearchItem::Contact(0)));
    assert_eq!(view.results.contacts[0].name, "Sören Weiß");
    assert!(!view.results.entries.is_empty());
    let kinds: Vec<u8> = view
        .items()
        .iter()
        .map(|i| match i {
            SearchItem::Contact(_) => 0,
            SearchItem::Promise(_) => 1,
            SearchItem::Entry(_) => 2,
        })
        .collect();
    assert!(kinds.windows(2).all(|w| w[0] <= w[1]), "grouped: {kinds:?}");
    let id = view.results.contacts[0].id;
    let newest: Vec<i64> = view
        .results
        .entries
        .iter()
        .map(|h| h.row.entry.id)
        .collect();
    crate::tui::testing::ctrl(&mut a, 'o');
    let view = search_view(&a);
    assert!(view.rank);
    let ranked: Vec<i64> = view
        .results
        .entries
        .iter()
        .map(|h| h.row.entry.id)
        .collect();
    let (mut x, mut y) = (newest.clone(), ranked.clone());
    x.sort_unstable();
    y.sort_unstable();
    assert_eq!(x, y, "the same entries, in another order");
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.screens.last(), Some(Screen::Contact(c)) if c.health.contact.id == id));
}
