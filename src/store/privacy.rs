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

impl Store {
    /// Erases a contact physically (GDPR): the contact, entries only about them, their promises, their
    /// words in the search index; freed pages are overwritten, the file is rebuilt and the write-ahead
    /// log emptied, so that their name and text are no longer anywhere in the file.
    pub fn forget_contact(&mut self, id: Id) -> Result<Forgotten> {
        let entries: i64 = self.conn.query_row(
            "SELECT count(*) FROM (SELECT entry_id FROM entry_contacts WHERE contact_id = ?1
                                   EXCEPT SELECT entry_id FROM entry_contacts WHERE contact_id <> ?1)",
            [id],
            |r| r.get(0),
        )?;
        let promises: i64 = self.conn.query_row(
            "SELECT count(*) FROM promises WHERE contact_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        self.conn.execute_batch("PRAGMA secure_delete = ON;")?;
        self.delete_contact(id)?;
        // Merge the search index so that no segment keeps their words, then rebuild the file.
        self.conn.execute(
            "INSERT INTO entries_fts (entries_fts) VALUES ('optimize')",
            [],
        )?;
        self.conn.execute_batch("VACUUM;")?;
        let log_cleared = self.checkpoint_truncate()?;
        Ok(Forgotten {
            entries: usize::try_from(entries).unwrap_or(0),
            promises: usize::try_from(promises).unwrap_or(0),
            log_cleared,
        })
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
    /// refused), while other processes may go on writing.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if let Some(dir) = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && !d.exists())
        {
            create_private_dir(dir).map_err(|source| StoreError::Io {
                action: "cannot create the backup directory",
                path: dir.display().to_string(),
                source,
            })?;
        }
        create_private_file(target).map_err(|source| StoreError::Io {
            action: "cannot create the backup",
            path: target.display().to_string(),
            source,
        })?;
        let result = (|| -> Result<()> {
            let mut copy = rusqlite::Connection::open(target)?;
            copy.execute_batch("PRAGMA cipher_log_level = NONE;")?;
            // An encrypted database is copied into a connection keyed the same way.
            let salt = match &self.passphrase {
                Some(passphrase) => {
                    super::cipher::apply_key(&copy, passphrase)?;
                    Some(super::cipher::fresh_salt(&copy, "main")?)
                }
                None => None,
            };
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            backup.run_to_completion(512, std::time::Duration::from_millis(2), None)?;
            drop(backup);
            let _mode: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            drop(copy);
            salt.map_or(Ok(()), |salt| super::cipher::check_salt(target, &salt))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(target);
        }
        result
    }

    /// Where `rapport backup` puts a backup when no file is named: `backups/` beside the database.
    pub fn default_backup_path(&self, stamp: &str) -> PathBuf {
        let dir = self
            .path
            .parent()
            .map_or_else(|| PathBuf::from("backups"), |d| d.join("backups"));
        dir.join(format!("rapport-{stamp}.db"))
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
