//! The `[inbox]` section of the config: my addresses, the mail and calendar sources, and the
//! senders never proposed. Paths may start with `~`, which is the user's home.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `[inbox]` as written in the config; every field may be left out.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct InboxSection {
    /// My addresses: a thread I wrote first in is my initiative.
    pub me: Vec<String>,
    /// Maildir folders (each with cur/ and new/).
    pub maildirs: Vec<String>,
    /// mbox files.
    pub mbox: Vec<String>,
    /// ICS files.
    pub calendars: Vec<String>,
    /// Address globs never proposed (`noreply@*`, `*@newsletter.*`).
    pub ignore: Vec<String>,
}

impl InboxSection {
    /// True when any source is configured.
    pub fn has_sources(&self) -> bool {
        !(self.maildirs.is_empty() && self.mbox.is_empty() && self.calendars.is_empty())
    }

    /// My addresses, trimmed and lower-cased, empty ones left out.
    pub fn my_addresses(&self) -> Vec<String> {
        self.me
            .iter()
            .map(|a| a.trim().to_lowercase())
            .filter(|a| !a.is_empty())
            .collect()
    }

    /// The Maildir folders with `~` expanded against `home`.
    pub fn maildir_paths(&self, home: Option<&Path>) -> Vec<PathBuf> {
        expand_all(&self.maildirs, home)
    }

    /// The mbox files with `~` expanded against `home`.
    pub fn mbox_paths(&self, home: Option<&Path>) -> Vec<PathBuf> {
        expand_all(&self.mbox, home)
    }

    /// The ICS files with `~` expanded against `home`.
    pub fn calendar_paths(&self, home: Option<&Path>) -> Vec<PathBuf> {
        expand_all(&self.calendars, home)
    }
}

/// The user's home directory, for [`expand`].
pub fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf())
}

/// `~` or `~/rest` becomes `home` or `home/rest`; any other path (and `~` without a known home) is
/// kept as written. `~user` is not expanded.
pub fn expand(path: &str, home: Option<&Path>) -> PathBuf {
    let path = path.trim();
    match (path.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home.to_path_buf(),
        (Some(rest), Some(home)) if rest.starts_with('/') => home.join(&rest[1..]),
        _ => PathBuf::from(path),
    }
}

fn expand_all(paths: &[String], home: Option<&Path>) -> Vec<PathBuf> {
    paths
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| expand(p, home))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_is_the_home_and_other_paths_stay() {
        let home = Path::new("/home/anna");
        assert_eq!(expand("~", Some(home)), PathBuf::from("/home/anna"));
        assert_eq!(
            expand(" ~/Mail/work/INBOX ", Some(home)),
            PathBuf::from("/home/anna/Mail/work/INBOX")
        );
        assert_eq!(expand("~bob/Mail", Some(home)), PathBuf::from("~bob/Mail"));
        assert_eq!(
            expand("/var/mail/anna", Some(home)),
            PathBuf::from("/var/mail/anna")
        );
        assert_eq!(expand("~/Mail", None), PathBuf::from("~/Mail"));
    }

    #[test]
    fn the_section_reads_from_the_config() {
        let config = crate::config::Config::parse(
            "[inbox]\nme = [\" Anna@Example.org \", \"\"]\nmaildirs = [\"~/Mail/INBOX\"]\n\
             calendars = [\"~/cal/work.ics\"]\nignore = [\"noreply@*\"]\n",
        )
        .expect("a valid config");
        let inbox = config.inbox;
        assert_eq!(inbox.my_addresses(), ["anna@example.org"]);
        assert!(inbox.has_sources());
        let home = Path::new("/h");
        assert_eq!(
            inbox.maildir_paths(Some(home)),
            [PathBuf::from("/h/Mail/INBOX")]
        );
        assert_eq!(
            inbox.calendar_paths(Some(home)),
            [PathBuf::from("/h/cal/work.ics")]
        );
        assert!(inbox.mbox_paths(Some(home)).is_empty());
        assert!(crate::config::Config::parse("[inbox]\nunknown = 1\n").is_err());
    }
}
