//! The user's configuration: a TOML file merged over the defaults embedded from `assets/`.

use crate::domain::rules::CadenceDefaults;
use anyhow::Context;
use serde::Deserialize;
use std::path::Path;

/// The complete default configuration, shipped in the binary.
pub const DEFAULT_TOML: &str = include_str!("../assets/config.default.toml");

/// Settings that change how rapport behaves.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// "en", "de", or empty for the locale.
    #[serde(default)]
    pub language: String,
    /// Default cadences by tier.
    #[serde(default)]
    pub cadence: CadenceSection,
    /// Entry form settings.
    #[serde(default)]
    pub entry: EntrySection,
    /// A shell command that prints the database passphrase (e.g. from a password manager).
    #[serde(default)]
    pub passphrase_command: String,
    /// `[sync]`: the CardDAV/CalDAV server; off while its url is empty.
    #[serde(default)]
    pub sync: crate::sync::settings::SyncSection,
    /// `[inbox]`: the mail and calendar sources the inbox reads; empty: no inbox.
    #[serde(default)]
    pub inbox: crate::inbox::settings::InboxSection,
}

/// `[cadence]`: default keep-in-touch cadences in days.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct CadenceSection {
    /// Tier A.
    pub tier_a: u32,
    /// Tier B.
    pub tier_b: u32,
    /// Tier C.
    pub tier_c: u32,
    /// Contacts without a tier.
    pub default: u32,
}

impl Default for CadenceSection {
    fn default() -> Self {
        let d = CadenceDefaults::default();
        Self {
            tier_a: d.tier_a,
            tier_b: d.tier_b,
            tier_c: d.tier_c,
            default: d.fallback,
        }
    }
}

/// `[entry]`: how new entries start.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct EntrySection {
    /// Start the body with one reflection prompt per pillar.
    pub template: bool,
}

impl Config {
    /// Parses a config file's text; values left out keep their defaults.
    pub fn parse(text: &str) -> anyhow::Result<Config> {
        let config: Config =
            toml::from_str(text).map_err(|e| anyhow::anyhow!(one_line(&e.to_string())))?;
        for (name, value) in [
            ("cadence.tier_a", config.cadence.tier_a),
            ("cadence.tier_b", config.cadence.tier_b),
            ("cadence.tier_c", config.cadence.tier_c),
            ("cadence.default", config.cadence.default),
        ] {
            if value == 0 || value > 36_500 {
                anyhow::bail!("{name} must be between 1 and 36500 days, not {value}");
            }
        }
        Ok(config)
    }

    /// Reads the config file at `path`; a missing file means the defaults.
    pub fn load(path: &Path) -> anyhow::Result<Config> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                Config::parse(&text).with_context(|| format!("config file {}", path.display()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(e).with_context(|| format!("cannot read config file {}", path.display())),
        }
    }

    /// The cadence defaults in the form the rules take.
    pub fn cadence_defaults(&self) -> CadenceDefaults {
        CadenceDefaults {
            tier_a: self.cadence.tier_a,
            tier_b: self.cadence.tier_b,
            tier_c: self.cadence.tier_c,
            fallback: self.cadence.default,
        }
    }
}

/// TOML errors span several lines with a source excerpt; the user gets one.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('|'))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_equals_built_in_default() {
        assert_eq!(Config::parse(DEFAULT_TOML).unwrap(), Config::default());
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let c = Config::parse("[cadence]\ntier_a = 7\n").unwrap();
        assert_eq!(c.cadence.tier_a, 7);
        assert_eq!(c.cadence.tier_b, 30);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Config::parse("[cadence]\ntier_a = 0\n").is_err());
        assert!(Config::parse("colour = true\n").is_err());
        assert!(Config::parse("[cadence\n").is_err());
    }
}
