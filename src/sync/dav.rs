//! The DAV transport: a blocking client over libdav with its own current-thread runtime, HTTPS by
//! rustls, basic authentication, and timeouts so a dead server never hangs rapport. Collections are
//! found or created ([`Dav::collection`]), listed by ETag or by sync token, fetched in batches and
//! written only with `If-None-Match: *` / `If-Match`, so no change on the server is overwritten unseen.

use super::error::SyncError;
use super::report::{Member, SyncCollection, SyncReport};
use super::settings::{SyncSettings, checked_url};
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::{Client, connect::HttpConnector};
use hyper_util::rt::TokioExecutor;
use libdav::caldav::GetCalendarResources;
use libdav::carddav::GetAddressBookResources;
use libdav::dav::{Delete, GetEtag, ListResources, PutResource, WebDavClient, WebDavError};
use std::cell::OnceCell;
use std::future::Future;
use std::task::{Context, Poll};
use tower_http::auth::AddAuthorization;
use tower_service::Service;

mod types;
pub use types::{Changes, Collection, CollectionKind, Fetch, Fetched, Outcome, Stamp, Timeouts};

/// How many records one multiget asks for.
pub const FETCH_BATCH: usize = 100;

/// The most records whose texts are asked for in one listing: 20,000 promises or contacts make an
/// answer of some 20–40 MB, which both sides hold in memory once; more (a journal of 100,000
/// entries) are fetched [`FETCH_BATCH`] at a time.
pub const TEXTS_IN_ONE_ANSWER: usize = 20_000;

type Pooled = Client<HttpsConnector<HttpConnector>, String>;

/// The HTTP client under libdav: the pooled HTTPS client, with basic authentication when there is a
/// user name.
#[derive(Clone)]
pub enum Http {
    /// No user name: no Authorization header.
    Anonymous(Pooled),
    /// Basic authentication on every request (the header is marked sensitive).
    Basic(AddAuthorization<Pooled>),
}

impl Service<Request<String>> for Http {
    type Response = Response<Incoming>;
    type Error = hyper_util::client::legacy::Error;
    type Future = <Pooled as Service<Request<String>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        match self {
            Http::Anonymous(client) => Service::poll_ready(client, cx),
            Http::Basic(client) => client.poll_ready(cx),
        }
    }

    fn call(&mut self, request: Request<String>) -> Self::Future {
        match self {
            Http::Anonymous(client) => Service::call(client, request),
            Http::Basic(client) => client.call(request),
        }
    }
}

/// The error type of every libdav request here.
pub(super) type DavError = WebDavError<hyper_util::client::legacy::Error>;

/// A connection to one DAV server; every method blocks until the answer or the timeout.
pub struct Dav {
    pub(super) runtime: tokio::runtime::Runtime,
    pub(super) client: WebDavClient<Http>,
    host: String,
    timeouts: Timeouts,
    pub(super) principal: OnceCell<String>,
}

impl Dav {
    /// Prepares the client for `settings` with the default timeouts; nothing is sent yet.
    pub fn connect(settings: &SyncSettings, password: &str) -> Result<Dav, SyncError> {
        Dav::with_timeouts(settings, password, Timeouts::default())
    }

