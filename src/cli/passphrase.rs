//! Where a passphrase comes from — never the command line: the file named by
//! `$RAPPORT_PASSPHRASE_FILE`, the command named by `passphrase_command` in the config, or the
//! terminal without echo.

use crate::config::Config;
use crate::i18n::tr;
use std::io::IsTerminal;

/// Reads the passphrase; `prompt` is shown when it is asked for on the terminal.
pub fn obtain(config: &Config, prompt: &str) -> anyhow::Result<String> {
    if let Some(file) = std::env::var_os("RAPPORT_PASSPHRASE_FILE").filter(|f| !f.is_empty()) {
        let text = std::fs::read_to_string(&file).map_err(|e| {
            anyhow::anyhow!(tr(
                "passphrase.file",
                &[
                    ("path", &std::path::Path::new(&file).display()),
                    ("error", &e)
                ]
            ))
        })?;
        return Ok(text.trim_end_matches(['\n', '\r']).to_string());
    }
    if !config.passphrase_command.trim().is_empty() {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&config.passphrase_command)
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| anyhow::anyhow!(tr("passphrase.command", &[("error", &e)])))?;
        if !out.status.success() {
            anyhow::bail!(tr("passphrase.command", &[("error", &out.status)]));
        }
        let text = String::from_utf8(out.stdout)
            .map_err(|e| anyhow::anyhow!(tr("passphrase.command", &[("error", &e)])))?;
        return Ok(text.trim_end_matches(['\n', '\r']).to_string());
    }
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt)
            .map_err(|e| anyhow::anyhow!(tr("passphrase.terminal", &[("error", &e)])));
    }
    anyhow::bail!(crate::i18n::t("passphrase.none"))
}
