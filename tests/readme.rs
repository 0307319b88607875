//! The README stays true to the program: its keymap table is the one the app is built from.

use rapport::i18n::{EN_TOML, flatten};
use rapport::tui::keymap::{KEYMAP, Scope};

fn keymap_markdown() -> String {
    let catalogue = flatten(EN_TOML).unwrap();
    let mut out = String::from("| where | keys | does |\n|---|---|---|\n");
    for scope in Scope::ALL {
        for b in KEYMAP.iter().filter(|b| b.scope == *scope) {
            let keys = b
                .keys
                .iter()
                .map(|k| format!("`{}`", k.label()))
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!(
                "| {} | {keys} | {} |\n",
                catalogue[scope.title_key()],
                catalogue[b.help]
            ));
        }
    }
    out
}

#[test]
fn readme_shows_the_keymap_the_app_uses() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = keymap_markdown();
    assert!(
        readme.contains(&table),
        "README.md's keymap table is out of date; it should read:\n{table}"
    );
}
