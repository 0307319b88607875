//! The MCP server's `who_needs_attention` and `search` tools in-process (no process start, no
//! protocol framing) against the queries the command line runs for `due --json` and
//! `search --json --groups`, on the generated 100k journal with five contacts marked private (budget:
//! within 2x of the command line). Run with `cargo bench --bench mcp`.

mod common;

use common::{data_dir, imported_db};
use rapport::clock::Clock;
use rapport::domain::rules::CadenceDefaults;
use rapport::mcp::Journal;
use rapport::mcp::args::{AttentionArgs, SearchArgs};
use rapport::store::{SearchFilter, Store};
use rmcp::handler::server::wrapper::Parameters;
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const QUERIES: [&str; 3] = ["Förderantrag", "vertrau*", "muller"];

fn clock() -> Clock {
    Clock::fixed(chrono::DateTime::parse_from_rfc3339("2026-11-01T10:00:00+01:00").expect("now"))
}

/// A copy of the benchmark journal with five contacts marked private, built once.
fn private_db() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = data_dir().join("bench-private.db");
        if !path.exists() {
            let building = data_dir().join("bench-private.db.part");
            std::fs::copy(imported_db(), &building).expect("copy");
            let mut store = Store::open(&building).expect("open");
            for id in [3, 50, 700, 1231, 1900] {
                let (mut contact, _) = store.contact(id).expect("contact");
                contact.private = true;
                store.update_contact(&contact).expect("mark private");
            }
            drop(store);
            std::fs::rename(&building, &path).expect("rename");
        }
        path
    })
}

fn store() -> Store {
    Store::open(private_db()).expect("open benchmark database")
}

/// What `due --json` computes: the neglect list and its records as JSON.
#[divan::bench]
fn cli_due(bencher: divan::Bencher) {
    let store = store();
    let defaults = CadenceDefaults::default();
    let today = clock().today();
    bencher.bench_local(|| {
        let list = rapport::insight::neglect_list(&store, &defaults, today, false).expect("due");
        serde_json::to_string_pretty(&rapport::report::due_records(&list)).expect("json")
    });
}

/// The `who_needs_attention` tool: the same list without private contacts, with reasons in words.
#[divan::bench]
fn mcp_who_needs_attention(bencher: divan::Bencher) {
    let journal = Journal::new(store(), CadenceDefaults::default(), clock(), false);
    bencher.bench_local(|| {
        journal
            .who_needs_attention(Parameters(AttentionArgs::default()))
            .expect("who_needs_attention")
    });
}

/// What `search QUERY --json --groups` computes: the three groups, newest 20, as JSON.
#[divan::bench(args = QUERIES)]
fn cli_search(bencher: divan::Bencher, query: &str) {
    let store = store();
    bencher.bench_local(|| {
        let results = store
            .search_all(query, &SearchFilter::default(), 20)
            .expect("search");
        serde_json::to_string_pretty(&rapport::report::search_json(&results)).expect("json")
    });
}

/// The `search` tool with the same query and limit, private contacts left out.
#[divan::bench(args = QUERIES)]
fn mcp_search(bencher: divan::Bencher, query: &str) {
    let journal = Journal::new(store(), CadenceDefaults::default(), clock(), false);
    bencher.bench_local(|| {
        journal
            .search(Parameters(SearchArgs {
                query: query.to_string(),
                ..SearchArgs::default()
            }))
            .expect("search")
    });
}

/// The parts of `who_needs_attention` beyond the neglect list: what is hidden, and the reasons.
#[divan::bench]
fn parts_hidden(bencher: divan::Bencher) {
    let store = store();
    bencher.bench_local(|| rapport::report::Hidden::of(&store).expect("hidden"));
}

/// The reasons in words for every contact of the list.
#[divan::bench]
fn parts_reasons(bencher: divan::Bencher) {
    let store = store();
    let today = clock().today();
    let list = rapport::insight::neglect_list(&store, &CadenceDefaults::default(), today, false)
        .expect("due");
    bencher.bench_local(|| {
        list.iter()
            .map(|c| rapport::display::reasons(c, today).join("; "))
            .collect::<Vec<_>>()
    });
}

/// Taking the promises made with private contacts out of the reasons.
#[divan::bench]
fn parts_unname(bencher: divan::Bencher) {
    let store = store();
    let today = clock().today();
    let hidden = rapport::report::Hidden::of(&store).expect("hidden");
    let list = rapport::insight::neglect_list(&store, &CadenceDefaults::default(), today, false)
        .expect("due");
    bencher.bench_local(|| {
        let mut list = list.clone();
        hidden
            .unname_promises(&store, today, &mut list)
            .expect("unname");
        list
    });
}
