//! Every screen and popup drawn on ratatui's TestBackend at a fixed date and size (100×30 and 60×16),
//! from the generated demo journal, compared with insta snapshots that were read and accepted by a
//! person. Colour carries meaning in a few places; those cells are asserted directly.

mod common;

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rapport::clock::Clock;
use rapport::config::Config;
use rapport::store::Store;
use rapport::tui::app::App;
use rapport::tui::theme::Theme;
use rapport::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

fn clock() -> Clock {
    Clock::fixed(DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap())
}

fn app(width: u16, height: u16, colour: bool) -> App {
    let mut store = Store::open_in_memory().unwrap();
    rapport::demo::populate(&mut store, clock().now).unwrap();
    App::new(
        store,
        Config::default(),
        clock(),
        Theme { colour },
        Rect::new(0, 0, width, height),
    )
    .unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), clock());
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        clock(),
    );
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::render(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    common::buffer_text(buffer)
}

fn snapshot(name: &str, app: &App, width: u16, height: u16) -> Buffer {
    let buffer = draw(app, width, height);
    insta::assert_snapshot!(format!("{name}_{width}x{height}"), text(&buffer));
    buffer
}

const SIZES: [(u16, u16); 2] = [(100, 30), (60, 16)];

#[test]
fn home() {
    for (w, h) in SIZES {
        let a = app(w, h, true);
        snapshot("home", &a, w, h);
    }
}

#[test]
fn home_filtered_and_timeline_focused() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('f'));
        typed(&mut a, "muller");
        snapshot("home_filter", &a, w, h);
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Char('j'));
        snapshot("home_timeline_focus", &a, w, h);
    }
}

#[test]
fn contact_page() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Enter);
        snapshot("contact", &a, w, h);
        // Issue 13: Tab shows the address card's details (a second phone, an address, a website)
        // in the lower pane; on a narrow terminal long values are cut with "…".
        key(&mut a, KeyCode::Tab);
        let screen = text(&snapshot("contact_card", &a, w, h));
        assert!(screen.contains("Hedelfinger Straße 55"), "{screen}");
    }
}

/// Issue 14: `c` on a contact page opens their company: its people with their status, the last
/// touch with anyone there, open promises with anyone there and its newest entries; Enter on a
/// person opens their page. The contact page names who introduced them and whom they introduced.
#[test]
fn company_page_and_introductions() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        a.store.set_introduced_by(1, Some(2)).unwrap();
        a.store.set_introduced_by(3, Some(1)).unwrap();
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Enter);
        let screen = text(&snapshot("contact_introductions", &a, w, h));
        assert!(screen.contains("Introducer"), "{screen}");
        key(&mut a, KeyCode::Char('c'));
        let screen = text(&snapshot("company", &a, w, h));
        assert!(screen.contains("People"), "{screen}");
        key(&mut a, KeyCode::Enter);
        let screen = text(&draw(&a, w, h));
        assert!(screen.contains("┌ #"), "a person's page opens: {screen}");
    }
}

/// Issue 13: `m` on a contact page picks the contact to merge into it, then shows what the merge
/// gives and asks.
#[test]
fn contact_merge_picker_and_question() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Char('m'));
        typed(&mut a, "lena");
        snapshot("contact_merge_picker", &a, w, h);
        key(&mut a, KeyCode::Enter);
        snapshot("contact_merge_question", &a, w, h);
    }
}

#[test]
fn entry_view() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Enter);
        snapshot("entry", &a, w, h);
    }
}

#[test]
fn entry_form_new_and_with_errors() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('n'));
        snapshot("entry_form_empty", &a, w, h);
        typed(&mut a, "Kurzer Anruf");
        // Back to "When" and break it, then try to save.
        app_focus_when(&mut a);
        for _ in 0..3 {
            key(&mut a, KeyCode::Backspace);
        }
        typed(&mut a, "next blursday");
        ctrl(&mut a, 's');
        snapshot("entry_form_errors", &a, w, h);
    }
}

