//! The generated data set (`../shared/tools/gen_dataset.py`) imports completely, its export re-imports
//! to the same data, and its jrnl form reads completely. Uses a reduced size so that `cargo test` stays
//! quick; the benchmarks use the full 100,000 entries. Under `CI=true` a missing generator fails.

mod common;

use common::{Sandbox, export_data, generated_dataset};
use rapport::transfer::jrnl;
use std::collections::HashSet;

#[test]
fn generated_data_set_imports_completely_and_round_trips() {
    let s = Sandbox::new();
    let Some(out) = generated_dataset(150, 4000, &s.path("dataset")) else {
        return;
    };
    let source = std::fs::read_to_string(out.join("rapport.json")).unwrap();
    let file = out.join("rapport.json");
    let summary = s.ok(&["import", file.to_str().unwrap()]);
    let original = export_data(&source);
    let counts = |key: &str| original[key].as_array().unwrap().len();
    let links: usize = original["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["contacts"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        summary.trim(),
        format!(
            "imported {} contacts, {} entries ({links} links), {} promises",
            counts("contacts"),
            counts("entries"),
            counts("promises")
        )
    );
    // Every field of every record comes back as it was written; version 2 adds the companies the
    // company texts became (one per company text, each contact linked to its own).
    let exported = s.ok(&["export"]);
    assert_eq!(as_version_1(export_data(&exported)), original);
    // And the export re-imports to the same data.
    let again = s.path("again.db");
    let exported_file = s.path("exported.json");
    std::fs::write(&exported_file, &exported).unwrap();
    s.ok(&[
        "--db",
        again.to_str().unwrap(),
        "import",
        exported_file.to_str().unwrap(),
    ]);
    assert_eq!(
        export_data(&s.ok(&["--db", again.to_str().unwrap(), "export"])),
        export_data(&exported)
    );
}

/// A version 2 export read as version 1: without its companies and the contacts' links to them,
/// after checking that each contact's link names the company of its text.
fn as_version_1(mut data: serde_json::Value) -> serde_json::Value {
    let companies: std::collections::HashMap<i64, String> = data["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().unwrap(),
                c["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let texts: std::collections::HashSet<&str> = data["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["company"].as_str())
        .collect();
    assert_eq!(companies.len(), texts.len(), "one company per company text");
    for contact in data["contacts"].as_array_mut().unwrap() {
        let object = contact.as_object_mut().unwrap();
        let linked = object.remove("company_id").and_then(|id| id.as_i64());
        assert_eq!(
            linked.map(|id| companies[&id].as_str()),
            object["company"].as_str()
        );
    }
    let object = data.as_object_mut().unwrap();
    object.remove("companies");
    object["version"] = serde_json::json!(1);
    data
}

/// Reads the journal the generator writes in jrnl's format: every entry found, titles as written,
/// every tag a known contact.
#[test]
fn generated_journal_reads_completely() {
    let s = Sandbox::new();
    let Some(dir) = generated_dataset(20, 200, &s.path("dataset")) else {
        return;
    };
    let journal = std::fs::read_to_string(dir.join("journal.txt")).unwrap();
    let entries = jrnl::parse(&journal).expect("generated journal parses");
    assert_eq!(entries.len(), 200);
    let jsonl = std::fs::read_to_string(dir.join("entries.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), entries.len());
    for (line, e) in jsonl.lines().zip(&entries) {
        let record: serde_json::Value = serde_json::from_str(line).expect("jsonl");
        assert_eq!(
            Some(e.title.as_str()),
            record["title"].as_str(),
            "line {}",
            e.line
        );
    }
    let contacts: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("contacts.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("jsonl"))
        .collect();
    for c in &contacts {
        let (name, generated) = (
            c["name"].as_str().unwrap_or(""),
            c["slug"].as_str().unwrap_or(""),
        );
        let is_cjk = name.chars().any(|ch| ch > '\u{2e80}' && ch.is_alphabetic());
        let numbered = generated
            .rsplit_once('_')
            .is_some_and(|(_, n)| n.parse::<u32>().is_ok());
        if !is_cjk && !numbered {
            assert_eq!(jrnl::slug(name), generated, "{name}");
        }
    }
    let known: HashSet<&str> = contacts.iter().filter_map(|c| c["slug"].as_str()).collect();
    for e in &entries {
        assert!(!e.tags.is_empty(), "entry at line {} has no tag", e.line);
        for t in &e.tags {
            assert!(
                known.contains(t.as_str()),
                "unknown tag {t} at line {}",
                e.line
            );
        }
    }
}
