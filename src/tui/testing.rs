//! A scripted app for the unit tests of the screens: the demo journal in memory at a fixed moment
//! and size, and keys typed as a person would.

use super::app::App;
use super::theme::Theme;
use crate::clock::Clock;
use crate::config::Config;
use crate::demo::fixture;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// The moment every key is pressed at.
pub fn clock() -> Clock {
    Clock::fixed(fixture::now())
}

/// The app on the demo journal at 100×30.
pub fn app() -> App {
    App::new(
        fixture::store(),
        Config::default(),
        clock(),
        Theme { colour: false },
        Rect::new(0, 0, 100, 30),
    )
    .unwrap()
}

/// The app on a journal file (with the demo journal), and a second connection to it that plays
/// another process. The folder is removed when dropped.
pub fn app_on_file() -> (App, crate::store::Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut store = crate::store::Store::open(&path).unwrap();
    crate::demo::populate(&mut store, fixture::now()).unwrap();
    let app = App::new(
        store,
        Config::default(),
        clock(),
        Theme { colour: false },
        Rect::new(0, 0, 100, 30),
    )
    .unwrap();
    let other = crate::store::Store::open(&path).unwrap();
    (app, other, dir)
}

/// Presses a key.
pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), clock());
}

/// Presses Ctrl and a letter.
pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        clock(),
    );
}

/// Types text key by key.
pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The status line's text, as drawn.
pub fn status(app: &App) -> String {
    app.status_line().map(|(_, s)| s).unwrap_or_default()
}
