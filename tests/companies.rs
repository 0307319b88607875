//! Companies and introductions: the migration from company texts, the store keeping contacts and
//! companies in step, and the `company` commands.

use chrono::{DateTime, FixedOffset};
use rapport::domain::model::{Company, Contact};
use rapport::store::{CompanyMatch, Store, StoreError};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn contact(name: &str, company: Option<&str>) -> Contact {
    let mut c = Contact::new(name, at("2025-01-01T09:00:00+01:00"));
    c.company = company.map(str::to_string);
    c
}

fn one(store: &Store, query: &str) -> Company {
    match store.resolve_company(query).unwrap() {
        CompanyMatch::One(c) => *c,
        other => panic!("{query}: {other:?}"),
    }
}

#[test]
fn journals_of_schema_6_and_7_turn_company_texts_into_companies_without_losing_a_contact() {
    for schema in [6, 7] {
        migrates_company_texts(schema);
    }
}

fn migrates_company_texts(schema: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let spellings = [
        Some("Ankerwerk GmbH"),
        Some("ankerwerk gmbh"),
        Some("ANKERWERK  GMBH "),
        Some("Müller & Söhne KG"),
        Some("Muller & Sohne KG"),
        Some("Hafen AG"),
        Some("   "),
        None,
        Some("渡辺商事"),
    ];
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../assets/migrations/0001_init.sql"),
            include_str!("../assets/migrations/0002_search_order.sql"),
            include_str!("../assets/migrations/0003_review.sql"),
            include_str!("../assets/migrations/0004_overdue_promises.sql"),
            include_str!("../assets/migrations/0005_entry_total.sql"),
            include_str!("../assets/migrations/0006_fact_indexes.sql"),
            include_str!("../assets/migrations/0007_contact_card.sql"),
        ]
        .into_iter()
        .take(schema)
        {
            conn.execute_batch(sql).unwrap();
        }
        for (i, company) in spellings.iter().enumerate() {
            conn.execute(
                "INSERT INTO contacts (name, name_fold, company, created_at)
                 VALUES (?1, ?1, ?2, '2026-01-01T09:00:00+01:00')",
                rusqlite::params![format!("person {i}"), company],
            )
            .unwrap();
        }
        conn.pragma_update(None, "user_version", schema as i64)
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.contact_count().unwrap(), spellings.len() as i64);
    let names: Vec<(String, usize)> = store
        .companies()
        .unwrap()
        .into_iter()
        .map(|row| (row.company.name, row.people))
        .collect();
    assert_eq!(
        names,
        [
            ("Ankerwerk GmbH".to_string(), 3),
            ("Hafen AG".to_string(), 1),
            ("Müller & Söhne KG".to_string(), 2),
            ("渡辺商事".to_string(), 1),
        ]
    );
    // Every contact keeps its text as it was; the ones with a company are linked to it.
    let anker = one(&store, "ankerwerk");
    let people = store.company_people(anker.id).unwrap();
    assert_eq!(people.len(), 3);
    let third = store.contact(people[2]).unwrap().0;
    assert_eq!(third.company.as_deref(), Some("ANKERWERK  GMBH "));
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn every_contact_write_keeps_its_company_in_step() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store
        .add_contact(&contact("Anna", Some("Ankerwerk GmbH")))
        .unwrap();
    let ben = store
        .add_contact(&contact("Ben", Some("ankerwerk GMBH")))
        .unwrap();
    let anker = one(&store, "Ankerwerk GmbH");
    assert_eq!(store.company_people(anker.id).unwrap(), [anna, ben]);
    assert_eq!(store.company_of(ben).unwrap().unwrap().id, anker.id);

    // Ben moves on: a new company is made; Ankerwerk keeps Anna.
    let mut b = store.contact(ben).unwrap().0;
    b.company = Some("Hafen AG".into());
    store.update_contact(&b).unwrap();
    assert_eq!(store.company_people(anker.id).unwrap(), [anna]);
    assert_eq!(one(&store, "hafen").name, "Hafen AG");

    // Clearing unlinks, and a company with nothing of its own and nobody there goes.
    b.company = None;
    store.update_contact(&b).unwrap();
    assert_eq!(store.company_of(ben).unwrap(), None);
    assert_eq!(store.resolve_company("hafen").unwrap(), CompanyMatch::None);

    // A company with notes stays when its last person leaves.
    let mut a = store.contact(anna).unwrap().0;
    let mut company = store.company(anker.id).unwrap();
    company.notes = Some("Rahmenvertrag bis 2027".into());
    store.update_company(&company).unwrap();
    a.company = None;
    store.update_contact(&a).unwrap();
    assert_eq!(store.companies().unwrap()[0].people, 0);
}

