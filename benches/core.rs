//! Benchmarks of the core operations on the generated data set (2,000 contacts, 100,000 entries).
//! Run with `cargo bench --bench core`; the data set is generated once into `target/bench-data/`
//! with `../shared/tools/gen_dataset.py` (seed 42) and imported once into a benchmark database.

mod common;

use common::{BUSIEST_CONTACT, dataset_json, imported_db};
use rapport::domain::rules::CadenceDefaults;
use rapport::store::Store;
use rapport::transfer::json;

fn main() {
    divan::main();
}

fn store() -> Store {
    Store::open(imported_db()).expect("open benchmark database")
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date")
}

/// Importing the whole data set into a fresh database (parse included).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn import_100k(bencher: divan::Bencher) {
    let text = std::fs::read_to_string(dataset_json()).expect("read");
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let store = Store::open(&dir.path().join("import.db")).expect("open");
            (dir, store)
        })
        .bench_local_values(|(dir, mut store)| {
            json::import(text.as_bytes(), &mut store, false, |_| {}).expect("import");
            drop(store);
            dir
        });
}

/// 10,000 generated vCards, each with an ~8 KB base64 photo, an address, two emails and a phone.
fn address_book() -> String {
    let mut photo = String::with_capacity(8192);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut x: u32 = 42;
    while photo.len() < 8192 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        photo.push(char::from(alphabet[(x >> 16) as usize % 64]));
    }
    let folded: Vec<&str> = photo
        .as_bytes()
        .chunks(74)
        .map(|c| std::str::from_utf8(c).expect("ASCII"))
        .collect();
    let photo = folded.join("\r\n ");
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller{i};Jürgen;;Dr.;\r\nFN:Dr. Jürgen Müller{i}\r\n\
             ORG:Firma {i} GmbH;Vertrieb\r\nEMAIL;type=INTERNET;type=pref:person{i}@example.org\r\n\
             EMAIL;type=INTERNET;type=HOME:p{i}@home.example\r\nTEL;type=CELL:+49 171 {i:07}\r\n\
             item1.ADR;type=WORK:;;Hafenstraße {i};Hamburg;;20457;Deutschland\r\n\
             item1.X-ABADR:de\r\nPHOTO;ENCODING=b;TYPE=JPEG:{photo}\r\nEND:VCARD\r\n"
        ));
    }
    text
}

/// Importing 10,000 vCards with photos and addresses into a fresh journal, as `rapport import
/// --format vcard` does (budget: under 5 s).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn import_10k_vcards(bencher: divan::Bencher) {
    use rapport::transfer::contact_import::ContactImport;
    use rapport::transfer::vcard::CardReader;
    let text = address_book();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").expect("instant");
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let store = Store::open(&dir.path().join("cards.db")).expect("open");
            (dir, store)
        })
        .bench_local_values(|(dir, mut store)| {
            let mut session = store.begin_address_book_import().expect("begin");
            let mut import = ContactImport::new(session.last_known(), now);
            for card in CardReader::new(text.as_bytes()) {
                import
                    .card(&mut session, &card.expect("card"))
                    .expect("import");
            }
            session.finish(false).expect("commit");
            assert_eq!(import.counts().created, 10_000);
            drop(store);
            dir
        });
}

/// The neglect list: every active contact's status and flags, most urgent first.
#[divan::bench]
fn due(bencher: divan::Bencher) {
    let store = store();
    let defaults = CadenceDefaults::default();
    bencher.bench_local(|| {
        rapport::insight::neglect_list(&store, &defaults, today(), false).expect("due")
    });
}

/// Full-text search for a word, newest 20 with snippets.
#[divan::bench(args = ["Förderantrag", "vertrau*", "muller"])]
fn search(bencher: divan::Bencher, query: &str) {
    let store = store();
    bencher.bench_local(|| store.search(query, None, 20).expect("search"));
}

/// The first page (20 entries) of the busiest contact's history.
#[divan::bench]
fn busiest_contact_first_page(bencher: divan::Bencher) {
    let store = store();
    bencher.bench_local(|| {
        store
            .entries_page(Some(BUSIEST_CONTACT), None, 20)
            .expect("page")
    });
}

/// The busiest contact's whole history, paged through 50 at a time.
#[divan::bench(sample_count = 10)]
fn busiest_contact_all_pages(bencher: divan::Bencher) {
    let store = store();
    bencher.bench_local(|| {
        let mut cursor = None;
        let mut n = 0;
        loop {
            let page = store
                .entries_page(Some(BUSIEST_CONTACT), cursor, 50)
                .expect("page");
            let Some(last) = page.last() else { break };
            cursor = Some(rapport::store::EntryCursor {
                ts: last.entry.occurred_at.timestamp(),
                id: last.entry.id,
            });
            n += page.len();
        }
        n
    });
}

/// The newest 20 entries of the whole journal.
#[divan::bench]
fn last_20(bencher: divan::Bencher) {
    let store = store();
    bencher.bench_local(|| store.entries_page(None, None, 20).expect("page"));
}

/// One contact's pillar scores (the busiest).
#[divan::bench]
fn pillar_scores(bencher: divan::Bencher) {
    let store = store();
    let (contact, _) = store.contact(BUSIEST_CONTACT).expect("contact");
    let defaults = CadenceDefaults::default();
    bencher.bench_local(|| {
        rapport::insight::pillar_scores(&store, &contact, &defaults, today()).expect("scores")
    });
}

/// `rapport contact duplicates`: every contact's emails, phones and profiles read in one query and
/// paired by the duplicate rules (2,000 contacts).
#[divan::bench]
fn duplicates(bencher: divan::Bencher) {
    let store = store();
    bencher.bench_local(|| {
        let people = store.duplicate_people().expect("people");
        rapport::domain::duplicates::find(&people)
    });
}

/// The same on 2,000 contacts from an address book: each with two further emails, two further
/// phones, an address and a photo kept on its card, one in ten a second card of someone else.
#[divan::bench]
fn duplicates_with_cards(bencher: divan::Bencher) {
    use rapport::domain::model::{CardProperty, Contact};
    let mut store = Store::open_in_memory().expect("store");
    let created = chrono::DateTime::parse_from_rfc3339("2026-11-01T10:00:00+01:00").expect("date");
    let row = |name: &str, value: String| CardProperty {
        name: name.into(),
        params: "TYPE=work".into(),
        value,
    };
    for i in 0..2_000 {
        let person = if i % 10 == 9 { i - 9 } else { i };
        let mut contact = Contact::new(&format!("Dr. Person {person} Müller"), created);
        contact.company = Some(format!("Firma {} GmbH", person % 97));
        contact.email = Some(format!("p{i}@firma.example"));
        contact.phone = Some(format!("+49 30 {:07}", i));
        let id = store.add_contact(&contact).expect("add");
        let card = vec![
            row("EMAIL", format!("p{i}@home.example")),
            row("item1.EMAIL", format!("p{i}@other.example")),
            row("TEL", format!("0171 {:07}", 1_000_000 + i)),
            row("item2.TEL", format!("+49 89 {:07}", 2_000_000 + i)),
            row("ADR", format!(";;Straße {i};Berlin;;10115;Germany")),
            row("PHOTO", "A".repeat(4_000)),
        ];
        store.set_card_properties(id, &card).expect("card");
    }
    bencher.bench_local(|| {
        let people = store.duplicate_people().expect("people");
        rapport::domain::duplicates::find(&people)
    });
}
