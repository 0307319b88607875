use super::*;

#[test]
fn hrefs_of_new_records_are_safe_on_every_server_and_stable() {
    let book = CollectionKind::Addressbook;
    assert_eq!(
        href_for(
            "/anna/rapport/",
            "0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
            book
        ),
        "/anna/rapport/0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab.vcf"
    );
    assert_eq!(
        href_for("/anna/rapport", "urn:uuid:a b/1_%ä", CollectionKind::Tasks),
        "/anna/rapport/urn_3Auuid_3Aa_20b_2F1_5F_25_C3_A4.ics"
    );
    // Different uids never share an href; the same uid always gets the same one.
    assert_ne!(href_for("/c/", "a_", book), href_for("/c/", "a_5F", book));
    assert_eq!(href_for("/c/", "x", book), href_for("/c/", "x", book));
    let long = "x".repeat(500);
    let href = href_for("/c/", &long, book);
    assert_eq!(href.len(), "/c/".len() + 120 + ".vcf".len());
    assert_ne!(href, href_for("/c/", &"x".repeat(501), book));
}

#[test]
fn statuses_become_the_errors_the_user_reads() {
    let host = || "dav.example.org".to_string();
    assert!(matches!(
        status_error(host(), StatusCode::UNAUTHORIZED, "/x/"),
        SyncError::Unauthorized { .. }
    ));
    let e = status_error(host(), StatusCode::BAD_GATEWAY, "/x/");
    assert_eq!(
        e.to_string(),
        "dav.example.org answered 502 Bad Gateway for /x/"
    );
}
