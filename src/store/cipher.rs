//! Encryption at rest with SQLCipher: opening an encrypted database with a passphrase, and converting a
//! database to or from encryption.
//!
//! The passphrase reaches SQLCipher as its hex digits, so no user text is ever spliced into SQL; the hex
//! form is a one-to-one stand-in for the passphrase and goes through SQLCipher's key derivation as usual.

use super::{Result, Store, StoreError};
use std::io::Read;
use std::path::Path;

/// The passphrase as SQLCipher receives it: lower-case hex of its UTF-8 bytes.
pub(super) fn key_text(passphrase: &str) -> String {
    passphrase.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Keys a fresh connection (before anything else reads the file).
pub(super) fn apply_key(conn: &rusqlite::Connection, passphrase: &str) -> Result<()> {
    // Only hex digits are formatted into the statement (see the module comment).
    conn.execute_batch(&format!("PRAGMA key = '{}';", key_text(passphrase)))?;
    Ok(())
}

/// Gives the keyed database `schema` of `conn` a fresh random salt before its first page is written,
/// and returns it. SQLCipher would otherwise read the salt from the file's first 16 bytes, and SQLite
/// extends a new file with zeros before writing page 1 when memory-mapped I/O is on: every journal then
/// had the same all-zero salt, so one key derivation per guessed passphrase opened all of them.
pub(super) fn fresh_salt(conn: &rusqlite::Connection, schema: &str) -> Result<[u8; 16]> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| StoreError::Corrupt(format!("no random salt: {e}")))?;
    let hex: String = salt.iter().map(|b| format!("{b:02x}")).collect();
    // Only a schema name chosen by rapport and hex digits are formatted into the statement.
    conn.execute_batch(&format!(
        "PRAGMA {schema}.mmap_size = 0; PRAGMA {schema}.cipher_salt = \"x'{hex}'\";"
    ))?;
    Ok(salt)
}

/// Fails unless the encrypted file at `path` begins with `salt` (that is, SQLCipher used it).
pub(super) fn check_salt(path: &Path, salt: &[u8; 16]) -> Result<()> {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map_err(|source| StoreError::Io {
            action: "cannot read back",
            path: path.display().to_string(),
            source,
        })?;
    if &head == salt {
        Ok(())
    } else {
        Err(StoreError::Corrupt(format!(
            "{} was not written with its own salt",
            path.display()
        )))
    }
}

/// True when a file looks like an encrypted database: not the plain SQLite header, and a size that is a
/// whole number of database pages. (A text file or a truncated database is "not a rapport database".)
pub fn looks_encrypted(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok();
    read && &head != b"SQLite format 3\0"
        && meta.len() >= 1024
        && meta.len() % 1024 == 0
        && !super::plain_header_damaged(path)
}

impl Store {
    /// Opens an encrypted database with its passphrase; a wrong one is [`StoreError::WrongPassphrase`].
    pub fn open_encrypted(path: &Path, passphrase: &str) -> Result<Store> {
        match Store::open_with_key(path, Some(passphrase)) {
            Err(StoreError::NotADatabase { path }) => Err(StoreError::WrongPassphrase { path }),
            other => other,
        }
    }
}