fn app_focus_when(a: &mut App) {
    // From the contacts field: Tab to Kind, Tab to When.
    key(a, KeyCode::Tab);
    key(a, KeyCode::Tab);
}

#[test]
fn entry_form_picker_for_a_selected_contact() {
    let mut a = app(100, 30, true);
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Rückruf zugesagt.");
    a.handle_key(
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        clock(),
    );
    a.handle_key(
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        clock(),
    );
    typed(&mut a, "Termin bis Freitag");
    for _ in 0..9 {
        key(&mut a, KeyCode::BackTab);
    }
    typed(&mut a, "chl");
    snapshot("entry_form_picker", &a, 100, 30);
}

#[test]
fn contact_form() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Char('e'));
        snapshot("contact_form", &a, w, h);
    }
}

/// Issue 11 #5: the notes are a field of several lines; with the keys in them, every other field keeps
/// its line where there is room, and on a short terminal the notes keep three lines.
#[test]
fn contact_form_notes_focused() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Char('e'));
        key(&mut a, KeyCode::BackTab);
        key(&mut a, KeyCode::Enter);
        typed(&mut a, "Zweite Zeile / mit Schrägstrich");
        snapshot("contact_form_notes", &a, w, h);
    }
}

#[test]
fn promises_search_help_confirm() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('p'));
        snapshot("promises", &a, w, h);
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('/'));
        typed(&mut a, "vertrau");
        assert!(a.has_pending_work(), "typing only marks the search as due");
        a.idle(); // the search runs when typing pauses
        assert!(!a.has_pending_work(), "and then nothing is left to do");
        snapshot("search", &a, w, h);
        // A name typed without its letters: the contact first, then promises and entries.
        for _ in 0.."vertrau".len() {
            key(&mut a, KeyCode::Backspace);
        }
        typed(&mut a, "weiss");
        a.idle();
        snapshot("search_groups", &a, w, h);
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('?'));
        snapshot("help", &a, w, h);
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Char('d'));
        snapshot("confirm_delete", &a, w, h);
    }
}

#[test]
fn too_small() {
    let a = app(59, 15, true);
    snapshot("too_small", &a, 59, 15);
}

