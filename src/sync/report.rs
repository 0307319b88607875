//! The RFC 6578 `sync-collection` REPORT, which libdav 0.10.6 does not have, as a libdav
//! [`DavRequest`]: what changed in a collection since a sync token, and the new token; asked with
//! the records' data, also their texts (the listing after a one-request upload takes every record
//! back in one answer instead of a hundred at a time).

use super::dav::Fetched;
use http::{Method, Request, StatusCode, Uri};
use libdav::PropertyName;
use libdav::dav::{WebDavError, make_relative_url};
use libdav::encoding::normalise_percent_encoded;
use libdav::names;
use libdav::requests::{DavRequest, ParseResponseError, xml_content_type_header};
use libdav::xmlutils::{XmlNode, normalise_newlines, parse_statusline};
use roxmltree::Node;

/// The root of every WebDAV multistatus answer.
const MULTISTATUS: PropertyName = PropertyName::new(names::DAV, "multistatus");

/// The precondition a server names when it no longer knows a token.
const VALID_SYNC_TOKEN: PropertyName = PropertyName::new(names::DAV, "valid-sync-token");

/// A `sync-collection` REPORT of `collection` since `token` (empty: the whole collection).
#[derive(Debug, Clone)]
pub struct SyncCollection<'a> {
    collection: &'a str,
    token: &'a str,
    /// The property that holds a record's text (`address-data`, `calendar-data`), when asked for.
    data: Option<&'static PropertyName<'static, 'static>>,
}

impl<'a> SyncCollection<'a> {
    /// The changes of the collection at href `collection` since `token`; an empty token asks for
    /// every member.
    pub fn new(collection: &'a str, token: &'a str) -> Self {
        Self {
            collection,
            token,
            data: None,
        }
    }

    /// Asks for each changed member's text too, held in the property `data`.
    pub fn with_data(self, data: &'static PropertyName<'static, 'static>) -> Self {
        Self {
            data: Some(data),
            ..self
        }
    }
}

/// A member that is new or changed: its href (libdav's normal form) and its ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Where it is.
    pub href: String,
    /// Its version.
    pub etag: String,
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncReport {
    /// The changes since the token and the token to ask with next time.
    Changes {
        /// New or changed members.
        changed: Vec<Member>,
        /// Hrefs of members removed since the token.
        deleted: Vec<String>,
        /// The new token.
        token: String,
        /// The server sent only part of the changes (507 on the collection): ask again with `token`.
        truncated: bool,
        /// The texts of changed members, when asked for (a server may leave some or all out).
        texts: Vec<Fetched>,
    },
    /// The token is unknown to the server (expired or from another collection): list it all.
    InvalidToken,
}

impl DavRequest for SyncCollection<'_> {
    type Response = SyncReport;
    type ParseError = ParseResponseError;
    type Error<E> = WebDavError<E>;

    fn prepare_request(&self, base_url: Uri) -> Result<Request<String>, http::Error> {
        let mut wanted = vec![XmlNode::new(&names::GETETAG)];
        if let Some(data) = self.data {
            wanted.push(XmlNode::new(data));
        }
        let prop = XmlNode::new(&names::PROP).with_children(wanted);
        let body = XmlNode::new(&names::SYNC_COLLECTION)
            .with_children(vec![
                XmlNode::new(&names::SYNC_TOKEN).with_text(self.token),
                XmlNode::new(&names::SYNC_LEVEL).with_text("1"),
                prop,
            ])
            .render_node();
        let (name, value) = xml_content_type_header();
        Request::builder()
            .method(Method::from_bytes(b"REPORT")?)
            .uri(make_relative_url(base_url, self.collection)?)
            .header(name, value)
            .body(format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{body}"
            ))
    }

    fn parse_response(
        &self,
        parts: &http::response::Parts,
        body: &[u8],
    ) -> Result<SyncReport, ParseResponseError> {
        if !parts.status.is_success() {
            if parts.status.is_client_error() && names_invalid_token(body) {
                return Ok(SyncReport::InvalidToken);
            }
            return Err(ParseResponseError::BadStatusCode(parts.status));
        }
        parse_multistatus(body, self.collection, self.data)
    }
}

/// True when an error body names the `valid-sync-token` precondition.
fn names_invalid_token(body: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    roxmltree::Document::parse(text).is_ok_and(|doc| {
        doc.descendants()
            .any(|node| node.tag_name() == VALID_SYNC_TOKEN)
    })
}

