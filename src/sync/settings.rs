//! The `[sync]` section of the config, where the password comes from, and which URLs are allowed:
//! `https://` anywhere, plain `http://` only to this machine.

use super::error::SyncError;
use serde::Deserialize;
use std::ffi::OsString;
use std::net::IpAddr;
use std::path::PathBuf;

/// The environment variable that names a password file, over the config (for scripts and tests).
pub const PASSWORD_FILE_VAR: &str = "RAPPORT_SYNC_PASSWORD_FILE";

/// `[sync]` as written in the config; every field may be left out.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct SyncSection {
    /// Server or principal URL; empty: sync is off.
    pub url: String,
    /// The account's user name; empty: no authentication.
    pub username: String,
    /// A shell command that prints the password on its first line.
    pub password_command: String,
    /// A private file that holds the password.
    pub password_file: String,
    /// The address book's href; empty: discovered or created.
    pub addressbook: String,
    /// The calendar collection for promises (VTODO); empty: discovered or created.
    pub tasks: String,
    /// The calendar collection for entries (VJOURNAL); empty: discovered or created.
    pub journal: String,
    /// Entries leave the journal file only when this is true.
    pub entries: bool,
    /// The app syncs in the background on start and every 15 minutes.
    pub auto: bool,
}

/// Where the password is read, in the order the sources win.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// No user name: the server asks for none.
    None,
    /// A file that only its owner may read.
    File(PathBuf),
    /// A command run with `sh -c`; its first line.
    Command(String),
}

/// A checked `[sync]` section, ready for [`crate::sync::dav::Dav::connect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSettings {
    /// The server URL.
    pub url: http::Uri,
    /// The user name; empty for none.
    pub username: String,
    /// Where the password comes from.
    pub password: PasswordSource,
    /// Configured collection hrefs (paths), `None` where discovery decides.
    pub addressbook: Option<String>,
    /// See [`SyncSection::tasks`].
    pub tasks: Option<String>,
    /// See [`SyncSection::journal`].
    pub journal: Option<String>,
    /// See [`SyncSection::entries`].
    pub entries: bool,
    /// See [`SyncSection::auto`].
    pub auto: bool,
}

impl SyncSection {
    /// True when the user asked for sync at all.
    pub fn is_configured(&self) -> bool {
        !self.url.trim().is_empty()
    }

    /// The settings, `$RAPPORT_SYNC_PASSWORD_FILE` applied, and the password read from its source:
    /// what a sync needs before it connects.
    pub fn settings_and_password(&self) -> Result<(SyncSettings, String), SyncError> {
        let settings = self.settings(std::env::var_os(PASSWORD_FILE_VAR))?;
        let password = settings.password()?;
        Ok((settings, password))
    }

    /// Checks the section; `password_file_var` is `$RAPPORT_SYNC_PASSWORD_FILE`, which overrides
    /// the config's password source. No file is read and no command is run here.
    pub fn settings(&self, password_file_var: Option<OsString>) -> Result<SyncSettings, SyncError> {
        if !self.is_configured() {
            return Err(SyncError::NotConfigured);
        }
        let url = checked_url(self.url.trim())?;
        let password = match password_file_var.filter(|f| !f.is_empty()) {
            Some(file) => PasswordSource::File(PathBuf::from(file)),
            None => self.password_source()?,
        };
        let collection = |href: &str| {
            let href = href.trim();
            (!href.is_empty()).then(|| collection_path(href))
        };
        Ok(SyncSettings {
            url,
            username: self.username.clone(),
            password,
            addressbook: collection(&self.addressbook),
            tasks: collection(&self.tasks),
            journal: collection(&self.journal),
            entries: self.entries,
            auto: self.auto,
        })
    }

    fn password_source(&self) -> Result<PasswordSource, SyncError> {
        let file = self.password_file.trim();
        let command = self.password_command.trim();
        match (file.is_empty(), command.is_empty()) {
            (false, false) => Err(SyncError::TwoPasswordSources),
            (false, true) => Ok(PasswordSource::File(PathBuf::from(file))),
            (true, false) => Ok(PasswordSource::Command(command.to_string())),
            (true, true) if self.username.is_empty() => Ok(PasswordSource::None),
            (true, true) => Err(SyncError::NoPassword),
        }
    }
}

impl SyncSettings {
    /// Reads the password from its source: the file must be private to its owner, the command's
    /// first line is taken. Empty when there is no user name.
    pub fn password(&self) -> Result<String, SyncError> {
        let password = match &self.password {
            PasswordSource::None => return Ok(String::new()),
            PasswordSource::File(path) => {
                let shown = path.display().to_string();
                if let Some(mode) = crate::store::loose_mode(path) {
                    return Err(SyncError::LoosePasswordFile {
                        path: shown,
                        mode: format!("{mode:o}"),
                    });
                }
                crate::secrets::secret_file(path).map_err(|e| SyncError::PasswordFile {
                    path: shown,
                    error: e.to_string(),
                })?
            }
            PasswordSource::Command(command) => crate::secrets::secret_command(command)
                .map_err(|error| SyncError::PasswordCommand { error })?
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
        };
        if password.is_empty() {
            return Err(SyncError::EmptyPassword);
        }
        Ok(password)
    }

    /// The host the URL names, for messages.
    pub fn host(&self) -> &str {
        self.url.host().unwrap_or_default()
    }
}

/// Parses the server URL and applies the transport rules: `https://`, or `http://` to loopback
/// only; no user name or password inside the URL.
pub fn checked_url(text: &str) -> Result<http::Uri, SyncError> {
    let bad = || SyncError::BadUrl {
        url: text.to_string(),
    };
    let url: http::Uri = text.parse().map_err(|_| bad())?;
    let authority = url.authority().ok_or_else(bad)?;
    if authority.as_str().contains('@') {
        return Err(SyncError::CredentialsInUrl);
    }
    let host = url.host().filter(|h| !h.is_empty()).ok_or_else(bad)?;
    match url.scheme_str() {
        Some("https") => Ok(url),
        Some("http") if is_loopback(host) => Ok(url),
        Some("http") => Err(SyncError::PlainHttp {
            host: host.to_string(),
        }),
        _ => Err(bad()),
    }
}

/// True for `localhost`, 127.0.0.0/8 and ::1: traffic that never leaves this machine.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A configured collection as an href: the path of a full URL, with the trailing slash a
/// collection's href has.
fn collection_path(text: &str) -> String {
    let path = text
        .parse::<http::Uri>()
        .ok()
        .filter(|u| u.scheme().is_some())
        .map_or_else(|| text.to_string(), |u| u.path().to_string());
    if path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    }
}

#[cfg(test)]
mod tests;
