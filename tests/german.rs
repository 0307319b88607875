//! rapport in German: the catalogue is chosen from the locale, dates are written the German way, and
//! the main screens read naturally. (This test binary is the only one that installs German.)

mod common;

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rapport::clock::Clock;
use rapport::config::Config;
use rapport::store::Store;
use rapport::tui::app::App;
use rapport::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn clock() -> Clock {
    Clock::fixed(DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap())
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|frame| rapport::tui::view::render(app, frame))
        .unwrap();
    common::buffer_text(terminal.backend().buffer())
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), clock());
}

#[test]
fn the_main_screens_in_german() {
    rapport::i18n::init("de");
    let mut store = Store::open_in_memory().unwrap();
    rapport::demo::populate(&mut store, clock().now).unwrap();
    let mut app = App::new(
        store,
        Config::default(),
        clock(),
        Theme { colour: true },
        Rect::new(0, 0, 100, 30),
    )
    .unwrap();
    insta::assert_snapshot!("de_home", screen(&app));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("de_contact", screen(&app));
    key(&mut app, KeyCode::Tab);
    insta::assert_snapshot!("de_contact_card", screen(&app));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('n'));
    insta::assert_snapshot!("de_entry_form", screen(&app));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('r'));
    insta::assert_snapshot!("de_review", screen(&app));
    key(&mut app, KeyCode::Esc);
    // Search without the umlaut: the contact, the promises and the entries about her, in groups.
    key(&mut app, KeyCode::Char('/'));
    for c in "kathe".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    app.idle();
    insta::assert_snapshot!("de_search", screen(&app));
}

#[test]
fn the_command_line_follows_the_locale() {
    let s = common::Sandbox::new();
    s.ok(&["contact", "add", "Anna Schmidt", "--cadence", "2w"]);
    s.ok(&["log", "Anna", "--at", "vor 40 Tagen", "Kickoff"]);
    let out = s.cmd(&["due"]).env("LANG", "de_DE.UTF-8").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("überfällig"), "{text}");
    assert!(text.contains("vor 40 Tagen"), "{text}");
    let err = s
        .cmd(&["log", "Niemand", "x"])
        .env("LANG", "de_DE.UTF-8")
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&err.stderr);
    assert!(
        message.starts_with("rapport: ") && !message.contains("no contact matches"),
        "{message}"
    );
    // The config wins over the locale.
    let config = s.path("config.toml");
    std::fs::write(&config, "language = \"en\"\n").unwrap();
    let out = s
        .cmd(&["due"])
        .env("LANG", "de_DE.UTF-8")
        .env("RAPPORT_CONFIG", &config)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("overdue"));
}

/// Date errors reach the app in German: beside the When field and from the clock.
#[test]
fn date_errors_in_the_app_are_german() {
    rapport::i18n::init("de");
    let clock = clock();
    let message = clock.instant("31.02.2026").unwrap_err();
    assert!(
        message.contains("31.02.2026") && message.contains("nicht verständlich"),
        "{message}"
    );
    assert!(!message.contains("could not understand"), "{message}");
    let anna = rapport::tui::entry_form::Candidate {
        id: 1,
        name: "Anna".into(),
        company: None,
    };
    let mut form = rapport::tui::entry_form::EntryForm::new(Some(anna.clone()), vec![anna], false);
    form.when.set("31.02.2026");
    form.my_promise.set("Angebot schicken");
    form.my_due.set("nächsten blursday");
    assert!(form.check(&clock).is_none());
    use rapport::tui::entry_form::Field;
    for field in [Field::When, Field::MyDue] {
        let error = form.error(field).unwrap_or_default();
        assert!(error.contains("nicht verständlich"), "{field:?}: {error}");
    }
    // An entry in the future is refused in German, with "now" written the German way.
    form.when.set("morgen 09:15");
    form.my_due.set("");
    assert!(form.check(&clock).is_none());
    let error = form.error(Field::When).unwrap_or_default();
    assert!(
        error.contains("in der Zukunft") && error.contains("27.11.2026 10:00"),
        "{error}"
    );
}

