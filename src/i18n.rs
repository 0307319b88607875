//! The message catalogue: every user-facing string is looked up here by key, from the TOML catalogues
//! embedded from `assets/i18n/`. Placeholders are written `{name}`; a count's noun is written
//! `{name|one|other}` (`{n} {n|entry|entries}`, `{n|every day|every {n} days}`): the first form when the
//! number is 1, the second otherwise.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;

/// The English catalogue, the reference every other language is checked against.
pub const EN_TOML: &str = include_str!("../assets/i18n/en.toml");

/// The German catalogue.
pub const DE_TOML: &str = include_str!("../assets/i18n/de.toml");

/// The languages rapport ships, with their catalogues.
pub const LANGUAGES: &[(&str, &str)] = &[("en", EN_TOML), ("de", DE_TOML)];

/// The catalogue's tables by name; each is read the first time one of its texts is needed, since a
/// command uses a few of the dozens there are.
type Catalogue = HashMap<&'static str, Table, KeyHash>;

/// One `[table]`: its lines in English and in the chosen language, and, once read, its texts (the
/// chosen language's where it has them, English for the rest).
struct Table {
    english: &'static str,
    local: Option<&'static str>,
    texts: OnceLock<Texts>,
}

impl Table {
    fn new(english: &'static str) -> Table {
        Table {
            english,
            local: None,
            texts: OnceLock::new(),
        }
    }

    fn texts(&self) -> &Texts {
        self.texts.get_or_init(|| {
            let mut texts = read_section(self.english);
            if let Some(local) = self.local {
                texts.extend(read_section(local));
            }
            texts
        })
    }
}

/// One table's texts by key.
type Texts = HashMap<&'static str, Cow<'static, str>, KeyHash>;

/// FNV-1a: the catalogue's keys are short, fixed and our own, so the default hasher's protection
/// against chosen keys buys nothing, while lookups run thousands of times for a long listing.
/// Also names a sync record whose UID is too long for a file name (a hash stable across releases).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type KeyHash = std::hash::BuildHasherDefault<Fnv>;

static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

/// Flattens nested TOML tables into dotted keys: `[error] unknown_contact = ".."` → `error.unknown_contact`.
pub fn flatten(toml_text: &str) -> Result<HashMap<String, String>, toml::de::Error> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
        for (key, value) in table {
            let full = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match value {
                toml::Value::Table(t) => walk(&full, t, out),
                toml::Value::String(s) => {
                    out.insert(full, s.clone());
                }
                other => {
                    out.insert(full, other.to_string());
                }
            }
        }
    }
    let table: toml::Table = toml::from_str(toml_text)?;
    let mut out = HashMap::new();
    walk("", &table, &mut out);
    Ok(out)
}

/// Picks the language: the config's `language`, else `LC_ALL`, `LC_MESSAGES`, `LANG`; English when none is shipped.
pub fn choose_language(configured: &str, env: impl Fn(&str) -> Option<String>) -> &'static str {
    let wanted = if configured.trim().is_empty() {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| env(v))
            .find(|v| !v.is_empty())
            .unwrap_or_default()
    } else {
        configured.to_string()
    };
    let code: String = wanted
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_lowercase();
    LANGUAGES
        .iter()
        .map(|(c, _)| *c)
        .find(|c| *c == code)
        .unwrap_or("en")
}

/// Installs the catalogue of `language` (English keys fill any gap). Later calls are ignored.
pub fn init(language: &str) {
    let _ = CATALOGUE.get_or_init(|| load(language));
}

fn load(language: &str) -> Catalogue {
    let mut map: Catalogue = sections(EN_TOML)
        .into_iter()
        .map(|(name, lines)| (name, Table::new(lines)))
        .collect();
    if let Some((_, text)) = LANGUAGES.iter().find(|(c, _)| *c == language && *c != "en") {
        for (name, lines) in sections(text) {
            map.entry(name).or_insert_with(|| Table::new("")).local = Some(lines);
        }
    }
    map
}

