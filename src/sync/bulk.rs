//! The first upload into an empty collection in one request. Radicale (and servers like it) take a
//! PUT of a whole address book or calendar on the collection itself, which is how their imports work;
//! one record at a time, Radicale checks every new record's UID against every record it holds, so
//! 18,000 promises would take it hours. A server that does not take such a PUT answers with an error
//! status, and the sync then sends the records one by one as always.

use super::dav::{CollectionKind, Dav};
use super::error::SyncError;
use http::{Method, Request, header};
use std::time::Duration;

/// How many new records make the one-request upload worth trying.
pub const BULK_MIN: usize = 50;

/// The longest one upload may take.
const BULK_TIMEOUT: Duration = Duration::from_secs(600);

impl Dav {
    /// Puts `records` (texts as [`super::records::Mapper::text`] writes them) into the empty
    /// collection at `collection` in one request. `Ok(false)` when the server does not take it.
    pub fn fill_empty(
        &self,
        kind: CollectionKind,
        collection: &str,
        records: &[String],
    ) -> Result<bool, SyncError> {
        let body = match kind {
            CollectionKind::Addressbook => records.concat(),
            CollectionKind::Tasks | CollectionKind::Journal => one_calendar(records),
        };
        let uri = self
            .client
            .relative_uri(collection)
            .map_err(|e| SyncError::BadUrl {
                url: format!("{collection} ({e})"),
            })?;
        let request = Request::builder()
            .method(Method::PUT)
            .uri(uri)
            .header(header::CONTENT_TYPE, kind.content_type())
            .body(body)
            .map_err(|e| SyncError::BadUrl {
                url: format!("{collection} ({e})"),
            })?;
        let answer = self.runtime.block_on(async {
            tokio::time::timeout(BULK_TIMEOUT, self.client.request_raw(request)).await
        });
        let (head, _) = match answer {
            Err(_) => {
                return Err(SyncError::Timeout {
                    host: self
                        .client
                        .base_url()
                        .host()
                        .unwrap_or_default()
                        .to_string(),
                    seconds: BULK_TIMEOUT.as_secs(),
                });
            }
            Ok(Err(e)) => return Err(self.classify(e.into(), collection)),
            Ok(Ok(answer)) => answer,
        };
        match head.status.as_u16() {
            200..=299 => Ok(true),
            401 => Err(self.classify(
                libdav::dav::WebDavError::BadStatusCode(head.status),
                collection,
            )),
            _ => Ok(false),
        }
    }
}

/// The components of many one-record calendars in one VCALENDAR.
fn one_calendar(records: &[String]) -> String {
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rapport//rapport//EN\r\n");
    for text in records {
        out.push_str(components(text));
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// The part of a one-record calendar between its header and its `END:VCALENDAR`: its components.
fn components(text: &str) -> &str {
    let start = text
        .match_indices("\r\nBEGIN:")
        .map(|(i, _)| i + 2)
        .find(|i| !text[*i..].starts_with("BEGIN:VCALENDAR"))
        .unwrap_or(text.len());
    let end = text.rfind("END:VCALENDAR").unwrap_or(text.len()).max(start);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendars_become_one_with_every_component() {
        let one = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTODO\r\nUID:1\r\nBEGIN:VALARM\r\n\
                   ACTION:DISPLAY\r\nEND:VALARM\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        let two = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:X\r\nEND:VTIMEZONE\r\n\
                   BEGIN:VTODO\r\nUID:2\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        assert_eq!(
            one_calendar(&[one.into(), two.into()]),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rapport//rapport//EN\r\n\
             BEGIN:VTODO\r\nUID:1\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VTODO\r\n\
             BEGIN:VTIMEZONE\r\nTZID:X\r\nEND:VTIMEZONE\r\nBEGIN:VTODO\r\nUID:2\r\nEND:VTODO\r\n\
             END:VCALENDAR\r\n"
        );
        assert_eq!(components("no calendar"), "");
    }
}