#[test]
fn renaming_a_company_rewrites_its_people_and_a_taken_name_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store
        .add_contact(&contact("Anna", Some("Ankerwerk")))
        .unwrap();
    store
        .add_contact(&contact("Ben", Some("Hafen AG")))
        .unwrap();
    let mut anker = one(&store, "anker");
    anker.name = "Ankerwerk GmbH".into();
    anker.website = Some("https://ankerwerk.example".into());
    anker.tags = vec!["Werft".into(), "Nord".into()];
    anker.key_account = true;
    store.update_company(&anker).unwrap();
    assert_eq!(store.company(anker.id).unwrap(), anker);
    assert_eq!(
        store.contact(anna).unwrap().0.company.as_deref(),
        Some("Ankerwerk GmbH")
    );
    anker.name = "HAFEN ag".into();
    let refused = store.update_company(&anker).unwrap_err();
    assert!(
        matches!(refused, StoreError::CompanyTaken { .. }),
        "{refused}"
    );
    assert!(refused.to_string().contains("Hafen AG"), "{refused}");
}

fn card_row(name: &str, value: &str) -> rapport::domain::model::CardProperty {
    rapport::domain::model::CardProperty {
        name: name.into(),
        params: String::new(),
        value: value.into(),
    }
}

/// The kept ORG row said the old company name (with a department); after a rename or a merge it
/// would come back in an export and win on re-import, so it goes, as on a contact edit.
#[test]
fn renaming_or_merging_a_company_drops_its_peoples_stale_org_rows() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store
        .add_contact(&contact("Anna", Some("Ankerwerk")))
        .unwrap();
    let ben = store
        .add_contact(&contact("Ben", Some("Hafen AG")))
        .unwrap();
    let email = card_row("EMAIL", "anna@ankerwerk.example");
    store
        .set_card_properties(anna, &[card_row("ORG", "Ankerwerk;Einkauf"), email.clone()])
        .unwrap();
    store
        .set_card_properties(ben, &[card_row("item1.ORG", "Hafen AG;Werft")])
        .unwrap();
    let mut anker = one(&store, "anker");
    anker.name = "Ankerwerk GmbH".into();
    store.update_company(&anker).unwrap();
    assert_eq!(store.card_properties(anna).unwrap(), [email]);
    let hafen = one(&store, "hafen");
    store.merge_companies(anker.id, hafen.id).unwrap();
    assert!(store.card_properties(ben).unwrap().is_empty());
    // A rename that changes nothing a row says keeps the rows.
    store
        .set_card_properties(anna, &[card_row("ORG", "Ankerwerk GmbH;Einkauf")])
        .unwrap();
    anker.website = Some("https://ankerwerk.example".into());
    store.update_company(&anker).unwrap();
    assert_eq!(store.card_properties(anna).unwrap().len(), 1);
}