/// Status is never colour alone: the symbol is there, and with colour it is red for overdue.
#[test]
fn status_colours_and_no_color() {
    let a = app(100, 30, true);
    let buffer = draw(&a, 100, 30);
    // Row 3 is the most urgent contact: an overdue one.
    let cell = &buffer[(1, 3)];
    assert_eq!(cell.symbol(), "!");
    assert_eq!(cell.fg, Color::Red);
    assert!(cell.modifier.contains(Modifier::BOLD));

    let plain = app(100, 30, false);
    let buffer = draw(&plain, 100, 30);
    assert_eq!(buffer[(1, 3)].symbol(), "!");
    for y in 0..30 {
        for x in 0..100 {
            let cell = &buffer[(x, y)];
            assert!(
                matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                "colour at {x},{y} under NO_COLOR"
            );
        }
    }
    // The selection is still visible without colour.
    assert!(buffer[(3, 2)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn saving_an_entry_by_keys_shows_it_in_the_timeline() {
    let mut a = app(100, 30, true);
    key(&mut a, KeyCode::Char('j'));
    let name = a.selected_contact().unwrap().contact.name.clone();
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Angebot besprochen");
    ctrl(&mut a, 's');
    assert!(a.popup.is_none(), "form closed");
    let first = &a.home.timeline.rows[0];
    assert_eq!(first.entry.body, "Angebot besprochen");
    assert_eq!(first.contact_names[0].1, name);
    let screen = text(&draw(&a, 100, 30));
    assert!(screen.contains("Entry #371 saved."), "{screen}");
    assert!(screen.contains("Angebot besprochen"), "{screen}");
}

#[test]
fn escape_sequences_are_drawn_harmlessly() {
    let mut store = Store::open_in_memory().unwrap();
    let mut contact = rapport::domain::model::Contact::new("Evil\u{1b}[2J\u{7}Name", clock().now);
    contact.company = Some("\u{1b}]0;title\u{7}Corp".into());
    let id = store.add_contact(&contact).unwrap();
    // Issue 13: and the details of the address card, drawn in the contact page's lower pane.
    let row = |name: &str, params: &str, value: &str| rapport::domain::model::CardProperty {
        name: name.into(),
        params: params.into(),
        value: value.into(),
    };
    let card = [
        row(
            "URL",
            "TYPE=\u{1b}[31mwork",
            "https://x.example/\u{1b}]52;c;ZXZpbA==\u{7}",
        ),
        row("ADR", "", ";;Street\u{202e} 1\\nBack\u{1b}[2J;Town;;1;"),
    ];
    store.set_card_properties(id, &card).unwrap();
    let mut a = App::new(
        store,
        Config::default(),
        clock(),
        Theme { colour: true },
        Rect::new(0, 0, 100, 30),
    )
    .unwrap();
    let screen = text(&draw(&a, 100, 30));
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
    assert!(screen.contains("Evil^[[2J^GName"), "{screen}");
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    let screen = text(&draw(&a, 100, 30));
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!screen.contains(raw), "{raw:?} in:\n{screen}");
    }
    assert!(
        screen.contains("https://x.example/^[]52;c;ZXZpbA==^G"),
        "{screen}"
    );
    assert!(screen.contains("Back^[[2J"), "{screen}");
}

#[test]
fn editing_a_contact_from_home_keeps_what_the_list_does_not_show() {
    let mut a = app(100, 30, true);
    key(&mut a, KeyCode::Char('j'));
    let id = a.selected_contact().unwrap().contact.id;
    let before = a.store.contact(id).unwrap().0;
    assert!(!before.tags.is_empty());
    key(&mut a, KeyCode::Char('e'));
    typed(&mut a, " Jr.");
    ctrl(&mut a, 's');
    assert!(a.popup.is_none());
    let after = a.store.contact(id).unwrap().0;
    assert_eq!(after.name, format!("{} Jr.", before.name));
    assert_eq!(after.tags, before.tags);
    assert_eq!(after.notes, before.notes);
}

/// Issue 17: the form's last field before the notes marks a contact private (kept from assistants);
/// the contact page then says so, and the field takes the mark away again.
#[test]
fn the_private_field_marks_a_contact_and_the_page_shows_it() {
    let mut a = app(100, 30, true);
    key(&mut a, KeyCode::Char('j'));
    let id = a.selected_contact().unwrap().contact.id;
    key(&mut a, KeyCode::Char('e'));
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::BackTab);
    let form = text(&draw(&a, 100, 30));
    assert!(form.contains("[no] yes"), "{form}");
    key(&mut a, KeyCode::Right);
    ctrl(&mut a, 's');
    assert!(a.popup.is_none());
    assert!(a.store.contact(id).unwrap().0.private);
    key(&mut a, KeyCode::Enter);
    let page = text(&draw(&a, 100, 30));
    assert!(page.contains("not shared with assistants"), "{page}");
    key(&mut a, KeyCode::Char('e'));
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::Left);
    ctrl(&mut a, 's');
    assert!(!a.store.contact(id).unwrap().0.private);
    let page = text(&draw(&a, 100, 30));
    assert!(!page.contains("assistants"), "{page}");
}

#[test]
fn review_card_and_summary() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('r'));
        snapshot("review_card", &a, w, h);
        key(&mut a, KeyCode::Char('s'));
        snapshot("review_snooze", &a, w, h);
        key(&mut a, KeyCode::Esc);
        for _ in 0..20 {
            key(&mut a, KeyCode::Char('n'));
        }
        snapshot("review_done", &a, w, h);
        key(&mut a, KeyCode::Esc);
        snapshot("home_after_review", &a, w, h);
    }
}

#[test]
fn contact_page_charts() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Enter);
        // History → address card → charts.
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        snapshot("contact_charts", &a, w, h);
    }
}

