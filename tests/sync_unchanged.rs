//! A sync skips listing a collection whose last modification has not moved (src/sync/unchanged.rs),
//! against a real Radicale that logs each request: a sync with nothing changed sends it no REPORT,
//! and yet no change on the phone is missed, not even one made in the same second as a sync.

mod common;
#[allow(dead_code)]
#[path = "sync_e2e/device.rs"]
mod device;

use common::dav::DavServer;
use device::{Device, Phone, with_lena};
use rapport::store::SyncKind;
use serde_json::Value;
use std::time::Duration;

/// The journal's sync state as `sync status --json` prints it.
fn status(device: &Device) -> Value {
    serde_json::from_str(&device.ok(&["sync", "status", "--json"])).expect("JSON")
}

/// A device with one contact and two promises, synced so that later syncs may skip: the second sync
/// sees its own writes move each collection's last modification (a second after the first sync's),
/// and the third, a second later again, keeps the mark to compare with.
fn settled(server: &DavServer) -> Device {
    let a = with_lena(server);
    let promise = |title: &str, text: &str| {
        a.ok(&[
            "log",
            "Lena Stille",
            "--title",
            title,
            "--promise",
            text,
            "Treffen.",
        ]);
    };
    promise("Rundgang", "Muster schicken");
    assert_eq!(a.sync().pushed, 2);
    std::thread::sleep(Duration::from_millis(1100));
    a.ok(&["contact", "edit", "Lena Stille", "--note", "leise"]);
    promise("Nachfrage", "Preise nennen");
    assert_eq!(a.sync().pushed, 2);
    std::thread::sleep(Duration::from_millis(1100));
    assert!(a.sync().quiet());
    a
}

#[test]
fn a_sync_with_nothing_changed_lists_no_collection_and_a_phone_change_is_still_taken() {
    let Some(server) = DavServer::radicale_logging_requests() else {
        return;
    };
    let a = settled(&server);
    let kinds = status(&a)["kinds"].clone();
    for kind in ["contact", "promise"] {
        assert_eq!(
            kinds[kind]["skips_unchanged"], true,
            "{kind}: the server moved the mark with rapport's own writes: {kinds}"
        );
    }
    let reports = server.requests("REPORT", "");
    assert!(reports >= 4, "the first two syncs listed: {reports}");
    assert!(a.sync().quiet());
    assert!(a.sync().quiet());
    assert_eq!(
        server.requests("REPORT", ""),
        reports,
        "two syncs with nothing changed listed nothing: {}",
        server.log()
    );

    let phone = Phone { server: &server };
    let tasks = phone.find("rapport-promises");
    let (_, uid, _) = phone.records(&tasks).pop().expect("the promise's VTODO");
    let book_reports = server.requests("REPORT", &phone.find("rapport"));
    let task_reports = server.requests("REPORT", &tasks);
    assert!(phone.run(&["tick", &tasks, &uid]).starts_with('2'));
    let counts = a.sync();
    assert_eq!(counts.pulled, 1, "the ticked task: {counts:?}");
    let open = a.listing(&["promise", "list", "--open", "--json"]);
    assert_eq!(open.len(), 1, "the ticked promise is kept now: {open:?}");
    let book = phone.find("rapport");
    assert_eq!(
        server.requests("REPORT", &book),
        book_reports,
        "the address book, unchanged, was not listed: {}",
        server.log()
    );
    assert_eq!(
        server.requests("REPORT", &tasks),
        task_reports + 2,
        "the tasks were listed and the ticked one fetched"
    );
}

#[test]
fn a_phone_change_in_the_same_second_as_the_sync_before_is_not_missed() {
    let Some(server) = DavServer::radicale_logging_requests() else {
        return;
    };
    let a = settled(&server);
    let phone = Phone { server: &server };
    let book = phone.find("rapport");
    let (card, _, _) = phone.records(&book).pop().expect("the card");
    // Change, sync, change again at once: most of these land in the second of the sync before,
    // whose listing saw the collection's last modification in that same second.
    for round in 0..6 {
        let note = format!("Notiz vom Telefon {round}");
        assert!(phone.run(&["set", &card, "NOTE", &note]).starts_with('2'));
        let counts = a.sync();
        assert_eq!(counts.pulled, 1, "round {round}: {counts:?}");
        let lena = a.show("Lena Stille");
        assert_eq!(
            lena["contact"]["notes"],
            note.as_str(),
            "round {round}: {lena}"
        );
    }
}

#[test]
fn after_a_first_upload_in_one_request_the_next_sync_asks_only_what_changed_since() {
    let Some(server) = DavServer::radicale_logging_requests() else {
        return;
    };
    let a = with_lena(&server);
    a.promise_lena(60);
    assert_eq!(a.sync().pushed, 61);
    let tasks = Phone { server: &server }.find("rapport-promises");
    let first = server.listing_sizes(&tasks);
    // The listing that took the upload back carried the records' texts: no multiget followed.
    let multigets = format!("REPORT request for '{tasks}' with depth");
    assert_eq!(
        server.log().matches(&multigets).count(),
        0,
        "{}",
        server.log()
    );
    // Taking back what the server made of the upload wrote nothing to the promises themselves
    // (the server adds a creation time, which is no change of a promise).
    let store = rapport::store::Store::open(&a.sandbox.default_db()).expect("open");
    let promises = store.sync_records(SyncKind::Promise).expect("sync rows");
    assert_eq!(promises.len(), 60);
    assert!(
        promises.iter().all(|r| r.version == 0 && !r.dirty),
        "{promises:?}"
    );
    drop(store);
    assert!(a.sync().quiet());
    let sizes = server.listing_sizes(&tasks);
    let second = &sizes[first.len()..];
    // The listing that took in the upload named all 60; the next one asks from its token, and the
    // answer names none (an answer from the empty collection's token would name all 60 again).
    assert!(first.iter().any(|&size| size > 5_000), "{first:?}");
    assert_eq!(second.len(), 1, "{sizes:?}: {}", server.log());
    assert!(second[0] < 1_000, "{sizes:?}");
}
