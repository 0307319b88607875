use super::*;

fn parts(status: u16) -> http::response::Parts {
    let (parts, ()) = http::Response::builder()
        .status(status)
        .body(())
        .unwrap()
        .into_parts();
    parts
}

const CHANGES: &str = r#"<?xml version="1.0"?>
<multistatus xmlns="DAV:">
  <response>
    <href>/anna/rapport/a%20b.vcf</href>
    <propstat><prop><getetag>"e1"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat>
  </response>
  <response>
    <href>http://127.0.0.1:5232/anna/rapport/c%3Ad.vcf</href>
    <propstat><prop><getetag>"e2"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat>
  </response>
  <response>
    <href>/anna/rapport/gone.vcf</href>
    <status>HTTP/1.1 404 Not Found</status>
  </response>
  <sync-token>http://radicale.org/ns/sync/abc</sync-token>
</multistatus>"#;

#[test]
fn changes_deletions_and_the_new_token_are_read() {
    let request = SyncCollection::new("/anna/rapport/", "old");
    let report = request
        .parse_response(&parts(207), CHANGES.as_bytes())
        .unwrap();
    assert_eq!(
        report,
        SyncReport::Changes {
            changed: vec![
                Member {
                    href: "/anna/rapport/a b.vcf".into(),
                    etag: "\"e1\"".into()
                },
                Member {
                    href: "/anna/rapport/c%3Ad.vcf".into(),
                    etag: "\"e2\"".into()
                },
            ],
            deleted: vec!["/anna/rapport/gone.vcf".into()],
            token: "http://radicale.org/ns/sync/abc".into(),
            truncated: false,
            texts: vec![],
        }
    );
}

#[test]
fn a_truncated_answer_says_so() {
    let body = r#"<d:multistatus xmlns:d="DAV:">
      <d:response><d:href>/anna/rapport/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response>
      <d:sync-token>t2</d:sync-token></d:multistatus>"#;
    let report = SyncCollection::new("/anna/rapport/", "t1")
        .parse_response(&parts(207), body.as_bytes())
        .unwrap();
    assert!(
        matches!(report, SyncReport::Changes { truncated: true, ref token, .. } if token == "t2")
    );
}

#[test]
fn an_unknown_token_is_an_outcome_not_an_error() {
    let body = r#"<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>"#;
    for status in [403, 409] {
        let report = SyncCollection::new("/c/", "stale")
            .parse_response(&parts(status), body.as_bytes())
            .unwrap();
        assert_eq!(report, SyncReport::InvalidToken);
    }
    let err = SyncCollection::new("/c/", "stale")
        .parse_response(&parts(403), b"forbidden")
        .unwrap_err();
    assert!(matches!(err, ParseResponseError::BadStatusCode(s) if s == 403));
}

#[test]
fn malformed_answers_are_errors_not_panics() {
    let request = SyncCollection::new("/c/", "");
    for body in [
        "<multistatus xmlns=\"DAV:\"><response>",
        "<other xmlns=\"DAV:\"/>",
        "<multistatus xmlns=\"DAV:\"></multistatus>",
        "<multistatus xmlns=\"DAV:\"><response><propstat/></response><sync-token>t</sync-token></multistatus>",
        "<multistatus xmlns=\"DAV:\"><response><href>/c/x</href><propstat><prop/></propstat></response><sync-token>t</sync-token></multistatus>",
        "<multistatus xmlns=\"DAV:\"><response><href>/c/%zz</href></response><sync-token>t</sync-token></multistatus>",
    ] {
        assert!(
            request
                .parse_response(&parts(207), body.as_bytes())
                .is_err(),
            "{body}"
        );
    }
    assert!(request.parse_response(&parts(207), &[0xff, 0xfe]).is_err());
}

#[test]
fn the_request_escapes_the_token() {
    let request = SyncCollection::new("/c/", "a<b&c")
        .prepare_request(Uri::from_static("http://127.0.0.1:1/"))
        .unwrap();
    assert_eq!(request.method().as_str(), "REPORT");
    assert!(
        request.body().contains("a&lt;b&amp;c"),
        "{}",
        request.body()
    );
    assert!(request.body().contains("sync-level"));
}

#[test]
fn texts_asked_for_come_with_crlf_and_a_member_without_one_is_still_listed() {
    let body = "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">\
      <d:response><d:href>/c/a.ics</d:href><d:propstat><d:prop><d:getetag>\"1\"</d:getetag>\
      <c:calendar-data>BEGIN:VCALENDAR\nUID:a\nEND:VCALENDAR\n</c:calendar-data></d:prop>\
      <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>\
      <d:response><d:href>/c/b.ics</d:href><d:propstat><d:prop><d:getetag>\"2\"</d:getetag></d:prop>\
      <d:status>HTTP/1.1 200 OK</d:status></d:propstat><d:propstat><d:prop><c:calendar-data/></d:prop>\
      <d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>\
      <d:sync-token>t</d:sync-token></d:multistatus>";
    let request = SyncCollection::new("/c/", "").with_data(&names::CALENDAR_DATA);
    let prepared = request
        .prepare_request(Uri::from_static("http://127.0.0.1:1/"))
        .unwrap();
    assert!(
        prepared.body().contains("calendar-data"),
        "{}",
        prepared.body()
    );
    let SyncReport::Changes { changed, texts, .. } = request
        .parse_response(&parts(207), body.as_bytes())
        .unwrap()
    else {
        panic!("no changes");
    };
    assert_eq!(changed.len(), 2);
    assert_eq!(
        texts,
        vec![Fetched {
            href: "/c/a.ics".into(),
            body: "BEGIN:VCALENDAR\r\nUID:a\r\nEND:VCALENDAR\r\n".into(),
            etag: "\"1\"".into(),
        }]
    );
    // Not asked: no texts, and the request names no data.
    let plain = SyncCollection::new("/c/", "");
    let SyncReport::Changes { texts, .. } =
        plain.parse_response(&parts(207), body.as_bytes()).unwrap()
    else {
        panic!("no changes");
    };
    assert!(texts.is_empty());
    let prepared = plain
        .prepare_request(Uri::from_static("http://127.0.0.1:1/"))
        .unwrap();
    assert!(!prepared.body().contains("calendar-data"));
}