#[test]
fn overview() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('o'));
        snapshot("overview", &a, w, h);
    }
}

fn app_on(store: Store, width: u16, height: u16) -> App {
    App::new(
        store,
        Config::default(),
        clock(),
        Theme { colour: true },
        Rect::new(0, 0, width, height),
    )
    .unwrap()
}

/// Three contacts: Anna touched on time but owed a promise two days overdue, 渡辺 on time, Bert
/// overdue.
fn store_with_a_late_promise() -> Store {
    use rapport::domain::model::{Contact, Entry, Kind, Owner, Signals};
    let mut store = Store::open_in_memory().unwrap();
    let created = DateTime::parse_from_rfc3339("2026-01-05T09:00:00+01:00").unwrap();
    let mut ids = Vec::new();
    for (name, company) in [
        ("Anna Schmidt", "Schmidt & Söhne"),
        ("渡辺 大輔", "Kōyō Seiki"),
        ("Bert Braun", "Braun KG"),
    ] {
        let mut c = Contact::new(name, created);
        c.company = Some(company.into());
        c.cadence_days = Some(30);
        ids.push(store.add_contact(&c).unwrap());
    }
    for (id, day) in [
        (ids[0], "2026-11-20"),
        (ids[1], "2026-11-18"),
        (ids[2], "2026-09-01"),
    ] {
        let entry = Entry {
            id: 0,
            occurred_at: DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+01:00")).unwrap(),
            kind: Kind::Meeting,
            title: None,
            body: "Treffen".into(),
            contacts: vec![id],
            mood: None,
            initiative: None,
            signals: Signals::default(),
        };
        let promises = if id == ids[0] {
            vec![rapport::store::NewPromise {
                owner: Owner::Me,
                text: "Angebot schicken".into(),
                due: chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
            }]
        } else {
            Vec::new()
        };
        store.add_entry(&entry, &promises).unwrap();
    }
    store
}

/// Issue 11 #10: a contact touched on time but with my promise two days overdue shows as needing
/// care on its row (⚑ and a word, not colour alone) and is counted in the header.
#[test]
fn home_shows_my_overdue_promise_on_the_row_and_in_the_header() {
    for (w, h) in [(80, 24), (100, 30)] {
        let a = app_on(store_with_a_late_promise(), w, h);
        let buffer = snapshot("home_promise_late", &a, w, h);
        let screen = text(&buffer);
        assert!(screen.contains("⚑ 1 promise late"), "{screen}");
        let row = screen
            .lines()
            .position(|l| l.starts_with("│⚑ Anna Schmidt"));
        let Some(y) = row else { panic!("{screen}") };
        assert!(
            screen.lines().nth(y).unwrap().contains("promise"),
            "{screen}"
        );
        // With colour the symbol is red, like overdue; without, the symbol and word carry it.
        let cell = &buffer[(1, y as u16)];
        assert_eq!((cell.symbol(), cell.fg), ("⚑", Color::Red));
    }
}

/// The column where `needle` (ASCII) starts on row `y`, by cells, so wide characters count twice.
fn column_of(buffer: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let width = buffer.area.width;
    (0..width).find(|&x| {
        needle.chars().enumerate().all(|(i, c)| {
            x + (i as u16) < width && buffer[(x + i as u16, y)].symbol() == c.to_string()
        })
    })
}

