//! The generated data set (`../shared/tools/gen_dataset.py`) imports completely, and its export
//! re-imports to the same data. Uses a reduced size so that `cargo test` stays quick; the benchmarks use
//! the full 100,000 entries.

mod common;

use common::{Sandbox, export_data, shared_dir};
use std::process::Command;

#[test]
fn generated_data_set_imports_completely_and_round_trips() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared/tools/gen_dataset.py is not beside this checkout");
        return;
    };
    let s = Sandbox::new();
    let out = s.path("dataset");
    let status = Command::new("python3")
        .arg(shared.join("tools/gen_dataset.py"))
        .args([
            "--contacts",
            "150",
            "--entries",
            "4000",
            "--no-sqlite",
            "--out",
        ])
        .arg(&out)
        .status()
        .expect("python3 runs");
    assert!(status.success());
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
    // Every field of every record comes back as it was written.
    let exported = s.ok(&["export"]);
    assert_eq!(export_data(&exported), original);
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
        original
    );
}
