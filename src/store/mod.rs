//! The only place with SQL. Opens the database (private files, WAL, foreign keys, busy timeout),
//! applies the embedded migrations, and answers in domain types. Every write is one transaction.

mod address_book;
mod card;
mod cipher;
mod companies;
mod contacts;
mod conversion;
mod entries;
mod entropy;
mod files;
mod inbox;
mod inbox_people;
mod merge;
mod privacy;
mod promises;
mod review;
mod search;
mod sync;
mod sync_apply;
mod sync_state;
mod sync_unassigned;
mod transfer;

pub use crate::snippet::{MATCH_END, MATCH_START};
pub use address_book::AddressLine;
pub use cipher::looks_encrypted;
pub use companies::{CompanyMatch, CompanyRow, company_fold};
pub use contacts::{ContactMatch, NewContactFields, OverduePromises};
pub use entries::{EntryCursor, EntryRow, NewPromise, PromiseFate};
use files::{create_private_dir, create_private_file};
pub use files::{loose_mode, output_target, write_private_file};
pub use inbox::{ProposalRow, SavedProposals, SeenMark, source_word};
pub use inbox_people::{PersonAdded, PersonRow};
pub use merge::MergeCounts;
pub use privacy::Forgotten;
pub use promises::PromiseRow;
pub use search::{ContactHit, SearchFilter, SearchHit, SearchResults};
pub use sync::{
    FieldConflict, NewSyncRecord, PendingChanges, RecordFields, SyncConflict, SyncKind, SyncRecord,
    Synced,
};
pub use sync_apply::{RemoteDeletion, RemoteRecord};
pub use sync_state::{CollectionState, LastSync, ListingMark};
pub use sync_unassigned::UnassignedJournal;
pub use transfer::{
    AddressBookImport, ExportSink, ForeignCounts, ForeignEntry, ForeignImport, Import,
    ImportCounts, email_key, profile_key,
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
    include_str!("../../assets/migrations/0007_contact_card.sql"),
    include_str!("../../assets/migrations/0008_search.sql"),
    include_str!("../../assets/migrations/0009_companies.sql"),
    include_str!("../../assets/migrations/0010_promise_order.sql"),
    include_str!("../../assets/migrations/0011_sync.sql"),
    include_str!("../../assets/migrations/0012_promise_due.sql"),
    include_str!("../../assets/migrations/0013_inbox.sql"),
    include_str!("../../assets/migrations/0014_private.sql"),
    include_str!("../../assets/migrations/0015_inbox_people.sql"),
    include_str!("../../assets/migrations/0016_sync_unchanged.sql"),
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
    /// A plain database whose first bytes were overwritten: not mistaken for an encrypted one.
    #[error("{}", crate::i18n::tr("error.damaged_header", &[("path", path)]))]
    DamagedHeader {
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
    /// Another rapport process converts the database to or from encryption (or did, while this one
    /// had it open): nothing was written.
    #[error("{}", crate::i18n::t("convert.busy"))]
    Converting,
    /// A referenced row does not exist.
    #[error("{what} #{id} does not exist")]
    NotFound {
        /// "contact", "entry" or "promise".
        what: &'static str,
        /// The id asked for.
        id: i64,
    },
    /// A contact named as both sides of a merge.
    #[error("{}", crate::i18n::t("merge.same_contact"))]
    MergeIntoItself,
    /// A company renamed to the name of another one (folded): they should be merged instead.
    #[error("{}", crate::i18n::tr("company.taken", &[("name", name), ("other", other)]))]
    CompanyTaken {
        /// The name asked for.
        name: String,
        /// The company that has it.
        other: String,
    },
    /// A contact named as the one who introduced them.
    #[error("{}", crate::i18n::t("contact.introduced_self"))]
    IntroducedBySelf,
    /// An inbox proposal that was already accepted or ignored.
    #[error("{}", crate::i18n::tr("inbox.settled", &[("id", id)]))]
    ProposalSettled {
        /// The proposal asked for.
        id: i64,
    },
    /// No new person waits in the inbox with this address.
    #[error("{}", crate::i18n::tr("inbox.no_person", &[("email", email)]))]
    NoNewPerson {
        /// The address asked for, lower case.
        email: String,
    },
    /// A text that must not be empty was empty.
    #[error("a {what} needs a text")]
    EmptyText {
        /// "promise".
        what: &'static str,
    },
    /// The database refused the operation.
    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// Stored data that cannot be read back (should not happen unless edited by hand).
    #[error("unreadable value in the database: {0}")]
    Corrupt(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        // The commit hook refuses a commit into a file that is being (or was) converted.
        match &e {
            rusqlite::Error::SqliteFailure(inner, _)
                if inner.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_COMMITHOOK =>
            {
                StoreError::Converting
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// An open rapport database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The passphrase of an encrypted database, kept so that backups are keyed the same way.
    passphrase: Option<String>,
    /// Which file was opened (device, inode), to notice when a conversion replaced it.
    identity: Option<(u64, u64)>,
    /// Held while the connection closes (declared after `conn`, so it is dropped after it).
    closing: Option<conversion::DirLock>,
    /// True when opening finished an erasure that a killed `forget` had left under way.
    finished_erasure: bool,
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.identity.is_none() {
            return;
        }
        self.closing = Some(conversion::DirLock::take(&self.path, false));
        if conversion::identity(&self.path) != self.identity {
            conversion::keep_log_files(&self.conn);
        }
    }
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
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            create_private_dir(dir).map_err(|source| StoreError::Io {
                action: "cannot create the database directory",
                path: dir.display().to_string(),
                source,
            })?;
        }
        // No conversion may swap the file while it is opened.
        let _settled = conversion::settle(path, BUSY_TIMEOUT)?;
        // A directory, FIFO or device (`/dev/null`) is named as such, not as a "disk I/O error".
        if let Some(source) = std::fs::metadata(path)
            .ok()
            .and_then(|meta| files::not_regular(&meta))
        {
            return Err(StoreError::Io {
                action: "cannot open the database",
                path: shown,
                source,
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
        .map_err(|e| classify_open_error(e, path))?;
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
            identity: None,
            closing: None,
            finished_erasure: false,
        };
        store.prepare().map_err(|e| match e {
            StoreError::Sqlite(inner) => classify_open_error(inner, path),
            other => other,
        })?;
        store.identity = conversion::identity(path);
        let (watched, opened) = (path.to_path_buf(), store.identity);
        store
            .conn
            .commit_hook(Some(move || !conversion::still_current(&watched, opened)))?;
        store.finished_erasure = store.finish_interrupted_erasure()?;
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
            identity: None,
            closing: None,
            finished_erasure: false,
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

    /// True for a journal encrypted at rest (opened with a passphrase).
    pub fn is_encrypted(&self) -> bool {
        self.passphrase.is_some()
    }

    /// True when the file at this store's path is no longer the one it opened (a conversion by another
    /// rapport process replaced it): the app then opens the new one.
    pub fn replaced(&self) -> bool {
        self.identity
            .is_some_and(|opened| conversion::identity(&self.path).is_some_and(|now| now != opened))
    }

    /// True when opening finished an erasure that an interrupted `forget` had begun.
    pub fn finished_erasure(&self) -> bool {
        self.finished_erasure
    }

    /// The same journal opened again (same file, same passphrase): a second connection for work that
    /// runs beside the app, the background sync. `None` for a journal held in memory (the demo).
    pub fn open_again(&self) -> Option<Result<Store>> {
        (self.path != Path::new(":memory:"))
            .then(|| Store::open_with_key(&self.path, self.passphrase.as_deref()))
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
        search::register_functions(&self.conn)?;
        companies::define_fold_function(&self.conn)?;
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
        for index in ["entries_search", "contacts_search", "promises_search"] {
            let check =
                format!("INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 0)");
            if let Err(e) = self.conn.execute(&check, []) {
                problems.push(format!("search index {index}: {e}"));
            }
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

fn classify_open_error(e: rusqlite::Error, file: &Path) -> StoreError {
    let path = file.display().to_string();
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
            if plain_header_damaged(file) =>
        {
            StoreError::DamagedHeader { path }
        }
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase { path }
        }
        Some(
            rusqlite::ErrorCode::CannotOpen
            | rusqlite::ErrorCode::ReadOnly
            | rusqlite::ErrorCode::PermissionDenied,
        ) => StoreError::Io {
            action: "cannot open the database for writing",
            path,
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, e.to_string()),
        },
        _ => StoreError::Sqlite(e),
    }
}

/// True when the file's first 16 bytes are not SQLite's magic text but the header fields after them
/// are a plain database's (format versions 1 or 2, payload fractions 64/32/32): a damaged plain
/// database, which an encrypted file matches only by a 1 in 2^24 chance.
pub(crate) fn plain_header_damaged(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 24];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head));
    read.is_ok()
        && &head[..16] != b"SQLite format 3\0"
        && matches!(head[18], 1 | 2)
        && matches!(head[19], 1 | 2)
        && head[21..24] == [64, 32, 32]
}

/// Sets a value in the `meta` table (inside the caller's transaction).
fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
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
            include_str!("companies.rs"),
            include_str!("entries.rs"),
            include_str!("promises.rs"),
            include_str!("review.rs"),
            include_str!("search.rs"),
            include_str!("transfer.rs"),
            include_str!("privacy.rs"),
            include_str!("mod.rs"),
            include_str!("sync.rs"),
            include_str!("sync_apply.rs"),
            include_str!("inbox.rs"),
            include_str!("inbox_people.rs"),
            include_str!("address_book.rs"),
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