/// Issue 11 #14: the promises screen aligns its columns by display width, so a CJK name does not
/// push its row's text to the right.
#[test]
fn promises_columns_line_up_with_wide_names() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = app_on(store_with_a_late_promise(), w, h);
        let anna = a
            .home
            .contacts
            .iter()
            .find(|c| c.contact.name.starts_with("Anna"))
            .unwrap();
        let anna = anna.contact.id;
        let watanabe = a
            .home
            .contacts
            .iter()
            .find(|c| c.contact.name.starts_with('渡'))
            .unwrap();
        let watanabe = watanabe.contact.id;
        let mut entry = a.store.entry(1).unwrap().entry;
        entry.id = 0;
        entry.contacts = vec![watanabe];
        a.store
            .add_entry(
                &entry,
                &[rapport::store::NewPromise {
                    owner: rapport::domain::model::Owner::Me,
                    text: "Angebot Kōyō".into(),
                    due: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
                }],
            )
            .unwrap();
        assert_ne!(anna, watanabe);
        key(&mut a, KeyCode::Char('p'));
        let buffer = draw(&a, w, h);
        let columns: Vec<u16> = (0..h)
            .filter_map(|y| column_of(&buffer, y, "Angebot"))
            .collect();
        assert_eq!(columns.len(), 2, "{}", text(&buffer));
        assert_eq!(columns[0], columns[1], "{}", text(&buffer));
    }
}

/// Issue 11 #12: every pillar gauge ends in its score, at 80×24 as at 200×50; the bar shrinks, the
/// number stays.
#[test]
fn pillar_gauges_keep_their_numbers() {
    for (w, h) in [(80, 24), (100, 30), (200, 50)] {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Enter);
        let Some(rapport::tui::app::Screen::Contact(page)) = a.screens.last() else {
            panic!("contact page")
        };
        let scores = &page.relationship.scores;
        let screen = text(&draw(&a, w, h));
        for (label, score) in [
            ("Trust", &scores.trust),
            ("Sympathy", &scores.sympathy),
            ("Competence", &scores.competence),
            ("Long-term", &scores.longterm),
        ] {
            let line = screen
                .lines()
                .find(|l| l.contains(&format!("│{label}")))
                .unwrap_or_else(|| panic!("{label} at {w}x{h}:\n{screen}"));
            let after_bar = line.rsplit(['█', '░']).next().unwrap();
            let shown = after_bar
                .split(|c: char| c.is_whitespace() || c == '│')
                .find(|s| !s.is_empty())
                .unwrap_or_default();
            let expected = score.score.map_or("–".to_string(), |s| s.to_string());
            assert_eq!(shown, expected, "{label} at {w}x{h}: {line}");
        }
    }
}

const LONG_PROMISE: &str =
    "Überarbeitetes Angebot mit Staffelpreisen für die Wartungsverträge schicken";
const LONG_NOTES: &str = "Zwei Kinder (Lena, Jonas), spielt Cello im Kammerorchester, trinkt keinen Kaffee, \
                          lieber grünen Tee; bevorzugt Termine am Vormittag, nie montags; \
                          Ehefrau Claudia arbeitet bei der Sparkasse Rhein-Neckar";

/// One contact with long German topics, long notes and a long overdue promise of mine.
fn store_with_long_texts() -> Store {
    use rapport::domain::model::{Contact, Entry, Kind, Owner, Signals};
    let mut store = Store::open_in_memory().unwrap();
    let mut c = Contact::new(
        "Jürgen Müller",
        DateTime::parse_from_rfc3339("2026-01-05T09:00:00+01:00").unwrap(),
    );
    c.company = Some("Bauer Antriebstechnik GmbH".into());
    c.cadence_days = Some(14);
    c.tags = vec!["Segeln".into(), "Fußball".into()];
    c.notes = Some(LONG_NOTES.into());
    let id = store.add_contact(&c).unwrap();
    for (day, title) in [
        (
            "2026-10-01",
            "Rahmenvertragsverhandlungen Sondermaschinenbau",
        ),
        ("2026-10-08", "Lieferkettensorgfaltspflichtengesetz"),
        ("2026-10-15", "Angebot Wartungsvertrag"),
    ] {
        let entry = Entry {
            id: 0,
            occurred_at: DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+01:00")).unwrap(),
            kind: Kind::Meeting,
            title: Some(title.into()),
            body: "Notizen".into(),
            contacts: vec![id],
            mood: None,
            initiative: None,
            signals: Signals::default(),
        };
        let promises = if day == "2026-10-15" {
            vec![rapport::store::NewPromise {
                owner: Owner::Me,
                text: LONG_PROMISE.into(),
                due: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
            }]
        } else {
            Vec::new()
        };
        store.add_entry(&entry, &promises).unwrap();
    }
    store
}

