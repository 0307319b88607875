//! What can go wrong while talking to a DAV server, each as one line in the user's language.

use crate::i18n::{t, tr};

/// A sync failure: the configuration, the password source, the network or the server. A 412
/// Precondition Failed is no error but an outcome of a write ([`crate::sync::dav::Outcome`]).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The journal could not be read or written.
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    /// There is no `[sync]` url in the config.
    #[error("{}", t("sync.not_configured"))]
    NotConfigured,
    /// The url cannot be used (not a URL, not http/https, no host).
    #[error("{}", tr("sync.bad_url", &[("url", url)]))]
    BadUrl {
        /// The configured url.
        url: String,
    },
    /// Plain `http://` to a host that is not this machine.
    #[error("{}", tr("sync.plain_http", &[("host", host)]))]
    PlainHttp {
        /// The host the url names.
        host: String,
    },
    /// The url carries a user name or password.
    #[error("{}", t("sync.credentials_in_url"))]
    CredentialsInUrl,
    /// A user name but no way to get the password.
    #[error("{}", t("sync.no_password"))]
    NoPassword,
    /// Both `password_file` and `password_command` are set.
    #[error("{}", t("sync.two_password_sources"))]
    TwoPasswordSources,
    /// The password file cannot be read.
    #[error("{}", tr("sync.password_file", &[("path", path), ("error", error)]))]
    PasswordFile {
        /// The file.
        path: String,
        /// Why not.
        error: String,
    },
    /// The password file may be read by others.
    #[error("{}", tr("sync.password_file_loose", &[("path", path), ("mode", mode)]))]
    LoosePasswordFile {
        /// The file.
        path: String,
        /// Its permission bits in octal.
        mode: String,
    },
    /// The `password_command` failed.
    #[error("{}", tr("sync.password_command", &[("error", error)]))]
    PasswordCommand {
        /// Why.
        error: String,
    },
    /// The password source gave an empty password.
    #[error("{}", t("sync.empty_password"))]
    EmptyPassword,
    /// 401: wrong user name or password.
    #[error("{}", tr("sync.unauthorized", &[("host", host)]))]
    Unauthorized {
        /// The server.
        host: String,
    },
    /// 403 on a collection or record.
    #[error("{}", tr("sync.forbidden", &[("href", href)]))]
    Forbidden {
        /// What was refused.
        href: String,
    },
    /// 404 on a collection that should be there.
    #[error("{}", tr("sync.not_found", &[("href", href)]))]
    NotFound {
        /// What is missing.
        href: String,
    },
    /// No connection: refused, no route, name not found.
    #[error("{}", tr("sync.unreachable", &[("host", host), ("error", error)]))]
    Unreachable {
        /// The server.
        host: String,
        /// The cause as the system gave it.
        error: String,
    },
    /// The TLS handshake failed (certificate, protocol).
    #[error("{}", tr("sync.tls", &[("host", host), ("error", error)]))]
    Tls {
        /// The server.
        host: String,
        /// The cause.
        error: String,
    },
    /// No answer within the time allowed.
    #[error("{}", tr("sync.timeout", &[("host", host), ("seconds", seconds)]))]
    Timeout {
        /// The server.
        host: String,
        /// The time allowed.
        seconds: u64,
    },
    /// The server's answer is not what the protocol says (bad XML, missing fields, not UTF-8).
    #[error("{}", tr("sync.malformed", &[("host", host), ("error", error)]))]
    Malformed {
        /// The server.
        host: String,
        /// What was wrong.
        error: String,
    },
    /// An HTTP status that is neither success nor one of the above (5xx among them).
    #[error("{}", tr("sync.status", &[("host", host), ("status", status), ("href", href)]))]
    Status {
        /// The server.
        host: String,
        /// The status code.
        code: u16,
        /// The status line's code and reason.
        status: String,
        /// The request's path.
        href: String,
    },
    /// The server refused a record for a reason it named (a CalDAV precondition).
    #[error("{}", tr("sync.rejected", &[("href", href), ("error", error)]))]
    Rejected {
        /// The record.
        href: String,
        /// The server's reason.
        error: String,
    },
    /// Discovery found no place for a collection (no principal, no home set).
    #[error("{}", tr("sync.no_home", &[("kind", kind)]))]
    NoHome {
        /// Which collection: address book, tasks, journal (translated).
        kind: String,
    },
    /// The sync's own runtime could not start (out of threads or descriptors).
    #[error("{}", tr("sync.runtime", &[("error", error)]))]
    Runtime {
        /// The cause.
        error: String,
    },
}
