use super::*;

const HOME: &str = r#"<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:response><d:href>/anna/</d:href>
    <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop>
      <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
  <d:response><d:href>/anna/work/</d:href>
    <d:propstat><d:prop><d:displayname>rapport-promises</d:displayname>
      <d:resourcetype><d:collection/><c:calendar/></d:resourcetype>
      <c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set>
    </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
  <d:response><d:href>/anna/rapport%2Dpromises/</d:href>
    <d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype>
      <d:supported-report-set><d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report></d:supported-report-set>
      <d:getlastmodified>Mon, 30 Nov 2026 16:18:18 GMT</d:getlastmodified>
    </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
    <d:propstat><d:prop><d:displayname/><c:supported-calendar-component-set/></d:prop>
      <d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>
</d:multistatus>"#;

#[test]
fn rapports_collection_is_found_by_name_and_component() {
    let found = collections(HOME.as_bytes()).unwrap();
    assert_eq!(found.len(), 3);
    // Named right but holding only events: not ours.
    assert!(!found[1].is_rapports(CollectionKind::Tasks));
    // Named by its last segment; the properties reported missing (404) are ignored.
    let own = &found[2];
    assert_eq!(own.href, "/anna/rapport-promises/");
    assert_eq!(own.name, None);
    assert_eq!(own.components, None);
    assert!(own.supports_sync && own.is_rapports(CollectionKind::Tasks));
    assert_eq!(own.modified, http_date("Mon, 30 Nov 2026 16:18:18 +0000"));
    assert!(own.modified.is_some() && found[1].modified.is_none());
    assert!(!own.is_rapports(CollectionKind::Journal));
    assert!(!own.is_rapports(CollectionKind::Addressbook));
}

#[test]
fn a_malformed_listing_is_an_error() {
    assert!(collections(b"<d:multistatus xmlns:d=\"DAV:\"><d:response>").is_err());
    assert!(collections(b"<d:multistatus xmlns:d=\"DAV:\"><d:response/></d:multistatus>").is_err());
    assert!(collections(&[0xc3]).is_err());
}

#[test]
fn http_dates_are_read_in_their_one_form_and_nothing_else_is() {
    let read = http_date("Mon, 30 Nov 2026 16:18:18 GMT").unwrap();
    assert_eq!(read.to_rfc3339(), "2026-11-30T16:18:18+00:00");
    for bad in [
        "",
        "yesterday",
        "2026-11-30T16:18:18Z",
        "Mon, 31 Nov 2026 16:18:18 GMT",
    ] {
        assert_eq!(http_date(bad), None, "{bad}");
    }
}