/// Reads the multistatus of a sync-collection REPORT; with `data`, also the members' texts.
fn parse_multistatus(
    body: &[u8],
    collection: &str,
    data: Option<&PropertyName>,
) -> Result<SyncReport, ParseResponseError> {
    let doc = roxmltree::Document::parse(std::str::from_utf8(body)?)?;
    let root = doc.root_element();
    if root.tag_name() != MULTISTATUS {
        return Err(invalid("the answer is no multistatus"));
    }
    let token = root
        .children()
        .find(|node| node.tag_name() == names::SYNC_TOKEN)
        .and_then(|node| node.text())
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| invalid("the answer has no sync-token"))?
        .to_string();
    let own = normalise_percent_encoded(collection)?;
    let (mut changed, mut deleted, mut truncated) = (Vec::new(), Vec::new(), false);
    let mut texts = Vec::new();
    for response in root.children().filter(|n| n.tag_name() == names::RESPONSE) {
        let href = href_of(response)?;
        let status = response_status(response)?;
        if href == own || href.trim_end_matches('/') == own.trim_end_matches('/') {
            truncated |= status == Some(StatusCode::INSUFFICIENT_STORAGE);
            continue;
        }
        match status {
            Some(StatusCode::NOT_FOUND) => deleted.push(href),
            Some(status) if !status.is_success() => {
                return Err(ParseResponseError::BadStatusCode(status));
            }
            _ if is_collection(response) => {}
            _ => {
                let etag = etag_of(response)?;
                if let Some(body) = data.and_then(|data| found_text(response, data)) {
                    texts.push(Fetched {
                        href: href.clone(),
                        body,
                        etag: etag.clone(),
                    });
                }
                changed.push(Member { etag, href });
            }
        }
    }
    Ok(SyncReport::Changes {
        changed,
        deleted,
        token,
        truncated,
        texts,
    })
}

fn invalid(what: &str) -> ParseResponseError {
    ParseResponseError::InvalidResponse(what.to_string())
}

/// A response's href in libdav's normal form; a full URL is cut to its path.
fn href_of(response: Node) -> Result<String, ParseResponseError> {
    let text = response
        .children()
        .find(|node| node.tag_name() == names::HREF)
        .and_then(|node| node.text())
        .map(str::trim)
        .ok_or_else(|| invalid("a response has no href"))?;
    let path = match text.parse::<Uri>() {
        Ok(url) if url.scheme().is_some() => url.path().to_string(),
        _ => text.to_string(),
    };
    Ok(normalise_percent_encoded(&path)?.into_owned())
}

/// The status a response gives for the member itself (not for a property), if any.
fn response_status(response: Node) -> Result<Option<StatusCode>, ParseResponseError> {
    response
        .children()
        .find(|node| node.tag_name() == names::STATUS)
        .map(|node| parse_statusline(node.text().unwrap_or_default().trim()))
        .transpose()
        .map_err(ParseResponseError::from)
}

/// The ETag from the propstat that succeeded.
fn etag_of(response: Node) -> Result<String, ParseResponseError> {
    found(response, &names::GETETAG)
        .and_then(|node| node.text())
        .map(|etag| etag.trim().to_string())
        .filter(|etag| !etag.is_empty())
        .ok_or_else(|| invalid("a changed member has no etag"))
}

/// A record's text from the propstat that succeeded, its line ends made CRLF again (an XML parser
/// reads CRLF as LF); none when the server left it out.
fn found_text(response: Node, data: &PropertyName) -> Option<String> {
    found(response, data)
        .and_then(|node| node.text())
        .filter(|text| !text.trim().is_empty())
        .map(normalise_newlines)
}

/// The property `name` in a propstat of `response` that succeeded.
fn found<'a, 'input>(response: Node<'a, 'input>, name: &PropertyName) -> Option<Node<'a, 'input>> {
    response
        .children()
        .filter(|node| node.tag_name() == names::PROPSTAT)
        .filter(|propstat| {
            response_status(*propstat).is_ok_and(|s| s.is_none_or(|s| s.is_success()))
        })
        .flat_map(|propstat| propstat.descendants())
        .find(|node| node.tag_name() == *name)
}

fn is_collection(response: Node) -> bool {
    response
        .descendants()
        .find(|node| node.tag_name() == names::RESOURCETYPE)
        .is_some_and(|rt| rt.children().any(|n| n.tag_name() == names::COLLECTION))
}

#[cfg(test)]
mod tests;
