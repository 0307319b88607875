//! Finding rapport's collections on a server: a configured href wins; otherwise the user's
//! principal (RFC 5397, or the well-known context path of RFC 6764), its home sets, and there the
//! collection named "rapport" / "rapport-promises" / "rapport-journal"; failing that, it is created.

use super::dav::{Collection, CollectionKind, Dav, DavError, Stamp};
use super::error::SyncError;
use chrono::{DateTime, FixedOffset};
use libdav::caldav::{CalendarComponent, CreateCalendar, FindCalendarHomeSet};
use libdav::carddav::{CreateAddressBook, FindAddressBookHomeSet};
use libdav::dav::{
    FindCurrentUserPrincipalError, FindPropertyHrefs, Propfind, PropfindResponse, WebDavError,
};
use libdav::encoding::normalise_percent_encoded;
use libdav::requests::{DavRequest, ParseResponseError};
use libdav::{Depth, PropertyName, names};
use roxmltree::Node;

/// A resource's last modification (RFC 4918); for a collection, Radicale's is its newest member's.
const GETLASTMODIFIED: PropertyName = PropertyName::new(names::DAV, "getlastmodified");

/// A collection as a PROPFIND describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its href in libdav's normal form.
    pub href: String,
    /// Its display name, if it has one.
    pub name: Option<String>,
    /// A CardDAV address book.
    pub is_addressbook: bool,
    /// A CalDAV calendar.
    pub is_calendar: bool,
    /// The components a calendar accepts, when it says.
    pub components: Option<Vec<String>>,
    /// It answers sync-collection REPORTs.
    pub supports_sync: bool,
    /// Its DAV:getlastmodified, when it has one.
    pub modified: Option<DateTime<FixedOffset>>,
}

impl Found {
    /// True when this collection can hold `kind` and is called by its name.
    fn is_rapports(&self, kind: CollectionKind) -> bool {
        let name = kind.default_name();
        let named = self.name.as_deref().map(str::trim) == Some(name)
            || self.href.trim_end_matches('/').rsplit('/').next() == Some(name);
        named && self.holds(kind)
    }

    fn holds(&self, kind: CollectionKind) -> bool {
        match kind.component() {
            None => self.is_addressbook,
            Some(component) => {
                self.is_calendar
                    && self
                        .components
                        .as_ref()
                        .is_none_or(|c| c.iter().any(|have| have.eq_ignore_ascii_case(component)))
            }
        }
    }
}

impl Dav {
    /// The collection for `kind`: the configured href (which must exist), else the one found by
    /// name in the user's home sets, else a new one created there.
    pub fn collection(
        &self,
        kind: CollectionKind,
        configured: Option<&str>,
    ) -> Result<Collection, SyncError> {
        if let Some(href) = configured {
            return self.probe(href);
        }
        let homes = self.home_sets(kind)?;
        for home in &homes {
            let (found, said_at) = self.propfind(home, Depth::One)?;
            if let Some(own) = found.iter().find(|f| f.is_rapports(kind)) {
                return Ok(Collection {
                    href: own.href.clone(),
                    supports_sync: own.supports_sync,
                    stamp: own.modified.map(|modified| Stamp { modified, said_at }),
                });
            }
        }
        let home = homes.first().ok_or_else(|| SyncError::NoHome {
            kind: kind.label().to_string(),
        })?;
        let href = format!("{}/{}/", home.trim_end_matches('/'), kind.default_name());
        self.create_collection(kind, &href)?;
        self.probe(&href)
    }

    /// The collection at `href` with what it supports; an error when it is not there.
    pub fn probe(&self, href: &str) -> Result<Collection, SyncError> {
        let (found, said_at) = match self.propfind(href, Depth::Zero) {
            Err(SyncError::Status { code: 404, .. }) => (Vec::new(), None),
            other => other?,
        };
        let own = normalise_percent_encoded(href).map_or_else(|_| href.to_string(), Into::into);
        found
            .into_iter()
            .find(|f| f.href.trim_end_matches('/') == own.trim_end_matches('/'))
            .map(|f| Collection {
                href: own.clone(),
                supports_sync: f.supports_sync,
                stamp: f.modified.map(|modified| Stamp { modified, said_at }),
            })
            .ok_or(SyncError::NotFound { href: own })
    }