#[test]
fn merging_companies_moves_people_tags_and_notes() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add_contact(&contact("Anna", Some("Ankerwerk")))
        .unwrap();
    let ben = store
        .add_contact(&contact("Ben", Some("Ankerwerk Hamburg")))
        .unwrap();
    let keep = one(&store, "Ankerwerk");
    let mut other = one(&store, "Ankerwerk Hamburg");
    other.tags = vec!["Nord".into()];
    other.notes = Some("Werft in Hamburg".into());
    other.key_account = true;
    store.update_company(&other).unwrap();
    assert_eq!(store.merge_companies(keep.id, other.id).unwrap(), 1);
    let merged = store.company(keep.id).unwrap();
    assert_eq!(merged.tags, ["Nord"]);
    assert_eq!(merged.notes.as_deref(), Some("Werft in Hamburg"));
    assert!(merged.key_account);
    assert_eq!(store.company_people(keep.id).unwrap().len(), 2);
    assert_eq!(
        store.contact(ben).unwrap().0.company.as_deref(),
        Some("Ankerwerk")
    );
    assert!(matches!(
        store.company(other.id),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.merge_companies(keep.id, keep.id),
        Err(StoreError::MergeIntoItself)
    ));
}

#[test]
fn a_company_is_found_by_id_whole_name_prefix_or_part() {
    let mut store = Store::open_in_memory().unwrap();
    for company in [
        "Ankerwerk GmbH",
        "Ankerwerk Hamburg",
        "Hafen AG",
        "Müller KG",
    ] {
        store.add_contact(&contact("x", Some(company))).unwrap();
    }
    assert_eq!(one(&store, "hafen").name, "Hafen AG");
    assert_eq!(one(&store, "MULLER").name, "Müller KG");
    assert_eq!(one(&store, "ankerwerk gmbh").name, "Ankerwerk GmbH");
    assert_eq!(one(&store, "hamburg").name, "Ankerwerk Hamburg");
    let id = one(&store, "hafen").id;
    assert_eq!(one(&store, &id.to_string()).name, "Hafen AG");
    assert_eq!(
        store.resolve_company("anker").unwrap(),
        CompanyMatch::Many(vec!["Ankerwerk GmbH".into(), "Ankerwerk Hamburg".into()])
    );
    assert_eq!(store.resolve_company("Werft").unwrap(), CompanyMatch::None);
}

#[test]
fn introductions_are_kept_moved_by_merge_and_cleared_by_forget() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store
        .add_contact(&contact("Anna", Some("Hafen AG")))
        .unwrap();
    let ben = store.add_contact(&contact("Ben", None)).unwrap();
    let carla = store.add_contact(&contact("Carla", None)).unwrap();
    let anna2 = store
        .add_contact(&contact("Anna M.", Some("Solo GmbH")))
        .unwrap();
    store.set_introduced_by(ben, Some(anna2)).unwrap();
    store.set_introduced_by(carla, Some(anna)).unwrap();
    assert!(matches!(
        store.set_introduced_by(ben, Some(ben)),
        Err(StoreError::IntroducedBySelf)
    ));
    assert_eq!(
        store.introduced_by(ben).unwrap(),
        Some((anna2, "Anna M.".to_string()))
    );
    store.merge_contacts(anna, anna2).unwrap();
    // The other's company, nobody's now and holding nothing of its own, goes with them.
    assert_eq!(store.resolve_company("solo").unwrap(), CompanyMatch::None);
    assert_eq!(
        store.introduced(anna).unwrap(),
        [(ben, "Ben".to_string()), (carla, "Carla".to_string())]
    );
    store.forget_contact(anna).unwrap();
    assert_eq!(store.introduced_by(ben).unwrap(), None);
    assert_eq!(store.introduced_by(carla).unwrap(), None);
}

mod common;

