//! Scans a Maildir folder (new/ then cur/) one file at a time: names in the seen set are not even
//! opened, every other file's header block is read and handed on, so memory stays that of one
//! header block however large the folder.

use super::mail::read_message;
use super::{Found, Source};
use chrono::{DateTime, FixedOffset};
use std::fs::File;
use std::io;
use std::path::Path;

/// The part of a Maildir file name that does not change when the mail client sets flags or moves
/// the file from new/ to cur/: everything before `:2,` (`;2,` or `!2,` where `:` is not allowed).
pub fn unique_name(file_name: &str) -> &str {
    [":2,", ";2,", "!2,"]
        .iter()
        .find_map(|info| file_name.rfind(info).map(|at| &file_name[..at]))
        .unwrap_or(file_name)
}

/// The delivery time a Maildir file name starts with (`1733000000.12345_1.host`), in UTC: the date
/// of a message without a readable `Date` header.
pub fn delivered_at(file_name: &str) -> Option<DateTime<FixedOffset>> {
    let digits = file_name.split('.').next()?;
    let seconds: i64 = digits.parse().ok()?;
    DateTime::from_timestamp(seconds, 0).map(|at| at.fixed_offset())
}

/// Scans the Maildir at `dir`: each file in new/ and cur/ whose [`unique_name`] `is_seen` does not
/// know is read and handed to `found` (its origin is that unique name). Dot files are left out; a
/// file that vanishes between listing and reading (moved from new/ to cur/) is found in cur/.
/// Returns how many files were listed.
///
/// # Errors
///
/// When neither new/ nor cur/ can be listed (no Maildir there).
pub fn scan(
    dir: &Path,
    mut is_seen: impl FnMut(&str) -> bool,
    mut found: impl FnMut(Found),
) -> io::Result<usize> {
    let mut listed = 0;
    let mut block = Vec::new();
    let mut first_error = None;
    let mut any = false;
    for sub in ["new", "cur"] {
        let entries = match std::fs::read_dir(dir.join(sub)) {
            Ok(entries) => entries,
            Err(e) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        any = true;
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            if file_name.starts_with('.') {
                continue;
            }
            listed += 1;
            let unique = unique_name(&file_name);
            if is_seen(unique) {
                continue;
            }
            let mut file = match File::open(entry.path()) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(_) => {
                    let reason = super::SkipReason::Io;
                    let origin = unique.to_string();
                    found(Found::Skipped(super::Skipped { origin, reason }));
                    continue;
                }
            };
            if file.metadata().is_ok_and(|m| !m.is_file()) {
                continue;
            }
            let mut item = read_message(&mut file, &mut block, Source::Maildir, unique.to_string());
            if let Found::Message(message) = &mut item
                && message.date.is_none()
            {
                message.date = delivered_at(&file_name);
            }
            found(item);
        }
    }
    match (any, first_error) {
        (false, Some(e)) => Err(e),
        _ => Ok(listed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unique_name_drops_the_flags() {
        assert_eq!(
            unique_name("1733000000.12345_1.host,U=12:2,S"),
            "1733000000.12345_1.host,U=12"
        );
        assert_eq!(
            unique_name("1733000000.M1P2.host;2,RS"),
            "1733000000.M1P2.host"
        );
        assert_eq!(unique_name("1733000000.M1P2.host"), "1733000000.M1P2.host");
    }

    #[test]
    fn the_delivery_time_comes_from_the_name() {
        let at = delivered_at("1733000000.12345_1.host,U=12:2,S").expect("a time");
        assert_eq!(at.to_rfc3339(), "2024-11-30T20:53:20+00:00");
        assert_eq!(delivered_at("host.12345"), None);
    }
}
