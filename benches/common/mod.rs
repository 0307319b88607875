//! Shared by the benchmarks: the generated 100k data set and a database with it imported, built once
//! into `target/bench-data/`.
#![allow(dead_code)]

use rapport::store::Store;
use rapport::transfer::json;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The busiest contact of the seed-42 data set (3,554 entries).
pub const BUSIEST_CONTACT: i64 = 1231;

/// Where generated data lives.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

/// The data set's export file, generated on first use with ../shared/tools/gen_dataset.py (seed 42).
pub fn dataset_json() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let out = data_dir().join("100k");
        let file = out.join("rapport.json");
        if !file.exists() {
            let generator =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/gen_dataset.py");
            let status = std::process::Command::new("python3")
                .arg(generator)
                .args(["--seed", "42", "--no-sqlite", "--out"])
                .arg(&out)
                .status()
                .expect("python3 and ../shared/tools/gen_dataset.py are needed for the benchmarks");
            assert!(status.success(), "gen_dataset.py failed");
        }
        file
    })
}

/// A database with the whole data set imported, built once.
pub fn imported_db() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = data_dir().join("bench.db");
        if !path.exists() {
            let file = std::fs::File::open(dataset_json()).expect("read data set");
            let mut store = Store::open(&path).expect("open");
            json::import(file, &mut store, false, |_| {}).expect("import");
        }
        path
    })
}
