//! The full-screen journal: terminal setup and teardown, the synchronous event loop, and the
//! external editor. State and update live in `app`, drawing in `view`.

#[macro_use]
pub mod app;
pub mod command;
pub mod contact_form;
mod editor_file;
pub mod entry_form;
pub mod executor;
pub mod fuzzy;
pub mod input;
pub mod keymap;
pub mod list;
pub mod merge_picker;
pub mod popup;
pub mod promise_form;
pub mod proposal_form;
pub mod screen;
pub mod sync_worker;
#[cfg(test)]
pub(crate) mod testing;
pub mod theme;
pub mod timeline;
pub mod view;

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Store;
use app::{App, Effect};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;
use std::io::IsTerminal;
use std::time::{Duration, Instant};
use theme::Theme;

/// How often the app checks whether another process changed the database while idle.
const REFRESH_EVERY: Duration = Duration::from_secs(1);
/// How long typing must pause before the search runs.
const TYPING_PAUSE: Duration = Duration::from_millis(60);

/// The next option after `current` (`step` 1) or before it (-1), wrapping; for choice fields.
pub(crate) fn cycle<T: Copy + PartialEq>(options: &[T], current: T, step: isize) -> T {
    let len = options.len();
    let at = options.iter().position(|o| *o == current).unwrap_or(0);
    options[(at + len).saturating_add_signed(step) % len]
}

/// What the terminal session is for.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// Shown in the header (e.g. "demo").
    pub label: Option<String>,
    /// A first message for the status line.
    pub greeting: Option<String>,
    /// Start in the weekly review (`rapport review`).
    pub review: bool,
}

/// Runs the app until the user quits. Fails with one clear line when there is no terminal.
pub fn run(
    store: Store,
    config: Config,
    clock: Clock,
    colour: bool,
    launch: Launch,
) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(crate::i18n::t("error.no_terminal"));
    }
    store.without_mmap()?;
    editor_file::remove_stale();
    // The sync password is read before the full screen: its command may ask on the terminal.
    let in_memory = store.path() == std::path::Path::new(":memory:");
    let mut sync = if in_memory {
        sync_worker::SyncWorker::off()
    } else {
        sync_worker::SyncWorker::prepare(&config)
    };
    if let (sync_worker::SyncState::Idle, Ok(Some(last))) = (&sync.state, store.last_sync()) {
        sync.state = sync_worker::SyncState::Done(last.at);
    }
    let mut terminal = ratatui::try_init()?;
    // Paste arrives as one event instead of keys; not every terminal supports it, so failure is fine.
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let result = (|| -> anyhow::Result<()> {
        let size = terminal.size()?;
        let mut app = App::new(
            store,
            config,
            clock,
            Theme { colour },
            Rect::new(0, 0, size.width, size.height),
        )?;
        app.label = launch.label;
        app.sync = sync;
        if launch.review {
            app.start_review()?;
        }
        app.status = launch.greeting.map(|g| (app::Tone::Info, g));
        if let Some(warning) = crate::cli::loose_permission_warnings(&app.store)
            .into_iter()
            .next()
        {
            app.status = Some((app::Tone::Error, warning));
        }
        event_loop(&mut terminal, &mut app)
    })();
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    let mut last_check = Instant::now();
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal.draw(|frame| view::render(app, frame))?;
            dirty = false;
        }
        let wait = if app.has_pending_work() || app.sync.is_running() {
            TYPING_PAUSE
        } else {
            REFRESH_EVERY
        };
        if !event::poll(wait)? {
            dirty |= app.poll_sync();
            if app.has_pending_work() {
                app.idle();
                dirty = true;
            }
            if last_check.elapsed() >= REFRESH_EVERY {
                app.poll_external_changes();
                last_check = Instant::now();
                dirty = true;
            }
            if app.wants_reopen() {
                reopen(terminal, app)?;
            }
            continue;
        }
        match event::read()? {
            Event::Key(key) if key.is_press() || key.is_repeat() => {
                let clock = app.clock.tick();
                if let Some(Effect::EditExternally(text)) = app.handle_key(key, clock) {
                    let edited = edit_externally(terminal, &text);
                    app.finish_external_edit(edited);
                }
                dirty = true;
            }
            Event::Paste(text) => {
                app.handle_paste(&text);
                dirty = true;
            }
            Event::Resize(width, height) => {
                app.resize(Rect::new(0, 0, width, height));
                dirty = true;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Opens the journal again after another rapport process converted it (to or from encryption): outside
/// the full screen, because the passphrase may be asked for on the terminal. The old file is never
/// written to again; when the new one cannot be opened, the app ends with that error.
fn reopen(terminal: &mut DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let store = crate::cli::open_store_at(app.store.path(), &app.config);
    *terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let _ = terminal.clear();
    app.replace_store(store?)?;
    Ok(())
}

/// Leaves the full screen, runs `$VISUAL` or `$EDITOR` (else `vi`) on a private temporary file holding
/// `text`, and comes back. The file is removed afterwards, also when the editor fails or the app is
/// closed meanwhile (see [`editor_file`]).
fn edit_externally(terminal: &mut DefaultTerminal, text: &str) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    let file = editor_file::EditorFile::create(text)
        .map_err(|e| crate::i18n::tr("error.editor_file", &[("error", &e)]))?;
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    // The editor command may carry arguments ("code -w"); the shell splits it, the path is passed apart.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("rapport-editor")
        .arg(file.path())
        .spawn()
        .and_then(|mut editor| {
            file.edited_by(editor.id());
            editor.wait()
        });
    *terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let _ = terminal.clear();
    match status {
        Ok(s) if s.success() => std::fs::read_to_string(file.path()).map_err(|e| e.to_string()),
        Ok(s) => Err(crate::i18n::tr(
            "error.editor_failed",
            &[("editor", &editor), ("status", &s)],
        )),
        Err(e) => Err(crate::i18n::tr(
            "error.editor_failed",
            &[("editor", &editor), ("status", &e)],
        )),
    }
}