/// The command line reports date errors and future entries in German.
#[test]
fn date_errors_on_the_command_line_are_german() {
    let s = common::Sandbox::new();
    s.ok(&["contact", "add", "Anna Schmidt"]);
    for (args, expected) in [
        (
            &["log", "Anna", "--at", "31.02.2026", "x"][..],
            "„31.02.2026“ ist nicht verständlich",
        ),
        (
            &["log", "Anna", "--at", "heute 11:00", "x"][..],
            "in der Zukunft",
        ),
        (
            &["contact", "edit", "Anna", "--cadence", "5x"][..],
            "„5x“ ist nicht verständlich",
        ),
        (&["due", "--as-of", "31.02.2026"][..], "nicht verständlich"),
    ] {
        let out = s.cmd(args).env("LANG", "de_DE.UTF-8").output().unwrap();
        let message = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {message}");
        assert!(message.contains(expected), "{args:?}: {message}");
    }
    assert!(s.ok(&["entries"]).is_empty(), "nothing was written");
}

/// Counts in German: one contact, one entry, one hit.
#[test]
fn counts_in_german_use_the_singular_for_one() {
    rapport::i18n::init("de");
    for (n, counts, hits) in [
        (
            0usize,
            "0 Kontakte · 0 Einträge",
            "0 Treffer, neueste zuerst",
        ),
        (1, "1 Kontakt · 1 Eintrag", "1 Treffer"),
        (2, "2 Kontakte · 2 Einträge", "2 Treffer, neueste zuerst"),
    ] {
        assert_eq!(
            rapport::i18n::tr("header.counts", &[("contacts", &n), ("entries", &n)]),
            counts
        );
        assert_eq!(rapport::i18n::tr("search.results", &[("n", &n)]), hits);
    }
}

/// Issue 11 #12: the German pillar names are longer than the English ones; `contact show` still
/// separates each from its score.
#[test]
fn german_contact_show_separates_pillar_names_from_scores() {
    let s = common::Sandbox::new();
    s.ok(&["contact", "add", "Anna Schmidt", "--cadence", "2w"]);
    s.ok(&["log", "Anna", "--at", "vor 3 Tagen", "Kickoff"]);
    let out = s
        .cmd(&["contact", "show", "Anna"])
        .env("LANG", "de_DE.UTF-8")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // Each name is followed by spaces, and the scores end in one column.
    let mut columns = Vec::new();
    for name in ["Vertrauen", "Sympathie", "Kompetenz", "Langfristigkeit"] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name}: {text}"));
        let end = line.find(name).unwrap_or_default() + name.len();
        let rest = &line[end..];
        assert!(rest.starts_with(' '), "{line}");
        let score = rest.split_whitespace().next().unwrap_or_default();
        let gap = rest.len() - rest.trim_start().len();
        columns.push(line[..end].chars().count() + gap + score.chars().count());
    }
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{text}");
}

/// Issue 11 #21: at 80 columns in German the footer keeps `? Hilfe`, and the review's footer keeps
/// `n weiter`; less important hints give way first.
#[test]
fn footers_keep_help_and_the_main_step_at_80_columns() {
    rapport::i18n::init("de");
    let mut store = Store::open_in_memory().unwrap();
    rapport::demo::populate(&mut store, clock().now).unwrap();
    let mut app = App::new(
        store,
        Config::default(),
        clock(),
        Theme { colour: true },
        Rect::new(0, 0, 80, 24),
    )
    .unwrap();
    let footer = |app: &App| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|frame| rapport::tui::view::render(app, frame))
            .unwrap();
        let screen = common::buffer_text(terminal.backend().buffer());
        screen.lines().last().unwrap_or_default().to_string()
    };
    let home = footer(&app);
    assert!(home.contains("? Hilfe"), "{home}");
    assert!(home.contains("Enter öffnen"), "{home}");
    key(&mut app, KeyCode::Char('r'));
    let review = footer(&app);
    for hint in ["? Hilfe", "n weiter", "l Kontakt jetzt erfassen"] {
        assert!(review.contains(hint), "{hint}: {review}");
    }
}

/// Issue 14: the company page and the contact page's introductions, in German.
#[test]
fn the_company_page_in_german() {
    rapport::i18n::init("de");
    let mut store = Store::open_in_memory().unwrap();
    rapport::demo::populate(&mut store, clock().now).unwrap();
    store.set_introduced_by(1, Some(2)).unwrap();
    let mut app = App::new(
        store,
        Config::default(),
        clock(),
        Theme { colour: true },
        Rect::new(0, 0, 100, 30),
    )
    .unwrap();
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    let contact = screen(&app);
    assert!(contact.contains("Vermittler"), "{contact}");
    key(&mut app, KeyCode::Char('c'));
    insta::assert_snapshot!("de_company", screen(&app));
}