fn sandbox_with_ankerwerk() -> common::Sandbox {
    let s = common::Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Anna Müller",
        "--company",
        "Ankerwerk GmbH",
        "--tier",
        "A",
        "--role",
        "Einkauf",
    ]);
    s.ok(&[
        "contact",
        "add",
        "Ben Krause",
        "--company",
        "ankerwerk gmbh",
        "--introduced-by",
        "Anna",
    ]);
    s.ok(&["contact", "add", "Carla Hafen", "--company", "Hafen AG"]);
    s.ok(&[
        "log",
        "Anna",
        "--kind",
        "call",
        "--at",
        "2026-11-20 10:00",
        "--title",
        "Rahmenvertrag besprochen",
        "--promise",
        "Angebot schicken",
        "--due",
        "2026-11-25",
        "Preise",
    ]);
    s
}

#[test]
fn company_list_and_show_give_people_status_last_touch_promises_and_entries() {
    let s = sandbox_with_ankerwerk();
    let list = s.ok(&["company", "list"]);
    assert!(
        list.contains("Ankerwerk GmbH") && list.contains("2 people"),
        "{list}"
    );
    assert!(
        list.contains("Hafen AG") && list.contains("one person"),
        "{list}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&["company", "list", "--json"])).unwrap();
    assert_eq!(json[0]["name"], "Ankerwerk GmbH");
    assert_eq!(json[0]["people"], 2);
    assert_eq!(json[0]["key_account"], false);

    let shown = s.ok(&["company", "show", "anker"]);
    for expected in [
        "Ankerwerk GmbH",
        "Anna Müller (Einkauf)",
        "Ben Krause",
        "Last touch with anyone there: 7 days ago",
        "Open promises to anyone there",
        "#1 Anna Müller · me: Angebot schicken · due 2 days ago",
        "Rahmenvertrag besprochen",
    ] {
        assert!(shown.contains(expected), "{expected:?} in\n{shown}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&["company", "show", "anker", "--json"])).unwrap();
    assert_eq!(json["company"]["name"], "Ankerwerk GmbH");
    assert_eq!(json["people"].as_array().unwrap().len(), 2);
    assert_eq!(json["people"][0]["status"], "ok");
    assert_eq!(json["last_touch"], "2026-11-20");
    assert_eq!(json["promises"][0]["text"], "Angebot schicken");
    assert_eq!(json["entries"][0]["title"], "Rahmenvertrag besprochen");

    let missing = s.cmd(&["company", "show", "Werft"]).output().unwrap();
    assert!(!missing.status.success());
    let err = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no company matches"), "{err}");
}

#[test]
fn company_edit_renames_its_people_and_merge_moves_them() {
    let s = sandbox_with_ankerwerk();
    s.ok(&[
        "company",
        "edit",
        "anker",
        "--name",
        "Ankerwerk Hamburg GmbH",
        "--website",
        "https://ankerwerk.example",
        "--tag",
        "Werft,Nord",
        "--key-account",
        "yes",
    ]);
    let ben: serde_json::Value =
        serde_json::from_str(&s.ok(&["contact", "show", "Ben", "--json"])).unwrap();
    assert_eq!(ben["contact"]["company"], "Ankerwerk Hamburg GmbH");
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&["company", "show", "hamburg", "--json"])).unwrap();
    assert_eq!(
        json["company"]["tags"],
        serde_json::json!(["Werft", "Nord"])
    );
    assert_eq!(json["company"]["key_account"], true);
    let taken = s
        .cmd(&["company", "edit", "hamburg", "--name", "HAFEN ag"])
        .output()
        .unwrap();
    assert!(!taken.status.success());
    assert!(String::from_utf8_lossy(&taken.stderr).contains("company merge"));

    let refused = s
        .cmd(&["company", "merge", "hamburg", "hafen"])
        .output()
        .unwrap();
    assert!(
        !refused.status.success(),
        "merge without a terminal needs --yes"
    );
    let merged = s.ok(&["company", "merge", "hamburg", "hafen", "--yes"]);
    assert!(merged.contains("one person moved"), "{merged}");
    let carla: serde_json::Value =
        serde_json::from_str(&s.ok(&["contact", "show", "Carla", "--json"])).unwrap();
    assert_eq!(carla["contact"]["company"], "Ankerwerk Hamburg GmbH");
    assert_eq!(carla["company_id"], json["company"]["id"]);
}

#[test]
fn contact_show_names_who_introduced_whom() {
    let s = sandbox_with_ankerwerk();
    let anna = s.ok(&["contact", "show", "Anna"]);
    assert!(anna.contains("Introduced  #2 Ben Krause"), "{anna}");
    let ben = s.ok(&["contact", "show", "Ben"]);
    assert!(ben.contains("Introduced by #1 Anna Müller"), "{ben}");
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&["contact", "show", "Ben", "--json"])).unwrap();
    assert_eq!(
        json["introduced_by"],
        serde_json::json!({"id": 1, "name": "Anna Müller"})
    );
    assert_eq!(json["introduced"], serde_json::json!([]));
    let list: serde_json::Value =
        serde_json::from_str(&s.ok(&["contact", "list", "--json"])).unwrap();
    let ben_in_list = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Ben Krause")
        .unwrap();
    assert_eq!(ben_in_list["introduced_by"], 1);
    assert_eq!(ben_in_list["company_id"], json["company_id"]);
    assert!(ben_in_list["company_id"].is_i64(), "{ben_in_list}");
    let own = s
        .cmd(&["contact", "edit", "Ben", "--introduced-by", "Ben"])
        .output()
        .unwrap();
    assert!(!own.status.success());
    s.ok(&["contact", "edit", "Ben", "--introduced-by", ""]);
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&["contact", "show", "Ben", "--json"])).unwrap();
    assert_eq!(json["introduced_by"], serde_json::Value::Null);
}

