//! Converting the database file to or from encryption while other rapport processes may have it open,
//! and finishing or rolling back a conversion that was interrupted.
//!
//! A conversion writes a converted copy (`NAME.converting`) and renames it over the database. Three
//! things keep that safe:
//! - a marker file (`NAME.conversion`, locked by the converting process) says a conversion runs or was
//!   interrupted: its one byte is `c` while the copy is written and `r` once the copy is complete. The
//!   next rapport process that opens the database waits for a running conversion, and finishes (`r`)
//!   or rolls back (`c`) an interrupted one;
//! - the converting process holds the database's write lock from before it reads until after the
//!   rename, and every commit checks that the file is still the one opened and that no conversion
//!   runs, so no write can go into the file being replaced;
//! - opening, closing and the rename take a lock on the database's directory (shared, exclusive for the
//!   rename), so that no process opens the new file with the old file's `-wal` and `-shm`, and a
//!   process that had the old file open never deletes the new file's `-wal` and `-shm` when it closes.

use super::{Result, Store, StoreError, create_private_file};
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// `PATH` with `suffix` appended to its file name.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The converted copy while it is written.
fn copy_path(db: &Path) -> PathBuf {
    sibling(db, ".converting")
}

/// The marker of a conversion that runs or was interrupted.
pub(super) fn marker_path(db: &Path) -> PathBuf {
    sibling(db, ".conversion")
}

/// Which file a path names: (device, inode); `None` when there is none.
pub(super) fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).ok().map(|m| (m.len(), 0))
    }
}

/// `flock(2)` on an open file (the same numbers on Linux and the BSDs); true when the lock was taken.
/// (`File::lock` is newer than this crate's minimum Rust.)
#[cfg(unix)]
fn flock(file: &File, exclusive: bool, wait: bool) -> bool {
    use std::os::fd::AsRawFd;
    unsafe extern "C" {
        fn flock(fd: std::ffi::c_int, operation: std::ffi::c_int) -> std::ffi::c_int;
    }
    let operation = if exclusive { 2 } else { 1 } | if wait { 0 } else { 4 };
    // SAFETY: a valid open descriptor and a plain integer operation.
    unsafe { flock(file.as_raw_fd(), operation) == 0 }
}

#[cfg(not(unix))]
fn flock(_file: &File, _exclusive: bool, _wait: bool) -> bool {
    true
}

/// A lock on the database's directory: shared while a process opens or closes the database, exclusive
/// while a conversion swaps the files. Without a readable directory there is no lock (and nothing that
/// could swap files in it either).
pub(super) struct DirLock {
    _held: Option<File>,
}

impl DirLock {
    /// Takes the lock, waiting for it.
    pub(super) fn take(db: &Path, exclusive: bool) -> DirLock {
        let dir = db
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        DirLock {
            _held: File::open(dir).ok().filter(|f| flock(f, exclusive, true)),
        }
    }
}

/// Makes the database at `db` ready to open: waits for a conversion that runs (failing with
/// [`StoreError::Converting`] after `patience`), finishes or rolls back one that was interrupted, and
/// returns the shared directory lock to hold while opening.
pub(super) fn settle(db: &Path, patience: Duration) -> Result<DirLock> {
    let deadline = Instant::now() + patience;
    // A marker that was being made when its conversion was killed.
    let unlinked = sibling(db, ".conversion-new");
    if File::open(&unlinked).is_ok_and(|f| flock(&f, true, false)) {
        let _ = std::fs::remove_file(&unlinked);
    }
    loop {
        let shared = DirLock::take(db, false);
        if !marker_path(db).exists() {
            return Ok(shared);
        }
        drop(shared);
        if !recover(db)? {
            if Instant::now() >= deadline {
                return Err(StoreError::Converting);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Finishes or rolls back an interrupted conversion; false when the conversion is still running.
fn recover(db: &Path) -> Result<bool> {
    let marker = marker_path(db);
    let Ok(mut file) = File::open(&marker) else {
        return Ok(true);
    };
    if !flock(&file, true, false) {
        return Ok(false);
    }
    let _exclusive = DirLock::take(db, true);
    if identity(&marker) != file_identity(&file) {
        return Ok(true); // finished and removed meanwhile
    }
    let mut state = [0u8; 1];
    let complete = file.read_exact(&mut state).is_ok() && state[0] == b'r';
    let copy = copy_path(db);
    if complete {
        if copy.exists() {
            std::fs::rename(&copy, db).map_err(io("cannot finish converting", db))?;
            sync_dir(db);
        }
        remove_logs(db);
    } else {
        secure_remove(&copy);
    }
    secure_remove(&sibling(&copy, "-journal"));
    std::fs::remove_file(&marker).map_err(io("cannot remove", &marker))?;
    sync_dir(db);
    Ok(true)
}

fn file_identity(file: &File) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        file.metadata().ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        file.metadata().ok().map(|m| (m.len(), 0))
    }
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.display().to_string();
    move |source| StoreError::Io {
        action,
        path,
        source,
    }
}

/// Makes renames and removals in the database's directory durable (best effort).
fn sync_dir(db: &Path) {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
}

/// Removes the write-ahead log and its index by name: after a swap they belong to the old file.
fn remove_logs(db: &Path) {
    for suffix in ["-wal", "-shm"] {
        secure_remove(&sibling(db, suffix));
    }
}

/// Overwrites a file with zeros, syncs it and removes it, so that its text does not stay readable in
/// freed blocks (as far as the file system overwrites in place). A missing file is fine.
pub(super) fn secure_remove(path: &Path) {
    if let Ok(mut file) = std::fs::OpenOptions::new().write(true).open(path) {
        let len = file.metadata().map_or(0, |m| m.len());
        let zeros = [0u8; 64 * 1024];
        let mut left = len;
        let _ = file.rewind();
        while left > 0 {
            let n = usize::try_from(left.min(zeros.len() as u64)).unwrap_or(zeros.len());
            if file.write_all(&zeros[..n]).is_err() {
                break;
            }
            left -= n as u64;
        }
        let _ = file.sync_all();
    }
    let _ = std::fs::remove_file(path);
}

/// True unless the file at `path` is no longer `opened`, or a conversion runs or was interrupted: the
/// check every commit makes.
pub(super) fn still_current(path: &Path, opened: Option<(u64, u64)>) -> bool {
    opened.is_none() || (identity(path) == opened && !marker_path(path).exists())
}

/// Tells SQLite to leave the `-wal` and `-shm` files when this connection closes. A connection to a
/// file that was replaced would otherwise delete them by name, and they are the new file's by then.
pub(super) fn keep_log_files(conn: &rusqlite::Connection) {
    let mut on: std::ffi::c_int = 1;
    // SAFETY: a valid open handle, a NUL-terminated schema name, and an int as SQLITE_FCNTL_PERSIST_WAL
    // expects; SQLite does not keep the pointer.
    unsafe {
        rusqlite::ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&raw mut on).cast(),
        );
    }
}