    /// The user's principal: current-user-principal at the URL (or the server root), else at the
    /// well-known context path, else the URL's own path.
    fn principal(&self) -> Result<String, SyncError> {
        if let Some(principal) = self.principal.get() {
            return Ok(principal.clone());
        }
        let base = self.client.base_url().path().to_string();
        let found = self.run(&base, async {
            self.client
                .find_current_user_principal()
                .await
                .map_err(|e| match e {
                    FindCurrentUserPrincipalError::RequestError(e) => e,
                    FindCurrentUserPrincipalError::InvalidInput(e) => WebDavError::InvalidInput(e),
                })
        })?;
        let principal = match found {
            Some(uri) => path_of(&uri),
            None => self.well_known_principal().unwrap_or(base),
        };
        Ok(self.principal.get_or_init(|| principal).clone())
    }

    /// The principal named at the well-known CardDAV context path, when the server redirects
    /// there; only the path of the redirect is used, so the requests stay on the configured host.
    fn well_known_principal(&self) -> Option<String> {
        let url = self.client.base_url();
        let service = libdav::carddav::service_for_url(url).ok()?;
        let port = url
            .port_u16()
            .unwrap_or(if url.scheme_str() == Some("http") {
                80
            } else {
                443
            });
        let host = url.host()?.to_string();
        let context = self
            .run("/.well-known/carddav", async {
                let found = self.client.find_context_path(service, &host, port).await;
                Ok::<_, DavError>(found.ok().flatten())
            })
            .ok()??;
        let path = path_of(&context);
        let request = FindPropertyHrefs::new(&path, &names::CURRENT_USER_PRINCIPAL);
        let hrefs = self.run(&path, self.client.request(request)).ok()?;
        hrefs.hrefs.first().map(path_of)
    }

    /// The home sets where collections of `kind` live.
    fn home_sets(&self, kind: CollectionKind) -> Result<Vec<String>, SyncError> {
        let principal = self.principal()?;
        let homes = match kind {
            CollectionKind::Addressbook => {
                let request = FindAddressBookHomeSet::new(&principal);
                self.run(&principal, self.client.request(request))?
                    .home_sets
            }
            CollectionKind::Tasks | CollectionKind::Journal => {
                let request = FindCalendarHomeSet::new(&principal);
                self.run(&principal, self.client.request(request))?
                    .home_sets
            }
        };
        Ok(homes.iter().map(path_of).collect())
    }

    /// The collections a PROPFIND at `href` describes, and the server's time of the answer.
    fn propfind(
        &self,
        href: &str,
        depth: Depth,
    ) -> Result<(Vec<Found>, Option<DateTime<FixedOffset>>), SyncError> {
        let request = Propfind::new(href)
            .with_properties(&[
                &names::RESOURCETYPE,
                &names::DISPLAY_NAME,
                &names::SUPPORTED_REPORT_SET,
                &names::SUPPORTED_CALENDAR_COMPONENT_SET,
                &GETLASTMODIFIED,
            ])
            .with_depth(depth);
        let (response, said_at) = self.run(href, self.client.request(Dated(request)))?;
        let found = self.run(href, async { collections(&response.body) })?;
        Ok((found, said_at))
    }

