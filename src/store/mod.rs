//! The only place with SQL. Opens the database (private files, WAL, foreign keys, busy timeout),
//! applies the embedded migrations, and answers in domain types. Every write is one transaction.

mod cipher;
mod contacts;
mod entries;
mod entropy;
mod privacy;
mod promises;
mod review;
mod search;
mod transfer;

pub use crate::snippet::{MATCH_END, MATCH_START};
pub use cipher::looks_encrypted;
pub use contacts::{ContactMatch, NewContactFields, OverduePromises};
pub use entries::{EntryCursor, EntryRow, NewPromise, PromiseFate};
pub use privacy::Forgotten;
pub use promises::PromiseRow;
pub use search::{SearchHit, quote_query};
pub use transfer::{
    AddressBookImport, ExportSink, ForeignCounts, ForeignEntry, ForeignImport, Import,
    ImportCounts, email_key,
};

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

// Limits are written `LIMIT +?n`, never with a bare `?n`: SQLite marks a bare parameter in LIMIT as one
// whose value may change the plan, and then prepares the statement again every time it is bound,
// which made a cached statement run in a loop cost as much as a new one. The unary plus keeps the
// parameter and drops the mark. A test below keeps it so.

/// The migrations, in order; the schema version is their count.
const MIGRATIONS: &[&str] = &[
    include_str!("../../assets/migrations/0001_init.sql"),
    include_str!("../../assets/migrations/0002_search_order.sql"),
    include_str!("../../assets/migrations/0003_review.sql"),
    include_str!("../../assets/migrations/0004_overdue_promises.sql"),
    include_str!("../../assets/migrations/0005_entry_total.sql"),
    include_str!("../../assets/migrations/0006_fact_indexes.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What can go wrong in the store, each with enough context for one clear line.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file was written by a newer rapport; it is left untouched.
    #[error(
        "{path} was written by a newer rapport (schema version {found}, this one knows up to {supported}); it was left untouched"
    )]
    NewerSchema {
        /// The database file.
        path: String,
        /// Its schema version.
        found: i64,
        /// Ours.
        supported: i64,
    },
    /// The file exists but is not an SQLite database (or is encrypted or corrupt).
    #[error("{path} is not a rapport database (not SQLite, encrypted, or damaged)")]
    NotADatabase {
        /// The file.
        path: String,
    },
    /// A filesystem problem around the database file.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// Which path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// An encrypted database opened with the wrong passphrase.
    #[error("the passphrase for {path} is wrong")]
    WrongPassphrase {
        /// The file.
        path: String,
    },
    /// An empty passphrase would leave the file unencrypted.
    #[error("the passphrase must not be empty")]
    EmptyPassphrase,
    /// Another process has the database open, so it cannot be converted now.
    #[error("another process has {path} open; close the app and try again")]
    Busy {
        /// The file.
        path: String,
    },
    /// A referenced row does not exist.
    #[error("{what} #{id} does not exist")]
    NotFound {
        /// "contact", "entry" or "promise".
        what: &'static str,
        /// The id asked for.
        id: i64,
    },
    /// A text that must not be empty was empty.
    #[error("a {what} needs a text")]
    EmptyText {
        /// "promise".
        what: &'static str,
    },
    /// The database refused the operation.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Stored data that cannot be read back (should not happen unless edited by hand).
    #[error("unreadable value in the database: {0}")]
    Corrupt(String),
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// An open rapport database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The passphrase of an encrypted database, kept so that backups are keyed the same way.
    passphrase: Option<String>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`: private directory and file, refuses a newer
    /// schema before touching anything, then WAL, foreign keys, busy timeout and migrations.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_key(path, None)
    }

    fn open_with_key(path: &Path, passphrase: Option<&str>) -> Result<Store> {
        entropy::use_os_randomness();
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                create_private_dir(dir).map_err(|source| StoreError::Io {
                    action: "cannot create the database directory",
                    path: dir.display().to_string(),
                    source,
                })?;
            }
        }
        if path.is_dir() {
            return Err(StoreError::Io {
                action: "cannot open the database",
                path: shown,
                source: std::io::Error::other("it is a directory"),
            });
        }
        if !path.exists() {
            create_private_file(path).map_err(|source| StoreError::Io {
                action: "cannot create the database",
                path: shown.clone(),
                source,
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| classify_open_error(e, &shown))?;
        // SQLCipher logs to stderr unless told not to.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")
            .map_err(StoreError::Sqlite)?;
        if let Some(passphrase) = passphrase {
            cipher::apply_key(&conn, passphrase)?;
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            passphrase: passphrase.map(str::to_string),
        };
        store.prepare().map_err(|e| match e {
            StoreError::Sqlite(inner) => classify_open_error(inner, &shown),
            other => other,
        })?;
        Ok(store)
    }

    /// A fresh in-memory database: for `rapport demo` (nothing to leave behind), tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        entropy::use_os_randomness();
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            passphrase: None,
        };
        store.prepare()?;
        Ok(store)
    }

    /// Starts a write transaction that takes the write lock at once (waiting up to the busy timeout
    /// for another writer). A deferred one would read first and could then fail to upgrade, with
    /// "database is locked", when another process wrote in between.
    fn write_transaction(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.display().to_string(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version > 0 || self.path.as_os_str() == ":memory:" {
            // An existing rapport database (or a fresh in-memory one): fine to set up.
        } else {
            let tables: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(StoreError::NotADatabase {
                    path: self.path.display().to_string(),
                });
            }
        }
        if self.path.as_os_str() != ":memory:" {
            let _mode: String = self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        }
        // Memory-mapped reads: a fresh process reads pages without a system call each (search and
        // history pages touch thousands of rows).
        self.conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 268435456;",
        )?;
        self.migrate(version)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        let start = usize::try_from(from).unwrap_or(0);
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(start) {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the lock.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i64::try_from(index).unwrap_or(i64::MAX) {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(index + 1).unwrap_or(i64::MAX),
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Turns off memory-mapped reads. Mapped pages count as the process's resident memory, which
    /// matters for the long-running app (short commands keep them: they start faster).
    pub fn without_mmap(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA mmap_size = 0;")?;
        Ok(())
    }

    /// Caps the file at `pages` pages, as a full disk would (for tests of that failure).
    #[doc(hidden)]
    pub fn limit_pages_for_tests(&self, pages: i64) -> Result<()> {
        self.conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }

    /// A value from the `meta` table (last review date, ...).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// A number that changes whenever another connection commits: the app polls it to refresh its lists
    /// after the command line (or a second window) wrote something.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Checks the database file and the search index; returns the problems found (empty when healthy).
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        if let Err(e) = self.conn.execute(
            "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)",
            [],
        ) {
            problems.push(format!("search index: {e}"));
        }
        let (kept, counted): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT n FROM entry_total), (SELECT count(*) FROM entries)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if kept != counted {
            problems.push(format!("entry count: kept {kept}, counted {counted}"));
        }
        let stale: i64 = self.conn.query_row(
            "SELECT count(*) FROM entry_contacts ec JOIN entries e ON e.id = ec.entry_id
              WHERE ec.occurred_ts IS NOT e.occurred_ts OR ec.is_touch IS NOT (e.kind <> 'note')
                 OR ec.day IS NOT substr(e.occurred_at, 1, 10) OR ec.mood IS NOT e.mood
                 OR ec.signal_trust IS NOT e.signal_trust OR ec.signal_sympathy IS NOT e.signal_sympathy
                 OR ec.signal_competence IS NOT e.signal_competence
                 OR ec.signal_longterm IS NOT e.signal_longterm",
            [],
            |r| r.get(0),
        )?;
        if stale > 0 {
            problems.push(format!("{stale} entry links disagree with their entries"));
        }
        Ok(problems)
    }
}

fn classify_open_error(e: rusqlite::Error, path: &str) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase {
                path: path.to_string(),
            }
        }
        Some(
            rusqlite::ErrorCode::CannotOpen
            | rusqlite::ErrorCode::ReadOnly
            | rusqlite::ErrorCode::PermissionDenied,
        ) => StoreError::Io {
            action: "cannot open the database for writing",
            path: path.to_string(),
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, e.to_string()),
        },
        _ => StoreError::Sqlite(e),
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Creates a new file only its owner may read (`0600`); an existing one is refused.
#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Writes `path` the way backups are created — private (`0600`) and exclusively — and atomically: `write`
/// fills a temporary file beside it, which is synced and then renamed over `path`, so `path` is never
/// half-written nor, for a moment, readable by others. A temporary file left by a killed run is replaced.
pub fn write_private_file<E: From<std::io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let tmp = path.with_extension("rapport-tmp");
    let file = match create_private_file(&tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(&tmp)?;
            create_private_file(&tmp)?
        }
        other => other?,
    };
    let result = (|| {
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        out.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The one text form of instants in the database and the JSON format: RFC 3339, seconds, own offset.
pub fn format_instant(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The SQL condition for "rows of this contact, or of everyone when there is none", with the contact
/// bound as parameter `?{param}`. Two texts rather than `(?n IS NULL OR column = ?n)`, which keeps
/// SQLite from using the contact's index and so reads every row.
fn one_contact_or_all(
    column: &'static str,
    param: u8,
    contact: Option<crate::domain::model::Id>,
) -> String {
    if contact.is_some() {
        format!("{column} = ?{param}")
    } else {
        format!("?{param} IS NULL")
    }
}

/// Reads an instant written by [`format_instant`] (or any RFC 3339 text).
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).map_err(|_| StoreError::Corrupt(format!("instant '{text}'")))
}

/// Reads a `YYYY-MM-DD` date.
pub fn parse_day(text: &str) -> Result<NaiveDate> {
    // Read by hand: this runs for every date of every loaded row, and chrono's format parser costs
    // far more than the ten bytes it has to look at.
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|part| part.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|part| part.parse::<u32>().ok())
    };
    let bytes = text.as_bytes();
    let day = (bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-')
        .then(|| {
            let year = i32::try_from(digits(0..4)?).ok()?;
            NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
        })
        .flatten();
    day.ok_or_else(|| StoreError::Corrupt(format!("date '{text}'")))
}

/// Writes a `YYYY-MM-DD` date.
pub fn format_day(d: NaiveDate) -> String {
    use chrono::Datelike;
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

fn opt_day(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.as_deref().map(parse_day).transpose()
}

fn word<T: std::str::FromStr>(text: &str) -> Result<T> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("value '{text}'")))
}

fn opt_word<T: std::str::FromStr>(text: Option<String>) -> Result<Option<T>> {
    text.as_deref().map(word).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_statement_binds_a_bare_limit() {
        let sources = [
            include_str!("contacts.rs"),
            include_str!("entries.rs"),
            include_str!("promises.rs"),
            include_str!("review.rs"),
            include_str!("search.rs"),
            include_str!("transfer.rs"),
            include_str!("privacy.rs"),
            include_str!("mod.rs"),
        ];
        let bare = ["LIMIT ", "?"].concat();
        for source in sources {
            assert!(
                !source.contains(&bare),
                "a bare parameter in LIMIT re-prepares at every bind"
            );
        }
    }

    #[test]
    fn days_read_back_what_format_day_writes_and_refuse_anything_else() {
        for (y, m, d) in [
            (2026, 11, 27),
            (1, 1, 1),
            (2024, 2, 29),
            (9999, 12, 31),
            (0, 3, 4),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let text = format_day(day);
            assert_eq!(text, day.format("%Y-%m-%d").to_string());
            assert_eq!(parse_day(&text).unwrap(), day, "{text}");
        }
        for bad in [
            "",
            "2026-11-3",
            "2026-13-01",
            "2025-02-29",
            "2026/11/27",
            "2026-11-27 ",
            "+026-11-27",
            "２０２６-11-27",
            "2026-1a-27",
            "20261127xx",
        ] {
            assert!(parse_day(bad).is_err(), "{bad:?}");
        }
    }
}
