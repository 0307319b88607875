//! Where rapport keeps its files: `--db`, else `$RAPPORT_DB`, else the platform data directory;
//! the config from `$RAPPORT_CONFIG`, else the platform config directory.

use std::path::PathBuf;

/// The resolved locations of this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The database file.
    pub database: PathBuf,
    /// The config file (it need not exist).
    pub config: PathBuf,
}

/// Resolves the paths from the `--db` flag and the environment (`env` looks a variable up).
pub fn resolve(
    db_flag: Option<PathBuf>,
    env: impl Fn(&str) -> Option<String>,
) -> anyhow::Result<Paths> {
    let non_empty = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let dirs = directories::ProjectDirs::from("", "", "rapport");
    let database = match db_flag.or_else(|| non_empty("RAPPORT_DB")) {
        Some(path) => path,
        None => dirs
            .as_ref()
            .map(|d| d.data_dir().join("rapport.db"))
            .ok_or_else(|| anyhow::anyhow!(crate::i18n::t("error.no_home")))?,
    };
    let config = match non_empty("RAPPORT_CONFIG") {
        Some(path) => path,
        None => dirs
            .as_ref()
            .map(|d| d.config_dir().join("config.toml"))
            .ok_or_else(|| anyhow::anyhow!(crate::i18n::t("error.no_home")))?,
    };
    Ok(Paths { database, config })
}