    /// Prepares the client with the given timeouts. The URL rules are checked again here, so plain
    /// http to another machine never gets a connection whatever built the settings.
    pub fn with_timeouts(
        settings: &SyncSettings,
        password: &str,
        timeouts: Timeouts,
    ) -> Result<Dav, SyncError> {
        let url = checked_url(&settings.url.to_string())?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| SyncError::Runtime {
                error: e.to_string(),
            })?;
        let mut connector = HttpConnector::new();
        connector.enforce_http(false);
        connector.set_connect_timeout(Some(timeouts.connect));
        let tls = match HttpsConnectorBuilder::new().with_native_roots() {
            Ok(builder) => builder,
            // No system roots (a minimal container): the bundled Mozilla roots.
            Err(_) => HttpsConnectorBuilder::new().with_webpki_roots(),
        };
        let https = tls.https_or_http().enable_http1().wrap_connector(connector);
        let pooled = Client::builder(TokioExecutor::new()).build(https);
        let http = if settings.username.is_empty() {
            Http::Anonymous(pooled)
        } else {
            Http::Basic(AddAuthorization::basic(
                pooled,
                &settings.username,
                password,
            ))
        };
        Ok(Dav {
            runtime,
            host: url.host().unwrap_or_default().to_string(),
            client: WebDavClient::new(url, http),
            timeouts,
            principal: OnceCell::new(),
        })
    }

    /// Runs one request on the runtime within the request timeout; errors become [`SyncError`]s.
    pub(super) fn run<T>(
        &self,
        href: &str,
        request: impl Future<Output = Result<T, DavError>>,
    ) -> Result<T, SyncError> {
        self.runtime
            .block_on(async { tokio::time::timeout(self.timeouts.request, request).await })
            .map_err(|_| self.timeout())?
            .map_err(|e| self.classify(e, href))
    }

    fn timeout(&self) -> SyncError {
        SyncError::Timeout {
            host: self.host.clone(),
            seconds: self.timeouts.request.as_secs().max(1),
        }
    }

    /// Every member of a collection with its ETag (PROPFIND depth 1); sub-collections left out.
    pub fn list(&self, collection: &str) -> Result<Vec<Member>, SyncError> {
        let listed = self.run(
            collection,
            self.client.request(ListResources::new(collection)),
        )?;
        Ok(listed
            .resources
            .into_iter()
            .filter(|r| !r.resource_type.is_collection)
            .map(|r| Member {
                href: r.href,
                etag: r.etag.unwrap_or_default(),
            })
            .collect())
    }

    /// One sync-collection REPORT since `token` (empty: the whole collection); with `data`, the
    /// changed members' texts too.
    fn changes_since(
        &self,
        collection: &str,
        token: &str,
        data: Option<CollectionKind>,
    ) -> Result<SyncReport, SyncError> {
        let mut request = SyncCollection::new(collection, token);
        if let Some(kind) = data {
            request = request.with_data(kind.data_property());
        }
        self.run(collection, self.client.request(request))
    }

    /// What changed since `token`: by sync token where the collection has them (repeating while
    /// the server truncates, and listing everything when it no longer knows the token), otherwise
    /// a full listing by ETag.
    pub fn changes(
        &self,
        collection: &Collection,
        token: Option<&str>,
    ) -> Result<Changes, SyncError> {
        self.changes_asking(collection, token, None)
    }

    /// Every member of a collection with its text, in one answer where the server gives texts in a
    /// sync-collection REPORT (members whose text it leaves out are listed without; a collection
    /// without sync tokens is listed by ETag only). For a collection known to hold no more than
    /// about [`TEXTS_IN_ONE_ANSWER`] records: the answer holds them all.
    pub fn everything_with_texts(
        &self,
        collection: &Collection,
        kind: CollectionKind,
    ) -> Result<Changes, SyncError> {
        self.changes_asking(collection, None, Some(kind))
    }

    fn changes_asking(
        &self,
        collection: &Collection,
        token: Option<&str>,
        data: Option<CollectionKind>,
    ) -> Result<Changes, SyncError> {
        if !collection.supports_sync {
            return Ok(Changes {
                changed: self.list(&collection.href)?,
                complete: true,
                ..Changes::default()
            });
        }
        let mut changes = Changes {
            complete: token.is_none_or(str::is_empty),
            ..Changes::default()
        };
        let mut since = token.unwrap_or_default().to_string();
        loop {
            match self.changes_since(&collection.href, &since, data)? {
                SyncReport::InvalidToken if !since.is_empty() => {
                    changes = Changes {
                        complete: true,
                        ..Changes::default()
                    };
                    since.clear();
                }
                SyncReport::InvalidToken => {
                    return Err(SyncError::Malformed {
                        host: self.host.clone(),
                        error: "an empty sync token was refused".into(),
                    });
                }
                SyncReport::Changes {
                    changed,
                    deleted,
                    token,
                    truncated,
                    texts,
                } => {
                    changes.changed.extend(changed);
                    changes.deleted.extend(deleted);
                    changes.texts.extend(texts);
                    let same = token == since;
                    changes.token = Some(token.clone());
                    since = token;
                    if !truncated || same {
                        return Ok(changes);
                    }
                }
            }
        }
    }

    /// Fetches the records at `hrefs` of a collection, [`FETCH_BATCH`] per request.
    pub fn fetch(
        &self,
        kind: CollectionKind,
        collection: &str,
        hrefs: &[String],
    ) -> Result<Fetch, SyncError> {
        let mut fetch = Fetch::default();
        for batch in hrefs.chunks(FETCH_BATCH) {
            let resources = match kind {
                CollectionKind::Addressbook => {
                    let request = GetAddressBookResources::new(collection).with_hrefs(batch);
                    self.run(collection, self.client.request(request))?
                        .resources
                }
                CollectionKind::Tasks | CollectionKind::Journal => {
                    let request = GetCalendarResources::new(collection).with_hrefs(batch);
                    self.run(collection, self.client.request(request))?
                        .resources
                }
            };
            for resource in resources {
                match resource.content {
                    Ok(content) => fetch.found.push(Fetched {
                        href: resource.href,
                        body: content.data,
                        etag: content.etag,
                    }),
                    Err(_) => fetch.missing.push(resource.href),
                }
            }
        }
        Ok(fetch)
    }

    /// Creates a record at `<collection><uid>.<ext>` only if nothing is there (`If-None-Match: *`).
    pub fn create(
        &self,
        kind: CollectionKind,
        collection: &str,
        uid: &str,
        body: &str,
    ) -> Result<Outcome<Member>, SyncError> {
        let href = href_for(collection, uid, kind);
        let request = PutResource::new(&href).create(body, kind.content_type());
        let written = self.written(&href, self.client.request(request))?;
        Ok(match written {
            Outcome::Done(etag) => Outcome::Done(Member { href, etag }),
            Outcome::Precondition => Outcome::Precondition,
        })
    }

    /// Replaces the record at `href` only if it is still at `etag` (`If-Match`); the new ETag.
    pub fn update(
        &self,
        kind: CollectionKind,
        href: &str,
        etag: &str,
        body: &str,
    ) -> Result<Outcome<String>, SyncError> {
        let request = PutResource::new(href).update(body, kind.content_type(), etag);
        self.written(href, self.client.request(request))
    }

    /// Deletes the record at `href` only if it is still at `etag`; one already gone counts as deleted.
    pub fn delete(&self, href: &str, etag: &str) -> Result<Outcome<()>, SyncError> {
        let request = Delete::new(href).with_etag(etag);
        match self.run(href, self.client.request(request)) {
            Ok(_) => Ok(Outcome::Done(())),
            Err(SyncError::Status { code: 404, .. }) => Ok(Outcome::Done(())),
            Err(SyncError::Status { code: 412, .. }) => Ok(Outcome::Precondition),
            Err(e) => Err(e),
        }
    }

    /// The outcome of a PUT: its ETag (asked for when the answer has none) or the 412.
    fn written(
        &self,
        href: &str,
        put: impl Future<Output = Result<libdav::dav::PutResourceResponse, DavError>>,
    ) -> Result<Outcome<String>, SyncError> {
        match self.run(href, put) {
            Ok(response) => match response.etag {
                Some(etag) => Ok(Outcome::Done(etag)),
                None => {
                    let got = self.run(href, self.client.request(GetEtag::new(href)))?;
                    Ok(Outcome::Done(got.etag))
                }
            },
            Err(SyncError::Status { code: 412, .. }) => Ok(Outcome::Precondition),
            Err(e) => Err(e),
        }
    }

    /// Turns a libdav error into one line for the user.
    pub(super) fn classify(&self, error: DavError, href: &str) -> SyncError {
        let host = self.host.clone();
        match error {
            WebDavError::BadStatusCode(status) => status_error(host, status, href),
            WebDavError::Request(request) => transport_error(host, &request),
            WebDavError::PreconditionFailed(condition) => SyncError::Rejected {
                href: href.to_string(),
                error: condition.to_string(),
            },
            WebDavError::InvalidInput(e) => SyncError::BadUrl {
                url: format!("{href} ({e})"),
            },
            other => SyncError::Malformed {
                host,
                error: other.to_string(),
            },
        }
    }
}