/// Issue 11 #15: the review card shows its talking points as whole topics (no dangling comma, no
/// word cut), and a promise uses the card's whole width.
#[test]
fn review_card_shows_whole_topics_and_the_whole_promise() {
    let topics = [
        "Rahmenvertragsverhandlungen Sondermaschinenbau",
        "Lieferkettensorgfaltspflichtengesetz",
        "Angebot Wartungsvertrag",
    ];
    for (w, h) in [(80, 24), (100, 30), (200, 50)] {
        let mut a = app_on(store_with_long_texts(), w, h);
        key(&mut a, KeyCode::Char('r'));
        let screen = text(&snapshot("review_long_texts", &a, w, h));
        let points = screen
            .lines()
            .skip_while(|l| !l.contains("Talking points"))
            .take_while(|l| !l.contains("Last entries"))
            .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(points.contains("Segeln, Fußball"), "{w}x{h}:\n{screen}");
        for line in points.split("  ") {
            assert!(!line.trim_end().ends_with(','), "{w}x{h}: {points}");
        }
        // Each topic is shown whole or counted, never cut.
        let shown = topics.iter().filter(|t| points.contains(*t)).count();
        assert!(shown >= 1, "{w}x{h}: {points}");
        for word in ["Rahmenvertrags", "Lieferketten"] {
            if points.contains(word) {
                assert!(
                    topics
                        .iter()
                        .any(|t| t.contains(word) && points.contains(t)),
                    "{w}x{h}: {points}"
                );
            }
        }
        if shown < topics.len() {
            assert!(
                points.contains(&format!("+{}", topics.len() - shown)),
                "{w}x{h}: {points}"
            );
        }
        if w >= 100 {
            assert!(screen.contains(LONG_PROMISE), "{w}x{h}:\n{screen}");
        }
    }
}

/// Issue 11 #15: contact notes wrap over the room the profile has, instead of being cut at its edge.
#[test]
fn contact_notes_wrap() {
    for (w, h) in [(100, 30), (200, 50)] {
        let mut a = app_on(store_with_long_texts(), w, h);
        key(&mut a, KeyCode::Char('j'));
        key(&mut a, KeyCode::Enter);
        let screen = text(&draw(&a, w, h));
        let profile: String = screen
            .lines()
            .filter_map(|l| l.split('│').nth(1))
            .map(|cell| cell.trim().trim_start_matches("Notes").trim())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            profile.contains("Ehefrau Claudia arbeitet"),
            "{w}x{h}:\n{screen}"
        );
    }
}

/// Issue 11 #15: a long error in the status line is shown whole, over as many lines as it needs.
#[test]
fn long_status_messages_are_shown_whole() {
    let message = "The database could not be written: the disk is full or the directory \
                   /home/someone/.local/share/rapport is read-only; nothing was saved, try again \
                   after freeing space";
    for (w, h) in [(80, 24), (60, 16)] {
        let mut a = app(w, h, true);
        a.status = Some((rapport::tui::app::Tone::Error, message.to_string()));
        let screen = text(&snapshot("long_error", &a, w, h));
        let joined = screen.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        assert!(joined.contains(message), "{w}x{h}:\n{screen}");
        // The footer still shows under it.
        assert!(
            screen.lines().last().unwrap().contains("? help"),
            "{screen}"
        );
    }
}