    fn create_collection(&self, kind: CollectionKind, href: &str) -> Result<(), SyncError> {
        let name = kind.default_name();
        match kind {
            CollectionKind::Addressbook => {
                let request = CreateAddressBook::new(href).with_display_name(name);
                self.run(href, self.client.request(request))?;
            }
            CollectionKind::Tasks | CollectionKind::Journal => {
                let component = if kind == CollectionKind::Tasks {
                    CalendarComponent::VTodo
                } else {
                    CalendarComponent::VJournal
                };
                let components = [component];
                let request = CreateCalendar::new(href)
                    .with_display_name(name)
                    .with_components(&components);
                self.run(href, self.client.request(request))?;
            }
        }
        Ok(())
    }
}

/// A URI's path as an href in libdav's normal form.
fn path_of(uri: &http::Uri) -> String {
    let path = uri.path();
    normalise_percent_encoded(path).map_or_else(|_| path.to_string(), Into::into)
}

/// Reads the collections of a PROPFIND multistatus; properties reported as missing are ignored.
pub fn collections(body: &[u8]) -> Result<Vec<Found>, DavError> {
    let doc = roxmltree::Document::parse(std::str::from_utf8(body)?)?;
    let mut found = Vec::new();
    for response in doc
        .root_element()
        .children()
        .filter(|n| n.tag_name() == names::RESPONSE)
    {
        let href = response
            .children()
            .find(|n| n.tag_name() == names::HREF)
            .and_then(|n| n.text())
            .ok_or(WebDavError::MissingData("href"))?;
        let href = normalise_percent_encoded(href.trim())?.into_owned();
        let props: Vec<Node> = response
            .children()
            .filter(|n| n.tag_name() == names::PROPSTAT && propstat_ok(*n))
            .flat_map(|propstat| propstat.descendants())
            .collect();
        let has = |name| props.iter().any(|n| n.tag_name() == name);
        let components = props
            .iter()
            .find(|n| n.tag_name() == names::SUPPORTED_CALENDAR_COMPONENT_SET)
            .map(|set| {
                set.children()
                    .filter(|n| n.tag_name() == names::COMP)
                    .filter_map(|n| n.attribute("name").map(str::to_string))
                    .collect()
            });
        found.push(Found {
            name: props
                .iter()
                .find(|n| n.tag_name() == names::DISPLAY_NAME)
                .and_then(|n| n.text())
                .map(str::to_string),
            is_addressbook: has(names::ADDRESSBOOK),
            is_calendar: has(names::CALENDAR),
            components,
            supports_sync: has(names::SYNC_COLLECTION),
            modified: props
                .iter()
                .find(|n| n.tag_name() == GETLASTMODIFIED)
                .and_then(|n| n.text())
                .and_then(http_date),
            href,
        });
    }
    Ok(found)
}

/// A PROPFIND whose answer keeps the server's Date header: the moment its properties were true.
struct Dated<'a>(Propfind<'a>);

impl DavRequest for Dated<'_> {
    type Response = (PropfindResponse, Option<DateTime<FixedOffset>>);
    type ParseError = ParseResponseError;
    type Error<E> = WebDavError<E>;

    fn prepare_request(&self, base_url: http::Uri) -> Result<http::Request<String>, http::Error> {
        self.0.prepare_request(base_url)
    }

    fn parse_response(
        &self,
        parts: &http::response::Parts,
        body: &[u8],
    ) -> Result<Self::Response, ParseResponseError> {
        let response = self.0.parse_response(parts, body)?;
        let said_at = parts
            .headers
            .get(http::header::DATE)
            .and_then(|value| value.to_str().ok())
            .and_then(http_date);
        Ok((response, said_at))
    }
}

/// Reads an HTTP date ("Mon, 30 Nov 2026 16:18:18 GMT"); none for anything else.
pub fn http_date(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc2822(text.trim()).ok()
}

/// True for a propstat whose status is success (or missing).
fn propstat_ok(propstat: Node) -> bool {
    propstat
        .children()
        .find(|n| n.tag_name() == names::STATUS)
        .and_then(|n| n.text())
        .is_none_or(|line| {
            libdav::xmlutils::parse_statusline(line.trim()).is_ok_and(|s| s.is_success())
        })
}

#[cfg(test)]
mod tests;