fn export_text(store: &Store, contact: Option<i64>) -> String {
    let mut out = Vec::new();
    rapport::transfer::json::export(store, contact, &at("2026-11-27T10:00:00+01:00"), &mut out)
        .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_version_2_export_imports_into_an_empty_journal_exactly() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = store
        .add_contact(&contact("Anna", Some("ankerwerk gmbh")))
        .unwrap();
    let ben = store
        .add_contact(&contact("Ben", Some("Ankerwerk GmbH")))
        .unwrap();
    store
        .add_contact(&contact("Carla", Some("Hafen AG")))
        .unwrap();
    // An introducer with a higher id than the one introduced: linked once all contacts are in.
    let dora = store.add_contact(&contact("Dora", None)).unwrap();
    store.set_introduced_by(ben, Some(dora)).unwrap();
    store.set_introduced_by(anna, Some(ben)).unwrap();
    let mut anker = one(&store, "ankerwerk");
    anker.website = Some("https://ankerwerk.example".into());
    anker.notes = Some("Rahmenvertrag\nbis 2027".into());
    anker.tags = vec!["Werft".into()];
    anker.key_account = true;
    store.update_company(&anker).unwrap();
    // A company nobody works at, kept for its notes.
    store
        .add_contact(&contact("Eve", Some("Werft Nord")))
        .unwrap();
    let mut werft = one(&store, "werft");
    werft.notes = Some("früherer Kunde".into());
    store.update_company(&werft).unwrap();
    let mut eve = store.contact(5).unwrap().0;
    eve.company = None;
    store.update_contact(&eve).unwrap();

    let first = export_text(&store, None);
    assert!(
        first.starts_with(r#"{"format": "rapport", "version": 2"#),
        "{first}"
    );
    let mut copy = Store::open_in_memory().unwrap();
    rapport::transfer::json::import(first.as_bytes(), &mut copy, false, |_| {}).unwrap();
    assert_eq!(export_text(&copy, None), first);
    assert_eq!(
        copy.company(anker.id).unwrap(),
        store.company(anker.id).unwrap()
    );
    assert_eq!(copy.introduced(ben).unwrap(), [(anna, "Anna".to_string())]);

    // A one-person export names their company but not who introduced them.
    let single: serde_json::Value = serde_json::from_str(&export_text(&store, Some(ben))).unwrap();
    assert_eq!(single["companies"].as_array().unwrap().len(), 1);
    assert_eq!(single["contacts"][0]["company_id"], anker.id);
    assert!(single["contacts"][0].get("introduced_by").is_none());
}

#[test]
fn a_version_1_file_still_imports_and_its_company_texts_become_companies() {
    let file = r#"{"format": "rapport", "version": 1,
      "contacts": [
        {"id": 1, "name": "Anna", "company": "Ankerwerk GmbH", "created_at": "2026-01-01T09:00:00+01:00"},
        {"id": 2, "name": "Ben", "company": "ANKERWERK gmbh", "created_at": "2026-01-01T09:00:00+01:00"},
        {"id": 3, "name": "Carla", "company": null, "created_at": "2026-01-01T09:00:00+01:00"}],
      "entries": [], "promises": []}"#;
    let mut store = Store::open_in_memory().unwrap();
    rapport::transfer::json::import(file.as_bytes(), &mut store, false, |_| {}).unwrap();
    let rows = store.companies().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].company.name.as_str(), rows[0].people),
        ("Ankerwerk GmbH", 2)
    );
    let newer = file.replace(r#""version": 1"#, r#""version": 3"#);
    let refused = rapport::transfer::json::import(
        newer.as_bytes(),
        &mut Store::open_in_memory().unwrap(),
        false,
        |_| {},
    );
    assert!(refused.unwrap_err().to_string().contains("version 3"));
}