/// Issue 11 #15: every field hint of the entry form is shown whole, from 80 to 200 columns.
#[test]
fn entry_form_hints_are_whole() {
    let catalogue = rapport::i18n::flatten(rapport::i18n::EN_TOML).unwrap();
    let hints: Vec<&str> = [
        "form.contacts_hint",
        "form.choice_hint",
        "form.when_hint",
        "form.mood_hint",
        "form.initiative_hint",
        "form.signals_hint",
        "form.due_hint",
    ]
    .iter()
    .map(|k| catalogue[*k].as_str())
    .collect();
    for (w, h) in [(80, 24), (100, 30), (200, 50)] {
        let mut a = app(w, h, true);
        key(&mut a, KeyCode::Char('n'));
        let mut seen = std::collections::HashSet::new();
        for _ in 0..14 {
            key(&mut a, KeyCode::Tab);
            let screen = text(&draw(&a, w, h));
            for hint in &hints {
                if screen.contains(hint) {
                    seen.insert(*hint);
                }
            }
        }
        for hint in &hints {
            assert!(seen.contains(hint), "not shown whole at {w}x{h}: {hint}");
        }
    }
}

/// Three proposals from the user's mail and calendar: two about one person, one about two people.
fn add_proposals(app: &mut App) {
    use rapport::domain::model::{Initiative, Kind};
    use rapport::inbox::{Proposal, Source};
    let ids: Vec<i64> = app
        .home
        .contacts
        .iter()
        .take(2)
        .map(|c| c.contact.id)
        .collect();
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
    let proposal =
        |key: &str, contacts: Vec<i64>, kind, when: &str, title: &str, initiative| Proposal {
            key: key.into(),
            contacts,
            kind,
            occurred_at: at(when),
            title: Some(title.into()),
            initiative,
            source: Source::Maildir,
            origins: vec![key.into()],
        };
    let found = [
        proposal(
            "k1",
            vec![ids[0]],
            Kind::Email,
            "2026-11-24T09:12:00+01:00",
            "Re: Angebot Wartungsvertrag",
            Initiative::Them,
        ),
        proposal(
            "k2",
            vec![ids[0]],
            Kind::Meeting,
            "2026-11-25T14:00:00+01:00",
            "Jour fixe",
            Initiative::Me,
        ),
        proposal(
            "k3",
            ids.clone(),
            Kind::Email,
            "2026-11-26T17:40:00+01:00",
            "Protokoll und nächste Schritte",
            Initiative::Me,
        ),
    ];
    app.store.save_inbox(&found, &[]).unwrap();
    app.refresh().unwrap();
}

#[test]
fn inbox() {
    for (w, h) in SIZES {
        let mut a = app(w, h, true);
        add_proposals(&mut a);
        key(&mut a, KeyCode::Char('i'));
        snapshot("inbox", &a, w, h);
    }
}

/// The proposals above, and two frequent correspondents who are no contact (three threads each).
fn add_people(app: &mut App) {
    use rapport::domain::model::{Initiative, Kind};
    use rapport::inbox::{NewPerson, PersonTouch, Proposal, Source};
    let person = |email: &str, name: Option<&str>, threads: usize| NewPerson {
        email: email.into(),
        name: name.map(Into::into),
        threads,
        touches: (0..threads)
            .map(|n| PersonTouch {
                thread: format!("{email}{n}"),
                proposal: Proposal {
                    key: format!("{email}{n}"),
                    contacts: Vec::new(),
                    kind: Kind::Email,
                    occurred_at: DateTime::parse_from_rfc3339(&format!(
                        "2026-11-{:02}T10:00:00+01:00",
                        10 + n
                    ))
                    .unwrap(),
                    title: Some(format!("Thema {n}")),
                    initiative: Initiative::Them,
                    source: Source::Maildir,
                    origins: Vec::new(),
                },
            })
            .collect(),
    };
    let people = [
        person("dora.duerr@neu-kunde.example", Some("Dora Dürr"), 5),
        person("e.eckert@lieferant.example", None, 3),
    ];
    let since = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    app.store.save_scan(&[], &people, &[], since).unwrap();
    app.refresh().unwrap();
}

#[test]
fn inbox_with_new_people() {
    let mut a = app(100, 30, true);
    add_proposals(&mut a);
    add_people(&mut a);
    key(&mut a, KeyCode::Char('i'));
    key(&mut a, KeyCode::End);
    snapshot("inbox_new_people", &a, 100, 30);
}