/// The error for an HTTP status that is not success.
fn status_error(host: String, status: StatusCode, href: &str) -> SyncError {
    let href = href.to_string();
    match status {
        StatusCode::UNAUTHORIZED => SyncError::Unauthorized { host },
        StatusCode::FORBIDDEN => SyncError::Forbidden { href },
        _ => SyncError::Status {
            host,
            code: status.as_u16(),
            status: status.to_string(),
            href,
        },
    }
}

/// The error for a request that got no answer: TLS, timeout, or no connection.
fn transport_error(
    host: String,
    error: &libdav::dav::RequestError<hyper_util::client::legacy::Error>,
) -> SyncError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut deepest = error.to_string();
    while let Some(e) = cause {
        deepest = e.to_string();
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            // tokio-rustls reports every TLS failure as invalid data.
            if io.kind() == std::io::ErrorKind::InvalidData {
                return SyncError::Tls {
                    host,
                    error: deepest,
                };
            }
        }
        cause = e.source();
    }
    SyncError::Unreachable {
        host,
        error: deepest,
    }
}

/// The href of a new record: `<collection><name>.<ext>`, the name made of the uid by a rule that
/// gives the same href for the same uid (so a create repeated after an interruption meets its own
/// record and gets a 412, never a duplicate) and uses only letters, digits, `-` and `.`: servers
/// differ on percent-encoded reserved characters (Radicale refuses `:` and reads `%2F` as a folder),
/// so every other byte is written `_XX` in hex. A name that would be long ends in a hash of the uid.
pub fn href_for(collection: &str, uid: &str, kind: CollectionKind) -> String {
    use std::fmt::Write;
    use std::hash::Hasher;
    const LONGEST: usize = 120;
    let mut name = String::with_capacity(uid.len());
    for byte in uid.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.' {
            name.push(char::from(byte));
        } else {
            let _ = write!(name, "_{byte:02X}");
        }
    }
    if name.len() > LONGEST {
        let mut hash = crate::i18n::Fnv::default();
        hash.write(uid.as_bytes());
        name.truncate(LONGEST - 17);
        let _ = write!(name, "-{:016x}", hash.finish());
    }
    let slash = if collection.ends_with('/') { "" } else { "/" };
    format!("{collection}{slash}{name}.{}", kind.extension())
}

#[cfg(test)]
mod tests;