/// Splits a catalogue into its `[table]` sections: (name, the lines below the header). Lines before
/// the first header form the table "".
fn sections(text: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    let (mut name, mut start, mut at) = ("", 0, 0);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(header) = trimmed.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push((name, &text[start..at]));
            name = header.trim();
            start = at + line.len();
        }
        at += line.len();
    }
    out.push((name, &text[start..]));
    out
}

/// Reads one section: the catalogue is TOML of one shape only (`[table]` headers and `key = "text"`
/// lines with `\"`, `\\` and `\n` escapes), so a line reader does what a full TOML parse would, in a
/// fraction of the time. A test checks that both agree.
fn read_section(lines: &'static str) -> Texts {
    let mut texts = Texts::default();
    for line in lines.lines().map(str::trim) {
        if let Some((key, value)) = line.split_once('=') {
            let (key, value) = (key.trim(), value.trim());
            let Some(quoted) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
                continue;
            };
            // Most texts have no escapes and are used as they stand in the binary.
            let text = if quoted.contains('\\') {
                let mut text = String::with_capacity(quoted.len());
                let mut chars = quoted.chars();
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        match chars.next() {
                            Some('n') => text.push('\n'),
                            Some(other) => text.push(other),
                            None => {}
                        }
                    } else {
                        text.push(c);
                    }
                }
                Cow::Owned(text)
            } else {
                Cow::Borrowed(quoted)
            };
            texts.insert(key, text);
        }
    }
    texts
}

fn catalogue() -> &'static Catalogue {
    CATALOGUE.get_or_init(|| load("en"))
}

/// The text for `key`, if the catalogue has one (for optional texts such as per-command help).
pub fn lookup(key: &str) -> Option<&'static str> {
    let (table, name) = key.rsplit_once('.').unwrap_or(("", key));
    catalogue()
        .get(table)
        .and_then(|table| table.texts().get(name))
        .map(AsRef::as_ref)
}

/// The text for `key`; the key itself when the catalogue lacks it (a test keeps that from shipping).
pub fn t(key: &str) -> &str {
    lookup(key).unwrap_or(key)
}

/// The text for `key` with `{name}` placeholders filled in.
pub fn tr(key: &str, args: &[(&str, &dyn Display)]) -> String {
    fill(t(key), args)
}