/// The marker of a running conversion, locked for as long as it lives.
struct Marker {
    file: File,
    path: PathBuf,
}

impl Marker {
    /// Creates the marker (state `c`) already locked: written under a temporary name and linked into
    /// place, so that nobody sees it unlocked. Another conversion's marker is [`StoreError::Converting`].
    fn create(db: &Path) -> Result<Marker> {
        let path = marker_path(db);
        let tmp = sibling(db, ".conversion-new");
        // (`settle` removes it when a conversion was killed before it was linked.)
        let mut file = match create_private_file(&tmp) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let stale = File::open(&tmp).map_err(io("cannot open", &tmp))?;
                if !flock(&stale, true, false) {
                    return Err(StoreError::Converting);
                }
                std::fs::remove_file(&tmp).map_err(io("cannot remove", &tmp))?;
                create_private_file(&tmp).map_err(io("cannot create", &tmp))?
            }
            other => other.map_err(io("cannot create", &tmp))?,
        };
        if !flock(&file, true, true) {
            return Err(StoreError::Converting);
        }
        file.write_all(b"c")
            .and_then(|()| file.sync_all())
            .map_err(io("cannot write", &tmp))?;
        let linked = std::fs::hard_link(&tmp, &path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::Converting);
            }
            other => other.map_err(io("cannot create", &path))?,
        }
        sync_dir(db);
        Ok(Marker { file, path })
    }

    /// Records that the copy is complete: from now on an interrupted conversion is finished.
    fn complete(&mut self) -> Result<()> {
        self.file
            .rewind()
            .and_then(|()| self.file.write_all(b"r"))
            .and_then(|()| self.file.sync_all())
            .map_err(io("cannot write", &self.path))
    }
}

impl Store {
    /// Encrypts the database file in place with `passphrase` (see the module comment for how).
    pub fn encrypt_in_place(&mut self, passphrase: &str) -> Result<()> {
        if passphrase.is_empty() {
            return Err(StoreError::EmptyPassphrase);
        }
        self.convert_in_place(&super::cipher::key_text(passphrase))
    }

    /// Turns the encrypted database file back into a plain one, in place.
    pub fn decrypt_in_place(&mut self) -> Result<()> {
        self.convert_in_place("")
    }

    fn convert_in_place(&mut self, key: &str) -> Result<()> {
        let db = self.path.clone();
        let mut marker = Marker::create(&db)?;
        let copy = copy_path(&db);
        let result = (|| -> Result<()> {
            // From here until the rename no other process can commit to this file.
            self.conn.execute_batch("BEGIN IMMEDIATE;")?;
            self.write_copy(&copy, key)?;
            File::open(&copy)
                .and_then(|f| f.sync_all())
                .map_err(io("cannot sync", &copy))?;
            marker.complete()?;
            let _exclusive = DirLock::take(&db, true);
            std::fs::rename(&copy, &db).map_err(io("cannot replace", &db))?;
            sync_dir(&db);
            remove_logs(&db);
            Ok(())
        })();
        let _ = self.conn.execute_batch("ROLLBACK;");
        if result.is_err() {
            secure_remove(&copy);
        }
        secure_remove(&sibling(&copy, "-journal"));
        let _ = std::fs::remove_file(&marker.path);
        sync_dir(&db);
        result
    }

    /// Writes the converted copy from a second connection, which reads what the first one locked.
    fn write_copy(&self, copy: &Path, key: &str) -> Result<()> {
        create_private_file(copy).map_err(io("cannot create", copy))?;
        let reader = rusqlite::Connection::open(&self.path)?;
        reader.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA mmap_size = 0;")?;
        if let Some(passphrase) = &self.passphrase {
            super::cipher::apply_key(&reader, passphrase)?;
        }
        let copy_text = copy
            .to_str()
            .ok_or_else(|| StoreError::Corrupt("path is not UTF-8".into()))?;
        reader.execute("ATTACH DATABASE ?1 AS converted KEY ?2", [copy_text, key])?;
        let salt = if key.is_empty() {
            None
        } else {
            Some(super::cipher::fresh_salt(&reader, "converted")?)
        };
        reader.query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))?;
        // sqlcipher_export does not copy the schema version; SCHEMA_VERSION is a constant, not user text.
        reader.execute_batch(&format!(
            "PRAGMA converted.user_version = {};",
            super::SCHEMA_VERSION
        ))?;
        reader.execute_batch("DETACH DATABASE converted;")?;
        drop(reader);
        salt.map_or(Ok(()), |salt| super::cipher::check_salt(copy, &salt))
    }
}
