//! The files rapport writes itself (the database, exports, backups): created private (`0600`, or
//! `0700` for directories) and exclusively whatever the umask, never over a FIFO, a device or a
//! directory, and through a symbolic link only into a regular file the user owns.

use crate::i18n::tr;
use std::io;
use std::path::{Path, PathBuf};

/// Creates a directory (and its parents) only its owner may enter (`0700`).
#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Creates a new file only its owner may read (`0600`); anything already at `path`, a symbolic link
/// included, is refused (`O_EXCL` never follows a link).
#[cfg(unix)]
pub(crate) fn create_private_file(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| explain_existing(path, e))
}

#[cfg(not(unix))]
pub(crate) fn create_private_file(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| explain_existing(path, e))
}

/// "File exists" for a dangling link says which file is missing instead.
fn explain_existing(path: &Path, error: io::Error) -> io::Error {
    if error.kind() != io::ErrorKind::AlreadyExists {
        return error;
    }
    match std::fs::read_link(path) {
        Ok(target) if !path.exists() => dangling(&target),
        _ => error,
    }
}

fn dangling(target: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        tr("error.dangling_link", &[("target", &target.display())]),
    )
}

/// The error for an existing path that is not a regular file (a directory, FIFO, device or socket),
/// or `None` for a regular file.
pub(crate) fn not_regular(meta: &std::fs::Metadata) -> Option<io::Error> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    let key = if kind.is_dir() {
        "error.kind_directory"
    } else if is_fifo(&kind) {
        "error.kind_fifo"
    } else if kind.is_symlink() {
        "error.kind_symlink"
    } else {
        "error.kind_device"
    };
    Some(io::Error::other(tr(
        "error.not_regular_file",
        &[("kind", &crate::i18n::t(key))],
    )))
}

#[cfg(unix)]
fn is_fifo(kind: &std::fs::FileType) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(kind)
}

#[cfg(not(unix))]
fn is_fifo(_kind: &std::fs::FileType) -> bool {
    false
}

#[cfg(unix)]
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::uid(meta) == rustix::process::geteuid().as_raw()
}

#[cfg(not(unix))]
fn owned_by_me(_meta: &std::fs::Metadata) -> bool {
    true
}

/// The file that writing to `path` replaces: `path` itself when nothing or a regular file is there,
/// the file a symbolic link leads to when that is a regular file the user owns. A directory, FIFO,
/// device or socket, a dangling link and a link to anything else are refused.
pub fn output_target(path: &Path) -> io::Result<PathBuf> {
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        other => other?,
    };
    if !meta.file_type().is_symlink() {
        return not_regular(&meta).map_or_else(|| Ok(path.to_path_buf()), Err);
    }
    let target = std::fs::read_link(path)?;
    let real = match std::fs::canonicalize(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(dangling(&target)),
        other => other?,
    };
    let real_meta = std::fs::metadata(&real)?;
    if real_meta.is_file() && owned_by_me(&real_meta) {
        return Ok(real);
    }
    Err(io::Error::other(tr(
        "error.foreign_link",
        &[("target", &target.display())],
    )))
}

/// The permission bits of a file others may read or write, or `None` when it is private (or
/// missing): for the warnings about the database and the passphrase file.
pub fn loose_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Writes `path` the way backups are created — private (`0600`) and exclusively — and atomically: `write`
/// fills a temporary file beside it, which is synced and then renamed over `path`, so `path` is never
/// half-written nor, for a moment, readable by others. A temporary file left by a killed run is replaced.
/// What stands at `path` is checked first ([`output_target`]): a FIFO or device is never replaced by a
/// file, and a link to the user's own file is written through.
pub fn write_private_file<E: From<io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn io::Write) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let target = output_target(path)?;
    let tmp = target.with_extension("rapport-tmp");
    // A file (or link) left by a killed run goes; the new one is then created exclusively.
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    let file = create_private_file(&tmp)?;
    let result = (|| {
        let mut out = io::BufWriter::new(file);
        write(&mut out)?;
        out.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&tmp, &target)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