/// `template` with each `{name}` that has an argument replaced by it, and each `{name|one|other}`
/// by the form that fits the argument's number (itself filled); other braces are kept as they are.
fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut text = String::with_capacity(template.len() + 16);
    let mut rest = template;
    // One pass over the template: copy text, fill each placeholder that has an argument, keep the others.
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = closing_brace(after)
            .and_then(|close| fill_placeholder(&after[..close], args, &mut text).then_some(close));
        match filled {
            Some(close) => rest = &after[close + 1..],
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

/// Where the `}` that closes a placeholder lies in `text` (which starts after its `{`), skipping
/// placeholders nested in plural forms.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(at),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Writes one placeholder's text: `name` → the argument; `name|one|other` → the singular form when the
/// argument is 1, else the plural (the rule of English and German). False when it has no argument.
fn fill_placeholder(inner: &str, args: &[(&str, &dyn Display)], text: &mut String) -> bool {
    use std::fmt::Write;
    let (name, forms) = match inner.split_once('|') {
        Some((name, forms)) => (name, Some(forms)),
        None => (inner, None),
    };
    let Some((_, value)) = args.iter().find(|(n, _)| *n == name) else {
        return false;
    };
    match forms.and_then(plural_forms) {
        Some((one, other)) => {
            let form = if value.to_string() == "1" { one } else { other };
            text.push_str(&fill(form, args));
        }
        None if forms.is_some() => return false,
        None => {
            let _ = write!(text, "{value}");
        }
    }
    true
}

/// Splits `one|other` at the bar outside any nested placeholder.
fn plural_forms(forms: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (at, c) in forms.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => return Some((&forms[..at], &forms[at + 1..])),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_fills_placeholders() {
        let map = flatten(EN_TOML).unwrap();
        assert!(map.len() > 20);
        assert_eq!(tr("test.greeting", &[("name", &"Anna")]), "Hello, Anna");
    }

    #[test]
    fn fill_replaces_every_named_placeholder_and_keeps_other_braces() {
        let cases: &[(&str, &str)] = &[
            ("{a} and {a}", "1 and 1"),
            ("{b}{a}", "x1"),
            ("{unknown} {a}", "{unknown} 1"),
            ("{ {a} }", "{ 1 }"),
            ("open {a", "open {a"),
            ("no braces", "no braces"),
            ("Grüße {b}!", "Grüße x!"),
            ("", ""),
            ("{a} {a|entry|entries}", "1 entry"),
            ("{a|every day|every {a} days}", "every day"),
            ("{b|one|{b} others}", "x others"),
            ("{unknown|one|other}", "{unknown|one|other}"),
            ("{a|no second form}", "{a|no second form}"),
        ];
        for (template, expected) in cases {
            assert_eq!(
                fill(template, &[("a", &1), ("b", &"x")]),
                *expected,
                "{template}"
            );
        }
    }

    /// The plural forms in both catalogues, for none, one and two.
    #[test]
    fn counts_take_the_singular_only_for_one() {
        let cases: &[(&str, &str, [&str; 3])] = &[
            (
                "en",
                "header.counts",
                [
                    "0 contacts · 0 entries",
                    "1 contact · 1 entry",
                    "2 contacts · 2 entries",
                ],
            ),
            (
                "de",
                "header.counts",
                [
                    "0 Kontakte · 0 Einträge",
                    "1 Kontakt · 1 Eintrag",
                    "2 Kontakte · 2 Einträge",
                ],
            ),
            (
                "en",
                "search.results",
                [
                    "0 results, newest first",
                    "1 result",
                    "2 results, newest first",
                ],
            ),
            (
                "de",
                "search.results",
                [
                    "0 Treffer, neueste zuerst",
                    "1 Treffer",
                    "2 Treffer, neueste zuerst",
                ],
            ),
            (
                "en",
                "contact.cadence_days",
                ["every 0 days", "every day", "every 2 days"],
            ),
            (
                "de",
                "contact.cadence_days",
                ["alle 0 Tage", "jeden Tag", "alle 2 Tage"],
            ),
        ];
        for (lang, key, expected) in cases {
            for (n, want) in expected.iter().enumerate() {
                assert_eq!(&every_placeholder(lang, key, n), want, "{lang} {key} {n}");
            }
        }
    }

    /// The catalogue text `key` of `lang` with every placeholder set to `n`.
    fn every_placeholder(lang: &str, key: &str, n: usize) -> String {
        let (_, text) = LANGUAGES.iter().find(|(c, _)| *c == lang).unwrap();
        fill_all(&flatten(text).unwrap()[key], n)
    }

    /// `template` with every placeholder set to `n`.
    fn fill_all(template: &str, n: usize) -> String {
        let args: Vec<(&str, &dyn Display)> = placeholders(template)
            .into_iter()
            .map(|name| (name, &n as &dyn Display))
            .collect();
        fill(template, &args)
    }

    /// The other counts with a noun, in the reports, the review and the reasons, for one and two.
    #[test]
    fn counts_in_reports_and_reasons_agree_with_their_number() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "en",
                "import.done",
                "imported 1 contact, 1 entry (1 link), 1 promise",
                "imported 2 contacts, 2 entries (2 links), 2 promises",
            ),
            (
                "de",
                "import.done",
                "1 Kontakt, 1 Eintrag (1 Verknüpfung) und 1 Versprechen importiert",
                "2 Kontakte, 2 Einträge (2 Verknüpfungen) und 2 Versprechen importiert",
            ),
            (
                "en",
                "import.jrnl_done",
                "imported 1 entry",
                "imported 2 entries",
            ),
            (
                "en",
                "import.jrnl_nobody",
                "skipped 1 entry that names no known contact",
                "skipped 2 entries that name no known contact",
            ),
            (
                "de",
                "import.jrnl_nobody",
                "1 Eintrag ohne bekannten Kontakt übersprungen",
                "2 Einträge ohne bekannten Kontakt übersprungen",
            ),
            (
                "en",
                "import.unread_headers",
                "1 line looks like an entry header but its date is",
                "2 lines look like an entry header but their dates are",
            ),
            (
                "en",
                "review.done",
                "Review done: 1 contact; 1 logged",
                "Review done: 2 contacts; 2 logged",
            ),
            (
                "de",
                "review.done",
                "Rückblick fertig: 1 Kontakt;",
                "Rückblick fertig: 2 Kontakte;",
            ),
            (
                "en",
                "forget.done",
                "1: 1 entry, 1 promise",
                "2: 2 entries, 2 promises",
            ),
            (
                "de",
                "forget.done",
                "1 gelöscht: 1 Eintrag,",
                "2 gelöscht: 2 Einträge,",
            ),
            (
                "en",
                "reason.promise",
                "is 1 day overdue",
                "is 2 days overdue",
            ),
            (
                "de",
                "reason.promise",
                "seit 1 Tag überfällig",
                "seit 2 Tagen überfällig",
            ),
            (
                "en",
                "reason.last_touch",
                "cadence 1 day ",
                "cadence 2 days ",
            ),
            (
                "de",
                "reason.never_touched",
                "Rhythmus 1 Tag ",
                "Rhythmus 2 Tage ",
            ),
            (
                "en",
                "reason.promises_more",
                "and 1 more overdue promise",
                "and 2 more overdue promises",
            ),
            (
                "de",
                "reason.promises_more",
                "und ein weiteres überfälliges Versprechen",
                "und 2 weitere überfällige Versprechen",
            ),
            (
                "en",
                "contact.recent_entries",
                "The only entry",
                "Latest 2 of 2 entries",
            ),
            (
                "de",
                "contact.recent_entries",
                "Der einzige Eintrag",
                "Die letzten 2 von 2 Einträgen",
            ),
        ];
        for (lang, key, one, two) in cases {
            let text = every_placeholder(lang, key, 1);
            assert!(text.contains(one), "{lang} {key}: {text}");
            let text = every_placeholder(lang, key, 2);
            assert!(text.contains(two), "{lang} {key}: {text}");
        }
    }

    /// Every `{name|one|other}` has its two forms, so no count shows its raw template.
    #[test]
    fn plural_placeholders_have_two_forms() {
        for (lang, text) in LANGUAGES {
            for (key, template) in flatten(text).unwrap() {
                for n in [0, 1, 2] {
                    let filled = fill_all(&template, n);
                    assert!(!filled.contains('|'), "{lang} {key}: {filled}");
                }
            }
        }
    }

    #[test]
    fn language_comes_from_config_then_locale() {
        let env = |v: &str| (v == "LANG").then(|| "de_DE.UTF-8".to_string());
        assert_eq!(choose_language("", env), "de");
        assert_eq!(choose_language("en", env), "en");
        assert_eq!(choose_language("", |_| None), "en");
        assert_eq!(
            choose_language("", |v: &str| (v == "LANG")
                .then(|| "en_GB.UTF-8".to_string())),
            "en"
        );
    }

    /// Every key used in the source as `t("..")` or `tr("..", ..)` exists in every catalogue.
    #[test]
    fn every_key_used_in_the_source_exists() {
        let mut missing = Vec::new();
        let catalogues: Vec<(&str, HashMap<String, String>)> = LANGUAGES
            .iter()
            .map(|(c, text)| (*c, flatten(text).unwrap()))
            .collect();
        for path in source_files(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))) {
            let text = std::fs::read_to_string(&path).unwrap();
            for key in used_keys(&text) {
                for (lang, map) in &catalogues {
                    if !map.contains_key(&key) {
                        missing.push(format!("{lang}: {key} ({})", path.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "missing catalogue keys:\n{}",
            missing.join("\n")
        );
    }

    /// The labels of the pillar inputs are keys too, though they are not written as t("..") calls.
    #[test]
    fn pillar_input_labels_exist() {
        use crate::domain::pillars::{Evidence, scores};
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let s = scores(
            &Evidence {
                cadence_days: 30,
                since: today,
                ..Evidence::default()
            },
            today,
        );
        let map = flatten(EN_TOML).unwrap();
        for (key, _) in [s.trust, s.sympathy, s.competence, s.longterm]
            .iter()
            .flat_map(|p| p.inputs.clone())
        {
            assert!(map.contains_key(key), "{key}");
        }
    }

    /// The `{name}` placeholders of a catalogue text.
    fn placeholders(text: &str) -> std::collections::BTreeSet<&str> {
        let mut out = std::collections::BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            let Some(close) = rest.find('}') else { break };
            let name = rest[..close].split('|').next().unwrap_or_default();
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                out.insert(name);
            }
        }
        out
    }

    /// Every shipped catalogue has exactly the English keys, and every text the same placeholders.
    #[test]
    fn catalogues_have_the_same_keys_and_placeholders() {
        assert!(
            LANGUAGES.iter().any(|(code, _)| *code == "de"),
            "the German catalogue is shipped"
        );
        let en = flatten(EN_TOML).unwrap();
        let mut problems = Vec::new();
        for (lang, text) in LANGUAGES.iter().filter(|(code, _)| *code != "en") {
            let other = flatten(text).unwrap_or_else(|e| panic!("{lang}.toml: {e}"));
            let mut keys: Vec<&String> = en.keys().chain(other.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                match (en.get(key), other.get(key)) {
                    (Some(_), None) => problems.push(format!("{lang}: missing {key}")),
                    (None, Some(_)) => problems.push(format!("{lang}: unknown key {key}")),
                    (Some(e), Some(o)) if placeholders(e) != placeholders(o) => {
                        problems.push(format!(
                            "{lang}: {key} has {:?}, English has {:?}",
                            placeholders(o),
                            placeholders(e)
                        ));
                    }
                    _ => {}
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The start-up reader and a full TOML parse see the same catalogues.
    #[test]
    fn the_fast_reader_agrees_with_toml() {
        for (lang, text) in LANGUAGES {
            let fast: HashMap<String, String> = sections(text)
                .into_iter()
                .flat_map(|(table, lines)| {
                    read_section(lines).into_iter().map(move |(key, text)| {
                        let full = if table.is_empty() {
                            key.to_string()
                        } else {
                            format!("{table}.{key}")
                        };
                        (full, text.into_owned())
                    })
                })
                .collect();
            assert_eq!(fast, flatten(text).unwrap(), "{lang}");
        }
    }

    fn source_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(source_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out
    }

    fn used_keys(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for marker in ["t(\"", "tr(\"", "key: \""] {
            let mut rest = text;
            while let Some(pos) = rest.find(marker) {
                let preceded_by_ident = pos > 0 && rest.as_bytes()[pos - 1].is_ascii_alphanumeric();
                rest = &rest[pos + marker.len()..];
                let Some(end) = rest.find('"') else { break };
                let key = &rest[..end];
                let key_like = key.split('.').all(|part| {
                    !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
                });
                if !preceded_by_ident && key.contains('.') && key_like {
                    keys.push(key.to_string());
                }
            }
        }
        keys
    }
}
