//! The DAV servers the sync tests use start, answer, and refuse a wrong password (the harness in
//! tests/common/dav.rs and the phone client tests/tools/dav_phone.py, checked on their own).

mod common;

use common::dav::{DavServer, Flavour, PASSWORD, phone};

#[test]
fn both_servers_start_and_answer_and_radicale_checks_the_password() {
    let servers = DavServer::each();
    if servers.is_empty() {
        return;
    }
    for server in &servers {
        assert_eq!(
            phone(server, PASSWORD, &["status", "/"]),
            "207",
            "{:?}",
            server.flavour
        );
    }
    let radicale = servers
        .iter()
        .find(|s| s.flavour == Flavour::Radicale)
        .expect("both started");
    assert_eq!(phone(radicale, "falsch", &["status", "/"]), "401");
}
