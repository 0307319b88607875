//! Where a passphrase comes from — never the command line: the file named by
//! `$RAPPORT_PASSPHRASE_FILE`, the command named by `passphrase_command` in the config, or the
//! terminal without echo.

use crate::config::Config;
use crate::i18n::tr;
use crate::secrets::{secret_command, secret_file};
use std::io::IsTerminal;
use std::path::Path;

/// Reads the passphrase; `prompt` is shown when it is asked for on the terminal.
pub fn obtain(config: &Config, prompt: &str) -> anyhow::Result<String> {
    obtain_from(config, Some(prompt))
}

/// Reads the passphrase from the file or the command; from the terminal only when `prompt` is given
/// (`rapport mcp` gives none: its stdin is the protocol).
pub fn obtain_from(config: &Config, prompt: Option<&str>) -> anyhow::Result<String> {
    if let Some(file) = std::env::var_os("RAPPORT_PASSPHRASE_FILE").filter(|f| !f.is_empty()) {
        let path = Path::new(&file);
        return secret_file(path).map_err(|e| {
            anyhow::anyhow!(tr(
                "passphrase.file",
                &[("path", &path.display()), ("error", &e)]
            ))
        });
    }
    if !config.passphrase_command.trim().is_empty() {
        let text = secret_command(&config.passphrase_command)
            .map_err(|e| anyhow::anyhow!(tr("passphrase.command", &[("error", &e)])))?;
        return Ok(text.trim_end_matches(['\n', '\r']).to_string());
    }
    if let Some(prompt) = prompt.filter(|_| std::io::stdin().is_terminal()) {
        return rpassword::prompt_password(prompt)
            .map_err(|e| anyhow::anyhow!(tr("passphrase.terminal", &[("error", &e)])));
    }
    anyhow::bail!(crate::i18n::t("passphrase.none"))
}
