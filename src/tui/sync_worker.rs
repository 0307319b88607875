//! The app's sync: `S` syncs now, and with `auto = true` the app syncs on start and every 15 minutes.
//! A sync runs in a thread of its own on a second connection to the journal, so no keypress ever
//! waits for the network; the app sees what it wrote as it sees any other writer (`data_version`).
//! The password is read once, before the full screen starts (a password command may ask on the
//! terminal), and kept in memory for the session.

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Store;
use crate::sync::engine::{self, Options, Report};
use crate::sync::settings::SyncSettings;
use chrono::{DateTime, FixedOffset};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// How often the app syncs by itself with `auto = true`.
pub const AUTO_EVERY: Duration = Duration::from_secs(15 * 60);

/// What the header says about sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncState {
    /// No `[sync]` in the config.
    Off,
    /// Configured, not run in this session yet.
    Idle,
    /// A sync runs.
    Running,
    /// The last one finished at this moment.
    Done(DateTime<FixedOffset>),
    /// The last one failed.
    Failed,
}

/// The sync as the app drives it.
pub struct SyncWorker {
    /// The settings and password, or why sync cannot run (said when it is asked for).
    ready: Option<Result<(SyncSettings, String), String>>,
    running: Option<Receiver<Result<Report, String>>>,
    last_start: Option<Instant>,
    /// What the header shows.
    pub state: SyncState,
}

impl SyncWorker {
    /// Reads the `[sync]` settings and the password (before the full screen starts).
    pub fn prepare(config: &Config) -> SyncWorker {
        let ready = config.sync.is_configured().then(|| {
            config
                .sync
                .settings_and_password()
                .map_err(|e| e.to_string())
        });
        SyncWorker {
            state: if ready.is_some() {
                SyncState::Idle
            } else {
                SyncState::Off
            },
            ready,
            running: None,
            last_start: None,
        }
    }

    /// No sync (the demo, tests).
    pub fn off() -> SyncWorker {
        SyncWorker {
            ready: None,
            running: None,
            last_start: None,
            state: SyncState::Off,
        }
    }

    /// True when the background sync is due: `auto = true` and none in the last 15 minutes.
    pub fn auto_due(&self) -> bool {
        let auto = matches!(&self.ready, Some(Ok((settings, _))) if settings.auto);
        auto && self.running.is_none() && self.last_start.is_none_or(|t| t.elapsed() >= AUTO_EVERY)
    }

    /// Starts a sync in a thread of its own; `Err` with the one line to show when it cannot (not
    /// configured, no password, one already running is no error).
    pub fn start(&mut self, store: &Store, clock: Clock) -> Result<(), String> {
        if self.running.is_some() {
            return Ok(());
        }
        let (settings, password) = match &self.ready {
            None => return Err(crate::i18n::t("sync.not_configured").to_string()),
            Some(Err(e)) => return Err(e.clone()),
            Some(Ok(ready)) => ready.clone(),
        };
        let Some(opened) = store.open_again() else {
            return Err(crate::i18n::t("sync.not_configured").to_string());
        };
        let (tx, rx) = channel();
        self.last_start = Some(Instant::now());
        self.state = SyncState::Running;
        self.running = Some(rx);
        std::thread::spawn(move || {
            let result = (|| -> Result<Report, String> {
                let mut store = opened.map_err(|e| e.to_string())?;
                let dav = crate::sync::dav::Dav::connect(&settings, &password)
                    .map_err(|e| e.to_string())?;
                let options = Options {
                    dry_run: false,
                    clock,
                };
                engine::run(&mut store, &dav, &settings, options).map_err(|e| e.to_string())
            })();
            let _ = tx.send(result);
        });
        Ok(())
    }

    /// The result of the sync that just ended, if one did.
    pub fn poll(&mut self, now: DateTime<FixedOffset>) -> Option<Result<Report, String>> {
        let rx = self.running.as_ref()?;
        let result = match rx.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(crate::i18n::t("sync.stopped").to_string()),
        };
        self.running = None;
        self.state = match &result {
            Ok(_) => SyncState::Done(now),
            Err(_) => SyncState::Failed,
        };
        Some(result)
    }

    /// True while a sync runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}