#[test]
fn a_version_2_file_naming_a_company_it_does_not_hold_is_refused_whole() {
    let file = r#"{"format": "rapport", "version": 2, "companies": [],
      "contacts": [{"id": 1, "name": "Anna", "company_id": 9, "created_at": "2026-01-01T09:00:00+01:00"}],
      "entries": [], "promises": []}"#;
    let mut store = Store::open_in_memory().unwrap();
    assert!(rapport::transfer::json::import(file.as_bytes(), &mut store, false, |_| {}).is_err());
    assert_eq!(store.contact_count().unwrap(), 0);
}

#[test]
fn due_and_the_review_flag_a_key_account_that_hangs_on_one_contact_in_words() {
    let s = common::Sandbox::new();
    for (name, last) in [
        ("Anna Müller", "3 days ago"),
        ("Ben Krause", "60 days ago"),
        ("Dirk Lange", "90 days ago"),
    ] {
        s.ok(&[
            "contact",
            "add",
            name,
            "--company",
            "Ankerwerk GmbH",
            "--tier",
            "B",
        ]);
        s.ok(&["log", name, "--kind", "call", "--at", last, "Abstimmung"]);
    }
    // Not a key account yet: Anna needs nothing.
    let due: serde_json::Value = serde_json::from_str(&s.ok(&["due", "--json"])).unwrap();
    assert!(
        !due.to_string().contains("account_single_threaded"),
        "{due}"
    );
    s.ok(&["company", "edit", "Ankerwerk", "--key-account", "yes"]);
    let due: serde_json::Value = serde_json::from_str(&s.ok(&["due", "--json"])).unwrap();
    let anna = due
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Anna Müller")
        .unwrap_or_else(|| panic!("{due}"));
    assert_eq!(
        anna["flags"],
        serde_json::json!(["account_single_threaded"]),
        "{anna}"
    );
    let text = s.ok(&["due"]);
    assert!(
        text.contains("Ankerwerk GmbH is a key account that hangs on this one contact: the 2 others there are overdue"),
        "{text}"
    );
    let german = s.cmd(&["due"]).env("LANG", "de_DE.UTF-8").output().unwrap();
    let german = String::from_utf8_lossy(&german.stdout);
    assert!(
        german.contains("Ankerwerk GmbH ist ein Schlüsselkunde, der an diesem einen Kontakt hängt: die 2 anderen dort sind überfällig"),
        "{german}"
    );
}
