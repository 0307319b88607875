//! Privacy of the database file: erasing a person for good, consistent backups, and noticing files
//! that others can read.

use super::{Result, Store, StoreError, create_private_dir, create_private_file};
use crate::domain::model::Id;
use std::path::{Path, PathBuf};

/// What `forget` erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forgotten {
    /// Entries that were only about the contact.
    pub entries: usize,
    /// Promises to or from them.
    pub promises: usize,
    /// False when another process kept the write-ahead log busy, so old pages may remain in it until
    /// that process closes the database.
    pub log_cleared: bool,
}

/// The `meta` key that records an erasure under way. Its value is a step, never anything about the
/// person: `pending` (their rows are deleted, the file is not rebuilt yet) or `rebuilt` (only the
/// write-ahead log may still hold old pages).
const ERASURE_KEY: &str = "erasure";

impl Store {
    /// Erases a contact physically (GDPR): the contact, entries only about them, their promises, their
    /// words in the search index; freed pages are overwritten, the file is rebuilt and the write-ahead
    /// log emptied, so that their name and text are no longer anywhere in the file. The deletion records
    /// the erasure as pending in the same transaction, so that a run killed before the rebuild is
    /// finished by whichever process opens the database next.
    pub fn forget_contact(&mut self, id: Id) -> Result<Forgotten> {
        self.conn.execute_batch("PRAGMA secure_delete = ON;")?;
        let tx = self.write_transaction()?;
        let entries: i64 = tx.query_row(
            "SELECT count(*) FROM (SELECT entry_id FROM entry_contacts WHERE contact_id = ?1
                                   EXCEPT SELECT entry_id FROM entry_contacts WHERE contact_id <> ?1)",
            [id],
            |r| r.get(0),
        )?;
        let promises: i64 = tx.query_row(
            "SELECT count(*) FROM promises WHERE contact_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        super::contacts::delete_contact_rows(&tx, id)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, 'pending')
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [ERASURE_KEY],
        )?;
        tx.commit()?;
        let log_cleared = self.finish_erasure()?;
        Ok(Forgotten {
            entries: usize::try_from(entries).unwrap_or(0),
            promises: usize::try_from(promises).unwrap_or(0),
            log_cleared,
        })
    }

    /// Finishes an erasure recorded as under way (see [`ERASURE_KEY`]): merges the search index so that
    /// no segment keeps the erased words, rebuilds the file, then empties the write-ahead log; the
    /// record goes only when all of that is done. Returns false when another process kept the log busy
    /// (the record stays, and the next process to open the database tries again). Each step may be
    /// repeated, so a run killed anywhere is finished by the next one.
    fn finish_erasure(&mut self) -> Result<bool> {
        if self.meta(ERASURE_KEY)?.as_deref() == Some("pending") {
            self.conn.execute_batch("PRAGMA secure_delete = ON;")?;
            self.conn.execute_batch(
                "INSERT INTO entries_search (entries_search) VALUES ('optimize');
                 INSERT INTO contacts_search (contacts_search) VALUES ('optimize');
                 INSERT INTO promises_search (promises_search) VALUES ('optimize');",
            )?;
            self.conn.execute_batch("VACUUM;")?;
            self.conn.execute(
                "UPDATE meta SET value = 'rebuilt' WHERE key = ?1",
                [ERASURE_KEY],
            )?;
        }
        if !self.checkpoint_truncate()? {
            return Ok(false);
        }
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [ERASURE_KEY])?;
        self.checkpoint_truncate()
    }

    /// At opening: finishes an erasure that a killed `forget` left under way. True when the file had to
    /// be rebuilt (the caller tells the user); a busy write-ahead log is left for a later process.
    pub(super) fn finish_interrupted_erasure(&mut self) -> Result<bool> {
        match self.meta(ERASURE_KEY)? {
            None => Ok(false),
            Some(step) => {
                self.finish_erasure()?;
                Ok(step == "pending")
            }
        }
    }

    /// Moves everything from the write-ahead log into the file and empties the log; false when another
    /// connection kept it busy.
    pub(super) fn checkpoint_truncate(&self) -> Result<bool> {
        if self.path.as_os_str() == ":memory:" {
            return Ok(true);
        }
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }

    /// Writes a consistent copy of the database to `target` (created private; an existing file is
    /// refused), while other processes may go on writing. The copy is made under a temporary name
    /// beside `target` and appears at `target` only once it is complete and on disk, so a run killed
    /// half-way leaves no file there. The pages are copied in one step from one read snapshot, which
    /// writers in WAL mode do not disturb, so the copy finishes however often they commit.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let io = |action: &'static str, path: &Path| {
            let path = path.display().to_string();
            move |source| StoreError::Io {
                action,
                path,
                source,
            }
        };
        if let Some(dir) = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && !d.exists())
        {
            create_private_dir(dir).map_err(io("cannot create the backup directory", dir))?;
        }
        if target.symlink_metadata().is_ok() {
            return Err(io("cannot create the backup", target)(
                std::io::ErrorKind::AlreadyExists.into(),
            ));
        }
        let partial = partial_backup_path(target);
        remove_with_logs(&partial);
        create_private_file(&partial).map_err(io("cannot create the backup", &partial))?;
        let result = self.copy_into(&partial).and_then(|()| {
            publish(&partial, target).map_err(io("cannot create the backup", target))
        });
        remove_with_logs(&partial);
        result
    }

    /// Copies every page into the (empty, private) file at `path`, keyed like this database, and
    /// leaves it a single file in rollback-journal mode, synced to disk.
    fn copy_into(&self, path: &Path) -> Result<()> {
        let mut copy = rusqlite::Connection::open(path)?;
        copy.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        // An encrypted database is copied into a connection keyed the same way, with its own salt.
        let salt = match &self.passphrase {
            Some(passphrase) => {
                super::cipher::apply_key(&copy, passphrase)?;
                Some(super::cipher::fresh_salt(&copy, "main")?)
            }
            None => None,
        };
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            // All pages at once (-1): a copy in slices starts over whenever another connection
            // commits, and under steady writes it never finished.
            let deadline = std::time::Instant::now() + super::BUSY_TIMEOUT;
            loop {
                match backup.step(-1)? {
                    rusqlite::backup::StepResult::Done => break,
                    _ if std::time::Instant::now() > deadline => {
                        return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                            None,
                        )));
                    }
                    _ => std::thread::sleep(std::time::Duration::from_millis(5)),
                }
            }
        }
        let _mode: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        copy.close().map_err(|(_, e)| e)?;
        std::fs::File::open(path)
            .and_then(|f| f.sync_all())
            .map_err(|source| StoreError::Io {
                action: "cannot write the backup",
                path: path.display().to_string(),
                source,
            })?;
        salt.map_or(Ok(()), |salt| super::cipher::check_salt(path, &salt))
    }

    /// Where `rapport backup` puts a backup when no file is named: `backups/` beside the database.
    pub fn default_backup_path(&self, stamp: &str) -> PathBuf {
        self.backup_dir().join(format!("rapport-{stamp}.db"))
    }

    /// `backups/` beside the database, where rapport keeps its own backups.
    fn backup_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map_or_else(|| PathBuf::from("backups"), |d| d.join("backups"))
    }

    /// rapport's own backups: the `rapport-*.db` files in `backups/` beside the database, oldest first.
    pub fn own_backups(&self) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(self.backup_dir())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("rapport-") && n.ends_with(".db"))
                    && p.is_file()
            })
            .collect();
        found.sort();
        found
    }

    /// Whether the backup at `path` still holds contact `id` under `name` (a later contact that got
    /// the same id is someone else). Read-only; tried with this database's passphrase and without,
    /// since a backup may predate `encrypt` or `decrypt`. An error means it could not be read.
    pub fn backup_holds(&self, path: &Path, id: Id, name: &str) -> Result<bool> {
        let mut found = backup_contact_name(path, self.passphrase.as_deref(), id);
        if found.is_err() && self.passphrase.is_some() {
            found = backup_contact_name(path, None, id);
        }
        Ok(found?.as_deref() == Some(name))
    }

    /// Erases contact `id` from the backup at `path` as [`Store::forget_contact`] does from the
    /// journal, and leaves the backup a single file again.
    pub fn forget_in_backup(&self, path: &Path, id: Id) -> Result<Forgotten> {
        let mut backup = match (&self.passphrase, backup_contact_name(path, None, id)) {
            (Some(passphrase), Err(_)) => Store::open_with_key(path, Some(passphrase))?,
            _ => Store::open(path)?,
        };
        let gone = backup.forget_contact(id)?;
        let _mode: String = backup
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        Ok(gone)
    }

    /// Backups in rapport's own `backups/` folder that are not encrypted (plain SQLite files), for
    /// `encrypt` to report and offer to encrypt or remove.
    pub fn plaintext_backups(&self) -> Vec<PathBuf> {
        let dir = self.default_backup_path("").with_file_name("");
        let Ok(listing) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut found: Vec<PathBuf> = listing
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| {
                let mut head = [0u8; 16];
                std::fs::File::open(p)
                    .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
                    .is_ok()
                    && &head == b"SQLite format 3\0"
            })
            .collect();
        found.sort();
        found
    }

    /// Encrypts a plain backup in place with this (encrypted) database's passphrase, as `encrypt` does
    /// the database itself.
    pub fn encrypt_backup(&self, backup: &Path) -> Result<()> {
        let passphrase = self
            .passphrase
            .as_deref()
            .ok_or(StoreError::EmptyPassphrase)?;
        Store::open(backup)?.encrypt_in_place(passphrase)
    }

    /// Removes a backup and its log files, overwriting them first.
    pub fn remove_backup(backup: &Path) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            super::conversion::secure_remove(&super::conversion::sibling(backup, suffix));
        }
    }

    /// Files of this database (and their directory) that others than the owner may read or write:
    /// (path, mode) for each.
    pub fn loose_permissions(&self) -> Vec<(PathBuf, u32)> {
        let mut loose = Vec::new();
        let mut paths = vec![self.path.clone()];
        for suffix in ["-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            paths.push(PathBuf::from(p));
        }
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            paths.push(dir.to_path_buf());
        }
        for path in paths {
            if let Some(mode) = super::loose_mode(&path) {
                loose.push((path, mode));
            }
        }
        loose
    }
}

/// Where a backup is written before it is complete: `NAME.rapport-tmp` beside it, as for exports.
fn partial_backup_path(target: &Path) -> PathBuf {
    target.with_extension("rapport-tmp")
}

/// Removes a file and the journal and log files SQLite may have left beside it (a killed run's, which
/// would otherwise be replayed into the next file of that name).
fn remove_with_logs(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(file));
    }
}

/// Gives the complete copy at `partial` its name `target` without replacing anything there: a hard
/// link fails when `target` exists (where links are not supported, an existence check and a rename);
/// then syncs the directory so that the name survives a crash.
fn publish(partial: &Path, target: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(partial, target) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(e),
        Err(_) if target.symlink_metadata().is_ok() => {
            return Err(std::io::ErrorKind::AlreadyExists.into());
        }
        Err(_) => std::fs::rename(partial, target)?,
    }
    #[cfg(unix)]
    if let Some(dir) = target.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// The name of contact `id` in the backup at `path`, opened read-only (with `key` when given).
fn backup_contact_name(path: &Path, key: Option<&str>, id: Id) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    if let Some(key) = key {
        super::cipher::apply_key(&conn, key)?;
    }
    Ok(conn
        .query_row("SELECT name FROM contacts WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}
